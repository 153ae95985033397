//! The whole Catalase transformation of one LLVM module: find marker calls, differentiate,
//! rewrite the calls. Called by the CLI and by the plugin.
//!
//! Order: registrations and marker calls are read first (all errors at once); the functions
//! to differentiate are simplified on a scratch copy, lowered to Catalase IR, differentiated,
//! raised into the user's module; then each marker call is rewritten. Nothing of the user's
//! module changes before every derivative has been generated.

use std::collections::HashSet;
use std::ffi::CString;

use catalase_ad::env::{Environment, ReverseRule};
use catalase_ad::request::{self, ArgActivity, Request};
use catalase_ad::Generator;
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::printer;
use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMModuleRef, LLVMValueRef};

use crate::markers::{self, Activity, MarkerCall, Mode};
use crate::options::Options;
use crate::{gradient_rules, inline_entry, lane_scopes, lower, passes, raise, registry, rewrite, rule_roots, rule_use, secure, shadow_init, split, user_rules};

/// What a successful run reports: warnings to print.
#[derive(Debug, Default)]
pub struct Outcome {
    pub warnings: Vec<Diagnostic>,
    /// Number of marker calls rewritten.
    pub rewritten: usize,
    /// The functions the marker calls were rewritten to call.
    entries: Vec<String>,
    /// The thunks made for functions with rules (`rule_roots`), by function name.
    thunks: std::collections::HashMap<String, LLVMValueRef>,
}

/// Differentiate every marker call in `module`, in place.
///
/// On error the module may be partially modified; the CLI never writes it out then, and the
/// plugin fails the compilation. The caller must catch panics (none are expected).
///
/// # Safety
/// `module` must be a valid module owned by the caller for the duration of the call.
pub unsafe fn process_module(module: LLVMModuleRef, opts: &Options) -> Result<Outcome, Vec<Diagnostic>> {
    // Diagnostics name the user's functions, never a rule's thunk.
    let users = |ds: Vec<Diagnostic>| ds.into_iter().map(rule_roots::user_names).collect::<Vec<_>>();
    match process(module, opts) {
        Ok(outcome) => Ok(Outcome { warnings: users(outcome.warnings), ..outcome }),
        Err(errors) => Err(users(errors)),
    }
}

/// [`process_module`], its diagnostics as raised.
unsafe fn process(module: LLVMModuleRef, opts: &Options) -> Result<Outcome, Vec<Diagnostic>> {
    crate::call_inactive::lower(module)?;
    crate::virtual_reverse::lower(module)?;
    let ignored = crate::ignore::present(module);
    if ignored {
        crate::ignore::mark(module);
    }
    let outcome = process_markers(module, opts);
    if ignored && outcome.is_ok() {
        crate::ignore::erase(module);
    }
    if outcome.is_ok() {
        crate::unknown_entry::check(module)?;
    }
    outcome
}

/// [`process`] for the marker calls and registrations.
unsafe fn process_markers(module: LLVMModuleRef, opts: &Options) -> Result<Outcome, Vec<Diagnostic>> {
    let mut outcome = Outcome::default();
    if !markers::has_enzyme_symbols(module) {
        return Ok(outcome); // nothing to do: no marker function, no registration
    }
    let _names = crate::unnamed::TemporaryNames::assign(module);
    let registry = registry::read_registrations(module)?;
    // `__enzyme_batch` computes no derivative: its calls become plain calls first (ABI §1).
    outcome.rewritten += crate::batch::lower(module)?;
    crate::select_split::split_selected(module);
    let mut referenced = HashSet::new();
    // Higher order: marker calls inside functions that other markers differentiate are
    // rewritten first (one round each), so the outer derivative differentiates ordinary IR.
    // `__enzyme_augmentsize` first: its constant may be the `enzyme_allocated` operand of the
    // other calls (ABI §5).
    let mut sizes = markers::find_marker_calls_of(module, |m| m == Mode::AugmentSize)?;
    rule_roots::use_rules_at_top(module, &registry, &mut sizes, &mut outcome.thunks);
    if !sizes.is_empty() {
        process_round(module, opts, &registry, &sizes, 0, false, &mut outcome)?;
    }
    let mut caught = HashSet::new();
    for round in 0..MAX_ROUNDS {
        let mut calls = markers::find_marker_calls(module)?;
        if calls.is_empty() {
            break;
        }
        // The option `runtime-activity`: every call as if it passed `enzyme_runtime_activity`.
        if opts.runtime_activity {
            calls.iter_mut().for_each(|c| c.runtime_activity = true);
        }
        for c in &calls {
            outcome.warnings.extend(c.warnings.iter().cloned());
        }
        outcome.warnings.extend(crate::exceptions::caught_exception_warnings(&calls, |f| reachable(f), &mut caught));
        split::check_patterns(&calls)?;
        let total = calls.len();
        let mut calls = innermost(calls);
        rule_roots::use_rules_at_top(module, &registry, &mut calls, &mut outcome.thunks);
        // The last round's derivatives are never differentiated again: their tapes may keep
        // their buffers between calls.
        let last = calls.len() == total;
        let before: HashSet<LLVMValueRef> = crate::markers::ll::functions(module).into_iter().collect();
        referenced.extend(process_round(module, opts, &registry, &calls, round, last, &mut outcome)?);
        crate::ignore::step_iters(module, &before);
        if !last {
            retire_shadow_globals(module, round);
        }
    }
    if outcome.rewritten > 0 {
        let secured = secure::is_secured(module);
        secure::release(module);
        outcome.warnings.extend(rule_use::unused_rule_warnings(module, &registry, &referenced, secured));
        rewrite::cleanup_marker_globals(module);
        registry::erase_registrations(module);
        inline_entry::mark_entries(module, &outcome.entries);
    }
    Ok(outcome)
}

/// Give the shadow globals this round made (`__catalase_shadow_<g>`, `__catalase_shadow<l>_<g>`,
/// `__catalase_zero_<g>`) names of their own (`.r<round>` appended), so that a later round, whose
/// derivatives differentiate this round's, makes fresh shadows of `<g>`: its tangents and adjoints
/// of `<g>` must not share memory with this round's (forward over reverse of a function that
/// writes a mutable global read this round's adjoint of the global as its tangent). To the later
/// round, this round's shadows are ordinary mutable globals with shadows of their own.
unsafe fn retire_shadow_globals(module: LLVMModuleRef, round: usize) {
    let mut g = LLVMGetFirstGlobal(module);
    while !g.is_null() {
        let name = value_name(g);
        if name.starts_with("__catalase_shadow") || name.starts_with("__catalase_zero_") {
            let renamed = format!("{name}.r{round}");
            LLVMSetValueName2(g, renamed.as_ptr().cast(), renamed.len());
        }
        g = LLVMGetNextGlobal(g);
    }
}

/// [`process_module`] for a module held by an [`OwnedModule`], which guarantees what the unsafe
/// version asks of its caller: the safe entry point for the CLI.
pub fn process_owned(module: &crate::module_io::OwnedModule<'_>, opts: &Options) -> Result<Outcome, Vec<Diagnostic>> {
    // SAFETY: an `OwnedModule` is a valid module, owned (and so unaliased) while borrowed here.
    unsafe { process_module(module.raw(), opts) }
}

/// Nesting depth of marker calls Catalase follows.
const MAX_ROUNDS: usize = 8;

/// The marker calls to rewrite first: those whose differentiated function reaches (through
/// direct calls) no other marker call; all of them when every one does (a cycle).
unsafe fn innermost(calls: Vec<MarkerCall>) -> Vec<MarkerCall> {
    let holders: HashSet<LLVMValueRef> =
        calls.iter().map(|c| LLVMGetBasicBlockParent(LLVMGetInstructionParent(c.call))).collect();
    let ready: Vec<bool> = calls.iter().map(|c| reachable(c.function).is_disjoint(&holders)).collect();
    if ready.iter().any(|r| *r) {
        calls.into_iter().zip(ready).filter(|(_, r)| *r).map(|(c, _)| c).collect()
    } else {
        calls
    }
}

/// `f` and the defined functions it reaches through direct calls.
unsafe fn reachable(f: LLVMValueRef) -> HashSet<LLVMValueRef> {
    let mut reach: HashSet<LLVMValueRef> = HashSet::new();
    let mut work = vec![f];
    while let Some(f) = work.pop() {
        if !reach.insert(f) {
            continue;
        }
        let mut bb = LLVMGetFirstBasicBlock(f);
        while !bb.is_null() {
            let mut inst = LLVMGetFirstInstruction(bb);
            while !inst.is_null() {
                if !LLVMIsACallInst(inst).is_null() || !LLVMIsAInvokeInst(inst).is_null() {
                    let callee = LLVMGetCalledValue(inst);
                    if !callee.is_null() && !LLVMIsAFunction(callee).is_null() && LLVMCountBasicBlocks(callee) > 0 {
                        work.push(callee);
                    }
                }
                inst = LLVMGetNextInstruction(inst);
            }
            bb = LLVMGetNextBasicBlock(bb);
        }
    }
    reach
}

/// Differentiate and rewrite one set of marker calls; returns the functions the
/// differentiated code refers to (see `rule_use`).
unsafe fn process_round(
    module: LLVMModuleRef,
    opts: &Options,
    registry: &registry::Registry,
    calls: &[MarkerCall],
    round: usize,
    last_round: bool,
    outcome: &mut Outcome,
) -> Result<HashSet<String>, Vec<Diagnostic>> {
    let roots: Vec<String> = calls.iter().map(|c| value_name(c.function)).collect();
    // A function whose body is never differentiated (a user rule, function-like, inactive) may
    // still be called through a pointer: such a call differentiates its thunk, which calls it
    // directly, so the rule serves the call.
    let mut ruled_thunks: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for f in opaque_address_taken(module, registry) {
        let t = rule_roots::thunk_of(module, f, &mut outcome.thunks);
        ruled_thunks.insert(value_name(f), value_name(t));
    }
    crate::known_asm::outline_integer_asm(module);
    let copy = passes::simplified_copy(module).map_err(|d| vec![d])?;
    strip_outlined_asm(copy.raw());
    // Functions with user rules, function-like mappings or marked inactive are never
    // differentiated: drop their bodies in the copy, so the lowering does not look into them.
    let opaque: Vec<&String> = registry
        .derivatives
        .keys()
        .chain(registry.gradients.keys())
        .chain(registry.function_like.keys())
        .chain(registry.inactive_fns.iter())
        .chain(registry.allocation_functions())
        .collect();
    for name in &opaque {
        if !roots.contains(name) {
            strip_body(copy.raw(), name);
        }
    }
    mark_allocators(copy.raw(), registry);
    crate::byval_copy::copy_byval_arguments(copy.raw());
    crate::x86_scalar_minmax::expand(copy.raw());
    crate::known_asm::rewrite(copy.raw());
    let root_refs: Vec<&str> = roots.iter().map(String::as_str).collect();
    let mut cir = lower::lower_module(copy.raw(), &root_refs)?;
    ruled_bodies(module, registry, &opaque, &mut cir)?;
    // Rule functions returning through `sret` are called through adapters that return the
    // struct as a value.
    let (gradients, sret_adapters) = gradient_rules::adapt(module, &registry.gradients);
    for a in &sret_adapters {
        if cir.find_function(&a.name).is_none() {
            cir.add_function(a.clone());
        }
    }
    // The functions of reverse rules are called by generated code: their signatures are needed,
    // never their bodies.
    for (augmented, reverse) in registry.gradients.values() {
        for name in [augmented, reverse] {
            if cir.find_function(name).is_none() {
                if let Some(f) = lower::declare_function(copy.raw(), name) {
                    cir.add_function(f);
                }
            }
        }
    }
    // The deallocators of registered allocators are called by generated code (the reverse
    // sweep frees shadow blocks with them).
    for a in registry.allocators.values() {
        if cir.find_function(&a.free_fn).is_none() {
            if let Some(f) = lower::declare_function(copy.raw(), &a.free_fn) {
                cir.add_function(f);
            }
        }
    }
    // Possible targets of indirect calls: defined functions whose address is taken and that the
    // differentiated code can see: referenced by its instructions, by the initializers of the
    // globals it uses (vtables), or passed at a marker call. Each is lowered on its own; one
    // that cannot be lowered is simply not a candidate.
    let taken: HashSet<String> = address_taken_functions(copy.raw()).into_iter().collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut indirect_targets = Vec::new();
    let mut indirect_addresses = std::collections::HashMap::new();
    let mut marker_fns: Vec<String> = Vec::new();
    for c in calls {
        for a in &c.args {
            if !a.primal.is_null() {
                let f = strip_to_function(a.primal);
                if !f.is_null() {
                    marker_fns.push(value_name(f));
                }
            }
        }
    }
    for _ in 0..4 {
        let mut wanted = visible_functions(copy.raw(), &cir);
        wanted.extend(marker_fns.iter().cloned());
        // A pointer called by the differentiated code may have been stored anywhere (a table
        // built by the caller): every address-taken function is then a candidate.
        if calls_through_pointers(&cir) {
            wanted.extend(taken.iter().cloned());
            wanted.extend(ruled_thunks.keys().cloned());
        }
        // By name: the candidates' order is the order in which an indirect call tests them.
        wanted.sort();
        wanted.dedup();
        for name in &wanted {
            let Some(t) = ruled_thunks.get(name) else { continue };
            if !seen.insert(name.clone()) {
                continue;
            }
            if cir.find_function(t).is_some_and(|id| !cir.function(id).is_declaration()) {
                indirect_targets.push(t.clone());
            } else if let Ok(extra) = lower::lower_module(copy.raw(), &[t.as_str()]) {
                merge_module(&mut cir, extra);
                indirect_targets.push(t.clone());
            } else {
                continue;
            }
            indirect_addresses.insert(t.clone(), name.clone());
        }
        let fresh: Vec<String> = wanted.into_iter().filter(|n| taken.contains(n) && seen.insert(n.clone())).collect();
        if fresh.is_empty() {
            break;
        }
        for name in fresh {
            if cir.find_function(&name).is_some_and(|id| !cir.function(id).is_declaration()) {
                indirect_targets.push(name);
            } else if let Ok(extra) = lower::lower_module(copy.raw(), &[name.as_str()]) {
                merge_module(&mut cir, extra);
                indirect_targets.push(name);
            }
        }
    }
    drop(copy);
    let referenced = rule_use::referenced_functions(&cir);
    if opts.print {
        eprintln!("; catalase: lowered functions\n{}", printer::print_module(&cir));
    }

    // One notion of an inactive global: the IR's flag, from metadata and registrations alike.
    for name in &registry.inactive_globals {
        if let Some(g) = cir.global_mut(name) {
            g.inactive = true;
        }
    }
    let rules = user_rules::forward_rules(module, registry)?;
    let env = Environment {
        forward_rules: rules.callable.clone(),
        reverse_rules: gradients
            .iter()
            .map(|(f, (augmented, reverse))| {
                let byref = registry.gradient_byref.get(f).cloned().unwrap_or_default();
                (f.clone(), ReverseRule { augmented: augmented.clone(), reverse: reverse.clone(), byref })
            })
            .collect(),
        inactive_fns: registry.inactive_fns.iter().cloned().collect(),
        function_like: registry.function_like.iter().map(|(f, like)| (f.clone(), like.clone())).collect(),
        emptyfn_inactive: opts.emptyfn_inactive,
        loose_types: opts.loose_types,
        indirect_targets,
        indirect_addresses,
    };
    let mut gen = Generator::new(&cir, &env);
    gen.round = round;
    gen.reuse_tape = last_round;
    // Each marker call's requests, generated together.
    let mut planned: Vec<Planned> = Vec::with_capacity(calls.len());
    let mut errors = Vec::new();
    for (i, (c, root)) in calls.iter().zip(&roots).enumerate() {
        outcome.warnings.extend(dropped_gradients(c));
        gen.origin = i;
        match plan_call(&mut gen, c, root, opts) {
            Ok(p) => planned.push(p),
            Err(d) => errors.push(with_call_site(d, c)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Err(d) = gen.run() {
        return Err(vec![with_call_site(d, &calls[gen.origin.min(calls.len() - 1)])]);
    }
    // Split mode's entry functions wrap the parts, now that their tapes are known.
    let mut wanted: Vec<(Request, split::Entry)> = Vec::with_capacity(calls.len());
    for (c, p) in calls.iter().zip(planned) {
        match finish_plan(&mut gen, &cir, c, p) {
            Ok(w) => wanted.push(w),
            Err(d) => errors.push(with_call_site(d, c)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if calls.iter().all(|c| c.mode == Mode::AugmentSize) {
        // The sizes' parts are never called: only the constants go into the module.
        for (c, (_, e)) in calls.iter().zip(&wanted) {
            if let split::Entry::Size(bytes) = e {
                rewrite::replace_with_size(c, *bytes);
                outcome.rewritten += 1;
            }
        }
        return Ok(referenced);
    }
    if opts.print_tape {
        for report in &gen.tape_reports {
            eprint!("{report}");
        }
    }
    let uses_tape_spare = gen.uses_tape_spare;
    let forward = gen.forward_requests();
    let run_messages = std::mem::take(&mut gen.run_messages);
    let (mut functions, shadow_globals, warnings) = gen.into_functions();
    outcome.warnings.extend(warnings);
    // The adapters of forward rules with C-shaped results that the derivatives call.
    let adapters = rules.adapters_for(module, &functions);
    functions.extend(adapters);
    let called: Vec<catalase_ir::Function> = sret_adapters
        .into_iter()
        .filter(|a| user_rules::calls_any(&functions, &a.name) && !user_rules::is_defined(module, &a.name))
        .collect();
    functions.extend(called);
    if opts.verify || cfg!(debug_assertions) {
        verify_generated(&functions)?;
    }
    if opts.print {
        for f in &functions {
            eprintln!("; catalase: generated\n{}", printer::print_function(f));
        }
    }

    let mut resets = Vec::new();
    let mut provided = Vec::new();
    for (name, shadow) in &shadow_globals {
        if shadow.ty.alloc_size() == 0 && user_shadow(module, registry, name, 0)?.is_none() {
            return Err(vec![unsized_global_refusal(module, name)]);
        }
        let size = shadow.ty.alloc_size().max(1);
        let mut reached = Vec::new();
        let g = match shadow_init::mirrored(module, name, &mut reached) {
            Some(g) => g,
            None => add_zero_global(module, name, size),
        };
        // Mutable globals a constant's addresses reach: their shadows are reset like any other.
        for r in reached {
            if !resets.iter().any(|&(x, _)| x == r.0) {
                resets.push(r);
            }
        }
        if shadows_thread_local(module, name) {
            LLVMSetThreadLocal(g, 1);
        }
        if let Some(user) = user_shadow(module, registry, name, size)? {
            // The program's own shadow (`enzyme_shadow`): used as it is, never reset.
            provided.push((g, user));
            continue;
        }
        if shadow.reset && !resets.iter().any(|&(x, _)| x == g) {
            resets.push((g, size));
        }
    }
    if uses_tape_spare {
        add_tape_spare(module);
    }
    for (name, text) in &run_messages {
        add_message_global(module, name, text);
    }
    // A tape helper is the same function wherever its name is (`__catalase_tape_presize`,
    // `__catalase_tape_push_f64`, ...): one that an earlier round already raised, and that this
    // round's module left out as unreachable from its roots, is used as it is.
    let functions: Vec<catalase_ir::Function> = functions.into_iter().filter(|f| !defined_tape_helper(module, f)).collect();
    for f in &functions {
        raise::raise_function(module, f).map_err(|d| vec![d])?;
    }
    for (g, user) in provided {
        LLVMReplaceAllUsesWith(g, user);
        LLVMDeleteGlobal(g);
    }
    give_sanitizer_attrs(module, &functions);
    tag_lanes(module, &cir, &forward);
    // A marker call's result may be another's operand (a tape): re-read operands before each rewrite.
    let operands: Vec<Vec<LLVMValueRef>> = calls.iter().map(|c| markers::ll::call_args(c.call)).collect();
    for ((c, (req, entry)), before) in calls.iter().zip(&wanted).zip(&operands) {
        let c = &refreshed(c, before);
        let name = match entry {
            split::Entry::Size(bytes) => {
                rewrite::replace_with_size(c, *bytes);
                outcome.rewritten += 1;
                continue;
            }
            split::Entry::Function(name) => name,
        };
        let cname = CString::new(name.as_str()).expect("generated names have no NUL");
        let derivative = LLVMGetNamedFunction(module, cname.as_ptr());
        if derivative.is_null() {
            return Err(vec![Diagnostic::error(DiagKind::Internal, format!("generated function `{name}` is missing"))]);
        }
        if req.resets_global_shadows() {
            zero_before(c.call, &resets);
        }
        let tail = match c.mode {
            Mode::AugmentedForward | Mode::ReverseSplit => {
                let checked = split::check_tail(c).map_err(|d| vec![d])?;
                let given: usize = c.args.iter().map(|a| 1 + usize::from(a.activity.has_shadow())).sum();
                split::tail_operands(c, &checked, markers::ll::param_types(derivative).len(), given)
            }
            _ => Vec::new(),
        };
        rewrite::replace_marker_call(c, derivative, &tail).map_err(|d| vec![d])?;
        outcome.rewritten += 1;
        outcome.entries.push(name.clone());
    }
    Ok(referenced)
}

/// `c` with every operand it holds re-read from its call, whose operands were `before` when it
/// was parsed: a marker call rewritten since then was replaced by its result.
unsafe fn refreshed(c: &MarkerCall, before: &[LLVMValueRef]) -> MarkerCall {
    let now = markers::ll::call_args(c.call);
    let fix = |v: LLVMValueRef| before.iter().position(|&b| b == v).and_then(|i| now.get(i).copied()).unwrap_or(v);
    let mut c = c.clone();
    for a in &mut c.args {
        a.primal = fix(a.primal);
        a.shadows.iter_mut().for_each(|s| *s = fix(*s));
        a.dupv_stride = a.dupv_stride.map(fix);
    }
    c.extra.iter_mut().for_each(|v| *v = fix(*v));
    c.tape = c.tape.map(fix);
    c
}

/// Alias scopes on the raised forward derivatives (`lane_scopes`): primal memory and each
/// lane's shadow memory apart.
unsafe fn tag_lanes(module: LLVMModuleRef, cir: &catalase_ir::Module, forward: &[(String, Request)]) {
    for (name, req) in forward {
        let Some(id) = cir.find_function(&req.function) else { continue };
        let roles = lane_scopes::param_roles(&cir.function(id).sig, req);
        let cname = CString::new(name.as_str()).expect("generated names have no NUL");
        let f = LLVMGetNamedFunction(module, cname.as_ptr());
        if !f.is_null() && LLVMCountParams(f) as usize == roles.len() {
            lane_scopes::tag_function(f, &roles, req.width);
        }
    }
}

/// The IR verifier on every generated function: each broken one is an internal error that
/// lists every broken invariant.
pub(crate) fn verify_generated(functions: &[catalase_ir::Function]) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = functions
        .iter()
        .filter_map(|f| {
            let broken = catalase_ir::verify::verify_function(f).err()?;
            let list: String = broken.iter().map(|e| format!("\n  {e}")).collect();
            let message = format!("internal error: generated function `{}` fails the IR verifier:{list}", f.name);
            Some(
                Diagnostic::error(DiagKind::Internal, message)
                    .in_function(&f.name)
                    .with_help("this is a Catalase bug; please report it with the input module"),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn arg_activity(a: Activity) -> ArgActivity {
    match a {
        Activity::Const => ArgActivity::Const,
        Activity::Dup => ArgActivity::Dup,
        Activity::DupNoNeed => ArgActivity::DupNoNeed,
        Activity::Out => ArgActivity::Out,
    }
}

/// The requests of one marker call: its derivative, or for split mode (and the harness
/// switch `split-autodiff`) the parts its entry function wraps.
struct Planned {
    req: Request,
    name: String,
    /// The augmented part, for split calls.
    aug: Option<(Request, String)>,
}

fn plan_call(gen: &mut Generator<'_>, c: &MarkerCall, root: &str, opts: &Options) -> Result<Planned, Diagnostic> {
    // `enzyme_runtime_activity` (Enzyme's runtime activity): a pointer the caller passes as its
    // own shadow means inactive memory; the derivative guards every access through it
    // (`catalase_ad::standin`). Only where the call passes it so: a parameter that may stand in
    // cannot reach a user rule, which cannot guard its accesses. Pointers the derivative loads
    // from its arguments' memory may stand in too (a shadow struct whose field is the primal's
    // pointer): the request says so (`standins`), and their accesses are guarded as well.
    let args: Vec<ArgActivity> = c
        .args
        .iter()
        .map(|a| match arg_activity(a.activity) {
            ArgActivity::Dup if c.runtime_activity && a.shadow_is_primal() => ArgActivity::DupMixed,
            other => other,
        })
        .collect();
    let strong_zero = c.strong_zero || opts.strong_zero;
    let mut req = Request { function: root.to_string(), args: args.clone(), width: c.width, mode: request::Mode::FORWARD, standins: c.runtime_activity, strong_zero, fp80_clean: false };
    match c.mode {
        Mode::Forward => req.mode = request::Mode::Forward { return_primal: c.primal_return, return_tangent: c.return_activity != Some(Activity::Const) },
        Mode::Reverse => {
            let active = c.return_activity != Some(Activity::Const);
            req.mode = request::Mode::Reverse { return_primal: c.primal_return, active_return: active };
            // A constant return stays combined: the parts always treat the result as active
            // (one augmented part serves every reverse part of a pattern).
            if opts.split_autodiff && active {
                let returns = c.primal_return && !markers::ll::is_void(markers::ll::return_type(c.function));
                let aug = Request { mode: request::Mode::Augmented { return_primal: returns, return_shadow: false }, strong_zero: false, ..req.clone() };
                let seeded = active && split::active_return(c.function);
                let rev = Request { mode: request::Mode::ReverseSplit { active_return: seeded, nofree: false, top: true, keep_returned: false, keep_stored: 0 }, ..req.clone() };
                let aug_name = gen.request(aug.clone())?;
                let name = gen.request(rev.clone())?;
                return Ok(Planned { req: rev, name, aug: Some((aug, aug_name)) });
            }
        }
        Mode::AugmentedForward | Mode::ReverseSplit | Mode::AugmentSize => {
            split::check_tail(c)?;
            let (aug, rev) = split::part_requests(c, root, args);
            let rev = rev.map(|rev| Request { strong_zero, ..rev });
            let aug_name = gen.request(aug.clone())?;
            let req = rev.unwrap_or_else(|| aug.clone());
            let name = gen.request(req.clone())?;
            return Ok(Planned { req, name, aug: Some((aug, aug_name)) });
        }
    }
    let name = gen.request(req.clone())?;
    Ok(Planned { req, name, aug: None })
}

/// The function a marker call is rewritten to: its derivative, or the entry function of split
/// mode around the parts (a size for `__enzyme_augmentsize`).
fn finish_plan(gen: &mut Generator<'_>, cir: &catalase_ir::Module, c: &MarkerCall, p: Planned) -> Result<(Request, split::Entry), Diagnostic> {
    let Some((aug, aug_name)) = p.aug else { return Ok((p.req, split::Entry::Function(p.name))) };
    let f = cir.function(cir.find_function(&p.req.function).expect("requested"));
    let sig = |r: &Request| catalase_ad::reverse::derivative_signature(&f.sig, r);
    if c.mode == Mode::Reverse {
        let seeded = matches!(p.req.mode, request::Mode::ReverseSplit { active_return: true, .. });
        let combined = Request { mode: request::Mode::Reverse { return_primal: c.primal_return, active_return: seeded }, ..p.req.clone() };
        let seed = seeded.then(|| f.sig.ret.clone());
        let name = catalase_ad::reverse::split::combined_entry(gen, &sig(&combined), (&aug_name, &sig(&aug)), (&p.name, &sig(&p.req)), seed);
        return Ok((combined, split::Entry::Function(name)));
    }
    let own_sig = sig(&p.req);
    let entry = split::entry(gen, c, &aug_name, (&p.name, &own_sig))?;
    Ok((p.req, entry))
}

/// ABI §0.1: `__enzyme_autodiff` declared to return one scalar while several results come back
/// (the primal and gradients of `enzyme_out` arguments): element 0 is returned, the others are
/// dropped with a warning naming them.
unsafe fn dropped_gradients(c: &MarkerCall) -> Option<Diagnostic> {
    if c.mode == Mode::Forward {
        return dropped_lanes(c);
    }
    if c.mode != Mode::Reverse || c.sret.is_some() {
        return None;
    }
    let declared = markers::ll::type_of(c.call);
    if markers::ll::is_void(declared) || matches!(markers::ll::kind(declared), llvm_sys::LLVMTypeKind::LLVMStructTypeKind | llvm_sys::LLVMTypeKind::LLVMArrayTypeKind) {
        return None;
    }
    let mut results: Vec<String> = Vec::new();
    // The C type of each result, for the struct the help shows.
    let mut fields: Vec<String> = Vec::new();
    let c_type = |t| match markers::ll::print_type(t).as_str() {
        "double" => "double".to_string(),
        "float" => "float".to_string(),
        other => format!("/* {other} */"),
    };
    if c.primal_return {
        results.push("the primal result".into());
        fields.push(format!("{} primal;", c_type(markers::ll::return_type(c.function))));
    }
    for (i, a) in c.args.iter().enumerate() {
        if a.activity == Activity::Out {
            results.push(format!("the gradient of argument {i}"));
            fields.push(format!("{} d{i};", c_type(a.param_type)));
        }
    }
    // A vector holds a result per lane (`struct {float a, b;}` is returned as `<2 x float>`).
    let holds = rewrite::scalar_leaves(declared).map_or(1, |l| l.len().max(1));
    if results.len() <= holds {
        return None;
    }
    let msg = format!(
        "`__enzyme_autodiff` is declared to return {}, which holds only {}; {} dropped",
        markers::ll::print_type(declared),
        results[..holds].join(", "),
        results[holds..].join(", ")
    );
    Some(
        Diagnostic::warning(DiagKind::IllegalReturnCast, msg)
            .in_function(value_name(markers::ll::parent_function(c.call)))
            .at_inst(markers::ll::print_value(c.call))
            .at_loc(markers::ll::call_site_loc(c.call))
            .with_help(format!("declare the marker to return `struct {{ {} }}`, one field per result in this order", fields.join(" "))),
    )
}

/// The same for `__enzyme_fwddiff` at `enzyme_width` N of a function with a floating-point
/// result, declared to return one scalar: lane 0's tangent (or the primal, with
/// `enzyme_primal_return`) is returned as Enzyme does, the other lanes are dropped with a warning.
unsafe fn dropped_lanes(c: &MarkerCall) -> Option<Diagnostic> {
    use markers::ll;
    let declared = ll::type_of(c.call);
    let ret = ll::return_type(c.function);
    if c.sret.is_some() || c.width < 2 || !ll::is_float_kind(ll::kind(declared)) || !ll::is_float_kind(ll::kind(ret)) {
        return None;
    }
    if c.return_activity == Some(Activity::Const) {
        return None;
    }
    let scalar = ll::print_type(declared);
    let mut fields: Vec<String> = Vec::new();
    if c.primal_return {
        fields.push(format!("{scalar} primal;"));
    }
    fields.push(format!("{scalar} d[{}];", c.width));
    let kept = if c.primal_return { "the primal result" } else { "the tangent of lane 0" };
    let dropped = match (c.primal_return, c.width) {
        (true, w) => format!("the tangents of all {w} lanes are"),
        (false, 2) => "the tangent of lane 1 is".to_string(),
        (false, w) => format!("the tangents of lanes 1..{} are", w - 1),
    };
    let msg = format!(
        "`__enzyme_fwddiff` at enzyme_width {} is declared to return {scalar}, which holds only {kept}; {dropped} dropped",
        c.width
    );
    Some(
        Diagnostic::warning(DiagKind::IllegalReturnCast, msg)
            .in_function(value_name(ll::parent_function(c.call)))
            .at_inst(ll::print_value(c.call))
            .at_loc(ll::call_site_loc(c.call))
            .with_help(format!("declare the marker to return `struct {{ {} }}`", fields.join(" "))),
    )
}

/// The marker call `c` as where `d` happened, when `d` names no instruction of the user's
/// (a refusal of the request itself: its activities, its function, a rule's shape). A rule's
/// thunk (`rule_roots`) is no function of the user's: what happened there happened at the call.
unsafe fn with_call_site(d: Diagnostic, c: &MarkerCall) -> Diagnostic {
    let d = rule_roots::at_call(d, &value_name(c.function));
    let caller = markers::ll::parent_function(c.call);
    d.or_at(value_name(caller), markers::ll::print_value(c.call), markers::ll::call_site_loc(c.call))
}

unsafe fn value_name(v: LLVMValueRef) -> String {
    let mut len = 0usize;
    let p = LLVMGetValueName2(v, &mut len);
    if p.is_null() {
        return String::new();
    }
    String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len)).into_owned()
}

/// `memset(shadow, 0, size)` before `call` for each mutable global's shadow, for requests that
/// reset global shadows (forward: tangents of what the program stored before the derivative
/// call are zero; reverse modes accumulate into the shadows instead).
unsafe fn zero_before(call: LLVMValueRef, resets: &[(LLVMValueRef, u64)]) {
    if resets.is_empty() {
        return;
    }
    let module = LLVMGetGlobalParent(LLVMGetBasicBlockParent(LLVMGetInstructionParent(call)));
    let ctx = LLVMGetModuleContext(module);
    let builder = LLVMCreateBuilderInContext(ctx);
    LLVMPositionBuilderBefore(builder, call);
    let i8t = LLVMInt8TypeInContext(ctx);
    let i64t = LLVMInt64TypeInContext(ctx);
    for &(g, size) in resets {
        // A shadow holding the addresses of other shadows (`shadow_init`) gets them back.
        if shadow_init::reset_mirrored(module, builder, g) {
            continue;
        }
        LLVMBuildMemSet(builder, g, LLVMConstInt(i8t, 0, 0), LLVMConstInt(i64t, size, 0), 16);
    }
    LLVMDisposeBuilder(builder);
}

/// Sanitizers instrument only the functions that carry their attribute (clang gives it to
/// every function of a `-fsanitize=` build): the generated functions get each sanitizer
/// attribute that a function the module defined carries, so that AddressSanitizer checks the
/// derivatives and their tape too.
unsafe fn give_sanitizer_attrs(module: LLVMModuleRef, generated: &[catalase_ir::Function]) {
    const SANITIZERS: [&str; 4] = ["sanitize_address", "sanitize_memory", "sanitize_thread", "sanitize_hwaddress"];
    let names: HashSet<&str> = generated.iter().map(|f| f.name.as_str()).collect();
    let kinds: Vec<u32> = SANITIZERS.iter().map(|n| LLVMGetEnumAttributeKindForName(n.as_ptr().cast(), n.len())).collect();
    let mut present = vec![false; kinds.len()];
    let mut f = LLVMGetFirstFunction(module);
    while !f.is_null() {
        let mut len = 0;
        let name = std::slice::from_raw_parts(LLVMGetValueName2(f, &mut len).cast::<u8>(), len);
        if LLVMIsDeclaration(f) == 0 && !std::str::from_utf8(name).is_ok_and(|n| names.contains(n)) {
            for (p, &k) in present.iter_mut().zip(&kinds) {
                *p |= !LLVMGetEnumAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, k).is_null();
            }
        }
        f = LLVMGetNextFunction(f);
    }
    let ctx = LLVMGetModuleContext(module);
    for g in generated {
        let cname = CString::new(g.name.as_str()).expect("generated names have no NUL");
        let func = LLVMGetNamedFunction(module, cname.as_ptr());
        if func.is_null() || LLVMIsDeclaration(func) != 0 {
            continue;
        }
        for (_, &k) in present.iter().zip(&kinds).filter(|(p, _)| **p) {
            LLVMAddAttributeAtIndex(func, llvm_sys::LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, k, 0));
        }
    }
}

/// Whether the shadow global `shadow` (`__catalase_shadow_<g>`, `__catalase_shadow<lane>_<g>` or
/// `__catalase_zero_<g>`, see `catalase_ad::generator`) belongs to a thread-local global: then each
/// thread has its own derivatives, as it has its own values.
unsafe fn shadows_thread_local(module: LLVMModuleRef, shadow: &str) -> bool {
    let Some(rest) = shadow.strip_prefix("__catalase_shadow").or_else(|| shadow.strip_prefix("__catalase_zero")) else {
        return false;
    };
    let Some(name) = rest.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix('_') else { return false };
    let Ok(cname) = CString::new(name) else { return false };
    let g = LLVMGetNamedGlobal(module, cname.as_ptr());
    !g.is_null() && LLVMIsThreadLocal(g) != 0
}

/// The global the program gave (`enzyme_shadow`) as the shadow of the global whose shadow
/// global Catalase named `shadow` (`__catalase_shadow_<g>`, ...), if any. A second lane's
/// shadow of such a global, or a provided shadow smaller than the global, is an error: the
/// program gave one shadow, and a derivative must not write past it.
unsafe fn user_shadow(module: LLVMModuleRef, registry: &registry::Registry, shadow: &str, size: u64) -> Result<Option<LLVMValueRef>, Vec<Diagnostic>> {
    let Some(rest) = shadow.strip_prefix("__catalase_shadow").or_else(|| shadow.strip_prefix("__catalase_zero")) else {
        return Ok(None);
    };
    let lane = rest.starts_with(|c: char| c.is_ascii_digit());
    let Some(global) = rest.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix('_') else { return Ok(None) };
    let Some(user) = registry.user_shadows.get(global) else { return Ok(None) };
    let refuse = |why: String| {
        vec![Diagnostic::error(DiagKind::Unsupported, why)
            .at_inst(format!("@{global}"))
            .with_help("differentiate with width 1, or give the global a shadow of its own type (`enzyme_shadow(g_shadow)` on `g`)")]
    };
    if lane {
        return Err(refuse(format!("global `{global}` has the shadow `{user}` given by `enzyme_shadow`, and a derivative of width > 1 needs one shadow per lane")));
    }
    let cname = CString::new(user.as_str()).expect("no NUL");
    let g = LLVMGetNamedGlobal(module, cname.as_ptr());
    if g.is_null() {
        return Err(refuse(format!("the shadow `{user}` that `enzyme_shadow` gives global `{global}` is not in the module")));
    }
    let have = llvm_sys::target::LLVMABISizeOfType(llvm_sys::target::LLVMGetModuleDataLayout(module), LLVMGlobalGetValueType(g));
    if have < size {
        return Err(refuse(format!("the shadow `{user}` that `enzyme_shadow` gives global `{global}` has {have} bytes, fewer than the global's {size}")));
    }
    Ok(Some(g))
}

/// The refusal of a derivative that needs the shadow of a global whose size this module does
/// not know (`extern double w[];`, defined in another file): a shadow of a guessed size would be
/// read and written past its end. Placed at the first instruction of a defined function that
/// uses the global (directly or through a constant expression).
unsafe fn unsized_global_refusal(module: LLVMModuleRef, shadow: &str) -> Diagnostic {
    let global = shadow.strip_prefix("__catalase_shadow").or_else(|| shadow.strip_prefix("__catalase_zero")).unwrap_or(shadow);
    let global = global.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches('_').to_string();
    let mut d = Diagnostic::error(
        DiagKind::Unsupported,
        format!("the derivative needs a shadow of global `{global}`, whose size is unknown in this file (it is declared without one, e.g. `extern double {global}[];`)"),
    )
    .with_help(format!(
        "declare `{global}` with its size (`extern double {global}[N];`) or define it in this file, give it a shadow with `enzyme_shadow`, or mark it inactive with __enzyme_inactive_global if it never holds derivatives"
    ));
    let cname = CString::new(global.as_str()).expect("no NUL");
    let g = LLVMGetNamedGlobal(module, cname.as_ptr());
    let mut users = Vec::new();
    if !g.is_null() {
        let mut u = LLVMGetFirstUse(g);
        while !u.is_null() {
            let user = LLVMGetUser(u);
            if LLVMIsAInstruction(user).is_null() {
                let mut v = LLVMGetFirstUse(user);
                while !v.is_null() {
                    users.push(LLVMGetUser(v));
                    v = LLVMGetNextUse(v);
                }
            } else {
                users.push(user);
            }
            u = LLVMGetNextUse(u);
        }
    }
    if let Some(&inst) = users.iter().find(|&&i| !LLVMIsAInstruction(i).is_null()) {
        let f = LLVMGetBasicBlockParent(LLVMGetInstructionParent(inst));
        let mut len = 0;
        let name = LLVMGetValueName2(f, &mut len);
        let fname = String::from_utf8_lossy(std::slice::from_raw_parts(name.cast::<u8>(), len)).into_owned();
        d = d.in_function(fname).at_inst(crate::lower::print_value(inst).trim().to_string()).at_loc(markers::ll::debug_loc(inst));
    } else {
        d = d.at_inst(format!("@{global}"));
    }
    d
}

/// A zero-filled internal global of `size` bytes (the shadow of a global variable).
/// The thread-local spare tape buffer `{ptr, i64}` of the reverse-mode gradients (see
/// `catalase_ad::reverse::tape::SPARE`), zero, one per module.
unsafe fn add_tape_spare(module: LLVMModuleRef) {
    let g = add_zero_global(module, catalase_ad::reverse::tape::SPARE, 24);
    LLVMSetThreadLocal(g, 1);
    add_spare_keep(module, g);
}

/// Define `catalase_ad::reverse::tape::SPARE_KEEP` for the spare `{ptr, i64 cap, i64 registered}`
/// at `spare` (unless the module has it), and the thread-exit destructor it registers.
unsafe fn add_spare_keep(module: LLVMModuleRef, spare: LLVMValueRef) {
    let name = CString::new(catalase_ad::reverse::tape::SPARE_KEEP).expect("no NUL");
    if !LLVMGetNamedFunction(module, name.as_ptr()).is_null() {
        return;
    }
    let ctx = LLVMGetModuleContext(module);
    let (ptr, i64t, i32t, void) =
        (LLVMPointerTypeInContext(ctx, 0), LLVMInt64TypeInContext(ctx), LLVMInt32TypeInContext(ctx), LLVMVoidTypeInContext(ctx));
    let declared = |fname: &std::ffi::CStr, ty| {
        let f = LLVMGetNamedFunction(module, fname.as_ptr());
        if f.is_null() { LLVMAddFunction(module, fname.as_ptr(), ty) } else { f }
    };
    let mut one_ptr = [ptr];
    let free_ty = LLVMFunctionType(void, one_ptr.as_mut_ptr(), 1, 0);
    let free = declared(c"free", free_ty);
    let mut atexit_params = [ptr, ptr, ptr];
    let atexit_ty = LLVMFunctionType(i32t, atexit_params.as_mut_ptr(), 3, 0);
    let atexit = declared(c"__cxa_thread_atexit_impl", atexit_ty);
    let mut dso = LLVMGetNamedGlobal(module, c"__dso_handle".as_ptr());
    if dso.is_null() {
        dso = LLVMAddGlobal(module, LLVMInt8TypeInContext(ctx), c"__dso_handle".as_ptr());
        LLVMSetVisibility(dso, llvm_sys::LLVMVisibility::LLVMHiddenVisibility);
    }
    let b = LLVMCreateBuilderInContext(ctx);
    let field = |b, k: u64| {
        let mut idx = [LLVMConstInt(i64t, 8 * k, 0)];
        LLVMBuildInBoundsGEP2(b, LLVMInt8TypeInContext(ctx), spare, idx.as_mut_ptr(), 1, c"".as_ptr())
    };
    // The destructor: free the spare and empty it.
    let dtor = LLVMAddFunction(module, c"__catalase_tape_spare_free".as_ptr(), free_ty);
    LLVMSetLinkage(dtor, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, dtor, c"".as_ptr()));
    let data = LLVMBuildLoad2(b, ptr, spare, c"".as_ptr());
    let mut args = [data];
    LLVMBuildCall2(b, free_ty, free, args.as_mut_ptr(), 1, c"".as_ptr());
    LLVMBuildStore(b, LLVMConstNull(ptr), spare);
    LLVMBuildStore(b, LLVMConstInt(i64t, 0, 0), field(b, 1));
    LLVMBuildRetVoid(b);
    // keep(data, cap)
    let mut keep_params = [ptr, i64t];
    let keep_ty = LLVMFunctionType(void, keep_params.as_mut_ptr(), 2, 0);
    let keep = LLVMAddFunction(module, name.as_ptr(), keep_ty);
    LLVMSetLinkage(keep, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
    let entry = LLVMAppendBasicBlockInContext(ctx, keep, c"".as_ptr());
    let register = LLVMAppendBasicBlockInContext(ctx, keep, c"".as_ptr());
    let done = LLVMAppendBasicBlockInContext(ctx, keep, c"".as_ptr());
    LLVMPositionBuilderAtEnd(b, entry);
    let old = LLVMBuildLoad2(b, ptr, spare, c"".as_ptr());
    let mut args = [old];
    LLVMBuildCall2(b, free_ty, free, args.as_mut_ptr(), 1, c"".as_ptr());
    LLVMBuildStore(b, LLVMGetParam(keep, 0), spare);
    LLVMBuildStore(b, LLVMGetParam(keep, 1), field(b, 1));
    let flag = field(b, 2);
    let registered = LLVMBuildLoad2(b, i64t, flag, c"".as_ptr());
    let first = LLVMBuildICmp(b, llvm_sys::LLVMIntPredicate::LLVMIntEQ, registered, LLVMConstInt(i64t, 0, 0), c"".as_ptr());
    LLVMBuildCondBr(b, first, register, done);
    LLVMPositionBuilderAtEnd(b, register);
    LLVMBuildStore(b, LLVMConstInt(i64t, 1, 0), flag);
    let mut args = [dtor, LLVMConstNull(ptr), dso];
    LLVMBuildCall2(b, atexit_ty, atexit, args.as_mut_ptr(), 3, c"".as_ptr());
    LLVMBuildBr(b, done);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRetVoid(b);
    LLVMDisposeBuilder(b);
}

unsafe fn add_zero_global(module: LLVMModuleRef, name: &str, size: u64) -> LLVMValueRef {
    let cname = CString::new(name).expect("no NUL");
    let existing = LLVMGetNamedGlobal(module, cname.as_ptr());
    if !existing.is_null() {
        return existing;
    }
    let ctx = LLVMGetModuleContext(module);
    let ty = LLVMArrayType2(LLVMInt8TypeInContext(ctx), size);
    let g = LLVMAddGlobal(module, ty, cname.as_ptr());
    LLVMSetInitializer(g, LLVMConstNull(ty));
    LLVMSetLinkage(g, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
    LLVMSetAlignment(g, shadow_init::shadow_alignment(module, name));
    g
}

/// A private constant NUL-terminated string `text` named `name` (a message generated code
/// prints at run time, `catalase_ad::stale`), unless the module has it.
unsafe fn add_message_global(module: LLVMModuleRef, name: &str, text: &str) {
    let cname = CString::new(name).expect("no NUL");
    if !LLVMGetNamedGlobal(module, cname.as_ptr()).is_null() {
        return;
    }
    let ctx = LLVMGetModuleContext(module);
    let bytes = text.replace('\0', " ");
    let init = LLVMConstStringInContext2(ctx, bytes.as_ptr().cast(), bytes.len(), 0);
    let g = LLVMAddGlobal(module, LLVMTypeOf(init), cname.as_ptr());
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, llvm_sys::LLVMLinkage::LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, llvm_sys::LLVMUnnamedAddr::LLVMGlobalUnnamedAddr);
}

/// Turn the definition `name` of `module` into a declaration of the same type and name.
/// Reduce a module that fails LLVM's verifier to declarations, so that whatever runs after the
/// failed pass (clang's code generation) sees a valid, empty module instead of crashing on the
/// broken one; the error has already been reported.
///
/// # Safety
/// `module` must be a valid LLVM module.
pub unsafe fn reduce_to_declarations(module: LLVMModuleRef) {
    let mut names = Vec::new();
    let mut f = LLVMGetFirstFunction(module);
    while !f.is_null() {
        if LLVMCountBasicBlocks(f) > 0 {
            names.push(value_name(f));
        }
        f = LLVMGetNextFunction(f);
    }
    for name in names {
        strip_body(module, &name);
        let cname = CString::new(name).expect("no NUL");
        let decl = LLVMGetNamedFunction(module, cname.as_ptr());
        if !decl.is_null() {
            LLVMSetLinkage(decl, llvm_sys::LLVMLinkage::LLVMExternalLinkage);
        }
    }
    let mut g = LLVMGetFirstGlobal(module);
    while !g.is_null() {
        let next = LLVMGetNextGlobal(g);
        LLVMSetLinkage(g, llvm_sys::LLVMLinkage::LLVMExternalLinkage);
        g = next;
    }
}

/// The functions holding integer-only inline assembly (`known_asm::outline_integer_asm`) as
/// inactive declarations: lowering never looks at the assembly, and the derivatives call them.
unsafe fn strip_outlined_asm(module: LLVMModuleRef) {
    for f in markers::ll::functions(module) {
        let name = markers::ll::name(f);
        if name.starts_with(crate::known_asm::OUTLINED_PREFIX) {
            strip_body(module, &name);
            let cname = CString::new(name).expect("no NUL");
            let decl = LLVMGetNamedFunction(module, cname.as_ptr());
            let key = "enzyme_inactive";
            let a = LLVMCreateStringAttribute(LLVMGetModuleContext(module), key.as_ptr().cast(), key.len() as u32, c"".as_ptr(), 0);
            LLVMAddAttributeAtIndex(decl, llvm_sys::LLVMAttributeFunctionIndex, a);
        }
    }
}

unsafe fn strip_body(module: LLVMModuleRef, name: &str) {
    let cname = CString::new(name).expect("no NUL");
    let old = LLVMGetNamedFunction(module, cname.as_ptr());
    if old.is_null() || LLVMCountBasicBlocks(old) == 0 {
        return;
    }
    let ty = LLVMGlobalGetValueType(old);
    let stack_only = lower::stack_only::writes_only_stack(old);
    let no_float = lower::stack_only::params_without_floats(old);
    let decl = LLVMAddFunction(module, c"catalase.stripped".as_ptr(), ty);
    if stack_only {
        let (k, v) = (catalase_ir::inst::STACK_ONLY_ATTR, "");
        let a = LLVMCreateStringAttribute(LLVMGetModuleContext(module), k.as_ptr().cast(), k.len() as u32, v.as_ptr().cast(), 0);
        LLVMAddAttributeAtIndex(decl, llvm_sys::LLVMAttributeFunctionIndex, a);
    }
    for i in no_float {
        let (k, v) = (catalase_ir::inst::NO_FLOAT_POINTEE_ATTR, "");
        let a = LLVMCreateStringAttribute(LLVMGetModuleContext(module), k.as_ptr().cast(), k.len() as u32, v.as_ptr().cast(), 0);
        LLVMAddAttributeAtIndex(decl, i + 1, a);
    }
    LLVMReplaceAllUsesWith(old, decl);
    LLVMDeleteFunction(old);
    LLVMSetValueName2(decl, cname.as_ptr(), name.len());
}

/// Put the attributes by which the analyses and the generator know registered allocators
/// (`catalase_ad::known::ALLOCATOR_ATTR` and the others) on them and their deallocators in
/// `module` (the copy that is lowered), as Enzyme marks them.
unsafe fn mark_allocators(module: LLVMModuleRef, registry: &registry::Registry) {
    use catalase_ad::known;
    let add = |f: LLVMValueRef, key: &str, value: &str| {
        let a = LLVMCreateStringAttribute(LLVMGetModuleContext(module), key.as_ptr().cast(), key.len() as u32, value.as_ptr().cast(), value.len() as u32);
        LLVMAddAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, a);
    };
    let named = |name: &str| CString::new(name).map_or(std::ptr::null_mut(), |c| LLVMGetNamedFunction(module, c.as_ptr()));
    for (name, a) in &registry.allocators {
        let f = named(name);
        if !f.is_null() {
            add(f, known::ALLOCATOR_ATTR, &a.size.to_string());
            add(f, known::DEALLOCATOR_ATTR, &a.free_args);
            add(f, known::DEALLOCATOR_FN_ATTR, &a.free_fn);
        }
    }
    for (name, param) in registry.deallocators() {
        let f = named(name);
        if !f.is_null() {
            add(f, known::FREES_ATTR, &param.to_string());
        }
    }
}

/// Whether some function of `module` calls through a pointer.
unsafe fn has_indirect_calls(module: LLVMModuleRef) -> bool {
    crate::markers::ll::functions(module).into_iter().any(|f| {
        let mut b = LLVMGetFirstBasicBlock(f);
        while !b.is_null() {
            let mut i = LLVMGetFirstInstruction(b);
            while !i.is_null() {
                let call = !LLVMIsACallInst(i).is_null() || !LLVMIsAInvokeInst(i).is_null();
                if call && LLVMIsAFunction(ll_strip(LLVMGetCalledValue(i))).is_null() && LLVMIsAInlineAsm(LLVMGetCalledValue(i)).is_null() {
                    return true;
                }
                i = LLVMGetNextInstruction(i);
            }
            b = LLVMGetNextBasicBlock(b);
        }
        false
    })
}

fn ll_strip(v: LLVMValueRef) -> LLVMValueRef {
    crate::markers::ll::strip_casts(v)
}

/// Defined functions of `module` used other than as the callee of a call: their address is
/// taken, so an indirect call may reach them.
unsafe fn address_taken_functions(module: LLVMModuleRef) -> Vec<String> {
    let mut out = Vec::new();
    let mut f = LLVMGetFirstFunction(module);
    while !f.is_null() {
        if LLVMCountBasicBlocks(f) > 0 && address_taken(f) {
            out.push(value_name(f));
        }
        f = LLVMGetNextFunction(f);
    }
    out
}

/// Whether `f`'s address is used other than as the callee of a call and in the registration
/// globals (`__enzyme_register_gradient_f = {f, aug, rev}` makes no pointer a program calls).
unsafe fn address_taken(f: LLVMValueRef) -> bool {
    let mut u = LLVMGetFirstUse(f);
    while !u.is_null() {
        let user = LLVMGetUser(u);
        let is_callee =
            (!LLVMIsACallInst(user).is_null() || !LLVMIsAInvokeInst(user).is_null()) && LLVMGetCalledValue(user) == f;
        if !is_callee && !only_in_registrations(user, 0) {
            return true;
        }
        u = LLVMGetNextUse(u);
    }
    false
}

/// Whether the constant `c` (an initializer, or a part of one) is used only by the `__enzyme_*`
/// globals that register rules and markings.
unsafe fn only_in_registrations(c: LLVMValueRef, depth: u32) -> bool {
    if !LLVMIsAGlobalVariable(c).is_null() {
        return value_name(c).starts_with("__enzyme_");
    }
    if LLVMIsAConstant(c).is_null() || !LLVMIsAGlobalValue(c).is_null() || depth > 6 {
        return false;
    }
    let mut u = LLVMGetFirstUse(c);
    let mut any = false;
    while !u.is_null() {
        if !only_in_registrations(LLVMGetUser(u), depth + 1) {
            return false;
        }
        any = true;
        u = LLVMGetNextUse(u);
    }
    any
}

/// Functions whose bodies are never differentiated (user rules, function-like mappings,
/// inactive functions, registered allocators and deallocators) whose address the program takes,
/// and the C library's allocators and frees whose address it takes (`malloc` kept in a function
/// pointer: Enzyme's metamalloc test) where it calls through pointers: an indirect call that
/// reaches one of them differentiates its thunk, whose direct call makes (or frees) the shadow
/// block.
unsafe fn opaque_address_taken(module: LLVMModuleRef, registry: &registry::Registry) -> Vec<LLVMValueRef> {
    let library: Vec<String> = if has_indirect_calls(module) {
        use catalase_ad::known;
        let named = ["calloc", "realloc", "aligned_alloc", "memalign"];
        known::MALLOCS.iter().chain(known::ALIGNED_NEWS).chain(known::FREES).chain(&named).map(|s| s.to_string()).collect()
    } else {
        Vec::new()
    };
    let names: HashSet<&String> = registry
        .derivatives
        .keys()
        .chain(registry.gradients.keys())
        .chain(registry.function_like.keys())
        .chain(registry.inactive_fns.iter())
        .chain(registry.allocation_functions())
        .chain(library.iter())
        .collect();
    let mut names: Vec<&String> = names.into_iter().collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|n| {
            let cname = CString::new(n.as_str()).ok()?;
            let f = LLVMGetNamedFunction(module, cname.as_ptr());
            (!f.is_null() && address_taken(f)).then_some(f)
        })
        .collect()
}

/// The bodies of functions with forward rules that the lowered code calls, where they can be
/// lowered: a call whose pointer argument has no shadow for the rule differentiates the body
/// instead, as Enzyme does (`catalase_ad::forward` `emit_custom`). Each body comes from a
/// second simplified copy in which the other opaque functions are stripped; the declaration
/// keeps its attributes (those `strip_body` adds: no float behind a parameter, stack only).
/// A body that cannot be lowered stays a declaration (the call then needs every shadow).
unsafe fn ruled_bodies(
    module: LLVMModuleRef,
    registry: &registry::Registry,
    opaque: &[&String],
    cir: &mut catalase_ir::Module,
) -> Result<(), Vec<Diagnostic>> {
    let wanted: Vec<&String> = registry
        .derivatives
        .keys()
        .filter(|n| cir.find_function(n).is_some_and(|id| cir.function(id).is_declaration()))
        .filter(|n| CString::new(n.as_str()).is_ok_and(|c| LLVMCountBasicBlocks(LLVMGetNamedFunction(module, c.as_ptr())) > 0))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let copy = passes::simplified_copy(module).map_err(|d| vec![d])?;
    strip_outlined_asm(copy.raw());
    for name in opaque {
        if !registry.derivatives.contains_key(*name) {
            strip_body(copy.raw(), name);
        }
    }
    mark_allocators(copy.raw(), registry);
    crate::byval_copy::copy_byval_arguments(copy.raw());
    crate::x86_scalar_minmax::expand(copy.raw());
    crate::known_asm::rewrite(copy.raw());
    for name in wanted {
        let others = |n: &str| n != name.as_str() && opaque.iter().any(|o| o.as_str() == n);
        let Ok(mut extra) = lower::lower_module_with(copy.raw(), &[name.as_str()], &others) else { continue };
        let (Some(id), Some(xid)) = (cir.find_function(name), extra.find_function(name)) else { continue };
        let mut body = extra.function(xid).clone();
        body.attrs = cir.function(id).attrs.clone();
        extra.replace_function(xid, body);
        merge_module(cir, extra);
    }
    Ok(())
}

/// Add the functions and globals of `extra` that `cir` lacks (a declaration is replaced by a
/// definition).
fn merge_module(cir: &mut catalase_ir::Module, extra: catalase_ir::Module) {
    for f in extra.functions().values() {
        match cir.find_function(&f.name) {
            None => {
                cir.add_function(f.clone());
            }
            Some(id) if cir.function(id).is_declaration() && !f.is_declaration() => {
                cir.replace_function(id, f.clone());
            }
            Some(_) => {}
        }
    }
    for g in extra.globals() {
        if cir.find_global(&g.name).is_none() {
            cir.add_global(g.clone());
        }
    }
}

/// Whether some lowered function calls through a pointer.
fn calls_through_pointers(cir: &catalase_ir::Module) -> bool {
    cir.functions().values().any(|f| {
        f.dfg.insts.values().any(|node| {
            matches!(
                &node.data,
                catalase_ir::InstData::Call { callee: catalase_ir::inst::Callee::Indirect(_), .. }
                    | catalase_ir::InstData::Invoke { callee: catalase_ir::inst::Callee::Indirect(_), .. }
            )
        })
    })
}

/// Functions named by the lowered code: as operands of its instructions, or inside the
/// initializers of the globals it refers to (vtables, function tables); and the methods of
/// every vtable defined in the module.
unsafe fn visible_functions(module: LLVMModuleRef, cir: &catalase_ir::Module) -> Vec<String> {
    let mut names: HashSet<String> = HashSet::new();
    for f in cir.functions().values() {
        for data in f.dfg.values.values() {
            if let catalase_ir::function::ValueDef::Const(catalase_ir::Const::Global(n)) = &data.def {
                names.insert(n.clone());
            }
        }
    }
    let mut out: HashSet<String> = HashSet::new();
    for name in &names {
        let Ok(cname) = CString::new(name.as_str()) else { continue };
        if !LLVMGetNamedFunction(module, cname.as_ptr()).is_null() {
            out.insert(name.clone());
            continue;
        }
        let g = LLVMGetNamedGlobal(module, cname.as_ptr());
        if !g.is_null() && !LLVMGetInitializer(g).is_null() {
            collect_functions(LLVMGetInitializer(g), &mut out, 0);
        }
    }
    // C++ virtual methods: an object reaching the differentiated code may come from anywhere,
    // so every vtable defined in the module names candidates.
    let mut g = LLVMGetFirstGlobal(module);
    while !g.is_null() {
        if value_name(g).starts_with("_ZTV") && !LLVMGetInitializer(g).is_null() {
            collect_functions(LLVMGetInitializer(g), &mut out, 0);
        }
        g = LLVMGetNextGlobal(g);
    }
    out.into_iter().collect()
}

/// Functions inside a constant (aggregates and constant expressions, a few levels deep).
unsafe fn collect_functions(c: LLVMValueRef, out: &mut HashSet<String>, depth: u32) {
    if c.is_null() || depth > 6 {
        return;
    }
    if !LLVMIsAFunction(c).is_null() {
        out.insert(value_name(c));
        return;
    }
    if LLVMIsAGlobalValue(c).is_null() {
        for i in 0..LLVMGetNumOperands(c).max(0) as u32 {
            collect_functions(LLVMGetOperand(c, i), out, depth + 1);
        }
    }
}

/// The function behind a value passed at a marker call (through casts), or null.
unsafe fn strip_to_function(v: LLVMValueRef) -> LLVMValueRef {
    let mut v = v;
    for _ in 0..4 {
        if !LLVMIsAFunction(v).is_null() {
            return v;
        }
        if !LLVMIsAConstantExpr(v).is_null() && LLVMGetNumOperands(v) > 0 {
            v = LLVMGetOperand(v, 0);
        } else {
            break;
        }
    }
    std::ptr::null_mut()
}

/// Whether `f` is a tape helper (internal, named `__catalase_tape_*`) or the loaded-shadow check
/// (`catalase_ad::stale`) that `module` already
/// defines.
unsafe fn defined_tape_helper(module: LLVMModuleRef, f: &catalase_ir::Function) -> bool {
    let shared = f.name.starts_with("__catalase_tape_") || f.name == catalase_ad::stale::CHECK;
    if !shared || f.linkage != catalase_ir::function::Linkage::Internal {
        return false;
    }
    let Ok(name) = std::ffi::CString::new(f.name.as_str()) else { return false };
    let existing = LLVMGetNamedFunction(module, name.as_ptr());
    !existing.is_null() && LLVMCountBasicBlocks(existing) > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_generated_function_is_an_internal_error_listing_every_invariant() {
        let good = catalase_ir::parser::parse_function("func @ok(f64) -> f64 {\nblock0(v0: f64):\n    ret v0\n}\n");
        let bad = catalase_ir::parser::parse_function(
            "func @__catalase_fwd_f_d(f64, i32) -> f64 {\nblock0(v0: f64, v1: i32):\n    v2: f64 = fadd v0, v1\n    br block1(v2)\nblock1():\n    ret v0\n}\n",
        );
        let (good, bad) = (good.expect("parses"), bad.expect("parses"));
        assert!(verify_generated(std::slice::from_ref(&good)).is_ok());
        let errors = verify_generated(&[good, bad]).expect_err("the broken function is reported");
        assert_eq!(errors.len(), 1);
        let d = &errors[0];
        assert_eq!(d.kind, DiagKind::Internal);
        assert!(d.message.contains("`__catalase_fwd_f_d` fails the IR verifier"), "{}", d.message);
        assert!(d.message.matches("\n  in @__catalase_fwd_f_d").count() >= 2, "every broken invariant: {}", d.message);
    }
}
