//! A function with a user rule handed to a marker call itself (`__enzyme_autodiff((void*)f, …)`
//! where `f` has a `__enzyme_register_gradient_f`): the marker call differentiates a thunk that
//! calls `f`, so the rule serves it exactly as it serves a call inside differentiated code, in
//! every mode (Enzyme consults a function's rule before its body at the top level too). As
//! inside differentiated code, a registered function's body is never differentiated: a mode
//! without a rule is the same error there as for a call (a forward rule alone in reverse mode).

use std::collections::HashMap;

use catalase_ir::diag::Diagnostic;
use std::ffi::CString;

use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMModuleRef, LLVMValueRef};

use crate::markers::{ll, MarkerCall};
use crate::registry::Registry;

/// Point each call in `calls` whose function has a rule for its mode at that function's thunk
/// (made once per function, kept in `thunks`).
///
/// # Safety
/// `module` is live and holds every call's function.
pub unsafe fn use_rules_at_top(module: LLVMModuleRef, registry: &Registry, calls: &mut [MarkerCall], thunks: &mut HashMap<String, LLVMValueRef>) {
    for c in calls.iter_mut() {
        let name = ll::name(c.function);
        let ruled = registry.derivatives.contains_key(&name) || registry.gradients.contains_key(&name);
        if !ruled && !registry.function_like.contains_key(&name) {
            continue;
        }
        // SAFETY: the caller's contract.
        c.function = *thunks.entry(name).or_insert_with(|| unsafe { thunk(module, c.function) });
    }
}

/// The prefix of a thunk's name: `__catalase_ruled_f` calls `f`.
const PREFIX: &str = "__catalase_ruled_";

/// The thunk of `f`, made once and kept in `thunks`: what an indirect call that may reach `f`
/// differentiates in its place (see `Environment::indirect_addresses`).
///
/// # Safety
/// `module` is live and holds `f`.
pub unsafe fn thunk_of(module: LLVMModuleRef, f: LLVMValueRef, thunks: &mut HashMap<String, LLVMValueRef>) -> LLVMValueRef {
    // SAFETY: the caller's contract.
    *thunks.entry(ll::name(f)).or_insert_with(|| unsafe { thunk(module, f) })
}

/// `d`, raised while differentiating `target` for a marker call, in the user's words: a thunk
/// is named by the function it calls, and an instruction of the thunk's (its one call) is no
/// instruction of the user's: the diagnostic forgets it, so that the marker call takes its place.
pub fn at_call(mut d: Diagnostic, target: &str) -> Diagnostic {
    if target.starts_with(PREFIX) && d.function.as_deref() == Some(target) {
        (d.function, d.instruction, d.loc) = (None, None, None);
    }
    user_names(d)
}

/// `d` with every thunk's name replaced by its function's.
pub fn user_names(mut d: Diagnostic) -> Diagnostic {
    let fix = |s: &mut String| {
        if s.contains(PREFIX) {
            *s = s.replace(PREFIX, "");
        }
    };
    fix(&mut d.message);
    for s in [&mut d.function, &mut d.instruction, &mut d.help].into_iter().flatten() {
        fix(s);
    }
    d
}

/// `define internal T @__catalase_ruled_f(params) { ret T f(params) }`, with `f`'s parameter
/// attributes (`byval`, `sret`, …) on the thunk's parameters and on the call.
unsafe fn thunk(module: LLVMModuleRef, f: LLVMValueRef) -> LLVMValueRef {
    let name = CString::new(format!("{PREFIX}{}", ll::name(f))).expect("function names have no NUL");
    // SAFETY: building a new function with `f`'s type in `f`'s module; attributes are read from
    // `f` (indices 1..=n are its parameters) and added to values of the same context.
    unsafe {
        let fty = LLVMGlobalGetValueType(f);
        let t = LLVMAddFunction(module, name.as_ptr(), fty);
        LLVMSetLinkage(t, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
        LLVMSetFunctionCallConv(t, LLVMGetFunctionCallConv(f));
        let ctx = LLVMGetModuleContext(module);
        let entry = LLVMAppendBasicBlockInContext(ctx, t, c"entry".as_ptr());
        let b = LLVMCreateBuilderInContext(ctx);
        LLVMPositionBuilderAtEnd(b, entry);
        let n = LLVMCountParams(t);
        let mut args: Vec<LLVMValueRef> = (0..n).map(|i| LLVMGetParam(t, i)).collect();
        let call = LLVMBuildCall2(b, fty, f, args.as_mut_ptr(), n, c"".as_ptr());
        LLVMSetInstructionCallConv(call, LLVMGetFunctionCallConv(f));
        for index in 1..=n {
            let count = LLVMGetAttributeCountAtIndex(f, index);
            let mut attrs = vec![std::ptr::null_mut(); count as usize];
            LLVMGetAttributesAtIndex(f, index, attrs.as_mut_ptr());
            for a in attrs {
                LLVMAddAttributeAtIndex(t, index, a);
                LLVMAddCallSiteAttribute(call, index, a);
            }
        }
        if ll::is_void(LLVMGetReturnType(fty)) {
            LLVMBuildRetVoid(b);
        } else {
            LLVMBuildRet(b, call);
        }
        LLVMDisposeBuilder(b);
        t
    }
}
