//! Thin safe wrappers over the LLVM C API shared by the marker, registry and rewrite modules.
//!
//! Every function takes handles that must come from a live module; that is the one invariant
//! the callers (all in this crate) keep.

use catalase_ir::diag::SourceLoc;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMTypeKind};
use std::ffi::CStr;

pub fn name(v: LLVMValueRef) -> String {
    let mut len = 0usize;
    // SAFETY: `v` is a live value; the returned buffer has `len` bytes.
    unsafe {
        let p = LLVMGetValueName2(v, &mut len);
        if p.is_null() {
            return String::new();
        }
        String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len)).into_owned()
    }
}

pub fn print_value(v: LLVMValueRef) -> String {
    // SAFETY: LLVM returns an owned C string that we copy and free.
    unsafe { take_message(LLVMPrintValueToString(v)) }
}

pub fn print_type(t: LLVMTypeRef) -> String {
    // SAFETY: as above.
    unsafe { take_message(LLVMPrintTypeToString(t)) }
}

unsafe fn take_message(p: *mut std::ffi::c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    let s = CStr::from_ptr(p).to_string_lossy().into_owned();
    LLVMDisposeMessage(p);
    s
}

/// Every instruction of one function, in order.
pub fn function_instructions(f: LLVMValueRef) -> Vec<LLVMValueRef> {
    let mut out = Vec::new();
    // SAFETY: plain iteration over a live function.
    unsafe {
        let mut bb = LLVMGetFirstBasicBlock(f);
        while !bb.is_null() {
            let mut i = LLVMGetFirstInstruction(bb);
            while !i.is_null() {
                out.push(i);
                i = LLVMGetNextInstruction(i);
            }
            bb = LLVMGetNextBasicBlock(bb);
        }
    }
    out
}

/// The calls and invokes whose callee is `f`, directly or through constant casts of it
/// (`v` is `f` or such a cast; `depth` bounds the cast chain).
pub fn collect_calls_of(v: LLVMValueRef, out: &mut std::collections::HashSet<LLVMValueRef>, depth: u32) {
    if depth > 4 {
        return;
    }
    for user in users(v) {
        // SAFETY: type queries and operand reads on live values.
        unsafe {
            if is_call(user) || is_invoke(user) {
                if strip_casts(LLVMGetCalledValue(user)) == strip_casts(v) {
                    out.insert(user);
                }
            } else if !LLVMIsAConstantExpr(user).is_null() {
                collect_calls_of(user, out, depth + 1);
            }
        }
    }
}

/// Every global variable.
pub fn globals(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut out = Vec::new();
    // SAFETY: plain iteration over a live module.
    unsafe {
        let mut g = LLVMGetFirstGlobal(module);
        while !g.is_null() {
            out.push(g);
            g = LLVMGetNextGlobal(g);
        }
    }
    out
}

pub fn functions(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut out = Vec::new();
    // SAFETY: plain iteration over a live module.
    unsafe {
        let mut f = LLVMGetFirstFunction(module);
        while !f.is_null() {
            out.push(f);
            f = LLVMGetNextFunction(f);
        }
    }
    out
}

pub fn is_call(v: LLVMValueRef) -> bool {
    // SAFETY: type query on a live value.
    unsafe { !LLVMIsACallInst(v).is_null() }
}

pub fn is_invoke(v: LLVMValueRef) -> bool {
    // SAFETY: type query on a live value.
    unsafe { !LLVMIsAInvokeInst(v).is_null() }
}

/// For a call or invoke whose callee is a function (after constant casts): its name.
pub fn direct_callee_name(inst: LLVMValueRef) -> Option<String> {
    if !is_call(inst) && !is_invoke(inst) {
        return None;
    }
    // SAFETY: `inst` is a call or invoke.
    let callee = strip_casts(unsafe { LLVMGetCalledValue(inst) });
    // SAFETY: type query.
    if unsafe { LLVMIsAFunction(callee) }.is_null() {
        return None;
    }
    Some(name(callee))
}

pub fn call_args(call: LLVMValueRef) -> Vec<LLVMValueRef> {
    // SAFETY: `call` is a call or invoke.
    unsafe {
        (0..LLVMGetNumArgOperands(call))
            .map(|i| LLVMGetOperand(call, i))
            .collect()
    }
}

/// The type of the call's `sret` first argument, if it has one.
pub fn sret_arg(call: LLVMValueRef) -> Option<LLVMTypeRef> {
    // SAFETY: attribute queries on a live call; index 1 is the first argument.
    unsafe {
        if LLVMGetNumArgOperands(call) == 0 {
            return None;
        }
        let kind = LLVMGetEnumAttributeKindForName(c"sret".as_ptr(), 4);
        let attr = LLVMGetCallSiteEnumAttribute(call, 1, kind);
        if attr.is_null() {
            return None;
        }
        Some(LLVMGetTypeAttributeValue(attr))
    }
}

/// The type of a function's first parameter when it carries `sret(T)`.
pub fn fn_sret_param(function: LLVMValueRef) -> Option<LLVMTypeRef> {
    fn_type_attr(function, 0, c"sret")
}

/// The type of a function's parameter `index` when it carries `byval(T)`: a struct that C
/// passes by value in memory.
pub fn fn_byval_param(function: LLVMValueRef, index: usize) -> Option<LLVMTypeRef> {
    fn_type_attr(function, index, c"byval")
}

fn fn_type_attr(function: LLVMValueRef, index: usize, name: &std::ffi::CStr) -> Option<LLVMTypeRef> {
    // SAFETY: attribute queries on a live function; attribute index i + 1 is parameter i.
    unsafe {
        if index >= LLVMCountParams(function) as usize {
            return None;
        }
        let kind = LLVMGetEnumAttributeKindForName(name.as_ptr(), name.to_bytes().len());
        let attr = LLVMGetEnumAttributeAtIndex(function, index as u32 + 1, kind);
        if attr.is_null() {
            return None;
        }
        Some(LLVMGetTypeAttributeValue(attr))
    }
}

/// A type for messages: a named struct by its name (`%struct.V3`), others printed.
pub fn short_type(ty: LLVMTypeRef) -> String {
    // SAFETY: type queries on a live type; the name is a C string owned by the type.
    unsafe {
        if kind(ty) == LLVMTypeKind::LLVMStructTypeKind && LLVMIsLiteralStruct(ty) == 0 {
            let name = LLVMGetStructName(ty);
            if !name.is_null() {
                return format!("%{}", std::ffi::CStr::from_ptr(name).to_string_lossy());
            }
        }
    }
    print_type(ty)
}

/// Whether `ty` holds a floating-point value anywhere (fields, elements, lanes).
pub fn holds_float(ty: LLVMTypeRef) -> bool {
    // SAFETY: type queries on live types.
    unsafe {
        match kind(ty) {
            k if is_float_kind(k) => true,
            LLVMTypeKind::LLVMStructTypeKind => struct_fields(ty).into_iter().any(holds_float),
            LLVMTypeKind::LLVMArrayTypeKind | LLVMTypeKind::LLVMVectorTypeKind => holds_float(LLVMGetElementType(ty)),
            _ => false,
        }
    }
}

/// A new `alloca` of `ty` at the start of the entry block of the function holding `call`.
pub fn entry_alloca(call: LLVMValueRef, ty: LLVMTypeRef) -> LLVMValueRef {
    // SAFETY: `call` is a live instruction inside a function with an entry block.
    unsafe {
        let func = parent_function(call);
        let entry = LLVMGetEntryBasicBlock(func);
        let builder = LLVMCreateBuilderInContext(LLVMGetTypeContext(ty));
        let first = LLVMGetFirstInstruction(entry);
        if first.is_null() {
            LLVMPositionBuilderAtEnd(builder, entry);
        } else {
            LLVMPositionBuilderBefore(builder, first);
        }
        let a = LLVMBuildAlloca(builder, ty, c"catalase.primal.sret".as_ptr());
        LLVMDisposeBuilder(builder);
        a
    }
}

/// The array type `[n x ty]`.
pub fn array_of(ty: LLVMTypeRef, n: u64) -> LLVMTypeRef {
    // SAFETY: `ty` is a live sized type.
    unsafe { LLVMArrayType2(ty, n) }
}

/// The allocation size in bytes of `ty` in the module of instruction `at`.
pub fn alloc_size(at: LLVMValueRef, ty: LLVMTypeRef) -> u64 {
    // SAFETY: `at` is a live instruction in a function of a module with a data layout.
    unsafe {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(module_of_inst(at));
        llvm_sys::target::LLVMABISizeOfType(layout, ty)
    }
}

/// `base` advanced by `n` objects of type `ty` (`n` times its allocation size in bytes), built
/// before `before`.
pub fn past_n(before: LLVMValueRef, base: LLVMValueRef, ty: LLVMTypeRef, n: u64) -> LLVMValueRef {
    if n == 0 {
        return base;
    }
    // SAFETY: `before` is a live instruction in a function of a module with a data layout;
    // `base` is a pointer valid there.
    unsafe {
        let bytes = alloc_size(before, ty) * n;
        let context = LLVMGetTypeContext(ty);
        let builder = LLVMCreateBuilderInContext(context);
        LLVMPositionBuilderBefore(builder, before);
        let i8t = LLVMInt8TypeInContext(context);
        let mut offset = LLVMConstInt(LLVMInt64TypeInContext(context), bytes, 0);
        let p = LLVMBuildInBoundsGEP2(builder, i8t, base, &mut offset, 1, c"catalase.sret.tangent".as_ptr());
        LLVMDisposeBuilder(builder);
        p
    }
}

/// A store of `value` to `ptr` just before the instruction `before`.
pub fn store_before(before: LLVMValueRef, value: LLVMValueRef, ptr: LLVMValueRef) {
    // SAFETY: `before` is a live instruction; `ptr` is a pointer valid there.
    unsafe {
        let builder = LLVMCreateBuilderInContext(LLVMGetTypeContext(type_of(value)));
        LLVMPositionBuilderBefore(builder, before);
        LLVMBuildStore(builder, value, ptr);
        LLVMDisposeBuilder(builder);
    }
}

pub fn parent_function(inst: LLVMValueRef) -> LLVMValueRef {
    // SAFETY: `inst` is an instruction inside a function.
    unsafe { LLVMGetBasicBlockParent(LLVMGetInstructionParent(inst)) }
}

pub fn module_of_inst(inst: LLVMValueRef) -> LLVMModuleRef {
    // SAFETY: as above.
    unsafe { LLVMGetGlobalParent(parent_function(inst)) }
}

/// The source location of an instruction, or the declaration line of a global variable or
/// function, from debug info.
pub fn debug_loc(inst: LLVMValueRef) -> Option<SourceLoc> {
    // SAFETY: debug-location queries return 0 / empty when there is none (instructions, global
    // variables and functions alike).
    unsafe {
        let line = LLVMGetDebugLocLine(inst);
        if line == 0 {
            return None;
        }
        let mut len = 0u32;
        let p = LLVMGetDebugLocFilename(inst, &mut len);
        let file = if p.is_null() {
            String::new()
        } else {
            String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len as usize))
                .into_owned()
        };
        Some(SourceLoc {
            file,
            line,
            col: LLVMGetDebugLocColumn(inst),
        })
    }
}

/// Where a diagnostic about instruction `inst` points: its location, or where the function
/// holding it is defined when it has none (LLVM drops the locations of merged instructions).
pub fn call_site_loc(inst: LLVMValueRef) -> Option<SourceLoc> {
    debug_loc(inst).or_else(|| debug_loc(parent_function(inst)))
}

pub fn type_of(v: LLVMValueRef) -> LLVMTypeRef {
    // SAFETY: live value.
    unsafe { LLVMTypeOf(v) }
}

pub fn kind(t: LLVMTypeRef) -> LLVMTypeKind {
    // SAFETY: live type.
    unsafe { LLVMGetTypeKind(t) }
}

pub fn is_float_kind(k: LLVMTypeKind) -> bool {
    use LLVMTypeKind::*;
    matches!(
        k,
        LLVMHalfTypeKind
            | LLVMBFloatTypeKind
            | LLVMFloatTypeKind
            | LLVMDoubleTypeKind
            | LLVMX86_FP80TypeKind
            | LLVMFP128TypeKind
            | LLVMPPC_FP128TypeKind
    )
}

pub fn is_pointer(t: LLVMTypeRef) -> bool {
    kind(t) == LLVMTypeKind::LLVMPointerTypeKind
}

pub fn is_integer(t: LLVMTypeRef) -> bool {
    kind(t) == LLVMTypeKind::LLVMIntegerTypeKind
}

pub fn is_void(t: LLVMTypeRef) -> bool {
    kind(t) == LLVMTypeKind::LLVMVoidTypeKind
}

pub fn struct_fields(t: LLVMTypeRef) -> Vec<LLVMTypeRef> {
    // SAFETY: `t` is a struct type.
    unsafe {
        (0..LLVMCountStructElementTypes(t))
            .map(|i| LLVMStructGetTypeAtIndex(t, i))
            .collect()
    }
}

pub fn function_type(f: LLVMValueRef) -> LLVMTypeRef {
    // SAFETY: `f` is a function.
    unsafe { LLVMGlobalGetValueType(f) }
}

pub fn param_types(f: LLVMValueRef) -> Vec<LLVMTypeRef> {
    let fty = function_type(f);
    // SAFETY: the buffer has room for every parameter type.
    unsafe {
        let mut out = vec![std::ptr::null_mut(); LLVMCountParamTypes(fty) as usize];
        LLVMGetParamTypes(fty, out.as_mut_ptr());
        out
    }
}

pub fn return_type(f: LLVMValueRef) -> LLVMTypeRef {
    // SAFETY: function type query.
    unsafe { LLVMGetReturnType(function_type(f)) }
}

pub fn is_declaration(g: LLVMValueRef) -> bool {
    // SAFETY: `g` is a global value.
    unsafe { LLVMIsDeclaration(g) != 0 }
}

/// The value of a constant integer that fits in u64.
pub fn const_int(v: LLVMValueRef) -> Option<u64> {
    // SAFETY: checked to be a ConstantInt first.
    unsafe {
        if LLVMIsAConstantInt(v).is_null() {
            return None;
        }
        u64::try_from(LLVMConstIntGetSExtValue(v)).ok()
    }
}

/// The smallest value a size operand can take when every value it may take is a constant
/// integer: the constant itself, through casts and an -O0 local's single store, and through
/// `phi` and `select` (clang at -O2 sinks two marker calls that differ only in a constant
/// operand into one call whose operand is a `phi` of the constants). None when any value is
/// not a constant.
pub fn smallest_const_int(v: LLVMValueRef) -> Option<u64> {
    fn walk(v: LLVMValueRef, depth: u32, seen: &mut Vec<LLVMValueRef>) -> Option<u64> {
        let v = strip_casts(single_stored_value(v).unwrap_or(v));
        let v = strip_casts(v);
        if let Some(c) = const_int(v) {
            return Some(c);
        }
        if depth > 16 {
            return None;
        }
        if seen.contains(&v) {
            return Some(u64::MAX); // a cycle through phis adds no value of its own
        }
        seen.push(v);
        // `__enzyme_augmentsize(...) + 8` and the like: sums, products and left shifts grow
        // with their operands (all non-negative here), so the smallest operands give the
        // smallest result.
        // SAFETY: kind queries and operand reads on a live instruction.
        let arith = unsafe { (!LLVMIsABinaryOperator(v).is_null()).then(|| (LLVMGetInstructionOpcode(v), LLVMGetOperand(v, 0), LLVMGetOperand(v, 1))) };
        if let Some((op, a, b)) = arith {
            let (a, b) = (walk(a, depth + 1, seen)?, walk(b, depth + 1, seen)?);
            if a == u64::MAX || b == u64::MAX {
                return None;
            }
            return match op {
                LLVMOpcode::LLVMAdd => a.checked_add(b),
                LLVMOpcode::LLVMMul => a.checked_mul(b),
                LLVMOpcode::LLVMShl => u32::try_from(b).ok().and_then(|b| a.checked_shl(b)),
                _ => None,
            };
        }
        // SAFETY: kind queries and operand reads on a live instruction.
        let operands: Vec<LLVMValueRef> = unsafe {
            if !LLVMIsAPHINode(v).is_null() {
                (0..LLVMCountIncoming(v)).map(|i| LLVMGetIncomingValue(v, i)).collect()
            } else if !LLVMIsASelectInst(v).is_null() {
                vec![LLVMGetOperand(v, 1), LLVMGetOperand(v, 2)]
            } else {
                return None;
            }
        };
        let mut least = u64::MAX;
        for o in operands {
            least = least.min(walk(o, depth + 1, seen)?);
        }
        Some(least)
    }
    walk(v, 0, &mut Vec::new()).filter(|&c| c != u64::MAX)
}

/// A constant integer's value, sign-extended.
pub fn const_int_signed(v: LLVMValueRef) -> Option<i64> {
    // SAFETY: checked to be a ConstantInt first.
    unsafe { (!LLVMIsAConstantInt(v).is_null()).then(|| LLVMConstIntGetSExtValue(v)) }
}

/// Strip cast instructions and cast constant expressions.
pub fn strip_casts(mut v: LLVMValueRef) -> LLVMValueRef {
    // SAFETY: operand 0 of a cast exists.
    unsafe {
        loop {
            let is_cast_expr = !LLVMIsAConstantExpr(v).is_null()
                && matches!(
                    LLVMGetConstOpcode(v),
                    LLVMOpcode::LLVMBitCast
                        | LLVMOpcode::LLVMAddrSpaceCast
                        | LLVMOpcode::LLVMPtrToInt
                        | LLVMOpcode::LLVMIntToPtr
                );
            if !LLVMIsACastInst(v).is_null() || is_cast_expr {
                v = LLVMGetOperand(v, 0);
            } else {
                return v;
            }
        }
    }
}

/// Users of `v` (each user once per use).
pub fn users(v: LLVMValueRef) -> Vec<LLVMValueRef> {
    let mut out = Vec::new();
    // SAFETY: use-list iteration on a live value.
    unsafe {
        let mut u = LLVMGetFirstUse(v);
        while !u.is_null() {
            out.push(LLVMGetUser(u));
            u = LLVMGetNextUse(u);
        }
    }
    out
}

/// For a load from an alloca that is written by exactly one store and otherwise only read:
/// the stored value (how clang keeps locals at -O0).
pub fn single_stored_value(load: LLVMValueRef) -> Option<LLVMValueRef> {
    // SAFETY: type queries and operand reads on live instructions.
    unsafe {
        if LLVMIsALoadInst(load).is_null() {
            return None;
        }
        let slot = strip_casts(LLVMGetOperand(load, 0));
        if LLVMIsAAllocaInst(slot).is_null() {
            return None;
        }
        let mut stored = None;
        for user in users(slot) {
            if !LLVMIsAStoreInst(user).is_null() && LLVMGetOperand(user, 1) == slot {
                if stored.is_some() || LLVMGetOperand(user, 0) == slot {
                    return None;
                }
                stored = Some(LLVMGetOperand(user, 0));
            } else if LLVMIsALoadInst(user).is_null() && LLVMIsAIntrinsicInst(user).is_null() {
                return None; // escapes: cannot know its value
            }
        }
        stored
    }
}

/// Resolve the function operand of a marker call (ABI §2): casts, aliases, -O0 locals.
pub fn resolve_function(mut v: LLVMValueRef) -> Option<LLVMValueRef> {
    for _ in 0..32 {
        v = strip_casts(v);
        // SAFETY: type queries on a live value.
        unsafe {
            if !LLVMIsAFunction(v).is_null() {
                return Some(v);
            }
            if !LLVMIsAGlobalAlias(v).is_null() {
                v = LLVMAliasGetAliasee(v);
                continue;
            }
            // A call of a function whose single `ret` returns a constant or one of its
            // arguments (a C++ lambda's conversion to a function pointer, ABI §2).
            if let Some(next) = through_returning_call(v) {
                v = next;
                continue;
            }
            // An element of a constant table of functions read at constant indices
            // (`table[1]`, `problems[0].f` at -O0, where nothing folds the load).
            if let Some(next) = through_constant_table(v) {
                v = next;
                continue;
            }
        }
        v = single_stored_value(v)?;
    }
    None
}

/// For a load of a pointer from a constant global (`static f_t const table[]`, a const array of
/// structs holding function pointers) through getelementptrs with constant indices: the pointer
/// member of the global's initializer at the loaded byte offset (by the module's data layout, as
/// clang's initializers may use padded literal struct types that differ from the types the
/// getelementptrs name). Only globals this module defines for good (internal, private or
/// external linkage, constant, not externally initialized) are followed.
unsafe fn through_constant_table(load: LLVMValueRef) -> Option<LLVMValueRef> {
    use llvm_sys::target::{LLVMABISizeOfType, LLVMGetModuleDataLayout, LLVMOffsetOfElement};
    use llvm_sys::LLVMLinkage;
    if LLVMIsALoadInst(load).is_null() || LLVMGetTypeKind(LLVMTypeOf(load)) != LLVMTypeKind::LLVMPointerTypeKind {
        return None;
    }
    // The getelementptrs from the load inward.
    let mut chain = Vec::new();
    let mut addr = LLVMGetOperand(load, 0);
    loop {
        let gep = !LLVMIsAGetElementPtrInst(addr).is_null()
            || (!LLVMIsAConstantExpr(addr).is_null() && LLVMGetConstOpcode(addr) == LLVMOpcode::LLVMGetElementPtr);
        if !gep {
            break;
        }
        if chain.len() >= 8 {
            return None;
        }
        chain.push(addr);
        addr = LLVMGetOperand(addr, 0);
    }
    if LLVMIsAGlobalVariable(addr).is_null() || LLVMIsGlobalConstant(addr) == 0 || LLVMIsExternallyInitialized(addr) != 0 {
        return None;
    }
    if !matches!(
        LLVMGetLinkage(addr),
        LLVMLinkage::LLVMInternalLinkage | LLVMLinkage::LLVMPrivateLinkage | LLVMLinkage::LLVMExternalLinkage
    ) {
        return None;
    }
    let init = LLVMGetInitializer(addr);
    if init.is_null() {
        return None;
    }
    let layout = LLVMGetModuleDataLayout(LLVMGetGlobalParent(addr));
    // The byte offset the load reads at.
    let mut offset: i64 = 0;
    for &gep in chain.iter().rev() {
        let mut ty = LLVMGetGEPSourceElementType(gep);
        let indices = (1..LLVMGetNumOperands(gep) as u32)
            .map(|i| const_int_signed(LLVMGetOperand(gep, i)))
            .collect::<Option<Vec<i64>>>()?;
        let (first, rest) = indices.split_first()?;
        offset = offset.checked_add(first.checked_mul(i64::try_from(LLVMABISizeOfType(layout, ty)).ok()?)?)?;
        for &i in rest {
            match LLVMGetTypeKind(ty) {
                LLVMTypeKind::LLVMStructTypeKind => {
                    let i = u32::try_from(i).ok().filter(|&i| i < LLVMCountStructElementTypes(ty))?;
                    offset = offset.checked_add(i64::try_from(LLVMOffsetOfElement(layout, ty, i)).ok()?)?;
                    ty = LLVMStructGetTypeAtIndex(ty, i);
                }
                LLVMTypeKind::LLVMArrayTypeKind => {
                    ty = LLVMGetElementType(ty);
                    offset = offset.checked_add(i.checked_mul(i64::try_from(LLVMABISizeOfType(layout, ty)).ok()?)?)?;
                }
                _ => return None,
            }
        }
    }
    // The member of the initializer at that offset.
    let mut v = init;
    let mut offset = u64::try_from(offset).ok()?;
    for _ in 0..16 {
        let ty = LLVMTypeOf(v);
        match LLVMGetTypeKind(ty) {
            LLVMTypeKind::LLVMPointerTypeKind => return (offset == 0).then_some(v),
            LLVMTypeKind::LLVMStructTypeKind => {
                let n = LLVMCountStructElementTypes(ty);
                let i = (0..n).rev().find(|&i| LLVMOffsetOfElement(layout, ty, i) <= offset)?;
                offset -= LLVMOffsetOfElement(layout, ty, i);
                v = LLVMGetAggregateElement(v, i);
            }
            LLVMTypeKind::LLVMArrayTypeKind => {
                let size = LLVMABISizeOfType(layout, LLVMGetElementType(ty));
                if size == 0 || offset / size >= LLVMGetArrayLength2(ty) {
                    return None;
                }
                v = LLVMGetAggregateElement(v, u32::try_from(offset / size).ok()?);
                offset %= size;
            }
            _ => return None,
        }
        if v.is_null() {
            return None;
        }
    }
    None
}

/// For a call of a defined function with exactly one `ret`: the value it returns when that is
/// a constant (the value itself) or its k-th argument (the call's k-th operand).
unsafe fn through_returning_call(call: LLVMValueRef) -> Option<LLVMValueRef> {
    if LLVMIsACallInst(call).is_null() && LLVMIsAInvokeInst(call).is_null() {
        return None;
    }
    let callee = LLVMGetCalledValue(call);
    if callee.is_null() || LLVMIsAFunction(callee).is_null() || LLVMCountBasicBlocks(callee) == 0 {
        return None;
    }
    let mut returned = None;
    let mut bb = LLVMGetFirstBasicBlock(callee);
    while !bb.is_null() {
        let term = LLVMGetBasicBlockTerminator(bb);
        if !term.is_null() && !LLVMIsAReturnInst(term).is_null() {
            if returned.is_some() || LLVMGetNumOperands(term) != 1 {
                return None;
            }
            returned = Some(strip_casts(LLVMGetOperand(term, 0)));
        }
        bb = LLVMGetNextBasicBlock(bb);
    }
    let mut r = returned?;
    // At -O0 the callee keeps its argument in a local slot and returns it loaded from there.
    for _ in 0..4 {
        match single_stored_value(r) {
            Some(stored) => r = strip_casts(stored),
            None => break,
        }
    }
    if !LLVMIsAConstant(r).is_null() {
        return Some(r);
    }
    if !LLVMIsAArgument(r).is_null() {
        let mut k = 0u32;
        let mut p = LLVMGetFirstParam(callee);
        while !p.is_null() && p != r {
            p = LLVMGetNextParam(p);
            k += 1;
        }
        if k < LLVMGetNumArgOperands(call) {
            return Some(LLVMGetOperand(call, k));
        }
    }
    None
}

/// The marker name of an operand (ABI §3.1), if it starts with `enzyme_`.
pub fn marker_name(v: LLVMValueRef) -> Option<String> {
    let name = symbol_name(v, 0)?;
    name.starts_with("enzyme_").then_some(name)
}

fn symbol_name(v: LLVMValueRef, depth: u32) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let v = strip_casts(v);
    // SAFETY: type queries and operand reads on live values.
    unsafe {
        if !LLVMIsAMDString(v).is_null() {
            let mut len = 0u32;
            let p = LLVMGetMDString(v, &mut len);
            if p.is_null() {
                return None;
            }
            let bytes = std::slice::from_raw_parts(p as *const u8, len as usize);
            return Some(String::from_utf8_lossy(bytes).into_owned());
        }
        if !LLVMIsAGlobalVariable(v).is_null() || !LLVMIsAAllocaInst(v).is_null() {
            return Some(name(v));
        }
        if !LLVMIsALoadInst(v).is_null() {
            let from = strip_casts(LLVMGetOperand(v, 0));
            if !LLVMIsAGlobalVariable(from).is_null() {
                return Some(name(from));
            }
            return symbol_name(single_stored_value(v)?, depth + 1);
        }
        if !LLVMIsAPHINode(v).is_null() {
            let n = LLVMCountIncoming(v);
            if n == 0 {
                return None;
            }
            let first = symbol_name(LLVMGetIncomingValue(v, 0), depth + 1)?;
            for i in 1..n {
                if symbol_name(LLVMGetIncomingValue(v, i), depth + 1)? != first {
                    return None;
                }
            }
            return Some(first);
        }
    }
    None
}

/// How an operand of type `from` becomes a parameter of type `to` (ABI §3.2, §0 item 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    Same,
    /// `double` → `float` (variadic promotion undone).
    Narrow,
    /// Integer → `i1`, and the `int` of C's default promotion → `i8`/`i16` (a `char` or `short`
    /// parameter passed through a variadic prototype).
    TruncToBool,
    AddrSpace,
    Bitcast,
}

pub fn conversion(from: LLVMTypeRef, to: LLVMTypeRef) -> Option<Conversion> {
    use LLVMTypeKind::*;
    if from == to {
        return Some(Conversion::Same);
    }
    let (kf, kt) = (kind(from), kind(to));
    match (kf, kt) {
        (LLVMDoubleTypeKind, LLVMFloatTypeKind) => Some(Conversion::Narrow),
        (LLVMIntegerTypeKind, LLVMIntegerTypeKind)
            if int_width(to) == 1 || (int_width(from) == 32 && int_width(to) < 32) =>
        {
            Some(Conversion::TruncToBool)
        }
        (LLVMPointerTypeKind, LLVMPointerTypeKind) => Some(Conversion::AddrSpace),
        (LLVMVectorTypeKind, _) | (_, LLVMVectorTypeKind)
            if is_scalar_or_vector(kf)
                && is_scalar_or_vector(kt)
                && bits(from) == bits(to)
                && bits(to) > 0 =>
        {
            Some(Conversion::Bitcast)
        }
        _ => None,
    }
}

fn is_scalar_or_vector(k: LLVMTypeKind) -> bool {
    is_float_kind(k)
        || matches!(
            k,
            LLVMTypeKind::LLVMIntegerTypeKind | LLVMTypeKind::LLVMVectorTypeKind
        )
}

fn int_width(t: LLVMTypeRef) -> u32 {
    // SAFETY: `t` is an integer type.
    unsafe { LLVMGetIntTypeWidth(t) }
}

/// Primitive size in bits (scalars and fixed vectors), 0 otherwise.
fn bits(t: LLVMTypeRef) -> u64 {
    use LLVMTypeKind::*;
    // SAFETY: type queries on live types.
    unsafe {
        match kind(t) {
            LLVMHalfTypeKind | LLVMBFloatTypeKind => 16,
            LLVMFloatTypeKind => 32,
            LLVMDoubleTypeKind => 64,
            LLVMIntegerTypeKind => u64::from(LLVMGetIntTypeWidth(t)),
            LLVMVectorTypeKind => u64::from(LLVMGetVectorSize(t)) * bits(LLVMGetElementType(t)),
            _ => 0,
        }
    }
}

/// A `double` known to hold a float exactly: an fpext from float or an exact constant.
pub fn is_exact_float(v: LLVMValueRef) -> bool {
    // SAFETY: type queries and operand reads on live values.
    unsafe {
        if !LLVMIsAFPExtInst(v).is_null() {
            return kind(LLVMTypeOf(LLVMGetOperand(v, 0))) == LLVMTypeKind::LLVMFloatTypeKind;
        }
        if !LLVMIsAConstantFP(v).is_null() {
            let mut loses = 0;
            let d = LLVMConstRealGetDouble(v, &mut loses);
            return d.is_nan() || f64::from(d as f32) == d;
        }
        !LLVMIsAUndefValue(v).is_null()
    }
}

/// For `fpext float %x to double`: `%x`.
pub fn fpext_source(v: LLVMValueRef) -> Option<LLVMValueRef> {
    // SAFETY: type queries and operand reads on a live value.
    unsafe {
        if LLVMIsAFPExtInst(v).is_null() {
            return None;
        }
        let src = LLVMGetOperand(v, 0);
        (kind(LLVMTypeOf(src)) == LLVMTypeKind::LLVMFloatTypeKind).then_some(src)
    }
}

/// An operand as it reads in an instruction: `%5` for an instruction, `double 3.0` otherwise.
pub fn operand_text(v: LLVMValueRef) -> String {
    let printed = print_value(v);
    let printed = printed.trim();
    // SAFETY: type query.
    if unsafe { !LLVMIsAInstruction(v).is_null() } {
        if let Some((lhs, _)) = printed.split_once(" = ") {
            return format!("{} {}", print_type(type_of(v)), lhs.trim());
        }
    }
    printed.to_string()
}

/// The element type of an array or vector type.
pub fn element_type(t: LLVMTypeRef) -> LLVMTypeRef {
    // SAFETY: callers pass array or vector types.
    unsafe { LLVMGetElementType(t) }
}
