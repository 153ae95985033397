//! The two activity problems over the shared [`State`]: *varied* (forward: may depend on an
//! active input) and *useful* (backward: may flow to an active output), each over values and
//! over roots of memory (see [`super::roots`]). Both are may-facts on the boolean lattice
//! `false < true`; the transfer functions only raise facts, so the engine terminates.

use catalase_ir::entities::SecondaryMap;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::{BinaryOp, CastOp};
use catalase_ir::constant::Const;
use catalase_ir::function::ValueDef;
use catalase_ir::{Function, Inst, Type, Value};

use super::roots::Roots;
use super::CallEffect;
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
    pub effects: SecondaryMap<Inst, CallEffect>,
    /// Calls known not to write memory (`readnone`/`readonly`).
    pub no_write: SecondaryMap<Inst, bool>,
    pub ret_active: bool,
}

impl Context<'_> {
    pub fn has_ptr(&self, v: Value) -> bool {
        self.func.dfg.value_type(v).has_ptr()
    }
    fn roots_any(&self, mem: &[bool], v: Value) -> bool {
        self.has_ptr(v) && self.roots.of(v).iter().any(|r| mem[self.roots.canon(r) as usize])
    }
    /// `v` depends on an active input, or points to memory that may hold such data.
    pub fn carries(&self, st: &State, v: Value) -> bool {
        *st.varied.get(v) || self.roots_any(&st.mem_varied, v)
    }
    /// `v` may flow to an active output, or points to memory that may.
    pub fn reaches_output(&self, st: &State, v: Value) -> bool {
        *st.useful.get(v) || self.roots_any(&st.mem_useful, v)
    }
    fn mark_mem(&self, mem: &mut [bool], ptr: Value) -> bool {
        let mut changed = false;
        for r in self.roots.of(ptr).iter() {
            let r = self.roots.canon(r);
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
    /// The operands whose derivatives the result's derivative is computed from (forward mode
    /// builds the result's shadow from theirs).
    pub fn data_operands(&self, data: &InstData, result: Option<Value>) -> Vec<Value> {
        match data {
            InstData::Binary { .. } if self.rounds_to_integer(data) => Vec::new(),
            InstData::Binary { op, args } if op.is_float() => args.to_vec(),
            InstData::Binary { op: BinaryOp::Shl | BinaryOp::LShr, args } => vec![args[0]],
            // Bit operations move a float's bits when its bits are taken as an integer (a
            // union, `_mm_and_pd`, Eigen's `pfrexp`): the result depends on the float, and
            // whoever reads it as a float again must see so (reverse mode refuses what it
            // cannot differentiate; it must never drop the derivative silently).
            InstData::Binary { op: BinaryOp::Or | BinaryOp::Xor, args } => args.to_vec(),
            InstData::Binary { op: BinaryOp::And, args } if !matches!(self.func.dfg.value_type(args[0]), Type::Int(1)) => {
                args.to_vec()
            }
            // Address arithmetic on a pointer turned into an integer.
            InstData::Binary { op: BinaryOp::Add | BinaryOp::Sub, args }
                if result.is_some_and(|r| self.func.dfg.value_type(r) == &Type::I64) =>
            {
                args.to_vec()
            }
            InstData::Unary { arg, .. } => vec![*arg],
            InstData::Cast { op, arg } if moves_bits(*op) => vec![*arg],
            InstData::Select { args } => args[1..].to_vec(),
            InstData::ExtractElement { args } => vec![args[0]],
            InstData::InsertElement { args } => args[..2].to_vec(),
            InstData::Shuffle { args, .. } | InstData::InsertValue { args, .. } => args.to_vec(),
            InstData::ExtractValue { arg, .. } => vec![*arg],
            InstData::PtrAdd { args } => vec![args[0]],
            _ => Vec::new(),
        }
    }
    /// `x + C` or `x − C` with C = ±2^52 or ±1.5·2^52 (±2^23 or ±1.5·2^23 in `float`): the
    /// magic-number rounding trick (`(x + C) − C` rounds x to an integer; fast `exp`, Eigen's
    /// `pexp`, `rint` emulations). The sum keeps no fractional bit of x, so its derivative is
    /// zero, as finite differences see it; the chain rule would give 1, and the `− C` after it
    /// would carry a rounded value's derivative as if it were x's.
    pub fn rounds_to_integer(&self, data: &InstData) -> bool {
        let InstData::Binary { op: BinaryOp::FAdd | BinaryOp::FSub, args } = data else { return false };
        args.iter().any(|&a| {
            let lane = match self.func.dfg.value_type(a) {
                Type::Vector(_, lane) => (**lane).clone(),
                t => t.clone(),
            };
            let magic = |bits: u128| match lane {
                Type::F64 => [2f64.powi(52), 1.5 * 2f64.powi(52)].contains(&f64::from_bits(bits as u64).abs()),
                Type::F32 => [2f32.powi(23), 1.5 * 2f32.powi(23)].contains(&f32::from_bits(bits as u32).abs()),
                _ => false,
            };
            match &self.func.dfg.values[a].def {
                ValueDef::Const(Const::Float(bits)) => magic(*bits),
                ValueDef::Const(Const::Aggregate(lanes)) => {
                    !lanes.is_empty() && lanes.iter().all(|c| matches!(c, Const::Float(b) if magic(*b)))
                }
                _ => false,
            }
        })
    }
    fn ptr_args<'b>(&'b self, args: &'b [Value]) -> impl Iterator<Item = Value> + 'b {
        args.iter().copied().filter(|a| self.has_ptr(*a))
    }
}

/// Casts whose result carries the operand's derivative or shadow bits.
fn moves_bits(op: CastOp) -> bool {
    use CastOp::*;
    matches!(op, FPExt | FPTrunc | Bitcast | Trunc | ZExt | PtrToInt | IntToPtr | AddrSpaceCast)
}

/// Forward: may depend on an active input.
pub struct Varied<'a>(pub &'a Context<'a>);

impl Varied<'_> {
    /// A call: marks the memory it may store derivatives into; whether its result is varied.
    fn call(&self, st: &mut State, inst: Inst, args: &[Value], changed: &mut bool) -> bool {
        let cx = self.0;
        let any = args.iter().any(|&a| cx.carries(st, a));
        let mut mark = |st: &mut State, p: Value| *changed |= cx.mark_mem(&mut st.mem_varied, p);
        let writes = !cx.no_write[inst];
        match cx.effects[inst] {
            CallEffect::Inactive | CallEffect::MemSet | CallEffect::Free => false,
            CallEffect::Pure => any,
            CallEffect::UserRule => {
                cx.ptr_args(args).for_each(|p| mark(st, p));
                any
            }
            CallEffect::MemTransfer => {
                if args.len() > 1 && cx.carries(st, args[1]) {
                    mark(st, args[0]);
                }
                false
            }
            CallEffect::Alloc { copies_arg0 } => {
                let res = cx.func.dfg.result(inst);
                if let (true, Some(r), Some(&a)) = (copies_arg0, res, args.first()) {
                    if cx.carries(st, a) {
                        mark(st, r);
                    }
                }
                false
            }
            CallEffect::MaskedLoad => args.first().is_some_and(|&p| cx.carries(st, p)) || args.last().is_some_and(|&p| cx.carries(st, p)),
            CallEffect::MaskedStore => {
                if args.len() > 1 && cx.carries(st, args[0]) {
                    mark(st, args[1]);
                }
                false
            }
            CallEffect::Defined { globals, .. } | CallEffect::Indirect { globals, .. } => {
                let any = any || globals;
                if any && writes {
                    cx.ptr_args(args).for_each(|p| mark(st, p));
                }
                let ret_ptr = matches!(cx.effects[inst], CallEffect::Defined { .. })
                    && cx.func.dfg.result(inst).is_some_and(|r| cx.has_ptr(r));
                any || ret_ptr
            }
            CallEffect::External => {
                if any && writes {
                    cx.ptr_args(args).for_each(|p| mark(st, p));
                }
                any
            }
        }
    }
}

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
            InstData::Ret { arg: Some(v) } if cx.ret_active => {
                changed |= cx.mark_mem(&mut st.mem_varied, *v);
                false
            }
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => self.call(st, inst, args, &mut changed),
            InstData::AtomicRmw { args: [ptr, val], .. } => {
                if cx.carries(st, *val) {
                    changed |= cx.mark_mem(&mut st.mem_varied, *ptr);
                }
                cx.carries(st, *ptr) && res.is_some_and(|r| dfg.value_type(r).has_float())
            }
            InstData::CmpXchg { args: [ptr, _, val], .. } => {
                if cx.carries(st, *val) {
                    changed |= cx.mark_mem(&mut st.mem_varied, *ptr);
                }
                false
            }
            data => cx.data_operands(data, res).iter().any(|&o| cx.carries(st, o)),
        };
        if let Some(r) = res {
            changed |= st.varied.raise_if(r, result_varied && !dfg.value_type(r).is_void());
        }
        changed
    }
}

/// Backward: may flow to an active output.
pub struct Useful<'a>(pub &'a Context<'a>);

impl Useful<'_> {
    fn call(&self, st: &mut State, inst: Inst, args: &[Value], res_useful: bool) -> bool {
        let cx = self.0;
        let mut changed = false;
        let mut raise = |st: &mut State, v: Option<&Value>| {
            if let Some(&v) = v {
                changed |= cx.raise_useful(st, v);
            }
        };
        let writes_output = |st: &State| !cx.no_write[inst] && cx.ptr_args(args).any(|p| cx.reaches_output(st, p));
        let all = match cx.effects[inst] {
            CallEffect::Inactive | CallEffect::Free => false,
            CallEffect::Pure => res_useful,
            CallEffect::UserRule => true,
            CallEffect::MemTransfer | CallEffect::MemSet => {
                if args.first().is_some_and(|&d| cx.reaches_output(st, d)) {
                    raise(st, args.first());
                    if matches!(cx.effects[inst], CallEffect::MemTransfer) {
                        raise(st, args.get(1));
                    }
                }
                false
            }
            CallEffect::Alloc { copies_arg0 } => {
                if copies_arg0 && res_useful {
                    raise(st, args.first());
                }
                false
            }
            CallEffect::MaskedLoad => {
                if res_useful {
                    raise(st, args.first());
                    raise(st, args.last());
                }
                false
            }
            CallEffect::MaskedStore => {
                if args.get(1).is_some_and(|&p| cx.reaches_output(st, p)) {
                    raise(st, args.first());
                    raise(st, args.get(1));
                }
                false
            }
            CallEffect::Defined { globals, .. } | CallEffect::Indirect { globals, .. } => {
                res_useful || globals || writes_output(st)
            }
            CallEffect::External => res_useful || writes_output(st),
        };
        if all {
            for a in args {
                raise(st, Some(a));
            }
        }
        changed
    }
}

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
        let res = dfg.result(inst);
        let res_useful = res.is_some_and(|r| cx.reaches_output(st, r));
        match dfg.inst(inst) {
            InstData::Ret { arg: Some(v) } if cx.ret_active => changed |= cx.raise_useful(st, *v),
            InstData::Store { args: [val, ptr], .. } if cx.reaches_output(st, *ptr) => {
                changed |= cx.raise_useful(st, *val);
                changed |= cx.raise_useful(st, *ptr);
            }
            InstData::Load { ptr, .. } if res_useful => changed |= cx.raise_useful(st, *ptr),
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => changed |= self.call(st, inst, args, res_useful),
            // Forward mode updates shadow memory through the result's shadow.
            InstData::AtomicRmw { args: [ptr, val], .. } if res_useful || cx.reaches_output(st, *ptr) => {
                changed |= cx.raise_useful(st, *val);
                changed |= cx.raise_useful(st, *ptr);
                if let Some(r) = res {
                    changed |= st.useful.raise_if(r, true);
                }
            }
            InstData::CmpXchg { args: [ptr, _, val], .. } if cx.reaches_output(st, *ptr) => {
                changed |= cx.raise_useful(st, *val);
            }
            data if res_useful => {
                for o in cx.data_operands(data, res) {
                    changed |= cx.raise_useful(st, o);
                }
            }
            _ => {}
        }
        changed
    }
}
