"""xIELU with learned `alpha_p` and `alpha_n` (the paper's softplus parametrisation)."""

from __future__ import annotations

import math
from typing import Any

import keras
from keras import ops

from keras_acts import _validate, activations
from keras_acts.layers._weights import Weight, WeightLayer, checks, regularizer


def _inverse_softplus(y: float) -> float:
    """`w` with `softplus(w) = y`, for `y > 0`: `log(expm1(y))`, as `y + log(-expm1(-y))`
    (no overflow for large `y`)."""
    return y + math.log(-math.expm1(-y))


@keras.saving.register_keras_serializable(package="keras_acts")
class XIELU(WeightLayer):
    """xIELU with learned coefficients: `alpha_p x^2 + beta x` for `x > 0`,
    `alpha_n (expm1(min(x, eps)) - x) + beta x` otherwise.

    Formula:
    ```
    xielu(x) = alpha_p * x**2 + beta * x                              if x > 0
             = alpha_n * (expm1(min(x, eps)) - x) + beta * x          otherwise
    alpha_p = softplus(w_p),  alpha_n = beta + softplus(w_n)          (w_p, w_n learned)
    ```

    As in the paper and its authors' code, the two trainable scalars are the
    unconstrained `w_p` and `w_n`: the weights `alpha_p` and `alpha_n` of this layer
    hold them (the values before the softplus, as the `alpha_p` and `alpha_n`
    parameters of the PyTorch `XIELUActivation`, so that weights port one to one), and
    the coefficients the function sees, `softplus(w_p) > 0` and
    `beta + softplus(w_n) > beta`, stay in range whatever the optimizer does. The
    constructor's `alpha_p` and `alpha_n` are those coefficients' initial values (the
    paper's 0.8 and 0.8); `beta` and `eps` are fixed. Both weights are always created
    and saved, also when the layer is frozen.

    Args:
        alpha_p: Float `> 0`, the initial `alpha_p`. Defaults to `0.8`.
        alpha_n: Float `> beta`, the initial `alpha_n`. Defaults to `0.8`.
        beta: Finite float, the fixed slope at 0. Defaults to `0.5`.
        eps: Float `<= 0`, the cap on the exponential's argument. Defaults to `-1e-6`.
        alpha_p_regularizer: Optional regularizer for the weight `alpha_p` (`w_p`).
        alpha_n_regularizer: Optional regularizer for the weight `alpha_n` (`w_n`).
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Huang & Schlag, 2025](https://arxiv.org/abs/2411.13010)

    Equivalents: `XIELUActivation` of Hugging Face transformers (PyTorch, the Apertus
    models; same parametrisation and initial values).
    """

    function = staticmethod(activations.xielu)
    arguments = checks(
        alpha_p=_validate.positive,
        alpha_n=_validate.number,
        beta=_validate.number,
        eps=activations.xielu.declaration.checks["eps"],
        alpha_p_regularizer=regularizer,
        alpha_n_regularizer=regularizer,
    )
    declared_weights = (
        Weight("alpha_p", init="alpha_p_raw", shape=(), regularizer="alpha_p_regularizer"),
        Weight("alpha_n", init="alpha_n_raw", shape=(), regularizer="alpha_n_regularizer"),
    )

    def __init__(
        self,
        alpha_p: float = 0.8,
        alpha_n: float = 0.8,
        beta: float = 0.5,
        eps: float = -1e-6,
        alpha_p_regularizer: Any = None,
        alpha_n_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "alpha_p": alpha_p,
                "alpha_n": alpha_n,
                "beta": beta,
                "eps": eps,
                "alpha_p_regularizer": alpha_p_regularizer,
                "alpha_n_regularizer": alpha_n_regularizer,
            },
            **kwargs,
        )

    def check_arguments(self) -> None:
        _validate.less("beta", self.beta, "alpha_n", self.alpha_n_init)

    @property
    def alpha_p_raw(self) -> float:
        """The initial weight `alpha_p`: `softplus^-1(alpha_p)`."""
        return _inverse_softplus(float(self.alpha_p_init))

    @property
    def alpha_n_raw(self) -> float:
        """The initial weight `alpha_n`: `softplus^-1(alpha_n - beta)`."""
        return _inverse_softplus(float(self.alpha_n_init) - float(self.beta))

    def coefficients(self) -> tuple[Any, Any]:
        """The coefficients `(softplus(w_p), beta + softplus(w_n))` the function sees."""
        w_p = ops.convert_to_tensor(self.alpha_p)
        w_n = ops.convert_to_tensor(self.alpha_n)
        return ops.softplus(w_p), self.beta + ops.softplus(w_n)

    def call(self, inputs: Any) -> Any:
        alpha_p, alpha_n = self.coefficients()
        return activations.xielu(inputs, alpha_p=alpha_p, alpha_n=alpha_n, beta=self.beta, eps=self.eps)
