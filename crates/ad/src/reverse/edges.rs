//! Edge numbers made again from branches: a block `b` inside a loop with two incoming edges
//! needs no edge number on the tape when the reverse of `b` can tell, from branch conditions it
//! makes again without keeping anything more, whether one of the edges was taken.
//!
//! Take a predecessor `P` of `b` in the same innermost loop. Between two visits of the loop's
//! header, a block of that loop runs at most once (a second run would need a cycle through it
//! that avoids the header: an inner loop). `P` ran in this iteration when it dominates `b`; or
//! when its only predecessor `Q` (in the same loop) ran and branched to it; or, when `P` is the
//! only exit of an inner loop, when the block that is the only way into that loop ran and
//! branched into it (a loop that is entered is left, or the reverse sweep never runs). So "`P`
//! ran" is a conjunction of branch conditions along a chain up to a dominator of `b`, and the
//! edge from `P` was taken exactly when, besides, `P`'s own branch chose `b`; else the other
//! edge was. The conditions are tested in chain order, each only where the ones before it hold
//! (a condition of a block that did not run may be any value, so what is made again for it
//! must be an operation that cannot trap). A loop header is never told: it is entered by a
//! back edge from the iteration before. (The shapes of LLVM's vector
//! loops: the remainder loop is entered from the guard, whose condition is a function of the
//! trip count, or after the vector loop; the block after both is entered from the vector
//! loop's exit, where no remainder is left, or from the remainder loop.)
//!
//! A parameter of such a told block `B` that a counted loop keeps for its reverse (defined
//! before the loop, pushed where it is left: `counters`) is made again instead, once per exit,
//! where the reverse sweep enters the loop: the argument on the edge the conditions tell, when
//! each exit is in `B`'s innermost loop and `B` dominates it (so `B` ran in this iteration),
//! and making the conditions and the two arguments there keeps fewer bytes than the parameter.
//! (LLVM's remainder loop starts where the vector loop stopped, or at the start when the
//! vector loop did not run: the start is a function of values the reverse has anyway.)

use std::collections::HashMap;

use catalase_analysis::cfg::Cfg;
use catalase_analysis::dom::DomTree;
use catalase_analysis::loops::LoopInfo;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::BinaryOp;
use catalase_ir::{Block, Function, Type, Value};

use super::augmented::RevCtx;
use super::record::{Record, Remake};
use super::tape::{self, Item, Recompute};

/// How far back a chain of branches is followed.
const MAX_CHAIN: usize = 8;

/// How the reverse sweep makes the edge number of a block again.
#[derive(Clone, Debug)]
pub(super) struct DerivedEdge {
    /// Conditions and the value each must have, in chain order: all hold exactly when the edge
    /// numbered `if_true` entered the block.
    pub terms: Vec<(Value, bool)>,
    /// The edge number when all `terms` hold, and when one does not.
    pub if_true: usize,
    pub if_false: usize,
}

/// A counted loop's invariant that is a parameter of a told block, made again where the
/// reverse sweep enters the loop (see the module doc).
#[derive(Clone, Debug)]
pub(super) struct ToldParam {
    pub edge: DerivedEdge,
    /// The argument on the edge numbered `edge.if_true`, and on the other.
    pub on_true: Value,
    pub on_false: Value,
}

/// The analyses a chain is followed with.
struct Chains<'a> {
    func: &'a Function,
    cfg: &'a Cfg,
    dom: &'a DomTree,
    info: &'a LoopInfo,
}

impl Chains<'_> {
    /// The conditions that hold exactly when `x` ran in this iteration of the innermost loop of
    /// `b` (where `x` sits too), before reaching `b`; `None` when no chain tells.
    fn ran(&self, x: Block, b: Block, depth: usize) -> Option<Vec<(Value, bool)>> {
        if self.dom.dominates(x, b) {
            return Some(Vec::new());
        }
        if depth >= MAX_CHAIN {
            return None;
        }
        let level = self.info.loop_of(x);
        let preds = self.cfg.unique_predecessors(x);
        let (from, into) = match preds.as_slice() {
            [q] if self.info.loop_of(*q) == level && *q != x => (*q, x),
            [q, ..] => self.inner_loop_entry(*q, x, &preds)?,
            [] => return None,
        };
        let mut terms = self.ran(from, b, depth + 1)?;
        terms.extend(self.branch_to(from, into)?);
        Some(terms)
    }

    /// When `x` is the only exit of the loop just inside its own that holds `q`, and all of
    /// `x`'s predecessors are in that loop: the block entering that loop and its header.
    fn inner_loop_entry(&self, q: Block, x: Block, preds: &[Block]) -> Option<(Block, Block)> {
        let level = self.info.loop_of(x);
        let mut id = self.info.loop_of(q)?;
        while self.info.get(id)?.parent != level {
            id = self.info.get(id)?.parent?;
        }
        let l = self.info.get(id)?;
        if l.exits != [x] || !preds.iter().all(|p| l.contains(*p)) {
            return None;
        }
        match l.entering.as_slice() {
            [e] if self.info.loop_of(*e) == level => Some((*e, l.header)),
            _ => None,
        }
    }

    /// The condition under which `from`'s terminator goes to `to`: none for a plain branch;
    /// `None` when it cannot be told by one condition.
    fn branch_to(&self, from: Block, to: Block) -> Option<Option<(Value, bool)>> {
        let term = self.func.terminator(from)?;
        match self.func.dfg.inst(term) {
            InstData::Br { dest } if dest.block == to => Some(None),
            InstData::CondBr { cond, then_dest, else_dest } => match (then_dest.block == to, else_dest.block == to) {
                (true, false) => Some(Some((*cond, true))),
                (false, true) => Some(Some((*cond, false))),
                _ => None,
            },
            _ => None,
        }
    }
}

impl RevCtx<'_, '_> {
    /// Find the blocks whose edge numbers can be made again, and add the conditions to their
    /// records (when that keeps nothing more on the tape).
    pub(super) fn plan_derived_edges(&mut self, reads: &mut HashMap<Block, Vec<Item>>) {
        let Some(info) = &self.loop_info else { return };
        if !info.irreducible_edges().is_empty() {
            return;
        }
        let Some((cfg, dom)) = &self.flow else { return };
        let chains = Chains { func: self.src, cfg, dom, info };
        let mut found = Vec::new();
        for &b in &self.order {
            let Some(edges) = self.edges.get(&b) else { continue };
            if edges.len() != 2 || self.frame.blocks.contains(&b) || self.counters.is_counted(b) || info.loop_of(b).is_none() {
                continue;
            }
            if let Some(edge) = derive(&chains, b, edges) {
                found.push((b, edge));
            }
        }
        for (b, edge) in found {
            let mut wanted = reads.get(&b).cloned().unwrap_or_default();
            wanted.extend(edge.terms.iter().map(|(c, _)| Item::Primal(*c)));
            let (new, old) = (self.plan_record(b, &wanted), &self.records[&b]);
            if self.keeps_at_most_an_edge_more(&new, old) && self.safe_anywhere(&new, b, dom) {
                for (item, h) in &new.hoisted {
                    self.counters.add_invariant(*h, *item);
                }
                self.records.insert(b, new);
                reads.insert(b, wanted);
                self.derived_edges.insert(b, edge);
            }
        }
    }

    /// Find the invariants of counted loops that are parameters of told blocks, and make them
    /// again at the loop's exits (`ToldParam`), one at a time, where each exit's record, planned
    /// again with the conditions and the two arguments read too, keeps fewer bytes than before
    /// with the parameter, keeps only values defined where the exit is reached, and computes
    /// nothing that could trap where its block did not run.
    pub(super) fn plan_told_invariants(&mut self, reads: &mut HashMap<Block, Vec<Item>>) {
        let Some(info) = &self.loop_info else { return };
        let Some((cfg, dom)) = &self.flow else { return };
        if !info.irreducible_edges().is_empty() {
            return;
        }
        let chains = Chains { func: self.src, cfg, dom, info };
        let mut headers: Vec<Block> = self.counters.loops.keys().copied().collect();
        headers.sort();
        for h in headers {
            let (invariants, exits) = (self.counters.loops[&h].invariants.clone(), self.counters.loops[&h].exits.clone());
            for item in invariants {
                let Some(told) = self.told_param(&chains, item, &exits) else { continue };
                let sources: Vec<Item> = told.edge.terms.iter().map(|(c, _)| *c).chain([told.on_true, told.on_false]).map(Item::Primal).collect();
                let mut planned = Vec::new();
                for &x in &exits {
                    let mut wanted = reads.get(&x).cloned().unwrap_or_default();
                    wanted.extend(sources.iter().copied());
                    let (new, old) = (self.plan_record(x, &wanted), &self.records[&x]);
                    if !self.remakes_fewer(&new, old, item) || !self.keeps_dominating(&new, x, dom) || !self.safe_anywhere(&new, x, dom) {
                        break;
                    }
                    planned.push((x, new, wanted));
                }
                if planned.len() == exits.len() {
                    for (x, new, wanted) in planned {
                        self.records.insert(x, new);
                        reads.insert(x, wanted);
                    }
                    self.counters.loops.get_mut(&h).expect("a counted loop").told.insert(item, told);
                }
            }
        }
    }

    /// How `item`, kept for a counted loop left into `exits`, is made again there: when it is a
    /// parameter of a block `B` whose entering edge a chain of branches tells, and each exit is
    /// in `B`'s innermost loop (not deeper) and dominated by `B`.
    fn told_param(&self, chains: &Chains<'_>, item: Item, exits: &[Block]) -> Option<ToldParam> {
        let Item::Primal(v) = item else { return None };
        let ValueDef::Param(b, index) = self.src.dfg.values[v].def else { return None };
        let level = chains.info.loop_of(b)?;
        if self.frame.blocks.contains(&b) || self.counters.is_counted(b) || exits.is_empty() {
            return None;
        }
        if !exits.iter().all(|x| chains.info.loop_of(*x) == Some(level) && chains.dom.dominates(b, *x)) {
            return None;
        }
        let edges = self.edges.get(&b)?;
        let edge = derive(chains, b, edges)?;
        let arg = |e: usize| {
            let (pred, i) = edges[e];
            super::counters::edge_arg(self.src, pred, i, index as usize)
        };
        let (on_true, on_false) = (arg(edge.if_true)?, arg(edge.if_false)?);
        Some(ToldParam { edge, on_true, on_false })
    }

    /// Whether `new` keeps fewer tape bytes per run of its block than `old` with `item` (kept
    /// for a loop left there) beside it, and hoists nothing `old` does not.
    fn remakes_fewer(&self, new: &Record, old: &Record, item: Item) -> bool {
        let bytes = |items: &[Item]| items.iter().map(|i| tape::slot_bytes(&self.item_type(*i))).sum::<u64>();
        new.hoisted.iter().all(|i| old.hoisted.contains(i)) && bytes(&new.cached) < bytes(&old.cached) + bytes(&[item])
    }

    /// Whether every value `record` keeps is defined in a block that dominates `b` (so that the
    /// forward sweep has it at the end of `b`).
    fn keeps_dominating(&self, record: &Record, b: Block, dom: &DomTree) -> bool {
        let tabled = record.tabled.iter().map(|(i, _)| i);
        let kept = record.cached.iter().chain(record.hoisted.iter().map(|(i, _)| i)).chain(&record.framed).chain(tabled);
        kept.into_iter().all(|i| self.def_block(*i).is_none_or(|d| dom.dominates(d, b)))
    }

    /// The told parameter `told` in the reverse sweep (where it enters the loop).
    pub(super) fn remake_told(&mut self, told: &ToldParam) -> Value {
        let (t, f) = (self.p(told.on_true), self.p(told.on_false));
        let all = self.chain_holds(&told.edge.terms);
        self.ins(|bl| bl.select(all, t, f))
    }

    /// Whether what `record` makes again in the reverse of `b` is safe to compute where the
    /// blocks that define it did not run (a condition of a block off the chain's path): a
    /// value defined in a block that does not dominate `b` must be made by an operation that
    /// cannot trap (no load, call, division or remainder).
    fn safe_anywhere(&self, record: &Record, b: Block, dom: &DomTree) -> bool {
        record.remade.iter().all(|&(item, kind)| {
            if self.def_block(item).is_none_or(|d| dom.dominates(d, b)) || matches!(kind, Remake::Counted(_)) {
                return true;
            }
            let ValueDef::Result(inst) = self.src.dfg.values[item.value()].def else { return false };
            kind == Remake::Op
                && match self.src.dfg.inst(inst) {
                    InstData::Binary { op, .. } => {
                        !matches!(op, BinaryOp::UDiv | BinaryOp::SDiv | BinaryOp::URem | BinaryOp::SRem)
                    }
                    d => matches!(
                        d,
                        InstData::Unary { .. }
                            | InstData::Cast { .. }
                            | InstData::Icmp { .. }
                            | InstData::Fcmp { .. }
                            | InstData::Select { .. }
                            | InstData::PtrAdd { .. }
                            | InstData::ExtractElement { .. }
                            | InstData::InsertElement { .. }
                            | InstData::Shuffle { .. }
                            | InstData::ExtractValue { .. }
                            | InstData::InsertValue { .. }
                    ),
                }
        })
    }

    /// The edge number of `b` in its reverse, from the remade conditions.
    pub(super) fn derived_edge(&mut self, b: Block) -> Option<Value> {
        let edge = self.derived_edges.get(&b)?.clone();
        let all = self.chain_holds(&edge.terms);
        Some(self.ins(|bl| {
            let t = bl.iconst(Type::I64, edge.if_true as i128);
            let f = bl.iconst(Type::I64, edge.if_false as i128);
            bl.select(all, t, f)
        }))
    }

    /// Whether all `terms` hold (an `i1` of the reverse sweep), each tested only where the
    /// ones before it hold.
    fn chain_holds(&mut self, terms: &[(Value, bool)]) -> Value {
        let terms: Vec<(Value, bool)> = terms.iter().map(|(c, want)| (self.p(*c), *want)).collect();
        self.ins(|bl| {
            let (yes, no) = (bl.iconst(Type::I1, 1), bl.iconst(Type::I1, 0));
            let mut all = yes;
            for (c, want) in terms.into_iter().rev() {
                all = if want { bl.select(c, all, no) } else { bl.select(c, no, all) };
            }
            all
        })
    }

    /// `--print=tape`: the edge numbers made again.
    pub(super) fn log_derived_edges(&mut self) {
        let mut blocks: Vec<Block> = self.derived_edges.keys().copied().collect();
        blocks.sort();
        for b in blocks {
            let on: Vec<String> = self.derived_edges[&b].terms.iter().map(|(c, _)| c.to_string()).collect();
            let what = format!("the number of the edge that entered {b} (from the branches on {})", on.join(", "));
            self.tape_log.recompute(what, Recompute::Remade);
        }
    }
}

/// The edge of `b` (entered by the two `edges`) that branch conditions tell.
fn derive(chains: &Chains<'_>, b: Block, edges: &[(Block, usize)]) -> Option<DerivedEdge> {
    // A header is entered by a back edge from the iteration before, which no chain of this
    // iteration tells.
    if edges.len() != 2 || chains.info.loop_with_header(b).is_some() {
        return None;
    }
    let level = chains.info.loop_of(b);
    let at = |e: (Block, usize)| edges.iter().position(|x| *x == e);
    for &(p, _) in edges {
        if p == b || chains.info.loop_of(p) != level {
            continue;
        }
        let Some(mut terms) = chains.ran(p, b, 0) else { continue };
        let term = chains.func.terminator(p)?;
        let other = edges.iter().position(|(q, _)| *q != p);
        let (cond, then_b, else_b) = match chains.func.dfg.inst(term) {
            InstData::CondBr { cond, then_dest, else_dest } => (*cond, then_dest.block == b, else_dest.block == b),
            // `p` always goes on to `b`: the edge from `p` was taken exactly when `p` ran.
            InstData::Br { dest } if dest.block == b && !terms.is_empty() => match (at((p, 0)), other) {
                (Some(if_true), Some(if_false)) => return Some(DerivedEdge { terms, if_true, if_false }),
                _ => continue,
            },
            _ => continue,
        };
        let (want, if_true, if_false) = match (then_b, else_b) {
            (true, true) if terms.is_empty() => (true, at((p, 0)), at((p, 1))),
            (true, false) => (true, at((p, 0)), other),
            (false, true) => (false, at((p, 1)), other),
            _ => continue,
        };
        if let (Some(if_true), Some(if_false)) = (if_true, if_false) {
            terms.push((cond, want));
            return Some(DerivedEdge { terms, if_true, if_false });
        }
    }
    None
}

impl RevCtx<'_, '_> {
    /// Whether `new` keeps on the tape only what `old` keeps, or what a counted loop around the
    /// block keeps once per run anyway (an invariant another block of the loop reads).
    pub(super) fn keeps_no_more(&self, new: &Record, old: &Record) -> bool {
        new.cached.iter().all(|i| old.cached.contains(i)) && new.hoisted.iter().all(|ih| self.kept_anyway(old, ih))
    }

    /// Whether `item`, kept once per run of the loop at `h`, is kept there by `old` or by
    /// another block of that loop already.
    fn kept_anyway(&self, old: &Record, (item, h): &(Item, Block)) -> bool {
        old.hoisted.contains(&(*item, *h)) || self.counters.loops[h].invariants.contains(item)
    }

    /// Whether `new` keeps on the tape only what `old` keeps, besides values kept once per run
    /// of a loop around the block that take no more bytes than the edge number they replace,
    /// which the block would keep once per run.
    fn keeps_at_most_an_edge_more(&self, new: &Record, old: &Record) -> bool {
        let more: u64 = new.hoisted.iter().filter(|ih| !self.kept_anyway(old, ih)).map(|(i, _)| tape::slot_bytes(&self.item_type(*i))).sum();
        new.cached.iter().all(|i| old.cached.contains(i)) && more <= 8
    }
}
