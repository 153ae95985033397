//! Values kept in a table per iteration of their loops instead of on the tape. A loop whose
//! every run is the same — what flows in is the same all call long (constants, arguments,
//! values defined outside every loop), its branches, loads (of memory nothing overwrites) and
//! calls (pure math) depend only on what it computes from that — computes the same values at
//! the same iteration counts in every run. Such a value, read by the reverse of a loop nest, is
//! kept once per iteration of that loop and the counted loops inside it around the value, in a
//! stack table indexed by their counts, not once per iteration of the whole nest on the tape:
//! GMM's `exp(q[k·D + r])` by k and r (not per point i), and its triangular loop's running
//! offset `li` by the column c (not per point and component).
//!
//! The forward sweep stores the value at its index where the block's record is pushed (the same
//! value again in each run), and the reverse sweep loads it where the record is popped, from the
//! counts the reverse keeps anyway (`counters`). Only in a combined gradient (the table lives in
//! its stack frame); only for counted loops with a constant trip count, which bounds the index;
//! at most [`MAX_TABLE_BYTES`] a table; and only for a loop inside another loop, so that the
//! table is smaller than the tape.

use std::collections::{HashMap, HashSet};

use catalase_analysis::loops::trip::TripExpr;
use catalase_analysis::loops::Loop;
use catalase_ir::inst::{Callee, InstData, MemFlags};
use catalase_ir::opcodes::BinaryOp;
use catalase_ir::{Block, Inst, Type, Value};

use super::augmented::RevCtx;
use super::tape::{self, Item, Plan};
use super::Part;

/// The largest table (bytes of the stack frame).
const MAX_TABLE_BYTES: u64 = 64 * 1024;

/// The index of a table: the counted loops (by header) and their numbers of iterations.
pub(super) type Dims = Vec<(Block, u64)>;

impl RevCtx<'_, '_> {
    /// The values each loop inside another computes the same in every run (by header); a loop
    /// whose branches may go another way from run to run has none.
    pub(super) fn plan_steady_loops(&mut self) {
        self.steady.clear();
        let Some(info) = (self.part == Part::Combined).then_some(self.loop_info.as_ref()).flatten() else { return };
        let mut steady = HashMap::new();
        for (_, l) in info.loops() {
            if l.parent.is_some() && self.counters.is_counted(l.header) {
                if let Some(values) = self.steady_values(l) {
                    steady.insert(l.header, values);
                }
            }
        }
        self.steady = steady;
    }

    /// The values defined in `l` that are the same in every run of it (at the same counts), or
    /// `None` when a branch, a switch or an invoke in it may go another way from run to run.
    fn steady_values(&self, l: &Loop) -> Option<HashSet<Value>> {
        let inside: HashSet<Block> = l.blocks.iter().copied().collect();
        let mut varying = HashSet::new();
        let sources: Vec<Block> = l.blocks.iter().chain(&l.entering).copied().collect();
        loop {
            let before = varying.len();
            for &b in &sources {
                let term = self.src.terminator(b)?;
                for bc in self.src.dfg.inst(term).successors() {
                    if !inside.contains(&bc.block) {
                        continue;
                    }
                    for (arg, param) in bc.args.iter().zip(self.src.dfg.block_params(bc.block)) {
                        if self.varies(*arg, &inside, &varying) {
                            varying.insert(*param);
                        }
                    }
                }
                if !inside.contains(&b) {
                    continue;
                }
                for inst in self.src.layout.block_insts(b) {
                    if let Some(r) = self.src.dfg.result(inst) {
                        if !varying.contains(&r) && self.inst_varies(inst, &inside, &varying) {
                            varying.insert(r);
                        }
                    }
                }
            }
            if varying.len() == before {
                break;
            }
        }
        for &b in &l.blocks {
            let term = self.src.terminator(b)?;
            let steers = match self.src.dfg.inst(term) {
                InstData::CondBr { cond, .. } => self.varies(*cond, &inside, &varying),
                InstData::Switch { arg, .. } => self.varies(*arg, &inside, &varying),
                InstData::Invoke { .. } => true,
                _ => false,
            };
            if steers {
                return None;
            }
        }
        let defined = l.blocks.iter().flat_map(|&b| {
            let params = self.src.dfg.block_params(b).to_vec();
            params.into_iter().chain(self.src.layout.block_insts(b).filter_map(|i| self.src.dfg.result(i)))
        });
        Some(defined.filter(|v| !varying.contains(v)).collect())
    }

    /// Whether `v` may differ from run to run of the loop made of `inside`: found so inside it,
    /// else anything but what is the same all call long.
    fn varies(&self, v: Value, inside: &HashSet<Block>, varying: &HashSet<Value>) -> bool {
        match self.def_block(Item::Primal(v)) {
            Some(b) if inside.contains(&b) => varying.contains(&v),
            Some(b) => !(self.frame.blocks.contains(&b) || matches!(self.plan.plan(v), Plan::Recompute(_))),
            None => false,
        }
    }

    /// Whether the result of `inst` may differ from run to run: a load of memory something may
    /// overwrite, a call other than pure math, an `alloca`, an atomic, or an operation on
    /// something that does.
    fn inst_varies(&self, inst: Inst, inside: &HashSet<Block>, varying: &HashSet<Value>) -> bool {
        let data = self.data(inst);
        let operands_vary = || data.operands().iter().any(|x| self.varies(*x, inside, varying));
        match &data {
            InstData::Load { ptr, .. } => !self.reloadable.contains(&inst) || self.varies(*ptr, inside, varying),
            InstData::Call { callee: Callee::Direct(name), .. } => {
                let pure = self.is_pure_math(&data) || super::record::INTEGER_INTRINSICS.iter().any(|p| name.starts_with(p));
                !pure || operands_vary()
            }
            InstData::Binary { .. }
            | InstData::Unary { .. }
            | InstData::Cast { .. }
            | InstData::Icmp { .. }
            | InstData::Fcmp { .. }
            | InstData::Select { .. }
            | InstData::ExtractElement { .. }
            | InstData::InsertElement { .. }
            | InstData::Shuffle { .. }
            | InstData::ExtractValue { .. }
            | InstData::InsertValue { .. }
            | InstData::PtrAdd { .. } => operands_vary(),
            _ => true,
        }
    }

    /// The index of the table that keeps `item` (read in the reverse of `block`), when it can be
    /// kept in one: the innermost loop around it whose runs compute it the same, and the loops
    /// inside that one around it, all counted with a constant trip count. Before a value read
    /// in an inner loop is kept once per run of that loop (`counters::hoist_to`): a table keeps
    /// it once for all runs.
    pub(super) fn table_dims(&self, item: Item, block: Block) -> Option<Dims> {
        let Item::Primal(v) = item else { return None };
        let info = self.loop_info.as_ref()?;
        let def = self.def_block(item)?;
        // The loops around the value are around the reading block too (it may sit in a loop
        // inside them), so their counts are there in both sweeps.
        let innermost = info.get(info.loop_of(def)?)?;
        if !innermost.contains(block) {
            return None;
        }
        let mut chain = Vec::new();
        let mut id = info.loop_of(def);
        while let Some(l) = id.and_then(|id| info.get(id)) {
            chain.push(l.header);
            if self.steady.get(&l.header).is_some_and(|s| s.contains(&v)) {
                return self.dims(&chain, self.src.dfg.value_type(v));
            }
            id = l.parent;
        }
        None
    }

    /// The index over the counted loops `chain` (innermost first), when each has a constant
    /// trip count and the table stays small.
    fn dims(&self, chain: &[Block], ty: &Type) -> Option<Dims> {
        let mut dims = Vec::new();
        for h in chain.iter().rev() {
            let TripExpr::Const(n) = self.counters.loops.get(h)?.trip.as_ref()? else { return None };
            dims.push((*h, u64::try_from(*n).ok()?.checked_add(1)?));
        }
        let cells = dims.iter().try_fold(1u64, |acc, (_, n)| acc.checked_mul(*n))?;
        (cells.checked_mul(tape::slot_bytes(ty))? <= MAX_TABLE_BYTES).then_some(dims)
    }

    /// The forward sweep, where the record of a block is pushed: store `item` at its index.
    pub(super) fn store_tabled(&mut self, item: Item, dims: &Dims) {
        let counts: Vec<Value> = dims.iter().map(|(h, _)| self.count_param(*h)).collect();
        let v = self.item_value(item);
        let at = self.table_cell(item, dims, counts);
        self.ins(|bl| bl.store(v, at, MemFlags::aligned(8)));
    }

    /// The reverse sweep, where the record of a block is popped: load `item` from its index.
    pub(super) fn load_tabled(&mut self, item: Item, dims: &Dims) -> Value {
        let slots: Vec<Value> = dims.iter().map(|(h, _)| self.count_slot(*h)).collect();
        let counts: Vec<Value> = slots.into_iter().map(|s| self.ins(|bl| bl.load(Type::I64, s, MemFlags::aligned(8)))).collect();
        let at = self.table_cell(item, dims, counts);
        let ty = self.item_type(item);
        self.ins(|bl| bl.load(ty, at, MemFlags::aligned(8)))
    }

    /// The address of `item`'s cell for the loop counts `counts` (row-major over `dims`).
    fn table_cell(&mut self, item: Item, dims: &Dims, counts: Vec<Value>) -> Value {
        let ty = self.item_type(item);
        let cells: u64 = dims.iter().map(|(_, n)| n).product();
        let table = match self.tables.get(&item) {
            Some(t) => *t,
            None => {
                let words = cells * tape::slot_bytes(&ty) / 8;
                let t = self.uninitialized_slot(Type::Array(words, Box::new(Type::I64)));
                self.tables.insert(item, t);
                t
            }
        };
        let size = tape::slot_bytes(&ty) as i128;
        self.ins(|bl| {
            let mut index = bl.iconst(Type::I64, 0);
            for ((_, n), k) in dims.iter().zip(counts) {
                let n = bl.iconst(Type::I64, *n as i128);
                let scaled = bl.binary(BinaryOp::Mul, index, n);
                index = bl.binary(BinaryOp::Add, scaled, k);
            }
            let size = bl.iconst(Type::I64, size);
            let off = bl.binary(BinaryOp::Mul, index, size);
            bl.ptradd(table, off)
        })
    }
}
