//! Invariants kept once where sibling loops join. A counted loop keeps the values defined
//! before it that its reverse reads, pushed where it is left (`counters`). Two loops in one
//! iteration of an enclosing loop `L` that read the same value (LLVM's vector loop and its
//! scalar remainder both read the outer iteration's values) would keep it twice per iteration.
//! Where a block `J` of `L` (not its header, not inside an inner loop) follows every exit of
//! those loops (each path from an exit reaches `J` before `L`'s header, a return or an exit of
//! `L`), and the value's definition dominates `J`, the value is pushed once where the forward
//! sweep enters `J`, and popped into each loop's slot where the reverse of `J` ends: in an
//! iteration, the reverse of `J` runs before the reverse of every one of those loops that ran.
//! A loop's other invariants that `J` has join them too when that leaves its exit nothing to
//! push (its count made from its trip count), so that no more records are pushed per iteration.

use std::collections::{BTreeMap, HashMap, HashSet};

use catalase_analysis::cfg::Cfg;
use catalase_analysis::loops::Loop;
use catalase_ir::inst::MemFlags;
use catalase_ir::{Block, Type, Value};

use super::augmented::RevCtx;
use super::record::describe;
use super::tape::Item;

/// What one join block pushes: each value, with the headers of the loops whose slots it fills.
pub(super) type Joined = Vec<(Item, Vec<Block>)>;

impl RevCtx<'_, '_> {
    /// Find the values sibling counted loops keep that a join block can push once instead
    /// (`Counters::joins`, `Counted::joined`).
    pub(super) fn plan_joins(&mut self) {
        let mut siblings: BTreeMap<Block, Vec<Block>> = BTreeMap::new();
        for (h, l) in &self.counters.loops {
            if let Some(p) = l.parent {
                siblings.entry(p).or_default().push(*h);
            }
        }
        for (p, mut hs) in siblings {
            hs.sort();
            let Some((j, joined)) = self.plan_join(p, &hs) else { continue };
            for (item, headers) in &joined {
                for h in headers {
                    self.counters.loops.get_mut(h).expect("a counted loop").joined.insert(*item);
                }
            }
            self.counters.joins.entry(j).or_default().extend(joined);
        }
    }

    /// The join block of the counted loops `hs` inside the loop at `p`, and what it pushes: the
    /// values two or more of them keep, then the other values of a loop whose exit would push
    /// nothing more.
    fn plan_join(&self, p: Block, hs: &[Block]) -> Option<(Block, Joined)> {
        let (Some(info), Some((cfg, dom))) = (&self.loop_info, &self.flow) else { return None };
        if !info.irreducible_edges().is_empty() {
            return None;
        }
        let outer_id = info.loop_with_header(p)?;
        let outer = info.get(outer_id)?;
        // What a told edge makes again (`edges`) is not kept: nothing to join.
        let kept = |h: &Block| {
            let l = &self.counters.loops[h];
            l.invariants.iter().copied().filter(|i| !l.told.contains_key(i)).collect::<Vec<_>>()
        };
        let mut readers: HashMap<Item, Vec<Block>> = HashMap::new();
        let mut shared = Vec::new();
        for h in hs {
            for item in kept(h) {
                let r = readers.entry(item).or_default();
                r.push(*h);
                if r.len() == 2 {
                    shared.push(item);
                }
            }
        }
        let group: Vec<Block> = hs.iter().copied().filter(|h| shared.iter().any(|i| readers[i].contains(h))).collect();
        let exits: Vec<Block> = group.iter().flat_map(|h| self.counters.loops[h].exits.clone()).collect();
        let defined_at = |i: &Item, j: Block| self.def_block(*i).is_some_and(|d| dom.dominates(d, j));
        let j = self.order.iter().copied().find(|&j| {
            j != p
                && info.loop_of(j) == Some(outer_id)
                && exits.iter().all(|&x| reaches_first(cfg, outer, x, j))
                && shared.iter().any(|i| defined_at(i, j))
        })?;
        let mut moved: Vec<Item> = shared.into_iter().filter(|i| defined_at(i, j)).collect();
        for h in &group {
            let rest: Vec<Item> = kept(h).into_iter().filter(|i| !moved.contains(i)).collect();
            if self.counters.loops[h].remade && rest.iter().all(|i| defined_at(i, j)) {
                moved.extend(rest);
            }
        }
        Some((j, moved.into_iter().map(|i| (i, readers[&i].clone())).collect()))
    }

    /// Where the forward sweep enters `b`: push what it keeps for the loops it joins.
    pub(super) fn push_joined(&mut self, b: Block) {
        let Some(joined) = self.counters.joins.get(&b).cloned() else { return };
        let values: Vec<Value> = joined.iter().map(|(i, _)| self.item_value(*i)).collect();
        let types: Vec<Type> = values.iter().map(|v| self.out.dfg.value_type(*v).clone()).collect();
        for ((item, headers), bytes) in joined.iter().zip(super::tape::record_bytes(&types)) {
            let loops: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
            let read = match loops.as_slice() {
                [one] => format!("read in the loop at {one}, defined before it: once after it and its sibling loops"),
                _ => format!("read in the loops at {}, defined before them: once after them", loops.join(", ")),
            };
            let what = format!("{} ({read})", describe(self, *item));
            self.tape_log.cache(b, what, bytes);
        }
        self.push_values(&values);
    }

    /// The reverse of `b`, before it leaves: pop what `push_joined` pushed into the loops' slots.
    pub(super) fn pop_joined(&mut self, b: Block) {
        let Some(joined) = self.counters.joins.get(&b).cloned() else { return };
        let types: Vec<Type> = joined.iter().map(|(i, _)| self.item_type(*i)).collect();
        let values = self.pop_values(&types);
        for ((item, headers), v) in joined.into_iter().zip(values) {
            for h in headers {
                let slot = self.invariant_slot(h, item);
                self.ins(|bl| bl.store(v, slot, MemFlags::aligned(8)));
            }
        }
    }

    /// The invariants of the loop at `h` that a join block keeps, loaded from their slots (for
    /// its count, made from its trip count in the reverse of its exit).
    pub(super) fn joined_values(&mut self, h: Block) -> HashMap<Value, Value> {
        let mut items: Vec<Item> = self.counters.loops[&h].joined.iter().copied().collect();
        items.sort_by_key(|i| i.order_key());
        let mut out = HashMap::new();
        for item in items {
            let (slot, ty) = (self.invariant_slot(h, item), self.item_type(item));
            out.insert(item.value(), self.ins(|bl| bl.load(ty, slot, MemFlags::aligned(8))));
        }
        out
    }
}

/// Whether every path from `x` reaches `j` before it leaves `outer`, returns or comes back to
/// `outer`'s header (so that `j` runs after `x` in the same iteration).
fn reaches_first(cfg: &Cfg, outer: &Loop, x: Block, j: Block) -> bool {
    let (mut seen, mut stack) = (HashSet::new(), vec![x]);
    while let Some(b) = stack.pop() {
        if b == j {
            continue;
        }
        if b == outer.header || !outer.contains(b) || cfg.successors(b).is_empty() {
            return false;
        }
        if seen.insert(b) {
            stack.extend(cfg.successors(b).iter().copied());
        }
    }
    true
}
