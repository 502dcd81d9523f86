"""Layers of the activations that act along an axis (`keras_acts.activations.normalizers`).

Each names its function; constructor, validation, defaults, config and docstring come
from the function's declaration (`keras_acts.layers._base.ActivationLayer`).
"""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts.activations import normalizers as fn
from keras_acts.activations._base import as_float
from keras_acts.layers._base import ActivationLayer
from keras_acts.layers.glu_variants import HalvingLayer


def keras_mask(mask: Any, inputs: Any) -> Any:
    """`mask` as a boolean tensor, checked as `keras.layers.Softmax` checks it: it must
    broadcast against `inputs` with no more dimensions; a non-boolean mask keeps the
    entries `> 0.5`."""
    mask = ops.convert_to_tensor(mask)
    if len(mask.shape) > len(inputs.shape) or any(
        m is not None and i is not None and m not in (1, i)
        for m, i in zip(mask.shape[::-1], inputs.shape[::-1], strict=False)
    ):
        raise ValueError(
            "The `mask` must be broadcastable to `inputs`: each mask dimension 1 or the "
            f"input's, and no more dimensions. Received: inputs.shape={tuple(inputs.shape)}, "
            f"mask.shape={tuple(mask.shape)}"
        )
    if keras.backend.standardize_dtype(mask.dtype) != "bool":
        mask = ops.greater(mask, ops.cast(0.5, mask.dtype))
    return mask


def large_negative(dtype: Any) -> float:
    """`keras.layers.Softmax`'s fill value for masked logits: -3e4 in float16, else -1e9."""
    return -3e4 if keras.backend.standardize_dtype(dtype) == "float16" else -1e9


class MaskedNormalizer:
    """`call(inputs, mask=None)` with `keras.layers.Softmax`'s masking, for the softmax
    family's layers.

    Where `mask` is False (or `<= 0.5`), the logits are replaced by a large negative
    number (`-1e9`, `-3e4` in float16; softmin: that number's negative) before the
    function runs, and the output is replaced by `masked_value` (0: a fully masked slice
    gives zeros, not a uniform distribution; log-softmax: `-inf`, the log of 0). The mask
    broadcasts against the input (an attention mask `(batch, 1, q, k)` against scores
    `(batch, heads, q, k)`); the layer passes it on (`supports_masking`), as Keras's does.
    """

    fill_sign: float = 1.0
    masked_value: float = 0.0

    @property
    def supports_masking(self) -> bool:
        return True

    @supports_masking.setter
    def supports_masking(self, value: bool) -> None:
        pass  # always: the mask is taken, then passed on

    def masked_call(self, inputs: Any, mask: Any, call: Any) -> Any:
        if mask is None:
            return call(inputs)
        x = as_float(inputs)
        mask = keras_mask(mask, x)
        fill = ops.cast(self.fill_sign * large_negative(x.dtype), x.dtype)
        y = call(ops.where(mask, x, fill))
        return ops.where(mask, y, ops.cast(self.masked_value, y.dtype))

    def call(self, inputs: Any, mask: Any = None) -> Any:
        return self.masked_call(inputs, mask, self._function)

    def _function(self, inputs: Any) -> Any:
        # The hyper-parameters that differ from the defaults only: the function's call
        # with `x` alone is its own compiled program on JAX (the same one as
        # `keras_acts.<name>(x)`, to the last bit).
        layer: Any = self
        defaults = layer.declaration.defaults
        params = {
            k: v for k, v in layer.params.items() if not (type(v) is type(defaults[k]) and v == defaults[k])
        }
        return type(layer).function(inputs, **params)


class Softmax(MaskedNormalizer, ActivationLayer):
    """Takes `mask=` as `keras.layers.Softmax` does (masked positions get 0).

    Layer equivalents: `torch.nn.Softmax(dim=axis)`, `keras.layers.Softmax`.
    """

    function = staticmethod(fn.softmax)


class LogSoftmax(MaskedNormalizer, ActivationLayer):
    """Takes `mask=` with `keras.layers.Softmax`'s semantics: masked positions get `-inf`
    (the log of the masked softmax's 0).

    Layer equivalent: `torch.nn.LogSoftmax(dim=axis)`.
    """

    function = staticmethod(fn.log_softmax)
    masked_value = float("-inf")


class Softmin(MaskedNormalizer, ActivationLayer):
    """Takes `mask=` with `keras.layers.Softmax`'s semantics (masked positions get 0).

    Layer equivalent: `torch.nn.Softmin(dim=axis)`.
    """

    function = staticmethod(fn.softmin)
    fill_sign = -1.0


class Sparsemax(MaskedNormalizer, ActivationLayer):
    """Takes `mask=` with `keras.layers.Softmax`'s semantics (masked positions get 0).

    Layer equivalent: TF Addons' `tfa.layers.Sparsemax` (tf.keras only).
    """

    function = staticmethod(fn.sparsemax)


class GLU(HalvingLayer):
    """Layer equivalent: `torch.nn.GLU(dim=axis)` (mind the axis: PyTorch is channels-first)."""

    function = staticmethod(fn.glu)
