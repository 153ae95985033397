//! Adjoints that a `select` makes exactly zero, kept zero through infinite partials.
//!
//! At -O1 and above LLVM turns a guard into a `select` and computes both arms:
//! `len <= eps ? 1 : v / len` evaluates `v / len` even at `len = 0`. The primal takes the
//! constant; the reverse sweep gives the untaken arm an adjoint of exactly zero, which then meets
//! the arm's partials, infinite there (`1/len`, and the `inv = 1/len` that a product reads):
//! `0 · ∞` is NaN, and the gradient of a function that is constant near the point comes out NaN
//! (real Enzyme gives NaN there too unless `enzyme-strong-zero` is set, which tests every product).
//!
//! Here only the adjoints that can meet such a partial are tested: those of instructions in the
//! backward slice of a select's arms (or of `fmin`/`fmax`'s operands, which select too) whose
//! partial may be infinite for finite operands, because the row divides or takes a logarithm or
//! a power ([`rules::Rule::may_be_singular`]), or because it reads an operand computed from such
//! a row (a product by `1/len`). Their terms become `ȳ == 0 ? 0 : ∂·ȳ`
//! (`rules::adjoint_contributions_lanes`); a NaN or infinite adjoint still passes on unchanged.
//!
//! With `enzyme_strong_zero` (`Request::strong_zero`) every instruction is tested ([`every`]),
//! as Enzyme tests every product: inputs may themselves be infinite, and a zero adjoint then
//! contributes exactly zero everywhere.

use std::collections::{HashMap, HashSet};

use catalase_ir::inst::InstData;
use catalase_ir::opcodes::BinaryOp;
use catalase_ir::function::ValueDef;
use catalase_ir::{Block, Function, Inst, Value};

use crate::calls::{classify, CallKind};
use crate::env::Environment;

/// Math functions whose partials select one operand (the other gets a zero adjoint).
const SELECTING: &[&str] = &["fmin", "fmax", "minnum", "maxnum", "minimum", "maximum", "minimumnum", "maximumnum"];

/// Every instruction of `src` (`enzyme_strong_zero`): its adjoint terms are all tested.
pub(super) fn every(src: &Function) -> HashSet<Inst> {
    src.layout.blocks().flat_map(|b| src.layout.block_insts(b)).collect()
}

/// The instructions of `src` whose adjoint terms are tested for a zero adjoint.
pub(super) fn guarded(module: &catalase_ir::Module, env: &Environment, src: &Function) -> HashSet<Inst> {
    let insts: Vec<Inst> = src.layout.blocks().flat_map(|b| src.layout.block_insts(b)).collect();
    let singular = |i: Inst| -> bool {
        match src.dfg.inst(i) {
            InstData::Binary { op, .. } => matches!(op, BinaryOp::FDiv | BinaryOp::FRem),
            InstData::Call { callee, attrs, .. } => {
                matches!(classify(module, env, callee, attrs), CallKind::Rule(rule) if rule.may_be_singular())
            }
            _ => false,
        }
    };
    // Block parameters take the arguments of the edges into their block.
    let mut incoming: HashMap<(Block, u32), Vec<Value>> = HashMap::new();
    for &i in &insts {
        for bc in src.dfg.inst(i).successors() {
            for (k, a) in bc.args.iter().enumerate() {
                incoming.entry((bc.block, k as u32)).or_default().push(*a);
            }
        }
    }
    // Values that may be infinite or NaN where the function's inputs are finite: results of
    // singular rows, and everything computed from them (to a fixed point, through loops).
    let mut nonfinite: HashSet<Value> = HashSet::new();
    loop {
        let before = nonfinite.len();
        for &i in &insts {
            let Some(r) = src.dfg.result(i) else { continue };
            if !nonfinite.contains(&r) && (singular(i) || src.dfg.inst(i).operands().iter().any(|v| nonfinite.contains(v))) {
                nonfinite.insert(r);
            }
        }
        for (&(b, k), args) in &incoming {
            let p = src.dfg.block_params(b)[k as usize];
            if args.iter().any(|a| nonfinite.contains(a)) {
                nonfinite.insert(p);
            }
        }
        if nonfinite.len() == before {
            break;
        }
    }
    if nonfinite.is_empty() {
        return HashSet::new();
    }
    // The backward slice of the selected-between values.
    let mut work: Vec<Value> = Vec::new();
    for &i in &insts {
        match src.dfg.inst(i) {
            InstData::Select { args } => work.extend([args[1], args[2]]),
            InstData::Call { callee, args, .. } => {
                let selecting = match callee {
                    catalase_ir::inst::Callee::Direct(name) => {
                        catalase_analysis::known::math_stem(name).is_some_and(|s| SELECTING.contains(&s))
                    }
                    _ => false,
                };
                if selecting {
                    work.extend(args.iter().copied());
                }
            }
            _ => {}
        }
    }
    let mut seen: HashSet<Value> = HashSet::new();
    let mut out = HashSet::new();
    while let Some(v) = work.pop() {
        if !nonfinite.contains(&v) || !seen.insert(v) {
            continue;
        }
        match src.dfg.value_def(v) {
            ValueDef::Result(i) => {
                let i = *i;
                let operands = src.dfg.inst(i).operands();
                if singular(i) || operands.iter().any(|o| nonfinite.contains(o)) {
                    out.insert(i);
                }
                work.extend(operands);
            }
            ValueDef::Param(b, k) => work.extend(incoming.get(&(*b, *k)).into_iter().flatten().copied()),
            ValueDef::Const(_) => {}
        }
    }
    out
}
