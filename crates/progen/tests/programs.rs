//! Tests of the generator as a whole: the same seed gives the same text, generated programs
//! compile warning-free with clang-22, and reduction edits keep them compiling.

use std::io::Write;
use std::process::{Command, Stdio};

use catalase_progen::{program_text, Config, Edits};

fn text(seed: u64, size: &str, edits: &str) -> (String, Vec<String>) {
    let cfg = Config::for_size(size).unwrap();
    program_text(seed, &cfg, &Edits::parse(edits).unwrap(), "--seed test")
}

fn have_clang() -> bool {
    let ok = Command::new("clang-22").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "clang-22 is required by this test and was not found: install LLVM 22 (scripts/install-deps.sh)");
    ok
}

/// Compile C text with `clang-22 -Wall -Wextra -Werror -fsyntax-only`; returns the diagnostics
/// on failure.
fn syntax_check(c: &str, standin: bool) -> Result<(), String> {
    syntax_check_with(c, standin, &[])
}

/// `syntax_check` with extra `-D` flags.
fn syntax_check_with(c: &str, standin: bool, defines: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new("clang-22");
    cmd.args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-x", "c", "-"]);
    if standin {
        cmd.arg("-DPROGEN_STANDIN");
    }
    cmd.args(defines);
    let mut child = cmd.stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| e.to_string())?;
    child.stdin.take().unwrap().write_all(c.as_bytes()).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Run `check` over `seeds` on two threads; panics with every failure.
fn check_all(seeds: Vec<u64>, check: fn(u64) -> Result<(), String>) {
    let halves: Vec<Vec<u64>> = vec![
        seeds.iter().copied().step_by(2).collect(),
        seeds.iter().copied().skip(1).step_by(2).collect(),
    ];
    let handles: Vec<_> = halves
        .into_iter()
        .map(|part| std::thread::spawn(move || part.into_iter().filter_map(|s| check(s).err()).collect::<Vec<_>>()))
        .collect();
    let failures: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn size_of(seed: u64) -> &'static str {
    ["small", "medium", "large"][(seed % 3) as usize]
}

#[test]
fn same_seed_same_text() {
    for seed in [0, 1, 17, 12345, u64::MAX] {
        for size in ["small", "medium", "large"] {
            assert_eq!(text(seed, size, ""), text(seed, size, ""));
        }
    }
    assert_ne!(text(1, "small", "").0, text(2, "small", "").0);
}

#[test]
fn two_hundred_seeds_compile_warning_free() {
    if !have_clang() {
        return;
    }
    check_all((0..200).collect(), |seed| {
        let (c, _) = text(seed, size_of(seed), "");
        syntax_check(&c, false).map_err(|e| format!("seed {seed}: {e}"))?;
        syntax_check(&c, true).map_err(|e| format!("seed {seed} (stand-in): {e}"))
    });
}

#[test]
fn one_mode_builds_compile_warning_free() {
    if !have_clang() {
        return;
    }
    check_all((200..240).collect(), |seed| {
        let (c, _) = text(seed, size_of(seed), "");
        for define in ["-DPROGEN_FORWARD_ONLY", "-DPROGEN_REVERSE_ONLY"] {
            for standin in [false, true] {
                syntax_check_with(&c, standin, &[define]).map_err(|e| format!("seed {seed} {define} (stand-in {standin}): {e}"))?;
            }
        }
        Ok(())
    });
}

#[test]
fn both_modes_together_are_refused() {
    if !have_clang() {
        return;
    }
    let (c, _) = text(0, "small", "");
    assert!(syntax_check_with(&c, true, &["-DPROGEN_FORWARD_ONLY", "-DPROGEN_REVERSE_ONLY"]).is_err());
}

/// The gradients of the active scalars come back in a struct laid out in parameter order when
/// there are two (`double y`, `float z`), as a bare `double` when `y` is the only one; split
/// mode's reverse call returns them the same way, and takes the seed and the tape last.
#[test]
fn autodiff_return_follows_the_active_scalars() {
    let (mut with_z, mut without_z) = (0, 0);
    for seed in 0..60 {
        let (c, _) = text(seed, "small", "");
        let sig = c.lines().find(|l| l.starts_with("double f(")).unwrap();
        let (y, z) = (sig.find("double y"), sig.find("float z"));
        match (y, z) {
            (Some(y), Some(z)) => {
                with_z += 1;
                let fields = if y < z { "    double dy;\n    float dz;\n" } else { "    float dz;\n    double dy;\n" };
                assert!(c.contains(&format!("struct GR {{\n{fields}}};")), "seed {seed}");
                assert!(c.contains("struct GR g = __enzyme_autodiff_gr((void *)f, "), "seed {seed}");
                assert!(c.contains("struct GR g = __enzyme_reverse_gr((void *)f, "), "seed {seed}");
            }
            (Some(_), None) => {
                without_z += 1;
                assert!(c.contains("double g = __enzyme_autodiff((void *)f, "), "seed {seed}");
                assert!(c.contains("double g = __enzyme_reverse((void *)f, "), "seed {seed}");
            }
            _ => panic!("seed {seed}: `double y` is always a parameter"),
        }
        assert!(c.contains("struct AUG a = __enzyme_augmentfwd((void *)f, "), "seed {seed}");
        assert!(c.contains(", 1.0, a.tape);"), "seed {seed}");
    }
    assert!(with_z > 0 && without_z > 0);
}

#[test]
fn every_single_edit_keeps_compiling() {
    if !have_clang() {
        return;
    }
    check_all((0..4).collect(), |seed| {
        let (_, sites) = text(seed, "small", "");
        for site in sites {
            let (c, _) = text(seed, "small", &site);
            syntax_check(&c, false).map_err(|e| format!("seed {seed} edit {site}: {e}"))?;
        }
        Ok(())
    });
}

#[test]
fn accumulated_edits_keep_compiling() {
    if !have_clang() {
        return;
    }
    check_all((100..140).collect(), |seed| {
        let mut edits: Vec<String> = Vec::new();
        for round in 0..6 {
            let (_, sites) = text(seed, size_of(seed), &edits.join(","));
            if sites.is_empty() {
                break;
            }
            let pick = (seed as usize * 7919 + round * 104_729) % sites.len();
            edits.push(sites[pick].clone());
            let (c, _) = text(seed, size_of(seed), &edits.join(","));
            syntax_check(&c, true).map_err(|e| format!("seed {seed} edits {}: {e}", edits.join(",")))?;
        }
        Ok(())
    });
}

#[test]
fn edits_remove_their_sites() {
    let (_, sites) = text(3, "medium", "");
    let stmt = sites.iter().find(|s| s.starts_with('d')).unwrap().clone();
    let (_, after) = text(3, "medium", &stmt);
    assert!(!after.contains(&stmt));
    assert!(after.len() < sites.len());
    let expr = sites.iter().find(|s| s.starts_with('c')).unwrap().clone();
    let (c, after) = text(3, "medium", &expr);
    assert!(!after.contains(&expr));
    assert!(c.contains("--edits"));
}
