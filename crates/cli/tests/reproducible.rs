//! `catalase opt` writes the same bytes in every run: nothing the output holds (function order,
//! value names, metadata) depends on the order of a hash map, which Rust seeds anew in each
//! process. Large modules with both modes (bench kernels at -O2: gradients, tangents at widths
//! 1 and 8) run several times each.

use std::path::{Path, PathBuf};
use std::process::Command;

const KERNELS: [&str; 4] = ["fft_grad.c", "gmm_grad.c", "lstm_grad.c", "ba_grad.c"];
const RUNS: usize = 6;

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("catalase-reproducible-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn opt(input: &Path, output: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_catalase")).arg("opt").arg(input).arg("-o").arg(output).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read(output).unwrap()
}

#[test]
fn the_same_module_gives_the_same_bytes_in_every_run() {
    let kernels = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/kernels");
    let dir = scratch();
    for kernel in KERNELS {
        let ll = dir.join(kernel.replace(".c", ".ll"));
        let cc = Command::new("clang-22").args(["-O2", "-S", "-emit-llvm", "-o"]).arg(&ll).arg(kernels.join(kernel)).output().expect("clang-22 runs");
        assert!(cc.status.success(), "{}", String::from_utf8_lossy(&cc.stderr));
        let first = opt(&ll, &dir.join("first.ll"));
        let text = String::from_utf8_lossy(&first);
        assert!(text.contains("@__catalase_rev") && text.contains("@__catalase_fwd"), "{kernel}: both modes");
        for run in 1..RUNS {
            let again = opt(&ll, &dir.join("again.ll"));
            if again != first {
                let (a, b) = (String::from_utf8_lossy(&first).into_owned(), String::from_utf8_lossy(&again).into_owned());
                let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
                panic!("{kernel}: run {run} differs from the first at line {}:\n  {}\n  {}", line + 1, a.lines().nth(line).unwrap_or(""), b.lines().nth(line).unwrap_or(""));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
