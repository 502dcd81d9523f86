"""Values and gradients of every elementwise function against an independent float64
reference, on a grid with the kinks, large values, infinities and NaN."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from _backend import to_numpy, value_and_grad
from cases import ELEMENTWISE, ROW, cases, grid, rows

import keras_acts

CASES = cases(ELEMENTWISE)


ENTRIES = {info.name: info for info in keras_acts.catalog()}


def _function(row):
    return ENTRIES[row.name].function


def _assert_close(actual, expected, tolerance, what):
    rtol, atol = tolerance
    actual = np.asarray(actual, dtype=np.float64)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected), err_msg=f"{what}: NaN pattern")
    inf = np.isinf(expected)
    np.testing.assert_array_equal(actual[inf], expected[inf], err_msg=f"{what}: infinities")
    fin = np.isfinite(expected)
    np.testing.assert_allclose(actual[fin], expected[fin], rtol=rtol, atol=atol, err_msg=what)


@pytest.mark.parametrize(("row", "params"), CASES)
def test_value_matches_reference(row, params):
    x = grid(row, params)
    expected, _ = row.value_and_grad(x, params)
    actual = to_numpy(_function(row)(x, **params))
    assert actual.dtype == np.float32
    assert actual.shape == x.shape
    _assert_close(actual, expected, row.tolerance("value"), what=f"{row.name}{params} value")


@pytest.mark.parametrize(("row", "params"), CASES)
def test_gradient_matches_reference(row, params):
    x = grid(row, params)
    x = x[~np.isnan(x)]
    _, expected = row.value_and_grad(x, params)
    _, grad = value_and_grad(lambda t: _function(row)(t, **params), x)
    bad = np.isfinite(expected) & ~np.isfinite(grad)  # (exp's overflows where the true one does)
    assert not bad.any(), f"non-finite gradient at {x[bad]}"
    _assert_close(grad, expected, row.tolerance("grad"), what=f"{row.name}{params} gradient")


@pytest.mark.parametrize(("row", "params"), CASES)
def test_gradient_at_kinks_is_a_one_sided_derivative(row, params):
    """At every grid point, the gradient lies between (or on) the two one-sided
    finite-difference derivatives of the float64 reference."""
    x = grid(row, params)
    x = x[np.isfinite(x) & (np.abs(x) < 100)].astype(np.float64)
    _, grad = value_and_grad(lambda t: _function(row)(t, **params), x.astype(np.float32))
    h = 1e-7
    f = lambda v: row.reference(torch.tensor(v, dtype=torch.float64), **params).numpy()  # noqa: E731
    left = (f(x) - f(x - h)) / h
    right = (f(x + h) - f(x)) / h
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    tol = 1e-4 * (1 + np.abs(hi))
    ok = (grad >= lo - tol) & (grad <= hi + tol)
    assert ok.all(), f"{row.name}: gradient {grad[~ok]} at {x[~ok]} not in [{lo[~ok]}, {hi[~ok]}]"


def test_swish_with_beta_one_is_silu():
    x = grid(ROW["silu"], {})
    np.testing.assert_array_equal(to_numpy(keras_acts.swish(x, beta=1.0)), to_numpy(keras_acts.silu(x)))


@pytest.mark.parametrize("row", rows(ELEMENTWISE), ids=lambda row: row.name)
def test_integer_input_is_cast_to_floatx(row):
    params = row.cases()[0]
    x = np.arange(-4, 5, dtype=np.int32)
    y = to_numpy(_function(row)(x, **params))
    assert y.dtype == np.float32
    expected, _ = row.value_and_grad(x.astype(np.float32), params)
    np.testing.assert_allclose(y, expected, *row.tolerance("value"))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize(("row", "params"), CASES)
def test_half_precision_keeps_dtype_and_stays_finite(row, params, dtype):
    import keras
    import ml_dtypes

    np_dtype = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    limit = float(np.finfo(np.float16).max) if dtype == "float16" else 3.0e38
    x = grid(row, params)
    x = x[np.isfinite(x)]
    x = np.concatenate([x, [-limit, limit, -200.0, 200.0, -11.0, 11.0]])
    xh = x.astype(np_dtype)
    y = _function(row)(keras.ops.convert_to_tensor(xh), **params)
    assert keras.backend.standardize_dtype(y.dtype) == dtype
    y = to_numpy(keras.ops.cast(y, "float32")).astype(np.float64)
    expected, _ = row.value_and_grad(xh.astype(np.float32), params)
    representable = np.isfinite(expected) & (np.abs(expected) < limit * 0.99)
    assert np.all(np.isfinite(y[representable])), (
        f"{row.name}: non-finite output at {xh[representable & ~np.isfinite(y)]}"
    )
    rtol, atol = row.tolerance(dtype)
    np.testing.assert_allclose(y[representable], expected[representable], rtol=rtol, atol=atol)
