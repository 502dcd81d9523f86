"""Benchmark keras_acts against the backend's native activations.

    KERAS_BACKEND=torch keras-acts bench [--sizes 65536 4194304] [--reps 15] [-o bench.json]
    KERAS_BACKEND=torch python -m keras_acts.bench ...

For each activation with a native counterpart on the current backend (`torch.nn.functional`,
`jax.nn`, `tf.nn`) -- or, where there is none, a hand-written expression in the backend's
own ops -- it times keras_acts and the native op in the same process, interleaved, as the
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
import json
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

import keras_acts
from keras_acts._backends import fast_path_names

Pairs = dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]


def _natives(backend: str) -> Pairs:
    """Row name -> (keras_acts callable, the backend's native callable it is timed against);
    a `*` marks a row whose native side is a plain expression (the backend has no op)."""
    if backend == "torch":
        return _torch_natives()
    if backend == "jax":
        return _jax_natives()
    return _tf_natives()


def _first_half_gated(act: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The native side of a GLU variant: `act(a) * b`, `a, b` the halves of the last axis."""

    def gated(x: Any) -> Any:
        n = x.shape[-1] // 2
        return act(x[..., :n]) * x[..., n:]

    return gated


def _torch_natives() -> Pairs:
    k = keras_acts
    import torch
    import torch.nn.functional as F

    return {
        "relu": (k.relu, torch.relu),
        "relu6": (k.relu6, F.relu6),
        "leaky_relu": (k.leaky_relu, F.leaky_relu),
        "hard_tanh": (k.hard_tanh, F.hardtanh),
        "hard_sigmoid": (k.hard_sigmoid, F.hardsigmoid),
        "hard_swish": (k.hard_swish, F.hardswish),
        "hard_shrink": (k.hard_shrink, F.hardshrink),
        "soft_shrink": (k.soft_shrink, F.softshrink),
        "sigmoid": (k.sigmoid, torch.sigmoid),
        "tanh": (k.tanh, torch.tanh),
        "softsign": (k.softsign, F.softsign),
        "log_sigmoid": (k.log_sigmoid, F.logsigmoid),
        "tanh_shrink": (k.tanh_shrink, F.tanhshrink),
        "softplus": (k.softplus, F.softplus),
        "elu": (k.elu, F.elu),
        "selu": (k.selu, F.selu),
        "celu": (k.celu, F.celu),
        "gelu": (k.gelu, F.gelu),
        "gelu_tanh": (lambda x: k.gelu(x, approximate="tanh"), lambda x: F.gelu(x, approximate="tanh")),
        "silu": (k.silu, F.silu),
        "mish": (k.mish, F.mish),
        "softmax": (k.softmax, lambda x: torch.softmax(x, -1)),
        "log_softmax": (k.log_softmax, lambda x: torch.log_softmax(x, -1)),
        "glu": (k.glu, F.glu),
        "swiglu*": (k.swiglu, _first_half_gated(F.silu)),
        "geglu*": (k.geglu, _first_half_gated(F.gelu)),
        "reglu*": (k.reglu, _first_half_gated(torch.relu)),
        "bilinear*": (k.bilinear, _first_half_gated(lambda a: a)),
        "squared_relu*": (k.squared_relu, lambda x: torch.relu(x) ** 2),
        "star_relu*": (k.star_relu, lambda x: 0.8944 * torch.relu(x) ** 2 - 0.4472),
        "hard_mish*": (k.hard_mish, lambda x: 0.5 * x * (x + 2.0).clamp(0.0, 2.0)),
        "exponential": (k.exponential, torch.exp),
        "prelu": (lambda x: k.prelu(x, 0.25), lambda x: F.prelu(x, torch.tensor([0.25]))),
        "swish_beta*": (lambda x: k.swish(x, 1.5), lambda x: x * torch.sigmoid(1.5 * x)),
        "snake*": (k.snake, lambda x: x + torch.sin(x) ** 2),
        "squareplus*": (k.squareplus, lambda x: (x + torch.sqrt(x * x + 4.0)) / 2),
        "gumbel_softmax": (lambda x: k.gumbel_softmax(x, seed=0), lambda x: F.gumbel_softmax(x)),
    }


def _jax_natives() -> Pairs:
    k = keras_acts
    import jax
    import jax.numpy as jnp

    nn = jax.nn
    return {
        "relu": (k.relu, nn.relu),
        "relu6": (k.relu6, nn.relu6),
        "leaky_relu": (k.leaky_relu, nn.leaky_relu),
        "hard_tanh": (k.hard_tanh, nn.hard_tanh),
        "hard_sigmoid": (k.hard_sigmoid, nn.hard_sigmoid),
        "hard_swish": (k.hard_swish, nn.hard_swish),
        "sigmoid": (k.sigmoid, nn.sigmoid),
        "tanh": (k.tanh, jnp.tanh),
        "softsign": (k.softsign, nn.soft_sign),
        "log_sigmoid": (k.log_sigmoid, nn.log_sigmoid),
        "softplus": (k.softplus, nn.softplus),
        "elu": (k.elu, nn.elu),
        "selu": (k.selu, nn.selu),
        "celu": (k.celu, nn.celu),
        "gelu": (k.gelu, lambda x: nn.gelu(x, approximate=False)),
        "gelu_tanh": (lambda x: k.gelu(x, approximate="tanh"), lambda x: nn.gelu(x, approximate=True)),
        "silu": (k.silu, nn.silu),
        "mish*": (k.mish, lambda x: x * jnp.tanh(nn.softplus(x))),
        "squareplus": (k.squareplus, nn.squareplus),
        "softmax": (k.softmax, nn.softmax),
        "log_softmax": (k.log_softmax, nn.log_softmax),
        "glu": (k.glu, nn.glu),
        "swiglu*": (k.swiglu, _first_half_gated(nn.silu)),
        "geglu*": (k.geglu, _first_half_gated(lambda a: nn.gelu(a, approximate=False))),
        "reglu*": (k.reglu, _first_half_gated(nn.relu)),
        "bilinear*": (k.bilinear, _first_half_gated(lambda a: a)),
        "squared_relu*": (k.squared_relu, lambda x: nn.relu(x) ** 2),
        "star_relu*": (k.star_relu, lambda x: 0.8944 * nn.relu(x) ** 2 - 0.4472),
        "hard_mish*": (k.hard_mish, lambda x: 0.5 * x * jnp.clip(x + 2.0, 0.0, 2.0)),
        "sparse_plus": (k.sparse_plus, nn.sparse_plus),
        "sparse_sigmoid": (k.sparse_sigmoid, nn.sparse_sigmoid),
        "exponential": (k.exponential, jnp.exp),
        "swish_beta*": (lambda x: k.swish(x, 1.5), lambda x: x * nn.sigmoid(1.5 * x)),
        "snake*": (k.snake, lambda x: x + jnp.sin(x) ** 2),
    }


def _tf_natives() -> Pairs:
    import tensorflow as tf

    k = keras_acts
    return {
        "relu": (k.relu, tf.nn.relu),
        "relu6": (k.relu6, tf.nn.relu6),
        "leaky_relu": (k.leaky_relu, lambda x: tf.nn.leaky_relu(x, 0.01)),
        "hard_tanh*": (k.hard_tanh, lambda x: tf.clip_by_value(x, -1.0, 1.0)),
        "sigmoid": (k.sigmoid, tf.nn.sigmoid),
        "tanh": (k.tanh, tf.nn.tanh),
        "softsign": (k.softsign, tf.nn.softsign),
        "log_sigmoid": (k.log_sigmoid, tf.math.log_sigmoid),
        "softplus": (k.softplus, tf.nn.softplus),
        "elu": (k.elu, tf.nn.elu),
        "selu": (k.selu, tf.nn.selu),
        "gelu": (k.gelu, lambda x: tf.nn.gelu(x, approximate=False)),
        "gelu_tanh": (lambda x: k.gelu(x, approximate="tanh"), lambda x: tf.nn.gelu(x, approximate=True)),
        "silu": (k.silu, tf.nn.silu),
        "mish*": (k.mish, lambda x: x * tf.tanh(tf.nn.softplus(x))),
        "softmax": (k.softmax, tf.nn.softmax),
        "log_softmax": (k.log_softmax, tf.nn.log_softmax),
        "swiglu*": (k.swiglu, _first_half_gated(tf.nn.silu)),
        "geglu*": (k.geglu, _first_half_gated(lambda a: tf.nn.gelu(a, approximate=False))),
        "reglu*": (k.reglu, _first_half_gated(tf.nn.relu)),
        "bilinear*": (k.bilinear, _first_half_gated(lambda a: a)),
        "squared_relu*": (k.squared_relu, lambda x: tf.square(tf.nn.relu(x))),
        "star_relu*": (k.star_relu, lambda x: 0.8944 * tf.square(tf.nn.relu(x)) - 0.4472),
        "hard_mish*": (k.hard_mish, lambda x: 0.5 * x * tf.clip_by_value(x + 2.0, 0.0, 2.0)),
        "exponential": (k.exponential, tf.exp),
        "swish_beta*": (lambda x: k.swish(x, 1.5), lambda x: x * tf.sigmoid(1.5 * x)),
        "snake*": (k.snake, lambda x: x + tf.sin(x) ** 2),
    }


def _runner(backend: str, fn: Callable[[Any], Any], backward: bool, compiled: bool, torch_compile: bool):
    """A zero-argument callable computing fn (and its gradient) on a fixed input, blocking."""
    if backend == "torch":
        import torch

        f = torch.compile(fn) if (compiled and torch_compile) else fn

        def run(x):
            if backward:
                x = x.detach().requires_grad_(True)
                y = f(x)
                (g,) = torch.autograd.grad(y.sum(), x)
                return g
            with torch.no_grad():
                return f(x)

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


def _median_times(runners: list[Callable[[Any], Any]], x: Any, reps: int) -> list[float]:
    for r in runners:  # warm-up (and compilation)
        r(x)
        r(x)
    times: list[list[float]] = [[] for _ in runners]
    for _ in range(reps):
        for i, r in enumerate(runners):  # interleaved
            start = time.perf_counter()
            r(x)
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


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


def bench_activations(sizes: list[int], reps: int, torch_compile: bool, only: list[str] | None) -> list[dict]:
    backend = keras.backend.backend()
    rows = []
    for name, (ours, native) in _natives(backend).items():
        if only and name.rstrip("*") not in only:
            continue
        for size in sizes:
            x = _input(backend, size)
            for compiled in (False, True):
                if compiled and backend == "torch" and not torch_compile:
                    continue
                for backward in (False, True):
                    runners = [_runner(backend, f, backward, compiled, torch_compile) for f in (ours, native)]
                    t_ours, t_native = _median_times(runners, x, reps)
                    row = {
                        "activation": name,
                        "size": size,
                        "mode": ("compiled" if compiled else "eager") + (" fwd+bwd" if backward else " fwd"),
                        "keras_acts_ms": t_ours * 1e3,
                        "native_ms": t_native * 1e3,
                        "ratio": t_ours / t_native,
                    }
                    if backward and compiled == (backend == "jax"):
                        row["saved_bytes"] = _saved_bytes(backend, ours, x)
                        row["native_saved_bytes"] = _saved_bytes(backend, native, x)
                    rows.append(row)
    return rows


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


def _table(rows: list[dict]) -> str:
    head = "| activation | size | mode | keras_acts ms | native ms | ratio | saved bytes (ours / native) |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for r in rows:
        saved = ""
        if "saved_bytes" in r:
            saved = f"{r['saved_bytes']} / {r['native_saved_bytes']}"
        lines.append(
            f"| {r['activation']} | {r['size']} | {r['mode']} | {r['keras_acts_ms']:.3f} | "
            f"{r['native_ms']:.3f} | {r['ratio']:.2f} | {saved} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="keras-acts bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2**16, 2**22])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--only", nargs="*", help="activation names to run (default: all)")
    parser.add_argument("--torch-compile", action="store_true", help="also time torch.compile")
    parser.add_argument("--no-model", action="store_true", help="skip the train-step comparison")
    parser.add_argument("-o", "--output", default="bench.json", help="JSON output file")
    args = parser.parse_args(argv)
    for s in args.sizes:
        if s < 256 or s % 256:
            parser.error(f"--sizes must be multiples of 256, got {s}")
    backend = keras.backend.backend()
    rows = bench_activations(args.sizes, args.reps, args.torch_compile, args.only)
    result = {
        "backend": backend,
        "keras": keras.__version__,
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "date": time.strftime("%Y-%m-%d"),
        "reps": args.reps,
        # The activations whose public function calls a backend kernel (PyTorch,
        # TensorFlow) or is compiled with `jax.jit` (JAX): scripts/bench_report.py's reasons.
        "fast_paths": sorted(fast_path_names()),
        "rows": rows,
    }
    print(f"backend={backend} keras={keras.__version__} reps={args.reps} (medians, interleaved)")
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
