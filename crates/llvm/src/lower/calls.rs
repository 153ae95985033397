//! Calls, invokes, landing pads and terminators.
//!
//! A call names its callee when it is a function (intrinsics included, by their LLVM name) and
//! takes a value otherwise; the signature comes from the call's function type and the
//! attributes from the call site. `llvm.dbg.*` calls are dropped; operand bundles (e.g. on
//! `llvm.assume`) are dropped. Directly called functions are queued for the module (lowered
//! when defined, declared otherwise). Terminators are built with empty branch arguments that
//! `function::patch_branch_args` fills in; a latch's `llvm.loop` properties ride along
//! (`crate::metadata`).

use catalase_ir::constant::Const;
use catalase_ir::entities::Value;
use catalase_ir::inst::{BlockCall, Callee, InstData, MemFlags};
use catalase_ir::types::Type;
use catalase_ir::opcodes::{BinaryOp, CastOp, Flags, IntCC};
use llvm_sys::core::*;
use llvm_sys::prelude::LLVMValueRef;
use llvm_sys::LLVMOpcode;

use super::function::FuncCx;
use super::types::{lower_signature, lower_type};
use super::{internal, LResult, print_value, unsupported, value_name, HELP_REPORT};
use crate::attrs::call_site_attrs;
use crate::metadata::read_loop_hints;

/// A lowered call: callee, arguments, signature and attributes.
struct CallParts {
    callee: Callee,
    args: Vec<Value>,
    sig: catalase_ir::inst::Signature,
    attrs: catalase_ir::inst::AttrList,
}

impl FuncCx<'_> {
    /// Calls and control flow (the opcodes `lower_inst` does not handle itself).
    pub(crate) unsafe fn lower_control(
        &mut self,
        i: LLVMValueRef,
        op: LLVMOpcode,
        flags: Flags,
    ) -> LResult<Option<Value>> {
        use LLVMOpcode::*;
        let ty = lower_type(LLVMTypeOf(i));
        let data = match op {
            LLVMCall => {
                if let Some(global) = thread_local_address(i) {
                    return Ok(Some(self.operand(global)?));
                }
                let Some(c) = self.call_parts(i)? else { return Ok(None) };
                if let Some(done) = self.sincos_as_intrinsic(i, &c, flags) {
                    return Ok(done);
                }
                if let Some(done) = self.posix_memalign_as_aligned_alloc(i, &c) {
                    return Ok(done);
                }
                if let Some(done) = self.dynamic_cast_as_offset(i, &c, flags) {
                    return Ok(done);
                }
                let inst = self.build(InstData::Call { callee: c.callee, args: c.args, sig: c.sig, attrs: c.attrs }, ty, flags);
                return Ok(self.func.dfg.result(inst));
            }
            LLVMInvoke => {
                let Some(c) = self.call_parts(i)? else {
                    return Err(unsupported("an invoke of a debug intrinsic is not supported", HELP_REPORT));
                };
                let normal = BlockCall::new(self.block_of(LLVMGetNormalDest(i))?, vec![]);
                let unwind = BlockCall::new(self.block_of(LLVMGetUnwindDest(i))?, vec![]);
                InstData::Invoke { callee: c.callee, args: c.args, sig: c.sig, attrs: c.attrs, normal, unwind }
            }
            LLVMLandingPad => {
                let mut clauses = Vec::new();
                for k in 0..LLVMGetNumClauses(i) {
                    clauses.push(self.operand(LLVMGetClause(i, k))?);
                }
                InstData::LandingPad { cleanup: LLVMIsCleanup(i) != 0, clauses }
            }
            LLVMResume => InstData::Resume { arg: self.operand(LLVMGetOperand(i, 0))? },
            LLVMRet => {
                let arg = if LLVMGetNumOperands(i) > 0 { Some(self.operand(LLVMGetOperand(i, 0))?) } else { None };
                InstData::Ret { arg }
            }
            LLVMUnreachable => InstData::Unreachable,
            LLVMBr if LLVMIsConditional(i) != 0 => {
                let cond = self.operand(LLVMGetCondition(i))?;
                let then_dest = BlockCall::new(self.block_of(LLVMGetSuccessor(i, 0))?, vec![]);
                let else_dest = BlockCall::new(self.block_of(LLVMGetSuccessor(i, 1))?, vec![]);
                InstData::CondBr { cond, then_dest, else_dest }
            }
            LLVMBr => InstData::Br { dest: BlockCall::new(self.block_of(LLVMGetSuccessor(i, 0))?, vec![]) },
            LLVMSwitch => self.switch(i)?,
            LLVMIndirectBr => return Err(unsupported(
                "the `indirectbr` instruction is not supported: a computed goto (`goto *p` over label addresses `&&label`, as interpreters dispatch)".to_string(),
                "dispatch with a `switch` over the opcode in a loop instead of a table of label addresses (clang compiles a dense switch to a jump table too)",
            )),
            _ => return Err(unsupported(format!("the `{}` instruction is not supported", opcode_word(op)), HELP_REPORT)),
        };
        let is_term = data.is_terminator();
        let inst = self.build(data, ty, flags);
        if is_term {
            self.defer_branch_args(inst, i);
            self.func.dfg.insts[inst].loop_hints = read_loop_hints(i);
        }
        Ok(self.func.dfg.result(inst))
    }

    /// GNU `sincos(x, &s, &c)` (and `sincosf`), which clang calls where `errno` may be set: the
    /// same as `llvm.sincos`, whose two results the rule table differentiates, stored through the
    /// two pointers. (It differs only in not setting `errno` for an infinite `x`.) A `sincos`
    /// with a body is the user's own and stays a call.
    unsafe fn sincos_as_intrinsic(&mut self, i: LLVMValueRef, c: &CallParts, flags: Flags) -> Option<Option<Value>> {
        let Callee::Direct(name) = &c.callee else { return None };
        let called = LLVMGetCalledValue(i);
        let float = match (name.as_str(), c.sig.params.as_slice()) {
            ("sincos", [Type::F64, Type::Ptr(_), Type::Ptr(_)]) => Type::F64,
            ("sincosf", [Type::F32, Type::Ptr(_), Type::Ptr(_)]) => Type::F32,
            _ => return None,
        };
        if LLVMIsAFunction(called).is_null() || LLVMIsDeclaration(called) == 0 || c.sig.ret != Type::Void {
            return None;
        }
        let pair = Type::strukt(vec![float.clone(), float.clone()]);
        let sig = catalase_ir::inst::Signature { params: vec![float.clone()], ret: pair.clone(), variadic: false };
        let intrinsic = format!("llvm.sincos.{}", if float == Type::F64 { "f64" } else { "f32" });
        let call = InstData::Call { callee: Callee::Direct(intrinsic), args: vec![c.args[0]], sig, attrs: Default::default() };
        let call = self.build(call, pair, flags);
        let r = self.func.dfg.result(call).expect("a result");
        let mem = MemFlags { align: float.alloc_size() as u32, ..MemFlags::default() };
        for (k, &ptr) in c.args[1..].iter().enumerate() {
            let extract = self.build(InstData::ExtractValue { arg: r, indices: vec![k as u32] }, float.clone(), Flags::default());
            let part = self.func.dfg.result(extract).expect("a result");
            self.build(InstData::Store { args: [part, ptr], mem }, Type::Void, Flags::default());
        }
        Some(None)
    }

    /// `posix_memalign(&p, align, n)`: `p = aligned_alloc(align, n')` (`n` rounded up to a multiple
    /// of `align`, which `aligned_alloc` requires), stored through the first argument, and the
    /// result `ENOMEM` where that returned null, else 0. Allocation kinds mirror an allocator's
    /// result with a shadow block; `posix_memalign` returns its block through memory instead. A
    /// `posix_memalign` with a body is the user's own and stays a call.
    unsafe fn posix_memalign_as_aligned_alloc(&mut self, i: LLVMValueRef, c: &CallParts) -> Option<Option<Value>> {
        const ENOMEM: i128 = 12;
        let Callee::Direct(name) = &c.callee else { return None };
        let called = LLVMGetCalledValue(i);
        let shape = matches!(c.sig.params.as_slice(), [Type::Ptr(_), Type::I64, Type::I64]) && c.sig.ret == Type::I32;
        if name != "posix_memalign" || !shape || LLVMIsAFunction(called).is_null() || LLVMIsDeclaration(called) == 0 {
            return None;
        }
        let (slot, align, size) = (c.args[0], c.args[1], c.args[2]);
        let mut b = self.builder();
        let one = b.iconst(Type::I64, 1);
        let zero = b.iconst(Type::I64, 0);
        let up = b.binary(BinaryOp::Add, size, align);
        let up = b.binary(BinaryOp::Sub, up, one);
        let mask = b.binary(BinaryOp::Sub, zero, align);
        let rounded = b.binary(BinaryOp::And, up, mask);
        let sig = catalase_ir::inst::Signature { params: vec![Type::I64, Type::I64], ret: Type::PTR, variadic: false };
        let block = b.call_named("aligned_alloc", sig, vec![align, rounded]).expect("aligned_alloc returns");
        b.store(block, slot, MemFlags { align: 8, ..MemFlags::default() });
        let null = b.constant(Type::PTR, Const::Null);
        let failed = b.icmp(IntCC::Eq, block, null);
        let enomem = b.iconst(Type::I32, ENOMEM);
        let ok = b.iconst(Type::I32, 0);
        Some(Some(b.select(failed, enomem, ok)))
    }

    /// The C++ runtime's `__dynamic_cast(p, src_type, dst_type, hint)`: it reads only the
    /// object's vtable and the type information, and returns `p` moved by an offset, or null.
    /// Lowered as the call marked `enzyme_inactive`, whose result is used only to make that
    /// offset and the null test: the cast is `r == null ? null : p + (r - p)`, so the result's
    /// shadow is `p`'s shadow at the same offset, whatever the shadow object's vtable holds.
    /// A `__dynamic_cast` with a body is the user's own and stays a call.
    unsafe fn dynamic_cast_as_offset(&mut self, i: LLVMValueRef, c: &CallParts, flags: Flags) -> Option<Option<Value>> {
        let Callee::Direct(name) = &c.callee else { return None };
        let called = LLVMGetCalledValue(i);
        let shape = matches!(c.sig.params.as_slice(), [Type::Ptr(_), Type::Ptr(_), Type::Ptr(_), Type::I64]) && c.sig.ret.is_ptr();
        if name != "__dynamic_cast" || !shape || LLVMIsAFunction(called).is_null() || LLVMIsDeclaration(called) == 0 {
            return None;
        }
        let mut attrs = c.attrs.clone();
        attrs.func.push(catalase_ir::inst::Attr::flag("enzyme_inactive"));
        let call = InstData::Call { callee: c.callee.clone(), args: c.args.clone(), sig: c.sig.clone(), attrs };
        let call = self.build(call, c.sig.ret.clone(), flags);
        let r = self.func.dfg.result(call).expect("a result");
        let p = c.args[0];
        let mut b = self.builder();
        let ri = b.cast(CastOp::PtrToInt, r, Type::I64);
        let pi = b.cast(CastOp::PtrToInt, p, Type::I64);
        let off = b.binary(BinaryOp::Sub, ri, pi);
        let moved = b.ptradd(p, off);
        let null = b.constant(c.sig.ret.clone(), Const::Null);
        let failed = b.icmp(IntCC::Eq, r, null);
        Some(Some(b.select(failed, null, moved)))
    }

    /// `switch`: case values as raw bits of the condition's width.
    unsafe fn switch(&mut self, i: LLVMValueRef) -> LResult<InstData> {
        let arg = self.operand(LLVMGetOperand(i, 0))?;
        let default = BlockCall::new(self.block_of(LLVMGetSwitchDefaultDest(i))?, vec![]);
        let mut cases = Vec::new();
        // Successor 0 is the default; successor k (k >= 1) is case k.
        let values = switch_case_values(i)?;
        let n = LLVMGetNumSuccessors(i);
        if values.len() + 1 != n as usize {
            return Err(internal("cannot read the case values of a switch"));
        }
        for (k, bits) in (1..n).zip(values) {
            let dest = self.block_of(LLVMGetSuccessor(i, k))?;
            cases.push((bits, BlockCall::new(dest, vec![])));
        }
        Ok(InstData::Switch { arg, default, cases })
    }

    /// Callee, arguments, signature and attributes of a call or invoke; `None` for a call
    /// that is dropped (`llvm.dbg.*`, `llvm.experimental.noalias.scope.decl`).
    unsafe fn call_parts(&mut self, i: LLVMValueRef) -> LResult<Option<CallParts>> {
        let called = LLVMGetCalledValue(i);
        let callee = if !LLVMIsAFunction(called).is_null() {
            let name = value_name(called);
            // Debug records and alias-scope declarations are hints that take metadata operands;
            // dropping them changes no value (the scopes' !noalias tags are not kept either).
            if name.starts_with("llvm.dbg.")
                || name.starts_with("llvm.experimental.noalias.scope.decl")
                || name.starts_with("llvm.pseudoprobe")
            {
                return Ok(None);
            }
            self.m.enqueue(called);
            Callee::Direct(name)
        } else if !LLVMIsAInlineAsm(called).is_null() {
            return Err(unsupported(
                format!("inline assembly (`{}`) is not supported", print_value(called)),
                "move the assembly into a function marked inactive, or avoid it",
            ));
        } else if !LLVMIsAGlobalAlias(called).is_null() {
            Callee::Direct(value_name(called))
        } else {
            Callee::Indirect(self.operand(called)?)
        };
        let n = LLVMGetNumArgOperands(i);
        let mut args = Vec::with_capacity(n as usize);
        for k in 0..n {
            args.push(self.operand(LLVMGetOperand(i, k))?);
        }
        let sig = lower_signature(LLVMGetCalledFunctionType(i));
        let attrs = call_site_attrs(i, n as usize);
        Ok(Some(CallParts { callee, args, sig, attrs }))
    }
}

/// For `llvm.threadlocal.address(@g)`: `@g`. The intrinsic only says that the address is the
/// calling thread's, which a direct use of a thread-local global also means outside coroutines
/// (code generation computes it in place), so a thread-local global is used as any other global
/// and gets a shadow global (thread-local too, made by the driver).
unsafe fn thread_local_address(i: LLVMValueRef) -> Option<LLVMValueRef> {
    let called = LLVMGetCalledValue(i);
    if LLVMIsAFunction(called).is_null() || !value_name(called).starts_with("llvm.threadlocal.address") {
        return None;
    }
    let global = LLVMGetOperand(i, 0);
    (LLVMGetNumArgOperands(i) == 1 && !LLVMIsAGlobalVariable(global).is_null()).then_some(global)
}

/// The case values of a switch, in successor order, as raw bits of the condition's width.
unsafe fn switch_case_values(i: LLVMValueRef) -> LResult<Vec<u128>> {
    let mut out = Vec::new();
    for k in 1..LLVMGetNumSuccessors(i) {
        let value = LLVMGetSwitchCaseValue(i, k);
        if value.is_null() || LLVMIsAConstantInt(value).is_null() {
            return Err(internal("cannot read the case values of a switch"));
        }
        match super::consts::int_bits(value)? {
            Const::Int(bits) => out.push(bits),
            _ => return Err(internal("cannot read the case values of a switch")),
        }
    }
    Ok(out)
}

/// A readable name for an opcode in diagnostics.
fn opcode_word(op: LLVMOpcode) -> &'static str {
    use LLVMOpcode::*;
    match op {
        LLVMVAArg => "va_arg",
        LLVMIndirectBr => "indirectbr",
        LLVMCallBr => "callbr",
        LLVMCatchSwitch => "catchswitch",
        LLVMCatchPad => "catchpad",
        LLVMCatchRet => "catchret",
        LLVMCleanupPad => "cleanuppad",
        LLVMCleanupRet => "cleanupret",
        _ => "unknown",
    }
}
