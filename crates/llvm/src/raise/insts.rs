//! Ordinary (non-terminator) instructions: arithmetic, comparisons, casts, vector and
//! aggregate operations, memory, atomics, and the instruction flags.
//!
//! Each builder checks the operand types it can see before calling the C API (LLVM is built
//! without assertions, so a bad operand would otherwise make a broken instruction), and the
//! result's LLVM type is checked against the Catalase result type. A flag on an instruction
//! that cannot carry it is dropped (setting it would be undefined behaviour in LLVM).

use catalase_ir::diag::Diagnostic;
use catalase_ir::inst::{InstData, MemFlags};
use catalase_ir::opcodes::{BinaryOp, CastOp, Flag, Flags, UnaryOp};
use catalase_ir::{Inst, Type, Value};
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::*;

use super::ops;
use super::types::{same_shape, type_text};
use super::Raiser;

impl Raiser<'_> {
    /// Raise one non-terminator instruction and bind its result.
    pub(super) unsafe fn raise_inst(&mut self, i: Inst) -> Result<(), Diagnostic> {
        let f = self.f;
        let node = &f.dfg.insts[i];
        let result_ty = match node.result {
            Some(v) => self.value_type(v)?.clone(),
            None => Type::Void,
        };
        let x = match &node.data {
            InstData::Binary { .. }
            | InstData::Unary { .. }
            | InstData::Cast { .. }
            | InstData::Icmp { .. }
            | InstData::Fcmp { .. }
            | InstData::Select { .. } => self.raise_arith(&node.data, &result_ty)?,
            InstData::ExtractElement { .. }
            | InstData::InsertElement { .. }
            | InstData::Shuffle { .. }
            | InstData::ExtractValue { .. }
            | InstData::InsertValue { .. } => self.raise_member_op(&node.data)?,
            InstData::Call { .. } => self.raise_call(i)?,
            InstData::LandingPad { cleanup, clauses } => {
                self.raise_landingpad(*cleanup, clauses, &result_ty)?
            }
            data if !data.is_terminator() => self.raise_memory(data, node.flags, &result_ty)?,
            other => {
                return Err(self.err(format!("{} in the middle of a block", other.opcode_name())))
            }
        };
        self.apply_flags(x, node.flags, &node.data);
        self.bind_result(i, x, &result_ty)
    }

    /// Arithmetic, comparisons, casts and select.
    unsafe fn raise_arith(
        &mut self,
        data: &InstData,
        result_ty: &Type,
    ) -> Result<LLVMValueRef, Diagnostic> {
        let b = self.b();
        Ok(match data {
            InstData::Binary { op, args } => self.raise_binary(*op, *args)?,
            InstData::Unary { op, arg } => {
                let a = self.value(*arg)?;
                match op {
                    UnaryOp::FNeg if self.value_type(*arg)?.is_float_format_or_vector() => {
                        LLVMBuildFNeg(b, a, c"".as_ptr())
                    }
                    UnaryOp::FNeg => return Err(self.err("fneg of a non-float")),
                    UnaryOp::Freeze => LLVMBuildFreeze(b, a, c"".as_ptr()),
                }
            }
            InstData::Cast { op, arg } => self.raise_cast(*op, *arg, result_ty)?,
            InstData::Icmp { cond, args } => {
                let (x, y) = self.same_typed_pair(
                    *args,
                    |t| t.is_int_or_vector() || t.is_ptr_or_vector(),
                    "icmp",
                )?;
                LLVMBuildICmp(b, ops::int_predicate(*cond), x, y, c"".as_ptr())
            }
            InstData::Fcmp { cond, args } => {
                let (x, y) = self.same_typed_pair(*args, Type::is_float_format_or_vector, "fcmp")?;
                LLVMBuildFCmp(b, ops::real_predicate(*cond), x, y, c"".as_ptr())
            }
            InstData::Select { args } => self.raise_select(*args)?,
            _ => return Err(self.err("not an arithmetic instruction")),
        })
    }

    /// Vector element, shuffle and aggregate member operations.
    unsafe fn raise_member_op(&mut self, data: &InstData) -> Result<LLVMValueRef, Diagnostic> {
        let b = self.b();
        Ok(match data {
            InstData::ExtractElement { args } => {
                self.check(
                    self.value_type(args[0])?.is_vector() && self.value_type(args[1])?.is_int(),
                    "extractelement operands",
                )?;
                let (v, idx) = (self.value(args[0])?, self.value(args[1])?);
                LLVMBuildExtractElement(b, v, idx, c"".as_ptr())
            }
            InstData::InsertElement { args } => {
                let vt = self.value_type(args[0])?;
                self.check(
                    vt.is_vector()
                        && vt.scalar() == self.value_type(args[1])?
                        && self.value_type(args[2])?.is_int(),
                    "insertelement operands",
                )?;
                let (v, e, idx) = (
                    self.value(args[0])?,
                    self.value(args[1])?,
                    self.value(args[2])?,
                );
                LLVMBuildInsertElement(b, v, e, idx, c"".as_ptr())
            }
            InstData::Shuffle { args, mask } => self.raise_shuffle(*args, mask)?,
            InstData::ExtractValue { arg, indices } => self.raise_extract_value(*arg, indices)?,
            InstData::InsertValue { args, indices } => {
                let agg_ty = self.value_type(args[0])?;
                let member = agg_ty
                    .member_path(indices)
                    .filter(|_| agg_ty.is_aggregate() && !indices.is_empty());
                self.check(
                    member == Some(self.value_type(args[1])?),
                    "insertvalue member type",
                )?;
                let (agg, elem) = (self.value(args[0])?, self.value(args[1])?);
                self.insert_value_path(agg, elem, indices)
            }
            _ => return Err(self.err("not a vector or aggregate instruction")),
        })
    }

    /// Stack allocation, loads, stores, pointer arithmetic, fences and atomics.
    unsafe fn raise_memory(
        &mut self,
        data: &InstData,
        flags: Flags,
        result_ty: &Type,
    ) -> Result<LLVMValueRef, Diagnostic> {
        let b = self.b();
        Ok(match data {
            InstData::Alloca { ty, count, align } => self.raise_alloca(ty, *count, *align)?,
            InstData::Load { ptr, mem } => {
                self.check(
                    self.value_type(*ptr)?.is_ptr() && !result_ty.is_void(),
                    "load operands",
                )?;
                let (t, p) = (self.ty(result_ty)?, self.value(*ptr)?);
                let x = LLVMBuildLoad2(b, t, p, c"".as_ptr());
                self.set_mem(x, mem)?;
                x
            }
            InstData::Store { args, mem } => {
                self.check(
                    self.value_type(args[1])?.is_ptr() && !self.value_type(args[0])?.is_void(),
                    "store operands",
                )?;
                let (v, p) = (self.value(args[0])?, self.value(args[1])?);
                let x = LLVMBuildStore(b, v, p);
                self.set_mem(x, mem)?;
                x
            }
            InstData::PtrAdd { args } => self.raise_ptradd(*args, flags)?,
            InstData::Fence { ordering } => {
                self.check(ops::is_fence_ordering(*ordering), "fence ordering")?;
                LLVMBuildFence(b, ops::ordering(*ordering), 0, c"".as_ptr())
            }
            InstData::AtomicRmw { op, args, ordering } => {
                self.check(
                    self.value_type(args[0])?.is_ptr()
                        && *ordering != catalase_ir::opcodes::Ordering::NotAtomic,
                    "atomicrmw operands",
                )?;
                let (p, v) = (self.value(args[0])?, self.value(args[1])?);
                LLVMBuildAtomicRMW(b, ops::rmw_op(*op), p, v, ops::ordering(*ordering), 0)
            }
            InstData::CmpXchg {
                args,
                success,
                failure,
            } => {
                let ok = self.value_type(args[0])?.is_ptr()
                    && self.value_type(args[1])? == self.value_type(args[2])?;
                self.check(
                    ok && ops::is_cmpxchg_ordering(*success, *failure),
                    "cmpxchg operands",
                )?;
                let (p, c, n) = (
                    self.value(args[0])?,
                    self.value(args[1])?,
                    self.value(args[2])?,
                );
                LLVMBuildAtomicCmpXchg(
                    b,
                    p,
                    c,
                    n,
                    ops::ordering(*success),
                    ops::ordering(*failure),
                    0,
                )
            }
            other => return Err(self.err(format!("cannot raise {}", other.opcode_name()))),
        })
    }

    /// An error unless `ok`.
    pub(super) fn check(&self, ok: bool, what: &str) -> Result<(), Diagnostic> {
        if ok {
            Ok(())
        } else {
            Err(self.err(format!("invalid {what}")))
        }
    }

    /// Map the instruction's result to `x`, checking that the types agree.
    unsafe fn bind_result(
        &mut self,
        i: Inst,
        x: LLVMValueRef,
        ty: &Type,
    ) -> Result<(), Diagnostic> {
        let Some(v) = self.f.dfg.insts[i].result else {
            return Ok(());
        };
        let want = self.ty(ty)?;
        if !same_shape(LLVMTypeOf(x), want) {
            return Err(self.err(format!(
                "result {v} has type {ty}, but LLVM gives {}",
                type_text(LLVMTypeOf(x))
            )));
        }
        self.name_value(x, v);
        self.values.insert(v, x);
        Ok(())
    }

    /// Two operands of one type satisfying `ok`.
    unsafe fn same_typed_pair(
        &mut self,
        args: [Value; 2],
        ok: impl Fn(&Type) -> bool,
        what: &str,
    ) -> Result<(LLVMValueRef, LLVMValueRef), Diagnostic> {
        let (ta, tb) = (self.value_type(args[0])?, self.value_type(args[1])?);
        if ta != tb || !ok(ta) {
            return Err(self.err(format!("{what} operands of types {ta} and {tb}")));
        }
        Ok((self.value(args[0])?, self.value(args[1])?))
    }

    unsafe fn raise_binary(
        &mut self,
        op: BinaryOp,
        args: [Value; 2],
    ) -> Result<LLVMValueRef, Diagnostic> {
        let float = op.is_float();
        let (x, y) = self.same_typed_pair(
            args,
            |t| {
                if float {
                    t.is_float_format_or_vector()
                } else {
                    t.is_int_or_vector()
                }
            },
            op.name(),
        )?;
        Ok(LLVMBuildBinOp(
            self.b(),
            ops::binary_opcode(op),
            x,
            y,
            c"".as_ptr(),
        ))
    }

    unsafe fn raise_cast(
        &mut self,
        op: CastOp,
        arg: Value,
        to: &Type,
    ) -> Result<LLVMValueRef, Diagnostic> {
        let from = self.value_type(arg)?;
        if !ops::cast_ok(op, from, to) {
            return Err(self.err(format!("{op} from {from} to {to}")));
        }
        let (x, t) = (self.value(arg)?, self.ty(to)?);
        Ok(LLVMBuildCast(
            self.b(),
            ops::cast_opcode(op),
            x,
            t,
            c"".as_ptr(),
        ))
    }

    unsafe fn raise_select(&mut self, args: [Value; 3]) -> Result<LLVMValueRef, Diagnostic> {
        let (tc, tt, tf) = (
            self.value_type(args[0])?,
            self.value_type(args[1])?,
            self.value_type(args[2])?,
        );
        let cond_ok = tc == &Type::I1
            || (tc.scalar() == &Type::I1
                && tc.is_vector()
                && tt.lanes() == tc.lanes()
                && tt.is_vector());
        if !cond_ok || tt != tf {
            return Err(self.err(format!("select of {tc}, {tt}, {tf}")));
        }
        let (c, t, f) = (
            self.value(args[0])?,
            self.value(args[1])?,
            self.value(args[2])?,
        );
        Ok(LLVMBuildSelect(self.b(), c, t, f, c"".as_ptr()))
    }

    unsafe fn raise_shuffle(
        &mut self,
        args: [Value; 2],
        mask: &[i32],
    ) -> Result<LLVMValueRef, Diagnostic> {
        let (ta, tb) = (self.value_type(args[0])?, self.value_type(args[1])?);
        let lanes = ta.lanes() as i64;
        let mask_ok = !mask.is_empty()
            && mask
                .iter()
                .all(|&m| m == -1 || (m >= 0 && (m as i64) < 2 * lanes));
        if !ta.is_vector() || ta != tb || !mask_ok {
            return Err(self.err(format!("shufflevector of {ta} and {tb} with mask {mask:?}")));
        }
        let i32t = LLVMInt32TypeInContext(self.ctx);
        let mut lanes: Vec<LLVMValueRef> = mask
            .iter()
            .map(|&m| {
                if m < 0 {
                    LLVMGetPoison(i32t)
                } else {
                    LLVMConstInt(i32t, m as u64, 0)
                }
            })
            .collect();
        let mask_value = LLVMConstVector(lanes.as_mut_ptr(), lanes.len() as u32);
        let (a, b) = (self.value(args[0])?, self.value(args[1])?);
        Ok(LLVMBuildShuffleVector(
            self.b(),
            a,
            b,
            mask_value,
            c"".as_ptr(),
        ))
    }

    unsafe fn raise_extract_value(
        &mut self,
        arg: Value,
        indices: &[u32],
    ) -> Result<LLVMValueRef, Diagnostic> {
        let t = self.value_type(arg)?;
        self.check(
            t.is_aggregate() && !indices.is_empty() && t.member_path(indices).is_some(),
            "extractvalue path",
        )?;
        let mut x = self.value(arg)?;
        for &idx in indices {
            x = LLVMBuildExtractValue(self.b(), x, idx, c"".as_ptr());
        }
        Ok(x)
    }

    /// `insertvalue` along a path (the C API takes one index): extract, insert, insert back.
    unsafe fn insert_value_path(
        &mut self,
        agg: LLVMValueRef,
        elem: LLVMValueRef,
        path: &[u32],
    ) -> LLVMValueRef {
        match path {
            [idx] => LLVMBuildInsertValue(self.b(), agg, elem, *idx, c"".as_ptr()),
            [idx, rest @ ..] => {
                let inner = LLVMBuildExtractValue(self.b(), agg, *idx, c"".as_ptr());
                let inner = self.insert_value_path(inner, elem, rest);
                LLVMBuildInsertValue(self.b(), agg, inner, *idx, c"".as_ptr())
            }
            [] => agg,
        }
    }

    unsafe fn raise_alloca(
        &mut self,
        ty: &Type,
        count: Value,
        align: u32,
    ) -> Result<LLVMValueRef, Diagnostic> {
        self.check(
            !ty.is_void() && self.value_type(count)?.is_int(),
            "alloca type or count",
        )?;
        let t = self.ty(ty)?;
        let x = if self.f.dfg.const_int(count) == Some(1) {
            LLVMBuildAlloca(self.b(), t, c"".as_ptr())
        } else {
            let n = self.value(count)?;
            LLVMBuildArrayAlloca(self.b(), t, n, c"".as_ptr())
        };
        self.set_align(x, align)?;
        Ok(x)
    }

    /// Alignment (0 = leave LLVM's default), volatility and atomic ordering.
    unsafe fn set_mem(&self, x: LLVMValueRef, mem: &MemFlags) -> Result<(), Diagnostic> {
        self.set_align(x, mem.align)?;
        if mem.volatile {
            LLVMSetVolatile(x, 1);
        }
        if mem.ordering != catalase_ir::opcodes::Ordering::NotAtomic {
            LLVMSetOrdering(x, ops::ordering(mem.ordering));
        }
        Ok(())
    }

    unsafe fn set_align(&self, x: LLVMValueRef, align: u32) -> Result<(), Diagnostic> {
        if align != 0 {
            self.check(align.is_power_of_two(), "alignment (not a power of two)")?;
            LLVMSetAlignment(x, align);
        }
        Ok(())
    }

    unsafe fn raise_ptradd(
        &mut self,
        args: [Value; 2],
        flags: Flags,
    ) -> Result<LLVMValueRef, Diagnostic> {
        let (tb, to) = (self.value_type(args[0])?, self.value_type(args[1])?);
        // A vector base or offset makes a vector GEP (`<N x ptr>`), as in LLVM.
        if Type::ptradd_result(tb, to).is_none() {
            return Err(self.err(format!("ptradd of {tb} and {to}")));
        }
        let mut nowrap = 0;
        if flags.has(Flag::InBounds) {
            nowrap |= LLVMGEPFlagInBounds;
        }
        if flags.has(Flag::Nuw) {
            nowrap |= LLVMGEPFlagNUW;
        }
        if flags.has(Flag::Nsw) {
            nowrap |= LLVMGEPFlagNUSW;
        }
        let (base, mut off) = (self.value(args[0])?, self.value(args[1])?);
        let i8t = LLVMInt8TypeInContext(self.ctx);
        Ok(LLVMBuildGEPWithNoWrapFlags(
            self.b(),
            i8t,
            base,
            &mut off,
            1,
            c"".as_ptr(),
            nowrap,
        ))
    }

    /// Set the flags the instruction can carry (GEP flags were set when it was built).
    unsafe fn apply_flags(&self, x: LLVMValueRef, flags: Flags, data: &InstData) {
        if flags.is_empty() {
            return;
        }
        let wraps = matches!(
            data,
            InstData::Binary {
                op: BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Shl,
                ..
            }
        ) || matches!(
            data,
            InstData::Cast {
                op: CastOp::Trunc,
                ..
            }
        );
        if wraps && flags.has(Flag::Nsw) {
            LLVMSetNSW(x, 1);
        }
        if wraps && flags.has(Flag::Nuw) {
            LLVMSetNUW(x, 1);
        }
        let exact = matches!(
            data,
            InstData::Binary {
                op: BinaryOp::UDiv | BinaryOp::SDiv | BinaryOp::LShr | BinaryOp::AShr,
                ..
            }
        );
        if exact && flags.has(Flag::Exact) {
            LLVMSetExact(x, 1);
        }
        if flags.has(Flag::Disjoint)
            && matches!(
                data,
                InstData::Binary {
                    op: BinaryOp::Or,
                    ..
                }
            )
        {
            LLVMSetIsDisjoint(x, 1);
        }
        if flags.has(Flag::NNeg)
            && matches!(
                data,
                InstData::Cast {
                    op: CastOp::ZExt | CastOp::UIToFP,
                    ..
                }
            )
        {
            LLVMSetNNeg(x, 1);
        }
        if flags.has(Flag::SameSign) && matches!(data, InstData::Icmp { .. }) {
            LLVMSetICmpSameSign(x, 1);
        }
        if flags.has(Flag::Volatile)
            && matches!(data, InstData::AtomicRmw { .. } | InstData::CmpXchg { .. })
        {
            LLVMSetVolatile(x, 1);
        }
        let fmf = ops::fast_math(flags);
        if fmf != 0 && LLVMCanValueUseFastMathFlags(x) != 0 {
            LLVMSetFastMathFlags(x, fmf);
        }
        if matches!(data, InstData::Call { .. }) {
            if let Some(kind) = ops::tail_kind(flags) {
                LLVMSetTailCallKind(x, kind);
            }
        }
    }
}
