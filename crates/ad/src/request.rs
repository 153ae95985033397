//! What a caller asks the generator for: a function, which arguments carry shadows, how many
//! lanes, and the mode with the results the derivative returns. Shared by every mode: the
//! generator's memo is keyed by the whole [`Request`], and the generated name encodes all of it.

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
    /// Duplicated pointer whose shadow may be the primal standing in at run time (a mixed
    /// pointer of the caller, `crate::standin`): the derivative guards every access through it
    /// (runtime activity). Only calls inside differentiated code ask for it.
    DupMixed,
}

impl ArgActivity {
    pub fn has_shadow(self) -> bool {
        matches!(self, ArgActivity::Dup | ArgActivity::DupNoNeed | ArgActivity::DupMixed)
    }
    /// The ABI marker that asks for this activity (ABI §3.3), as diagnostics name it.
    pub fn marker(self) -> &'static str {
        match self {
            ArgActivity::Const => "enzyme_const",
            ArgActivity::Dup | ArgActivity::DupMixed => "enzyme_dup",
            ArgActivity::DupNoNeed => "enzyme_dupnoneed",
            ArgActivity::Out => "enzyme_out",
        }
    }
    fn tag(self) -> char {
        match self {
            ArgActivity::Const => 'c',
            ArgActivity::Dup => 'd',
            ArgActivity::DupNoNeed => 'n',
            ArgActivity::Out => 'o',
            ArgActivity::DupMixed => 'm',
        }
    }
}

/// Which derivative is asked for, with the results it returns.
///
/// `Augmented` and `ReverseSplit` are the two parts of a function in reverse mode: they share a
/// tape, passed as their first parameter: the caller's for a call inside differentiated code,
/// one that `reverse::split`'s entry functions hold for `__enzyme_augmentfwd`/`__enzyme_reverse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `__enzyme_fwddiff`: primal and tangents in one sweep.
    Forward {
        /// Return the primal result.
        return_primal: bool,
        /// Return the tangent of the result (when the result type can carry one).
        return_tangent: bool,
    },
    /// `__enzyme_autodiff`: forward sweep then reverse sweep in one function; gradients of
    /// `Out` arguments are returned, those of `Dup` arguments accumulated into their shadows.
    Reverse {
        /// Return the primal result (`enzyme_primal_return`).
        return_primal: bool,
        /// The result is active: its adjoint is seeded (1.0, or a differential return).
        active_return: bool,
    },
    /// The forward sweep of split mode (`__enzyme_augmentfwd`).
    Augmented {
        return_primal: bool,
        /// Return the shadow of a pointer result.
        return_shadow: bool,
    },
    /// The reverse sweep of split mode (`__enzyme_reverse`).
    ReverseSplit {
        /// A differential return is passed before the tape.
        active_return: bool,
        /// `enzyme_nofree`: the shadow allocations the augmented sweep made are not freed, so
        /// that the same tape can be reversed again.
        nofree: bool,
        /// Called by the user's `__enzyme_reverse` (not by a caller's reverse sweep): a shadow
        /// block stored into the caller's memory stays alive, as in a combined gradient.
        top: bool,
        /// The caller keeps the block this function returns beyond the top-level gradient
        /// (stores it into its own caller's memory, or returns it to a caller that does): the
        /// shadows of the blocks allocated here (or by callees) that reach the result are not
        /// freed (`reverse::escape`).
        keep_returned: bool,
        /// Bit `k`: the memory that parameter `k` points to (or reaches through loads) outlives
        /// the top-level gradient (it is the user's, passed down from the top-level function): a
        /// block allocated here and stored into it keeps its shadow, which the user's shadow
        /// memory now holds (`reverse::escape`).
        keep_stored: u64,
    },
}

impl Mode {
    /// The plain forward mode: the tangent of the result, no primal.
    pub const FORWARD: Mode = Mode::Forward { return_primal: false, return_tangent: true };

    /// The short name used in generated function names (`__catalase_fwd_...`).
    pub fn tag(self) -> &'static str {
        match self {
            Mode::Forward { .. } => "fwd",
            Mode::Reverse { .. } => "rev",
            Mode::Augmented { .. } => "aug",
            Mode::ReverseSplit { .. } => "revs",
        }
    }

    /// Whether the derivative returns the primal result.
    pub fn returns_primal(self) -> bool {
        match self {
            Mode::Forward { return_primal, .. }
            | Mode::Reverse { return_primal, .. }
            | Mode::Augmented { return_primal, .. } => return_primal,
            Mode::ReverseSplit { .. } => false,
        }
    }

    /// The entry point a user calls for this mode, for messages.
    pub fn entry_name(self) -> &'static str {
        match self {
            Mode::Forward { .. } => "__enzyme_fwddiff",
            Mode::Reverse { .. } => "__enzyme_autodiff",
            Mode::Augmented { .. } => "__enzyme_augmentfwd",
            Mode::ReverseSplit { .. } => "__enzyme_reverse",
        }
    }

    /// Suffix letters for the returned results (`_p` primal, `_nt` no tangent, `_a` active
    /// return, `_s` shadow return). Forward's spelling is the historical one.
    fn returns_suffix(self) -> String {
        let mut s = String::new();
        if self.returns_primal() {
            s.push_str("_p");
        }
        match self {
            Mode::Forward { return_tangent: false, .. } => s.push_str("_nt"),
            Mode::Reverse { active_return: true, .. } | Mode::ReverseSplit { active_return: true, .. } => s.push_str("_a"),
            Mode::Augmented { return_shadow: true, .. } => s.push_str("_s"),
            _ => {}
        }
        if let Mode::ReverseSplit { nofree, top, keep_returned, keep_stored, .. } = self {
            s.push_str(if nofree { "_nf" } else { "" });
            s.push_str(if top { "_top" } else { "" });
            s.push_str(if keep_returned { "_kr" } else { "" });
            if keep_stored != 0 {
                s.push_str(&format!("_ks{keep_stored:x}"));
            }
        }
        s
    }
}

/// A request for a derivative.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Request {
    /// The primal function's name.
    pub function: String,
    /// One entry per primal parameter.
    pub args: Vec<ArgActivity>,
    /// Number of shadow lanes (1 = scalar).
    pub width: u32,
    pub mode: Mode,
    /// The shadow memory the function reaches (through its arguments, pointers loaded from
    /// there, and globals) may hold stand-ins: a caller stored the primal of a pointer without a
    /// shadow there (`crate::standin`). Pointers the derivative loads from it are guarded as
    /// mixed. Only calls inside differentiated code ask for it.
    pub standins: bool,
    /// `enzyme_strong_zero`: every derivative term `∂·ṫ` (tangents) or `∂·ȳ` (adjoints) whose
    /// partial is not ±1 is `ṫ == 0 ? 0 : ∂·ṫ`, so that a zero tangent or adjoint contributes
    /// exactly zero where the partial is infinite or NaN. Callees' derivatives are asked for
    /// with it too. An augmented forward pass computes no such term and never carries it
    /// (`Generator::request` drops it), so one augmented part serves both reverse parts.
    /// `llvm.vector.reduce.fmul`'s terms (the product of the other lanes, which may be
    /// infinite) and frexp's are guarded too. User rules (ABI §6) are called with the tangents
    /// and adjoints as they are, and their results are added unchanged, as Enzyme calls them:
    /// the products inside a rule are the user's code, which the marker does not reach.
    pub strong_zero: bool,
    /// The long double (`x86_fp80`) slots of the memory the function reaches through its
    /// pointer parameters hold no derivative: the caller passed only pointers into its own
    /// memory (`activity::Shadows::call_fp80_clean`). Long double values loaded from there
    /// carry none, so the function is not refused for them. Only calls inside differentiated
    /// code ask for it, of functions that hold long double values.
    pub fp80_clean: bool,
}

impl Request {
    /// A forward request returning the tangent of the result only.
    pub fn forward(function: impl Into<String>, args: Vec<ArgActivity>, width: u32) -> Request {
        Request { function: function.into(), args, width, mode: Mode::FORWARD, standins: false, strong_zero: false, fp80_clean: false }
    }

    /// Whether the shadows of mutable globals are zeroed before each marker call of this
    /// derivative (the LLVM boundary places the `memset`s). Forward: what the program stored in
    /// a global before the call does not depend on the call's inputs, so its tangent is zero.
    /// A gradient (`__enzyme_autodiff`, and `__enzyme_augmentfwd`, which starts one): the
    /// global's value after the call is no output the caller seeds, so its adjoint starts at
    /// zero; what an earlier call left there (tangents of a forward call, the adjoint of a
    /// global's initial value from an earlier gradient) must not be read as a seed. The reverse
    /// call of split mode does not reset: the augmented call's shadows are its input.
    pub fn resets_global_shadows(&self) -> bool {
        matches!(self.mode, Mode::Forward { .. } | Mode::Reverse { .. } | Mode::Augmented { .. })
    }

    /// A short suffix naming the activity pattern and returned results, used in generated
    /// function names; distinct requests of one mode and function have distinct patterns.
    pub fn pattern(&self) -> String {
        let mut s: String = self.args.iter().map(|a| a.tag()).collect();
        if self.width > 1 {
            s.push_str(&format!("_w{}", self.width));
        }
        s.push_str(&self.mode.returns_suffix());
        if self.standins {
            s.push_str("_si");
        }
        if self.strong_zero {
            s.push_str("_sz");
        }
        if self.fp80_clean {
            s.push_str("_lc");
        }
        s
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.mode {
            Mode::Forward { .. } => "forward derivative",
            Mode::Reverse { .. } => "gradient",
            Mode::Augmented { .. } => "augmented forward pass",
            Mode::ReverseSplit { .. } => "reverse pass",
        };
        write!(f, "{mode} of `{}` ({})", self.function, self.pattern())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArgActivity::*;

    #[test]
    fn patterns_tell_requests_apart() {
        let fwd = |p, t| Request {
            function: "f".into(),
            args: vec![Dup, Const],
            width: 1,
            mode: Mode::Forward { return_primal: p, return_tangent: t },
            standins: false,
            strong_zero: false,
            fp80_clean: false,
        };
        assert_eq!(fwd(false, true).pattern(), "dc");
        assert_eq!(fwd(true, true).pattern(), "dc_p");
        assert_eq!(fwd(true, false).pattern(), "dc_p_nt");
        let mut wide = Request::forward("f", vec![Dup, DupNoNeed], 4);
        assert_eq!(wide.pattern(), "dn_w4");
        wide.mode = Mode::Reverse { return_primal: false, active_return: true };
        assert_eq!(wide.pattern(), "dn_w4_a");
        assert_eq!(wide.mode.tag(), "rev");
        wide.strong_zero = true;
        assert_eq!(wide.pattern(), "dn_w4_a_sz");
        let modes = [
            Mode::FORWARD,
            Mode::Reverse { return_primal: false, active_return: false },
            Mode::Augmented { return_primal: false, return_shadow: false },
            Mode::ReverseSplit { active_return: false, nofree: false, top: false, keep_returned: false, keep_stored: 0 },
        ];
        let tags: std::collections::HashSet<_> = modes.iter().map(|m| m.tag()).collect();
        assert_eq!(tags.len(), modes.len());
    }

    #[test]
    fn every_call_but_split_reverse_resets_global_shadows() {
        let mut r = Request::forward("f", vec![Dup], 1);
        assert!(r.resets_global_shadows());
        r.mode = Mode::Reverse { return_primal: false, active_return: true };
        assert!(r.resets_global_shadows());
        r.mode = Mode::Augmented { return_primal: true, return_shadow: false };
        assert!(r.resets_global_shadows());
        r.mode = Mode::ReverseSplit { active_return: true, nofree: false, top: true, keep_returned: false, keep_stored: 0 };
        assert!(!r.resets_global_shadows());
    }

    #[test]
    fn display_names_the_mode() {
        let r = Request::forward("g", vec![Out], 1);
        assert_eq!(r.to_string(), "forward derivative of `g` (o)");
    }
}
