"""Layers of the piecewise-linear activations (`keras_acts.activations.rectifiers`).

Each names its function; constructor, validation, defaults, config and docstring come
from the function's declaration (`keras_acts.layers._base.ActivationLayer`).
"""

from __future__ import annotations

from typing import Any

from keras_acts.activations import rectifiers as fn
from keras_acts.layers._base import ActivationLayer


class ReLU(ActivationLayer):
    """Layer equivalents: `torch.nn.ReLU` (defaults), `keras.layers.ReLU` (same arguments,
    in Keras's order: `ReLU(6.0)` caps at 6 as Keras's does)."""

    function = staticmethod(fn.relu)

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ) -> None:
        params = {"negative_slope": negative_slope, "max_value": max_value, "threshold": threshold}
        super().__init__(params, **kwargs)


class ReLU6(ActivationLayer):
    """Layer equivalents: `torch.nn.ReLU6`, `keras.layers.ReLU(max_value=6)`."""

    function = staticmethod(fn.relu6)


class LeakyReLU(ActivationLayer):
    """Layer equivalents: `torch.nn.LeakyReLU`, `keras.layers.LeakyReLU` (default slope 0.3 there)."""

    function = staticmethod(fn.leaky_relu)


class Threshold(ActivationLayer):
    """Layer equivalent: `torch.nn.Threshold`."""

    function = staticmethod(fn.threshold)


class HardTanh(ActivationLayer):
    """Layer equivalent: `torch.nn.Hardtanh`."""

    function = staticmethod(fn.hard_tanh)


class HardSigmoid(ActivationLayer):
    """Layer equivalent: `torch.nn.Hardsigmoid` (defaults)."""

    function = staticmethod(fn.hard_sigmoid)


class HardSwish(ActivationLayer):
    """Layer equivalent: `torch.nn.Hardswish`."""

    function = staticmethod(fn.hard_swish)


class HardShrink(ActivationLayer):
    """Layer equivalent: `torch.nn.Hardshrink`."""

    function = staticmethod(fn.hard_shrink)


class SoftShrink(ActivationLayer):
    """Layer equivalent: `torch.nn.Softshrink`."""

    function = staticmethod(fn.soft_shrink)


class SquaredReLU(ActivationLayer):
    """Layer equivalents: none in PyTorch or Keras (Primer's, and timm's `ReLUSquared`)."""

    function = staticmethod(fn.squared_relu)


class HardMish(ActivationLayer):
    """Layer equivalent: timm's `HardMish` (PyTorch)."""

    function = staticmethod(fn.hard_mish)


class SparsePlus(ActivationLayer):
    """Layer equivalent: `keras.layers.Activation("sparse_plus")`."""

    function = staticmethod(fn.sparse_plus)


class SparseSigmoid(ActivationLayer):
    """Layer equivalent: `keras.layers.Activation("sparse_sigmoid")`."""

    function = staticmethod(fn.sparse_sigmoid)
