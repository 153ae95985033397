//! Forward mode: for a function and an activity pattern, a new function that computes the
//! primal and, next to each active instruction, its tangent — `width` tangent lanes at once.
//!
//! The [`Generator`](crate::generator::Generator) memoizes requests and calls [`emit`] for each
//! forward one; nested calls request their callees' derivatives through it.
//!
//! Which values carry shadows is the one activity analysis's answer (`crate::activity`), so
//! tangents that nothing uses are not computed. Modules: `func` clones a function with
//! shadows; `memory` and `emit_call` hold the memory and call cases; `packed` splits the
//! complex (re, im) operands and results of complex rule rows. Call classification
//! (`crate::calls`) and the rule-expression sink (`crate::sink`) are shared with other modes.

mod emit_call;
mod func;
mod partner;
pub(crate) mod memory;
pub(crate) mod packed;

use catalase_ir::diag::Diagnostic;
use catalase_ir::{Function, Signature, Type};

use crate::generator::Generator;
use crate::request::{Mode, Request};

/// Emit the forward derivative `name` for `req` (a forward request).
pub(crate) fn emit(gen: &mut Generator<'_>, req: &Request, name: &str) -> Result<Function, Diagnostic> {
    func::FnCtx::emit(gen, req, name)
}

/// The results a forward request returns: (primal, tangent).
fn returns(req: &Request) -> (bool, bool) {
    match req.mode {
        Mode::Forward { return_primal, return_tangent } => (return_primal, return_tangent),
        other => unreachable!("forward mode emits forward requests only, not {other:?}"),
    }
}

/// The signature of the forward derivative for `req` of a function with signature `sig`.
pub fn derivative_signature(sig: &Signature, req: &Request) -> Signature {
    let mut params = Vec::new();
    for (t, act) in sig.params.iter().zip(&req.args) {
        params.push(t.clone());
        if act.has_shadow() {
            params.push(lanes_type(t, req.width));
        }
    }
    Signature::new(params, return_type(&sig.ret, req))
}

/// `T` for width 1, `[N x T]` otherwise.
pub fn lanes_type(t: &Type, width: u32) -> Type {
    if width == 1 {
        t.clone()
    } else {
        Type::array(width as u64, t.clone())
    }
}

/// Whether the derivative returns a tangent for a result of type `ret`.
pub fn returns_tangent(ret: &Type, req: &Request) -> bool {
    returns(req).1 && ret.may_be_active()
}

/// The derivative's return type: void, the primal, the tangent(s), or `{primal, tangent(s)}`.
pub fn return_type(ret: &Type, req: &Request) -> Type {
    let primal = returns(req).0 && !ret.is_void();
    let tangent = returns_tangent(ret, req);
    match (primal, tangent) {
        (false, false) => Type::Void,
        (true, false) => ret.clone(),
        (false, true) => lanes_type(ret, req.width),
        (true, true) => Type::strukt(vec![ret.clone(), lanes_type(ret, req.width)]),
    }
}
