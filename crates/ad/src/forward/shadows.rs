//! Which values of a function carry a shadow in forward mode: a tangent for values, a shadow
//! pointer for pointers, the shadow bits for integers that move float data (a `double` copied
//! through an `i64` load and store).
//!
//! A forward dataflow over the function, solved to a fixed point: arguments per the request;
//! results of arithmetic, casts and aggregate operations when an operand has one; loads when
//! their pointer has one; allocations always; calls as `calls::classify` says. Values outside
//! the set have a zero tangent (no shadow pointer) and get no derivative code at all.

use std::collections::HashSet;

use catalase_ir::function::ValueDef;
use catalase_ir::inst::Callee;
use catalase_ir::opcodes::{BinaryOp, CastOp};
use catalase_ir::{Const, Function, InstData, Module, Value};

use crate::calls::{classify, CallKind};
use crate::env::Environment;
use crate::request::ArgActivity;

/// The set of values with shadows.
pub struct Shadows {
    set: HashSet<Value>,
    /// Pointers whose shadow may be the primal pointer itself: where a pointer without a shadow
    /// (an `enzyme_const` argument, say) merges with one that has a shadow, the primal stands in
    /// as its own shadow, and accesses through it are guarded at run time (a load gives a zero
    /// tangent, a store goes to scratch memory when shadow == primal).
    mixed: HashSet<Value>,
}

impl Shadows {
    pub fn has(&self, v: Value) -> bool {
        self.set.contains(&v)
    }
    pub fn is_mixed(&self, v: Value) -> bool {
        self.mixed.contains(&v)
    }
}

/// Whether a global's address gets a shadow: every global variable does. Constant ones share a
/// read-only zero shadow; mutable ones get a shadow global that the caller of a derivative
/// zeroes before each marker call (what was stored before the call does not depend on its
/// inputs), so scratch arrays at file scope carry tangents.
pub fn global_has_shadow(module: &Module, _env: &Environment, name: &str) -> bool {
    module.find_global(name).is_some()
}

/// The symbol of a global variable's shadow: a shared zero shadow for a constant, a shadow
/// the caller resets for a mutable one.
pub fn shadow_global_name(module: &Module, name: &str) -> Option<String> {
    let prefix = if module.find_global(name)?.constant { "__catalase_zero_" } else { "__catalase_shadow_" };
    Some(format!("{prefix}{name}"))
}

/// The shadow of a constant (vector of) pointer(s): null for null, undefined and poison
/// members, each global's shadow for its address; `None` when a member has no shadow.
pub fn shadow_const(module: &Module, env: &Environment, c: &Const) -> Option<Const> {
    match c {
        Const::Null | Const::Zero | Const::Undef | Const::Poison => Some(Const::Null),
        Const::Global(name) if global_has_shadow(module, env, name) => Some(Const::Global(shadow_global_name(module, name)?)),
        Const::Aggregate(items) => items.iter().map(|i| shadow_const(module, env, i)).collect::<Option<Vec<_>>>().map(Const::Aggregate),
        _ => None,
    }
}

/// `global_users` names the defined functions that may move derivatives through global memory
/// (`catalase_analysis::activity::summary::global_users`): their results carry a shadow even
/// when no argument does.
pub fn analyse(module: &Module, env: &Environment, global_users: &HashSet<String>, f: &Function, args: &[ArgActivity]) -> Shadows {
    let mut set: HashSet<Value> = HashSet::new();
    for (p, act) in f.params().iter().zip(args) {
        if act.has_shadow() {
            set.insert(*p);
        }
    }
    let has = |set: &HashSet<Value>, v: Value| -> bool {
        if set.contains(&v) {
            return true;
        }
        match &f.dfg.values[v].def {
            ValueDef::Const(Const::Global(name)) => global_has_shadow(module, env, name),
            // A null (or undefined) pointer, or vector of them, is its own shadow.
            ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison) => {
                f.dfg.value_type(v).is_ptr_or_vector()
            }
            // A vector of global addresses: the vector of their shadows.
            ValueDef::Const(c @ Const::Aggregate(_)) if f.dfg.value_type(v).is_ptr_or_vector() => {
                shadow_const(module, env, c).is_some()
            }
            _ => false,
        }
    };
    let insts = f.insts_in_order();
    loop {
        let mut changed = false;
        for &inst in &insts {
            let data = f.dfg.inst(inst);
            // Block arguments flow into parameters.
            for bc in data.successors() {
                for (arg, param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    if !set.contains(param) && has(&set, *arg) {
                        set.insert(*param);
                        changed = true;
                    }
                }
            }
            let Some(result) = f.dfg.result(inst) else { continue };
            if set.contains(&result) {
                continue;
            }
            let ty = f.dfg.value_type(result);
            let any = |vs: &[Value]| vs.iter().any(|v| has(&set, *v));
            let shadowed = match data {
                InstData::Binary { op, args } => match op {
                    _ if op.is_float() => any(args),
                    BinaryOp::Shl | BinaryOp::LShr | BinaryOp::Or => any(args),
                    // Address arithmetic on a pointer turned into an integer (`ptrtoint`, add an
                    // offset, `inttoptr`): the shadow address moves by the same offset.
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::And if ty == &catalase_ir::Type::I64 => any(args),
                    _ => false,
                },
                InstData::Unary { arg, .. } => has(&set, *arg),
                InstData::Cast { op, arg } => match op {
                    CastOp::FPExt | CastOp::FPTrunc | CastOp::Bitcast | CastOp::Trunc | CastOp::ZExt => has(&set, *arg),
                    CastOp::PtrToInt | CastOp::IntToPtr | CastOp::AddrSpaceCast => has(&set, *arg),
                    _ => false,
                },
                InstData::Select { args } => any(&args[1..]),
                InstData::ExtractElement { args } => has(&set, args[0]),
                InstData::InsertElement { args } => any(&args[..2]),
                InstData::Shuffle { args, .. } => any(args),
                InstData::ExtractValue { arg, .. } => has(&set, *arg),
                InstData::InsertValue { args, .. } => any(args),
                InstData::Alloca { .. } => true,
                InstData::Load { ptr, .. } => has(&set, *ptr),
                InstData::PtrAdd { args } => has(&set, args[0]),
                InstData::Call { callee, args, attrs, .. } | InstData::Invoke { callee, args, attrs, .. } => {
                    // Zero shadows of constant globals do not make an argument active.
                    let active_arg = args.iter().any(|a| set.contains(a));
                    call_result_shadowed(module, env, global_users, callee, attrs, ty, active_arg)
                }
                InstData::AtomicRmw { args, .. } => has(&set, args[0]) && ty.has_float(),
                _ => false,
            };
            // Integers carry shadow bits too (a double copied through an i64 load and store,
            // a pointer turned into an integer for address arithmetic).
            if shadowed && !ty.is_void() {
                set.insert(result);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mixed = mixed_pointers(f, &set, &has);
    Shadows { set, mixed }
}

/// Shadowed pointers that may stand for a pointer without a shadow (see [`Shadows`]).
fn mixed_pointers(f: &Function, set: &HashSet<Value>, has: &dyn Fn(&HashSet<Value>, Value) -> bool) -> HashSet<Value> {
    let mut mixed: HashSet<Value> = HashSet::new();
    let insts = f.insts_in_order();
    let is_ptr = |v: Value| f.dfg.value_type(v).is_ptr_or_vector();
    loop {
        let mut changed = false;
        let mut mark = |v: Value, mixed: &mut HashSet<Value>| {
            if set.contains(&v) && is_ptr(v) && mixed.insert(v) {
                changed = true;
            }
        };
        for &inst in &insts {
            let data = f.dfg.inst(inst);
            for bc in data.successors() {
                for (arg, param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                    if !has(set, *arg) || mixed.contains(arg) {
                        mark(*param, &mut mixed);
                    }
                }
            }
            let Some(r) = f.dfg.result(inst) else { continue };
            let merges = |vs: &[Value]| vs.iter().any(|a| !has(set, *a) || mixed.contains(a));
            let from_mixed = match data {
                InstData::Select { args } => merges(&args[1..]),
                // Vectors of pointers merge lanes like a select.
                InstData::InsertElement { args } => merges(&args[..2]),
                InstData::Shuffle { args, .. } => merges(args),
                InstData::PtrAdd { args } => mixed.contains(&args[0]),
                InstData::Cast { arg, .. } | InstData::ExtractValue { arg, .. } => mixed.contains(arg),
                InstData::ExtractElement { args } => mixed.contains(&args[0]),
                InstData::Load { ptr, .. } => mixed.contains(ptr),
                // A gather (masked load) of pointers through a mixed pointer, like a load.
                InstData::Call { callee: Callee::Direct(name), args, .. } if name.starts_with("llvm.masked.") => {
                    args.first().is_some_and(|p| mixed.contains(p))
                }
                _ => false,
            };
            if from_mixed {
                mark(r, &mut mixed);
            }
        }
        if !changed {
            break;
        }
    }
    mixed
}

fn call_result_shadowed(
    module: &Module,
    env: &Environment,
    global_users: &HashSet<String>,
    callee: &catalase_ir::inst::Callee,
    attrs: &catalase_ir::inst::AttrList,
    ret: &catalase_ir::Type,
    any_arg: bool,
) -> bool {
    match classify(module, env, callee, attrs) {
        CallKind::Inactive
        | CallKind::Free
        | CallKind::MemSet
        | CallKind::MemTransfer
        | CallKind::MaskedStore => false,
        CallKind::MaskedLoad | CallKind::ReduceFMul | CallKind::SplitFloat => any_arg,
        CallKind::Alloc(_) => true,
        CallKind::Defined(id) => any_arg || ret.has_ptr() || (ret.may_be_active() && global_users.contains(&module.function(id).name)),
        CallKind::Indirect => {
            (any_arg && !env.indirect_targets.is_empty())
                || (ret.may_be_active() && env.indirect_targets.iter().any(|n| global_users.contains(n)))
        }
        CallKind::Custom(_) | CallKind::Rule(_) | CallKind::ReduceFAdd | CallKind::ReduceSelect | CallKind::External => {
            any_arg
        }
    }
}
