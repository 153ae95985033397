//! Masked memory in reverse mode: `llvm.masked.load`/`store` (one pointer, consecutive lanes) and
//! `llvm.masked.gather`/`scatter` (a vector of pointers, one per lane), and the shadows of
//! vectors of pointers (`insertelement`, `extractelement`, `shufflevector` of pointers).
//!
//! | primal | forward sweep | reverse sweep |
//! |---|---|---|
//! | `y = gather(ps, m, t)` | a gather of pointers is mirrored on the shadows | `shadow(ps[k]) += ȳ[k]` lane by lane for the lanes of `m`; `t̄ += ȳ` on the other lanes |
//! | `scatter(v, ps, m)` | a scatter of pointers is mirrored on the shadows | lanes of `m` from last to first: `v̄[k] = shadow(ps[k])`, then zero it |
//! | `masked.load`/`store` | as a gather/scatter at `p + k·size` | as a gather/scatter at `p + k·size` |
//!
//! The adjoint of a gather adds lane by lane, never with a scatter: lanes may hold the same
//! address (`x[idx[i]]` with repeated indices) and each must add its share. A scatter writes its
//! lanes in order, so at a repeated address the last lane's value survives: going from the last
//! lane to the first, that lane reads the shadow and zeroes it, the earlier ones read zero.
//! Masked-off lanes touch scratch memory, so that their (possibly poison) pointers are never
//! used; where a pointer's shadow may be its primal standing in, the lanes whose shadow equals
//! their primal do the same. `expandload` and `compressstore` (lanes packed by the mask) are
//! refused when they move derivatives.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{Callee, InstData, MemFlags};
use catalase_ir::opcodes::IntCC;
use catalase_ir::{Builder, Inst, Type, Value};

use super::augmented::RevCtx;
use crate::calls::CallKind;
use crate::standin::{ShadowAccess, ShadowUse};

/// The parts of a masked memory call: `(value?, pointer(s), mask, pass-through?)`.
struct Masked {
    /// The stored value (stores) or the pass-through (loads).
    value: Value,
    ptr: Value,
    mask: Value,
    store: bool,
    /// One pointer per lane (gather, scatter) rather than consecutive lanes.
    per_lane: bool,
    lanes: u32,
    elem: Type,
}

fn callee_name(data: &InstData) -> &str {
    match data {
        InstData::Call { callee: Callee::Direct(n), .. } => n,
        _ => "",
    }
}

impl RevCtx<'_, '_> {
    fn masked(&self, data: &InstData) -> Option<Masked> {
        let InstData::Call { args, sig, .. } = data else { return None };
        let store = match self.call_kind(data) {
            Some(CallKind::MaskedLoad) => false,
            Some(CallKind::MaskedStore) => true,
            _ => return None,
        };
        let n = args.len();
        let (value, ptr, mask) = if store { (args[0], args[1], args[n - 1]) } else { (args[n - 1], args[0], args[n - 2]) };
        let vty = if store { self.src.dfg.value_type(value).clone() } else { sig.ret.clone() };
        let Type::Vector(lanes, elem) = vty else { return None };
        let per_lane = self.src.dfg.value_type(ptr).is_vector();
        Some(Masked { value, ptr, mask, store, per_lane, lanes, elem: *elem })
    }

    /// Refuse masked accesses reverse mode cannot differentiate: packed lanes (`expandload`,
    /// `compressstore`) that move floats, an active value stored where there is no shadow.
    pub fn check_masked(&self, data: &InstData) -> Result<(), Diagnostic> {
        let Some(m) = self.masked(data) else { return Ok(()) };
        let name = callee_name(data);
        let shadowed = self.pointer_shadow(m.ptr) || self.s_const(m.ptr).is_some();
        let floats = m.elem.is_float() || m.elem.is_ptr();
        if (name.contains("expandload") || name.contains("compressstore")) && shadowed && floats {
            return Err(self.error(
                DiagKind::Unsupported,
                format!("reverse mode does not differentiate `{name}` yet"),
                "write the loop without compressing or expanding lanes, or use __enzyme_fwddiff",
            ));
        }
        if m.store && !shadowed && (self.active(m.value) || self.pointer_shadow(m.value)) {
            return Err(self.error(
                DiagKind::Unsupported,
                "an active value is stored to memory that has no shadow; its derivative would be lost",
                "pass the destination with enzyme_dup and a shadow buffer",
            ));
        }
        Ok(())
    }

    /// Whether a masked store has reverse work (it zeroes the shadow lanes it overwrote).
    pub fn masked_work(&self, data: &InstData) -> bool {
        self.masked(data).is_some_and(|m| m.store && m.elem.is_float() && self.pointer_shadow(m.ptr))
    }

    // ----- the forward sweep -----

    /// The shadow of a vector-of-pointers element operation, or `None` for other instructions.
    pub fn vector_pointer_shadow(&mut self, data: &InstData) -> Option<Value> {
        let shadow = match data {
            InstData::ExtractElement { args: [v, i] } => {
                let (s, i) = (self.s_or_standin(*v), self.p(*i));
                self.ins(|b| b.extract_element(s, i))
            }
            InstData::InsertElement { args: [v, e, i] } => {
                let (s, e, i) = (self.s_or_standin(*v), self.s_or_standin(*e), self.p(*i));
                self.ins(|b| b.insert_element(s, e, i))
            }
            InstData::Shuffle { args: [a, c], mask } => {
                let (a, c, mask) = (self.s_or_standin(*a), self.s_or_standin(*c), mask.clone());
                // Undefined lanes are null, as in the primal (`clone_primal`).
                self.ins(|b| {
                    let s = b.shuffle(a, c, mask.clone());
                    if !mask.contains(&-1) {
                        return s;
                    }
                    let fixed = mask.iter().enumerate().map(|(k, m)| if *m < 0 { mask.len() as i32 } else { k as i32 }).collect();
                    let null = b.zero(b.value_type(s));
                    b.shuffle(s, null, fixed)
                })
            }
            _ => return None,
        };
        Some(shadow)
    }

    /// Mirror a masked load or store of pointers on the shadows (the primal is emitted).
    /// Returns false when `inst` is not a masked access.
    pub fn forward_masked(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.data(inst);
        let Some(m) = self.masked(&data) else { return Ok(false) };
        let InstData::Call { callee, args, sig, attrs } = &data else { unreachable!("a call") };
        if !m.elem.is_ptr() {
            return Ok(true);
        }
        let use_ = if m.store { ShadowUse::Write } else { ShadowUse::Read };
        let has = self.pointer_shadow(m.ptr) || self.s(m.ptr).is_some();
        match crate::standin::shadow_access(has, self.shadows.is_mixed(m.ptr), use_) {
            ShadowAccess::Own => {}
            ShadowAccess::Absent => return Ok(true),
            _ => return Err(self.error(
                DiagKind::Unsupported,
                "a masked access of pointers through a pointer that may point to active or to inactive memory",
                "pass every pointer that can reach this instruction with enzyme_dup, with its own shadow buffer",
            )),
        }
        let result = self.src.dfg.result(inst);
        if !m.store && !result.is_some_and(|r| self.pointer_shadow(r)) {
            return Ok(true);
        }
        let mut new: Vec<Value> = args.iter().map(|a| self.p(*a)).collect();
        let (vi, pi) = if m.store { (0, 1) } else { (args.len() - 1, 0) };
        new[vi] = self.s_or_standin(m.value);
        new[pi] = self.s(m.ptr).expect("an own shadow");
        let (callee, sig, attrs) = (callee.clone(), sig.clone(), attrs.clone());
        let call = self.ins(|b| b.call(callee, sig, new, attrs));
        if let Some(r) = result.filter(|_| !m.store) {
            let s = self.out.dfg.result(call).expect("a masked load has a result");
            self.smap_insert(r, s);
        }
        Ok(true)
    }

    // ----- the reverse sweep -----

    /// The adjoint of a masked load (gather) or store (scatter) of floats; false when `inst`
    /// is not one.
    pub fn masked_adjoint(&mut self, inst: Inst) -> bool {
        let data = self.data(inst);
        let Some(m) = self.masked(&data) else { return false };
        if !m.elem.is_float() || self.s(m.ptr).is_none() {
            return true;
        }
        let result = self.src.dfg.result(inst).filter(|r| !m.store && self.active(*r));
        if !m.store && result.is_none() {
            return true;
        }
        let (sp, mask) = (self.s(m.ptr).expect("a shadow"), self.p(m.mask));
        let primal = self.shadows.is_mixed(m.ptr).then(|| self.p(m.ptr));
        let scratch = self.scratch(m.elem.clone());
        let mem = MemFlags::aligned(m.elem.align() as u32);
        let lanes = LaneAddr { sp, primal, mask, scratch, per_lane: m.per_lane, size: m.elem.alloc_size() };
        let vty = Type::Vector(m.lanes, Box::new(m.elem.clone()));
        if let Some(r) = result {
            let dy = self.take_adjoint(r);
            let pass = self.ins(|b| {
                for k in 0..m.lanes {
                    let (addr, _) = lanes.at(b, k);
                    let kk = b.iconst(Type::I32, k as i128);
                    let d = b.extract_element(dy, kk);
                    let old = b.load(m.elem.clone(), addr, mem);
                    let new = b.fadd(old, d);
                    b.store(new, addr, mem);
                }
                let zero = b.zero(vty.clone());
                b.select(mask, zero, dy)
            });
            self.accumulate(m.value, pass);
        } else {
            let d = self.ins(|b| {
                let mut d = b.zero(vty.clone());
                for k in (0..m.lanes).rev() {
                    let (addr, ok) = lanes.at(b, k);
                    let v = b.load(m.elem.clone(), addr, mem);
                    let zero = b.zero(m.elem.clone());
                    b.store(zero, addr, mem);
                    let v = b.select(ok, v, zero);
                    let kk = b.iconst(Type::I32, k as i128);
                    d = b.insert_element(d, v, kk);
                }
                d
            });
            self.accumulate(m.value, d);
        }
        true
    }
}

/// Where lane `k` of a masked access adds or reads its adjoint.
struct LaneAddr {
    /// The shadow pointer (consecutive lanes) or vector of shadow pointers.
    sp: Value,
    /// The primal pointer(s), where the shadow may be the primal standing in.
    primal: Option<Value>,
    mask: Value,
    scratch: Value,
    per_lane: bool,
    size: u64,
}

impl LaneAddr {
    /// Lane `k`'s shadow address (scratch memory for a masked-off or stand-in lane) and whether
    /// it is a real one.
    fn at(&self, b: &mut Builder, k: u32) -> (Value, Value) {
        let kk = b.iconst(Type::I32, k as i128);
        let lane = |b: &mut Builder, p: Value| {
            if self.per_lane {
                b.extract_element(p, kk)
            } else {
                let off = b.iconst(Type::I64, (k as u64 * self.size) as i128);
                b.ptradd(p, off)
            }
        };
        let s = lane(b, self.sp);
        let on = b.extract_element(self.mask, kk);
        // `select`, not `and`: a masked-off lane's pointer may be poison.
        let ok = match self.primal {
            Some(p) => {
                let p = lane(b, p);
                let own = b.icmp(IntCC::Ne, s, p);
                let no = b.iconst(Type::Int(1), 0);
                b.select(on, own, no)
            }
            None => on,
        };
        (b.select(ok, s, self.scratch), ok)
    }
}
