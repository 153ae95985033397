//! The generator that serves every mode: a memo of derivatives keyed by the whole [`Request`]
//! (function, argument activities, width, mode and returned results), a queue of requests still
//! to emit, and what emission produced (functions, shadow globals, warnings).
//!
//! A request is answered with the name its derivative will have, at once, so that calls between
//! differentiated functions, and recursion, reuse one derivative each; [`Generator::run`] then
//! emits every queued request with its mode's emitter. Generated functions are plain Catalase
//! IR; the LLVM boundary raises them.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::{FuncId, Function, Module, Type};

use crate::env::Environment;
use crate::{forward, reverse};
use crate::request::{ArgActivity, Mode, Request};

/// Synthesizes derivatives of functions of one module.
pub struct Generator<'a> {
    pub(crate) module: &'a Module,
    pub(crate) env: &'a Environment,
    memo: HashMap<Request, String>,
    /// Requests still to emit, each with the [`Self::origin`] it was asked for.
    queue: VecDeque<(Request, String, usize)>,
    /// Which of the caller's top-level requests (a marker call's index) the requests being made
    /// now serve: set by the caller before each top-level request, and by [`Self::run`] while
    /// it emits; after a failed `run`, the origin of the request that failed.
    pub origin: usize,
    /// Set while a differentiated call asks for its callee's parts: an integer argument that
    /// carries a float's bits may then be `enzyme_out` (its gradient comes back as the same
    /// bits), which a user's marker call may not ask for.
    bits_out: bool,
    generated: Vec<Function>,
    /// Names of helper functions already generated (the tape's push/pop).
    helpers: HashSet<String>,
    /// Shadow globals that generated code refers to, by symbol. The LLVM boundary creates them
    /// zero-filled.
    pub shadow_globals: BTreeMap<String, ShadowGlobal>,
    pub warnings: Vec<Diagnostic>,
    /// Round of higher-order processing (generated names carry it when non-zero, so that the
    /// derivatives of different rounds never collide).
    pub round: usize,
    /// Defined functions that may move derivatives through global memory (directly or through
    /// their callees): a call to one is differentiated even when no argument is active.
    pub(crate) global_users: HashSet<String>,
    /// Defined functions that may allocate memory (directly or through their callees).
    pub(crate) allocating: HashSet<String>,
    /// Defined functions that hold long double values (directly or through their callees).
    pub(crate) fp80_users: HashSet<String>,
    /// The parameters each defined function may return (bit `i` for parameter `i`).
    pub(crate) passes: HashMap<String, u64>,
    /// The provenance of the pointers each defined function may store where its caller can
    /// load them (`catalase_analysis::activity::summary::stored_params`).
    pub(crate) stores: HashMap<String, u64>,
    /// Type analyses made so far, each rooted at a function a marker differentiates (its
    /// callees' types are known in that context).
    type_results: Vec<catalase_analysis::types::TypeResults>,
    /// The call sites of the module's functions, made the first time a copy needs the
    /// declared type of its source (`catalase_analysis::types::provenance`).
    copy_callers: std::cell::OnceCell<catalase_analysis::types::provenance::Callers>,
    /// `--print=tape`: one report per generated reverse-mode function.
    pub tape_reports: Vec<String>,
    /// Gradients keep their tape's buffer between calls in the thread-local
    /// `reverse::tape::SPARE` (which the LLVM boundary then creates). Off where the generated
    /// code may itself be differentiated later (higher order).
    pub reuse_tape: bool,
    /// Some generated function refers to the spare tape buffer.
    pub uses_tape_spare: bool,
    /// The tape bytes each augmented part pushes per call, where that is a constant (`presize`).
    pub(crate) part_tape_bytes: HashMap<String, u64>,
    /// Constants in generated functions that stand for a part's [`Self::part_tape_bytes`]:
    /// (function, constant, part), set when every part has been generated (0 where unknown).
    pub(crate) part_bytes_uses: Vec<(String, catalase_ir::Value, String)>,
    /// NUL-terminated messages that generated code prints at run time (`stale`), by the name
    /// of the private constant global the LLVM boundary makes for each.
    pub run_messages: BTreeMap<String, String>,
}

/// The shadow of a global variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShadowGlobal {
    /// The global's type (the shadow has its size).
    pub ty: Type,
    /// Mutable global: its shadow holds derivatives of what the program stores there. Before
    /// each marker call of a request that [resets global shadows], the boundary zeroes it;
    /// reverse modes accumulate into it instead. Constant globals share a read-only zero shadow.
    ///
    /// [resets global shadows]: crate::request::Request::resets_global_shadows
    pub reset: bool,
}

impl<'a> Generator<'a> {
    pub fn new(module: &'a Module, env: &'a Environment) -> Self {
        Generator {
            module,
            env,
            memo: HashMap::new(),
            queue: VecDeque::new(),
            origin: 0,
            bits_out: false,
            generated: Vec::new(),
            helpers: HashSet::new(),
            shadow_globals: BTreeMap::new(),
            warnings: Vec::new(),
            round: 0,
            global_users: catalase_analysis::activity::summary::global_users(module),
            allocating: crate::activity::allocating(module, env),
            fp80_users: catalase_analysis::activity::summary::fp80_users(module),
            passes: catalase_analysis::activity::summary::returned_params(module),
            stores: catalase_analysis::activity::summary::stored_params(module, Some(&env.indirect_targets)),
            type_results: Vec::new(),
            copy_callers: std::cell::OnceCell::new(),
            tape_reports: Vec::new(),
            reuse_tape: false,
            uses_tape_spare: false,
            part_tape_bytes: HashMap::new(),
            part_bytes_uses: Vec::new(),
            run_messages: BTreeMap::new(),
        }
    }

    /// Ask for a derivative; returns the name it will have. Generation happens in [`run`].
    ///
    /// [`run`]: Generator::run
    pub fn request(&mut self, mut req: Request) -> Result<String, Diagnostic> {
        // An augmented pass computes no derivative terms: strong zero changes nothing there.
        if matches!(req.mode, Mode::Augmented { .. }) {
            req.strong_zero = false;
        }
        if let Some(name) = self.memo.get(&req) {
            return Ok(name.clone());
        }
        self.validate(&req)?;
        let name = self.name_of(&req);
        self.memo.insert(req.clone(), name.clone());
        self.queue.push_back((req, name.clone(), self.origin));
        Ok(name)
    }

    /// [`Self::request`] for the callee of a differentiated call, whose active integer
    /// arguments carrying floats' bits are `enzyme_out`.
    pub(crate) fn request_for_call(&mut self, req: Request) -> Result<String, Diagnostic> {
        self.bits_out = true;
        let name = self.request(req);
        self.bits_out = false;
        name
    }

    /// `__catalase_<mode><round>_<function>_<pattern>`.
    fn name_of(&self, req: &Request) -> String {
        let round = if self.round > 0 { self.round.to_string() } else { String::new() };
        format!("__catalase_{}{round}_{}_{}", req.mode.tag(), sanitize(&req.function), req.pattern())
    }

    fn validate(&self, req: &Request) -> Result<(), Diagnostic> {
        let Some(id) = self.module.find_function(&req.function) else {
            return Err(Diagnostic::error(DiagKind::NoFunction, format!("cannot differentiate `{}`: no function of that name in this module", req.function))
                .in_function(&req.function)
                .with_help("pass a function defined in this translation unit to the marker call"));
        };
        let f = self.module.function(id);
        if f.is_declaration() {
            return Err(Diagnostic::error(
                DiagKind::NoFunction,
                format!("cannot differentiate `{}`: it has no body in this module", req.function),
            )
            .in_function(&req.function)
            .with_help("define the function in this translation unit, or register a derivative rule for it"));
        }
        if req.args.len() > f.sig.params.len() && f.sig.variadic {
            return Err(Diagnostic::error(
                DiagKind::Unsupported,
                format!(
                    "cannot differentiate a call of the variadic function `{}` with arguments after its {} fixed parameters: the derivative cannot follow values read with va_arg",
                    req.function,
                    f.sig.params.len()
                ),
            )
            .in_function(&req.function)
            .with_help("give the function fixed parameters (an array and a count instead of `...`)"));
        }
        if req.args.len() != f.sig.params.len() {
            return Err(Diagnostic::error(
                DiagKind::Internal,
                format!("{req}: {} activities for {} parameters", req.args.len(), f.sig.params.len()),
            ));
        }
        if req.width == 0 {
            return Err(Diagnostic::error(DiagKind::IllegalVectorWidth, format!("cannot differentiate `{}` at width 0", req.function))
                .in_function(&req.function)
                .with_help("give enzyme_width a constant of at least 1"));
        }
        match req.mode {
            Mode::Forward { .. } if req.args.contains(&ArgActivity::Out) => {
                let i = req.args.iter().position(|a| *a == ArgActivity::Out).unwrap_or(0);
                Err(Diagnostic::error(DiagKind::CallingError, format!("enzyme_out on argument {i} of `{}` is not valid in forward mode", req.function))
                    .in_function(&req.function)
                    .with_help("use enzyme_dup and pass a tangent value after the argument"))
            }
            Mode::Forward { .. } => Ok(()),
            Mode::Reverse { .. } | Mode::Augmented { .. } | Mode::ReverseSplit { .. } => reverse::validate(f, req, self.bits_out),
        }
    }

    /// Generate every requested derivative (and those they call).
    pub fn run(&mut self) -> Result<(), Diagnostic> {
        while let Some((req, name, origin)) = self.queue.pop_front() {
            self.origin = origin;
            let f = match req.mode {
                Mode::Forward { .. } => forward::emit(self, &req, &name)?,
                Mode::Reverse { .. } | Mode::Augmented { .. } | Mode::ReverseSplit { .. } => reverse::emit(self, &req, &name)?,
            };
            self.generated.push(f);
        }
        self.set_part_bytes();
        Ok(())
    }

    /// Give each stand-in for a part's tape bytes per call its value (see `reverse::presize`).
    fn set_part_bytes(&mut self) {
        for (func, v, part) in std::mem::take(&mut self.part_bytes_uses) {
            let bytes = self.part_tape_bytes.get(&part).copied().unwrap_or(0);
            if let Some(f) = self.generated.iter_mut().find(|f| f.name == func) {
                f.dfg.values[v].def = catalase_ir::function::ValueDef::Const(catalase_ir::Const::Int(u128::from(bytes)));
            }
        }
    }

    /// The shadow global of global `name`, recorded so that the LLVM boundary makes it
    /// (zero-filled; reset before marker calls when the global is mutable, or when a gradient
    /// may add adjoints into a constant's zero shadow: `accumulates`, which a pointer that may
    /// be the constant's address brings about, so that a later call never reads them back as
    /// tangents or seeds).
    pub(crate) fn note_shadow_global(&mut self, name: &str, accumulates: bool) -> String {
        let g = self.module.find_global(name).expect("shadowed global is known");
        let (ty, constant) = (g.ty.clone(), g.constant);
        let shadow = shadow_global_name(self.module, name).expect("a global");
        let reset = !constant || accumulates || self.shadow_globals.get(&shadow).is_some_and(|s| s.reset);
        self.shadow_globals.insert(shadow.clone(), ShadowGlobal { ty, reset });
        shadow
    }

    /// The name of the global holding run-time message `text` (made by the LLVM boundary),
    /// named after the text's hash, so that rounds and modules agree on it.
    pub(crate) fn run_message(&mut self, text: String) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        let name = format!("__catalase_message_{h:016x}");
        self.run_messages.insert(name.clone(), text);
        name
    }

    /// The shadow globals of global `name`, lane by lane (`width` of them). Lanes never share
    /// derivative memory: lane 0 has the width-1 shadow, lane `l` of a mutable global its own
    /// (`__catalase_shadow<l>_<g>`, reset like it); a constant's zero shadow is shared unless a
    /// gradient may add into it.
    pub(crate) fn note_shadow_global_lanes(&mut self, name: &str, width: u32, accumulates: bool) -> Vec<String> {
        let shadow = self.note_shadow_global(name, accumulates);
        let first = self.shadow_globals[&shadow].clone();
        (0..width)
            .map(|l| {
                if l == 0 || !first.reset {
                    return shadow.clone();
                }
                let lane = format!("__catalase_shadow{l}_{name}");
                self.shadow_globals.insert(lane.clone(), first.clone());
                lane
            })
            .collect()
    }

    /// The type analysis of function `id`: from an analysis rooted at a function reverse mode
    /// differentiates for a marker call that reaches `id`, else rooted at `id` itself.
    pub(crate) fn function_types(&mut self, id: FuncId) -> Result<catalase_analysis::types::FunctionTypes, String> {
        use catalase_analysis::types::analyse;
        let found = |results: &[catalase_analysis::types::TypeResults]| results.iter().find_map(|r| r.function(id).cloned());
        if let Some(t) = found(&self.type_results) {
            return Ok(t);
        }
        // In a fixed order: which analysis answers first decides the types.
        let roots: std::collections::BTreeSet<FuncId> = self
            .memo
            .keys()
            .filter(|r| matches!(r.mode, Mode::Reverse { .. }))
            .filter_map(|r| self.module.find_function(&r.function))
            .collect();
        for root in roots {
            if !self.type_results.iter().any(|r| r.function(root).is_some()) {
                self.type_results.push(analyse(self.module, root, &Default::default()).map_err(|e| e.to_string())?);
            }
        }
        if let Some(t) = found(&self.type_results) {
            return Ok(t);
        }
        self.type_results.push(analyse(self.module, id, &Default::default()).map_err(|e| e.to_string())?);
        Ok(found(&self.type_results).expect("just analysed"))
    }

    /// The declared kind of the `size` bytes at `offset` of the object `ptr` (a value of
    /// function `id`) was made from, through the calls that hand it down
    /// (`catalase_analysis::types::provenance`).
    pub(crate) fn source_kind(&self, id: FuncId, ptr: catalase_ir::Value, offset: i64, size: u64) -> Option<catalase_analysis::types::Concrete> {
        use catalase_analysis::types::provenance::{source_kind, Callers};
        let callers = self.copy_callers.get_or_init(|| Callers::new(self.module, self.env.indirect_targets.iter().cloned()));
        source_kind(self.module, callers, id, ptr, offset, size)
    }

    /// Add a helper function (by name, once; none when the module already defines it).
    pub(crate) fn add_helper(&mut self, f: Function) {
        if self.module.find_function(&f.name).is_none() && self.helpers.insert(f.name.clone()) {
            self.generated.push(f);
        }
    }

    /// A function generated so far, by name.
    pub fn generated_function(&self, name: &str) -> Option<&Function> {
        self.generated.iter().find(|f| f.name == name)
    }

    /// The forward derivatives requested so far: (name, request), by name (what the caller
    /// does with them reaches the output, which must be the same in every run).
    pub fn forward_requests(&self) -> Vec<(String, Request)> {
        let forward = self.memo.iter().filter(|(r, _)| matches!(r.mode, Mode::Forward { .. }));
        let mut out: Vec<(String, Request)> = forward.map(|(r, n)| (n.clone(), r.clone())).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The generated functions, in generation order.
    pub fn into_functions(self) -> (Vec<Function>, BTreeMap<String, ShadowGlobal>, Vec<Diagnostic>) {
        (self.generated, self.shadow_globals, self.warnings)
    }
}

/// The symbol of a global variable's shadow: a shared zero shadow for a constant, a shadow
/// the caller resets for a mutable one.
pub(crate) fn shadow_global_name(module: &Module, name: &str) -> Option<String> {
    let prefix = if module.find_global(name)?.constant { "__catalase_zero_" } else { "__catalase_shadow_" };
    Some(format!("{prefix}{name}"))
}

fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::parser::parse_module;

    fn module() -> Module {
        parse_module("func @f(f64) -> f64 {\nblock0(v0: f64):\n    v1: f64 = fmul v0, v0\n    ret v1\n}\n").expect("parses")
    }

    #[test]
    fn memo_is_keyed_by_the_whole_request() {
        let (m, env) = (module(), Environment::default());
        let mut gen = Generator::new(&m, &env);
        let plain = Request::forward("f", vec![ArgActivity::Dup], 1);
        let a = gen.request(plain.clone()).unwrap();
        assert_eq!(a, "__catalase_fwd_f_d");
        assert_eq!(gen.request(plain.clone()).unwrap(), a);
        let with_primal = Request { mode: Mode::Forward { return_primal: true, return_tangent: true }, ..plain.clone() };
        assert_eq!(gen.request(with_primal).unwrap(), "__catalase_fwd_f_d_p");
        gen.round = 2;
        assert_eq!(gen.request(Request { width: 2, ..plain }).unwrap(), "__catalase_fwd2_f_d_w2");
        gen.run().unwrap();
        assert_eq!(gen.into_functions().0.len(), 3);
    }

    #[test]
    fn parts_of_a_call_are_emitted_and_forward_refuses_out() {
        let (m, env) = (module(), Environment::default());
        let mut gen = Generator::new(&m, &env);
        let base = Request::forward("f", vec![ArgActivity::Out], 1);
        let aug = Request { mode: Mode::Augmented { return_primal: true, return_shadow: false }, ..base.clone() };
        let rev = Request { mode: Mode::ReverseSplit { active_return: true, nofree: false, top: false, keep_returned: false, keep_stored: 0 }, ..base.clone() };
        assert_eq!(gen.request(aug).unwrap(), "__catalase_aug_f_o_p");
        assert_eq!(gen.request(rev).unwrap(), "__catalase_revs_f_o_a");
        gen.run().unwrap();
        let funcs = gen.into_functions().0;
        let names: Vec<&str> = funcs.iter().map(|f| f.name.as_str()).collect();
        assert!(names.contains(&"__catalase_aug_f_o_p") && names.contains(&"__catalase_revs_f_o_a"), "{names:?}");
        for f in &funcs {
            catalase_ir::verify::verify_function(f).unwrap_or_else(|e| panic!("{}: {e:?}", f.name));
        }
        let mut gen = Generator::new(&m, &env);
        assert_eq!(gen.request(base).unwrap_err().kind, DiagKind::CallingError);
    }
}
