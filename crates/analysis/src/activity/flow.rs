//! The two activity problems over the shared [`State`]: *varied* (forward: may depend on an
//! active input) and *useful* (backward: may flow to an active output), each over values and
//! over roots of memory (see [`super::roots`]). Both are may-facts on the boolean lattice
//! `false < true`; the transfer functions only raise facts, so the engine terminates.

use catalase_ir::entities::SecondaryMap;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::{CastOp, UnaryOp};
use catalase_ir::{Function, Inst, Value};

use super::roots::Roots;
use crate::dataflow::{Direction, Facts, Problem};

/// Facts of both directions.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub varied: Facts<Value, bool>,
    pub useful: Facts<Value, bool>,
    /// Per root: the memory may hold data that depends on an active input.
    pub mem_varied: Vec<bool>,
    /// Per root: the memory may be read on the way to an active output.
    pub mem_useful: Vec<bool>,
}

/// What the transfer functions read besides the state.
pub struct Context<'a> {
    pub func: &'a Function,
    pub roots: &'a Roots,
    /// Calls that neither carry nor produce derivatives (oracle, attributes, inert intrinsics).
    pub inactive_call: SecondaryMap<Inst, bool>,
    /// Calls known not to write memory (`readnone`/`readonly`).
    pub no_write_call: SecondaryMap<Inst, bool>,
    pub ret_active: bool,
}

impl Context<'_> {
    fn has_ptr(&self, v: Value) -> bool {
        self.func.dfg.value_type(v).has_ptr()
    }
    fn may_be_active(&self, v: Value) -> bool {
        self.func.dfg.value_type(v).may_be_active()
    }
    /// `v` depends on an active input, or points to memory that may hold such data.
    pub fn carries(&self, st: &State, v: Value) -> bool {
        *st.varied.get(v)
            || (self.has_ptr(v) && self.roots.of(v).iter().any(|r| st.mem_varied[r as usize]))
    }
    /// `v` may flow to an active output, or points to memory that may.
    pub fn reaches_output(&self, st: &State, v: Value) -> bool {
        *st.useful.get(v)
            || (self.has_ptr(v) && self.roots.of(v).iter().any(|r| st.mem_useful[r as usize]))
    }
    fn mark_mem(&self, mem: &mut [bool], ptr: Value) -> bool {
        let mut changed = false;
        for r in self.roots.of(ptr).iter() {
            if r != self.roots.constant && !mem[r as usize] {
                mem[r as usize] = true;
                changed = true;
            }
        }
        changed
    }
    /// Mark `v` useful; a useful pointer makes the memory it points to useful.
    fn raise_useful(&self, st: &mut State, v: Value) -> bool {
        let mut changed = st.useful.raise_if(v, true);
        if self.has_ptr(v) {
            changed |= self.mark_mem(&mut st.mem_useful, v);
        }
        changed
    }
    /// The operands whose data the result is computed from, and whether the instruction only
    /// moves data (then integers carry activity through it too).
    fn data_operands(data: &InstData) -> (Vec<Value>, bool) {
        match data {
            InstData::Binary { args, .. } => (args.to_vec(), false),
            InstData::Unary { op: UnaryOp::Freeze, arg } => (vec![*arg], true),
            InstData::Unary { arg, .. } => (vec![*arg], false),
            InstData::Cast { op, arg } => {
                let moves = matches!(op, CastOp::Bitcast | CastOp::PtrToInt | CastOp::IntToPtr | CastOp::AddrSpaceCast);
                (vec![*arg], moves)
            }
            InstData::Select { args } => (args[1..].to_vec(), true),
            InstData::ExtractElement { args } => (vec![args[0]], true),
            InstData::InsertElement { args } => (args[..2].to_vec(), true),
            InstData::Shuffle { args, .. } | InstData::InsertValue { args, .. } => (args.to_vec(), true),
            InstData::ExtractValue { arg, .. } => (vec![*arg], true),
            InstData::PtrAdd { args } => (vec![args[0]], true),
            _ => (Vec::new(), false),
        }
    }
    fn counts(&self, v: Value, moves: bool) -> bool {
        moves || self.may_be_active(v)
    }
}

/// Forward: may depend on an active input.
pub struct Varied<'a>(pub &'a Context<'a>);

impl Problem for Varied<'_> {
    type State = State;
    const NAME: &'static str = "activity (forward)";
    const DIRECTION: Direction = Direction::Forward;

    fn transfer(&self, st: &mut State, inst: Inst) -> bool {
        let cx = self.0;
        let dfg = &cx.func.dfg;
        let mut changed = false;
        for bc in dfg.inst(inst).successors() {
            for (&p, &a) in dfg.block_params(bc.block).iter().zip(&bc.args) {
                let c = cx.carries(st, a);
                changed |= st.varied.raise_if(p, c);
            }
        }
        let res = dfg.result(inst);
        let result_varied = match dfg.inst(inst) {
            InstData::Store { args: [val, ptr], .. } => {
                if cx.carries(st, *val) {
                    changed |= cx.mark_mem(&mut st.mem_varied, *ptr);
                }
                false
            }
            InstData::Load { ptr, .. } => cx.carries(st, *ptr),
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => {
                if cx.inactive_call[inst] {
                    false
                } else {
                    let any = args.iter().any(|&a| cx.carries(st, a));
                    if any && !cx.no_write_call[inst] {
                        for &a in args.iter().filter(|a| cx.has_ptr(**a)) {
                            changed |= cx.mark_mem(&mut st.mem_varied, a);
                        }
                    }
                    any && res.is_some_and(|r| cx.may_be_active(r))
                }
            }
            InstData::AtomicRmw { args: [ptr, val], .. } | InstData::CmpXchg { args: [ptr, _, val], .. } => {
                let stored = cx.carries(st, *val);
                if stored {
                    changed |= cx.mark_mem(&mut st.mem_varied, *ptr);
                }
                stored || cx.carries(st, *ptr)
            }
            data => {
                let (ops, moves) = Context::data_operands(data);
                let any = ops.iter().any(|&o| cx.counts(o, moves) && cx.carries(st, o));
                any && res.is_some_and(|r| cx.counts(r, moves))
            }
        };
        if let Some(r) = res {
            changed |= st.varied.raise_if(r, result_varied);
        }
        changed
    }
}

/// Backward: may flow to an active output.
pub struct Useful<'a>(pub &'a Context<'a>);

impl Problem for Useful<'_> {
    type State = State;
    const NAME: &'static str = "activity (backward)";
    const DIRECTION: Direction = Direction::Backward;

    fn transfer(&self, st: &mut State, inst: Inst) -> bool {
        let cx = self.0;
        let dfg = &cx.func.dfg;
        let mut changed = false;
        for bc in dfg.inst(inst).successors() {
            for (&p, &a) in dfg.block_params(bc.block).iter().zip(&bc.args) {
                if cx.reaches_output(st, p) {
                    changed |= cx.raise_useful(st, a);
                }
            }
        }
        let res_useful = dfg.result(inst).is_some_and(|r| cx.reaches_output(st, r));
        match dfg.inst(inst) {
            InstData::Ret { arg: Some(v) } if cx.ret_active => changed |= cx.raise_useful(st, *v),
            InstData::Store { args: [val, ptr], .. } if cx.reaches_output(st, *ptr) => {
                changed |= cx.raise_useful(st, *val)
            }
            InstData::Load { ptr, .. } if res_useful => changed |= cx.raise_useful(st, *ptr),
            InstData::Call { args, .. } | InstData::Invoke { args, .. } if !cx.inactive_call[inst] => {
                let writes_output = !cx.no_write_call[inst]
                    && args.iter().any(|&a| cx.has_ptr(a) && cx.reaches_output(st, a));
                if res_useful || writes_output {
                    for &a in args {
                        changed |= cx.raise_useful(st, a);
                    }
                }
            }
            InstData::AtomicRmw { args: [ptr, val], .. } | InstData::CmpXchg { args: [ptr, _, val], .. } => {
                if res_useful || cx.reaches_output(st, *ptr) {
                    changed |= cx.raise_useful(st, *val);
                }
                if res_useful {
                    changed |= cx.raise_useful(st, *ptr);
                }
            }
            data if res_useful => {
                let (ops, moves) = Context::data_operands(data);
                for o in ops.into_iter().filter(|&o| cx.counts(o, moves)) {
                    changed |= cx.raise_useful(st, o);
                }
            }
            _ => {}
        }
        changed
    }
}
