//! What the derivative of each instruction reads, as data: the primal values (its result, its
//! operands) and the operands whose shadow it addresses. Rule-table rows say it with
//! [`Rule::reads`](crate::rules::Rule::reads); this module says it for every other
//! instruction and call kind, in one place, so that reverse mode can plan its tape (cache or
//! recompute each value its reverse sweep reads) from data rather than from the emitters.
//!
//! Operands are numbered as [`InstData::operands`] lists them: for an indirect call the called
//! pointer is operand 0 and the arguments follow.
//!
//! Forward mode evaluates a derivative next to the primal, so what it reads is available
//! anyway; the forward answers document the emitter. In reverse modes the answer is what the
//! *reverse sweep* reads: shadow pointers and shadow allocations are made in the forward sweep
//! (as in forward mode), so address arithmetic and allocation sizes are not read again; branch
//! conditions are (the reverse sweep replays the path taken).

use catalase_ir::inst::{Callee, InstData};
use catalase_ir::opcodes::{BinaryOp, UnaryOp};

use crate::calls::{AllocKind, CallKind};
use crate::request::Mode;
use crate::rules::{self, Rule};

/// The primal values and shadows one instruction's derivative reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstReads {
    /// The instruction's own primal result.
    pub result: bool,
    /// Primal operands, by index into [`InstData::operands`], sorted, without repeats.
    pub operands: Vec<usize>,
    /// Operands whose shadow (a shadow pointer, or shadow memory behind it) the derivative
    /// reads or writes, by the same index, sorted.
    pub shadows: Vec<usize>,
}

impl InstReads {
    fn operands(ops: impl IntoIterator<Item = usize>) -> Self {
        InstReads { operands: ops.into_iter().collect(), ..Self::default() }.normalized()
    }
    fn with_shadows(mut self, ops: impl IntoIterator<Item = usize>) -> Self {
        self.shadows.extend(ops);
        self.normalized()
    }
    fn with_result(mut self) -> Self {
        self.result = true;
        self
    }
    fn normalized(mut self) -> Self {
        self.operands.sort_unstable();
        self.operands.dedup();
        self.shadows.sort_unstable();
        self.shadows.dedup();
        self
    }
}

/// Whether `mode` has a reverse sweep.
fn is_reverse(mode: Mode) -> bool {
    !matches!(mode, Mode::Forward { .. })
}

/// What the derivative of `data` reads in `mode`. `active[i]` says whether operand `i` (in
/// [`InstData::operands`] order) carries a derivative; missing flags are false. `call` is the
/// classification of a call or invoke (`None` for a call is read conservatively: every operand
/// and shadow).
pub fn reads(data: &InstData, call: Option<&CallKind>, active: &[bool], mode: Mode) -> InstReads {
    let act = |i: usize| active.get(i).copied().unwrap_or(false);
    let rev = is_reverse(mode);
    match data {
        InstData::Binary { op, .. } if op.is_float() => rule_reads(rules::instruction(op.name()), active, 0),
        InstData::Unary { op: UnaryOp::FNeg, .. } => rule_reads(rules::instruction("fneg"), active, 0),
        // Shadow bits moved by a shift move back by the same amount.
        InstData::Binary { op: BinaryOp::Shl | BinaryOp::LShr, .. } => InstReads::operands([1]),
        // Address arithmetic: the shadow combined with the other operand, in the forward sweep.
        InstData::Binary { op: BinaryOp::Add | BinaryOp::Sub | BinaryOp::And, .. } if !rev => {
            InstReads::operands([if act(0) { 1 } else { 0 }])
        }
        // The condition routes the derivative to one side.
        InstData::Select { .. } => InstReads::operands([0]),
        InstData::ExtractElement { .. } => InstReads::operands([1]),
        InstData::InsertElement { .. } => InstReads::operands([2]),
        InstData::PtrAdd { .. } if !rev => InstReads::operands([1]),
        InstData::Alloca { .. } if !rev => InstReads::operands([0]),
        InstData::Load { .. } | InstData::AtomicRmw { .. } => InstReads::default().with_shadows([0]),
        InstData::Store { .. } => InstReads::default().with_shadows([1]),
        // The reverse sweep replays the path the forward sweep took.
        InstData::CondBr { .. } | InstData::Switch { .. } if rev => InstReads::operands([0]),
        InstData::Call { callee, args, .. } | InstData::Invoke { callee, args, .. } => {
            let base = usize::from(matches!(callee, Callee::Indirect(_)));
            match call {
                Some(kind) => call_reads(kind, base, args.len(), active, rev),
                None => InstReads::operands(0..base + args.len()).with_shadows(0..base + args.len()),
            }
        }
        // Casts, aggregates, shuffles, comparisons and the rest: the same operation on
        // derivatives, or no derivative at all.
        _ => InstReads::default(),
    }
}

/// What a call's derivative reads; its arguments are operands `base..base + n`.
fn call_reads(kind: &CallKind, base: usize, n: usize, active: &[bool], rev: bool) -> InstReads {
    let args = base..base + n;
    let active_args = args.clone().filter(|i| active.get(*i).copied().unwrap_or(false));
    match kind {
        CallKind::Inactive | CallKind::External | CallKind::ReduceFAdd => InstReads::default(),
        // Made again on the shadows in the forward sweep; nothing in the reverse sweep.
        CallKind::Mirror if rev => InstReads::default(),
        CallKind::Mirror => InstReads::operands(args).with_shadows(active_args),
        // Packed (re, im) operands do not number like the row's: every argument, and the result.
        CallKind::Rule(rule) if crate::forward::packed::is_packed(rule, n) => InstReads::operands(args).with_result(),
        CallKind::Rule(rule) => rule_reads(Some(rule), &active[base.min(active.len())..], base),
        // (dst, src, len, ...): the same range of the shadows.
        CallKind::MemTransfer => InstReads::operands([base + 2]).with_shadows([base, base + 1]),
        CallKind::MemSet => InstReads::operands([base + 2]).with_shadows([base]),
        // Shadow allocations are made in the forward sweep, with the primal's sizes.
        // A registered allocator's shadow is freed by its deallocator, which takes some of the
        // call's arguments (which, the kind does not tell).
        CallKind::Alloc(AllocKind::Registered { .. }) if rev => InstReads::operands(args),
        CallKind::Alloc(_) if rev => InstReads::default(),
        CallKind::Alloc(AllocKind::Realloc) => InstReads::operands([base + 1]).with_shadows([base]),
        CallKind::Alloc(_) => InstReads::operands(args),
        CallKind::Free(p) => InstReads::default().with_shadows([base + p]),
        // The lane of the vector equal to the result.
        CallKind::ReduceSelect => InstReads::operands([base]).with_result(),
        CallKind::ReduceFMul => InstReads::operands([base, base + 1]),
        // frexp's tangent is `ṫ·m/x`; modf's reads nothing (the kind does not tell them apart).
        CallKind::SplitFloat => InstReads::operands([base]).with_result(),
        // (ptr, [align,] mask, passthru): the mask selects the lanes.
        CallKind::MaskedLoad => InstReads::operands([base + n.saturating_sub(2)]).with_shadows([base]),
        // (value, ptr, [align,] mask).
        CallKind::MaskedStore => InstReads::operands([base + n.saturating_sub(1)]).with_shadows([base + 1]),
        // The user's rule, the callee's derivative or its reverse pass takes every primal
        // argument (and the called pointer, to pick the target) and the active ones' shadows.
        CallKind::Custom(_) | CallKind::Defined(_) => InstReads::operands(args).with_shadows(active_args),
        CallKind::Indirect => InstReads::operands(0..base + n).with_shadows(active_args),
    }
}

/// A rule row's reads, its operands shifted by `base`; without a row, every operand and the
/// result (conservatively).
fn rule_reads(rule: Option<&Rule>, active: &[bool], base: usize) -> InstReads {
    let Some(rule) = rule else {
        return InstReads::operands(base..base + active.len()).with_result();
    };
    let r = rule.reads(active);
    InstReads { result: r.result, operands: r.operands.iter().map(|i| i + base).collect(), shadows: vec![] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::inst::{AttrList, BlockCall, MemFlags, Signature};
    use catalase_ir::opcodes::CastOp;
    use catalase_ir::{Block, Type, Value};

    const FWD: Mode = Mode::FORWARD;
    const REV: Mode = Mode::Reverse { return_primal: false, active_return: true };

    fn v(i: u32) -> Value {
        Value::from_u32(i)
    }
    fn r(result: bool, operands: &[usize], shadows: &[usize]) -> InstReads {
        InstReads { result, operands: operands.to_vec(), shadows: shadows.to_vec() }
    }
    fn call(args: usize) -> InstData {
        InstData::Call {
            callee: Callee::Direct("g".into()),
            args: (0..args as u32).map(v).collect(),
            sig: Signature::new(vec![], Type::Void),
            attrs: AttrList::default(),
        }
    }

    #[test]
    fn arithmetic_reads_what_its_row_reads() {
        let fmul = InstData::Binary { op: BinaryOp::FMul, args: [v(0), v(1)] };
        assert_eq!(reads(&fmul, None, &[true, false], FWD), r(false, &[1], &[]));
        assert_eq!(reads(&fmul, None, &[true, true], REV), r(false, &[0, 1], &[]));
        let fadd = InstData::Binary { op: BinaryOp::FAdd, args: [v(0), v(1)] };
        assert_eq!(reads(&fadd, None, &[true, true], REV), InstReads::default());
        let fdiv = InstData::Binary { op: BinaryOp::FDiv, args: [v(0), v(1)] };
        assert!(!reads(&fdiv, None, &[false, true], REV).operands.is_empty());
    }

    #[test]
    fn structural_instructions() {
        let sel = InstData::Select { args: [v(0), v(1), v(2)] };
        assert_eq!(reads(&sel, None, &[false, true, true], REV), r(false, &[0], &[]));
        let cast = InstData::Cast { op: CastOp::FPExt, arg: v(0) };
        assert_eq!(reads(&cast, None, &[true], REV), InstReads::default());
        let ext = InstData::ExtractElement { args: [v(0), v(1)] };
        assert_eq!(reads(&ext, None, &[true, false], FWD), r(false, &[1], &[]));
        let ins = InstData::InsertElement { args: [v(0), v(1), v(2)] };
        assert_eq!(reads(&ins, None, &[true, true, false], REV), r(false, &[2], &[]));
        let load = InstData::Load { ptr: v(0), mem: MemFlags::aligned(8) };
        assert_eq!(reads(&load, None, &[true], REV), r(false, &[], &[0]));
        let store = InstData::Store { args: [v(0), v(1)], mem: MemFlags::aligned(8) };
        assert_eq!(reads(&store, None, &[true, true], FWD), r(false, &[], &[1]));
        let add = InstData::PtrAdd { args: [v(0), v(1)] };
        assert_eq!(reads(&add, None, &[true, false], FWD), r(false, &[1], &[]));
        assert_eq!(reads(&add, None, &[true, false], REV), InstReads::default());
        let int_add = InstData::Binary { op: BinaryOp::Add, args: [v(0), v(1)] };
        assert_eq!(reads(&int_add, None, &[false, true], FWD), r(false, &[0], &[]));
        let shl = InstData::Binary { op: BinaryOp::Shl, args: [v(0), v(1)] };
        assert_eq!(reads(&shl, None, &[true, false], REV), r(false, &[1], &[]));
    }

    #[test]
    fn control_flow_is_replayed_in_reverse_only() {
        let bc = || BlockCall::new(Block::from_u32(1), vec![]);
        let br = InstData::CondBr { cond: v(0), then_dest: bc(), else_dest: bc() };
        assert_eq!(reads(&br, None, &[], FWD), InstReads::default());
        assert_eq!(reads(&br, None, &[], REV), r(false, &[0], &[]));
        let sw = InstData::Switch { arg: v(0), default: bc(), cases: vec![] };
        assert_eq!(reads(&sw, None, &[], REV), r(false, &[0], &[]));
    }

    #[test]
    fn calls_by_kind() {
        let c3 = call(3);
        assert_eq!(reads(&c3, Some(&CallKind::MemTransfer), &[true, true, false], REV), r(false, &[2], &[0, 1]));
        assert_eq!(reads(&c3, Some(&CallKind::MemSet), &[true, false, false], FWD), r(false, &[2], &[0]));
        assert_eq!(reads(&call(1), Some(&CallKind::Alloc(AllocKind::Malloc)), &[false], FWD), r(false, &[0], &[]));
        assert_eq!(reads(&call(1), Some(&CallKind::Alloc(AllocKind::Malloc)), &[false], REV), InstReads::default());
        assert_eq!(reads(&call(1), Some(&CallKind::Free(0)), &[true], REV), r(false, &[], &[0]));
        assert_eq!(reads(&call(1), Some(&CallKind::Mirror), &[true], REV), InstReads::default());
        assert_eq!(reads(&call(1), Some(&CallKind::Mirror), &[true], FWD), r(false, &[0], &[0]));
        let defined = CallKind::Defined(catalase_ir::FuncId::from_u32(0));
        assert_eq!(reads(&c3, Some(&defined), &[true, false, true], REV), r(false, &[0, 1, 2], &[0, 2]));
        assert_eq!(reads(&c3, Some(&CallKind::External), &[true, true, true], REV), InstReads::default());
        assert_eq!(reads(&c3, None, &[], REV), r(false, &[0, 1, 2], &[0, 1, 2]));
        let exp = CallKind::Rule(rules::lookup("exp").unwrap());
        assert_eq!(reads(&call(1), Some(&exp), &[true], REV), r(true, &[], &[]));
        let sel = CallKind::ReduceSelect;
        assert_eq!(reads(&call(1), Some(&sel), &[true], FWD), r(true, &[0], &[]));
        // (ptr, align, mask, passthru) and (value, ptr, align, mask).
        assert_eq!(reads(&call(4), Some(&CallKind::MaskedLoad), &[true; 4], REV), r(false, &[2], &[0]));
        assert_eq!(reads(&call(4), Some(&CallKind::MaskedStore), &[true; 4], REV), r(false, &[3], &[1]));
    }

    #[test]
    fn indirect_calls_read_the_called_pointer() {
        let ind = InstData::Call {
            callee: Callee::Indirect(v(9)),
            args: vec![v(0), v(1)],
            sig: Signature::new(vec![Type::F64, Type::PTR], Type::F64),
            attrs: AttrList::default(),
        };
        assert_eq!(ind.operands().len(), 3);
        assert_eq!(reads(&ind, Some(&CallKind::Indirect), &[false, true, true], REV), r(false, &[0, 1, 2], &[1, 2]));
    }
}
