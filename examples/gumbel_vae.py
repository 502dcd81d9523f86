"""A categorical VAE on scikit-learn's digits with GumbelSoftmax and temperature annealing,
after Jang et al. 2017 (https://arxiv.org/abs/1611.01144).

The encoder maps a binarised 8x8 digit to `latents` categorical variables of `classes`
categories each; `GumbelSoftmax` samples them (straight-through one-hot with `--hard`),
`TemperatureAnnealing` lowers tau as `max(tau_min, tau0 * exp(-rate * step))`, and the
decoder reconstructs the pixels. The loss is the Bernoulli reconstruction plus the KL
divergence of each categorical posterior from the uniform prior.

    KERAS_BACKEND=jax python examples/gumbel_vae.py [--epochs 30] [--hard]
"""

from __future__ import annotations

import argparse
import math

import keras
import numpy as np
from keras import ops
from sklearn.datasets import load_digits

import keras_acts


class CategoricalKL(keras.layers.Layer):
    """Adds KL(q || uniform) of the categorical posteriors (logits on the last axis) to
    the model's losses and passes the logits through."""

    def call(self, logits):
        log_q = ops.log_softmax(logits, axis=-1)
        q = ops.exp(log_q)
        classes = logits.shape[-1]
        kl = ops.sum(q * (log_q + math.log(classes)), axis=(-2, -1))
        self.add_loss(ops.mean(kl) / 64.0)  # per pixel, like the reconstruction loss
        return logits


def build(
    latents: int, classes: int, hard: bool, seed: int
) -> tuple[keras.Model, keras_acts.layers.GumbelSoftmax]:
    keras.utils.set_random_seed(seed)
    gumbel = keras_acts.layers.GumbelSoftmax(tau=1.0, hard=hard, seed=seed)
    inputs = keras.Input((64,))
    h = keras_acts.layers.Mish()(keras.layers.Dense(128)(inputs))
    logits = keras.layers.Reshape((latents, classes))(keras.layers.Dense(latents * classes)(h))
    z = gumbel(CategoricalKL()(logits))
    h = keras_acts.layers.Mish()(keras.layers.Dense(128)(keras.layers.Flatten()(z)))
    outputs = keras.layers.Dense(64)(h)  # Bernoulli logits
    return keras.Model(inputs, outputs), gumbel


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--latents", type=int, default=8)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--hard", action="store_true", help="straight-through one-hot samples")
    parser.add_argument("--rate", type=float, default=3e-3, help="annealing rate per step")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    x = (load_digits().data > 7).astype("float32")
    model, gumbel = build(args.latents, args.classes, args.hard, args.seed)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.BinaryCrossentropy(from_logits=True)
    )
    annealing = keras_acts.callbacks.TemperatureAnnealing(tau0=1.0, tau_min=0.5, rate=args.rate)
    history = model.fit(x, x, epochs=args.epochs, batch_size=64, verbose=0, callbacks=[annealing])
    losses = history.history["loss"]
    tau = float(ops.convert_to_numpy(gumbel.tau))
    recon = ops.convert_to_numpy(ops.sigmoid(model(x[:256], training=False)))
    pixel_error = float(np.mean((recon > 0.5) != (x[:256] > 0.5)))
    print(f"backend={keras.backend.backend()} epochs={args.epochs} hard={args.hard}")
    print(f"loss: first epoch {losses[0]:.4f}, last epoch {losses[-1]:.4f}")
    print(f"tau after training: {tau:.4f} (schedule max(0.5, exp(-{args.rate} * step)))")
    print(f"pixel error of deterministic reconstructions: {pixel_error:.4f}")
    return {"first_loss": losses[0], "last_loss": losses[-1], "tau": tau, "pixel_error": pixel_error}


if __name__ == "__main__":
    main()
