"""Render `keras-acts bench` JSON files (one per backend) as docs/benchmarks.md tables.

for b in jax torch tensorflow; do KERAS_BACKEND=$b keras-acts bench -o out/bench-$b.json; done
python scripts/bench_report.py out/bench-*.json > docs/benchmarks.md

On a machine with a GPU (the files record the device; kept in docs/bench/):
python scripts/bench_report.py --gpu docs/bench/bench-*-gpu.json > docs/benchmarks-gpu.md
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import keras_acts
from keras_acts import _backends, bench
from keras_acts._catalog import CHECKED, SAME_KERNEL


def _fmt_bytes(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1024:.0f} KiB"


def fast_paths(result: dict) -> frozenset[str]:
    """The activations with a fast path in a `keras-acts bench` result: as it recorded
    them, or (older files) the backend module's kernels; on JAX every deterministic
    function is compiled."""
    if "fast_paths" in result:
        return frozenset(result["fast_paths"])
    if result["backend"] == "jax":
        return frozenset(i.name for i in keras_acts.catalog() if i.family != "stochastic")
    return frozenset(_backends.backend_module(result["backend"]).KERNELS)


# Each row's activation and its declared notes on why keras-acts can be slower
# (`@activation(slower=...)`, a variant's `Baseline(slower=...)`).
NOTES = bench.row_notes()
_MECHANISMS = (SAME_KERNEL, CHECKED)


def _row(row: dict) -> tuple[str, str, dict[str, str]]:
    """A row's activation name, family and `slower` notes (none for an unknown row)."""
    name = row["activation"].rstrip("*")
    decl, notes = NOTES.get(name, (None, {}))
    return (decl.name, decl.family, notes) if decl is not None else (name, "", {})


def why_gpu(backend: str, row: dict, fast: frozenset[str]) -> str:
    """A short reason for a GPU row over the target."""
    if row["ratio"] <= 1.10:
        return ""
    name, family, _ = _row(row)
    mode = row["mode"]
    if backend == "jax" or mode.startswith("compiled"):
        return "compiled: the same fused program up to the guards; microseconds, run-to-run noise"
    if family == "stochastic":
        return "the noise drawn through keras.random (a seed generator's state update) against torch's in-place exponential"
    if row["size"] <= 2**22:
        # A 4M-element elementwise kernel takes ~10-20 us on an H200: the Python call and
        # each extra launch are a large part of it.
        if name not in fast:
            return "launch-bound: one kernel launch per keras.ops call (no fast path), against a ~10-20 us kernel"
        return (
            "launch-bound: the public function's Python dispatch (~5 us: argument checks, conversion) "
            "and, in the device forms, their masked fills for +-inf/NaN, against a ~10-20 us kernel"
        )
    if name not in fast:
        return "composed keras.ops form: one kernel per op (no fast path)"
    return "the device form: the native kernel plus masked fills for +-inf/NaN, each a pass over memory"


def why(backend: str, row: dict, fast: frozenset[str]) -> str:
    """A short reason for a row over the target (`fast`: the backend's fast paths): the
    activation's declared note for the backend, then the mechanisms (the same kernel, a
    checked kernel, dispatch), then its note for every backend, then the defaults."""
    if row["ratio"] <= 1.10:
        return ""
    name, family, notes = _row(row)
    mode, size = row["mode"], row["size"]
    eager = mode.startswith("eager")
    small = size <= 65536
    own, common = notes.get(backend, ""), notes.get("", "")
    if own and own not in _MECHANISMS:
        return own
    if SAME_KERNEL in (own, common) and not (eager and small and backend != "jax"):
        # keras-acts runs the very kernel (JAX: the same one-op XLA program) as native.
        return SAME_KERNEL
    if eager and own == CHECKED:
        return CHECKED + ("; at 2^16 also the call's argument checks (a few us)" if small else "")
    if eager and small and name in fast:
        return "dispatch: argument checks and conversion (~2-5 us) against a ~5-50 us kernel"
    if backend != "jax" and eager and name in fast:
        return "native kernel behind the public function: run-to-run noise"
    if common and common not in _MECHANISMS:
        return common
    if mode.startswith("compiled"):
        return "compiled: the same fused program up to the guards; small absolute times, run-to-run noise"
    if family == "stochastic":
        return ""
    if backend == "jax":
        guards = "the guards (double where for +-inf and kinks)"
        return ("gradient of " + guards if mode.endswith("fwd+bwd") else guards) + " in the compiled program"
    return (
        "composed keras.ops form: one kernel per op in eager mode (no native kernel with the same semantics)"
    )


def render(results: list[dict]) -> str:
    out = []
    for r in results:
        rows = r["rows"]
        fast = fast_paths(r)
        gpu = r.get("device", "cpu") != "cpu"
        reason = why_gpu if gpu else why
        over = [x for x in rows if x["ratio"] > 1.10]
        worst = max(rows, key=lambda x: x["ratio"])
        out.append(f"## {r['backend']}" + (f" on {r['device']}\n" if gpu else "\n"))
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
                f"throughput ratio {m['throughput_ratio']:.3f} (target >= 0.95; the median of the ratios of "
                f"steps taken in pairs, in alternating order).\n"
            )
        out.append(
            "| activation | elements | mode | keras_acts ms | native ms | ratio | saved for backward (ours / native) | why over 1.10x |"
        )
        out.append("|---|---|---|---|---|---|---|---|")
        for x in rows:
            saved = ""
            if "saved_bytes" in x:
                saved = f"{_fmt_bytes(x['saved_bytes'])} / {_fmt_bytes(x['native_saved_bytes'])}"
            flag = " **over**" if x["ratio"] > 1.25 else ""
            out.append(
                f"| {x['activation']} | {x['size']} | {x['mode']} | {x['keras_acts_ms']:.3f} | "
                f"{x['native_ms']:.3f} | {x['ratio']:.2f}{flag} | {saved} | {reason(r['backend'], x, fast)} |"
            )
        out.append("")
    return "\n".join(out)


def _intro(name: str, **fields: str) -> str:
    """The hand-written text above the tables (`scripts/bench_intro*.md`), its fields filled."""
    return (Path(__file__).parent / name).read_text().format(**fields)


def main(paths: list[str]) -> None:
    if paths and paths[0] == "--gpu":
        results = [json.load(open(p)) for p in paths[1:]]
        print("# Benchmarks on a GPU\n")
        versions = {r["backend"]: r.get("versions", {}).get(r["backend"], "") for r in results}
        print(
            _intro(
                "bench_intro_gpu.md",
                date=results[0]["date"],
                torch=versions.get("torch", ""),
                jax=versions.get("jax", ""),
            )
        )
        print(render(results))
        return
    results = [json.load(open(p)) for p in paths]
    print("# Benchmarks\n")
    print(_intro("bench_intro.md", machine=platform.machine()))
    print(render(results))


if __name__ == "__main__":
    main(sys.argv[1:])
