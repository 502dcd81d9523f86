"""Layers of the piecewise-linear activations (`keras_acts.activations.rectifiers`)."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts.activations import rectifiers as fn
from keras_acts.layers._base import ActivationLayer

_register = keras.saving.register_keras_serializable(package="keras_acts")


@_register
class ReLU(ActivationLayer):
    """Rectified linear unit, `max(x, 0)`; the layer form of `keras_acts.relu`.

    Equivalents: `torch.nn.ReLU`, `keras.layers.ReLU` (default arguments).
    """

    function = staticmethod(fn.relu)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class ReLU6(ActivationLayer):
    """ReLU capped at 6, `min(max(x, 0), 6)`; the layer form of `keras_acts.relu6`.

    Equivalents: `torch.nn.ReLU6`, `keras.layers.ReLU(max_value=6)`.
    """

    function = staticmethod(fn.relu6)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class LeakyReLU(ActivationLayer):
    """Leaky ReLU, `x if x > 0 else negative_slope * x`; the layer form of
    `keras_acts.leaky_relu`.

    Args:
        negative_slope: Finite float. Defaults to `0.01` (PyTorch's default;
            `keras.layers.LeakyReLU` defaults to 0.3).
        **kwargs: Base layer keyword arguments (`name`, `dtype`, ...).

    Equivalents: `torch.nn.LeakyReLU`, `keras.layers.LeakyReLU`.
    """

    function = staticmethod(fn.leaky_relu)
    check = staticmethod(fn.check_leaky_relu)

    def __init__(self, negative_slope: float = 0.01, **kwargs: Any) -> None:
        super().__init__({"negative_slope": negative_slope}, **kwargs)


@_register
class Threshold(ActivationLayer):
    """`x if x > threshold else value`; the layer form of `keras_acts.threshold`.

    Args:
        threshold: Finite float (required).
        value: Finite float (required).
        **kwargs: Base layer keyword arguments.

    Equivalents: `torch.nn.Threshold`.
    """

    function = staticmethod(fn.threshold)
    check = staticmethod(fn.check_threshold)

    def __init__(self, threshold: float, value: float, **kwargs: Any) -> None:
        super().__init__({"threshold": threshold, "value": value}, **kwargs)


@_register
class HardTanh(ActivationLayer):
    """Hard tanh, `clip(x, min_val, max_val)`; the layer form of `keras_acts.hard_tanh`.

    Args:
        min_val: Finite float. Defaults to `-1.0`.
        max_val: Finite float `> min_val`. Defaults to `1.0`.
        **kwargs: Base layer keyword arguments.

    Example:
    >>> keras.layers.Dense(8, activation=HardTanh(min_val=-2.0, max_val=2.0))

    Equivalents: `torch.nn.Hardtanh`.
    """

    function = staticmethod(fn.hard_tanh)
    check = staticmethod(fn.check_hard_tanh)

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, **kwargs: Any) -> None:
        super().__init__({"min_val": min_val, "max_val": max_val}, **kwargs)


@_register
class HardSigmoid(ActivationLayer):
    """Hard sigmoid, `clip(alpha * x + beta, 0, 1)`; the layer form of
    `keras_acts.hard_sigmoid`.

    Args:
        alpha: Finite float. Defaults to `1/6` (PyTorch); `0.2` is ONNX's `HardSigmoid`.
        beta: Finite float. Defaults to `0.5`.
        **kwargs: Base layer keyword arguments.

    Equivalents: `torch.nn.Hardsigmoid` (defaults).
    """

    function = staticmethod(fn.hard_sigmoid)
    check = staticmethod(fn.check_hard_sigmoid)

    def __init__(self, alpha: float = 1.0 / 6.0, beta: float = 0.5, **kwargs: Any) -> None:
        super().__init__({"alpha": alpha, "beta": beta}, **kwargs)


@_register
class HardSwish(ActivationLayer):
    """Hard swish, `x * relu6(x + 3) / 6`; the layer form of `keras_acts.hard_swish`.

    Equivalents: `torch.nn.Hardswish`.
    """

    function = staticmethod(fn.hard_swish)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class HardShrink(ActivationLayer):
    """Hard shrinkage, `x if |x| > lambd else 0`; the layer form of
    `keras_acts.hard_shrink`.

    Args:
        lambd: Float `>= 0`. Defaults to `0.5`.
        **kwargs: Base layer keyword arguments.

    Equivalents: `torch.nn.Hardshrink`.
    """

    function = staticmethod(fn.hard_shrink)
    check = staticmethod(fn.check_shrink)

    def __init__(self, lambd: float = 0.5, **kwargs: Any) -> None:
        super().__init__({"lambd": lambd}, **kwargs)


@_register
class SoftShrink(ActivationLayer):
    """Soft shrinkage, `sign(x) * max(|x| - lambd, 0)`; the layer form of
    `keras_acts.soft_shrink`.

    Args:
        lambd: Float `>= 0`. Defaults to `0.5`.
        **kwargs: Base layer keyword arguments.

    Equivalents: `torch.nn.Softshrink`.
    """

    function = staticmethod(fn.soft_shrink)
    check = staticmethod(fn.check_shrink)

    def __init__(self, lambd: float = 0.5, **kwargs: Any) -> None:
        super().__init__({"lambd": lambd}, **kwargs)
