//! Forward mode: for a function and an activity pattern, a new function that computes the
//! primal and, next to each active instruction, its tangent — `width` tangent lanes at once.
//!
//! The generator keeps a memo of derivatives by request (function, argument activities,
//! width, returned results), so calls between differentiated functions, and recursion, reuse
//! one derivative each. Generated functions are plain Catalase IR; the LLVM boundary raises
//! them.
//!
//! Modules: `shadows` decides which values carry shadows; `func` clones a function with
//! shadows; `memory` and `emit_call` hold the memory and call cases. Call classification
//! (`crate::calls`) and the rule-expression sink (`crate::sink`) are shared with other modes.

mod emit_call;
mod func;
mod memory;
mod shadows;

use std::collections::{BTreeMap, HashMap, VecDeque};

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::{Function, Module, Type};

use crate::env::Environment;
use crate::request::{ArgActivity, ForwardRequest};

/// Synthesizes forward-mode derivatives of functions of one module.
pub struct Generator<'a> {
    module: &'a Module,
    env: &'a Environment,
    memo: HashMap<ForwardRequest, String>,
    queue: VecDeque<(ForwardRequest, String)>,
    generated: Vec<Function>,
    /// Shadow globals that generated code refers to, by symbol. The LLVM boundary creates them
    /// zero-filled.
    pub shadow_globals: BTreeMap<String, ShadowGlobal>,
    pub warnings: Vec<Diagnostic>,
    /// Prefix of generated function names (distinct per round of higher-order processing).
    pub prefix: String,
}

impl<'a> Generator<'a> {
    pub fn new(module: &'a Module, env: &'a Environment) -> Self {
        Generator {
            module,
            env,
            memo: HashMap::new(),
            queue: VecDeque::new(),
            generated: Vec::new(),
            shadow_globals: BTreeMap::new(),
            warnings: Vec::new(),
            prefix: "__catalase_fwd".to_string(),
        }
    }

    /// Ask for a derivative; returns the name it will have. Generation happens in [`run`].
    ///
    /// [`run`]: Generator::run
    pub fn request(&mut self, req: ForwardRequest) -> Result<String, Diagnostic> {
        if let Some(name) = self.memo.get(&req) {
            return Ok(name.clone());
        }
        let Some(id) = self.module.find_function(&req.function) else {
            return Err(Diagnostic::error(DiagKind::NoFunction, format!("function `{}` not found", req.function)));
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
        if req.args.len() != f.sig.params.len() {
            return Err(Diagnostic::error(
                DiagKind::Internal,
                format!("{req}: {} activities for {} parameters", req.args.len(), f.sig.params.len()),
            ));
        }
        if req.args.contains(&ArgActivity::Out) {
            return Err(Diagnostic::error(DiagKind::CallingError, "enzyme_out is not valid in forward mode")
                .in_function(&req.function)
                .with_help("use enzyme_dup and pass a tangent value after the argument"));
        }
        if req.width == 0 {
            return Err(Diagnostic::error(DiagKind::IllegalVectorWidth, "width must be at least 1"));
        }
        let name = format!("{}_{}_{}", self.prefix, sanitize(&req.function), req.pattern());
        self.memo.insert(req.clone(), name.clone());
        self.queue.push_back((req, name.clone()));
        Ok(name)
    }

    /// Generate every requested derivative (and those they call).
    pub fn run(&mut self) -> Result<(), Diagnostic> {
        while let Some((req, name)) = self.queue.pop_front() {
            let f = func::FnCtx::emit(self, &req, &name)?;
            self.generated.push(f);
        }
        Ok(())
    }

    /// The generated functions, in generation order.
    pub fn into_functions(self) -> (Vec<Function>, BTreeMap<String, ShadowGlobal>, Vec<Diagnostic>) {
        (self.generated, self.shadow_globals, self.warnings)
    }

    /// The signature of the derivative for `req` of a function with signature `sig`.
    pub fn derivative_signature(sig: &catalase_ir::Signature, req: &ForwardRequest) -> catalase_ir::Signature {
        let mut params = Vec::new();
        for (t, act) in sig.params.iter().zip(&req.args) {
            params.push(t.clone());
            if act.has_shadow() {
                params.push(lanes_type(t, req.width));
            }
        }
        catalase_ir::Signature::new(params, return_type(&sig.ret, req))
    }
}

/// The shadow of a global variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShadowGlobal {
    /// The global's type (the shadow has its size).
    pub ty: Type,
    /// Mutable global: the shadow must be zeroed before each marker call.
    pub reset: bool,
}

/// `T` for width 1, `[N x T]` otherwise.
pub fn lanes_type(t: &Type, width: u32) -> Type {
    if width == 1 {
        t.clone()
    } else {
        Type::array(width as u64, t.clone())
    }
}

/// Whether the derivative returns a tangent for a result of type `ret`.
pub fn returns_tangent(ret: &Type, req: &ForwardRequest) -> bool {
    req.return_tangent && ret.may_be_active()
}

/// The derivative's return type: void, the primal, the tangent(s), or `{primal, tangent(s)}`.
pub fn return_type(ret: &Type, req: &ForwardRequest) -> Type {
    let primal = req.return_primal && !ret.is_void();
    let tangent = returns_tangent(ret, req);
    match (primal, tangent) {
        (false, false) => Type::Void,
        (true, false) => ret.clone(),
        (false, true) => lanes_type(ret, req.width),
        (true, true) => Type::strukt(vec![ret.clone(), lanes_type(ret, req.width)]),
    }
}

fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}
