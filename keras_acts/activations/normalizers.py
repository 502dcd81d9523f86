"""Activations that act along an axis: softmax, log-softmax, softmin, GLU, sparsemax."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._native import jit_function, native
from keras_acts.activations._base import as_float, elementwise, max_finite


def check_axis(axis: Any) -> None:
    _validate.axis("axis", axis)


def _check_axis_in_range(x: Any, axis: int) -> None:
    rank = len(x.shape)
    if not -rank <= axis < max(rank, 1):
        raise ValueError(
            f"Argument `axis` must be in [{-rank}, {rank - 1}] for an input of rank {rank}. "
            f"Received: axis={axis}"
        )


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


@jit_function
def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax along `axis`.

    Formula:
    ```
    softmax(x)_i = exp(x_i - max(x)) / sum_j exp(x_j - max(x))
    ```

    Entries of `-inf` (masked) get probability 0.

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` sum to 1.

    Reference:
        - [Bridle, 1990](https://doi.org/10.1007/978-3-642-76153-9_28)

    Equivalents: `torch.softmax(x, dim=axis)`, `jax.nn.softmax`,
    `keras.activations.softmax`.
    """
    check_axis(axis)
    x = as_float(x)
    _check_axis_in_range(x, axis)
    y = native("softmax", x, axis)
    if y is not None:
        return y
    return elementwise(lambda t: _softmax_nan(ops.softmax(t, axis=axis), t, axis), x)


@jit_function
def log_softmax(x: Any, axis: int = -1) -> Any:
    """Logarithm of the softmax along `axis`, computed stably.

    Formula:
    ```
    log_softmax(x)_i = x_i - max(x) - log(sum_j exp(x_j - max(x)))
    ```

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Equivalents: `torch.log_softmax(x, dim=axis)`, `jax.nn.log_softmax`,
    `keras.activations.log_softmax`.
    """
    check_axis(axis)
    x = as_float(x)
    _check_axis_in_range(x, axis)
    y = native("log_softmax", x, axis)
    if y is not None:
        return y
    return elementwise(lambda t: _softmax_nan(ops.log_softmax(t, axis=axis), t, axis), x)


@jit_function
def softmin(x: Any, axis: int = -1) -> Any:
    """Softmin along `axis`, `softmax(-x)`.

    Formula:
    ```
    softmin(x)_i = exp(-x_i) / sum_j exp(-x_j)
    ```

    Args:
        x: Input tensor.
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` sum to 1.

    Equivalents: `torch.nn.functional.softmin(x, dim=axis)`; none in JAX or Keras.
    """
    check_axis(axis)
    x = as_float(x)
    _check_axis_in_range(x, axis)
    y = native("softmin", x, axis)
    if y is not None:
        return y
    return elementwise(lambda t: _softmax_nan(ops.softmax(-t, axis=axis), t, axis), x)


@jit_function
def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: the first half of `x` along `axis` gated by the second.

    Formula:
    ```
    glu(x) = a * sigmoid(b),   where a, b = split(x, 2, axis)
    ```

    Args:
        x: Input tensor; its size along `axis` must be even.
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis`.

    Reference:
        - [Dauphin et al., 2017](https://arxiv.org/abs/1612.08083)

    Equivalents: `torch.nn.functional.glu(x, dim=axis)`, `jax.nn.glu`,
    `keras.activations.glu`.
    """
    check_axis(axis)
    x = as_float(x)
    _check_axis_in_range(x, axis)
    size = x.shape[axis]
    if size is not None and size % 2:
        raise ValueError(
            "The size of `x` along `axis` must be even to split it in two halves. "
            f"Received: axis={axis}, size along axis={size}, shape={tuple(x.shape)}"
        )

    def fn(t: Any) -> Any:
        a, b = ops.split(t, 2, axis=axis)
        return a * ops.sigmoid(b)

    y = native("glu", x, axis)
    if y is not None:
        return y
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


@jit_function
def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex.

    Formula:
    ```
    sparsemax(x) = argmin_{p in simplex} ||p - x||^2 = max(x - tau(x), 0)
    ```

    where `tau(x)` is the threshold for which the result sums to 1. Unlike softmax
    it returns exact zeros. Keras 3.15's `keras.activations.sparsemax` is wrong
    whenever more than one output is non-zero; this one is tested against the
    paper's algorithm.

    Args:
        x: Input tensor (logits); entries of `-inf` get probability 0.
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` lie on
        the simplex.

    Reference:
        - [Martins & Astudillo, 2016](https://arxiv.org/abs/1602.02068)

    Equivalents: `tfa.activations.sparsemax` (TF Addons); none in PyTorch or JAX.
    """
    check_axis(axis)
    x = as_float(x)
    _check_axis_in_range(x, axis)

    def fn(t: Any) -> Any:
        moved = ops.moveaxis(t, axis, -1)
        return ops.moveaxis(_sparsemax_last(moved), -1, axis)

    return elementwise(fn, x)
