//! Reverse mode's generator on `.cir` fixtures, run in the interpreter. Every
//! `tests/fixtures/reverse/*.cir` names a function and a request:
//!
//! ```text
//! ; reverse @f(out, const) return=primal     activities: out, const (dup for pointers: later)
//! ; point: 0.5, 3                            one number per argument
//! ```
//! For each point, every generated function must pass the IR verifier, and the gradient of each
//! `out` argument must match (a) central finite differences of the primal and (b) forward mode
//! by the dot-product test: ⟨1, J·v⟩ from one forward derivative with tangent v equals
//! ⟨Jᵀ·1, v⟩ from the gradient. A fixture whose gradients are all zero checks nothing and fails.

#[path = "../forward/spec.rs"]
#[allow(dead_code)]
mod spec;
#[path = "../common/mod.rs"]
#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};

use catalase_ad::env::Environment;
use catalase_ad::request::{ArgActivity, Mode, Request};
use catalase_ad::Generator;
use catalase_interp::{Interpreter, Val};
use catalase_ir::parser::parse_module;
use catalase_ir::verify::{verify_function, verify_module};
use catalase_ir::Module;

use common::{close, flatten, primal, setup};
use spec::Input;

struct Fixture {
    function: String,
    acts: Vec<ArgActivity>,
    return_primal: bool,
    points: Vec<Vec<Input>>,
}

fn parse(text: &str) -> Result<Fixture, String> {
    let mut fx = None;
    let mut points = Vec::new();
    for line in text.lines() {
        if let Some(req) = line.strip_prefix("; reverse @") {
            let (name, rest) = req.split_once('(').ok_or("expected `(`")?;
            let (acts, opts) = rest.split_once(')').ok_or("expected `)`")?;
            let acts = acts
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| match a {
                    "out" => Ok(ArgActivity::Out),
                    "const" => Ok(ArgActivity::Const),
                    "dup" => Ok(ArgActivity::Dup),
                    _ => Err(format!("unknown activity `{a}`")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            let return_primal = opts.split_whitespace().any(|o| o == "return=primal");
            fx = Some(Fixture { function: name.to_string(), acts, return_primal, points: vec![] });
        } else if let Some(p) = line.strip_prefix("; point:") {
            points.push(spec::inputs(p)?);
        }
    }
    let mut fx = fx.ok_or("no `; reverse @f(...)` line")?;
    if points.is_empty() || points.iter().any(|p| p.len() != fx.acts.len()) {
        return Err("needs `; point:` lines with one input per argument".into());
    }
    fx.points = points;
    Ok(fx)
}

/// Generate `req`; the derivative's name and the module with the generated functions added.
fn generate(module: &Module, req: Request) -> Result<(String, Module), Vec<String>> {
    let env = Environment::default();
    let mut g = Generator::new(module, &env);
    let name = g.request(req).map_err(|d| vec![d.to_string()])?;
    g.run().map_err(|d| vec![d.to_string()])?;
    let (funcs, _, _) = g.into_functions();
    let mut errs = Vec::new();
    for f in &funcs {
        if let Err(v) = verify_function(f) {
            errs.extend(v.iter().map(|e| format!("verifier on `{}`: {e}", f.name)));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut combined = module.clone();
    funcs.into_iter().for_each(|f| {
        combined.add_function(f);
    });
    Ok((name, combined))
}

fn call(module: &Module, name: &str, param_types: &[catalase_ir::Type], inputs: &[Input]) -> Result<Val, String> {
    let mut it = Interpreter::new(module).map_err(|e| e.to_string())?;
    let args = param_types.iter().zip(inputs).map(|(t, i)| setup(&mut it, t, i)).collect::<Result<Vec<_>, _>>()?;
    it.call(name, &args).map_err(|e| format!("`{name}`: {e}"))
}

fn num(x: &Input) -> f64 {
    match x {
        Input::Num(v) => *v,
        _ => 0.0,
    }
}

/// Check one fixture at every point.
fn check(path: &Path) -> Result<(), Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![e.to_string()])?;
    let fx = parse(&text).map_err(|e| vec![e])?;
    let module = parse_module(&text).map_err(|e| vec![e.to_string()])?;
    verify_module(&module).map_err(|errs| errs.iter().map(|e| format!("fixture: {e}")).collect::<Vec<_>>())?;
    let f = &module.functions()[module.find_function(&fx.function).ok_or_else(|| vec!["no such function".to_string()])?];
    let mode = Mode::Reverse { return_primal: fx.return_primal, active_return: true };
    let (rev, revmod) = generate(&module, Request { function: fx.function.clone(), args: fx.acts.clone(), width: 1, mode })?;
    let fwd_acts = fx.acts.iter().map(|a| if *a == ArgActivity::Out { ArgActivity::Dup } else { *a }).collect();
    let (fwd, fwdmod) = generate(&module, Request::forward(fx.function.clone(), fwd_acts, 1))?;
    let single = text.contains("f32");
    let (h, tol) = if single { (1e-2, 2e-2) } else { (1e-6, 1e-5) };
    let mut errs = Vec::new();
    for (pi, point) in fx.points.iter().enumerate() {
        let at = |e: String| format!("point {pi}: {e}");
        let got = call(&revmod, &rev, &f.sig.params, point).and_then(|v| flatten(&v)).map_err(|e| vec![at(e)])?;
        let (ret, _) = primal(&module, &fx.function, point).map_err(|e| vec![at(e)])?;
        let mut k = 0;
        if fx.return_primal {
            if !close(got[0], ret[0], 1e-12) {
                errs.push(at(format!("primal result {} but the primal gives {}", got[0], ret[0])));
            }
            k = 1;
        }
        // The direction of the dot-product test, and the forward call's arguments.
        let mut fwd_params = Vec::new();
        let mut fwd_inputs = Vec::new();
        let mut dot = 0.0;
        for (i, act) in fx.acts.iter().enumerate() {
            fwd_params.push(f.sig.params[i].clone());
            fwd_inputs.push(point[i].clone());
            if *act != ArgActivity::Out {
                continue;
            }
            let g = got[k];
            k += 1;
            let shifted = |sign: f64| {
                let mut p = point.clone();
                p[i] = Input::Num(num(&point[i]) + sign * h);
                primal(&module, &fx.function, &p).map(|r| r.0[0])
            };
            let fd = (shifted(1.0).map_err(|e| vec![at(e)])? - shifted(-1.0).map_err(|e| vec![at(e)])?) / (2.0 * h);
            if !close(g, fd, tol) {
                errs.push(at(format!("gradient of argument {i} is {g}, finite differences give {fd}")));
            }
            let v = 1.0 + 0.5 * i as f64;
            dot += g * v;
            fwd_params.push(f.sig.params[i].clone());
            fwd_inputs.push(Input::Num(v));
        }
        let tangent = call(&fwdmod, &fwd, &fwd_params, &fwd_inputs).and_then(|v| flatten(&v)).map_err(|e| vec![at(e)])?;
        if !close(tangent[0], dot, if single { 1e-5 } else { 1e-9 }) {
            errs.push(at(format!("dot-product test: forward mode gives <1, J v> = {}, reverse gives <J^T 1, v> = {dot}", tangent[0])));
        }
        if got[usize::from(fx.return_primal)..].iter().all(|g| *g == 0.0) {
            errs.push(at("every gradient is zero: the fixture checks nothing".into()));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

fn fixtures(sub: &str) -> Vec<PathBuf> {
    common::fixture_files(&format!("reverse/{sub}"))
}

#[test]
fn reverse_fixtures() {
    let files = fixtures("");
    let failures = common::failures(&files, check);
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    assert!(files.len() >= 10, "expected at least 10 reverse fixtures, found {}", files.len());
}

/// `tests/fixtures/reverse/refused/*.cir`: what reverse mode cannot differentiate yet is refused
/// with a diagnostic naming the instruction (`; error:` lines are substrings of the message).
#[test]
fn reverse_refusals() {
    let files = fixtures("refused");
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let fx = parse(&text).expect("fixture header");
        let module = parse_module(&text).expect("fixture parses");
        let mode = Mode::Reverse { return_primal: false, active_return: true };
        let req = Request { function: fx.function.clone(), args: fx.acts.clone(), width: 1, mode };
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        match generate(&module, req) {
            Ok(_) => failures.push(format!("{name}: generated, expected a refusal")),
            Err(errs) => {
                let msg = errs.join("\n");
                for want in text.lines().filter_map(|l| l.strip_prefix("; error:")) {
                    if !msg.contains(want.trim()) {
                        failures.push(format!("{name}: message lacks `{}`:\n{msg}", want.trim()));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(files.len() >= 4, "expected at least 4 refusal fixtures, found {}", files.len());
}
