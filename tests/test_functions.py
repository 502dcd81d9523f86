"""Values and gradients of every elementwise function against an independent float64
reference, on a grid with the kinks, large values, infinities and NaN."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from _backend import to_numpy, value_and_grad
from cases import CASES
from reference import LIMITS, TORCH_REFERENCE, torch_value_and_grad

import keras_acts

BASE_GRID = [
    -np.inf,
    -1e4,
    -80.0,
    -30.0,
    -20.0,
    -10.0,
    -6.0,
    -3.0,
    -2.0,
    -1.0,
    -0.5,
    -0.1,
    -1e-3,
    -1e-6,
    0.0,
    1e-6,
    1e-3,
    0.1,
    0.5,
    1.0,
    2.0,
    3.0,
    6.0,
    10.0,
    20.0,
    30.0,
    80.0,
    1e4,
    np.inf,
    np.nan,
]


def _grid(params: dict) -> np.ndarray:
    kinks = []
    for key in ("threshold", "min_val", "max_val", "lambd"):
        if key in params:
            kinks += [params[key], -params[key]]
    if "alpha" in params and "beta" in params:  # hard_sigmoid kinks
        kinks += [-params["beta"] / params["alpha"], (1 - params["beta"]) / params["alpha"]]
    if "beta" in params and "threshold" in params:  # softplus switch
        kinks += [params["threshold"] / params["beta"]]
    rand = np.random.default_rng(1).normal(scale=4.0, size=40)
    values = np.concatenate([BASE_GRID, kinks, rand]).astype(np.float32)
    return values


def _expected(name: str, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    value, grad = torch_value_and_grad(name, x, params)
    lo, hi = LIMITS.get(name, (None, None))
    for where, limit in ((x == -np.inf, lo), (x == np.inf, hi)):
        if limit is not None:
            value[where] = limit
        # At an infinite input the reference derivative may be 0 * inf; keras_acts
        # returns the derivative's limit, which is 0 wherever the reference is NaN.
        grad[where & np.isnan(grad)] = 0.0
    return value, grad


def _assert_close(actual, expected, rtol, atol, what):
    actual = np.asarray(actual, dtype=np.float64)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected), err_msg=f"{what}: NaN pattern")
    inf = np.isinf(expected)
    np.testing.assert_array_equal(actual[inf], expected[inf], err_msg=f"{what}: infinities")
    fin = np.isfinite(expected)
    np.testing.assert_allclose(actual[fin], expected[fin], rtol=rtol, atol=atol, err_msg=what)


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_value_matches_reference(name, params):
    x = _grid(params)
    expected, _ = _expected(name, x, params)
    actual = to_numpy(getattr(keras_acts, name)(x, **params))
    assert actual.dtype == np.float32
    assert actual.shape == x.shape
    _assert_close(actual, expected, rtol=2e-6, atol=1e-6, what=f"{name}{params} value")


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_gradient_matches_reference(name, params):
    x = _grid(params)
    x = x[~np.isnan(x)]
    _, expected = _expected(name, x, params)
    _, grad = value_and_grad(lambda t: getattr(keras_acts, name)(t, **params), x)
    assert np.all(np.isfinite(grad)), f"non-finite gradient at {x[~np.isfinite(grad)]}"
    _assert_close(grad, expected, rtol=1e-5, atol=1e-6, what=f"{name}{params} gradient")


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_gradient_at_kinks_is_a_one_sided_derivative(name, params):
    """At every grid point, the gradient lies between (or on) the two one-sided
    finite-difference derivatives of the float64 reference."""
    x = _grid(params)
    x = x[np.isfinite(x) & (np.abs(x) < 100)].astype(np.float64)
    _, grad = value_and_grad(lambda t: getattr(keras_acts, name)(t, **params), x.astype(np.float32))
    h = 1e-7
    f = lambda v: TORCH_REFERENCE[name](torch.tensor(v, dtype=torch.float64), **params).numpy()  # noqa: E731
    left = (f(x) - f(x - h)) / h
    right = (f(x + h) - f(x)) / h
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    tol = 1e-4 * (1 + np.abs(hi))
    ok = (grad >= lo - tol) & (grad <= hi + tol)
    assert ok.all(), f"{name}: gradient {grad[~ok]} at {x[~ok]} not in [{lo[~ok]}, {hi[~ok]}]"


def test_swish_with_beta_one_is_silu():
    x = _grid({})
    np.testing.assert_array_equal(to_numpy(keras_acts.swish(x, beta=1.0)), to_numpy(keras_acts.silu(x)))


@pytest.mark.parametrize("name", sorted({n for n, _ in CASES}))
def test_integer_input_is_cast_to_floatx(name):
    params = dict(next(p for n, p in CASES if n == name))
    x = np.arange(-4, 5, dtype=np.int32)
    y = to_numpy(getattr(keras_acts, name)(x, **params))
    assert y.dtype == np.float32
    expected, _ = _expected(name, x.astype(np.float32), params)
    np.testing.assert_allclose(y, expected, rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_half_precision_keeps_dtype_and_stays_finite(name, params, dtype):
    import keras
    import ml_dtypes

    np_dtype = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    limit = float(np.finfo(np.float16).max) if dtype == "float16" else 3.0e38
    x = _grid(params)
    x = x[np.isfinite(x)]
    x = np.concatenate([x, [-limit, limit, -200.0, 200.0, -11.0, 11.0]])
    xh = x.astype(np_dtype)
    y = getattr(keras_acts, name)(keras.ops.convert_to_tensor(xh), **params)
    assert keras.backend.standardize_dtype(y.dtype) == dtype
    y = to_numpy(keras.ops.cast(y, "float32")).astype(np.float64)
    expected, _ = _expected(name, xh.astype(np.float32), params)
    representable = np.isfinite(expected) & (np.abs(expected) < limit * 0.99)
    assert np.all(np.isfinite(y[representable])), (
        f"{name}: non-finite output at {xh[representable & ~np.isfinite(y)]}"
    )
    rtol = 2e-3 if dtype == "float16" else 1.6e-2
    np.testing.assert_allclose(y[representable], expected[representable], rtol=rtol, atol=rtol)
