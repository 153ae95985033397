//! `memcpy` and `memmove` in reverse mode. What the copied bytes hold decides what happens to
//! their shadows, and only type analysis (`catalase_analysis::types`) can say it:
//!
//! - pointers and integers: the forward sweep copies the shadow bytes (shadow pointers must
//!   travel with their primals);
//! - floats: the reverse sweep moves the destination's adjoints back to the source
//!   (`src̄ += dst̄; dst̄ = 0`), element by element;
//! - characters: bytes copied from a string literal (a constant `[N x i8]` global), or of which
//!   nothing is known while the function stores an `i8` through the source or destination
//!   pointer itself (the NUL a moved-from `std::string` gets), copy bits;
//! - bytes it cannot classify: an error naming the copy, unless `loose-types` guesses floats;
//!   except, in a constant-length copy into memory private to the function
//!   (`Shadows::is_private`) of which other bytes are classified, bytes that nothing in the
//!   function accesses with a type (`struct { double x; long id; double z; }` copied, `id` never
//!   read): no adjoint ever reaches their shadow, so they copy bits. Not where the source's or
//!   the destination's object is passed to a call through a pointer, whose accesses type
//!   analysis does not see: `std::function`'s invoker reads a double captured by value from the
//!   `_Any_data` its swap copies, which nothing else types.
//!
//! A copy of constant length is classified per 8 bytes (a struct may mix doubles and pointers);
//! one of variable length copies elements of one kind, or whole elements of an array of structs
//! (the loop `b[i] = b[i + 1]` that LLVM turns into one `memmove`): each 8 bytes of the period
//! classified, walked element by element by a helper; or, where the memory after the first
//! bytes holds something else (a `std::string`'s characters copied into its small buffer inside
//! a map node, the node's `double` 16 bytes further on), elements of the first bytes' kind up to
//! where the kind changes, the copy's length checked against that bound at run time (a longer
//! copy traps instead of moving the other data with the wrong kind).
//!
//! A copy Catalase itself makes between the old and the new shadow of a `realloc`'d block of
//! mixed records ([`MOVE_ATTR`] on the call: a nested reverse differentiating the tape's own
//! `realloc`) is a *move*: between it and its reverse, nothing else accumulates adjoints into its
//! source, so its derivative needs no types. The forward sweep copies all shadow bytes; the
//! reverse copies them back (`src̄ = dst̄`, right for a float whose source adjoint is zero there,
//! and for a pointer's shadow) and zeroes the destination's. The copies it makes are moves too,
//! so every further order differentiates them the same way.

use catalase_analysis::types::{Concrete, FloatKind};
use catalase_ir::builder::Builder;
use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::{Linkage, ValueDef};
use catalase_ir::inst::{Attr, AttrList, AttrValue, BlockCall, Callee, InstData, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, IntCC};
use catalase_ir::{Block, Const, Function, Inst, Type, Value};

use super::augmented::RevCtx;
use crate::forward::memory::memset_zero;

/// What a range of copied bytes holds, as far as shadows care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    /// Adjoints flow back in the reverse sweep, as elements of this type.
    Float(FloatKind),
    /// Pointers or integers: the shadow bytes are copied in the forward sweep.
    Bits,
}

/// The copied range: `(offset, bytes, content)` runs, one content over a variable length, or
/// runs within each `period` bytes of a variable length.
enum Layout {
    Runs(Vec<(u64, u64, Content)>),
    Uniform(Content),
    Strided(u64, Vec<(u64, u64, Content)>),
    /// One content over a variable length of at most this many bytes (checked at run time).
    Bounded(u64, Content),
}

/// The longest constant copy classified run by run; longer ones must be uniform.
const MAX_RUN_BYTES: u64 = 512;

impl RevCtx<'_, '_> {
    /// `memcpy`/`memmove(dst, src, len, ...)` touching shadow memory: classify the bytes.
    fn copy_layout(&mut self, dst: Value, src: Value, len: Value) -> Result<Layout, Diagnostic> {
        let constant = match &self.src.dfg.values[len].def {
            ValueDef::Const(Const::Int(n)) => Some(*n as u64),
            _ => None,
        };
        match constant {
            Some(n) if n <= MAX_RUN_BYTES => {
                // Unread bytes copy bits where other bytes are classified (the module doc).
                let classified = |off: u64| self.content(dst, src, off, (n - off).min(8), false).is_ok();
                let unread = self.shadows.is_private(dst)
                    && !reaches_indirect_call(self.src, dst)
                    && !reaches_indirect_call(self.src, src)
                    && (0..n).step_by(8).any(classified);
                Ok(Layout::Runs(self.runs(dst, src, n, unread)?))
            }
            _ => {
                let first = self.content(dst, src, 0, 8, false)?;
                let whole = self.content(dst, src, 0, 64, false);
                if whole.as_ref().is_ok_and(|w| *w == first) {
                    return Ok(Layout::Uniform(first));
                }
                if let Some(layout) = self.strided_layout(dst, src) {
                    return Ok(layout);
                }
                if let Some(bound) = self.uniform_prefix(dst, src, first) {
                    return Ok(Layout::Bounded(bound, first));
                }
                whole?;
                Err(self.error(
                    DiagKind::CannotDeduceType,
                    "a copy of variable length moves memory that mixes floats with other data",
                    "copy arrays of one element type, or use __enzyme_fwddiff",
                ))
            }
        }
    }

    /// The longest prefix, in whole 8-byte steps of at least 16 bytes, over which the copied
    /// memory holds `first` as far as what [`Self::kind`] knows (bytes it knows nothing of agree):
    /// the bound of a variable-length copy whose later bytes hold something else.
    fn uniform_prefix(&self, dst: Value, src: Value, first: Content) -> Option<u64> {
        // Under `loose-types` `first` may be a guess, which bytes known to nobody agree with.
        let agrees = |k: u64| match self.kind(dst, src, 0, k) {
            Concrete::Unknown => true,
            Concrete::Float(f) => first == Content::Float(f),
            Concrete::Integer | Concrete::Pointer => first == Content::Bits,
            Concrete::Anything => false,
        };
        let mut bound = None;
        let mut k = 16;
        while k < 64 && agrees(k) {
            bound = Some(k);
            k += 8;
        }
        bound
    }

    /// The runs of the first `n` bytes, per 8 bytes; `unread`: bytes no typed access reaches
    /// copy bits.
    fn runs(&self, dst: Value, src: Value, n: u64, unread: bool) -> Result<Vec<(u64, u64, Content)>, Diagnostic> {
        let mut runs = Vec::new();
        let mut off = 0;
        while off < n {
            let size = (n - off).min(8);
            self.push_runs(dst, src, off, size, unread, &mut runs)?;
            off += size;
        }
        Ok(runs)
    }

    /// A variable-length copy of whole elements of an array of structs: the period of the
    /// pattern type analysis found on either side, classified per 8 bytes, and the same
    /// classification at every period up to the offsets the analysis tracks one by one.
    ///
    /// The period is the smallest one the classification repeats with: a pattern of four
    /// 48-byte records (the 192 bytes a loop vectorized for AVX-512 steps over) copies record by
    /// record, so that a copy of two records is whole elements too.
    fn strided_layout(&self, dst: Value, src: Value) -> Option<Layout> {
        let types = self.types.as_ref()?;
        let period = types.pointee_period(dst).or_else(|| types.pointee_period(src))? as u64;
        if period > MAX_RUN_BYTES {
            return None;
        }
        (4..period)
            .filter(|d| d.is_multiple_of(4) && period.is_multiple_of(*d))
            .chain([period])
            .find_map(|d| self.layout_with_period(dst, src, d))
    }

    /// The layout of a strided copy if its classification repeats every `period` bytes, as far
    /// as the offsets the analysis tracks one by one.
    fn layout_with_period(&self, dst: Value, src: Value, period: u64) -> Option<Layout> {
        let runs = self.runs(dst, src, period, false).ok()?;
        for &(off, size, c) in &runs {
            let mut at = off + period;
            while at + size <= MAX_RUN_BYTES {
                if self.content(dst, src, at, size, false).ok()? != c {
                    return None;
                }
                at += period;
            }
        }
        Some(Layout::Strided(period, runs))
    }

    /// The runs of `[off, off + size)`: one, or where 8 bytes mix a float with an integer
    /// (`struct { float x; int id; }`), one per 4-byte half.
    fn push_runs(&self, dst: Value, src: Value, off: u64, size: u64, unread: bool, runs: &mut Vec<(u64, u64, Content)>) -> Result<(), Diagnostic> {
        match self.content(dst, src, off, size, unread) {
            Ok(c) => runs.push((off, size, c)),
            Err(_) if size == 8 => {
                self.push_runs(dst, src, off, 4, unread, runs)?;
                self.push_runs(dst, src, off + 4, 4, unread, runs)?;
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// The content of `[off, off + size)` of the copied memory, from what is known about either
    /// side; `unread`: bytes of which nothing is known copy bits.
    fn content(&self, dst: Value, src: Value, off: u64, size: u64, unread: bool) -> Result<Content, Diagnostic> {
        match self.kind(dst, src, off, size) {
            Concrete::Float(k) => Ok(Content::Float(k)),
            Concrete::Integer | Concrete::Pointer => Ok(Content::Bits),
            Concrete::Unknown if unread => Ok(Content::Bits),
            _ if self.gen.env.loose_types && (size == 8 || size == 4) => {
                Ok(Content::Float(if size == 8 { FloatKind::F64 } else { FloatKind::F32 }))
            }
            other => Err(self.error(
                DiagKind::CannotDeduceType,
                format!(
                    "cannot tell what bytes {off}..{} of this copy hold (type analysis found {other} in the loads, stores and declarations that reach {dst} and {src})",
                    off + size
                ),
                "access the memory with its real type somewhere in the function; where the copied bytes hold no derivatives and no pointers (the characters of a std::string key copied into a map's node), --loose-types (catalase<loose-types>, CATALASE_OPTIONS=loose-types) lets the copy through, treating unknown 4- and 8-byte values as floats",
            )),
        }
    }

    /// What type analysis, the declared type of the source object or a string literal source
    /// says `[off, off + size)` of the copied memory holds, joined.
    fn kind(&self, dst: Value, src: Value, off: u64, size: u64) -> Concrete {
        let types = self.types.as_ref().expect("analysed");
        let (a, b) = (types.pointee_type(dst, off as i64, size as i64), types.pointee_type(src, off as i64, size as i64));
        let joined = match (a, b) {
            (Concrete::Unknown, t) | (t, Concrete::Unknown) => t,
            (x, y) if x == y => x,
            // Integers and pointers both copy bits.
            (Concrete::Integer | Concrete::Pointer, Concrete::Integer | Concrete::Pointer) => Concrete::Pointer,
            _ => Concrete::Anything,
        };
        // Bytes of an object handed to a call through a pointer, where the function also stores
        // a float into such an object: what the analysis found there may be only what the
        // callees write in other calls (a `std::function`'s manager writes a `type_info` pointer
        // or the closure's address into the `_Any_data` for some operations, and clones the
        // closure, a captured double, for another), so it does not settle that the bytes hold no
        // float.
        let joined = match joined {
            Concrete::Integer | Concrete::Pointer if self.floats_beside_indirect_calls(dst, src) => Concrete::Anything,
            other => other,
        };
        // What the analysis cannot tell, the declared type of the object the source was made
        // from may (`std::function` copying one lambda's closure: `memory::copied_kinds`); but
        // where the analysis found a float among other kinds there, not a declared integer,
        // which does not rule the float out (a union, the `{i64, i64}` of a `std::function`'s `_Any_data` that
        // `std::swap` moves with the double a lambda captured).
        let float_met = || {
            use catalase_analysis::types::Kind;
            let floats = [Kind::F16, Kind::BF16, Kind::F32, Kind::F64];
            [dst, src].iter().any(|p| {
                let k = types.pointee(*p).kind_in(off as i64, (off + size.max(1)) as i64);
                floats.iter().any(|f| k.contains(*f))
            })
        };
        let joined = match joined {
            Concrete::Unknown | Concrete::Anything => {
                let id = self.gen.module.find_function(&self.src.name);
                // A declared type with a float field elsewhere is a real record, whose integer
                // field is one (`struct { double *p; double s; int k; double w[3]; }` copied,
                // where a strided access to `w` blurs its offsets); one of integers only, in
                // which floats are met, is storage (`_Any_data`).
                let record = |id| (0..8).any(|w| matches!(self.gen.source_kind(id, src, w * 8, 8), Some(Concrete::Float(_))));
                match id.and_then(|id| self.gen.source_kind(id, src, off as i64, size).map(|d| (id, d))) {
                    Some((id, declared))
                        if declared != Concrete::Integer || joined == Concrete::Unknown || !float_met() || record(id) =>
                    {
                        declared
                    }
                    _ => joined,
                }
            }
            known => known,
        };
        // Characters of a string literal (a `std::string` made from one) are integers.
        match joined {
            Concrete::Unknown | Concrete::Anything if self.copies_literal_chars(src) => Concrete::Integer,
            // Nothing else known, a byte the function stores at the start of either side
            // (the NUL a moved-from `std::string` gets in its buffer) says they are characters.
            Concrete::Unknown if self.stores_byte_at(src) || self.stores_byte_at(dst) => Concrete::Integer,
            other => other,
        }
    }

    /// Whether the object `dst` or `src` is made from is handed to a call through a pointer, and
    /// the function stores a float (by its type, or an integer type analysis finds holds one)
    /// into an object larger than the float that is handed to such a call.
    fn floats_beside_indirect_calls(&self, dst: Value, src: Value) -> bool {
        let f = self.src;
        if !reaches_indirect_call(f, dst) && !reaches_indirect_call(f, src) {
            return false;
        }
        let Some(types) = self.types.as_ref() else { return false };
        // A float alone in its slot (a `double&&` argument of the invoker) is not held beside
        // other data that the callee copies.
        let scalar_slot = |at: Value, val: Value| match f.dfg.values[base_object(f, at)].def {
            ValueDef::Result(i) => match f.dfg.inst(i) {
                InstData::Alloca { ty, count, .. } => {
                    f.dfg.const_int(*count) == Some(1) && ty.alloc_size() <= f.dfg.value_type(val).store_size()
                }
                _ => false,
            },
            _ => false,
        };
        // Only a float stored into an object whose bytes may reach the copied ones counts: the
        // copy's own objects and those tied to them by copies and calls (a Gaussian's doubles
        // stored into another object called through its vtable say nothing of a polynomial's
        // pointer copied here).
        let related = related_objects(f, [dst, src]);
        f.insts_in_order().into_iter().any(|i| match f.dfg.inst(i) {
            InstData::Store { args: [val, at], .. } => {
                (f.dfg.value_type(*val).has_float() || types.value_type(*val).is_float())
                    && !scalar_slot(*at, *val)
                    && related.contains(&base_object(f, *at))
                    && reaches_indirect_call(f, *at)
            }
            _ => false,
        })
    }

    /// Whether the function stores an `i8` through `ptr` itself.
    fn stores_byte_at(&self, ptr: Value) -> bool {
        let f = self.src;
        f.layout.blocks().any(|b| {
            f.layout.block_insts(b).any(|i| match f.dfg.inst(i) {
                InstData::Store { args: [val, at], .. } => *at == ptr && *f.dfg.value_type(*val) == Type::Int(8),
                _ => false,
            })
        })
    }

    /// Whether `src` points into a constant global declared as an array of `i8`: a C string
    /// literal, whose bytes are characters whatever type analysis joined at the pointer (a
    /// `std::string` key made from `"alpha"`, its characters copied into a map's node).
    fn copies_literal_chars(&self, src: Value) -> bool {
        let mut v = src;
        loop {
            match &self.src.dfg.values[v].def {
                ValueDef::Const(Const::Global(name)) => {
                    let global = self.gen.module.find_global(name);
                    return global.is_some_and(|g| g.constant && matches!(&g.ty, Type::Array(_, e) if **e == Type::Int(8)));
                }
                ValueDef::Result(i) => match self.src.dfg.inst(*i) {
                    InstData::PtrAdd { args: [base, _], .. } => v = *base,
                    _ => return false,
                },
                _ => return false,
            }
        }
    }

    /// The forward sweep of a copy: shadow bytes of pointers and integers are copied.
    pub fn forward_copy(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let InstData::Call { args, attrs, .. } = self.data(inst) else { unreachable!("a call") };
        let (dst, src, len) = (args[0], args[1], args[2]);
        if attrs.func_has(MOVE_ATTR) {
            if let Some(sd) = self.s(dst) {
                let (ss, n) = (self.s_or_standin(src), self.p(len));
                self.ins(|b| {
                    let n = crate::forward::memory::widen_to_i64(b, n);
                    move_bytes(b, sd, ss, n);
                });
            }
            return Ok(());
        }
        let Some(sd) = self.s(dst) else { return self.refuse_lost_copy(dst, src, len) };
        let (layout, n) = self.guarded_layout(dst, src, len)?;
        let ss = self.s_or_standin(src);
        let layout = match layout {
            Layout::Bounded(bound, c) => {
                let helper = bound_check_function(bound);
                let name = helper.name.clone();
                self.gen.add_helper(helper);
                self.ins(|b| {
                    let n = crate::forward::memory::widen_to_i64(b, n);
                    b.call_named(&name, Signature::new(vec![Type::I64], Type::Void), vec![n])
                });
                Layout::Uniform(c)
            }
            other => other,
        };
        match layout {
            Layout::Uniform(Content::Bits) => {
                self.ins(|b| copy_bytes(b, sd, ss, n));
            }
            Layout::Runs(runs) => {
                let bits: Vec<(u64, u64)> = runs.iter().filter(|r| r.2 == Content::Bits).map(|r| (r.0, r.1)).collect();
                if bits.len() > 1 {
                    // Several runs of one copy whose ranges may overlap (a memmove shifting an
                    // array of {double, ptr} by one element): copied run by run, a later run
                    // would read a shadow pointer an earlier one already overwrote. Every run
                    // is loaded first, then stored.
                    self.ins(|b| copy_runs_at_once(b, sd, ss, &bits));
                } else {
                    for (off, size) in bits {
                        self.ins(|b| {
                            let o = b.iconst(Type::I64, off as i128);
                            let (d, s) = (b.ptradd(sd, o), b.ptradd(ss, o));
                            let n = b.iconst(Type::I64, size as i128);
                            copy_bytes(b, d, s, n);
                        });
                    }
                }
            }
            Layout::Strided(period, runs) => {
                if runs.iter().any(|r| r.2 == Content::Bits) {
                    self.call_strided(StridedWork::Bits, period, &runs, sd, ss, n);
                }
            }
            Layout::Uniform(Content::Float(_)) | Layout::Bounded(..) => {}
        }
        Ok(())
    }

    /// A copy of floats from shadowed memory into memory without a shadow (a buffer passed
    /// with enzyme_const, memory reached through one) would drop their adjoints, as a store of
    /// an active value there would: refused the same way. Memory the function allocates itself
    /// gets no shadow only when nothing reads it back, and bytes that are not floats (or that
    /// type analysis cannot classify, left to the copy's own checks) carry no adjoint.
    fn refuse_lost_copy(&mut self, dst: Value, src: Value, len: Value) -> Result<(), Diagnostic> {
        if !self.pointer_shadow(src) || self.s(src).is_none() || self.pointer_shadow(dst) || self.s_const(dst).is_some() {
            return Ok(());
        }
        if self.local_allocation(dst) {
            return Ok(());
        }
        let floats = match self.copy_layout(dst, src, len) {
            Ok(Layout::Uniform(c) | Layout::Bounded(_, c)) => matches!(c, Content::Float(_)),
            Ok(Layout::Runs(runs) | Layout::Strided(_, runs)) => runs.iter().any(|r| matches!(r.2, Content::Float(_))),
            Err(_) => false,
        };
        if !floats {
            return Ok(());
        }
        Err(self.error(
            DiagKind::Unsupported,
            "active floats are copied into memory that has no shadow; their derivatives would be lost",
            "pass the destination with enzyme_dup and a shadow buffer, or mark the global it belongs to inactive",
        ))
    }

    /// The layout of a copy and its byte count. A destination that may be a stand-in at run
    /// time (its shadow its own primal: inactive memory) copies nothing: the count is zero
    /// then, and a constant-length copy goes through the element helper (one element) so that
    /// the count decides.
    fn guarded_layout(&mut self, dst: Value, src: Value, len: Value) -> Result<(Layout, Value), Diagnostic> {
        let layout = self.copy_layout(dst, src, len)?;
        let n = self.p(len);
        let Some(same) = self.guard(dst) else { return Ok((layout, n)) };
        let layout = match layout {
            Layout::Runs(runs) => Layout::Strided(runs.iter().map(|r| r.0 + r.1).max().unwrap_or(0), runs),
            other => other,
        };
        let n = self.ins(|b| {
            let zero = b.iconst(Type::I64, 0);
            let n = crate::forward::memory::widen_to_i64(b, n);
            b.select(same, zero, n)
        });
        Ok((layout, n))
    }

    /// A call of the helper that walks a strided copy's elements (`sd`, `ss`: the shadows of
    /// the destination and the source; `n`: the primal byte count).
    fn call_strided(&mut self, work: StridedWork, period: u64, runs: &[(u64, u64, Content)], sd: Value, ss: Value, n: Value) {
        let helper = strided_function(work, period, runs);
        let name = helper.name.clone();
        self.gen.add_helper(helper);
        self.ins(|b| b.call_named(&name, move_back_signature(), vec![sd, ss, n]));
    }

    /// The reverse sweep of a copy: float adjoints move from the destination back to the source.
    pub fn copy_adjoint(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        let InstData::Call { args, attrs, .. } = self.data(inst) else { unreachable!("a call") };
        let (dst, src, len) = (args[0], args[1], args[2]);
        let Some(sd) = self.s(dst) else { return Ok(()) };
        if attrs.func_has(MOVE_ATTR) {
            let n = self.p(len);
            let ss = self.pointer_shadow(src).then(|| self.s(src)).flatten();
            self.ins(|b| {
                let n = crate::forward::memory::widen_to_i64(b, n);
                if let Some(ss) = ss {
                    move_bytes(b, ss, sd, n);
                }
                memset_zero(b, sd, n);
            });
            return Ok(());
        }
        let (layout, n) = self.guarded_layout(dst, src, len)?;
        // A source without its own shadow (constant data) gets nothing back. Its shadow may be
        // a stand-in at run time (loaded from where a pointer without a shadow was stored, or
        // a callee's parameter that received one): where it is its own primal, the source gets
        // the destination's shadow in its place; each element's adjoint is added to the source
        // before the destination is zeroed, so it ends zero.
        let mut standin = None;
        let ss = match self.pointer_shadow(src).then(|| self.s(src)).flatten() {
            Some(s) => {
                let p = self.p(src);
                Some(self.ins(|b| {
                    let same = b.icmp(IntCC::Eq, s, p);
                    standin = Some(same);
                    b.select(same, sd, s)
                }))
            }
            None => None,
        };
        let layout = match layout {
            // The forward sweep checked the bound.
            Layout::Bounded(_, c) => Layout::Uniform(c),
            other => other,
        };
        match layout {
            Layout::Uniform(Content::Float(k)) => {
                match ss {
                    Some(ss) => {
                        let helper = move_back_function(&float_type(k));
                        let name = helper.name.clone();
                        self.gen.add_helper(helper);
                        let sig = move_back_signature();
                        self.ins(|b| b.call_named(&name, sig, vec![ss, sd, n]));
                    }
                    None => self.ins(|b| memset_zero(b, sd, n)),
                }
            }
            Layout::Runs(runs) => {
                // Every adjoint of the destination is read, then the destination zeroed, then
                // each added to the source: element by element, a copy whose ranges overlap
                // (a memmove shifting records down by one) would move an adjoint twice.
                let mut elems = Vec::new();
                for (off, size, c) in runs {
                    let Content::Float(k) = c else { continue };
                    let ty = float_type(k);
                    let step = ty.store_size();
                    let mut at = off;
                    while at + step <= off + size {
                        elems.push((at, ty.clone()));
                        at += step;
                    }
                }
                self.ins(|b| {
                    let mut moved = Vec::with_capacity(elems.len());
                    for (at, ty) in &elems {
                        let o = b.iconst(Type::I64, *at as i128);
                        let d = b.ptradd(sd, o);
                        moved.push(b.load(ty.clone(), d, MemFlags::aligned(1)));
                    }
                    for (at, ty) in &elems {
                        let o = b.iconst(Type::I64, *at as i128);
                        let d = b.ptradd(sd, o);
                        let zero = b.zero(ty.clone());
                        b.store(zero, d, MemFlags::aligned(1));
                    }
                    if let Some(ss) = ss {
                        for ((at, ty), g) in elems.iter().zip(moved) {
                            let o = b.iconst(Type::I64, *at as i128);
                            let s = b.ptradd(ss, o);
                            let old = b.load(ty.clone(), s, MemFlags::aligned(1));
                            // A stand-in source (the destination's shadow in its place) ends zero.
                            let g = match standin {
                                Some(same) => {
                                    let zero = b.zero(ty.clone());
                                    b.select(same, zero, g)
                                }
                                None => g,
                            };
                            let new = b.fadd(old, g);
                            b.store(new, s, MemFlags::aligned(1));
                        }
                    }
                });
            }
            Layout::Strided(period, runs) => {
                if runs.iter().any(|r| matches!(r.2, Content::Float(_))) {
                    let (work, ss) = match ss {
                        Some(ss) => (StridedWork::MoveBack, ss),
                        None => (StridedWork::Zero, sd),
                    };
                    self.call_strided(work, period, &runs, sd, ss, n);
                }
            }
            Layout::Uniform(Content::Bits) | Layout::Bounded(..) => {}
        }
        Ok(())
    }
}

/// What a strided copy's helper does to each element's shadow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StridedWork {
    /// Forward sweep: the shadow bytes of pointers and integers are copied.
    Bits,
    /// Reverse sweep: float adjoints move from the destination to the source.
    MoveBack,
    /// Reverse sweep, constant source: the destination's float adjoints are zeroed.
    Zero,
}

/// `helper(sd, ss, bytes)` over the `bytes / period` whole elements of a strided copy, in the
/// direction away from an overlap (as [`move_back_function`]); a partial element traps, since
/// type analysis said the memory is made of whole elements.
fn strided_function(work: StridedWork, period: u64, runs: &[(u64, u64, Content)]) -> Function {
    let tag = match work {
        StridedWork::Bits => "bits",
        StridedWork::MoveBack => "back",
        StridedWork::Zero => "zero",
    };
    let mut name = format!("__catalase_copy_strided_{tag}_{period}");
    for (off, size, c) in runs {
        let k = match c {
            Content::Float(k) => format!("{}", float_type(*k)),
            Content::Bits => "b".to_string(),
        };
        name.push_str(&format!("_{off}.{size}{k}"));
    }
    let mut f = Function::with_entry(name, move_back_signature());
    f.linkage = Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (sd, ss, bytes) = (f.params()[0], f.params()[1], f.params()[2]);
    let mut b = Builder::at_end(&mut f, entry);
    let size = b.iconst(Type::I64, period as i128);
    let count = b.binary(BinaryOp::UDiv, bytes, size);
    let rest = b.binary(BinaryOp::URem, bytes, size);
    let zero = b.iconst(Type::I64, 0);
    let partial = b.icmp(IntCC::Ne, rest, zero);
    let trap = b.create_block();
    let start = b.create_block();
    b.condbr(partial, BlockCall::new(trap, vec![]), BlockCall::new(start, vec![]));
    b.switch_to(trap);
    b.call_named("llvm.trap", Signature::new(vec![], Type::Void), vec![]);
    b.unreachable();
    b.switch_to(start);
    // Copies walk up when the destination lies below the source; adjoints the other way.
    let up = match work {
        StridedWork::Bits => b.icmp(IntCC::Ule, sd, ss),
        _ => b.icmp(IntCC::Ule, ss, sd),
    };
    let (walk, base) = open_element_loop(&mut b, count, size, up);
    let (d0, s0) = (b.ptradd(sd, base), b.ptradd(ss, base));
    for &(off, len, c) in runs {
        match (work, c) {
            (StridedWork::Bits, Content::Bits) => {
                let o = b.iconst(Type::I64, off as i128);
                let (d, s) = (b.ptradd(d0, o), b.ptradd(s0, o));
                let n = b.iconst(Type::I64, len as i128);
                copy_bytes(&mut b, d, s, n);
            }
            (StridedWork::MoveBack | StridedWork::Zero, Content::Float(fk)) => {
                let ty = float_type(fk);
                let step = ty.store_size();
                let mut at = off;
                while at + step <= off + len {
                    let o = b.iconst(Type::I64, at as i128);
                    let d = b.ptradd(d0, o);
                    let g = b.load(ty.clone(), d, MemFlags::aligned(1));
                    if work == StridedWork::MoveBack {
                        let s = b.ptradd(s0, o);
                        let old = b.load(ty.clone(), s, MemFlags::aligned(1));
                        let new = b.fadd(old, g);
                        b.store(new, s, MemFlags::aligned(1));
                    }
                    let z = b.zero(ty.clone());
                    b.store(z, d, MemFlags::aligned(1));
                    at += step;
                }
            }
            _ => {}
        }
    }
    close_element_loop(&mut b, walk);
    f
}

/// `check(bytes)`: traps unless `bytes <= bound` (a [`Layout::Bounded`] copy's length).
fn bound_check_function(bound: u64) -> Function {
    let sig = Signature::new(vec![Type::I64], Type::Void);
    let mut f = Function::with_entry(format!("__catalase_copy_bound_{bound}"), sig);
    f.linkage = Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let bytes = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let limit = b.iconst(Type::I64, bound as i128);
    let over = b.icmp(IntCC::Ugt, bytes, limit);
    let trap = b.create_block();
    let done = b.create_block();
    b.condbr(over, BlockCall::new(trap, vec![]), BlockCall::new(done, vec![]));
    b.switch_to(trap);
    b.call_named("llvm.trap", Signature::new(vec![], Type::Void), vec![]);
    b.unreachable();
    b.switch_to(done);
    b.ret(None);
    f
}

/// The loop over the `count` elements of `size` bytes that a copy helper walks, upward when
/// `up` holds, else from the last element down: emits its head and leaves `b` in its body;
/// returns the loop and the element's byte offset. [`close_element_loop`] ends it.
fn open_element_loop(b: &mut Builder, count: Value, size: Value, up: Value) -> (ElementLoop, Value) {
    let (zero, one) = (b.iconst(Type::I64, 0), b.iconst(Type::I64, 1));
    let head = b.create_block();
    let i = b.func.dfg.append_block_param(head, Type::I64);
    let body = b.create_block();
    let exit = b.create_block();
    b.br(head, vec![zero]);
    b.switch_to(head);
    let more = b.icmp(IntCC::Ult, i, count);
    b.condbr(more, BlockCall::new(body, vec![]), BlockCall::new(exit, vec![]));
    b.switch_to(body);
    let last = b.binary(BinaryOp::Sub, count, one);
    let down = b.binary(BinaryOp::Sub, last, i);
    let k = b.select(up, i, down);
    let offset = b.binary(BinaryOp::Mul, k, size);
    (ElementLoop { head, exit, i }, offset)
}

/// A loop [`open_element_loop`] made.
struct ElementLoop {
    head: Block,
    exit: Block,
    i: Value,
}

/// End the body of `l` (the next element) and return from the helper after the loop.
fn close_element_loop(b: &mut Builder, l: ElementLoop) {
    let one = b.iconst(Type::I64, 1);
    let next = b.binary(BinaryOp::Add, l.i, one);
    b.br(l.head, vec![next]);
    b.switch_to(l.exit);
    b.ret(None);
}

fn float_type(k: FloatKind) -> Type {
    match k {
        FloatKind::F32 => Type::F32,
        FloatKind::F64 => Type::F64,
        FloatKind::Half => Type::Half,
        FloatKind::BFloat => Type::BFloat,
    }
}

/// The shadow bytes of the `(offset, bytes)` runs from `s` to `d`, all loaded before any is
/// stored, so that overlapping ranges copy as one `memmove` would (runs are at most
/// `MAX_RUN_BYTES` in all: 8-byte pieces, then 4, 2, 1).
fn copy_runs_at_once(b: &mut Builder, d: Value, s: Value, runs: &[(u64, u64)]) {
    let mut pieces = Vec::new();
    for &(off, size) in runs {
        let mut at = off;
        while at < off + size {
            let left = off + size - at;
            let (ty, n) = match left {
                8.. => (Type::I64, 8),
                4..=7 => (Type::I32, 4),
                2..=3 => (Type::Int(16), 2),
                _ => (Type::I8, 1),
            };
            let o = b.iconst(Type::I64, at as i128);
            let p = b.ptradd(s, o);
            let v = b.load(ty, p, MemFlags::aligned(1));
            pieces.push((at, v));
            at += n;
        }
    }
    for (at, v) in pieces {
        let o = b.iconst(Type::I64, at as i128);
        let p = b.ptradd(d, o);
        b.store(v, p, MemFlags::aligned(1));
    }
}

/// `llvm.memmove(d, s, n)` on shadow memory (the ranges may be the same object).
fn copy_bytes(b: &mut Builder, d: Value, s: Value, n: Value) {
    let f = b.iconst(Type::I1, 0);
    let sig = Signature::new(vec![Type::PTR, Type::PTR, Type::I64, Type::I1], Type::Void);
    b.call_named("llvm.memmove.p0.p0.i64", sig, vec![d, s, n, f]);
}

/// The call-site attribute of a copy that moves a `realloc`'d block's shadow bytes (module doc).
pub const MOVE_ATTR: &str = "catalase.move";

/// `llvm.memcpy(d, s, n)` marked [`MOVE_ATTR`]: `d` and `s` are distinct blocks.
pub fn move_bytes(b: &mut Builder, d: Value, s: Value, n: Value) {
    let f = b.iconst(Type::I1, 0);
    let sig = Signature::new(vec![Type::PTR, Type::PTR, Type::I64, Type::I1], Type::Void);
    let attrs = AttrList { func: vec![Attr { name: MOVE_ATTR.to_string(), value: AttrValue::Str(String::new()) }], ..AttrList::default() };
    b.call(Callee::Direct("llvm.memcpy.p0.p0.i64".to_string()), sig, vec![d, s, n, f], attrs);
}

fn move_back_signature() -> Signature {
    Signature::new(vec![Type::PTR, Type::PTR, Type::I64], Type::Void)
}

/// `move_back(ss, sd, bytes)`: for each element, `ss[i] += sd[i]; sd[i] = 0` (in that order:
/// `ss == sd`, a stand-in source, leaves zero). Overlapping
/// ranges (memmove) are walked away from the overlap: upward when the source lies below the
/// destination, downward otherwise, which gives the result of reading every `sd[i]` first.
pub fn move_back_function(ty: &Type) -> Function {
    let name = format!("__catalase_copy_adjoint_{ty}");
    let mut f = Function::with_entry(name, move_back_signature());
    f.linkage = Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (ss, sd, bytes) = (f.params()[0], f.params()[1], f.params()[2]);
    let step = ty.store_size() as i128;
    let mut b = Builder::at_end(&mut f, entry);
    let size = b.iconst(Type::I64, step);
    let count = b.binary(BinaryOp::UDiv, bytes, size);
    let up = b.icmp(IntCC::Ule, ss, sd);
    let (walk, off) = open_element_loop(&mut b, count, size, up);
    let (d, s) = (b.ptradd(sd, off), b.ptradd(ss, off));
    let g = b.load(ty.clone(), d, MemFlags::aligned(1));
    let old = b.load(ty.clone(), s, MemFlags::aligned(1));
    let new = b.fadd(old, g);
    b.store(new, s, MemFlags::aligned(1));
    let z = b.zero(ty.clone());
    b.store(z, d, MemFlags::aligned(1));
    close_element_loop(&mut b, walk);
    f
}

/// The object a pointer is made from, through constant and variable offsets and casts.
fn base_object(f: &Function, mut v: Value) -> Value {
    loop {
        match &f.dfg.values[v].def {
            ValueDef::Result(i) => match f.dfg.inst(*i) {
                InstData::PtrAdd { args } => v = args[0],
                InstData::Cast { arg, .. } => v = *arg,
                _ => return v,
            },
            _ => return v,
        }
    }
}

/// The objects (as `base_object`s) whose bytes may meet those behind `ptrs` in `f`: the objects
/// themselves, and, transitively, any object that is the other side of a `memcpy`/`memmove`
/// with one of them or is an argument of a call (direct or not, which may copy between its
/// arguments) beside one of them. Objects that do not get there by offsets and casts (a
/// block parameter, a loaded pointer) are their own objects: a store through one is related
/// only when the same value is reached.
fn related_objects(f: &Function, ptrs: [Value; 2]) -> std::collections::HashSet<Value> {
    let mut related: std::collections::HashSet<Value> = ptrs.iter().map(|p| base_object(f, *p)).collect();
    // Each call's pointer arguments, as objects: a copy joins its two sides, any other call all
    // of its pointer arguments.
    let groups: Vec<Vec<Value>> = f
        .insts_in_order()
        .into_iter()
        .filter_map(|i| match f.dfg.inst(i) {
            InstData::Call { args, .. } | InstData::Invoke { args, .. } => Some(
                args.iter().filter(|a| f.dfg.value_type(**a).is_ptr_or_vector()).map(|a| base_object(f, *a)).collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .filter(|g| g.len() >= 2)
        .collect();
    loop {
        let before = related.len();
        for g in &groups {
            if g.iter().any(|o| related.contains(o)) {
                related.extend(g.iter().copied());
            }
        }
        if related.len() == before {
            return related;
        }
    }
}

/// Whether the object `ptr` is made from is handed (at any offset) to a call through a pointer in
/// `f`.
fn reaches_indirect_call(f: &Function, ptr: Value) -> bool {
    use catalase_ir::inst::Callee;
    let base = base_object(f, ptr);
    f.insts_in_order().into_iter().any(|i| match f.dfg.inst(i) {
        InstData::Call { callee: Callee::Indirect(_), args, .. } | InstData::Invoke { callee: Callee::Indirect(_), args, .. } => {
            args.iter().any(|&a| f.dfg.value_type(a).is_ptr_or_vector() && base_object(f, a) == base)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_back_helpers_verify() {
        for ty in [Type::F64, Type::F32] {
            catalase_ir::verify::verify_function(&move_back_function(&ty)).expect("verifies");
        }
        let runs = [(0, 8, Content::Bits), (8, 8, Content::Float(FloatKind::F64)), (16, 4, Content::Float(FloatKind::F32))];
        for work in [StridedWork::Bits, StridedWork::MoveBack, StridedWork::Zero] {
            catalase_ir::verify::verify_function(&strided_function(work, 20, &runs)).expect("verifies");
        }
        catalase_ir::verify::verify_function(&bound_check_function(16)).expect("verifies");
    }
}
