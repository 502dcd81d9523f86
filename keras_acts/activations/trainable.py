"""Functional forms of the trainable activations (their parameters are tensors)."""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts._axes import channel_broadcast
from keras_acts._catalog import activation
from keras_acts.types import Tensor, TensorLike


@activation(
    family="trainable",
    formula=r"\begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \ \alpha \text{ learned}",
    reference="He et al. 2015, https://arxiv.org/abs/1502.01852",
    torch="torch.nn.functional.prelu (channel axis 1) / torch.nn.PReLU",
    keras="keras.layers.PReLU",
)
def prelu(x: TensorLike, alpha: Any, axis: int = -1) -> Tensor:
    """Parametric ReLU with a given slope tensor.

    The gradient at `x = 0` is `alpha` (as in PyTorch). `keras_acts.layers.PReLU`
    learns `alpha`.

    Args:
        x: Input tensor.
        alpha: A scalar, a 1-D tensor with one slope per channel along `axis`, or a
            tensor that broadcasts against `x`.
        axis: Integer, the channel axis for a 1-D `alpha`. Defaults to `-1` (PyTorch's
            `F.prelu` uses axis 1, channels first).

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    alpha = ops.cast(channel_broadcast(alpha, len(x.shape), axis), x.dtype)
    positive = x > 0
    # Double where: `alpha`'s gradient from the branch not taken would be 0 * x, NaN for x = +inf.
    x_neg = ops.where(positive, ops.zeros_like(x), x)
    return ops.where(positive, x, x_neg * alpha)
