//! The declared type of the object a pointer was made from, found through the call chain that
//! hands the pointer down: a question the context-insensitive analysis cannot answer where one
//! function copies bytes for callers that keep different things there.
//!
//! libstdc++'s `std::function` copies a lambda's closure into its `_Any_data` buffer with an
//! 8-byte `memcpy` (an `i64` load and store once simplified) in `_M_create<F>`. The buffer is
//! reached through `_Any_data::_M_access()`, which every `std::function` of the module shares,
//! so the summaries join every closure ever stored there: a pointer (`[&f]`) and a double
//! (`[k]`) meet, and the copied `i64` is `Anything` in every instance of `_M_create`. Yet each
//! instance is called, through `_M_init_functor` and `std::function`'s constructor, with one
//! closure: an `alloca` of the lambda's declared type (`{ double }`, `{ ptr }`) in the function
//! that made the lambda. [`source_kind`] follows such a chain from the copy's source pointer back
//! to its `alloca` and reads the scalar the declared type has there.
//!
//! The answer is trusted only where nothing else is possible: each step has every caller
//! (a function whose address is taken may be called from anywhere: no answer), the callers all
//! give the same kind, and the function that owns the `alloca` loads and stores it only with
//! the declared scalar types at the offsets it accesses (a union declared as its first member
//! but written as another gives no answer).

use std::collections::{HashMap, HashSet};

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::opcodes::{CastOp, UnaryOp};
use catalase_ir::{Const, FuncId, Function, Inst, Module, Type, Value};

use super::Concrete;
use super::tree::Kind;

/// How many calls (down to a parameter, or into a function that returns one) a chain may
/// take. libstdc++'s `std::function` at -O0 takes six.
const MAX_STEPS: u32 = 16;

/// The direct call sites of every defined function of a module, and the functions whose
/// address is taken (used other than as a callee), which calls through pointers may reach.
#[derive(Clone, Debug, Default)]
pub struct Callers {
    sites: HashMap<String, Vec<(FuncId, Inst)>>,
    taken: HashSet<String>,
}

impl Callers {
    /// `taken`: functions the caller knows to be address-taken beyond the module's function
    /// bodies (referenced from global initializers such as vtables).
    pub fn new(module: &Module, taken: impl IntoIterator<Item = String>) -> Callers {
        let mut c = Callers { sites: HashMap::new(), taken: taken.into_iter().collect() };
        for (id, f) in module.functions().iter() {
            for b in f.layout.blocks() {
                for i in f.layout.block_insts(b) {
                    if let InstData::Call { callee: Callee::Direct(name), .. } | InstData::Invoke { callee: Callee::Direct(name), .. } = f.dfg.inst(i) {
                        c.sites.entry(name.clone()).or_default().push((id, i));
                    }
                }
            }
            // A function named as a value (stored, passed, compared) is address-taken.
            for v in f.dfg.values.keys() {
                if let ValueDef::Const(Const::Global(name)) = &f.dfg.values[v].def {
                    if module.find_function(name).is_some() {
                        c.taken.insert(name.clone());
                    }
                }
            }
        }
        c
    }
}

/// The kind of the `size`-byte scalar at byte `offset` of the object `ptr` (a value of
/// function `func`) was made from, by its declared type (see the module doc); `None` when the
/// chain or the declared type does not say.
pub fn source_kind(module: &Module, callers: &Callers, func: FuncId, ptr: Value, offset: i64, size: u64) -> Option<Concrete> {
    let k = trace(module, callers, func, ptr, offset, size, MAX_STEPS)?;
    (!k.is_unknown() && !k.is_conflict()).then(|| Concrete::of(k))
}

fn trace(module: &Module, callers: &Callers, func: FuncId, ptr: Value, offset: i64, size: u64, steps: u32) -> Option<Kind> {
    let f = module.function(func);
    let (mut v, mut off) = (ptr, offset);
    loop {
        match f.dfg.values[v].def {
            ValueDef::Param(b, k) if Some(b) == f.entry_block() => {
                if steps == 0 || callers.taken.contains(&f.name) {
                    return None;
                }
                let sites = callers.sites.get(&f.name)?;
                let mut found: Option<Kind> = None;
                for &(caller, call) in sites {
                    let arg = *call_args(module.function(caller), call)?.get(k as usize)?;
                    let kind = trace(module, callers, caller, arg, off, size, steps - 1)?;
                    if found.is_some_and(|f| f != kind) {
                        return None;
                    }
                    found = Some(kind);
                }
                return found;
            }
            ValueDef::Result(i) => match f.dfg.inst(i) {
                InstData::PtrAdd { args: [base, c] } => {
                    off = off.checked_add(i64::try_from(f.dfg.const_int(*c)?).ok()?)?;
                    v = *base;
                }
                InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg } | InstData::Unary { op: UnaryOp::Freeze, arg } => v = *arg,
                InstData::Alloca { ty, count, .. } if f.dfg.const_int(*count) == Some(1) => {
                    let kind = declared_scalar(ty, off, size)?;
                    return accesses_agree(f, v, ty).then_some(kind);
                }
                // `std::move(x)`, `std::forward<F>(f)`: a function that returns a parameter.
                data @ (InstData::Call { callee: Callee::Direct(name), .. } | InstData::Invoke { callee: Callee::Direct(name), .. }) => {
                    if steps == 0 {
                        return None;
                    }
                    let j = returned_param(module.function(module.find_function(name)?))?;
                    let arg = *call_args_of(data).get(j)?;
                    return trace(module, callers, func, arg, off, size, steps - 1);
                }
                _ => return None,
            },
            _ => return None,
        }
    }
}

fn call_args(f: &Function, call: Inst) -> Option<&[Value]> {
    match f.dfg.inst(call) {
        data @ (InstData::Call { .. } | InstData::Invoke { .. }) => Some(call_args_of(data)),
        _ => None,
    }
}

fn call_args_of(data: &InstData) -> &[Value] {
    match data {
        InstData::Call { args, .. } | InstData::Invoke { args, .. } => args,
        _ => &[],
    }
}

/// The parameter a defined function returns at every `ret` (unchanged), if one.
fn returned_param(f: &Function) -> Option<usize> {
    let mut found = None;
    for b in f.layout.blocks() {
        for i in f.layout.block_insts(b) {
            if let InstData::Ret { arg } = f.dfg.inst(i) {
                let k = f.params().iter().position(|p| Some(*p) == *arg)?;
                if found.is_some_and(|j| j != k) {
                    return None;
                }
                found = Some(k);
            }
        }
    }
    found
}

/// The kind of the scalar of `ty` that starts at byte `off` and is `size` bytes long.
fn declared_scalar(ty: &Type, off: i64, size: u64) -> Option<Kind> {
    let off = u64::try_from(off).ok()?;
    // Padding of the declared type (the bytes after `int id` in `struct { double k, p; int id; }`
    // that a whole-struct copy moves): no scalar lives there, so the bytes hold no derivative
    // and copy as integers do.
    if size > 0 && off.checked_add(size).is_some_and(|end| end <= ty.alloc_size()) && !overlaps_scalar(ty, off, off + size) {
        return Some(Kind::INT);
    }
    let leaf = scalar_at(ty, off)?;
    if leaf.store_size() != size {
        return None;
    }
    Some(scalar_kind(leaf)).filter(|k| !k.is_unknown())
}

/// Whether some scalar (or a part the layout does not describe: a vector) of `ty` overlaps the
/// bytes `[off, end)` of it.
fn overlaps_scalar(ty: &Type, off: u64, end: u64) -> bool {
    match ty {
        Type::Struct { fields, .. } => {
            let (_, offsets) = ty.struct_layout();
            fields.iter().zip(offsets.iter()).any(|(f, &o)| {
                let f_end = o + f.alloc_size();
                o < end && off < f_end && overlaps_scalar(f, off.saturating_sub(o), end.min(f_end) - o)
            })
        }
        Type::Array(n, e) => {
            let size = e.alloc_size();
            if size == 0 {
                return false;
            }
            let first = off / size;
            let last = ((end - 1) / size).min(n.saturating_sub(1));
            (first..=last).any(|k| {
                let base = k * size;
                overlaps_scalar(e, off.saturating_sub(base), end.min(base + size) - base)
            })
        }
        Type::Void => false,
        Type::Vector(..) => true,
        t => off < t.store_size() && end > 0,
    }
}

/// The scalar of `ty` that starts at byte `off`.
fn scalar_at(ty: &Type, off: u64) -> Option<&Type> {
    match ty {
        Type::Struct { fields, .. } => {
            let (_, offsets) = ty.struct_layout();
            let k = offsets.iter().rposition(|o| *o <= off)?;
            scalar_at(&fields[k], off - offsets[k])
        }
        Type::Array(n, e) => {
            let size = e.alloc_size();
            let k = off.checked_div(size)?;
            if k >= *n {
                return None;
            }
            scalar_at(e, off - k * size)
        }
        Type::Vector(..) | Type::Void => None,
        t => (off == 0).then_some(t),
    }
}

/// A declared scalar's kind: what the analysis reads from declarations, and integers as
/// integers (the object is known to be declared so).
fn scalar_kind(t: &Type) -> Kind {
    match t {
        Type::Int(_) => Kind::INT,
        t => Kind::of_declared(t),
    }
}

/// Whether `f` loads and stores the object `slot` (of type `ty`) directly only with the
/// scalar types `ty` declares at the offsets it accesses, and hands no address into it to a
/// call through a pointer: code the analysis does not see may keep anything there (a
/// `std::function`'s manager clones a closure into its `_Any_data`, declared as the union's
/// `{i64, i64}` member, which its invoker reads as a double).
fn accesses_agree(f: &Function, slot: Value, ty: &Type) -> bool {
    if handed_to_indirect_call(f, slot) {
        return false;
    }
    // The addresses made from the slot at constant offsets, in definition order.
    let mut at: HashMap<Value, i64> = HashMap::from([(slot, 0)]);
    for i in f.insts_in_order() {
        let data = f.dfg.inst(i);
        let address = |p: &Value| at.get(p).copied();
        let checked = match data {
            InstData::PtrAdd { args: [base, c] } => {
                if let (Some(o), Some(c)) = (address(base), f.dfg.const_int(*c)) {
                    if let (Some(r), Ok(c)) = (f.dfg.result(i), i64::try_from(c)) {
                        at.insert(r, o + c);
                    }
                }
                continue;
            }
            InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg } => {
                if let (Some(o), Some(r)) = (address(arg), f.dfg.result(i)) {
                    at.insert(r, o);
                }
                continue;
            }
            InstData::Load { ptr, .. } => address(ptr).map(|o| (o, f.dfg.value_type(f.dfg.result(i).expect("a loaded value")).clone())),
            InstData::Store { args: [val, ptr], .. } => address(ptr).map(|o| (o, f.dfg.value_type(*val).clone())),
            _ => None,
        };
        let Some((o, accessed)) = checked else { continue };
        let Ok(o) = u64::try_from(o) else { return false };
        // Floats and pointers must be what the declaration has there; an integer access says
        // nothing of its own (an 8-byte copy), but may not cover a declared float or pointer
        // with another size.
        let declared = scalar_at(ty, o);
        let fine = match (&accessed, declared) {
            (Type::Int(_), Some(d)) => d.store_size() == accessed.store_size() || matches!(d, Type::Int(_)),
            (a, Some(d)) if a.is_float() || a.is_ptr() => scalar_kind(a) == scalar_kind(d),
            (Type::Int(_), None) => false,
            _ => false,
        };
        if !fine {
            return false;
        }
    }
    true
}

/// Whether an address made from `slot` (through offsets, casts, `select`s and block
/// parameters) is an argument of a call through a pointer in `f`.
fn handed_to_indirect_call(f: &Function, slot: Value) -> bool {
    // The values each block parameter receives.
    let mut incoming: HashMap<Value, Vec<Value>> = HashMap::new();
    for i in f.insts_in_order() {
        for bc in f.dfg.inst(i).successors() {
            for (&arg, &param) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                incoming.entry(param).or_default().push(arg);
            }
        }
    }
    let from_slot = |v: Value| {
        let (mut seen, mut stack) = (HashSet::new(), vec![v]);
        while let Some(v) = stack.pop() {
            if v == slot {
                return true;
            }
            if !seen.insert(v) {
                continue;
            }
            match &f.dfg.values[v].def {
                ValueDef::Result(i) => match f.dfg.inst(*i) {
                    InstData::PtrAdd { args: [base, _] } => stack.push(*base),
                    InstData::Cast { arg, .. } | InstData::Unary { arg, .. } => stack.push(*arg),
                    InstData::Select { args: [_, a, b] } => stack.extend([*a, *b]),
                    _ => {}
                },
                ValueDef::Param(..) => stack.extend(incoming.get(&v).into_iter().flatten().copied()),
                _ => {}
            }
        }
        false
    };
    f.insts_in_order().into_iter().any(|i| match f.dfg.inst(i) {
        InstData::Call { callee: Callee::Indirect(_), args, .. } | InstData::Invoke { callee: Callee::Indirect(_), args, .. } => {
            args.iter().any(|&a| f.dfg.value_type(a).is_ptr_or_vector() && from_slot(a))
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::FloatKind;
    use catalase_ir::parser::parse_module;

    /// `@copy` moves 8 bytes for `@pass`, which gets its source through `@id` (`std::move`).
    const CHAIN: &str = "\
func @copy(ptr, ptr) {
block0(v0: ptr, v1: ptr):
    v2: i64 = load v1 align 8
    store v2, v0 align 8
    ret
}
func @id(ptr) -> ptr {
block0(v0: ptr):
    ret v0
}
func @pass(ptr, ptr) {
block0(v0: ptr, v1: ptr):
    v2: ptr = call @id(v1) : fn(ptr) -> ptr
    call @copy(v0, v2) : fn(ptr, ptr) -> void
    ret
}
";

    fn copy_source(callers_text: &str) -> Option<Concrete> {
        let m = parse_module(&format!("{CHAIN}{callers_text}")).expect("parses");
        let id = m.find_function("copy").expect("defined");
        let callers = Callers::new(&m, []);
        source_kind(&m, &callers, id, m.function(id).params()[1], 0, 8)
    }

    /// A function that stores its `value` argument into a stack slot of type `slot` and hands
    /// the slot to `@pass`.
    fn user(name: &str, slot: &str, value: &str) -> String {
        format!(
            "func @{name}({value}, ptr) {{\n    v9 = const i32 1\nblock0(v0: {value}, v1: ptr):\n    v2: ptr = alloca {slot}, v9, align 8\n    store v0, v2 align 8\n    call @pass(v1, v2) : fn(ptr, ptr) -> void\n    ret\n}}\n"
        )
    }

    #[test]
    fn follows_calls_to_the_declared_object() {
        assert_eq!(copy_source(&user("a", "{f64}", "f64")), Some(Concrete::Float(FloatKind::F64)));
        assert_eq!(copy_source(&user("a", "{ptr}", "ptr")), Some(Concrete::Pointer));
        // Two callers with the same closure type agree.
        let two = user("a", "{f64}", "f64") + &user("b", "{f64, i32}", "f64");
        assert_eq!(copy_source(&two), Some(Concrete::Float(FloatKind::F64)));
    }

    #[test]
    fn refuses_to_answer_when_callers_disagree_or_the_declaration_lies() {
        let two = user("a", "{f64}", "f64") + &user("b", "{ptr}", "ptr");
        assert_eq!(copy_source(&two), None);
        // A union declared as its pointer member but written as a double.
        assert_eq!(copy_source(&user("a", "{ptr}", "f64")), None);
        // No caller: the chain ends at a parameter.
        assert_eq!(copy_source(""), None);
        // An address-taken function may be called from anywhere.
        let taken = user("a", "{f64}", "f64")
            + "func @t(ptr) {\n    v9 = const ptr @pass\nblock0(v0: ptr):\n    store v9, v0 align 8\n    ret\n}\n";
        assert_eq!(copy_source(&taken), None);
        // The slot also handed to a call through a pointer (a std::function's manager), which
        // may keep anything there.
        let handed = "func @a(f64, ptr, ptr) {\n    v9 = const i32 1\n    v8 = const i64 0\nblock0(v0: f64, v1: ptr, v3: ptr):\n    v2: ptr = alloca {i64, i64}, v9, align 8\n    store v8, v2 align 8\n    v4: ptr = ptradd v2, v8\n    call v3(v4) : fn(ptr) -> void\n    call @pass(v1, v2) : fn(ptr, ptr) -> void\n    ret\n}\n";
        assert_eq!(copy_source(handed), None);
        let direct = handed.replace("call v3(v4)", "call @id(v4)").replace(": fn(ptr) -> void\n    call @pass", ": fn(ptr) -> ptr\n    call @pass");
        assert_eq!(copy_source(&direct), Some(Concrete::Integer));
    }
}
