//! Adjoints of the vector element operations: `extractelement`, `insertelement` and
//! `shufflevector`. A lane the result does not take from an operand (a `poison` mask lane, an
//! inserted element's old value) sends no adjoint back, so an undefined lane never reaches an
//! adjoint.

use catalase_ir::{Type, Value};

use super::augmented::RevCtx;

impl RevCtx<'_, '_> {
    /// `y = extractelement v, i`: `v̄[i] += ȳ`.
    pub fn extract_element_adjoint(&mut self, vec: Value, idx: Value, dy: Value) {
        if !self.active(vec) {
            return;
        }
        let (ty, i) = (self.src.dfg.value_type(vec).clone(), self.p(idx));
        let d = self.ins(|b| {
            let zero = b.zero(ty);
            b.insert_element(zero, dy, i)
        });
        self.accumulate(vec, d);
    }

    /// `y = insertelement v, e, i`: `ē += ȳ[i]`, `v̄ += ȳ` with lane `i` zeroed.
    pub fn insert_element_adjoint(&mut self, vec: Value, elem: Value, idx: Value, dy: Value) {
        let i = self.p(idx);
        if self.active(elem) {
            let d = self.ins(|b| b.extract_element(dy, i));
            self.accumulate(elem, d);
        }
        if self.active(vec) {
            let ety = self.src.dfg.value_type(elem).clone();
            let d = self.ins(|b| {
                let zero = b.zero(ety);
                b.insert_element(dy, zero, i)
            });
            self.accumulate(vec, d);
        }
    }

    /// `y = shufflevector a, b, mask`: each lane of `ȳ` goes back to the lane of `a` or `b` it
    /// was taken from; lanes taken several times add up (one shuffle per repetition).
    pub fn shuffle_adjoint(&mut self, ops: [Value; 2], mask: &[i32], dy: Value) {
        let n = match self.src.dfg.value_type(ops[0]) {
            Type::Vector(n, _) => *n as i32,
            other => unreachable!("shufflevector of {other}"),
        };
        let zero_lane = mask.len() as i32;
        for (k, &op) in ops.iter().enumerate() {
            if !self.active(op) {
                continue;
            }
            let base = k as i32 * n;
            // uses[j]: the result lanes that read lane j of this operand.
            let mut uses: Vec<Vec<i32>> = vec![vec![]; n as usize];
            for (lane, &m) in mask.iter().enumerate() {
                if m >= base && m < base + n {
                    uses[(m - base) as usize].push(lane as i32);
                }
            }
            let reps = uses.iter().map(Vec::len).max().unwrap_or(0);
            let ty = self.src.dfg.value_type(op).clone();
            for r in 0..reps {
                let inverse: Vec<i32> = uses.iter().map(|u| u.get(r).copied().unwrap_or(zero_lane)).collect();
                let yty = self.out.dfg.value_type(dy).clone();
                let d = self.ins(|b| {
                    let zero = b.zero(yty);
                    b.shuffle(dy, zero, inverse)
                });
                debug_assert_eq!(self.out.dfg.value_type(d), &ty);
                self.accumulate(op, d);
            }
        }
    }
}
