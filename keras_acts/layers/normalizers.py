"""Layers of the activations that act along an axis (`keras_acts.activations.normalizers`).

Each names its function; constructor, validation, defaults, config and docstring come
from the function's declaration (`keras_acts.layers._base.ActivationLayer`).
"""

from __future__ import annotations

from keras_acts.activations import normalizers as fn
from keras_acts.layers._base import ActivationLayer
from keras_acts.layers.glu_variants import HalvingLayer


class Softmax(ActivationLayer):
    """Layer equivalents: `torch.nn.Softmax(dim=axis)`, `keras.layers.Softmax`."""

    function = staticmethod(fn.softmax)


class LogSoftmax(ActivationLayer):
    """Layer equivalent: `torch.nn.LogSoftmax(dim=axis)`."""

    function = staticmethod(fn.log_softmax)


class Softmin(ActivationLayer):
    """Layer equivalent: `torch.nn.Softmin(dim=axis)`."""

    function = staticmethod(fn.softmin)


class Sparsemax(ActivationLayer):
    """Layer equivalent: TF Addons' `tfa.layers.Sparsemax` (tf.keras only)."""

    function = staticmethod(fn.sparsemax)


class GLU(HalvingLayer):
    """Layer equivalent: `torch.nn.GLU(dim=axis)` (mind the axis: PyTorch is channels-first)."""

    function = staticmethod(fn.glu)
