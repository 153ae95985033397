//! Unit tests of mod/ref: the "between a read and a point" query and call summaries.

use super::*;
use catalase_ir::parser::parse_module;

const STEPS: &str = "\
func @f(ptr) -> f64 {
    v1 = const f64 0x4000000000000000
block0(v0: ptr):
    v2: f64 = load v0 align 8
    v3: f64 = fmul v2, v1
    store v3, v0 align 8
    v4: f64 = fadd v3, v2
    ret v4
}
";

#[test]
fn overwritten_before_a_point_only_when_the_write_comes_first() {
    let m = parse_module(STEPS).unwrap();
    let f = m.function(m.find_function("f").unwrap());
    let mr = analyse(f, &m).unwrap();
    let insts = f.insts_in_order();
    let (load, mul, store, add) = (insts[0], insts[1], insts[2], insts[3]);
    assert!(mr.may_be_overwritten(f, load, None));
    assert_eq!(mr.overwriters(f, load, None), vec![store]);
    // Between the load and the multiply nothing writes; between the load and the add the store does.
    assert!(!mr.may_be_overwritten(f, load, Some(mul)));
    assert!(mr.may_be_overwritten(f, load, Some(add)));
    assert!(mr.clobbers(store, load));
    assert!(!mr.clobbers(mul, load));
}

#[test]
fn summaries_follow_writes_through_arguments_only() {
    let text = "\
func @set(ptr, ptr) {
block0(v0: ptr, v1: ptr):
    v2: f64 = load v1 align 8
    store v2, v0 align 8
    ret
}
func @f(ptr, ptr) {
block0(v0: ptr, v1: ptr):
    call @set(v0, v1) : fn(ptr, ptr) -> void
    ret
}
";
    let m = parse_module(text).unwrap();
    let f = m.function(m.find_function("f").unwrap());
    let sums = summaries(&m, f).unwrap();
    let set = &sums[&m.find_function("set").unwrap()];
    assert_eq!(set.writes_arg, vec![true, false]);
    assert_eq!(set.reads_arg, vec![false, true]);
    assert!(!set.writes_other && !set.reads_other);
}

/// A local array handed to `@keep`, then a call to an unknown function between a load of it and
/// the point asked about.
fn local_passed_with(keep_attrs: &str) -> bool {
    let text = format!(
        "\
declare @keep(ptr){keep_attrs}
declare @other()
func @f() -> f64 {{
    v1 = const i64 1
block0():
    v2: ptr = alloca f64, v1, align 8
    call @keep(v2) : fn(ptr) -> void
    v3: f64 = load v2 align 8
    call @other() : fn() -> void
    ret v3
}}
"
    );
    let m = parse_module(&text).unwrap();
    let f = m.function(m.find_function("f").unwrap());
    let mr = analyse(f, &m).unwrap();
    let insts = f.insts_in_order();
    mr.may_be_overwritten(f, insts[2], None)
}

#[test]
fn llvm_22_captures_without_provenance_keeps_a_pointer_from_escaping() {
    // `captures(none)` is 0, `captures(address)` 0x33; `nocapture` the older spelling.
    assert!(!local_passed_with(" attrs{p0(captures=0)}"));
    assert!(!local_passed_with(" attrs{p0(captures=51)}"));
    assert!(!local_passed_with(" attrs{p0(nocapture)}"));
    // Provenance through the return value (`captures(ret: address, provenance)`, 0x0f), read
    // provenance (0x44), no attribute: the address may reach `@other`.
    assert!(local_passed_with(" attrs{p0(captures=15)}"));
    assert!(local_passed_with(" attrs{p0(captures=68)}"));
    assert!(local_passed_with(""));
}

/// `lgamma` sets glibc's `signgam`: a load of it before the call may be overwritten by the
/// call, one of another global may not; a function that calls it writes other memory.
#[test]
fn lgamma_writes_signgam() {
    let text = "\
global @signgam: i32
global @other: i32
declare @lgamma(f64) -> f64
func @f(f64) -> f64 {
    v1 = const ptr @signgam
    v2 = const ptr @other
block0(v0: f64):
    v3: i32 = load v1 align 4
    v4: i32 = load v2 align 4
    v5: f64 = call @lgamma(v0) : fn(f64) -> f64
    ret v5
}
func @g(f64) -> f64 {
block0(v0: f64):
    v1: f64 = call @f(v0) : fn(f64) -> f64
    ret v1
}
";
    let m = parse_module(text).unwrap();
    let f = m.function(m.find_function("f").unwrap());
    let mr = analyse(f, &m).unwrap();
    let insts = f.insts_in_order();
    assert!(mr.may_be_overwritten(f, insts[0], None), "signgam after lgamma");
    assert!(!mr.may_be_overwritten(f, insts[1], None), "another global");
    let g = m.function(m.find_function("g").unwrap());
    let sums = summaries(&m, g).unwrap();
    assert!(sums[&m.find_function("f").unwrap()].writes_other);
}
