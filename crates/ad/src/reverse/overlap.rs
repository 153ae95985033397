//! Vector loads whose shadows partly overlap: LLVM's vectorizer turns a stencil such as
//! `u[j-1] + u[j] + u[j+1]` into loads of `<2 x double>` at `j-1`, `j` and `j+1`. The adjoint
//! of each is a read-modify-write of the same shadow pair, and each read of a pair that
//! overlaps a pair stored just before (8 bytes off) waits for the store to reach the cache: the
//! processor forwards a store to a later load only when the load reads within it. The reverse
//! sweep adds the adjoint of such loads one element at a time instead (`<1 x T>` pieces, which
//! LLVM's SLP vectorizer does not merge back into pairs, and whose repeated addresses GVN
//! folds together).
//!
//! Which loads overlap is a question about addresses: each pointer is taken apart as a base
//! pointer plus a linear sum of integer values plus a constant byte offset (through `ptradd`,
//! `add`, `sub`, `or`, multiplication and shifts by constants, and integer casts). Two vector
//! loads of one block with the same base and the same sum overlap when their constant offsets
//! differ by less than the vector's size. The answer only chooses between two correct ways to
//! add an adjoint (a wrapped or `or`-ed index just makes a pair look apart or together), so the
//! decomposition need not prove anything.

use std::collections::{BTreeMap, HashMap, HashSet};

use catalase_ir::function::ValueDef;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::{BinaryOp, CastOp};
use catalase_ir::{Const, Function, Inst, Type, Value};

/// How far an address is followed back through its arithmetic.
const MAX_DEPTH: u32 = 16;

/// `Σ coefficient·value + constant`, in bytes for an address's offset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Linear {
    terms: BTreeMap<Value, i64>,
    constant: i64,
}

impl Linear {
    fn value(v: Value) -> Linear {
        Linear { terms: BTreeMap::from([(v, 1)]), constant: 0 }
    }
    fn constant(c: i64) -> Linear {
        Linear { terms: BTreeMap::new(), constant: c }
    }
    fn plus(mut self, other: Linear, sign: i64) -> Linear {
        for (v, c) in other.terms {
            let e = self.terms.entry(v).or_insert(0);
            *e = e.wrapping_add(c.wrapping_mul(sign));
        }
        self.terms.retain(|_, c| *c != 0);
        self.constant = self.constant.wrapping_add(other.constant.wrapping_mul(sign));
        self
    }
    fn scaled(mut self, k: i64) -> Linear {
        self.terms.values_mut().for_each(|c| *c = c.wrapping_mul(k));
        self.terms.retain(|_, c| *c != 0);
        self.constant = self.constant.wrapping_mul(k);
        self
    }
    /// Divided by `2^k` where every coefficient and the constant divide exactly.
    fn shifted_right(mut self, k: u32) -> Option<Linear> {
        let d = 1i64.checked_shl(k).filter(|d| *d > 0)?;
        if self.constant % d != 0 || self.terms.values().any(|c| c % d != 0) {
            return None;
        }
        self.terms.values_mut().for_each(|c| *c /= d);
        self.constant /= d;
        Some(self)
    }
}

/// The signed value of an integer constant.
fn int_const(f: &Function, v: Value) -> Option<i64> {
    let ValueDef::Const(Const::Int(bits)) = &f.dfg.values[v].def else { return None };
    let width = match f.dfg.value_type(v) {
        Type::Int(w) => *w,
        _ => return None,
    };
    let shift = 128u32.checked_sub(width).filter(|s| *s < 128)?;
    Some((((*bits << shift) as i128) >> shift) as i64)
}

/// `v` as a linear sum of the values it is computed from.
fn linear(f: &Function, v: Value, depth: u32) -> Linear {
    if let Some(c) = int_const(f, v) {
        return Linear::constant(c);
    }
    let ValueDef::Result(inst) = f.dfg.values[v].def else { return Linear::value(v) };
    if depth == 0 {
        return Linear::value(v);
    }
    let sub = |x: Value| linear(f, x, depth - 1);
    let by_const = |x: Value| int_const(f, x);
    let found = match f.dfg.inst(inst) {
        InstData::Binary { op: BinaryOp::Add | BinaryOp::Or, args: [a, b] } => Some(sub(*a).plus(sub(*b), 1)),
        InstData::Binary { op: BinaryOp::Sub, args: [a, b] } => Some(sub(*a).plus(sub(*b), -1)),
        InstData::Binary { op: BinaryOp::Mul, args: [a, b] } => match (by_const(*a), by_const(*b)) {
            (_, Some(k)) => Some(sub(*a).scaled(k)),
            (Some(k), _) => Some(sub(*b).scaled(k)),
            _ => None,
        },
        InstData::Binary { op: BinaryOp::Shl, args: [a, b] } => {
            by_const(*b).filter(|k| (0..63).contains(k)).map(|k| sub(*a).scaled(1 << k))
        }
        InstData::Binary { op: BinaryOp::AShr | BinaryOp::LShr, args: [a, b] } => {
            by_const(*b).filter(|k| (0..63).contains(k)).and_then(|k| sub(*a).shifted_right(k as u32))
        }
        InstData::Cast { op: CastOp::SExt | CastOp::ZExt | CastOp::Trunc, arg } => Some(sub(*arg)),
        _ => None,
    };
    found.unwrap_or_else(|| Linear::value(v))
}

/// A pointer as `base + offset` (bytes).
fn address(f: &Function, mut ptr: Value) -> (Value, Linear) {
    let mut offset = Linear::default();
    for _ in 0..MAX_DEPTH {
        let ValueDef::Result(inst) = f.dfg.values[ptr].def else { break };
        match f.dfg.inst(inst) {
            InstData::PtrAdd { args: [base, off] } => {
                offset = offset.plus(linear(f, *off, MAX_DEPTH), 1);
                ptr = *base;
            }
            _ => break,
        }
    }
    (ptr, offset)
}

/// Vector loads of one block by base pointer and variable part of the offset, each with its
/// constant offset and size in bytes.
type Groups = HashMap<(Value, Vec<(Value, i64)>), Vec<(i64, i64, Inst)>>;

/// The loads of float vectors (two or more lanes) in `f` whose bytes partly overlap those of
/// another such load in the same block.
pub(super) fn overlapping_vector_loads(f: &Function) -> HashSet<Inst> {
    let mut out = HashSet::new();
    for block in f.layout.blocks() {
        let mut groups = Groups::new();
        for inst in f.layout.block_insts(block) {
            let InstData::Load { ptr, .. } = f.dfg.inst(inst) else { continue };
            let Some(result) = f.dfg.result(inst) else { continue };
            let ty = f.dfg.value_type(result);
            if !(ty.is_vector() && ty.lanes() >= 2 && matches!(ty.scalar(), Type::F32 | Type::F64)) {
                continue;
            }
            let (base, off) = address(f, *ptr);
            let key = (base, off.terms.into_iter().collect());
            groups.entry(key).or_default().push((off.constant, ty.store_size() as i64, inst));
        }
        for loads in groups.values() {
            for (i, &(a, size_a, la)) in loads.iter().enumerate() {
                for &(b, size_b, lb) in &loads[i + 1..] {
                    let (lo, hi, size) = if a <= b { (a, b, size_a) } else { (b, a, size_b) };
                    if lo != hi && hi - lo < size {
                        out.insert(la);
                        out.insert(lb);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Function {
        catalase_ir::parser::parse_function(text).expect("parses")
    }

    #[test]
    fn stencil_pairs_overlap_and_strided_pairs_do_not() {
        // Pairs at j-1, j, j+1 (the stencil) and at 2k, 2k+2 (a vectorized loop's own lanes).
        let f = parse(
            "func @f(ptr, ptr, i64) -> void {\n\
                 v20 = const i64 3\n\
                 v21 = const i64 1\n\
                 v22 = const i64 8\n\
                 v23 = const i64 2\n\
             block0(v0: ptr, v1: ptr, v2: i64):\n\
                 v3: i64 = shl v2, v20\n\
                 v4: ptr = ptradd v0, v3\n\
                 v5: <2 x f64> = load v4 align 8\n\
                 v6: i64 = add v2, v21\n\
                 v7: i64 = mul v6, v22\n\
                 v8: ptr = ptradd v0, v7\n\
                 v9: <2 x f64> = load v8 align 8\n\
                 v10: i64 = sub v2, v21\n\
                 v11: i64 = shl v10, v20\n\
                 v12: ptr = ptradd v0, v11\n\
                 v13: <2 x f64> = load v12 align 8\n\
                 v14: ptr = ptradd v1, v3\n\
                 v15: <2 x f64> = load v14 align 8\n\
                 v16: i64 = add v2, v23\n\
                 v17: i64 = shl v16, v20\n\
                 v18: ptr = ptradd v1, v17\n\
                 v19: <2 x f64> = load v18 align 8\n\
                 ret\n\
             }\n",
        );
        let found = overlapping_vector_loads(&f);
        let loads: Vec<Inst> = f
            .layout
            .blocks()
            .flat_map(|b| f.layout.block_insts(b).collect::<Vec<_>>())
            .filter(|&i| matches!(f.dfg.inst(i), InstData::Load { .. }))
            .collect();
        assert_eq!(loads.len(), 5);
        assert!(loads[..3].iter().all(|l| found.contains(l)), "the stencil's three pairs overlap");
        assert!(!found.contains(&loads[3]) && !found.contains(&loads[4]), "pairs 16 bytes apart do not");
    }
}
