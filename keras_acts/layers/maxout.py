"""Maxout over groups of features."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts.activations import learnable as fn
from keras_acts.layers._base import ActivationLayer


@keras.saving.register_keras_serializable(package="keras_acts")
class Maxout(ActivationLayer):
    """Maxout: the maximum over `num_units` groups of consecutive features along `axis`.

    Formula (`k = size(axis) / num_units`):
    ```
    maxout(x)_i = max_{j < k} x_{i k + j},   i = 0 .. num_units - 1
    ```

    The layer form of `keras_acts.maxout`. It has no weights of its own: put it after a
    `Dense` / convolution with `num_units * k` outputs (the paper's maxout unit).

    Args:
        num_units: Integer >= 1, the number of outputs along `axis`; must divide the
            input's size there (checked when the layer sees its input).
        axis: Integer, the feature axis. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Goodfellow et al., 2013](https://arxiv.org/abs/1302.4389)

    Equivalents: `tfa.layers.Maxout(num_units, axis)` (TensorFlow Addons; it groups
    strided features `i, i + num_units, ...` instead of consecutive ones).
    """

    function = staticmethod(fn.maxout)
    check = staticmethod(fn.check_maxout)
    elementwise = False

    def __init__(self, num_units: int, axis: int = -1, **kwargs: Any) -> None:
        super().__init__({"num_units": num_units, "axis": axis}, **kwargs)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        rank = len(shape)
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Argument `axis` must be in [{-rank}, {rank - 1}] for an input of rank {rank}. "
                f"Received: axis={self.axis}"
            )
        axis = self.axis % rank
        fn.check_maxout_size(self.num_units, shape[axis], axis)
        shape[axis] = self.num_units
        return tuple(shape)
