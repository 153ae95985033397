//! The one way to construct IR: a cursor over a function that inserts instructions at a
//! position and infers result types.
//!
//! ```
//! use catalase_ir::{builder::Builder, function::Function, inst::Signature, types::Type};
//! let mut f = Function::with_entry("sq", Signature::new(vec![Type::F64], Type::F64));
//! let entry = f.entry_block().unwrap();
//! let x = f.params()[0];
//! let mut b = Builder::at_end(&mut f, entry);
//! let y = b.fmul(x, x);
//! b.ret(Some(y));
//! ```

use crate::constant::Const;
use crate::diag::SourceLoc;
use crate::entities::{Block, Inst, Value};
use crate::function::Function;
use crate::inst::{AttrList, BlockCall, Callee, InstData, MemFlags, Signature};
use crate::opcodes::{BinaryOp, CastOp, FloatCC, Flags, IntCC, UnaryOp};
use crate::types::Type;

/// Where the next instruction goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Append to the end of the block.
    End(Block),
    /// Insert before an instruction.
    Before(Inst),
}

/// A cursor that inserts instructions into a function.
pub struct Builder<'f> {
    pub func: &'f mut Function,
    pos: Position,
    /// Flags given to every instruction built (e.g. fast-math for derivative arithmetic).
    pub default_flags: Flags,
    /// Source location given to every instruction built.
    pub loc: Option<SourceLoc>,
}

impl<'f> Builder<'f> {
    pub fn at_end(func: &'f mut Function, block: Block) -> Self {
        Builder { func, pos: Position::End(block), default_flags: Flags::NONE, loc: None }
    }
    pub fn before(func: &'f mut Function, inst: Inst) -> Self {
        Builder { func, pos: Position::Before(inst), default_flags: Flags::NONE, loc: None }
    }
    pub fn position(&self) -> Position {
        self.pos
    }
    pub fn set_position(&mut self, pos: Position) {
        self.pos = pos;
    }
    /// The block the cursor is in.
    pub fn current_block(&self) -> Block {
        match self.pos {
            Position::End(b) => b,
            Position::Before(i) => self.func.layout.inst_block(i).expect("cursor instruction not in layout"),
        }
    }
    pub fn value_type(&self, v: Value) -> Type {
        self.func.dfg.value_type(v).clone()
    }

    /// Create a new block appended to the layout.
    pub fn create_block(&mut self) -> Block {
        let b = self.func.dfg.make_block();
        self.func.layout.append_block(b);
        b
    }
    pub fn switch_to(&mut self, b: Block) {
        self.pos = Position::End(b);
    }

    /// Build an instruction with an explicit result type; returns the instruction.
    pub fn build(&mut self, data: InstData, result_ty: Type) -> Inst {
        let inst = self.func.dfg.make_inst(data, result_ty);
        self.func.dfg.insts[inst].flags = self.default_flags;
        self.func.dfg.insts[inst].loc = self.loc.clone();
        match self.pos {
            Position::End(b) => self.func.layout.append_inst(inst, b),
            Position::Before(at) => self.func.layout.insert_inst_before(inst, at),
        }
        inst
    }
    /// Build an instruction that has a result.
    pub fn build_value(&mut self, data: InstData, result_ty: Type) -> Value {
        let i = self.build(data, result_ty);
        self.func.dfg.result(i).expect("instruction built for a value has no result")
    }
    /// Build `data` (operands already mapped) as a copy of `inst` of `src`: its result type and
    /// flags. Returns the new instruction.
    pub fn build_like(&mut self, data: InstData, src: &crate::Function, inst: Inst) -> Inst {
        let node = &src.dfg.insts[inst];
        let ty = node.result.map(|r| src.dfg.value_type(r).clone()).unwrap_or(Type::Void);
        let new = self.build(data, ty);
        self.set_flags(new, node.flags);
        new
    }
    pub fn set_flags(&mut self, inst: Inst, flags: Flags) {
        self.func.dfg.insts[inst].flags = flags;
    }

    // ----- constants -----
    pub fn constant(&mut self, ty: Type, c: Const) -> Value {
        self.func.dfg.make_const(ty, c)
    }
    /// A float constant of a scalar float type, or splatted over a float vector type.
    pub fn fconst(&mut self, ty: &Type, x: f64) -> Value {
        let scalar = match ty.scalar() {
            Type::F32 => Const::f32(x as f32),
            Type::Half => Const::Float(f32_to_f16_bits(x as f32) as u128),
            _ => Const::f64(x),
        };
        let c = match ty {
            Type::Vector(n, _) => Const::Aggregate(vec![scalar; *n as usize]),
            _ => scalar,
        };
        self.func.dfg.make_const(ty.clone(), c)
    }
    pub fn iconst(&mut self, ty: Type, x: i128) -> Value {
        let bits = match ty {
            Type::Int(w) if w < 128 => (x as u128) & ((1u128 << w) - 1),
            _ => x as u128,
        };
        self.func.dfg.make_const(ty, Const::Int(bits))
    }
    pub fn zero(&mut self, ty: Type) -> Value {
        self.func.dfg.make_const(ty, Const::Zero)
    }
    pub fn undef(&mut self, ty: Type) -> Value {
        self.func.dfg.make_const(ty, Const::Undef)
    }
    pub fn poison(&mut self, ty: Type) -> Value {
        self.func.dfg.make_const(ty, Const::Poison)
    }
    pub fn global_addr(&mut self, name: &str) -> Value {
        self.func.dfg.make_const(Type::PTR, Const::Global(name.to_string()))
    }

    // ----- arithmetic -----
    pub fn binary(&mut self, op: BinaryOp, a: Value, b: Value) -> Value {
        let ty = self.value_type(a);
        self.build_value(InstData::Binary { op, args: [a, b] }, ty)
    }
    pub fn fadd(&mut self, a: Value, b: Value) -> Value {
        self.binary(BinaryOp::FAdd, a, b)
    }
    pub fn fsub(&mut self, a: Value, b: Value) -> Value {
        self.binary(BinaryOp::FSub, a, b)
    }
    pub fn fmul(&mut self, a: Value, b: Value) -> Value {
        self.binary(BinaryOp::FMul, a, b)
    }
    pub fn fdiv(&mut self, a: Value, b: Value) -> Value {
        self.binary(BinaryOp::FDiv, a, b)
    }
    pub fn fneg(&mut self, a: Value) -> Value {
        let ty = self.value_type(a);
        self.build_value(InstData::Unary { op: UnaryOp::FNeg, arg: a }, ty)
    }
    pub fn unary(&mut self, op: UnaryOp, a: Value) -> Value {
        let ty = self.value_type(a);
        self.build_value(InstData::Unary { op, arg: a }, ty)
    }
    pub fn cast(&mut self, op: CastOp, a: Value, to: Type) -> Value {
        self.build_value(InstData::Cast { op, arg: a }, to)
    }
    pub fn icmp(&mut self, cond: IntCC, a: Value, b: Value) -> Value {
        let ty = self.value_type(a).with_scalar(Type::I1);
        self.build_value(InstData::Icmp { cond, args: [a, b] }, ty)
    }
    pub fn fcmp(&mut self, cond: FloatCC, a: Value, b: Value) -> Value {
        let ty = self.value_type(a).with_scalar(Type::I1);
        self.build_value(InstData::Fcmp { cond, args: [a, b] }, ty)
    }
    pub fn select(&mut self, c: Value, t: Value, f: Value) -> Value {
        let ty = self.value_type(t);
        self.build_value(InstData::Select { args: [c, t, f] }, ty)
    }

    // ----- vectors and aggregates -----
    pub fn extract_element(&mut self, v: Value, idx: Value) -> Value {
        let ty = self.value_type(v).scalar().clone();
        self.build_value(InstData::ExtractElement { args: [v, idx] }, ty)
    }
    pub fn insert_element(&mut self, v: Value, e: Value, idx: Value) -> Value {
        let ty = self.value_type(v);
        self.build_value(InstData::InsertElement { args: [v, e, idx] }, ty)
    }
    pub fn shuffle(&mut self, a: Value, b: Value, mask: Vec<i32>) -> Value {
        let elem = self.value_type(a).scalar().clone();
        let ty = Type::vector(mask.len() as u32, elem);
        self.build_value(InstData::Shuffle { args: [a, b], mask }, ty)
    }
    pub fn extract_value(&mut self, agg: Value, indices: Vec<u32>) -> Value {
        let ty = self.value_type(agg).member_path(&indices).cloned().unwrap_or(Type::Void);
        self.build_value(InstData::ExtractValue { arg: agg, indices }, ty)
    }
    pub fn insert_value(&mut self, agg: Value, elem: Value, indices: Vec<u32>) -> Value {
        let ty = self.value_type(agg);
        self.build_value(InstData::InsertValue { args: [agg, elem], indices }, ty)
    }

    // ----- memory -----
    pub fn alloca(&mut self, ty: Type, count: Value, align: u32) -> Value {
        self.build_value(InstData::Alloca { ty, count, align }, Type::PTR)
    }
    pub fn load(&mut self, ty: Type, ptr: Value, mem: MemFlags) -> Value {
        self.build_value(InstData::Load { ptr, mem }, ty)
    }
    pub fn store(&mut self, val: Value, ptr: Value, mem: MemFlags) -> Inst {
        self.build(InstData::Store { args: [val, ptr], mem }, Type::Void)
    }
    /// `ptradd base, offset`; a vector base or offset gives a vector of pointers.
    pub fn ptradd(&mut self, base: Value, offset: Value) -> Value {
        let (tb, to) = (self.value_type(base), self.value_type(offset));
        let ty = Type::ptradd_result(&tb, &to).unwrap_or(tb);
        self.build_value(InstData::PtrAdd { args: [base, offset] }, ty)
    }
    /// A call; returns the instruction (its result, if any, via `dfg.result`).
    pub fn call(&mut self, callee: Callee, sig: Signature, args: Vec<Value>, attrs: AttrList) -> Inst {
        let ret = sig.ret.clone();
        self.build(InstData::Call { callee, args, sig, attrs }, ret)
    }
    /// A direct call by name returning its result (None for void).
    pub fn call_named(&mut self, name: &str, sig: Signature, args: Vec<Value>) -> Option<Value> {
        let i = self.call(Callee::Direct(name.to_string()), sig, args, AttrList::default());
        self.func.dfg.result(i)
    }

    // ----- terminators -----
    pub fn br(&mut self, block: Block, args: Vec<Value>) -> Inst {
        self.build(InstData::Br { dest: BlockCall::new(block, args) }, Type::Void)
    }
    pub fn condbr(&mut self, cond: Value, then_dest: BlockCall, else_dest: BlockCall) -> Inst {
        self.build(InstData::CondBr { cond, then_dest, else_dest }, Type::Void)
    }
    pub fn ret(&mut self, v: Option<Value>) -> Inst {
        self.build(InstData::Ret { arg: v }, Type::Void)
    }
    pub fn unreachable(&mut self) -> Inst {
        self.build(InstData::Unreachable, Type::Void)
    }
}

/// Round-to-nearest f32 → IEEE half bits (for half constants).
fn f32_to_f16_bits(x: f32) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
    let mant = bits & 0x7f_ffff;
    if exp >= 31 {
        return sign | 0x7c00;
    }
    if exp <= 0 {
        return sign;
    }
    sign | ((exp as u16) << 10) | ((mant >> 13) as u16)
}
