//! Every row of the rule table, end to end in both modes. The rows are enumerated from
//! `rules::all_rules` (a new row is tested without editing this file; its points come from
//! `ad/tests/rules_spec`, which fails for a row without them). For each differentiable row, in
//! each shape the row is called in (`case`: f64 and f32, `<2 x f64>` and `<4 x f32>` for
//! instructions and intrinsics, an x86 intrinsic's own vector type, the packed complex ABI), a
//! function `f(args, weights) = Σⱼ wⱼ·outⱼ` over the call's results is written as `.cir` text,
//! differentiated in reverse and forward mode, and run in the interpreter at the row's points:
//! - its primal equals the row's Rust primal;
//! - its gradient Jᵀ·w equals central finite differences of the row's primal (in f64, at the
//!   point rounded to the case's precision);
//! - reverse agrees with forward by the dot-product test ⟨w, J·v⟩ = ⟨Jᵀ·w, v⟩;
//!
//! each with the call in the entry block (what the reverse sweep reads is recomputed) and after a
//! branch (cached on the tape).
//!
//! Every other spelling of a row (`rules::aliases`: `sin`, `fmodf`, `__powidf2`, `cabsf` on a
//! `<2 x float>`, ...) gets the same checks.
//!
//! Edges (`rules_spec::edges`, the conventions of `docs/RULES.md`): at each, generated code in
//! both modes gives exactly the partial the convention says (NaN, ±inf and 0 included).
//!
//! Inactive rows and their spellings: one that maps a float to a float in the interpreter
//! (`floor`, ...) adds exactly nothing to a gradient or a tangent; any other is called with an
//! active argument and both derivatives must generate, verify, and keep its call once.

#[path = "../../../ad/tests/rules_spec/mod.rs"]
#[allow(dead_code)]
mod rules_spec;
#[path = "../common/mod.rs"]
#[allow(dead_code)]
mod common;
#[path = "../forward/spec.rs"]
#[allow(dead_code)]
mod spec;

mod case;

use catalase_ad::rules::{all_rules, Rule, RuleKind};
use catalase_interp::{Interpreter, Val};
use catalase_ir::Type;

use case::{generate, Case, Role};
use common::flatten;
use rules_spec::Spec;

/// The weight of result part `j` (output `k` of evaluation `e`): distinct and non-zero.
fn weight(k: usize, e: usize) -> f64 {
    0.7 - 0.45 * k as f64 + 0.1 * e as f64
}

/// The tangent of the `q`-th active scalar in the dot-product test.
fn direction(q: usize) -> f64 {
    0.3 + 0.17 * q as f64
}

/// The row's operands for evaluation `e` of a case run at shift `s`, rounded to the case's
/// precision; an integer operand shared by all lanes (`powi`'s exponent) takes lane 0's value.
fn point(case: &Case, spec: &Spec, s: usize, e: usize) -> Vec<f64> {
    let at = |e: usize| spec.points[(e + s) % spec.points.len()];
    let mut p: Vec<f64> = at(e).to_vec();
    for (i, x) in p.iter_mut().enumerate() {
        if spec.ints.contains(&i) {
            if case.shared_int(i) {
                *x = at(0)[i];
            }
        } else if case.elem == Type::F32 {
            *x = *x as f32 as f64;
        }
    }
    p
}

fn scalar(elem: &Type, x: f64) -> Val {
    if *elem == Type::F32 {
        Val::F32(x as f32)
    } else {
        Val::F64(x)
    }
}

/// An integer operand (written as a float in the points) as a value of `ty` or its lanes' type.
fn int(ty: &Type, x: f64) -> Val {
    if *ty.scalar() == Type::I64 {
        Val::i64(x as i64)
    } else {
        Val::i32(x as i32)
    }
}

/// The function's arguments at shift `s`: the call's (floats and integers from the points),
/// then the weights.
fn arguments(case: &Case, spec: &Spec, s: usize) -> Vec<Val> {
    let points: Vec<Vec<f64>> = (0..case.evals).map(|e| point(case, spec, s, e)).collect();
    let mut vals = Vec::new();
    for a in case.args.iter().filter(|a| a.role != Role::Ptr) {
        let one = |p: &case::Part| match a.role {
            Role::Int => int(&a.ty, points[p.eval][p.index]),
            _ => scalar(&case.elem, points[p.eval][p.index]),
        };
        vals.push(match &a.ty {
            Type::Vector(..) => Val::Vec(a.parts.iter().map(one).collect()),
            _ => one(&a.parts[0]),
        });
    }
    for w in &case.weights {
        vals.push(match &w.ty {
            Type::Vector(..) => Val::Vec(w.parts.iter().map(|p| scalar(&case.elem, weight(p.index, p.eval))).collect()),
            _ => scalar(&case.elem, weight(w.parts[0].index, w.parts[0].eval)),
        });
    }
    vals
}

/// Central differences of each output of the row's primal in each non-integer operand:
/// `[output][operand]`.
fn jacobian(spec: &Spec, p: &[f64], outputs: usize) -> Vec<Vec<f64>> {
    let mut j = vec![vec![0.0; p.len()]; outputs];
    for i in (0..p.len()).filter(|i| !spec.ints.contains(i)) {
        let h = 1e-6 * p[i].abs().max(1.0);
        let (mut up, mut down) = (p.to_vec(), p.to_vec());
        up[i] += h;
        down[i] -= h;
        let (fu, fd) = (spec.f.eval(&up), spec.f.eval(&down));
        for (k, row) in j.iter_mut().enumerate() {
            row[i] = (fu[k] - fd[k]) / (up[i] - down[i]);
        }
    }
    j
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0)
}

/// Run `name` in `module`; its result's scalars.
fn run(module: &catalase_ir::Module, name: &str, args: &[Val]) -> Result<Vec<f64>, String> {
    let mut it = Interpreter::new(module).map_err(|e| e.to_string())?;
    let v = it.call(name, args).map_err(|e| format!("`{name}`: {e}"))?;
    flatten(&v)
}

/// Check one case of a differentiable row with the call in the entry block and after a branch
/// (its operands and result then cached on the tape), at every shift of its points.
fn check_case(rule: &Rule, spec: &Spec, case: &Case) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    for staged in [false, true] {
        if let Err(e) = check_placement(rule, spec, case, staged) {
            let place = if staged { "after a branch (tape)" } else { "in the entry block" };
            errs.extend(e.into_iter().map(|m| format!("{place}: {m}")));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

fn check_placement(rule: &Rule, spec: &Spec, case: &Case, staged: bool) -> Result<(), Vec<String>> {
    let g = generate(case, staged).map_err(|e| vec![e])?;
    let (tol, dot_tol, primal_tol) = if case.elem == Type::F32 { (2e-4, 1e-4, 1e-5) } else { (1e-6, 1e-9, 1e-12) };
    let mut errs = Vec::new();
    let active: Vec<&case::Arg> = case.args.iter().filter(|a| a.role == Role::Float).collect();
    for s in 0..spec.points.len() {
        let args = arguments(case, spec, s);
        let at = |m: String| format!("{} at shift {s}: {m}", case.label);
        let points: Vec<Vec<f64>> = (0..case.evals).map(|e| point(case, spec, s, e)).collect();
        let outputs: Vec<Vec<f64>> = points.iter().map(|p| spec.f.eval(p)).collect();
        // The primal, against the row's Rust primal.
        let primal = run(&g.module, "f", &args).map_err(|e| vec![at(e)])?;
        let want: f64 = case.ret_parts.iter().map(|p| weight(p.index, p.eval) * outputs[p.eval][p.index]).sum();
        if !close(primal.iter().sum(), want, primal_tol) {
            errs.push(at(format!("the primal gives {}, the row's primal {want}", primal.iter().sum::<f64>())));
        }
        // The gradient, against finite differences.
        let jac: Vec<Vec<Vec<f64>>> = points.iter().map(|p| jacobian(spec, p, rule.outputs.len())).collect();
        let grad = run(&g.reverse_module, &g.reverse, &args).map_err(|e| vec![at(e)])?;
        let parts: Vec<&case::Part> = active.iter().flat_map(|a| a.parts.iter()).collect();
        if grad.len() != parts.len() {
            return Err(vec![at(format!("{} gradient scalars for {} active scalars", grad.len(), parts.len()))]);
        }
        for (got, p) in grad.iter().zip(&parts) {
            let want: f64 = case
                .ret_parts
                .iter()
                .filter(|r| r.eval == p.eval)
                .map(|r| weight(r.index, r.eval) * jac[p.eval][r.index][p.index])
                .sum();
            if !close(*got, want, tol) {
                errs.push(at(format!("∂/∂operand {} (lane {}) is {got}, finite differences give {want}", p.index, p.eval)));
            }
        }
        if grad.iter().all(|x| *x == 0.0) {
            errs.push(at("every gradient is zero: the case checks nothing".into()));
        }
        // Reverse against forward.
        let mut fwd_args = Vec::new();
        let mut q = 0;
        let mut reverse_dot = 0.0;
        for (a, v) in case.params().zip(&args) {
            fwd_args.push(v.clone());
            if a.role != Role::Float {
                continue;
            }
            let tangent: Vec<Val> = a
                .parts
                .iter()
                .map(|_| {
                    let t = scalar(&case.elem, direction(q));
                    reverse_dot += grad[q] * t.as_f64().unwrap_or(0.0);
                    q += 1;
                    t
                })
                .collect();
            fwd_args.push(if a.ty.is_vector() { Val::Vec(tangent) } else { tangent[0].clone() });
        }
        let forward_dot: f64 = run(&g.forward_module, &g.forward, &fwd_args).map_err(|e| vec![at(e)])?.iter().sum();
        if !close(forward_dot, reverse_dot, dot_tol) {
            errs.push(at(format!("dot-product test: forward <w, J v> = {forward_dot}, reverse <J^T w, v> = {reverse_dot}")));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

#[test]
fn every_differentiable_row_in_reverse_and_forward() {
    let mut failures = Vec::new();
    let (mut rows, mut cases) = (0, 0);
    for rule in all_rules().iter().filter(|r| r.kind != RuleKind::Inactive) {
        let Some(spec) = rules_spec::spec(rule.name) else {
            failures.push(format!("{}: no primal and points in ad/tests/rules_spec", rule.name));
            continue;
        };
        rows += 1;
        for case in case::cases(rule, &spec) {
            cases += 1;
            if let Err(e) = check_case(rule, &spec, &case) {
                failures.push(format!("{}:\n  {}", case.label, e.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    // Each row in two shapes at least (f64, f32; an x86 intrinsic in one), most in four.
    assert!(rows > 50 && cases > 5 * rows / 2, "{rows} rows, {cases} cases");
}

#[test]
fn every_alias_calls_its_row() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (alias, _) in catalase_ad::rules::aliases() {
        let rule = catalase_ad::rules::lookup(alias).unwrap_or_else(|| panic!("alias `{alias}` resolves to no row"));
        let Some(spec) = rules_spec::spec(rule.name) else { continue };
        for case in case::alias_cases(alias, rule, &spec) {
            cases += 1;
            if let Err(e) = check_case(rule, &spec, &case) {
                failures.push(format!("{}:\n  {}", case.label, e.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(cases >= 50, "only {cases} alias cases");
}

#[test]
fn inactive_rows_add_nothing() {
    let mut failures = Vec::new();
    let mut numeric = 0;
    let rows = all_rules().iter().filter(|r| r.kind == RuleKind::Inactive).map(|r| r.name);
    let inactive_alias = |a: &&str| catalase_ad::rules::lookup(a).is_some_and(|r| r.kind == RuleKind::Inactive);
    let aliases = catalase_ad::rules::aliases().map(|(a, _)| a).filter(inactive_alias);
    for name in rows.chain(aliases) {
        match case::check_inactive(name) {
            Ok(true) => numeric += 1,
            Ok(false) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(numeric >= 14, "only {numeric} inactive rows ran in the interpreter");
}

/// Equal as partials: both NaN, both zero (an adjoint slot turns −0 into +0), or the same bits.
fn same_partial(got: f64, want: f64) -> bool {
    (got.is_nan() && want.is_nan()) || (got == 0.0 && want == 0.0) || got.to_bits() == want.to_bits()
}

/// One edge of `rules_spec::edges`, on generated code: the row's first case (f64, or an x86
/// intrinsic's vector type) at `point` in every lane, operand `i` the only active one and output
/// `k` the only one weighted; reverse's gradient and forward's tangent (ẋᵢ = 1) must both be the
/// partial ∂ₖᵢ exactly, in every lane.
fn check_edge(case: &Case, point: &[f64], k: usize, i: usize, want: f64) -> Result<(), String> {
    let holder = case.args.iter().position(|a| a.role == Role::Float && a.parts[0].index == i).ok_or("no such operand")?;
    let mut acts = Vec::new();
    let mut args = Vec::new();
    let mut fwd_args = Vec::new();
    let splat = |ty: &Type, x: &dyn Fn(&case::Part) -> Val, parts: &[case::Part]| match ty {
        Type::Vector(..) => Val::Vec(parts.iter().map(x).collect()),
        _ => x(&parts[0]),
    };
    for (j, a) in case.args.iter().enumerate().filter(|(_, a)| a.role != Role::Ptr) {
        let v = match a.role {
            Role::Int => splat(&a.ty, &|p| int(&a.ty, point[p.index]), &a.parts),
            _ => splat(&a.ty, &|p| scalar(&case.elem, point[p.index]), &a.parts),
        };
        args.push(v.clone());
        fwd_args.push(v);
        acts.push(if j == holder { catalase_ad::request::ArgActivity::Out } else { catalase_ad::request::ArgActivity::Const });
        if j == holder {
            fwd_args.push(splat(&a.ty, &|_| scalar(&case.elem, 1.0), &a.parts));
        }
    }
    for w in &case.weights {
        let v = splat(&w.ty, &|p| scalar(&case.elem, if p.index == k { 1.0 } else { 0.0 }), &w.parts);
        args.push(v.clone());
        fwd_args.push(v);
        acts.push(catalase_ad::request::ArgActivity::Const);
    }
    let g = case::generate_text(&case::text(case, true), &acts)?;
    let grad = run(&g.reverse_module, &g.reverse, &args)?;
    let tangent = run(&g.forward_module, &g.forward, &fwd_args)?;
    if grad.iter().chain(&tangent).all(|x| same_partial(*x, want)) && !grad.is_empty() && !tangent.is_empty() {
        Ok(())
    } else {
        Err(format!("∂out{k}/∂{i}: reverse gives {grad:?}, forward {tangent:?}, the convention is {want}"))
    }
}

#[test]
fn edges_in_both_modes() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in rules_spec::edges() {
        let rule = catalase_ad::rules::lookup(e.name)
            .or_else(|| catalase_ad::rules::instruction(e.name))
            .unwrap_or_else(|| panic!("edge of unknown `{}`", e.name));
        let spec = rules_spec::spec(rule.name).unwrap_or_else(|| panic!("{}: no spec", rule.name));
        let case = &case::cases(rule, &spec)[0];
        let n = rule.arity();
        for (k, i) in (0..rule.outputs.len()).flat_map(|k| (0..n).map(move |i| (k, i))) {
            // Other outputs are weighted 0; a non-finite partial of theirs would make that NaN.
            let others_finite = (0..rule.outputs.len()).all(|o| o == k || e.partials[o * n + i].unwrap_or(0.0).is_finite());
            if spec.ints.contains(&i) || !others_finite {
                continue;
            }
            let want = e.partials[k * n + i].unwrap_or(0.0);
            match check_edge(case, &e.point, k, i, want) {
                Ok(()) => checked += 1,
                Err(m) => failures.push(format!("{} at {:?}: {m}", e.name, e.point)),
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= 100, "only {checked} edge partials checked");
}
