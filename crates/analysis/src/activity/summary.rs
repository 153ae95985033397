//! Module-level summaries for call sites, each a fixpoint over the call graph: which defined
//! functions may read or write derivatives in global memory (a function does when it refers to
//! the address of a mutable, active global or of a global that may hold pointers, makes an
//! indirect call, or calls a function that does), which may allocate memory (the only way a
//! callee whose arguments carry no shadow returns a pointer with a shadow of its own), and which
//! parameters each may return.

use std::collections::{HashMap, HashSet};

use catalase_ir::function::ValueDef;
use catalase_ir::entities::SecondaryMap;
use catalase_ir::inst::{AttrList, Callee, InstData};
use catalase_ir::{Const, Function, Module, Value};

use super::is_inactive_global;

/// Names of the defined functions of `module` that may touch derivatives in global memory.
pub fn global_users(module: &Module) -> HashSet<String> {
    close_over_callers(module, |f| refers_to_globals(module, f))
}

/// Names of the defined functions of `module` that may allocate memory, directly (a call for
/// which `is_alloc` holds) or through a defined callee. A call to any other defined
/// function whose arguments carry no shadow, and that touches no global memory, returns a
/// pointer whose shadow can only be the primal standing in.
pub fn allocating(module: &Module, is_alloc: impl Fn(&Callee, &AttrList) -> bool) -> HashSet<String> {
    close_over_callers(module, |f| {
        f.insts_in_order().iter().any(|&i| match f.dfg.inst(i) {
            InstData::Call { callee, attrs, .. } | InstData::Invoke { callee, attrs, .. } => {
                is_alloc(callee, attrs)
            }
            _ => false,
        })
    })
}

/// The defined functions for which `seed` holds, and every defined function that calls one.
fn close_over_callers(module: &Module, seed: impl Fn(&Function) -> bool) -> HashSet<String> {
    let defined: Vec<&Function> = module.functions().values().filter(|f| !f.is_declaration()).collect();
    let mut users: HashSet<String> = defined.iter().filter(|f| seed(f)).map(|f| f.name.clone()).collect();
    loop {
        let mut changed = false;
        for f in &defined {
            if !users.contains(&f.name) && calls_any(f, &users) {
                users.insert(f.name.clone());
                changed = true;
            }
        }
        if !changed {
            return users;
        }
    }
}

fn refers_to_globals(module: &Module, f: &Function) -> bool {
    let global = |c: &Const| -> bool {
        let Const::Global(name) = c else { return false };
        module.find_global(name).is_some_and(|g| !is_inactive_global(g) || g.ty.has_ptr())
    };
    let by_value = f.dfg.values.values().any(|d| match &d.def {
        ValueDef::Const(Const::Aggregate(items)) => items.iter().any(global),
        ValueDef::Const(c) => global(c),
        _ => false,
    });
    by_value || f.insts_in_order().iter().any(|&i| matches!(f.dfg.inst(i), InstData::Call { callee: Callee::Indirect(_), .. } | InstData::Invoke { callee: Callee::Indirect(_), .. }))
}

fn calls_any(f: &Function, users: &HashSet<String>) -> bool {
    f.insts_in_order().iter().any(|&i| match f.dfg.inst(i) {
        InstData::Call { callee: Callee::Direct(n), .. } | InstData::Invoke { callee: Callee::Direct(n), .. } => users.contains(n),
        _ => false,
    })
}

/// For each defined function: the parameters (bit `i` for parameter `i`; the 64th and later
/// share bit 63) that its result may be, or be computed from by `ptradd`s, casts, `select`s,
/// aggregate moves and block parameters, also through what a call returns: a call to another
/// such function passes on the arguments its summary names, any other call (indirect, external)
/// all of its arguments. What the result loads from memory is not named here (activity's
/// stand-in roots cover it). A caller's result is a possible stand-in where a named argument
/// has no shadow of its own.
pub fn returned_params(module: &Module) -> HashMap<String, u64> {
    let defined: Vec<&Function> = module.functions().values().filter(|f| !f.is_declaration()).collect();
    let mut map: HashMap<String, u64> = defined.iter().map(|f| (f.name.clone(), 0)).collect();
    loop {
        let mut changed = false;
        for f in &defined {
            let mask = returned_by(module, f, &map);
            if map.get(&f.name) != Some(&mask) {
                map.insert(f.name.clone(), mask);
                changed = true;
            }
        }
        if !changed {
            return map;
        }
    }
}

/// The parameters `f`'s returned value may come from, given the callees' summaries in `map`.
fn returned_by(module: &Module, f: &Function, map: &HashMap<String, u64>) -> u64 {
    let mut from: SecondaryMap<Value, u64> = SecondaryMap::default();
    for (i, &p) in f.params().iter().enumerate() {
        from[p] = 1 << i.min(63);
    }
    let order = f.insts_in_order();
    loop {
        let mut changed = false;
        for &inst in &order {
            let data = f.dfg.inst(inst);
            for bc in data.successors() {
                for (&arg, &param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    let m = from[param] | from[arg];
                    changed |= m != from[param];
                    from[param] = m;
                }
            }
            let Some(r) = f.dfg.result(inst) else { continue };
            let union = |vs: &[Value]| vs.iter().fold(0, |m, v| m | from[*v]);
            let m = match data {
                InstData::PtrAdd { args } => from[args[0]],
                InstData::Cast { arg, .. } | InstData::ExtractValue { arg, .. } => from[*arg],
                InstData::Select { args } => from[args[1]] | from[args[2]],
                InstData::InsertValue { args, .. } => union(args),
                InstData::Call { callee, args, .. } | InstData::Invoke { callee, args, .. } => match callee {
                    Callee::Direct(n) if map.contains_key(n) => {
                        let named = map[n];
                        args.iter().enumerate().filter(|(j, _)| named & (1 << (*j).min(63)) != 0).fold(0, |m, (_, a)| m | from[*a])
                    }
                    Callee::Direct(n) => match crate::known::lookup(n) {
                        // `memcpy`/`memset` return their destination.
                        Some(crate::known::Known::Copy | crate::known::Known::Set) => args.first().map_or(0, |a| from[*a]),
                        Some(_) => 0,
                        None if module.find_function(n).is_none() => 0,
                        None => union(args),
                    },
                    _ => union(args),
                },
                _ => 0,
            };
            changed |= m != from[r];
            from[r] = m;
        }
        if !changed {
            break;
        }
    }
    order.iter().fold(0, |m, &i| match f.dfg.inst(i) {
        InstData::Ret { arg: Some(v) } => m | from[*v],
        _ => m,
    })
}
