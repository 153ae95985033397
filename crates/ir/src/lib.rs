//! Catalase IR: an SSA IR close to LLVM's semantics, normalized for analysis and differentiation.
pub mod diag;
