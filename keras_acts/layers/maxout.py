"""Maxout over groups of features."""

from __future__ import annotations

from keras_acts._axes import check_axis
from keras_acts.activations import learnable as fn
from keras_acts.layers._base import ActivationLayer


class Maxout(ActivationLayer):
    """The layer has no weights of its own: put it after a `Dense` / convolution with
    `num_units * k` outputs (the paper's maxout unit). The input's size along `axis` must
    be known (checked when the layer sees its input): the groups are fixed when the model
    is built.

    Layer equivalent: `tfa.layers.Maxout(num_units, axis)` (TensorFlow Addons; it groups
    strided features `i, i + num_units, ...` instead of consecutive ones).
    """

    function = staticmethod(fn.maxout)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        axis = check_axis(self.axis, len(shape)) % max(len(shape), 1)
        fn.check_maxout_size(self.num_units, shape[axis], axis)
        shape[axis] = self.num_units
        return tuple(shape)
