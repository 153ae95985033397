//! Split mode at the LLVM boundary (ABI §5): checks of `__enzyme_augmentfwd`,
//! `__enzyme_reverse` and `__enzyme_augmentsize` calls before anything is generated (the
//! differential return and the tape of a reverse call, caller-owned tapes, the same activity
//! pattern in the augmented and the reverse calls of a function), the requests for the parts,
//! and the choice of the entry function (`catalase_ad::reverse::split`) once the parts exist.
//!
//! The tape travels one of three ways ([`TapeKind`]): returned by `__enzyme_augmentfwd` and
//! passed last to `__enzyme_reverse` (the default); through a pointer-sized slot of the caller
//! (`enzyme_tape, ptr` alone: the augmented call stores the default tape's pointer at `ptr`, the
//! reverse call loads it from there); in the caller's bytes (`enzyme_allocated, N, enzyme_tape,
//! ptr`: the header itself lives at `ptr`).

// Diagnostic (crates/ir) is the project-wide error type; its size is its owner's call.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use catalase_ad::request::{ArgActivity, Mode as ReqMode, Request};
use catalase_ad::reverse::split::{self, TapeHome, HEADER_BYTES};
use catalase_ad::Generator;
use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMBuilderRef, LLVMTypeRef, LLVMValueRef};
use llvm_sys::LLVMTypeKind;

use crate::markers::{ll, Activity, MarkerCall, Mode, Site};

/// How a split call's tape travels between the augmented and the reverse call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TapeKind {
    /// Returned first by `__enzyme_augmentfwd`, passed last to `__enzyme_reverse`.
    Returned,
    /// `enzyme_tape, ptr` alone: the returned tape's pointer is stored at, and loaded from, `*ptr`.
    Slot,
    /// `enzyme_allocated, N, enzyme_tape, ptr`: the tape's header lives in the caller's N bytes.
    Allocated,
}

impl TapeKind {
    pub fn of(c: &MarkerCall) -> TapeKind {
        match (c.tape, c.allocated) {
            (_, Some(_)) => TapeKind::Allocated,
            (Some(_), None) => TapeKind::Slot,
            (None, None) => TapeKind::Returned,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            TapeKind::Returned => "",
            TapeKind::Slot => " with the tape in a caller's slot (enzyme_tape)",
            TapeKind::Allocated => " with a caller-owned tape (enzyme_allocated)",
        }
    }
}

/// The operands a split call passes after its parameters, checked.
#[derive(Debug, Default)]
pub struct Tail {
    /// The differential return of `__enzyme_reverse`.
    pub dret: Option<LLVMValueRef>,
    /// The tape pointer `__enzyme_augmentfwd` returned (default tape).
    pub tape: Option<LLVMValueRef>,
    /// The differential return of a batched `__enzyme_reverse` (`enzyme_width` N), as passed.
    pub batched_dret: Option<BatchedDret>,
    /// The differential return of a function returning a struct, as C passes that struct.
    pub struct_dret: Option<StructDret>,
}

/// How C passes a struct through `...`, here the differential return of a function that
/// returns a small struct of floats (ABI §5): in pieces (x86-64: two doubles for
/// `{double, double}`, `<2 x float>` for `{float, float}`, `<2 x float>, float` for three
/// floats), or in memory (a larger struct, `byval`).
#[derive(Debug)]
pub enum StructDret {
    /// The pieces in order; laid out one after another, each at its alignment, they hold the
    /// struct's bytes.
    Pieces(Vec<LLVMValueRef>),
    /// A pointer to the struct.
    InMemory(LLVMValueRef),
}

impl StructDret {
    fn count(&self) -> usize {
        match self {
            StructDret::Pieces(v) => v.len(),
            StructDret::InMemory(_) => 1,
        }
    }
}

/// Whether a value of type `from` passes as the differential return of type `ret`: as the
/// parser converts arguments, but never reading the bits of one float as others (`1.0` where
/// `{float, float}` returns `<2 x float>`).
fn dret_converts(from: LLVMTypeRef, ret: LLVMTypeRef) -> bool {
    match ll::conversion(from, ret) {
        Some(ll::Conversion::Bitcast) => crate::rewrite::scalar_leaves(from) == crate::rewrite::scalar_leaves(ret),
        c => c.is_some(),
    }
}

/// `given` as the differential return of a function returning the struct (or array) `ret`:
/// a pointer alone (the struct in memory), or pieces whose scalars are the struct's, in order.
fn struct_dret(ret: LLVMTypeRef, given: &[LLVMValueRef]) -> Option<StructDret> {
    use LLVMTypeKind::*;
    if !matches!(ll::kind(ret), LLVMStructTypeKind | LLVMArrayTypeKind | LLVMVectorTypeKind) {
        return None;
    }
    match given {
        [] => None,
        [p] if ll::is_pointer(ll::type_of(*p)) => Some(StructDret::InMemory(*p)),
        pieces => {
            let want = crate::rewrite::scalar_leaves(ret)?;
            let mut have = Vec::new();
            for p in pieces {
                have.extend(crate::rewrite::scalar_leaves(ll::type_of(*p))?);
            }
            (have == want).then(|| StructDret::Pieces(pieces.to_vec()))
        }
    }
}

/// How a batched reverse call passes its N differential returns (ABI §5: Enzyme wants
/// `[N x T]`, which C cannot pass through `...`).
#[derive(Debug)]
pub enum BatchedDret {
    /// N lanes of the result's type in order, each value one lane or a vector of lanes (a small
    /// struct of N doubles arrives as N doubles, one of 2 or 4 floats as one or two `<2 x float>`;
    /// or N separate values).
    Lanes(Vec<LLVMValueRef>),
    /// An aggregate of N values (`[N x T]`, or a struct of N `T`).
    Aggregate(LLVMValueRef),
    /// A pointer to N values (a larger struct, passed `byval`).
    InMemory(LLVMValueRef),
    /// A result that is a small struct of floats: each lane's struct as C passes it, in pieces
    /// (see [`StructDret`]).
    StructLanes(Vec<Vec<LLVMValueRef>>),
}

/// Whether `f`'s result is active by value in reverse mode (a float, or floats only).
pub fn active_return(f: LLVMValueRef) -> bool {
    let ret = ll::return_type(f);
    !ll::is_void(ret) && crate::markers::default_activity(ret, Mode::Reverse) == Activity::Out
}

/// Whether split call `c` has an active result: `__enzyme_reverse` then takes its differential
/// return. `enzyme_const_return` and `enzyme_active_return` override the default.
pub fn returns_active(c: &MarkerCall) -> bool {
    match c.return_activity {
        Some(a) => a == Activity::Out,
        None => active_return(c.function),
    }
}

/// Whether `__enzyme_augmentfwd` of `c` returns the shadow of a pointer result (not with
/// `enzyme_const_return`).
fn returns_shadow(c: &MarkerCall) -> bool {
    ll::is_pointer(ll::return_type(c.function)) && c.return_activity != Some(Activity::Const)
}

/// `enzyme_noret` with a shadow returned: the augmented part returns `{primal, shadow}` (it has
/// no shape with the shadow alone) and the call site drops the primal.
fn drops_primal(c: &MarkerCall) -> bool {
    c.mode == Mode::AugmentedForward && c.noret && returns_shadow(c)
}

/// The checked surplus operands of a split call, and the misuses of §4 of the issue: a missing
/// or mistyped differential return, a tape of the wrong type, a half-given caller tape.
pub fn check_tail(c: &MarkerCall) -> Result<Tail, Diagnostic> {
    let site = Site::new(c.call);
    let fname = ll::name(c.function);
    match (c.tape, c.allocated) {
        (None, Some(_)) if c.mode != Mode::AugmentSize => {
            return Err(site.error(DiagKind::CallingError, "enzyme_allocated without enzyme_tape", "pass the caller's bytes with enzyme_tape, ptr"))
        }
        (Some(p), _) if !ll::is_pointer(ll::type_of(p)) => {
            let msg = format!("the tape after enzyme_tape must be a pointer, found `{}`", ll::operand_text(p));
            let help = "pass a pointer to the caller's enzyme_allocated bytes, or without enzyme_allocated to a `void*` slot that holds the tape between the calls";
            return Err(site.error(DiagKind::CallingError, msg, help));
        }
        _ => {}
    }
    if c.mode != Mode::ReverseSplit {
        return Ok(Tail::default());
    }
    let ret = ll::return_type(c.function);
    let active = returns_active(c);
    let wants_tape = TapeKind::of(c) == TapeKind::Returned;
    let mut extra = c.extra.iter().copied();
    let mut tail = Tail::default();
    // `enzyme_byref` (checked by the parser: the first surplus operand, a pointer to as many
    // bytes as the result has) is the differential return, read through the pointer.
    if c.byref_extra.is_some() {
        if !active {
            let msg = format!("enzyme_byref on a differential return, but the result of `{fname}` has none to pass");
            return Err(site.error(DiagKind::CallingError, msg, "remove enzyme_byref: only an active result takes a differential return"));
        }
        tail.struct_dret = extra.next().map(StructDret::InMemory);
        return finish_tail(&site, &fname, tail, extra, wants_tape);
    }
    if let Some(&d) = c.extra.first().filter(|_| !active && c.extra.len() > usize::from(wants_tape)) {
        if !ll::is_pointer(ll::type_of(d)) {
            let why = if c.return_activity == Some(Activity::Const) { "enzyme_const_return makes it constant" } else { "it carries no derivative" };
            let msg = format!("differential return `{}` given, but the result of `{fname}` has none: {why}", ll::operand_text(d));
            return Err(site.error(DiagKind::CallingError, msg, "remove the differential return (or the enzyme_const_return)"));
        }
    }
    if active && c.width > 1 {
        let count = c.extra.len().saturating_sub(usize::from(wants_tape));
        let given: Vec<LLVMValueRef> = extra.by_ref().take(count).collect();
        tail.batched_dret = Some(batched_dret(&site, &fname, ret, c.width, given)?);
    } else if active {
        let Some(d) = extra.next().filter(|v| !(wants_tape && c.extra.len() == 1 && ll::is_pointer(ll::type_of(*v)))) else {
            let msg = format!(
                "missing differential return: `{fname}` returns {}, so __enzyme_reverse takes its differential return after the arguments{}",
                ll::print_type(ret),
                if wants_tape { ", then the tape" } else { "" }
            );
            return Err(site.error(DiagKind::CallingError, msg, "pass the adjoint of the result (1.0 for the gradient of the result itself)"));
        };
        if !dret_converts(ll::type_of(d), ret) {
            if let Some(pieces) = struct_dret(ret, &c.extra[..c.extra.len() - usize::from(wants_tape)]) {
                for _ in 1..pieces.count() {
                    extra.next();
                }
                tail.struct_dret = Some(pieces);
                return finish_tail(&site, &fname, tail, extra, wants_tape);
            }
            let msg = format!(
                "differential return of the wrong type: `{fname}` returns {}, the differential return passed is `{}`",
                ll::print_type(ret),
                ll::operand_text(d)
            );
            let help = if matches!(ll::kind(ret), LLVMTypeKind::LLVMStructTypeKind | LLVMTypeKind::LLVMArrayTypeKind | LLVMTypeKind::LLVMVectorTypeKind) {
                format!("pass the struct the function returns ({}), by value or a pointer to it", ll::print_type(ret))
            } else {
                format!("pass a value of type {}", ll::print_type(ret))
            };
            return Err(site.error(DiagKind::CallingError, msg, &help));
        }
        tail.dret = Some(d);
    }
    finish_tail(&site, &fname, tail, extra, wants_tape)
}

/// The tape operand (when returned by `__enzyme_augmentfwd`) and no surplus after it.
fn finish_tail(site: &Site, fname: &str, mut tail: Tail, mut extra: impl Iterator<Item = LLVMValueRef>, wants_tape: bool) -> Result<Tail, Diagnostic> {
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

/// The N differential returns of a batched reverse call, by how they were passed.
fn batched_dret(site: &Site, fname: &str, ret: LLVMTypeRef, width: u32, given: Vec<LLVMValueRef>) -> Result<BatchedDret, Diagnostic> {
    // The lanes one passed value holds: 1 for a value of the result's type, k for `<k x T>`.
    let lanes_in = |v: &LLVMValueRef| -> Option<u32> {
        let t = ll::type_of(*v);
        if ll::conversion(t, ret).is_some() {
            return Some(1);
        }
        // SAFETY: type queries on live types.
        unsafe { (ll::kind(t) == LLVMTypeKind::LLVMVectorTypeKind && LLVMGetElementType(t) == ret).then(|| LLVMGetVectorSize(t)) }
    };
    let lane_total = given.iter().map(lanes_in).try_fold(0u32, |n, k| k.map(|k| n + k));
    let of_lanes = |t: LLVMTypeRef| {
        let kind = ll::kind(t);
        // SAFETY: type queries on live types.
        unsafe {
            match kind {
                LLVMTypeKind::LLVMArrayTypeKind => LLVMGetArrayLength2(t) == u64::from(width) && LLVMGetElementType(t) == ret,
                LLVMTypeKind::LLVMStructTypeKind => {
                    let fields = ll::struct_fields(t);
                    fields.len() == width as usize && fields.iter().all(|f| *f == ret)
                }
                _ => false,
            }
        }
    };
    match given.as_slice() {
        lanes if !lanes.is_empty() && lane_total == Some(width) => return Ok(BatchedDret::Lanes(lanes.to_vec())),
        pieces if struct_lanes(ret, width, pieces).is_some() => return Ok(BatchedDret::StructLanes(struct_lanes(ret, width, pieces).unwrap_or_default())),
        [d] if of_lanes(ll::type_of(*d)) => return Ok(BatchedDret::Aggregate(*d)),
        [d] if ll::is_pointer(ll::type_of(*d)) => return Ok(BatchedDret::InMemory(*d)),
        _ => {}
    }
    let t = ll::print_type(ret);
    let msg = if given.is_empty() {
        format!("missing differential return: `{fname}` returns {t}, so this __enzyme_reverse at width {width} takes {width} of them after the arguments")
    } else {
        let passed: Vec<String> = given.iter().map(|v| ll::operand_text(*v)).collect();
        format!("differential return of the wrong type: at width {width}, `{fname}` takes {width} values of type {t}, passed `{}`", passed.join(", "))
    };
    Err(site.error(DiagKind::CallingError, msg, &format!("pass a struct of {width} {t} (or {width} separate {t} values), one seed per lane")))
}

/// The pieces of N structs, one lane each (the struct `ret` C passes in pieces, N times): the
/// pieces cut where each lane's scalars end; None when a piece straddles two lanes or the
/// scalars are not N times `ret`'s.
fn struct_lanes(ret: LLVMTypeRef, width: u32, pieces: &[LLVMValueRef]) -> Option<Vec<Vec<LLVMValueRef>>> {
    use LLVMTypeKind::*;
    if !matches!(ll::kind(ret), LLVMStructTypeKind | LLVMArrayTypeKind | LLVMVectorTypeKind) {
        return None;
    }
    let want = crate::rewrite::scalar_leaves(ret)?;
    let mut lanes = vec![Vec::new()];
    let mut have: Vec<LLVMTypeKind> = Vec::new();
    for &p in pieces {
        if ll::is_pointer(ll::type_of(p)) {
            return None;
        }
        have.extend(crate::rewrite::scalar_leaves(ll::type_of(p))?);
        if have.len() > want.len() {
            return None;
        }
        lanes.last_mut()?.push(p);
        if have.len() == want.len() {
            if have != want {
                return None;
            }
            have.clear();
            lanes.push(Vec::new());
        }
    }
    lanes.pop();
    (have.is_empty() && lanes.len() == width as usize).then_some(lanes)
}

/// The lanes of one passed differential-return value: its elements when it is a vector, else itself.
///
/// # Safety
/// `b` is a positioned builder and `v` a live value.
unsafe fn vector_lanes(b: LLVMBuilderRef, v: LLVMValueRef) -> Vec<LLVMValueRef> {
    let t = ll::type_of(v);
    // SAFETY: the caller's contract; indices are within the vector's length.
    unsafe {
        if ll::kind(t) != LLVMTypeKind::LLVMVectorTypeKind {
            return vec![v];
        }
        let i32t = LLVMInt32TypeInContext(LLVMGetTypeContext(t));
        (0..LLVMGetVectorSize(t)).map(|k| LLVMBuildExtractElement(b, v, LLVMConstInt(i32t, u64::from(k), 0), c"".as_ptr())).collect()
    }
}

/// Pack a batched differential return into `[N x T]`, before the call `c`.
fn pack_dret(c: &MarkerCall, d: &BatchedDret) -> LLVMValueRef {
    let ret = ll::return_type(c.function);
    // SAFETY: a builder positioned before the live marker call; the values are the call's own
    // operands, of the types `batched_dret` checked.
    let builder = crate::rewrite::Builder::before(c.call);
    let b = builder.raw;
    unsafe {
        let arr = LLVMArrayType2(ret, u64::from(c.width));
        let packed = match d {
            BatchedDret::InMemory(p) => LLVMBuildLoad2(b, arr, *p, c"".as_ptr()),
            BatchedDret::StructLanes(lanes) => {
                let mut acc = LLVMGetUndef(arr);
                for (l, pieces) in lanes.iter().enumerate() {
                    acc = LLVMBuildInsertValue(b, acc, builder.assemble(pieces, ret), l as u32, c"".as_ptr());
                }
                acc
            }
            BatchedDret::Aggregate(v) if ll::type_of(*v) == arr => *v,
            BatchedDret::Aggregate(_) | BatchedDret::Lanes(_) => {
                let lanes: Vec<LLVMValueRef> = match d {
                    BatchedDret::Lanes(vs) => vs.iter().flat_map(|v| vector_lanes(b, *v)).collect(),
                    BatchedDret::StructLanes(_) => unreachable!("handled above"),
                    BatchedDret::Aggregate(v) | BatchedDret::InMemory(v) => (0..c.width).map(|l| LLVMBuildExtractValue(b, *v, l, c"".as_ptr())).collect(),
                };
                let mut acc = LLVMGetUndef(arr);
                for (l, lane) in lanes.into_iter().enumerate() {
                    let lane = if ll::type_of(lane) == ret { lane } else { LLVMBuildFPTrunc(b, lane, ret, c"".as_ptr()) };
                    acc = LLVMBuildInsertValue(b, acc, lane, l as u32, c"".as_ptr());
                }
                acc
            }
        };
        packed
    }
}

/// The augmented and reverse calls of one function must agree on the activity pattern and the
/// tape's home: a reverse pass reading a tape laid out for other activities reads garbage.
pub fn check_patterns(calls: &[MarkerCall]) -> Result<(), Vec<Diagnostic>> {
    // `enzyme_runtime_activity` changes the parts' code, so their tape, too.
    let pattern = |c: &MarkerCall| (c.args.iter().map(|a| a.activity).collect::<Vec<_>>(), TapeKind::of(c), c.runtime_activity);
    let mut augmented: HashMap<LLVMValueRef, Vec<(Vec<Activity>, TapeKind, bool)>> = HashMap::new();
    for c in calls.iter().filter(|c| c.mode == Mode::AugmentedForward) {
        augmented.entry(c.function).or_default().push(pattern(c));
    }
    let show = |p: &(Vec<Activity>, TapeKind, bool)| {
        let acts: Vec<String> = p.0.iter().map(|a| format!("{a:?}").to_lowercase()).collect();
        format!("({}){}{}", acts.join(", "), p.1.describe(), if p.2 { " with enzyme_runtime_activity" } else { "" })
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
            Some(Site::new(c.call).error(DiagKind::CallingError, msg, "pass the same markers (and enzyme_allocated/enzyme_tape, enzyme_runtime_activity) to both calls"))
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
/// The return markers choose the results: `enzyme_noret` no primal, `enzyme_const_return` no
/// shadow and no differential return.
pub fn part_requests(c: &MarkerCall, function: &str, args: Vec<ArgActivity>) -> (Request, Option<Request>) {
    let ret = ll::return_type(c.function);
    let return_shadow = returns_shadow(c);
    let return_primal = !ll::is_void(ret) && (!c.noret || return_shadow);
    let aug = Request { function: function.to_string(), args, width: c.width, mode: ReqMode::Augmented { return_primal, return_shadow }, standins: c.runtime_activity, strong_zero: false, fp80_clean: false };
    // A pointer result's shadow handed to the caller (`{.., primal, shadow}`) is the caller's,
    // as the primal is: the reverse part keeps the shadow blocks that reach the result alive
    // (`keep_returned`), and the caller frees both (`reverse::escape`).
    let rev = (c.mode == Mode::ReverseSplit).then(|| Request {
        mode: ReqMode::ReverseSplit { active_return: returns_active(c), nofree: c.nofree, top: true, keep_returned: return_shadow, keep_stored: 0 },
        ..aug.clone()
    });
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
            let msg = format!(
                "the tape of `{}` needs {need} bytes, enzyme_allocated gives {have} bytes (Enzyme: need {need} bytes have {have} bytes)",
                ll::name(c.function)
            );
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
/// tape (the default tape's pointer, loaded from the caller's slot for [`TapeKind::Slot`], or
/// the caller's bytes when they hold the header). Builds the slot's load before the call.
pub fn tail_operands(c: &MarkerCall, tail: &Tail, entry_params: usize, given: usize) -> Vec<LLVMValueRef> {
    let mut out: Vec<LLVMValueRef> = tail.dret.into_iter().collect();
    out.extend(tail.batched_dret.as_ref().map(|d| pack_dret(c, d)));
    out.extend(tail.struct_dret.as_ref().map(|d| {
        let ret = ll::return_type(c.function);
        let builder = crate::rewrite::Builder::before(c.call);
        match d {
            StructDret::InMemory(p) => builder.load(ret, *p),
            StructDret::Pieces(pieces) => builder.assemble(pieces, ret),
        }
    }));
    out.extend(tail.tape);
    match (TapeKind::of(c), c.tape) {
        (TapeKind::Allocated, tape) => out.extend(tape),
        (TapeKind::Slot, Some(slot)) if c.mode == Mode::ReverseSplit => out.push(load_tape_from_slot(c.call, slot)),
        _ => {}
    }
    // An `Empty` tape home takes no tape: drop the caller's bytes.
    out.truncate(entry_params.saturating_sub(given));
    out
}

/// `load ptr, ptr slot` before `call`: the default tape's pointer that the augmented call kept
/// in the caller's slot.
fn load_tape_from_slot(call: LLVMValueRef, slot: LLVMValueRef) -> LLVMValueRef {
    // SAFETY: a builder in the call's context, positioned before the live call; `slot` is a
    // pointer operand of that call (checked by `check_tail`), so it dominates the load.
    let builder = crate::rewrite::Builder::before(call);
    unsafe {
        let ptr = LLVMPointerTypeInContext(LLVMGetTypeContext(ll::type_of(slot)), 0);
        let load = LLVMBuildLoad2(builder.raw, ptr, slot, c"catalase.tape".as_ptr());
        LLVMSetAlignment(load, 1);
        load
    }
}

/// What `__enzyme_augmentfwd` of `c` returns, from its entry's `result`: with
/// [`TapeKind::Slot`] the tape (field 0) is stored at `*slot`, and with [`drops_primal`] the
/// primal is left out; the rest is one value, a struct of the fields, or nothing (None).
/// The slot may be any caller memory: the store assumes no alignment.
pub(crate) fn augmented_result(builder: LLVMBuilderRef, c: &MarkerCall, result: LLVMValueRef) -> Option<LLVMValueRef> {
    let kind = TapeKind::of(c);
    let slot = c.tape.filter(|_| kind == TapeKind::Slot);
    if slot.is_none() && !drops_primal(c) {
        return Some(result);
    }
    let ty = ll::type_of(result);
    // SAFETY: `builder` is positioned after the entry call `result` (before the marker call it
    // replaces); extractvalue indices are within the entry's result struct.
    unsafe {
        let mut fields: Vec<LLVMValueRef> = match ll::kind(ty) {
            llvm_sys::LLVMTypeKind::LLVMStructTypeKind => {
                (0..LLVMCountStructElementTypes(ty)).map(|i| LLVMBuildExtractValue(builder, result, i, c"".as_ptr())).collect()
            }
            _ => vec![result],
        };
        if drops_primal(c) {
            // `{tape, primal, shadow}`, or `{primal, shadow}` when the caller's bytes hold the tape.
            fields.remove(usize::from(kind != TapeKind::Allocated));
        }
        if let Some(slot) = slot {
            let store = LLVMBuildStore(builder, fields.remove(0), slot);
            LLVMSetAlignment(store, 1);
        }
        match fields.len() {
            0 => None,
            1 => Some(fields[0]),
            n => {
                let mut types: Vec<_> = fields.iter().map(|&v| ll::type_of(v)).collect();
                let st = LLVMStructTypeInContext(LLVMGetTypeContext(ty), types.as_mut_ptr(), n as u32, 0);
                let mut agg = LLVMGetPoison(st);
                for (i, &v) in fields.iter().enumerate() {
                    agg = LLVMBuildInsertValue(builder, agg, v, i as u32, c"".as_ptr());
                }
                Some(agg)
            }
        }
    }
}
