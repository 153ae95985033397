//! Calls in forward mode, by kind (see `calls::classify`): kept as in the primal, mirrored on
//! shadows (memory intrinsics, allocators, `free`), differentiated by a rule-table row or a
//! user rule, or replaced by a call to the derivative of a defined function.
//!
//! An `invoke` is handled like a call whose continuation is a fresh block on its normal
//! edge; the shadow work goes there. Primal calls of libm functions that write only `errno`
//! become their intrinsic (`calls::errno_free_intrinsic`) or say they touch no memory
//! (`calls::without_errno`).

use catalase_ir::builder::Position;
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{AttrList, BlockCall, Callee, InstData, Signature};
use catalase_ir::opcodes::{FloatCC, Flags, IntCC};
use catalase_ir::function::ValueDef;
use catalase_ir::{Const, Inst, Type, Value};

use crate::calls::{classify, AllocKind, CallKind};
use super::func::FnCtx;
use super::memory::memset_zero;
use super::derivative_signature;
use crate::request::{ArgActivity, Mode, Request};
use crate::standin::{ShadowAccess, ShadowUse};

/// The parts of a call or invoke.
pub(super) struct CallSite {
    pub callee: Callee,
    pub args: Vec<Value>,
    pub sig: Signature,
    pub attrs: AttrList,
    flags: Flags,
    /// For an invoke: (normal, unwind) successors in the source.
    invoke: Option<(BlockCall, BlockCall)>,
    pub result: Option<Value>,
    /// The call in the source function.
    pub inst: Inst,
}

impl FnCtx<'_, '_> {
    pub(super) fn emit_call(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let site = self.call_site(inst);
        let kind = match classify(self.gen.module, self.gen.env, &site.callee, &site.attrs) {
            // Only a reverse rule: for forward mode, an external function.
            CallKind::Custom(f) if !self.gen.env.forward_rules.contains_key(&f) => CallKind::External,
            kind => kind,
        };
        self.emit_call_kind(&site, kind)?;
        if let Some((normal, _)) = &site.invoke {
            let dest = self.map_block_call(normal);
            self.ins(|b| b.build(InstData::Br { dest }, Type::Void));
        }
        Ok(())
    }

    /// The parts of the call or invoke `inst`.
    pub(super) fn call_site(&self, inst: Inst) -> CallSite {
        let node = &self.src.dfg.insts[inst];
        match &node.data {
            InstData::Call { callee, args, sig, attrs } => CallSite {
                callee: callee.clone(),
                args: args.clone(),
                sig: sig.clone(),
                attrs: attrs.clone(),
                flags: node.flags,
                invoke: None,
                result: node.result,
                inst,
            },
            InstData::Invoke { callee, args, sig, attrs, normal, unwind } => CallSite {
                callee: callee.clone(),
                args: args.clone(),
                sig: sig.clone(),
                attrs: attrs.clone(),
                flags: node.flags,
                invoke: Some((normal.clone(), unwind.clone())),
                result: node.result,
                inst,
            },
            _ => unreachable!("call_site of a non-call"),
        }
    }

    fn emit_call_kind(&mut self, site: &CallSite, kind: CallKind) -> Result<(), Diagnostic> {
        let res_shadowed = site.result.is_some_and(|r| self.shadows.has(r));
        let active_args: Vec<bool> = site.args.iter().map(|a| self.is_active_arg(*a, &kind)).collect();
        let any_active = active_args.iter().any(|x| *x);
        let touches_shadows = !matches!(
            kind,
            CallKind::Inactive | CallKind::External | CallKind::Indirect | CallKind::Rule(_)
                | CallKind::ReduceFAdd | CallKind::ReduceSelect | CallKind::ReduceFMul | CallKind::SplitFloat
                // `realloc` of a block that may stand in for its shadow checks at run time.
                | CallKind::Alloc(_)
                // Masked loads and stores, gathers and scatters guard each access.
                | CallKind::MaskedLoad | CallKind::MaskedStore
                // A defined callee's derivative takes a possible stand-in as `DupMixed` and
                // guards its accesses (`nested_call`); `free` frees no stand-in, `memset` and
                // copies touch none (below).
                | CallKind::Defined(_) | CallKind::Free(_) | CallKind::MemSet | CallKind::MemTransfer
                // Checked per helper (`emit_mirror`).
                | CallKind::Mirror
        );
        if touches_shadows && site.args.iter().any(|a| self.shadow_access(*a, ShadowUse::Unguarded) == ShadowAccess::Refuse) {
            return Err(self.error(
                DiagKind::Unsupported,
                "a pointer argument may point to active or to inactive memory (it merges a pointer passed with enzyme_dup and one without a shadow)",
                "pass every pointer that can reach this call with enzyme_dup, with its own shadow buffer",
            ));
        }
        if let (CallKind::Inactive, Callee::Direct(name)) = (&kind, &site.callee) {
            let base = crate::calls::searched_array(name).and_then(|i| site.args.get(i));
            if base.is_some_and(|b| self.shadows.is_varied(*b)) {
                let (message, help) = crate::calls::array_search_refusal(name);
                return Err(self.error(DiagKind::Unsupported, &message, &help));
            }
            let outputs = crate::calls::parsed_outputs(name).map_or(&[][..], |i| site.args.get(i..).unwrap_or(&[]));
            if outputs.iter().any(|a| self.shadows.is_varied(*a)) {
                let (message, help) = crate::calls::parsed_output_refusal(name);
                return Err(self.error(DiagKind::Unsupported, &message, &help));
            }
        }
        match kind {
            CallKind::Inactive => {
                self.primal_call(site);
            }
            CallKind::Indirect
                if (any_active || res_shadowed || self.indirect_moves_globals())
                    && self.emit_indirect(site, &active_args, res_shadowed)? => {}
            CallKind::External | CallKind::Indirect => {
                // Active values only passed by value into a call whose result carries no float
                // cannot come back out (e.g. a `void log_value(double)`).
                let by_value_only = site
                    .args
                    .iter()
                    .zip(&active_args)
                    .all(|(a, act)| !act || !self.src.dfg.value_type(*a).has_ptr())
                    && !site.sig.ret.may_be_active();
                if any_active && !by_value_only && !self.is_harmless_external(site) {
                    return Err(self.no_derivative(site));
                }
                self.primal_call(site);
            }
            CallKind::Rule(rule) if super::packed::is_packed(rule, site.args.len()) => {
                let r = self.primal_call(site);
                if let (true, Some(res), Some(r)) = (res_shadowed, site.result, r) {
                    let lanes = self.packed_rule_lanes(rule, &site.args, res, r)?;
                    self.set_shadow(res, lanes);
                }
            }
            CallKind::Rule(rule) => {
                let hoisted = self.cur.and_then(|i| self.hoisted.get(&i).copied());
                let r = match (hoisted, site.result) {
                    (Some(r), Some(res)) => {
                        self.set_primal(res, r);
                        Some(r)
                    }
                    _ => self.primal_call(site),
                };
                let partner = match (res_shadowed, self.cur, &site.invoke) {
                    (true, Some(inst), None) => self.partner_tangent(inst, rule, site),
                    _ => None,
                };
                if let (Some(lanes), Some(res)) = (partner, site.result) {
                    self.set_shadow(res, lanes);
                } else if let (true, Some(res)) = (res_shadowed, site.result) {
                    let ty = self.src.dfg.value_type(res).clone();
                    let pargs: Vec<Value> = site.args.iter().map(|a| self.p(*a)).collect();
                    let tans: Vec<Vec<Option<Value>>> = site.args.iter().map(|a| self.tangent_opts(*a)).collect();
                    let lanes = self.apply_rule(rule, &ty, pargs, r, &tans);
                    self.set_shadow(res, lanes);
                }
            }
            CallKind::ReduceFAdd => {
                self.primal_call(site);
                if let (true, Some(res), Callee::Direct(name)) = (res_shadowed, site.result, &site.callee) {
                    let acc = self.s_or_zero(site.args[0]);
                    let v = self.s_or_zero(site.args[1]);
                    let sig = site.sig.clone();
                    // The primal's flags: `reassoc` makes the reduction unordered (and fast).
                    let flags = site.flags.fast_math();
                    let lanes = self.ins(|b| {
                        b.default_flags = flags;
                        let lanes = acc.iter().zip(&v).map(|(a, x)| b.call_named(name, sig.clone(), vec![*a, *x]).expect("value")).collect();
                        b.default_flags = Flags::NONE;
                        lanes
                    });
                    self.set_shadow(res, lanes);
                }
            }
            CallKind::ReduceSelect => {
                let r = self.primal_call(site);
                if let (true, Some(res), Some(r)) = (res_shadowed, site.result, r) {
                    let lanes = self.reduce_select_lanes(site.args[0], r);
                    self.set_shadow(res, lanes);
                }
            }
            CallKind::ReduceFMul => {
                let r = self.primal_call(site);
                if let (true, Some(res), Some(r)) = (res_shadowed, site.result, r) {
                    let lanes = self.reduce_fmul_lanes(site.args[0], site.args[1], r, site.flags.fast_math());
                    self.set_shadow(res, lanes);
                }
            }
            CallKind::SplitFloat => {
                let r = self.primal_call(site);
                if let (true, Some(res), Some(r), Callee::Direct(name)) = (res_shadowed, site.result, r, &site.callee) {
                    let x = self.p(site.args[0]);
                    let t = self.s_or_zero(site.args[0]);
                    let ty = self.src.dfg.value_type(res).clone();
                    // No fast-math flags here: LLVM allows none on `llvm.frexp`'s `{float, int}`
                    // result (the libm `frexp` row takes its call's flags).
                    let frexp = name.starts_with("llvm.frexp");
                    let lanes = self.ins(|b| {
                        let scale = frexp.then(|| {
                            // 2^(−e) = m / x exactly; 1 at x = 0.
                            let m = b.extract_value(r, vec![0]);
                            let xt = b.value_type(x);
                            let zero = b.zero(xt.clone());
                            let one = b.fconst(&xt, 1.0);
                            let is_zero = b.fcmp(catalase_ir::opcodes::FloatCC::Oeq, x, zero);
                            let q = b.fdiv(m, x);
                            b.select(is_zero, one, q)
                        });
                        t.iter()
                            .map(|t| {
                                let first = match scale {
                                    Some(k) => b.fmul(*t, k),
                                    None => *t,
                                };
                                let z = b.zero(ty.clone());
                                b.insert_value(z, first, vec![0])
                            })
                            .collect()
                    });
                    self.set_shadow(res, lanes);
                }
            }
            CallKind::MaskedLoad => {
                self.primal_call(site);
                self.emit_masked_load(site);
            }
            CallKind::MaskedStore => {
                self.primal_call(site);
                self.emit_masked_store(site, active_args[0])?;
            }
            // A shadow that may be the primal standing in (runtime activity) is written with a
            // byte count of zero where it is: no primal memory is touched.
            CallKind::MemSet => {
                self.primal_call(site);
                if let Some(sd) = self.s(site.args[0]) {
                    let len = self.p(site.args[2]);
                    let dst = self.stand_in_primal(site.args[0]);
                    self.ins(|b| sd.iter().for_each(|d| {
                        let n = unless_standing_in(b, dst, *d, len);
                        memset_zero(b, *d, n)
                    }));
                }
            }
            CallKind::MemTransfer => {
                self.primal_call(site);
                // Shadowed bytes copied into memory without a shadow that is read on the way
                // to an output would lose their tangents, as a store there would.
                if self.s(site.args[0]).is_none() && self.s(site.args[1]).is_some() && self.shadows.needs(site.args[0]) {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        "active memory is copied into memory that has no shadow; its derivatives would be lost",
                        "pass the destination with enzyme_dup and a shadow buffer, or mark the global it belongs to inactive",
                    ));
                }
                if let Some(sd) = self.s(site.args[0]) {
                    let len = self.p(site.args[2]);
                    let dst = self.stand_in_primal(site.args[0]);
                    match self.s(site.args[1]) {
                        Some(ss) => {
                            // A source standing in is inactive memory: its tangent is zero.
                            let src = self.stand_in_primal(site.args[1]);
                            let mut rest: Vec<Value> = site.args[2..].iter().map(|a| self.p(*a)).collect();
                            let (callee, sig, attrs) = (site.callee.clone(), site.sig.clone(), site.attrs.clone());
                            self.ins(|b| {
                                for (d, s) in sd.iter().zip(&ss) {
                                    let n = unless_standing_in(b, dst, *d, len);
                                    rest[0] = unless_standing_in(b, src, *s, n);
                                    let mut args = vec![*d, *s];
                                    args.extend_from_slice(&rest);
                                    b.call(callee.clone(), sig.clone(), args, attrs.clone());
                                    if let Some(ps) = src {
                                        let same = b.icmp(IntCC::Eq, *s, ps);
                                        let zero = b.zero(b.value_type(n));
                                        let zeroed = b.select(same, n, zero);
                                        memset_zero(b, *d, zeroed);
                                    }
                                }
                            });
                        }
                        None => self.ins(|b| sd.iter().for_each(|d| {
                            let n = unless_standing_in(b, dst, *d, len);
                            memset_zero(b, *d, n)
                        })),
                    }
                }
            }
            CallKind::Alloc(k) => self.emit_alloc(site, k, res_shadowed)?,
            CallKind::Free(at) => {
                self.primal_call(site);
                if let Some(sp) = site.args.get(at).and_then(|a| self.s(*a)) {
                    // The same call with the block's shadow in its place (a registered
                    // deallocator's other arguments as the primal's).
                    let others: Vec<Value> = site.args.iter().map(|a| self.p(*a)).collect();
                    let (callee, sig, attrs) = (site.callee.clone(), site.sig.clone(), site.attrs.clone());
                    // A shadow that may be the primal standing in is freed only where it is not
                    // (freeing null is nothing).
                    let guard = (self.shadow_access(site.args[at], ShadowUse::Unguarded) == ShadowAccess::Refuse)
                        .then(|| self.p(site.args[at]));
                    self.ins(|b| {
                        for p in &sp {
                            let p = match guard {
                                Some(primal) => {
                                    let same = b.icmp(IntCC::Eq, *p, primal);
                                    let null = b.zero(Type::PTR);
                                    b.select(same, null, *p)
                                }
                                None => *p,
                            };
                            let mut args = others.clone();
                            args[at] = p;
                            b.call(callee.clone(), sig.clone(), args, attrs.clone());
                        }
                    });
                }
            }
            CallKind::Mirror => self.emit_mirror(site, res_shadowed)?,
            CallKind::Custom(callee) => self.emit_custom(site, &callee)?,
            CallKind::Defined(id) => {
                // A callee that may move derivatives through globals is differentiated even
                // without active arguments (`copy_g(); return get_g();`).
                let moves_globals = self.gen.global_users.contains(&self.gen.module.function(id).name);
                if !any_active && !res_shadowed && !moves_globals {
                    self.primal_call(site);
                } else {
                    self.emit_nested(site, id, &active_args, res_shadowed)?;
                }
            }
        }
        Ok(())
    }

    /// A node walker or relinker of a libstdc++ container (`calls::MIRRORED`): the primal call,
    /// then per lane the same call on the shadows of its pointer arguments (the shadow
    /// container mirrors the primal's shape), whose result is the result's shadow. A call that
    /// would relink a shadow structure with nodes that have none is refused: the shadow
    /// container would no longer mirror the primal. Where a relinker's shadow arguments may be
    /// their primals standing in (`crate::standin`), the run time decides: all standing in,
    /// the primal call did the work and the shadow call is left out (its result's shadow is
    /// the primal result, a stand-in again); some standing in and some not, the program traps
    /// rather than relink a shadow structure with primal nodes.
    fn emit_mirror(&mut self, site: &CallSite, res_shadowed: bool) -> Result<(), Diagnostic> {
        let ptrs: Vec<usize> = (0..site.args.len()).filter(|&i| self.src.dfg.value_type(site.args[i]).is_ptr()).collect();
        let shadowed: Vec<bool> = ptrs.iter().map(|&i| self.has_lanes(site.args[i]) || self.is_null_const(site.args[i])).collect();
        let any = ptrs.iter().zip(&shadowed).any(|(&i, s)| *s && self.has_lanes(site.args[i]));
        if !any {
            if res_shadowed {
                return Err(self.mirror_refusal(site));
            }
            self.primal_call(site);
            return Ok(());
        }
        if shadowed.contains(&false) {
            return Err(self.mirror_refusal(site));
        }
        let walker = matches!(&site.callee, Callee::Direct(n) if crate::calls::WALKERS.contains(&n.as_str()));
        // The pointer arguments whose shadows may be their primals standing in.
        let mixed: Vec<usize> = if walker {
            vec![]
        } else {
            ptrs.iter().copied().filter(|&i| self.shadow_access(site.args[i], ShadowUse::Unguarded) != ShadowAccess::Own).collect()
        };
        let any_own = ptrs.iter().any(|i| !mixed.contains(i));
        let primal = self.primal_call(site);
        let mut lanes: Vec<Vec<Value>> = vec![Vec::with_capacity(site.args.len()); self.width()];
        for &a in &site.args {
            let per_lane = if self.src.dfg.value_type(a).is_ptr() {
                self.s(a).expect("a shadowed pointer argument")
            } else {
                vec![self.p(a); self.width()]
            };
            for (l, v) in per_lane.into_iter().enumerate() {
                lanes[l].push(v);
            }
        }
        let mixed: Vec<(usize, Value)> = mixed.iter().map(|&i| (i, self.p(site.args[i]))).collect();
        let call = (&site.callee, &site.sig, &site.attrs);
        let results: Vec<Option<Value>> =
            lanes.into_iter().map(|args| self.ins(|b| crate::standin::guarded_mirror_call(b, call, args, &mixed, any_own, primal))).collect();
        if let (true, Some(res)) = (res_shadowed, site.result) {
            let lanes: Vec<Value> = results.into_iter().map(|r| r.expect("a mirrored call's result")).collect();
            self.set_shadow(res, lanes);
        }
        Ok(())
    }

    /// Whether `v` is a null (or undefined) pointer constant, whose shadow is null.
    fn is_null_const(&self, v: Value) -> bool {
        matches!(&self.src.dfg.values[v].def, ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison))
    }

    fn mirror_refusal(&self, site: &CallSite) -> Diagnostic {
        let name = match &site.callee {
            Callee::Direct(n) => n.as_str(),
            Callee::Indirect(_) => "<function pointer>",
        };
        self.error(DiagKind::Unsupported, crate::calls::mirror_message(name), crate::calls::MIRROR_HELP)
    }

    /// The primal of pointer `v` when its shadow may be that primal standing in (a mixed
    /// pointer, `crate::standin`): what a guarded `memset` or copy compares the shadow with.
    fn stand_in_primal(&mut self, v: Value) -> Option<Value> {
        (self.shadow_access(v, ShadowUse::Write) == ShadowAccess::Guarded).then(|| self.p(v))
    }

    /// Emit the call (or invoke) with mapped operands; returns the new result.
    fn emit_call_with(&mut self, site: &CallSite, callee: Callee, sig: Signature, args: Vec<Value>, attrs: AttrList) -> Option<Value> {
        let flags = site.flags;
        let ret = sig.ret.clone();
        match &site.invoke {
            None => self.ins(|b| {
                let i = b.call(callee, sig, args, attrs);
                b.set_flags(i, flags);
                b.func.dfg.result(i)
            }),
            Some((_, unwind)) => {
                let unwind = self.map_block_call(unwind);
                let here = self.ins(|b| b.current_block());
                let cont = self.out.dfg.make_block();
                self.out.layout.insert_block_after(cont, here);
                let normal = BlockCall::new(cont, vec![]);
                let r = self.ins(|b| {
                    let i = b.build(InstData::Invoke { callee, args, sig, attrs, normal, unwind }, ret);
                    b.set_flags(i, flags);
                    b.func.dfg.result(i)
                });
                self.pos = Position::End(cont);
                r
            }
        }
    }

    /// The call as in the primal, without recording its result (a partner emitted early).
    pub(super) fn emit_primal_call(&mut self, site: &CallSite) -> Option<Value> {
        let callee = match &site.callee {
            Callee::Direct(n) => Callee::Direct(n.clone()),
            Callee::Indirect(v) => Callee::Indirect(self.p(*v)),
        };
        let args: Vec<Value> = site.args.iter().map(|a| self.p(*a)).collect();
        let (callee, attrs) = self.primal_callee(site, callee);
        self.emit_call_with(site, callee, site.sig.clone(), args, attrs)
    }

    /// The primal call's callee and attributes: the source's, or for a libm function that
    /// writes only `errno`, the call without the write (`calls::errno_free_call`).
    fn primal_callee(&self, site: &CallSite, callee: Callee) -> (Callee, AttrList) {
        crate::calls::errno_free_call(self.gen.module, &site.callee, &site.sig, &site.attrs)
            .unwrap_or((callee, site.attrs.clone()))
    }

    /// The call as in the primal; records its result.
    fn primal_call(&mut self, site: &CallSite) -> Option<Value> {
        let callee = match &site.callee {
            Callee::Direct(n) => Callee::Direct(n.clone()),
            Callee::Indirect(v) => Callee::Indirect(self.p(*v)),
        };
        let args: Vec<Value> = site.args.iter().map(|a| self.p(*a)).collect();
        let (callee, attrs) = self.primal_callee(site, callee);
        let r = self.emit_call_with(site, callee, site.sig.clone(), args, attrs);
        if let (Some(res), Some(r)) = (site.result, r) {
            self.set_primal(res, r);
        }
        r
    }

    /// Whether some possible target of an indirect call moves derivatives through globals.
    fn indirect_moves_globals(&self) -> bool {
        self.gen.env.indirect_targets.iter().any(|n| self.gen.global_users.contains(n))
    }

    /// Whether an argument is passed with its shadow. Constants are not, except a global's
    /// address passed to a differentiated function (its shadow global goes along).
    fn is_active_arg(&self, a: Value, kind: &CallKind) -> bool {
        if !self.shadows.has(a) {
            return false;
        }
        // An integer with a tangent carries a float's bits (a `memcpy` into a `uint64_t`): a
        // defined callee takes the tangent's bits too.
        if !self.src.dfg.value_type(a).may_be_active() && !matches!(kind, CallKind::Defined(_) | CallKind::Indirect) {
            return false;
        }
        match &self.src.dfg.values[a].def {
            ValueDef::Const(Const::Global(_)) => matches!(kind, CallKind::Defined(_) | CallKind::Indirect),
            ValueDef::Const(_) => false,
            _ => self.has_lanes(a),
        }
    }

    /// The primal call through the already-mapped function pointer `fp`, without recording its
    /// result (the caller joins it with the other targets' results).
    fn unmapped_primal_call(&mut self, site: &CallSite, fp: Value) -> Option<Value> {
        let args: Vec<Value> = site.args.iter().map(|a| self.p(*a)).collect();
        self.emit_call_with(site, Callee::Indirect(fp), site.sig.clone(), args, site.attrs.clone())
    }

    /// An external function that only reads memory and returns no float cannot carry a
    /// derivative out.
    fn is_harmless_external(&self, site: &CallSite) -> bool {
        let Callee::Direct(name) = &site.callee else { return false };
        if site.sig.ret.has_float() {
            return false;
        }
        let callee_attrs = self.gen.module.find_function(name).map(|id| &self.gen.module.function(id).attrs);
        catalase_analysis::activity::cannot_write(&site.attrs, callee_attrs)
    }

    fn no_derivative(&self, site: &CallSite) -> Diagnostic {
        let name = match &site.callee {
            Callee::Direct(n) => n.clone(),
            Callee::Indirect(_) => "<function pointer>".to_string(),
        };
        match &site.callee {
            Callee::Indirect(_) => self.error(
                DiagKind::Unsupported,
                "cannot differentiate an indirect call with active arguments",
                "call the function directly, or pass its active arguments with enzyme_const",
            ),
            Callee::Direct(_) if name.starts_with("llvm.") => self.error(
                DiagKind::Unsupported,
                format!("cannot handle unknown intrinsic `{name}` with active arguments in forward mode"),
                "this intrinsic has no derivative rule in Catalase yet; please report it. Building without the \
                 option that produces it (e.g. -march, -ffast-math) may avoid it",
            ),
            Callee::Direct(_) if self.gen.env.reverse_rules.contains_key(&name) => self.error(
                DiagKind::NoDerivative,
                format!("No forward mode derivative found for `{name}`: it has a reverse rule (__enzyme_register_gradient) but no forward rule"),
                &format!(
                    "register a forward rule with `void* __enzyme_register_derivative_{name}[] = {{(void*){name}, (void*)d{name}}};`"
                ),
            ),
            Callee::Direct(_) if crate::calls::parallel_runtime(&name).is_some() => {
                let (message, help) = crate::calls::parallel_refusal(&name).unwrap_or_default();
                self.error(DiagKind::Unsupported, message, &help)
            }
            Callee::Direct(_) => self.error(
                DiagKind::NoDerivative,
                format!("No forward mode derivative found for `{name}`: it has no body in this module and no rule"),
                &format!(
                    "define `{name}` in this translation unit, register a forward rule with `void* __enzyme_register_derivative_{name}[] = {{(void*){name}, (void*)d{name}}};`, or mark it inactive with `void* __enzyme_inactivefn[] = {{(void*){name}}};`"
                ),
            ),
        }
    }

    fn emit_alloc(&mut self, site: &CallSite, kind: AllocKind, res_shadowed: bool) -> Result<(), Diagnostic> {
        let r = self.primal_call(site);
        let (Some(res), true) = (site.result, res_shadowed) else { return Ok(()) };
        let mut lanes = Vec::new();
        for l in 0..self.width() {
            let mut args: Vec<Value> = site.args.iter().map(|a| self.p(*a)).collect();
            // `malloc`'s shadow is zeroed; `calloc` zeroes its own.
            let mut zero_size = match kind {
                AllocKind::Malloc => args.first().copied(),
                AllocKind::Aligned { size, .. } | AllocKind::Registered { size } => args.get(size).copied(),
                AllocKind::Calloc | AllocKind::Realloc => None,
            };
            // Where the old block stands in for its shadow at run time (inactive memory; not
            // null), the new one does too: the shadow `realloc` gets null, and the fresh block
            // it makes is freed again.
            let mut standing_in = None;
            if kind == AllocKind::Realloc {
                // `realloc` frees its argument: never the primal standing in for a shadow.
                match self.s(site.args[0]) {
                    Some(sp) if self.shadows.is_mixed(site.args[0]) => {
                        let old = self.p(site.args[0]);
                        let (same, arg) = self.ins(|b| {
                            let null = b.zero(Type::PTR);
                            let same = b.icmp(IntCC::Eq, sp[l], old);
                            let some = b.icmp(IntCC::Ne, old, null);
                            let same = b.binary(catalase_ir::opcodes::BinaryOp::And, same, some);
                            (same, b.select(same, null, sp[l]))
                        });
                        standing_in = Some(same);
                        args[0] = arg;
                    }
                    Some(sp) => args[0] = sp[l],
                    // No shadow: the old block is inactive memory, its tangents are zero; the
                    // new shadow is a fresh zeroed block.
                    None => {
                        args[0] = self.ins(|b| b.constant(Type::PTR, catalase_ir::Const::Null));
                        zero_size = args.get(1).copied();
                    }
                }
            }
            let (callee, sig, attrs) = (site.callee.clone(), site.sig.clone(), site.attrs.clone());
            let flags = site.flags;
            let s = self.ins(|b| {
                let i = b.call(callee, sig, args, attrs);
                b.set_flags(i, flags);
                let s = b.func.dfg.result(i).expect("allocator returns a pointer");
                if let Some(n) = zero_size {
                    memset_zero(b, s, n);
                }
                match (standing_in, r) {
                    (Some(same), Some(q)) => {
                        let null = b.zero(Type::PTR);
                        let unused = b.select(same, s, null);
                        crate::reverse::tape::free(b, unused);
                        b.select(same, q, s)
                    }
                    _ => s,
                }
            });
            lanes.push(s);
        }
        self.set_shadow(res, lanes);
        Ok(())
    }

    /// The tangent of `reduce.fmax(v)`: the lane of `v` equal to the result (the first one).
    fn reduce_select_lanes(&mut self, v: Value, r: Value) -> Vec<Value> {
        let vt = self.src.dfg.value_type(v).clone();
        let pv = self.p(v);
        let sv = self.s_or_zero(v);
        let n = vt.lanes();
        let elem = vt.scalar().clone();
        self.ins(|b| {
            sv.iter()
                .map(|s| {
                    let mut acc = b.zero(elem.clone());
                    for lane in (0..n).rev() {
                        let idx = b.iconst(Type::I32, lane as i128);
                        let x = b.extract_element(pv, idx);
                        let t = b.extract_element(*s, idx);
                        let hit = b.fcmp(FloatCC::Oeq, x, r);
                        acc = b.select(hit, t, acc);
                    }
                    acc
                })
                .collect()
        })
    }

    /// The tangent of `reduce.fmul(acc, v) = acc·Πvᵢ`: `ṫacc·Πvᵢ + acc·Σᵢ ṫᵢ·Πⱼ≠ᵢ vⱼ`.
    /// `flags` are the primal call's fast-math flags; every product and sum carries them.
    fn reduce_fmul_lanes(&mut self, acc: Value, v: Value, r: Value, flags: Flags) -> Vec<Value> {
        let vt = self.src.dfg.value_type(v).clone();
        let (pacc, pv) = (self.p(acc), self.p(v));
        let (tacc, tv) = (self.s_or_zero(acc), self.s_or_zero(v));
        let n = vt.lanes();
        let elem = vt.scalar().clone();
        let strong_zero = self.req.strong_zero;
        self.ins(|b| {
            // `t·∂`, or `t == 0 ? 0 : t·∂` under `enzyme_strong_zero` (the other lanes' product
            // may be infinite).
            let term = |b: &mut catalase_ir::Builder, t: Value, d: Value| {
                let p = b.fmul(t, d);
                if !strong_zero {
                    return p;
                }
                let zero = b.zero(elem.clone());
                let t_zero = b.fcmp(catalase_ir::opcodes::FloatCC::Oeq, t, zero);
                b.select(t_zero, zero, p)
            };
            let idx: Vec<Value> = (0..n).map(|i| b.iconst(Type::I32, i as i128)).collect();
            let xs: Vec<Value> = idx.iter().map(|i| b.extract_element(pv, *i)).collect();
            let ts: Vec<Vec<Value>> = tv.iter().map(|t| idx.iter().map(|i| b.extract_element(*t, *i)).collect()).collect();
            b.default_flags = flags;
            // Π of all lanes but i, for each i.
            let others: Vec<Value> = (0..n as usize)
                .map(|i| {
                    let mut p = b.fconst(&elem, 1.0);
                    for (j, x) in xs.iter().enumerate() {
                        if j != i {
                            p = b.fmul(p, *x);
                        }
                    }
                    p
                })
                .collect();
            let prod = b.fmul(others[0], xs[0]);
            let _ = r;
            let lanes = tacc
                .iter()
                .zip(&ts)
                .map(|(ta, t)| {
                    let mut sum = term(b, *ta, prod);
                    for (ti, o) in t.iter().zip(&others) {
                        let partial = b.fmul(pacc, *o);
                        let scaled = term(b, *ti, partial);
                        sum = b.fadd(sum, scaled);
                    }
                    sum
                })
                .collect();
            b.default_flags = Flags::NONE;
            lanes
        })
    }

    /// A user forward rule `dfn(x, dx, y, dy, ...)` returning `{primal, tangent}`; called once
    /// per lane. The rule is called with this plain Catalase signature; the LLVM boundary
    /// adapts C's calling-convention shapes (`<2 x float>`, `sret`) to it.
    fn emit_custom(&mut self, site: &CallSite, callee: &str) -> Result<(), Diagnostic> {
        let rule_fn = self.gen.env.forward_rules[callee].clone();
        let ret = site.sig.ret.clone();
        let params = site.sig.params.iter().flat_map(|t| [t.clone(), t.clone()]).collect();
        let rule_ret = if ret.is_void() { Type::Void } else { Type::strukt(vec![ret.clone(), ret.clone()]) };
        let sig = Signature::new(params, rule_ret);
        let mut primal = None;
        let mut lanes = Vec::new();
        // The parameters through which the ruled function's body touches no float (an index
        // array): a pointer there without a shadow is passed as its own, as Enzyme passes an
        // integer again.
        let module = self.gen.module;
        let no_float = |k: usize| {
            module
                .find_function(callee)
                .is_some_and(|id| module.function(id).attrs.param_has(k, catalase_ir::inst::NO_FLOAT_POINTEE_ATTR))
        };
        // A pointer argument without a shadow the rule would need: as Enzyme does ("Cannot use
        // provided custom derivative pass"), differentiate the ruled function's body instead,
        // when it has one, with a warning.
        let unshadowed = site.args.iter().enumerate().any(|(k, a)| {
            let ty = self.src.dfg.value_type(*a);
            !ty.has_float() && ty.is_ptr() && self.s(*a).is_none() && !no_float(k)
        });
        if unshadowed {
            if let Some(id) = module.find_function(callee).filter(|&id| !module.function(id).is_declaration()) {
                let kind = CallKind::Defined(id);
                let active: Vec<bool> = site.args.iter().map(|a| self.is_active_arg(*a, &kind)).collect();
                let res_shadowed = site.result.is_some_and(|r| self.shadows.has(r));
                let warning = self.locate(
                    Diagnostic::warning(
                        DiagKind::CallingError,
                        format!("the forward rule `{rule_fn}` of `{callee}` is not used here: a pointer argument has no shadow; the body of `{callee}` is differentiated instead"),
                    )
                    .in_function(&self.src.name)
                    .with_help("pass that pointer with enzyme_dup to use the rule"),
                );
                self.gen.warnings.push(warning);
                return self.emit_nested(site, id, &active, res_shadowed);
            }
        }
        for l in 0..self.width() {
            let mut args = Vec::new();
            for (k, a) in site.args.iter().enumerate() {
                let ty = self.src.dfg.value_type(*a).clone();
                args.push(self.p(*a));
                if ty.has_float() {
                    args.push(self.s_or_zero(*a)[l]);
                } else if ty.is_ptr() {
                    match self.s(*a) {
                        Some(s) => args.push(s[l]),
                        None if no_float(k) => args.push(self.p(*a)),
                        None => {
                            return Err(self.error(
                                DiagKind::CallingError,
                                format!("the forward rule `{rule_fn}` needs a shadow for a pointer argument that has none"),
                                "pass that pointer with enzyme_dup, or do not use a custom rule for this call",
                            ))
                        }
                    }
                } else {
                    args.push(self.p(*a));
                }
            }
            let r = self.emit_call_with(site, Callee::Direct(rule_fn.clone()), sig.clone(), args, AttrList::default());
            if let Some(r) = r {
                let (p, t) = self.ins(|b| (b.extract_value(r, vec![0]), b.extract_value(r, vec![1])));
                primal.get_or_insert(p);
                lanes.push(t);
            }
        }
        if let (Some(res), Some(p)) = (site.result, primal) {
            self.set_primal(res, p);
            if self.shadows.has(res) {
                self.set_shadow(res, lanes);
            }
        }
        Ok(())
    }

    /// A call of a defined function becomes a call of its derivative.
    fn emit_nested(&mut self, site: &CallSite, id: catalase_ir::FuncId, active: &[bool], res_shadowed: bool) -> Result<(), Diagnostic> {
        let (primal, lanes) = self.nested_call(site, id, active, res_shadowed)?;
        if let (Some(res), Some(p)) = (site.result, primal) {
            self.set_primal(res, p);
            if let Some(l) = lanes {
                self.set_shadow(res, l);
            }
        }
        Ok(())
    }

    /// Call the derivative of `id` for this call site; returns (primal result, tangent lanes).
    fn nested_call(
        &mut self,
        site: &CallSite,
        id: catalase_ir::FuncId,
        active: &[bool],
        res_shadowed: bool,
    ) -> Result<(Option<Value>, Option<Vec<Value>>), Diagnostic> {
        let callee = self.gen.module.function(id);
        // A variadic function called with its fixed parameters only (libstdc++'s std::visit
        // calls `[](auto&& v, ...) { return v; }` so) is differentiated as a fixed-arity one;
        // nothing can be read with va_arg.
        if site.args.len() != callee.sig.params.len() {
            return Err(self.error(
                DiagKind::Unsupported,
                format!("cannot differentiate a call of the variadic function `{}` with active arguments", callee.name),
                "pass a fixed-arity function, or mark this call's function inactive",
            ));
        }
        // A pointer whose shadow may be its primal standing in is passed as such, and a callee
        // that may reach stand-ins in shadow memory is told so: its derivative guards them.
        let act = |(a, on): (&Value, &bool)| match on {
            true if self.shadows.is_mixed(*a) => ArgActivity::DupMixed,
            true => ArgActivity::Dup,
            false => ArgActivity::Const,
        };
        let req = Request {
            function: callee.name.clone(),
            args: site.args.iter().zip(active).map(act).collect(),
            width: self.req.width,
            mode: Mode::Forward { return_primal: true, return_tangent: res_shadowed },
            standins: self.shadows.call_reaches_standins(site.inst),
            strong_zero: self.req.strong_zero,
            fp80_clean: self.shadows.call_fp80_clean(site.inst),
        };
        let name = self.gen.request(req.clone())?;
        let sig = derivative_signature(&callee.sig, &req);
        let mut args = Vec::new();
        let mut attrs = AttrList::default();
        for (i, a) in site.args.iter().enumerate() {
            let byval: Vec<_> = site.attrs.param(i).iter().filter(|x| x.name == "byval").cloned().collect();
            args.push(self.p(*a));
            attrs.params.push(byval.clone());
            if active[i] {
                let lanes = self.s(*a).expect("active argument has a shadow");
                let ty = self.src.dfg.value_type(*a).clone();
                args.push(self.pack_lanes(&lanes, &ty));
                attrs.params.push(if self.req.width == 1 { byval } else { vec![] });
            }
        }
        let r = self.emit_call_with(site, Callee::Direct(name), sig, args, attrs);
        let Some(r) = r else { return Ok((None, None)) };
        let ret_ty = callee.sig.ret.clone();
        if super::returns_tangent(&ret_ty, &req) {
            let (p, t) = self.ins(|b| (b.extract_value(r, vec![0]), b.extract_value(r, vec![1])));
            let lanes = self.unpack_lanes(t);
            Ok((Some(p), Some(lanes)))
        } else {
            Ok((Some(r), None))
        }
    }

    /// An indirect call with active arguments: compare the pointer with every address-taken
    /// function of the same type and call the matching one's derivative; an unknown target
    /// traps rather than dropping derivatives.
    fn emit_indirect(&mut self, site: &CallSite, active: &[bool], res_shadowed: bool) -> Result<bool, Diagnostic> {
        let Callee::Indirect(fp) = site.callee else { return Ok(false) };
        let candidates: Vec<catalase_ir::FuncId> = self
            .gen
            .env
            .indirect_targets
            .iter()
            .filter_map(|n| self.gen.module.find_function(n))
            .filter(|id| {
                let f = self.gen.module.function(*id);
                !f.is_declaration() && !f.sig.variadic && f.sig.params == site.sig.params && f.sig.ret == site.sig.ret
            })
            .collect();
        if candidates.is_empty() {
            return Ok(false);
        }
        let fp = self.p(fp);
        let ret = site.sig.ret.clone();
        let join = self.new_block();
        let primal_param = (!ret.is_void()).then(|| self.out.dfg.append_block_param(join, ret.clone()));
        let lane_params: Option<Vec<Value>> = (res_shadowed && !ret.is_void())
            .then(|| (0..self.width()).map(|_| self.out.dfg.append_block_param(join, ret.clone())).collect());
        for id in candidates {
            let name = self.gen.module.function(id).name.clone();
            let address = self.gen.env.address_of(&name).to_string();
            let (hit, next) = (self.new_block(), self.new_block());
            self.ins(|b| {
                let addr = b.global_addr(&address);
                let same = b.icmp(catalase_ir::opcodes::IntCC::Eq, fp, addr);
                b.condbr(same, BlockCall::new(hit, vec![]), BlockCall::new(next, vec![]));
            });
            self.pos = Position::End(hit);
            let (p, lanes) = self.nested_call(site, id, active, res_shadowed)?;
            let mut args: Vec<Value> = p.into_iter().collect();
            if lane_params.is_some() {
                match lanes {
                    Some(l) => args.extend(l),
                    None => {
                        let z = self.ins(|b| b.zero(ret.clone()));
                        args.extend(std::iter::repeat_n(z, self.width()));
                    }
                }
            }
            self.ins(|b| b.br(join, args));
            self.pos = Position::End(next);
        }
        if active.iter().any(|a| *a) {
            // Active arguments reaching a target Catalase cannot see would lose their tangents.
            self.ins(|b| {
                b.call_named("llvm.trap", Signature::new(vec![], Type::Void), vec![]);
                b.unreachable();
            });
        } else {
            // No active argument (the call is here because a candidate moves derivatives through
            // globals): any other target runs as in the primal, with a zero tangent.
            let p = self.unmapped_primal_call(site, fp);
            let mut args: Vec<Value> = p.into_iter().collect();
            if lane_params.is_some() {
                let z = self.ins(|b| b.zero(ret.clone()));
                args.extend(std::iter::repeat_n(z, self.width()));
            }
            self.ins(|b| b.br(join, args));
        }
        self.pos = Position::End(join);
        if let (Some(res), Some(p)) = (site.result, primal_param) {
            self.set_primal(res, p);
            if let Some(l) = lane_params {
                self.set_shadow(res, l);
            }
        }
        Ok(true)
    }

    /// A new block placed after the current one.
    fn new_block(&mut self) -> catalase_ir::Block {
        let here = self.ins(|b| b.current_block());
        let nb = self.out.dfg.make_block();
        self.out.layout.insert_block_after(nb, here);
        nb
    }
}

/// `len`, or zero where `shadow` is `primal` standing in (`primal` given: a mixed pointer).
fn unless_standing_in(b: &mut catalase_ir::Builder, primal: Option<Value>, shadow: Value, len: Value) -> Value {
    let Some(primal) = primal else { return len };
    let same = b.icmp(IntCC::Eq, shadow, primal);
    let zero = b.zero(b.value_type(len));
    b.select(same, zero, len)
}
