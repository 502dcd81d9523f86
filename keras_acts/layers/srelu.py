"""S-shaped rectified linear unit with learned thresholds and slopes."""

from __future__ import annotations

from functools import partial
from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations import learnable
from keras_acts.layers._weights import Weight, WeightLayer, checks, initializer, one_of


@keras.saving.register_keras_serializable(package="keras_acts")
class SReLU(WeightLayer):
    """S-shaped ReLU: three linear pieces with learned thresholds and outer slopes.

    Formula:
    ```
    srelu(x) = t_right + a_right * (x - t_right)   if x >= t_right
             = x                                   if t_left < x < t_right
             = t_left + a_left * (x - t_left)      if x <= t_left
    ```

    One `(t_left, a_left, t_right, a_right)` per channel (`mode="channel"`, the paper's)
    or per layer (`"shared"`). The weights are the paper's four parameters themselves;
    the function is evaluated as a sum of hinges (see `keras_acts.activations.learnable.srelu`),
    which stays continuous if training moves `t_right` below `t_left`.

    Initialisation: keras-contrib's `SReLU` defaults, `t_left = 0`,
    `a_left ~ U(0, 1)`, `t_right ~ U(0, 5)`, `a_right = 1` (the paper instead trains
    the first epochs as a frozen leaky ReLU and then learns the thresholds, a schedule
    left to the user: set `layer.trainable` or the weights). Unlike keras-contrib's, the
    config holds every argument.

    Args:
        mode: `"shared"` or `"channel"`. Defaults to `"channel"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        t_left_initializer: Initializer for `t_left`, or `None` for zeros.
        a_left_initializer: Initializer for `a_left`, or `None` for `U(0, 1)`.
        t_right_initializer: Initializer for `t_right`, or `None` for `U(0, 5)`.
        a_right_initializer: Initializer for `a_right`, or `None` for ones.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Jin et al., 2016](https://arxiv.org/abs/1512.07030)

    Equivalents: `keras_contrib.layers.SReLU` (Keras 2; it stores `t_right - t_left`
    as `|w|` instead of `t_right`).
    """

    function = staticmethod(learnable.srelu)
    arguments = checks(
        mode=one_of("shared", "channel"),
        axis=_validate.axis,
        # keras-contrib's defaults.
        t_left_initializer=initializer(keras.initializers.Zeros),
        a_left_initializer=initializer(partial(keras.initializers.RandomUniform, minval=0.0, maxval=1.0)),
        t_right_initializer=initializer(partial(keras.initializers.RandomUniform, minval=0.0, maxval=5.0)),
        a_right_initializer=initializer(keras.initializers.Ones),
    )
    declared_weights = tuple(
        Weight(name, init=f"{name}_initializer") for name in ("t_left", "a_left", "t_right", "a_right")
    )

    def __init__(
        self,
        mode: str = "channel",
        axis: int = -1,
        t_left_initializer: Any = None,
        a_left_initializer: Any = None,
        t_right_initializer: Any = None,
        a_right_initializer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "mode": mode,
                "axis": axis,
                "t_left_initializer": t_left_initializer,
                "a_left_initializer": a_left_initializer,
                "t_right_initializer": t_right_initializer,
                "a_right_initializer": a_right_initializer,
            },
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return learnable.srelu(inputs, self.t_left, self.a_left, self.t_right, self.a_right, axis=self.axis)
