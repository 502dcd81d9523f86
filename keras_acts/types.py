"""The type aliases of keras-acts' public API.

`Tensor` is what the functions return: a tensor of the current backend (`torch.Tensor`,
`jax.Array`, `tf.Tensor`), or a `keras.KerasTensor` when called on a symbolic input.
`TensorLike` is what they take: any of those, a `keras.Variable`, a NumPy array, or a
nested sequence of numbers (converted with `keras.ops.convert_to_tensor`).

The backend packages are imported for type checkers only: annotations name them, the
runtime does not need them installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

import keras
import numpy as np

if TYPE_CHECKING:
    import jax
    import tensorflow as tf
    import torch

Tensor = Union[
    "torch.Tensor", "jax.Array", "tf.Tensor", keras.KerasTensor
]  # (forward references: no `|` at run time)
"""A tensor of the current backend, or a symbolic `keras.KerasTensor`."""

TensorLike = Union[Tensor, keras.Variable, np.ndarray, np.generic, float, int, Sequence]  # noqa: UP007
"""What a keras-acts function accepts as its input tensor."""

__all__ = ["Tensor", "TensorLike"]
