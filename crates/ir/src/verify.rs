//! The verifier: checks a function's invariants and reports every one that is broken (not
//! only the first), each naming the block and the printed instruction.
//!
//! Where it runs: the driver (`crates/llvm/src/driver.rs`) verifies every function the
//! generator emits when the `verify` option is set (CLI `--verify`, pass parameter
//! `catalase<verify>`, `CATALASE_OPTIONS=verify`), and always in debug builds; a broken function
//! is an internal-error diagnostic listing every broken invariant, and the run fails. The CLI,
//! plugin and robustness tests, the program corpus (`tests/harness/run_programs.py`) and
//! `scripts/fuzz` set the option. Tests also verify the lowered fixtures (`crates/llvm/tests/
//! lower.rs`), the generator's `.cir` fixtures (`crates/interp/tests/forward`) and parsed text
//! (`crates/ir/tests`). Lowering itself does not run it in release builds.
//!
//! Checked: layout shape (each block ends in exactly one terminator, blocks and instructions
//! placed once); entry block parameters against the signature, no branch to the entry; branch
//! argument counts and types against block parameters; operand types per opcode; every used
//! value defined (a constant, a parameter of a placed block, a placed instruction's result)
//! by a definition that dominates the use; no value defined twice. Dominators are computed
//! here with the iterative algorithm of Cooper, Harvey and Kennedy (`ir` cannot use the
//! analysis crate). Uses inside unreachable blocks are not checked for dominance.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::entities::{Block, EntityRef, Inst, Value};
use crate::function::{Function, Module, ValueDef};
use crate::inst::{BlockCall, Callee, InstData, Signature};
use crate::opcodes::{CastOp, UnaryOp};
use crate::printer::print_inst;
use crate::types::Type;

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    pub function: String,
    pub block: Option<Block>,
    pub inst: Option<Inst>,
    /// The instruction as `printer::print_inst` writes it (empty when not about one).
    pub inst_text: String,
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in @{}", self.function)?;
        if let Some(b) = self.block {
            write!(f, ", {b}")?;
        }
        if !self.inst_text.is_empty() {
            write!(f, ", `{}`", self.inst_text)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Verify every function of a module.
pub fn verify_module(m: &Module) -> Result<(), Vec<VerifyError>> {
    let errors: Vec<VerifyError> = m.functions().values().filter_map(|f| verify_function(f).err()).flatten().collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Verify one function; declarations always pass.
pub fn verify_function(f: &Function) -> Result<(), Vec<VerifyError>> {
    if f.is_declaration() {
        return Ok(());
    }
    let mut v = Verifier { f, errors: Vec::new(), defs: HashMap::new(), placed: Vec::new() };
    v.check_layout();
    v.collect_definitions();
    v.check_entry();
    let placed = std::mem::take(&mut v.placed);
    for &(b, _, i) in &placed {
        v.check_inst(b, i);
    }
    let doms = Dominators::compute(f);
    for &(b, pos, i) in &placed {
        v.check_uses(&doms, b, pos, i);
    }
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(v.errors)
    }
}

/// Where a value is defined.
#[derive(Clone, Copy, Debug)]
enum Def {
    Param(Block),
    /// Block and position in the block.
    Result(Block, usize),
}

struct Verifier<'f> {
    f: &'f Function,
    errors: Vec<VerifyError>,
    defs: HashMap<Value, Def>,
    /// Instructions in layout order that exist: (block, position, inst).
    placed: Vec<(Block, usize, Inst)>,
}

impl<'f> Verifier<'f> {
    fn report(&mut self, block: Option<Block>, inst: Option<Inst>, message: String) {
        let inst_text = inst.map(|i| self.inst_text(i)).unwrap_or_default();
        self.errors.push(VerifyError { function: self.f.name.clone(), block, inst, inst_text, message });
    }
    /// The printed instruction, without panicking on broken entities.
    fn inst_text(&self, i: Inst) -> String {
        match self.f.dfg.insts.get(i) {
            None => format!("{i} (does not exist)"),
            Some(node) if node.result.is_some_and(|r| self.f.dfg.values.get(r).is_none()) => {
                format!("{i}: {} with a missing result value", node.data.opcode_name())
            }
            Some(_) => print_inst(self.f, i),
        }
    }
    fn ty(&self, v: Value) -> Option<&'f Type> {
        self.f.dfg.values.get(v).map(|d| &d.ty)
    }
    fn block_exists(&self, b: Block) -> bool {
        self.f.dfg.blocks.get(b).is_some()
    }

    /// Blocks and instructions placed once; one terminator, at the end of each block.
    fn check_layout(&mut self) {
        let f = self.f;
        let mut seen_blocks = HashSet::new();
        let mut seen_insts = HashSet::new();
        for b in f.layout.blocks() {
            if !self.block_exists(b) {
                self.report(Some(b), None, format!("{b} is in the layout but does not exist"));
                continue;
            }
            if !seen_blocks.insert(b) {
                self.report(Some(b), None, format!("{b} appears twice in the layout"));
                continue;
            }
            let insts: Vec<Inst> = f.layout.block_insts(b).collect();
            if insts.is_empty() {
                self.report(Some(b), None, format!("{b} is empty (no terminator)"));
            }
            for (pos, &i) in insts.iter().enumerate() {
                let Some(node) = f.dfg.insts.get(i) else {
                    self.report(Some(b), None, format!("{i} is placed in {b} but does not exist"));
                    continue;
                };
                if !seen_insts.insert(i) {
                    self.report(Some(b), Some(i), format!("{i} is placed twice"));
                    continue;
                }
                let last = pos + 1 == insts.len();
                if last && !node.data.is_terminator() {
                    self.report(Some(b), Some(i), format!("{b} does not end with a terminator"));
                }
                if !last && node.data.is_terminator() {
                    self.report(Some(b), Some(i), format!("terminator before the end of {b}"));
                }
                self.placed.push((b, pos, i));
            }
        }
    }

    /// Record where each parameter and result is defined; report reuse and bad records.
    fn collect_definitions(&mut self) {
        let f = self.f;
        let mut blocks_done = HashSet::new();
        for &(b, pos, i) in &self.placed.clone() {
            if blocks_done.insert(b) {
                for (n, &p) in f.dfg.block_params(b).iter().enumerate() {
                    let expected = ValueDef::Param(b, n as u32);
                    self.define(p, Def::Param(b), expected, Some(b), None);
                }
            }
            if let Some(r) = f.dfg.insts[i].result {
                self.define(r, Def::Result(b, pos), ValueDef::Result(i), Some(b), Some(i));
            }
        }
        // Parameters of placed blocks with no instructions.
        for b in f.layout.blocks() {
            if self.block_exists(b) && blocks_done.insert(b) {
                for (n, &p) in f.dfg.block_params(b).iter().enumerate() {
                    self.define(p, Def::Param(b), ValueDef::Param(b, n as u32), Some(b), None);
                }
            }
        }
    }
    fn define(&mut self, v: Value, def: Def, expected: ValueDef, b: Option<Block>, i: Option<Inst>) {
        match self.f.dfg.values.get(v) {
            None => return self.report(b, i, format!("defines {v}, which does not exist")),
            Some(data) if data.def != expected => {
                self.report(b, i, format!("defines {v}, but {v} is recorded as {:?}", data.def))
            }
            Some(_) => {}
        }
        if self.defs.insert(v, def).is_some() {
            self.report(b, i, format!("{v} is defined twice"));
        }
    }

    /// Entry parameters match the signature.
    fn check_entry(&mut self) {
        let f = self.f;
        let Some(entry) = f.entry_block().filter(|b| self.block_exists(*b)) else { return };
        let params = f.dfg.block_params(entry);
        if params.len() != f.sig.params.len() {
            let msg =
                format!("entry block has {} parameters, but the signature has {}", params.len(), f.sig.params.len());
            return self.report(Some(entry), None, msg);
        }
        for (k, (&p, st)) in params.iter().zip(&f.sig.params).enumerate() {
            if let Some(t) = self.ty(p).filter(|t| *t != st) {
                let msg = format!("entry block parameter {k} ({p}) has type {t}, but the signature says {st}");
                self.report(Some(entry), None, msg);
            }
        }
    }

    /// Branch targets, result presence and operand types of one instruction.
    fn check_inst(&mut self, b: Block, i: Inst) {
        let node = &self.f.dfg.insts[i];
        for bc in node.data.successors() {
            self.check_branch(b, i, bc);
        }
        let result_ty = node.result.and_then(|r| self.ty(r));
        if let Some(err) = self.operand_error(&node.data, result_ty) {
            self.report(Some(b), Some(i), err);
        }
    }
    fn check_branch(&mut self, b: Block, i: Inst, bc: &BlockCall) {
        let f = self.f;
        let target = bc.block;
        if !self.block_exists(target) || !f.layout.is_block_inserted(target) {
            return self.report(Some(b), Some(i), format!("branches to {target}, which is not in the layout"));
        }
        if Some(target) == f.entry_block() {
            self.report(Some(b), Some(i), format!("branches to the entry block {target}"));
        }
        let params = f.dfg.block_params(target);
        if params.len() != bc.args.len() {
            let msg = format!(
                "branch to {target} passes {} arguments, but it has {} parameters",
                bc.args.len(),
                params.len()
            );
            return self.report(Some(b), Some(i), msg);
        }
        for (k, (&a, &p)) in bc.args.iter().zip(params).enumerate() {
            if let (Some(at), Some(pt)) = (self.ty(a), self.ty(p)) {
                if at != pt {
                    let msg = format!("branch argument {k} to {target} ({a}) has type {at}, but the parameter is {pt}");
                    self.report(Some(b), Some(i), msg);
                }
            }
        }
    }

    /// The first type error of an instruction's operands and result, if any.
    fn operand_error(&self, data: &InstData, result: Option<&Type>) -> Option<String> {
        let ops = data.operands();
        let tys: Option<Vec<&Type>> = ops.iter().map(|v| self.ty(*v)).collect();
        let tys = tys?; // missing values are reported by the use check
        let needs_result = match data {
            InstData::Call { sig, .. } | InstData::Invoke { sig, .. } => !sig.ret.is_void(),
            InstData::Store { .. } | InstData::Fence { .. } => false,
            d => !d.is_terminator(),
        };
        match (needs_result, result) {
            (true, None) => return Some(format!("{} must have a result", data.opcode_name())),
            (false, Some(_)) => return Some(format!("{} must not have a result", data.opcode_name())),
            _ => {}
        }
        let void = Type::Void;
        let r = result.unwrap_or(&void);
        match data {
            InstData::Call { callee, sig, .. } | InstData::Invoke { callee, sig, .. } => {
                let args = if matches!(callee, Callee::Indirect(_)) { &tys[1..] } else { &tys[..] };
                let callee_ty = if matches!(callee, Callee::Indirect(_)) { Some(tys[0]) } else { None };
                call_error(sig, callee_ty, args, r)
            }
            InstData::Ret { .. } => ret_error(&self.f.sig.ret, tys.first().copied()),
            InstData::CondBr { .. } => {
                (*tys[0] != Type::I1).then(|| format!("condbr condition must be i1, found {}", tys[0]))
            }
            InstData::Switch { cases, .. } => {
                let bits = tys[0].scalar_bits();
                let too_wide = cases.iter().find(|(c, _)| bits < 128 && *c >> bits != 0);
                (!tys[0].is_int())
                    .then(|| format!("switch value must be an integer, found {}", tys[0]))
                    .or_else(|| too_wide.map(|(c, _)| format!("switch case value {c} does not fit in {}", tys[0])))
            }
            _ => value_op_error(data, &tys, r),
        }
    }

    /// Every use refers to a definition that dominates it.
    fn check_uses(&mut self, doms: &Dominators, b: Block, pos: usize, i: Inst) {
        let data = &self.f.dfg.insts[i].data;
        let own = self.f.dfg.insts[i].result;
        let mut uses: Vec<(Value, bool)> = data.operands().into_iter().map(|v| (v, false)).collect();
        if let InstData::Invoke { normal, unwind, .. } = data {
            uses.extend(normal.args.iter().map(|v| (*v, true)));
            uses.extend(unwind.args.iter().map(|v| (*v, false)));
        } else {
            for bc in data.successors() {
                uses.extend(bc.args.iter().map(|v| (*v, false)));
            }
        }
        for (v, invoke_normal) in uses {
            let Some(vd) = self.f.dfg.values.get(v) else {
                self.report(Some(b), Some(i), format!("uses {v}, which does not exist"));
                continue;
            };
            if matches!(vd.def, ValueDef::Const(_)) {
                continue;
            }
            let Some(def) = self.defs.get(&v).copied() else {
                let msg =
                    format!("uses {v}, which is not defined (not a constant, placed block parameter or placed result)");
                self.report(Some(b), Some(i), msg);
                continue;
            };
            // An invoke's result may be passed to its normal destination.
            if invoke_normal && own == Some(v) {
                continue;
            }
            let ok = match def {
                _ if !doms.is_reachable(b) => true,
                Def::Param(db) => doms.dominates(db, b),
                Def::Result(db, dpos) if db == b => dpos < pos,
                Def::Result(db, _) => doms.dominates(db, b),
            };
            if !ok {
                self.report(Some(b), Some(i), format!("uses {v}, whose definition does not dominate this use"));
            }
        }
    }
}

fn call_error(sig: &Signature, callee: Option<&Type>, args: &[&Type], result: &Type) -> Option<String> {
    if let Some(t) = callee.filter(|t| !t.is_ptr()) {
        return Some(format!("indirect callee must be a pointer, found {t}"));
    }
    let n = sig.params.len();
    if args.len() < n || (args.len() > n && !sig.variadic) {
        return Some(format!("call passes {} arguments, but the signature has {n} parameters", args.len()));
    }
    for (k, (a, p)) in args.iter().zip(&sig.params).enumerate() {
        if *a != p {
            return Some(format!("call argument {k} has type {a}, but the signature says {p}"));
        }
    }
    if !sig.ret.is_void() && *result != sig.ret {
        return Some(format!("call result has type {result}, but the signature returns {}", sig.ret));
    }
    None
}

fn ret_error(ret: &Type, value: Option<&Type>) -> Option<String> {
    match value {
        None if !ret.is_void() => Some(format!("ret without a value in a function returning {ret}")),
        Some(_) if ret.is_void() => Some("ret with a value in a void function".to_string()),
        Some(t) if t != ret => Some(format!("ret value has type {t}, but the function returns {ret}")),
        _ => None,
    }
}

/// Type rules of the instructions that compute a value from operands.
fn value_op_error(data: &InstData, tys: &[&Type], r: &Type) -> Option<String> {
    let name = data.opcode_name();
    let err = |cond: bool, msg: String| if cond { Some(msg) } else { None };
    match data {
        InstData::Binary { op, .. } => {
            if let Some((k, t)) = tys.iter().enumerate().find(|(_, t)| **t != r) {
                return Some(format!("{name} operand {k} has type {t}, but the result is {r}"));
            }
            let class_ok = if op.is_float() { r.is_float_format_or_vector() } else { r.is_int_or_vector() };
            err(!class_ok, format!("{name} on {r}, which is not {}", if op.is_float() { "float" } else { "integer" }))
        }
        InstData::Unary { op, .. } => {
            err(*tys[0] != *r, format!("{name} operand has type {}, but the result is {r}", tys[0])).or_else(|| {
                err(*op == UnaryOp::FNeg && !r.is_float_format_or_vector(), format!("fneg on {r}, which is not float"))
            })
        }
        InstData::Cast { op, .. } => cast_error(*op, tys[0], r),
        InstData::Icmp { .. } | InstData::Fcmp { .. } => {
            let is_f = matches!(data, InstData::Fcmp { .. });
            let class_ok =
                if is_f { tys[0].is_float_format_or_vector() } else { tys[0].is_int_or_vector() || tys[0].is_ptr_or_vector() };
            err(tys[0] != tys[1], format!("{name} operands differ: {} and {}", tys[0], tys[1]))
                .or_else(|| {
                    err(
                        !class_ok,
                        format!(
                            "{name} operands must be {}, found {}",
                            if is_f { "floats" } else { "integers or pointers" },
                            tys[0]
                        ),
                    )
                })
                .or_else(|| {
                    err(
                        *r != tys[0].with_scalar(Type::I1),
                        format!("{name} result must be {}, found {r}", tys[0].with_scalar(Type::I1)),
                    )
                })
        }
        InstData::Select { .. } => {
            let c = tys[0];
            let cond_ok = *c == Type::I1 || (c.is_vector() && *c.scalar() == Type::I1 && c.lanes() == r.lanes());
            err(!cond_ok, format!("select condition must be i1 or a vector of i1, found {c}")).or_else(|| {
                err(
                    tys[1] != r || tys[2] != r,
                    format!("select values have types {} and {}, but the result is {r}", tys[1], tys[2]),
                )
            })
        }
        _ => aggregate_or_memory_error(data, tys, r),
    }
}

fn aggregate_or_memory_error(data: &InstData, tys: &[&Type], r: &Type) -> Option<String> {
    let err = |cond: bool, msg: String| if cond { Some(msg) } else { None };
    match data {
        InstData::ExtractElement { .. } => err(
            !tys[0].is_vector() || tys[0].scalar() != r || !tys[1].is_int(),
            format!("extractelement needs a vector of {r} and an integer index, found {} and {}", tys[0], tys[1]),
        ),
        InstData::InsertElement { .. } => err(
            !r.is_vector() || tys[0] != r || tys[1] != r.scalar() || !tys[2].is_int(),
            format!(
                "insertelement needs {r}, its element type and an integer index, found {}, {} and {}",
                tys[0], tys[1], tys[2]
            ),
        ),
        InstData::Shuffle { mask, .. } => {
            let want = Type::vector(mask.len() as u32, tys[0].scalar().clone());
            err(
                !tys[0].is_vector() || tys[0] != tys[1] || *r != want,
                format!("shufflevector of {} and {} with {} mask lanes cannot give {r}", tys[0], tys[1], mask.len()),
            )
        }
        InstData::ExtractValue { indices, .. } => match tys[0].member_path(indices) {
            Some(m) if m == r => None,
            m => Some(format!(
                "extractvalue {indices:?} of {} gives {}, but the result is {r}",
                tys[0],
                m.map_or("nothing".to_string(), Type::to_string)
            )),
        },
        InstData::InsertValue { indices, .. } => {
            err(tys[0] != r, format!("insertvalue aggregate has type {}, but the result is {r}", tys[0])).or_else(
                || {
                    err(
                        r.member_path(indices) != Some(tys[1]),
                        format!("insertvalue element has type {}, which is not member {indices:?} of {r}", tys[1]),
                    )
                },
            )
        }
        InstData::Alloca { .. } => err(!tys[0].is_int(), format!("alloca count must be an integer, found {}", tys[0]))
            .or_else(|| err(!r.is_ptr(), format!("alloca result must be a pointer, found {r}"))),
        InstData::Load { .. } => err(!tys[0].is_ptr(), format!("load address must be a pointer, found {}", tys[0])),
        InstData::Store { .. } => err(!tys[1].is_ptr(), format!("store address must be a pointer, found {}", tys[1])),
        InstData::PtrAdd { .. } => {
            err(!tys[0].is_ptr_or_vector(), format!("ptradd base must be a pointer, found {}", tys[0]))
                .or_else(|| {
                    err(!tys[1].is_int_or_vector(), format!("ptradd offset must be an integer, found {}", tys[1]))
                })
                .or_else(|| match Type::ptradd_result(tys[0], tys[1]) {
                    None => Some(format!("ptradd of {} and {}: vectors of different lengths", tys[0], tys[1])),
                    Some(t) => err(t != *r, format!("ptradd of {} and {} gives {t}, but the result is {r}", tys[0], tys[1])),
                })
        }
        InstData::AtomicRmw { .. } => {
            err(!tys[0].is_ptr(), format!("atomicrmw address must be a pointer, found {}", tys[0]))
                .or_else(|| err(tys[1] != r, format!("atomicrmw value has type {}, but the result is {r}", tys[1])))
        }
        InstData::CmpXchg { .. } => {
            let want = Type::strukt(vec![tys[1].clone(), Type::I1]);
            err(!tys[0].is_ptr(), format!("cmpxchg address must be a pointer, found {}", tys[0]))
                .or_else(|| err(tys[1] != tys[2], format!("cmpxchg values differ: {} and {}", tys[1], tys[2])))
                .or_else(|| err(*r != want, format!("cmpxchg result must be {want}, found {r}")))
        }
        _ => None,
    }
}

fn cast_error(op: CastOp, from: &Type, to: &Type) -> Option<String> {
    use CastOp::*;
    let (f, t) = (from.scalar(), to.scalar());
    let ok = match op {
        Trunc => f.is_int() && t.is_int() && f.scalar_bits() > t.scalar_bits(),
        ZExt | SExt => f.is_int() && t.is_int() && f.scalar_bits() < t.scalar_bits(),
        FPTrunc => f.is_float_format() && t.is_float_format() && f.float_bits() > t.float_bits(),
        FPExt => f.is_float_format() && t.is_float_format() && f.float_bits() < t.float_bits(),
        FPToUI | FPToSI => f.is_float_format() && t.is_int(),
        UIToFP | SIToFP => f.is_int() && t.is_float_format(),
        PtrToInt => f.is_ptr() && t.is_int(),
        IntToPtr => f.is_int() && t.is_ptr(),
        AddrSpaceCast => f.is_ptr() && t.is_ptr(),
        Bitcast => return None,
    };
    if ok && from.lanes() == to.lanes() && from.is_vector() == to.is_vector() {
        None
    } else {
        Some(format!("{op} cannot convert {from} to {to}"))
    }
}

/// Immediate dominators of the blocks reachable from the entry.
struct Dominators {
    /// Reverse-postorder number by block index (None: unreachable or not placed).
    rpo_index: Vec<Option<usize>>,
    idom: Vec<Option<Block>>,
}

impl Dominators {
    fn compute(f: &Function) -> Dominators {
        let n = f.dfg.blocks.len();
        let mut d = Dominators { rpo_index: vec![None; n], idom: vec![None; n] };
        let Some(entry) = f.entry_block().filter(|b| b.index() < n) else { return d };
        let succs = |b: Block| -> Vec<Block> {
            let last = f.layout.last_inst(b).and_then(|i| f.dfg.insts.get(i));
            let targets: Vec<Block> =
                last.map(|node| node.data.successors().iter().map(|bc| bc.block).collect()).unwrap_or_default();
            let mut s: Vec<Block> =
                targets.into_iter().filter(|t: &Block| t.index() < n && f.layout.is_block_inserted(*t)).collect();
            s.dedup();
            s
        };
        // Iterative depth-first search for the postorder.
        let mut post = Vec::new();
        let mut visited = vec![false; n];
        let mut stack = vec![(entry, succs(entry), 0usize)];
        visited[entry.index()] = true;
        while let Some((b, ss, k)) = stack.last_mut() {
            if let Some(&s) = ss.get(*k) {
                *k += 1;
                if !visited[s.index()] {
                    visited[s.index()] = true;
                    let next = succs(s);
                    stack.push((s, next, 0));
                }
            } else {
                post.push(*b);
                stack.pop();
            }
        }
        let rpo: Vec<Block> = post.into_iter().rev().collect();
        for (k, b) in rpo.iter().enumerate() {
            d.rpo_index[b.index()] = Some(k);
        }
        let mut preds: Vec<Vec<Block>> = vec![Vec::new(); n];
        for &b in &rpo {
            for s in succs(b) {
                preds[s.index()].push(b);
            }
        }
        d.idom[entry.index()] = Some(entry);
        let mut changed = true;
        while changed {
            changed = false;
            for &b in rpo.iter().skip(1) {
                let mut new = None;
                for &p in &preds[b.index()] {
                    if d.idom[p.index()].is_some() {
                        new = Some(match new {
                            None => p,
                            Some(cur) => d.intersect(p, cur),
                        });
                    }
                }
                if new.is_some() && d.idom[b.index()] != new {
                    d.idom[b.index()] = new;
                    changed = true;
                }
            }
        }
        d
    }
    fn intersect(&self, mut a: Block, mut b: Block) -> Block {
        let num = |x: Block| self.rpo_index[x.index()].unwrap_or(0);
        while a != b {
            while num(a) > num(b) {
                match self.idom[a.index()] {
                    Some(up) if up != a => a = up,
                    _ => return a,
                }
            }
            while num(b) > num(a) {
                match self.idom[b.index()] {
                    Some(up) if up != b => b = up,
                    _ => return b,
                }
            }
        }
        a
    }
    fn is_reachable(&self, b: Block) -> bool {
        self.rpo_index.get(b.index()).copied().flatten().is_some()
    }
    /// Whether `a` dominates `b` (both reachable; a block dominates itself).
    fn dominates(&self, a: Block, mut b: Block) -> bool {
        if !self.is_reachable(a) || !self.is_reachable(b) {
            return false;
        }
        loop {
            if a == b {
                return true;
            }
            match self.idom[b.index()] {
                Some(up) if up != b => b = up,
                _ => return false,
            }
        }
    }
}
