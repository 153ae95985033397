//! Memory in forward mode: shadow allocations mirror `alloca`s, loads read shadow memory,
//! stores write it. Shadow memory has the primal's layout, so any load or store (float,
//! pointer or integer bits) is mirrored at the same offset.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{InstData, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC};
use catalase_ir::{Inst, Type, Value};

use super::func::FnCtx;

impl FnCtx<'_, '_> {
    pub(super) fn emit_alloca(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        self.clone_primal(inst);
        let InstData::Alloca { ty, count, align } = self.src.dfg.inst(inst).clone() else { unreachable!() };
        let result = self.src.dfg.result(inst).expect("alloca result");
        if !self.shadows.has(result) {
            return Ok(());
        }
        let count = self.p(count);
        let mut lanes = Vec::new();
        for _ in 0..self.width() {
            let size = ty.alloc_size();
            let shadow = self.ins(|b| {
                let s = b.alloca(ty.clone(), count, align);
                let count64 = widen_to_i64(b, count);
                let elem = b.iconst(Type::I64, size as i128);
                let bytes = b.binary(BinaryOp::Mul, count64, elem);
                memset_zero(b, s, bytes);
                s
            });
            lanes.push(shadow);
        }
        self.set_shadow(result, lanes);
        Ok(())
    }

    pub(super) fn emit_load(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        self.clone_primal(inst);
        let InstData::Load { ptr, mem } = self.src.dfg.inst(inst).clone() else { unreachable!() };
        let result = self.src.dfg.result(inst).expect("load result");
        if !self.shadows.has(result) {
            return Ok(());
        }
        let Some(sp) = self.s(ptr) else { return Ok(()) };
        let ty = self.src.dfg.value_type(result).clone();
        let guard = self.shadows.is_mixed(ptr).then(|| self.p(ptr));
        let lanes = self.ins(|b| {
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
        self.set_shadow(result, lanes);
        Ok(())
    }

    pub(super) fn emit_store(&mut self, inst: Inst) -> Result<(), Diagnostic> {
        self.clone_primal(inst);
        let InstData::Store { args: [val, ptr], mem } = self.src.dfg.inst(inst).clone() else { unreachable!() };
        match self.s(ptr) {
            Some(sp) => {
                let sv = self.s_or_zero(val);
                let ty = self.src.dfg.value_type(val).clone();
                let guard = match self.shadows.is_mixed(ptr) {
                    true => Some((self.p(ptr), self.entry_alloca(ty, mem.align.max(1)))),
                    false => None,
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
                if ty.has_float() && self.s(val).is_some() {
                    return Err(self.error(
                        DiagKind::Unsupported,
                        "an active value is stored to memory that has no shadow; its derivative would be lost",
                        "pass the destination with enzyme_dup and a shadow buffer, or mark the global it belongs to inactive",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Shadow accesses keep alignment; atomic orderings and volatility are primal concerns.
fn shadow_mem(mem: MemFlags) -> MemFlags {
    MemFlags { align: mem.align, volatile: false, ordering: mem.ordering }
}

/// An integer value as i64 (sign- or zero-extension does not matter for sizes).
pub(super) fn widen_to_i64(b: &mut catalase_ir::Builder, v: Value) -> Value {
    match b.value_type(v) {
        Type::Int(64) => v,
        Type::Int(w) if w < 64 => b.cast(CastOp::ZExt, v, Type::I64),
        Type::Int(_) => b.cast(CastOp::Trunc, v, Type::I64),
        _ => v,
    }
}

/// `llvm.memset(p, 0, bytes)`.
pub(super) fn memset_zero(b: &mut catalase_ir::Builder, p: Value, bytes: Value) {
    let bytes = widen_to_i64(b, bytes);
    let zero = b.iconst(Type::I8, 0);
    let f = b.iconst(Type::I1, 0);
    let sig = Signature::new(vec![Type::PTR, Type::I8, Type::I64, Type::I1], Type::Void);
    b.call_named("llvm.memset.p0.i64", sig, vec![p, zero, bytes, f]);
}
