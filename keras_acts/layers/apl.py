"""Adaptive piecewise linear unit: ReLU plus learned hinges."""

from __future__ import annotations

from functools import partial
from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations import learnable
from keras_acts.layers._weights import (
    PER_MODE,
    Weight,
    WeightLayer,
    checks,
    initializer,
    int_in_range,
    one_of,
    regularizer,
)

MAX_HINGES = 100
"""The largest `num_hinges`: each hinge is a term of the sum, computed over the whole
input (the paper uses 1 to 10)."""


@keras.saving.register_keras_serializable(package="keras_acts")
class APL(WeightLayer):
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
        num_hinges: Integer in `[1, 100]`, `S`. Defaults to `5` (the authors' example).
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

    function = staticmethod(learnable.apl)
    arguments = checks(
        num_hinges=int_in_range(1, MAX_HINGES),
        mode=one_of("shared", "channel"),
        axis=_validate.axis,
        a_initializer=initializer(partial(keras.initializers.RandomUniform, minval=-0.2, maxval=0.2)),
        b_initializer=initializer(partial(keras.initializers.RandomNormal, stddev=0.5)),
        a_regularizer=regularizer,
        b_regularizer=regularizer,
    )
    declared_weights = (
        Weight("a", init="a_initializer", shape=("num_hinges", PER_MODE), regularizer="a_regularizer"),
        Weight("b", init="b_initializer", shape=("num_hinges", PER_MODE), regularizer="b_regularizer"),
    )

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
        super().__init__(
            {
                "num_hinges": num_hinges,
                "mode": mode,
                "axis": axis,
                "a_initializer": a_initializer,
                "b_initializer": b_initializer,
                "a_regularizer": a_regularizer,
                "b_regularizer": b_regularizer,
            },
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return learnable.apl(inputs, self.a, self.b, axis=self.axis)
