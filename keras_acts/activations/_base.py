"""Helpers shared by the activation functions: input conversion, half-precision
upcasting and the limits at +-inf. `keras.ops` only."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import keras
from keras import ops

from keras_acts import _backends
from keras_acts._backends import float_tensor_as_is, no_gradient_recorded

HALF_DTYPES = ("float16", "bfloat16")


def is_number(value: Any) -> bool:
    """Whether a hyper-parameter is a Python number (known while tracing), not a tensor,
    a variable or a traced value (JAX traces the numeric hyper-parameters of a compiled
    function: a body may branch on a Python number only, never on a tensor's value)."""
    return type(value) is float or type(value) is int or isinstance(value, (float, int))


def param_as(value: Any, dtype: str) -> Any:
    """A hyper-parameter ready to compute with in `dtype`: a Python number as it is (a weak
    constant), a tensor, variable or traced value converted and cast to `dtype`
    (differentiably: its gradient reaches the tensor or variable given)."""
    if is_number(value):
        return value
    return ops.cast(ops.convert_to_tensor(value), dtype)


def fill_like(t: Any, value: Any) -> Any:
    """A tensor like `t` holding `value` everywhere: a Python number, or a tensor that
    broadcasts against `t` (a scalar parameter, a `keras.Variable`), differentiably in it,
    in `t`'s dtype."""
    if is_number(value):
        return ops.full_like(t, value)
    return ops.zeros_like(t) + ops.cast(ops.convert_to_tensor(value), t.dtype)


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


def elementwise(fn: Callable[..., Any], x: Any, *params: Any, upcast: bool = True) -> Any:
    """`fn(x, *params)`, computing in float32 when `x` is float16/bfloat16.

    The result is cast back to the input's dtype, so half-precision inputs keep their
    dtype while the intermediate values (exp, squares, ...) cannot overflow. This is what
    PyTorch's kernels do internally (their "opmath" type). With `upcast=False` (piecewise
    functions, exact in any dtype) `x` keeps its dtype. Hyper-parameters given as tensors
    or variables are cast to the dtype computed in (`param_as`); Python numbers pass as
    they are.
    """
    x = as_float(x)
    dtype = keras.backend.standardize_dtype(x.dtype)
    if upcast and dtype in HALF_DTYPES:
        params = tuple(param_as(p, "float32") for p in params)
        return ops.cast(fn(ops.cast(x, "float32"), *params), dtype)
    return fn(x, *(param_as(p, dtype) for p in params))


def elementwise_derivative(
    value: Callable[..., Any], derivative: Callable[..., Any], x: Any, *params: Any, upcast: bool = True
) -> Any:
    """`elementwise` of `with_derivative(t, value, derivative, *params)`: `value` whose
    gradient for `x` is `derivative` (only `x` kept for the backward pass)."""
    return elementwise(lambda t, *p: with_derivative(t, value, derivative, *p), x, *params, upcast=upcast)


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


def with_derivative(x: Any, value: Callable[..., Any], derivative: Callable[..., Any], *params: Any) -> Any:
    """`value(x, *params)` whose gradient with respect to `x` is
    `upstream * derivative(x, *params)`, keeping only `x` (and the tensor parameters) for
    the backward pass.

    Composed activations (mish, GELU, SiLU) otherwise keep every intermediate of their
    forward pass for autodiff: several times the input's size, where the native kernels
    keep the input alone. The derivative is recomputed from `x` in the backward pass.

    `params` are the hyper-parameters, passed explicitly (never closed over): Python
    numbers are constants; tensors, variables and JAX-traced values are inputs of the
    custom gradient, whose gradients are autodiff's of `value` with respect to them,
    taken in the backward pass (so `value` must be safe to differentiate in its
    parameters: double `where`s, no NaN from the branch not taken). The backend's
    implementation (`keras_acts._backends.custom_derivative`) also works under PyTorch's
    function transforms (`torch.func.vmap`, `grad`, `jacrev`).

    Where no gradient can be taken through the call (PyTorch with autograd off or no input
    that requires one; TensorFlow eagerly with no tape), `value(x, *params)` alone.
    """
    if no_gradient_recorded(x) and all(is_number(p) or no_gradient_recorded(p) for p in params):
        return value(x, *params)
    return _backends.custom_derivative(x, value, derivative, params)


def custom_derivative(
    x: Any, value: Callable[..., Any], derivative: Callable[..., Any], params: tuple[Any, ...]
) -> Any:
    """`with_derivative` with `keras.ops.custom_gradient` alone, for a backend without an
    implementation of its own: the parameters are constants there (no gradient)."""

    @ops.custom_gradient
    def fn(t: Any) -> Any:
        def grad(*args: Any, upstream: Any = None) -> Any:
            if upstream is None:
                (upstream,) = args
            return upstream * derivative(t, *params)

        return value(t, *params), grad

    return fn(x)


def expm1_nonpositive(t: Any) -> Any:
    """`exp(t) - 1` for `t <= 0` (and `-inf`), to a few ulps in any float dtype, without
    `expm1` where an export path rejects it.

    Kahan's `(u - 1) t / log(u)`, `u = exp(t)`: the rounding error of `u` cancels
    between the numerator and `log(u)`. Where `u` rounds to 1 the value is `t`, where it
    underflows to 0, `-1` (each branch fed safe values: double where). `expm1` itself has
    no ONNX operator (PyTorch's exporter rejects `aten::expm1`); the earlier form
    `2 tanh(t/2) / (1 - tanh(t/2))` lost float64 to `keras.ops.tanh`, which Keras's JAX
    backend computes in float32 for float64 input. JAX (whose export goes through
    jax2tf) and TensorFlow outside an export trace run the backend's `expm1` itself: one
    kernel, where Kahan's form costs an `exp`, a `log` and a division.
    """
    if _PRECISE is not None and (y := _PRECISE.expm1(t)) is not None:
        return y
    if _backends.BACKEND == "tensorflow" and not _backends.backend_module("tensorflow").exporting():
        return ops.expm1(t)
    u = ops.exp(t)
    is_one, is_zero = u == 1.0, u == 0.0
    ones = ops.ones_like(u)  # (not `full_like`, which reads its fill value back on PyTorch)
    u_safe = ops.where(ops.logical_or(is_one, is_zero), 0.5 * ones, u)
    kahan = (u_safe - 1.0) * (t / ops.log(u_safe))
    return ops.where(is_one, t, ops.where(is_zero, -ones, kahan))


# Keras's JAX backend computes `tanh`, `sin` and `cos` of a float64 input in float32
# (`jax_enable_x64`: the result is float32, or float64 with float32's accuracy after a
# cast). These run `jax.numpy`'s own there (`keras_acts._backends.jax`), `keras.ops`'s on
# the other backends, whose float64 kernels are float64's.
_PRECISE = _backends.backend_module("jax") if _backends.BACKEND == "jax" else None


def tanh(t: Any) -> Any:
    """`keras.ops.tanh(t)`, in `t`'s own precision on every backend (float64 included)."""
    return _PRECISE.tanh(t) if _PRECISE is not None else ops.tanh(t)


def sin(t: Any) -> Any:
    """`keras.ops.sin(t)`, in `t`'s own precision on every backend (float64 included)."""
    return _PRECISE.sin(t) if _PRECISE is not None else ops.sin(t)


def cos(t: Any) -> Any:
    """`keras.ops.cos(t)`, in `t`'s own precision on every backend (float64 included)."""
    return _PRECISE.cos(t) if _PRECISE is not None else ops.cos(t)


def cumsum(t: Any, axis: int) -> Any:
    """`keras.ops.cumsum(t, axis=axis)` in `t`'s own dtype: Keras 3.15's torch backend
    returns float32 for a float64 input, so a PyTorch tensor takes `torch.cumsum`
    (differentiable, dtype kept). JAX's (`jnp.cumsum`, float64 under `jax_enable_x64`)
    and TensorFlow's keep the dtype."""
    if _backends.BACKEND == "torch":
        import torch

        if isinstance(t, torch.Tensor):
            return torch.cumsum(t, dim=axis)
    return ops.cumsum(t, axis=axis)


def nan_at_nan(d: Any, t: Any) -> Any:
    """The derivative `d`, NaN where the input `t` is NaN: keras-acts' rule (NaN in, NaN
    gradient), for the piecewise derivatives whose comparisons all fail at NaN and so
    would pick a finite slope."""
    return ops.where(ops.isnan(t), t, d)


def _copy(t: Any) -> Any:
    # `t * 1` (exact, -0 and NaN kept), not `t` itself: PyTorch's `autograd.Function`
    # under `torch.func` rejects an input returned as its output.
    return t * 1.0


def _one_or_nan(t: Any) -> Any:
    return nan_at_nan(ops.ones_like(t), t)


def nan_gradient(t: Any) -> Any:
    """`t`, whose gradient is the incoming one, NaN where `t` is NaN.

    Put in front of a piecewise form that autodiff differentiates through comparisons
    and selects (which pick a finite slope at NaN), it makes the gradient NaN there and
    leaves every other element's alone. `t` itself where no gradient is recorded."""
    if no_gradient_recorded(t):
        return t
    return with_derivative(t, _copy, _one_or_nan)


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
