"""Meta-ACON-C: ACON-C whose switching factor is computed from the input."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts.activations.learnable import acon_c
from keras_acts.layers._base import BaseLayer
from keras_acts.layers._params import initializer, parameter_shape


@keras.saving.register_keras_serializable(package="keras_acts")
class MetaAconC(BaseLayer):
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
        r: Integer >= 1, the reduction ratio of the hidden layer. Defaults to `16`.
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

    def __init__(
        self,
        r: int = 16,
        axis: int = -1,
        p1_initializer: Any = None,
        p2_initializer: Any = None,
        kernel_initializer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.r = _validate.positive_int("r", r)
        self.axis = _validate.axis("axis", axis)
        self.p1_initializer = initializer(
            "p1_initializer", p1_initializer, keras.initializers.RandomNormal(stddev=1.0)
        )
        self.p2_initializer = initializer(
            "p2_initializer", p2_initializer, keras.initializers.RandomNormal(stddev=1.0)
        )
        self.kernel_initializer = initializer("kernel_initializer", kernel_initializer, "glorot_uniform")

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        (channels,) = parameter_shape(input_shape, "channel", self.axis)
        hidden = max(self.r, channels // self.r)
        self.p1 = self.add_weight(name="p1", shape=(channels,), initializer=self.p1_initializer)
        self.p2 = self.add_weight(name="p2", shape=(channels,), initializer=self.p2_initializer)
        self.fc1_kernel = self.add_weight(
            name="fc1_kernel", shape=(channels, hidden), initializer=self.kernel_initializer
        )
        self.fc1_bias = self.add_weight(name="fc1_bias", shape=(hidden,), initializer="zeros")
        self.fc2_kernel = self.add_weight(
            name="fc2_kernel", shape=(hidden, channels), initializer=self.kernel_initializer
        )
        self.fc2_bias = self.add_weight(name="fc2_bias", shape=(channels,), initializer="zeros")

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
        return acon_c(inputs, self.p1, self.p2, self.compute_beta(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "r": self.r,
            "axis": self.axis,
            "p1_initializer": keras.initializers.serialize(self.p1_initializer),
            "p2_initializer": keras.initializers.serialize(self.p2_initializer),
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        }
