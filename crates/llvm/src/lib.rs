//! The LLVM boundary: the only crate that talks to LLVM (through llvm-sys, LLVM 22).
//!
//! Reading and writing modules, finding marker calls, lowering LLVM IR into Catalase IR,
//! raising Catalase IR back, and running LLVM's pass pipelines.

pub mod attrs;
pub mod batch;
pub mod byval_copy;
/// The diagnostic type every stage reports through (from `catalase-ir`), so that the CLI and
/// the plugin need no other crate to print or forward one.
pub use catalase_ir::diag;
pub mod driver;
pub mod gradient_rules;
pub mod guard;
pub mod ignore;
pub mod inline_entry;
mod lane_scopes;
pub mod lower;
pub mod call_inactive;
pub mod virtual_reverse;
pub mod exceptions;
pub mod markers;
mod metadata;
pub mod module_io;
pub mod options;
pub mod passes;
pub mod raise;
pub mod registry;
pub mod rewrite;
pub mod secure;
pub mod select_split;
mod shadow_init;
pub mod rule_roots;
pub mod rule_use;
pub mod split;
mod unknown_entry;
mod known_asm;
mod x86_scalar_minmax;
pub mod unnamed;
pub mod user_rules;
