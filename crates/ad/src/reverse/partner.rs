//! Adjoints that reuse a partner call's result. The rule table's adjoint of `sin(x)` calls
//! `cos(x)` in the reverse sweep, and that of `cos(x)` calls `sin(x)`; code that rotates
//! (Rodrigues, Givens, Fourier twiddles) usually calls both on the same operand, so the primal
//! already holds the value the adjoint needs. Where the same source block calls the partner on
//! the same operand (the same source value, so the same iteration) and the reverse block popped
//! the partner's result (its own record holds it: another adjoint of the block reads it), the
//! contribution is `dy·cos(x)` or `−(dy·sin(x))` from that result; otherwise the rule row is
//! used as before.

use catalase_ir::inst::InstData;
use catalase_ir::{Inst, Value};

use super::augmented::RevCtx;
use crate::calls::CallKind;
use crate::rules::Rule;

impl RevCtx<'_, '_> {
    /// `adj(x) += ∂·dy` for a `sin`/`cos` call of `x` from its partner's popped result.
    /// Returns false (nothing emitted) when there is no such partner.
    pub(super) fn partner_adjoint(&mut self, rule: &Rule, args: &[Value], result: Value, dy: Value) -> bool {
        let Some((x, value, negate)) = self.partner_of(rule, args, result) else { return false };
        let d = self.ins(|b| {
            let d = b.fmul(dy, value);
            if negate {
                b.fneg(d)
            } else {
                d
            }
        });
        self.accumulate(x, d);
        true
    }

    /// For a `sin`/`cos` call of an active `x` whose partner's result the reverse block popped:
    /// (`x`, that result, whether the partial is minus it).
    pub(super) fn partner_of(&self, rule: &Rule, args: &[Value], result: Value) -> Option<(Value, Value, bool)> {
        // Strong zero guards every term: the rule row's adjoint does (`apply_rule`).
        if self.req.strong_zero {
            return None;
        }
        let (partner, negate) = crate::rules::partner_row(rule.name)?;
        let (&[x], Some(inst)) = (args, self.cur) else { return None };
        if !self.active(x) {
            return None;
        }
        Some((x, self.partner_result(inst, partner, x, result)?, negate))
    }

    /// The popped result of a call in `inst`'s block to row `partner` on the single operand
    /// `x`, of the same type as `result`.
    fn partner_result(&self, inst: Inst, partner: &str, x: Value, result: Value) -> Option<Value> {
        let block = self.src.layout.inst_block(inst)?;
        let ty = self.src.dfg.value_type(result);
        self.src.layout.block_insts(block).find_map(|i| {
            let r = self.src.dfg.result(i)?;
            let data = self.src.dfg.inst(i);
            let InstData::Call { args, .. } = data else { return None };
            let is_partner = matches!(self.call_kind(data), Some(CallKind::Rule(row)) if row.name == partner);
            let same = is_partner && args.as_slice() == [x] && self.src.dfg.value_type(r) == ty;
            same.then(|| self.popped.get(&r).copied()).flatten()
        })
    }
}
