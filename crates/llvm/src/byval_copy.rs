//! `byval` arguments made explicit before lowering. A `byval(T)` pointer argument stands for a
//! copy of `T` made for the call: the callee may write its copy, the caller's object stays as it
//! was. The optimizer relies on that and passes the caller's own object (no copy in the IR), but
//! the generated reverse code calls the callee's augmented and reverse parts with plain pointers
//! (a shadow passed `byval` would be a copy whose gradient goes nowhere): the callee would then
//! write the caller's object and its shadow. So each such argument of a call to a body that may
//! write it is copied into a fresh `alloca` just before the call, as clang does at -O0; the
//! copy's `memcpy` carries the gradient back to the caller's shadow.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::target::{LLVMABIAlignmentOfType, LLVMABISizeOfType, LLVMGetModuleDataLayout};

use crate::markers::ll;

/// Copy every `byval` argument of a call or invoke (in a defined function) whose callee is a
/// defined function that may write the parameter, or an unknown (indirect) one.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn copy_byval_arguments(module: LLVMModuleRef) {
    let ctx = LLVMGetModuleContext(module);
    let layout = LLVMGetModuleDataLayout(module);
    let byval = LLVMGetEnumAttributeKindForName(c"byval".as_ptr(), 5);
    let align = LLVMGetEnumAttributeKindForName(c"align".as_ptr(), 5);
    let read_only = [c"readonly", c"readnone"].map(|n| LLVMGetEnumAttributeKindForName(n.as_ptr(), n.to_bytes().len()));
    let i64t = LLVMInt64TypeInContext(ctx);
    let builder = LLVMCreateBuilderInContext(ctx);
    let mut sites = Vec::new();
    let mut f = LLVMGetFirstFunction(module);
    while !f.is_null() {
        let mut bb = LLVMGetFirstBasicBlock(f);
        while !bb.is_null() {
            let mut inst = LLVMGetFirstInstruction(bb);
            while !inst.is_null() {
                if !LLVMIsACallInst(inst).is_null() || !LLVMIsAInvokeInst(inst).is_null() {
                    sites.push(inst);
                }
                inst = LLVMGetNextInstruction(inst);
            }
            bb = LLVMGetNextBasicBlock(bb);
        }
        f = LLVMGetNextFunction(f);
    }
    for call in sites {
        let callee = ll::strip_casts(LLVMGetCalledValue(call));
        let known = if LLVMIsAFunction(callee).is_null() { None } else { Some(callee) };
        if known.is_some_and(|c| LLVMIsDeclaration(c) != 0) {
            continue;
        }
        for i in 0..LLVMGetNumArgOperands(call) {
            let attr = LLVMGetCallSiteEnumAttribute(call, i + 1, byval);
            if attr.is_null() {
                continue;
            }
            if let Some(c) = known {
                let writes = i < LLVMCountParams(c)
                    && read_only.iter().all(|k| LLVMGetEnumAttributeAtIndex(c, i + 1, *k).is_null());
                if !writes {
                    continue;
                }
            }
            let ty = LLVMGetTypeAttributeValue(attr);
            let at = LLVMGetCallSiteEnumAttribute(call, i + 1, align);
            let want = if at.is_null() { 1 } else { LLVMGetEnumAttributeValue(at) as u32 };
            let bytes = LLVMABISizeOfType(layout, ty);
            let alignment = want.max(LLVMABIAlignmentOfType(layout, ty));
            let copy = ll::entry_alloca(call, ty);
            LLVMSetValueName2(copy, c"catalase.byval".as_ptr(), 14);
            LLVMSetAlignment(copy, alignment);
            LLVMPositionBuilderBefore(builder, call);
            let arg = LLVMGetOperand(call, i);
            LLVMBuildMemCpy(builder, copy, alignment, arg, want, LLVMConstInt(i64t, bytes, 0));
            LLVMSetOperand(call, i, copy);
        }
    }
    LLVMDisposeBuilder(builder);
}
