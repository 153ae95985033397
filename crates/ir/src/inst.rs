//! Instructions: what each one is (`InstData`) and the pieces they share (block calls,
//! callees, signatures, attributes).
//!
//! An instruction has at most one result; its type lives on the result value. Terminators
//! pass arguments to their successors' block parameters (no phi nodes).

use crate::entities::{Block, Value};
use crate::opcodes::{BinaryOp, CastOp, FloatCC, IntCC, Ordering, RmwOp};
use crate::types::Type;

/// A branch target with the arguments it passes to the block's parameters.
#[derive(Clone, PartialEq, Debug)]
pub struct BlockCall {
    pub block: Block,
    pub args: Vec<Value>,
}

impl BlockCall {
    pub fn new(block: Block, args: Vec<Value>) -> Self {
        BlockCall { block, args }
    }
}

/// The function a call invokes.
#[derive(Clone, PartialEq, Debug)]
pub enum Callee {
    /// A function symbol by name (a definition or a declaration in the module).
    Direct(String),
    /// A function pointer.
    Indirect(Value),
}

/// A function type.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Signature {
    pub params: Vec<Type>,
    pub ret: Type,
    pub variadic: bool,
}

impl Signature {
    pub fn new(params: Vec<Type>, ret: Type) -> Self {
        Signature { params, ret, variadic: false }
    }
}

/// The value of an attribute.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum AttrValue {
    None,
    Int(u64),
    Type(Type),
    Str(String),
}

/// One attribute, by LLVM's name (`noundef`, `sret`, `enzyme_inactive`, ...).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Attr {
    pub name: String,
    pub value: AttrValue,
}

impl Attr {
    pub fn flag(name: &str) -> Attr {
        Attr { name: name.to_string(), value: AttrValue::None }
    }
}

/// Pseudo function attribute that lowering puts on the declaration of a function it keeps
/// without its body (one with a user rule) when that body writes only its own stack frame: calling
/// it once more changes nothing the program sees. Never written back to LLVM.
pub const STACK_ONLY_ATTR: &str = "catalase.stack_only";
/// Pseudo parameter attribute that lowering puts on a pointer parameter of such a declaration
/// when the body it replaces reads and writes no floats through that pointer (an index array):
/// a user rule may then be given the primal as its shadow. Never written back to LLVM.
pub const NO_FLOAT_POINTEE_ATTR: &str = "catalase.no_float_pointee";

/// Attributes of a function or a call site.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct AttrList {
    pub func: Vec<Attr>,
    pub ret: Vec<Attr>,
    pub params: Vec<Vec<Attr>>,
}

impl AttrList {
    pub fn func_has(&self, name: &str) -> bool {
        self.func.iter().any(|a| a.name == name)
    }
    pub fn param(&self, i: usize) -> &[Attr] {
        self.params.get(i).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn param_has(&self, i: usize, name: &str) -> bool {
        self.param(i).iter().any(|a| a.name == name)
    }
}

/// Memory access properties of loads and stores.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MemFlags {
    pub align: u32,
    pub volatile: bool,
    pub ordering: Ordering,
}

impl Default for MemFlags {
    fn default() -> Self {
        MemFlags { align: 1, volatile: false, ordering: Ordering::NotAtomic }
    }
}

impl MemFlags {
    pub fn aligned(align: u32) -> Self {
        MemFlags { align, ..MemFlags::default() }
    }
}

/// What an instruction is.
#[derive(Clone, PartialEq, Debug)]
pub enum InstData {
    Binary { op: BinaryOp, args: [Value; 2] },
    /// `fneg` or `freeze`.
    Unary { op: crate::opcodes::UnaryOp, arg: Value },
    Cast { op: CastOp, arg: Value },
    Icmp { cond: IntCC, args: [Value; 2] },
    Fcmp { cond: FloatCC, args: [Value; 2] },
    /// `select cond, if_true, if_false`.
    Select { args: [Value; 3] },
    /// `extractelement vec, index`.
    ExtractElement { args: [Value; 2] },
    /// `insertelement vec, elem, index`.
    InsertElement { args: [Value; 3] },
    /// `shufflevector a, b, mask` (mask −1 = poison lane).
    Shuffle { args: [Value; 2], mask: Vec<i32> },
    ExtractValue { arg: Value, indices: Vec<u32> },
    /// `insertvalue agg, elem, indices`.
    InsertValue { args: [Value; 2], indices: Vec<u32> },
    /// Stack allocation of `count` elements of `ty`.
    Alloca { ty: Type, count: Value, align: u32 },
    /// Load of the result type from `ptr`.
    Load { ptr: Value, mem: MemFlags },
    /// `store value, ptr`.
    Store { args: [Value; 2], mem: MemFlags },
    /// `ptradd base, offset`: byte-addressed pointer arithmetic (every GEP lowers to this).
    PtrAdd { args: [Value; 2] },
    Call { callee: Callee, args: Vec<Value>, sig: Signature, attrs: AttrList },
    Fence { ordering: Ordering },
    /// `atomicrmw op ptr, value`.
    AtomicRmw { op: RmwOp, args: [Value; 2], ordering: Ordering },
    /// `cmpxchg ptr, expected, new` giving `{T, i1}`.
    CmpXchg { args: [Value; 3], success: Ordering, failure: Ordering },
    /// The first instruction of an unwind destination.
    LandingPad { cleanup: bool, clauses: Vec<Value> },
    Br { dest: BlockCall },
    CondBr { cond: Value, then_dest: BlockCall, else_dest: BlockCall },
    /// Integer switch; case values are stored as raw bits of the argument's width.
    Switch { arg: Value, default: BlockCall, cases: Vec<(u128, BlockCall)> },
    Ret { arg: Option<Value> },
    Unreachable,
    Invoke { callee: Callee, args: Vec<Value>, sig: Signature, attrs: AttrList, normal: BlockCall, unwind: BlockCall },
    Resume { arg: Value },
}

impl InstData {
    /// The opcode's text name.
    pub fn opcode_name(&self) -> &'static str {
        match self {
            InstData::Binary { op, .. } => op.name(),
            InstData::Unary { op, .. } => op.name(),
            InstData::Cast { op, .. } => op.name(),
            InstData::Icmp { .. } => "icmp",
            InstData::Fcmp { .. } => "fcmp",
            InstData::Select { .. } => "select",
            InstData::ExtractElement { .. } => "extractelement",
            InstData::InsertElement { .. } => "insertelement",
            InstData::Shuffle { .. } => "shufflevector",
            InstData::ExtractValue { .. } => "extractvalue",
            InstData::InsertValue { .. } => "insertvalue",
            InstData::Alloca { .. } => "alloca",
            InstData::Load { .. } => "load",
            InstData::Store { .. } => "store",
            InstData::PtrAdd { .. } => "ptradd",
            InstData::Call { .. } => "call",
            InstData::Fence { .. } => "fence",
            InstData::AtomicRmw { .. } => "atomicrmw",
            InstData::CmpXchg { .. } => "cmpxchg",
            InstData::LandingPad { .. } => "landingpad",
            InstData::Br { .. } => "br",
            InstData::CondBr { .. } => "condbr",
            InstData::Switch { .. } => "switch",
            InstData::Ret { .. } => "ret",
            InstData::Unreachable => "unreachable",
            InstData::Invoke { .. } => "invoke",
            InstData::Resume { .. } => "resume",
        }
    }

    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            InstData::Br { .. }
                | InstData::CondBr { .. }
                | InstData::Switch { .. }
                | InstData::Ret { .. }
                | InstData::Unreachable
                | InstData::Invoke { .. }
                | InstData::Resume { .. }
        )
    }

    /// Value operands, not counting branch arguments.
    pub fn operands(&self) -> Vec<Value> {
        match self {
            InstData::Binary { args, .. }
            | InstData::Icmp { args, .. }
            | InstData::Fcmp { args, .. }
            | InstData::ExtractElement { args }
            | InstData::Shuffle { args, .. }
            | InstData::InsertValue { args, .. }
            | InstData::Store { args, .. }
            | InstData::PtrAdd { args }
            | InstData::AtomicRmw { args, .. } => args.to_vec(),
            InstData::Select { args } | InstData::InsertElement { args } | InstData::CmpXchg { args, .. } => {
                args.to_vec()
            }
            InstData::Unary { arg, .. } | InstData::Cast { arg, .. } | InstData::ExtractValue { arg, .. } => {
                vec![*arg]
            }
            InstData::Alloca { count, .. } => vec![*count],
            InstData::Load { ptr, .. } => vec![*ptr],
            InstData::Call { callee, args, .. } | InstData::Invoke { callee, args, .. } => {
                let mut v = Vec::with_capacity(args.len() + 1);
                if let Callee::Indirect(f) = callee {
                    v.push(*f);
                }
                v.extend_from_slice(args);
                v
            }
            InstData::LandingPad { clauses, .. } => clauses.clone(),
            InstData::CondBr { cond, .. } => vec![*cond],
            InstData::Switch { arg, .. } => vec![*arg],
            InstData::Ret { arg } => arg.iter().copied().collect(),
            InstData::Resume { arg } => vec![*arg],
            InstData::Fence { .. } | InstData::Br { .. } | InstData::Unreachable => vec![],
        }
    }

    /// Every value the instruction uses: operands and branch arguments.
    pub fn uses(&self) -> Vec<Value> {
        let mut v = self.operands();
        for bc in self.successors() {
            v.extend_from_slice(&bc.args);
        }
        v
    }

    /// The branch targets of a terminator, in order.
    pub fn successors(&self) -> Vec<&BlockCall> {
        match self {
            InstData::Br { dest } => vec![dest],
            InstData::CondBr { then_dest, else_dest, .. } => vec![then_dest, else_dest],
            InstData::Switch { default, cases, .. } => {
                let mut v = vec![default];
                v.extend(cases.iter().map(|(_, bc)| bc));
                v
            }
            InstData::Invoke { normal, unwind, .. } => vec![normal, unwind],
            _ => vec![],
        }
    }

    /// Mutable branch targets, in the same order as [`InstData::successors`].
    pub fn successors_mut(&mut self) -> Vec<&mut BlockCall> {
        match self {
            InstData::Br { dest } => vec![dest],
            InstData::CondBr { then_dest, else_dest, .. } => vec![then_dest, else_dest],
            InstData::Switch { default, cases, .. } => {
                let mut v = vec![default];
                v.extend(cases.iter_mut().map(|(_, bc)| bc));
                v
            }
            InstData::Invoke { normal, unwind, .. } => vec![normal, unwind],
            _ => vec![],
        }
    }

    /// Apply `f` to every value the instruction uses (operands and branch arguments).
    pub fn map_values(&mut self, mut f: impl FnMut(Value) -> Value) {
        match self {
            InstData::Binary { args, .. }
            | InstData::Icmp { args, .. }
            | InstData::Fcmp { args, .. }
            | InstData::ExtractElement { args }
            | InstData::Shuffle { args, .. }
            | InstData::InsertValue { args, .. }
            | InstData::Store { args, .. }
            | InstData::PtrAdd { args }
            | InstData::AtomicRmw { args, .. } => args.iter_mut().for_each(|a| *a = f(*a)),
            InstData::Select { args } | InstData::InsertElement { args } | InstData::CmpXchg { args, .. } => {
                args.iter_mut().for_each(|a| *a = f(*a))
            }
            InstData::Unary { arg, .. }
            | InstData::Cast { arg, .. }
            | InstData::ExtractValue { arg, .. }
            | InstData::Resume { arg } => *arg = f(*arg),
            InstData::Alloca { count, .. } => *count = f(*count),
            InstData::Load { ptr, .. } => *ptr = f(*ptr),
            InstData::Call { callee, args, .. } | InstData::Invoke { callee, args, .. } => {
                if let Callee::Indirect(c) = callee {
                    *c = f(*c);
                }
                args.iter_mut().for_each(|a| *a = f(*a));
            }
            InstData::LandingPad { clauses, .. } => clauses.iter_mut().for_each(|a| *a = f(*a)),
            InstData::CondBr { cond, .. } => *cond = f(*cond),
            InstData::Switch { arg, .. } => *arg = f(*arg),
            InstData::Ret { arg } => {
                if let Some(a) = arg {
                    *a = f(*a)
                }
            }
            InstData::Fence { .. } | InstData::Br { .. } | InstData::Unreachable => {}
        }
        for bc in self.successors_mut() {
            bc.args.iter_mut().for_each(|a| *a = f(*a));
        }
    }

    /// Whether the instruction may write memory or have other side effects.
    pub fn has_side_effects(&self) -> bool {
        matches!(
            self,
            InstData::Store { .. }
                | InstData::Call { .. }
                | InstData::Invoke { .. }
                | InstData::Fence { .. }
                | InstData::AtomicRmw { .. }
                | InstData::CmpXchg { .. }
        ) || self.is_terminator()
            || matches!(self, InstData::Load { mem, .. } if mem.volatile)
    }
}
