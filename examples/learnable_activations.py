"""PReLU, Swish-beta and Rational (Padé) learning the shape of their activation.

Each layer alone is fitted to samples of a target activation: PReLU (init slope 0.25) to
`leaky_relu(x, 0.1)`, Swish (init beta 1) to `x * sigmoid(2 x)`, and Rational (initialised
as leaky ReLU) to GELU. It prints the learned parameters and the remaining error, and
plots the learned curves against the targets.

    KERAS_BACKEND=jax python examples/learnable_activations.py [--epochs 200] [-o learned.png]
"""

from __future__ import annotations

import argparse

import keras
import numpy as np
from scipy.special import erf

import keras_acts

TARGETS = {
    "PReLU -> leaky_relu(x, 0.1)": (
        lambda: keras_acts.layers.PReLU(mode="shared"),
        lambda x: np.where(x > 0, x, 0.1 * x),
    ),
    "Swish -> x * sigmoid(2x)": (
        lambda: keras_acts.layers.Swish(beta=1.0),
        lambda x: x / (1.0 + np.exp(-2.0 * x)),
    ),
    "Rational -> gelu": (
        lambda: keras_acts.layers.Rational(approx_func="leaky_relu"),
        lambda x: 0.5 * x * (1.0 + erf(x / np.sqrt(2.0))),
    ),
}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("-o", "--output", default="learned_activations.png")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, size=(2048, 1)).astype("float32")
    grid = np.linspace(-3, 3, 301, dtype="float32")[:, None]
    results, curves = {}, {}
    for title, (make, target) in TARGETS.items():
        keras.utils.set_random_seed(0)
        layer = make()
        model = keras.Sequential([keras.Input((1,)), layer])
        model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
        before = float(np.mean((keras.ops.convert_to_numpy(model(grid)) - target(grid)) ** 2))
        model.fit(
            x, target(x.astype(np.float64)).astype("float32"), epochs=args.epochs, batch_size=256, verbose=0
        )
        learned = keras.ops.convert_to_numpy(model(grid))
        after = float(np.mean((learned - target(grid)) ** 2))
        params = {w.name: np.round(keras.ops.convert_to_numpy(w), 4).tolist() for w in layer.weights}
        shown = {k: v for k, v in params.items() if np.size(v) <= 2}
        print(f"{title:<30} mse {before:.2e} -> {after:.2e}  {shown}")
        results[title] = after
        curves[title] = (learned[:, 0], target(grid)[:, 0])

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(curves), figsize=(4 * len(curves), 3.2))
    for ax, (title, (learned, target)) in zip(axes, curves.items(), strict=True):
        ax.plot(grid[:, 0], target, "k--", label="target")
        ax.plot(grid[:, 0], learned, label="learned")
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.output, dpi=100)
    print(f"wrote {args.output}")
    return results


if __name__ == "__main__":
    main()
