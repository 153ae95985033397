//! Registration globals (ABI §6.1): custom forward and reverse rules
//! (`__enzyme_register_derivative*`, `__enzyme_register_gradient*`), inactive functions and
//! globals (`__enzyme_inactivefn*`, `__enzyme_inactive_global*`, the `enzyme_inactive` function
//! attribute, `!enzyme_inactive` global metadata), `__enzyme_function_like*` and allocators
//! (`__enzyme_allocation_like*`). They are read into a [`Registry`] of names before
//! differentiation and erased afterwards. The hints `__enzyme_nofree*`,
//! `__enzyme_sparse_accumulate*` and `__enzyme_no_escaping_allocation*` are checked and erased,
//! and change nothing: Catalase computes the same derivatives without them (see [`Kind::Hint`]).

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
    /// Primal function → the rule parameters given by `"byref_K"` strings after its gradient
    /// registration (ABI §6.1): the rule functions take parameter K (not counting an `sret`)
    /// as a pointer to a copy of the value Catalase passes.
    pub gradient_byref: BTreeMap<String, Vec<usize>>,
    pub inactive_fns: BTreeSet<String>,
    pub inactive_globals: BTreeSet<String>,
    /// Function → the library function it behaves like.
    pub function_like: BTreeMap<String, String>,
    /// Function → the registration global of its rule (where a diagnostic about the rule points).
    pub sites: BTreeMap<String, String>,
    /// `__enzyme_allocation_like`: allocator → how it allocates and frees.
    pub allocators: BTreeMap<String, AllocLike>,
    /// Global → the global the program gives as its shadow (`enzyme_shadow(g_shadow)`, an
    /// `annotate("enzyme_shadow", &g_shadow)`): derivatives use it in place of a shadow of
    /// their own, and never reset it.
    pub user_shadows: BTreeMap<String, String>,
}

/// One `__enzyme_allocation_like` registration, checked against the two functions' types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocLike {
    /// The allocator's argument that holds the size in bytes.
    pub size: usize,
    /// The deallocator's arguments as registered (`"2,-1"`): `-1` the block, others the
    /// allocator call's arguments.
    pub free_args: String,
    /// The parameter of the deallocator that receives the block (where the `-1` is).
    pub freed_param: usize,
    /// The deallocator.
    pub free_fn: String,
}

impl Registry {
    /// The deallocators of registered allocators, each with the parameter that receives the block.
    pub fn deallocators(&self) -> BTreeMap<&String, usize> {
        self.allocators.values().map(|a| (&a.free_fn, a.freed_param)).collect()
    }
    /// The functions of allocator registrations: allocators and their deallocators.
    pub fn allocation_functions(&self) -> impl Iterator<Item = &String> {
        self.allocators.iter().flat_map(|(f, a)| [f, &a.free_fn])
    }
}

/// The kinds of registration global, by the key their name contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Derivative,
    Gradient,
    InactiveFn,
    InactiveGlobal,
    FunctionLike,
    AllocationLike,
    /// A hint Enzyme takes for its own analyses or for `__enzyme_todense` loops: a function
    /// that frees nothing (`__enzyme_nofree`, also a global), whose calls accumulate a sparse
    /// derivative (`__enzyme_sparse_accumulate`), or lets no allocation escape
    /// (`__enzyme_no_escaping_allocation`). Catalase's analyses do not need them and its
    /// derivatives are the same without them: checked (`{fn}`), then ignored.
    Hint,
    /// Recognised, not supported yet.
    Later(&'static str),
}

const KEYS: [(&str, Kind); 10] = [
    ("__enzyme_register_derivative", Kind::Derivative),
    ("__enzyme_register_gradient", Kind::Gradient),
    ("__enzyme_inactivefn", Kind::InactiveFn),
    ("__enzyme_inactive_global", Kind::InactiveGlobal),
    ("__enzyme_function_like", Kind::FunctionLike),
    (
        "__enzyme_register_splitderivative",
        Kind::Later("__enzyme_register_splitderivative"),
    ),
    ("__enzyme_allocation_like", Kind::AllocationLike),
    ("__enzyme_nofree", Kind::Hint),
    ("__enzyme_sparse_accumulate", Kind::Hint),
    ("__enzyme_no_escaping_allocation", Kind::Hint),
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
    if let Err(e) = check_deallocators(&reg) {
        errors.push(e);
    }
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
    let entries: Vec<(LLVMValueRef, LLVMValueRef, LLVMValueRef)> = unsafe {
        if LLVMIsAConstantArray(init).is_null() && LLVMIsAConstantStruct(init).is_null() {
            return;
        }
        (0..LLVMGetNumOperands(init).max(0) as u32)
            .map(|i| LLVMGetOperand(init, i))
            .filter(|e| !LLVMIsAConstantStruct(*e).is_null() && LLVMGetNumOperands(*e) >= 2)
            .map(|e| {
                let args = if LLVMGetNumOperands(e) >= 5 { LLVMGetOperand(e, 4) } else { std::ptr::null_mut() };
                (ll::strip_casts(LLVMGetOperand(e, 0)), LLVMGetOperand(e, 1), args)
            })
            .collect()
    };
    for (target, text, args) in entries {
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
        if text == "enzyme_shadow" {
            // SAFETY: reads of the constant `{ ptr }` global holding the annotation's argument.
            let shadow = unsafe { first_global_arg(args) };
            match shadow {
                Some(shadow) if is_global && shadow != target => {
                    reg.user_shadows.insert(ll::name(target), ll::name(shadow));
                }
                _ => {
                    let msg = format!("annotation `enzyme_shadow` on `{}`: it needs a global variable and its shadow global as argument", ll::name(target));
                    errors.push(bad(table, msg, "write `__attribute__((enzyme_shadow(g_shadow)))` on the global `g`"));
                }
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

/// The global variable that an annotation's argument constant (`@.args = { ptr @g }`) names first.
unsafe fn first_global_arg(args: LLVMValueRef) -> Option<LLVMValueRef> {
    if args.is_null() {
        return None;
    }
    let holder = ll::strip_casts(args);
    if LLVMIsAGlobalVariable(holder).is_null() {
        return None;
    }
    let init = LLVMGetInitializer(holder);
    if init.is_null() || LLVMGetNumOperands(init) < 1 {
        return None;
    }
    let g = ll::strip_casts(LLVMGetOperand(init, 0));
    (!LLVMIsAGlobalVariable(g).is_null()).then_some(g)
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
        Kind::AllocationLike => (4, "{allocator, (void*)size_index, \"dealloc_indices\", deallocator}"),
        _ => (1, "fn"),
    };
    // SAFETY: reading the initializer of a global variable.
    let init = unsafe { LLVMGetInitializer(g) };
    let items = if init.is_null() {
        Vec::new()
    } else {
        elements(init)
    };
    if kind == Kind::AllocationLike && items.len() != min {
        let msg = format!("Use of {key} must be a constant of exactly 4 elements, found {} in `{}`", items.len(), ll::name(g));
        return Err(bad(g, msg, &format!("define it as `void* {}[4] = {shape};`", ll::name(g))));
    }
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
            // Enzyme's trailing `"byref_K"` strings: the rule functions take their parameter K
            // by reference (a pointer to a copy of the value) (ABI §6.1).
            let mut byref = Vec::new();
            for extra in &items[3..] {
                let text = c_string(*extra);
                let k = text.as_deref().and_then(|t| t.strip_prefix("byref_")).and_then(|d| d.parse::<usize>().ok());
                let Some(k) = k else {
                    let msg = format!("Use of {key} takes `{{fn, augmented_forward, reverse}}` and then only `\"byref_K\"` strings (K a parameter index), found `{}` in `{}`", ll::print_value(*extra).trim(), ll::name(g));
                    return Err(bad(g, msg, "remove the extra element, or write it as \"byref_0\", \"byref_1\", ..."));
                };
                byref.push(k);
            }
            let primal = func(0, "the primal")?;
            reg.sites.entry(primal.clone()).or_insert_with(|| ll::name(g));
            if !byref.is_empty() {
                reg.gradient_byref.insert(primal.clone(), byref);
            }
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
        Kind::AllocationLike => {
            let f = func(0, "the allocator")?;
            let free_fn = func(3, "the deallocator")?;
            let alloc = allocation_like(g, key, &f, items, &free_fn)?;
            if reg.allocators.insert(f.clone(), alloc).is_some() {
                let msg = format!("`{f}` is registered as an allocator twice (`{}` is the second)", ll::name(g));
                return Err(bad(g, msg, "keep one __enzyme_allocation_like registration per allocator"));
            }
        }
        Kind::Hint => {
            let target = ll::strip_casts(items[0]);
            // SAFETY: type query.
            let global = unsafe { !LLVMIsAGlobalVariable(target).is_null() };
            if function_name(items[0]).is_none() && !(global && key == "__enzyme_nofree") {
                let msg = format!("Param 0 of {key} must be a function, found `{}`", ll::print_value(items[0]).trim());
                return Err(bad(g, msg, &format!("write `void* {}[] = {{(void*)f}};`", ll::name(g))));
            }
        }
        Kind::Later(_) => {}
    }
    Ok(())
}

/// Check `{allocator, size_index, "dealloc_indices", deallocator}` (`items`, the functions
/// already named `f` and `free_fn`): the size index an integer argument of the allocator, which
/// returns a pointer; the indices a comma-separated list of the allocator's argument numbers and
/// one `-1` (the block), as many as the deallocator takes, each of the type the deallocator
/// expects there.
fn allocation_like(g: LLVMValueRef, key: &str, f: &str, items: &[LLVMValueRef], free_fn: &str) -> Result<AllocLike, Diagnostic> {
    let help = "write `void* __enzyme_allocation_like[4] = {(void*)my_alloc, (void*)SIZE_ARG, (void*)\"I,J,-1\", (void*)my_free};`: SIZE_ARG the allocator's argument that holds the byte count, the string the deallocator's arguments in order (an allocator argument's number, -1 for the block)";
    let alloc_fn = ll::resolve_function(items[0]).expect("checked a function");
    let dealloc_fn = ll::resolve_function(items[3]).expect("checked a function");
    // SAFETY: type queries on live functions and constants.
    let (params, ret, dparams, dvararg) = unsafe {
        let fty = LLVMGlobalGetValueType(alloc_fn);
        let mut ps = vec![std::ptr::null_mut(); LLVMCountParamTypes(fty) as usize];
        LLVMGetParamTypes(fty, ps.as_mut_ptr());
        let dty = LLVMGlobalGetValueType(dealloc_fn);
        let mut ds = vec![std::ptr::null_mut(); LLVMCountParamTypes(dty) as usize];
        LLVMGetParamTypes(dty, ds.as_mut_ptr());
        (ps, LLVMGetReturnType(fty), ds, LLVMIsFunctionVarArg(dty) != 0)
    };
    // SAFETY: type query.
    if unsafe { LLVMGetTypeKind(ret) } != llvm_sys::LLVMTypeKind::LLVMPointerTypeKind {
        return Err(bad(g, format!("Param 0 of {key}, `{f}`, must return a pointer to be an allocator"), help));
    }
    let size = const_index(items[1]);
    let is_int = |t: LLVMTypeRef| unsafe { LLVMGetTypeKind(t) } == llvm_sys::LLVMTypeKind::LLVMIntegerTypeKind;
    let Some(size) = size.filter(|&i| i < params.len() as u64 && is_int(params[i as usize])).map(|i| i as usize) else {
        let msg = format!(
            "Param 1 of {key} must be the number of `{f}`'s integer argument that holds the size (0 to {}), found `{}`",
            params.len().saturating_sub(1),
            ll::print_value(items[1]).trim()
        );
        return Err(bad(g, msg, help));
    };
    let Some(text) = c_string(items[2]) else {
        return Err(bad(g, format!("Param 2 of {key} must be a constant string such as \"2,-1\""), help));
    };
    let Some(args) = catalase_ad::known::AllocLike::parse_free_args(&text, params.len()) else {
        let msg = format!(
            "Param 2 of {key}, \"{text}\", must list the deallocator's arguments: numbers of `{f}`'s arguments (0 to {}) and exactly one -1 (the block), separated by commas",
            params.len().saturating_sub(1)
        );
        return Err(bad(g, msg, help));
    };
    let arity_ok = if dvararg { args.len() >= dparams.len() } else { args.len() == dparams.len() };
    if !arity_ok {
        let msg = format!("Param 2 of {key}, \"{text}\", lists {} arguments, but the deallocator `{free_fn}` takes {}", args.len(), dparams.len());
        return Err(bad(g, msg, help));
    }
    for (k, a) in args.iter().enumerate().take(dparams.len()) {
        // SAFETY: type queries.
        let (want, have) = unsafe { (LLVMGetTypeKind(dparams[k]), a.map_or(llvm_sys::LLVMTypeKind::LLVMPointerTypeKind, |i| LLVMGetTypeKind(params[i]))) };
        if want != have {
            let what = a.map_or("the block (a pointer)".to_string(), |i| format!("`{f}`'s argument {i}"));
            let msg = format!("Param 2 of {key}: the deallocator `{free_fn}`'s parameter {k} cannot take {what}: the types differ");
            return Err(bad(g, msg, help));
        }
    }
    let freed_param = args.iter().position(Option::is_none).expect("one -1");
    Ok(AllocLike { size, free_args: text, freed_param, free_fn: free_fn.to_string() })
}

/// The integer a registration stores as a pointer: `(void*)1` is `inttoptr (i64 1)`, `(void*)0` null.
fn const_index(v: LLVMValueRef) -> Option<u64> {
    // SAFETY: constant queries.
    unsafe {
        if !LLVMIsAConstantPointerNull(v).is_null() {
            return Some(0);
        }
        let mut v = v;
        if !LLVMIsAConstantExpr(v).is_null() && LLVMGetConstOpcode(v) == llvm_sys::LLVMOpcode::LLVMIntToPtr {
            v = LLVMGetOperand(v, 0);
        }
        if !LLVMIsAConstantInt(v).is_null() {
            return Some(LLVMConstIntGetZExtValue(v));
        }
        None
    }
}

/// A deallocator that two registrations give the block in different parameters is an error: a
/// call of it could not say which argument it frees.
fn check_deallocators(reg: &Registry) -> Result<(), Diagnostic> {
    let mut seen: BTreeMap<&String, (usize, &String)> = BTreeMap::new();
    for (f, a) in &reg.allocators {
        match seen.get(&a.free_fn) {
            Some((p, other)) if *p != a.freed_param => {
                let msg = format!(
                    "the deallocator `{}` receives the block as parameter {p} for `{other}` but as parameter {} for `{f}`",
                    a.free_fn, a.freed_param
                );
                return Err(Diagnostic::error(DiagKind::BadRegistration, msg)
                    .with_help("register deallocators that take the block in the same place, or wrap one of them"));
            }
            _ => {
                seen.insert(&a.free_fn, (a.freed_param, f));
            }
        }
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
