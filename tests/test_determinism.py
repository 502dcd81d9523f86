"""Determinism: seeded stochastic activations repeat their samples; the other
activations are bitwise-deterministic on a backend."""

from __future__ import annotations

import numpy as np
import pytest
from _backend import to_numpy, value_and_grad
from portable import LAYER_KWARGS

import keras_acts
from keras_acts.registry import REQUIRED

CATALOG = keras_acts.catalog()
IDS = lambda info: info.name  # noqa: E731
X = np.random.default_rng(0).normal(scale=3.0, size=(4, 8)).astype("float32")


def _training_twice(make):
    """Two calls of a fresh layer each (same int seed) in training mode."""
    return [to_numpy(make()(X, training=True)) for _ in range(2)]


@pytest.mark.parametrize(
    "make",
    [
        lambda: keras_acts.layers.RReLU(seed=7),
        lambda: keras_acts.layers.GumbelSoftmax(seed=7),
        lambda: keras_acts.layers.GumbelSoftmax(hard=True, seed=7),
    ],
    ids=["rrelu", "gumbel", "gumbel-hard"],
)
def test_layer_with_int_seed_repeats(make):
    first, second = _training_twice(make)
    np.testing.assert_array_equal(first, second)
    layer = make()
    a, b = to_numpy(layer(X, training=True)), to_numpy(layer(X, training=True))
    assert not np.array_equal(a, b), "a layer's successive calls should draw new samples"


@pytest.mark.parametrize(
    "call",
    [
        lambda seed: keras_acts.rrelu(X, training=True, seed=seed),
        lambda seed: keras_acts.gumbel_softmax(X, seed=seed),
        lambda seed: keras_acts.gumbel_softmax(X, hard=True, seed=seed),
    ],
    ids=["rrelu", "gumbel", "gumbel-hard"],
)
def test_function_with_int_seed_repeats(call):
    np.testing.assert_array_equal(to_numpy(call(11)), to_numpy(call(11)))
    assert not np.array_equal(to_numpy(call(11)), to_numpy(call(12)))


DETERMINISTIC = [
    info
    for info in CATALOG
    if info.function is not None
    and info.family not in ("trainable", "stochastic")
    and all(v is not REQUIRED or k in LAYER_KWARGS.get(info.name, {}) for k, v in info.params.items())
]


@pytest.mark.parametrize("info", DETERMINISTIC, ids=IDS)
def test_non_random_functions_are_bitwise_deterministic(info):
    params = {k: LAYER_KWARGS[info.name][k] for k, v in info.params.items() if v is REQUIRED}
    x = np.random.default_rng(1).normal(scale=10.0, size=(16, 32)).astype("float32")
    f = lambda t: info.function(t, **params)  # noqa: E731
    first = value_and_grad(f, x)
    second = value_and_grad(f, x)
    for a, b in zip(first, second, strict=True):
        assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("info", CATALOG, ids=IDS)
def test_layers_in_inference_are_bitwise_deterministic(info):
    kwargs = dict(LAYER_KWARGS.get(info.name, {}))
    layer = info.layer(**kwargs)
    first = to_numpy(layer(X, training=False))
    assert first.tobytes() == to_numpy(layer(X, training=False)).tobytes()
