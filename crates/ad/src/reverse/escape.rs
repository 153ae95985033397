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
//! any other memory is an escape, except into memory the function allocated itself: another
//! block allocated here, which escapes only when that block does, or a block reached through a
//! local pointer (`local_pointers`: a tree node found by walking the tree, a vector's buffer),
//! which escapes only when some block allocated here does. A `free` or `realloc` of the address
//! in this function keeps the shadow's free, and so does one of a pointer loaded back from the
//! place the block was stored, where nothing else but null is stored (`s->work = malloc(...)`,
//! ..., `free(s->work)`, with `s` the caller's struct; `place`: a base and a constant offset). The top-level gradient decides this for its own
//! blocks; a called function's blocks die with the top-level call's reverse sweep, except those
//! its caller says outlive it:
//! - a block that reaches the result of a call the caller keeps the same way (`*out =
//!   make(...)`): the call's reverse part is asked for with `keep_returned`, and it keeps the
//!   shadows of the blocks that reach its result, asking the same of its own callees whose
//!   result it returns (`call_result_outlives`);
//! - a block stored through a parameter whose memory outlives the gradient (`make(x, out)`
//!   doing `*out = malloc(...)`, or `h->data = malloc(...)`): the caller sets the parameter's
//!   bit in `keep_stored` when the pointer is not its own memory and would outlive the
//!   gradient in the caller too (`call_keep_stored`), so the bits follow the user's memory down
//!   any depth of calls, through offsets, loads and -O0's local slots (`origin`). A block a
//!   callee stores into a global outlives the gradient as well.
//!
//! Where a block is freed does not matter (in this function, in a callee, through a virtual
//! destructor): its shadow is freed once, where the reverse sweep passes its allocation, unless
//! the caller can reach it. Taking a block stored into a tree's node or a vector's buffer for an
//! escape left the shadows of trees, lists and containers of heap objects freed by a callee
//! unfreed (LeakSanitizer saw them once nothing else held them).

use std::collections::{HashMap, HashSet};

use catalase_analysis::activity::summary::STORES_FOREIGN;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::opcodes::{CastOp, UnaryOp};
use catalase_ir::{Const, Inst, Type, Value};

use super::augmented::RevCtx;
use crate::calls::{AllocKind, CallKind};
use crate::request::Mode;

/// Where the memory an address points into comes from (`RevCtx::origin`).
enum Origin {
    /// The function's parameter of this index.
    Param(usize),
    Global,
    Other,
}

/// Where one allocation's address goes in the function.
#[derive(Default)]
struct Flow {
    /// Stored into memory that is neither a local slot nor a block allocated here, and that
    /// outlives the gradient (`RevCtx::store_outlives`).
    escapes: bool,
    /// Passed to `free` or `realloc`.
    freed: bool,
    /// Stored into blocks allocated here (by their allocating instruction).
    inside: Vec<Inst>,
    /// Stored into memory allocated here, through a local pointer that may point into any of
    /// the function's blocks.
    inside_some: bool,
    /// Returned by the function.
    returned: bool,
    /// The places of the escaping stores (`None`: a place [`RevCtx::place`] cannot name).
    stored_at: Vec<Option<(Value, i64)>>,
    /// The places pointers passed to `free` or `realloc` were loaded from.
    freed_from: Vec<(Value, i64)>,
}

impl RevCtx<'_, '_> {
    /// Whether the shadow of the block allocated by `alloc` must outlive the gradient call.
    pub fn shadow_outlives_call(&self, alloc: Inst) -> bool {
        self.outliving().contains(&alloc)
    }

    /// The top-level gradient decides which blocks outlive it (the reverse part under the
    /// user's `__enzyme_reverse` is a top-level gradient too).
    fn decides_escapes(&self) -> bool {
        self.part == super::Part::Combined || matches!(self.req.mode, Mode::ReverseSplit { top: true, .. })
    }

    /// A called function whose result its caller keeps beyond the gradient.
    fn keeps_returned(&self) -> bool {
        matches!(self.req.mode, Mode::ReverseSplit { keep_returned: true, .. })
    }

    /// The parameters whose memory the caller said outlives the gradient (`keep_stored`).
    fn kept_params(&self) -> u64 {
        match self.req.mode {
            Mode::ReverseSplit { keep_stored, .. } => keep_stored,
            _ => 0,
        }
    }

    /// Whether the block a call to a differentiated function returns (`result`) outlives the
    /// top-level gradient, so that the callee's reverse part must keep the shadows of the blocks
    /// that reach it: stored into memory that outlives the gradient (`store_outlives`) or into a
    /// block of this function that does, and never freed, or, in a called function whose own
    /// result is kept, returned again. (Before, the callee's reverse part freed the shadow that
    /// the caller had been handed: a use after free.)
    pub fn call_result_outlives(&self, result: Value) -> bool {
        if !self.src.dfg.value_type(result).is_ptr() {
            return false;
        }
        let flow = self.flow_from(result);
        if flow.freed {
            return false;
        }
        let outliving = self.outliving();
        flow.escapes
            || (self.keeps_returned() && flow.returned)
            || flow.inside.iter().any(|c| outliving.contains(c))
            || (flow.inside_some && !outliving.is_empty())
    }

    /// The parameters of a call whose memory outlives the top-level gradient, as the callee's
    /// `keep_stored`: pointers into the user's memory, reached from a parameter of the
    /// top-level function (or one whose bit this function has) or from a global. So a block
    /// the callee stores through such a pointer (`*out = malloc(...)` in `make(x, out)`) keeps
    /// its shadow, which the user's shadow slot holds; before, the callee's reverse part freed
    /// it and the user's `free` was a double free. A pointer of any other provenance (a tree's
    /// root returned by a call, `root = insert(root, ...)`) is taken for memory that dies with
    /// the gradient, as before: keeping its blocks' shadows leaked them.
    ///
    /// A pointer whose place this function frees what it loads from (`make(x, out)`, then
    /// `free(*out)`) gets no bit: the block dies in the call, and so does its shadow.
    pub fn call_keep_stored(&self, args: &[Value]) -> u64 {
        let local = self.local_pointers();
        let freed = self.freed_places();
        args.iter()
            .enumerate()
            .take(64)
            .filter(|(_, a)| {
                self.src.dfg.value_type(**a).is_ptr()
                    && !local.contains(a)
                    && !self.inert_pointer(**a)
                    && self.user_memory(**a)
                    && !self.place(**a).is_some_and(|at| freed.contains(&at))
            })
            .fold(0, |m, (k, _)| m | 1 << k)
    }

    /// The places from which this function loads pointers that it passes to `free` or
    /// `realloc`.
    fn freed_places(&self) -> Vec<(Value, i64)> {
        let f = self.src;
        let mut out = Vec::new();
        for b in f.layout.blocks() {
            for i in f.layout.block_insts(b) {
                let data = self.data(i);
                if let Some(at) = self.freed_operand(&data).and_then(|a| self.loaded_from(a)).filter(|at| !out.contains(at)) {
                    out.push(at);
                }
            }
        }
        out
    }

    /// The pointer a call passes to `free` or `realloc`, if it is one of those.
    fn freed_operand(&self, data: &InstData) -> Option<Value> {
        let InstData::Call { args, .. } = data else { return None };
        match self.call_kind(data) {
            Some(CallKind::Free(p)) => args.get(p).copied(),
            Some(CallKind::Alloc(AllocKind::Realloc)) => args.first().copied(),
            _ => None,
        }
    }

    /// The place a pointer was loaded from (`place`), where it is a load.
    fn loaded_from(&self, v: Value) -> Option<(Value, i64)> {
        let f = self.src;
        f.dfg.def_inst(v).and_then(|i| match f.dfg.inst(i) {
            InstData::Load { ptr, .. } => self.place(*ptr),
            _ => None,
        })
    }

    /// Whether memory at `addr`, which is not this function's own, outlives the top-level
    /// gradient. In the top-level gradient it is the caller's. In a called function, it is
    /// `user_memory`.
    fn store_outlives(&self, addr: Value) -> bool {
        self.decides_escapes() || self.user_memory(addr)
    }

    /// Whether `addr` comes (through offsets, loads and local slots) from a parameter of the
    /// top-level function, from one of this function's parameters its caller said outlives the
    /// gradient (`keep_stored`), or from a global.
    fn user_memory(&self, addr: Value) -> bool {
        match self.origin(addr) {
            Origin::Param(k) => self.decides_escapes() || (k < 64 && self.kept_params() & (1 << k) != 0),
            Origin::Global => true,
            Origin::Other => false,
        }
    }

    /// Where the memory an address points into comes from.
    fn origin(&self, addr: Value) -> Origin {
        let f = self.src;
        let entry = f.layout.entry_block();
        let mut v = addr;
        for _ in 0..16 {
            let Some(r) = self.root(v) else { return Origin::Other };
            match &f.dfg.values[r].def {
                ValueDef::Param(b, k) if Some(*b) == entry => return Origin::Param(*k as usize),
                ValueDef::Const(Const::Global(_)) => return Origin::Global,
                ValueDef::Result(i) => match f.dfg.inst(*i) {
                    InstData::Load { ptr, .. } => v = *ptr,
                    // A local slot the address was stored into once (a parameter at -O0).
                    InstData::Alloca { .. } => match self.only_store_into(r) {
                        Some(stored) => v = stored,
                        None => return Origin::Other,
                    },
                    _ => return Origin::Other,
                },
                _ => return Origin::Other,
            }
        }
        Origin::Other
    }

    /// The value of the only store into the local slot `slot`, if one store writes it.
    fn only_store_into(&self, slot: Value) -> Option<Value> {
        let f = self.src;
        let mut found = None;
        for b in f.layout.blocks() {
            for i in f.layout.block_insts(b) {
                let writes = match f.dfg.inst(i) {
                    InstData::Store { args: [v, p], .. } if self.root(*p) == Some(slot) => Some(*v),
                    InstData::Call { args, .. } if args.contains(&slot) => return None,
                    _ => None,
                };
                if let Some(v) = writes {
                    if found.replace(v).is_some() {
                        return None;
                    }
                }
            }
        }
        found
    }

    /// The allocations of the function whose blocks the caller can reach after it returns
    /// (computed once, as the least set): a block stored into memory that outlives the
    /// gradient (`store_outlives`), or returned where the caller keeps the result
    /// (`keep_returned`), or stored into a block that is in the set, or through a local pointer
    /// while some block is in the set; never one this function frees. (A cycle of blocks
    /// pointing to each other escapes only through a member stored outside.)
    fn outliving(&self) -> &HashSet<Inst> {
        self.outliving.get_or_init(|| {
            let flows: Vec<(Inst, Flow)> =
                self.allocations().into_iter().map(|a| (a, self.flow(a))).filter(|(_, flow)| !flow.freed).collect();
            let keep_returned = self.keeps_returned();
            let mut out = HashSet::new();
            loop {
                let before = out.len();
                for (a, flow) in &flows {
                    if flow.escapes
                        || (keep_returned && flow.returned)
                        || flow.inside.iter().any(|c| out.contains(c))
                        || (flow.inside_some && !out.is_empty())
                    {
                        out.insert(*a);
                    }
                }
                if out.len() == before {
                    return out;
                }
            }
        })
    }

    /// Follow the address allocated by `alloc` to a fixpoint.
    fn flow(&self, alloc: Inst) -> Flow {
        match self.src.dfg.result(alloc) {
            Some(r) => self.flow_from(r),
            None => Flow::default(),
        }
    }

    /// Follow the address `start` to a fixpoint.
    fn flow_from(&self, start: Value) -> Flow {
        let f = self.src;
        let mut held: HashSet<Value> = HashSet::from([start]);
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
                if flow.escapes && !flow.freed && self.freed_where_stored(&flow) {
                    flow.freed = true;
                }
                return flow;
            }
        }
    }

    /// Whether every escaping store of a block put it at a place from which the function later
    /// loads a pointer that it frees, while nothing else but null is stored there (`s->work =
    /// malloc(...)`, ..., `free(s->work)` with `s` the caller's struct): the block dies in the
    /// call, and so does its shadow. (Before, such a block counted as handed to the caller, and
    /// its shadow leaked.)
    fn freed_where_stored(&self, flow: &Flow) -> bool {
        !flow.stored_at.is_empty()
            && flow.stored_at.iter().all(|at| {
                at.is_some_and(|at| flow.freed_from.contains(&at) && self.stores_at(at) == 1)
            })
    }

    /// The number of stores of values other than null to the place `at`, or `usize::MAX` when
    /// some store's place cannot be told (it might be `at`).
    fn stores_at(&self, at: (Value, i64)) -> usize {
        let f = self.src;
        let mut n = 0usize;
        for b in f.layout.blocks() {
            for i in f.layout.block_insts(b) {
                let InstData::Store { args: [v, p], .. } = f.dfg.inst(i) else { continue };
                if !f.dfg.value_type(*v).is_ptr() || self.null_pointer(*v) {
                    continue;
                }
                match self.place(*p) {
                    Some(q) if q == at => n += 1,
                    Some(q) if q.0 == at.0 => {}
                    // Into another object: a different place unless the base is unknown.
                    Some((base, _)) if self.is_object(base) && self.is_object(at.0) => {}
                    _ => return usize::MAX,
                }
            }
        }
        n
    }

    /// A base that names one object: a parameter, an `alloca`, an allocation, a global.
    fn is_object(&self, v: Value) -> bool {
        match &self.src.dfg.values[v].def {
            ValueDef::Param(..) | ValueDef::Const(Const::Global(_)) => true,
            ValueDef::Result(i) => matches!(self.src.dfg.inst(*i), InstData::Alloca { .. })
                || matches!(self.call_kind(&self.data(*i)), Some(CallKind::Alloc(_))),
            _ => false,
        }
    }

    /// The place `p` addresses, as a base and a constant byte offset: through constant offsets,
    /// casts, and loads of a local slot that one store fills (a parameter spilled at -O0).
    fn place(&self, mut p: Value) -> Option<(Value, i64)> {
        let f = self.src;
        let mut off = 0i64;
        for _ in 0..64 {
            let Some(i) = f.dfg.def_inst(p) else { return Some((p, off)) };
            match f.dfg.inst(i) {
                InstData::PtrAdd { args: [base, o] } => {
                    let ValueDef::Const(Const::Int(n)) = &f.dfg.values[*o].def else { return None };
                    off = off.wrapping_add(*n as u64 as i64);
                    p = *base;
                }
                InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, arg } => p = *arg,
                InstData::Load { ptr, .. } => {
                    let slot = *ptr;
                    let is_slot = f.dfg.def_inst(slot).is_some_and(|s| matches!(f.dfg.inst(s), InstData::Alloca { .. }));
                    if !is_slot {
                        return Some((p, off));
                    }
                    let mut stored = f.layout.blocks().flat_map(|b| f.layout.block_insts(b)).filter_map(|s| match f.dfg.inst(s) {
                        InstData::Store { args: [v, q], .. } if self.root(*q) == Some(slot) => Some((*v, *q == slot)),
                        _ => None,
                    });
                    match (stored.next(), stored.next()) {
                        (Some((v, true)), None) => p = v,
                        _ => return None,
                    }
                }
                _ => return Some((p, off)),
            }
        }
        None
    }

    fn flow_inst(&self, inst: Inst, held: &mut HashSet<Value>, slots: &mut HashSet<Value>, flow: &mut Flow) {
        let f = self.src;
        let data = self.data(inst);
        for bc in f.dfg.inst(inst).successors() {
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
                    Some((_, i)) if matches!(self.call_kind(&self.data(i)), Some(CallKind::Alloc(_))) => flow.inside.push(i),
                    _ if self.local_pointers().contains(p) => flow.inside_some = true,
                    _ => {
                        flow.escapes |= self.store_outlives(*p);
                        let at = self.place(*p);
                        if !flow.stored_at.contains(&at) {
                            flow.stored_at.push(at);
                        }
                    }
                }
                false
            }
            InstData::Ret { arg: Some(v) } => {
                if held.contains(v) {
                    flow.returned = true;
                }
                false
            }
            InstData::Call { .. } => {
                let freed = self.freed_operand(&data);
                if freed.is_some_and(|a| held.contains(&a)) {
                    flow.freed = true;
                }
                // A pointer loaded from a place: freed there, whatever block it holds.
                if let Some(at) = freed.and_then(|a| self.loaded_from(a)).filter(|at| !flow.freed_from.contains(at)) {
                    flow.freed_from.push(at);
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

impl RevCtx<'_, '_> {
    /// The allocator calls of the function.
    fn allocations(&self) -> Vec<Inst> {
        let f = self.src;
        f.layout
            .blocks()
            .flat_map(|b| f.layout.block_insts(b))
            .filter(|&i| matches!(self.call_kind(&self.data(i)), Some(CallKind::Alloc(_))))
            .collect()
    }

    /// The pointers of the function that point only into memory it allocated itself (its stack
    /// slots and heap blocks) or are null: allocations, addresses computed from local pointers,
    /// `select`s and block parameters of local pointers, and loads through local pointers while
    /// the function's own memory holds no other pointers (nothing stores a pointer of other
    /// provenance into it, copies into it from other memory, or lets a call that may store one
    /// reach it). Computed once, as the largest set these rules keep.
    pub(super) fn local_pointers(&self) -> &HashSet<Value> {
        self.local_ptrs.get_or_init(|| {
            let f = self.src;
            let entry = f.layout.entry_block();
            // What flows into each block parameter.
            let mut incoming: HashMap<Value, Vec<Value>> = HashMap::new();
            let mut local = HashSet::new();
            for b in f.layout.blocks() {
                if Some(b) != entry {
                    local.extend(f.dfg.block_params(b).iter().copied().filter(|p| f.dfg.value_type(*p).is_ptr()));
                }
                for i in f.layout.block_insts(b) {
                    for bc in f.dfg.inst(i).successors() {
                        for (a, p) in bc.args.iter().zip(f.dfg.block_params(bc.block)) {
                            incoming.entry(*p).or_default().push(*a);
                        }
                    }
                    let data = self.data(i);
                    let Some(r) = f.dfg.result(i).filter(|r| f.dfg.value_type(*r).is_ptr()) else { continue };
                    let candidate = match &data {
                        InstData::Alloca { .. }
                        | InstData::PtrAdd { .. }
                        | InstData::Select { .. }
                        | InstData::Load { .. }
                        | InstData::Unary { op: UnaryOp::Freeze, .. }
                        | InstData::Cast { op: CastOp::Bitcast | CastOp::AddrSpaceCast, .. } => true,
                        InstData::Call { .. } => matches!(self.call_kind(&data), Some(CallKind::Alloc(_))),
                        _ => false,
                    };
                    if candidate {
                        local.insert(r);
                    }
                }
            }
            loop {
                let clean = self.own_memory_clean(&local);
                let is = |v: &Value| local.contains(v) || self.null_pointer(*v);
                let gone: Vec<Value> = local
                    .iter()
                    .copied()
                    .filter(|v| match f.dfg.values[*v].def {
                        ValueDef::Param(..) => !incoming.get(v).is_some_and(|args| args.iter().all(is)),
                        ValueDef::Result(i) => match self.data(i) {
                            InstData::PtrAdd { args: [base, _] } => !is(&base),
                            InstData::Cast { arg, .. } | InstData::Unary { arg, .. } => !is(&arg),
                            InstData::Select { args: [_, t, e] } => !(is(&t) && is(&e)),
                            InstData::Load { ptr, .. } => !(clean && local.contains(&ptr)),
                            _ => false,
                        },
                        _ => true,
                    })
                    .collect();
                if gone.is_empty() {
                    return local;
                }
                for v in gone {
                    local.remove(&v);
                }
            }
        })
    }

    /// Whether no instruction may put a pointer other than a `local` one (or null, or the
    /// address of code or of a constant global, which nothing stores through) into memory that
    /// a `local` pointer reaches.
    fn own_memory_clean(&self, local: &HashSet<Value>) -> bool {
        let f = self.src;
        // A word loaded from the function's own memory moves no other pointer into it.
        let own_word = |v: Value| match f.dfg.values[v].def {
            ValueDef::Result(i) => matches!(f.dfg.inst(i), InstData::Load { ptr, .. } if local.contains(ptr)),
            _ => false,
        };
        // The bits of a local pointer (`ptrtoint`: a std::unique_ptr moved into a vector's
        // buffer at -O1 and above) move no other pointer in either.
        let local_bits = |v: Value| match f.dfg.values[v].def {
            ValueDef::Result(i) => matches!(f.dfg.inst(i), InstData::Cast { op: CastOp::PtrToInt, arg } if local.contains(arg)),
            _ => false,
        };
        let harmless = |v: Value| local.contains(&v) || self.inert_pointer(v) || own_word(v) || local_bits(v);
        let is_local = |v: &Value| local.contains(v);
        for b in f.layout.blocks() {
            for i in f.layout.block_insts(b) {
                let data = self.data(i);
                let dirty = match &data {
                    InstData::Store { args: [v, p], .. } => is_local(p) && self.may_hold_pointer(*v) && !harmless(*v),
                    InstData::AtomicRmw { args: [p, v], .. } => is_local(p) && self.may_hold_pointer(*v) && !harmless(*v),
                    InstData::CmpXchg { args: [p, _, v], .. } => is_local(p) && self.may_hold_pointer(*v) && !harmless(*v),
                    // `realloc` copies the old block's words into the new one.
                    InstData::Call { args, .. } if matches!(self.call_kind(&data), Some(CallKind::Alloc(AllocKind::Realloc))) => {
                        args.first().is_some_and(|old| !harmless(*old))
                    }
                    InstData::Call { callee, args, sig, .. } => {
                        let reaches = args.iter().any(is_local);
                        reaches
                            && match self.call_kind(&data) {
                                Some(CallKind::MemTransfer) => {
                                    is_local(&args[0]) && !args.get(1).is_some_and(|s| harmless(*s) || self.copies_floats_only(args[0], *s))
                                }
                                Some(CallKind::MaskedStore) => args.first().is_some_and(|v| self.may_hold_pointer(*v)),
                                Some(
                                    CallKind::MemSet
                                    | CallKind::Free(_)
                                    | CallKind::Alloc(_)
                                    | CallKind::Rule(_)
                                    | CallKind::ReduceFAdd
                                    | CallKind::ReduceSelect
                                    | CallKind::ReduceFMul
                                    | CallKind::SplitFloat
                                    | CallKind::MaskedLoad,
                                ) => false,
                                Some(CallKind::Inactive) => !matches!(callee, Callee::Direct(n) if n.starts_with("llvm.")),
                                Some(CallKind::Mirror) => !args.iter().all(|a| !self.may_hold_pointer(*a) || harmless(*a)),
                                Some(CallKind::Defined(_) | CallKind::Indirect) => {
                                    let stores = self.callee_stores(callee, sig);
                                    stores & STORES_FOREIGN != 0
                                        || args.iter().enumerate().any(|(k, a)| {
                                            let bit = 1u64 << k.min(61);
                                            stores & bit != 0 && (k >= 61 || (self.may_hold_pointer(*a) && !harmless(*a)))
                                        })
                                }
                                _ => true,
                            }
                    }
                    _ => false,
                };
                if dirty {
                    return false;
                }
            }
        }
        true
    }

    /// Whether type analysis sees only floats, and no pointers, in the memory a copy from `src`
    /// to `dst` reads and writes (a `std::vector<double>` filled from the user's `double *`):
    /// such a copy moves no pointer into the function's own memory.
    fn copies_floats_only(&self, dst: Value, src: Value) -> bool {
        let Some(types) = self.types.as_ref() else { return false };
        [dst, src].iter().all(|p| {
            let l = types.pointee(*p);
            l.holds_float() && !l.holds_pointer()
        })
    }

    /// The provenance of what a defined or indirect callee may store where its caller can load
    /// it (`Generator::stores`; every bit where unknown).
    fn callee_stores(&self, callee: &Callee, sig: &catalase_ir::inst::Signature) -> u64 {
        match callee {
            Callee::Direct(name) => self.gen.stores.get(name).copied().unwrap_or(u64::MAX),
            Callee::Indirect(_) => {
                let module = self.gen.module;
                let targets: Vec<&catalase_ir::Function> = self
                    .gen
                    .env
                    .indirect_targets
                    .iter()
                    .filter_map(|t| module.find_function(t).map(|id| module.function(id)))
                    .filter(|f| !f.is_declaration() && f.sig.params == sig.params && f.sig.ret == sig.ret)
                    .collect();
                if targets.is_empty() {
                    return u64::MAX;
                }
                targets.iter().fold(0, |m, f| m | self.gen.stores.get(&f.name).copied().unwrap_or(u64::MAX))
            }
        }
    }

    /// Whether a value stored to memory may be (or carry the bits of) a pointer.
    fn may_hold_pointer(&self, v: Value) -> bool {
        let ty = self.src.dfg.value_type(v);
        if ty.has_ptr() {
            return true;
        }
        // An integer as wide as a pointer: the bits of one (`ptrtoint`, a copied word).
        *ty.scalar() == Type::I64 && !matches!(self.src.dfg.values[v].def, ValueDef::Const(_)) && self.int_from_pointer(v, 8)
    }

    /// Whether the integer `v` may come from a pointer's bits: a `ptrtoint`, a load, a
    /// parameter, or arithmetic on those (followed `depth` deep).
    fn int_from_pointer(&self, v: Value, depth: u32) -> bool {
        let f = self.src;
        match f.dfg.values[v].def {
            ValueDef::Const(_) => false,
            ValueDef::Result(i) if depth > 0 => match f.dfg.inst(i) {
                InstData::Cast { op: CastOp::PtrToInt, .. } | InstData::Load { .. } | InstData::Call { .. } => true,
                InstData::Binary { args, .. } => args.iter().any(|a| self.int_from_pointer(*a, depth - 1)),
                InstData::Select { args: [_, t, e] } => self.int_from_pointer(*t, depth - 1) || self.int_from_pointer(*e, depth - 1),
                InstData::Cast { op: CastOp::ZExt | CastOp::SExt | CastOp::Trunc | CastOp::Bitcast, arg } => self.int_from_pointer(*arg, depth - 1),
                InstData::Icmp { .. } | InstData::Fcmp { .. } => false,
                _ => true,
            },
            _ => true,
        }
    }

    /// A null pointer constant.
    fn null_pointer(&self, v: Value) -> bool {
        matches!(&self.src.dfg.values[v].def, ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison))
    }

    /// A pointer nothing stores through: null, the address of a function or of a constant
    /// global (a vtable), or an address computed from one.
    fn inert_pointer(&self, v: Value) -> bool {
        let Some(root) = self.root(v) else { return false };
        match &self.src.dfg.values[root].def {
            ValueDef::Const(Const::Null | Const::Zero | Const::Undef | Const::Poison) => true,
            ValueDef::Const(Const::Global(name)) => {
                let module = self.gen.module;
                module.find_function(name).is_some() || module.find_global(name).is_some_and(|g| g.constant)
            }
            _ => false,
        }
    }
}
