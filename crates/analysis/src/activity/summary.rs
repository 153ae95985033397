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

/// Names of the defined functions of `module` that hold long double (`x86_fp80`) values,
/// directly or through a defined callee.
pub fn fp80_users(module: &Module) -> HashSet<String> {
    fn holds(t: &catalase_ir::Type) -> bool {
        match t {
            catalase_ir::Type::Array(_, e) | catalase_ir::Type::Vector(_, e) => holds(e),
            catalase_ir::Type::Struct { fields, .. } => fields.iter().any(holds),
            _ => t.is_x86_fp80(),
        }
    }
    close_over_callers(module, |f| f.dfg.values.iter().any(|(v, _)| holds(f.dfg.value_type(v))))
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

/// Adds, for each edge out of `data`, the bits of every argument into its block parameter's;
/// whether any parameter's bits changed.
fn flow_into_params(f: &Function, data: &InstData, from: &mut SecondaryMap<Value, u64>) -> bool {
    let mut changed = false;
    for bc in data.successors() {
        for (&arg, &param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
            let m = from[param] | from[arg];
            changed |= m != from[param];
            from[param] = m;
        }
    }
    changed
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
            changed |= flow_into_params(f, data, &mut from);
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
                    Callee::Direct(n) => match crate::known::lookup_in(module, n) {
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

/// Bit of [`stored_params`] for pointers of other provenance (see there).
pub const STORES_FOREIGN: u64 = 1 << 63;
/// Bit of [`stored_params`]: the result may be a pointer of foreign provenance.
pub const RETURNS_FOREIGN: u64 = 1 << 62;
/// Fresh allocations of the function itself (`alloca`s, allocator calls).
const LOCAL: u64 = 1 << 62;

/// The bit of [`stored_params`] for parameter `i`.
pub fn param_bit(i: usize) -> u64 {
    1 << i.min(61)
}

/// What one function does with pointers, as its callers see it (in provenance masks: bit `i`
/// for parameter `i`, the 62nd and later sharing bit 61, and [`STORES_FOREIGN`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PtrFlow {
    /// Per parameter, then one entry for other memory (globals, memory of unknown
    /// provenance): what may be stored into memory reached through it.
    into: Vec<u64>,
    /// What the result may be (with `LOCAL`: a fresh allocation, fresh for the caller too).
    ret: u64,
    /// What the fresh allocations it may return hold.
    ret_local: u64,
}

/// For each defined function: the provenance of the pointers it (or a callee) may store into
/// memory its caller can reach (through its arguments, pointers loaded from there, globals),
/// where the caller might later load them: bit `i` (the 62nd and later parameters share bit 61)
/// for parameter `i` or a pointer computed from it or loaded from memory reached through it;
/// [`STORES_FOREIGN`] for other provenance than fresh allocations, null and code (a global's
/// address, an unknown call's result). What it stores only into its own allocations, which do
/// not escape, is not named, unless it returns one. [`RETURNS_FOREIGN`]: its result may be of
/// foreign provenance (a stand-in where the caller gives the result a shadow). A caller whose argument `i` named here has no shadow (or a possible
/// stand-in), or any caller where the foreign bit is set, may find stand-ins in the shadow
/// memory the call reaches afterwards (activity's stand-in roots).
///
/// `targets`: the functions an indirect call may reach (the driver's address-taken functions);
/// `None`: every defined function. A call through a pointer does what each target of its
/// arity does.
pub fn stored_params(module: &Module, targets: Option<&[String]>) -> HashMap<String, u64> {
    let defined: Vec<&Function> = module.functions().values().filter(|f| !f.is_declaration()).collect();
    let targets: Vec<String> = match targets {
        Some(t) => t.iter().filter(|n| module.find_function(n).is_some_and(|id| !module.function(id).is_declaration())).cloned().collect(),
        None => defined.iter().map(|f| f.name.clone()).collect(),
    };
    let mut map: HashMap<String, PtrFlow> =
        defined.iter().map(|f| (f.name.clone(), PtrFlow { into: vec![0; f.params().len() + 1], ret: 0, ret_local: 0 })).collect();
    loop {
        let mut changed = false;
        for f in &defined {
            let flow = flow_of(module, f, &map, &targets);
            if map.get(&f.name) != Some(&flow) {
                map.insert(f.name.clone(), flow);
                changed = true;
            }
        }
        if !changed {
            let export = |fl: &PtrFlow| {
                let stored = fl.into.iter().fold(fl.ret_local & !LOCAL, |m, x| m | x);
                stored | if fl.ret & STORES_FOREIGN != 0 { RETURNS_FOREIGN } else { 0 }
            };
            return map.iter().map(|(n, fl)| (n.clone(), export(fl))).collect();
        }
    }
}

/// The provenance of a constant pointer: none for null, undefined values, functions and class
/// metadata (their stand-ins are harmless); foreign for other globals' addresses.
fn const_provenance(module: &Module, c: &Const) -> u64 {
    match c {
        Const::Global(name) => match module.find_global(name) {
            Some(g) if g.constant && crate::known::is_class_metadata(name) => 0,
            Some(_) => STORES_FOREIGN,
            None => 0,
        },
        Const::Aggregate(items) => items.iter().fold(0, |m, i| m | const_provenance(module, i)),
        _ => 0,
    }
}

/// Whether values of type `ty` may carry a pointer (or its bits: an 8-byte struct copy).
fn may_hold_pointer(ty: &catalase_ir::Type) -> bool {
    ty.has_ptr() || *ty == catalase_ir::Type::I64
}

/// The [`PtrFlow`] of `f`, given its callees' in `map`: one flow-insensitive fixpoint over
/// provenance masks, with what is stored into the function's own allocations pooled
/// (`local`), visible to callers once an allocation escapes.
fn flow_of(module: &Module, f: &Function, map: &HashMap<String, PtrFlow>, targets: &[String]) -> PtrFlow {
    let n = f.params().len();
    let mut from: SecondaryMap<Value, u64> = SecondaryMap::default();
    for (i, &p) in f.params().iter().enumerate() {
        if may_hold_pointer(f.dfg.value_type(p)) {
            from[p] = param_bit(i);
        }
    }
    for (v, d) in f.dfg.values.iter() {
        if let ValueDef::Const(c) = &d.def {
            from[v] = const_provenance(module, c);
        }
    }
    let of_type = |sig: &catalase_ir::inst::Signature| -> Vec<&String> {
        targets
            .iter()
            .filter(|t| {
                module.find_function(t).map(|id| module.function(id)).is_some_and(|g| g.sig.params == sig.params && g.sig.ret == sig.ret)
            })
            .collect()
    };
    let order = f.insts_in_order();
    let mut out = PtrFlow { into: vec![0; n + 1], ret: 0, ret_local: 0 };
    let mut local = 0u64;
    let mut escaped = false;
    loop {
        let before = (out.clone(), local, escaped);
        let mut changed = false;
        for &inst in &order {
            let data = f.dfg.inst(inst);
            changed |= flow_into_params(f, data, &mut from);
            // `src` stored into memory reached through pointers of provenance `dst`.
            let store = |dst: u64, src: u64, out: &mut PtrFlow, local: &mut u64, escaped: &mut bool| {
                if src & LOCAL != 0 && dst & !LOCAL != 0 {
                    *escaped = true;
                }
                let src = src & !LOCAL;
                if dst & LOCAL != 0 {
                    *local |= src;
                }
                for (k, slot) in out.into.iter_mut().enumerate().take(n) {
                    if dst & param_bit(k) != 0 {
                        *slot |= src;
                    }
                }
                if dst & STORES_FOREIGN != 0 || (dst == 0) {
                    out.into[n] |= src;
                }
            };
            // What a pointer of provenance `p` points to holds.
            let contents = |p: u64, local: u64| (p & !LOCAL) | if p & LOCAL != 0 { local } else { 0 };
            match data {
                InstData::Store { args: [val, ptr], .. } if may_hold_pointer(f.dfg.value_type(*val)) => {
                    store(from[*ptr], from[*val], &mut out, &mut local, &mut escaped);
                }
                InstData::AtomicRmw { args: [ptr, val], .. } | InstData::CmpXchg { args: [ptr, _, val], .. } => {
                    store(from[*ptr], from[*val], &mut out, &mut local, &mut escaped);
                }
                InstData::Call { callee, args, sig, .. } | InstData::Invoke { callee, args, sig, .. } => {
                    let through = |m: u64| -> u64 {
                        let mut r = m & STORES_FOREIGN;
                        for (j, a) in args.iter().enumerate() {
                            if m & param_bit(j) != 0 {
                                r |= from[*a];
                            }
                        }
                        r
                    };
                    let reached: Vec<&PtrFlow> = match callee {
                        Callee::Direct(name) => map.get(name).into_iter().collect(),
                        Callee::Indirect(_) => of_type(sig).into_iter().filter_map(|t| map.get(t)).collect(),
                    };
                    for fl in reached {
                        // A fresh allocation it returns is this function's, holding what it holds.
                        if fl.ret & LOCAL != 0 && fl.ret_local != 0 {
                            store(LOCAL, through(fl.ret_local), &mut out, &mut local, &mut escaped);
                        }
                        for (k, &src) in fl.into.iter().enumerate() {
                            if src == 0 {
                                continue;
                            }
                            let dst = if k < fl.into.len() - 1 { args.get(k).map_or(STORES_FOREIGN, |a| from[*a]) } else { STORES_FOREIGN };
                            store(dst, through(src), &mut out, &mut local, &mut escaped);
                        }
                    }
                    match callee {
                        Callee::Direct(name) if map.contains_key(name) => {}
                        Callee::Direct(name) => {
                            // A copy stores what its source holds; other known functions and
                            // declarations store no pointer a caller loads with a shadow (a
                            // declaration given active arguments is refused).
                            if crate::known::lookup(name) == Some(crate::known::Known::Copy) && args.len() >= 2 {
                                let src = contents(from[args[1]], local);
                                store(from[args[0]], src, &mut out, &mut local, &mut escaped);
                            }
                        }
                        Callee::Indirect(_) => {}
                    }
                }
                InstData::Ret { arg: Some(v) } => {
                    out.ret |= from[*v];
                    if from[*v] & LOCAL != 0 {
                        out.ret_local |= local;
                    }
                }
                _ => {}
            }
            let Some(r) = f.dfg.result(inst) else { continue };
            if !may_hold_pointer(f.dfg.value_type(r)) && !f.dfg.value_type(r).is_aggregate() {
                continue;
            }
            let union = |vs: &[Value]| vs.iter().fold(0, |m, v| m | from[*v]);
            let m = match data {
                InstData::Alloca { .. } => LOCAL,
                InstData::PtrAdd { args } => from[args[0]],
                InstData::Cast { arg, .. } | InstData::ExtractValue { arg, .. } | InstData::Unary { arg, .. } => from[*arg],
                InstData::Select { args } => from[args[1]] | from[args[2]],
                InstData::InsertValue { args, .. } | InstData::Shuffle { args, .. } => union(args),
                InstData::InsertElement { args } => union(args),
                InstData::ExtractElement { args } => from[args[0]],
                InstData::Load { ptr, .. } => contents(from[*ptr], local),
                InstData::AtomicRmw { args: [ptr, _], .. } | InstData::CmpXchg { args: [ptr, _, _], .. } => contents(from[*ptr], local),
                InstData::Call { callee, args, sig, .. } | InstData::Invoke { callee, args, sig, .. } => {
                    let returned = |fl: &PtrFlow| {
                        let mut r = fl.ret & STORES_FOREIGN;
                        for (j, a) in args.iter().enumerate() {
                            if fl.ret & param_bit(j) != 0 {
                                r |= from[*a];
                            }
                        }
                        r
                    };
                    match callee {
                        Callee::Direct(name) => match map.get(name) {
                            Some(fl) => returned(fl) | (fl.ret & LOCAL),
                            None => match crate::known::lookup_in(module, name) {
                                Some(crate::known::Known::Alloc { .. } | crate::known::Known::Realloc) => LOCAL,
                                Some(crate::known::Known::Copy | crate::known::Known::Set) => args.first().map_or(0, |a| from[*a]),
                                // An intrinsic computes its pointer from its operands
                                // (`llvm.ptrmask`); integers from elsewhere are no addresses.
                                _ if name.starts_with("llvm.") => union(args),
                                _ if !f.dfg.value_type(r).has_ptr() => 0,
                                _ => STORES_FOREIGN,
                            },
                        },
                        // A target outside the module returns what it likes.
                        Callee::Indirect(_) => {
                            of_type(sig).into_iter().filter_map(|t| map.get(t)).fold(STORES_FOREIGN, |m, fl| m | returned(fl))
                        }
                    }
                }
                _ => 0,
            };
            let m = m | from[r];
            changed |= m != from[r];
            from[r] = m;
        }
        if escaped {
            out.into[n] |= local;
        }
        if !changed && before == (out.clone(), local, escaped) {
            return out;
        }
    }
}
