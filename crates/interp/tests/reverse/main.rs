//! Reverse mode's generator on `.cir` fixtures, run in the interpreter. Every
//! `tests/fixtures/reverse/*.cir` names a function and a request:
//!
//! ```text
//! ; reverse @f(out, const, dup) return=primal  activities: out, const, dup (pointers)
//! ; point: 0.5, 3, [1, 2]                     one input per argument: a number, an array
//! ```
//! A `dup` float array gets a shadow holding seeds `w`, so the gradients are those of
//! `J = result + <w, the array after the call>`: the shadow after the call must hold ∂J/∂(the
//! array before it), element by element.
//! For each point, every generated function must pass the IR verifier, and the gradient of each
//! `out` argument and each element of a `dup` array must match (a) central finite differences of
//! the primal and (b) forward mode by the dot-product test: ⟨1, J·v⟩ from one forward derivative
//! with tangent v (in the arrays' shadows too) equals ⟨Jᵀ·1, v⟩ from the gradient. A fixture whose gradients are all zero checks nothing and fails.
//! A returned gradient that is zero must be +0.0 (adjoints sum from −0.0 inside).

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
use catalase_interp::Interpreter;
use catalase_ir::parser::parse_module;
use catalase_ir::verify::{verify_function, verify_module};
use catalase_ir::{Function, Module};

use common::{close, flatten, primal, read_back, setup};
use spec::{Elem, Input};

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

/// A call's result and, for each argument with a shadow, its shadow array after the call
/// (empty for the others).
fn call(module: &Module, name: &str, f: &Function, acts: &[ArgActivity], inputs: &[Input], shadows: &[Input]) -> Result<(Vec<f64>, Vec<Vec<f64>>), String> {
    let mut it = Interpreter::new(module).map_err(|e| e.to_string())?;
    let mut args = Vec::new();
    let mut shadow_args = Vec::new();
    for (i, (t, input)) in f.sig.params.iter().zip(inputs).enumerate() {
        args.push(setup(&mut it, t, input)?);
        if acts[i].has_shadow() {
            let s = setup(&mut it, t, &shadows[i])?;
            args.push(s.clone());
            shadow_args.push(Some(s));
        } else {
            shadow_args.push(None);
        }
    }
    let ret = it.call(name, &args).map_err(|e| format!("`{name}`: {e}"))?;
    let arrays = shadow_args
        .iter()
        .zip(shadows)
        .map(|(s, input)| match (s, input) {
            (Some(s), Input::Array(..)) => read_back(&it, s, input),
            _ => Ok(vec![]),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((flatten(&ret)?, arrays))
}

fn num(x: &Input) -> f64 {
    match x {
        Input::Num(v) => *v,
        _ => 0.0,
    }
}

/// The seed in the shadow of element `k` of pointer argument `i`: what the caller asks the
/// gradient of `<seed, memory after the call>` for.
fn seed(i: usize, k: usize) -> f64 {
    0.4 + 0.3 * k as f64 - 0.15 * i as f64
}

/// The shadows passed with a point: seeds (reverse) or a direction (forward) for float arrays
/// with a shadow, zeros for integer arrays; `None` for arguments without one.
fn shadow_inputs(acts: &[ArgActivity], point: &[Input], value: impl Fn(usize, usize) -> f64) -> Vec<Input> {
    acts.iter()
        .zip(point)
        .enumerate()
        .map(|(i, (act, input))| match (act.has_shadow(), input) {
            (true, Input::Array(e @ (Elem::F64 | Elem::F32), xs)) => Input::Array(*e, (0..xs.len()).map(|k| value(i, k)).collect()),
            (true, Input::Array(e, xs)) => Input::Array(*e, vec![0.0; xs.len()]),
            _ => Input::None,
        })
        .collect()
}

/// The objective the gradients are of: the result (seeded with 1.0) plus `<seed, array>` for
/// each float array with a shadow, after a primal call at `point`.
fn objective(module: &Module, fx: &Fixture, point: &[Input]) -> Result<f64, String> {
    let (ret, arrays) = primal(module, &fx.function, point)?;
    let mut j = ret.first().copied().unwrap_or(0.0);
    for (i, (act, input)) in fx.acts.iter().zip(point).enumerate() {
        if let (true, Input::Array(Elem::F64 | Elem::F32, _)) = (act.has_shadow(), input) {
            j += arrays[i].iter().enumerate().map(|(k, x)| seed(i, k) * x).sum::<f64>();
        }
    }
    Ok(j)
}

/// Each input coordinate the reverse call gives a gradient for: (argument, element or None
/// for a scalar).
fn coordinates(fx: &Fixture, point: &[Input]) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for (i, (act, input)) in fx.acts.iter().zip(point).enumerate() {
        match (act, input) {
            (ArgActivity::Out, _) => out.push((i, None)),
            (a, Input::Array(Elem::F64 | Elem::F32, xs)) if a.has_shadow() => out.extend((0..xs.len()).map(|k| (i, Some(k)))),
            _ => {}
        }
    }
    out
}

fn shifted(point: &[Input], (i, k): (usize, Option<usize>), by: f64) -> Vec<Input> {
    let mut p = point.to_vec();
    match (&mut p[i], k) {
        (Input::Array(_, xs), Some(k)) => xs[k] += by,
        (x, _) => *x = Input::Num(num(x) + by),
    }
    p
}

/// Check one fixture at every point.
fn check(path: &Path) -> Result<(), Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| vec![e.to_string()])?;
    let fx = parse(&text).map_err(|e| vec![e])?;
    let module = parse_module(&text).map_err(|e| vec![e.to_string()])?;
    verify_module(&module).map_err(|errs| errs.iter().map(|e| format!("fixture: {e}")).collect::<Vec<_>>())?;
    let f = &module.functions()[module.find_function(&fx.function).ok_or_else(|| vec!["no such function".to_string()])?];
    let mode = Mode::Reverse { return_primal: fx.return_primal, active_return: true };
    let (rev, revmod) = generate(&module, Request { function: fx.function.clone(), args: fx.acts.clone(), width: 1, mode, standins: false, strong_zero: false, fp80_clean: false })?;
    let fwd_acts: Vec<ArgActivity> = fx.acts.iter().map(|a| if *a == ArgActivity::Out { ArgActivity::Dup } else { *a }).collect();
    let (fwd, fwdmod) = generate(&module, Request::forward(fx.function.clone(), fwd_acts.clone(), 1))?;
    let single = text.contains("f32");
    let (h, tol) = if single { (1e-2, 2e-2) } else { (1e-6, 1e-5) };
    let mut errs = Vec::new();
    for (pi, point) in fx.points.iter().enumerate() {
        let at = |e: String| format!("point {pi}: {e}");
        let seeds = shadow_inputs(&fx.acts, point, seed);
        let (got, shadows) = call(&revmod, &rev, f, &fx.acts, point, &seeds).map_err(|e| vec![at(e)])?;
        let (ret, _) = primal(&module, &fx.function, point).map_err(|e| vec![at(e)])?;
        let mut outs = got.iter();
        if fx.return_primal {
            let g = outs.next().copied().unwrap_or(f64::NAN);
            if !close(g, ret[0], 1e-12) {
                errs.push(at(format!("primal result {g} but the primal gives {}", ret[0])));
            }
        }
        // Each gradient against finite differences, and ⟨Jᵀ·1, v⟩ for the dot-product test.
        let direction = |i: usize, k: usize| 1.0 + 0.5 * i as f64 - 0.125 * k as f64;
        let (mut dot, mut gradients) = (0.0, Vec::new());
        for c in coordinates(&fx, point) {
            let g = match c {
                (_, None) => outs.next().copied().unwrap_or(f64::NAN),
                (i, Some(k)) => shadows[i][k],
            };
            let j = |by: f64| objective(&module, &fx, &shifted(point, c, by)).map_err(|e| vec![at(e)]);
            let fd = (j(h)? - j(-h)?) / (2.0 * h);
            if !close(g, fd, tol) {
                errs.push(at(format!("gradient in argument {} element {:?} is {g}, finite differences give {fd}", c.0, c.1)));
            }
            if g == 0.0 && g.is_sign_negative() && c.1.is_none() {
                errs.push(at(format!("gradient in argument {} is -0.0: a zero gradient is returned as +0.0", c.0)));
            }
            dot += g * direction(c.0, c.1.unwrap_or(0));
            gradients.push(g);
        }
        // Forward mode along the same direction: ⟨1, J·v⟩ = the result's tangent plus
        // ⟨seed, tangent of each array⟩.
        let tangents = shadow_inputs(&fwd_acts, point, direction);
        let fwd_shadows: Vec<Input> = tangents
            .into_iter()
            .enumerate()
            .map(|(i, t)| if fx.acts[i] == ArgActivity::Out { Input::Num(direction(i, 0)) } else { t })
            .collect();
        let (tangent, arrays) = call(&fwdmod, &fwd, f, &fwd_acts, point, &fwd_shadows).map_err(|e| vec![at(e)])?;
        let mut jv = tangent.first().copied().unwrap_or(0.0);
        for (i, (act, input)) in fx.acts.iter().zip(point).enumerate() {
            if let (true, Input::Array(Elem::F64 | Elem::F32, _)) = (act.has_shadow(), input) {
                jv += arrays[i].iter().enumerate().map(|(k, t)| seed(i, k) * t).sum::<f64>();
            }
        }
        if !close(jv, dot, if single { 1e-5 } else { 1e-9 }) {
            errs.push(at(format!("dot-product test: forward mode gives <1, J v> = {jv}, reverse gives <J^T 1, v> = {dot}")));
        }
        if gradients.iter().all(|g| *g == 0.0) {
            errs.push(at("every gradient is zero: the fixture checks nothing".into()));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// The seed of element `k` of pointer argument `i` in lane `l` of a batched gradient.
fn lane_seed(l: usize, i: usize, k: usize) -> f64 {
    seed(i, k) * (1.0 + 0.5 * l as f64) - 0.25 * l as f64
}

/// Batched reverse (`enzyme_width`): lane `l` of one width-3 gradient, seeded with
/// [`lane_seed`], equals a width-1 gradient with the same seeds, in every `out` gradient and
/// every shadow array; the primal result (when returned) is the width-1 one.
fn check_batched(path: &Path) -> Result<(), Vec<String>> {
    const W: usize = 3;
    let text = std::fs::read_to_string(path).map_err(|e| vec![e.to_string()])?;
    let fx = parse(&text).map_err(|e| vec![e])?;
    let module = parse_module(&text).map_err(|e| vec![e.to_string()])?;
    let f = &module.functions()[module.find_function(&fx.function).ok_or_else(|| vec!["no such function".to_string()])?];
    let mode = Mode::Reverse { return_primal: fx.return_primal, active_return: true };
    let req = |width| Request { function: fx.function.clone(), args: fx.acts.clone(), width, mode, standins: false, strong_zero: false, fp80_clean: false };
    let (one, onemod) = generate(&module, req(1))?;
    let (batched, batchedmod) = generate(&module, req(W as u32))?;
    let outs = fx.acts.iter().filter(|a| **a == ArgActivity::Out).count();
    let lead = usize::from(fx.return_primal);
    let mut errs = Vec::new();
    for (pi, point) in fx.points.iter().enumerate() {
        let at = |e: String| format!("point {pi}: {e}");
        let seeds: Vec<Vec<Input>> = (0..W).map(|l| shadow_inputs(&fx.acts, point, |i, k| lane_seed(l, i, k))).collect();
        let mut it = Interpreter::new(&batchedmod).map_err(|e| vec![e.to_string()])?;
        let mut args = Vec::new();
        let mut lanes: Vec<Vec<catalase_interp::Val>> = Vec::new();
        for (i, (t, input)) in f.sig.params.iter().zip(point).enumerate() {
            args.push(setup(&mut it, t, input).map_err(|e| vec![at(e)])?);
            let shadows: Vec<_> = if fx.acts[i].has_shadow() {
                (0..W).map(|l| setup(&mut it, t, &seeds[l][i])).collect::<Result<_, _>>().map_err(|e| vec![at(e)])?
            } else {
                vec![]
            };
            if !shadows.is_empty() {
                args.push(catalase_interp::Val::Agg(shadows.clone()));
            }
            lanes.push(shadows);
        }
        let ret = it.call(&batched, &args).map_err(|e| vec![at(format!("`{batched}`: {e}"))])?;
        let flat = flatten(&ret).map_err(|e| vec![at(e)])?;
        for l in 0..W {
            let (want, want_arrays) = call(&onemod, &one, f, &fx.acts, point, &seeds[l]).map_err(|e| vec![at(e)])?;
            let mut got: Vec<f64> = flat[..lead].to_vec();
            got.extend((0..outs).map(|k| flat[lead + k * W + l]));
            if got.len() != want.len() || got.iter().zip(&want).any(|(g, w)| !close(*g, *w, 1e-12)) {
                errs.push(at(format!("lane {l}: batched gradients {got:?}, width 1 gives {want:?}")));
            }
            for (i, input) in point.iter().enumerate() {
                if let (Some(s), Input::Array(..)) = (lanes[i].get(l), &seeds[l][i]) {
                    let got = read_back(&it, s, &seeds[l][i]).map_err(|e| vec![at(e)])?;
                    if got.iter().zip(&want_arrays[i]).any(|(g, w)| !close(*g, *w, 1e-12)) {
                        errs.push(at(format!("lane {l}, shadow of argument {i} ({input:?}): batched {got:?}, width 1 {:?}", want_arrays[i])));
                    }
                }
            }
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// Every reverse fixture, batched at width 3, against three width-1 gradients. A fixture that
/// moves derivatives through a mutable global is refused at width N (its one shadow would be
/// shared by the lanes); that refusal is the only one allowed.
#[test]
fn reverse_fixtures_batched() {
    let files = fixtures("");
    let check = |p: &Path| match check_batched(p) {
        Err(e) if e.len() == 1 && e[0].contains("would be shared by the 3 lanes") => Ok(()),
        other => other,
    };
    let failures = common::failures(&files, check);
    assert!(failures.is_empty(), "{} of {} fixtures failed batched:\n{}", failures.len(), files.len(), failures.join("\n"));
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
        let req = Request { function: fx.function.clone(), args: fx.acts.clone(), width: 1, mode, standins: false, strong_zero: false, fp80_clean: false };
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
