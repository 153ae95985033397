//! Loops replayed by counting: a loop whose header is entered by one edge from outside and one
//! back edge, whose exits lead to blocks entered from inside the loop only, and which does not
//! return from inside, needs no edge number per iteration. The forward sweep counts the
//! iterations in the header's extra parameter (0 on entry, +1 on the back edge) and pushes the
//! count once where the loop is left; the reverse sweep keeps it in a stack slot, which it
//! counts down at the header's reverse (taking the back edge while it is above 0). The
//! iteration number also gives the loop's induction variables back (`init + k·step`), so they
//! need not be kept either. Where the loop has a trip count (one exit, tested on a 64-bit
//! induction variable against a bound) whose operands the reverse of the exit block has without
//! keeping anything more (made again, or kept for the loop anyway), the count is not pushed
//! either: the reverse sweep computes it from the trip count (an inner loop whose bound is a
//! function of the outer induction variable, as in a triangular loop or LLVM's vector and
//! remainder loops).

use std::collections::{HashMap, HashSet};

use catalase_analysis::loops::trip::TripExpr;
use catalase_analysis::loops::{InductionVar, LoopInfo};
use catalase_ir::builder::Position;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{BlockCall, InstData, MemFlags};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC};
use catalase_ir::{Block, Function, Type, Value};

use super::augmented::RevCtx;
use super::record::describe;
use super::tape::Item;

/// One loop replayed by counting.
pub(super) struct Counted {
    pub header: Block,
    /// Member blocks.
    pub blocks: HashSet<Block>,
    /// The blocks its exits lead to.
    pub exits: Vec<Block>,
    pub ivs: Vec<InductionVar>,
    /// Induction variables stepped by a value defined before the loop.
    pub strided: Vec<Strided>,
    /// The reverse sweep's count (a stack slot), made when first needed.
    pub slot: Option<Value>,
    /// Values defined before the loop that its reverse reads: pushed with the count, kept in
    /// stack slots during the loop's reverse.
    pub invariants: Vec<Item>,
    pub invariant_slots: HashMap<Item, Value>,
    /// The invariants a join block pushes instead of the loop's exits (`joins`).
    pub joined: HashSet<Item>,
    /// The invariants made again where the reverse sweep enters the loop, not pushed (`edges`).
    pub told: HashMap<Item, super::edges::ToldParam>,
    /// The enclosing loop's header.
    pub parent: Option<Block>,
    /// The number of back edges taken, as an expression of values defined before the loop
    /// (64-bit induction variables only: a count that wraps would need 2^64 iterations).
    pub trip: Option<TripExpr>,
    /// Whether the reverse sweep computes the count from `trip` instead of popping it.
    pub remade: bool,
}

/// An induction variable whose step is not a constant but a value defined before its loop (a
/// blocked loop's stride, an FFT's group start): `param` is `init` on entry and `param + step`
/// (or `param - step`) on the back edge, so its reverse makes it as `init ± k·step` from the
/// iteration number `k` (in the variable's width, wrapping as the loop's own steps do).
#[derive(Clone, Debug)]
pub(super) struct Strided {
    pub param: Value,
    pub init: Value,
    pub step: Value,
    /// `param - step` on the back edge.
    pub down: bool,
}

/// The counted loops of a function, by header.
#[derive(Default)]
pub(super) struct Counters {
    pub loops: HashMap<Block, Counted>,
    /// The innermost loop (counted or not) of each block in a loop, by header.
    innermost: HashMap<Block, Block>,
    /// The headers of the counted loops left into each block, by header.
    exited: HashMap<Block, Vec<Block>>,
    /// The counted loop (header) of each induction variable, by its header parameter.
    ivs: HashMap<Value, Block>,
    /// What each join block pushes for the loops before it (`joins`).
    pub joins: HashMap<Block, super::joins::Joined>,
}

impl Counters {
    /// The loops of `info` that can be counted; `edges` are the normal incoming edges of each
    /// block of `order`, `returns` whether a block returns.
    pub fn new(info: &LoopInfo, order: &[Block], edges: &HashMap<Block, Vec<(Block, usize)>>, returns: impl Fn(Block) -> bool) -> Counters {
        let mut loops = HashMap::new();
        if !info.irreducible_edges().is_empty() {
            return Counters::default();
        }
        let reachable: std::collections::HashSet<Block> = order.iter().copied().collect();
        for (_, l) in info.loops() {
            if !reachable.contains(&l.header) {
                continue;
            }
            let into = &edges[&l.header];
            let inside = into.iter().filter(|(p, _)| l.contains(*p)).count();
            if into.len() != 2 || inside != 1 {
                continue;
            }
            let exits: Vec<Block> = l.exits.iter().copied().filter(|x| reachable.contains(x)).collect();
            let dedicated = exits.iter().all(|x| edges.get(x).is_some_and(|e| e.iter().all(|(p, _)| l.contains(*p))));
            if !dedicated || l.blocks.iter().any(|b| returns(*b)) {
                continue;
            }
            let ivs = l.ivs.iter().filter(|iv| iv.step != 0).cloned().collect();
            let blocks = l.blocks.iter().copied().collect();
            let parent = l.parent.and_then(|p| info.get(p)).map(|p| p.header);
            let (invariants, invariant_slots, joined) = (Vec::new(), HashMap::new(), HashSet::new());
            let trip = l.trip_count.as_ref().filter(|t| t.ty == Type::I64).map(|t| t.backedges_taken());
            let remade = false;
            let told = HashMap::new();
            let strided = Vec::new();
            let c = Counted { header: l.header, blocks, exits, ivs, strided, slot: None, invariants, invariant_slots, joined, told, parent, trip, remade };
            loops.insert(l.header, c);
        }
        let mut exited: HashMap<Block, Vec<Block>> = HashMap::new();
        let mut ivs = HashMap::new();
        for l in loops.values() {
            for x in &l.exits {
                exited.entry(*x).or_default().push(l.header);
            }
            ivs.extend(l.ivs.iter().map(|iv| (iv.param, l.header)));
        }
        for hs in exited.values_mut() {
            hs.sort();
        }
        let innermost = order
            .iter()
            .filter_map(|b| info.loop_of(*b).and_then(|id| info.get(id)).map(|l| (*b, l.header)))
            .collect();
        Counters { loops, innermost, exited, ivs, joins: HashMap::new() }
    }

    /// The outermost counted loop around `block` that does not contain `def` (reached through
    /// counted loops only): where a value defined in `def` and read in `block` is kept once.
    pub fn hoist_to(&self, block: Block, def: Block) -> Option<Block> {
        let mut best = None;
        let mut h = self.innermost.get(&block).copied();
        while let Some(l) = h.and_then(|h| self.loops.get(&h)) {
            if l.blocks.contains(&def) {
                break;
            }
            best = Some(l.header);
            h = l.parent;
        }
        best
    }

    /// Find each counted loop's induction variables stepped by a value defined before the loop
    /// (integers of 64 bits or fewer: `param + step` on the one back edge).
    pub fn find_strided(&mut self, func: &Function, edges: &HashMap<Block, Vec<(Block, usize)>>) {
        for l in self.loops.values_mut() {
            let into = &edges[&l.header];
            let (Some(&(outside, oi)), Some(&(latch, li))) =
                (into.iter().find(|(p, _)| !l.blocks.contains(p)), into.iter().find(|(p, _)| l.blocks.contains(p)))
            else {
                continue;
            };
            let outside_def = |v: Value| match func.dfg.values[v].def {
                ValueDef::Result(i) => func.layout.inst_block(i).is_some_and(|b| !l.blocks.contains(&b)),
                ValueDef::Param(b, _) => !l.blocks.contains(&b),
                ValueDef::Const(_) => false,
            };
            for (index, &param) in func.dfg.block_params(l.header).iter().enumerate() {
                if !matches!(func.dfg.value_type(param), Type::Int(w) if *w <= 64) || l.ivs.iter().any(|iv| iv.param == param) {
                    continue;
                }
                let (Some(init), Some(next)) = (edge_arg(func, outside, oi, index), edge_arg(func, latch, li, index)) else { continue };
                let ValueDef::Result(inst) = func.dfg.values[next].def else { continue };
                let (step, down) = match func.dfg.inst(inst) {
                    InstData::Binary { op: BinaryOp::Add, args: [a, b] } if *a == param => (*b, false),
                    InstData::Binary { op: BinaryOp::Add, args: [a, b] } if *b == param => (*a, false),
                    InstData::Binary { op: BinaryOp::Sub, args: [a, b] } if *a == param => (*b, true),
                    _ => continue,
                };
                if outside_def(step) {
                    l.strided.push(Strided { param, init, step, down });
                    self.ivs.insert(param, l.header);
                }
            }
        }
    }

    /// The counted loop and the strided induction variable whose header parameter is `v`, when
    /// `b` is inside that loop.
    pub fn strided_in(&self, v: Value, b: Block) -> Option<(Block, &Strided)> {
        let l = &self.loops[self.ivs.get(&v)?];
        let iv = l.strided.iter().find(|iv| iv.param == v)?;
        l.blocks.contains(&b).then_some((l.header, iv))
    }

    pub fn add_invariant(&mut self, header: Block, item: Item) {
        let l = self.loops.get_mut(&header).expect("a counted loop");
        if !l.invariants.contains(&item) {
            l.invariants.push(item);
        }
    }

    /// The header of the innermost loop of `b`, when that loop is counted.
    pub fn innermost_of(&self, b: Block) -> Option<&Block> {
        self.innermost.get(&b).filter(|h| self.loops.contains_key(h))
    }

    pub fn is_counted(&self, header: Block) -> bool {
        self.loops.contains_key(&header)
    }

    /// The counted loops left into `b`, in a fixed order (by header).
    pub fn exited_into(&self, b: Block) -> Vec<Block> {
        self.exited.get(&b).cloned().unwrap_or_default()
    }

    /// The counted loop and the induction variable whose header parameter is `v`, when `b` is
    /// inside that loop.
    pub fn iv_in(&self, v: Value, b: Block) -> Option<(Block, &InductionVar)> {
        let l = &self.loops[self.ivs.get(&v)?];
        let iv = l.ivs.iter().find(|iv| iv.param == v)?;
        l.blocks.contains(&b).then_some((l.header, iv))
    }
}

impl RevCtx<'_, '_> {
    /// The forward argument of the counted header `header` on the edge from `from`: 0 entering,
    /// the count + 1 on the back edge.
    pub(super) fn count_arg(&mut self, header: Block, from: Block) -> Value {
        let back = self.counters.loops[&header].blocks.contains(&from);
        if !back {
            return self.out.dfg.make_const(Type::I64, catalase_ir::Const::Int(0));
        }
        let count = self.count_param(header);
        self.ins(|bl| {
            let one = bl.iconst(Type::I64, 1);
            bl.binary(BinaryOp::Add, count, one)
        })
    }

    /// Where the forward sweep enters `b`: push the count of each counted loop left into it.
    pub(super) fn push_counts(&mut self, b: Block) {
        for h in self.counters.exited_into(b) {
            if self.counters.loops[&h].remade {
                self.tape_log.recompute(format!("the iterations of the loop at {h}"), super::tape::Recompute::TripCount);
            } else {
                let count = self.count_param(h);
                self.push_note = Some(format!("the iterations of the loop at {h}, once per exit"));
                self.push(count);
            }
            let mut told: Vec<Item> = self.counters.loops[&h].told.keys().copied().collect();
            told.sort_by_key(|i| i.order_key());
            for item in told {
                self.tape_log.recompute(format!("{} (read in the loop at {h})", describe(self, item)), super::tape::Recompute::ToldEdge);
            }
            let invariants = self.pushed_invariants(h);
            if !invariants.is_empty() {
                let values: Vec<Value> = invariants.iter().map(|i| self.item_value(*i)).collect();
                let types: Vec<Type> = values.iter().map(|v| self.out.dfg.value_type(*v).clone()).collect();
                for (item, bytes) in invariants.iter().zip(super::tape::record_bytes(&types)) {
                    let inside = self.def_block(*item).is_some_and(|d| self.counters.loops[&h].blocks.contains(&d));
                    let from = if inside { "made in it from values defined before it" } else { "defined before it" };
                    self.tape_log.cache(b, format!("{} (read in the loop at {h}, {from}: once per exit)", describe(self, *item)), bytes);
                }
                self.push_values(&values);
            }
        }
        self.push_joined(b);
    }

    /// The reverse of `b`, before it leaves: pop the counts `push_counts` pushed into the
    /// loops' slots.
    pub(super) fn pop_counts(&mut self, b: Block) {
        self.pop_joined(b);
        for h in self.counters.exited_into(b).into_iter().rev() {
            let invariants = self.pushed_invariants(h);
            let mut popped = match self.counters.loops[&h].remade {
                true => self.joined_values(h),
                false => HashMap::new(),
            };
            let mut values = Vec::new();
            if !invariants.is_empty() {
                let types: Vec<Type> = invariants.iter().map(|i| self.item_type(*i)).collect();
                values = self.pop_values(&types);
            }
            let mut told: Vec<(Item, super::edges::ToldParam)> = self.counters.loops[&h].told.clone().into_iter().collect();
            told.sort_by_key(|(item, _)| item.order_key());
            let told: Vec<(Item, Value)> = told.into_iter().map(|(item, t)| (item, self.remake_told(&t))).collect();
            for (item, v) in invariants.into_iter().zip(values).chain(told) {
                let slot = self.invariant_slot(h, item);
                self.ins(|bl| bl.store(v, slot, MemFlags::aligned(8)));
                popped.insert(item.value(), v);
            }
            let count = match self.counters.loops[&h].remade {
                true => self.count_from_trip(h, &popped),
                false => self.pop(&Type::I64),
            };
            let slot = self.count_slot(h);
            self.ins(|bl| bl.store(count, slot, MemFlags::aligned(8)));
        }
    }

    /// The invariants of the loop at `h` pushed where it is left (those no join block keeps, and
    /// those made again from a told edge).
    fn pushed_invariants(&self, h: Block) -> Vec<Item> {
        let l = &self.counters.loops[&h];
        l.invariants.iter().copied().filter(|i| !l.joined.contains(i) && !l.told.contains_key(i)).collect()
    }

    /// The count of the loop at `h` in the reverse of its exit block, from its trip count: the
    /// operands are the loop's invariants just popped (`popped`), else what the block has.
    fn count_from_trip(&mut self, h: Block, popped: &HashMap<Value, Value>) -> Value {
        let trip = self.counters.loops[&h].trip.clone().expect("a remade count has a trip count");
        let trip = self.map_trip(&trip, popped);
        self.ins(|bl| trip.materialize(bl, &Type::I64))
    }

    /// `e` with its source values replaced by their values in the reverse sweep.
    fn map_trip(&mut self, e: &TripExpr, popped: &HashMap<Value, Value>) -> TripExpr {
        let pair = |c: &mut Self, a: &TripExpr, b: &TripExpr| (Box::new(c.map_trip(a, popped)), Box::new(c.map_trip(b, popped)));
        match e {
            TripExpr::Const(_) => e.clone(),
            TripExpr::Value(v) => TripExpr::Value(popped.get(v).copied().unwrap_or_else(|| self.p(*v))),
            TripExpr::Add(a, b) => {
                let (a, b) = pair(self, a, b);
                TripExpr::Add(a, b)
            }
            TripExpr::Sub(a, b) => {
                let (a, b) = pair(self, a, b);
                TripExpr::Sub(a, b)
            }
            TripExpr::UDiv(a, b) => {
                let (a, b) = pair(self, a, b);
                TripExpr::UDiv(a, b)
            }
            TripExpr::SMax(a, b) => {
                let (a, b) = pair(self, a, b);
                TripExpr::SMax(a, b)
            }
            TripExpr::UMax(a, b) => {
                let (a, b) = pair(self, a, b);
                TripExpr::UMax(a, b)
            }
        }
    }

    /// The reverse of a counted header: back to the latch while the count is above 0 (counting
    /// down), else to the block the loop was entered from.
    pub(super) fn leave_counted(&mut self, h: Block, adjoints: &[Vec<Option<Value>>]) {
        let slot = self.count_slot(h);
        let edges = self.edges[&h].clone();
        let (back, entry): (Vec<_>, Vec<_>) = edges.into_iter().partition(|(p, _)| self.counters.loops[&h].blocks.contains(p));
        let (to_latch, to_entry) = (self.new_block(), self.new_block());
        self.ins(|bl| {
            let k = bl.load(Type::I64, slot, MemFlags::aligned(8));
            let zero = bl.iconst(Type::I64, 0);
            let first = bl.icmp(IntCC::Eq, k, zero);
            bl.condbr(first, BlockCall::new(to_entry, vec![]), BlockCall::new(to_latch, vec![]));
        });
        self.pos = Position::End(to_latch);
        self.ins(|bl| {
            let k = bl.load(Type::I64, slot, MemFlags::aligned(8));
            let one = bl.iconst(Type::I64, 1);
            let less = bl.binary(BinaryOp::Sub, k, one);
            bl.store(less, slot, MemFlags::aligned(8));
        });
        self.pass_to_edge(back[0], adjoints);
        self.pos = Position::End(to_entry);
        self.pass_to_edge(entry[0], adjoints);
    }

    /// The induction variable `iv` of the counted loop at `h`, in its reverse: `init + k·step`.
    pub(super) fn iv_from_count(&mut self, h: Block, iv: &InductionVar) -> Value {
        let slot = self.count_slot(h);
        let init = self.p(iv.init);
        let ty = self.src.dfg.value_type(iv.param).clone();
        let step = iv.step;
        self.ins(|bl| {
            let k = bl.load(Type::I64, slot, MemFlags::aligned(8));
            let k = match ty.scalar_bits() {
                64 => k,
                _ => bl.cast(CastOp::Trunc, k, ty.clone()),
            };
            let s = bl.iconst(ty.clone(), step);
            let scaled = bl.binary(BinaryOp::Mul, k, s);
            bl.binary(BinaryOp::Add, init, scaled)
        })
    }

    /// The strided induction variable `iv` of the counted loop at `h`, in its reverse:
    /// `init ± k·step`.
    pub(super) fn strided_from_count(&mut self, h: Block, iv: &Strided) -> Value {
        let slot = self.count_slot(h);
        let (init, step) = (self.p(iv.init), self.p(iv.step));
        let ty = self.src.dfg.value_type(iv.param).clone();
        self.ins(|bl| {
            let k = bl.load(Type::I64, slot, MemFlags::aligned(8));
            let k = match ty.scalar_bits() {
                64 => k,
                _ => bl.cast(CastOp::Trunc, k, ty.clone()),
            };
            let scaled = bl.binary(BinaryOp::Mul, k, step);
            bl.binary(if iv.down { BinaryOp::Sub } else { BinaryOp::Add }, init, scaled)
        })
    }

    /// The stack slot where the reverse of the loop at `h` keeps `item`.
    pub(super) fn invariant_slot(&mut self, h: Block, item: Item) -> Value {
        if let Some(s) = self.counters.loops[&h].invariant_slots.get(&item) {
            return *s;
        }
        let s = self.scratch(self.item_type(item));
        self.counters.loops.get_mut(&h).expect("a counted loop").invariant_slots.insert(item, s);
        s
    }

    pub(super) fn count_slot(&mut self, h: Block) -> Value {
        if let Some(s) = self.counters.loops[&h].slot {
            return s;
        }
        let s = self.scratch(Type::I64);
        self.counters.loops.get_mut(&h).expect("a counted loop").slot = Some(s);
        s
    }
}

/// The argument the terminator of `pred` passes its successor number `succ` at `index`.
pub(super) fn edge_arg(func: &Function, pred: Block, succ: usize, index: usize) -> Option<Value> {
    let term = func.terminator(pred)?;
    super::augmented::normal_successors(func.dfg.inst(term)).get(succ)?.args.get(index).copied()
}
