//! Derivative generation (DESIGN.md §5): the rule table, what a caller may ask for, and
//! forward mode. The pieces every mode shares sit at the top level: `request` and `env`
//! (what is asked, what is known), `activity` (the generator's entry to the one activity
//! analysis: which values carry shadows, what each call does), `generator` (the memo of requests, dispatching each to its
//! mode's emitter), `calls` (what a call is), `rules` and `sink` (partial
//! derivatives as data, emitted as IR), `reads` (what each derivative reads), `standin` (when
//! a pointer without a shadow may stand in as its own). `forward` and `reverse` are the modes.
pub mod activity;
pub mod calls;
pub mod codegen_attrs;
pub mod env;
mod float_bits;
pub mod forward;
pub mod generator;
mod loop_hints;
pub mod request;
pub mod rules;
pub mod reads;
pub mod reverse;
pub mod sink;
pub mod stale;
pub mod standin;

pub use generator::Generator;
/// The functions the analyses know by name or registration (the LLVM boundary marks registered
/// allocators with its attributes).
pub use catalase_analysis::known;
