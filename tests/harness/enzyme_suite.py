#!/usr/bin/env python3
"""Run programs written for Enzyme's own integration tests through Catalase.

Enzyme's repository keeps runnable C/C++ programs under enzyme/test/Integration/<Dir>/, each
with lit `// RUN:` lines (clang flags, the -O levels) and an `APPROX_EQ` check that aborts on
a wrong derivative. This script does not ship those files (they are Enzyme's); point it at a
checkout or copy of that folder:

  tests/harness/enzyme_suite.py --dir ENZYME/enzyme/test/Integration [--filter S] \
      [--subdirs ReverseMode,ForwardMode] [--routes cli,plugin] [--levels O0,O1,O2,O3] -j 2

Each file is built at each -O level its RUN lines use (intersected with --levels), with the
front-end flags of its RUN lines (-std, -f…, -D, -I, -x; Enzyme's own -mllvm/-enzyme options
are dropped) and Catalase's include/ (the C++ interface `<enzyme/enzyme>`), through the same two routes as run_programs.py:

  cli     clang -O{L} -fplugin=libcatalase_plugin.so -fplugin-arg-catalase-attributes-only
          -S -emit-llvm f.c -> catalase opt -> clang -O{L} -lm
  plugin  clang -O{L} -fplugin=libcatalase_plugin.so f.c -lm

The plugin is loaded with -fplugin=, as Enzyme's RUN lines load ClangEnzyme, so that Enzyme's
source attributes (`__attribute__((enzyme_inactive))`, ...) are known; on the CLI route it only
turns them into annotations and differentiates nothing.

A case passes when the program exits 0. Files whose RUN lines expect a failure (`not`, or
clang's `-verify` of Enzyme's own error texts) or check text (FileCheck) are reported apart as
"expects-error"/"filecheck" and are run anyway:
their outcome is printed, not counted as pass or fail. The last line is
"N passed, M failed, R refused (Catalase stopped with a diagnostic)".
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_lines(text):
    lines = []
    for line in text.splitlines():
        m = re.match(r"\s*//\s*RUN:\s*(.*)", line)
        if m:
            lines.append(m.group(1).rstrip("\\").strip())
    return lines


def front_flags(run):
    """The front-end flags of one RUN line: what clang itself needs to compile the file."""
    flags = []
    # `if [ … ]; then CMD; fi` wraps: a word like `-verify;` ends a shell command, not a flag.
    words = [w.rstrip(";") for w in shlex.split(run.replace("%s", "SRC"), posix=True)] if run else []
    skip = False
    for i, w in enumerate(words):
        if skip:
            skip = False
            continue
        if w in ("-mllvm", "-Xclang") and i + 1 < len(words):
            nxt = words[i + 1]
            # -verify checks Enzyme's own diagnostic texts, which Catalase words differently.
            # -disable-llvm-passes/-optzns: Enzyme's "O0 with TBAA" for one RUN line; kept, it would
            # turn off every level's optimizer (and with it the plugin).
            keep = not nxt.startswith("-load") and not nxt.startswith("-disable-llvm-") and nxt.rstrip(";") != "-verify"
            if w == "-Xclang" and keep and "enzyme" not in nxt.lower() and "%" not in nxt:
                flags += [w, nxt]
            skip = True
            continue
        if w == "|":
            break
        if re.match(r"-(std=|f(?!pass-plugin)|D|I|x$|g$|Wno-|march|mavx|msse|mfma)", w) and "%" not in w and "enzyme" not in w.lower():
            if w.startswith("-fplugin") or w.startswith("-fno-experimental-new-pass-manager"):
                continue
            flags.append(w)
    return flags


def plan(path):
    text = path.read_text(errors="replace")
    runs = run_lines(text)
    kind = "run"
    if any(re.search(r"(^|\|)\s*not\s", r) or " not " in r or re.search(r"-verify\b", r) for r in runs):
        kind = "expects-error"
    elif any("FileCheck" in r for r in runs):
        kind = "filecheck"
    # %O0TBAA is Enzyme's lit spelling of "-O0 but keep TBAA" (-O1 with the passes off): run it as O0.
    levels = sorted({m for r in runs for m in re.findall(r"[-%](O[0-3s])(?:\b|TBAA)", r)}) or ["O0", "O2"]
    levels = [lv for lv in levels if lv in ("O0", "O1", "O2", "O3")]
    flags = []
    cxx = path.suffix in (".cpp", ".cc")
    for r in runs:
        f = [w for w in front_flags(r) if not re.match(r"-O[0-3s]$", w)]
        # a C standard given to a C++ file (or the reverse) is an error to clang++
        f = [w for w in f if not (w.startswith("-std=") and w.startswith("-std=c") != w.startswith("-std=c++") and cxx)]
        if len(f) > len(flags):
            flags = f
    # Enzyme's -enzyme-loose-types is Catalase's loose-types option, at the levels that ask for it.
    loose = {m for r in runs if "-enzyme-loose-types" in r for m in re.findall(r"[-%](O[0-3s])(?:\b|TBAA)", r)}
    return kind, levels, flags, loose


def step(cmd, env=None, timeout=300):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return 124, "timeout"


def one(case, route, level, flags, tools, keep, loose=False, root=None):
    src, kind = case
    env = dict(os.environ)
    if loose:
        env["CATALASE_OPTIONS"] = f"{env.get('CATALASE_OPTIONS', '')} loose-types".strip()
    cc = tools["cxx"] if src.suffix in (".cpp", ".cc") else tools["cc"]
    work = Path(tempfile.mkdtemp(prefix="enzsuite-"))
    exe = work / "a.out"
    libs = ["-lm"] + (["-lstdc++"] if cc == tools["cxx"] else [])
    # Enzyme's lit configuration puts the Integration folder on the include path too: some
    # programs include "test_utils.h" without "../".
    roots = [f"-I{root}"] if root is not None and Path(root) != src.parent else []
    base = [cc, f"-{level}", *flags, f"-I{src.parent}", *roots, f"-I{ROOT / 'include'}"]
    if route == "cli":
        rc, out = step([*base, f"-fplugin={tools['plugin']}", "-fplugin-arg-catalase-attributes-only",
                        "-S", "-emit-llvm", str(src), "-o", str(work / "a.ll")])
        if rc:
            return "front-fail", out
        rc, out = step([tools["catalase"], "opt", str(work / "a.ll"), "-o", str(work / "b.ll")], env=env)
        if rc:
            return ("crash" if "panicked" in out or rc < 0 else "refused"), out
        rc, out = step([cc, f"-{level}", str(work / "b.ll"), "-o", str(exe), *libs])
        if rc:
            return "link-fail", out
    else:
        rc, out = step([*base, f"-fplugin={tools['plugin']}", str(src), "-o", str(exe), *libs], env=env)
        if rc:
            crashed = "PLEASE submit" in out or "panicked" in out or rc < 0
            return ("crash" if crashed else "refused" if "catalase::" in out else "front-fail"), out
    rc, out = step([str(exe)], timeout=120)
    if not keep:
        subprocess.run(["rm", "-rf", str(work)])
    if rc == 0:
        return "pass", out
    return ("wrong" if "Assertion Failed" in out else f"exit {rc}"), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True, help="Enzyme's enzyme/test/Integration folder (or a copy)")
    ap.add_argument("--subdirs", default="")
    ap.add_argument("--filter", default="")
    ap.add_argument("--routes", default="cli,plugin")
    ap.add_argument("--levels", default="O0,O1,O2,O3")
    ap.add_argument("--catalase", default=str(ROOT / "target/release/catalase"))
    ap.add_argument("--plugin", default=str(ROOT / "target/release/libcatalase_plugin.so"))
    ap.add_argument("--cc", default="clang-22")
    ap.add_argument("--cxx", default="clang++-22")
    ap.add_argument("--keep", action="store_true", help="keep work directories")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the output of failures")
    ap.add_argument("-j", type=int, default=2)
    args = ap.parse_args()
    tools = {"cc": args.cc, "cxx": args.cxx, "catalase": args.catalase, "plugin": args.plugin}
    root = Path(args.dir)
    subdirs = [s for s in args.subdirs.split(",") if s]
    files = sorted(p for p in root.rglob("*") if p.suffix in (".c", ".cpp") and args.filter in str(p))
    if subdirs:
        files = [p for p in files if p.relative_to(root).parts[0] in subdirs]
    jobs = []
    for f in files:
        kind, levels, flags, loose = plan(f)
        for lv in levels:
            if lv not in args.levels.split(","):
                continue
            for route in args.routes.split(","):
                jobs.append(((f, kind), route, lv, flags, lv in loose))
    counts = {}
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        futs = {pool.submit(one, c, r, lv, fl, tools, args.keep, lo, root): (c, r, lv) for c, r, lv, fl, lo in jobs}
        for fut in concurrent.futures.as_completed(futs):
            (src, kind), route, lv = futs[fut]
            outcome, out = fut.result()
            name = src.relative_to(root)
            tag = outcome if kind == "run" else f"{kind}:{outcome}"
            counts[tag] = counts.get(tag, 0) + 1
            if outcome != "pass" or kind != "run":
                print(f"{tag:24} {name} {route} {lv}", flush=True)
                if args.verbose and outcome != "pass":
                    lines = [ln for ln in out.splitlines() if ln.strip()]
                    print("    " + "\n    ".join(lines[:12]))
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    passed = counts.get("pass", 0)
    refused = counts.get("refused", 0)
    failed = sum(v for k, v in counts.items() if k not in ("pass", "refused") and ":" not in k)
    print(f"{passed} passed, {failed} failed, {refused} refused")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
