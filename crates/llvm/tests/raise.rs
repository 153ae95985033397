//! Tests of raising Catalase IR into LLVM: functions built by hand with `Builder` are raised
//! into a small module, verified, compiled with `clang-22 -O0` next to a C driver that checks
//! their results, and run. The round-trip harness (lower → raise → run, compared with the
//! original program) runs every C file under `tests/fixtures/raise/` at -O0..-O3.

use std::path::PathBuf;
use std::process::Command;

use catalase_ir::builder::Builder;
use catalase_ir::diag::DiagKind;
use catalase_ir::function::{Function, Linkage};
use catalase_ir::inst::{
    Attr, AttrList, AttrValue, BlockCall, Callee, InstData, MemFlags, Signature,
};
use catalase_ir::opcodes::{BinaryOp, CastOp, Flag, Flags, FloatCC, IntCC, Ordering, RmwOp};
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
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("raise")
        .join(name);
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
            panic!(
                "raising {} failed: {d}\n{}",
                f.name,
                catalase_ir::printer::print_function(f)
            );
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
    let (ll_path, c_path, exe) = (
        dir.join("raised.ll"),
        dir.join(if cxx { "driver.cpp" } else { "driver.c" }),
        dir.join("a.out"),
    );
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
    assert!(
        out.status.success(),
        "{compiler} failed:\n{}\n{ll}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(&exe).output().expect("test program runs");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "program failed ({}):\n{stdout}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

/// Raise, compile, run; the driver prints "ok" last when all its checks pass.
fn check(name: &str, funcs: &[Function], driver: &str) -> String {
    let ll = raise_all(funcs);
    let out = compile_and_run(name, &ll, driver, false);
    assert!(
        out.trim_end().ends_with("ok"),
        "driver output:\n{out}\n{ll}"
    );
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
    let params = tys
        .iter()
        .map(|t| b.func.dfg.append_block_param(blk, t.clone()))
        .collect();
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
    set_flags(
        &mut b,
        xh,
        &[Flag::Nnan, Flag::Ninf, Flag::Nsz, Flag::Contract],
    );
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
    for flag in [
        "mul nsw",
        "add nuw nsw",
        "sdiv exact",
        "fmul nnan ninf nsz contract",
    ] {
        assert!(ll.contains(flag), "missing `{flag}` in\n{ll}");
    }
}

/// `double sum(double *a, long n)`: a loop whose header takes (i, acc) as block parameters.
fn sum_loop() -> Function {
    let mut f = Function::with_entry("sum", sig(vec![Type::PTR, I64], F64));
    let entry = f.entry_block().unwrap();
    let (a, n) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let (head, hp) = block_with(&mut b, &[I64, F64]);
    let (body, _) = block_with(&mut b, &[]);
    let (exit, ep) = block_with(&mut b, &[F64]);
    let (zero, fzero) = (b.iconst(I64, 0), b.fconst(&F64, 0.0));
    b.br(head, vec![zero, fzero]);
    b.switch_to(head);
    let more = b.icmp(IntCC::Slt, hp[0], n);
    b.condbr(more, bc(body, vec![]), bc(exit, vec![hp[1]]));
    b.switch_to(body);
    let eight = b.iconst(I64, 8);
    let off = b.binary(BinaryOp::Mul, hp[0], eight);
    let p = b.ptradd(a, off);
    set_flags(&mut b, p, &[Flag::InBounds]);
    let x = b.load(F64, p, MemFlags::aligned(8));
    let acc = b.fadd(hp[1], x);
    let one = b.iconst(I64, 1);
    let next = b.binary(BinaryOp::Add, hp[0], one);
    b.br(head, vec![next, acc]);
    b.switch_to(exit);
    b.ret(Some(ep[0]));
    f
}

/// `long gcd(long a, long b)`: the entry block is the loop header (a branch targets it).
fn gcd() -> Function {
    let mut f = Function::with_entry("gcd", sig(vec![I64, I64], I64));
    let entry = f.entry_block().unwrap();
    let (x, y) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let (done, dp) = block_with(&mut b, &[I64]);
    let (step, _) = block_with(&mut b, &[]);
    let zero = b.iconst(I64, 0);
    let is_zero = b.icmp(IntCC::Eq, y, zero);
    b.condbr(is_zero, bc(done, vec![x]), bc(step, vec![]));
    b.switch_to(step);
    let r = b.binary(BinaryOp::SRem, x, y);
    b.br(entry, vec![y, r]);
    b.switch_to(done);
    b.ret(Some(dp[0]));
    f
}

/// `int classify(int x)`: a switch whose cases reach one block with different arguments, and
/// a condbr whose two edges reach one block with different arguments.
fn classify() -> Function {
    let mut f = Function::with_entry("classify", sig(vec![I32], I32));
    let entry = f.entry_block().unwrap();
    let x = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let (exit, ep) = block_with(&mut b, &[I32]);
    let (other, _) = block_with(&mut b, &[]);
    let c: Vec<Value> = [0, 10, 20, 30].iter().map(|&k| b.iconst(I32, k)).collect();
    let ten_again = b.iconst(I32, 10);
    let cases = vec![
        (1, bc(exit, vec![c[1]])),
        (2, bc(exit, vec![c[2]])),
        (3, bc(exit, vec![ten_again])),
        (4, bc(other, vec![])),
        (5, bc(exit, vec![c[1]])),
    ];
    b.build(
        InstData::Switch {
            arg: x,
            default: bc(exit, vec![c[0]]),
            cases,
        },
        Type::Void,
    );
    b.switch_to(other);
    let neg = b.iconst(I32, -1);
    let big = b.icmp(IntCC::Sgt, x, c[0]);
    b.condbr(big, bc(exit, vec![c[3]]), bc(exit, vec![neg]));
    b.switch_to(exit);
    b.ret(Some(ep[0]));
    f
}

#[test]
fn control_flow_runs() {
    let driver = r#"
#include <stdio.h>
double sum(double *, long);
long gcd(long, long);
int classify(int);
int main(void) {
  double a[5] = {1, 2, 3, 4, 5.5};
  printf("%g %g %ld %ld\n", sum(a, 5), sum(a, 0), gcd(84, 36), gcd(17, 5));
  if (sum(a, 5) != 15.5 || sum(a, 0) != 0 || gcd(84, 36) != 12 || gcd(17, 5) != 1) return 1;
  int want[] = {0, 10, 20, 10, 30, 10, 0};
  for (int i = 0; i < 7; i++) {
    printf("classify(%d) = %d\n", i, classify(i));
    if (classify(i) != want[i]) return 1;
  }
  printf("ok\n");
  return 0;
}
"#;
    let ll = check("control_flow", &[sum_loop(), gcd(), classify()], driver);
    assert!(
        ll.contains("block1.split"),
        "edge splitting expected:\n{ll}"
    );
    assert!(
        ll.contains("define i64 @gcd(i64 %v0, i64 %v1) {\nentry:\n  br label %block0"),
        "{ll}"
    );
}

/// `void vec(double *out, const double *in)`: vector loads, shuffles (with a poison lane),
/// splat and aggregate constants, insert/extractelement, an f32 vector constant.
fn vectors() -> Function {
    let v4 = Type::vector(4, F64);
    let mut f = Function::with_entry("vec", sig(vec![Type::PTR, Type::PTR], F64));
    let entry = f.entry_block().unwrap();
    let (out, inp) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let v = b.load(v4.clone(), inp, MemFlags::aligned(8));
    let rev = b.shuffle(v, v, vec![3, 2, 1, 0]);
    let two = b.fconst(&v4, 2.0);
    let scaled = b.fmul(rev, two);
    let consts = b.constant(
        v4.clone(),
        Const::Aggregate(
            [0.5, 1.5, 2.5, 3.5]
                .iter()
                .map(|x| Const::f64(*x))
                .collect(),
        ),
    );
    let sum = b.fadd(scaled, consts);
    let idx = b.iconst(I32, 1);
    let e1 = b.extract_element(v, idx);
    let ins = b.insert_element(sum, e1, idx);
    b.store(ins, out, MemFlags::aligned(8));
    let pz = b.shuffle(v, v, vec![0, -1, 7]);
    let lane2 = b.iconst(I64, 2);
    let last = b.extract_element(pz, lane2);
    let f4 = Type::vector(4, Type::F32);
    let fv = b.fconst(&f4, 0.25);
    let fl = b.extract_element(fv, lane2);
    let fd = b.cast(CastOp::FPExt, fl, F64);
    let r = b.fadd(last, fd);
    b.ret(Some(r));
    f
}

#[test]
fn vectors_run() {
    let driver = r#"
#include <stdio.h>
double vec(double *out, const double *in);
int main(void) {
  double in[4] = {1, 2, 3, 4}, out[4];
  double r = vec(out, in);
  double want[4] = {8.5, 2, 6.5, 5.5};
  printf("%g %g %g %g -> %g\n", out[0], out[1], out[2], out[3], r);
  for (int i = 0; i < 4; i++) if (out[i] != want[i]) return 1;
  if (r != 4.25) return 1;
  printf("ok\n");
  return 0;
}
"#;
    let ll = check("vectors", &[vectors()], driver);
    assert!(ll.contains("<3 x i32> <i32 0, i32 poison, i32 7>"), "{ll}");
}

/// `{double, double} pair(double x, int k)`: insert/extractvalue with nested paths, an array
/// constant stored to a stack array and read back.
fn aggregates() -> Function {
    let pair = Type::strukt(vec![F64, F64]);
    let nested = Type::strukt(vec![F64, Type::strukt(vec![I32, F64])]);
    let arr = Type::array(3, F64);
    let mut f = Function::with_entry("pair", sig(vec![F64, I32], pair.clone()));
    let entry = f.entry_block().unwrap();
    let (x, k) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let u = b.undef(nested);
    let n1 = b.insert_value(u, x, vec![0]);
    let n2 = b.insert_value(n1, k, vec![1, 0]);
    let y = b.fconst(&F64, 0.75);
    let n3 = b.insert_value(n2, y, vec![1, 1]);
    let got_k = b.extract_value(n3, vec![1, 0]);
    let got_y = b.extract_value(n3, vec![1, 1]);
    let one = b.iconst(I32, 1);
    let slot = b.alloca(arr.clone(), one, 8);
    let table = b.constant(
        arr,
        Const::Aggregate(vec![Const::f64(10.0), Const::f64(20.0), Const::f64(30.0)]),
    );
    b.store(table, slot, MemFlags::aligned(8));
    let wide = b.cast(CastOp::SExt, got_k, I64);
    let eight = b.iconst(I64, 8);
    let off = b.binary(BinaryOp::Mul, wide, eight);
    let p = b.ptradd(slot, off);
    let t = b.load(F64, p, MemFlags::aligned(8));
    let first = b.fadd(t, got_y);
    let zero = b.zero(pair);
    let r1 = b.insert_value(zero, first, vec![0]);
    let got_x = b.extract_value(n3, vec![0]);
    let r2 = b.insert_value(r1, got_x, vec![1]);
    b.ret(Some(r2));
    f
}

#[test]
fn aggregates_run() {
    let driver = r#"
#include <stdio.h>
struct pair { double a, b; };
struct pair pair(double, int);
int main(void) {
  struct pair p = pair(3.5, 2), q = pair(-1, 0);
  printf("%g %g %g %g\n", p.a, p.b, q.a, q.b);
  if (p.a != 30.75 || p.b != 3.5 || q.a != 10.75 || q.b != -1) return 1;
  printf("ok\n");
  return 0;
}
"#;
    check("aggregates", &[aggregates()], driver);
}

/// `int mem(int *p)`: array alloca, volatile load/store, atomics, fence, a global's address.
fn memory() -> Function {
    let mut f = Function::with_entry("mem", sig(vec![Type::PTR], I32));
    let entry = f.entry_block().unwrap();
    let p = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let four = b.iconst(I64, 4);
    let buf = b.alloca(I32, four, 16);
    let off = b.iconst(I64, 12);
    let slot = b.ptradd(buf, off);
    let seven = b.iconst(I32, 7);
    let vol = MemFlags {
        align: 4,
        volatile: true,
        ordering: Ordering::NotAtomic,
    };
    b.store(seven, slot, vol);
    let got = b.load(I32, slot, vol);
    let three = b.iconst(I32, 3);
    let old = b.build_value(
        InstData::AtomicRmw {
            op: RmwOp::Add,
            args: [p, three],
            ordering: Ordering::SeqCst,
        },
        I32,
    );
    b.build(
        InstData::Fence {
            ordering: Ordering::AcqRel,
        },
        Type::Void,
    );
    let pair = Type::strukt(vec![I32, Type::I1]);
    let now = b.binary(BinaryOp::Add, old, three);
    let hundred = b.iconst(I32, 100);
    let cx = b.build_value(
        InstData::CmpXchg {
            args: [p, now, hundred],
            success: Ordering::SeqCst,
            failure: Ordering::Monotonic,
        },
        pair,
    );
    let swapped = b.extract_value(cx, vec![1]);
    let sw32 = b.cast(CastOp::ZExt, swapped, I32);
    let g = b.global_addr("counter");
    let atomic = MemFlags {
        align: 4,
        volatile: false,
        ordering: Ordering::Acquire,
    };
    let c = b.load(I32, g, atomic);
    let r1 = b.binary(BinaryOp::Add, got, old);
    let r2 = b.binary(BinaryOp::Add, r1, sw32);
    let r3 = b.binary(BinaryOp::Add, r2, c);
    b.ret(Some(r3));
    f
}

#[test]
fn memory_runs() {
    let driver = r#"
#include <stdio.h>
int mem(int *);
int main(void) {
  int x = 40;
  int r = mem(&x);
  printf("%d %d\n", r, x);
  if (r != 7 + 40 + 1 + 5 || x != 100) return 1;
  printf("ok\n");
  return 0;
}
"#;
    let ll = check("memory", &[memory()], driver);
    for s in [
        "alloca i32, i64 4, align 16",
        "store volatile i32 7",
        "atomicrmw add ptr %v0, i32 3 seq_cst",
        "fence acq_rel",
        "cmpxchg ptr %v0, i32 %v",
        "load atomic i32, ptr @counter acquire, align 4",
    ] {
        assert!(ll.contains(s), "missing `{s}` in\n{ll}");
    }
}

fn call_value(b: &mut Builder, name: &str, s: Signature, args: Vec<Value>) -> Value {
    b.call_named(name, s, args).expect("a result")
}

/// `double calls(double x, double (*fp)(double), double *dst)`: libm (declared on demand),
/// intrinsics (scalar and vector overloads, memcpy), an indirect call, a tail call flag, and
/// a varargs printf of a global string.
fn calls() -> Function {
    let fd = sig(vec![F64], F64);
    let mut f = Function::with_entry("calls", sig(vec![F64, Type::PTR, Type::PTR], F64));
    let entry = f.entry_block().unwrap();
    let (x, fp, dst) = (f.params()[0], f.params()[1], f.params()[2]);
    let mut b = Builder::at_end(&mut f, entry);
    let s = call_value(&mut b, "sin", fd.clone(), vec![x]);
    let q = call_value(&mut b, "llvm.sqrt.f64", fd.clone(), vec![x]);
    let fma = call_value(
        &mut b,
        "llvm.fma.f64",
        sig(vec![F64, F64, F64], F64),
        vec![s, q, x],
    );
    let v2 = Type::vector(2, F64);
    let neg = b.fconst(&v2, -2.5);
    let abs = call_value(
        &mut b,
        "llvm.fabs.v2f64",
        sig(vec![v2.clone()], v2),
        vec![neg],
    );
    let zero = b.iconst(I32, 0);
    let a0 = b.extract_element(abs, zero);
    let ci = b.call(Callee::Indirect(fp), fd, vec![a0], AttrList::default());
    b.set_flags(ci, Flags::NONE.with(Flag::Tail));
    let through = b.func.dfg.result(ci).unwrap();
    let src = b.global_addr("word");
    let len = b.iconst(I64, 4);
    let no = b.iconst(Type::I1, 0);
    b.call_named(
        "llvm.memcpy.p0.p0.i64",
        sig(vec![Type::PTR, Type::PTR, I64, Type::I1], Type::Void),
        vec![dst, src, len, no],
    );
    let printf = Signature {
        params: vec![Type::PTR],
        ret: I32,
        variadic: true,
    };
    let fmt = b.global_addr("fmt");
    let seven = b.iconst(I32, 7);
    b.call_named("printf", printf, vec![fmt, seven, through, dst]);
    let r = b.fadd(fma, through);
    b.ret(Some(r));
    f
}

#[test]
fn calls_run() {
    let driver = r#"
#include <stdio.h>
#include <math.h>
double calls(double, double (*)(double), char *);
static double twice(double y) { return 2 * y; }
int main(void) {
  char buf[8] = {0};
  double r = calls(2.0, twice, buf);
  double want = fma(sin(2.0), sqrt(2.0), 2.0) + 5.0;
  printf("%.17g %.17g %s\n", r, want, buf);
  if (fabs(r - want) > 1e-12) return 1;
  printf("ok\n");
  return 0;
}
"#;
    let ll = raise_all(&[calls()]);
    let out = compile_and_run("calls", &ll, driver, false);
    assert!(out.starts_with("printf: 7 5.000 abc|\n"), "{out}");
    assert!(out.trim_end().ends_with("ok"), "{out}");
    for s in [
        "declare double @sin(double)",
        "call double @llvm.sqrt.f64",
        "tail call double %v1",
        "call i32 (ptr, ...) @printf(ptr @fmt",
    ] {
        assert!(ll.contains(s), "missing `{s}` in\n{ll}");
    }
}

fn type_attr(name: &str, t: Type) -> Attr {
    Attr {
        name: name.to_string(),
        value: AttrValue::Type(t),
    }
}

/// `double big(double x)`: calls C functions taking a struct `byval` and returning one `sret`.
fn byval_sret() -> (Function, Function) {
    let big = Type::array(4, F64);
    let mut f = Function::with_entry("big", sig(vec![F64], F64));
    f.linkage = Linkage::Internal;
    let entry = f.entry_block().unwrap();
    let x = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let one = b.iconst(I32, 1);
    let tmp = b.alloca(big.clone(), one, 8);
    let sret_attrs = AttrList {
        params: vec![vec![
            type_attr("sret", big.clone()),
            Attr {
                name: "align".into(),
                value: AttrValue::Int(8),
            },
        ]],
        ..AttrList::default()
    };
    b.call(
        Callee::Direct("make_big".into()),
        sig(vec![Type::PTR, F64], Type::Void),
        vec![tmp, x],
        sret_attrs,
    );
    let byval_attrs = AttrList {
        params: vec![vec![
            type_attr("byval", big),
            Attr {
                name: "align".into(),
                value: AttrValue::Int(8),
            },
        ]],
        ..AttrList::default()
    };
    let c = b.call(
        Callee::Direct("sum_big".into()),
        sig(vec![Type::PTR], F64),
        vec![tmp],
        byval_attrs,
    );
    let r = b.func.dfg.result(c).unwrap();
    b.ret(Some(r));
    // An external wrapper so the C driver can reach the internal function.
    let mut w = Function::with_entry("big_entry", sig(vec![F64], F64));
    let we = w.entry_block().unwrap();
    let wx = w.params()[0];
    let mut wb = Builder::at_end(&mut w, we);
    let r = call_value(&mut wb, "big", sig(vec![F64], F64), vec![wx]);
    wb.ret(Some(r));
    (f, w)
}

#[test]
fn byval_and_sret_run() {
    let driver = r#"
#include <stdio.h>
struct big { double v[4]; };
struct big make_big(double x) { struct big b = {{x, 2 * x, 3 * x, 4 * x}}; return b; }
double sum_big(struct big b) { double s = b.v[0] + b.v[1] + b.v[2] + b.v[3]; b.v[0] = -1; return s; }
double big_entry(double);
int main(void) {
  double r = big_entry(1.5);
  printf("%g\n", r);
  if (r != 15) return 1;
  printf("ok\n");
  return 0;
}
"#;
    let (f, w) = byval_sret();
    let ll = check("byval_sret", &[f, w], driver);
    assert!(ll.contains("ptr sret([4 x double]) align 8 %v"), "{ll}");
    assert!(ll.contains("ptr byval([4 x double]) align 8 %v"), "{ll}");
    assert!(ll.contains("define internal double @big"), "{ll}");
}

/// `int guarded(void (*fp)(void))`: invokes `fp`; a catch-all landing pad returns 1.
fn guarded() -> Function {
    let mut f = Function::with_entry("guarded", sig(vec![Type::PTR], I32));
    let entry = f.entry_block().unwrap();
    let fp = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let (ok, okp) = block_with(&mut b, &[I32]);
    let (pad, _) = block_with(&mut b, &[]);
    let zero = b.iconst(I32, 0);
    let invoke = InstData::Invoke {
        callee: Callee::Indirect(fp),
        args: vec![],
        sig: sig(vec![], Type::Void),
        attrs: AttrList::default(),
        normal: bc(ok, vec![zero]),
        unwind: bc(pad, vec![]),
    };
    b.build(invoke, Type::Void);
    b.switch_to(pad);
    let null = b.constant(Type::PTR, Const::Null);
    let lp_ty = Type::strukt(vec![Type::PTR, I32]);
    let lp = b.build_value(
        InstData::LandingPad {
            cleanup: false,
            clauses: vec![null],
        },
        lp_ty,
    );
    let exn = b.extract_value(lp, vec![0]);
    b.call_named(
        "__cxa_begin_catch",
        sig(vec![Type::PTR], Type::PTR),
        vec![exn],
    );
    b.call_named("__cxa_end_catch", sig(vec![], Type::Void), vec![]);
    let one = b.iconst(I32, 1);
    b.br(ok, vec![one]);
    b.switch_to(ok);
    b.ret(Some(okp[0]));
    f
}

#[test]
fn invoke_and_landingpad_run() {
    let driver = r#"
#include <cstdio>
extern "C" int guarded(void (*)());
static void thrower() { throw 42; }
static void quiet() {}
int main() {
  int a = guarded(thrower), b = guarded(quiet);
  std::printf("%d %d\n", a, b);
  if (a != 1 || b != 0) return 1;
  std::printf("ok\n");
  return 0;
}
"#;
    let ll = raise_all(&[guarded()]);
    assert!(ll.contains("personality ptr @__gxx_personality_v0"), "{ll}");
    let out = compile_and_run("invoke", &ll, driver, true);
    assert!(out.trim_end().ends_with("ok"), "{out}");
}

/// Raise `f` into the base module and return the error (the module must stay valid).
fn raise_error(f: &Function) -> catalase_ir::diag::Diagnostic {
    let ctx = OwnedContext::new();
    let pre = "define double @defined(double %x) {\n  ret double %x\n}\ndeclare double @declared(double)\n";
    let m2 = read_module(&ctx, format!("{BASE}{pre}").as_bytes(), "m2.ll").unwrap();
    // SAFETY: `m2` is a valid module owned by this thread.
    let err = unsafe { raise_function(m2.raw(), f) }.expect_err("raising must fail");
    if let Err(e) = m2.verify() {
        panic!(
            "module broken after a failed raise: {e}\n{}",
            m2.print_to_string()
        );
    }
    let text = m2.print_to_string();
    assert!(
        !text.contains(&format!("define double @{}(", f.name)) || f.name == "defined",
        "partial function left:\n{text}"
    );
    assert_eq!(err.kind, DiagKind::Internal, "{err}");
    assert_eq!(err.function.as_deref(), Some(f.name.as_str()), "{err}");
    err
}

fn one_block(name: &str, build: impl FnOnce(&mut Builder, Value)) -> Function {
    let mut f = Function::with_entry(name, sig(vec![F64], F64));
    let entry = f.entry_block().unwrap();
    let x = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    build(&mut b, x);
    f
}

#[test]
fn malformed_input_is_a_diagnostic() {
    // A use of a value that does not exist.
    let f = one_block("bad_value", |b, x| {
        let y = b.fadd(x, Value::from_u32(999));
        b.ret(Some(y));
    });
    let e = raise_error(&f);
    assert!(e.message.contains("undefined value v999"), "{e}");
    assert!(
        e.instruction.as_deref().unwrap_or("").contains("fadd"),
        "{e}"
    );

    // A type mismatch: fadd of an integer.
    let f = one_block("bad_type", |b, x| {
        let i = b.iconst(I32, 1);
        let y = b.fadd(x, i);
        b.ret(Some(y));
    });
    assert!(raise_error(&f)
        .message
        .contains("fadd operands of types f64 and i32"));

    // A use that its definition does not dominate (built later in the same block).
    let mut f = one_block("bad_order", |b, x| {
        let y = b.fadd(x, x);
        b.ret(Some(y));
    });
    let entry = f.entry_block().unwrap();
    let insts = f.layout.block_insts(entry).collect::<Vec<_>>();
    let (add, ret) = (insts[0], insts[1]);
    f.layout.remove_inst(add);
    f.layout.remove_inst(ret);
    let z = f.dfg.result(add).unwrap();
    let mul = f.dfg.make_inst(
        InstData::Binary {
            op: BinaryOp::FMul,
            args: [z, z],
        },
        F64,
    );
    f.layout.append_inst(mul, entry);
    f.layout.append_inst(add, entry);
    f.layout.append_inst(ret, entry);
    assert!(raise_error(&f).message.contains("does not dominate"));

    // A block without a terminator; a ret of the wrong type; an unknown global.
    let f = one_block("no_term", |b, x| {
        b.fadd(x, x);
    });
    assert!(raise_error(&f)
        .message
        .contains("does not end with a terminator"));
    let f = one_block("bad_ret", |b, _| {
        let i = b.iconst(I32, 1);
        b.ret(Some(i));
    });
    assert!(raise_error(&f).message.contains("ret of i32"));
    let f = one_block("bad_global", |b, _| {
        let g = b.global_addr("nowhere");
        let y = b.load(F64, g, MemFlags::aligned(8));
        b.ret(Some(y));
    });
    assert!(raise_error(&f)
        .message
        .contains("unknown global symbol @nowhere"));

    // A definition of the same name already exists.
    let f = one_block("defined", |b, x| {
        b.ret(Some(x));
    });
    assert!(raise_error(&f).message.contains("already defined"));
}

#[test]
fn fills_a_declaration_in_place() {
    let ctx = OwnedContext::new();
    let text = format!("{BASE}declare double @twice(double)\ndefine double @user(double %x) {{\n  %y = call double @twice(double %x)\n  ret double %y\n}}\n");
    let m = read_module(&ctx, text.as_bytes(), "decl.ll").unwrap();
    let f = one_block("twice", |b, x| {
        let y = b.fadd(x, x);
        b.ret(Some(y));
    });
    // SAFETY: `m` is a valid module owned by this thread.
    unsafe {
        let name = c"twice";
        let before = llvm_sys::core::LLVMGetNamedFunction(m.raw(), name.as_ptr());
        let raised = raise_function(m.raw(), &f).expect("fills the declaration");
        assert_eq!(before, raised, "the declaration is filled in place");
    }
    m.verify().expect("valid");
    assert!(m
        .print_to_string()
        .contains("define double @twice(double %v0)"));

    // A failed raise into a declaration leaves the declaration.
    let m = read_module(&ctx, text.as_bytes(), "decl.ll").unwrap();
    let bad = one_block("twice", |b, x| {
        let i = b.iconst(I32, 1);
        let y = b.fadd(x, i);
        b.ret(Some(y));
    });
    // SAFETY: as above.
    assert!(unsafe { raise_function(m.raw(), &bad) }.is_err());
    m.verify().expect("still valid");
    assert!(m
        .print_to_string()
        .contains("declare double @twice(double)"));
}

// ----- round trip: C → LLVM (clang -O0..-O3) → lower → raise → run, compared with the original -----

fn run_tool(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Names of the functions defined (with a body) in `m`.
unsafe fn defined_functions(m: llvm_sys::prelude::LLVMModuleRef) -> Vec<String> {
    use llvm_sys::core::*;
    let mut names = Vec::new();
    let mut f = LLVMGetFirstFunction(m);
    while !f.is_null() {
        if LLVMIsDeclaration(f) == 0 {
            let mut len = 0;
            let p = LLVMGetValueName2(f, &mut len);
            names.push(
                String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len))
                    .into_owned(),
            );
        }
        f = LLVMGetNextFunction(f);
    }
    names
}

/// Lower every defined function of `ll`, raise each back as `<name>.rt`, then make the copies
/// take the originals' place (uses redirected, originals deleted, names restored).
fn lower_and_raise(ll: &[u8]) -> Result<String, String> {
    use llvm_sys::core::*;
    let ctx = OwnedContext::new();
    let m = read_module(&ctx, ll, "orig.ll").map_err(|d| d.to_string())?;
    // SAFETY: `m` is a valid module owned by this thread for the whole block.
    unsafe {
        let names = defined_functions(m.raw());
        let roots: Vec<&str> = names.iter().map(String::as_str).collect();
        let lowered = catalase_llvm::lower::lower_module(m.raw(), &roots).map_err(|ds| {
            ds.iter()
                .map(|d| format!("lower: {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let mut raised = Vec::new();
        for f in lowered
            .functions()
            .values()
            .filter(|f| !f.is_declaration() && names.contains(&f.name))
        {
            let mut copy = f.clone();
            copy.name = format!("{}.rt", f.name);
            let new = raise_function(m.raw(), &copy).map_err(|d| format!("raise: {d}"))?;
            raised.push((f.name.clone(), new));
        }
        for (name, new) in raised {
            let cname = std::ffi::CString::new(name.clone()).unwrap();
            let old = LLVMGetNamedFunction(m.raw(), cname.as_ptr());
            // The IR carries no calling convention; the copy takes the original's (-O2
            // makes internal functions fastcc, and the raised call sites copied it).
            LLVMSetFunctionCallConv(new, LLVMGetFunctionCallConv(old));
            LLVMReplaceAllUsesWith(old, new);
            LLVMDeleteFunction(old);
            LLVMSetValueName2(new, name.as_ptr().cast(), name.len());
        }
    }
    let text = m.print_to_string();
    m.verify().map_err(|e| format!("verify: {e}"))?;
    Ok(text)
}

/// The flags of a fixture's `// FLAGS:` line (e.g. `-mavx2` for gathers).
fn fixture_flags(c_file: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(c_file).unwrap_or_default();
    let line = text.lines().find_map(|l| l.trim_start().strip_prefix("// FLAGS:"));
    line.map(|l| l.split_whitespace().map(String::from).collect()).unwrap_or_default()
}

/// Whether this CPU can run code built with `flags` (AVX2 fixtures are skipped elsewhere).
fn cpu_runs(flags: &[String]) -> bool {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let has = |f: &str| cpuinfo.lines().any(|l| l.starts_with("flags") && l.split_whitespace().any(|w| w == f));
    !flags.iter().any(|f| f == "-mavx2") || (has("avx2") && has("fma"))
}

/// One fixture at one level: Ok(()) when the raised program prints what the original prints.
fn round_trip(c_file: &std::path::Path, level: u32) -> Result<(), String> {
    let stem = c_file.file_stem().unwrap().to_string_lossy().into_owned();
    let cc = if c_file.extension().is_some_and(|x| x == "cpp") {
        "clang++-22"
    } else {
        "clang-22"
    };
    let dir = scratch(&format!("rt_{stem}_O{level}"));
    let (orig_ll, orig_exe) = (dir.join("orig.ll"), dir.join("orig"));
    let (raised_ll, raised_exe) = (dir.join("raised.ll"), dir.join("raised"));
    let opt = format!("-O{level}");
    let emit = ["-S", "-emit-llvm", "-w", &opt];
    let flags = fixture_flags(c_file);
    run_tool(
        Command::new(cc)
            .args(emit)
            .args(&flags)
            .arg(c_file)
            .arg("-o")
            .arg(&orig_ll),
        "clang -emit-llvm",
    )?;
    let link = |ll: &PathBuf, exe: &PathBuf| {
        run_tool(
            Command::new(cc)
                .args(["-O0", "-w"])
                .args(&flags)
                .arg(ll)
                .args(["-lm", "-o"])
                .arg(exe),
            "clang",
        )
    };
    link(&orig_ll, &orig_exe)?;
    let want = run_tool(&mut Command::new(&orig_exe), "original program")?;
    let text = lower_and_raise(&std::fs::read(&orig_ll).unwrap())?;
    std::fs::write(&raised_ll, &text).unwrap();
    link(&raised_ll, &raised_exe)?;
    let got = run_tool(&mut Command::new(&raised_exe), "raised program")?;
    if got != want {
        return Err(format!(
            "output differs\n--- original\n{want}--- raised\n{got}"
        ));
    }
    Ok(())
}

/// The outcome of one fixture at one level.
enum Outcome {
    Same,
    /// Lowering (another stage) refused the module: reported, not a raising failure unless
    /// `CATALASE_RT_STRICT=1`.
    NotLowered(String),
    Failed(String),
}

fn classify_outcome(r: Result<(), String>) -> Outcome {
    match r {
        Ok(()) => Outcome::Same,
        Err(e) if e.starts_with("lower: ") => Outcome::NotLowered(e),
        Err(e) => Outcome::Failed(e),
    }
}

#[test]
fn round_trip_fixtures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/raise");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c" || x == "cpp"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the fixtures in {}",
        dir.display()
    );
    files.retain(|f| {
        let runs = cpu_runs(&fixture_flags(f));
        if !runs {
            println!("{}: skipped, this CPU lacks AVX2/FMA", f.display());
        }
        runs
    });
    let jobs: Vec<(PathBuf, u32)> = files
        .iter()
        .flat_map(|f| (0..=3).map(move |l| (f.clone(), l)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some((file, level)) = jobs.get(k) else {
                    break;
                };
                let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
                let outcome = classify_outcome(round_trip(file, *level));
                results
                    .lock()
                    .unwrap()
                    .push((k, format!("{stem} -O{level}"), outcome));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    let strict = std::env::var("CATALASE_RT_STRICT").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for (_, name, outcome) in &results {
        match outcome {
            Outcome::Same => println!("{name}: same output"),
            Outcome::NotLowered(e) => {
                println!("{name}: not lowered: {}", e.lines().next().unwrap_or(""));
                if strict {
                    failures.push(format!("{name}: {e}"));
                }
            }
            Outcome::Failed(e) => {
                println!("{name}: FAILED: {}", e.lines().next().unwrap_or(""));
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} round trips failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Unreachable blocks are raised after the reachable ones; a use of a value whose definition
/// sits in a later unreachable block becomes poison (it can never run).
#[test]
fn unreachable_blocks_raise() {
    let mut f = Function::with_entry("dead", sig(vec![F64], F64));
    let entry = f.entry_block().unwrap();
    let x = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let (d1, _) = block_with(&mut b, &[]);
    let (d2, _) = block_with(&mut b, &[]);
    b.ret(Some(x));
    b.switch_to(d2);
    let later = b.fmul(x, x);
    b.br(d1, vec![]);
    b.switch_to(d1);
    // The layout is entry, d1, d2: d1 uses a value defined in d2.
    let y = b.fadd(later, x);
    b.ret(Some(y));
    let ll = raise_all(&[f]);
    assert!(ll.contains("fadd double poison, %v0"), "{ll}");
}

#[test]
fn a_result_folded_to_a_global_keeps_the_global_name() {
    // `ptradd @word, 0` folds to `@word` itself: naming the result must not rename the global,
    // which a later use of `@word` (here in a second function) looks up by name.
    let first = one_block("folds", |b, x| {
        let g = b.global_addr("word");
        let zero = b.iconst(I64, 0);
        let p = b.ptradd(g, zero);
        b.load(Type::I8, p, MemFlags::aligned(1));
        b.ret(Some(x));
    });
    let second = one_block("uses", |b, x| {
        let g = b.global_addr("word");
        b.load(Type::I8, g, MemFlags::aligned(1));
        b.ret(Some(x));
    });
    let text = raise_all(&[first, second]);
    assert!(text.contains("@word = private constant"), "{text}");
}
