//! The memory model of activity analysis, free of points-to sets: every pointer value maps to
//! the set of *roots* (abstract memory objects) it may be derived from.
//!
//! Roots: each pointer argument; each `alloca` and each allocator call; each mutable, active
//! global; one `Constant` root for constant or inactive globals and function symbols (never
//! holds derivatives); one `Unknown` root for pointers the model cannot follow (loaded from
//! memory, `inttoptr`, returned by calls, landing pads).
//!
//! Lattice: sets of roots ordered by inclusion; direction forward; transfer: `ptradd`, casts,
//! `select`, aggregate and vector moves and block parameters take the union of their operands'
//! roots; calls that are not allocators return `Unknown` plus the roots of their pointer
//! arguments the callee may return (a defined callee's summary names them; any other call: all).
//!
//! **Escapes.** A root whose address is stored to memory, turned into an integer, or passed to
//! a function that may keep it, may be reached through pointers the model cannot follow. After
//! the fixpoint every escaped root is merged into `Unknown` (each pointer that may point to it
//! points to `Unknown` instead), so that facts about memory reached through loaded pointers and
//! facts about the escaped object are one. Precision limit: all such memory is one object.

use std::collections::HashMap;

use catalase_ir::entities::SecondaryMap;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::CastOp;
use catalase_ir::{Const, Function, Inst, Module, Value};

use super::{is_inactive_global, CallEffect};
use crate::known::{self, Known};
use crate::dataflow::{self, Direction, Facts, IdSet, Lattice, Problem};
use crate::AnalysisError;

/// One abstract memory object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    Arg(u32),
    Alloc(Inst),
    Global(String),
    /// Constant or inactive globals and functions: never active.
    Constant,
    Unknown,
}

/// Roots of every value of one function.
#[derive(Clone, Debug)]
pub struct Roots {
    kinds: Vec<Root>,
    ids: HashMap<Root, u32>,
    of: Facts<Value, IdSet>,
    /// Each root's representative: itself, or `Unknown` once it escaped.
    canon: Vec<u32>,
    pub unknown: u32,
    pub constant: u32,
}

impl Roots {
    fn id(&mut self, r: Root) -> u32 {
        if let Some(&id) = self.ids.get(&r) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.kinds.push(r.clone());
        self.canon.push(id);
        self.ids.insert(r, id);
        id
    }
    /// The roots `v` may be derived from (empty for non-pointers and null).
    pub fn of(&self, v: Value) -> &IdSet {
        self.of.get(v)
    }
    pub fn kind(&self, r: u32) -> &Root {
        &self.kinds[r as usize]
    }
    /// Where facts about root `r` live: `r`, or `Unknown` when `r` escaped.
    pub fn canon(&self, r: u32) -> u32 {
        self.canon[r as usize]
    }
    pub fn len(&self) -> usize {
        self.kinds.len()
    }
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}

/// Compute the roots of every pointer value, over instructions `order`.
pub fn analyse(
    func: &Function,
    module: &Module,
    order: &[Inst],
    effects: &SecondaryMap<Inst, CallEffect>,
) -> Result<Roots, AnalysisError> {
    let mut roots = seed_roots(func, module, order, effects);
    let problem = RootFlow { func, effects };
    let max = 4 + roots.len() * (func.dfg.values.len() + 1);
    dataflow::solve(&problem, func, order, &mut roots, max)?;
    merge_escaped(func, order, effects, &mut roots);
    Ok(roots)
}

/// The roots of parameters, constants, allocas and allocator calls.
fn seed_roots(func: &Function, module: &Module, order: &[Inst], effects: &SecondaryMap<Inst, CallEffect>) -> Roots {
    let mut roots = Roots { kinds: Vec::new(), ids: HashMap::new(), of: Facts::default(), canon: Vec::new(), unknown: 0, constant: 0 };
    roots.unknown = roots.id(Root::Unknown);
    roots.constant = roots.id(Root::Constant);
    for (i, &p) in func.params().iter().enumerate() {
        if func.dfg.value_type(p).has_ptr() {
            let id = roots.id(Root::Arg(i as u32));
            roots.of.join(p, &IdSet::one(id));
        }
    }
    for (v, data) in func.dfg.values.iter() {
        if let ValueDef::Const(c) = &data.def {
            let mut set = IdSet::default();
            global_roots(module, c, &mut roots, &mut set);
            roots.of.join(v, &set);
        }
    }
    for &inst in order {
        let fresh = match func.dfg.inst(inst) {
            InstData::Alloca { .. } => true,
            InstData::Call { .. } | InstData::Invoke { .. } => matches!(effects[inst], CallEffect::Alloc { .. }),
            _ => false,
        };
        if let (true, Some(res)) = (fresh, func.dfg.result(inst)) {
            let id = roots.id(Root::Alloc(inst));
            roots.of.join(res, &IdSet::one(id));
        }
    }
    roots
}

/// Roots without a call oracle (allocators known by name, [`crate::known`]) and without merging escaped roots:
/// every allocation keeps its identity (what mod/ref analysis wants).
pub fn analyse_unmerged(func: &Function, module: &Module, order: &[Inst]) -> Result<Roots, AnalysisError> {
    let mut effects = SecondaryMap::with_default(CallEffect::External);
    for &i in order {
        if let InstData::Call { callee: catalase_ir::inst::Callee::Direct(name), .. } = func.dfg.inst(i) {
            match known::lookup(name) {
                Some(Known::Alloc { .. }) => effects[i] = CallEffect::Alloc { copies_arg0: false },
                Some(Known::Realloc) => effects[i] = CallEffect::Alloc { copies_arg0: true },
                _ => {}
            }
        }
    }
    let mut roots = seed_roots(func, module, order, &effects);
    let problem = RootFlow { func, effects: &effects };
    let max = 4 + roots.len() * (func.dfg.values.len() + 1);
    dataflow::solve(&problem, func, order, &mut roots, max)?;
    Ok(roots)
}

/// Roots of a constant: globals by name, members of aggregates.
fn global_roots(module: &Module, c: &Const, roots: &mut Roots, set: &mut IdSet) {
    match c {
        Const::Global(name) => {
            let inactive = match module.find_global(name) {
                Some(g) => is_inactive_global(g),
                None => true,
            };
            let id = if inactive { roots.constant } else { roots.id(Root::Global(name.clone())) };
            set.insert(id);
        }
        Const::Aggregate(items) => items.iter().for_each(|i| global_roots(module, i, roots, set)),
        _ => {}
    }
}

/// Whether a call may keep a pointer argument beyond the call.
fn may_capture(effect: CallEffect) -> bool {
    matches!(effect, CallEffect::Defined { .. } | CallEffect::Indirect { .. } | CallEffect::External | CallEffect::UserRule)
}

/// Merge every escaped root (other than `Constant`) into `Unknown`.
fn merge_escaped(func: &Function, order: &[Inst], effects: &SecondaryMap<Inst, CallEffect>, roots: &mut Roots) {
    let dfg = &func.dfg;
    let mut escaped = vec![false; roots.len()];
    let mut escape = |roots: &Roots, v: Value| roots.of(v).iter().for_each(|r| escaped[r as usize] = true);
    for &inst in order {
        match dfg.inst(inst) {
            InstData::Store { args: [val, _], .. } => escape(roots, *val),
            InstData::AtomicRmw { args: [_, val], .. } | InstData::CmpXchg { args: [_, _, val], .. } => escape(roots, *val),
            InstData::Cast { op: CastOp::PtrToInt, arg } => escape(roots, *arg),
            InstData::Call { args, .. } | InstData::Invoke { args, .. } if may_capture(effects[inst]) => {
                args.iter().for_each(|&a| escape(roots, a))
            }
            _ => {}
        }
    }
    escaped[roots.constant as usize] = false;
    escaped[roots.unknown as usize] = false;
    if !escaped.iter().any(|&e| e) {
        return;
    }
    for (r, &e) in escaped.iter().enumerate() {
        if e {
            roots.canon[r] = roots.unknown;
        }
    }
    let values: Vec<Value> = dfg.values.keys().collect();
    for v in values {
        let set = roots.of(v);
        if !set.iter().any(|r| escaped[r as usize]) {
            continue;
        }
        let mut merged = IdSet::one(roots.unknown);
        set.iter().filter(|r| !escaped[*r as usize]).for_each(|r| {
            merged.insert(r);
        });
        roots.of.set(v, merged);
    }
}

struct RootFlow<'a> {
    func: &'a Function,
    effects: &'a SecondaryMap<Inst, CallEffect>,
}

impl RootFlow<'_> {
    fn union(&self, roots: &Roots, vals: &[Value]) -> IdSet {
        let mut set = IdSet::default();
        for &v in vals {
            set.join(roots.of(v));
        }
        set
    }
}

impl Problem for RootFlow<'_> {
    type State = Roots;
    const NAME: &'static str = "pointer roots";
    const DIRECTION: Direction = Direction::Forward;

    fn transfer(&self, roots: &mut Roots, inst: Inst) -> bool {
        let dfg = &self.func.dfg;
        let mut changed = false;
        for bc in dfg.inst(inst).successors() {
            for (&p, &a) in dfg.block_params(bc.block).iter().zip(&bc.args) {
                let set = roots.of(a).clone();
                changed |= roots.of.join(p, &set);
            }
        }
        let Some(res) = dfg.result(inst) else { return changed };
        if !dfg.value_type(res).has_ptr() {
            return changed;
        }
        let unknown = IdSet::one(roots.unknown);
        let set = match dfg.inst(inst) {
            InstData::Alloca { .. } => return changed,
            InstData::PtrAdd { args } => roots.of(args[0]).clone(),
            InstData::Cast { op: CastOp::IntToPtr, .. } => unknown,
            InstData::Cast { arg, .. } | InstData::Unary { arg, .. } | InstData::ExtractValue { arg, .. } => {
                roots.of(*arg).clone()
            }
            InstData::Select { args } => self.union(roots, &args[1..]),
            InstData::InsertElement { args } => self.union(roots, &args[..2]),
            InstData::ExtractElement { args } => roots.of(args[0]).clone(),
            InstData::Shuffle { args, .. } | InstData::InsertValue { args, .. } => self.union(roots, args),
            InstData::Call { .. } | InstData::Invoke { .. } if matches!(self.effects[inst], CallEffect::Alloc { .. }) => {
                return changed
            }
            // A defined callee returns only the arguments its summary names (a pointer it
            // loads is `Unknown`'s); so an inactive global's address passed to a helper that
            // returns a pointer into its data does not make the result point to `Constant`.
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => {
                let passes = match self.effects[inst] {
                    CallEffect::Defined { passes, .. } => passes,
                    _ => u64::MAX,
                };
                let returned: Vec<Value> =
                    args.iter().enumerate().filter(|(j, _)| passes & (1 << (*j).min(63)) != 0).map(|(_, &a)| a).collect();
                let mut set = self.union(roots, &returned);
                set.insert(roots.unknown);
                set
            }
            _ => unknown,
        };
        changed | roots.of.join(res, &set)
    }
}
