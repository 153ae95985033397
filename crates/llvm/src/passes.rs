//! Running LLVM's own pass pipelines: the simplification Catalase applies to a scratch copy of
//! the user's code before lowering it, and the optional optimization after differentiation.
//!
//! Pipelines are new-pass-manager strings run through `LLVMRunPasses`, with a target machine for
//! the module's triple when one can be created (so cost models see the real target), else none.

use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::Once;

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::{
    LLVMCloneModule, LLVMGetEnumAttributeKindForName, LLVMGetFirstFunction, LLVMGetNextFunction, LLVMGetTarget,
    LLVMIsDeclaration, LLVMRemoveEnumAttributeAtIndex,
};
use llvm_sys::error::{LLVMDisposeErrorMessage, LLVMGetErrorMessage};
use llvm_sys::prelude::LLVMModuleRef;
use llvm_sys::target::LLVM_InitializeNativeTarget;
use llvm_sys::target_machine::{
    LLVMCodeGenOptLevel, LLVMCodeModel, LLVMCreateTargetMachine, LLVMDisposeTargetMachine, LLVMGetDefaultTargetTriple,
    LLVMGetTargetFromTriple, LLVMRelocMode, LLVMTargetMachineRef, LLVMTargetRef,
};
use llvm_sys::transforms::pass_builder::{LLVMCreatePassBuilderOptions, LLVMDisposePassBuilderOptions, LLVMRunPasses};
use llvm_sys::LLVMAttributeFunctionIndex;

use crate::module_io::{take_message, OwnedModule};

/// The function simplification run on the scratch copy before lowering: promote memory to
/// registers, fold and clean up, then put loops in canonical (simplified, LCSSA) form.
/// Vectorization and unrolling are deliberately absent; they belong after differentiation.
pub const SIMPLIFY_PIPELINE: &str =
    "function(sroa,mem2reg,early-cse,instcombine<no-verify-fixpoint>,simplifycfg,sroa,early-cse,instcombine<no-verify-fixpoint>,loop-simplify,lcssa)";

/// The optimization run over the whole module after differentiation (`--postopt`).
pub const POSTOPT_PIPELINE: &str = "default<O2>";

/// Run a new-pass-manager pipeline over `module`. `Err` holds LLVM's message (for example an
/// unknown pass name).
///
/// # Safety
/// `module` must be a valid module that nothing else uses during the call.
pub unsafe fn run_passes(module: LLVMModuleRef, pipeline: &str) -> Result<(), String> {
    let pipeline_c = CString::new(pipeline).map_err(|_| format!("pipeline `{pipeline}` contains a NUL byte"))?;
    let machine = TargetMachine::for_module(module);
    let options = LLVMCreatePassBuilderOptions();
    let error = LLVMRunPasses(module, pipeline_c.as_ptr(), machine.as_ref().map_or(ptr::null_mut(), |m| m.raw), options);
    LLVMDisposePassBuilderOptions(options);
    drop(machine);
    if error.is_null() {
        return Ok(());
    }
    let message = LLVMGetErrorMessage(error);
    let text = CStr::from_ptr(message).to_string_lossy().into_owned();
    LLVMDisposeErrorMessage(message);
    Err(format!("LLVM pipeline `{pipeline}` failed: {text}"))
}

/// Optimize `module` with `default<O2>` (the CLI's `--postopt`).
///
/// # Safety
/// `module` must be a valid module that nothing else uses during the call.
pub unsafe fn postopt(module: LLVMModuleRef) -> Result<(), String> {
    run_passes(module, POSTOPT_PIPELINE)
}

/// A simplified copy of `module` in the same context: every defined function loses `optnone`
/// and `noinline`, then `SIMPLIFY_PIPELINE` runs. The original module is not touched.
///
/// # Safety
/// `module` must be a valid module whose context outlives `'ctx`.
pub unsafe fn simplified_copy<'ctx>(module: LLVMModuleRef) -> Result<OwnedModule<'ctx>, Diagnostic> {
    let copy = OwnedModule::from_raw(LLVMCloneModule(module));
    drop_optimization_blockers(copy.raw());
    run_passes(copy.raw(), SIMPLIFY_PIPELINE).map_err(|message| {
        Diagnostic::error(DiagKind::Internal, format!("simplifying the copy of the module failed: {message}"))
            .with_help("this is a Catalase bug; please report it with the input module")
    })?;
    Ok(copy)
}

/// Remove the `optnone` and `noinline` function attributes from every function with a body
/// (clang puts both on every function at -O0, which would make the pipeline skip them).
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn drop_optimization_blockers(module: LLVMModuleRef) {
    let kinds: Vec<u32> = ["optnone", "noinline"]
        .iter()
        .map(|name| LLVMGetEnumAttributeKindForName(name.as_ptr().cast::<c_char>(), name.len()))
        .collect();
    let mut function = LLVMGetFirstFunction(module);
    while !function.is_null() {
        if LLVMIsDeclaration(function) == 0 {
            for &kind in &kinds {
                LLVMRemoveEnumAttributeAtIndex(function, LLVMAttributeFunctionIndex, kind);
            }
        }
        function = LLVMGetNextFunction(function);
    }
}

/// A target machine for a module's triple, disposed on drop.
struct TargetMachine {
    raw: LLVMTargetMachineRef,
}

impl TargetMachine {
    /// A generic-CPU machine for the module's triple (or the host's when the module has none);
    /// `None` when the target is not available. Per-function `target-cpu`/`target-features`
    /// attributes still refine it, as in clang.
    unsafe fn for_module(module: LLVMModuleRef) -> Option<TargetMachine> {
        static INIT: Once = Once::new();
        INIT.call_once(|| {
            // A failure only means no native target: pipelines then run without one.
            let _ = LLVM_InitializeNativeTarget();
        });
        let module_triple = LLVMGetTarget(module);
        let triple = if module_triple.is_null() || *module_triple == 0 {
            let default = take_message(LLVMGetDefaultTargetTriple())?;
            CString::new(default).ok()?
        } else {
            CStr::from_ptr(module_triple).to_owned()
        };
        let mut target: LLVMTargetRef = ptr::null_mut();
        let mut error: *mut c_char = ptr::null_mut();
        let failed = LLVMGetTargetFromTriple(triple.as_ptr(), &mut target, &mut error);
        let _ = take_message(error);
        if failed != 0 || target.is_null() {
            return None;
        }
        let raw = LLVMCreateTargetMachine(
            target,
            triple.as_ptr(),
            c"".as_ptr(),
            c"".as_ptr(),
            LLVMCodeGenOptLevel::LLVMCodeGenLevelDefault,
            LLVMRelocMode::LLVMRelocDefault,
            LLVMCodeModel::LLVMCodeModelDefault,
        );
        (!raw.is_null()).then_some(TargetMachine { raw })
    }
}

impl Drop for TargetMachine {
    fn drop(&mut self) {
        // SAFETY: we own the machine.
        unsafe { LLVMDisposeTargetMachine(self.raw) }
    }
}

/// [`postopt`] for a module held by an [`OwnedModule`] (valid and owned while borrowed).
pub fn postopt_owned(module: &OwnedModule<'_>) -> Result<(), String> {
    // SAFETY: an `OwnedModule` is a valid module, owned while borrowed here.
    unsafe { postopt(module.raw()) }
}
