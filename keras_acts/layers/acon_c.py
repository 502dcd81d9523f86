"""ACON-C with learned switching factor beta."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations.learnable import acon_c
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import check_mode, initializer, parameter_shape


@keras.saving.register_keras_serializable(package="keras_acts")
class AconC(BaseLayer):
    """ACON-C ("activate or not"): a learned smooth switch between `p1 x` and `p2 x`.

    Formula:
    ```
    acon_c(x) = (p1 - p2) * x * sigmoid(beta * (p1 - p2) * x) + p2 * x
    ```

    `p1`, `p2` and `beta` are learned per channel (`mode="channel"`, the paper's) or
    shared. Initialisation as in the authors' code: `p1, p2 ~ N(0, 1)`, `beta = 1`.

    Args:
        mode: `"shared"` or `"channel"`. Defaults to `"channel"`.
        axis: Integer, the channel axis (`1` for channels-first images, as in the
            authors' PyTorch code). Defaults to `-1`.
        p1_initializer: Initializer for `p1`, or `None` for `N(0, 1)`.
        p2_initializer: Initializer for `p2`, or `None` for `N(0, 1)`.
        beta_initializer: Initializer for `beta`, or `None` for ones.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Ma et al., 2021](https://arxiv.org/abs/2009.04759)

    Equivalents: `AconC` in the authors' repository (github.com/nmaac/acon, PyTorch,
    NCHW) and in ultralytics' YOLOv5 `utils/activations.py`.
    """

    def __init__(
        self,
        mode: str = "channel",
        axis: int = -1,
        p1_initializer: Any = None,
        p2_initializer: Any = None,
        beta_initializer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.mode = check_mode(mode, ("shared", "channel"))
        self.axis = _validate.axis("axis", axis)
        self.p1_initializer = initializer(
            "p1_initializer", p1_initializer, keras.initializers.RandomNormal(stddev=1.0)
        )
        self.p2_initializer = initializer(
            "p2_initializer", p2_initializer, keras.initializers.RandomNormal(stddev=1.0)
        )
        self.beta_initializer = initializer("beta_initializer", beta_initializer, keras.initializers.Ones())
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = parameter_shape(input_shape, self.mode, self.axis)
        self.p1 = self.add_weight(name="p1", shape=shape, initializer=self.p1_initializer)
        self.p2 = self.add_weight(name="p2", shape=shape, initializer=self.p2_initializer)
        self.beta = self.add_weight(name="beta", shape=shape, initializer=self.beta_initializer)

    def call(self, inputs: Any) -> Any:
        return acon_c(inputs, self.p1, self.p2, self.beta, axis=self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "mode": self.mode,
            "axis": self.axis,
            "p1_initializer": keras.initializers.serialize(self.p1_initializer),
            "p2_initializer": keras.initializers.serialize(self.p2_initializer),
            "beta_initializer": keras.initializers.serialize(self.beta_initializer),
        }
