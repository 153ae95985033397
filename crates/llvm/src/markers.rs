//! Marker calls: finding `__enzyme_fwddiff(f, enzyme_dup, x, dx, …)` and friends in an LLVM module
//! and parsing each into a [`MarkerCall`] (mode, primal function, one [`MarkerArg`] per primal
//! parameter, width, …), following ABI.md §1–§3 and reporting every misuse of §8 as a
//! [`Diagnostic`]. Nothing is modified here; `rewrite` replaces the calls afterwards.
//!
//! The shared low-level helpers for the LLVM C API used by `markers`, `registry` and `rewrite`
//! (names, printing, type sizes, stripping casts, debug locations) live in the [`ll`] submodule;
//! the checks of the markers about the result, in `returns`.

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::prelude::*;
use llvm_sys::LLVMTypeKind;

/// Which entry point a marker call names (ABI §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `__enzyme_fwddiff`: tangent.
    Forward,
    /// `__enzyme_autodiff`: combined reverse.
    Reverse,
    /// `__enzyme_augmentfwd`: augmented forward pass of split reverse.
    AugmentedForward,
    /// `__enzyme_reverse`: reverse pass of split reverse.
    ReverseSplit,
    /// `__enzyme_augmentsize`: tape size of the matching augmented pass.
    AugmentSize,
}

impl Mode {
    /// The mode named by a callee, tested in ABI §1 order (first match wins).
    pub fn from_callee_name(name: &str) -> Option<Mode> {
        const TABLE: [(&str, Mode); 5] = [
            ("__enzyme_autodiff", Mode::Reverse),
            ("__enzyme_fwddiff", Mode::Forward),
            ("__enzyme_augmentfwd", Mode::AugmentedForward),
            ("__enzyme_augmentsize", Mode::AugmentSize),
            ("__enzyme_reverse", Mode::ReverseSplit),
        ];
        TABLE
            .iter()
            .find(|(key, _)| name.contains(key))
            .map(|&(_, mode)| mode)
    }

    /// The entry point's base name, for messages.
    pub fn entry_name(self) -> &'static str {
        match self {
            Mode::Forward => "__enzyme_fwddiff",
            Mode::Reverse => "__enzyme_autodiff",
            Mode::AugmentedForward => "__enzyme_augmentfwd",
            Mode::ReverseSplit => "__enzyme_reverse",
            Mode::AugmentSize => "__enzyme_augmentsize",
        }
    }

    pub fn is_forward(self) -> bool {
        self == Mode::Forward
    }
}

/// Entry points of ABI §1 that Catalase recognises but does not implement yet.
const UNSUPPORTED_ENTRIES: [&str; 2] = ["__enzyme_fwdsplit", "__enzyme_error_estimate"];

/// `__enzyme_batch` (ABI §1): no derivative; `crate::batch` lowers its calls before the others.
pub(crate) const BATCH_ENTRY: &str = "__enzyme_batch";

/// Markers of ABI §0 "Later": recognised, reported as not supported yet.
const LATER_MARKERS: [&str; 1] = ["enzyme_dupnoneedv_return"];

/// How one primal parameter takes part (ABI §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    Const,
    Dup,
    DupNoNeed,
    Out,
}

impl Activity {
    pub fn has_shadow(self) -> bool {
        matches!(self, Activity::Dup | Activity::DupNoNeed)
    }
}

/// One primal parameter of the differentiated function, as passed at the marker call.
#[derive(Clone, Debug)]
pub struct MarkerArg {
    pub activity: Activity,
    /// The primal operand of the marker call (null in `AugmentSize` mode, which passes none).
    pub primal: LLVMValueRef,
    /// Shadow operands: `width` of them for dup/dupnoneed, one base pointer with `enzyme_dupv`.
    pub shadows: Vec<LLVMValueRef>,
    /// The byte stride of `enzyme_dupv`/`enzyme_dupnoneedv`.
    pub dupv_stride: Option<LLVMValueRef>,
    /// The parameter's LLVM type. Operands may differ from it by a lossless conversion (see
    /// [`ll::conversion`]); a `double` where it is `float` (variadic promotion) needs an fptrunc.
    pub param_type: LLVMTypeRef,
    /// `enzyme_byref, N` (ABI §3.3): `primal` points to the value, which the rewrite loads as
    /// `param_type` before the derivative's call. Shadows are passed by value all the same.
    pub byref: bool,
}

/// One parsed marker call.
#[derive(Clone, Debug)]
pub struct MarkerCall {
    pub call: LLVMValueRef,
    pub mode: Mode,
    /// The primal function (has a body).
    pub function: LLVMValueRef,
    /// One per primal parameter, in order.
    pub args: Vec<MarkerArg>,
    pub width: u32,
    pub primal_return: bool,
    /// `enzyme_const_return` (Const), `enzyme_active_return` (Out) or `enzyme_dup_return` (Dup):
    /// the return's activity, overriding the default of ABI §3.4.
    pub return_activity: Option<Activity>,
    /// `enzyme_noret`: the primal result is not returned (`__enzyme_augmentfwd` leaves it out).
    pub noret: bool,
    /// The marker call's own `sret` pointer argument, when its C prototype returns a big struct.
    pub sret: Option<LLVMValueRef>,
    /// Surplus operands after the parameters (split modes only: differential return, tape).
    pub extra: Vec<LLVMValueRef>,
    /// `enzyme_tape ptr`.
    pub tape: Option<LLVMValueRef>,
    /// `enzyme_byref, N` before a surplus operand: its index in `extra` (0: `__enzyme_reverse`'s
    /// differential return, passed by pointer; `split::check_tail` refuses any other).
    pub byref_extra: Option<usize>,
    /// `enzyme_allocated N`.
    pub allocated: Option<u64>,
    /// `enzyme_nofree`.
    pub nofree: bool,
    /// `enzyme_strong_zero`: a zero tangent or adjoint contributes exactly zero, even through an
    /// infinite partial (`Request::strong_zero`).
    pub strong_zero: bool,
    /// `enzyme_runtime_activity`: a duplicated pointer's shadow may be its primal (Enzyme's
    /// runtime activity): the derivative guards every access through such shadows.
    pub runtime_activity: bool,
    /// Warnings found while parsing (inexact float narrowing, ...).
    pub warnings: Vec<Diagnostic>,
}

impl MarkerArg {
    /// Whether a pointer argument is passed as its own shadow (in some lane): the same value,
    /// through casts and -O0's locals.
    pub fn shadow_is_primal(&self) -> bool {
        // Casts, -O0's locals and zero-offset `getelementptr`s (an array decaying, at -O0 once
        // per use) peeled.
        let base = |mut v: LLVMValueRef| {
            for _ in 0..8 {
                v = ll::strip_casts(v);
                v = ll::strip_casts(ll::single_stored_value(v).unwrap_or(v));
                // SAFETY: kind and operand queries on a live value.
                let zero_gep = unsafe {
                    use llvm_sys::core::{LLVMGetNumOperands, LLVMGetOperand, LLVMIsAGetElementPtrInst};
                    !LLVMIsAGetElementPtrInst(v).is_null()
                        && (1..LLVMGetNumOperands(v).max(1) as u32).all(|i| ll::const_int(LLVMGetOperand(v, i)) == Some(0))
                };
                if !zero_gep {
                    break;
                }
                // SAFETY: a getelementptr has its base as operand 0.
                v = unsafe { llvm_sys::core::LLVMGetOperand(v, 0) };
            }
            v
        };
        !self.primal.is_null()
            && ll::is_pointer(self.param_type)
            && self.dupv_stride.is_none()
            && self.shadows.iter().any(|&s| base(s) == base(self.primal))
    }
}

/// Find and parse every marker call of `module`. All errors are collected, one per bad call.
///
/// `module` must be a valid module that the caller owns for the duration of the call.
pub fn find_marker_calls(module: LLVMModuleRef) -> Result<Vec<MarkerCall>, Vec<Diagnostic>> {
    let misused = misused_markers(module);
    if !misused.is_empty() {
        return Err(misused);
    }
    find_marker_calls_of(module, |_| true)
}

/// Uses of a marker function other than as the function a call names: its address stored,
/// passed or compared. Catalase rewrites calls of markers only; a call through such a pointer
/// would reach the linker as an undefined `__enzyme_*` symbol, so each use is an error here.
fn misused_markers(module: LLVMModuleRef) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for f in ll::functions(module).into_iter().filter(|&f| is_marker_name(&ll::name(f))) {
        let marker = ll::name(f);
        let mut work = vec![(f, 0u32)];
        while let Some((v, depth)) = work.pop() {
            for user in ll::users(v) {
                let is_site = ll::is_call(user) || ll::is_invoke(user);
                // SAFETY: `user` is a call or invoke when asked for its callee; type queries.
                if is_site && ll::strip_casts(unsafe { llvm_sys::core::LLVMGetCalledValue(user) }) == f {
                    continue;
                }
                // SAFETY: type queries on a live value.
                let (is_inst, is_global) =
                    unsafe { (!llvm_sys::core::LLVMIsAInstruction(user).is_null(), !llvm_sys::core::LLVMIsAGlobalVariable(user).is_null()) };
                // A constant expression or aggregate: where it is used is where the marker is.
                if !is_inst && !is_global {
                    if depth < 4 {
                        work.push((user, depth + 1));
                    }
                    continue;
                }
                let message = format!("the marker `{marker}` is used other than as the function a call names: its address is taken");
                let help = "call the marker directly, e.g. `__enzyme_autodiff((void*)f, ...)`: Catalase rewrites calls of it, never calls through a pointer to it";
                errors.push(if is_inst {
                    Site::new(user).error(DiagKind::CallingError, message, help)
                } else {
                    Diagnostic::error(DiagKind::CallingError, message).at_inst(ll::print_value(user)).at_loc(ll::debug_loc(user)).with_help(help)
                });
            }
        }
    }
    errors
}

/// [`find_marker_calls`] for the entry points whose mode `wanted` accepts (the others are
/// neither parsed nor reported).
pub fn find_marker_calls_of(module: LLVMModuleRef, wanted: impl Fn(Mode) -> bool) -> Result<Vec<MarkerCall>, Vec<Diagnostic>> {
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    for inst in marker_sites(module) {
        let Some(callee_name) = ll::direct_callee_name(inst) else {
            continue;
        };
        let site = Site::new(inst);
        if Mode::from_callee_name(&callee_name).is_some_and(|m| !wanted(m)) {
            continue;
        }
        if let Some(entry) = UNSUPPORTED_ENTRIES
            .iter()
            .find(|e| callee_name.contains(*e))
        {
            errors.push(site.error(
                DiagKind::Unsupported,
                format!("`{entry}` is not supported yet"),
                "use __enzyme_fwddiff or __enzyme_autodiff",
            ));
            continue;
        }
        let Some(mode) = Mode::from_callee_name(&callee_name) else {
            continue;
        };
        match Parser::new(inst, mode, &site).parse() {
            Ok(call) => calls.push(call),
            Err(diag) => errors.push(diag),
        }
    }
    if errors.is_empty() {
        Ok(calls)
    } else {
        Err(errors)
    }
}

/// True when `name` (a function's) is an entry point of ABI §1, supported or not.
pub fn is_marker_name(name: &str) -> bool {
    Mode::from_callee_name(name).is_some() || UNSUPPORTED_ENTRIES.iter().any(|e| name.contains(e)) || name.contains(BATCH_ENTRY)
}

/// True when `module` has a marker function or a global whose name holds `__enzyme_` (a
/// registration): the cheap test that lets a module without either through untouched.
pub fn has_enzyme_symbols(module: LLVMModuleRef) -> bool {
    ll::functions(module).into_iter().any(|f| is_marker_name(&ll::name(f)))
        || ll::globals(module).into_iter().any(|g| ll::name(g).contains("__enzyme_"))
}

/// The calls and invokes of `module` whose callee is a marker function, found from the
/// functions' use lists: the cost follows the number of marker calls, not the module's size.
/// In module order (function, then block, then instruction), as diagnostics expect.
pub(crate) fn marker_sites(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let markers: Vec<LLVMValueRef> =
        ll::functions(module).into_iter().filter(|&f| is_marker_name(&ll::name(f))).collect();
    if markers.is_empty() {
        return Vec::new();
    }
    let mut sites: std::collections::HashSet<LLVMValueRef> = std::collections::HashSet::new();
    for f in markers {
        ll::collect_calls_of(f, &mut sites, 0);
    }
    // Module order: walk only the functions that hold a site.
    let holders: std::collections::HashSet<LLVMValueRef> = sites.iter().map(|&i| ll::parent_function(i)).collect();
    ll::functions(module)
        .into_iter()
        .filter(|f| holders.contains(f))
        .flat_map(ll::function_instructions)
        .filter(|i| sites.contains(i))
        .collect()
}

/// Where a marker call sits, for diagnostics. The instruction is printed only when a
/// diagnostic is made: printing numbers the whole function, far too slow for every call.
pub(crate) struct Site {
    inst: LLVMValueRef,
}

impl Site {
    pub(crate) fn new(inst: LLVMValueRef) -> Site {
        Site { inst }
    }

    /// A diagnostic at this call. The call must still be in its function.
    pub(crate) fn error(
        &self,
        kind: DiagKind,
        message: impl Into<String>,
        help: &str,
    ) -> Diagnostic {
        Diagnostic::error(kind, message)
            .in_function(ll::name(ll::parent_function(self.inst)))
            .at_inst(ll::print_value(self.inst))
            .at_loc(ll::call_site_loc(self.inst))
            .with_help(help)
    }

    fn warning(&self, kind: DiagKind, message: impl Into<String>, help: &str) -> Diagnostic {
        Diagnostic {
            severity: catalase_ir::diag::Severity::Warning,
            ..self.error(kind, message, help)
        }
    }
}

/// Parses one marker call's operand list.
struct Parser<'a> {
    call: LLVMValueRef,
    mode: Mode,
    site: &'a Site,
    ops: Vec<LLVMValueRef>,
    /// Index of the next operand to read.
    pos: usize,
    /// One past the last operand the parameters and markers may take: `enzyme_interleave`'s
    /// index when the call has one (the shadows follow it), else the operand count.
    limit: usize,
    /// With `enzyme_interleave`: the index of the next shadow to read.
    shadow_at: Option<usize>,
    /// With `enzyme_interleave`: the activity of a parameter without a marker, the previous
    /// parameter's (`enzyme_dup` for the first), as Enzyme reads such calls.
    inherited: Activity,
    byref_extra: Option<usize>,
    width: u32,
    primal_return: bool,
    return_activity: Option<Activity>,
    noret: bool,
    tape: Option<LLVMValueRef>,
    allocated: Option<u64>,
    nofree: bool,
    strong_zero: bool,
    runtime_activity: bool,
    warnings: Vec<Diagnostic>,
}

/// What the markers before one parameter said.
#[derive(Default)]
struct Pending {
    activity: Option<Activity>,
    stride: Option<LLVMValueRef>,
    /// `enzyme_byref, N`: the next value is a pointer to N bytes holding it.
    byref: Option<u64>,
}

impl<'a> Parser<'a> {
    fn new(call: LLVMValueRef, mode: Mode, site: &'a Site) -> Parser<'a> {
        Parser {
            call,
            mode,
            site,
            ops: ll::call_args(call),
            pos: 0,
            limit: 0,
            shadow_at: None,
            inherited: Activity::Dup,
            byref_extra: None,
            width: 1,
            primal_return: false,
            return_activity: None,
            noret: false,
            tape: None,
            allocated: None,
            nofree: false,
            strong_zero: false,
            runtime_activity: false,
            warnings: Vec::new(),
        }
    }

    fn err(&self, kind: DiagKind, message: impl Into<String>, help: &str) -> Diagnostic {
        self.site.error(kind, message, help)
    }

    fn parse(mut self) -> Result<MarkerCall, Diagnostic> {
        let sret_ty = ll::sret_arg(self.call);
        let sret = sret_ty.map(|_| self.ops[0]);
        self.pos = usize::from(sret.is_some());
        let function = self.parse_function()?;
        self.width = self.scan_width()?;
        self.find_interleave();
        let params = ll::param_types(function);
        let mut args = Vec::with_capacity(params.len());
        let sret_param = ll::fn_sret_param(function);
        let first = usize::from(sret_param.is_some());
        for (index, &ty) in params.iter().enumerate().skip(first) {
            let byval = ll::fn_byval_param(function, index).map(|by| (function, index, by));
            args.push(self.parse_param(index - first, ty, params.len() - first, byval)?);
        }
        // Only parts given shadows can be misread (`p, dp` passed as two structs): parts that
        // are all enzyme_out or constant (a `double complex` argument) read as the C call
        // passes them.
        if self.mode != Mode::AugmentSize {
            if let Some(&(at, parts)) = split_params::struct_parts(function).first() {
                let at = at - first;
                if args.get(at..at + parts).is_some_and(|a| a.iter().any(|p| p.activity.has_shadow())) {
                    self.warn_split_struct(function, at, parts);
                }
            }
        }
        let extra = self.parse_tail()?;
        self.parse_after_shadows()?;
        // The result memory of `struct S f(...)` lowered to `void f(ptr sret(S), ...)`: made
        // once the return markers before the parameters are read.
        if let Some(sret_param_ty) = sret_param {
            let result = self.sret_result_arg(sret, sret_ty, sret_param_ty, params[0], function)?;
            args.insert(0, result);
        }
        self.check_primal_return(function)?;
        self.check_return_activity(function)?;
        self.check_return_seed(function)?;
        Ok(MarkerCall {
            call: self.call,
            mode: self.mode,
            function,
            args,
            width: self.width,
            primal_return: self.primal_return,
            return_activity: self.return_activity,
            noret: self.noret,
            sret,
            extra,
            tape: self.tape,
            byref_extra: self.byref_extra,
            allocated: self.allocated,
            nofree: self.nofree,
            strong_zero: self.strong_zero,
            runtime_activity: self.runtime_activity,
            warnings: self.warnings,
        })
    }

    /// The function operand, resolved to a function with a body (ABI §2).
    fn parse_function(&mut self) -> Result<LLVMValueRef, Diagnostic> {
        let help = "pass the function itself, e.g. `(void*)f`, as the first argument";
        let Some(&operand) = self.ops.get(self.pos) else {
            return Err(self.err(
                DiagKind::CallingError,
                "Too few arguments to Enzyme call",
                help,
            ));
        };
        self.pos += 1;
        let Some(function) = ll::resolve_function(operand) else {
            let msg = format!(
                "failed to find fn to differentiate: cannot resolve `{}` to a function",
                ll::operand_text(operand)
            );
            let help = "pass the function itself, e.g. `(void*)f`, as the first argument: a function \
                        pointer read from memory or chosen at run time cannot be resolved at compile time";
            return Err(self.err(DiagKind::NoFunction, msg, help));
        };
        if ll::is_declaration(function) {
            let msg = format!(
                "failed to find fn to differentiate: `{}` has no body in this module",
                ll::name(function)
            );
            let help = "define the function in the same translation unit (or link with LTO)";
            return Err(self.err(DiagKind::NoFunction, msg, help));
        }
        Ok(function)
    }

    /// Pre-scan for `enzyme_width N` (it may appear anywhere, once).
    fn scan_width(&self) -> Result<u32, Diagnostic> {
        scan_width(self.site, &self.ops[self.pos..])
    }

    /// The operand after a marker that takes one, or "Too few arguments".
    fn marker_operand(&mut self, marker: &str) -> Result<LLVMValueRef, Diagnostic> {
        match self.at(self.pos) {
            Some(v) => {
                self.pos += 1;
                Ok(v)
            }
            None => Err(self.err(
                DiagKind::CallingError,
                "Too few arguments to Enzyme call",
                &format!("`{marker}` must be followed by its value"),
            )),
        }
    }

    /// Reads the markers at `pos` (none or several). Returns what they set for the next parameter.
    fn read_markers(&mut self) -> Result<Pending, Diagnostic> {
        let mut pending = Pending::default();
        while let Some(name) = self.at(self.pos).and_then(ll::marker_name) {
            self.pos += 1;
            // ABI §3.3: where the tape lives and whether it is freed do not change its size.
            if self.mode == Mode::AugmentSize && matches!(name.as_str(), "enzyme_tape" | "enzyme_allocated" | "enzyme_nofree") {
                let msg = format!("{name} is not allowed in __enzyme_augmentsize: the tape's size depends only on the activity markers");
                let help = format!("remove {name} (and its operand) here; pass it to __enzyme_augmentfwd and __enzyme_reverse");
                return Err(self.err(DiagKind::CallingError, msg, &help));
            }
            match name.as_str() {
                "enzyme_width" => self.pos += 1, // value checked by scan_width
                "enzyme_dup" => pending.activity = Some(Activity::Dup),
                "enzyme_dupnoneed" => pending.activity = Some(Activity::DupNoNeed),
                "enzyme_const" => pending.activity = Some(Activity::Const),
                "enzyme_out" => pending.activity = Some(Activity::Out),
                "enzyme_dupv" | "enzyme_dupnoneedv" => {
                    let stride = self.marker_operand(&name)?;
                    if !ll::is_integer(ll::type_of(stride)) {
                        let msg = format!(
                            "{name} stride must be an integer, found `{}`",
                            ll::operand_text(stride)
                        );
                        return Err(self.err(
                            DiagKind::CallingError,
                            msg,
                            "pass the byte stride as an integer",
                        ));
                    }
                    let dupnoneed = name == "enzyme_dupnoneedv";
                    pending.activity = Some(if dupnoneed {
                        Activity::DupNoNeed
                    } else {
                        Activity::Dup
                    });
                    pending.stride = Some(stride);
                }
                "enzyme_primal_return" => self.primal_return = true,
                "enzyme_noret" => self.noret = true,
                "enzyme_const_return" | "enzyme_active_return" | "enzyme_dup_return" => self.set_return_activity(&name)?,
                "enzyme_nofree" => self.nofree = true,
                "enzyme_strong_zero" => self.strong_zero = true,
                // Catalase always checks at run time where a pointer's shadow may be its primal
                // standing in (`catalase_ad::standin`, across calls too); the marker adds the
                // caller's own shadows: a duplicated pointer passed as its own shadow.
                "enzyme_runtime_activity" => self.runtime_activity = true,
                "enzyme_not_overwritten" => {}
                "enzyme_tape" => self.tape = Some(self.marker_operand(&name)?),
                "enzyme_byref" => pending.byref = Some(self.byref_size(pending.byref)?),
                // Only after the shadows can a second one be read as a marker.
                "enzyme_interleave" => {
                    let help = "write enzyme_interleave once, between the last primal and the first shadow";
                    return Err(self.err(DiagKind::CallingError, "enzyme_interleave given more than once", help));
                }
                "enzyme_allocated" => {
                    let size = self.marker_operand(&name)?;
                    // At -O0 clang keeps `__enzyme_augmentsize`'s result (a constant by now) in a
                    // local; at -O2 it may merge calls that differ in the size into a `phi` of
                    // constants: the smallest is the size the tape may rely on.
                    let Some(bytes) = ll::smallest_const_int(size) else {
                        let msg = "enzyme_allocated size must be a constant integer";
                        return Err(self.err(
                            DiagKind::CallingError,
                            msg,
                            "pass the tape size as a literal",
                        ));
                    };
                    self.allocated = Some(bytes);
                }
                later if LATER_MARKERS.contains(&later) => {
                    let msg = format!("marker `{later}` is not supported yet");
                    return Err(self.err(DiagKind::Unsupported, msg, "remove the marker"));
                }
                unknown => {
                    let msg = format!("illegal enzyme metadata classification `{unknown}`");
                    let help =
                        "known markers: enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, \
                                enzyme_width, enzyme_dupv, enzyme_primal_return, enzyme_noret, \
                                enzyme_const_return, enzyme_active_return, enzyme_dup_return, \
                                enzyme_strong_zero, enzyme_runtime_activity, enzyme_byref, enzyme_interleave";
                    return Err(self.err(DiagKind::IllegalMarker, msg, help));
                }
            }
            if self.mode == Mode::AugmentSize && pending.activity.is_some() {
                break; // one activity marker per parameter, no values (ABI §3.3)
            }
            if self.pos >= self.limit && pending.activity.is_some() {
                let help = "an activity marker must be followed by the argument it describes";
                return Err(self.err(
                    DiagKind::CallingError,
                    "Too few arguments to Enzyme call",
                    help,
                ));
            }
        }
        Ok(pending)
    }

    /// A warning that `function` takes a struct by value that the calling convention split into
    /// `parts` parameters from parameter `at` on: its values are read parameter by parameter, as
    /// Enzyme reads them, which is not how a C call passing the struct and its shadow struct
    /// orders them.
    fn warn_split_struct(&mut self, function: LLVMValueRef, at: usize, parts: usize) {
        let msg = format!(
            "`{}` takes a struct by value that the C calling convention splits into {parts} parameters \
             (parameters {at}..{}); Catalase reads the marker call's values parameter by parameter, as Enzyme \
             does: each part's primal, then that part's shadow",
            ll::name(function),
            at + parts - 1
        );
        let help = "pass the parts one by one (`p.x, dp.x, p.y, dp.y`), or better, pass the struct by pointer \
                    (`enzyme_dup, &p, &dp`): a call that passes `p, dp` as two structs gets the wrong derivative";
        self.warnings.push(self.site.warning(DiagKind::CallingError, msg, help));
    }

    /// Parse parameter `index` of type `ty`: markers, primal, shadows.
    fn parse_param(
        &mut self,
        index: usize,
        ty: LLVMTypeRef,
        count: usize,
        byval: Option<(LLVMValueRef, usize, LLVMTypeRef)>,
    ) -> Result<MarkerArg, Diagnostic> {
        let pending = self.read_markers()?;
        let activity = match pending.activity {
            Some(a) => a,
            None if self.shadow_at.is_some() => self.inherited,
            None => default_activity(ty, self.mode),
        };
        self.inherited = activity;
        if let Some((function, at, by)) = byval {
            self.check_byval(function, at, by, activity)?;
        }
        if self.mode == Mode::AugmentSize {
            // Markers consume no values in augmentsize (ABI §3.3).
            return Ok(MarkerArg {
                activity,
                primal: std::ptr::null_mut(),
                shadows: vec![],
                dupv_stride: None,
                param_type: ty,
                byref: false,
            });
        }
        let Some(primal) = self.at(self.pos) else {
            let msg = format!(
                "Insufficient number of args passed to derivative call required {count} primal args, found {index} (calling `{}`)",
                self.site_fn_name()
            );
            let help = format!(
                "`{}` takes {count} parameters; pass each (with its shadow when duplicated)",
                self.site_fn_name()
            );
            return Err(self.err(DiagKind::CallingError, msg, &help));
        };
        self.pos += 1;
        match pending.byref {
            Some(bytes) => self.check_byref_param(primal, ty, bytes, index, byval.is_some())?,
            None => self.check_operand(primal, ty, "primal", index)?,
        }
        self.check_activity(activity, ty, index)?;
        let mut shadows = Vec::new();
        if activity.has_shadow() {
            let (shadow_count, shadow_ty) = match pending.stride {
                Some(_) if !ll::is_pointer(ty) => {
                    let msg = format!(
                        "enzyme_dupv on parameter {index} of non-pointer type {}",
                        ll::print_type(ty)
                    );
                    return Err(self.err(
                        DiagKind::CallingError,
                        msg,
                        "enzyme_dupv needs a pointer parameter",
                    ));
                }
                Some(_) if self.shadow_at.is_some() && self.width > 1 => {
                    let msg = format!("enzyme_dupv on parameter {index} together with enzyme_interleave at enzyme_width {}", self.width);
                    let help = "pass the lanes' shadows one by one after enzyme_interleave (enzyme_dup), or drop enzyme_interleave and pass the shadow's base pointer after the primal";
                    return Err(self.err(DiagKind::CallingError, msg, help));
                }
                Some(_) => (1, ty),
                None => (self.width as usize, ty),
            };
            for _ in 0..shadow_count {
                let shadow = self.parse_shadow(shadow_ty, index);
                // Enzyme reads only the primal through the pointer: a shadow passed the same way
                // is of the wrong type.
                let byref_help = "enzyme_byref passes only the primal by pointer, as in Enzyme: pass the shadow itself (by value)";
                let shadow = shadow.map_err(|d| if pending.byref.is_some() && d.message.starts_with("Cannot cast") { d.with_help(byref_help) } else { d })?;
                if pending.byref.is_some() {
                    self.check_byref_shadow(primal, shadow, ty, index)?;
                }
                shadows.push(shadow);
            }
        }
        Ok(MarkerArg {
            activity,
            primal,
            shadows,
            dupv_stride: pending.stride,
            param_type: ty,
            byref: pending.byref.is_some(),
        })
    }

    fn site_fn_name(&self) -> String {
        ll::resolve_function(self.ops[usize::from(ll::sret_arg(self.call).is_some())])
            .map(ll::name)
            .unwrap_or_default()
    }

    fn parse_shadow(&mut self, ty: LLVMTypeRef, index: usize) -> Result<LLVMValueRef, Diagnostic> {
        // With enzyme_interleave the shadows are read in order after it, else right here.
        let (at, next) = match self.shadow_at {
            Some(at) => (at, self.ops.get(at).copied()),
            None => (self.pos, self.at(self.pos)),
        };
        match next {
            Some(v) if ll::marker_name(v).is_none() => {
                match &mut self.shadow_at {
                    Some(at) => *at += 1,
                    None => self.pos += 1,
                }
                self.check_operand(v, ty, "shadow", index)?;
                Ok(v)
            }
            _ => {
                let msg = format!(
                    "missing argument shadow at index {at}, need shadow of type {} to shadow primal argument {index} of `{}`",
                    ll::print_type(ty),
                    self.site_fn_name()
                );
                let help = match self.shadow_at {
                    Some(_) => format!(
                        "after enzyme_interleave pass {} shadow value(s) per duplicated parameter, in the parameters' order \
                         (a parameter without a marker takes the previous one's activity, the first enzyme_dup)",
                        self.width
                    ),
                    None => format!("pass {} shadow value(s) after the primal, or mark the argument enzyme_const", self.width),
                };
                Err(self.err(DiagKind::CallingError, msg, &help))
            }
        }
    }

    /// The operand at `i`, when it lies before `limit`.
    fn at(&self, i: usize) -> Option<LLVMValueRef> {
        (i < self.limit).then(|| self.ops[i])
    }

    /// `enzyme_interleave` (ABI §3.3): the operands before it are the primals and markers, the
    /// shadows follow it in the parameters' order. Enzyme takes the first one.
    fn find_interleave(&mut self) {
        self.limit = self.ops.len();
        let first = self.ops[self.pos..].iter().position(|&v| ll::marker_name(v).as_deref() == Some("enzyme_interleave"));
        if let Some(k) = first {
            self.limit = self.pos + k;
            self.shadow_at = Some(self.limit + 1);
        }
    }

    /// After the shadows of an `enzyme_interleave` call: markers that configure the whole call
    /// (`enzyme_runtime_activity`, as MFEM writes them there) and nothing else. Enzyme ignores
    /// what follows the shadows; a value there is a shadow too many, refused here.
    fn parse_after_shadows(&mut self) -> Result<(), Diagnostic> {
        let Some(at) = self.shadow_at else { return Ok(()) };
        (self.pos, self.limit) = (at, self.ops.len());
        let pending = self.read_markers()?;
        if pending.activity.is_some() || pending.byref.is_some() {
            let msg = "a parameter's marker (an activity or enzyme_byref) after the shadows of enzyme_interleave";
            let help = "put each parameter's markers before its primal, ahead of enzyme_interleave";
            return Err(self.err(DiagKind::CallingError, msg, help));
        }
        if let Some(v) = self.at(self.pos) {
            let msg = format!(
                "Had too many arguments to {} for `{}`: extra shadow {} after enzyme_interleave",
                self.mode.entry_name(),
                self.site_fn_name(),
                ll::operand_text(v)
            );
            let help = "after enzyme_interleave pass exactly the shadows of the duplicated parameters (enzyme_width of them each), in order";
            return Err(self.err(DiagKind::CallingError, msg, help));
        }
        Ok(())
    }

    /// Check an operand's type against the parameter's; note inexact float narrowing.
    fn check_operand(
        &mut self,
        v: LLVMValueRef,
        ty: LLVMTypeRef,
        what: &str,
        index: usize,
    ) -> Result<(), Diagnostic> {
        match ll::conversion(ll::type_of(v), ty) {
            Some(ll::Conversion::Narrow) if !ll::is_exact_float(v) => {
                let msg = format!(
                    "{what} argument {index} is a double narrowed to float; precision may be lost"
                );
                self.warnings.push(self.site.warning(
                    DiagKind::CallingError,
                    msg,
                    "pass a float value",
                ));
                Ok(())
            }
            Some(_) => Ok(()),
            None => {
                let msg = format!(
                    "Cannot cast {} {what} argument {index}, found {}, wanted {}",
                    self.mode.entry_name(),
                    ll::operand_text(v),
                    ll::print_type(ty)
                );
                let int_width = |t| (ll::kind(t) == llvm_sys::LLVMTypeKind::LLVMIntegerTypeKind).then(|| ll::print_type(t));
                let help = match (int_width(ll::type_of(v)), int_width(ty)) {
                    (Some(_), Some(want)) => format!("cast the argument to the parameter's type ({want}: e.g. `(long)n` or `(size_t)n`); through `...` an int literal is passed as i32"),
                    _ => "pass a value of exactly the parameter's type".to_string(),
                };
                Err(self.err(DiagKind::CallingError, msg, &help))
            }
        }
    }

    fn check_activity(
        &self,
        activity: Activity,
        ty: LLVMTypeRef,
        index: usize,
    ) -> Result<(), Diagnostic> {
        if activity != Activity::Out {
            return Ok(());
        }
        if self.mode.is_forward() {
            let msg = format!("enzyme_out is not allowed in forward mode (argument {index})");
            let help = "in forward mode pass the tangent after the value: enzyme_dup, x, dx";
            return Err(self.err(DiagKind::CallingError, msg, help));
        }
        if ll::is_pointer(ty) {
            let msg = format!(
                "enzyme_out is not allowed on pointer argument {index} of `{}`",
                self.site_fn_name()
            );
            let help = "pass the pointer as `enzyme_dup, x, d_x` with d_x a zero-initialized shadow of the \
                        same size: the gradient is accumulated into d_x";
            return Err(self.err(DiagKind::CallingError, msg, help));
        }
        Ok(())
    }

    /// A struct of floats passed by value (`byval`) in a reverse mode: its shadow would be a
    /// copy made for the call (C passes the struct by value; LLVM already assumes the caller's
    /// copy unchanged), so the gradient accumulated into it would be lost, and `enzyme_out`
    /// has no gradient to return for a pointer. Both are refused with the way out.
    fn check_byval(&self, function: LLVMValueRef, index: usize, by: LLVMTypeRef, activity: Activity) -> Result<(), Diagnostic> {
        let lost = activity.has_shadow() || activity == Activity::Out;
        if self.mode.is_forward() || !lost || !ll::holds_float(by) {
            return Ok(());
        }
        let msg = format!(
            "parameter {index} of `{}` is a struct passed by value ({} in memory, `byval`): in reverse mode its gradient has nowhere to go (a shadow passed by value is a copy made for the call)",
            ll::name(function),
            ll::short_type(by)
        );
        let help = "pass the struct by pointer (`const T *p`) with enzyme_dup, p, d_p (d_p zero-initialized), or mark it enzyme_const";
        Err(self.err(DiagKind::CallingError, msg, help))
    }

    /// Markers after the last parameter, then surplus operands (split modes only).
    fn parse_tail(&mut self) -> Result<Vec<LLVMValueRef>, Diagnostic> {
        let mut extra = Vec::new();
        loop {
            let pending = self.read_markers()?;
            if pending.activity.is_some() {
                let msg = "activity marker after the last parameter";
                return Err(self.err(DiagKind::CallingError, msg, "remove the surplus marker"));
            }
            let Some(v) = self.at(self.pos) else {
                if pending.byref.is_some() {
                    return Err(self.byref_misplaced(None));
                }
                break;
            };
            self.pos += 1;
            if let Some(bytes) = pending.byref {
                self.check_byref_extra(v, bytes, extra.len())?;
                self.byref_extra = Some(extra.len());
            }
            if self.mode != Mode::ReverseSplit {
                let msg = format!(
                    "Had too many arguments to {} for `{}`: extra arg {}",
                    self.mode.entry_name(),
                    self.site_fn_name(),
                    ll::operand_text(v)
                );
                let help = if self.mode == Mode::AugmentSize {
                    "__enzyme_augmentsize takes markers only, one per parameter, and no values (ABI §3.3)"
                } else {
                    "pass exactly the function's parameters (each dup followed by its shadow)"
                };
                return Err(self.err(DiagKind::CallingError, msg, help));
            }
            extra.push(v);
        }
        Ok(extra)
    }
}

/// The width of `enzyme_width N` among `ops` (it may appear anywhere, once); 1 without it.
pub(crate) fn scan_width(site: &Site, ops: &[LLVMValueRef]) -> Result<u32, Diagnostic> {
    let help = "write `enzyme_width, N` once, with N an integer literal from 1 to 64";
    let mut width = None;
    for (i, &op) in ops.iter().enumerate() {
        if ll::marker_name(op).as_deref() != Some("enzyme_width") {
            continue;
        }
        if width.is_some() {
            return Err(site.error(
                DiagKind::IllegalVectorWidth,
                "enzyme_width given more than once",
                help,
            ));
        }
        let Some(&value) = ops.get(i + 1) else {
            return Err(site.error(
                DiagKind::CallingError,
                "Too few arguments to Enzyme call",
                help,
            ));
        };
        let Some(n) = ll::const_int(value) else {
            // A negative constant is a constant still: out of range, like 0.
            let msg = match ll::const_int_signed(value) {
                Some(n) => format!("enzyme_width must be between 1 and 64, found {n}"),
                None => format!("enzyme_width must be a constant integer, found `{}`", ll::operand_text(value)),
            };
            return Err(site.error(DiagKind::IllegalVectorWidth, msg, help));
        };
        if !(1..=64).contains(&n) {
            let msg = format!("enzyme_width must be between 1 and 64, found {n}");
            return Err(site.error(DiagKind::IllegalVectorWidth, msg, help));
        }
        width = Some(n as u32);
    }
    Ok(width.unwrap_or(1))
}

/// The activity of a parameter without a marker (ABI §3.4, opaque pointers).
pub fn default_activity(ty: LLVMTypeRef, mode: Mode) -> Activity {
    let float = if mode.is_forward() {
        Activity::Dup
    } else {
        Activity::Out
    };
    match ll::kind(ty) {
        k if ll::is_float_kind(k) => float,
        LLVMTypeKind::LLVMVectorTypeKind | LLVMTypeKind::LLVMScalableVectorTypeKind => {
            if ll::is_float_kind(ll::kind(ll::element_type(ty))) {
                float
            } else {
                Activity::Const
            }
        }
        LLVMTypeKind::LLVMPointerTypeKind => Activity::Dup,
        LLVMTypeKind::LLVMArrayTypeKind => default_activity(ll::element_type(ty), mode),
        LLVMTypeKind::LLVMStructTypeKind => {
            let fields: Vec<Activity> = ll::struct_fields(ty)
                .into_iter()
                .map(|t| default_activity(t, mode))
                .collect();
            if fields.contains(&Activity::Dup) {
                Activity::Dup
            } else if fields.contains(&Activity::Out) {
                Activity::Out
            } else {
                Activity::Const
            }
        }
        _ => Activity::Const,
    }
}

mod byref;
pub(crate) mod ll;
mod returns;
mod split_params;
