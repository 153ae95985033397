//! Inlining the derivatives that marker calls were rewritten to. The optimizer that runs after
//! Catalase inlines by its cost model, which keeps a large function that is called from two or
//! more places as a call. That is the usual shape of a Jacobian built by columns or rows: clang
//! unrolls the caller's loop over seed directions or residual rows before Catalase runs, so one
//! marker call in a loop becomes several calls of one derivative. As a call, the derivative sees
//! neither the caller's constant seeds nor its lane pointers' common base, and each of its lanes
//! is a separate gather (bundle adjustment's width-8 forward derivative ran 35% more
//! instructions than the same code inlined into its two call sites).
//!
//! An entry derivative (the function a marker call now calls) is marked `alwaysinline` when
//! every use is a direct call from another function, there are two or more, and its size times
//! its calls stays within [`BUDGET`] instructions, so the code growth is bounded. A derivative
//! with one call is left to the inliner, which already gives a function's last call a large
//! bonus; so is one marked `noinline` or `optnone`, or a larger one.

use std::ffi::CString;

use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMModuleRef, LLVMValueRef};
use llvm_sys::LLVMAttributeFunctionIndex;

use crate::attrs::kind_of;

/// Instructions of an entry derivative times its call sites, at most, for `alwaysinline`.
pub const BUDGET: usize = 8_000;

/// Mark each entry derivative named in `entries` `alwaysinline` where [`should_inline`] says so.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn mark_entries(module: LLVMModuleRef, entries: &[String]) {
    let Some(always) = kind_of("alwaysinline") else { return };
    let ctx = LLVMGetModuleContext(module);
    for name in entries {
        let Ok(cname) = CString::new(name.as_str()) else { continue };
        let f = LLVMGetNamedFunction(module, cname.as_ptr());
        if f.is_null() || LLVMCountBasicBlocks(f) == 0 || has_attr(f, "noinline") || has_attr(f, "optnone") {
            continue;
        }
        let Some(calls) = direct_calls(f) else { continue };
        if should_inline(instruction_count(f), calls) && !has_attr(f, "alwaysinline") {
            LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, always, 0));
        }
    }
}

/// Whether a derivative of `size` instructions called from `calls` places is inlined into all.
pub fn should_inline(size: usize, calls: usize) -> bool {
    calls >= 2 && size.saturating_mul(calls) <= BUDGET
}

unsafe fn has_attr(f: LLVMValueRef, name: &str) -> bool {
    kind_of(name).is_some_and(|k| !LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, k).is_null())
}

/// The number of direct calls of `f` from other functions; `None` when `f` is used otherwise
/// (its address taken, or a call from itself: inlining could not remove it), or when a caller
/// is compiled for another target (a derivative of a `target("avx2")` kernel holds AVX code
/// that a baseline `main` cannot hold: the backend stops on it).
unsafe fn direct_calls(f: LLVMValueRef) -> Option<usize> {
    let mut calls = 0;
    let mut u = LLVMGetFirstUse(f);
    while !u.is_null() {
        let user = LLVMGetUser(u);
        let is_call = !LLVMIsACallInst(user).is_null() && LLVMGetCalledValue(user) == f;
        if !is_call {
            return None;
        }
        let caller = LLVMGetBasicBlockParent(LLVMGetInstructionParent(user));
        if caller == f || !same_target(caller, f) {
            return None;
        }
        calls += 1;
        u = LLVMGetNextUse(u);
    }
    Some(calls)
}

/// Whether `a` and `b` carry the same target attributes (both none counts as the same).
unsafe fn same_target(a: LLVMValueRef, b: LLVMValueRef) -> bool {
    ["target-cpu", "target-features", "tune-cpu"].iter().all(|name| string_attr(a, name) == string_attr(b, name))
}

unsafe fn string_attr(f: LLVMValueRef, name: &str) -> Option<String> {
    let a = LLVMGetStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, name.as_ptr().cast(), name.len() as u32);
    if a.is_null() {
        return None;
    }
    let mut len = 0u32;
    let v = LLVMGetStringAttributeValue(a, &mut len);
    Some(if v.is_null() { String::new() } else { String::from_utf8_lossy(std::slice::from_raw_parts(v.cast(), len as usize)).into_owned() })
}

unsafe fn instruction_count(f: LLVMValueRef) -> usize {
    let mut n = 0;
    let mut b = LLVMGetFirstBasicBlock(f);
    while !b.is_null() {
        let mut i = LLVMGetFirstInstruction(b);
        while !i.is_null() {
            n += 1;
            i = LLVMGetNextInstruction(i);
        }
        b = LLVMGetNextBasicBlock(b);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_bounds_size_times_calls_and_a_single_call_is_left_to_the_inliner() {
        assert!(should_inline(1728, 2));
        assert!(should_inline(BUDGET / 4, 4));
        assert!(!should_inline(BUDGET / 2 + 1, 2));
        assert!(!should_inline(10, 1));
        assert!(!should_inline(10, 0));
        assert!(!should_inline(usize::MAX, 2));
    }
}
