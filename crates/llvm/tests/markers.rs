//! Tests of marker-call parsing (`markers`), registration reading (`registry`) and marker-call
//! rewriting (`rewrite`) on the fixtures in `tests/fixtures/markers/`.
//!
//! The fixtures `parse_O0.ll`, `parse_O2.ll` and `errors.ll` are made by clang from the C files
//! next to them (`gen.sh`); the others are written by hand.

use std::ffi::{CStr, CString};
use std::path::PathBuf;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_llvm::markers::{find_marker_calls, Activity, MarkerCall, Mode};
use catalase_llvm::registry::{erase_registrations, read_registrations};
use catalase_llvm::rewrite::{cleanup_marker_globals, replace_marker_call};
use llvm_sys::analysis::{LLVMVerifierFailureAction, LLVMVerifyModule};
use llvm_sys::core::*;
use llvm_sys::ir_reader::LLVMParseIRInContext2;
use llvm_sys::prelude::*;

/// A parsed fixture module and its context, disposed together.
struct Ir {
    ctx: LLVMContextRef,
    module: LLVMModuleRef,
}

impl Drop for Ir {
    fn drop(&mut self) {
        unsafe {
            LLVMDisposeModule(self.module);
            LLVMContextDispose(self.ctx);
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/markers").join(name)
}

impl Ir {
    fn load(name: &str) -> Ir {
        let text = std::fs::read_to_string(fixture(name)).expect("read fixture");
        Ir::parse(&text)
    }

    fn parse(text: &str) -> Ir {
        unsafe {
            let ctx = LLVMContextCreate();
            let buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(
                text.as_ptr().cast(),
                text.len(),
                c"fixture".as_ptr(),
            );
            let mut module = std::ptr::null_mut();
            let mut msg = std::ptr::null_mut();
            let failed = LLVMParseIRInContext2(ctx, buf, &mut module, &mut msg);
            LLVMDisposeMemoryBuffer(buf);
            if failed != 0 {
                let err = CStr::from_ptr(msg).to_string_lossy().into_owned();
                panic!("fixture does not parse: {err}");
            }
            Ir { ctx, module }
        }
    }

    fn verify(&self) -> Result<(), String> {
        unsafe {
            let mut msg = std::ptr::null_mut();
            let broken =
                LLVMVerifyModule(self.module, LLVMVerifierFailureAction::LLVMReturnStatusAction, &mut msg);
            let text = if msg.is_null() { String::new() } else { CStr::from_ptr(msg).to_string_lossy().into_owned() };
            if !msg.is_null() {
                LLVMDisposeMessage(msg);
            }
            if broken != 0 {
                Err(text)
            } else {
                Ok(())
            }
        }
    }

    fn print(&self) -> String {
        unsafe {
            let p = LLVMPrintModuleToString(self.module);
            let s = CStr::from_ptr(p).to_string_lossy().into_owned();
            LLVMDisposeMessage(p);
            s
        }
    }

    fn function(&self, name: &str) -> LLVMValueRef {
        let c = CString::new(name).unwrap();
        let f = unsafe { LLVMGetNamedFunction(self.module, c.as_ptr()) };
        assert!(!f.is_null(), "no function {name}");
        f
    }

    fn has_global(&self, name: &str) -> bool {
        let c = CString::new(name).unwrap();
        unsafe { !LLVMGetNamedGlobal(self.module, c.as_ptr()).is_null() }
    }

    fn has_function(&self, name: &str) -> bool {
        let c = CString::new(name).unwrap();
        unsafe { !LLVMGetNamedFunction(self.module, c.as_ptr()).is_null() }
    }

    /// The printed body of function `name`.
    fn body(&self, name: &str) -> String {
        unsafe {
            let p = LLVMPrintValueToString(self.function(name));
            let s = CStr::from_ptr(p).to_string_lossy().into_owned();
            LLVMDisposeMessage(p);
            s
        }
    }
}

fn value_name(v: LLVMValueRef) -> String {
    unsafe {
        let mut len = 0;
        let p = LLVMGetValueName2(v, &mut len);
        String::from_utf8_lossy(std::slice::from_raw_parts(p.cast(), len)).into_owned()
    }
}

fn caller_of(call: LLVMValueRef) -> String {
    unsafe { value_name(LLVMGetBasicBlockParent(LLVMGetInstructionParent(call))) }
}

fn type_str(v: LLVMValueRef) -> String {
    unsafe {
        let p = LLVMPrintTypeToString(LLVMTypeOf(v));
        let s = CStr::from_ptr(p).to_string_lossy().into_owned();
        LLVMDisposeMessage(p);
        s
    }
}

/// The parsed marker call inside function `caller`.
fn call_in<'a>(calls: &'a [MarkerCall], caller: &str) -> &'a MarkerCall {
    calls.iter().find(|c| caller_of(c.call) == caller).unwrap_or_else(|| panic!("no marker call in {caller}"))
}

fn parsed(ir: &Ir) -> Vec<MarkerCall> {
    match find_marker_calls(ir.module) {
        Ok(calls) => calls,
        Err(diags) => panic!("unexpected diagnostics: {}", render(&diags)),
    }
}

fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

fn activities(c: &MarkerCall) -> Vec<Activity> {
    c.args.iter().map(|a| a.activity).collect()
}

// ---------------------------------------------------------------- parsing

const PARSE_FIXTURES: [&str; 2] = ["parse_O0.ll", "parse_O2.ll"];

#[test]
fn default_activities_forward() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_defaults");
        assert_eq!(c.mode, Mode::Forward);
        assert_eq!(value_name(c.function), "f");
        assert_eq!(activities(c), [Activity::Dup, Activity::Dup, Activity::Const], "{file}");
        assert_eq!(c.args[0].shadows.len(), 1);
        assert_eq!(c.args[1].shadows.len(), 1);
        assert!(c.args[2].shadows.is_empty());
        assert_eq!(c.width, 1);
        assert!(!c.primal_return && c.sret.is_none() && c.extra.is_empty());
    }
}

#[test]
fn explicit_markers() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_markers");
        assert_eq!(activities(c), [Activity::Dup, Activity::Dup, Activity::Const], "{file}");
        let c = call_in(&calls, "t_dupnoneed");
        assert_eq!(activities(c), [Activity::Const, Activity::DupNoNeed, Activity::Const], "{file}");
        let c = call_in(&calls, "t_global_address");
        assert_eq!(activities(c), [Activity::Const, Activity::Dup, Activity::Const], "{file}");
    }
}

#[test]
fn width_and_shadows() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_width");
        assert_eq!(c.width, 2, "{file}");
        assert_eq!(c.args[0].shadows.len(), 2);
        assert_eq!(c.args[1].shadows.len(), 2);
        let c = call_in(&calls, "t_width_last");
        assert_eq!(c.width, 3, "{file}");
        assert_eq!(c.args[0].shadows.len(), 3);
    }
}

#[test]
fn dupv_takes_stride_and_one_shadow() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_dupv");
        assert_eq!(c.width, 2);
        assert_eq!(activities(c), [Activity::Dup, Activity::Dup, Activity::Const], "{file}");
        assert!(c.args[1].dupv_stride.is_some());
        assert_eq!(type_str(c.args[1].dupv_stride.unwrap()), "i64");
        assert_eq!(c.args[1].shadows.len(), 1);
        assert!(c.args[0].dupv_stride.is_none());
    }
}

#[test]
fn primal_return_flag() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        assert!(call_in(&calls, "t_primal_return").primal_return, "{file}");
    }
}

#[test]
fn promoted_floats_are_accepted() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_float_width");
        assert_eq!(c.args[0].shadows.len(), 2);
        assert_eq!(type_str(c.args[0].primal), "double", "{file}: float promoted by the variadic call");
        assert!(c.warnings.is_empty(), "{file}: exact promotions do not warn: {}", render(&c.warnings));
        let c = call_in(&calls, "t_float");
        assert_eq!(activities(c), [Activity::Dup]);
    }
}

#[test]
fn function_through_local_at_o0() {
    let ir = Ir::load("parse_O0.ll");
    let calls = parsed(&ir);
    let c = call_in(&calls, "t_local_fnptr");
    assert_eq!(value_name(c.function), "h");
    assert_eq!(activities(c), [Activity::Dup, Activity::Const]);
}

#[test]
fn reverse_defaults_floats_to_out() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_reverse");
        assert_eq!(c.mode, Mode::Reverse);
        assert_eq!(activities(c), [Activity::Out, Activity::Const], "{file}");
        assert!(c.args[0].shadows.is_empty());
    }
}

#[test]
fn metadata_markers() {
    let ir = Ir::load("metadata.ll");
    let calls = parsed(&ir);
    let c = call_in(&calls, "caller");
    assert_eq!(activities(c), [Activity::Const, Activity::Dup]);
}

#[test]
fn marker_mode_names() {
    assert_eq!(Mode::from_callee_name("__enzyme_autodiff_d"), Some(Mode::Reverse));
    assert_eq!(Mode::from_callee_name("_Z16__enzyme_fwddiffIdJEET_Pvz"), Some(Mode::Forward));
    assert_eq!(Mode::from_callee_name("__enzyme_augmentfwd"), Some(Mode::AugmentedForward));
    assert_eq!(Mode::from_callee_name("__enzyme_augmentsize"), Some(Mode::AugmentSize));
    assert_eq!(Mode::from_callee_name("__enzyme_reverse"), Some(Mode::ReverseSplit));
    assert_eq!(Mode::from_callee_name("printf"), None);
}

// ---------------------------------------------------------------- errors

/// The diagnostic reported for the marker call in function `caller` of errors.ll.
fn error_in(caller: &str) -> Diagnostic {
    let ir = Ir::load("errors.ll");
    let diags = find_marker_calls(ir.module).err().expect("errors.ll must fail");
    let mine: Vec<&Diagnostic> = diags.iter().filter(|d| d.function.as_deref() == Some(caller)).collect();
    assert_eq!(mine.len(), 1, "one diagnostic for {caller}: {}", render(&diags));
    let d = mine[0].clone();
    assert!(d.is_error());
    assert!(d.instruction.as_deref().unwrap_or("").contains("call"), "{d}");
    assert!(d.help.is_some(), "{d}");
    let loc = d.loc.clone().expect("debug location");
    assert!(loc.file.ends_with("errors.c") && loc.line > 0, "{d}");
    d
}

fn assert_error(caller: &str, kind: DiagKind, text: &str) {
    let d = error_in(caller);
    assert_eq!(d.kind, kind, "{d}");
    assert!(d.message.contains(text), "expected `{text}` in: {d}");
}

#[test]
fn every_bad_call_is_reported() {
    let ir = Ir::load("errors.ll");
    let diags = find_marker_calls(ir.module).err().unwrap();
    assert_eq!(diags.len(), 13, "{}", render(&diags));
}

#[test]
fn error_too_few_args() {
    assert_error(
        "err_too_few",
        DiagKind::CallingError,
        "Insufficient number of args passed to derivative call required 2 primal args, found 1",
    );
}

#[test]
fn error_marker_last() {
    assert_error("err_marker_last", DiagKind::CallingError, "Too few arguments to Enzyme call");
}

#[test]
fn error_missing_shadow() {
    assert_error("err_missing_shadow", DiagKind::CallingError, "missing argument shadow at index 3, need shadow of type ptr");
}

#[test]
fn error_unknown_marker() {
    assert_error("err_unknown_marker", DiagKind::IllegalMarker, "illegal enzyme metadata classification `enzyme_bogus`");
}

#[test]
fn error_width_not_constant() {
    assert_error("err_width_nonconst", DiagKind::IllegalVectorWidth, "enzyme_width must be a constant integer");
}

#[test]
fn error_width_twice() {
    assert_error("err_width_twice", DiagKind::IllegalVectorWidth, "enzyme_width given more than once");
}

#[test]
fn error_surplus_args() {
    assert_error("err_surplus", DiagKind::CallingError, "Had too many arguments to __enzyme_fwddiff for `h`: extra arg double 3.0");
}

#[test]
fn error_arg_type() {
    assert_error(
        "err_arg_type",
        DiagKind::CallingError,
        "Cannot cast __enzyme_fwddiff primal argument 1, found i32 3, wanted i64",
    );
}

#[test]
fn error_no_function() {
    assert_error("err_no_function", DiagKind::NoFunction, "failed to find fn to differentiate");
}

#[test]
fn error_no_body() {
    assert_error("err_no_body", DiagKind::NoFunction, "`ext` has no body");
}

#[test]
fn error_out_in_forward() {
    assert_error("err_out_forward", DiagKind::CallingError, "enzyme_out is not allowed in forward mode");
}

#[test]
fn error_out_on_pointer() {
    assert_error("err_out_pointer", DiagKind::CallingError, "enzyme_out is not allowed on pointer argument 0");
}

#[test]
fn error_primal_return_of_void() {
    assert_error("err_primal_return_void", DiagKind::CallingError, "enzyme_primal_return given but `hv` returns void");
}

#[test]
fn error_invoke_unsupported() {
    let ir = Ir::load("invoke.ll");
    let diags = find_marker_calls(ir.module).err().expect("invoke must fail");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, DiagKind::Unsupported);
    assert!(diags[0].message.contains("invoke"), "{}", diags[0]);
}

// ---------------------------------------------------------------- rewriting

/// Rewrite the marker call in `caller` with the derivative named `fake`.
fn rewrite(ir: &Ir, caller: &str, fake: &str) -> Result<(), Diagnostic> {
    let calls = find_marker_calls(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    replace_marker_call(call_in(&calls, caller), ir.function(fake))
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
    ir.verify().unwrap_or_else(|e| panic!("{e}\n{}", ir.print()));
    ir
}

fn assert_body(ir: &Ir, func: &str, expected: &[&str]) {
    let body = ir.body(func);
    assert!(!body.contains("__enzyme"), "marker call left in {func}:\n{body}");
    for e in expected {
        assert!(body.contains(e), "expected `{e}` in:\n{body}");
    }
}

#[test]
fn rewrite_same_type() {
    let ir = rewritten();
    assert_body(&ir, "same_type", &["call double @fake_h(double %x, double 1.000000e+00, double %y, double 0.000000e+00)"]);
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
    assert_body(&ir, "named_struct", &["call { double, double } @fake_hp(", "insertvalue %struct.PD"]);
}

#[test]
fn rewrite_sret_store() {
    let ir = rewritten();
    assert_body(&ir, "sret_struct", &["call { double, [2 x double] } @fake_h2p(", "store { double, [2 x double] } %", ", ptr %out"]);
}

#[test]
fn rewrite_primal_and_width_to_flat_struct() {
    let ir = rewritten();
    assert_body(&ir, "flat_struct", &["store { double, [2 x double] }", "load %struct.G3"]);
}

#[test]
fn rewrite_float_vector_and_narrowing() {
    let ir = rewritten();
    assert_body(
        &ir,
        "float_vector",
        &["@fake_g2(float %x, [2 x float] [float 1.000000e+00, float 2.000000e+00])", "load <2 x float>"],
    );
}

#[test]
fn rewrite_float_result_widened_to_double() {
    let ir = rewritten();
    assert_body(&ir, "float_widened", &["call float @fake_g(float %x, float 1.000000e+00)", "fpext float"]);
}

#[test]
fn rewrite_element_zero() {
    let ir = rewritten();
    assert_body(&ir, "element_zero", &["extractvalue { double, double } %", ", 0"]);
}

#[test]
fn rewrite_dupv_lanes() {
    let ir = rewritten();
    assert_body(&ir, "dupv", &["mul i64 %stride, 1", "getelementptr i8, ptr %dps", "insertvalue [2 x ptr]", "i32 4)"]);
}

#[test]
fn rewrite_bad_return_cast() {
    let ir = Ir::load("rewrite.ll");
    let d = rewrite(&ir, "bad_cast", "fake_h").unwrap_err();
    assert_eq!(d.kind, DiagKind::IllegalReturnCast, "{d}");
    assert!(d.message.contains("Cannot cast return type of derivative double to the declared return type %struct.G3"), "{d}");
    assert!(ir.body("bad_cast").contains("@__enzyme_fwddiff_g3v"), "the marker call stays on error");
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
    for g in ["enzyme_width", "enzyme_const", "enzyme_dupv", "enzyme_primal_return"] {
        assert!(!ir.has_global(g), "{g} should be gone");
    }
    assert!(ir.has_global("enzyme_dup"), "a defined enzyme_ global is kept");
    assert!(!ir.body("unused_result").contains("@enzyme_dup"), "its dead load is removed");
    assert!(!ir.has_function("__enzyme_fwddiff") && !ir.has_function("__enzyme_fwddiff_g2"));
    assert!(ir.has_function("__enzyme_fwddiff_g3v"), "still used by bad_cast");
}

/// A stand-in derivative for `c` with the ABI §4.1 forward/reverse signature, built in `ir`.
fn fake_for(ir: &Ir, c: &MarkerCall, name: &str) -> LLVMValueRef {
    unsafe {
        let mut params = Vec::new();
        for a in &c.args {
            params.push(a.param_type);
            if a.activity == Activity::Dup || a.activity == Activity::DupNoNeed {
                params.push(if c.width == 1 { a.param_type } else { LLVMArrayType2(a.param_type, c.width as u64) });
            }
        }
        let ret = LLVMGetReturnType(LLVMGlobalGetValueType(c.function));
        let ret = match (c.mode, LLVMGetTypeKind(ret)) {
            (_, llvm_sys::LLVMTypeKind::LLVMVoidTypeKind) => ret,
            (Mode::Reverse, _) => {
                let mut outs: Vec<LLVMTypeRef> =
                    c.args.iter().filter(|a| a.activity == Activity::Out).map(|a| a.param_type).collect();
                LLVMStructTypeInContext(ir.ctx, outs.as_mut_ptr(), outs.len() as u32, 0)
            }
            _ => {
                let tangent = if c.width == 1 { ret } else { LLVMArrayType2(ret, c.width as u64) };
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
        replace_marker_call(c, fake).unwrap_or_else(|d| panic!("{file}: {d}"));
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
        assert!(!text.contains("@enzyme_"), "{file}: marker global left:\n{text}");
        assert!(ir.body("t_local_fnptr").contains("call double @fake_t_local_fnptr(double"), "{file}");
        assert!(ir.body("t_reverse").contains("extractvalue { double }"), "{file}: element 0 of the gradient struct");
    }
}

#[test]
fn rewrite_keeps_debug_location() {
    let ir = rewrite_everything("parse_O0.ll");
    let body = ir.body("t_defaults");
    let line = body.lines().find(|l| l.contains("@fake_t_defaults(")).expect("new call");
    assert!(line.contains("!dbg"), "{line}");
}

// ---------------------------------------------------------------- registrations

#[test]
fn registrations_from_c() {
    let ir = Ir::load("registry.ll");
    let reg = read_registrations(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(reg.derivatives.get("sq").map(String::as_str), Some("dsq"));
    assert_eq!(reg.derivatives.get("tw").map(String::as_str), Some("dtw"), "nested aggregate peeled");
    assert_eq!(reg.gradients.get("cube"), Some(&("aug_cube".to_string(), "rev_cube".to_string())));
    assert!(reg.inactive_fns.contains("log_value"));
    assert!(reg.inactive_globals.contains("table"));
    assert_eq!(reg.function_like.get("mylog1p").map(String::as_str), Some("log1p"));
}

#[test]
fn erase_registrations_only() {
    let ir = Ir::load("registry.ll");
    erase_registrations(ir.module);
    ir.verify().unwrap();
    let text = ir.print();
    assert!(!text.contains("@__enzyme_"), "{text}");
    assert!(ir.has_global("table") && ir.has_function("dsq") && ir.has_function("use_all"));
}

#[test]
fn inactive_attribute_and_metadata() {
    let ir = Ir::load("registry_attrs.ll");
    let reg = read_registrations(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert!(reg.inactive_fns.contains("tracer"), "enzyme_inactive attribute");
    assert!(reg.inactive_fns.contains("logger"), "registration global");
    assert!(reg.inactive_globals.contains("counter"), "!enzyme_inactive metadata");
    assert!(!reg.inactive_globals.contains("state"));
}

#[test]
fn erase_registrations_updates_llvm_used() {
    let ir = Ir::load("registry_attrs.ll");
    erase_registrations(ir.module);
    ir.verify().unwrap_or_else(|e| panic!("{e}"));
    let text = ir.print();
    assert!(!text.contains("__enzyme_inactivefn_log"), "{text}");
    assert!(text.contains("@llvm.used = appending global [1 x ptr] [ptr @state], section \"llvm.metadata\""), "{text}");
    assert!(!text.contains("llvm.compiler.used"), "{text}");
}

#[test]
fn bad_registrations() {
    let ir = Ir::load("registry_bad.ll");
    let diags = read_registrations(ir.module).unwrap_err();
    assert_eq!(diags.len(), 6, "{}", render(&diags));
    assert!(diags.iter().all(|d| d.kind == DiagKind::BadRegistration), "{}", render(&diags));
    let expect = [
        "Use of __enzyme_register_derivative must be a constant of size at least 2",
        "Use of __enzyme_register_gradient must be a constant of size at least 3",
        "Param 1 of __enzyme_register_derivative must be a function (the derivative)",
        "Use of __enzyme_function_like second element must be a non-empty constant string",
        "Use of __enzyme_inactive_global must be the address of a global variable",
        "Param 0 of __enzyme_inactivefn must be a function",
    ];
    for e in expect {
        assert!(diags.iter().any(|d| d.message.contains(e)), "missing `{e}` in:\n{}", render(&diags));
    }
}
