//! Registration globals (ABI §6.1): custom forward and reverse rules
//! (`__enzyme_register_derivative*`, `__enzyme_register_gradient*`), inactive functions and
//! globals (`__enzyme_inactivefn*`, `__enzyme_inactive_global*`, the `enzyme_inactive` function
//! attribute, `!enzyme_inactive` global metadata) and `__enzyme_function_like*`. They are read
//! into a [`Registry`] of names before differentiation and erased afterwards.

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, BTreeSet, HashSet};

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMLinkage;

use crate::markers::ll;

/// What the module registered, by function/global name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
///
/// Ordered by name: what is done for each registration reaches the output, which is the same in
/// every run.
pub struct Registry {
    /// Primal function → forward derivative.
    pub derivatives: BTreeMap<String, String>,
    /// Primal function → (augmented forward, reverse).
    pub gradients: BTreeMap<String, (String, String)>,
    pub inactive_fns: BTreeSet<String>,
    pub inactive_globals: BTreeSet<String>,
    /// Function → the library function it behaves like.
    pub function_like: BTreeMap<String, String>,
    /// Function → the registration global of its rule (where a diagnostic about the rule points).
    pub sites: BTreeMap<String, String>,
}

/// The kinds of registration global, by the key their name contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Derivative,
    Gradient,
    InactiveFn,
    InactiveGlobal,
    FunctionLike,
    /// Recognised, not supported yet.
    Later(&'static str),
}

const KEYS: [(&str, Kind); 7] = [
    ("__enzyme_register_derivative", Kind::Derivative),
    ("__enzyme_register_gradient", Kind::Gradient),
    ("__enzyme_inactivefn", Kind::InactiveFn),
    ("__enzyme_inactive_global", Kind::InactiveGlobal),
    ("__enzyme_function_like", Kind::FunctionLike),
    (
        "__enzyme_register_splitderivative",
        Kind::Later("__enzyme_register_splitderivative"),
    ),
    (
        "__enzyme_allocation_like",
        Kind::Later("__enzyme_allocation_like"),
    ),
];

/// Whether `g` is a registration global (any of the kinds above).
pub fn is_registration(g: LLVMValueRef) -> bool {
    classify(g).is_some()
}

fn classify(g: LLVMValueRef) -> Option<(&'static str, Kind)> {
    let name = ll::name(g);
    KEYS.iter().find(|(key, _)| name.contains(key)).copied()
}

/// Read every registration of `module`. Malformed registrations are BadRegistration errors.
///
/// `module` must be a valid module that the caller owns for the duration of the call.
pub fn read_registrations(module: LLVMModuleRef) -> Result<Registry, Vec<Diagnostic>> {
    let mut reg = Registry::default();
    let mut errors = Vec::new();
    for g in ll::globals(module) {
        let Some((key, kind)) = classify(g) else {
            if has_inactive_metadata(module, g) {
                reg.inactive_globals.insert(ll::name(g));
            }
            continue;
        };
        if let Err(e) = read_one(&mut reg, g, key, kind) {
            errors.push(e);
        }
    }
    for f in ll::functions(module) {
        if has_string_attr(f, "enzyme_inactive") {
            reg.inactive_fns.insert(ll::name(f));
        }
    }
    read_annotations(module, &mut reg, &mut errors);
    if errors.is_empty() {
        Ok(reg)
    } else {
        Err(errors)
    }
}

/// Enzyme's source attributes as `annotate` strings in `@llvm.global.annotations`: what the
/// plugin's clang half makes of `__attribute__((enzyme_inactive))` and
/// `enzyme_function_like("name")` (`crates/plugin/src/clang_frontend.cpp`), or what a user wrote
/// as `__attribute__((annotate("enzyme_inactive")))`. `enzyme_inactive` on a function or a global
/// variable marks it inactive (`enzyme_inactivefn`, `enzyme_inactivenoblockfn` too, on a
/// function); `enzyme_function_like=<name>` maps a function to a library
/// function. The hints `enzyme_nofree`, `enzyme_sparse_accumulate` and `enzyme_shouldrecompute`
/// change no derivative and are accepted as they are. Other annotations are the user's own.
fn read_annotations(module: LLVMModuleRef, reg: &mut Registry, errors: &mut Vec<Diagnostic>) {
    // SAFETY: a named-global lookup and reads of its constant initializer.
    let table = unsafe { LLVMGetNamedGlobal(module, c"llvm.global.annotations".as_ptr()) };
    if table.is_null() {
        return;
    }
    // SAFETY: as above.
    let init = unsafe { LLVMGetInitializer(table) };
    if init.is_null() {
        return;
    }
    // SAFETY: operand reads of constant aggregates: `[N x { ptr target, ptr text, ptr file, i32
    // line, ptr args }]`.
    let entries: Vec<(LLVMValueRef, LLVMValueRef)> = unsafe {
        if LLVMIsAConstantArray(init).is_null() && LLVMIsAConstantStruct(init).is_null() {
            return;
        }
        (0..LLVMGetNumOperands(init).max(0) as u32)
            .map(|i| LLVMGetOperand(init, i))
            .filter(|e| !LLVMIsAConstantStruct(*e).is_null() && LLVMGetNumOperands(*e) >= 2)
            .map(|e| (ll::strip_casts(LLVMGetOperand(e, 0)), LLVMGetOperand(e, 1)))
            .collect()
    };
    for (target, text) in entries {
        let Some(text) = c_string(text) else { continue };
        // SAFETY: kind queries on a constant.
        let (is_fn, is_global) =
            unsafe { (!LLVMIsAFunction(target).is_null(), !LLVMIsAGlobalVariable(target).is_null()) };
        if let Some(like) = text.strip_prefix("enzyme_function_like=") {
            if !is_fn || like.is_empty() {
                let msg = format!("annotation `{text}` on `{}`: it needs a function and a library function's name", ll::name(target));
                errors.push(bad(table, msg, "write `__attribute__((enzyme_function_like(\"log1p\")))` on the function"));
            } else {
                reg.function_like.insert(ll::name(target), like.to_string());
            }
            continue;
        }
        match text.as_str() {
            // Newer Enzyme also writes `enzyme_inactivefn` and `enzyme_inactivenoblockfn` for a
            // function; Catalase never differentiates an inactive function's body, so all three
            // mean the same here.
            "enzyme_inactive" | "enzyme_inactivefn" | "enzyme_inactivenoblockfn" if is_fn => {
                reg.inactive_fns.insert(ll::name(target));
            }
            "enzyme_inactive" if is_global => {
                reg.inactive_globals.insert(ll::name(target));
            }
            _ => {}
        }
    }
}

fn bad(g: LLVMValueRef, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(DiagKind::BadRegistration, message)
        .at_inst(ll::print_value(g))
        .at_loc(ll::debug_loc(g))
        .with_help(help)
}

fn read_one(reg: &mut Registry, g: LLVMValueRef, key: &str, kind: Kind) -> Result<(), Diagnostic> {
    if let Kind::Later(name) = kind {
        let msg = format!(
            "`{name}` registrations are not supported yet (global `{}`)",
            ll::name(g)
        );
        return Err(Diagnostic::error(DiagKind::Unsupported, msg).at_inst(ll::print_value(g)).at_loc(ll::debug_loc(g)));
    }
    let (min, shape) = match kind {
        Kind::Derivative => (2, "{fn, derivative}"),
        Kind::Gradient => (3, "{fn, augmented_forward, reverse}"),
        Kind::FunctionLike => (2, "{fn, \"name\"}"),
        _ => (1, "fn"),
    };
    // SAFETY: reading the initializer of a global variable.
    let init = unsafe { LLVMGetInitializer(g) };
    let items = if init.is_null() {
        Vec::new()
    } else {
        elements(init)
    };
    if items.len() < min {
        let msg = format!(
            "Use of {key} must be a constant of size at least {min}, found in `{}`",
            ll::name(g)
        );
        return Err(bad(
            g,
            msg,
            &format!("define it as `void* {}[] = {shape};`", ll::name(g)),
        ));
    }
    record(reg, g, key, kind, &items)
}

/// Record one well-sized registration; its elements must have the right kinds.
fn record(
    reg: &mut Registry,
    g: LLVMValueRef,
    key: &str,
    kind: Kind,
    items: &[LLVMValueRef],
) -> Result<(), Diagnostic> {
    let func = |i: usize, what: &str| {
        function_name(items[i]).ok_or_else(|| {
            let msg = format!(
                "Param {i} of {key} must be a function ({what}), found `{}`",
                ll::print_value(items[i]).trim()
            );
            bad(g, msg, "cast the function to void*: `(void*)f`")
        })
    };
    match kind {
        Kind::Derivative => {
            let primal = func(0, "the primal")?;
            reg.derivatives.insert(primal.clone(), func(1, "the derivative")?);
            reg.sites.insert(primal, ll::name(g));
        }
        Kind::Gradient => {
            let primal = func(0, "the primal")?;
            reg.sites.entry(primal.clone()).or_insert_with(|| ll::name(g));
            reg.gradients.insert(
                primal,
                (
                    func(1, "the augmented forward pass")?,
                    func(2, "the reverse pass")?,
                ),
            );
        }
        Kind::InactiveFn => {
            reg.inactive_fns.insert(func(0, "the inactive function")?);
        }
        Kind::FunctionLike => {
            let f = func(0, "the function")?;
            let Some(name) = c_string(items[1]).filter(|s| !s.is_empty()) else {
                let msg =
                    format!("Use of {key} second element must be a non-empty constant string");
                return Err(bad(
                    g,
                    msg,
                    "write the library function's name, e.g. \"log1p\"",
                ));
            };
            reg.function_like.insert(f, name);
        }
        Kind::InactiveGlobal => {
            let target = ll::strip_casts(items[0]);
            // SAFETY: type query.
            if unsafe { LLVMIsAGlobalVariable(target) }.is_null() {
                let msg = format!("Use of {key} must be the address of a global variable");
                return Err(bad(
                    g,
                    msg,
                    "write `void* __enzyme_inactive_global[] = {&the_global};`",
                ));
            }
            reg.inactive_globals.insert(ll::name(target));
        }
        Kind::Later(_) => {}
    }
    Ok(())
}

/// The elements of a registration initializer: single-element aggregates are peeled.
fn elements(init: LLVMValueRef) -> Vec<LLVMValueRef> {
    let mut v = ll::strip_casts(init);
    for _ in 0..8 {
        // SAFETY: operand queries on a constant aggregate.
        unsafe {
            let aggregate =
                !LLVMIsAConstantArray(v).is_null() || !LLVMIsAConstantStruct(v).is_null();
            if !aggregate {
                return vec![v];
            }
            let n = LLVMGetNumOperands(v).max(0) as u32;
            let items: Vec<LLVMValueRef> = (0..n).map(|i| LLVMGetOperand(v, i)).collect();
            let single_aggregate = items.len() == 1
                && (!LLVMIsAConstantArray(items[0]).is_null()
                    || !LLVMIsAConstantStruct(items[0]).is_null());
            if !single_aggregate {
                return items;
            }
            v = items[0];
        }
    }
    Vec::new()
}

fn function_name(v: LLVMValueRef) -> Option<String> {
    ll::resolve_function(v).map(ll::name)
}

/// The text of a pointer to a constant C string (NUL stripped).
fn c_string(v: LLVMValueRef) -> Option<String> {
    let mut v = ll::strip_casts(v);
    // SAFETY: type queries, operand and initializer reads on constants.
    unsafe {
        if !LLVMIsAConstantExpr(v).is_null() {
            v = LLVMGetOperand(v, 0); // old-style `getelementptr (@.str, 0, 0)`
        }
        if LLVMIsAGlobalVariable(v).is_null() {
            return None;
        }
        let init = LLVMGetInitializer(v);
        if init.is_null()
            || LLVMIsAConstantDataSequential(init).is_null()
            || LLVMIsConstantString(init) == 0
        {
            return None;
        }
        let mut len = 0usize;
        let p = LLVMGetAsString(init, &mut len);
        let bytes = std::slice::from_raw_parts(p as *const u8, len);
        let text = String::from_utf8_lossy(bytes);
        Some(text.trim_end_matches('\0').to_string())
    }
}

fn has_string_attr(f: LLVMValueRef, attr: &str) -> bool {
    // SAFETY: attribute query on a function; index -1 is the function itself.
    unsafe {
        let a = LLVMGetStringAttributeAtIndex(f, u32::MAX, attr.as_ptr().cast(), attr.len() as u32);
        !a.is_null()
    }
}

fn has_inactive_metadata(module: LLVMModuleRef, g: LLVMValueRef) -> bool {
    let key = "enzyme_inactive";
    // SAFETY: metadata queries; the entries array is disposed.
    unsafe {
        let kind = LLVMGetMDKindIDInContext(
            LLVMGetModuleContext(module),
            key.as_ptr().cast(),
            key.len() as u32,
        );
        let mut count = 0usize;
        let entries = llvm_sys::core::LLVMGlobalCopyAllMetadata(g, &mut count);
        if entries.is_null() {
            return false;
        }
        let found = (0..count).any(|i| LLVMValueMetadataEntriesGetKind(entries, i as u32) == kind);
        LLVMDisposeValueMetadataEntries(entries);
        found
    }
}

/// Delete the registration globals (and only them), first dropping them from `llvm.used` and
/// `llvm.compiler.used`. Any other remaining use is replaced by poison.
///
/// # Safety
/// `module` must be a valid module that the caller owns for the duration of the call.
pub unsafe fn erase_registrations(module: LLVMModuleRef) {
    let doomed: Vec<LLVMValueRef> = ll::globals(module)
        .into_iter()
        .filter(|&g| classify(g).is_some())
        .collect();
    if doomed.is_empty() {
        return;
    }
    let set: HashSet<LLVMValueRef> = doomed.iter().copied().collect();
    drop_from_used(module, c"llvm.used", &set);
    drop_from_used(module, c"llvm.compiler.used", &set);
    for g in doomed {
        // SAFETY: uses are replaced before the global is deleted.
        unsafe {
            if !LLVMGetFirstUse(g).is_null() {
                LLVMReplaceAllUsesWith(g, LLVMGetPoison(LLVMTypeOf(g)));
            }
            LLVMDeleteGlobal(g);
        }
    }
}

/// Rebuild an `llvm.used`-style array without the globals in `doomed`.
///
/// # Safety
/// `module` must be a valid module, and `doomed` must hold values of that module.
pub unsafe fn drop_from_used(module: LLVMModuleRef, name: &std::ffi::CStr, doomed: &HashSet<LLVMValueRef>) {
    // SAFETY: reads and rebuilds an appending array global of pointers.
    unsafe {
        let used = LLVMGetNamedGlobal(module, name.as_ptr());
        if used.is_null() {
            return;
        }
        let init = LLVMGetInitializer(used);
        if init.is_null() {
            return;
        }
        let n = LLVMGetNumOperands(init).max(0) as u32;
        let all: Vec<LLVMValueRef> = (0..n).map(|i| LLVMGetOperand(init, i)).collect();
        let mut keep: Vec<LLVMValueRef> = all
            .iter()
            .copied()
            .filter(|&v| !doomed.contains(&ll::strip_casts(v)))
            .collect();
        if keep.len() == all.len() {
            return;
        }
        if keep.is_empty() {
            LLVMDeleteGlobal(used);
            return;
        }
        let elem_ty = LLVMTypeOf(keep[0]);
        let array = LLVMConstArray2(elem_ty, keep.as_mut_ptr(), keep.len() as u64);
        let section = LLVMGetSection(used);
        let fresh = LLVMAddGlobal(module, LLVMTypeOf(array), c"catalase.used.tmp".as_ptr());
        LLVMSetLinkage(fresh, LLVMLinkage::LLVMAppendingLinkage);
        if !section.is_null() {
            LLVMSetSection(fresh, section);
        }
        LLVMSetInitializer(fresh, array);
        LLVMDeleteGlobal(used);
        LLVMSetValueName2(fresh, name.as_ptr(), name.to_bytes().len());
    }
}
