"""Adaptive piecewise linear unit: ReLU plus learned hinges."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations.learnable import apl
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import check_mode, initializer, parameter_shape, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class APL(BaseLayer):
    """Adaptive piecewise linear unit: `max(0, x) + sum_s a_s max(0, -x + b_s)`.

    Formula:
    ```
    apl(x) = max(0, x) + sum_{s=1}^{S} a_s * max(0, -x + b_s),   S = num_hinges
    ```

    `a_s` (slopes) and `b_s` (hinge locations) are learned per channel (the paper's
    per-unit parameters, `mode="channel"`) or shared by the layer (`"shared"`). The
    weights `a` and `b` have shape `(num_hinges,)` or `(num_hinges, C)`.

    Initialisation as in the authors' Caffe configuration: `a ~ U(-0.2, 0.2)`,
    `b ~ N(0, 0.5^2)`. The paper also puts an L2 penalty (weight decay 0.001) on `a`
    and `b`: pass `a_regularizer=keras.regularizers.L2(0.001)` (and `b_regularizer`)
    to reproduce it; none by default.

    Args:
        num_hinges: Integer >= 1, `S`. Defaults to `5` (the authors' example).
        mode: `"shared"` or `"channel"`. Defaults to `"channel"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        a_initializer: Initializer for `a`, or `None` for `U(-0.2, 0.2)`.
        b_initializer: Initializer for `b`, or `None` for `N(0, 0.5^2)`.
        a_regularizer: Optional regularizer for `a`.
        b_regularizer: Optional regularizer for `b`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Agostinelli et al., 2014](https://arxiv.org/abs/1412.6830)

    Equivalents: none in PyTorch, JAX or Keras.
    """

    def __init__(
        self,
        num_hinges: int = 5,
        mode: str = "channel",
        axis: int = -1,
        a_initializer: Any = None,
        b_initializer: Any = None,
        a_regularizer: Any = None,
        b_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.num_hinges = _validate.positive_int("num_hinges", num_hinges)
        self.mode = check_mode(mode, ("shared", "channel"))
        self.axis = _validate.axis("axis", axis)
        self.a_initializer = initializer(
            "a_initializer", a_initializer, keras.initializers.RandomUniform(minval=-0.2, maxval=0.2)
        )
        self.b_initializer = initializer(
            "b_initializer", b_initializer, keras.initializers.RandomNormal(stddev=0.5)
        )
        self.a_regularizer = regularizer("a_regularizer", a_regularizer)
        self.b_regularizer = regularizer("b_regularizer", b_regularizer)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = (self.num_hinges, *parameter_shape(input_shape, self.mode, self.axis))
        self.a = self.add_weight(
            name="a", shape=shape, initializer=self.a_initializer, regularizer=self.a_regularizer
        )
        self.b = self.add_weight(
            name="b", shape=shape, initializer=self.b_initializer, regularizer=self.b_regularizer
        )

    def call(self, inputs: Any) -> Any:
        return apl(inputs, self.a, self.b, axis=self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "num_hinges": self.num_hinges,
            "mode": self.mode,
            "axis": self.axis,
            "a_initializer": keras.initializers.serialize(self.a_initializer),
            "b_initializer": keras.initializers.serialize(self.b_initializer),
            "a_regularizer": keras.regularizers.serialize(self.a_regularizer),
            "b_regularizer": keras.regularizers.serialize(self.b_regularizer),
        }
