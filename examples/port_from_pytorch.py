"""Port a PyTorch model's activations to keras-acts, copy the weights, get equal outputs.

Each `torch.nn` activation module is mapped to the keras-acts layer of the same name
(`nn.Hardtanh` -> `keras_acts.layers.HardTanh`, through the catalogue's names and
aliases), with its hyper-parameters read from the module's attributes: keras-acts uses
PyTorch's parameter names and defaults, so the mapping is a lookup, not a table of
special cases. `nn.Linear` becomes `keras.layers.Dense` with the transposed weight.

Needs PyTorch (`pip install "keras-acts[torch]"`); the Keras side runs on any backend.

    KERAS_BACKEND=jax python examples/port_from_pytorch.py
"""

from __future__ import annotations

import argparse

import keras
import numpy as np
import torch
from torch import nn

import keras_acts

# Every name the catalogue knows (name, aliases, layer class), lower-cased.
CATALOGUE = {
    key.lower(): info
    for info in keras_acts.catalog()
    for key in (info.name, *info.aliases, info.layer.__name__)
}


def torch_model() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(8, 16),
        nn.Hardtanh(-2.0, 2.0),
        nn.Linear(16, 16),
        nn.Softplus(beta=2.0),
        nn.Linear(16, 16),
        nn.GELU(approximate="tanh"),
        nn.Linear(16, 16),
        nn.LeakyReLU(0.1),
        nn.Linear(16, 4),
        nn.Hardsigmoid(),
    )


def port_activation(module: nn.Module) -> keras.layers.Layer:
    """The keras-acts layer for a `torch.nn` activation module, with its parameters."""
    info = CATALOGUE.get(type(module).__name__.lower())
    if info is None:
        raise ValueError(f"No keras-acts equivalent for {type(module).__name__}.")
    # PyTorch's attribute names are keras-acts' parameter names (`dim` is `axis`).
    params = {}
    for name in info.params:
        source = "dim" if name == "axis" else name
        if hasattr(module, source):
            value = getattr(module, source)
            params[name] = value if value is not None else info.params[name]
    return info.layer(**params)


def _fmt(value):
    return f"{value:.6g}" if isinstance(value, float) else repr(value)


def port(model: nn.Sequential, dtype: str = "float32") -> keras.Sequential:
    """A Keras model with the same layers and weights as `model`."""
    layers = []
    for module in model:
        if isinstance(module, nn.Linear):
            dense = keras.layers.Dense(module.out_features, dtype=dtype)
            dense.build((None, module.in_features))
            dense.set_weights(
                [module.weight.detach().numpy().T.astype(dtype), module.bias.detach().numpy().astype(dtype)]
            )
            layers.append(dense)
        else:
            layers.append(port_activation(module))
    first = next(m for m in model if isinstance(m, nn.Linear))
    inputs = keras.Input((first.in_features,), dtype=dtype)
    return keras.Sequential([inputs, *layers])


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args(argv)

    source = torch_model()
    target = port(source)
    for module, layer in zip(source, target.layers, strict=True):
        if not isinstance(module, nn.Linear):
            info = CATALOGUE[type(layer).__name__.lower()]
            params = ", ".join(f"{k}={_fmt(getattr(layer, k))}" for k in info.params)
            print(f"torch.nn.{module!s:<40} -> keras_acts.layers.{type(layer).__name__}({params})")
    x = np.random.default_rng(0).normal(scale=3.0, size=(args.batch, 8)).astype("float32")
    with torch.no_grad():
        expected = source(torch.from_numpy(x)).numpy()
    got = keras.ops.convert_to_numpy(target(x))
    err = float(np.max(np.abs(got - expected)))
    print(
        f"\nbackend={keras.backend.backend()} float32, {args.batch} inputs: max |keras - torch| = {err:.1e}"
    )
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    return err


if __name__ == "__main__":
    main()
