//! Whether each registered derivative rule (and function-like mapping and inactivity marking)
//! can still apply. On the CLI route clang has
//! already optimized the module, and it may have inlined a function that carries a user rule
//! into the code being differentiated: the rule then never applies, and the derivative is that
//! of the inlined body. Catalase says so with a warning (the derivative is still a derivative
//! of the code, not an error) whenever no function reachable from a differentiated function
//! calls, or takes the address of, a function with a registered rule, and, on the CLI route,
//! whenever such a function could have been inlined into some of its callers (other calls or
//! its address remaining).

use std::collections::HashSet;
use std::ffi::CString;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::{Const, Module};
use llvm_sys::core::{LLVMCountBasicBlocks, LLVMGetEnumAttributeAtIndex, LLVMGetNamedFunction};
use llvm_sys::prelude::{LLVMModuleRef, LLVMValueRef};
use llvm_sys::LLVMAttributeFunctionIndex;

use crate::registry::Registry;

/// Names of the functions the lowered (differentiated, reachable) code calls directly or
/// refers to by address, and the functions themselves.
pub fn referenced_functions(cir: &Module) -> HashSet<String> {
    let mut names = HashSet::new();
    for f in cir.functions().values().filter(|f| !f.is_declaration()) {
        names.insert(f.name.clone());
        for node in f.dfg.insts.values() {
            if let InstData::Call { callee: Callee::Direct(n), .. } | InstData::Invoke { callee: Callee::Direct(n), .. } =
                &node.data
            {
                names.insert(n.clone());
            }
        }
        for data in f.dfg.values.values() {
            if let ValueDef::Const(Const::Global(n)) = &data.def {
                names.insert(n.clone());
            }
        }
    }
    names
}

/// One warning per registered rule (forward, reverse, `__enzyme_function_like`, or an
/// `__enzyme_inactivefn` marking) that may not apply because clang may have inlined its function
/// before Catalase ran: on the CLI route (`secured` false: the plugin did not keep it out of
/// line), for a function that is gone or has a body an optimizing clang could inline (no
/// `noinline`, no `optnone`). Missing from `referenced`, every call may have been inlined;
/// present, some may. Each names the function and its rule, located at the function's definition
/// when debug info has it.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn unused_rule_warnings(
    module: LLVMModuleRef,
    registry: &Registry,
    referenced: &HashSet<String>,
    secured: bool,
) -> Vec<Diagnostic> {
    let mut rules: Vec<(&String, String)> =
        registry.derivatives.iter().map(|(f, rule)| (f, format!("the derivative rule `{rule}`"))).collect();
    rules.extend(registry.gradients.iter().map(|(f, (aug, rev))| (f, format!("the gradient rule `{aug}`, `{rev}`"))));
    rules.extend(registry.function_like.iter().map(|(f, like)| (f, format!("the mapping to `{like}` (__enzyme_function_like)"))));
    rules.extend(registry.inactive_fns.iter().map(|f| (f, "the inactivity marking (__enzyme_inactivefn)".to_string())));
    rules.sort();
    let help = |function: &str| {
        format!(
            "to keep it in force, declare `{function}` with `__attribute__((noinline))`, or build through the Catalase \
             clang plugin (`-fpass-plugin=libcatalase_plugin.so`), which secures functions with rules before inlining"
        )
    };
    let mut out = Vec::new();
    for (function, rule) in rules {
        let f = CString::new(function.as_str()).map_or(std::ptr::null_mut(), |c| LLVMGetNamedFunction(module, c.as_ptr()));
        // Only where clang could have inlined the function before Catalase ran: the CLI route
        // (the plugin keeps it out of line), a function gone or with a body that may be inlined.
        let inlinable = f.is_null() || (LLVMCountBasicBlocks(f) > 0 && !has_attr(f, "noinline") && !has_attr(f, "optnone"));
        if secured || !inlinable {
            continue;
        }
        let loc = if f.is_null() { None } else { crate::lower::function_loc(f) };
        let message = if !referenced.contains(function) {
            format!(
                "{rule} registered for `{function}` is not applied: no function reachable from the differentiated \
                 code calls `{function}`. If clang inlined it before Catalase ran (the CLI route differentiates \
                 optimized IR), the derivative is that of its inlined body, not your rule"
            )
        } else {
            format!(
                "{rule} registered for `{function}` may not be applied at every call: `{function}` is not \
                 `noinline` and clang optimized this module before Catalase ran (the CLI route), so calls it inlined \
                 are differentiated through its body, not your rule"
            )
        };
        out.push(Diagnostic::warning(DiagKind::UnusedRule, message).at_loc(loc).with_help(help(function)));
    }
    out
}

/// Whether `f` carries the enum attribute `name`.
unsafe fn has_attr(f: LLVMValueRef, name: &str) -> bool {
    crate::attrs::kind_of(name).is_some_and(|k| !LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, k).is_null())
}
