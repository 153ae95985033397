//! The stand-in policy: a pointer without a shadow stands in as its own shadow.
//!
//! Where a pointer with a shadow and one without meet (a `select`, a block parameter, an
//! `enzyme_const` argument stored next to an `enzyme_dup` one), the merged pointer's shadow is,
//! at run time, either a real shadow or the primal pointer itself. The shadow analysis marks
//! such pointers *mixed*. Passing the stand-in on as a value is harmless; touching memory
//! through it is not, because the "shadow" memory is then primal memory. So every memory
//! access through a shadow asks [`shadow_access`] what it may do, in one table:
//!
//! - reads through a mixed pointer are guarded: shadow == primal reads zero;
//! - writes and accumulations (`+=`, reverse modes' adjoint updates, `atomicrmw fadd`) through a
//!   mixed pointer are guarded: shadow == primal writes to scratch memory;
//! - a pointer loaded through a mixed pointer is the primal pointer where the shadow is the
//!   primal: a stand-in again, which the analysis marks mixed (so it is loaded, not zeroed);
//! - `memset` and `memcpy`/`memmove` of the shadow are guarded by their byte count: zero where
//!   the shadow is the primal (a copy from a source standing in zeroes the destination's shadow);
//! - code that cannot guard (`free`/`realloc` of the shadow, a user rule) refuses a mixed
//!   pointer at compile time (`free` is given null where the shadow is the primal);
//! - an accumulation into a pointer that statically has no shadow is refused at compile time.
//!
//! Across calls (Enzyme's runtime activity): a mixed pointer passed to a differentiated callee
//! is `ArgActivity::DupMixed`, whose derivative treats that parameter as mixed; a callee that
//! may reach stand-ins in shadow memory (a pointer argument into memory holding them, or
//! globals holding them: `Activity::call_reaches_standins`) is asked for with
//! `Request::standins`, whose derivative treats every pointer it loads from its arguments' or
//! globals' memory as mixed. The cost stays off calls no stand-in can reach.
//!
//! Hence no derivative code ever writes primal memory through a stand-in.

/// What a shadow is wanted for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShadowUse {
    /// Passed on as a value (select arms, block arguments, casts, `ptradd`): the result may
    /// itself be a stand-in, and the shadow analysis marks it mixed.
    Propagate,
    /// Read through.
    Read,
    /// Written through (a store of a tangent).
    Write,
    /// Accumulated into: `shadow[p] += d` (reverse modes, `atomicrmw fadd`).
    Accumulate,
    /// Handed to code that cannot guard its accesses: `free`/`realloc` of the shadow, a user
    /// rule.
    Unguarded,
}

/// How to get at a pointer's shadow for one use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShadowAccess {
    /// The pointer's own shadow, used as is.
    Own,
    /// The pointer's shadow, compared with the primal at run time: equal means inactive
    /// memory (a read gives zero, a write or accumulation goes to scratch).
    Guarded,
    /// The primal pointer itself, as a value ([`ShadowUse::Propagate`] only).
    StandIn,
    /// There is no shadow memory: reads give zero; the caller writes nothing, or refuses when
    /// what it would write carries a derivative.
    Absent,
    /// Refused at compile time: the access could reach primal memory through a stand-in.
    Refuse,
}

/// The policy table: how a use reaches the shadow of a pointer that has one (`has_shadow`),
/// possibly a stand-in at run time (`mixed`).
pub fn shadow_access(has_shadow: bool, mixed: bool, use_: ShadowUse) -> ShadowAccess {
    use ShadowAccess::*;
    use ShadowUse::*;
    match (has_shadow, mixed, use_) {
        (true, false, _) => Own,
        (true, true, Propagate) => Own,
        (true, true, Read | Write | Accumulate) => Guarded,
        (true, true, Unguarded) => Refuse,
        (false, _, Propagate) => StandIn,
        (false, _, Accumulate) => Refuse,
        (false, _, Read | Write | Unguarded) => Absent,
    }
}

/// A mirrored call (`CallKind::Mirror`: the same function called again on the shadows, a
/// container's node insertion) where some pointer arguments' shadows may be their primals
/// standing in. `mixed` pairs each such argument's index in `args` (the shadow arguments) with
/// its primal. Where every one of them stands in and no argument has a shadow of its own, the
/// call is skipped and its result is `skip` (the primal call's); where only some stand in, the
/// shadow call would mix primal and shadow memory, so it traps; otherwise it is made. The
/// builder is left at the end of the join block; returns the result (a block parameter there).
pub fn guarded_mirror_call(
    b: &mut catalase_ir::builder::Builder,
    call: (&catalase_ir::inst::Callee, &catalase_ir::inst::Signature, &catalase_ir::inst::AttrList),
    args: Vec<catalase_ir::Value>,
    mixed: &[(usize, catalase_ir::Value)],
    any_own: bool,
    skip: Option<catalase_ir::Value>,
) -> Option<catalase_ir::Value> {
    use catalase_ir::inst::{BlockCall, Signature};
    use catalase_ir::opcodes::{BinaryOp, IntCC};
    use catalase_ir::Type;
    let (callee, sig, attrs) = call;
    let emit = |b: &mut catalase_ir::builder::Builder, args: Vec<catalase_ir::Value>| {
        let i = b.call(callee.clone(), sig.clone(), args, attrs.clone());
        b.func.dfg.result(i)
    };
    if mixed.is_empty() {
        return emit(b, args);
    }
    // some: a shadow is its primal standing in; all: every pointer argument's is.
    let same: Vec<_> = mixed.iter().map(|&(i, p)| b.icmp(IntCC::Eq, args[i], p)).collect();
    let (mut some, mut all) = (same[0], same[0]);
    for &x in &same[1..] {
        some = b.binary(BinaryOp::Or, some, x);
        all = b.binary(BinaryOp::And, all, x);
    }
    if any_own {
        all = b.iconst(Type::I1, 0);
    }
    let mut block = || {
        let here = b.current_block();
        let nb = b.func.dfg.make_block();
        b.func.layout.insert_block_after(nb, here);
        nb
    };
    let (join, trap_b, call_b, check_b) = (block(), block(), block(), block());
    let param = (!sig.ret.is_void()).then(|| b.func.dfg.append_block_param(join, sig.ret.clone()));
    let skip_args: Vec<_> = skip.filter(|_| param.is_some()).into_iter().collect();
    b.condbr(all, BlockCall::new(join, skip_args), BlockCall::new(check_b, vec![]));
    b.switch_to(check_b);
    b.condbr(some, BlockCall::new(trap_b, vec![]), BlockCall::new(call_b, vec![]));
    b.switch_to(trap_b);
    b.call_named("llvm.trap", Signature::new(vec![], Type::Void), vec![]);
    b.unreachable();
    b.switch_to(call_b);
    let r = emit(b, args);
    b.br(join, r.filter(|_| param.is_some()).into_iter().collect());
    b.switch_to(join);
    param
}

#[cfg(test)]
mod tests {
    use super::*;
    use ShadowAccess::*;
    use ShadowUse::*;

    const USES: [ShadowUse; 5] = [Propagate, Read, Write, Accumulate, Unguarded];

    #[test]
    fn no_write_reaches_primal_memory_through_a_stand_in() {
        for has in [false, true] {
            for mixed in [false, true] {
                for u in USES {
                    let a = shadow_access(has, mixed, u);
                    // Only propagation may use the primal itself.
                    assert!(a != StandIn || u == Propagate, "{has} {mixed} {u:?}");
                    // A possible stand-in is touched only behind a guard.
                    if mixed && has && u != Propagate {
                        assert!(matches!(a, Guarded | Refuse), "{u:?} through a mixed pointer: {a:?}");
                    }
                    // An accumulation never gets an unguarded stand-in, nor nothing silently.
                    if u == Accumulate {
                        assert!(matches!(a, Own | Guarded | Refuse), "{has} {mixed}: {a:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn rows() {
        assert_eq!(shadow_access(true, false, Unguarded), Own);
        assert_eq!(shadow_access(true, true, Unguarded), Refuse);
        assert_eq!(shadow_access(true, true, Write), Guarded);
        assert_eq!(shadow_access(false, false, Propagate), StandIn);
        assert_eq!(shadow_access(false, false, Read), Absent);
        assert_eq!(shadow_access(false, false, Accumulate), Refuse);
    }
}
