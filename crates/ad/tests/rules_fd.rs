//! Checks every row of the derivative rule table against central finite differences of the row's
//! primal (a Rust implementation per row, below) at several points of its domain, in `f64` and
//! `f32`; checks the edges ABI §7 treats specially exactly; checks `tangent` /
//! `adjoint_contributions`; and checks that every name ABI §7 lists resolves through `lookup`.
//! A new row without a primal and points here makes `every_row_matches_finite_differences` fail.

use catalase_ad::rules::{
    adjoint_contributions, all_rules, eval, instruction, lookup, tangent, Cmp, Elem, Partial, Rule,
    RuleKind, Sink,
};

/// A row's primal in `f64`, its test points (all operands, integers written as floats), and which
/// operands are integers or pointers (no finite difference is taken in them).
struct Spec {
    f: fn(&[f64]) -> f64,
    points: &'static [&'static [f64]],
    ints: &'static [usize],
}

fn spec(name: &str) -> Option<Spec> {
    let s = |f: fn(&[f64]) -> f64, points: &'static [&'static [f64]]| {
        Some(Spec {
            f,
            points,
            ints: &[],
        })
    };
    let unary: &'static [&'static [f64]] = &[&[0.3], &[-1.2], &[2.5]];
    let binary: &'static [&'static [f64]] = &[&[1.3, 2.2], &[-0.7, 1.9], &[3.0, -1.5]];
    let positive: &'static [&'static [f64]] = &[&[0.3], &[1.7], &[12.0]];
    let unit: &'static [&'static [f64]] = &[&[-0.9], &[0.0], &[0.4], &[0.85]];
    match name {
        "fadd" => s(|a| a[0] + a[1], binary),
        "fsub" => s(|a| a[0] - a[1], binary),
        "fmul" => s(|a| a[0] * a[1], binary),
        "fdiv" => s(|a| a[0] / a[1], binary),
        "frem" => s(
            |a| a[0] % a[1],
            &[&[5.3, 2.1], &[-5.3, 2.1], &[7.9, -1.7], &[0.4, 3.0]],
        ),
        "fneg" => s(|a| -a[0], unary),
        "llvm.fma" | "llvm.fmuladd" => s(
            |a| a[0].mul_add(a[1], a[2]),
            &[&[1.5, -2.0, 0.3], &[-0.4, 3.1, 7.0]],
        ),
        "llvm.sin" => s(|a| a[0].sin(), unary),
        "llvm.cos" => s(|a| a[0].cos(), unary),
        "llvm.tan" => s(|a| a[0].tan(), &[&[0.3], &[-1.2], &[1.4]]),
        "llvm.exp" => s(|a| a[0].exp(), unary),
        "llvm.exp2" => s(|a| a[0].exp2(), unary),
        "llvm.exp10" => s(|a| 10f64.powf(a[0]), unary),
        "llvm.log" => s(|a| a[0].ln(), positive),
        "llvm.log2" => s(|a| a[0].log2(), positive),
        "llvm.log10" => s(|a| a[0].log10(), positive),
        "llvm.sqrt" => s(|a| a[0].sqrt(), positive),
        "llvm.pow" => s(
            |a| a[0].powf(a[1]),
            &[&[1.3, 2.2], &[0.7, -1.5], &[2.0, 3.0], &[4.5, 0.5]],
        ),
        "llvm.powi" => Some(Spec {
            f: |a| a[0].powi(a[1] as i32),
            points: &[
                &[1.3, 3.0],
                &[-0.7, 2.0],
                &[2.0, -2.0],
                &[1.7, 1.0],
                &[-1.1, 5.0],
            ],
            ints: &[1],
        }),
        "llvm.fabs" => s(|a| a[0].abs(), unary),
        "llvm.canonicalize" | "llvm.arithmetic.fence" => s(|a| a[0], unary),
        "llvm.copysign" => s(|a| a[0].copysign(a[1]), binary),
        "llvm.asin" => s(|a| a[0].asin(), unit),
        "llvm.acos" => s(|a| a[0].acos(), unit),
        "llvm.atan" => s(|a| a[0].atan(), &[&[0.3], &[-1.2], &[25.0]]),
        "llvm.atan2" => s(
            |a| a[0].atan2(a[1]),
            &[&[1.3, 2.2], &[-0.7, -1.9], &[3.0, -1.5], &[0.5, 0.0]],
        ),
        "llvm.sinh" => s(|a| a[0].sinh(), unary),
        "llvm.cosh" => s(|a| a[0].cosh(), unary),
        "llvm.tanh" => s(|a| a[0].tanh(), unary),
        "llvm.ldexp" => Some(Spec {
            f: |a| a[0] * 2f64.powi(a[1] as i32),
            points: &[&[1.3, 3.0], &[-0.7, -2.0], &[5.0, 0.0]],
            ints: &[1],
        }),
        "llvm.minnum" | "llvm.minimum" | "llvm.minimumnum" => s(|a| a[0].min(a[1]), binary),
        "llvm.maxnum" | "llvm.maximum" | "llvm.maximumnum" => s(|a| a[0].max(a[1]), binary),
        n if n.starts_with("llvm.x86.") && n.contains(".min.") => {
            s(|a| if a[0] < a[1] { a[0] } else { a[1] }, binary)
        }
        n if n.starts_with("llvm.x86.") && n.contains(".max.") => {
            s(|a| if a[0] > a[1] { a[0] } else { a[1] }, binary)
        }
        "cbrt" => s(|a| a[0].cbrt(), &[&[0.3], &[-1.2], &[27.5]]),
        "hypot" => s(|a| a[0].hypot(a[1]), binary),
        "log1p" => s(|a| a[0].ln_1p(), &[&[-0.5], &[0.3], &[4.0]]),
        "expm1" => s(|a| a[0].exp_m1(), &[&[-3.0], &[1e-3], &[2.5]]),
        "remainder" => s(
            |a| a[0] - (a[0] / a[1]).round_ties_even() * a[1],
            &[&[5.3, 2.1], &[-5.3, 2.1], &[7.9, -1.7], &[0.4, 3.0]],
        ),
        "erf" => s(|a| erf(a[0]), &[&[-1.2], &[0.3], &[1.5]]),
        "erfc" => s(|a| 1.0 - erf(a[0]), &[&[-0.5], &[0.4], &[2.0]]),
        "frexp" => Some(Spec {
            f: |a| frexp_mantissa(a[0]),
            points: &[&[3.0, 0.0], &[0.3, 0.0], &[-5.5, 0.0], &[1e-3, 0.0]],
            ints: &[1],
        }),
        _ => None,
    }
}

/// erf by the all-positive series `2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3···(2n+1))`, accurate to a few
/// ulps for |x| ≤ 3 (the test points).
fn erf(x: f64) -> f64 {
    let (mut term, mut sum, mut n) = (x, x, 0.0);
    while term.abs() > 1e-18 * sum.abs() {
        n += 1.0;
        term *= 2.0 * x * x / (2.0 * n + 1.0);
        sum += term;
    }
    std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp() * sum
}

/// frexp's mantissa in [0.5, 1) for finite non-zero x.
fn frexp_mantissa(x: f64) -> f64 {
    let e = x.abs().log2().floor() + 1.0;
    let m = x / 2f64.powf(e);
    if m.abs() >= 1.0 {
        m / 2.0
    } else if m.abs() < 0.5 {
        m * 2.0
    } else {
        m
    }
}

/// Evaluates expressions on numbers of one float type.
struct Num<T> {
    args: Vec<T>,
    result: T,
}

trait Float: Copy + std::fmt::Debug {
    fn from_f64(c: f64) -> Self;
    fn to_f64(self) -> f64;
}
impl Float for f64 {
    fn from_f64(c: f64) -> Self {
        c
    }
    fn to_f64(self) -> f64 {
        self
    }
}
impl Float for f32 {
    fn from_f64(c: f64) -> Self {
        c as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

macro_rules! num_sink {
    ($t:ty) => {
        impl Sink for Num<$t> {
            type V = $t;
            fn arg(&mut self, i: usize) -> $t {
                self.args[i]
            }
            fn result(&mut self) -> $t {
                self.result
            }
            fn constant(&mut self, c: f64) -> $t {
                c as $t
            }
            fn neg(&mut self, a: $t) -> $t {
                -a
            }
            fn add(&mut self, a: $t, b: $t) -> $t {
                a + b
            }
            fn sub(&mut self, a: $t, b: $t) -> $t {
                a - b
            }
            fn mul(&mut self, a: $t, b: $t) -> $t {
                a * b
            }
            fn div(&mut self, a: $t, b: $t) -> $t {
                a / b
            }
            fn call(&mut self, f: Elem, a: &[$t]) -> $t {
                match f {
                    Elem::Sin => a[0].sin(),
                    Elem::Cos => a[0].cos(),
                    Elem::Sinh => a[0].sinh(),
                    Elem::Cosh => a[0].cosh(),
                    Elem::Exp => a[0].exp(),
                    Elem::Exp2 => a[0].exp2(),
                    Elem::Log => a[0].ln(),
                    Elem::Sqrt => a[0].sqrt(),
                    Elem::Pow => a[0].powf(a[1]),
                    Elem::Powi => a[0].powi(a[1] as i32),
                    Elem::Copysign => a[0].copysign(a[1]),
                    Elem::Trunc => a[0].trunc(),
                    Elem::Roundeven => a[0].round_ties_even(),
                }
            }
            fn int_to_float(&mut self, a: $t) -> $t {
                a
            }
            fn int_add(&mut self, a: $t, c: i64) -> $t {
                a + c as $t
            }
            fn select(&mut self, cmp: Cmp, a: $t, b: $t, t: $t, e: $t) -> $t {
                let taken = match cmp {
                    Cmp::Lt => a < b,
                    Cmp::Eq => a == b,
                };
                if taken {
                    t
                } else {
                    e
                }
            }
        }
    };
}
num_sink!(f64);
num_sink!(f32);

/// The partials of `rule` at `point` (result computed by `f`), in type `T`; `None` for `Zero`.
fn partials<T: Float>(rule: &Rule, f: fn(&[f64]) -> f64, point: &[f64]) -> Vec<Option<f64>>
where
    Num<T>: Sink<V = T>,
{
    let args: Vec<T> = point.iter().map(|&x| T::from_f64(x)).collect();
    let exact: Vec<f64> = args.iter().map(|x| x.to_f64()).collect();
    let mut sink = Num {
        args,
        result: T::from_f64(f(&exact)),
    };
    let mut out = Vec::new();
    for p in &rule.partials {
        out.push(match p {
            Partial::Zero => None,
            Partial::Expr(e) => Some(eval(e, &mut sink).to_f64()),
        });
    }
    out
}

/// Central difference of `f` in operand `i` at `point`.
fn finite_difference(f: fn(&[f64]) -> f64, point: &[f64], i: usize) -> f64 {
    let h = 1e-6 * point[i].abs().max(1.0);
    let (mut up, mut down) = (point.to_vec(), point.to_vec());
    up[i] += h;
    down[i] -= h;
    (f(&up) - f(&down)) / (up[i] - down[i])
}

/// Mismatches of one row at one point, in `f64` (tol 1e-6) and `f32` (tol 2e-4, against the
/// `f64` finite difference at the `f32`-rounded point).
fn check_point(rule: &Rule, spec: &Spec, point: &[f64], failures: &mut Vec<String>) {
    let rounded: Vec<f64> = point.iter().map(|&x| x as f32 as f64).collect();
    let d64 = partials::<f64>(rule, spec.f, point);
    let d32 = partials::<f32>(rule, spec.f, point);
    for i in 0..rule.arity() {
        if spec.ints.contains(&i) {
            continue;
        }
        let checks = [
            (d64[i], finite_difference(spec.f, point, i), 1e-6, "f64"),
            (d32[i], finite_difference(spec.f, &rounded, i), 2e-4, "f32"),
        ];
        for (got, want, tol, ty) in checks {
            let got_value = got.unwrap_or(0.0);
            let ok = (got_value - want).abs() <= tol * want.abs().max(1.0);
            if !ok {
                failures.push(format!(
                    "{} ∂{i} at {point:?} ({ty}): rule {got:?}, finite difference {want}",
                    rule.name
                ));
            }
        }
    }
}

#[test]
fn every_row_matches_finite_differences() {
    let mut failures = Vec::new();
    let mut tested_rows = 0;
    for rule in all_rules().iter().filter(|r| r.kind != RuleKind::Inactive) {
        let Some(spec) = spec(rule.name) else {
            failures.push(format!(
                "{}: no primal and test points in tests/rules_fd.rs",
                rule.name
            ));
            continue;
        };
        assert!(spec.points.len() >= 2, "{}: too few points", rule.name);
        for point in spec.points {
            assert_eq!(
                point.len(),
                rule.arity(),
                "{}: point {point:?} has the wrong arity",
                rule.name
            );
            check_point(rule, &spec, point, &mut failures);
        }
        tested_rows += 1;
    }
    assert!(tested_rows >= 40, "only {tested_rows} rows tested");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The partials of the row `name` resolves to, at `point`, in f64 (`None` for `Zero`).
fn at(name: &str, point: &[f64]) -> Vec<Option<f64>> {
    let rule = lookup(name)
        .or_else(|| instruction(name))
        .unwrap_or_else(|| panic!("{name} unknown"));
    let spec = spec(rule.name).unwrap_or_else(|| panic!("{name}: no spec"));
    partials::<f64>(rule, spec.f, point)
}

/// Bitwise equality, so that -0.0 ≠ 0.0 and NaN = NaN.
fn same(got: Vec<Option<f64>>, want: &[Option<f64>]) -> bool {
    got.len() == want.len()
        && got.iter().zip(want).all(|(g, w)| match (g, w) {
            (Some(g), Some(w)) => g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
            (None, None) => true,
            _ => false,
        })
}

macro_rules! edge {
    ($name:expr, $point:expr, $want:expr) => {
        let got = at($name, &$point);
        assert!(
            same(got.clone(), &$want),
            "{} at {:?}: got {:?}, want {:?}",
            $name,
            $point,
            got,
            $want
        );
    };
}

#[test]
fn edges_are_exact() {
    edge!("sqrt", [0.0], [Some(0.0)]);
    edge!("sqrt", [-0.0], [Some(0.0)]);
    edge!("hypot", [0.0, 0.0], [Some(0.0), Some(0.0)]);
    edge!("hypot", [3.0, 4.0], [Some(0.6), Some(0.8)]);
    edge!("llvm.sqrt.f32", [4.0], [Some(0.25)]);
    // fabs follows the sign bit: -1 at -0.0 (so that (fabs(-x*x))'' at 0 is 2, as Enzyme).
    edge!("fabs", [0.0], [Some(1.0)]);
    edge!("fabs", [-0.0], [Some(-1.0)]);
    edge!("llvm.fabs.f32", [-0.0], [Some(-1.0)]);
    edge!("fabsf", [-2.0], [Some(-1.0)]);
    edge!("fabs", [f64::NAN], [Some(1.0)]);
    edge!("fabs", [-f64::NAN], [Some(-1.0)]);
    let nan = f64::NAN;
    for min in [
        "fmin",
        "fminf",
        "llvm.minnum",
        "llvm.minimum",
        "llvm.minimumnum",
    ] {
        edge!(min, [1.5, 1.5], [Some(0.0), Some(1.0)]);
        edge!(min, [-0.0, 0.0], [Some(0.0), Some(1.0)]);
        edge!(min, [1.0, 2.0], [Some(1.0), Some(0.0)]);
        edge!(min, [2.0, 1.0], [Some(0.0), Some(1.0)]);
        edge!(min, [nan, 1.0], [Some(0.0), Some(1.0)]);
        edge!(min, [1.0, nan], [Some(1.0), Some(0.0)]);
    }
    for max in ["fmax", "fmaxf", "llvm.maxnum", "llvm.maximum", "llvm.maximumnum"] {
        edge!(max, [1.5, 1.5], [Some(1.0), Some(0.0)]);
        edge!(max, [-0.0, 0.0], [Some(1.0), Some(0.0)]);
        edge!(max, [1.0, 2.0], [Some(0.0), Some(1.0)]);
        edge!(max, [2.0, 1.0], [Some(1.0), Some(0.0)]);
        edge!(max, [nan, 1.0], [Some(0.0), Some(1.0)]);
        edge!(max, [1.0, nan], [Some(1.0), Some(0.0)]);
    }
    // x86 min/max return the second operand on ties and NaN.
    for x86 in ["llvm.x86.sse2.min.pd", "llvm.x86.sse.max.ps"] {
        edge!(x86, [1.5, 1.5], [Some(0.0), Some(1.0)]);
        edge!(x86, [nan, 1.0], [Some(0.0), Some(1.0)]);
        edge!(x86, [1.0, nan], [Some(0.0), Some(1.0)]);
    }
    edge!("llvm.x86.sse2.min.pd", [1.0, 2.0], [Some(1.0), Some(0.0)]);
    edge!("llvm.x86.sse.max.ps", [2.0, 1.0], [Some(1.0), Some(0.0)]);
    edge!("cbrt", [0.0], [Some(nan)]);
    edge!("atan2", [0.0, 0.0], [Some(nan), Some(nan)]);
    edge!("llvm.powi.f64.i32", [0.0, 0.0], [Some(0.0), None]);
    edge!("llvm.powi.f64.i32", [2.0, 0.0], [Some(0.0), None]);
    edge!("llvm.powi.f64.i32", [2.0, 3.0], [Some(12.0), None]);
    edge!("llvm.powi.f64.i32", [2.0, -1.0], [Some(-0.25), None]);
    edge!("pow", [0.0, 2.0], [Some(0.0), Some(0.0)]);
    edge!("pow", [0.0, 0.0], [Some(0.0), Some(0.0)]);
    edge!("pow", [0.0, 0.5], [Some(f64::INFINITY), Some(0.0)]);
    edge!("pow", [-2.0, 3.0], [Some(12.0), Some(f64::NAN)]);
    edge!("pow", [3.0, 0.0], [Some(0.0), Some(3f64.ln())]);
    edge!("pow", [0.0, 1.0], [Some(1.0), Some(0.0)]);
    edge!("pow", [-0.0, 3.0], [Some(0.0), Some(0.0)]);
    edge!("pow", [-2.0, 0.5], [Some(nan), Some(nan)]);
    edge!("pow", [0.0, -1.0], [Some(f64::NEG_INFINITY), Some(0.0)]);
    edge!("copysign", [0.0, -1.0], [Some(-1.0), None]);
    edge!("copysign", [-0.0, -1.0], [Some(1.0), None]);
    edge!("copysign", [-0.0, 0.0], [Some(-1.0), None]);
    edge!("copysign", [3.0, -1.0], [Some(-1.0), None]);
    edge!("copysign", [-3.0, -1.0], [Some(1.0), None]);
    edge!("copysign", [2.0, -0.0], [Some(-1.0), None]);
    edge!("frexp", [0.0, 0.0], [Some(1.0), None]);
    edge!("frexp", [3.0, 0.0], [Some(0.25), None]);
    edge!("frexpf", [-5.0, 0.0], [Some(0.125), None]);
    edge!("ldexp", [1.3, 3.0], [Some(8.0), None]);
    edge!("scalbn", [1.3, -2.0], [Some(0.25), None]);
    edge!("frem", [5.3, 2.1], [Some(1.0), Some(-2.0)]);
    edge!("remainder", [5.3, 2.1], [Some(1.0), Some(-3.0)]);
}

#[test]
fn tangent_sums_active_terms() {
    let mut s = Num {
        args: vec![3.0, 5.0],
        result: 15.0,
    };
    let fmul = instruction("fmul").unwrap();
    assert_eq!(tangent(fmul, &mut s, &[Some(2.0), None]), Some(10.0));
    assert_eq!(tangent(fmul, &mut s, &[Some(2.0), Some(1.0)]), Some(13.0));
    assert_eq!(tangent(fmul, &mut s, &[None, None]), None);
    assert_eq!(tangent(fmul, &mut s, &[]), None);
    let fsub = instruction("fsub").unwrap();
    assert_eq!(tangent(fsub, &mut s, &[Some(1.0), Some(2.0)]), Some(-1.0));
    let copysign = lookup("copysign").unwrap();
    assert_eq!(tangent(copysign, &mut s, &[None, Some(1.0)]), None);
    let floor = lookup("floorf").unwrap();
    assert_eq!(floor.kind, RuleKind::Inactive);
    assert_eq!(tangent(floor, &mut s, &[Some(1.0)]), None);
}

#[test]
fn adjoints_scale_the_result_adjoint() {
    let mut s = Num {
        args: vec![6.0, 3.0],
        result: 2.0,
    };
    let fdiv = instruction("fdiv").unwrap();
    let both = adjoint_contributions(fdiv, &mut s, 2.0, &[true, true]);
    assert_eq!(both, vec![Some(2.0 / 3.0), Some(-4.0 / 3.0)]);
    let second = adjoint_contributions(fdiv, &mut s, 2.0, &[false, true]);
    assert_eq!(second, vec![None, Some(-4.0 / 3.0)]);
    let fneg = instruction("fneg").unwrap();
    assert_eq!(
        adjoint_contributions(fneg, &mut s, 2.0, &[true]),
        vec![Some(-2.0)]
    );
    let powi = lookup("llvm.powi.f32.i32").unwrap();
    assert_eq!(
        adjoint_contributions(powi, &mut s, 1.0, &[true, true]),
        vec![Some(6.0f64.powi(2) * 3.0), None]
    );
}

/// ABI §7.2 and §7.3 (Essential) names as C library calls.
const LIBM: &[&str] = &[
    "sin",
    "cos",
    "exp",
    "exp2",
    "log",
    "log2",
    "log10",
    "sqrt",
    "pow",
    "fma",
    "fabs",
    "copysign",
    "fmin",
    "fmax",
    "tan",
    "atan",
    "atan2",
    "asin",
    "acos",
    "sinh",
    "cosh",
    "tanh",
    "cbrt",
    "hypot",
    "log1p",
    "expm1",
    "exp10",
    "fmod",
    "remainder",
    "erf",
    "erfc",
    "ldexp",
    "scalbn",
    "scalbln",
    "frexp",
];

/// ABI §7.2 intrinsics and the §7.4 inactive intrinsics (without `llvm.` or type suffix).
const INTRINSICS: &[&str] = &[
    "sin",
    "cos",
    "exp",
    "exp2",
    "exp10",
    "log",
    "log2",
    "log10",
    "sqrt",
    "pow",
    "powi",
    "fma",
    "fmuladd",
    "fabs",
    "copysign",
    "minnum",
    "maxnum",
    "minimum",
    "maximum",
    "minimumnum",
    "maximumnum",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "ldexp",
    "floor",
    "ceil",
    "trunc",
    "rint",
    "nearbyint",
    "round",
    "roundeven",
    "lrint",
    "llrint",
    "lround",
    "llround",
    "assume",
    "expect",
    "stacksave",
    "stackrestore",
    "lifetime.start",
    "lifetime.end",
    "dbg.declare",
    "dbg.value",
    "dbg.label",
    "dbg.addr",
    "invariant.start",
    "invariant.end",
    "var.annotation",
    "ptr.annotation",
    "annotation",
    "codeview.annotation",
    "type.test",
    "donothing",
    "prefetch",
    "trap",
    "is.constant",
    "is.fpclass",
    "smax",
    "umin",
    "usub.sat",
    "ctpop",
    "umul.with.overflow",
    "va_start",
    "va_end",
];

/// ABI §7.4 inactive library calls.
const INACTIVE_CALLS: &[&str] = &[
    "abort",
    "time",
    "gettimeofday",
    "stat",
    "mkdir",
    "memcmp",
    "memchr",
    "compress2",
    "__assert_fail",
    "__cxa_atexit",
    "__cxa_guard_acquire",
    "__cxa_guard_release",
    "printf",
    "fprintf",
    "sprintf",
    "snprintf",
    "vprintf",
    "vsnprintf",
    "puts",
    "putchar",
    "fflush",
    "logb",
    "logbf",
    "logbl",
    "malloc_usable_size",
    "malloc_size",
    "_msize",
    "omp_get_thread_num",
    "MPI_Comm_rank",
    "MPI_Wtime",
    "cudaGetDeviceCount",
    "_ZNSolsEd",
    "_ZStlsISt11char_traitsIcEERSt13basic_ostreamIcT_ES5_PKc",
    "_ZSt4endlIcSt11char_traitsIcEERSt13basic_ostreamIT_T0_ES6_",
    "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEED1Ev",
    "_ZN4core3fmt9Formatter9write_str17h0123456789abcdefE",
    "_ZN3std2io5stdio6_print17h0123E",
    "std::basic_ostream<char>::operator<<(double)",
    "core::fmt::write",
];

#[test]
fn every_listed_name_resolves() {
    let mut missing = Vec::new();
    for base in LIBM {
        let wrapped = [
            format!("__{base}_finite"),
            format!("__nv_{base}"),
            format!("__fd_{base}_1"),
        ];
        for name in [base.to_string(), format!("{base}f"), format!("{base}l")]
            .into_iter()
            .chain(wrapped)
        {
            match lookup(&name) {
                Some(r) if r.kind != RuleKind::Inactive => {}
                _ => missing.push(name),
            }
        }
    }
    for base in INTRINSICS {
        for ty in [
            "", ".f32", ".f64", ".v4f32", ".v2f64", ".f64.i32", ".p0", ".i64",
        ] {
            let name = format!("llvm.{base}{ty}");
            if lookup(&name).is_none() {
                missing.push(name);
            }
        }
    }
    for name in INACTIVE_CALLS {
        match lookup(name) {
            Some(r) if r.kind == RuleKind::Inactive => {}
            _ => missing.push(name.to_string()),
        }
    }
    for name in [
        "sinf",
        "__sin_finite",
        "llvm.sin.f32",
        "llvm.powi.f64.i32",
        "erf",
        "erff",
        "fmaf",
        "fmodf",
        "expm1f",
        "llvm.nvvm.ex2.approx.ftz.f",
    ] {
        if lookup(name).is_none() {
            missing.push(name.to_string());
        }
    }
    assert!(missing.is_empty(), "unresolved: {missing:?}");
}

#[test]
fn resolution_picks_the_right_row() {
    let name = |n: &str| lookup(n).map(|r| r.name);
    assert_eq!(name("sinf"), Some("llvm.sin"));
    assert_eq!(name("__exp_finite"), Some("llvm.exp"));
    assert_eq!(name("llvm.minimumnum.v4f32"), Some("llvm.minimumnum"));
    assert_eq!(name("llvm.minimum.f64"), Some("llvm.minimum"));
    assert_eq!(name("erf"), Some("erf"));
    assert_eq!(name("erfcf"), Some("erfc"));
    assert_eq!(name("fmaf"), Some("llvm.fma"));
    assert_eq!(name("fmodl"), Some("frem"));
    assert_eq!(name("scalblnf"), Some("llvm.ldexp"));
    assert_eq!(name("__powidf2"), Some("llvm.powi"));
    assert_eq!(name("modf"), None);
    assert_eq!(name("my_function"), None);
    assert_eq!(name("llvm.memcpy.p0.p0.i64"), None);
    assert_eq!(name("llvm.sin.foo"), None);
    assert_eq!(lookup("frexpf").map(|r| r.kind), Some(RuleKind::Frexp));
}
