"""Half precision and the accuracy script.

float16 / bfloat16: on every finite value of the dtype, no inf/NaN wherever the true
value (torch, float64, on the exact input) is finite and representable in the dtype;
gumbel_softmax at the dtype's extremes. `scripts/accuracy_table.py` runs on a tiny grid.
"""

from __future__ import annotations

import importlib.util
import os

import keras
import ml_dtypes
import numpy as np
import pytest
from _backend import to_numpy, value_and_grad
from cases import ELEMENTWISE, cases, forms

import keras_acts

HALF = {"float16": np.float16, "bfloat16": ml_dtypes.bfloat16}
# Every elementwise entry, with its defaults and each other form (GELU's tanh form).
FORMS = forms(ELEMENTWISE)
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "accuracy_table.py")


def _every_finite(dtype: str) -> np.ndarray:
    values = np.arange(2**16, dtype=np.uint16).view(HALF[dtype])
    return values[np.isfinite(values.astype(np.float32))]


@pytest.mark.parametrize("dtype", sorted(HALF))
@pytest.mark.parametrize(("row", "params"), FORMS)
def test_half_precision_finite_wherever_the_true_value_is_representable(row, params, dtype):
    x = _every_finite(dtype)
    y = getattr(keras_acts, row.name)(keras.ops.convert_to_tensor(x), **params)
    assert keras.backend.standardize_dtype(y.dtype) == dtype
    y = to_numpy(keras.ops.cast(y, "float32"))
    expected = row.evaluate(x, params)
    representable = np.isfinite(expected) & (np.abs(expected) <= float(ml_dtypes.finfo(HALF[dtype]).max))
    bad = representable & ~np.isfinite(y)
    assert not bad.any(), f"{row.name}{params} {dtype}: inf/NaN at x={x[bad][:8]}"


@pytest.mark.parametrize(("row", "params"), cases(ELEMENTWISE))
def test_float32_finite_value_and_gradient_at_huge_finite_inputs(row, params):
    """Where x^2, x^3 or alpha x overflow float32 but the true value and derivative do
    not (the reference runs in float64 on the same inputs), no inf/NaN -- no 0 * inf in a
    derivative, no sin(inf) -- and the value and derivative are right."""
    huge = np.array([1e13, 1e20, 1e30, 3e38, float(np.finfo(np.float32).max)], np.float32)
    x = np.concatenate([-huge, huge])
    y, grad = value_and_grad(lambda t: getattr(keras_acts, row.name)(t, **params), x)
    expected, expected_grad = row.value_and_grad(x, params)
    limit = float(np.finfo(np.float32).max)
    for what, ours, true in (("value", y, expected), ("derivative", grad, expected_grad)):
        representable = np.isfinite(true) & (np.abs(true) <= limit)
        bad = representable & ~np.isfinite(ours)
        assert not bad.any(), f"{row.name}{params}: {what} inf/NaN at x={x[bad]}"
        if row.name == "snake" and what == "derivative":
            continue  # 1 + sin(2 alpha x) cycles faster than float32 resolves x out here
        # (atol: the tails' tiny values are held to their relative accuracy elsewhere;
        # some torch references -- a plain sqrt(x^2 + b), autodiff of x / (1 + |x|) -- lose it.)
        rtol, atol = row.tolerance("huge")
        np.testing.assert_allclose(
            ours[representable],
            true[representable],
            rtol=rtol,
            atol=atol,
            err_msg=f"{row.name}{params} {what}",
        )


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("dtype", sorted(HALF))
def test_gumbel_softmax_at_the_dtype_extremes(dtype, hard):
    top = float(ml_dtypes.finfo(HALF[dtype]).max)
    logits = np.array([[top, -top, 0.0, 1.0], [-top, -top, -top, -top], [top, top, 0.0, -top]])
    logits = logits.astype(HALF[dtype])
    for tau in (0.1, 1.0, 10.0):
        y = keras_acts.gumbel_softmax(keras.ops.convert_to_tensor(logits), tau=tau, hard=hard, seed=0)
        assert keras.backend.standardize_dtype(y.dtype) == dtype
        y = to_numpy(keras.ops.cast(y, "float32"))
        assert np.isfinite(y).all(), y
        np.testing.assert_allclose(y.sum(-1), 1.0, atol=1e-2)
        assert y[0, 0] == pytest.approx(1.0, abs=1e-2)


def test_accuracy_script_runs_on_a_tiny_grid(capsys):
    spec = importlib.util.spec_from_file_location("accuracy_table", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.main(["--points", "64", "--functions", "relu,gelu,softplus"])
    lines = [line for line in table.splitlines() if line.startswith("| `")]
    assert [line.split("`")[1] for line in lines] == ["relu", "softplus", "gelu", "gelu (approximate='tanh')"]
    assert keras.backend.backend() in table
    for line in lines:
        assert line.rstrip(" |").endswith("| 0"), line  # no inf/NaN where the value is finite
    assert table in capsys.readouterr().out


@pytest.mark.parametrize(("row", "params"), [c for c in cases(ELEMENTWISE) if c.values[0].tail_grad])
def test_derivative_keeps_its_relative_accuracy_in_the_negative_tail(row, params):
    """Where the plain form of the derivative cancels for x << 0 (the row's `tail_grad`
    is written without it)."""
    x = -np.logspace(0, 6, 25).astype("float32")
    _, g = value_and_grad(lambda t: getattr(keras_acts, row.name)(t, **params), x)
    expected = row.tail_grad(x.astype(np.float64), {**row.spec, **params})
    np.testing.assert_allclose(g, expected, rtol=1e-5)
