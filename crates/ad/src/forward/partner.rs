//! Tangents that reuse a partner call's result, as reverse mode's `partner` does for adjoints.
//! The rule table's tangent of `sin(x)` calls `cos(x)`, and that of `cos(x)` calls `sin(x)`;
//! code that rotates (Rodrigues, Givens, Fourier twiddles) usually calls both on the same
//! operand, one right after the other, so calling them again for the tangents doubles the
//! primal's libm work. Where the same source block calls the partner
//! on the same operand with no other call and no store in between, the tangent is `dx·cos(x)` or
//! `−(dx·sin(x))` from the partner's primal result. A partner that comes later is called
//! first, where the first of the two is (its source call then emits only its tangent): both
//! are math functions of the same operand, so only `errno` could tell the order, and there is
//! no call and no write to memory in between.

use std::collections::HashMap;

use catalase_ir::inst::InstData;
use catalase_ir::{Inst, Value};

use super::emit_call::CallSite;
use super::func::FnCtx;
use crate::calls::{classify, CallKind};
use crate::rules::Rule;

/// Partner calls emitted ahead of their place: source call → its primal result in `out`.
pub(super) type Hoisted = HashMap<Inst, Value>;

impl FnCtx<'_, '_> {
    /// The tangent lanes of the `sin`/`cos` call `inst` (`site`, primal result already
    /// emitted) from its partner's primal result; `None` (nothing emitted) without a partner.
    pub(super) fn partner_tangent(&mut self, inst: Inst, rule: &Rule, site: &CallSite) -> Option<Vec<Value>> {
        // Strong zero guards every term: the rule row's tangent does (`rules::tangent_lanes`).
        if self.req.strong_zero {
            return None;
        }
        let (partner, negate) = crate::rules::partner_row(rule.name)?;
        let (&[x], Some(res)) = (site.args.as_slice(), site.result) else { return None };
        let other = self.partner_call(inst, partner, x, res)?;
        let other_res = self.src.dfg.result(other)?;
        let emitted = self.hoisted.get(&other).copied().or_else(|| self.primal_if_emitted(other_res));
        let value = match emitted {
            Some(v) => v,
            None => {
                let v = self.emit_primal_call(&self.call_site(other))?;
                self.hoisted.insert(other, v);
                v
            }
        };
        let ty = self.src.dfg.value_type(res).clone();
        let tans = self.tangent_opts(x);
        Some(self.ins(|b| {
            tans.into_iter()
                .map(|t| match t {
                    Some(t) => {
                        let d = b.fmul(t, value);
                        if negate {
                            b.fneg(d)
                        } else {
                            d
                        }
                    }
                    None => b.zero(ty.clone()),
                })
                .collect()
        }))
    }

    /// A call in `inst`'s block to row `partner` on the single operand `x`, of `result`'s
    /// type, with no other call and no write to memory between the two.
    fn partner_call(&self, inst: Inst, partner: &str, x: Value, result: Value) -> Option<Inst> {
        let block = self.src.layout.inst_block(inst)?;
        let ty = self.src.dfg.value_type(result);
        let insts: Vec<Inst> = self.src.layout.block_insts(block).collect();
        let at = insts.iter().position(|&i| i == inst)?;
        let is_partner = |i: Inst| {
            let data = self.src.dfg.inst(i);
            let InstData::Call { callee, args, attrs, .. } = data else { return false };
            let row = matches!(classify(self.gen.module, self.gen.env, callee, attrs), CallKind::Rule(r) if r.name == partner);
            row && args.as_slice() == [x] && self.src.dfg.result(i).is_some_and(|r| self.src.dfg.value_type(r) == ty)
        };
        // A call or a write between the two could read or write `errno`.
        let barrier = |i: &Inst| {
            matches!(
                self.src.dfg.inst(*i),
                InstData::Call { .. }
                    | InstData::Invoke { .. }
                    | InstData::Store { .. }
                    | InstData::AtomicRmw { .. }
                    | InstData::CmpXchg { .. }
                    | InstData::Fence { .. }
            ) && !is_partner(*i)
        };
        let before = insts[..at].iter().rev().take_while(|i| !barrier(i)).find(|&&i| is_partner(i));
        let after = || insts[at + 1..].iter().take_while(|i| !barrier(i)).find(|&&i| is_partner(i));
        before.or_else(after).copied()
    }
}
