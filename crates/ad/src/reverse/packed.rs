//! Reverse mode for rule-table calls whose operands and result are packed (re, im) pairs (the
//! complex rows, `rules/complex.rs`; shapes as in `forward::packed`): the call's arguments, its
//! result and the result's adjoint are split into the row's scalar operands and outputs,
//! `rules::adjoint_contributions` sums `∂ₖᵢ·ȳₖ` over the outputs, and each argument's
//! contributions are packed back into its type. A `{T, T}` result has one adjoint per field;
//! `extractvalue` and `insertvalue` move adjoints between the fields and the struct.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::opcodes::Flags;
use catalase_ir::{Type, Value};

use super::augmented::RevCtx;
use crate::forward::packed::{element_type, pack, parts, shape_help, shape_message, split};
use crate::rules::{self, Rule};
use crate::sink::IrSink;

impl RevCtx<'_, '_> {
    /// Refuse a packed call of `rule` whose shape the row does not describe (`long double
    /// complex`, a complex number in memory).
    pub(super) fn check_packed(&self, rule: &Rule, args: &[Value]) -> Result<(), Diagnostic> {
        let Some(result) = self.cur.and_then(|i| self.src.dfg.result(i)) else { return Ok(()) };
        if !crate::forward::packed::is_packed(rule, args.len()) {
            return Ok(());
        }
        let arg_tys: Vec<Type> = args.iter().map(|a| self.src.dfg.value_type(*a).clone()).collect();
        match element_type(rule, &arg_tys, self.src.dfg.value_type(result)) {
            Some(_) => Ok(()),
            None => Err(self.error(DiagKind::Unsupported, shape_message(rule), shape_help(rule))),
        }
    }

    /// `adj(argᵢ) += Σₖ ∂ₖᵢ·ȳₖ` for a packed call, argument by argument.
    pub(super) fn apply_packed_rule(&mut self, rule: &Rule, args: &[Value], result: Value, dy: Value) {
        let arg_tys: Vec<Type> = args.iter().map(|a| self.src.dfg.value_type(*a).clone()).collect();
        let elem = element_type(rule, &arg_tys, self.src.dfg.value_type(result)).expect("`check_packed` admitted the call");
        let wanted: Vec<bool> =
            args.iter().zip(&arg_tys).flat_map(|(a, t)| vec![self.active(*a); parts(t).len()]).collect();
        let pargs: Vec<Value> = args.iter().map(|a| self.p(*a)).collect();
        let r = self.p(result);
        let flags = self.cur.map_or(Flags::NONE, |i| self.src.dfg.insts[i].flags.fast_math());
        let strong_zero = self.req.strong_zero;
        let contributions: Vec<Option<Value>> = self.ins(|b| {
            let ops: Vec<Value> = pargs.iter().flat_map(|v| split(b, *v)).collect();
            let results = split(b, r);
            let dys: Vec<Option<Value>> = split(b, dy).into_iter().map(Some).collect();
            let scalars = {
                let mut sink = IrSink { b: &mut *b, ty: elem.clone(), args: ops, results, flags };
                rules::adjoint_contributions_lanes(rule, &mut sink, &[dys], &wanted, strong_zero).swap_remove(0)
            };
            let mut scalars = scalars.into_iter();
            arg_tys
                .iter()
                .map(|t| {
                    let mine: Vec<Option<Value>> = scalars.by_ref().take(parts(t).len()).collect();
                    if mine.iter().all(Option::is_none) {
                        return None;
                    }
                    let values: Vec<Value> = mine.into_iter().map(|c| c.unwrap_or_else(|| b.zero(elem.clone()))).collect();
                    Some(pack(b, t, &values))
                })
                .collect()
        });
        for (a, c) in args.iter().zip(contributions) {
            if let Some(c) = c {
                self.accumulate(*a, c);
            }
        }
    }

    /// `r = extractvalue agg, idx`: `adj(agg)[idx] += ȳ`.
    pub(super) fn extract_value_adjoint(&mut self, agg: Value, indices: &[u32], dy: Value) {
        let ty = self.src.dfg.value_type(agg).clone();
        let d = self.ins(|b| {
            let zero = b.zero(ty);
            b.insert_value(zero, dy, indices.to_vec())
        });
        self.accumulate(agg, d);
    }

    /// `r = insertvalue agg, v, idx`: `adj(v) += ȳ[idx]`, and `adj(agg) += ȳ` with field idx zeroed.
    pub(super) fn insert_value_adjoint(&mut self, [agg, v]: [Value; 2], indices: &[u32], dy: Value) {
        let vty = self.src.dfg.value_type(v).clone();
        let (dv, dagg) = self.ins(|b| {
            let dv = b.extract_value(dy, indices.to_vec());
            let zero = b.zero(vty);
            (dv, b.insert_value(dy, zero, indices.to_vec()))
        });
        self.accumulate(v, dv);
        self.accumulate(agg, dagg);
    }
}
