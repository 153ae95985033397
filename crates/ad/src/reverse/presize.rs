//! Sizing the tape once where a combined gradient starts, as Enzyme sizes its caches: the bytes
//! each block pushes ([`TapeLog`]) times the number of times the block runs, where the trip counts
//! of its loops tell that number from constants and the call's parameters. The sum is passed to
//! [`tape::PRESIZE`], which makes the empty tape that large at once; the per-block reserves stay,
//! so a sum too small only means the tape grows later as before.
//!
//! A block counts only where its runs are exact (or the bound below): in a loop with a trip count,
//! a block on every path from the header to the loop's exiting block runs as often as the header; a
//! block after the exiting block that dominates every latch runs once less (the header-tested
//! shape); any other block of the loop runs under a condition and is left out. An inner loop counts
//! as entered once per run of its preheader, in the outer loop by the same rule; an outermost
//! preheader counts once when it dominates every return (a loop under a condition, or guarded by
//! its own count at -O1 and above, is left out). A block outside every loop counts once even under
//! a condition: at most its record's bytes too many. Terms whose counts read values other than
//! constants and parameters (an outer induction variable, a value the function loads) are left out.
//! A call of an augmented part counts like a block, its bytes per call those the part pushes
//! where that is a constant (records outside loops, no calls of parts; `Generator::part_tape_bytes`),
//! known only once every part has been generated: the term reads a constant set then, 0 for
//! parts whose pushes vary.

use std::collections::BTreeMap;

use catalase_analysis::dom::DomTree;
use catalase_analysis::loops::{LoopId, LoopInfo, TripExpr};
use catalase_ir::builder::Builder;
use catalase_ir::opcodes::{BinaryOp, CastOp};
use catalase_ir::{Block, Function, Type, Value};

use super::report::TapeLog;
use super::tape;

/// One factor of a block's runs: a loop's header runs (in the IV's type), less one when the
/// block runs after the loop's exit test.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Factor {
    pub runs: TripExpr,
    pub ty: Type,
    pub less_one: bool,
}

/// The blocks of `log` whose runs per call are known, grouped by runs: (factors, bytes).
pub(super) fn terms(src: &Function, info: &LoopInfo, dom: &DomTree, log: &TapeLog, rets: &[Block]) -> Vec<(Vec<Factor>, u64)> {
    if !info.irreducible_edges().is_empty() {
        return vec![];
    }
    let mut per_block: BTreeMap<u32, (Block, u64)> = BTreeMap::new();
    for (b, _, bytes) in &log.cached {
        per_block.entry(b.as_u32()).or_insert((*b, 0)).1 += bytes;
    }
    let mut out: Vec<(Vec<Factor>, u64)> = Vec::new();
    for (b, bytes) in per_block.into_values() {
        let Some(factors) = runs(src, info, dom, rets, b) else { continue };
        match out.iter_mut().find(|(f, _)| *f == factors) {
            Some(t) => t.1 += bytes,
            None => out.push((factors, bytes)),
        }
    }
    out
}

/// The bytes of one term: a constant, or a value of the generated function (a part's bytes per
/// call, set when every part has been generated).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Bytes {
    Const(u64),
    Value(Value),
}

/// How many times `b` runs per call, as a product of factors, when that is exact (see [`runs`]).
pub(super) fn block_runs(src: &Function, info: &LoopInfo, dom: &DomTree, rets: &[Block], b: Block) -> Option<Vec<Factor>> {
    if !info.irreducible_edges().is_empty() {
        return None;
    }
    runs(src, info, dom, rets, b)
}

/// How many times `b` runs per call, as a product of factors, when that is exact.
fn runs(src: &Function, info: &LoopInfo, dom: &DomTree, rets: &[Block], b: Block) -> Option<Vec<Factor>> {
    let mut factors = Vec::new();
    let (mut at, mut l) = (b, info.loop_of(b));
    while let Some(id) = l {
        factors.push(runs_in(src, info, dom, id, at)?);
        let lp = info.get(id)?;
        at = lp.preheader?;
        l = lp.parent;
        if info.loop_of(at) != l {
            return None;
        }
    }
    // A block outside every loop runs at most once: counted even under a condition (a bounded
    // overestimate); a loop nest counts only when its preheader runs on every call.
    let once = factors.is_empty() || (!rets.is_empty() && rets.iter().all(|r| dom.dominates(at, *r)));
    once.then_some(factors)
}

/// How many times `at` (directly in loop `id`) runs per entry of the loop.
fn runs_in(src: &Function, info: &LoopInfo, dom: &DomTree, id: LoopId, at: Block) -> Option<Factor> {
    let l = info.get(id)?;
    let trip = l.trip_count.as_ref()?;
    let [exiting] = l.exiting.as_slice() else { return None };
    if !known_at_entry(src, &trip.header_runs) {
        return None;
    }
    let less_one = if dom.dominates(at, *exiting) {
        false
    } else if dom.dominates(*exiting, at) && l.latches.iter().all(|x| dom.dominates(at, *x)) {
        true
    } else {
        return None;
    };
    Some(Factor { runs: trip.header_runs.clone(), ty: trip.ty.clone(), less_one })
}

/// Whether `e` reads only constants and parameters of `src`.
fn known_at_entry(src: &Function, e: &TripExpr) -> bool {
    match e {
        TripExpr::Const(_) => true,
        TripExpr::Value(v) => src.params().contains(v),
        TripExpr::Add(a, b) | TripExpr::Sub(a, b) | TripExpr::UDiv(a, b) | TripExpr::SMax(a, b) | TripExpr::UMax(a, b) => {
            known_at_entry(src, a) && known_at_entry(src, b)
        }
    }
}

/// `e` with its values mapped by `map` (each value a parameter, see [`known_at_entry`]).
pub(super) fn mapped(e: &TripExpr, map: &dyn Fn(Value) -> Value) -> TripExpr {
    let m = |x: &TripExpr| Box::new(mapped(x, map));
    match e {
        TripExpr::Const(c) => TripExpr::Const(*c),
        TripExpr::Value(v) => TripExpr::Value(map(*v)),
        TripExpr::Add(a, b) => TripExpr::Add(m(a), m(b)),
        TripExpr::Sub(a, b) => TripExpr::Sub(m(a), m(b)),
        TripExpr::UDiv(a, b) => TripExpr::UDiv(m(a), m(b)),
        TripExpr::SMax(a, b) => TripExpr::SMax(m(a), m(b)),
        TripExpr::UMax(a, b) => TripExpr::UMax(m(a), m(b)),
    }
}

/// Emit `presize(tape, planned, Σ bytes·Π runs)` at the builder's position; `map` takes a parameter of
/// the source function to its value in the generated one. Nothing when no term is known.
pub(super) fn emit(b: &mut Builder, tape: Value, planned: Value, terms: &[(Vec<Factor>, Bytes)], map: &dyn Fn(Value) -> Value) -> bool {
    if terms.is_empty() {
        return false;
    }
    let mut total = b.iconst(Type::I64, 0);
    for (factors, bytes) in terms {
        let mut term = match bytes {
            Bytes::Const(n) => b.iconst(Type::I64, *n as i128),
            Bytes::Value(v) => *v,
        };
        for f in factors {
            let n = runs_i64(b, f, map);
            term = b.binary(BinaryOp::Mul, term, n);
        }
        total = b.binary(BinaryOp::Add, total, term);
    }
    b.call_named(tape::PRESIZE, tape::presize_signature(), vec![tape, planned, total]);
    true
}

/// The runs of factor `f` as an `i64` at the builder's position, its values mapped by `map`.
pub(super) fn runs_i64(b: &mut Builder, f: &Factor, map: &dyn Fn(Value) -> Value) -> Value {
    let mut n = mapped(&f.runs, map).materialize(b, &f.ty);
    if f.less_one {
        let one = b.iconst(f.ty.clone(), 1);
        n = b.binary(BinaryOp::Sub, n, one);
    }
    match f.ty.scalar_bits() {
        64 => n,
        w if w < 64 => b.cast(CastOp::ZExt, n, Type::I64),
        _ => b.cast(CastOp::Trunc, n, Type::I64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::inst::BlockCall;
    use catalase_ir::opcodes::IntCC;
    use catalase_ir::Signature;

    /// `for (i = 0; i < n; i++) { body; if (i < 3) cond; latch }`, tested in the header; returns
    /// the function and its blocks [entry, header, body, cond, latch, exit].
    fn loop_with_condition() -> (Function, Vec<Block>) {
        let mut f = Function::with_entry("f", Signature::new(vec![Type::I32], Type::Void));
        let e = f.entry_block().unwrap();
        let n = f.params()[0];
        let mut b = Builder::at_end(&mut f, e);
        let blocks: Vec<Block> = (0..5).map(|_| b.create_block()).collect();
        let [h, body, cond, latch, exit] = blocks[..] else { unreachable!() };
        let i = b.func.dfg.append_block_param(h, Type::I32);
        let zero = b.iconst(Type::I32, 0);
        b.br(h, vec![zero]);
        b.switch_to(h);
        let c = b.icmp(IntCC::Slt, i, n);
        b.condbr(c, BlockCall::new(body, vec![]), BlockCall::new(exit, vec![]));
        b.switch_to(body);
        let three = b.iconst(Type::I32, 3);
        let small = b.icmp(IntCC::Slt, i, three);
        b.condbr(small, BlockCall::new(cond, vec![]), BlockCall::new(latch, vec![]));
        b.switch_to(cond);
        b.br(latch, vec![]);
        b.switch_to(latch);
        let one = b.iconst(Type::I32, 1);
        let next = b.binary(BinaryOp::Add, i, one);
        b.br(h, vec![next]);
        b.switch_to(exit);
        b.ret(None);
        (f, vec![e, h, body, cond, latch, exit])
    }

    /// The size the terms give when the parameter is `n`.
    fn size(terms: &[(Vec<Factor>, u64)], param: Value, n: i128) -> i128 {
        let runs = |f: &Factor| f.runs.eval(&|v| (v == param).then_some(n)).unwrap() - i128::from(f.less_one);
        terms.iter().map(|(fs, bytes)| *bytes as i128 * fs.iter().map(runs).product::<i128>()).sum()
    }

    #[test]
    fn counts_the_blocks_that_run_every_iteration_exactly() {
        let (f, b) = loop_with_condition();
        let mut log = TapeLog::default();
        for (k, bytes) in [(0, 8), (1, 16), (2, 24), (3, 1000), (4, 8), (5, 32)] {
            log.cache(b[k], String::new(), bytes);
        }
        let cfg = catalase_analysis::cfg::analyse(&f).unwrap();
        let dom = catalase_analysis::dom::analyse(&f, &cfg).unwrap();
        let info = catalase_analysis::loops::analyse(&f, &cfg, &dom).unwrap();
        let terms = terms(&f, &info, &dom, &log, &[b[5]]);
        // The header runs n + 1 times, the body and the latch n times, the block under the
        // condition is left out, the entry and the exit run once.
        let n = f.params()[0];
        assert_eq!(size(&terms, n, 10), 8 + 16 * 11 + (24 + 8) * 10 + 32);
        assert_eq!(size(&terms, n, 0), 8 + 16 + 32);
        let mut out = Function::with_entry("g", Signature::new(vec![Type::I32, Type::PTR, Type::PTR], Type::Void));
        let entry = out.entry_block().unwrap();
        let (n2, tape, planned) = (out.params()[0], out.params()[1], out.params()[2]);
        let mut bl = Builder::at_end(&mut out, entry);
        let terms: Vec<(Vec<Factor>, Bytes)> = terms.into_iter().map(|(f, n)| (f, Bytes::Const(n))).collect();
        assert!(emit(&mut bl, tape, planned, &terms, &|_| n2));
        bl.ret(None);
        catalase_ir::verify::verify_function(&out).expect("the size verifies");
    }
}
