//! Reverse mode differentiates the path on which no exception is thrown: an `invoke`'s unwind
//! edge is not followed (`catalase_ad::reverse`), and the derivative calls the callee without
//! a handler. Where the original code catches an exception (a landing pad with a `catch` or
//! `filter` clause, a C++ `try`/`catch`), an exception thrown while a gradient runs is therefore
//! not caught there but ends the program in `std::terminate`. Catalase says so when it builds the
//! gradient, once per catching call site reachable from a reverse-mode marker call. Landing pads
//! that only clean up (destructors) are not reported: without a catch the exception would have
//! left the function anyway; nor are those that call `std::terminate` (a `noexcept` function's
//! handler), since the program ends there either way.

use std::collections::HashSet;

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::LLVMValueRef;
use llvm_sys::LLVMOpcode;

use crate::markers::{ll, MarkerCall, Mode};

/// One warning per `invoke` with a catching landing pad in a function that a reverse-mode
/// marker call among `calls` differentiates (directly or through calls), not already in `seen`.
///
/// # Safety
/// The calls' instructions and functions must be live in a valid module.
pub unsafe fn caught_exception_warnings(
    calls: &[MarkerCall],
    reachable: impl Fn(LLVMValueRef) -> HashSet<LLVMValueRef>,
    seen: &mut HashSet<LLVMValueRef>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in calls.iter().filter(|c| matches!(c.mode, Mode::Reverse | Mode::AugmentedForward | Mode::ReverseSplit)) {
        let mut functions: Vec<LLVMValueRef> = reachable(c.function).into_iter().collect();
        functions.sort_by_key(|&f| ll::name(f));
        for f in functions {
            for inst in ll::function_instructions(f) {
                if LLVMGetInstructionOpcode(inst) != LLVMOpcode::LLVMInvoke || !catches(inst) || !seen.insert(inst) {
                    continue;
                }
                let message = format!(
                    "`{}` catches exceptions thrown by this call, but reverse mode differentiates the path without \
                     exceptions: if the call throws while the gradient of `{}` runs, the exception is not caught here \
                     and the program ends in std::terminate",
                    ll::name(f),
                    ll::name(c.function)
                );
                let help = "make sure nothing throws on the differentiated path (check arguments before the call), \
                            or use __enzyme_fwddiff, which keeps the handlers";
                out.push(
                    Diagnostic::warning(DiagKind::Unsupported, message)
                        .in_function(ll::name(f))
                        .at_inst(ll::print_value(inst))
                        .at_loc(ll::call_site_loc(inst))
                        .with_help(help),
                );
            }
        }
    }
    out
}

/// Whether the landing pad an `invoke` unwinds to has a `catch` or `filter` clause.
unsafe fn catches(invoke: LLVMValueRef) -> bool {
    let dest = LLVMGetUnwindDest(invoke);
    if dest.is_null() {
        return false;
    }
    let mut inst = LLVMGetFirstInstruction(dest);
    while !inst.is_null() && LLVMGetInstructionOpcode(inst) == LLVMOpcode::LLVMPHI {
        inst = LLVMGetNextInstruction(inst);
    }
    if inst.is_null() || LLVMGetInstructionOpcode(inst) != LLVMOpcode::LLVMLandingPad || LLVMGetNumClauses(inst) == 0 {
        return false;
    }
    !terminates(dest)
}

/// Whether a landing pad's block calls `std::terminate` (clang's `__clang_call_terminate`, what
/// a `noexcept` function's handler does): the exception then ends the program with or without
/// the handler, so the gradient changes nothing.
unsafe fn terminates(pad: llvm_sys::prelude::LLVMBasicBlockRef) -> bool {
    let mut inst = LLVMGetFirstInstruction(pad);
    while !inst.is_null() {
        if LLVMGetInstructionOpcode(inst) == LLVMOpcode::LLVMCall {
            let callee = ll::strip_casts(LLVMGetCalledValue(inst));
            if !LLVMIsAFunction(callee).is_null() && matches!(ll::name(callee).as_str(), "__clang_call_terminate" | "_ZSt9terminatev") {
                return true;
            }
        }
        inst = LLVMGetNextInstruction(inst);
    }
    false
}
