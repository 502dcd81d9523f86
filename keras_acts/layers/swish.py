"""Swish with a learned slope beta."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate, activations
from keras_acts.layers._weights import Weight, WeightLayer, checks, constraint, one_of, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class Swish(WeightLayer):
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

    function = staticmethod(activations.swish)
    arguments = checks(
        beta=_validate.number,
        mode=one_of("shared", "channel"),
        axis=_validate.axis,
        beta_regularizer=regularizer,
        beta_constraint=constraint,
    )
    declared_weights = (
        Weight("beta", init="beta", regularizer="beta_regularizer", constraint="beta_constraint"),
    )

    def __init__(
        self,
        beta: float = 1.0,
        mode: str = "shared",
        axis: int = -1,
        beta_regularizer: Any = None,
        beta_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "beta": beta,
                "mode": mode,
                "axis": axis,
                "beta_regularizer": beta_regularizer,
                "beta_constraint": beta_constraint,
            },
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return activations.swish(inputs, beta=self.broadcast(self.beta, inputs))
