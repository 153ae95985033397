//! Unit tests of type analysis: what the generator gets back (diagnostics, guesses) and what
//! the call site's argument types add.

use super::*;
use catalase_ir::diag::Severity;
use catalase_ir::parser::parse_module;

const MOVE: &str = "\
func @f(ptr, ptr) {
block0(v0: ptr, v1: ptr):
    v2: i64 = load v0 align 8 !dbg \"f.c\":7:12
    store v2, v1 align 8
    ret
}
";

fn analyse_text(text: &str, args: &ArgTypes) -> (Module, TypeResults) {
    let m = parse_module(text).expect("parses");
    let root = m.find_function("f").expect("f");
    let res = analyse(&m, root, args).expect("analyses");
    (m, res)
}

#[test]
fn unknown_integer_is_a_diagnostic_naming_value_line_and_option() {
    let (m, res) = analyse_text(MOVE, &ArgTypes::default());
    let f = m.function(m.find_function("f").unwrap());
    let v2 = f.dfg.result(f.insts_in_order()[0]).unwrap();
    assert_eq!(res.value_type(v2), Concrete::Unknown);
    let err = res.root().deduce_value(f, v2, false).unwrap_err();
    assert_eq!(err.kind, DiagKind::CannotDeduceType);
    let text = err.to_string();
    for needle in ["v2 (i64)", "f.c:7:12", "tried:", "--loose-types", "in function `f`", "load v0"] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let guessed = res.root().deduce_value(f, v2, true).unwrap();
    assert_eq!(guessed.ty, Concrete::Float(FloatKind::F64));
    let warning = guessed.warning.expect("a guess warns");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.to_string().contains("guessing f64"), "{warning}");
}

#[test]
fn call_site_argument_types_type_the_body() {
    let args = ArgTypes { params: vec![array_of(&Type::F64), Layer::default()], ret: Layer::default() };
    let (m, res) = analyse_text(MOVE, &args);
    let f = m.function(m.find_function("f").unwrap());
    let v2 = f.dfg.result(f.insts_in_order()[0]).unwrap();
    assert_eq!(res.value_type(v2), Concrete::Float(FloatKind::F64));
    assert_eq!(res.root().deduce_value(f, v2, false).unwrap().warning, None);
    // The store passes the double on to the second argument's memory.
    assert_eq!(res.pointee_type(f.params()[1], 0, 8), Concrete::Float(FloatKind::F64));
    assert_eq!(res.pointee_type(f.params()[0], 800, 8), Concrete::Float(FloatKind::F64));
    let d = res.root().deduce_pointee(f, f.insts_in_order()[1], f.params()[1], 0, 8, false).unwrap();
    assert_eq!(d.ty, Concrete::Float(FloatKind::F64));
}

#[test]
fn wrong_number_of_argument_types_is_a_bad_request() {
    let m = parse_module(MOVE).unwrap();
    let root = m.find_function("f").unwrap();
    let args = ArgTypes { params: vec![Layer::default()], ret: Layer::default() };
    assert!(matches!(analyse(&m, root, &args), Err(AnalysisError::BadRequest { .. })));
}

#[test]
fn conflicts_name_the_kinds_that_met() {
    let text = "\
func @f(ptr) -> i64 {
    v1 = const i64 1
block0(v0: ptr):
    v2: f64 = load v0 align 8
    v3: i64 = load v0 align 8
    v4: i64 = add v3, v1
    ret v4
}
";
    let (m, res) = analyse_text(text, &ArgTypes::default());
    let f = m.function(m.find_function("f").unwrap());
    let v3 = f.dfg.result(f.insts_in_order()[1]).unwrap();
    assert_eq!(res.value_type(v3), Concrete::Anything);
    let err = res.root().deduce_value(f, v3, false).unwrap_err();
    assert!(err.to_string().contains("is used as int and as f64"), "{err}");
    // Loose mode guesses the one float among the kinds that met.
    assert_eq!(res.root().deduce_value(f, v3, true).unwrap().ty, Concrete::Float(FloatKind::F64));
}

#[test]
fn a_shared_null_start_does_not_join_unrelated_pointees() {
    // Two pointers start out as the one `null` value: v3 ends up at doubles (from v1), v4 at
    // pointers (from v2). What one of them points to must not reach the other through the null.
    let text = "\
func @f(i1, ptr, ptr) {
    v9 = const ptr null
block0(v0: i1, v1: ptr, v2: ptr):
    br block1(v9, v9)
block1(v3: ptr, v4: ptr):
    v5: f64 = load v1 align 8
    store v5, v3 align 8
    v6: ptr = load v2 align 8
    store v6, v4 align 8
    condbr v0, block1(v1, v2), block2()
block2():
    ret
}
";
    let (m, res) = analyse_text(text, &ArgTypes::default());
    let f = m.function(m.find_function("f").unwrap());
    let loop_head = f.successors(f.entry_block().unwrap())[0];
    let (v3, v4) = (f.dfg.block_params(loop_head)[0], f.dfg.block_params(loop_head)[1]);
    assert_eq!(res.pointee_type(v3, 0, 8), Concrete::Float(FloatKind::F64));
    assert_eq!(res.pointee_type(v4, 0, 8), Concrete::Pointer);
}

#[test]
fn a_vtable_stored_where_a_sibling_keeps_a_pointer_to_doubles_adds_no_conflict() {
    // Two objects reach one loop through a `select` (an element of a `std::vector<Layer *>`):
    // offset 8 holds a pointer to the doubles v1 in one, a member's vtable pointer in the
    // other. The vtable's array of function pointers must not meet the doubles.
    let text = "\
global @_ZTV5Dense: [4 x ptr] constant
func @f(i1, ptr, ptr, ptr) -> f64 {
    v9 = const ptr @_ZTV5Dense
    v10 = const i64 8
    v11 = const i64 16
block0(v0: i1, v1: ptr, v2: ptr, v3: ptr):
    v4: ptr = ptradd v2, v10
    store v1, v4 align 8
    v5: ptr = ptradd v3, v10
    v6: ptr = ptradd v9, v11
    store v6, v5 align 8
    v7: ptr = select v0, v2, v3
    v8: ptr = ptradd v7, v10
    v12: ptr = load v8 align 8
    v13: f64 = load v1 align 8
    ret v13
}
";
    let (m, res) = analyse_text(text, &ArgTypes::default());
    let f = m.function(m.find_function("f").unwrap());
    assert_eq!(res.pointee_type(f.params()[1], 0, 8), Concrete::Float(FloatKind::F64));
    assert_eq!(res.pointee_type(f.params()[1], 16, 8), Concrete::Unknown);
}
