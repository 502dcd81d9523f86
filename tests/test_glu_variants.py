"""The GLU variants (swiglu, geglu, reglu, bilinear): along any axis and in the two-tensor
form `f(gate, up)`, values and gradients against torch in float64; infinities, half
precision and the errors. (The table-driven tests cover the split form too.)"""

from __future__ import annotations

import keras
import ml_dtypes
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _backend import to_numpy, value_and_grad

import keras_acts

# name -> (params, torch activation of the first half): activation(a) * b
VARIANTS = {
    "swiglu": ({}, F.silu),
    "geglu": ({}, F.gelu),
    "geglu_tanh": ({"approximate": "tanh"}, lambda t: F.gelu(t, approximate="tanh")),
    "reglu": ({}, F.relu),
    "bilinear": ({}, lambda t: t),
}


def _fn(key):
    return getattr(keras_acts, key.removesuffix("_tanh")), VARIANTS[key][0]


def _x(seed=0, shape=(2, 4, 6), scale=3.0):
    x = np.random.default_rng(seed).normal(scale=scale, size=shape).astype("float32")
    x.flat[:3] = 0.0  # the kink of reglu
    return x


def _torch_vjp(f, inputs, ct):
    ts = [torch.tensor(v.astype(np.float64), requires_grad=True) for v in inputs]
    y = f(*ts)
    grads = torch.autograd.grad(y, ts, grad_outputs=torch.tensor(ct, dtype=torch.float64))
    return y.detach().numpy(), [g.numpy() for g in grads]


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_split_form_matches_torch_along_any_axis(key, axis):
    fn, params = _fn(key)
    act = VARIANTS[key][1]
    x = _x()
    ct = _x(seed=1, shape=to_numpy(fn(x, axis=axis, **params)).shape)

    def ref(t):
        a, b = torch.chunk(t, 2, dim=axis)
        return act(a) * b

    expected, (expected_grad,) = _torch_vjp(ref, [x], ct)
    y, g = value_and_grad(lambda v: fn(v, axis=axis, **params), x, ct)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g, expected_grad, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_two_tensor_form_matches_torch_and_the_split_form(key):
    fn, params = _fn(key)
    act = VARIANTS[key][1]
    gate, up = _x(seed=2, shape=(3, 5)), _x(seed=3, shape=(3, 5))
    ct = _x(seed=4, shape=(3, 5))
    expected, (g_gate, g_up) = _torch_vjp(lambda a, b: act(a) * b, [gate, up], ct)
    both = np.stack([gate, up])
    y, g = value_and_grad(lambda z: fn(z[0], z[1], **params), both, ct)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[0], g_gate, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g[1], g_up, rtol=1e-4, atol=1e-5)
    split = fn(np.concatenate([gate, up], axis=-1), **params)
    np.testing.assert_allclose(to_numpy(fn(gate, up=up, **params)), to_numpy(split), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("key", ["swiglu", "geglu", "geglu_tanh", "reglu"])
def test_limits_of_the_gate_and_nan(key):
    fn, params = _fn(key)
    gate = np.array([-np.inf, np.inf, np.nan, -1e30, 1e30, 2.0], "float32")
    up = np.array([3.0, 2.0, 1.0, 2.0, 0.5, np.nan], "float32")
    y = to_numpy(fn(gate, up, **params))
    np.testing.assert_array_equal(y[[0, 3]], [0.0, 0.0])  # act(-inf) = 0
    assert y[1] == np.inf and y[4] == pytest.approx(5e29, rel=1e-6)
    assert np.isnan(y[[2, 5]]).all()
    both = np.stack([gate[:5], up[:5]])
    _, g = value_and_grad(lambda z: fn(z[0], z[1], **params), both)
    assert np.isfinite(g[0, [0, 1, 3, 4]]).all()  # d/dgate: finite at +-inf and huge gates
    np.testing.assert_array_equal(g[1, [0, 3]], [0.0, 0.0])  # d/dup = act(gate)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_half_precision_keeps_dtype_in_both_forms(key, dtype):
    fn, params = _fn(key)
    np_dtype = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    x = _x(shape=(4, 6), scale=30.0).astype(np_dtype)
    for y in (fn(keras.ops.convert_to_tensor(x), **params), fn(x[:, :3], x[:, 3:], **params)):
        assert keras.backend.standardize_dtype(y.dtype) == dtype
        y = to_numpy(keras.ops.cast(y, "float32"))
        ref = to_numpy(fn(x.astype(np.float32), **params))
        tol = 2e-3 if dtype == "float16" else 2e-2
        np.testing.assert_allclose(y, ref, rtol=tol, atol=tol * np.abs(ref).max())


def test_errors_name_the_argument():
    x = np.zeros((2, 6), "float32")
    with pytest.raises(ValueError, match="even"):
        keras_acts.swiglu(np.zeros((2, 5), "float32"))
    with pytest.raises(ValueError, match="`up`"):
        keras_acts.swiglu(x, np.zeros((2, 5), "float32"))
    with pytest.raises(ValueError, match="`up`"):
        keras_acts.reglu(x, -1.0)  # a number where the axis was meant: not broadcast
    with pytest.raises(ValueError, match="`up`"):
        keras_acts.geglu(x, np.zeros((2, 6), "float16"))
    with pytest.raises(ValueError, match="`approximate`"):
        keras_acts.geglu(x, approximate="erf")
    with pytest.raises(ValueError, match="even"):
        keras_acts.layers.SwiGLU(axis=1).compute_output_shape((None, 5))


def test_layers_halve_the_axis_and_take_no_up():
    x = _x(shape=(2, 4, 6))
    for layer in (keras_acts.layers.SwiGLU(), keras_acts.layers.GeGLU(approximate="tanh", axis=1)):
        y = layer(x)
        assert tuple(y.shape) == tuple(layer.compute_output_shape(x.shape))
        assert "up" not in layer.get_config()
    assert tuple(keras_acts.layers.Bilinear().compute_output_shape((None, 3, 8))) == (None, 3, 4)
    assert "up" not in keras_acts.catalog()[[i.name for i in keras_acts.catalog()].index("swiglu")].params


def _grid_pair(dtype):
    """Gate values over kinks, extremes, +-inf and NaN, each with a few `up` values."""
    gate = np.array([-np.inf, -1e30, -40.0, -3.0, -0.5, 0.0, 0.5, 3.0, 40.0, 1e30, np.inf, np.nan])
    up = np.array([-2.0, 0.0, 1.5, np.inf])
    g, u = (a.ravel() for a in np.meshgrid(gate, up))
    big = float(torch.finfo(getattr(torch, dtype)).max)
    return np.clip(g, -big, big, where=np.isfinite(g), out=g.copy()), u


@pytest.mark.skipif(keras.backend.backend() != "torch", reason="PyTorch's GLU kernels")
@pytest.mark.parametrize("branch", ["cpu", "cpu_sliced", "device"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "bfloat16", "float16"])
@pytest.mark.parametrize("key", ["swiglu", "geglu", "geglu_tanh", "reglu", "bilinear"])
def test_torch_fast_path_equals_keras_ops_form_and_keeps_the_inputs_alone(key, dtype, branch, monkeypatch):
    """`keras_acts._backends.torch_glu`: values and both gradients equal the `keras.ops`
    form's, in both forms, at +-inf and NaN too; backward keeps `a` and `b` alone (no
    `act(a)`), the bytes of the inputs. Branches: the CPU's native kernels (finite
    inputs; non-finite ones take the device forms), walked in slices (a slice of 32
    bytes), and the device forms (`_FORCE_DEVICE_PATH`)."""
    from keras_acts._backends import torch as torch_backend

    if branch == "device":
        monkeypatch.setattr(torch_backend, "_FORCE_DEVICE_PATH", True)
    if branch == "cpu_sliced":
        monkeypatch.setattr(torch_backend, "_CHUNK_BYTES", 32)
    for finite in (True, False):
        _check_fast_path_against_ops_form(key, dtype, finite)


def _check_fast_path_against_ops_form(key, dtype, finite):
    fn, params = _fn(key)
    gate, up = _grid_pair(dtype)
    if finite:
        keep = np.isfinite(gate) & np.isfinite(up)
        gate, up = gate[keep], up[keep]
    tdtype = getattr(torch, dtype)
    ct = torch.linspace(-1.0, 1.0, gate.size, dtype=torch.float64).to(tdtype)
    results = []
    for native in (True, False):
        keras_acts.set_native_fast_path(native)
        try:
            a = torch.tensor(gate).to(tdtype).requires_grad_(True)
            b = torch.tensor(up).to(tdtype).requires_grad_(True)
            x = torch.stack([a.detach(), b.detach()], -1).requires_grad_(True)  # the split form
            kept: list[int] = []

            def pack(t, kept=kept):
                kept.append(t.numel())
                return t

            with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
                y2 = fn(a, b, **params)
                y1 = fn(x, **params)[..., 0]
            g2 = torch.autograd.grad(y2, [a, b], grad_outputs=ct)
            (g1,) = torch.autograd.grad(y1, [x], grad_outputs=ct)
            results.append([t.detach().double().numpy() for t in (y2, *g2, y1, g1)])
            if native:
                assert sum(kept) == 2 * gate.size + x.numel(), kept
        finally:
            keras_acts.set_native_fast_path(True)
    rtol = {"float64": 1e-12, "float32": 2e-6, "bfloat16": 1.6e-2, "float16": 2e-3}[dtype]
    eps = float(torch.finfo(tdtype).eps)
    a, b, c = (np.nan_to_num(v, posinf=0.0, neginf=0.0) for v in (gate, up, ct.double().numpy()))
    if key == "geglu":
        # PyTorch's vectorised erf is a few ulps off in the tail (test_native's GELU rule):
        # a few eps (1 + |a|) absolute, times what multiplies it.
        atol = 4 * eps * (1 + np.abs(a)) * (1 + np.abs(b)) * (1 + np.abs(c))
    elif key == "geglu_tanh":
        # An ulp of w = sqrt(8/pi)(a + 0.044715 a^3) moves sigmoid(w) by |w| ulps.
        w = np.sqrt(8.0 / np.pi) * (np.abs(a) + 0.044715 * np.abs(a) ** 3)
        atol = 4 * eps * (1 + w) * (1 + np.abs(b)) * (1 + np.abs(c))
    else:
        atol = 0.0
    for fast, ops, what in zip(
        *results, ["value", "d/gate", "d/up", "split value", "split d/x"], strict=True
    ):
        tol = atol if fast.shape == gate.shape else np.stack([atol, atol], -1)
        close = np.isclose(fast, ops, rtol=rtol, atol=tol, equal_nan=True)
        assert close.all(), f"{key} {dtype} {what}: {fast[~close]} against {ops[~close]}"
