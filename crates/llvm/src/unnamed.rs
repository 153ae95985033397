//! Temporary names for unnamed global values.
//!
//! LLVM allows global variables, functions and aliases without a name (they print as `@0`,
//! `@1`, …); UBSan's source-location records are such globals. Catalase IR refers to globals
//! by name, from lowering (on a copy of the module) to raising (into the user's module). So
//! while the driver works, every unnamed global value gets a unique name, which the copy
//! inherits and raising finds; when the driver is done, [`TemporaryNames`] takes the names
//! away again, and the module's symbols are exactly what they were.

use std::collections::HashSet;

use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMModuleRef, LLVMValueRef};

/// The prefix of the temporary names (LLVM appends a number when a name is taken).
const PREFIX: &str = "__catalase_unnamed";

/// The global values named by [`TemporaryNames::assign`]; dropping it removes the names.
pub struct TemporaryNames {
    module: LLVMModuleRef,
    named: HashSet<LLVMValueRef>,
}

impl TemporaryNames {
    /// Name every unnamed global variable, function, alias and ifunc of `module`.
    ///
    /// # Safety
    /// `module` must be valid and outlive the returned value.
    pub unsafe fn assign(module: LLVMModuleRef) -> TemporaryNames {
        let mut named = HashSet::new();
        for v in global_values(module) {
            if name_of(v).is_empty() {
                LLVMSetValueName2(v, PREFIX.as_ptr().cast(), PREFIX.len());
                named.insert(v);
            }
        }
        TemporaryNames { module, named }
    }
}

impl Drop for TemporaryNames {
    fn drop(&mut self) {
        if self.named.is_empty() {
            return;
        }
        // Walk the module rather than the set: a named value the driver deleted is skipped.
        // SAFETY: `assign`'s caller keeps the module alive; values are taken from it.
        unsafe {
            for v in global_values(self.module) {
                if self.named.contains(&v) && name_of(v).starts_with(PREFIX.as_bytes()) {
                    LLVMSetValueName2(v, c"".as_ptr(), 0);
                }
            }
        }
    }
}

/// The bytes of a value's name (empty when unnamed).
unsafe fn name_of<'a>(v: LLVMValueRef) -> &'a [u8] {
    let mut len = 0usize;
    let p = LLVMGetValueName2(v, &mut len);
    if p.is_null() {
        return &[];
    }
    std::slice::from_raw_parts(p.cast(), len)
}

/// Every global variable, function, alias and ifunc of `module`.
unsafe fn global_values(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut out = Vec::new();
    let lists: [(unsafe extern "C" fn(LLVMModuleRef) -> LLVMValueRef, unsafe extern "C" fn(LLVMValueRef) -> LLVMValueRef); 4] = [
        (LLVMGetFirstGlobal, LLVMGetNextGlobal),
        (LLVMGetFirstFunction, LLVMGetNextFunction),
        (LLVMGetFirstGlobalAlias, LLVMGetNextGlobalAlias),
        (LLVMGetFirstGlobalIFunc, LLVMGetNextGlobalIFunc),
    ];
    for (first, next) in lists {
        let mut v = first(module);
        while !v.is_null() {
            out.push(v);
            v = next(v);
        }
    }
    out
}
