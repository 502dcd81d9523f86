"""Train the same small network on scikit-learn's bundled digits data with several
keras-acts activations and print a comparison table.

    KERAS_BACKEND=jax python examples/digits_demo.py [--epochs N]
"""

from __future__ import annotations

import argparse
import time

import keras
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import keras_acts

ACTIVATIONS = {
    "relu": keras_acts.layers.ReLU(),
    "tanh": keras_acts.layers.Tanh(),
    "hard_tanh": keras_acts.layers.HardTanh(),
    "hard_sigmoid": keras_acts.layers.HardSigmoid(),
    "mish": keras_acts.layers.Mish(),
    "gelu": keras_acts.layers.GELU(),
}


def load_data(seed: int = 0):
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    return train_test_split(x, digits.target, test_size=0.25, random_state=seed, stratify=digits.target)


def build(activation: keras.layers.Layer, seed: int) -> keras.Model:
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(64),
            activation,
            keras.layers.Dense(10),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    x_train, x_test, y_train, y_test = load_data(args.seed)
    print(f"backend={keras.backend.backend()} train={len(x_train)} test={len(x_test)} epochs={args.epochs}")
    print(f"{'activation':<14}{'test acc':>10}{'final loss':>12}{'s/epoch':>10}")
    for name, layer in ACTIVATIONS.items():
        model = build(layer, args.seed)
        model.compile(
            optimizer=keras.optimizers.Adam(1e-2),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        start = time.perf_counter()
        history = model.fit(x_train, y_train, epochs=args.epochs, batch_size=64, verbose=0)
        per_epoch = (time.perf_counter() - start) / args.epochs
        _, acc = model.evaluate(x_test, y_test, verbose=0)
        loss = history.history["loss"][-1]
        assert np.isfinite(loss)
        print(f"{name:<14}{acc:>10.4f}{loss:>12.4f}{per_epoch:>10.3f}")


if __name__ == "__main__":
    main()
