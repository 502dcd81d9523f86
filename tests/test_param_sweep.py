"""Every numeric hyper-parameter of every catalogue function, given as a Python number, a
backend tensor and a `keras.Variable`, run eagerly and compiled (`jax.jit` on JAX,
`tf.function` on TensorFlow; PyTorch eagerly only): the values of the independent
reference (`tests/cases.py`, PyTorch in float64), and gradients with respect to the
parameter equal to central finite differences of that reference in float64.

The numeric hyper-parameters are the declaration's `traced` ones (what `jax.jit` traces);
their values come from the rows' parameter sets. Inputs are tiny and away from every kink.
"""

from __future__ import annotations

import inspect

import keras
import numpy as np
import pytest
import torch
from cases import ROW

import keras_acts
from keras_acts import _catalog

BACKEND = keras.backend.backend()
X = np.array([-2.3, -0.7, -0.13, 0.21, 0.9, 1.7, 3.1, -1.4])
COTANGENT = np.random.default_rng(0).normal(size=X.shape)
SEED = {"gumbel_softmax": {"seed": 3}}  # a fixed draw: a deterministic function of tau
# Straight-through forms (`hard=True`) are piecewise constant: their gradient is the soft
# sample's by design, not a finite difference.
SOFT = {"gumbel_softmax": {"hard": False}}


def _sweep() -> list[tuple[str, str, dict]]:
    out = []
    for info in keras_acts.catalog():
        if info.function is None or info.name not in ROW:
            continue
        cases = ROW[info.name].cases()
        for param in _catalog.declaration(info.name).traced:
            # A set with this parameter and an axis that the 1-D input has.
            fits = [c for c in cases if c.get("axis", -1) in (0, -1)]
            case = next((c for c in fits if param in c), fits[0] if fits else cases[0])
            params = {**{k: v for k, v in info.params.items() if k in case or k == param}, **case}
            params.update(SOFT.get(info.name, {}))
            if isinstance(params.get(param), (int, float)) and not isinstance(params[param], bool):
                out.append((info.name, param, params))
    return out


SWEEP = _sweep()


def _reference(name: str, params: dict) -> callable:
    """`sum(cotangent * reference(X, params))` and the values, float64, from the row's
    reference (the function itself with a fixed seed for a random one)."""
    row = ROW[name]
    accepted = inspect.signature(row.reference).parameters
    if name in SEED or row.call != "function":

        def own(p: dict) -> np.ndarray:
            with torch.no_grad():
                return np.asarray(
                    keras.ops.convert_to_numpy(_function(name)(X, **p, **SEED.get(name, {}))), "float64"
                )

        return own

    def ref(p: dict) -> np.ndarray:
        y = row.reference(
            torch.tensor(X, dtype=torch.float64), **{k: v for k, v in p.items() if k in accepted}
        )
        return y.detach().numpy().astype("float64")

    return ref


def _function(name: str):
    return getattr(keras_acts, name)


def _jax(f, x, name, form, v, compiled):
    import jax
    import jax.numpy as jnp

    ct = jnp.asarray(COTANGENT)
    if form == "variable":
        var = keras.Variable(v, dtype="float64")

        def loss(q):
            with keras.StatelessScope(state_mapping=[(var, q)]):
                y = f(x, var)
            return (y * ct).sum(), y

        q = jnp.asarray(v, "float64")
    elif form == "tensor":

        def loss(q):
            y = f(x, q)
            return (y * ct).sum(), y

        q = jnp.asarray(v, "float64")
    else:
        run = jax.jit(lambda: f(x, v)) if compiled else (lambda: f(x, v))
        return np.asarray(run()), None
    step = jax.value_and_grad(loss, has_aux=True)
    (_, y), g = (jax.jit(step) if compiled else step)(q)
    return np.asarray(y), float(g)


def _tensorflow(f, x, name, form, v, compiled):
    import tensorflow as tf

    ct = tf.constant(COTANGENT)
    if form == "number":
        run = tf.function(lambda: f(x, v)) if compiled else (lambda: f(x, v))
        return run().numpy(), None
    q = keras.Variable(v, dtype="float64") if form == "variable" else tf.constant(v, tf.float64)
    watched = q.value if form == "variable" else q

    def step():
        with tf.GradientTape() as tape:
            tape.watch(watched)
            y = f(x, q)
            loss = tf.reduce_sum(y * ct)
        return y, tape.gradient(loss, watched)

    y, g = (tf.function(step) if compiled else step)()
    return y.numpy(), 0.0 if g is None else float(g)  # None: not connected, 0


def _torch(f, x, name, form, v, compiled):
    ct = torch.tensor(COTANGENT)
    if form == "number":
        return f(x, v).detach().numpy(), None
    if form == "variable":
        q = keras.Variable(v, dtype="float64")
        leaf = q.value
    else:
        q = leaf = torch.tensor(v, dtype=torch.float64, requires_grad=True)
    y = f(x, q)
    loss = (y * ct).sum()
    if loss.requires_grad:  # otherwise not connected: 0
        loss.backward()
    return y.detach().numpy(), 0.0 if leaf.grad is None else float(leaf.grad)


def _x():
    if BACKEND == "jax":
        import jax.numpy as jnp

        return jnp.asarray(X)
    if BACKEND == "tensorflow":
        import tensorflow as tf

        return tf.constant(X)
    return torch.tensor(X)


MODES = ["eager"] if BACKEND == "torch" else ["eager", "compiled"]


@pytest.fixture(autouse=True, scope="module")
def _float64_on_jax():
    if BACKEND != "jax":
        yield
        return
    import jax

    previous = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", previous)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("name", "param", "params"), SWEEP, ids=[f"{n}-{p}" for n, p, _ in SWEEP])
def test_parameter_as_number_tensor_and_variable(name, param, params, mode):
    if BACKEND == "tensorflow" and name == "gumbel_softmax":
        pytest.skip("float64 logits raise on TensorFlow (noise drawn in float32): issue 18 section 5")
    v = float(params[param])
    others = {k: w for k, w in params.items() if k != param}
    fn = _function(name)

    def f(x, p):
        return fn(x, **others, **SEED.get(name, {}), **{param: p})

    reference = _reference(name, params)
    expected = reference(params)
    h = 1e-6 * max(1.0, abs(v))
    fd = (
        np.sum(COTANGENT * reference({**params, param: v + h}))
        - np.sum(COTANGENT * reference({**params, param: v - h}))
    ) / (2 * h)
    run = {"jax": _jax, "tensorflow": _tensorflow, "torch": _torch}[BACKEND]
    # Compiled Python numbers are `tests/test_jit.py`'s (and tf.function's constants).
    for form in ("number", "tensor", "variable") if mode == "eager" else ("tensor", "variable"):
        y, g = run(f, _x(), name, form, v, mode == "compiled")
        what = f"{name}({param}={v} as a {form}, {mode})"
        np.testing.assert_allclose(np.asarray(y, "float64"), expected, rtol=1e-7, atol=1e-12, err_msg=what)
        if g is not None:
            np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-7, err_msg=f"{what}: gradient")


def test_the_sweep_covers_the_numeric_parameters():
    # Every traced hyper-parameter of every catalogue function but a random seed.
    swept = {(n, p) for n, p, _ in SWEEP}
    traced = {
        (info.name, param)
        for info in keras_acts.catalog()
        if info.function is not None
        for param in _catalog.declaration(info.name).traced
        if param != "seed"
    }
    assert len(traced) > 10 and traced <= swept, traced - swept
