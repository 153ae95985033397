//! The x86 scalar min/max intrinsics written out before lowering (ABI §7.2, "x86 SSE min/max").
//! `llvm.x86.sse2.min.sd(a, b)` is `a` with lane 0 replaced by `a0 < b0 ? a0 : b0` (ties and NaN
//! give `b0`), `max.sd` by `a0 > b0 ? a0 : b0`, and `sse.min.ss`/`max.ss` the same on floats:
//! the packed rows' rule (`rules/intrinsics.rs`) holds for lane 0 only, the upper lanes are `a`'s.
//! Written as extract / fcmp / select / insert in the module copy that is lowered, the call is
//! differentiated as those instructions; the values are the same bits the instruction gives.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMRealPredicate;

use crate::markers::ll;

/// Rewrite every call of the four scalar min/max intrinsics in the defined functions of `module`.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn expand(module: LLVMModuleRef) {
    let mut sites = Vec::new();
    for f in ll::functions(module) {
        let mut bb = LLVMGetFirstBasicBlock(f);
        while !bb.is_null() {
            let mut inst = LLVMGetFirstInstruction(bb);
            while !inst.is_null() {
                if !LLVMIsACallInst(inst).is_null() {
                    let callee = LLVMGetCalledValue(inst);
                    if !LLVMIsAFunction(callee).is_null() {
                        if let Some(pred) = predicate(&ll::name(callee)) {
                            sites.push((inst, pred));
                        }
                    }
                }
                inst = LLVMGetNextInstruction(inst);
            }
            bb = LLVMGetNextBasicBlock(bb);
        }
    }
    if sites.is_empty() {
        return;
    }
    let ctx = LLVMGetModuleContext(module);
    let builder = LLVMCreateBuilderInContext(ctx);
    let zero = LLVMConstInt(LLVMInt32TypeInContext(ctx), 0, 0);
    for (call, pred) in sites {
        LLVMPositionBuilderBefore(builder, call);
        let (a, b) = (LLVMGetOperand(call, 0), LLVMGetOperand(call, 1));
        let a0 = LLVMBuildExtractElement(builder, a, zero, c"".as_ptr());
        let b0 = LLVMBuildExtractElement(builder, b, zero, c"".as_ptr());
        let pick_a = LLVMBuildFCmp(builder, pred, a0, b0, c"".as_ptr());
        let lane = LLVMBuildSelect(builder, pick_a, a0, b0, c"".as_ptr());
        let r = LLVMBuildInsertElement(builder, a, lane, zero, c"".as_ptr());
        LLVMReplaceAllUsesWith(call, r);
        LLVMInstructionEraseFromParent(call);
    }
    LLVMDisposeBuilder(builder);
}

/// The comparison that picks the first operand's lane 0, for the four intrinsics.
fn predicate(name: &str) -> Option<LLVMRealPredicate> {
    match name {
        "llvm.x86.sse2.min.sd" | "llvm.x86.sse.min.ss" => Some(LLVMRealPredicate::LLVMRealOLT),
        "llvm.x86.sse2.max.sd" | "llvm.x86.sse.max.ss" => Some(LLVMRealPredicate::LLVMRealOGT),
        _ => None,
    }
}
