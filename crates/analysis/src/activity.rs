//! Activity analysis (DESIGN.md §4): which values carry derivatives, and which of those
//! derivatives are ever used. One analysis serves every mode: forward mode gives a value a
//! shadow (tangent lanes, a shadow pointer, shadow bits) exactly when [`Activity::has_shadow`]
//! says so; reverse mode reads the same two halves, [`Activity::is_varied`] and
//! [`Activity::is_useful`].
//!
//! **Lattice.** Per value and per memory root (see [`roots`]): booleans, `false < true`
//! ("may be varied", "may be useful"); joins only raise facts. Both problems are solved by the
//! shared engine in [`crate::dataflow`] over the instructions of the reachable blocks.
//!
//! **Varied (forward).** Seeds: active arguments; the memory of active pointer arguments; the
//! memory of every mutable, active global and of unknown pointers (a caller or a callee may have
//! stored a derivative there); the memory of a returned pointer when the return is active (the
//! caller may store derivatives into it). Float arithmetic, float casts, `select`, vector and aggregate moves, block parameters,
//! `ptradd` (its base) are varied if a data operand is. Integers are varied only where they move
//! float bits or addresses, as forward mode learned: loads, stores, `bitcast`, `trunc`, `zext`,
//! `ptrtoint`/`inttoptr`, `shl`/`lshr` (the shifted operand), `or`, and `add`/`sub`/`and` on
//! `i64` (address arithmetic: the shadow address moves by the same offset). A load is varied if
//! its pointer may point to varied memory; a store of varied data makes its pointer's roots
//! varied. Calls follow their [`CallEffect`].
//!
//! **Useful (backward).** Seeds: the returned value when the return is active; the memory of
//! active pointer arguments, of mutable globals and of unknown pointers (callers may read it).
//! A store into useful memory makes the stored value (and the pointer, whose shadow writes
//! that memory) useful; a useful load makes its pointer and its roots useful; data operands of
//! useful results are useful; calls follow their [`CallEffect`]. Comparisons use no
//! derivatives, so their operands are not made useful by them.
//!
//! **Shadows** ([`shadows`]). A value needs a shadow when it is varied and useful; a pointer
//! also when it may point into *active memory* (a root both varied and useful). Shadow memory
//! must stay consistent (a store of a constant over active memory must zero its shadow), so
//! every root a shadowed pointer may point to is shadowed too (a closure). A value *has* a
//! shadow when it needs one and forward mode can build it from its operands' shadows (the
//! rules of the former forward-mode shadow analysis), and, for a pointer, when its shadow is
//! read: by a load whose result has a shadow, a store through it, a call, a return, or a
//! shadowed value computed from it (a pointer only used to load integers keeps none). Pointers
//! that have a shadow but merge a pointer without one are *mixed*: the primal stands in as its
//! own shadow and accesses are guarded at run time.
//!
//! **Globals.** Every global variable's address has a shadow when its memory is shadowed.
//! Constant and inactive globals ([`is_inactive_global`]) share one root that never holds
//! derivatives; function addresses have none.
//!
//! **Precision limits.** No points-to sets: pointers loaded from memory, and every root whose
//! address escapes (stored to memory, turned into an integer, passed to a function), share one
//! `Unknown` root. The analysis is flow-insensitive. A call to a defined function is summarised
//! by its arguments and by whether the callee (transitively) refers to mutable globals
//! ([`summary::global_users`]): if so it may read and write derivatives in global memory, and
//! all its arguments are useful; by whether it may allocate ([`summary::allocating`]); and by
//! the parameters it may return ([`summary::returned_params`]). Pointers to mutable globals reached only through the
//! initializers of other globals are not seen by that summary (a constant global holding such
//! a pointer arrives here as a mutable global: the LLVM boundary's `catalase_constant`). Callees are assumed not to keep
//! a pointer argument beyond the call other than by returning it.

pub mod flow;
pub mod roots;
pub mod shadows;
pub mod summary;

use std::collections::{HashMap, HashSet};

use catalase_ir::entities::SecondaryMap;
use catalase_ir::function::Global;
use catalase_ir::inst::{AttrList, AttrValue, Callee, InstData, Signature};
use catalase_ir::{Function, Inst, Module, Type, Value};

use crate::dataflow;
use crate::AnalysisError;
use flow::{Context, State, Useful, Varied};

/// What a call does, as far as derivatives are concerned. The generator's call classification
/// maps onto these (crates/ad implements [`CallOracle`]); the analysis knows no names itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallEffect {
    /// No derivative and no effect on shadows: marked inactive, inert intrinsics, rule-table
    /// inactive functions, `noreturn`.
    Inactive,
    /// The result's derivative comes from the arguments' only; no memory (rule-table rows,
    /// vector reductions, `modf`/`frexp`).
    Pure,
    /// A user's forward rule: gets every argument's derivative; pointer arguments must carry
    /// shadows (the rule may read and write through them).
    UserRule,
    /// `memcpy`/`memmove(dst, src, len)`.
    MemTransfer,
    /// `memset(dst, byte, len)`: stores no derivative.
    MemSet,
    /// An allocator: the result is fresh memory; `realloc` copies argument 0's memory.
    Alloc { copies_arg0: bool },
    /// `free`, `operator delete`.
    Free,
    /// `llvm.masked.load(ptr, ..., passthru)`, `llvm.masked.gather(ptrs, ..., passthru)`.
    MaskedLoad,
    /// `llvm.masked.store(value, ptr, ...)`, `llvm.masked.scatter(value, ptrs, ...)`.
    MaskedStore,
    /// A function whose body is differentiated. `globals`: it (or a callee) refers to mutable
    /// globals, so it may read and write derivatives there. `allocates`: it (or a callee) may
    /// allocate memory ([`summary::allocating`]); if not, and no argument carries a shadow, the
    /// pointer it returns has none. `passes`: the parameters it may return
    /// ([`summary::returned_params`], bit `i` for parameter `i`). `stores`: the provenance of
    /// the pointers it may store where its caller can load them ([`summary::stored_params`]).
    Defined { globals: bool, allocates: bool, passes: u64, stores: u64 },
    /// A call through a pointer whose possible targets are differentiated; `stores` as for
    /// `Defined`, over every target.
    Indirect { globals: bool, stores: u64 },
    /// No body, no rule: may read and write through its pointer arguments.
    External,
}

/// Tells the analysis what each call does.
pub trait CallOracle {
    /// `sig`: the call's signature (a call through a pointer reaches targets of that type).
    fn effect(&self, module: &Module, callee: &Callee, attrs: &AttrList, sig: &Signature) -> CallEffect;
}

/// The oracle analyses use without a generator: calls marked `enzyme_inactive` or `noreturn`,
/// inert intrinsics and the given names are inactive; masked loads and gathers, masked stores
/// and scatters are what they say; a function with a body is
/// [`CallEffect::Defined`] (touching globals per [`summary::global_users`]); an indirect call
/// may reach any function; anything else is external.
pub struct ByName {
    inactive: HashSet<String>,
    global_users: HashSet<String>,
    allocating: HashSet<String>,
    passes: HashMap<String, u64>,
    stores: HashMap<String, u64>,
}

impl ByName {
    pub fn new(module: &Module, inactive: &HashSet<String>) -> ByName {
        let is_alloc = |callee: &Callee, _: &AttrList| {
            let Callee::Direct(name) = callee else { return false };
            matches!(crate::known::lookup_in(module, name), Some(crate::known::Known::Alloc { .. } | crate::known::Known::Realloc))
        };
        ByName {
            inactive: inactive.clone(),
            global_users: summary::global_users(module),
            allocating: summary::allocating(module, is_alloc),
            passes: summary::returned_params(module),
            stores: summary::stored_params(module, None),
        }
    }
}

impl CallOracle for ByName {
    fn effect(&self, module: &Module, callee: &Callee, attrs: &AttrList, _sig: &Signature) -> CallEffect {
        let Callee::Direct(name) = callee else { return CallEffect::Indirect { globals: true, stores: u64::MAX } };
        let def = module.find_function(name).map(|id| module.function(id));
        let marked = |a: &str| attrs.func_has(a) || def.is_some_and(|f| f.attrs.func_has(a));
        if marked("enzyme_inactive") || marked("noreturn") || self.inactive.contains(name) || is_inert_intrinsic(name) {
            return CallEffect::Inactive;
        }
        if name.starts_with("llvm.masked.load.") || name.starts_with("llvm.masked.gather.") {
            return CallEffect::MaskedLoad;
        }
        if name.starts_with("llvm.masked.store.") || name.starts_with("llvm.masked.scatter.") {
            return CallEffect::MaskedStore;
        }
        match def {
            Some(f) if !f.is_declaration() => {
                CallEffect::Defined {
                    globals: self.global_users.contains(name),
                    allocates: self.allocating.contains(name),
                    passes: self.passes.get(name).copied().unwrap_or(u64::MAX),
                    stores: self.stores.get(name).copied().unwrap_or(u64::MAX),
                }
            }
            _ => CallEffect::External,
        }
    }
}

pub use crate::known::is_inert_intrinsic;

/// Whether a global's memory never holds derivatives: constant, marked inactive by the user
/// (`__enzyme_inactive_global`, `!enzyme_inactive`; the LLVM boundary sets `inactive`), or a
/// `long double` variable (x86_fp80 and integers only: a counter, an accumulator), whose
/// values Catalase never differentiates.
pub fn is_inactive_global(g: &Global) -> bool {
    g.constant || g.inactive || long_double_only(&g.ty)
}

/// A type made of `x86_fp80` (at least one) and integers: nothing a derivative can live in.
fn long_double_only(t: &Type) -> bool {
    fn leaves_ok(t: &Type) -> bool {
        match t {
            Type::Int(_) => true,
            Type::Array(_, e) => leaves_ok(e),
            Type::Struct { fields, .. } => fields.iter().all(leaves_ok),
            _ => t.is_x86_fp80(),
        }
    }
    fn has_fp80(t: &Type) -> bool {
        match t {
            Type::Array(_, e) => has_fp80(e),
            Type::Struct { fields, .. } => fields.iter().any(has_fp80),
            _ => t.is_x86_fp80(),
        }
    }
    leaves_ok(t) && has_fp80(t)
}

/// Whether a call cannot write memory (`readnone`, `readonly`, `memory(read)` or less).
pub fn cannot_write(attrs: &AttrList, callee_attrs: Option<&AttrList>) -> bool {
    attrs.func.iter().chain(callee_attrs.into_iter().flat_map(|a| a.func.iter())).any(|a| {
        match (&a.name[..], &a.value) {
            ("readnone" | "readonly", _) => true,
            ("memory", AttrValue::Int(v)) => v & 0xAAAA_AAAA == 0,
            _ => false,
        }
    })
}

/// The activity of every value and instruction of one function.
#[derive(Clone, Debug)]
pub struct Activity {
    varied: SecondaryMap<Value, bool>,
    useful: SecondaryMap<Value, bool>,
    need: SecondaryMap<Value, bool>,
    shadow: SecondaryMap<Value, bool>,
    mixed: SecondaryMap<Value, bool>,
    private: SecondaryMap<Value, bool>,
    inst: SecondaryMap<Inst, bool>,
    standin_calls: SecondaryMap<Inst, bool>,
}

/// What a caller tells the analysis about stand-ins (`ad::standin`) it hands over: runtime
/// activity across calls. The default: none.
#[derive(Clone, Debug, Default)]
pub struct StandIns {
    /// Per parameter (empty: none): the shadow passed may be the primal standing in, so every
    /// access through it is guarded as through a mixed pointer of the function itself.
    pub mixed_args: Vec<bool>,
    /// The shadow memory the function reaches through its arguments and globals may hold
    /// stand-ins (a caller stored a pointer without a shadow there): pointers loaded from it
    /// are mixed.
    pub memory: bool,
}

impl Activity {
    /// The forward half: `v` may depend on an active input (a pointer: may point to memory that
    /// may hold such data).
    pub fn is_varied(&self, v: Value) -> bool {
        self.varied[v]
    }
    /// The backward half: `v`'s derivative may flow to an active output (a pointer: its shadow
    /// may be used).
    pub fn is_useful(&self, v: Value) -> bool {
        self.useful[v]
    }
    /// Whether `v` needs a shadow: varied and useful, or a pointer into shadowed memory.
    pub fn needs_shadow(&self, v: Value) -> bool {
        self.need[v]
    }
    /// Whether `v` has a shadow in forward mode: it needs one and it can be built from its
    /// operands' shadows. Constants too: a global's address (when its memory is shadowed), a
    /// null pointer (its own shadow). Values without one have a zero derivative.
    pub fn has_shadow(&self, v: Value) -> bool {
        self.shadow[v]
    }
    /// A shadowed pointer that may stand for a pointer without a shadow (see the module doc).
    pub fn is_mixed(&self, v: Value) -> bool {
        self.mixed[v]
    }
    /// Whether the callee of call `i` may reach stand-ins: a pointer argument that is mixed, or
    /// shadow memory it can reach (through its pointer arguments, loaded pointers or globals)
    /// that may hold stand-ins. Its derivative must then guard what it loads from there
    /// ([`StandIns::memory`]).
    pub fn call_reaches_standins(&self, i: Inst) -> bool {
        self.standin_calls[i]
    }
    /// A pointer that may point only to memory this function allocates (`alloca`s, allocator
    /// calls) whose address never escapes: every access to that memory goes through pointers
    /// derived from it in this function, and no caller holds derivatives there.
    pub fn is_private(&self, v: Value) -> bool {
        self.private[v]
    }
    /// Whether `v` is active: it has a shadow (what `--print=activity` and fixtures show).
    pub fn is_active_value(&self, v: Value) -> bool {
        self.shadow[v]
    }
    /// Whether the instruction needs derivative code: its result has a shadow; a store or a
    /// memory call through a shadowed pointer; a call of a differentiated function with a
    /// shadowed argument; an active `ret`.
    pub fn is_active_inst(&self, i: Inst) -> bool {
        self.inst[i]
    }
}

/// Activity of `func` (whose callees live in `module`) given which arguments are active (one
/// flag per parameter) and whether the return value is active.
pub fn analyse(
    func: &Function,
    module: &Module,
    active_args: &[bool],
    ret_active: bool,
    oracle: &dyn CallOracle,
) -> Result<Activity, AnalysisError> {
    analyse_with(func, module, active_args, ret_active, oracle, &StandIns::default())
}

/// [`analyse`], for a function whose caller hands it stand-ins ([`StandIns`]).
pub fn analyse_with(
    func: &Function,
    module: &Module,
    active_args: &[bool],
    ret_active: bool,
    oracle: &dyn CallOracle,
    standins: &StandIns,
) -> Result<Activity, AnalysisError> {
    let cfg = crate::cfg::analyse(func)?;
    if active_args.len() != func.params().len() {
        return Err(AnalysisError::BadRequest {
            function: func.name.clone(),
            message: format!("{} argument activities for {} parameters", active_args.len(), func.params().len()),
        });
    }
    let order: Vec<Inst> = cfg.rpo().iter().flat_map(|&b| func.layout.block_insts(b)).collect();
    let (effects, no_write) = classify_calls(func, module, oracle, &order);
    let roots = roots::analyse(func, module, &order, &effects)?;
    let cx = Context { func, roots: &roots, effects, no_write, ret_active };
    let mut st = seed(&cx, active_args);
    let max = 4 + 2 * (func.dfg.values.len() + roots.len());
    dataflow::solve(&Varied(&cx), func, &order, &mut st, max)?;
    dataflow::solve(&Useful(&cx), func, &order, &mut st, max)?;
    Ok(shadows::conclude(&cx, &st, module, active_args, standins, &order, cfg.rpo()))
}

fn seed(cx: &Context, active_args: &[bool]) -> State {
    let n = cx.roots.len();
    let mut st = State { mem_varied: vec![false; n], mem_useful: vec![false; n], ..State::default() };
    for (&p, &active) in cx.func.params().iter().zip(active_args) {
        if !active {
            continue;
        }
        st.varied.raise_if(p, true);
        for r in cx.roots.of(p).iter() {
            st.mem_varied[r as usize] = true;
            st.mem_useful[r as usize] = true;
        }
    }
    for r in 0..n as u32 {
        let at = cx.roots.canon(r) as usize;
        match cx.roots.kind(r) {
            roots::Root::Global(_) => {
                st.mem_varied[at] = true;
                st.mem_useful[at] = true;
            }
            // Memory reached through loaded or escaped pointers may be written by callers.
            roots::Root::Unknown => {
                st.mem_varied[at] = true;
                st.mem_useful[at] = true;
            }
            _ => {}
        }
    }
    st
}

/// Each call's effect, and which calls cannot write memory.
fn classify_calls(
    func: &Function,
    module: &Module,
    oracle: &dyn CallOracle,
    order: &[Inst],
) -> (SecondaryMap<Inst, CallEffect>, SecondaryMap<Inst, bool>) {
    let mut effects = SecondaryMap::with_default(CallEffect::Inactive);
    let mut no_write = SecondaryMap::default();
    for &i in order {
        let (InstData::Call { callee, attrs, sig, .. } | InstData::Invoke { callee, attrs, sig, .. }) = func.dfg.inst(i) else {
            continue;
        };
        let callee_attrs = match callee {
            Callee::Direct(name) => module.find_function(name).map(|id| &module.function(id).attrs),
            Callee::Indirect(_) => None,
        };
        effects[i] = oracle.effect(module, callee, attrs, sig);
        no_write[i] = cannot_write(attrs, callee_attrs);
    }
    (effects, no_write)
}

/// The function's `.cir` text with an activity comment on every instruction that has a result,
/// every store and every void call (` ; active` / ` ; inactive`), and on block headers one
/// `vN=active|inactive` per parameter: what `--print=activity` shows.
pub fn print_with_activity(func: &Function, act: &Activity) -> String {
    let text = catalase_ir::printer::print_function(func);
    let insts = func.insts_in_order();
    let mut blocks = func.layout.blocks();
    let mut next_inst = 0;
    let mut out = String::with_capacity(text.len() * 2);
    let word = |a: bool| if a { "active" } else { "inactive" };
    for line in text.lines() {
        out.push_str(line);
        if is_block_header(line) {
            if let Some(b) = blocks.next() {
                let params: Vec<String> =
                    func.dfg.block_params(b).iter().map(|&p| format!("{p}={}", word(act.is_active_value(p)))).collect();
                if !params.is_empty() {
                    out.push_str(" ; ");
                    out.push_str(&params.join(" "));
                }
            }
        } else if is_inst_line(line) {
            if let Some(&i) = insts.get(next_inst) {
                let shown = func.dfg.result(i).is_some()
                    || matches!(func.dfg.inst(i), InstData::Store { .. } | InstData::Call { .. });
                if shown {
                    out.push_str(" ; ");
                    out.push_str(word(act.is_active_inst(i)));
                }
            }
            next_inst += 1;
        }
        out.push('\n');
    }
    out
}

/// `blockN(...):` as the printer writes it.
pub fn is_block_header(line: &str) -> bool {
    line.starts_with("block") && line.trim_end().ends_with(':')
}

/// An indented instruction line (not a `vN = const` line) as the printer writes it.
pub fn is_inst_line(line: &str) -> bool {
    let t = line.trim_start();
    if !line.starts_with(' ') || t.is_empty() || t.starts_with(';') || t.starts_with('}') {
        return false;
    }
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    let is_const = first.starts_with('v') && !first.ends_with(':') && words.next() == Some("=") && words.next() == Some("const");
    !is_const
}

#[cfg(test)]
mod tests;
