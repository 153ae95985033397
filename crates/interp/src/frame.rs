//! Running one function: its frame of values, block parameters, branches, memory
//! instructions and calls. Each call of a defined function is a new frame (recursion is
//! Rust recursion, bounded by `Interpreter::max_depth`); stack slots die when it returns.

use catalase_ir::function::ValueDef;
use catalase_ir::inst::{BlockCall, Callee, InstData, Signature};
use catalase_ir::printer::print_inst;
use catalase_ir::{Block, FuncId, Function, Inst, Value};
use catalase_ir::opcodes::{BinaryOp, RmwOp};

use crate::error::{err, Error, ErrorKind, Result};
use crate::eval;
use crate::externals;
use crate::memory::Region;
use crate::value::{const_val, decode, encode, sext, Val};
use crate::Interpreter;

/// Values computed so far in one call, and its stack slots.
struct Frame {
    vals: Vec<Option<Val>>,
    stack: Vec<u64>,
}

/// What to do after an instruction.
enum Flow {
    Next,
    Jump(Block),
    Return(Val),
}

impl Interpreter<'_> {
    /// Run function `id` on `args` (already checked against its signature).
    pub(crate) fn run(&mut self, id: FuncId, args: Vec<Val>) -> Result<Val> {
        if self.depth >= self.max_depth {
            return err(ErrorKind::StackOverflow);
        }
        let module = self.module;
        let f = module.function(id);
        let Some(entry) = f.entry_block() else {
            return err(ErrorKind::UnknownExternal(f.name.clone()));
        };
        let mut frame = Frame { vals: vec![None; f.dfg.values.len()], stack: Vec::new() };
        for (p, a) in f.params().iter().zip(args) {
            frame.vals[p.0 as usize] = Some(a);
        }
        self.depth += 1;
        let result = self.run_blocks(f, entry, &mut frame);
        self.depth -= 1;
        for slot in frame.stack {
            self.memory.free(slot, Region::Stack)?;
        }
        result
    }

    fn run_blocks(&mut self, f: &Function, entry: Block, frame: &mut Frame) -> Result<Val> {
        let mut block = entry;
        loop {
            let mut next = None;
            for inst in f.layout.block_insts(block) {
                if self.fuel == 0 {
                    return Err(located(Error::new(ErrorKind::OutOfFuel), f, inst));
                }
                self.fuel -= 1;
                match self.step(f, frame, inst).map_err(|e| located(e, f, inst))? {
                    Flow::Next => {}
                    Flow::Jump(b) => {
                        next = Some(b);
                        break;
                    }
                    Flow::Return(v) => return Ok(v),
                }
            }
            match next {
                Some(b) => block = b,
                None => {
                    let e = ErrorKind::Unsupported(format!("{block} ends without a terminator"));
                    return Err(Error { function: f.name.clone(), ..Error::new(e) });
                }
            }
        }
    }

    /// The value of `v` in this frame (constants are computed on use).
    fn get(&mut self, f: &Function, frame: &Frame, v: Value) -> Result<Val> {
        if let ValueDef::Const(c) = f.dfg.value_def(v) {
            let ty = f.dfg.value_type(v);
            return const_val(ty, c, &mut |name| self.symbol_address(name));
        }
        match frame.vals.get(v.0 as usize) {
            Some(Some(x)) => Ok(x.clone()),
            _ => err(ErrorKind::TypeMismatch(format!("{v} used before it was defined"))),
        }
    }

    fn get_ptr(&mut self, f: &Function, frame: &Frame, v: Value) -> Result<u64> {
        match self.get(f, frame, v)? {
            Val::Ptr(p) => Ok(p),
            Val::Poison => err(ErrorKind::Poison("used as an address")),
            other => err(ErrorKind::TypeMismatch(format!("{v} is not a pointer: {other:?}"))),
        }
    }

    fn step(&mut self, f: &Function, frame: &mut Frame, inst: Inst) -> Result<Flow> {
        let dfg = &f.dfg;
        let result = dfg.result(inst);
        let rty = result.map(|r| dfg.value_type(r).clone());
        let ty_of = |v: Value| dfg.value_type(v).clone();
        let val = match dfg.inst(inst) {
            InstData::Binary { op, args } => {
                let (a, b) = (self.get(f, frame, args[0])?, self.get(f, frame, args[1])?);
                eval::binary(*op, &ty_of(args[0]), &a, &b)?
            }
            InstData::Unary { op, arg } => eval::unary(*op, &ty_of(*arg), &self.get(f, frame, *arg)?)?,
            InstData::Cast { op, arg } => {
                let to = rty.clone().unwrap_or(catalase_ir::Type::Void);
                eval::cast(*op, &ty_of(*arg), &to, &self.get(f, frame, *arg)?)?
            }
            InstData::Icmp { cond, args } => {
                let (a, b) = (self.get(f, frame, args[0])?, self.get(f, frame, args[1])?);
                eval::icmp(*cond, &ty_of(args[0]), &a, &b)?
            }
            InstData::Fcmp { cond, args } => {
                let (a, b) = (self.get(f, frame, args[0])?, self.get(f, frame, args[1])?);
                eval::fcmp(*cond, &a, &b)?
            }
            InstData::Select { args } => {
                let c = self.get(f, frame, args[0])?;
                eval::select(&c, &self.get(f, frame, args[1])?, &self.get(f, frame, args[2])?)?
            }
            InstData::ExtractElement { args } => {
                eval::extract_element(&self.get(f, frame, args[0])?, &self.get(f, frame, args[1])?)?
            }
            InstData::InsertElement { args } => {
                let v = self.get(f, frame, args[0])?;
                eval::insert_element(&v, &self.get(f, frame, args[1])?, &self.get(f, frame, args[2])?)?
            }
            InstData::Shuffle { args, mask } => {
                eval::shuffle(&self.get(f, frame, args[0])?, &self.get(f, frame, args[1])?, mask)?
            }
            InstData::ExtractValue { arg, indices } => eval::extract_value(&self.get(f, frame, *arg)?, indices)?,
            InstData::InsertValue { args, indices } => {
                let v = self.get(f, frame, args[0])?;
                eval::insert_value(&v, &self.get(f, frame, args[1])?, indices)?
            }
            InstData::Alloca { ty, count, align } => {
                let n = match self.get(f, frame, *count)? {
                    Val::Int(n) => sext(dfg.value_type(*count).scalar_bits(), n).max(0) as u64,
                    _ => return err(ErrorKind::Poison("used as an alloca count")),
                };
                let p = self.memory.allocate(ty.alloc_size().saturating_mul(n), *align as u64, Region::Stack, false)?;
                frame.stack.push(p);
                Val::Ptr(p)
            }
            InstData::Load { ptr, .. } => {
                let ty = rty.clone().unwrap_or(catalase_ir::Type::Void);
                let p = self.get_ptr(f, frame, *ptr)?;
                let (bytes, init) = self.memory.read(p, ty.store_size())?;
                decode(&ty, bytes, init)?
            }
            InstData::Store { args, .. } => {
                let ty = ty_of(args[0]);
                let v = self.get(f, frame, args[0])?;
                let p = self.get_ptr(f, frame, args[1])?;
                let mut bytes = vec![0u8; ty.store_size() as usize];
                encode(&ty, &v, &mut bytes)?;
                self.memory.write(p, &bytes)?;
                Val::Void
            }
            // One thread: an atomic update is a load, an operation and a store.
            InstData::AtomicRmw { op, args, .. } => {
                let ty = ty_of(args[1]);
                let p = self.get_ptr(f, frame, args[0])?;
                let (bytes, init) = self.memory.read(p, ty.store_size())?;
                let old = decode(&ty, bytes, init)?;
                let v = self.get(f, frame, args[1])?;
                let new = match op {
                    RmwOp::Xchg => v,
                    RmwOp::FAdd => eval::binary(BinaryOp::FAdd, &ty, &old, &v)?,
                    RmwOp::FSub => eval::binary(BinaryOp::FSub, &ty, &old, &v)?,
                    RmwOp::Add => eval::binary(BinaryOp::Add, &ty, &old, &v)?,
                    RmwOp::Sub => eval::binary(BinaryOp::Sub, &ty, &old, &v)?,
                    RmwOp::And => eval::binary(BinaryOp::And, &ty, &old, &v)?,
                    RmwOp::Or => eval::binary(BinaryOp::Or, &ty, &old, &v)?,
                    RmwOp::Xor => eval::binary(BinaryOp::Xor, &ty, &old, &v)?,
                    other => return err(ErrorKind::Unsupported(format!("atomicrmw {other}"))),
                };
                let mut bytes = vec![0u8; ty.store_size() as usize];
                encode(&ty, &new, &mut bytes)?;
                self.memory.write(p, &bytes)?;
                old
            }
            InstData::PtrAdd { args } => {
                let bits = dfg.value_type(args[1]).scalar_bits();
                let (p, off) = (self.get(f, frame, args[0])?, self.get(f, frame, args[1])?);
                ptradd(&p, &off, bits)?
            }
            InstData::Call { callee, args, sig, .. } => self.call_inst(f, frame, callee, args, sig)?,
            InstData::Fence { .. } => Val::Void,
            InstData::Invoke { callee, args, sig, normal, .. } => {
                let v = self.call_inst(f, frame, callee, args, sig)?;
                if let Some(r) = result {
                    frame.vals[r.0 as usize] = Some(v);
                }
                return self.branch(f, frame, normal);
            }
            InstData::Br { dest } => return self.branch(f, frame, dest),
            InstData::CondBr { cond, then_dest, else_dest } => {
                return match self.get(f, frame, *cond)? {
                    Val::Int(c) => self.branch(f, frame, if c != 0 { then_dest } else { else_dest }),
                    _ => err(ErrorKind::Poison("branched on")),
                };
            }
            InstData::Switch { arg, default, cases } => {
                let Val::Int(x) = self.get(f, frame, *arg)? else {
                    return err(ErrorKind::Poison("switched on"));
                };
                let dest = cases.iter().find(|(k, _)| *k == x).map_or(default, |(_, bc)| bc);
                return self.branch(f, frame, dest);
            }
            InstData::Ret { arg } => {
                let v = match arg {
                    Some(a) => self.get(f, frame, *a)?,
                    None => Val::Void,
                };
                return Ok(Flow::Return(v));
            }
            InstData::Unreachable => return err(ErrorKind::Trap("unreachable executed")),
            other => return err(ErrorKind::Unsupported(format!("instruction `{}`", other.opcode_name()))),
        };
        if let Some(r) = result {
            frame.vals[r.0 as usize] = Some(val);
        }
        Ok(Flow::Next)
    }

    /// Pass a branch's arguments to its block's parameters (all read before any is written).
    fn branch(&mut self, f: &Function, frame: &mut Frame, bc: &BlockCall) -> Result<Flow> {
        let vals = bc.args.iter().map(|a| self.get(f, frame, *a)).collect::<Result<Vec<_>>>()?;
        for (p, v) in f.dfg.block_params(bc.block).iter().zip(vals) {
            frame.vals[p.0 as usize] = Some(v);
        }
        Ok(Flow::Jump(bc.block))
    }

    fn call_inst(&mut self, f: &Function, frame: &Frame, callee: &Callee, args: &[Value], sig: &Signature) -> Result<Val> {
        let vals = args.iter().map(|a| self.get(f, frame, *a)).collect::<Result<Vec<_>>>()?;
        let name = match callee {
            Callee::Direct(n) => n.clone(),
            Callee::Indirect(p) => {
                let p = self.get_ptr(f, frame, *p)?;
                self.function_at(p)?.to_string()
            }
        };
        self.call_named(&name, sig, vals)
    }

    /// Call a function by symbol: a definition of the module, else an external.
    pub(crate) fn call_named(&mut self, name: &str, sig: &Signature, args: Vec<Val>) -> Result<Val> {
        match self.find(name) {
            Some(id) if !self.module.function(id).is_declaration() => self.run(id, args),
            _ => externals::call(&mut self.memory, name, sig, &args),
        }
    }
}

/// `ptradd p, offset` on scalars or lanes; a poison operand gives poison.
fn ptradd(p: &Val, off: &Val, bits: u32) -> Result<Val> {
    Ok(match (p, off) {
        (Val::Ptr(p), Val::Int(o)) => Val::Ptr(p.wrapping_add(sext(bits, *o) as u64)),
        (Val::Vec(ps), Val::Vec(os)) => {
            Val::Vec(ps.iter().zip(os).map(|(p, o)| ptradd(p, o, bits)).collect::<Result<_>>()?)
        }
        (Val::Vec(ps), o) => Val::Vec(ps.iter().map(|p| ptradd(p, o, bits)).collect::<Result<_>>()?),
        // A scalar base with vector offsets: a vector of pointers.
        (p @ Val::Ptr(_), Val::Vec(os)) => Val::Vec(os.iter().map(|o| ptradd(p, o, bits)).collect::<Result<_>>()?),
        (Val::Poison, _) | (_, Val::Poison) => Val::Poison,
        _ => return err(ErrorKind::TypeMismatch(format!("ptradd of {p:?} and {off:?}"))),
    })
}

/// Add where the error happened, unless a callee already did.
fn located(mut e: Error, f: &Function, inst: Inst) -> Error {
    if e.function.is_empty() {
        e.function = f.name.clone();
        e.inst = print_inst(f, inst);
    }
    e
}
