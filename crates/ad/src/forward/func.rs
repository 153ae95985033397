//! Cloning one function into its forward derivative: the primal instructions are copied in
//! order and each instruction with a shadow gets its tangent lanes right after it. Block
//! parameters with shadows get shadow parameters (one per lane) right after them.

use std::collections::HashMap;

use catalase_ir::builder::{Builder, Position};
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::{Linkage, ValueDef};
use catalase_ir::inst::{BlockCall, InstData};
use catalase_ir::opcodes::{BinaryOp, Flag, Flags, RmwOp};
use catalase_ir::{printer, Block, Const, Function, Inst, Type, Value};

use super::{derivative_signature, lanes_type, return_type, returns_tangent};
use crate::activity::{self, Shadows};
use crate::generator::Generator;
use crate::loop_hints;
use crate::request::Request;
use crate::rules;
use crate::standin::{self, ShadowAccess, ShadowUse};

/// The state of one derivative being emitted.
pub(super) struct FnCtx<'g, 'a> {
    pub gen: &'g mut Generator<'a>,
    pub src: &'a Function,
    pub req: Request,
    pub shadows: Shadows,
    pub out: Function,
    /// Source value → primal value in `out`.
    vmap: HashMap<Value, Value>,
    /// Source value → its shadow lanes in `out`.
    smap: HashMap<Value, Vec<Value>>,
    bmap: HashMap<Block, Block>,
    pub pos: Position,
    /// The source instruction being emitted (for diagnostics and locations).
    pub cur: Option<Inst>,
    /// `sin`/`cos` calls emitted ahead of their place for a partner's tangent (`partner`).
    pub(super) hoisted: super::partner::Hoisted,
    /// How many shadow stack slots were padded (`memory::slot_padding`).
    pub(super) padded_slots: u64,
}

impl<'g, 'a> FnCtx<'g, 'a> {
    pub fn emit(gen: &'g mut Generator<'a>, req: &Request, name: &str) -> Result<Function, Diagnostic> {
        let module = gen.module;
        let id = module.find_function(&req.function).expect("request validated");
        let src = module.function(id);
        // Blocks reachable from the entry, in reverse post-order (definitions before uses).
        let order = catalase_analysis::cfg::analyse(src)
            .map_err(|e| Diagnostic::error(DiagKind::Internal, format!("control flow of `{}`: {e}", src.name)))?
            .rpo()
            .to_vec();
        let shadows = activity::analyse(gen, src, &req.args, returns_tangent(&src.sig.ret, req), req.standins, req.fp80_clean)?;
        let sig = derivative_signature(&src.sig, req);
        let mut out = Function::with_entry(name, sig);
        out.linkage = Linkage::Internal;
        out.attrs = derivative_attrs(src, req);
        let entry = out.entry_block().expect("entry");
        let mut ctx = FnCtx {
            gen,
            src,
            req: req.clone(),
            shadows,
            out,
            vmap: HashMap::new(),
            smap: HashMap::new(),
            bmap: HashMap::new(),
            pos: Position::End(entry),
            cur: None,
            padded_slots: 0,
            hoisted: Default::default(),
        };
        ctx.map_entry(entry);
        ctx.create_blocks(&order);
        for &b in &order {
            ctx.emit_block(b)?;
        }
        Ok(ctx.out)
    }

    pub fn width(&self) -> usize {
        self.req.width as usize
    }

    /// Run `f` with a builder at the current position.
    pub fn ins<R>(&mut self, f: impl FnOnce(&mut Builder) -> R) -> R {
        let loc = self.cur.and_then(|i| self.src.dfg.insts[i].loc.clone());
        let mut b = match self.pos {
            Position::End(blk) => Builder::at_end(&mut self.out, blk),
            Position::Before(i) => Builder::before(&mut self.out, i),
        };
        b.loc = loc;
        let r = f(&mut b);
        self.pos = b.position();
        r
    }

    fn map_entry(&mut self, entry: Block) {
        let src_entry = self.src.entry_block().expect("definition has an entry");
        self.bmap.insert(src_entry, entry);
        let params: Vec<Value> = self.out.params().to_vec();
        let mut k = 0;
        for (i, p) in self.src.params().iter().enumerate() {
            self.vmap.insert(*p, params[k]);
            k += 1;
            if self.req.args[i].has_shadow() {
                let packed = params[k];
                k += 1;
                let lanes = self.unpack_lanes(packed);
                self.smap.insert(*p, lanes);
            }
        }
    }

    fn create_blocks(&mut self, order: &[Block]) {
        let src_entry = self.src.entry_block().expect("entry");
        for &b in order {
            if b == src_entry {
                continue;
            }
            let nb = self.out.dfg.make_block();
            self.out.layout.append_block(nb);
            self.bmap.insert(b, nb);
            for &p in self.src.dfg.block_params(b) {
                let ty = self.src.dfg.value_type(p).clone();
                let np = self.out.dfg.append_block_param(nb, ty.clone());
                self.vmap.insert(p, np);
                if self.shadows.has(p) {
                    let lanes = (0..self.width()).map(|_| self.out.dfg.append_block_param(nb, ty.clone())).collect();
                    self.smap.insert(p, lanes);
                }
            }
        }
    }

    fn emit_block(&mut self, b: Block) -> Result<(), Diagnostic> {
        self.pos = Position::End(self.bmap[&b]);
        for inst in self.src.layout.block_insts(b) {
            self.cur = Some(inst);
            self.emit_inst(inst).map_err(|d| self.locate(d))?;
        }
        Ok(())
    }

    // ----- values -----

    /// The primal of a source value in the derivative.
    pub fn p(&mut self, v: Value) -> Value {
        if let Some(n) = self.vmap.get(&v) {
            return *n;
        }
        let data = &self.src.dfg.values[v];
        let n = match &data.def {
            ValueDef::Const(c) => self.out.dfg.make_const(data.ty.clone(), c.clone()),
            // A use of a value whose definition was not emitted: only in unreachable code.
            _ => self.out.dfg.make_const(data.ty.clone(), Const::Undef),
        };
        self.vmap.insert(v, n);
        n
    }

    /// The primal of a source value already emitted, if it was.
    pub(super) fn primal_if_emitted(&self, v: Value) -> Option<Value> {
        self.vmap.get(&v).copied()
    }

    /// The shadow lanes of a source value, if it has a shadow.
    pub fn s(&mut self, v: Value) -> Option<Vec<Value>> {
        if let Some(l) = self.smap.get(&v) {
            return Some(l.clone());
        }
        if let ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison) = &self.src.dfg.values[v].def {
            if self.src.dfg.value_type(v).is_ptr_or_vector() {
                let ty = self.src.dfg.value_type(v).clone();
                let null = self.out.dfg.make_const(ty, Const::Null);
                return Some(vec![null; self.width()]);
            }
        }
        if let ValueDef::Const(c @ Const::Aggregate(_)) = &self.src.dfg.values[v].def {
            if self.src.dfg.value_type(v).is_ptr_or_vector() {
                return self.vector_of_shadow_globals(v, c);
            }
        }
        if let ValueDef::Const(c @ Const::Global(_)) = &self.src.dfg.values[v].def {
            if self.shadows.has(v) {
                return self.lanes_of_shadow_globals(v, &c.clone());
            }
        }
        None
    }

    /// The shadow lanes of a constant global address, or of a constant vector of them: each
    /// lane its own shadow globals (made zero-filled by the LLVM boundary; see
    /// `Generator::note_shadow_global_lanes`), so that lanes never write one another's memory.
    fn lanes_of_shadow_globals(&mut self, v: Value, c: &Const) -> Option<Vec<Value>> {
        activity::shadow_const(self.gen.module, c)?;
        let ty = self.src.dfg.value_type(v).clone();
        let lanes: Vec<Value> = (0..self.width())
            .map(|lane| {
                let shadow = self.lane_shadow_const(c, lane);
                self.out.dfg.make_const(ty.clone(), shadow)
            })
            .collect();
        self.smap.insert(v, lanes.clone());
        Some(lanes)
    }

    /// Lane `lane` of the shadow of a constant `activity::shadow_const` accepts.
    fn lane_shadow_const(&mut self, c: &Const, lane: usize) -> Const {
        match c {
            Const::Global(name) => {
                let mut names = self.gen.note_shadow_global_lanes(name, self.req.width, false);
                Const::Global(names.swap_remove(lane))
            }
            Const::Aggregate(items) => Const::Aggregate(items.iter().map(|i| self.lane_shadow_const(i, lane)).collect()),
            _ => Const::Null,
        }
    }

    /// The shadow of a constant vector of global addresses: the vector of their shadows.
    fn vector_of_shadow_globals(&mut self, v: Value, c: &Const) -> Option<Vec<Value>> {
        if !self.shadows.has(v) {
            return None;
        }
        self.lanes_of_shadow_globals(v, c)
    }

    /// The shadow lanes to pass on as a value, or zero of the value's type. A pointer without a
    /// shadow stands in as its own shadow ([`ShadowUse::Propagate`]); what it flows into is
    /// `mixed`, and memory accesses through it follow [`crate::standin`]. Never use these lanes
    /// to touch memory without asking [`FnCtx::shadow_access`].
    pub fn s_or_zero(&mut self, v: Value) -> Vec<Value> {
        match self.s(v) {
            Some(l) => l,
            None if self.src.dfg.value_type(v).is_ptr_or_vector() => {
                debug_assert_eq!(self.shadow_access(v, ShadowUse::Propagate), ShadowAccess::StandIn);
                vec![self.p(v); self.width()]
            }
            None => {
                let ty = self.src.dfg.value_type(v).clone();
                let z = self.out.dfg.make_const(ty, Const::Zero);
                vec![z; self.width()]
            }
        }
    }

    /// How `use_` reaches the shadow of pointer `v` (the stand-in policy, [`crate::standin`]).
    pub fn shadow_access(&mut self, v: Value, use_: ShadowUse) -> ShadowAccess {
        let has = self.s(v).is_some();
        standin::shadow_access(has, self.shadows.is_mixed(v), use_)
    }

    /// The error for an access the stand-in policy refuses.
    pub fn stand_in_refused(&self) -> Diagnostic {
        self.error(
            DiagKind::Unsupported,
            "a pointer argument may point to active or to inactive memory (it merges a pointer passed with enzyme_dup and one without a shadow)",
            "pass every pointer that can reach this instruction with enzyme_dup, with its own shadow buffer",
        )
    }

    /// Tangent lanes of a rule operand, `None` per lane when it has none; integer operands
    /// (powi's exponent), whose shadows are raw bits, carry no tangent.
    pub fn tangent_opts(&mut self, v: Value) -> Vec<Option<Value>> {
        match self.s(v) {
            Some(l) if self.src.dfg.value_type(v).has_float() => l.into_iter().map(Some).collect(),
            _ => vec![None; self.width()],
        }
    }

    /// Whether the shadow lanes of a (non-constant) source value were emitted.
    pub fn has_lanes(&self, v: Value) -> bool {
        self.smap.contains_key(&v)
    }

    pub fn set_shadow(&mut self, v: Value, lanes: Vec<Value>) {
        self.smap.insert(v, lanes);
    }
    pub fn set_primal(&mut self, v: Value, n: Value) {
        self.vmap.insert(v, n);
    }

    /// Split a packed `[N x T]` argument into lanes (width 1: the value itself).
    pub fn unpack_lanes(&mut self, packed: Value) -> Vec<Value> {
        if self.width() == 1 {
            return vec![packed];
        }
        let n = self.width();
        self.ins(|b| (0..n).map(|l| b.extract_value(packed, vec![l as u32])).collect())
    }

    /// Pack lanes into `[N x T]` (width 1: the lane itself).
    pub fn pack_lanes(&mut self, lanes: &[Value], ty: &Type) -> Value {
        if self.width() == 1 {
            return lanes[0];
        }
        let arr = lanes_type(ty, self.req.width);
        self.ins(|b| {
            let mut acc = b.undef(arr);
            for (l, v) in lanes.iter().enumerate() {
                acc = b.insert_value(acc, *v, vec![l as u32]);
            }
            acc
        })
    }

    /// A stack slot in the derivative's entry block (outside any loop).
    pub fn entry_alloca(&mut self, ty: Type, align: u32) -> Value {
        let entry = self.out.entry_block().expect("entry");
        let first = self.out.layout.first_inst(entry);
        let mut b = match first {
            Some(i) => Builder::before(&mut self.out, i),
            None => Builder::at_end(&mut self.out, entry),
        };
        let one = b.iconst(Type::I32, 1);
        b.alloca(ty, one, align)
    }

    // ----- diagnostics -----

    pub fn error(&self, kind: DiagKind, msg: impl Into<String>, help: &str) -> Diagnostic {
        self.locate(Diagnostic::error(kind, msg).in_function(&self.src.name).with_help(help))
    }

    /// `d` at the current source instruction, unless it names one already (a refusal of a
    /// callee's request names the function; the call that asked is where the user looks).
    pub fn locate(&self, d: Diagnostic) -> Diagnostic {
        match self.cur {
            // An instruction without a debug location (merged by LLVM) in a function with one:
            // the function's line is the closest the user gets.
            Some(i) => d.or_at(&self.src.name, printer::print_inst(self.src, i), self.src.dfg.insts[i].loc.clone().or_else(|| self.src.loc.clone())),
            None => d,
        }
    }

    // ----- instructions -----

    /// Copy the current source instruction into the derivative with mapped operands.
    /// Returns the new instruction; records the primal result.
    pub fn clone_primal(&mut self, inst: Inst) -> Inst {
        let mut data = self.src.dfg.inst(inst).clone();
        data.map_values(|v| self.p(v));
        let src = self.src;
        let new = self.ins(|b| b.build_like(data, src, inst));
        if let (Some(r), Some(nr)) = (self.src.dfg.result(inst), self.out.dfg.result(new)) {
            self.vmap.insert(r, nr);
        }
        new
    }

    fn emit_inst(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let data = self.src.dfg.inst(inst).clone();
        if data.is_terminator() && !matches!(data, InstData::Invoke { .. }) {
            return self.emit_terminator(inst, &data);
        }
        match &data {
            InstData::Call { .. } | InstData::Invoke { .. } => return self.emit_call(inst),
            InstData::Alloca { .. } => return self.emit_alloca(inst),
            InstData::Load { .. } => return self.emit_load(inst),
            InstData::Store { .. } => return self.emit_store(inst),
            _ => {}
        }
        self.clone_primal(inst);
        let Some(result) = self.src.dfg.result(inst) else { return Ok(()) };
        let ty = self.src.dfg.value_type(result).clone();
        if !self.shadows.has(result) {
            // An atomic whose old value has no tangent (a double exchanged as `i64` bits) still
            // writes its value's tangent into shadow memory.
            if let InstData::AtomicRmw { op, args, .. } = &data {
                if self.s(args[0]).is_some() && self.s(args[1]).is_some() {
                    // Its old value would need a tangent the analysis did not give it.
                    let used = self.src.layout.blocks().flat_map(|b| self.src.layout.block_insts(b)).any(|i| {
                        let d = self.src.dfg.inst(i);
                        d.operands().contains(&result) || d.successors().iter().any(|bc| bc.args.contains(&result))
                    });
                    if used {
                        return Err(self.error(
                            DiagKind::Unsupported,
                            format!("`atomicrmw {op}` moves a floating-point value as the integer type {ty}, and forward mode does not carry the tangent of its old value yet"),
                            "exchange the value with its floating-point type, or with a plain load and store",
                        ));
                    }
                    self.structural_lanes(&data, &ty)?;
                }
            }
            return Ok(());
        }
        let lanes = match &data {
            InstData::Binary { op, args } if op.is_float() => self.rule_lanes(op.name(), inst, args, &ty)?,
            InstData::Unary { op: catalase_ir::opcodes::UnaryOp::FNeg, arg } => {
                self.rule_lanes("fneg", inst, &[*arg], &ty)?
            }
            InstData::Binary { op, args } => {
                if let Some(why) = crate::float_bits::cuts_float_bits(self.src, &data) {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        format!("cannot differentiate {why}: the result is a new number, not a move of the float's bits"),
                        "compute it with floating-point operations (`frexp`, `ldexp`, `fabs`, `copysign`) instead of integer bit masks",
                    ));
                }
                self.bitwise_lanes(*op, args)
            }
            _ => self.structural_lanes(&data, &ty)?,
        };
        self.smap.insert(result, lanes);
        Ok(())
    }

    /// Tangent lanes of an instruction with a rule-table row.
    fn rule_lanes(&mut self, opcode: &str, inst: Inst, args: &[Value], ty: &Type) -> Result<Vec<Value>, Diagnostic> {
        let Some(rule) = rules::instruction(opcode) else {
            return Err(self.error(DiagKind::Unsupported, format!("no derivative rule for `{opcode}`"), "please report this"));
        };
        let pargs: Vec<Value> = args.iter().map(|a| self.p(*a)).collect();
        let result = self.src.dfg.result(inst).map(|r| self.p(r));
        let tans: Vec<Vec<Option<Value>>> = args.iter().map(|a| self.tangent_opts(*a)).collect();
        Ok(self.apply_rule(rule, ty, pargs, result, &tans))
    }

    /// `Σ ∂ᵢ·ṫᵢ` per lane for a rule; zero lanes where no term remains.
    pub fn apply_rule(
        &mut self,
        rule: &rules::Rule,
        ty: &Type,
        pargs: Vec<Value>,
        result: Option<Value>,
        tans: &[Vec<Option<Value>>],
    ) -> Vec<Value> {
        let width = self.width();
        let ty = ty.clone();
        let flags = self.cur.map_or(Flags::NONE, |i| self.src.dfg.insts[i].flags.fast_math());
        let strong_zero = self.req.strong_zero;
        self.ins(|b| {
            let lanes: Vec<Vec<Option<Value>>> = (0..width).map(|l| tans.iter().map(|t| t[l]).collect()).collect();
            let results = result.into_iter().collect();
            let mut sink = crate::sink::IrSink { b: &mut *b, ty: ty.clone(), args: pargs, results, flags };
            let tangents = rules::tangent_lanes(rule, &mut sink, &lanes, strong_zero);
            tangents.into_iter().map(|mut outs| outs.swap_remove(0).unwrap_or_else(|| b.zero(ty.clone()))).collect()
        })
    }

    /// Shadow bits moved by shifts and `or` (floats packed into integers).
    fn bitwise_lanes(&mut self, op: BinaryOp, args: &[Value; 2]) -> Vec<Value> {
        if matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::And) {
            return self.address_lanes(op, args);
        }
        let a = self.s_or_zero(args[0]);
        let (b_lanes, amount) = match op {
            BinaryOp::Shl | BinaryOp::LShr => (None, Some(self.p(args[1]))),
            _ => (Some(self.s_or_zero(args[1])), None),
        };
        let width = self.width();
        self.ins(|b| {
            (0..width)
                .map(|l| match (amount, &b_lanes) {
                    (Some(k), _) => b.binary(op, a[l], k),
                    (None, Some(bl)) => b.binary(op, a[l], bl[l]),
                    _ => unreachable!(),
                })
                .collect()
        })
    }

    /// Integer address arithmetic: the shadowed operand's shadow combined with the other
    /// operand's primal (an offset, a count of bytes, an alignment mask).
    fn address_lanes(&mut self, op: BinaryOp, args: &[Value; 2]) -> Vec<Value> {
        let (base, other, base_first) = match self.s(args[0]) {
            Some(sa) => (sa, self.p(args[1]), true),
            None => (self.s_or_zero(args[1]), self.p(args[0]), false),
        };
        self.ins(|b| {
            base.iter()
                .map(|s| if base_first { b.binary(op, *s, other) } else { b.binary(op, other, *s) })
                .collect()
        })
    }

    /// Instructions whose tangent is the same operation on shadows.
    fn structural_lanes(&mut self, data: &InstData, ty: &Type) -> Result<Vec<Value>, Diagnostic> {
        let width = self.width();
        let mut lanes = Vec::with_capacity(width);
        for l in 0..width {
            let v = match data {
                InstData::Unary { op, arg } => {
                    let s = self.s_or_zero(*arg)[l];
                    self.ins(|b| b.unary(*op, s))
                }
                InstData::Cast { op, arg } => {
                    let s = self.s_or_zero(*arg)[l];
                    self.ins(|b| b.cast(*op, s, ty.clone()))
                }
                InstData::Select { args } => {
                    let c = self.p(args[0]);
                    let t = self.s_or_zero(args[1])[l];
                    let e = self.s_or_zero(args[2])[l];
                    self.ins(|b| b.select(c, t, e))
                }
                InstData::ExtractElement { args } => {
                    let s = self.s_or_zero(args[0])[l];
                    let i = self.p(args[1]);
                    self.ins(|b| b.extract_element(s, i))
                }
                InstData::InsertElement { args } => {
                    let s = self.s_or_zero(args[0])[l];
                    let e = self.s_or_zero(args[1])[l];
                    let i = self.p(args[2]);
                    self.ins(|b| b.insert_element(s, e, i))
                }
                InstData::Shuffle { args, mask } => {
                    let a = self.s_or_zero(args[0])[l];
                    let c = self.s_or_zero(args[1])[l];
                    self.ins(|b| b.shuffle(a, c, mask.clone()))
                }
                InstData::ExtractValue { arg, indices } => {
                    let s = self.s_or_zero(*arg)[l];
                    self.ins(|b| b.extract_value(s, indices.clone()))
                }
                InstData::InsertValue { args, indices } => {
                    let s = self.s_or_zero(args[0])[l];
                    let e = self.s_or_zero(args[1])[l];
                    self.ins(|b| b.insert_value(s, e, indices.clone()))
                }
                InstData::PtrAdd { args } => {
                    let s = self.s_or_zero(args[0])[l];
                    let off = self.p(args[1]);
                    let inbounds = self.cur.map(|i| self.src.dfg.insts[i].flags.has(Flag::InBounds)).unwrap_or(false);
                    self.ins(|b| {
                        let v = b.ptradd(s, off);
                        if inbounds {
                            let i = b.func.dfg.def_inst(v).expect("ptradd result");
                            b.set_flags(i, catalase_ir::opcodes::Flags::NONE.with(Flag::InBounds));
                        }
                        v
                    })
                }
                InstData::AtomicRmw { op, args, ordering } => {
                    if !matches!(op, RmwOp::FAdd | RmwOp::FSub | RmwOp::Xchg) {
                        return Err(self.error(
                            DiagKind::Unsupported,
                            format!("cannot differentiate `atomicrmw {op}` on active memory"),
                            "keep float atomics to fadd, fsub or xchg",
                        ));
                    }
                    // fadd/fsub accumulate into the shadow; xchg writes it.
                    let p = match self.shadow_access(args[0], ShadowUse::Accumulate) {
                        ShadowAccess::Own => self.s_or_zero(args[0])[l],
                        ShadowAccess::Guarded => {
                            let (sp, pp) = (self.s_or_zero(args[0])[l], self.p(args[0]));
                            let scratch = self.entry_alloca(ty.clone(), ty.align() as u32);
                            self.ins(|b| {
                                let same = b.icmp(catalase_ir::opcodes::IntCC::Eq, sp, pp);
                                b.select(same, scratch, sp)
                            })
                        }
                        _ => return Err(self.stand_in_refused()),
                    };
                    let v = self.s_or_zero(args[1])[l];
                    let (op, ordering) = (*op, *ordering);
                    self.ins(|b| b.build_value(InstData::AtomicRmw { op, args: [p, v], ordering }, ty.clone()))
                }
                other => {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        format!("cannot differentiate `{}`", other.opcode_name()),
                        "this instruction is not supported by forward mode yet; mark the function inactive if its result does not depend on the inputs",
                    ))
                }
            };
            lanes.push(v);
        }
        Ok(lanes)
    }

    // ----- terminators -----

    /// A branch target in the derivative: the mapped block with primal and shadow arguments.
    pub fn map_block_call(&mut self, bc: &BlockCall) -> BlockCall {
        let mut args = Vec::new();
        let params: Vec<Value> = self.src.dfg.block_params(bc.block).to_vec();
        for (a, p) in bc.args.iter().zip(params) {
            args.push(self.p(*a));
            if self.shadows.has(p) {
                args.extend(self.s_or_zero(*a));
            }
        }
        BlockCall::new(self.bmap[&bc.block], args)
    }

    fn emit_terminator(&mut self, inst: Inst, data: &InstData) -> Result<(), Diagnostic> {
        let flags = self.src.dfg.insts[inst].flags;
        let new = match data {
            InstData::Ret { arg } => self.build_return(*arg),
            InstData::Br { dest } => {
                let dest = self.map_block_call(dest);
                InstData::Br { dest }
            }
            InstData::CondBr { cond, then_dest, else_dest } => {
                let cond = self.p(*cond);
                let then_dest = self.map_block_call(then_dest);
                let else_dest = self.map_block_call(else_dest);
                InstData::CondBr { cond, then_dest, else_dest }
            }
            InstData::Switch { arg, default, cases } => {
                let arg = self.p(*arg);
                let default = self.map_block_call(default);
                let cases = cases.iter().map(|(k, bc)| (*k, self.map_block_call(bc))).collect();
                InstData::Switch { arg, default, cases }
            }
            InstData::Unreachable => InstData::Unreachable,
            InstData::Resume { arg } => InstData::Resume { arg: self.p(*arg) },
            other => {
                return Err(self.error(DiagKind::Unsupported, format!("unexpected terminator `{}`", other.opcode_name()), "please report this"))
            }
        };
        let hints = loop_hints::of_derivative(&self.src.dfg.insts[inst].loop_hints, self.width());
        self.ins(|b| {
            let i = b.build(new, Type::Void);
            b.set_flags(i, flags);
            b.func.dfg.insts[i].loop_hints = hints;
        });
        Ok(())
    }

    fn build_return(&mut self, arg: Option<Value>) -> InstData {
        let ret_ty = self.src.sig.ret.clone();
        let out_ty = return_type(&ret_ty, &self.req);
        let Some(v) = arg else { return InstData::Ret { arg: None } };
        let primal = self.p(v);
        let want_primal = self.req.mode.returns_primal();
        let want_tangent = returns_tangent(&ret_ty, &self.req);
        let tangent = if want_tangent {
            let lanes = self.s_or_zero(v);
            Some(self.pack_lanes(&lanes, &ret_ty))
        } else {
            None
        };
        let value = match (want_primal, tangent) {
            (false, None) => None,
            (true, None) => Some(primal),
            (false, Some(t)) => Some(t),
            (true, Some(t)) => Some(self.ins(|b| {
                let u = b.undef(out_ty);
                let s = b.insert_value(u, primal, vec![0]);
                b.insert_value(s, t, vec![1])
            })),
        };
        InstData::Ret { arg: value }
    }
}

/// Attributes of the derivative: the primal's parameter attributes that matter for the
/// calling convention (`byval`) on primal and shadow parameters; nothing else.
fn derivative_attrs(src: &Function, req: &Request) -> catalase_ir::inst::AttrList {
    let mut attrs = catalase_ir::inst::AttrList { func: crate::codegen_attrs::inherited(src), ..Default::default() };
    for (i, act) in req.args.iter().enumerate() {
        let keep: Vec<_> = src.attrs.param(i).iter().filter(|a| a.name == "byval").cloned().collect();
        attrs.params.push(keep.clone());
        if act.has_shadow() {
            attrs.params.push(if req.width == 1 { keep } else { vec![] });
        }
    }
    attrs
}
