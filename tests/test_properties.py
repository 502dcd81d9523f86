"""Property-based tests (hypothesis) over the whole catalogue: shapes and dtypes, bounds,
monotonicity, agreement with the float64 torch reference on drawn inputs and
hyper-parameters, finite gradients.

The functions and layers are taken from `keras_acts.catalog()`, so new entries are
covered by the shape/dtype and gradient properties automatically; the per-name tables
below (hyper-parameter ranges, bounds, monotone functions) are kept small. Every test
is deterministic (`derandomize=True`) and cheap (25 examples).
"""

from __future__ import annotations

import keras
import ml_dtypes
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from _backend import to_numpy, value_and_grad
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from portable import LAYER_KWARGS
from reference import TORCH_REFERENCE, sparsemax_reference, torch_value_and_grad

import keras_acts
from keras_acts.registry import REQUIRED, signature_params


@pytest.fixture(autouse=True)
def _fresh_state():
    """Overrides conftest's fixture: the same seed and dtype policy per test, but
    `keras.backend.clear_session()` (~0.4 s, a garbage collection) once per module
    rather than after each of the ~160 tests here."""
    keras.utils.set_random_seed(0)
    yield
    keras.config.set_dtype_policy("float32")


@pytest.fixture(autouse=True, scope="module")
def _clear_session_once():
    yield
    keras.backend.clear_session()


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CATALOG = keras_acts.catalog()
NP_DTYPES = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}


def f32(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in [lo, hi] that are exact in float32 (so torch float64 sees the same value)."""
    lo, hi = float(np.float32(lo)), float(np.float32(hi))
    return st.floats(lo, hi, width=32, allow_nan=False, allow_infinity=False)


# Hyper-parameter ranges for the functions that have them; anything else runs with its
# defaults. Required parameters must appear here (or in portable.LAYER_KWARGS).
PARAMS = {
    "leaky_relu": st.fixed_dictionaries({"negative_slope": f32(-10, 10)}),
    "threshold": st.fixed_dictionaries({"threshold": f32(-10, 10), "value": f32(-10, 10)}),
    "hard_tanh": st.tuples(f32(-10, 10), f32(1e-3, 20)).map(
        lambda t: {"min_val": t[0], "max_val": float(np.float32(t[0] + t[1]))}
    ),
    "hard_sigmoid": st.fixed_dictionaries({"alpha": f32(-5, 5), "beta": f32(-5, 5)}),
    "hard_shrink": st.fixed_dictionaries({"lambd": f32(0, 10)}),
    "soft_shrink": st.fixed_dictionaries({"lambd": f32(0, 10)}),
    "softplus": st.fixed_dictionaries({"beta": f32(0.05, 20), "threshold": f32(-20, 60)}),
    "elu": st.fixed_dictionaries({"alpha": f32(-5, 5)}),
    "celu": st.fixed_dictionaries({"alpha": f32(0.05, 10)}),
    "gelu": st.fixed_dictionaries({"approximate": st.sampled_from(["none", "tanh"])}),
    "swish": st.fixed_dictionaries({"beta": f32(-5, 5)}),
    "squareplus": st.fixed_dictionaries({"b": f32(0, 20)}),
    "snake": st.fixed_dictionaries({"alpha": f32(1e-3, 10)}),
    "prelu": st.fixed_dictionaries({"alpha": f32(-3, 3)}),
    "rrelu": st.tuples(f32(0, 1), f32(0, 1)).map(lambda t: {"lower": t[0], "upper": t[0] + t[1]}),
    "gumbel_softmax": st.fixed_dictionaries(
        {"tau": f32(0.05, 10), "hard": st.booleans(), "seed": st.just(0)}
    ),
}
# Sizes along the axis that the function needs (glu splits it in two halves).
EVEN_AXIS = {"glu"}


def function_params(info) -> st.SearchStrategy[dict] | None:
    """Drawn hyper-parameters for `info.function`, or `None` if it has required ones we
    cannot fill."""
    if info.function is None:
        return None
    strategy = PARAMS.get(info.name, st.just({}))
    required = [k for k, v in signature_params(info.function, skip=1).items() if v is REQUIRED]
    if required and info.name not in PARAMS:
        return None
    return strategy


def _is_axis_function(info) -> bool:
    return (
        info.function is not None
        and info.family != "trainable"
        and "axis" in signature_params(info.function, 1)
    )


FUNCTIONS = [info for info in CATALOG if function_params(info) is not None]
ELEMENTWISE = [info for info in FUNCTIONS if not _is_axis_function(info)]
AXIS_FUNCTIONS = [info for info in FUNCTIONS if _is_axis_function(info)]
IDS = lambda info: info.name  # noqa: E731


# Shapes for the shape/dtype properties: ranks 0..5, with empty tensors. A fixed pool
# (hypothesis picks from it) rather than free shapes: JAX compiles every op for every
# new shape (~0.3 s per function on 2 CPU cores), so the kernels are shared across the
# catalogue. The values tests below use one fixed shape each, for the same reason.
SHAPES = [(), (0,), (3,), (2, 0), (2, 3, 4), (0, 2, 4), (1, 2, 0, 2), (2, 1, 3, 1, 2)]
FEATURE_SHAPES = [(2, 4), (0, 4), (2, 3, 4), (1, 2, 1, 4)]  # layers with weights: known features
AXIS_SHAPE = (2, 4, 6)  # even sizes, for glu along any axis
N = 64  # the length of the 1-D inputs of the values tests


@st.composite
def shaped(draw, min_rank: int = 0, even_last: bool = False, pool=SHAPES):
    """An array of a shape from `pool` (rank >= `min_rank`) and a drawn float dtype."""
    shape = list(draw(st.sampled_from([s for s in pool if len(s) >= min_rank])))
    if even_last and shape:
        shape[-1] *= 2
    dtype = draw(st.sampled_from(tuple(NP_DTYPES)))
    values = draw(hnp.arrays(np.float32, tuple(shape), elements=f32(-50, 50)))
    return values.astype(NP_DTYPES[dtype]), dtype


def _dtype(y) -> str:
    return keras.backend.standardize_dtype(y.dtype)


# ----------------------------------------------------------------------------- shapes


@pytest.mark.parametrize("info", FUNCTIONS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_function_preserves_shape_and_dtype(info, data):
    axis_fn = _is_axis_function(info)
    x, dtype = data.draw(shaped(min_rank=1 if axis_fn else 0, even_last=info.name in EVEN_AXIS))
    params = data.draw(function_params(info))
    y = info.function(keras.ops.convert_to_tensor(x), **params)
    assert _dtype(y) == dtype
    expected = list(x.shape)
    if info.name in EVEN_AXIS:
        expected[-1] //= 2
    assert tuple(y.shape) == tuple(expected)


def _layer_kwargs(info) -> dict:
    kwargs = dict(LAYER_KWARGS.get(info.name, {}))
    if "mode" in signature_params(info.layer.__init__, 1):
        kwargs["mode"] = "shared"  # any rank; per-channel modes are tested in test_trainable
    return kwargs


def _layer_min_rank(info) -> int:
    if info.family in ("trainable", "learnable"):
        return 2
    return 1 if "axis" in signature_params(info.layer.__init__, 1) else 0


@pytest.mark.parametrize("info", CATALOG, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_layer_preserves_shape_and_dtype(info, data):
    weighted = info.family in ("trainable", "learnable")  # weights need the feature sizes
    pool = FEATURE_SHAPES if weighted else SHAPES
    x, dtype = data.draw(shaped(min_rank=_layer_min_rank(info), even_last=info.name in EVEN_AXIS, pool=pool))
    layer = info.layer(dtype=dtype, **_layer_kwargs(info))
    for training in (False, True):
        y = layer(keras.ops.convert_to_tensor(x), training=training)
        assert _dtype(y) == dtype
        assert tuple(y.shape) == tuple(layer.compute_output_shape(x.shape))


# ----------------------------------------------------------------------------- bounds

# name -> (hyper-parameters, (lower bound, upper bound) as a function of them)
BOUNDS = {
    "sigmoid": (st.just({}), lambda p: (0.0, 1.0)),
    "tanh": (st.just({}), lambda p: (-1.0, 1.0)),
    "softsign": (st.just({}), lambda p: (-1.0, 1.0)),
    "hard_sigmoid": (PARAMS["hard_sigmoid"], lambda p: (0.0, 1.0)),
    "hard_tanh": (PARAMS["hard_tanh"], lambda p: (p["min_val"], p["max_val"])),
    "relu6": (st.just({}), lambda p: (0.0, 6.0)),
    "relu": (st.just({}), lambda p: (0.0, np.inf)),
    "log_sigmoid": (st.just({}), lambda p: (-np.inf, 0.0)),
    "squareplus": (PARAMS["squareplus"], lambda p: (0.0, np.inf)),
    "lisht": (st.just({}), lambda p: (0.0, np.inf)),
    # Above `threshold` softplus is the identity: >= 0 only for threshold >= 0.
    "softplus": (
        st.fixed_dictionaries({"beta": f32(0.05, 20), "threshold": f32(0, 60)}),
        lambda p: (0.0, np.inf),
    ),
}
WIDE = st.floats(width=32, allow_nan=False, allow_infinity=True)


@pytest.mark.parametrize("name", sorted(BOUNDS))
@SETTINGS
@given(data=st.data())
def test_bounds(name, data):
    strategy, bounds = BOUNDS[name]
    params = data.draw(strategy)
    x = data.draw(hnp.arrays(np.float32, N, elements=WIDE))
    y = to_numpy(getattr(keras_acts, name)(x, **params))
    lo, hi = bounds(params)
    assert not np.isnan(y).any()
    assert np.all(y >= np.float32(lo)) and np.all(y <= np.float32(hi)), (x[(y < lo) | (y > hi)], params)


NORMALIZERS = {
    "softmax": lambda y, axis: (y >= 0) & (y <= 1),
    "softmin": lambda y, axis: (y >= 0) & (y <= 1),
    "sparsemax": lambda y, axis: (y >= 0) & (y <= 1),
    "gumbel_softmax": lambda y, axis: (y >= 0) & (y <= 1),
}


@pytest.mark.parametrize("name", sorted(NORMALIZERS))
@SETTINGS
@given(data=st.data())
def test_normalizers_land_on_the_simplex(name, data):
    shape = AXIS_SHAPE
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = data.draw(hnp.arrays(np.float32, shape, elements=f32(-1e4, 1e4)))
    params = {"seed": 0, "hard": data.draw(st.booleans())} if name == "gumbel_softmax" else {}
    y = to_numpy(getattr(keras_acts, name)(x, axis=axis, **params)).astype(np.float64)
    assert NORMALIZERS[name](y, axis).all()
    np.testing.assert_allclose(y.sum(axis=axis), 1.0, atol=1e-5 * shape[axis])
    if name == "sparsemax":  # the projection: the closest point of the simplex
        np.testing.assert_allclose(
            y, np.moveaxis(sparsemax_reference(np.moveaxis(x, axis, -1)), -1, axis), atol=1e-4
        )


# ----------------------------------------------------------------------- monotonicity

# Non-decreasing functions, with the hyper-parameter ranges where they are. Softplus
# switches to the identity above `threshold`, where it drops by exp(-threshold) / beta:
# below float32's resolution only for threshold >= 15 (the default is 20).
MONOTONE = {
    "relu": st.just({}),
    "relu6": st.just({}),
    "leaky_relu": st.fixed_dictionaries({"negative_slope": f32(0, 10)}),
    "hard_tanh": PARAMS["hard_tanh"],
    "hard_sigmoid": st.fixed_dictionaries({"alpha": f32(0, 5), "beta": f32(-5, 5)}),
    "hard_shrink": PARAMS["hard_shrink"],
    "soft_shrink": PARAMS["soft_shrink"],
    "sigmoid": st.just({}),
    "tanh": st.just({}),
    "softsign": st.just({}),
    "log_sigmoid": st.just({}),
    "tanh_shrink": st.just({}),
    "softplus": st.fixed_dictionaries({"beta": f32(0.05, 20), "threshold": f32(15, 60)}),
    "elu": st.fixed_dictionaries({"alpha": f32(0, 5)}),
    "selu": st.just({}),
    "celu": PARAMS["celu"],
    "squareplus": PARAMS["squareplus"],
    "snake": PARAMS["snake"],
    "rrelu": PARAMS["rrelu"],
}


@pytest.mark.parametrize("name", sorted(MONOTONE))
@SETTINGS
@given(data=st.data())
def test_monotone(name, data):
    params = data.draw(MONOTONE[name])
    x = np.sort(data.draw(hnp.arrays(np.float32, N, elements=WIDE)))
    y = to_numpy(getattr(keras_acts, name)(x, **params)).astype(np.float64)
    with np.errstate(invalid="ignore"):  # inf - inf between equal infinities
        bad = np.flatnonzero(np.diff(y) < 0)
    assert bad.size == 0, (
        f"{name}{params}: decreases from x={x[bad]} (y={y[bad]}) to x={x[bad + 1]} (y={y[bad + 1]})"
    )


def _consecutive_float32(start: float, count: int) -> np.ndarray:
    """`count` consecutive float32 values upwards from `start` (ulp by ulp)."""
    first = np.float32(start)
    if first >= 0:
        bits = first.view(np.int32) + np.arange(count, dtype=np.int32)
        return bits.view(np.float32)
    # Negative floats: increasing value is decreasing magnitude.
    bits = (-first).view(np.int32) - np.arange(count, dtype=np.int32)
    return -bits[bits >= 0].view(np.float32)


# Monotone ulp by ulp: the piecewise-linear functions (each piece is one correctly
# rounded operation) and squareplus (built for it). The smooth ones are monotone only up
# to their backend's exp / tanh / division rounding, which steps back by an ulp here and
# there between neighbouring floats (docs/numerics.md).
MONOTONE_ULP = [
    "relu",
    "relu6",
    "leaky_relu",
    "hard_tanh",
    "hard_sigmoid",
    "hard_shrink",
    "soft_shrink",
    "squareplus",
    "rrelu",
]


@pytest.mark.parametrize("name", MONOTONE_ULP)
def test_monotone_ulp_by_ulp(name):
    """Non-decreasing between neighbouring floats, where rounding decides (drawn inputs
    are too far apart to see a one-ulp step back); also through the native fast paths."""
    starts = [-1e4, -3.0, -0.5, -1e-3, -1e-30, 0.0, 1e-30, 1e-6, 1e-3, 0.5, 3.0, 1e4]
    x = np.concatenate([_consecutive_float32(v, 20_000) for v in starts])
    x = np.sort(x)
    y = to_numpy(getattr(keras_acts, name)(x)).astype(np.float64)
    bad = np.flatnonzero(np.diff(y) < 0)
    assert bad.size == 0, f"{name}: decreases from x={x[bad][:4]} (y={y[bad][:4]}) to x={x[bad + 1][:4]}"


# ------------------------------------------------------------------- torch reference

REFERENCE_ELEMENTWISE = [info for info in ELEMENTWISE if info.name in TORCH_REFERENCE]
TORCH_AXIS = {
    "softmax": lambda t, axis: torch.softmax(t, dim=axis),
    "log_softmax": lambda t, axis: torch.log_softmax(t, dim=axis),
    "softmin": lambda t, axis: F.softmin(t, dim=axis),
    "glu": lambda t, axis: F.glu(t, dim=axis),
}


def _crosses_switch(name: str, x: np.ndarray, params: dict) -> np.ndarray:
    """Points where a threshold test rounds differently in float32 and float64
    (softplus's `beta * x > threshold`): both sides are right, for their precision."""
    if name != "softplus":
        return np.zeros(x.shape, bool)
    z32 = x * np.float32(params["beta"]) > np.float32(params["threshold"])
    z64 = x.astype(np.float64) * params["beta"] > params["threshold"]
    return z32 != z64


@pytest.mark.parametrize("info", REFERENCE_ELEMENTWISE, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_matches_torch_float64(info, data):
    params = data.draw(function_params(info))
    x = data.draw(hnp.arrays(np.float32, N, elements=f32(-1e4, 1e4)))
    expected, _ = torch_value_and_grad(info.name, x, params)
    y = to_numpy(info.function(x, **params)).astype(np.float64)
    keep = ~_crosses_switch(info.name, x, params)
    np.testing.assert_allclose(y[keep], expected[keep], rtol=5e-6, atol=2e-6, err_msg=f"{info.name}{params}")


@pytest.mark.parametrize("name", [*sorted(TORCH_AXIS), "sparsemax"])
@SETTINGS
@given(data=st.data())
def test_axis_functions_match_reference(name, data):
    axis = data.draw(st.integers(-len(AXIS_SHAPE), len(AXIS_SHAPE) - 1))
    x = data.draw(hnp.arrays(np.float32, AXIS_SHAPE, elements=f32(-100, 100)))
    y = to_numpy(getattr(keras_acts, name)(x, axis=axis)).astype(np.float64)
    if name == "sparsemax":
        expected = np.moveaxis(sparsemax_reference(np.moveaxis(x, axis, -1)), -1, axis)
    else:
        expected = TORCH_AXIS[name](torch.tensor(x, dtype=torch.float64), axis).numpy()
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------- gradients


@pytest.mark.parametrize("info", FUNCTIONS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_gradient_is_finite(info, data):
    params = data.draw(function_params(info))
    shape = AXIS_SHAPE if _is_axis_function(info) else (N,)
    x = data.draw(hnp.arrays(np.float32, shape, elements=f32(-1e4, 1e4)))
    y, grad = value_and_grad(lambda t: info.function(t, **params), x)
    assert np.isfinite(y).all(), f"{info.name}{params}: non-finite value"
    assert np.isfinite(grad).all(), f"{info.name}{params}: non-finite gradient at {x[~np.isfinite(grad)]}"
