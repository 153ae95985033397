//! The generator's entry to the one activity analysis (`catalase_analysis::activity`): a
//! request's argument activities and [`CallEffects`] (what each call does, from
//! [`calls::classify`](crate::calls::classify)) go in; [`Shadows`], which values carry a
//! derivative and whether it is ever used, comes out. Every mode asks here, so the analysis
//! and the emitters see every call the same way.

use std::collections::{HashMap, HashSet};

use catalase_analysis::activity::{self, Activity, CallEffect, CallOracle};
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{AttrList, Callee, InstData, Signature};
use catalase_ir::{printer, Const, Function, Module, Type, Value};

use crate::calls::{classify, AllocKind, CallKind};
use crate::env::Environment;
use crate::generator::{shadow_global_name, Generator};
use crate::request::ArgActivity;

/// Which values of one function carry shadows, for one request.
pub struct Shadows(Activity, HashSet<catalase_ir::Inst>);

impl Shadows {
    /// Whether `v` has a shadow (tangent lanes, shadow pointer, shadow bits); values without
    /// one have a zero derivative and get no derivative code.
    pub fn has(&self, v: Value) -> bool {
        self.0.has_shadow(v)
    }
    /// Whether `v` may depend on an active input (a pointer: the memory it may point to may
    /// hold derivatives).
    pub fn is_varied(&self, v: Value) -> bool {
        self.0.is_varied(v)
    }
    /// Whether `v` needs a shadow: varied and useful, or a pointer into shadowed memory. A
    /// store of an active value through a pointer that needs a shadow but has none would lose
    /// a derivative.
    pub fn needs(&self, v: Value) -> bool {
        self.0.needs_shadow(v)
    }
    /// A shadowed pointer whose shadow may be the primal standing in (`crate::standin`).
    pub fn is_mixed(&self, v: Value) -> bool {
        self.0.is_mixed(v)
    }
    /// Whether the callee of call `i` may reach stand-ins (a mixed pointer argument, or shadow
    /// memory holding them): its derivative is asked for with `Request::standins`.
    pub fn call_reaches_standins(&self, i: catalase_ir::Inst) -> bool {
        self.0.call_reaches_standins(i)
    }
    /// A pointer only into memory the function allocates and never lets escape.
    pub fn is_private(&self, v: Value) -> bool {
        self.0.is_private(v)
    }
    /// Whether call `i` of a function holding long double values passes only pointers into
    /// memory whose long double slots hold no derivative: its derivative is asked for with
    /// `Request::fp80_clean`.
    pub fn call_fp80_clean(&self, i: catalase_ir::Inst) -> bool {
        self.1.contains(&i)
    }
}

/// The activity of `f` given its arguments' activities (an `enzyme_out` argument counts as
/// one with a shadow) and whether its return carries a derivative out. Reverse modes say it
/// does for every part, so that the augmented and the reverse part of one call agree on which
/// values are active (the tape's layout depends on it).
///
/// `standins`: the request's (`Request::standins`): the memory `f` reaches may hold stand-ins.
/// `ArgActivity::DupMixed` arguments are mixed pointers from the start. `fp80_clean`: the
/// request's (`Request::fp80_clean`).
pub fn analyse(gen: &Generator, f: &Function, args: &[ArgActivity], ret_active: bool, standins: bool, fp80_clean: bool) -> Result<Shadows, Diagnostic> {
    let active: Vec<bool> = args.iter().map(|a| a.has_shadow() || *a == ArgActivity::Out).collect();
    let effects = CallEffects { env: gen.env, global_users: &gen.global_users, allocating: &gen.allocating, passes: &gen.passes, stores: &gen.stores };
    let standins = activity::StandIns { mixed_args: args.iter().map(|a| *a == ArgActivity::DupMixed).collect(), memory: standins };
    let act = activity::analyse_with(f, gen.module, &active, ret_active, &effects, &standins)
        .map_err(|e| Diagnostic::error(DiagKind::Internal, format!("activity of `{}`: {e}", f.name)).in_function(&f.name))?;
    let clean_calls = refuse_active_long_double(f, gen.module, &gen.fp80_users, &act, fp80_clean)?;
    Ok(Shadows(act, clean_calls))
}

/// `x86_fp80` (long double) arithmetic is carried and cloned as it is, never differentiated:
/// a function where a derivative would flow through a long double value is refused, so that
/// none is silently dropped there.
///
/// A long double value *carries* a derivative when it may: come from a varied value of another
/// type (`fpext` of an active double, a call with active arguments), be loaded through a varied
/// pointer into memory the function did not allocate itself (an argument's or a global's, where
/// a caller's shadow may hold long double derivatives: `enzyme_dup` long double arrays), or be
/// computed from such a value (block parameters included). Long double slots of the function's
/// own memory hold no derivative, since none enters a long double without being refused here.
/// Refused: a carrying value that is useful (it may reach an active output, through memory
/// too), or returned (forward mode's return has no tangent for it: it would read as zero).
///
/// `clean`: the caller passed only pointers into its own memory (`Request::fp80_clean`), so
/// the memory behind the parameters counts as the function's own. Returns the calls of
/// functions holding long double values (`Generator::fp80_users`: directly or through their
/// callees) that pass only such pointers, whose derivatives are asked for the same.
fn refuse_active_long_double(
    f: &Function,
    module: &Module,
    fp80_users: &HashSet<String>,
    act: &Activity,
    clean: bool,
) -> Result<HashSet<catalase_ir::Inst>, Diagnostic> {
    let fp80 = |v: Value| holds_fp80(f.dfg.value_type(v));
    if !fp80_users.contains(&f.name) && !f.dfg.values.iter().any(|(v, _)| fp80(v)) {
        return Ok(HashSet::new());
    }
    let order = f.insts_in_order();
    let fp80_callees: Vec<catalase_ir::Inst> = order
        .iter()
        .copied()
        .filter(|&i| match f.dfg.inst(i) {
            InstData::Call { callee: Callee::Direct(name), .. } | InstData::Invoke { callee: Callee::Direct(name), .. } => fp80_users.contains(name),
            _ => false,
        })
        .collect();
    let roots = activity::roots::analyse_unmerged(f, module, &order).ok();
    // The function's own memory, less what a call may fill from memory that is not its own (a
    // `memcpy` of a caller's struct into a local), to a fixpoint.
    let mut filled: HashSet<u32> = HashSet::new();
    let own = |ptr: Value, filled: &HashSet<u32>| {
        let Some(roots) = &roots else { return false };
        let set = roots.of(ptr);
        let owned = |r: u32| match roots.kind(r) {
            activity::roots::Root::Alloc(_) => true,
            activity::roots::Root::Arg(_) => clean,
            _ => false,
        };
        !set.is_empty() && set.iter().all(|r| owned(r) && !filled.contains(&r))
    };
    let mut changed = true;
    while changed && roots.is_some() {
        changed = false;
        for &i in &order {
            let data = f.dfg.inst(i);
            if !matches!(data, InstData::Call { .. } | InstData::Invoke { .. }) {
                continue;
            }
            let ptrs: Vec<Value> = data.operands().into_iter().filter(|&o| f.dfg.value_type(o).has_ptr()).collect();
            if !ptrs.iter().any(|&o| act.is_varied(o) && !own(o, &filled)) {
                continue;
            }
            for &o in &ptrs {
                let set: Vec<u32> = roots.as_ref().map(|r| r.of(o).iter().collect()).unwrap_or_default();
                for r in set {
                    changed |= filled.insert(r);
                }
            }
        }
    }
    let own_memory = |ptr: Value| own(ptr, &filled);
    let mut carries: HashSet<Value> = HashSet::new();
    let mut changed = true;
    while changed {
        changed = false;
        for &i in &order {
            let data = f.dfg.inst(i);
            if let Some(r) = f.dfg.result(i).filter(|&r| fp80(r) && act.is_varied(r) && !carries.contains(&r)) {
                let source = match data {
                    InstData::Load { ptr, .. } => !own_memory(*ptr),
                    _ => data.operands().iter().any(|&o| if fp80(o) { carries.contains(&o) } else { act.is_varied(o) }),
                };
                if source {
                    carries.insert(r);
                    changed = true;
                }
            }
            for bc in data.successors() {
                for (&a, &p) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    if carries.contains(&a) && carries.insert(p) {
                        changed = true;
                    }
                }
            }
        }
    }
    for &i in &order {
        let ret = matches!(f.dfg.inst(i), InstData::Ret { .. });
        let bad = |v: Value| carries.contains(&v) && (ret || act.is_useful(v));
        if f.dfg.result(i).is_some_and(bad) || f.dfg.inst(i).operands().into_iter().any(bad) {
            let loc = f.dfg.insts[i].loc.clone().or_else(|| f.loc.clone());
            return Err(Diagnostic::error(DiagKind::Unsupported, "a derivative flows through long double (x86_fp80) arithmetic, which Catalase does not differentiate")
                .or_at(&f.name, printer::print_inst(f, i), loc)
                .with_help("compute the active values in double (long double is fine for values that carry no derivative: counters, inactive accumulators, printing)"));
        }
    }
    let ptrs_clean = |i: catalase_ir::Inst| {
        f.dfg.inst(i).operands().into_iter().filter(|&o| f.dfg.value_type(o).has_ptr()).all(|o| !act.is_varied(o) || own_memory(o))
    };
    Ok(fp80_callees.into_iter().filter(|&i| ptrs_clean(i)).collect())
}

/// `x86_fp80`, or an aggregate or vector holding one.
fn holds_fp80(t: &Type) -> bool {
    match t {
        Type::Array(_, e) | Type::Vector(_, e) => holds_fp80(e),
        Type::Struct { fields, .. } => fields.iter().any(holds_fp80),
        _ => t.is_x86_fp80(),
    }
}

/// The shadow of a constant (vector of) pointer(s): null for null, undefined and poison
/// members, each global's shadow global for its address; `None` when a member has none.
/// Emitters ask it for constants the analysis gave a shadow (or that a callee's shadow
/// parameter needs).
pub fn shadow_const(module: &Module, c: &Const) -> Option<Const> {
    match c {
        Const::Null | Const::Zero | Const::Undef | Const::Poison => Some(Const::Null),
        Const::Global(name) => Some(Const::Global(shadow_global_name(module, name)?)),
        Const::Aggregate(items) => items.iter().map(|i| shadow_const(module, i)).collect::<Option<Vec<_>>>().map(Const::Aggregate),
        _ => None,
    }
}

/// The defined functions of `module` that may allocate, by the generator's call classification.
pub fn allocating(module: &Module, env: &Environment) -> HashSet<String> {
    catalase_analysis::activity::summary::allocating(module, |callee, attrs| {
        matches!(classify(module, env, callee, attrs), CallKind::Alloc(_))
    })
}

/// Call effects for one module and environment: the analysis's [`CallOracle`].
pub struct CallEffects<'a> {
    env: &'a Environment,
    /// Defined functions that may move derivatives through global memory (the generator's
    /// `global_users`, from `catalase_analysis::activity::summary::global_users`).
    global_users: &'a HashSet<String>,
    /// Defined functions that may allocate (the generator's `allocating`, from
    /// `catalase_analysis::activity::summary::allocating`).
    allocating: &'a HashSet<String>,
    /// The parameters each defined function may return (the generator's `passes`).
    passes: &'a HashMap<String, u64>,
    /// What each defined function may store where its caller loads it (the generator's
    /// `stores`, from `catalase_analysis::activity::summary::stored_params`).
    stores: &'a HashMap<String, u64>,
}

impl CallEffects<'_> {
    /// Whether some possible target of an indirect call may move derivatives through globals.
    fn targets_touch_globals(&self) -> bool {
        self.env.indirect_targets.iter().any(|t| self.global_users.contains(t))
    }
}

impl CallOracle for CallEffects<'_> {
    fn effect(&self, module: &Module, callee: &Callee, attrs: &AttrList, sig: &Signature) -> CallEffect {
        match classify(module, self.env, callee, attrs) {
            CallKind::Inactive => CallEffect::Inactive,
            CallKind::MemTransfer => CallEffect::MemTransfer,
            CallKind::MemSet => CallEffect::MemSet,
            CallKind::Alloc(kind) => CallEffect::Alloc { copies_arg0: kind == AllocKind::Realloc },
            CallKind::Free(_) => CallEffect::Free,
            CallKind::Custom(_) => CallEffect::UserRule,
            CallKind::Rule(_) | CallKind::ReduceFAdd | CallKind::ReduceSelect | CallKind::ReduceFMul | CallKind::SplitFloat => {
                CallEffect::Pure
            }
            CallKind::MaskedLoad => CallEffect::MaskedLoad,
            CallKind::MaskedStore => CallEffect::MaskedStore,
            CallKind::Defined(id) => {
                let name = &module.function(id).name;
                CallEffect::Defined {
                    globals: self.global_users.contains(name),
                    allocates: self.allocating.contains(name),
                    passes: self.passes.get(name).copied().unwrap_or(u64::MAX),
                    stores: self.stores.get(name).copied().unwrap_or(u64::MAX),
                }
            }
            CallKind::Indirect if self.env.indirect_targets.is_empty() => CallEffect::External,
            CallKind::Indirect => CallEffect::Indirect {
                globals: self.targets_touch_globals(),
                // What the defined targets of the call's type store (declarations store nothing
                // a caller loads with a shadow: they are refused when given active arguments).
                stores: self
                    .env
                    .indirect_targets
                    .iter()
                    .filter_map(|t| module.find_function(t).map(|id| module.function(id)))
                    .filter(|f| !f.is_declaration() && f.sig.params == sig.params && f.sig.ret == sig.ret)
                    .fold(0, |m, f| m | self.stores.get(&f.name).copied().unwrap_or(u64::MAX)),
            },
            // Reads and writes links through its pointer arguments and returns one of them or a
            // pointer loaded through them, as a differentiated function would (so a pointer
            // argument that may be a stand-in makes the result one too).
            CallKind::Mirror => {
                let params = sig.params.len().min(61);
                let mask = if params == 0 { 0 } else { u64::MAX >> (64 - params) };
                CallEffect::Defined { globals: false, allocates: false, passes: mask, stores: mask }
            }
            CallKind::External => CallEffect::External,
        }
    }
}
