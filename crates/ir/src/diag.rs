//! Diagnostics: the one error type every stage of Catalase reports through.
//!
//! A diagnostic names what went wrong (`kind`), where (function, printed instruction, source
//! location when debug info has it) and what the user can do about it (`help`). The CLI prints
//! it in the style of rustc/clang; the plugin hands it to LLVM's diagnostic handler.

use std::fmt;

/// A source location taken from debug info.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct SourceLoc {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for SourceLoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.col > 0 {
            write!(f, "{}:{}:{}", self.file, self.line, self.col)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// What went wrong. Each variant's doc says whether the user or Catalase is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagKind {
    /// User: the input module could not be read (malformed IR, unreadable file).
    MalformedInput,
    /// User: a marker call (`__enzyme_*`) is malformed (too few args, missing shadow, ...).
    CallingError,
    /// User: an unknown `enzyme_*` marker.
    IllegalMarker,
    /// User: `enzyme_width` repeated, missing its value or not a constant.
    IllegalVectorWidth,
    /// User: the function to differentiate cannot be found or has no body.
    NoFunction,
    /// User: an external function with active arguments and no derivative rule.
    NoDerivative,
    /// User: a value's type (float vs integer) could not be deduced.
    CannotDeduceType,
    /// User: a registration global (`__enzyme_register_*`, ...) is malformed.
    BadRegistration,
    /// User: the declared return type of the marker call cannot hold the result.
    IllegalReturnCast,
    /// User or Catalase: an instruction or type the differentiator does not handle.
    Unsupported,
    /// User (a warning): a registered derivative rule is not applied, because no
    /// differentiated code calls its function any more (clang inlined it).
    UnusedRule,
    /// Catalase bug: an internal invariant failed.
    Internal,
}

impl DiagKind {
    pub fn name(self) -> &'static str {
        match self {
            DiagKind::MalformedInput => "malformed-input",
            DiagKind::CallingError => "calling-error",
            DiagKind::IllegalMarker => "illegal-marker",
            DiagKind::IllegalVectorWidth => "illegal-vector-width",
            DiagKind::NoFunction => "no-function",
            DiagKind::NoDerivative => "no-derivative",
            DiagKind::CannotDeduceType => "cannot-deduce-type",
            DiagKind::BadRegistration => "bad-registration",
            DiagKind::IllegalReturnCast => "illegal-return-cast",
            DiagKind::Unsupported => "unsupported",
            DiagKind::UnusedRule => "unused-rule",
            DiagKind::Internal => "internal",
        }
    }
}

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagKind,
    pub message: String,
    /// The function being differentiated (or holding the marker call).
    pub function: Option<String>,
    /// The offending instruction, printed.
    pub instruction: Option<String>,
    pub loc: Option<SourceLoc>,
    /// What the user can do.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: DiagKind, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            message: message.into(),
            function: None,
            instruction: None,
            loc: None,
            help: None,
        }
    }

    pub fn warning(kind: DiagKind, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(kind, message) }
    }

    pub fn in_function(mut self, name: impl Into<String>) -> Self {
        self.function = Some(name.into());
        self
    }

    pub fn at_inst(mut self, printed: impl Into<String>) -> Self {
        self.instruction = Some(printed.into());
        self
    }

    pub fn at_loc(mut self, loc: Option<SourceLoc>) -> Self {
        if loc.is_some() {
            self.loc = loc;
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Fill in where this happened, for what the diagnostic does not say yet: the function,
    /// the printed instruction and its source location belong together, so a diagnostic that
    /// names no instruction takes all three (its function, if any, was the one being
    /// differentiated; the message names it).
    pub fn or_at(mut self, function: impl Into<String>, printed: impl Into<String>, loc: Option<SourceLoc>) -> Self {
        if self.instruction.is_none() {
            self.function = Some(function.into());
            self.instruction = Some(printed.into());
            self.loc = loc.or(self.loc);
        } else if self.loc.is_none() && self.function.is_none() {
            self.loc = loc;
        }
        self
    }

    /// Whether the text says that the source line is unknown: a refusal at an instruction that
    /// carries no debug location (the module was built without `-g`). Malformed input and
    /// internal errors are not about the user's source lines.
    fn lacks_source_line(&self) -> bool {
        self.instruction.is_some() && self.loc.is_none() && !matches!(self.kind, DiagKind::MalformedInput | DiagKind::Internal)
    }

    /// The lines after the first: the function, the instruction, its source line when debug
    /// info does not give it, and the help. The CLI and the plugin print the same lines.
    pub fn details(&self) -> String {
        let mut text = String::new();
        if let Some(func) = &self.function {
            text.push_str(&format!("\n  --> in function `{func}`"));
        }
        if let Some(inst) = &self.instruction {
            text.push_str(&format!("\n  --> instruction: {}", inst.trim()));
        }
        if self.lacks_source_line() {
            text.push_str("\n  --> source line: unknown: no debug info (compile with -g to see it)");
        }
        if let Some(help) = &self.help {
            text.push_str(&format!("\n  help: {help}"));
        }
        text
    }
}

impl fmt::Display for Diagnostic {
    /// rustc/clang style:
    /// `file:line:col: error: message [kind]`, then [`Diagnostic::details`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.loc {
            write!(f, "{loc}: ")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {} [catalase::{}]{}", self.message, self.kind.name(), self.details())
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_without_an_instruction_takes_the_call_site() {
        let loc = Some(SourceLoc { file: "p.c".into(), line: 7, col: 3 });
        // A request's refusal names the differentiated function only: the call site replaces it.
        let d = Diagnostic::error(DiagKind::CallingError, "enzyme_out on argument 0 of `f`").in_function("f");
        let d = d.or_at("main", "call @__enzyme_autodiff(@f)", loc.clone());
        assert_eq!((d.function.as_deref(), d.instruction.as_deref(), d.loc.clone()), (Some("main"), Some("call @__enzyme_autodiff(@f)"), loc.clone()));
        // A diagnostic at an instruction keeps it.
        let e = Diagnostic::error(DiagKind::Unsupported, "x").in_function("g").at_inst("v1 = call @h()");
        let e = e.or_at("main", "call", loc);
        assert_eq!((e.function.as_deref(), e.instruction.as_deref(), e.loc.as_ref()), (Some("g"), Some("v1 = call @h()"), None));
    }

    #[test]
    fn an_instruction_without_debug_info_says_so() {
        let d = Diagnostic::error(DiagKind::Unsupported, "m").in_function("g").at_inst("v1 = call @h()");
        assert!(d.to_string().contains("source line: unknown: no debug info (compile with -g"), "{d}");
        let located = d.clone().at_loc(Some(SourceLoc { file: "p.c".into(), line: 2, col: 0 }));
        assert!(located.to_string().starts_with("p.c:2: error: m") && !located.to_string().contains("unknown"), "{located}");
        // Malformed input and internal errors are about no source line of the user's.
        let input = Diagnostic::error(DiagKind::MalformedInput, "m").at_inst("ret i64 0");
        assert!(!input.to_string().contains("source line"), "{input}");
    }
}
