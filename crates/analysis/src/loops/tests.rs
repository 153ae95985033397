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

/// `i = start; do { i += step } while (i cc bound)` with constants; returns the header runs.
fn rotated(start: i128, step: i128, cc: IntCC, bound: i128) -> Option<i128> {
    let mut f = Function::with_entry("rot", Signature::default());
    let e = f.entry_block().unwrap();
    let mut b = Builder::at_end(&mut f, e);
    let (h, exit) = (b.create_block(), b.create_block());
    let i = b.func.dfg.append_block_param(h, Type::I64);
    let s = b.iconst(Type::I64, start);
    b.br(h, vec![s]);
    b.switch_to(h);
    let st = b.iconst(Type::I64, step);
    let next = b.binary(BinaryOp::Add, i, st);
    let bd = b.iconst(Type::I64, bound);
    let c = b.icmp(cc, next, bd);
    b.condbr(c, BlockCall::new(h, vec![next]), BlockCall::new(exit, vec![]));
    b.switch_to(exit);
    b.ret(None);
    let info = loops_of(&f);
    let l = info.get(LoopId(0)).unwrap();
    assert_eq!(l.latches, vec![h]);
    l.trip_count.as_ref().and_then(TripCount::constant)
}

/// Run the loop the slow way, counting header runs.
fn simulate(start: i128, step: i128, cc: IntCC, bound: i128) -> i128 {
    let (mut i, mut runs) = (start, 0);
    loop {
        runs += 1;
        i += step;
        let go = match cc {
            IntCC::Slt => i < bound,
            IntCC::Sle => i <= bound,
            IntCC::Sgt => i > bound,
            IntCC::Sge => i >= bound,
            IntCC::Ne => i != bound,
            _ => unreachable!(),
        };
        if !go || runs > 1000 {
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
        assert_eq!(rotated(start, step, cc, bound), Some(simulate(start, step, cc, bound)), "{start} {step} {cc} {bound}");
    }
    assert_eq!(rotated(0, 1, IntCC::Sgt, 10), None, "wrong-way compare is not recognised");
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
