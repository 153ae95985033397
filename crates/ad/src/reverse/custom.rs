//! User reverse rules (`__enzyme_register_gradient_f = {f, aug, rev}`, ABI.md §6.2) at calls of
//! `f` inside differentiated code.
//!
//! Both functions take every parameter of `f`, each one that is not floating point followed by
//! its shadow (the primal again where the call site has none). The forward sweep calls
//! `aug(...)`; its return type says what it returns (the primal result, the shadow of the
//! result, an opaque tape of the user's, in the layouts of §6.2). The user's tape is pushed on
//! Catalase's tape. The reverse sweep calls `rev(..., [d_ret], [tape])` and adds the gradients
//! of the float parameters it returns to their adjoints; the rule updates pointer shadows
//! itself.

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::inst::{Callee, InstData, Signature, NO_FLOAT_POINTEE_ATTR, STACK_ONLY_ATTR};
use catalase_ir::{Inst, Type, Value};

use super::augmented::RevCtx;
use crate::calls::CallKind;
use crate::env::ReverseRule;

/// Where the augmented function's result puts each thing (field indices of its struct, or the
/// whole value).
#[derive(Clone, Copy, Debug, Default)]
struct AugLayout {
    primal: Option<Field>,
    shadow: Option<Field>,
    tape: Option<Field>,
}

#[derive(Clone, Copy, Debug)]
enum Field {
    Whole,
    At(u32),
}

impl RevCtx<'_, '_> {
    /// The reverse rule of a call to a function that has one, when the call carries
    /// derivatives (an active argument or result); other calls run as in the primal.
    pub fn custom_rule(&self, data: &InstData) -> Option<ReverseRule> {
        let InstData::Call { args, .. } = data else { return None };
        let Some(CallKind::Custom(name)) = self.call_kind(data) else { return None };
        if !self.call_carries_derivatives(args) {
            return None;
        }
        self.gen.env.reverse_rules.get(&name).cloned()
    }

    /// User rules take one shadow per pointer: a batched gradient (`enzyme_width`) cannot call
    /// them.
    fn check_rule_width(&self, name: &str) -> Result<(), Diagnostic> {
        if self.width() == 1 {
            return Ok(());
        }
        Err(self.error(
            DiagKind::Unsupported,
            format!("`{name}` has a user gradient rule, which takes one shadow per pointer; this gradient is batched at width {}", self.width()),
            "differentiate code that calls functions with user rules at width 1 (one __enzyme_autodiff per direction)",
        ))
    }

    /// A pointer without a shadow is passed to the rule as its own shadow (Enzyme's
    /// "massaging" of inactive arguments): harmless for an index array or a handle, which the
    /// rule reads but never accumulates into, but where the memory may hold floats the reverse
    /// function would add their gradients into the primal (`dw[i] += ...` into an enzyme_const
    /// weight table) and read the next call's seeds from it: a corrupted primal and a silently
    /// wrong derivative. Such a pointer is refused unless type analysis finds no float in its
    /// memory, or the body of the ruled function accesses none through that parameter
    /// (lowering's `NO_FLOAT_POINTEE_ATTR`: `const int *idx`).
    fn check_shadowless_pointers(&mut self, name: &str, args: &[Value]) -> Result<(), Diagnostic> {
        let module = self.gen.module;
        let declared = module.find_function(name).map(|id| module.function(id).attrs.clone()).unwrap_or_default();
        for (k, &a) in args.iter().enumerate() {
            if !self.src.dfg.value_type(a).is_ptr() || self.s(a).is_some() {
                continue;
            }
            let (floats, unknown) = match self.types.as_ref() {
                Some(t) => {
                    let pointee = t.pointee(a);
                    (pointee.holds_float(), pointee.is_empty())
                }
                None => (false, true),
            };
            let body_says_none = declared.param_has(k, NO_FLOAT_POINTEE_ATTR);
            if floats || (unknown && !body_says_none) {
                let what = if floats { "memory holding floats" } else { "memory that may hold floats" };
                return Err(self.error(
                    DiagKind::Unsupported,
                    format!("a pointer to {what} is passed to `{name}`, which has a user gradient rule, without a shadow: the rule's reverse function would accumulate into the primal memory, given as its shadow"),
                    "pass that pointer with enzyme_dup and a zeroed shadow buffer (its gradient is then added there), or do not register a gradient rule for this function",
                ));
            }
        }
        Ok(())
    }

    /// The signature of a rule function, or an error naming it.
    fn rule_signature(&self, name: &str, of: &str) -> Result<Signature, Diagnostic> {
        let module = self.gen.module;
        match module.find_function(name) {
            Some(id) => Ok(module.function(id).sig.clone()),
            None => Err(self.error(
                DiagKind::NoFunction,
                format!("the gradient registered for `{of}` names `{name}`, which is not a function of this module"),
                "register `{f, augmented, reverse}` with functions defined or declared in this translation unit",
            )),
        }
    }

    /// `p1, [s1], p2, [s2], ...`: a shadow after each parameter that is not floating point.
    fn rule_args(&mut self, args: &[Value]) -> Vec<Value> {
        let mut out = Vec::new();
        for &a in args {
            out.push(self.p(a));
            let ty = self.src.dfg.value_type(a).clone();
            if !ty.is_float_or_vector() {
                let s = if ty.is_ptr() { self.s_or_standin(a) } else { self.p(a) };
                out.push(s);
            }
        }
        out
    }

    fn aug_layout(&self, aug: &Signature, primal: &Type) -> AugLayout {
        use Field::*;
        let mut l = AugLayout::default();
        match &aug.ret {
            Type::Void => {}
            t if t == primal => l.primal = Some(Whole),
            Type::Struct { fields, .. } if fields.len() == 3 => {
                (l.tape, l.primal, l.shadow) = (Some(At(0)), Some(At(1)), Some(At(2)));
            }
            Type::Struct { fields, .. } if fields.len() == 2 && fields[0] == fields[1] => {
                (l.primal, l.shadow) = (Some(At(0)), Some(At(1)));
            }
            Type::Struct { fields, .. } if fields.len() == 2 => (l.tape, l.primal) = (Some(At(0)), Some(At(1))),
            _ => l.tape = Some(Whole),
        }
        l
    }

    /// The forward sweep of a call with a reverse rule: call the augmented function, push the
    /// user's tape. Returns false for other instructions.
    pub fn forward_custom(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.data(inst);
        let Some(rule) = self.custom_rule(&data) else { return Ok(false) };
        let InstData::Call { callee: Callee::Direct(name), args, sig, .. } = &data else { return Ok(false) };
        self.check_rule_width(name)?;
        // A rule cannot guard its accesses: a shadow that may be the primal standing in would
        // let its reverse function accumulate into primal memory (`crate::standin`).
        if args.iter().any(|&a| self.src.dfg.value_type(a).is_ptr_or_vector() && self.shadows.is_mixed(a)) {
            return Err(self.error(
                DiagKind::Unsupported,
                format!("a pointer passed to `{name}`, which has a user rule, may point to active or to inactive memory (its shadow may be the primal standing in)"),
                "pass every pointer that can reach this call with enzyme_dup, with its own shadow buffer (an enzyme_const object: mark it enzyme_dup with a zeroed shadow)",
            ));
        }
        self.check_shadowless_pointers(name, args)?;
        let aug_sig = self.rule_signature(&rule.augmented, name)?;
        let mut call_args = self.rule_args(args);
        if aug_sig.params.len() != call_args.len() {
            return Err(self.arity_error(&rule.augmented, name, call_args.len(), aug_sig.params.len()));
        }
        self.pass_by_reference(&rule.byref, &aug_sig, &mut call_args);
        self.check_rule_params(&rule.augmented, name, &aug_sig, &call_args)?;
        let layout = self.aug_layout(&aug_sig, &sig.ret);
        let aug = rule.augmented.clone();
        let ret = self.ins(|b| {
            let i = b.call(Callee::Direct(aug), aug_sig.clone(), call_args, Default::default());
            b.func.dfg.result(i)
        });
        let get = |ctx: &mut Self, f: Field| {
            let r = ret.expect("a non-void augmented function");
            match f {
                Field::Whole => r,
                Field::At(i) => ctx.ins(|b| b.extract_value(r, vec![i])),
            }
        };
        if let Some(r) = self.src.dfg.result(inst) {
            let pv = match layout.primal {
                Some(f) => get(self, f),
                // An augmented function that returns nothing (Enzyme accepts it): the result
                // comes from the function itself, called again, when that changes no memory.
                None if self.writes_no_memory(name) => {
                    let pargs: Vec<Value> = args.iter().map(|a| self.p(*a)).collect();
                    let (callee, psig) = (Callee::Direct(name.clone()), sig.clone());
                    self.ins(|b| {
                        let i = b.call(callee, psig, pargs, Default::default());
                        b.func.dfg.result(i).expect("the primal call's result")
                    })
                }
                None => {
                    return Err(self.error(
                        DiagKind::CallingError,
                        format!("the augmented function `{}` registered for `{name}` does not return the primal result ({}), and `{name}` may write memory, so Catalase does not call it again for the result", rule.augmented, sig.ret),
                        "return the result, `{result, shadow}`, `{tape, result}` or `{tape, result, shadow}` (ABI §6.2)",
                    ))
                }
            };
            self.set_primal(r, pv);
            if self.pointer_shadow(r) {
                let Some(f) = layout.shadow else {
                    return Err(self.error(
                        DiagKind::CallingError,
                        format!("the result of `{name}` is a pointer to active memory, and the augmented function `{}` does not return its shadow", rule.augmented),
                        "return `{result, shadow}` or `{tape, result, shadow}` from the augmented function",
                    ));
                };
                let sv = get(self, f);
                self.smap_insert(r, sv);
            }
        }
        if let Some(f) = layout.tape {
            let t = get(self, f);
            self.push(t);
        }
        Ok(true)
    }

    /// The reverse sweep of a call with a reverse rule: pop the user's tape, call the reverse
    /// function, add the gradients of the float arguments. Returns false for other instructions.
    pub fn custom_adjoint(&mut self, inst: Inst) -> Result<bool, Diagnostic> {
        let data = self.data(inst);
        let Some(rule) = self.custom_rule(&data) else { return Ok(false) };
        let InstData::Call { callee: Callee::Direct(name), args, sig, .. } = &data else { return Ok(false) };
        self.check_rule_width(name)?;
        let aug_sig = self.rule_signature(&rule.augmented, name)?;
        let rev_sig = self.rule_signature(&rule.reverse, name)?;
        let layout = self.aug_layout(&aug_sig, &sig.ret);
        let tape = layout.tape.map(|f| {
            let ty = match (f, &aug_sig.ret) {
                (Field::At(i), Type::Struct { fields, .. }) => fields[i as usize].clone(),
                (_, t) => t.clone(),
            };
            self.pop(&ty)
        });
        let mut call_args = self.rule_args(args);
        let ret_adjoint = sig.ret.is_float_or_vector() || super::is_adjoint_struct(&sig.ret);
        if ret_adjoint {
            let d = match self.src.dfg.result(inst).filter(|r| self.active(*r)) {
                Some(r) => self.take_adjoint(r),
                None => self.out.dfg.make_const(sig.ret.clone(), catalase_ir::Const::Zero),
            };
            // A struct of floats (`struct {double re, im;}`) is the adjoint's type; C passes
            // one by value as its fields, which the rule's signature then shows one by one.
            match split_fields(&sig.ret, &rev_sig.params, call_args.len()) {
                Some(n) => {
                    for k in 0..n {
                        let f = self.ins(|b| b.extract_value(d, vec![k]));
                        call_args.push(f);
                    }
                }
                None if packed_as_vector(&sig.ret, rev_sig.params.get(call_args.len())) => {
                    // `struct {float a, b;}` by value: C passes it as `<2 x float>`.
                    let vty = rev_sig.params[call_args.len()].clone();
                    let v = self.ins(|b| {
                        let mut v = b.zero(vty);
                        for k in 0..2u32 {
                            let f = b.extract_value(d, vec![k]);
                            let i = b.iconst(Type::I32, i128::from(k));
                            v = b.insert_element(v, f, i);
                        }
                        v
                    });
                    call_args.push(v);
                }
                None => {
                    let at = call_args.len();
                    if super::is_adjoint_struct(&sig.ret) && rev_sig.params.get(at).is_some_and(|t| *t != sig.ret) {
                        return Err(self.error(
                            DiagKind::CallingError,
                            format!("`{}`, registered in the gradient of `{name}`, takes {} where the adjoint of the result ({}) is expected", rule.reverse, rev_sig.params[at], sig.ret),
                            "take the result's adjoint by value, as the struct or as its fields one by one (ABI §6.2)",
                        ));
                    }
                    call_args.push(d);
                }
            }
        }
        let expected = call_args.len();
        match (tape, rev_sig.params.len()) {
            (Some(t), n) if n == expected + 1 => call_args.push(t),
            (_, n) if n == expected => {}
            (_, n) => return Err(self.arity_error(&rule.reverse, name, expected, n)),
        }
        self.pass_by_reference(&rule.byref, &rev_sig, &mut call_args[..expected]);
        self.check_rule_params(&rule.reverse, name, &rev_sig, &call_args[..expected])?;
        let floats: Vec<Value> = args.iter().copied().filter(|a| self.src.dfg.value_type(*a).is_float_or_vector()).collect();
        let rev = rule.reverse.clone();
        let ret = self.ins(|b| {
            let i = b.call(Callee::Direct(rev), rev_sig.clone(), call_args, Default::default());
            b.func.dfg.result(i)
        });
        let Some(r) = ret.filter(|_| !floats.is_empty()) else { return Ok(true) };
        let types: Vec<Type> = floats.iter().map(|a| self.src.dfg.value_type(*a).clone()).collect();
        let Some(paths) = gradient_paths(&rev_sig.ret, &types) else {
            let want: Vec<String> = types.iter().map(Type::to_string).collect();
            return Err(self.error(
                DiagKind::CallingError,
                format!("`{}`, registered in the gradient of `{name}`, returns {}, not the gradients of the float parameters ({})", rule.reverse, rev_sig.ret, want.join(", ")),
                "return the gradient of the one float parameter, or a struct of the gradients of the float parameters in order (ABI §6.2)",
            ));
        };
        for (a, path) in floats.into_iter().zip(paths) {
            let g = match path {
                Path::Whole => r,
                Path::Field(k) => self.ins(|b| b.extract_value(r, vec![k])),
                Path::Lane(k, lane) => self.ins(|b| {
                    let v = if k == u32::MAX { r } else { b.extract_value(r, vec![k]) };
                    let i = b.iconst(Type::I32, i128::from(lane));
                    b.extract_element(v, i)
                }),
            };
            self.accumulate(a, g);
        }
        Ok(true)
    }

    /// Whether `name` writes no memory but its own stack frame (lowering's
    /// [`STACK_ONLY_ATTR`], or LLVM's `memory(none)`), so that calling it once more only
    /// computes its result.
    fn writes_no_memory(&self, name: &str) -> bool {
        let module = self.gen.module;
        module.find_function(name).is_some_and(|id| {
            let attrs = &module.function(id).attrs;
            attrs.func_has(STACK_ONLY_ATTR)
                || attrs.func.iter().any(|a| a.name == "memory" && a.value == catalase_ir::inst::AttrValue::Int(0))
        })
    }

    /// `"byref_K"` (ABI §6.1): where the rule function takes parameter K as a pointer and the
    /// value passed is not one, pass the address of a stack copy of the value instead.
    fn pass_by_reference(&mut self, byref: &[usize], rule: &Signature, args: &mut [Value]) {
        for &k in byref {
            let (Some(&v), Some(want)) = (args.get(k), rule.params.get(k)) else { continue };
            let ty = self.out.dfg.value_type(v).clone();
            if !want.is_ptr() || ty.is_ptr() {
                continue;
            }
            let slot = self.uninitialized_slot(ty);
            self.ins(|b| b.store(v, slot, catalase_ir::inst::MemFlags::aligned(8)));
            args[k] = slot;
        }
    }

    /// Each argument Catalase passes to a rule function has the type of its parameter.
    fn check_rule_params(&self, function: &str, of: &str, rule: &Signature, args: &[Value]) -> Result<(), Diagnostic> {
        for (k, (&a, want)) in args.iter().zip(&rule.params).enumerate() {
            let have = self.out.dfg.value_type(a);
            if have != want {
                return Err(self.error(
                    DiagKind::CallingError,
                    format!("`{function}`, registered in the gradient of `{of}`, takes {want} as parameter {k} where {have} is passed"),
                    "declare each parameter as the function takes it, a shadow of the same type after each one that is not floating point, then the result's adjoint (float results) and the tape (ABI §6.2)",
                ));
            }
        }
        Ok(())
    }

    fn arity_error(&self, function: &str, of: &str, expected: usize, found: usize) -> Diagnostic {
        self.error(
            DiagKind::CallingError,
            format!("`{function}`, registered in the gradient of `{of}`, takes {found} parameters where {expected} are expected"),
            "every parameter of the function that is not floating point is followed by its shadow; the reverse function then takes the result's adjoint (float results) and the tape (ABI §6.2)",
        )
    }
}

/// The number of fields of the result adjoint `ret` to pass one by one to a reverse function
/// with parameters `params`, `before` of them taken already: where `ret` is a struct of float
/// scalars that the function takes as its fields (with or without a tape after them), not whole.
fn split_fields(ret: &Type, params: &[Type], before: usize) -> Option<u32> {
    let Type::Struct { fields, .. } = ret else { return None };
    if fields.len() < 2 || !fields.iter().all(Type::is_float) {
        return None;
    }
    let n = fields.len();
    let takes_fields = params.get(before..before + n).is_some_and(|p| p == &fields[..]);
    (takes_fields && (params.len() == before + n || params.len() == before + n + 1)).then_some(n as u32)
}

/// Whether a reverse function's parameter `param` is the `<2 x T>` C makes of a result adjoint
/// `ret` = `{T, T}` passed by value.
fn packed_as_vector(ret: &Type, param: Option<&Type>) -> bool {
    match (ret, param) {
        (Type::Struct { fields, .. }, Some(Type::Vector(2, e))) => fields.len() == 2 && fields.iter().all(|f| f == &**e),
        _ => false,
    }
}

/// Where the reverse function's result holds the gradient of each float parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Path {
    /// The whole result (one float parameter).
    Whole,
    /// Field k of a struct.
    Field(u32),
    /// Lane `.1` of field `.0` (`u32::MAX`: of the whole result): C returns `struct {float a,
    /// b;}` as `<2 x float>`, three floats as `{<2 x float>, float}`.
    Lane(u32, u32),
}

/// The places of gradients of types `want` in a result of type `ret`: the result itself for one,
/// a field each, or scalars in memory order where C packs float fields into vectors.
fn gradient_paths(ret: &Type, want: &[Type]) -> Option<Vec<Path>> {
    match ret {
        t if want.len() == 1 && t == &want[0] => return Some(vec![Path::Whole]),
        Type::Struct { fields, .. } if fields.len() == want.len() && fields.iter().zip(want).all(|(f, w)| f == w) => {
            return Some((0..want.len() as u32).map(Path::Field).collect());
        }
        _ => {}
    }
    let mut scalars = Vec::new();
    let mut place = |field: u32, t: &Type| match t {
        Type::Vector(n, e) => (0..*n).for_each(|l| scalars.push((Path::Lane(field, l), (**e).clone()))),
        t => scalars.push((if field == u32::MAX { Path::Whole } else { Path::Field(field) }, t.clone())),
    };
    match ret {
        Type::Struct { fields, .. } => fields.iter().enumerate().for_each(|(k, f)| place(k as u32, f)),
        t => place(u32::MAX, t),
    }
    let fits = scalars.len() == want.len() && scalars.iter().zip(want).all(|((_, t), w)| t == w);
    fits.then(|| scalars.into_iter().map(|(p, _)| p).collect())
}
