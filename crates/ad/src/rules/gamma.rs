//! The `lgamma` and `tgamma` rows, whose derivatives need the digamma function ψ = Γ'/Γ, which
//! libm does not have: [`digamma`] writes it as an expression (no loop, no branch; both sides
//! of its one `select` are evaluated) that the rows' partials use: `lgamma` ψ(x) (the
//! derivative of ln|Γ(x)| on both sides of 0), `tgamma` y·ψ(x) over the result y.
//!
//! ψ(x) for x ≥ 0 is ψ(x + 8) − Σᵢ₌₀⁷ 1/(x + i) (the recurrence ψ(x + 1) = ψ(x) + 1/x), with
//! ψ(z) at z ≥ 8 from its asymptotic series ln z − 1/(2z) − Σₖ B₂ₖ/(2k·z²ᵏ) to the z⁻¹⁴ term
//! (the first one left out is below 2e−16 relative there). For x < 0 the reflection
//! ψ(x) = ψ(1 − x) − π·cot(πx), with cot(πx) = cot(π·(x − trunc x)) (exact reduction, so large
//! |x| loses nothing to the product π·x). At the poles (0, −1, −2, ...) the result is ±inf or a
//! huge value, as lgamma and tgamma there. `tests/rules_fd.rs::digamma_is_tight` checks it
//! against ψ's known values and recurrence to a few ulps.

use std::f64::consts::PI;

use super::build::*;
use super::expr::{Elem, Expr};
use super::{row, Partial::Expr as P, Rule};

pub(super) fn rows() -> Vec<Rule> {
    vec![
        row("lgamma", vec![P(digamma(arg(0)))]),
        row("tgamma", vec![P(mul(result(), digamma(arg(0))))]),
    ]
}

/// ψ(x), in the primal's float type.
pub fn digamma(x: Expr) -> Expr {
    let r = sub(x.clone(), call1(Elem::Trunc, x.clone()));
    let pr = mul(k(PI), r);
    let cot = div(call1(Elem::Cos, pr.clone()), call1(Elem::Sin, pr));
    let reflected = sub(digamma_nonnegative(sub(k(1.0), x.clone())), mul(k(PI), cot));
    if_lt(x.clone(), k(0.0), reflected, digamma_nonnegative(x))
}

/// ψ(x) for x ≥ 0: the series at x + 8, less the eight reciprocals (smallest first).
fn digamma_nonnegative(x: Expr) -> Expr {
    let z = add(x.clone(), k(8.0));
    let w = recip(sq(z.clone()));
    // B₂ₖ/(2k) for k = 1..7: 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12.
    let coefficients = [1.0 / 12.0, -1.0 / 120.0, 1.0 / 252.0, -1.0 / 240.0, 1.0 / 132.0, -691.0 / 32760.0, 1.0 / 12.0];
    let series = coefficients.iter().rev().skip(1).fold(k(coefficients[6]), |acc, &c| add(k(c), mul(w.clone(), acc)));
    let asymptotic = sub(sub(call1(Elem::Log, z.clone()), div(k(0.5), z)), mul(w, series));
    let shifted = |i: usize| if i == 0 { x.clone() } else { add(x.clone(), k(i as f64)) };
    let shifts = (0..7).rev().fold(recip(shifted(7)), |acc, i| add(acc, recip(shifted(i))));
    sub(asymptotic, shifts)
}
