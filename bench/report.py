"""bench/reverse.py's output: markdown tables (gradient/primal by tool; forward at width 1 and 8;
absolute times; memory, tape and transform time), the notes (refusals, wrong derivatives, peers
not installed), PNG charts (bench/chart.py in bench/.venv) and the raw numbers as JSON, written
into bench/results/<date>-<time>/."""
import datetime
import json
import subprocess

from common import BENCH, RESULTS, VENV_PYTHON, machine_line

HEADERS = {"plugin": "Catalase plugin", "cli": "Catalase CLI", "enzyme": "real Enzyme", "jax": "JAX",
           "adolc": "ADOL-C", "numdual": "num-dual (Rust)", "adtrait": "ad_trait (Rust)"}
# Peers of one mode only: num-dual is forward mode, ad_trait is timed in reverse mode.
FORWARD_ONLY, REVERSE_ONLY = ("numdual",), ("adtrait",)
NATIVE = ("plugin", "cli")
JACOBIAN_FAMILIES = ("ba", "jacobian")


def micros(seconds):
    us = seconds * 1e6
    return f"{us:.3g}" if us < 100 else f"{us:,.0f}"


def fmt_bytes(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024.0


def run_of(r, tool, key):
    """The timing of derivative `key` ("grad", 1, 8) for tool result `r`, or None."""
    if r is None:
        return None
    if tool in NATIVE or tool == "enzyme":
        return r["runs"].get({"grad": 0}.get(key, key))
    return r["runs"].get({"grad": "grad", 1: "fwd1", 8: "fwd8"}[key])


def ok_of(r, tool, key):
    if tool in NATIVE or tool == "enzyme":
        return r["ok"].get(key, False)
    return r["ok"].get({"grad": "grad", 1: "fwd1", 8: "fwd8"}[key], False)


def cell(got, tool, key):
    r = got.get(tool)
    if r is None:
        why = got.get("why", {}).get(tool, "")
        if why.startswith("not run") or "not installed" in why:
            return why.split(":")[0]
        return "failed (see notes)"
    t = run_of(r, tool, key)
    if t is None:
        return "—"
    text = f"{t['ratio']:.2f} ({t['lo']:.2f}–{t['hi']:.2f})"
    reuse = r["runs"].get("grad_reuse") if tool == "adolc" and key == "grad" else None
    if reuse:
        text += f"; tape reused {reuse['ratio']:.2f}"
    return text if ok_of(r, tool, key) else f"~~{t['ratio']:.2f}~~ wrong"


def ratio_value(r, tool, key):
    t = run_of(r, tool, key) if r else None
    return t["ratio"] if t and ok_of(r, tool, key) else None


def reverse_table(measured, tools):
    tools = [t for t in tools if t not in FORWARD_ONLY]
    head = ["workload", "primal µs (Catalase plugin)", *[f"{HEADERS[t]}" for t in tools], "finite differences"]
    rows = []
    for _, label, _, got in measured:
        ref = next((got[t] for t in NATIVE if got.get(t)), None)
        primal = micros(ref["runs"][0]["primal_s"]) if ref and ref["runs"] else "—"
        fd = f"{ref['check']['fd_cost']:.0f} primal calls" if ref else "—"
        rows.append([label, primal, *[cell(got, t, "grad") for t in tools], fd])
    return head, rows


def forward_table(measured, tools):
    head = ["workload"]
    for t in tools:
        head += [f"{HEADERS[t]} width 1", f"{HEADERS[t]} width 8"]
    head.append("Catalase plugin: one width-8 sweep ÷ 8 width-1 sweeps")
    rows = []
    for _, label, family, got in measured:
        row = [label]
        for t in tools:
            row += [cell(got, t, 1), cell(got, t, 8)]
        r = got.get("plugin")
        w1, w8 = (run_of(r, "plugin", 1), run_of(r, "plugin", 8)) if r else (None, None)
        # Scalar objectives: width 8 computes 8 tangents, width 1 one; Jacobians: both the whole matrix.
        lanes = 1 if family in JACOBIAN_FAMILIES else 8
        row.append(f"{w8['tangent_s'] / (lanes * w1['tangent_s']):.2f}" if w1 and w8 else "—")
        rows.append(row)
    return head, rows


def times_table(measured, tools):
    tools = [t for t in tools if t not in FORWARD_ONLY]
    head = ["workload", *[f"{HEADERS[t]} primal / gradient µs" for t in tools]]
    rows = []
    for _, label, _, got in measured:
        row = [label]
        for t in tools:
            run = run_of(got.get(t), t, "grad")
            row.append(f"{micros(run['primal_s'])} / {micros(run['tangent_s'])}" if run else "—")
        rows.append(row)
    return head, rows


def held(mem):
    """The heap a gradient call holds beyond a primal call, from an `exe mem`-shaped dict."""
    return fmt_bytes(mem["gradient_heap"] - mem["primal_heap"])


def enzyme_heap_cell(got):
    """Real Enzyme's figure (bench/heap_preload.c), struck through when its gradient is wrong."""
    enz = got.get("enzyme")
    if not enz or not enz.get("mem"):
        return "—"
    return held(enz["mem"]) if enz["ok"].get("grad") else f"~~{held(enz['mem'])}~~ wrong gradient"


def memory_table(measured):
    head = ["workload", "Catalase: heap held by the gradient beyond the primal (tape + shadows)",
            "real Enzyme: heap held by the gradient beyond the primal", "Catalase: peak RSS MiB primal / gradient",
            "`catalase opt` CPU s: both modes / reverse only / forward only", "real Enzyme compile s (wall)",
            "JAX compile s (wall)", "ad_trait tape, scalar objectives (its nodes × 40 B)"]
    rows = []
    for _, label, _, got in measured:
        ref = next((got[t] for t in NATIVE if got.get(t) and got[t].get("mem")), None)
        tape = rss = transform = "—"
        if ref:
            m = ref["mem"]
            tape = held(m)
            rss = f"{m['primal_rss_kib'] / 1024:.1f} / {m['gradient_rss_kib'] / 1024:.1f}"
        cli = got.get("cli")
        if cli and cli.get("transform_s"):
            ts = cli["transform_s"]
            transform = " / ".join(f"{ts[k]:.2f}" if ts.get(k) is not None else "—" for k in ("both", "reverse", "forward"))
        enz = f"{got['enzyme']['compile_s']:.2f}" if got.get("enzyme") else "—"
        jx = f"{got['jax']['compile_s']:.2f}" if got.get("jax") and got["jax"].get("compile_s") else "—"
        adt = got.get("adtrait") or {}
        rows.append([label, tape, enzyme_heap_cell(got), rss, transform, enz, jx, fmt_bytes(adt["tape_bytes"]) if adt.get("tape_bytes") else "—"])
    return head, rows


def markdown(head, rows):
    return "\n".join(["| " + " | ".join(head) + " |", "|---" * len(head) + "|",
                      *["| " + " | ".join(r) + " |" for r in rows]])


def chart(spec, path):
    """Draws one chart with bench/.venv's matplotlib; returns a note when it cannot."""
    if not VENV_PYTHON.exists():
        return f"no chart {path.name}: bench/.venv missing"
    out = subprocess.run([VENV_PYTHON, BENCH / "chart.py", "-", path], input=json.dumps(spec), text=True,
                         capture_output=True)
    return None if out.returncode == 0 else f"no chart {path.name}: {out.stderr.strip()[-300:]}"


def draw_charts(measured, tools, folder):
    short = lambda label: label.replace(", ", "\n", 1)
    rev = [{"workload": short(l), **{HEADERS[t]: ratio_value(g.get(t), t, "grad") for t in tools if t not in FORWARD_ONLY}}
           for _, l, _, g in measured]
    fwd = [{"workload": short(l), **{f"{HEADERS[t]} w{k}": ratio_value(g.get(t), t, k)
                                     for t in ("plugin", "enzyme", "numdual")
                                     if t in tools for k in (1, 8)}} for _, l, _, g in measured]
    trans = []
    for _, l, _, g in measured:
        ts = (g.get("cli") or {}).get("transform_s") or {}
        trans.append({"workload": short(l), **{f"catalase opt, {k}": ts.get(k) for k in ("both", "reverse", "forward")}})
    specs = [("reverse.png", "Reverse gradient time ÷ own primal time (log scale; missing = failed or wrong)", rev, True),
             ("forward.png", "Forward derivative time ÷ primal time, width 1 and 8 (log scale)", fwd, True),
             ("transform.png", "`catalase opt` CPU seconds per module", trans, False)]
    notes = [chart({"title": title, "data": data, "log": log}, folder / name) for name, title, data, log in specs]
    return [n for n in notes if n]


def forward_kernels(cpu):
    """bench/forward.py's table (the forward kernels of the issue 'Forward mode as fast as Enzyme's')."""
    out = subprocess.run(["python3", BENCH / "forward.py", "--cpu", str(cpu)], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else f"bench/forward.py failed: {out.stderr.strip()[-500:]}"


def folder():
    """bench/results/<date>-<time>/, made now."""
    path = RESULTS / datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d-%H%M")
    path.mkdir(parents=True, exist_ok=True)
    return path


def batched_cell(batched, tool):
    if tool not in batched:
        return "—"
    r = batched[tool]
    if r is None or not r["ok"]:
        return "failed (see notes)" if r is None else "wrong (see notes)"
    return f"{r['run']['ratio']:.2f} ({r['run']['lo']:.2f}–{r['run']['hi']:.2f})"


def batched_table(measured):
    """Dense Jacobians, the whole matrix three ways: reverse by m width-1 sweeps, batched reverse by
    ceil(m/8) width-8 sweeps (plugin, CLI, real Enzyme) and forward by n/8 width-8 sweeps."""
    head = ["workload", "reverse, m sweeps of width 1 (plugin)", *[f"batched reverse, ceil(m/8) sweeps of width 8 ({HEADERS[t]})"
            for t in ("plugin", "cli", "enzyme")], "forward, n/8 sweeps of width 8 (plugin)"]
    rows = []
    for _, label, _, got in measured:
        if "batched" not in got:
            continue
        row = [label, cell(got, "plugin", "grad")]
        for t in ("plugin", "cli", "enzyme"):
            row.append(batched_cell(got["batched"], t))
        rows.append(row + [cell(got, "plugin", 8)])
    return head, rows


def write(folder, measured, tools, notes, forward_kernels_text, cpu, geomean_line, charts=True):
    chart_notes = draw_charts(measured, tools, folder) if charts else []
    parts = [machine_line("Gradient and forward times ÷ primal time", cpu), "",
             "### Reverse mode: gradient time ÷ own primal time", "", markdown(*reverse_table(measured, tools))]
    batched = batched_table(measured)
    if batched[1]:
        parts += ["", "### Dense Jacobian: the whole matrix, time ÷ primal time", "", markdown(*batched)]
    parts += ["", "### Forward mode: derivative time ÷ primal time at width 1 and 8", "",
              markdown(*forward_table(measured, [t for t in tools if t in ("plugin", "enzyme", "jax", "adolc", "numdual")])),
              "", "### Absolute times (median per call)", "", markdown(*times_table(measured, tools)),
              "", "### Memory, tape and transform time", "", markdown(*memory_table(measured))]
    if forward_kernels_text:
        parts += ["", "### Forward-mode kernels (bench/forward.py)", "", forward_kernels_text]
    if notes or chart_notes:
        parts += ["", "### Notes", "", *[f"- {n}" for n in notes + chart_notes]]
    parts += ["", f"Tape formulas (`catalase opt --print=tape`): bench/results/build/<workload>/tape.txt.",
              "", geomean_line]
    text = "\n".join(parts)
    (folder / "report.md").write_text(text + "\n")
    raw = [{"workload": stem, "label": label, "family": family, "got": got} for stem, label, family, got in measured]
    (folder / "results.json").write_text(json.dumps(raw, indent=1, default=str) + "\n")
    return text
