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
//!
//! A call through a pointer compares it with every address-taken defined function of the same
//! type and calls the matching one's parts (in both sweeps); an unknown target traps rather than
//! drop derivatives.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::builder::Position;
use catalase_ir::inst::{BlockCall, Callee, InstData, Signature};
use catalase_ir::opcodes::{CastOp, IntCC};
use catalase_ir::{Inst, Type, Value};

use super::augmented::RevCtx;
use super::tape::Item;
use crate::calls::CallKind;
use crate::request::{ArgActivity, Mode, Request};

/// How one call site is differentiated: the activity pattern, and the parts of each function
/// it may reach (one for a direct call; every address-taken function of its type for a call
/// through a pointer, chosen at run time by comparing addresses).
struct CallParts {
    /// (target, augmented part, reverse part).
    targets: Vec<(String, String, String)>,
    acts: Vec<ArgActivity>,
    active_return: bool,
    return_shadow: bool,
    /// The called pointer of an indirect call.
    pointer: Option<Value>,
    /// The signatures of the augmented and the reverse parts.
    aug_sig: Signature,
    rev_sig: Signature,
}

impl RevCtx<'_, '_> {
    /// The defined functions a call may reach: its callee, or the candidates of a call through a
    /// pointer (address-taken, defined, of the call's type).
    fn targets(&self, data: &InstData) -> Vec<String> {
        let InstData::Call { callee, sig, .. } = data else { return vec![] };
        match callee {
            Callee::Direct(name) => match self.call_kind(data) {
                Some(CallKind::Defined(_)) => vec![name.clone()],
                _ => vec![],
            },
            Callee::Indirect(_) => {
                let module = self.gen.module;
                self.gen
                    .env
                    .indirect_targets
                    .iter()
                    .filter(|n| {
                        module.find_function(n).map(|id| module.function(id)).is_some_and(|f| {
                            !f.is_declaration() && !f.sig.variadic && f.sig.params == sig.params && f.sig.ret == sig.ret
                        })
                    })
                    .cloned()
                    .collect()
            }
        }
    }

    /// Whether `data` is a call to a defined function (or through a pointer to candidates) that
    /// is differentiated: an argument or the result carries a derivative, or a target may move
    /// derivatives through globals.
    pub fn differentiated_call(&self, data: &InstData) -> bool {
        let InstData::Call { callee, args, .. } = data else { return false };
        if matches!(callee, Callee::Direct(_)) && !matches!(self.call_kind(data), Some(CallKind::Defined(_))) {
            return false;
        }
        let targets = self.targets(data);
        if targets.is_empty() {
            return false;
        }
        self.call_carries_derivatives(args) || targets.iter().any(|t| self.gen.global_users.contains(t))
    }

    /// Whether the current call has an argument or a result that carries a derivative (an
    /// adjoint, or a shadow pointer).
    pub fn call_carries_derivatives(&self, args: &[Value]) -> bool {
        let carries = |v: Value| self.active(v) || self.pointer_shadow(v);
        self.cur.and_then(|i| self.src.dfg.result(i)).is_some_and(carries) || args.iter().any(|a| carries(*a))
    }

    /// Whether a target of call `data` turns its integer parameter `index` into a pointer
    /// (`inttoptr`): argument promotion's way of passing the pointer a slot held; or stores it
    /// to memory (argument promotion of an 8-byte copy's source, `memcpy(d, &p, 8)`), where a
    /// later load may read it as a pointer: its shadow bits are stored beside it.
    /// So does a target that does either to a select or phi of it, or to an address computed
    /// from it (a pick of one of two pointers passed as their bits).
    fn param_made_pointer(&self, data: &InstData, index: usize) -> bool {
        let module = self.gen.module;
        self.targets(data).iter().filter_map(|n| module.find_function(n)).map(|id| module.function(id)).any(|f| {
            let Some(p) = f.layout.entry_block().and_then(|e| f.dfg.block_params(e).get(index).copied()) else { return false };
            let from = bits_moved_from(f, p);
            f.layout.blocks().any(|b| {
                f.layout.block_insts(b).any(|i| match f.dfg.inst(i) {
                    InstData::Cast { op: CastOp::IntToPtr, arg } => from.contains(arg),
                    InstData::Store { args: [val, _], .. } => from.contains(val),
                    _ => false,
                })
            })
        })
    }

    /// The callee's activity pattern for this call site; refuses what the parts cannot pass.
    fn call_activities(&self, data: &InstData, args: &[Value]) -> Result<Vec<ArgActivity>, Diagnostic> {
        args.iter()
            .enumerate()
            .map(|(k, &a)| {
                let ty = self.src.dfg.value_type(a);
                if (ty.is_ptr() || super::is_pointer_aggregate(ty)) && (self.pointer_shadow(a) || self.s_const(a).is_some()) {
                    // Its shadow may be the primal standing in: the callee guards its accesses.
                    if self.shadows.is_mixed(a) {
                        return Ok(ArgActivity::DupMixed);
                    }
                    Ok(ArgActivity::Dup)
                } else if self.address_shadowed(a) && self.param_made_pointer(data, k) {
                    // A pointer's address as an integer the callee turns back (argument
                    // promotion): its shadow goes along as the bits of the shadow pointer.
                    Ok(ArgActivity::Dup)
                } else if self.active(a) {
                    Ok(ArgActivity::Out)
                } else if self.shadows.has(a) && (ty.is_ptr_or_vector() && ty.is_vector() || ty.has_float() && !super::carries_adjoint(ty)) {
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
        let data = self.data(inst);
        let InstData::Call { callee, args, sig, .. } = &data else { unreachable!("a call") };
        let acts = self.call_activities(&data, args)?;
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
        // A reverse part that must not free its shadow allocations (`enzyme_nofree`) asks the same
        // of its callees'.
        let nofree = matches!(self.req.mode, Mode::ReverseSplit { nofree: true, .. });
        // The block the call returns outlives the gradient: the callee's reverse part keeps the
        // shadows that reach it (`escape`).
        let keep_returned = result.is_some_and(|r| self.call_result_outlives(r));
        // And the shadows of the blocks it stores into memory that outlives the gradient.
        let keep_stored = self.call_keep_stored(args);
        let rev_mode = Mode::ReverseSplit { active_return, nofree, top: false, keep_returned, keep_stored };
        let aug_mode = Mode::Augmented { return_primal: result.is_some(), return_shadow };
        let standins = self.shadows.call_reaches_standins(inst);
        let strong_zero = self.req.strong_zero;
        let fp80_clean = self.shadows.call_fp80_clean(inst);
        let mut targets = Vec::new();
        for name in self.targets(&data) {
            let base = Request { function: name.clone(), args: acts.clone(), width: self.req.width, mode: rev_mode, standins, strong_zero, fp80_clean };
            let aug = self.gen.request_for_call(Request { mode: aug_mode, ..base.clone() })?;
            let rev = self.gen.request_for_call(base)?;
            targets.push((name, aug, rev));
        }
        let part_sig = |mode| {
            let req = Request { function: String::new(), args: acts.clone(), width: self.req.width, mode, standins, strong_zero, fp80_clean };
            super::derivative_signature(sig, &req)
        };
        let (aug_sig, rev_sig) = (part_sig(aug_mode), part_sig(rev_mode));
        let pointer = match callee {
            Callee::Indirect(p) => Some(*p),
            Callee::Direct(_) => None,
        };
        Ok(CallParts { targets, acts, active_return, return_shadow, pointer, aug_sig, rev_sig })
    }

    /// What the caller's reverse sweep reads for a differentiated call: the called pointer,
    /// every argument, and the shadow of each `Dup` pointer.
    pub fn call_items(&self, data: &InstData) -> Vec<Item> {
        let InstData::Call { callee, args, .. } = data else { return vec![] };
        let mut items: Vec<Item> = match callee {
            Callee::Indirect(p) => vec![Item::Primal(*p)],
            Callee::Direct(_) => vec![],
        };
        items.extend(args.iter().map(|a| Item::Primal(*a)));
        items.extend(args.iter().filter(|a| self.pointer_shadow(**a)).flat_map(|a| self.shadow_items(*a)));
        items.extend(args.iter().filter(|a| !self.pointer_shadow(**a)).flat_map(|a| self.address_items(*a)));
        items
    }

    /// The tape, then each argument followed by its shadow when it is `Dup` (its lanes packed
    /// at width N).
    fn part_args(&mut self, args: &[Value], acts: &[ArgActivity]) -> Vec<Value> {
        // The part pushes onto the tape: no chunk around the call can count on its room.
        self.call_uses_tape_here();
        let mut out = vec![self.tape];
        for (a, act) in args.iter().zip(acts) {
            out.push(self.p(*a));
            if act.has_shadow() {
                let lanes: Vec<Value> = (0..self.width()).map(|l| self.in_lane(l, |c| c.shadow_arg(*a))).collect();
                let ty = self.src.dfg.value_type(*a).clone();
                out.push(self.pack_lanes(&lanes, &ty));
            }
        }
        out
    }

    /// The shadow passed for the `Dup` argument `a`: its own, or for an address computed as
    /// an integer, the bits of its shadow pointer.
    fn shadow_arg(&mut self, a: Value) -> Value {
        if let Some(s) = self.s(a) {
            return s;
        }
        let sp = self.shadow_of_address(a).expect("a Dup argument has a shadow");
        let ty = self.src.dfg.value_type(a).clone();
        self.ins(|b| b.cast(CastOp::PtrToInt, sp, ty))
    }

    /// Call one part of each target: directly, or chosen by comparing the called pointer with
    /// each target's address (an unknown target traps). Returns the part's result.
    fn call_part(&mut self, parts: &CallParts, reverse: bool, sig: Signature, args: Vec<Value>) -> Option<Value> {
        let name = |t: &(String, String, String)| if reverse { t.2.clone() } else { t.1.clone() };
        let call = |ctx: &mut Self, callee: String| {
            let (sig, args) = (sig.clone(), args.clone());
            ctx.ins(|b| {
                let i = b.call(Callee::Direct(callee), sig, args, Default::default());
                b.func.dfg.result(i)
            })
        };
        let Some(fp) = parts.pointer else { return call(self, name(&parts.targets[0])) };
        let fp = self.p(fp);
        let join = self.new_block();
        let param = (!sig.ret.is_void()).then(|| self.out.dfg.append_block_param(join, sig.ret.clone()));
        for t in &parts.targets {
            let (hit, next) = (self.new_block(), self.new_block());
            let target = self.gen.env.address_of(&t.0).to_string();
            self.ins(|b| {
                let addr = b.global_addr(&target);
                let same = b.icmp(IntCC::Eq, fp, addr);
                b.condbr(same, BlockCall::new(hit, vec![]), BlockCall::new(next, vec![]));
            });
            self.pos = Position::End(hit);
            let r = call(self, name(t));
            self.ins(|b| b.br(join, r.into_iter().collect()));
            self.pos = Position::End(next);
        }
        // A target Catalase cannot see would lose the derivatives.
        self.ins(|b| {
            b.call_named("llvm.trap", Signature::new(vec![], Type::Void), vec![]);
            b.unreachable();
        });
        self.pos = Position::End(join);
        param
    }

    /// The forward sweep of a differentiated call: call the augmented part instead of the
    /// primal. Returns false for other instructions.
    pub fn forward_call(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.data(inst);
        if !self.differentiated_call(&data) {
            return Ok(false);
        }
        let parts = self.call_parts(inst)?;
        let InstData::Call { args, .. } = &data else { unreachable!() };
        let call_args = self.part_args(args, &parts.acts);
        if let Some(b) = self.src_block {
            let one = match (&parts.targets[..], parts.pointer) {
                ([(_, aug, _)], None) => Some(aug.clone()),
                _ => None,
            };
            self.part_calls.push((b, one));
        }
        let ret = self.call_part(&parts, false, parts.aug_sig.clone(), call_args);
        if let (Some(r), Some(ret)) = (self.src.dfg.result(inst), ret) {
            if parts.return_shadow {
                let (pv, sv) = self.ins(|b| (b.extract_value(ret, vec![0]), b.extract_value(ret, vec![1])));
                self.set_primal(r, pv);
                for (l, s) in self.unpack_lanes(sv).into_iter().enumerate() {
                    self.in_lane(l, |c| c.smap_insert(r, s));
                }
            } else {
                self.set_primal(r, ret);
            }
        }
        Ok(true)
    }

    /// The reverse sweep of a differentiated call: call the reverse part with the cached
    /// arguments (and the result's adjoint), add the gradients it returns.
    pub fn call_adjoint(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.data(inst);
        if !self.differentiated_call(&data) {
            return Ok(false);
        }
        let parts = self.call_parts(inst)?;
        let InstData::Call { args, .. } = &data else { unreachable!() };
        let mut call_args = self.part_args(args, &parts.acts);
        if parts.active_return {
            let r = self.src.dfg.result(inst).expect("an active result");
            let lanes: Vec<Value> = (0..self.width()).map(|l| self.in_lane(l, |c| c.take_adjoint(r))).collect();
            let ty = self.adjoint_type(r).expect("an active result");
            call_args.push(self.pack_lanes(&lanes, &ty));
        }
        let ret = self.call_part(&parts, true, parts.rev_sig.clone(), call_args);
        let outs: Vec<Value> = args
            .iter()
            .zip(&parts.acts)
            .filter(|(v, a)| super::returns_gradient(self.src.dfg.value_type(**v), **a))
            .map(|(v, _)| *v)
            .collect();
        if let Some(ret) = ret {
            for (k, a) in outs.into_iter().enumerate() {
                let g = self.ins(|b| b.extract_value(ret, vec![k as u32]));
                // An integer argument carrying a float's bits gets its gradient as such bits.
                let bits = !super::carries_adjoint(self.src.dfg.value_type(a));
                let ty = self.adjoint_type(a).expect("an active argument");
                for (l, g) in self.unpack_lanes(g).into_iter().enumerate() {
                    let g = if bits { self.ins(|b| b.cast(CastOp::Bitcast, g, ty.clone())) } else { g };
                    self.in_lane(l, |c| c.accumulate(a, g));
                }
            }
        }
        Ok(true)
    }
}

/// The integers of `f` that carry the bits of `p`: `p` itself, selects and block parameters
/// merging them, and `i64` address arithmetic on them (`add`, `sub`, `or`, `xor`, `and`).
fn bits_moved_from(f: &catalase_ir::Function, p: Value) -> std::collections::HashSet<Value> {
    use catalase_ir::opcodes::BinaryOp;
    let mut from = std::collections::HashSet::from([p]);
    loop {
        let before = from.len();
        for b in f.layout.blocks() {
            for i in f.layout.block_insts(b) {
                let data = f.dfg.inst(i);
                for bc in data.successors() {
                    for (a, q) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                        if from.contains(a) {
                            from.insert(*q);
                        }
                    }
                }
                let carried = match data {
                    InstData::Select { args: [_, t, e] } => from.contains(t) || from.contains(e),
                    InstData::Binary { op: BinaryOp::Add | BinaryOp::Sub | BinaryOp::Or | BinaryOp::Xor | BinaryOp::And, args } => {
                        args.iter().any(|a| from.contains(a))
                    }
                    _ => false,
                };
                if let Some(r) = f.dfg.result(i).filter(|_| carried) {
                    from.insert(r);
                }
            }
        }
        if from.len() == before {
            return from;
        }
    }
}
