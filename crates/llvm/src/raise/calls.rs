//! Calls, invokes, landing pads and attributes.
//!
//! A direct callee is looked up by name (function, global, alias); when the module lacks it,
//! it is declared with the call's signature — for `llvm.*` names LLVM recognizes the
//! declaration as the intrinsic. Attributes go through `crate::attrs::apply_attrs`; the
//! personality (pseudo attribute `crate::attrs::PERSONALITY_ATTR`, default
//! `__gxx_personality_v0`) is set on functions that have landing pads.

use std::ffi::CString;

use catalase_ir::diag::Diagnostic;
use catalase_ir::inst::{AttrList, Callee, InstData, Signature};
use catalase_ir::{Inst, Type, Value};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use super::types::{fn_type, global_address, llvm_type, type_text};
use super::Raiser;
use crate::attrs::{apply_attrs, personality_of, AttrTarget};

/// Put `attrs` on a function; a type attribute whose type cannot be raised is skipped.
pub(super) unsafe fn apply_function_attrs(
    ctx: LLVMContextRef,
    func: LLVMValueRef,
    attrs: &AttrList,
) {
    apply_to(ctx, AttrTarget::Function(func), attrs);
}

unsafe fn apply_to(ctx: LLVMContextRef, target: AttrTarget, attrs: &AttrList) {
    let fallback = LLVMInt8TypeInContext(ctx);
    let mut raise_type = |t: &Type| llvm_type(ctx, t).unwrap_or(fallback);
    apply_attrs(ctx, target, attrs, &mut raise_type);
}

/// Give a call to a known function that function's calling convention (the IR does not carry
/// conventions, and -O2 makes internal functions `fastcc`; a mismatch is undefined behaviour).
unsafe fn match_calling_convention(call: LLVMValueRef, target: LLVMValueRef) {
    if !LLVMIsAFunction(target).is_null() {
        LLVMSetInstructionCallConv(call, LLVMGetFunctionCallConv(target));
    }
}

impl Raiser<'_> {
    /// The callee value and the call's function type, with the arguments checked against it.
    unsafe fn call_parts(
        &mut self,
        callee: &Callee,
        args: &[Value],
        sig: &Signature,
    ) -> Result<(LLVMValueRef, LLVMTypeRef, Vec<LLVMValueRef>), Diagnostic> {
        let fnty = fn_type(self.ctx, sig).map_err(|m| self.err(format!("call signature: {m}")))?;
        let fixed = sig.params.len();
        if args.len() < fixed || (!sig.variadic && args.len() > fixed) {
            return Err(self.err(format!(
                "{} arguments for a signature with {fixed} parameters",
                args.len()
            )));
        }
        let mut vals = Vec::with_capacity(args.len());
        for (n, &a) in args.iter().enumerate() {
            let t = self.value_type(a)?;
            if n < fixed && t != &sig.params[n] {
                return Err(self.err(format!(
                    "argument {n} has type {t}, the signature says {}",
                    sig.params[n]
                )));
            }
            vals.push(self.value(a)?);
        }
        let target = match callee {
            Callee::Direct(name) => self.direct_callee(name, fnty)?,
            Callee::Indirect(v) => {
                if !self.value_type(*v)?.is_ptr() {
                    return Err(self.err("indirect callee is not a pointer"));
                }
                self.value(*v)?
            }
        };
        Ok((target, fnty, vals))
    }

    /// The function (or global) named `name`, declared with type `fnty` if absent.
    unsafe fn direct_callee(
        &mut self,
        name: &str,
        fnty: LLVMTypeRef,
    ) -> Result<LLVMValueRef, Diagnostic> {
        if let Ok(g) = global_address(self.module, name) {
            return Ok(g);
        }
        let cname = CString::new(name).map_err(|_| self.err("callee name has a NUL byte"))?;
        let decl = LLVMAddFunction(self.module, cname.as_ptr(), fnty);
        if name.starts_with("llvm.") && LLVMGetIntrinsicID(decl) == 0 {
            LLVMDeleteFunction(decl);
            return Err(self.err(format!("`{name}` is not an LLVM intrinsic")));
        }
        Ok(decl)
    }

    /// A call instruction.
    pub(super) unsafe fn raise_call(&mut self, i: Inst) -> Result<LLVMValueRef, Diagnostic> {
        let f = self.f;
        let InstData::Call {
            callee,
            args,
            sig,
            attrs,
        } = &f.dfg.insts[i].data
        else {
            return Err(self.err("not a call"));
        };
        let (target, fnty, mut vals) = self.call_parts(callee, args, sig)?;
        let call = LLVMBuildCall2(
            self.b(),
            fnty,
            target,
            vals.as_mut_ptr(),
            vals.len() as u32,
            c"".as_ptr(),
        );
        match_calling_convention(call, target);
        apply_to(self.ctx, AttrTarget::CallSite(call), attrs);
        Ok(call)
    }

    /// An invoke (a terminator); its result is bound like an instruction result.
    pub(super) unsafe fn raise_invoke(
        &mut self,
        i: Inst,
        normal: LLVMBasicBlockRef,
        unwind: LLVMBasicBlockRef,
    ) -> Result<(), Diagnostic> {
        let f = self.f;
        let InstData::Invoke {
            callee,
            args,
            sig,
            attrs,
            ..
        } = &f.dfg.insts[i].data
        else {
            return Err(self.err("not an invoke"));
        };
        let (target, fnty, mut vals) = self.call_parts(callee, args, sig)?;
        let b = self.b();
        let inv = LLVMBuildInvoke2(
            b,
            fnty,
            target,
            vals.as_mut_ptr(),
            vals.len() as u32,
            normal,
            unwind,
            c"".as_ptr(),
        );
        apply_to(self.ctx, AttrTarget::CallSite(inv), attrs);
        match_calling_convention(inv, target);
        let fmf = super::ops::fast_math(f.dfg.insts[i].flags);
        if fmf != 0 && LLVMCanValueUseFastMathFlags(inv) != 0 {
            LLVMSetFastMathFlags(inv, fmf);
        }
        if let Some(v) = f.dfg.insts[i].result {
            let want = llvm_type(self.ctx, self.value_type(v)?).map_err(|m| self.err(m))?;
            if LLVMTypeOf(inv) != want {
                return Err(self.err(format!(
                    "invoke result {v} has type {}, the call {}",
                    type_text(want),
                    type_text(LLVMTypeOf(inv))
                )));
            }
            self.name_value(inv, v);
            self.values.insert(v, inv);
        }
        Ok(())
    }

    /// A landing pad with its clauses (constants; array-typed ones are filters).
    pub(super) unsafe fn raise_landingpad(
        &mut self,
        cleanup: bool,
        clauses: &[Value],
        ty: &Type,
    ) -> Result<LLVMValueRef, Diagnostic> {
        self.check(!ty.is_void(), "landingpad result type")?;
        let t = self.ty(ty)?;
        let mut vals = Vec::with_capacity(clauses.len());
        for &c in clauses {
            self.check(
                self.f.dfg.as_const(c).is_some(),
                "landingpad clause (not a constant)",
            )?;
            vals.push(self.value(c)?);
        }
        let pad = LLVMBuildLandingPad(
            self.b(),
            t,
            std::ptr::null_mut(),
            vals.len() as u32,
            c"".as_ptr(),
        );
        LLVMSetCleanup(pad, cleanup as i32);
        for v in vals {
            LLVMAddClause(pad, v);
        }
        Ok(pad)
    }

    /// Whether the body has a landing pad (and so needs a personality).
    pub(super) fn needs_personality(&self) -> bool {
        let f = self.f;
        f.insts_in_order()
            .iter()
            .any(|&i| matches!(f.dfg.insts[i].data, InstData::LandingPad { .. }))
    }

    /// Set the personality named by the function's attributes (default `__gxx_personality_v0`).
    pub(super) unsafe fn set_personality(&mut self) -> Result<(), Diagnostic> {
        let name = personality_of(&self.f.attrs).unwrap_or("__gxx_personality_v0");
        let pers = match global_address(self.module, name) {
            Ok(p) => p,
            Err(_) => {
                let i32t = LLVMInt32TypeInContext(self.ctx);
                let ty = LLVMFunctionType(i32t, std::ptr::null_mut(), 0, 1);
                let cname =
                    CString::new(name).map_err(|_| self.err("personality name has a NUL byte"))?;
                LLVMAddFunction(self.module, cname.as_ptr(), ty)
            }
        };
        LLVMSetPersonalityFn(self.func, pers);
        Ok(())
    }
}
