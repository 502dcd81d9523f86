"""Render `keras-acts bench` JSON files (one per backend) as docs/benchmarks.md tables.

for b in jax torch tensorflow; do KERAS_BACKEND=$b keras-acts bench -o out/bench-$b.json; done
python scripts/bench_report.py out/bench-*.json > docs/benchmarks.md
"""

from __future__ import annotations

import json
import platform
import sys


def _fmt_bytes(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1024:.0f} KiB"


def render(results: list[dict]) -> str:
    out = []
    for r in results:
        rows = r["rows"]
        over = [x for x in rows if x["ratio"] > 1.10]
        worst = max(rows, key=lambda x: x["ratio"])
        out.append(f"## {r['backend']}\n")
        out.append(
            f"keras {r['keras']}, {r['date']}, {r['machine']}, medians of {r['reps']} interleaved runs "
            f"after warm-up. Ratio = keras_acts / native; `*` marks activations without a native "
            f"kernel, compared with a hand-written expression in the backend's ops.\n"
        )
        out.append(
            f"Rows within the 1.10x target: {len(rows) - len(over)} of {len(rows)}; worst: "
            f"{worst['activation']} ({worst['mode']}, {worst['size']}) at {worst['ratio']:.2f}x.\n"
        )
        if "model" in r:
            m = r["model"]
            out.append(
                f"CNN train step (Conv-Conv-Dense with ReLU, GELU, HardTanh): keras_acts "
                f"{m['keras_acts_step_ms']:.2f} ms, Keras built-in {m['builtin_step_ms']:.2f} ms, "
                f"throughput ratio {m['throughput_ratio']:.3f} (target >= 0.95).\n"
            )
        out.append(
            "| activation | elements | mode | keras_acts ms | native ms | ratio | saved for backward (ours / native) |"
        )
        out.append("|---|---|---|---|---|---|---|")
        for x in rows:
            saved = ""
            if "saved_bytes" in x:
                saved = f"{_fmt_bytes(x['saved_bytes'])} / {_fmt_bytes(x['native_saved_bytes'])}"
            flag = " **over**" if x["ratio"] > 1.25 else ""
            out.append(
                f"| {x['activation']} | {x['size']} | {x['mode']} | {x['keras_acts_ms']:.3f} | "
                f"{x['native_ms']:.3f} | {x['ratio']:.2f}{flag} | {saved} |"
            )
        out.append("")
    return "\n".join(out)


def main(paths: list[str]) -> None:
    results = [json.load(open(p)) for p in paths]
    print("# Benchmarks\n")
    print(
        f"Measured with `keras-acts bench` on this project's CI machine class ({platform.machine()}, "
        "2 CPU cores, no GPU; no GPU was lent to this task, so there is no GPU table). "
        "Timings on this machine are noisy: ratios are taken against the native op in the same "
        "process, interleaved, as medians.\n"
    )
    print(render(results))


if __name__ == "__main__":
    main(sys.argv[1:])
