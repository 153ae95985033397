//! Runtime values, their construction from constants, and their byte encoding in memory
//! (little-endian, x86-64 sizes from `Type`).
//!
//! A value does not carry its type: instructions read widths and shapes from the IR. Integers
//! are kept masked to their width. `undef` and `poison` are both [`Val::Poison`]; loading bytes
//! that were never written gives poison too.

use catalase_ir::{Const, Type};

use crate::error::{err, ErrorKind, Result};

/// A runtime value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// An integer's bits, masked to its width.
    Int(u128),
    F32(f32),
    F64(f64),
    /// An address in the interpreter's memory (0 is null).
    Ptr(u64),
    /// Vector lanes.
    Vec(Vec<Val>),
    /// Array elements or struct fields.
    Agg(Vec<Val>),
    /// `undef` or `poison` (of a scalar, or a whole aggregate).
    Poison,
    /// The result of a `void` call.
    Void,
}

impl Val {
    pub fn i64(x: i64) -> Val {
        Val::Int(x as u64 as u128)
    }
    pub fn i32(x: i32) -> Val {
        Val::Int(x as u32 as u128)
    }
    pub fn bool(b: bool) -> Val {
        Val::Int(b as u128)
    }
    /// A float of type `ty` (f32 rounds).
    pub fn float(ty: &Type, x: f64) -> Result<Val> {
        match ty {
            Type::F32 => Ok(Val::F32(x as f32)),
            Type::F64 => Ok(Val::F64(x)),
            t => err(ErrorKind::Unsupported(format!("float type {t}"))),
        }
    }
    /// A scalar float as f64.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::F32(x) => Some(*x as f64),
            Val::F64(x) => Some(*x),
            _ => None,
        }
    }
    pub fn as_ptr(&self) -> Option<u64> {
        match self {
            Val::Ptr(p) => Some(*p),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<u128> {
        match self {
            Val::Int(x) => Some(*x),
            _ => None,
        }
    }
    /// Members of a vector or aggregate.
    pub fn members(&self) -> Option<&[Val]> {
        match self {
            Val::Vec(v) | Val::Agg(v) => Some(v),
            _ => None,
        }
    }
    /// Whether any part of the value is poison.
    pub fn has_poison(&self) -> bool {
        match self {
            Val::Poison => true,
            Val::Vec(v) | Val::Agg(v) => v.iter().any(Val::has_poison),
            _ => false,
        }
    }
}

/// Mask to the low `bits` bits.
pub fn mask(bits: u32, x: u128) -> u128 {
    if bits >= 128 {
        x
    } else {
        x & ((1u128 << bits) - 1)
    }
}

/// An integer argument masked to its type's width (other values unchanged).
pub fn masked(ty: &Type, v: &Val) -> Val {
    match (ty, v) {
        (Type::Int(b), Val::Int(x)) => Val::Int(mask(*b, *x)),
        _ => v.clone(),
    }
}

/// Sign-extend the low `bits` bits.
pub fn sext(bits: u32, x: u128) -> i128 {
    if bits == 0 || bits >= 128 {
        return x as i128;
    }
    let shift = 128 - bits;
    ((x << shift) as i128) >> shift
}

/// A poison (or undef) value of type `ty`: poison scalars, with the aggregate shape kept so
/// that `insertvalue`/`insertelement` can fill it.
pub fn poison_of(ty: &Type) -> Val {
    match ty {
        Type::Vector(n, _) => Val::Vec(vec![Val::Poison; *n as usize]),
        Type::Array(n, e) => Val::Agg((0..*n).map(|_| poison_of(e)).collect()),
        Type::Struct { fields, .. } => Val::Agg(fields.iter().map(poison_of).collect()),
        _ => Val::Poison,
    }
}

/// The zero value of type `ty`.
pub fn zero_of(ty: &Type) -> Result<Val> {
    Ok(match ty {
        Type::Int(_) => Val::Int(0),
        Type::F32 => Val::F32(0.0),
        Type::F64 => Val::F64(0.0),
        Type::Ptr(_) => Val::Ptr(0),
        Type::Vector(n, e) => Val::Vec(vec![zero_of(e)?; *n as usize]),
        Type::Array(n, e) => Val::Agg(vec![zero_of(e)?; *n as usize]),
        Type::Struct { fields, .. } => Val::Agg(fields.iter().map(zero_of).collect::<Result<_>>()?),
        t => return err(ErrorKind::Unsupported(format!("values of type {t}"))),
    })
}

/// A constant's value; `global` resolves symbols to addresses.
pub fn const_val(ty: &Type, c: &Const, global: &mut dyn FnMut(&str) -> Result<u64>) -> Result<Val> {
    Ok(match (c, ty) {
        (Const::Int(x), Type::Int(b)) => Val::Int(mask(*b, *x)),
        (Const::Float(bits), Type::F32) => Val::F32(f32::from_bits(*bits as u32)),
        (Const::Float(bits), Type::F64) => Val::F64(f64::from_bits(*bits as u64)),
        (Const::Null, Type::Ptr(_)) => Val::Ptr(0),
        (Const::Int(x), Type::Ptr(_)) => Val::Ptr(*x as u64),
        (Const::Undef | Const::Poison, t) => poison_of(t),
        // A scalar constant of a vector type is a splat; null of a vector of pointers is zero.
        (Const::Int(_) | Const::Float(_), Type::Vector(n, e)) => Val::Vec(vec![const_val(e, c, global)?; *n as usize]),
        (Const::Null, t @ Type::Vector(..)) => zero_of(t)?,
        (Const::Zero, t) => zero_of(t)?,
        (Const::Global(name), Type::Ptr(_)) => Val::Ptr(global(name)?),
        (Const::Aggregate(items), Type::Vector(n, e)) if items.len() == *n as usize => {
            Val::Vec(items.iter().map(|c| const_val(e, c, global)).collect::<Result<_>>()?)
        }
        (Const::Aggregate(items), Type::Array(n, e)) if items.len() as u64 == *n => {
            Val::Agg(items.iter().map(|c| const_val(e, c, global)).collect::<Result<_>>()?)
        }
        (Const::Aggregate(items), Type::Struct { fields, .. }) if items.len() == fields.len() => {
            Val::Agg(items.iter().zip(fields).map(|(c, t)| const_val(t, c, global)).collect::<Result<_>>()?)
        }
        (c, t) => return err(ErrorKind::TypeMismatch(format!("constant {c:?} of type {t}"))),
    })
}

/// Write `v` of type `ty` into `out` (at least `ty.store_size()` bytes). Poison is refused:
/// it must not reach memory.
pub fn encode(ty: &Type, v: &Val, out: &mut [u8]) -> Result<()> {
    match (ty, v) {
        (_, Val::Poison) => err(ErrorKind::Poison("stored to memory")),
        (Type::Int(b), Val::Int(x)) => {
            let n = (*b as usize).div_ceil(8);
            out[..n].copy_from_slice(&x.to_le_bytes()[..n]);
            Ok(())
        }
        (Type::F32, Val::F32(x)) => {
            out[..4].copy_from_slice(&x.to_le_bytes());
            Ok(())
        }
        (Type::F64, Val::F64(x)) => {
            out[..8].copy_from_slice(&x.to_le_bytes());
            Ok(())
        }
        (Type::Ptr(_), Val::Ptr(p)) => {
            out[..8].copy_from_slice(&p.to_le_bytes());
            Ok(())
        }
        (Type::Vector(_, e) | Type::Array(_, e), Val::Vec(items) | Val::Agg(items)) if items.len() as u64 == count(ty) => {
            let step = element_stride(ty, e)?;
            for (i, item) in items.iter().enumerate() {
                encode(e, item, &mut out[i * step..])?;
            }
            Ok(())
        }
        (Type::Struct { fields, .. }, Val::Agg(items)) if items.len() == fields.len() => {
            let (_, offsets) = ty.struct_layout();
            for ((t, item), off) in fields.iter().zip(items).zip(offsets) {
                encode(t, item, &mut out[off as usize..])?;
            }
            Ok(())
        }
        (t, v) => err(ErrorKind::TypeMismatch(format!("storing {v:?} as {t}"))),
    }
}

/// Read a value of type `ty` from `bytes`; `init` says which bytes were ever written. A scalar
/// with an unwritten byte reads as poison.
pub fn decode(ty: &Type, bytes: &[u8], init: &[bool]) -> Result<Val> {
    let n = ty.store_size() as usize;
    let scalar = |n: usize| init[..n].iter().all(|b| *b);
    Ok(match ty {
        Type::Int(b) if scalar(n) => {
            let mut buf = [0u8; 16];
            buf[..n].copy_from_slice(&bytes[..n]);
            Val::Int(mask(*b, u128::from_le_bytes(buf)))
        }
        Type::F32 if scalar(4) => Val::F32(f32::from_le_bytes(bytes[..4].try_into().unwrap_or_default())),
        Type::F64 if scalar(8) => Val::F64(f64::from_le_bytes(bytes[..8].try_into().unwrap_or_default())),
        Type::Ptr(_) if scalar(8) => Val::Ptr(u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default())),
        Type::Int(_) | Type::F32 | Type::F64 | Type::Ptr(_) => Val::Poison,
        Type::Vector(_, e) | Type::Array(_, e) => {
            let step = element_stride(ty, e)?;
            let items =
                (0..count(ty) as usize).map(|i| decode(e, &bytes[i * step..], &init[i * step..])).collect::<Result<Vec<_>>>()?;
            if ty.is_vector() {
                Val::Vec(items)
            } else {
                Val::Agg(items)
            }
        }
        Type::Struct { fields, .. } => {
            let (_, offsets) = ty.struct_layout();
            let items = fields
                .iter()
                .zip(offsets)
                .map(|(t, off)| decode(t, &bytes[off as usize..], &init[off as usize..]))
                .collect::<Result<Vec<_>>>()?;
            Val::Agg(items)
        }
        t => return err(ErrorKind::Unsupported(format!("loading type {t}"))),
    })
}

/// Number of elements of a vector or array type.
fn count(ty: &Type) -> u64 {
    match ty {
        Type::Vector(n, _) => *n as u64,
        Type::Array(n, _) => *n,
        _ => 0,
    }
}

/// Bytes between elements of a vector or array; vectors of sub-byte integers are refused.
fn element_stride(ty: &Type, elem: &Type) -> Result<usize> {
    match ty {
        Type::Vector(..) if !elem.scalar_bits().is_multiple_of(8) => {
            err(ErrorKind::Unsupported(format!("memory access of {ty}")))
        }
        Type::Vector(..) => Ok(elem.scalar_bits() as usize / 8),
        _ => Ok(elem.alloc_size() as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_bytes() {
        let ty = Type::strukt(vec![Type::I32, Type::F64, Type::vector(2, Type::F32)]);
        let v = Val::Agg(vec![Val::i32(-3), Val::F64(2.5), Val::Vec(vec![Val::F32(1.5), Val::F32(-0.25)])]);
        let mut bytes = vec![0u8; ty.alloc_size() as usize];
        encode(&ty, &v, &mut bytes).unwrap();
        let init = vec![true; bytes.len()];
        assert_eq!(decode(&ty, &bytes, &init).unwrap(), v);
    }

    #[test]
    fn unwritten_bytes_read_as_poison_and_poison_is_not_stored() {
        let bytes = [0u8; 8];
        assert_eq!(decode(&Type::F64, &bytes, &[false; 8]).unwrap(), Val::Poison);
        let mut out = [0u8; 8];
        assert!(encode(&Type::F64, &Val::Poison, &mut out).is_err());
    }

    #[test]
    fn sign_extension() {
        assert_eq!(sext(8, 0xff), -1);
        assert_eq!(sext(32, 7), 7);
        assert_eq!(mask(1, 3), 1);
    }
}
