//! Bad input through `catalase opt`: malformed IR and misused markers each get their own error
//! (naming the marker call and saying that the module has no debug info), a non-zero exit,
//! and an existing output file left as it was.

use std::path::PathBuf;
use std::process::Command;

const SQ: &str = "define double @sq(double %x) {\n  %y = fmul double %x, %x\n  ret double %y\n}\n";
const MUL: &str = "define double @mul(double %x, double %y) {\n  %z = fmul double %x, %y\n  ret double %z\n}\n";
const FWD: &str = "declare double @__enzyme_fwddiff(ptr, ...)\n";
const REV: &str = "declare double @__enzyme_autodiff(ptr, ...)\n";

/// A module calling a marker from `@main` with `body` (the call's result is `%r`).
fn marker_module(decls: &str, body: &str) -> String {
    format!("{decls}define double @main() {{\n{body}  ret double %r\n}}\n")
}

struct Case {
    name: &'static str,
    module: String,
    exit: i32,
    /// Texts the error must hold.
    says: Vec<&'static str>,
}

fn cases() -> Vec<Case> {
    let at_marker = |mut says: Vec<&'static str>| {
        says.extend(["--> in function `main`", "--> instruction: %r = call double", "source line: unknown: no debug info"]);
        says
    };
    vec![
        Case {
            name: "malformed",
            module: "define i32 @f() {\n  ret i64 0\n}\n".into(),
            exit: 2,
            says: vec!["error: cannot read LLVM IR", "value doesn't match function result type"],
        },
        Case {
            name: "no_arguments",
            module: marker_module("declare double @__enzyme_fwddiff(...)\n", "  %r = call double (...) @__enzyme_fwddiff()\n"),
            exit: 1,
            says: at_marker(vec!["Too few arguments to Enzyme call [catalase::calling-error]"]),
        },
        Case {
            name: "too_few_arguments",
            module: marker_module(&format!("{FWD}{MUL}"), "  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @mul, double 2.0, double 1.0)\n"),
            exit: 1,
            says: at_marker(vec!["required 2 primal args, found 1 (calling `mul`)"]),
        },
        Case {
            name: "too_many_arguments",
            module: marker_module(&format!("{REV}{SQ}"), "  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @sq, double 2.0, double 1.0)\n"),
            exit: 1,
            says: at_marker(vec!["too many arguments to __enzyme_autodiff for `sq`"]),
        },
        Case {
            name: "not_a_function",
            module: marker_module(
                &format!("{FWD}@data = global [2 x double] zeroinitializer\n"),
                "  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @data, double 2.0, double 1.0)\n",
            ),
            exit: 1,
            says: at_marker(vec!["cannot resolve `@data", "[catalase::no-function]"]),
        },
        Case {
            name: "width_zero",
            module: marker_module(
                &format!("{FWD}{SQ}@enzyme_width = external global i32\n"),
                "  %w = load i32, ptr @enzyme_width\n  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, i32 %w, i32 0, double 2.0, double 1.0)\n",
            ),
            exit: 1,
            says: at_marker(vec!["enzyme_width must be between 1 and 64, found 0"]),
        },
        Case {
            name: "width_negative",
            module: marker_module(
                &format!("{FWD}{SQ}@enzyme_width = external global i32\n"),
                "  %w = load i32, ptr @enzyme_width\n  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, i32 %w, i32 -3, double 2.0, double 1.0)\n",
            ),
            exit: 1,
            says: at_marker(vec!["enzyme_width must be between 1 and 64, found -3"]),
        },
        Case {
            name: "unknown_marker",
            module: marker_module(
                &format!("{FWD}{SQ}@enzyme_bogus = external global i32\n"),
                "  %m = load i32, ptr @enzyme_bogus\n  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, i32 %m, double 2.0, double 1.0)\n",
            ),
            exit: 1,
            says: at_marker(vec!["`enzyme_bogus` [catalase::illegal-marker]"]),
        },
        Case {
            name: "out_in_forward_mode",
            module: marker_module(
                &format!("{FWD}{SQ}@enzyme_out = external global i32\n"),
                "  %m = load i32, ptr @enzyme_out\n  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, i32 %m, double 2.0)\n",
            ),
            exit: 1,
            says: at_marker(vec!["enzyme_out is not allowed in forward mode (argument 0)"]),
        },
        Case {
            name: "declaration_only",
            module: marker_module(&format!("{REV}declare double @ext(double)\n"), "  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @ext, double 2.0)\n"),
            exit: 1,
            says: at_marker(vec!["`ext` has no body in this module [catalase::no-function]"]),
        },
        Case {
            name: "marker_address_taken",
            module: format!(
                "{REV}{SQ}@fp = global ptr @__enzyme_autodiff\ndefine double @main() {{\n  %f = load ptr, ptr @fp\n  %r = call double (ptr, ...) %f(ptr @sq, double 2.0)\n  ret double %r\n}}\n"
            ),
            exit: 1,
            says: vec!["the marker `__enzyme_autodiff` is used other than as the function a call names", "@fp = global ptr @__enzyme_autodiff"],
        },
    ]
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("catalase-bad-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn each_bad_input_is_refused_and_leaves_the_output_alone() {
    for case in cases() {
        let dir = scratch(case.name);
        let (input, output) = (dir.join("in.ll"), dir.join("out.ll"));
        std::fs::write(&input, &case.module).unwrap();
        std::fs::write(&output, "precious").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_catalase")).arg("opt").arg(&input).arg("-o").arg(&output).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(case.exit), "{}: {err}", case.name);
        for text in &case.says {
            assert!(err.contains(text), "{}: `{text}` missing from\n{err}", case.name);
        }
        assert!(!err.contains("panicked") && !err.contains("internal error"), "{}: {err}", case.name);
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "precious", "{}: the output file changed", case.name);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "{}: a file left behind", case.name);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
