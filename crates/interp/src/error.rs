//! What can stop an execution: a typed error naming the function and the instruction that was
//! running. Undefined behaviour the interpreter can see (out-of-bounds access, use after free,
//! poison reaching memory or a branch) is an error, never a panic and never a silent value.

use std::fmt;

/// Why execution stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No function (definition or known external) has this name.
    UnknownFunction(String),
    /// A declared function the interpreter has no implementation of.
    UnknownExternal(String),
    /// A global symbol that was never defined (see `Interpreter::define_global`).
    UnknownGlobal(String),
    /// An access of `size` bytes at `addr` outside every live allocation.
    OutOfBounds { addr: u64, size: u64 },
    /// An access to memory that was freed (or a stack slot of a returned call).
    UseAfterFree { addr: u64 },
    /// `free` of a pointer that is not the start of a live heap allocation.
    InvalidFree { addr: u64 },
    /// A poison or undef value stored to memory, used as an address, or branched on.
    Poison(&'static str),
    /// Integer division by zero or signed overflow in division.
    DivisionByZero,
    /// `unreachable` or `llvm.trap` was executed.
    Trap(&'static str),
    /// An operand had a different shape than the instruction expects.
    TypeMismatch(String),
    /// An instruction or type the interpreter does not execute.
    Unsupported(String),
    /// Wrong number or kinds of arguments passed to `Interpreter::call`.
    BadArguments(String),
    /// Calls nested deeper than the interpreter's limit.
    StackOverflow,
    /// More instructions executed than the interpreter's fuel allows (an infinite loop?).
    OutOfFuel,
}

/// An execution error with where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The function that was running (empty before any function starts).
    pub function: String,
    /// The printed instruction that was running (empty when not about one).
    pub inst: String,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, function: String::new(), inst: String::new() }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnknownFunction(n) => write!(f, "no function named @{n}"),
            ErrorKind::UnknownExternal(n) => write!(f, "external function @{n} has no implementation in the interpreter"),
            ErrorKind::UnknownGlobal(n) => write!(f, "global @{n} is not defined"),
            ErrorKind::OutOfBounds { addr, size } => write!(f, "access of {size} bytes at {addr:#x} is out of bounds"),
            ErrorKind::UseAfterFree { addr } => write!(f, "access at {addr:#x} after its memory was freed"),
            ErrorKind::InvalidFree { addr } => write!(f, "free of {addr:#x}, which is not a live heap allocation"),
            ErrorKind::Poison(what) => write!(f, "poison value {what}"),
            ErrorKind::DivisionByZero => write!(f, "integer division by zero or overflow"),
            ErrorKind::Trap(what) => write!(f, "trap: {what}"),
            ErrorKind::TypeMismatch(m) => write!(f, "type mismatch: {m}"),
            ErrorKind::Unsupported(m) => write!(f, "unsupported: {m}"),
            ErrorKind::BadArguments(m) => write!(f, "bad arguments: {m}"),
            ErrorKind::StackOverflow => write!(f, "call depth limit exceeded"),
            ErrorKind::OutOfFuel => write!(f, "instruction limit exceeded"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.function.is_empty() {
            write!(f, "in @{}", self.function)?;
            if !self.inst.is_empty() {
                write!(f, ", `{}`", self.inst)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand for an error of a kind with no location yet.
pub(crate) fn err<T>(kind: ErrorKind) -> Result<T> {
    Err(Error::new(kind))
}
