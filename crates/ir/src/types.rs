//! Types of Catalase IR values, close to LLVM's first-class types.
//!
//! Pointers are opaque and byte-addressed (with an address space). Types Catalase carries but
//! cannot differentiate (x86_fp80, fp128, token, target types) are `Opaque` with LLVM's
//! spelling, so errors can name them. Sizes follow the x86-64 SysV data layout, which is what
//! the LLVM boundary checks the module against.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Type {
    Void,
    /// An integer of the given bit width (`i1`, `i32`, ...).
    Int(u32),
    Half,
    BFloat,
    F32,
    F64,
    /// An opaque pointer in an address space.
    Ptr(u32),
    /// `<N x T>`, T a scalar.
    Vector(u32, Box<Type>),
    /// `[N x T]`.
    Array(u64, Box<Type>),
    /// `{T, ...}`; `packed` for `<{T, ...}>`.
    Struct { fields: Vec<Type>, packed: bool },
    /// A type carried through but never differentiated; the string is LLVM's spelling.
    Opaque(String),
}

impl Type {
    pub const PTR: Type = Type::Ptr(0);
    pub const I1: Type = Type::Int(1);
    pub const I8: Type = Type::Int(8);
    pub const I32: Type = Type::Int(32);
    pub const I64: Type = Type::Int(64);

    pub fn vector(lanes: u32, elem: Type) -> Type {
        Type::Vector(lanes, Box::new(elem))
    }
    pub fn array(len: u64, elem: Type) -> Type {
        Type::Array(len, Box::new(elem))
    }
    pub fn strukt(fields: Vec<Type>) -> Type {
        Type::Struct { fields, packed: false }
    }

    /// A scalar floating-point type.
    pub fn is_float(&self) -> bool {
        matches!(self, Type::Half | Type::BFloat | Type::F32 | Type::F64)
    }
    /// `opaque(x86_fp80)`, C's `long double` on x86-64: carried and computed with (its
    /// arithmetic is cloned as it is), never differentiated.
    pub fn is_x86_fp80(&self) -> bool {
        matches!(self, Type::Opaque(s) if s == "x86_fp80")
    }
    /// A float format instructions compute with: a differentiable float or `x86_fp80`.
    pub fn is_float_format(&self) -> bool {
        self.is_float() || self.is_x86_fp80()
    }
    /// Bits of a scalar float format (80 for `x86_fp80`), 0 for anything else.
    pub fn float_bits(&self) -> u32 {
        match self {
            Type::Half | Type::BFloat => 16,
            Type::F32 => 32,
            Type::F64 => 64,
            _ if self.is_x86_fp80() => 80,
            _ => 0,
        }
    }
    /// A float format or a vector of one.
    pub fn is_float_format_or_vector(&self) -> bool {
        self.scalar().is_float_format()
    }
    pub fn is_int(&self) -> bool {
        matches!(self, Type::Int(_))
    }
    pub fn is_ptr(&self) -> bool {
        matches!(self, Type::Ptr(_))
    }
    pub fn is_void(&self) -> bool {
        matches!(self, Type::Void)
    }
    pub fn is_vector(&self) -> bool {
        matches!(self, Type::Vector(..))
    }
    pub fn is_aggregate(&self) -> bool {
        matches!(self, Type::Array(..) | Type::Struct { .. })
    }

    /// The element type of a vector, or the type itself.
    pub fn scalar(&self) -> &Type {
        match self {
            Type::Vector(_, e) => e,
            t => t,
        }
    }
    /// Number of vector lanes (1 for scalars).
    pub fn lanes(&self) -> u32 {
        match self {
            Type::Vector(n, _) => *n,
            _ => 1,
        }
    }
    /// A float or a vector of floats.
    pub fn is_float_or_vector(&self) -> bool {
        self.scalar().is_float()
    }
    pub fn is_int_or_vector(&self) -> bool {
        self.scalar().is_int()
    }
    pub fn is_ptr_or_vector(&self) -> bool {
        self.scalar().is_ptr()
    }

    /// Whether a value of this type can carry a derivative: it contains a float somewhere.
    pub fn has_float(&self) -> bool {
        match self {
            Type::Half | Type::BFloat | Type::F32 | Type::F64 => true,
            Type::Vector(_, e) | Type::Array(_, e) => e.has_float(),
            Type::Struct { fields, .. } => fields.iter().any(Type::has_float),
            _ => false,
        }
    }
    /// Whether it contains a pointer somewhere.
    pub fn has_ptr(&self) -> bool {
        match self {
            Type::Ptr(_) => true,
            Type::Vector(_, e) | Type::Array(_, e) => e.has_ptr(),
            Type::Struct { fields, .. } => fields.iter().any(Type::has_ptr),
            _ => false,
        }
    }
    /// Whether a value of this type needs a shadow (tangent or shadow pointer) when active.
    pub fn may_be_active(&self) -> bool {
        self.has_float() || self.has_ptr()
    }

    /// The type of an aggregate's member at `index` (struct field or array element).
    pub fn member(&self, index: u32) -> Option<&Type> {
        match self {
            Type::Struct { fields, .. } => fields.get(index as usize),
            Type::Array(_, e) | Type::Vector(_, e) => Some(e),
            _ => None,
        }
    }
    /// The type reached by a path of `extractvalue` indices.
    pub fn member_path(&self, path: &[u32]) -> Option<&Type> {
        let mut t = self;
        for &i in path {
            t = t.member(i)?;
        }
        Some(t)
    }

    /// Same shape with every scalar replaced: `<4 x f64>` with `i1` gives `<4 x i1>`.
    pub fn with_scalar(&self, scalar: Type) -> Type {
        match self {
            Type::Vector(n, _) => Type::Vector(*n, Box::new(scalar)),
            _ => scalar,
        }
    }

    /// The type of `ptradd base, offset`: the base's type, or a vector of pointers when the base
    /// or the offset is a vector (a vector GEP), as LLVM's `getelementptr` does; `None` when
    /// the operands do not fit (not a pointer and an integer, or vectors of different lengths).
    pub fn ptradd_result(base: &Type, offset: &Type) -> Option<Type> {
        if !base.is_ptr_or_vector() || !offset.is_int_or_vector() {
            return None;
        }
        match (base, offset) {
            (Type::Vector(n, _), Type::Vector(m, _)) if n != m => None,
            (Type::Ptr(_), Type::Vector(m, _)) => Some(Type::vector(*m, base.clone())),
            _ => Some(base.clone()),
        }
    }

    /// Bits of a scalar float or integer (0 otherwise).
    pub fn scalar_bits(&self) -> u32 {
        match self.scalar() {
            Type::Int(b) => *b,
            Type::Half | Type::BFloat => 16,
            Type::F32 => 32,
            Type::F64 => 64,
            Type::Ptr(_) => 64,
            _ => 0,
        }
    }

    /// ABI alignment in bytes (x86-64 SysV).
    pub fn align(&self) -> u64 {
        match self {
            Type::Void => 1,
            Type::Int(b) => match b {
                0..=8 => 1,
                9..=16 => 2,
                17..=32 => 4,
                33..=64 => 8,
                _ => 16,
            },
            Type::Half | Type::BFloat => 2,
            Type::F32 => 4,
            Type::F64 | Type::Ptr(_) => 8,
            Type::Vector(..) => self.store_size().next_power_of_two().max(1),
            Type::Array(_, e) => e.align(),
            Type::Struct { fields, packed } => {
                if *packed {
                    1
                } else {
                    fields.iter().map(Type::align).max().unwrap_or(1)
                }
            }
            Type::Opaque(s) if s == "x86_fp80" || s == "fp128" => 16,
            Type::Opaque(_) => 1,
        }
    }

    /// Bytes written by a store of this type.
    pub fn store_size(&self) -> u64 {
        match self {
            Type::Void => 0,
            Type::Int(b) => (*b as u64).div_ceil(8),
            Type::Vector(n, e) => (*n as u64 * e.scalar_bits() as u64).div_ceil(8),
            Type::Opaque(s) if s == "x86_fp80" => 10,
            _ => self.alloc_size(),
        }
    }

    /// Bytes between consecutive elements of an array of this type.
    pub fn alloc_size(&self) -> u64 {
        match self {
            Type::Void => 0,
            Type::Int(_) | Type::Vector(..) => align_to(self.store_size(), self.align()),
            Type::Half | Type::BFloat => 2,
            Type::F32 => 4,
            Type::F64 | Type::Ptr(_) => 8,
            Type::Array(n, e) => n * e.alloc_size(),
            Type::Struct { .. } => {
                let (size, _) = self.struct_layout();
                size
            }
            Type::Opaque(s) if s == "x86_fp80" || s == "fp128" => 16,
            Type::Opaque(_) => 0,
        }
    }

    /// For a struct: (size, field offsets).
    pub fn struct_layout(&self) -> (u64, Vec<u64>) {
        match self {
            Type::Struct { fields, packed } => {
                let mut off = 0;
                let mut offsets = Vec::with_capacity(fields.len());
                for f in fields {
                    if !packed {
                        off = align_to(off, f.align());
                    }
                    offsets.push(off);
                    off += f.alloc_size();
                }
                let size = if *packed { off } else { align_to(off, self.align()) };
                (size, offsets)
            }
            _ => (self.alloc_size(), vec![]),
        }
    }
}

fn align_to(n: u64, a: u64) -> u64 {
    if a <= 1 {
        n
    } else {
        n.div_ceil(a) * a
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Void => write!(f, "void"),
            Type::Int(b) => write!(f, "i{b}"),
            Type::Half => write!(f, "f16"),
            Type::BFloat => write!(f, "bf16"),
            Type::F32 => write!(f, "f32"),
            Type::F64 => write!(f, "f64"),
            Type::Ptr(0) => write!(f, "ptr"),
            Type::Ptr(a) => write!(f, "ptr addrspace({a})"),
            Type::Vector(n, e) => write!(f, "<{n} x {e}>"),
            Type::Array(n, e) => write!(f, "[{n} x {e}]"),
            Type::Struct { fields, packed } => {
                if *packed {
                    write!(f, "<")?;
                }
                write!(f, "{{")?;
                for (i, t) in fields.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{t}")?;
                }
                write!(f, "}}")?;
                if *packed {
                    write!(f, ">")?;
                }
                Ok(())
            }
            Type::Opaque(s) => write!(f, "opaque({s})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_layout_pads_fields() {
        let t = Type::strukt(vec![Type::I32, Type::F64, Type::I8]);
        assert_eq!(t.struct_layout(), (24, vec![0, 8, 16]));
        let p = Type::Struct { fields: vec![Type::I8, Type::F64], packed: true };
        assert_eq!(p.alloc_size(), 9);
    }

    #[test]
    fn vector_sizes() {
        assert_eq!(Type::vector(2, Type::F64).store_size(), 16);
        assert_eq!(Type::vector(3, Type::F32).alloc_size(), 16);
        assert!(Type::array(3, Type::strukt(vec![Type::PTR, Type::F32])).has_float());
    }

    #[test]
    fn ptradd_result_of_vector_geps() {
        let v4p = Type::vector(4, Type::PTR);
        let v4i = Type::vector(4, Type::I64);
        assert_eq!(Type::ptradd_result(&Type::PTR, &Type::I64), Some(Type::PTR));
        assert_eq!(Type::ptradd_result(&Type::PTR, &v4i), Some(v4p.clone()));
        assert_eq!(Type::ptradd_result(&v4p, &Type::I64), Some(v4p.clone()));
        assert_eq!(Type::ptradd_result(&v4p, &v4i), Some(v4p.clone()));
        assert_eq!(Type::ptradd_result(&v4p, &Type::vector(2, Type::I64)), None);
        assert_eq!(Type::ptradd_result(&Type::I64, &Type::I64), None);
    }
}
