//! Rewriting tests (`rewrite::replace_marker_call`, `cleanup_marker_globals`) and registration
//! tests (`registry`), on the helpers of the parent test file.

use super::*;
use catalase_llvm::registry::{erase_registrations, read_registrations};
use catalase_llvm::rewrite::{cleanup_marker_globals, replace_marker_call};

// ---------------------------------------------------------------- rewriting

/// Rewrite the marker call in `caller` with the derivative named `fake`.
fn rewrite(ir: &Ir, caller: &str, fake: &str) -> Result<(), Diagnostic> {
    let calls = find_marker_calls(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    replace_marker_call(call_in(&calls, caller), ir.function(fake), &[])
}

/// rewrite.ll with every caller but `bad_cast` rewritten and cleaned up.
fn rewritten() -> Ir {
    let ir = Ir::load("rewrite.ll");
    let plan = [
        ("same_type", "fake_h"),
        ("array_to_struct", "fake_h2"),
        ("named_struct", "fake_hp"),
        ("sret_struct", "fake_h2p"),
        ("flat_struct", "fake_h2p"),
        ("float_vector", "fake_g2"),
        ("float_widened", "fake_g"),
        ("element_zero", "fake_hp"),
        ("dupv", "fake_f2"),
        ("unused_result", "fake_h"),
    ];
    for (caller, fake) in plan {
        rewrite(&ir, caller, fake).unwrap_or_else(|d| panic!("{caller}: {d}"));
    }
    cleanup_marker_globals(ir.module);
    ir.verify()
        .unwrap_or_else(|e| panic!("{e}\n{}", ir.print()));
    ir
}

fn assert_body(ir: &Ir, func: &str, expected: &[&str]) {
    let body = ir.body(func);
    assert!(
        !body.contains("__enzyme"),
        "marker call left in {func}:\n{body}"
    );
    for e in expected {
        assert!(body.contains(e), "expected `{e}` in:\n{body}");
    }
}

#[test]
fn rewrite_same_type() {
    let ir = rewritten();
    assert_body(
        &ir,
        "same_type",
        &["call double @fake_h(double %x, double 1.000000e+00, double %y, double 0.000000e+00)"],
    );
}

#[test]
fn rewrite_width_packs_shadows_and_array_becomes_struct() {
    let ir = rewritten();
    assert_body(
        &ir,
        "array_to_struct",
        &[
            "call [2 x double] @fake_h2(double %x, [2 x double] [double 1.000000e+00, double 0.000000e+00], double %y",
            "store [2 x double]",
            "load { double, double }",
        ],
    );
}

#[test]
fn rewrite_layout_identical_struct_elementwise() {
    let ir = rewritten();
    assert_body(
        &ir,
        "named_struct",
        &[
            "call { double, double } @fake_hp(",
            "insertvalue %struct.PD",
        ],
    );
}

#[test]
fn rewrite_sret_store() {
    let ir = rewritten();
    assert_body(
        &ir,
        "sret_struct",
        &[
            "call { double, [2 x double] } @fake_h2p(",
            "store { double, [2 x double] } %",
            ", ptr %out",
        ],
    );
}

#[test]
fn rewrite_primal_and_width_to_flat_struct() {
    let ir = rewritten();
    assert_body(
        &ir,
        "flat_struct",
        &["store { double, [2 x double] }", "load %struct.G3"],
    );
}

#[test]
fn rewrite_float_vector_and_narrowing() {
    let ir = rewritten();
    assert_body(
        &ir,
        "float_vector",
        &[
            "@fake_g2(float %x, [2 x float] [float 1.000000e+00, float 2.000000e+00])",
            "load <2 x float>",
        ],
    );
}

#[test]
fn rewrite_float_result_widened_to_double() {
    let ir = rewritten();
    assert_body(
        &ir,
        "float_widened",
        &[
            "call float @fake_g(float %x, float 1.000000e+00)",
            "fpext float",
        ],
    );
}

#[test]
fn rewrite_element_zero() {
    let ir = rewritten();
    assert_body(
        &ir,
        "element_zero",
        &["extractvalue { double, double } %", ", 0"],
    );
}

#[test]
fn rewrite_dupv_lanes() {
    let ir = rewritten();
    assert_body(
        &ir,
        "dupv",
        &[
            "mul i64 %stride, 1",
            "getelementptr i8, ptr %dps",
            "insertvalue [2 x ptr]",
            "i32 4)",
        ],
    );
}

#[test]
fn rewrite_invoke_keeps_both_edges() {
    let ir = Ir::load("invoke.ll");
    rewrite(&ir, "caller", "fake_sq").unwrap_or_else(|d| panic!("{d}"));
    rewrite(&ir, "merge", "fake_sq").unwrap_or_else(|d| panic!("{d}"));
    cleanup_marker_globals(ir.module);
    ir.verify().unwrap_or_else(|e| panic!("{e}\n{}", ir.print()));
    assert_body(
        &ir,
        "caller",
        &["invoke double @fake_sq(double %x, double 1.000000e+00)", "to label %catalase.cont unwind label %lp", "br label %ok"],
    );
    // The phis of the normal destination now come from the new block.
    assert_body(
        &ir,
        "merge",
        &["to label %catalase.cont unwind label %lp", "[ 1.000000e+00, %catalase.cont ]", "%catalase.cont ]"],
    );
    assert!(!ir.body("merge").contains("%call ]"), "{}", ir.body("merge"));
}

#[test]
fn rewrite_bad_return_cast() {
    let ir = Ir::load("rewrite.ll");
    let d = rewrite(&ir, "bad_cast", "fake_h").unwrap_err();
    assert_eq!(d.kind, DiagKind::IllegalReturnCast, "{d}");
    assert!(
        d.message.contains(
            "Cannot cast return type of derivative double to the declared return type %struct.G3"
        ),
        "{d}"
    );
    assert!(
        ir.body("bad_cast").contains("@__enzyme_fwddiff_g3v"),
        "the marker call stays on error"
    );
}

#[test]
fn rewrite_signature_mismatch_is_internal() {
    let ir = Ir::load("rewrite.ll");
    let d = rewrite(&ir, "same_type", "fake_h2").unwrap_err();
    assert_eq!(d.kind, DiagKind::Internal, "{d}");
}

#[test]
fn cleanup_removes_marker_globals_and_declarations() {
    let ir = rewritten();
    for g in [
        "enzyme_width",
        "enzyme_const",
        "enzyme_dupv",
        "enzyme_primal_return",
    ] {
        assert!(!ir.has_global(g), "{g} should be gone");
    }
    assert!(
        ir.has_global("enzyme_dup"),
        "a defined enzyme_ global is kept"
    );
    assert!(
        !ir.body("unused_result").contains("@enzyme_dup"),
        "its dead load is removed"
    );
    assert!(!ir.has_function("__enzyme_fwddiff") && !ir.has_function("__enzyme_fwddiff_g2"));
    assert!(
        ir.has_function("__enzyme_fwddiff_g3v"),
        "still used by bad_cast"
    );
}

/// A stand-in derivative for `c` with the ABI §4.1 forward/reverse signature, built in `ir`.
fn fake_for(ir: &Ir, c: &MarkerCall, name: &str) -> LLVMValueRef {
    unsafe {
        let mut params = Vec::new();
        for a in &c.args {
            params.push(a.param_type);
            if a.activity == Activity::Dup || a.activity == Activity::DupNoNeed {
                params.push(if c.width == 1 {
                    a.param_type
                } else {
                    LLVMArrayType2(a.param_type, c.width as u64)
                });
            }
        }
        let ret = LLVMGetReturnType(LLVMGlobalGetValueType(c.function));
        let ret = match (c.mode, LLVMGetTypeKind(ret)) {
            (_, llvm_sys::LLVMTypeKind::LLVMVoidTypeKind) => ret,
            (Mode::Reverse, _) => {
                let mut outs: Vec<LLVMTypeRef> = c
                    .args
                    .iter()
                    .filter(|a| a.activity == Activity::Out)
                    .map(|a| a.param_type)
                    .collect();
                LLVMStructTypeInContext(ir.ctx, outs.as_mut_ptr(), outs.len() as u32, 0)
            }
            _ => {
                let tangent = if c.width == 1 {
                    ret
                } else {
                    LLVMArrayType2(ret, c.width as u64)
                };
                if c.primal_return {
                    let mut both = [ret, tangent];
                    LLVMStructTypeInContext(ir.ctx, both.as_mut_ptr(), 2, 0)
                } else {
                    tangent
                }
            }
        };
        let fty = LLVMFunctionType(ret, params.as_mut_ptr(), params.len() as u32, 0);
        let cname = CString::new(name).unwrap();
        let f = LLVMAddFunction(ir.module, cname.as_ptr(), fty);
        let bb = LLVMAppendBasicBlockInContext(ir.ctx, f, c"entry".as_ptr());
        let b = LLVMCreateBuilderInContext(ir.ctx);
        LLVMPositionBuilderAtEnd(b, bb);
        if LLVMGetTypeKind(ret) == llvm_sys::LLVMTypeKind::LLVMVoidTypeKind {
            LLVMBuildRetVoid(b);
        } else {
            LLVMBuildRet(b, LLVMGetPoison(ret));
        }
        LLVMDisposeBuilder(b);
        f
    }
}

/// Every marker call of a clang-made module rewritten to a stand-in, then cleaned up.
fn rewrite_everything(file: &str) -> Ir {
    let ir = Ir::load(file);
    let calls = parsed(&ir);
    for c in &calls {
        let fake = fake_for(&ir, c, &format!("fake_{}", caller_of(c.call)));
        replace_marker_call(c, fake, &[]).unwrap_or_else(|d| panic!("{file}: {d}"));
    }
    cleanup_marker_globals(ir.module);
    ir.verify().unwrap_or_else(|e| panic!("{file}: {e}"));
    ir
}

#[test]
fn rewrite_clang_modules_end_to_end() {
    for file in PARSE_FIXTURES {
        let ir = rewrite_everything(file);
        let text = ir.print();
        assert!(!text.contains("__enzyme"), "{file}: marker left:\n{text}");
        assert!(
            !text.contains("@enzyme_"),
            "{file}: marker global left:\n{text}"
        );
        assert!(
            ir.body("t_local_fnptr")
                .contains("call double @fake_t_local_fnptr(double"),
            "{file}"
        );
        assert!(
            ir.body("t_reverse").contains("extractvalue { double }"),
            "{file}: element 0 of the gradient struct"
        );
    }
}

#[test]
fn rewrite_keeps_debug_location() {
    let ir = rewrite_everything("parse_O0.ll");
    let body = ir.body("t_defaults");
    let line = body
        .lines()
        .find(|l| l.contains("@fake_t_defaults("))
        .expect("new call");
    assert!(line.contains("!dbg"), "{line}");
}

// ---------------------------------------------------------------- registrations

#[test]
fn registrations_from_c() {
    let ir = Ir::load("registry.ll");
    let reg = read_registrations(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(reg.derivatives.get("sq").map(String::as_str), Some("dsq"));
    assert_eq!(
        reg.derivatives.get("tw").map(String::as_str),
        Some("dtw"),
        "nested aggregate peeled"
    );
    assert_eq!(
        reg.gradients.get("cube"),
        Some(&("aug_cube".to_string(), "rev_cube".to_string()))
    );
    assert!(reg.inactive_fns.contains("log_value"));
    assert!(reg.inactive_globals.contains("table"));
    assert_eq!(
        reg.function_like.get("mylog1p").map(String::as_str),
        Some("log1p")
    );
}

#[test]
fn erase_registrations_only() {
    let ir = Ir::load("registry.ll");
    // SAFETY: the module is valid and owned by the test.
    unsafe { erase_registrations(ir.module) };
    ir.verify().unwrap();
    let text = ir.print();
    assert!(!text.contains("@__enzyme_"), "{text}");
    assert!(ir.has_global("table") && ir.has_function("dsq") && ir.has_function("use_all"));
}

#[test]
fn inactive_attribute_and_metadata() {
    let ir = Ir::load("registry_attrs.ll");
    let reg = read_registrations(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert!(
        reg.inactive_fns.contains("tracer"),
        "enzyme_inactive attribute"
    );
    assert!(reg.inactive_fns.contains("logger"), "registration global");
    assert!(
        reg.inactive_globals.contains("counter"),
        "!enzyme_inactive metadata"
    );
    assert!(!reg.inactive_globals.contains("state"));
}

#[test]
fn erase_registrations_updates_llvm_used() {
    let ir = Ir::load("registry_attrs.ll");
    // SAFETY: the module is valid and owned by the test.
    unsafe { erase_registrations(ir.module) };
    ir.verify().unwrap_or_else(|e| panic!("{e}"));
    let text = ir.print();
    assert!(!text.contains("__enzyme_inactivefn_log"), "{text}");
    assert!(
        text.contains(
            "@llvm.used = appending global [1 x ptr] [ptr @state], section \"llvm.metadata\""
        ),
        "{text}"
    );
    assert!(!text.contains("llvm.compiler.used"), "{text}");
}

#[test]
fn bad_registrations() {
    let ir = Ir::load("registry_bad.ll");
    let diags = read_registrations(ir.module).unwrap_err();
    assert_eq!(diags.len(), 6, "{}", render(&diags));
    assert!(
        diags.iter().all(|d| d.kind == DiagKind::BadRegistration),
        "{}",
        render(&diags)
    );
    let expect = [
        "Use of __enzyme_register_derivative must be a constant of size at least 2",
        "Use of __enzyme_register_gradient must be a constant of size at least 3",
        "Param 1 of __enzyme_register_derivative must be a function (the derivative)",
        "Use of __enzyme_function_like second element must be a non-empty constant string",
        "Use of __enzyme_inactive_global must be the address of a global variable",
        "Param 0 of __enzyme_inactivefn must be a function",
    ];
    for e in expect {
        assert!(
            diags.iter().any(|d| d.message.contains(e)),
            "missing `{e}` in:\n{}",
            render(&diags)
        );
    }
}

#[test]
fn allocation_like_and_hints() {
    let ir = Ir::parse(
        r#"
@.idx = private constant [5 x i8] c"2,-1\00"
@__enzyme_allocation_like = global [4 x ptr] [ptr @take, ptr inttoptr (i64 1 to ptr), ptr @.idx, ptr @drop]
@__enzyme_nofree = global [1 x ptr] [ptr @drop]
@__enzyme_sparse_accumulate_x = global [1 x ptr] [ptr @drop]
@__enzyme_no_escaping_allocation = global [1 x ptr] [ptr @drop]
declare ptr @take(ptr, i32, ptr)
declare void @drop(ptr, ptr)
"#,
    );
    let reg = read_registrations(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    let a = reg.allocators.get("take").expect("the allocator");
    assert_eq!((a.size, a.free_args.as_str(), a.freed_param, a.free_fn.as_str()), (1, "2,-1", 1, "drop"));
    // SAFETY: the module is valid and owned by the test.
    unsafe { erase_registrations(ir.module) };
    let text = ir.print();
    assert!(!text.contains("@__enzyme_"), "{text}");
}

#[test]
fn allocation_like_malformed() {
    let cases = [
        ("[3 x ptr] [ptr @take, ptr null, ptr @.idx]", "exactly 4 elements"),
        ("[4 x ptr] [ptr @take, ptr inttoptr (i64 7 to ptr), ptr @.idx, ptr @drop]", "Param 1 of __enzyme_allocation_like"),
        ("[4 x ptr] [ptr @take, ptr inttoptr (i64 1 to ptr), ptr @.bad, ptr @drop]", "exactly one -1"),
        ("[4 x ptr] [ptr @take, ptr inttoptr (i64 1 to ptr), ptr @.one, ptr @drop]", "lists 1 arguments, but the deallocator `drop` takes 2"),
        ("[4 x ptr] [ptr @take, ptr inttoptr (i64 1 to ptr), ptr @.idx, ptr @.idx]", "Param 3 of __enzyme_allocation_like must be a function"),
        ("[4 x ptr] [ptr @take, ptr inttoptr (i64 1 to ptr), ptr @.swap, ptr @drop]", "parameter 0 cannot take `take`'s argument 1"),
    ];
    for (init, want) in cases {
        let ir = Ir::parse(&format!(
            r#"
@.idx = private constant [5 x i8] c"2,-1\00"
@.bad = private constant [4 x i8] c"2,3\00"
@.one = private constant [3 x i8] c"-1\00"
@.swap = private constant [5 x i8] c"1,-1\00"
@__enzyme_allocation_like = global {init}
declare ptr @take(ptr, i32, ptr)
declare void @drop(ptr, ptr)
"#
        ));
        let diags = read_registrations(ir.module).expect_err(want);
        assert!(diags.iter().all(|d| d.kind == DiagKind::BadRegistration), "{}", render(&diags));
        assert!(render(&diags).contains(want), "{want}: {}", render(&diags));
    }
}

#[test]
fn deallocator_given_the_block_in_two_places() {
    let ir = Ir::parse(
        r#"
@.a = private constant [5 x i8] c"0,-1\00"
@.b = private constant [5 x i8] c"-1,0\00"
@__enzyme_allocation_like_a = global [4 x ptr] [ptr @take_a, ptr inttoptr (i64 1 to ptr), ptr @.a, ptr @drop]
@__enzyme_allocation_like_b = global [4 x ptr] [ptr @take_b, ptr inttoptr (i64 1 to ptr), ptr @.b, ptr @drop]
declare ptr @take_a(ptr, i64)
declare ptr @take_b(ptr, i64)
declare void @drop(ptr, ptr)
"#,
    );
    let diags = read_registrations(ir.module).expect_err("conflicting deallocator");
    assert!(render(&diags).contains("the deallocator `drop` receives the block as parameter"), "{}", render(&diags));
}
