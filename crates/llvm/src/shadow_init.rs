//! Shadows of constant globals that hold addresses of other globals.
//!
//! A constant global's shadow (`__catalase_zero_<g>`, `catalase_ad::generator`) is zero-filled:
//! it holds no derivatives. When the constant holds the address of another global (a tree of
//! `static const` nodes, a table of pointers to arrays), a derivative that loads such a pointer
//! from the constant loads its shadow pointer from the shadow, which must then be the address of
//! the pointee's shadow, not null. So the shadow of such a constant gets the constant's own
//! type and an initializer that mirrors it: each global address becomes the address of that
//! global's shadow (at the same offset, through the same `getelementptr`), function addresses
//! stay (a call through the shadow's copy calls the same function, as the primal's does),
//! everything else is zero. Pointees that are constants are mirrored the same way, cycles
//! included; a mutable pointee gets its usual `__catalase_shadow_<p>`, reset before each marker
//! call like every mutable global's shadow. Resetting a mirrored shadow stores its initializer
//! again instead of zeroing it (`driver::zero_before`).

use std::ffi::CString;

use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMModuleRef, LLVMTypeRef, LLVMValueRef};
use llvm_sys::{LLVMOpcode, LLVMTypeKind};

const ZERO: &str = "__catalase_zero_";
const SHADOW: &str = "__catalase_shadow_";

/// The shadow `shadow` (`__catalase_zero_<g>`) of a constant global `g` whose initializer holds
/// the address of a global, made with the mirrored initializer; `None` where it holds none (the
/// caller makes the usual zero global) or `shadow` names no such global. Mutable globals whose
/// shadows this made (reached from the initializer) are added to `mutable` (global, bytes).
///
/// # Safety
/// `module` must be a valid LLVM module.
pub(crate) unsafe fn mirrored(module: LLVMModuleRef, shadow: &str, mutable: &mut Vec<(LLVMValueRef, u64)>) -> Option<LLVMValueRef> {
    let name = shadow.strip_prefix(ZERO)?;
    let primal = named_global(module, name)?;
    if LLVMIsGlobalConstant(primal) == 0 || LLVMIsThreadLocal(primal) != 0 {
        return None;
    }
    let init = LLVMGetInitializer(primal);
    if init.is_null() || !holds_global_address(init, 0) {
        return None;
    }
    Some(shadow_of(module, primal, mutable))
}

/// Whether the initializer `c` holds the address of a global variable (not a function).
unsafe fn holds_global_address(c: LLVMValueRef, depth: u32) -> bool {
    if depth > 64 || !has_pointer(LLVMTypeOf(c)) {
        return false;
    }
    if !LLVMIsAGlobalVariable(c).is_null() {
        return true;
    }
    if !LLVMIsAFunction(c).is_null() || !LLVMIsAGlobalAlias(c).is_null() {
        return false;
    }
    if !LLVMIsAConstantExpr(c).is_null() {
        return LLVMGetConstOpcode(c) == LLVMOpcode::LLVMGetElementPtr && holds_global_address(LLVMGetOperand(c, 0), depth + 1);
    }
    if !LLVMIsAConstantStruct(c).is_null() || !LLVMIsAConstantArray(c).is_null() || !LLVMIsAConstantVector(c).is_null() {
        return (0..LLVMGetNumOperands(c) as u32).any(|i| holds_global_address(LLVMGetOperand(c, i), depth + 1));
    }
    false
}

/// The shadow global of global `g`, made if missing: a constant's mirrors its initializer
/// where that holds a global's address (else it is zero), a mutable global's is zero.
unsafe fn shadow_of(module: LLVMModuleRef, g: LLVMValueRef, mutable: &mut Vec<(LLVMValueRef, u64)>) -> LLVMValueRef {
    let name = value_name(g);
    let constant = LLVMIsGlobalConstant(g) != 0;
    let shadow_name = format!("{}{name}", if constant { ZERO } else { SHADOW });
    if let Some(existing) = named_global(module, &shadow_name) {
        return existing;
    }
    let ty = LLVMGlobalGetValueType(g);
    let cname = CString::new(shadow_name).expect("no NUL");
    let shadow = LLVMAddGlobal(module, ty, cname.as_ptr());
    LLVMSetLinkage(shadow, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
    LLVMSetAlignment(shadow, LLVMGetAlignment(g).max(16));
    if LLVMIsThreadLocal(g) != 0 {
        LLVMSetThreadLocal(shadow, 1);
    }
    // Set before mirroring: a cycle back to `g` finds the shadow made.
    LLVMSetInitializer(shadow, LLVMConstNull(ty));
    let init = LLVMGetInitializer(g);
    if constant && !init.is_null() && holds_global_address(init, 0) {
        let mirrored = mirror(module, init, mutable, 0);
        LLVMSetInitializer(shadow, mirrored);
    } else if !constant {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(module);
        mutable.push((shadow, llvm_sys::target::LLVMABISizeOfType(layout, ty).max(1)));
    }
    shadow
}

/// The shadow image of constant `c`: global addresses to their shadows', functions kept, the
/// rest zero.
unsafe fn mirror(module: LLVMModuleRef, c: LLVMValueRef, mutable: &mut Vec<(LLVMValueRef, u64)>, depth: u32) -> LLVMValueRef {
    let ty = LLVMTypeOf(c);
    if depth > 64 || !has_pointer(ty) {
        return LLVMConstNull(ty);
    }
    if !LLVMIsAGlobalVariable(c).is_null() {
        return shadow_of(module, c, mutable);
    }
    if !LLVMIsAFunction(c).is_null() {
        return c;
    }
    if !LLVMIsAConstantExpr(c).is_null() {
        if LLVMGetConstOpcode(c) == LLVMOpcode::LLVMGetElementPtr {
            let base = mirror(module, LLVMGetOperand(c, 0), mutable, depth + 1);
            let mut indices: Vec<LLVMValueRef> = (1..LLVMGetNumOperands(c) as u32).map(|i| LLVMGetOperand(c, i)).collect();
            let source = LLVMGetGEPSourceElementType(c);
            return LLVMConstGEP2(source, base, indices.as_mut_ptr(), indices.len() as u32);
        }
        return LLVMConstNull(ty);
    }
    let n = LLVMGetNumOperands(c) as u32;
    if !LLVMIsAConstantStruct(c).is_null() {
        let mut fields: Vec<LLVMValueRef> = (0..n).map(|i| mirror(module, LLVMGetOperand(c, i), mutable, depth + 1)).collect();
        return LLVMConstNamedStruct(ty, fields.as_mut_ptr(), n);
    }
    if !LLVMIsAConstantArray(c).is_null() {
        let mut elems: Vec<LLVMValueRef> = (0..n).map(|i| mirror(module, LLVMGetOperand(c, i), mutable, depth + 1)).collect();
        return LLVMConstArray2(LLVMGetElementType(ty), elems.as_mut_ptr(), u64::from(n));
    }
    if !LLVMIsAConstantVector(c).is_null() {
        let mut elems: Vec<LLVMValueRef> = (0..n).map(|i| mirror(module, LLVMGetOperand(c, i), mutable, depth + 1)).collect();
        return LLVMConstVector(elems.as_mut_ptr(), n);
    }
    LLVMConstNull(ty)
}

/// Whether type `ty` is or holds a pointer.
unsafe fn has_pointer(ty: LLVMTypeRef) -> bool {
    match LLVMGetTypeKind(ty) {
        LLVMTypeKind::LLVMPointerTypeKind => true,
        LLVMTypeKind::LLVMStructTypeKind => {
            let n = LLVMCountStructElementTypes(ty);
            (0..n).any(|i| has_pointer(LLVMStructGetTypeAtIndex(ty, i)))
        }
        LLVMTypeKind::LLVMArrayTypeKind | LLVMTypeKind::LLVMVectorTypeKind => has_pointer(LLVMGetElementType(ty)),
        _ => false,
    }
}

unsafe fn named_global(module: LLVMModuleRef, name: &str) -> Option<LLVMValueRef> {
    let cname = CString::new(name).ok()?;
    let g = LLVMGetNamedGlobal(module, cname.as_ptr());
    (!g.is_null()).then_some(g)
}

unsafe fn value_name(v: LLVMValueRef) -> String {
    let mut len = 0;
    let p = LLVMGetValueName2(v, &mut len);
    String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len)).into_owned()
}
