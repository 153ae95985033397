//! The Catalase IR forward mode emits for single rule-table calls: what the tangent costs
//! (rows that reuse the primal result emit no second libm call and no division), read from the
//! printed derivative.

use catalase_ad::env::Environment;
use catalase_ad::request::{ArgActivity, Request};
use catalase_ad::Generator;
use catalase_ir::parser::parse_module;
use catalase_ir::printer::print_function;

/// The printed forward derivative of `@f` in `text`, every argument `Dup`.
fn derivative(text: &str) -> String {
    derivative_at_width(text, 1)
}

/// The same with `width` tangent lanes.
fn derivative_at_width(text: &str, width: u32) -> String {
    derivative_in(text, width, &Environment::default())
}

/// The same in an environment (user rules).
fn derivative_in(text: &str, width: u32, env: &Environment) -> String {
    let module = parse_module(text).expect("fixture parses");
    let f = module.find_function("f").expect("fixture defines @f");
    let n = module.function(f).sig.params.len();
    let mut gen = Generator::new(&module, env);
    gen.request(Request::forward("f", vec![ArgActivity::Dup; n], width)).expect("request");
    gen.run().expect("generation succeeds");
    let (funcs, _, _) = gen.into_functions();
    funcs.iter().map(print_function).collect()
}

/// `@f(x) = callee(x)` with `callee` declared, at type `ty`.
fn unary_call(callee: &str, ty: &str) -> String {
    format!(
        "declare @{callee}({ty}) -> {ty}\n\
         func @f({ty}) -> {ty} {{\n\
         block0(v0: {ty}):\n    \
         v1: {ty} = call @{callee}(v0) : fn({ty}) -> {ty}\n    \
         ret v1\n}}\n"
    )
}

/// Lines of the derivative that are instructions with opcode `op` (`fdiv`, `call`).
fn count(ir: &str, op: &str) -> usize {
    ir.lines().filter(|l| l.contains(&format!(" = {op} "))).count()
}

#[test]
fn tanh_tangent_reuses_the_result() {
    for (callee, ty) in [
        ("tanh", "f64"),
        ("tanhf", "f32"),
        ("llvm.tanh.f64", "f64"),
        ("llvm.tanh.v4f32", "<4 x f32>"),
    ] {
        let ir = derivative(&unary_call(callee, ty));
        assert!(!ir.contains("cosh"), "{callee}: tangent calls cosh:\n{ir}");
        assert_eq!(count(&ir, "fdiv"), 0, "{callee}: tangent divides:\n{ir}");
        assert_eq!(count(&ir, "call"), 1, "{callee}: only the primal call:\n{ir}");
        // 1 - y*y, times the tangent.
        assert_eq!(count(&ir, "fmul"), 2, "{callee}:\n{ir}");
        assert_eq!(count(&ir, "fsub"), 1, "{callee}:\n{ir}");
    }
}

#[test]
fn result_reusing_rows_call_nothing_more() {
    // exp: y·ẋ; tan: (1 + y²)·ẋ; exp2: ln2·y·ẋ; sqrt: select(y = 0, 0, 0.5/y)·ẋ.
    for callee in ["exp", "tan", "exp2", "exp10", "sqrt", "cbrt"] {
        let ir = derivative(&unary_call(callee, "f64"));
        assert_eq!(count(&ir, "call"), 1, "{callee}: only the primal call:\n{ir}");
    }
    let sqrt = derivative(&unary_call("sqrt", "f64"));
    assert_eq!(count(&sqrt, "fdiv"), 1, "sqrt:\n{sqrt}");
}

#[test]
fn tangent_arithmetic_takes_the_primal_fast_math_flags() {
    // A reassociable multiply-accumulate step and a contractable libm call.
    let ir = derivative(
        "declare @sin(f64) -> f64\n\
         func @f(f64, f64, f64) -> f64 {\n\
         block0(v0: f64, v1: f64, v2: f64):\n    \
         v3: f64 = fmul reassoc contract v0, v1\n    \
         v4: f64 = fadd reassoc contract v2, v3\n    \
         v5: f64 = call nnan @sin(v4) : fn(f64) -> f64\n    \
         v6: f64 = fsub v5, v0\n    \
         ret v6\n}\n",
    );
    let lines = |op: &str| -> Vec<&str> { ir.lines().filter(|l| l.contains(&format!(" = {op} "))).collect() };
    let flagged = |op: &str, flags: &[&str]| lines(op).iter().filter(|l| flags.iter().all(|f| l.contains(&format!(" {f} ")))).count();
    // fmul's tangent a·ḃ + ȧ·b (two fmul, one fadd) and fadd's ȧ + ḃ carry reassoc contract,
    // like the primal fmul and fadd: 3 fmul, 3 fadd.
    assert_eq!(flagged("fmul", &["reassoc", "contract"]), 3, "{ir}");
    assert_eq!(flagged("fadd", &["reassoc", "contract"]), 3, "{ir}");
    assert_eq!(lines("fadd").len(), 3, "{ir}");
    // sin's tangent cos(x)·ẋ: the cos call and the product carry nnan, and only nnan.
    let cos: Vec<&str> = lines("call").into_iter().filter(|l| l.contains("llvm.cos")).collect();
    assert_eq!(cos.len(), 1, "{ir}");
    assert!(cos[0].contains("call nnan @llvm.cos"), "{}", cos[0]);
    assert_eq!(flagged("fmul", &["nnan"]), 1, "{ir}");
    assert_eq!(lines("fmul").len(), 4, "{ir}");
    // fsub has no flags, and neither has its tangent.
    for l in lines("fsub") {
        assert!(!l.contains("reassoc") && !l.contains("nnan"), "{l}\n{ir}");
    }
}

/// Lines with ` = {op} ` that carry every flag of `flags`, and all lines with ` = {op} `.
fn flagged(ir: &str, op: &str, flags: &[&str]) -> (usize, usize) {
    let lines: Vec<&str> = ir.lines().filter(|l| l.contains(&format!(" = {op} "))).collect();
    let with = lines.iter().filter(|l| flags.iter().all(|f| l.contains(&format!(" {f} ")))).count();
    (with, lines.len())
}

#[test]
fn reduce_fmul_and_user_rule_tangents_take_the_primal_flags() {
    // reduce.fmul(acc, v): ṫacc·Πv + acc·Σ ṫᵢ·Π_{j≠i} vⱼ, every product and sum reassoc nnan.
    let ir = derivative_at_width(
        "declare @llvm.vector.reduce.fmul.v4f64(f64, <4 x f64>) -> f64\n\
         func @f(f64, <4 x f64>) -> f64 {\n\
         block0(v0: f64, v1: <4 x f64>):\n    \
         v2: f64 = call reassoc nnan @llvm.vector.reduce.fmul.v4f64(v0, v1) : fn(f64, <4 x f64>) -> f64\n    \
         ret v2\n}\n",
        2,
    );
    let (with, all) = flagged(&ir, "fmul", &["reassoc", "nnan"]);
    assert!(all >= 8 && with == all, "{with} of {all} tangent fmuls flagged:\n{ir}");
    let (with, all) = flagged(&ir, "fadd", &["reassoc", "nnan"]);
    assert!(all >= 8 && with == all, "{with} of {all} tangent fadds flagged:\n{ir}");
    // A user rule is called per lane with the primal call's flags.
    let mut env = Environment::default();
    env.forward_rules.insert("g".into(), "dg".into());
    let ir = derivative_in(
        "declare @g(f64) -> f64\n\
         declare @dg(f64, f64) -> {f64, f64}\n\
         func @f(f64) -> f64 {\n\
         block0(v0: f64):\n    \
         v1: f64 = call fast @g(v0) : fn(f64) -> f64\n    \
         ret v1\n}\n",
        2,
        &env,
    );
    let calls: Vec<&str> = ir.lines().filter(|l| l.contains("@dg(")).collect();
    assert_eq!(calls.len(), 2, "{ir}");
    for l in calls {
        assert!(l.contains("= call fast @dg("), "{l}\n{ir}");
    }
}

#[test]
fn partials_are_evaluated_once_for_all_lanes() {
    // sin at width 4: one cos for the four lanes, four products.
    let ir = derivative_at_width(&unary_call("sin", "f64"), 4);
    let cos = ir.lines().filter(|l| l.contains("@llvm.cos")).count();
    assert_eq!(cos, 1, "{ir}");
    assert_eq!(count(&ir, "fmul"), 4, "{ir}");
    // A complex row: cexp at width 2 splits the result once and evaluates −Im R once for both
    // lanes; each lane then costs four products and two sums.
    let ir = derivative_at_width(
        "declare @cexp(f64, f64) -> {f64, f64}\n\
         func @f(f64, f64) -> {f64, f64} {\n\
         block0(v0: f64, v1: f64):\n    \
         v2: {f64, f64} = call @cexp(v0, v1) : fn(f64, f64) -> {f64, f64}\n    \
         ret v2\n}\n",
        2,
    );
    assert_eq!(ir.matches("extractvalue v8,").count(), 2, "{ir}");
    assert_eq!(count(&ir, "fneg"), 1, "{ir}");
    assert_eq!(count(&ir, "fmul"), 8, "{ir}");
    assert_eq!(count(&ir, "fadd"), 4, "{ir}");
}

/// The distinct divisions of the derivative: identical ones (the same reciprocal emitted for
/// each partial that uses it) count once, as common-subexpression elimination leaves them.
fn distinct_divisions(ir: &str) -> usize {
    let ones: Vec<&str> = ir
        .lines()
        .filter_map(|l| l.trim().strip_suffix(" = const f64 0x3FF0000000000000"))
        .collect();
    let mut rhs: Vec<String> = ir
        .lines()
        .filter_map(|l| l.split_once(" = fdiv ").map(|(_, r)| r))
        .map(|r| match r.split_once(", ") {
            Some((n, d)) if ones.contains(&n) => format!("1.0, {d}"),
            _ => r.to_string(),
        })
        .collect();
    rhs.sort_unstable();
    rhs.dedup();
    rhs.len()
}

#[test]
fn quotients_by_one_denominator_share_a_reciprocal() {
    // a/b with both operands varied: ∂a = 1/b and ∂b = −y·(1/b) divide once (plus the primal).
    let both = derivative(
        "func @f(f64, f64) -> f64 {\n\
         block0(v0: f64, v1: f64):\n    \
         v2: f64 = fdiv v0, v1\n    \
         ret v2\n}\n",
    );
    assert_eq!(distinct_divisions(&both), 2, "{both}");
    // 1/b (only b varied): ∂b = −y/b keeps its one division, no reciprocal and no extra product.
    let only_b = derivative(
        "func @f(f64) -> f64 {\n\
         block0(v0: f64):\n    \
         v1 = const f64 0x3FF0000000000000\n    \
         v2: f64 = fdiv v1, v0\n    \
         ret v2\n}\n",
    );
    assert_eq!(distinct_divisions(&only_b), 2, "{only_b}");
    assert_eq!(count(&only_b, "fmul"), 1, "{only_b}");
    // hypot(x, y): x/h and y/h share 1/h.
    let hypot = derivative(
        "declare @hypot(f64, f64) -> f64\n\
         func @f(f64, f64) -> f64 {\n\
         block0(v0: f64, v1: f64):\n    \
         v2: f64 = call @hypot(v0, v1) : fn(f64, f64) -> f64\n    \
         ret v2\n}\n",
    );
    assert_eq!(distinct_divisions(&hypot), 1, "{hypot}");
}

#[test]
fn libm_calls_touch_no_memory_unless_the_code_reads_errno() {
    // A derivative never reads errno: its libm calls say `memory(none)` (printed
    // `memory=0`), so that LLVM can vectorize loops around them, at every width; those with
    // an intrinsic of the same shape call it instead, which LLVM may also hoist out of a branch.
    for width in [1, 8] {
        let ir = derivative_at_width(&unary_call("erf", "f64"), width);
        let call = ir.lines().find(|l| l.contains("call @erf")).expect("primal call");
        assert!(call.contains("memory=0"), "width {width}: {call}");
        let ir = derivative_at_width(&unary_call("tanh", "f64"), width);
        assert!(ir.contains("call @llvm.tanh.f64(v0)") && !ir.contains("call @tanh"), "width {width}: {ir}");
        let ir = derivative_at_width(&unary_call("sinf", "f32"), width);
        assert!(ir.contains("call @llvm.sin.f32(v0)") && !ir.contains("call @sinf"), "width {width}: {ir}");
    }
    // Code that reads errno keeps the write.
    let reads_errno = format!(
        "declare @__errno_location() -> ptr\n{}",
        unary_call("tanh", "f64").replace(
            "    ret v1",
            "    v2: ptr = call @__errno_location() : fn() -> ptr\n    v3: i32 = load v2 align 4\n    ret v1"
        )
    );
    let ir = derivative(&reads_errno);
    let call = ir.lines().find(|l| l.contains("call @tanh")).expect("primal call");
    assert!(!call.contains("memory="), "{call}");
}
