"""The accelerator branch of the fast paths, checked on a machine without an accelerator.

PyTorch: `keras_acts._backends.torch._FORCE_DEVICE_PATH` makes CPU tensors take what a
tensor on an accelerator takes (`keras_acts._backends.torch_device`). For every
elementwise catalogue entry (the rectifiers, the smooth ones and the trainable ones:
Swish, Snake, PReLU, ...), with its defaults and its non-default parameter sets from
`tests/cases.py`:

- its aten ops, counted with a `TorchDispatchMode`, forward and backward, against the
  native op's counted the same way (the row's `native` in `tests/cases.py`: PyTorch's
  op, or the plain expression where PyTorch has none): at most native + 2 forward and native + 3 forward and
  backward (`BUDGET_EXCEPTIONS` says where and why not), in float32;
- no host read in any dtype: never `aten._local_scalar_dense` (`.item()`, `float()`),
  `aten.item`, `aten.is_nonzero` (`bool()`), `aten.nonzero` or `aten.equal`;
- values and gradients equal to the `keras.ops` form's
  (`keras_acts.set_native_fast_path(False)`) on `tests/test_native.py`'s grid (kinks,
  extremes, +-inf, NaN) in float64, float32, bfloat16 and float16, with its tolerances.

TensorFlow: `keras_acts._backends.tensorflow._FORCE_DEVICE_PATH` sends CPU tensors down
the GPU branch of the checked kernels; their values and gradients equal the `keras.ops`
form's, and no sum is read back. JAX has no such branch (everything is compiled).
"""

from __future__ import annotations

import inspect

import keras
import numpy as np
import pytest
from cases import ROW
from test_native import ELEMENTWISE as NATIVE_TABLE
from test_native import EPS, _assert_close, _grid, _run, test_elementwise_fast_path_equals_keras_ops_path

import keras_acts
from keras_acts import _backends, bench

BACKEND = keras.backend.backend()
pytestmark = pytest.mark.skipif(BACKEND not in ("torch", "tensorflow"), reason="no device branch on JAX")
torch_only = pytest.mark.skipif(BACKEND != "torch", reason="PyTorch's device branch")
tensorflow_only = pytest.mark.skipif(BACKEND != "tensorflow", reason="TensorFlow's device branch")

# Every elementwise function of the catalogue: the trainable family's functions (Swish,
# Snake, PReLU) are elementwise too.
ELEMENTWISE_NAMES = [
    info.name
    for info in keras_acts.catalog()
    if info.function is not None and info.family in ("rectifier", "smooth", "trainable")
]
# Its defaults (with required parameters filled in) and its non-default sets.
# (An entry without a row yet fails test_every_elementwise_entry_has_cases_and_a_native_reference
# here, and tests/test_registry.py.)
CASES = [(name, params) for name in ELEMENTWISE_NAMES if name in ROW for params in ROW[name].cases()]
DTYPES = ["float64", "float32", "bfloat16", "float16"]

# The cases test_native already holds to the `keras.ops` form (its tolerances).
NATIVE_CASES = [(name, params) for name, params in NATIVE_TABLE]

# Ops that read a device value back to the host (a stream synchronisation on a GPU).
HOST_READS = {"_local_scalar_dense", "item", "is_nonzero", "nonzero", "equal"}


def _native(name: str, params: dict):
    """The native op `name` is measured against: its row's `native` in tests/cases.py
    (PyTorch's own op, or the plain expression PyTorch code writes where it has none),
    with every parameter filled in."""
    signature = inspect.signature(getattr(keras_acts, name)).parameters.values()
    p = {**{q.name: q.default for q in signature}, **params}
    return lambda x: ROW[name].native(x, p)


# (name, params) -> (extra forward ops, extra forward+backward ops) allowed, where the
# default budget (2, 3) cannot hold.
BUDGET_EXCEPTIONS = {
    # PyTorch's tanh-form kernel computes 1 + tanh(u), which cancels in the negative
    # tail: keras-acts' x sigmoid(w) and its derivative, written with fused ops
    # (`torch_device.gelu_tanh_fwd` / `gelu_tanh_bwd`).
    ("gelu", (("approximate", "tanh"),)): (3, 14),
}


def _count(fn, x, grad=None):
    """The aten ops `fn(x)` runs forward, and those its backward runs for `grad` (if given)."""
    import torch
    from torch.utils._python_dispatch import TorchDispatchMode

    class Ops(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.names = []

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            self.names.append(func.overloadpacket.__name__)
            return func(*args, **(kwargs or {}))

    with Ops() as forward:
        y = fn(x)
    if grad is None:
        return forward.names, []
    with Ops() as backward:
        torch.autograd.grad(y, x, grad_outputs=grad)
    return forward.names, backward.names


@pytest.fixture
def device_path(monkeypatch):
    """The accelerator branch for CPU tensors, on the current backend."""
    monkeypatch.setattr(_backends.backend_module(BACKEND), "_FORCE_DEVICE_PATH", True)
    keras_acts.set_native_fast_path(True)
    yield
    keras_acts.set_native_fast_path(True)


def _ops(name: str, params: dict, dtype: str, native: bool = False) -> tuple[list[str], list[str]]:
    import torch

    x = torch.linspace(-5.0, 5.0, 4096, dtype=getattr(torch, dtype)).reshape(64, 64).requires_grad_(True)
    grad = torch.ones(64, 64, dtype=x.dtype)
    fn = _native(name, params) if native else (lambda t: getattr(keras_acts, name)(t, **params))
    return _count(fn, x, grad)


@torch_only
def test_every_elementwise_entry_has_cases_and_a_native_reference():
    assert {"gelu", "swish", "snake", "prelu", "threshold"} <= set(ELEMENTWISE_NAMES)
    for name in ELEMENTWISE_NAMES:
        assert name in ROW, f"{name} has no row in tests/cases.py"
        assert ROW[name].native is not None, f"{name}: its row in tests/cases.py has no `native`"


@torch_only
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_device_path_op_count_within_budget(name, params, device_path):
    """At most native + 2 aten ops forward and native + 3 forward and backward, float32."""
    fwd, bwd = _ops(name, params, "float32")
    native_fwd, native_bwd = _ops(name, params, "float32", native=True)
    extra_fwd, extra_total = BUDGET_EXCEPTIONS.get((name, tuple(sorted(params.items()))), (2, 3))
    report = f"{name}{params}: {fwd} | {bwd}; native {native_fwd} | {native_bwd}"
    assert len(fwd) <= len(native_fwd) + extra_fwd, report
    assert len(fwd) + len(bwd) <= len(native_fwd) + len(native_bwd) + extra_total, report


@torch_only
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_device_path_reads_nothing_back(name, params, dtype, device_path):
    fwd, bwd = _ops(name, params, dtype)
    assert not HOST_READS & set(fwd + bwd), f"{name}{params} {dtype}: {fwd} | {bwd}"


def _compare(name: str, params: dict, dtype: str) -> None:
    """Values and gradients of the fast path (as set up) against the `keras.ops` form on
    the whole grid, with test_native's tolerances."""
    if (name, params) not in NATIVE_CASES:
        # Not in test_native's table (a fast path only off the CPU). A gradient that
        # crosses 0 inside the grid (quick GELU's at x = -0.751, next to -0.75) cancels in
        # either form: a few eps absolute, as test_native allows for Swish.
        x = _grid(dtype)
        _, v_fast, g_fast = _run(name, x, dtype, params, native=True)
        _, v_ops, g_ops = _run(name, x, dtype, params, native=False)
        _assert_close(v_fast, v_ops, dtype, f"{name}{params} values")
        _assert_close(g_fast, g_ops, dtype, f"{name}{params} gradients", atol=4 * EPS[dtype])
        return
    test_elementwise_fast_path_equals_keras_ops_path(name, params, dtype, finite=False)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_device_path_equals_keras_ops_path(name, params, dtype, device_path, monkeypatch):
    """Values and gradients on the grid of kinks, extremes, +-inf and NaN; no sum is read
    back (TensorFlow: `_finite_sum` fails the test if called)."""
    if BACKEND == "tensorflow":

        def no_read(t):
            raise AssertionError("the device branch read a sum back")

        monkeypatch.setattr(_backends.backend_module("tensorflow"), "_finite_sum", no_read)
    _compare(name, params, dtype)


@torch_only
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_device_path_second_derivative(name, params, device_path):
    """The device `autograd.Function`s compute their backward with differentiable ops."""
    import torch

    x_np = np.concatenate([np.linspace(-6.0, 6.0, 101) + 0.0123, [-40.0, -12.5, 12.5, 40.0]])
    results = []
    for native in (True, False):
        keras_acts.set_native_fast_path(native)
        x = torch.tensor(x_np, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(getattr(keras_acts, name)(x, **params).sum(), x, create_graph=True)
        h = torch.autograd.grad(g.sum(), x, allow_unused=True)[0] if g.requires_grad else None
        results.append(np.zeros_like(x_np) if h is None else h.detach().numpy())
    keras_acts.set_native_fast_path(True)
    np.testing.assert_allclose(results[0], results[1], rtol=1e-9, atol=1e-12, err_msg=f"{name}{params}")


@torch_only
@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
def test_device_path_keeps_no_more_than_native(name, params, device_path):
    import torch

    x = torch.randn(16, 256)
    kept = bench._saved_bytes("torch", lambda t: getattr(keras_acts, name)(t, **params), x)
    kept_native = bench._saved_bytes("torch", _native(name, params), x)
    assert kept <= max(kept_native, x.numel() * x.element_size()), (name, kept, kept_native)


# --- PyTorch function transforms (`torch.func`) ----------------------------------------

TRANSFORM_CASES = [(n, p) for n, p in CASES if n in _backends.fast_path_names()] + [
    (n, p) for n, p in (("softmax", {}), ("log_softmax", {"axis": 0}), ("softmin", {}), ("glu", {}))
]


@torch_only
@pytest.mark.parametrize("device_branch", [False, True], ids=["cpu", "device"])
@pytest.mark.parametrize(("name", "params"), TRANSFORM_CASES, ids=lambda v: str(v))
def test_torch_func_transforms_equal_the_keras_ops_form(name, params, device_branch, monkeypatch):
    # vmap, grad and jacrev through every function with a PyTorch fast path (the kernels
    # step aside under a transform: no `.item()` under vmap, and `with_derivative`'s
    # `autograd.Function` has `setup_context` and a vmap rule), against the `keras.ops`
    # form run without a transform.
    import torch

    from keras_acts._backends import torch as torch_backend

    monkeypatch.setattr(torch_backend, "_FORCE_DEVICE_PATH", device_branch)
    f = getattr(keras_acts, name)
    x = torch.tensor(np.linspace(-4.3, 4.1, 24).reshape(4, 6), dtype=torch.float64)
    ct = torch.tensor(np.random.default_rng(0).normal(size=(4, 3 if name == "glu" else 6)))

    def fn(t):
        return f(t, **params)

    vmapped = torch.func.vmap(fn)(x)
    grad = torch.func.grad(lambda t: (fn(t) * ct).sum())(x)
    jacobian = torch.func.jacrev(fn)(x[1])
    keras_acts.set_native_fast_path(False)
    try:
        expected = torch.stack([fn(row) for row in x])
        t = x.clone().requires_grad_(True)
        (expected_grad,) = torch.autograd.grad((fn(t) * ct).sum(), t)
        expected_jacobian = torch.autograd.functional.jacobian(fn, x[1])
    finally:
        keras_acts.set_native_fast_path(True)
    torch.testing.assert_close(vmapped, expected, rtol=1e-12, atol=1e-14)
    torch.testing.assert_close(grad, expected_grad, rtol=1e-12, atol=1e-14)
    torch.testing.assert_close(jacobian, expected_jacobian, rtol=1e-12, atol=1e-14)


@torch_only
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_device_path_softmax_family_equals_keras_ops_form(name, dtype, device_path):
    """The accelerator branch of softmax, log_softmax and softmin (the native kernel
    inside the +-inf rule's `where`s): values and gradients of the `keras.ops` form, on
    the rule's slices and on random slices with infinities, NaN and huge values."""
    import torch
    from test_entmax import RULE

    rng = np.random.default_rng(0)
    noisy = rng.normal(scale=5.0, size=(6, 33))
    noisy[1, 3] = noisy[2, [4, 9]] = np.inf
    noisy[3, :] = -np.inf
    noisy[4, 7] = np.nan
    noisy[5, :4] = [1e30, -1e30, np.inf, -np.inf]
    slices = [np.array([row, row[::-1]]) for row, _ in RULE] + [noisy, noisy.T]
    for x_np in slices:
        ct = torch.tensor(rng.normal(size=x_np.shape))
        results = []
        for native in (True, False):
            keras_acts.set_native_fast_path(native)
            x = torch.tensor(x_np, dtype=getattr(torch, dtype), requires_grad=True)
            y = getattr(keras_acts, name)(x)
            (g,) = torch.autograd.grad(y, x, grad_outputs=ct.to(y.dtype))
            results.append((y.detach().double().numpy(), g.double().numpy()))
        keras_acts.set_native_fast_path(True)
        (v_fast, g_fast), (v_ops, g_ops) = results
        rtol = 1e-12 if dtype == "float64" else 2e-6
        np.testing.assert_allclose(v_fast, v_ops, rtol=rtol, atol=1e-30, equal_nan=True, err_msg=f"{x_np}")
        np.testing.assert_allclose(g_fast, g_ops, rtol=rtol, atol=1e-6, equal_nan=True, err_msg=f"{x_np}")
