"""Weight constraints used by the learnable activation layers."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts import _validate


@keras.saving.register_keras_serializable(package="keras_acts")
class MinValue(keras.constraints.Constraint):
    """Clips a weight from below after each update: `w <- max(w, min_value)`.

    Args:
        min_value: Finite float, the smallest allowed value.
    """

    def __init__(self, min_value: float = 0.1) -> None:
        self.min_value = _validate.number("min_value", min_value)

    def __call__(self, w: Any) -> Any:
        w = ops.convert_to_tensor(w)
        return ops.maximum(w, ops.cast(self.min_value, w.dtype))

    def get_config(self) -> dict[str, Any]:
        return {"min_value": self.min_value}
