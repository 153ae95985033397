//! Functions and modules: a function is a data-flow graph (what each value and instruction
//! is) plus a layout (the order of blocks and of the instructions in them).

use crate::constant::Const;
use crate::diag::SourceLoc;
use crate::entities::{Block, FuncId, Inst, PrimaryMap, Value};
use crate::inst::{AttrList, InstData, Signature};
use crate::opcodes::Flags;
use crate::types::Type;

/// Where a value comes from.
#[derive(Clone, PartialEq, Debug)]
pub enum ValueDef {
    /// The result of an instruction.
    Result(Inst),
    /// The `n`th parameter of a block (function arguments are the entry block's parameters).
    Param(Block, u32),
    Const(Const),
}

#[derive(Clone, PartialEq, Debug)]
pub struct ValueData {
    pub ty: Type,
    pub def: ValueDef,
}

/// An instruction with its flags and source location.
#[derive(Clone, PartialEq, Debug)]
pub struct InstNode {
    pub data: InstData,
    pub flags: Flags,
    pub result: Option<Value>,
    pub loc: Option<SourceLoc>,
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct BlockData {
    pub params: Vec<Value>,
}

/// Values, instructions and blocks of one function.
#[derive(Clone, Debug, Default)]
pub struct DataFlowGraph {
    pub values: PrimaryMap<Value, ValueData>,
    pub insts: PrimaryMap<Inst, InstNode>,
    pub blocks: PrimaryMap<Block, BlockData>,
}

impl DataFlowGraph {
    pub fn value_type(&self, v: Value) -> &Type {
        &self.values[v].ty
    }
    pub fn value_def(&self, v: Value) -> &ValueDef {
        &self.values[v].def
    }
    /// The constant a value is, if it is one.
    pub fn as_const(&self, v: Value) -> Option<&Const> {
        match &self.values[v].def {
            ValueDef::Const(c) => Some(c),
            _ => None,
        }
    }
    /// The instruction defining `v`, if any.
    pub fn def_inst(&self, v: Value) -> Option<Inst> {
        match self.values[v].def {
            ValueDef::Result(i) => Some(i),
            _ => None,
        }
    }
    pub fn make_const(&mut self, ty: Type, c: Const) -> Value {
        self.values.push(ValueData { ty, def: ValueDef::Const(c) })
    }
    pub fn make_block(&mut self) -> Block {
        self.blocks.push(BlockData::default())
    }
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        let n = self.blocks[block].params.len() as u32;
        let v = self.values.push(ValueData { ty, def: ValueDef::Param(block, n) });
        self.blocks[block].params.push(v);
        v
    }
    pub fn block_params(&self, block: Block) -> &[Value] {
        &self.blocks[block].params
    }
    /// Create an instruction (not yet placed); gives it a result of `result_ty` unless void.
    pub fn make_inst(&mut self, data: InstData, result_ty: Type) -> Inst {
        let inst = self.insts.push(InstNode { data, flags: Flags::NONE, result: None, loc: None });
        if !result_ty.is_void() {
            let v = self.values.push(ValueData { ty: result_ty, def: ValueDef::Result(inst) });
            self.insts[inst].result = Some(v);
        }
        inst
    }
    pub fn inst(&self, i: Inst) -> &InstData {
        &self.insts[i].data
    }
    pub fn inst_mut(&mut self, i: Inst) -> &mut InstData {
        &mut self.insts[i].data
    }
    pub fn result(&self, i: Inst) -> Option<Value> {
        self.insts[i].result
    }
    /// An integer constant's value, sign-extended from its width.
    pub fn const_int(&self, v: Value) -> Option<i128> {
        match (self.as_const(v)?, self.value_type(v)) {
            (Const::Int(bits), Type::Int(w)) => {
                let w = (*w).min(128);
                let shift = 128 - w;
                Some(((*bits << shift) as i128) >> shift)
            }
            (Const::Zero, Type::Int(_)) => Some(0),
            _ => None,
        }
    }
    /// A float constant's value as f64 (f32 widened).
    pub fn const_float(&self, v: Value) -> Option<f64> {
        match (self.as_const(v)?, self.value_type(v)) {
            (Const::Float(bits), Type::F64) => Some(f64::from_bits(*bits)),
            (Const::Float(bits), Type::F32) => Some(f32::from_bits(*bits as u32) as f64),
            (Const::Zero, t) if t.is_float() => Some(0.0),
            _ => None,
        }
    }
}

/// Block order and instruction order.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    blocks: Vec<Block>,
    insts: Vec<Vec<Inst>>,
    inst_block: Vec<Option<Block>>,
}

impl Layout {
    fn ensure(&mut self, b: Block) {
        if b.0 as usize >= self.insts.len() {
            self.insts.resize(b.0 as usize + 1, Vec::new());
        }
    }
    fn set_inst_block(&mut self, i: Inst, b: Option<Block>) {
        if i.0 as usize >= self.inst_block.len() {
            self.inst_block.resize(i.0 as usize + 1, None);
        }
        self.inst_block[i.0 as usize] = b;
    }
    pub fn append_block(&mut self, b: Block) {
        self.ensure(b);
        self.blocks.push(b);
    }
    pub fn insert_block_after(&mut self, b: Block, after: Block) {
        self.ensure(b);
        let pos = self.blocks.iter().position(|x| *x == after).map_or(self.blocks.len(), |p| p + 1);
        self.blocks.insert(pos, b);
    }
    pub fn remove_block(&mut self, b: Block) {
        self.blocks.retain(|x| *x != b);
        if let Some(list) = self.insts.get_mut(b.0 as usize) {
            for i in std::mem::take(list) {
                if let Some(slot) = self.inst_block.get_mut(i.0 as usize) {
                    *slot = None;
                }
            }
        }
    }
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }
    pub fn entry_block(&self) -> Option<Block> {
        self.blocks.first().copied()
    }
    pub fn is_block_inserted(&self, b: Block) -> bool {
        self.blocks.contains(&b)
    }
    pub fn block_insts(&self, b: Block) -> &[Inst] {
        self.insts.get(b.0 as usize).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn inst_block(&self, i: Inst) -> Option<Block> {
        self.inst_block.get(i.0 as usize).copied().flatten()
    }
    pub fn append_inst(&mut self, i: Inst, b: Block) {
        self.ensure(b);
        self.insts[b.0 as usize].push(i);
        self.set_inst_block(i, Some(b));
    }
    /// Insert `i` at position `pos` of block `b`.
    pub fn insert_inst(&mut self, i: Inst, b: Block, pos: usize) {
        self.ensure(b);
        self.insts[b.0 as usize].insert(pos, i);
        self.set_inst_block(i, Some(b));
    }
    pub fn remove_inst(&mut self, i: Inst) {
        if let Some(b) = self.inst_block(i) {
            self.insts[b.0 as usize].retain(|x| *x != i);
            self.set_inst_block(i, None);
        }
    }
    /// The last instruction of a block (its terminator when the block is complete).
    pub fn last_inst(&self, b: Block) -> Option<Inst> {
        self.block_insts(b).last().copied()
    }
}

/// Linkage of a function or global, LLVM's word for it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Linkage {
    #[default]
    External,
    Internal,
    Private,
    WeakOdr,
    LinkOnceOdr,
    Other,
}

/// A function: signature, attributes and (for definitions) a body.
#[derive(Clone, Debug, Default)]
pub struct Function {
    pub name: String,
    pub sig: Signature,
    pub attrs: AttrList,
    pub linkage: Linkage,
    pub dfg: DataFlowGraph,
    pub layout: Layout,
    /// Source location of the function's definition, if debug info has it.
    pub loc: Option<SourceLoc>,
}

impl Default for Signature {
    fn default() -> Self {
        Signature::new(vec![], Type::Void)
    }
}

impl Function {
    /// A new function whose entry block has one parameter per signature parameter.
    pub fn with_entry(name: impl Into<String>, sig: Signature) -> Function {
        let mut f = Function { name: name.into(), sig, ..Function::default() };
        let entry = f.dfg.make_block();
        f.layout.append_block(entry);
        for t in f.sig.params.clone() {
            f.dfg.append_block_param(entry, t);
        }
        f
    }
    /// A declaration (no body).
    pub fn declaration(name: impl Into<String>, sig: Signature) -> Function {
        Function { name: name.into(), sig, ..Function::default() }
    }
    pub fn is_declaration(&self) -> bool {
        self.layout.blocks().is_empty()
    }
    pub fn entry_block(&self) -> Option<Block> {
        self.layout.entry_block()
    }
    /// The function's arguments: the entry block's parameters.
    pub fn params(&self) -> &[Value] {
        match self.entry_block() {
            Some(b) => self.dfg.block_params(b),
            None => &[],
        }
    }
    /// All instructions in layout order.
    pub fn insts_in_order(&self) -> Vec<Inst> {
        self.layout.blocks().iter().flat_map(|b| self.layout.block_insts(*b).iter().copied()).collect()
    }
    /// The terminator of a block.
    pub fn terminator(&self, b: Block) -> Option<Inst> {
        self.layout.last_inst(b).filter(|i| self.dfg.inst(*i).is_terminator())
    }
    /// Successor blocks of `b`, in branch order (duplicates kept).
    pub fn successors(&self, b: Block) -> Vec<Block> {
        match self.terminator(b) {
            Some(t) => self.dfg.inst(t).successors().iter().map(|bc| bc.block).collect(),
            None => vec![],
        }
    }
}

/// A global variable known to the module (its initializer stays on the LLVM side).
#[derive(Clone, PartialEq, Debug)]
pub struct Global {
    pub name: String,
    pub ty: Type,
    pub constant: bool,
    /// Marked inactive (`__enzyme_inactive_global`, `!enzyme_inactive`).
    pub inactive: bool,
}

/// A set of functions (definitions and declarations) and the globals they refer to.
#[derive(Clone, Debug, Default)]
pub struct Module {
    pub functions: PrimaryMap<FuncId, Function>,
    pub globals: Vec<Global>,
}

impl Module {
    pub fn add_function(&mut self, f: Function) -> FuncId {
        self.functions.push(f)
    }
    pub fn find_function(&self, name: &str) -> Option<FuncId> {
        self.functions.iter().find(|(_, f)| f.name == name).map(|(id, _)| id)
    }
    pub fn function(&self, id: FuncId) -> &Function {
        &self.functions[id]
    }
    pub fn function_mut(&mut self, id: FuncId) -> &mut Function {
        &mut self.functions[id]
    }
    pub fn find_global(&self, name: &str) -> Option<&Global> {
        self.globals.iter().find(|g| g.name == name)
    }
}
