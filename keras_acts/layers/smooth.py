"""Layers of the smooth activations (`keras_acts.activations.smooth`)."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts.activations import smooth as fn
from keras_acts.layers._base import ActivationLayer

_register = keras.saving.register_keras_serializable(package="keras_acts")


@_register
class Sigmoid(ActivationLayer):
    """Logistic sigmoid; the layer form of `keras_acts.sigmoid`. Equivalent: `torch.nn.Sigmoid`."""

    function = staticmethod(fn.sigmoid)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class Tanh(ActivationLayer):
    """Hyperbolic tangent; the layer form of `keras_acts.tanh`. Equivalent: `torch.nn.Tanh`."""

    function = staticmethod(fn.tanh)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class Softsign(ActivationLayer):
    """Softsign, `x / (1 + |x|)`; the layer form of `keras_acts.softsign`.
    Equivalent: `torch.nn.Softsign`."""

    function = staticmethod(fn.softsign)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class LogSigmoid(ActivationLayer):
    """`log(sigmoid(x))`; the layer form of `keras_acts.log_sigmoid`.
    Equivalent: `torch.nn.LogSigmoid`."""

    function = staticmethod(fn.log_sigmoid)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class TanhShrink(ActivationLayer):
    """`x - tanh(x)`; the layer form of `keras_acts.tanh_shrink`.
    Equivalent: `torch.nn.Tanhshrink`."""

    function = staticmethod(fn.tanh_shrink)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class Softplus(ActivationLayer):
    """Softplus, `log(1 + exp(beta x)) / beta`, linear above `threshold`; the layer form
    of `keras_acts.softplus`.

    Args:
        beta: Float `> 0`. Defaults to `1.0`.
        threshold: Finite float. Defaults to `20.0`.
        **kwargs: Base layer keyword arguments.

    Equivalent: `torch.nn.Softplus`.
    """

    function = staticmethod(fn.softplus)
    check = staticmethod(fn.check_softplus)

    def __init__(self, beta: float = 1.0, threshold: float = 20.0, **kwargs: Any) -> None:
        super().__init__({"beta": beta, "threshold": threshold}, **kwargs)


@_register
class ELU(ActivationLayer):
    """Exponential linear unit; the layer form of `keras_acts.elu`.

    Args:
        alpha: Finite float. Defaults to `1.0`.
        **kwargs: Base layer keyword arguments.

    Equivalents: `torch.nn.ELU`, `keras.layers.ELU`.
    """

    function = staticmethod(fn.elu)
    check = staticmethod(fn.check_elu)

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__({"alpha": alpha}, **kwargs)


@_register
class SELU(ActivationLayer):
    """Scaled exponential linear unit; the layer form of `keras_acts.selu`.
    Equivalent: `torch.nn.SELU`."""

    function = staticmethod(fn.selu)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class CELU(ActivationLayer):
    """Continuously differentiable ELU; the layer form of `keras_acts.celu`.

    Args:
        alpha: Finite float other than 0. Defaults to `1.0`.
        **kwargs: Base layer keyword arguments.

    Equivalent: `torch.nn.CELU`.
    """

    function = staticmethod(fn.celu)
    check = staticmethod(fn.check_celu)

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__({"alpha": alpha}, **kwargs)


@_register
class GELU(ActivationLayer):
    """Gaussian error linear unit; the layer form of `keras_acts.gelu`.

    Args:
        approximate: `"none"` (exact) or `"tanh"`. Defaults to `"none"`.
        **kwargs: Base layer keyword arguments.

    Equivalent: `torch.nn.GELU`.
    """

    function = staticmethod(fn.gelu)
    check = staticmethod(fn.check_gelu)

    def __init__(self, approximate: str = "none", **kwargs: Any) -> None:
        super().__init__({"approximate": approximate}, **kwargs)


@_register
class SiLU(ActivationLayer):
    """Sigmoid linear unit, `x * sigmoid(x)`; the layer form of `keras_acts.silu`.
    Equivalent: `torch.nn.SiLU`. For a learnable slope see `keras_acts.layers.Swish`."""

    function = staticmethod(fn.silu)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class Mish(ActivationLayer):
    """Mish, `x * tanh(softplus(x))`; the layer form of `keras_acts.mish`.
    Equivalent: `torch.nn.Mish`."""

    function = staticmethod(fn.mish)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class LiSHT(ActivationLayer):
    """`x * tanh(x)`; the layer form of `keras_acts.lisht`."""

    function = staticmethod(fn.lisht)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__({}, **kwargs)


@_register
class Squareplus(ActivationLayer):
    """Squareplus, `(x + sqrt(x^2 + b)) / 2`; the layer form of `keras_acts.squareplus`.

    Args:
        b: Float `>= 0`. Defaults to `4.0`.
        **kwargs: Base layer keyword arguments.
    """

    function = staticmethod(fn.squareplus)
    check = staticmethod(fn.check_squareplus)

    def __init__(self, b: float = 4.0, **kwargs: Any) -> None:
        super().__init__({"b": b}, **kwargs)
