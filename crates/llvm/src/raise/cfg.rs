//! Control flow for raising: LLVM blocks in layout order, phi nodes for block parameters,
//! the build order (reverse postorder, so definitions precede uses, then unreachable blocks),
//! terminators, edge splitting, and the phi incomings added once every block is built.
//!
//! A terminator whose edges reach one block with different arguments gets a forwarding block
//! per differing edge, so each phi has one incoming value per predecessor edge. When a branch
//! targets the entry block, a fresh entry block is put before it and the entry's parameters
//! become phis fed by the function arguments. A branch's loop hints become its `llvm.loop`
//! metadata (`crate::metadata`).

use std::collections::HashSet;

use catalase_ir::diag;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{BlockCall, InstData};
use catalase_ir::{Block, Inst, Type, Value};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use super::types::{int_const, type_text};
use super::{Edge, Raiser};
use crate::metadata::write_loop_hints;

impl Raiser<'_> {
    /// Build the whole body.
    pub(super) unsafe fn raise_body(&mut self) -> Result<(), diag::Diagnostic> {
        let f = self.f;
        let entry = f
            .entry_block()
            .ok_or_else(|| self.err("function has no entry block"))?;
        let entry_has_preds = f
            .layout
            .blocks()
            .any(|b| f.successors(b).contains(&entry));
        let prelude = if entry_has_preds {
            Some(self.append_block("entry"))
        } else {
            None
        };
        for b in f.layout.blocks() {
            let bb = self.append_block(&b.to_string());
            if self.blocks.insert(b, bb).is_some() {
                return Err(self.err(format!("{b} appears twice in the layout")));
            }
        }
        self.bind_entry_params(entry, prelude)?;
        for b in f.layout.blocks() {
            if b != entry {
                self.make_phis(b)?;
            }
        }
        if self.needs_personality() {
            self.set_personality()?;
        }
        let order = self.build_order(entry)?;
        for b in order {
            self.in_reachable = self.reachable.contains(&b);
            self.raise_block(b)?;
        }
        self.current = None;
        self.in_reachable = true;
        self.add_incomings()
    }

    unsafe fn append_block(&self, name: &str) -> LLVMBasicBlockRef {
        let cname = std::ffi::CString::new(name).unwrap_or_default();
        LLVMAppendBasicBlockInContext(self.ctx, self.func, cname.as_ptr())
    }

    /// Function arguments are the entry block's parameters; with a prelude block they are phis
    /// whose first incoming value is the argument.
    unsafe fn bind_entry_params(
        &mut self,
        entry: Block,
        prelude: Option<LLVMBasicBlockRef>,
    ) -> Result<(), diag::Diagnostic> {
        let f = self.f;
        let params = f.dfg.block_params(entry);
        if params.len() != LLVMCountParams(self.func) as usize {
            return Err(self.err(format!(
                "entry block has {} parameters, the signature {}",
                params.len(),
                f.sig.params.len()
            )));
        }
        for (i, &v) in params.iter().enumerate() {
            let arg = LLVMGetParam(self.func, i as u32);
            let want = self.ty(self.value_type(v)?)?;
            if !super::types::same_shape(LLVMTypeOf(arg), want) {
                return Err(self.err(format!(
                    "entry parameter {v} has type {}, argument {i} {}",
                    type_text(want),
                    type_text(LLVMTypeOf(arg))
                )));
            }
            if prelude.is_none() {
                self.values.insert(v, arg);
            }
        }
        if let Some(pre) = prelude {
            self.make_phis(entry)?;
            LLVMPositionBuilderAtEnd(self.b(), pre);
            LLVMBuildBr(self.b(), self.blocks[&entry]);
            for (i, v) in params.iter().enumerate() {
                let mut arg = LLVMGetParam(self.func, i as u32);
                let mut from = pre;
                LLVMAddIncoming(self.values[v], &mut arg, &mut from, 1);
            }
        }
        Ok(())
    }

    /// One phi per block parameter, at the start of the (still empty) block.
    unsafe fn make_phis(&mut self, b: Block) -> Result<(), diag::Diagnostic> {
        LLVMPositionBuilderAtEnd(self.b(), self.blocks[&b]);
        for &v in self.f.dfg.block_params(b) {
            let t = self.ty(self.value_type(v)?)?;
            let phi = LLVMBuildPhi(self.b(), t, c"".as_ptr());
            self.name_value(phi, v);
            self.values.insert(v, phi);
        }
        Ok(())
    }

    /// Reverse postorder from the entry (a block's dominators come before it), then the
    /// unreachable blocks in layout order.
    unsafe fn build_order(&mut self, entry: Block) -> Result<Vec<Block>, diag::Diagnostic> {
        let f = self.f;
        let mut post = Vec::new();
        let mut seen = HashSet::from([entry]);
        let mut stack = vec![(entry, f.successors(entry), 0usize)];
        while let Some((b, succs, next)) = stack.last_mut() {
            if let Some(&s) = succs.get(*next) {
                *next += 1;
                if !self.blocks.contains_key(&s) {
                    let b = *b;
                    self.current = f.terminator(b);
                    return Err(self.err(format!("branch to {s}, which is not in the layout")));
                }
                if seen.insert(s) {
                    stack.push((s, f.successors(s), 0));
                }
            } else {
                post.push(*b);
                stack.pop();
            }
        }
        post.reverse();
        self.reachable = post.iter().copied().collect();
        post.extend(f.layout.blocks().filter(|b| !seen.contains(b)));
        Ok(post)
    }

    /// Raise the instructions of one block; the last must be its only terminator.
    unsafe fn raise_block(&mut self, b: Block) -> Result<(), diag::Diagnostic> {
        let f = self.f;
        LLVMPositionBuilderAtEnd(self.b(), self.blocks[&b]);
        if f.layout.first_inst(b).is_none() {
            self.current = None;
            return Err(self.err(format!("{b} is empty")));
        }
        for i in f.layout.block_insts(b) {
            self.current = Some(i);
            let node = f
                .dfg
                .insts
                .get(i)
                .ok_or_else(|| self.err(format!("{i} does not exist")))?;
            let last = f.layout.last_inst(b) == Some(i);
            if node.data.is_terminator() != last {
                let what = if last {
                    "does not end with a terminator"
                } else {
                    "has a terminator before its end"
                };
                return Err(self.err(format!("{b} {what}")));
            }
            if last {
                self.raise_terminator(b, i)?;
            } else {
                self.raise_inst(i)?;
            }
        }
        Ok(())
    }

    /// Raise a terminator of block `b`.
    unsafe fn raise_terminator(&mut self, b: Block, i: Inst) -> Result<(), diag::Diagnostic> {
        let f = self.f;
        let data = &f.dfg.insts[i].data;
        let targets = self.edge_targets(b, i, &data.successors())?;
        match data {
            InstData::Br { .. } => {
                let br = LLVMBuildBr(self.b(), targets[0]);
                write_loop_hints(br, &f.dfg.insts[i].loop_hints);
            }
            InstData::CondBr { cond, .. } => {
                if self.value_type(*cond)? != &Type::I1 {
                    return Err(self.err("condbr condition is not i1"));
                }
                let c = self.value(*cond)?;
                let br = LLVMBuildCondBr(self.b(), c, targets[0], targets[1]);
                write_loop_hints(br, &f.dfg.insts[i].loop_hints);
            }
            InstData::Switch { arg, cases, .. } => {
                let sw = self.raise_switch(*arg, cases.iter().map(|c| c.0), &targets)?;
                write_loop_hints(sw, &f.dfg.insts[i].loop_hints);
            }
            InstData::Ret { arg } => self.raise_ret(*arg)?,
            InstData::Unreachable => {
                LLVMBuildUnreachable(self.b());
            }
            InstData::Resume { arg } => {
                let x = self.value(*arg)?;
                LLVMBuildResume(self.b(), x);
            }
            InstData::Invoke { .. } => self.raise_invoke(i, targets[0], targets[1])?,
            _ => return Err(self.err("not a terminator")),
        }
        Ok(())
    }

    unsafe fn raise_switch(
        &mut self,
        arg: Value,
        cases: impl Iterator<Item = u128>,
        targets: &[LLVMBasicBlockRef],
    ) -> Result<LLVMValueRef, diag::Diagnostic> {
        let Type::Int(w) = *self.value_type(arg)? else {
            return Err(self.err("switch on a non-integer"));
        };
        let x = self.value(arg)?;
        let lt = LLVMTypeOf(x);
        let sw = LLVMBuildSwitch(self.b(), x, targets[0], (targets.len() - 1) as u32);
        for (bits, &dest) in cases.zip(&targets[1..]) {
            LLVMAddCase(sw, int_const(lt, w, bits), dest);
        }
        Ok(sw)
    }

    unsafe fn raise_ret(&mut self, arg: Option<Value>) -> Result<(), diag::Diagnostic> {
        let ret_ty = &self.f.sig.ret;
        match arg {
            None if ret_ty.is_void() => {
                LLVMBuildRetVoid(self.b());
            }
            None => {
                return Err(self.err(format!(
                    "ret without a value in a function returning {ret_ty}"
                )))
            }
            Some(v) => {
                let x = self.value(v)?;
                let want = LLVMGetReturnType(LLVMGlobalGetValueType(self.func));
                if ret_ty.is_void() || !super::types::same_shape(LLVMTypeOf(x), want) {
                    return Err(self.err(format!(
                        "ret of {} in a function returning {ret_ty}",
                        self.value_type(v)?
                    )));
                }
                LLVMBuildRet(self.b(), x);
            }
        }
        Ok(())
    }

    /// The LLVM block each edge of a terminator goes to, and the phi incomings they owe
    /// (recorded for later). Edges to one block with the arguments of its first edge go there
    /// directly (one incoming each); each other argument list gets one forwarding block.
    unsafe fn edge_targets(
        &mut self,
        b: Block,
        i: Inst,
        succs: &[&BlockCall],
    ) -> Result<Vec<LLVMBasicBlockRef>, diag::Diagnostic> {
        let pred = self.blocks[&b];
        let mut out = Vec::with_capacity(succs.len());
        let mut forwards: Vec<(usize, LLVMBasicBlockRef)> = Vec::new();
        for (n, bc) in succs.iter().enumerate() {
            let Some(&target) = self.blocks.get(&bc.block) else {
                return Err(self.err(format!(
                    "branch to {}, which is not in the layout",
                    bc.block
                )));
            };
            let first = succs.iter().position(|s| s.block == bc.block).unwrap_or(n);
            if first == n || self.same_args(&succs[first].args, &bc.args) {
                self.edges.push(Edge {
                    target: bc.block,
                    pred,
                    args: bc.args.clone(),
                    from: i,
                    from_reachable: self.in_reachable,
                });
                out.push(target);
                continue;
            }
            let shared = forwards.iter().find(|(m, _)| {
                succs[*m].block == bc.block && self.same_args(&succs[*m].args, &bc.args)
            });
            if let Some(&(_, fwd)) = shared {
                out.push(fwd);
                continue;
            }
            let fwd = self.forwarding_block(pred, target, bc.block)?;
            self.edges.push(Edge {
                target: bc.block,
                pred: fwd,
                args: bc.args.clone(),
                from: i,
                from_reachable: self.in_reachable,
            });
            forwards.push((n, fwd));
            out.push(fwd);
        }
        Ok(out)
    }

    /// A new block after `pred` holding `br target`.
    unsafe fn forwarding_block(
        &mut self,
        pred: LLVMBasicBlockRef,
        target: LLVMBasicBlockRef,
        to: Block,
    ) -> Result<LLVMBasicBlockRef, diag::Diagnostic> {
        let name = std::ffi::CString::new(format!("{to}.split")).unwrap_or_default();
        let bb = LLVMCreateBasicBlockInContext(self.ctx, name.as_ptr());
        LLVMInsertExistingBasicBlockAfterInsertBlock(self.b(), bb);
        LLVMPositionBuilderAtEnd(self.b(), bb);
        LLVMBuildBr(self.b(), target);
        LLVMPositionBuilderAtEnd(self.b(), pred);
        Ok(bb)
    }

    /// Whether two argument lists raise to the same LLVM values (same value, or equal constants).
    fn same_args(&self, a: &[Value], b: &[Value]) -> bool {
        let dfg = &self.f.dfg;
        a.len() == b.len()
            && a.iter().zip(b).all(|(&x, &y)| {
                x == y
                    || match (dfg.values.get(x), dfg.values.get(y)) {
                        (Some(dx), Some(dy)) => {
                            matches!((&dx.def, &dy.def), (ValueDef::Const(cx), ValueDef::Const(cy)) if cx == cy)
                                && dx.ty == dy.ty
                        }
                        _ => false,
                    }
            })
    }

    /// Add the recorded phi incomings, checking arity and types.
    unsafe fn add_incomings(&mut self) -> Result<(), diag::Diagnostic> {
        let edges = std::mem::take(&mut self.edges);
        for e in edges {
            self.current = Some(e.from);
            self.in_reachable = e.from_reachable;
            let params = self.f.dfg.block_params(e.target);
            if params.len() != e.args.len() {
                return Err(self.err(format!(
                    "{} takes {} arguments, the branch passes {}",
                    e.target,
                    params.len(),
                    e.args.len()
                )));
            }
            for (&p, &a) in params.iter().zip(&e.args) {
                let phi = self.values[&p];
                let mut x = self.value(a)?;
                if LLVMTypeOf(x) != LLVMTypeOf(phi) {
                    return Err(self.err(format!(
                        "argument {a} of type {} passed to {p} of type {}",
                        self.value_type(a)?,
                        self.value_type(p)?
                    )));
                }
                let mut from = e.pred;
                LLVMAddIncoming(phi, &mut x, &mut from, 1);
            }
        }
        self.in_reachable = true;
        Ok(())
    }
}
