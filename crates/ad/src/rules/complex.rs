//! Rule rows for complex numbers (ABI §7.3): the compiler-rt helpers clang calls for C
//! `_Complex` and C++ `std::complex` multiplication and division, and the C99 complex library
//! calls. Operands and outputs are real and imaginary parts, in order, as the x86-64 C ABI
//! passes them: `__muldc3(a, b, c, d)` is (a + bi)·(c + di) and returns (re, im); `cexp(x, y)` is
//! e^(x + iy). The `float` versions (`__mulsc3`, `cexpf`, `cabsf`) use the same rows; the caller
//! splits their `<2 x float>` operands and results into parts.
//!
//! A holomorphic f of complex inputs zₖ = xₖ + i·yₖ with f'ₖ = uₖ + i·vₖ has the partials
//! ∂re/∂xₖ = uₖ, ∂re/∂yₖ = −vₖ, ∂im/∂xₖ = vₖ, ∂im/∂yₖ = uₖ (Cauchy–Riemann). Each row below
//! gives only its f'ₖ, over the operands and the result R where that is cheaper: cexp' = R,
//! csqrt' = 1/(2R), (z/w) in w is −R/w, cpow(z, w) in w is R·log z. `cabs` is `hypot`'s row
//! (an alias); `carg` is real-valued, one output. Edges are in the table of `rules/mod.rs`.
//!
//! The trigonometric and hyperbolic functions and their inverses: csin' = cos z, ccos' = −sin z,
//! csinh' = cosh z, ccosh' = sinh z, each written over real sin, cos, sinh and cosh of x and y;
//! ctan' = 1 + R², ctanh' = 1 − R² (over the result, as the real rows). The inverses' derivatives
//! are taken from the result too: sin R = z gives casin' = 1/cos R, which is the principal
//! 1/√(1 − z²) (Re R ∈ [−π/2, π/2], where Re cos R ≥ 0), and likewise cacos' = −1/sin R,
//! casinh' = 1/cosh R, cacosh' = 1/sinh R (= 1/(√(z − 1)·√(z + 1)), the form with cacosh's
//! branch cut). On a branch cut they thereby follow the side the library's result is on, and
//! near the branch points (z = ±1, ±i) they keep their precision where 1 − z² would cancel.
//! catan' = 1/(1 + z²), catanh' = 1/(1 − z²). `cproj` is the identity, with partials 0 where a
//! part of z is infinite (the result is then the constant ∞). `conj`, `creal` and `cimag` (calls
//! under `-fno-builtin`) have constant partials.

use super::build::*;
use super::expr::{Elem, Expr};
use super::{Partial, Partial::Expr as P, Rule, RuleKind};

pub(super) fn rows() -> Vec<Rule> {
    let z = || Cx::operand(0);
    let w = || Cx::operand(1);
    let r = Cx::result;
    let log_z = Cx(mul(k(0.5), call1(Elem::Log, z().norm())), call(Elem::Atan2, vec![z().1, z().0]));
    vec![
        holomorphic("__muldc3", vec![w(), z()]),
        holomorphic("__divdc3", vec![w().recip(), r().div(&w()).neg()]),
        holomorphic("cexp", vec![r()]),
        holomorphic("clog", vec![z().recip()]),
        // 1/(2R), and 0 at z = 0 (as sqrt).
        holomorphic("csqrt", vec![r().scale(2.0).recip().zero_where(r().norm())]),
        // ∂z = w·R/z (NaN at z = 0, no value); ∂w = R·log z, 0 at z = 0 (as pow's ∂y).
        holomorphic(
            "cpow",
            vec![w().mul(&r()).div(&z()), r().mul(&log_z).zero_where(z().norm())],
        ),
        holomorphic("csin", vec![cos_of(&z())]),
        holomorphic("ccos", vec![sin_of(&z()).neg()]),
        holomorphic("ctan", vec![r().sq().add_real(1.0)]),
        holomorphic("csinh", vec![cosh_of(&z())]),
        holomorphic("ccosh", vec![sinh_of(&z())]),
        holomorphic("ctanh", vec![r().sq().neg().add_real(1.0)]),
        holomorphic("casin", vec![cos_of(&r()).recip()]),
        holomorphic("cacos", vec![sin_of(&r()).recip().neg()]),
        holomorphic("catan", vec![z().sq().add_real(1.0).recip()]),
        holomorphic("casinh", vec![cosh_of(&r()).recip()]),
        holomorphic("cacosh", vec![sinh_of(&r()).recip()]),
        holomorphic("catanh", vec![z().sq().neg().add_real(1.0).recip()]),
        // cproj(z) = z, or (∞, ±0) where a part of z is infinite.
        Rule {
            name: "cproj",
            kind: RuleKind::Differentiable,
            outputs: vec![vec![P(finite(&z())), Partial::Zero], vec![Partial::Zero, P(finite(&z()))]],
        },
        // conj, creal and cimag are calls only under -fno-builtin (clang inlines them otherwise).
        Rule {
            name: "conj",
            kind: RuleKind::Differentiable,
            outputs: vec![vec![P(k(1.0)), Partial::Zero], vec![Partial::Zero, P(k(-1.0))]],
        },
        Rule {
            name: "creal",
            kind: RuleKind::Differentiable,
            outputs: vec![vec![P(k(1.0)), Partial::Zero]],
        },
        Rule {
            name: "cimag",
            kind: RuleKind::Differentiable,
            outputs: vec![vec![Partial::Zero, P(k(1.0))]],
        },
        // carg(x + iy) = atan2(y, x).
        Rule {
            name: "carg",
            kind: RuleKind::Differentiable,
            outputs: vec![vec![
                P(neg(div(arg(1), z().norm()))),
                P(div(arg(0), z().norm())),
            ]],
        },
    ]
}

/// Other spellings: the `float` helpers, and `cabs` (|x + iy| is hypot(x, y)).
pub(super) const ALIASES: &[(&str, &str)] = &[
    ("__mulsc3", "__muldc3"),
    ("__divsc3", "__divdc3"),
    ("cabs", "hypot"),
];

/// A row for a complex-valued f whose derivative in its k-th complex input is `derivs[k]`.
fn holomorphic(name: &'static str, derivs: Vec<Cx>) -> Rule {
    let (mut re, mut im) = (Vec::new(), Vec::new());
    for Cx(u, v) in derivs {
        re.extend([P(u.clone()), P(neg(v.clone()))]);
        im.extend([P(v), P(u)]);
    }
    Rule {
        name,
        kind: RuleKind::Differentiable,
        outputs: vec![re, im],
    }
}

/// sin(x + iy) = sin x·cosh y + i·cos x·sinh y.
fn sin_of(z: &Cx) -> Cx {
    Cx(product(Elem::Sin, &z.0, Elem::Cosh, &z.1), product(Elem::Cos, &z.0, Elem::Sinh, &z.1))
}

/// cos(x + iy) = cos x·cosh y − i·sin x·sinh y.
fn cos_of(z: &Cx) -> Cx {
    Cx(product(Elem::Cos, &z.0, Elem::Cosh, &z.1), neg(product(Elem::Sin, &z.0, Elem::Sinh, &z.1)))
}

/// sinh(x + iy) = sinh x·cos y + i·cosh x·sin y.
fn sinh_of(z: &Cx) -> Cx {
    Cx(product(Elem::Sinh, &z.0, Elem::Cos, &z.1), product(Elem::Cosh, &z.0, Elem::Sin, &z.1))
}

/// cosh(x + iy) = cosh x·cos y + i·sinh x·sin y.
fn cosh_of(z: &Cx) -> Cx {
    Cx(product(Elem::Cosh, &z.0, Elem::Cos, &z.1), product(Elem::Sinh, &z.0, Elem::Sin, &z.1))
}

/// f(x)·g(y).
fn product(f: Elem, x: &Expr, g: Elem, y: &Expr) -> Expr {
    mul(call1(f, x.clone()), call1(g, y.clone()))
}

/// 1 where both parts of z are finite or NaN, 0 where one is infinite (C's `cproj` test):
/// a part p is infinite where p − p is not 0 (NaN) but p equals itself.
fn finite(z: &Cx) -> Expr {
    let infinite = |p: &Expr| {
        let nan_or_inf = if_eq(p.clone(), p.clone(), k(1.0), k(0.0));
        if_eq(sub(p.clone(), p.clone()), k(0.0), k(0.0), nan_or_inf)
    };
    if_eq(add(infinite(&z.0), infinite(&z.1)), k(0.0), k(1.0), k(0.0))
}

/// A complex expression (re, im). Each use evaluates its parts again; the generated code
/// leaves sharing to LLVM's common-subexpression elimination.
#[derive(Clone)]
struct Cx(Expr, Expr);

impl Cx {
    /// The k-th complex operand: operands 2k and 2k + 1.
    fn operand(k: usize) -> Cx {
        Cx(arg(2 * k), arg(2 * k + 1))
    }
    fn result() -> Cx {
        Cx(result_at(0), result_at(1))
    }
    fn mul(&self, o: &Cx) -> Cx {
        let (a, b, c, d) = (&self.0, &self.1, &o.0, &o.1);
        Cx(
            sub(mul(a.clone(), c.clone()), mul(b.clone(), d.clone())),
            add(mul(a.clone(), d.clone()), mul(b.clone(), c.clone())),
        )
    }
    /// z² = ((x − y)·(x + y), 2xy).
    fn sq(&self) -> Cx {
        let (a, b) = (&self.0, &self.1);
        let re = mul(sub(a.clone(), b.clone()), add(a.clone(), b.clone()));
        Cx(re, mul(k(2.0), mul(a.clone(), b.clone())))
    }
    /// c + z for a real constant c.
    fn add_real(&self, c: f64) -> Cx {
        Cx(add(k(c), self.0.clone()), self.1.clone())
    }
    /// |z|².
    fn norm(&self) -> Expr {
        add(sq(self.0.clone()), sq(self.1.clone()))
    }
    fn conj(&self) -> Cx {
        Cx(self.0.clone(), neg(self.1.clone()))
    }
    fn neg(&self) -> Cx {
        Cx(neg(self.0.clone()), neg(self.1.clone()))
    }
    fn scale(&self, c: f64) -> Cx {
        Cx(mul(k(c), self.0.clone()), mul(k(c), self.1.clone()))
    }
    /// z/w as z·conj(w)/|w|².
    fn div(&self, w: &Cx) -> Cx {
        let p = self.mul(&w.conj());
        Cx(div(p.0, w.norm()), div(p.1, w.norm()))
    }
    fn recip(&self) -> Cx {
        Cx(div(self.0.clone(), self.norm()), neg(div(self.1.clone(), self.norm())))
    }
    /// 0 where `e` is 0, this value elsewhere.
    fn zero_where(self, e: Expr) -> Cx {
        Cx(
            if_eq(e.clone(), k(0.0), k(0.0), self.0),
            if_eq(e, k(0.0), k(0.0), self.1),
        )
    }
}
