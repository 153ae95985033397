//! Rewriting marker calls: once a derivative function exists, the marker call
//! `__enzyme_fwddiff(f, …)` becomes a call to it with the argument list of ABI §4.1 (primal, then
//! shadow for dup/dupnoneed, `[N x T]` for width N), and its result is adapted to the type the C
//! prototype declared (ABI §4.2). Afterwards [`cleanup_marker_globals`] removes what only the
//! marker calls used: loads of `enzyme_*` globals, their declarations, `__enzyme_*` declarations.

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::debuginfo::{LLVMInstructionGetDebugLoc, LLVMInstructionSetDebugLoc};
use llvm_sys::prelude::*;
use llvm_sys::target::{LLVMABIAlignmentOfType, LLVMABISizeOfType, LLVMGetModuleDataLayout};
use llvm_sys::LLVMTypeKind;

use crate::markers::ll::{self, Conversion};
use crate::markers::{MarkerArg, MarkerCall, Mode, Site};
use crate::split;

/// Replace the marker call `m` by a call to `derivative`, generated for it, and erase `m.call`.
///
/// `derivative` takes, per primal parameter, the primal and (dup/dupnoneed) its shadow; it
/// returns what ABI §4.1 says for the mode. On error nothing has been erased (instructions built
/// so far are left unused and die in the next cleanup).
/// `tail`: operands after the parameters' (split mode's differential return and tape), each
/// converted to the derivative's parameter type.
pub fn replace_marker_call(m: &MarkerCall, derivative: LLVMValueRef, tail: &[LLVMValueRef]) -> Result<(), Diagnostic> {
    let site = Site::new(m.call);
    // Sizes of scalable or unsized types abort inside LLVM: refuse them first.
    let declared = ll::type_of(m.call);
    let sret_ty = ll::sret_arg(m.call);
    for ty in std::iter::once(declared).chain(sret_ty) {
        if !ll::is_void(ty) && !plain_sized(ty) {
            let msg = format!("Cannot cast return type of derivative to the declared return type {}", ll::print_type(ty));
            return Err(site.error(
                DiagKind::IllegalReturnCast,
                msg,
                "declare the marker's return as a fixed-size value or struct (no scalable vectors, no function types)",
            ));
        }
    }
    let b = Builder::before(m.call);
    let mut args = Vec::new();
    for arg in &m.args {
        push_arg(&b, arg, m.width, &mut args).map_err(|msg| internal(&site, msg))?;
    }
    let params = ll::param_types(derivative);
    for &v in tail {
        let ty = *params.get(args.len()).ok_or_else(|| internal(&site, "more operands than parameters".into()))?;
        args.push(b.convert(v, ty).map_err(|msg| internal(&site, msg))?);
    }
    check_signature(derivative, &args).map_err(|msg| internal(&site, msg))?;
    if ll::is_invoke(m.call) {
        return replace_invoke(m, &b, derivative, &mut args, &site);
    }
    let result = b.call(derivative, &mut args);
    adapt_return(&b, m, result, &site)?;
    // SAFETY: the marker call's uses were replaced by `adapt_return`.
    unsafe { LLVMInstructionEraseFromParent(m.call) };
    Ok(())
}

/// Replace `__enzyme_augmentsize(...)` by the constant `bytes` of its declared integer type.
pub fn replace_with_size(m: &MarkerCall, bytes: u64) {
    let ty = ll::type_of(m.call);
    // SAFETY: a constant of the call's own (integer) type replaces every use; then the call goes.
    unsafe {
        let value = if ll::is_integer(ty) { LLVMConstInt(ty, bytes, 0) } else { LLVMGetPoison(ty) };
        LLVMReplaceAllUsesWith(m.call, value);
        LLVMInstructionEraseFromParent(m.call);
    }
}

/// A marker call made with `invoke` (C++ with exceptions): the derivative is invoked with the
/// same unwind destination; its normal edge goes through a new block that adapts the result
/// and branches to the old normal destination, whose phis now name the new block.
fn replace_invoke(
    m: &MarkerCall,
    b: &Builder,
    derivative: LLVMValueRef,
    args: &mut [LLVMValueRef],
    site: &Site,
) -> Result<(), Diagnostic> {
    // SAFETY: `m.call` is a live invoke; the blocks and instructions built below stay in its
    // function, and the old invoke is erased last, once nothing uses it.
    unsafe {
        let here = LLVMGetInstructionParent(m.call);
        let normal = LLVMGetNormalDest(m.call);
        let unwind = LLVMGetUnwindDest(m.call);
        let ctx = LLVMGetModuleContext(b.module);
        let cont = match LLVMGetNextBasicBlock(here) {
            next if next.is_null() => LLVMAppendBasicBlockInContext(ctx, ll::parent_function(m.call), c"catalase.cont".as_ptr()),
            next => LLVMInsertBasicBlockInContext(ctx, next, c"catalase.cont".as_ptr()),
        };
        let result = b.invoke(derivative, args, cont, unwind);
        let end = LLVMCreateBuilderInContext(ctx);
        LLVMPositionBuilderAtEnd(end, cont);
        let branch = LLVMBuildBr(end, normal);
        LLVMDisposeBuilder(end);
        adapt_return(&Builder::before(branch), m, result, site)?;
        retarget_phis(normal, here, cont);
        LLVMInstructionEraseFromParent(m.call);
    }
    Ok(())
}

/// In the phis of `block`, the incoming edge from `old` now comes from `new`. The C API cannot
/// change an incoming block, so each such phi is rebuilt.
unsafe fn retarget_phis(block: LLVMBasicBlockRef, old: LLVMBasicBlockRef, new: LLVMBasicBlockRef) {
    let mut phi = LLVMGetFirstInstruction(block);
    while !phi.is_null() && !LLVMIsAPHINode(phi).is_null() {
        let next = LLVMGetNextInstruction(phi);
        let n = LLVMCountIncoming(phi);
        if (0..n).any(|k| LLVMGetIncomingBlock(phi, k) == old) {
            let builder = LLVMCreateBuilderInContext(LLVMGetTypeContext(LLVMTypeOf(phi)));
            LLVMPositionBuilderBefore(builder, phi);
            let fresh = LLVMBuildPhi(builder, LLVMTypeOf(phi), c"".as_ptr());
            LLVMDisposeBuilder(builder);
            for k in 0..n {
                let mut value = LLVMGetIncomingValue(phi, k);
                let from = LLVMGetIncomingBlock(phi, k);
                let mut from = if from == old { new } else { from };
                LLVMAddIncoming(fresh, &mut value, &mut from, 1);
            }
            LLVMReplaceAllUsesWith(phi, fresh);
            LLVMInstructionEraseFromParent(phi);
        }
        phi = next;
    }
}

fn internal(site: &Site, msg: String) -> Diagnostic {
    site.error(
        DiagKind::Internal,
        msg,
        "this is a Catalase bug; please report it",
    )
}

/// Append the derivative's operands for one primal parameter.
fn push_arg(
    b: &Builder,
    arg: &MarkerArg,
    width: u32,
    out: &mut Vec<LLVMValueRef>,
) -> Result<(), String> {
    out.push(match arg.byref {
        true => b.load_byref(arg.param_type, arg.primal),
        false => b.convert(arg.primal, arg.param_type)?,
    });
    if !arg.activity.has_shadow() {
        return Ok(());
    }
    let lanes: Vec<LLVMValueRef> = match arg.dupv_stride {
        Some(stride) => {
            let base = b.convert(
                *arg.shadows.first().ok_or("dupv without a shadow")?,
                arg.param_type,
            )?;
            (0..width)
                .map(|v| b.lane_pointer(base, stride, v))
                .collect()
        }
        None => arg
            .shadows
            .iter()
            .map(|&s| b.convert(s, arg.param_type))
            .collect::<Result<_, _>>()?,
    };
    if lanes.len() != width as usize {
        return Err(format!(
            "expected {width} shadow lanes, have {}",
            lanes.len()
        ));
    }
    if width == 1 {
        out.push(lanes[0]);
    } else {
        // SAFETY: building an array type from a live element type.
        let ty = unsafe { LLVMArrayType2(arg.param_type, u64::from(width)) };
        out.push(b.pack(ty, &lanes));
    }
    Ok(())
}

/// The built operands must match the derivative's parameters exactly.
fn check_signature(derivative: LLVMValueRef, args: &[LLVMValueRef]) -> Result<(), String> {
    // SAFETY: type query on a value that must be a function.
    if unsafe { LLVMIsAFunction(derivative) }.is_null() {
        return Err("the derivative is not a function".into());
    }
    let params = ll::param_types(derivative);
    if params.len() != args.len() {
        return Err(format!(
            "derivative `{}` takes {} parameters, the marker call supplies {}",
            ll::name(derivative),
            params.len(),
            args.len()
        ));
    }
    for (i, (&p, &a)) in params.iter().zip(args).enumerate() {
        if ll::type_of(a) != p {
            return Err(format!(
                "derivative `{}` parameter {i} has type {}, the marker call supplies {}",
                ll::name(derivative),
                ll::print_type(p),
                ll::print_type(ll::type_of(a))
            ));
        }
    }
    Ok(())
}

/// Give the marker call's users the derivative's result, as the declared type (ABI §4.2).
fn adapt_return(
    b: &Builder,
    m: &MarkerCall,
    result: LLVMValueRef,
    site: &Site,
) -> Result<(), Diagnostic> {
    // A tape slot (ABI §5) takes the augmented call's tape, `enzyme_noret` its primal.
    let result = match m.mode {
        Mode::AugmentedForward => split::augmented_result(b.raw, m, result),
        _ => Some(result),
    };
    let to = ll::type_of(m.call);
    let Some(result) = result else {
        if m.sret.is_none() && !ll::is_void(to) {
            // SAFETY: zero of a live type replaces the uses of the call erased next.
            unsafe { LLVMReplaceAllUsesWith(m.call, LLVMConstNull(to)) };
        }
        return Ok(());
    };
    let from = ll::type_of(result);
    if let Some(sret) = m.sret {
        return store_sret(b, m, sret, result, site);
    }
    if ll::is_void(to) {
        return Ok(());
    }
    let value = if ll::is_void(from) {
        // ABI §4.2 rule 1 leaves the value undefined; zeros, not poison, so that a program that
        // reads it (prints the result of a gradient call that has none) reads 0.0 rather than
        // letting LLVM treat the whole path as undefined behaviour.
        // SAFETY: zero of a live type.
        unsafe { LLVMConstNull(to) }
    } else {
        b.adapt(m.mode, result, to).ok_or_else(|| {
            let msg = format!(
                "Cannot cast return type of derivative {} to the declared return type {}",
                ll::print_type(from),
                ll::print_type(to)
            );
            let help = format!(
                "declare the marker function to return {} (or a struct of the same layout)",
                ll::print_type(from)
            );
            site.error(DiagKind::IllegalReturnCast, msg, &help)
        })?
    };
    // SAFETY: same type, the old call is erased right after.
    unsafe { LLVMReplaceAllUsesWith(m.call, value) };
    Ok(())
}

/// Rule 4: a marker call with an `sret` pointer: store the result there if it fits.
fn store_sret(
    b: &Builder,
    m: &MarkerCall,
    sret: LLVMValueRef,
    result: LLVMValueRef,
    site: &Site,
) -> Result<(), Diagnostic> {
    let from = ll::type_of(result);
    if ll::is_void(from) {
        return Ok(());
    }
    let Some(slot_ty) = ll::sret_arg(m.call) else {
        return Err(internal(site, "sret pointer without an sret type".into()));
    };
    if b.size(from) > b.size(slot_ty) {
        let msg = format!(
            "Struct return type {} is not large enough to hold the derivative's result {}",
            ll::print_type(slot_ty),
            ll::print_type(from)
        );
        let help = format!("declare a struct of {} bytes or more", b.size(from));
        return Err(site.error(DiagKind::IllegalReturnCast, msg, &help));
    }
    let align = b.align(from).min(b.align(slot_ty));
    b.store(result, sret, align);
    Ok(())
}

/// Two types with the same layout, element by element (rule 3; named vs literal structs).
fn layout_identical(a: LLVMTypeRef, b: LLVMTypeRef) -> bool {
    if a == b {
        return true;
    }
    match (ll::kind(a), ll::kind(b)) {
        (LLVMTypeKind::LLVMStructTypeKind, LLVMTypeKind::LLVMStructTypeKind) => {
            // SAFETY: struct type queries.
            let packed = unsafe { (LLVMIsPackedStruct(a), LLVMIsPackedStruct(b)) };
            let (fa, fb) = (ll::struct_fields(a), ll::struct_fields(b));
            packed.0 == packed.1
                && fa.len() == fb.len()
                && fa.iter().zip(&fb).all(|(&x, &y)| layout_identical(x, y))
        }
        (LLVMTypeKind::LLVMArrayTypeKind, LLVMTypeKind::LLVMArrayTypeKind) => {
            // SAFETY: array type queries.
            unsafe {
                LLVMGetArrayLength2(a) == LLVMGetArrayLength2(b)
                    && layout_identical(LLVMGetElementType(a), LLVMGetElementType(b))
            }
        }
        _ => false,
    }
}

/// An IR builder positioned before one instruction, carrying its debug location.
pub(crate) struct Builder {
    pub(crate) raw: LLVMBuilderRef,
    module: LLVMModuleRef,
    /// The instruction the builder inserts before.
    at: LLVMValueRef,
}

impl Drop for Builder {
    fn drop(&mut self) {
        // SAFETY: created in `before`, disposed once.
        unsafe { LLVMDisposeBuilder(self.raw) }
    }
}

impl Builder {
    pub(crate) fn before(inst: LLVMValueRef) -> Builder {
        let module = ll::module_of_inst(inst);
        // SAFETY: a builder in the module's context, positioned at a live instruction.
        unsafe {
            let raw = LLVMCreateBuilderInContext(LLVMGetModuleContext(module));
            LLVMPositionBuilderBefore(raw, inst);
            let loc = LLVMInstructionGetDebugLoc(inst);
            if !loc.is_null() {
                LLVMSetCurrentDebugLocation2(raw, loc);
            }
            Builder {
                raw,
                module,
                at: inst,
            }
        }
    }

    pub(crate) fn size(&self, ty: LLVMTypeRef) -> u64 {
        // SAFETY: the module's data layout is live as long as the module.
        unsafe { LLVMABISizeOfType(LLVMGetModuleDataLayout(self.module), ty) }
    }

    pub(crate) fn align(&self, ty: LLVMTypeRef) -> u32 {
        // SAFETY: as above.
        unsafe { LLVMABIAlignmentOfType(LLVMGetModuleDataLayout(self.module), ty) }
    }

    pub(crate) fn call(&self, callee: LLVMValueRef, args: &mut [LLVMValueRef]) -> LLVMValueRef {
        // SAFETY: `check_signature` matched the operands to the callee's type.
        unsafe {
            let fty = LLVMGlobalGetValueType(callee);
            let call = LLVMBuildCall2(
                self.raw,
                fty,
                callee,
                args.as_mut_ptr(),
                args.len() as u32,
                c"".as_ptr(),
            );
            let loc = LLVMInstructionGetDebugLoc(self.at);
            if !loc.is_null() {
                LLVMInstructionSetDebugLoc(call, loc);
            }
            call
        }
    }

    /// `invoke callee(args) to label normal unwind label unwind`, with the marker's location.
    fn invoke(
        &self,
        callee: LLVMValueRef,
        args: &mut [LLVMValueRef],
        normal: LLVMBasicBlockRef,
        unwind: LLVMBasicBlockRef,
    ) -> LLVMValueRef {
        // SAFETY: `check_signature` matched the operands to the callee's type; both blocks
        // are in the function the builder inserts into.
        unsafe {
            let fty = LLVMGlobalGetValueType(callee);
            let invoke = LLVMBuildInvoke2(
                self.raw,
                fty,
                callee,
                args.as_mut_ptr(),
                args.len() as u32,
                normal,
                unwind,
                c"".as_ptr(),
            );
            let loc = LLVMInstructionGetDebugLoc(self.at);
            if !loc.is_null() {
                LLVMInstructionSetDebugLoc(invoke, loc);
            }
            invoke
        }
    }

    /// Convert a marker operand to the parameter type, as the parser allowed.
    pub(crate) fn convert(&self, v: LLVMValueRef, ty: LLVMTypeRef) -> Result<LLVMValueRef, String> {
        let conv = ll::conversion(ll::type_of(v), ty).ok_or_else(|| {
            format!(
                "operand {} does not convert to {}",
                ll::print_value(v).trim(),
                ll::print_type(ty)
            )
        })?;
        // SAFETY: each cast is valid for the types `conversion` accepted.
        unsafe {
            Ok(match conv {
                Conversion::Same => v,
                Conversion::Narrow => match ll::fpext_source(v) {
                    Some(float) => float,
                    None => LLVMBuildFPTrunc(self.raw, v, ty, c"".as_ptr()),
                },
                Conversion::TruncToBool => LLVMBuildTrunc(self.raw, v, ty, c"".as_ptr()),
                Conversion::AddrSpace => LLVMBuildAddrSpaceCast(self.raw, v, ty, c"".as_ptr()),
                Conversion::Bitcast => LLVMBuildBitCast(self.raw, v, ty, c"".as_ptr()),
            })
        }
    }

    /// `base + v*stride` bytes (enzyme_dupv lane `v`).
    pub(crate) fn lane_pointer(&self, base: LLVMValueRef, stride: LLVMValueRef, v: u32) -> LLVMValueRef {
        if v == 0 {
            return base;
        }
        // SAFETY: integer arithmetic on the stride's type and an i8 GEP on a pointer.
        unsafe {
            let ity = LLVMTypeOf(stride);
            let offset = LLVMBuildMul(
                self.raw,
                stride,
                LLVMConstInt(ity, u64::from(v), 0),
                c"".as_ptr(),
            );
            let i8t = LLVMInt8TypeInContext(LLVMGetModuleContext(self.module));
            let mut idx = [offset];
            LLVMBuildGEP2(self.raw, i8t, base, idx.as_mut_ptr(), 1, c"".as_ptr())
        }
    }

    /// An aggregate of type `ty` holding `values` (insertvalue chain from poison).
    pub(crate) fn pack(&self, ty: LLVMTypeRef, values: &[LLVMValueRef]) -> LLVMValueRef {
        // SAFETY: each value has the element type of `ty` at its index.
        unsafe {
            let mut agg = LLVMGetPoison(ty);
            for (i, &v) in values.iter().enumerate() {
                agg = LLVMBuildInsertValue(self.raw, agg, v, i as u32, c"".as_ptr());
            }
            agg
        }
    }

    pub(crate) fn store(&self, value: LLVMValueRef, ptr: LLVMValueRef, align: u32) {
        // SAFETY: `ptr` is a pointer; `value` fits at it (checked by callers).
        unsafe {
            let st = LLVMBuildStore(self.raw, value, ptr);
            LLVMSetAlignment(st, align);
        }
    }

    /// `value` as type `to`, by the first rule of ABI §4.2 that applies; None when none does.
    pub(crate) fn adapt(&self, mode: Mode, value: LLVMValueRef, to: LLVMTypeRef) -> Option<LLVMValueRef> {
        let from = ll::type_of(value);
        if from == to {
            return Some(value);
        }
        if layout_identical(from, to) {
            return Some(self.copy_elements(value, to));
        }
        // Reverse mode (ABI §4.2 rule 6): element 0 of the gradients comes before any
        // reinterpretation, so `{ float, float }` is never read back as the bits of a `double`.
        if matches!(mode, Mode::Reverse | Mode::ReverseSplit) {
            if let Some(v) = self.first_element(value, to) {
                return Some(v);
            }
        }
        // Catalase: a float (or half) result where the prototype says double (C's default)
        // widens exactly; its bits are never read as part of a wider scalar.
        if let Some(v) = self.widen_float(value, to) {
            return Some(v);
        }
        let (sf, st) = (self.size(from), self.size(to));
        // Tail padding belongs to a declared struct or array only: a scalar's upper bytes would
        // be garbage.
        let padded = |a: u64| is_aggregate(to) && sf < st && sf.div_ceil(a) * a == st;
        let by_memory = match mode {
            // Equal sizes, or the declared type is the derivative's bytes plus tail padding
            // (`struct { float d[3]; }` is returned as `{ <2 x float>, float }`, 16 bytes).
            Mode::Forward => sf == st || padded(u64::from(self.align(to).max(1))),
            // Gradients only move through memory into a type with the same scalars in the same
            // order (`{ float, float }` as `<2 x float>`), never into other bits.
            // Tail padding allowed as in forward mode (three float gradients declared as
            // `struct { float d[3]; }`, returned as `{ <2 x float>, float }`).
            Mode::Reverse | Mode::ReverseSplit => {
                let same_scalars = matches!((scalar_leaves(from), scalar_leaves(to)), (Some(x), Some(y)) if x == y);
                same_scalars && (sf == st || padded(u64::from(self.align(to).max(1))))
            }
            Mode::AugmentedForward => st >= sf,
            _ => false,
        };
        if by_memory && self.first_class_sized(from) && self.first_class_sized(to) {
            return Some(self.reinterpret(value, to));
        }
        if mode != Mode::AugmentedForward {
            if let Some(v) = self.first_element(value, to) {
                return Some(v);
            }
        }
        None
    }

    /// `value`, a half or float scalar, widened exactly to the wider float scalar `to`.
    fn widen_float(&self, value: LLVMValueRef, to: LLVMTypeRef) -> Option<LLVMValueRef> {
        let (wf, wt) = (float_width(ll::type_of(value))?, float_width(to)?);
        // SAFETY: fpext to a wider float type.
        (wf < wt).then(|| unsafe { LLVMBuildFPExt(self.raw, value, to, c"".as_ptr()) })
    }

    /// Element 0 of an aggregate `value` as `to` (ABI §4.2 rule 6), widened from float when the
    /// prototype says double; None when `value` is not an aggregate or element 0 does not fit.
    fn first_element(&self, value: LLVMValueRef, to: LLVMTypeRef) -> Option<LLVMValueRef> {
        let from = ll::type_of(value);
        if !is_aggregate(from) {
            return None;
        }
        // SAFETY: element 0 of a non-empty aggregate.
        let first = unsafe { element_type(from, 0) }?;
        let widen = matches!((float_width(first), float_width(to)), (Some(a), Some(b)) if a < b);
        if first != to && !layout_identical(first, to) && !widen {
            return None;
        }
        // SAFETY: extracting element 0 of an aggregate value.
        let v = unsafe { LLVMBuildExtractValue(self.raw, value, 0, c"".as_ptr()) };
        Some(if first == to {
            v
        } else if widen {
            // SAFETY: fpext to a wider float type.
            unsafe { LLVMBuildFPExt(self.raw, v, to, c"".as_ptr()) }
        } else {
            self.copy_elements(v, to)
        })
    }

    fn first_class_sized(&self, ty: LLVMTypeRef) -> bool {
        // SAFETY: type query.
        !ll::is_void(ty) && unsafe { LLVMTypeIsSized(ty) } != 0
    }

    /// Element-wise copy between layout-identical aggregates.
    fn copy_elements(&self, value: LLVMValueRef, to: LLVMTypeRef) -> LLVMValueRef {
        let from = ll::type_of(value);
        if from == to {
            return value;
        }
        let count = aggregate_len(to);
        // SAFETY: layout_identical(from, to) holds, so every index exists in both.
        unsafe {
            let mut agg = LLVMGetPoison(to);
            for i in 0..count {
                let Some(ety) = element_type(to, i) else {
                    continue;
                };
                let e = LLVMBuildExtractValue(self.raw, value, i, c"".as_ptr());
                let e = self.copy_elements(e, ety);
                agg = LLVMBuildInsertValue(self.raw, agg, e, i, c"".as_ptr());
            }
            agg
        }
    }

    /// `load to, ptr` with `to`'s ABI alignment.
    pub(crate) fn load(&self, to: LLVMTypeRef, ptr: LLVMValueRef) -> LLVMValueRef {
        // SAFETY: a load of a sized type through a live pointer.
        unsafe {
            let load = LLVMBuildLoad2(self.raw, to, ptr, c"".as_ptr());
            LLVMSetAlignment(load, self.align(to));
            load
        }
    }

    /// The value of type `to` that `ptr` points to, passed with `enzyme_byref` (ABI §3.3). The
    /// caller's pointer may be less aligned than `to` wants: the load assumes no alignment. An
    /// integer of a width that is no whole number of bytes (`bool`'s `i1`) is loaded as the
    /// bytes C stored and truncated.
    pub(crate) fn load_byref(&self, to: LLVMTypeRef, ptr: LLVMValueRef) -> LLVMValueRef {
        // SAFETY: loads of sized types through a live pointer.
        unsafe {
            let bits = if ll::is_integer(to) { LLVMGetIntTypeWidth(to) } else { 0 };
            let stored = if bits % 8 != 0 { LLVMIntTypeInContext(LLVMGetTypeContext(to), bits.div_ceil(8) * 8) } else { to };
            let load = LLVMBuildLoad2(self.raw, stored, ptr, c"catalase.byref".as_ptr());
            LLVMSetAlignment(load, 1);
            if stored == to {
                load
            } else {
                LLVMBuildTrunc(self.raw, load, to, c"".as_ptr())
            }
        }
    }

    /// A value of type `to` from `pieces` laid out one after another, each at its alignment,
    /// in a stack slot (how C passes a small struct in registers).
    pub(crate) fn assemble(&self, pieces: &[LLVMValueRef], to: LLVMTypeRef) -> LLVMValueRef {
        let mut offsets = Vec::new();
        let mut end = 0u64;
        for &p in pieces {
            let a = u64::from(self.align(ll::type_of(p)).max(1));
            offsets.push((end.div_ceil(a) * a, a as u32));
            end = offsets[offsets.len() - 1].0 + self.size(ll::type_of(p));
        }
        // SAFETY: a byte array type; byte GEPs into the slot, each piece within its bytes.
        unsafe {
            let i8t = LLVMInt8TypeInContext(LLVMGetModuleContext(self.module));
            let i64t = LLVMInt64TypeInContext(LLVMGetModuleContext(self.module));
            let slot = self.entry_slot(LLVMArrayType2(i8t, end.max(self.size(to))), self.align(to).max(8));
            for (&p, &(offset, a)) in pieces.iter().zip(&offsets) {
                let mut idx = [LLVMConstInt(i64t, offset, 0)];
                let at = LLVMBuildGEP2(self.raw, i8t, slot, idx.as_mut_ptr(), 1, c"".as_ptr());
                self.store(p, at, a);
            }
            self.load(to, slot)
        }
    }

    /// An `alloca` of `ty` at the top of the caller's entry block.
    fn entry_slot(&self, ty: LLVMTypeRef, align: u32) -> LLVMValueRef {
        // SAFETY: a builder at the first instruction of the live entry block, disposed here.
        unsafe {
            let entry = LLVMGetEntryBasicBlock(ll::parent_function(self.at));
            let top = LLVMCreateBuilderInContext(LLVMGetModuleContext(self.module));
            LLVMPositionBuilderBefore(top, LLVMGetFirstInstruction(entry));
            let slot = LLVMBuildAlloca(top, ty, c"catalase.ret".as_ptr());
            LLVMSetAlignment(slot, align);
            LLVMDisposeBuilder(top);
            slot
        }
    }

    /// Store `value` to a stack slot big enough for both types and load it back as `to`.
    fn reinterpret(&self, value: LLVMValueRef, to: LLVMTypeRef) -> LLVMValueRef {
        let from = ll::type_of(value);
        let slot_ty = if self.size(from) >= self.size(to) {
            from
        } else {
            to
        };
        let align = self.align(from).max(self.align(to));
        let slot = self.entry_slot(slot_ty, align);
        // SAFETY: store/load through the slot, big enough for both types.
        unsafe {
            self.store(value, slot, align);
            let load = LLVMBuildLoad2(self.raw, to, slot, c"".as_ptr());
            LLVMSetAlignment(load, align);
            load
        }
    }
}

/// The scalar types of `ty` in memory order (struct fields, array and vector elements), for
/// deciding whether two types hold the same values; None for anything else (pointers included).
pub(crate) fn scalar_leaves(ty: LLVMTypeRef) -> Option<Vec<LLVMTypeKind>> {
    let mut out = Vec::new();
    collect_leaves(ty, &mut out).then_some(out)
}

fn collect_leaves(ty: LLVMTypeRef, out: &mut Vec<LLVMTypeKind>) -> bool {
    use LLVMTypeKind::*;
    match ll::kind(ty) {
        k @ (LLVMHalfTypeKind | LLVMFloatTypeKind | LLVMDoubleTypeKind) => {
            out.push(k);
            true
        }
        LLVMStructTypeKind => ll::struct_fields(ty).into_iter().all(|f| collect_leaves(f, out)),
        // SAFETY: array/vector type queries.
        LLVMArrayTypeKind => unsafe {
            let (n, e) = (LLVMGetArrayLength2(ty), LLVMGetElementType(ty));
            (0..n).all(|_| collect_leaves(e, out))
        },
        LLVMVectorTypeKind => unsafe {
            let (n, e) = (LLVMGetVectorSize(ty), LLVMGetElementType(ty));
            (0..n).all(|_| collect_leaves(e, out))
        },
        _ => false,
    }
}

/// The width of an IEEE half/float/double scalar type; None for other types.
fn float_width(ty: LLVMTypeRef) -> Option<u32> {
    match ll::kind(ty) {
        LLVMTypeKind::LLVMHalfTypeKind => Some(16),
        LLVMTypeKind::LLVMFloatTypeKind => Some(32),
        LLVMTypeKind::LLVMDoubleTypeKind => Some(64),
        _ => None,
    }
}

fn is_aggregate(ty: LLVMTypeRef) -> bool {
    matches!(
        ll::kind(ty),
        LLVMTypeKind::LLVMStructTypeKind | LLVMTypeKind::LLVMArrayTypeKind
    )
}

fn aggregate_len(ty: LLVMTypeRef) -> u32 {
    match ll::kind(ty) {
        LLVMTypeKind::LLVMStructTypeKind => ll::struct_fields(ty).len() as u32,
        // SAFETY: array length query.
        LLVMTypeKind::LLVMArrayTypeKind => unsafe { LLVMGetArrayLength2(ty) as u32 },
        _ => 0,
    }
}

/// Element `i` of a struct or array type.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn element_type(ty: LLVMTypeRef, i: u32) -> Option<LLVMTypeRef> {
    if i >= aggregate_len(ty) {
        return None;
    }
    match ll::kind(ty) {
        LLVMTypeKind::LLVMStructTypeKind => Some(LLVMStructGetTypeAtIndex(ty, i)),
        _ => Some(LLVMGetElementType(ty)),
    }
}

/// Delete what only marker calls used (ABI §0 item 6): dead loads of `enzyme_*` globals, those
/// globals when they are unused declarations, and unused `__enzyme_*` function declarations.
pub fn cleanup_marker_globals(module: LLVMModuleRef) {
    for g in ll::globals(module) {
        if !ll::name(g).starts_with("enzyme_") {
            continue;
        }
        for user in ll::users(g) {
            // SAFETY: erasing a load that nothing uses.
            unsafe {
                if !LLVMIsALoadInst(user).is_null() && LLVMGetFirstUse(user).is_null() {
                    LLVMInstructionEraseFromParent(user);
                }
            }
        }
        // SAFETY: deleting an unused declaration, or defining a used one.
        unsafe {
            if LLVMGetFirstUse(g).is_null() && ll::is_declaration(g) {
                LLVMDeleteGlobal(g);
            } else if ll::is_declaration(g) {
                // Still used, by code that only takes its address (ASan/MSan checks of the
                // marker loads in IR instrumented before Catalase ran): a weak zero definition
                // links, and merges with a definition elsewhere.
                LLVMSetInitializer(g, LLVMConstNull(LLVMGlobalGetValueType(g)));
                LLVMSetLinkage(g, llvm_sys::LLVMLinkage::LLVMWeakAnyLinkage);
            }
        }
    }
    for f in ll::functions(module) {
        // SAFETY: deleting an unused declaration.
        unsafe {
            if ll::name(f).starts_with("__enzyme_")
                && ll::is_declaration(f)
                && LLVMGetFirstUse(f).is_null()
            {
                LLVMDeleteFunction(f);
            }
        }
    }
}

/// A type whose size LLVM can compute without aborting: sized, with no scalable vector inside.
pub(crate) fn plain_sized(ty: LLVMTypeRef) -> bool {
    // SAFETY: type queries on a live type.
    unsafe {
        if LLVMTypeIsSized(ty) == 0 {
            return false;
        }
        match LLVMGetTypeKind(ty) {
            LLVMTypeKind::LLVMScalableVectorTypeKind => false,
            LLVMTypeKind::LLVMStructTypeKind => {
                (0..LLVMCountStructElementTypes(ty)).all(|i| plain_sized(LLVMStructGetTypeAtIndex(ty, i)))
            }
            LLVMTypeKind::LLVMArrayTypeKind | LLVMTypeKind::LLVMVectorTypeKind => plain_sized(LLVMGetElementType(ty)),
            _ => true,
        }
    }
}
