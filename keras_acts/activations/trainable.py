"""Functional forms of the trainable activations (their parameters are tensors)."""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts._native import jit_function, torch_prelu
from keras_acts.activations._base import as_float


@jit_function
def prelu(x: Any, alpha: Any, axis: int = -1) -> Any:
    """Parametric ReLU with a given slope tensor.

    Formula:
    ```
    prelu(x) = x          if x > 0
             = alpha * x  otherwise
    ```

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

    Reference:
        - [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Equivalents: `torch.nn.functional.prelu` (with `axis=1`), `keras.layers.PReLU`.
    """
    x = as_float(x)
    y = torch_prelu(x, alpha, axis)
    if y is not None:
        return y
    alpha = ops.cast(ops.convert_to_tensor(alpha), x.dtype)
    if len(alpha.shape) == 1 and len(x.shape) > 1:
        shape = [1] * len(x.shape)
        shape[axis] = -1
        alpha = ops.reshape(alpha, shape)
    positive = x > 0
    # Double where: `alpha`'s gradient from the branch not taken would be 0 * x, NaN for x = +inf.
    x_neg = ops.where(positive, ops.zeros_like(x), x)
    return ops.where(positive, x, x_neg * alpha)
