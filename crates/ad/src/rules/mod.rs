//! The derivative rule table (DESIGN §5, ABI §7): one row per float instruction, intrinsic and
//! library function, each giving its partial derivatives as data ([`Expr`]s over the primal
//! operands and results). Most rows have one output; a complex result has two (re, im), each
//! with its own partials, as has `llvm.sincos` (sin, cos). Forward mode forms `ẏₖ = Σᵢ ∂ₖᵢ·ẋᵢ` with [`tangent`], reverse mode forms
//! `x̄ᵢ += Σₖ ∂ₖᵢ·ȳₖ` with [`adjoint_contributions`]; both interpret the same rows through a
//! [`Sink`], in scalars, vectors and any width ([`tangent_lanes`] evaluates each partial once for
//! all lanes). Which primal values a row reads ([`Rule::reads`]) is
//! derived from the row and feeds tape planning.
//!
//! Rows live by topic in `arith.rs` (instructions, fma), `intrinsics.rs`, `libm.rs`, `gamma.rs`
//! (`lgamma`, `tgamma` and the digamma expression they need) and `complex.rs` (complex helpers and library calls, operands and outputs as (re, im) pairs). Adding a
//! function is adding a row; the finite-difference tests (`tests/rules_fd.rs` on the rows as data,
//! `interp/tests/rules` on generated code in both modes) then ask for the row's primal and test
//! points (`tests/rules_spec/`).
//!
//! Lookup: [`instruction`] takes an opcode (`fadd`); [`lookup`] takes a callee name and
//! normalizes it (`llvm.sin.v4f32`, `sinf`, `__sin_finite`, `__nv_sin`, `__fd_sin_1` → the
//! `llvm.sin` row; C++/Rust runtime families by prefix). Consult [`lookup`] only for functions
//! without a body (or ones the user did not define): a defined function is differentiated.
//!
//! # Edge conventions
//!
//! Where a function has no derivative, or two one-sided ones, the rows decide as below (also in
//! `docs/RULES.md`; `tests/rules_fd.rs::edges_are_exact` checks each value exactly). "Zero stays
//! zero" means the partial is finite, so a zero tangent through the point stays zero instead of
//! becoming `0·inf = NaN`.
//!
//! | row | where | partial | why |
//! |---|---|---|---|
//! | `fabs(x)` | x = ±0, NaN | `copysign(1, x)`: +1 at +0, −1 at −0 | follows the sign bit, as Enzyme; `(fabs(−x·x))''` at 0 is 2 |
//! | `copysign(x, y)` | x or y = ±0 | ∂x = `copysign(1,x)·copysign(1,y)` by sign bits; ∂y = 0 | y only picks a sign |
//! | `minnum`/`fmin`/`minimumnum` | x = y | all to y (second operand) | ABI §7.2 |
//! | | one NaN | all to the other operand, the one returned | the result does not depend on the NaN |
//! | `maxnum`/`fmax`/`maximumnum` | x = y | all to x (first operand) | ABI §7.2 |
//! | | one NaN | all to the other operand, the one returned | |
//! | `minimum`/`maximum` | x = y (−0 = +0 too) | as minnum/maxnum | ties are by value |
//! | | a NaN | as minnum/maxnum (the result is NaN anyway) | |
//! | x86 SSE/AVX min/max | tie or NaN | all to the second operand | what the instruction returns |
//! | `sqrt` | x = ±0 | 0 (not +inf) | ABI §7.2; zero stays zero |
//! | `hypot(x, y)` | (0, 0) | 0, 0 | as sqrt |
//! | `pow(x, y)` ∂x | y = 0 | 0 (f(·, 0) ≡ 1) | avoids `0·0⁻¹` = NaN |
//! | | x = 0, y ≠ 0 | `y·0^(y−1)`: 0 for y > 1, 1 at y = 1, +inf for 0 < y < 1 | the true (one-sided) value |
//! | | x < 0 | `y·x^(y−1)`, exact at integer y | pow is defined there only at integer y |
//! | `pow(x, y)` ∂y | x = ±0 | 0 | pow(0, y) is constant on each side of y = 0 |
//! | | x < 0 | NaN | no derivative in y exists: x^y is defined only at integer y |
//! | | x < 0, ẏ = 0 | its term is 0 | along (ẋ, 0) the derivative exists ([`no_partial_elsewhere`]) |
//! | `powi(x, n)` | n = 0 | 0 | f ≡ 1; avoids `0·0⁻¹` |
//! | `cbrt` | x = 0 | NaN (`0/0`) | the derivative is +inf; NaN says "no value" |
//! | `atan2`, `carg` | (0, 0) | NaN (`0/0`) | no derivative; the angle jumps |
//! | `cabs` | 0 | 0, 0 | it is `hypot` |
//! | `csqrt` | z = 0 | 0 | as sqrt |
//! | `clog` | z = 0 | ±inf / NaN | log has a pole there |
//! | `cpow(z, w)` ∂z | z = 0 | NaN | `w·R/z`; no value is computed there |
//! | `cpow(z, w)` ∂w | z = 0 | 0 | as pow's ∂y |
//! | `cproj` | a part of z infinite | 0, 0 | the result is the constant ∞ |
//! | `ctan`, `ctanh` | large \|Im z\| (\|Re z\|) | 1 ± R², one ulp of 1 absolute | over the result, as tan/tanh |
//! | `casin`, `cacos`, `casinh`, `cacosh` | on a branch cut | one-sided, on the result's side | read from the result R |
//! | | branch points (±1, ±i) | huge or NaN | the slope is infinite |
//! | `catan`, `catanh` | poles ±i (±1) | NaN | 1/0 as a complex quotient |
//! | `frexp` | x = 0 | 1 | m = x·2⁰ near 0 |
//! | `j1` | \|x\| < 1e−8 | 1/2 | J0 − J1/x is 0/0 at 0, inexact where J1 is subnormal |
//! | `jn(n, x)` | x = 0 | (J_{n−1} − J_{n+1})/2: ±1/2 at n = ±1, else 0 | exact there |
//! | `y0` | x = 0 | +inf | −y1(0), the true limit |
//! | `y1`, `yn` (n ≠ 0) | x = 0 | NaN | the slope is infinite; as cbrt |
//! | `fdim(x, y)` | x = y, NaN | 0, 0 | fdim is 0 for x ≤ y |
//! | `lgamma`, `tgamma` | x = 0, −1, −2, ... | ±inf or huge | poles of Γ, as the function |
//!
//! # Reusing the primal result
//!
//! A partial that can be written over the primal result `y` (already computed, next to the
//! tangent) is: `exp` y, `exp2`/`exp10` ln2·y / ln10·y, `tan` 1 + y², `tanh` 1 − y², `sqrt`
//! 0.5·(1/y) (the reciprocal a quotient by the root shares), `cbrt` y/(3x), `hypot` x/y, `pow` ∂y y·ln x, `fdiv` ∂b −y/b, `frexp` y/x, `j1`/`y1` C0(x) − y/x, `tgamma` y·ψ(x). Not rewritten,
//! on purpose: `expm1` keeps eˣ (y + 1 cancels for x ≪ 0), `sinh` keeps cosh x (√(1 + y²)
//! overflows for |x| > 355 where cosh is finite), `cosh` keeps sinh x (√(y² − 1) cancels near
//! 0), `pow` ∂x keeps y·x^(y−1) (y·result/x is 0/0 at x = 0), `atan` 1/(1 + x²) is already one
//! fused multiply-add and a division. `tanh`'s 1 − y² carries an absolute error of about one
//! ulp of 1, so where the true slope is below that (|x| > 19 in f64, 9 in f32) it comes out 0.

mod arith;
mod complex;
mod expr;
mod gamma;
mod intrinsics;
mod libm;
mod names;

use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) use expr::build;
pub use expr::{eval, Cmp, Elem, Expr, Sink};

/// What kind of derivative a row describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// The result's derivative is `Σ ∂ᵢ·ẋᵢ` over the partials.
    Differentiable,
    /// The result carries no derivative and the call touches no shadow (floor, printf, ...). Such
    /// rows have no partials, whatever the operand count; the call is kept as in the primal.
    Inactive,
    /// `frexp(x, int *e)`: operand 0 is x, operand 1 a pointer the call writes the exponent
    /// through (`remquo(x, y, int *q)`: operand 2, the quotient's bits). The generator keeps the primal call (it writes `*e`), gives the written `int` no
    /// shadow and leaves operand 1's shadow, if any, untouched; the mantissa result is then
    /// differentiated like a `Differentiable` row (∂x = 2^(−e), operand 1 is `Zero`).
    Frexp,
}

/// The partial derivative of the result with respect to one operand.
#[derive(Clone, Debug, PartialEq)]
pub enum Partial {
    /// No derivative flows through this operand (integer exponents, copysign's y, pointers).
    Zero,
    Expr(Expr),
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Canonical name: an opcode (`fadd`), an intrinsic without type suffix (`llvm.sin`), or a
    /// normalized library name (`cbrt`).
    pub name: &'static str,
    pub kind: RuleKind,
    /// The partials of each output (`[output][operand]`): one output for most rows, two (re, im)
    /// for a complex result. Every output has one partial per operand, in operand order
    /// (`Inactive` rows: one output without partials).
    pub outputs: Vec<Vec<Partial>>,
}

/// The primal values evaluating some partials needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    pub result: bool,
    /// Operand indices, sorted, without repeats.
    pub operands: Vec<usize>,
}

impl Rule {
    /// Number of operands the partials describe.
    pub fn arity(&self) -> usize {
        self.outputs.first().map_or(0, Vec::len)
    }

    /// The partials of the first (for most rows, the only) output.
    pub fn partials(&self) -> &[Partial] {
        self.outputs.first().map_or(&[], Vec::as_slice)
    }

    /// Whether operand `i` can carry a derivative into some output.
    pub fn is_active_operand(&self, i: usize) -> bool {
        self.outputs.iter().any(|o| matches!(o.get(i), Some(Partial::Expr(_))))
    }

    /// What the partials of the operands flagged in `active` read (missing flags are false).
    pub fn reads(&self, active: &[bool]) -> Reads {
        let mut reads = Reads::default();
        for (i, p) in self.outputs.iter().flat_map(|o| o.iter().enumerate()) {
            if let (Partial::Expr(e), Some(true)) = (p, active.get(i)) {
                reads.result |= e.uses_result();
                e.collect_operands(&mut reads.operands);
            }
        }
        reads.operands.sort_unstable();
        reads.operands.dedup();
        reads
    }

    /// Whether a partial may be infinite or NaN where the operands are finite: it divides, or
    /// takes a logarithm or a power (`fdiv`'s 1/b, `log`'s 1/x, `pow`'s x^(y−1)·y). Such a
    /// partial times an adjoint that is exactly zero is NaN, not zero (`reverse::strong_zero`).
    pub fn may_be_singular(&self) -> bool {
        let mut found = false;
        for p in self.outputs.iter().flatten() {
            if let Partial::Expr(e) = p {
                e.visit(&mut |x| found |= matches!(x, Expr::Div(..) | Expr::Call(Elem::Log | Elem::Pow | Elem::Powi, _)));
            }
        }
        found
    }

    /// Whether any partial reads the primal result.
    pub fn uses_result(&self) -> bool {
        self.reads(&self.all_active()).result
    }

    /// Operands any partial reads, sorted.
    pub fn used_operands(&self) -> Vec<usize> {
        self.reads(&self.all_active()).operands
    }

    fn all_active(&self) -> Vec<bool> {
        vec![true; self.arity()]
    }
}

/// The tangent of each output, `ẏₖ = Σᵢ ∂ₖᵢ·ṫᵢ`, over operands with a tangent (`Some`) and a
/// non-`Zero` partial; `None` for an output where no term remains (its tangent is zero). One
/// entry per output. Partials equal to ±1 are not multiplied.
pub fn tangent<S: Sink>(rule: &Rule, sink: &mut S, tangents: &[Option<S::V>]) -> Vec<Option<S::V>> {
    tangent_lanes(rule, sink, &[tangents.to_vec()], false).swap_remove(0)
}

/// [`tangent`] for several tangent directions at once (`lanes[l][i]`: lane l's tangent of
/// operand i), returning `[lane][output]`. Each partial is evaluated once, not once per lane.
/// With `strong_zero` (`Request::strong_zero`), a term whose tangent is exactly zero is zero
/// even where its partial is infinite or NaN (`∂·ṫ` becomes `ṫ == 0 ? 0 : ∂·ṫ`).
pub fn tangent_lanes<S: Sink>(rule: &Rule, sink: &mut S, lanes: &[Vec<Option<S::V>>], strong_zero: bool) -> Vec<Vec<Option<S::V>>> {
    if rule.kind == RuleKind::Inactive {
        return vec![vec![None; rule.outputs.len()]; lanes.len()];
    }
    let has_tangent = |i: usize| lanes.iter().any(|l| matches!(l.get(i), Some(Some(_))));
    // The quotient form scales the whole sum by 1/b, a zero tangent included: term by term instead.
    if rule.name == "fdiv" && has_tangent(0) && has_tangent(1) && !strong_zero {
        return quotient_tangents(sink, lanes);
    }
    let factors = evaluate_partials(rule, sink, |_, i| has_tangent(i));
    lanes
        .iter()
        .map(|lane| {
            factors
                .iter()
                .map(|o| {
                    let terms = o.iter().zip(lane).enumerate().filter_map(|(i, (f, t))| {
                        Some((f.clone()?, t.clone()?, strong_zero || no_partial_elsewhere(rule, i)))
                    });
                    sum_of_scaled(sink, terms.collect())
                })
                .collect()
        })
        .collect()
}

/// The reverse-mode contributions `Σₖ ∂ₖᵢ·ȳₖ` for each operand with `wanted[i]` (missing flags are
/// false), over the outputs with an adjoint (`dys[k]` is `Some`; one entry per output) and a
/// non-`Zero` partial; `None` where no term remains. The result has `rule.arity()` entries; the
/// caller adds each `Some` into the operand's adjoint.
pub fn adjoint_contributions<S: Sink>(
    rule: &Rule,
    sink: &mut S,
    dys: &[Option<S::V>],
    wanted: &[bool],
) -> Vec<Option<S::V>> {
    adjoint_contributions_lanes(rule, sink, &[dys.to_vec()], wanted, false).swap_remove(0)
}

/// [`adjoint_contributions`] for several lanes of output adjoints at once (`lanes[l][o]`:
/// lane l's adjoint of output o), returning `[lane][operand]`. Each partial is evaluated once,
/// not once per lane. With `strong_zero`, a term whose adjoint is exactly zero is zero even where
/// its partial is infinite or NaN (`∂·ȳ` becomes `ȳ == 0 ? 0 : ∂·ȳ`; partials ±1 need no test).
pub fn adjoint_contributions_lanes<S: Sink>(
    rule: &Rule,
    sink: &mut S,
    lanes: &[Vec<Option<S::V>>],
    wanted: &[bool],
    strong_zero: bool,
) -> Vec<Vec<Option<S::V>>> {
    let needed = |i: usize, o: usize| lanes.iter().any(|l| matches!(l.get(o), Some(Some(_)))) && wanted.get(i) == Some(&true);
    if rule.name == "fdiv" && needed(0, 0) && needed(1, 0) && !strong_zero {
        return quotient_adjoints(sink, lanes);
    }
    let mut by_output = evaluate_partials(rule, sink, |o, i| rule.kind != RuleKind::Inactive && needed(i, o));
    let factors: Vec<Vec<Option<Factor<S::V>>>> = (0..rule.arity())
        .map(|i| by_output.iter_mut().map(|out| out[i].take()).collect())
        .collect();
    lanes
        .iter()
        .map(|dys| {
            factors
                .iter()
                .enumerate()
                .map(|(i, per_output)| {
                    let guard = strong_zero || no_partial_elsewhere(rule, i);
                    let terms = per_output.iter().zip(dys).filter_map(|(f, dy)| Some((f.clone()?, dy.clone()?, guard)));
                    sum_of_scaled(sink, terms.collect())
                })
                .collect()
        })
        .collect()
}

/// The partials `[output][operand]` that `wanted(output, operand)` selects, evaluated; `None`
/// elsewhere. Quotients by a denominator that two or more of them divide by are evaluated as
/// products with one shared reciprocal ([`Expr::with_shared_reciprocals`]): `fdiv` with both
/// operands wanted divides once (∂a = 1/b, ∂b = −y·(1/b)), with one it keeps its one division.
fn evaluate_partials<S: Sink>(
    rule: &Rule,
    sink: &mut S,
    wanted: impl Fn(usize, usize) -> bool,
) -> Vec<Vec<Option<Factor<S::V>>>> {
    let selected = |o: usize, i: usize| match &rule.outputs[o][i] {
        Partial::Expr(e) if wanted(o, i) => Some(e),
        _ => None,
    };
    let each = || (0..rule.outputs.len()).flat_map(|o| (0..rule.outputs[o].len()).map(move |i| (o, i)));
    let shared = expr::shared_denominators(each().filter_map(|(o, i)| selected(o, i)));
    (0..rule.outputs.len())
        .map(|o| {
            (0..rule.outputs[o].len())
                .map(|i| selected(o, i).map(|e| Factor::of(&e.with_shared_reciprocals(&shared), sink)))
                .collect()
        })
        .collect()
}

/// Division by `fdiv`'s denominator `b` for `lanes` lanes at once: one lane divides by `b`,
/// several multiply by one `1/b`. Also hands out `b` and the quotient `y`.
struct Quotient<V> {
    b: V,
    y: V,
    inv: Option<V>,
}

impl<V: Clone> Quotient<V> {
    fn new<S: Sink<V = V>>(sink: &mut S, lanes: usize) -> Self {
        let (b, y) = (sink.arg(1), sink.result(0));
        let inv = (lanes > 1).then(|| {
            let one = sink.constant(1.0);
            sink.div(one, b.clone())
        });
        Quotient { b, y, inv }
    }

    fn scale<S: Sink<V = V>>(&self, sink: &mut S, v: V) -> V {
        match &self.inv {
            Some(inv) => sink.mul(v, inv.clone()),
            None => sink.div(v, self.b.clone()),
        }
    }
}

/// `fdiv`'s tangents where both operands have one: `(ȧ − y·ḃ)/b`, the sum formed before it is
/// scaled, so that no partial overflows where the tangent does not (`ḃ·(−y/b)` is `0·∞ = NaN` for
/// `ḃ = 0`, `a = 2`, `b = 1e-160`, where the tangent is `ȧ/b = 1e160`).
fn quotient_tangents<S: Sink>(sink: &mut S, lanes: &[Vec<Option<S::V>>]) -> Vec<Vec<Option<S::V>>> {
    let q = Quotient::new(sink, lanes.len());
    lanes
        .iter()
        .map(|lane| {
            let numerator = match (lane[0].clone(), lane[1].clone()) {
                (None, None) => return vec![None],
                (Some(da), None) => da,
                (da, Some(db)) => {
                    let ydb = sink.mul(q.y.clone(), db);
                    match da {
                        Some(da) => sink.sub(da, ydb),
                        None => sink.neg(ydb),
                    }
                }
            };
            vec![Some(q.scale(sink, numerator))]
        })
        .collect()
}

/// `fdiv`'s adjoints where both operands want one: `s = ȳ/b`, then `ā += s`, `b̄ += −s·y`, the
/// adjoint scaled before the partial is formed (as [`quotient_tangents`]).
fn quotient_adjoints<S: Sink>(sink: &mut S, lanes: &[Vec<Option<S::V>>]) -> Vec<Vec<Option<S::V>>> {
    let q = Quotient::new(sink, lanes.len());
    lanes
        .iter()
        .map(|dys| {
            let Some(Some(dy)) = dys.first().cloned() else { return vec![None, None] };
            let s = q.scale(sink, dy);
            let sy = sink.mul(s.clone(), q.y.clone());
            vec![Some(s), Some(sink.neg(sy))]
        })
        .collect()
}

/// An evaluated partial: ±1 are kept apart so that they cost no multiplication.
#[derive(Clone)]
enum Factor<V> {
    One,
    MinusOne,
    Value(V),
}

impl<V> Factor<V> {
    fn of<S: Sink<V = V>>(e: &Expr, sink: &mut S) -> Self {
        match e.as_const() {
            Some(1.0) => Factor::One,
            Some(-1.0) => Factor::MinusOne,
            _ => Factor::Value(eval(e, sink)),
        }
    }
}

/// Operand `i` of `rule` whose partial is NaN by convention at points where the derivative in
/// the other operands exists (the edge table above): `pow`'s ∂y at x < 0, where x^y is defined
/// only at integer y, and `cpow`'s ∂z (its operands 0 and 1) at z = 0. A zero tangent or
/// adjoint of that operand gives a zero term there, not `0·NaN`, so that `pow(x, y)` along
/// (ẋ, 0) at x = −2 is 3·x²·ẋ in forward mode, whatever `strong_zero` says.
fn no_partial_elsewhere(rule: &Rule, i: usize) -> bool {
    matches!((rule.name, i), ("llvm.pow", 1) | ("cpow", 0 | 1))
}

/// `Σ f·v` over the terms; `None` when there are none. A −1 after the first term subtracts. A
/// term flagged `guard` is `v == 0 ? 0 : f·v` (strong zero, [`no_partial_elsewhere`]).
fn sum_of_scaled<S: Sink>(sink: &mut S, terms: Vec<(Factor<S::V>, S::V, bool)>) -> Option<S::V> {
    let mut sum: Option<S::V> = None;
    for (f, v, guard) in terms {
        sum = Some(match (sum, f) {
            (Some(acc), Factor::MinusOne) => sink.sub(acc, v),
            (None, Factor::MinusOne) => sink.neg(v),
            (acc, f) => {
                let term = match f {
                    Factor::Value(d) if guard => {
                        let product = sink.mul(d, v.clone());
                        let zero = sink.constant(0.0);
                        sink.select(Cmp::Eq, v, zero.clone(), zero, product)
                    }
                    Factor::Value(d) => sink.mul(d, v),
                    _ => v,
                };
                match acc {
                    None => term,
                    Some(acc) => sink.add(acc, term),
                }
            }
        });
    }
    sum
}

/// The row of an instruction opcode (`fadd`, `fsub`, `fmul`, `fdiv`, `frem`, `fneg`).
pub fn instruction(opcode: &str) -> Option<&'static Rule> {
    let t = table();
    t.by_opcode.get(opcode).map(|&i| &t.rules[i])
}

/// For the `sin` and `cos` rows: the partner row whose result is the partial (`cos` for
/// `sin`, `sin` for `cos`), and whether the partial is minus that result. Both modes use it to
/// take the partial from a partner call the primal makes anyway (`forward::partner`,
/// `reverse::partner`).
pub fn partner_row(row: &str) -> Option<(&'static str, bool)> {
    match row {
        "llvm.sin" => Some(("llvm.cos", false)),
        "llvm.cos" => Some(("llvm.sin", true)),
        _ => None,
    }
}

/// The row for a callee name, after normalization (see the module doc); `None` if unknown.
pub fn lookup(name: &str) -> Option<&'static Rule> {
    let t = table();
    let known = |n: &str| t.by_callee.contains_key(n);
    if let Some(found) = names::resolve(name, &known) {
        return t.by_callee.get(found).map(|&i| &t.rules[i]);
    }
    let prefix = libm::INACTIVE_PREFIXES
        .iter()
        .find(|p| name.starts_with(*p))?;
    t.by_callee.get(prefix).map(|&i| &t.rules[i])
}

/// Every row, instructions first.
pub fn all_rules() -> &'static [Rule] {
    &table().rules
}

/// Whether `rule` is one of the complex rows (`complex.rs`): its operands, and its outputs when it
/// has two, are (re, im) parts that a call may pack (`{T, T}` results, `<2 x float>` operands).
pub fn is_complex(rule: &Rule) -> bool {
    let t = table();
    t.rules[t.first_complex..].iter().any(|r| std::ptr::eq(r, rule))
}

/// The spellings among [`aliases`] that take complex operands as (re, im) parts (`__mulsc3`,
/// `cabs`): a call may pack them (`cabsf(<2 x float>)`).
pub fn complex_aliases() -> impl Iterator<Item = (&'static str, &'static str)> {
    complex::ALIASES.iter().copied()
}

/// Every callee spelling that maps to another row: (alias, row name).
pub fn aliases() -> impl Iterator<Item = (&'static str, &'static str)> {
    libm::ALIASES.iter().chain(intrinsics::ALIASES).chain(complex::ALIASES).copied()
}

struct Table {
    rules: Vec<Rule>,
    /// The index of the first complex row (they come last).
    first_complex: usize,
    by_opcode: HashMap<&'static str, usize>,
    by_callee: HashMap<&'static str, usize>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

fn build_table() -> Table {
    let mut rules = arith::rows();
    let mut by_opcode = HashMap::new();
    let mut by_callee = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        if r.name.starts_with("llvm.") {
            by_callee.insert(r.name, i);
        } else {
            by_opcode.insert(r.name, i);
        }
    }
    let first_callee = rules.len();
    rules.extend(intrinsics::rows());
    rules.extend(libm::rows());
    rules.extend(gamma::rows());
    let first_complex = rules.len();
    rules.extend(complex::rows());
    for (i, r) in rules.iter().enumerate().skip(first_callee) {
        by_callee.entry(r.name).or_insert(i);
    }
    for (alias, target) in aliases() {
        let index = by_callee
            .get(target)
            .or_else(|| by_opcode.get(target))
            .copied();
        if let Some(index) = index {
            by_callee.entry(alias).or_insert(index);
        }
    }
    Table {
        rules,
        first_complex,
        by_opcode,
        by_callee,
    }
}

fn row(name: &'static str, partials: Vec<Partial>) -> Rule {
    Rule {
        name,
        kind: RuleKind::Differentiable,
        outputs: vec![partials],
    }
}

fn inactive(name: &'static str) -> Rule {
    Rule {
        name,
        kind: RuleKind::Inactive,
        outputs: vec![Vec::new()],
    }
}

/// Problems in the table itself: repeated row names, aliases that shadow a row or point nowhere,
/// partials reading operands past the row's arity, calls with the wrong argument count. Empty
/// when the table is well formed (checked by a unit test).
pub fn table_problems() -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for r in all_rules() {
        if seen.insert(r.name, ()).is_some() {
            problems.push(format!("row `{}` appears twice", r.name));
        }
        problems.extend(row_problems(r));
    }
    for (alias, target) in aliases() {
        if seen.contains_key(alias) {
            problems.push(format!("alias `{alias}` shadows a row"));
        }
        if !seen.contains_key(target) {
            problems.push(format!("alias `{alias}` points to missing row `{target}`"));
        }
    }
    problems
}

fn row_problems(r: &Rule) -> Vec<String> {
    let mut problems = Vec::new();
    let partials = || r.outputs.iter().flatten();
    if r.outputs.is_empty() || r.outputs.iter().any(|o| o.len() != r.arity()) {
        problems.push(format!("row `{}` has outputs of different arities", r.name));
    }
    if r.kind == RuleKind::Inactive && partials().next().is_some() {
        problems.push(format!("inactive row `{}` has partials", r.name));
    }
    if r.kind != RuleKind::Inactive && partials().all(|p| *p == Partial::Zero) {
        problems.push(format!("row `{}` has no non-zero partial", r.name));
    }
    for p in partials() {
        let Partial::Expr(e) = p else { continue };
        e.visit(&mut |node| match node {
            Expr::Arg(i) if *i >= r.arity() => {
                problems.push(format!("row `{}` reads operand {i} past its arity", r.name))
            }
            Expr::Result(k) if *k >= r.outputs.len() => {
                problems.push(format!("row `{}` reads result {k} past its outputs", r.name))
            }
            Expr::Call(f, args) if args.len() != f.arity() => problems.push(format!(
                "row `{}` calls {f:?} with {} arguments",
                r.name,
                args.len()
            )),
            _ => {}
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        assert_eq!(table_problems(), Vec::<String>::new());
        assert!(all_rules().len() > 50);
    }

    #[test]
    fn reads_are_derived() {
        let r = |n| lookup(n).unwrap();
        assert!(r("exp").uses_result());
        assert!(r("exp").used_operands().is_empty());
        assert!(!r("sin").uses_result());
        assert_eq!(r("sin").used_operands(), vec![0]);
        let fadd = instruction("fadd").unwrap();
        assert_eq!(fadd.reads(&[true, true]), Reads::default());
        let fmul = instruction("fmul").unwrap();
        assert_eq!(fmul.reads(&[true, false]).operands, vec![1]);
        assert_eq!(fmul.used_operands(), vec![0, 1]);
        let pow = r("pow");
        assert_eq!(
            pow.reads(&[true, false]),
            Reads {
                result: false,
                operands: vec![0, 1]
            }
        );
        assert_eq!(
            pow.reads(&[false, true]),
            Reads {
                result: true,
                operands: vec![0]
            }
        );
        assert!(r("llvm.powi").is_active_operand(0));
        assert!(!r("llvm.powi").is_active_operand(1));
    }

    #[test]
    fn instructions_are_not_callees() {
        assert!(lookup("fadd").is_none());
        assert!(lookup("fneg").is_none());
        assert_eq!(lookup("fmod").map(|r| r.name), Some("frem"));
        assert!(instruction("llvm.sin").is_none());
    }
}
