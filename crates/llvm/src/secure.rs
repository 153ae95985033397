//! What the plugin secures before LLVM's optimizer runs, so that it can differentiate
//! optimized code afterwards (the order the CLI route and Enzyme use: optimize, differentiate,
//! optimize).
//!
//! Marker calls survive optimization by themselves (the markers are external declarations, and
//! a marker call keeps its function operand alive). What does not survive: a function that
//! carries a user rule, a function-like mapping or an inactive marking would be inlined into
//! its callers (the rule is then never applied), or have its signature changed or be deleted
//! when it is internal; the registration globals and the globals marked inactive could be
//! deleted or folded when internal. [`secure`] therefore
//! - puts `noinline` on each such function that has a body (and records that it did, with the
//!   string attribute `catalase-secured`), and
//! - makes one internal global `@catalase.secured` that points at every function and global a
//!   registration names, and adds it to `llvm.used`: everything it points at stays alive, and a
//!   non-call use keeps IPO from changing a signature.
//!
//! [`release`] undoes both once the markers are rewritten (the driver calls it before erasing
//! the registrations), so the rest of the pipeline may inline the rule-carrying functions into
//! ordinary code again. Both are idempotent. A module that registers rules but has no marker
//! call keeps the protection (its markers may arrive at link time, under LTO): its ruled
//! functions then stay `noinline`, a cost in speed only.

use std::collections::HashSet;
use std::ffi::CString;

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMAttributeFunctionIndex, LLVMLinkage};

use crate::markers::ll;
use crate::registry::{self, Registry};

/// Name of the global that holds what [`secure`] keeps alive.
const SECURED: &std::ffi::CStr = c"catalase.secured";
/// String attribute on each function to which [`secure`] added `noinline`.
const SECURED_ATTR: &str = "catalase-secured";

/// Keep what a later differentiation needs through optimization (see the module docs).
/// Returns the number of functions and globals secured. Malformed registrations are left for
/// the differentiating pass to report.
///
/// # Safety
/// `module` must be a valid module that the caller owns for the duration of the call.
pub unsafe fn secure(module: LLVMModuleRef) -> usize {
    if !LLVMGetNamedGlobal(module, SECURED.as_ptr()).is_null() {
        return 0;
    }
    let Ok(reg) = registry::read_registrations(module) else { return 0 };
    let mut kept: Vec<LLVMValueRef> = Vec::new();
    let mut seen: HashSet<LLVMValueRef> = HashSet::new();
    let mut keep = |v: LLVMValueRef| {
        if !v.is_null() && seen.insert(v) {
            kept.push(v);
        }
    };
    for name in ruled_functions(&reg) {
        let f = named_function(module, name);
        if f.is_null() {
            continue;
        }
        add_noinline(f);
        keep(f);
    }
    for name in rule_functions(&reg) {
        keep(named_function(module, name));
    }
    for name in &reg.inactive_globals {
        keep(named_global(module, name));
    }
    for g in ll::globals(module) {
        if registry::is_registration(g) {
            keep(g);
        }
    }
    if kept.is_empty() {
        return 0;
    }
    let ctx = LLVMGetModuleContext(module);
    let ptr_ty = LLVMPointerTypeInContext(ctx, 0);
    let mut items = kept.clone();
    let array = LLVMConstArray2(ptr_ty, items.as_mut_ptr(), items.len() as u64);
    let holder = LLVMAddGlobal(module, LLVMTypeOf(array), SECURED.as_ptr());
    LLVMSetInitializer(holder, array);
    LLVMSetLinkage(holder, LLVMLinkage::LLVMPrivateLinkage);
    LLVMSetGlobalConstant(holder, 1);
    append_to_used(module, holder);
    kept.len()
}

/// Whether [`secure`] ran on `module` (the plugin route) and was not yet released.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn is_secured(module: LLVMModuleRef) -> bool {
    !LLVMGetNamedGlobal(module, SECURED.as_ptr()).is_null()
}

/// Undo [`secure`]: drop `@catalase.secured` and the `noinline` it added.
///
/// # Safety
/// `module` must be a valid module that the caller owns for the duration of the call.
pub unsafe fn release(module: LLVMModuleRef) {
    let holder = LLVMGetNamedGlobal(module, SECURED.as_ptr());
    if !holder.is_null() {
        registry::drop_from_used(module, c"llvm.used", &HashSet::from([holder]));
        if LLVMGetFirstUse(holder).is_null() {
            LLVMDeleteGlobal(holder);
        }
    }
    let noinline = enum_kind("noinline");
    for f in ll::functions(module) {
        let attr = LLVMGetStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, SECURED_ATTR.as_ptr().cast(), SECURED_ATTR.len() as u32);
        if attr.is_null() {
            continue;
        }
        LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex, SECURED_ATTR.as_ptr().cast(), SECURED_ATTR.len() as u32);
        LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, noinline);
    }
}

/// Functions whose calls Catalase handles by a registration rather than by their body: they
/// must stay calls.
fn ruled_functions(reg: &Registry) -> impl Iterator<Item = &String> {
    reg.derivatives
        .keys()
        .chain(reg.gradients.keys())
        .chain(reg.function_like.keys())
        .chain(reg.inactive_fns.iter())
        .chain(reg.allocation_functions())
}

/// The user's rule functions (forward derivatives, augmented forward and reverse passes).
fn rule_functions(reg: &Registry) -> impl Iterator<Item = &String> {
    reg.derivatives.values().chain(reg.gradients.values().flat_map(|(aug, rev)| [aug, rev]))
}

/// `noinline` on a defined function that lacks it, recorded with [`SECURED_ATTR`]. A function
/// marked `alwaysinline` is left alone (both together fail the verifier).
unsafe fn add_noinline(f: LLVMValueRef) {
    if LLVMCountBasicBlocks(f) == 0 {
        return;
    }
    let noinline = enum_kind("noinline");
    let has = |kind: u32| !LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, kind).is_null();
    if has(noinline) || has(enum_kind("alwaysinline")) {
        return;
    }
    let ctx = LLVMGetModuleContext(LLVMGetGlobalParent(f));
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, noinline, 0));
    let marker = LLVMCreateStringAttribute(ctx, SECURED_ATTR.as_ptr().cast(), SECURED_ATTR.len() as u32, c"".as_ptr(), 0);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, marker);
}

unsafe fn enum_kind(name: &str) -> u32 {
    LLVMGetEnumAttributeKindForName(name.as_ptr().cast(), name.len())
}

unsafe fn named_function(module: LLVMModuleRef, name: &str) -> LLVMValueRef {
    let Ok(cname) = CString::new(name) else { return std::ptr::null_mut() };
    LLVMGetNamedFunction(module, cname.as_ptr())
}

unsafe fn named_global(module: LLVMModuleRef, name: &str) -> LLVMValueRef {
    let Ok(cname) = CString::new(name) else { return std::ptr::null_mut() };
    LLVMGetNamedGlobal(module, cname.as_ptr())
}

/// Add `g` to the module's `llvm.used` array (created when missing).
unsafe fn append_to_used(module: LLVMModuleRef, g: LLVMValueRef) {
    let used = LLVMGetNamedGlobal(module, c"llvm.used".as_ptr());
    let mut items: Vec<LLVMValueRef> = Vec::new();
    let mut section = std::ptr::null();
    if !used.is_null() {
        let init = LLVMGetInitializer(used);
        if !init.is_null() {
            items.extend((0..LLVMGetNumOperands(init).max(0) as u32).map(|i| LLVMGetOperand(init, i)));
        }
        section = LLVMGetSection(used);
    }
    items.push(g);
    let ptr_ty = LLVMPointerTypeInContext(LLVMGetModuleContext(module), 0);
    let array = LLVMConstArray2(ptr_ty, items.as_mut_ptr(), items.len() as u64);
    let fresh = LLVMAddGlobal(module, LLVMTypeOf(array), c"catalase.used.tmp".as_ptr());
    LLVMSetLinkage(fresh, LLVMLinkage::LLVMAppendingLinkage);
    LLVMSetSection(fresh, if section.is_null() { c"llvm.metadata".as_ptr() } else { section });
    LLVMSetInitializer(fresh, array);
    if !used.is_null() {
        LLVMDeleteGlobal(used);
    }
    LLVMSetValueName2(fresh, c"llvm.used".as_ptr(), "llvm.used".len());
}
