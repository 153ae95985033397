//! Metadata nodes: the builders the raised code's metadata is made with, and a loop's
//! `llvm.loop` properties read into Catalase IR ([`LoopHint`]) and written back.
//!
//! Catalase differentiates optimized code, and the derivatives go through LLVM's pipeline again.
//! The first run marks what it did to a loop on the loop's latch branch: a vectorized loop and
//! its scalar remainder carry `llvm.loop.isvectorized`, the remainder also
//! `llvm.loop.unroll.runtime.disable`; the user's `#pragma clang loop` settings are there too.
//! Without them the second run vectorizes each remainder again (a loop of at most VF − 1
//! iterations gets a vector body and a second remainder of its own) and may unroll it at run
//! time. A derivative's loops run the same iterations as the primal's, so its latch branches
//! keep the primal's properties. Only properties of the plain shape `!{!"name"}` or
//! `!{!"name", iN value}` are kept: follow-up lists, access groups (`parallel_accesses` names
//! accesses the derivative does not tag) and debug locations are left out.

use std::ptr;

use catalase_ir::function::LoopHint;
use llvm_sys::core::*;
use llvm_sys::debuginfo::{LLVMMetadataReplaceAllUsesWith, LLVMTemporaryMDNode};
use llvm_sys::prelude::*;

const LOOP_KIND: &str = "llvm.loop";

pub(crate) unsafe fn kind_id(ctx: LLVMContextRef, name: &str) -> u32 {
    LLVMGetMDKindIDInContext(ctx, name.as_ptr().cast(), name.len() as u32)
}

pub(crate) unsafe fn md_string(ctx: LLVMContextRef, s: &str) -> LLVMMetadataRef {
    LLVMMDStringInContext2(ctx, s.as_ptr().cast(), s.len())
}

pub(crate) unsafe fn node(ctx: LLVMContextRef, ops: &[LLVMMetadataRef]) -> LLVMMetadataRef {
    let mut ops = ops.to_vec();
    LLVMMDNodeInContext2(ctx, ops.as_mut_ptr(), ops.len())
}

/// `!{self, rest...}`: a node whose first operand is itself, hence distinct (LLVM's anonymous
/// alias scopes and domains, and loop IDs, are made this way).
pub(crate) unsafe fn distinct_node(ctx: LLVMContextRef, rest: &[LLVMMetadataRef]) -> LLVMMetadataRef {
    let temp = LLVMTemporaryMDNode(ctx, ptr::null_mut(), 0);
    let mut ops = vec![temp];
    ops.extend_from_slice(rest);
    let n = LLVMMDNodeInContext2(ctx, ops.as_mut_ptr(), ops.len());
    LLVMMetadataReplaceAllUsesWith(temp, n);
    n
}

/// The plain properties of terminator `term`'s `llvm.loop` metadata (none without it).
pub(crate) unsafe fn read_loop_hints(term: LLVMValueRef) -> Vec<LoopHint> {
    let ctx = LLVMGetTypeContext(LLVMTypeOf(term));
    let id = LLVMGetMetadata(term, kind_id(ctx, LOOP_KIND));
    if id.is_null() || LLVMIsAMDNode(id).is_null() {
        return Vec::new();
    }
    // Operand 0 is the node itself.
    operands(id).into_iter().skip(1).filter_map(|op| plain_property(op)).collect()
}

/// `!{!"name"}` or `!{!"name", iN value}` as a hint; `None` for any other operand.
unsafe fn plain_property(op: LLVMValueRef) -> Option<LoopHint> {
    if op.is_null() || LLVMIsAMDNode(op).is_null() {
        return None;
    }
    let ops = operands(op);
    let name = md_str(*ops.first()?)?;
    let value = match ops.len() {
        1 => None,
        2 => {
            let v = ops[1];
            if v.is_null() || LLVMIsAConstantInt(v).is_null() {
                return None;
            }
            let bits = LLVMGetIntTypeWidth(LLVMTypeOf(v));
            if bits > 64 {
                return None;
            }
            Some((bits, LLVMConstIntGetSExtValue(v)))
        }
        _ => return None,
    };
    Some(LoopHint { name, value })
}

/// The name of the scalar access type of a load's or store's struct-path `!tbaa` tag
/// (`!{base, access, i64 offset}`, access `!{!"double", parent, i64 0}`); `None` without one.
pub(crate) unsafe fn tbaa_access_type(i: LLVMValueRef) -> Option<String> {
    let ctx = LLVMGetTypeContext(LLVMTypeOf(i));
    let tag = LLVMGetMetadata(i, kind_id(ctx, "tbaa"));
    if tag.is_null() || LLVMIsAMDNode(tag).is_null() {
        return None;
    }
    let ops = operands(tag);
    if ops.len() < 3 || ops[2].is_null() || LLVMIsAConstantInt(ops[2]).is_null() {
        return None;
    }
    let access = ops[1];
    if access.is_null() || LLVMIsAMDNode(access).is_null() {
        return None;
    }
    md_str(*operands(access).first()?)
}

unsafe fn operands(n: LLVMValueRef) -> Vec<LLVMValueRef> {
    let count = LLVMGetMDNodeNumOperands(n) as usize;
    let mut ops = vec![ptr::null_mut(); count];
    LLVMGetMDNodeOperands(n, ops.as_mut_ptr());
    ops
}

unsafe fn md_str(v: LLVMValueRef) -> Option<String> {
    if v.is_null() || LLVMIsAMDString(v).is_null() {
        return None;
    }
    let mut len = 0u32;
    let p = LLVMGetMDString(v, &mut len);
    if p.is_null() {
        return None;
    }
    Some(String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len as usize)).into_owned())
}

/// Attach `hints` to terminator `term` as a new loop ID `distinct !{self, !{!"name", ...}, ...}`
/// (nothing when there are none).
pub(crate) unsafe fn write_loop_hints(term: LLVMValueRef, hints: &[LoopHint]) {
    if hints.is_empty() {
        return;
    }
    let ctx = LLVMGetTypeContext(LLVMTypeOf(term));
    let props: Vec<LLVMMetadataRef> = hints
        .iter()
        .map(|h| {
            let mut ops = vec![md_string(ctx, &h.name)];
            if let Some((bits, v)) = h.value {
                let c = LLVMConstInt(LLVMIntTypeInContext(ctx, bits), v as u64, 1);
                ops.push(LLVMValueAsMetadata(c));
            }
            node(ctx, &ops)
        })
        .collect();
    let id = distinct_node(ctx, &props);
    LLVMSetMetadata(term, kind_id(ctx, LOOP_KIND), LLVMMetadataAsValue(ctx, id));
}
