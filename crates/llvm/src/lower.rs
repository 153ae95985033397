//! Lowering: LLVM IR → Catalase IR (DESIGN.md §3, §6).
//!
//! [`lower_module`] lowers the root functions and every defined function reachable from them
//! through direct calls or invokes; every other function they call (external functions,
//! intrinsics) becomes a declaration with its signature and attributes, and so does every
//! function whose address is taken and that is not otherwise in the result. Every global
//! variable referenced becomes a `Global` (its initializer stays in LLVM).
//!
//! The mapping, piece by piece (submodules):
//! - `types`: LLVM types → `Type`, signatures, data-layout sizes, debug locations;
//! - `consts`: constants and constant expressions (materialized as instructions before use);
//! - `function`: one function: blocks in reverse post-order, phi nodes → block parameters
//!   (each predecessor's terminator passes the incoming values), the per-instruction driver;
//! - `insts`: arithmetic, casts, comparisons, vectors, aggregates, memory, `getelementptr` →
//!   `ptradd` with byte offsets from the module's data layout;
//! - `calls`: calls, invokes, landing pads, terminators.
//!
//! Choices worth knowing: unreachable blocks are dropped (they cannot be used by reachable
//! code); `llvm.dbg.*` calls and operand bundles are dropped; `x86_fp80`/`fp128` values are
//! carried as `opaque(..)`; `x86_fp80` arithmetic and constants are lowered (the generators
//! refuse it where it would carry a derivative), computing with `fp128` or writing its non-zero
//! constants is Unsupported; `ptrtoaddr` becomes
//! `ptrtoint`; weak `cmpxchg` becomes strong; a function's personality is recorded as the
//! string attribute [`crate::attrs::PERSONALITY_ATTR`]. Anything else unknown is a
//! `DiagKind::Unsupported` diagnostic naming the function, the printed instruction and the
//! source line — never a panic and never a silent drop.

mod calls;
mod consts;
mod function;
mod insts;
pub(crate) mod stack_only;
mod types;

use std::collections::{HashMap, HashSet, VecDeque};
use std::ffi::CString;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::{Global, Linkage, Module};
use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMModuleRef, LLVMValueRef};
use llvm_sys::target::{LLVMGetModuleDataLayout, LLVMTargetDataRef};
use llvm_sys::LLVMLinkage;

pub(crate) use types::function_loc;
pub use types::{lower_signature, lower_type};

/// Lower `roots` and what they reach into one Catalase module.
///
/// The signature is safe, but `module` must be a valid LLVM module that stays alive and
/// unmodified during the call (every caller in this crate owns or borrows one).
/// Returns every diagnostic found (lowering goes on after an error to report them all).
pub fn lower_module(module: LLVMModuleRef, roots: &[&str]) -> Result<Module, Vec<Diagnostic>> {
    lower_module_with(module, roots, &|_: &str| false)
}

/// The declaration (name, signature, attributes) of function `name` of `module`, without its
/// body; `None` when the module has no such function.
///
/// `module` must be a valid LLVM module, alive and unmodified during the call.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // safe signature by design, see the doc above
pub fn declare_function(module: LLVMModuleRef, name: &str) -> Option<catalase_ir::Function> {
    let c = CString::new(name).ok()?;
    // SAFETY: the caller guarantees `module` is valid for the duration of the call.
    unsafe {
        let f = LLVMGetNamedFunction(module, c.as_ptr());
        (!f.is_null()).then(|| types::declaration(f))
    }
}

/// [`lower_module`], except that defined functions for which `declare_only(name)` is true
/// (and that are not roots) become declarations: their bodies are not lowered. Use it for
/// functions whose bodies Catalase must not look at (inactive functions, functions with a
/// registered derivative), which may hold constructs lowering refuses (inline assembly).
///
/// `module` must be a valid LLVM module, alive and unmodified during the call.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // safe signature by design, see the doc above
pub fn lower_module_with(
    module: LLVMModuleRef,
    roots: &[&str],
    declare_only: &dyn Fn(&str) -> bool,
) -> Result<Module, Vec<Diagnostic>> {
    // SAFETY: the caller guarantees `module` is valid for the duration of the call.
    unsafe { ModuleCx::new(module).run(roots, declare_only) }
}

/// State shared by the functions of one lowering.
pub(crate) struct ModuleCx {
    pub(crate) module: LLVMModuleRef,
    pub(crate) layout: LLVMTargetDataRef,
    /// Functions to lower or declare, in discovery order.
    queue: VecDeque<LLVMValueRef>,
    queued: HashSet<LLVMValueRef>,
    /// Functions whose address is used as a value, in discovery order (and as a set).
    addr_taken: Vec<LLVMValueRef>,
    addr_taken_set: HashSet<LLVMValueRef>,
    globals: Vec<Global>,
    global_names: HashMap<String, usize>,
    pub(crate) diags: Vec<Diagnostic>,
    enzyme_inactive_kind: u32,
}

impl ModuleCx {
    unsafe fn new(module: LLVMModuleRef) -> ModuleCx {
        let ctx = LLVMGetModuleContext(module);
        let md = "enzyme_inactive";
        let kind = LLVMGetMDKindIDInContext(ctx, md.as_ptr() as *const _, md.len() as u32);
        ModuleCx {
            module,
            layout: LLVMGetModuleDataLayout(module),
            queue: VecDeque::new(),
            queued: HashSet::new(),
            addr_taken: Vec::new(),
            addr_taken_set: HashSet::new(),
            globals: Vec::new(),
            global_names: HashMap::new(),
            diags: Vec::new(),
            enzyme_inactive_kind: kind,
        }
    }

    unsafe fn run(mut self, roots: &[&str], declare_only: &dyn Fn(&str) -> bool) -> Result<Module, Vec<Diagnostic>> {
        for root in roots {
            let f = match CString::new(*root) {
                Ok(c) => LLVMGetNamedFunction(self.module, c.as_ptr()),
                Err(_) => std::ptr::null_mut(),
            };
            if f.is_null() || LLVMIsDeclaration(f) != 0 {
                let what = if f.is_null() { "does not exist" } else { "has no body" };
                self.diags.push(
                    Diagnostic::error(DiagKind::NoFunction, format!("function `{root}` {what} in the module"))
                        .with_help("pass the name of a function defined in this module"),
                );
                continue;
            }
            self.enqueue(f);
        }
        let mut out = Module::default();
        let roots: HashSet<&str> = roots.iter().copied().collect();
        while let Some(f) = self.queue.pop_front() {
            let is_root = roots.contains(value_name(f).as_str());
            let lowered = if LLVMIsDeclaration(f) != 0 || (!is_root && declare_only(&value_name(f))) {
                types::declaration(f)
            } else {
                function::lower_function(&mut self, f)
            };
            out.add_function(lowered);
        }
        for f in std::mem::take(&mut self.addr_taken) {
            let name = value_name(f);
            if out.find_function(&name).is_none() {
                out.add_function(types::declaration(f));
            }
        }
        for g in std::mem::take(&mut self.globals) {
            out.add_global(g);
        }
        if self.diags.iter().any(Diagnostic::is_error) {
            return Err(self.diags);
        }
        Ok(out)
    }

    /// Queue a function (called directly) for lowering or declaration.
    pub(crate) fn enqueue(&mut self, f: LLVMValueRef) {
        if self.queued.insert(f) {
            self.queue.push_back(f);
        }
    }

    /// Note a function whose address is used as a value.
    pub(crate) fn note_address_taken(&mut self, f: LLVMValueRef) {
        if !self.queued.contains(&f) && self.addr_taken_set.insert(f) {
            self.addr_taken.push(f);
        }
    }

    /// Record a referenced global variable (once).
    pub(crate) unsafe fn note_global(&mut self, g: LLVMValueRef) {
        let name = value_name(g);
        if self.global_names.contains_key(&name) {
            return;
        }
        let global = Global {
            name: name.clone(),
            ty: lower_type(LLVMGlobalGetValueType(g)),
            constant: crate::shadow_init::catalase_constant(g),
            inactive: self.has_inactive_metadata(g),
        };
        self.global_names.insert(name, self.globals.len());
        self.globals.push(global);
    }

    unsafe fn has_inactive_metadata(&self, g: LLVMValueRef) -> bool {
        let mut n = 0usize;
        let entries = LLVMGlobalCopyAllMetadata(g, &mut n);
        if entries.is_null() {
            return false;
        }
        let found = (0..n).any(|i| LLVMValueMetadataEntriesGetKind(entries, i as u32) == self.enzyme_inactive_kind);
        LLVMDisposeValueMetadataEntries(entries);
        found
    }
}

/// The name of a named LLVM value (functions, globals).
pub(crate) unsafe fn value_name(v: LLVMValueRef) -> String {
    let mut len = 0usize;
    let p = LLVMGetValueName2(v, &mut len);
    if p.is_null() || len == 0 {
        return String::new();
    }
    String::from_utf8_lossy(std::slice::from_raw_parts(p as *const u8, len)).into_owned()
}

/// LLVM's printed form of a value (for diagnostics).
pub(crate) unsafe fn print_value(v: LLVMValueRef) -> String {
    let p = LLVMPrintValueToString(v);
    if p.is_null() {
        return String::new();
    }
    let s = std::ffi::CStr::from_ptr(p).to_string_lossy().trim().to_string();
    LLVMDisposeMessage(p);
    s
}

/// Catalase's word for an LLVM linkage.
pub(crate) fn linkage(l: LLVMLinkage) -> Linkage {
    match l {
        LLVMLinkage::LLVMExternalLinkage => Linkage::External,
        LLVMLinkage::LLVMInternalLinkage => Linkage::Internal,
        LLVMLinkage::LLVMPrivateLinkage => Linkage::Private,
        LLVMLinkage::LLVMWeakODRLinkage => Linkage::WeakOdr,
        LLVMLinkage::LLVMLinkOnceODRLinkage => Linkage::LinkOnceOdr,
        _ => Linkage::Other,
    }
}

/// An `Unsupported` diagnostic with a help line (function, instruction and location are
/// filled in by the per-instruction driver).
pub(crate) fn unsupported(message: impl Into<String>, help: impl Into<String>) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(DiagKind::Unsupported, message).with_help(help))
}

/// Results inside lowering (the diagnostic is boxed: it is large and errors are rare).
pub(crate) type LResult<T> = Result<T, Box<Diagnostic>>;

/// An internal-error diagnostic (a Catalase bug, not the input's fault).
pub(crate) fn internal(message: impl Into<String>) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(DiagKind::Internal, message))
}

/// Help line for constructs Catalase cannot lower yet.
pub(crate) const HELP_REPORT: &str =
    "Catalase cannot lower this construct; rewrite the code to avoid it or report the case";
