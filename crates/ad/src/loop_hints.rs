//! The `llvm.loop` properties that a generated loop takes over from the primal loop it copies:
//! a forward derivative's loops, and the forward sweep of a reverse-mode function (which runs
//! the primal's iterations once, whatever the width, with its records beside them).

use catalase_ir::function::LoopHint;

/// The properties of a derivative's latch: the primal latch's, since the loop runs the same
/// iterations (`mustprogress`, the user's pragmas, no runtime unrolling), except
/// `llvm.loop.isvectorized` where vectorizing the derivative's loop may pay when the primal's did
/// not. LLVM marks both loops it leaves after vectorizing as vectorized; a remainder of at most
/// VF·UF − 1 iterations also gets `llvm.loop.unroll.runtime.disable`, the scalar loop that runs
/// instead where run-time checks fail (or where the vector loop is not entered) does not. The
/// fallback's derivative may run the whole trip count with more work per iteration than the
/// primal (the FFT's butterflies over strided twiddles), so it loses the mark. A remainder's
/// derivative keeps it at width 1 (one tangent per value, or a forward sweep, which carries no
/// tangent), where a vector loop's set-up costs more than its one to three iterations save
/// (GMM's triangular loop: 2% of the tangent's instructions at d=20); at width N > 1 the body is
/// N + 1 times the primal's and vectorizing the remainder again pays (GMM at width 8: 2% fewer
/// instructions with it).
pub(crate) fn of_derivative(primal: &[LoopHint], width: usize) -> Vec<LoopHint> {
    let remainder = primal.iter().any(|h| h.name == "llvm.loop.unroll.runtime.disable");
    let keep_vectorized = remainder && width == 1;
    primal.iter().filter(|h| keep_vectorized || h.name != "llvm.loop.isvectorized").cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(names: &[&str]) -> Vec<LoopHint> {
        names.iter().map(|n| LoopHint { name: n.to_string(), value: None }).collect()
    }

    #[test]
    fn a_remainder_stays_vectorized_at_width_one_only() {
        let (must, vec, rem) = ("llvm.loop.mustprogress", "llvm.loop.isvectorized", "llvm.loop.unroll.runtime.disable");
        assert_eq!(of_derivative(&hints(&[must, vec, rem]), 1), hints(&[must, vec, rem]));
        assert_eq!(of_derivative(&hints(&[must, vec, rem]), 8), hints(&[must, rem]));
        assert_eq!(of_derivative(&hints(&[must, vec]), 1), hints(&[must]));
        assert_eq!(of_derivative(&hints(&[must]), 4), hints(&[must]));
    }
}
