"""The backend-native fast paths (`keras_acts._backends`) equal the `keras.ops` path.

On torch and TensorFlow, functions whose semantics the backend's own kernel matches call
it directly. Here each of them runs both ways -- fast path on, and off (the `keras.ops` form
every other backend runs) -- on a grid of ordinary values, kinks, extremes, +-inf and NaN,
in four dtypes; values and gradients must agree to rounding, NaN where NaN. On every
backend, every backend module's kernels are checked against the declared activations.
"""

from __future__ import annotations

import inspect

import keras
import numpy as np
import pytest
from cases import AXIS, CATALOGUE, ROW, rows
from cases import ELEMENTWISE as ELEMENTWISE_ROWS

import keras_acts
from keras_acts import _backends

BACKEND = keras.backend.backend()

# Every test but the declaration checks at the end: the kernels run on torch and TensorFlow.
native_backend = pytest.mark.skipif(BACKEND not in ("torch", "tensorflow"), reason="no kernels on JAX")
torch_only = pytest.mark.skipif(BACKEND != "torch", reason="the autograd.Function fast paths are PyTorch's")

# The functions with a fast path on this backend (test_every_backend_kernel_is_declared checks
# the kernels' names and parameters against the declared activations).
FAST = _backends.fast_path_names() if BACKEND in ("torch", "tensorflow") else frozenset()
# The kernels for accelerators only (the CPU runs the `keras.ops` form):
# tests/test_device_path.py holds them to it.
DEVICE_ONLY = (
    frozenset(_backends.backend_module("torch").device.DEVICE_ONLY) if BACKEND == "torch" else frozenset()
)


def _table(kind: str) -> list[tuple[str, dict]]:
    """(name, params) for the rows of `kind` with a CPU fast path on this backend: the
    row's `fast.params` (default: its parameter sets). Not here: device-only kernels, and
    those that take tensor parameters (PReLU's, the GLU variants': tests of their own)."""
    kernels = _backends.backend_module(BACKEND).KERNELS if FAST else {}
    return [
        (row.name, params)
        for row in rows(kind)
        if row.name in FAST and row.name not in DEVICE_ONLY and not kernels[row.name].tensor_params
        for params in (row.cases() if row.fast.params is None else row.fast.params)
    ]


ELEMENTWISE = _table(ELEMENTWISE_ROWS)
NORMALIZERS = _table(AXIS)
DTYPES = ["float64", "float32", "bfloat16", "float16"]
RTOL = {"float64": 1e-12, "float32": 2e-6, "bfloat16": 1.6e-2, "float16": 2e-3}


def _grid(dtype: str) -> np.ndarray:
    import torch

    info = torch.finfo(getattr(torch, dtype))
    kinks = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0 / 2.0, 6.0, 20.0 / 2.0, 20.0]
    large = [v for v in (1e4, 1e20, 1e30) if v < float(info.max)]  # x^2 overflows float32 above 1.8e19
    extremes = [*large, float(info.max), float(info.tiny), float("inf")]
    values = np.concatenate([np.linspace(-30.0, 30.0, 241), kinks, extremes])
    values = np.concatenate([values, -values, [float("nan")]])
    return values


def _fit(cotangent: np.ndarray, shape) -> np.ndarray:
    """The cotangent cut to the output's shape (a gated function halves its axis)."""
    return cotangent[tuple(slice(0, int(n)) for n in shape)]


def _run(name: str, x_np: np.ndarray, dtype: str, params: dict, native: bool, cotangent=None):
    """`(y, y as float64 NumPy, cotangent^T dy/dx as float64 NumPy)` with the fast path on or off."""
    f = getattr(keras_acts, name)
    keras_acts.set_native_fast_path(native)
    try:
        if BACKEND == "torch":
            import torch

            x = torch.tensor(x_np, dtype=torch.float64).to(getattr(torch, dtype)).requires_grad_(True)
            y = f(x, **params)
            ct = (
                torch.ones_like(y)
                if cotangent is None
                else torch.tensor(_fit(cotangent, y.shape)).to(y.dtype)
            )
            (g,) = torch.autograd.grad(y, x, grad_outputs=ct)
            return y, y.detach().double().numpy(), g.detach().double().numpy()
        import tensorflow as tf

        x = tf.cast(tf.constant(x_np, tf.float64), dtype)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x, **params)
        ct = tf.ones_like(y) if cotangent is None else tf.cast(tf.constant(_fit(cotangent, y.shape)), y.dtype)
        g = tape.gradient(y, x, output_gradients=ct)
        return y, tf.cast(y, tf.float64).numpy(), tf.cast(g, tf.float64).numpy()
    finally:
        keras_acts.set_native_fast_path(True)


EPS = {"float64": 2.0**-52, "float32": 2.0**-23, "bfloat16": 2.0**-7, "float16": 2.0**-10}


def _atol(name: str, params: dict, x: np.ndarray, value: np.ndarray, grad: np.ndarray, dtype: str):
    """(value atol, gradient atol) from the row's `fast.atol` (0 where it has none)."""
    atol = ROW[name].fast.atol
    if atol is None:
        return 0.0, 0.0
    finite = [np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0) for a in (x, value, grad)]
    value_atol, grad_atol = atol(params, *finite)
    return EPS[dtype] * value_atol, EPS[dtype] * grad_atol


def _assert_close(actual: np.ndarray, expected: np.ndarray, dtype: str, what: str, atol=0.0) -> None:
    # Differences at the dtype's smallest normal are rounding, not semantics.
    atol = np.maximum(atol, {"float64": 1e-300, "float32": 1e-37, "bfloat16": 1e-37, "float16": 1e-4}[dtype])
    close = np.isclose(actual, expected, rtol=RTOL[dtype], atol=atol, equal_nan=True)
    assert close.all(), (
        f"{what}: {np.count_nonzero(~close)} of {close.size} differ; "
        f"first {actual[~close][:5]} against {expected[~close][:5]}"
    )


@native_backend
@pytest.mark.parametrize("finite", [False, True], ids=["with-inf-nan", "finite"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), ELEMENTWISE, ids=lambda v: str(v))
def test_elementwise_fast_path_equals_keras_ops_path(name, params, dtype, finite):
    """On the whole grid (where the checked kernels fall back), and on its finite part
    below 1e38 (where every fast path is taken)."""
    x = _grid(dtype)
    if finite:
        x = x[np.isfinite(x) & (np.abs(x) < 1e38)]
    y_fast, v_fast, g_fast = _run(name, x, dtype, params, native=True)
    y_ops, v_ops, g_ops = _run(name, x, dtype, params, native=False)
    assert y_fast.dtype == y_ops.dtype
    value_atol, grad_atol = _atol(name, params, x, v_ops, g_ops, dtype)
    _assert_close(v_fast, v_ops, dtype, f"{name}{params} values", atol=value_atol)
    _assert_close(g_fast, g_ops, dtype, f"{name}{params} gradients", atol=grad_atol)


@torch_only
@pytest.mark.parametrize(("name", "params"), ELEMENTWISE, ids=lambda v: str(v))
def test_second_derivative_fast_path_equals_keras_ops_path(name, params):
    """The PyTorch fast paths keep second derivatives right (create_graph): the custom
    `autograd.Function`s compute their backward with differentiable ops from tensors that
    depend on x, not from intermediates the forward pass detached."""
    import torch

    x_np = np.concatenate([np.linspace(-6.0, 6.0, 101) + 0.0123, [-40.0, -12.5, 12.5, 40.0]])
    results = []
    for native in (True, False):
        keras_acts.set_native_fast_path(native)
        try:
            x = torch.tensor(x_np, dtype=torch.float64, requires_grad=True)
            (g,) = torch.autograd.grad(getattr(keras_acts, name)(x, **params).sum(), x, create_graph=True)
            # A piecewise-linear function's derivative does not depend on x at all.
            h = torch.autograd.grad(g.sum(), x, allow_unused=True)[0] if g.requires_grad else None
            results.append(np.zeros_like(x_np) if h is None else h.detach().numpy())
        finally:
            keras_acts.set_native_fast_path(True)
    np.testing.assert_allclose(results[0], results[1], rtol=1e-9, atol=1e-12, err_msg=f"{name}{params}")


# The PyTorch autograd.Functions that walk their tensors in slices
# (`keras_acts._backends.torch._CHUNK_BYTES`).
CHUNKED = [(row.name, params) for row in rows(ELEMENTWISE_ROWS) for params in row.fast.sliced]


@torch_only
@pytest.mark.parametrize("finite", [False, True], ids=["with-inf-nan", "finite"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("name", "params"), CHUNKED, ids=lambda v: str(v))
def test_sliced_fast_paths_equal_keras_ops_path(name, params, dtype, finite, monkeypatch):
    """With slices of 5 elements (the grid's length is not a multiple of 5) every slice
    boundary and a short last slice occur; where x^2 overflows in some slices (1e20 or
    1e30 in float32), those slices take the overflow-safe form, the others do not."""
    monkeypatch.setattr(_backends.backend_module("torch"), "_CHUNK_BYTES", 5 * np.dtype(dtype).itemsize)
    assert len(_grid(dtype)) % 5 != 0
    test_elementwise_fast_path_equals_keras_ops_path(name, params, dtype, finite)


@torch_only
@pytest.mark.parametrize("sliced", [True, False], ids=["7-element-slices", "one-slice"])
@pytest.mark.parametrize(("name", "params"), CHUNKED, ids=lambda v: str(v))
def test_sliced_fast_paths_take_strided_inputs_and_gradients(name, params, sliced, monkeypatch):
    """A transposed (non-contiguous) input and cotangent, and the stride-0 cotangent of
    `y.sum()`, in slices (flattened copies) and whole: shape, values and gradients as on
    the `keras.ops` path."""
    import torch

    if sliced:
        monkeypatch.setattr(_backends.backend_module("torch"), "_CHUNK_BYTES", 7 * 4)
    rng = np.random.default_rng(3)
    x_np = rng.normal(scale=4.0, size=(9, 13))
    ct_np = rng.normal(size=(9, 13))
    results = []
    for native in (True, False):
        keras_acts.set_native_fast_path(native)
        try:
            f = getattr(keras_acts, name)
            x = torch.tensor(x_np, dtype=torch.float32).t().requires_grad_(True)
            assert not x.is_contiguous()
            y = f(x, **params)
            assert y.shape == x.shape
            (g,) = torch.autograd.grad(y, x, grad_outputs=torch.tensor(ct_np, dtype=torch.float32).t())
            (g_sum,) = torch.autograd.grad(f(x, **params).sum(), x)
            results.append([t.detach().double().numpy() for t in (y, g, g_sum)])
        finally:
            keras_acts.set_native_fast_path(True)
    for what, fast, ops in zip(("values", "gradients", "gradients of the sum"), *results, strict=True):
        np.testing.assert_allclose(fast, ops, rtol=1e-5, atol=1e-6, err_msg=f"{name}{params} {what}")


@torch_only
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("row", [r for r in rows(ELEMENTWISE_ROWS) if r.fast.overflow], ids=lambda r: r.name)
def test_sliced_fast_path_where_x_squared_overflows(row, dtype, monkeypatch):
    """x^2 overflows for |x| > 1.8e19 in float32 (1.3e154 in float64), where the
    value may be finite (and tiny): the fast path's result is then not finite and the
    call takes the `keras.ops` form."""
    monkeypatch.setattr(_backends.backend_module("torch"), "_CHUNK_BYTES", 5 * np.dtype(dtype).itemsize)
    params = row.cases()[0]
    far = row.fast.overflow(dtype)
    x = np.concatenate([-np.linspace(0.0, 30.0, 13), list(far)])
    _, v_fast, g_fast = _run(row.name, x, dtype, params, native=True)
    _, v_ops, g_ops = _run(row.name, x, dtype, params, native=False)
    for got, (at, expected) in zip(v_fast[13:], far.items(), strict=True):
        if expected is not None:
            np.testing.assert_allclose(got, expected, rtol=1e-6, err_msg=f"{row.name} at {at}")
    _assert_close(v_fast, v_ops, dtype, f"{row.name} values")
    _assert_close(g_fast, g_ops, dtype, f"{row.name} gradients")


def _values_untracked(name: str, x_np: np.ndarray, dtype: str, params: dict, native: bool) -> np.ndarray:
    """The values as float64 NumPy, computed with no gradient recorded (no tape on
    TensorFlow, no `requires_grad` on PyTorch): some fast paths skip their custom
    gradient there."""
    keras_acts.set_native_fast_path(native)
    try:
        if BACKEND == "torch":
            import torch

            x = torch.tensor(x_np, dtype=torch.float64).to(getattr(torch, dtype))
            return getattr(keras_acts, name)(x, **params).double().numpy()
        import tensorflow as tf

        x = tf.cast(tf.constant(x_np, tf.float64), dtype)
        return tf.cast(getattr(keras_acts, name)(x, **params), tf.float64).numpy()
    finally:
        keras_acts.set_native_fast_path(True)


@native_backend
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), ELEMENTWISE, ids=lambda v: str(v))
def test_elementwise_values_without_gradient_recording(name, params, dtype):
    x = _grid(dtype)
    fast = _values_untracked(name, x, dtype, params, native=True)
    composed = _values_untracked(name, x, dtype, params, native=False)
    atol, _ = _atol(name, params, x, composed, np.zeros_like(composed), dtype)
    _assert_close(fast, composed, dtype, f"{name}{params} values", atol=atol)


@native_backend
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), NORMALIZERS, ids=lambda v: str(v))
def test_normalizer_fast_path_equals_keras_ops_path(name, params, dtype):
    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 5.0, (6, 10))
    x[1, 2] = float("-inf")  # a masked entry
    x[2, :] = float("-inf")  # a fully masked row
    x[3, 4] = float("nan")
    x[4, 1] = 1e4
    x[5, :] = 0.0
    # A random cotangent: with ones, a normalizer's gradient is 0 up to rounding noise.
    ct = rng.normal(size=x.shape)
    y_fast, v_fast, g_fast = _run(name, x, dtype, params, native=True, cotangent=ct)
    y_ops, v_ops, g_ops = _run(name, x, dtype, params, native=False, cotangent=ct)
    assert y_fast.dtype == y_ops.dtype
    # log_softmax is x - logsumexp(x): its rounding is relative to |x|.
    finite_max = np.max(np.abs(x[np.isfinite(x)]))
    v_atol = 4 * RTOL[dtype] * finite_max if name == "log_softmax" else 0.0
    _assert_close(v_fast, v_ops, dtype, f"{name}{params} values", atol=v_atol)
    # A gradient entry is a sum over the slice: its rounding is relative to the largest term.
    scale = np.nanmax(np.abs(g_ops[np.isfinite(g_ops)]))
    _assert_close(g_fast, g_ops, dtype, f"{name}{params} gradients", atol=4 * RTOL[dtype] * scale)


def _autograd_nodes(y) -> list[str]:
    """The autograd nodes (PyTorch kernels) behind `y`."""
    names, stack = [], [y.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or type(fn).__name__ == "AccumulateGrad":
            continue
        names.append(type(fn).__name__)
        stack.extend(f for f, _ in fn.next_functions)
    return names


def _kernels(name: str, params: dict, native: bool) -> list[str]:
    """The kernels one call runs: autograd nodes (torch) or graph ops (TensorFlow)."""
    keras_acts.set_native_fast_path(native)
    try:
        f = getattr(keras_acts, name)
        if BACKEND == "torch":
            import torch

            return _autograd_nodes(f(torch.linspace(-3, 3, 7, requires_grad=True), **params))
        import tensorflow as tf

        graph = (
            tf.function(lambda t: f(t, **params)).get_concrete_function(tf.TensorSpec([7], tf.float32)).graph
        )
        return [
            op.type for op in graph.get_operations() if op.type not in ("Placeholder", "Identity", "Const")
        ]
    finally:
        keras_acts.set_native_fast_path(True)


# TensorFlow's checked kernels run eagerly only (the sum is read back), and so do some
# plain ones; the graph-mode kernel count below does not apply to them. (Every
# TensorFlow fast path but the rows' `fast.tf_graph` ones; GELU's guarded graph form has
# its own test, test_tensorflow_graph_gelu_equals_keras_ops_path.)
TF_EAGER_ONLY = FAST - {row.name for row in rows() if row.fast.tf_graph}


def _signature_params(name: str, params: dict) -> list:
    """The hyper-parameters of `keras_acts.<name>` in signature order, defaults filled in."""
    signature = list(inspect.signature(getattr(keras_acts, name)).parameters.values())[1:]
    return [params.get(p.name, p.default) for p in signature]


@native_backend
@pytest.mark.parametrize(("name", "params"), ELEMENTWISE + NORMALIZERS, ids=lambda v: str(v))
def test_checked_kernel_result_is_returned_for_finite_input(name, params):
    """On finite input the fast path (for the checked ones: kernel, then a sum) gives a
    tensor, and the public function returns exactly that result."""
    x = np.linspace(-3.0, 3.0, 24, dtype="float32").reshape(4, 6)
    x = keras.ops.convert_to_tensor(x)
    fast = _backends.fast_path(name)(x, *_signature_params(name, params))
    if fast is None:
        assert _no_fast_path(name, params), (name, params)
        return
    y = getattr(keras_acts, name)(x, **params)
    assert y.dtype == fast.dtype and tuple(y.shape) == tuple(fast.shape)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(y), keras.ops.convert_to_numpy(fast))


def _no_fast_path(name: str, params: dict) -> bool:
    return ROW[name].fast.declines(BACKEND, params)


@native_backend
@pytest.mark.parametrize(("name", "params"), ELEMENTWISE, ids=lambda v: str(v))
def test_fast_path_is_taken_and_can_be_turned_off(name, params):
    """With the fast path on, one call runs one kernel (PyTorch's, TensorFlow's); off,
    the composed `keras.ops` form."""
    if BACKEND == "tensorflow" and name in TF_EAGER_ONLY:
        pytest.skip("eager only: test_checked_kernel_result_is_returned_for_finite_input")
    fast, composed = _kernels(name, params, native=True), _kernels(name, params, native=False)
    if _no_fast_path(name, params):
        assert fast == composed  # no fast path there
        return
    # Where PyTorch has no kernel, its own expression (the row's `fast.kernels`); on
    # TensorFlow up to three (its log-sigmoid is -softplus(-x)).
    allowed = max(ROW[name].fast.kernels, 3 if BACKEND == "tensorflow" else 1)
    assert len(fast) <= allowed, fast
    if len(composed) > 1:  # a `keras.ops` form of one kernel may run the same one
        assert composed != fast, composed
    assert keras_acts.native_fast_path_enabled()


@native_backend
def test_every_fast_path_name_has_a_fast_path():
    assert ELEMENTWISE and NORMALIZERS  # both kinds of fast path are exercised here
    for name in FAST:
        assert callable(_backends.fast_path(name)), name
    composed = [i.name for i in keras_acts.catalog() if i.function is not None and i.name not in FAST]
    assert composed  # the `keras.ops` forms alone
    assert all(_backends.fast_path(name) is None for name in composed)
    assert FAST == _backends.fast_path_names() == frozenset(_backends.backend_module(BACKEND).KERNELS)


def test_set_native_fast_path_rejects_non_bool():
    with pytest.raises(ValueError, match="`enabled`"):
        keras_acts.set_native_fast_path("no")


@pytest.mark.skipif(BACKEND != "torch", reason="F.prelu fast path")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    ("shape", "alpha_shape", "axis"),
    [
        ((509,), None, -1),
        ((6, 5), (5,), -1),
        ((3, 4, 5, 6), (6,), -1),
        ((3, 4, 5, 6), (4,), 1),
        ((2, 3), (1,), 0),
    ],
)
def test_prelu_fast_path_equals_keras_ops_path(dtype, shape, alpha_shape, axis):
    """F.prelu against the `where` form: values, and gradients for x and for alpha (a
    tensor, as the PReLU layer passes its weight)."""
    import torch

    rng = np.random.default_rng(0)
    grid = _grid(dtype)
    x_np = rng.choice(grid, size=shape)
    x_np.reshape(-1)[: min(9, x_np.size)] = [
        0.0,
        -0.0,
        float("nan"),
        float("inf"),
        float("-inf"),
        1.0,
        -1.0,
        3.0,
        -3.0,
    ][: min(9, x_np.size)]
    ct = rng.normal(size=shape)
    alphas = rng.uniform(-0.5, 0.5, alpha_shape) if alpha_shape else None
    results = []
    for native in (True, False):
        keras_acts.set_native_fast_path(native)
        try:
            x = torch.tensor(x_np).to(getattr(torch, dtype)).requires_grad_(True)
            if alpha_shape is None:
                alpha = 0.25
                y = keras_acts.prelu(x, alpha, axis=axis)
                (gx,) = torch.autograd.grad(y, x, grad_outputs=torch.tensor(ct).to(y.dtype))
                ga = np.zeros(1)
            else:
                alpha = torch.tensor(alphas).float().requires_grad_(True)
                y = keras_acts.prelu(x, alpha, axis=axis)
                gx, ga = torch.autograd.grad(y, (x, alpha), grad_outputs=torch.tensor(ct).to(y.dtype))
                ga = ga.double().numpy()
            assert y.dtype == x.dtype and y.shape == x.shape
            results.append((y.detach().double().numpy(), gx.double().numpy(), ga))
        finally:
            keras_acts.set_native_fast_path(True)
    (v_fast, gx_fast, ga_fast), (v_ops, gx_ops, ga_ops) = results
    _assert_close(v_fast, v_ops, dtype, "prelu values")
    _assert_close(gx_fast, gx_ops, dtype, "prelu x gradients")
    # alpha's gradient is a sum over the other axes: rounding relative to the largest term.
    scale = np.nanmax(np.abs(np.nan_to_num(x_np * ct, posinf=0.0, neginf=0.0)), initial=1.0) * x_np.size
    _assert_close(ga_fast, ga_ops, dtype, "prelu alpha gradients", atol=RTOL[dtype] * scale)


@pytest.mark.skipif(BACKEND != "torch", reason="F.prelu fast path")
def test_prelu_fast_path_is_one_kernel():
    import torch

    x = torch.linspace(-3, 3, 24).reshape(2, 3, 4).requires_grad_(True)
    names = _autograd_nodes(keras_acts.prelu(x, torch.full((4,), 0.1, requires_grad=True)))
    assert [
        n for n in names if "Prelu" in n or "PRelu" in n or "Where" in n
    ] and "WhereBackward0" not in names, names


@pytest.mark.skipif(BACKEND != "tensorflow", reason="TensorFlow's graph-mode gelu")
@pytest.mark.parametrize("jit_compile", [False, True], ids=["graph", "xla"])
def test_tensorflow_graph_gelu_equals_keras_ops_path(jit_compile):
    """In a graph gelu is `tf.nn.gelu` with autodiff, guarded for +-inf without a sum
    (`keras_acts._backends.tensorflow.graph_gelu`): the values and gradients of the eager `keras.ops`
    form on the whole float32 grid (+-inf, NaN, up to the float maximum)."""
    import tensorflow as tf

    x_np = _grid("float32")
    _, v_ops, g_ops = _run("gelu", x_np, "float32", {}, native=False)

    @tf.function(jit_compile=jit_compile)
    def value_and_grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = keras_acts.gelu(x)
        return y, tape.gradient(y, x)

    graph_ops = [
        op.type
        for op in value_and_grad.get_concrete_function(
            tf.TensorSpec([None], tf.float32)
        ).graph.get_operations()
    ]
    # TensorFlow's expression (erfc) with the clip, not keras-acts' custom gradient (IdentityN).
    assert {"Erfc", "Minimum", "Maximum"} <= set(graph_ops) and "IdentityN" not in graph_ops, graph_ops
    y, g = value_and_grad(tf.constant(x_np, tf.float32))
    v_fast, g_fast = y.numpy().astype("float64"), g.numpy().astype("float64")
    # PyTorch's erf-based and TensorFlow's kernels differ by a few eps |x| in the negative
    # tail, as in test_elementwise_fast_path_equals_keras_ops_path.
    atol = 4 * EPS["float32"] * np.abs(np.nan_to_num(x_np, posinf=0.0, neginf=0.0))
    _assert_close(v_fast, v_ops, "float32", "gelu values", atol=atol)
    _assert_close(g_fast, g_ops, "float32", "gelu gradients", atol=atol + 4 * EPS["float32"])


def _declared() -> dict[str, tuple[str, ...]]:
    """Each public function's hyper-parameters after `x` (and after its further input
    tensors, `swiglu(gate, up)`'s `up`, which kernels take by keyword), from its signature
    (the catalogue's `params` of a trainable activation are its layer's)."""
    declared = {}
    for info in keras_acts.catalog():
        if info.function is not None:
            skip = 1 + len(keras_acts._catalog.declaration(info.function).inputs)
            declared[info.name] = tuple(inspect.signature(info.function).parameters)[skip:]
    return declared


@pytest.mark.parametrize("backend", ["torch", "tensorflow", "jax"])
def test_every_backend_kernel_is_declared(backend):
    """Every backend module's kernels, imported whatever the current backend, are keyed by
    declared activations and take their parameters in order: a misnamed kernel would
    otherwise never be called, on a backend whose tests may not run."""
    kernels = _backends.backend_module(backend).KERNELS
    _backends.check_names(_declared(), kernels)
    if backend == "jax":
        assert not kernels  # the fast path is `jax.jit` itself
    else:
        assert {CATALOGUE[name].family for name in kernels} >= {"rectifier", "smooth", "normalizer"}
    _backends.check_names(_declared())  # the current backend's, as at import


def test_check_names_rejects_undeclared_names_and_other_parameters():
    from keras_acts._backends._table import KernelTable

    # A declared activation with one hyper-parameter, and a kernel for it.
    name, (param,) = next((n, p) for n, p in _declared().items() if len(p) == 1)
    table = KernelTable()

    def kernel(x, *params):
        return x

    kernel.__signature__ = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in ("x", param)]
    )
    table.fast_path(name)(kernel)
    _backends.check_names({name: (param,)}, table)
    with pytest.raises(RuntimeError, match=rf"test_native\..*kernel.*\('{param}',\).*\('other',\)"):
        _backends.check_names({name: ("other",)}, table)
    with pytest.raises(RuntimeError, match=f"'{name}', which is not a declared activation"):
        _backends.check_names({name + "_typo": (param,)}, table)
    with pytest.raises(RuntimeError, match=f"Two fast paths for '{name}'"):
        table.fast_path(name)(kernel)
