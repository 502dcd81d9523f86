"""Functional forms of the trainable activations (their parameters are tensors)."""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts._axes import channel_broadcast
from keras_acts._catalog import Baseline, activation
from keras_acts.activations._base import nan_at_nan, with_derivative
from keras_acts.types import Tensor, TensorLike


@activation(
    family="trainable",
    formula=r"\begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \ \alpha \text{ learned}",
    reference="He et al. 2015, https://arxiv.org/abs/1502.01852",
    torch="torch.nn.functional.prelu (channel axis 1) / torch.nn.PReLU",
    keras="keras.layers.PReLU",
    timm="timm.layers.activations.PReLU",
    bench=Baseline(params={"alpha": 0.25}, torch="torch.nn.functional.prelu(x, x.new_tensor([0.25]))"),
    slower={
        "torch": "F.prelu, plus a one-element weight tensor made per call for a Python-number alpha "
        "and, where a gradient is recorded, one sum over x read back (with NaN: two more kernels)",
        "": "double where (alpha's gradient stays finite next to +inf inputs)",
    },
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
    # Only x and alpha kept for the backward pass, as F.prelu keeps.
    return with_derivative(x, _prelu_value, _prelu_derivative, alpha)


def _prelu_value(t: Any, alpha: Any) -> Any:
    positive = t > 0
    # Double where: `alpha`'s gradient from the branch not taken would be 0 * x, NaN for x = +inf.
    t_neg = ops.where(positive, ops.zeros_like(t), t)
    return ops.where(positive, t, t_neg * alpha)


def _prelu_derivative(t: Any, alpha: Any) -> Any:
    """1 for `x > 0`, alpha for `x <= 0` (PyTorch's at 0), NaN at NaN (keras-acts' rule;
    the comparison fails there, which would pick alpha)."""
    ones = ops.ones_like(t)
    return nan_at_nan(ops.where(t > 0, ones, ones * alpha), t)
