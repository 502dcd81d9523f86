"""ACON-C with learned switching factor beta."""

from __future__ import annotations

from functools import partial
from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations import learnable
from keras_acts.layers._weights import Weight, WeightLayer, checks, initializer, one_of


@keras.saving.register_keras_serializable(package="keras_acts")
class AconC(WeightLayer):
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

    function = staticmethod(learnable.acon_c)
    arguments = checks(
        mode=one_of("shared", "channel"),
        axis=_validate.axis,
        p1_initializer=initializer(partial(keras.initializers.RandomNormal, stddev=1.0)),
        p2_initializer=initializer(partial(keras.initializers.RandomNormal, stddev=1.0)),
        beta_initializer=initializer(keras.initializers.Ones),
    )
    declared_weights = (
        Weight("p1", init="p1_initializer"),
        Weight("p2", init="p2_initializer"),
        Weight("beta", init="beta_initializer"),
    )

    def __init__(
        self,
        mode: str = "channel",
        axis: int = -1,
        p1_initializer: Any = None,
        p2_initializer: Any = None,
        beta_initializer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "mode": mode,
                "axis": axis,
                "p1_initializer": p1_initializer,
                "p2_initializer": p2_initializer,
                "beta_initializer": beta_initializer,
            },
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return learnable.acon_c(inputs, self.p1, self.p2, self.beta, axis=self.axis)
