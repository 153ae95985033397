//! Robustness harness for the LLVM boundary (issue 6): a deterministic, seeded mutation loop.
//!
//! Reading: valid modules (the C seeds of `tests/fixtures/robustness/` compiled with clang-22
//! at -O0 and -O2, a hand-written `.ll`, and their bitcode) are mutated at random (byte flips,
//! truncation, line deletion/duplication, token swaps, random bytes) and given to `read_module`,
//! which must return a module or a `MalformedInput` diagnostic and never panic. Transforming: the
//! `__enzyme_fwddiff` marker calls of those modules are mutated structurally at the text level
//! (arguments dropped, duplicated, retyped, markers renamed or inserted, function operands
//! replaced, malformed registration globals added); every mutant that parses and verifies goes
//! through `process_module`, which must return `Ok` with a module that verifies, or errors none
//! of which is `Internal`. Unmutated seeds and every `tests/programs/*.c` at -O0/-O2 must succeed.
//!
//! Known bugs are inputs under `tests/fixtures/robustness/found/` whose first line is
//! `; KNOWN-BUG: <text>`: a finding whose description contains that text is reported, not failed.
//! Removing the line turns the file into a regression test (`found_inputs_are_handled`).
//! `ROBUST_CASES=N` changes the number of cases per loop, `ROBUST_SEED=S` the seed,
//! `ROBUST_SAVE=1` writes new findings (reduced) to `found/`.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

use catalase_ir::diag::DiagKind;
use catalase_llvm::driver::process_module;
use catalase_llvm::module_io::{is_bitcode, read_module, OwnedContext};
use catalase_llvm::options::Options;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture_dir() -> PathBuf {
    repo_root().join("tests/fixtures/robustness")
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// Panics: a process-wide hook records the message per thread instead of printing it.

thread_local! {
    /// `Some` while `catching` runs on this thread; then the last panic's message.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `work`, turning a panic into `Err(message)` (not printed; other panics print as usual).
fn catching<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned());
            let at = info.location().map(|l| format!(" (at {}:{})", l.file(), l.line())).unwrap_or_default();
            let caught = LAST_PANIC.with(|last| last.borrow_mut().as_mut().map(|m| *m = format!("{}{at}", text.unwrap_or_default())).is_some());
            if !caught {
                previous(info);
            }
        }));
    });
    LAST_PANIC.with(|last| *last.borrow_mut() = Some("panic".to_string()));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    let message = LAST_PANIC.with(|last| last.borrow_mut().take());
    result.map_err(|_| message.unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Seeds.

/// One valid input module: a name and its text IR.
#[derive(Clone)]
struct Seed {
    name: String,
    text: String,
}

/// clang-22 -S -emit-llvm of `src` at `level` with `flags`; `None` (and a notice) on failure.
fn compile_c(src: &Path, level: &str, flags: &[String]) -> Option<String> {
    let out = std::env::temp_dir().join(format!(
        "catalase-robust-{}-{}-{level}.ll",
        std::process::id(),
        src.file_stem()?.to_string_lossy()
    ));
    let status = Command::new("clang-22")
        .arg(format!("-{level}"))
        .args(["-S", "-emit-llvm", "-fno-discard-value-names", "-w", "-o"])
        .arg(&out)
        .args(flags)
        .arg(src)
        .status();
    let text = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&out).ok(),
        Ok(_) => {
            eprintln!("notice: clang-22 failed on {}", src.display());
            None
        }
        Err(_) => None,
    };
    let _ = std::fs::remove_file(&out);
    text
}

fn clang_available() -> bool {
    let ok = Command::new("clang-22").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(ok, "clang-22 is required by this test and was not found: install LLVM 22 (scripts/install-deps.sh)");
    ok
}

/// The hand-written `.ll` seeds plus the C seeds compiled at -O0 and -O2.
fn seeds() -> Vec<Seed> {
    let mut seeds = Vec::new();
    let files = list_dir(&fixture_dir(), &["ll", "c"]);
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "ll")) {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        seeds.push(Seed { name: file_name(path), text });
    }
    if clang_available() {
        for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "c")) {
            for level in ["O0", "O2"] {
                if let Some(text) = compile_c(path, level, &[]) {
                    seeds.push(Seed { name: format!("{}@{level}", file_name(path)), text });
                }
            }
        }
    }
    assert!(!seeds.is_empty(), "no seeds in {}", fixture_dir().display());
    seeds
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Findings.

/// One bug found: what went wrong and the input that shows it.
struct Finding {
    what: String,
    input: Vec<u8>,
    origin: String,
}

/// The `; KNOWN-BUG:` texts of `found/`: the first line of a `.ll` file, or of the `.known`
/// file beside a `.bc` file.
fn known_bugs() -> Vec<String> {
    let files = list_dir(&fixture_dir().join("found"), &["ll", "known"]);
    let firsts = files.iter().map(|p| std::fs::read_to_string(p).unwrap_or_default().lines().next().unwrap_or("").to_string());
    firsts.filter_map(|l| l.strip_prefix("; KNOWN-BUG:").map(|b| b.trim().to_string())).filter(|b| !b.is_empty()).collect()
}

/// The files of `dir` with one of `extensions`, sorted.
fn list_dir(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)));
    files.sort();
    files
}

/// Print every finding; save new ones when `ROBUST_SAVE` is set; fail on findings not known.
fn report(test: &str, cases: u64, counts: &[(&str, u64)], findings: Vec<Finding>) {
    let counted: Vec<String> = counts.iter().map(|(k, n)| format!("{k}={n}")).collect();
    println!("{test}: {cases} cases: {}", counted.join(" "));
    let known = known_bugs();
    let mut unknown = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in findings {
        let is_known = known.iter().any(|k| !k.is_empty() && f.what.contains(k.as_str()));
        let key = signature(&f.what);
        if !seen.insert(key.clone()) {
            continue;
        }
        println!("  {} finding [{}]: {}", if is_known { "known" } else { "NEW" }, f.origin, f.what);
        if std::env::var_os("ROBUST_SAVE").is_some() && !is_known {
            save_finding(test, &key, &f);
        }
        if !is_known {
            unknown.push(f.what);
        }
    }
    assert!(unknown.is_empty(), "{test}: {} new finding(s):\n{}", unknown.len(), unknown.join("\n"));
}

/// A finding's description without digits and value names, to group repeats.
fn signature(what: &str) -> String {
    let mut out = String::new();
    let mut in_name = false;
    for c in what.lines().next().unwrap_or("").chars() {
        in_name = c == '%' || c == '@' || (in_name && (c.is_alphanumeric() || c == '.' || c == '_'));
        if !in_name && !c.is_ascii_digit() {
            out.push(c);
        }
    }
    out
}

fn save_finding(test: &str, key: &str, f: &Finding) {
    let dir = fixture_dir().join("found");
    let _ = std::fs::create_dir_all(&dir);
    let slug: String = key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(40).collect();
    let is_text = std::str::from_utf8(&f.input).is_ok() && !is_bitcode(&f.input);
    let path = dir.join(format!("{test}-{slug}.{}", if is_text { "ll" } else { "bc" }));
    let header = format!("; KNOWN-BUG: {}\n; from {}\n", f.what.lines().next().unwrap_or(""), f.origin);
    if is_text {
        let _ = std::fs::write(&path, [header.as_bytes(), &f.input].concat());
    } else {
        let _ = std::fs::write(&path, &f.input);
        let _ = std::fs::write(path.with_extension("bc.known"), header);
    }
    println!("  saved {}", path.display());
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// What reading `bytes` did: Ok(true) read, Ok(false) a clean error, Err(finding text).
fn check_read(bytes: &[u8]) -> Result<bool, String> {
    if let Some(path) = std::env::var_os("ROBUST_TRACE") {
        let _ = std::fs::write(path, bytes);
    }
    let outcome = catching(|| {
        let ctx = OwnedContext::new();
        let result = match read_module(&ctx, bytes, "fuzz.ll") {
            // A module that reads must also survive verification and printing.
            Ok(module) => {
                let _ = (module.verify(), module.print_to_string());
                Ok(true)
            }
            Err(d) if d.kind == DiagKind::MalformedInput => Ok(false),
            Err(d) => Err(format!("read_module gave a {} diagnostic: {}", d.kind.name(), d.message)),
        };
        result
    });
    outcome.unwrap_or_else(|panic| Err(format!("read_module panicked: {panic}")))
}

/// The `catalase` binary next to this test's target folder (`target/<profile>/catalase`), or
/// `None` with a notice: build it with `cargo build --release -p catalase-cli`.
fn cli_binary() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        if let Some(profile_dir) = exe.parent().and_then(Path::parent) {
            candidates.push(profile_dir.join("catalase"));
        }
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        candidates.push(PathBuf::from(dir).join("release/catalase"));
    }
    candidates.push(repo_root().join("target/release/catalase"));
    let found = candidates.into_iter().find(|p| p.is_file());
    if found.is_none() {
        eprintln!("notice: no catalase binary (cargo build --release -p catalase-cli); bitcode cases skipped");
    }
    found
}

/// What `catalase opt` did with one input file: `Ok(exit code)` for 0, 1 or 2 without an
/// internal error, `Err(finding text)` for a crash, a panic or an internal error.
fn cli_outcome(output: std::io::Result<std::process::Output>) -> Result<i32, String> {
    let out = output.map_err(|e| format!("cannot run catalase: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first_internal = stderr.lines().find(|l| l.contains("[catalase::internal]"));
    match out.status.code() {
        None => Err(format!("catalase crashed ({})", signal_name(&out.status))),
        Some(code @ 0..=2) => match first_internal {
            Some(line) => Err(format!("catalase internal error: {}", line.trim())),
            None => Ok(code),
        },
        Some(code) => Err(format!("catalase exited {code}: {}", stderr.lines().next().unwrap_or(""))),
    }
}

fn signal_name(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(11) => "SIGSEGV".to_string(),
        Some(6) => "SIGABRT".to_string(),
        Some(n) => format!("signal {n}"),
        None => "no exit code".to_string(),
    }
}

/// Run `catalase opt` on each input, a few processes at a time; one outcome per input.
fn run_cli_batch(cli: &Path, inputs: &[Vec<u8>], tag: &str) -> Vec<Result<i32, String>> {
    let dir = std::env::temp_dir().join(format!("catalase-robust-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut outcomes = Vec::with_capacity(inputs.len());
    for (chunk_index, chunk) in inputs.chunks(4).enumerate() {
        let children: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(k, bytes)| {
                let path = dir.join(format!("in{}.{}", chunk_index * 4 + k, if is_bitcode(bytes) { "bc" } else { "ll" }));
                std::fs::write(&path, bytes).expect("write input");
                Command::new(cli)
                    .args(["opt", "-S", "-o", "/dev/null"])
                    .arg(&path)
                    .env("CATALASE_OPTIONS", "verify")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
            })
            .collect();
        for child in children {
            outcomes.push(cli_outcome(child.and_then(|c| c.wait_with_output())));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    outcomes
}

/// Text IR is read in this process; bitcode in `catalase` child processes, because LLVM's own
/// bitcode reader crashes on some corrupt inputs (see `found/`).
#[test]
fn mutated_modules_read_or_fail_cleanly() {
    let seeds = seeds();
    let mut bitcode_seeds = Vec::new();
    for s in &seeds {
        let ctx = OwnedContext::new();
        let module = read_module(&ctx, s.text.as_bytes(), &s.name).expect("seeds are valid");
        bitcode_seeds.push(module.write_bitcode_to_bytes());
    }
    let cases = env_number("ROBUST_CASES", 3000);
    let mut rng = Rng::new(env_number("ROBUST_SEED", 0x5eed_0001));
    let (mut read, mut rejected) = (0u64, 0u64);
    let mut findings = Vec::new();
    for case in 0..cases {
        let seed = rng.pick(&seeds);
        let (bytes, how) = mutate_text(&mut rng, seed.text.as_bytes());
        match check_read(&bytes) {
            Ok(true) => read += 1,
            Ok(false) => rejected += 1,
            Err(what) => findings.push(Finding { what, input: bytes, origin: format!("case {case}, {}, {how}", seed.name) }),
        }
    }
    let cli = cli_binary();
    let bitcode_cases = if cli.is_some() { cases / 6 } else { 0 };
    let mut mutants = Vec::new();
    for case in 0..bitcode_cases {
        let k = rng.below(seeds.len());
        let (bytes, how) = mutate_bitcode(&mut rng, &bitcode_seeds[k]);
        mutants.push((bytes, format!("bitcode case {case}, {}, {how}", seeds[k].name)));
    }
    let (mut cli_ok, mut cli_refused) = (0u64, 0u64);
    if let Some(cli) = &cli {
        let inputs: Vec<Vec<u8>> = mutants.iter().map(|(b, _)| b.clone()).collect();
        for ((bytes, origin), outcome) in mutants.into_iter().zip(run_cli_batch(cli, &inputs, "read")) {
            match outcome {
                Ok(0) => cli_ok += 1,
                Ok(_) => cli_refused += 1,
                Err(what) => findings.push(Finding { what: format!("bitcode input: {what}"), input: bytes, origin }),
            }
        }
    }
    let counts = [("text-read", read), ("text-rejected", rejected), ("bitcode-ok", cli_ok), ("bitcode-refused", cli_refused)];
    report("read", cases + bitcode_cases, &counts, findings);
}

// ---------------------------------------------------------------------------------------------
// Byte- and line-level mutations.

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Tokens that stress the IR parser when swapped in for another token.
const ODD_TOKENS: [&str; 22] = [
    "i0", "i8388609", "i4294967296", "<0 x double>", "[4294967295 x double]", "4294967296", "-1",
    "undef", "poison", "null", "...", "!0", "#99", "addrspace(99)", "align 4294967296", "x",
    "{", "}", "(", ")", "\"\\00\"", "0x7FF8000000000001",
];

/// 1 to 3 random text mutations; returns the bytes and a description.
fn mutate_text(rng: &mut Rng, base: &[u8]) -> (Vec<u8>, String) {
    let mut bytes = base.to_vec();
    let mut how = Vec::new();
    for _ in 0..1 + rng.below(3) {
        how.push(mutate_text_once(rng, &mut bytes));
    }
    (bytes, how.join("+"))
}

fn mutate_text_once(rng: &mut Rng, bytes: &mut Vec<u8>) -> &'static str {
    const KINDS: [&str; 8] = ["flip", "truncate", "random-bytes", "delete-lines", "duplicate-line", "swap-tokens", "odd-token", "swap-lines"];
    let kind = rng.below(KINDS.len());
    match kind {
        0 => {
            let count = 1 + rng.below(3);
            flip_bytes(rng, bytes, count);
        }
        1 => bytes.truncate(rng.below(bytes.len() + 1)),
        2 => {
            let at = rng.below(bytes.len() + 1);
            let junk: Vec<u8> = (0..1 + rng.below(8)).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, junk);
        }
        _ => {
            let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let n = lines.len();
            match kind {
                3 => {
                    let start = rng.below(n);
                    lines.drain(start..(start + 1 + rng.below(3)).min(n));
                }
                4 => {
                    let line = lines[rng.below(n)].clone();
                    lines.insert(rng.below(n + 1), line);
                }
                5 => swap_tokens(rng, &mut lines),
                6 => {
                    let i = rng.below(n);
                    let odd = *rng.pick(&ODD_TOKENS);
                    replace_token(rng, &mut lines[i], odd.as_bytes());
                }
                _ => {
                    let (i, j) = (rng.below(n), rng.below(n));
                    lines.swap(i, j);
                }
            }
            *bytes = lines.join(&b'\n');
        }
    }
    KINDS[kind]
}

fn flip_bytes(rng: &mut Rng, bytes: &mut [u8], count: usize) {
    if bytes.is_empty() {
        return;
    }
    for _ in 0..count {
        let i = rng.below(bytes.len());
        bytes[i] ^= 1 << rng.below(8);
    }
}

/// Byte ranges of the whitespace-separated tokens of `line`.
fn tokens(line: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &b) in line.iter().chain(std::iter::once(&b' ')).enumerate() {
        let space = b == b' ' || b == b',' || b == b'\t';
        match (start, space) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Replace one random token of `line` by `with`.
fn replace_token(rng: &mut Rng, line: &mut Vec<u8>, with: &[u8]) {
    let toks = tokens(line);
    if toks.is_empty() {
        line.extend_from_slice(with);
        return;
    }
    let (s, e) = toks[rng.below(toks.len())];
    line.splice(s..e, with.iter().copied());
}

/// Swap a random token of one line with a random token of another (or the same) line.
fn swap_tokens(rng: &mut Rng, lines: &mut [Vec<u8>]) {
    let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
    let (ti, tj) = (tokens(&lines[i]), tokens(&lines[j]));
    if ti.is_empty() || tj.is_empty() {
        return;
    }
    let (a, b) = (ti[rng.below(ti.len())], tj[rng.below(tj.len())]);
    let (word_a, word_b) = (lines[i][a.0..a.1].to_vec(), lines[j][b.0..b.1].to_vec());
    if i == j {
        if a.0 >= b.1 || b.0 >= a.1 {
            let line = &mut lines[i];
            let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
            let (w1, w2) = (line[first.0..first.1].to_vec(), line[second.0..second.1].to_vec());
            line.splice(second.0..second.1, w1);
            line.splice(first.0..first.1, w2);
        }
        return;
    }
    lines[i].splice(a.0..a.1, word_b);
    lines[j].splice(b.0..b.1, word_a);
}

/// 1 to 4 bitcode mutations: bit flips, truncation, overwritten words, inserted bytes.
fn mutate_bitcode(rng: &mut Rng, base: &[u8]) -> (Vec<u8>, String) {
    let mut bytes = base.to_vec();
    let mut how = Vec::new();
    for _ in 0..1 + rng.below(4) {
        // Mostly leave the magic alone, so the bitcode reader (not the text parser) runs.
        let lo = if rng.chance(95) { 4.min(bytes.len()) } else { 0 };
        let span = bytes.len().saturating_sub(lo).max(1);
        match rng.below(4) {
            0 => {
                let i = lo + rng.below(span);
                if i < bytes.len() {
                    bytes[i] ^= 1 << rng.below(8);
                }
                how.push("flip");
            }
            1 => {
                bytes.truncate(lo + rng.below(span));
                how.push("truncate");
            }
            2 => {
                let i = lo + rng.below(span);
                for k in i..(i + 4).min(bytes.len()) {
                    bytes[k] = rng.next() as u8;
                }
                how.push("word");
            }
            _ => {
                let i = (lo + rng.below(span)).min(bytes.len());
                let junk: Vec<u8> = (0..1 + rng.below(4)).map(|_| rng.next() as u8).collect();
                bytes.splice(i..i, junk);
                how.push("insert");
            }
        }
    }
    (bytes, how.join("+"))
}

// ---------------------------------------------------------------------------------------------
// Transforming: structural mutations of marker calls at the IR-text level.

/// What `process_module` made of one module.
enum Transform {
    /// The text did not parse, or the module did not verify: not a case.
    Skipped,
    /// Errors, none of them `Internal`.
    Refused,
    /// Differentiated, and the result verifies.
    Done,
    Finding(String),
}

fn check_transform(text: &str, opts: &Options) -> Transform {
    let outcome = catching(|| {
        let ctx = OwnedContext::new();
        let Ok(module) = read_module(&ctx, text.as_bytes(), "mutant.ll") else { return Transform::Skipped };
        if module.verify().is_err() {
            return Transform::Skipped;
        }
        // SAFETY: the module is valid and owned here for the whole call.
        let result = unsafe { process_module(module.raw(), opts) };
        let transform = match result {
            Ok(_) => match module.verify() {
                Ok(()) => Transform::Done,
                Err(report) => Transform::Finding(format!("verifier fails after process_module: {}", first_line(&report))),
            },
            Err(diags) => match diags.iter().find(|d| d.kind == DiagKind::Internal) {
                Some(d) => Transform::Finding(format!("Internal diagnostic: {}", d.message)),
                None => Transform::Refused,
            },
        };
        transform
    });
    outcome.unwrap_or_else(|panic| Transform::Finding(format!("process_module panicked: {panic}")))
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim()
}

/// A marker call: the line, and its argument list split at top-level commas.
struct Site {
    line: usize,
    head: String,
    args: Vec<String>,
    tail: String,
}

fn marker_sites(lines: &[String]) -> Vec<Site> {
    lines.iter().enumerate().filter_map(|(i, l)| parse_site(i, l)).collect()
}

fn parse_site(line: usize, text: &str) -> Option<Site> {
    if !text.contains(" call ") {
        return None;
    }
    let callee = text.find("@__enzyme_")?;
    let open = callee + text[callee..].find('(')?;
    let (mut depth, mut start, mut args) = (0i32, open + 1, Vec::new());
    for (k, c) in text[open..].char_indices() {
        let at = open + k;
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            ',' if depth == 1 => {
                args.push(text[start..at].trim().to_string());
                start = at + 1;
            }
            _ => {}
        }
        if depth == 0 {
            let last = text[start..at].trim();
            if !last.is_empty() {
                args.push(last.to_string());
            }
            return Some(Site { line, head: text[..=open].to_string(), args, tail: text[at..].to_string() });
        }
    }
    None
}

const MARKERS: [&str; 13] = [
    "enzyme_dup", "enzyme_const", "enzyme_dupnoneed", "enzyme_width", "enzyme_primal_return", "enzyme_out",
    "enzyme_dupv", "enzyme_bogus", "enzyme_noret", "enzyme_scalar", "enzyme_dupnoneedv", "enzyme_byref",
    "enzyme_interleave",
];

const ODD_VALUES: [&str; 16] = [
    "i32 7", "i64 1", "ptr null", "float 1.0", "double undef", "double poison", "<2 x double> zeroinitializer",
    "{ double, double } zeroinitializer", "i1 true", "half 1.0", "[2 x double] zeroinitializer", "i32 -1",
    "x86_fp80 0xK3FFF8000000000000000", "ptr undef", "<vscale x 2 x double> zeroinitializer", "target(\"rb.t\") zeroinitializer",
];

const WIDTHS: [&str; 10] = ["i32 0", "i32 1", "i32 2", "i32 3", "i32 8", "i32 1000000", "i32 -1", "i64 2", "double 2.0", "ptr null"];

/// One module under mutation: its lines, lines to append, and a counter for fresh names.
struct Mutant {
    lines: Vec<String>,
    extra: Vec<String>,
    fresh: usize,
}

impl Mutant {
    fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        for e in &self.extra {
            text.push_str(e);
            text.push('\n');
        }
        text
    }

    fn name(&mut self, stem: &str) -> String {
        self.fresh += 1;
        format!("{stem}{}", self.fresh)
    }

    /// Declare the global `@name` (an `i32`) unless the module has it.
    fn declare_global(&mut self, name: &str) {
        let def = format!("@{name} = ");
        if !self.lines.iter().chain(&self.extra).any(|l| l.starts_with(&def)) {
            self.extra.push(format!("@{name} = external global i32"));
        }
    }

    fn declare_function(&mut self, name: &str) {
        let needle = format!("@{name}(");
        if !self.lines.iter().chain(&self.extra).any(|l| (l.starts_with("declare") || l.starts_with("define")) && l.contains(&needle)) {
            self.extra.push(format!("declare double @{name}(ptr, ...)"));
        }
    }

    /// Names of the functions defined (`defined`) or only declared in the module.
    fn functions(&self, defined: bool) -> Vec<String> {
        let key = if defined { "define " } else { "declare " };
        self.lines.iter().filter(|l| l.starts_with(key)).filter_map(|l| global_name(l)).collect()
    }

    fn variables(&self) -> Vec<String> {
        self.lines.iter().filter(|l| l.starts_with('@')).filter_map(|l| global_name(l)).collect()
    }

    /// Insert `line` before line `at` (shifting later sites).
    fn insert_before(&mut self, at: usize, line: String) {
        self.lines.insert(at, line);
    }
}

/// The name after the first `@` of a line, up to `(`, ` ` or `=`.
fn global_name(line: &str) -> Option<String> {
    let rest = &line[line.find('@')? + 1..];
    let end = rest.find(['(', ' ', '=', ',']).unwrap_or(rest.len());
    let name = &rest[..end];
    (!name.is_empty() && !name.starts_with('"')).then(|| name.to_string())
}

/// 1 to 3 marker mutations of `text`; returns the mutant and a description.
fn mutate_markers(rng: &mut Rng, text: &str) -> (String, String) {
    let mut m = Mutant { lines: text.lines().map(str::to_string).collect(), extra: Vec::new(), fresh: 0 };
    let mut how = Vec::new();
    for _ in 0..1 + rng.below(3) {
        how.push(mutate_one(rng, &mut m));
    }
    (m.text(), how.join("+"))
}

fn mutate_one(rng: &mut Rng, m: &mut Mutant) -> String {
    let sites = marker_sites(&m.lines);
    if sites.is_empty() || rng.chance(12) {
        return add_registration(rng, m);
    }
    let k = rng.below(sites.len());
    let mut site = sites.into_iter().nth(k).expect("a site");
    let n = site.args.len().max(1);
    let what = match rng.below(9) {
        0 => {
            let i = rng.below(n);
            site.args.remove(i.min(site.args.len().saturating_sub(1)));
            format!("drop-arg{i}")
        }
        1 => {
            let i = rng.below(n).min(site.args.len().saturating_sub(1));
            let arg = site.args.get(i).cloned().unwrap_or_default();
            site.args.insert(i, arg);
            format!("dup-arg{i}")
        }
        2 => {
            let (i, j) = (rng.below(n), rng.below(n));
            site.args.swap(i.min(n - 1), j.min(n - 1));
            format!("swap-args{i},{j}")
        }
        3 => return rename_marker(rng, m),
        4 => retype_arg(rng, &mut site),
        5 => replace_function(rng, m, &mut site),
        6 => insert_marker(rng, m, &mut site),
        7 => change_callee(rng, m, &mut site),
        _ => change_return(rng, m, &mut site),
    };
    if site.line < m.lines.len() {
        m.lines[site.line] = format!("{}{}{}", site.head, site.args.join(", "), site.tail);
    }
    what
}

/// Replace one use of a marker global (`@enzyme_dup` in a load, ...) by another marker.
fn rename_marker(rng: &mut Rng, m: &mut Mutant) -> String {
    let uses: Vec<usize> = (0..m.lines.len())
        .filter(|&i| m.lines[i].contains("load") && MARKERS.iter().any(|k| m.lines[i].contains(&format!("@{k}"))))
        .collect();
    if uses.is_empty() {
        return "rename-none".to_string();
    }
    let i = *rng.pick(&uses);
    let to = *rng.pick(&MARKERS);
    let Some(at) = m.lines[i].find("@enzyme_") else { return "rename-none".to_string() };
    let end = at + 1 + m.lines[i][at + 1..].find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(m.lines[i].len() - at - 1);
    m.lines[i].replace_range(at..end, &format!("@{to}"));
    m.declare_global(to);
    format!("rename-marker-to-{to}")
}

/// Replace an argument (preferably a floating-point one) by a value of another type.
fn retype_arg(rng: &mut Rng, site: &mut Site) -> String {
    let floats: Vec<usize> = (0..site.args.len()).filter(|&i| site.args[i].starts_with("double") || site.args[i].starts_with("float")).collect();
    let i = if !floats.is_empty() && rng.chance(70) { *rng.pick(&floats) } else { rng.below(site.args.len().max(1)) };
    let value = *rng.pick(&ODD_VALUES);
    if i < site.args.len() {
        site.args[i] = value.to_string();
    }
    format!("retype-arg{i}-{value}")
}

/// Replace the function operand: another function, a declaration, a variable, null, the
/// caller itself, a constant expression or a pointer loaded at run time.
fn replace_function(rng: &mut Rng, m: &mut Mutant, site: &mut Site) -> String {
    let defined = m.functions(true);
    let declared = m.functions(false);
    let variables = m.variables();
    let any_of = |rng: &mut Rng, v: &[String]| if v.is_empty() { "llvm.donothing".to_string() } else { rng.pick(v).clone() };
    let f = any_of(rng, &defined);
    let value = match rng.below(9) {
        0 | 1 => format!("ptr @{f}"),
        2 => format!("ptr @{}", any_of(rng, &declared)),
        3 => format!("ptr @{}", any_of(rng, &variables)),
        4 => "ptr null".to_string(),
        5 => format!("ptr getelementptr (i8, ptr @{f}, i64 8)"),
        6 => "i32 5".to_string(),
        7 => "ptr undef".to_string(),
        _ => {
            let global = m.name("rb.fnptr");
            let local = m.name("rb.f");
            m.extra.push(format!("@{global} = global ptr @{f}"));
            m.insert_before(site.line, format!("  %{local} = load ptr, ptr @{global}"));
            site.line += 1;
            format!("ptr %{local}")
        }
    };
    if site.args.is_empty() {
        site.args.push(value.clone());
    } else {
        site.args[0] = value.clone();
    }
    format!("function-operand-{value}")
}

/// Insert a marker argument (a load of `@enzyme_*`), sometimes followed by a width value.
fn insert_marker(rng: &mut Rng, m: &mut Mutant, site: &mut Site) -> String {
    let marker = *rng.pick(&MARKERS);
    m.declare_global(marker);
    let local = m.name("rb.m");
    m.insert_before(site.line, format!("  %{local} = load i32, ptr @{marker}"));
    site.line += 1;
    let at = 1 + rng.below(site.args.len().max(1));
    let at = at.min(site.args.len());
    let mut inserted = vec![format!("i32 %{local}")];
    let mut what = format!("insert-{marker}@{at}");
    if marker == "enzyme_width" || marker == "enzyme_byref" || rng.chance(20) {
        let value = if rng.chance(40) {
            let global = m.name("rb.runtime");
            let v = m.name("rb.v");
            m.extra.push(format!("@{global} = global i32 2"));
            m.insert_before(site.line, format!("  %{v} = load volatile i32, ptr @{global}"));
            site.line += 1;
            format!("i32 %{v}")
        } else {
            rng.pick(&WIDTHS).to_string()
        };
        what.push_str(&format!("-value-{value}"));
        inserted.push(value);
    }
    site.args.splice(at..at, inserted);
    what
}

/// Call another entry point (`__enzyme_autodiff`, an unsupported one, a suffixed forward one).
fn change_callee(rng: &mut Rng, m: &mut Mutant, site: &mut Site) -> String {
    const ENTRIES: [&str; 6] = ["__enzyme_autodiff", "__enzyme_fwdsplit", "__enzyme_batch", "__enzyme_fwddiff_rb", "__enzyme_augmentfwd", "__enzyme_reverse"];
    let to = *rng.pick(&ENTRIES);
    let Some(at) = site.head.find("@__enzyme_") else { return "callee-none".to_string() };
    let end = at + site.head[at..].find('(').unwrap_or(site.head.len() - at);
    site.head.replace_range(at..end, &format!("@{to}"));
    m.declare_function(to);
    format!("callee-{to}")
}

/// Return types whose size LLVM cannot compute (scalable vectors): they used to abort the
/// process and are now refused with a diagnostic (see `found/`).
const KILLER_TYPES: [&str; 3] = ["<vscale x 2 x double>", "{ double, <vscale x 1 x double> }", "[2 x <vscale x 1 x double>]"];

/// A copy of the call, placed before it, with another return type and an unused result.
fn change_return(rng: &mut Rng, m: &mut Mutant, site: &mut Site) -> String {
    const TYPES: [&str; 12] = [
        "void", "i32", "float", "{ double, double }", "[2 x double]", "<2 x double>", "ptr", "{ float, double, double }",
        "%rb.opaque", "{ double, %rb.opaque }", "{ double, double, double, double, double }", "x86_fp80",
    ];
    let Some(call) = site.head.find("call ") else { return "return-none".to_string() };
    let Some(paren) = site.head[call..].find(" (") else { return "return-none".to_string() };
    let ty = if rng.chance(20) { *rng.pick(&KILLER_TYPES) } else { *rng.pick(&TYPES) };
    let mut head = site.head.clone();
    head.replace_range(call + 5..call + paren, ty);
    let prefix = if ty == "void" { "  ".to_string() } else { format!("  %{} = ", m.name("rb.r")) };
    head.replace_range(..call, &prefix);
    let copy = format!("{head}{}{}", site.args.join(", "), site.tail);
    if ty.contains("%rb.opaque") && !m.extra.iter().any(|l| l.starts_with("%rb.opaque")) {
        m.extra.push("%rb.opaque = type opaque".to_string());
    }
    m.insert_before(site.line, copy);
    site.line += 1;
    format!("return-{ty}")
}

/// Append a registration global of a wrong (or unusual) shape.
fn add_registration(rng: &mut Rng, m: &mut Mutant) -> String {
    let defined = m.functions(true);
    let declared = m.functions(false);
    let pick = |rng: &mut Rng, v: &[String]| if v.is_empty() { "llvm.donothing".to_string() } else { rng.pick(v).clone() };
    let (f, g, d) = (pick(rng, &defined), pick(rng, &defined), pick(rng, &declared));
    let like = *rng.pick(&["log1p", "sin", "bogus", "", "malloc", "free", "pow"]);
    let text = m.name("rb.str");
    let shapes = [
        format!("__enzyme_register_derivative_{{}} = global [1 x ptr] [ptr @{f}]"),
        format!("__enzyme_register_derivative_{{}} = global [2 x ptr] [ptr @{f}, ptr @{g}]"),
        format!("__enzyme_register_derivative_{{}} = global [2 x ptr] [ptr @{f}, ptr null]"),
        format!("__enzyme_register_derivative_{{}} = global [3 x ptr] [ptr @{f}, ptr @{g}, ptr @{g}]"),
        "__enzyme_register_derivative_{} = global i32 7".to_string(),
        "__enzyme_register_derivative_{} = external global [2 x ptr]".to_string(),
        format!("__enzyme_register_derivative_{{}} = global {{ ptr, ptr }} {{ ptr @{f}, ptr @{d} }}"),
        format!("__enzyme_register_gradient_{{}} = global [2 x ptr] [ptr @{f}, ptr @{g}]"),
        format!("__enzyme_register_gradient_{{}} = global [3 x ptr] [ptr @{f}, ptr @{g}, ptr @{d}]"),
        format!("__enzyme_inactivefn_{{}} = global [1 x ptr] [ptr @{f}]"),
        "__enzyme_inactivefn_{} = global [2 x i32] [i32 1, i32 2]".to_string(),
        format!("__enzyme_inactive_global_{{}} = global [1 x ptr] [ptr @{f}]"),
        format!("__enzyme_function_like_{{}} = global [2 x ptr] [ptr @{f}, ptr @{g}]"),
        format!("__enzyme_function_like_{{}} = global [2 x ptr] [ptr @{f}, ptr @{text}]"),
        format!("__enzyme_register_splitderivative_{{}} = global [3 x ptr] [ptr @{f}, ptr @{g}, ptr @{g}]"),
        format!("__enzyme_allocation_like_{{}} = global [2 x ptr] [ptr @{f}, ptr null]"),
    ];
    let k = rng.below(shapes.len());
    let suffix = m.name("rb");
    m.extra.push(format!("@{}", shapes[k].replace("{}", &suffix)));
    m.extra.push(format!("@{text} = private constant [{} x i8] c\"{like}\\00\"", like.len() + 1));
    format!("registration-shape{k}")
}

/// Options for one case: mostly the defaults, sometimes loose types or inactive bodiless calls.
fn random_options(rng: &mut Rng) -> Options {
    Options { loose_types: rng.chance(20), emptyfn_inactive: rng.chance(20), verify: true, ..Options::default() }
}

/// Greedy line deletion keeping the same finding signature (only when saving findings).
fn reduce(text: &str, opts: &Options, what: &str) -> String {
    let target = signature(what);
    let mut lines: Vec<&str> = text.lines().collect();
    let mut i = lines.len();
    while i > 0 {
        i -= 1;
        let mut shorter = lines.clone();
        shorter.remove(i);
        let candidate = shorter.join("\n") + "\n";
        if let Transform::Finding(w) = check_transform(&candidate, opts) {
            if signature(&w) == target {
                lines = shorter;
            }
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn mutated_marker_calls_are_diagnosed() {
    let seeds: Vec<Seed> = seeds().into_iter().filter(|s| s.text.contains("@__enzyme_fwddiff")).collect();
    let cases = env_number("ROBUST_CASES", 3000) / 3;
    let mut rng = Rng::new(env_number("ROBUST_SEED", 0x5eed_0002));
    let saving = std::env::var_os("ROBUST_SAVE").is_some();
    let (mut skipped, mut refused, mut done) = (0u64, 0u64, 0u64);
    let mut findings = Vec::new();
    for case in 0..cases {
        let seed = rng.pick(&seeds);
        let (text, how) = mutate_markers(&mut rng, &seed.text);
        let opts = random_options(&mut rng);
        if let Some(path) = std::env::var_os("ROBUST_TRACE") {
            let _ = std::fs::write(path, &text);
        }
        match check_transform(&text, &opts) {
            Transform::Skipped => skipped += 1,
            Transform::Refused => refused += 1,
            Transform::Done => done += 1,
            Transform::Finding(what) => {
                let input = if saving { reduce(&text, &opts, &what) } else { text };
                let origin = format!("case {case}, {}, {how}, {opts:?}", seed.name);
                findings.push(Finding { what, input: input.into_bytes(), origin });
            }
        }
    }
    report("transform", cases, &[("skipped", skipped), ("refused", refused), ("differentiated", done)], findings);
}

/// Every input under `found/` goes through `catalase opt` in a child process (some of them kill
/// the process). Files still marked `KNOWN-BUG` may fail; the others must be handled cleanly.
#[test]
fn found_inputs_are_handled() {
    let Some(cli) = cli_binary() else { return };
    let files = list_dir(&fixture_dir().join("found"), &["ll", "bc"]);
    let inputs: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).expect("readable")).collect();
    let mut failures = Vec::new();
    for ((path, bytes), outcome) in files.iter().zip(&inputs).zip(run_cli_batch(&cli, &inputs, "found")) {
        let marker = if is_bitcode(bytes) { std::fs::read(path.with_extension("bc.known")).unwrap_or_default() } else { bytes.clone() };
        let known = String::from_utf8_lossy(&marker).starts_with("; KNOWN-BUG:");
        match (outcome, known) {
            (Ok(code), true) => println!("{}: handled now (exit {code}); remove its KNOWN-BUG line", file_name(path)),
            (Ok(_), false) => {}
            (Err(what), true) => println!("{}: known bug, still fails: {what}", file_name(path)),
            (Err(what), false) => failures.push(format!("{}: {what}", file_name(path))),
        }
    }
    assert!(failures.is_empty(), "regressions:\n{}", failures.join("\n"));
}

/// Each seed and every `tests/programs/*.c` at -O0 and -O2 differentiates and verifies.
#[test]
fn valid_modules_differentiate() {
    let mut modules: Vec<Seed> = seeds();
    if clang_available() {
        modules.extend(compile_programs());
    }
    let mut failures = Vec::new();
    for m in &modules {
        match check_transform(&m.text, &Options { verify: true, ..Options::default() }) {
            Transform::Done => {}
            Transform::Skipped => failures.push(format!("{}: does not read or verify", m.name)),
            Transform::Refused => failures.push(format!("{}: refused", m.name)),
            Transform::Finding(what) => failures.push(format!("{}: {what}", m.name)),
        }
    }
    println!("valid: {} modules differentiated and verified", modules.len() - failures.len());
    assert!(failures.is_empty(), "{} of {} modules failed:\n{}", failures.len(), modules.len(), failures.join("\n"));
}

/// `tests/programs/*.c` compiled at -O0 and -O2 with their `// CFLAGS:` lines, 4 at a time.
fn compile_programs() -> Vec<Seed> {
    let programs = repo_root().join("tests/programs");
    // Programs limited to the plugin route (`// ROUTES: plugin`) are refused on the CLI route by
    // design (e.g. rules on functions the inliner removes); process_module is that route.
    let files: Vec<PathBuf> = list_dir(&programs, &["c"]).into_iter().filter(|p| runs_on_cli(p)).collect();
    let jobs: Vec<(PathBuf, &str)> = files.iter().flat_map(|p| [(p.clone(), "O0"), (p.clone(), "O2")]).collect();
    let mut out = Vec::new();
    let programs = &programs;
    for chunk in jobs.chunks(4) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|(path, level)| {
                    scope.spawn(move || {
                        let mut flags = vec!["-I".to_string(), programs.display().to_string()];
                        flags.push("-I".to_string());
                        flags.push(programs.join("include").display().to_string());
                        flags.extend(cflags_of(path));
                        compile_c(path, level, &flags).map(|text| Seed { name: format!("{}@{level}", file_name(path)), text })
                    })
                })
                .collect();
            out.extend(handles.into_iter().filter_map(|h| h.join().ok().flatten()));
        });
    }
    out
}

/// Whether a program's `// ROUTES:` line (if any) includes the CLI route.
fn runs_on_cli(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let routes = text.lines().find_map(|l| l.trim().strip_prefix("// ROUTES:"));
    routes.is_none_or(|r| r.split([',', ' ']).any(|w| w.trim() == "cli"))
}

/// The flags of a program's leading `// CFLAGS:` comment lines.
fn cflags_of(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .take_while(|l| l.trim().starts_with("//") || l.trim().is_empty())
        .filter_map(|l| l.trim().trim_start_matches('/').trim().strip_prefix("CFLAGS:"))
        .flat_map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}
