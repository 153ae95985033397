//! Tests of marker-call parsing (`markers`), registration reading (`registry`) and marker-call
//! rewriting (`rewrite`) on the fixtures in `tests/fixtures/markers/`.
//!
//! The fixtures `parse_O0.ll`, `parse_O2.ll` and `errors.ll` are made by clang from the C files
//! next to them (`gen.sh`); the others are written by hand. Rewriting and registration tests
//! are in `markers/rewriting.rs`.

#[path = "markers/rewriting.rs"]
#[allow(clippy::result_large_err)]
mod rewriting;

use std::ffi::{CStr, CString};
use std::path::PathBuf;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_llvm::markers::{find_marker_calls, Activity, MarkerCall, Mode};
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
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/markers")
        .join(name)
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
            let broken = LLVMVerifyModule(
                self.module,
                LLVMVerifierFailureAction::LLVMReturnStatusAction,
                &mut msg,
            );
            let text = if msg.is_null() {
                String::new()
            } else {
                CStr::from_ptr(msg).to_string_lossy().into_owned()
            };
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
    calls
        .iter()
        .find(|c| caller_of(c.call) == caller)
        .unwrap_or_else(|| panic!("no marker call in {caller}"))
}

fn parsed(ir: &Ir) -> Vec<MarkerCall> {
    match find_marker_calls(ir.module) {
        Ok(calls) => calls,
        Err(diags) => panic!("unexpected diagnostics: {}", render(&diags)),
    }
}

fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
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
        assert_eq!(
            activities(c),
            [Activity::Dup, Activity::Dup, Activity::Const],
            "{file}"
        );
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
        assert_eq!(
            activities(c),
            [Activity::Dup, Activity::Dup, Activity::Const],
            "{file}"
        );
        let c = call_in(&calls, "t_dupnoneed");
        assert_eq!(
            activities(c),
            [Activity::Const, Activity::DupNoNeed, Activity::Const],
            "{file}"
        );
        let c = call_in(&calls, "t_global_address");
        assert_eq!(
            activities(c),
            [Activity::Const, Activity::Dup, Activity::Const],
            "{file}"
        );
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
        assert_eq!(
            activities(c),
            [Activity::Dup, Activity::Dup, Activity::Const],
            "{file}"
        );
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
        assert_eq!(
            type_str(c.args[0].primal),
            "double",
            "{file}: float promoted by the variadic call"
        );
        assert!(
            c.warnings.is_empty(),
            "{file}: exact promotions do not warn: {}",
            render(&c.warnings)
        );
        let c = call_in(&calls, "t_float");
        assert_eq!(activities(c), [Activity::Dup]);
    }
}

#[test]
fn inexact_narrowing_warns() {
    for file in PARSE_FIXTURES {
        let ir = Ir::load(file);
        let calls = parsed(&ir);
        let c = call_in(&calls, "t_width_last");
        assert_eq!(c.warnings.len(), 1, "{file}: a double value narrowed to float");
        assert!(c.warnings[0].message.contains("narrowed to float"), "{}", c.warnings[0]);
        assert!(!c.warnings[0].is_error());
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
    assert_eq!(
        Mode::from_callee_name("__enzyme_autodiff_d"),
        Some(Mode::Reverse)
    );
    assert_eq!(
        Mode::from_callee_name("_Z16__enzyme_fwddiffIdJEET_Pvz"),
        Some(Mode::Forward)
    );
    assert_eq!(
        Mode::from_callee_name("__enzyme_augmentfwd"),
        Some(Mode::AugmentedForward)
    );
    assert_eq!(
        Mode::from_callee_name("__enzyme_augmentsize"),
        Some(Mode::AugmentSize)
    );
    assert_eq!(
        Mode::from_callee_name("__enzyme_reverse"),
        Some(Mode::ReverseSplit)
    );
    assert_eq!(Mode::from_callee_name("printf"), None);
}

// ---------------------------------------------------------------- errors

/// The diagnostic reported for the marker call in function `caller` of errors.ll.
fn error_in(caller: &str) -> Diagnostic {
    let ir = Ir::load("errors.ll");
    let diags = find_marker_calls(ir.module).expect_err("errors.ll must fail");
    let mine: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.function.as_deref() == Some(caller))
        .collect();
    assert_eq!(
        mine.len(),
        1,
        "one diagnostic for {caller}: {}",
        render(&diags)
    );
    let d = mine[0].clone();
    assert!(d.is_error());
    assert!(
        d.instruction.as_deref().unwrap_or("").contains("call"),
        "{d}"
    );
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
    assert_eq!(diags.len(), 14, "{}", render(&diags));
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
    assert_error(
        "err_marker_last",
        DiagKind::CallingError,
        "Too few arguments to Enzyme call",
    );
}

#[test]
fn error_missing_shadow() {
    assert_error(
        "err_missing_shadow",
        DiagKind::CallingError,
        "missing argument shadow at index 3, need shadow of type ptr",
    );
}

#[test]
fn error_unknown_marker() {
    assert_error(
        "err_unknown_marker",
        DiagKind::IllegalMarker,
        "illegal enzyme metadata classification `enzyme_bogus`",
    );
}

#[test]
fn error_width_not_constant() {
    assert_error(
        "err_width_nonconst",
        DiagKind::IllegalVectorWidth,
        "enzyme_width must be a constant integer",
    );
}

#[test]
fn error_width_twice() {
    assert_error(
        "err_width_twice",
        DiagKind::IllegalVectorWidth,
        "enzyme_width given more than once",
    );
}

#[test]
fn error_surplus_args() {
    assert_error(
        "err_surplus",
        DiagKind::CallingError,
        "Had too many arguments to __enzyme_fwddiff for `h`: extra arg double 3.0",
    );
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
    assert_error(
        "err_no_function",
        DiagKind::NoFunction,
        "failed to find fn to differentiate",
    );
}

#[test]
fn error_no_body() {
    assert_error("err_no_body", DiagKind::NoFunction, "`ext` has no body");
}

#[test]
fn error_out_in_forward() {
    assert_error(
        "err_out_forward",
        DiagKind::CallingError,
        "enzyme_out is not allowed in forward mode",
    );
}

#[test]
fn error_out_on_pointer() {
    assert_error(
        "err_out_pointer",
        DiagKind::CallingError,
        "enzyme_out is not allowed on pointer argument 0",
    );
}

#[test]
fn error_return_without_seed() {
    assert_error(
        "err_return_seed",
        DiagKind::CallingError,
        "Differential return required for `hvn`: its return type { double, i64 }",
    );
}

#[test]
fn error_primal_return_of_void() {
    assert_error(
        "err_primal_return_void",
        DiagKind::CallingError,
        "enzyme_primal_return given but `hv` returns void",
    );
}

#[test]
fn invoke_parses_like_a_call() {
    let ir = Ir::load("invoke.ll");
    let calls = find_marker_calls(ir.module).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(calls.len(), 2);
    for c in &calls {
        assert_eq!(c.mode, Mode::Forward);
        assert_eq!(c.args.len(), 1);
        assert_eq!(c.args[0].activity, Activity::Dup);
    }
}

// ------------------------------------------------- enzyme_byref and enzyme_interleave

const BYREF_INTERLEAVE: &str = r#"
@enzyme_byref = external global i32
@enzyme_interleave = external global i32
@enzyme_dup = external global i32
@enzyme_const = external global i32
@enzyme_out = external global i32
declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
define double @g(double %x, ptr %p, i32 %n) {
  %v = load double, ptr %p
  %m = fmul double %x, %v
  ret double %m
}
define double @byref(ptr %px, ptr %pp, ptr %dp) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @g, ptr @enzyme_byref, i64 8, ptr @enzyme_out, ptr %px, ptr @enzyme_dup, ptr @enzyme_byref, i64 8, ptr %pp, ptr %dp, ptr @enzyme_byref, i64 4, ptr @enzyme_const, ptr %px)
  ret double %r
}
define double @interleave(double %x, ptr %p, ptr %dp) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, double %x, ptr %p, ptr @enzyme_const, i32 3, ptr @enzyme_interleave, double 1.0, ptr %dp)
  ret double %r
}
define double @inherit_out(double %x, ptr %p, ptr %dp) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @g, ptr @enzyme_out, double %x, ptr @enzyme_dup, ptr %p, ptr @enzyme_const, i32 3, ptr @enzyme_interleave, ptr %dp)
  ret double %r
}
"#;

#[test]
fn byref_marks_the_primal_only() {
    let ir = Ir::parse(BYREF_INTERLEAVE);
    let calls = parsed(&ir);
    let c = call_in(&calls, "byref");
    assert_eq!(activities(c), [Activity::Out, Activity::Dup, Activity::Const]);
    assert_eq!(c.args.iter().map(|a| a.byref).collect::<Vec<_>>(), [true, true, true]);
    assert_eq!(value_name(c.args[1].primal), "pp");
    assert_eq!(value_name(c.args[1].shadows[0]), "dp");
}

#[test]
fn interleave_reads_shadows_after_the_marker() {
    let ir = Ir::parse(BYREF_INTERLEAVE);
    let calls = parsed(&ir);
    let c = call_in(&calls, "interleave");
    assert_eq!(activities(c), [Activity::Dup, Activity::Dup, Activity::Const]);
    assert_eq!(value_name(c.args[1].primal), "p");
    assert_eq!(value_name(c.args[1].shadows[0]), "dp");
    assert_eq!(c.args[0].shadows.len(), 1);
    let c = call_in(&calls, "inherit_out");
    assert_eq!(activities(c), [Activity::Out, Activity::Dup, Activity::Const]);
    assert_eq!(value_name(c.args[1].shadows[0]), "dp");
}
