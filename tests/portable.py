"""A model that uses every keras_acts layer, for save/load and export tests."""

from __future__ import annotations

import keras
import numpy as np

import keras_acts
from keras_acts.registry import REQUIRED

# Constructor arguments for layers whose defaults are not enough (or to exercise
# non-default values in files).
LAYER_KWARGS = {
    "threshold": {"threshold": 0.1, "value": -0.5},
    "hard_tanh": {"min_val": -2.0, "max_val": 2.0},
    "hard_sigmoid": {"alpha": 0.2},
    "softplus": {"beta": 2.0},
    "gelu": {"approximate": "tanh"},
    "prelu": {"mode": "channel"},
    "swish": {"beta": 1.5, "mode": "channel"},
    "gumbel_softmax": {"tau": 0.5, "seed": 3},
    "rrelu": {"seed": 1},
    "maxout": {"num_units": 4},
}

WIDTH = 8


def make_layer(info: keras_acts.ActivationInfo) -> keras.layers.Layer:
    kwargs = dict(LAYER_KWARGS.get(info.name, {}))
    missing = [k for k, v in info.params.items() if v is REQUIRED and k not in kwargs]
    assert not missing, f"{info.name}: add constructor arguments for {missing} to LAYER_KWARGS"
    return info.layer(**kwargs)


def build_model(seed: int = 0) -> keras.Model:
    """Every catalogue layer on its own branch, plus parameterized activations passed
    as `activation=`; all branches summed into one output."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((WIDTH,))
    hidden = keras.layers.Dense(
        WIDTH, activation=keras_acts.layers.HardTanh(min_val=-2.0, max_val=2.0), name="dense_hardtanh"
    )(inputs)
    hidden = keras.layers.Dense(WIDTH, activation=keras_acts.gelu, name="dense_gelu")(hidden)
    outputs = []
    for info in keras_acts.catalog():
        branch = keras.layers.Dense(WIDTH, name=f"pre_{info.name}")(hidden)
        branch = make_layer(info)(branch)
        outputs.append(keras.layers.Dense(2, name=f"post_{info.name}")(branch))
    return keras.Model(inputs, keras.layers.Add()(outputs))


def data(n: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, WIDTH)).astype("float32"), rng.normal(size=(n, 2)).astype("float32")
