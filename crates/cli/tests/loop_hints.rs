//! A derivative's loops keep the primal's `llvm.loop` properties: `catalase opt` on clang-22 -O3
//! IR of a loop over `restrict` pointers (a vector body and a scalar remainder, both
//! `llvm.loop.isvectorized` and `llvm.loop.unroll.runtime.disable`) gives the forward
//! derivative's latches the same properties, so the optimizer run again over the derivative
//! neither vectorizes the remainder a second time nor unrolls it. Where the pointers may alias,
//! the scalar loop is also what runs when the run-time checks fail (`isvectorized` without
//! `unroll.runtime.disable`): its derivative loses `isvectorized`, so that the vectorizer may
//! weigh the derivative's larger body again. A gradient's forward sweep, which runs the primal's
//! iterations with its records beside them, keeps them by the same rule.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

const SOURCE: &str = r#"
double __enzyme_fwddiff(void *, ...);
double __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

__attribute__((noinline)) void scale(double a, const double *restrict x, double *restrict y, int n) {
  for (int i = 0; i < n; i++) y[i] = a * x[i] * x[i];
}

__attribute__((noinline)) void axpy(double a, const double *x, double *y, int n) {
  for (int i = 0; i < n; i++) y[i] += a * x[i];
}

void tangents(double a, double da, const double *x, const double *dx, double *y, double *dy, int n) {
  __enzyme_fwddiff((void *)scale, a, da, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
  __enzyme_fwddiff((void *)axpy, a, da, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
}

void gradients(double a, const double *x, double *dx, double *y, double *dy, int n) {
  __enzyme_autodiff((void *)scale, enzyme_const, a, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
  __enzyme_autodiff((void *)axpy, enzyme_const, a, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
}
"#;

/// The lines of the function whose `define` line contains `name`.
fn function_lines<'a>(ir: &'a str, name: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = ir.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("define") && l.contains(name))
        .unwrap_or_else(|| panic!("no function {name} in the output:\n{ir}"));
    let end = lines[start..].iter().position(|l| *l == "}").expect("function ends") + start;
    lines[start..end].to_vec()
}

/// For each branch of `body` with `!llvm.loop !N`, the property names of loop ID `!N`, sorted.
fn loop_properties(ir: &str, body: &[&str]) -> Vec<Vec<String>> {
    let nodes: HashMap<&str, &str> = ir.lines().filter_map(|l| l.split_once(" = ")).filter(|(k, _)| k.starts_with('!')).collect();
    let mut out = Vec::new();
    for l in body.iter().filter(|l| l.trim_start().starts_with("br ")) {
        let Some((_, id)) = l.split_once("!llvm.loop ") else { continue };
        let id = id.split([',', ' ']).next().unwrap();
        let node = nodes.get(id).unwrap_or_else(|| panic!("no node {id}"));
        let mut names: Vec<String> = node
            .trim_start_matches("distinct !{")
            .trim_end_matches('}')
            .split(", ")
            .skip(1)
            .map(|op| {
                let prop = nodes.get(op).unwrap_or_else(|| panic!("no node {op}"));
                prop.split('"').nth(1).unwrap_or("").to_string()
            })
            .collect();
        names.sort();
        out.push(names);
    }
    out.sort();
    out
}

#[test]
fn derivatives_keep_the_primal_loop_properties() {
    let dir: PathBuf = std::env::temp_dir().join(format!("catalase-loophints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (c, ll, out) = (dir.join("axpy.c"), dir.join("in.ll"), dir.join("out.ll"));
    std::fs::write(&c, SOURCE).unwrap();
    let status = Command::new("clang-22").args(["-O3", "-S", "-emit-llvm", "-o"]).arg(&ll).arg(&c).status().unwrap();
    assert!(status.success());
    let run = Command::new(env!("CARGO_BIN_EXE_catalase"))
        .env_remove("CATALASE_OPTIONS")
        .arg("opt")
        .arg(&ll)
        .args(["-S", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let ir = std::fs::read_to_string(&out).unwrap();
    let props = |name: &str| loop_properties(&ir, &function_lines(&ir, name));
    let (vectorized, remainder, must) =
        ("llvm.loop.isvectorized", "llvm.loop.unroll.runtime.disable", "llvm.loop.mustprogress");
    let all = |names: &[&str]| {
        let mut v: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        v.sort();
        v
    };
    // `scale`: a vector body and a remainder, both with all three properties, and so its
    // derivative.
    let primal = props("@scale(");
    assert_eq!(primal, vec![all(&[must, vectorized, remainder]); 2], "{ir}");
    assert_eq!(props("@__catalase_fwd_scale"), primal, "{ir}");
    // `axpy`: the scalar loop is also the fallback; its derivative may be vectorized again.
    assert_eq!(props("@axpy("), vec![all(&[must, vectorized]), all(&[must, vectorized, remainder])], "{ir}");
    assert_eq!(props("@__catalase_fwd_axpy"), vec![all(&[must, vectorized, remainder]), all(&[must])], "{ir}");
    // The gradients: their forward sweeps' latches the same (the reverse sweep's loops have none).
    assert_eq!(props("@__catalase_rev_scale"), primal, "{ir}");
    assert_eq!(props("@__catalase_rev_axpy"), props("@__catalase_fwd_axpy"), "{ir}");
    let _ = std::fs::remove_dir_all(&dir);
}
