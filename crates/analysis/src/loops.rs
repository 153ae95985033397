//! Natural loops: one loop per header (every back edge `latch -> header` whose header dominates
//! the latch joins its header's loop), their nesting, preheader, latches, exiting and exit
//! blocks, induction variables and, where it can be computed before the loop runs, the trip
//! count (see [`trip`] for the recognised forms).
//!
//! Retreating edges whose target does not dominate their source (irreducible control flow) make
//! no loop; they are listed in [`LoopInfo::irreducible_edges`] so a caller can refuse or fall
//! back. Unreachable blocks are never in a loop.

pub mod trip;

use catalase_ir::entities::{EntityRef, SecondaryMap};
use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::BinaryOp;
use catalase_ir::{Block, Function, Inst, Value};

use crate::cfg::Cfg;
use crate::dom::DomTree;
use crate::AnalysisError;

pub use trip::{Tested, TripCount, TripExpr};

/// A loop, by its index in [`LoopInfo::loops`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct LoopId(pub u32);

/// A basic induction variable: a header parameter that enters as a loop-invariant `init` and
/// comes back on every latch edge as `param + step` (`next`).
#[derive(Clone, Debug, PartialEq)]
pub struct InductionVar {
    /// The header's block parameter.
    pub param: Value,
    /// Its position among the header's parameters.
    pub index: u32,
    /// The value every entering edge passes (a constant or defined before the loop).
    pub init: Value,
    /// The constant added each iteration (negative for `sub` or a negative addend).
    pub step: i128,
    /// `param + step`, passed on every latch edge.
    pub next: Value,
    /// The instruction computing `next`.
    pub step_inst: Inst,
}

/// One natural loop.
#[derive(Clone, Debug)]
pub struct Loop {
    pub header: Block,
    pub parent: Option<LoopId>,
    pub children: Vec<LoopId>,
    /// 1 for an outermost loop.
    pub depth: u32,
    /// Member blocks in reverse post-order (the header first), inner loops' blocks included.
    pub blocks: Vec<Block>,
    /// Blocks with an edge back to the header, in reverse post-order.
    pub latches: Vec<Block>,
    /// Out-of-loop predecessors of the header.
    pub entering: Vec<Block>,
    /// The unique entering block whose only successor is the header, if any.
    pub preheader: Option<Block>,
    /// Member blocks with a successor outside the loop.
    pub exiting: Vec<Block>,
    /// Out-of-loop successors of member blocks.
    pub exits: Vec<Block>,
    /// Basic induction variables, by header parameter order.
    pub ivs: Vec<InductionVar>,
    /// The number of times the header runs, when computable before the loop.
    pub trip_count: Option<TripCount>,
    member: Vec<bool>,
}

impl Loop {
    pub fn contains(&self, b: Block) -> bool {
        self.member.get(b.index()).copied().unwrap_or(false)
    }
    /// The induction variable the trip count is computed from, else the first one.
    pub fn canonical_iv(&self) -> Option<&InductionVar> {
        let tested = self.trip_count.as_ref().map(|t| t.iv);
        self.ivs.iter().find(|iv| Some(iv.param) == tested).or(self.ivs.first())
    }
}

/// All loops of a function.
#[derive(Clone, Debug, Default)]
pub struct LoopInfo {
    loops: Vec<Loop>,
    innermost: SecondaryMap<Block, Option<LoopId>>,
    irreducible: Vec<(Block, Block)>,
}

impl LoopInfo {
    /// Loops in reverse post-order of their headers (an outer loop before the loops inside it).
    pub fn loops(&self) -> impl Iterator<Item = (LoopId, &Loop)> {
        self.loops.iter().enumerate().map(|(i, l)| (LoopId(i as u32), l))
    }
    pub fn get(&self, id: LoopId) -> Option<&Loop> {
        self.loops.get(id.0 as usize)
    }
    pub fn len(&self) -> usize {
        self.loops.len()
    }
    pub fn is_empty(&self) -> bool {
        self.loops.is_empty()
    }
    /// The innermost loop containing `b`.
    pub fn loop_of(&self, b: Block) -> Option<LoopId> {
        self.innermost[b]
    }
    /// The loop whose header is `b`.
    pub fn loop_with_header(&self, b: Block) -> Option<LoopId> {
        self.loops().find(|(_, l)| l.header == b).map(|(id, _)| id)
    }
    /// Nesting depth of a block (0 outside every loop).
    pub fn depth(&self, b: Block) -> u32 {
        self.loop_of(b).and_then(|id| self.get(id)).map_or(0, |l| l.depth)
    }
    /// Outermost loops.
    pub fn top_level(&self) -> impl Iterator<Item = LoopId> + '_ {
        self.loops().filter(|(_, l)| l.parent.is_none()).map(|(id, _)| id)
    }
    /// Retreating edges `(from, to)` where `to` does not dominate `from`: irreducible flow.
    pub fn irreducible_edges(&self) -> &[(Block, Block)] {
        &self.irreducible
    }
}

/// Find the loops of `func`.
pub fn analyse(func: &Function, cfg: &Cfg, dom: &DomTree) -> Result<LoopInfo, AnalysisError> {
    let nblocks = func.dfg.blocks.len();
    let mut info = LoopInfo { innermost: SecondaryMap::with_default(None), ..LoopInfo::default() };
    for &h in cfg.rpo() {
        let mut latches = Vec::new();
        for p in cfg.unique_predecessors(h) {
            if !cfg.is_reachable(p) {
                continue;
            }
            if dom.dominates(h, p) {
                latches.push(p);
            } else if cfg.rpo_index(p) >= cfg.rpo_index(h) {
                info.irreducible.push((p, h));
            }
        }
        if !latches.is_empty() {
            latches.sort_by_key(|b| cfg.rpo_index(*b));
            info.loops.push(natural_loop(cfg, h, latches, nblocks));
        }
    }
    nest(&mut info, cfg);
    for l in &mut info.loops {
        edges_of(l, cfg);
    }
    for id in 0..info.loops.len() {
        let ivs = induction_vars(func, dom, &info.loops[id]);
        info.loops[id].ivs = ivs;
        let trip = trip::analyse(func, dom, &info, LoopId(id as u32));
        info.loops[id].trip_count = trip;
    }
    Ok(info)
}

/// The header plus every block that reaches a latch without passing the header.
fn natural_loop(cfg: &Cfg, header: Block, latches: Vec<Block>, nblocks: usize) -> Loop {
    let mut member = vec![false; nblocks];
    member[header.index()] = true;
    let mut stack: Vec<Block> = latches.clone();
    while let Some(b) = stack.pop() {
        if member[b.index()] {
            continue;
        }
        member[b.index()] = true;
        stack.extend(cfg.unique_predecessors(b).into_iter().filter(|p| cfg.is_reachable(*p) && !member[p.index()]));
    }
    let blocks = cfg.rpo().iter().copied().filter(|b| member[b.index()]).collect();
    Loop {
        header,
        parent: None,
        children: Vec::new(),
        depth: 1,
        blocks,
        latches,
        entering: Vec::new(),
        preheader: None,
        exiting: Vec::new(),
        exits: Vec::new(),
        ivs: Vec::new(),
        trip_count: None,
        member,
    }
}

/// Parents (the smallest other loop holding the header), children, depths, innermost loops.
fn nest(info: &mut LoopInfo, cfg: &Cfg) {
    let n = info.loops.len();
    for i in 0..n {
        let h = info.loops[i].header;
        let parent = (0..n)
            .filter(|&j| j != i && info.loops[j].contains(h))
            .min_by_key(|&j| info.loops[j].blocks.len());
        info.loops[i].parent = parent.map(|j| LoopId(j as u32));
        if let Some(j) = parent {
            info.loops[j].children.push(LoopId(i as u32));
        }
    }
    // Headers come in reverse post-order, so a parent is numbered before its children.
    for i in 0..n {
        info.loops[i].depth = match info.loops[i].parent {
            Some(p) => info.loops[p.0 as usize].depth + 1,
            None => 1,
        };
    }
    for &b in cfg.rpo() {
        let inner = (0..n).filter(|&i| info.loops[i].contains(b)).max_by_key(|&i| info.loops[i].depth);
        info.innermost[b] = inner.map(|i| LoopId(i as u32));
    }
}

/// Entering, preheader, exiting and exit blocks.
fn edges_of(l: &mut Loop, cfg: &Cfg) {
    l.entering = cfg
        .unique_predecessors(l.header)
        .into_iter()
        .filter(|p| cfg.is_reachable(*p) && !l.contains(*p))
        .collect();
    l.preheader = match l.entering.as_slice() {
        [p] if cfg.unique_successors(*p) == [l.header] => Some(*p),
        _ => None,
    };
    for &b in &l.blocks {
        for s in cfg.unique_successors(b) {
            if !l.contains(s) {
                if !l.exiting.contains(&b) {
                    l.exiting.push(b);
                }
                if !l.exits.contains(&s) {
                    l.exits.push(s);
                }
            }
        }
    }
    l.exits.sort_by_key(|b| cfg.rpo_index(*b));
}

/// The arguments every edge from `from` to `to` passes at parameter `index` (one per edge).
fn edge_args(func: &Function, from: Block, to: Block, index: usize) -> Vec<Option<Value>> {
    let Some(t) = func.terminator(from) else { return Vec::new() };
    func.dfg.inst(t).successors().iter().filter(|bc| bc.block == to).map(|bc| bc.args.get(index).copied()).collect()
}

/// The one value all edges pass, if they agree.
fn same_value(args: Vec<Option<Value>>) -> Option<Value> {
    let first = (*args.first()?)?;
    args.iter().all(|a| *a == Some(first)).then_some(first)
}

/// Whether `v` is fixed for the whole loop: a constant, or defined outside the loop in a block
/// that strictly dominates the header.
pub fn is_invariant(func: &Function, dom: &DomTree, l: &Loop, v: Value) -> bool {
    let Some(data) = func.dfg.values.get(v) else { return false };
    let def_block = match data.def {
        ValueDef::Const(_) => return true,
        ValueDef::Param(b, _) => b,
        ValueDef::Result(i) => match func.layout.inst_block(i) {
            Some(b) => b,
            None => return false,
        },
    };
    !l.contains(def_block) && dom.strictly_dominates(def_block, l.header)
}

fn induction_vars(func: &Function, dom: &DomTree, l: &Loop) -> Vec<InductionVar> {
    let mut ivs = Vec::new();
    for (index, &param) in func.dfg.block_params(l.header).iter().enumerate() {
        if !func.dfg.value_type(param).is_int() {
            continue;
        }
        let entering = l.entering.iter().flat_map(|&p| edge_args(func, p, l.header, index)).collect();
        let Some(init) = same_value(entering) else { continue };
        if !is_invariant(func, dom, l, init) {
            continue;
        }
        let back = l.latches.iter().flat_map(|&p| edge_args(func, p, l.header, index)).collect();
        let Some(next) = same_value(back) else { continue };
        let Some(step_inst) = func.dfg.def_inst(next) else { continue };
        let Some(step) = step_of(func, step_inst, param) else { continue };
        if step != 0 {
            ivs.push(InductionVar { param, index: index as u32, init, step, next, step_inst });
        }
    }
    ivs
}

/// The constant `c` when `inst` is `param + c`, `c + param` or `param - c`.
fn step_of(func: &Function, inst: Inst, param: Value) -> Option<i128> {
    match func.dfg.inst(inst) {
        InstData::Binary { op: BinaryOp::Add, args: [a, b] } if *a == param => func.dfg.const_int(*b),
        InstData::Binary { op: BinaryOp::Add, args: [a, b] } if *b == param => func.dfg.const_int(*a),
        InstData::Binary { op: BinaryOp::Sub, args: [a, b] } if *a == param => func.dfg.const_int(*b)?.checked_neg(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
