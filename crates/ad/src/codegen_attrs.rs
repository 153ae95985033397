//! The function attributes a derivative takes from its primal so that the backend compiles it
//! for the same machine: a kernel marked `__attribute__((target("avx2,fma")))` (or built with
//! `-mavx2` in a module whose other functions are not) holds 256-bit vectors and x86
//! intrinsics, and its derivative holds the same ones; compiled for the module's baseline
//! target, the backend stops ("Do not know how to split the result of this operator!") or
//! picks slow code. Only attributes that choose the target and its floating-point environment
//! are copied: fast-math permissions (`no-nans-fp-math`, ...) are not, as the derivative's own
//! guards (strong zero, NaN checks) must keep their meaning.

use catalase_ir::function::Function;
use catalase_ir::inst::Attr;

/// String attributes that select the target and its floating-point environment.
const INHERITED: &[&str] = &[
    "target-cpu",
    "target-features",
    "tune-cpu",
    "min-legal-vector-width",
    "prefer-vector-width",
    "denormal-fp-math",
    "denormal-fp-math-f32",
];

/// The attributes of `src` (function level) that its derivatives carry too.
pub fn inherited(src: &Function) -> Vec<Attr> {
    src.attrs.func.iter().filter(|a| INHERITED.contains(&a.name.as_str())).cloned().collect()
}
