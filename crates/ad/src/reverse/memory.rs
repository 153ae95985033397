//! Memory in reverse mode. Shadow memory has the primal's layout, as in forward mode.
//!
//! The forward sweep makes every pointer's shadow where the pointer is made (a `ptradd` on the
//! base's shadow, a shadow `alloca` or heap allocation, zeroed; a pointer loaded from memory
//! has its shadow loaded from the shadow memory) and mirrors stores of pointers into shadow
//! memory. Float data in shadow memory is left alone there: in reverse mode it holds adjoints
//! (the caller's seeds for outputs, the gradients accumulated for inputs).
//!
//! The reverse sweep moves adjoints through memory: the adjoint of `y = load p` is
//! `shadow(p) += ȳ`; the adjoint of `store v, p` reads `shadow(p)` into `v̄` and zeroes it
//! (what the store overwrote no longer influences anything); `memset` zeroes the shadow range;
//! a shadow heap allocation is freed where the reverse sweep passes its allocation. Primal
//! values the adjoints read are cached on the tape when they are read, so later overwrites of
//! the primal memory cannot change them.
//!
//! Pointers whose shadow may be the primal standing in (`Shadows::is_mixed`) are guarded at run
//! time as `crate::standin` says: a read gives zero, an accumulation goes to scratch memory.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{Callee, InstData, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC, UnaryOp};
use catalase_ir::function::ValueDef;
use catalase_ir::{Const, Inst, Type, Value};
use catalase_analysis::types::Kind;

use super::augmented::RevCtx;
use crate::calls::{AllocKind, CallKind};
use crate::forward::memory::{memset_zero, widen_to_i64};
use crate::activity as shadows;
use super::tape::Item;
use std::collections::HashMap;
use crate::standin::{shadow_access, ShadowAccess, ShadowUse};

/// What the shadow of an address computed as an integer comes from (`address_source`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AddressBase {
    /// The address is `ptrtoint` of this pointer: its shadow.
    Pointer(Value),
    /// The address is the bits of a pointer (`pointer_bits`): the bits of its shadow.
    Bits,
}

impl RevCtx<'_, '_> {
    /// Whether a source value is a pointer (or a vector of pointers, or an integer holding
    /// one) with a shadow.
    pub fn pointer_shadow(&self, v: Value) -> bool {
        let ty = self.src.dfg.value_type(v);
        self.shadows.has(v) && (ty.is_ptr_or_vector() || super::is_pointer_aggregate(ty) || self.pointer_bits(v))
    }

    /// Whether `v` is the bits of a pointer with a shadow of its own, the bits of the shadow
    /// pointer: an `i64` loaded from memory that type analysis says holds a pointer (an 8-byte
    /// struct copy, a C++ iterator at -O0, that instcombine made an integer load and store),
    /// or an `i64` parameter passed with a shadow (argument promotion passing the pointer a
    /// slot held). Its shadow is loaded and stored as the primal is. (Integers computed from
    /// addresses, `ptrtoint` and what follows, keep no shadow of their own: `address_source`
    /// makes it where an `inttoptr`, a store or a call needs it.)
    /// So is an `i64` that is only stored again where type analysis cannot tell what it holds,
    /// or finds it holds different kinds (an 8-byte copy of a closure in libstdc++'s
    /// `std::function::_M_create`, whose layout only each caller knows; its summary joins them
    /// all), unless the declared type of the object it is copied from says it holds something
    /// else (`copied_kinds`: a double there carries an adjoint, `adjoint_type`): its shadow
    /// bits travel with it, as the shadow bytes of pointers and integers do through a
    /// `memcpy`, so that a copied pointer keeps its shadow. Where type analysis saw a float
    /// among the kinds and the declaration does not settle it, `check_float_bits` refuses.
    /// So is a select or block parameter that merges such bits and addresses (`merged_bits`).
    /// A vector of `i64` loaded and stored again (SLP's `<2 x i64>` move of two pointers, a
    /// `std::vector<std::unique_ptr<T>>` relocating its elements) is such bits lane by lane.
    pub fn pointer_bits(&self, v: Value) -> bool {
        self.merged_bits.contains(&v) || self.loaded_bits(v)
    }

    /// `pointer_bits` but for merges: an `i64` load or parameter.
    fn loaded_bits(&self, v: Value) -> bool {
        use catalase_analysis::types::Concrete;
        let ty = self.src.dfg.value_type(v);
        if let Type::Vector(_, elem) = ty {
            if **elem != Type::I64 {
                return false;
            }
            let ValueDef::Result(i) = self.src.dfg.values[v].def else { return false };
            return matches!(self.src.dfg.inst(i), InstData::Load { .. })
                && self.types.as_ref().is_some_and(|t| t.value_type(v) == Concrete::Pointer);
        }
        if !matches!(ty, Type::Int(64)) {
            return false;
        }
        match self.src.dfg.values[v].def {
            ValueDef::Result(i) => {
                matches!(self.src.dfg.inst(i), InstData::Load { .. })
                    && self.types.as_ref().is_some_and(|t| match t.value_type(v) {
                        Concrete::Pointer => true,
                        Concrete::Unknown | Concrete::Anything => {
                            self.copied_bits.contains(&v) && self.copied_kinds.get(&v).is_none_or(|k| *k == Concrete::Pointer)
                        }
                        _ => false,
                    })
            }
            // The caller passed a pointer's bits with their shadow (argument promotion).
            ValueDef::Param(b, k) => Some(b) == self.src.entry_block() && self.req.args.get(k as usize).is_some_and(|a| a.has_shadow()),
            _ => false,
        }
    }

    /// The shadow of a source pointer: popped in the reverse sweep, made in the forward sweep,
    /// or the shadow of a constant.
    pub fn s(&mut self, v: Value) -> Option<Value> {
        if let Some(s) = self.spopped[self.lane].get(&v) {
            return Some(*s);
        }
        let data = &self.src.dfg.values[v];
        let constant = matches!(data.def, catalase_ir::function::ValueDef::Const(_));
        if self.in_reverse && !constant && self.plan.plan(v) == super::tape::Plan::Cached && self.pointer_shadow(v) {
            panic!("the shadow of {v} of `{}` read by the reverse sweep without being popped or made again", self.src.name);
        }
        if let Some(s) = self.smap_get(v) {
            return Some(s);
        }
        let catalase_ir::function::ValueDef::Const(c) = &data.def else { return None };
        if !data.ty.is_ptr_or_vector() {
            return None;
        }
        shadows::shadow_const(self.gen.module, c)?;
        let (ty, c) = (data.ty.clone(), c.clone());
        let shadow = self.lane_shadow_const(&c);
        Some(self.out.dfg.make_const(ty, shadow))
    }

    /// The current lane's shadow of a constant `shadow_const` accepts: each lane of a batched
    /// gradient has its own shadow of a mutable global (`Generator::note_shadow_global_lanes`).
    fn lane_shadow_const(&mut self, c: &Const) -> Const {
        match c {
            Const::Global(name) => {
                let mut names = self.gen.note_shadow_global_lanes(name, self.req.width, true);
                Const::Global(names.swap_remove(self.lane))
            }
            Const::Aggregate(items) => Const::Aggregate(items.iter().map(|i| self.lane_shadow_const(i)).collect()),
            _ => Const::Null,
        }
    }

    /// The shadow of a pointer, or the pointer itself standing in where it has none.
    pub fn s_or_standin(&mut self, v: Value) -> Value {
        match self.s(v) {
            Some(s) => s,
            None => self.p(v),
        }
    }

    fn access(&mut self, ptr: Value, use_: ShadowUse) -> ShadowAccess {
        let has = self.pointer_shadow(ptr) || self.s(ptr).is_some();
        shadow_access(has, self.shadows.is_mixed(ptr), use_)
    }

    /// What a run-time check of a loaded shadow pointer reports (`crate::stale`).
    fn stale_shadow(&self) -> Diagnostic {
        self.locate(self.error(
            DiagKind::Unsupported,
            crate::stale::MESSAGE,
            crate::stale::HELP,
        ))
    }

    fn stand_in_refused(&self) -> Diagnostic {
        self.error(
            DiagKind::Unsupported,
            "a pointer may point to active or to inactive memory (it merges a pointer passed with enzyme_dup and one without a shadow)",
            "pass every pointer that can reach this instruction with enzyme_dup, with its own shadow buffer",
        )
    }

    /// Refuse loads and stores reverse mode cannot differentiate.
    pub fn check_memory(&self, data: &InstData) -> Result<(), Diagnostic> {
        self.check_float_bits(data)?;
        match data {
            InstData::Load { ptr, .. } => {
                let ty = self.src.dfg.value_type(*ptr);
                if ty.is_vector() && self.pointer_shadow(*ptr) {
                    return Err(self.error(DiagKind::Unsupported, "reverse mode does not differentiate loads through vectors of pointers yet", "use __enzyme_fwddiff for this function"));
                }
                Ok(())
            }
            InstData::Store { args: [val, ptr], .. } => {
                let vty = self.src.dfg.value_type(*val);
                if self.shadows.has(*val) && vty.has_float() && !super::carries_adjoint(vty) {
                    return Err(self.error(DiagKind::Unsupported, format!("reverse mode does not differentiate stores of aggregate type {vty} yet"), "store the fields one by one, or use __enzyme_fwddiff"));
                }
                // Memory allocated here gets no shadow only when nothing useful reads it back.
                if self.active(*val) && !self.pointer_shadow(*ptr) && self.s_const(*ptr).is_none() && !self.local_allocation(*ptr) {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        "an active value is stored to memory that has no shadow; its derivative would be lost",
                        "pass the destination with enzyme_dup and a shadow buffer, or mark the global it belongs to inactive",
                    ));
                }
                if self.src.dfg.value_type(*ptr).is_vector() && self.pointer_shadow(*ptr) {
                    return Err(self.error(DiagKind::Unsupported, "reverse mode does not differentiate stores through vectors of pointers yet", "use __enzyme_fwddiff for this function"));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A float moved through an integer load or store (an 8-byte `memcpy` that instcombine
    /// turned into `i64`, a union): type analysis sees the bytes are a float, and reverse mode
    /// would drop the adjoint they carry, so it refuses.
    fn check_float_bits(&self, data: &InstData) -> Result<(), Diagnostic> {
        let (v, ptr) = match data {
            InstData::Load { ptr, .. } => match self.cur.and_then(|i| self.src.dfg.result(i)) {
                Some(r) => (r, *ptr),
                None => return Ok(()),
            },
            InstData::Store { args: [val, ptr], .. } => (*val, *ptr),
            _ => return Ok(()),
        };
        let ty = self.src.dfg.value_type(v);
        if !ty.scalar().is_int() || !self.shadows.has(v) || !(self.pointer_shadow(ptr) || self.s_const(ptr).is_some()) {
            return Ok(());
        }
        if self.adjoint_type(v).is_some() {
            return Ok(());
        }
        let Some(types) = &self.types else { return Ok(()) };
        // Copied bytes type analysis saw used as a float and as something else (an 8-byte copy
        // in a function that copies for callers keeping different things there), which the
        // declared type of the copy's source does not settle (`copied_kinds`): were they a
        // float, its adjoint would be lost. (Integers used otherwise are left alone: the
        // analysis joins the kinds of unrelated data that shares memory or a summary, a
        // tape's words, a list node's size beside its double.)
        let kind = types.layer(v).cell_at(0).kind;
        let floats = [Kind::F16, Kind::BF16, Kind::F32, Kind::F64];
        if self.copied_bits.contains(&v) && !self.copied_kinds.contains_key(&v) && kind.is_conflict() && floats.iter().any(|f| kind.contains(*f)) {
            return Err(self.error(
                DiagKind::CannotDeduceType,
                format!(
                    "this integer {} ({ty}) copies bytes that type analysis finds used as {}, in this function or in the functions that share it, and the declared type of where they come from does not say which they are here; the adjoint of a floating-point value copied so would be lost",
                    if matches!(data, InstData::Load { .. }) { "load" } else { "store" },
                    kind.names().join(" and as ")
                ),
                "copy the value with its own type (assign it, or memcpy a struct of one type), use one copy function for one kind of value only, or use __enzyme_fwddiff",
            ));
        }
        let known = (0..ty.store_size().max(1) as i64).step_by(ty.scalar().store_size().max(1) as usize).map(|o| types.value_type_at(v, o));
        if let Some(k) = known.into_iter().find(|k| k.is_float()) {
            return Err(self.error(
                DiagKind::Unsupported,
                format!("a floating-point value ({k}) is moved through the integer type {ty}; reverse mode does not carry adjoints through integer loads and stores yet"),
                "copy the value with its floating-point type (not an 8-byte memcpy or a union), or use __enzyme_fwddiff",
            ));
        }
        Ok(())
    }

    /// Whether `ptr` points into an `alloca` or a heap block allocated by this function.
    pub(super) fn local_allocation(&self, ptr: Value) -> bool {
        use catalase_ir::function::ValueDef;
        // Block parameters merge allocations (LLVM duplicates a loop body's `malloc` into both
        // arms of a branch): each incoming value must be one, or null.
        let f = self.src;
        let mut seen = std::collections::HashSet::new();
        let mut work = vec![ptr];
        while let Some(v) = work.pop() {
            let Some(root) = self.root(v) else { return false };
            if seen.len() > 64 {
                return false;
            }
            if !seen.insert(root) {
                continue; // a loop of block parameters
            }
            match f.dfg.values[root].def {
                ValueDef::Param(block, k) if Some(block) != f.layout.entry_block() => {
                    let incoming = self.block_incoming(block, k as usize);
                    if incoming.is_empty() {
                        return false;
                    }
                    work.extend(incoming.into_iter().filter(|a| !matches!(f.dfg.values[*a].def, ValueDef::Const(Const::Null))));
                }
                ValueDef::Result(i) => match f.dfg.inst(i) {
                    InstData::Alloca { .. } => {}
                    // An `invoke` of an allocator (`operator new` where an exception may unwind) too.
                    InstData::Call { .. } | InstData::Invoke { .. } if matches!(self.call_kind(&self.data(i)), Some(CallKind::Alloc(_))) => {}
                    _ => return false,
                },
                _ => return false,
            }
        }
        true
    }

    /// The values the branches into `block` pass as its `k`th parameter.
    fn block_incoming(&self, block: catalase_ir::Block, k: usize) -> Vec<Value> {
        let f = self.src;
        let mut out = Vec::new();
        for b in f.layout.blocks() {
            for i in f.layout.block_insts(b) {
                for bc in f.dfg.inst(i).successors() {
                    if bc.block == block {
                        out.extend(bc.args.get(k).copied());
                    }
                }
            }
        }
        out
    }

    pub fn s_const(&self, v: Value) -> Option<Const> {
        let data = &self.src.dfg.values[v];
        match &data.def {
            catalase_ir::function::ValueDef::Const(c) if data.ty.is_ptr_or_vector() => shadows::shadow_const(self.gen.module, c),
            _ => None,
        }
    }

    /// Whether an instruction without an active result still has work in the reverse sweep:
    /// a float store or a `memset` into shadow memory, a shadow allocation to free.
    pub fn memory_work(&self, data: &InstData, call: Option<&CallKind>) -> bool {
        match (data, call) {
            (InstData::Store { args: [val, ptr], .. }, _) => {
                self.adjoint_type(*val).is_some() && (self.pointer_shadow(*ptr) || self.s_const(*ptr).is_some())
            }
            (InstData::Call { args, .. }, Some(CallKind::MemSet | CallKind::MemTransfer)) => self.pointer_shadow(args[0]),
            (InstData::Call { .. }, Some(CallKind::MaskedStore)) => self.masked_work(data),
            (InstData::AtomicRmw { .. }, _) => self.atomic_work(data),
            // The shadow allocation is freed where the reverse sweep passes it.
            (InstData::Call { .. }, Some(CallKind::Alloc(_))) => self.cur.and_then(|i| self.src.dfg.result(i)).is_some_and(|r| self.pointer_shadow(r)),
            (InstData::Alloca { .. }, _) if self.part != super::Part::Combined => {
                self.cur.and_then(|i| self.src.dfg.result(i)).is_some_and(|r| self.pointer_shadow(r))
            }
            // A heap block is freed there too (`heap`).
            (InstData::Alloca { .. }, _) => self.cur.is_some_and(|i| self.heap_allocas.contains(&i)),
            _ => false,
        }
    }

    // ----- the forward sweep -----

    /// Make the shadow of `inst`'s result when it is a pointer with one, and mirror stores of
    /// pointers into shadow memory. (The primal is already emitted.)
    pub fn forward_shadow(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let data = self.data(inst);
        if let InstData::Store { args: [val, ptr], mem } = data {
            return self.mirror_pointer_store(val, ptr, mem);
        }
        if let Some(CallKind::MemTransfer) = self.call_kind(&data) {
            return self.forward_copy(inst);
        }
        if let Some(CallKind::Mirror) = self.call_kind(&data) {
            return self.forward_mirror(inst);
        }
        if self.forward_masked(inst)? {
            return Ok(());
        }
        let Some(r) = self.src.dfg.result(inst).filter(|r| self.pointer_shadow(*r)) else { return Ok(()) };
        let ty = self.src.dfg.value_type(r).clone();
        let shadow = match &data {
            InstData::PtrAdd { args: [base, offset] } => {
                let (sb, off) = (self.s_or_standin(*base), self.p(*offset));
                self.ins(|b| b.ptradd(sb, off))
            }
            // A select of pointer bits (`find_merged_bits`): the select of their shadow bits.
            InstData::Select { args: [c, t, f] } if ty.is_int() => {
                let (c, t, f) = (self.p(*c), self.merge_shadow_bits(*t), self.merge_shadow_bits(*f));
                self.ins(|b| b.select(c, t, f))
            }
            InstData::Select { args: [c, t, f] } => {
                let (c, t, f) = (self.p(*c), self.s_or_standin(*t), self.s_or_standin(*f));
                self.ins(|b| b.select(c, t, f))
            }
            // `freeze` of a pointer (LLVM's loop unswitching): the shadow frozen alike.
            InstData::Unary { op: UnaryOp::Freeze, arg } => {
                let s = self.s_or_standin(*arg);
                self.ins(|b| b.unary(UnaryOp::Freeze, s))
            }
            InstData::Cast { op: op @ (CastOp::Bitcast | CastOp::AddrSpaceCast), arg } if self.src.dfg.value_type(*arg).is_ptr_or_vector() => {
                let (op, s) = (*op, self.s_or_standin(*arg));
                self.ins(|b| b.cast(op, s, ty.clone()))
            }
            // A pointer back from its bits: from the bits of the shadow (an integer loaded from
            // memory that holds a pointer), or the shadow itself (`inttoptr (ptrtoint p)`), at the
            // same offset when the address was moved as an integer.
            InstData::Cast { op: CastOp::IntToPtr, arg } if self.address_source(*arg).is_some() => {
                self.shadow_of_address(*arg).expect("an address")
            }
            InstData::Load { ptr, mem } => {
                match self.access(*ptr, ShadowUse::Read) {
                    // Through a stand-in (shadow == primal) the load reads the primal pointer:
                    // a stand-in again, which is what the result (mixed) must hold.
                    ShadowAccess::Own | ShadowAccess::Guarded => {}
                    ShadowAccess::Absent => return Ok(()),
                    _ => return Err(self.stand_in_refused()),
                }
                let sp = self.s(*ptr).expect("a shadow");
                let mem = shadow_mem(*mem);
                let loaded = self.ins(|b| b.load(ty.clone(), sp, mem));
                if ty == Type::PTR && self.types.as_ref().is_some_and(|t| crate::stale::worth_checking(&t.pointee(r))) {
                    let msg = crate::stale::prepare(self.gen, crate::stale::message(&self.stale_shadow()));
                    let primal = self.p(r);
                    self.ins(|b| crate::stale::call(b, primal, loaded, &msg));
                }
                loaded
            }
            // The parts of a call run in two frames: the shadow of a stack slot must outlive the
            // augmented part, so it goes on the heap, freed by the reverse part.
            // So does the shadow of a dynamic alloca on the heap in a combined gradient (`heap`).
            InstData::Alloca { ty: elem, count, align } if self.part != super::Part::Combined || self.heap_allocas.contains(&inst) => {
                let (count, elem, align) = (self.p(*count), elem.clone(), *align);
                self.ins(|b| {
                    let bytes = super::heap::alloca_bytes(b, &elem, count);
                    super::heap::heap_block(b, bytes, align, true)
                })
            }
            InstData::Alloca { ty: elem, count, align } => {
                let padded = self.slot_padding(elem, *count);
                let count = self.p(*count);
                let (elem, align) = (elem.clone(), *align);
                self.ins(|b| {
                    let base = match padded {
                        Some(bytes) => {
                            let one = b.iconst(Type::I32, 1);
                            b.alloca(Type::array(bytes, Type::I8), one, align)
                        }
                        None => b.alloca(elem.clone(), count, align),
                    };
                    let n = widen_to_i64(b, count);
                    let size = b.iconst(Type::I64, elem.alloc_size() as i128);
                    let bytes = b.binary(BinaryOp::Mul, n, size);
                    memset_zero(b, base, bytes);
                    base
                })
            }
            InstData::Call { .. } => match self.call_kind(&data) {
                // The shadow has the primal's usable size, so that a later `realloc` may copy
                // what the primal's usable size says.
                Some(CallKind::Alloc(AllocKind::Malloc | AllocKind::Calloc)) => {
                    let q = self.p(r);
                    self.ins(|b| {
                        let n = usable_size(b, q);
                        zeroed(b, n)
                    })
                }
                // Aligned as the primal is: the derivative accesses it with the primal's alignment.
                Some(CallKind::Alloc(AllocKind::Aligned { align, .. })) => {
                    let (q, a) = (self.p(r), self.p(data.operands()[align]));
                    self.ins(|b| {
                        let n = usable_size(b, q);
                        aligned_zeroed(b, a, n)
                    })
                }
                Some(CallKind::Alloc(AllocKind::Realloc)) => return self.forward_realloc(inst, r),
                // A registered allocator: the same call with the same arguments, zero-filled
                // over its size argument, as Enzyme makes it.
                Some(CallKind::Alloc(AllocKind::Registered { size })) => {
                    let InstData::Call { callee, args, sig, attrs } = &data else { unreachable!("a call") };
                    let pargs: Vec<Value> = args.iter().map(|a| self.p(*a)).collect();
                    let (callee, sig, attrs) = (callee.clone(), sig.clone(), attrs.clone());
                    self.ins(|b| {
                        let i = b.call(callee, sig, pargs.clone(), attrs);
                        let s = b.func.dfg.result(i).expect("an allocator returns a pointer");
                        if let Some(n) = pargs.get(size) {
                            memset_zero(b, s, *n);
                        }
                        s
                    })
                }
                _ => return Err(self.no_shadow(&data)),
            },
            // Pointers in structs (`{ptr, ptr}` returned by value): the shadow is the same
            // struct of shadows, taken apart and put together as the primal is.
            InstData::ExtractValue { arg, indices } => {
                let (s, indices) = (self.s_or_standin(*arg), indices.clone());
                self.ins(|b| b.extract_value(s, indices))
            }
            InstData::InsertValue { args: [agg, elem], indices } => {
                let sa = self.s_or_standin(*agg);
                let se = if self.pointer_shadow(*elem) || self.src.dfg.value_type(*elem).has_ptr() { self.s_or_standin(*elem) } else { self.p(*elem) };
                let indices = indices.clone();
                self.ins(|b| b.insert_value(sa, se, indices))
            }
            other => match self.vector_pointer_shadow(other) {
                Some(s) => s,
                None => return Err(self.no_shadow(&data)),
            },
        };
        self.smap_insert(r, shadow);
        Ok(())
    }

    /// A node walker or relinker of a libstdc++ container (`calls::MIRRORED`), in the current
    /// lane: the same call on the shadows of its pointer arguments (the primal call is already
    /// made), whose result is the result's shadow; the reverse sweep has nothing to do for it.
    /// Refused where some pointer arguments have shadows and some none. Where a relinker's
    /// shadows may be their primals standing in, the run time decides as in forward mode
    /// (`forward::emit_call`'s `emit_mirror`): all standing in, no shadow call; some, a trap.
    fn forward_mirror(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let data = self.data(inst);
        let InstData::Call { callee, args, sig, attrs } = &data else { unreachable!("a mirrored call") };
        let name = match callee {
            Callee::Direct(n) => n.clone(),
            Callee::Indirect(_) => "<function pointer>".to_string(),
        };
        let refusal = |c: &Self| c.error(DiagKind::Unsupported, crate::calls::mirror_message(&name), crate::calls::MIRROR_HELP);
        let result = self.src.dfg.result(inst).filter(|r| self.pointer_shadow(*r));
        let ptrs: Vec<usize> = (0..args.len()).filter(|&i| self.src.dfg.value_type(args[i]).is_ptr()).collect();
        let has = |c: &Self, a: Value| c.pointer_shadow(a) || c.s_const(a).is_some();
        if !ptrs.iter().any(|&i| self.pointer_shadow(args[i])) {
            return if result.is_some() { Err(refusal(self)) } else { Ok(()) };
        }
        if ptrs.iter().any(|&i| !has(self, args[i])) {
            return Err(refusal(self));
        }
        let walker = crate::calls::WALKERS.contains(&name.as_str());
        let mixed: Vec<usize> = if walker { vec![] } else { ptrs.iter().copied().filter(|&i| self.shadows.is_mixed(args[i])).collect() };
        let any_own = ptrs.iter().any(|i| !mixed.contains(i));
        let mut shadow_args = Vec::with_capacity(args.len());
        for &a in args {
            shadow_args.push(if self.src.dfg.value_type(a).is_ptr() { self.s(a).expect("a shadow") } else { self.p(a) });
        }
        let mixed: Vec<(usize, Value)> = mixed.iter().map(|&i| (i, self.p(args[i]))).collect();
        let skip = self.src.dfg.result(inst).map(|r| self.p(r));
        let r = self.ins(|b| crate::standin::guarded_mirror_call(b, (callee, sig, attrs), shadow_args, &mixed, any_own, skip));
        if let (Some(res), Some(r)) = (result, r) {
            self.smap_insert(res, r);
        }
        Ok(())
    }

    /// The padded size in bytes of the shadow of a stack slot of 4 KiB or more and constant
    /// length. Arrays of power-of-two sizes side by side on the stack lie a whole number of
    /// 4 KiB apart, and a load from one then waits for a store to another at the same offset
    /// modulo 4 KiB, which the processor cannot tell apart by the address bits it compares
    /// first (4K aliasing); the reverse sweep reads and writes several shadows at the same
    /// index in each iteration. Each such shadow gets a different number of cache lines after
    /// it, which puts the shadows at different offsets modulo 4 KiB.
    fn slot_padding(&mut self, elem: &Type, count: Value) -> Option<u64> {
        const PAGE: u64 = 4096;
        const LINE: u64 = 64;
        let ValueDef::Const(Const::Int(n)) = &self.src.dfg.values[count].def else { return None };
        let bytes = u64::try_from(*n).ok()?.checked_mul(elem.alloc_size())?;
        if bytes < PAGE {
            return None;
        }
        self.padded_slots += 1;
        Some(bytes + LINE * (1 + (self.padded_slots - 1) % (PAGE / LINE - 1)))
    }

    fn no_shadow(&self, data: &InstData) -> Diagnostic {
        self.error(
            DiagKind::Unsupported,
            format!("reverse mode cannot make the shadow of a pointer produced by `{}` yet", data.opcode_name()),
            "use __enzyme_fwddiff for this function, or keep pointers to active memory in plain pointer arithmetic",
        )
    }

    /// The pointer `v` is made from when it is `ptrtoint p` to a pointer-sized integer.
    pub fn ptrtoint_source(&self, v: Value) -> Option<Value> {
        let i = self.src.dfg.def_inst(v)?;
        match self.src.dfg.inst(i) {
            InstData::Cast { op: CastOp::PtrToInt, arg } if *self.src.dfg.value_type(v) == Type::I64 && self.src.dfg.value_type(*arg).is_ptr() => {
                Some(*arg)
            }
            _ => None,
        }
    }

    /// The address the integer `v` is computed from, and what its shadow comes from: `v`
    /// itself, or `v` made from it by adding or subtracting offsets, setting low bits and
    /// masking them off (`((uintptr_t)p & -16) + 16`, Eigen's aligned malloc). The address is
    /// `ptrtoint p`, or the bits of a pointer with a shadow of its own (`pointer_bits`). The
    /// shadow of `v` is the shadow of that pointer at the same offset.
    pub fn address_source(&self, v: Value) -> Option<(Value, AddressBase)> {
        self.addresses.get(&v).copied()
    }

    /// `address_source` of every integer of the function, found once in reverse postorder
    /// (an instruction's operands come before it, except through block parameters, which are
    /// addresses only as merges of pointer bits, `find_merged_bits`).
    pub(super) fn find_addresses(&self) -> HashMap<Value, (Value, AddressBase)> {
        let mut found: HashMap<Value, (Value, AddressBase)> = HashMap::new();
        let params = self.src.entry_block().map(|e| self.src.dfg.block_params(e).to_vec()).unwrap_or_default();
        for p in params.into_iter().filter(|p| self.pointer_bits(*p)) {
            found.insert(p, (p, AddressBase::Bits));
        }
        let alignment_mask = |x: Value| matches!(self.src.dfg.values[x].def, ValueDef::Const(Const::Int(m)) if m >> 63 & 1 == 1);
        for &b in &self.order {
            for &p in self.src.dfg.block_params(b) {
                if self.merged_bits.contains(&p) {
                    found.insert(p, (p, AddressBase::Bits));
                }
            }
            for i in self.src.layout.block_insts(b) {
                let Some(v) = self.src.dfg.result(i).filter(|v| *self.src.dfg.value_type(*v) == Type::I64) else { continue };
                let source = if let Some(p) = self.ptrtoint_source(v) {
                    Some((v, AddressBase::Pointer(p)))
                } else if self.pointer_bits(v) {
                    Some((v, AddressBase::Bits))
                } else if let InstData::Binary { op, args: [a, b] } = self.src.dfg.inst(i) {
                    match (op, found.get(a).copied(), found.get(b).copied()) {
                        (BinaryOp::Add | BinaryOp::Or | BinaryOp::Xor, Some(s), None)
                        | (BinaryOp::Add | BinaryOp::Or | BinaryOp::Xor, None, Some(s)) => Some(s),
                        (BinaryOp::Sub, Some(s), None) => Some(s),
                        (BinaryOp::And, Some(s), None) if alignment_mask(*b) => Some(s),
                        (BinaryOp::And, None, Some(s)) if alignment_mask(*a) => Some(s),
                        _ => None,
                    }
                } else {
                    None
                };
                if let Some(s) = source {
                    found.insert(v, s);
                }
            }
        }
        found
    }

    /// The `i64` selects and block parameters with a shadow (by the activity analysis) whose
    /// every operand is the bits of a pointer (`pointer_bits`, or such a merge itself), an
    /// address (`ptrtoint` and the arithmetic `find_addresses` follows) or a constant, not all
    /// of them constants: libstdc++'s `__minmax_element` at -O0 picks iterators it loaded as
    /// integers with a select and stores the pick into a local pair; a `uintptr_t` kept across
    /// a loop is a phi. Each has shadow bits of its own, the same merge of its operands' shadow
    /// bits (`merge_shadow_bits`; a constant stands in for itself), which a store of it writes
    /// to shadow memory and an `inttoptr` of it turns back into a shadow pointer. Found
    /// optimistically, for loops of phis: a candidate goes when an operand is none of these.
    pub(super) fn find_merged_bits(&self) -> std::collections::HashSet<Value> {
        let f = self.src;
        let entry = f.entry_block();
        let mut merges: HashMap<Value, Vec<Value>> = HashMap::new();
        for &b in &self.order {
            if Some(b) != entry {
                for (k, &p) in f.dfg.block_params(b).iter().enumerate() {
                    if *f.dfg.value_type(p) == Type::I64 && self.shadows.has(p) {
                        merges.insert(p, self.block_incoming(b, k));
                    }
                }
            }
            for i in f.layout.block_insts(b) {
                if let (Some(r), InstData::Select { args: [_, t, e] }) = (f.dfg.result(i), f.dfg.inst(i)) {
                    if *f.dfg.value_type(r) == Type::I64 && self.shadows.has(r) {
                        merges.insert(r, vec![*t, *e]);
                    }
                }
            }
        }
        let constant = |v: Value| matches!(f.dfg.values[v].def, ValueDef::Const(Const::Int(_) | Const::Zero | Const::Undef | Const::Poison));
        loop {
            let gone: Vec<Value> = merges
                .iter()
                .filter(|(_, ops)| ops.iter().all(|o| constant(*o)) || !ops.iter().all(|o| constant(*o) || self.address_like(*o, &merges, 0)))
                .map(|(v, _)| *v)
                .collect();
            if gone.is_empty() {
                return merges.into_keys().collect();
            }
            for v in gone {
                merges.remove(&v);
            }
        }
    }

    /// Whether `find_addresses` finds `v` an address once the merges in `merges` are pointer bits.
    fn address_like(&self, v: Value, merges: &HashMap<Value, Vec<Value>>, depth: u32) -> bool {
        if merges.contains_key(&v) || self.loaded_bits(v) || self.ptrtoint_source(v).is_some() {
            return true;
        }
        if depth > 16 || *self.src.dfg.value_type(v) != Type::I64 {
            return false;
        }
        let alignment_mask = |x: Value| matches!(self.src.dfg.values[x].def, ValueDef::Const(Const::Int(m)) if m >> 63 & 1 == 1);
        let Some(i) = self.src.dfg.def_inst(v) else { return false };
        let found = |x: Value| self.address_like(x, merges, depth + 1);
        match self.src.dfg.inst(i) {
            InstData::Binary { op: BinaryOp::Add | BinaryOp::Or | BinaryOp::Xor, args: [a, b] } => found(*a) != found(*b),
            InstData::Binary { op: BinaryOp::Sub, args: [a, b] } => found(*a) && !found(*b),
            InstData::Binary { op: BinaryOp::And, args: [a, b] } => {
                (alignment_mask(*b) && found(*a) && !found(*b)) || (alignment_mask(*a) && found(*b) && !found(*a))
            }
            _ => false,
        }
    }

    /// The shadow bits of `v`, an operand of a merge of pointer bits (`find_merged_bits`): its
    /// own shadow bits, the bits of the shadow of the address it is, or itself standing in (a
    /// constant, or bits without a shadow: the merge is then mixed).
    pub fn merge_shadow_bits(&mut self, v: Value) -> Value {
        if self.pointer_shadow(v) {
            return self.s_or_standin(v);
        }
        if self.address_shadowed(v) {
            let sp = self.shadow_of_address(v).expect("an address");
            return self.ins(|b| b.cast(CastOp::PtrToInt, sp, Type::I64));
        }
        self.p(v)
    }

    /// Whether the address `v` (see `address_source`) comes from a pointer with a shadow.
    pub fn address_shadowed(&self, v: Value) -> bool {
        match self.address_source(v) {
            Some((_, AddressBase::Pointer(p))) => self.pointer_shadow(p),
            Some((addr, AddressBase::Bits)) => self.pointer_shadow(addr),
            None => false,
        }
    }

    /// What the reverse sweep reads to make the shadow of the address `v` again.
    pub fn address_items(&self, v: Value) -> Vec<Item> {
        match self.address_source(v) {
            Some((addr, AddressBase::Pointer(p))) if self.pointer_shadow(p) => {
                let mut items = vec![Item::Primal(addr)];
                items.extend(self.shadow_items(p));
                items
            }
            Some((addr, AddressBase::Bits)) if self.pointer_shadow(addr) => {
                let mut items = vec![Item::Primal(addr)];
                items.extend(self.shadow_items(addr));
                items
            }
            _ => Vec::new(),
        }
    }

    /// The shadow of the address `v` (see `address_source`) as a pointer: the shadow of its
    /// pointer moved by as many bytes as `v` is from that pointer's address.
    pub fn shadow_of_address(&mut self, v: Value) -> Option<Value> {
        let (addr, base) = self.address_source(v)?;
        let sp = match base {
            AddressBase::Pointer(p) => self.s_or_standin(p),
            AddressBase::Bits => {
                let bits = self.s(addr).expect("the shadow bits of a loaded pointer");
                self.ins(|b| b.cast(CastOp::IntToPtr, bits, Type::PTR))
            }
        };
        if addr == v {
            return Some(sp);
        }
        let (v, addr) = (self.p(v), self.p(addr));
        Some(self.ins(|b| {
            let offset = b.binary(BinaryOp::Sub, v, addr);
            b.ptradd(sp, offset)
        }))
    }

    /// `store p, q` of a pointer: the shadow of `p` (or `p` standing in) goes to the shadow of `q`.
    /// So does a pointer stored as an integer (`ptrtoint p`, the bits of a `uintptr_t` or of a
    /// C++ `std::function`'s captured pointer): the bits of its shadow, which a later load of
    /// the slot as a pointer reads as the shadow.
    fn mirror_pointer_store(&mut self, val: Value, ptr: Value, mem: MemFlags) -> Result<(), Diagnostic> {
        let address = self.address_source(val).is_some();
        let ty = self.src.dfg.value_type(val);
        if !ty.is_ptr_or_vector() && !super::is_pointer_aggregate(ty) && !self.pointer_bits(val) && !address {
            return self.mirror_integer_store(val, ptr, mem);
        }
        let guard = match self.access(ptr, ShadowUse::Write) {
            ShadowAccess::Own => None,
            ShadowAccess::Guarded => {
                let ty = self.src.dfg.value_type(val).clone();
                Some((self.p(ptr), self.scratch(ty)))
            }
            // A pointer to shadowed memory stored where no shadow can follow it: what is read
            // through it after it is loaded back there would get no adjoint. (A pointer that
            // may be a stand-in may point to inactive memory, which loses nothing.)
            ShadowAccess::Absent
                if ty.is_ptr_or_vector() && self.s(val).is_some() && !self.shadows.is_mixed(val) && self.shadows.needs(ptr) =>
            {
                return Err(self.error(
                    DiagKind::Unsupported,
                    "a pointer to memory with derivatives is stored to memory that has no shadow; what is read through it after it is loaded back would have no derivative",
                    "pass the memory it is stored to with enzyme_dup and a shadow (a struct holding pointers too), or keep the pointer in a local variable",
                ));
            }
            ShadowAccess::Absent => return Ok(()),
            _ => return Err(self.stand_in_refused()),
        };
        let sv = match self.shadow_of_address(val) {
            Some(_) if self.pointer_bits(val) => self.s_or_standin(val),
            Some(sp) => {
                let ty = self.src.dfg.value_type(val).clone();
                self.ins(|b| b.cast(CastOp::PtrToInt, sp, ty))
            }
            None => self.s_or_standin(val),
        };
        let sp = self.s(ptr).expect("a shadow");
        // An aggregate of floats beside pointers: only its other leaves are stored, the float
        // leaves' shadow memory holds adjoints.
        let others = super::mixed_float_fields(ty).map(|_| super::adjoint_leaves(ty).into_iter().filter(|l| !l.float).collect::<Vec<_>>());
        self.ins(|b| {
            let addr = write_address(b, sp, guard);
            match others {
                Some(others) => {
                    for l in others {
                        let at = field_addr(b, addr, l.offset);
                        let v = b.extract_value(sv, l.path);
                        b.store(v, at, field_mem(shadow_mem(mem), l.offset, &l.ty));
                    }
                }
                None => {
                    b.store(sv, addr, shadow_mem(mem));
                }
            }
        });
        Ok(())
    }

    /// `store i, q` of an integer into shadowed memory that type analysis finds holds no float
    /// there: the primal value goes to the shadow of `q` too, so that shadow memory keeps the
    /// primal's non-float data, as Enzyme's does. Code that walks a shadow structure reads it:
    /// libstdc++'s tree walkers called on the shadows (`calls::WALKERS`) read the node colours,
    /// which `std::map`'s copy (`_M_clone_node`) sets with a plain store; a shadow node left
    /// red makes `_Rb_tree_decrement` take the shadow root for the header. Bytes that may also
    /// hold a float (a union, a variant's storage) are left alone: their shadow holds adjoints.
    fn mirror_integer_store(&mut self, val: Value, ptr: Value, mem: MemFlags) -> Result<(), Diagnostic> {
        use catalase_analysis::types::Concrete;
        let ty = self.src.dfg.value_type(val).clone();
        if !matches!(ty, Type::Int(_)) {
            return Ok(());
        }
        let size = ty.store_size().max(1) as i64;
        // Integers say nothing by their declared type, and type analysis knows a colour that is
        // only copied and read by library code no better (unknown, or a pointer where the facts
        // of a node's links meet its colour's): bytes narrower than a pointer, which cannot hold
        // one, are mirrored unless some typed access finds a float there; wider ones (which may
        // be a pointer's bits) only when it finds them integers.
        let narrow = size < 8;
        let ints = self.types.as_ref().is_some_and(|t| {
            let fits = |c: Concrete| c == Concrete::Integer || (narrow && matches!(c, Concrete::Unknown | Concrete::Pointer));
            fits(t.value_type(val)) && fits(t.pointee_type(ptr, 0, size))
        });
        if !ints {
            return Ok(());
        }
        let guard = match self.access(ptr, ShadowUse::Write) {
            ShadowAccess::Own => None,
            ShadowAccess::Guarded => Some((self.p(ptr), self.scratch(ty))),
            _ => return Ok(()),
        };
        let sp = self.s(ptr).expect("a shadow");
        let v = self.p(val);
        self.ins(|b| {
            let addr = write_address(b, sp, guard);
            b.store(v, addr, shadow_mem(mem));
        });
        Ok(())
    }

    // ----- the reverse sweep -----

    /// The adjoint of a load, a store, a `memset` or an allocation (its cached reads popped).
    /// Returns false when `inst` is none of these.
    pub fn memory_adjoint(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.data(inst);
        match &data {
            InstData::Load { ptr, mem } => {
                let Some(r) = self.src.dfg.result(inst).filter(|r| self.active(*r)) else { return Ok(true) };
                let dy = self.take_adjoint(r);
                let ty = self.adjoint_type(r).expect("an active result");
                match self.access(*ptr, ShadowUse::Accumulate) {
                    ShadowAccess::Own | ShadowAccess::Guarded => {}
                    // The analysis gives a load through a pointer without shadow no adjoint.
                    _ => return Err(self.stand_in_refused()),
                }
                let addr = self.shadow_addr(*ptr, &ty);
                let mem = shadow_mem(*mem);
                // Floats beside pointers or integers: each float leaf's shadow gets its adjoint,
                // the shadow pointers beside them are left as they are.
                if let Some(fields) = super::mixed_float_fields(&ty) {
                    self.ins(|b| {
                        for l in fields {
                            let at = field_addr(b, addr, l.offset);
                            let mem = field_mem(mem, l.offset, &l.ty);
                            let old = b.load(l.ty.clone(), at, mem);
                            let d = b.extract_value(dy, l.path);
                            let new = b.fadd(old, d);
                            b.store(new, at, mem);
                        }
                    });
                    return Ok(true);
                }
                if self.window_adjoint(inst, &ty, addr, dy, mem) {
                    return Ok(true);
                }
                let by_element = self.overlapping.contains(&inst);
                let fused = self.fused.loads.contains(&inst);
                // Lanes nothing reads have no adjoint, and their shadow bytes may hold what is
                // not a float: the vectorizer loads `<2 x double>` over a record's double and
                // pointer and keeps lane 0 (adding 0.0 to a pointer's bits read as a subnormal
                // double zeroes them where the program runs with denormals-are-zero). Such
                // loads are never in a window (`overlap`).
                let partial = self.read_lanes.get(&r).copied().filter(|_| ty.lanes() > 1);
                self.ins(|b| {
                    if fused {
                        // The store after it left the shadow as it read it (`rmw`).
                        b.store(dy, addr, mem);
                    } else if let Some(lanes) = partial {
                        add_lanes(b, &ty, addr, dy, mem, lanes);
                    } else if by_element {
                        add_by_element(b, &ty, addr, dy, mem);
                    } else {
                        let old = b.load(ty.clone(), addr, mem);
                        let new = super::add_adjoints(b, &ty, old, dy);
                        b.store(new, addr, mem);
                    }
                });
            }
            InstData::Store { args: [val, ptr], mem } => {
                let Some(ty) = self.adjoint_type(*val) else { return Ok(true) };
                if self.s(*ptr).is_none() {
                    return Ok(true);
                }
                let addr = self.shadow_addr(*ptr, &ty);
                let guard = self.guard(*ptr);
                let mem = shadow_mem(*mem);
                let fused = self.fused.stores.contains(&inst);
                if let Some(fields) = super::mixed_float_fields(&ty) {
                    // Read and zero the float leaves' shadows alone (the shadow pointers stay).
                    let d = self.ins(|b| {
                        let mut acc = b.zero(ty.clone());
                        for l in fields {
                            let at = field_addr(b, addr, l.offset);
                            let mem = field_mem(mem, l.offset, &l.ty);
                            let d = b.load(l.ty.clone(), at, mem);
                            let zero = b.zero(l.ty.clone());
                            b.store(zero, at, mem);
                            let d = match guard {
                                Some(same) => b.select(same, zero, d),
                                None => d,
                            };
                            acc = b.insert_value(acc, d, l.path);
                        }
                        acc
                    });
                    self.accumulate(*val, d);
                    return Ok(true);
                }
                let d = self.ins(|b| {
                    let d = b.load(ty.clone(), addr, mem);
                    let zero = b.zero(ty.clone());
                    if !fused {
                        b.store(zero, addr, mem);
                    }
                    match guard {
                        Some(same) => b.select(same, zero, d),
                        None => d,
                    }
                });
                self.accumulate(*val, d);
            }
            InstData::AtomicRmw { .. } => self.atomic_adjoint(inst),
            InstData::Alloca { .. } => {
                let heap = self.heap_allocas.contains(&inst);
                let r = self.src.dfg.result(inst).expect("an alloca's address");
                if self.pointer_shadow(r) && (heap || self.part != super::Part::Combined) {
                    let sp = self.s(r).expect("the shadow of a stack slot");
                    self.free_shadow(sp);
                }
                // The primal block once, after every lane's shadow (`heap`).
                if heap && self.lane + 1 == self.width() {
                    let p = self.p(r);
                    self.ins(|b| super::tape::free(b, p));
                }
            }
            InstData::Call { args, .. } => match self.call_kind(&data) {
                Some(CallKind::MemSet) if self.pointer_shadow(args[0]) => {
                    // A shadow that may be the primal standing in is zeroed with a byte count
                    // of zero where it is (runtime activity).
                    let same = match self.access(args[0], ShadowUse::Write) {
                        ShadowAccess::Own => None,
                        ShadowAccess::Guarded => self.guard(args[0]),
                        _ => return Err(self.stand_in_refused()),
                    };
                    let (sp, len) = (self.s(args[0]).expect("a shadow"), self.p(args[2]));
                    self.ins(|b| {
                        let len = match same {
                            Some(same) => {
                                let zero = b.zero(b.value_type(len));
                                b.select(same, zero, len)
                            }
                            None => len,
                        };
                        memset_zero(b, sp, len)
                    });
                }
                Some(CallKind::Alloc(kind)) => {
                    if let Some(r) = self.src.dfg.result(inst).filter(|r| self.pointer_shadow(*r)) {
                        let mut sp = self.s(r).expect("the shadow allocation");
                        // A `realloc` of a block standing in for its shadow made one too.
                        if kind == AllocKind::Realloc {
                            if let Some(same) = self.realloc_adjoint(args[0], r) {
                                sp = self.ins(|b| {
                                    let null = b.zero(Type::PTR);
                                    b.select(same, null, sp)
                                });
                            }
                        }
                        // A block stored into the caller's memory keeps its shadow (`escape`).
                        if !self.shadow_outlives_call(inst) {
                            match kind {
                                AllocKind::Registered { .. } => self.free_registered(&data, sp)?,
                                _ => self.free_shadow(sp),
                            }
                        }
                    }
                }
                Some(CallKind::MemTransfer) => self.copy_adjoint(inst)?,
                Some(CallKind::MaskedLoad | CallKind::MaskedStore) => {
                    self.masked_adjoint(inst);
                }
                Some(CallKind::MemSet | CallKind::Free(_)) => {}
                _ => return Ok(false),
            },
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Free a shadow allocation where the reverse sweep passes its allocation; kept under
    /// `enzyme_nofree`, whose tape is reversed again and needs it.
    fn free_shadow(&mut self, shadow: Value) {
        if !matches!(self.req.mode, crate::request::Mode::ReverseSplit { nofree: true, .. }) {
            self.ins(|b| super::tape::free(b, shadow));
        }
    }

    /// Free the shadow `shadow` of a block a registered allocator (`AllocKind::Registered`)
    /// made in `call`: its deallocator called with the arguments its registration lists (the
    /// allocator call's, the shadow for `-1`); kept under `enzyme_nofree` as [`Self::free_shadow`].
    fn free_registered(&mut self, call: &InstData, shadow: Value) -> Result<(), Diagnostic> {
        if matches!(self.req.mode, crate::request::Mode::ReverseSplit { nofree: true, .. }) {
            return Ok(());
        }
        let InstData::Call { callee: Callee::Direct(name), args, .. } = call else { unreachable!("a direct call") };
        let module = self.gen.module;
        let like = catalase_analysis::known::allocation_like(module, name).expect("a registered allocator");
        let Some(free) = module.find_function(&like.free_fn) else {
            return Err(self.error(
                DiagKind::Internal,
                format!("the deallocator `{}` registered for `{name}` is not declared", like.free_fn),
                "report this as a Catalase bug",
            ));
        };
        let sig = module.function(free).sig.clone();
        let fargs: Vec<Value> = like.free_args.iter().map(|a| a.map_or(shadow, |i| self.p(args[i]))).collect();
        self.ins(|b| {
            b.call(Callee::Direct(like.free_fn.clone()), sig, fargs, Default::default());
        });
        Ok(())
    }

    /// Where the reverse sweep accumulates through `ptr`: its shadow, or scratch memory where the
    /// shadow is the primal standing in.
    pub(super) fn shadow_addr(&mut self, ptr: Value, ty: &Type) -> Value {
        let sp = self.s(ptr).expect("a shadow");
        if !self.shadows.is_mixed(ptr) {
            return sp;
        }
        let scratch = self.scratch(ty.clone());
        let primal = self.p(ptr);
        self.ins(|b| {
            let same = b.icmp(IntCC::Eq, sp, primal);
            b.select(same, scratch, sp)
        })
    }

    /// `shadow == primal` for a possibly stand-in pointer.
    pub(super) fn guard(&mut self, ptr: Value) -> Option<Value> {
        if !self.shadows.is_mixed(ptr) {
            return None;
        }
        let (sp, primal) = (self.s(ptr).expect("a shadow"), self.p(ptr));
        Some(self.ins(|b| b.icmp(IntCC::Eq, sp, primal)))
    }
}

/// Where a store into shadow memory goes: the shadow `sp`, or, where a guard says it may be its
/// primal standing in (`(primal, scratch)`), scratch memory when it is.
fn write_address(b: &mut catalase_ir::Builder, sp: Value, guard: Option<(Value, Value)>) -> Value {
    match guard {
        Some((primal, scratch)) => {
            let same = b.icmp(IntCC::Eq, sp, primal);
            b.select(same, scratch, sp)
        }
        None => sp,
    }
}

/// `*addr += dy` for a float vector `dy`, one `<1 x T>` element at a time (see `overlap`).
pub(super) fn add_by_element(b: &mut catalase_ir::Builder, ty: &Type, addr: Value, dy: Value, mem: MemFlags) {
    add_lanes(b, ty, addr, dy, mem, u64::MAX);
}

/// [`add_by_element`] for the lanes of `lanes` only (bit k: lane k).
fn add_lanes(b: &mut catalase_ir::Builder, ty: &Type, addr: Value, dy: Value, mem: MemFlags, lanes: u64) {
    let elem = ty.scalar().clone();
    let size = elem.store_size();
    let one = Type::vector(1, elem);
    let mem = MemFlags { align: mem.align.min(size as u32).max(1), ..mem };
    let rest = b.poison(ty.clone());
    for lane in (0..ty.lanes()).filter(|&l| l >= 64 || lanes >> l & 1 == 1) {
        let off = b.iconst(Type::I64, (lane as u64 * size) as i128);
        let at = b.ptradd(addr, off);
        let old = b.load(one.clone(), at, mem);
        let part = b.shuffle(dy, rest, vec![lane as i32]);
        let new = b.fadd(old, part);
        b.store(new, at, mem);
    }
}

impl RevCtx<'_, '_> {
    /// What the `copied_bits` that type analysis cannot tell hold, by the declared type of the
    /// object they are loaded from, found through the calls that hand its address down
    /// (`catalase_analysis::types::provenance`): `std::function`'s `_M_create<F>` copies the
    /// closure of one lambda, declared `{ double }` or `{ ptr }` where it is made.
    pub(super) fn copied_kinds(&self, id: catalase_ir::FuncId) -> HashMap<Value, catalase_analysis::types::Concrete> {
        use catalase_analysis::types::Concrete;
        let Some(types) = &self.types else { return HashMap::new() };
        let mut unsettled: Vec<(Value, Value)> = Vec::new();
        for &v in &self.copied_bits {
            let (Concrete::Unknown | Concrete::Anything, ValueDef::Result(i)) = (types.value_type(v), &self.src.dfg.values[v].def) else { continue };
            if let InstData::Load { ptr, .. } = self.src.dfg.inst(*i) {
                unsettled.push((v, *ptr));
            }
        }
        unsettled.into_iter().filter_map(|(v, ptr)| Some((v, self.gen.source_kind(id, ptr, 0, 8)?))).collect()
    }
}

/// The `i64` loads and parameters of `f` whose every use is a store of the value: 8 bytes
/// copied (see `pointer_bits`, `check_float_bits`).
pub(super) fn copied_bits(f: &catalase_ir::Function) -> std::collections::HashSet<Value> {
    let mut stored = std::collections::HashSet::new();
    let mut used = std::collections::HashSet::new();
    for b in f.layout.blocks() {
        for i in f.layout.block_insts(b) {
            match f.dfg.inst(i) {
                InstData::Store { args: [val, ptr], .. } => {
                    stored.insert(*val);
                    used.insert(*ptr);
                }
                data => used.extend(data.uses()),
            }
        }
    }
    let entry = f.entry_block();
    stored.retain(|v| {
        !used.contains(v)
            && *f.dfg.value_type(*v) == Type::I64
            && match f.dfg.values[*v].def {
                ValueDef::Result(i) => matches!(f.dfg.inst(i), InstData::Load { .. }),
                // The source of a copy passed by value (argument promotion at -O3).
                ValueDef::Param(b, _) => Some(b) == entry,
                _ => false,
            }
    });
    stored
}

/// The address of the field at byte offset `off` of a struct at `addr`.
fn field_addr(b: &mut catalase_ir::Builder, addr: Value, off: u64) -> Value {
    if off == 0 {
        return addr;
    }
    let off = b.iconst(Type::I64, off as i128);
    b.ptradd(addr, off)
}

/// The flags of an access to a field at byte offset `off` of a struct accessed with `mem`: the
/// alignment both guarantee.
fn field_mem(mem: MemFlags, off: u64, ty: &Type) -> MemFlags {
    let at_offset = if off == 0 { u64::from(mem.align.max(1)) } else { 1 << off.trailing_zeros().min(12) };
    let align = u64::from(mem.align.max(1)).min(at_offset).min(ty.align().max(1));
    MemFlags { align: align as u32, ..mem }
}

/// Shadow accesses keep alignment; atomic orderings and volatility are primal concerns.
fn shadow_mem(mem: MemFlags) -> MemFlags {
    MemFlags { align: mem.align, volatile: false, ordering: catalase_ir::opcodes::Ordering::NotAtomic }
}

/// `malloc_usable_size(p)` (0 for null).
fn usable_size(b: &mut catalase_ir::Builder, p: Value) -> Value {
    let sig = Signature::new(vec![Type::PTR], Type::I64);
    b.call_named("malloc_usable_size", sig, vec![p]).expect("returns a size")
}

/// `calloc(n, 1)`.
fn zeroed(b: &mut catalase_ir::Builder, n: Value) -> Value {
    let one = b.iconst(Type::I64, 1);
    let sig = Signature::new(vec![Type::I64, Type::I64], Type::PTR);
    b.call_named("calloc", sig, vec![n, one]).expect("calloc returns")
}

/// `aligned_alloc(align, n')`, zeroed, where `n'` is `n` rounded up to a multiple of `align` (a
/// power of two, as the primal's allocator required; `aligned_alloc` requires the multiple).
fn aligned_zeroed(b: &mut catalase_ir::Builder, align: Value, n: Value) -> Value {
    let a = widen_to_i64(b, align);
    let one = b.iconst(Type::I64, 1);
    let up = b.binary(BinaryOp::Add, n, a);
    let up = b.binary(BinaryOp::Sub, up, one);
    let zero = b.iconst(Type::I64, 0);
    let mask = b.binary(BinaryOp::Sub, zero, a);
    let rounded = b.binary(BinaryOp::And, up, mask);
    let sig = Signature::new(vec![Type::I64, Type::I64], Type::PTR);
    let p = b.call_named("aligned_alloc", sig, vec![a, rounded]).expect("aligned_alloc returns");
    memset_zero(b, p, rounded);
    p
}

impl RevCtx<'_, '_> {
    /// `q = realloc(p, n)`: the old shadow stays (adjoints of earlier accesses go there); the
    /// new shadow is a zeroed block of `q`'s usable size holding a copy of the first
    /// `min(usable(p), n)` bytes of the old one (shadow pointers move with their primals). That
    /// byte count is pushed for the reverse sweep, which moves the adjoints back.
    fn forward_realloc(&mut self, inst: Inst, r: Value) -> Result<(), Diagnostic> {
        let InstData::Call { args, .. } = self.data(inst) else { unreachable!("a call") };
        let old = self.p(args[0]);
        // The old block's usable size, read before the primal `realloc` frees it.
        let q = self.p(r);
        let primal_call = self.out.dfg.def_inst(q).expect("the primal realloc");
        let here = self.pos;
        self.pos = catalase_ir::builder::Position::Before(primal_call);
        let old_size = self.ins(|b| usable_size(b, old));
        self.pos = here;
        let n = self.p(args[1]);
        // An old block whose shadow is its primal standing in (inactive memory, at run time;
        // not null, which has no block) makes a block that stays inactive: its shadow is the new
        // primal, nothing is copied and the fresh shadow block is freed again. The result is a
        // mixed pointer too. The count pushed is then all ones, which tells the reverse sweep.
        let same = self.guard(args[0]).map(|same| {
            self.ins(|b| {
                let null = b.zero(Type::PTR);
                let some = b.icmp(IntCC::Ne, old, null);
                b.binary(BinaryOp::And, same, some)
            })
        });
        // An old block without a shadow has nothing to copy.
        let sp = match self.s(args[0]) {
            Some(sp) => sp,
            None => self.out.dfg.make_const(Type::PTR, Const::Null),
        };
        let (shadow, copied) = self.ins(|b| {
            let size = usable_size(b, q);
            let fresh = zeroed(b, size);
            let n = widen_to_i64(b, n);
            let less = b.icmp(IntCC::Ult, old_size, n);
            let copied = b.select(less, old_size, n);
            let Some(same) = same else {
                super::copy::move_bytes(b, fresh, sp, copied);
                return (fresh, copied);
            };
            let zero = b.iconst(Type::I64, 0);
            let moved = b.select(same, zero, copied);
            super::copy::move_bytes(b, fresh, sp, moved);
            let null = b.zero(Type::PTR);
            let unused = b.select(same, fresh, null);
            super::tape::free(b, unused);
            let all = b.iconst(Type::I64, -1);
            (b.select(same, q, fresh), b.select(same, all, copied))
        });
        self.smap_insert(r, shadow);
        self.push(copied);
        Ok(())
    }

    /// The reverse of `q = realloc(p, n)` (before the new shadow is freed): the copied bytes of
    /// the new shadow move back to the old one, whatever they hold (`copy`'s moves, which need no
    /// types at any order: a nested reverse differentiates the tape's own `realloc`, a block of
    /// mixed records). The old shadow is untouched from the forward `realloc` to here, its primal
    /// being freed, and the new one started as a copy of it, so a float cell's adjoint is the new
    /// cell's whole value (an adjoint the caller had put in the old shadow counted once) and a
    /// pointer's shadow stays as it was.
    /// Under `enzyme_nofree` the two shadows swap their copied bytes instead (see the body).
    /// Where `p` is mixed, returns whether the block stood in for its shadow (then `q` does).
    fn realloc_adjoint(&mut self, p: Value, q: Value) -> Option<Value> {
        let mut copied = self.pop(&Type::I64);
        let same = self.shadows.is_mixed(p).then(|| {
            let (c, same) = self.ins(|b| {
                let all = b.iconst(Type::I64, -1);
                let same = b.icmp(IntCC::Eq, copied, all);
                let zero = b.iconst(Type::I64, 0);
                (b.select(same, zero, copied), same)
            });
            copied = c;
            same
        });
        let sp = self.s(p)?;
        let sq = self.s(q).expect("the new shadow");
        // Under `enzyme_nofree` the new shadow outlives this sweep and the next reverse call
        // accumulates into it again: it gets back what it held after the forward `realloc` (the
        // old shadow's bytes, untouched since), so the old and the new shadow swap. Otherwise
        // the new shadow is freed right after, and a move suffices.
        let nofree = matches!(self.req.mode, crate::request::Mode::ReverseSplit { nofree: true, .. });
        self.ins(|b| {
            if nofree {
                let keep = zeroed(b, copied);
                super::copy::move_bytes(b, keep, sp, copied);
                super::copy::move_bytes(b, sp, sq, copied);
                super::copy::move_bytes(b, sq, keep, copied);
                super::tape::free(b, keep);
            } else {
                super::copy::move_bytes(b, sp, sq, copied);
            }
        });
        same
    }
}
