//! Activity analysis (DESIGN.md §4): which values and instructions carry derivatives. A value is
//! *active* when it may depend on an active input (**varied**, a forward problem) *and* may flow
//! to an active output (**useful**, a backward problem). Both are solved by the shared engine in
//! [`crate::dataflow`] over the instructions of the reachable blocks.
//!
//! **Lattice.** Per value and per memory root (see [`roots`]): booleans, `false < true`
//! ("may be varied", "may be useful"); joins only raise facts. Pointers are judged by their
//! memory: a pointer is varied when any root it may point into may hold varied data, useful when
//! any such root may be read on the way to an output.
//!
//! **Forward (varied).** Seeds: active arguments; the memory of active pointer arguments.
//! Arithmetic, float casts, `select`, vector and aggregate moves and block parameters are varied
//! if a data operand is; a load if its pointer is; a store of varied data makes its pointer's
//! roots varied; a call that is not inactive is varied if any argument is, and (unless the
//! callee is `readnone`/`readonly`) makes the roots of its pointer arguments varied.
//!
//! **Backward (useful).** Seeds: the returned value when the return is active; the memory of
//! active pointer arguments, of mutable globals and of unknown pointers. A store into useful
//! memory makes the stored value useful; a useful load makes its pointer's roots useful; a
//! call that is not inactive makes all its arguments useful when its result is useful or it may
//! write useful memory through a pointer argument; data operands of useful results are useful.
//!
//! **Always inactive.** Constants; comparisons (their operands are not made useful by them);
//! integers computed by arithmetic or conversions (integers count only where moved as data:
//! loads, stores, bitcasts, `ptrtoint`/`inttoptr`, selects, block parameters, aggregate moves);
//! offsets and other values used only to form addresses; constant and inactive globals and
//! function addresses; calls the [`CallOracle`] names, calls marked `enzyme_inactive`, and inert
//! intrinsics (`llvm.lifetime.*`, `llvm.dbg.*`, `llvm.assume`, ...). Unreachable code.
//!
//! **Precision limits.** No points-to sets: all pointers loaded from memory share one `Unknown`
//! root. Calls are summarised conservatively (no interprocedural analysis: a defined callee is
//! treated like an external one), and writes to globals inside callees are not modelled. The
//! analysis is flow-insensitive: a store of active data anywhere makes its memory varied for
//! every load of it, before or after.

pub mod flow;
pub mod roots;

use std::collections::HashSet;

use catalase_ir::entities::SecondaryMap;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::{Function, Inst, Module, Value};

use crate::dataflow;
use crate::AnalysisError;
use flow::{Context, State, Useful, Varied};

/// Decides which external calls are inactive by name: rule-table inactive functions, `printf`,
/// functions the user marked inactive.
pub trait CallOracle {
    fn is_inactive_call(&self, callee_name: &str) -> bool;
}

/// An oracle that knows no inactive functions.
pub struct NoInactiveCalls;

impl CallOracle for NoInactiveCalls {
    fn is_inactive_call(&self, _: &str) -> bool {
        false
    }
}

impl CallOracle for HashSet<String> {
    fn is_inactive_call(&self, callee_name: &str) -> bool {
        self.contains(callee_name)
    }
}

impl<F: Fn(&str) -> bool> CallOracle for F {
    fn is_inactive_call(&self, callee_name: &str) -> bool {
        self(callee_name)
    }
}

/// Intrinsics that never carry derivatives.
const INERT_INTRINSICS: &[&str] = &[
    "llvm.lifetime.",
    "llvm.dbg.",
    "llvm.assume",
    "llvm.invariant.",
    "llvm.experimental.noalias.scope.decl",
    "llvm.stacksave",
    "llvm.stackrestore",
    "llvm.prefetch",
    "llvm.trap",
    "llvm.memset.",
];

/// The activity of every value and instruction of one function.
#[derive(Clone, Debug)]
pub struct Activity {
    value: SecondaryMap<Value, bool>,
    inst: SecondaryMap<Inst, bool>,
    varied: SecondaryMap<Value, bool>,
    useful: SecondaryMap<Value, bool>,
}

impl Activity {
    /// Whether `v` may carry a derivative (needs a tangent or a shadow).
    pub fn is_active_value(&self, v: Value) -> bool {
        self.value[v]
    }
    /// Whether the instruction needs derivative code: its result is active, or (stores, void
    /// calls) it writes active data into memory that reaches an output; an active `ret`.
    pub fn is_active_inst(&self, i: Inst) -> bool {
        self.inst[i]
    }
    /// The forward half: `v` may depend on an active input.
    pub fn is_varied(&self, v: Value) -> bool {
        self.varied[v]
    }
    /// The backward half: `v` may flow to an active output.
    pub fn is_useful(&self, v: Value) -> bool {
        self.useful[v]
    }
}

/// Activity of `func` (whose callees live in `module`) given which arguments are active (one
/// flag per parameter) and whether the return value is active.
pub fn analyse(
    func: &Function,
    module: &Module,
    active_args: &[bool],
    ret_active: bool,
    oracle: &dyn CallOracle,
) -> Result<Activity, AnalysisError> {
    let cfg = crate::cfg::analyse(func)?;
    if active_args.len() != func.params().len() {
        return Err(AnalysisError::BadRequest {
            function: func.name.clone(),
            message: format!("{} argument activities for {} parameters", active_args.len(), func.params().len()),
        });
    }
    let order: Vec<Inst> = cfg.rpo().iter().flat_map(|&b| func.layout.block_insts(b).iter().copied()).collect();
    let roots = roots::analyse(func, module, &order)?;
    let (inactive_call, no_write_call) = classify_calls(func, module, oracle, &order);
    let cx = Context { func, roots: &roots, inactive_call, no_write_call, ret_active };
    let mut st = seed(&cx, active_args);
    let max = 4 + 2 * (func.dfg.values.len() + roots.len());
    dataflow::solve(&Varied(&cx), func, &order, &mut st, max)?;
    dataflow::solve(&Useful(&cx), func, &order, &mut st, max)?;
    Ok(conclude(&cx, &st, &order, &cfg))
}

fn seed(cx: &Context, active_args: &[bool]) -> State {
    let n = cx.roots.len();
    let mut st = State { mem_varied: vec![false; n], mem_useful: vec![false; n], ..State::default() };
    for (i, (&p, &active)) in cx.func.params().iter().zip(active_args).enumerate() {
        if !active {
            continue;
        }
        st.varied.raise_if(p, true);
        for r in cx.roots.of(p).iter() {
            if cx.roots.kinds[r as usize] == roots::Root::Arg(i as u32) {
                st.mem_varied[r as usize] = true;
                st.mem_useful[r as usize] = true;
            }
        }
    }
    for (r, kind) in cx.roots.kinds.iter().enumerate() {
        if matches!(kind, roots::Root::Unknown | roots::Root::Global(_)) {
            st.mem_useful[r] = true;
        }
    }
    st
}

/// Which calls are inactive, and which cannot write memory.
fn classify_calls(
    func: &Function,
    module: &Module,
    oracle: &dyn CallOracle,
    order: &[Inst],
) -> (SecondaryMap<Inst, bool>, SecondaryMap<Inst, bool>) {
    let mut inactive = SecondaryMap::default();
    let mut no_write = SecondaryMap::default();
    for &i in order {
        let (InstData::Call { callee, attrs, .. } | InstData::Invoke { callee, attrs, .. }) = func.dfg.inst(i) else {
            continue;
        };
        let callee_attrs = match callee {
            Callee::Direct(name) => module.find_function(name).map(|id| &module.function(id).attrs),
            Callee::Indirect(_) => None,
        };
        let has = |a: &str| attrs.func_has(a) || callee_attrs.is_some_and(|c| c.func_has(a));
        let by_name = match callee {
            Callee::Direct(name) => {
                oracle.is_inactive_call(name) || INERT_INTRINSICS.iter().any(|p| name.starts_with(p))
            }
            Callee::Indirect(_) => false,
        };
        inactive[i] = by_name || has("enzyme_inactive");
        no_write[i] = has("readnone") || has("readonly");
    }
    (inactive, no_write)
}

fn conclude(cx: &Context, st: &State, order: &[Inst], cfg: &crate::cfg::Cfg) -> Activity {
    let mut act = Activity {
        value: SecondaryMap::default(),
        inst: SecondaryMap::default(),
        varied: SecondaryMap::default(),
        useful: SecondaryMap::default(),
    };
    let dfg = &cx.func.dfg;
    let mut judge = |v: Value| {
        let (varied, useful) = (cx.carries(st, v), cx.reaches_output(st, v));
        act.varied[v] = varied;
        act.useful[v] = useful;
        act.value[v] = varied && useful;
    };
    for &b in cfg.rpo() {
        dfg.block_params(b).iter().for_each(|&p| judge(p));
    }
    for &i in order {
        if let Some(r) = dfg.result(i) {
            judge(r);
        }
    }
    for &i in order {
        if let Some(r) = dfg.result(i) {
            act.inst[i] = act.value[r];
            continue;
        }
        let active = match dfg.inst(i) {
            InstData::Store { args: [val, ptr], .. } => cx.carries(st, *val) && cx.reaches_output(st, *ptr),
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => {
                !cx.inactive_call[i]
                    && args.iter().any(|&a| cx.carries(st, a))
                    && args.iter().any(|&a| dfg.value_type(a).has_ptr() && cx.reaches_output(st, a))
            }
            InstData::Ret { arg: Some(v) } => cx.ret_active && act.value[*v],
            _ => false,
        };
        act.inst[i] = active;
    }
    act
}

/// The function's `.cir` text with an activity comment on every instruction that has a result,
/// every store and every void call (` ; active` / ` ; inactive`), and on block headers one
/// `vN=active|inactive` per parameter: what `--print=activity` shows.
pub fn print_with_activity(func: &Function, act: &Activity) -> String {
    let text = catalase_ir::printer::print_function(func);
    let insts = func.insts_in_order();
    let mut blocks = func.layout.blocks().iter();
    let mut next_inst = 0;
    let mut out = String::with_capacity(text.len() * 2);
    let word = |a: bool| if a { "active" } else { "inactive" };
    for line in text.lines() {
        out.push_str(line);
        if is_block_header(line) {
            if let Some(&b) = blocks.next() {
                let params: Vec<String> =
                    func.dfg.block_params(b).iter().map(|&p| format!("{p}={}", word(act.is_active_value(p)))).collect();
                if !params.is_empty() {
                    out.push_str(" ; ");
                    out.push_str(&params.join(" "));
                }
            }
        } else if is_inst_line(line) {
            if let Some(&i) = insts.get(next_inst) {
                let shown = func.dfg.result(i).is_some()
                    || matches!(func.dfg.inst(i), InstData::Store { .. } | InstData::Call { .. });
                if shown {
                    out.push_str(" ; ");
                    out.push_str(word(act.is_active_inst(i)));
                }
            }
            next_inst += 1;
        }
        out.push('\n');
    }
    out
}

/// `blockN(...):` as the printer writes it.
pub fn is_block_header(line: &str) -> bool {
    line.starts_with("block") && line.trim_end().ends_with(':')
}

/// An indented instruction line (not a `vN = const` line) as the printer writes it.
pub fn is_inst_line(line: &str) -> bool {
    let t = line.trim_start();
    if !line.starts_with(' ') || t.is_empty() || t.starts_with(';') || t.starts_with('}') {
        return false;
    }
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    let is_const = first.starts_with('v') && !first.ends_with(':') && words.next() == Some("=") && words.next() == Some("const");
    !is_const
}

#[cfg(test)]
mod tests;
