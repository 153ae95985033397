//! What the generator knows about the world outside the functions it differentiates: user
//! rules of every mode, functions marked inactive, function-like mappings. Filled by the LLVM
//! boundary from registration globals and attributes. Globals marked inactive carry the IR's
//! `Global::inactive` flag instead (`catalase_analysis::activity::is_inactive_global`).

use std::collections::{HashMap, HashSet};

/// A user reverse rule (`__enzyme_register_gradient_*`, ABI §6.2): the augmented forward pass,
/// which returns the tape, and the reverse pass, which consumes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReverseRule {
    pub augmented: String,
    pub reverse: String,
    /// Parameters of the two rule functions taken by reference (`"byref_K"`, ABI §6.1): each
    /// is passed a pointer to a stack copy of the value.
    pub byref: Vec<usize>,
}

/// User registrations and markings that take precedence over differentiating a body.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `__enzyme_register_derivative_*`: function → its forward rule, called as
    /// `dfn(x, dx, ...) -> {primal, tangent}` (the LLVM boundary adapts C's shapes to this).
    pub forward_rules: HashMap<String, String>,
    /// `__enzyme_register_gradient_*`: function → its reverse rule. Forward mode does not use
    /// them (a call with only a reverse rule and active arguments is refused).
    pub reverse_rules: HashMap<String, ReverseRule>,
    /// `__enzyme_inactivefn`, `enzyme_inactive` attribute.
    pub inactive_fns: HashSet<String>,
    /// `__enzyme_function_like`: function → library function it behaves as.
    pub function_like: HashMap<String, String>,
    /// Treat calls to bodiless functions without rules as inactive.
    pub emptyfn_inactive: bool,
    /// `loose-types`: where type analysis cannot tell what bytes hold, guess a same-sized float.
    pub loose_types: bool,
    /// Defined functions whose address is taken: the possible targets of indirect calls.
    pub indirect_targets: Vec<String>,
    /// Targets that stand in for another function's address: the thunk that calls a function
    /// with a user rule (or marked inactive, or function-like), whose body is never
    /// differentiated, maps to that function. An indirect call compares its pointer with the
    /// address here and differentiates the thunk, so that the rule serves the call.
    pub indirect_addresses: HashMap<String, String>,
}

impl Environment {
    /// Whether `name` has a user rule of any mode.
    pub fn has_user_rule(&self, name: &str) -> bool {
        self.forward_rules.contains_key(name) || self.reverse_rules.contains_key(name)
    }

    /// The function whose address an indirect call compares with to reach `target`.
    pub fn address_of<'a>(&'a self, target: &'a str) -> &'a str {
        self.indirect_addresses.get(target).map_or(target, String::as_str)
    }
}
