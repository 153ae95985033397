//! `__enzyme_virtualreverse(f)` (ABI §1): the shadow of a function pointer. Enzyme returns a
//! table of `f`'s augmented forward pass and reverse pass, which a user stores as the shadow of a
//! function-pointer field (a struct's `fn` member, a vtable slot) before differentiating code that
//! calls through it.
//!
//! Catalase never calls through a shadow function pointer: both modes dispatch an indirect call
//! on the *primal* pointer, comparing it with every address-taken function and calling that
//! function's derivative (`catalase_ad::env`). So the value only has to be a valid, non-null
//! pointer that is not `f` itself (a data pointer equal to its primal would read as one standing
//! in for its own shadow). Each call becomes the address of a private constant, one per
//! function: `@__catalase_virtualreverse.<f> = [1 x ptr] [ptr @f]`, which also keeps `f`, and so
//! its derivative's dispatch, alive. The declaration is deleted.

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::markers::ll;

/// The name (a substring of the declared name) of the entry point.
pub const KEY: &str = "__enzyme_virtualreverse";

/// Rewrite every call of the entry point in `module`.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn lower(module: LLVMModuleRef) -> Result<(), Vec<Diagnostic>> {
    crate::call_inactive::rewrite_each_call(module, KEY, |site| rewrite(module, site))
}

unsafe fn rewrite(module: LLVMModuleRef, site: LLVMValueRef) -> Result<(), Diagnostic> {
    let fail = |kind, message: String, help: &str| {
        Diagnostic::error(kind, message)
            .in_function(ll::name(ll::parent_function(site)))
            .at_inst(ll::print_value(site))
            .at_loc(ll::call_site_loc(site))
            .with_help(help)
    };
    let args = ll::call_args(site);
    let Some(target) = args.first().and_then(|&a| ll::resolve_function(a)) else {
        return Err(fail(
            DiagKind::NoFunction,
            format!("the argument of `{KEY}` must be a function known at compile time"),
            "pass the function itself: __enzyme_virtualreverse((void *)f)",
        ));
    };
    if args.len() != 1 {
        return Err(fail(
            DiagKind::CallingError,
            format!("`{KEY}` takes one argument, the function; this call passes {}", args.len()),
            "pass only the function: __enzyme_virtualreverse((void *)f)",
        ));
    }
    let used = !LLVMGetFirstUse(site).is_null();
    let ty = ll::type_of(site);
    if used && LLVMGetTypeKind(ty) != llvm_sys::LLVMTypeKind::LLVMPointerTypeKind {
        return Err(fail(
            DiagKind::CallingError,
            format!("`{KEY}` is declared to return {}, not a pointer", ll::print_type(ty)),
            "declare it as `void *__enzyme_virtualreverse(void *)`",
        ));
    }
    let invoke = !LLVMIsAInvokeInst(site).is_null();
    if invoke && !LLVMIsAPHINode(LLVMGetFirstInstruction(LLVMGetUnwindDest(site))).is_null() {
        return Err(fail(
            DiagKind::Unsupported,
            format!("`{KEY}` called with `invoke` whose landing pad merges values is not supported"),
            "declare `__enzyme_virtualreverse` noexcept (`extern \"C\" void *__enzyme_virtualreverse(void *) noexcept;`)",
        ));
    }
    if used {
        LLVMReplaceAllUsesWith(site, table(module, target));
    }
    if invoke {
        let builder = LLVMCreateBuilderInContext(LLVMGetModuleContext(module));
        LLVMPositionBuilderBefore(builder, site);
        LLVMBuildBr(builder, LLVMGetNormalDest(site));
        LLVMDisposeBuilder(builder);
    }
    LLVMInstructionEraseFromParent(site);
    Ok(())
}

/// The private constant standing for `f`'s shadow, made on first use.
unsafe fn table(module: LLVMModuleRef, f: LLVMValueRef) -> LLVMValueRef {
    let name = std::ffi::CString::new(format!("__catalase_virtualreverse.{}", ll::name(f))).unwrap_or_default();
    let existing = LLVMGetNamedGlobal(module, name.as_ptr());
    if !existing.is_null() {
        return existing;
    }
    let ptr = ll::type_of(f);
    let array = LLVMArrayType2(ptr, 1);
    let global = LLVMAddGlobal(module, array, name.as_ptr());
    let mut elems = [f];
    LLVMSetInitializer(global, LLVMConstArray2(ptr, elems.as_mut_ptr(), 1));
    LLVMSetGlobalConstant(global, 1);
    LLVMSetLinkage(global, llvm_sys::LLVMLinkage::LLVMPrivateLinkage);
    LLVMSetAlignment(global, 8);
    global
}
