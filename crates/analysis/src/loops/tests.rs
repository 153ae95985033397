//! Unit tests of loop discovery, induction variables and trip counts on builder-made functions.

use super::*;
use crate::testutil::*;
use catalase_ir::inst::BlockCall;
use catalase_ir::opcodes::IntCC;
use catalase_ir::{Builder, Signature, Type};

fn loops_of(f: &Function) -> LoopInfo {
    let cfg = crate::cfg::analyse(f).unwrap();
    let dom = crate::dom::analyse(f, &cfg).unwrap();
    analyse(f, &cfg, &dom).unwrap()
}

#[test]
fn counted_loop_has_iv_and_symbolic_trip_count() {
    let (f, b) = counted_loop();
    let info = loops_of(&f);
    assert_eq!(info.len(), 1);
    let l = info.get(LoopId(0)).unwrap();
    assert_eq!(l.header, b[1]);
    assert_eq!(l.latches, vec![b[2]]);
    assert_eq!(l.preheader, Some(b[0]));
    assert_eq!((l.exiting.clone(), l.exits.clone()), (vec![b[1]], vec![b[3]]));
    let iv = l.canonical_iv().unwrap();
    assert_eq!(iv.step, 1);
    let trip = l.trip_count.as_ref().unwrap();
    assert_eq!(trip.tested, Tested::Param);
    let n = f.params()[0];
    assert_eq!(trip.header_runs.to_string(), format!("smax({n},0)+1"));
    let runs = |x: i128| trip.header_runs.eval(&|v| (v == n).then_some(x));
    assert_eq!(runs(10), Some(11));
    assert_eq!(runs(-3), Some(1));
    assert_eq!(info.depth(b[2]), 1);
    assert_eq!(info.depth(b[3]), 0);
}

/// `i = start; do { i += step } while (i cc bound)` in `ty`, with the start a constant or the
/// function's parameter; returns the header runs, the parameter given `start`, computed in `ty`.
fn rotated_in(ty: Type, start: i128, param: bool, step: i128, cc: IntCC, bound: i128) -> Option<i128> {
    let mut f = Function::with_entry("rot", Signature::new(vec![ty.clone()], Type::Void));
    let e = f.entry_block().unwrap();
    let p = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let (h, exit) = (b.create_block(), b.create_block());
    let i = b.func.dfg.append_block_param(h, ty.clone());
    let s = if param { p } else { b.iconst(ty.clone(), start) };
    b.br(h, vec![s]);
    b.switch_to(h);
    let st = b.iconst(ty.clone(), step);
    let next = b.binary(BinaryOp::Add, i, st);
    let bd = b.iconst(ty.clone(), bound);
    let c = b.icmp(cc, next, bd);
    b.condbr(c, BlockCall::new(h, vec![next]), BlockCall::new(exit, vec![]));
    b.switch_to(exit);
    b.ret(None);
    let info = loops_of(&f);
    let trip = info.get(LoopId(0)).unwrap().trip_count.clone()?;
    assert_eq!(trip.tested, Tested::Next);
    substitute(&trip.header_runs, p, start).eval_wrapped(ty.scalar_bits())
}

fn substitute(e: &TripExpr, v: Value, c: i128) -> TripExpr {
    let s = |x: &TripExpr| Box::new(substitute(x, v, c));
    match e {
        TripExpr::Value(x) if *x == v => TripExpr::Const(c),
        TripExpr::Const(_) | TripExpr::Value(_) => e.clone(),
        TripExpr::Add(a, b) => TripExpr::Add(s(a), s(b)),
        TripExpr::Sub(a, b) => TripExpr::Sub(s(a), s(b)),
        TripExpr::UDiv(a, b) => TripExpr::UDiv(s(a), s(b)),
        TripExpr::SMax(a, b) => TripExpr::SMax(s(a), s(b)),
        TripExpr::UMax(a, b) => TripExpr::UMax(s(a), s(b)),
    }
}

/// The do-while loop of [`rotated_in`] run in `width` bits, wrapping; header runs.
fn simulate_in(width: u32, start: i128, step: i128, cc: IntCC, bound: i128) -> i128 {
    let mask = (1i128 << width) - 1;
    let signed = |x: i128| if x & mask >= 1 << (width - 1) { (x & mask) - (1 << width) } else { x & mask };
    let (mut i, mut runs) = (start & mask, 0);
    loop {
        runs += 1;
        i = (i + step) & mask;
        let (si, sb, ui, ub) = (signed(i), signed(bound), i, bound & mask);
        let go = match cc {
            IntCC::Slt => si < sb,
            IntCC::Sle => si <= sb,
            IntCC::Sgt => si > sb,
            IntCC::Sge => si >= sb,
            IntCC::Ult => ui < ub,
            IntCC::Ule => ui <= ub,
            IntCC::Ugt => ui > ub,
            IntCC::Ne => ui != ub,
            _ => unreachable!(),
        };
        if !go || runs > 5000 {
            return runs;
        }
    }
}

#[test]
fn rotated_constant_loops_match_simulation() {
    let cases = [
        (0, 1, IntCC::Slt, 10),
        (0, 3, IntCC::Slt, 10),
        (5, 1, IntCC::Slt, 0),
        (0, 2, IntCC::Sle, 10),
        (10, -1, IntCC::Sgt, 0),
        (10, -3, IntCC::Sge, 0),
        (0, 1, IntCC::Ne, 7),
        (-4, 2, IntCC::Slt, 5),
    ];
    for (start, step, cc, bound) in cases {
        let want = simulate_in(64, start, step, cc, bound);
        assert_eq!(rotated_in(Type::I64, start, false, step, cc, bound), Some(want), "{start} {step} {cc} {bound}");
    }
    assert_eq!(rotated_in(Type::I64, 0, false, 1, IntCC::Sgt, 10), None, "wrong-way compare is not recognised");
}

#[test]
fn do_while_counts_from_a_first_increment_that_wraps() {
    let (umax64, umax16) = ((1i128 << 64) - 1, 65535);
    let cases = [
        // do ... while (++u < m) from SIZE_MAX: the first increment wraps to 0, m + 1 runs.
        (Type::I64, umax64, 1, IntCC::Ult, 2000),
        (Type::I64, umax64 - 1, 3, IntCC::Ult, 2000),
        (Type::I64, 0, -1, IntCC::Ugt, umax64 - 2000),
        (Type::I64, umax64, 1, IntCC::Ne, 2000),
        (Type::I64, 5, 1, IntCC::Ult, 2000),
        (Type::I64, 2500, 1, IntCC::Ult, 2000),
        (Type::I32, (1 << 32) - 1, 1, IntCC::Ult, 300),
        (Type::Int(16), umax16, 1, IntCC::Ult, 40),
        (Type::Int(16), umax16, 1, IntCC::Ule, 40),
        (Type::Int(16), 32767, 1, IntCC::Slt, -32000),
        (Type::Int(16), 0, -1, IntCC::Ugt, umax16 - 100),
        (Type::I8, 254, 3, IntCC::Ult, 125),
        (Type::I8, 127, 1, IntCC::Slt, -100),
        (Type::I8, -128, -1, IntCC::Sgt, 120),
        (Type::I8, 200, 1, IntCC::Ne, 10),
        (Type::I8, 7, 1, IntCC::Ne, 7),
        (Type::I8, 4, 2, IntCC::Ne, 4),
    ];
    for (ty, start, step, cc, bound) in cases {
        let want = simulate_in(ty.scalar_bits(), start, step, cc, bound) & ((1i128 << ty.scalar_bits()) - 1);
        for param in [false, true] {
            let got = rotated_in(ty.clone(), start, param, step, cc, bound);
            assert_eq!(got, Some(want), "{ty:?} from {start} by {step} while {cc} {bound} (start a parameter: {param})");
        }
    }
}

#[test]
fn nested_loops_and_irreducible_edges() {
    // entry -> outer(i) -> inner(j) -> inner | latch ; latch -> outer | exit
    let mut f = Function::with_entry("nest", Signature::new(vec![Type::I1], Type::Void));
    let e = f.entry_block().unwrap();
    let c = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let (outer, inner, latch, exit) = (b.create_block(), b.create_block(), b.create_block(), b.create_block());
    b.br(outer, vec![]);
    b.switch_to(outer);
    b.br(inner, vec![]);
    b.switch_to(inner);
    b.condbr(c, BlockCall::new(inner, vec![]), BlockCall::new(latch, vec![]));
    b.switch_to(latch);
    b.condbr(c, BlockCall::new(outer, vec![]), BlockCall::new(exit, vec![]));
    b.switch_to(exit);
    b.ret(None);
    let info = loops_of(&f);
    assert_eq!(info.len(), 2);
    let o = info.loop_with_header(outer).unwrap();
    let i = info.loop_with_header(inner).unwrap();
    assert_eq!(info.get(i).unwrap().parent, Some(o));
    assert_eq!(info.get(o).unwrap().children, vec![i]);
    assert_eq!(info.depth(inner), 2);
    assert_eq!(info.depth(latch), 1);
    assert_eq!(info.get(i).unwrap().preheader, Some(outer));
    assert_eq!(info.get(o).unwrap().blocks, vec![outer, inner, latch]);
    assert!(info.get(o).unwrap().trip_count.is_none());
    assert_eq!(info.top_level().collect::<Vec<_>>(), vec![o]);

    // Two blocks that jump into each other from the entry: no natural loop.
    let mut g = Function::with_entry("irr", Signature::new(vec![Type::I1], Type::Void));
    let e = g.entry_block().unwrap();
    let c = g.params()[0];
    let mut b = Builder::at_end(&mut g, e);
    let (x, y, out) = (b.create_block(), b.create_block(), b.create_block());
    b.condbr(c, BlockCall::new(x, vec![]), BlockCall::new(y, vec![]));
    b.switch_to(x);
    b.condbr(c, BlockCall::new(y, vec![]), BlockCall::new(out, vec![]));
    b.switch_to(y);
    b.br(x, vec![]);
    b.switch_to(out);
    b.ret(None);
    let info = loops_of(&g);
    assert!(info.is_empty());
    assert_eq!(info.irreducible_edges().len(), 1);
}

#[test]
fn materialized_trip_count_evaluates_like_the_expression() {
    let (mut f, b) = counted_loop();
    let info = loops_of(&f);
    let trip = info.get(LoopId(0)).unwrap().trip_count.clone().unwrap();
    let term = f.terminator(b[0]).unwrap();
    let mut bld = Builder::before(&mut f, term);
    let v = trip.header_runs.materialize(&mut bld, &trip.ty);
    assert_eq!(f.dfg.value_type(v), &Type::I32);
    assert!(f.layout.block_insts(b[0]).count() >= 3);
}
