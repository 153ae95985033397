//! Functions and modules: a function is a data-flow graph (what each value and instruction
//! is) plus a layout (the order of blocks and of the instructions in them).

use std::collections::HashMap;

use crate::constant::Const;
use crate::diag::SourceLoc;
use crate::entities::{Block, FuncId, Inst, PrimaryMap, Value};
use crate::inst::{AttrList, InstData, Signature};
use crate::opcodes::Flags;
use crate::types::Type;

pub use crate::layout::Layout;

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
    /// On a branch that closes a loop (its latch): what LLVM's `llvm.loop` metadata says of the
    /// loop, so that a pipeline run again over a derivative keeps the first run's decisions
    /// (already vectorized, no runtime unrolling of a remainder, the user's pragmas). Empty
    /// elsewhere.
    pub loop_hints: Vec<LoopHint>,
}

/// One property of a loop's `llvm.loop` metadata: its name (`llvm.loop.isvectorized`) and its
/// integer operand as (bit width, value), if it has one (`i32 1`). Properties of another shape
/// (follow-ups, access groups, debug locations) are not kept.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LoopHint {
    pub name: String,
    pub value: Option<(u32, i64)>,
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
        let inst = self.insts.push(InstNode { data, flags: Flags::NONE, result: None, loc: None, loop_hints: Vec::new() });
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
            (Const::Float(bits), Type::F64) => Some(f64::from_bits(*bits as u64)),
            (Const::Float(bits), Type::F32) => Some(f32::from_bits(*bits as u32) as f64),
            (Const::Zero, t) if t.is_float() => Some(0.0),
            _ => None,
        }
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
        self.layout.is_empty()
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
        self.layout.blocks().flat_map(|b| self.layout.block_insts(b)).collect()
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

/// A set of functions (definitions and declarations) and the globals they refer to, each
/// found by name in O(1): the module keeps a name index beside each list, which is why the
/// lists are reached through methods. Names are unique: adding a second function or global of
/// a name already present keeps the first for lookups.
#[derive(Clone, Debug, Default)]
pub struct Module {
    functions: PrimaryMap<FuncId, Function>,
    globals: Vec<Global>,
    function_ids: HashMap<String, FuncId>,
    global_ids: HashMap<String, usize>,
}

impl Module {
    pub fn add_function(&mut self, f: Function) -> FuncId {
        let name = f.name.clone();
        let id = self.functions.push(f);
        self.function_ids.entry(name).or_insert(id);
        id
    }
    pub fn find_function(&self, name: &str) -> Option<FuncId> {
        self.function_ids.get(name).copied()
    }
    pub fn functions(&self) -> &PrimaryMap<FuncId, Function> {
        &self.functions
    }
    pub fn function(&self, id: FuncId) -> &Function {
        &self.functions[id]
    }
    /// The function `id`, to edit. Its name must not change (the index keys on it); use
    /// [`Module::replace_function`] to put another function in its place.
    pub fn function_mut(&mut self, id: FuncId) -> &mut Function {
        &mut self.functions[id]
    }
    /// Put `f` in the place of function `id` (a definition replacing a declaration).
    pub fn replace_function(&mut self, id: FuncId, f: Function) {
        let old = std::mem::replace(&mut self.functions[id], f);
        if old.name != self.functions[id].name {
            if self.function_ids.get(&old.name) == Some(&id) {
                self.function_ids.remove(&old.name);
            }
            self.function_ids.entry(self.functions[id].name.clone()).or_insert(id);
        }
    }
    pub fn add_global(&mut self, g: Global) {
        self.global_ids.entry(g.name.clone()).or_insert(self.globals.len());
        self.globals.push(g);
    }
    pub fn globals(&self) -> &[Global] {
        &self.globals
    }
    pub fn find_global(&self, name: &str) -> Option<&Global> {
        self.global_ids.get(name).map(|&i| &self.globals[i])
    }
    /// The global `name`, to edit. Its name must not change (the index keys on it).
    pub fn global_mut(&mut self, name: &str) -> Option<&mut Global> {
        self.global_ids.get(name).map(|&i| &mut self.globals[i])
    }
}
