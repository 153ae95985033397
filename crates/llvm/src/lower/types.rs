//! Types, signatures, data-layout queries and debug locations for lowering.
//!
//! Named structs become their body; an opaque struct, `x86_fp80`, `fp128`, `ppc_fp128`,
//! `label`, `token`, `metadata`, scalable vectors and target types become
//! `Type::Opaque(<LLVM spelling>)`.

use catalase_ir::diag::SourceLoc;
use catalase_ir::function::Function;
use catalase_ir::inst::{Attr, AttrValue, Signature};
use catalase_ir::types::Type;
use llvm_sys::core::*;
use llvm_sys::debuginfo::{LLVMGetSubprogram, LLVMInstructionGetDebugLoc};
use llvm_sys::prelude::{LLVMTypeRef, LLVMValueRef};
use llvm_sys::target::{LLVMABISizeOfType, LLVMOffsetOfElement, LLVMTargetDataRef};
use llvm_sys::LLVMTypeKind;

use super::{linkage, value_name};
use crate::attrs::{function_attrs, PERSONALITY_ATTR};

/// The Catalase type of an LLVM type.
///
/// # Safety
/// `t` must be a valid LLVM type.
pub unsafe fn lower_type(t: LLVMTypeRef) -> Type {
    use LLVMTypeKind::*;
    match LLVMGetTypeKind(t) {
        LLVMVoidTypeKind => Type::Void,
        LLVMHalfTypeKind => Type::Half,
        LLVMBFloatTypeKind => Type::BFloat,
        LLVMFloatTypeKind => Type::F32,
        LLVMDoubleTypeKind => Type::F64,
        LLVMIntegerTypeKind => Type::Int(LLVMGetIntTypeWidth(t)),
        LLVMPointerTypeKind => Type::Ptr(LLVMGetPointerAddressSpace(t)),
        LLVMVectorTypeKind => Type::Vector(LLVMGetVectorSize(t), Box::new(lower_type(LLVMGetElementType(t)))),
        LLVMArrayTypeKind => Type::Array(LLVMGetArrayLength2(t), Box::new(lower_type(LLVMGetElementType(t)))),
        LLVMStructTypeKind if LLVMIsOpaqueStruct(t) == 0 => {
            let fields = struct_fields(t).into_iter().map(|f| lower_type(f)).collect();
            Type::Struct { fields, packed: LLVMIsPackedStruct(t) != 0 }
        }
        _ => Type::Opaque(type_spelling(t)),
    }
}

/// Field types of a struct type.
pub(crate) unsafe fn struct_fields(t: LLVMTypeRef) -> Vec<LLVMTypeRef> {
    let n = LLVMCountStructElementTypes(t) as usize;
    let mut v = vec![std::ptr::null_mut(); n];
    if n > 0 {
        LLVMGetStructElementTypes(t, v.as_mut_ptr());
    }
    v
}

/// LLVM's spelling of a type (`x86_fp80`, `token`, `%struct.S`).
pub(crate) unsafe fn type_spelling(t: LLVMTypeRef) -> String {
    let p = LLVMPrintTypeToString(t);
    if p.is_null() {
        return "?".to_string();
    }
    let s = std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned();
    LLVMDisposeMessage(p);
    s
}

/// The Catalase signature of an LLVM function type.
///
/// # Safety
/// `fty` must be a valid function type.
pub unsafe fn lower_signature(fty: LLVMTypeRef) -> Signature {
    let n = LLVMCountParamTypes(fty) as usize;
    let mut params = vec![std::ptr::null_mut(); n];
    if n > 0 {
        LLVMGetParamTypes(fty, params.as_mut_ptr());
    }
    Signature {
        params: params.into_iter().map(|p| lower_type(p)).collect(),
        ret: lower_type(LLVMGetReturnType(fty)),
        variadic: LLVMIsFunctionVarArg(fty) != 0,
    }
}

/// Signature, attributes, linkage and location of a function, with no body.
pub(crate) unsafe fn declaration(f: LLVMValueRef) -> Function {
    let sig = lower_signature(LLVMGlobalGetValueType(f));
    let mut func = Function::declaration(value_name(f), sig);
    fill_header(&mut func, f);
    func
}

/// Attributes, linkage, personality and source location of `f` onto `func`.
pub(crate) unsafe fn fill_header(func: &mut Function, f: LLVMValueRef) {
    func.attrs = function_attrs(f, func.sig.params.len());
    // A body without `ret` never returns (at -O0 clang leaves `noreturn` off libstdc++'s
    // `std::__throw_bad_variant_access`, which ends in `__cxa_throw`): as `noreturn`, its calls
    // carry no derivative, as LLVM's own attribute inference says from -O1 on.
    if never_returns(f) && !func.attrs.func_has("noreturn") {
        func.attrs.func.push(Attr { name: "noreturn".to_string(), value: AttrValue::None });
    }
    func.linkage = linkage(LLVMGetLinkage(f));
    func.loc = function_loc(f);
    if LLVMHasPersonalityFn(f) != 0 {
        let p = LLVMGetPersonalityFn(f);
        let name = if p.is_null() { String::new() } else { value_name(p) };
        if !name.is_empty() {
            func.attrs.func.push(Attr { name: PERSONALITY_ATTR.to_string(), value: AttrValue::Str(name) });
        }
    }
}

/// The location of a function's DISubprogram (column 0), if it has one.
pub(crate) unsafe fn function_loc(f: LLVMValueRef) -> Option<SourceLoc> {
    if LLVMGetSubprogram(f).is_null() {
        return None;
    }
    let mut len = 0u32;
    let p = LLVMGetDebugLocFilename(f, &mut len);
    Some(SourceLoc { file: raw_str(p, len), line: LLVMGetDebugLocLine(f), col: 0 })
}

/// The debug location of an instruction, if it has one.
pub(crate) unsafe fn inst_loc(i: LLVMValueRef) -> Option<SourceLoc> {
    if LLVMInstructionGetDebugLoc(i).is_null() {
        return None;
    }
    let mut len = 0u32;
    let p = LLVMGetDebugLocFilename(i, &mut len);
    Some(SourceLoc { file: raw_str(p, len), line: LLVMGetDebugLocLine(i), col: LLVMGetDebugLocColumn(i) })
}

unsafe fn raw_str(p: *const std::ffi::c_char, len: u32) -> String {
    if p.is_null() || len == 0 {
        return String::new();
    }
    String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len as usize)).into_owned()
}

/// Bytes between consecutive elements of an array of `t` (the data layout's alloc size).
pub(crate) unsafe fn alloc_size(layout: LLVMTargetDataRef, t: LLVMTypeRef) -> u64 {
    LLVMABISizeOfType(layout, t)
}

/// Byte offset of field `field` in struct type `t`.
pub(crate) unsafe fn field_offset(layout: LLVMTargetDataRef, t: LLVMTypeRef, field: u32) -> u64 {
    LLVMOffsetOfElement(layout, t, field)
}

/// Whether a type is a struct.
pub(crate) unsafe fn is_struct(t: LLVMTypeRef) -> bool {
    LLVMGetTypeKind(t) == LLVMTypeKind::LLVMStructTypeKind
}

/// Whether a type is a (fixed or scalable) vector.
pub(crate) unsafe fn is_vector(t: LLVMTypeRef) -> bool {
    matches!(LLVMGetTypeKind(t), LLVMTypeKind::LLVMVectorTypeKind | LLVMTypeKind::LLVMScalableVectorTypeKind)
}

/// Whether a type is an integer type and its width.
pub(crate) unsafe fn int_width(t: LLVMTypeRef) -> Option<u32> {
    (LLVMGetTypeKind(t) == LLVMTypeKind::LLVMIntegerTypeKind).then(|| LLVMGetIntTypeWidth(t))
}

/// Whether `f` has a body and no block of it ends in `ret`.
unsafe fn never_returns(f: LLVMValueRef) -> bool {
    let mut b = LLVMGetFirstBasicBlock(f);
    if b.is_null() {
        return false;
    }
    while !b.is_null() {
        let t = LLVMGetBasicBlockTerminator(b);
        if !t.is_null() && LLVMGetInstructionOpcode(t) == llvm_sys::LLVMOpcode::LLVMRet {
            return false;
        }
        b = LLVMGetNextBasicBlock(b);
    }
    true
}
