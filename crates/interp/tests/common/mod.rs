//! What the fixture harnesses of every mode share: turning fixture inputs into interpreter
//! values, reading results and arrays back as numbers, running the primal (for finite
//! differences), and the tolerance test.

use catalase_interp::{Interpreter, Val};
use catalase_ir::{Module, Type};

use crate::spec::{Elem, Input};

pub fn setup(it: &mut Interpreter, ty: &Type, input: &Input) -> Result<Val, String> {
    let e = |e: catalase_interp::Error| e.to_string();
    Ok(match (ty, input) {
        (Type::F64, Input::Num(x)) => Val::F64(*x),
        (Type::F32, Input::Num(x)) => Val::F32(*x as f32),
        (Type::Int(_), Input::Num(x)) => Val::Int(*x as i64 as u64 as u128),
        (Type::Vector(_, t), Input::Vector(xs)) => Val::Vec(xs.iter().map(|x| Val::float(t, *x)).collect::<Result<_, _>>().map_err(e)?),
        (Type::Ptr(_), Input::Array(elem, xs)) => {
            let (t, items) = array_vals(*elem, xs);
            Val::Ptr(it.alloc_array(&t, &items).map_err(e)?)
        }
        (t, i) => return Err(format!("input {i:?} does not fit a {t}")),
    })
}

pub fn array_vals(elem: Elem, xs: &[f64]) -> (Type, Vec<Val>) {
    match elem {
        Elem::F64 => (Type::F64, xs.iter().map(|x| Val::F64(*x)).collect()),
        Elem::F32 => (Type::F32, xs.iter().map(|x| Val::F32(*x as f32)).collect()),
        Elem::I64 => (Type::I64, xs.iter().map(|x| Val::i64(*x as i64)).collect()),
        Elem::I32 => (Type::I32, xs.iter().map(|x| Val::i32(*x as i32)).collect()),
    }
}

pub fn read_back(it: &Interpreter, arg: &Val, input: &Input) -> Result<Vec<f64>, String> {
    let (Val::Ptr(p), Input::Array(elem, xs)) = (arg, input) else { return Err("not an array".into()) };
    let (t, _) = array_vals(*elem, &[]);
    let vals = it.read_array(&t, *p, xs.len()).map_err(|e| e.to_string())?;
    flatten(&Val::Agg(vals))
}

pub fn flatten(v: &Val) -> Result<Vec<f64>, String> {
    match v {
        Val::F64(_) | Val::F32(_) => Ok(vec![v.as_f64().unwrap_or(f64::NAN)]),
        Val::Int(x) => Ok(vec![*x as i64 as f64]),
        Val::Vec(items) | Val::Agg(items) => Ok(items.iter().map(flatten).collect::<Result<Vec<_>, _>>()?.concat()),
        Val::Void => Ok(vec![]),
        other => Err(format!("result is {other:?}")),
    }
}

/// The primal's result and the arrays behind its pointer arguments after the call.
pub fn primal(module: &Module, function: &str, inputs: &[Input]) -> Result<(Vec<f64>, Vec<Vec<f64>>), String> {
    let f = &module.functions()[module.find_function(function).ok_or("no such function")?];
    let mut it = Interpreter::new(module).map_err(|e| e.to_string())?;
    let args = f.sig.params.iter().zip(inputs).map(|(t, i)| setup(&mut it, t, i)).collect::<Result<Vec<_>, _>>()?;
    let ret = it.call(function, &args).map_err(|e| format!("primal: {e}"))?;
    let arrays = args
        .iter()
        .zip(inputs)
        .map(|(a, i)| if matches!(i, Input::Array(..)) { read_back(&it, a, i) } else { Ok(vec![]) })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((flatten(&ret)?, arrays))
}

pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}


/// The `.cir` fixtures under `tests/fixtures/<dir>`, sorted.
pub fn fixture_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(dir);
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cir"))
        .collect();
    files.sort();
    files
}

/// Run `check` on every fixture; one report per failing fixture (its name, then its errors).
pub fn failures<T>(files: &[std::path::PathBuf], check: impl Fn(&std::path::Path) -> Result<T, Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for path in files {
        if let Err(errs) = check(path) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            out.push(format!("{name}:\n  {}", errs.join("\n  ")));
        }
    }
    out
}
