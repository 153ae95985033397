//! The number type the workloads are written over: `f64` for the primal, num-dual's `Dual64`
//! (one tangent) and `DualSVec64<8>` (eight tangents) for forward mode, and ad_trait's `adr`
//! (taped reverse mode) behind the newtype `Rev`, which only adds arithmetic with plain `f64`
//! constants through ad_trait's own constant operations (`adr` op `F64`).

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

use ad_trait::nalgebra::ComplexField;
use ad_trait::reverse_ad::adr::adr;
use ad_trait::{AD, F64};
use num_dual::{Dual64, DualNum, DualSVec64};

/// A real number with the operations the workloads use; a constant on the right of an operator
/// is a plain `f64`.
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// A constant (no derivative).
    fn cst(c: f64) -> Self;
    /// The value, without derivatives.
    fn re(self) -> f64;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn tanh(self) -> Self;
    fn sqrt(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
}

impl Real for f64 {
    fn cst(c: f64) -> Self {
        c
    }
    fn re(self) -> f64 {
        self
    }
    fn exp(self) -> Self {
        f64::exp(self)
    }
    fn ln(self) -> Self {
        f64::ln(self)
    }
    fn tanh(self) -> Self {
        f64::tanh(self)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn cos(self) -> Self {
        f64::cos(self)
    }
}

/// num-dual's types: every operation through its `DualNum` trait.
macro_rules! dual_real {
    ($t:ty) => {
        impl Real for $t {
            fn cst(c: f64) -> Self {
                <$t>::from(c)
            }
            fn re(self) -> f64 {
                self.re
            }
            fn exp(self) -> Self {
                DualNum::exp(&self)
            }
            fn ln(self) -> Self {
                DualNum::ln(&self)
            }
            fn tanh(self) -> Self {
                DualNum::tanh(&self)
            }
            fn sqrt(self) -> Self {
                DualNum::sqrt(&self)
            }
            fn sin(self) -> Self {
                DualNum::sin(&self)
            }
            fn cos(self) -> Self {
                DualNum::cos(&self)
            }
        }
    };
}
dual_real!(Dual64);
dual_real!(DualSVec64<8>);

/// ad_trait's reverse-mode number (a value and its node on ad_trait's thread-local tape).
#[derive(Clone, Copy)]
pub struct Rev(pub adr);

macro_rules! rev_op {
    ($tr:ident, $f:ident) => {
        impl $tr for Rev {
            type Output = Rev;
            fn $f(self, o: Rev) -> Rev {
                Rev($tr::$f(self.0, o.0))
            }
        }
        impl $tr<f64> for Rev {
            type Output = Rev;
            fn $f(self, c: f64) -> Rev {
                Rev($tr::$f(self.0, F64(c)))
            }
        }
    };
}
rev_op!(Add, add);
rev_op!(Sub, sub);
rev_op!(Mul, mul);
rev_op!(Div, div);

impl Neg for Rev {
    type Output = Rev;
    fn neg(self) -> Rev {
        Rev(-self.0)
    }
}

impl AddAssign for Rev {
    fn add_assign(&mut self, o: Rev) {
        self.0 += o.0;
    }
}

impl Real for Rev {
    fn cst(c: f64) -> Self {
        Rev(adr::constant(c))
    }
    fn re(self) -> f64 {
        self.0.value()
    }
    fn exp(self) -> Self {
        Rev(ComplexField::exp(self.0))
    }
    fn ln(self) -> Self {
        Rev(ComplexField::ln(self.0))
    }
    fn tanh(self) -> Self {
        Rev(ComplexField::tanh(self.0))
    }
    fn sqrt(self) -> Self {
        Rev(ComplexField::sqrt(self.0))
    }
    fn sin(self) -> Self {
        Rev(ComplexField::sin(self.0))
    }
    fn cos(self) -> Self {
        Rev(ComplexField::cos(self.0))
    }
}
