//! Local arrays written again in the reverse sweep: a stack array that one block of a loop fills
//! in each iteration from values the reverse sweep can make again (GMM's `xc = x - mean`, from
//! inputs nothing overwrites), and that the rest of the iteration only reads, is filled again
//! first thing in the reverse of the iteration (the reverse of the loop's latch). Its loads in
//! that iteration are then loaded again, like loads of memory nothing overwrites, instead of
//! being kept on the tape once per load and iteration, however many loops read it (GMM keeps
//! `xc` for its plain and its triangular loop). A combined gradient only: the array lives on.
//!
//! The array qualifies when: it is a fixed `alloca` of the entry block used only as the address
//! of plain loads and stores, by offsets from it and by lifetime markers (no call sees it, no
//! pointer to it is stored or passed along an edge); all its stores are in one block `S`, none
//! storing a value `S` loaded from it; `S`'s innermost loop has one latch `R`, which `S`
//! dominates and from which alone the loop is left (an iteration that passes `S` either ends at
//! `R` or returns); and what `S` stores, and where, the reverse of `R` can make again without
//! keeping anything (`record`'s rules). A load is loaded again in the reverse of a block of that
//! loop that `S` dominates (the same iteration as the load, which `S` dominates too), outside
//! `S`: the reverse of that iteration's `R` has written the array again before it, and nothing
//! else in the reverse sweep writes it. Elsewhere (a use after the loop) the load is kept as
//! before.

use std::collections::{HashMap, HashSet};

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData, MemFlags};
use catalase_ir::opcodes::Ordering;
use catalase_ir::{Block, Inst};

use super::augmented::RevCtx;
use super::record::Remake;
use super::tape::Item;
use super::Part;

/// What the reverse of one latch does first: the stores it replays (in order), after making
/// again what they store and where.
#[derive(Clone)]
pub(super) struct Replay {
    pub stores: Vec<Inst>,
    pub remade: Vec<(Item, Remake)>,
}

/// The arrays written again.
#[derive(Default)]
pub(super) struct Restored {
    /// By latch.
    pub at: HashMap<Block, Replay>,
    /// The loads made again, with the block of their array's stores and that block's loop
    /// header: loaded again in the reverse of a block of that loop the stores' block dominates.
    pub loads: HashMap<Inst, (Block, Block)>,
}

/// An array that qualifies: its stores, the loads made again, the stores' block and its loop's
/// header and latch.
struct Candidate {
    stores: Vec<Inst>,
    loads: Vec<Inst>,
    block: Block,
    header: Block,
    latch: Block,
}

impl RevCtx<'_, '_> {
    /// Find the arrays the reverse sweep writes again (before the records are planned).
    pub(super) fn plan_restored_arrays(&mut self) {
        if self.part != Part::Combined {
            return;
        }
        let f = self.src;
        let insts: Vec<Inst> = self.order.iter().flat_map(|&b| f.layout.block_insts(b)).collect();
        if insts.iter().any(|&i| self.custom_rule(&self.data(i)).is_some()) {
            return;
        }
        let Some(entry) = f.layout.entry_block() else { return };
        let mut found: Vec<Candidate> = Vec::new();
        for a in f.layout.block_insts(entry) {
            let InstData::Alloca { count, .. } = f.dfg.inst(a) else { continue };
            if !matches!(f.dfg.values[*count].def, ValueDef::Const(_)) {
                continue;
            }
            if let Some(c) = self.restorable(a, &insts) {
                found.push(c);
            }
        }
        // By latch, what the stores there need, all made again without keeping anything.
        let mut latches: Vec<Block> = found.iter().map(|c| c.latch).collect();
        latches.sort();
        latches.dedup();
        for latch in latches {
            let here: Vec<&Candidate> = found.iter().filter(|c| c.latch == latch && self.stores_free(c)).collect();
            let stores: Vec<Inst> = here.iter().flat_map(|c| c.stores.iter().copied()).collect();
            if stores.is_empty() {
                continue;
            }
            let record = self.plan_record(latch, &self.stored_items(&stores));
            for c in &here {
                for &l in &c.loads {
                    self.restored.loads.insert(l, (c.block, c.header));
                }
            }
            self.restored.at.insert(latch, Replay { stores, remade: record.remade });
        }
    }

    /// What `stores` store and where.
    fn stored_items(&self, stores: &[Inst]) -> Vec<Item> {
        let mut out = Vec::new();
        for &s in stores {
            if let InstData::Store { args: [val, ptr], .. } = self.src.dfg.inst(s) {
                out.extend([Item::Primal(*val), Item::Primal(*ptr)]);
            }
        }
        out
    }

    /// Whether the reverse of the candidate's latch has what its stores need without keeping
    /// anything.
    fn stores_free(&self, c: &Candidate) -> bool {
        let r = self.plan_record(c.latch, &self.stored_items(&c.stores));
        r.cached.is_empty() && r.hoisted.is_empty() && r.tabled.is_empty() && r.framed.is_empty()
    }

    /// The array at `alloca`, when it qualifies (see the module doc) and some load is made
    /// again.
    fn restorable(&self, alloca: Inst, insts: &[Inst]) -> Option<Candidate> {
        let f = self.src;
        let (info, (_, dom)) = (self.loop_info.as_ref()?, self.flow.as_ref()?);
        if !info.irreducible_edges().is_empty() {
            return None;
        }
        let mut derived = HashSet::from([f.dfg.result(alloca)?]);
        let (mut stores, mut loads) = (Vec::new(), Vec::new());
        for &i in insts {
            let data = f.dfg.inst(i);
            if !data.uses().iter().any(|v| derived.contains(v)) {
                continue;
            }
            let plain = |mem: &MemFlags| !mem.volatile && mem.ordering == Ordering::NotAtomic;
            match data {
                InstData::PtrAdd { args: [base, off] } if derived.contains(base) && !derived.contains(off) => {
                    derived.insert(f.dfg.result(i)?);
                }
                InstData::Load { ptr, mem } if derived.contains(ptr) && plain(mem) => loads.push(i),
                InstData::Store { args: [val, ptr], mem } if derived.contains(ptr) && !derived.contains(val) && plain(mem) => {
                    stores.push(i)
                }
                // Left out of the gradient (`forward_inst`): the slot lives for the whole call.
                InstData::Call { callee: Callee::Direct(name), .. } if name.starts_with("llvm.lifetime.") => {}
                _ => return None,
            }
        }
        let block = f.layout.inst_block(*stores.first()?)?;
        if stores.iter().any(|&i| f.layout.inst_block(i) != Some(block)) {
            return None;
        }
        let l = info.get(info.loop_of(block)?)?;
        // Every iteration that passes the stores ends at the one latch (or returns).
        let [latch] = l.latches.as_slice() else { return None };
        if *latch == block || !dom.dominates(block, *latch) || l.exiting.iter().any(|x| x != latch) {
            return None;
        }
        // What the stores store must not be read from the array.
        let in_block: HashSet<Inst> = loads.iter().copied().filter(|&i| f.layout.inst_block(i) == Some(block)).collect();
        let from_array = |v: &catalase_ir::Value| f.dfg.def_inst(*v).is_some_and(|d| in_block.contains(&d));
        if stores.iter().any(|&s| matches!(f.dfg.inst(s), InstData::Store { args: [val, _], .. } if from_array(val))) {
            return None;
        }
        let loads: Vec<Inst> = loads
            .into_iter()
            .filter(|&i| {
                let b = f.layout.inst_block(i).expect("a placed load");
                b != block && l.contains(b) && dom.dominates(block, b)
            })
            .collect();
        (!loads.is_empty()).then_some(Candidate { stores, loads, block, header: l.header, latch: *latch })
    }

    /// Whether the load `inst` is loaded again in the reverse of `block`: a block of its
    /// array's loop that the array's stores dominate (the same iteration).
    pub(super) fn restored_in(&self, inst: Inst, block: Block) -> bool {
        let (Some(&(s, h)), Some(info), Some((_, dom))) = (self.restored.loads.get(&inst), &self.loop_info, &self.flow) else {
            return false;
        };
        let inside = info.loop_with_header(h).and_then(|id| info.get(id)).is_some_and(|l| l.contains(block));
        inside && dom.dominates(s, block)
    }

    /// The reverse of block `b`, first: write again the arrays whose iterations end at `b`
    /// (what the stores need is made again here, apart from `b`'s record).
    pub(super) fn restore_arrays(&mut self, b: Block) {
        let Some(Replay { stores, remade }) = self.restored.at.get(&b).cloned() else { return };
        self.popped.clear();
        self.spopped.iter_mut().for_each(|m| m.clear());
        for (item, kind) in remade {
            let v = self.remake(item, kind);
            self.set_popped(item, v);
        }
        for s in stores {
            let InstData::Store { args: [val, ptr], mem } = self.src.dfg.inst(s).clone() else { continue };
            let (v, p) = (self.p(val), self.p(ptr));
            self.ins(|bl| bl.store(v, p, mem));
        }
    }
}
