"""Parametric ReLU with a learned slope."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations.trainable import prelu
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import broadcastable, check_mode, constraint, parameter_shape, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class PReLU(BaseLayer):
    """Parametric ReLU: `x if x > 0 else alpha * x` with a learned `alpha`.

    Formula:
    ```
    prelu(x) = max(x, 0) + alpha * min(x, 0)
    ```

    Args:
        init: Float, the initial slope. Defaults to `0.25` (PyTorch's and the paper's;
            `keras.layers.PReLU` starts at 0).
        mode: `"shared"` (one scalar), `"channel"` (one slope per channel along `axis`;
            the other dimensions may be `None`) or `"element"` (one per element of
            `input_shape[1:]`, as `keras.layers.PReLU` by default). Defaults to
            `"channel"`.
        axis: Integer, the channel axis for `mode="channel"` (`1` for channels-first).
            Defaults to `-1`.
        alpha_regularizer: Optional regularizer for `alpha`.
        alpha_constraint: Optional constraint for `alpha`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Equivalents: `torch.nn.PReLU(num_parameters=1 or C, init=0.25)` (`"shared"` /
    `"channel"` with `axis=1`), `keras.layers.PReLU` (`"element"`, or `"channel"` via
    `shared_axes`).
    """

    def __init__(
        self,
        init: float = 0.25,
        mode: str = "channel",
        axis: int = -1,
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.init = _validate.number("init", init)
        self.mode = check_mode(mode)
        self.axis = _validate.axis("axis", axis)
        self.alpha_regularizer = regularizer("alpha_regularizer", alpha_regularizer)
        self.alpha_constraint = constraint("alpha_constraint", alpha_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        self.alpha = self.add_weight(
            name="alpha",
            shape=parameter_shape(input_shape, self.mode, self.axis),
            initializer=keras.initializers.Constant(self.init),
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )

    def call(self, inputs: Any) -> Any:
        alpha = broadcastable(self.alpha, len(inputs.shape), self.mode, self.axis)
        return prelu(inputs, alpha)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "init": self.init,
            "mode": self.mode,
            "axis": self.axis,
            "alpha_regularizer": keras.regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": keras.constraints.serialize(self.alpha_constraint),
        }
