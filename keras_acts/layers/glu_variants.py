"""Layers of the GLU variants (`keras_acts.activations.glu_variants`), and their base, shared with
`keras_acts.layers.GLU`: a layer whose output is half its input along `axis`."""

from __future__ import annotations

from typing import Any

from keras_acts.activations import glu_variants as fn
from keras_acts.layers._base import ActivationLayer, mask_across_axis


class HalvingLayer(ActivationLayer):
    """A layer of an activation that splits its input in two halves along `axis`.

    A mask of the other axes (e.g. `(batch, steps)` with `axis=-1`) is passed on; a mask
    covering `axis` is dropped with a warning (the halves mix those positions).
    """

    masks_across_axis = True

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        return mask_across_axis(self, inputs, previous_mask, self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        size = shape[self.axis]
        if size is not None:
            if size % 2:
                raise ValueError(
                    "The size of the input along `axis` must be even. "
                    f"Received: axis={self.axis}, input_shape={tuple(input_shape)}"
                )
            shape[self.axis] = size // 2
        return tuple(shape)


class SwiGLU(HalvingLayer):
    """Layer equivalents: none in PyTorch or Keras (LLaMA's `FeedForward` computes
    `w2(silu(w1(x)) * w3(x))`: `keras_acts.swiglu(gate, up)` is its middle)."""

    function = staticmethod(fn.swiglu)


class GeGLU(HalvingLayer):
    """Layer equivalents: none in PyTorch or Keras."""

    function = staticmethod(fn.geglu)


class ReGLU(HalvingLayer):
    """Layer equivalents: none in PyTorch or Keras."""

    function = staticmethod(fn.reglu)


class Bilinear(HalvingLayer):
    """Layer equivalents: none in PyTorch or Keras (`torch.nn.Bilinear` is another thing:
    a bilinear form with weights)."""

    function = staticmethod(fn.bilinear)
