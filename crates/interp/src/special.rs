//! The library functions of the rule table that are not elementwise tables of `f64`/`f32`
//! methods: the complex helpers and calls (`__muldc3`, `cexp`, ...; operands and results as the
//! x86-64 C ABI packs them: `double complex` as two `double`s in and `{double, double}` out,
//! `float complex` as `<2 x float>`, `__mulsc3` as four `float`s), `erf`/`erfc`, `frexp` (it
//! writes the exponent through its pointer), `remquo` (the quotient's bits through its pointer), `llvm.sincos` (`{sin, cos}`), the Bessel functions,
//! `nextafter`, `lgamma` and `tgamma` (glibc's, which Rust's float types lack) and the x86
//! SSE/AVX `min`/`max` intrinsics. Complex functions compute in `f64` and round to the result's
//! type.

use catalase_ir::{Signature, Type};

use crate::error::{err, ErrorKind, Result};
use crate::memory::Memory;
use crate::value::Val;

/// Call `base` (the name with `llvm.` and type suffixes stripped) if it is one of the functions
/// above; `None` otherwise.
pub fn call(mem: &mut Memory, base: &str, sig: &Signature, args: &[Val]) -> Result<Option<Val>> {
    if let Some(v) = x86_min_max(base, args) {
        return Ok(Some(v));
    }
    match base {
        "erf" | "erff" | "erfc" | "erfcf" => {
            let [x] = args else { return bad(base, args) };
            let Some(v) = x.as_f64() else { return bad(base, args) };
            let y = if base.starts_with("erfc") { 1.0 - erf(v) } else { erf(v) };
            Ok(Some(Val::float(&sig.ret, y)?))
        }
        "frexp" | "frexpf" => {
            let (Some(x), Some(Val::Ptr(p))) = (args.first().and_then(Val::as_f64), args.get(1)) else {
                return bad(base, args);
            };
            let (m, e) = frexp(x);
            mem.write(*p, &e.to_le_bytes())?;
            Ok(Some(Val::float(&sig.ret, m)?))
        }
        // remquo(x, y, int *q): `remainder`, and the quotient's sign with its low 3 bits at q
        // (glibc writes the low 31 bits; C asks for at least 3).
        "remquo" | "remquof" => {
            let (Some(x), Some(y), Some(Val::Ptr(p))) =
                (args.first().and_then(Val::as_f64), args.get(1).and_then(Val::as_f64), args.get(2))
            else {
                return bad(base, args);
            };
            let n = (x / y).round_ties_even();
            let q = ((n.abs() % 8.0) as i32) * if n < 0.0 { -1 } else { 1 };
            mem.write(*p, &q.to_le_bytes())?;
            Ok(Some(Val::float(&sig.ret, x - n * y)?))
        }
        // `llvm.sincos.*` (its base name): `{sin x, cos x}`.
        "sincos" if args.len() == 1 => {
            let Some(x) = args[0].as_f64() else { return bad(base, args) };
            Ok(Some(pack(&sig.ret, &[x.sin(), x.cos()])?))
        }
        _ => match glibc(base, args) {
            Some(y) => Ok(Some(Val::float(&sig.ret, y?)?)),
            None => complex(base, sig, args),
        },
    }
}

/// The C library's Bessel functions, `nextafter`, `lgamma` and `tgamma`, computed in `f64` (the
/// `f` spellings round the result to `float`): `j0(x)`, ..., `jn(n, x)`, `yn(n, x)`,
/// `nextafter(x, y)`. `None` for other names.
fn glibc(base: &str, args: &[Val]) -> Option<Result<f64>> {
    let known = |s: &&str| ["j0", "j1", "y0", "y1", "jn", "yn", "nextafter", "lgamma", "tgamma"].contains(s);
    let stem = Some(base).filter(known).or_else(|| base.strip_suffix('f').filter(known))?;
    let x = |i: usize| args.get(i).and_then(Val::as_f64);
    let y = match (stem, args) {
        ("jn" | "yn", [Val::Int(n), _]) => x(1).map(|x| libm::order(stem, *n as i32, x)),
        ("nextafter", [_, _]) if stem != base => x(0).zip(x(1)).map(|(a, b)| libm::nextafterf(a as f32, b as f32) as f64),
        ("nextafter", [_, _]) => x(0).zip(x(1)).map(|(a, b)| libm::nextafter(a, b)),
        ("j0" | "j1" | "y0" | "y1" | "lgamma" | "tgamma", [_]) => x(0).map(|x| libm::unary(stem, x)),
        _ => None,
    };
    Some(y.map_or_else(|| bad(base, args), Ok))
}

/// The glibc functions Rust's float types lack.
mod libm {
    extern "C" {
        fn j0(x: f64) -> f64;
        fn j1(x: f64) -> f64;
        fn y0(x: f64) -> f64;
        fn y1(x: f64) -> f64;
        fn jn(n: i32, x: f64) -> f64;
        fn yn(n: i32, x: f64) -> f64;
        fn lgamma(x: f64) -> f64;
        fn tgamma(x: f64) -> f64;
        #[link_name = "nextafter"]
        fn nextafter_c(x: f64, y: f64) -> f64;
        #[link_name = "nextafterf"]
        fn nextafterf_c(x: f32, y: f32) -> f32;
    }

    pub fn unary(name: &str, x: f64) -> f64 {
        // SAFETY: pure functions of their arguments (they may set errno).
        unsafe {
            match name {
                "j0" => j0(x),
                "j1" => j1(x),
                "y0" => y0(x),
                "y1" => y1(x),
                "lgamma" => lgamma(x),
                _ => tgamma(x),
            }
        }
    }

    pub fn order(name: &str, n: i32, x: f64) -> f64 {
        // SAFETY: as above.
        unsafe {
            if name == "jn" {
                jn(n, x)
            } else {
                yn(n, x)
            }
        }
    }

    pub fn nextafter(x: f64, y: f64) -> f64 {
        // SAFETY: as above.
        unsafe { nextafter_c(x, y) }
    }

    pub fn nextafterf(x: f32, y: f32) -> f32 {
        // SAFETY: as above.
        unsafe { nextafterf_c(x, y) }
    }
}

fn bad<T>(base: &str, args: &[Val]) -> Result<T> {
    err(ErrorKind::TypeMismatch(format!("{base} with arguments {args:?}")))
}

/// The complex functions, on the arguments' float parts in order.
fn complex(base: &str, sig: &Signature, args: &[Val]) -> Result<Option<Val>> {
    let name = match base {
        "__mulsc3" | "__muldc3" => "mul",
        "__divsc3" | "__divdc3" => "div",
        _ => match base.strip_suffix('f').unwrap_or(base) {
            n @ ("cexp" | "clog" | "csqrt" | "cpow" | "carg" | "cabs" | "cproj" | "csin" | "ccos" | "ctan" | "csinh"
            | "ccosh" | "ctanh" | "casin" | "cacos" | "catan" | "casinh" | "cacosh" | "catanh" | "conj" | "creal"
            | "cimag") => n,
            _ => return Ok(None),
        },
    };
    let mut x = Vec::new();
    for a in args {
        match a {
            Val::Vec(lanes) => x.extend(lanes.iter().map(Val::as_f64)),
            v => x.push(v.as_f64()),
        }
    }
    let Some(x) = x.into_iter().collect::<Option<Vec<f64>>>() else { return bad(base, args) };
    let want = if matches!(name, "mul" | "div" | "cpow") { 4 } else { 2 };
    if x.len() != want {
        return bad(base, args);
    }
    let (z, w) = ([x[0], x[1]], [x.get(2).copied().unwrap_or(0.0), x.get(3).copied().unwrap_or(0.0)]);
    let out: Vec<f64> = match name {
        "mul" => cmul(z, w).to_vec(),
        "div" => cdiv(z, w).to_vec(),
        "cexp" => cexp(z).to_vec(),
        "clog" => clog(z).to_vec(),
        "csqrt" => csqrt(z).to_vec(),
        "cpow" => cexp(cmul(w, clog(z))).to_vec(),
        "carg" => vec![z[1].atan2(z[0])],
        "cabs" => vec![z[0].hypot(z[1])],
        "cproj" if z.iter().any(|p| p.is_infinite()) => vec![f64::INFINITY, 0f64.copysign(z[1])],
        "cproj" => z.to_vec(),
        "conj" => vec![z[0], -z[1]],
        "creal" => vec![z[0]],
        "cimag" => vec![z[1]],
        n => elementary(n, z).to_vec(),
    };
    Ok(Some(pack(&sig.ret, &out)?))
}

/// `out` in the shape of `ty`: a struct or vector of its parts, or one scalar.
fn pack(ty: &Type, out: &[f64]) -> Result<Val> {
    match ty {
        Type::Struct { fields, .. } if fields.len() == out.len() => {
            Ok(Val::Agg(fields.iter().zip(out).map(|(t, x)| Val::float(t, *x)).collect::<Result<_>>()?))
        }
        Type::Vector(n, e) if *n as usize == out.len() => {
            Ok(Val::Vec(out.iter().map(|x| Val::float(e, *x)).collect::<Result<_>>()?))
        }
        t if out.len() == 1 => Val::float(t, out[0]),
        t => err(ErrorKind::TypeMismatch(format!("a complex result of {} parts as {t}", out.len()))),
    }
}

fn cmul(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]]
}

fn cdiv(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    let n = b[0] * b[0] + b[1] * b[1];
    [(a[0] * b[0] + a[1] * b[1]) / n, (a[1] * b[0] - a[0] * b[1]) / n]
}

fn cexp(z: [f64; 2]) -> [f64; 2] {
    let m = z[0].exp();
    [m * z[1].cos(), m * z[1].sin()]
}

fn clog(z: [f64; 2]) -> [f64; 2] {
    [z[0].hypot(z[1]).ln(), z[1].atan2(z[0])]
}

/// The C99 trigonometric and hyperbolic functions and their inverses, by their definitions
/// (the principal values off the branch cuts).
fn elementary(name: &str, z: [f64; 2]) -> [f64; 2] {
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
    // casin z = −i·log(iz + √(1 − z²))
    let l = clog(add(i_times(z), csqrt(sub(one, cmul(z, z)))));
    let casin = [l[1], -l[0]];
    match name {
        "csin" => sin,
        "ccos" => cos,
        "ctan" => cdiv(sin, cos),
        "csinh" => sinh,
        "ccosh" => cosh,
        "ctanh" => cdiv(sinh, cosh),
        "casin" => casin,
        "cacos" => sub([std::f64::consts::FRAC_PI_2, 0.0], casin),
        // (i/2)·(log(1 − iz) − log(1 + iz))
        "catan" => i_times(half(sub(clog(sub(one, i_times(z))), clog(add(one, i_times(z)))))),
        "casinh" => clog(add(z, csqrt(add(cmul(z, z), one)))),
        "cacosh" => clog(add(z, cmul(csqrt(add(z, one)), csqrt(sub(z, one))))),
        _ => half(sub(clog(add(one, z)), clog(sub(one, z)))),
    }
}

/// The principal root: re ≥ 0, im with the sign of z's imaginary part.
fn csqrt(z: [f64; 2]) -> [f64; 2] {
    let r = z[0].hypot(z[1]);
    [((r + z[0]) / 2.0).sqrt(), ((r - z[0]) / 2.0).sqrt().copysign(z[1])]
}

/// erf(x) = 2/√π·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3···(2n+1)): every term positive, so no cancellation;
/// about 3e-16 absolute for |x| < 6, and ±1 beyond.
fn erf(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.abs() >= 6.0 {
        return 1f64.copysign(x);
    }
    let (mut term, mut sum, mut n) = (x, x, 0.0);
    while term.abs() > 1e-17 * sum.abs() {
        n += 1.0;
        term *= 2.0 * x * x / (2.0 * n + 1.0);
        sum += term;
    }
    std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp() * sum
}

/// x = m·2^e with 0.5 ≤ |m| < 1; (x, 0) for 0, infinities and NaN.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, shift) = if x.abs() < f64::MIN_POSITIVE { (x * 2f64.powi(64), -64) } else { (x, 0) };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + shift)
}

/// `llvm.x86.{sse,sse2,avx}.{min,max}.{ps,pd}[.256]`: lane by lane, the first operand when it
/// is strictly smaller (larger), else the second (ties and NaN included).
fn x86_min_max(base: &str, args: &[Val]) -> Option<Val> {
    let op = base.strip_prefix("x86.")?;
    let min = op.contains(".min.");
    if !min && !op.contains(".max.") {
        return None;
    }
    let [Val::Vec(a), Val::Vec(b)] = args else { return None };
    let pick = |x: &Val, y: &Val| match (x.as_f64(), y.as_f64()) {
        (Some(p), Some(q)) if (min && p < q) || (!min && p > q) => x.clone(),
        _ => y.clone(),
    };
    Some(Val::Vec(a.iter().zip(b).map(|(x, y)| pick(x, y)).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_splits() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-0.75), (-0.75, 0));
        assert_eq!(frexp(0.0), (0.0, 0));
        let (m, e) = frexp(3e-310);
        assert!((0.5..1.0).contains(&m) && (m * 2f64.powi(e) - 3e-310).abs() < 1e-323);
    }

    #[test]
    fn erf_values() {
        // erf(0.5), erf(1), erf(2) to 16 digits.
        for (x, want) in [(0.5, 0.5204998778130465), (1.0, 0.8427007929497149), (2.0, 0.9953222650189527)] {
            assert!((erf(x) - want).abs() < 5e-16, "erf({x}) = {}", erf(x));
            assert!((erf(-x) + want).abs() < 5e-16);
        }
    }
}
