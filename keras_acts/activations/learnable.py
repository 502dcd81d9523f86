"""Functional forms of the learnable activations from the literature.

Each function takes its parameters as tensors (or floats): a scalar, a tensor with one
value per channel along `axis` (1-D; for `apl` and `rational` the leading axis indexes
the hinges / coefficients), or a tensor that broadcasts against `x`. The layers of
`keras_acts.layers` (`PELU`, `SReLU`, `APL`, `AconC`, `MetaAconC`, `Rational`, `Maxout`)
create the parameters as weights and call these functions. `keras.ops` only.

Half-precision inputs (float16/bfloat16) are computed in float32 and cast back, so they
keep their dtype; parameters are cast to the computation dtype.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._native import jit_function
from keras_acts.activations._base import HALF_DTYPES, as_float, expm1_nonpositive

VERSIONS = ("A", "B", "C", "N")


def _channel(param: Any, rank: int, axis: int, dtype: str, leading: int = 0) -> Any:
    """`param` as a tensor of `dtype` that broadcasts against an input of `rank`.

    A tensor with exactly `leading + 1` dimensions holds one value per channel along
    `axis` in its last dimension (after `leading` dimensions such as the hinge index);
    anything else is used as it is (scalars, or tensors already broadcastable).
    """
    param = ops.cast(ops.convert_to_tensor(param), dtype)
    if rank > 1 and len(param.shape) == leading + 1:
        shape = [1] * rank
        shape[axis] = -1
        param = ops.reshape(param, (*param.shape[:leading], *shape))
    return param


def _compute(fn: Callable[..., Any], x: Any, *params: Any) -> Any:
    """Runs `fn(x, *params)` in float32 for half-precision `x` (params cast alike)."""
    x = as_float(x)
    dtype = keras.backend.standardize_dtype(x.dtype)
    work = "float32" if dtype in HALF_DTYPES else dtype
    params = [p if isinstance(p, (int, float)) else ops.cast(ops.convert_to_tensor(p), work) for p in params]
    y = fn(ops.cast(x, work), *params)
    return ops.cast(y, dtype) if work != dtype else y


def _check_axis(x: Any, axis: int) -> int:
    axis = _validate.axis("axis", axis)
    rank = len(x.shape)
    if rank and not -rank <= axis < rank:
        raise ValueError(
            f"Argument `axis` must be in [{-rank}, {rank - 1}] for an input of rank {rank}. Received: axis={axis}"
        )
    return axis


def _infinite(x: Any) -> Any:
    return ops.logical_or(x == float("inf"), x == float("-inf"))


# --------------------------------------------------------------------------------------
# PELU


@jit_function
def pelu(x: Any, a: Any = 1.0, b: Any = 1.0, axis: int = -1) -> Any:
    """Parametric exponential linear unit.

    Formula:
    ```
    pelu(x) = (a / b) * x              if x >= 0
            = a * (exp(x / b) - 1)     otherwise
    ```

    Differentiable at 0 (both pieces have slope `a / b`). Evaluated with an exact
    `expm1` (via `tanh`, exportable to ONNX) on the non-positive part only (double
    where), so no branch overflows or puts NaN in a gradient; `pelu(-inf) = -a`.

    Args:
        x: Input tensor.
        a: Positive float or tensor (scalar or one per channel along `axis`): the
            saturation `-a` for `x -> -inf`. Defaults to `1.0`.
        b: Positive float or tensor: the scale of the exponential decay. Defaults to `1.0`.
        axis: Integer, the channel axis for 1-D `a` / `b`. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Trottier et al., 2017](https://arxiv.org/abs/1605.09332)
    """
    _validate.positive("a", a)
    _validate.positive("b", b)
    x = as_float(x)
    axis = _check_axis(x, axis)

    def fn(t: Any, a: Any, b: Any) -> Any:
        rank = len(t.shape)
        a = _channel(a, rank, axis, t.dtype)
        b = _channel(b, rank, axis, t.dtype)
        positive = t > 0
        t_neg = ops.where(positive, ops.zeros_like(t), t)
        return ops.where(positive, (a / b) * t, a * expm1_nonpositive(t_neg / b))

    return _compute(fn, x, a, b)


# --------------------------------------------------------------------------------------
# SReLU


@jit_function
def srelu(
    x: Any,
    t_left: Any = 0.0,
    a_left: Any = 0.2,
    t_right: Any = 1.0,
    a_right: Any = 1.0,
    axis: int = -1,
) -> Any:
    """S-shaped rectified linear unit: three linear pieces.

    Formula:
    ```
    srelu(x) = t_right + a_right * (x - t_right)   if x >= t_right
             = x                                   if t_left < x < t_right
             = t_left + a_left * (x - t_left)      if x <= t_left
    ```

    Computed as `x + (a_right - 1) * max(x - t_right, 0) - (a_left - 1) * max(t_left - x, 0)`,
    which equals the formula for `t_left <= t_right` and stays continuous if training
    swaps the thresholds. At a threshold the gradient is the middle piece's (1). At
    `+-inf` the value is the outer line's limit.

    Args:
        x: Input tensor.
        t_left: Float or tensor, the left threshold. Defaults to `0.0`.
        a_left: Float or tensor, the slope left of `t_left`. Defaults to `0.2`.
        t_right: Float or tensor, the right threshold. Defaults to `1.0`.
        a_right: Float or tensor, the slope right of `t_right`. Defaults to `1.0`.
        axis: Integer, the channel axis for 1-D parameters. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Jin et al., 2016](https://arxiv.org/abs/1512.07030)
    """
    for name, value in (("t_left", t_left), ("a_left", a_left), ("t_right", t_right), ("a_right", a_right)):
        _validate.number(name, value)
    x = as_float(x)
    axis = _check_axis(x, axis)

    def fn(t: Any, tl: Any, al: Any, tr: Any, ar: Any) -> Any:
        rank = len(t.shape)
        tl, al, tr, ar = (_channel(p, rank, axis, t.dtype) for p in (tl, al, tr, ar))
        infinite = _infinite(t)
        safe = ops.where(infinite, ops.zeros_like(t), t)
        finite = safe + (ar - 1.0) * ops.relu(safe - tr) - (al - 1.0) * ops.relu(tl - safe)
        at_inf = ops.where(t > 0, tr + ar * (t - tr), tl + al * (t - tl))
        return ops.where(infinite, ops.stop_gradient(at_inf), finite)

    return _compute(fn, x, t_left, a_left, t_right, a_right)


# --------------------------------------------------------------------------------------
# APL


@jit_function
def apl(x: Any, a: Any, b: Any, axis: int = -1) -> Any:
    """Adaptive piecewise linear unit: a ReLU plus `S` learned hinges.

    Formula:
    ```
    apl(x) = max(0, x) + sum_{s=1}^{S} a_s * max(0, -x + b_s)
    ```

    Args:
        x: Input tensor.
        a: Tensor of shape `(S,)` (shared) or `(S, C)` (one per channel along `axis`):
            the hinges' slopes.
        b: Tensor of the same shape as `a`: the hinges' locations.
        axis: Integer, the channel axis for `(S, C)` parameters. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`. At `-inf` the value is
        `sign(sum_s a_s) * inf`, at `+inf` it is `inf`.

    Reference:
        - [Agostinelli et al., 2014](https://arxiv.org/abs/1412.6830)
    """
    x = as_float(x)
    axis = _check_axis(x, axis)

    def fn(t: Any, a: Any, b: Any) -> Any:
        rank = len(t.shape)
        a = _channel(a, rank, axis, t.dtype, leading=1)
        b = _channel(b, rank, axis, t.dtype, leading=1)
        if len(a.shape) == 1:
            a = ops.reshape(a, (-1,) + (1,) * rank)
            b = ops.reshape(b, (-1,) + (1,) * rank)
        infinite = _infinite(t)
        safe = ops.where(infinite, ops.zeros_like(t), t)
        hinges = ops.sum(a * ops.relu(b - ops.expand_dims(safe, 0)), axis=0)
        finite = ops.relu(safe) + hinges
        # -inf: the hinges grow like -x * sum(a); +inf: only the ReLU remains.
        at_inf = ops.where(t > 0, t, -t * ops.sum(a, axis=0))
        return ops.where(infinite, ops.stop_gradient(at_inf), finite)

    return _compute(fn, x, a, b)


# --------------------------------------------------------------------------------------
# ACON-C


@jit_function
def acon_c(x: Any, p1: Any, p2: Any, beta: Any = 1.0, axis: int = -1) -> Any:
    """ACON-C, "activate or not": a smooth switch between the lines `p1 x` and `p2 x`.

    Formula:
    ```
    acon_c(x) = (p1 - p2) * x * sigmoid(beta * (p1 - p2) * x) + p2 * x
    ```

    `beta -> inf` gives `max(p1 x, p2 x)`, `beta = 0` the mean of the two lines;
    `p1 = 1, p2 = 0` is Swish with slope `beta`. At `x = +-inf` the value is the limit
    (`p1 x` or `p2 x`, whichever line the gate selects).

    Args:
        x: Input tensor.
        p1: Float or tensor (scalar, one per channel along `axis`, or broadcastable).
        p2: Float or tensor, like `p1`.
        beta: Float or tensor (also a per-sample tensor broadcastable against `x`, as
            computed by `MetaAconC`). Defaults to `1.0`.
        axis: Integer, the channel axis for 1-D parameters. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Ma et al., 2021](https://arxiv.org/abs/2009.04759)
    """
    for name, value in (("p1", p1), ("p2", p2), ("beta", beta)):
        _validate.number(name, value)
    x = as_float(x)
    axis = _check_axis(x, axis)

    def fn(t: Any, p1: Any, p2: Any, beta: Any) -> Any:
        rank = len(t.shape)
        p1, p2, beta = (_channel(p, rank, axis, t.dtype) for p in (p1, p2, beta))
        infinite = _infinite(t)
        safe = ops.where(infinite, ops.zeros_like(t), t)
        d = (p1 - p2) * safe
        finite = d * ops.sigmoid(beta * d) + p2 * safe
        gate = beta * (p1 - p2) * ops.sign(t)
        at_inf = ops.where(gate > 0, p1 * t, ops.where(gate < 0, p2 * t, 0.5 * (p1 + p2) * t))
        return ops.where(infinite, ops.stop_gradient(at_inf), finite)

    return _compute(fn, x, p1, p2, beta)


# --------------------------------------------------------------------------------------
# Rational (Padé activation unit)


def check_rational(
    version: Any, numerator_degree: int | None = None, denominator_degree: int | None = None
) -> str:
    version = _validate.one_of("version", version, VERSIONS)
    if numerator_degree is not None:
        if (
            isinstance(numerator_degree, bool)
            or not isinstance(numerator_degree, int)
            or numerator_degree < 0
        ):
            raise ValueError(
                "Argument `degrees` must hold a numerator degree >= 0. "
                f"Received: numerator degree={numerator_degree!r}"
            )
    if denominator_degree is not None:
        if (
            isinstance(denominator_degree, bool)
            or not isinstance(denominator_degree, int)
            or denominator_degree < 1
        ):
            raise ValueError(
                "Argument `degrees` must hold a denominator degree >= 1. "
                f"Received: denominator degree={denominator_degree!r}"
            )
    return version


def _power(t: Any, k: int) -> Any:
    """`t ** k` for a small integer `k >= 0`, by multiplication (exact sign for t < 0)."""
    out = ops.ones_like(t)
    for _ in range(k):
        out = out * t
    return out


def _horner(coefficients: list[Any], t: Any) -> Any:
    """`sum_k coefficients[k] * t**k`."""
    out = coefficients[-1] * ops.ones_like(t)
    for c in reversed(coefficients[:-1]):
        out = out * t + c
    return out


def _rational_parts(t: Any, a: list[Any], b: list[Any], version: str, reverse: bool) -> tuple[Any, Any]:
    """Numerator and denominator of the version, either in `t` (`reverse=False`), or, for
    `reverse=True`, in `u = 1 / t` with both multiplied by the right power of `1 / |t|`
    (`P~(u) = u^n P(t)`, `Q~(u) = |u|^m' Q(t)`), which keeps `|t| > 1` from overflowing."""
    m = len(b)
    if not reverse:
        p = _horner(a, t)
        if version == "A":
            q = ops.ones_like(t)
            power = t
            for bj in b:
                q = q + ops.abs(bj * power)
                power = power * t
        elif version == "C":
            q = 0.1 + ops.abs(_horner(b, t))
        else:
            s = _horner([ops.zeros_like(t), *b], t)
            q = 1.0 + (ops.abs(s) if version == "B" else s)
        return p, q
    u = t
    p = _horner(list(reversed(a)), u)
    abs_u = ops.abs(u)
    if version == "A":
        # |t|^-m (1 + sum |b_j t^j|) = |u|^m + sum_j |b_j| |u|^(m-j)
        q = _power(abs_u, m)
        for j, bj in enumerate(b, start=1):
            q = q + ops.abs(bj) * _power(abs_u, m - j)
    elif version == "C":
        # |t|^-(m-1) (0.1 + |sum_j b_j t^j|), j = 0..m-1
        q = 0.1 * _power(abs_u, m - 1) + ops.abs(_horner(list(reversed(b)), u))
    else:
        s = _horner(list(reversed(b)), u)  # sum_j b_j u^(m-j), j = 1..m
        q = _power(abs_u, m) + ops.abs(s) if version == "B" else _power(u, m) + s
    return p, q


@jit_function
def rational(x: Any, numerator: Any, denominator: Any, version: str = "A", axis: int = -1) -> Any:
    """Rational (Padé) activation `P(x) / Q(x)` with given coefficients.

    Formula (`P(x) = a_0 + a_1 x + ... + a_n x^n`, `numerator = [a_0, ..., a_n]`):
    ```
    version "A": Q(x) = 1 + |b_1 x| + |b_2 x^2| + ... + |b_m x^m|
    version "B": Q(x) = 1 + |b_1 x + b_2 x^2 + ... + b_m x^m|
    version "C": Q(x) = 0.1 + |b_0 + b_1 x + ... + b_{m-1} x^{m-1}|
    version "N": Q(x) = 1 + b_1 x + b_2 x^2 + ... + b_m x^m     (no safeguard: may have poles)
    ```
    `denominator` holds the `m` coefficients `[b_1, ..., b_m]` (`[b_0, ..., b_{m-1}]` for
    version C), as in the `rational_activations` package.

    For `|x| > 1` both polynomials are evaluated in `1 / x` (each divided by the
    matching power of `|x|`, double where), so large inputs do not overflow `x^n`;
    `x = +-inf` gives the rational's limit (gradient 0 there).

    Args:
        x: Input tensor.
        numerator: Tensor of shape `(n + 1,)` (shared) or `(n + 1, C)` (one column per
            channel along `axis`).
        denominator: Tensor of shape `(m,)` or `(m, C)`.
        version: `"A"`, `"B"`, `"C"` or `"N"`. Defaults to `"A"`.
        axis: Integer, the channel axis for 2-D coefficients. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Molina et al., 2020](https://arxiv.org/abs/1907.06732)
    """
    version = check_rational(version)
    x = as_float(x)
    axis = _check_axis(x, axis)
    numerator_len = int(ops.shape(numerator)[0])
    denominator_len = int(ops.shape(denominator)[0])
    check_rational(version, numerator_len - 1, denominator_len)

    def fn(t: Any, num: Any, den: Any) -> Any:
        rank = len(t.shape)
        num = _channel(num, rank, axis, t.dtype, leading=1)
        den = _channel(den, rank, axis, t.dtype, leading=1)
        a = [num[k] for k in range(numerator_len)]
        b = [den[k] for k in range(denominator_len)]
        n, m = numerator_len - 1, denominator_len
        m_eff = m - 1 if version == "C" else m

        def scale(t_: Any) -> Any:
            # P / Q = t^n P~ / (|t|^m' Q~): t^(n - m') sign(t)^m'  (t^(n - m) for "N")
            k = n - m_eff
            out = _power(t_, k) if k >= 0 else _power(1.0 / t_, -k)
            return out * ops.sign(t_) if version != "N" and m_eff % 2 == 1 else out

        infinite = _infinite(t)
        finite_t = ops.where(infinite, ops.zeros_like(t), t)
        big = ops.abs(finite_t) > 1
        t_small = ops.where(big, ops.zeros_like(t), finite_t)
        t_big = ops.where(big, finite_t, ops.ones_like(t))
        p_small, q_small = _rational_parts(t_small, a, b, version, reverse=False)
        p_big, q_big = _rational_parts(1.0 / t_big, a, b, version, reverse=True)
        value = ops.where(big, scale(t_big) * (p_big / q_big), p_small / q_small)
        # At +-inf: the limit, leading coefficients times |t|^(n - m') (no gradient).
        p_0, q_0 = _rational_parts(ops.zeros((), t.dtype), a, b, version, reverse=True)
        at_inf = ops.stop_gradient(scale(t) * (p_0 / q_0))
        return ops.where(infinite, at_inf, value)

    return _compute(fn, x, numerator, denominator)


# --------------------------------------------------------------------------------------
# Maxout


@jit_function
def maxout(x: Any, num_units: int, axis: int = -1) -> Any:
    """Maxout: the maximum over groups of `size(axis) / num_units` consecutive features.

    Formula (`k = size(axis) / num_units`):
    ```
    maxout(x)_i = max(x_{i k}, x_{i k + 1}, ..., x_{i k + k - 1}),  i = 0 .. num_units - 1
    ```

    Groups are consecutive features, as in the paper's pylearn2 code and
    `x.view(..., num_units, k).max(-1)` in PyTorch (`tfa.layers.Maxout` groups strided
    features `i, i + num_units, ...`: the same up to a permutation of the inputs).

    Args:
        x: Input tensor.
        num_units: Integer >= 1, the number of outputs along `axis`; must divide the
            input's size along `axis`.
        axis: Integer, the feature axis. Defaults to `-1`.

    Returns:
        A tensor with `num_units` entries along `axis`, of `x`'s dtype.

    Raises:
        ValueError: if `num_units` does not divide the size of `axis`.

    Reference:
        - [Goodfellow et al., 2013](https://arxiv.org/abs/1302.4389)
    """
    check_maxout(num_units, axis)
    x = as_float(x)
    axis = _check_axis(x, axis)
    rank = len(x.shape)
    axis = axis % rank
    size = x.shape[axis]
    check_maxout_size(num_units, size, axis)
    k = size // num_units
    shape = list(ops.shape(x))
    new_shape = [*shape[:axis], num_units, k, *shape[axis + 1 :]]
    if 0 in x.shape:
        # An empty batch (or other empty dimension): an empty result. Some backends'
        # `max` refuses any empty tensor, even when the reduced axis is not empty.
        return ops.zeros([*shape[:axis], num_units, *shape[axis + 1 :]], dtype=x.dtype)
    return ops.max(ops.reshape(x, new_shape), axis=axis + 1)


def check_maxout(num_units: Any, axis: Any) -> None:
    """`num_units` is an integer >= 1 and `axis` an integer."""
    _validate.positive_int("num_units", num_units)
    _validate.axis("axis", axis)


def check_maxout_size(num_units: int, size: int | None, axis: int) -> None:
    """`num_units` must divide the (known) size of `axis`."""
    if size is None:
        raise ValueError(
            f"Maxout needs the input's size along `axis` to be known. Received: axis={axis}, size=None"
        )
    if size == 0 or size % num_units:
        raise ValueError(
            f"Argument `num_units` must divide the input's size along `axis` ({size}). "
            f"Received: num_units={num_units}, axis={axis}"
        )
