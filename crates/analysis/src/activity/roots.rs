//! The memory model of activity analysis, free of points-to sets: every pointer value maps to
//! the set of *roots* (abstract memory objects) it may be derived from.
//!
//! Roots: each pointer argument; each `alloca` and each call to a known allocator (`malloc`,
//! `calloc`, `realloc`, `new`); each mutable global; one `Constant` root for constant or inactive
//! globals and function symbols (never holds active data); one `Unknown` root for pointers the
//! model cannot follow (loaded from memory, `inttoptr`, returned by other calls, landing pads).
//! Lattice: sets of roots ordered by inclusion; direction forward; transfer: `ptradd`, casts,
//! `select`, aggregate and vector moves and block parameters take the union of their operands'
//! roots; calls that are not allocators return `Unknown` plus the roots of their pointer
//! arguments (the callee may return one of them).
//!
//! Precision limit: all `Unknown` pointers are one object, so a store through one loaded pointer
//! is seen by loads through every other.

use std::collections::HashMap;

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::opcodes::CastOp;
use catalase_ir::{Const, Function, Inst, Module, Value};

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

/// Functions whose pointer result is fresh memory.
const ALLOCATORS: &[&str] = &["malloc", "calloc", "realloc", "aligned_alloc", "_Znwm", "_Znam", "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t"];

/// Roots of every value of one function.
#[derive(Clone, Debug)]
pub struct Roots {
    pub kinds: Vec<Root>,
    ids: HashMap<Root, u32>,
    of: Facts<Value, IdSet>,
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
        self.ids.insert(r, id);
        id
    }
    /// The roots `v` may be derived from (empty for non-pointers and null).
    pub fn of(&self, v: Value) -> &IdSet {
        self.of.get(v)
    }
    pub fn len(&self) -> usize {
        self.kinds.len()
    }
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}

/// Compute the roots of every pointer value, over instructions `order`.
pub fn analyse(func: &Function, module: &Module, order: &[Inst]) -> Result<Roots, AnalysisError> {
    let mut roots = Roots { kinds: Vec::new(), ids: HashMap::new(), of: Facts::default(), unknown: 0, constant: 0 };
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
            InstData::Alloca { .. } => Some(Root::Alloc(inst)),
            InstData::Call { callee: Callee::Direct(name), .. } if ALLOCATORS.contains(&name.as_str()) => {
                Some(Root::Alloc(inst))
            }
            _ => None,
        };
        if let (Some(r), Some(res)) = (fresh, func.dfg.result(inst)) {
            let id = roots.id(r);
            roots.of.join(res, &IdSet::one(id));
        }
    }
    let problem = RootFlow { func };
    let max = 4 + roots.len() * (func.dfg.values.len() + 1);
    dataflow::solve(&problem, func, order, &mut roots, max)?;
    Ok(roots)
}

/// Roots of a constant: globals by name, members of aggregates.
fn global_roots(module: &Module, c: &Const, roots: &mut Roots, set: &mut IdSet) {
    match c {
        Const::Global(name) => {
            let inactive = match module.find_global(name) {
                Some(g) => g.constant || g.inactive,
                None => module.find_function(name).is_some(),
            };
            let id = if inactive { roots.constant } else { roots.id(Root::Global(name.clone())) };
            set.insert(id);
        }
        Const::Aggregate(items) => items.iter().for_each(|i| global_roots(module, i, roots, set)),
        _ => {}
    }
}

struct RootFlow<'a> {
    func: &'a Function,
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
            InstData::Call { callee: Callee::Direct(name), .. } if ALLOCATORS.contains(&name.as_str()) => {
                return changed
            }
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => {
                let mut set = self.union(roots, args);
                set.insert(roots.unknown);
                set
            }
            _ => unknown,
        };
        changed | roots.of.join(res, &set)
    }
}
