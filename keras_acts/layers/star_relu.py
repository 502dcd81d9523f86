"""StarReLU with a learned scale and bias."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate, activations
from keras_acts.layers._weights import Weight, WeightLayer, checks, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class StarReLU(WeightLayer):
    """StarReLU with a learned scale and bias: `scale * relu(x)^2 + bias`.

    Formula:
    ```
    star_relu(x) = scale * relu(x) ** 2 + bias
    ```

    `scale` and `bias` are two trainable scalars, always created and saved, also when
    the layer is frozen (`trainable=False`).

    Args:
        scale: Finite float, the initial scale. Defaults to `0.8944` (the paper's).
        bias: Finite float, the initial bias. Defaults to `-0.4472` (the paper's).
        scale_regularizer: Optional regularizer for `scale`.
        bias_regularizer: Optional regularizer for `bias`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Yu et al., 2022](https://arxiv.org/abs/2210.13452)

    Equivalents: timm's `StarReLU` and MetaFormer's (PyTorch; `scale_value=1.0`,
    `bias_value=0.0` by default there).
    """

    function = staticmethod(activations.star_relu)
    arguments = checks(
        scale=_validate.number,
        bias=_validate.number,
        scale_regularizer=regularizer,
        bias_regularizer=regularizer,
    )
    declared_weights = (
        Weight("scale", init="scale", shape=(), regularizer="scale_regularizer"),
        Weight("bias", init="bias", shape=(), regularizer="bias_regularizer"),
    )

    def __init__(
        self,
        scale: float = 0.8944,
        bias: float = -0.4472,
        scale_regularizer: Any = None,
        bias_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "scale": scale,
                "bias": bias,
                "scale_regularizer": scale_regularizer,
                "bias_regularizer": bias_regularizer,
            },
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return activations.star_relu(inputs, scale=self.scale, bias=self.bias)
