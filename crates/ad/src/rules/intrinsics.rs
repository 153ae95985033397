//! Rule rows for LLVM math intrinsics (ABI §7.2, and the §7.3 functions LLVM 22 has intrinsics
//! for), plus the intrinsics that never carry a derivative (§7.4). Names are written without the
//! type suffix (`llvm.sin`, not `llvm.sin.f64`); lookup strips suffixes.
//!
//! Edge conventions (sqrt at 0, fabs at ±0, min/max ties, pow, ...) are tabled once, in the
//! module doc of `rules/mod.rs`.
//!
//! Not rows here (they are not elementwise): `llvm.vector.reduce.*` (reduce.fadd/fmax appear in
//! clang's output) and `llvm.frexp` (returns `{mantissa, exponent}`); `lookup` returns `None`.
//! `llvm.sincos` is a row with two outputs (`{sin, cos}`), split like the complex rows' results.

use std::f64::consts::{LN_10, LN_2};

use super::build::*;
use super::expr::Elem;
use super::{inactive, row, Partial, Partial::Expr as P, Rule, RuleKind};

pub(super) fn rows() -> Vec<Rule> {
    let mut rows = vec![
        row("llvm.sin", vec![P(call1(Elem::Cos, arg(0)))]),
        row("llvm.cos", vec![P(neg(call1(Elem::Sin, arg(0))))]),
        row("llvm.tan", vec![P(add(k(1.0), sq(result())))]),
        row("llvm.exp", vec![P(result())]),
        row("llvm.exp2", vec![P(mul(k(LN_2), result()))]),
        row("llvm.exp10", vec![P(mul(k(LN_10), result()))]),
        row("llvm.log", vec![P(div(k(1.0), arg(0)))]),
        row("llvm.log2", vec![P(div(k(1.0 / LN_2), arg(0)))]),
        row("llvm.log10", vec![P(div(k(1.0 / LN_10), arg(0)))]),
        row(
            "llvm.sqrt",
            vec![P(if_eq(result(), k(0.0), k(0.0), mul(k(0.5), recip(result()))))],
        ),
        row("llvm.pow", pow_partials()),
        row("llvm.powi", powi_partials()),
        row("llvm.fabs", vec![P(sign(arg(0)))]),
        row(
            "llvm.copysign",
            vec![P(mul(sign(arg(0)), sign(arg(1)))), Partial::Zero],
        ),
        row(
            "llvm.asin",
            vec![P(div(k(1.0), call1(Elem::Sqrt, sub(k(1.0), sq(arg(0))))))],
        ),
        row(
            "llvm.acos",
            vec![P(div(k(-1.0), call1(Elem::Sqrt, sub(k(1.0), sq(arg(0))))))],
        ),
        row("llvm.atan", vec![P(div(k(1.0), add(k(1.0), sq(arg(0)))))]),
        row("llvm.atan2", atan2_partials()),
        row("llvm.sinh", vec![P(call1(Elem::Cosh, arg(0)))]),
        row("llvm.cosh", vec![P(call1(Elem::Sinh, arg(0)))]),
        row("llvm.tanh", vec![P(sub(k(1.0), sq(result())))]),
        row(
            "llvm.ldexp",
            vec![P(call1(Elem::Exp2, int_to_float(arg(1)))), Partial::Zero],
        ),
    ];
    for name in ["llvm.minnum", "llvm.minimum", "llvm.minimumnum"] {
        rows.push(row(name, min_partials()));
    }
    for name in ["llvm.maxnum", "llvm.maximum", "llvm.maximumnum"] {
        rows.push(row(name, max_partials()));
    }
    // `llvm.sincos(x) -> {sin x, cos x}` (clang's `__builtin_sincos` without errno): two outputs,
    // each partial the other's result. Called on scalars only; a vector call is refused.
    rows.push(Rule {
        name: "llvm.sincos",
        kind: RuleKind::Differentiable,
        outputs: vec![vec![P(result_at(1))], vec![P(neg(result_at(0)))]],
    });
    // x86 packed min/max: `a < b ? a : b` and `a > b ? a : b`, both give ties and NaN to b.
    for name in [
        "llvm.x86.sse.min.ps",
        "llvm.x86.sse2.min.pd",
        "llvm.x86.avx.min.ps.256",
        "llvm.x86.avx.min.pd.256",
    ] {
        rows.push(row(name, x86_min_partials()));
    }
    for name in [
        "llvm.x86.sse.max.ps",
        "llvm.x86.sse2.max.pd",
        "llvm.x86.avx.max.ps.256",
        "llvm.x86.avx.max.pd.256",
    ] {
        rows.push(row(name, x86_max_partials()));
    }
    rows.extend(INACTIVE.iter().map(|name| inactive(name)));
    rows
}

/// Other spellings of the rows above.
pub(super) const ALIASES: &[(&str, &str)] = &[
    ("llvm.nvvm.ex2.approx.f", "llvm.exp2"),
    ("llvm.nvvm.ex2.approx.ftz.f", "llvm.exp2"),
    ("llvm.nvvm.ex2.approx.d", "llvm.exp2"),
];

/// Intrinsics whose result never carries a derivative and which have no shadow effect (ABI §7.4).
const INACTIVE: &[&str] = &[
    "llvm.floor",
    "llvm.ceil",
    "llvm.trunc",
    "llvm.rint",
    "llvm.nearbyint",
    "llvm.round",
    "llvm.roundeven",
    "llvm.lrint",
    "llvm.llrint",
    "llvm.lround",
    "llvm.llround",
    // x86 packed rounding (`_mm_round_pd`, `_mm256_floor_pd`, ...: every lane rounded by the
    // immediate's mode). Not the scalar `sse41.round.sd/ss`, whose upper lanes pass through.
    "llvm.x86.sse41.round.pd",
    "llvm.x86.sse41.round.ps",
    "llvm.x86.avx.round.pd.256",
    "llvm.x86.avx.round.ps.256",
    "llvm.assume",
    "llvm.expect",
    "llvm.expect.with.probability",
    "llvm.stacksave",
    "llvm.stackrestore",
    "llvm.lifetime.start",
    "llvm.lifetime.end",
    "llvm.dbg.declare",
    "llvm.dbg.value",
    "llvm.dbg.label",
    "llvm.dbg.addr",
    "llvm.dbg.assign",
    "llvm.invariant.start",
    "llvm.invariant.end",
    "llvm.var.annotation",
    "llvm.ptr.annotation",
    "llvm.annotation",
    "llvm.codeview.annotation",
    "llvm.type.test",
    "llvm.donothing",
    "llvm.prefetch",
    "llvm.trap",
    "llvm.debugtrap",
    "llvm.is.constant",
    "llvm.nvvm.barrier0",
    "llvm.nvvm.barrier.sync",
    "llvm.nvvm.membar.cta",
    "llvm.nvvm.membar.gl",
    "llvm.nvvm.membar.sys",
    "llvm.amdgcn.s.barrier",
    // Float classification and integer-only intrinsics clang emits (DESIGN §9 census).
    "llvm.is.fpclass",
    "llvm.umin",
    "llvm.umax",
    "llvm.smin",
    "llvm.smax",
    "llvm.abs",
    "llvm.uadd.sat",
    "llvm.usub.sat",
    "llvm.sadd.sat",
    "llvm.ssub.sat",
    "llvm.ctpop",
    "llvm.ctlz",
    "llvm.cttz",
    "llvm.bswap",
    "llvm.bitreverse",
    "llvm.fshl",
    "llvm.fshr",
    "llvm.uadd.with.overflow",
    "llvm.sadd.with.overflow",
    "llvm.usub.with.overflow",
    "llvm.ssub.with.overflow",
    "llvm.umul.with.overflow",
    "llvm.smul.with.overflow",
    "llvm.va_start",
    "llvm.va_end",
    "llvm.va_copy",
    "llvm.experimental.noalias.scope.decl",
    "llvm.objectsize",
];

/// `copysign(1, v)`: ±1 by v's sign bit.
fn sign(v: crate::rules::Expr) -> crate::rules::Expr {
    call(Elem::Copysign, vec![k(1.0), v])
}

fn pow_partials() -> Vec<Partial> {
    let dx = mul(arg(1), call(Elem::Pow, vec![arg(0), sub(arg(1), k(1.0))]));
    let dy = mul(result(), call1(Elem::Log, arg(0)));
    vec![
        P(if_eq(arg(1), k(0.0), k(0.0), dx)),
        P(if_eq(arg(0), k(0.0), k(0.0), dy)),
    ]
}

fn powi_partials() -> Vec<Partial> {
    let n = || int_to_float(arg(1));
    let dx = mul(n(), call(Elem::Powi, vec![arg(0), int_add(arg(1), -1)]));
    vec![P(if_eq(n(), k(0.0), k(0.0), dx)), Partial::Zero]
}

/// `atan2(y, x)`: ∂y = x/(x²+y²), ∂x = −y/(x²+y²).
fn atan2_partials() -> Vec<Partial> {
    let r2 = || add(sq(arg(0)), sq(arg(1)));
    vec![P(div(arg(1), r2())), P(neg(div(arg(0), r2())))]
}

/// minnum: x when x < y, else y (ties to the second operand); a NaN operand is ignored, so
/// when only y is NaN the result, and the derivative, is x.
fn min_partials() -> Vec<Partial> {
    let pick = |x: f64, y: f64| if_lt(arg(0), arg(1), k(x), if_eq(arg(1), arg(1), k(y), k(x)));
    vec![P(pick(1.0, 0.0)), P(pick(0.0, 1.0))]
}

/// maxnum: y when x < y, else x (ties to the first operand); when only x is NaN the result,
/// and the derivative, is y.
fn max_partials() -> Vec<Partial> {
    let pick = |x: f64, y: f64| if_lt(arg(0), arg(1), k(y), if_eq(arg(0), arg(0), k(x), k(y)));
    vec![P(pick(1.0, 0.0)), P(pick(0.0, 1.0))]
}

/// x86 min: a when a < b, else b (ties and NaN to the second operand).
fn x86_min_partials() -> Vec<Partial> {
    vec![
        P(if_lt(arg(0), arg(1), k(1.0), k(0.0))),
        P(if_lt(arg(0), arg(1), k(0.0), k(1.0))),
    ]
}

/// x86 max: a when b < a, else b (ties and NaN to the second operand).
fn x86_max_partials() -> Vec<Partial> {
    vec![
        P(if_lt(arg(1), arg(0), k(1.0), k(0.0))),
        P(if_lt(arg(1), arg(0), k(0.0), k(1.0))),
    ]
}
