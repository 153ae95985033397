//! Checks every row of the derivative rule table against central finite differences of the row's
//! primal (a Rust implementation per row, in `rules_spec/`; complex rows return (re, im)) at several points
//! of its domain, in `f64` and `f32`; checks the edges ABI §7 treats specially exactly; checks
//! `tangent` / `adjoint_contributions`, and that reverse agrees with forward on every row
//! (ȳ·(J·ẋ) = (Jᵀ·ȳ)·ẋ); and checks that every name ABI §7 lists resolves through `lookup`.
//! A new row without a primal and points in `rules_spec/` makes `every_row_matches_finite_differences` fail.

use catalase_ad::rules::{
    adjoint_contributions, all_rules, eval, instruction, lookup, tangent, Cmp, Elem, Partial, Rule,
    RuleKind, Sink,
};

mod rules_spec;

use rules_spec::{edges, spec, Primal, Spec};

/// Evaluates expressions on numbers of one float type.
struct Num<T> {
    args: Vec<T>,
    results: Vec<T>,
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
            fn result(&mut self, k: usize) -> $t {
                self.results[k]
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
                    Elem::Atan2 => a[0].atan2(a[1]),
                    Elem::Trunc => a[0].trunc(),
                    Elem::Roundeven => a[0].round_ties_even(),
                    Elem::J0 => rules_spec::libm::j0(a[0] as f64) as $t,
                    Elem::J1 => rules_spec::libm::j1(a[0] as f64) as $t,
                    Elem::Y0 => rules_spec::libm::y0(a[0] as f64) as $t,
                    Elem::Y1 => rules_spec::libm::y1(a[0] as f64) as $t,
                    Elem::Jn => rules_spec::libm::jn(a[0] as i32, a[1] as f64) as $t,
                    Elem::Yn => rules_spec::libm::yn(a[0] as i32, a[1] as f64) as $t,
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

/// The partials of `rule` at `point` (results computed by `f`), in type `T`, `[output][operand]`;
/// `None` for `Zero`.
fn partials<T: Float>(rule: &Rule, f: Primal, point: &[f64]) -> Vec<Vec<Option<f64>>>
where
    Num<T>: Sink<V = T>,
{
    let mut sink = sink_at::<T>(f, point);
    rule.outputs
        .iter()
        .map(|o| {
            o.iter()
                .map(|p| match p {
                    Partial::Zero => None,
                    Partial::Expr(e) => Some(eval(e, &mut sink).to_f64()),
                })
                .collect()
        })
        .collect()
}

/// A number sink at `point` rounded to `T`, with the primal's results there.
fn sink_at<T: Float>(f: Primal, point: &[f64]) -> Num<T> {
    let args: Vec<T> = point.iter().map(|&x| T::from_f64(x)).collect();
    let exact: Vec<f64> = args.iter().map(|x| x.to_f64()).collect();
    let results = f.eval(&exact).into_iter().map(T::from_f64).collect();
    Num { args, results }
}

/// Central difference of output `k` of `f` in operand `i` at `point`.
fn finite_difference(f: Primal, point: &[f64], k: usize, i: usize) -> f64 {
    let h = 1e-6 * point[i].abs().max(1.0);
    let (mut up, mut down) = (point.to_vec(), point.to_vec());
    up[i] += h;
    down[i] -= h;
    (f.eval(&up)[k] - f.eval(&down)[k]) / (up[i] - down[i])
}

/// Mismatches of one row at one point, in `f64` (tol 1e-6) and `f32` (tol 2e-4, against the
/// `f64` finite difference at the `f32`-rounded point), every output.
fn check_point(rule: &Rule, spec: &Spec, point: &[f64], failures: &mut Vec<String>) {
    let rounded: Vec<f64> = point.iter().map(|&x| x as f32 as f64).collect();
    let d64 = partials::<f64>(rule, spec.f, point);
    let d32 = partials::<f32>(rule, spec.f, point);
    assert_eq!(d64.len(), spec.f.eval(point).len(), "{}: outputs", rule.name);
    for k in 0..rule.outputs.len() {
        for i in (0..rule.arity()).filter(|i| !spec.ints.contains(i)) {
            let checks = [
                (d64[k][i], finite_difference(spec.f, point, k, i), 1e-6, "f64"),
                (d32[k][i], finite_difference(spec.f, &rounded, k, i), 2e-4, "f32"),
            ];
            for (got, want, tol, ty) in checks {
                let got_value = got.unwrap_or(0.0);
                let ok = (got_value - want).abs() <= tol * want.abs().max(1.0);
                if !ok {
                    failures.push(format!(
                        "{} ∂out{k}/∂{i} at {point:?} ({ty}): rule {got:?}, finite difference {want}",
                        rule.name
                    ));
                }
            }
        }
    }
}

/// Reverse against forward at one point: with tangents ẋ and output adjoints ȳ,
/// `Σₖ ȳₖ·ẏₖ` from `tangent` must equal `Σᵢ x̄ᵢ·ẋᵢ` from `adjoint_contributions`.
fn check_reverse(rule: &Rule, spec: &Spec, point: &[f64], failures: &mut Vec<String>) {
    let mut sink = sink_at::<f64>(spec.f, point);
    let active: Vec<bool> = (0..rule.arity()).map(|i| !spec.ints.contains(&i)).collect();
    let dx: Vec<Option<f64>> = active
        .iter()
        .enumerate()
        .map(|(i, a)| a.then_some(0.3 + 0.17 * i as f64))
        .collect();
    let dy: Vec<f64> = (0..rule.outputs.len()).map(|k| 0.7 - 0.45 * k as f64).collect();
    let forward: f64 = tangent(rule, &mut sink, &dx)
        .iter()
        .zip(&dy)
        .map(|(t, y)| t.unwrap_or(0.0) * y)
        .sum();
    let dys: Vec<Option<f64>> = dy.iter().map(|y| Some(*y)).collect();
    let reverse: f64 = adjoint_contributions(rule, &mut sink, &dys, &active)
        .iter()
        .zip(&dx)
        .map(|(a, t)| a.unwrap_or(0.0) * t.unwrap_or(0.0))
        .sum();
    if (forward - reverse).abs() > 1e-12 * forward.abs().max(1.0) {
        failures.push(format!(
            "{} at {point:?}: forward ȳ·ẏ = {forward}, reverse x̄·ẋ = {reverse}",
            rule.name
        ));
    }
}

#[test]
fn every_row_matches_finite_differences() {
    let mut failures = Vec::new();
    let mut tested_rows = 0;
    for rule in all_rules().iter().filter(|r| r.kind != RuleKind::Inactive) {
        let Some(spec) = spec(rule.name) else {
            failures.push(format!(
                "{}: no primal and test points in tests/rules_spec/mod.rs",
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
            check_reverse(rule, &spec, point, &mut failures);
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

/// The partials of the row `name` resolves to, at `point`, in f64 (`None` for `Zero`), output
/// after output.
fn at(name: &str, point: &[f64]) -> Vec<Option<f64>> {
    let rule = lookup(name)
        .or_else(|| instruction(name))
        .unwrap_or_else(|| panic!("{name} unknown"));
    let spec = spec(rule.name).unwrap_or_else(|| panic!("{name}: no spec"));
    partials::<f64>(rule, spec.f, point).concat()
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


#[test]
fn edges_are_exact() {
    for e in edges() {
        let got = at(e.name, &e.point);
        assert!(
            same(got.clone(), &e.partials),
            "{} at {:?}: got {:?}, want {:?}",
            e.name,
            e.point,
            got,
            e.partials
        );
    }
    let cpow0 = at("cpow", &[0.0, 0.0, 0.7, -0.3]);
    assert!([0, 1, 4, 5].iter().all(|&i| cpow0[i].unwrap().is_nan()), "{cpow0:?}");
    assert!(same([2, 3, 6, 7].map(|i| cpow0[i]).to_vec(), &[Some(0.0), Some(-0.0), Some(0.0), Some(0.0)]), "{cpow0:?}");
    // q = (1 + 2i)/(3 + 4i) = 0.44 + 0.08i; in z: 1/w = 0.12 − 0.16i; in w: −q/w = −0.0656 + 0.0608i.
    let div = at("__divsc3", &[1.0, 2.0, 3.0, 4.0]);
    let want = [0.12, 0.16, -0.0656, -0.0608, -0.16, 0.12, 0.0608, -0.0656];
    for (got, want) in div.iter().zip(want) {
        assert!((got.unwrap() - want).abs() < 1e-15, "__divsc3: {div:?}");
    }
}

/// The digamma expression behind `lgamma`'s partial, against ψ's values (to 20 digits) and its
/// recurrence ψ(x + 1) = ψ(x) + 1/x across the reflection at 0, to a few ulps: finite
/// differences alone could not see an error below 1e−7.
#[test]
#[allow(clippy::excessive_precision)] // the reference values as computed, to 20 digits
fn digamma_is_tight() {
    let psi = |x: f64| at("lgamma", &[x])[0].unwrap();
    let known = [
        (1.0, -0.57721566490153286061),
        (0.5, -1.9635100260214234794),
        (2.0, 0.42278433509846713939),
        (10.0, 2.2517525890667211076),
        (-0.5, 0.036489973978576520559),
        (100.0, 4.6001618527380874002),
        (0.1, -10.423754940411076795),
        (-2.5, 1.1031566406452431872),
        (-10.3, 4.6624034935820976663),
        (1e6, 13.815510057964190771),
        (3.7, 1.1671535393615113859),
        (-0.9, -9.3126438292999656841),
        (25.25, 3.2088934898690552952),
    ];
    let mut worst: f64 = 0.0;
    for (x, want) in known {
        let err = (psi(x) - want).abs() / want.abs().max(1.0);
        worst = worst.max(err);
        assert!(err <= 4e-15, "ψ({x}) = {}, want {want} (error {err:e})", psi(x));
    }
    // Near the positive root ψ is small: the error is absolute there.
    assert!(psi(1.4616321449683623).abs() < 2e-15, "ψ at its root: {}", psi(1.4616321449683623));
    for i in 0..150 {
        let x = -9.95 + 0.37 * i as f64;
        let (a, b) = (psi(x), psi(x + 1.0));
        let scale = a.abs().max(b.abs()).max(1.0 / x.abs()).max(1.0);
        let err = (b - a - 1.0 / x).abs() / scale;
        assert!(err <= 4e-15, "ψ({x} + 1) − ψ({x}) − 1/x = {} (error {err:e})", b - a - 1.0 / x);
    }
    assert!(psi(f64::INFINITY) == f64::INFINITY && psi(f64::NAN).is_nan());
    // tgamma's partial is Γ(x)·ψ(x).
    let d = at("tgamma", &[2.0])[0].unwrap();
    assert!((d - 0.42278433509846713939).abs() < 4e-15, "tgamma'(2) = {d}");
    eprintln!("digamma: worst relative error against the table {worst:e}");
}

#[test]
fn tangent_sums_active_terms() {
    let mut s = Num {
        args: vec![3.0, 5.0],
        results: vec![15.0],
    };
    let fmul = instruction("fmul").unwrap();
    assert_eq!(tangent(fmul, &mut s, &[Some(2.0), None]), vec![Some(10.0)]);
    assert_eq!(tangent(fmul, &mut s, &[Some(2.0), Some(1.0)]), vec![Some(13.0)]);
    assert_eq!(tangent(fmul, &mut s, &[None, None]), vec![None]);
    assert_eq!(tangent(fmul, &mut s, &[]), vec![None]);
    let fsub = instruction("fsub").unwrap();
    assert_eq!(tangent(fsub, &mut s, &[Some(1.0), Some(2.0)]), vec![Some(-1.0)]);
    let copysign = lookup("copysign").unwrap();
    assert_eq!(tangent(copysign, &mut s, &[None, Some(1.0)]), vec![None]);
    let floor = lookup("floorf").unwrap();
    assert_eq!(floor.kind, RuleKind::Inactive);
    assert_eq!(tangent(floor, &mut s, &[Some(1.0)]), vec![None]);
}

#[test]
fn adjoints_scale_the_result_adjoint() {
    let mut s = Num {
        args: vec![6.0, 3.0],
        results: vec![2.0],
    };
    let fdiv = instruction("fdiv").unwrap();
    let both = adjoint_contributions(fdiv, &mut s, &[Some(2.0)], &[true, true]);
    assert_eq!(both, vec![Some(2.0 / 3.0), Some(-4.0 / 3.0)]);
    let second = adjoint_contributions(fdiv, &mut s, &[Some(2.0)], &[false, true]);
    assert_eq!(second, vec![None, Some(-4.0 / 3.0)]);
    assert_eq!(adjoint_contributions(fdiv, &mut s, &[None], &[true, true]), vec![None, None]);
    let fneg = instruction("fneg").unwrap();
    assert_eq!(
        adjoint_contributions(fneg, &mut s, &[Some(2.0)], &[true]),
        vec![Some(-2.0)]
    );
    let powi = lookup("llvm.powi.f32.i32").unwrap();
    assert_eq!(
        adjoint_contributions(powi, &mut s, &[Some(1.0)], &[true, true]),
        vec![Some(6.0f64.powi(2) * 3.0), None]
    );
}

/// The multi-output rows, by hand: (a + bi)(c + di) at (1 + 2i)(3 + 4i) = −5 + 10i.
#[test]
fn complex_rows_have_two_outputs() {
    let mut s = Num {
        args: vec![1.0, 2.0, 3.0, 4.0],
        results: vec![-5.0, 10.0],
    };
    let mul = lookup("__muldc3").unwrap();
    assert_eq!(mul.outputs.len(), 2);
    assert_eq!(lookup("__mulsc3").map(|r| r.name), Some("__muldc3"));
    // Tangent along a only: (ȧ·c, ȧ·d); along b only: (−ḃ·d, ḃ·c).
    assert_eq!(tangent(mul, &mut s, &[Some(1.0), None, None, None]), vec![Some(3.0), Some(4.0)]);
    assert_eq!(tangent(mul, &mut s, &[None, Some(1.0), None, None]), vec![Some(-4.0), Some(3.0)]);
    assert_eq!(tangent(mul, &mut s, &[None; 4]), vec![None, None]);
    // Adjoints: x̄ = Jᵀ·ȳ; with ȳ = (1, 0) the re row, with (0, 1) the im row.
    let all = [true; 4];
    let re = adjoint_contributions(mul, &mut s, &[Some(1.0), None], &all);
    assert_eq!(re, vec![Some(3.0), Some(-4.0), Some(1.0), Some(-2.0)]);
    let im = adjoint_contributions(mul, &mut s, &[None, Some(1.0)], &all);
    assert_eq!(im, vec![Some(4.0), Some(3.0), Some(2.0), Some(1.0)]);
    let both = adjoint_contributions(mul, &mut s, &[Some(1.0), Some(1.0)], &[false, true, false, false]);
    assert_eq!(both, vec![None, Some(-1.0), None, None]);
    let reads = mul.reads(&all);
    assert!(!reads.result);
    assert_eq!(reads.operands, vec![0, 1, 2, 3]);
    assert!(lookup("cexpf").unwrap().uses_result());
    assert!(lookup("cexp").unwrap().used_operands().is_empty());
}

/// ABI §7.2 and §7.3 (Essential) names as C library calls.
const LIBM: &[&str] = &[
    "cexp",
    "clog",
    "csqrt",
    "cpow",
    "cabs",
    "carg",
    "cproj",
    "conj",
    "creal",
    "cimag",
    "csin",
    "ccos",
    "ctan",
    "csinh",
    "ccosh",
    "ctanh",
    "casin",
    "cacos",
    "catan",
    "casinh",
    "cacosh",
    "catanh",
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
    "asinh",
    "acosh",
    "atanh",
    "hypot",
    "log1p",
    "expm1",
    "exp10",
    "fmod",
    "remainder",
    "remquo",
    "erf",
    "erfc",
    "ldexp",
    "scalbn",
    "scalbln",
    "frexp",
    // §7.3 Rarer, those glibc has.
    "j0",
    "j1",
    "y0",
    "y1",
    "jn",
    "yn",
    "fdim",
    "nextafter",
    "lgamma",
    "tgamma",
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
    "bcmp",
    "memchr",
    "strtod",
    "strtof",
    "atof",
    "atoi",
    "strtol",
    "getenv",
    "strchr",
    "strstr",
    "strcpy",
    "fopen",
    "fclose",
    "clock",
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
    "_ZNKSt8__detail20_Prime_rehash_policy14_M_need_rehashEmmm",
    "_ZNKSt8__detail20_Prime_rehash_policy11_M_next_bktEm",
    "_ZSt20_Rb_tree_black_countPKSt18_Rb_tree_node_baseS1_",
    "cudaGetDeviceCount",
    "_ZNSolsEd",
    "_ZNSt13basic_ostreamIwSt11char_traitsIwEE3putEw",
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
        "__muldc3",
        "__mulsc3",
        "__divdc3",
        "__divsc3",
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
    assert_eq!(name("j0f"), Some("j0"));
    assert_eq!(name("jnf"), Some("jn"));
    assert_eq!(name("__yn_finite"), Some("yn"));
    assert_eq!(name("fdimf"), Some("fdim"));
    assert_eq!(name("nextafterf"), Some("nextafter"));
    assert_eq!(name("lgammaf"), Some("lgamma"));
    assert_eq!(name("__lgamma_finite"), Some("lgamma"));
    assert_eq!(name("tgammaf"), Some("tgamma"));
    // No rule (a call with active arguments is a diagnostic): lgamma_r writes the sign through
    // a pointer; glibc has no erfinv.
    assert_eq!(name("lgamma_r"), None);
    assert_eq!(name("erfinv"), None);
    assert_eq!(name("my_function"), None);
    assert_eq!(name("llvm.memcpy.p0.p0.i64"), None);
    assert_eq!(name("llvm.sin.foo"), None);
    assert_eq!(lookup("frexpf").map(|r| r.kind), Some(RuleKind::Frexp));
}
