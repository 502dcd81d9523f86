"""The fast paths on a real accelerator: skipped where there is none (CI, this repository's
usual machines); `tests/test_device_path.py` checks the same branch on the CPU.

PyTorch on CUDA, for every elementwise catalogue entry and parameter set of
`tests/test_device_path.py`, on `tests/test_native.py`'s grid (kinks, extremes, +-inf, NaN):

- forward and backward synchronise nothing with the host: they run under
  `torch.cuda.set_sync_debug_mode("error")`, which raises at any synchronising call
  (`.item()`, `bool()`, `nonzero`, a device-to-host copy);
- values and gradients equal the `keras.ops` form's (`set_native_fast_path(False)`) on the
  same device, with test_native's tolerances, in float64, float32, bfloat16 and float16.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from test_device_path import CASES, DTYPES
from test_native import EPS, _assert_close, _grid

import keras_acts

BACKEND = keras.backend.backend()


def _cuda() -> bool:
    if BACKEND != "torch":
        return False
    import torch

    return torch.cuda.is_available()


pytestmark = pytest.mark.skipif(not _cuda(), reason="needs PyTorch with a CUDA device")


def _run(
    name: str, params: dict, x_np: np.ndarray, dtype: str, native: bool, strict: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Values and gradients on CUDA; `strict`: any host synchronisation raises."""
    import torch

    keras_acts.set_native_fast_path(native)
    try:
        x = torch.tensor(x_np, dtype=torch.float64).to("cuda", getattr(torch, dtype)).requires_grad_(True)
        ct = torch.ones(x.shape, dtype=x.dtype, device="cuda")
        torch.cuda.synchronize()
        torch.cuda.set_sync_debug_mode("error" if strict else "default")
        try:
            y = getattr(keras_acts, name)(x, **params)
            (g,) = torch.autograd.grad(y, x, grad_outputs=ct)
        finally:
            torch.cuda.set_sync_debug_mode("default")
        return y.detach().double().cpu().numpy(), g.double().cpu().numpy()
    finally:
        keras_acts.set_native_fast_path(True)


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_cuda_forward_and_backward_synchronise_nothing(name, params):
    # (The `keras.ops` form, with the fast paths off, does synchronise: Keras turns the
    # Python numbers of `ops.multiply(x, 0.5)` and the like into CUDA tensors, a
    # pageable host-to-device copy that PyTorch counts as synchronising.)
    _run(name, params, _grid("float32"), "float32", native=True, strict=True)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_cuda_fast_path_equals_keras_ops_form(name, params, dtype):
    x = _grid(dtype)
    v_fast, g_fast = _run(name, params, x, dtype, native=True)
    v_ops, g_ops = _run(name, params, x, dtype, native=False)
    # CUDA's float32 exp and tanh are up to 2 ulps off, which GELU's and Mish's far
    # negative tails amplify (exp(62) there): 64 eps relative in float32 where either form
    # may be the nearer one (seen: GELU-tanh at -8.75, both 4-40 ulps from the float64
    # value); the gradients as test_device_path allows.
    rtol = 64 * EPS[dtype] if dtype == "float32" else 0.0
    _assert_close(v_fast, v_ops, dtype, f"{name}{params} values", atol=rtol * np.abs(v_ops))
    _assert_close(g_fast, g_ops, dtype, f"{name}{params} gradients", atol=4 * EPS[dtype])


GLU_CASES = [("swiglu", {}), ("geglu", {}), ("geglu", {"approximate": "tanh"}), ("reglu", {})]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), GLU_CASES, ids=lambda v: str(v))
def test_cuda_glu_variants_synchronise_nothing_and_equal_keras_ops_form(name, params, dtype):
    """`keras_acts._backends.torch_glu` on CUDA: the split form of `act(a) * b` over the
    grid as `a` and its reverse as `b`."""
    import torch

    grid = _grid(dtype)
    x_np = np.stack([grid, grid[::-1]], axis=-1)
    results = []
    for native in (True, False):
        keras_acts.set_native_fast_path(native)
        try:
            x = torch.tensor(x_np, dtype=torch.float64).to("cuda", getattr(torch, dtype)).requires_grad_(True)
            torch.cuda.synchronize()
            torch.cuda.set_sync_debug_mode("error" if native else "default")
            try:
                y = getattr(keras_acts, name)(x, **params)
                (g,) = torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y))
            finally:
                torch.cuda.set_sync_debug_mode("default")
            results.append((y.detach().double().cpu().numpy(), g.double().cpu().numpy()))
        finally:
            keras_acts.set_native_fast_path(True)
    (v_fast, g_fast), (v_ops, g_ops) = results
    b = np.nan_to_num(np.abs(x_np[:, 1]), posinf=0.0)
    a = np.nan_to_num(np.abs(x_np[:, 0]), posinf=0.0, neginf=0.0)
    # GELU's tails as in test_native (a few eps (1 + |a|) absolute), times |b|.
    atol = 64 * EPS[dtype] * (1 + a) * (1 + b)
    _assert_close(v_fast[:, 0], v_ops[:, 0], dtype, f"{name}{params} values", atol=atol)
    _assert_close(g_fast, g_ops, dtype, f"{name}{params} gradients", atol=np.stack([atol, atol], -1))
