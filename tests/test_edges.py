"""Numerical edges: float64 kept in dtype and accuracy (JAX with `jax_enable_x64` too), and
the gradient at a NaN input.

- float64: every deterministic catalogue function (`tests/cases.py`'s ELEMENTWISE rows and
  AXIS function rows, default parameters) on a float64 grid returns float64 that agrees
  with the row's float64 reference to ~1e-12 relative. On JAX this runs in a subprocess
  with `JAX_ENABLE_X64=1` (`keras.ops.tanh`, `sin` and `cos` compute float64 in float32
  there); on PyTorch and TensorFlow in this process.
- NaN in, NaN gradient: for every elementwise function and parameter set, on a grid of
  72 values with NaN at six positions among finite values and +-inf, in float32 and
  float64, the gradient is NaN exactly at the NaN inputs, and every other element's
  gradient is what it is without the NaNs (also for a 5-element tensor: PyTorch's CPU
  kernels take another loop under 16 elements). Eager, and compiled (`jax.jit`,
  `tf.function`) or through PyTorch's accelerator branch (`_FORCE_DEVICE_PATH`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
from _backend import to_numpy, value_and_grad
from cases import AXIS, BASE_GRID, ELEMENTWISE, cases, rows

import keras_acts
from keras_acts import _backends

BACKEND = keras.backend.backend()
FUNCTIONS = {info.name: info.function for info in keras_acts.catalog()}

# --- float64 ---------------------------------------------------------------------------

# The rows checked: elementwise ones and AXIS functions (gumbel_softmax draws noise).
FLOAT64_ROWS = [r for r in rows(ELEMENTWISE, AXIS) if r.call == "function"]

# Each row's tolerance (`float64_tol`, (1e-12, 0) unless its float64 reference cancels)
# and parameters over the defaults (`float64_params`) are in tests/cases.py.


def _float64_input(row) -> np.ndarray:
    rng = np.random.default_rng(7)
    if row.kind == AXIS:
        return rng.normal(scale=3.0, size=(4, 6))
    params = {**row.cases()[0], **row.float64_params}
    extra = [1.0 / 3.0, -1.0 / 3.0, 0.1234567890123, -7.7777777777, -0.3]  # not float32 values
    return np.concatenate([BASE_GRID, list(row.kinks(params)), rng.normal(scale=4.0, size=40), extra])


# Run by the JAX backend in a process of its own, with `jax_enable_x64` (read when JAX
# starts; the references are computed here): the table and inputs in, dtypes and values
# out, through files. All the functions in one compiled program (one compilation).
_X64_SCRIPT = """
import json, sys
import jax, keras, numpy as np
import keras_acts
functions = {info.name: info.function for info in keras_acts.catalog()}
table = json.loads(open(sys.argv[1]).read())  # [name, params, "value" or "grad"]
fns = [lambda t, n=name, p=params: functions[n](t, **p) for name, params, _ in table]
inputs = list(np.load(sys.argv[2]).values())

def run(ts):
    return [f(t) if what == "value" else jax.vjp(f, t)[1](jax.numpy.ones_like(t))[0]
            for f, t, (_, _, what) in zip(fns, ts, table)]

outputs = jax.jit(run)(inputs)
json.dump([keras.backend.standardize_dtype(y.dtype) for y in outputs], open(sys.argv[3], "w"))
np.savez(sys.argv[4], *[np.asarray(y) for y in outputs])
"""


@pytest.fixture(scope="module")
def float64_report(tmp_path_factory):
    """For each row: the result's dtype, NaN/inf agreement with the reference, and the
    largest `|actual - reference| / (rtol |reference| + xtol |x|)` (<= 1 passes)."""
    table = [(row.name, {**row.cases()[0], **row.float64_params}) for row in FLOAT64_ROWS]
    inputs = [_float64_input(row) for row in FLOAT64_ROWS]
    if BACKEND == "jax":
        d = tmp_path_factory.mktemp("x64")
        # With the gradients at NaN in float64 (`_nan_gradients_x64`), in the same program.
        grads = [(row.name, params, "grad") for row, params in NAN_DEFAULTS for _ in (0, 1)]
        grad_inputs = [x for row, params in NAN_DEFAULTS for x in _nan_pair(row, params, np.float64)]
        (d / "table.json").write_text(json.dumps([(n, p, "value") for n, p in table] + grads))
        np.savez(d / "inputs.npz", *inputs, *grad_inputs)
        args = [str(d / n) for n in ("table.json", "inputs.npz", "dtypes.json", "values.npz")]
        env = {**os.environ, "JAX_ENABLE_X64": "1", "KERAS_BACKEND": "jax"}
        done = subprocess.run(
            [sys.executable, "-c", _X64_SCRIPT, *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        dtypes = json.loads((d / "dtypes.json").read_text())
        results = list(zip(dtypes, np.load(d / "values.npz").values(), strict=True))
        _X64_GRADIENTS.extend(v for _, v in results[len(table) :])
        results = results[: len(table)]
    else:
        outputs = [FUNCTIONS[name](x, **params) for (name, params), x in zip(table, inputs, strict=True)]
        results = [(keras.backend.standardize_dtype(y.dtype), to_numpy(y)) for y in outputs]
    report = {}
    for row, (_, params), x, (dtype, actual) in zip(FLOAT64_ROWS, table, inputs, results, strict=True):
        actual = np.asarray(actual, np.float64)
        expected = row.value_and_grad(x, params)[0] if row.kind == ELEMENTWISE else row.evaluate(x, params)
        rtol, xtol = row.float64_tol
        scale = np.where(np.isfinite(x), np.abs(x), 0.0)
        scale = scale if row.kind == ELEMENTWISE else scale.max()
        fin = np.isfinite(expected)
        with np.errstate(invalid="ignore"):
            bound = rtol * np.abs(expected) + xtol * scale + 1e-300
            ratio = np.where(fin, np.abs(actual - expected) / bound, 0.0)
        same_nonfinite = bool(
            np.array_equal(np.isnan(actual), np.isnan(expected))
            and np.array_equal(actual[np.isinf(expected)], expected[np.isinf(expected)])
        )
        worst = int(np.argmax(ratio))
        report[row.name] = {
            "dtype": dtype,
            "same_nonfinite": same_nonfinite,
            "ratio": float(ratio.max()),
            "at": float(x.ravel()[worst]) if row.kind == ELEMENTWISE else None,
        }
    return report


@pytest.mark.parametrize("row", FLOAT64_ROWS, ids=lambda r: r.name)
def test_float64_keeps_dtype_and_precision(row, float64_report):
    result = float64_report[row.name]
    assert result["dtype"] == "float64", result
    assert result["same_nonfinite"], result
    assert result["ratio"] <= 1.0, (
        f"{row.name}: error {result['ratio']:.3g} x tolerance at x = {result['at']}"
    )


# --- NaN in, NaN gradient ------------------------------------------------------------------

NAN_AT = [0, 5, 17, 33, 50, 71]
# Rows not held to the rule say why in `nan_gradient_exempt` (tests/cases.py).
NAN_CASES = [c for c in cases(ELEMENTWISE) if not c.values[0].nan_gradient_exempt]
NAN_DEFAULTS = [(c.values[0], c.values[1]) for c in NAN_CASES if c.values[1] == c.values[0].cases()[0]]
# Without `jax_enable_x64`, JAX computes float64 input in float32: float64 is checked in the
# x64 process of `float64_report` there (the defaults of every row), which fills this.
NAN_DTYPES = (np.float32,) if BACKEND == "jax" else (np.float32, np.float64)
_X64_GRADIENTS: list[np.ndarray] = []


def _nan_grid(row, params: dict) -> np.ndarray:
    x = np.concatenate(
        [BASE_GRID, list(row.kinks(params)), np.random.default_rng(3).normal(scale=4.0, size=50)]
    )
    x = x[~np.isnan(x)][: NAN_AT[-1] + 1]
    assert x.size == NAN_AT[-1] + 1
    return x


def _nan_pair(row, params: dict, dtype) -> tuple[np.ndarray, np.ndarray]:
    """The grid with NaN at `NAN_AT`, and without."""
    x = _nan_grid(row, params).astype(dtype)
    x_nan = x.copy()
    x_nan[NAN_AT] = np.nan
    return x_nan, x


def _nan_failure(g: np.ndarray, g_clean: np.ndarray) -> str | None:
    """What breaks the rule: a gradient at a NaN input that is not NaN, or another element's
    gradient that the NaNs changed; `None` if nothing."""
    if not np.isnan(g[NAN_AT]).all():
        return f"gradient {g[NAN_AT]} at NaN"
    others = np.setdiff1d(np.arange(g.size), NAN_AT)
    if not np.array_equal(g[others], g_clean[others], equal_nan=True):
        return "other elements' gradients changed"
    return None


@pytest.mark.parametrize(("row", "params"), NAN_CASES)
def test_nan_input_gives_nan_gradient(row, params):

    def f(t):
        return FUNCTIONS[row.name](t, **params)

    for dtype in NAN_DTYPES:
        x_nan, x = _nan_pair(row, params, dtype)
        failure = _nan_failure(value_and_grad(f, x_nan)[1], value_and_grad(f, x)[1])
        assert failure is None, f"{dtype.__name__}: {failure}"
        if BACKEND != "jax":  # PyTorch's CPU kernels take another loop under 16 elements
            small = np.array([1.5, np.nan, -0.25, np.nan, 4.0], dtype)
            g_small = value_and_grad(f, small)[1]
            assert np.isnan(g_small[[1, 3]]).all() and not np.isnan(g_small[[0, 2, 4]]).any(), g_small


def _compiled_gradients(fns: list, xs: list[np.ndarray]) -> list[np.ndarray]:
    """The derivative of each elementwise `fns[i]` at `xs[i]`, all in one compiled program
    (`jax.jit`, `tf.function`: one compilation for the table, not one per row)."""
    if BACKEND == "jax":
        import jax
        import jax.numpy as jnp

        def grads(ts):
            return [jax.vjp(f, t)[1](jnp.ones_like(t))[0] for f, t in zip(fns, ts, strict=True)]

        return [np.asarray(g) for g in jax.jit(grads)([jnp.asarray(x) for x in xs])]
    import tensorflow as tf

    @tf.function
    def grads(ts):
        out = []
        for f, t in zip(fns, ts, strict=True):
            with tf.GradientTape() as tape:
                tape.watch(t)
                y = f(t)
            out.append(tape.gradient(y, t))
        return out

    return [g.numpy() for g in grads([tf.constant(x) for x in xs])]


def _compiled_table() -> list[tuple]:
    """The cases of the compiled check: PyTorch (its accelerator branch, cheap) every one;
    JAX every row's defaults; TensorFlow the defaults of the rows with a TensorFlow fast
    path (the others run the same `keras.ops` form in a graph as under an eager tape, and
    each row costs ~0.4 s to trace)."""
    if BACKEND == "torch":
        return [(c.values[0], c.values[1]) for c in NAN_CASES]
    if BACKEND == "jax":
        return NAN_DEFAULTS
    return [(row, params) for row, params in NAN_DEFAULTS if row.name in _backends.fast_path_names()]


def test_nan_input_gives_nan_gradient_compiled(float64_report, monkeypatch):
    """The rule inside `jax.jit` / `tf.function` (one program per dtype; JAX's float64 in
    the x64 process), and on PyTorch through the accelerator branch."""
    table = _compiled_table()
    fns = [lambda t, n=row.name, p=params: FUNCTIONS[n](t, **p) for row, params in table]
    if BACKEND == "torch":
        monkeypatch.setattr(_backends.backend_module("torch"), "_FORCE_DEVICE_PATH", True)
    results = {}  # what -> (row name, gradient with NaNs, without)
    # TensorFlow: float32 only (float64 takes the same graph path; eager checks both).
    for dtype in (np.float32,) if BACKEND == "tensorflow" else NAN_DTYPES:
        pairs = [_nan_pair(row, params, dtype) for row, params in table]
        if BACKEND == "torch":
            grads = [value_and_grad(f, x)[1] for f, pair in zip(fns, pairs, strict=True) for x in pair]
        else:
            grads = _compiled_gradients([f for f in fns for _ in (0, 1)], [x for pair in pairs for x in pair])
        for i, (row, params) in enumerate(table):
            results[f"{row.name}{params} {dtype.__name__}"] = (row.name, grads[2 * i], grads[2 * i + 1])
    for i, (row, params) in enumerate(NAN_DEFAULTS if BACKEND == "jax" else []):
        results[f"{row.name}{params} float64 (x64)"] = (
            row.name,
            _X64_GRADIENTS[2 * i],
            _X64_GRADIENTS[2 * i + 1],
        )
    failures = []
    for what, (_, g, g_clean) in results.items():
        failure = _nan_failure(g, g_clean)
        if failure is not None:
            failures.append(f"{what}: {failure}")
    assert not failures, failures
