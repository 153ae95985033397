//! Module-level summaries for call sites, each a fixpoint over the call graph: which defined
//! functions may read or write derivatives in global memory (a function does when it refers to
//! the address of a mutable, active global or of a global that may hold pointers, makes an
//! indirect call, or calls a function that does), and which may allocate memory (the only way
//! a callee whose arguments carry no shadow returns a pointer with a shadow of its own).

use std::collections::HashSet;

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{AttrList, Callee, InstData};
use catalase_ir::{Const, Function, Module};

use super::is_inactive_global;

/// Names of the defined functions of `module` that may touch derivatives in global memory.
pub fn global_users(module: &Module) -> HashSet<String> {
    close_over_callers(module, |f| refers_to_globals(module, f))
}

/// Names of the defined functions of `module` that may allocate memory, directly (a call for
/// which `is_alloc` holds) or through a defined callee. A call to any other defined
/// function whose arguments carry no shadow, and that touches no global memory, returns a
/// pointer whose shadow can only be the primal standing in.
pub fn allocating(module: &Module, is_alloc: impl Fn(&Callee, &AttrList) -> bool) -> HashSet<String> {
    close_over_callers(module, |f| {
        f.insts_in_order().iter().any(|&i| match f.dfg.inst(i) {
            InstData::Call { callee, attrs, .. } | InstData::Invoke { callee, attrs, .. } => {
                is_alloc(callee, attrs)
            }
            _ => false,
        })
    })
}

/// The defined functions for which `seed` holds, and every defined function that calls one.
fn close_over_callers(module: &Module, seed: impl Fn(&Function) -> bool) -> HashSet<String> {
    let defined: Vec<&Function> = module.functions().values().filter(|f| !f.is_declaration()).collect();
    let mut users: HashSet<String> = defined.iter().filter(|f| seed(f)).map(|f| f.name.clone()).collect();
    loop {
        let mut changed = false;
        for f in &defined {
            if !users.contains(&f.name) && calls_any(f, &users) {
                users.insert(f.name.clone());
                changed = true;
            }
        }
        if !changed {
            return users;
        }
    }
}

fn refers_to_globals(module: &Module, f: &Function) -> bool {
    let global = |c: &Const| -> bool {
        let Const::Global(name) = c else { return false };
        module.find_global(name).is_some_and(|g| !is_inactive_global(g) || g.ty.has_ptr())
    };
    let by_value = f.dfg.values.values().any(|d| match &d.def {
        ValueDef::Const(Const::Aggregate(items)) => items.iter().any(global),
        ValueDef::Const(c) => global(c),
        _ => false,
    });
    by_value || f.insts_in_order().iter().any(|&i| matches!(f.dfg.inst(i), InstData::Call { callee: Callee::Indirect(_), .. } | InstData::Invoke { callee: Callee::Indirect(_), .. }))
}

fn calls_any(f: &Function, users: &HashSet<String>) -> bool {
    f.insts_in_order().iter().any(|&i| match f.dfg.inst(i) {
        InstData::Call { callee: Callee::Direct(n), .. } | InstData::Invoke { callee: Callee::Direct(n), .. } => users.contains(n),
        _ => false,
    })
}
