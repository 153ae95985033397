//! The instructions that compute a value from values, without memory or control: arithmetic,
//! casts, comparisons, `select`, vector lanes and aggregate members. Vectors apply the scalar
//! rule lane by lane; a poison operand lane gives a poison result lane. `f32` arithmetic
//! rounds in `f32`.

use catalase_ir::opcodes::{BinaryOp, CastOp, FloatCC, IntCC, UnaryOp};
use catalase_ir::Type;

use crate::error::{err, ErrorKind, Result};
use crate::value::{decode, encode, mask, poison_of, sext, Val};

fn mismatch<T>(what: &str, v: &Val) -> Result<T> {
    err(ErrorKind::TypeMismatch(format!("{what}: {v:?}")))
}

/// Apply a scalar rule to scalars or lane by lane to vectors.
fn lanes2(a: &Val, b: &Val, f: &mut dyn FnMut(&Val, &Val) -> Result<Val>) -> Result<Val> {
    match (a, b) {
        (Val::Vec(x), Val::Vec(y)) if x.len() == y.len() => {
            Ok(Val::Vec(x.iter().zip(y).map(|(p, q)| f(p, q)).collect::<Result<_>>()?))
        }
        (Val::Vec(_), _) | (_, Val::Vec(_)) => mismatch("lane counts differ", a),
        (Val::Poison, _) | (_, Val::Poison) => Ok(Val::Poison),
        _ => f(a, b),
    }
}

fn lanes1(a: &Val, f: &mut dyn FnMut(&Val) -> Result<Val>) -> Result<Val> {
    match a {
        Val::Vec(x) => Ok(Val::Vec(x.iter().map(|p| if *p == Val::Poison { Ok(Val::Poison) } else { f(p) }).collect::<Result<_>>()?)),
        Val::Poison => Ok(Val::Poison),
        _ => f(a),
    }
}

/// Two-operand arithmetic on values of type `ty`.
pub fn binary(op: BinaryOp, ty: &Type, a: &Val, b: &Val) -> Result<Val> {
    let bits = ty.scalar_bits();
    lanes2(a, b, &mut |x, y| match (x, y) {
        (Val::Int(x), Val::Int(y)) => int_binary(op, bits, *x, *y),
        (Val::F64(x), Val::F64(y)) => Ok(Val::F64(float_binary(op, *x, *y)?)),
        (Val::F32(x), Val::F32(y)) => Ok(Val::F32(float_binary(op, *x, *y)?)),
        _ => mismatch(op.name(), x),
    })
}

fn int_binary(op: BinaryOp, bits: u32, x: u128, y: u128) -> Result<Val> {
    let (sx, sy) = (sext(bits, x), sext(bits, y));
    let div_check = |ok: bool| if ok { Ok(()) } else { err(ErrorKind::DivisionByZero) };
    let r = match op {
        BinaryOp::Add => x.wrapping_add(y),
        BinaryOp::Sub => x.wrapping_sub(y),
        BinaryOp::Mul => x.wrapping_mul(y),
        BinaryOp::UDiv | BinaryOp::URem => {
            div_check(y != 0)?;
            if op == BinaryOp::UDiv { x / y } else { x % y }
        }
        BinaryOp::SDiv | BinaryOp::SRem => {
            let min = if bits >= 128 { i128::MIN } else { -(1i128 << (bits - 1)) };
            div_check(sy != 0 && !(sx == min && sy == -1))?;
            (if op == BinaryOp::SDiv { sx / sy } else { sx % sy }) as u128
        }
        BinaryOp::Shl | BinaryOp::LShr | BinaryOp::AShr if y >= bits as u128 => return Ok(Val::Poison),
        BinaryOp::Shl => x << y,
        BinaryOp::LShr => x >> y,
        BinaryOp::AShr => (sx >> y) as u128,
        BinaryOp::And => x & y,
        BinaryOp::Or => x | y,
        BinaryOp::Xor => x ^ y,
        _ => return err(ErrorKind::TypeMismatch(format!("{op} on integers"))),
    };
    Ok(Val::Int(mask(bits, r)))
}

fn float_binary<F>(op: BinaryOp, x: F, y: F) -> Result<F>
where
    F: std::ops::Add<Output = F>
        + std::ops::Sub<Output = F>
        + std::ops::Mul<Output = F>
        + std::ops::Div<Output = F>
        + std::ops::Rem<Output = F>,
{
    Ok(match op {
        BinaryOp::FAdd => x + y,
        BinaryOp::FSub => x - y,
        BinaryOp::FMul => x * y,
        BinaryOp::FDiv => x / y,
        BinaryOp::FRem => x % y,
        _ => return err(ErrorKind::TypeMismatch(format!("{op} on floats"))),
    })
}

/// `fneg` or `freeze` (a poison lane freezes to zero).
pub fn unary(op: UnaryOp, ty: &Type, a: &Val) -> Result<Val> {
    match op {
        UnaryOp::FNeg => lanes1(a, &mut |x| match x {
            Val::F64(x) => Ok(Val::F64(-x)),
            Val::F32(x) => Ok(Val::F32(-x)),
            _ => mismatch("fneg", x),
        }),
        UnaryOp::Freeze => freeze(ty, a),
    }
}

fn freeze(ty: &Type, a: &Val) -> Result<Val> {
    match (ty, a) {
        (_, Val::Poison) => crate::value::zero_of(ty),
        (Type::Vector(_, e) | Type::Array(_, e), Val::Vec(items) | Val::Agg(items)) => {
            let items = items.iter().map(|v| freeze(e, v)).collect::<Result<Vec<_>>>()?;
            Ok(if ty.is_vector() { Val::Vec(items) } else { Val::Agg(items) })
        }
        (Type::Struct { fields, .. }, Val::Agg(items)) => {
            Ok(Val::Agg(fields.iter().zip(items).map(|(t, v)| freeze(t, v)).collect::<Result<_>>()?))
        }
        _ => Ok(a.clone()),
    }
}

/// A conversion from `from` to `to`.
pub fn cast(op: CastOp, from: &Type, to: &Type, a: &Val) -> Result<Val> {
    if op == CastOp::Bitcast {
        return bitcast(from, to, a);
    }
    let (fb, tb) = (from.scalar_bits(), to.scalar_bits());
    let target = to.scalar().clone();
    lanes1(a, &mut |x| {
        Ok(match (op, x) {
            (CastOp::Trunc | CastOp::ZExt, Val::Int(v)) => Val::Int(mask(tb, *v)),
            (CastOp::SExt, Val::Int(v)) => Val::Int(mask(tb, sext(fb, *v) as u128)),
            (CastOp::FPTrunc | CastOp::FPExt, v) => Val::float(&target, v.as_f64().map_or_else(|| mismatch("fp cast", v), Ok)?)?,
            (CastOp::FPToSI | CastOp::FPToUI, v) => {
                let f = v.as_f64().map_or_else(|| mismatch("fp to int", v), Ok)?.trunc();
                let signed = op == CastOp::FPToSI;
                let (lo, hi) = if signed {
                    (-(2f64.powi(tb as i32 - 1)), 2f64.powi(tb as i32 - 1))
                } else {
                    (0.0, 2f64.powi(tb as i32))
                };
                if !(f >= lo && f < hi) {
                    Val::Poison
                } else {
                    Val::Int(mask(tb, f as i128 as u128))
                }
            }
            (CastOp::SIToFP, Val::Int(v)) => Val::float(&target, sext(fb, *v) as f64)?,
            (CastOp::UIToFP, Val::Int(v)) => Val::float(&target, *v as f64)?,
            (CastOp::PtrToInt, Val::Ptr(p)) => Val::Int(mask(tb, *p as u128)),
            (CastOp::IntToPtr, Val::Int(v)) => Val::Ptr(*v as u64),
            (CastOp::AddrSpaceCast, Val::Ptr(p)) => Val::Ptr(*p),
            (_, v) => return mismatch(op.name(), v),
        })
    })
}

/// Reinterpret the bits: through the memory encoding of both types.
fn bitcast(from: &Type, to: &Type, a: &Val) -> Result<Val> {
    if a.has_poison() {
        return Ok(poison_of(to));
    }
    let n = from.store_size() as usize;
    if n != to.store_size() as usize {
        return err(ErrorKind::TypeMismatch(format!("bitcast {from} to {to}")));
    }
    let mut bytes = vec![0u8; n];
    encode(from, a, &mut bytes)?;
    decode(to, &bytes, &vec![true; n])
}

/// `icmp`: integers and pointers.
pub fn icmp(cond: IntCC, ty: &Type, a: &Val, b: &Val) -> Result<Val> {
    let bits = ty.scalar_bits();
    lanes2(a, b, &mut |x, y| {
        let (x, y) = match (x, y) {
            (Val::Int(x), Val::Int(y)) => (*x, *y),
            (Val::Ptr(x), Val::Ptr(y)) => (*x as u128, *y as u128),
            _ => return mismatch("icmp", x),
        };
        let (sx, sy) = (sext(bits, x), sext(bits, y));
        Ok(Val::bool(match cond {
            IntCC::Eq => x == y,
            IntCC::Ne => x != y,
            IntCC::Ugt => x > y,
            IntCC::Uge => x >= y,
            IntCC::Ult => x < y,
            IntCC::Ule => x <= y,
            IntCC::Sgt => sx > sy,
            IntCC::Sge => sx >= sy,
            IntCC::Slt => sx < sy,
            IntCC::Sle => sx <= sy,
        }))
    })
}

/// `fcmp`: ordered conditions are false, unordered true, when either side is NaN.
pub fn fcmp(cond: FloatCC, a: &Val, b: &Val) -> Result<Val> {
    lanes2(a, b, &mut |x, y| {
        let (Some(x), Some(y)) = (x.as_f64(), y.as_f64()) else {
            return mismatch("fcmp", x);
        };
        let uno = x.is_nan() || y.is_nan();
        let ord = |r: bool| !uno && r;
        let unord = |r: bool| uno || r;
        Ok(Val::bool(match cond {
            FloatCC::False => false,
            FloatCC::True => true,
            FloatCC::Oeq => ord(x == y),
            FloatCC::Ogt => ord(x > y),
            FloatCC::Oge => ord(x >= y),
            FloatCC::Olt => ord(x < y),
            FloatCC::Ole => ord(x <= y),
            FloatCC::One => ord(x != y),
            FloatCC::Ord => !uno,
            FloatCC::Ueq => unord(x == y),
            FloatCC::Ugt => unord(x > y),
            FloatCC::Uge => unord(x >= y),
            FloatCC::Ult => unord(x < y),
            FloatCC::Ule => unord(x <= y),
            FloatCC::Une => unord(x != y),
            FloatCC::Uno => uno,
        }))
    })
}

/// `select c, t, f` with a scalar or per-lane condition.
pub fn select(c: &Val, t: &Val, f: &Val) -> Result<Val> {
    match (c, t, f) {
        (Val::Int(c), _, _) => Ok(if *c != 0 { t.clone() } else { f.clone() }),
        (Val::Vec(cs), Val::Vec(ts), Val::Vec(fs)) if cs.len() == ts.len() && ts.len() == fs.len() => {
            Ok(Val::Vec(cs.iter().zip(ts).zip(fs).map(|((c, t), f)| select(c, t, f)).collect::<Result<_>>()?))
        }
        (Val::Poison, _, _) => Ok(match t {
            Val::Vec(ts) => Val::Vec(vec![Val::Poison; ts.len()]),
            _ => Val::Poison,
        }),
        _ => mismatch("select condition", c),
    }
}

fn lane_index(v: &Val, len: usize) -> Option<usize> {
    match v {
        Val::Int(i) if (*i as usize) < len && *i < (1 << 32) => Some(*i as usize),
        _ => None,
    }
}

pub fn extract_element(v: &Val, index: &Val) -> Result<Val> {
    let Val::Vec(items) = v else { return mismatch("extractelement of a non-vector", v) };
    Ok(lane_index(index, items.len()).map_or(Val::Poison, |i| items[i].clone()))
}

pub fn insert_element(v: &Val, elem: &Val, index: &Val) -> Result<Val> {
    let Val::Vec(items) = v else { return mismatch("insertelement into a non-vector", v) };
    let mut items = items.clone();
    match lane_index(index, items.len()) {
        Some(i) => {
            items[i] = elem.clone();
            Ok(Val::Vec(items))
        }
        None => Ok(Val::Vec(vec![Val::Poison; items.len()])),
    }
}

pub fn shuffle(a: &Val, b: &Val, mask: &[i32]) -> Result<Val> {
    let (Val::Vec(x), Val::Vec(y)) = (a, b) else { return mismatch("shufflevector of non-vectors", a) };
    let lanes = mask
        .iter()
        .map(|&m| match usize::try_from(m) {
            Ok(i) if i < x.len() => x[i].clone(),
            Ok(i) if i - x.len() < y.len() => y[i - x.len()].clone(),
            _ => Val::Poison,
        })
        .collect();
    Ok(Val::Vec(lanes))
}

pub fn extract_value(v: &Val, path: &[u32]) -> Result<Val> {
    let mut cur = v;
    for &i in path {
        match cur {
            Val::Agg(items) | Val::Vec(items) if (i as usize) < items.len() => cur = &items[i as usize],
            Val::Poison => return Ok(Val::Poison),
            _ => return mismatch("extractvalue path", v),
        }
    }
    Ok(cur.clone())
}

pub fn insert_value(v: &Val, elem: &Val, path: &[u32]) -> Result<Val> {
    let Some((&first, rest)) = path.split_first() else { return Ok(elem.clone()) };
    match v {
        Val::Agg(items) if (first as usize) < items.len() => {
            let mut items = items.clone();
            items[first as usize] = insert_value(&items[first as usize], elem, rest)?;
            Ok(Val::Agg(items))
        }
        _ => mismatch("insertvalue path", v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_wraps_and_divides_checked() {
        assert_eq!(binary(BinaryOp::Add, &Type::I8, &Val::Int(250), &Val::Int(10)).unwrap(), Val::Int(4));
        assert_eq!(binary(BinaryOp::SDiv, &Type::I32, &Val::i32(-7), &Val::i32(2)).unwrap(), Val::i32(-3));
        assert!(binary(BinaryOp::UDiv, &Type::I32, &Val::i32(1), &Val::i32(0)).is_err());
        assert_eq!(binary(BinaryOp::Shl, &Type::I32, &Val::i32(1), &Val::i32(40)).unwrap(), Val::Poison);
    }

    #[test]
    fn f32_rounds_in_f32() {
        let r = binary(BinaryOp::FAdd, &Type::F32, &Val::F32(1.0), &Val::F32(1e-8)).unwrap();
        assert_eq!(r, Val::F32(1.0));
    }

    #[test]
    fn casts() {
        assert_eq!(cast(CastOp::SExt, &Type::I8, &Type::I32, &Val::Int(0xff)).unwrap(), Val::Int(0xffff_ffff));
        assert_eq!(cast(CastOp::FPToSI, &Type::F64, &Type::I32, &Val::F64(-2.7)).unwrap(), Val::i32(-2));
        assert_eq!(cast(CastOp::FPToSI, &Type::F64, &Type::I8, &Val::F64(300.0)).unwrap(), Val::Poison);
        let bits = cast(CastOp::Bitcast, &Type::F64, &Type::I64, &Val::F64(1.0)).unwrap();
        assert_eq!(bits, Val::Int(0x3FF0_0000_0000_0000));
    }

    #[test]
    fn nan_compares() {
        let nan = Val::F64(f64::NAN);
        assert_eq!(fcmp(FloatCC::Olt, &nan, &Val::F64(1.0)).unwrap(), Val::bool(false));
        assert_eq!(fcmp(FloatCC::Ult, &nan, &Val::F64(1.0)).unwrap(), Val::bool(true));
    }

    #[test]
    fn vector_lanes() {
        let v = Val::Vec(vec![Val::F64(1.0), Val::F64(2.0)]);
        let w = shuffle(&v, &v, &[1, 2, -1]).unwrap();
        assert_eq!(w, Val::Vec(vec![Val::F64(2.0), Val::F64(1.0), Val::Poison]));
        let s = binary(BinaryOp::FMul, &Type::vector(2, Type::F64), &v, &v).unwrap();
        assert_eq!(extract_element(&s, &Val::i32(1)).unwrap(), Val::F64(4.0));
    }
}
