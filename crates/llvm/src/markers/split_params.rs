//! A struct passed by value that the C calling convention split into several scalar
//! parameters: `double radius(struct P p)` with `struct P {double x, y;}` is
//! `double @radius(double, double)`. At the marker call the C arguments are the primal struct and
//! then its shadow struct (`p.x, p.y, dp.x, dp.y`), and one activity marker stands for the whole
//! struct; read parameter by parameter (as Enzyme reads them, and as programs written for Enzyme
//! pass them: `p.x, dp.x, p.y, dp.y`), the shadow of `p.x` would be `p.y`. Catalase keeps
//! Enzyme's reading and warns where the module shows such a group: clang's -O0 code (`optnone`)
//! stores the parts on entry into the fields of one stack slot (the struct it rebuilds), and with
//! debug info (-g) each part is a fragment of the same argument variable
//! (`#dbg_value(double %0, !p, DW_OP_LLVM_fragment ...)`, `!p` a `DILocalVariable` with an
//! `arg:`). Optimized code without debug info shows nothing.

use llvm_sys::core::*;
use llvm_sys::prelude::LLVMValueRef;

use super::ll;

/// Runs of two or more consecutive parameters (first index, count) that are the parts of one
/// struct argument of `function`: stored on entry into the same stack slot, or fragments of the
/// same argument variable of the debug info.
pub(super) fn struct_parts(function: LLVMValueRef) -> Vec<(usize, usize)> {
    // SAFETY: reads of a live function's parameters and entry block.
    unsafe {
        if LLVMCountBasicBlocks(function) == 0 {
            return Vec::new();
        }
        let count = LLVMCountParams(function) as usize;
        let params: Vec<LLVMValueRef> = (0..count).map(|i| LLVMGetParam(function, i as u32)).collect();
        // What each parameter is a part of: a stack slot, or an argument variable of the
        // debug info (keyed by address; the two kinds cannot collide).
        let mut slot_of: Vec<Option<usize>> = vec![None; count];
        let mut variable_of: Vec<Option<usize>> = vec![None; count];
        // Optimized code may store parameters into one slot for other reasons (an array of them).
        let unoptimized = crate::attrs::kind_of("optnone")
            .is_some_and(|k| !LLVMGetEnumAttributeAtIndex(function, llvm_sys::LLVMAttributeFunctionIndex, k).is_null());
        let entry = LLVMGetEntryBasicBlock(function);
        let mut inst = LLVMGetFirstInstruction(entry);
        while !inst.is_null() {
            if unoptimized && !LLVMIsAStoreInst(inst).is_null() {
                let value = LLVMGetOperand(inst, 0);
                if let Some(i) = params.iter().position(|&p| p == value) {
                    if slot_of[i].is_none() {
                        slot_of[i] = Some(base_alloca(LLVMGetOperand(inst, 1)).map_or(0, |a| a as usize));
                    }
                }
            }
            let mut record = LLVMGetFirstDbgRecord(inst);
            while !record.is_null() {
                if let Some((i, variable)) = argument_fragment(record, &params) {
                    variable_of[i].get_or_insert(variable);
                }
                record = LLVMGetNextDbgRecord(record);
            }
            inst = LLVMGetNextInstruction(inst);
        }
        let mut groups = runs(&slot_of);
        for group in runs(&variable_of) {
            if !groups.iter().any(|&(at, _)| at == group.0) {
                groups.push(group);
            }
        }
        groups.sort_unstable();
        groups
    }
}

/// Runs of two or more consecutive parameters with the same (non-zero) key.
fn runs(keys: &[Option<usize>]) -> Vec<(usize, usize)> {
    let count = keys.len();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < count {
        let Some(key) = keys[i].filter(|&k| k != 0) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < count && keys[j] == Some(key) {
            j += 1;
        }
        if j - i > 1 {
            groups.push((i, j - i));
        }
        i = j;
    }
    groups
}

/// A debug record that describes a fragment of an argument variable by one of `params`: that
/// parameter's index and the variable.
unsafe fn argument_fragment(record: llvm_sys::prelude::LLVMDbgRecordRef, params: &[LLVMValueRef]) -> Option<(usize, usize)> {
    use llvm_sys::LLVMDbgRecordKind;
    if !matches!(LLVMDbgRecordGetKind(record), LLVMDbgRecordKind::LLVMDbgRecordValue | LLVMDbgRecordKind::LLVMDbgRecordDeclare) {
        return None;
    }
    let value = LLVMDbgVariableRecordGetValue(record, 0);
    let i = params.iter().position(|&p| p == value)?;
    let variable = LLVMDbgVariableRecordGetVariable(record);
    if variable.is_null() || !printed(LLVMPrintDbgRecordToString(record)).contains("DW_OP_LLVM_fragment") {
        return None;
    }
    // Only an argument's variable (`arg: N`): a local struct built from separate parameters
    // is described by fragments too.
    let as_value = LLVMMetadataAsValue(LLVMGetTypeContext(LLVMTypeOf(value)), variable);
    printed(LLVMPrintValueToString(as_value)).contains(" arg: ").then_some((i, variable as usize))
}

unsafe fn printed(text: *mut std::ffi::c_char) -> String {
    if text.is_null() {
        return String::new();
    }
    let s = std::ffi::CStr::from_ptr(text).to_string_lossy().into_owned();
    LLVMDisposeMessage(text);
    s
}

/// The `alloca` a pointer is a constant offset into (through GEPs), if any.
unsafe fn base_alloca(mut p: LLVMValueRef) -> Option<LLVMValueRef> {
    for _ in 0..8 {
        p = ll::strip_casts(p);
        if !LLVMIsAAllocaInst(p).is_null() {
            return Some(p);
        }
        if LLVMIsAGetElementPtrInst(p).is_null() && LLVMIsAConstantExpr(p).is_null() {
            return None;
        }
        p = LLVMGetOperand(p, 0);
    }
    None
}
