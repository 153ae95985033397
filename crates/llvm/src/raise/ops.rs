//! Opcode tables for raising: Catalase opcodes, conditions, orderings and flags → their LLVM
//! C API counterparts, and the cast validity rules checked before building a cast.

use catalase_ir::opcodes::{BinaryOp, CastOp, Flag, Flags, FloatCC, IntCC, Ordering, RmwOp};
use catalase_ir::Type;
use llvm_sys::*;

pub(super) fn binary_opcode(op: BinaryOp) -> LLVMOpcode {
    use LLVMOpcode::*;
    match op {
        BinaryOp::Add => LLVMAdd,
        BinaryOp::Sub => LLVMSub,
        BinaryOp::Mul => LLVMMul,
        BinaryOp::UDiv => LLVMUDiv,
        BinaryOp::SDiv => LLVMSDiv,
        BinaryOp::URem => LLVMURem,
        BinaryOp::SRem => LLVMSRem,
        BinaryOp::Shl => LLVMShl,
        BinaryOp::LShr => LLVMLShr,
        BinaryOp::AShr => LLVMAShr,
        BinaryOp::And => LLVMAnd,
        BinaryOp::Or => LLVMOr,
        BinaryOp::Xor => LLVMXor,
        BinaryOp::FAdd => LLVMFAdd,
        BinaryOp::FSub => LLVMFSub,
        BinaryOp::FMul => LLVMFMul,
        BinaryOp::FDiv => LLVMFDiv,
        BinaryOp::FRem => LLVMFRem,
    }
}

pub(super) fn cast_opcode(op: CastOp) -> LLVMOpcode {
    use LLVMOpcode::*;
    match op {
        CastOp::Trunc => LLVMTrunc,
        CastOp::ZExt => LLVMZExt,
        CastOp::SExt => LLVMSExt,
        CastOp::FPTrunc => LLVMFPTrunc,
        CastOp::FPExt => LLVMFPExt,
        CastOp::FPToUI => LLVMFPToUI,
        CastOp::FPToSI => LLVMFPToSI,
        CastOp::UIToFP => LLVMUIToFP,
        CastOp::SIToFP => LLVMSIToFP,
        CastOp::PtrToInt => LLVMPtrToInt,
        CastOp::IntToPtr => LLVMIntToPtr,
        CastOp::Bitcast => LLVMBitCast,
        CastOp::AddrSpaceCast => LLVMAddrSpaceCast,
    }
}

pub(super) fn int_predicate(cc: IntCC) -> LLVMIntPredicate {
    use LLVMIntPredicate::*;
    match cc {
        IntCC::Eq => LLVMIntEQ,
        IntCC::Ne => LLVMIntNE,
        IntCC::Ugt => LLVMIntUGT,
        IntCC::Uge => LLVMIntUGE,
        IntCC::Ult => LLVMIntULT,
        IntCC::Ule => LLVMIntULE,
        IntCC::Sgt => LLVMIntSGT,
        IntCC::Sge => LLVMIntSGE,
        IntCC::Slt => LLVMIntSLT,
        IntCC::Sle => LLVMIntSLE,
    }
}

pub(super) fn real_predicate(cc: FloatCC) -> LLVMRealPredicate {
    use LLVMRealPredicate::*;
    match cc {
        FloatCC::False => LLVMRealPredicateFalse,
        FloatCC::Oeq => LLVMRealOEQ,
        FloatCC::Ogt => LLVMRealOGT,
        FloatCC::Oge => LLVMRealOGE,
        FloatCC::Olt => LLVMRealOLT,
        FloatCC::Ole => LLVMRealOLE,
        FloatCC::One => LLVMRealONE,
        FloatCC::Ord => LLVMRealORD,
        FloatCC::Ueq => LLVMRealUEQ,
        FloatCC::Ugt => LLVMRealUGT,
        FloatCC::Uge => LLVMRealUGE,
        FloatCC::Ult => LLVMRealULT,
        FloatCC::Ule => LLVMRealULE,
        FloatCC::Une => LLVMRealUNE,
        FloatCC::Uno => LLVMRealUNO,
        FloatCC::True => LLVMRealPredicateTrue,
    }
}

pub(super) fn ordering(o: Ordering) -> LLVMAtomicOrdering {
    use LLVMAtomicOrdering::*;
    match o {
        Ordering::NotAtomic => LLVMAtomicOrderingNotAtomic,
        Ordering::Unordered => LLVMAtomicOrderingUnordered,
        Ordering::Monotonic => LLVMAtomicOrderingMonotonic,
        Ordering::Acquire => LLVMAtomicOrderingAcquire,
        Ordering::Release => LLVMAtomicOrderingRelease,
        Ordering::AcqRel => LLVMAtomicOrderingAcquireRelease,
        Ordering::SeqCst => LLVMAtomicOrderingSequentiallyConsistent,
    }
}

/// Orderings a fence accepts.
pub(super) fn is_fence_ordering(o: Ordering) -> bool {
    matches!(
        o,
        Ordering::Acquire | Ordering::Release | Ordering::AcqRel | Ordering::SeqCst
    )
}

/// Orderings a cmpxchg accepts: both at least monotonic, failure neither release nor acq_rel.
pub(super) fn is_cmpxchg_ordering(success: Ordering, failure: Ordering) -> bool {
    let atomic = |o| !matches!(o, Ordering::NotAtomic | Ordering::Unordered);
    atomic(success) && atomic(failure) && !matches!(failure, Ordering::Release | Ordering::AcqRel)
}

pub(super) fn rmw_op(op: RmwOp) -> LLVMAtomicRMWBinOp {
    use LLVMAtomicRMWBinOp::*;
    match op {
        RmwOp::Xchg => LLVMAtomicRMWBinOpXchg,
        RmwOp::Add => LLVMAtomicRMWBinOpAdd,
        RmwOp::Sub => LLVMAtomicRMWBinOpSub,
        RmwOp::And => LLVMAtomicRMWBinOpAnd,
        RmwOp::Nand => LLVMAtomicRMWBinOpNand,
        RmwOp::Or => LLVMAtomicRMWBinOpOr,
        RmwOp::Xor => LLVMAtomicRMWBinOpXor,
        RmwOp::Max => LLVMAtomicRMWBinOpMax,
        RmwOp::Min => LLVMAtomicRMWBinOpMin,
        RmwOp::UMax => LLVMAtomicRMWBinOpUMax,
        RmwOp::UMin => LLVMAtomicRMWBinOpUMin,
        RmwOp::FAdd => LLVMAtomicRMWBinOpFAdd,
        RmwOp::FSub => LLVMAtomicRMWBinOpFSub,
        RmwOp::FMax => LLVMAtomicRMWBinOpFMax,
        RmwOp::FMin => LLVMAtomicRMWBinOpFMin,
    }
}

/// The LLVM fast-math bits of a flag set.
pub(super) fn fast_math(flags: Flags) -> LLVMFastMathFlags {
    let table = [
        (Flag::Reassoc, LLVMFastMathAllowReassoc),
        (Flag::Nnan, LLVMFastMathNoNaNs),
        (Flag::Ninf, LLVMFastMathNoInfs),
        (Flag::Nsz, LLVMFastMathNoSignedZeros),
        (Flag::Arcp, LLVMFastMathAllowReciprocal),
        (Flag::Contract, LLVMFastMathAllowContract),
        (Flag::Afn, LLVMFastMathApproxFunc),
    ];
    table
        .iter()
        .filter(|(f, _)| flags.has(*f))
        .fold(0, |acc, (_, bit)| acc | bit)
}

/// The call's tail-call kind, if a tail flag is set.
pub(super) fn tail_kind(flags: Flags) -> Option<LLVMTailCallKind> {
    if flags.has(Flag::MustTail) {
        Some(LLVMTailCallKind::LLVMTailCallKindMustTail)
    } else if flags.has(Flag::NoTail) {
        Some(LLVMTailCallKind::LLVMTailCallKindNoTail)
    } else if flags.has(Flag::Tail) {
        Some(LLVMTailCallKind::LLVMTailCallKindTail)
    } else {
        None
    }
}

/// Bits of a float format (x86_fp80 and fp128 included), 0 for anything else.
fn float_bits(t: &Type) -> u32 {
    match t {
        Type::Opaque(s) if s == "x86_fp80" => 80,
        Type::Opaque(s) if s == "fp128" || s == "ppc_fp128" => 128,
        t if t.is_float() => t.scalar_bits(),
        _ => 0,
    }
}

/// Whether `op` may convert `from` to `to` (LLVM's `castIsValid`, for the types Catalase has).
pub(super) fn cast_ok(op: CastOp, from: &Type, to: &Type) -> bool {
    if op != CastOp::Bitcast && (from.is_vector() != to.is_vector() || from.lanes() != to.lanes()) {
        return false;
    }
    let (f, t) = (from.scalar(), to.scalar());
    let (fi, ti) = (f.is_int(), t.is_int());
    let (ff, tf) = (float_bits(f), float_bits(t));
    match op {
        CastOp::Trunc => fi && ti && f.scalar_bits() > t.scalar_bits(),
        CastOp::ZExt | CastOp::SExt => fi && ti && f.scalar_bits() < t.scalar_bits(),
        CastOp::FPTrunc => ff > 0 && tf > 0 && ff > tf,
        CastOp::FPExt => ff > 0 && tf > 0 && ff < tf,
        CastOp::FPToUI | CastOp::FPToSI => ff > 0 && ti,
        CastOp::UIToFP | CastOp::SIToFP => fi && tf > 0,
        CastOp::PtrToInt => f.is_ptr() && ti,
        CastOp::IntToPtr => fi && t.is_ptr(),
        CastOp::AddrSpaceCast => matches!((f, t), (Type::Ptr(a), Type::Ptr(b)) if a != b),
        CastOp::Bitcast => match (f, t) {
            (Type::Ptr(a), Type::Ptr(b)) => a == b && from.lanes() == to.lanes(),
            _ if f.is_ptr() || t.is_ptr() => false,
            _ => {
                let bits = |x: &Type| {
                    if x.is_int() {
                        x.scalar_bits()
                    } else {
                        float_bits(x)
                    }
                };
                let (bf, bt) = (
                    bits(f) as u64 * from.lanes() as u64,
                    bits(t) as u64 * to.lanes() as u64,
                );
                bits(f) > 0 && bits(t) > 0 && bf == bt
            }
        },
    }
}
