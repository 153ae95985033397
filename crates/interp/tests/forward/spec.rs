//! The header of a forward-mode fixture: the request, the test points, and the expected
//! values; and the rewriting of expected values under `CATALASE_BLESS=1`.
//!
//! ```text
//! ; forward @f(dup, const, dupnoneed) width=2 return=primal,tangent
//! ; point: 0.5, 3, [1, 2, 4]          one input per argument: a number, [f64 array],
//! ;                                   f32[...] / i64[...] / i32[...] arrays, <vector lanes>
//! ; seed: 1, _, [0, 1, 0]             one line per tangent lane: a seed per argument
//! ; seed: 0, _, [1, 0, 0]             (`_` for const arguments)
//! ; expect: dret.0 = 1.25             observed values, written by CATALASE_BLESS=1
//! ```
//! Observed keys: `ret` (primal result), `dret.L` (returned tangent, lane L), `argI` (the
//! array behind pointer argument I after the call), `dargI.L` (its shadow, lane L).

/// Activity of one argument, as the fixture spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Const,
    Dup,
    DupNoNeed,
}

/// Element type of an array behind a pointer argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    F64,
    F32,
    I64,
    I32,
}

/// One argument's input (or seed).
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Num(f64),
    Array(Elem, Vec<f64>),
    Vector(Vec<f64>),
    /// `_`: no seed.
    None,
}

pub struct Point {
    pub args: Vec<Input>,
    /// One entry per lane, each one input per argument.
    pub seeds: Vec<Vec<Input>>,
    pub expect: Vec<(String, Vec<f64>)>,
    /// Line index after which blessed expectations go.
    last_line: usize,
}

pub struct Spec {
    pub function: String,
    pub acts: Vec<Act>,
    pub width: u32,
    pub return_primal: bool,
    pub return_tangent: bool,
    pub points: Vec<Point>,
}

pub fn parse(text: &str) -> Result<Spec, String> {
    let mut spec = None;
    let mut points: Vec<Point> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(body) = line.strip_prefix("; ") else { continue };
        let at = |e: String| format!("line {}: {e}", n + 1);
        if let Some(req) = body.strip_prefix("forward ") {
            spec = Some(request(req).map_err(at)?);
        } else if let Some(p) = body.strip_prefix("point:") {
            points.push(Point { args: inputs(p).map_err(at)?, seeds: vec![], expect: vec![], last_line: n });
        } else if let Some(s) = body.strip_prefix("seed:") {
            let p = points.last_mut().ok_or_else(|| at("seed before any point".into()))?;
            p.seeds.push(inputs(s).map_err(at)?);
            p.last_line = n;
        } else if let Some(e) = body.strip_prefix("expect:") {
            let p = points.last_mut().ok_or_else(|| at("expect before any point".into()))?;
            let (key, vals) = e.split_once('=').ok_or_else(|| at("expected `key = values`".into()))?;
            let vals = vals.split_whitespace().map(number).collect::<Result<Vec<_>, _>>().map_err(at)?;
            p.expect.push((key.trim().to_string(), vals));
        }
    }
    let mut spec = spec.ok_or("no `; forward @f(...)` line")?;
    for (i, p) in points.iter().enumerate() {
        if p.args.len() != spec.acts.len() || p.seeds.len() != spec.width as usize {
            return Err(format!("point {i}: needs {} inputs and {} seed lines", spec.acts.len(), spec.width));
        }
        if p.seeds.iter().any(|s| s.len() != spec.acts.len()) {
            return Err(format!("point {i}: a seed line needs one entry per argument"));
        }
    }
    if points.is_empty() {
        return Err("no `; point:` line".into());
    }
    spec.points = points;
    Ok(spec)
}

fn request(s: &str) -> Result<Spec, String> {
    let s = s.trim().strip_prefix('@').ok_or("expected `@name(...)`")?;
    let (name, rest) = s.split_once('(').ok_or("expected `(`")?;
    let (acts, opts) = rest.split_once(')').ok_or("expected `)`")?;
    let acts = acts
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| match a {
            "const" => Ok(Act::Const),
            "dup" => Ok(Act::Dup),
            "dupnoneed" => Ok(Act::DupNoNeed),
            _ => Err(format!("unknown activity `{a}`")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut spec =
        Spec { function: name.to_string(), acts, width: 1, return_primal: false, return_tangent: true, points: vec![] };
    for opt in opts.split_whitespace() {
        match opt.split_once('=') {
            Some(("width", w)) => spec.width = w.parse().map_err(|_| format!("bad width `{w}`"))?,
            Some(("return", r)) => {
                spec.return_primal = r.split(',').any(|x| x == "primal");
                spec.return_tangent = r.split(',').any(|x| x == "tangent");
            }
            _ => return Err(format!("unknown option `{opt}`")),
        }
    }
    Ok(spec)
}

fn number(s: &str) -> Result<f64, String> {
    s.trim().parse::<f64>().map_err(|_| format!("bad number `{s}`"))
}

/// A comma-separated list of inputs; commas inside brackets belong to the bracket.
pub fn inputs(s: &str) -> Result<Vec<Input>, String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '<' => depth += 1,
            ']' | '>' => depth -= 1,
            ',' if depth == 0 => {
                items.push(input(&s[start..i])?);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        items.push(input(&s[start..])?);
    }
    Ok(items)
}

fn input(s: &str) -> Result<Input, String> {
    let s = s.trim();
    let list = |body: &str| body.split(',').filter(|x| !x.trim().is_empty()).map(number).collect::<Result<Vec<_>, _>>();
    if s == "_" {
        return Ok(Input::None);
    }
    if let Some(body) = s.strip_prefix('<').and_then(|b| b.strip_suffix('>')) {
        return Ok(Input::Vector(list(body)?));
    }
    for (prefix, elem) in [("f32[", Elem::F32), ("i64[", Elem::I64), ("i32[", Elem::I32), ("[", Elem::F64)] {
        if let Some(body) = s.strip_prefix(prefix).and_then(|b| b.strip_suffix(']')) {
            return Ok(Input::Array(elem, list(body)?));
        }
    }
    Ok(Input::Num(number(s)?))
}

/// The fixture text with every `; expect:` line replaced by the observed values.
pub fn bless(text: &str, spec: &Spec, observed: &[Vec<(String, Vec<f64>)>]) -> String {
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with("; expect:") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        for (p, obs) in spec.points.iter().zip(observed) {
            if p.last_line == n {
                for (key, vals) in obs {
                    let vals: Vec<String> = vals.iter().map(|v| format!("{v:?}")).collect();
                    out.push_str(&format!("; expect: {key} = {}\n", vals.join(" ")));
                }
            }
        }
    }
    out
}
