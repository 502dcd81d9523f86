"""S-shaped rectified linear unit with learned thresholds and slopes."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations.learnable import srelu
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import check_mode, initializer, parameter_shape


def _default_initializer(name: str) -> keras.initializers.Initializer:
    """keras-contrib's defaults."""
    if name == "t_left":
        return keras.initializers.Zeros()
    if name == "a_left":
        return keras.initializers.RandomUniform(minval=0.0, maxval=1.0)
    if name == "t_right":
        return keras.initializers.RandomUniform(minval=0.0, maxval=5.0)
    return keras.initializers.Ones()


_NAMES = ("t_left", "a_left", "t_right", "a_right")


@keras.saving.register_keras_serializable(package="keras_acts")
class SReLU(BaseLayer):
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
        super().__init__(**kwargs)
        self.mode = check_mode(mode, ("shared", "channel"))
        self.axis = _validate.axis("axis", axis)
        given = (t_left_initializer, a_left_initializer, t_right_initializer, a_right_initializer)
        self.initializers = {
            name: initializer(f"{name}_initializer", init, _default_initializer(name))
            for name, init in zip(_NAMES, given, strict=True)
        }
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = parameter_shape(input_shape, self.mode, self.axis)
        for name in _NAMES:
            setattr(self, name, self.add_weight(name=name, shape=shape, initializer=self.initializers[name]))

    def call(self, inputs: Any) -> Any:
        return srelu(inputs, self.t_left, self.a_left, self.t_right, self.a_right, axis=self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "mode": self.mode,
            "axis": self.axis,
            **{
                f"{name}_initializer": keras.initializers.serialize(self.initializers[name])
                for name in _NAMES
            },
        }
