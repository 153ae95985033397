//! Variable-length arrays in a combined gradient. A dynamic `alloca` (a non-constant count, or
//! outside the entry block, as LLVM counts them) takes stack room each time it runs, and the
//! `stackrestore` at the end of its scope gives the room back: after it, the reverse sweep's own
//! calls reuse it. An array whose memory the reverse sweep still reads (its shadow, or the primal
//! where a load is made again or a called function's reverse may read it) gets its primal and
//! shadow memory from the heap instead, in the forward sweep, and both are freed where the
//! reverse sweep passes the `alloca` (after everything that reads them in reverse). Its address
//! is kept for the reverse sweep like any value it reads. So the forward sweep keeps
//! `stackrestore`, and a VLA in a loop of many iterations holds no stack room per iteration
//! (as Enzyme moves the allocations it must keep to the heap).
//!
//! The parts of a call need nothing here: the reverse part never reads the augmented part's
//! primal stack memory, and shadows of its stack slots are already on the heap (`memory`).

use std::collections::HashSet;

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{InstData, Signature};
use catalase_ir::opcodes::BinaryOp;
use catalase_ir::{Builder, Inst, Type, Value};

use super::augmented::RevCtx;
use super::Part;
use crate::forward::memory::{memset_zero, widen_to_i64};

/// The alignment `malloc` and `calloc` give on the targets Catalase supports.
const MALLOC_ALIGN: u32 = 16;

impl RevCtx<'_, '_> {
    /// The `alloca`s of a combined gradient that go to the heap (see the module doc); planned
    /// after the reloadable loads.
    pub(super) fn heap_allocas(&self) -> HashSet<Inst> {
        if self.part != Part::Combined {
            return HashSet::new();
        }
        let f = self.src;
        let dynamic: Vec<(Inst, Value)> = f
            .layout
            .blocks()
            .flat_map(|b| f.layout.block_insts(b))
            .filter(|&i| self.is_dynamic_alloca(i))
            .map(|i| (i, f.dfg.result(i).expect("an alloca's address")))
            .collect();
        if dynamic.is_empty() {
            return HashSet::new();
        }
        let reads_stack = self.reverse_may_read_stack();
        dynamic.into_iter().filter(|(_, r)| reads_stack || self.pointer_shadow(*r)).map(|(i, _)| i).collect()
    }

    /// Whether the reverse sweep may read primal memory of a dynamic `alloca`: a load made
    /// again whose address is not based on an argument, a global or a fixed stack slot, or a
    /// call whose reverse (a user rule, a called function's reverse part) takes the primal
    /// pointers.
    fn reverse_may_read_stack(&self) -> bool {
        let f = self.src;
        let calls = f.layout.blocks().flat_map(|b| f.layout.block_insts(b)).any(|i| {
            let data = self.data(i);
            matches!(data, InstData::Call { .. }) && (self.differentiated_call(&data) || self.custom_rule(&data).is_some())
        });
        calls
            || self.reloadable.iter().any(|&load| {
                let InstData::Load { ptr, .. } = f.dfg.inst(load) else { return true };
                match self.root(*ptr).map(|r| &f.dfg.values[r].def) {
                    Some(ValueDef::Param(b, _)) => Some(*b) != f.layout.entry_block(),
                    Some(ValueDef::Const(_)) => false,
                    Some(ValueDef::Result(i)) => match f.dfg.inst(*i) {
                        InstData::Alloca { .. } => self.is_dynamic_alloca(*i),
                        _ => true,
                    },
                    _ => true,
                }
            })
    }

    /// An `alloca` LLVM does not place in the function's fixed frame: a count that is not a
    /// constant, or outside the entry block.
    fn is_dynamic_alloca(&self, i: Inst) -> bool {
        let f = self.src;
        let InstData::Alloca { count, .. } = f.dfg.inst(i) else { return false };
        !matches!(f.dfg.values[*count].def, ValueDef::Const(_)) || f.layout.inst_block(i) != f.layout.entry_block()
    }

    /// The forward sweep of an `alloca` that goes to the heap: a block of the same size and
    /// alignment, uninitialized like the stack slot.
    pub(super) fn forward_heap_alloca(&mut self, inst: Inst) {
        let InstData::Alloca { ty, count, align } = self.src.dfg.inst(inst).clone() else { unreachable!("an alloca") };
        let count = self.p(count);
        let block = self.ins(|b| {
            let bytes = alloca_bytes(b, &ty, count);
            heap_block(b, bytes, align, false)
        });
        let r = self.src.dfg.result(inst).expect("an alloca's address");
        self.vmap.insert(r, block);
    }
}

/// `count · sizeof(elem)` as an `i64`.
pub(super) fn alloca_bytes(b: &mut Builder, elem: &Type, count: Value) -> Value {
    let n = widen_to_i64(b, count);
    let size = b.iconst(Type::I64, elem.alloc_size() as i128);
    b.binary(BinaryOp::Mul, n, size)
}

/// A heap block of `bytes` (an `i64`) aligned to `align`, zeroed when `zero`: `malloc` or
/// `calloc` up to 16 bytes of alignment, else `aligned_alloc` of the size rounded up to a
/// multiple of the alignment (which it requires). Freed with `free`.
pub(super) fn heap_block(b: &mut Builder, bytes: Value, align: u32, zero: bool) -> Value {
    let one = b.iconst(Type::I64, 1);
    if align <= MALLOC_ALIGN {
        if zero {
            let sig = Signature::new(vec![Type::I64, Type::I64], Type::PTR);
            return b.call_named("calloc", sig, vec![bytes, one]).expect("calloc returns");
        }
        let sig = Signature::new(vec![Type::I64], Type::PTR);
        return b.call_named("malloc", sig, vec![bytes]).expect("malloc returns");
    }
    let a = b.iconst(Type::I64, i128::from(align));
    let mask = b.iconst(Type::I64, -i128::from(align));
    let up = b.binary(BinaryOp::Add, bytes, a);
    let up = b.binary(BinaryOp::Sub, up, one);
    let rounded = b.binary(BinaryOp::And, up, mask);
    let sig = Signature::new(vec![Type::I64, Type::I64], Type::PTR);
    let p = b.call_named("aligned_alloc", sig, vec![a, rounded]).expect("aligned_alloc returns");
    if zero {
        memset_zero(b, p, rounded);
    }
    p
}
