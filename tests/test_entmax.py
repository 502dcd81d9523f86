"""entmax15, entmax_bisect and the Entmax layer against the entmax package (PyTorch,
float64) and a NumPy bisection; the softmax family's rule at +-inf and NaN; masks with
`keras.layers.Softmax`'s semantics; 0-d inputs."""

from __future__ import annotations

import entmax
import keras
import numpy as np
import pytest
import torch
from _backend import grads_wrt_weights, to_numpy, value_and_grad

import keras_acts
from keras_acts import layers

INF, NAN = float("inf"), float("nan")


def _x(seed=0, shape=(3, 4, 7), scale=2.0):
    return np.random.default_rng(seed).normal(scale=scale, size=shape).astype("float32")


def bisection_reference(z: np.ndarray, alpha: float, iters: int = 200) -> np.ndarray:
    """alpha-entmax along the last axis in float64 NumPy: `p = [(alpha - 1) z - tau]_+
    ^(1 / (alpha - 1))` with `tau` bisected until `sum(p) = 1` (Peters et al. 2019, eq. 9)."""
    z = np.asarray(z, np.float64)
    out = np.empty_like(z)
    for idx in np.ndindex(z.shape[:-1]):
        r = (z[idx] - z[idx].max()) * (alpha - 1.0)
        lo, hi = -1.0, 0.0
        for _ in range(iters):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if (np.maximum(r - mid, 0) ** (1 / (alpha - 1))).sum() >= 1 else (lo, mid)
        out[idx] = np.maximum(r - lo, 0) ** (1 / (alpha - 1))
    return out


def _package(x, ct, alpha, axis):
    """The entmax package's value and gradients (input, alpha) in float64."""
    t = torch.tensor(x.astype(np.float64), requires_grad=True)
    a = torch.tensor(1.5 if alpha == "1.5-exact" else float(alpha), dtype=torch.float64, requires_grad=True)
    if alpha == "1.5-exact":
        y = entmax.entmax15(t, dim=axis)
    else:  # the package sums its per-slice alpha gradient to alpha's shape
        y = entmax.entmax_bisect(t, a, dim=axis, n_iter=80)
    grads = torch.autograd.grad(
        y, [t] if alpha == "1.5-exact" else [t, a], torch.tensor(ct, dtype=torch.float64)
    )
    return y.detach().numpy(), [g.numpy() for g in grads]


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("alpha", ["1.5-exact", 1.5, 1.2, 2.0, 3.0])
def test_values_and_gradients_match_the_entmax_package(alpha, axis):
    x = _x()
    ct = _x(seed=1)
    ref, ref_grads = _package(x, ct, alpha, axis)
    if alpha == "1.5-exact":
        f = lambda v: keras_acts.entmax15(v, axis=axis)  # noqa: E731
    else:
        f = lambda v: keras_acts.entmax_bisect(v, alpha=alpha, axis=axis)  # noqa: E731
        moved = np.moveaxis(x, axis, -1)
        np.testing.assert_allclose(np.moveaxis(bisection_reference(moved, alpha), -1, axis), ref, atol=1e-12)
    y, g = value_and_grad(f, x, ct)
    np.testing.assert_allclose(y, ref, rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(g, ref_grads[0], rtol=1e-4, atol=2e-5)
    assert (ref == 0).any()  # sparse: the tests see exact zeros
    if alpha != "1.5-exact":  # the gradient with respect to a tensor alpha
        _, g_alpha = value_and_grad(
            lambda a: keras_acts.entmax_bisect(x, alpha=a, axis=axis), np.float32(alpha), ct
        )
        np.testing.assert_allclose(g_alpha, ref_grads[1], rtol=1e-3, atol=1e-4)


def test_alpha_per_slice_and_tensor_alpha_not_above_one():
    x = _x(shape=(2, 3, 5))
    alpha = np.array([[[1.2]], [[2.5]]], "float32")  # one alpha per leading index
    y = to_numpy(keras_acts.entmax_bisect(x, alpha=keras.ops.convert_to_tensor(alpha)))
    for i, a in enumerate(alpha.ravel()):
        np.testing.assert_allclose(y[i], bisection_reference(x[i], float(a)), atol=2e-6)
    y = to_numpy(keras_acts.entmax_bisect(x, alpha=keras.ops.convert_to_tensor(np.float32(1.0))))
    assert np.isnan(y).all()
    with pytest.raises(ValueError, match=r"`alpha`.*> 1.*Received: alpha=1\.0"):
        keras_acts.entmax_bisect(x, alpha=1.0)


def test_entmax_layer_learns_alpha_with_the_papers_gradient():
    x = _x(shape=(2, 4, 6))
    ct = _x(seed=2, shape=x.shape)
    layer = layers.Entmax(alpha=1.3, learn_alpha=True)
    layer.build(x.shape)
    y, dx, dws = grads_wrt_weights(layer, x, ct)
    a = float(to_numpy(layer.current_alpha()))
    np.testing.assert_allclose(a, 1.3, rtol=1e-6)
    ref, (ref_dx, ref_da) = _package(x, ct, a, -1)
    np.testing.assert_allclose(y, ref, atol=2e-6)
    np.testing.assert_allclose(dx, ref_dx, rtol=1e-4, atol=2e-5)
    sig = a - 1.0  # alpha = 1 + sigmoid(logit): d alpha / d logit = sig (1 - sig)
    np.testing.assert_allclose(dws["alpha_logit"], ref_da * sig * (1 - sig), rtol=1e-3, atol=1e-5)
    with pytest.raises(ValueError, match=r"`alpha` must be in \(1, 2\)"):
        layers.Entmax(alpha=2.5, learn_alpha=True)
    assert not layers.Entmax().weights and layers.Entmax(alpha=2.5).alpha == 2.5


# --------------------------------------------------------------------------------------
# The softmax family's rule at +-inf and NaN, and 0-d inputs

# Each row: input, then its value under softmax (softmin, sparsemax, entmax: the same
# mass; log_softmax its log). Softmin is tested on -x.
RULE = [
    ([INF, 0.3, 0.0], [1.0, 0.0, 0.0]),
    ([INF, -INF, INF, 2.0], [0.5, 0.0, 0.5, 0.0]),
    ([-INF, -INF], [NAN, NAN]),
    ([NAN, INF, 1.0], [NAN, NAN, NAN]),
    ([NAN, 0.0], [NAN, NAN]),
    ([-INF, 0.5], [0.0, 1.0]),
]
FAMILY = ["softmax", "log_softmax", "softmin", "sparsemax", "entmax15", "entmax_bisect"]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", FAMILY)
def test_inf_rule(name, dtype):
    fn = getattr(keras_acts, name)
    for row, expected in RULE:
        x = np.array([row, row], dtype)  # two slices: the rule is per slice
        x[1, -1] = 0.25 if np.isfinite(x[1, -1]) else x[1, -1]
        x_in = -x if name == "softmin" else x
        t = keras.ops.convert_to_tensor(x_in)  # float32 on JAX without x64
        y = to_numpy(fn(t))
        assert y.dtype == to_numpy(t).dtype
        want = np.log(np.array(expected)) if name == "log_softmax" else np.array(expected)
        np.testing.assert_allclose(y[0], want, atol=1e-6, err_msg=f"{name}({x_in[0]})")
        # The gradient in a slice with +inf entries is 0; elsewhere finite.
        if not np.isnan(expected).any():
            _, g = value_and_grad(fn, x_in.astype("float32"), np.ones_like(x_in, "float32") * [[1.0], [2.0]])
            if np.isposinf(x[0]).any():
                np.testing.assert_array_equal(g[0], 0.0)
            assert np.isfinite(g).all()


@pytest.mark.parametrize("name", FAMILY)
def test_scalar_input_is_one_slice_of_one(name):
    y = to_numpy(getattr(keras_acts, name)(np.float32(3.0), axis=0))
    assert y.shape == () and y == (0.0 if name == "log_softmax" else 1.0)
    torch_fn = {"softmax": torch.softmax, "log_softmax": torch.log_softmax}.get(name)
    if torch_fn is not None:
        assert y == torch_fn(torch.tensor(3.0), 0).item()


# --------------------------------------------------------------------------------------
# Masks, with keras.layers.Softmax's semantics


def _masked_reference(x, mask, f, fill, masked_value):
    """The semantics in NumPy: masked logits replaced by `fill`, `f` along the last axis,
    masked outputs replaced by `masked_value`."""
    mask = np.broadcast_to(mask, x.shape)
    y = f(np.where(mask, x.astype(np.float64), fill))
    return np.where(mask, y, masked_value)


def _np_softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


NP_LAYERS = {
    "LogSoftmax": (lambda z: np.log(_np_softmax(z)), -1e9, -np.inf),
    "Softmin": (lambda z: _np_softmax(-z), 1e9, 0.0),
    "Sparsemax": (lambda z: bisection_reference(z, 2.0), -1e9, 0.0),
    "Entmax15": (lambda z: bisection_reference(z, 1.5), -1e9, 0.0),
    "EntmaxBisect": (lambda z: bisection_reference(z, 1.5), -1e9, 0.0),
    "Entmax": (lambda z: bisection_reference(z, 1.5), -1e9, 0.0),
}


def _attention_mask():
    """Scores (batch 2, heads 3, queries 4, keys 5) and a boolean key mask (2, 1, 1, 5)
    with a fully masked slice (batch 1)."""
    scores = _x(seed=5, shape=(2, 3, 4, 5))
    mask = np.array([[1, 1, 0, 1, 0], [0, 0, 0, 0, 0]], bool)[:, None, None, :]
    return scores, mask


def test_softmax_mask_matches_keras_softmax():
    scores, mask = _attention_mask()
    for m in (mask, mask.astype("float32"), mask[0, 0]):  # bool, float, broadcast (1, 5)
        expected = to_numpy(keras.layers.Softmax()(scores, mask=m))
        np.testing.assert_allclose(to_numpy(layers.Softmax()(scores, mask=m)), expected, atol=1e-7)
    half = keras.ops.cast(scores, "float16")
    expected = to_numpy(keras.layers.Softmax(dtype="float16")(half, mask=mask))
    got = to_numpy(layers.Softmax(dtype="float16")(half, mask=mask))
    np.testing.assert_allclose(got.astype("float32"), expected.astype("float32"), atol=1e-3)
    with pytest.raises(ValueError, match="broadcastable"):
        layers.Softmax()(scores, mask=np.ones((2, 3), bool))


@pytest.mark.parametrize("name", sorted(NP_LAYERS))
def test_mask_semantics(name):
    scores, mask = _attention_mask()
    f, fill, masked_value = NP_LAYERS[name]
    layer = getattr(layers, name)()
    y = to_numpy(layer(scores, mask=mask))
    np.testing.assert_allclose(y, _masked_reference(scores, mask, f, fill, masked_value), atol=2e-6)
    assert layer.supports_masking
    # In a functional model the mask flows in and is passed on.
    inputs = keras.Input((4, 5))
    outputs = layer(inputs, mask=keras.Input((4, 5), dtype="bool"))
    assert tuple(outputs.shape) == (None, 4, 5)
