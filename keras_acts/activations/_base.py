"""Helpers shared by the activation functions: input conversion, half-precision
upcasting and the limits at +-inf. `keras.ops` only."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import keras
from keras import ops

from keras_acts._backends import float_tensor_as_is, no_gradient_recorded

HALF_DTYPES = ("float16", "bfloat16")


def as_float(x: Any) -> Any:
    """Converts `x` to a backend tensor; int and bool inputs are cast to `floatx()`.

    Complex inputs are rejected: the activations are real functions, and a cast would
    silently drop the imaginary part.
    """
    y = float_tensor_as_is(x)  # already a floating tensor: as is (skips the conversion)
    if y is not None:
        return y
    x = ops.convert_to_tensor(x)
    dtype = keras.backend.standardize_dtype(x.dtype)
    if dtype.startswith("complex"):
        raise ValueError(
            "Argument `x` must be a real tensor (float, int or bool); keras_acts "
            f"activations are not defined for complex input. Received: x.dtype={dtype}"
        )
    if not keras.backend.is_float_dtype(dtype):
        x = ops.cast(x, keras.config.floatx())
    return x


def elementwise(fn: Callable[[Any], Any], x: Any) -> Any:
    """Applies `fn` to `x` computing in float32 when `x` is float16/bfloat16.

    The result is cast back to the input's dtype, so half-precision inputs keep their
    dtype while the intermediate values (exp, squares, ...) cannot overflow. This is what
    PyTorch's kernels do internally (their "opmath" type).
    """
    x = as_float(x)
    dtype = keras.backend.standardize_dtype(x.dtype)
    if dtype in HALF_DTYPES:
        return ops.cast(fn(ops.cast(x, "float32")), dtype)
    return fn(x)


def with_limits(
    x: Any,
    fn: Callable[[Any], Any],
    at_neg_inf: float | None = None,
    at_pos_inf: float | None = None,
) -> Any:
    """Evaluates `fn(x)` and returns the given limits where `x` is -inf / +inf.

    `fn` only ever sees finite (or NaN) values: infinite entries are replaced by 0 before
    `fn` runs (the "double where"), so the branch not taken cannot put inf or NaN into
    the gradient. The gradient at an infinite input is 0.
    """
    is_neg = x == float("-inf") if at_neg_inf is not None else None
    is_pos = x == float("inf") if at_pos_inf is not None else None
    infinite = None
    for mask in (is_neg, is_pos):
        if mask is not None:
            infinite = mask if infinite is None else ops.logical_or(infinite, mask)
    if infinite is None:
        return fn(x)
    safe = ops.where(infinite, ops.zeros_like(x), x)
    y = fn(safe)
    if is_neg is not None:
        y = ops.where(is_neg, _limit_value(x, at_neg_inf, -1.0, y), y)
    if is_pos is not None:
        y = ops.where(is_pos, _limit_value(x, at_pos_inf, 1.0, y), y)
    return y


def _limit_value(x: Any, limit: float, side: float, y: Any) -> Any:
    """The tensor holding `limit` where `x == side * inf`.

    An infinite limit is taken from `x` itself (`x` or `-x`) rather than from an inf
    constant: tf2onnx rewrites `where` into `cond * a + (1 - cond) * b`, where an inf
    constant would turn every other element into `0 * inf = NaN`.
    """
    if math.isinf(limit):
        same_sign = (limit > 0) == (side > 0)
        return ops.stop_gradient(x if same_sign else -x)
    return ops.full_like(y, limit)


def stable_softplus(x: Any) -> Any:
    """`log(1 + exp(x))` without overflow and with the exact gradient `sigmoid(x)`.

    `max(x, 0) + log1p(exp(-|x|))`: one branch, `exp` never overflows, and it is exact
    where either term is negligible. The derivative is given explicitly (`sigmoid(x)`,
    `with_derivative`): autodiff through `max` and `abs` would give 0 at `x = 0`
    instead of 1/2. Only `x` is kept for the backward pass.
    """
    return with_derivative(x, softplus_value, ops.sigmoid)


def softplus_value(t: Any) -> Any:
    """`log(1 + exp(t))` as `max(t, 0) + log1p(exp(-|t|))`, to differentiate explicitly."""
    return ops.relu(t) + ops.log1p(ops.exp(-ops.abs(t)))


def with_derivative(x: Any, value: Callable[[Any], Any], derivative: Callable[[Any], Any]) -> Any:
    """`value(x)` whose gradient is `upstream * derivative(x)`, keeping only `x` for the
    backward pass (`ops.custom_gradient`).

    Composed activations (mish, GELU, SiLU) otherwise keep every intermediate of their
    forward pass for autodiff: several times the input's size, where the native kernels
    keep the input alone. The derivative is recomputed from `x` in the backward pass.
    Where no gradient can be taken through the call (PyTorch with autograd off or an input
    that does not require one; TensorFlow eagerly with no tape), `value(x)` alone.
    """
    if no_gradient_recorded(x):
        return value(x)

    @ops.custom_gradient
    def fn(t: Any) -> Any:
        def grad(*args: Any, upstream: Any = None) -> Any:
            if upstream is None:
                (upstream,) = args
            return upstream * derivative(t)

        return value(t), grad

    return fn(x)


def expm1_nonpositive(t: Any) -> Any:
    """`exp(t) - 1` for `t <= 0`, to full relative accuracy, from standard ops only.

    `expm1(t) = 2 tanh(t/2) / (1 - tanh(t/2))`: the denominator lies in `[1, 2)` for
    `t <= 0`, so nothing cancels. `expm1` itself has no ONNX operator (PyTorch's
    exporter rejects `aten::expm1`); `tanh` has one.
    """
    h = ops.tanh(t * 0.5)
    return 2.0 * h / (1.0 - h)


# The lowest float32: a finite stand-in for -inf (see `max_finite`).
_LOWEST = -3.4028234663852886e38


def max_finite(x: Any, axis: int) -> Any:
    """The largest finite entry along `axis` (keepdims), 0 where there is none.

    Non-finite entries are replaced by the lowest float32, not by an inf constant:
    tf2onnx rewrites `where` into `cond * a + (1 - cond) * b`, where `0 * inf = NaN`
    would spread to every element.
    """
    top = ops.max(ops.where(ops.isfinite(x), x, ops.full_like(x, _LOWEST)), axis=axis, keepdims=True)
    return ops.where(top > _LOWEST, top, ops.zeros_like(top))
