//! The shapes a row is called in (`cases`), each as a `.cir` function `f(args, weights)` that
//! returns Σⱼ wⱼ·outⱼ over the call's results (`text`, with the call in the entry block or after a branch), its reverse and forward
//! derivatives (`generate`), and the check of inactive rows (`check_inactive`).

use std::fmt::Write;

use catalase_ad::env::Environment;
use catalase_ad::request::{ArgActivity, Mode, Request};
use catalase_ad::rules::{self, Rule, RuleKind};
use catalase_ad::sink::type_suffix;
use catalase_ad::Generator;
use catalase_interp::Val;
use catalase_ir::parser::parse_module;
use catalase_ir::verify::{verify_function, verify_module};
use catalase_ir::{Module, Type};

use crate::rules_spec::Spec;

/// Where one scalar of an argument or result sits in the row: the evaluation (a lane of an
/// elementwise vector call; 0 otherwise) and the operand or output index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    pub eval: usize,
    pub index: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A float operand: an `enzyme_out` parameter of `f`.
    Float,
    /// An integer operand (`powi`, `ldexp`): a constant parameter.
    Int,
    /// A pointer the call writes through (`frexp`): an `alloca` inside `f`, not a parameter.
    Ptr,
    /// The weight of some results: a constant parameter.
    Weight,
}

#[derive(Clone, Debug)]
pub struct Arg {
    pub ty: Type,
    pub role: Role,
    /// The row's scalars this argument holds, lane by lane (none for a pointer).
    pub parts: Vec<Part>,
}

/// One way of calling a row.
pub struct Case {
    pub label: String,
    /// The callee, or `None` for an instruction (`opcode`).
    pub callee: Option<String>,
    pub opcode: &'static str,
    /// The float type of the row's scalars.
    pub elem: Type,
    /// How many evaluations of the row one call makes (its lanes, when elementwise).
    pub evals: usize,
    pub args: Vec<Arg>,
    pub ret: Type,
    pub ret_parts: Vec<Part>,
    /// Parameters after the call's: one per field of a struct result, else one of its type.
    pub weights: Vec<Arg>,
}

impl Case {
    fn new(rule: &Rule, callee: Option<String>, elem: Type, evals: usize, args: Vec<Arg>, ret: Type) -> Case {
        let outputs = rule.outputs.len();
        let ret_parts: Vec<Part> =
            (0..evals).flat_map(|eval| (0..outputs).map(move |index| Part { eval, index })).collect();
        let weights = match &ret {
            Type::Struct { fields, .. } => fields
                .iter()
                .zip(&ret_parts)
                .map(|(t, p)| Arg { ty: t.clone(), role: Role::Weight, parts: vec![*p] })
                .collect(),
            t => vec![Arg { ty: t.clone(), role: Role::Weight, parts: ret_parts.clone() }],
        };
        let label = format!("{} {}", callee.as_deref().unwrap_or(rule.name), args.first().map_or(&elem, |a| &a.ty));
        Case { label, callee, opcode: rule.name, elem, evals, args, ret, ret_parts, weights }
    }

    /// Whether operand `i` is an integer that every lane shares (`powi`'s exponent).
    pub fn shared_int(&self, i: usize) -> bool {
        self.evals > 1 && self.args.get(i).is_some_and(|a| a.role == Role::Int && !a.ty.is_vector())
    }

    /// `f`'s parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &Arg> {
        self.args.iter().filter(|a| a.role != Role::Ptr).chain(&self.weights)
    }
}

/// The shapes `rule` is called in: complex rows as the x86-64 C ABI passes `double complex`
/// and `float complex`; an x86 intrinsic at its own vector type; others in f64 and f32, and
/// instructions and LLVM intrinsics also as `<2 x f64>` and `<4 x f32>`.
pub fn cases(rule: &Rule, spec: &Spec) -> Vec<Case> {
    if rules::is_complex(rule) {
        return complex_cases(rule);
    }
    if let Some(t) = x86_type(rule.name) {
        return vec![elementwise(rule, spec, &t)];
    }
    let mut shapes = vec![Type::F64, Type::F32];
    // A row with several outputs (`llvm.sincos`) returns a struct of scalars; no vector shapes.
    if rule.outputs.len() > 1 {
        return shapes.iter().map(|t| several_outputs(rule, spec, t)).collect();
    }
    if rules::instruction(rule.name).is_some() || rule.name.starts_with("llvm.") {
        shapes.extend([Type::vector(2, Type::F64), Type::vector(4, Type::F32)]);
    }
    shapes.iter().map(|t| elementwise(rule, spec, t)).collect()
}

/// `llvm.x86.sse2.min.pd` → `<2 x f64>`, `llvm.x86.avx.max.ps.256` → `<8 x f32>`.
fn x86_type(name: &str) -> Option<Type> {
    let op = name.strip_prefix("llvm.x86.")?;
    let elem = if op.contains(".ps") { Type::F32 } else { Type::F64 };
    let bits = if op.ends_with(".256") { 256 } else { 128 };
    Some(Type::vector(bits / elem.scalar_bits(), elem))
}

/// A call of `rule` on operands of type `lane` (a float or a float vector), lane by lane.
fn elementwise(rule: &Rule, spec: &Spec, lane: &Type) -> Case {
    let (elem, n) = (lane.scalar().clone(), lane.lanes().max(1) as usize);
    let lanes = |i: usize| (0..n).map(|eval| Part { eval, index: i }).collect::<Vec<_>>();
    let args: Vec<Arg> = (0..rule.arity())
        .map(|i| match () {
            _ if !spec.ints.contains(&i) => Arg { ty: lane.clone(), role: Role::Float, parts: lanes(i) },
            _ if rule.kind == RuleKind::Frexp => Arg { ty: Type::PTR, role: Role::Ptr, parts: vec![] },
            // powi's exponent is one i32 for all lanes; ldexp's is a vector like its operand.
            _ if n == 1 || rule.name == "llvm.powi" => Arg { ty: Type::I32, role: Role::Int, parts: lanes(i)[..1].to_vec() },
            _ => Arg { ty: Type::vector(n as u32, Type::I32), role: Role::Int, parts: lanes(i) },
        })
        .collect();
    let callee = if rules::instruction(rule.name).is_some() {
        None
    } else if rule.name.starts_with("llvm.x86.") {
        Some(rule.name.to_string())
    } else if rule.name.starts_with("llvm.") {
        let ints = args.iter().filter(|a| a.role == Role::Int).map(|a| format!(".{}", type_suffix(&a.ty)));
        Some(format!("{}.{}{}", rule.name, type_suffix(lane), ints.collect::<String>()))
    } else if elem == Type::F32 {
        Some(format!("{}f", rule.name))
    } else {
        Some(rule.name.to_string())
    };
    Case::new(rule, callee, elem, n, args, lane.clone())
}

/// A scalar call of `rule` whose outputs come back as a struct (`{double, double}`).
fn several_outputs(rule: &Rule, spec: &Spec, elem: &Type) -> Case {
    let scalar = elementwise(rule, spec, elem);
    let ret = Type::strukt(vec![elem.clone(); rule.outputs.len()]);
    Case::new(rule, scalar.callee, elem.clone(), 1, scalar.args, ret)
}

/// The shapes a callee spelling of another row (`rules::aliases`) is called in: a libm name in
/// f64 and with the `f` suffix in f32 (`fmod`, `fmodf`); compiler-rt's `__powidf2`/`__powisf2`
/// and NVPTX's `.f`/`.d` intrinsics in the precision they name; `cabs` with complex operands
/// (`cabsf(<2 x float>)`). None for the `float` complex helpers (`complex_cases` has them).
pub fn alias_cases(alias: &str, rule: &Rule, spec: &Spec) -> Vec<Case> {
    if rules::is_complex(rule) {
        return vec![];
    }
    let scalar = |elem: Type, int: Type, callee: String| {
        let args = (0..rule.arity())
            .map(|i| match spec.ints.contains(&i) {
                true => Arg { ty: int.clone(), role: Role::Int, parts: vec![Part { eval: 0, index: i }] },
                false => Arg { ty: elem.clone(), role: Role::Float, parts: vec![Part { eval: 0, index: i }] },
            })
            .collect();
        Case::new(rule, Some(callee), elem.clone(), 1, args, elem)
    };
    if rules::complex_aliases().any(|(a, _)| a == alias) {
        let pairs = (0..rule.arity() / 2)
            .map(|j| Arg {
                ty: Type::vector(2, Type::F32),
                role: Role::Float,
                parts: vec![Part { eval: 0, index: 2 * j }, Part { eval: 0, index: 2 * j + 1 }],
            })
            .collect();
        let float = Case::new(rule, Some(format!("{alias}f")), Type::F32, 1, pairs, Type::F32);
        return vec![scalar(Type::F64, Type::I32, alias.to_string()), float];
    }
    // C's `long` exponent.
    let int = if alias == "scalbln" { Type::I64 } else { Type::I32 };
    if alias.starts_with("llvm.nvvm.") || alias.starts_with("__") {
        let single = alias.ends_with(".f") || alias.contains("sf");
        return vec![scalar(if single { Type::F32 } else { Type::F64 }, int, alias.to_string())];
    }
    vec![scalar(Type::F64, int.clone(), alias.to_string()), scalar(Type::F32, int, format!("{alias}f"))]
}

/// `double complex`: every part a `double`, a `{double, double}` result; `float complex`: four
/// `float`s for the `__*sc3` helpers, else a `<2 x float>` per complex operand, and a
/// `<2 x float>` result.
fn complex_cases(rule: &Rule) -> Vec<Case> {
    let (arity, two) = (rule.arity(), rule.outputs.len() == 2);
    let scalars = |t: &Type| -> Vec<Arg> {
        (0..arity).map(|i| Arg { ty: t.clone(), role: Role::Float, parts: vec![Part { eval: 0, index: i }] }).collect()
    };
    let f64_ret = if two { Type::strukt(vec![Type::F64, Type::F64]) } else { Type::F64 };
    let f32_ret = if two { Type::vector(2, Type::F32) } else { Type::F32 };
    let double = Case::new(rule, Some(rule.name.to_string()), Type::F64, 1, scalars(&Type::F64), f64_ret);
    let float = if rule.name.starts_with("__") {
        let name = rules::aliases().find(|(a, t)| *t == rule.name && a.ends_with("sc3")).map(|(a, _)| a.to_string());
        Case::new(rule, name, Type::F32, 1, scalars(&Type::F32), f32_ret)
    } else {
        let pairs = (0..arity / 2)
            .map(|j| Arg {
                ty: Type::vector(2, Type::F32),
                role: Role::Float,
                parts: vec![Part { eval: 0, index: 2 * j }, Part { eval: 0, index: 2 * j + 1 }],
            })
            .collect();
        Case::new(rule, Some(format!("{}f", rule.name)), Type::F32, 1, pairs, f32_ret)
    };
    vec![double, float]
}

/// A symbol as `.cir` spells it: bare when simple, quoted otherwise.
fn symbol(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || "_.$".contains(c)) {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items.into_iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
}

/// The case as a `.cir` module: the callee's declaration and `@f`.
///
/// `staged`: `f` branches to a second block first, passing its parameters as block parameters,
/// so that the values the reverse sweep reads are cached on the tape instead of recomputed.
pub fn text(case: &Case, staged: bool) -> String {
    let mut s = String::new();
    let tys = list(case.args.iter().map(|a| &a.ty));
    if let Some(c) = &case.callee {
        let _ = writeln!(s, "declare @{}({tys}) -> {}", symbol(c), case.ret);
    }
    let params: Vec<&Arg> = case.params().collect();
    let fret = match &case.ret {
        Type::Struct { fields, .. } => fields[0].clone(),
        t => t.clone(),
    };
    let _ = writeln!(s, "func @f({}) -> {fret} {{", list(params.iter().map(|a| &a.ty)));
    let np = params.len();
    let base = if staged { np } else { 0 };
    let mut next = np + base;
    let mut fresh = || {
        next += 1;
        next - 1
    };
    let one = fresh();
    if case.args.iter().any(|a| a.role == Role::Ptr) {
        let _ = writeln!(s, "    v{one} = const i32 1");
    }
    let header = |first: usize| list(params.iter().enumerate().map(|(i, a)| format!("v{}: {}", first + i, a.ty)));
    let _ = writeln!(s, "block0({}):", header(0));
    if staged {
        let _ = writeln!(s, "    br block1({})", list((0..np).map(|i| format!("v{i}"))));
        let _ = writeln!(s, "block1({}):", header(np));
    }
    let mut ops = Vec::new();
    let mut param = base;
    for a in &case.args {
        if a.role == Role::Ptr {
            let v = fresh();
            let _ = writeln!(s, "    v{v}: ptr = alloca i32, v{one}, align 4");
            ops.push(v);
        } else {
            ops.push(param);
            param += 1;
        }
    }
    let ops = list(ops.iter().map(|v| format!("v{v}")));
    let (r, ret) = (fresh(), &case.ret);
    match &case.callee {
        Some(c) => writeln!(s, "    v{r}: {ret} = call @{}({ops}) : fn({tys}) -> {ret}", symbol(c)),
        None => writeln!(s, "    v{r}: {ret} = {} {ops}", case.opcode),
    }
    .expect("writing to a string");
    // Σ wⱼ·outⱼ: `param` is now the first weight.
    let sum = match &case.ret {
        Type::Struct { fields, .. } => {
            let mut acc: Option<usize> = None;
            for (k, t) in fields.iter().enumerate() {
                let (e, m) = (fresh(), fresh());
                let _ = writeln!(s, "    v{e}: {t} = extractvalue v{r}, [{k}]");
                let _ = writeln!(s, "    v{m}: {t} = fmul v{e}, v{}", param + k);
                acc = Some(match acc {
                    None => m,
                    Some(a) => {
                        let sum = fresh();
                        let _ = writeln!(s, "    v{sum}: {t} = fadd v{a}, v{m}");
                        sum
                    }
                });
            }
            acc.expect("a struct result has fields")
        }
        t => {
            let m = fresh();
            let _ = writeln!(s, "    v{m}: {t} = fmul v{r}, v{param}");
            m
        }
    };
    let _ = writeln!(s, "    ret v{sum}\n}}");
    s
}

/// The case's module and its derivatives, each in a module of its own.
pub struct Generated {
    pub module: Module,
    pub reverse: String,
    pub reverse_module: Module,
    pub forward: String,
    pub forward_module: Module,
}

/// Parse and verify the case's text, and generate `f`'s gradient (float operands `enzyme_out`,
/// everything else constant) and its forward derivative (floats duplicated).
pub fn generate(case: &Case, staged: bool) -> Result<Generated, String> {
    let acts: Vec<ArgActivity> =
        case.params().map(|a| if a.role == Role::Float { ArgActivity::Out } else { ArgActivity::Const }).collect();
    generate_text(&text(case, staged), &acts)
}

pub fn generate_text(text: &str, acts: &[ArgActivity]) -> Result<Generated, String> {
    let module = parse_module(text).map_err(|e| format!("{e}\n{text}"))?;
    verify_module(&module).map_err(|e| format!("{e:?}\n{text}"))?;
    let mode = Mode::Reverse { return_primal: false, active_return: true };
    let (reverse, reverse_module) = derive(&module, Request { function: "f".into(), args: acts.to_vec(), width: 1, mode, standins: false, strong_zero: false, fp80_clean: false })?;
    let dup = acts.iter().map(|a| if *a == ArgActivity::Out { ArgActivity::Dup } else { *a }).collect();
    let (forward, forward_module) = derive(&module, Request::forward("f", dup, 1))?;
    Ok(Generated { module, reverse, reverse_module, forward, forward_module })
}

/// Generate `req`, verify what was generated; its name and the module with it added.
fn derive(module: &Module, req: Request) -> Result<(String, Module), String> {
    let env = Environment::default();
    let mut g = Generator::new(module, &env);
    let mode = format!("{:?}", req.mode);
    let name = g.request(req).map_err(|d| format!("{mode}: {d}"))?;
    g.run().map_err(|d| format!("{mode}: {d}"))?;
    let (funcs, _, _) = g.into_functions();
    let mut combined = module.clone();
    for f in funcs {
        verify_function(&f).map_err(|e| format!("verifier on `{}`: {e:?}", f.name))?;
        combined.add_function(f);
    }
    Ok((name, combined))
}

/// An inactive row, called by `name`. When `name(f64) -> f64` runs in the interpreter (`floor`, `llvm.round.f64`,
/// ...), `f(x, w) = x·w + name(x)` must have gradient exactly w and tangent exactly w·ẋ
/// (`Ok(true)`). Otherwise `f(x) = { name(x); x·x }` must generate and verify in both modes, each
/// keeping the call once (`Ok(false)`).
pub fn check_inactive(name: &str) -> Result<bool, String> {
    let callee = if name.starts_with("llvm.") { format!("{name}.f64") } else { name.to_string() };
    let c = symbol(&callee);
    let numeric = format!(
        "declare @{c}(f64) -> f64\nfunc @f(f64, f64) -> f64 {{\nblock0(v0: f64, v1: f64):\n    v2: f64 = call @{c}(v0) : fn(f64) -> f64\n    v3: f64 = fmul v0, v1\n    v4: f64 = fadd v3, v2\n    ret v4\n}}\n"
    );
    let module = parse_module(&numeric).map_err(|e| e.to_string())?;
    let (x, w, dx) = (0.7, 1.3, 0.5);
    let runs = crate::run(&module, "f", &[Val::F64(x), Val::F64(w)]).is_ok_and(|v| v.len() == 1 && v[0].is_finite());
    if runs {
        let g = generate_text(&numeric, &[ArgActivity::Out, ArgActivity::Const])?;
        let grad = crate::run(&g.reverse_module, &g.reverse, &[Val::F64(x), Val::F64(w)])?;
        let tangent = crate::run(&g.forward_module, &g.forward, &[Val::F64(x), Val::F64(dx), Val::F64(w)])?;
        if grad != [w] || tangent != [w * dx] {
            return Err(format!("gradient {grad:?} (want [{w}]), tangent {tangent:?} (want [{}])", w * dx));
        }
        return Ok(true);
    }
    let kept = format!(
        "declare @{c}(f64)\nfunc @f(f64) -> f64 {{\nblock0(v0: f64):\n    call @{c}(v0) : fn(f64) -> void\n    v1: f64 = fmul v0, v0\n    ret v1\n}}\n"
    );
    let g = generate_text(&kept, &[ArgActivity::Out])?;
    // Reverse mode leaves lifetime markers out: its reverse sweep reads stack memory after the
    // primal's scope of it ends. It keeps stack restores: the dynamic allocas whose memory the
    // reverse sweep reads are on the heap.
    let reverse_keeps = usize::from(!name.starts_with("llvm.lifetime."));
    for (name, m, want) in [(&g.reverse, &g.reverse_module, reverse_keeps), (&g.forward, &g.forward_module, 1)] {
        let f = &m.functions()[m.find_function(name).ok_or("no derivative")?];
        let printed = catalase_ir::printer::print_function(f);
        let calls = printed.matches(&format!("call @{c}(")).count();
        if calls != want {
            return Err(format!("`{name}` calls `{callee}` {calls} times, expected {want}:\n{printed}"));
        }
    }
    Ok(false)
}
