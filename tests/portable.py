"""A model that uses every keras_acts layer, for save/load and export tests."""

from __future__ import annotations

import keras
import numpy as np
from cases import ROW

import keras_acts

# Constructor arguments for every layer whose defaults are not enough (or to exercise
# non-default values in files): the rows' `layer_kwargs` (tests/cases.py).
LAYER_KWARGS = {name: row.constructor_kwargs() for name, row in ROW.items() if row.constructor_kwargs()}

WIDTH = 8


def make_layer(info: keras_acts.ActivationInfo) -> keras.layers.Layer:
    assert info.name in ROW, f"{info.name}: add a row to tests/cases.py"
    return info.layer(**ROW[info.name].constructor_kwargs())


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
