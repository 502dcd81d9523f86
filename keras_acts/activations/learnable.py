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
from keras_acts._axes import channel_broadcast, check_axis
from keras_acts._catalog import activation
from keras_acts.activations._base import HALF_DTYPES, as_float, expm1_nonpositive
from keras_acts.types import Tensor, TensorLike

VERSIONS = ("A", "B", "C", "N")


def _channel(param: Any, rank: int, axis: int, dtype: str, leading: int = 0) -> Any:
    """`param` as a tensor of `dtype` that broadcasts against an input of `rank`
    (`keras_acts._axes.channel_broadcast`)."""
    return ops.cast(channel_broadcast(param, rank, axis, leading), dtype)


def _compute(fn: Callable[..., Any], x: Any, *params: Any) -> Any:
    """Runs `fn(x, *params)` in float32 for half-precision `x` (params cast alike)."""
    x = as_float(x)
    dtype = keras.backend.standardize_dtype(x.dtype)
    work = "float32" if dtype in HALF_DTYPES else dtype
    params = [p if isinstance(p, (int, float)) else ops.cast(ops.convert_to_tensor(p), work) for p in params]
    y = fn(ops.cast(x, work), *params)
    return ops.cast(y, dtype) if work != dtype else y


def _check_axis(x: Any, axis: int) -> int:
    return check_axis(axis, len(x.shape))


def _infinite(x: Any) -> Any:
    return ops.logical_or(x == float("inf"), x == float("-inf"))


# --------------------------------------------------------------------------------------
# PELU


@activation(
    family="learnable",
    formula=r"\begin{cases} \frac{a}{b} x & x \ge 0 \\ a \left(e^{x / b} - 1\right) & x < 0 \end{cases}, \ a, b > 0 \text{ learned}",
    reference="Trottier et al. 2017, https://arxiv.org/abs/1605.09332",
    checks={"a": _validate.positive, "b": _validate.positive, "axis": _validate.axis},
    export=False,
)
def pelu(x: TensorLike, a: TensorLike = 1.0, b: TensorLike = 1.0, axis: int = -1) -> Tensor:
    """Parametric exponential linear unit.


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
    """
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


@activation(
    family="learnable",
    formula=r"\begin{cases} t_r + a_r (x - t_r) & x \ge t_r \\ x & t_l < x < t_r \\ t_l + a_l (x - t_l) & x \le t_l \end{cases}, \ t_l, a_l, t_r, a_r \text{ learned}",
    reference="Jin et al. 2016, https://arxiv.org/abs/1512.07030",
    aliases=("s_relu",),
    checks={name: _validate.number for name in ("t_left", "a_left", "t_right", "a_right")}
    | {"axis": _validate.axis},
    export=False,
)
def srelu(
    x: TensorLike,
    t_left: TensorLike = 0.0,
    a_left: TensorLike = 0.2,
    t_right: TensorLike = 1.0,
    a_right: TensorLike = 1.0,
    axis: int = -1,
) -> Tensor:
    """S-shaped rectified linear unit: three linear pieces.


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
    """
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


@activation(
    family="learnable",
    formula=r"\max(0, x) + \sum_{s=1}^{S} a_s \max(0, -x + b_s), \ a_s, b_s \text{ learned}",
    reference="Agostinelli et al. 2014, https://arxiv.org/abs/1412.6830",
    aliases=("adaptive_piecewise_linear",),
    checks={"axis": _validate.axis},
    export=False,
)
def apl(x: TensorLike, a: TensorLike, b: TensorLike, axis: int = -1) -> Tensor:
    """Adaptive piecewise linear unit: a ReLU plus `S` learned hinges.


    Args:
        x: Input tensor.
        a: Tensor of shape `(S,)` (shared) or `(S, C)` (one per channel along `axis`):
            the hinges' slopes.
        b: Tensor of the same shape as `a`: the hinges' locations.
        axis: Integer, the channel axis for `(S, C)` parameters. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`. At `-inf` the value is
        `sign(sum_s a_s) * inf`, at `+inf` it is `inf`.
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


@activation(
    family="learnable",
    formula=r"(p_1 - p_2) x \, \sigma\left(\beta (p_1 - p_2) x\right) + p_2 x, \ p_1, p_2, \beta \text{ learned}",
    reference="Ma et al. 2021, https://arxiv.org/abs/2009.04759",
    checks={"p1": _validate.number, "p2": _validate.number, "beta": _validate.number, "axis": _validate.axis},
    export=False,
)
def acon_c(x: TensorLike, p1: TensorLike, p2: TensorLike, beta: TensorLike = 1.0, axis: int = -1) -> Tensor:
    """ACON-C, "activate or not": a smooth switch between the lines `p1 x` and `p2 x`.


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
    """
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


def _check_degrees(numerator_degree: int, denominator_degree: int) -> None:
    """The coefficient tensors' lengths give degrees >= 0 (numerator) and >= 1 (denominator)."""
    if numerator_degree < 0:
        raise ValueError(
            f"Argument `degrees` must hold a numerator degree >= 0. Received: numerator degree={numerator_degree!r}"
        )
    if denominator_degree < 1:
        raise ValueError(
            "Argument `degrees` must hold a denominator degree >= 1. "
            f"Received: denominator degree={denominator_degree!r}"
        )


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


@activation(
    family="learnable",
    formula=r"\frac{\sum_{k=0}^{n} a_k x^k}{1 + \sum_{j=1}^{m} |b_j x^j|} \ \text{(version A)}, \ a_k, b_j \text{ learned}",
    reference="Molina et al. 2020, https://arxiv.org/abs/1907.06732",
    aliases=("pau", "pade"),
    checks={"version": _validate.choice(*VERSIONS), "axis": _validate.axis},
    export=False,
)
def rational(
    x: TensorLike, numerator: TensorLike, denominator: TensorLike, version: str = "A", axis: int = -1
) -> Tensor:
    """Rational (Padé) activation `P(x) / Q(x)` with given coefficients.

    The denominators (`P(x) = a_0 + a_1 x + ... + a_n x^n`, `numerator = [a_0, ..., a_n]`):
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
    """
    x = as_float(x)
    axis = _check_axis(x, axis)
    numerator_len = int(ops.shape(numerator)[0])
    denominator_len = int(ops.shape(denominator)[0])
    _check_degrees(numerator_len - 1, denominator_len)

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


@activation(
    family="learnable",
    formula=r"\max_{0 \le j < k} x_{i k + j}, \ k = \frac{\text{size}}{\text{num\_units}}",
    reference="Goodfellow et al. 2013, https://arxiv.org/abs/1302.4389",
    checks={"num_units": _validate.positive_int, "axis": _validate.axis},
    example={"num_units": 1},
)
def maxout(x: TensorLike, num_units: int, axis: int = -1) -> Tensor:
    """Maxout: the maximum over groups of `size(axis) / num_units` consecutive features.

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
    """
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
