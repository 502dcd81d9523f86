"""Benchmark keras_acts against the backend's native activations.

    KERAS_BACKEND=torch keras-acts bench [--sizes 65536 4194304] [--reps 15] [-o bench.json]
    KERAS_BACKEND=torch python -m keras_acts.bench ...

For each activation with a native counterpart on the current backend (`torch.nn.functional`,
`jax.nn`, `tf.nn`) -- or, where there is none, a hand-written expression in the backend's
own ops; both come from the declarations (`_natives`) -- it times keras_acts and the native op in the same process, interleaved, as the
median of `--reps` runs after warm-up: forward and forward+backward, eager and compiled
(`jax.jit`; `tf.function(jit_compile=True)`; `torch.compile` when `--torch-compile`). It
reports the ratio keras_acts / native and the bytes saved for backward (torch:
`saved_tensors_hooks`; JAX: the compiled gradient's `memory_analysis()`; TensorFlow: not
measured). It then compares a small CNN's train step with keras_acts layers against the
same model with Keras built-in activations.

This is a tool, not library code: it imports the current backend directly.
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

import keras_acts
from keras_acts import _catalog
from keras_acts._backends import fast_path_names

Pairs = dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]


def _natives(backend: str) -> Pairs:
    """Row name -> (keras_acts callable, the backend's native callable it is timed against),
    from the declarations (`keras_acts._catalog.activation`): each activation's declared
    equivalent where it is a plain function of `x` at the defaults, and its `bench=`
    baselines (expressions in the backend's ops, variants); a `*` marks a row whose native
    side does not call the backend's declared equivalent (the backend has no op)."""
    pairs: Pairs = {}
    for decl in _catalog.declarations():
        if decl.export and decl.public is not None:
            for row, ours, native in _rows(decl, backend):
                pairs[row] = (ours, native)
    return pairs


# An equivalent that names a function with keras-acts' semantics at the defaults: a dotted
# path alone, or with "(defaults)" ("torch.relu (defaults)"); not one with a note on
# other semantics ("jax.nn.gelu (approximate=True by default there)").
_PLAIN_EQUIVALENT = re.compile(r"([A-Za-z_][\w.]*)(?: \(defaults\))?")
# The names an expression may use for the backends' top-level modules.
_MODULES = {"tf": "tensorflow"}


def _rows(
    decl: _catalog.Declaration, backend: str
) -> list[tuple[str, Callable[[Any], Any], Callable[[Any], Any]]]:
    """The rows of one activation on `backend`: (row name, ours, native)."""
    fn, equivalent = decl.public, getattr(decl, backend)
    rows = {}
    plain = _plain(decl, equivalent)
    if plain is not None:
        rows[decl.name] = (decl.name, fn, plain)
    for base in decl.bench:
        text = getattr(base, backend)
        native = _expression(text) if text else None
        if native is None:
            continue
        path = equivalent.split()[0] if equivalent else ""
        name = (base.row or decl.name) + ("" if path and path in text else "*")
        ours = functools.partial(fn, **base.params) if base.params else fn
        rows[base.row or decl.name] = (name, ours, native)
    return list(rows.values())


def _plain(decl: _catalog.Declaration, equivalent: str) -> Callable[[Any], Any] | None:
    """The declared equivalent where it is a plain function of `x` with keras-acts'
    semantics at the defaults (`tests/test_bench.py` checks that each gives keras-acts'
    values), or `None`."""
    match = _PLAIN_EQUIVALENT.fullmatch(equivalent)
    required = any(v is _catalog.REQUIRED for v in decl.defaults.values())  # no defaults to time
    if match is None or decl.family == "stochastic" or required:
        return None
    module, _, attr = match.group(1).rpartition(".")
    head, dot, rest = module.partition(".")
    try:
        native = getattr(importlib.import_module(_MODULES.get(head, head) + dot + rest), attr)
    except (ImportError, AttributeError):  # an equivalent from a newer release
        return None
    return native if callable(native) and not isinstance(native, type) else None  # not nn.Identity


def _expression(text: str) -> Callable[[Any], Any] | None:
    """A `Baseline` expression as a function of `x` (of its halves `a`, `b` where it names
    them), its modules imported; `None` where one is not installed."""
    names = {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    halves = bool(names & {"a", "b"})
    namespace = {}
    for name in sorted(names - {"x", "a", "b"}):
        try:
            namespace[name] = importlib.import_module(_MODULES.get(name, name))
        except ImportError:  # an optional package
            return None
    fn = eval(f"lambda {'a, b' if halves else 'x'}: {text}", namespace)
    return _first_half_gated(fn) if halves else fn


def row_notes() -> dict[str, tuple[_catalog.Declaration, dict[str, str]]]:
    """Every row name a backend can have (without its `*`) -> the activation's declaration
    and the notes on why keras-acts can be slower there, by backend (`""`: any): the
    declaration's `slower=`, or a variant's own (`scripts/bench_report.py`'s reasons)."""
    out = {}
    for decl in _catalog.declarations():
        out[decl.name] = (decl, decl.slower)
        for base in decl.bench:
            if base.row:
                out[base.row] = (decl, dict(base.slower))
    return out


def _first_half_gated(act: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
    """`act(a, b)` on `a, b`, the halves of the last axis (a GLU variant's native side)."""

    def gated(x: Any) -> Any:
        n = x.shape[-1] // 2
        return act(x[..., :n], x[..., n:])

    return gated


def _runner(backend: str, fn: Callable[[Any], Any], backward: bool, compiled: bool, torch_compile: bool):
    """A zero-argument callable computing fn (and its gradient) on a fixed input, blocking."""
    if backend == "torch":
        import torch

        f = torch.compile(fn) if (compiled and torch_compile) else fn

        # Kernels on an accelerator run asynchronously: wait for them, or the timer
        # measures the launch only.
        sync = torch.cuda.synchronize if torch.cuda.is_available() else (lambda: None)

        def run(x):
            if backward:
                x = x.detach().requires_grad_(True)
                y = f(x)
                (g,) = torch.autograd.grad(y.sum(), x)
            else:
                with torch.no_grad():
                    g = f(x)
            sync()
            return g

        return run
    if backend == "jax":
        import jax

        g = (lambda x: jax.grad(lambda v: fn(v).sum())(x)) if backward else fn
        g = jax.jit(g) if compiled else g
        return lambda x: g(x).block_until_ready()
    import tensorflow as tf

    def step(x):
        if backward:
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.reduce_sum(fn(x))
            return tape.gradient(y, x)
        return fn(x)

    f = tf.function(step, jit_compile=True) if compiled else step
    return lambda x: f(x).numpy()


def _times(runners: list[Callable[[Any], Any]], x: Any, reps: int) -> list[list[float]]:
    """Each runner's `reps` times in seconds, after warm-up, the runners interleaved."""
    for r in runners:  # warm-up (and compilation)
        r(x)
        r(x)
    times: list[list[float]] = [[] for _ in runners]
    for _ in range(reps):
        for i, r in enumerate(runners):  # interleaved
            start = time.perf_counter()
            r(x)
            times[i].append(time.perf_counter() - start)
    return times


def _spread(ours: list[float], native: list[float]) -> tuple[float, float]:
    """The 10th and 90th percentiles of the per-repetition ratios (each pair timed back to back)."""
    ratios = sorted(a / b for a, b in zip(ours, native, strict=True))
    pick = lambda q: ratios[min(len(ratios) - 1, round(q * (len(ratios) - 1)))]  # noqa: E731
    return pick(0.1), pick(0.9)


def _saved_bytes(backend: str, fn: Callable[[Any], Any], x: Any) -> int | None:
    if backend == "torch":
        import torch

        total = 0

        def pack(t):
            nonlocal total
            total += t.numel() * t.element_size()
            return t

        xg = x.detach().requires_grad_(True)
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            fn(xg).sum()
        return total
    if backend == "jax":
        import jax

        grad = jax.jit(jax.grad(lambda v: fn(v).sum()))
        analysis = grad.lower(x).compile().memory_analysis()
        return None if analysis is None else int(analysis.temp_size_in_bytes)
    return None


def _input(backend: str, size: int) -> Any:
    x = np.random.default_rng(0).normal(scale=3.0, size=(size // 256, 256)).astype("float32")
    return keras.ops.convert_to_tensor(x)


def _cases(backend: str, sizes: list[int], torch_compile: bool, only: list[str] | None) -> list[tuple]:
    """(row name, ours, native, size, compiled, backward) for every timing to take."""
    modes = [
        (c, b)
        for c in (False, True)
        for b in (False, True)
        if not (c and backend == "torch" and not torch_compile)
    ]
    return [
        (name, ours, native, size, compiled, backward)
        for name, (ours, native) in _natives(backend).items()
        if not only or name.rstrip("*") in only
        for size in sizes
        for compiled, backward in modes
    ]


def bench_activations(
    sizes: list[int], reps: int, torch_compile: bool, only: list[str] | None, progress: bool = False
) -> list[dict]:
    backend = keras.backend.backend()
    cases = _cases(backend, sizes, torch_compile, only)
    rows = []
    with _Progress(len(cases), enabled=progress) as bar:
        for name, ours, native, size, compiled, backward in cases:
            x = _input(backend, size)
            mode = ("compiled" if compiled else "eager") + (" fwd+bwd" if backward else " fwd")
            bar.describe(f"{name} {size} {mode}")
            runners = [_runner(backend, f, backward, compiled, torch_compile) for f in (ours, native)]
            times = _times(runners, x, reps)
            t_ours, t_native = (statistics.median(t) for t in times)
            low, high = _spread(*times)
            row = {
                "activation": name,
                "size": size,
                "mode": mode,
                "keras_acts_ms": t_ours * 1e3,
                "native_ms": t_native * 1e3,
                "ratio": t_ours / t_native,
                "ratio_p10": low,
                "ratio_p90": high,
            }
            if backward and compiled == (backend == "jax"):
                row["saved_bytes"] = _saved_bytes(backend, ours, x)
                row["native_saved_bytes"] = _saved_bytes(backend, native, x)
            rows.append(row)
            bar.advance()
    return rows


class _Progress:
    """A progress bar on stderr (rich, which Keras depends on), or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar = None
        if enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description:<32}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=__import__("rich.console").console.Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("", total=total)

    def __enter__(self) -> _Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def describe(self, text: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=text)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)


def load_warning() -> str | None:
    """A warning when the machine is busy (1-minute load average over half the cores):
    the ratios are then noisier, though both sides of a pair are slowed alike."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available (Windows)
        return None
    cores = os.cpu_count() or 1
    if load > 0.5 * cores:
        return (
            f"warning: the machine is loaded (1-minute load average {load:.1f} on {cores} cores); "
            "timings are noisy, ratios less so (pairs are interleaved)"
        )
    return None


def bench_model(reps: int) -> dict:
    """Train-step time of a small CNN on 8x8 digit-sized images: keras_acts layers vs
    the same model with Keras built-in activation layers."""
    from keras import layers as L

    ka = keras_acts.layers

    def build(acts):
        keras.utils.set_random_seed(0)
        return keras.Sequential(
            [
                keras.Input((8, 8, 1)),
                L.Conv2D(32, 3, padding="same"),
                acts[0],
                L.Conv2D(32, 3, padding="same"),
                acts[1],
                L.Flatten(),
                L.Dense(64),
                acts[2],
                L.Dense(10),
            ]
        )

    variants = {
        "keras_acts": lambda: [ka.ReLU(), ka.GELU(), ka.HardTanh()],
        "keras_builtin": lambda: [L.ReLU(), L.Activation("gelu"), L.Activation("hard_tanh")],
    }
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8, 8, 1)).astype("float32")
    y = rng.integers(0, 10, size=(256,))
    models = {}
    for name, acts in variants.items():
        m = build(acts())
        m.compile(
            optimizer="adam",
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            jit_compile=keras.backend.backend() != "torch",
        )
        m.train_on_batch(x, y)
        models[name] = m
    # Steps in pairs, taken in alternating order; the ratio is the median of the pairs'
    # ratios, so that the machine's slow phases (seconds long on a shared VM) hit both
    # sides of a pair alike.
    times: dict[str, list[float]] = {n: [] for n in models}
    order = list(models)
    for rep in range(reps):
        for n in order if rep % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            models[n].train_on_batch(x, y)
            times[n].append(time.perf_counter() - start)
    ratios = [b / a for a, b in zip(times["keras_acts"], times["keras_builtin"], strict=True)]
    return {
        "keras_acts_step_ms": statistics.median(times["keras_acts"]) * 1e3,
        "builtin_step_ms": statistics.median(times["keras_builtin"]) * 1e3,
        "throughput_ratio": statistics.median(ratios),
    }


def _device() -> str:
    """The device the inputs live on: "cpu", or the accelerator's name."""
    backend = keras.backend.backend()
    if backend == "torch":
        import torch

        return torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"
    if backend == "jax":
        import jax

        d = jax.devices()[0]
        return "cpu" if d.platform == "cpu" else f"{d.platform}: {d.device_kind}"
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    return gpus[0].name if gpus else "cpu"


def _table(rows: list[dict]) -> str:
    head = "| activation | size | mode | keras_acts ms | native ms | ratio | p10-p90 | saved bytes (ours / native) |"
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        saved = ""
        if "saved_bytes" in r:
            saved = f"{r['saved_bytes']} / {r['native_saved_bytes']}"
        lines.append(
            f"| {r['activation']} | {r['size']} | {r['mode']} | {r['keras_acts_ms']:.3f} | "
            f"{r['native_ms']:.3f} | {r['ratio']:.2f} | {r['ratio_p10']:.2f}-{r['ratio_p90']:.2f} | {saved} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="keras-acts bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[2**16, 2**22],
        metavar="N",
        help="input sizes in elements, multiples of 256 (default: 65536 4194304)",
    )
    parser.add_argument(
        "--reps", type=int, default=15, help="timed repetitions per row; the median is reported (default: 15)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("--only", nargs="*", help="activation names to run (default: all)")
    parser.add_argument("--torch-compile", action="store_true", help="also time torch.compile")
    parser.add_argument("--no-model", action="store_true", help="skip the train-step comparison")
    parser.add_argument("-o", "--output", default="bench.json", help="JSON output file")
    args = parser.parse_args(argv)
    for s in args.sizes:
        if s < 256 or s % 256:
            parser.error(f"--sizes must be multiples of 256, got {s}")
    backend = keras.backend.backend()
    if args.reps < 1:
        parser.error(f"--reps must be at least 1, got {args.reps}")
    warning = load_warning()
    if warning:
        print(warning, file=sys.stderr)
    progress = not args.no_progress and sys.stderr.isatty()
    rows = bench_activations(args.sizes, args.reps, args.torch_compile, args.only, progress)
    result = {
        "backend": backend,
        "keras": keras.__version__,
        "versions": {backend: __import__(backend).__version__},
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "date": time.strftime("%Y-%m-%d"),
        "reps": args.reps,
        "device": _device(),
        "load_warning": warning,
        # The activations whose public function calls a backend kernel (PyTorch,
        # TensorFlow) or is compiled with `jax.jit` (JAX): scripts/bench_report.py's reasons.
        "fast_paths": sorted(fast_path_names()),
        "rows": rows,
    }
    print(
        f"backend={backend} device={result['device']} keras={keras.__version__} reps={args.reps} (medians, interleaved)"
    )
    print(_table(rows))
    if not args.no_model:
        # A step takes ~15-30 ms: five times the reps (pairs) still takes seconds, and
        # the one model row gets the samples that the activations' many rows have.
        result["model"] = bench_model(5 * max(args.reps, 5))
        m = result["model"]
        print(
            f"\nCNN train step: keras_acts {m['keras_acts_step_ms']:.2f} ms, built-in "
            f"{m['builtin_step_ms']:.2f} ms, throughput ratio {m['throughput_ratio']:.3f}"
        )
    with open(args.output, "w") as f:
        json.dump(result, f, indent=1)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
