//! ABI §2: a marker call whose function operand is a `select` between two functions (clang's
//! `(void*)(flag ? f : g)`), or a phi of functions (what the optimizer makes of it when it
//! threads the branches), becomes a call of a small dispatcher that switches on which one was
//! chosen to one marker call per function; each is then lowered as any other marker call. The
//! marker operands (loads of `enzyme_*` globals) and constants are made again inside the
//! dispatcher, the other operands are its parameters.

use llvm_sys::core::*;
use llvm_sys::debuginfo::{LLVMInstructionGetDebugLoc, LLVMInstructionSetDebugLoc};
use llvm_sys::prelude::*;
use llvm_sys::LLVMLinkage;

use crate::markers::{self, ll};

/// One operand of the marker call, as the dispatcher passes it on.
#[derive(Clone, Copy)]
enum Operand {
    /// A constant, used as it is.
    Const(LLVMValueRef),
    /// A load of a marker global: loaded again (type, global).
    Marker(LLVMTypeRef, LLVMValueRef),
    /// The dispatcher's parameter at this index.
    Param(u32),
}

/// Rewrite every marker call whose function is a `select` or phi of functions.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn split_selected(module: LLVMModuleRef) {
    for call in markers::marker_sites(module) {
        if LLVMIsACallInst(call).is_null() || ll::sret_arg(call).is_some() || LLVMGetNumArgOperands(call) == 0 {
            continue;
        }
        let op = ll::strip_casts(LLVMGetOperand(call, 0));
        let Some((selector, fns)) = choice(op) else { continue };
        let Some(ops) = operands(call) else { continue };
        dispatch(module, call, selector, &fns, &ops);
    }
}

/// For a `select` or phi of functions: an `i32` that numbers the chosen one, and the functions.
unsafe fn choice(op: LLVMValueRef) -> Option<(LLVMValueRef, Vec<LLVMValueRef>)> {
    let ctx = LLVMGetTypeContext(ll::type_of(op));
    let i32t = LLVMInt32TypeInContext(ctx);
    let b = LLVMCreateBuilderInContext(ctx);
    let made = if !LLVMIsASelectInst(op).is_null() {
        let fns = [LLVMGetOperand(op, 1), LLVMGetOperand(op, 2)].map(ll::resolve_function);
        match fns {
            [Some(t), Some(f)] => {
                LLVMPositionBuilderBefore(b, op);
                let (zero, one) = (LLVMConstInt(i32t, 0, 0), LLVMConstInt(i32t, 1, 0));
                Some((LLVMBuildSelect(b, LLVMGetOperand(op, 0), zero, one, c"".as_ptr()), vec![t, f]))
            }
            _ => None,
        }
    } else if !LLVMIsAPHINode(op).is_null() {
        let n = LLVMCountIncoming(op);
        let fns: Option<Vec<LLVMValueRef>> = (0..n).map(|k| ll::resolve_function(LLVMGetIncomingValue(op, k))).collect();
        fns.filter(|f| f.len() >= 2).map(|fns| {
            LLVMPositionBuilderBefore(b, op);
            let phi = LLVMBuildPhi(b, i32t, c"".as_ptr());
            for k in 0..n {
                let mut v = [LLVMConstInt(i32t, u64::from(k), 0)];
                let mut bb = [LLVMGetIncomingBlock(op, k)];
                LLVMAddIncoming(phi, v.as_mut_ptr(), bb.as_mut_ptr(), 1);
            }
            (phi, fns)
        })
    } else {
        None
    };
    LLVMDisposeBuilder(b);
    made
}

/// The operands after the function, or None when a marker is not a plain global load.
unsafe fn operands(call: LLVMValueRef) -> Option<Vec<Operand>> {
    let mut out = Vec::new();
    let mut params = 1;
    for k in 1..LLVMGetNumArgOperands(call) {
        let a = LLVMGetOperand(call, k);
        let global = (!LLVMIsALoadInst(a).is_null()).then(|| ll::strip_casts(LLVMGetOperand(a, 0)));
        let marker = ll::marker_name(a).is_some();
        out.push(match global {
            _ if !LLVMIsAConstant(a).is_null() => Operand::Const(a),
            Some(g) if marker && !LLVMIsAGlobalVariable(g).is_null() => Operand::Marker(ll::type_of(a), g),
            _ if marker => return None,
            _ => {
                params += 1;
                Operand::Param(params - 1)
            }
        });
    }
    Some(out)
}

unsafe fn dispatch(module: LLVMModuleRef, call: LLVMValueRef, selector: LLVMValueRef, fns: &[LLVMValueRef], ops: &[Operand]) {
    let ctx = LLVMGetModuleContext(module);
    let callee_ty = LLVMGetCalledFunctionType(call);
    let callee = LLVMGetCalledValue(call);
    let ret = LLVMGetReturnType(callee_ty);
    let mut param_tys = vec![LLVMInt32TypeInContext(ctx)];
    let mut passed = vec![selector];
    for (k, o) in ops.iter().enumerate() {
        if let Operand::Param(_) = o {
            let a = LLVMGetOperand(call, k as u32 + 1);
            param_tys.push(ll::type_of(a));
            passed.push(a);
        }
    }
    let fty = LLVMFunctionType(ret, param_tys.as_mut_ptr(), param_tys.len() as u32, 0);
    let d = LLVMAddFunction(module, c"__catalase_select_dispatch".as_ptr(), fty);
    LLVMSetLinkage(d, LLVMLinkage::LLVMInternalLinkage);
    let inline = LLVMGetEnumAttributeKindForName(c"alwaysinline".as_ptr(), 12);
    LLVMAddAttributeAtIndex(d, llvm_sys::LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, inline, 0));
    let b = LLVMCreateBuilderInContext(ctx);
    let entry = LLVMAppendBasicBlockInContext(ctx, d, c"".as_ptr());
    let arms: Vec<LLVMBasicBlockRef> = fns.iter().map(|_| LLVMAppendBasicBlockInContext(ctx, d, c"".as_ptr())).collect();
    let join = LLVMAppendBasicBlockInContext(ctx, d, c"".as_ptr());
    LLVMPositionBuilderAtEnd(b, entry);
    let last = arms.len() - 1;
    let switch = LLVMBuildSwitch(b, LLVMGetParam(d, 0), arms[last], last as u32);
    for (k, arm) in arms.iter().enumerate().take(last) {
        LLVMAddCase(switch, LLVMConstInt(LLVMInt32TypeInContext(ctx), k as u64, 0), *arm);
    }
    let mut results = Vec::new();
    for (arm, f) in arms.iter().zip(fns) {
        LLVMPositionBuilderAtEnd(b, *arm);
        let mut args = vec![*f];
        for o in ops {
            args.push(match *o {
                Operand::Const(c) => c,
                Operand::Marker(ty, g) => LLVMBuildLoad2(b, ty, g, c"".as_ptr()),
                Operand::Param(i) => LLVMGetParam(d, i),
            });
        }
        results.push(LLVMBuildCall2(b, callee_ty, callee, args.as_mut_ptr(), args.len() as u32, c"".as_ptr()));
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, join);
    if ll::is_void(ret) {
        LLVMBuildRetVoid(b);
    } else {
        let phi = LLVMBuildPhi(b, ret, c"".as_ptr());
        let mut blocks = arms.clone();
        LLVMAddIncoming(phi, results.as_mut_ptr(), blocks.as_mut_ptr(), results.len() as u32);
        LLVMBuildRet(b, phi);
    }
    LLVMPositionBuilderBefore(b, call);
    let new = LLVMBuildCall2(b, fty, d, passed.as_mut_ptr(), passed.len() as u32, c"".as_ptr());
    LLVMInstructionSetDebugLoc(new, LLVMInstructionGetDebugLoc(call));
    LLVMDisposeBuilder(b);
    LLVMReplaceAllUsesWith(call, new);
    LLVMInstructionEraseFromParent(call);
}
