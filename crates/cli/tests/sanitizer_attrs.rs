//! The derivatives carry the sanitizer attributes of the module they are made in: a module
//! compiled with `-fsanitize=address` (clang gives `sanitize_address` to each function) gets
//! gradients that AddressSanitizer instruments too, and a module without it gets none.

use std::path::Path;
use std::process::Command;

const PROGRAM: &str = "extern int enzyme_dup;\n\
double __enzyme_autodiff(void *, ...);\n\
__attribute__((noinline)) static double sq(const double *x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x[i] * x[i]; return s; }\n\
void grad(double *x, double *dx) { __enzyme_autodiff((void *)sq, enzyme_dup, x, dx, 8); }\n";

/// The attribute group text of each `define` whose line contains `name` (empty without one).
fn attrs_of(ir: &str, name: &str) -> Vec<String> {
    let group = |l: &str| l.rsplit(' ').find(|w| w.starts_with('#')).map(str::to_string);
    let text = |g: Option<String>| match g {
        Some(g) => ir.lines().find(|l| l.starts_with(&format!("attributes {g} ="))).unwrap_or_default().to_string(),
        None => String::new(),
    };
    ir.lines().filter(|l| l.starts_with("define") && l.contains(name)).map(|l| text(group(l))).collect()
}

fn derive(dir: &Path, flags: &[&str]) -> String {
    let (c, ll, out) = (dir.join("p.c"), dir.join("in.ll"), dir.join("out.ll"));
    std::fs::write(&c, PROGRAM).unwrap();
    let status = Command::new("clang-22").args(["-O1", "-S", "-emit-llvm"]).args(flags).arg("-o").arg(&ll).arg(&c).status().expect("clang-22 runs");
    assert!(status.success());
    let run = Command::new(env!("CARGO_BIN_EXE_catalase")).env_remove("CATALASE_OPTIONS").arg("opt").arg(&ll).arg("-S").arg("-o").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn gradients_get_the_modules_sanitizer_attributes() {
    let dir = std::env::temp_dir().join(format!("catalase-sanitizer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let asan = derive(&dir, &["-fsanitize=address"]);
    let rev = attrs_of(&asan, "@__catalase_rev_sq");
    assert!(!rev.is_empty(), "no gradient of sq:\n{asan}");
    assert!(rev.iter().all(|a| a.contains("sanitize_address")), "{rev:?}");
    let plain = derive(&dir, &[]);
    let rev = attrs_of(&plain, "@__catalase_rev_sq");
    assert!(!rev.is_empty() && rev.iter().all(|a| !a.contains("sanitize_")), "{rev:?}");
    std::fs::remove_dir_all(&dir).ok();
}
