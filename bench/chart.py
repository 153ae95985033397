"""Draws one grouped bar chart for bench/report.py: JSON on stdin, {"title", "log", "data": a list of
{"workload": label, series: value or null}}, into the PNG named by argv[2]. A missing value (failed,
wrong or not run) leaves a gap marked with a small ×. Run with bench/.venv's python (matplotlib)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    spec = json.load(sys.stdin)
    data = spec["data"]
    series = [k for k in data[0] if k != "workload"] if data else []
    fig, ax = plt.subplots(figsize=(min(16, max(10, 0.9 * len(data) * max(1, len(series)) / 3)), 5.5))
    width = 0.8 / max(len(series), 1)
    for i, name in enumerate(series):
        xs = [j + i * width for j in range(len(data))]
        ys = [d.get(name) for d in data]
        ax.bar([x for x, y in zip(xs, ys) if y], [y for y in ys if y], width, label=name)
        missing = [x for x, y in zip(xs, ys) if not y]
        ax.plot(missing, [1.0 if spec.get("log") else 0.0] * len(missing), "x", color="grey", markersize=4)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(data))])
    ax.set_xticklabels([d["workload"] for d in data], fontsize=7, rotation=0)
    if spec.get("log"):
        ax.set_yscale("log")
    ax.set_title(spec["title"], fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=100)


if __name__ == "__main__":
    main()
