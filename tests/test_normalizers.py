"""Softmax, log-softmax, softmin, GLU and sparsemax along any axis, against torch
(float64) and, for sparsemax, an independent bisection reference and the paper's
Jacobian."""

from __future__ import annotations

import keras
import ml_dtypes
import numpy as np
import pytest
import torch
from _backend import to_numpy, value_and_grad
from cases import ROW
from reference import sparsemax_reference, sparsemax_vjp_reference

import keras_acts

# The torch references of these normalizers' rows (tests/cases.py).
TORCH = {name: ROW[name].reference for name in ("softmax", "log_softmax", "softmin", "glu")}


def _x(seed=0, shape=(2, 4, 6), scale=3.0):
    return np.random.default_rng(seed).normal(scale=scale, size=shape).astype("float32")


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
@pytest.mark.parametrize("name", sorted(TORCH))
def test_matches_torch_along_any_axis(name, axis):
    x = _x()
    ct = _x(seed=1, shape=to_numpy(getattr(keras_acts, name)(x, axis=axis)).shape)
    t = torch.tensor(x.astype(np.float64), requires_grad=True)
    ref = TORCH[name](t, axis=axis)
    (ref_grad,) = torch.autograd.grad(ref, t, grad_outputs=torch.tensor(ct, dtype=torch.float64))
    y, g = value_and_grad(lambda v: getattr(keras_acts, name)(v, axis=axis), x, ct)
    np.testing.assert_allclose(y, ref.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g, ref_grad.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", ["softmax", "softmin", "log_softmax"])
def test_masked_entries_and_large_logits(name):
    x = np.array(
        [
            [-np.inf, 0.0, 1.0, 2.0],
            [1e4, -1e4, 0.0, 1e4],
            [-np.inf, 3.0, 3.0, 3.0],
        ],
        "float32",
    )
    x = x if name != "softmin" else -x
    y = to_numpy(getattr(keras_acts, name)(x))
    ref = TORCH[name](torch.tensor(x, dtype=torch.float64), axis=-1).numpy()
    np.testing.assert_allclose(y, ref, rtol=1e-6, atol=1e-7)
    assert not np.isnan(y).any()


@pytest.mark.parametrize("name", ["softmax", "softmin", "log_softmax", "sparsemax"])
def test_nan_in_a_slice_gives_nan_in_that_slice_only(name):
    x = _x(shape=(3, 5))
    x[1, 2] = np.nan
    y = to_numpy(getattr(keras_acts, name)(x))
    assert np.isnan(y[1]).all()
    assert np.isfinite(y[[0, 2]]).all()


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_sparsemax_matches_bisection_reference_and_jacobian(axis):
    x = _x(seed=3, shape=(3, 5, 7), scale=1.0)
    ct = _x(seed=4, shape=x.shape)
    y, g = value_and_grad(lambda v: keras_acts.sparsemax(v, axis=axis), x, ct)
    moved = np.moveaxis(x.astype(np.float64), axis, -1)
    ref = sparsemax_reference(moved)
    ref_grad = sparsemax_vjp_reference(ref, np.moveaxis(ct.astype(np.float64), axis, -1))
    np.testing.assert_allclose(np.moveaxis(y, axis, -1), ref, atol=2e-6)
    np.testing.assert_allclose(np.moveaxis(g, axis, -1), ref_grad, atol=2e-5)
    # More than one non-zero output per slice on most slices (where Keras 3.15's is wrong).
    assert np.mean((ref > 0).sum(-1) > 1) > 0.5


def test_sparsemax_is_on_the_simplex_with_exact_zeros_and_masks():
    x = np.array([[0.1, 1.2, 1.0, -np.inf], [5.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]], "float32")
    y = to_numpy(keras_acts.sparsemax(x))
    np.testing.assert_allclose(y.sum(-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(y, [[0.0, 0.6, 0.4, 0.0], [1.0, 0, 0, 0], [0.25] * 4], atol=1e-6)
    assert (y >= 0).all()


def test_glu_splits_first_half_as_value():
    x = np.array([[1.0, 2.0, 0.0, 100.0]], "float32")
    np.testing.assert_allclose(to_numpy(keras_acts.glu(x)), [[0.5, 2.0]], rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin", "glu", "sparsemax"])
def test_half_precision(name, dtype):
    np_dtype = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    x = _x(shape=(4, 6), scale=30.0).astype(np_dtype)
    y = getattr(keras_acts, name)(keras.ops.convert_to_tensor(x))
    assert keras.backend.standardize_dtype(y.dtype) == dtype
    y = to_numpy(keras.ops.cast(y, "float32"))
    assert np.isfinite(y).all()
    ref = to_numpy(getattr(keras_acts, name)(x.astype(np.float32)))
    tol = 2e-3 if dtype == "float16" else 2e-2
    np.testing.assert_allclose(y, ref, rtol=tol, atol=tol * np.abs(ref).max())
