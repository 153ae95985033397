//! In-place updates of local arrays, `a[i] = f(a[i])`: a load and a store of the same address
//! with only arithmetic between them. The reverse of the store reads the shadow and zeroes it;
//! the reverse of the load, after nothing but arithmetic, adds the loaded value's adjoint into
//! that zero. So the pair is fused: the store's reverse reads the shadow without zeroing it, and
//! the load's reverse stores its adjoint there. For `a[i] += e` the adjoint is the value read,
//! and LLVM removes the store: what remains of the update's reverse is one load.
//!
//! The two differ only in the sign of a zero: `+0.0 + d` is `+0.0` where `d` is `-0.0`, and the
//! fused form keeps `-0.0`. So only arrays of the function's own stack frame are fused: their
//! shadows are never seen by the caller, and a `-0.0` read back from them flows only into sums
//! that start from the caller's `+0.0` (shadow memory) or end with `+ 0.0` (returned gradients).

use std::collections::HashSet;

use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::Ordering;
use catalase_ir::{Block, Inst, Value};

use super::augmented::RevCtx;

/// The fused pairs of one function: their stores and their loads.
#[derive(Default)]
pub(super) struct Fused {
    pub stores: HashSet<Inst>,
    pub loads: HashSet<Inst>,
}

impl RevCtx<'_, '_> {
    /// Find the fused pairs of every block. A load stays open for its store while what comes
    /// between is arithmetic, or loads and stores of places it provably does not overlap (the
    /// same base at constant offsets: the loop vectorizer's interleaved parts).
    pub(super) fn plan_fused_updates(&mut self) {
        let blocks: Vec<Block> = self.order.clone();
        for b in blocks {
            let mut open: Vec<Inst> = Vec::new();
            for inst in self.src.layout.block_insts(b) {
                match self.src.dfg.inst(inst) {
                    InstData::Load { ptr, .. } => {
                        let ty = self.src.dfg.result(inst).map(|r| self.src.dfg.value_type(r).clone());
                        let size = ty.map_or(u64::MAX, |t| t.store_size());
                        open.retain(|&l| self.apart(l, *ptr, size));
                        if self.fusable_load(inst) {
                            open.push(inst);
                        }
                    }
                    InstData::Store { args: [val, ptr], mem } => {
                        let ty = self.src.dfg.value_type(*val);
                        let same = |l: Inst| {
                            matches!(self.src.dfg.inst(l), InstData::Load { ptr: p, .. } if p == ptr)
                                && self.src.dfg.result(l).map(|r| self.src.dfg.value_type(r)) == Some(ty)
                        };
                        let plain = !mem.volatile && mem.ordering == Ordering::NotAtomic && self.adjoint_type(*val).is_some();
                        if let Some(k) = open.iter().position(|&l| same(l)).filter(|_| plain) {
                            self.fused.stores.insert(inst);
                            self.fused.loads.insert(open.remove(k));
                        }
                        let size = ty.store_size();
                        open.retain(|&l| self.apart(l, *ptr, size));
                    }
                    // Loads and stores are above: what else may touch shadow memory (`overlap`).
                    _ if self.window_barrier(inst) => open.clear(),
                    _ => {}
                }
            }
        }
    }

    /// Whether the bytes load `l` reads and `size` bytes at `p` provably do not overlap.
    fn apart(&self, l: Inst, p: Value, size: u64) -> bool {
        let InstData::Load { ptr, .. } = self.src.dfg.inst(l) else { return false };
        let Some(r) = self.src.dfg.result(l) else { return false };
        let lsize = self.src.dfg.value_type(r).store_size();
        let ((b1, o1), (b2, o2)) = (self.base_offset(*ptr), self.base_offset(p));
        b1 == b2 && (o1 + i128::from(lsize) <= o2 || o2 + i128::from(size) <= o1)
    }

    /// `p` as a base pointer plus a constant byte offset, through `ptradd`s of constants.
    fn base_offset(&self, mut p: Value) -> (Value, i128) {
        let mut off = 0i128;
        for _ in 0..64 {
            let ValueDef::Result(i) = self.src.dfg.values[p].def else { break };
            let InstData::PtrAdd { args: [base, by] } = self.src.dfg.inst(i) else { break };
            let Some(c) = self.src.dfg.const_int(*by) else { break };
            off += c;
            p = *base;
        }
        (p, off)
    }

    /// A plain load of floats from the function's own stack frame whose adjoint goes to its
    /// shadow alone (not a window's, not element by element, not through a stand-in guard).
    fn fusable_load(&self, inst: Inst) -> bool {
        let InstData::Load { ptr, mem } = self.src.dfg.inst(inst) else { return false };
        let Some(r) = self.src.dfg.result(inst) else { return false };
        !mem.volatile
            && mem.ordering == Ordering::NotAtomic
            && self.src.dfg.value_type(r).is_float_or_vector()
            && self.active(r)
            && self.pointer_shadow(*ptr)
            && !self.shadows.is_mixed(*ptr)
            && !self.overlapping.contains(&inst)
            && !self.windows.first.contains_key(&inst)
            && self.on_own_stack(*ptr)
    }

    /// Whether `p` points into a stack slot of the function, through address arithmetic.
    fn on_own_stack(&self, mut p: Value) -> bool {
        for _ in 0..64 {
            let ValueDef::Result(i) = self.src.dfg.values[p].def else { return false };
            match self.src.dfg.inst(i) {
                InstData::Alloca { .. } => return true,
                InstData::PtrAdd { args: [base, _] } => p = *base,
                _ => return false,
            }
        }
        false
    }
}
