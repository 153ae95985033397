//! Reading, printing, writing and verifying LLVM modules, behind small RAII wrappers.
//!
//! `OwnedContext` and `OwnedModule` dispose of what they own when dropped; a module borrows
//! its context, so it cannot outlive it. Free functions taking a raw `LLVMModuleRef` serve the
//! plugin, whose module belongs to clang/opt. Text (`.ll`) and bitcode (`.bc`) input are told
//! apart by the bitcode magic number, not by the file name.

use std::ffi::{c_char, CStr, CString};
use std::marker::PhantomData;
use std::ptr;

use catalase_ir::diag::{DiagKind, Diagnostic, SourceLoc};
use llvm_sys::analysis::{LLVMVerifierFailureAction, LLVMVerifyModule};
use llvm_sys::core::{
    LLVMCloneModule, LLVMContextCreate, LLVMContextDispose, LLVMCreateMemoryBufferWithMemoryRangeCopy,
    LLVMDisposeMemoryBuffer, LLVMDisposeMessage, LLVMDisposeModule, LLVMGetBufferSize, LLVMGetBufferStart,
    LLVMGetModuleContext, LLVMPrintModuleToString,
};
use llvm_sys::bit_writer::LLVMWriteBitcodeToMemoryBuffer;
use llvm_sys::ir_reader::LLVMParseIRInContext2;
use llvm_sys::prelude::{LLVMContextRef, LLVMMemoryBufferRef, LLVMModuleRef};

/// An LLVM context owned by Rust; disposed on drop (after every module borrowing it).
pub struct OwnedContext {
    raw: LLVMContextRef,
}

impl OwnedContext {
    pub fn new() -> OwnedContext {
        // SAFETY: creating a context has no preconditions.
        OwnedContext { raw: unsafe { LLVMContextCreate() } }
    }

    pub fn raw(&self) -> LLVMContextRef {
        self.raw
    }
}

impl Default for OwnedContext {
    fn default() -> Self {
        OwnedContext::new()
    }
}

impl Drop for OwnedContext {
    fn drop(&mut self) {
        // SAFETY: we own the context; modules borrowing it were dropped first (lifetime `'ctx`).
        unsafe { LLVMContextDispose(self.raw) }
    }
}

/// An LLVM module owned by Rust; disposed on drop. `'ctx` is the context it lives in.
pub struct OwnedModule<'ctx> {
    raw: LLVMModuleRef,
    _context: PhantomData<&'ctx OwnedContext>,
}

impl<'ctx> OwnedModule<'ctx> {
    /// Take ownership of `raw`.
    ///
    /// # Safety
    /// `raw` must be a valid module that nothing else disposes, and its context must outlive
    /// `'ctx`.
    pub unsafe fn from_raw(raw: LLVMModuleRef) -> OwnedModule<'ctx> {
        OwnedModule { raw, _context: PhantomData }
    }

    pub fn raw(&self) -> LLVMModuleRef {
        self.raw
    }

    /// Give up ownership without disposing.
    pub fn into_raw(self) -> LLVMModuleRef {
        let raw = self.raw;
        std::mem::forget(self);
        raw
    }

    /// A deep copy in the same context.
    pub fn clone_module(&self) -> OwnedModule<'ctx> {
        // SAFETY: self.raw is valid; the clone lives in the same context.
        unsafe { OwnedModule::from_raw(LLVMCloneModule(self.raw)) }
    }

    pub fn print_to_string(&self) -> String {
        // SAFETY: self.raw is a valid module.
        unsafe { print_to_string(self.raw) }
    }

    pub fn write_bitcode_to_bytes(&self) -> Vec<u8> {
        // SAFETY: self.raw is a valid module.
        unsafe { write_bitcode_to_bytes(self.raw) }
    }

    pub fn verify(&self) -> Result<(), String> {
        // SAFETY: self.raw is a valid module.
        unsafe { verify(self.raw) }
    }
}

impl Drop for OwnedModule<'_> {
    fn drop(&mut self) {
        // SAFETY: we own the module and its context is still alive (`'ctx`).
        unsafe { LLVMDisposeModule(self.raw) }
    }
}

/// True when `bytes` start with the bitcode magic (`BC 0xC0DE`) or the bitcode wrapper magic.
pub fn is_bitcode(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x42, 0x43, 0xC0, 0xDE]) || bytes.starts_with(&[0xDE, 0xC0, 0x17, 0x0B])
}

/// Read a module from `bytes` (text IR or bitcode, detected by the magic number).
///
/// `name` names the input in messages (a file name, or `<stdin>`). Unreadable input gives a
/// `MalformedInput` diagnostic carrying LLVM's own message.
pub fn read_module<'ctx>(ctx: &'ctx OwnedContext, bytes: &[u8], name: &str) -> Result<OwnedModule<'ctx>, Diagnostic> {
    let buffer = MemoryBuffer::copy_of(bytes, name);
    let mut module: LLVMModuleRef = ptr::null_mut();
    let mut message: *mut c_char = ptr::null_mut();
    // SAFETY: the context and buffer are valid; neither call takes ownership of the buffer,
    // which is disposed when `buffer` drops.
    let failed = unsafe {
        if is_bitcode(bytes) {
            #[allow(deprecated)] // the `2` variant reports errors only through the context's handler
            llvm_sys::bit_reader::LLVMParseBitcodeInContext(ctx.raw(), buffer.raw, &mut module, &mut message)
        } else {
            LLVMParseIRInContext2(ctx.raw(), buffer.raw, &mut module, &mut message)
        }
    };
    // SAFETY: `message` is null or a message LLVM allocated for us.
    let text = unsafe { take_message(message) };
    if failed != 0 || module.is_null() {
        let what = if is_bitcode(bytes) { "bitcode" } else { "LLVM IR" };
        return Err(parse_error(what, name, text.as_deref().unwrap_or("unknown error")));
    }
    // SAFETY: parsing succeeded, so `module` is a fresh module in `ctx` that we now own.
    let module = unsafe { OwnedModule::from_raw(module) };
    // SAFETY: the module is valid and owned.
    if let Some(fake) = unsafe { false_intrinsic(module.raw) } {
        let what = if is_bitcode(bytes) { "bitcode" } else { "LLVM IR" };
        return Err(Diagnostic::error(
            DiagKind::MalformedInput,
            format!("cannot read {what} from `{name}`: the function `{fake}` is named like an LLVM intrinsic but is not one"),
        )
        .with_help("the input must be LLVM 22 IR (`.ll`) or bitcode (`.bc`), e.g. from `clang-22 -S -emit-llvm`"));
    }
    Ok(module)
}

/// The first function whose name starts with `llvm.` but that is no intrinsic LLVM 22 knows
/// (damaged input: Catalase could not declare it again in the code it generates).
unsafe fn false_intrinsic(module: LLVMModuleRef) -> Option<String> {
    let mut f = llvm_sys::core::LLVMGetFirstFunction(module);
    while !f.is_null() {
        let mut len = 0usize;
        let ptr = llvm_sys::core::LLVMGetValueName2(f, &mut len);
        let name = std::slice::from_raw_parts(ptr as *const u8, len);
        if name.starts_with(b"llvm.") && llvm_sys::core::LLVMGetIntrinsicID(f) == 0 {
            return Some(String::from_utf8_lossy(name).into_owned());
        }
        f = llvm_sys::core::LLVMGetNextFunction(f);
    }
    None
}

/// A `MalformedInput` diagnostic from LLVM's parse message. Text-IR messages look like
/// `name:3:7: error: expected type` followed by the offending line and a caret; the location
/// becomes the diagnostic's `loc` and the offending line its `instruction`.
fn parse_error(what: &str, name: &str, llvm_message: &str) -> Diagnostic {
    let mut lines = llvm_message.lines();
    let first = lines.next().unwrap_or("unknown error").trim();
    let (loc, detail) = split_location(first, name).unwrap_or((None, first));
    let mut diag = Diagnostic::error(DiagKind::MalformedInput, format!("cannot read {what} from `{name}`: {detail}"))
        .at_loc(loc)
        .with_help("the input must be LLVM 22 IR (`.ll`) or bitcode (`.bc`), e.g. from `clang-22 -S -emit-llvm`");
    if let Some(source_line) = lines.next().filter(|line| !line.trim().is_empty()) {
        diag = diag.at_inst(source_line);
    }
    diag
}

/// Split `name:line:col: error: detail` into a location and `detail`.
fn split_location<'m>(first: &'m str, name: &str) -> Option<(Option<SourceLoc>, &'m str)> {
    let rest = first.strip_prefix(name)?.strip_prefix(':')?;
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.trim().parse().ok()?;
    let col = parts.next()?.trim().parse().ok()?;
    let detail = parts.next()?.trim();
    let detail = detail.strip_prefix("error:").map(str::trim).unwrap_or(detail);
    Some((Some(SourceLoc { file: name.to_string(), line, col }), detail))
}

/// The module as text IR.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn print_to_string(module: LLVMModuleRef) -> String {
    take_message(LLVMPrintModuleToString(module)).unwrap_or_default()
}

/// The module as bitcode.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn write_bitcode_to_bytes(module: LLVMModuleRef) -> Vec<u8> {
    let buffer = MemoryBuffer { raw: LLVMWriteBitcodeToMemoryBuffer(module) };
    buffer.bytes().to_vec()
}

/// Run LLVM's verifier; `Err` holds its report.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn verify(module: LLVMModuleRef) -> Result<(), String> {
    let mut message: *mut c_char = ptr::null_mut();
    let broken = LLVMVerifyModule(module, LLVMVerifierFailureAction::LLVMReturnStatusAction, &mut message);
    let text = take_message(message);
    if broken != 0 {
        Err(text.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| "the module is broken".to_string()))
    } else {
        Ok(())
    }
}

/// The context a module lives in.
///
/// # Safety
/// `module` must be a valid module.
pub unsafe fn context_of(module: LLVMModuleRef) -> LLVMContextRef {
    LLVMGetModuleContext(module)
}

/// Copy an LLVM-allocated message into a `String` and dispose of it; `None` when null.
///
/// # Safety
/// `message` must be null or a string that must be released with `LLVMDisposeMessage`.
pub unsafe fn take_message(message: *mut c_char) -> Option<String> {
    if message.is_null() {
        return None;
    }
    let text = CStr::from_ptr(message).to_string_lossy().into_owned();
    LLVMDisposeMessage(message);
    Some(text)
}

/// An LLVM memory buffer, disposed on drop.
struct MemoryBuffer {
    raw: LLVMMemoryBufferRef,
}

impl MemoryBuffer {
    /// A NUL-terminated copy of `bytes` named `name` (LLVM prints the name in parse errors).
    fn copy_of(bytes: &[u8], name: &str) -> MemoryBuffer {
        let name = CString::new(name.replace('\0', "?")).unwrap_or_default();
        // SAFETY: the pointer and length describe `bytes`; LLVM copies them.
        let raw = unsafe { LLVMCreateMemoryBufferWithMemoryRangeCopy(bytes.as_ptr().cast(), bytes.len(), name.as_ptr()) };
        MemoryBuffer { raw }
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: the buffer is valid and holds `size` bytes at `start` while `self` lives.
        unsafe {
            let start = LLVMGetBufferStart(self.raw);
            let size = LLVMGetBufferSize(self.raw);
            if start.is_null() || size == 0 {
                return &[];
            }
            std::slice::from_raw_parts(start.cast::<u8>(), size)
        }
    }
}

impl Drop for MemoryBuffer {
    fn drop(&mut self) {
        // SAFETY: we own the buffer.
        unsafe { LLVMDisposeMemoryBuffer(self.raw) }
    }
}
