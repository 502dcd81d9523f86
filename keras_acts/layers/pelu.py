"""Parametric exponential linear unit with learned `a` and `b`."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations.learnable import pelu
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._constraints import MinValue
from keras_acts.layers._params import check_mode, parameter_shape, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class PELU(BaseLayer):
    """Parametric ELU: `(a / b) x` for `x >= 0`, `a (exp(x / b) - 1)` otherwise.

    Formula:
    ```
    pelu(x) = (a / b) * x              if x >= 0
            = a * (exp(x / b) - 1)     otherwise,      a, b > 0 learned
    ```

    `a` sets the saturation (`-a` for `x -> -inf`), `b` the scale of the exponential
    decay, and `a / b` the slope for positive inputs; the function is differentiable at
    0 for every `a, b`. Both are kept positive as in the paper, which clips them after
    each update: here a constraint (applied by the optimizer after each update, and
    saved with the model) keeps them `>= min_value`. The paper's initialisation is `a = b = 1`
    (ELU) with one pair per layer (`mode="shared"`).

    Args:
        a: Float `>= min_value`, the initial `a`. Defaults to `1.0`.
        b: Float `>= min_value`, the initial `b`. Defaults to `1.0`.
        mode: `"shared"` (one `a` and one `b`) or `"channel"` (one per channel along
            `axis`). Defaults to `"shared"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        min_value: Float `> 0`, the lower bound kept on `a` and `b`. Defaults to `0.1`.
        a_regularizer: Optional regularizer for `a`.
        b_regularizer: Optional regularizer for `b`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Trottier et al., 2017](https://arxiv.org/abs/1605.09332)

    Equivalents: none in PyTorch, JAX or Keras (`a = b = 1` fixed is `keras.layers.ELU`).
    """

    def __init__(
        self,
        a: float = 1.0,
        b: float = 1.0,
        mode: str = "shared",
        axis: int = -1,
        min_value: float = 0.1,
        a_regularizer: Any = None,
        b_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_value = _validate.positive("min_value", min_value)
        self.a_init = _validate.positive("a", a)
        self.b_init = _validate.positive("b", b)
        _validate.less_equal("min_value", min_value, "a", a)
        _validate.less_equal("min_value", min_value, "b", b)
        self.mode = check_mode(mode, ("shared", "channel"))
        self.axis = _validate.axis("axis", axis)
        self.a_regularizer = regularizer("a_regularizer", a_regularizer)
        self.b_regularizer = regularizer("b_regularizer", b_regularizer)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = parameter_shape(input_shape, self.mode, self.axis)
        self.a = self.add_weight(
            name="a",
            shape=shape,
            initializer=keras.initializers.Constant(self.a_init),
            regularizer=self.a_regularizer,
            constraint=MinValue(self.min_value),
        )
        self.b = self.add_weight(
            name="b",
            shape=shape,
            initializer=keras.initializers.Constant(self.b_init),
            regularizer=self.b_regularizer,
            constraint=MinValue(self.min_value),
        )

    def call(self, inputs: Any) -> Any:
        return pelu(inputs, self.a, self.b, axis=self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "a": self.a_init,
            "b": self.b_init,
            "mode": self.mode,
            "axis": self.axis,
            "min_value": self.min_value,
            "a_regularizer": keras.regularizers.serialize(self.a_regularizer),
            "b_regularizer": keras.regularizers.serialize(self.b_regularizer),
        }
