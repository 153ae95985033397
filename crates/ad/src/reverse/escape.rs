//! Shadow heap blocks that outlive the gradient call. The reverse sweep frees a shadow block
//! where it passes the block's allocation, which is right when the primal block dies inside the
//! call, or when only the primal is handed back (a returned pointer: the caller never sees the
//! shadow). A block whose address the differentiated function stores into its caller's memory
//! (`*out = malloc(...)` with `out` passed with `enzyme_dup`) and never frees has its shadow's
//! address stored into the caller's shadow memory by the forward sweep: the caller owns that
//! shadow block as it owns the primal (as with Enzyme, it frees both), so the reverse sweep
//! leaves it alive.
//!
//! The address is followed through address arithmetic, casts, `select`s, block parameters and
//! local stack slots (a store into an `alloca` and the loads from it, as at -O0); a store into
//! any other memory is an escape, except into another block allocated here, which escapes only
//! when that block does. A `free` or `realloc` of the address in this function keeps the shadow's
//! free. Only the top-level gradient decides this: a called function's blocks die with the
//! top-level call's reverse sweep, as before.

use std::collections::{HashMap, HashSet};

use catalase_ir::inst::InstData;
use catalase_ir::opcodes::CastOp;
use catalase_ir::{Inst, Value};

use super::augmented::RevCtx;
use crate::calls::{AllocKind, CallKind};

/// Where one allocation's address goes in the function.
#[derive(Default)]
struct Flow {
    /// Stored into memory that is neither a local slot nor a block allocated here.
    escapes: bool,
    /// Passed to `free` or `realloc`.
    freed: bool,
    /// Stored into blocks allocated here (by their allocating instruction).
    inside: Vec<Inst>,
}

impl RevCtx<'_, '_> {
    /// Whether the shadow of the block allocated by `alloc` must outlive the gradient call.
    pub fn shadow_outlives_call(&self, alloc: Inst) -> bool {
        // The reverse part under the user's `__enzyme_reverse` is a top-level gradient too.
        let top = matches!(self.req.mode, crate::request::Mode::ReverseSplit { top: true, .. });
        if self.part != super::Part::Combined && !top {
            return false;
        }
        let mut memo = HashMap::new();
        self.outlives(alloc, &mut memo)
    }

    fn outlives(&self, alloc: Inst, memo: &mut HashMap<Inst, bool>) -> bool {
        if let Some(known) = memo.get(&alloc) {
            return *known;
        }
        // Assume not while deciding (a cycle of blocks pointing to each other escapes only
        // through a member stored outside).
        memo.insert(alloc, false);
        let flow = self.flow(alloc);
        let result = !flow.freed && (flow.escapes || flow.inside.iter().any(|c| self.outlives(*c, memo)));
        memo.insert(alloc, result);
        result
    }

    /// Follow the address allocated by `alloc` to a fixpoint.
    fn flow(&self, alloc: Inst) -> Flow {
        let f = self.src;
        let mut held: HashSet<Value> = f.dfg.result(alloc).into_iter().collect();
        let mut slots: HashSet<Value> = HashSet::new();
        let mut flow = Flow::default();
        loop {
            let before = (held.len(), slots.len());
            for b in f.layout.blocks() {
                for inst in f.layout.block_insts(b) {
                    self.flow_inst(inst, &mut held, &mut slots, &mut flow);
                }
            }
            if (held.len(), slots.len()) == before {
                return flow;
            }
        }
    }

    fn flow_inst(&self, inst: Inst, held: &mut HashSet<Value>, slots: &mut HashSet<Value>, flow: &mut Flow) {
        let f = self.src;
        let data = self.data(inst);
        for bc in data.successors() {
            for (a, p) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                if held.contains(a) {
                    held.insert(*p);
                }
            }
        }
        let result = f.dfg.result(inst);
        let derived = match &data {
            InstData::PtrAdd { args: [base, _] } => held.contains(base),
            InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg } => held.contains(arg),
            InstData::Select { args: [_, t, e] } => held.contains(t) || held.contains(e),
            InstData::Load { ptr, .. } => self.root(*ptr).is_some_and(|r| slots.contains(&r)),
            InstData::Store { args: [v, p], .. } if held.contains(v) => {
                let root = self.root(*p);
                match root.and_then(|r| f.dfg.def_inst(r).map(|i| (r, i))) {
                    Some((r, i)) if matches!(f.dfg.inst(i), InstData::Alloca { .. }) => {
                        slots.insert(r);
                    }
                    Some((_, i)) if matches!(self.call_kind(f.dfg.inst(i)), Some(CallKind::Alloc(_))) => flow.inside.push(i),
                    _ => flow.escapes = true,
                }
                false
            }
            InstData::Call { args, .. } => {
                let frees = matches!(self.call_kind(&data), Some(CallKind::Free | CallKind::Alloc(AllocKind::Realloc)));
                if frees && args.first().is_some_and(|a| held.contains(a)) {
                    flow.freed = true;
                }
                false
            }
            _ => false,
        };
        if let Some(r) = result.filter(|_| derived) {
            held.insert(r);
        }
    }

    /// The value an address is computed from by offsets and casts.
    pub(super) fn root(&self, mut v: Value) -> Option<Value> {
        for _ in 0..64 {
            let Some(i) = self.src.dfg.def_inst(v) else { return Some(v) };
            match self.src.dfg.inst(i) {
                InstData::PtrAdd { args: [base, _] } => v = *base,
                InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg } => v = *arg,
                _ => return Some(v),
            }
        }
        None
    }
}
