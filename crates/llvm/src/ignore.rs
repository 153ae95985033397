//! `__enzyme_ignore_derivatives(x)` (ABI §1): the identity, through which no derivative flows.
//!
//! The user only declares it (any name containing the key, any type whose result is the first
//! parameter's). Before differentiation [`mark`] gives its declarations the `enzyme_inactive`
//! attribute, so that a derivative keeps the call as a primal call whose result is inactive, and
//! says that it touches no memory. After differentiation [`erase`] replaces every call, in the
//! user's code and in the derivatives alike, by its first argument and deletes the declaration,
//! so the program never calls (or links against) a function that does not exist.
//!
//! `__enzyme_iter(n, step)` is the same identity with one difference, Enzyme's: each time a
//! function holding a call of it is differentiated, the copies of that call in the derivative
//! get `n + step` for `n` ([`step_iters`]), so a series summed to `__enzyme_iter(12, 1)` terms
//! keeps its order through every derivative taken of it (nested derivatives add one per level).
//! The user's own calls, never differentiated, keep `n`.
//!
//! The type hints `__enzyme_float`, `__enzyme_double`, `__enzyme_integer` and `__enzyme_pointer`
//! (`(ptr [, bytes])`, returning nothing) are handled the same way: inactive while Catalase
//! differentiates (its type analysis does not need them), their calls deleted afterwards.

use std::ffi::CString;

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::markers::ll;

/// The name (a substring of the declared name) of the helper.
pub const KEY: &str = "__enzyme_ignore_derivatives";

/// The name (a substring of the declared name) of the iteration-count helper.
pub const ITER: &str = "__enzyme_iter";

/// The type hints (names containing one of these, returning void).
const HINTS: [&str; 4] = ["__enzyme_float", "__enzyme_double", "__enzyme_integer", "__enzyme_pointer"];

/// The module's declarations of the helper whose result has their first parameter's type, and
/// of the type hints that return nothing.
unsafe fn declarations(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    ll::functions(module)
        .into_iter()
        .filter(|&f| LLVMIsDeclaration(f) != 0)
        .filter(|&f| {
            let name = ll::name(f);
            let fty = ll::function_type(f);
            let ret = LLVMGetReturnType(fty);
            let n = LLVMCountParamTypes(fty) as usize;
            let mut params = vec![std::ptr::null_mut(); n];
            LLVMGetParamTypes(fty, params.as_mut_ptr());
            if name.contains(KEY) {
                params.first() == Some(&ret)
            } else if name.contains(ITER) {
                n == 2 && params.iter().all(|&p| p == ret) && ll::is_integer(ret)
            } else {
                HINTS.iter().any(|h| name.contains(h)) && ll::is_void(ret) && params.first().is_some_and(|&p| ll::is_pointer(p))
            }
        })
        .collect()
}

/// Whether `module` declares the helper.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn present(module: LLVMModuleRef) -> bool {
    !declarations(module).is_empty()
}

/// Mark the helper's declarations inactive, touching no memory, not unwinding and returning.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn mark(module: LLVMModuleRef) {
    let ctx = LLVMGetModuleContext(module);
    let (key, value) = (c"enzyme_inactive", c"");
    for f in declarations(module) {
        let inactive = LLVMCreateStringAttribute(ctx, key.as_ptr(), key.to_bytes().len() as u32, value.as_ptr(), 0);
        LLVMAddAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, inactive);
        for (word, val) in [("nounwind", 0u64), ("willreturn", 0), ("memory", 0)] {
            let name = CString::new(word).expect("no NUL");
            let kind = LLVMGetEnumAttributeKindForName(name.as_ptr(), word.len());
            if kind != 0 {
                LLVMAddAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, kind, val));
            }
        }
    }
}

/// Replace every call (or invoke) of the helper by its first argument (delete those of the type
/// hints); delete the declarations left without uses.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn erase(module: LLVMModuleRef) {
    for f in declarations(module) {
        let mut sites = std::collections::HashSet::new();
        ll::collect_calls_of(f, &mut sites, 0);
        for site in sites {
            if LLVMGetNumArgOperands(site) == 0 {
                continue;
            }
            let arg = LLVMGetOperand(site, 0);
            if ll::is_void(LLVMTypeOf(site)) {
                // a type hint: no result
            } else if LLVMTypeOf(arg) == LLVMTypeOf(site) {
                LLVMReplaceAllUsesWith(site, arg);
            } else {
                continue;
            }
            if ll::is_invoke(site) {
                let builder = LLVMCreateBuilderInContext(LLVMGetModuleContext(module));
                LLVMPositionBuilderBefore(builder, site);
                LLVMBuildBr(builder, LLVMGetNormalDest(site));
                LLVMDisposeBuilder(builder);
            }
            LLVMInstructionEraseFromParent(site);
        }
        if LLVMGetFirstUse(f).is_null() {
            LLVMDeleteFunction(f);
        }
    }
}

/// In the functions of `module` that are not in `before` (the derivatives a round made), make
/// every call `__enzyme_iter(n, step)` a call `__enzyme_iter(n + step, step)`.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn step_iters(module: LLVMModuleRef, before: &std::collections::HashSet<LLVMValueRef>) {
    let iters: Vec<LLVMValueRef> =
        declarations(module).into_iter().filter(|&f| ll::name(f).contains(ITER)).collect();
    if iters.is_empty() {
        return;
    }
    let builder = LLVMCreateBuilderInContext(LLVMGetModuleContext(module));
    for f in iters {
        let mut sites = std::collections::HashSet::new();
        ll::collect_calls_of(f, &mut sites, 0);
        let mut sites: Vec<LLVMValueRef> = sites.into_iter().collect();
        sites.retain(|&site| !before.contains(&ll::parent_function(site)) && LLVMGetNumArgOperands(site) == 2);
        for site in sites {
            LLVMPositionBuilderBefore(builder, site);
            let (n, step) = (LLVMGetOperand(site, 0), LLVMGetOperand(site, 1));
            let stepped = LLVMBuildAdd(builder, n, step, c"".as_ptr());
            LLVMSetOperand(site, 0, stepped);
        }
    }
    LLVMDisposeBuilder(builder);
}
