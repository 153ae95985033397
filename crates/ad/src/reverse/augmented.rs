//! The state of one gradient function being emitted, and its forward sweep: the primal blocks
//! are cloned in reverse post-order; a block entered by several edges gets an extra `i64`
//! parameter (the number of the edge) that it pushes first; after each instruction with an
//! adjoint, the primal values that adjoint reads and the plan caches are pushed. A `ret`
//! stores the primal result, seeds the result's adjoint and branches to the reverse sweep.

use std::collections::HashMap;

use catalase_ir::builder::{Builder, Position};
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::{Linkage, ValueDef};
use catalase_ir::inst::{BlockCall, Callee, InstData, MemFlags};
use catalase_ir::opcodes::{CastOp, UnaryOp};
use catalase_ir::{printer, Block, Const, Function, Inst, Type, Value};

use super::tape::{self, Item, Plan, TapePlan};
use super::{derivative_signature, returns, Part};
use crate::calls::{classify, AllocKind, CallKind};
use crate::activity::{self as shadows, Shadows};
use crate::generator::Generator;
use crate::loop_hints;
use crate::request::{ArgActivity, Request};

/// The state of one gradient being emitted.
pub(super) struct RevCtx<'g, 'a> {
    pub gen: &'g mut Generator<'a>,
    pub src: &'a Function,
    pub req: Request,
    pub shadows: Shadows,
    pub plan: TapePlan,
    pub out: Function,
    /// Source value → primal value in `out`.
    pub(super) vmap: HashMap<Value, Value>,
    /// Cached values popped for the adjoint being emitted (override `vmap`).
    pub popped: HashMap<Value, Value>,
    /// Per lane: source pointer → its shadow in the forward sweep.
    smap: Vec<HashMap<Value, Value>>,
    /// Per lane: cached shadows popped for the adjoint being emitted (override `smap`).
    pub spopped: Vec<HashMap<Value, Value>>,
    /// The lane whose shadows and adjoints are being emitted (width N: `0..N`; see `each_lane`).
    pub lane: usize,
    /// The edge-number parameter of each forward block entered by several edges.
    edge_params: HashMap<Block, Value>,
    pub fwd: HashMap<Block, Block>,
    pub rev: HashMap<Block, Block>,
    /// Incoming edges of each reachable block: (predecessor, successor index), numbered in order.
    pub edges: HashMap<Block, Vec<(Block, usize)>>,
    /// Per lane: adjoint slots of active values.
    slots: Vec<HashMap<Value, Value>>,
    pub tape: Value,
    pub ret_slot: Option<Value>,
    pub order: Vec<Block>,
    /// Blocks of `order` from which every path without an exception edge ends in `unreachable`
    /// (a C++ `throw`: the exception object built, then `__cxa_throw`): the gradient never
    /// returns through them, so calls there with no derivative do not stop it (`doomed_blocks`).
    pub(super) doomed: std::collections::HashSet<Block>,
    pub pos: Position,
    pub cur: Option<Inst>,
    pub part: Part,
    /// What the forward sweep pushes and what it recomputes (`--print=tape`).
    pub tape_log: super::report::TapeLog,
    /// The source block being swept forward, and a description of the next push.
    pub(super) src_block: Option<Block>,
    pub push_note: Option<String>,
    /// Type analysis of the function, made when a copy first needs it.
    pub types: Option<catalase_analysis::types::FunctionTypes>,
    /// The blocks that return, in order (the augmented part pushes which one returned when
    /// there are several).
    pub(super) ret_blocks: Vec<Block>,
    /// What the reverse of each source block reads, and how it gets it.
    pub(super) records: HashMap<Block, super::record::Record>,
    /// Blocks whose edge numbers the reverse sweep makes again from a branch.
    pub(super) derived_edges: HashMap<Block, super::edges::DerivedEdge>,
    /// Loads the reverse sweep may load again.
    pub(super) reloadable: std::collections::HashSet<Inst>,
    /// Local arrays the reverse sweep writes again, and the loads it loads again from them
    /// (`restore`).
    pub(super) restored: super::restore::Restored,
    /// The stack tables of values kept per loop iteration (`table`), made when first used.
    pub(super) tables: HashMap<super::tape::Item, Value>,
    /// Dynamic `alloca`s whose memory comes from the heap (`heap`).
    pub(super) heap_allocas: std::collections::HashSet<Inst>,
    /// The pointers into the function's own memory (`escape`), found when first asked.
    pub(super) local_ptrs: std::cell::OnceCell<std::collections::HashSet<Value>>,
    /// The allocations whose blocks the caller can reach after the call (`escape`).
    pub(super) outliving: std::cell::OnceCell<std::collections::HashSet<Inst>>,
    /// The integers computed from addresses, with what their shadows come from
    /// (`address_source`).
    pub(super) addresses: HashMap<Value, (Value, super::memory::AddressBase)>,
    /// `i64` selects and block parameters that merge pointer bits and addresses, each with
    /// shadow bits of its own (`memory::merged_bits`, `pointer_bits`).
    pub(super) merged_bits: std::collections::HashSet<Value>,
    /// The values each loop computes the same in every run (`table`), by header.
    pub(super) steady: HashMap<Block, std::collections::HashSet<Value>>,
    /// Vector loads whose adjoint is added one element at a time (`overlap`).
    pub(super) overlapping: std::collections::HashSet<Inst>,
    /// Vector loads some lanes of which nothing reads (`catalase_analysis::types::transfer::read_lanes`):
    /// the lanes read, bit k for lane k.
    pub(super) read_lanes: HashMap<Value, u64>,
    /// Overlapping vector loads whose adjoints are added together first (`overlap::Windows`).
    pub(super) windows: super::overlap::Windows,
    /// How many shadow stack slots were padded (`memory::slot_padding`).
    pub(super) padded_slots: u64,
    /// Whether the reverse sweep is being emitted (where a kept value must have been popped).
    pub(super) in_reverse: bool,
    /// What is kept once per call (see `record`).
    pub(super) frame: super::record::Frame,
    /// The loops of the function (none when analysis fails), and those replayed by counting.
    pub(super) loop_info: Option<catalase_analysis::loops::LoopInfo>,
    /// The control-flow graph and dominator tree the loops were found from.
    pub(super) flow: Option<(catalase_analysis::cfg::Cfg, catalase_analysis::dom::DomTree)>,
    pub(super) counters: super::counters::Counters,
    /// The last instruction that starts a combined gradient's tape (where `presize` goes).
    tape_start: Option<Inst>,
    /// Loops whose records share one capacity check (`chunk`).
    pub(super) chunks: super::chunk::Chunks,
    /// In-place updates of stack arrays whose load and store adjoints are fused (`rmw`).
    pub(super) fused: super::rmw::Fused,
    /// The blocks of the forward sweep's calls of augmented parts, with the part called when
    /// there is one target (`presize` counts what it pushes).
    pub(super) part_calls: Vec<(Block, Option<String>)>,
    /// A combined gradient's plan of the tape's bytes, an `i64` stack slot (`presize`, `hint`).
    pub(super) planned: Option<Value>,
    /// Loops that plan the tape's room once per iteration (`hint`).
    pub(super) hints: super::hint::Hints,
    /// Instructions whose adjoint terms stay zero for a zero adjoint (`strong_zero`).
    pub(super) strong_zero: std::collections::HashSet<Inst>,
    /// `i64` loads only stored again, whose shadow bits travel with them where type analysis
    /// cannot tell what they hold (`memory::copied_bits`, `pointer_bits`).
    pub(super) copied_bits: std::collections::HashSet<Value>,
    /// Those of them type analysis cannot tell, whose source object's declared type says what
    /// they hold (`memory::copied_kinds`).
    pub(super) copied_kinds: HashMap<Value, catalase_analysis::types::Concrete>,
}

impl<'g, 'a> RevCtx<'g, 'a> {
    pub fn emit(gen: &'g mut Generator<'a>, req: &Request, name: &str) -> Result<Function, Diagnostic> {
        let module = gen.module;
        let src = module.function(module.find_function(&req.function).expect("request validated"));
        let order = catalase_analysis::cfg::analyse(src)
            .map_err(|e| Diagnostic::error(DiagKind::Internal, format!("control flow of `{}`: {e}", src.name)))?
            .rpo()
            .to_vec();
        let order = normal_blocks(src, order);
        // Activity: an `enzyme_out` value is active like a duplicated one.
        let acts: Vec<ArgActivity> =
            req.args.iter().map(|a| if *a == ArgActivity::Out { ArgActivity::Dup } else { *a }).collect();
        // `enzyme_const_return` makes the result useless to the gradients (the parts of a call
        // always take the result's adjoint, so that both plan the same tape).
        let ret_active = super::part(req) != Part::Combined || returns(req).1;
        let shadows = shadows::analyse(gen, src, &acts, ret_active, req.standins, req.fp80_clean)?;
        let mut out = Function::with_entry(name, derivative_signature(&src.sig, req));
        out.linkage = Linkage::Internal;
        out.attrs.func = crate::codegen_attrs::inherited(src);
        let entry = out.entry_block().expect("entry");
        let part = super::part(req);
        let tape = if part == Part::Combined {
            let mut b = Builder::at_end(&mut out, entry);
            let one = b.iconst(Type::I32, 1);
            b.alloca(tape::header_type(), one, 8)
        } else {
            // Only the parts and the tape helpers they call touch the header: `noalias` lets
            // LLVM keep its pointer and length in registers across stores to shadow memory.
            out.attrs.params = vec![vec![catalase_ir::inst::Attr::flag("noalias")]];
            out.params()[0]
        };
        let ret_blocks: Vec<Block> =
            order.iter().copied().filter(|b| matches!(src.terminator(*b).map(|t| src.dfg.inst(t)), Some(InstData::Ret { .. }))).collect();
        let strong_zero = if req.strong_zero { super::strong_zero::every(src) } else { super::strong_zero::guarded(module, gen.env, src) };
        let mut ctx = RevCtx {
            gen,
            src,
            req: req.clone(),
            shadows,
            plan: TapePlan::new(src, part != Part::Combined),
            part,
            tape_log: Default::default(),
            src_block: None,
            push_note: None,
            types: None,
            ret_blocks,
            records: HashMap::new(),
            derived_edges: HashMap::new(),
            reloadable: Default::default(),
            restored: Default::default(),
            tables: HashMap::new(),
            heap_allocas: Default::default(),
            local_ptrs: Default::default(),
            outliving: Default::default(),
            addresses: HashMap::new(),
            merged_bits: Default::default(),
            steady: HashMap::new(),
            overlapping: super::overlap::overlapping_vector_loads(src),
            read_lanes: catalase_analysis::types::transfer::read_lanes(src),
            windows: Default::default(),
            padded_slots: 0,
            in_reverse: false,
            frame: Default::default(),
            loop_info: None,
            flow: None,
            counters: Default::default(),
            tape_start: None,
            chunks: Default::default(),
            fused: Default::default(),
            part_calls: Vec::new(),
            planned: None,
            hints: Default::default(),
            strong_zero,
            copied_bits: super::memory::copied_bits(src),
            copied_kinds: HashMap::new(),
            out,
            vmap: HashMap::new(),
            popped: HashMap::new(),
            smap: vec![HashMap::new(); req.width as usize],
            spopped: vec![HashMap::new(); req.width as usize],
            lane: 0,
            edge_params: HashMap::new(),
            fwd: HashMap::new(),
            rev: HashMap::new(),
            edges: HashMap::new(),
            slots: vec![HashMap::new(); req.width as usize],
            tape,
            ret_slot: None,
            doomed: doomed_blocks(src, &order),
            order,
            pos: Position::End(entry),
            cur: None,
        };
        // Type analysis tells floats carried by integers (and the content of copies).
        let id = module.find_function(&req.function).expect("request validated");
        ctx.types = Some(ctx.gen.function_types(id).map_err(|e| {
            Diagnostic::error(DiagKind::Internal, format!("type analysis of `{}`: {e}", src.name)).in_function(&src.name)
        })?);
        ctx.copied_kinds = ctx.copied_kinds(id);
        ctx.merged_bits = ctx.find_merged_bits();
        ctx.addresses = ctx.find_addresses();
        ctx.setup(entry)?;
        ctx.plan_windows();
        ctx.plan_fused_updates();
        ctx.plan_records()?;
        if part != Part::Reverse {
            ctx.make_frame_slots();
            for b in ctx.order.clone() {
                ctx.forward_block(b)?;
            }
            ctx.close_chunks();
            ctx.close_hints();
            ctx.presize_tape(name);
        } else {
            ctx.in_reverse = true;
            ctx.enter_reverse(entry);
        }
        ctx.in_reverse = true;
        if part != Part::Augmented {
            for b in ctx.order.clone().into_iter().rev() {
                ctx.reverse_block(b)?;
            }
        }
        ctx.log_recomputed();
        ctx.note_part_bytes(name);
        let report = ctx.tape_log.render(name, src, ctx.loop_info.as_ref());
        ctx.gen.tape_reports.push(report);
        Ok(ctx.out)
    }

    /// Map parameters, number the edges, create forward and reverse blocks, start the tape.
    fn setup(&mut self, entry: Block) -> Result<(), Diagnostic> {
        let src_entry = self.src.entry_block().expect("definition has an entry");
        let params: Vec<Value> = self.out.params().to_vec();
        let mut k = usize::from(self.part != Part::Combined);
        for (i, p) in self.src.params().iter().enumerate() {
            self.vmap.insert(*p, params[k]);
            if self.req.args[i].has_shadow() {
                for (l, s) in self.unpack_lanes(params[k + 1]).into_iter().enumerate() {
                    self.smap[l].insert(*p, s);
                }
            }
            k += 1 + usize::from(self.req.args[i].has_shadow());
        }
        for &b in &self.order {
            let term = self.src.terminator(b).expect("blocks end in a terminator");
            for (i, bc) in normal_successors(self.src.dfg.inst(term)).iter().enumerate() {
                self.edges.entry(bc.block).or_default().push((b, i));
            }
        }
        if self.edges.contains_key(&src_entry) {
            return Err(self.error(DiagKind::Unsupported, "the entry block has predecessors", "please report this"));
        }
        self.flow = catalase_analysis::cfg::analyse(self.src).ok().and_then(|cfg| {
            let dom = catalase_analysis::dom::analyse(self.src, &cfg).ok()?;
            Some((cfg, dom))
        });
        self.loop_info = self.flow.as_ref().and_then(|(cfg, dom)| catalase_analysis::loops::analyse(self.src, cfg, dom).ok());
        if let Some(info) = &self.loop_info {
            let returns = |b: Block| self.ret_blocks.contains(&b);
            self.counters = super::counters::Counters::new(info, &self.order, &self.edges, returns);
            self.counters.find_strided(self.src, &self.edges);
        }
        self.fwd.insert(src_entry, entry);
        for b in self.order.clone() {
            if b != src_entry && self.part != Part::Reverse {
                let nb = self.new_block();
                self.fwd.insert(b, nb);
                for &p in self.src.dfg.block_params(b) {
                    if self.active_aggregate(p) {
                        let ty = self.src.dfg.value_type(p);
                        let msg = format!("reverse mode does not differentiate block parameters of aggregate type {ty} yet");
                        return Err(self.error(DiagKind::Unsupported, msg, "use __enzyme_fwddiff for this function"));
                    }
                    let np = self.out.dfg.append_block_param(nb, self.src.dfg.value_type(p).clone());
                    self.vmap.insert(p, np);
                }
                // Shadows of pointer parameters (one per lane) follow the primal parameters.
                for &p in self.src.dfg.block_params(b) {
                    if self.pointer_shadow(p) {
                        for l in 0..self.width() {
                            let sp = self.out.dfg.append_block_param(nb, self.src.dfg.value_type(p).clone());
                            self.smap[l].insert(p, sp);
                        }
                    }
                }
                if self.edges[&b].len() > 1 {
                    let e = self.out.dfg.append_block_param(nb, Type::I64);
                    self.edge_params.insert(nb, e);
                }
            }
            if self.part != Part::Augmented {
                let rb = self.new_block();
                self.rev.insert(b, rb);
            }
        }
        let tape = self.tape;
        if self.part == Part::Combined {
            let reuse = self.gen.reuse_tape;
            self.gen.uses_tape_spare |= reuse;
            self.ins(|b| tape::init(b, tape, reuse));
            self.tape_start = self.out.layout.last_inst(entry);
            self.planned = Some(self.entry_alloca(Type::I64));
        }
        let ret = self.src.sig.ret.clone();
        if returns(&self.req).0 && !ret.is_void() && self.part == Part::Combined {
            self.ret_slot = Some(self.entry_alloca(ret));
        }
        Ok(())
    }

    /// Size a combined gradient's tape once where it starts, from what the forward sweep
    /// pushes and what the augmented parts it calls push per call (see `presize`).
    fn presize_tape(&mut self, name: &str) {
        let Some(at) = self.tape_start.and_then(|i| self.out.layout.next_inst(i)) else { return };
        let (Some(info), Some((_, dom))) = (&self.loop_info, &self.flow) else { return };
        let mut terms: Vec<(Vec<super::presize::Factor>, super::presize::Bytes)> =
            super::presize::terms(self.src, info, dom, &self.tape_log, &self.ret_blocks)
                .into_iter()
                .map(|(f, n)| (f, super::presize::Bytes::Const(n)))
                .collect();
        for (b, part) in &self.part_calls {
            let (Some(part), Some(factors)) = (part, super::presize::block_runs(self.src, info, dom, &self.ret_blocks, *b)) else {
                continue;
            };
            let v = self.out.dfg.make_const(Type::I64, catalase_ir::Const::Int(0));
            self.gen.part_bytes_uses.push((name.to_string(), v, part.clone()));
            self.tape_log.note(format!("room made where it starts also for what `{part}` pushes per call, called in {b}"));
            terms.push((factors, super::presize::Bytes::Value(v)));
        }
        let (tape, vmap) = (self.tape, &self.vmap);
        let map = |v: Value| vmap[&v];
        let planned = self.planned.expect("a combined gradient plans its tape");
        if super::presize::emit(&mut Builder::before(&mut self.out, at), tape, planned, &terms, &map) {
            self.gen.add_helper(tape::presize_function());
        }
    }

    /// An augmented part: note the bytes it pushes per call where they are a constant (every
    /// record outside loops, no part called), for the `presize` of the gradients that call it.
    fn note_part_bytes(&mut self, name: &str) {
        let Some(info) = &self.loop_info else { return };
        if self.part != Part::Augmented || !self.part_calls.is_empty() {
            return;
        }
        if self.tape_log.cached.iter().all(|(b, _, _)| info.loop_of(*b).is_none()) {
            let bytes = self.tape_log.cached.iter().map(|(_, _, n)| n).sum();
            self.gen.part_tape_bytes.insert(name.to_string(), bytes);
        }
    }

    pub fn new_block(&mut self) -> Block {
        let b = self.out.dfg.make_block();
        self.out.layout.append_block(b);
        b
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

    /// A zero-initialized stack slot at the top of the entry block.
    fn entry_alloca(&mut self, ty: Type) -> Value {
        self.entry_alloca_holding(ty, |b, ty| b.zero(ty.clone()))
    }

    /// An entry-block stack slot for one value of `ty`, left as it is (written before read).
    pub(super) fn uninitialized_slot(&mut self, ty: Type) -> Value {
        let entry = self.out.entry_block().expect("entry");
        let mut b = match self.out.layout.first_inst(entry) {
            Some(i) => Builder::before(&mut self.out, i),
            None => Builder::at_end(&mut self.out, entry),
        };
        let one = b.iconst(Type::I32, 1);
        b.alloca(ty, one, 8)
    }

    /// An entry-block stack slot for one value of `ty`, holding `init(ty)` first.
    fn entry_alloca_holding(&mut self, ty: Type, init: fn(&mut Builder, &Type) -> Value) -> Value {
        let entry = self.out.entry_block().expect("entry");
        let first = self.out.layout.first_inst(entry);
        let mut b = match first {
            Some(i) => Builder::before(&mut self.out, i),
            None => Builder::at_end(&mut self.out, entry),
        };
        let one = b.iconst(Type::I32, 1);
        let slot = b.alloca(ty.clone(), one, 8);
        let first = init(&mut b, &ty);
        b.store(first, slot, MemFlags::aligned(8));
        slot
    }

    // ----- values -----

    /// Whether a source value carries an adjoint.
    /// Whether `v` is the address of a constant (or inactive) global: memory that never holds
    /// a derivative.
    fn constant_global_address(&self, v: Value) -> bool {
        match &self.src.dfg.value_def(v) {
            ValueDef::Const(Const::Global(name)) => {
                self.gen.module.find_global(name).is_some_and(catalase_analysis::activity::is_inactive_global)
            }
            _ => false,
        }
    }

    pub fn active(&self, v: Value) -> bool {
        self.shadows.has(v) && self.adjoint_type(v).is_some()
    }

    /// The type of `v`'s adjoint: its own type when that holds floats; for an `i32`/`i64` that
    /// type analysis says carries a float's bits (an 8-byte `memcpy` made an integer load, a
    /// union), that float type.
    pub fn adjoint_type(&self, v: Value) -> Option<Type> {
        let ty = self.src.dfg.value_type(v);
        if super::carries_adjoint(ty) || self.frexp_result(v) {
            return Some(ty.clone());
        }
        use catalase_analysis::types::{Concrete, FloatKind};
        let float_of = |width: u32, kind: Concrete| match kind {
            Concrete::Float(FloatKind::F64) if width == 64 => Some(Type::F64),
            Concrete::Float(FloatKind::F32) if width == 32 => Some(Type::F32),
            _ => None,
        };
        let types = self.types.as_ref()?;
        match ty {
            // Two floats in one `i64` (an 8-byte `memcpy` of a `float _Complex` or a
            // `std::complex<float>` that instcombine made an integer load): their adjoint is a
            // `<2 x float>`, which a bitcast of the same bits reads as the pair.
            Type::Int(64) if [0, 4].iter().all(|o| float_of(32, types.value_type_at(v, *o)).is_some()) => {
                Some(Type::Vector(2, Box::new(Type::F32)))
            }
            // A copy of a double whose source object is declared so (`memory::copied_kinds`).
            Type::Int(w @ (32 | 64)) => float_of(*w, types.value_type(v)).or_else(|| float_of(*w, *self.copied_kinds.get(&v)?)),
            // `<N x i64>` moving doubles (SLP's vector form of 8-byte copies): every lane must
            // be a float of the lane's width.
            Type::Vector(n, lane) => {
                let Type::Int(w @ (32 | 64)) = **lane else { return None };
                let step = i64::from(w / 8);
                let mut kinds = (0..i64::from(*n)).map(|i| float_of(w, types.value_type_at(v, i * step)));
                let first = kinds.next()??;
                kinds.all(|k| k.as_ref() == Some(&first)).then(|| Type::Vector(*n, Box::new(first)))
            }
            _ => None,
        }
    }

    /// `llvm.modf(x) -> {frac, int}` (clang's form of C `modf` at every -O level): its adjoint
    /// is `x̄ += ȳ.frac`; `llvm.frexp(x) -> {mantissa, exponent}` (`__builtin_frexp`, and
    /// libstdc++'s `std::frexp` for `float`): `x̄ += ȳ.mantissa·2^(−e)`.
    pub(super) fn split_float(&self, data: &InstData) -> bool {
        matches!(data, InstData::Call { callee: Callee::Direct(name), .. } if name.starts_with("llvm.modf.") || name.starts_with("llvm.frexp."))
            && matches!(self.call_kind(data), Some(CallKind::SplitFloat))
    }

    /// Whether `v` is the `{float, int}` result of an `llvm.frexp` call: its adjoint slot is
    /// that struct, whose integer field stays zero (`add_adjoints` adds the float fields only).
    /// It may only be taken apart by `extractvalue`; any other use refuses it as an aggregate.
    pub(super) fn frexp_result(&self, v: Value) -> bool {
        match self.src.dfg.values[v].def {
            ValueDef::Result(inst) => {
                let data = self.src.dfg.inst(inst);
                matches!(data, InstData::Call { callee: Callee::Direct(name), .. } if name.starts_with("llvm.frexp.")) && self.split_float(data)
            }
            _ => false,
        }
    }

    /// A value with a shadow whose type holds floats but has no adjoint slot of its own type
    /// (every float scalar, vector and aggregate of them has one, `carries_adjoint`: this
    /// guards types that may come).
    fn active_aggregate(&self, v: Value) -> bool {
        let ty = self.src.dfg.value_type(v);
        self.shadows.has(v) && ty.has_float() && !super::carries_adjoint(ty)
    }

    /// The primal of a source value: popped from the tape in the reverse sweep, else mapped.
    pub fn p(&mut self, v: Value) -> Value {
        if let Some(n) = self.popped.get(&v) {
            return *n;
        }
        let data = &self.src.dfg.values[v];
        if self.in_reverse && self.plan.plan(v) == Plan::Cached && !matches!(data.def, ValueDef::Const(_)) {
            panic!("{v} of `{}` read by the reverse sweep without being popped or made again", self.src.name);
        }
        if let Some(n) = self.vmap.get(&v) {
            return *n;
        }
        let n = match &data.def {
            // Undefined lanes become zeros (a legal refinement), so that no adjoint ever
            // multiplies one: 0·poison would be poison.
            ValueDef::Const(c) => self.out.dfg.make_const(data.ty.clone(), defined(c)),
            // The reverse part of a call has only its parameters and what it pops.
            _ if self.part == Part::Reverse => panic!("{v} of `{}` read by the reverse part without being popped", self.src.name),
            // A use of a value whose definition was not emitted: only in unreachable code.
            _ => self.out.dfg.make_const(data.ty.clone(), Const::Undef),
        };
        self.vmap.insert(v, n);
        n
    }

    pub fn set_primal(&mut self, v: Value, n: Value) {
        self.vmap.insert(v, n);
    }

    /// The shadow of `v` in the current lane, where the forward sweep made it.
    pub fn smap_get(&self, v: Value) -> Option<Value> {
        self.smap[self.lane].get(&v).copied()
    }

    pub fn smap_insert(&mut self, v: Value, s: Value) {
        self.smap[self.lane].insert(v, s);
    }

    /// Zeroed scratch memory for one value of `ty` (where a stand-in's accesses go).
    pub fn scratch(&mut self, ty: Type) -> Value {
        self.entry_alloca(ty)
    }

    /// The primal of `v` where the reverse sweep has it, else `undef`: for operands a rule
    /// row receives but does not read.
    pub fn p_if_available(&mut self, v: Value) -> Value {
        let constant = matches!(self.src.dfg.values[v].def, ValueDef::Const(_));
        let kept = self.plan.plan(v) == Plan::Cached && !constant;
        let known = self.popped.contains_key(&v) || (!kept && (self.vmap.contains_key(&v) || constant));
        if known || !self.in_reverse {
            return self.p(v);
        }
        let ty = self.src.dfg.value_type(v).clone();
        self.out.dfg.make_const(ty, Const::Undef)
    }

    /// The adjoint slot of an active source value.
    pub fn slot(&mut self, v: Value) -> Value {
        if let Some(s) = self.slots[self.lane].get(&v) {
            return *s;
        }
        // It starts at the empty sum −0.0 (`adjoint_zero`), which the first addition folds away.
        let s = self.entry_alloca_holding(self.adjoint_type(v).expect("an active value"), super::adjoint_zero);
        self.slots[self.lane].insert(v, s);
        s
    }

    /// `adj(v) += d` when `v` is active.
    pub fn accumulate(&mut self, v: Value, d: Value) {
        if !self.active(v) {
            return;
        }
        let (slot, ty) = (self.slot(v), self.adjoint_type(v).expect("an active value"));
        self.ins(|b| {
            let old = b.load(ty.clone(), slot, MemFlags::aligned(8));
            let new = super::add_adjoints(b, &ty, old, d);
            b.store(new, slot, MemFlags::aligned(8));
        });
    }

    /// Read and zero the adjoint of an active value.
    pub fn take_adjoint(&mut self, v: Value) -> Value {
        let (slot, ty) = (self.slot(v), self.adjoint_type(v).expect("an active value"));
        self.ins(|b| {
            let d = b.load(ty.clone(), slot, MemFlags::aligned(8));
            let zero = super::adjoint_zero(b, &ty);
            b.store(zero, slot, MemFlags::aligned(8));
            d
        })
    }

    /// Push `v` (a value in `out`) onto the tape.
    pub fn push(&mut self, v: Value) {
        let ty = self.out.dfg.value_type(v).clone();
        if let Some(b) = self.src_block {
            let what = match (self.push_note.take(), self.cur) {
                (Some(note), _) => note,
                (None, Some(i)) => format!("{ty} for `{}`", printer::print_inst(self.src, i)),
                (None, None) => format!("the number of the edge that entered {b}"),
            };
            self.tape_log.cache(b, what, tape::slot_bytes(&ty));
        }
        if self.chunk_site().is_some() {
            self.store_on_tape(v);
            return;
        }
        self.use_tape_here();
        self.gen.add_helper(tape::push_function(&ty));
        self.gen.add_helper(tape::reserve_function());
        let tape = self.tape;
        let name = tape::helper_name(true, &ty);
        self.ins(|b| b.call_named(&name, tape::push_signature(&ty), vec![tape, v]));
    }

    /// Pop a value of type `ty` from the tape.
    pub fn pop(&mut self, ty: &Type) -> Value {
        self.gen.add_helper(tape::pop_function(ty));
        self.gen.add_helper(tape::take_function());
        let tape = self.tape;
        let name = tape::helper_name(false, ty);
        self.ins(|b| b.call_named(&name, tape::pop_signature(ty), vec![tape]).expect("pop returns"))
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

    // ----- the forward sweep -----

    fn forward_block(&mut self, b: Block) -> Result<(), Diagnostic> {
        let fb = self.fwd[&b];
        self.pos = Position::End(fb);
        self.cur = None;
        self.src_block = Some(b);
        if let Some(&edge) = self.edge_params.get(&fb) {
            if !self.counters.is_counted(b) {
                self.keep_edge(b, edge);
            }
        }
        self.push_counts(b);
        for inst in self.src.layout.block_insts(b) {
            self.cur = Some(inst);
            let data = self.src.dfg.inst(inst);
            if data.is_terminator() {
                // The block's record goes last (after an `invoke`'s call).
                if !matches!(data, InstData::Invoke { .. }) {
                    self.push_record(b);
                }
                self.open_hint(b);
                self.open_chunk(b);
                self.forward_terminator(b, inst).map_err(|d| self.locate(d))?;
            } else {
                self.forward_inst(inst).map_err(|d| self.locate(d))?;
            }
        }
        Ok(())
    }

    fn forward_inst(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        // The reverse sweep reads stack memory after the primal's scope of it ends (loads made
        // again, shadows): the forward sweep leaves out lifetime markers, so that each fixed
        // stack slot lives for the whole call, as in Enzyme. A `stackrestore` stays: the dynamic
        // allocas whose memory the reverse sweep reads are on the heap (`heap`).
        if let InstData::Call { callee: Callee::Direct(name), .. } = self.src.dfg.inst(inst) {
            if name.starts_with("llvm.lifetime.") {
                return Ok(());
            }
        }
        if self.heap_allocas.contains(&inst) {
            self.forward_heap_alloca(inst);
            return self.each_lane(|c| c.forward_shadow(inst));
        }
        if !self.forward_custom(inst)? && !self.forward_call(inst)? {
            self.clone_primal(inst);
            self.each_lane(|c| c.forward_shadow(inst))?;
        }
        Ok(())
    }

    /// An instruction as reverse mode sees it: an `invoke` is a call (its exception edge is
    /// assumed not taken at run time; the blocks only it reaches are not differentiated).
    pub fn data(&self, inst: Inst) -> InstData {
        match self.src.dfg.inst(inst) {
            InstData::Invoke { callee, args, sig, attrs, .. } => {
                InstData::Call { callee: callee.clone(), args: args.clone(), sig: sig.clone(), attrs: attrs.clone() }
            }
            other => other.clone(),
        }
    }

    /// Copy a source instruction into the forward sweep with mapped operands. The poison lanes
    /// of a `shufflevector` are made zeros, like undefined constants (see `p`).
    pub fn clone_primal(&mut self, inst: Inst) {
        if let InstData::Shuffle { mask, .. } = self.src.dfg.inst(inst) {
            if mask.contains(&-1) {
                let mask = mask.clone();
                self.clone_primal_as_is(inst);
                let r = self.src.dfg.result(inst).expect("a shuffle has a result");
                let (pv, ty) = (self.p(r), self.src.dfg.value_type(r).clone());
                let fixed: Vec<i32> = mask.iter().enumerate().map(|(k, m)| if *m < 0 { mask.len() as i32 } else { k as i32 }).collect();
                let nv = self.ins(|b| {
                    let zero = b.zero(ty);
                    b.shuffle(pv, zero, fixed)
                });
                self.vmap.insert(r, nv);
                return;
            }
        }
        self.clone_primal_as_is(inst);
    }

    fn clone_primal_as_is(&mut self, inst: Inst) {
        let mut data = self.data(inst);
        data.map_values(|v| self.p(v));
        // A libm call that writes only `errno` is made without the write, as forward mode does
        // (`calls::errno_free_call`): LLVM may then hoist or share it.
        if let InstData::Call { callee, sig, attrs, .. } = &mut data {
            if let Some((c, a)) = crate::calls::errno_free_call(self.gen.module, callee, sig, attrs) {
                (*callee, *attrs) = (c, a);
            }
        }
        let src = self.src;
        let new = self.ins(|b| b.build_like(data, src, inst));
        if let (Some(r), Some(nr)) = (self.src.dfg.result(inst), self.out.dfg.result(new)) {
            self.vmap.insert(r, nr);
        }
    }

    /// What the reverse sweep of `inst` reads, in push order; refuses what reverse mode cannot
    /// differentiate yet.
    pub fn adjoint_reads(&self, inst: Inst) -> Result<Vec<Item>, Diagnostic> {
        let data = &self.data(inst);
        let result = self.src.dfg.result(inst);
        let has_adjoint = result.is_some_and(|r| self.active(r));
        // Structs of floats (complex results) move only through rule calls and field operations.
        let fields = |v: &Value| self.active(*v) && super::is_adjoint_struct(self.src.dfg.value_type(*v));
        let moves_fields = match data {
            InstData::ExtractValue { .. } | InstData::InsertValue { .. } | InstData::Select { .. } => true,
            InstData::Call { .. } => {
                matches!(self.call_kind(data), Some(CallKind::Rule(_)))
                    || self.split_float(data)
                    || self.differentiated_call(data)
                    || self.custom_rule(data).is_some()
            }
            InstData::Load { .. } | InstData::Store { .. } => true,
            _ => false,
        };
        // frexp's `{float, int}` result: made by its call, taken apart by `extractvalue`.
        let frexp_use = matches!(data, InstData::ExtractValue { .. }) || self.split_float(data);
        let refused = |v: &Value| (self.active_aggregate(*v) && !(frexp_use && self.frexp_result(*v))) || (fields(v) && !moves_fields);
        if let Some(v) = result.into_iter().chain(data.operands()).find(refused) {
            // A library call without a rule (`csin`) is refused as such, not for its shape.
            if matches!(data, InstData::Call { .. }) && matches!(self.call_kind(data), Some(CallKind::External | CallKind::Custom(_))) {
                self.check_call(data)?;
            }
            let ty = self.src.dfg.value_type(v);
            if let InstData::Call { callee: Callee::Direct(name), .. } = data {
                if name.starts_with("__catalase_aug") {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        format!("reverse mode over split mode: this __enzyme_augmentfwd returns its tape and primal together ({ty}), which reverse mode does not differentiate yet"),
                        "make the inner gradient with __enzyme_autodiff (reverse over reverse works), or take second derivatives with __enzyme_fwddiff over the split-mode gradient",
                    ));
                }
            }
            return Err(self.error(
                DiagKind::Unsupported,
                format!("reverse mode does not differentiate values of aggregate type {ty} yet"),
                "pass and return floating-point values one by one, or use __enzyme_fwddiff",
            ));
        }
        let call = self.check(data, has_adjoint)?;
        if self.differentiated_call(data) || self.custom_rule(data).is_some() {
            let mut items = self.call_items(data);
            let mut seen = std::collections::HashSet::new();
            items.retain(|v| seen.insert(*v));
            return Ok(items);
        }
        if !has_adjoint && !self.memory_work(data, call.as_ref()) {
            return Ok(vec![]);
        }
        let ops = data.operands();
        let active: Vec<bool> = ops.iter().map(|v| self.active(*v)).collect();
        let r = crate::reads::reads(data, call.as_ref(), &active, self.req.mode);
        let mut items: Vec<Item> = r.operands.iter().map(|i| Item::Primal(ops[*i])).collect();
        if r.result {
            items.extend(result.map(Item::Primal));
        }
        for &i in &r.shadows {
            if self.pointer_shadow(ops[i]) {
                items.extend(self.shadow_items(ops[i]));
                // A possible stand-in is compared with its primal at run time; so is the source
                // of a copy, whose shadow a callee may have received as a stand-in.
                let copy_source = i == 1 && matches!(call, Some(CallKind::MemTransfer));
                if self.shadows.is_mixed(ops[i]) || copy_source {
                    items.push(Item::Primal(ops[i]));
                }
            }
        }
        if matches!(data, InstData::Alloca { .. }) {
            items.extend(result.filter(|r| self.pointer_shadow(*r)).into_iter().flat_map(|r| self.shadow_items(r)));
            // A heap block freed where the reverse sweep passes its `alloca` (`heap`).
            if self.cur.is_some_and(|i| self.heap_allocas.contains(&i)) {
                items.extend(result.map(Item::Primal));
            }
        }
        if let Some(CallKind::Alloc(kind)) = &call {
            if *kind == AllocKind::Realloc {
                items.extend(data.operands().first().copied().filter(|p| self.pointer_shadow(*p)).into_iter().flat_map(|p| self.shadow_items(p)));
            }
            items.extend(result.filter(|r| self.pointer_shadow(*r)).into_iter().flat_map(|r| self.shadow_items(r)));
        }
        let mut seen = std::collections::HashSet::new();
        items.retain(|v| seen.insert(*v));
        Ok(items)
    }

    /// Refuse instructions reverse mode does not handle; the call's kind for calls.
    fn check(&self, data: &InstData, has_adjoint: bool) -> Result<Option<CallKind>, Diagnostic> {
        // A library call without a rule reads a constant global (a string literal, a constant
        // table) through its address; that memory never holds a derivative, so the address's
        // (zero) shadow does not make the call active.
        let external = matches!(data, InstData::Call { .. }) && matches!(self.call_kind(data), Some(CallKind::External));
        let touches_active =
            data.operands().iter().any(|v| self.active(*v) || (self.pointer_shadow(*v) && !(external && self.constant_global_address(*v)))) || has_adjoint;
        match data {
            InstData::Binary { op, .. } if op.is_float() => Ok(None),
            InstData::Unary { op: UnaryOp::FNeg | UnaryOp::Freeze, .. } => Ok(None),
            InstData::Cast { op: CastOp::FPExt | CastOp::FPTrunc, .. } | InstData::Select { .. } => Ok(None),
            // Float bits in integer clothing: the adjoint passes through unchanged.
            InstData::Cast { op: CastOp::Bitcast, arg }
                if !has_adjoint || (self.adjoint_type(*arg).is_some() && self.adjoint_type(*arg) == self.cur.and_then(|i| self.src.dfg.result(i)).and_then(|r| self.adjoint_type(r))) =>
            {
                Ok(None)
            }
            InstData::ExtractElement { .. } | InstData::InsertElement { .. } | InstData::Shuffle { .. } => Ok(None),
            InstData::Alloca { .. } | InstData::ExtractValue { .. } | InstData::InsertValue { .. } => Ok(None),
            InstData::Load { .. } | InstData::Store { .. } => self.check_memory(data).map(|()| None),
            InstData::AtomicRmw { .. } | InstData::CmpXchg { .. } => self.check_atomic(data, has_adjoint).map(|()| None),
            InstData::Call { .. } | InstData::Invoke { .. } if !touches_active => Ok(self.call_kind(data)),
            InstData::Call { .. } | InstData::Invoke { .. } => self.check_call(data),
            // Comparisons, conversions to integers, integer and address arithmetic: no adjoint.
            _ if !has_adjoint => Ok(None),
            other => Err(self.error(
                DiagKind::Unsupported,
                format!("cannot differentiate `{}` on an active value in reverse mode yet", other.opcode_name()),
                "rewrite the computation with floating-point arithmetic and libm calls, or use __enzyme_fwddiff",
            )),
        }
    }

    /// Whether the instruction being emitted lies in a block that cannot return (`doomed`).
    fn in_doomed_block(&self) -> bool {
        self.cur.and_then(|i| self.src.layout.inst_block(i)).is_some_and(|b| self.doomed.contains(&b))
    }

    pub fn call_kind(&self, data: &InstData) -> Option<CallKind> {
        match data {
            InstData::Call { callee, attrs, .. } => Some(classify(self.gen.module, self.gen.env, callee, attrs)),
            _ => None,
        }
    }

    fn check_call(&self, data: &InstData) -> Result<Option<CallKind>, Diagnostic> {
        let InstData::Call { callee, .. } = data else {
            return Err(self.error(DiagKind::Unsupported, "cannot differentiate `invoke` in reverse mode yet", "compile with -fno-exceptions, or use __enzyme_fwddiff"));
        };
        let kind = self.call_kind(data).expect("a call");
        let name = match callee {
            catalase_ir::inst::Callee::Direct(n) => n.clone(),
            catalase_ir::inst::Callee::Indirect(_) => "(indirect)".into(),
        };
        if let (CallKind::Inactive, InstData::Call { args, .. }) = (&kind, data) {
            let base = crate::calls::searched_array(&name).and_then(|i| args.get(i));
            if base.is_some_and(|b| self.shadows.is_varied(*b)) {
                let (message, help) = crate::calls::array_search_refusal(&name);
                return Err(self.error(DiagKind::Unsupported, message, &help));
            }
            let outputs = crate::calls::parsed_outputs(&name).map_or(&[][..], |i| args.get(i..).unwrap_or(&[]));
            if outputs.iter().any(|a| self.shadows.is_varied(*a)) {
                let (message, help) = crate::calls::parsed_output_refusal(&name);
                return Err(self.error(DiagKind::Unsupported, message, &help));
            }
        }
        match &kind {
            CallKind::Rule(rule) if rule.kind != crate::rules::RuleKind::Inactive => {
                if let InstData::Call { args, .. } = data {
                    self.check_packed(rule, args)?;
                }
                Ok(Some(kind))
            }
            CallKind::Inactive
            | CallKind::Alloc(_)
            | CallKind::Free(_)
            | CallKind::MemSet
            | CallKind::MemTransfer
            | CallKind::ReduceFAdd
            | CallKind::ReduceSelect
            | CallKind::ReduceFMul
            | CallKind::Mirror => {
                Ok(Some(kind))
            }
            CallKind::SplitFloat if self.split_float(data) => Ok(Some(kind)),
            CallKind::MaskedLoad | CallKind::MaskedStore => self.check_masked(data).map(|()| Some(kind)),
            CallKind::Custom(_) if self.custom_rule(data).is_some() => Ok(Some(kind)),
            CallKind::Custom(_) => Err(self.error(
                DiagKind::NoDerivative,
                format!("`{name}` has a forward rule (__enzyme_register_derivative) but no reverse rule, and its arguments are active"),
                &format!("register a gradient with `void *__enzyme_register_gradient_{name}[] = {{{name}, augmented, reverse}}` (ABI §6.2)"),
            )),
            CallKind::External if crate::calls::parallel_runtime(&name).is_some() => {
                let (message, help) = crate::calls::parallel_refusal(&name).unwrap_or_default();
                Err(self.error(DiagKind::Unsupported, message, &help))
            }
            // A call on a path that ends in a throw (the exception's constructor): its
            // derivative is never needed (`doomed_blocks`); the primal call is kept.
            CallKind::External if self.in_doomed_block() => Ok(Some(kind)),
            CallKind::External => Err(self.error(
                DiagKind::NoDerivative,
                format!("no derivative for `{name}`: it has no body and no rule, and its arguments are active"),
                &format!("register a gradient with `void *__enzyme_register_gradient_{name}[] = {{{name}, augmented, reverse}}` (ABI §6.2), or mark `{name}` inactive with __enzyme_inactivefn if it does not depend on its inputs"),
            )),
            CallKind::Defined(_) => Ok(Some(kind)),
            CallKind::Indirect if self.differentiated_call(data) => Ok(Some(kind)),
            CallKind::Indirect => Err(self.error(
                DiagKind::Unsupported,
                "a call through a function pointer receives active arguments, and no defined function of its type has its address taken in this module",
                "call the function directly, or define the possible targets in this translation unit",
            )),
            _ => Err(self.error(
                DiagKind::Unsupported,
                format!("cannot differentiate the call to `{name}` in reverse mode yet"),
                "use __enzyme_fwddiff for this function",
            )),
        }
    }

    fn forward_terminator(&mut self, b: Block, inst: Inst) -> Result<(), Diagnostic> {
        let mut data = self.src.dfg.inst(inst).clone();
        match &mut data {
            InstData::Br { .. } | InstData::CondBr { .. } | InstData::Switch { .. } => {
                let mut succs: Vec<BlockCall> = data.successors().into_iter().cloned().collect();
                for (i, bc) in succs.iter_mut().enumerate() {
                    *bc = self.map_edge(b, i, bc);
                }
                for (bc, new) in data.successors_mut().into_iter().zip(succs) {
                    *bc = new;
                }
                match &mut data {
                    InstData::CondBr { cond, .. } => *cond = self.p(*cond),
                    InstData::Switch { arg, .. } => *arg = self.p(*arg),
                    _ => {}
                }
                let flags = self.src.dfg.insts[inst].flags;
                let hints = loop_hints::of_derivative(&self.src.dfg.insts[inst].loop_hints, 1);
                self.ins(|bl| {
                    let i = bl.build(data, Type::Void);
                    bl.set_flags(i, flags);
                    bl.func.dfg.insts[i].loop_hints = hints;
                });
            }
            InstData::Ret { arg } => {
                let arg = *arg;
                if arg.is_some_and(|v| self.active_aggregate(v)) {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        "reverse mode does not differentiate a returned aggregate yet",
                        "return a floating-point value, or use __enzyme_fwddiff",
                    ));
                }
                self.forward_return(b, arg);
            }
            InstData::Unreachable => {
                self.ins(|bl| bl.unreachable());
            }
            InstData::Invoke { normal, .. } => {
                let normal = normal.clone();
                self.forward_inst(inst)?;
                self.push_record(b);
                let dest = self.map_edge(b, 0, &normal);
                self.ins(|bl| bl.build(InstData::Br { dest }, Type::Void));
            }
            other => {
                return Err(self.error(
                    DiagKind::Unsupported,
                    format!("cannot differentiate `{}` in reverse mode yet", other.opcode_name()),
                    "compile with -fno-exceptions, or use __enzyme_fwddiff",
                ))
            }
        }
        Ok(())
    }

    /// A branch edge in the forward sweep: mapped arguments, plus the edge's number when the
    /// target has several incoming edges.
    /// The entry of the reverse part: find the block that returned (popped when several do),
    /// seed its result's adjoint with the one passed last, and start that block's reverse.
    fn enter_reverse(&mut self, entry: Block) {
        self.pos = Position::End(entry);
        let dret = returns(&self.req).1.then(|| *self.out.params().last().expect("the result's adjoint"));
        let dret = dret.map(|d| self.unpack_lanes(d));
        self.pop_frame();
        let targets: Vec<Block> = if self.ret_blocks.len() > 1 {
            let id = self.pop(&Type::I64);
            let targets: Vec<Block> = (0..self.ret_blocks.len()).map(|_| self.new_block()).collect();
            let cases = targets.iter().enumerate().skip(1).map(|(i, t)| (i as u128, BlockCall::new(*t, vec![]))).collect();
            let default = BlockCall::new(targets[0], vec![]);
            self.ins(|bl| bl.build(InstData::Switch { arg: id, default, cases }, Type::Void));
            targets
        } else {
            vec![entry]
        };
        for (b, t) in self.ret_blocks.clone().into_iter().zip(targets) {
            self.pos = Position::End(t);
            let term = self.src.terminator(b).expect("terminator");
            if let (InstData::Ret { arg: Some(v) }, Some(d)) = (self.src.dfg.inst(term).clone(), &dret) {
                for (l, d) in d.iter().enumerate() {
                    self.in_lane(l, |c| c.accumulate(v, *d));
                }
            }
            let rb = self.rev[&b];
            self.ins(|bl| bl.br(rb, vec![]));
        }
        if self.ret_blocks.is_empty() {
            self.ins(|bl| bl.unreachable());
        }
    }

    /// The iteration count of the counted loop at `header`, in the forward sweep (the
    /// parameter that holds the edge number of other blocks).
    pub(super) fn count_param(&self, header: Block) -> Value {
        self.edge_params[&self.fwd[&header]]
    }

    fn map_edge(&mut self, from: Block, index: usize, bc: &BlockCall) -> BlockCall {
        let mut args: Vec<Value> = bc.args.iter().map(|a| self.p(*a)).collect();
        let params: Vec<Value> = self.src.dfg.block_params(bc.block).to_vec();
        for (a, p) in bc.args.iter().zip(params) {
            if self.pointer_shadow(p) {
                // A merge of pointer bits gets its operand's shadow bits (`find_merged_bits`).
                let bits = self.src.dfg.value_type(p).is_int();
                for l in 0..self.width() {
                    let s = self.in_lane(l, |c| if bits { c.merge_shadow_bits(*a) } else { c.s_or_standin(*a) });
                    args.push(s);
                }
            }
        }
        let edges = &self.edges[&bc.block];
        if self.counters.is_counted(bc.block) {
            let count = self.count_arg(bc.block, from);
            args.push(count);
        } else if edges.len() > 1 {
            let id = edges.iter().position(|e| *e == (from, index)).expect("edge numbered");
            args.push(self.out.dfg.make_const(Type::I64, Const::Int(id as u128)));
        }
        BlockCall::new(self.fwd[&bc.block], args)
    }

    /// Store the primal result, seed its adjoint with 1.0, go to the reverse sweep. The
    /// augmented part pushes which block returned (when several do) and returns the result.
    fn forward_return(&mut self, b: Block, arg: Option<Value>) {
        if self.part == Part::Augmented {
            if self.ret_blocks.len() > 1 {
                let id = self.ret_blocks.iter().position(|r| *r == b).expect("a returning block");
                let id = self.out.dfg.make_const(Type::I64, Const::Int(id as u128));
                self.push(id);
            }
            self.push_frame();
            let (primal, shadow) = match self.req.mode {
                crate::request::Mode::Augmented { return_primal, return_shadow } => (return_primal, return_shadow),
                _ => (true, false),
            };
            let ret = match (arg, self.out.sig.ret.clone()) {
                (_, Type::Void) | (None, _) => None,
                (Some(v), _) if shadow => {
                    let lanes: Vec<Value> = (0..self.width()).map(|l| self.in_lane(l, |c| c.s_or_standin(v))).collect();
                    let sv = self.pack_lanes(&lanes, &self.src.dfg.value_type(v).clone());
                    if !primal {
                        self.ins(|bl| bl.ret(Some(sv)));
                        return;
                    }
                    let pv = self.p(v);
                    let ty = self.out.sig.ret.clone();
                    Some(self.ins(|bl| {
                        let u = bl.undef(ty);
                        let a = bl.insert_value(u, pv, vec![0]);
                        bl.insert_value(a, sv, vec![1])
                    }))
                }
                (Some(v), _) => Some(self.p(v)),
            };
            self.ins(|bl| bl.ret(ret));
            return;
        }
        if let (Some(v), Some(slot)) = (arg, self.ret_slot) {
            let pv = self.p(v);
            self.ins(|bl| bl.store(pv, slot, MemFlags::aligned(8)));
        }
        if let Some(v) = arg.filter(|v| returns(&self.req).1 && self.active(*v)) {
            let ty = self.src.dfg.value_type(v).clone();
            // A struct of floats is seeded with 1.0 in every field (ABI §4.3), in every lane.
            let one = self.ins(|bl| super::ones(bl, &ty));
            for l in 0..self.width() {
                self.in_lane(l, |c| c.accumulate(v, one));
            }
        }
        let rb = self.rev[&b];
        self.ins(|bl| bl.br(rb, vec![]));
    }
}

/// The successors of a terminator that reverse mode follows: an `invoke`'s exception edge is not.
pub(super) fn normal_successors(term: &InstData) -> Vec<&BlockCall> {
    match term {
        InstData::Invoke { normal, .. } => vec![normal],
        other => other.successors(),
    }
}

/// The blocks of `order` reachable from the entry without taking an exception edge.
fn normal_blocks(f: &Function, order: Vec<Block>) -> Vec<Block> {
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<Block> = f.entry_block().into_iter().collect();
    while let Some(b) = stack.pop() {
        if !seen.insert(b) {
            continue;
        }
        if let Some(t) = f.terminator(b) {
            stack.extend(normal_successors(f.dfg.inst(t)).iter().map(|bc| bc.block));
        }
    }
    order.into_iter().filter(|b| seen.contains(b)).collect()
}

/// The blocks of `order` from which every path that takes no exception edge ends in an
/// `unreachable` (a throw's `__cxa_throw`, `abort`, `std::__throw_length_error`): reverse mode
/// assumes no exception is thrown while a gradient runs (an `invoke`'s unwind edge is not
/// followed), so such a block never reaches the reverse sweep, and what its calls would need
/// for a derivative is never used.
fn doomed_blocks(f: &Function, order: &[Block]) -> std::collections::HashSet<Block> {
    let mut doomed = std::collections::HashSet::new();
    loop {
        let before = doomed.len();
        for &b in order.iter().rev() {
            if doomed.contains(&b) {
                continue;
            }
            let Some(t) = f.terminator(b) else { continue };
            let term = f.dfg.inst(t);
            let succs = normal_successors(term);
            let dies = match term {
                InstData::Unreachable => true,
                InstData::Ret { .. } => false,
                _ => !succs.is_empty() && succs.iter().all(|bc| doomed.contains(&bc.block)),
            };
            if dies {
                doomed.insert(b);
            }
        }
        if doomed.len() == before {
            return doomed;
        }
    }
}

/// A constant with its undefined parts (`undef`, `poison`, also inside vectors and structs)
/// made zero.
fn defined(c: &Const) -> Const {
    match c {
        Const::Undef | Const::Poison => Const::Zero,
        Const::Aggregate(items) => Const::Aggregate(items.iter().map(defined).collect()),
        other => other.clone(),
    }
}
