"""Layers of the activations that act along an axis (`keras_acts.activations.normalizers`)."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts.activations import normalizers as fn
from keras_acts.layers._base import ActivationLayer

_register = keras.saving.register_keras_serializable(package="keras_acts")


class _AxisActivation(ActivationLayer):
    check = staticmethod(fn.check_axis)
    elementwise = False

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__({"axis": axis}, **kwargs)


@_register
class Softmax(_AxisActivation):
    """Softmax along `axis`; the layer form of `keras_acts.softmax`.

    Args:
        axis: Integer. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Equivalents: `torch.nn.Softmax(dim=axis)`, `keras.layers.Softmax`.
    """

    function = staticmethod(fn.softmax)


@_register
class LogSoftmax(_AxisActivation):
    """Log-softmax along `axis`; the layer form of `keras_acts.log_softmax`.

    Args:
        axis: Integer. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Equivalent: `torch.nn.LogSoftmax(dim=axis)`.
    """

    function = staticmethod(fn.log_softmax)


@_register
class Softmin(_AxisActivation):
    """Softmin along `axis`; the layer form of `keras_acts.softmin`.

    Args:
        axis: Integer. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Equivalent: `torch.nn.Softmin(dim=axis)`.
    """

    function = staticmethod(fn.softmin)


@_register
class Sparsemax(_AxisActivation):
    """Sparsemax along `axis`; the layer form of `keras_acts.sparsemax`.

    Args:
        axis: Integer. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.
    """

    function = staticmethod(fn.sparsemax)


@_register
class GLU(_AxisActivation):
    """Gated linear unit along `axis`; the layer form of `keras_acts.glu`.

    Args:
        axis: Integer; the input's size along it must be even. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Equivalent: `torch.nn.GLU(dim=axis)`.
    """

    function = staticmethod(fn.glu)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        size = shape[self.axis]
        if size is not None:
            if size % 2:
                raise ValueError(
                    "The size of the input along `axis` must be even. "
                    f"Received: axis={self.axis}, input_shape={tuple(input_shape)}"
                )
            shape[self.axis] = size // 2
        return tuple(shape)
