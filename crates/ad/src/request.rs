//! What a caller asks the generator for: which arguments carry shadows, how many tangent
//! lanes, and which results the derivative returns. Shared by every mode.

use std::fmt;

/// Activity of one argument of a function being differentiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArgActivity {
    /// Inactive: no shadow is passed.
    Const,
    /// Duplicated: the primal is followed by its shadow (a tangent for values, a shadow
    /// pointer for pointers).
    Dup,
    /// Duplicated, primal results through this argument not needed.
    DupNoNeed,
    /// Active by value, gradient returned (reverse modes only).
    Out,
}

impl ArgActivity {
    pub fn has_shadow(self) -> bool {
        matches!(self, ArgActivity::Dup | ArgActivity::DupNoNeed)
    }
    fn tag(self) -> char {
        match self {
            ArgActivity::Const => 'c',
            ArgActivity::Dup => 'd',
            ArgActivity::DupNoNeed => 'n',
            ArgActivity::Out => 'o',
        }
    }
}

/// A request for a forward-mode derivative.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ForwardRequest {
    /// The primal function's name.
    pub function: String,
    /// One entry per primal parameter.
    pub args: Vec<ArgActivity>,
    /// Number of tangent lanes (1 = scalar forward mode).
    pub width: u32,
    /// Return the primal result.
    pub return_primal: bool,
    /// Return the tangent of the result (when the result type can carry one).
    pub return_tangent: bool,
}

impl ForwardRequest {
    /// A short suffix naming the activity pattern, used in generated function names.
    pub fn pattern(&self) -> String {
        let mut s: String = self.args.iter().map(|a| a.tag()).collect();
        if self.width > 1 {
            s.push_str(&format!("_w{}", self.width));
        }
        if self.return_primal {
            s.push_str("_p");
        }
        if !self.return_tangent {
            s.push_str("_nt");
        }
        s
    }
}

impl fmt::Display for ForwardRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "forward derivative of `{}` ({})", self.function, self.pattern())
    }
}
