//! Values kept in a table per iteration of their loops instead of on the tape: a value that the
//! reverse of a loop nest reads, and that depends only on the iteration counts of some of the
//! counted loops around it (and on what is the same all call long: constants, arguments, values
//! defined outside every loop, loads of memory nothing overwrites), is the same in every run of
//! the loops it does not depend on. GMM's `exp(q[k·D + r])` in the loop over points `i`
//! depends on `k` and `r` only: it is kept once per component in a stack table indexed by
//! the counts of the loops over `k` and `r`, not once per point and component on the tape.
//!
//! The forward sweep stores the value at its index where the block's record is pushed (the same
//! value again in each run of the other loops), and the reverse sweep loads it where the record
//! is popped, from the counts the reverse keeps anyway (`counters`). Only in a combined
//! gradient (the table lives in its stack frame); only for loops with a constant trip count,
//! which bounds the index; at most [`MAX_TABLE_BYTES`] a table; and only where at least one
//! loop around the value is not in the index, so that the table is smaller than the tape.

use std::collections::BTreeSet;

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{InstData, MemFlags};
use catalase_ir::opcodes::BinaryOp;
use catalase_ir::{Block, Type, Value};

use super::augmented::RevCtx;
use super::tape::{self, Item};
use super::Part;

/// The largest table (bytes of the stack frame).
const MAX_TABLE_BYTES: u64 = 64 * 1024;
/// How deep the operands of a value are followed.
const MAX_DEPTH: u32 = 12;

/// The index of a table: the counted loops (by header) and their numbers of iterations.
pub(super) type Dims = Vec<(Block, u64)>;

impl RevCtx<'_, '_> {
    /// The index of the table that keeps `item` (read in the reverse of `block`), when it can be
    /// kept in one.
    pub(super) fn table_dims(&self, item: Item, block: Block) -> Option<Dims> {
        let (Item::Primal(v), Part::Combined) = (item, self.part) else { return None };
        let info = self.loop_info.as_ref()?;
        let def = self.def_block(item)?;
        if info.loop_of(def).is_none() || info.loop_of(def) != info.loop_of(block) {
            return None;
        }
        let mut counted = BTreeSet::new();
        if !self.same_each_run(v, block, &mut counted, 0) {
            return None;
        }
        let mut dims = Vec::new();
        for h in counted {
            let trip = self.counters.loops[&h].trip.as_ref()?;
            let catalase_analysis::loops::trip::TripExpr::Const(n) = trip else { return None };
            dims.push((h, u64::try_from(*n).ok()?.checked_add(1)?));
        }
        let cells = dims.iter().try_fold(1u64, |acc, (_, n)| acc.checked_mul(*n))?;
        let bytes = cells.checked_mul(tape::slot_bytes(self.src.dfg.value_type(v)))?;
        (bytes <= MAX_TABLE_BYTES && (dims.len() as u32) < info.depth(def)).then_some(dims)
    }

    /// Whether `v` (read in the reverse of `block`) has the same value in every run of the loops
    /// around it for the same counts of the counted loops it adds to `counted`.
    fn same_each_run(&self, v: Value, block: Block, counted: &mut BTreeSet<Block>, depth: u32) -> bool {
        if depth >= MAX_DEPTH {
            return false;
        }
        let ValueDef::Result(inst) = self.src.dfg.values[v].def else {
            return self.same_leaf(v, block, counted, depth);
        };
        let data = self.data(inst);
        let pure = match &data {
            InstData::Binary { op: BinaryOp::FDiv | BinaryOp::FRem, .. } => true,
            InstData::Call { .. } => self.is_pure_math(&data),
            _ => false,
        };
        if pure {
            return data.operands().iter().all(|x| self.same_each_run(*x, block, counted, depth + 1));
        }
        self.same_leaf(v, block, counted, depth)
    }

    /// [`Self::same_each_run`] for what the record planning makes of `v`.
    fn same_leaf(&self, v: Value, block: Block, counted: &mut BTreeSet<Block>, depth: u32) -> bool {
        let item = Item::Primal(v);
        match self.how(item, block) {
            super::record::How::Available => true,
            super::record::How::Remake { deps, kind, .. } => {
                if let super::record::Remake::Counted(h) = kind {
                    counted.insert(h);
                }
                deps.iter().all(|d| matches!(d, Item::Primal(x) if self.same_each_run(*x, block, counted, depth + 1)))
            }
            super::record::How::Leaf => self.in_frame(item),
        }
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
