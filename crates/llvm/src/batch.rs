//! `__enzyme_batch(f, enzyme_width, N, args…)` (ABI §1, §3.3): `f` evaluated on N lanes, no
//! derivative. Each parameter of `f` is given, after an optional marker, as
//!
//! - `enzyme_scalar, x`: one value, the same in every lane;
//! - `enzyme_vector, x0, …, x{N-1}`: one value per lane (the default when N > 1);
//! - `enzyme_buffer, stride, p`: one pointer, lane `v` at `p + v*stride` bytes.
//!
//! The result is `f`'s result per lane, an `[N x T]` (just `T` when N is 1), given to the call
//! as its declared return by the rules of forward mode (ABI §4.2: a struct of N doubles, an
//! `sret` slot). [`lower`] replaces every such call by N calls of `f`, one per lane, in lane
//! order: the simplest lowering that is right for any `f` (one that writes memory, calls other
//! functions or is itself a derivative's caller). It runs before any derivative is generated,
//! so a batch inside a differentiated function, or of a function that calls a marker, is
//! ordinary IR by the time the differentiator sees it.

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::markers::{self, ll, Mode, Site, BATCH_ENTRY};
use crate::rewrite::Builder;

/// How one parameter of the batched function is given at the call.
enum Lanes {
    /// One value for every lane.
    Scalar(LLVMValueRef),
    /// One value per lane.
    Vector(Vec<LLVMValueRef>),
    /// One base pointer and a byte stride.
    Buffer { base: LLVMValueRef, stride: LLVMValueRef },
}

/// A parsed `__enzyme_batch` call.
struct BatchCall {
    call: LLVMValueRef,
    function: LLVMValueRef,
    width: u32,
    /// Per parameter of `function`, in order.
    params: Vec<Lanes>,
    /// The call's own `sret` pointer (its C prototype returns a big struct).
    sret: Option<LLVMValueRef>,
}

const MARKER_HELP: &str = "give each argument as `enzyme_scalar, x` (one value for all lanes), `enzyme_vector, x0, …, xN-1` \
                           (one value per lane, the default) or `enzyme_buffer, STRIDE, p` (one pointer, lane v at p + v*STRIDE bytes)";

/// Replace every `__enzyme_batch` call of `module` by one call of its function per lane.
/// Returns how many calls were lowered. Every call is parsed (all their errors reported at
/// once) before any is changed.
///
/// # Safety
/// `module` must be a valid module owned by the caller for the duration of the call.
pub unsafe fn lower(module: LLVMModuleRef) -> Result<usize, Vec<Diagnostic>> {
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    for inst in markers::marker_sites(module) {
        let Some(name) = ll::direct_callee_name(inst) else {
            continue;
        };
        // ABI §1 order: the derivative entry points are tested first.
        if !name.contains(BATCH_ENTRY) || Mode::from_callee_name(&name).is_some() {
            continue;
        }
        match parse(inst) {
            Ok(call) => calls.push(call),
            Err(diag) => errors.push(diag),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut lowered = 0;
    for call in &calls {
        emit(call).map_err(|d| vec![d])?;
        lowered += 1;
    }
    Ok(lowered)
}

fn parse(call: LLVMValueRef) -> Result<BatchCall, Diagnostic> {
    let site = Site::new(call);
    let err = |kind, msg: String, help: &str| site.error(kind, msg, help);
    let ops = ll::call_args(call);
    let sret = ll::sret_arg(call).map(|_| ops[0]);
    let mut pos = usize::from(sret.is_some());
    let Some(&operand) = ops.get(pos) else {
        return Err(err(DiagKind::CallingError, "Too few arguments to __enzyme_batch".into(), "pass the function to batch, e.g. `(void*)f`, first"));
    };
    pos += 1;
    let Some(function) = ll::resolve_function(operand) else {
        let msg = format!("__enzyme_batch: cannot resolve `{}` to a function", ll::operand_text(operand));
        let help = "pass the function itself, e.g. `(void*)f`, as the first argument: a function pointer read from memory \
                    or chosen at run time cannot be resolved at compile time";
        return Err(err(DiagKind::NoFunction, msg, help));
    };
    let fname = ll::name(function);
    if ll::is_declaration(function) {
        let msg = format!("__enzyme_batch: `{fname}` has no body in this module");
        return Err(err(DiagKind::NoFunction, msg, "define the function in the same translation unit (or link with LTO)"));
    }
    if ll::is_invoke(call) {
        let msg = "`__enzyme_batch` called with `invoke` (inside a C++ try block or with cleanups) is not supported yet".to_string();
        return Err(err(DiagKind::Unsupported, msg, "declare `__enzyme_batch` noexcept, or call it from a function without try/cleanups"));
    }
    if ll::fn_sret_param(function).is_some() {
        let msg = format!("__enzyme_batch of `{fname}`, which returns a struct through a hidden pointer (sret), is not supported yet");
        return Err(err(DiagKind::Unsupported, msg, "return the struct through a pointer parameter instead, given with enzyme_vector or enzyme_buffer"));
    }
    let width = markers::scan_width(&site, &ops[pos..])?;
    let types = ll::param_types(function);
    let count = types.len();
    let mut params = Vec::with_capacity(count);
    for (index, &ty) in types.iter().enumerate() {
        let mut given = None;
        let mut stride = None;
        while let Some(marker) = ops.get(pos).and_then(|&v| ll::marker_name(v)) {
            pos += 1;
            match marker.as_str() {
                "enzyme_width" => pos += 1, // checked by scan_width
                "enzyme_scalar" => given = Some(false),
                "enzyme_vector" => given = Some(true),
                "enzyme_buffer" => {
                    let s = ops.get(pos).copied().filter(|&s| ll::is_integer(ll::type_of(s)) && ll::marker_name(s).is_none());
                    let Some(s) = s else {
                        let msg = "enzyme_buffer must be followed by an integer byte stride".to_string();
                        return Err(err(DiagKind::CallingError, msg, MARKER_HELP));
                    };
                    pos += 1;
                    stride = Some(s);
                }
                m @ ("enzyme_dup" | "enzyme_dupnoneed" | "enzyme_const" | "enzyme_out" | "enzyme_dupv" | "enzyme_dupnoneedv"
                | "enzyme_primal_return" | "enzyme_noret" | "enzyme_tape" | "enzyme_allocated" | "enzyme_nofree") => {
                    let msg = format!("marker `{m}` has no meaning in __enzyme_batch, which computes no derivative (argument {index} of `{fname}`)");
                    return Err(err(DiagKind::CallingError, msg, MARKER_HELP));
                }
                unknown => {
                    let msg = format!("illegal enzyme metadata classification `{unknown}` in __enzyme_batch");
                    return Err(err(DiagKind::IllegalMarker, msg, MARKER_HELP));
                }
            }
        }
        let mut take = |lane: Option<u32>| -> Result<LLVMValueRef, Diagnostic> {
            let which = lane.map(|l| format!(" (lane {l})")).unwrap_or_default();
            let Some(&v) = ops.get(pos).filter(|&&v| ll::marker_name(v).is_none()) else {
                let msg = format!(
                    "__enzyme_batch missing argument {index}{which} of `{fname}`, need a value of type {}; `{fname}` takes {count} parameters at width {width}",
                    ll::print_type(ty)
                );
                return Err(err(DiagKind::CallingError, msg, MARKER_HELP));
            };
            pos += 1;
            if ll::conversion(ll::type_of(v), ty).is_none() {
                let msg = format!(
                    "Cannot cast __enzyme_batch argument {index}{which} of `{fname}`, found {}, wanted {}",
                    ll::operand_text(v),
                    ll::print_type(ty)
                );
                return Err(err(DiagKind::CallingError, msg, "pass a value of exactly the parameter's type"));
            }
            Ok(v)
        };
        let lanes = if let Some(stride) = stride {
            if !ll::is_pointer(ty) {
                let msg = format!("enzyme_buffer on argument {index} of `{fname}`, of non-pointer type {}", ll::print_type(ty));
                return Err(err(DiagKind::CallingError, msg, "enzyme_buffer needs a pointer parameter; use enzyme_vector for values"));
            }
            Lanes::Buffer { base: take(None)?, stride }
        } else if given.unwrap_or(width > 1) {
            Lanes::Vector((0..width).map(|l| take(Some(l))).collect::<Result<_, _>>()?)
        } else {
            Lanes::Scalar(take(None)?)
        };
        params.push(lanes);
    }
    while ops.get(pos).and_then(|&v| ll::marker_name(v)).as_deref() == Some("enzyme_width") {
        pos += 2;
    }
    if let Some(&extra) = ops.get(pos) {
        let msg = format!("Had too many arguments to __enzyme_batch for `{fname}`: extra arg {}", ll::operand_text(extra));
        return Err(err(DiagKind::CallingError, msg, MARKER_HELP));
    }
    Ok(BatchCall { call, function, width, params, sret })
}

/// Build the lane calls before `b.call`, give its users the results, erase it.
fn emit(c: &BatchCall) -> Result<(), Diagnostic> {
    let site = Site::new(c.call);
    let internal = |msg: String| site.error(DiagKind::Internal, msg, "this is a Catalase bug: please report it");
    let b = Builder::before(c.call);
    let types = ll::param_types(c.function);
    let mut results = Vec::with_capacity(c.width as usize);
    for lane in 0..c.width {
        let mut args = Vec::with_capacity(types.len());
        for (lanes, &ty) in c.params.iter().zip(&types) {
            let v = match lanes {
                Lanes::Scalar(v) => *v,
                Lanes::Vector(vs) => vs[lane as usize],
                Lanes::Buffer { base, stride } => b.lane_pointer(*base, *stride, lane),
            };
            args.push(b.convert(v, ty).map_err(internal)?);
        }
        let call = b.call(c.function, &mut args);
        // SAFETY: attribute and calling-convention copies from the callee to its own call.
        unsafe {
            LLVMSetInstructionCallConv(call, LLVMGetFunctionCallConv(c.function));
            for index in 1..=types.len() as u32 {
                let n = LLVMGetAttributeCountAtIndex(c.function, index);
                let mut attrs = vec![std::ptr::null_mut(); n as usize];
                LLVMGetAttributesAtIndex(c.function, index, attrs.as_mut_ptr());
                for a in attrs {
                    LLVMAddCallSiteAttribute(call, index, a);
                }
            }
        }
        results.push(call);
    }
    let ret = ll::return_type(c.function);
    let to = ll::type_of(c.call);
    // SAFETY: the array type of a live first-class type; uses of the call replaced before it goes.
    unsafe {
        let value = if ll::is_void(ret) {
            None
        } else if c.width == 1 {
            Some(results[0])
        } else {
            Some(b.pack(LLVMArrayType2(ret, u64::from(c.width)), &results))
        };
        match (value, c.sret) {
            (Some(value), Some(slot)) => {
                let slot_ty = ll::sret_arg(c.call).ok_or_else(|| internal("sret pointer without an sret type".into()))?;
                let from = ll::type_of(value);
                if b.size(from) > b.size(slot_ty) {
                    let msg = format!(
                        "Struct return type {} is not large enough to hold the batch's result {}",
                        ll::print_type(slot_ty),
                        ll::print_type(from)
                    );
                    return Err(site.error(DiagKind::IllegalReturnCast, msg, &format!("declare a struct of {} bytes or more", b.size(from))));
                }
                b.store(value, slot, b.align(from).min(b.align(slot_ty)));
            }
            (Some(value), None) if !ll::is_void(to) => {
                let adapted = b.adapt(Mode::Forward, value, to).ok_or_else(|| {
                    let msg = format!(
                        "Cannot cast return type of __enzyme_batch {} to the declared return type {}",
                        ll::print_type(ll::type_of(value)),
                        ll::print_type(to)
                    );
                    let help = format!("declare __enzyme_batch to return {} (or a struct of the same layout)", ll::print_type(ll::type_of(value)));
                    site.error(DiagKind::IllegalReturnCast, msg, &help)
                })?;
                LLVMReplaceAllUsesWith(c.call, adapted);
            }
            (None, None) if !ll::is_void(to) => LLVMReplaceAllUsesWith(c.call, LLVMConstNull(to)),
            _ => {}
        }
        LLVMInstructionEraseFromParent(c.call);
    }
    Ok(())
}
