//! How many bytes behind each reference parameter a function treats as the object it was
//! handed: the window through which a call site's facts about that memory reach the callee's
//! summary (see `transfer::Flow::defined_call`).
//!
//! A parameter's own `dereferenceable(n)` is a lower bound only. C++ passes an object to a
//! member function of an empty base class (Eigen's CRTP bases `DenseBase<Derived>`,
//! `MatrixBase<Derived>`) as `dereferenceable(1)`, and that function hands the same pointer on
//! as the whole derived object: `derived()` returns it `dereferenceable(56)`, a constructor
//! takes it `dereferenceable(56)` and copies 56 bytes. So the extent of a parameter is the
//! largest of its `dereferenceable(n)`, the `dereferenceable(m)` of every call argument that is
//! the parameter plus a constant `c` (`c + m`, and `c +` the extent of that callee's parameter),
//! of the function's return where it returns the parameter plus `c`, and the bytes the function
//! loads and stores at the parameter plus `c` itself. An empty functor's
//! `this`, which points into whatever object holds it, is never handed on as more than its own
//! byte and keeps its window of 1: what one holder knows stays out of the summary the other
//! holders share.

use std::collections::HashMap;

use catalase_ir::inst::{Attr, AttrValue, Callee, InstData};
use catalase_ir::opcodes::{CastOp, UnaryOp};
use catalase_ir::{FuncId, Function, Module, Value};

use super::tree::MAX_OFFSET;

/// Beyond the tracked offsets: no window.
const WHOLE: i64 = i64::MAX;

/// What `dereferenceable(n)` among `attrs` claims: `n`, [`WHOLE`] past the offset limit,
/// `None` without the attribute.
fn claim(attrs: &[Attr]) -> Option<i64> {
    attrs.iter().find(|a| a.name == "dereferenceable").and_then(|a| match a.value {
        AttrValue::Int(n) if n > 0 => Some(if n <= MAX_OFFSET as u64 { n as i64 } else { WHOLE }),
        _ => None,
    })
}

fn widest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// `c + n`, [`WHOLE`] once past the offset limit.
fn beyond(c: i64, n: i64) -> i64 {
    if n == WHOLE || c + n > MAX_OFFSET {
        WHOLE
    } else {
        c + n
    }
}

/// The parameter `v` is and the constant offset from it, through `ptradd`s of non-negative
/// constants, bitcasts and `freeze`.
fn param_offset(func: &Function, params: &[Value], v: Value) -> Option<(usize, i64)> {
    let dfg = &func.dfg;
    let (mut v, mut off) = (v, 0i64);
    for _ in 0..16 {
        if let Some(i) = params.iter().position(|&p| p == v) {
            return Some((i, off));
        }
        match dfg.inst(dfg.def_inst(v)?) {
            InstData::PtrAdd { args: [base, c] } => {
                off = off.checked_add(i64::try_from(dfg.const_int(*c)?).ok()?).filter(|o| (0..=MAX_OFFSET).contains(o))?;
                v = *base;
            }
            InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg } | InstData::Unary { op: UnaryOp::Freeze, arg } => v = *arg,
            _ => return None,
        }
    }
    None
}

/// The extents of the parameters of defined functions: for each, the widest claim that its uses
/// make (see the module doc); its own `dereferenceable` is added at the call site ([`window`]).
#[derive(Clone, Debug, Default)]
pub struct Extents(HashMap<FuncId, Vec<Option<i64>>>);

impl Extents {
    /// The extents of every parameter of `funcs`, solved to a fixpoint over the calls among them.
    pub fn solve(module: &Module, funcs: &[FuncId]) -> Extents {
        let mut ext = Extents(funcs.iter().map(|&id| (id, vec![None; module.function(id).params().len()])).collect());
        // Each round raises some extent, and extents are bounded by the offset limit.
        loop {
            let mut changed = false;
            for &id in funcs {
                let mine = ext.uses(module, id);
                if mine != ext.0[&id] {
                    ext.0.insert(id, mine);
                    changed = true;
                }
            }
            if !changed {
                return ext;
            }
        }
    }

    /// What the uses of `f`'s parameters claim, given the extents known so far.
    fn uses(&self, module: &Module, id: FuncId) -> Vec<Option<i64>> {
        let f = module.function(id);
        let params = f.params();
        let mut mine = self.0[&id].clone();
        let mut widen = |v: Value, n: Option<i64>| {
            if let (Some((p, c)), Some(n)) = (param_offset(f, params, v), n) {
                mine[p] = widest(mine[p], Some(beyond(c, n)));
            }
        };
        for i in f.insts_in_order() {
            match f.dfg.inst(i) {
                InstData::Call { callee: Callee::Direct(name), args, attrs, .. }
                | InstData::Invoke { callee: Callee::Direct(name), args, attrs, .. } => {
                    let g = module.find_function(name);
                    for (k, &a) in args.iter().enumerate() {
                        widen(a, self.window(module, g, attrs.param(k), k));
                    }
                }
                InstData::Ret { arg: Some(v) } => widen(*v, claim(&f.attrs.ret)),
                InstData::Load { ptr, .. } => {
                    let size = f.dfg.value_type(f.dfg.result(i).expect("a load has a result")).store_size() as i64;
                    widen(*ptr, Some(size.max(1)));
                }
                InstData::Store { args: [val, ptr], .. } => widen(*ptr, Some((f.dfg.value_type(*val).store_size() as i64).max(1))),
                _ => {}
            }
        }
        mine
    }

    /// The window of argument `k` of a call to `callee` with the argument attributes `attrs`:
    /// none (`None`) unless the call site or the callee claims `dereferenceable` bytes; then
    /// the widest of those claims and the extent of the callee's parameter.
    pub fn window(&self, module: &Module, callee: Option<FuncId>, attrs: &[Attr], k: usize) -> Option<i64> {
        let declared = callee.and_then(|g| claim(module.function(g).attrs.param(k)));
        let used = callee.and_then(|g| self.0.get(&g)).and_then(|e| e.get(k).copied().flatten());
        widest(claim(attrs), declared).map(|n| widest(Some(n), used).unwrap_or(n))
    }
}
