"""Layers of the smooth activations (`keras_acts.activations.smooth` and `.gated`).

Each names its function; constructor, validation, defaults, config and docstring come
from the function's declaration (`keras_acts.layers._base.ActivationLayer`).
"""

from __future__ import annotations

from keras_acts import activations as fn
from keras_acts.layers._base import ActivationLayer


class Sigmoid(ActivationLayer):
    """Layer equivalent: `torch.nn.Sigmoid`."""

    function = staticmethod(fn.sigmoid)


class Tanh(ActivationLayer):
    """Layer equivalent: `torch.nn.Tanh`."""

    function = staticmethod(fn.tanh)


class Softsign(ActivationLayer):
    """Layer equivalent: `torch.nn.Softsign`."""

    function = staticmethod(fn.softsign)


class LogSigmoid(ActivationLayer):
    """Layer equivalent: `torch.nn.LogSigmoid`."""

    function = staticmethod(fn.log_sigmoid)


class TanhShrink(ActivationLayer):
    """Layer equivalent: `torch.nn.Tanhshrink`."""

    function = staticmethod(fn.tanh_shrink)


class Softplus(ActivationLayer):
    """Layer equivalent: `torch.nn.Softplus`."""

    function = staticmethod(fn.softplus)


class ELU(ActivationLayer):
    """Layer equivalents: `torch.nn.ELU`, `keras.layers.ELU`."""

    function = staticmethod(fn.elu)


class SELU(ActivationLayer):
    """Layer equivalent: `torch.nn.SELU`."""

    function = staticmethod(fn.selu)


class CELU(ActivationLayer):
    """Layer equivalent: `torch.nn.CELU`."""

    function = staticmethod(fn.celu)


class GELU(ActivationLayer):
    """Layer equivalent: `torch.nn.GELU`."""

    function = staticmethod(fn.gelu)


class SiLU(ActivationLayer):
    """Layer equivalent: `torch.nn.SiLU`. For a learnable slope see `keras_acts.layers.Swish`."""

    function = staticmethod(fn.silu)


class QuickGELU(ActivationLayer):
    """Layer equivalent: `QuickGELU` of OpenAI's CLIP and open_clip (PyTorch)."""

    function = staticmethod(fn.quick_gelu)


class Mish(ActivationLayer):
    """Layer equivalent: `torch.nn.Mish`."""

    function = staticmethod(fn.mish)


class LiSHT(ActivationLayer):
    """Layer equivalent: none in PyTorch or Keras."""

    function = staticmethod(fn.lisht)


class Squareplus(ActivationLayer):
    """Layer equivalent: none in PyTorch or Keras."""

    function = staticmethod(fn.squareplus)


class Exponential(ActivationLayer):
    """Layer equivalent: `keras.layers.Activation("exponential")`."""

    function = staticmethod(fn.exponential)


class Identity(ActivationLayer):
    """Layer equivalents: `torch.nn.Identity`, `keras.layers.Identity`."""

    function = staticmethod(fn.identity)
