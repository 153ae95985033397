//! Trip counts: how many times a loop's header runs, as a small expression over loop-invariant
//! IR values and constants that a generator can materialize before the loop (in the preheader)
//! with [`TripExpr::materialize`].
//!
//! Recognised form: the loop has exactly one exiting block `E`, `E` is not inside an inner loop
//! and dominates every latch, and `E` ends in `condbr (icmp cc a, b), ...` with one target
//! inside the loop and one outside, where one compare operand is a basic induction variable
//! (`iv`, the header parameter, or `next = iv + step`) and the other is loop-invariant (`bound`).
//! The compare is normalised to the condition under which the loop *continues*, with the IV on
//! the left: `iv < bound`, `iv <= bound`, `iv != bound` for a positive step, `iv > bound`,
//! `iv >= bound`, `iv != bound` for a negative step (signed or unsigned). With
//! `D` = the number of values `start, start+step, ...` that pass the test before the first that
//! fails (`ceil((max(bound, start) - start) / step)` for `<`; `<=` uses `bound + 1`; `!=` uses
//! `(bound - start) / step`, assuming the IV meets the bound exactly):
//!
//! The header runs `D(first) + 1` times, where `first` is the first value the test reads:
//!
//! - test on `iv` (the `for`/`while` shape, test in the header): `first = start`;
//! - test on `next` (the rotated, do-while shape, test in the latch): `first = start + step`,
//!   wrapped in the IV's width, since the body runs once before any test. A first increment that
//!   wraps (`do ... while (++u < m)` from `u = SIZE_MAX` runs `m + 1` times) is counted right.
//!
//! The expression is computed in the IV's width when materialized; when every operand is a
//! constant it is folded the same way ([`TripExpr::eval_wrapped`]), so a constant count is the
//! count modulo `2^width`. Limits: `bound + 1` at the type's maximum (or `bound - 1` at its
//! minimum) wraps, a count of `2^width` reads 0, and an IV that wraps after its first tested
//! value (a step larger than one past the type's end, or a `!=` loop that steps over its bound)
//! is not counted right: users that need an exact count test for these at run time
//! (`reverse::chunk`). Loops with several exits, exits on data, IVs through casts, or
//! non-constant steps get no trip count.

use std::fmt;

use catalase_ir::inst::InstData;
use catalase_ir::opcodes::{BinaryOp, IntCC};
use catalase_ir::{Builder, Function, Type, Value};

use super::{is_invariant, InductionVar, LoopId, LoopInfo};
use crate::dom::DomTree;

/// An integer expression over IR values and constants, computed in the IV's type.
#[derive(Clone, Debug, PartialEq)]
pub enum TripExpr {
    Const(i128),
    Value(Value),
    Add(Box<TripExpr>, Box<TripExpr>),
    Sub(Box<TripExpr>, Box<TripExpr>),
    /// Unsigned division (operands are non-negative by construction).
    UDiv(Box<TripExpr>, Box<TripExpr>),
    SMax(Box<TripExpr>, Box<TripExpr>),
    UMax(Box<TripExpr>, Box<TripExpr>),
}

/// Which value the exit compare reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tested {
    /// The header parameter (the test runs before the increment).
    Param,
    /// `param + step` (the test runs after the increment).
    Next,
}

/// A loop's trip count and the facts it was built from.
#[derive(Clone, Debug, PartialEq)]
pub struct TripCount {
    /// The induction variable's header parameter.
    pub iv: Value,
    /// The IV's type: the expression is computed in it.
    pub ty: Type,
    pub start: TripExpr,
    /// The first value the exit test reads: `start`, or `start + step` when it reads `next`.
    pub first: TripExpr,
    pub bound: TripExpr,
    pub step: i128,
    /// Continue condition with the IV on the left.
    pub cond: IntCC,
    pub tested: Tested,
    /// The number of times the header runs (back edges taken + 1), simplified.
    pub header_runs: TripExpr,
}

impl TripCount {
    /// The count when every input is a constant.
    pub fn constant(&self) -> Option<i128> {
        self.header_runs.eval(&|_| None)
    }
    /// The number of back edges taken (`header_runs - 1`).
    pub fn backedges_taken(&self) -> TripExpr {
        TripExpr::Sub(Box::new(self.header_runs.clone()), Box::new(TripExpr::Const(1))).simplify()
    }
}

pub(super) fn analyse(func: &Function, dom: &DomTree, info: &LoopInfo, id: LoopId) -> Option<TripCount> {
    let l = info.get(id)?;
    let [exiting] = l.exiting.as_slice() else { return None };
    if info.loop_of(*exiting) != Some(id) || !l.latches.iter().all(|&b| dom.dominates(*exiting, b)) {
        return None;
    }
    let InstData::CondBr { cond, then_dest, else_dest } = func.dfg.inst(func.terminator(*exiting)?) else {
        return None;
    };
    let exit_on_true = match (l.contains(then_dest.block), l.contains(else_dest.block)) {
        (true, false) => false,
        (false, true) => true,
        _ => return None,
    };
    let InstData::Icmp { cond: cc, args: [a, b] } = func.dfg.inst(func.dfg.def_inst(*cond)?) else {
        return None;
    };
    let (cc, a, b) = (*cc, *a, *b);
    let found = l.ivs.iter().find_map(|iv| {
        let tested = |v: Value| match v {
            v if v == iv.param => Some(Tested::Param),
            v if v == iv.next => Some(Tested::Next),
            _ => None,
        };
        if let Some(t) = tested(a) {
            Some((iv, t, cc, b))
        } else {
            tested(b).map(|t| (iv, t, swap(cc), a))
        }
    });
    let (iv, tested, cc, bound) = found?;
    if !is_invariant(func, dom, l, bound) {
        return None;
    }
    let cc = if exit_on_true { invert(cc) } else { cc };
    build(func, iv, tested, cc, bound)
}

fn build(func: &Function, iv: &InductionVar, tested: Tested, cc: IntCC, bound: Value) -> Option<TripCount> {
    let ty = func.dfg.value_type(iv.param).clone();
    let Type::Int(width) = ty else { return None };
    let unsigned = matches!(cc, IntCC::Ult | IntCC::Ule | IntCC::Ugt | IntCC::Uge);
    let operand = |v: Value| match func.dfg.const_int(v) {
        Some(c) if unsigned && width < 128 => TripExpr::Const(c & ((1i128 << width) - 1)),
        Some(c) => TripExpr::Const(c),
        None => TripExpr::Value(v),
    };
    let (start, end) = (operand(iv.init), operand(bound));
    let first = match tested {
        Tested::Param => start.clone(),
        Tested::Next => match start {
            TripExpr::Const(c) => TripExpr::Const(fit(c.wrapping_add(iv.step), width, unsigned)),
            _ => add(start.clone(), TripExpr::Const(iv.step)),
        },
    };
    let runs = add(distance(cc, iv.step, first.clone(), end.clone(), unsigned)?, TripExpr::Const(1));
    let header_runs = match runs.eval_wrapped(width) {
        Some(n) => TripExpr::Const(n),
        None => runs.simplify(),
    };
    Some(TripCount { iv: iv.param, ty, start, first, bound: end, step: iv.step, cond: cc, tested, header_runs })
}

/// `c` as a `width`-bit integer: in `0..2^width` when `unsigned`, else sign-extended.
fn fit(c: i128, width: u32, unsigned: bool) -> i128 {
    if width >= 128 {
        return c;
    }
    let low = c & ((1i128 << width) - 1);
    if unsigned || low < 1i128 << (width - 1) {
        low
    } else {
        low - (1i128 << width)
    }
}

/// `D`: how many IV values pass the continue test, for the recognised conditions.
fn distance(cc: IntCC, step: i128, start: TripExpr, bound: TripExpr, unsigned: bool) -> Option<TripExpr> {
    let max = |x: TripExpr, y: TripExpr| {
        if unsigned {
            TripExpr::UMax(Box::new(x), Box::new(y))
        } else {
            TripExpr::SMax(Box::new(x), Box::new(y))
        }
    };
    let ceil_div = |x: TripExpr, s: i128| udiv(add(x, TripExpr::Const(s - 1)), TripExpr::Const(s));
    let s = step.checked_abs()?;
    let d = match (cc, step > 0) {
        (IntCC::Slt | IntCC::Ult, true) => ceil_div(sub(max(bound, start.clone()), start), s),
        (IntCC::Sle | IntCC::Ule, true) => {
            ceil_div(sub(max(add(bound, TripExpr::Const(1)), start.clone()), start), s)
        }
        (IntCC::Sgt | IntCC::Ugt, false) => ceil_div(sub(max(start, bound.clone()), bound), s),
        (IntCC::Sge | IntCC::Uge, false) => {
            let below = sub(bound, TripExpr::Const(1));
            ceil_div(sub(max(start, below.clone()), below), s)
        }
        (IntCC::Ne, true) => udiv(sub(bound, start), TripExpr::Const(s)),
        (IntCC::Ne, false) => udiv(sub(start, bound), TripExpr::Const(s)),
        _ => return None,
    };
    Some(d)
}

fn add(a: TripExpr, b: TripExpr) -> TripExpr {
    TripExpr::Add(Box::new(a), Box::new(b))
}
fn sub(a: TripExpr, b: TripExpr) -> TripExpr {
    TripExpr::Sub(Box::new(a), Box::new(b))
}
fn udiv(a: TripExpr, b: TripExpr) -> TripExpr {
    TripExpr::UDiv(Box::new(a), Box::new(b))
}

/// The condition with its operands swapped (`a < b` is `b > a`).
pub fn swap(cc: IntCC) -> IntCC {
    match cc {
        IntCC::Slt => IntCC::Sgt,
        IntCC::Sgt => IntCC::Slt,
        IntCC::Sle => IntCC::Sge,
        IntCC::Sge => IntCC::Sle,
        IntCC::Ult => IntCC::Ugt,
        IntCC::Ugt => IntCC::Ult,
        IntCC::Ule => IntCC::Uge,
        IntCC::Uge => IntCC::Ule,
        other => other,
    }
}

/// The negated condition (`!(a < b)` is `a >= b`).
pub fn invert(cc: IntCC) -> IntCC {
    match cc {
        IntCC::Eq => IntCC::Ne,
        IntCC::Ne => IntCC::Eq,
        IntCC::Slt => IntCC::Sge,
        IntCC::Sge => IntCC::Slt,
        IntCC::Sgt => IntCC::Sle,
        IntCC::Sle => IntCC::Sgt,
        IntCC::Ult => IntCC::Uge,
        IntCC::Uge => IntCC::Ult,
        IntCC::Ugt => IntCC::Ule,
        IntCC::Ule => IntCC::Ugt,
    }
}

impl TripExpr {
    /// Evaluate exactly, with `value` giving the IR values it knows.
    pub fn eval(&self, value: &dyn Fn(Value) -> Option<i128>) -> Option<i128> {
        let pair = |a: &TripExpr, b: &TripExpr| Some((a.eval(value)?, b.eval(value)?));
        match self {
            TripExpr::Const(c) => Some(*c),
            TripExpr::Value(v) => value(*v),
            TripExpr::Add(a, b) => pair(a, b).and_then(|(x, y)| x.checked_add(y)),
            TripExpr::Sub(a, b) => pair(a, b).and_then(|(x, y)| x.checked_sub(y)),
            TripExpr::UDiv(a, b) => pair(a, b).and_then(|(x, y)| if y == 0 { None } else { Some(x.div_euclid(y)) }),
            TripExpr::SMax(a, b) | TripExpr::UMax(a, b) => pair(a, b).map(|(x, y)| x.max(y)),
        }
    }

    /// Evaluate a constant expression as [`Self::materialize`] computes it in a `width`-bit
    /// integer type (wrapping; `/u` and `umax` on the unsigned value, `smax` on the signed one);
    /// the result is in `0..2^width`. `None` when it reads an IR value or divides by zero.
    pub fn eval_wrapped(&self, width: u32) -> Option<i128> {
        if width == 0 || width >= 128 {
            return None;
        }
        let mask = (1i128 << width) - 1;
        let signed = |x: i128| fit(x, width, false);
        let pair = |a: &TripExpr, b: &TripExpr| Some((a.eval_wrapped(width)?, b.eval_wrapped(width)?));
        let v = match self {
            TripExpr::Const(c) => *c,
            TripExpr::Value(_) => return None,
            TripExpr::Add(a, b) => pair(a, b).map(|(x, y)| x + y)?,
            TripExpr::Sub(a, b) => pair(a, b).map(|(x, y)| x - y)?,
            TripExpr::UDiv(a, b) => pair(a, b).and_then(|(x, y)| if y == 0 { None } else { Some(x / y) })?,
            TripExpr::UMax(a, b) => pair(a, b).map(|(x, y)| x.max(y))?,
            TripExpr::SMax(a, b) => pair(a, b).map(|(x, y)| if signed(x) >= signed(y) { x } else { y })?,
        };
        Some(v & mask)
    }

    /// Fold constants and identities (`x + 0`, `x - 0`, `x /u 1`, `max(x, x)`).
    pub fn simplify(&self) -> TripExpr {
        use TripExpr::*;
        let node = match self {
            Const(_) | Value(_) => return self.clone(),
            Add(a, b) => Add(Box::new(a.simplify()), Box::new(b.simplify())),
            Sub(a, b) => Sub(Box::new(a.simplify()), Box::new(b.simplify())),
            UDiv(a, b) => UDiv(Box::new(a.simplify()), Box::new(b.simplify())),
            SMax(a, b) => SMax(Box::new(a.simplify()), Box::new(b.simplify())),
            UMax(a, b) => UMax(Box::new(a.simplify()), Box::new(b.simplify())),
        };
        if let Some(c) = node.eval(&|_| None) {
            return Const(c);
        }
        match node {
            Add(a, b) if *b == Const(0) => *a,
            Add(a, b) if *a == Const(0) => *b,
            Sub(a, b) if *b == Const(0) => *a,
            UDiv(a, b) if *b == Const(1) => *a,
            SMax(a, b) | UMax(a, b) if a == b => *a,
            // (x + c1) + c2 and (x - c1) + c2 fold their constants.
            Add(a, b) => match (*a, *b) {
                (Add(x, c1), Const(c2)) if matches!(*c1, Const(_)) => {
                    Add(x, Box::new(Const(c1.eval(&|_| None).unwrap_or(0) + c2))).simplify()
                }
                (a, b) => Add(Box::new(a), Box::new(b)),
            },
            // (x + c1) - c2 folds too (the back edges of a count `d + 1` are `d`).
            Sub(a, b) => match (*a, *b) {
                (Add(x, c1), Const(c2)) if matches!(*c1, Const(_)) => {
                    Add(x, Box::new(Const(c1.eval(&|_| None).unwrap_or(0) - c2))).simplify()
                }
                (a, b) => Sub(Box::new(a), Box::new(b)),
            },
            other => other,
        }
    }

    /// Emit the expression at the builder's position, in integer type `ty`; returns its value.
    pub fn materialize(&self, b: &mut Builder, ty: &Type) -> Value {
        let bin = |b: &mut Builder, op, x: &TripExpr, y: &TripExpr| {
            let (x, y) = (x.materialize(b, ty), y.materialize(b, ty));
            b.binary(op, x, y)
        };
        match self {
            TripExpr::Const(c) => b.iconst(ty.clone(), *c),
            TripExpr::Value(v) => *v,
            TripExpr::Add(x, y) => bin(b, BinaryOp::Add, x, y),
            TripExpr::Sub(x, y) => bin(b, BinaryOp::Sub, x, y),
            TripExpr::UDiv(x, y) => bin(b, BinaryOp::UDiv, x, y),
            TripExpr::SMax(x, y) | TripExpr::UMax(x, y) => {
                let cc = if matches!(self, TripExpr::SMax(..)) { IntCC::Sgt } else { IntCC::Ugt };
                let (x, y) = (x.materialize(b, ty), y.materialize(b, ty));
                let gt = b.icmp(cc, x, y);
                b.select(gt, x, y)
            }
        }
    }

    fn is_atom(&self) -> bool {
        matches!(self, TripExpr::Const(_) | TripExpr::Value(_) | TripExpr::SMax(..) | TripExpr::UMax(..))
    }
}

impl fmt::Display for TripExpr {
    /// Compact, space-free: `smax(v1,0)+1`, `(v2-v1+2)/u3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operand = |f: &mut fmt::Formatter<'_>, e: &TripExpr| {
            if e.is_atom() {
                write!(f, "{e}")
            } else {
                write!(f, "({e})")
            }
        };
        match self {
            TripExpr::Const(c) => write!(f, "{c}"),
            TripExpr::Value(v) => write!(f, "{v}"),
            TripExpr::SMax(a, b) => write!(f, "smax({a},{b})"),
            TripExpr::UMax(a, b) => write!(f, "umax({a},{b})"),
            TripExpr::Add(a, b) | TripExpr::Sub(a, b) => {
                let op = if matches!(self, TripExpr::Add(..)) { "+" } else { "-" };
                // Division binds tighter; left-nested sums print flat: a-b+c.
                if matches!(**a, TripExpr::Add(..) | TripExpr::Sub(..) | TripExpr::UDiv(..)) {
                    write!(f, "{a}")?;
                } else {
                    operand(f, a)?;
                }
                f.write_str(op)?;
                if matches!(**b, TripExpr::UDiv(..)) {
                    write!(f, "{b}")
                } else {
                    operand(f, b)
                }
            }
            TripExpr::UDiv(a, b) => {
                operand(f, a)?;
                f.write_str("/u")?;
                operand(f, b)
            }
        }
    }
}
