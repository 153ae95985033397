//! The record of one block: everything the reverse of a primal block reads, planned once for
//! the whole block. A value read by several adjoints of the block is kept once; a value that is
//! cheap to make again from others the reverse block has (integer and address arithmetic, the
//! shadow of a `ptradd`, a float sum or product of values it has anyway, a load from memory
//! nothing overwrites, a cheap math call: `pure`) is made again there instead of kept; a value
//! that is the same in every run of an outer loop goes to a table by loop counts (`table`); the
//! rest (the leaves: block
//! parameters, call results, loads of memory that changes) are pushed together at the end of
//! the forward block, with one capacity check, and popped together at the start of its reverse
//! block, before the adjoints of the block's calls pop what those calls pushed.
//!
//! The frame: a block outside every loop runs at most once per call, so a value it defines
//! (and the number of the edge that entered it) has one instance. Such leaves go to a stack
//! slot instead of the tape: a combined gradient stores the slot where the block ends and loads
//! it in the reverse sweep (LLVM then keeps it in a register); the augmented part of a call
//! pushes all the slots once, when it returns, and the reverse part pops them first.

use std::collections::{HashMap, HashSet};

use catalase_ir::diag::Diagnostic;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData, MemFlags};
use catalase_ir::opcodes::{BinaryOp, CastOp, Ordering};
use catalase_ir::{Block, Inst, Type, Value};

use super::augmented::RevCtx;
use super::tape::{self, Item, Plan, Recompute};
use super::Part;

/// How deep a value is made again from others before it is kept instead.
const MAX_DEPTH: u32 = 12;
/// How long a chain of cheap operations on values the block has is made again (`Planner::chain`).
const MAX_CHAIN: usize = 256;

/// What the reverse of one block reads.
#[derive(Default)]
pub(super) struct Record {
    /// Pushed at the end of the forward block, popped at the start of the reverse block.
    pub cached: Vec<Item>,
    /// Made again at the start of the reverse block, each after what it is made from.
    pub remade: Vec<(Item, Remake)>,
    /// Read from the frame (defined outside every loop).
    pub framed: Vec<Item>,
    /// Defined outside a counted loop the block is in: kept once per run of that loop (by
    /// header), pushed where the loop is left.
    pub hoisted: Vec<(Item, Block)>,
    /// The same in every run of some loops around it: kept in a table indexed by the counts of
    /// the others (`table`).
    pub tabled: Vec<(Item, super::table::Dims)>,
}

/// Something kept once per call in the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum FrameKey {
    Item(Item),
    /// The number of the edge that entered a block outside every loop.
    Edge(Block),
}

/// One entry of the frame.
pub(super) struct FrameEntry {
    pub key: FrameKey,
    pub ty: Type,
    /// The stack slot (combined gradient and augmented part).
    pub slot: Option<Value>,
    /// The value popped at the start of a reverse part.
    pub popped: Option<Value>,
}

/// The frame of one generated function.
#[derive(Default)]
pub(super) struct Frame {
    /// The blocks outside every loop (empty when the control flow is irreducible).
    pub blocks: HashSet<Block>,
    pub entries: Vec<FrameEntry>,
    pub index: HashMap<FrameKey, usize>,
    /// The entries each block defines.
    pub defined_in: HashMap<Block, Vec<usize>>,
}

/// Integer intrinsics without memory effects that the reverse sweep computes again rather than
/// keep (name prefixes).
pub(super) const INTEGER_INTRINSICS: &[&str] = &[
    "llvm.bitreverse.", "llvm.bswap.", "llvm.ctpop.", "llvm.ctlz.", "llvm.cttz.", "llvm.smin.", "llvm.smax.",
    "llvm.umin.", "llvm.umax.", "llvm.abs.", "llvm.fshl.", "llvm.fshr.",
];

/// How a value is made again in the reverse sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Remake {
    /// By its instruction, from operands the reverse block has.
    Op,
    /// By loading again from memory that nothing overwrites after the load.
    Reload,
    /// An induction variable of the counted loop at the header, from the iteration count.
    Counted(Block),
}

/// How one item can be had in a reverse block.
enum How {
    /// Constants, arguments, the entry block's values (see [`tape::TapePlan`]).
    Available,
    /// Made again from `deps`; `cheap_only`: only when the deps are there anyway (a float
    /// operation would trade one kept value for its operands).
    Remake { deps: Vec<Item>, kind: Remake, cheap_only: bool },
    /// Kept on the tape.
    Leaf,
}

impl RevCtx<'_, '_> {
    /// Plan the record of every block (before either sweep is emitted).
    pub(super) fn plan_records(&mut self) -> Result<(), Diagnostic> {
        self.reloadable = self.reloadable_loads();
        self.heap_allocas = self.heap_allocas();
        self.frame.blocks = self.blocks_outside_loops();
        self.plan_steady_loops();
        self.plan_restored_arrays();
        let mut reads_of = HashMap::new();
        for b in self.order.clone() {
            let mut reads = Vec::new();
            for inst in self.src.layout.block_insts(b) {
                let data = self.src.dfg.inst(inst);
                if !data.is_terminator() || matches!(data, InstData::Invoke { .. }) {
                    self.cur = Some(inst);
                    reads.extend(self.adjoint_reads(inst).map_err(|d| self.locate(d))?);
                }
            }
            self.cur = None;
            for &item in &reads {
                if let Plan::Recompute(why) = self.plan.plan(item.value()) {
                    self.tape_log.recompute(describe(self, item), why);
                }
            }
            let record = self.plan_record(b, &reads);
            self.records.insert(b, record);
            reads_of.insert(b, reads);
        }
        for b in self.order.clone() {
            for (item, h) in self.records[&b].hoisted.clone() {
                self.counters.add_invariant(h, item);
            }
        }
        self.plan_remade_counts(&mut reads_of);
        self.plan_derived_edges(&mut reads_of);
        self.plan_told_invariants(&mut reads_of);
        self.plan_joins();
        let mut keys: Vec<FrameKey> = Vec::new();
        for b in &self.order {
            keys.extend(self.records[b].framed.iter().map(|i| FrameKey::Item(*i)));
            if self.frame.blocks.contains(b) && self.edges.get(b).is_some_and(|e| e.len() > 1) {
                keys.push(FrameKey::Edge(*b));
            }
        }
        for key in keys {
            if !self.frame.index.contains_key(&key) {
                let ty = match key {
                    FrameKey::Item(i) => self.item_type(i),
                    FrameKey::Edge(_) => Type::I64,
                };
                let k = self.frame.entries.len();
                if let FrameKey::Item(i) = key {
                    if let Some(b) = self.def_block(i) {
                        self.frame.defined_in.entry(b).or_default().push(k);
                    }
                }
                self.frame.index.insert(key, k);
                self.frame.entries.push(FrameEntry { key, ty, slot: None, popped: None });
            }
        }
        Ok(())
    }

    /// The counted loops whose count the reverse of their exit block can compute from the trip
    /// count: that block's record is planned again with the trip count's operands read too
    /// (those the loop keeps as invariants aside, which are popped with the count), and the
    /// new record replaces the old when it keeps nothing on the tape the old did not.
    fn plan_remade_counts(&mut self, reads: &mut HashMap<Block, Vec<Item>>) {
        let mut headers: Vec<Block> = self.counters.loops.keys().copied().collect();
        headers.sort();
        for h in headers {
            let l = &self.counters.loops[&h];
            let (Some(trip), [exit]) = (&l.trip, l.exits.as_slice()) else { continue };
            let exit = *exit;
            let mut operands = Vec::new();
            trip_operands(trip, &mut operands);
            let mut wanted = reads.get(&exit).cloned().unwrap_or_default();
            wanted.extend(operands.into_iter().map(Item::Primal).filter(|i| !l.invariants.contains(i)));
            let (new, old) = (self.plan_record(exit, &wanted), &self.records[&exit]);
            if self.keeps_no_more(&new, old) {
                self.records.insert(exit, new);
                reads.insert(exit, wanted);
                self.counters.loops.get_mut(&h).expect("a counted loop").remade = true;
            }
        }
    }

    /// The blocks no cycle passes through (by loop analysis; none when it fails or finds
    /// irreducible control flow, whose cycles it does not name as loops).
    fn blocks_outside_loops(&self) -> HashSet<Block> {
        match &self.loop_info {
            Some(info) if info.irreducible_edges().is_empty() => {
                self.order.iter().copied().filter(|b| info.depth(*b) == 0).collect()
            }
            _ => HashSet::new(),
        }
    }

    /// The counted loop around `block` whose every iteration computes `item` from the same
    /// values: an operation that cannot trap, in a block of the loop that dominates its exits,
    /// on operands defined before the loop (LLVM leaves such conditions in a loop's header). Its
    /// value where the loop is left is its value in each iteration, so it is kept once per run.
    fn invariant_in(&self, item: Item, block: Block) -> Option<Block> {
        let Item::Primal(v) = item else { return None };
        let ValueDef::Result(inst) = self.src.dfg.values[v].def else { return None };
        let def = self.src.layout.inst_block(inst)?;
        let (_, dom) = self.flow.as_ref()?;
        let h = *self.counters.innermost_of(def)?;
        let l = self.counters.loops.get(&h)?;
        let outside = |x: &Value| self.def_block(Item::Primal(*x)).is_none_or(|d| !l.blocks.contains(&d));
        let pure = match self.src.dfg.inst(inst) {
            InstData::Binary { op, .. } => !matches!(op, BinaryOp::UDiv | BinaryOp::SDiv | BinaryOp::URem | BinaryOp::SRem),
            d => matches!(d, InstData::Icmp { .. } | InstData::Select { .. } | InstData::Cast { .. } | InstData::PtrAdd { .. }),
        };
        let args = self.src.dfg.inst(inst).operands();
        (pure && l.blocks.contains(&block) && args.iter().all(outside) && l.exits.iter().all(|x| dom.dominates(def, *x))).then_some(h)
    }

    /// The block that defines the value of `item`.
    pub(super) fn def_block(&self, item: Item) -> Option<Block> {
        match self.src.dfg.values[item.value()].def {
            ValueDef::Result(i) => self.src.layout.inst_block(i),
            ValueDef::Param(b, _) => Some(b),
            ValueDef::Const(_) => None,
        }
    }

    pub(super) fn in_frame(&self, item: Item) -> bool {
        self.def_block(item).is_some_and(|b| self.frame.blocks.contains(&b))
    }

    /// Make the frame's stack slots (where a forward sweep is emitted).
    pub(super) fn make_frame_slots(&mut self) {
        for k in 0..self.frame.entries.len() {
            let ty = self.frame.entries[k].ty.clone();
            let slot = self.scratch(ty);
            self.frame.entries[k].slot = Some(slot);
        }
    }

    /// The forward sweep at the end of block `b`: store what `b` defines into the frame.
    fn store_frame(&mut self, b: Block) {
        let defined = self.frame.defined_in.get(&b).cloned().unwrap_or_default();
        let keys: Vec<(Item, Value)> = defined
            .into_iter()
            .filter_map(|k| match self.frame.entries[k].key {
                FrameKey::Item(i) => Some((i, self.frame.entries[k].slot.expect("slots made"))),
                FrameKey::Edge(_) => None,
            })
            .collect();
        for (item, slot) in keys {
            let v = self.item_value(item);
            self.ins(|bl| bl.store(v, slot, MemFlags::aligned(8)));
        }
    }

    pub(super) fn item_value(&mut self, item: Item) -> Value {
        match item {
            Item::Primal(v) => self.p(v),
            Item::Shadow(v, l) => self.in_lane(l as usize, |c| c.s(v)).expect("a shadow the reverse sweep reads exists"),
        }
    }

    /// The number of the edge that entered `b` (a forward block parameter), kept in the frame
    /// when `b` is outside every loop, made again from a branch (`edges`), else pushed.
    pub(super) fn keep_edge(&mut self, b: Block, edge: Value) {
        if self.derived_edges.contains_key(&b) {
            return;
        }
        match self.frame.index.get(&FrameKey::Edge(b)) {
            Some(&k) => {
                let slot = self.frame.entries[k].slot.expect("slots made");
                self.ins(|bl| bl.store(edge, slot, MemFlags::aligned(8)));
            }
            None => self.push(edge),
        }
    }

    /// The number of the edge that entered `b`, in the reverse sweep.
    pub(super) fn edge_taken(&mut self, b: Block) -> Value {
        if let Some(edge) = self.derived_edge(b) {
            return edge;
        }
        match self.frame.index.get(&FrameKey::Edge(b)) {
            Some(&k) => self.frame_value(k),
            None => self.pop(&Type::I64),
        }
    }

    /// Frame entry `k` in the reverse sweep: popped by a reverse part, else loaded.
    fn frame_value(&mut self, k: usize) -> Value {
        let e = &self.frame.entries[k];
        if let Some(v) = e.popped {
            return v;
        }
        let (slot, ty) = (e.slot.expect("slots made"), e.ty.clone());
        self.ins(|bl| bl.load(ty, slot, MemFlags::aligned(8)))
    }

    /// The augmented part, returning: push the whole frame (last, so the reverse part pops it
    /// first).
    pub(super) fn push_frame(&mut self) {
        if self.frame.entries.is_empty() {
            return;
        }
        let slots: Vec<(Value, Type)> =
            self.frame.entries.iter().map(|e| (e.slot.expect("slots made"), e.ty.clone())).collect();
        let values: Vec<Value> =
            slots.iter().map(|(slot, ty)| self.ins(|bl| bl.load(ty.clone(), *slot, MemFlags::aligned(8)))).collect();
        self.push_values(&values);
    }

    /// The reverse part, starting: pop the frame the augmented part pushed.
    pub(super) fn pop_frame(&mut self) {
        if self.frame.entries.is_empty() {
            return;
        }
        let types: Vec<Type> = self.frame.entries.iter().map(|e| e.ty.clone()).collect();
        let values = self.pop_values(&types);
        for (e, v) in self.frame.entries.iter_mut().zip(values) {
            e.popped = Some(v);
        }
    }

    pub(super) fn plan_record(&self, block: Block, reads: &[Item]) -> Record {
        let mut planner = Planner { block, have: HashSet::new(), record: Record::default() };
        let mut deferred = Vec::new();
        for &item in reads {
            match self.how(item, block) {
                How::Remake { cheap_only: true, .. } => deferred.push(item),
                _ => planner.resolve(self, item, 0),
            }
        }
        // Operands before the values made from them (source values are numbered in the order
        // they are defined), so that `-x` is made again from an `x` that is kept anyway rather
        // than kept beside it.
        deferred.sort_by_key(|item| catalase_ir::entities::EntityRef::index(item.value()));
        for item in deferred {
            planner.resolve(self, item, 0);
        }
        planner.record
    }

    /// How `item` is had in the reverse of `block`.
    fn how(&self, item: Item, block: Block) -> How {
        let v = item.value();
        if let Plan::Recompute(_) = self.plan.plan(v) {
            return How::Available;
        }
        if let (Item::Primal(_), Some((h, iv))) = (item, self.counters.iv_in(v, block)) {
            if matches!(self.src.dfg.value_type(v), Type::Int(w) if *w <= 64) {
                return How::Remake { deps: vec![Item::Primal(iv.init)], kind: Remake::Counted(h), cheap_only: false };
            }
        }
        if let (Item::Primal(_), Some((h, iv))) = (item, self.counters.strided_in(v, block)) {
            return How::Remake { deps: vec![Item::Primal(iv.init), Item::Primal(iv.step)], kind: Remake::Counted(h), cheap_only: false };
        }
        let ValueDef::Result(inst) = self.src.dfg.values[v].def else { return How::Leaf };
        let data = self.data(inst);
        let floats = self.src.dfg.value_type(v).scalar().is_float();
        let op = |deps: Vec<Item>, cheap_only: bool| How::Remake { deps, kind: Remake::Op, cheap_only };
        let primal = |vs: &[Value]| vs.iter().map(|x| Item::Primal(*x)).collect::<Vec<_>>();
        match (item, &data) {
            (Item::Primal(_), InstData::Binary { op: o, args }) => match o {
                BinaryOp::FAdd | BinaryOp::FSub | BinaryOp::FMul => op(primal(args), true),
                BinaryOp::FDiv | BinaryOp::FRem => How::Leaf,
                _ => op(primal(args), false),
            },
            (Item::Primal(_), InstData::Unary { arg, .. } | InstData::Cast { arg, .. }) => op(primal(&[*arg]), floats),
            (Item::Primal(_), InstData::Icmp { args, .. }) => op(primal(args), false),
            (Item::Primal(_), InstData::Fcmp { args, .. }) => op(primal(args), true),
            (Item::Primal(_), InstData::PtrAdd { args }) => op(primal(args), false),
            (Item::Primal(_), InstData::Select { args }) => op(primal(args), true),
            (Item::Primal(_), InstData::ExtractValue { arg, .. }) => op(primal(&[*arg]), true),
            (Item::Primal(_), InstData::ExtractElement { args } | InstData::InsertValue { args, .. }) => op(primal(args), true),
            (Item::Primal(_), InstData::InsertElement { args }) => op(primal(args), true),
            (Item::Primal(_), InstData::Shuffle { args, mask }) if !mask.contains(&-1) => op(primal(args), true),
            // A fused multiply-add is as cheap as the product and sum it stands for.
            (Item::Primal(_), InstData::Call { callee: Callee::Direct(name), args, .. })
                if name.starts_with("llvm.fmuladd.") || name.starts_with("llvm.fma.") =>
            {
                op(primal(args), true)
            }
            // Math calls that touch no memory, by cost (`pure`).
            (Item::Primal(_), InstData::Call { args, .. }) if self.remakes_pure_call(&data) => op(primal(args), true),
            // Integer bit operations: as cheap as the arithmetic above (an FFT's bit reversal).
            (Item::Primal(_), InstData::Call { callee: Callee::Direct(name), args, .. })
                if INTEGER_INTRINSICS.iter().any(|p| name.starts_with(p)) && !floats =>
            {
                op(primal(args), false)
            }
            (Item::Primal(_), InstData::Load { ptr, .. }) if self.reloadable.contains(&inst) || self.restored_in(inst, block) => {
                How::Remake { deps: vec![Item::Primal(*ptr)], kind: Remake::Reload, cheap_only: true }
            }
            (Item::Shadow(_, l), InstData::PtrAdd { args: [base, off] }) => op(vec![self.shadow_item(*base, l), Item::Primal(*off)], false),
            // A select of pointer bits one of whose operands is an address (`find_merged_bits`)
            // keeps its shadow bits.
            (Item::Shadow(_, _), InstData::Select { args: [_, t, f] })
                if [*t, *f].iter().any(|a| !self.pointer_shadow(*a) && self.address_source(*a).is_some()) =>
            {
                How::Leaf
            }
            (Item::Shadow(_, l), InstData::Select { args: [c, t, f] }) => {
                op(vec![Item::Primal(*c), self.shadow_item(*t, l), self.shadow_item(*f, l)], true)
            }
            (Item::Shadow(_, l), InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg })
                if self.src.dfg.value_type(*arg).is_ptr_or_vector() =>
            {
                op(vec![self.shadow_item(*arg, l)], false)
            }
            _ => How::Leaf,
        }
    }

    /// What the shadow of `v` is made from: its own shadow, or the primal standing in where it
    /// has none (as `s_or_standin` has it in the forward sweep).
    fn shadow_item(&self, v: Value, lane: u32) -> Item {
        if self.pointer_shadow(v) {
            Item::Shadow(v, lane)
        } else {
            Item::Primal(v)
        }
    }

    /// The loads whose memory nothing may overwrite after them, so that the reverse sweep can
    /// load them again: only in a combined gradient (the parts of a call run apart, and the
    /// caller may write in between), not around user rules (their reverse functions may write
    /// anything), and by mod/ref analysis.
    fn reloadable_loads(&self) -> HashSet<Inst> {
        let mut out = HashSet::new();
        if self.part != Part::Combined {
            return out;
        }
        let insts: Vec<Inst> = self.order.iter().flat_map(|&b| self.src.layout.block_insts(b)).collect();
        let loads: Vec<Inst> = insts
            .iter()
            .copied()
            .filter(|&i| {
                matches!(self.src.dfg.inst(i), InstData::Load { mem, .. } if !mem.volatile && mem.ordering == Ordering::NotAtomic)
            })
            .collect();
        if loads.is_empty() || insts.iter().any(|&i| self.custom_rule(&self.data(i)).is_some()) {
            return out;
        }
        let Ok(modref) = catalase_analysis::modref::analyse(self.src, self.gen.module) else { return out };
        let writers: Vec<Inst> = insts.iter().copied().filter(|&i| !modref.effect(i).writes.is_empty()).collect();
        // Flow-sensitive only where that stays cheap; else any writer of the memory counts.
        let small = insts.len() <= 4000;
        for load in loads {
            let clobbered = writers.iter().any(|&w| modref.clobbers(w, load));
            if !clobbered || (small && !modref.may_be_overwritten(self.src, load, None)) {
                out.insert(load);
            }
        }
        out
    }

    /// Push the record of source block `b` (the forward sweep, at the end of the block).
    pub(super) fn push_record(&mut self, b: Block) {
        if self.frame.blocks.contains(&b) {
            self.store_frame(b);
        }
        let tabled = self.records.get(&b).map(|r| r.tabled.clone()).unwrap_or_default();
        for (item, dims) in &tabled {
            self.store_tabled(*item, dims);
        }
        let cached = self.records.get(&b).map(|r| r.cached.clone()).unwrap_or_default();
        if cached.is_empty() {
            return;
        }
        let values: Vec<Value> = cached.iter().map(|item| self.item_value(*item)).collect();
        let types: Vec<Type> = values.iter().map(|v| self.out.dfg.value_type(*v).clone()).collect();
        for (item, bytes) in cached.iter().zip(tape::record_bytes(&types)) {
            let what = describe(self, *item);
            self.tape_log.cache(b, format!("{what}{}", self.reader_note(*item, b)), bytes);
        }
        self.push_values(&values);
    }

    /// Push `values` (of `out`) as one record: one capacity check (or none, see `chunk`), then
    /// stores; `i1` values as bits of shared words ([`tape::record_layout`]).
    pub(super) fn push_values(&mut self, values: &[Value]) {
        let types: Vec<Type> = values.iter().map(|v| self.out.dfg.value_type(*v).clone()).collect();
        let (slots, total) = tape::record_layout(&types);
        let at = self.tape_room(total);
        self.ins(|bl| {
            let mut words: Vec<(u64, Value)> = Vec::new();
            for (v, slot) in values.iter().zip(slots) {
                match slot {
                    tape::RecordSlot::Bytes(off) => {
                        let o = bl.iconst(Type::I64, off as i128);
                        let addr = bl.ptradd(at, o);
                        bl.store(*v, addr, MemFlags::aligned(8));
                    }
                    tape::RecordSlot::Bit { word, bit } => {
                        let mut b = bl.cast(CastOp::ZExt, *v, Type::I64);
                        if bit > 0 {
                            let k = bl.iconst(Type::I64, i128::from(bit));
                            b = bl.binary(BinaryOp::Shl, b, k);
                        }
                        match words.last_mut() {
                            Some((w, acc)) if *w == word => *acc = bl.binary(BinaryOp::Or, *acc, b),
                            _ => words.push((word, b)),
                        }
                    }
                }
            }
            for (off, w) in words {
                let o = bl.iconst(Type::I64, off as i128);
                let addr = bl.ptradd(at, o);
                bl.store(w, addr, MemFlags::aligned(8));
            }
        });
    }

    /// Pop a record of values of `types` (pushed by [`Self::push_values`]).
    pub(super) fn pop_values(&mut self, types: &[Type]) -> Vec<Value> {
        let (slots, total) = tape::record_layout(types);
        self.gen.add_helper(tape::take_function());
        let tape = self.tape;
        self.ins(|bl| {
            let n = bl.iconst(Type::I64, total as i128);
            let at = bl.call_named(tape::TAKE, tape::reserve_signature(), vec![tape, n]).expect("take returns");
            let mut words: HashMap<u64, Value> = HashMap::new();
            let mut values = Vec::new();
            for (ty, slot) in types.iter().zip(slots) {
                let v = match slot {
                    tape::RecordSlot::Bytes(off) => {
                        let o = bl.iconst(Type::I64, off as i128);
                        let addr = bl.ptradd(at, o);
                        bl.load(ty.clone(), addr, MemFlags::aligned(8))
                    }
                    tape::RecordSlot::Bit { word, bit } => {
                        let w = *words.entry(word).or_insert_with(|| {
                            let o = bl.iconst(Type::I64, word as i128);
                            let addr = bl.ptradd(at, o);
                            bl.load(Type::I64, addr, MemFlags::aligned(8))
                        });
                        let k = bl.iconst(Type::I64, i128::from(bit));
                        let shifted = if bit > 0 { bl.binary(BinaryOp::LShr, w, k) } else { w };
                        bl.cast(CastOp::Trunc, shifted, Type::Int(1))
                    }
                };
                values.push(v);
            }
            values
        })
    }

    /// Which adjoint of block `b` reads `item` (for `--print=tape`).
    fn reader_note(&self, item: Item, b: Block) -> String {
        let reader = self.src.layout.block_insts(b).find(|&i| {
            let d = self.src.dfg.inst(i);
            d.operands().contains(&item.value()) || self.src.dfg.result(i) == Some(item.value())
        });
        match reader {
            Some(i) => format!(", read by `{}`", catalase_ir::printer::print_inst(self.src, i)),
            None => String::new(),
        }
    }

    /// Pop the record of source block `b` and make again what it remakes (the reverse sweep,
    /// at the start of the block's reverse).
    pub(super) fn pop_record(&mut self, b: Block) {
        self.popped.clear();
        self.spopped.iter_mut().for_each(|m| m.clear());
        let Some(record) = self.records.get(&b) else { return };
        let (cached, remade, framed) = (record.cached.clone(), record.remade.clone(), record.framed.clone());
        if !cached.is_empty() {
            let types: Vec<Type> = cached.iter().map(|i| self.item_type(*i)).collect();
            let values = self.pop_values(&types);
            for (item, v) in cached.iter().zip(values) {
                self.set_popped(*item, v);
            }
        }
        for item in framed {
            let v = self.frame_value(self.frame.index[&FrameKey::Item(item)]);
            self.set_popped(item, v);
        }
        for (item, h) in self.records[&b].hoisted.clone() {
            let (slot, ty) = (self.invariant_slot(h, item), self.item_type(item));
            let v = self.ins(|bl| bl.load(ty, slot, MemFlags::aligned(8)));
            self.set_popped(item, v);
        }
        for (item, dims) in self.records[&b].tabled.clone() {
            let v = self.load_tabled(item, &dims);
            self.set_popped(item, v);
        }
        for (item, kind) in remade {
            let v = self.remake(item, kind);
            self.set_popped(item, v);
        }
    }

    pub(super) fn item_type(&self, item: Item) -> Type {
        self.src.dfg.value_type(item.value()).clone()
    }

    pub(super) fn set_popped(&mut self, item: Item, v: Value) {
        match item {
            Item::Primal(x) => self.popped.insert(x, v),
            Item::Shadow(x, l) => self.spopped[l as usize].insert(x, v),
        };
    }

    /// Make `item` again in the reverse block, from what the block has.
    pub(super) fn remake(&mut self, item: Item, kind: Remake) -> Value {
        let v = item.value();
        if let Remake::Counted(h) = kind {
            if let Some(iv) = self.counters.loops[&h].strided.iter().find(|iv| iv.param == v).cloned() {
                return self.strided_from_count(h, &iv);
            }
            let iv = self.counters.loops[&h].ivs.iter().find(|iv| iv.param == v).expect("an induction variable").clone();
            return self.iv_from_count(h, &iv);
        }
        let ValueDef::Result(inst) = self.src.dfg.values[v].def else { unreachable!("only results are made again") };
        let data = self.data(inst);
        match (item, &data) {
            (Item::Primal(_), _) => {
                debug_assert!(kind == Remake::Op || matches!(data, InstData::Load { .. }));
                let mut data = data.clone();
                data.map_values(|x| self.p(x));
                // A math call is made as the forward sweep makes it, without the `errno` write.
                if let InstData::Call { callee, sig, attrs, .. } = &mut data {
                    if let Some((c, a)) = crate::calls::errno_free_call(self.gen.module, callee, sig, attrs) {
                        (*callee, *attrs) = (c, a);
                    }
                }
                let src = self.src;
                let new = self.ins(|bl| bl.build_like(data, src, inst));
                self.out.dfg.result(new).expect("a result")
            }
            (Item::Shadow(_, l), InstData::PtrAdd { args: [base, off] }) => {
                let (sb, o) = (self.in_lane(l as usize, |c| c.s_or_standin(*base)), self.p(*off));
                self.ins(|bl| bl.ptradd(sb, o))
            }
            (Item::Shadow(_, l), InstData::Select { args: [c, t, f] }) => {
                let c = self.p(*c);
                let (t, f) = self.in_lane(l as usize, |x| (x.s_or_standin(*t), x.s_or_standin(*f)));
                self.ins(|bl| bl.select(c, t, f))
            }
            (Item::Shadow(_, l), InstData::Cast { op, arg }) => {
                let (op, s, ty) = (*op, self.in_lane(l as usize, |c| c.s_or_standin(*arg)), self.item_type(item));
                self.ins(|bl| bl.cast(op, s, ty))
            }
            _ => unreachable!("`how` remakes shadows of ptradd, select and casts only"),
        }
    }

    /// Log what the reverse sweep of the function does not keep on the tape per block
    /// (`--print=tape`): the frame, and what is made again.
    pub(super) fn log_recomputed(&mut self) {
        self.log_derived_edges();
        let entry = self.src.entry_block().expect("a definition");
        let types: Vec<Type> = self.frame.entries.iter().map(|e| e.ty.clone()).collect();
        for (k, bytes) in tape::record_bytes(&types).into_iter().enumerate() {
            let key = self.frame.entries[k].key;
            let what = match key {
                FrameKey::Item(i) => describe(self, i),
                FrameKey::Edge(b) => format!("the number of the edge that entered {b}"),
            };
            if self.part == Part::Combined {
                self.tape_log.recompute(what, Recompute::Frame);
            } else {
                self.tape_log.cache(entry, format!("{what} (the frame: outside every loop, pushed once on return)"), bytes);
            }
        }
        let mut seen = HashSet::new();
        for b in self.order.clone() {
            let Some(record) = self.records.get(&b) else { continue };
            let remade: Vec<(Item, Remake)> = record.remade.clone();
            for (item, kind) in remade {
                if seen.insert(item) {
                    let why = match kind {
                        Remake::Op => Recompute::Remade,
                        Remake::Reload if self.restored.loads.contains_key(&self.src.dfg.def_inst(item.value()).expect("a load")) => {
                            Recompute::Restored
                        }
                        Remake::Reload => Recompute::Reloaded,
                        Remake::Counted(_) => Recompute::Counted,
                    };
                    self.tape_log.recompute(describe(self, item), why);
                }
            }
            for (item, dims) in record.tabled.clone() {
                if seen.insert(item) {
                    let loops: Vec<String> = dims.iter().map(|(h, n)| format!("{h} ({n})")).collect();
                    let what = format!("{} (by the counts of the loops at {})", describe(self, item), loops.join(", "));
                    self.tape_log.recompute(what, Recompute::Table);
                }
            }
        }
    }
}

/// An item as `--print=tape` names it.
pub(super) fn describe(ctx: &RevCtx<'_, '_>, item: Item) -> String {
    match item {
        Item::Primal(v) => format!("{v}: {}", ctx.src.dfg.value_type(v)),
        Item::Shadow(v, _) if ctx.width() == 1 => format!("the shadow of {v}"),
        Item::Shadow(v, l) => format!("the shadow of {v} (lane {l})"),
    }
}

/// The source values a trip count reads.
pub(super) fn trip_operands(e: &catalase_analysis::loops::trip::TripExpr, out: &mut Vec<Value>) {
    use catalase_analysis::loops::trip::TripExpr::*;
    match e {
        Const(_) => {}
        Value(v) => out.push(*v),
        Add(a, b) | Sub(a, b) | UDiv(a, b) | SMax(a, b) | UMax(a, b) => {
            trip_operands(a, out);
            trip_operands(b, out);
        }
    }
}

/// The state of planning one record.
struct Planner {
    /// The block whose record is planned.
    block: Block,
    /// Items the reverse block has: kept, made again, or available.
    have: HashSet<Item>,
    record: Record,
}

impl Planner {
    /// Have `item` in the reverse block: made again when it can be (for a cheap-only item,
    /// when its operands are there without keeping anything more), else kept.
    fn resolve(&mut self, ctx: &RevCtx<'_, '_>, item: Item, depth: u32) {
        if self.have.contains(&item) {
            return;
        }
        match ctx.how(item, self.block) {
            How::Available => {
                self.have.insert(item);
            }
            How::Remake { deps, kind, cheap_only } if depth < MAX_DEPTH => {
                if cheap_only && !deps.iter().all(|d| self.free(ctx, *d, depth + 1, &mut HashMap::new())) {
                    if let Some(steps) = self.chain(ctx, item) {
                        // From the first step up: each then has all its operands.
                        for step in steps.into_iter().rev() {
                            self.resolve(ctx, step, 0);
                        }
                        return;
                    }
                    if !self.fewer_bytes_to_remake(ctx, item, &deps, depth) {
                        self.keep(ctx, item);
                        return;
                    }
                }
                for d in deps {
                    self.resolve(ctx, d, depth + 1);
                }
                self.have.insert(item);
                self.record.remade.push((item, kind));
            }
            _ => self.keep(ctx, item),
        }
    }

    fn keep(&mut self, ctx: &RevCtx<'_, '_>, item: Item) {
        self.have.insert(item);
        if ctx.in_frame(item) {
            self.record.framed.push(item);
        } else if let Some(dims) = ctx.table_dims(item, self.block) {
            self.record.tabled.push((item, dims));
        } else if let Some(h) = ctx.def_block(item).and_then(|d| ctx.counters.hoist_to(self.block, d)) {
            self.record.hoisted.push((item, h));
        } else if let Some(h) = ctx.invariant_in(item, self.block) {
            self.record.hoisted.push((item, h));
        } else {
            self.record.cached.push(item);
        }
    }

    /// The steps of a chain of cheap operations down from `item` (a running sum or product of
    /// values the block has: an unrolled reduction, `logsumexp`'s sum of the `exp`s it keeps),
    /// `item` first: each step is made from values the block has and the next step, the last
    /// from values the block has alone. Making it again costs one operation a step, however long
    /// it is (`MAX_DEPTH` bounds trees, whose cost grows faster); a step whose other operand
    /// would itself be made again (a dot product of loads) ends no chain.
    fn chain(&self, ctx: &RevCtx<'_, '_>, item: Item) -> Option<Vec<Item>> {
        let mut steps = vec![item];
        while steps.len() <= MAX_CHAIN {
            let How::Remake { deps, kind: Remake::Op, cheap_only: true } = ctx.how(*steps.last()?, self.block) else { return None };
            let missing: Vec<Item> =
                deps.into_iter().filter(|d| !self.have.contains(d) && !matches!(ctx.how(*d, self.block), How::Available)).collect();
            match missing.as_slice() {
                [] => return Some(steps),
                [next] if !steps.contains(next) => steps.push(*next),
                _ => return None,
            }
        }
        None
    }

    /// Whether keeping what `item`'s `deps` need takes fewer tape bytes than keeping `item`: a
    /// splat or an `insertelement` of one kept scalar is made again from the scalar.
    fn fewer_bytes_to_remake(&self, ctx: &RevCtx<'_, '_>, item: Item, deps: &[Item], depth: u32) -> bool {
        let mut leaves = HashSet::new();
        let whole = deps.iter().all(|d| self.leaves(ctx, *d, depth + 1, &mut leaves));
        let bytes = |i: &Item| super::tape::slot_bytes(&ctx.item_type(*i));
        whole && leaves.iter().map(bytes).sum::<u64>() < bytes(&item)
    }

    /// Collects into `out` what would be kept to have `item`; false when too deep to tell.
    fn leaves(&self, ctx: &RevCtx<'_, '_>, item: Item, depth: u32, out: &mut HashSet<Item>) -> bool {
        if depth >= MAX_DEPTH {
            return false;
        }
        if self.have.contains(&item) {
            return true;
        }
        match ctx.how(item, self.block) {
            How::Available => true,
            How::Remake { deps, .. } => deps.iter().all(|d| self.leaves(ctx, *d, depth + 1, out)),
            How::Leaf => {
                out.insert(item);
                true
            }
        }
    }

    /// Whether `item` can be had without keeping anything more.
    fn free(&self, ctx: &RevCtx<'_, '_>, item: Item, depth: u32, memo: &mut HashMap<Item, bool>) -> bool {
        if self.have.contains(&item) {
            return true;
        }
        if let Some(&known) = memo.get(&item) {
            return known;
        }
        let ok = match ctx.how(item, self.block) {
            How::Available => true,
            How::Remake { deps, .. } if depth < MAX_DEPTH => deps.iter().all(|d| self.free(ctx, *d, depth + 1, memo)),
            _ => false,
        };
        memo.insert(item, ok);
        ok
    }
}
