//! From the varied and useful facts to the values that carry shadows (see the module doc of
//! [`super`]): which values need one, which roots of memory are shadowed (closed over the
//! pointers that need shadows), which values forward mode can build a shadow for, and which
//! shadowed pointers are mixed.

use catalase_ir::entities::SecondaryMap;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::{Block, Const, Function, Inst, Module, Value};

use super::flow::{Context, State};
use super::roots::Root;
use super::{Activity, CallEffect, StandIns};

/// Build the [`Activity`] of a solved function.
pub fn conclude(
    cx: &Context,
    st: &State,
    module: &Module,
    active_args: &[bool],
    standins: &StandIns,
    order: &[Inst],
    rpo: &[Block],
) -> Activity {
    let f = cx.func;
    let mut act = Activity {
        varied: SecondaryMap::default(),
        useful: SecondaryMap::default(),
        need: SecondaryMap::default(),
        shadow: SecondaryMap::default(),
        mixed: SecondaryMap::default(),
        private: SecondaryMap::default(),
        inst: SecondaryMap::default(),
        standin_calls: SecondaryMap::default(),
    };
    let mut values: Vec<Value> = rpo.iter().flat_map(|&b| f.dfg.block_params(b).iter().copied()).collect();
    values.extend(order.iter().filter_map(|&i| f.dfg.result(i)));
    for &v in &values {
        act.varied[v] = cx.carries(st, v);
        act.useful[v] = cx.reaches_output(st, v);
        let roots = cx.roots.of(v);
        act.private[v] = !roots.is_empty()
            && roots.iter().all(|r| matches!(cx.roots.kind(r), Root::Alloc(_)) && cx.roots.canon(r) == r);
    }
    let shadowed_roots = close_roots(cx, st, &values);
    let root_shadowed = |v: Value| cx.has_ptr(v) && cx.roots.of(v).iter().any(|r| shadowed_roots[cx.roots.canon(r) as usize]);
    for &v in &values {
        act.need[v] = (*st.varied.get(v) && *st.useful.get(v)) || root_shadowed(v);
    }
    for (v, data) in f.dfg.values.iter() {
        act.shadow[v] = match &data.def {
            ValueDef::Const(Const::Global(name)) => module.find_global(name).is_some() && root_shadowed(v),
            // A null (or undefined) pointer, or vector of them, is its own shadow.
            ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison) => data.ty.is_ptr_or_vector(),
            // A vector of global addresses (and nulls): the vector of their shadows.
            ValueDef::Const(c @ Const::Aggregate(_)) => {
                data.ty.is_ptr_or_vector() && shadowed_members(module, c) && root_shadowed(v)
            }
            _ => false,
        };
        act.need[v] |= act.shadow[v];
    }
    for (&p, &active) in f.params().iter().zip(active_args) {
        act.shadow[p] = active;
    }
    build(cx, &mut act, order);
    drop_unused_pointers(cx, &mut act, order);
    (act.mixed, act.standin_calls) = mixed_pointers(cx, module, &act, standins, order);
    judge_insts(cx, &mut act, order);
    act
}

/// Whether every member of a constant (vector of) pointer(s) has a shadow: null, undefined and
/// poison members are their own; a global's address has its shadow global.
fn shadowed_members(module: &Module, c: &Const) -> bool {
    match c {
        Const::Null | Const::Zero | Const::Undef | Const::Poison => true,
        Const::Global(name) => module.find_global(name).is_some(),
        Const::Aggregate(items) => items.iter().all(|i| shadowed_members(module, i)),
        _ => false,
    }
}

/// Roots that are varied and useful, closed over the pointers that need shadows: every root a
/// shadowed pointer may point to gets shadow memory too, so shadow memory stays consistent.
fn close_roots(cx: &Context, st: &State, values: &[Value]) -> Vec<bool> {
    let mut shadowed: Vec<bool> = (0..cx.roots.len()).map(|r| st.mem_varied[r] && st.mem_useful[r]).collect();
    let ptrs: Vec<Value> = values.iter().copied().filter(|&v| cx.has_ptr(v)).collect();
    loop {
        let mut changed = false;
        for &v in &ptrs {
            let roots = cx.roots.of(v);
            let needed = (*st.varied.get(v) && *st.useful.get(v)) || roots.iter().any(|r| shadowed[cx.roots.canon(r) as usize]);
            if !needed {
                continue;
            }
            for r in roots.iter() {
                let r = cx.roots.canon(r) as usize;
                changed |= !shadowed[r];
                shadowed[r] = true;
            }
        }
        if !changed {
            return shadowed;
        }
    }
}

/// Which needed values forward mode can build a shadow for, to a fixpoint: from their operands'
/// shadows, as the forward-mode emitter does.
fn build(cx: &Context, act: &mut Activity, order: &[Inst]) {
    let f = cx.func;
    loop {
        let mut changed = false;
        for &inst in order {
            let data = f.dfg.inst(inst);
            for bc in data.successors() {
                for (&arg, &param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    if !act.shadow[param] && act.need[param] && act.shadow[arg] {
                        act.shadow[param] = true;
                        changed = true;
                    }
                }
            }
            let Some(r) = f.dfg.result(inst) else { continue };
            // An address computed from null points to nothing, like null: it is its own shadow,
            // so a phi of it and an active pointer (an empty std::vector's data) is not mixed.
            if !act.shadow[r] && null_based(f, r) {
                act.shadow[r] = true;
                act.need[r] = true;
                changed = true;
                continue;
            }
            if act.shadow[r] || !act.need[r] || f.dfg.value_type(r).is_void() {
                continue;
            }
            if buildable(cx, act, inst, data, r) {
                act.shadow[r] = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Whether `v` is a null (or undefined) pointer, or a `ptradd` of one.
fn null_based(f: &Function, v: Value) -> bool {
    match &f.dfg.values[v].def {
        ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison) => f.dfg.value_type(v).is_ptr(),
        ValueDef::Result(i) => match f.dfg.inst(*i) {
            InstData::PtrAdd { args } => f.dfg.value_type(v).is_ptr() && null_based(f, args[0]),
            _ => false,
        },
        _ => false,
    }
}

fn buildable(cx: &Context, act: &Activity, inst: Inst, data: &InstData, r: Value) -> bool {
    let ty = cx.func.dfg.value_type(r);
    let has = |v: &Value| act.shadow[*v];
    match data {
        InstData::Alloca { .. } => true,
        InstData::Load { ptr, .. } => has(ptr),
        InstData::AtomicRmw { args, .. } => has(&args[0]) && ty.has_float(),
        InstData::CmpXchg { .. } => false,
        InstData::Call { args, .. } | InstData::Invoke { args, .. } => {
            let any = args.iter().any(|a| has(a) && cx.func.dfg.value_type(*a).may_be_active());
            // A defined callee also gets the shadow of an integer (a float's or a pointer's
            // bits, which argument promotion passes by value): its result may depend on it.
            let bits = args.iter().any(|a| has(a) && cx.func.dfg.value_type(*a).is_int());
            match cx.effects[inst] {
                CallEffect::Inactive
                | CallEffect::Free
                | CallEffect::MemSet
                | CallEffect::MemTransfer
                | CallEffect::MaskedStore => false,
                CallEffect::Alloc { .. } => true,
                // A pointer result without shadowed arguments or global memory to come from has
                // a shadow of its own only where the callee allocates (else the primal stands in).
                CallEffect::Defined { globals, allocates, .. } => any || bits || globals || (ty.has_ptr() && allocates),
                CallEffect::Indirect { globals, .. } => any || bits || globals,
                CallEffect::Pure | CallEffect::MaskedLoad | CallEffect::UserRule | CallEffect::External => any,
            }
        }
        // Arithmetic, moves, casts, `ptradd`: from the operands the derivative is computed from.
        _ => cx.data_operands(data, Some(r)).iter().any(has),
    }
}

/// Pointers whose shadow nothing reads keep none: the shadow of a pointer is used by a load
/// whose result has a shadow, a store through it (shadow memory stays consistent), a call, a
/// return, being stored as data, or a shadowed value computed from it. A pointer used only to
/// load integers, or compared, needs no shadow address.
fn drop_unused_pointers(cx: &Context, act: &mut Activity, order: &[Inst]) {
    let f = cx.func;
    let mut used: SecondaryMap<Value, bool> = SecondaryMap::default();
    let counts = |v: Value, used: &SecondaryMap<Value, bool>| !f.dfg.value_type(v).has_ptr() || used[v];
    loop {
        let mut changed = false;
        let mut mark = |v: Value, used: &mut SecondaryMap<Value, bool>| {
            if act.shadow[v] && !used[v] {
                used[v] = true;
                changed = true;
            }
        };
        for &inst in order.iter().rev() {
            let data = f.dfg.inst(inst);
            for bc in data.successors() {
                for (&arg, &param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    if act.shadow[param] && counts(param, &used) {
                        mark(arg, &mut used);
                    }
                }
            }
            let res = f.dfg.result(inst);
            let res_counts = res.is_some_and(|r| act.shadow[r] && counts(r, &used));
            match data {
                InstData::Load { ptr, .. } if res_counts => mark(*ptr, &mut used),
                InstData::Load { .. } | InstData::Icmp { .. } | InstData::Fcmp { .. } => {}
                InstData::Store { args: [val, ptr], .. } => {
                    mark(*ptr, &mut used);
                    mark(*val, &mut used);
                }
                InstData::Call { args, .. } | InstData::Invoke { args, .. } if cx.effects[inst] != CallEffect::Inactive => {
                    args.iter().for_each(|&a| mark(a, &mut used));
                }
                InstData::Call { .. } | InstData::Invoke { .. } => {}
                InstData::Ret { arg: Some(v) } => mark(*v, &mut used),
                InstData::AtomicRmw { args, .. } => args.iter().for_each(|&a| mark(a, &mut used)),
                InstData::CmpXchg { args, .. } => args.iter().for_each(|&a| mark(a, &mut used)),
                _ if res_counts => data.operands().into_iter().for_each(|a| mark(a, &mut used)),
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    let params: Vec<Value> = f.params().to_vec();
    for (v, _) in f.dfg.values.iter() {
        let own = !matches!(f.dfg.values[v].def, ValueDef::Const(_)) && !params.contains(&v);
        if own && act.shadow[v] && !counts(v, &used) {
            act.shadow[v] = false;
        }
    }
}

/// What stand-ins a root's shadow memory may hold: none, only addresses of constants (globals
/// and functions: the vtable or type-info pointer a constructor stores), or any pointer.
const NO_STANDIN: u8 = 0;
const CONST_STANDIN: u8 = 1;
const DATA_STANDIN: u8 = 2;

/// Shadowed pointers (and vectors of pointers) that may stand for a pointer without a shadow.
/// A pointer without a shadow (or a mixed one) stored into shadowed memory leaves its stand-in
/// in the shadow memory; what is loaded back from those roots is mixed too (as are the `i64`s
/// an 8-byte struct copy loads there), and a copy from them (or through a mixed pointer) passes
/// the stand-ins on. A differentiated callee given a pointer to memory holding stand-ins of
/// data may load one and return it: its pointer result is mixed too.
///
/// Across calls (runtime activity): parameters the caller says are mixed start mixed, and
/// where the caller says the memory the function reaches holds stand-ins, every root a caller
/// can reach (arguments, globals, `Unknown`) starts holding them. The second map: the calls
/// whose callee may reach stand-ins ([`Activity::call_reaches_standins`]).
fn mixed_pointers(
    cx: &Context,
    module: &Module,
    act: &Activity,
    standins: &StandIns,
    order: &[Inst],
) -> (SecondaryMap<Value, bool>, SecondaryMap<Inst, bool>) {
    let f = cx.func;
    let mut mixed: SecondaryMap<Value, bool> = SecondaryMap::default();
    let mut standin_roots = vec![NO_STANDIN; cx.roots.len()];
    let is_const = |v: Value| matches!(f.dfg.values[v].def, ValueDef::Const(_));
    let is_ptr = |v: Value| f.dfg.value_type(v).is_ptr_or_vector();
    let holds_bits = |v: Value| is_ptr(v) || f.dfg.value_type(v) == &catalase_ir::Type::I64;
    for (&p, &m) in f.params().iter().zip(&standins.mixed_args) {
        if m && act.shadow[p] && holds_bits(p) {
            mixed[p] = true;
        }
    }
    if standins.memory {
        for r in 0..cx.roots.len() as u32 {
            if matches!(cx.roots.kind(r), Root::Arg(_) | Root::Global(_) | Root::Unknown) {
                standin_roots[cx.roots.canon(r) as usize] = DATA_STANDIN;
            }
        }
    }
    loop {
        let mut changed_roots = false;
        let mut changed = false;
        let mut mark = |v: Value, mixed: &mut SecondaryMap<Value, bool>| {
            if act.shadow[v] && holds_bits(v) && !mixed[v] {
                mixed[v] = true;
                changed = true;
            }
        };
        let roots_hold = |p: Value, standin_roots: &[u8]| {
            cx.roots.of(p).iter().map(|r| standin_roots[cx.roots.canon(r) as usize]).max().unwrap_or(NO_STANDIN)
        };
        for &inst in order {
            let data = f.dfg.inst(inst);
            let tainted = match data {
                InstData::Store { args: [val, ptr], .. }
                    if act.shadow[*ptr] && ((is_ptr(*val) && !act.shadow[*val] && !into_code(f, module, *val)) || mixed[*val]) =>
                {
                    Some((*ptr, if mixed[*val] || !is_const(*val) { DATA_STANDIN } else { CONST_STANDIN }))
                }
                // A copy through a mixed source copies what the primal memory holds: stand-ins.
                InstData::Call { args, .. } if cx.effects[inst] == CallEffect::MemTransfer && args.len() >= 2 && mixed[args[1]] => {
                    Some((args[0], DATA_STANDIN))
                }
                InstData::Call { args, .. }
                    if cx.effects[inst] == CallEffect::MemTransfer && args.len() >= 2 && roots_hold(args[1], &standin_roots) > NO_STANDIN =>
                {
                    Some((args[0], roots_hold(args[1], &standin_roots)))
                }
                _ => None,
            };
            if let Some((p, level)) = tainted {
                for r in cx.roots.of(p).iter() {
                    let r = cx.roots.canon(r) as usize;
                    if standin_roots[r] < level {
                        standin_roots[r] = level;
                        changed_roots = true;
                    }
                }
            }
            // A callee that stores a stand-in where this function can load it afterwards: the
            // memory its shadowed pointer arguments reach, and globals it touches.
            if let Some(reached) = callee_leaves_standins(cx, module, act, &mixed, &standin_roots, inst) {
                for r in reached {
                    let r = cx.roots.canon(r) as usize;
                    if standin_roots[r] < DATA_STANDIN {
                        standin_roots[r] = DATA_STANDIN;
                        changed_roots = true;
                    }
                }
            }
            for bc in data.successors() {
                for (&arg, &param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    if !act.shadow[arg] || mixed[arg] {
                        mark(param, &mut mixed);
                    }
                }
            }
            let Some(r) = f.dfg.result(inst) else { continue };
            let merges = |vs: &[Value]| vs.iter().any(|a| !act.shadow[*a] || mixed[*a]);
            let from_mixed = match data {
                InstData::Select { args } => merges(&args[1..]),
                // Vectors of pointers merge lanes like a select.
                InstData::InsertElement { args } => merges(&args[..2]),
                InstData::Shuffle { args, .. } => merges(args),
                InstData::PtrAdd { args } => mixed[args[0]],
                InstData::Cast { arg, .. } | InstData::ExtractValue { arg, .. } => mixed[*arg],
                InstData::ExtractElement { args } => mixed[args[0]],
                // `realloc` of a block that may be standing in for its shadow: so may the new one.
                InstData::Call { args, .. } if cx.effects[inst] == CallEffect::Alloc { copies_arg0: true } => {
                    args.first().is_some_and(|p| mixed[*p])
                }
                InstData::Load { ptr, .. } => mixed[*ptr] || roots_hold(*ptr, &standin_roots) > NO_STANDIN,
                // A gather (masked load) of pointers through a mixed pointer, like a load.
                InstData::Call { args, .. } if cx.effects[inst] == CallEffect::MaskedLoad => args.first().is_some_and(|p| mixed[*p]),
                // A differentiated callee may return a pointer it loads through an argument (a
                // stand-in where the argument is mixed or its memory holds stand-ins of data),
                // or an argument it returns (a stand-in where that argument has no shadow).
                InstData::Call { args, .. } | InstData::Invoke { args, .. }
                    if matches!(cx.effects[inst], CallEffect::Defined { .. } | CallEffect::Indirect { .. }) =>
                {
                    let (passes, globals, stores) = match cx.effects[inst] {
                        CallEffect::Defined { passes, globals, stores, .. } => (passes, globals, stores),
                        CallEffect::Indirect { globals, stores } => (u64::MAX, globals, stores),
                        _ => (u64::MAX, true, u64::MAX),
                    };
                    let returned = |j: usize| passes & (1 << j.min(63)) != 0;
                    // Or one it loads from a global holding stand-ins of data.
                    let from_globals = globals
                        && (0..cx.roots.len() as u32).any(|g| {
                            matches!(cx.roots.kind(g), Root::Global(_) | Root::Unknown)
                                && standin_roots[cx.roots.canon(g) as usize] == DATA_STANDIN
                        });
                    // Or a pointer of foreign provenance (a constant global's address).
                    from_globals
                        || stores & super::summary::RETURNS_FOREIGN != 0
                        || args.iter().enumerate().any(|(j, &a)| {
                            is_ptr(a)
                                && (mixed[a] || roots_hold(a, &standin_roots) == DATA_STANDIN || (returned(j) && !act.shadow[a]))
                        })
                }
                _ => false,
            };
            if from_mixed {
                mark(r, &mut mixed);
            }
        }
        if !changed && !changed_roots {
            let calls = standin_calls(cx, act, &mixed, &standin_roots, order);
            return (mixed, calls);
        }
    }
}

/// The roots a differentiated call may leave stand-ins in, if it may: its summary says it
/// stores a pointer of foreign provenance, or one from an argument that has no shadow (not code
/// or null), is mixed, or points to memory holding stand-ins, where its caller can load it
/// (through its arguments, globals, or a fresh allocation it returns:
/// [`super::summary::stored_params`]). Then every root its shadowed pointer arguments reach,
/// `Unknown` (what is reached through loaded pointers and results), and the globals it may
/// touch.
fn callee_leaves_standins(
    cx: &Context,
    module: &Module,
    act: &Activity,
    mixed: &SecondaryMap<Value, bool>,
    standin_roots: &[u8],
    inst: Inst,
) -> Option<Vec<u32>> {
    let f = cx.func;
    let (InstData::Call { args, .. } | InstData::Invoke { args, .. }) = f.dfg.inst(inst) else { return None };
    let (stores, globals) = match cx.effects[inst] {
        CallEffect::Defined { stores, globals, .. } | CallEffect::Indirect { stores, globals } => (stores, globals),
        _ => return None,
    };
    let stores = stores & !super::summary::RETURNS_FOREIGN;
    if stores == 0 {
        return None;
    }
    let is_ptr = |a: Value| f.dfg.value_type(a).is_ptr_or_vector();
    let shadowed: Vec<Value> = args.iter().copied().filter(|&a| is_ptr(a) && act.shadow[a]).collect();
    let result_shadowed = f.dfg.result(inst).is_some_and(|r| act.shadow[r]);
    if shadowed.is_empty() && !globals && !result_shadowed {
        return None;
    }
    let holds = |a: Value| cx.roots.of(a).iter().any(|r| standin_roots[cx.roots.canon(r) as usize] > NO_STANDIN);
    let leaves = stores & super::summary::STORES_FOREIGN != 0
        || args.iter().enumerate().any(|(j, &a)| {
            stores & super::summary::param_bit(j) != 0
                && is_ptr(a)
                && ((!act.shadow[a] && !into_code(f, module, a)) || mixed[a] || holds(a))
        });
    if !leaves {
        return None;
    }
    let mut reached: Vec<u32> = shadowed.iter().flat_map(|&a| cx.roots.of(a).iter().collect::<Vec<_>>()).collect();
    reached.push(cx.roots.unknown);
    if globals {
        reached.extend((0..cx.roots.len() as u32).filter(|&r| matches!(cx.roots.kind(r), Root::Global(_))));
    }
    Some(reached)
}

/// The differentiated calls whose callee may reach stand-ins: a shadowed pointer argument that
/// is mixed, or points to roots holding stand-ins; any shadowed pointer argument, or globals the
/// callee touches, where memory reached through loaded pointers (`Unknown`) holds them; globals
/// the callee touches that hold them.
fn standin_calls(
    cx: &Context,
    act: &Activity,
    mixed: &SecondaryMap<Value, bool>,
    standin_roots: &[u8],
    order: &[Inst],
) -> SecondaryMap<Inst, bool> {
    let f = cx.func;
    let holds = |r: u32| standin_roots[cx.roots.canon(r) as usize] > NO_STANDIN;
    let unknown = holds(cx.roots.unknown);
    let globals_hold = unknown || (0..cx.roots.len() as u32).any(|r| matches!(cx.roots.kind(r), Root::Global(_)) && holds(r));
    let mut calls: SecondaryMap<Inst, bool> = SecondaryMap::default();
    for &inst in order {
        let (InstData::Call { args, .. } | InstData::Invoke { args, .. }) = f.dfg.inst(inst) else { continue };
        let globals = match cx.effects[inst] {
            CallEffect::Defined { globals, .. } | CallEffect::Indirect { globals, .. } => globals,
            _ => continue,
        };
        let through_arg = |a: &Value| {
            f.dfg.value_type(*a).is_ptr_or_vector()
                && act.shadow[*a]
                && (mixed[*a] || unknown || cx.roots.of(*a).iter().any(holds))
        };
        calls[inst] = args.iter().any(through_arg) || (globals && globals_hold);
    }
    calls
}

/// Whether `v` points into a function or a class's constant vtable or type information
/// ([`crate::known::is_class_metadata`]), through `ptradd`s: reading through its stand-in gives
/// the same function pointers, and no code writes there, so it leaves no mixed memory behind.
fn into_code(f: &Function, module: &Module, v: Value) -> bool {
    match &f.dfg.values[v].def {
        ValueDef::Const(Const::Global(name)) => match module.find_global(name) {
            Some(g) => g.constant && crate::known::is_class_metadata(name),
            None => module.find_function(name).is_some(),
        },
        ValueDef::Result(i) => match f.dfg.inst(*i) {
            InstData::PtrAdd { args } => f.dfg.value_type(v).is_ptr() && into_code(f, module, args[0]),
            _ => false,
        },
        _ => false,
    }
}

fn judge_insts(cx: &Context, act: &mut Activity, order: &[Inst]) {
    let dfg = &cx.func.dfg;
    for &i in order {
        let active = match dfg.inst(i) {
            _ if dfg.result(i).is_some() => act.shadow[dfg.result(i).expect("result")],
            InstData::Store { args: [_, ptr], .. } => act.shadow[*ptr],
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => {
                cx.effects[i] != CallEffect::Inactive && args.iter().any(|&a| act.shadow[a])
            }
            InstData::Ret { arg: Some(v) } => cx.ret_active && act.shadow[*v],
            _ => false,
        };
        act.inst[i] = active;
    }
}
