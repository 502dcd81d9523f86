"""Meta-ACON-C: ACON-C whose switching factor is computed from the input."""

from __future__ import annotations

from functools import partial
from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._catalog import layer_activation
from keras_acts.activations import learnable
from keras_acts.layers._weights import CHANNELS, Weight, WeightLayer, checks, initializer, int_in_range

MAX_R = 1024
"""The largest reduction ratio `r`: the hidden width is at least `r`, so the two kernels
hold at least `2 * C * r` weights (the paper uses 16)."""


@layer_activation(
    name="meta_acon_c",
    family="learnable",
    formula=r"(p_1 - p_2) x \, \sigma\left(\beta(x) (p_1 - p_2) x\right) + p_2 x, \ \beta(x) = \sigma\left(W_2 (W_1 \bar{x} + c_1) + c_2\right)",
    reference="Ma et al. 2021, https://arxiv.org/abs/2009.04759",
)
@keras.saving.register_keras_serializable(package="keras_acts")
class MetaAconC(WeightLayer):
    """Meta-ACON-C: ACON-C with `beta` generated per sample and channel by a small network.

    Formula:
    ```
    beta = sigmoid(W2 (W1 mean_spatial(x) + c1) + c2)        # shape (batch, C)
    meta_acon_c(x) = (p1 - p2) * x * sigmoid(beta * (p1 - p2) * x) + p2 * x
    ```

    `mean_spatial` averages over every axis but the batch and channel axes (a 2-D input
    `(batch, C)` is used as it is). `W1` maps `C` channels to `max(r, C // r)` (the
    hidden width of the authors' code, at least `r`) and `W2` back to `C`, both with
    biases, as the 1x1 convolutions of the paper's channel-wise network. The authors'
    code also has BatchNorm after each of the two layers; this layer does not (as the
    paper's formula and ultralytics' port), so it has no batch statistics and behaves
    the same in training and inference.

    Initialisation: `p1, p2 ~ N(0, 1)` (the authors'), kernels Glorot-uniform, biases 0.

    Args:
        r: Integer in `[1, 1024]`, the reduction ratio of the hidden layer. Defaults
            to `16`.
        axis: Integer, the channel axis (`1` for channels-first). Defaults to `-1`.
        p1_initializer: Initializer for `p1`, or `None` for `N(0, 1)`.
        p2_initializer: Initializer for `p2`, or `None` for `N(0, 1)`.
        kernel_initializer: Initializer for the two kernels, or `None` for
            `"glorot_uniform"`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Ma et al., 2021](https://arxiv.org/abs/2009.04759)

    Equivalents: `MetaAconC` in the authors' repository (github.com/nmaac/acon, PyTorch,
    NCHW, with BatchNorm) and in ultralytics' YOLOv5 `utils/activations.py` (without).
    """

    arguments = checks(
        r=int_in_range(1, MAX_R),
        axis=_validate.axis,
        p1_initializer=initializer(partial(keras.initializers.RandomNormal, stddev=1.0)),
        p2_initializer=initializer(partial(keras.initializers.RandomNormal, stddev=1.0)),
        kernel_initializer=initializer("glorot_uniform"),
    )
    declared_weights = (
        Weight("p1", init="p1_initializer", shape=(CHANNELS,)),
        Weight("p2", init="p2_initializer", shape=(CHANNELS,)),
        Weight("fc1_kernel", init="kernel_initializer", shape=(CHANNELS, "hidden_units")),
        Weight("fc1_bias", init=keras.initializers.Zeros(), shape=("hidden_units",)),
        Weight("fc2_kernel", init="kernel_initializer", shape=("hidden_units", CHANNELS)),
        Weight("fc2_bias", init=keras.initializers.Zeros(), shape=(CHANNELS,)),
    )

    def __init__(
        self,
        r: int = 16,
        axis: int = -1,
        p1_initializer: Any = None,
        p2_initializer: Any = None,
        kernel_initializer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "r": r,
                "axis": axis,
                "p1_initializer": p1_initializer,
                "p2_initializer": p2_initializer,
                "kernel_initializer": kernel_initializer,
            },
            **kwargs,
        )

    def hidden_units(self, channels: int) -> int:
        """The hidden width for `channels` channels: `max(r, channels // r)`."""
        return max(self.r, channels // self.r)

    def compute_beta(self, inputs: Any) -> Any:
        """The switching factor, shaped to broadcast against `inputs`."""
        rank = len(inputs.shape)
        axis = self.axis % rank
        x = ops.cast(inputs, "float32")
        spatial = tuple(i for i in range(1, rank) if i != axis)
        pooled = ops.mean(x, axis=spatial) if spatial else x
        hidden = ops.matmul(pooled, ops.cast(self.fc1_kernel, "float32")) + ops.cast(self.fc1_bias, "float32")
        logits = ops.matmul(hidden, ops.cast(self.fc2_kernel, "float32")) + ops.cast(self.fc2_bias, "float32")
        shape = [1] * rank
        shape[0] = -1
        shape[axis] = int(inputs.shape[axis])
        return ops.reshape(ops.sigmoid(logits), shape)

    def call(self, inputs: Any) -> Any:
        return learnable.acon_c(inputs, self.p1, self.p2, self.compute_beta(inputs), axis=self.axis)
