//! Calls to defined functions in reverse mode. The callee gets two generated parts, memoized by
//! its activity pattern like every request (so recursion ends on the memo): the augmented
//! part, called where the primal call was, runs the callee's forward sweep and pushes what its
//! reverse sweep will read onto the caller's tape; the reverse part, called where the caller's
//! reverse sweep passes the call, pops it again, takes the result's adjoint and returns the
//! gradients of the callee's float arguments. One LIFO tape serves the whole call tree.
//!
//! Arguments: a pointer with a shadow is `Dup` (its shadow passed next to it; the callee
//! accumulates into it), an active float is `Out` (its gradient comes back from the reverse
//! part), everything else is `Const`. The caller caches the arguments for the reverse part.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::{Inst, Type, Value};

use super::augmented::RevCtx;
use super::tape::Item;
use crate::calls::CallKind;
use crate::request::{ArgActivity, Mode, Request};

/// The two parts of one differentiated call.
struct CallParts {
    aug: String,
    rev: String,
    acts: Vec<ArgActivity>,
    active_return: bool,
    return_shadow: bool,
}

impl RevCtx<'_, '_> {
    /// Whether `data` is a call to a defined function that is differentiated: an argument or the
    /// result carries a derivative, or the callee may move derivatives through globals.
    pub fn differentiated_call(&self, data: &InstData) -> bool {
        let InstData::Call { callee: Callee::Direct(name), args, .. } = data else { return false };
        if !matches!(self.call_kind(data), Some(CallKind::Defined(_))) {
            return false;
        }
        let result_active = self.cur.and_then(|i| self.src.dfg.result(i)).is_some_and(|r| self.active(r) || self.pointer_shadow(r));
        result_active || args.iter().any(|a| self.active(*a) || self.pointer_shadow(*a)) || self.gen.global_users.contains(name)
    }

    /// The callee's activity pattern for this call site; refuses what the parts cannot pass.
    fn call_activities(&self, args: &[Value]) -> Result<Vec<ArgActivity>, Diagnostic> {
        args.iter()
            .map(|&a| {
                let ty = self.src.dfg.value_type(a);
                if ty.is_ptr() && (self.pointer_shadow(a) || self.s_const(a).is_some()) {
                    if self.shadows.is_mixed(a) {
                        return Err(self.error(
                            DiagKind::Unsupported,
                            "a pointer passed to this call may point to active or to inactive memory",
                            "pass every pointer that can reach this call with enzyme_dup, with its own shadow buffer",
                        ));
                    }
                    Ok(ArgActivity::Dup)
                } else if self.active(a) {
                    Ok(ArgActivity::Out)
                } else if self.shadows.has(a) && (ty.is_ptr_or_vector() && ty.is_vector() || ty.has_float() && !super::is_float_value(ty)) {
                    Err(self.error(
                        DiagKind::Unsupported,
                        format!("reverse mode does not pass active arguments of type {ty} to a differentiated call yet"),
                        "pass floating-point values and pointers one by one, or use __enzyme_fwddiff",
                    ))
                } else {
                    Ok(ArgActivity::Const)
                }
            })
            .collect()
    }

    fn call_parts(&mut self, inst: Inst) -> Result<CallParts, Diagnostic> {
        let InstData::Call { callee: Callee::Direct(name), args, .. } = self.src.dfg.inst(inst).clone() else {
            unreachable!("a direct call")
        };
        let acts = self.call_activities(&args)?;
        let result = self.src.dfg.result(inst);
        let active_return = result.is_some_and(|r| self.active(r));
        let return_shadow = result.is_some_and(|r| self.pointer_shadow(r));
        if let Some(r) = result.filter(|r| self.shadows.has(*r) && !active_return && !return_shadow) {
            let ty = self.src.dfg.value_type(r);
            if ty.has_float() || ty.has_ptr() {
                return Err(self.error(
                    DiagKind::Unsupported,
                    format!("reverse mode does not differentiate calls returning {ty} yet"),
                    "return floating-point values or pointers, or use __enzyme_fwddiff",
                ));
            }
        }
        let returns_value = result.is_some();
        let base = Request { function: name, args: acts.clone(), width: 1, mode: Mode::ReverseSplit { active_return } };
        let aug = Request { mode: Mode::Augmented { return_primal: returns_value, return_shadow }, ..base.clone() };
        let aug = self.gen.request(aug)?;
        let rev = self.gen.request(base)?;
        Ok(CallParts { aug, rev, acts, active_return, return_shadow })
    }

    /// What the caller's reverse sweep reads for a differentiated call: every argument, and the
    /// shadow of each `Dup` pointer.
    pub fn call_items(&self, data: &InstData) -> Vec<Item> {
        let InstData::Call { args, .. } = data else { return vec![] };
        let mut items: Vec<Item> = args.iter().map(|a| Item::Primal(*a)).collect();
        items.extend(args.iter().filter(|a| self.pointer_shadow(**a)).map(|a| Item::Shadow(*a)));
        items
    }

    /// The forward sweep of a differentiated call: call the augmented part instead of the
    /// primal. Returns false for other instructions.
    pub fn forward_call(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.src.dfg.inst(inst).clone();
        if !self.differentiated_call(&data) {
            return Ok(false);
        }
        let parts = self.call_parts(inst)?;
        let InstData::Call { args, sig, .. } = &data else { unreachable!() };
        let mut call_args = vec![self.tape];
        for (a, act) in args.iter().zip(&parts.acts) {
            call_args.push(self.p(*a));
            if act.has_shadow() {
                let s = self.s(*a).expect("a Dup argument has a shadow");
                call_args.push(s);
            }
        }
        let req = Request { function: String::new(), args: parts.acts.clone(), width: 1, mode: Mode::Augmented { return_primal: !sig.ret.is_void(), return_shadow: parts.return_shadow } };
        let aug_sig = super::derivative_signature(sig, &req);
        let name = parts.aug.clone();
        let ret = self.ins(|b| {
            let i = b.call(Callee::Direct(name), aug_sig, call_args, Default::default());
            b.func.dfg.result(i)
        });
        if let (Some(r), Some(ret)) = (self.src.dfg.result(inst), ret) {
            if parts.return_shadow {
                let (pv, sv) = self.ins(|b| (b.extract_value(ret, vec![0]), b.extract_value(ret, vec![1])));
                self.set_primal(r, pv);
                self.smap_insert(r, sv);
            } else {
                self.set_primal(r, ret);
            }
        }
        Ok(true)
    }

    /// The reverse sweep of a differentiated call: call the reverse part with the cached
    /// arguments (and the result's adjoint), add the gradients it returns.
    pub fn call_adjoint(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.src.dfg.inst(inst).clone();
        if !self.differentiated_call(&data) {
            return Ok(false);
        }
        let parts = self.call_parts(inst)?;
        let InstData::Call { args, sig, .. } = &data else { unreachable!() };
        let mut call_args = vec![self.tape];
        for (a, act) in args.iter().zip(&parts.acts) {
            call_args.push(self.p(*a));
            if act.has_shadow() {
                let s = self.s(*a).expect("a Dup argument has a shadow");
                call_args.push(s);
            }
        }
        if parts.active_return {
            let r = self.src.dfg.result(inst).expect("an active result");
            let dy = self.take_adjoint(r);
            call_args.push(dy);
        }
        let req = Request { function: String::new(), args: parts.acts.clone(), width: 1, mode: Mode::ReverseSplit { active_return: parts.active_return } };
        let rev_sig = super::derivative_signature(sig, &req);
        let name = parts.rev.clone();
        let outs: Vec<Value> = args.iter().zip(&parts.acts).filter(|(_, a)| **a == ArgActivity::Out).map(|(v, _)| *v).collect();
        let ret = self.ins(|b| {
            let i = b.call(Callee::Direct(name), rev_sig, call_args, Default::default());
            b.func.dfg.result(i)
        });
        if let Some(ret) = ret {
            debug_assert!(matches!(self.out.dfg.value_type(ret), Type::Struct { .. }));
            for (k, a) in outs.into_iter().enumerate() {
                let g = self.ins(|b| b.extract_value(ret, vec![k as u32]));
                self.accumulate(a, g);
            }
        }
        Ok(true)
    }
}
