//! What the generator knows about the world outside the functions it differentiates: user
//! rules, functions and globals marked inactive, function-like mappings. Filled by the LLVM
//! boundary from registration globals and attributes.

use std::collections::{HashMap, HashSet};

/// User registrations and markings that take precedence over differentiating a body.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `__enzyme_register_derivative_*`: function → its forward rule (`dfn(x, dx, ...)`
    /// returning `{primal, tangent}`).
    pub forward_rules: HashMap<String, String>,
    /// `__enzyme_inactivefn`, `enzyme_inactive` attribute.
    pub inactive_fns: HashSet<String>,
    /// `__enzyme_inactive_global`, `!enzyme_inactive`.
    pub inactive_globals: HashSet<String>,
    /// `__enzyme_function_like`: function → library function it behaves as.
    pub function_like: HashMap<String, String>,
    /// Treat calls to bodiless functions without rules as inactive.
    pub emptyfn_inactive: bool,
    /// The LLVM signatures of the forward rules (and the type of their `sret` result, if any).
    pub forward_rule_sigs: HashMap<String, (catalase_ir::Signature, Option<catalase_ir::Type>)>,
    /// Defined functions whose address is taken: the possible targets of indirect calls.
    pub indirect_targets: Vec<String>,
}
