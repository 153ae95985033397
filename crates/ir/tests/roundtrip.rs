//! Round trip of the `.cir` text format: random well-formed functions built through `Builder`
//! print, parse and print again to the same text and pass the verifier; the hand-written
//! fixtures in `tests/fixtures/cir/` print back to their own text; bad text gives the expected
//! errors, and mutated or random text never makes the parser (or the printer and verifier on
//! what it accepts) panic.
//!
//! Fixtures: each `.cir` file is a module whose lines starting with `;` are comments (the
//! first names the test, `; test roundtrip`); the rest must be exactly what the printer
//! writes. `CATALASE_BLESS=1` rewrites a fixture's body with the printer's output.

#![allow(clippy::manual_is_multiple_of, clippy::type_complexity)]

use catalase_ir::builder::Builder;
use catalase_ir::constant::Const;
use catalase_ir::diag::SourceLoc;
use catalase_ir::function::{Function, Global, Linkage, LoopHint, Module};
use catalase_ir::inst::{Attr, AttrList, AttrValue, BlockCall, Callee, InstData, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, CastOp, Flags, FloatCC, IntCC, Ordering, RmwOp, UnaryOp};
use catalase_ir::parser::{parse_function, parse_module};
use catalase_ir::printer::{print_function, print_module};
use catalase_ir::verify::{verify_function, verify_module};
use catalase_ir::{Block, Type, Value};
use proptest::prelude::*;

// ----- random functions -----

/// Raw random choices; `build` turns any of them into a well-formed function.
#[derive(Clone, Debug)]
struct Recipe {
    name: u8,
    linkage: u8,
    ret: u8,
    params: Vec<u8>,
    attrs: Vec<(u8, u8, u32)>,
    /// Per block: parameter types, instructions (kind, seeds), terminator seeds.
    blocks: Vec<(Vec<u8>, Vec<(u8, u32, u32, u32)>, (u8, u32, u32))>,
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let inst = (any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>());
    let block = (prop::collection::vec(any::<u8>(), 0..3), prop::collection::vec(inst, 0..12), any::<(u8, u32, u32)>());
    (
        any::<(u8, u8, u8)>(),
        prop::collection::vec(any::<u8>(), 0..4),
        prop::collection::vec(any::<(u8, u8, u32)>(), 0..4),
        prop::collection::vec(block, 1..5),
    )
        .prop_map(|((name, linkage, ret), params, attrs, blocks)| Recipe {
            name,
            linkage,
            ret,
            params,
            attrs,
            blocks,
        })
}

const NAMES: &[&str] = &["f", "_Z3fooPd", "with space", "quo\"te", "back\\slash", "new\nline", "ünï", "a.b$c", ""];
const FILES: &[&str] = &["f.c", "dir/with space.c", "q\"uote.c", "semi;colon.c", "tab\there.c", "x\\y.cpp"];
const ATTR_NAMES: &[&str] =
    &["nounwind", "noundef", "sret", "align", "enzyme_inactive", "no-trapping-math", "odd name", ""];

fn palette(k: u8) -> Type {
    match k % 16 {
        0 => Type::F64,
        1 => Type::F32,
        2 => Type::I32,
        3 => Type::I64,
        4 => Type::I1,
        5 => Type::PTR,
        6 => Type::vector(2, Type::F64),
        7 => Type::strukt(vec![Type::F64, Type::I32]),
        8 => Type::array(2, Type::F64),
        9 => Type::Half,
        10 => Type::Ptr(3),
        11 => Type::Struct { fields: vec![Type::I8, Type::F64], packed: true },
        12 => Type::Opaque("x86_fp80".into()),
        13 => Type::BFloat,
        14 => Type::vector(4, Type::I1),
        _ => Type::strukt(vec![]),
    }
}

fn const_of(ty: &Type, seed: u32) -> Const {
    match seed % 5 {
        0 => return Const::Undef,
        1 => return Const::Poison,
        2 => return Const::Zero,
        _ => {}
    }
    let s = seed / 5;
    match ty {
        Type::Int(w) => Const::Int((s as u128 * 0x9E37_79B9) & ((1u128 << w.min(&127)) - 1)),
        Type::F64 => Const::f64(s as f64 * 0.37 - 5.0),
        Type::F32 => Const::f32(s as f32 * 0.5),
        Type::Half | Type::BFloat => Const::Float((s & 0xffff) as u128),
        Type::Ptr(_) if s % 2 == 0 => Const::Null,
        Type::Ptr(_) => Const::Global(NAMES[s as usize % NAMES.len()].to_string()),
        Type::Vector(n, e) => Const::Aggregate((0..*n).map(|i| const_of(e, s.wrapping_add(i * 7))).collect()),
        Type::Array(n, e) => Const::Aggregate((0..*n as u32).map(|i| const_of(e, s.wrapping_add(i * 3))).collect()),
        Type::Struct { fields, .. } => {
            Const::Aggregate(fields.iter().enumerate().map(|(i, t)| const_of(t, s.wrapping_add(i as u32))).collect())
        }
        _ => Const::Undef,
    }
}

fn attr_list(raw: &[(u8, u8, u32)]) -> AttrList {
    let mut list = AttrList::default();
    for &(group, kind, seed) in raw {
        let name = ATTR_NAMES[seed as usize % ATTR_NAMES.len()].to_string();
        let value = match kind % 4 {
            0 => AttrValue::None,
            1 => AttrValue::Int(seed as u64 * 977),
            2 => AttrValue::Type(palette(kind / 4)),
            _ => AttrValue::Str(FILES[seed as usize % FILES.len()].to_string()),
        };
        let attr = Attr { name, value };
        match group % 5 {
            0 => list.func.push(attr),
            1 => list.ret.push(attr),
            g => {
                let i = g as usize - 2;
                list.params.resize(list.params.len().max(i + 1), Vec::new());
                list.params[i].push(attr);
            }
        }
    }
    list
}

/// Build state: the values usable in the current block.
struct Gen<'f> {
    b: Builder<'f>,
    entry_pool: Vec<Value>,
    local_pool: Vec<Value>,
    in_entry: bool,
}

impl<'f> Gen<'f> {
    /// A value of type `ty` that dominates the cursor, or a new constant.
    fn pick(&mut self, ty: &Type, seed: u32) -> Value {
        let found: Vec<Value> = self
            .entry_pool
            .iter()
            .chain(self.local_pool.iter())
            .copied()
            .filter(|v| self.b.func.dfg.value_type(*v) == ty)
            .collect();
        if !found.is_empty() && seed % 4 != 0 {
            return found[seed as usize % found.len()];
        }
        self.b.constant(ty.clone(), const_of(ty, seed / 4))
    }
    fn keep(&mut self, v: Option<Value>) {
        if let Some(v) = v {
            if self.in_entry {
                self.entry_pool.push(v);
            } else {
                self.local_pool.push(v);
            }
        }
    }
    fn build(&mut self, data: InstData, ty: Type) -> Option<Value> {
        let i = self.b.build(data, ty);
        self.b.func.dfg.result(i)
    }
    fn callee(&mut self, s: u32) -> (Callee, Signature, Vec<Value>) {
        let params: Vec<Type> = (0..s % 3).map(|k| palette((s >> (4 + k * 4)) as u8)).collect();
        let ret = if s % 5 == 0 { Type::Void } else { palette((s >> 16) as u8) };
        let sig = Signature { params: params.clone(), ret, variadic: s % 7 == 0 };
        let mut args: Vec<Value> =
            params.iter().enumerate().map(|(k, t)| self.pick(t, s.rotate_left(k as u32))).collect();
        if sig.variadic {
            args.push(self.pick(&Type::I32, s));
        }
        let callee = if s % 3 == 0 {
            Callee::Indirect(self.pick(&Type::PTR, s >> 3))
        } else {
            Callee::Direct(["sin", "llvm.memcpy.p0.p0.i64", "odd name", "x$y"][(s as usize >> 2) % 4].to_string())
        };
        (callee, sig, args)
    }

    fn inst(&mut self, kind: u8, a: u32, b: u32, c: u32) {
        let ints = [Type::I32, Type::I64, Type::vector(2, Type::I32)];
        let floats = [Type::F64, Type::F32, Type::vector(2, Type::F64), Type::Half];
        let v = match kind % 20 {
            0 => {
                let ty = ints[a as usize % 3].clone();
                let ops = [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::SDiv, BinaryOp::Shl, BinaryOp::Xor];
                let (x, y) = (self.pick(&ty, b), self.pick(&ty, c));
                Some(self.b.binary(ops[b as usize % ops.len()], x, y))
            }
            1 => {
                let ty = floats[a as usize % 4].clone();
                let ops = [BinaryOp::FAdd, BinaryOp::FSub, BinaryOp::FMul, BinaryOp::FDiv, BinaryOp::FRem];
                let (x, y) = (self.pick(&ty, b), self.pick(&ty, c));
                Some(self.b.binary(ops[c as usize % ops.len()], x, y))
            }
            2 => {
                let (op, ty) = if a % 2 == 0 {
                    (UnaryOp::FNeg, floats[b as usize % 4].clone())
                } else {
                    (UnaryOp::Freeze, palette(b as u8))
                };
                let x = self.pick(&ty, c);
                Some(self.b.unary(op, x))
            }
            3 => {
                let table = [
                    (CastOp::SIToFP, Type::I32, Type::F64),
                    (CastOp::FPToSI, Type::F64, Type::I32),
                    (CastOp::ZExt, Type::I32, Type::I64),
                    (CastOp::SExt, Type::I1, Type::I32),
                    (CastOp::Trunc, Type::I64, Type::I32),
                    (CastOp::FPExt, Type::F32, Type::F64),
                    (CastOp::FPTrunc, Type::F64, Type::F32),
                    (CastOp::PtrToInt, Type::PTR, Type::I64),
                    (CastOp::IntToPtr, Type::I64, Type::PTR),
                    (CastOp::Bitcast, Type::F64, Type::I64),
                    (CastOp::AddrSpaceCast, Type::PTR, Type::Ptr(3)),
                    (CastOp::UIToFP, Type::I64, Type::F32),
                    (CastOp::FPToUI, Type::F32, Type::I64),
                ];
                let (op, from, to) = table[a as usize % table.len()].clone();
                let x = self.pick(&from, b);
                Some(self.b.cast(op, x, to))
            }
            4 => {
                let ty = [Type::I32, Type::I64, Type::PTR, Type::vector(2, Type::I32)][a as usize % 4].clone();
                let (x, y) = (self.pick(&ty, b), self.pick(&ty, c));
                Some(self.b.icmp(IntCC::ALL[c as usize % IntCC::ALL.len()], x, y))
            }
            5 => {
                let ty = floats[a as usize % 4].clone();
                let (x, y) = (self.pick(&ty, b), self.pick(&ty, c));
                Some(self.b.fcmp(FloatCC::ALL[c as usize % FloatCC::ALL.len()], x, y))
            }
            6 => {
                let (ty, cty) = if a % 3 == 0 {
                    (Type::vector(2, Type::F64), Type::vector(2, Type::I1))
                } else {
                    (palette(a as u8), Type::I1)
                };
                let cond = self.pick(&cty, b);
                let (x, y) = (self.pick(&ty, c), self.pick(&ty, b ^ c));
                Some(self.b.select(cond, x, y))
            }
            7 => {
                let vt = Type::vector(2, Type::F64);
                let vec = self.pick(&vt, a);
                let idx = self.pick(&[Type::I32, Type::I64][b as usize % 2], c);
                if c % 2 == 0 {
                    Some(self.b.extract_element(vec, idx))
                } else {
                    let e = self.pick(&Type::F64, b);
                    Some(self.b.insert_element(vec, e, idx))
                }
            }
            8 => {
                let vt = Type::vector(2, Type::F64);
                let (x, y) = (self.pick(&vt, a), self.pick(&vt, b));
                let mask = (0..1 + c % 4).map(|k| ((c >> (k * 3)) % 5) as i32 - 1).collect();
                Some(self.b.shuffle(x, y, mask))
            }
            9 => {
                let agg = [
                    Type::strukt(vec![Type::F64, Type::I32]),
                    Type::array(2, Type::F64),
                    Type::strukt(vec![Type::array(2, Type::F64), Type::I32]),
                ][a as usize % 3]
                    .clone();
                let path: Vec<u32> =
                    if matches!(&agg, Type::Struct { fields, .. } if fields[0].is_aggregate()) && b % 2 == 0 {
                        vec![0, c % 2]
                    } else {
                        vec![c % 2]
                    };
                let x = self.pick(&agg, b);
                if b % 3 == 0 {
                    let ety = agg.member_path(&path).cloned().unwrap_or(Type::Void);
                    let e = self.pick(&ety, c);
                    Some(self.b.insert_value(x, e, path))
                } else {
                    Some(self.b.extract_value(x, path))
                }
            }
            10 => {
                let count = self.pick(&[Type::I32, Type::I64][b as usize % 2], c);
                Some(self.b.alloca(palette(a as u8), count, 1 << (c % 5)))
            }
            11 | 12 => {
                let ty = palette(a as u8);
                let ptr = self.pick(&Type::PTR, b);
                let mem = MemFlags {
                    align: 1 << (c % 5),
                    volatile: c % 3 == 0,
                    ordering: Ordering::ALL[(c as usize >> 3) % Ordering::ALL.len()],
                };
                if kind % 20 == 11 {
                    Some(self.b.load(ty, ptr, mem))
                } else {
                    let x = self.pick(&ty, c);
                    self.b.store(x, ptr, mem);
                    None
                }
            }
            13 => {
                let (base, off) = (self.pick(&Type::PTR, a), self.pick(&Type::I64, b));
                Some(self.b.ptradd(base, off))
            }
            14 => {
                let (callee, sig, args) = self.callee(a);
                let attrs =
                    attr_list(&[(b as u8, (b >> 8) as u8, c), (c as u8, (c >> 8) as u8, b)][..(a % 3) as usize]);
                let ret = sig.ret.clone();
                self.build(InstData::Call { callee, args, sig, attrs }, ret)
            }
            15 => self.build(InstData::Fence { ordering: Ordering::ALL[a as usize % Ordering::ALL.len()] }, Type::Void),
            16 => {
                let ty = [Type::I32, Type::F64][b as usize % 2].clone();
                let (ptr, x) = (self.pick(&Type::PTR, a), self.pick(&ty, c));
                let op = RmwOp::ALL[c as usize % RmwOp::ALL.len()];
                self.build(InstData::AtomicRmw { op, args: [ptr, x], ordering: Ordering::ALL[a as usize % 7] }, ty)
            }
            17 => {
                let (ptr, e, n) = (self.pick(&Type::PTR, a), self.pick(&Type::I32, b), self.pick(&Type::I32, c));
                let (success, failure) = (Ordering::ALL[b as usize % 7], Ordering::ALL[c as usize % 7]);
                let ty = Type::strukt(vec![Type::I32, Type::I1]);
                self.build(InstData::CmpXchg { args: [ptr, e, n], success, failure }, ty)
            }
            18 => {
                let clauses = (0..a % 3).map(|k| self.pick(&Type::PTR, b.rotate_left(k))).collect();
                self.build(
                    InstData::LandingPad { cleanup: c % 2 == 0, clauses },
                    Type::strukt(vec![Type::PTR, Type::I32]),
                )
            }
            _ => {
                let x = self.pick(&palette(b as u8), c);
                Some(self.b.unary(UnaryOp::Freeze, x))
            }
        };
        self.keep(v);
    }

    /// Arguments for a branch to `target`.
    fn block_call(&mut self, target: Block, seed: u32) -> BlockCall {
        let params = self.b.func.dfg.block_params(target).to_vec();
        let args = params
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let ty = self.b.func.dfg.value_type(*p).clone();
                self.pick(&ty, seed.rotate_left(k as u32 * 5))
            })
            .collect();
        BlockCall::new(target, args)
    }

    /// The terminator of block `index` of `count` (targets are later blocks only).
    fn terminator(&mut self, blocks: &[Block], index: usize, (kind, a, c): (u8, u32, u32)) {
        let later = &blocks[index + 1..];
        let ret_ty = self.b.func.sig.ret.clone();
        let target = |s: u32| later[s as usize % later.len().max(1)];
        let data = match kind % 8 {
            _ if later.is_empty() && kind % 2 == 0 => InstData::Unreachable,
            _ if later.is_empty() => InstData::Ret { arg: (!ret_ty.is_void()).then(|| self.pick(&ret_ty, a)) },
            0 | 1 => InstData::Br { dest: self.block_call(target(a), c) },
            2 => {
                let cond = self.pick(&Type::I1, a);
                InstData::CondBr {
                    cond,
                    then_dest: self.block_call(target(a), c),
                    else_dest: self.block_call(target(c), a),
                }
            }
            3 => {
                let arg = self.pick(&Type::I32, c);
                let default = self.block_call(target(a), c);
                let cases =
                    (0..a % 4).map(|k| ((c.rotate_left(k) as u128), self.block_call(target(c >> k), a ^ k))).collect();
                InstData::Switch { arg, default, cases }
            }
            4 => {
                let (callee, sig, args) = self.callee(a);
                let attrs = attr_list(&[(a as u8, c as u8, c)][..(c % 2) as usize]);
                let (normal, unwind) = (self.block_call(target(c), a), self.block_call(target(a >> 2), c));
                let ret = sig.ret.clone();
                self.build(InstData::Invoke { callee, args, sig, attrs, normal, unwind }, ret);
                return;
            }
            5 => InstData::Resume { arg: self.pick(&Type::strukt(vec![Type::PTR, Type::I32]), a) },
            6 => InstData::Unreachable,
            _ => InstData::Ret { arg: (!ret_ty.is_void()).then(|| self.pick(&ret_ty, a)) },
        };
        let branch = matches!(data, InstData::Br { .. } | InstData::CondBr { .. } | InstData::Switch { .. });
        let i = self.b.build(data, Type::Void);
        if branch {
            self.b.func.dfg.insts[i].loop_hints = loop_hints(a ^ c);
        }
    }
}

/// Zero to three `llvm.loop` properties, some with an integer (`!loop("..." i32 4, "...")`).
fn loop_hints(s: u32) -> Vec<LoopHint> {
    const NAMES: [&str; 4] =
        ["llvm.loop.isvectorized", "llvm.loop.unroll.runtime.disable", "llvm.loop.vectorize.width", "odd \"name\""];
    (0..s % 4)
        .map(|k| {
            let bits = [1, 32, 64][(s >> (k + 2)) as usize % 3];
            let value = (s >> (k + 4)) % 2 == 0;
            LoopHint {
                name: NAMES[(s >> (2 * k)) as usize % NAMES.len()].to_string(),
                value: value.then(|| (bits, -((s >> 8) as i64) % 5)),
            }
        })
        .collect()
}

fn build(r: &Recipe) -> Function {
    let ret = if r.ret % 3 == 0 { Type::Void } else { palette(r.ret) };
    let sig = Signature { params: r.params.iter().map(|k| palette(*k)).collect(), ret, variadic: r.ret % 11 == 0 };
    let mut f = Function::with_entry(NAMES[r.name as usize % NAMES.len()], sig);
    f.linkage = [
        Linkage::External,
        Linkage::Internal,
        Linkage::Private,
        Linkage::WeakOdr,
        Linkage::LinkOnceOdr,
        Linkage::Other,
    ][r.linkage as usize % 6];
    f.attrs = attr_list(&r.attrs);
    let entry = f.entry_block().expect("entry");
    let entry_pool = f.params().to_vec();
    let mut blocks = vec![entry];
    let mut g = Gen { b: Builder::at_end(&mut f, entry), entry_pool, local_pool: vec![], in_entry: true };
    for (params, _, _) in &r.blocks[1..] {
        let blk = g.b.create_block();
        for p in params {
            g.b.func.dfg.append_block_param(blk, palette(*p));
        }
        blocks.push(blk);
    }
    for (index, (_, insts, term)) in r.blocks.iter().enumerate() {
        g.b.switch_to(blocks[index]);
        g.in_entry = index == 0;
        g.local_pool = g.b.func.dfg.block_params(blocks[index]).to_vec();
        for &(kind, a, b, c) in insts {
            g.b.loc = (a % 3 != 0).then(|| SourceLoc {
                file: FILES[b as usize % FILES.len()].into(),
                line: a % 1000,
                col: c % 80,
            });
            g.b.default_flags = if c % 4 == 0 { Flags(b & 0x3ffff) } else { Flags::NONE };
            g.inst(kind, a, b, c);
        }
        g.b.default_flags = Flags(term.1 & 0x3ffff & if term.2 % 3 == 0 { !0 } else { 0 });
        g.terminator(&blocks, index, *term);
    }
    f
}

fn check_round_trip(f: &Function) -> Result<(), TestCaseError> {
    let text = print_function(f);
    let g = parse_function(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(print_function(&g), text.clone());
    if let Err(errs) = verify_function(f) {
        return Err(TestCaseError::fail(format!("built function fails to verify: {errs:#?}\n{text}")));
    }
    if let Err(errs) = verify_function(&g) {
        return Err(TestCaseError::fail(format!("parsed function fails to verify: {errs:#?}\n{text}")));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn functions_round_trip(r in recipe()) {
        check_round_trip(&build(&r))?;
    }

    #[test]
    fn modules_round_trip(rs in prop::collection::vec(recipe(), 1..3), gs in prop::collection::vec(any::<(u8, u8, u8)>(), 0..4)) {
        let mut m = Module::default();
        for (name, ty, fl) in gs {
            m.add_global(Global { name: NAMES[name as usize % NAMES.len()].into(), ty: palette(ty), constant: fl % 2 == 0, inactive: fl % 3 == 0 });
        }
        for r in &rs {
            m.add_function(build(r));
        }
        m.add_function(Function::declaration("sin", Signature::new(vec![Type::F64], Type::F64)));
        m.add_function(Function::declaration("printf", Signature { params: vec![Type::PTR], ret: Type::I32, variadic: true }));
        let text = print_module(&m);
        let back = parse_module(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(print_module(&back), text.clone());
        prop_assert!(verify_module(&back).is_ok(), "{:?}", verify_module(&back));
    }

    #[test]
    fn mutated_text_never_panics(r in recipe(), edits in prop::collection::vec((any::<u16>(), 0u8..5, prop::sample::select(vec!['\n', ' ', ',', '(', ')', '[', '{', '"', ';', ':', '@', 'v', '9', '-', '\\', 'x', '<', '}'])), 1..6)) {
        let mut chars: Vec<char> = print_function(&build(&r)).chars().collect();
        for (pos, kind, ch) in edits {
            let at = pos as usize % (chars.len() + 1);
            match kind {
                0 if at < chars.len() => { chars.remove(at); }
                1 => chars.insert(at, ch),
                2 => chars.truncate(at),
                3 if at < chars.len() => chars[at] = ch,
                _ => {
                    let end = (at + 7).min(chars.len());
                    let piece: Vec<char> = chars[at..end].to_vec();
                    chars.splice(at..at, piece);
                }
            }
        }
        let text: String = chars.into_iter().collect();
        exercise(&text);
    }

    #[test]
    fn random_text_never_panics(text in "(\\PC|\n){0,200}") {
        exercise(&text);
    }
}

/// Parse; on success print and verify (none of it may panic).
fn exercise(text: &str) {
    if let Ok(f) = parse_function(text) {
        let _ = print_function(&f);
        let _ = verify_function(&f);
    }
    if let Ok(m) = parse_module(text) {
        let _ = print_module(&m);
        let _ = verify_module(&m);
    }
}

/// 400 cases, or `PROPTEST_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(400)
}

// ----- fixtures -----

#[test]
fn fixtures_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cir");
    let mut paths: Vec<_> =
        std::fs::read_dir(&dir).expect("fixture dir").filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "cir"));
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    let bless = std::env::var("CATALASE_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("read fixture");
        let (comments, body): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with(';'));
        let body = body.iter().map(|l| format!("{l}\n")).collect::<String>();
        let m = match parse_module(&text) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{}:{e}", path.display()));
                continue;
            }
        };
        if let Err(errs) = verify_module(&m) {
            let list: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            failures.push(format!("{}: does not verify:\n  {}", path.display(), list.join("\n  ")));
        }
        let printed = print_module(&m);
        if printed != body {
            if bless {
                let header: String = comments.iter().map(|l| format!("{l}\n")).collect();
                std::fs::write(path, header + &printed).expect("bless fixture");
            } else {
                failures.push(format!("{}: prints differently:\n{printed}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ----- parse errors -----

fn error_of(text: &str) -> String {
    match parse_module(text) {
        Ok(_) => panic!("parsed without error:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn parse_errors_name_the_problem_and_place() {
    let cases: &[(&str, &str)] = &[
        ("func @f() {\nblock0():\n    ret v1\n}\n", "3:9: v1 is used but never defined"),
        ("func @f() {\nblock0():\n    v1: i32 = frobnicate v0\n}\n", "3:15: unknown instruction `frobnicate`"),
        ("func @f(i32) {\nblock0(v0: i32, v0: i32):\n    ret\n}\n", "2:17: v0 is defined twice"),
        ("func @f() {\nblock0():\n    ret\nblock0():\n    ret\n}\n", "4:1: block0 is defined twice"),
        ("func @f() {\n    ret\n}\n", "2:5: instruction before the first block"),
        ("func @f() {\nblock0():\n    ret\n", "4:1: unexpected end of input: missing `}`"),
        ("func @f(i32) {\nblock0(v0: i32):\n    v1: i32 = add v0 v0\n}\n", "3:22: expected `,`, found `v0`"),
        (
            "func @f(i32) {\nblock0(v0: i32):\n    v1: i1 = icmp wat v0, v0\n}\n",
            "3:19: expected an integer condition (eq, slt, ...), found `wat`",
        ),
        ("func @f(q32) {\n}\n", "1:9: expected a type, found `q32`"),
        ("func @f() {\n    v0 = const f64 0xZZ\n}\n", "2:20: expected float bits (up to 32 hex digits) after `0x`"),
        (
            "func @f() {\n    v0 = const i8 300000000000000000000000000000000000000000\n}\n",
            "2:19: an integer constant `300000000000000000000000000000000000000000` is out of range",
        ),
        ("global @g : f64 constant extra\n", "1:26: expected end of line, found `extra`"),
        ("bogus\n", "1:1: expected `global`, `declare` or `func`"),
        ("declare @\"unterminated(f64)\n", "1:10: unterminated string"),
        ("declare @\"bad\\q\"()\n", "1:15: unknown escape in string"),
        ("func @f() {\nblock0():\n    ret !dbg \"a.c\":x:1\n}\n", "3:20: expected a line number, found `x`"),
        (
            "func @f() {\nblock0():\n    br block99999999()\n}\n",
            "3:8: `block99999999` is too large (the limit is 1048576)",
        ),
        ("declare @f() attrs{zz(a)}\n", "1:20: expected `fn`, `ret`, `pN` or `}`, found `zz`"),
        ("declare @f() linkage weird\n", "1:22: expected a linkage"),
        ("func @f() {\nblock0():\n    v1: ptr = load v0 align\n}\n", "3:28: expected an alignment, found end of line"),
        (
            "func @f() {\n    v0 = const {} undef\nblock0():\n    v1: ptr = alloca opaque(x86_fp80, v0, align 8\n}\n",
            "4:28: unterminated `opaque(` type",
        ),
    ];
    for (text, want) in cases {
        let got = error_of(text);
        assert!(got.starts_with(want), "for\n{text}\nwant `{want}`\n got `{got}`");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("declare @f({}f64{})\n", "[1 x ".repeat(100_000), "]".repeat(100_000));
    assert!(error_of(&deep).contains("nesting too deep"));
    let deep = format!("func @f() {{\n    v0 = const i8 {}\n}}\n", "[".repeat(100_000));
    assert!(error_of(&deep).contains("nesting too deep"));
}

#[test]
fn truncations_never_panic() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cir/instructions.cir"),
    )
    .expect("fixture");
    for (i, _) in text.char_indices() {
        exercise(&text[..i]);
    }
}

#[test]
fn comments_and_blank_lines_are_ignored() {
    let text = "; a module\n\nfunc @f(f64) -> f64 { ; the body\n\nblock0(v0: f64): ; entry\n    ; nothing yet\n    ret v0 ; done\n}\n";
    let f = parse_function(text).unwrap();
    assert_eq!(print_function(&f), "func @f(f64) -> f64 {\nblock0(v0: f64):\n    ret v0\n}\n");
}

#[test]
fn value_numbers_survive_with_holes_and_forward_uses() {
    let text = "func @f(f64) -> f64 {\nblock0(v3: f64):\n    br block2(v3)\nblock2(v9: f64):\n    v12: f64 = fadd v9, v9\n    ret v12\n}\n";
    let f = parse_function(text).unwrap();
    assert_eq!(print_function(&f), text);
    assert_eq!(f.dfg.value_type(Value(12)), &Type::F64);
    assert_eq!(f.params(), &[Value(3)]);
    assert!(verify_function(&f).is_ok());
}
