"""Activations that act along an axis: softmax, log-softmax, softmin, GLU, sparsemax."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._catalog import activation
from keras_acts.activations._base import elementwise, max_finite

# JAX's and PyTorch's softmax kernels already make a slice holding a NaN all NaN (the
# slice's max is NaN); TensorFlow's CPU kernel does not.
_SOFTMAX_KEEPS_NAN = keras.backend.backend() in ("jax", "torch")


def _softmax_nan(out: Any, x: Any, axis: int) -> Any:
    """`_propagate_nan` for the backend's softmax / log-softmax, where it is needed."""
    return out if _SOFTMAX_KEEPS_NAN else _propagate_nan(out, x, axis)


def _propagate_nan(out: Any, x: Any, axis: int) -> Any:
    """Makes every slice of `out` along `axis` NaN where that slice of `x` holds a NaN.

    TensorFlow's softmax on the CPU (oneDNN) does not propagate NaN along the slice.
    The NaN is made as `sqrt(-count)` (`-0.0` for a count of 0, so other slices are
    unchanged), not from a NaN constant in a `where`, which tf2onnx's rewrite of
    `where` into arithmetic would spread to every element.
    """
    nan_count = ops.sum(ops.cast(ops.isnan(x), out.dtype), axis=axis, keepdims=True)
    return out + ops.stop_gradient(ops.sqrt(-nan_count))


@activation(
    family="normalizer",
    formula=r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
    reference="Bridle 1990, https://doi.org/10.1007/978-3-642-76153-9_28",
    torch="torch.softmax (dim=axis)",
    jax="jax.nn.softmax",
    keras="keras.activations.softmax",
    checks={"axis": _validate.axis},
    axis="axis",
)
def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax along `axis`.

    Entries of `-inf` (masked) get probability 0.

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` sum to 1.
    """
    return elementwise(lambda t: _softmax_nan(ops.softmax(t, axis=axis), t, axis), x)


@activation(
    family="normalizer",
    formula=r"x_i - \log \sum_j e^{x_j}",
    torch="torch.log_softmax (dim=axis)",
    jax="jax.nn.log_softmax",
    keras="keras.activations.log_softmax",
    aliases=("logsoftmax",),
    checks={"axis": _validate.axis},
    axis="axis",
)
def log_softmax(x: Any, axis: int = -1) -> Any:
    """Logarithm of the softmax along `axis`, computed stably.

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(lambda t: _softmax_nan(ops.log_softmax(t, axis=axis), t, axis), x)


@activation(
    family="normalizer",
    formula=r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
    torch="torch.nn.functional.softmin (dim=axis)",
    checks={"axis": _validate.axis},
    axis="axis",
)
def softmin(x: Any, axis: int = -1) -> Any:
    """Softmin along `axis`, `softmax(-x)`.

    Args:
        x: Input tensor.
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` sum to 1.
    """
    return elementwise(lambda t: _softmax_nan(ops.softmax(-t, axis=axis), t, axis), x)


def _even_along_axis(x: Any, axis: int) -> None:
    size = x.shape[axis]
    if size is not None and size % 2:
        raise ValueError(
            "The size of `x` along `axis` must be even to split it in two halves. "
            f"Received: axis={axis}, size along axis={size}, shape={tuple(x.shape)}"
        )


@activation(
    family="gated",
    formula=r"a \otimes \sigma(b), \quad (a, b) = \operatorname{split}(x, 2)",
    reference="Dauphin et al. 2017, https://arxiv.org/abs/1612.08083",
    torch="torch.nn.functional.glu (dim=axis)",
    jax="jax.nn.glu",
    keras="keras.activations.glu",
    checks={"axis": _validate.axis},
    axis="axis",
    check_input=_even_along_axis,
)
def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: the first half of `x` along `axis` gated by the second.

    `a * sigmoid(b)`, the sigmoid on the second half, as `torch.nn.functional.glu`; the
    variants `swiglu`, `geglu`, `reglu` put their activation on the first half.

    Args:
        x: Input tensor; its size along `axis` must be even.
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis`.
    """

    def fn(t: Any) -> Any:
        a, b = ops.split(t, 2, axis=axis)
        return a * ops.sigmoid(b)

    return elementwise(fn, x)


def _sparsemax_last(z: Any) -> Any:
    """Sparsemax along the last axis (sort-based, Martins & Astudillo 2016, Alg. 1).

    The logits are first shifted by their largest finite value (sparsemax is
    shift-invariant): the support then holds values near 0, where the threshold `tau`
    is exact to float precision, instead of values near `max(z)`, whose rounding
    (an ulp of 257 is 3e-5 in float32) would leave the result off the simplex.
    """
    n = z.shape[-1]
    if any(d == 0 for d in z.shape):
        return z  # no entries: nothing to normalise (torch's max of an empty tensor is an error)
    z = z - ops.stop_gradient(max_finite(z, axis=-1))
    z_sorted = ops.flip(ops.sort(z, axis=-1), axis=-1)
    cumsum = ops.cumsum(z_sorted, axis=-1)
    k = ops.cast(ops.arange(1, n + 1), z.dtype)
    in_support = 1.0 + k * z_sorted > cumsum
    support_size = ops.sum(ops.cast(in_support, z.dtype), axis=-1, keepdims=True)
    support_sum = ops.sum(ops.where(in_support, z_sorted, ops.zeros_like(z_sorted)), axis=-1, keepdims=True)
    tau = (support_sum - 1.0) / support_size
    shifted = z - tau
    out = ops.where(shifted > 0, shifted, ops.zeros_like(shifted))
    return _propagate_nan(out, z, axis=-1)


@activation(
    family="normalizer",
    formula=r"\operatorname{argmin}_{p \in \Delta} \lVert p - x \rVert^2 = \max(x - \tau(x), 0)",
    reference="Martins & Astudillo 2016, https://arxiv.org/abs/1602.02068",
    keras="keras.activations.sparsemax (Keras 3.15's is wrong when several outputs are non-zero)",
    checks={"axis": _validate.axis},
    axis="axis",
)
def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex.

    `tau(x)` is the threshold for which the result sums to 1. Unlike softmax
    it returns exact zeros. Keras 3.15's `keras.activations.sparsemax` is wrong
    whenever more than one output is non-zero; this one is tested against the
    paper's algorithm.

    Args:
        x: Input tensor (logits); entries of `-inf` get probability 0.
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` lie on
        the simplex.
    """

    def fn(t: Any) -> Any:
        moved = ops.moveaxis(t, axis, -1)
        return ops.moveaxis(_sparsemax_last(moved), -1, axis)

    return elementwise(fn, x)
