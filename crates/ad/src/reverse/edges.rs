//! Edge numbers made again from a branch: a block `b` inside a loop with two incoming edges, one
//! of whose predecessors `P` dominates `b`, sits in the same innermost loop and ends in
//! `condbr c`, needs no edge number on the tape when the reverse of `b` can make `c` again
//! without keeping anything more. Between two visits of the loop's header `P` runs at most once
//! (a second run would need a cycle through `P` that avoids the header: an inner loop), and
//! every path from the header to `b` passes through `P`; so the `c` of `b`'s iteration tells
//! the edge: `P`'s edge into `b` where `c` chose `b`, the other edge where it did not. (The
//! shape of LLVM's vector loops: the remainder loop is entered from the guard, whose condition
//! is a function of the trip count, or after the vector loop.)

use std::collections::HashMap;

use catalase_ir::inst::InstData;
use catalase_ir::{Block, Type, Value};

use super::augmented::RevCtx;
use super::record::Record;
use super::tape::{Item, Recompute};

/// How the reverse sweep makes the edge number of a block again.
#[derive(Clone, Copy, Debug)]
pub(super) struct DerivedEdge {
    /// The condition of the dominating predecessor's branch.
    pub cond: Value,
    /// The edge number when `cond` is true, and when it is false.
    pub if_true: usize,
    pub if_false: usize,
}

impl RevCtx<'_, '_> {
    /// Find the blocks whose edge numbers can be made again, and add the conditions to their
    /// records (when that keeps nothing more on the tape).
    pub(super) fn plan_derived_edges(&mut self, reads: &mut HashMap<Block, Vec<Item>>) {
        let Some(info) = &self.loop_info else { return };
        if !info.irreducible_edges().is_empty() {
            return;
        }
        let Ok(cfg) = catalase_analysis::cfg::analyse(self.src) else { return };
        let Ok(dom) = catalase_analysis::dom::analyse(self.src, &cfg) else { return };
        let mut found = Vec::new();
        for &b in &self.order {
            let Some(edges) = self.edges.get(&b) else { continue };
            if edges.len() != 2 || self.frame.blocks.contains(&b) || self.counters.is_counted(b) || info.loop_of(b).is_none() {
                continue;
            }
            for &(p, _) in edges {
                if p == b || !dom.dominates(p, b) || info.loop_of(p) != info.loop_of(b) {
                    continue;
                }
                let Some(term) = self.src.terminator(p) else { continue };
                let InstData::CondBr { cond, then_dest, else_dest } = self.src.dfg.inst(term) else { continue };
                let at = |e: (Block, usize)| edges.iter().position(|x| *x == e);
                let other = edges.iter().position(|(q, _)| *q != p);
                let (if_true, if_false) = match (then_dest.block == b, else_dest.block == b) {
                    (true, true) => (at((p, 0)), at((p, 1))),
                    (true, false) => (at((p, 0)), other),
                    (false, true) => (other, at((p, 1))),
                    (false, false) => (None, None),
                };
                if let (Some(if_true), Some(if_false)) = (if_true, if_false) {
                    found.push((b, DerivedEdge { cond: *cond, if_true, if_false }));
                    break;
                }
            }
        }
        for (b, edge) in found {
            let mut wanted = reads.get(&b).cloned().unwrap_or_default();
            wanted.push(Item::Primal(edge.cond));
            let (new, old) = (self.plan_record(b, &wanted), &self.records[&b]);
            if keeps_no_more(&new, old) {
                self.records.insert(b, new);
                reads.insert(b, wanted);
                self.derived_edges.insert(b, edge);
            }
        }
    }

    /// The edge number of `b` in its reverse, from the remade condition.
    pub(super) fn derived_edge(&mut self, b: Block) -> Option<Value> {
        let edge = *self.derived_edges.get(&b)?;
        let c = self.p(edge.cond);
        Some(self.ins(|bl| {
            let t = bl.iconst(Type::I64, edge.if_true as i128);
            let f = bl.iconst(Type::I64, edge.if_false as i128);
            bl.select(c, t, f)
        }))
    }

    /// `--print=tape`: the edge numbers made again.
    pub(super) fn log_derived_edges(&mut self) {
        let mut blocks: Vec<Block> = self.derived_edges.keys().copied().collect();
        blocks.sort();
        for b in blocks {
            let c = self.derived_edges[&b].cond;
            self.tape_log.recompute(format!("the number of the edge that entered {b} (from the branch on {c})"), Recompute::Remade);
        }
    }
}

/// Whether `new` keeps on the tape only what `old` keeps.
pub(super) fn keeps_no_more(new: &Record, old: &Record) -> bool {
    new.cached.iter().all(|i| old.cached.contains(i)) && new.hoisted.iter().all(|i| old.hoisted.contains(i))
}
