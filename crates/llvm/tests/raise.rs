//! Tests of raising Catalase IR into LLVM: functions built by hand with `Builder` are raised
//! into a small module, verified, compiled with `clang-22 -O0` next to a C driver that checks
//! their results, and run. The round-trip harness (lower → raise → run, compared with the
//! original program) runs every C file under `tests/fixtures/raise/` at -O0..-O3.

use std::path::PathBuf;
use std::process::Command;

use catalase_ir::builder::Builder;
use catalase_ir::diag::DiagKind;
use catalase_ir::function::{Function, Linkage};
use catalase_ir::inst::{Attr, AttrList, AttrValue, BlockCall, Callee, InstData, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, CastOp, FloatCC, Flag, Flags, IntCC, Ordering, RmwOp};
use catalase_ir::{Block, Const, Type, Value};
use catalase_llvm::module_io::{read_module, OwnedContext};
use catalase_llvm::raise::raise_function;

const BASE: &str = r#"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"
@counter = global i32 5
@fmt = private constant [21 x i8] c"printf: %d %.3f %s|\0A\00"
@word = private constant [4 x i8] c"abc\00"
"#;

const F64: Type = Type::F64;
const I32: Type = Type::I32;
const I64: Type = Type::I64;

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("raise").join(name);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Raise `funcs` into the base module, verify it and return its text.
fn raise_all(funcs: &[Function]) -> String {
    let ctx = OwnedContext::new();
    let m = read_module(&ctx, BASE.as_bytes(), "base.ll").expect("base module");
    for f in funcs {
        // SAFETY: `m` is a valid module owned by this thread.
        if let Err(d) = unsafe { raise_function(m.raw(), f) } {
            panic!("raising {} failed: {d}\n{}", f.name, catalase_ir::printer::print_function(f));
        }
    }
    let text = m.print_to_string();
    if let Err(e) = m.verify() {
        panic!("verification failed: {e}\n{text}");
    }
    text
}

/// Compile `ll` with the C `driver` at -O0, run it, and return its stdout (it must exit 0).
fn compile_and_run(name: &str, ll: &str, driver: &str, cxx: bool) -> String {
    let dir = scratch(name);
    let (ll_path, c_path, exe) = (dir.join("raised.ll"), dir.join(if cxx { "driver.cpp" } else { "driver.c" }), dir.join("a.out"));
    std::fs::write(&ll_path, ll).unwrap();
    std::fs::write(&c_path, driver).unwrap();
    let compiler = if cxx { "clang++-22" } else { "clang-22" };
    let out = Command::new(compiler)
        .args(["-O0", "-w"])
        .arg(&ll_path)
        .arg(&c_path)
        .args(["-lm", "-o"])
        .arg(&exe)
        .output()
        .expect("clang-22 runs");
    assert!(out.status.success(), "{compiler} failed:\n{}\n{ll}", String::from_utf8_lossy(&out.stderr));
    let run = Command::new(&exe).output().expect("test program runs");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(run.status.success(), "program failed ({}):\n{stdout}\n{}", run.status, String::from_utf8_lossy(&run.stderr));
    stdout
}

/// Raise, compile, run; the driver prints "ok" last when all its checks pass.
fn check(name: &str, funcs: &[Function], driver: &str) -> String {
    let ll = raise_all(funcs);
    let out = compile_and_run(name, &ll, driver, false);
    assert!(out.trim_end().ends_with("ok"), "driver output:\n{out}\n{ll}");
    ll
}

fn sig(params: Vec<Type>, ret: Type) -> Signature {
    Signature::new(params, ret)
}

/// Set flags on the instruction defining `v`.
fn set_flags(b: &mut Builder, v: Value, flags: &[Flag]) {
    let i = b.func.dfg.def_inst(v).expect("an instruction result");
    let fl = flags.iter().fold(Flags::NONE, |acc, f| acc.with(*f));
    b.set_flags(i, fl);
}

/// A new block with parameters of the given types.
fn block_with(b: &mut Builder, tys: &[Type]) -> (Block, Vec<Value>) {
    let blk = b.create_block();
    let params = tys.iter().map(|t| b.func.dfg.append_block_param(blk, t.clone())).collect();
    (blk, params)
}

fn bc(block: Block, args: Vec<Value>) -> BlockCall {
    BlockCall::new(block, args)
}

/// `double arith(double x, int n)`: integer ops with flags, casts, fast-math, select, fcmp.
fn arith() -> Function {
    let mut f = Function::with_entry("arith", sig(vec![F64, I32], F64));
    let entry = f.entry_block().unwrap();
    let (x, n) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let three = b.iconst(I32, 3);
    let n3 = b.binary(BinaryOp::Mul, n, three);
    set_flags(&mut b, n3, &[Flag::Nsw]);
    let one = b.iconst(I32, 1);
    let n4 = b.binary(BinaryOp::Add, n3, one);
    set_flags(&mut b, n4, &[Flag::Nsw, Flag::Nuw]);
    let sh = b.binary(BinaryOp::Shl, n4, one);
    let two = b.iconst(I32, 2);
    let q = b.binary(BinaryOp::SDiv, sh, two);
    set_flags(&mut b, q, &[Flag::Exact]);
    let mask = b.iconst(I32, 0x100);
    let o = b.binary(BinaryOp::Or, q, mask);
    let seven = b.iconst(I32, 7);
    let r = b.binary(BinaryOp::SRem, o, seven);
    let wide = b.cast(CastOp::SExt, r, I64);
    let fl = b.cast(CastOp::SIToFP, wide, F64);
    let half = b.fconst(&F64, 0.5);
    let xh = b.fmul(x, half);
    set_flags(&mut b, xh, &[Flag::Nnan, Flag::Ninf, Flag::Nsz, Flag::Contract]);
    let s = b.fadd(xh, fl);
    let neg = b.fneg(s);
    let zero = b.fconst(&F64, 0.0);
    let pos = b.fcmp(FloatCC::Ogt, x, zero);
    let sel = b.select(pos, s, neg);
    let f32v = b.cast(CastOp::FPTrunc, sel, Type::F32);
    let back = b.cast(CastOp::FPExt, f32v, F64);
    let hc = b.fconst(&Type::Half, 1.5);
    let hd = b.cast(CastOp::FPExt, hc, F64);
    let res = b.fadd(back, hd);
    b.ret(Some(res));
    f
}

#[test]
fn arithmetic_runs() {
    let driver = r#"
#include <stdio.h>
double arith(double, int);
static double ref(double x, int n) {
  int r = ((((n * 3 + 1) << 1) / 2) | 0x100) % 7;
  double s = x * 0.5 + (double)r;
  double sel = x > 0 ? s : -s;
  return (double)(float)sel + 1.5;
}
int main(void) {
  double xs[] = {1.25, -3.5, 0.0, 100.0};
  int ns[] = {0, 5, -9, 1000};
  for (int i = 0; i < 4; i++) {
    double got = arith(xs[i], ns[i]), want = ref(xs[i], ns[i]);
    printf("%g %g\n", got, want);
    if (got != want) return 1;
  }
  printf("ok\n");
  return 0;
}
"#;
    let ll = check("arith", &[arith()], driver);
    for flag in ["mul nsw", "add nuw nsw", "sdiv exact", "fmul nnan ninf nsz contract"] {
        assert!(ll.contains(flag), "missing `{flag}` in\n{ll}");
    }
}
