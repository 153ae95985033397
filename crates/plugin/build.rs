//! Builds the C++ half of the pass plugin (`src/shim.cpp`) against LLVM 22's headers, found
//! through `llvm-config` (from `LLVM_SYS_221_PREFIX` when set, else `llvm-config-22` on PATH).

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=src/shim.cpp");
    println!("cargo:rerun-if-changed=src/clang_frontend.cpp");
    println!("cargo::rustc-check-cfg=cfg(catalase_clang_frontend)");
    println!("cargo:rerun-if-env-changed=LLVM_SYS_221_PREFIX");
    let llvm_config = find_llvm_config().unwrap_or_else(|| {
        panic!("llvm-config for LLVM 22 not found: install llvm-22-dev or set LLVM_SYS_221_PREFIX")
    });
    let query = |arg: &str| -> String {
        let out = Command::new(&llvm_config)
            .arg(arg)
            .output()
            .unwrap_or_else(|err| panic!("running {} {arg}: {err}", llvm_config.display()));
        assert!(out.status.success(), "{} {arg} failed", llvm_config.display());
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let version = query("--version");
    assert!(version.starts_with("22."), "{} is LLVM {version}, not 22", llvm_config.display());

    let mut build = cc::Build::new();
    build.cpp(true).file("src/shim.cpp").include(query("--includedir")).warnings(false);
    // --cxxflags carries -std, the defines and -fno-exceptions LLVM was built with.
    for flag in query("--cxxflags").split_whitespace() {
        if !flag.starts_with("-I") && !flag.starts_with("-W") {
            build.flag(flag);
        }
    }
    // The plugin's RTTI must match LLVM's (Debian's LLVM has it).
    build.flag(if query("--has-rtti") == "YES" { "-frtti" } else { "-fno-rtti" });
    build.compile("catalase_shim");

    build_clang_frontend(&build, &query("--includedir"));

    // One LLVM in the process: link the shared libLLVM that clang and opt use.
    println!("cargo:rustc-link-search=native={}", query("--libdir"));
    println!("cargo:rustc-link-lib=dylib=LLVM");
}

/// Build `src/clang_frontend.cpp` into `$OUT_DIR/libcatalase_clang.so`, which `lib.rs` embeds,
/// and set the cfg `catalase_clang_frontend`. It needs clang's headers (Debian's
/// `libclang-22-dev`, which `scripts/install-deps.sh` installs); without them the plugin is
/// built without its front-end half and says so when clang loads it with `-fplugin=`.
fn build_clang_frontend(shim: &cc::Build, includedir: &str) {
    let header = PathBuf::from(includedir).join("clang/Basic/ParsedAttrInfo.h");
    if !header.is_file() {
        println!(
            "cargo:warning=clang headers not found ({}): the plugin is built without its -fplugin= half \
             (Enzyme's source attributes); install libclang-22-dev",
            header.display()
        );
        return;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let object = out.join("libcatalase_clang.so");
    // The same compiler and flags as the shim (LLVM's -std, defines, RTTI), linked as a shared
    // object whose clang and LLVM symbols stay undefined: a clang process provides them.
    let compiler = shim.get_compiler();
    let status = compiler
        .to_command()
        .args(["-shared", "-fPIC", "-O2", "-fvisibility-inlines-hidden", "-o"])
        .arg(&object)
        .arg("src/clang_frontend.cpp")
        .arg(format!("-I{includedir}"))
        .status()
        .unwrap_or_else(|err| panic!("running the C++ compiler on src/clang_frontend.cpp: {err}"));
    assert!(status.success(), "compiling src/clang_frontend.cpp failed");
    println!("cargo:rustc-cfg=catalase_clang_frontend");
}

/// `$LLVM_SYS_221_PREFIX/bin/llvm-config`, else `llvm-config-22` or `llvm-config` on PATH.
fn find_llvm_config() -> Option<PathBuf> {
    if let Some(prefix) = std::env::var_os("LLVM_SYS_221_PREFIX") {
        let candidate = PathBuf::from(prefix).join("bin").join("llvm-config");
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    ["llvm-config-22", "llvm-config"]
        .iter()
        .map(PathBuf::from)
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|out| out.status.success()))
}
