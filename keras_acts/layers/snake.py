"""Snake with a learned frequency alpha."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations._base import elementwise
from keras_acts.activations.smooth import check_snake, snake_impl
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import broadcastable, check_mode, parameter_shape


@keras.saving.register_keras_serializable(package="keras_acts")
class Snake(BaseLayer):
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

    def __init__(self, alpha: float = 1.0, mode: str = "shared", axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        check_snake(alpha)
        self.alpha_init = alpha
        self.mode = check_mode(mode, ("shared", "channel"))
        self.axis = _validate.axis("axis", axis)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        self.alpha = self.add_weight(
            name="alpha",
            shape=parameter_shape(input_shape, self.mode, self.axis),
            initializer=keras.initializers.Constant(self.alpha_init),
            constraint=keras.constraints.NonNeg(),
        )

    def call(self, inputs: Any) -> Any:
        alpha = broadcastable(self.alpha, len(inputs.shape), self.mode, self.axis)
        return elementwise(lambda t: snake_impl(t, keras.ops.cast(alpha, t.dtype)), inputs)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "alpha": self.alpha_init, "mode": self.mode, "axis": self.axis}
