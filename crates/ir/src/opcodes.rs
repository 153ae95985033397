//! The opcode tables. Each operation family is declared once, with its text spelling; the
//! printer, the parser and the verifier read these tables.

macro_rules! op_table {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every member of the family.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The text-format spelling (the same as LLVM's).
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// The member with this spelling.
            pub fn from_name(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

op_table!(
    /// Two-operand arithmetic; the result has the operands' type.
    BinaryOp {
        Add = "add", Sub = "sub", Mul = "mul", UDiv = "udiv", SDiv = "sdiv", URem = "urem",
        SRem = "srem", Shl = "shl", LShr = "lshr", AShr = "ashr", And = "and", Or = "or",
        Xor = "xor", FAdd = "fadd", FSub = "fsub", FMul = "fmul", FDiv = "fdiv", FRem = "frem",
    }
);

impl BinaryOp {
    pub fn is_float(self) -> bool {
        matches!(self, BinaryOp::FAdd | BinaryOp::FSub | BinaryOp::FMul | BinaryOp::FDiv | BinaryOp::FRem)
    }
}

op_table!(
    /// One-operand operations that keep the type.
    UnaryOp { FNeg = "fneg", Freeze = "freeze" }
);

op_table!(
    /// Conversions; the result type is the instruction's.
    CastOp {
        Trunc = "trunc", ZExt = "zext", SExt = "sext", FPTrunc = "fptrunc", FPExt = "fpext",
        FPToUI = "fptoui", FPToSI = "fptosi", UIToFP = "uitofp", SIToFP = "sitofp",
        PtrToInt = "ptrtoint", IntToPtr = "inttoptr", Bitcast = "bitcast",
        AddrSpaceCast = "addrspacecast",
    }
);

op_table!(
    /// Integer comparison conditions.
    IntCC {
        Eq = "eq", Ne = "ne", Ugt = "ugt", Uge = "uge", Ult = "ult", Ule = "ule",
        Sgt = "sgt", Sge = "sge", Slt = "slt", Sle = "sle",
    }
);

op_table!(
    /// Float comparison conditions.
    FloatCC {
        False = "false", Oeq = "oeq", Ogt = "ogt", Oge = "oge", Olt = "olt", Ole = "ole",
        One = "one", Ord = "ord", Ueq = "ueq", Ugt = "ugt", Uge = "uge", Ult = "ult",
        Ule = "ule", Une = "une", Uno = "uno", True = "true",
    }
);

op_table!(
    /// Atomic orderings of loads, stores, fences and read-modify-writes.
    Ordering {
        NotAtomic = "notatomic", Unordered = "unordered", Monotonic = "monotonic",
        Acquire = "acquire", Release = "release", AcqRel = "acq_rel", SeqCst = "seq_cst",
    }
);

op_table!(
    /// `atomicrmw` operations.
    RmwOp {
        Xchg = "xchg", Add = "add", Sub = "sub", And = "and", Nand = "nand", Or = "or",
        Xor = "xor", Max = "max", Min = "min", UMax = "umax", UMin = "umin", FAdd = "fadd",
        FSub = "fsub", FMax = "fmax", FMin = "fmin",
    }
);

op_table!(
    /// Instruction flags (a bit set); `fast` stands for all fast-math flags.
    Flag {
        Nsw = "nsw", Nuw = "nuw", Exact = "exact", Disjoint = "disjoint", NNeg = "nneg",
        SameSign = "samesign", InBounds = "inbounds", Nnan = "nnan", Ninf = "ninf",
        Nsz = "nsz", Arcp = "arcp", Contract = "contract", Afn = "afn", Reassoc = "reassoc",
        Volatile = "volatile", Tail = "tail", MustTail = "musttail", NoTail = "notail",
    }
);

/// A set of [`Flag`]s.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Flags(pub u32);

impl Flags {
    pub const NONE: Flags = Flags(0);

    pub fn bit(f: Flag) -> u32 {
        1 << (Flag::ALL.iter().position(|x| *x == f).unwrap_or(0) as u32)
    }
    pub fn has(self, f: Flag) -> bool {
        self.0 & Flags::bit(f) != 0
    }
    pub fn with(self, f: Flag) -> Flags {
        Flags(self.0 | Flags::bit(f))
    }
    pub fn without(self, f: Flag) -> Flags {
        Flags(self.0 & !Flags::bit(f))
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.iter().copied().filter(move |f| self.has(*f))
    }
    /// Only the fast-math flags.
    pub fn fast_math(self) -> Flags {
        let fm = [Flag::Nnan, Flag::Ninf, Flag::Nsz, Flag::Arcp, Flag::Contract, Flag::Afn, Flag::Reassoc];
        Flags(fm.iter().filter(|f| self.has(**f)).fold(0, |acc, f| acc | Flags::bit(*f)))
    }
}
