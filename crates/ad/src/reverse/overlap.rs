//! Vector loads whose shadows partly overlap: LLVM's vectorizer turns a stencil such as
//! `u[j-1] + u[j] + u[j+1]` into loads of `<2 x double>` at `j-1`, `j` and `j+1`. The adjoint
//! of each is a read-modify-write of the same shadow pair, and each read of a pair that
//! overlaps a pair stored just before (8 bytes off) waits for the store to reach the cache: the
//! processor forwards a store to a later load only when the load reads within it. The reverse
//! sweep adds the adjoint of such loads one element at a time instead (`<1 x T>` pieces, which
//! LLVM's SLP vectorizer does not merge back into pairs, and whose repeated addresses GVN
//! folds together).
//!
//! Which loads overlap is a question about addresses: each pointer is taken apart as a base
//! pointer plus a linear sum of integer values plus a constant byte offset (through `ptradd`,
//! `add`, `sub`, `or`, multiplication and shifts by constants, and integer casts). Two vector
//! loads of one block with the same base and the same sum overlap when their constant offsets
//! differ by less than the vector's size. The answer only chooses between two correct ways to
//! add an adjoint (a wrapped or `or`-ed index just makes a pair look apart or together), so the
//! decomposition need not prove anything.
//!
//! Better still, such loads form a window (`Windows`): the loads of one block at one base and
//! variable offset whose byte ranges chain into one range, a whole number of elements apart,
//! with nothing between the first and the last whose reverse touches shadow memory (only
//! value instructions, loads and rule-row calls). The reverse sweep keeps each member's adjoint
//! in a register until the reverse of the first member, then adds their sum into the window's
//! shadow in vector-sized pieces from its start (a stencil's `j-1`, `j`, `j+1` pairs become two
//! pairs at `j-1` and `j+1`, which the next iteration's pair at `j-3`, `j-1` reads exactly
//! as stored). There the decomposition would decide where an adjoint goes, so the sweep checks
//! it at run time: each member's shadow address must be the first's plus the planned distance,
//! or every member adds its own adjoint one element at a time as above.

use std::collections::{BTreeMap, HashMap, HashSet};

use catalase_ir::builder::Position;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{BlockCall, InstData, MemFlags};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC};
use catalase_ir::{Builder, Const, Function, Inst, Type, Value};

use super::augmented::RevCtx;
use crate::calls::CallKind;

/// How far an address is followed back through its arithmetic.
const MAX_DEPTH: u32 = 16;

/// `Σ coefficient·value + constant`, in bytes for an address's offset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Linear {
    terms: BTreeMap<Value, i64>,
    constant: i64,
}

impl Linear {
    fn value(v: Value) -> Linear {
        Linear { terms: BTreeMap::from([(v, 1)]), constant: 0 }
    }
    fn constant(c: i64) -> Linear {
        Linear { terms: BTreeMap::new(), constant: c }
    }
    fn plus(mut self, other: Linear, sign: i64) -> Linear {
        for (v, c) in other.terms {
            let e = self.terms.entry(v).or_insert(0);
            *e = e.wrapping_add(c.wrapping_mul(sign));
        }
        self.terms.retain(|_, c| *c != 0);
        self.constant = self.constant.wrapping_add(other.constant.wrapping_mul(sign));
        self
    }
    fn scaled(mut self, k: i64) -> Linear {
        self.terms.values_mut().for_each(|c| *c = c.wrapping_mul(k));
        self.terms.retain(|_, c| *c != 0);
        self.constant = self.constant.wrapping_mul(k);
        self
    }
    /// Divided by `2^k` where every coefficient and the constant divide exactly.
    fn shifted_right(mut self, k: u32) -> Option<Linear> {
        let d = 1i64.checked_shl(k).filter(|d| *d > 0)?;
        if self.constant % d != 0 || self.terms.values().any(|c| c % d != 0) {
            return None;
        }
        self.terms.values_mut().for_each(|c| *c /= d);
        self.constant /= d;
        Some(self)
    }
}

/// The signed value of an integer constant.
fn int_const(f: &Function, v: Value) -> Option<i64> {
    let ValueDef::Const(Const::Int(bits)) = &f.dfg.values[v].def else { return None };
    let width = match f.dfg.value_type(v) {
        Type::Int(w) => *w,
        _ => return None,
    };
    let shift = 128u32.checked_sub(width).filter(|s| *s < 128)?;
    Some((((*bits << shift) as i128) >> shift) as i64)
}

/// `v` as a linear sum of the values it is computed from.
fn linear(f: &Function, v: Value, depth: u32) -> Linear {
    if let Some(c) = int_const(f, v) {
        return Linear::constant(c);
    }
    let ValueDef::Result(inst) = f.dfg.values[v].def else { return Linear::value(v) };
    if depth == 0 {
        return Linear::value(v);
    }
    let sub = |x: Value| linear(f, x, depth - 1);
    let by_const = |x: Value| int_const(f, x);
    let found = match f.dfg.inst(inst) {
        InstData::Binary { op: BinaryOp::Add | BinaryOp::Or, args: [a, b] } => Some(sub(*a).plus(sub(*b), 1)),
        InstData::Binary { op: BinaryOp::Sub, args: [a, b] } => Some(sub(*a).plus(sub(*b), -1)),
        InstData::Binary { op: BinaryOp::Mul, args: [a, b] } => match (by_const(*a), by_const(*b)) {
            (_, Some(k)) => Some(sub(*a).scaled(k)),
            (Some(k), _) => Some(sub(*b).scaled(k)),
            _ => None,
        },
        InstData::Binary { op: BinaryOp::Shl, args: [a, b] } => {
            by_const(*b).filter(|k| (0..63).contains(k)).map(|k| sub(*a).scaled(1 << k))
        }
        InstData::Binary { op: BinaryOp::AShr | BinaryOp::LShr, args: [a, b] } => {
            by_const(*b).filter(|k| (0..63).contains(k)).and_then(|k| sub(*a).shifted_right(k as u32))
        }
        InstData::Cast { op: CastOp::SExt | CastOp::ZExt | CastOp::Trunc, arg } => Some(sub(*arg)),
        _ => None,
    };
    found.unwrap_or_else(|| Linear::value(v))
}

/// A pointer as `base + offset` (bytes).
fn address(f: &Function, mut ptr: Value) -> (Value, Linear) {
    let mut offset = Linear::default();
    for _ in 0..MAX_DEPTH {
        let ValueDef::Result(inst) = f.dfg.values[ptr].def else { break };
        match f.dfg.inst(inst) {
            InstData::PtrAdd { args: [base, off] } => {
                offset = offset.plus(linear(f, *off, MAX_DEPTH), 1);
                ptr = *base;
            }
            _ => break,
        }
    }
    (ptr, offset)
}

/// Vector loads of one block by base pointer and variable part of the offset, each with its
/// constant offset and size in bytes.
type Groups = HashMap<(Value, Vec<(Value, i64)>), Vec<(i64, i64, Inst)>>;

/// The loads of float vectors (two or more lanes) in `f` whose bytes partly overlap those of
/// another such load in the same block.
pub(super) fn overlapping_vector_loads(f: &Function) -> HashSet<Inst> {
    let mut out = HashSet::new();
    for block in f.layout.blocks() {
        let mut groups = Groups::new();
        for inst in f.layout.block_insts(block) {
            let InstData::Load { ptr, .. } = f.dfg.inst(inst) else { continue };
            let Some(result) = f.dfg.result(inst) else { continue };
            let ty = f.dfg.value_type(result);
            if !(ty.is_vector() && ty.lanes() >= 2 && matches!(ty.scalar(), Type::F32 | Type::F64)) {
                continue;
            }
            let (base, off) = address(f, *ptr);
            let key = (base, off.terms.into_iter().collect());
            groups.entry(key).or_default().push((off.constant, ty.store_size() as i64, inst));
        }
        for loads in groups.values() {
            for (i, &(a, size_a, la)) in loads.iter().enumerate() {
                for &(b, size_b, lb) in &loads[i + 1..] {
                    let (lo, hi, size) = if a <= b { (a, b, size_a) } else { (b, a, size_b) };
                    if lo != hi && hi - lo < size {
                        out.insert(la);
                        out.insert(lb);
                    }
                }
            }
        }
    }
    out
}

/// The float vector type `inst` loads (two or more lanes), if it is such a load.
fn float_vector_load(f: &Function, inst: Inst) -> Option<Type> {
    let InstData::Load { .. } = f.dfg.inst(inst) else { return None };
    let ty = f.dfg.value_type(f.dfg.result(inst)?);
    (ty.is_vector() && ty.lanes() >= 2 && matches!(ty.scalar(), Type::F32 | Type::F64)).then(|| ty.clone())
}

/// A member's adjoint held for its window: offset, shadow address, adjoint, the load's flags.
type Held = (i64, Value, Value, MemFlags);

/// A window's members in block order, each with its byte offset from the window's start.
type Members = Vec<(Inst, i64)>;

/// The windows of `f` among the loads `member` admits; `barrier` ends the stretch of a block
/// in which one window may lie.
fn plan(f: &Function, member: impl Fn(Inst) -> bool, barrier: impl Fn(Inst) -> bool) -> Vec<Members> {
    type Key = (Value, Vec<(Value, i64)>, usize, Type);
    let mut out = Vec::new();
    for block in f.layout.blocks() {
        let mut stretch = 0usize;
        let mut groups: HashMap<Key, Vec<(i64, usize, Inst)>> = HashMap::new();
        for (pos, inst) in f.layout.block_insts(block).enumerate() {
            if barrier(inst) {
                stretch += 1;
                continue;
            }
            let Some(ty) = float_vector_load(f, inst).filter(|_| member(inst)) else { continue };
            let InstData::Load { ptr, .. } = f.dfg.inst(inst) else { continue };
            let (base, off) = address(f, *ptr);
            groups.entry((base, off.terms.into_iter().collect(), stretch, ty)).or_default().push((off.constant, pos, inst));
        }
        for ((.., ty), mut loads) in groups {
            let (elem, size) = (ty.scalar().store_size() as i64, ty.store_size() as i64);
            loads.sort();
            let (mut run, mut end) = (Vec::new(), i64::MIN);
            for load in loads {
                let joins = run.first().is_some_and(|f: &(i64, usize, Inst)| {
                    load.0 < end && load.0.wrapping_sub(f.0) % elem == 0
                });
                if !joins {
                    close_run(&mut out, std::mem::take(&mut run));
                    end = i64::MIN;
                }
                end = end.max(load.0.saturating_add(size));
                run.push(load);
            }
            close_run(&mut out, run);
        }
    }
    out
}

/// A run of two or more loads becomes a window (offsets from its lowest, members in block order).
fn close_run(out: &mut Vec<Members>, mut run: Vec<(i64, usize, Inst)>) {
    if run.len() < 2 {
        return;
    }
    let start = run[0].0;
    run.sort_by_key(|l| l.1);
    out.push(run.into_iter().map(|(off, _, inst)| (inst, off.wrapping_sub(start))).collect());
}

/// The windows of a function being differentiated, and the adjoints the reverse sweep holds
/// for them.
#[derive(Default)]
pub(super) struct Windows {
    /// Each member → the window's first load (whose reverse adds the sum).
    pub(super) first: HashMap<Inst, Inst>,
    /// Each window by its first load.
    members: HashMap<Inst, Members>,
    /// Per window and lane: the members swept so far.
    pending: HashMap<(Inst, usize), Vec<Held>>,
}

impl RevCtx<'_, '_> {
    /// Find the windows: active loads through pointers with their own shadow (never a stand-in).
    pub(super) fn plan_windows(&mut self) {
        let f = self.src;
        let found = plan(f, |i| self.window_member(i), |i| self.window_barrier(i));
        for members in found {
            let first = members[0].0;
            self.windows.first.extend(members.iter().map(|m| (m.0, first)));
            self.windows.members.insert(first, members);
        }
    }

    fn window_member(&self, inst: Inst) -> bool {
        let InstData::Load { ptr, .. } = self.src.dfg.inst(inst) else { return false };
        // A load some lanes of which nothing reads adds its read lanes alone (`memory`).
        self.src.dfg.result(inst).is_some_and(|r| self.active(r) && !self.read_lanes.contains_key(&r))
            && self.pointer_shadow(*ptr)
            && !self.shadows.is_mixed(*ptr)
    }

    /// Whether the reverse of `inst` may touch shadow memory (or is not known not to).
    pub(super) fn window_barrier(&self, inst: Inst) -> bool {
        use InstData as I;
        match self.src.dfg.inst(inst) {
            I::Binary { .. } | I::Unary { .. } | I::Cast { .. } | I::Icmp { .. } | I::Fcmp { .. } | I::Select { .. } => false,
            I::ExtractElement { .. } | I::InsertElement { .. } | I::Shuffle { .. } => false,
            I::ExtractValue { .. } | I::InsertValue { .. } | I::Load { .. } | I::PtrAdd { .. } => false,
            data @ I::Call { .. } => !matches!(self.call_kind(data), Some(CallKind::Rule(_))),
            _ => true,
        }
    }

    /// Takes the adjoint `dy` of load `inst` (shadow address `addr`) when the load is in a
    /// window: held until the reverse of the window's first load, which adds them all.
    pub(super) fn window_adjoint(&mut self, inst: Inst, ty: &Type, addr: Value, dy: Value, mem: MemFlags) -> bool {
        let Some(&first) = self.windows.first.get(&inst) else { return false };
        let off = self.windows.members[&first].iter().find(|m| m.0 == inst).expect("a member").1;
        let key = (first, self.lane);
        self.windows.pending.entry(key).or_default().push((off, addr, dy, mem));
        if inst == first {
            let parts = self.windows.pending.remove(&key).expect("just held");
            self.add_window(ty, &parts);
        }
        true
    }

    /// Adds the held adjoints into the window's shadow piece by piece where every member's
    /// shadow address is where the plan put it (the first member's comes last), else each
    /// element by element.
    fn add_window(&mut self, ty: &Type, parts: &[Held]) {
        let &(first_off, first_addr, dy, mem) = parts.last().expect("the first member");
        if parts.len() == 1 {
            return self.ins(|b| super::memory::add_by_element(b, ty, first_addr, dy, mem));
        }
        // Pieces lie a whole number of elements from each member.
        let size = ty.scalar().store_size() as u32;
        let align = parts.iter().map(|p| p.3.align.min(size)).min().expect("members").max(1);
        let (fast, slow, join) = (self.new_block(), self.new_block(), self.new_block());
        self.ins(|b| {
            let mut all = None;
            for &(off, addr, ..) in &parts[..parts.len() - 1] {
                let d = b.iconst(Type::I64, off.wrapping_sub(first_off) as i128);
                let planned = b.ptradd(first_addr, d);
                let same = b.icmp(IntCC::Eq, addr, planned);
                all = Some(all.map_or(same, |a| b.binary(BinaryOp::And, a, same)));
            }
            b.condbr(all.expect("two members or more"), BlockCall::new(fast, vec![]), BlockCall::new(slow, vec![]));
        });
        self.pos = Position::End(fast);
        self.ins(|b| {
            add_pieces(b, ty, parts, MemFlags { align, ..mem });
            b.br(join, vec![]);
        });
        self.pos = Position::End(slow);
        self.ins(|b| {
            for &(_, addr, dy, mem) in parts {
                super::memory::add_by_element(b, ty, addr, dy, mem);
            }
            b.br(join, vec![]);
        });
        self.pos = Position::End(join);
    }
}

/// `window += Σ members' adjoints`, in pieces of the vector's length from the window's start
/// (elements left over one by one), each piece the sum of the lanes of the members over it.
/// The addresses are the last part's (the first member's) plus planned offsets.
fn add_pieces(b: &mut Builder, ty: &Type, parts: &[Held], mem: MemFlags) {
    let (elem, lanes) = (ty.scalar().clone(), ty.lanes() as i64);
    let size = elem.store_size() as i64;
    let &(first_off, first_addr, ..) = parts.last().expect("the first member");
    let span = parts.iter().map(|p| p.0).max().expect("members") + lanes * size;
    // `x + (−0.0)` is `x`: the lanes a member does not cover add nothing.
    let neg_zero = b.fconst(ty, -0.0);
    let mut at = 0;
    while at < span {
        let n = if at + lanes * size <= span { lanes } else { 1 };
        let mut sum = None;
        for &(off, _, dy, _) in parts {
            let lane = |i: i64| Some(at + i * size - off).filter(|d| (0..lanes * size).contains(d)).map(|d| (d / size) as i32);
            let mask: Vec<i32> = (0..n).map(|i| lane(i).unwrap_or(lanes as i32)).collect();
            if (0..n).all(|i| lane(i).is_none()) {
                continue;
            }
            let whole = n == lanes && (0..n).all(|i| lane(i) == Some(i as i32));
            let v = if whole { dy } else { b.shuffle(dy, neg_zero, mask) };
            sum = Some(sum.map_or(v, |s| b.fadd(s, v)));
        }
        let off = b.iconst(Type::I64, (at - first_off) as i128);
        let addr = b.ptradd(first_addr, off);
        let piece = Type::vector(n as u32, elem.clone());
        let old = b.load(piece, addr, mem);
        let new = b.fadd(old, sum.expect("the members cover the window"));
        b.store(new, addr, mem);
        at += n * size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Function {
        catalase_ir::parser::parse_function(text).expect("parses")
    }

    /// The loads of `f`, in layout order.
    fn loads(f: &Function) -> Vec<Inst> {
        f.layout
            .blocks()
            .flat_map(|b| f.layout.block_insts(b).collect::<Vec<_>>())
            .filter(|&i| matches!(f.dfg.inst(i), InstData::Load { .. }))
            .collect()
    }

    #[test]
    fn stencil_pairs_overlap_and_strided_pairs_do_not() {
        // Pairs at j-1, j, j+1 (the stencil) and at 2k, 2k+2 (a vectorized loop's own lanes).
        let f = parse(
            "func @f(ptr, ptr, i64) -> void {\n\
                 v20 = const i64 3\n\
                 v21 = const i64 1\n\
                 v22 = const i64 8\n\
                 v23 = const i64 2\n\
             block0(v0: ptr, v1: ptr, v2: i64):\n\
                 v3: i64 = shl v2, v20\n\
                 v4: ptr = ptradd v0, v3\n\
                 v5: <2 x f64> = load v4 align 8\n\
                 v6: i64 = add v2, v21\n\
                 v7: i64 = mul v6, v22\n\
                 v8: ptr = ptradd v0, v7\n\
                 v9: <2 x f64> = load v8 align 8\n\
                 v10: i64 = sub v2, v21\n\
                 v11: i64 = shl v10, v20\n\
                 v12: ptr = ptradd v0, v11\n\
                 v13: <2 x f64> = load v12 align 8\n\
                 v14: ptr = ptradd v1, v3\n\
                 v15: <2 x f64> = load v14 align 8\n\
                 v16: i64 = add v2, v23\n\
                 v17: i64 = shl v16, v20\n\
                 v18: ptr = ptradd v1, v17\n\
                 v19: <2 x f64> = load v18 align 8\n\
                 ret\n\
             }\n",
        );
        let found = overlapping_vector_loads(&f);
        let loads = loads(&f);
        assert_eq!(loads.len(), 5);
        assert!(loads[..3].iter().all(|l| found.contains(l)), "the stencil's three pairs overlap");
        assert!(!found.contains(&loads[3]) && !found.contains(&loads[4]), "pairs 16 bytes apart do not");
    }

    #[test]
    fn windows_chain_whole_elements_and_stop_at_barriers() {
        // Pairs at 0, 8 and 16 bytes (one window), a pair at 20 bytes (not a whole element from
        // the window's start: alone), then a store, then pairs at 0 and 8 again (a second window).
        let f = parse(
            "func @f(ptr, f64) -> void {\n\
                 v9 = const i64 8\n\
                 v10 = const i64 16\n\
                 v11 = const i64 20\n\
             block0(v0: ptr, v1: f64):\n\
                 v2: <2 x f64> = load v0 align 8\n\
                 v3: ptr = ptradd v0, v9\n\
                 v4: <2 x f64> = load v3 align 8\n\
                 v5: ptr = ptradd v0, v10\n\
                 v6: <2 x f64> = load v5 align 8\n\
                 v7: ptr = ptradd v0, v11\n\
                 v8: <2 x f64> = load v7 align 4\n\
                 store v1, v3 align 8\n\
                 v12: <2 x f64> = load v0 align 8\n\
                 v13: <2 x f64> = load v3 align 8\n\
                 ret\n\
             }\n",
        );
        let loads = loads(&f);
        let is_store = |i: Inst| matches!(f.dfg.inst(i), InstData::Store { .. });
        let mut found = plan(&f, |_| true, is_store);
        found.sort_by_key(|m| m.len());
        assert_eq!(found, vec![vec![(loads[4], 0), (loads[5], 8)], vec![(loads[0], 0), (loads[1], 8), (loads[2], 16)]]);
        // A load the caller leaves out splits nothing else but is not a member.
        let without_middle = plan(&f, |i| i != loads[1], is_store);
        assert!(without_middle.iter().all(|m| m.iter().all(|(i, _)| *i != loads[1])));
    }
}
