//! Catalase IR: an SSA IR close to LLVM's semantics, normalized for analysis and
//! differentiation (DESIGN.md §3).
//!
//! - `entities`: `Value`, `Inst`, `Block`, `FuncId` index newtypes and their maps.
//! - `types`, `constant`, `opcodes`, `inst`: what values and instructions are.
//! - `function`: data-flow graph + layout, functions and modules; `layout`: block and
//!   instruction order as linked lists (O(1) edits).
//! - `builder`: the one cursor that constructs IR.
//! - `printer`: the `.cir` text format.
//! - `diag`: the diagnostic type every stage reports through.

pub mod builder;
pub mod constant;
pub mod diag;
pub mod entities;
pub mod function;
pub mod inst;
pub mod layout;
pub mod opcodes;
pub mod parser;
pub mod printer;
pub mod types;
pub mod verify;

pub use builder::Builder;
pub use constant::Const;
pub use entities::{Block, FuncId, Inst, Value};
pub use function::{Function, Module};
pub use inst::{InstData, Signature};
pub use types::Type;
