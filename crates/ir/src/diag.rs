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
}

impl fmt::Display for Diagnostic {
    /// rustc/clang style:
    /// `file:line:col: error: message [kind]`, then `  in function`, `  instruction`, `  help:`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.loc {
            write!(f, "{loc}: ")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {} [catalase::{}]", self.message, self.kind.name())?;
        if let Some(func) = &self.function {
            write!(f, "\n  --> in function `{func}`")?;
        }
        if let Some(inst) = &self.instruction {
            write!(f, "\n  --> instruction: {}", inst.trim())?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}
