//! LLVM attributes <-> Catalase `AttrList`, shared by lowering (reading) and raising (writing).
//!
//! LLVM's C API turns an attribute name into its kind number (`LLVMGetEnumAttributeKindForName`)
//! but not back, so [`kind_name`] builds the reverse table once from [`KNOWN_ENUM_ATTRS`] (the
//! LLVM 22 list from `llvm/IR/Attributes.inc`). What each kind carries:
//! - flag attributes (`noundef`, `nounwind`, ...) become `AttrValue::None`;
//! - integer attributes (`align`, `dereferenceable`, `memory(...)`, `captures(...)`, `uwtable`,
//!   `allocsize`, `nofpclass`, ...) become `AttrValue::Int` holding LLVM's raw encoding, so
//!   `memory(...)` and `captures(...)` round-trip exactly through [`apply_attrs`];
//! - type attributes (`sret`, `byval`, `byref`, `elementtype`, `inalloca`, `preallocated`)
//!   become `AttrValue::Type`;
//! - string attributes (`"enzyme_inactive"`, `"target-cpu"="x86-64"`) become `AttrValue::Str`
//!   (an empty value for valueless ones);
//! - constant-range attributes (`range(...)`, `initializes(...)`) cannot be read through the C
//!   API and are dropped: they are optimization hints, so dropping them is harmless.
//!
//! An enum kind missing from the table (a newer LLVM) is named `llvm.attr.kind.<N>` and still
//! round-trips by number. The pseudo attribute [`PERSONALITY_ATTR`] (a string attribute on the
//! function list, written by lowering) carries the personality function's name; `apply_attrs`
//! never writes it to LLVM.

use std::collections::HashMap;
use std::ffi::c_char;
use std::sync::OnceLock;

use catalase_ir::inst::{Attr, AttrList, AttrValue};
use catalase_ir::types::Type;
use llvm_sys::core::{
    LLVMAddAttributeAtIndex, LLVMAddCallSiteAttribute, LLVMCreateEnumAttribute, LLVMCreateStringAttribute,
    LLVMCreateTypeAttribute, LLVMGetAttributeCountAtIndex, LLVMGetAttributesAtIndex, LLVMGetCallSiteAttributeCount,
    LLVMGetCallSiteAttributes, LLVMGetEnumAttributeKind, LLVMGetEnumAttributeKindForName, LLVMGetEnumAttributeValue,
    LLVMGetStringAttributeKind, LLVMGetStringAttributeValue, LLVMGetTypeAttributeValue, LLVMIsEnumAttribute,
    LLVMIsStringAttribute, LLVMIsTypeAttribute,
};
use llvm_sys::prelude::{LLVMAttributeRef, LLVMContextRef, LLVMTypeRef, LLVMValueRef};
use llvm_sys::{LLVMAttributeFunctionIndex, LLVMAttributeIndex, LLVMAttributeReturnIndex};

/// Name of the pseudo string attribute that carries a function's personality (lowering writes
/// it into `Function::attrs.func`; `apply_attrs` skips it).
pub const PERSONALITY_ATTR: &str = "catalase.personality";

/// Prefix naming enum kinds that are not in [`KNOWN_ENUM_ATTRS`].
const UNKNOWN_KIND_PREFIX: &str = "llvm.attr.kind.";

/// Every enum, integer and type attribute of LLVM 22 (from `llvm/IR/Attributes.inc`).
pub const KNOWN_ENUM_ATTRS: &[&str] = &[
    "allocalign", "allocptr", "alwaysinline", "builtin", "cold", "convergent",
    "coro_only_destroy_when_complete", "coro_elide_safe", "dead_on_return", "dead_on_unwind",
    "disable_sanitizer_instrumentation", "fn_ret_thunk_extern", "hot", "hybrid_patchable", "immarg",
    "inreg", "inlinehint", "jumptable", "minsize", "mustprogress", "naked", "nest", "noalias",
    "nobuiltin", "nocallback", "nocf_check", "nocreateundeforpoison", "nodivergencesource",
    "noduplicate", "noext", "nofree", "noimplicitfloat", "noinline", "nomerge", "noprofile",
    "norecurse", "noredzone", "noreturn", "nosanitize_bounds", "nosanitize_coverage", "nosync",
    "noundef", "nounwind", "nonlazybind", "nonnull", "null_pointer_is_valid", "optforfuzzing",
    "optdebug", "optsize", "optnone", "presplitcoroutine", "readnone", "readonly", "returned",
    "returns_twice", "signext", "safestack", "sanitize_address", "sanitize_alloc_token",
    "sanitize_hwaddress", "sanitize_memtag", "sanitize_memory", "sanitize_numerical_stability",
    "sanitize_realtime", "sanitize_realtime_blocking", "sanitize_thread", "sanitize_type",
    "shadowcallstack", "skipprofile", "speculatable", "speculative_load_hardening", "ssp", "sspreq",
    "sspstrong", "strictfp", "swiftasync", "swifterror", "swiftself", "willreturn", "writable",
    "writeonly", "zeroext", "byref", "byval", "elementtype", "inalloca", "preallocated", "sret",
    "align", "allockind", "allocsize", "captures", "dereferenceable", "dereferenceable_or_null",
    "memory", "nofpclass", "alignstack", "uwtable", "vscale_range", "range", "initializes",
];

/// The attribute kind number of an enum/int/type attribute name (None if LLVM does not know it).
pub fn kind_of(name: &str) -> Option<u32> {
    if let Some(n) = name.strip_prefix(UNKNOWN_KIND_PREFIX) {
        return n.parse().ok();
    }
    // SAFETY: the pointer and length describe a live `&str`.
    let kind = unsafe { LLVMGetEnumAttributeKindForName(name.as_ptr() as *const c_char, name.len()) };
    (kind != 0).then_some(kind)
}

/// The name of an attribute kind number (LLVM's spelling).
pub fn kind_name(kind: u32) -> String {
    static TABLE: OnceLock<HashMap<u32, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        KNOWN_ENUM_ATTRS.iter().filter_map(|n| kind_of(n).map(|k| (k, *n))).collect()
    });
    match table.get(&kind) {
        Some(n) => n.to_string(),
        None => format!("{UNKNOWN_KIND_PREFIX}{kind}"),
    }
}

/// Where attributes live: a function (definition or declaration) or a call/invoke.
#[derive(Clone, Copy, Debug)]
pub enum AttrTarget {
    Function(LLVMValueRef),
    CallSite(LLVMValueRef),
}

/// All attributes of a function.
///
/// # Safety
/// `func` must be a valid LLVM function.
pub unsafe fn function_attrs(func: LLVMValueRef, num_params: usize) -> AttrList {
    read_attrs(AttrTarget::Function(func), num_params)
}

/// All attributes of a call or invoke instruction (`num_args`: its argument count).
///
/// # Safety
/// `call` must be a valid call or invoke instruction.
pub unsafe fn call_site_attrs(call: LLVMValueRef, num_args: usize) -> AttrList {
    read_attrs(AttrTarget::CallSite(call), num_args)
}

/// Read the function, return and `num_params` parameter attribute sets of `target`.
///
/// # Safety
/// `target` must hold a valid function or call-site instruction.
pub unsafe fn read_attrs(target: AttrTarget, num_params: usize) -> AttrList {
    AttrList {
        func: read_at(target, LLVMAttributeFunctionIndex),
        ret: read_at(target, LLVMAttributeReturnIndex),
        params: (0..num_params).map(|i| read_at(target, i as LLVMAttributeIndex + 1)).collect(),
    }
}

unsafe fn read_at(target: AttrTarget, idx: LLVMAttributeIndex) -> Vec<Attr> {
    let raw: Vec<LLVMAttributeRef> = match target {
        AttrTarget::Function(f) => {
            let n = LLVMGetAttributeCountAtIndex(f, idx) as usize;
            let mut v = vec![std::ptr::null_mut(); n];
            if n > 0 {
                LLVMGetAttributesAtIndex(f, idx, v.as_mut_ptr());
            }
            v
        }
        AttrTarget::CallSite(c) => {
            let n = LLVMGetCallSiteAttributeCount(c, idx) as usize;
            let mut v = vec![std::ptr::null_mut(); n];
            if n > 0 {
                LLVMGetCallSiteAttributes(c, idx, v.as_mut_ptr());
            }
            v
        }
    };
    raw.into_iter().filter_map(|a| read_one(a)).collect()
}

/// One attribute; None for constant-range attributes (unreadable through the C API).
///
/// # Safety
/// `a` must be a valid attribute.
pub unsafe fn read_one(a: LLVMAttributeRef) -> Option<Attr> {
    if LLVMIsStringAttribute(a) != 0 {
        let mut klen = 0u32;
        let k = LLVMGetStringAttributeKind(a, &mut klen);
        let mut vlen = 0u32;
        let v = LLVMGetStringAttributeValue(a, &mut vlen);
        return Some(Attr { name: c_slice(k, klen), value: AttrValue::Str(c_slice(v, vlen)) });
    }
    let name = kind_name(LLVMGetEnumAttributeKind(a));
    if LLVMIsTypeAttribute(a) != 0 {
        let t = LLVMGetTypeAttributeValue(a);
        let value = if t.is_null() { AttrValue::None } else { AttrValue::Type(crate::lower::lower_type(t)) };
        return Some(Attr { name, value });
    }
    if LLVMIsEnumAttribute(a) != 0 {
        // Both flag and integer attributes answer here; flags have value 0.
        let v = LLVMGetEnumAttributeValue(a);
        let value = if v == 0 && !is_int_kind(&name) { AttrValue::None } else { AttrValue::Int(v) };
        return Some(Attr { name, value });
    }
    None
}

/// Attributes whose value is an integer (LLVM's "IntAttr" kinds).
pub fn is_int_kind(name: &str) -> bool {
    matches!(
        name,
        "align" | "allockind" | "allocsize" | "captures" | "dereferenceable" | "dereferenceable_or_null"
            | "memory" | "nofpclass" | "alignstack" | "uwtable" | "vscale_range"
    )
}

unsafe fn c_slice(p: *const c_char, len: u32) -> String {
    if p.is_null() || len == 0 {
        return String::new();
    }
    let bytes = std::slice::from_raw_parts(p as *const u8, len as usize);
    String::from_utf8_lossy(bytes).into_owned()
}

/// String attributes whose value is empty are printed by LLVM without `=""`; both forms
/// come back as `AttrValue::Str("")`. This helper says whether an attribute is a string one.
pub fn is_string_attr(a: &Attr) -> bool {
    matches!(a.value, AttrValue::Str(_))
}

/// The personality function recorded by lowering, if any.
pub fn personality_of(attrs: &AttrList) -> Option<&str> {
    attrs.func.iter().find(|a| a.name == PERSONALITY_ATTR).and_then(|a| match &a.value {
        AttrValue::Str(s) => Some(s.as_str()),
        _ => None,
    })
}

/// Create the attributes of `attrs` on a function or call site. `raise_type` turns the type
/// of a type attribute (`sret(T)`, ...) into an LLVM type in `ctx`. Returns the names of
/// attributes that could not be created (unknown names); those are skipped.
///
/// # Safety
/// `ctx` must be the context of `target`, which must be a valid function or call site.
pub unsafe fn apply_attrs(
    ctx: LLVMContextRef,
    target: AttrTarget,
    attrs: &AttrList,
    raise_type: &mut dyn FnMut(&Type) -> LLVMTypeRef,
) -> Vec<String> {
    let mut skipped = Vec::new();
    let mut put = |idx: LLVMAttributeIndex, list: &[Attr]| {
        for a in list {
            if a.name == PERSONALITY_ATTR
                || a.name == catalase_ir::inst::STACK_ONLY_ATTR
                || a.name == catalase_ir::inst::NO_FLOAT_POINTEE_ATTR
            {
                continue;
            }
            match create(ctx, a, raise_type) {
                Some(r) => match target {
                    AttrTarget::Function(f) => LLVMAddAttributeAtIndex(f, idx, r),
                    AttrTarget::CallSite(c) => LLVMAddCallSiteAttribute(c, idx, r),
                },
                None => skipped.push(a.name.clone()),
            }
        }
    };
    put(LLVMAttributeFunctionIndex, &attrs.func);
    put(LLVMAttributeReturnIndex, &attrs.ret);
    for (i, p) in attrs.params.iter().enumerate() {
        put(i as LLVMAttributeIndex + 1, p);
    }
    skipped
}

/// One LLVM attribute from a Catalase one (None when the name is unknown to LLVM).
///
/// # Safety
/// `ctx` must be a valid context.
pub unsafe fn create(
    ctx: LLVMContextRef,
    a: &Attr,
    raise_type: &mut dyn FnMut(&Type) -> LLVMTypeRef,
) -> Option<LLVMAttributeRef> {
    match &a.value {
        AttrValue::Str(v) => Some(LLVMCreateStringAttribute(
            ctx,
            a.name.as_ptr() as *const c_char,
            a.name.len() as u32,
            v.as_ptr() as *const c_char,
            v.len() as u32,
        )),
        AttrValue::Type(t) => {
            let kind = kind_of(&a.name)?;
            Some(LLVMCreateTypeAttribute(ctx, kind, raise_type(t)))
        }
        AttrValue::Int(n) => Some(LLVMCreateEnumAttribute(ctx, kind_of(&a.name)?, *n)),
        AttrValue::None => Some(LLVMCreateEnumAttribute(ctx, kind_of(&a.name)?, 0)),
    }
}
