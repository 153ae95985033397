//! Forward mode's generator on `.cir` fixtures, checked by running the derivatives in the
//! interpreter: every `tests/fixtures/forward/*.cir` names a function, a request and test
//! points (see `spec.rs`). For each, the generated functions must pass the IR verifier, and
//! the derivative's results must match (a) the expected values in the file and (b) central
//! finite differences of the primal, run by the same interpreter.
//!
//! `CATALASE_BLESS=1 cargo test -p catalase-interp --test forward` rewrites the expected values.

mod spec;
#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use catalase_ad::env::Environment;
use catalase_ad::forward::returns_tangent;
use catalase_ad::request::{ArgActivity, Mode, Request};
use catalase_ad::Generator;
use catalase_interp::{Interpreter, Val};
use catalase_ir::parser::parse_module;
use catalase_ir::verify::{verify_function, verify_module};
use catalase_ir::{Function, Module, Type};

use common::{close, flatten, primal, read_back, setup};
use spec::{Act, Elem, Input, Point, Spec};

type Observed = Vec<(String, Vec<f64>)>;

/// What the generator gives for one fixture.
struct Generated {
    /// The derivative's name.
    name: String,
    functions: Vec<Function>,
    /// Shadow globals the generated code refers to.
    globals: Vec<(String, Type)>,
}

/// The one place that calls the generator.
fn generate(module: &Module, spec: &Spec) -> Result<Generated, String> {
    let env = Environment::default();
    let args = spec
        .acts
        .iter()
        .map(|a| match a {
            Act::Const => ArgActivity::Const,
            Act::Dup => ArgActivity::Dup,
            Act::DupNoNeed => ArgActivity::DupNoNeed,
        })
        .collect();
    let req = Request { function: spec.function.clone(), args, width: spec.width, mode: mode(spec), standins: false, strong_zero: false, fp80_clean: false };
    let mut g = Generator::new(module, &env);
    let name = g.request(req).map_err(|d| d.to_string())?;
    g.run().map_err(|d| d.to_string())?;
    let (funcs, globals, _) = g.into_functions();
    Ok(Generated { name, functions: funcs, globals: globals.into_iter().map(|(n, s)| (n, s.ty)).collect() })
}

fn mode(spec: &Spec) -> Mode {
    Mode::Forward { return_primal: spec.return_primal, return_tangent: spec.return_tangent }
}

/// Whether the derivative returns a tangent for this function.
fn has_tangent(f: &Function, spec: &Spec) -> bool {
    let req = Request { function: spec.function.clone(), args: vec![], width: spec.width, mode: mode(spec), standins: false, strong_zero: false, fp80_clean: false };
    returns_tangent(&f.sig.ret, &req)
}

/// Run the derivative at one point; its observed values by key.
fn derivative(combined: &Module, globals: &[(String, Type)], name: &str, spec: &Spec, p: &Point) -> Result<Observed, String> {
    let f = &combined.functions()[combined.find_function(&spec.function).ok_or("no such function")?];
    let mut it = Interpreter::new(combined).map_err(|e| e.to_string())?;
    for (g, t) in globals {
        it.define_global(g, t).map_err(|e| e.to_string())?;
    }
    let mut args = Vec::new();
    let mut shadows: Vec<Vec<Val>> = Vec::new();
    for (i, (t, act)) in f.sig.params.iter().zip(&spec.acts).enumerate() {
        args.push(setup(&mut it, t, &p.args[i])?);
        let lanes = match act {
            Act::Const => vec![],
            _ => p.seeds.iter().map(|s| setup(&mut it, t, &s[i])).collect::<Result<Vec<_>, _>>()?,
        };
        if !lanes.is_empty() {
            args.push(if spec.width == 1 { lanes[0].clone() } else { Val::Agg(lanes.clone()) });
        }
        shadows.push(lanes);
    }
    let primal_args: Vec<Val> = args.clone();
    let result = it.call(name, &primal_args).map_err(|e| format!("derivative: {e}"))?;
    let mut obs = Observed::new();
    let want_primal = spec.return_primal && !f.sig.ret.is_void();
    let tangent = match (want_primal, has_tangent(f, spec)) {
        (true, true) => {
            obs.push(("ret".into(), flatten(&field(&result, 0)?)?));
            Some(field(&result, 1)?)
        }
        (true, false) => {
            obs.push(("ret".into(), flatten(&result)?));
            None
        }
        (false, true) => Some(result),
        (false, false) => None,
    };
    if let Some(t) = tangent {
        for l in 0..spec.width as usize {
            let lane = if spec.width == 1 { t.clone() } else { field(&t, l)? };
            obs.push((format!("dret.{l}"), flatten(&lane)?));
        }
    }
    let mut k = 0;
    for (i, act) in spec.acts.iter().enumerate() {
        let primal_arg = &args[k];
        k += 1 + usize::from(*act != Act::Const);
        if !matches!(p.args[i], Input::Array(..)) {
            continue;
        }
        if *act != Act::DupNoNeed {
            obs.push((format!("arg{i}"), read_back(&it, primal_arg, &p.args[i])?));
        }
        for (l, s) in shadows[i].iter().enumerate() {
            obs.push((format!("darg{i}.{l}"), read_back(&it, s, &p.seeds[l][i])?));
        }
    }
    Ok(obs)
}

fn field(v: &Val, i: usize) -> Result<Val, String> {
    v.members().and_then(|m| m.get(i)).cloned().ok_or_else(|| format!("result {v:?} has no member {i}"))
}

fn perturb(x: &Input, s: &Input, h: f64) -> Input {
    let add = |xs: &[f64], ss: &[f64]| xs.iter().zip(ss).map(|(x, s)| x + h * s).collect();
    match (x, s) {
        (Input::Num(x), Input::Num(s)) => Input::Num(x + h * s),
        (Input::Vector(xs), Input::Vector(ss)) => Input::Vector(add(xs, ss)),
        (Input::Array(e @ (Elem::F64 | Elem::F32), xs), Input::Array(_, ss)) => Input::Array(*e, add(xs, ss)),
        _ => x.clone(),
    }
}

/// Finite-difference references for every observed key.
fn references(module: &Module, spec: &Spec, p: &Point, single: bool) -> Result<Observed, String> {
    let h = if single { 1e-2 } else { 1e-6 };
    let (ret, arrays) = primal(module, &spec.function, &p.args)?;
    let mut refs = vec![("ret".to_string(), ret)];
    refs.extend(arrays.iter().enumerate().map(|(i, a)| (format!("arg{i}"), a.clone())));
    for (l, seed) in p.seeds.iter().enumerate() {
        let shifted = |sign: f64| p.args.iter().zip(seed).map(|(x, s)| perturb(x, s, sign * h)).collect::<Vec<_>>();
        let (rp, ap) = primal(module, &spec.function, &shifted(1.0))?;
        let (rm, am) = primal(module, &spec.function, &shifted(-1.0))?;
        let diff = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| (x - y) / (2.0 * h)).collect::<Vec<f64>>();
        refs.push((format!("dret.{l}"), diff(&rp, &rm)));
        for i in 0..ap.len() {
            refs.push((format!("darg{i}.{l}"), diff(&ap[i], &am[i])));
        }
    }
    Ok(refs)
}

fn compare(what: &str, got: &Observed, want: &Observed, tol: f64, all_keys: bool) -> Vec<String> {
    let mut errs = Vec::new();
    for (key, vals) in got {
        match want.iter().find(|(k, _)| k == key) {
            Some((_, w)) if w.len() == vals.len() && vals.iter().zip(w).all(|(a, b)| close(*a, *b, tol)) => {}
            Some((_, w)) => errs.push(format!("{key}: derivative gives {vals:?}, {what} {w:?}")),
            None if all_keys => errs.push(format!("{key}: no expected value (run with CATALASE_BLESS=1)")),
            None => {}
        }
    }
    errs
}

/// Check one fixture; the observed values of each point (for blessing).
fn check(path: &Path) -> Result<Vec<Observed>, Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![e.to_string()])?;
    let spec = spec::parse(&text).map_err(|e| vec![e])?;
    let module = parse_module(&text).map_err(|e| vec![e.to_string()])?;
    verify_module(&module).map_err(|errs| errs.iter().map(|e| format!("fixture: {e}")).collect::<Vec<_>>())?;
    let Generated { name, functions, globals } = generate(&module, &spec).map_err(|e| vec![e])?;
    let mut errs: Vec<String> = Vec::new();
    for f in &functions {
        if let Err(v) = verify_function(f) {
            errs.extend(v.iter().map(|e| format!("verifier: {e}")));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let single = text.contains("f32");
    let mut combined = module.clone();
    functions.into_iter().for_each(|f| {
        combined.add_function(f);
    });
    let mut all = Vec::new();
    for (i, p) in spec.points.iter().enumerate() {
        let at = |e: String| format!("point {i}: {e}");
        let got = derivative(&combined, &globals, &name, &spec, p).map_err(|e| vec![at(e)])?;
        let refs = references(&module, &spec, p, single).map_err(|e| vec![at(e)])?;
        let fd_tol = if single { 2e-2 } else { 1e-5 };
        errs.extend(compare("finite differences give", &got, &refs, fd_tol, false).into_iter().map(at));
        if std::env::var_os("CATALASE_BLESS").is_none() {
            errs.extend(compare("the fixture expects", &got, &p.expect, 1e-9, true).into_iter().map(at));
        }
        let derivs = got.iter().filter(|(k, _)| k.starts_with('d')).flat_map(|(_, v)| v.iter());
        if !derivs.clone().any(|x| *x != 0.0) {
            errs.push(at("every derivative value is zero: the fixture checks nothing".into()));
        }
        all.push(got);
    }
    if errs.is_empty() {
        if std::env::var_os("CATALASE_BLESS").is_some() {
            std::fs::write(path, spec::bless(&text, &spec, &all)).map_err(|e| vec![e.to_string()])?;
        }
        Ok(all)
    } else {
        Err(errs)
    }
}

fn fixtures() -> Vec<PathBuf> {
    common::fixture_files("forward")
}

#[test]
fn forward_fixtures() {
    let files = fixtures();
    let failures = common::failures(&files, check);
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    assert!(files.len() >= 30, "expected at least 30 forward fixtures, found {}", files.len());
}
