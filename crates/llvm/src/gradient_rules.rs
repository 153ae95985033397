//! User reverse rules at the LLVM boundary (ABI §6.2). A rule function whose C result is a
//! struct that the calling convention returns through an `sret` pointer (the gradients of three
//! double parameters; an augmented function's `{tape, primal, shadow}`) is called through an
//! adapter, `__catalase_rule_<rule>`, that passes a stack slot, loads the struct and returns it
//! as a value: the shape `crates/ad` reads from every rule.

use std::collections::{BTreeMap, HashMap};
use std::ffi::CString;

use catalase_ir::builder::Builder;
use catalase_ir::function::Linkage;
use catalase_ir::inst::{Attr, AttrList, AttrValue, Callee, MemFlags, Signature};
use catalase_ir::{Function, Type};
use llvm_sys::core::*;
use llvm_sys::prelude::LLVMModuleRef;

use crate::lower;
use crate::markers::ll;

/// The registered reverse rules (primal → (augmented, reverse)) with each `sret` function
/// replaced by its adapter, and the adapters.
pub fn adapt(module: LLVMModuleRef, gradients: &BTreeMap<String, (String, String)>) -> (BTreeMap<String, (String, String)>, Vec<Function>) {
    let mut adapters: HashMap<String, Function> = HashMap::new();
    let mut through = |rule: &String| -> String {
        let Some((real, slot)) = sret_signature(module, rule) else { return rule.clone() };
        let name = format!("__catalase_rule_{rule}");
        adapters.entry(name.clone()).or_insert_with(|| adapter(&name, rule, &real, &slot));
        name
    };
    let rules = gradients.iter().map(|(f, (aug, rev))| (f.clone(), (through(aug), through(rev)))).collect();
    let mut fns: Vec<Function> = adapters.into_values().collect();
    fns.sort_by(|a, b| a.name.cmp(&b.name));
    (rules, fns)
}

/// The lowered signature of function `name` and its `sret` type, when it returns through one.
fn sret_signature(module: LLVMModuleRef, name: &str) -> Option<(Signature, Type)> {
    let cname = CString::new(name).ok()?;
    // SAFETY: lookup, type and attribute queries on a live module.
    unsafe {
        let f = LLVMGetNamedFunction(module, cname.as_ptr());
        if f.is_null() {
            return None;
        }
        let slot = ll::fn_sret_param(f)?;
        Some((lower::lower_signature(LLVMGlobalGetValueType(f)), lower::lower_type(slot)))
    }
}

/// `fn(params...) -> slot_ty`: calls `rule(&slot, params...)` and returns the slot's value.
fn adapter(name: &str, rule: &str, real: &Signature, slot_ty: &Type) -> Function {
    let plain = Signature::new(real.params[1..].to_vec(), slot_ty.clone());
    let mut f = Function::with_entry(name, plain);
    f.linkage = Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let params = f.params().to_vec();
    let mut b = Builder::at_end(&mut f, entry);
    let one = b.iconst(Type::I32, 1);
    let align = slot_ty.align() as u32;
    let slot = b.alloca(slot_ty.clone(), one, align);
    let mut args = vec![slot];
    args.extend(params);
    let mut attrs = AttrList::default();
    attrs.params.push(vec![Attr { name: "sret".into(), value: AttrValue::Type(slot_ty.clone()) }]);
    b.call(Callee::Direct(rule.to_string()), real.clone(), args, attrs);
    let v = b.load(slot_ty.clone(), slot, MemFlags::aligned(align));
    b.ret(Some(v));
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_adapter_returns_the_struct_and_verifies() {
        let g3 = Type::strukt(vec![Type::F64, Type::F64, Type::F64]);
        let real = Signature::new(vec![Type::PTR, Type::F64, Type::F64, Type::F64, Type::F64], Type::Void);
        let f = adapter("__catalase_rule_rev", "rev", &real, &g3);
        assert_eq!(f.sig.params, vec![Type::F64; 4]);
        assert_eq!(f.sig.ret, g3);
        catalase_ir::verify::verify_function(&f).expect("the sret adapter verifies");
    }
}
