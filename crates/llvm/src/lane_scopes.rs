//! Alias scopes of forward derivatives: what the calling convention promises about memory,
//! written down for LLVM's alias analysis.
//!
//! A forward derivative receives, next to each `enzyme_dup` pointer, the shadow of every lane.
//! As in Enzyme, shadow memory never overlaps primal memory, and the lanes of `enzyme_width N`
//! never overlap one another (each lane is a separate derivative). LLVM cannot know this: to
//! it the `N + 1` pointers of one argument may all alias, so a width-8 loop reloads every lane
//! after each store to another lane and keeps its lanes' values in memory rather than in
//! registers. Here every load and store whose address is based on a pointer argument gets one
//! scope, primal or lane `l`, and is marked as not aliasing the other scopes.
//!
//! What counts as based on an argument, so that the claim stays true: an address computed from
//! the argument (lane `l` of a shadow argument: `extractvalue` of the packed lanes, or the
//! argument itself at width 1) by `getelementptr`, and `phi`/`select` whose every operand has the
//! same scope. Anything else (a loaded pointer, a shadow that may be a stand-in, memory the
//! derivative allocates, a `select` that mixes scopes) gets no tag and may alias everything.
//! `enzyme_dupnoneed` arguments are left untagged: a caller may hand the same buffer as the
//! primal it does not need and as the shadow. Accesses of different arguments within one scope
//! are not related (two primal pointers may alias, as in the primal).
//!
//! Each scope is a self-referential (distinct) node in its own domain per derivative, so the
//! inliner clones the scopes for every inlined copy and copies are never related to each other.

use std::collections::HashMap;

use catalase_ad::request::{ArgActivity, Request};
use catalase_ir::Signature;
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMTypeKind};

use crate::markers::ll::function_instructions;
use crate::metadata::{distinct_node, kind_id, md_string, node};

/// What one parameter of a forward derivative is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Not a tagged pointer (a scalar, an `enzyme_dupnoneed` pointer or its shadow).
    Other,
    /// A primal pointer.
    Primal,
    /// The shadow of a pointer: the pointer itself at width 1, `[N x ptr]` lanes otherwise.
    Shadow,
}

/// The roles of the parameters of the forward derivative for `req` of a function with
/// signature `sig` (in the order of `catalase_ad::forward::derivative_signature`).
pub(crate) fn param_roles(sig: &Signature, req: &Request) -> Vec<Role> {
    let mut roles = Vec::with_capacity(sig.params.len() * 2);
    for (t, act) in sig.params.iter().zip(&req.args) {
        // A shadow that may be its primal standing in (`DupMixed`) aliases primal memory.
        let tagged = t.is_ptr() && !matches!(act, ArgActivity::DupNoNeed | ArgActivity::DupMixed);
        roles.push(if tagged { Role::Primal } else { Role::Other });
        if act.has_shadow() {
            roles.push(if tagged { Role::Shadow } else { Role::Other });
        }
    }
    roles
}

/// Where an address comes from: scope 0 is primal memory, scope `1 + l` lane `l`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    Scope(u32),
    /// Mixed scopes, or an operand based on nothing tagged.
    Unknown,
}

/// Tag the loads and stores of `func`, a forward derivative of width `width` whose parameters
/// have `roles`; returns how many were tagged.
///
/// # Safety
/// `func` must be a valid LLVM function with at least `roles.len()` parameters, not used by
/// another thread during the call.
pub(crate) unsafe fn tag_function(func: LLVMValueRef, roles: &[Role], width: u32) -> usize {
    let origins = origins(func, roles, width);
    let accesses = tagged_accesses(func, &origins);
    if accesses.is_empty() {
        return 0;
    }
    let ctx = LLVMGetModuleContext(LLVMGetGlobalParent(func));
    let scopes = ScopeNodes::new(ctx, func, width + 1);
    let (scope_kind, noalias_kind) = (kind_id(ctx, "alias.scope"), kind_id(ctx, "noalias"));
    for &(inst, s) in &accesses {
        LLVMSetMetadata(inst, scope_kind, LLVMMetadataAsValue(ctx, scopes.own[s as usize]));
        LLVMSetMetadata(inst, noalias_kind, LLVMMetadataAsValue(ctx, scopes.others[s as usize]));
    }
    accesses.len()
}

/// The origin of every address-computing value based on a tagged parameter, to a fixpoint
/// (optimistic over `phi`s whose operands are not visited yet; origins only ever go from a
/// scope to `Unknown`, so the iteration ends).
unsafe fn origins(func: LLVMValueRef, roles: &[Role], width: u32) -> HashMap<LLVMValueRef, Origin> {
    let mut map = HashMap::new();
    let mut shadow_packs = HashMap::new();
    for (i, role) in roles.iter().enumerate() {
        let p = LLVMGetParam(func, i as u32);
        match role {
            Role::Primal if is_ptr(p) => {
                map.insert(p, Origin::Scope(0));
            }
            Role::Shadow if width == 1 && is_ptr(p) => {
                map.insert(p, Origin::Scope(1));
            }
            Role::Shadow => {
                shadow_packs.insert(p, ());
            }
            _ => {}
        }
    }
    loop {
        let mut changed = false;
        for inst in function_instructions(func) {
            let Some(new) = origin_of(inst, &map, &shadow_packs, width) else { continue };
            if map.insert(inst, new) != Some(new) {
                changed = true;
            }
        }
        if !changed {
            return map;
        }
    }
}

/// The origin of one instruction from its operands' (`None`: not an address it tracks, or no
/// operand visited yet).
unsafe fn origin_of(
    inst: LLVMValueRef,
    map: &HashMap<LLVMValueRef, Origin>,
    packs: &HashMap<LLVMValueRef, ()>,
    width: u32,
) -> Option<Origin> {
    let operands: Vec<LLVMValueRef> = match LLVMGetInstructionOpcode(inst) {
        LLVMOpcode::LLVMExtractValue => {
            let pack = LLVMGetOperand(inst, 0);
            if !packs.contains_key(&pack) || LLVMGetNumIndices(inst) != 1 || !is_ptr(inst) {
                return None;
            }
            let lane = *LLVMGetIndices(inst);
            return (lane < width).then_some(Origin::Scope(1 + lane));
        }
        LLVMOpcode::LLVMGetElementPtr if is_ptr(inst) => vec![LLVMGetOperand(inst, 0)],
        LLVMOpcode::LLVMPHI if is_ptr(inst) => (0..LLVMCountIncoming(inst)).map(|i| LLVMGetIncomingValue(inst, i)).collect(),
        LLVMOpcode::LLVMSelect if is_ptr(inst) => vec![LLVMGetOperand(inst, 1), LLVMGetOperand(inst, 2)],
        _ => return None,
    };
    let mut found = None;
    for op in operands {
        let here = match map.get(&op) {
            Some(o) => *o,
            None if is_tracked_kind(op) => continue, // not visited yet
            None => Origin::Unknown,
        };
        found = match (found, here) {
            (None, h) => Some(h),
            (Some(a), b) if a == b => Some(a),
            _ => Some(Origin::Unknown),
        };
    }
    found
}

/// Whether `v` is an instruction whose origin `origin_of` may still compute.
unsafe fn is_tracked_kind(v: LLVMValueRef) -> bool {
    !LLVMIsAInstruction(v).is_null()
        && matches!(
            LLVMGetInstructionOpcode(v),
            LLVMOpcode::LLVMGetElementPtr | LLVMOpcode::LLVMPHI | LLVMOpcode::LLVMSelect | LLVMOpcode::LLVMExtractValue
        )
}

/// Every load and store whose address has a scope, with that scope.
unsafe fn tagged_accesses(func: LLVMValueRef, origins: &HashMap<LLVMValueRef, Origin>) -> Vec<(LLVMValueRef, u32)> {
    let mut out = Vec::new();
    for inst in function_instructions(func) {
        let address = match LLVMGetInstructionOpcode(inst) {
            LLVMOpcode::LLVMLoad => LLVMGetOperand(inst, 0),
            LLVMOpcode::LLVMStore => LLVMGetOperand(inst, 1),
            _ => continue,
        };
        if let Some(Origin::Scope(s)) = origins.get(&address) {
            out.push((inst, *s));
        }
    }
    out
}

unsafe fn is_ptr(v: LLVMValueRef) -> bool {
    LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMTypeKind::LLVMPointerTypeKind
}

/// One derivative's scope metadata: per scope, the list naming it and the list of the others.
struct ScopeNodes {
    own: Vec<LLVMMetadataRef>,
    others: Vec<LLVMMetadataRef>,
}

impl ScopeNodes {
    unsafe fn new(ctx: LLVMContextRef, func: LLVMValueRef, count: u32) -> ScopeNodes {
        let mut len = 0usize;
        let name = LLVMGetValueName2(func, &mut len);
        let fname = String::from_utf8_lossy(std::slice::from_raw_parts(name.cast::<u8>(), len)).into_owned();
        let domain = distinct_node(ctx, &[md_string(ctx, &format!("catalase lanes of {fname}"))]);
        let scopes: Vec<LLVMMetadataRef> = (0..count)
            .map(|s| {
                let label = if s == 0 { "primal".to_string() } else { format!("lane {}", s - 1) };
                distinct_node(ctx, &[domain, md_string(ctx, &label)])
            })
            .collect();
        let own = scopes.iter().map(|&s| node(ctx, &[s])).collect();
        let others = (0..scopes.len())
            .map(|s| {
                let rest: Vec<LLVMMetadataRef> =
                    scopes.iter().enumerate().filter(|&(t, _)| t != s).map(|(_, &m)| m).collect();
                node(ctx, &rest)
            })
            .collect();
        ScopeNodes { own, others }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::Type;
    use ArgActivity::*;

    #[test]
    fn roles_follow_the_derivative_signature() {
        let sig = Signature::new(vec![Type::PTR, Type::F64, Type::PTR, Type::PTR], Type::F64);
        let req = Request::forward("f", vec![Dup, Dup, DupNoNeed, Const], 4);
        use Role::*;
        assert_eq!(param_roles(&sig, &req), [Primal, Shadow, Other, Other, Other, Other, Primal]);
    }
}
