//! The primal and test points of every differentiable row of the rule table: a Rust
//! implementation per row (complex rows return (re, im)), points inside its domain and away from
//! its edges, and which operands are integers or pointers; and the edges themselves (`edges`).
//! Shared by `tests/rules_fd.rs` (the rows as data) and the interpreter's `tests/rules` (every
//! row generated as Catalase IR and differentiated in forward and reverse mode), so a new row is
//! given points once.

/// A row's primal in `f64`: real-valued, or complex-valued (re, im).
#[derive(Clone, Copy)]
pub enum Primal {
    Real(fn(&[f64]) -> f64),
    Complex(fn(&[f64]) -> [f64; 2]),
}

impl Primal {
    /// The outputs at `x`.
    pub fn eval(self, x: &[f64]) -> Vec<f64> {
        match self {
            Primal::Real(f) => vec![f(x)],
            Primal::Complex(f) => f(x).to_vec(),
        }
    }
}

/// A row's primal, its test points (all operands, integers written as floats), and which
/// operands are integers or pointers (no finite difference is taken in them).
pub struct Spec {
    pub f: Primal,
    pub points: &'static [&'static [f64]],
    pub ints: &'static [usize],
}

pub fn spec(name: &str) -> Option<Spec> {
    let s = |f: fn(&[f64]) -> f64, points: &'static [&'static [f64]]| {
        Some(Spec {
            f: Primal::Real(f),
            points,
            ints: &[],
        })
    };
    let c = |f: fn(&[f64]) -> [f64; 2], points: &'static [&'static [f64]]| {
        Some(Spec {
            f: Primal::Complex(f),
            points,
            ints: &[],
        })
    };
    // Complex operands as (re, im) pairs, away from the negative real axis (log's branch cut).
    let cx1: &'static [&'static [f64]] = &[&[1.3, 0.4], &[-0.7, 1.9], &[0.5, -2.2]];
    let cx2: &'static [&'static [f64]] = &[
        &[1.3, 0.4, 0.7, -0.3],
        &[-0.7, 1.9, 2.0, 0.5],
        &[0.4, -1.1, -1.5, 0.2],
    ];
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
        "llvm.sincos" => c(|a| [a[0].sin(), a[0].cos()], unary),
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
            f: Primal::Real(|a| a[0].powi(a[1] as i32)),
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
            f: Primal::Real(|a| a[0] * 2f64.powi(a[1] as i32)),
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
        "asinh" => s(|a| a[0].asinh(), &[&[-2.5], &[0.3], &[40.0]]),
        "acosh" => s(|a| a[0].acosh(), &[&[1.2], &[3.0], &[50.0]]),
        "atanh" => s(|a| a[0].atanh(), &[&[-0.9], &[0.3], &[0.99]]),
        "expm1" => s(|a| a[0].exp_m1(), &[&[-3.0], &[1e-3], &[2.5]]),
        "remainder" => s(
            |a| a[0] - (a[0] / a[1]).round_ties_even() * a[1],
            &[&[5.3, 2.1], &[-5.3, 2.1], &[7.9, -1.7], &[0.4, 3.0]],
        ),
        "remquo" => Some(Spec {
            f: Primal::Real(|a| a[0] - (a[0] / a[1]).round_ties_even() * a[1]),
            points: &[&[5.3, 2.1, 0.0], &[-5.3, 2.1, 0.0], &[7.9, -1.7, 0.0], &[0.4, 3.0, 0.0]],
            ints: &[2],
        }),
        "erf" => s(|a| erf(a[0]), &[&[-1.2], &[0.3], &[1.5]]),
        "erfc" => s(|a| 1.0 - erf(a[0]), &[&[-0.5], &[0.4], &[2.0]]),
        "frexp" => Some(Spec {
            f: Primal::Real(|a| frexp_mantissa(a[0])),
            points: &[&[3.0, 0.0], &[0.3, 0.0], &[-5.5, 0.0], &[1e-3, 0.0]],
            ints: &[1],
        }),
        // x > y: where x ≤ y every partial is 0, which `edges` checks.
        "fdim" => s(|a| if a[0] > a[1] { a[0] - a[1] } else { 0.0 }, &[&[1.3, 0.2], &[-0.7, -1.9], &[3.0, -1.5]]),
        "nextafter" => s(|a| libm::nextafter(a[0], a[1]), &[&[1.3, 2.0], &[-0.7, -1.9], &[3.0, 3.0], &[0.4, -5.0]]),
        "j0" => s(|a| libm::j0(a[0]), &[&[0.3], &[-1.2], &[2.5], &[7.9], &[24.0]]),
        "j1" => s(|a| libm::j1(a[0]), &[&[0.3], &[-1.2], &[2.5], &[7.9], &[24.0], &[1e-5]]),
        "y0" => s(|a| libm::y0(a[0]), &[&[0.3], &[1.2], &[2.5], &[7.9], &[24.0]]),
        "y1" => s(|a| libm::y1(a[0]), &[&[0.3], &[1.2], &[2.5], &[7.9], &[24.0]]),
        "jn" => Some(Spec {
            f: Primal::Real(|a| libm::jn(a[0] as i32, a[1])),
            points: &[&[2.0, 1.3], &[-3.0, 2.7], &[0.0, 0.4], &[5.0, 7.5], &[1.0, -2.2], &[-4.0, -0.9], &[12.0, 3.3]],
            ints: &[0],
        }),
        "yn" => Some(Spec {
            f: Primal::Real(|a| libm::yn(a[0] as i32, a[1])),
            points: &[&[2.0, 1.3], &[-3.0, 2.7], &[0.0, 0.4], &[5.0, 7.5], &[1.0, 2.2], &[-4.0, 0.9], &[7.0, 12.0]],
            ints: &[0],
        }),
        // Both sides of 0 (lgamma is ln|Γ|), near ψ's root 1.4616, near the pole at 0.
        "lgamma" => s(|a| libm::lgamma(a[0]), &[&[0.3], &[1.4616], &[2.5], &[7.9], &[30.0], &[-0.5], &[-2.3], &[-7.6], &[0.05]]),
        "tgamma" => s(|a| libm::tgamma(a[0]), &[&[0.3], &[2.5], &[5.5], &[-0.5], &[-2.3], &[1.4616]]),
        "__muldc3" => c(|a| cmul([a[0], a[1]], [a[2], a[3]]), cx2),
        "__divdc3" => c(|a| cdiv([a[0], a[1]], [a[2], a[3]]), cx2),
        "cexp" => c(|a| cexp([a[0], a[1]]), cx1),
        "clog" => c(|a| clog([a[0], a[1]]), cx1),
        "csqrt" => c(|a| csqrt([a[0], a[1]]), cx1),
        "cpow" => c(|a| cexp(cmul([a[2], a[3]], clog([a[0], a[1]]))), cx2),
        n @ ("csin" | "ccos" | "ctan" | "csinh" | "ccosh" | "ctanh" | "casin" | "cacos" | "catan" | "casinh" | "cacosh"
        | "catanh" | "cproj") => Some(Spec {
            f: Primal::Complex(match n {
                "csin" => |a| celem("csin", [a[0], a[1]]),
                "ccos" => |a| celem("ccos", [a[0], a[1]]),
                "ctan" => |a| celem("ctan", [a[0], a[1]]),
                "csinh" => |a| celem("csinh", [a[0], a[1]]),
                "ccosh" => |a| celem("ccosh", [a[0], a[1]]),
                "ctanh" => |a| celem("ctanh", [a[0], a[1]]),
                "casin" => |a| celem("casin", [a[0], a[1]]),
                "cacos" => |a| celem("cacos", [a[0], a[1]]),
                "catan" => |a| celem("catan", [a[0], a[1]]),
                "casinh" => |a| celem("casinh", [a[0], a[1]]),
                "cacosh" => |a| celem("cacosh", [a[0], a[1]]),
                "catanh" => |a| celem("catanh", [a[0], a[1]]),
                _ => |a| [a[0], a[1]],
            }),
            // Off every branch cut (the real axis beyond ±1, the imaginary axis beyond ±i).
            points: &[&[1.3, 0.4], &[-0.7, 1.9], &[0.5, -2.2], &[-0.2, -0.6]],
            ints: &[],
        }),
        "conj" => c(|a| [a[0], -a[1]], cx1),
        "creal" => s(|a| a[0], cx1),
        "cimag" => s(|a| a[1], cx1),
        "carg" => s(|a| a[1].atan2(a[0]), &[&[1.3, 2.2], &[-0.7, 1.9], &[0.5, -1.5], &[-1.0, -0.3]]),
        _ => None,
    }
}

/// glibc's functions that Rust's float types lack (the primals of the Bessel, `nextafter` and
/// gamma rows, and what the test evaluator calls for `Elem::J0`...).
pub mod libm {
    mod c {
        extern "C" {
            pub fn j0(x: f64) -> f64;
            pub fn j1(x: f64) -> f64;
            pub fn y0(x: f64) -> f64;
            pub fn y1(x: f64) -> f64;
            pub fn jn(n: i32, x: f64) -> f64;
            pub fn yn(n: i32, x: f64) -> f64;
            pub fn nextafter(x: f64, y: f64) -> f64;
            pub fn lgamma(x: f64) -> f64;
            pub fn tgamma(x: f64) -> f64;
        }
    }
    // SAFETY (all): pure functions of their arguments (they may set errno).
    pub fn j0(x: f64) -> f64 {
        unsafe { c::j0(x) }
    }
    pub fn j1(x: f64) -> f64 {
        unsafe { c::j1(x) }
    }
    pub fn y0(x: f64) -> f64 {
        unsafe { c::y0(x) }
    }
    pub fn y1(x: f64) -> f64 {
        unsafe { c::y1(x) }
    }
    pub fn jn(n: i32, x: f64) -> f64 {
        unsafe { c::jn(n, x) }
    }
    pub fn yn(n: i32, x: f64) -> f64 {
        unsafe { c::yn(n, x) }
    }
    pub fn nextafter(x: f64, y: f64) -> f64 {
        unsafe { c::nextafter(x, y) }
    }
    pub fn lgamma(x: f64) -> f64 {
        unsafe { c::lgamma(x) }
    }
    pub fn tgamma(x: f64) -> f64 {
        unsafe { c::tgamma(x) }
    }
}

/// Complex arithmetic on (re, im) pairs, written out (the primals of the complex rows).
pub fn cmul(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]]
}
pub fn cdiv(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    let n = b[0] * b[0] + b[1] * b[1];
    [(a[0] * b[0] + a[1] * b[1]) / n, (a[1] * b[0] - a[0] * b[1]) / n]
}
pub fn cexp(z: [f64; 2]) -> [f64; 2] {
    let m = z[0].exp();
    [m * z[1].cos(), m * z[1].sin()]
}
pub fn clog(z: [f64; 2]) -> [f64; 2] {
    [z[0].hypot(z[1]).ln(), z[1].atan2(z[0])]
}
/// The principal square root: re ≥ 0, im with the sign of z's.
pub fn csqrt(z: [f64; 2]) -> [f64; 2] {
    let r = z[0].hypot(z[1]);
    [((r + z[0]) / 2.0).sqrt(), ((r - z[0]) / 2.0).sqrt().copysign(z[1])]
}

/// The C99 complex trigonometric and hyperbolic functions and their inverses by their
/// definitions (principal values off the branch cuts); `None` for another name.
pub fn celem_opt(name: &str, z: [f64; 2]) -> Option<[f64; 2]> {
    let [x, y] = z;
    let i_times = |w: [f64; 2]| [-w[1], w[0]];
    let sub = |a: [f64; 2], b: [f64; 2]| [a[0] - b[0], a[1] - b[1]];
    let add = |a: [f64; 2], b: [f64; 2]| [a[0] + b[0], a[1] + b[1]];
    let half = |a: [f64; 2]| [a[0] / 2.0, a[1] / 2.0];
    let one = [1.0, 0.0];
    let sin = [x.sin() * y.cosh(), x.cos() * y.sinh()];
    let cos = [x.cos() * y.cosh(), -(x.sin() * y.sinh())];
    let sinh = [x.sinh() * y.cos(), x.cosh() * y.sin()];
    let cosh = [x.cosh() * y.cos(), x.sinh() * y.sin()];
    let casin = |z: [f64; 2]| {
        // −i·log(iz + √(1 − z²))
        let l = clog(add(i_times(z), csqrt(sub(one, cmul(z, z)))));
        [l[1], -l[0]]
    };
    Some(match name {
        "csin" => sin,
        "ccos" => cos,
        "ctan" => cdiv(sin, cos),
        "csinh" => sinh,
        "ccosh" => cosh,
        "ctanh" => cdiv(sinh, cosh),
        "casin" => casin(z),
        "cacos" => sub([std::f64::consts::FRAC_PI_2, 0.0], casin(z)),
        // (i/2)·(log(1 − iz) − log(1 + iz))
        "catan" => i_times(half(sub(clog(sub(one, i_times(z))), clog(add(one, i_times(z)))))),
        "casinh" => clog(add(z, csqrt(add(cmul(z, z), one)))),
        "cacosh" => clog(add(z, cmul(csqrt(add(z, one)), csqrt(sub(z, one))))),
        "catanh" => half(sub(clog(add(one, z)), clog(sub(one, z)))),
        _ => return None,
    })
}

fn celem(name: &str, z: [f64; 2]) -> [f64; 2] {
    celem_opt(name, z).expect("a complex elementary function")
}

/// erf by the all-positive series `2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3···(2n+1))`, accurate to a few
/// ulps for |x| ≤ 3 (the test points).
pub fn erf(x: f64) -> f64 {
    let (mut term, mut sum, mut n) = (x, x, 0.0);
    while term.abs() > 1e-18 * sum.abs() {
        n += 1.0;
        term *= 2.0 * x * x / (2.0 * n + 1.0);
        sum += term;
    }
    std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp() * sum
}

/// frexp's mantissa in [0.5, 1) for finite non-zero x.
pub fn frexp_mantissa(x: f64) -> f64 {
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

/// A point where a row's derivative is a convention (ABI §7, the table in `docs/RULES.md`), or
/// is checked exactly: a spelling of the row, the point, and the partials there, output after
/// output (`None` for a `Zero` partial).
pub struct Edge {
    pub name: &'static str,
    pub point: Vec<f64>,
    pub partials: Vec<Option<f64>>,
}

/// Every edge, checked on the rows as data by `rules_fd.rs` and on generated code, in both modes,
/// by the interpreter's `tests/rules`.
pub fn edges() -> Vec<Edge> {
    let mut edges = Vec::new();
    macro_rules! edge {
        ($name:expr, $point:expr, $want:expr) => {
            edges.push(Edge { name: $name, point: $point.to_vec(), partials: $want.to_vec() })
        };
    }
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
    // Bessel functions at 0: j0' = −j1(0) = −0; j1' = 1/2 (not J0 − J1/x = 0/0), also just
    // above 0 where J1(x) is subnormal; jn's (J_{n−1} − J_{n+1})/2 is exact there for every n.
    // y0' = −y1(0) = +inf, the true limit; y1 and yn (n ≠ 0) give NaN at 0 (the derivative is
    // +inf; NaN says "no value", as cbrt), and every y at x < 0 is NaN, as the function.
    edge!("j0", [0.0], [Some(-0.0)]);
    edge!("j1", [0.0], [Some(0.5)]);
    edge!("j1", [-0.0], [Some(0.5)]);
    edge!("j1", [5e-324], [Some(0.5)]);
    edge!("j1f", [1e-30], [Some(0.5)]);
    edge!("jn", [1.0, 0.0], [None, Some(0.5)]);
    edge!("jn", [-1.0, 0.0], [None, Some(-0.5)]);
    edge!("jn", [0.0, 0.0], [None, Some(-0.0)]);
    edge!("jn", [2.0, 0.0], [None, Some(0.0)]);
    edge!("jn", [-2.0, 0.0], [None, Some(0.0)]);
    edge!("y0", [0.0], [Some(f64::INFINITY)]);
    edge!("y0", [-1.0], [Some(nan)]);
    edge!("y1", [0.0], [Some(nan)]);
    edge!("yn", [0.0, 0.0], [None, Some(f64::INFINITY)]);
    edge!("yn", [2.0, 0.0], [None, Some(nan)]);
    // fdim: 1/−1 where x > y, 0 where x ≤ y (the tie takes the flat side) and at a NaN.
    edge!("fdim", [2.0, 1.0], [Some(1.0), Some(-1.0)]);
    edge!("fdim", [1.0, 1.0], [Some(0.0), Some(0.0)]);
    edge!("fdim", [1.0, 2.0], [Some(0.0), Some(0.0)]);
    edge!("fdim", [nan, 2.0], [Some(0.0), Some(0.0)]);
    edge!("fdimf", [3.0, -1.0], [Some(1.0), Some(-1.0)]);
    edge!("nextafter", [1.0, 1.0], [Some(1.0), None]);
    edge!("frem", [5.3, 2.1], [Some(1.0), Some(-2.0)]);
    edge!("remainder", [5.3, 2.1], [Some(1.0), Some(-3.0)]);
    edge!("remquo", [5.3, 2.1, 0.0], [Some(1.0), Some(-3.0), None]);
    // Complex rows: (re partials, then im partials). cabs is hypot; csqrt is 0 at 0 as sqrt.
    edge!("cabs", [0.0, 0.0], [Some(0.0), Some(0.0)]);
    edge!("cabsf", [3.0, 4.0], [Some(0.6), Some(0.8)]);
    edge!("csqrt", [0.0, 0.0], [Some(0.0), Some(-0.0), Some(0.0), Some(0.0)]);
    edge!("carg", [0.0, 0.0], [Some(nan), Some(nan)]);
    // cproj is the identity, constant where a part is infinite (the result is then ∞).
    let inf = f64::INFINITY;
    edge!("cproj", [2.0, -3.0], [Some(1.0), None, None, Some(1.0)]);
    edge!("cproj", [inf, 1.0], [Some(0.0), None, None, Some(0.0)]);
    edge!("cprojf", [1.0, -inf], [Some(0.0), None, None, Some(0.0)]);
    edge!("cproj", [nan, 1.0], [Some(1.0), None, None, Some(1.0)]);
    // At 0 the trigonometric functions and their inverses have slope 1 (cos 0, 1/cos 0, 1 ± 0²);
    // the signs of the zero partials are those of the arithmetic that forms them.
    for one in ["ctan", "csinh", "catanh"] {
        edge!(one, [0.0, 0.0], [Some(1.0), Some(-0.0), Some(0.0), Some(1.0)]);
    }
    for one in ["csin", "ctanh", "casin", "catan", "casinh"] {
        edge!(one, [0.0, 0.0], [Some(1.0), Some(0.0), Some(-0.0), Some(1.0)]);
    }
    // catan and catanh have poles at ±i and ±1: 1/0 as a complex quotient is NaN.
    edge!("catan", [0.0, 1.0], [Some(nan), Some(nan), Some(nan), Some(nan)]);
    edge!("catanh", [-1.0, 0.0], [Some(nan), Some(nan), Some(nan), Some(nan)]);
    edge!("__muldc3", [1.0, 2.0, 3.0, 4.0], [
        Some(3.0), Some(-4.0), Some(1.0), Some(-2.0),
        Some(4.0), Some(3.0), Some(2.0), Some(1.0)
    ]);
    edges
}
