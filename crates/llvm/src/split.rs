//! Split mode at the LLVM boundary (ABI §5): checks of `__enzyme_augmentfwd`,
//! `__enzyme_reverse` and `__enzyme_augmentsize` calls before anything is generated (the
//! differential return and the tape of a reverse call, caller-owned tapes, the same activity
//! pattern in the augmented and the reverse calls of a function), the requests for the parts,
//! and the choice of the entry function (`catalase_ad::reverse::split`) once the parts exist.

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use catalase_ad::request::{ArgActivity, Mode as ReqMode, Request};
use catalase_ad::reverse::split::{self, TapeHome, HEADER_BYTES};
use catalase_ad::Generator;
use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::prelude::LLVMValueRef;

use crate::markers::{ll, Activity, MarkerCall, Mode, Site};

/// The operands a split call passes after its parameters, checked.
#[derive(Debug, Default)]
pub struct Tail {
    /// The differential return of `__enzyme_reverse`.
    pub dret: Option<LLVMValueRef>,
    /// The tape pointer `__enzyme_augmentfwd` returned (default tape).
    pub tape: Option<LLVMValueRef>,
}

/// Whether `f`'s result is active by value in reverse mode (a float, or floats only).
pub fn active_return(f: LLVMValueRef) -> bool {
    let ret = ll::return_type(f);
    !ll::is_void(ret) && crate::markers::default_activity(ret, Mode::Reverse) == Activity::Out
}

/// The checked surplus operands of a split call, and the misuses of §4 of the issue: a missing
/// or mistyped differential return, a tape of the wrong type, a half-given caller tape.
pub fn check_tail(c: &MarkerCall) -> Result<Tail, Diagnostic> {
    let site = Site::new(c.call);
    let fname = ll::name(c.function);
    match (c.tape, c.allocated) {
        (Some(_), None) => {
            return Err(site.error(
                DiagKind::Unsupported,
                "enzyme_tape without enzyme_allocated is not supported",
                "give the caller's tape size too: enzyme_allocated, __enzyme_augmentsize(f, markers...), enzyme_tape, ptr",
            ))
        }
        (None, Some(_)) if c.mode != Mode::AugmentSize => {
            return Err(site.error(DiagKind::CallingError, "enzyme_allocated without enzyme_tape", "pass the caller's bytes with enzyme_tape, ptr"))
        }
        (Some(p), _) if !ll::is_pointer(ll::type_of(p)) => {
            let msg = format!("the tape after enzyme_tape must be a pointer, found `{}`", ll::operand_text(p));
            return Err(site.error(DiagKind::CallingError, msg, "pass a pointer to the caller's enzyme_allocated bytes"));
        }
        _ => {}
    }
    if c.mode != Mode::ReverseSplit {
        return Ok(Tail::default());
    }
    let ret = ll::return_type(c.function);
    let active = active_return(c.function);
    let wants_tape = c.allocated.is_none();
    let mut extra = c.extra.iter().copied();
    let mut tail = Tail::default();
    if active {
        let Some(d) = extra.next().filter(|v| !(wants_tape && c.extra.len() == 1 && ll::is_pointer(ll::type_of(*v)))) else {
            let msg = format!(
                "missing differential return: `{fname}` returns {}, so __enzyme_reverse takes its differential return after the arguments{}",
                ll::print_type(ret),
                if wants_tape { ", then the tape" } else { "" }
            );
            return Err(site.error(DiagKind::CallingError, msg, "pass the adjoint of the result (1.0 for the gradient of the result itself)"));
        };
        if ll::conversion(ll::type_of(d), ret).is_none() {
            let msg = format!(
                "differential return of the wrong type: `{fname}` returns {}, the differential return passed is `{}`",
                ll::print_type(ret),
                ll::operand_text(d)
            );
            return Err(site.error(DiagKind::CallingError, msg, &format!("pass a value of type {}", ll::print_type(ret))));
        }
        tail.dret = Some(d);
    }
    if wants_tape {
        let Some(t) = extra.next() else {
            let msg = format!("missing tape: __enzyme_reverse of `{fname}` takes the tape __enzyme_augmentfwd returned, last");
            return Err(site.error(DiagKind::CallingError, msg, "pass the tape pointer after the arguments (and the differential return)"));
        };
        if !ll::is_pointer(ll::type_of(t)) {
            let msg = format!("tape argument of the wrong type: `{}` where the tape pointer __enzyme_augmentfwd returned is expected", ll::operand_text(t));
            return Err(site.error(DiagKind::CallingError, msg, "pass the `void*` tape (the first field of what __enzyme_augmentfwd returned)"));
        }
        tail.tape = Some(t);
    }
    if let Some(v) = extra.next() {
        let msg = format!("Had too many arguments to __enzyme_reverse for `{fname}`: extra arg {}", ll::operand_text(v));
        return Err(site.error(DiagKind::CallingError, msg, "pass the arguments, the differential return when the result is a float, then the tape"));
    }
    Ok(tail)
}

/// The augmented and reverse calls of one function must agree on the activity pattern and the
/// tape's home: a reverse pass reading a tape laid out for other activities reads garbage.
pub fn check_patterns(calls: &[MarkerCall]) -> Result<(), Vec<Diagnostic>> {
    let pattern = |c: &MarkerCall| (c.args.iter().map(|a| a.activity).collect::<Vec<_>>(), c.allocated.is_some());
    let mut augmented: HashMap<LLVMValueRef, Vec<(Vec<Activity>, bool)>> = HashMap::new();
    for c in calls.iter().filter(|c| c.mode == Mode::AugmentedForward) {
        augmented.entry(c.function).or_default().push(pattern(c));
    }
    let show = |p: &(Vec<Activity>, bool)| {
        let acts: Vec<String> = p.0.iter().map(|a| format!("{a:?}").to_lowercase()).collect();
        format!("({}){}", acts.join(", "), if p.1 { " with a caller-owned tape" } else { "" })
    };
    let errors: Vec<Diagnostic> = calls
        .iter()
        .filter(|c| c.mode == Mode::ReverseSplit)
        .filter_map(|c| {
            let known = augmented.get(&c.function)?;
            let mine = pattern(c);
            if known.contains(&mine) {
                return None;
            }
            let msg = format!(
                "__enzyme_reverse of `{}` has activity pattern {}, but its __enzyme_augmentfwd calls have {}: the tape would not match",
                ll::name(c.function),
                show(&mine),
                known.iter().map(show).collect::<Vec<_>>().join(" / ")
            );
            Some(Site::new(c.call).error(DiagKind::CallingError, msg, "pass the same markers (and enzyme_allocated/enzyme_tape) to both calls"))
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The augmented part a split call needs (for `__enzyme_reverse`, to know whether its tape
/// holds anything), and the reverse part for `__enzyme_reverse`.
pub fn part_requests(c: &MarkerCall, function: &str, args: Vec<ArgActivity>) -> (Request, Option<Request>) {
    let ret = ll::return_type(c.function);
    let aug = ReqMode::Augmented { return_primal: !ll::is_void(ret), return_shadow: ll::is_pointer(ret) };
    let aug = Request { function: function.to_string(), args, width: c.width, mode: aug };
    let rev = (c.mode == Mode::ReverseSplit)
        .then(|| Request { mode: ReqMode::ReverseSplit { active_return: active_return(c.function), nofree: c.nofree, top: true }, ..aug.clone() });
    (aug, rev)
}

/// What a split call becomes once its parts are generated.
pub enum Entry {
    /// A call to this entry function.
    Function(String),
    /// `__enzyme_augmentsize`: a constant number of bytes.
    Size(u64),
}

/// The entry function (or size) for split call `c`, whose augmented part is `aug` and whose
/// own part (`rev` for `__enzyme_reverse`) has signature `sig`. A caller tape smaller than the
/// header is an error that states both sizes.
pub fn entry(gen: &mut Generator<'_>, c: &MarkerCall, aug: &str, own: (&str, &catalase_ir::Signature)) -> Result<Entry, Diagnostic> {
    let pushes = split::pushes_tape(gen, aug);
    let need = if pushes { HEADER_BYTES } else { 0 };
    if c.mode == Mode::AugmentSize {
        return Ok(Entry::Size(need));
    }
    let home = match c.allocated {
        None => TapeHome::Heap,
        Some(_) if !pushes => TapeHome::Empty,
        Some(have) if have < need => {
            let msg = format!("the tape of `{}` needs {need} bytes, enzyme_allocated gives {have} bytes", ll::name(c.function));
            let help = format!("pass enzyme_allocated, __enzyme_augmentsize(f, markers...) (here {need}) with a buffer of that size");
            return Err(Site::new(c.call).error(DiagKind::CallingError, msg, &help));
        }
        Some(_) => TapeHome::Caller,
    };
    Ok(Entry::Function(match c.mode {
        Mode::AugmentedForward => split::augmented_entry(gen, own.0, own.1, home),
        _ => split::reverse_entry(gen, own.0, own.1, home, c.nofree),
    }))
}

/// The operands after the parameters of the entry call: the differential return, then the
/// tape (the default tape's pointer, or the caller's bytes when they hold the header).
pub fn tail_operands(c: &MarkerCall, tail: &Tail, entry_params: usize, given: usize) -> Vec<LLVMValueRef> {
    let mut out: Vec<LLVMValueRef> = tail.dret.into_iter().collect();
    out.extend(tail.tape);
    if c.allocated.is_some() {
        out.extend(c.tape);
    }
    // An `Empty` tape home takes no tape: drop the caller's bytes.
    out.truncate(entry_params.saturating_sub(given));
    out
}
