//! `__enzyme_call_inactive(fn, args...)` (ABI §1): a call of `fn(args...)` through which no
//! derivative flows. Before anything is differentiated, each such call becomes a direct call (or
//! invoke) of `fn` carrying the call-site attribute `enzyme_inactive`, which both modes honour
//! (`catalase_ad::calls`): its result is inactive and it is run as a primal call. The declaration
//! is deleted, so nothing links against a function that does not exist.

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::markers::ll;

/// The name (a substring of the declared name) of the helper.
pub const KEY: &str = "__enzyme_call_inactive";

/// Rewrite every call of the helper in `module`.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn lower(module: LLVMModuleRef) -> Result<(), Vec<Diagnostic>> {
    rewrite_each_call(module, KEY, |site| rewrite(site))
}

/// Rewrite every call of each bodiless function of `module` whose name contains `key` with
/// `rewrite` (which replaces and erases the call), in a stable order; the declarations left
/// without a use are deleted. All the errors are returned together.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub(crate) unsafe fn rewrite_each_call(
    module: LLVMModuleRef,
    key: &str,
    mut rewrite: impl FnMut(LLVMValueRef) -> Result<(), Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let helpers: Vec<LLVMValueRef> =
        ll::functions(module).into_iter().filter(|&f| LLVMIsDeclaration(f) != 0 && ll::name(f).contains(key)).collect();
    let mut errors = Vec::new();
    for helper in helpers {
        let mut sites = std::collections::HashSet::new();
        ll::collect_calls_of(helper, &mut sites, 0);
        let mut sites: Vec<LLVMValueRef> = sites.into_iter().collect();
        sites.sort_by_key(|&s| ll::print_value(s));
        for site in sites {
            if let Err(e) = rewrite(site) {
                errors.push(e);
            }
        }
        if errors.is_empty() && LLVMGetFirstUse(helper).is_null() {
            LLVMDeleteFunction(helper);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

unsafe fn rewrite(site: LLVMValueRef) -> Result<(), Diagnostic> {
    let fail = |message: String, help: &str| {
        Diagnostic::error(DiagKind::CallingError, message)
            .in_function(ll::name(ll::parent_function(site)))
            .at_inst(ll::print_value(site))
            .at_loc(ll::call_site_loc(site))
            .with_help(help)
    };
    let args = ll::call_args(site);
    let Some(target) = args.first().and_then(|&a| ll::resolve_function(a)) else {
        return Err(fail(
            format!("the first argument of `{KEY}` must be the function to call"),
            "pass the function itself: __enzyme_call_inactive((void *)f, args...)",
        ));
    };
    let fty = ll::function_type(target);
    let n = LLVMCountParamTypes(fty) as usize;
    let mut params = vec![std::ptr::null_mut(); n];
    LLVMGetParamTypes(fty, params.as_mut_ptr());
    let rest = &args[1..];
    let variadic = LLVMIsFunctionVarArg(fty) != 0;
    if rest.len() < n || (rest.len() > n && !variadic) {
        return Err(fail(
            format!("`{KEY}` passes {} arguments to `{}`, which takes {n}", rest.len(), ll::name(target)),
            "pass exactly the function's arguments after it",
        ));
    }
    for (k, (&a, &p)) in rest.iter().zip(&params).enumerate() {
        if ll::type_of(a) != p {
            return Err(fail(
                format!(
                    "argument {k} of `{KEY}` has type {}, but `{}` takes {}",
                    ll::print_type(ll::type_of(a)),
                    ll::name(target),
                    ll::print_type(p)
                ),
                "pass values of the parameters' types (a float through `...` arrives as a double: cast the declaration of the helper instead)",
            ));
        }
    }
    let ret = LLVMGetReturnType(fty);
    let used = !LLVMGetFirstUse(site).is_null();
    if used && ll::type_of(site) != ret {
        return Err(fail(
            format!(
                "`{KEY}` is declared to return {}, but `{}` returns {}",
                ll::print_type(ll::type_of(site)),
                ll::name(target),
                ll::print_type(ret)
            ),
            "declare the helper with the function's return type",
        ));
    }
    let ctx = LLVMGetTypeContext(fty);
    let builder = LLVMCreateBuilderInContext(ctx);
    LLVMPositionBuilderBefore(builder, site);
    let mut call_args: Vec<LLVMValueRef> = rest.to_vec();
    let count = call_args.len() as u32;
    let new = if !LLVMIsAInvokeInst(site).is_null() {
        let (normal, unwind) = (LLVMGetNormalDest(site), LLVMGetUnwindDest(site));
        LLVMBuildInvoke2(builder, fty, target, call_args.as_mut_ptr(), count, normal, unwind, c"".as_ptr())
    } else {
        LLVMBuildCall2(builder, fty, target, call_args.as_mut_ptr(), count, c"".as_ptr())
    };
    LLVMDisposeBuilder(builder);
    let (key, value) = (c"enzyme_inactive", c"");
    let inactive = LLVMCreateStringAttribute(ctx, key.as_ptr(), key.to_bytes().len() as u32, value.as_ptr(), 0);
    LLVMAddCallSiteAttribute(new, llvm_sys::LLVMAttributeFunctionIndex, inactive);
    if used {
        LLVMReplaceAllUsesWith(site, new);
    }
    LLVMInstructionEraseFromParent(site);
    Ok(())
}
