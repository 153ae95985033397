//! Rule rows for the float arithmetic instructions (ABI §7.1) and the fused multiply-adds
//! (`llvm.fma`, `llvm.fmuladd`). Operand order is the instruction's.
//!
//! `frem` is C's `fmod`: `a − trunc(a/b)·b`, so ∂b = −trunc(a/b) (equal to ABI's
//! `−copysign(floor|a/b|, a/b)`). `fdiv`'s ∂b is written as `−result/b`, which costs one division
//! in forward mode (the result is at hand) and makes the reverse mode read the result; with ∂a
//! evaluated too, the two share the reciprocal `1/b` (`Expr::with_shared_reciprocals`).

use super::build::*;
use super::expr::Elem;
use super::{row, Partial::Expr as P, Rule};

pub(super) fn rows() -> Vec<Rule> {
    vec![
        row("fadd", vec![P(k(1.0)), P(k(1.0))]),
        row("fsub", vec![P(k(1.0)), P(k(-1.0))]),
        row("fmul", vec![P(arg(1)), P(arg(0))]),
        row(
            "fdiv",
            vec![P(div(k(1.0), arg(1))), P(neg(div(result(), arg(1))))],
        ),
        row(
            "frem",
            vec![P(k(1.0)), P(neg(call1(Elem::Trunc, div(arg(0), arg(1)))))],
        ),
        row("fneg", vec![P(k(-1.0))]),
        row("llvm.fma", fma_partials()),
        row("llvm.fmuladd", fma_partials()),
    ]
}

/// `x·y + z`: ∂x = y, ∂y = x, ∂z = 1.
fn fma_partials() -> Vec<super::Partial> {
    vec![P(arg(1)), P(arg(0)), P(k(1.0))]
}
