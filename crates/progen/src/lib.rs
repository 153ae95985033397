//! `progen`: a deterministic generator of random differentiable C programs for differential
//! testing of Catalase's forward and reverse modes. A seed (plus a size and optional reduction
//! edits) names a program; the program checks `__enzyme_fwddiff` tangents and
//! `__enzyme_autodiff` gradients against finite differences, and the two modes against each
//! other (the dot-product test), itself.
//! See docs/FUZZING.md.

pub mod ast;
pub mod edit;
pub mod emit;
pub mod gen;
pub mod genexpr;
pub mod harness;
pub mod program;
pub mod reverse;
pub mod rng;

pub use edit::Edits;

/// The knobs of a program's size.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Statements at the top level of `f` (nested blocks hold 1–3 each).
    pub stmts: usize,
    /// Deepest statement nesting (loops, branches, switches, temporaries).
    pub depth: usize,
    /// Longest array (`x`, `out`, `w`, temporaries) and constant trip count.
    pub max_len: usize,
    /// Deepest expression.
    pub expr_depth: usize,
    /// Number of random directions checked (at least 4).
    pub dirs: usize,
}

impl Config {
    /// The preset for `small`, `medium` or `large`.
    pub fn for_size(size: &str) -> Result<Config, String> {
        let (stmts, depth, max_len, expr_depth, dirs) = match size {
            "small" => (6, 2, 5, 2, 4),
            "medium" => (12, 3, 8, 3, 4),
            "large" => (24, 4, 12, 3, 6),
            _ => return Err(format!("unknown size `{size}` (small, medium, large)")),
        };
        Ok(Config { stmts, depth, max_len, expr_depth, dirs })
    }
}

/// The C text of the program named by `seed`, `cfg` and `edits`, and its remaining edit sites.
/// `origin` is the progen command-line text quoted in the program's header comment.
pub fn program_text(seed: u64, cfg: &Config, edits: &Edits, origin: &str) -> (String, Vec<String>) {
    let prog = gen::generate(seed, cfg);
    program::render(&prog, edits, origin)
}
