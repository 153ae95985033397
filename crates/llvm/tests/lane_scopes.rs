//! Alias scopes on forward derivatives (`crates/llvm/src/lane_scopes.rs`): a width-2 derivative
//! of a C function, from clang-22 through `process_module`, tags the accesses based on its
//! pointer arguments with three scopes (primal, lane 0, lane 1) and leaves untagged those through
//! an `enzyme_dupnoneed` argument and through loaded pointers.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use catalase_llvm::driver::process_module;
use catalase_llvm::module_io::{read_module, OwnedContext};
use catalase_llvm::options::Options;

const SOURCE: &str = r#"
typedef struct { double d[2]; } v2;
extern int enzyme_dup, enzyme_dupnoneed, enzyme_width;
v2 __enzyme_fwddiff(void *, ...);
static double f(const double *x, double *y, double *z, double **p) {
  double m = x[0] * y[1];
  y[0] = m;
  z[0] = m;
  **p = m;
  return m + x[1];
}
v2 g(double *x, double *y, double *z, double **p, double *d[8]) {
  return __enzyme_fwddiff((void *)f, enzyme_width, 2, enzyme_dup, x, d[0], d[1], enzyme_dup, y, d[2], d[3],
                          enzyme_dupnoneed, z, d[4], d[5], enzyme_dup, p, (double **)d[6], (double **)d[7]);
}
"#;

fn clang_ir(source: &str) -> Option<String> {
    let mut child = Command::new("clang-22")
        .args(["-O1", "-x", "c", "-", "-S", "-emit-llvm", "-o", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(source.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The metadata id after `key` on `line` (`!alias.scope !12` → 12).
fn tag(line: &str, key: &str) -> Option<u32> {
    let rest = &line[line.find(key)? + key.len()..];
    rest.trim_start().strip_prefix('!')?.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

#[test]
fn lanes_and_primal_memory_get_separate_scopes() {
    let Some(ir) = clang_ir(SOURCE) else {
        eprintln!("notice: clang-22 unavailable, test skipped");
        return;
    };
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), "lanes.ll").expect("clang's IR reads");
    // SAFETY: the module is valid and owned here for the whole call.
    unsafe { process_module(module.raw(), &Options::default()) }.expect("differentiates");
    module.verify().expect("the result verifies");
    let text = module.print_to_string();
    let start = text
        .match_indices("\ndefine ")
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].lines().next().is_some_and(|l| l.contains("@__catalase_fwd_f_ddnd_w2(")))
        .expect("the width-2 derivative");
    let body = &text[start..start + text[start..].find("\n}").expect("its end")];
    let accesses: Vec<&str> = body.lines().filter(|l| l.contains(" = load ") || l.trim_start().starts_with("store ")).collect();
    let scopes: BTreeSet<u32> = accesses.iter().filter_map(|l| tag(l, "!alias.scope")).collect();
    assert_eq!(scopes.len(), 3, "primal, lane 0, lane 1:\n{body}");
    for l in accesses.iter().filter(|l| l.contains("!alias.scope")) {
        assert!(tag(l, "!noalias").is_some_and(|n| !scopes.contains(&n)), "each tagged access names the other scopes: {l}");
    }
    // z (enzyme_dupnoneed): its primal and both lanes; **p: the three stores through loaded pointers.
    let untagged = accesses.iter().filter(|l| !l.contains("!alias.scope")).count();
    assert_eq!(untagged, 6, "{body}");
    assert!(text.matches("distinct !{").count() >= 4, "a self-referential domain and scopes");
    assert!(text.contains("catalase lanes of __catalase_fwd_f_ddnd_w2"));
}
