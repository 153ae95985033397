//! The interpreter on small `.cir` programs: control flow, memory, calls, vectors, and the
//! undefined behaviour it must report as errors.

use catalase_interp::{ErrorKind, Interpreter, Val};
use catalase_ir::parser::parse_module;
use catalase_ir::Module;

fn module(text: &str) -> Module {
    parse_module(text).unwrap_or_else(|e| panic!("{e}"))
}

const SUM: &str = "
; double sum(double *x, long n) { double s = 0; for (long i = 0; i < n; i++) s += x[i]; return s; }
func @sum(ptr, i64) -> f64 {
    v2 = const i64 0
    v3 = const f64 0x0
    v4 = const i64 1
    v5 = const i64 8
block0(v0: ptr, v1: i64):
    br block1(v2, v3)
block1(v6: i64, v7: f64):
    v8: i1 = icmp slt v6, v1
    condbr v8, block2(), block3()
block2():
    v9: i64 = mul v6, v5
    v10: ptr = ptradd v0, v9
    v11: f64 = load v10 align 8
    v12: f64 = fadd v7, v11
    v13: i64 = add v6, v4
    br block1(v13, v12)
block3():
    ret v7
}
";

#[test]
fn loop_over_an_array() {
    let m = module(SUM);
    let mut it = Interpreter::new(&m).unwrap();
    let p = it.alloc_f64s(&[1.0, 2.0, 3.5]).unwrap();
    assert_eq!(it.call("sum", &[Val::Ptr(p), Val::i64(3)]).unwrap(), Val::F64(6.5));
    let e = it.call("sum", &[Val::Ptr(p), Val::i64(4)]).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::OutOfBounds { .. }), "{e}");
    assert_eq!(e.function, "sum");
    assert!(e.inst.contains("load"), "{e}");
}

#[test]
fn recursion_and_switch() {
    let m = module(
        "
func @fact(i64) -> i64 {
    v1 = const i64 1
block0(v0: i64):
    switch v0, block2(), [0: block1(), 1: block1()]
block1():
    ret v1
block2():
    v2: i64 = sub v0, v1
    v3: i64 = call @fact(v2) : fn(i64) -> i64
    v4: i64 = mul v0, v3
    ret v4
}
",
    );
    let mut it = Interpreter::new(&m).unwrap();
    assert_eq!(it.call("fact", &[Val::i64(10)]).unwrap(), Val::i64(3628800));
    let e = it.call("fact", &[Val::i64(100_000)]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::StackOverflow);
}

#[test]
fn heap_stack_and_memcpy() {
    let m = module(
        "
declare @malloc(i64) -> ptr
declare @free(ptr) -> void
declare @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1) -> void
func @copy_sin(ptr) -> f64 {
    v1 = const i64 16
    v2 = const i1 0
    v3 = const i64 8
    v4 = const i64 1
block0(v0: ptr):
    v5: ptr = call @malloc(v1) : fn(i64) -> ptr
    call @llvm.memcpy.p0.p0.i64(v5, v0, v1, v2) : fn(ptr, ptr, i64, i1) -> void
    v6: ptr = ptradd v5, v3
    v7: f64 = load v6 align 8
    v8: f64 = call @sin(v7) : fn(f64) -> f64
    v9: ptr = alloca f64, v4, align 8
    store v8, v9 align 8
    v10: f64 = load v9 align 8
    call @free(v5) : fn(ptr) -> void
    ret v10
}
declare @sin(f64) -> f64
",
    );
    let mut it = Interpreter::new(&m).unwrap();
    let p = it.alloc_f64s(&[1.0, 0.25]).unwrap();
    assert_eq!(it.call("copy_sin", &[Val::Ptr(p)]).unwrap(), Val::F64(0.25f64.sin()));
}

#[test]
fn use_after_free_double_free_and_poison_store() {
    let m = module(
        "
declare @malloc(i64) -> ptr
declare @free(ptr) -> void
func @uaf() -> f64 {
    v0 = const i64 8
block0():
    v1: ptr = call @malloc(v0) : fn(i64) -> ptr
    call @free(v1) : fn(ptr) -> void
    v2: f64 = load v1 align 8
    ret v2
}
func @double_free() -> void {
    v0 = const i64 8
block0():
    v1: ptr = call @malloc(v0) : fn(i64) -> ptr
    call @free(v1) : fn(ptr) -> void
    call @free(v1) : fn(ptr) -> void
    ret
}
func @poison_store(ptr) -> void {
    v1 = const f64 poison
block0(v0: ptr):
    store v1, v0 align 8
    ret
}
func @uninit() -> f64 {
    v0 = const i64 1
block0():
    v1: ptr = alloca f64, v0, align 8
    v2: f64 = load v1 align 8
    ret v2
}
func @escaped_slot() -> ptr {
    v0 = const i64 1
block0():
    v1: ptr = alloca f64, v0, align 8
    ret v1
}
",
    );
    let mut it = Interpreter::new(&m).unwrap();
    assert!(matches!(it.call("uaf", &[]).unwrap_err().kind, ErrorKind::UseAfterFree { .. }));
    assert!(matches!(it.call("double_free", &[]).unwrap_err().kind, ErrorKind::InvalidFree { .. }));
    let p = it.alloc_f64s(&[0.0]).unwrap();
    assert_eq!(it.call("poison_store", &[Val::Ptr(p)]).unwrap_err().kind, ErrorKind::Poison("stored to memory"));
    assert_eq!(it.call("uninit", &[]).unwrap(), Val::Poison);
    let Val::Ptr(slot) = it.call("escaped_slot", &[]).unwrap() else { panic!("not a pointer") };
    assert!(matches!(it.read(&catalase_ir::Type::F64, slot).unwrap_err().kind, ErrorKind::UseAfterFree { .. }));
}

#[test]
fn unknown_external_and_bad_arguments() {
    let m = module(
        "
declare @mystery(f64) -> f64
func @f(f64) -> f64 {
block0(v0: f64):
    v1: f64 = call @mystery(v0) : fn(f64) -> f64
    ret v1
}
",
    );
    let mut it = Interpreter::new(&m).unwrap();
    let e = it.call("f", &[Val::F64(1.0)]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownExternal("mystery".into()));
    assert!(matches!(it.call("f", &[Val::i64(1)]).unwrap_err().kind, ErrorKind::BadArguments(_)));
    assert!(matches!(it.call("g", &[]).unwrap_err().kind, ErrorKind::UnknownFunction(_)));
}

#[test]
fn vectors_aggregates_f32_and_indirect_calls() {
    let m = module(
        "
func @half(f32) -> f32 {
    v1 = const f32 0x3F000000
block0(v0: f32):
    v2: f32 = fmul v0, v1
    ret v2
}
func @g(<2 x f32>, ptr) -> {f32, f32} {
    v2 = const i32 0
    v3 = const i32 1
    v4 = const {f32, f32} undef
block0(v0: <2 x f32>, v1: ptr):
    v5: <2 x f32> = fmul v0, v0
    v6: f32 = extractelement v5, v2
    v7: f32 = extractelement v5, v3
    v8: f32 = call v1(v7) : fn(f32) -> f32
    v9: {f32, f32} = insertvalue v4, v6, [0]
    v10: {f32, f32} = insertvalue v9, v8, [1]
    ret v10
}
func @h(<2 x f32>) -> {f32, f32} {
    v1 = const ptr @half
block0(v0: <2 x f32>):
    v2: {f32, f32} = call @g(v0, v1) : fn(<2 x f32>, ptr) -> {f32, f32}
    ret v2
}
",
    );
    let mut it = Interpreter::new(&m).unwrap();
    let r = it.call("h", &[Val::Vec(vec![Val::F32(3.0), Val::F32(0.1)])]).unwrap();
    assert_eq!(r, Val::Agg(vec![Val::F32(9.0), Val::F32(0.1f32 * 0.1f32 * 0.5f32)]));
}

#[test]
fn endless_loop_runs_out_of_fuel() {
    let m = module("func @spin() -> void {\nblock0():\n    br block1()\nblock1():\n    br block1()\n}\n");
    let mut it = Interpreter::new(&m).unwrap();
    it.fuel = 1000;
    assert_eq!(it.call("spin", &[]).unwrap_err().kind, ErrorKind::OutOfFuel);
}

#[test]
fn globals_are_zeroed_memory() {
    let m = module(
        "
global @g : [2 x f64]
func @bump(f64) -> f64 {
    v1 = const ptr @g
    v2 = const i64 8
block0(v0: f64):
    v3: ptr = ptradd v1, v2
    v4: f64 = load v3 align 8
    v5: f64 = fadd v4, v0
    store v5, v3 align 8
    ret v5
}
",
    );
    let mut it = Interpreter::new(&m).unwrap();
    assert_eq!(it.call("bump", &[Val::F64(1.5)]).unwrap(), Val::F64(1.5));
    assert_eq!(it.call("bump", &[Val::F64(1.5)]).unwrap(), Val::F64(3.0));
    let g = it.symbol_address("g").unwrap();
    assert_eq!(it.read_f64s(g, 2).unwrap(), vec![0.0, 3.0]);
}
