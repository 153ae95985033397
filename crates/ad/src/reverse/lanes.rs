//! Lanes of a batched gradient (`enzyme_width` N): the primal, the tape and the replayed
//! control flow are shared; shadows and adjoint slots are kept per lane. `lane` is the lane
//! whose shadows and adjoints are being emitted; a value passed between the parts of a call,
//! or returned, packs the lanes as `[N x T]`.

use catalase_ir::diag::Diagnostic;
use catalase_ir::{Type, Value};

use super::augmented::RevCtx;
use super::tape::Item;

impl RevCtx<'_, '_> {
    /// The number of derivative lanes (`enzyme_width`).
    pub fn width(&self) -> usize {
        self.req.width as usize
    }

    /// Run `f` once per lane, with that lane current; the lane is 0 again afterwards.
    pub fn each_lane(&mut self, mut f: impl FnMut(&mut Self) -> Result<(), Diagnostic>) -> Result<(), Diagnostic> {
        for l in 0..self.width() {
            self.lane = l;
            let r = f(self);
            if r.is_err() {
                self.lane = 0;
                return r;
            }
        }
        self.lane = 0;
        Ok(())
    }

    /// Run `f` with lane `l` current.
    pub fn in_lane<R>(&mut self, l: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let old = std::mem::replace(&mut self.lane, l);
        let r = f(self);
        self.lane = old;
        r
    }

    /// Split a packed `[N x T]` value into lanes (width 1: the value itself).
    pub fn unpack_lanes(&mut self, packed: Value) -> Vec<Value> {
        let n = self.width();
        if n == 1 {
            return vec![packed];
        }
        self.ins(|b| (0..n).map(|l| b.extract_value(packed, vec![l as u32])).collect())
    }

    /// Pack lanes into `[N x T]` (width 1: the lane itself).
    pub fn pack_lanes(&mut self, lanes: &[Value], ty: &Type) -> Value {
        if lanes.len() == 1 {
            return lanes[0];
        }
        let arr = crate::forward::lanes_type(ty, lanes.len() as u32);
        self.ins(|b| {
            let mut acc = b.undef(arr);
            for (l, v) in lanes.iter().enumerate() {
                acc = b.insert_value(acc, *v, vec![l as u32]);
            }
            acc
        })
    }

    /// The shadow of pointer `v` in every lane, as items the reverse sweep reads.
    pub fn shadow_items(&self, v: Value) -> Vec<Item> {
        (0..self.req.width).map(|l| Item::Shadow(v, l)).collect()
    }
}
