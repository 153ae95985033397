//! Tests of the LLVM module plumbing: reading text and bitcode, malformed input, writing,
//! verifying, running pipelines and the simplified scratch copy of clang's -O0 output.

use std::process::Command;

use catalase_ir::diag::DiagKind;
use catalase_llvm::module_io::{is_bitcode, read_module, OwnedContext};
use catalase_llvm::passes::{postopt, run_passes, simplified_copy};

const SQUARE: &str = r#"
define double @square(double %x) {
entry:
  %y = fmul double %x, %x
  ret double %y
}
"#;

#[test]
fn reads_text_ir() {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, SQUARE.as_bytes(), "square.ll").expect("valid IR");
    let text = module.print_to_string();
    assert!(text.contains("define double @square(double %x)"), "{text}");
    assert!(module.verify().is_ok());
}

#[test]
fn bitcode_round_trip() {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, SQUARE.as_bytes(), "square.ll").unwrap();
    let bitcode = module.write_bitcode_to_bytes();
    assert!(is_bitcode(&bitcode));
    let again = read_module(&ctx, &bitcode, "square.bc").expect("bitcode reads back");
    assert!(again.print_to_string().contains("fmul double %x, %x"));
}

#[test]
fn malformed_text_is_a_diagnostic() {
    let ctx = OwnedContext::new();
    let err = read_module(&ctx, b"define double @f( {", "bad.ll").err().expect("must fail");
    assert_eq!(err.kind, DiagKind::MalformedInput);
    assert!(err.message.contains("bad.ll"), "{}", err.message);
    assert!(err.message.contains("cannot read LLVM IR"), "{}", err.message);
    let loc = err.loc.clone().expect("LLVM's location becomes the diagnostic's");
    assert_eq!((loc.file.as_str(), loc.line), ("bad.ll", 1));
    assert!(err.message.contains("expected type"), "LLVM's message is kept: {}", err.message);
    assert_eq!(err.instruction.as_deref(), Some("define double @f( {"), "the offending line");
}

#[test]
fn malformed_bitcode_is_a_diagnostic() {
    let ctx = OwnedContext::new();
    let mut bytes = vec![0x42, 0x43, 0xC0, 0xDE];
    bytes.extend_from_slice(&[0xFF; 40]);
    let err = read_module(&ctx, &bytes, "bad.bc").err().expect("must fail");
    assert_eq!(err.kind, DiagKind::MalformedInput);
    assert!(err.message.contains("cannot read bitcode from `bad.bc`"), "{}", err.message);
}

#[test]
fn verify_reports_broken_module() {
    let ctx = OwnedContext::new();
    // Parses (the parser only checks syntax and types) but breaks dominance.
    let broken = "define i32 @f(i32 %a) {\nentry:\n  br label %next\nnext:\n  %z = add i32 %y, 1\n  %y = add i32 %a, 1\n  ret i32 %z\n}\n";
    match read_module(&ctx, broken.as_bytes(), "broken.ll") {
        Ok(module) => {
            let report = module.verify().expect_err("verifier must fail");
            assert!(report.contains("dominate"), "{report}");
        }
        Err(diag) => assert_eq!(diag.kind, DiagKind::MalformedInput),
    };
}

#[test]
fn unknown_pass_is_an_error_not_an_abort() {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, SQUARE.as_bytes(), "square.ll").unwrap();
    // SAFETY: the module is valid and used by nothing else.
    let err = unsafe { run_passes(module.raw(), "no-such-pass") }.expect_err("must fail");
    assert!(err.contains("no-such-pass"), "{err}");
    // SAFETY: as above.
    unsafe { postopt(module.raw()) }.expect("default<O2> runs");
    assert!(module.verify().is_ok());
}

/// clang-22's -O0 output for `src`, or `None` when it cannot be made.
fn clang_o0(src: &str) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("catalase-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let c_file = dir.join("t.c");
    let ll_file = dir.join("t.ll");
    std::fs::write(&c_file, src).ok()?;
    let status = Command::new("clang-22").args(["-O0", "-S", "-emit-llvm", "-o"]).arg(&ll_file).arg(&c_file).status().ok()?;
    let text = if status.success() { std::fs::read_to_string(&ll_file).ok() } else { None };
    let _ = std::fs::remove_dir_all(&dir);
    text
}

#[test]
fn simplified_copy_of_o0_code() {
    let src = "double f(double x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x * i; return s; }\n";
    let ir = clang_o0(src).expect("clang-22 is required by this test and was not found: install LLVM 22 (scripts/install-deps.sh)");
    assert!(ir.contains("optnone") && ir.contains("alloca"), "clang's -O0 output as expected");
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), "t.ll").unwrap();
    // SAFETY: the module is valid; the copy lives in `ctx`, which outlives it.
    let copy = unsafe { simplified_copy(module.raw()) }.expect("pipeline runs");
    let simplified = copy.print_to_string();
    assert!(!simplified.contains("alloca"), "allocas promoted:\n{simplified}");
    assert!(!simplified.contains("optnone"), "optnone dropped:\n{simplified}");
    assert!(simplified.contains("phi double"), "loop-carried sum is a phi:\n{simplified}");
    assert!(copy.verify().is_ok());
    // The original is untouched.
    let original = module.print_to_string();
    assert!(original.contains("alloca") && original.contains("optnone"));
}
