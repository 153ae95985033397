//! `libcatalase_plugin.so`, the pass plugin for `opt-22` and `clang-22`.
//!
//! `src/shim.cpp` registers the module passes `catalase` (also `catalase<loose-types;print>`)
//! and `catalase-secure`, and places them in clang's and opt's default pipelines in the order
//! that gives fast derivatives (optimize, differentiate, optimize, as the CLI route and Enzyme
//! do): at PipelineStart `catalase-secure` keeps what optimization would destroy (functions with
//! user rules or inactive markings, registration globals; `catalase_llvm::secure`); at
//! OptimizerLast, after the whole pipeline (vectorized loops included), `catalase` differentiates
//! and, when it rewrote a marker call, sorts every use-list into the order clang's IR parser gives
//! (some passes choose by that order; sorted, the plugin's machine code is the CLI route's) and
//! runs the module simplification and optimization pipelines again over the result, as
//! `clang -O3` does after the CLI route (differentiating at
//! OptimizerEarly, before the vectorizer, cost 13% more instructions on the Brusselator at width
//! 1: the derivative loops were vectorized with runtime checks over every shadow pointer and
//! kept more reloads); at -O0, at OptimizerEarly with nothing after it; at FullLTOEarly
//! `catalase` runs once more (idempotent: a module without marker calls is left alone). The pass
//! hands the module to `catalase_run_module` here, which runs the driver with panics caught and
//! reports every diagnostic through the module's `LLVMContext`: clang and opt print
//! `error: file:line:col: ...` and fail. Options come from `CATALASE_OPTIONS` plus the pass
//! parameters. The plugin entry point `llvmGetPassPluginInfo` is defined here, not in C++,
//! because a cdylib exports only Rust's `#[no_mangle]` symbols.
//!
//! Test hook: `CATALASE_PLUGIN_SELFTEST=error|warning|errors|panic|broken` makes the pass report a
//! fake error, a warning, two errors and a warning (all at `selftest.c:3:7`), or panic, before
//! running the driver; it exists to test the reporting path and is not for users.


use std::ffi::{c_char, c_int, c_void, CStr, CString};

use catalase_llvm::diag::{DiagKind, Diagnostic, SourceLoc};
use catalase_llvm::driver::process_module;
use catalase_llvm::guard;
use catalase_llvm::module_io::verify;
use catalase_llvm::options::Options;
use catalase_llvm::secure;
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
    /// In shim.cpp: registers only `catalase-secure`, at PipelineStart.
    fn catalase_register_secure_only(pass_builder: *mut c_void);
    /// In shim.cpp: `M.getContext().diagnose(DiagnosticInfoGeneric(message, severity))`.
    fn catalase_shim_diagnose(module: LLVMModuleRef, is_error: c_int, message: *const c_char);
}

/// Loaded as clang loads a front-end plugin (`-fplugin=libcatalase_plugin.so`, Enzyme's
/// spelling for its `ClangEnzyme` plugin), this library loads its clang half
/// (`src/clang_frontend.cpp`, built by build.rs and carried inside this library): Enzyme's source
/// attributes, and the pass plugin added to the compilation so that `-fplugin=` alone
/// differentiates. Loaded by `opt` or by `-fpass-plugin=` only, it does nothing here.
#[used]
#[link_section = ".init_array"]
static LOADED_AS_FRONTEND_PLUGIN: extern "C" fn() = loaded_as_frontend_plugin;

extern "C" fn loaded_as_frontend_plugin() {
    let Ok(cmdline) = std::fs::read("/proc/self/cmdline") else { return };
    let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
    let ours = |a: &[u8]| a.windows(b"catalase_plugin".len()).any(|w| w == b"catalase_plugin");
    // A separate `-cc1` process has `-load <path>`; clang's in-process cc1 (one job, as with
    // `-c`) shows the driver's own `-fplugin=<path>`.
    let cc1 = args.iter().any(|a| *a == b"-cc1");
    let loaded = (cc1 && args.windows(2).any(|w| w[0] == b"-load" && ours(w[1])))
        || args.iter().any(|a| a.starts_with(b"-fplugin=") && ours(a));
    if !loaded {
        return;
    }
    if let Err(why) = frontend::load() {
        let as_pass_plugin = args.iter().any(|a| a.starts_with(b"-fpass-plugin=") && ours(a));
        eprintln!(
            "warning: libcatalase_plugin.so was loaded with -fplugin=, but its clang front-end half could not be \
             loaded ({why}): Enzyme's source attributes (enzyme_inactive, ...) are ignored{}",
            if as_pass_plugin {
                ""
            } else {
                " and nothing is differentiated: use -fpass-plugin=<path>/libcatalase_plugin.so"
            }
        );
    }
}

mod frontend {
    use std::ffi::{c_char, c_int, c_void, CStr, CString};

    /// The clang half, built by build.rs.
    #[cfg(catalase_clang_frontend)]
    static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libcatalase_clang.so"));
    #[cfg(not(catalase_clang_frontend))]
    static OBJECT: &[u8] = &[];

    extern "C" {
        fn memfd_create(name: *const c_char, flags: u32) -> c_int;
        fn dlopen(path: *const c_char, flags: c_int) -> *mut c_void;
        fn dlsym(handle: *mut c_void, name: *const c_char) -> *mut c_void;
        fn dlerror() -> *const c_char;
    }
    const RTLD_NOW: c_int = 2;
    const MFD_CLOEXEC: u32 = 1;

    /// Load the clang half from memory (a memfd: nothing is written to disk) and hand it the
    /// functions that register Catalase's passes with a `PassBuilder` (all of them, or only
    /// `catalase-secure`).
    pub fn load() -> Result<(), String> {
        use std::io::Write;
        use std::os::fd::FromRawFd;
        if OBJECT.is_empty() {
            return Err("this build has none: clang's headers (libclang-22-dev) were missing when it was built".into());
        }
        // SAFETY: plain libc calls on values owned here; the memfd stays open (a mapped
        // library keeps its file) for the life of the process, like any loaded plugin.
        unsafe {
            let fd = memfd_create(c"catalase_clang".as_ptr(), MFD_CLOEXEC);
            if fd < 0 {
                return Err(format!("memfd_create: {}", std::io::Error::last_os_error()));
            }
            let mut file = std::mem::ManuallyDrop::new(std::fs::File::from_raw_fd(fd));
            file.write_all(OBJECT).map_err(|e| format!("writing the memfd: {e}"))?;
            let path = CString::new(format!("/proc/self/fd/{fd}")).expect("no NUL");
            let handle = dlopen(path.as_ptr(), RTLD_NOW);
            if handle.is_null() {
                let err = dlerror();
                let err = if err.is_null() { "unknown".into() } else { CStr::from_ptr(err).to_string_lossy() };
                return Err(format!("dlopen: {err}"));
            }
            let set = dlsym(handle, c"catalase_clang_set_pass_registration".as_ptr());
            if set.is_null() {
                return Err("catalase_clang_set_pass_registration not found".into());
            }
            type Registration = unsafe extern "C" fn(*mut c_void);
            let set: extern "C" fn(Registration, Registration) = std::mem::transmute(set);
            set(super::catalase_register_callbacks, super::catalase_register_secure_only);
        }
        Ok(())
    }
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

/// What [`catalase_run_module`] did, as the shim reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
enum RunResult {
    /// No marker call: the module is unchanged.
    Unchanged = 0,
    /// Marker calls were rewritten into calls of new derivatives: optimize them.
    Rewritten = 1,
    /// Errors were reported (the compilation fails); the module may have changed.
    Failed = 2,
}

/// Called by the `catalase` pass for each module: differentiate it. Returns a [`RunResult`].
///
/// # Safety
/// `module` must be the valid module the pass is running on; `params` null or a C string.
#[no_mangle]
pub unsafe extern "C" fn catalase_run_module(module: LLVMModuleRef, params: *const c_char) -> c_int {
    let params = if params.is_null() { String::new() } else { CStr::from_ptr(params).to_string_lossy().into_owned() };
    let result = match guard::catch_panic("the catalase pass", || run(module, &params)) {
        Ok(result) => result,
        Err(diag) => {
            report(module, &diag);
            RunResult::Failed
        }
    };
    result as c_int
}

/// Called by the `catalase-secure` pass (PipelineStart): keep what differentiating after
/// optimization needs. Returns 1 when the module changed.
///
/// # Safety
/// `module` must be the valid module the pass is running on.
#[no_mangle]
pub unsafe extern "C" fn catalase_secure_module(module: LLVMModuleRef) -> c_int {
    match guard::catch_panic("the catalase-secure pass", || secure::secure(module)) {
        Ok(secured) => c_int::from(secured > 0),
        Err(diag) => {
            report(module, &diag);
            1
        }
    }
}

/// The pass proper.
unsafe fn run(module: LLVMModuleRef, params: &str) -> RunResult {
    let options = match options_of(params) {
        Ok(options) => options,
        Err(message) => {
            report(module, &Diagnostic::error(DiagKind::MalformedInput, message));
            return RunResult::Failed;
        }
    };
    if let Some(fake) = selftest_diagnostics() {
        report_all(module, &fake);
    }
    let broken = std::env::var("CATALASE_PLUGIN_SELFTEST").is_ok_and(|v| v == "broken");
    match process_module(module, &options) {
        Ok(outcome) => {
            outcome.warnings.iter().for_each(|warning| report(module, warning));
            if broken {
                add_broken_function(module);
            } else if outcome.rewritten == 0 {
                return RunResult::Unchanged;
            }
            if let Err(message) = verify(module) {
                report(module, &broken_module(&message));
                // Code generation must not run on the broken module (clang would crash).
                catalase_llvm::driver::reduce_to_declarations(module);
                return RunResult::Failed;
            }
            RunResult::Rewritten
        }
        Err(diags) => {
            report_all(module, &diags);
            RunResult::Failed
        }
    }
}

/// `CATALASE_OPTIONS` followed by the pass parameters, parsed as one word list.
fn options_of(params: &str) -> Result<Options, String> {
    let env_words = std::env::var("CATALASE_OPTIONS").unwrap_or_default();
    Options::parse_words(&format!("{env_words} {params}"))
        .map_err(|message| format!("{message} (in CATALASE_OPTIONS or the `catalase<...>` pass parameters)"))
}

/// The `broken` test hook: a function whose block has no terminator, as a Catalase bug would
/// leave it.
unsafe fn add_broken_function(module: LLVMModuleRef) {
    use llvm_sys::core::*;
    let ctx = LLVMGetModuleContext(module);
    let ty = LLVMFunctionType(LLVMVoidTypeInContext(ctx), std::ptr::null_mut(), 0, 0);
    let f = LLVMAddFunction(module, c"catalase.selftest.broken".as_ptr(), ty);
    LLVMAppendBasicBlockInContext(ctx, f, c"entry".as_ptr());
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
/// `file:line:col: message [catalase::kind]`, then the lines of [`Diagnostic::details`].
fn plugin_text(diag: &Diagnostic) -> String {
    let mut text = String::new();
    if let Some(loc) = &diag.loc {
        text.push_str(&format!("{loc}: "));
    }
    text.push_str(&format!("{} [catalase::{}]{}", diag.message, diag.kind.name(), diag.details()));
    text
}
