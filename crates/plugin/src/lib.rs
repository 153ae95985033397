//! `libcatalase_plugin.so`, the pass plugin for `opt-22` and `clang-22`.
//!
//! `src/shim.cpp` registers the module pass `catalase` (also `catalase<loose-types;print>`)
//! and adds it at the PipelineStart and FullLTOEarly extension points, so
//! `clang-22 -fpass-plugin=libcatalase_plugin.so` runs it at every `-O` level. The pass hands
//! the module to `catalase_run_module` here, which runs the driver with panics caught and
//! reports every diagnostic through the module's `LLVMContext`: clang and opt print
//! `error: file:line:col: ...` and fail. Options come from `CATALASE_OPTIONS` plus the pass
//! parameters. The plugin entry point `llvmGetPassPluginInfo` is defined here, not in C++,
//! because a cdylib exports only Rust's `#[no_mangle]` symbols.
//!
//! Test hook: `CATALASE_PLUGIN_SELFTEST=error|warning|errors|panic` makes the pass report a
//! fake error, a warning, two errors and a warning (all at `selftest.c:3:7`), or panic, before
//! running the driver; it exists to test the reporting path and is not for users.


use std::ffi::{c_char, c_int, c_void, CStr, CString};

use catalase_ir::diag::{DiagKind, Diagnostic, SourceLoc};
use catalase_llvm::driver::process_module;
use catalase_llvm::guard;
use catalase_llvm::module_io::verify;
use catalase_llvm::options::Options;
use llvm_sys::prelude::LLVMModuleRef;

/// `LLVM_PLUGIN_API_VERSION` of LLVM 22.
const PLUGIN_API_VERSION: u32 = 2;

/// `llvm::PassPluginLibraryInfo` of LLVM 22 (`llvm/Plugins/PassPlugin.h`): five fields.
#[repr(C)]
pub struct PassPluginLibraryInfo {
    api_version: u32,
    plugin_name: *const c_char,
    plugin_version: *const c_char,
    /// `void (*)(llvm::PassBuilder &)`.
    register_callbacks: Option<unsafe extern "C" fn(*mut c_void)>,
    /// `bool (*)(Module &, TargetMachine &, CodeGenFileType, raw_pwrite_stream &)`; unused.
    pre_codegen: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, c_int, *mut c_void) -> bool>,
}

extern "C" {
    /// In shim.cpp: registers the pass and its extension points with a `PassBuilder`.
    fn catalase_register_callbacks(pass_builder: *mut c_void);
    /// In shim.cpp: `M.getContext().diagnose(DiagnosticInfoGeneric(message, severity))`.
    fn catalase_shim_diagnose(module: LLVMModuleRef, is_error: c_int, message: *const c_char);
}

/// The entry point LLVM looks up when it loads the plugin.
#[no_mangle]
pub extern "C" fn llvmGetPassPluginInfo() -> PassPluginLibraryInfo {
    PassPluginLibraryInfo {
        api_version: PLUGIN_API_VERSION,
        plugin_name: c"Catalase".as_ptr(),
        plugin_version: concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast(),
        register_callbacks: Some(catalase_register_callbacks),
        pre_codegen: None,
    }
}

/// Called by the pass for each module. Returns 1 when the module may have changed.
///
/// # Safety
/// `module` must be the valid module the pass is running on; `params` null or a C string.
#[no_mangle]
pub unsafe extern "C" fn catalase_run_module(module: LLVMModuleRef, params: *const c_char) -> c_int {
    let params = if params.is_null() { String::new() } else { CStr::from_ptr(params).to_string_lossy().into_owned() };
    match guard::catch_panic("the catalase pass", || run(module, &params)) {
        Ok(changed) => c_int::from(changed),
        Err(diag) => {
            report(module, &diag);
            1
        }
    }
}

/// The pass proper; returns whether the module may have changed.
unsafe fn run(module: LLVMModuleRef, params: &str) -> bool {
    let options = match options_of(params) {
        Ok(options) => options,
        Err(message) => {
            report(module, &Diagnostic::error(DiagKind::MalformedInput, message));
            return false;
        }
    };
    if let Some(fake) = selftest_diagnostics() {
        report_all(module, &fake);
    }
    match process_module(module, &options) {
        Ok(outcome) => {
            outcome.warnings.iter().for_each(|warning| report(module, warning));
            if outcome.rewritten == 0 {
                return false;
            }
            if let Err(message) = verify(module) {
                report(module, &broken_module(&message));
            }
            true
        }
        Err(diags) => {
            report_all(module, &diags);
            true
        }
    }
}

/// `CATALASE_OPTIONS` followed by the pass parameters, parsed as one word list.
fn options_of(params: &str) -> Result<Options, String> {
    let env_words = std::env::var("CATALASE_OPTIONS").unwrap_or_default();
    Options::parse_words(&format!("{env_words} {params}"))
        .map_err(|message| format!("{message} (in CATALASE_OPTIONS or the `catalase<...>` pass parameters)"))
}

/// The test hook described in the module docs.
fn selftest_diagnostics() -> Option<Vec<Diagnostic>> {
    let loc = Some(SourceLoc { file: "selftest.c".to_string(), line: 3, col: 7 });
    let error = |n: u32| Diagnostic::error(DiagKind::Unsupported, format!("catalase plugin self-test error {n}")).at_loc(loc.clone());
    let warning = Diagnostic::warning(DiagKind::Unsupported, "catalase plugin self-test warning").at_loc(loc.clone());
    match std::env::var("CATALASE_PLUGIN_SELFTEST").ok()?.as_str() {
        "error" => Some(vec![error(1)]),
        "warning" => Some(vec![warning]),
        "errors" => Some(vec![error(1), warning, error(2)]),
        "panic" => panic!("catalase plugin self-test panic"),
        _ => None,
    }
}

fn broken_module(report: &str) -> Diagnostic {
    Diagnostic::error(
        DiagKind::Internal,
        format!("internal error: the module produced by Catalase fails LLVM's verifier: {}", report.trim()),
    )
    .with_help("this is a Catalase bug; please report it with the input module")
}

/// Report warnings one by one, then all errors in a single LLVM diagnostic: opt's default
/// handler exits at the first error, and this way it still shows every one (clang prints the
/// joined text as consecutive `error:` lines).
unsafe fn report_all(module: LLVMModuleRef, diags: &[Diagnostic]) {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diags.iter().partition(|diag| diag.is_error());
    warnings.iter().for_each(|warning| report(module, warning));
    if errors.is_empty() {
        return;
    }
    let joined: Vec<String> = errors.iter().map(|error| plugin_text(error)).collect();
    let text = CString::new(joined.join("\nerror: ").replace('\0', "?")).unwrap_or_default();
    catalase_shim_diagnose(module, 1, text.as_ptr());
}

/// Hand `diag` to LLVM's diagnostic machinery.
unsafe fn report(module: LLVMModuleRef, diag: &Diagnostic) {
    let text = CString::new(plugin_text(diag).replace('\0', "?")).unwrap_or_default();
    catalase_shim_diagnose(module, c_int::from(diag.is_error()), text.as_ptr());
}

/// The diagnostic as LLVM prints it after its own `error: ` / `warning: ` prefix:
/// `file:line:col: message [catalase::kind]`, then the function, instruction and help lines.
fn plugin_text(diag: &Diagnostic) -> String {
    let mut text = String::new();
    if let Some(loc) = &diag.loc {
        text.push_str(&format!("{loc}: "));
    }
    text.push_str(&format!("{} [catalase::{}]", diag.message, diag.kind.name()));
    if let Some(function) = &diag.function {
        text.push_str(&format!("\n  --> in function `{function}`"));
    }
    if let Some(inst) = &diag.instruction {
        text.push_str(&format!("\n  --> instruction: {}", inst.trim()));
    }
    if let Some(help) = &diag.help {
        text.push_str(&format!("\n  help: {help}"));
    }
    text
}
