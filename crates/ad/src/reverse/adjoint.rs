//! The reverse sweep: for each primal block B (in reverse of the forward order), its reverse
//! block pops what B's instructions pushed, applies their adjoints in reverse order through the
//! rule table (`rules::adjoint_contributions`, the table forward mode's tangents come from),
//! hands the adjoints of B's parameters to the arguments of the edge B was entered by (popping
//! that edge's number when there are several) and branches to the predecessor's reverse block.
//! The entry's reverse block frees the tape and returns the gradients.

use catalase_ir::builder::Position;
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{BlockCall, InstData, MemFlags};
use catalase_ir::opcodes::{CastOp, Flags, FloatCC, UnaryOp};
use catalase_ir::{Block, Const, Inst, Type, Value};

use super::augmented::RevCtx;
use super::tape;
use crate::rules;
use crate::sink::IrSink;

impl RevCtx<'_, '_> {
    pub(super) fn reverse_block(&mut self, b: Block) -> Result<(), Diagnostic> {
        self.pos = Position::End(self.rev[&b]);
        self.restore_arrays(b);
        self.pop_record(b);
        let insts: Vec<Inst> = self.src.layout.block_insts(b).collect();
        for &inst in insts.iter().rev() {
            let term = self.src.dfg.inst(inst);
            if !term.is_terminator() || matches!(term, InstData::Invoke { .. }) {
                self.cur = Some(inst);
                self.adjoint(inst).map_err(|d| self.locate(d))?;
            }
        }
        self.cur = None;
        if Some(b) == self.src.entry_block() {
            self.finish();
        } else {
            self.leave(b);
        }
        Ok(())
    }

    /// The adjoint of one instruction: take its result's adjoint, add the contributions into
    /// its operands' adjoints. A call's parts take every lane at once; other instructions are
    /// emitted once per lane.
    fn adjoint(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        if self.custom_adjoint(inst)? || self.call_adjoint(inst)? {
            return Ok(());
        }
        if let Some((rule, args)) = self.plain_rule(inst)? {
            let result = self.src.dfg.result(inst).expect("an active result");
            // A `sin`/`cos` whose partner's result is at hand takes it, lane by lane.
            if self.partner_of(rule, &args, result).is_none() {
                self.apply_rule(rule, &args, result);
                return Ok(());
            }
        }
        self.each_lane(|c| c.lane_adjoint(inst))
    }

    /// The rule row of an instruction whose adjoint is that row alone (float arithmetic, `fneg`,
    /// a libm or intrinsic call other than a packed complex one), when its result is active.
    fn plain_rule(&self, inst: Inst) -> Result<Option<(&'static rules::Rule, Vec<Value>)>, Diagnostic> {
        if !self.src.dfg.result(inst).is_some_and(|r| self.active(r)) {
            return Ok(None);
        }
        let data = self.data(inst);
        let (opcode, args) = match &data {
            InstData::Binary { op, args } => (op.name(), args.to_vec()),
            InstData::Unary { op: UnaryOp::FNeg, arg } => ("fneg", vec![*arg]),
            InstData::Call { args, .. } => match self.call_kind(&data) {
                Some(crate::calls::CallKind::Rule(rule)) if !crate::forward::packed::is_packed(rule, args.len()) => {
                    return Ok(Some((rule, args.clone())))
                }
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        match rules::instruction(opcode) {
            Some(rule) => Ok(Some((rule, args))),
            None => Err(self.error(DiagKind::Unsupported, format!("no derivative rule for `{opcode}`"), "please report this")),
        }
    }

    /// The adjoint of `inst` in the current lane.
    fn lane_adjoint(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let done = self.memory_adjoint(inst)?;
        let result = self.src.dfg.result(inst).filter(|r| self.active(*r));
        let (false, Some(result)) = (done, result) else { return Ok(()) };
        let dy = self.take_adjoint(result);
        let data = self.data(inst);
        match &data {
            // `freeze` fixes an undefined value; a defined one passes its adjoint on unchanged.
            InstData::Unary { op: UnaryOp::Freeze, arg } => self.accumulate(*arg, dy),
            InstData::Call { args, .. } if matches!(self.call_kind(&data), Some(crate::calls::CallKind::ReduceFAdd | crate::calls::CallKind::ReduceSelect | crate::calls::CallKind::ReduceFMul)) => {
                self.reduction_adjoint(&data, args, result, dy)
            }
            // `{frac, int} = modf(x)`: the fraction moves with x, the integral part is flat.
            // `{m, e} = frexp(x)`: m = x·2^(−e) moves by 2^(−e) = m/x (exact: a power of two),
            // 1 at x = 0 (m = 0, e = 0); e is flat.
            InstData::Call { args, .. } if self.split_float(&data) => {
                let scale = self.frexp_result(result).then(|| (self.p(args[0]), self.p(result)));
                let strong_zero = self.req.strong_zero;
                let d = self.ins(|b| {
                    let d = b.extract_value(dy, vec![0]);
                    let Some((x, r)) = scale else { return d };
                    let m = b.extract_value(r, vec![0]);
                    let ty = b.value_type(x);
                    let (zero, one) = (b.zero(ty.clone()), b.fconst(&ty, 1.0));
                    let at_zero = b.fcmp(FloatCC::Oeq, x, zero);
                    let q = b.fdiv(m, x);
                    let k = b.select(at_zero, one, q);
                    let term = b.fmul(d, k);
                    if !strong_zero {
                        return term;
                    }
                    // frexp(±inf) = (±inf, 0): the scale is NaN there.
                    let d_zero = b.fcmp(FloatCC::Oeq, d, zero);
                    b.select(d_zero, zero, term)
                });
                self.accumulate(args[0], d);
            }
            InstData::Call { args, .. } => {
                let Some(crate::calls::CallKind::Rule(rule)) = self.call_kind(&data) else {
                    unreachable!("`check` admits calls with an adjoint only for rule rows")
                };
                if !self.partner_adjoint(rule, args, result, dy) {
                    self.apply_packed_rule(rule, args, result, dy);
                }
            }
            InstData::ExtractValue { arg, indices } => self.extract_value_adjoint(*arg, indices, dy),
            InstData::InsertValue { args, indices } => self.insert_value_adjoint(*args, indices, dy),
            InstData::Cast { op: CastOp::Bitcast, arg } => self.accumulate(*arg, dy),
            InstData::Cast { op, arg } => {
                let back = if *op == CastOp::FPExt { CastOp::FPTrunc } else { CastOp::FPExt };
                let ty = self.src.dfg.value_type(*arg).clone();
                let d = self.ins(|b| b.cast(back, dy, ty));
                self.accumulate(*arg, d);
            }
            InstData::Select { args } => {
                let c = self.p(args[0]);
                let ty = self.adjoint_type(result).expect("an active result");
                let (t, f) = self.ins(|b| {
                    let zero = super::adjoint_zero(b, &ty);
                    (b.select(c, dy, zero), b.select(c, zero, dy))
                });
                self.accumulate(args[1], t);
                self.accumulate(args[2], f);
            }
            InstData::ExtractElement { args: [v, i] } => self.extract_element_adjoint(*v, *i, dy),
            InstData::InsertElement { args: [v, e, i] } => self.insert_element_adjoint(*v, *e, *i, dy),
            InstData::Shuffle { args, mask } => self.shuffle_adjoint(*args, mask, dy),
            other => unreachable!("`check` refuses `{}` with an adjoint", other.opcode_name()),
        }
        Ok(())
    }

    /// `adj(argᵢ) += ∂ᵢ·ȳ` for the active operands of a rule row, in every lane: each partial
    /// is evaluated once and scaled by each lane's `ȳ`.
    fn apply_rule(&mut self, rule: &rules::Rule, args: &[Value], result: Value) {
        let dys: Vec<Vec<Option<Value>>> = (0..self.width()).map(|l| vec![Some(self.in_lane(l, |c| c.take_adjoint(result)))]).collect();
        let wanted: Vec<bool> = args.iter().map(|a| self.active(*a)).collect();
        // What the row does not read (`Rule::reads`, which planned the tape) may be absent.
        let pargs: Vec<Value> = args.iter().map(|a| self.p_if_available(*a)).collect();
        let r = self.p_if_available(result);
        let ty = self.src.dfg.value_type(result).clone();
        let flags = self.cur.map_or(Flags::NONE, |i| self.src.dfg.insts[i].flags.fast_math());
        let strong_zero = self.cur.is_some_and(|i| self.strong_zero.contains(&i));
        let contributions = self.ins(|b| {
            let mut sink = IrSink { b, ty, args: pargs, results: vec![r], flags };
            rules::adjoint_contributions_lanes(rule, &mut sink, &dys, &wanted, strong_zero)
        });
        for (l, lane) in contributions.into_iter().enumerate() {
            for (a, c) in args.iter().zip(lane) {
                if let Some(c) = c {
                    self.in_lane(l, |x| x.accumulate(*a, c));
                }
            }
        }
    }

    /// Hand the adjoints of `b`'s parameters to the arguments of the edge taken into `b`, and
    /// branch to the reverse of its predecessor.
    fn leave(&mut self, b: Block) {
        let params: Vec<Value> = self.src.dfg.block_params(b).to_vec();
        // Read every parameter's adjoint before adding any (a swap passes them to each other).
        let adjoints: Vec<Vec<Option<Value>>> = (0..self.width())
            .map(|l| {
                self.in_lane(l, |c| params.iter().map(|p| if c.active(*p) { Some(c.take_adjoint(*p)) } else { None }).collect())
            })
            .collect();
        self.pop_counts(b);
        if self.counters.is_counted(b) {
            self.leave_counted(b, &adjoints);
            return;
        }
        let edges = self.edges[&b].clone();
        if edges.len() == 1 {
            self.pass_to_edge(edges[0], &adjoints);
            return;
        }
        let id = self.edge_taken(b);
        let targets: Vec<Block> = edges.iter().map(|_| self.new_block()).collect();
        let cases = targets.iter().enumerate().skip(1).map(|(i, t)| (i as u128, BlockCall::new(*t, vec![]))).collect();
        let default = BlockCall::new(targets[0], vec![]);
        self.ins(|bl| bl.build(InstData::Switch { arg: id, default, cases }, Type::Void));
        for (edge, t) in edges.into_iter().zip(targets) {
            self.pos = Position::End(t);
            self.pass_to_edge(edge, &adjoints);
        }
    }

    /// `adjoints`: per lane, the adjoint of each parameter of the edge's target.
    pub(super) fn pass_to_edge(&mut self, (pred, index): (Block, usize), adjoints: &[Vec<Option<Value>>]) {
        let term = self.src.terminator(pred).expect("terminator");
        let args: Vec<Value> = self.src.dfg.inst(term).successors()[index].args.clone();
        for (l, lane) in adjoints.iter().enumerate() {
            for (a, d) in args.iter().zip(lane) {
                if let Some(d) = d {
                    self.in_lane(l, |c| c.accumulate(*a, *d));
                }
            }
        }
        let rb = self.rev[&pred];
        self.ins(|bl| bl.br(rb, vec![]));
    }

    /// The end of the reverse sweep: free the tape (a combined gradient owns it), return
    /// `{primal?, gradients...}`.
    fn finish(&mut self) {
        let tape = self.tape;
        if self.part == super::Part::Combined {
            let reuse = self.gen.reuse_tape;
            self.ins(|b| tape::release(b, tape, reuse));
        }
        let mut fields = Vec::new();
        if let Some(slot) = self.ret_slot {
            let ty = self.src.sig.ret.clone();
            fields.push(self.ins(|b| b.load(ty, slot, MemFlags::aligned(8))));
        }
        let params: Vec<Value> = self.src.params().to_vec();
        for (p, act) in params.iter().zip(self.req.args.clone()) {
            if !super::returns_gradient(self.src.dfg.value_type(*p), act) {
                continue;
            }
            let ty = self.src.dfg.value_type(*p).clone();
            let lanes: Vec<Value> = (0..self.width())
                .map(|l| {
                    self.in_lane(l, |c| {
                        if !c.active(*p) {
                            return c.out.dfg.make_const(ty.clone(), Const::Zero);
                        }
                        let slot = c.slot(*p);
                        // `+ 0.0` turns the slot's −0.0 (no contribution) into the +0.0 callers print.
                        c.ins(|b| {
                            let g = b.load(ty.clone(), slot, MemFlags::aligned(8));
                            if !super::carries_adjoint(&ty) {
                                return g; // an integer holding a float's bits: returned as it is
                            }
                            let zero = b.zero(ty.clone());
                            super::add_adjoints(b, &ty, g, zero)
                        })
                    })
                })
                .collect();
            let g = self.pack_lanes(&lanes, &ty);
            fields.push(g);
        }
        let ret_ty = self.out.sig.ret.clone();
        self.ins(|b| {
            if fields.is_empty() {
                b.ret(None);
                return;
            }
            let mut acc = b.undef(ret_ty);
            for (i, v) in fields.into_iter().enumerate() {
                acc = b.insert_value(acc, v, vec![i as u32]);
            }
            b.ret(Some(acc));
        });
    }
}
