//! Whether each registered derivative rule can still apply. On the CLI route clang has
//! already optimized the module, and it may have inlined a function that carries a user rule
//! into the code being differentiated: the rule then never applies, and the derivative is that
//! of the inlined body. Catalase says so with a warning (the derivative is still a derivative
//! of the code, not an error) whenever no function reachable from a differentiated function
//! calls, or takes the address of, a function with a registered rule.

use std::collections::HashSet;
use std::ffi::CString;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::{Const, Module};
use llvm_sys::core::LLVMGetNamedFunction;
use llvm_sys::prelude::LLVMModuleRef;

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

/// One warning per registered forward rule whose function `referenced` lacks, naming the
/// function and its rule, located at the function's definition when debug info has it.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn unused_rule_warnings(module: LLVMModuleRef, registry: &Registry, referenced: &HashSet<String>) -> Vec<Diagnostic> {
    let mut rules: Vec<(&String, &String)> = registry.derivatives.iter().filter(|(f, _)| !referenced.contains(*f)).collect();
    rules.sort();
    rules
        .into_iter()
        .map(|(function, rule)| {
            let loc = CString::new(function.as_str()).ok().and_then(|c| {
                let f = LLVMGetNamedFunction(module, c.as_ptr());
                if f.is_null() { None } else { crate::lower::function_loc(f) }
            });
            Diagnostic::warning(
                DiagKind::UnusedRule,
                format!(
                    "the derivative rule `{rule}` registered for `{function}` is not applied: no function reachable from \
                     the differentiated code calls `{function}`. If clang inlined it before Catalase ran (the CLI route \
                     differentiates optimized IR), the derivative is that of its inlined body, not your rule"
                ),
            )
            .at_loc(loc)
            .with_help(format!(
                "to keep the rule, declare `{function}` with `__attribute__((noinline))`, or build through the Catalase \
                 clang plugin (`-fpass-plugin=libcatalase_plugin.so`), which secures functions with rules before inlining"
            ))
        })
        .collect()
}
