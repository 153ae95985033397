#!/usr/bin/env python3
"""Run the Catalase program corpus and the error corpus.

Programs (tests/programs/*.c|*.cpp, tests/regressions/*.c|*.cpp) are built and run
at each optimisation level through two routes:

  cli     clang -O{L} -S -emit-llvm prog.c -> catalase opt x.ll -o y.ll
          -> clang -O{L} y.ll -lm -o exe -> ./exe
  plugin  clang -O{L} -fpass-plugin=libcatalase_plugin.so prog.c -lm -o exe -> ./exe

A program passes when it exits 0 and prints its summary line "K checks, 0 failed".

Error inputs (tests/errors/*.c|*.cpp|*.ll) carry a first line
"// EXPECT-ERROR: <substring>" (";" for .ll) and optional "EXPECT-ALSO: <text>" lines.
They must be refused at the Catalase step (the CLI exits non-zero; with the plugin,
clang exits non-zero) with every expected substring in stderr, and without a crash
(no signal, no "PLEASE submit a bug report", no "panicked").  .ll inputs run through
the CLI route only, once (the -O level does not apply to them).

A refusal of a C/C++ error input must also say where: after its `[catalase::` line, the
function (`--> in function`) and the instruction (`--> instruction:`), and the source line:
`<file>.c:<line>:` before the message where -g gives debug info (O1, O3), the words
"source line: unknown" where it does not. `// NO-SITE: <why>` exempts an input whose error is
about no instruction (a registration, the module).

Optional per-file directives (in the leading comment lines):
  // CFLAGS: <flags>      extra compiler flags for every compile of the file
  // LDFLAGS: <flags>     extra flags for the step that links the program (sanitizer
                          runtimes, -flto -fuse-ld=lld): the CLI route's last step, the
                          plugin route's one command
  // CLANG-PLUGIN: yes    load the plugin as clang's front-end plugin, as Enzyme's users load
                          theirs (Enzyme's source attributes need it): the plugin route
                          builds with -fplugin= instead of -fpass-plugin=, the CLI route's
                          first step adds -fplugin= -fplugin-arg-catalase-attributes-only
  // ROUTES: cli,plugin   restrict the routes
  // LEVELS: O0,O2        restrict the levels
  // KNOWN-BUG: <text>    a reduced reproducer of an open bug (tests/regressions): a case
                          that fails with <text> in its output counts as passed and is
                          listed as a known bug; one that passes is listed as fixed there
                          (delete the line once it is fixed everywhere); any other failure
                          fails. Several lines: a failure matching any of them

-g is added at O1 and O3 on both routes, so debug info is exercised at two levels.

--asan is the memory leg: the programs that call __enzyme_autodiff are built with
AddressSanitizer (ASAN_FLAGS below, the flags san_asan.c gives itself through CFLAGS/LDFLAGS)
at -O1 through the plugin route, and run with ASAN_OPTIONS=detect_leaks=1. The plugin
differentiates before ASan instruments (ASan runs last in the pipeline), so the generated
gradients, their tape and shadow memory are instrumented too. On the CLI route (--routes cli)
the first step would hand Catalase a module ASan has already instrumented and marked, and the
last step would then leave the generated code uninstrumented; so in this leg the first step
stops after the front end (-Xclang -disable-llvm-passes), `opt -passes=default<O{L}>` runs
the optimizer without the sanitizer, and the last step instruments the whole module:
  cli     clang -O{L} -fsanitize=address -Xclang -disable-llvm-passes -S -emit-llvm prog.c
          -> opt -passes=default<O{L}> -> catalase opt -> clang -O{L} -fsanitize=address
A leak or an invalid access fails the case.
--split is the split-mode leg: the same reverse-mode programs, each __enzyme_autodiff made of
split mode's augmented and reverse parts (CATALASE_OPTIONS word `split-autodiff`), at -O0 and
-O2 through the plugin by default: split mode must give the gradients combined mode gives.
CATALASE_OPTIONS gets `verify`: every generated function passes the Catalase IR verifier.
Work directories live under $TMPDIR (tempfile), never in the repository.
The last line printed is exactly "N passed, M failed"; the exit status is 1 if M > 0.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ["O0", "O1", "O2", "O3"]
ROUTES = ["cli", "plugin"]
DEBUG_LEVELS = {"O1", "O3"}
CRASH_MARKERS = ["PLEASE submit a bug report", "panicked", "Stack dump:",
                 "LLVM ERROR:", "Assertion `", "Segmentation fault"]
SUMMARY_RE = re.compile(r"^(\d+) checks, (\d+) failed$", re.M)
TIMEOUTS = {"compile": 180, "catalase": 180, "link": 180, "run": 60}
OUTPUT_LINES = 12
ASAN_FLAGS = ["-fsanitize=address", "-fno-omit-frame-pointer"]
SANITIZER_REPORT_RE = re.compile(r"^.*ERROR: (Address|Leak)Sanitizer.*$", re.M)


@dataclass
class Source:
    path: Path
    kind: str  # "program" or "error"
    cflags: list = field(default_factory=list)
    ldflags: list = field(default_factory=list)
    routes: list = field(default_factory=lambda: list(ROUTES))
    levels: list = field(default_factory=lambda: list(LEVELS))
    expect: list = field(default_factory=list)
    header_ok: bool = True
    known_bugs: list = field(default_factory=list)
    # An error case whose refusal names no instruction (`NO-SITE:`).
    no_site: bool = False
    # The CLI route optimizes with `opt` before Catalase and sanitizes only at its last step.
    sanitize_last: bool = False
    # `CLANG-PLUGIN: yes`: the plugin is loaded with -fplugin= (see the module docs).
    clang_plugin: bool = False


@dataclass
class Case:
    source: Source
    level: str
    route: str

    @property
    def name(self):
        return f"{rel(self.source.path)} {self.level} {self.route}"


@dataclass
class Outcome:
    case: Case
    ok: bool
    step: str = ""
    detail: str = ""


@dataclass
class Tools:
    cc: str
    cxx: str
    catalase: str
    plugin: str
    opt: str = "opt-22"


def rel(path):
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def leading_comments(path):
    """The comment lines at the top of a file (up to the first other line)."""
    lines = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.strip()
            if s.startswith("//") or s.startswith(";"):
                lines.append(s.lstrip("/;").strip())
            elif s == "":
                continue
            else:
                break
    return lines


def parse_source(path, kind):
    src = Source(path=path, kind=kind)
    comments = leading_comments(path)
    first = comments[0] if comments else ""
    if kind == "program":
        src.header_ok = first.startswith("TEST:")
    else:
        src.header_ok = first.startswith("EXPECT-ERROR:")
    for c in comments:
        key, _, value = c.partition(":")
        value = value.strip()
        if key in ("EXPECT-ERROR", "EXPECT-ALSO") and kind == "error" and value:
            src.expect.append(value)
        elif key == "CFLAGS":
            src.cflags += shlex.split(value)
        elif key == "LDFLAGS":
            src.ldflags += shlex.split(value)
        elif key == "ROUTES":
            src.routes = [r.strip() for r in value.split(",") if r.strip() in ROUTES]
        elif key == "LEVELS":
            src.levels = [l.strip() for l in value.split(",") if l.strip() in LEVELS]
        elif key == "CLANG-PLUGIN":
            src.clang_plugin = value.lower() in ("yes", "true", "1")
        elif key == "NO-SITE" and kind == "error":
            src.no_site = True
        elif key == "KNOWN-BUG" and kind == "program" and value:
            src.known_bugs.append(value)
    if path.suffix == ".ll":
        src.routes = [r for r in src.routes if r == "cli"]
        src.levels = src.levels[:1] or ["O0"]
    return src


def discover(filter_text):
    sources = []
    for folder in ("tests/programs", "tests/regressions"):
        d = ROOT / folder
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.suffix in (".c", ".cpp") and p.is_file():
                    sources.append(parse_source(p, "program"))
    d = ROOT / "tests/errors"
    if d.is_dir():
        for p in sorted(d.iterdir()):
            if p.suffix in (".c", ".cpp", ".ll") and p.is_file():
                sources.append(parse_source(p, "error"))
    if filter_text:
        sources = [s for s in sources if filter_text in rel(s.path)]
    # Programs built for AVX2/FMA or AVX-512 only run on a CPU that has them.
    needs_by_feature = (
        (("avx2", "fma"), ("-mavx2", "-mfma", "-march=native", "-march=haswell", "-march=skylake",
                           "-march=x86-64-v3")),
        (("avx512f", "avx512vl"), ("-march=x86-64-v4", "-march=skylake-avx512", "-mavx512f")),
    )
    for features, needs in needs_by_feature:
        if all(cpu_has(f) for f in features):
            continue
        skipped = [s for s in sources if any(f in needs for f in s.cflags)]
        for s in skipped:
            print(f"SKIP {rel(s.path)}: this CPU lacks {'/'.join(features).upper()}")
        sources = [s for s in sources if s not in skipped]
    return sources


def cpu_has(flag):
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            return any(line.startswith("flags") and f" {flag} " in line + " " for line in f)
    except OSError:
        return True


def run_step(argv, timeout, cwd):
    """Run one command; returns (returncode or None on timeout, combined output)."""
    try:
        p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, text=True, errors="replace")
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ""
        if isinstance(out, bytes):
            out = out.decode("utf-8", "replace")
        return None, out + f"\n[timed out after {timeout}s]"
    except OSError as e:
        return 127, f"cannot run {argv[0]}: {e}"


def describe_rc(rc):
    if rc is None:
        return "timeout"
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exit {rc}"


def crash_text(out):
    for m in CRASH_MARKERS:
        if m in out:
            return m
    return None


def compile_flags(case):
    flags = [f"-{case.level}", "-I", str(ROOT / "tests/programs"),
             "-I", str(ROOT / "tests/programs/include"), "-I", str(ROOT / "include")]
    if case.level in DEBUG_LEVELS:
        flags.append("-g")
    return flags + case.source.cflags


def plugin_flags(case, tools):
    """How the plugin route loads the plugin."""
    if case.source.clang_plugin:
        return [f"-fplugin={tools.plugin}"]
    return [f"-fpass-plugin={tools.plugin}"]


def cli_front_flags(case, tools):
    """What the CLI route's first step adds: the plugin's clang half, differentiating nothing."""
    if case.source.clang_plugin:
        return [f"-fplugin={tools.plugin}", "-fplugin-arg-catalase-attributes-only"]
    return []


def compiler(tools, path):
    return tools.cxx if path.suffix == ".cpp" else tools.cc


def fail(case, step, rc, out):
    head = "\n".join(out.strip().splitlines()[:OUTPUT_LINES])
    return Outcome(case, False, step, f"[{describe_rc(rc)}] {head}")


def cli_front(case, tools, cc, ll, work):
    """The CLI route's first step: the program's optimized IR in `ll`. Where the sanitizer is to
    instrument the generated code too, the optimizer runs through `opt`, without it."""
    src = case.source.path
    if not case.source.sanitize_last:
        return run_step([cc, *compile_flags(case), *cli_front_flags(case, tools), "-S", "-emit-llvm",
                         str(src), "-o", str(ll)], TIMEOUTS["compile"], work)
    front = work / "front.ll"
    rc, out = run_step([cc, *compile_flags(case), *cli_front_flags(case, tools), "-Xclang",
                        "-disable-llvm-passes", "-S", "-emit-llvm",
                        str(src), "-o", str(front)], TIMEOUTS["compile"], work)
    if rc != 0:
        return rc, out
    return run_step([tools.opt, f"-passes=default<{case.level}>", "-S", str(front), "-o", str(ll)],
                    TIMEOUTS["compile"], work)


def run_program_case(case, tools, work):
    src = case.source.path
    cc = compiler(tools, src)
    exe = work / "prog"
    if case.route == "cli":
        ll, out_ll = work / "in.ll", work / "out.ll"
        rc, out = cli_front(case, tools, cc, ll, work)
        if rc != 0:
            return fail(case, "compile", rc, out)
        rc, out = run_step([tools.catalase, "opt", str(ll), "-o", str(out_ll)],
                           TIMEOUTS["catalase"], work)
        if rc != 0 or crash_text(out):
            return fail(case, "catalase", rc, out)
        rc, out = run_step([cc, f"-{case.level}", str(out_ll), "-lm", *case.source.ldflags, "-o", str(exe)],
                           TIMEOUTS["link"], work)
        if rc != 0:
            return fail(case, "link", rc, out)
    else:
        rc, out = run_step([cc, *compile_flags(case), *plugin_flags(case, tools),
                            str(src), "-lm", *case.source.ldflags, "-o", str(exe)], TIMEOUTS["compile"], work)
        if rc != 0 or crash_text(out):
            return fail(case, "plugin-build", rc, out)
    rc, out = run_step([str(exe)], TIMEOUTS["run"], work)
    summary = SUMMARY_RE.findall(out)
    report = SANITIZER_REPORT_RE.search(out)
    if report:
        return fail(case, "run", rc, out[report.start():])
    if rc != 0:
        mism = [l for l in out.splitlines() if "MISMATCH" in l]
        return fail(case, "run", rc, "\n".join(mism) or out)
    if not summary or summary[-1][1] != "0" or summary[-1][0] == "0":
        return fail(case, "run", rc, "no passing summary line\n" + out)
    return Outcome(case, True)


def check_refusal(case, step, rc, out):
    """An error case passes when the step failed cleanly with every expected text."""
    if rc is None or rc < 0:
        return fail(case, step, rc, out)
    crash = crash_text(out)
    if crash:
        return fail(case, step, rc, f"crash marker {crash!r}\n{out}")
    if rc == 0:
        return fail(case, step, rc, "accepted, but it must be refused\n" + out)
    missing = [e for e in case.source.expect if e not in out]
    if missing:
        return fail(case, step, rc, f"missing expected text {missing}\n{out}")
    unsaid = missing_site(case, out)
    if unsaid:
        return fail(case, step, rc, f"the refusal does not say {unsaid}\n{out}")
    return Outcome(case, True)


def missing_site(case, out):
    """What the first refusal of a C/C++ error case leaves unsaid of where it happened."""
    src = case.source
    if src.no_site or src.path.suffix == ".ll":
        return None
    lines = out.splitlines()
    first = next((i for i, l in enumerate(lines) if "error:" in l and "[catalase::" in l), None)
    if first is None:
        return "anything: no `error: ... [catalase::...]` line"
    block = []
    for l in lines[first + 1:]:
        if not l.startswith("  "):
            break
        block.append(l)
    for want in ("--> in function", "--> instruction:"):
        if not any(want in l for l in block):
            return f"`{want}`"
    if case.level in DEBUG_LEVELS:
        # The program's own line, or a line of a header it includes (Eigen's packet math).
        if not re.search(re.escape(src.path.name) + r":\d+:", lines[first]) and not re.search(r"\.(h|hpp):\d+:", lines[first]):
            return f"the source line ({src.path.name}:LINE)"
    elif not any("source line: unknown" in l for l in block) and not re.search(r"\.(c|cpp|h):\d+:", lines[first]):
        return "that the source line is unknown"
    return None


def run_error_case(case, tools, work):
    src = case.source.path
    if not case.source.expect:
        return Outcome(case, False, "header", "no EXPECT-ERROR text")
    if src.suffix == ".ll":
        rc, out = run_step([tools.catalase, "opt", str(src), "-o", str(work / "out.ll")],
                           TIMEOUTS["catalase"], work)
        return check_refusal(case, "catalase", rc, out)
    cc = compiler(tools, src)
    if case.route == "cli":
        ll = work / "in.ll"
        rc, out = run_step([cc, *compile_flags(case), *cli_front_flags(case, tools), "-S", "-emit-llvm",
                            str(src), "-o", str(ll)], TIMEOUTS["compile"], work)
        if rc != 0:
            return fail(case, "compile", rc, out)
        rc, out = run_step([tools.catalase, "opt", str(ll), "-o", str(work / "out.ll")],
                           TIMEOUTS["catalase"], work)
        return check_refusal(case, "catalase", rc, out)
    rc, out = run_step([cc, *compile_flags(case), *plugin_flags(case, tools), "-c",
                        str(src), "-o", str(work / "out.o")], TIMEOUTS["compile"], work)
    return check_refusal(case, "plugin-build", rc, out)


def known_bug(case, outcome):
    """A `KNOWN-BUG: <text>` program passes while it still fails with <text> (step "known-bug")
    and when it passes (step "fixed"); a different failure stays a failure."""
    texts = case.source.known_bugs
    if not texts:
        return outcome
    if outcome.ok:
        return Outcome(case, True, "fixed")
    if any(t in outcome.detail for t in texts):
        return Outcome(case, True, "known-bug", outcome.detail)
    return outcome


def run_case(case, tools, base, keep):
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{case.source.path.stem}-{case.level}-{case.route}")
    work = Path(tempfile.mkdtemp(prefix=safe + "-", dir=base))
    try:
        if not case.source.header_ok:
            want = "// TEST:" if case.source.kind == "program" else "EXPECT-ERROR:"
            return Outcome(case, False, "header", f"first line must be {want} ...")
        if case.source.kind == "program":
            return known_bug(case, run_program_case(case, tools, work))
        return run_error_case(case, tools, work)
    except Exception as e:  # a harness bug must not hide the other results
        return Outcome(case, False, "harness", repr(e))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--levels", default=None, help="e.g. O0,O2 (default: all; O1 with --asan)")
    ap.add_argument("--routes", default=None, help="cli,plugin (default: both; plugin with --asan)")
    ap.add_argument("--asan", action="store_true",
                    help="memory leg: programs calling __enzyme_autodiff under AddressSanitizer, leaks on")
    ap.add_argument("--split", action="store_true",
                    help="split-mode leg: programs calling __enzyme_autodiff, built with CATALASE_OPTIONS=split-autodiff")
    ap.add_argument("--filter", default="", help="only files whose path contains this")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, help="parallel jobs")
    ap.add_argument("--catalase", default=str(ROOT / "target/release/catalase"))
    ap.add_argument("--plugin", default=str(ROOT / "target/release/libcatalase_plugin.so"))
    ap.add_argument("--cc", default=os.environ.get("CC_CATALASE", "clang-22"))
    ap.add_argument("--cxx", default=os.environ.get("CXX_CATALASE", "clang++-22"))
    ap.add_argument("--opt", default=os.environ.get("OPT_CATALASE", "opt-22"),
                    help="LLVM's opt, for the CLI route of the --asan leg")
    ap.add_argument("--keep", action="store_true", help="keep work dirs (under $TMPDIR)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="also print passing cases")
    args = ap.parse_args(argv)
    args.levels = args.levels or ("O1" if args.asan else "O0,O2" if args.split else ",".join(LEVELS))
    args.routes = args.routes or ("plugin" if args.asan or args.split else ",".join(ROUTES))
    args.levels = [l.strip() for l in args.levels.split(",") if l.strip()]
    args.routes = [r.strip() for r in args.routes.split(",") if r.strip()]
    bad = [l for l in args.levels if l not in LEVELS] + [r for r in args.routes if r not in ROUTES]
    if bad:
        ap.error(f"unknown level/route: {', '.join(bad)}")
    args.j = max(1, args.j)
    return args


def make_cases(sources, levels, routes):
    cases = []
    for s in sources:
        for level in levels:
            if level not in s.levels and s.path.suffix != ".ll":
                continue
            for route in routes:
                if route in s.routes:
                    cases.append(Case(s, level, route))
    # .ll inputs run once, whatever levels were asked for.
    seen, unique = set(), []
    for c in cases:
        key = (c.source.path, c.route) if c.source.path.suffix == ".ll" else id(c)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def reverse_programs(sources, entries=("__enzyme_autodiff", "enzyme::Reverse")):
    """The programs that call one of the reverse-mode entry points (`enzyme::Reverse` and
    `enzyme::ReverseWithPrimal`: through the C++ interface <enzyme/enzyme>)."""
    return [s for s in sources if s.kind == "program" and any(e in s.path.read_text(errors="replace") for e in entries)]


def split_leg(sources):
    """The reverse-mode programs, each __enzyme_autodiff made of split mode's two parts."""
    words = os.environ.get("CATALASE_OPTIONS", "")
    os.environ["CATALASE_OPTIONS"] = f"{words} split-autodiff".strip()
    return reverse_programs(sources)


def asan_leg(sources):
    """The reverse-mode programs (split mode's included), each built with AddressSanitizer;
    leak checking on at run time."""
    chosen = reverse_programs(sources, ("__enzyme_autodiff", "enzyme::Reverse", "__enzyme_augmentfwd"))
    for s in chosen:
        s.cflags += ASAN_FLAGS
        s.ldflags += ASAN_FLAGS
        s.sanitize_last = True
    options = os.environ.get("ASAN_OPTIONS", "")
    os.environ["ASAN_OPTIONS"] = ":".join(o for o in (options, "detect_leaks=1") if o)
    return chosen


def report_known_bugs(outcomes):
    """Per KNOWN-BUG file, where it still fails and where it passes now."""
    by_file = {}
    for o in outcomes:
        if o.step in ("known-bug", "fixed"):
            by_file.setdefault(rel(o.case.source.path), {"known-bug": [], "fixed": []})[o.step].append(
                f"{o.case.level} {o.case.route}")
    for name, steps in by_file.items():
        still = ", ".join(steps["known-bug"]) or "none of the cases run (once that holds at every level and route, delete its KNOWN-BUG lines)"
        print(f"KNOWN-BUG {name}: still fails at {still}; passes at {', '.join(steps['fixed']) or 'none'}")


def verify_generated_code():
    """Every function Catalase generates goes through its IR verifier (CLI and plugin read
    CATALASE_OPTIONS); a broken one is an internal error, which fails the case."""
    words = os.environ.get("CATALASE_OPTIONS", "")
    if "verify" not in re.split(r"[\s,;]+", words):
        os.environ["CATALASE_OPTIONS"] = f"{words} verify".strip()


def main(argv):
    args = parse_args(argv)
    verify_generated_code()
    tools = Tools(args.cc, args.cxx, os.path.abspath(args.catalase), os.path.abspath(args.plugin), args.opt)
    sources = discover(args.filter)
    if args.asan:
        sources = asan_leg(sources)
    if args.split:
        sources = split_leg(sources)
    cases = make_cases(sources, args.levels, args.routes)
    if args.list:
        for c in cases:
            print(c.name)
        print(f"{len(cases)} cases")
        return 0
    base = tempfile.mkdtemp(prefix="catalase-programs-")
    outcomes = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
            futures = [pool.submit(run_case, c, tools, base, args.keep) for c in cases]
            for fut in concurrent.futures.as_completed(futures):
                o = fut.result()
                outcomes.append(o)
                if args.verbose:
                    print(f"{'ok  ' if o.ok else 'FAIL'} {o.case.name}", flush=True)
    finally:
        if args.keep:
            print(f"work dirs kept under {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    order = {c.name: i for i, c in enumerate(cases)}
    outcomes.sort(key=lambda o: order[o.case.name])
    for o in outcomes:
        if not o.ok:
            detail = o.detail.replace("\n", "\n       ")
            print(f"FAIL {o.case.name} [{o.step}]: {detail}")
    report_known_bugs(outcomes)
    passed = sum(1 for o in outcomes if o.ok)
    failed = len(outcomes) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
