//! Adjoints of the vector element operations: `extractelement`, `insertelement` and
//! `shufflevector`; and of the reductions `llvm.vector.reduce.fadd` (every lane gets the result's
//! adjoint) and `llvm.vector.reduce.fmax/fmin/fmaximum/fminimum` (the first lane equal to the
//! result gets it). A lane the result does not take from an operand (a `poison` mask lane, an
//! inserted element's old value) sends no adjoint back, so an undefined lane never reaches an
//! adjoint.

use catalase_ir::inst::{InstData, MemFlags};
use catalase_ir::opcodes::FloatCC;
use catalase_ir::{Type, Value};

use super::augmented::RevCtx;

impl RevCtx<'_, '_> {
    /// `y = extractelement v, i`: `v̄[i] += ȳ`, one lane added (not a vector with zeros in the
    /// other lanes: that is a vector addition and a shuffle where a scalar one does).
    pub fn extract_element_adjoint(&mut self, vec: Value, idx: Value, dy: Value) {
        if !self.active(vec) {
            return;
        }
        let i = self.p(idx);
        self.accumulate_lane(vec, i, dy);
    }

    /// `v̄[i] += d` for an active vector `v` (`i` a value in `out`).
    fn accumulate_lane(&mut self, vec: Value, i: Value, d: Value) {
        let (slot, ty) = (self.slot(vec), self.adjoint_type(vec).expect("an active value"));
        self.ins(|b| {
            let old = b.load(ty.clone(), slot, MemFlags::aligned(8));
            let lane = b.extract_element(old, i);
            let sum = b.fadd(lane, d);
            let new = b.insert_element(old, sum, i);
            b.store(new, slot, MemFlags::aligned(8));
        });
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
    /// was taken from; lanes taken several times add up (one shuffle per repetition). An operand
    /// of which one lane is taken gets that lane's sum added alone, as `extractelement`'s.
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
            let mut taken = uses.iter().enumerate().filter(|(_, u)| !u.is_empty());
            if let (Some((j, lanes)), None) = (taken.next(), taken.next()) {
                let d = self.ins(|b| {
                    let picks: Vec<Value> = lanes
                        .iter()
                        .map(|&l| {
                            let l = b.iconst(Type::I32, l as i128);
                            b.extract_element(dy, l)
                        })
                        .collect();
                    picks.into_iter().reduce(|acc, x| b.fadd(acc, x)).expect("a lane is taken")
                });
                let j = self.ins(|b| b.iconst(Type::I32, j as i128));
                self.accumulate_lane(op, j, d);
                continue;
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

    /// `y = reduce.fadd(acc, v)`: `acc̄ += ȳ`, `v̄ += splat(ȳ)`; `y = reduce.fmax(v)` (and the
    /// other selecting reductions): `v̄[k] += ȳ` for the first lane `k` equal to `y`.
    pub fn reduction_adjoint(&mut self, data: &InstData, args: &[Value], result: Value, dy: Value) {
        if matches!(self.call_kind(data), Some(crate::calls::CallKind::ReduceFMul)) {
            return self.fmul_reduction_adjoint(args[0], args[1], dy);
        }
        let is_fadd = matches!(self.call_kind(data), Some(crate::calls::CallKind::ReduceFAdd));
        let vec = if is_fadd { args[1] } else { args[0] };
        if is_fadd {
            self.accumulate(args[0], dy);
        }
        if !self.active(vec) {
            return;
        }
        let ty = self.src.dfg.value_type(vec).clone();
        let Type::Vector(n, _) = ty else { unreachable!("a reduction of a vector") };
        let (pv, pr) = if is_fadd { (None, None) } else { (Some(self.p(vec)), Some(self.p(result))) };
        let d = self.ins(|b| {
            let mut d = b.zero(ty.clone());
            let mut taken = b.iconst(Type::Int(1), 0);
            for k in 0..n as i128 {
                let idx = b.iconst(Type::I32, k);
                let lane = match (pv, pr) {
                    (Some(v), Some(r)) => {
                        let x = b.extract_element(v, idx);
                        let same = b.fcmp(FloatCC::Oeq, x, r);
                        let yes = b.iconst(Type::Int(1), 1);
                        let not_taken = b.binary(catalase_ir::opcodes::BinaryOp::Xor, taken, yes);
                        let first = b.binary(catalase_ir::opcodes::BinaryOp::And, same, not_taken);
                        taken = b.binary(catalase_ir::opcodes::BinaryOp::Or, taken, same);
                        let dty = b.value_type(dy);
                        let zero = b.zero(dty);
                        b.select(first, dy, zero)
                    }
                    _ => dy,
                };
                d = b.insert_element(d, lane, idx);
            }
            d
        });
        self.accumulate(vec, d);
    }

    /// `y = reduce.fmul(acc, v) = acc·Π v[j]`: `acc̄ += ȳ·Π v[j]`, `v̄[k] += ȳ·acc·Π_{j≠k} v[j]`,
    /// the products of the other lanes from prefix and suffix products (no division, so a zero
    /// lane gives the others their exact adjoint).
    fn fmul_reduction_adjoint(&mut self, acc: Value, vec: Value, dy: Value) {
        let ty = self.src.dfg.value_type(vec).clone();
        let Type::Vector(n, elem) = ty.clone() else { unreachable!("a reduction of a vector") };
        let (pacc, pv) = (self.p(acc), self.p(vec));
        let strong_zero = self.req.strong_zero;
        let (dacc, dv) = self.ins(|b| {
            // `ȳ·∂`, or `ȳ == 0 ? 0 : ȳ·∂` under `enzyme_strong_zero` (the other lanes' product
            // may be infinite).
            let guard = |b: &mut catalase_ir::Builder, v: Value| {
                if !strong_zero {
                    return v;
                }
                let zero = b.zero(*elem.clone());
                let dy_zero = b.fcmp(FloatCC::Oeq, dy, zero);
                b.select(dy_zero, zero, v)
            };
            let xs: Vec<Value> = (0..n as i128).map(|k| {
                let idx = b.iconst(Type::I32, k);
                b.extract_element(pv, idx)
            }).collect();
            // before[k] = Π_{j<k} v[j], after[k] = Π_{j>k} v[j].
            let one = b.fconst(&elem, 1.0);
            let mut before = vec![one; n as usize];
            let mut after = vec![one; n as usize];
            for k in 1..n as usize {
                before[k] = b.fmul(before[k - 1], xs[k - 1]);
            }
            for k in (0..n as usize - 1).rev() {
                after[k] = b.fmul(after[k + 1], xs[k + 1]);
            }
            let all = b.fmul(before[n as usize - 1], xs[n as usize - 1]);
            let dacc = b.fmul(dy, all);
            let dacc = guard(b, dacc);
            let scale = b.fmul(dy, pacc);
            let mut d = b.zero(ty.clone());
            for k in 0..n as usize {
                let others = b.fmul(before[k], after[k]);
                let lane = b.fmul(scale, others);
                let lane = guard(b, lane);
                let idx = b.iconst(Type::I32, k as i128);
                d = b.insert_element(d, lane, idx);
            }
            (dacc, d)
        });
        if self.active(acc) {
            self.accumulate(acc, dacc);
        }
        if self.active(vec) {
            self.accumulate(vec, dv);
        }
    }
}
