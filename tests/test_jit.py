"""The JAX fast path (`keras_acts._backends.compile`): each deterministic public
function is compiled with `jax.jit`, its numeric hyper-parameters traced (as `jax.nn`
traces its own), its structural ones static.

It must give the numbers of the uncompiled `keras.ops` form (XLA fuses and may reorder
algebra, which is how a square root of `x * x + b` once overflowed near the float maximum
only when compiled), be taken when it should and not otherwise, raise the same errors, compile once
for any number of hyper-parameter values, and key its programs on what changes them.
"""

from __future__ import annotations

import keras
import ml_dtypes
import numpy as np
import pytest
from cases import AXIS_CASES, CASES, REQUIRED_PARAMS, rows
from cases import ELEMENTWISE as ELEMENTWISE_ROWS

import keras_acts
from keras_acts import _backends, _catalog

BACKEND = keras.backend.backend()
pytestmark = pytest.mark.skipif(BACKEND != "jax", reason="the jax.jit fast path is JAX's")

DTYPES = ["float64", "float32", "bfloat16", "float16"]
RTOL = {"float64": 1e-12, "float32": 4e-6, "bfloat16": 1.6e-2, "float16": 2e-3}
# Learnable functions, with their tensor-valued parameters.
LEARNABLE = [
    ("prelu", {"alpha": 0.25}),
    ("pelu", {"a": 1.5, "b": 0.5}),
    ("srelu", {"t_left": -1.0, "a_left": 0.1, "t_right": 2.0, "a_right": 0.5}),
    ("apl", {"a": (0.5, -0.25), "b": (0.0, 1.0)}),
    ("acon_c", {"p1": 1.0, "p2": 0.25, "beta": 2.0}),
    ("rational", {"numerator": (0.1, 0.5, 0.3, 0.05), "denominator": (0.2, 0.1)}),
    ("maxout", {"num_units": 2}),
]


def _x64():
    import jax

    return jax.config.jax_enable_x64


def _dtypes():
    return [d for d in DTYPES if d != "float64" or _x64()]


def _grid(dtype: str) -> np.ndarray:
    info = ml_dtypes.finfo(np.dtype(dtype) if dtype != "bfloat16" else ml_dtypes.bfloat16)
    kinks = [0.0, 0.5, 1.0, 2.0, 3.0, 2.5, 6.0, 10.0, 20.0]
    extremes = [1e4, float(info.max), float(info.tiny), float("inf")]
    values = np.concatenate([np.linspace(-30.0, 30.0, 241), kinks, extremes])
    return np.concatenate([values, -values, [float("nan")]])


def _function(name: str):
    from keras_acts.activations import learnable

    return getattr(keras_acts, name, None) or getattr(learnable, name, None)


def _run(name: str, x_np: np.ndarray, dtype: str, params: dict, compiled: bool, cotangent=None):
    """(values, cotangent^T dy/dx) as float64 NumPy, with the fast path on or off."""
    import jax
    import jax.numpy as jnp

    f = _function(name)
    keras_acts.set_native_fast_path(compiled)
    try:
        x = jnp.asarray(x_np).astype(dtype)
        arrays = {k: jnp.asarray(v, dtype) for k, v in params.items() if isinstance(v, tuple)}
        scalars = {k: v for k, v in params.items() if not isinstance(v, tuple)}
        y, vjp = jax.vjp(lambda t: f(t, **scalars, **arrays), x)
        assert y.dtype == x.dtype, (name, y.dtype)
        if cotangent is None:
            ct = jnp.ones_like(y)
        else:
            ct = jnp.asarray(np.random.default_rng(cotangent).normal(size=y.shape)).astype(y.dtype)
        (g,) = vjp(ct)
        return np.asarray(y, np.float64), np.asarray(g, np.float64)
    finally:
        keras_acts.set_native_fast_path(True)


def _close(actual, expected, dtype, what, atol=0.0):
    atol = max(atol, {"float64": 1e-300, "float32": 1e-37, "bfloat16": 1e-37, "float16": 1e-4}[dtype])
    np.testing.assert_allclose(actual, expected, rtol=RTOL[dtype], atol=atol, equal_nan=True, err_msg=what)


ELEMENTWISE = [(n, {**REQUIRED_PARAMS.get(n, {}), **p}) for n, p in CASES]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params"), ELEMENTWISE, ids=lambda v: str(v))
def test_compiled_equals_uncompiled_elementwise(name, params, dtype):
    if dtype not in _dtypes():
        pytest.skip("float64 needs jax_enable_x64")
    x = _grid(dtype)
    v_jit, g_jit = _run(name, x, dtype, params, compiled=True)
    v_ops, g_ops = _run(name, x, dtype, params, compiled=False)
    _close(v_jit, v_ops, dtype, f"{name}{params} values")
    # Derivatives such as 1 - tanh(x)^2 cancel: their rounding is relative to 1.
    _close(g_jit, g_ops, dtype, f"{name}{params} gradients", atol=2 * RTOL[dtype])


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize(("name", "params"), AXIS_CASES + LEARNABLE, ids=lambda v: str(v))
def test_compiled_equals_uncompiled_along_an_axis(name, params, dtype):
    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 5.0, (6, 8))
    x[1, 2] = float("-inf")
    x[3, 4] = float("nan")
    x[4, 1] = 1e4
    x[5, :] = 0.0
    if name in ("softmax", "log_softmax", "softmin", "sparsemax"):
        x[2, :] = float("-inf")  # a fully masked row
    ct = 1  # a random cotangent: with ones, softmax's gradient is 0 up to rounding noise
    v_jit, g_jit = _run(name, x, dtype, params, compiled=True, cotangent=ct)
    v_ops, g_ops = _run(name, x, dtype, params, compiled=False, cotangent=ct)
    _close(v_jit, v_ops, dtype, f"{name}{params} values")
    scale = np.nanmax(np.abs(g_ops[np.isfinite(g_ops)]), initial=1.0)
    _close(g_jit, g_ops, dtype, f"{name}{params} gradients", atol=4 * RTOL[dtype] * scale)


def _top_level_calls(f, *args, **kwargs) -> list[str]:
    import jax

    jaxpr = jax.make_jaxpr(lambda *a: f(*a, **kwargs))(*args)
    return [str(e.params.get("name", e.primitive.name)) for e in jaxpr.eqns]


def test_declared_names_are_exactly_the_compiled_functions():
    import jax.numpy as jnp

    x = jnp.linspace(-3.0, 3.0, 8).reshape(2, 4)
    compiled, deterministic = set(), set()
    for info in keras_acts.catalog():
        if info.family == "stochastic" or _function(info.name) is None:
            continue  # random: not compiled (the seed generator's state lives outside); layer only
        deterministic.add(info.name)
        params = dict(REQUIRED_PARAMS.get(info.name, {}))
        params.update({k: v for k, v in dict(LEARNABLE).get(info.name, {}).items()})
        params = {k: (jnp.asarray(v) if isinstance(v, tuple) else v) for k, v in params.items()}
        calls = _top_level_calls(_function(info.name), x, **params)
        if calls == [info.name]:
            compiled.add(info.name)
    assert compiled == deterministic  # every deterministic function
    assert compiled == _backends.fast_path_names()


def test_fast_path_is_taken_and_can_be_turned_off():
    import jax.numpy as jnp

    x = jnp.linspace(-3.0, 3.0, 7)
    assert _top_level_calls(keras_acts.elu, x, alpha=0.5) == ["elu"]
    keras_acts.set_native_fast_path(False)
    try:
        assert "elu" not in _top_level_calls(keras_acts.elu, x, alpha=0.5)
        assert not keras_acts.native_fast_path_enabled()
    finally:
        keras_acts.set_native_fast_path(True)
    assert keras_acts.native_fast_path_enabled()


def test_numpy_input_takes_the_compiled_path_and_keeps_its_result():
    x = np.linspace(-3.0, 3.0, 7, dtype="float32")
    np.testing.assert_allclose(
        np.asarray(keras_acts.gelu(x)), 0.5 * x * (1 + np.vectorize(_erf)(x / np.sqrt(2))), rtol=2e-6
    )
    assert keras_acts.gelu._compiled.plain  # `gelu(x)` alone: the one-argument path


def _erf(v: float) -> float:
    import math

    return math.erf(v)


def test_variables_and_python_lists_run_uncompiled():
    import jax.numpy as jnp

    alpha = keras.Variable(0.25)
    x = jnp.asarray([-2.0, 3.0])
    np.testing.assert_allclose(np.asarray(keras_acts.prelu(x, alpha)), [-0.5, 3.0])
    np.testing.assert_allclose(np.asarray(keras_acts.leaky_relu([-2.0, 3.0], 0.5)), [-1.0, 3.0])
    np.testing.assert_allclose(np.asarray(keras_acts.prelu(x, [0.5])), [-1.0, 3.0])


def test_cache_tells_apart_equal_but_different_parameters():
    import jax.numpy as jnp

    x = jnp.asarray([-2.0, 3.0])
    # The sign of a zero slope shows in the sign of the zero it gives.
    assert np.signbit(np.asarray(keras_acts.leaky_relu(x, 0.0))[0])
    assert not np.signbit(np.asarray(keras_acts.leaky_relu(x, -0.0))[0])
    # A bool is not a number, even after an equal number was compiled (the first row
    # that refuses a bool for a hyper-parameter).
    name, param, value = next(
        (r.name, p, bad[p])
        for r in rows(ELEMENTWISE_ROWS)
        for bad, p in r.bad
        if isinstance(bad.get(p), bool)
    )
    f = getattr(keras_acts, name)
    f(x, **{param: float(value)})
    with pytest.raises(ValueError, match=param):
        f(x, **{param: value})


def test_checks_raise_through_the_compiled_path_and_are_not_cached():
    import jax.numpy as jnp

    x = jnp.asarray([-2.0, 3.0])
    for _ in range(2):
        with pytest.raises(ValueError, match="negative_slope"):
            keras_acts.leaky_relu(x, float("nan"))
        with pytest.raises(ValueError, match="num_units"):
            keras_acts.maxout(jnp.ones((2, 6)), num_units=4)
    with pytest.raises(TypeError):
        keras_acts.elu(x, 1.0, 2.0)


# The rows' sweeps: (row, traced hyper-parameter, 100 values).
SWEEPS = [(row, row.sweep[0], np.linspace(*row.sweep[1:], 100)) for row in rows() if row.sweep]


@pytest.mark.parametrize(("row", "param", "values"), SWEEPS, ids=[s[0].name for s in SWEEPS])
def test_numeric_parameters_compile_once(row, param, values):
    import jax.numpy as jnp

    x_np = np.linspace(-3.0, 3.0, 13).astype("float32")
    x = jnp.asarray(x_np)
    f = getattr(keras_acts, row.name)
    f(x, **{param: float(values[0])})  # compiled here, or by an earlier test
    before = f._compiled.jitted._cache_size()
    for v in values:  # 0 among them, where the bodies once branched on the value
        expected = row.evaluate(x_np, {**row.cases()[0], param: float(v)})
        np.testing.assert_allclose(np.asarray(f(x, **{param: float(v)})), expected, rtol=2e-5, atol=1e-6)
    assert f._compiled.jitted._cache_size() == before  # no compilation per value
    f(x, **{param: round(values[-1])})  # an int is the same weakly typed float
    assert f._compiled.jitted._cache_size() == before


def test_structural_parameters_and_floatx_are_static():
    import jax.numpy as jnp

    # Shapes no other test compiles these for: the counts are this test's own, in any
    # order of the suite. (`approximate="none"` is gelu's default: the one-argument path.)
    x = jnp.linspace(-2.0, 3.0, 11)
    jitted = keras_acts.gelu._compiled.jitted
    before = jitted._cache_size()
    for _ in range(2):
        keras_acts.gelu(x, approximate="tanh")
        assert jitted._cache_size() == before + 1
    jitted = keras_acts.softmax._compiled.jitted
    before = jitted._cache_size()
    for _ in range(2):
        for axis in (0, 1):
            keras_acts.softmax(jnp.ones((3, 11)), axis=axis)
        assert jitted._cache_size() == before + 2  # one program per axis, each compiled once
    ints = jnp.asarray([-1, 2])
    assert keras_acts.relu(ints).dtype == "float32"
    assert keras_acts.elu(ints, alpha=0.5).dtype == "float32"
    previous = keras.config.floatx()
    keras.config.set_floatx("float16")
    try:
        assert keras_acts.relu(ints).dtype == "float16"
        assert keras_acts.elu(ints, alpha=0.5).dtype == "float16"
    finally:
        keras.config.set_floatx(previous)
    # `relu(x)` alone takes the one-argument path, compiled once per floatx.
    assert {"float32", "float16"} <= set(keras_acts.relu._compiled.plain)


def test_calls_from_several_threads_with_many_values():
    # The compiled programs are `jax.jit`'s (thread-safe): no cache of keras-acts' own
    # whose lookup and reordering could race (a `KeyError` once seen with a small one).
    from concurrent.futures import ThreadPoolExecutor

    import jax.numpy as jnp

    x_np = np.linspace(-3.0, 3.0, 9).astype("float32")
    x = jnp.asarray(x_np)

    def work(seed: int) -> float:
        worst = 0.0
        for v in np.random.default_rng(seed).uniform(0.1, 3.0, 150):
            got = np.asarray(keras_acts.elu(x, alpha=float(v)))
            expected = np.where(x_np > 0, x_np, v * np.expm1(x_np))
            worst = max(worst, float(np.max(np.abs(got - expected))))
        return worst

    with ThreadPoolExecutor(8) as pool:
        errors = list(pool.map(work, range(8)))
    assert max(errors) < 1e-5


def test_traced_values_are_not_checked_but_numbers_are_before_tracing():
    import jax
    import jax.numpy as jnp

    # The first row's bad value of a traced hyper-parameter.
    row, param, value = next(
        (r, p, bad[p])
        for r in rows(ELEMENTWISE_ROWS)
        for bad, p in r.bad
        if list(bad) == [p] and p in _catalog.declaration(r.name).traced and isinstance(bad[p], float)
    )
    f = getattr(keras_acts, row.name)
    x_np = np.array([-2.0, 3.0], "float32")
    x = jnp.asarray(x_np)
    with pytest.raises(ValueError, match=param):
        f(x, **{param: value})  # a Python number: checked before any trace
    # A traced value cannot be checked without reading it back: as given.
    traced = jax.jit(lambda a: f(x, **{param: a}))(value)
    np.testing.assert_allclose(np.asarray(traced), row.evaluate(x_np, {**row.cases()[0], param: value}))


def test_gradients_with_respect_to_traced_parameters():
    import jax
    import jax.numpy as jnp

    x_np = np.linspace(-3.0, 3.0, 7)
    x = jnp.asarray(x_np, "float32")
    g = jax.grad(lambda b: keras_acts.swish(x, beta=b).sum())(0.7)
    s = 1 / (1 + np.exp(-0.7 * x_np))
    np.testing.assert_allclose(float(g), np.sum(x_np * x_np * s * (1 - s)), rtol=1e-5)
    g = jax.jit(jax.grad(lambda a: keras_acts.elu(x, alpha=a).sum()))(2.0)
    np.testing.assert_allclose(float(g), np.sum(np.where(x_np > 0, 0.0, np.expm1(x_np))), rtol=1e-5)


def test_compiled_inside_an_enclosing_jit_and_grad():
    import jax
    import jax.numpy as jnp

    x = jnp.linspace(-3.0, 3.0, 9)
    g = jax.jit(jax.grad(lambda t: keras_acts.softplus(t).sum()))(x)
    np.testing.assert_allclose(np.asarray(g), 1 / (1 + np.exp(-np.asarray(x))), rtol=1e-6)
    hessian = jax.hessian(lambda t: keras_acts.softplus(t).sum())(x[:3])
    s = 1 / (1 + np.exp(-np.asarray(x[:3])))
    np.testing.assert_allclose(np.diag(np.asarray(hessian)), s * (1 - s), rtol=1e-5)
