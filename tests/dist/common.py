"""A small model with trainable keras_acts layers and fixed data, shared by the
distribution scripts (each runs in its own process: device counts and KERAS_BACKEND are
fixed at import)."""

from __future__ import annotations

import keras
import numpy as np

import keras_acts

STEPS = 8
BATCH = 16


def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(STEPS * BATCH, 8)).astype("float32")
    y = (np.tanh(x[:, :4]) + 0.1 * x[:, 4:]).astype("float32")
    return x, y


def build():
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(8, name="dense_in"),
            keras_acts.layers.PReLU(mode="channel", name="prelu"),
            keras.layers.Dense(8, name="dense_mid"),
            keras_acts.layers.Swish(mode="channel", name="swish"),
            keras_acts.layers.Snake(name="snake"),
            keras.layers.Dense(4, name="dense_out"),
        ]
    )


def build_ffn():
    """A gated feed-forward block (its kernels sharded by the ModelParallel case)."""
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((8,)),
            keras_acts.layers.GatedFeedForward(8, name="gated_feed_forward"),
            keras.layers.Dense(4, name="dense_out"),
        ]
    )


def activation_params(model):
    return {
        "prelu": keras.ops.convert_to_numpy(model.get_layer("prelu").alpha),
        "swish": keras.ops.convert_to_numpy(model.get_layer("swish").beta),
        "snake": keras.ops.convert_to_numpy(model.get_layer("snake").alpha),
    }


def fit_losses(model, jit_compile=True):
    x, y = data()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", jit_compile=jit_compile)
    history = model.fit(x, y, epochs=3, batch_size=BATCH, shuffle=False, verbose=0)
    return history.history["loss"]
