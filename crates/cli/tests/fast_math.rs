//! Fast-math flags reach the tangent code: the derivative `catalase opt` writes for the
//! `#pragma clang fp reassociate` dot product of `tests/programs/fastmath_dot_reassoc.c`, compiled
//! with clang-22 -O3 (a vectorized reduction), has `reassoc` on every tangent `fadd` and on its
//! `vector.reduce.fadd`, so the derivative loop can stay vectorized like the primal.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The body of the function whose `define` line contains `name`.
fn function_body<'a>(ir: &'a str, name: &str) -> &'a str {
    let start = ir
        .lines()
        .position(|l| l.starts_with("define") && l.contains(name))
        .unwrap_or_else(|| panic!("no function {name} in the output"));
    let lines: Vec<&str> = ir.lines().collect();
    let end = lines[start..].iter().position(|l| *l == "}").expect("function ends") + start;
    let offset = |i: usize| lines[..i].iter().map(|l| l.len() + 1).sum::<usize>();
    &ir[offset(start)..offset(end)]
}

#[test]
fn reassociable_dot_product_keeps_reassoc_on_its_tangent() {
    let dir = std::env::temp_dir().join(format!("catalase-fastmath-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ll, out) = (dir.join("in.ll"), dir.join("out.ll"));
    let src = root().join("tests/programs/fastmath_dot_reassoc.c");
    let status = Command::new("clang-22")
        .args(["-O3", "-S", "-emit-llvm", "-o"])
        .arg(&ll)
        .arg(&src)
        .status()
        .expect("clang-22 runs");
    assert!(status.success());
    let run = Command::new(env!("CARGO_BIN_EXE_catalase"))
        .env_remove("CATALASE_OPTIONS")
        .arg("opt")
        .arg(&ll)
        .arg("-S")
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let ir = std::fs::read_to_string(&out).unwrap();
    let primal = function_body(&ir, "@dot(");
    let deriv = function_body(&ir, "@__catalase_fwd_dot_");
    let fadds = |body: &str| -> Vec<String> {
        body.lines().filter(|l| l.contains(" = fadd ")).map(str::to_string).collect()
    };
    // The primal is a vectorized reassociable reduction (`s += x*y` contracted to fmuladd) ...
    assert!(primal.contains("reassoc <"), "{primal}");
    // ... and so is the derivative: the tangents of the fmuladds (fmul and fadd) and of the
    // fadds all carry reassoc, on vectors.
    let d = fadds(deriv);
    assert!(d.len() >= 4 && d.iter().any(|l| l.contains("<2 x double>")), "{deriv}");
    for l in &d {
        assert!(l.contains("fadd reassoc"), "tangent fadd without reassoc: {l}\n{deriv}");
    }
    for l in deriv.lines().filter(|l| l.contains(" = fmul ")) {
        assert!(l.contains("fmul reassoc"), "tangent fmul without reassoc: {l}\n{deriv}");
    }
    let reduces: Vec<&str> = deriv.lines().filter(|l| l.contains("@llvm.vector.reduce.fadd")).collect();
    assert!(!reduces.is_empty(), "{deriv}");
    for l in reduces {
        assert!(l.contains("call reassoc"), "ordered tangent reduction: {l}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
