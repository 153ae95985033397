//! Constants. A constant is a value with no defining instruction; its type is the value's.

/// A constant's contents. Aggregate members take their types from the aggregate type.
#[derive(Clone, PartialEq, Debug)]
pub enum Const {
    /// An integer, as raw bits of the type's width (two's complement).
    Int(u128),
    /// A float, as raw bits of its format (f64 bits, f32 bits, f16 bits, the 80 bits of an
    /// `opaque(x86_fp80)`).
    Float(u128),
    /// `null` pointer.
    Null,
    Undef,
    Poison,
    /// `zeroinitializer`.
    Zero,
    /// The address of a global variable or function, by symbol name.
    Global(String),
    /// Vector, array or struct members, in order.
    Aggregate(Vec<Const>),
}

impl Const {
    /// An `f64` constant's bits.
    pub fn f64(x: f64) -> Const {
        Const::Float(x.to_bits() as u128)
    }
    /// An `f32` constant's bits.
    pub fn f32(x: f32) -> Const {
        Const::Float(x.to_bits() as u128)
    }
}
