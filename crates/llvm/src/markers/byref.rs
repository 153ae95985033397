//! `enzyme_byref, N` (ABI §3.3): the value after it (a parameter's primal, or the differential
//! return of `__enzyme_reverse`) is passed as a pointer to its N bytes. What Enzyme does with it,
//! read from its `handleArguments`: only that one value is read through the pointer; the
//! parameter's activity is unchanged, its shadows (dup) are passed by value, and the gradient of
//! an `enzyme_out` parameter is returned as without the marker. The checks here make each misuse
//! a diagnostic (Enzyme reports a wrong size too, but casts a value that is no pointer unchecked,
//! and takes the type to check the size against from the operand's position in the call instead
//! of the parameter's).

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::prelude::*;

use super::{ll, Mode, Parser};

const USE: &str = "write `enzyme_byref, sizeof(T), &value` (with its activity marker before or after the size): \
                   the pointer's T must be the parameter's type";

impl Parser<'_> {
    /// The size after `enzyme_byref`: a positive constant integer. `already`: a size read
    /// before for the same value.
    pub(super) fn byref_size(&mut self, already: Option<u64>) -> Result<u64, Diagnostic> {
        let v = self.marker_operand("enzyme_byref")?;
        if already.is_some() {
            return Err(self.err(DiagKind::CallingError, "enzyme_byref given twice for one argument", USE));
        }
        // At -O0 a size kept in a local is a load of the one value stored there.
        let size = ll::strip_casts(ll::single_stored_value(v).unwrap_or(v));
        match ll::const_int(ll::strip_casts(size)) {
            Some(bytes) if bytes > 0 => Ok(bytes),
            _ => {
                let msg = format!("illegal enzyme byref size `{}`: it must be a positive constant integer", ll::operand_text(v));
                Err(self.err(DiagKind::CallingError, msg, USE))
            }
        }
    }

    /// `enzyme_byref, bytes` before the primal `v` of parameter `index` of type `ty`.
    pub(super) fn check_byref_param(&self, v: LLVMValueRef, ty: LLVMTypeRef, bytes: u64, index: usize, byval: bool) -> Result<(), Diagnostic> {
        let what = format!("argument {index} of `{}`", self.site_fn_name());
        self.check_byref_pointer(v, &what)?;
        if byval {
            let msg = format!(
                "enzyme_byref on {what}, a struct C passes by value as a pointer to a copy (`byval`): the pointer is the value"
            );
            let help = "drop enzyme_byref and pass the struct itself (by value), or make the function take a pointer";
            return Err(self.err(DiagKind::CallingError, msg, help));
        }
        self.check_byref_size(ty, bytes, &what)
    }

    /// The shadow of a pointer parameter whose primal came by reference: a shadow that is, like
    /// that primal, the address of a variable holding a pointer was most likely passed by
    /// reference too (`&p, &dp`), which Enzyme would take as the shadow memory itself (the bytes
    /// of the variable `dp`): a wrong derivative. Refused; the one legitimate use it catches, a
    /// `T**` parameter whose shadow is the address of a local `T*`, is rare.
    pub(super) fn check_byref_shadow(&self, primal: LLVMValueRef, shadow: LLVMValueRef, ty: LLVMTypeRef, index: usize) -> Result<(), Diagnostic> {
        if !ll::is_pointer(ty) || !holds_pointer(primal) || !holds_pointer(shadow) {
            return Ok(());
        }
        let msg = format!(
            "enzyme_byref on pointer argument {index} of `{}`: its shadow `{}` is, like the primal, the address of a variable holding a pointer",
            self.site_fn_name(),
            ll::operand_text(shadow)
        );
        let help = "enzyme_byref passes only the primal by pointer, as in Enzyme: pass the shadow pointer itself (`dp`, not `&dp`)";
        Err(self.err(DiagKind::CallingError, msg, help))
    }

    /// `enzyme_byref, bytes` before the surplus operand `v`, the `position`-th after the
    /// parameters: only `__enzyme_reverse`'s differential return, the first of them.
    pub(super) fn check_byref_extra(&self, v: LLVMValueRef, bytes: u64, position: usize) -> Result<(), Diagnostic> {
        if self.mode != Mode::ReverseSplit || position != 0 {
            return Err(self.byref_misplaced(Some(v)));
        }
        if self.width > 1 {
            let msg = format!("enzyme_byref on the differential return at enzyme_width {}", self.width);
            let help = "pass the differential returns by value (one per lane, or one struct or vector of the lanes), or through a pointer without enzyme_byref";
            return Err(self.err(DiagKind::CallingError, msg, help));
        }
        let what = format!("the differential return of `{}`", self.site_fn_name());
        self.check_byref_pointer(v, &what)?;
        let function = ll::resolve_function(self.ops[usize::from(ll::sret_arg(self.call).is_some())]);
        let ret = function.map(ll::return_type).filter(|&t| !ll::is_void(t));
        let Some(ret) = ret else {
            let msg = format!("enzyme_byref on {what}, but it returns nothing");
            return Err(self.err(DiagKind::CallingError, msg, "remove enzyme_byref and the value after it"));
        };
        self.check_byref_size(ret, bytes, &what)
    }

    /// `enzyme_byref` followed by `v` (or by nothing) where no parameter or differential
    /// return comes.
    pub(super) fn byref_misplaced(&self, v: Option<LLVMValueRef>) -> Diagnostic {
        let after = v.map(|v| format!(", before `{}`", ll::operand_text(v))).unwrap_or_default();
        let msg = format!(
            "enzyme_byref after the last parameter of `{}`{after}: it may only precede a parameter's value, or in __enzyme_reverse the differential return",
            self.site_fn_name()
        );
        self.err(DiagKind::CallingError, msg, "put enzyme_byref right before the value it passes by pointer, or remove it")
    }

    fn check_byref_pointer(&self, v: LLVMValueRef, what: &str) -> Result<(), Diagnostic> {
        if ll::is_pointer(ll::type_of(v)) {
            return Ok(());
        }
        let msg = format!("enzyme_byref on {what}: the value passed, `{}`, is not a pointer", ll::operand_text(v));
        Err(self.err(DiagKind::CallingError, msg, "pass the value's address (`&x`) after enzyme_byref, or drop the marker"))
    }

    /// The bytes `enzyme_byref` names must be the size of `ty`: `sizeof` in C, or the bytes the
    /// value occupies (Enzyme's count; they differ for `long double`, 10 and 16).
    fn check_byref_size(&self, ty: LLVMTypeRef, bytes: u64, what: &str) -> Result<(), Diagnostic> {
        if !crate::rewrite::plain_sized(ty) {
            let msg = format!("enzyme_byref on {what}, of type {}, whose size is not fixed", ll::print_type(ty));
            return Err(self.err(DiagKind::CallingError, msg, "pass the value itself"));
        }
        let (store, abi) = sizes(self.call, ty);
        if bytes == store || bytes == abi {
            return Ok(());
        }
        let msg = format!(
            "illegal enzyme pointer type size: enzyme_byref says {bytes} bytes, but {what} is {} of {abi} bytes",
            ll::print_type(ty)
        );
        Err(self.err(DiagKind::CallingError, msg, USE))
    }
}

/// The store size and the ABI size (`sizeof`) of `ty` in the module holding `call`.
fn sizes(call: LLVMValueRef, ty: LLVMTypeRef) -> (u64, u64) {
    // SAFETY: `call` is a live instruction of a module with a data layout; `ty` is sized.
    unsafe {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(ll::module_of_inst(call));
        (llvm_sys::target::LLVMStoreSizeOfType(layout, ty), llvm_sys::target::LLVMABISizeOfType(layout, ty))
    }
}

/// Whether `v` is the address of a variable (local or global) declared to hold a pointer.
fn holds_pointer(v: LLVMValueRef) -> bool {
    let v = ll::strip_casts(v);
    // SAFETY: type queries on a live value, each after checking what it is.
    unsafe {
        let ty = if !llvm_sys::core::LLVMIsAAllocaInst(v).is_null() {
            llvm_sys::core::LLVMGetAllocatedType(v)
        } else if !llvm_sys::core::LLVMIsAGlobalVariable(v).is_null() {
            llvm_sys::core::LLVMGlobalGetValueType(v)
        } else {
            return false;
        };
        ll::is_pointer(ty)
    }
}
