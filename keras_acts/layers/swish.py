"""Swish with a learned slope beta."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations._base import elementwise
from keras_acts.activations.smooth import check_swish, swish_impl
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import broadcastable, check_mode, constraint, parameter_shape, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class Swish(BaseLayer):
    """Swish with a learned slope: `x * sigmoid(beta * x)`.

    Formula:
    ```
    swish(x) = x * sigmoid(beta * x)
    ```

    `beta` is a weight, always created and saved, also when the layer is frozen
    (`trainable=False`), so a frozen layer keeps the value it had.

    Args:
        beta: Finite float, the initial slope. Defaults to `1.0` (SiLU).
        mode: `"shared"` (one scalar) or `"channel"` (one per channel along `axis`).
            Defaults to `"shared"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        beta_regularizer: Optional regularizer for `beta`.
        beta_constraint: Optional constraint for `beta`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Ramachandran et al., 2017](https://arxiv.org/abs/1710.05941)

    Equivalents: keras-contrib's `Swish` (tf.keras, its beta was not saved when
    frozen); `torch.nn.SiLU` / `keras.layers.Activation("silu")` for `beta=1`, fixed.
    """

    def __init__(
        self,
        beta: float = 1.0,
        mode: str = "shared",
        axis: int = -1,
        beta_regularizer: Any = None,
        beta_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        check_swish(beta)
        self.beta_init = beta
        self.mode = check_mode(mode, ("shared", "channel"))
        self.axis = _validate.axis("axis", axis)
        self.beta_regularizer = regularizer("beta_regularizer", beta_regularizer)
        self.beta_constraint = constraint("beta_constraint", beta_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        self.beta = self.add_weight(
            name="beta",
            shape=parameter_shape(input_shape, self.mode, self.axis),
            initializer=keras.initializers.Constant(self.beta_init),
            regularizer=self.beta_regularizer,
            constraint=self.beta_constraint,
        )

    def call(self, inputs: Any) -> Any:
        beta = broadcastable(self.beta, len(inputs.shape), self.mode, self.axis)
        return elementwise(lambda t: swish_impl(t, beta), inputs)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "beta": self.beta_init,
            "mode": self.mode,
            "axis": self.axis,
            "beta_regularizer": keras.regularizers.serialize(self.beta_regularizer),
            "beta_constraint": keras.constraints.serialize(self.beta_constraint),
        }
