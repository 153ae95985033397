//! Loads the built `libcatalase_plugin.so` into `opt-22` and `clang-22` and checks that the pass
//! runs (at -O0 and -O2 too) and that its diagnostics, option errors and caught panics come out
//! as LLVM errors with a failing exit status, never as a crash. Uses the plugin's documented test
//! hook `CATALASE_PLUGIN_SELFTEST`. Fails when opt-22/clang-22 are not installed.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

const SQUARE: &str = "define double @square(double %x) {\nentry:\n  %y = fmul double %x, %x\n  ret double %y\n}\n";

/// The cdylib in this test's profile folder. `cargo test` does not build a cdylib for
/// integration tests, so the first call runs `cargo build` for it (same profile and target dir),
/// and for the `catalase` executable beside it.
fn plugin_path() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().unwrap();
            let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap().to_path_buf();
            let target_dir = profile_dir.parent().unwrap();
            let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
            cargo.args(["build", "-p", "catalase-plugin", "-p", "catalase-cli", "--target-dir"]).arg(target_dir);
            if profile_dir.file_name().is_some_and(|name| name == "release") {
                cargo.arg("--release");
            }
            let status = cargo.current_dir(env!("CARGO_MANIFEST_DIR")).status().unwrap();
            assert!(status.success(), "building the plugin failed");
            profile_dir.join("libcatalase_plugin.so")
        })
        .clone()
}

/// Fails the test, loudly, when `tool` is missing: a skipped check must not read as a pass.
fn require(tool: &str) {
    let ok = Command::new(tool).arg("--version").output().is_ok_and(|out| out.status.success());
    assert!(ok, "{tool} is required by this test and was not found: install LLVM 22 (scripts/install-deps.sh)");
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("catalase-plugin-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `opt-22 -load-pass-plugin=... -passes=<passes> square.ll` with `selftest` as the hook value.
fn opt(passes: &str, selftest: Option<&str>) -> Option<Output> {
    require("opt-22");
    let dir = scratch(&passes.replace(['<', '>', ';'], "_"));
    let input = dir.join("square.ll");
    std::fs::write(&input, SQUARE).unwrap();
    let mut cmd = Command::new("opt-22");
    cmd.arg(format!("-load-pass-plugin={}", plugin_path().display()))
        .arg(format!("-passes={passes}"))
        .arg(&input)
        .args(["-S", "-o"])
        .arg(dir.join("out.ll"))
        .env("CATALASE_OPTIONS", "verify")
        .env_remove("CATALASE_PLUGIN_SELFTEST")
        .env("RUST_BACKTRACE", "0");
    if let Some(value) = selftest {
        cmd.env("CATALASE_PLUGIN_SELFTEST", value);
    }
    Some(cmd.output().unwrap())
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn opt_runs_the_pass() {
    let Some(out) = opt("catalase", None) else { return };
    assert!(out.status.success(), "{}", stderr_of(&out));
    let Some(out) = opt("catalase<loose-types;print>", None) else { return };
    assert!(out.status.success(), "{}", stderr_of(&out));
    let Some(out) = opt("catalase<verify>", None) else { return };
    assert!(out.status.success(), "{}", stderr_of(&out));
    let Some(out) = opt("default<O2>", Some("warning")) else { return };
    assert!(out.status.success());
    assert!(stderr_of(&out).contains("warning: selftest.c:3:7: catalase plugin self-test warning"), "runs in the default pipeline");
}

#[test]
fn unknown_pass_parameter_is_an_error() {
    let Some(out) = opt("catalase<bogus>", None) else { return };
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("error: unknown Catalase option `bogus`"), "{}", stderr_of(&out));
}

#[test]
fn errors_fail_opt_and_all_are_shown() {
    let Some(out) = opt("catalase", Some("errors")) else { return };
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("warning: selftest.c:3:7: catalase plugin self-test warning"), "{err}");
    assert!(err.contains("error: selftest.c:3:7: catalase plugin self-test error 1 [catalase::unsupported]"), "{err}");
    assert!(err.contains("error: selftest.c:3:7: catalase plugin self-test error 2"), "{err}");
}

#[test]
fn panic_is_an_internal_error_not_a_crash() {
    let Some(out) = opt("catalase", Some("panic")) else { return };
    assert_eq!(out.status.code(), Some(1), "an exit status, not a signal");
    let err = stderr_of(&out);
    assert!(err.contains("error: internal error during the catalase pass: Catalase panicked"), "{err}");
    assert!(!err.contains("PLEASE submit a bug report"), "LLVM did not crash: {err}");
}

#[test]
fn clang_runs_the_pass_at_o0_and_o2() {
    require("clang-22");
    let dir = scratch("clang");
    let source = dir.join("prog.c");
    std::fs::write(&source, "double sq(double x) { return x * x; }\nint main(void) { return sq(2.0) == 4.0 ? 0 : 1; }\n").unwrap();
    for level in ["-O0", "-O2"] {
        let compile = |selftest: &str| {
            Command::new("clang-22")
                .arg(level)
                .arg(format!("-fpass-plugin={}", plugin_path().display()))
                .arg(&source)
                .arg("-o")
                .arg(dir.join(format!("prog{level}")))
                .env("CATALASE_PLUGIN_SELFTEST", selftest)
                .env("RUST_BACKTRACE", "0")
                .output()
                .unwrap()
        };
        let out = compile("warning");
        assert!(out.status.success(), "{level}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains("catalase plugin self-test warning"), "{level}: the pass ran");
        let out = compile("error");
        assert_eq!(out.status.code(), Some(1), "{level}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains("error: selftest.c:3:7: catalase plugin self-test error 1"), "{level}");
        // A module Catalase broke is reported, and code generation does not crash on it.
        let out = compile("broken");
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{level}: an exit status, not a signal: {err}");
        assert!(err.contains("fails LLVM's verifier"), "{level}: {err}");
        assert!(!err.contains("PLEASE submit a bug report"), "{level}: clang did not crash: {err}");
    }
}

/// Fast-math flags reach the tangent through the plugin route too: the derivative of the
/// `#pragma clang fp reassociate` dot product (`tests/programs/fastmath_dot_reassoc.c`), inlined
/// into `main` at -O3, reduces its tangent with a `reassoc` (unordered, vectorized) reduction.
#[test]
fn reassociable_tangent_reduction_vectorizes_at_o3() {
    require("clang-22");
    let dir = scratch("fastmath");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("clang-22")
        .args(["-O3", "-S", "-emit-llvm", "-o"])
        .arg(dir.join("out.ll"))
        .arg(format!("-fpass-plugin={}", plugin_path().display()))
        .arg(root.join("tests/programs/fastmath_dot_reassoc.c"))
        .env_remove("CATALASE_OPTIONS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let ir = std::fs::read_to_string(dir.join("out.ll")).unwrap();
    let main_start = ir.find("@main(").expect("main is defined");
    let main = &ir[main_start..ir[main_start..].find("\n}\n").map_or(ir.len(), |e| main_start + e)];
    let reductions: Vec<&str> = main.lines().filter(|l| l.contains("@llvm.vector.reduce.fadd")).collect();
    assert!(!reductions.is_empty(), "the tangent reduction was not vectorized:\n{main}");
    for l in reductions {
        assert!(l.contains("call reassoc"), "ordered tangent reduction: {l}");
    }
}

/// `file`'s assembly without comments, directives that name the source, and label numbers.
fn code_of(file: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let skip = [".file", ".ident", ".loc", ".cfi", ".p2align", ".section", ".text", ".globl", ".type", ".size"];
    let numbered = |word: &str| {
        [".LBB", ".LCPI", ".Ltmp", ".Lfunc_end"].iter().fold(word.to_string(), |w, prefix| {
            w.split(prefix).enumerate().map(|(i, part)| if i == 0 { part.to_string() } else {
                format!("{prefix}N{}", part.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_'))
            }).collect()
        })
    };
    text.lines()
        .map(|l| l.split('#').next().unwrap().trim_end())
        .filter(|l| !l.is_empty() && !skip.iter().any(|d| l.trim_start().starts_with(d)))
        .map(numbered)
        .collect()
}

/// The plugin at -O3 gives the machine code of the CLI route (-O3 IR, `catalase opt`, clang -O3 on
/// the result): the plugin sorts use-lists into the order clang's parser gives the CLI route
/// before optimizing the derivatives (`sortUseLists` in shim.cpp). Without that, this program's
/// code differed (in which registers and induction variables the loops got).
#[test]
fn plugin_code_is_the_cli_routes_at_o3() {
    require("clang-22");
    let dir = scratch("routes");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let source = root.join("tests/programs/array_read_sum.c");
    let catalase = plugin_path().with_file_name("catalase");
    let run = |cmd: &mut Command| {
        let out = cmd.env_remove("CATALASE_OPTIONS").output().unwrap();
        assert!(out.status.success(), "{cmd:?}: {}", stderr_of(&out));
    };
    run(Command::new("clang-22").args(["-O3", "-S", "-o"]).arg(dir.join("plugin.s"))
        .arg(format!("-fpass-plugin={}", plugin_path().display())).arg(&source));
    run(Command::new("clang-22").args(["-O3", "-S", "-emit-llvm", "-o"]).arg(dir.join("o3.ll")).arg(&source));
    run(Command::new(&catalase).arg("opt").arg(dir.join("o3.ll")).arg("-o").arg(dir.join("cli.ll")));
    run(Command::new("clang-22").args(["-O3", "-S", "-o"]).arg(dir.join("cli.s")).arg(dir.join("cli.ll")));
    let (plugin, cli) = (code_of(&dir.join("plugin.s")), code_of(&dir.join("cli.s")));
    assert!(plugin.len() > 100, "no code compiled: {plugin:?}");
    let first = plugin.iter().zip(&cli).position(|(a, b)| a != b);
    assert!(plugin == cli, "the routes differ at line {first:?} ({} and {} lines)", plugin.len(), cli.len());
}

#[test]
fn loaded_with_fplugin_it_differentiates_and_knows_enzymes_attributes() {
    // Enzyme's clang plugin is loaded with -fplugin=; loaded so, this library loads its clang half,
    // which adds the passes (unless -fpass-plugin= names it too) and Enzyme's source attributes.
    require("clang-22");
    let dir = scratch("fplugin");
    let src = dir.join("sq.c");
    std::fs::write(
        &src,
        "extern double __enzyme_autodiff(void *, double);\n\
         __attribute__((enzyme_inactive)) double scale(double x) { return 2 * x; }\n\
         double sq(double x) { return scale(x) * x; }\n\
         double d(double x) { return __enzyme_autodiff((void *)sq, x); }\n",
    )
    .unwrap();
    let plugin = plugin_path().display().to_string();
    let ir = |level: &str, flags: &[String]| {
        let out = Command::new("clang-22")
            .args([level, "-S", "-emit-llvm", "-o", "-"])
            .args(flags)
            .arg(&src)
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), stderr_of(&out))
    };
    let fplugin = format!("-fplugin={plugin}");
    for level in ["-O0", "-O2"] {
        for flags in [vec![fplugin.clone()], vec![fplugin.clone(), format!("-fpass-plugin={plugin}")]] {
            let (ok, code, said) = ir(level, &flags);
            assert!(ok, "{level} {flags:?}: {said}");
            assert!(!said.contains("unknown attribute"), "{level} {flags:?}: {said}");
            assert!(!code.contains("@__enzyme_autodiff("), "{level} {flags:?}: marker call left\n{code}");
            assert!(code.contains("__catalase"), "{level} {flags:?}: no derivative\n{code}");
        }
        // attributes-only: the attribute becomes an annotation, the marker call stays for
        // `catalase opt`, and `scale` (inactive) is not inlined before then.
        let (ok, code, said) = ir(level, &[fplugin.clone(), "-fplugin-arg-catalase-attributes-only".into()]);
        assert!(ok, "{said}");
        assert!(code.contains("@__enzyme_autodiff(") && code.contains("c\"enzyme_inactive\\00\""), "{code}");
        assert!(code.contains("call double @scale("), "{level}: scale inlined\n{code}");
    }
    // Without the clang half the attribute is dropped, as clang says.
    let (_, _, said) = ir("-O0", &[format!("-fpass-plugin={plugin}")]);
    assert!(said.contains("unknown attribute 'enzyme_inactive'"), "{said}");

    let (ok, _, said) = ir("-O0", &[fplugin.clone(), "-fplugin-arg-catalase-bogus".into()]);
    assert!(!ok && said.contains("unknown Catalase plugin argument 'bogus'"), "{said}");

    std::fs::write(&src, "__attribute__((enzyme_function_like)) double f(double x) { return x; }\n").unwrap();
    let (ok, _, said) = ir("-O0", std::slice::from_ref(&fplugin));
    assert!(!ok && said.contains("'enzyme_function_like' takes one string"), "{said}");
    std::fs::write(&src, "double f(double x) { __attribute__((enzyme_inactive)) double y = x; return y; }\n").unwrap();
    let (ok, _, said) = ir("-O0", &[fplugin]);
    assert!(ok && said.contains("'enzyme_inactive' attribute only applies to functions and global variables"), "{said}");
}
