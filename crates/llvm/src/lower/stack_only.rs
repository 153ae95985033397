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

/// The pointer parameters of the defined function `f` through which its body reads and writes
/// no floating-point values: every use, through `getelementptr`s, casts, `phi`s and `select`s
/// (and, at -O0, the local slot the parameter is kept in), is a load or store of an integer or
/// pointer, or a comparison. Anything else (a call, a float access, storing the pointer
/// elsewhere) keeps a parameter out.
///
/// # Safety
/// `f` is a valid function with a body.
pub(crate) unsafe fn params_without_floats(f: LLVMValueRef) -> Vec<u32> {
    let mut out = Vec::new();
    for k in 0..LLVMCountParams(f) {
        let p = LLVMGetParam(f, k);
        if LLVMGetTypeKind(LLVMTypeOf(p)) != llvm_sys::LLVMTypeKind::LLVMPointerTypeKind {
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        if no_float_uses(p, &mut seen) {
            out.push(k);
        }
    }
    out
}

unsafe fn is_float_type(t: llvm_sys::prelude::LLVMTypeRef) -> bool {
    use llvm_sys::LLVMTypeKind::*;
    match LLVMGetTypeKind(t) {
        LLVMHalfTypeKind | LLVMBFloatTypeKind | LLVMFloatTypeKind | LLVMDoubleTypeKind | LLVMX86_FP80TypeKind
        | LLVMFP128TypeKind | LLVMPPC_FP128TypeKind => true,
        LLVMVectorTypeKind | LLVMArrayTypeKind => is_float_type(LLVMGetElementType(t)),
        LLVMStructTypeKind => (0..LLVMCountStructElementTypes(t)).any(|i| is_float_type(LLVMStructGetTypeAtIndex(t, i))),
        _ => false,
    }
}

/// Every use of the address `v` accesses only integers or pointers (see `params_without_floats`).
unsafe fn no_float_uses(v: LLVMValueRef, seen: &mut std::collections::HashSet<LLVMValueRef>) -> bool {
    use LLVMOpcode::*;
    if !seen.insert(v) || seen.len() > 256 {
        return seen.len() <= 256;
    }
    let mut u = LLVMGetFirstUse(v);
    while !u.is_null() {
        let user = LLVMGetUser(u);
        if LLVMIsAInstruction(user).is_null() {
            return false;
        }
        let ok = match LLVMGetInstructionOpcode(user) {
            LLVMLoad => !is_float_type(LLVMTypeOf(user)) && pointer_result_ok(user, seen),
            LLVMStore => {
                let value = LLVMGetOperand(user, 0);
                if value == v {
                    // Kept in a local slot (-O0): what is loaded back from it is the address again.
                    let slot = LLVMGetOperand(user, 1);
                    !LLVMIsAAllocaInst(slot).is_null() && slot_loads_ok(slot, v, seen)
                } else {
                    !is_float_type(LLVMTypeOf(value))
                }
            }
            LLVMGetElementPtr | LLVMBitCast | LLVMAddrSpaceCast | LLVMPHI | LLVMSelect => no_float_uses(user, seen),
            LLVMICmp | LLVMPtrToInt => true,
            _ => false,
        };
        if !ok {
            return false;
        }
        u = LLVMGetNextUse(u);
    }
    true
}

/// A load of a pointer from the parameter's memory is another address whose pointee is unknown:
/// only a load of a non-pointer is fine (a pointer table handed to a rule stays out).
unsafe fn pointer_result_ok(load: LLVMValueRef, _seen: &mut std::collections::HashSet<LLVMValueRef>) -> bool {
    LLVMGetTypeKind(LLVMTypeOf(load)) != llvm_sys::LLVMTypeKind::LLVMPointerTypeKind
}

/// The slot `slot` holds only `v`: every other use is a load, each of which is an address whose
/// uses must pass as well.
unsafe fn slot_loads_ok(slot: LLVMValueRef, v: LLVMValueRef, seen: &mut std::collections::HashSet<LLVMValueRef>) -> bool {
    let mut u = LLVMGetFirstUse(slot);
    while !u.is_null() {
        let user = LLVMGetUser(u);
        let ok = if !LLVMIsALoadInst(user).is_null() {
            no_float_uses(user, seen)
        } else if !LLVMIsAStoreInst(user).is_null() {
            LLVMGetOperand(user, 0) == v && LLVMGetOperand(user, 1) == slot
        } else {
            LLVMGetInstructionOpcode(user) == LLVMOpcode::LLVMCall && is_lifetime_or_dbg(user)
        };
        if !ok {
            return false;
        }
        u = LLVMGetNextUse(u);
    }
    true
}

unsafe fn is_lifetime_or_dbg(call: LLVMValueRef) -> bool {
    let callee = LLVMGetCalledValue(call);
    if callee.is_null() || LLVMIsAFunction(callee).is_null() {
        return false;
    }
    let mut len = 0usize;
    let p = LLVMGetValueName2(callee, &mut len);
    let name = if p.is_null() { "" } else { CStr::from_ptr(p).to_str().unwrap_or("") };
    name.starts_with("llvm.lifetime.") || name.starts_with("llvm.dbg.")
}
