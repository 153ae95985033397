"""Draws bench/reverse.py's gradient/primal ratios (JSON on stdin: a list of {workload, tool: ratio})
as a grouped bar chart into the PNG named by argv[2]; run with bench/.venv's python (matplotlib)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    data = json.load(sys.stdin)
    tools = [k for k in data[0] if k != "workload"] if data else []
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(len(tools), 1)
    for i, tool in enumerate(tools):
        xs = [j + i * width for j in range(len(data))]
        ys = [d[tool] or 0.0 for d in data]
        ax.bar(xs, ys, width, label=tool)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(data))])
    ax.set_xticklabels([d["workload"].split(",")[0] + "\n" + ",".join(d["workload"].split(",")[1:])[:30]
                        for d in data], fontsize=7)
    ax.set_ylabel("gradient time ÷ primal time (lower is better; 0 = failed or wrong)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
