"""Snake with a learned frequency alpha."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate, activations
from keras_acts.layers._weights import Weight, WeightLayer, checks, one_of


@keras.saving.register_keras_serializable(package="keras_acts")
class Snake(WeightLayer):
    """Snake with a learned frequency: `x + sin(alpha * x)^2 / alpha`.

    Formula:
    ```
    snake(x) = x + sin(alpha * x)^2 / alpha = x + alpha * (x * sinc(alpha * x))^2
    ```

    Evaluated in the second form (unnormalised sinc), which has no `1 / alpha` blow-up:
    as `alpha -> 0` it tends to `x + alpha * x^2 -> x`, with finite gradients for `x`
    and `alpha`. `alpha` is kept `>= 0` during training by a non-negativity constraint
    (at `alpha = 0` the layer is the identity).

    Args:
        alpha: Float `> 0`, the initial frequency. Defaults to `1.0`.
        mode: `"shared"` (one scalar) or `"channel"` (one per channel along `axis`).
            Defaults to `"shared"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Ziyin et al., 2020](https://arxiv.org/abs/2006.08195)

    Equivalents: none in PyTorch, JAX or Keras.
    """

    function = staticmethod(activations.snake)
    arguments = checks(alpha=_validate.positive, mode=one_of("shared", "channel"), axis=_validate.axis)
    declared_weights = (Weight("alpha", init="alpha", constraint=keras.constraints.NonNeg()),)

    def __init__(self, alpha: float = 1.0, mode: str = "shared", axis: int = -1, **kwargs: Any) -> None:
        super().__init__({"alpha": alpha, "mode": mode, "axis": axis}, **kwargs)

    def call(self, inputs: Any) -> Any:
        return activations.snake(inputs, alpha=self.broadcast(self.alpha, inputs))
