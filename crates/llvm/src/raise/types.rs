//! Types and constants for raising: Catalase `Type` → `LLVMTypeRef` (literal structs), and
//! `Const` → LLVM constants (floats from their exact bits, globals by name).
//!
//! Errors are plain strings; the caller wraps them in a diagnostic naming the instruction.

use std::ffi::CString;

use catalase_ir::inst::Signature;
use catalase_ir::{Const, Type};
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMTypeKind;

/// The LLVM type of `t` in context `ctx`.
pub(super) unsafe fn llvm_type(ctx: LLVMContextRef, t: &Type) -> Result<LLVMTypeRef, String> {
    Ok(match t {
        Type::Void => LLVMVoidTypeInContext(ctx),
        Type::Int(b) if *b == 0 || *b > (1 << 23) => {
            return Err(format!("invalid integer width i{b}"))
        }
        Type::Int(b) => LLVMIntTypeInContext(ctx, *b),
        Type::Half => LLVMHalfTypeInContext(ctx),
        Type::BFloat => LLVMBFloatTypeInContext(ctx),
        Type::F32 => LLVMFloatTypeInContext(ctx),
        Type::F64 => LLVMDoubleTypeInContext(ctx),
        Type::Ptr(a) => LLVMPointerTypeInContext(ctx, *a),
        Type::Vector(n, e) => {
            if *n == 0 || !(e.is_int() || e.is_float() || e.is_ptr()) {
                return Err(format!("invalid vector type {t}"));
            }
            LLVMVectorType(llvm_type(ctx, e)?, *n)
        }
        Type::Array(n, e) => {
            if e.is_void() {
                return Err(format!("invalid array type {t}"));
            }
            LLVMArrayType2(llvm_type(ctx, e)?, *n)
        }
        Type::Struct { fields, packed } => {
            let mut elems = Vec::with_capacity(fields.len());
            for field in fields {
                if field.is_void() {
                    return Err(format!("invalid struct type {t}"));
                }
                elems.push(llvm_type(ctx, field)?);
            }
            LLVMStructTypeInContext(ctx, elems.as_mut_ptr(), elems.len() as u32, *packed as i32)
        }
        Type::Opaque(name) => match name.as_str() {
            "x86_fp80" => LLVMX86FP80TypeInContext(ctx),
            "fp128" => LLVMFP128TypeInContext(ctx),
            "ppc_fp128" => LLVMPPCFP128TypeInContext(ctx),
            "token" => LLVMTokenTypeInContext(ctx),
            "x86_amx" => LLVMX86AMXTypeInContext(ctx),
            _ => return Err(format!("cannot raise type {t}")),
        },
    })
}

/// The LLVM function type of a signature.
pub(super) unsafe fn fn_type(ctx: LLVMContextRef, sig: &Signature) -> Result<LLVMTypeRef, String> {
    let mut params = Vec::with_capacity(sig.params.len());
    for p in &sig.params {
        if p.is_void() {
            return Err("a parameter has type void".to_string());
        }
        params.push(llvm_type(ctx, p)?);
    }
    let ret = llvm_type(ctx, &sig.ret)?;
    Ok(LLVMFunctionType(
        ret,
        params.as_mut_ptr(),
        params.len() as u32,
        sig.variadic as i32,
    ))
}

/// Whether two LLVM types have the same structure (a named struct matches a literal one with
/// the same fields).
pub(super) unsafe fn same_shape(a: LLVMTypeRef, b: LLVMTypeRef) -> bool {
    if a == b {
        return true;
    }
    let kind = LLVMGetTypeKind(a);
    if kind != LLVMGetTypeKind(b) {
        return false;
    }
    match kind {
        LLVMTypeKind::LLVMStructTypeKind => {
            let n = LLVMCountStructElementTypes(a);
            n == LLVMCountStructElementTypes(b)
                && LLVMIsPackedStruct(a) == LLVMIsPackedStruct(b)
                && (0..n).all(|i| {
                    same_shape(
                        LLVMStructGetTypeAtIndex(a, i),
                        LLVMStructGetTypeAtIndex(b, i),
                    )
                })
        }
        LLVMTypeKind::LLVMArrayTypeKind => {
            LLVMGetArrayLength2(a) == LLVMGetArrayLength2(b)
                && same_shape(LLVMGetElementType(a), LLVMGetElementType(b))
        }
        LLVMTypeKind::LLVMFunctionTypeKind => {
            let n = LLVMCountParamTypes(a) as usize;
            if n != LLVMCountParamTypes(b) as usize
                || LLVMIsFunctionVarArg(a) != LLVMIsFunctionVarArg(b)
            {
                return false;
            }
            let mut pa = vec![std::ptr::null_mut(); n];
            let mut pb = vec![std::ptr::null_mut(); n];
            LLVMGetParamTypes(a, pa.as_mut_ptr());
            LLVMGetParamTypes(b, pb.as_mut_ptr());
            same_shape(LLVMGetReturnType(a), LLVMGetReturnType(b))
                && pa.iter().zip(&pb).all(|(x, y)| same_shape(*x, *y))
        }
        // Vectors, integers and pointers are uniqued: equal shapes are equal pointers.
        _ => false,
    }
}

/// LLVM's spelling of a type.
pub(super) unsafe fn type_text(t: LLVMTypeRef) -> String {
    let raw = LLVMPrintTypeToString(t);
    let s = std::ffi::CStr::from_ptr(raw).to_string_lossy().into_owned();
    LLVMDisposeMessage(raw);
    s
}

/// An integer constant of type `lt` (width `w`) from raw bits; bits above the width are ignored.
pub(super) unsafe fn int_const(lt: LLVMTypeRef, w: u32, bits: u128) -> LLVMValueRef {
    let bits = if w < 128 {
        bits & ((1u128 << w) - 1)
    } else {
        bits
    };
    if w <= 64 {
        LLVMConstInt(lt, bits as u64, 0)
    } else {
        let words = [bits as u64, (bits >> 64) as u64];
        LLVMConstIntOfArbitraryPrecision(lt, 2, words.as_ptr())
    }
}

/// A float constant of scalar float type `t` from the raw bits of its format.
unsafe fn float_const(ctx: LLVMContextRef, t: &Type, bits: u128) -> Result<LLVMValueRef, String> {
    let width = match t {
        Type::Half | Type::BFloat => 16,
        Type::F32 => 32,
        Type::F64 => 64,
        Type::Opaque(s) if s == "x86_fp80" => 80,
        _ => return Err(format!("a float constant of type {t}")),
    };
    if bits >> width != 0 {
        return Err(format!("float bits {bits:#x} do not fit {t}"));
    }
    let int = int_const(LLVMIntTypeInContext(ctx, width), width, bits);
    Ok(LLVMConstBitCast(int, llvm_type(ctx, t)?))
}

/// The address of a function, global variable, alias or ifunc named `name`.
pub(super) unsafe fn global_address(
    module: LLVMModuleRef,
    name: &str,
) -> Result<LLVMValueRef, String> {
    let cname = CString::new(name)
        .map_err(|_| format!("symbol name `{}` has a NUL byte", name.escape_debug()))?;
    let f = LLVMGetNamedFunction(module, cname.as_ptr());
    if !f.is_null() {
        return Ok(f);
    }
    let g = LLVMGetNamedGlobal(module, cname.as_ptr());
    if !g.is_null() {
        return Ok(g);
    }
    let a = LLVMGetNamedGlobalAlias(module, cname.as_ptr(), name.len());
    if !a.is_null() {
        return Ok(a);
    }
    let i = LLVMGetNamedGlobalIFunc(module, cname.as_ptr(), name.len());
    if !i.is_null() {
        return Ok(i);
    }
    Err(format!("unknown global symbol @{name}"))
}

/// The LLVM constant `c` of type `t`. A scalar int/float constant of a vector type is a splat.
pub(super) unsafe fn const_value(
    ctx: LLVMContextRef,
    module: LLVMModuleRef,
    t: &Type,
    c: &Const,
) -> Result<LLVMValueRef, String> {
    let lt = llvm_type(ctx, t)?;
    match (c, t) {
        (Const::Int(bits), Type::Int(w)) => Ok(int_const(lt, *w, *bits)),
        (Const::Float(bits), t) if t.is_float_format() => float_const(ctx, t, *bits),
        (Const::Int(_) | Const::Float(_), Type::Vector(n, e)) => {
            let lane = const_value(ctx, module, e, c)?;
            let mut lanes = vec![lane; *n as usize];
            Ok(LLVMConstVector(lanes.as_mut_ptr(), *n))
        }
        (Const::Null, _) | (Const::Zero, _) => Ok(LLVMConstNull(lt)),
        (Const::Undef, _) => Ok(LLVMGetUndef(lt)),
        (Const::Poison, _) => Ok(LLVMGetPoison(lt)),
        (Const::Global(name), Type::Ptr(_)) => {
            let g = global_address(module, name)?;
            if LLVMTypeOf(g) != lt {
                return Err(format!(
                    "@{name} has type {}, not {t}",
                    type_text(LLVMTypeOf(g))
                ));
            }
            Ok(g)
        }
        (Const::Aggregate(members), _) => aggregate_const(ctx, module, t, members),
        _ => Err(format!("constant {c:?} cannot have type {t}")),
    }
}

/// A struct, array or vector constant.
unsafe fn aggregate_const(
    ctx: LLVMContextRef,
    module: LLVMModuleRef,
    t: &Type,
    members: &[Const],
) -> Result<LLVMValueRef, String> {
    let expected = match t {
        Type::Struct { fields, .. } => fields.len() as u64,
        Type::Array(n, _) => *n,
        Type::Vector(n, _) => *n as u64,
        _ => return Err(format!("an aggregate constant of type {t}")),
    };
    if members.len() as u64 != expected {
        return Err(format!("{} members for type {t}", members.len()));
    }
    let mut vals = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let mt = t
            .member(i as u32)
            .ok_or_else(|| format!("no member {i} in {t}"))?;
        vals.push(const_value(ctx, module, mt, m)?);
    }
    Ok(match t {
        Type::Struct { packed, .. } => {
            LLVMConstStructInContext(ctx, vals.as_mut_ptr(), vals.len() as u32, *packed as i32)
        }
        Type::Array(_, e) => {
            LLVMConstArray2(llvm_type(ctx, e)?, vals.as_mut_ptr(), vals.len() as u64)
        }
        _ => LLVMConstVector(vals.as_mut_ptr(), vals.len() as u32),
    })
}
