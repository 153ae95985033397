//! Whether a function's body writes only its own stack frame: the driver puts the pseudo
//! attribute `catalase_ir::inst::STACK_ONLY_ATTR` on the declaration that replaces the body of
//! a function it keeps opaque (one with a user rule). Reverse mode calls such a function once more for its result when
//! the user's augmented function returns nothing (`reverse::custom`): calling it again changes
//! nothing the program sees. Conservative: a store, a copy or a `memset` must reach an `alloca`
//! through `getelementptr`s and casts; the only calls allowed are intrinsics that LLVM marks as
//! touching no memory, `llvm.lifetime.*` and `llvm.dbg.*`, and those copies; anything else
//! (another call, an atomic, an `invoke`) may write.

use std::ffi::CStr;

use llvm_sys::core::*;
use llvm_sys::prelude::LLVMValueRef;
use llvm_sys::{LLVMAttributeFunctionIndex, LLVMOpcode};

/// Whether the defined function `f` writes no memory but its own `alloca`s.
///
/// # Safety
/// `f` is a valid function with a body.
pub(crate) unsafe fn writes_only_stack(f: LLVMValueRef) -> bool {
    let mut bb = LLVMGetFirstBasicBlock(f);
    while !bb.is_null() {
        let mut i = LLVMGetFirstInstruction(bb);
        while !i.is_null() {
            if !inst_writes_only_stack(i) {
                return false;
            }
            i = LLVMGetNextInstruction(i);
        }
        bb = LLVMGetNextBasicBlock(bb);
    }
    true
}

unsafe fn inst_writes_only_stack(i: LLVMValueRef) -> bool {
    use LLVMOpcode::*;
    match LLVMGetInstructionOpcode(i) {
        LLVMStore => on_stack(LLVMGetOperand(i, 1)),
        LLVMAtomicRMW | LLVMAtomicCmpXchg | LLVMFence | LLVMInvoke | LLVMCallBr | LLVMVAArg => false,
        LLVMCall => {
            let callee = LLVMGetCalledValue(i);
            if callee.is_null() || LLVMIsAFunction(callee).is_null() {
                return false;
            }
            let mut len = 0usize;
            let p = LLVMGetValueName2(callee, &mut len);
            let name = if p.is_null() { "" } else { CStr::from_ptr(p).to_str().unwrap_or("") };
            if name.starts_with("llvm.lifetime.") || name.starts_with("llvm.dbg.") {
                return true;
            }
            if ["llvm.memcpy.", "llvm.memmove.", "llvm.memset."].iter().any(|p| name.starts_with(p)) {
                return on_stack(LLVMGetOperand(i, 0));
            }
            name.starts_with("llvm.") && touches_no_memory(callee)
        }
        _ => true,
    }
}

/// `p` is an `alloca`, through `getelementptr`s and casts.
unsafe fn on_stack(mut p: LLVMValueRef) -> bool {
    for _ in 0..64 {
        if !LLVMIsAAllocaInst(p).is_null() {
            return true;
        }
        let through = !LLVMIsAGetElementPtrInst(p).is_null()
            || !LLVMIsABitCastInst(p).is_null()
            || !LLVMIsAAddrSpaceCastInst(p).is_null();
        if !through {
            return false;
        }
        p = LLVMGetOperand(p, 0);
    }
    false
}

/// The function carries `memory(none)`.
unsafe fn touches_no_memory(f: LLVMValueRef) -> bool {
    let name = "memory";
    let kind = LLVMGetEnumAttributeKindForName(name.as_ptr().cast(), name.len());
    let a = LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, kind);
    !a.is_null() && LLVMGetEnumAttributeValue(a) == 0
}
