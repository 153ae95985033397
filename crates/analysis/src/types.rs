//! Type analysis (DESIGN.md §4): for every value, and for every byte offset of the memory a
//! pointer points to, whether it holds a float (`f32`, `f64`, ...), an integer, a pointer,
//! `Anything` (several of these met: a conflict) or nothing known (`Unknown`). Reverse mode needs
//! it wherever the IR's own types do not say: an `i64` load or a `memcpy` may move doubles, and
//! their adjoints must follow.
//!
//! **Lattice and conflicts.** See [`tree`]: per offset, the set of kinds seen, joined by union
//! (`int ∪ ptr = ptr`); a set of two or more kinds reads as `Anything`. A conflict is not an
//! error of the analysis: the same bytes may well be read as an `int` and as a `double` (a
//! union), and only a derivative that depends on those bytes cares. [`FunctionTypes::deduce_value`]
//! and [`FunctionTypes::deduce_pointee`] turn `Unknown` and `Anything` into a
//! `CannotDeduceType` diagnostic naming the value, the source line, what was tried and the kinds
//! that met; with `loose` they guess instead (see [`guess`]). Joining toward a conflict, rather
//! than failing at the first disagreement, keeps the analysis total and monotone.
//!
//! **Sources.** The rules are listed in [`transfer`]: loads/stores, `ptradd` with constant and
//! strided offsets, `memcpy`/`memmove` lengths, bitcasts and pointer/int casts, `select` and block
//! parameters, declared types of `alloca`s, globals and `sret`/`byval` attributes, known functions
//! (libm, allocators, memory intrinsics), and call sites. TBAA reaches it in one form: the
//! lowering makes an `i64`/`i32` load or store tagged `double`/`float` (InstCombine's copy of a
//! double) the float access and a `bitcast`; otherwise Catalase IR carries no TBAA, and the
//! accessed type of a load or store is its IR type.
//!
//! **Across calls.** Each defined function reachable from the root through direct calls has a
//! [`Summary`] (a layer per parameter and one for the return). A call site joins its arguments
//! with the callee's parameter summary both ways, and its result with the return summary. The
//! module-level loop re-solves every function until no summary changes; recursion needs nothing
//! special. Summaries are context-insensitive: all call sites of a function share them.
//! What a call site says about the memory behind a reference argument reaches the summary only
//! within the callee's extent of that parameter ([`extent`]).
//!
//! **Limits.** Nesting depth 6 and offsets ±512 bytes ([`tree::MAX_DEPTH`],
//! [`tree::MAX_OFFSET`]), depth 4 and then 3 where the facts at depth 6 outgrow
//! [`DEPTH_BUDGET`] cells (recursive structures, see [`DEPTHS`]); vector lanes share one kind; integer constants say nothing (a stored
//! `i64` constant may be a double's bits); variable array indices are assumed non-negative;
//! indirect calls are not followed.

// Diagnostics are the error type shared by every crate boundary (STYLE.md habit 10).
#![allow(clippy::result_large_err)]

pub mod extent;
pub mod provenance;
pub mod transfer;
pub mod tree;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::entities::SecondaryMap;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::{Const, FuncId, Function, Inst, Module, Type, Value};

use crate::dataflow;
use crate::AnalysisError;
pub use transfer::Summary;
use transfer::{Flow, State};
pub use tree::{Cell, Kind, Layer};

/// A float format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatKind {
    Half,
    BFloat,
    F32,
    F64,
}

/// The answer to a type query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Concrete {
    Unknown,
    Integer,
    Pointer,
    Float(FloatKind),
    /// Several kinds met (a conflict).
    Anything,
}

impl Concrete {
    pub fn of(k: Kind) -> Concrete {
        match k {
            _ if k.is_unknown() => Concrete::Unknown,
            _ if k.is_conflict() => Concrete::Anything,
            Kind::INT => Concrete::Integer,
            Kind::PTR => Concrete::Pointer,
            Kind::F16 => Concrete::Float(FloatKind::Half),
            Kind::BF16 => Concrete::Float(FloatKind::BFloat),
            Kind::F32 => Concrete::Float(FloatKind::F32),
            _ => Concrete::Float(FloatKind::F64),
        }
    }
    pub fn is_float(self) -> bool {
        matches!(self, Concrete::Float(_))
    }
}

impl fmt::Display for Concrete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Concrete::Unknown => "unknown",
            Concrete::Integer => "int",
            Concrete::Pointer => "ptr",
            Concrete::Float(FloatKind::Half) => "f16",
            Concrete::Float(FloatKind::BFloat) => "bf16",
            Concrete::Float(FloatKind::F32) => "f32",
            Concrete::Float(FloatKind::F64) => "f64",
            Concrete::Anything => "any",
        })
    }
}

/// What the caller of the root function knows: a layer per parameter (empty: nothing known)
/// and one for the return value. For a pointer parameter, the layer's cell at offset 0 holds
/// the pointee (build it with [`Layer::pointer_to`]).
#[derive(Clone, Debug, Default)]
pub struct ArgTypes {
    pub params: Vec<Layer>,
    pub ret: Layer,
}

/// The types of one function's values.
#[derive(Clone, Debug)]
pub struct FunctionTypes {
    values: SecondaryMap<Value, Layer>,
    /// Declared float and pointer kinds, which answer queries about a value's own type.
    declared: SecondaryMap<Value, Kind>,
    ret: Layer,
}

/// A type a generator asked for: deduced, or guessed under `loose` (then `warning` says so).
#[derive(Clone, Debug, PartialEq)]
pub struct Deduced {
    pub ty: Concrete,
    pub warning: Option<Diagnostic>,
}

impl FunctionTypes {
    /// Everything known about `v`'s bytes (and, through pointers, the memory they point to).
    pub fn layer(&self, v: Value) -> &Layer {
        self.values.get(v)
    }
    /// The kind of the scalar at offset 0 of `v` (a scalar value's own type).
    pub fn value_type(&self, v: Value) -> Concrete {
        self.value_type_at(v, 0)
    }
    /// The kind of the scalar at byte `offset` of `v` (a vector lane, a struct member). A value
    /// declared float or pointer is what it is declared, whatever its bytes meet elsewhere.
    pub fn value_type_at(&self, v: Value, offset: i64) -> Concrete {
        Concrete::of(self.own_kind(v, offset))
    }
    fn own_kind(&self, v: Value, offset: i64) -> Kind {
        let declared = *self.declared.get(v);
        if declared.is_unknown() {
            self.values.get(v).cell_at(offset).kind
        } else {
            declared
        }
    }
    /// The memory `ptr` points to.
    pub fn pointee(&self, ptr: Value) -> Layer {
        self.values.get(ptr).cell_ref(0).and_then(|c| c.pointee.as_deref()).cloned().unwrap_or_default()
    }
    /// The kinds of the scalars that start in `[offset, offset + size)` of the memory `ptr`
    /// points to, joined (several different kinds: `Anything`).
    pub fn pointee_type(&self, ptr: Value, offset: i64, size: i64) -> Concrete {
        Concrete::of(self.pointee(ptr).kind_in(offset, offset + size.max(1)))
    }
    /// The stride of the repeating pattern of the memory `ptr` points to, when one covers every
    /// offset from 0 on (an array of structs); None otherwise.
    pub fn pointee_period(&self, ptr: Value) -> Option<i64> {
        let p = self.pointee(ptr).every?;
        (p.from <= 0 && !p.folded && p.stride > 0).then_some(p.stride)
    }
    /// What the function returns.
    pub fn return_layer(&self) -> &Layer {
        &self.ret
    }
    /// The type of `v` where a derivative depends on it: float, integer or pointer, guessed
    /// under `loose`, otherwise a `CannotDeduceType` error naming `v` and its source line.
    pub fn deduce_value(&self, func: &Function, v: Value, loose: bool) -> Result<Deduced, Diagnostic> {
        let kind = self.own_kind(v, 0);
        let ty = func.dfg.value_type(v);
        let inst = func.dfg.def_inst(v);
        let what = format!("{v} ({ty})");
        settle(func, kind, ty.scalar().store_size() as i64, inst, &what, loose)
    }
    /// The type of the `size` bytes at `offset` of the memory `ptr` points to, as `inst` (a load,
    /// store or copy) needs it; errors and guesses as [`FunctionTypes::deduce_value`].
    pub fn deduce_pointee(
        &self,
        func: &Function,
        inst: Inst,
        ptr: Value,
        offset: i64,
        size: i64,
        loose: bool,
    ) -> Result<Deduced, Diagnostic> {
        let kind = self.pointee(ptr).kind_in(offset, offset + size.max(1));
        let what = format!("the {size} bytes at offset {offset} of the memory {ptr} points to");
        settle(func, kind, size, Some(inst), &what, loose)
    }
}

/// Loose mode's guess for a kind it cannot settle: a same-sized float for an unknown of 4 or 8
/// bytes; the one float among conflicting kinds. `None` when there is nothing sensible to guess.
pub fn guess(kind: Kind, size: i64) -> Option<Concrete> {
    if kind.is_unknown() {
        return match size {
            8 => Some(Concrete::Float(FloatKind::F64)),
            4 => Some(Concrete::Float(FloatKind::F32)),
            _ => None,
        };
    }
    let floats: Vec<Kind> =
        [Kind::F16, Kind::BF16, Kind::F32, Kind::F64].into_iter().filter(|f| kind.contains(*f)).collect();
    match floats.as_slice() {
        [one] => Some(Concrete::of(*one)),
        _ => None,
    }
}

fn settle(func: &Function, kind: Kind, size: i64, inst: Option<Inst>, what: &str, loose: bool) -> Result<Deduced, Diagnostic> {
    if !kind.is_unknown() && !kind.is_conflict() {
        return Ok(Deduced { ty: Concrete::of(kind), warning: None });
    }
    let problem = if kind.is_conflict() {
        format!("{what} is used as {}", kind.names().join(" and as "))
    } else {
        format!("cannot deduce whether {what} holds a float, an integer or a pointer")
    };
    let tried = "tried: the instructions that define and use it, the memory it is loaded from or \
                 stored to (loads, stores, `ptradd` offsets, `memcpy` lengths), declared types of \
                 allocations and globals, known function signatures, and the types at the call sites";
    let guessed = if loose { guess(kind, size) } else { None };
    let mut d = match guessed {
        Some(g) => Diagnostic::warning(DiagKind::CannotDeduceType, format!("{problem}; guessing {g} (--loose-types)")),
        None => Diagnostic::error(DiagKind::CannotDeduceType, format!("{problem}; {tried}")),
    };
    d = d.in_function(func.name.clone());
    if let Some(i) = inst {
        d = d.at_inst(catalase_ir::printer::print_inst(func, i)).at_loc(func.dfg.insts[i].loc.clone().or_else(|| func.loc.clone()));
    } else {
        d = d.at_loc(func.loc.clone());
    }
    match guessed {
        Some(ty) => Ok(Deduced { ty, warning: Some(d) }),
        None if loose => Err(d.with_help("no same-sized float to guess; make the type visible (e.g. load it as a float)")),
        None => Err(d.with_help(
            "if it holds a float, `--loose-types` (the pass parameter `loose-types`, or `loose-types` in \
             CATALASE_OPTIONS) guesses float for same-sized unknowns; the guess may give wrong derivatives",
        )),
    }
}

/// The types of the root function and of every defined function it reaches by direct calls.
#[derive(Clone, Debug)]
pub struct TypeResults {
    root: FuncId,
    funcs: HashMap<FuncId, FunctionTypes>,
}

impl TypeResults {
    pub fn root(&self) -> &FunctionTypes {
        &self.funcs[&self.root]
    }
    /// The types of a function the root reaches (`None` for others).
    pub fn function(&self, id: FuncId) -> Option<&FunctionTypes> {
        self.funcs.get(&id)
    }
    /// [`FunctionTypes::value_type`] of the root.
    pub fn value_type(&self, v: Value) -> Concrete {
        self.root().value_type(v)
    }
    /// [`FunctionTypes::pointee_type`] of the root.
    pub fn pointee_type(&self, ptr: Value, offset: i64, size: i64) -> Concrete {
        self.root().pointee_type(ptr, offset, size)
    }
}

/// One function being solved.
struct Work {
    id: FuncId,
    order: Vec<Inst>,
    carried: HashSet<Inst>,
    multiples: HashMap<Value, (i64, i64)>,
    read_lanes: HashMap<Value, u64>,
    state: State,
    /// Defined functions this one calls.
    callees: HashSet<FuncId>,
    /// Whether a summary it reads changed since it was last solved.
    dirty: bool,
    /// The cells its facts held when last solved (see [`cells_of`]).
    cells: usize,
}

/// The most cells (see [`Layer::cells`]) the facts of one analysis may hold. The corpus's
/// C++ programs at -O0 (std::vector of vectors, std::sort, std::unique_ptr, ...) hold up to
/// about 60,000; a module past this limit is refused with a diagnostic rather than analysed
/// for minutes.
pub const MAX_CELLS: usize = 2_000_000;

/// The nesting depths an analysis tries, each while its facts stay within [`DEPTH_BUDGET`]
/// cells (the last: [`MAX_CELLS`]). Recursive structures grow the facts as the number of
/// pointer fields to the power of the depth (a red-black tree node's parent, left and right
/// pointers each hold a node again, a string in the node points into the node itself; the
/// tape of a derivative differentiated again holds pointers to tapes): at depth 6 a
/// `std::map<std::string, double>` built in the function holds millions of cells, at depth 3
/// some thousands. Ordinary code stays within the budget at the full depth and keeps it.
pub const DEPTHS: [usize; 3] = [tree::MAX_DEPTH, 4, 3];
/// The cells an analysis may hold before it starts again one depth shallower (see [`DEPTHS`]).
pub const DEPTH_BUDGET: usize = 300_000;

/// Type analysis of `root` (and the functions it calls) given what the call site knows.
pub fn analyse(module: &Module, root: FuncId, args: &ArgTypes) -> Result<TypeResults, AnalysisError> {
    for (i, &depth) in DEPTHS.iter().enumerate() {
        let budget = if i + 1 == DEPTHS.len() { MAX_CELLS } else { DEPTH_BUDGET };
        match tree::with_depth(depth, || analyse_at(module, root, args, budget)) {
            Err(AnalysisError::TooLarge { .. }) if i + 1 < DEPTHS.len() => continue,
            out => return out,
        }
    }
    unreachable!("the last depth returns")
}

/// The cells `w`'s facts hold, counted up to `limit`.
fn cells_of(module: &Module, w: &Work, limit: usize) -> usize {
    let mut n = 0;
    for v in module.function(w.id).dfg.values.keys() {
        n += w.state.values[v].cells();
        if n > limit {
            break;
        }
    }
    n
}

/// [`analyse`] at the depth [`tree::with_depth`] set: `TooLarge` once the facts of all
/// functions hold more than `budget` cells.
fn analyse_at(module: &Module, root: FuncId, args: &ArgTypes, budget: usize) -> Result<TypeResults, AnalysisError> {
    let rootf = module.function(root);
    let nparams = rootf.params().len();
    if !args.params.is_empty() && args.params.len() != nparams {
        return Err(AnalysisError::BadRequest {
            function: rootf.name.clone(),
            message: format!("{} argument types for {} parameters", args.params.len(), nparams),
        });
    }
    let mut summaries = HashMap::new();
    let mut params = args.params.clone();
    params.resize(nparams, Layer::default());
    summaries.insert(root, Summary { params, ret: args.ret.clone() });
    let mut work = Vec::new();
    let funcs = reachable(module, root);
    let extents = extent::Extents::solve(module, &funcs);
    for id in funcs {
        let func = module.function(id);
        let cfg = crate::cfg::analyse(func)?;
        let order: Vec<Inst> = cfg.rpo().iter().flat_map(|&b| func.layout.block_insts(b)).collect();
        let carried = transfer::carried_steps(func, &order);
        let multiples = transfer::exact_multiples(func);
        let read_lanes = transfer::read_lanes(func);
        let callees = defined_callees(module, func).into_iter().collect();
        work.push(Work { id, order, carried, multiples, read_lanes, state: seed(module, func), callees, dirty: true, cells: 0 });
    }
    // Summaries grow by at most one shift of a constant offset per round through a cycle of
    // calls, so the bound covers the offset limit.
    let max_rounds = 16 + 4 * work.len() + tree::MAX_OFFSET as usize;
    for _ in 0..max_rounds {
        let mut changed = HashSet::new();
        let too_large = || AnalysisError::TooLarge { function: rootf.name.clone(), cells: budget };
        for i in 0..work.len() {
            if !work[i].dirty {
                continue;
            }
            work[i].dirty = false;
            // What the other functions hold, so that one function's passes stop once the
            // whole is over budget.
            let others: usize = work.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, w)| w.cells).sum();
            if others > budget {
                return Err(too_large());
            }
            changed.extend(solve_one(module, &mut work[i], &mut summaries, &extents, budget - others).map_err(|e| match e {
                AnalysisError::TooLarge { .. } => too_large(),
                e => e,
            })?);
            work[i].cells = cells_of(module, &work[i], budget);
        }
        if work.iter().map(|w| w.cells).sum::<usize>() > budget {
            return Err(too_large());
        }
        if changed.is_empty() {
            return Ok(TypeResults { root, funcs: work.into_iter().map(|w| (w.id, finish(module, w))).collect() });
        }
        for w in work.iter_mut() {
            w.dirty = changed.contains(&w.id) || w.callees.iter().any(|c| changed.contains(c));
        }
    }
    Err(AnalysisError::NoFixpoint { function: rootf.name.clone(), analysis: "type analysis (across calls)" })
}

fn finish(module: &Module, w: Work) -> FunctionTypes {
    let func = module.function(w.id);
    let mut declared = SecondaryMap::default();
    for (v, data) in func.dfg.values.iter() {
        let k = Kind::of_declared(data.ty.scalar());
        if k == Kind::PTR || data.ty.is_float_or_vector() {
            declared[v] = k;
        }
    }
    FunctionTypes { values: w.state.values, declared, ret: w.state.ret }
}

/// Solve one function against the current summaries; the functions whose summaries changed.
/// `TooLarge` once its facts hold more than `budget` cells.
fn solve_one(
    module: &Module,
    w: &mut Work,
    summaries: &mut HashMap<FuncId, Summary>,
    extents: &extent::Extents,
    budget: usize,
) -> Result<Vec<FuncId>, AnalysisError> {
    let func = module.function(w.id);
    if let Some(sum) = summaries.get(&w.id) {
        for (&p, l) in func.params().iter().zip(&sum.params) {
            w.state.values[p].join(l);
        }
        w.state.ret.join(&sum.ret);
    }
    let flow = Flow { module, func, summaries, carried: &w.carried, multiples: &w.multiples, read_lanes: &w.read_lanes, extents };
    let max_passes = 16 + 4 * tree::MAX_OFFSET as usize + func.dfg.values.len();
    // A pass at a time, so that facts growing without bound stop at the budget.
    let mut passes = 0;
    loop {
        match dataflow::solve(&flow, func, &w.order, &mut w.state, 1) {
            Ok(_) => break,
            Err(AnalysisError::NoFixpoint { .. }) if passes < max_passes => passes += 1,
            Err(e) => return Err(e),
        }
        if cells_of(module, w, budget) > budget {
            return Err(AnalysisError::TooLarge { function: func.name.clone(), cells: budget });
        }
    }
    let own = Summary {
        params: func.params().iter().map(|&p| w.state.values[p].clone()).collect(),
        ret: w.state.ret.clone(),
    };
    let mut changed = Vec::new();
    if summaries.entry(w.id).or_default().join(&own) {
        changed.push(w.id);
    }
    for (g, said) in std::mem::take(&mut w.state.out) {
        if summaries.entry(g).or_default().join(&said) {
            changed.push(g);
        }
    }
    Ok(changed)
}

/// Facts every value starts with: its declared type; for the address of a global, the
/// global's declared floats and pointers.
fn seed(module: &Module, func: &Function) -> State {
    let mut st = State::default();
    for (v, data) in func.dfg.values.iter() {
        st.values[v] = transfer::declared(&data.ty);
        let k = Kind::of_declared(&data.ty);
        if !k.is_unknown() && k != Kind::INT {
            st.scalar[v] = k;
        }
        match &data.def {
            // A C++ vtable (or VTT) is read only for the function pointers and
            // offsets in it: what it holds never concerns a derivative, and its array of
            // pointers, joined into the facts of every object whose vtable pointer sits where a
            // sibling class keeps a pointer to doubles (a `Residual<Dense>` member's vptr at
            // offset 8 beside a `Dense`'s weights pointer, in one `std::vector<Layer *>`), would
            // make those doubles a conflict. Its address is kept as a bare pointer.
            ValueDef::Const(Const::Global(name)) if module.find_global(name).is_some_and(is_cxx_abi_table) => {
                st.fixed[v] = true;
            }
            ValueDef::Const(Const::Global(name)) => {
                if let Some(g) = module.find_global(name) {
                    st.values[v].join(&Layer::pointer_to(transfer::declared(&g.ty)));
                }
            }
            ValueDef::Const(_) => st.fixed[v] = true,
            _ => {}
        }
    }
    st
}

/// A constant C++ vtable (`_ZTV`) or VTT (`_ZTT`). (`type_info` objects keep their facts:
/// `std::function`'s managers store one where a closure's bytes go, and the corpus's closure
/// copies at -O0 are typed by them.)
fn is_cxx_abi_table(g: &catalase_ir::function::Global) -> bool {
    g.constant && ["_ZTV", "_ZTT"].iter().any(|p| g.name.starts_with(p))
}

/// The defined functions `func` calls directly.
fn defined_callees(module: &Module, func: &Function) -> Vec<FuncId> {
    let mut out = Vec::new();
    for i in func.insts_in_order() {
        if let InstData::Call { callee: Callee::Direct(name), .. } | InstData::Invoke { callee: Callee::Direct(name), .. } =
            func.dfg.inst(i)
        {
            if let Some(g) = module.find_function(name).filter(|g| !module.function(*g).is_declaration()) {
                if !out.contains(&g) {
                    out.push(g);
                }
            }
        }
    }
    out
}

/// `root` and every defined function it reaches through direct calls, root first.
fn reachable(module: &Module, root: FuncId) -> Vec<FuncId> {
    let mut seen = vec![root];
    let mut queue = VecDeque::from([root]);
    while let Some(id) = queue.pop_front() {
        for g in defined_callees(module, module.function(id)) {
            if !seen.contains(&g) {
                seen.push(g);
                queue.push_back(g);
            }
        }
    }
    seen
}

/// A pointer parameter whose memory is an array of `elem` (every `elem.alloc_size()` bytes).
pub fn array_of(elem: &Type) -> Layer {
    let size = elem.alloc_size() as i64;
    Layer::pointer_to(transfer::declared(elem).unfolded(0, size.max(1)))
}

#[cfg(test)]
mod tests;
