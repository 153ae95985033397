//! Atomic updates of active memory in reverse mode (`atomicrmw`, as OpenMP reductions and
//! `__atomic_fetch_add` emit). `r = atomicrmw op p, v` returns the old `*p`:
//!
//! | op | reverse sweep (`s` = the shadow of `*p`, holding the adjoint of the new value) |
//! |---|---|
//! | `fadd` | `v̄ += s`; `s += r̄` (the old value passes into the new one unchanged: `s` is read, not zeroed) |
//! | `fsub` | `v̄ -= s`; `s += r̄` |
//! | `xchg` | `v̄ += s`; `s = r̄` (the old value is overwritten, like a store followed by a load) |
//!
//! Floats moved as integers (`xchg` of a double's bits as `i64`) take the float adjoint that
//! type analysis gives them. Integer atomics that carry no float are left alone; every other
//! atomic on an active value (`fmax`, `fmin`, `cmpxchg`) is refused. The reverse sweep runs on one
//! thread, so the shadow is updated with plain loads and stores.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{InstData, MemFlags};
use catalase_ir::opcodes::RmwOp;
use catalase_ir::Inst;

use super::augmented::RevCtx;

impl RevCtx<'_, '_> {
    /// Refuse atomics reverse mode cannot differentiate.
    pub fn check_atomic(&self, data: &InstData, has_adjoint: bool) -> Result<(), Diagnostic> {
        let help = "accumulate with `atomicrmw fadd`/`fsub` (`#pragma omp atomic` on `+=`, __atomic_fetch_add), or use __enzyme_fwddiff";
        let InstData::AtomicRmw { op, args: [ptr, val], .. } = data else {
            let touches = has_adjoint || data.operands().iter().any(|v| self.active(*v) || self.pointer_shadow(*v));
            if !touches {
                return Ok(());
            }
            let msg = format!("cannot differentiate `{}` of an active value in reverse mode", data.opcode_name());
            return Err(self.error(DiagKind::Unsupported, msg, help));
        };
        let float = self.adjoint_type(*val).is_some();
        let shadowed = self.pointer_shadow(*ptr) || self.s_const(*ptr).is_some();
        if shadowed && self.float_bits_lost(*ptr, *val) {
            let ty = self.src.dfg.value_type(*val);
            let msg = format!("a floating-point value is moved through the integer type {ty} by `atomicrmw {op}`, and reverse mode does not carry the adjoint of its old value through it yet");
            return Err(self.error(DiagKind::Unsupported, msg, help));
        }
        if !float {
            if self.pointer_shadow(*val) {
                let msg = format!("cannot differentiate `atomicrmw {op}` of a pointer with a shadow in reverse mode");
                return Err(self.error(DiagKind::Unsupported, msg, help));
            }
            return Ok(());
        }
        if !shadowed {
            if self.active(*val) {
                return Err(self.error(
                    DiagKind::Unsupported,
                    format!("an active value is added by `atomicrmw {op}` to memory that has no shadow; its derivative would be lost"),
                    "pass the destination with enzyme_dup and a shadow buffer",
                ));
            }
            return Ok(());
        }
        if !matches!(op, RmwOp::FAdd | RmwOp::FSub | RmwOp::Xchg) {
            let msg = format!("cannot differentiate `atomicrmw {op}` on active memory in reverse mode: only fadd, fsub and xchg of floats");
            return Err(self.error(DiagKind::Unsupported, msg, help));
        }
        Ok(())
    }

    /// An integer atomic on shadowed memory that holds a float (the value, the old value or the
    /// memory is a float by type analysis) where the value and the old value do not both carry
    /// a float adjoint: the adjoint would be dropped on one side (`__atomic_exchange` of a
    /// double is an `i64` xchg whose old value has no adjoint).
    fn float_bits_lost(&self, ptr: catalase_ir::Value, val: catalase_ir::Value) -> bool {
        let ty = self.src.dfg.value_type(val);
        if !ty.scalar().is_int() {
            return false;
        }
        let old = self.cur.and_then(|i| self.src.dfg.result(i));
        let (v, r) = (self.adjoint_type(val).is_some(), old.is_some_and(|r| self.adjoint_type(r).is_some()));
        let size = ty.store_size() as i64;
        let memory = self.types.as_ref().is_some_and(|t| t.pointee_type(ptr, 0, size).is_float());
        // The activity analysis gives an integer atomic's old value no shadow, so it must not
        // be a float.
        let old_carries = old.is_none_or(|r| self.active(r));
        (v || r || memory) && !(v && old_carries)
    }

    /// Whether an atomic has reverse work without an active result (it moves the adjoint of
    /// shadowed float memory).
    pub fn atomic_work(&self, data: &InstData) -> bool {
        matches!(data, InstData::AtomicRmw { args: [ptr, val], .. } if self.adjoint_type(*val).is_some() && self.pointer_shadow(*ptr))
    }

    /// The adjoint of `r = atomicrmw op p, v` (see the table above).
    pub fn atomic_adjoint(&mut self, inst: Inst) {
        let InstData::AtomicRmw { op, args: [ptr, val], .. } = self.data(inst) else { return };
        let Some(ty) = self.adjoint_type(val) else { return };
        if self.s(ptr).is_none() {
            return;
        }
        let dr = self.src.dfg.result(inst).filter(|r| self.active(*r)).map(|r| self.take_adjoint(r));
        let addr = self.shadow_addr(ptr, &ty);
        let guard = self.guard(ptr);
        let mem = MemFlags::aligned(ty.scalar().align() as u32);
        let d = self.ins(|b| {
            let s = b.load(ty.clone(), addr, mem);
            let zero = b.zero(ty.clone());
            let new = match (op, dr) {
                (RmwOp::Xchg, Some(dr)) => dr,
                (RmwOp::Xchg, None) => zero,
                (_, Some(dr)) => b.fadd(s, dr),
                (_, None) => s,
            };
            if new != s {
                b.store(new, addr, mem);
            }
            let s = match guard {
                Some(same) => b.select(same, zero, s),
                None => s,
            };
            if op == RmwOp::FSub {
                b.fneg(s)
            } else {
                s
            }
        });
        self.accumulate(val, d);
    }
}
