//! Reverse mode (`__enzyme_autodiff`): for a function and an activity pattern, one function
//! that runs a forward sweep (the primal, pushing onto a LIFO tape the primal values the
//! adjoints will read) and then a reverse sweep (one reverse block per primal block, adjoints
//! of its instructions in reverse order, popping the tape), returning the gradients of the
//! `enzyme_out` arguments.
//!
//! Control flow is replayed without loop analysis: a block with several incoming edges pushes
//! the number of the edge it was entered by, and its reverse block pops it to branch back to the
//! reverse of that predecessor. So any CFG (loops of unknown trip count, early exits) works.
//!
//! Modules: `tape` plans which values are cached on the tape or recomputed and builds the
//! tape's push/pop helpers; `augmented` emits the forward sweep; `adjoint` the reverse sweep;
//! `memory` moves adjoints through shadow memory; `masked` through masked loads and stores, gathers and
//! scatters; `atomic` through `atomicrmw fadd/fsub/xchg`; `escape` keeps the shadows of heap blocks
//! stored into the caller's memory alive; `vector` handles element and shuffle operations;
//! `packed` the adjoints of complex rule calls (operands and outputs packed as (re, im)) and of
//! the struct fields they return; `split` the entry functions of split mode
//! (`__enzyme_augmentfwd`/`__enzyme_reverse`) around the two parts of a function.
//! Batched (`enzyme_width` N): the primal, the tape and the replayed control flow are shared;
//! shadows and adjoint slots are kept per lane (`lanes`), a shadow on the
//! tape is one item per lane (`tape::Item::Shadow(v, lane)`), and each adjoint other than a
//! call's is emitted once per lane (a call's parts take all lanes, `[N x T]`).
//!
//! Activity (`crate::activity`), the rule table (`rules::adjoint_contributions`), call
//! classification (`calls`) and what each instruction reads (`reads`) are shared with forward
//! mode.

mod adjoint;
mod atomic;
mod augmented;
mod calls;
mod chunk;
mod copy;
mod counters;
mod custom;
mod edges;
mod escape;
mod heap;
mod joins;
mod lanes;
mod masked;
mod memory;
mod overlap;
mod report;
mod restore;
mod rmw;
mod table;
mod packed;
mod partner;
mod hint;
mod presize;
mod pure;
mod record;
mod strong_zero;
pub mod split;
pub mod tape;
mod vector;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::{Function, Signature, Type, Value};

use crate::forward::lanes_type;
use crate::generator::Generator;
use crate::request::{ArgActivity, Mode, Request};

/// Emit the gradient function `name` for `req` (a `Mode::Reverse` request).
pub(crate) fn emit(gen: &mut Generator<'_>, req: &Request, name: &str) -> Result<Function, Diagnostic> {
    augmented::RevCtx::emit(gen, req, name)
}

/// Check a reverse request against the function's signature before anything is generated.
/// `bits_out`: the request is a differentiated call's, whose `i32`/`i64` arguments may carry a
/// float's bits (their gradient is returned as the same bits), and whose `i64` arguments may
/// carry a pointer's bits with the bits of its shadow (`RevCtx::address_source`).
pub(crate) fn validate(f: &Function, req: &Request, bits_out: bool) -> Result<(), Diagnostic> {
    let refuse = |kind, msg: String, help: &str| Err(Diagnostic::error(kind, msg).in_function(&f.name).with_help(help));
    for (i, (t, act)) in f.sig.params.iter().zip(&req.args).enumerate() {
        match act {
            ArgActivity::Out if t.has_ptr() => {
                return refuse(
                    DiagKind::CallingError,
                    format!("enzyme_out on argument {i} of `{}`, a pointer ({t})", f.name),
                    "pass a pointer with enzyme_dup and its shadow; gradients are accumulated into the shadow",
                )
            }
            ArgActivity::Out if bits_out && matches!(t, Type::Int(32 | 64)) => {}
            // A struct of floats and integers passed by value to a differentiated call.
            ArgActivity::Out if bits_out && is_adjoint_struct(t) => {}
            ArgActivity::Out if !t.has_float() => {
                return refuse(
                    DiagKind::CallingError,
                    format!("enzyme_out on argument {i} of `{}`, of type {t} which carries no derivative", f.name),
                    "mark integer arguments enzyme_const",
                )
            }
            ArgActivity::Out if !is_float_value(t) => {
                return refuse(
                    DiagKind::Unsupported,
                    format!("enzyme_out on argument {i} of `{}`, an aggregate ({t}): not supported by reverse mode yet", f.name),
                    "pass the fields as separate floating-point arguments",
                )
            }
            ArgActivity::Dup if bits_out && *t == Type::I64 => {}
            a @ (ArgActivity::Dup | ArgActivity::DupNoNeed) if !t.has_ptr() => {
                return refuse(
                    DiagKind::CallingError,
                    format!("{} on argument {i} of `{}`, a value of type {t}", a.marker(), f.name),
                    "in reverse mode, mark floating-point values enzyme_out: their gradient is returned",
                )
            }
            // A struct of floats and pointers by value: its gradient comes back beside its
            // shadow (`returns_gradient`), which only the parts of a call expect.
            a if !bits_out && a.has_shadow() && returns_gradient(t, *a) => {
                return refuse(
                    DiagKind::Unsupported,
                    format!("{} on argument {i} of `{}`, a struct of floating-point values and pointers passed by value ({t}): not supported by reverse mode yet", a.marker(), f.name),
                    "pass the floating-point fields and the pointers as separate arguments",
                )
            }
            _ => {}
        }
    }
    Ok(())
}

/// A struct or array that holds a pointer: two pointers returned by value (`{ptr, ptr}`, C++ at
/// -O0: an Eigen product's operands, a pair of iterators), a pointer and a length, a double and
/// a pointer (`{double, ptr}`: std::valarray's expression template). Its shadow has its type:
/// the shadows in the pointer fields, the primal's integers (or nothing meaningful, read from
/// shadow memory) in the others; float fields carry an adjoint of their own
/// (`is_adjoint_struct`), their lanes of the shadow mean nothing.
pub(crate) fn is_pointer_aggregate(ty: &Type) -> bool {
    matches!(ty, Type::Struct { .. } | Type::Array(..)) && ty.has_ptr()
}

/// A float scalar or a vector of floats: what an adjoint slot holds.
pub(crate) fn is_float_value(ty: &Type) -> bool {
    match ty {
        Type::Vector(_, e) => e.is_float(),
        t => t.is_float(),
    }
}

/// A type that holds an adjoint: a float, a vector of floats, or an aggregate that holds
/// floats (`is_adjoint_struct`).
pub(crate) fn carries_adjoint(ty: &Type) -> bool {
    is_float_value(ty) || is_adjoint_struct(ty)
}

/// A struct or array that holds a float scalar or vector at any depth: a struct of floats
/// (`{double, double}`, a complex result, three floats returned as `{<2 x float>, float}`),
/// an array of them, floats beside pointers and integers (`{double, ptr}`,
/// `std::optional<double>`'s `{double, i8}`, frexp's `{float, i32}`), floats nested deeper
/// (`{[2 x double], ptr}`, `{{double, i32}, ptr}`, `[2 x {double, ptr}]`). Its adjoint has its
/// type: one adjoint per float leaf (`adjoint_leaves`), zero in the other leaves
/// (`add_adjoints` adds the float leaves only).
pub(crate) fn is_adjoint_struct(ty: &Type) -> bool {
    matches!(ty, Type::Struct { .. } | Type::Array(..)) && ty.has_float()
}

/// A leaf of an aggregate that holds floats (`adjoint_leaves`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Leaf {
    /// The `extractvalue`/`insertvalue` indices that reach it.
    pub path: Vec<u32>,
    /// Its byte offset in the aggregate.
    pub offset: u64,
    pub ty: Type,
    /// A float scalar or vector (it carries an adjoint), or a part without floats (a pointer,
    /// an integer, a struct of them: it carries none).
    pub float: bool,
}

/// The leaves of `ty`, an aggregate that holds floats, in layout order: its float scalars and
/// vectors and its largest parts that hold no float. Empty for other types.
pub(crate) fn adjoint_leaves(ty: &Type) -> Vec<Leaf> {
    fn walk(ty: &Type, path: &mut Vec<u32>, offset: u64, out: &mut Vec<Leaf>) {
        let children: Vec<(Type, u64)> = match ty {
            Type::Struct { fields, .. } => fields.iter().cloned().zip(ty.struct_layout().1).collect(),
            Type::Array(n, e) => (0..*n).map(|k| ((**e).clone(), k * e.alloc_size())).collect(),
            _ => return,
        };
        for (k, (child, at)) in children.into_iter().enumerate() {
            path.push(k as u32);
            if is_float_value(&child) || !child.has_float() {
                out.push(Leaf { path: path.clone(), offset: offset + at, float: is_float_value(&child), ty: child });
            } else {
                walk(&child, path, offset + at, out);
            }
            path.pop();
        }
    }
    let mut out = Vec::new();
    if is_adjoint_struct(ty) {
        walk(ty, &mut Vec::new(), 0, &mut out);
    }
    out
}

/// The float leaves of an adjoint aggregate that also holds other leaves: loads and stores of
/// it move adjoints through shadow memory leaf by leaf, leaving the shadow pointers and
/// integers beside them alone. `None` for other types (floats only: they move whole).
pub(crate) fn mixed_float_fields(ty: &Type) -> Option<Vec<Leaf>> {
    let leaves = adjoint_leaves(ty);
    if leaves.iter().all(|l| l.float) {
        return None;
    }
    Some(leaves.into_iter().filter(|l| l.float).collect())
}

/// Whether the gradient of an argument of type `t` with activity `act` is returned: an
/// `enzyme_out` value, and a struct of floats and pointers passed by value to a differentiated
/// call (duplicated for its pointers, its floats' gradient returned as a struct of its type).
pub(crate) fn returns_gradient(t: &Type, act: ArgActivity) -> bool {
    act == ArgActivity::Out || (act.has_shadow() && !t.is_ptr_or_vector() && is_adjoint_struct(t))
}

/// `a + b` for adjoints of type `ty`: a float or vector, or an aggregate leaf by leaf (an
/// integer or pointer leaf, frexp's exponent, carries no adjoint: `x`'s is kept).
pub(crate) fn add_adjoints(b: &mut catalase_ir::Builder, ty: &Type, x: Value, y: Value) -> Value {
    if !is_adjoint_struct(ty) {
        return b.fadd(x, y);
    }
    adjoint_leaves(ty).into_iter().filter(|l| l.float).fold(x, |acc, l| {
        let (o, e) = (b.extract_value(x, l.path.clone()), b.extract_value(y, l.path.clone()));
        let sum = b.fadd(o, e);
        b.insert_value(acc, sum, l.path)
    })
}

/// The empty sum of adjoints of type `ty`: −0.0 in every `f32`/`f64` lane or leaf (zero for
/// other types and leaves). `x + (−0.0)` is `x` for every `x`, so LLVM folds the first addition
/// into a slot that starts at −0.0 (it cannot fold `x + 0.0`: `−0.0 + 0.0` is `+0.0`); the sign
/// of a zero adjoint means nothing, and `finish` adds `+0.0` to the gradients it returns.
pub(crate) fn adjoint_zero(b: &mut catalase_ir::Builder, ty: &Type) -> Value {
    let neg_zero_lanes = |t: &Type| matches!(t.scalar(), Type::F32 | Type::F64);
    if is_adjoint_struct(ty) {
        let leaves: Vec<Leaf> = adjoint_leaves(ty).into_iter().filter(|l| l.float && neg_zero_lanes(&l.ty)).collect();
        let mut acc = b.zero(ty.clone());
        for l in leaves {
            let z = b.fconst(&l.ty, -0.0);
            acc = b.insert_value(acc, z, l.path);
        }
        return acc;
    }
    match ty {
        t if neg_zero_lanes(t) => b.fconst(t, -0.0),
        t => b.zero(t.clone()),
    }
}

/// 1.0 in every float of `ty` (the seed of an active result); zero in an aggregate's other
/// leaves.
pub(crate) fn ones(b: &mut catalase_ir::Builder, ty: &Type) -> Value {
    if is_adjoint_struct(ty) {
        let mut acc = b.zero(ty.clone());
        for l in adjoint_leaves(ty).into_iter().filter(|l| l.float) {
            let one = b.fconst(&l.ty, 1.0);
            acc = b.insert_value(acc, one, l.path);
        }
        return acc;
    }
    b.fconst(ty, 1.0)
}

/// The results of a reverse request: (primal, active return). An augmented forward pass
/// returns the primal result; the reverse pass of a call receives the result's adjoint.
pub(crate) fn returns(req: &Request) -> (bool, bool) {
    match req.mode {
        Mode::Reverse { return_primal, active_return } => (return_primal, active_return),
        Mode::Augmented { return_primal, .. } => (return_primal, false),
        Mode::ReverseSplit { active_return, .. } => (false, active_return),
        other => unreachable!("reverse mode emits reverse requests only, not {other:?}"),
    }
}

/// Which part of reverse mode a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// `__enzyme_autodiff`: both sweeps in one function, with its own tape.
    Combined,
    /// The forward sweep of a called function: runs the primal, pushes onto the caller's tape
    /// (the first parameter), returns the primal result (and the shadow of a pointer result).
    Augmented,
    /// The reverse sweep of a called function: pops the caller's tape (the first parameter),
    /// takes the result's adjoint last, returns the gradients of its `Out` arguments.
    Reverse,
}

pub(crate) fn part(req: &Request) -> Part {
    match req.mode {
        Mode::Augmented { .. } => Part::Augmented,
        Mode::ReverseSplit { .. } => Part::Reverse,
        _ => Part::Combined,
    }
}

/// The fields of the returned struct: the primal result (when asked), then the gradient of
/// each `enzyme_out` argument (and struct by value, `returns_gradient`) in parameter order (`[N x T]`, one per lane, at width N).
pub fn return_fields(sig: &Signature, req: &Request) -> Vec<Type> {
    let mut fields = Vec::new();
    if returns(req).0 && !sig.ret.is_void() {
        fields.push(sig.ret.clone());
    }
    for (t, act) in sig.params.iter().zip(&req.args) {
        if returns_gradient(t, *act) {
            fields.push(lanes_type(t, req.width));
        }
    }
    fields
}

/// The gradient function's signature: each primal parameter, followed by its shadow for
/// `enzyme_dup`; it returns `{primal?, gradients...}` (void when empty). The parts of a call
/// take the tape first; the augmented part returns the primal result (`{primal, shadow}` for a
/// pointer with a shadow), the reverse part takes the result's adjoint last. At width N every
/// shadow, gradient and result adjoint is `[N x T]`, one per lane.
pub fn derivative_signature(sig: &Signature, req: &Request) -> Signature {
    let mut params = Vec::new();
    if part(req) != Part::Combined {
        params.push(Type::PTR);
    }
    for (t, act) in sig.params.iter().zip(&req.args) {
        params.push(t.clone());
        if act.has_shadow() {
            params.push(lanes_type(t, req.width));
        }
    }
    let ret = match req.mode {
        Mode::Augmented { return_primal, return_shadow } => match (&sig.ret, return_primal, return_shadow) {
            (Type::Void, ..) | (_, false, false) => Type::Void,
            (t, true, true) => Type::strukt(vec![t.clone(), lanes_type(t, req.width)]),
            (t, false, true) => lanes_type(t, req.width),
            (t, _, _) => t.clone(),
        },
        _ => {
            if returns(req).1 && part(req) == Part::Reverse {
                params.push(lanes_type(&sig.ret, req.width));
            }
            let fields = return_fields(sig, req);
            if fields.is_empty() { Type::Void } else { Type::strukt(fields) }
        }
    };
    Signature::new(params, ret)
}
