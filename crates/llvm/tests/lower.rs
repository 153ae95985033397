//! Tests of lowering LLVM IR into Catalase IR.
//!
//! `fixtures` runs every file of `tests/fixtures/lower/`: `.ll` files are read as they are,
//! `.c`/`.cpp` files are compiled with `clang-22 -S -emit-llvm` and the flags of their
//! `FLAGS:` comment line. All defined functions are lowered (or those of a `ROOTS:` line).
//! Expectations are comment lines: `CHECK: <text>` must occur in the printed `.cir` module,
//! in order; `ERROR: <text>` expects lowering to fail with a diagnostic containing the text.
//! With `CATALASE_BLESS=1` the printed module is written next to the fixture as
//! `<name>.cir` for inspection (expectations stay hand-written).
//! `programs_lower_at_every_level` lowers every defined function of `tests/programs/*` at
//! -O0..-O3. The IR verifier runs on every lowered function.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use catalase_ir::printer::{print_function, print_module};
use catalase_ir::verify::verify_function;
use catalase_llvm::lower::{lower_module, lower_module_with};
use catalase_llvm::module_io::{read_module, OwnedContext};
use llvm_sys::core::{LLVMGetFirstFunction, LLVMGetNextFunction, LLVMGetValueName2, LLVMIsDeclaration};
use llvm_sys::prelude::LLVMModuleRef;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Compile a C/C++ file to textual LLVM IR; `dir` is the working directory (debug info names
/// files relative to it).
fn compile(dir: &Path, file: &str, flags: &[&str]) -> Result<String, String> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, AtomicOrdering::Relaxed);
    let name = format!("catalase-lower-{}-{n}-{}.ll", std::process::id(), file.replace('/', "_"));
    let out = std::env::temp_dir().join(name);
    let mut cmd = Command::new("clang-22");
    cmd.current_dir(dir).args(["-S", "-emit-llvm", "-o"]).arg(&out).arg(file).args(flags);
    if file.ends_with(".cpp") && !flags.iter().any(|f| f.starts_with("-std=")) {
        cmd.arg("-std=c++17");
    }
    let res = cmd.output().map_err(|e| format!("cannot run clang-22: {e}"))?;
    if !res.status.success() {
        return Err(format!("clang-22 failed on {file}: {}", String::from_utf8_lossy(&res.stderr)));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{file}: {e}"))?;
    let _ = std::fs::remove_file(&out);
    Ok(text)
}

/// Names of the functions defined in a module.
fn defined_functions(m: LLVMModuleRef) -> Vec<String> {
    let mut names = Vec::new();
    // SAFETY: `m` is a valid module owned by the caller; we only read it.
    unsafe {
        let mut f = LLVMGetFirstFunction(m);
        while !f.is_null() {
            if LLVMIsDeclaration(f) == 0 {
                let mut len = 0;
                let p = LLVMGetValueName2(f, &mut len);
                names.push(String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len)).into_owned());
            }
            f = LLVMGetNextFunction(f);
        }
    }
    names
}

/// Directive lines `KEY: value` in comments (`;` or `//`).
fn directives(text: &str, key: &str) -> Vec<String> {
    let tag = format!("{key}:");
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let body = l.strip_prefix(';').or_else(|| l.strip_prefix("//"))?.trim_start();
            body.strip_prefix(&tag).map(|v| v.trim().to_string())
        })
        .collect()
}

/// Lower `roots` of the IR text; prints and verifies every lowered function.
fn lower_text(ir: &str, name: &str, roots: Option<Vec<String>>) -> Result<String, String> {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), name).map_err(|d| d.to_string())?;
    let roots = roots.unwrap_or_else(|| defined_functions(module.raw()));
    let refs: Vec<&str> = roots.iter().map(String::as_str).collect();
    let lowered = lower_module(module.raw(), &refs)
        .map_err(|ds| ds.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))?;
    let mut problems = Vec::new();
    for f in lowered.functions().values() {
        let _ = print_function(f);
        if let Err(errs) = verify_function(f) {
            problems.push(format!("{}: {errs:?}\n{}", f.name, print_function(f)));
        }
    }
    if !problems.is_empty() {
        return Ok(format!("VERIFIER FAILED\n{}", problems.join("\n")));
    }
    Ok(print_module(&lowered))
}

fn check_fixture(path: &Path) -> Result<(), String> {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let ir = if file.ends_with(".ll") {
        text.clone()
    } else {
        let flags = directives(&text, "FLAGS").join(" ");
        let flags: Vec<&str> = flags.split_whitespace().collect();
        compile(path.parent().unwrap(), &file, &flags)?
    };
    let roots = directives(&text, "ROOTS").first().map(|r| r.split_whitespace().map(String::from).collect());
    let errors = directives(&text, "ERROR");
    let result = lower_text(&ir, &file, roots);
    if !errors.is_empty() {
        let msg = match result {
            Ok(out) => return Err(format!("{file}: expected an error, lowering succeeded:\n{out}")),
            Err(msg) => msg,
        };
        for e in &errors {
            if !msg.contains(e.as_str()) {
                return Err(format!("{file}: diagnostics lack `{e}`:\n{msg}"));
            }
        }
        return Ok(());
    }
    let out = result.map_err(|m| format!("{file}: lowering failed:\n{m}"))?;
    if std::env::var("CATALASE_BLESS").as_deref() == Ok("1") {
        let _ = std::fs::write(path.with_extension("cir"), &out);
    }
    if out.starts_with("VERIFIER FAILED") {
        return Err(format!("{file}: {out}"));
    }
    let mut at = 0;
    for c in directives(&text, "CHECK") {
        match out[at..].find(c.as_str()) {
            Some(p) => at += p + c.len(),
            None => return Err(format!("{file}: `{c}` not found (in order) in:\n{out}")),
        }
    }
    Ok(())
}

#[test]
fn fixtures() {
    let dir = repo_root().join("tests/fixtures/lower");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("ll" | "c" | "cpp")))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "fixtures missing in {}", dir.display());
    let failures: Vec<String> = files.iter().filter_map(|p| check_fixture(p).err()).collect();
    assert!(failures.is_empty(), "{} fixture(s) failed:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn programs_lower_at_every_level() {
    let dir = repo_root().join("tests/programs");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".c") || n.ends_with(".cpp"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut lowered = 0;
    for file in &files {
        // The include directories and the language standard of a program's `// CFLAGS:` (Eigen's
        // headers, -std=c++20); its other flags (sanitizers, LTO) are the harness's to test.
        let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let cflags: Vec<String> = directives(&text, "CFLAGS")
            .iter()
            .flat_map(|l| l.split_whitespace().filter(|f| f.starts_with("-I") || f.starts_with("-std=")).map(str::to_string).collect::<Vec<_>>())
            .collect();
        for level in ["-O0", "-O1", "-O2", "-O3"] {
            let mut flags = vec![level, "-Iinclude"];
            flags.extend(cflags.iter().map(String::as_str));
            let ir = match compile(&dir, file, &flags) {
                Ok(ir) => ir,
                Err(e) => {
                    failures.push(format!("{file} {level}: {e}"));
                    continue;
                }
            };
            match lower_text(&ir, file, None) {
                Ok(out) if out.starts_with("VERIFIER FAILED") => failures.push(format!("{file} {level}: {out}")),
                Ok(_) => lowered += 1,
                // Inline assembly is refused by design (the corpus uses it to make bodies
                // non-differentiable); every other diagnostic is a failure.
                Err(e) if only_inline_asm(&e) => lowered += 1,
                Err(e) => failures.push(format!("{file} {level}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), files.len() * 4, failures.join("\n\n"));
    eprintln!("lowered {lowered} program builds");
}

/// Whether every error in a diagnostics dump is about inline assembly.
fn only_inline_asm(dump: &str) -> bool {
    let errors: Vec<&str> = dump.lines().filter(|l| l.contains("error:")).collect();
    !errors.is_empty() && errors.iter().all(|l| l.contains("inline assembly"))
}

#[test]
fn declare_only_skips_bodies() {
    let ir = r#"
define double @black_box(double %x) {
  %y = call double asm sideeffect "", "=x,0"(double %x)
  ret double %y
}
define double @root(double %x) {
  %a = call double @black_box(double %x)
  ret double %a
}
"#;
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), "m.ll").unwrap();
    let errs = lower_module(module.raw(), &["root"]).expect_err("inline asm is refused");
    assert!(errs[0].to_string().contains("inline assembly"), "{}", errs[0]);
    assert_eq!(errs[0].function.as_deref(), Some("black_box"));
    let m = lower_module_with(module.raw(), &["root"], &|n: &str| n == "black_box").expect("body skipped");
    let bb = m.function(m.find_function("black_box").unwrap());
    assert!(bb.is_declaration());
    assert_eq!(bb.sig.params, vec![catalase_ir::types::Type::F64]);
}

#[test]
fn function_location_from_subprogram() {
    let dir = repo_root().join("tests/fixtures/lower");
    let ir = compile(&dir, "debugloc.c", &["-O1", "-g"]).expect("clang-22 compiles");
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), "debugloc.ll").unwrap();
    let m = lower_module(module.raw(), &["poly"]).expect("lowers");
    let loc = m.function(m.find_function("poly").unwrap()).loc.clone().expect("has a location");
    assert_eq!((loc.file.as_str(), loc.line), ("debugloc.c", 7));
}

#[test]
fn missing_root_is_a_diagnostic() {
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, b"declare double @ext(double)\n", "m.ll").unwrap();
    let errs = lower_module(module.raw(), &["nothere", "ext"]).expect_err("must fail");
    assert_eq!(errs.len(), 2);
    assert!(errs[0].message.contains("`nothere` does not exist"), "{}", errs[0]);
    assert!(errs[1].message.contains("`ext` has no body"), "{}", errs[1]);
}

#[test]
fn reachable_functions_and_declarations() {
    let ir = r#"
define internal double @helper(double %x) {
  %y = call double @llvm.sqrt.f64(double %x)
  ret double %y
}
define double @root(double %x) {
  %a = call double @helper(double %x)
  %b = call double @sin(double %a)
  ret double %b
}
define double @unrelated(double %x) {
  ret double %x
}
declare double @sin(double) nounwind
declare double @llvm.sqrt.f64(double)
"#;
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), "m.ll").unwrap();
    let m = lower_module(module.raw(), &["root"]).expect("lowers");
    let names: Vec<(&str, bool)> = m.functions().values().map(|f| (f.name.as_str(), f.is_declaration())).collect();
    assert_eq!(names, vec![("root", false), ("helper", false), ("sin", true), ("llvm.sqrt.f64", true)]);
    let sin = m.function(m.find_function("sin").unwrap());
    assert!(sin.attrs.func_has("nounwind"));
}

#[test]
fn attributes_round_trip_through_apply_attrs() {
    use catalase_ir::types::Type;
    use catalase_llvm::attrs::{apply_attrs, function_attrs, AttrTarget};
    use llvm_sys::core::{
        LLVMAddFunction, LLVMDoubleTypeInContext, LLVMGetNamedFunction, LLVMGlobalGetValueType,
        LLVMInt32TypeInContext, LLVMStructTypeInContext,
    };
    let ir = r#"
%pair = type { double, i32 }
declare noundef i32 @src(ptr byval(%pair) align 8 dereferenceable(16), double noundef) #0
attributes #0 = { nounwind memory(argmem: write) "enzyme_inactive" "target-cpu"="x86-64" }
"#;
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, ir.as_bytes(), "m.ll").unwrap();
    // SAFETY: the module and its context are alive; the functions named exist.
    unsafe {
        let src = LLVMGetNamedFunction(module.raw(), c"src".as_ptr());
        let attrs = function_attrs(src, 2);
        assert!(attrs.func_has("enzyme_inactive") && attrs.func_has("memory"), "{attrs:?}");
        let dst = LLVMAddFunction(module.raw(), c"dst".as_ptr(), LLVMGlobalGetValueType(src));
        let mut raise = |t: &Type| {
            assert_eq!(*t, Type::strukt(vec![Type::F64, Type::I32]));
            let mut fields = [LLVMDoubleTypeInContext(ctx.raw()), LLVMInt32TypeInContext(ctx.raw())];
            LLVMStructTypeInContext(ctx.raw(), fields.as_mut_ptr(), 2, 0)
        };
        let skipped = apply_attrs(ctx.raw(), AttrTarget::Function(dst), &attrs, &mut raise);
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(function_attrs(dst, 2), attrs);
    }
    let text = module.print_to_string();
    let line = text.lines().find(|l| l.contains("@dst(")).expect("dst declared").to_string();
    assert!(line.contains("byval({ double, i32 }) align 8 dereferenceable(16)"), "{line}");
    assert!(line.contains("noundef i32 @dst"), "{line}");
}
