"""Smooth activations: sigmoids, softplus, exponential units, GELU and the self-gated
family (SiLU / Swish, Mish), squareplus and Snake.

Transcendental functions of float16 / bfloat16 inputs are computed in float32 and cast
back (`elementwise`), so half-precision results stay finite wherever the true value is
representable. Infinite inputs map to the function's limits (`with_limits`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._native import jit_function, native
from keras_acts.activations._base import (
    as_float,
    elementwise,
    expm1_nonpositive,
    softplus_value,
    stable_softplus,
    with_derivative,
    with_limits,
)
from keras_acts.activations.rectifiers import relu

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_HALF = math.sqrt(0.5)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _self_gated(x: Any, fn: Callable[[Any], Any], dfn: Callable[[Any], Any]) -> Any:
    """`x * gate(x)` activations (GELU, SiLU, mish): value `fn`, derivative `dfn`.

    Both tend to 0 at -inf; the value to +inf at +inf. Only the input is kept for the
    backward pass (`with_derivative`); the gradient at an infinite input is 0.
    """
    return elementwise(
        lambda t: with_derivative(
            t,
            lambda u: with_limits(u, fn, 0.0, float("inf")),
            lambda u: with_limits(u, dfn, 0.0, 0.0),
        ),
        x,
    )


@jit_function
def sigmoid(x: Any) -> Any:
    """Logistic sigmoid.

    Formula:
    ```
    sigmoid(x) = 1 / (1 + exp(-x))
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.

    Equivalents: `torch.sigmoid`, `jax.nn.sigmoid`, `keras.activations.sigmoid`.
    """
    x = as_float(x)
    y = native("sigmoid", x)
    return y if y is not None else elementwise(ops.sigmoid, x)


@jit_function
def tanh(x: Any) -> Any:
    """Hyperbolic tangent.

    Formula:
    ```
    tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[-1, 1]`.

    Equivalents: `torch.tanh`, `jax.nn.tanh` (`jnp.tanh`), `keras.activations.tanh`.
    """
    x = as_float(x)
    y = native("tanh", x)
    return y if y is not None else elementwise(ops.tanh, x)


@jit_function
def softsign(x: Any) -> Any:
    """Softsign.

    Formula:
    ```
    softsign(x) = x / (1 + |x|)
    ```

    `softsign(+-inf) = +-1` (the limit; PyTorch returns NaN there).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[-1, 1]`.

    Reference:
        - [Bergstra et al., 2009](https://www.iro.umontreal.ca/~lisa/publications2/index.php/attachments/single/205)

    Equivalents: `torch.nn.functional.softsign`, `jax.nn.soft_sign`,
    `keras.activations.softsign`.
    """
    x = as_float(x)
    y = native("softsign", x)
    if y is not None:
        return y
    # The derivative 1 / (1 + |x|)^2 is given explicitly: autodiff of the quotient
    # subtracts two terms of size 1/|x| and loses |x| ulp to cancellation.
    return elementwise(
        lambda t: with_derivative(
            t,
            lambda u: with_limits(u, lambda v: v / (1.0 + ops.abs(v)), -1.0, 1.0),
            lambda u: 1.0 / ops.square(1.0 + ops.abs(u)),
        ),
        x,
    )


@jit_function
def log_sigmoid(x: Any) -> Any:
    """Logarithm of the sigmoid, computed stably as `-softplus(-x)`.

    Formula:
    ```
    log_sigmoid(x) = log(1 / (1 + exp(-x))) = -log(1 + exp(-x))
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[-inf, 0]`.

    Equivalents: `torch.nn.functional.logsigmoid`, `jax.nn.log_sigmoid`,
    `keras.activations.log_sigmoid`.
    """
    x = as_float(x)
    y = native("log_sigmoid", x)
    if y is not None:
        return y
    return elementwise(lambda t: -stable_softplus(-t), x)


@jit_function
def tanh_shrink(x: Any) -> Any:
    """Tanh shrink, `x - tanh(x)`.

    Formula:
    ```
    tanh_shrink(x) = x - tanh(x)
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Equivalents: `torch.nn.functional.tanhshrink`, `keras.activations.tanh_shrink`.
    """
    return elementwise(lambda t: t - ops.tanh(t), x)


def check_softplus(beta: Any, threshold: Any) -> None:
    _validate.positive("beta", beta)
    _validate.number("threshold", threshold)


@jit_function
def softplus(x: Any, beta: float = 1.0, threshold: float = 20.0) -> Any:
    """Softplus with sharpness `beta`, linear above `threshold` (PyTorch's form).

    Formula:
    ```
    softplus(x) = x                             if beta * x > threshold
                = log(1 + exp(beta * x)) / beta  otherwise
    ```

    `log(1 + exp(z))` is evaluated without overflow for any `z`, so the result is
    exact also for `threshold` values above the float range of `exp`.

    Args:
        x: Input tensor.
        beta: Float `> 0`, the sharpness. Defaults to `1.0`.
        threshold: Finite float; above `beta * x > threshold` the function is the
            identity. Defaults to `20.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Dugas et al., 2001](https://papers.nips.cc/paper/1920-incorporating-second-order-functional-knowledge-for-better-option-pricing)

    Equivalents: `torch.nn.functional.softplus`, `jax.nn.softplus` (`beta=1`, no
    threshold), `keras.activations.softplus` (`beta=1`, no threshold).
    """
    check_softplus(beta, threshold)
    x = as_float(x)
    y = native("softplus", x, beta, threshold)
    if y is not None:
        return y

    def fn(t: Any) -> Any:
        z = t * beta
        linear = z > threshold
        z_safe = ops.where(linear, ops.zeros_like(z), z)
        return ops.where(linear, t, stable_softplus(z_safe) / beta)

    if _validate.is_tensor_like(beta) or _validate.is_tensor_like(threshold):
        return elementwise(fn, x)  # autodiff: gradients reach tensor parameters too

    def value(t: Any) -> Any:
        # Not differentiated (the derivative is written out): no double where needed.
        z = t * beta
        return ops.where(z > threshold, t, softplus_value(z) / beta)

    def derivative(t: Any) -> Any:
        # 1 on the linear piece (also at +inf), sigmoid(beta x) below it (PyTorch's).
        z = t * beta
        return ops.where(z > threshold, ops.ones_like(z), ops.sigmoid(z))

    # Only x is kept for the backward pass, as PyTorch's kernel keeps.
    return elementwise(lambda t: with_derivative(t, value, derivative), x)


def _exponential_unit(t: Any, alpha: Any, input_scale: Any, scale: Any) -> Any:
    """`scale * x` for `x > 0`, else `scale * alpha * expm1(x * input_scale)`.

    With plain-number parameters the derivative is given explicitly
    (`scale * alpha * input_scale * exp(x * input_scale)` for `x <= 0`): autodiff through
    the tanh form of `expm1` loses it to cancellation for `x < -17` in float32.
    """
    if all(isinstance(p, (int, float)) for p in (alpha, input_scale, scale)):

        def derivative(u: Any) -> Any:
            # `x <= 0` picks the exponential piece, so a NaN input takes the linear
            # piece's slope, as PyTorch's kernels do (the value stays NaN).
            negative = u <= 0
            u_neg = ops.where(negative, u, ops.zeros_like(u))
            slope = ops.exp(u_neg * input_scale) * (scale * alpha * input_scale)
            return ops.where(negative, slope, ops.full_like(u, scale))

        return with_derivative(t, lambda u: _exponential_value(u, alpha, input_scale, scale), derivative)
    return _exponential_value(t, alpha, input_scale, scale)


def _exponential_value(t: Any, alpha: Any, input_scale: Any, scale: Any) -> Any:
    positive = t > 0
    t_neg = ops.where(positive, ops.zeros_like(t), t)
    z = t_neg * input_scale
    if isinstance(input_scale, (int, float)) and input_scale < 0:
        negative_part = ops.expm1(z) * (alpha * scale)  # z >= 0 (celu with alpha < 0)
    else:
        negative_part = expm1_nonpositive(z) * (alpha * scale)
    return ops.where(positive, t * scale, negative_part)


def check_elu(alpha: Any) -> None:
    _validate.number("alpha", alpha)


@jit_function
def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit.

    Formula:
    ```
    elu(x) = x                       if x > 0
           = alpha * (exp(x) - 1)    otherwise
    ```

    The gradient at `x = 0` is `alpha` (as in PyTorch).

    Args:
        x: Input tensor.
        alpha: Finite float, the saturation value for `x -> -inf` is `-alpha`.
            Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Clevert et al., 2016](https://arxiv.org/abs/1511.07289)

    Equivalents: `torch.nn.functional.elu`, `jax.nn.elu`, `keras.activations.elu`.
    """
    check_elu(alpha)
    x = as_float(x)
    y = native("elu", x, alpha)
    if y is not None:
        return y
    return elementwise(lambda t: _exponential_unit(t, alpha, 1.0, 1.0), x)


@jit_function
def selu(x: Any) -> Any:
    """Scaled exponential linear unit.

    Formula:
    ```
    selu(x) = scale * x                       if x > 0
            = scale * alpha * (exp(x) - 1)    otherwise
    ```

    with `alpha = 1.6732632423543772` and `scale = 1.0507009873554805`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Equivalents: `torch.nn.functional.selu`, `jax.nn.selu`, `keras.activations.selu`.
    """
    x = as_float(x)
    y = native("selu", x)
    if y is not None:
        return y
    return elementwise(lambda t: _exponential_unit(t, SELU_ALPHA, 1.0, SELU_SCALE), x)


def check_celu(alpha: Any) -> None:
    _validate.non_zero("alpha", alpha)


@jit_function
def celu(x: Any, alpha: float = 1.0) -> Any:
    """Continuously differentiable exponential linear unit.

    Formula:
    ```
    celu(x) = x                             if x > 0
            = alpha * (exp(x / alpha) - 1)  otherwise
    ```

    Args:
        x: Input tensor.
        alpha: Finite float other than 0. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Barron, 2017](https://arxiv.org/abs/1704.07483)

    Equivalents: `torch.nn.functional.celu`, `jax.nn.celu`, `keras.activations.celu`.
    """
    check_celu(alpha)
    x = as_float(x)
    y = native("celu", x, alpha)
    if y is not None:
        return y
    return elementwise(lambda t: _exponential_unit(t, alpha, 1.0 / alpha, 1.0), x)


def check_gelu(approximate: Any) -> None:
    _validate.one_of("approximate", approximate, ("none", "tanh"))


@jit_function
def gelu(x: Any, approximate: str = "none") -> Any:
    """Gaussian error linear unit, exact or with the tanh approximation.

    Formula:
    ```
    gelu(x) = x * Phi(x) = x / 2 * (1 + erf(x / sqrt(2)))             # "none"
    gelu(x) = x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))   # "tanh"
    ```

    The exact form uses `erf`, as PyTorch does (`erfc` would keep the relative
    accuracy of the far negative tail, below 1e-7 in absolute value, but has no ONNX
    operator). The tanh form is evaluated as `x * sigmoid(2 u)`, which has no
    cancellation for negative `x`.

    Args:
        x: Input tensor.
        approximate: `"none"` (exact) or `"tanh"`. Defaults to `"none"`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Hendrycks & Gimpel, 2016](https://arxiv.org/abs/1606.08415)

    Equivalents: `torch.nn.functional.gelu`, `jax.nn.gelu` (`approximate=True` by
    default there), `keras.activations.gelu` (`approximate=False`).
    """
    check_gelu(approximate)
    x = as_float(x)
    y = native("gelu", x, approximate)
    if y is not None:
        return y
    if approximate == "tanh":

        def fn(t: Any) -> Any:
            u = (t + 0.044715 * t * t * t) * _SQRT_2_OVER_PI
            return t * ops.sigmoid(2.0 * u)

        def dfn(t: Any) -> Any:
            u = (t + 0.044715 * t * t * t) * _SQRT_2_OVER_PI
            s = ops.sigmoid(2.0 * u)
            # In `x s (1 - s) du/dx`, s (1 - s) is exactly 0 in float64 once |x| >= 30
            # (|2u| > 1900), where x^2 may overflow (|x| > 1.8e19 in float32): x is
            # clipped there, keeping 0 * inf out of the derivative.
            tc = ops.clip(t, -30.0, 30.0)
            du = (1.0 + 3.0 * 0.044715 * tc * tc) * _SQRT_2_OVER_PI
            return s + tc * 2.0 * s * (1.0 - s) * du

    else:

        def fn(t: Any) -> Any:
            return 0.5 * t * (1.0 + ops.erf(t * _SQRT_HALF))

        def dfn(t: Any) -> Any:
            pdf = ops.exp(-0.5 * t * t) * _INV_SQRT_2PI
            return 0.5 * (1.0 + ops.erf(t * _SQRT_HALF)) + t * pdf

    return _self_gated(x, fn, dfn)


@jit_function
def silu(x: Any) -> Any:
    """Sigmoid linear unit (SiLU), `x * sigmoid(x)`; equals `swish(x, beta=1)`.

    Formula:
    ```
    silu(x) = x * sigmoid(x)
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Elfwing et al., 2017](https://arxiv.org/abs/1702.03118)

    Equivalents: `torch.nn.functional.silu`, `jax.nn.silu`, `keras.activations.silu`.
    """

    x = as_float(x)
    y = native("silu", x)
    if y is not None:
        return y
    return elementwise(
        lambda t: with_derivative(
            t,
            _silu_value,
            lambda u: _swish_derivative(u, 1.0),
        ),
        x,
    )


def _silu_value(u: Any) -> Any:
    # The gradient is `_swish_derivative`'s, so one `where` (for -inf * 0) is enough here:
    # no NaN of the branch not taken can reach a gradient.
    y = u * ops.sigmoid(u)
    return ops.where(u == float("-inf"), ops.zeros_like(y), y)


def _swish_derivative(u: Any, beta: Any) -> Any:
    """`g (1 + beta x (1 - g))`, `g = sigmoid(beta x)`: the derivative of `x sigmoid(beta x)`.

    `beta x` is clipped to +-800, where `1 - g` or `g` is exactly 0 in float64 already:
    an overflowing `beta x` (inf, and `inf * 0` is NaN) never reaches the product, and
    the result is exact there (1 or 0). At +-inf the derivative is 0, as everywhere in
    keras-acts; NaN gives NaN. The clip, not a `where` substituting 0 for +-inf, keeps
    the whole derivative one fused loop under XLA (XLA's CPU fusion materialises a
    `where` operand used twice, costing an extra pass: 1.6x `jax.nn.silu`'s gradient
    against 1.1x).
    """
    c = ops.clip(u * beta, -800.0, 800.0)
    g = ops.sigmoid(c)
    d = g * (1.0 + c * (1.0 - g))
    return ops.where(ops.abs(u) == float("inf"), ops.zeros_like(d), d)


def check_swish(beta: Any) -> None:
    _validate.number("beta", beta)


def swish_impl(t: Any, beta: Any) -> Any:
    """`x * sigmoid(beta * x)` for a float or tensor `beta`, with the limits at +-inf.

    At an infinite `x` the value is `x * sigmoid(beta * x)` with `inf * 0 := 0`; its
    gradient there is 0 (no NaN reaches `beta`'s gradient either).
    """
    beta_const = beta
    if _validate.is_tensor_like(beta):
        beta = ops.cast(ops.convert_to_tensor(beta), t.dtype)
        beta_const = ops.stop_gradient(beta)
    infinite = ops.logical_or(t == float("inf"), t == float("-inf"))
    safe = ops.where(infinite, ops.zeros_like(t), t)
    finite_value = safe * ops.sigmoid(safe * beta)
    gate_at_inf = ops.sigmoid(ops.stop_gradient(t) * beta_const)
    limit = ops.where(gate_at_inf == 0, ops.zeros_like(t), ops.stop_gradient(t) * gate_at_inf)
    return ops.where(infinite, limit, finite_value)


@jit_function
def swish(x: Any, beta: float = 1.0) -> Any:
    """Swish with slope `beta`, `x * sigmoid(beta * x)`.

    Formula:
    ```
    swish(x) = x * sigmoid(beta * x)
    ```

    `beta = 1` gives SiLU; `beta -> inf` approaches ReLU; `beta = 0` gives `x / 2`.
    `keras_acts.layers.Swish` learns `beta`.

    Args:
        x: Input tensor.
        beta: Finite float. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Ramachandran et al., 2017](https://arxiv.org/abs/1710.05941)

    Equivalents: `torch.nn.functional.silu` (`beta=1` only), `jax.nn.swish`
    (`beta=1` only), `keras.activations.swish` (`beta=1` only).
    """
    check_swish(beta)
    if not _validate.is_tensor_like(beta) and beta == 1:
        return silu(x)  # the same function, and its fast path where there is one
    x = as_float(x)
    y = native("swish", x, beta)
    if y is not None:
        return y

    # A number beta: the derivative is written out and only x is kept for the backward
    # pass (0 at +-inf, as swish_impl's).
    return elementwise(
        lambda t: with_derivative(t, lambda u: swish_impl(u, beta), lambda u: _swish_derivative(u, beta)),
        x,
    )


@jit_function
def mish(x: Any) -> Any:
    """Mish, `x * tanh(softplus(x))`.

    Formula:
    ```
    mish(x) = x * tanh(log(1 + exp(x)))
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Misra, 2019](https://arxiv.org/abs/1908.08681)

    Equivalents: `torch.nn.functional.mish`, `keras.activations.mish`; JAX has none.
    """

    def dfn(u: Any) -> Any:
        t = ops.tanh(stable_softplus(u))
        return t + u * ops.sigmoid(u) * (1.0 - t * t)

    x = as_float(x)
    y = native("mish", x)
    if y is not None:
        return y
    return _self_gated(x, lambda u: u * ops.tanh(stable_softplus(u)), dfn)


@jit_function
def lisht(x: Any) -> Any:
    """Linearly scaled hyperbolic tangent, `x * tanh(x)`.

    Formula:
    ```
    lisht(x) = x * tanh(x)
    ```

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.

    Reference:
        - [Roy et al., 2019](https://arxiv.org/abs/1901.05894)

    Equivalents: TensorFlow Addons' `tfa.activations.lisht`; none in PyTorch, JAX or Keras.
    """

    def derivative(u: Any) -> Any:
        # tanh(x) + x sech(x)^2, with sech^2 = 4 e^(-2|x|) / (1 + e^(-2|x|))^2: no
        # overflow and no cancellation. (Autodiff of x * tanh(x) under JAX expands
        # x (1 - tanh^2) into terms of size |x| that cancel: 0 at x = -1e30, NaN at -3e38.)
        a = ops.exp(-2.0 * ops.abs(u))
        return ops.tanh(u) + u * (4.0 * a / ((1.0 + a) * (1.0 + a)))

    return elementwise(
        lambda t: with_derivative(
            t,
            lambda u: with_limits(u, lambda v: v * ops.tanh(v), float("inf"), float("inf")),
            lambda u: with_limits(u, derivative, 0.0, 0.0),
        ),
        x,
    )


# Above this magnitude sqrt(x^2 + b) rounds to |x| in float32 (for any b < 1e20), and
# x^2 would overflow float32 from 1.8e19 on.
_HUGE = 1e18


def _hypot_b(t: Any, b: Any) -> Any:
    """`sqrt(t^2 + b)` without overflow of `t^2` (double where: no inf in the gradient)."""
    huge = ops.abs(t) > _HUGE
    t_small = ops.where(huge, ops.zeros_like(t), t)
    return ops.where(huge, ops.abs(t), ops.sqrt(t_small * t_small + b))


def check_squareplus(b: Any) -> None:
    _validate.non_negative("b", b)


@jit_function
def squareplus(x: Any, b: float = 4.0) -> Any:
    """Squareplus, an algebraic softplus.

    Formula:
    ```
    squareplus(x) = (x + sqrt(x^2 + b)) / 2
    ```

    For `x < 0` it is evaluated as `b / (2 (sqrt(x^2 + b) - x))`, which has no
    cancellation (the naive form returns 0 for `x = -1e4` in float32), arranged so
    that the two pieces meet exactly at 0 and the result is monotone also after
    rounding. `b = 0` is ReLU.

    Args:
        x: Input tensor.
        b: Float `>= 0`, the curvature near 0. Defaults to `4.0`.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.

    Reference:
        - [Barron, 2021](https://arxiv.org/abs/2112.11687)

    Equivalents: `jax.nn.squareplus`, `keras.activations.squareplus`; none in PyTorch.
    """
    check_squareplus(b)
    if not _validate.is_tensor_like(b) and b == 0:
        return relu(x)
    x = as_float(x)
    y = native("squareplus", x, b)
    if y is not None:
        return y

    def fn(t: Any) -> Any:
        nonneg = t >= 0
        zeros = ops.zeros_like(t)
        s = _hypot_b(t, b)  # even in x: one for both pieces
        root_b = ops.sqrt(zeros + b)
        # x/2 + s/2 with x/2 taken before the `where`: as `x * 0.5 + s * 0.5` XLA
        # factors it into `(x + s) * 0.5`, whose sum overflows near the float maximum.
        upper = ops.where(nonneg, t * 0.5, zeros) + s * 0.5
        # b / (2 (s - x)) = b / (2 (s + |x|)) written as (sqrt(b) / 2) * (sqrt(b) / (s + |x|)):
        # the ratio is exactly 1 at x = 0, so the two pieces meet exactly and, every step
        # being a correctly rounded monotone operation, the result is monotone in float too.
        lower = (root_b * 0.5) * (root_b / (s + ops.abs(t)))
        return ops.where(nonneg, upper, lower)

    def derivative(t: Any) -> Any:
        # (1 + x / s) / 2 with s = sqrt(x^2 + b), written out (only x is kept for the
        # backward pass); for x < 0 as b / (2 s (s - x)), which does not cancel.
        nonneg = t >= 0
        s = _hypot_b(t, b)
        upper = 0.5 + 0.5 * (t / s)
        return ops.where(nonneg, upper, (ops.zeros_like(t) + b) / (2.0 * s * (s + ops.abs(t))))

    if _validate.is_tensor_like(b):
        return elementwise(lambda t: with_limits(t, fn, 0.0, float("inf")), x)
    # fn itself is right at +-inf (inf and 0) and NaN; the derivative needs the limits.
    return elementwise(
        lambda t: with_derivative(t, fn, lambda u: with_limits(u, derivative, 0.0, 0.0)),
        x,
    )


def _sinc(t: Any) -> Any:
    """Unnormalised `sin(t) / t`, equal to 1 at 0 and 0 at +-inf (where `alpha x`
    overflows for a finite `x`), with a finite gradient everywhere."""
    small = ops.abs(t) < 1e-3
    infinite = ops.logical_or(t == float("inf"), t == float("-inf"))
    t_safe = ops.where(ops.logical_or(small, infinite), ops.ones_like(t), t)
    finite = ops.where(infinite, ops.zeros_like(t), ops.sin(t_safe) / t_safe)
    return ops.where(small, 1.0 - t * t / 6.0, finite)


def check_snake(alpha: Any) -> None:
    _validate.positive("alpha", alpha)


def snake_impl(t: Any, alpha: Any) -> Any:
    """`x + sin(alpha x)^2 / alpha`, as `x + alpha (x sinc(alpha x))^2` (stable as alpha -> 0)."""

    def fn(u: Any) -> Any:
        s = u * _sinc(u * alpha)
        return u + alpha * s * s

    if _validate.is_tensor_like(alpha):
        return with_limits(t, fn, float("-inf"), float("inf"))

    def derivative(u: Any) -> Any:
        # 1 + sin(2 alpha x), as 1 + 2 sin(alpha x) cos(alpha x): 2 alpha x overflows
        # first. Where alpha x itself overflows (finite x), sin(alpha x) cycles far faster
        # than x's ulp and the derivative is taken as its mean, 1.
        v = u * alpha
        v = ops.where(ops.logical_or(v == float("inf"), v == float("-inf")), ops.zeros_like(v), v)
        return 1.0 + 2.0 * ops.sin(v) * ops.cos(v)

    # With a number alpha the derivative 1 + sin(2 alpha x) is written out (only x is kept
    # for the backward pass); 0 at +-inf, like every limit here.
    return with_derivative(
        t,
        lambda u: with_limits(u, fn, float("-inf"), float("inf")),
        lambda u: with_limits(u, derivative, 0.0, 0.0),
    )


@jit_function
def snake(x: Any, alpha: float = 1.0) -> Any:
    """Snake, a periodic activation with a linear trend.

    Formula:
    ```
    snake(x) = x + sin(alpha * x)^2 / alpha
    ```

    Evaluated as `x + alpha * (x * sinc(alpha * x))^2` with the unnormalised sinc,
    which is exact and has no `1 / alpha` blow-up as `alpha -> 0` (the limit is `x`).
    `keras_acts.layers.Snake` learns `alpha`.

    Args:
        x: Input tensor.
        alpha: Float `> 0`, the frequency. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Ziyin et al., 2020](https://arxiv.org/abs/2006.08195)

    Equivalents: none in PyTorch, JAX or Keras.
    """
    check_snake(alpha)
    x = as_float(x)
    y = native("snake", x, alpha)
    if y is not None:
        return y
    return elementwise(lambda t: snake_impl(t, alpha), x)
