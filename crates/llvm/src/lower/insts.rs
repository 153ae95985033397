//! The per-opcode lowering of non-call, non-terminator instructions: arithmetic with flags,
//! casts, comparisons, `select`, vector and aggregate operations, memory operations and
//! `getelementptr` → `ptradd` (byte offsets from the module's data layout; constant parts
//! folded; variable indices sign-extended or truncated to i64 and scaled by the element size).

use catalase_ir::entities::Value;
use catalase_ir::inst::{InstData, MemFlags};
use catalase_ir::opcodes::{CastOp, Flag, Flags, FloatCC, IntCC, Ordering, RmwOp, UnaryOp};
use catalase_ir::types::Type;
use catalase_ir::Const;
use llvm_sys::core::*;
use llvm_sys::prelude::LLVMValueRef;
use llvm_sys::*;

use super::consts::{binary_op, cast_op};
use super::function::FuncCx;
use super::types::{alloc_size, field_offset, int_width, is_struct, is_vector, lower_type, struct_fields};
use super::{LResult, print_value, unsupported, HELP_REPORT};

impl FuncCx<'_> {
    /// Lower one non-phi instruction; `Ok(None)` for void results and dropped instructions.
    pub(crate) unsafe fn lower_inst(&mut self, i: LLVMValueRef) -> LResult<Option<Value>> {
        use LLVMOpcode::*;
        let op = LLVMGetInstructionOpcode(i);
        let ty = lower_type(LLVMTypeOf(i));
        let flags = inst_flags(i, op);
        if is_computation(op) {
            refuse_opaque(i)?;
        }
        if let Some(bin) = binary_op(op) {
            let args = [self.operand(LLVMGetOperand(i, 0))?, self.operand(LLVMGetOperand(i, 1))?];
            return Ok(Some(self.build_value(InstData::Binary { op: bin, args }, ty, flags)));
        }
        if let Some(cast) = cast_op(op) {
            let arg = self.operand(LLVMGetOperand(i, 0))?;
            return Ok(Some(self.build_value(InstData::Cast { op: cast, arg }, ty, flags)));
        }
        let data = match op {
            LLVMFNeg | LLVMFreeze => {
                let u = if op == LLVMFNeg { UnaryOp::FNeg } else { UnaryOp::Freeze };
                InstData::Unary { op: u, arg: self.operand(LLVMGetOperand(i, 0))? }
            }
            LLVMICmp => InstData::Icmp { cond: int_cc(LLVMGetICmpPredicate(i)), args: self.ops2(i)? },
            LLVMFCmp => InstData::Fcmp { cond: float_cc(LLVMGetFCmpPredicate(i)), args: self.ops2(i)? },
            LLVMSelect => InstData::Select { args: self.ops3(i)? },
            LLVMExtractElement => InstData::ExtractElement { args: self.ops2(i)? },
            LLVMInsertElement => InstData::InsertElement { args: self.ops3(i)? },
            LLVMShuffleVector => InstData::Shuffle { args: self.ops2(i)?, mask: shuffle_mask(i) },
            LLVMExtractValue => InstData::ExtractValue { arg: self.operand(LLVMGetOperand(i, 0))?, indices: indices(i) },
            LLVMInsertValue => InstData::InsertValue { args: self.ops2(i)?, indices: indices(i) },
            LLVMAlloca => {
                let count = self.operand(LLVMGetOperand(i, 0))?;
                InstData::Alloca { ty: lower_type(LLVMGetAllocatedType(i)), count, align: LLVMGetAlignment(i) }
            }
            LLVMLoad => {
                let load = InstData::Load { ptr: self.operand(LLVMGetOperand(i, 0))?, mem: mem_flags(i) };
                // An integer load of a float (TBAA, see `float_access`): the float, then its bits.
                if let Some(f) = float_access(i, &ty) {
                    let x = self.build_value(load, f, Flags::NONE);
                    return Ok(Some(self.build_value(InstData::Cast { op: CastOp::Bitcast, arg: x }, ty, Flags::NONE)));
                }
                load
            }
            LLVMStore => {
                let [mut val, ptr] = self.ops2(i)?;
                let vty = self.func.dfg.value_type(val).clone();
                if let Some(f) = float_access(i, &vty) {
                    val = self.build_value(InstData::Cast { op: CastOp::Bitcast, arg: val }, f, Flags::NONE);
                }
                InstData::Store { args: [val, ptr], mem: mem_flags(i) }
            }
            LLVMGetElementPtr => return self.gep(i).map(Some),
            LLVMFence => InstData::Fence { ordering: ordering(LLVMGetOrdering(i)) },
            LLVMAtomicRMW => InstData::AtomicRmw { op: rmw_op(i)?, args: self.ops2(i)?, ordering: ordering(LLVMGetOrdering(i)) },
            LLVMAtomicCmpXchg => InstData::CmpXchg {
                args: self.ops3(i)?,
                success: ordering(LLVMGetCmpXchgSuccessOrdering(i)),
                failure: ordering(LLVMGetCmpXchgFailureOrdering(i)),
            },
            _ => return self.lower_control(i, op, flags),
        };
        let inst = self.build(data, ty, flags);
        Ok(self.func.dfg.result(inst))
    }

    unsafe fn ops2(&mut self, i: LLVMValueRef) -> LResult<[Value; 2]> {
        Ok([self.operand(LLVMGetOperand(i, 0))?, self.operand(LLVMGetOperand(i, 1))?])
    }

    unsafe fn ops3(&mut self, i: LLVMValueRef) -> LResult<[Value; 3]> {
        let [a, b] = self.ops2(i)?;
        Ok([a, b, self.operand(LLVMGetOperand(i, 2))?])
    }

    /// `getelementptr` (instruction or constant expression) → `ptradd base, offset`.
    ///
    /// Scalar indices sum into one i64 offset (constants folded). A vector GEP (the loop
    /// vectorizer's addresses for gathers and scatters) has a vector base or vector indices:
    /// vector indices sum into one `<N x i64>` offset, applied by a second `ptradd` after the
    /// scalar one, so the result is `<N x ptr>` as in LLVM.
    pub(crate) unsafe fn gep(&mut self, g: LLVMValueRef) -> LResult<Value> {
        let layout = self.m.layout;
        let base = self.operand(LLVMGetOperand(g, 0))?;
        let mut cur = LLVMGetGEPSourceElementType(g);
        let mut fixed: i64 = 0;
        let mut var: Option<Value> = None;
        let mut var_lanes: Option<Value> = None;
        for k in 1..LLVMGetNumOperands(g) as u32 {
            let idx = LLVMGetOperand(g, k);
            let lanes = is_vector(LLVMTypeOf(idx));
            if k > 1 && is_struct(cur) {
                let field = struct_index(idx);
                fixed = fixed.wrapping_add(field_offset(layout, cur, field) as i64);
                cur = struct_fields(cur).get(field as usize).copied().unwrap_or(cur);
                continue;
            }
            if k > 1 {
                cur = LLVMGetElementType(cur);
            }
            let size = alloc_size(layout, cur) as i64;
            if !lanes && !LLVMIsAConstantInt(idx).is_null() {
                fixed = fixed.wrapping_add(const_index(idx).wrapping_mul(size));
                continue;
            }
            let term = self.scaled_index(idx, size)?;
            let acc = if lanes { &mut var_lanes } else { &mut var };
            *acc = Some(match *acc {
                None => term,
                Some(sum) => self.add_offsets(sum, term),
            });
        }
        let inbounds = LLVMGEPGetNoWrapFlags(g) & LLVMGEPFlagInBounds != 0;
        let flags = if inbounds { Flags::NONE.with(Flag::InBounds) } else { Flags::NONE };
        let scalar = match var {
            None if fixed == 0 => None,
            None => Some(self.i64_const(fixed)),
            Some(v) if fixed == 0 => Some(v),
            Some(v) => {
                let c = self.i64_const(fixed);
                Some(self.add_offsets(v, c))
            }
        };
        let mut ptr = base;
        for offset in [scalar, var_lanes].into_iter().flatten() {
            ptr = self.ptradd(ptr, offset, flags);
        }
        // A scalar base with only constant (splat) vector indices still gives a vector.
        let ty = lower_type(LLVMTypeOf(g));
        if let (Type::Vector(n, _), false) = (&ty, self.func.dfg.value_type(ptr).is_vector()) {
            let zero = self.func.dfg.make_const(Type::vector(*n, Type::I64), Const::Zero);
            ptr = self.ptradd(ptr, zero, flags);
        }
        Ok(ptr)
    }

    fn ptradd(&mut self, base: Value, offset: Value, flags: Flags) -> Value {
        let (tb, to) = (self.func.dfg.value_type(base), self.func.dfg.value_type(offset));
        let ty = Type::ptradd_result(tb, to).unwrap_or_else(|| tb.clone());
        self.build_value(InstData::PtrAdd { args: [base, offset] }, ty, flags)
    }

    /// A variable GEP index (scalar or vector) as an i64 byte offset: sext/trunc to i64,
    /// times `size`.
    unsafe fn scaled_index(&mut self, idx: LLVMValueRef, size: i64) -> LResult<Value> {
        let ity = lower_type(LLVMTypeOf(idx));
        let Type::Int(width) = *ity.scalar() else {
            return Err(unsupported(format!("a getelementptr index of type {ity} is not supported"), HELP_REPORT));
        };
        let i64s = ity.with_scalar(Type::I64);
        let mut v = self.operand(idx)?;
        if width != 64 {
            let op = if width < 64 { CastOp::SExt } else { CastOp::Trunc };
            v = self.build_value(InstData::Cast { op, arg: v }, i64s.clone(), Flags::NONE);
        }
        if size != 1 {
            let s = self.func.dfg.make_const(i64s.clone(), Const::Int(size as u64 as u128));
            v = self.build_value(InstData::Binary { op: catalase_ir::opcodes::BinaryOp::Mul, args: [v, s] }, i64s, Flags::NONE);
        }
        Ok(v)
    }

    fn i64_const(&mut self, n: i64) -> Value {
        self.func.dfg.make_const(Type::I64, Const::Int(n as u64 as u128))
    }

    /// `a + b` for two offsets of the same type (i64 or `<N x i64>`).
    fn add_offsets(&mut self, a: Value, b: Value) -> Value {
        let ty = self.func.dfg.value_type(a).clone();
        self.build_value(InstData::Binary { op: catalase_ir::opcodes::BinaryOp::Add, args: [a, b] }, ty, Flags::NONE)
    }
}

/// Opcodes that compute with their operands' values (not merely move them).
fn is_computation(op: LLVMOpcode) -> bool {
    use LLVMOpcode::*;
    binary_op(op).is_some() || cast_op(op).is_some() || matches!(op, LLVMFNeg | LLVMFCmp)
}

/// Computing with a type Catalase only carries (fp128, ...) is Unsupported. `x86_fp80`
/// (long double) arithmetic is lowered: it is cloned as it is where it is inactive, and the
/// generators refuse it where a derivative would flow through it.
unsafe fn refuse_opaque(i: LLVMValueRef) -> LResult<()> {
    let mut types = vec![lower_type(LLVMTypeOf(i))];
    types.extend((0..LLVMGetNumOperands(i) as u32).map(|k| lower_type(LLVMTypeOf(LLVMGetOperand(i, k)))));
    match types.iter().find(|t| matches!(t.scalar(), Type::Opaque(_)) && !t.is_x86_fp80()) {
        Some(t) => Err(unsupported(
            format!("arithmetic on `{}` is not supported", t.scalar()),
            "compute in double (or float) instead of long double / __float128",
        )),
        None => Ok(()),
    }
}

/// A struct field index: a constant, or a splat of one in a vector GEP.
unsafe fn struct_index(idx: LLVMValueRef) -> u32 {
    let c = if is_vector(LLVMTypeOf(idx)) && LLVMIsAConstantInt(idx).is_null() {
        LLVMGetAggregateElement(idx, 0)
    } else {
        idx
    };
    if c.is_null() || LLVMIsAConstantInt(c).is_null() {
        return 0;
    }
    LLVMConstIntGetZExtValue(c) as u32
}

/// A constant GEP index, sign-extended from its width.
unsafe fn const_index(idx: LLVMValueRef) -> i64 {
    let w = int_width(LLVMTypeOf(idx)).unwrap_or(64);
    let raw = LLVMConstIntGetZExtValue(idx);
    if w >= 64 {
        raw as i64
    } else {
        let shift = 64 - w;
        ((raw << shift) as i64) >> shift
    }
}

/// Flags of an instruction: nsw/nuw/exact/disjoint/nneg/samesign and fast-math; the
/// queries are asked only of the opcodes that have them (LLVM asserts otherwise).
unsafe fn inst_flags(i: LLVMValueRef, op: LLVMOpcode) -> Flags {
    use LLVMOpcode::*;
    let mut f = Flags::NONE;
    let mut set = |on: bool, flag: Flag| {
        if on {
            f = f.with(flag);
        }
    };
    match op {
        LLVMAdd | LLVMSub | LLVMMul | LLVMShl | LLVMTrunc => {
            set(LLVMGetNSW(i) != 0, Flag::Nsw);
            set(LLVMGetNUW(i) != 0, Flag::Nuw);
        }
        LLVMUDiv | LLVMSDiv | LLVMLShr | LLVMAShr => set(LLVMGetExact(i) != 0, Flag::Exact),
        LLVMOr => set(LLVMGetIsDisjoint(i) != 0, Flag::Disjoint),
        LLVMZExt | LLVMUIToFP => set(LLVMGetNNeg(i) != 0, Flag::NNeg),
        LLVMICmp => set(LLVMGetICmpSameSign(i) != 0, Flag::SameSign),
        LLVMAtomicRMW | LLVMAtomicCmpXchg => set(LLVMGetVolatile(i) != 0, Flag::Volatile),
        _ => {}
    }
    f = f.union(fast_math(i));
    if matches!(op, LLVMCall) {
        f = f.union(tail_flags(i));
    }
    f
}

trait Union {
    fn union(self, other: Flags) -> Flags;
}

impl Union for Flags {
    fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

/// Fast-math flags, for instructions that can carry them.
unsafe fn fast_math(i: LLVMValueRef) -> Flags {
    if LLVMCanValueUseFastMathFlags(i) == 0 {
        return Flags::NONE;
    }
    let fmf = LLVMGetFastMathFlags(i);
    let table = [
        (LLVMFastMathAllowReassoc, Flag::Reassoc),
        (LLVMFastMathNoNaNs, Flag::Nnan),
        (LLVMFastMathNoInfs, Flag::Ninf),
        (LLVMFastMathNoSignedZeros, Flag::Nsz),
        (LLVMFastMathAllowReciprocal, Flag::Arcp),
        (LLVMFastMathAllowContract, Flag::Contract),
        (LLVMFastMathApproxFunc, Flag::Afn),
    ];
    table.iter().filter(|(bit, _)| fmf & bit != 0).fold(Flags::NONE, |acc, (_, fl)| acc.with(*fl))
}

/// `tail`/`musttail`/`notail` of a call.
unsafe fn tail_flags(i: LLVMValueRef) -> Flags {
    match LLVMGetTailCallKind(i) {
        LLVMTailCallKind::LLVMTailCallKindTail => Flags::NONE.with(Flag::Tail),
        LLVMTailCallKind::LLVMTailCallKindMustTail => Flags::NONE.with(Flag::MustTail),
        LLVMTailCallKind::LLVMTailCallKindNoTail => Flags::NONE.with(Flag::NoTail),
        _ => Flags::NONE,
    }
}

unsafe fn mem_flags(i: LLVMValueRef) -> MemFlags {
    MemFlags { align: LLVMGetAlignment(i), volatile: LLVMGetVolatile(i) != 0, ordering: ordering(LLVMGetOrdering(i)) }
}

unsafe fn shuffle_mask(i: LLVMValueRef) -> Vec<i32> {
    let poison = LLVMGetUndefMaskElem();
    (0..LLVMGetNumMaskElements(i))
        .map(|k| {
            let m = LLVMGetMaskValue(i, k);
            if m == poison { -1 } else { m }
        })
        .collect()
}

unsafe fn indices(i: LLVMValueRef) -> Vec<u32> {
    let n = LLVMGetNumIndices(i) as usize;
    let p = LLVMGetIndices(i);
    if p.is_null() || n == 0 {
        return Vec::new();
    }
    std::slice::from_raw_parts(p, n).to_vec()
}

pub(crate) fn ordering(o: LLVMAtomicOrdering) -> Ordering {
    use LLVMAtomicOrdering::*;
    match o {
        LLVMAtomicOrderingNotAtomic => Ordering::NotAtomic,
        LLVMAtomicOrderingUnordered => Ordering::Unordered,
        LLVMAtomicOrderingMonotonic => Ordering::Monotonic,
        LLVMAtomicOrderingAcquire => Ordering::Acquire,
        LLVMAtomicOrderingRelease => Ordering::Release,
        LLVMAtomicOrderingAcquireRelease => Ordering::AcqRel,
        LLVMAtomicOrderingSequentiallyConsistent => Ordering::SeqCst,
    }
}

unsafe fn rmw_op(i: LLVMValueRef) -> LResult<RmwOp> {
    use LLVMAtomicRMWBinOp::*;
    Ok(match LLVMGetAtomicRMWBinOp(i) {
        LLVMAtomicRMWBinOpXchg => RmwOp::Xchg,
        LLVMAtomicRMWBinOpAdd => RmwOp::Add,
        LLVMAtomicRMWBinOpSub => RmwOp::Sub,
        LLVMAtomicRMWBinOpAnd => RmwOp::And,
        LLVMAtomicRMWBinOpNand => RmwOp::Nand,
        LLVMAtomicRMWBinOpOr => RmwOp::Or,
        LLVMAtomicRMWBinOpXor => RmwOp::Xor,
        LLVMAtomicRMWBinOpMax => RmwOp::Max,
        LLVMAtomicRMWBinOpMin => RmwOp::Min,
        LLVMAtomicRMWBinOpUMax => RmwOp::UMax,
        LLVMAtomicRMWBinOpUMin => RmwOp::UMin,
        LLVMAtomicRMWBinOpFAdd => RmwOp::FAdd,
        LLVMAtomicRMWBinOpFSub => RmwOp::FSub,
        LLVMAtomicRMWBinOpFMax => RmwOp::FMax,
        LLVMAtomicRMWBinOpFMin => RmwOp::FMin,
        _ => {
            return Err(unsupported(
                format!("the atomicrmw operation in `{}` is not supported", print_value(i)),
                HELP_REPORT,
            ))
        }
    })
}

fn int_cc(p: LLVMIntPredicate) -> IntCC {
    use LLVMIntPredicate::*;
    match p {
        LLVMIntEQ => IntCC::Eq,
        LLVMIntNE => IntCC::Ne,
        LLVMIntUGT => IntCC::Ugt,
        LLVMIntUGE => IntCC::Uge,
        LLVMIntULT => IntCC::Ult,
        LLVMIntULE => IntCC::Ule,
        LLVMIntSGT => IntCC::Sgt,
        LLVMIntSGE => IntCC::Sge,
        LLVMIntSLT => IntCC::Slt,
        LLVMIntSLE => IntCC::Sle,
    }
}

fn float_cc(p: LLVMRealPredicate) -> FloatCC {
    use LLVMRealPredicate::*;
    match p {
        LLVMRealPredicateFalse => FloatCC::False,
        LLVMRealOEQ => FloatCC::Oeq,
        LLVMRealOGT => FloatCC::Ogt,
        LLVMRealOGE => FloatCC::Oge,
        LLVMRealOLT => FloatCC::Olt,
        LLVMRealOLE => FloatCC::Ole,
        LLVMRealONE => FloatCC::One,
        LLVMRealORD => FloatCC::Ord,
        LLVMRealUNO => FloatCC::Uno,
        LLVMRealUEQ => FloatCC::Ueq,
        LLVMRealUGT => FloatCC::Ugt,
        LLVMRealUGE => FloatCC::Uge,
        LLVMRealULT => FloatCC::Ult,
        LLVMRealULE => FloatCC::Ule,
        LLVMRealUNE => FloatCC::Une,
        LLVMRealPredicateTrue => FloatCC::True,
    }
}

/// The float type a scalar integer load or store of `ty` moves, where its TBAA access type
/// says so: `i64` accessed as `double`, `i32` as `float`. InstCombine turns a `double` copied
/// from one place to another into an `i64` load and store that keep the `double` tag; the
/// function then never says what the bytes are (an 8-byte word copied into a `std::function`'s
/// closure, read as a double only by the lambda's invoker, called through a pointer), and the
/// tag is what Enzyme's type analysis reads there. Lowered as the float access and a `bitcast`,
/// which moves the same bits, so type analysis and reverse mode see the double.
unsafe fn float_access(i: LLVMValueRef, ty: &Type) -> Option<Type> {
    let float = match ty {
        Type::Int(64) => Type::F64,
        Type::Int(32) => Type::F32,
        _ => return None,
    };
    let want = if float == Type::F64 { "double" } else { "float" };
    (crate::metadata::tbaa_access_type(i)?.as_str() == want).then_some(float)
}
