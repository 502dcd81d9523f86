"""Port a PyTorch CNN to a channels-last Keras model with keras-acts, get equal outputs.

Every `torch.nn` activation module becomes a keras-acts layer through
`keras_acts.from_torch(module, data_format="channels_last")`: hyper-parameters are read
from the module (keras-acts uses PyTorch's names and defaults), `nn.PReLU(C)`'s slopes are
copied, and a `dim` becomes the Keras axis of the same dimension. PyTorch's `(N, C, H, W)`
is Keras's `(N, H, W, C)`, so `nn.GLU(dim=1)` and `nn.LogSoftmax(dim=1)` (the channels)
become `axis=-1`; `axis=1` would split H, silently wrong. Each `nn.Conv2d` becomes a
`keras.layers.Conv2D` with its kernel transposed from `(out, in, kh, kw)` to
`(kh, kw, in, out)`.

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

HW = (8, 8)


def torch_model() -> nn.Sequential:
    """A per-pixel classifier (NCHW): convolutions and PyTorch activation modules."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1),
        nn.PReLU(16),
        nn.Conv2d(16, 16, 3, padding=1),
        nn.Hardtanh(-2.0, 2.0),
        nn.Conv2d(16, 16, 1),
        nn.Softplus(beta=2.0),
        nn.Conv2d(16, 16, 1),
        nn.GELU(approximate="tanh"),
        nn.Conv2d(16, 16, 1),
        nn.LeakyReLU(0.1),
        nn.Conv2d(16, 16, 1),
        nn.Hardsigmoid(),
        nn.Conv2d(16, 16, 1),
        nn.GLU(dim=1),  # the channels: 16 -> 8
        nn.Conv2d(8, 5, 1),
        nn.LogSoftmax(dim=1),  # over the 5 classes of each pixel
    )
    with torch.no_grad():  # slopes as if trained, one per channel
        model[1].weight.copy_(torch.linspace(0.05, 0.4, 16))
    return model


def port_activation(module: nn.Module) -> keras.layers.Layer:
    """The keras-acts layer of a `torch.nn` activation module, for channels-last inputs."""
    return keras_acts.from_torch(module, data_format="channels_last")


def port_conv(module: nn.Conv2d) -> keras.layers.Conv2D:
    """A `Conv2D` with the weights of `module` (stride 1, padding 0 or `k // 2`)."""
    k = module.kernel_size[0]
    padding = {0: "valid", k // 2: "same"}[module.padding[0]]
    conv = keras.layers.Conv2D(module.out_channels, module.kernel_size, padding=padding)
    conv.build((None, None, None, module.in_channels))
    kernel = module.weight.detach().numpy().transpose(2, 3, 1, 0)  # (out, in, kh, kw) -> (kh, kw, in, out)
    conv.set_weights([kernel, module.bias.detach().numpy()])
    return conv


def port(model: nn.Sequential) -> keras.Sequential:
    """A channels-last Keras model with the same layers and weights as `model`."""
    layers = [port_conv(m) if isinstance(m, nn.Conv2d) else port_activation(m) for m in model]
    return keras.Sequential([keras.Input((*HW, model[0].in_channels)), *layers])


def describe(layer: keras.layers.Layer) -> str:
    """`keras_acts.layers.HardTanh(min_val=-2, max_val=2)`: the hyper-parameters that are set,
    and the weights copied from PyTorch."""
    info = keras_acts.catalog()[[i.layer for i in keras_acts.catalog()].index(type(layer))]
    params = {k: getattr(layer, k) for k in info.params if getattr(layer, k, None) is not None}
    text = ", ".join(f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v!r}" for k, v in params.items())
    copied = "".join(f" + {w.name} {tuple(w.shape)} from torch" for w in layer.weights)
    return f"keras_acts.layers.{type(layer).__name__}({text}){copied}"


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args(argv)

    source = torch_model()
    target = port(source)
    for module, layer in zip(source, target.layers, strict=True):
        if not isinstance(module, nn.Conv2d):
            print(f"torch.nn.{module!s:<40} -> {describe(layer)}")
    x = np.random.default_rng(0).normal(scale=3.0, size=(args.batch, 3, *HW)).astype("float32")
    with torch.no_grad():
        expected = source(torch.from_numpy(x)).numpy()
    got = keras.ops.convert_to_numpy(target(x.transpose(0, 2, 3, 1)))  # NCHW -> NHWC
    err = float(np.max(np.abs(got.transpose(0, 3, 1, 2) - expected)))
    print(
        f"\nbackend={keras.backend.backend()} float32, {args.batch} images: max |keras - torch| = {err:.1e}"
    )
    np.testing.assert_allclose(got.transpose(0, 3, 1, 2), expected, rtol=1e-5, atol=1e-5)
    return err


if __name__ == "__main__":
    main()
