//! Catalase analyses (DESIGN.md §4): pure functions from a function (and what they need of
//! other analyses) to a result struct. Nothing here caches or mutates IR.
//!
//! - `cfg`: successors, predecessors, reverse post-order, reachability, exit blocks.
//! - `dom`: dominator and post-dominator trees (Cooper–Harvey–Kennedy), frontiers.
//! - `loops`: natural loops, nesting, preheaders, latches, exits, induction variables, trip counts.
//! - `dataflow`: the small fixpoint engine and lattice vocabulary shared by analyses.
//! - `activity`: which values and instructions carry derivatives.
//! - `types`: float, integer or pointer for every value and byte of memory (across calls).
//! - `known`: functions the analyses know by name (allocators, memory intrinsics, libm).
//! - `modref`: which memory each instruction may write or read; whether a read may be overwritten.
//! - `check`: the structural checks every analysis runs first, so malformed input is an error,
//!   never a panic.

pub mod activity;
pub mod cfg;
pub mod check;
pub mod dataflow;
pub mod dom;
pub mod known;
pub mod loops;
pub mod modref;
pub mod types;

use catalase_ir::{Block, Inst, Value};

/// Why an analysis could not run. Every variant is a malformed-input problem (the IR handed to
/// the analysis broke an invariant the verifier should have caught: a Catalase bug upstream, or
/// a hand-written fixture that is wrong), never a limitation of the analysis itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    /// The function has no body (a declaration).
    #[error("function `{function}` has no body")]
    NoBody { function: String },
    /// A terminator branches to a block that does not exist or is not in the layout.
    #[error("in `{function}`: {from} branches to {target}, which is not in the layout")]
    UnknownBlock { function: String, from: Block, target: Block },
    /// An instruction uses a value that does not exist.
    #[error("in `{function}`: {inst} uses {value}, which does not exist")]
    UnknownValue { function: String, inst: Inst, value: Value },
    /// An instruction listed in the layout does not exist.
    #[error("in `{function}`: {inst} is in the layout but does not exist")]
    UnknownInst { function: String, inst: Inst },
    /// The caller described the function's interface wrongly (e.g. activity of 2 arguments for a
    /// function of 3).
    #[error("in `{function}`: {message}")]
    BadRequest { function: String, message: String },
    /// A fixpoint did not settle within its iteration bound (a Catalase bug: a transfer function
    /// that is not monotone).
    #[error("in `{function}`: {analysis} did not reach a fixpoint")]
    NoFixpoint { function: String, analysis: &'static str },
    /// Type analysis holds more facts than [`types::MAX_CELLS`]: the layers of nested pointers
    /// grew past what a fixpoint of ordinary code needs (a Catalase bug or a pathological
    /// module), stopped instead of running for minutes.
    #[error(
        "in `{function}`: type analysis grew beyond {cells} facts about the memory behind pointers, a limit of Catalase's (please report it with the input module); declaring functions that move no derivatives inactive (__enzyme_inactivefn) gives it less to analyse"
    )]
    TooLarge { function: String, cells: usize },
}

#[cfg(test)]
mod testutil;
