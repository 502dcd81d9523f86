"""Property-based tests (hypothesis) over the whole catalogue: shapes and dtypes, bounds,
monotonicity, agreement with the float64 torch reference on drawn inputs and
hyper-parameters, finite gradients.

The functions and layers are taken from `keras_acts.catalog()`, the references and
hyper-parameter ranges from the rows of `tests/cases.py`, so new entries are covered
automatically; the properties that only some entries have (bounds, monotonicity, the
simplex, where the value overflows) are fields of their rows.
Every test is deterministic (`derandomize=True`) and cheap (25 examples).
"""

from __future__ import annotations

import keras
import ml_dtypes
import numpy as np
import pytest
from _backend import to_numpy, value_and_grad
from cases import AXIS, ELEMENTWISE, LAYER, ROW, entries, f32, rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import keras_acts
from keras_acts.registry import signature_params


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
# The shape/dtype properties are structural: every draw is a new (shape, dtype) pair that
# JAX compiles anew, and ten of them cover the ranks, the empty tensors and the dtypes.
SHAPE_SETTINGS = settings(SETTINGS, max_examples=10)
CATALOG = entries()
ENTRIES = {info.name: info for info in CATALOG}
NP_DTYPES = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}


# Sizes along the axis that the function needs (the gated ones split it in two halves).
EVEN_AXIS = {info.name for info in CATALOG if info.family == "gated"}


def function_params(info) -> st.SearchStrategy[dict]:
    """Drawn hyper-parameters for `info.function` (its row's ranges, or its defaults
    with the required parameters filled in)."""
    return ROW[info.name].drawn()


def _is_axis_function(info) -> bool:
    return ROW[info.name].kind == AXIS


# The catalogue's functions, but for the learnable layers' (maxout's): their functions
# and layers are tested against their references in test_learnable.
FUNCTIONS = [info for info in CATALOG if info.function is not None and ROW[info.name].kind != LAYER]
IDS = lambda info: info.name  # noqa: E731
ROW_IDS = lambda row: row.name  # noqa: E731


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
@SHAPE_SETTINGS
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
    kwargs = ROW[info.name].constructor_kwargs()
    if "mode" in signature_params(info.layer.__init__, 1):
        kwargs["mode"] = "shared"  # any rank; per-channel modes are tested in test_trainable
    return kwargs


def _layer_min_rank(info) -> int:
    if info.family in ("trainable", "learnable"):
        return 2
    return 1 if "axis" in signature_params(info.layer.__init__, 1) else 0


@pytest.mark.parametrize("info", CATALOG, ids=IDS)
@SHAPE_SETTINGS
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

WIDE = st.floats(width=32, allow_nan=False, allow_infinity=True)


def _having(check: str) -> list:
    """The rows that set `check` (a property field of `Row`), by name."""
    return sorted((r for r in rows() if getattr(r, check)), key=lambda r: r.name)


@pytest.mark.parametrize("row", _having("bounds"), ids=ROW_IDS)
@SETTINGS
@given(data=st.data())
def test_bounds(row, data):
    params = data.draw(row.drawn("bounds"))
    x = data.draw(hnp.arrays(np.float32, N, elements=WIDE))
    y = to_numpy(getattr(keras_acts, row.name)(x, **params))
    lo, hi = row.bounds(params)
    assert not np.isnan(y).any()
    assert np.all(y >= np.float32(lo)) and np.all(y <= np.float32(hi)), (x[(y < lo) | (y > hi)], params)


@pytest.mark.parametrize("row", _having("simplex"), ids=ROW_IDS)
@SETTINGS
@given(data=st.data())
def test_normalizers_land_on_the_simplex(row, data):
    shape = AXIS_SHAPE
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = data.draw(hnp.arrays(np.float32, shape, elements=f32(-1e4, 1e4)))
    params = data.draw(row.drawn("simplex"))
    y = to_numpy(getattr(keras_acts, row.name)(x, axis=axis, **params)).astype(np.float64)
    assert ((y >= 0) & (y <= 1)).all()
    np.testing.assert_allclose(y.sum(axis=axis), 1.0, atol=1e-5 * shape[axis])
    if row.name == "sparsemax":  # the projection: the closest point of the simplex
        np.testing.assert_allclose(y, row.evaluate(x, {"axis": axis}), atol=1e-4)


# ----------------------------------------------------------------------- monotonicity


# Non-decreasing functions (`Row.monotone`), with the hyper-parameter ranges where they
# are (`Row.draw_for["monotone"]`, else the row's `draw`).
@pytest.mark.parametrize("row", _having("monotone"), ids=ROW_IDS)
@SETTINGS
@given(data=st.data())
def test_monotone(row, data):
    name = row.name
    params = data.draw(row.drawn("monotone"))
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


# Monotone ulp by ulp (`Row.monotone_ulp`): the piecewise-linear functions (each piece
# is one correctly rounded operation) and the smooth ones built for it. The others are
# monotone only up to their backend's exp / tanh / division rounding, which steps back by
# an ulp here and there between neighbouring floats (docs/numerics.md).
@pytest.mark.parametrize("row", [r for r in rows() if r.monotone_ulp], ids=ROW_IDS)
def test_monotone_ulp_by_ulp(row):
    """Non-decreasing between neighbouring floats, where rounding decides (drawn inputs
    are too far apart to see a one-ulp step back); also through the native fast paths."""
    starts = [-1e4, -3.0, -0.5, -1e-3, -1e-30, 0.0, 1e-30, 1e-6, 1e-3, 0.5, 3.0, 1e4]
    x = np.concatenate([_consecutive_float32(v, 20_000) for v in starts])
    x = np.sort(x)
    y = to_numpy(getattr(keras_acts, row.name)(x)).astype(np.float64)
    bad = np.flatnonzero(np.diff(y) < 0)
    assert bad.size == 0, f"{row.name}: decreases from x={x[bad][:4]} (y={y[bad][:4]}) to x={x[bad + 1][:4]}"


# ------------------------------------------------------------------- torch reference


@pytest.mark.parametrize("row", rows(ELEMENTWISE), ids=ROW_IDS)
@SETTINGS
@given(data=st.data())
def test_elementwise_matches_reference(row, data):
    params = data.draw(row.drawn())
    x = data.draw(hnp.arrays(np.float32, N, elements=f32(-1e4, 1e4)))
    expected = row.evaluate(x, params)
    y = to_numpy(ENTRIES[row.name].function(x, **params)).astype(np.float64)
    keep = ~row.ambiguous(x, params) if row.ambiguous else np.ones(x.shape, bool)
    rtol, atol = row.tolerance("drawn")
    np.testing.assert_allclose(y[keep], expected[keep], rtol=rtol, atol=atol, err_msg=f"{row.name}{params}")


@pytest.mark.parametrize("row", rows(AXIS), ids=ROW_IDS)
@SETTINGS
@given(data=st.data())
def test_axis_functions_match_reference(row, data):
    params = {**data.draw(row.drawn()), "axis": data.draw(st.integers(-len(AXIS_SHAPE), len(AXIS_SHAPE) - 1))}
    x = data.draw(hnp.arrays(np.float32, AXIS_SHAPE, elements=f32(-100, 100)))
    if row.call == "layer":  # deterministic only in inference
        y = ENTRIES[row.name].layer(**params)(x, training=False)
        params = {k: v for k, v in params.items() if k != "seed"}
    else:
        y = ENTRIES[row.name].function(x, **params)
    y = to_numpy(y).astype(np.float64)
    expected = row.evaluate(x, params)
    keep = ~row.ambiguous(x, params) if row.ambiguous else np.ones(expected.shape, bool)
    rtol, atol = row.tolerance("axis")
    np.testing.assert_allclose(y[keep], expected[keep], rtol=rtol, atol=atol, err_msg=f"{row.name}{params}")


# ---------------------------------------------------------------------- gradients


@pytest.mark.parametrize("info", FUNCTIONS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_gradient_is_finite(info, data):
    params = data.draw(function_params(info))
    shape = AXIS_SHAPE if _is_axis_function(info) else (N,)
    x = data.draw(hnp.arrays(np.float32, shape, elements=f32(-1e4, ROW[info.name].max_input)))
    y, grad = value_and_grad(lambda t: info.function(t, **params), x)
    assert np.isfinite(y).all(), f"{info.name}{params}: non-finite value"
    assert np.isfinite(grad).all(), f"{info.name}{params}: non-finite gradient at {x[~np.isfinite(grad)]}"
