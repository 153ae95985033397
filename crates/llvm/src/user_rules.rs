//! User forward rules at the LLVM boundary (ABI §6.3). A rule returns C's
//! `struct {T primal, tangent;}` in whatever shape the C calling convention gives it: `{T, T}`
//! in registers, `<2 x float>` for two floats, or through an `sret` pointer for a large
//! struct. `crates/ad` calls every rule with one plain Catalase signature,
//! `(p1, dp1, p2, dp2, ...) -> {T, T}`; here each registered rule's real shape is decoded
//! against its primal's, a wrong shape is refused, and a rule whose shape is not the plain one
//! is called through a small adapter (`__catalase_rule_<rule>`, Catalase IR raised with the
//! derivatives) that calls the rule and repacks its result.

use std::collections::HashMap;
use std::ffi::CString;

use catalase_ir::builder::Builder;
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::Linkage;
use catalase_ir::inst::{Attr, AttrList, AttrValue, Callee, InstData, MemFlags, Signature};
use catalase_ir::{Function, Type};
use llvm_sys::core::*;
use llvm_sys::prelude::LLVMModuleRef;

use crate::lower;
use crate::markers::ll;
use crate::registry::Registry;

/// How a rule returns `{primal, tangent}`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    /// `{T, T}` (or `void` for a `void` primal): called as is.
    Plain,
    /// `<2 x T>`.
    Vector,
    /// Through an `sret` pointer to `ty` (first parameter); the tangent at byte `tangent_at`.
    Sret { ty: Type, tangent_at: u64 },
}

/// A rule called through an adapter.
struct Adapted {
    rule: String,
    shape: Shape,
    /// The plain signature the adapter has.
    plain: Signature,
    /// The rule's lowered LLVM signature.
    real: Signature,
}

/// The registered forward rules, their shapes decoded.
#[derive(Default)]
pub struct ForwardRules {
    /// Primal function → the function to call with the plain signature (the rule itself, or
    /// its adapter).
    pub callable: HashMap<String, String>,
    adapters: HashMap<String, Adapted>,
}

/// Decode every forward rule of `derivatives` (primal → rule); wrong shapes are errors.
///
/// `module` must be a valid module that the caller owns for the duration of the call.
pub fn forward_rules(module: LLVMModuleRef, registry: &Registry) -> Result<ForwardRules, Vec<Diagnostic>> {
    let mut out = ForwardRules::default();
    let mut errors = Vec::new();
    for (primal, rule) in &registry.derivatives {
        let (Some(primal_sig), Some((real, sret))) = (signature(module, primal), rule_signature(module, rule)) else {
            // Unknown functions: nothing to adapt (a call of them, if any, is reported where made).
            out.callable.insert(primal.clone(), rule.clone());
            continue;
        };
        let plain = plain_signature(&primal_sig);
        match decode(&plain, &real, sret) {
            Some(Shape::Plain) => {
                out.callable.insert(primal.clone(), rule.clone());
            }
            Some(shape) => {
                let name = format!("__catalase_rule_{rule}");
                out.callable.insert(primal.clone(), name.clone());
                out.adapters.insert(name, Adapted { rule: rule.clone(), shape, plain, real });
            }
            None => errors.push(at_registration(module, registry, primal, bad_shape(primal, rule, &primal_sig, &real))),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl ForwardRules {
    /// The adapters that the `generated` functions call and `module` does not define yet (an
    /// earlier round of higher-order processing may have).
    pub fn adapters_for(&self, module: LLVMModuleRef, generated: &[Function]) -> Vec<Function> {
        let mut names: Vec<&String> =
            self.adapters.keys().filter(|n| calls_any(generated, n) && !is_defined(module, n)).collect();
        names.sort();
        names.into_iter().map(|n| adapter(n, &self.adapters[n])).collect()
    }
}

/// The plain rule signature for a primal: each parameter twice, `{T, T}` for a result `T`.
fn plain_signature(primal: &Signature) -> Signature {
    let params = primal.params.iter().flat_map(|t| [t.clone(), t.clone()]).collect();
    let ret = if primal.ret.is_void() { Type::Void } else { Type::strukt(vec![primal.ret.clone(), primal.ret.clone()]) };
    Signature::new(params, ret)
}

/// The shape of a rule with lowered signature `real` (and `sret` type) against `plain`.
fn decode(plain: &Signature, real: &Signature, sret: Option<Type>) -> Option<Shape> {
    let offset = usize::from(sret.is_some());
    if real.params.len() != plain.params.len() + offset || real.params[offset..] != plain.params[..] {
        return None;
    }
    let t = match &plain.ret {
        Type::Struct { fields, .. } => fields[0].clone(),
        _ => Type::Void,
    };
    match (sret, &real.ret) {
        (None, r) if *r == plain.ret => Some(Shape::Plain),
        (None, Type::Vector(2, e)) if **e == t => Some(Shape::Vector),
        (Some(ty), Type::Void) if !t.is_void() => {
            let (_, offsets) = ty.struct_layout();
            let tangent_at = offsets.get(1).copied().unwrap_or(t.alloc_size());
            Some(Shape::Sret { ty, tangent_at })
        }
        _ => None,
    }
}

/// `d`, about the rule of `primal`, at the global that registers it.
fn at_registration(module: LLVMModuleRef, registry: &Registry, primal: &str, d: Diagnostic) -> Diagnostic {
    let Some(g) = registry.sites.get(primal).and_then(|name| CString::new(name.as_str()).ok()) else { return d };
    // SAFETY: the caller's contract: `module` is valid; the registration global is one of its.
    let g = unsafe { LLVMGetNamedGlobal(module, g.as_ptr()) };
    if g.is_null() {
        return d;
    }
    d.at_inst(ll::print_value(g)).at_loc(ll::debug_loc(g))
}

fn bad_shape(primal: &str, rule: &str, primal_sig: &Signature, real: &Signature) -> Diagnostic {
    Diagnostic::error(
        DiagKind::CallingError,
        format!(
            "the forward rule `{rule}` does not have the shape ABI §6.3 requires: (p1, dp1, ...) returning {{primal, tangent}} of `{primal}`'s return type (`{primal}` is {}, `{rule}` is {})",
            show(primal_sig),
            show(real)
        ),
    )
    .in_function(primal)
    .with_help("declare the rule as `struct {T primal, tangent;} rule(T1 x1, T1 dx1, ...)` with the function's own parameter and return types")
}

/// `fn(T1, T2) -> R`.
fn show(sig: &Signature) -> String {
    let params: Vec<String> = sig.params.iter().map(|t| t.to_string()).collect();
    format!("fn({}) -> {}", params.join(", "), sig.ret)
}

/// The adapter `name`: calls the rule with its real shape, returns `{primal, tangent}`.
fn adapter(name: &str, a: &Adapted) -> Function {
    let mut f = Function::with_entry(name, a.plain.clone());
    f.linkage = Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let params = f.params().to_vec();
    let t = match &a.plain.ret {
        Type::Struct { fields, .. } => fields[0].clone(),
        _ => unreachable!("adapted rules return a value"),
    };
    let mut b = Builder::at_end(&mut f, entry);
    let callee = Callee::Direct(a.rule.clone());
    let (p, tan) = match &a.shape {
        Shape::Vector => {
            let i = b.call(callee, a.real.clone(), params, AttrList::default());
            let r = b.func.dfg.result(i).expect("vector result");
            let (i0, i1) = (b.iconst(Type::I32, 0), b.iconst(Type::I32, 1));
            (b.extract_element(r, i0), b.extract_element(r, i1))
        }
        Shape::Sret { ty, tangent_at } => {
            let one = b.iconst(Type::I32, 1);
            let slot = b.alloca(ty.clone(), one, ty.align() as u32);
            let mut args = vec![slot];
            args.extend(params);
            let mut attrs = AttrList::default();
            attrs.params.push(vec![Attr { name: "sret".into(), value: AttrValue::Type(ty.clone()) }]);
            b.call(callee, a.real.clone(), args, attrs);
            let mem = MemFlags::aligned(t.align() as u32);
            let p = b.load(t.clone(), slot, mem);
            let off = b.iconst(Type::I64, *tangent_at as i128);
            let at = b.ptradd(slot, off);
            (p, b.load(t.clone(), at, mem))
        }
        Shape::Plain => unreachable!("plain rules need no adapter"),
    };
    let u = b.undef(a.plain.ret.clone());
    let s = b.insert_value(u, p, vec![0]);
    let s = b.insert_value(s, tan, vec![1]);
    b.ret(Some(s));
    f
}

/// Whether any of `fns` calls `name` directly.
pub(crate) fn calls_any(fns: &[Function], name: &str) -> bool {
    fns.iter().any(|f| {
        f.dfg.insts.values().any(|n| {
            matches!(&n.data, InstData::Call { callee: Callee::Direct(c), .. } | InstData::Invoke { callee: Callee::Direct(c), .. } if c == name)
        })
    })
}

/// Whether `module` has a function `name` with a body.
pub(crate) fn is_defined(module: LLVMModuleRef, name: &str) -> bool {
    let Ok(cname) = CString::new(name) else { return false };
    // SAFETY: lookup on a live module.
    unsafe {
        let f = LLVMGetNamedFunction(module, cname.as_ptr());
        !f.is_null() && LLVMCountBasicBlocks(f) > 0
    }
}

/// The lowered signature of function `name` of `module`.
fn signature(module: LLVMModuleRef, name: &str) -> Option<Signature> {
    let cname = CString::new(name).ok()?;
    // SAFETY: lookup and type query on a live module.
    unsafe {
        let f = LLVMGetNamedFunction(module, cname.as_ptr());
        (!f.is_null()).then(|| lower::lower_signature(LLVMGlobalGetValueType(f)))
    }
}

/// The lowered signature of a rule and the type of its `sret` result, if any.
fn rule_signature(module: LLVMModuleRef, name: &str) -> Option<(Signature, Option<Type>)> {
    let cname = CString::new(name).ok()?;
    // SAFETY: lookup, type and attribute queries on a live module.
    unsafe {
        let f = LLVMGetNamedFunction(module, cname.as_ptr());
        if f.is_null() {
            return None;
        }
        let sig = lower::lower_signature(LLVMGlobalGetValueType(f));
        let sret = ll::fn_sret_param(f).map(|t| lower::lower_type(t));
        Some((sig, sret))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(params: Vec<Type>, ret: Type) -> Signature {
        Signature::new(params, ret)
    }

    #[test]
    fn shapes_are_decoded() {
        let plain = plain_signature(&sig(vec![Type::F32], Type::F32));
        assert_eq!(plain.ret, Type::strukt(vec![Type::F32, Type::F32]));
        assert_eq!(decode(&plain, &plain, None), Some(Shape::Plain));
        let vector = sig(vec![Type::F32, Type::F32], Type::vector(2, Type::F32));
        assert_eq!(decode(&plain, &vector, None), Some(Shape::Vector));
        let wrong_params = sig(vec![Type::F32], Type::vector(2, Type::F32));
        assert_eq!(decode(&plain, &wrong_params, None), None);
        let big = Type::strukt(vec![Type::F64, Type::F64, Type::F64]);
        let dplain = plain_signature(&sig(vec![Type::F64], Type::F64));
        let sret = sig(vec![Type::PTR, Type::F64, Type::F64], Type::Void);
        assert_eq!(decode(&dplain, &sret, Some(big.clone())), Some(Shape::Sret { ty: big, tangent_at: 8 }));
        let void = plain_signature(&sig(vec![Type::PTR], Type::Void));
        assert_eq!(decode(&void, &void, None), Some(Shape::Plain));
        assert_eq!(decode(&void, &sig(vec![Type::PTR, Type::PTR], Type::F64), None), None);
    }

    #[test]
    fn adapters_verify() {
        let plain = plain_signature(&sig(vec![Type::F32], Type::F32));
        let real = sig(vec![Type::F32, Type::F32], Type::vector(2, Type::F32));
        let a = Adapted { rule: "r".into(), shape: Shape::Vector, plain: plain.clone(), real };
        let f = adapter("__catalase_rule_r", &a);
        catalase_ir::verify::verify_function(&f).expect("vector adapter verifies");
        let big = Type::strukt(vec![Type::F32, Type::F32, Type::F64]);
        let real = sig(vec![Type::PTR, Type::F32, Type::F32], Type::Void);
        let a = Adapted { rule: "r".into(), shape: Shape::Sret { ty: big, tangent_at: 4 }, plain, real };
        catalase_ir::verify::verify_function(&adapter("__catalase_rule_r", &a)).expect("sret adapter verifies");
    }
}
