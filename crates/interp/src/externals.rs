//! Functions without a body that the interpreter implements: the math library and the LLVM
//! intrinsics the rule table knows (in their libm spellings `sin`, `sinf`, `__sin_finite` and
//! their intrinsic spellings `llvm.sin.f64`, `llvm.sin.v4f32`), memory intrinsics and the
//! allocators. Math runs on Rust's `f64`/`f32` methods in the argument's own precision, lane by
//! lane on vectors; `special` has the complex functions, `erf`, `frexp` and x86 min/max. Any
//! other external is [`ErrorKind::UnknownExternal`].

use catalase_ir::{Signature, Type};

use crate::error::{err, ErrorKind, Result};
use crate::memory::{Memory, Region};
use crate::value::{mask, sext, Val};

/// Call the external `name` with `args`; `sig` is the call's signature.
pub fn call(mem: &mut Memory, name: &str, sig: &Signature, args: &[Val]) -> Result<Val> {
    let base = same_as(base_name(name));
    if let Some(v) = memory_call(mem, base, name.starts_with("llvm."), args)? {
        return Ok(v);
    }
    if let Some(v) = crate::masked::call(mem, name, sig, args)? {
        return Ok(v);
    }
    if let Some(v) = control_call(base, args)? {
        return Ok(v);
    }
    if let Some(v) = math_call(base, sig, args)? {
        return Ok(v);
    }
    if let Some(v) = crate::special::call(mem, base, sig, args)? {
        return Ok(v);
    }
    // `sinf`, `__sinf_finite`: the f32 spelling of a known function (the lane type decides the
    // precision anyway).
    if let Some(stem) = base.strip_suffix('f').filter(|s| !s.is_empty()) {
        if let Some(v) = math_call(stem, sig, args)? {
            return Ok(v);
        }
    }
    err(ErrorKind::UnknownExternal(name.to_string()))
}

/// `llvm.sin.v4f32` → `sin`, `__sin_finite` → `sin`, `__nv_sin` → `sin`; others unchanged.
fn base_name(name: &str) -> &str {
    if let Some(rest) = name.strip_prefix("llvm.") {
        let mut end = rest.len();
        while let Some(dot) = rest[..end].rfind('.') {
            if !is_type_suffix(&rest[dot + 1..end]) {
                break;
            }
            end = dot;
        }
        return &rest[..end];
    }
    if let Some(x) = name.strip_prefix("__").and_then(|x| x.strip_suffix("_finite")) {
        return x;
    }
    name.strip_prefix("__nv_").unwrap_or(name)
}

/// Other spellings of a function the tables know: compiler-rt's `powi`, `scalbln` (a `long`
/// exponent), NVPTX's `exp2`.
fn same_as(base: &str) -> &str {
    match base {
        "__powidf2" | "__powisf2" => "powi",
        "scalbln" | "scalblnf" => "scalbn",
        b if b.starts_with("nvvm.ex2.approx.") => "exp2",
        b => b,
    }
}

/// `f64`, `v4f32`, `nxv2f64`, `i32`, `p0`: an LLVM overload suffix.
fn is_type_suffix(s: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if s.strip_prefix('p').is_some_and(digits) {
        return true;
    }
    let elem = match s.strip_prefix("nxv").or_else(|| s.strip_prefix('v')) {
        Some(rest) => rest.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => s,
    };
    ["bf", "f", "i"].iter().any(|k| elem.strip_prefix(k).is_some_and(digits))
}

fn arg_ptr(args: &[Val], i: usize) -> Result<u64> {
    match args.get(i) {
        Some(Val::Ptr(p)) => Ok(*p),
        Some(Val::Poison) => err(ErrorKind::Poison("used as an address")),
        other => err(ErrorKind::TypeMismatch(format!("argument {i} is not a pointer: {other:?}"))),
    }
}

fn arg_int(args: &[Val], i: usize) -> Result<u64> {
    match args.get(i) {
        Some(Val::Int(x)) => Ok(*x as u64),
        Some(Val::Poison) => err(ErrorKind::Poison("used as a size")),
        other => err(ErrorKind::TypeMismatch(format!("argument {i} is not an integer: {other:?}"))),
    }
}

/// Memory intrinsics, libc memory functions and allocators.
fn memory_call(mem: &mut Memory, base: &str, intrinsic: bool, args: &[Val]) -> Result<Option<Val>> {
    let ret_dst = |args: &[Val]| if intrinsic { Val::Void } else { args.first().cloned().unwrap_or(Val::Void) };
    let v = match base {
        "memcpy" | "memmove" => {
            let n = arg_int(args, 2)?;
            if n > 0 {
                mem.copy(arg_ptr(args, 0)?, arg_ptr(args, 1)?, n)?;
            }
            ret_dst(args)
        }
        "memset" => {
            let n = arg_int(args, 2)?;
            if n > 0 {
                mem.fill(arg_ptr(args, 0)?, arg_int(args, 1)? as u8, n)?;
            }
            ret_dst(args)
        }
        "malloc" | "_Znwm" | "_Znam" | "_ZnwmRKSt9nothrow_t" | "_ZnamRKSt9nothrow_t" | "_ZnwmSt11align_val_t"
        | "_ZnamSt11align_val_t" | "valloc" | "__rust_alloc" => {
            Val::Ptr(mem.allocate(arg_int(args, 0)?, 16, Region::Heap, false)?)
        }
        "aligned_alloc" | "memalign" => {
            let align = arg_int(args, 0)?.max(16);
            Val::Ptr(mem.allocate(arg_int(args, 1)?, align, Region::Heap, false)?)
        }
        "calloc" => {
            let n = arg_int(args, 0)?.saturating_mul(arg_int(args, 1)?);
            Val::Ptr(mem.allocate(n, 16, Region::Heap, true)?)
        }
        "realloc" => Val::Ptr(realloc(mem, arg_ptr(args, 0)?, arg_int(args, 1)?)?),
        "free" | "_ZdlPv" | "_ZdaPv" | "_ZdlPvm" | "_ZdaPvm" | "_ZdlPvSt11align_val_t" | "_ZdaPvSt11align_val_t"
        | "_ZdlPvmSt11align_val_t" | "_ZdaPvmSt11align_val_t" | "_ZdlPvRKSt9nothrow_t" | "_ZdaPvRKSt9nothrow_t" => {
            let p = arg_ptr(args, 0)?;
            if p != 0 {
                mem.free(p, Region::Heap)?;
            }
            Val::Void
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

fn realloc(mem: &mut Memory, p: u64, n: u64) -> Result<u64> {
    let q = mem.allocate(n, 16, Region::Heap, false)?;
    if p != 0 {
        let old = mem.size_at(p).ok_or(ErrorKind::InvalidFree { addr: p })?;
        mem.copy(q, p, old.min(n))?;
        mem.free(p, Region::Heap)?;
    }
    Ok(q)
}

/// Intrinsics without effect, traps, and the inactive library calls tests meet.
fn control_call(base: &str, args: &[Val]) -> Result<Option<Val>> {
    const NOOPS: &[&str] = &[
        "lifetime.start", "lifetime.end", "assume", "dbg.declare", "dbg.value", "dbg.label", "donothing",
        "sideeffect", "experimental.noalias.scope.decl", "invariant.start", "invariant.end", "prefetch",
    ];
    Ok(Some(match base {
        b if NOOPS.contains(&b) => Val::Void,
        "expect" | "expect.with.probability" | "launder.invariant.group" | "strip.invariant.group" => {
            args.first().cloned().ok_or_else(|| ErrorKind::BadArguments(format!("{base} without arguments")))?
        }
        "trap" | "debugtrap" | "ubsantrap" | "abort" => return err(ErrorKind::Trap("trap called")),
        "printf" | "puts" | "putchar" => Val::Int(0),
        _ => return Ok(None),
    }))
}

/// A math function, lane by lane; `None` if `base` is not one.
fn math_call(base: &str, sig: &Signature, args: &[Val]) -> Result<Option<Val>> {
    if let Some(v) = reduce(base, args)? {
        return Ok(Some(v));
    }
    let arity = match base {
        b if unary_f64(b, 0.0).is_some() => 1,
        b if binary_f64(b, 0.0, 0.0).is_some() => 2,
        "fma" | "fmuladd" => 3,
        "powi" | "ldexp" | "scalbn" | "lrint" | "llrint" | "lround" | "llround" => 0,
        "smin" | "smax" | "umin" | "umax" | "abs" => 0,
        _ => return Ok(None),
    };
    if arity != 0 && args.len() != arity {
        return err(ErrorKind::BadArguments(format!("{base} takes {arity} arguments, got {}", args.len())));
    }
    let ret = sig.ret.clone();
    let v = lanewise(args, &mut |lane| scalar_math(base, &ret, lane))?;
    Ok(Some(v))
}

/// Apply `f` to the scalars of `args` or to each lane of vector arguments (scalar arguments
/// are broadcast, as `powi.v4f32`'s `i32`).
fn lanewise(args: &[Val], f: &mut dyn FnMut(&[Val]) -> Result<Val>) -> Result<Val> {
    let lanes = args.iter().find_map(|a| match a {
        Val::Vec(v) => Some(v.len()),
        _ => None,
    });
    let Some(n) = lanes else {
        return if args.contains(&Val::Poison) { Ok(Val::Poison) } else { f(args) };
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let lane: Vec<Val> = args
            .iter()
            .map(|a| match a {
                Val::Vec(v) => v.get(i).cloned().unwrap_or(Val::Poison),
                s => s.clone(),
            })
            .collect();
        out.push(if lane.contains(&Val::Poison) { Val::Poison } else { f(&lane)? });
    }
    Ok(Val::Vec(out))
}

fn scalar_math(base: &str, ret: &Type, a: &[Val]) -> Result<Val> {
    let bits = ret.scalar_bits();
    Ok(match (base, a) {
        (_, [Val::F64(x)]) if unary_f64(base, *x).is_some() => Val::F64(unary_f64(base, *x).unwrap_or(f64::NAN)),
        (_, [Val::F32(x)]) if unary_f32(base, *x).is_some() => Val::F32(unary_f32(base, *x).unwrap_or(f32::NAN)),
        (_, [Val::F64(x), Val::F64(y)]) if binary_f64(base, *x, *y).is_some() => {
            Val::F64(binary_f64(base, *x, *y).unwrap_or(f64::NAN))
        }
        (_, [Val::F32(x), Val::F32(y)]) if binary_f32(base, *x, *y).is_some() => {
            Val::F32(binary_f32(base, *x, *y).unwrap_or(f32::NAN))
        }
        ("fma" | "fmuladd", [Val::F64(x), Val::F64(y), Val::F64(z)]) => Val::F64(x.mul_add(*y, *z)),
        ("fma" | "fmuladd", [Val::F32(x), Val::F32(y), Val::F32(z)]) => Val::F32(x.mul_add(*y, *z)),
        ("powi", [Val::F64(x), Val::Int(n)]) => Val::F64(x.powi(sext(32, *n) as i32)),
        ("powi", [Val::F32(x), Val::Int(n)]) => Val::F32(x.powi(sext(32, *n) as i32)),
        ("ldexp" | "scalbn", [Val::F64(x), Val::Int(n)]) => Val::F64(x * 2f64.powi(sext(32, *n) as i32)),
        ("ldexp" | "scalbn", [Val::F32(x), Val::Int(n)]) => Val::F32(x * 2f32.powi(sext(32, *n) as i32)),
        ("lrint" | "llrint" | "lround" | "llround", [x]) => {
            let x = x.as_f64().ok_or_else(|| ErrorKind::TypeMismatch(format!("{base} of {x:?}")))?;
            let r = if base.ends_with("rint") { x.round_ties_even() } else { x.round() };
            Val::Int(mask(bits, r as i64 as u128))
        }
        ("smin" | "smax" | "umin" | "umax", [Val::Int(x), Val::Int(y)]) => {
            let pick_x = match base {
                "smin" => sext(bits, *x) <= sext(bits, *y),
                "smax" => sext(bits, *x) >= sext(bits, *y),
                "umin" => x <= y,
                _ => x >= y,
            };
            Val::Int(if pick_x { *x } else { *y })
        }
        ("abs", [Val::Int(x), _]) => Val::Int(mask(bits, sext(bits, *x).unsigned_abs())),
        _ => return err(ErrorKind::TypeMismatch(format!("{base} with arguments {a:?}"))),
    })
}

/// `llvm.vector.reduce.{fadd,fmul}(acc, v)` (in lane order) and `{fmax,fmin}(v)`.
fn reduce(base: &str, args: &[Val]) -> Result<Option<Val>> {
    let Some(op) = base.strip_prefix("vector.reduce.") else { return Ok(None) };
    let (init, lanes) = match (op, args) {
        ("fadd" | "fmul", [acc, Val::Vec(v)]) => (acc.clone(), v.as_slice()),
        ("fmax" | "fmin" | "fmaximum" | "fminimum", [Val::Vec(v)]) if !v.is_empty() => (v[0].clone(), &v[1..]),
        _ => return Ok(None),
    };
    let name = match op {
        "fadd" => "fadd",
        "fmul" => "fmul",
        "fmax" => "maxnum",
        "fmin" => "minnum",
        "fmaximum" => "maximum",
        _ => "minimum",
    };
    let mut acc = init;
    for x in lanes {
        acc = match (&acc, x) {
            (Val::F64(a), Val::F64(b)) => Val::F64(binary_f64(name, *a, *b).unwrap_or(f64::NAN)),
            (Val::F32(a), Val::F32(b)) => Val::F32(binary_f32(name, *a, *b).unwrap_or(f32::NAN)),
            _ => Val::Poison,
        };
    }
    Ok(Some(acc))
}

/// One table of the elementwise math functions, instantiated for `f64` and `f32`.
macro_rules! float_tables {
    ($unary:ident, $binary:ident, $t:ty) => {
        fn $unary(name: &str, x: $t) -> Option<$t> {
            Some(match name {
                "sin" => x.sin(),
                "cos" => x.cos(),
                "tan" => x.tan(),
                "asin" => x.asin(),
                "acos" => x.acos(),
                "atan" => x.atan(),
                "sinh" => x.sinh(),
                "cosh" => x.cosh(),
                "tanh" => x.tanh(),
                "asinh" => x.asinh(),
                "acosh" => x.acosh(),
                "atanh" => x.atanh(),
                "exp" => x.exp(),
                "exp2" => x.exp2(),
                "exp10" => (10.0 as $t).powf(x),
                "expm1" => x.exp_m1(),
                "log" => x.ln(),
                "log2" => x.log2(),
                "log10" => x.log10(),
                "log1p" => x.ln_1p(),
                "sqrt" => x.sqrt(),
                "cbrt" => x.cbrt(),
                "fabs" => x.abs(),
                "floor" => x.floor(),
                "ceil" => x.ceil(),
                "trunc" => x.trunc(),
                "round" => x.round(),
                "roundeven" | "rint" | "nearbyint" => x.round_ties_even(),
                "canonicalize" | "arithmetic.fence" => x,
                _ => return None,
            })
        }

        fn $binary(name: &str, x: $t, y: $t) -> Option<$t> {
            Some(match name {
                "fadd" => x + y,
                "fmul" => x * y,
                "pow" => x.powf(y),
                "atan2" => x.atan2(y),
                "hypot" => x.hypot(y),
                "copysign" => x.copysign(y),
                "fmod" | "frem" => x % y,
                "remainder" => x - y * (x / y).round_ties_even(),
                "fdim" => if x > y { x - y } else { 0.0 },
                "minnum" | "fmin" | "minimumnum" | "fminimum_num" => x.min(y),
                "maxnum" | "fmax" | "maximumnum" | "fmaximum_num" => x.max(y),
                "minimum" | "fminimum" => {
                    if x.is_nan() || y.is_nan() {
                        <$t>::NAN
                    } else if x == y {
                        if x.is_sign_negative() { x } else { y }
                    } else {
                        x.min(y)
                    }
                }
                "maximum" | "fmaximum" => {
                    if x.is_nan() || y.is_nan() {
                        <$t>::NAN
                    } else if x == y {
                        if x.is_sign_positive() { x } else { y }
                    } else {
                        x.max(y)
                    }
                }
                _ => return None,
            })
        }
    };
}

float_tables!(unary_f64, binary_f64, f64);
float_tables!(unary_f32, binary_f32, f32);

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(params: Vec<Type>, ret: Type) -> Signature {
        Signature::new(params, ret)
    }

    #[test]
    fn spellings_reach_one_implementation() {
        let mut m = Memory::default();
        let s = sig(vec![Type::F64], Type::F64);
        for name in ["sin", "llvm.sin.f64", "__sin_finite"] {
            assert_eq!(call(&mut m, name, &s, &[Val::F64(0.5)]).unwrap(), Val::F64(0.5f64.sin()), "{name}");
        }
        let s32 = sig(vec![Type::F32], Type::F32);
        assert_eq!(call(&mut m, "sinf", &s32, &[Val::F32(0.5)]).unwrap(), Val::F32(0.5f32.sin()));
        let v = Val::Vec(vec![Val::F32(1.0), Val::F32(4.0)]);
        let sv = sig(vec![Type::vector(2, Type::F32)], Type::vector(2, Type::F32));
        assert_eq!(call(&mut m, "llvm.sqrt.v2f32", &sv, &[v]).unwrap(), Val::Vec(vec![Val::F32(1.0), Val::F32(2.0)]));
        let sp = sig(vec![Type::F64, Type::I32], Type::F64);
        assert_eq!(call(&mut m, "llvm.powi.f64.i32", &sp, &[Val::F64(2.0), Val::i32(3)]).unwrap(), Val::F64(8.0));
    }

    #[test]
    fn unknown_external_is_an_error() {
        let mut m = Memory::default();
        let e = call(&mut m, "mystery", &sig(vec![], Type::Void), &[]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnknownExternal("mystery".into()));
        let e = call(&mut m, "llvm.sin.foo", &sig(vec![Type::F64], Type::F64), &[Val::F64(1.0)]).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::UnknownExternal(_)));
    }

    #[test]
    fn min_max_and_fma() {
        let mut m = Memory::default();
        let s = sig(vec![Type::F64, Type::F64], Type::F64);
        assert_eq!(call(&mut m, "llvm.minnum.f64", &s, &[Val::F64(f64::NAN), Val::F64(2.0)]).unwrap(), Val::F64(2.0));
        let r = call(&mut m, "llvm.maximum.f64", &s, &[Val::F64(f64::NAN), Val::F64(2.0)]).unwrap();
        assert!(r.as_f64().unwrap().is_nan());
        let s3 = sig(vec![Type::F64; 3], Type::F64);
        let r = call(&mut m, "llvm.fmuladd.f64", &s3, &[Val::F64(2.0), Val::F64(3.0), Val::F64(1.0)]).unwrap();
        assert_eq!(r, Val::F64(7.0));
    }
}
