//! Mod/ref analysis (DESIGN.md §4): which memory each instruction may write or read, and the
//! question reverse mode's cache-or-recompute decision asks: *may the memory an instruction
//! reads be overwritten after it* (before the end of the function, or before a given point)?
//! A value loaded from memory that is never overwritten can be loaded again in the adjoint
//! sweep; one that may be overwritten must be cached.
//!
//! **Locations.** Memory is named by the roots of [`crate::activity::roots`] (reused, not
//! duplicated): each pointer argument, each `alloca` and allocator call, each mutable global,
//! one root for constant memory and one for pointers the model cannot follow. A [`Loc`] is a
//! root plus, where the pointer is a constant offset from a base value, the byte range
//! `[lo, hi)` from that base (`x[1]` is `arg0 +8..16`); otherwise the whole root.
//!
//! **Aliasing.** Two locations may overlap when their roots may alias and, for the same root
//! seen from the same base, their byte ranges intersect. Distinct allocations never alias each
//! other or arguments; an allocation aliases the unknown root only if its address escapes
//! (stored, returned, cast to an integer, or passed to a call that may keep it: not a known
//! function, not a `nocapture`/`readonly`/`readnone` parameter, nor one whose `captures(...)`
//! has no provenance). Arguments may alias each
//! other, globals and the unknown root, unless one is `noalias` (and, against the unknown root,
//! does not escape). Constant memory is never written.
//!
//! **Calls** are summarised by [`calls`]: known functions by name, defined functions by their
//! bodies (a fixpoint over the call graph), others by their attributes or as "everything".
//! A call writes the memory of the arguments its summary says it writes through and, if it
//! may write "other" memory, every root other code can reach: not constant memory, not
//! allocations and `noalias` arguments whose address does not escape.
//!
//! **Flow.** An instruction `W` may run after `R` when it follows `R` in `R`'s block or sits in
//! a block reachable from `R`'s block (all of `R`'s block when `R` is in a cycle). Precision
//! limits: no per-iteration reasoning in loops (a store to `x[i]` overwrites a load of `x[j]`
//! in a later iteration, whatever `i` and `j` are), variable offsets cover the whole root.

pub mod calls;

use std::collections::{HashMap, HashSet};

use catalase_ir::entities::SecondaryMap;
use catalase_ir::inst::{Attr, AttrList, AttrValue, InstData};
use catalase_ir::opcodes::CastOp;
use catalase_ir::{Block, FuncId, Function, Inst, Module, Value};

use crate::activity::roots::{self, Root, Roots};
use crate::cfg::Cfg;
use crate::AnalysisError;
use calls::{CallKind, CallSummary};

/// Which bytes of a root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Span {
    /// Any byte of the root.
    All,
    /// `[lo, hi)` from the address `base` (a pointer of the same root).
    Bytes { base: Value, lo: i64, hi: i64 },
}

/// Some bytes of one memory root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    pub root: u32,
    pub span: Span,
}

/// What one instruction may read and write.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effect {
    pub reads: Vec<Loc>,
    pub writes: Vec<Loc>,
}

/// Mod/ref facts of one function.
#[derive(Clone, Debug)]
pub struct ModRef {
    roots: Roots,
    effects: SecondaryMap<Inst, Effect>,
    exposure: Exposure,
    cfg: Cfg,
}

/// Mod/ref of `func`, whose callees live in `module`.
pub fn analyse(func: &Function, module: &Module) -> Result<ModRef, AnalysisError> {
    let summaries = summaries(module, func)?;
    let (cfg, order, roots) = prepare(func, module)?;
    let exposure = Exposure::of(func, module, &roots, &order);
    let effects = effects(func, module, &roots, &order, &summaries, &exposure);
    Ok(ModRef { roots, effects, exposure, cfg })
}

fn prepare(func: &Function, module: &Module) -> Result<(Cfg, Vec<Inst>, Roots), AnalysisError> {
    let cfg = crate::cfg::analyse(func)?;
    let order: Vec<Inst> = cfg.rpo().iter().flat_map(|&b| func.layout.block_insts(b)).collect();
    let roots = roots::analyse_unmerged(func, module, &order)?;
    Ok((cfg, order, roots))
}

/// What root `r` is. (The one place, with [`prepare`], that reads the roots' representation.)
fn kind_of(roots: &Roots, r: u32) -> &Root {
    roots.kind(r)
}

impl ModRef {
    /// What `inst` may read and write.
    pub fn effect(&self, inst: Inst) -> &Effect {
        self.effects.get(inst)
    }
    /// The kind of a root (for printing and for the generator's decisions).
    pub fn root(&self, id: u32) -> &Root {
        kind_of(&self.roots, id)
    }
    /// Whether two roots may name the same memory.
    pub fn roots_may_alias(&self, a: u32, b: u32) -> bool {
        if a == b {
            return true;
        }
        let (ka, kb) = (self.root(a), self.root(b));
        let (ea, eb) = (self.exposure.escaped[a as usize], self.exposure.escaped[b as usize]);
        let (na, nb) = (self.exposure.noalias[a as usize], self.exposure.noalias[b as usize]);
        match (ka, kb) {
            (Root::Constant, _) | (_, Root::Constant) => false,
            (Root::Alloc(_), Root::Unknown) => ea,
            (Root::Unknown, Root::Alloc(_)) => eb,
            (Root::Alloc(_), _) | (_, Root::Alloc(_)) => false,
            (Root::Arg(_), Root::Unknown) => !na || ea,
            (Root::Unknown, Root::Arg(_)) => !nb || eb,
            (Root::Arg(_), _) | (_, Root::Arg(_)) => !na && !nb,
            (Root::Global(_), Root::Global(_)) => false,
            _ => true,
        }
    }
    /// Whether two locations may overlap.
    pub fn may_overlap(&self, a: &Loc, b: &Loc) -> bool {
        if !self.roots_may_alias(a.root, b.root) {
            return false;
        }
        match (a.span, b.span) {
            (Span::Bytes { base: x, lo: l1, hi: h1 }, Span::Bytes { base: y, lo: l2, hi: h2 }) if x == y => {
                l1 < h2 && l2 < h1
            }
            _ => true,
        }
    }
    /// Whether `writer` may write memory that `reader` reads.
    pub fn clobbers(&self, writer: Inst, reader: Inst) -> bool {
        let reads = &self.effects.get(reader).reads;
        self.effects.get(writer).writes.iter().any(|w| reads.iter().any(|r| self.may_overlap(w, r)))
    }
    /// The instructions that may overwrite the memory `read` reads, after it runs and (with
    /// `until`) before `until` runs.
    pub fn overwriters(&self, func: &Function, read: Inst, until: Option<Inst>) -> Vec<Inst> {
        let after = runs_after(func, &self.cfg, read);
        after
            .iter()
            .copied()
            .filter(|&w| self.clobbers(w, read))
            .filter(|&w| until.is_none_or(|p| w != p && runs_after(func, &self.cfg, w).contains(&p)))
            .collect()
    }
    /// Whether the memory `read` reads may be overwritten after it, before the end of the
    /// function (`until` = `None`) or before `until`.
    pub fn may_be_overwritten(&self, func: &Function, read: Inst, until: Option<Inst>) -> bool {
        !self.overwriters(func, read, until).is_empty()
    }
    /// A location, as fixtures and `--print` show it: `arg0+8..16`, `v5(arg0)+0..8`, `global:g`.
    pub fn describe(&self, func: &Function, loc: &Loc) -> String {
        let name = match self.root(loc.root) {
            Root::Arg(i) => format!("arg{i}"),
            Root::Alloc(i) => func.dfg.result(*i).map_or(format!("{i}"), |v| v.to_string()),
            Root::Global(g) => format!("global:{g}"),
            Root::Constant => return "constant".into(),
            Root::Unknown => "unknown".into(),
        };
        match loc.span {
            Span::All => name,
            Span::Bytes { base, lo, hi } if self.is_root_address(func, base, loc.root) => format!("{name}+{lo}..{hi}"),
            Span::Bytes { base, lo, hi } => format!("{base}({name})+{lo}..{hi}"),
        }
    }
    fn is_root_address(&self, func: &Function, v: Value, root: u32) -> bool {
        match self.root(root) {
            Root::Arg(i) => func.params().get(*i as usize) == Some(&v),
            Root::Alloc(i) => func.dfg.result(*i) == Some(v),
            Root::Global(_) => func.dfg.as_const(v).is_some(),
            _ => false,
        }
    }
}

/// The instructions that may run after `inst` (see the module doc).
fn runs_after(func: &Function, cfg: &Cfg, inst: Inst) -> Vec<Inst> {
    let Some(b) = func.layout.inst_block(inst) else { return Vec::new() };
    let insts: Vec<Inst> = func.layout.block_insts(b).collect();
    let pos = insts.iter().position(|&i| i == inst).unwrap_or(0);
    let mut seen: HashSet<Block> = HashSet::new();
    let mut stack: Vec<Block> = cfg.successors(b).to_vec();
    while let Some(x) = stack.pop() {
        if seen.insert(x) {
            stack.extend_from_slice(cfg.successors(x));
        }
    }
    let mut out: Vec<Inst> = if seen.contains(&b) { insts.to_vec() } else { insts[pos + 1..].to_vec() };
    for &x in cfg.rpo().iter().filter(|x| **x != b && seen.contains(x)) {
        out.extend(func.layout.block_insts(x));
    }
    out
}

/// `v` as a base value plus a constant byte offset (through constant `ptradd`s).
fn base_offset(func: &Function, mut v: Value) -> (Value, i64) {
    let mut off = 0i64;
    for _ in 0..64 {
        let Some(i) = func.dfg.def_inst(v) else { break };
        let InstData::PtrAdd { args: [base, o] } = func.dfg.inst(i) else { break };
        let Some(c) = func.dfg.const_int(*o) else { break };
        off = off.saturating_add(c as i64);
        v = *base;
    }
    (v, off)
}

/// Whether `v` has one value for the whole run of the function: a constant, an argument, or
/// a value of the entry block. Byte ranges from the same base are compared only then: a base
/// made in a loop names other memory in each iteration (`d[j]` stored, `d[j-1]` loaded).
fn runs_once(func: &Function, v: Value) -> bool {
    let entry = func.entry_block();
    match func.dfg.values[v].def {
        catalase_ir::function::ValueDef::Const(_) => true,
        catalase_ir::function::ValueDef::Param(b, _) => Some(b) == entry,
        catalase_ir::function::ValueDef::Result(i) => func.layout.inst_block(i).is_some() && func.layout.inst_block(i) == entry,
    }
}

/// The locations `ptr` reaches: `len` bytes from it, or anything when `len` is `None`.
fn locs(func: &Function, roots: &Roots, ptr: Value, len: Option<i64>) -> Vec<Loc> {
    let span = match len {
        Some(n) => {
            let (base, lo) = base_offset(func, ptr);
            if runs_once(func, base) {
                Span::Bytes { base, lo, hi: lo.saturating_add(n) }
            } else {
                Span::All
            }
        }
        None => Span::All,
    };
    let set: Vec<u32> = roots.of(ptr).iter().collect();
    let set = if set.is_empty() { vec![roots.unknown] } else { set };
    set.into_iter().map(|root| Loc { root, span }).collect()
}

/// LLVM 22's form of `nocapture`: `captures(...)` whose components, for the return value and
/// for the rest, include no provenance (`address` or `address_is_null` alone cannot reach
/// memory). Its integer is `other << 4 | ret`, with bits 4 and 8 of each nibble the read and
/// full provenance; `captures(none)` is 0.
fn captures_no_provenance(a: &Attr) -> bool {
    a.name == "captures" && matches!(a.value, AttrValue::Int(v) if v & 0xcc == 0)
}

/// Which roots other code may reach besides through the pointers a call is given.
#[derive(Clone, Debug)]
struct Exposure {
    /// Per root: the address may be known outside the function: stored, returned, cast to an
    /// integer, or passed to an unknown or defined call that may keep it (not a known function,
    /// not a `nocapture`, `readonly` or `readnone` parameter, nor `captures(...)` without
    /// provenance).
    escaped: Vec<bool>,
    /// Per root: an argument marked `noalias`.
    noalias: Vec<bool>,
}

impl Exposure {
    fn of(func: &Function, module: &Module, roots: &Roots, order: &[Inst]) -> Exposure {
        let mut escaped = vec![false; roots.len()];
        let mut mark = |v: Value| roots.of(v).iter().for_each(|r| escaped[r as usize] = true);
        let dfg = &func.dfg;
        for &i in order {
            match dfg.inst(i) {
                InstData::Store { args: [val, _], .. } => mark(*val),
                InstData::AtomicRmw { args: [_, val], .. } | InstData::CmpXchg { args: [_, _, val], .. } => mark(*val),
                InstData::Ret { arg: Some(v) } => mark(*v),
                InstData::Cast { op: CastOp::PtrToInt, arg } => mark(*arg),
                InstData::Call { callee, args, attrs, .. } | InstData::Invoke { callee, args, attrs, .. } => {
                    if matches!(calls::classify(module, callee, attrs, args.len()), CallKind::Known(_)) {
                        continue;
                    }
                    let decl = calls::declaration_attrs(module, callee);
                    let keeps = |n: usize| {
                        let uncaptured = |l: &AttrList| l.param(n).iter().any(captures_no_provenance);
                        !(["nocapture", "readonly", "readnone"].iter().any(|a| {
                            attrs.param_has(n, a) || decl.is_some_and(|d| d.param_has(n, a) || d.func_has(a))
                        }) || uncaptured(attrs)
                            || decl.is_some_and(uncaptured))
                    };
                    args.iter().enumerate().filter(|(n, _)| keeps(*n)).for_each(|(_, &a)| mark(a));
                }
                _ => {}
            }
        }
        let noalias = (0..roots.len() as u32)
            .map(|r| matches!(kind_of(roots, r), Root::Arg(i) if func.attrs.param_has(*i as usize, "noalias")))
            .collect();
        Exposure { escaped, noalias }
    }
    /// Whether code that is not handed a pointer to root `r` may still reach it.
    fn reachable(&self, roots: &Roots, r: usize) -> bool {
        match kind_of(roots, r as u32) {
            Root::Constant => false,
            Root::Alloc(_) => self.escaped[r],
            Root::Arg(_) => !self.noalias[r] || self.escaped[r],
            _ => true,
        }
    }
}

/// The effects of every instruction.
fn effects(
    func: &Function,
    module: &Module,
    roots: &Roots,
    order: &[Inst],
    summaries: &HashMap<FuncId, CallSummary>,
    exposure: &Exposure,
) -> SecondaryMap<Inst, Effect> {
    let dfg = &func.dfg;
    let mut out: SecondaryMap<Inst, Effect> = SecondaryMap::default();
    let size = |v: Value| Some(dfg.value_type(v).store_size() as i64);
    for &i in order {
        let e = match dfg.inst(i) {
            InstData::Load { ptr, .. } => Effect { reads: locs(func, roots, *ptr, dfg.result(i).and_then(size)), writes: vec![] },
            InstData::Store { args: [val, ptr], .. } => Effect { reads: vec![], writes: locs(func, roots, *ptr, size(*val)) },
            InstData::AtomicRmw { args: [ptr, val], .. } | InstData::CmpXchg { args: [ptr, _, val], .. } => {
                let l = locs(func, roots, *ptr, size(*val));
                Effect { reads: l.clone(), writes: l }
            }
            InstData::Call { callee, args, attrs, .. } | InstData::Invoke { callee, args, attrs, .. } => {
                let kind = calls::classify(module, callee, attrs, args.len());
                call_effect(func, roots, args, &kind, summaries, exposure)
            }
            _ => continue,
        };
        out[i] = e;
    }
    out
}

/// The effect of a call with arguments `args`.
fn call_effect(
    func: &Function,
    roots: &Roots,
    args: &[Value],
    kind: &CallKind,
    summaries: &HashMap<FuncId, CallSummary>,
    exposure: &Exposure,
) -> Effect {
    let summary = match kind {
        CallKind::Known(known) => {
            if let (crate::known::Known::Copy | crate::known::Known::Set, [dst, src, n, ..]) = (known, args) {
                return copy_effect(func, roots, *dst, *src, *n, matches!(known, crate::known::Known::Copy));
            }
            calls::known_summary(*known, args.len())
        }
        CallKind::Defined(id) => summaries.get(id).cloned().unwrap_or_else(|| CallSummary::everything(args.len())),
        CallKind::Other(s) => s.clone(),
    };
    let mut e = Effect::default();
    let is_ptr = |a: &Value| func.dfg.value_type(*a).has_ptr();
    for (n, a) in args.iter().enumerate().filter(|(_, a)| is_ptr(a)) {
        if summary.writes_arg.get(n).copied().unwrap_or(true) {
            e.writes.extend(locs(func, roots, *a, None));
        }
        if summary.reads_arg.get(n).copied().unwrap_or(true) {
            e.reads.extend(locs(func, roots, *a, None));
        }
    }
    // A library global a math function sets (`lgamma`'s `signgam`): the function's root for it,
    // if it names it (a function that does not cannot read it; its summary says that it writes
    // other memory, for callers that may: `summarize`).
    if let CallKind::Known(known) = kind {
        let sets = |r: u32| matches!(kind_of(roots, r), Root::Global(g) if sets_library_global(known, g));
        e.writes.extend((0..roots.len() as u32).filter(|&r| sets(r)).map(|root| Loc { root, span: Span::All }));
    }
    let everything: Vec<Loc> =
        (0..roots.len()).filter(|&r| exposure.reachable(roots, r)).map(|r| Loc { root: r as u32, span: Span::All }).collect();
    if summary.writes_other {
        e.writes.extend(everything.iter().copied());
    }
    if summary.reads_other {
        e.reads.extend(everything);
    }
    e
}

/// Whether the known function sets the library global `g` (`lgamma` sets `signgam`).
fn sets_library_global(known: &crate::known::Known, g: &str) -> bool {
    matches!(known, crate::known::Known::Math { globals, .. } if globals.contains(&g))
}

/// `memcpy`/`memmove` (`copy`) or `memset` of `n` bytes.
fn copy_effect(func: &Function, roots: &Roots, dst: Value, src: Value, n: Value, copy: bool) -> Effect {
    let len = func.dfg.const_int(n).map(|c| c as i64);
    let reads = if copy { locs(func, roots, src, len) } else { Vec::new() };
    Effect { reads, writes: locs(func, roots, dst, len) }
}

/// Summaries of the defined functions `func` reaches by direct calls, to a fixpoint (callees
/// not yet summarised count as touching nothing, then grow).
pub fn summaries(module: &Module, func: &Function) -> Result<HashMap<FuncId, CallSummary>, AnalysisError> {
    let mut prepared = Vec::new();
    let mut todo = vec![func];
    let mut seen: HashSet<String> = HashSet::from([func.name.clone()]);
    while let Some(f) = todo.pop() {
        let (_, order, roots) = prepare(f, module)?;
        for &i in &order {
            if let InstData::Call { callee, args, attrs, .. } | InstData::Invoke { callee, args, attrs, .. } = f.dfg.inst(i) {
                if let CallKind::Defined(id) = calls::classify(module, callee, attrs, args.len()) {
                    let g = module.function(id);
                    if seen.insert(g.name.clone()) {
                        todo.push(g);
                    }
                }
            }
        }
        if let Some(id) = module.find_function(&f.name) {
            prepared.push((id, f, order, roots));
        }
    }
    let mut sums: HashMap<FuncId, CallSummary> =
        prepared.iter().map(|(id, f, _, _)| (*id, CallSummary::none(f.params().len()))).collect();
    for round in 0.. {
        let mut changed = false;
        for (id, f, order, roots) in &prepared {
            let exposure = Exposure::of(f, module, roots, order);
            let eff = effects(f, module, roots, order, &sums, &exposure);
            let s = summarize(f, module, roots, order, &eff);
            changed |= sums.entry(*id).or_default().join(&s);
        }
        if !changed {
            break;
        }
        if round > 4 * prepared.len() + 8 {
            return Err(AnalysisError::NoFixpoint { function: func.name.clone(), analysis: "mod/ref summaries" });
        }
    }
    Ok(sums)
}

/// A function's summary from its instructions' effects.
fn summarize(f: &Function, module: &Module, roots: &Roots, order: &[Inst], eff: &SecondaryMap<Inst, Effect>) -> CallSummary {
    let mut s = CallSummary::none(f.params().len());
    for &i in order {
        // A call that sets a library global writes other memory, whether `f` names it or not.
        if let InstData::Call { callee, args, attrs, .. } | InstData::Invoke { callee, args, attrs, .. } = f.dfg.inst(i) {
            if let CallKind::Known(crate::known::Known::Math { globals, .. }) = calls::classify(module, callee, attrs, args.len()) {
                s.writes_other |= !globals.is_empty();
            }
        }
        let e = eff.get(i);
        for (locs, args, other) in [(&e.writes, &mut s.writes_arg, &mut s.writes_other), (&e.reads, &mut s.reads_arg, &mut s.reads_other)] {
            for l in locs {
                match kind_of(roots, l.root) {
                    Root::Arg(n) => args[*n as usize] = true,
                    Root::Global(_) | Root::Unknown => *other = true,
                    Root::Alloc(_) | Root::Constant => {}
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests;
