//! The fixture harness for analyses: every `tests/fixtures/{cfg,dom,loops,activity,types,modref}/*.cir`.
//!
//! A fixture is a `.cir` module whose first line names the test: `; test cfg`, `; test dom`,
//! `; test loops`, `; test activity args=1,0 ret=1 [fn=name] [inactive=printf,puts]`.
//! Expectations are comments on the line of the entity they describe — a block header or an
//! instruction — as space-separated `key=value` facts, or bare words (`active`, `header`). Only
//! the facts written are checked ("peek at one fact at one place"). Lists are comma-separated,
//! `-` is empty/none. Keys, on block header lines unless said otherwise:
//!
//! - cfg: `succs` `preds` (one per edge), `rpo` (index), `reachable` (yes/no),
//!   `exit` (ret/unreachable/resume/no).
//! - dom: `idom`, `children` (in reverse post-order), `df`, `ipdom` (`exit` = the virtual exit,
//!   `-` = reaches no exit), `pdf` (post-dominance frontier).
//! - loops: bare `header`/`body`/`outside`; `depth`, `loop` (innermost header); for headers
//!   `blocks` `latches` `preheader` `exiting` `exits` `parent` `ivs` `iv` `start` `step` `trip`
//!   (header runs, e.g. `smax(v1,0)+1`).
//! - activity: bare `active`/`inactive` on instruction lines (the instruction needs derivative
//!   code: its result has a shadow), and for results `varied` `useful` `mixed` (yes/no);
//!   `vN=active|inactive` per block parameter on block lines. Only the function under test
//!   (`fn=`, else the first definition) is checked.
//! - types (`; test types [fn=root] [loose=1]`): on instruction lines, the bare word is the
//!   result's type (`f64` `f32` `int` `ptr` `any` `unknown`), `*` the layer of the memory the
//!   result points to (`0:ptr,8:f64,16+8k:f64`, `-` when empty), `**` the memory the pointer at
//!   its offset 0 points to, `deduce` what a generator asking for the result's type gets
//!   (`f64`, `f64?` when guessed under `loose=1`, `error`); `opN`, `*opN`, `**opN` the same for
//!   operand N. On block lines `vN`, `*vN`, `**vN` per parameter. Every defined function the
//!   root reaches is checked.
//! - modref (`; test modref [fn=name]`): on instruction lines `w` and `r`, the locations the
//!   instruction may write and read (`arg0+8..16`, `v5` for an allocation, `global:g`,
//!   `unknown`, `v7(arg0)+0..8` for bytes from another base, comma-separated, `-` for none), and
//!   `overwritten` (`yes`/`no`): whether what it reads may be overwritten before the function
//!   returns. Only the function under test is checked.
//!
//! `CATALASE_BLESS=1 cargo test -p catalase-analysis --test fixtures` rewrites the values of the
//! written facts with what the analyses compute.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use catalase_analysis::activity::{self, Activity};
use catalase_analysis::cfg::{self, Cfg, ExitKind};
use catalase_analysis::dom::{self, DomTree, PostDomTree};
use catalase_analysis::loops::{self, LoopInfo};
use catalase_analysis::modref::{self, ModRef};
use catalase_analysis::types::{self, FunctionTypes};
use catalase_ir::{Block, FuncId, Function, Inst, Module, Value};

/// The analyses of one function, as one kind of fixture needs them.
enum Facts {
    Cfg(Cfg),
    Dom(DomTree, PostDomTree),
    Loops(LoopInfo),
    Activity(Activity),
    Types(FunctionTypes, bool),
    ModRef(ModRef),
}

/// The test line: kind and options.
struct Header {
    kind: String,
    args: Vec<bool>,
    ret: bool,
    func: Option<String>,
    inactive: HashSet<String>,
    loose: bool,
}

fn parse_header(line: &str) -> Result<Header, String> {
    let rest = line.trim().strip_prefix(';').map(str::trim).and_then(|l| l.strip_prefix("test "));
    let rest = rest.ok_or("first line must be `; test <kind> ...`")?;
    let mut words = rest.split_whitespace();
    let kind = words.next().ok_or("missing test kind")?.to_string();
    let mut h = Header { kind, args: Vec::new(), ret: false, func: None, inactive: HashSet::new(), loose: false };
    for w in words {
        let (k, v) = w.split_once('=').ok_or(format!("option `{w}` is not key=value"))?;
        match k {
            "args" => h.args = v.split(',').filter(|s| !s.is_empty()).map(|s| s == "1").collect(),
            "ret" => h.ret = v == "1",
            "fn" => h.func = Some(v.to_string()),
            "inactive" => h.inactive = v.split(',').map(str::to_string).collect(),
            "loose" => h.loose = v == "1",
            _ => return Err(format!("unknown option `{k}`")),
        }
    }
    Ok(h)
}

fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let v: Vec<String> = items.into_iter().map(|x| x.to_string()).collect();
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(",")
    }
}

fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or("-".to_string(), |x| x.to_string())
}

fn value_or_const(f: &Function, v: Value) -> String {
    f.dfg.const_int(v).map_or(v.to_string(), |c| c.to_string())
}

/// Facts about a block, by key (`""` is the fact a bare word names).
fn block_facts(f: &Function, facts: &Facts, b: Block) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    match facts {
        Facts::Cfg(cfg) => {
            put("succs", list(cfg.successors(b)));
            put("preds", list(cfg.predecessors(b)));
            put("rpo", opt(cfg.rpo_index(b)));
            put("reachable", if cfg.is_reachable(b) { "yes" } else { "no" }.into());
            let exit = match cfg.exit_kind(b) {
                Some(ExitKind::Return) => "ret",
                Some(ExitKind::Unreachable) => "unreachable",
                Some(ExitKind::Resume) => "resume",
                None => "no",
            };
            put("exit", exit.into());
        }
        Facts::Dom(d, pd) => {
            put("idom", opt(d.idom(b)));
            put("children", list(d.children(b)));
            put("df", list(d.frontier(b)));
            let ipdom = match pd.ipdom(b) {
                Some(x) => x.to_string(),
                None if pd.reaches_exit(b) => "exit".into(),
                None => "-".into(),
            };
            put("ipdom", ipdom);
            put("pdf", list(pd.frontier(b)));
        }
        Facts::Loops(info) => loop_facts(f, info, b, &mut put),
        Facts::Activity(act) => {
            for &p in f.dfg.block_params(b) {
                put(&p.to_string(), if act.is_active_value(p) { "active" } else { "inactive" }.into());
            }
        }
        Facts::Types(t, _) => {
            for &p in f.dfg.block_params(b) {
                type_facts(t, p, &p.to_string(), &mut put);
            }
        }
        Facts::ModRef(_) => {}
    }
    out
}

/// `name` (the value's type), `*name` and `**name` (what it points to, two levels).
fn type_facts(t: &FunctionTypes, v: Value, name: &str, put: &mut dyn FnMut(&str, String)) {
    put(name, t.value_type(v).to_string());
    let mem = t.pointee(v);
    put(&format!("*{name}"), mem.to_string());
    let deeper = mem.cell_at(0).pointee.map(|b| b.to_string()).unwrap_or_else(|| "-".into());
    put(&format!("**{name}"), deeper);
}

fn loop_facts(f: &Function, info: &LoopInfo, b: Block, put: &mut dyn FnMut(&str, String)) {
    let inner = info.loop_of(b).and_then(|id| info.get(id));
    put("depth", info.depth(b).to_string());
    put("loop", opt(inner.map(|l| l.header)));
    let own = info.loop_with_header(b).and_then(|id| info.get(id));
    put("", if own.is_some() { "header" } else if inner.is_some() { "body" } else { "outside" }.into());
    put("blocks", list(own.iter().flat_map(|l| l.blocks.iter())));
    put("latches", list(own.iter().flat_map(|l| l.latches.iter())));
    put("preheader", opt(own.and_then(|l| l.preheader)));
    put("exiting", list(own.iter().flat_map(|l| l.exiting.iter())));
    put("exits", list(own.iter().flat_map(|l| l.exits.iter())));
    put("parent", opt(own.and_then(|l| l.parent).and_then(|p| info.get(p)).map(|p| p.header)));
    put("ivs", list(own.iter().flat_map(|l| l.ivs.iter().map(|iv| iv.param))));
    let iv = own.and_then(|l| l.canonical_iv());
    put("iv", opt(iv.map(|iv| iv.param)));
    put("start", opt(iv.map(|iv| value_or_const(f, iv.init))));
    put("step", opt(iv.map(|iv| iv.step)));
    put("trip", opt(own.and_then(|l| l.trip_count.as_ref()).map(|t| t.header_runs.to_string())));
}

/// Facts about an instruction.
fn inst_facts(f: &Function, facts: &Facts, i: Inst) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    match facts {
        Facts::Activity(act) => {
            put("", if act.is_active_inst(i) { "active" } else { "inactive" }.to_string());
            if let Some(r) = f.dfg.result(i) {
                let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
                put("varied", yes(act.is_varied(r)));
                put("useful", yes(act.is_useful(r)));
                put("mixed", yes(act.is_mixed(r)));
            }
        }
        Facts::Types(t, loose) => {
            if let Some(r) = f.dfg.result(i) {
                type_facts(t, r, "", &mut put);
                let deduced = match t.deduce_value(f, r, *loose) {
                    Ok(d) if d.warning.is_some() => format!("{}?", d.ty),
                    Ok(d) => d.ty.to_string(),
                    Err(_) => "error".into(),
                };
                put("deduce", deduced);
            }
            for (n, &v) in f.dfg.inst(i).operands().iter().enumerate() {
                type_facts(t, v, &format!("op{n}"), &mut put);
            }
        }
        Facts::ModRef(mr) => {
            let show = |locs: &[modref::Loc]| {
                let mut v: Vec<String> = locs.iter().map(|l| mr.describe(f, l)).collect();
                v.sort();
                v.dedup();
                list(v)
            };
            let e = mr.effect(i);
            put("w", show(&e.writes));
            put("r", show(&e.reads));
            put("overwritten", if mr.may_be_overwritten(f, i, None) { "yes" } else { "no" }.into());
        }
        _ => {}
    }
    out
}

fn analyse(kind: &str, id: FuncId, m: &Module, h: &Header) -> Result<Facts, String> {
    let f = m.function(id);
    let err = |e: catalase_analysis::AnalysisError| e.to_string();
    let cfg = cfg::analyse(f).map_err(err)?;
    Ok(match kind {
        "cfg" => Facts::Cfg(cfg),
        "dom" => Facts::Dom(dom::analyse(f, &cfg).map_err(err)?, dom::post_dominators(f, &cfg).map_err(err)?),
        "loops" => {
            let d = dom::analyse(f, &cfg).map_err(err)?;
            Facts::Loops(loops::analyse(f, &cfg, &d).map_err(err)?)
        }
        "activity" => Facts::Activity(activity::analyse(f, m, &h.args, h.ret, &activity::ByName::new(m, &h.inactive)).map_err(err)?),
        "types" => {
            let root = match &h.func {
                Some(name) => m.find_function(name).ok_or(format!("no function `{name}`"))?,
                None => m.functions().iter().find(|(_, g)| !g.is_declaration()).map(|(id, _)| id).ok_or("no definition")?,
            };
            let res = types::analyse(m, root, &types::ArgTypes::default()).map_err(err)?;
            let t = res.function(id).ok_or(format!("`{}` is not reached from the root", f.name))?;
            Facts::Types(t.clone(), h.loose)
        }
        "modref" => Facts::ModRef(modref::analyse(f, m).map_err(err)?),
        _ => return Err(format!("unknown test kind `{kind}`")),
    })
}

/// Split a line at its first `;` outside a string literal.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            ';' if !in_str => return (&line[..i], Some(&line[i + 1..])),
            _ => {}
        }
    }
    (line, None)
}

/// What a code line is.
enum LineKind {
    Item,
    Block,
    Inst,
    Other,
}

fn classify(code: &str, in_body: bool) -> LineKind {
    let t = code.trim();
    if t.starts_with("func ") || t.starts_with("declare ") {
        return LineKind::Item;
    }
    if !in_body || t.is_empty() || t == "}" {
        return LineKind::Other;
    }
    if t.starts_with("block") && t.ends_with(':') {
        return LineKind::Block;
    }
    let mut w = t.split_whitespace();
    let first = w.next().unwrap_or("");
    if first.starts_with('v') && !first.ends_with(':') && w.next() == Some("=") && w.next() == Some("const") {
        return LineKind::Other;
    }
    LineKind::Inst
}

/// Check (or bless) one fixture; returns the failures.
fn run_fixture(path: &Path, bless: bool) -> Vec<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return vec![format!("{}: {e}", path.display())],
    };
    let fail = |line: usize, msg: String| format!("{}:{}: {msg}", path.display(), line);
    let header = match parse_header(text.lines().next().unwrap_or("")) {
        Ok(h) => h,
        Err(e) => return vec![fail(1, e)],
    };
    let module = match catalase_ir::parser::parse_module(&text) {
        Ok(m) => m,
        Err(e) => return vec![format!("{}:{e}", path.display())],
    };
    let target = match &header.func {
        Some(name) => module.find_function(name),
        None => module.functions().iter().find(|(_, f)| !f.is_declaration()).map(|(id, _)| id),
    };
    let mut failures = Vec::new();
    let mut out = String::new();
    let mut checks = 0;
    let mut items = module.functions().iter();
    let mut current: Option<(&Function, Result<Facts, String>)> = None;
    let (mut block_no, mut inst_no, mut in_body) = (0usize, 0usize, false);
    for (n, line) in text.lines().enumerate() {
        let (code, comment) = split_comment(line);
        let mut entity: Option<(Option<Block>, Option<Inst>)> = None;
        match classify(code, in_body) {
            LineKind::Item => {
                let item = items.next();
                in_body = code.trim_end().ends_with('{');
                (block_no, inst_no) = (0, 0);
                current = item.filter(|(id, f)| {
                    !f.is_declaration() && (!["activity", "modref"].contains(&header.kind.as_str()) || Some(*id) == target)
                })
                .map(|(id, f)| (f, analyse(&header.kind, id, &module, &header)));
                if let Some((f, Err(e))) = &current {
                    failures.push(fail(n + 1, format!("analysing `{}`: {e}", f.name)));
                }
            }
            LineKind::Block => {
                entity = current.as_ref().map(|(f, _)| (f.layout.blocks().nth(block_no), None));
                block_no += 1;
            }
            LineKind::Inst => {
                entity = current.as_ref().map(|(f, _)| (None, f.insts_in_order().get(inst_no).copied()));
                inst_no += 1;
            }
            LineKind::Other => in_body &= code.trim() != "}",
        }
        let (Some(comment), Some((f, Ok(facts))), Some((b, i))) = (comment, current.as_ref(), entity) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let actual = match (b, i) {
            (Some(b), _) => block_facts(f, facts, b),
            (_, Some(i)) => inst_facts(f, facts, i),
            _ => Vec::new(),
        };
        let at = |msg: String| fail(n + 1, msg);
        let blessed = check_tokens(comment, &actual, &at, &mut failures, &mut checks);
        let _ = writeln!(out, "{code}; {blessed}");
    }
    if checks == 0 {
        failures.push(fail(1, "no expectations".into()));
    }
    if bless && out != text {
        if let Err(e) = std::fs::write(path, &out) {
            failures.push(format!("{}: {e}", path.display()));
        }
        return failures.into_iter().filter(|f| f.contains("no fact") || !f.contains("expected")).collect();
    }
    failures
}

/// Check the facts written in `comment` against `actual`; returns the comment with every
/// written fact's value replaced by the computed one (what bless writes).
fn check_tokens(
    comment: &str,
    actual: &[(String, String)],
    at: &dyn Fn(String) -> String,
    failures: &mut Vec<String>,
    checks: &mut usize,
) -> String {
    let mut blessed = Vec::new();
    for token in comment.split_whitespace() {
        let (key, want) = token.split_once('=').unwrap_or(("", token));
        *checks += 1;
        match actual.iter().find(|(k, _)| k == key) {
            Some((_, got)) if got == want => blessed.push(token.to_string()),
            Some((_, got)) => {
                failures.push(at(format!("expected `{token}`, found `{}`", fact(key, got))));
                blessed.push(fact(key, got));
            }
            None => {
                failures.push(at(format!("no fact `{key}` here (known: {})", keys(actual))));
                blessed.push(token.to_string());
            }
        }
    }
    blessed.join(" ")
}

fn fact(key: &str, value: &str) -> String {
    if key.is_empty() {
        value.to_string()
    } else {
        format!("{key}={value}")
    }
}

fn keys(facts: &[(String, String)]) -> String {
    list(facts.iter().map(|(k, _)| if k.is_empty() { "<word>" } else { k.as_str() }))
}

fn fixture_files(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "cir")).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn run_kind(kind: &str) {
    let bless = std::env::var("CATALASE_BLESS").is_ok_and(|v| v == "1");
    let files = fixture_files(kind);
    assert!(files.len() >= 5, "expected at least 5 fixtures in tests/fixtures/{kind}, found {}", files.len());
    let failures: Vec<String> = files.iter().flat_map(|p| run_fixture(p, bless)).collect();
    assert!(failures.is_empty(), "{} fixture failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn cfg_fixtures() {
    run_kind("cfg");
}

#[test]
fn dom_fixtures() {
    run_kind("dom");
}

#[test]
fn loops_fixtures() {
    run_kind("loops");
}

#[test]
fn activity_fixtures() {
    run_kind("activity");
}

#[test]
fn types_fixtures() {
    run_kind("types");
}

#[test]
fn modref_fixtures() {
    run_kind("modref");
}
