//! Lowering one function: blocks, block parameters for phi nodes, operands and the
//! per-instruction driver.
//!
//! Blocks keep LLVM's order in the layout (unreachable ones are dropped); instructions are
//! lowered in reverse post-order so every operand is defined before its use. Each phi becomes
//! a parameter of its block; terminators are built with empty branch arguments and patched at
//! the end with each successor's incoming values for this predecessor. Constant expressions
//! among those incoming values are materialized at the end of the entry block (before its
//! terminator), since they only depend on constants.

use std::collections::{HashMap, HashSet};

use catalase_ir::builder::{Builder, Position};
use catalase_ir::diag::{Diagnostic, SourceLoc};
use catalase_ir::entities::{Block, Inst, Value};
use catalase_ir::function::Function;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::Flags;
use catalase_ir::types::Type;
use catalase_ir::Const;
use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMBasicBlockRef, LLVMValueRef};
use llvm_sys::LLVMOpcode;

use super::types::{fill_header, inst_loc, lower_signature, lower_type};
use super::{internal, LResult, print_value, value_name, ModuleCx, HELP_REPORT};

/// State while lowering one function.
pub(crate) struct FuncCx<'m> {
    pub(crate) m: &'m mut ModuleCx,
    pub(crate) func: Function,
    pub(crate) values: HashMap<LLVMValueRef, Value>,
    pub(crate) blocks: HashMap<LLVMBasicBlockRef, Block>,
    /// Plain constants already made (constant expressions are not cached: dominance).
    pub(crate) consts: HashMap<LLVMValueRef, Value>,
    /// Where the next instruction goes, and the location it gets.
    pub(crate) pos: Position,
    pub(crate) loc: Option<SourceLoc>,
    /// Terminators whose branch arguments are filled in at the end: (terminator, its LLVM form).
    pending: Vec<(Inst, LLVMValueRef)>,
}

/// Lower a defined function; diagnostics go to `m.diags`.
pub(crate) unsafe fn lower_function(m: &mut ModuleCx, f: LLVMValueRef) -> Function {
    let sig = lower_signature(LLVMGlobalGetValueType(f));
    let mut func = Function::with_entry(value_name(f), sig);
    fill_header(&mut func, f);
    let entry = func.entry_block().expect("with_entry makes an entry block");
    let mut cx = FuncCx {
        m,
        func,
        values: HashMap::new(),
        blocks: HashMap::new(),
        consts: HashMap::new(),
        pos: Position::End(entry),
        loc: None,
        pending: Vec::new(),
    };
    for (i, &p) in cx.func.params().to_vec().iter().enumerate() {
        cx.values.insert(LLVMGetParam(f, i as u32), p);
    }
    let order = reverse_post_order(f);
    cx.make_blocks(f, &order, entry);
    for &bb in &order {
        cx.lower_block(bb);
    }
    cx.patch_branch_args();
    cx.func
}

/// Blocks reachable from the entry, in reverse post-order.
unsafe fn reverse_post_order(f: LLVMValueRef) -> Vec<LLVMBasicBlockRef> {
    let entry = LLVMGetEntryBasicBlock(f);
    let mut seen = HashSet::from([entry]);
    let mut post = Vec::new();
    let mut stack = vec![(entry, 0u32)];
    while let Some((bb, next)) = stack.pop() {
        let term = LLVMGetBasicBlockTerminator(bb);
        let n = if term.is_null() { 0 } else { LLVMGetNumSuccessors(term) };
        if next < n {
            stack.push((bb, next + 1));
            let s = LLVMGetSuccessor(term, next);
            if seen.insert(s) {
                stack.push((s, 0));
            }
        } else {
            post.push(bb);
        }
    }
    post.reverse();
    post
}

/// The phi nodes at the start of a block.
pub(crate) unsafe fn phis_of(bb: LLVMBasicBlockRef) -> Vec<LLVMValueRef> {
    let mut out = Vec::new();
    let mut i = LLVMGetFirstInstruction(bb);
    while !i.is_null() && LLVMGetInstructionOpcode(i) == LLVMOpcode::LLVMPHI {
        out.push(i);
        i = LLVMGetNextInstruction(i);
    }
    out
}

impl FuncCx<'_> {
    /// One Catalase block per reachable LLVM block, in LLVM's order, with a parameter per phi.
    unsafe fn make_blocks(&mut self, f: LLVMValueRef, order: &[LLVMBasicBlockRef], entry: Block) {
        let reachable: HashSet<_> = order.iter().copied().collect();
        let mut bb = LLVMGetFirstBasicBlock(f);
        let mut first = true;
        while !bb.is_null() {
            if reachable.contains(&bb) {
                let block = if first {
                    entry
                } else {
                    let b = self.func.dfg.make_block();
                    self.func.layout.append_block(b);
                    b
                };
                first = false;
                self.blocks.insert(bb, block);
                for phi in phis_of(bb) {
                    let p = self.func.dfg.append_block_param(block, lower_type(LLVMTypeOf(phi)));
                    self.values.insert(phi, p);
                }
            }
            bb = LLVMGetNextBasicBlock(bb);
        }
    }

    unsafe fn lower_block(&mut self, bb: LLVMBasicBlockRef) {
        let block = self.blocks[&bb];
        self.pos = Position::End(block);
        let mut i = LLVMGetFirstInstruction(bb);
        while !i.is_null() {
            if LLVMGetInstructionOpcode(i) != LLVMOpcode::LLVMPHI {
                self.lower_one(i);
            }
            i = LLVMGetNextInstruction(i);
        }
    }

    /// Lower one instruction; on error, record a diagnostic and give the result a poison
    /// placeholder so later uses do not cascade.
    unsafe fn lower_one(&mut self, i: LLVMValueRef) {
        self.loc = inst_loc(i);
        match self.lower_inst(i) {
            Ok(Some(v)) => {
                self.values.insert(i, v);
            }
            Ok(None) => {}
            Err(d) => {
                self.report(d, i);
                let ty = lower_type(LLVMTypeOf(i));
                if !ty.is_void() {
                    let v = self.func.dfg.make_const(ty, Const::Poison);
                    self.values.insert(i, v);
                }
            }
        }
    }

    /// Record a diagnostic about instruction `i`, filling in function, instruction, location.
    #[allow(clippy::boxed_local)] // errors arrive boxed from `LResult`
    pub(crate) unsafe fn report(&mut self, d: Box<Diagnostic>, i: LLVMValueRef) {
        let mut d = *d;
        if d.function.is_none() {
            d.function = Some(self.func.name.clone());
        }
        if d.instruction.is_none() {
            d.instruction = Some(print_value(i));
        }
        if d.loc.is_none() {
            d.loc = self.loc.clone().or_else(|| self.func.loc.clone());
        }
        self.m.diags.push(d);
    }

    /// A builder at the current position with the current location.
    pub(crate) fn builder(&mut self) -> Builder<'_> {
        let block = match self.pos {
            Position::End(b) => b,
            Position::Before(_) => self.func.entry_block().unwrap_or(Block(0)),
        };
        let mut b = Builder::at_end(&mut self.func, block);
        b.set_position(self.pos);
        b.loc = self.loc.clone();
        b
    }

    /// Build an instruction at the current position with flags; returns it.
    pub(crate) fn build(&mut self, data: InstData, ty: Type, flags: Flags) -> Inst {
        let mut b = self.builder();
        let inst = b.build(data, ty);
        b.set_flags(inst, flags);
        inst
    }

    /// Build an instruction that has a result.
    pub(crate) fn build_value(&mut self, data: InstData, ty: Type, flags: Flags) -> Value {
        let inst = self.build(data, ty, flags);
        self.func.dfg.result(inst).unwrap_or_else(|| self.func.dfg.make_const(Type::Void, Const::Undef))
    }

    /// The Catalase value of an LLVM operand (constants made or materialized here).
    pub(crate) unsafe fn operand(&mut self, v: LLVMValueRef) -> LResult<Value> {
        if let Some(&x) = self.values.get(&v) {
            return Ok(x);
        }
        if !LLVMIsAInstruction(v).is_null() || !LLVMIsAArgument(v).is_null() {
            return Err(internal(format!("operand `{}` used before its definition was lowered", print_value(v))));
        }
        if !LLVMIsAConstant(v).is_null() {
            return self.constant(v);
        }
        let what = if !LLVMIsAMDNode(v).is_null() || !LLVMIsAMDString(v).is_null() {
            "a metadata operand"
        } else if !LLVMIsAInlineAsm(v).is_null() {
            "inline assembly"
        } else if !LLVMIsABasicBlock(v).is_null() {
            "a basic block used as a value"
        } else {
            "an unknown kind of operand"
        };
        Err(super::unsupported(format!("{what} (`{}`) is not supported", print_value(v)), HELP_REPORT))
    }

    /// A terminator whose branch arguments are filled in by `patch_branch_args`.
    pub(crate) fn defer_branch_args(&mut self, inst: Inst, term: LLVMValueRef) {
        self.pending.push((inst, term));
    }

    /// The Catalase block of an LLVM successor.
    pub(crate) fn block_of(&self, bb: LLVMBasicBlockRef) -> LResult<Block> {
        self.blocks.get(&bb).copied().ok_or_else(|| {
            internal("branch to a block that was not lowered (unreachable?)")
        })
    }

    /// Fill every terminator's branch arguments with the incoming values of its successors'
    /// phis for this predecessor.
    unsafe fn patch_branch_args(&mut self) {
        let entry = self.func.entry_block();
        self.pos = match entry.and_then(|e| self.func.terminator(e)) {
            Some(t) => Position::Before(t),
            None => Position::End(entry.unwrap_or(Block(0))),
        };
        for (inst, term) in std::mem::take(&mut self.pending) {
            let pred = LLVMGetInstructionParent(term);
            for k in 0..LLVMGetNumSuccessors(term) {
                let succ = LLVMGetSuccessor(term, k);
                self.loc = inst_loc(term);
                match self.incoming_args(succ, pred) {
                    Ok(args) => {
                        if let Some(bc) = self.func.dfg.inst_mut(inst).successors_mut().into_iter().nth(k as usize) {
                            bc.args = args;
                        }
                    }
                    Err(d) => self.report(d, term),
                }
            }
        }
    }

    unsafe fn incoming_args(&mut self, succ: LLVMBasicBlockRef, pred: LLVMBasicBlockRef) -> LResult<Vec<Value>> {
        let mut args = Vec::new();
        for phi in phis_of(succ) {
            let n = LLVMCountIncoming(phi);
            let v = (0..n).find(|&j| LLVMGetIncomingBlock(phi, j) == pred).map(|j| LLVMGetIncomingValue(phi, j));
            let Some(v) = v else {
                return Err(internal("phi has no incoming value for a predecessor"));
            };
            args.push(self.operand(v)?);
        }
        Ok(args)
    }
}
