//! Shadows of globals that hold addresses of other globals.
//!
//! A global's shadow (`__catalase_zero_<g>` for a constant, `__catalase_shadow_<g>` for a
//! mutable one, `catalase_ad::generator`) is zero-filled. When the global holds the address of
//! another global from the start (a tree of `static const` nodes, `static double *cur = buf;`),
//! a derivative that loads such a pointer from it loads its shadow pointer from the shadow,
//! which must then be the address of the pointee's shadow, not null. So the shadow of such a
//! global gets the global's own type and an initializer that mirrors it: each global address
//! becomes the address of that global's shadow (at the same offset, through the same
//! `getelementptr`), function addresses stay (a call through the shadow's copy calls the same
//! function, as the primal's does), everything else is zero. Pointees are mirrored the same
//! way, cycles included; a mutable pointee's shadow is reset before each marker call like
//! every mutable global's. Resetting a mirrored shadow stores its initializer again instead of
//! zeroing it (`driver::zero_before`); a mutable global's pointer fields whose primal holds
//! another address by then get a null shadow (`reset_mirrored`). Width > 1 lanes' shadows
//! (`__catalase_shadow<l>_<g>`) mirror the same lane's shadows of the pointees. A constant
//! that holds a mutable global's address counts as mutable (`catalase_constant`).

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
    let (name, lane) = parse(shadow)?;
    let primal = named_global(module, name)?;
    if LLVMIsThreadLocal(primal) != 0 || (lane == 0 && shadow.starts_with(ZERO) != catalase_constant(primal)) {
        return None;
    }
    let init = LLVMGetInitializer(primal);
    if init.is_null() || !holds_global_address(init, 0) {
        return None;
    }
    Some(shadow_of(module, primal, lane, mutable))
}

/// Whether Catalase takes global `g` for a constant: LLVM's constant, unless its initializer
/// holds (itself or through the constant globals it points to) the address of a mutable
/// global defined in the module, as `static double *const SLOTS[2] = {bufA, bufB + 1};` does.
/// Such a table is memory that holds pointers to memory with derivatives: the activity
/// analysis must see that a pointer loaded from it may point there (and that a function
/// reading it touches mutable globals), and each lane of a derivative needs its own shadow of
/// it, mirroring that lane's shadows of the pointees; so it is treated as mutable (its shadow
/// `__catalase_shadow_<g>`, mirrored and reset as a mutable global's is; its primal never
/// changes, so the reset keeps every pointer field).
///
/// # Safety
/// `g` must be a valid global variable.
pub(crate) unsafe fn catalase_constant(g: LLVMValueRef) -> bool {
    if LLVMIsGlobalConstant(g) == 0 {
        return false;
    }
    let init = LLVMGetInitializer(g);
    let mut seen = vec![g];
    init.is_null() || LLVMIsThreadLocal(g) != 0 || !reaches_mutable(init, &mut seen, 0)
}

/// Whether the constant `c` holds the address of a mutable global variable defined in the
/// module, directly or through the initializers of the constant globals it points to.
unsafe fn reaches_mutable(c: LLVMValueRef, seen: &mut Vec<LLVMValueRef>, depth: u32) -> bool {
    if depth > 64 || !has_pointer(LLVMTypeOf(c)) {
        return false;
    }
    if !LLVMIsAGlobalVariable(c).is_null() {
        let init = LLVMGetInitializer(c);
        if init.is_null() || LLVMIsThreadLocal(c) != 0 || seen.contains(&c) {
            return false;
        }
        if LLVMIsGlobalConstant(c) == 0 {
            return true;
        }
        seen.push(c);
        return reaches_mutable(init, seen, depth + 1);
    }
    if !LLVMIsAConstantExpr(c).is_null() {
        return LLVMGetConstOpcode(c) == LLVMOpcode::LLVMGetElementPtr && reaches_mutable(LLVMGetOperand(c, 0), seen, depth + 1);
    }
    if !LLVMIsAConstantStruct(c).is_null() || !LLVMIsAConstantArray(c).is_null() || !LLVMIsAConstantVector(c).is_null() {
        return (0..LLVMGetNumOperands(c) as u32).any(|i| reaches_mutable(LLVMGetOperand(c, i), seen, depth + 1));
    }
    false
}

/// The alignment a zero shadow `shadow` of a global needs: at least the primal global's (the
/// derivative's loads and stores copy the primal's alignment, which the optimizer may have raised
/// to the global's: 32 for a vectorized loop over a global array), and at least 16.
///
/// # Safety
/// `module` must be a valid LLVM module.
pub(crate) unsafe fn shadow_alignment(module: LLVMModuleRef, shadow: &str) -> u32 {
    let primal = parse(shadow).and_then(|(name, _)| named_global(module, name));
    primal.map_or(16, |g| LLVMGetAlignment(g).max(16))
}

/// The primal global's name and the lane of shadow global `shadow`: `__catalase_zero_<g>` and
/// `__catalase_shadow_<g>` are lane 0, `__catalase_shadow<l>_<g>` lane l.
fn parse(shadow: &str) -> Option<(&str, u32)> {
    if let Some(n) = shadow.strip_prefix(ZERO) {
        return Some((n, 0));
    }
    let rest = shadow.strip_prefix("__catalase_shadow")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let name = rest[digits..].strip_prefix('_')?;
    let lane = if digits == 0 { 0 } else { rest[..digits].parse().ok()? };
    Some((name, lane))
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
unsafe fn shadow_of(module: LLVMModuleRef, g: LLVMValueRef, lane: u32, mutable: &mut Vec<(LLVMValueRef, u64)>) -> LLVMValueRef {
    let name = value_name(g);
    let constant = catalase_constant(g);
    // Lane l > 0 of a mutable global (or of a constant a gradient adds into: the generator made
    // it) has its own shadow; a constant's zero shadow is otherwise shared by the lanes.
    let own_lane = format!("__catalase_shadow{lane}_{name}");
    let shadow_name = if lane > 0 && (!constant || named_global(module, &own_lane).is_some()) {
        own_lane
    } else {
        format!("{}{name}", if constant { ZERO } else { SHADOW })
    };
    if let Some(existing) = named_global(module, &shadow_name) {
        let init = LLVMGetInitializer(existing);
        let gi = LLVMGetInitializer(g);
        // Made zero by the driver before its pointees were mirrored: mirror it now.
        if !init.is_null() && LLVMIsNull(init) != 0 && !gi.is_null() && LLVMIsThreadLocal(g) == 0 && holds_global_address(gi, 0) && LLVMGlobalGetValueType(existing) == LLVMGlobalGetValueType(g) {
            let mirrored = mirror(module, gi, lane, mutable, 0);
            LLVMSetInitializer(existing, mirrored);
        }
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
    if !constant {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(module);
        mutable.push((shadow, llvm_sys::target::LLVMABISizeOfType(layout, ty).max(1)));
    }
    if !init.is_null() && LLVMIsThreadLocal(g) == 0 && holds_global_address(init, 0) {
        let mirrored = mirror(module, init, lane, mutable, 0);
        LLVMSetInitializer(shadow, mirrored);
    }
    shadow
}

/// Before a marker call that resets global shadows: the shadow `g` of a mutable global whose
/// initializer holds global addresses gets its initializer again (zeros and the pointees'
/// shadows), then each such pointer field where the primal no longer holds its initial
/// address is made null: the shadow of whatever the program stored there since is not known
/// here, and a null shadow faults where a wrong one would give a wrong derivative. Returns
/// false (nothing emitted) for any other global.
///
/// # Safety
/// `builder` must be positioned in a function of `module`.
pub(crate) unsafe fn reset_mirrored(module: LLVMModuleRef, builder: llvm_sys::prelude::LLVMBuilderRef, g: LLVMValueRef) -> bool {
    let init = LLVMGetInitializer(g);
    if init.is_null() || LLVMIsNull(init) != 0 {
        return false;
    }
    LLVMBuildStore(builder, init, g);
    let name = value_name(g);
    let Some(primal) = parse(&name).filter(|_| !name.starts_with(ZERO)).and_then(|(n, _)| named_global(module, n)) else { return true };
    let pinit = LLVMGetInitializer(primal);
    if LLVMIsGlobalConstant(primal) != 0 || pinit.is_null() {
        return true;
    }
    let mut leaves = Vec::new();
    pointer_leaves(module, pinit, init, 0, &mut leaves, 0);
    let ctx = LLVMGetModuleContext(module);
    let (i8t, ptr) = (LLVMInt8TypeInContext(ctx), LLVMPointerTypeInContext(ctx, 0));
    for (offset, was, shadow) in leaves {
        let mut idx = [LLVMConstInt(LLVMInt64TypeInContext(ctx), offset, 0)];
        let mut at = |base| LLVMBuildGEP2(builder, i8t, base, idx.as_mut_ptr(), 1, c"".as_ptr());
        let (p_at, s_at) = (at(primal), at(g));
        let now = LLVMBuildLoad2(builder, ptr, p_at, c"".as_ptr());
        let same = LLVMBuildICmp(builder, llvm_sys::LLVMIntPredicate::LLVMIntEQ, now, was, c"".as_ptr());
        let s = LLVMBuildSelect(builder, same, shadow, LLVMConstNull(ptr), c"".as_ptr());
        LLVMBuildStore(builder, s, s_at);
    }
    true
}

/// The pointer fields of the primal initializer `p` that hold a global's address, with the
/// same fields of its mirror `s`: (byte offset, primal address, shadow address).
unsafe fn pointer_leaves(module: LLVMModuleRef, p: LLVMValueRef, s: LLVMValueRef, at: u64, out: &mut Vec<(u64, LLVMValueRef, LLVMValueRef)>, depth: u32) {
    let ty = LLVMTypeOf(p);
    if depth > 64 || !has_pointer(ty) {
        return;
    }
    let layout = llvm_sys::target::LLVMGetModuleDataLayout(module);
    match LLVMGetTypeKind(ty) {
        LLVMTypeKind::LLVMPointerTypeKind if holds_global_address(p, 0) => out.push((at, p, s)),
        LLVMTypeKind::LLVMStructTypeKind if !LLVMIsAConstantStruct(p).is_null() && !LLVMIsAConstantStruct(s).is_null() => {
            for i in 0..LLVMCountStructElementTypes(ty) {
                let off = llvm_sys::target::LLVMOffsetOfElement(layout, ty, i);
                pointer_leaves(module, LLVMGetOperand(p, i), LLVMGetOperand(s, i), at + off, out, depth + 1);
            }
        }
        LLVMTypeKind::LLVMArrayTypeKind if !LLVMIsAConstantArray(p).is_null() && !LLVMIsAConstantArray(s).is_null() => {
            let size = llvm_sys::target::LLVMABISizeOfType(layout, LLVMGetElementType(ty));
            for i in 0..LLVMGetNumOperands(p) as u32 {
                pointer_leaves(module, LLVMGetOperand(p, i), LLVMGetOperand(s, i), at + u64::from(i) * size, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The shadow image of constant `c`: global addresses to their shadows', functions kept, the
/// rest zero.
unsafe fn mirror(module: LLVMModuleRef, c: LLVMValueRef, lane: u32, mutable: &mut Vec<(LLVMValueRef, u64)>, depth: u32) -> LLVMValueRef {
    let ty = LLVMTypeOf(c);
    if depth > 64 || !has_pointer(ty) {
        return LLVMConstNull(ty);
    }
    if !LLVMIsAGlobalVariable(c).is_null() {
        return shadow_of(module, c, lane, mutable);
    }
    if !LLVMIsAFunction(c).is_null() {
        return c;
    }
    if !LLVMIsAConstantExpr(c).is_null() {
        if LLVMGetConstOpcode(c) == LLVMOpcode::LLVMGetElementPtr {
            let base = mirror(module, LLVMGetOperand(c, 0), lane, mutable, depth + 1);
            let mut indices: Vec<LLVMValueRef> = (1..LLVMGetNumOperands(c) as u32).map(|i| LLVMGetOperand(c, i)).collect();
            let source = LLVMGetGEPSourceElementType(c);
            return LLVMConstGEP2(source, base, indices.as_mut_ptr(), indices.len() as u32);
        }
        return LLVMConstNull(ty);
    }
    let n = LLVMGetNumOperands(c) as u32;
    if !LLVMIsAConstantStruct(c).is_null() {
        let mut fields: Vec<LLVMValueRef> = (0..n).map(|i| mirror(module, LLVMGetOperand(c, i), lane, mutable, depth + 1)).collect();
        return LLVMConstNamedStruct(ty, fields.as_mut_ptr(), n);
    }
    if !LLVMIsAConstantArray(c).is_null() {
        let mut elems: Vec<LLVMValueRef> = (0..n).map(|i| mirror(module, LLVMGetOperand(c, i), lane, mutable, depth + 1)).collect();
        return LLVMConstArray2(LLVMGetElementType(ty), elems.as_mut_ptr(), u64::from(n));
    }
    if !LLVMIsAConstantVector(c).is_null() {
        let mut elems: Vec<LLVMValueRef> = (0..n).map(|i| mirror(module, LLVMGetOperand(c, i), lane, mutable, depth + 1)).collect();
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
