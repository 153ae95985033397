//! Pure math calls made again in the reverse sweep instead of kept on the tape: `sqrt(x)`,
//! `fabs(x)`, `floor(x)` whose operands the reverse block has anyway (an argument, an induction
//! variable, a load of memory nothing overwrites: `record`'s rules), so that a call in a loop nest
//! costs no tape per iteration. Only rule-table calls that touch no memory are made again: LLVM's
//! math intrinsics and C library functions that write only `errno`
//! (`calls::is_errno_only_math`), never a user rule, a defined function, nor a call whose
//! `errno` the program reads.
//!
//! Only cheap calls are made again (`sqrt`, `fabs`, rounding, `copysign`, min/max: one or a few
//! instructions), like a float product, when their operands are there. A costly call (`exp`,
//! `log`, `tanh`, `pow`…: 20 to 100 instructions) is kept: computing it again per iteration cost
//! more than the tape it saves (measured on the benchmarks, callgrind: GMM d=10 35.4M → 49.0M
//! instructions per gradient for `exp(q)` per point and component, the LSTM 16.4M → 19.0M for its
//! `tanh`); where its value is the same in every run of an outer loop, `table` keeps it once per
//! iteration of the inner ones instead, which costs neither.

use catalase_ir::inst::{Callee, InstData};

use super::augmented::RevCtx;
use crate::calls::CallKind;

/// Math functions that cost about as much as a float multiply.
const CHEAP: &[&str] = &[
    "sqrt", "fabs", "floor", "ceil", "trunc", "round", "roundeven", "rint", "nearbyint", "copysign", "fmin", "fmax",
    "minnum", "maxnum", "minimum", "maximum", "canonicalize",
];

impl RevCtx<'_, '_> {
    /// Whether the call `data` is made again in the reverse sweep from its operands (when they
    /// are there without keeping more: the caller's `cheap_only`).
    pub(super) fn remakes_pure_call(&self, data: &InstData) -> bool {
        let InstData::Call { callee: Callee::Direct(name), .. } = data else { return false };
        let cheap = catalase_analysis::known::math_stem(name).is_some_and(|stem| CHEAP.contains(&stem));
        cheap && self.is_pure_math(data)
    }

    /// A call of a math function, a rule-table row, that reads and writes no memory the program
    /// sees.
    pub(super) fn is_pure_math(&self, data: &InstData) -> bool {
        let InstData::Call { callee, attrs, .. } = data else { return false };
        let Callee::Direct(name) = callee else { return false };
        let intrinsic = name.starts_with("llvm.");
        catalase_analysis::known::math_stem(name).is_some()
            && matches!(self.call_kind(data), Some(CallKind::Rule(_)))
            && (intrinsic || crate::calls::is_errno_only_math(self.gen.module, callee, attrs))
    }
}
