//! Memory in forward mode: shadow allocations mirror `alloca`s, loads read shadow memory,
//! stores write it. Shadow memory has the primal's layout, so any load or store (float,
//! pointer or integer bits) is mirrored at the same offset.
//!
//! Masked loads and stores, expanding loads, compressing stores, gathers and scatters are
//! mirrored the same way: the same intrinsic on the shadow pointer (or the vector of shadow
//! pointers, which a vector `ptradd` forms from the shadow base), with the same mask; the
//! pass-through's tangent fills the masked-off lanes. Where a pointer's shadow may be the
//! primal standing in (`activity::Shadows::is_mixed`; the policy is `crate::standin`), every access is guarded, per lane for vectors
//! of pointers: a lane whose shadow equals its primal reads a zero tangent and writes to
//! scratch memory.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{Callee, InstData, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC};
use catalase_ir::{Inst, Type, Value};

use super::emit_call::CallSite;
use super::func::FnCtx;
use crate::standin::{ShadowAccess, ShadowUse};

impl FnCtx<'_, '_> {
    pub(super) fn emit_alloca(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        self.clone_primal(inst);
        let InstData::Alloca { ty, count, align } = self.src.dfg.inst(inst).clone() else { unreachable!() };
        let result = self.src.dfg.result(inst).expect("alloca result");
        if !self.shadows.has(result) {
            return Ok(());
        }
        // One allocation holds every lane (lane l at byte offset l·count·size): one zeroing
        // memset, and one object for SROA to split instead of N small ones. When the element
        // size is not a multiple of the alignment, lanes get an allocation each so that every
        // lane keeps the primal's alignment.
        let width = self.width();
        if width == 1 {
            if let Some(bytes) = self.slot_padding(&ty, count) {
                let shadow = self.ins(|b| {
                    let one = b.iconst(Type::I32, 1);
                    let base = b.alloca(Type::array(bytes, Type::I8), one, align);
                    let n = b.iconst(Type::I64, bytes as i128);
                    memset_zero(b, base, n);
                    base
                });
                self.set_shadow(result, vec![shadow]);
                return Ok(());
            }
        }
        let count = self.p(count);
        let size = ty.alloc_size();
        let lanes = if width > 1 && size % u64::from(align.max(1)) != 0 {
            (0..width).map(|_| self.ins(|b| zeroed_alloca(b, &ty, count, 1, align).0)).collect()
        } else {
            self.ins(|b| {
                let (base, lane_bytes) = zeroed_alloca(b, &ty, count, width, align);
                let mut lanes = vec![base];
                for _ in 1..width {
                    let at = b.ptradd(*lanes.last().expect("one lane"), lane_bytes);
                    lanes.push(at);
                }
                lanes
            })
        };
        self.set_shadow(result, lanes);
        Ok(())
    }

    /// The padded size in bytes of the shadow of a stack slot of 4 KiB or more and constant
    /// length, at width 1: each such shadow gets a different number of cache lines after it, so
    /// that shadows and the primal arrays beside them (power-of-two sizes, a whole number of 4 KiB
    /// apart) do not sit at the same offsets modulo 4 KiB, where a load waits for an unrelated
    /// store (4K aliasing), as in reverse mode (`reverse::memory`). Wider shadows are padded per
    /// lane (`lane_padding`).
    fn slot_padding(&mut self, elem: &Type, count: Value) -> Option<u64> {
        const PAGE: u64 = 4096;
        const LINE: u64 = 64;
        let n = u64::try_from(self.src.dfg.const_int(count)?).ok()?;
        let bytes = n.checked_mul(elem.alloc_size())?;
        if bytes < PAGE {
            return None;
        }
        self.padded_slots += 1;
        Some(bytes + LINE * (1 + (self.padded_slots - 1) % (PAGE / LINE - 1)))
    }

    pub(super) fn emit_load(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        self.clone_primal(inst);
        let InstData::Load { ptr, mem } = self.src.dfg.inst(inst).clone() else { unreachable!() };
        let result = self.src.dfg.result(inst).expect("load result");
        if !self.shadows.has(result) {
            return Ok(());
        }
        let guard = match self.shadow_access(ptr, ShadowUse::Read) {
            // No shadow memory: the loaded value's tangent is zero (its shadow stays unset).
            ShadowAccess::Absent => return Ok(()),
            ShadowAccess::Own => None,
            // A pointer loaded through a stand-in is the primal pointer: a stand-in again, as
            // the result (mixed) must hold; it is not zeroed.
            ShadowAccess::Guarded if self.src.dfg.value_type(result).is_ptr_or_vector() => None,
            ShadowAccess::Guarded => Some(self.p(ptr)),
            ShadowAccess::StandIn | ShadowAccess::Refuse => return Err(self.stand_in_refused()),
        };
        let Some(sp) = self.s(ptr) else { return Ok(()) };
        let ty = self.src.dfg.value_type(result).clone();
        let lanes: Vec<Value> = self.ins(|b| {
            sp.iter()
                .map(|p| {
                    let t = b.load(ty.clone(), *p, shadow_mem(mem));
                    match guard {
                        // Shadow == primal: the memory is inactive, its tangent is zero.
                        Some(primal) => {
                            let same = b.icmp(IntCC::Eq, *p, primal);
                            let zero = b.zero(ty.clone());
                            b.select(same, zero, t)
                        }
                        None => t,
                    }
                })
                .collect()
        });
        // A null shadow beside a pointer that is not null: stop there (`crate::stale`).
        if ty == Type::PTR && guard.is_none() && self.pointee_reaches_float(result) {
            let d = self.error(DiagKind::Unsupported, crate::stale::MESSAGE, crate::stale::HELP);
            let msg = crate::stale::prepare(self.gen, crate::stale::message(&self.locate(d)));
            let primal = self.p(result);
            self.ins(|b| lanes.iter().for_each(|s| crate::stale::call(b, primal, *s, &msg)));
        }
        self.set_shadow(result, lanes);
        Ok(())
    }

    /// Whether type analysis sees floats through the loaded pointer `v` (`crate::stale`).
    fn pointee_reaches_float(&mut self, v: Value) -> bool {
        let Some(id) = self.gen.module.find_function(&self.src.name) else { return false };
        self.gen.function_types(id).is_ok_and(|t| crate::stale::worth_checking(&t.pointee(v)))
    }

    pub(super) fn emit_store(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        self.clone_primal(inst);
        let InstData::Store { args: [val, ptr], mem } = self.src.dfg.inst(inst).clone() else { unreachable!() };
        let access = self.shadow_access(ptr, ShadowUse::Write);
        match self.s(ptr) {
            Some(sp) => {
                let sv = self.s_or_zero(val);
                let ty = self.src.dfg.value_type(val).clone();
                let guard = match access {
                    ShadowAccess::Guarded => Some((self.p(ptr), self.entry_alloca(ty, mem.align.max(1)))),
                    ShadowAccess::Own => None,
                    _ => return Err(self.stand_in_refused()),
                };
                self.ins(|b| {
                    for (v, p) in sv.iter().zip(&sp) {
                        let addr = match guard {
                            // Shadow == primal: write the tangent to scratch, not over the primal.
                            Some((primal, scratch)) => {
                                let same = b.icmp(IntCC::Eq, *p, primal);
                                b.select(same, scratch, *p)
                            }
                            None => *p,
                        };
                        b.store(*v, addr, shadow_mem(mem));
                    }
                });
            }
            None => {
                let ty = self.src.dfg.value_type(val);
                // Memory that is inactive, or never read on the way to an output, needs no
                // tangent; memory that does but has no shadow would lose it.
                if ty.has_float() && self.s(val).is_some() && self.shadows.needs(ptr) {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        "an active value is stored to memory that has no shadow; its derivative would be lost",
                        "pass the destination with enzyme_dup and a shadow buffer, or mark the global it belongs to inactive",
                    ));
                }
                // So would a pointer to shadowed memory: what is read through it after loading
                // it back from there would have no tangent. (A pointer that may be a stand-in
                // may point to inactive memory, which loses nothing.)
                if ty.is_ptr_or_vector() && self.s(val).is_some() && !self.shadows.is_mixed(val) && self.shadows.needs(ptr) {
                    return Err(self.pointer_store_refused());
                }
            }
        }
        Ok(())
    }
}

impl FnCtx<'_, '_> {
    /// A pointer to shadowed memory stored where no shadow can follow it.
    pub(super) fn pointer_store_refused(&self) -> Diagnostic {
        self.error(
            DiagKind::Unsupported,
            "a pointer to memory with derivatives is stored to memory that has no shadow; what is read through it after it is loaded back would have no derivative",
            "pass the memory it is stored to with enzyme_dup and a shadow (a struct holding pointers too), or keep the pointer in a local variable",
        )
    }

    /// The tangent of `llvm.masked.load/expandload/gather(ptr, [align,] mask, passthru)`: the
    /// same intrinsic on the shadow pointer(s) with the pass-through's tangent; a zero tangent
    /// where the memory has no shadow. (The primal call is already emitted.)
    ///
    /// Reverse mode: the adjoint of a gather is a scatter-*add* of the result's adjoint into the
    /// shadow pointers of the active lanes. Lanes may hold equal pointers (`x[idx[i]]` with
    /// repeated indices), and each must add its share: `llvm.masked.scatter` keeps only the
    /// last lane's value at a repeated address, so it is not enough. Add lane by lane
    /// (extract, load, fadd, store), or combine equal addresses first. The adjoint of a
    /// masked load or expandload is the same without repeats (the addresses are distinct).
    pub(super) fn emit_masked_load(&mut self, site: &CallSite) {
        let (Some(res), Callee::Direct(name)) = (site.result, &site.callee) else { return };
        if !self.shadows.has(res) {
            return;
        }
        let n = site.args.len();
        let middle: Vec<Value> = site.args[1..n - 1].iter().map(|a| self.p(*a)).collect();
        let mask = *middle.last().expect("a masked load has a mask");
        let pass = self.s_or_zero(site.args[n - 1]);
        let ty = site.sig.ret.clone();
        let guard = (self.shadow_access(site.args[0], ShadowUse::Read) == ShadowAccess::Guarded).then(|| self.p(site.args[0]));
        let (sig, attrs) = (site.sig.clone(), site.attrs.clone());
        let lanes = match self.s(site.args[0]) {
            Some(sp) => self.ins(|b| {
                sp.iter()
                    .zip(&pass)
                    .map(|(p, t)| {
                        let mut args = vec![*p];
                        args.extend_from_slice(&middle);
                        args.push(*t);
                        let i = b.call(Callee::Direct(name.clone()), sig.clone(), args, attrs.clone());
                        let loaded = b.func.dfg.result(i).expect("a masked load has a result");
                        let Some(primal) = guard else { return loaded };
                        // Lanes whose shadow is the primal read inactive memory: zero. The
                        // comparison is poison on masked-off lanes, so the mask picks last.
                        let same = b.icmp(IntCC::Eq, *p, primal);
                        let z = b.zero(ty.clone());
                        let active = b.select(same, z, loaded);
                        b.select(mask, active, *t)
                    })
                    .collect()
            }),
            // Inactive memory: loaded lanes have zero tangents, the others keep the
            // pass-through's.
            None => self.ins(|b| {
                pass.iter()
                    .map(|t| {
                        let z = b.zero(ty.clone());
                        b.select(mask, z, *t)
                    })
                    .collect()
            }),
        };
        self.set_shadow(res, lanes);
    }

    /// The shadow effect of `llvm.masked.store/compressstore/scatter(value, ptr, [align,]
    /// mask)`: the tangents stored through the shadow pointer(s) with the same mask. A lane
    /// whose shadow may be its primal writes to scratch memory instead.
    ///
    /// Reverse mode: the adjoint of a scatter reads the shadow at the active lanes' addresses
    /// (a gather) as the value's adjoint and then zeroes them (a scatter of zeros). Where lanes
    /// repeat an address only the last such lane wrote it: the earlier ones get no adjoint.
    pub(super) fn emit_masked_store(&mut self, site: &CallSite, value_active: bool) -> Result<(), Diagnostic> {
        let Some(sp) = self.s(site.args[1]) else {
            if value_active {
                return Err(self.error(
                    DiagKind::Unsupported,
                    "an active value is stored to memory that has no shadow; its derivative would be lost",
                    "pass the destination with enzyme_dup and a shadow buffer",
                ));
            }
            return Ok(());
        };
        let vals = self.s_or_zero(site.args[0]);
        let rest: Vec<Value> = site.args[2..].iter().map(|a| self.p(*a)).collect();
        let guard = match self.shadow_access(site.args[1], ShadowUse::Write) {
            ShadowAccess::Guarded => Some((self.p(site.args[1]), self.store_scratch(site.args[0], site.args[1]))),
            _ => None,
        };
        let (callee, sig, attrs) = (site.callee.clone(), site.sig.clone(), site.attrs.clone());
        self.ins(|b| {
            for (v, p) in vals.iter().zip(&sp) {
                let addr = match guard {
                    Some((primal, scratch)) => {
                        let same = b.icmp(IntCC::Eq, *p, primal);
                        b.select(same, scratch, *p)
                    }
                    None => *p,
                };
                let mut args = vec![*v, addr];
                args.extend_from_slice(&rest);
                b.call(callee.clone(), sig.clone(), args, attrs.clone());
            }
        });
        Ok(())
    }

    /// Scratch memory for the guarded lanes of a masked store of `value` through `ptr`: room
    /// for the whole vector behind a scalar pointer; one element, which every lane shares,
    /// behind a vector of pointers (a vector `ptradd` of zero offsets splats its address).
    fn store_scratch(&mut self, value: Value, ptr: Value) -> Value {
        let vty = self.src.dfg.value_type(value).clone();
        let pty = self.src.dfg.value_type(ptr).clone();
        if !pty.is_vector() {
            return self.entry_alloca(vty.clone(), vty.align() as u32);
        }
        let elem = vty.scalar().clone();
        let one = self.entry_alloca(elem.clone(), elem.align() as u32);
        let zeros = self.out.dfg.make_const(pty.with_scalar(Type::I64), catalase_ir::Const::Zero);
        self.ins(|b| b.ptradd(one, zeros))
    }
}

/// Shadow accesses keep alignment; atomic orderings and volatility are primal concerns.
fn shadow_mem(mem: MemFlags) -> MemFlags {
    MemFlags { align: mem.align, volatile: false, ordering: mem.ordering }
}

/// An integer value as i64 (sign- or zero-extension does not matter for sizes).
pub(crate) fn widen_to_i64(b: &mut catalase_ir::Builder, v: Value) -> Value {
    match b.value_type(v) {
        Type::Int(64) => v,
        Type::Int(w) if w < 64 => b.cast(CastOp::ZExt, v, Type::I64),
        Type::Int(_) => b.cast(CastOp::Trunc, v, Type::I64),
        _ => v,
    }
}

/// A zeroed `alloca` of `lanes · count` elements of `ty`; returns it and the bytes from one
/// lane to the next (`count · size`, plus [`lane_padding`]).
fn zeroed_alloca(b: &mut catalase_ir::Builder, ty: &Type, count: Value, lanes: usize, align: u32) -> (Value, Value) {
    let count64 = widen_to_i64(b, count);
    let elem = b.iconst(Type::I64, ty.alloc_size() as i128);
    let lane_bytes = b.binary(BinaryOp::Mul, count64, elem);
    if lanes == 1 {
        let base = b.alloca(ty.clone(), count, align);
        memset_zero(b, base, lane_bytes);
        return (base, lane_bytes);
    }
    let n = b.iconst(Type::I64, lanes as i128);
    let pad = lane_padding(ty, b.func.dfg.const_int(count), align);
    let (base, lane_bytes) = if pad == 0 {
        let all = b.binary(BinaryOp::Mul, count64, n);
        (b.alloca(ty.clone(), all, align), lane_bytes)
    } else {
        // Bytes, lanes `lane_bytes + pad` apart.
        let pad = b.iconst(Type::I64, pad as i128);
        let stride = b.binary(BinaryOp::Add, lane_bytes, pad);
        let all = b.binary(BinaryOp::Mul, stride, n);
        (b.alloca(Type::I8, all, align), stride)
    };
    let bytes = b.binary(BinaryOp::Mul, lane_bytes, n);
    memset_zero(b, base, bytes);
    (base, lane_bytes)
}

/// Bytes of padding after each lane of a shadow array of `count` elements of `ty`: lanes of
/// 2 KiB or more (a constant count) are set apart by a cache line (or the alignment, if larger),
/// so that lane l's element k and lane l+1's element k fall in different L1 sets. Lanes a power of
/// two apart share one set: a loop over 8 lanes of 8 KiB arrays touched 8 lines of one set per
/// array and thrashed. 0 for small or variable-length arrays.
fn lane_padding(ty: &Type, count: Option<i128>, align: u32) -> u64 {
    let size = ty.alloc_size();
    let Some(count) = count.and_then(|c| u64::try_from(c).ok()) else { return 0 };
    let pad = u64::from(align).max(64);
    if size.saturating_mul(count) < 2048 || pad % 4096 == 0 {
        return 0;
    }
    pad
}

/// `llvm.memset(p, 0, bytes)`.
pub(crate) fn memset_zero(b: &mut catalase_ir::Builder, p: Value, bytes: Value) {
    let bytes = widen_to_i64(b, bytes);
    let zero = b.iconst(Type::I8, 0);
    let f = b.iconst(Type::I1, 0);
    let sig = Signature::new(vec![Type::PTR, Type::I8, Type::I64, Type::I1], Type::Void);
    b.call_named("llvm.memset.p0.i64", sig, vec![p, zero, bytes, f]);
}
