//! One capacity check per entry of a counted loop, instead of one per record: Enzyme allocates a
//! loop's cache once before the loop, and the records of its iterations are stored without a
//! check. Here the tape stays one stack, and the preheader of a loop with a trip count calls
//! [`tape::ENSURE`] for `runs × bytes` (the header's runs times the bytes the loop's own blocks
//! push per iteration); each record in the loop then takes its room with [`tape::BUMP`].
//!
//! The bound holds because each block directly in a loop (not in an inner loop) runs at most once
//! per run of the header, and the trip count is the header's runs per entry (`loops::trip`, which
//! the reverse sweep already relies on to count iterations). A loop keeps its chunk only when
//! nothing else uses the tape while it runs without making room again: a callee's augmented part,
//! or an inner loop's records checked one by one, would take room the ensure counted on, so they
//! taint the chunk, and a tainted chunk's records are checked like any other.
//!
//! An inner loop that keeps its own chunk does not taint the loops around it: its ensure asks for
//! its own room plus the room the chunks around it may still take (`extra`: the runs an outer
//! loop has left, from its current iteration on, times its bytes per iteration, less the bytes
//! of the current iteration's records that dominate the ensure (pushed already), plus its own
//! `extra`), so that after its records, what is left still holds every record the outer loops
//! have yet to push. Counting only what is left keeps a tape sized exactly for its records
//! (`presize`) from growing at the last iteration. A stencil's row loop thus stores its edge points' records without a
//! check while its vector loop keeps its chunk. An inner chunk that loses its room (tainted, or a
//! call's part inside it) takes the chunks around it with it.
//!
//! The bytes per iteration are known only once the forward sweep has pushed the loop's records,
//! so the ensure is emitted with placeholder operands and finished in [`RevCtx::close_chunks`].
//!
//! A count is exact only while the IV does not wrap after the first value its exit test reads
//! (`loops::trip`, which counts a do-while's first increment that wraps, as in
//! `do ... while (++c < m)` from `c = 65535` or from `SIZE_MAX`). An IV that steps by one meets
//! its bound exactly and wraps only in a count of `2^width` (materialized as zero: `++c != k`
//! from `c = k`; with a 64-bit IV that takes 2^64 iterations, so its count is used as it is).
//! One that steps by more could pass its bound and wrap. For these a run-time test in the
//! preheader tells whether the count is exact; when it is not, the room is made for `2^width`
//! runs, a bound for any loop that ends (its IV cannot repeat a value), and a 64-bit count asks
//! `ensure` for more than it can make, so that it traps rather than let the records run past the
//! tape.

use std::collections::{BTreeMap, HashMap};

use catalase_analysis::loops::trip::TripCount;
use catalase_analysis::loops::LoopId;
use catalase_ir::builder::Builder;
use catalase_ir::inst::{Callee, InstData, MemFlags};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC};
use catalase_ir::{Block, Inst, Type, Value};

use super::augmented::RevCtx;
use super::tape;

/// The room one loop makes on the tape where it is entered.
pub(super) struct Chunk {
    /// The `ensure` call at the end of the forward preheader; its operands are set at the end.
    ensure: Inst,
    /// Bytes the loop's own blocks push per iteration.
    bytes: u64,
    /// The records stored without a check, with their bytes.
    bumps: Vec<(Inst, u64)>,
    /// Something else used the tape inside the loop.
    tainted: bool,
    /// Inner loops whose own chunks hold records pushed while this loop runs: this loop keeps its
    /// chunk only while they keep theirs.
    inner: Vec<LoopId>,
}

/// The chunks of one function's forward sweep, by loop.
#[derive(Default)]
pub(super) struct Chunks {
    /// By loop, in the order of their ids: closing them emits code (the output is the same in
    /// every run).
    open: BTreeMap<LoopId, Chunk>,
}

impl RevCtx<'_, '_> {
    /// The counted loop `b` is the preheader of, when its records can share one check.
    fn chunk_loop(&self, b: Block) -> Option<LoopId> {
        let info = self.loop_info.as_ref()?;
        if !info.irreducible_edges().is_empty() {
            return None;
        }
        let [header] = self.src.successors(b)[..] else { return None };
        let id = info.loop_of(header)?;
        let l = info.get(id)?;
        let trip = l.trip_count.as_ref()?;
        (l.header == header && l.preheader == Some(b) && trip.ty.scalar_bits() <= 64).then_some(id)
    }

    /// At the end of forward block `b` (before its branch): when `b` enters a counted loop, the
    /// loop's `ensure`, its operands to be set by [`Self::close_chunks`].
    pub(super) fn open_chunk(&mut self, b: Block) {
        let Some(id) = self.chunk_loop(b) else { return };
        let tape = self.tape;
        let ensure = self.ins(|bl| {
            let zero = bl.iconst(Type::I64, 0);
            bl.call(Callee::Direct(tape::ENSURE.into()), tape::ensure_signature(), vec![tape, zero, zero, zero], Default::default())
        });
        self.chunks.open.insert(id, Chunk { ensure, bytes: 0, bumps: Vec::new(), tainted: false, inner: Vec::new() });
    }

    /// Room for `n` bytes of a record at the current position: a bump in a loop with a chunk,
    /// else a checked reserve.
    pub(super) fn tape_room(&mut self, n: u64) -> Value {
        let site = self.use_tape_here();
        let tape = self.tape;
        let bump = site.is_some();
        let name = if bump { tape::BUMP } else { tape::RESERVE };
        self.gen.add_helper(if bump { tape::bump_function() } else { tape::reserve_function() });
        let (call, at) = self.ins(|bl| {
            let n = bl.iconst(Type::I64, n as i128);
            let i = bl.call(Callee::Direct(name.into()), tape::reserve_signature(), vec![tape, n], Default::default());
            (i, bl.func.dfg.result(i).expect("reserve returns"))
        });
        if let Some(id) = site {
            let chunk = self.chunks.open.get_mut(&id).expect("a chunk");
            chunk.bytes += n;
            chunk.bumps.push((call, n));
        }
        at
    }

    /// Store `v` in `n` bytes of room on the tape ([`Self::tape_room`]).
    pub(super) fn store_on_tape(&mut self, v: Value) {
        let ty = self.out.dfg.value_type(v).clone();
        let at = self.tape_room(tape::slot_bytes(&ty));
        self.ins(|bl| bl.store(v, at, MemFlags::aligned(8)));
    }

    /// The loop whose chunk a record at the current position of the forward sweep would bump.
    pub(super) fn chunk_site(&self) -> Option<LoopId> {
        if self.in_reverse {
            return None;
        }
        let b = self.src_block?;
        self.loop_info.as_ref()?.loop_of(b).filter(|id| self.chunks.open.contains_key(id))
    }

    /// Note a use of the tape at the current position of the forward sweep. In a loop with a
    /// chunk (returned: the use may bump there), the chunks around it keep theirs as long as
    /// that loop keeps its own (its ensure makes their room again); elsewhere the loops around
    /// the use lose their chunks. A use outside any known block taints every chunk.
    pub(super) fn use_tape_here(&mut self) -> Option<LoopId> {
        if self.in_reverse || self.chunks.open.is_empty() {
            return None;
        }
        let Some(b) = self.src_block else {
            self.chunks.open.values_mut().for_each(|c| c.tainted = true);
            return None;
        };
        let site = self.chunk_site();
        let info = self.loop_info.as_ref()?;
        let mut l = match site {
            Some(id) => info.get(id).and_then(|x| x.parent),
            None => info.loop_of(b),
        };
        while let Some(id) = l {
            if let Some(c) = self.chunks.open.get_mut(&id) {
                match site {
                    Some(inner) if !c.inner.contains(&inner) => c.inner.push(inner),
                    Some(_) => {}
                    None => c.tainted = true,
                }
            }
            l = info.get(id).and_then(|x| x.parent);
        }
        site
    }

    /// Note a call at the current position of the forward sweep whose augmented part takes the
    /// tape: every loop around it loses its chunk, the innermost one's too (the part's records
    /// take room that chunk counted on for its own).
    pub(super) fn call_uses_tape_here(&mut self) {
        if let Some(id) = self.use_tape_here() {
            if let Some(c) = self.chunks.open.get_mut(&id) {
                c.tainted = true;
            }
        }
    }

    /// After the forward sweep: each chunk's `ensure` gets its operands, or is removed (with
    /// its bumps made checked reserves again) when the loop pushed nothing or was tainted, or
    /// when an inner loop whose records it did not count lost its chunk. A kept chunk inside
    /// others asks for the room they may still take again (`extra`, [`Self::room_left`]).
    pub(super) fn close_chunks(&mut self) {
        let mut chunks = std::mem::take(&mut self.chunks.open);
        loop {
            let lost: Vec<LoopId> = chunks.iter().filter(|(_, c)| c.tainted || c.bytes == 0).map(|(id, _)| *id).collect();
            let mut changed = false;
            for c in chunks.values_mut() {
                if !c.tainted && c.inner.iter().any(|i| lost.contains(i)) {
                    c.tainted = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let (kept, lost): (BTreeMap<LoopId, Chunk>, BTreeMap<LoopId, Chunk>) =
            chunks.into_iter().partition(|(_, c)| c.bytes != 0 && !c.tainted);
        for chunk in lost.into_values() {
            self.out.layout.remove_inst(chunk.ensure);
            for (i, _) in chunk.bumps {
                if let InstData::Call { callee, .. } = self.out.dfg.inst_mut(i) {
                    *callee = Callee::Direct(tape::RESERVE.into());
                }
                self.gen.add_helper(tape::reserve_function());
            }
        }
        // Outer chunks first: an inner one's `extra` is what its nearest kept outer one may
        // still push (its runs left, from the current iteration on, times its bytes per
        // iteration) plus that one's own `extra`.
        let depth = |id: &LoopId| self.loop_info.as_ref().and_then(|i| i.get(*id)).map_or(0, |l| l.depth);
        let mut order: Vec<LoopId> = kept.keys().copied().collect();
        order.sort_by_key(|id| (depth(id), *id));
        let mut made: HashMap<LoopId, (Value, Value)> = HashMap::new();
        let mut flow = None;
        for id in order {
            let chunk = &kept[&id];
            let extra = match self.outer_kept(id, &kept) {
                Some(o) => {
                    let (runs, extra) = made[&o];
                    let pushed = self.pushed_before(&kept[&o], chunk.ensure, &mut flow);
                    Some(self.room_left(o, runs, kept[&o].bytes, pushed, extra, chunk.ensure))
                }
                None => None,
            };
            let runs = self.chunk_runs(id, chunk.ensure);
            let tape = self.tape;
            let bytes = self.out.dfg.make_const(Type::I64, catalase_ir::Const::Int(u128::from(chunk.bytes)));
            let extra = extra.unwrap_or_else(|| Builder::before(&mut self.out, chunk.ensure).iconst(Type::I64, 0));
            made.insert(id, (runs, extra));
            if let InstData::Call { args, .. } = self.out.dfg.inst_mut(chunk.ensure) {
                *args = vec![tape, runs, bytes, extra];
            }
            self.gen.add_helper(tape::ensure_function());
        }
    }

    /// The bytes of `outer`'s records that the current iteration of its loop has certainly
    /// pushed when it reaches `at`: those of the bumps that dominate `at` in the forward sweep
    /// (a bump inside the loop that dominates `at` ran in the same iteration, as the path into
    /// the loop's first iteration does not pass it). `flow`: the forward sweep's dominators,
    /// made on first use.
    fn pushed_before(&self, outer: &Chunk, at: Inst, flow: &mut Option<Option<catalase_analysis::dom::DomTree>>) -> u64 {
        let dom = flow.get_or_insert_with(|| {
            let cfg = catalase_analysis::cfg::analyse(&self.out).ok()?;
            catalase_analysis::dom::analyse(&self.out, &cfg).ok()
        });
        let Some(dom) = dom else { return 0 };
        outer.bumps.iter().filter(|(i, _)| dom.inst_dominates(*i, at)).map(|(_, n)| n).sum()
    }

    /// Before `at` (in loop `id`, whose ensure asked for `runs × bytes + extra`): the bytes its
    /// records and those of the chunks around it may still take, `(runs − k)·bytes − pushed +
    /// extra` where `k` is the number of iterations before the current one (`iv − start` for an
    /// IV stepping by one; else 0 and `pushed` not taken off, the whole room again) and `pushed`
    /// the bytes the current iteration has already pushed ([`Self::pushed_before`]), so that a
    /// tape made exactly the size of its records (`presize`) is not grown by the last iteration.
    /// At most what the ensure of `id` asked for, which it checked fits in an `i64`.
    fn room_left(&mut self, id: LoopId, runs: Value, bytes: u64, pushed: u64, extra: Value, at: Inst) -> Value {
        let trip = self.loop_info.as_ref().and_then(|i| i.get(id)).and_then(|l| l.trip_count.clone()).expect("a counted loop");
        let done = if trip.step.abs() == 1 {
            let mut operands = Vec::new();
            super::record::trip_operands(&trip.start, &mut operands);
            let map: HashMap<Value, Value> = operands.iter().map(|&v| (v, self.p(v))).collect();
            let start = super::presize::mapped(&trip.start, &|v| map[&v]);
            let iv = self.p(trip.iv);
            let mut b = Builder::before(&mut self.out, at);
            let start = start.materialize(&mut b, &trip.ty);
            let k = if trip.step > 0 { b.binary(BinaryOp::Sub, iv, start) } else { b.binary(BinaryOp::Sub, start, iv) };
            match trip.ty.scalar_bits() {
                64 => Some(k),
                _ => Some(b.cast(CastOp::ZExt, k, Type::I64)),
            }
        } else {
            None
        };
        let mut b = Builder::before(&mut self.out, at);
        let (left, pushed) = match done {
            Some(k) => (b.binary(BinaryOp::Sub, runs, k), pushed.min(bytes)),
            None => (runs, 0),
        };
        let bytes = b.iconst(Type::I64, i128::from(bytes));
        let mut own = b.binary(BinaryOp::Mul, left, bytes);
        if pushed > 0 {
            let pushed = b.iconst(Type::I64, i128::from(pushed));
            own = b.binary(BinaryOp::Sub, own, pushed);
        }
        b.binary(BinaryOp::Add, own, extra)
    }

    /// The nearest loop around `id` whose chunk is kept.
    fn outer_kept(&self, id: LoopId, kept: &BTreeMap<LoopId, Chunk>) -> Option<LoopId> {
        let info = self.loop_info.as_ref()?;
        let mut l = info.get(id)?.parent;
        while let Some(o) = l {
            if kept.contains_key(&o) {
                return Some(o);
            }
            l = info.get(o)?.parent;
        }
        None
    }

    /// The header runs of loop `id` per entry, as an `i64` made before `at` (a count that
    /// wrapped to zero in a narrower IV type is `2^width`; an inexact 64-bit one is all ones).
    fn chunk_runs(&mut self, id: LoopId, at: Inst) -> Value {
        let trip = self.loop_info.as_ref().and_then(|i| i.get(id)).and_then(|l| l.trip_count.clone()).expect("a counted loop");
        let mut operands = Vec::new();
        for e in [&trip.header_runs, &trip.first, &trip.bound] {
            super::record::trip_operands(e, &mut operands);
        }
        let map: HashMap<Value, Value> = operands.iter().map(|&v| (v, self.p(v))).collect();
        let mapped = |e| super::presize::mapped(e, &|v| map[&v]);
        let (runs, first, bound) = (mapped(&trip.header_runs), mapped(&trip.first), mapped(&trip.bound));
        let mut b = Builder::before(&mut self.out, at);
        let n = runs.materialize(&mut b, &trip.ty);
        let w = trip.ty.scalar_bits();
        let unit = trip.step.abs() == 1;
        if w == 64 && unit {
            return n;
        }
        let wide = if w == 64 { n } else { b.cast(CastOp::ZExt, n, Type::I64) };
        let zero = b.iconst(Type::I64, 0);
        let mut inexact = b.icmp(IntCC::Eq, wide, zero);
        if !unit {
            let (first, bound) = (first.materialize(&mut b, &trip.ty), bound.materialize(&mut b, &trip.ty));
            let exact = exact_count(&mut b, &trip, first, bound);
            let t = b.iconst(Type::Int(1), 1);
            let not_exact = b.binary(BinaryOp::Xor, exact, t);
            inexact = b.binary(BinaryOp::Or, inexact, not_exact);
        }
        // No room fits 2^64 runs: all ones makes `ensure` trap.
        let full = b.iconst(Type::I64, if w == 64 { -1 } else { 1i128 << w });
        b.select(inexact, full, wide)
    }
}

/// Whether a count stepping by more than one is exact (an `i1`). For `!=`, the IV meets its
/// bound: the distance from the first value the exit test reads (`first`) is a multiple of the
/// step. For an order, no value that passes the test is within a step of the type's end where
/// the IV goes, so the step after it cannot wrap: the values that pass `iv < bound` are at most
/// `bound - 1`, so `bound <= max - step + 1`; with `iv <= bound`, `bound <= max - step`; the
/// same downwards from the type's minimum. A first value that fails the test leaves the count
/// at one run, which is exact, so only the bound is tested. Other conditions are never exact.
fn exact_count(b: &mut Builder, trip: &TripCount, first: Value, bound: Value) -> Value {
    let (ty, s, w) = (trip.ty.clone(), trip.step, trip.ty.scalar_bits());
    let (smax, umax) = ((1i128 << (w - 1)) - 1, (1i128 << w) - 1);
    let (smin, size) = (-smax - 1, s.abs());
    let mut bound_is = |cc, limit: i128| {
        let l = b.iconst(ty.clone(), limit);
        b.icmp(cc, bound, l)
    };
    match (trip.cond, s > 0) {
        (IntCC::Ne, up) => {
            let dist = if up { b.binary(BinaryOp::Sub, bound, first) } else { b.binary(BinaryOp::Sub, first, bound) };
            let step = b.iconst(ty.clone(), size);
            let rem = b.binary(BinaryOp::URem, dist, step);
            let zero = b.iconst(ty.clone(), 0);
            b.icmp(IntCC::Eq, rem, zero)
        }
        (IntCC::Ult, true) => bound_is(IntCC::Ule, umax - size + 1),
        (IntCC::Ule, true) => bound_is(IntCC::Ule, umax - size),
        (IntCC::Slt, true) => bound_is(IntCC::Sle, smax - size + 1),
        (IntCC::Sle, true) => bound_is(IntCC::Sle, smax - size),
        (IntCC::Ugt, false) => bound_is(IntCC::Uge, size - 1),
        (IntCC::Uge, false) => bound_is(IntCC::Uge, size),
        (IntCC::Sgt, false) => bound_is(IntCC::Sge, smin + size - 1),
        (IntCC::Sge, false) => bound_is(IntCC::Sge, smin + size),
        _ => b.iconst(Type::Int(1), 0),
    }
}
