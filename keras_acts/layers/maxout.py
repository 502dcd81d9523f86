"""Maxout over groups of features."""

from __future__ import annotations

from typing import Any

from keras_acts._axes import check_axis
from keras_acts.activations import learnable as fn
from keras_acts.layers._base import ActivationLayer, mask_across_axis


class Maxout(ActivationLayer):
    """The layer has no weights of its own: put it after a `Dense` / convolution with
    `num_units * k` outputs (the paper's maxout unit).

    The input's size along `axis` must be known when the layer sees its input (a
    `keras.Input` with `None` there is rejected, on purpose): the groups of `k`
    consecutive features are fixed when the model is built, and a size that changes
    from batch to batch would silently regroup the features that the preceding layer's
    weights learned for. A mask of the other axes (e.g. `(batch, steps)` with
    `axis=-1`) is passed on; a mask covering `axis` is dropped with a warning.

    Layer equivalent: `tfa.layers.Maxout(num_units, axis)` (TensorFlow Addons; it groups
    strided features `i, i + num_units, ...` instead of consecutive ones).
    """

    function = staticmethod(fn.maxout)
    masks_across_axis = True

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        return mask_across_axis(self, inputs, previous_mask, self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        axis = check_axis(self.axis, len(shape)) % max(len(shape), 1)
        fn.check_maxout_size(self.num_units, shape[axis], axis)
        shape[axis] = self.num_units
        return tuple(shape)
