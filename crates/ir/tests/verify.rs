//! The verifier: one broken function per invariant, asserting the specific error (its
//! message, block and printed instruction), a function with several problems that are all
//! reported, and well-formed corner cases that must pass.

use catalase_ir::builder::Builder;
use catalase_ir::function::{Function, Module};
use catalase_ir::inst::{InstData, Signature};
use catalase_ir::parser::parse_function;
use catalase_ir::verify::{verify_function, verify_module, VerifyError};
use catalase_ir::{Block, Inst, Type, Value};

fn parse(text: &str) -> Function {
    parse_function(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn errors(f: &Function) -> Vec<VerifyError> {
    match verify_function(f) {
        Ok(()) => panic!("verified without errors"),
        Err(errs) => errs,
    }
}

/// The one error whose message contains `needle` (shows all of them if none does).
fn find(errs: &[VerifyError], needle: &str) -> VerifyError {
    let found = errs.iter().find(|e| e.message.contains(needle));
    found.cloned().unwrap_or_else(|| panic!("no error containing `{needle}` in:\n{}", list(errs)))
}

fn list(errs: &[VerifyError]) -> String {
    errs.iter().map(|e| format!("  {e}\n")).collect()
}

/// Parse, verify, and expect an error naming `needle`, in `block`, about instruction `inst`.
fn expect_error(text: &str, needle: &str, block: u32, inst: &str) {
    let errs = errors(&parse(text));
    let e = find(&errs, needle);
    assert_eq!(e.block, Some(Block(block)), "{e}");
    assert_eq!(e.inst_text, inst, "{e}");
}

fn ok(text: &str) {
    if let Err(errs) = verify_function(&parse(text)) {
        panic!("unexpected errors:\n{}{text}", list(&errs));
    }
}

// ----- layout -----

#[test]
fn block_without_terminator() {
    let text = "func @f(i32) {\nblock0(v0: i32):\n    v1: i32 = add v0, v0\n}\n";
    expect_error(text, "block0 does not end with a terminator", 0, "v1: i32 = add v0, v0");
}

#[test]
fn terminator_in_the_middle() {
    let text = "func @f() {\nblock0():\n    ret\n    ret\n}\n";
    let errs = errors(&parse(text));
    assert_eq!(errs.len(), 1, "{}", list(&errs));
    assert_eq!(errs[0].message, "terminator before the end of block0");
    assert_eq!(errs[0].inst, Some(Inst(0)));
}

#[test]
fn empty_block() {
    let text = "func @f() {\nblock0():\n    br block1()\nblock1():\n}\n";
    let e = find(&errors(&parse(text)), "block1 is empty");
    assert_eq!((e.block, e.inst), (Some(Block(1)), None));
}

#[test]
fn missing_instruction() {
    let mut f = parse("func @f() {\nblock0():\n    ret\n}\n");
    f.layout.insert_inst_before(Inst(42), Inst(0));
    let errs = errors(&f);
    find(&errs, "inst42 is placed in block0 but does not exist");
}

#[test]
#[should_panic(expected = "already in the layout")]
fn placing_an_instruction_twice_panics() {
    // The layout cannot hold an instruction twice: it refuses on the spot.
    let mut f = parse("func @f() {\nblock0():\n    ret\n}\n");
    f.layout.append_inst(Inst(0), Block(0));
}

// ----- entry block and branches -----

#[test]
fn entry_parameter_count() {
    let text = "func @f(f64) {\nblock0():\n    ret\n}\n";
    let e = find(&errors(&parse(text)), "entry block has 0 parameters, but the signature has 1");
    assert_eq!(e.block, Some(Block(0)));
}

#[test]
fn entry_parameter_type() {
    let text = "func @f(f64) {\nblock0(v0: i32):\n    ret\n}\n";
    find(&errors(&parse(text)), "entry block parameter 0 (v0) has type i32, but the signature says f64");
}

#[test]
fn branch_to_entry() {
    let text = "func @f() {\nblock0():\n    br block1()\nblock1():\n    br block0()\n}\n";
    expect_error(text, "branches to the entry block block0", 1, "br block0()");
}

#[test]
fn branch_to_block_outside_layout() {
    let text = "func @f() {\nblock0():\n    br block7()\n}\n";
    expect_error(text, "branches to block7, which is not in the layout", 0, "br block7()");
}

#[test]
fn branch_argument_count() {
    let text = "func @f(f64) {\nblock0(v0: f64):\n    br block1(v0)\nblock1():\n    ret\n}\n";
    expect_error(text, "branch to block1 passes 1 arguments, but it has 0 parameters", 0, "br block1(v0)");
}

#[test]
fn branch_argument_type() {
    let text =
        "func @f(f64) {\nblock0(v0: f64):\n    condbr v1, block1(v0), block1(v0)\nblock1(v2: i32):\n    ret\n}\n";
    let text = text.replace("func @f(f64) {\n", "func @f(f64) {\n    v1 = const i1 1\n");
    let errs = errors(&parse(&text));
    let e = find(&errs, "branch argument 0 to block1 (v0) has type f64, but the parameter is i32");
    assert_eq!(e.inst_text, "condbr v1, block1(v0), block1(v0)");
    assert_eq!(errs.len(), 2, "both edges are reported:\n{}", list(&errs));
}

// ----- operand types -----

const HEAD: &str = "func @f(f64, f32, i32, ptr) {\n    v9 = const i1 1\nblock0(v0: f64, v1: f32, v2: i32, v3: ptr):\n";

fn in_entry(line: &str) -> String {
    format!("{HEAD}    {line}\n    ret\n}}\n")
}

#[test]
fn binary_operands_have_the_result_type() {
    let line = "v4: f64 = fadd v0, v1";
    expect_error(&in_entry(line), "fadd operand 1 has type f32, but the result is f64", 0, line);
}

#[test]
fn binary_operation_class() {
    let line = "v4: i32 = fadd v2, v2";
    expect_error(&in_entry(line), "fadd on i32, which is not float", 0, line);
    let line = "v4: f64 = add v0, v0";
    expect_error(&in_entry(line), "add on f64, which is not integer", 0, line);
}

#[test]
fn fcmp_on_floats() {
    let line = "v4: i1 = fcmp oeq v2, v2";
    expect_error(&in_entry(line), "fcmp operands must be floats, found i32", 0, line);
}

#[test]
fn icmp_operands_agree() {
    let line = "v4: i1 = icmp eq v2, v3";
    expect_error(&in_entry(line), "icmp operands differ: i32 and ptr", 0, line);
}

#[test]
fn ptradd_base_and_offset() {
    let line = "v4: f64 = ptradd v0, v2";
    expect_error(&in_entry(line), "ptradd base must be a pointer, found f64", 0, line);
    let line = "v4: ptr = ptradd v3, v0";
    expect_error(&in_entry(line), "ptradd offset must be an integer, found f64", 0, line);
    let line = "v4: f64 = ptradd v3, v2";
    expect_error(&in_entry(line), "ptradd of ptr and i32 gives ptr, but the result is f64", 0, line);
}

#[test]
fn vector_ptradd() {
    let head = "func @f(ptr, <4 x i64>, <4 x ptr>, <2 x i64>) {\nblock0(v0: ptr, v1: <4 x i64>, v2: <4 x ptr>, v3: <2 x i64>):\n";
    let with = |line: &str| format!("{head}    {line}\n    ret\n}}\n");
    ok(&with("v4: <4 x ptr> = ptradd v0, v1"));
    ok(&with("v4: <4 x ptr> = ptradd v2, v1"));
    let line = "v4: ptr = ptradd v0, v1";
    expect_error(&with(line), "ptradd of ptr and <4 x i64> gives <4 x ptr>, but the result is ptr", 0, line);
    let line = "v4: <4 x ptr> = ptradd v2, v3";
    expect_error(&with(line), "vectors of different lengths", 0, line);
}

#[test]
fn load_and_store_addresses() {
    let line = "v4: f64 = load v0 align 8";
    expect_error(&in_entry(line), "load address must be a pointer, found f64", 0, line);
    let line = "store v3, v0 align 8";
    expect_error(&in_entry(line), "store address must be a pointer, found f64", 0, line);
}

#[test]
fn select_condition() {
    let line = "v4: f64 = select v2, v0, v0";
    expect_error(&in_entry(line), "select condition must be i1 or a vector of i1, found i32", 0, line);
    let line = "v4: f64 = select v9, v0, v1";
    expect_error(&in_entry(line), "select values have types f64 and f32, but the result is f64", 0, line);
}

#[test]
fn call_arguments_against_signature() {
    let line = "v4: f64 = call @g(v0) : fn(f64, f64) -> f64";
    expect_error(&in_entry(line), "call passes 1 arguments, but the signature has 2 parameters", 0, line);
    let line = "v4: f64 = call @g(v2) : fn(f64) -> f64";
    expect_error(&in_entry(line), "call argument 0 has type i32, but the signature says f64", 0, line);
    let line = "v4: f64 = call v0(v0) : fn(f64) -> f64";
    expect_error(&in_entry(line), "indirect callee must be a pointer, found f64", 0, line);
    ok(&in_entry("v4: i32 = call @printf(v3, v0, v2) : fn(ptr, ...) -> i32"));
}

#[test]
fn result_presence() {
    let line = "call @g(v0) : fn(f64) -> f64";
    expect_error(&in_entry(line), "call must have a result", 0, line);
    let line = "v4: f64 = call @g(v0) : fn(f64) -> void";
    expect_error(&in_entry(line), "call must not have a result", 0, line);
}

#[test]
fn casts() {
    let line = "v4: i32 = trunc v2";
    expect_error(&in_entry(line), "trunc cannot convert i32 to i32", 0, line);
    let line = "v4: f64 = sitofp v0";
    expect_error(&in_entry(line), "sitofp cannot convert f64 to f64", 0, line);
}

#[test]
fn ret_value_against_signature() {
    let text = "func @f(i32) -> f64 {\nblock0(v0: i32):\n    ret v0\n}\n";
    expect_error(text, "ret value has type i32, but the function returns f64", 0, "ret v0");
    let text = "func @f() -> f64 {\nblock0():\n    ret\n}\n";
    expect_error(text, "ret without a value in a function returning f64", 0, "ret");
    let text = "func @f(i32) {\nblock0(v0: i32):\n    ret v0\n}\n";
    expect_error(text, "ret with a value in a void function", 0, "ret v0");
}

#[test]
fn switch_case_fits_the_value() {
    let text = "func @f(i8) {\nblock0(v0: i8):\n    switch v0, block1(), [256: block1()]\nblock1():\n    ret\n}\n";
    find(&errors(&parse(text)), "switch case value 256 does not fit in i8");
}

// ----- definitions and dominance -----

#[test]
fn use_not_dominated_across_blocks() {
    let text = "func @f(i1) -> f64 {\n    v9 = const f64 0x0\nblock0(v0: i1):\n    condbr v0, block1(), block2()\nblock1():\n    v1: f64 = fadd v9, v9\n    br block2()\nblock2():\n    ret v1\n}\n";
    expect_error(text, "uses v1, whose definition does not dominate this use", 2, "ret v1");
}

#[test]
fn use_before_definition_in_a_block() {
    let text = "func @f(f64) -> f64 {\nblock0(v0: f64):\n    v1: f64 = fadd v2, v0\n    v2: f64 = fadd v0, v0\n    ret v1\n}\n";
    expect_error(text, "uses v2, whose definition does not dominate this use", 0, "v1: f64 = fadd v2, v0");
}

#[test]
fn block_parameter_used_outside_its_dominance() {
    let text = "func @f(i1) -> f64 {\n    v9 = const f64 0x0\nblock0(v0: i1):\n    condbr v0, block1(v9), block2()\nblock1(v1: f64):\n    br block2()\nblock2():\n    ret v1\n}\n";
    expect_error(text, "uses v1, whose definition does not dominate this use", 2, "ret v1");
}

#[test]
fn use_of_unplaced_result_and_missing_value() {
    let mut f = Function::with_entry("f", Signature::new(vec![Type::F64], Type::F64));
    let x = f.params()[0];
    let loose = f.dfg.make_inst(InstData::Unary { op: catalase_ir::opcodes::UnaryOp::FNeg, arg: x }, Type::F64);
    let loose_v = f.dfg.result(loose).expect("result");
    let entry = f.entry_block().expect("entry");
    let mut b = Builder::at_end(&mut f, entry);
    let y = b.fadd(loose_v, x);
    let z = b.fadd(y, Value(999));
    b.ret(Some(z));
    let errs = errors(&f);
    let e = find(&errs, "uses v1, which is not defined");
    assert_eq!(e.inst_text, "v2: f64 = fadd v1, v0");
    find(&errs, "uses v999, which does not exist");
}

#[test]
fn result_defined_twice() {
    let mut f = parse("func @f(f64) -> f64 {\nblock0(v0: f64):\n    v1: f64 = fadd v0, v0\n    v2: f64 = fmul v1, v1\n    ret v2\n}\n");
    f.dfg.insts[Inst(1)].result = Some(Value(1));
    let errs = errors(&f);
    let e = find(&errs, "v1 is defined twice");
    assert_eq!(e.inst_text, "v1: f64 = fmul v1, v1");
    find(&errs, "defines v1, but v1 is recorded as Result(inst0)");
}

#[test]
fn parameter_reused_by_another_block() {
    let mut f = parse("func @f(f64) {\nblock0(v0: f64):\n    br block1(v0)\nblock1(v1: f64):\n    ret\n}\n");
    f.dfg.blocks[Block(1)].params = vec![Value(0)];
    let errs = errors(&f);
    let e = find(&errs, "v0 is defined twice");
    assert_eq!(e.block, Some(Block(1)));
}

// ----- well-formed corner cases -----

#[test]
fn unreachable_blocks_are_not_checked_for_dominance() {
    ok("func @f(f64) -> f64 {\nblock0(v0: f64):\n    ret v0\nblock1():\n    v1: f64 = fadd v2, v2\n    br block2(v1)\nblock2(v2: f64):\n    br block1()\n}\n");
}

#[test]
fn invoke_result_may_go_to_the_normal_destination() {
    ok("func @f() -> f64 {\nblock0():\n    v0: f64 = invoke @g() : fn() -> f64 to block1(v0) unwind block2()\nblock1(v1: f64):\n    ret v1\nblock2():\n    v2: {ptr, i32} = landingpad cleanup []\n    resume v2\n}\n");
    let text = "func @f() -> f64 {\nblock0():\n    v0: f64 = invoke @g() : fn() -> f64 to block1() unwind block2(v0)\nblock1():\n    ret v0\nblock2(v1: f64):\n    ret v1\n}\n";
    expect_error(
        text,
        "uses v0, whose definition does not dominate this use",
        0,
        "v0: f64 = invoke @g() : fn() -> f64 to block1() unwind block2(v0)",
    );
}

#[test]
fn loops_verify() {
    ok("func @f(i32) -> i32 {\n    v9 = const i32 1\nblock0(v0: i32):\n    br block1(v0)\nblock1(v1: i32):\n    v2: i32 = sub v1, v9\n    v3: i1 = icmp eq v2, v9\n    condbr v3, block2(), block1(v2)\nblock2():\n    ret v2\n}\n");
}

// ----- reporting -----

#[test]
fn every_error_is_reported() {
    let text = "func @f(f64) -> f64 {\nblock0(v0: f64):\n    v1: f64 = fadd v0, v2\n    v3: i32 = load v0 align 4\n    br block1(v0, v0)\nblock1(v4: f64):\n    v5: i1 = fcmp oeq v1, v1\n    ret v3\n}\n";
    let text = text.replace("func @f(f64) -> f64 {\n", "func @f(f64) -> f64 {\n    v2 = const f32 0x0\n");
    let errs = errors(&parse(&text));
    find(&errs, "fadd operand 1 has type f32, but the result is f64");
    find(&errs, "load address must be a pointer, found f64");
    find(&errs, "branch to block1 passes 2 arguments, but it has 1 parameters");
    find(&errs, "ret value has type i32, but the function returns f64");
    assert_eq!(errs.len(), 4, "{}", list(&errs));
}

#[test]
fn errors_print_function_block_and_instruction() {
    let errs = errors(&parse("func @f() -> f64 {\nblock0():\n    ret\n}\n"));
    assert_eq!(errs[0].to_string(), "in @f, block0, `ret`: ret without a value in a function returning f64");
}

#[test]
fn module_collects_errors_of_every_function() {
    let mut m = Module::default();
    m.add_function(parse("func @a() -> f64 {\nblock0():\n    ret\n}\n"));
    m.add_function(Function::declaration("d", Signature::new(vec![], Type::Void)));
    m.add_function(parse("func @b(i32) {\nblock0(v0: i32):\n    ret v0\n}\n"));
    let errs = verify_module(&m).expect_err("two broken functions");
    let names: Vec<&str> = errs.iter().map(|e| e.function.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}
