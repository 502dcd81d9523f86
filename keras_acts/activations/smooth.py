"""Smooth activations: sigmoids, softsign, softplus, the exponential units (ELU, SELU,
CELU), LiSHT, squareplus and Snake. The self-gated ones (GELU, SiLU / Swish, quick GELU,
mish) are in `keras_acts.activations.gated`.

Transcendental functions of float16 / bfloat16 inputs are computed in float32 and cast
back (`elementwise`), so half-precision results stay finite wherever the true value is
representable. Infinite inputs map to the function's limits (`with_limits`).
"""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._catalog import CHECKED, NAN_CHECKED, SAME_KERNEL, Baseline, activation
from keras_acts.activations._base import (
    cos,
    elementwise,
    expm1_nonpositive,
    fill_like,
    is_number,
    sin,
    softplus_value,
    stable_softplus,
    with_derivative,
    with_limits,
)
from keras_acts.activations._base import tanh as _tanh
from keras_acts.activations.rectifiers import relu
from keras_acts.types import Tensor, TensorLike

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# Why elu and selu can be slower than TensorFlow's kernels (`keras-acts bench`).
_TF_ELU = (
    "native forward (plus dispatch at 2^16); under a tape a custom gradient recomputes the derivative "
    "from x in five ops (TensorFlow's, from y + 1, is 0 below -17)"
)


@activation(
    family="smooth",
    formula=r"\frac{1}{1 + e^{-x}}",
    torch="torch.sigmoid",
    jax="jax.nn.sigmoid",
    keras="keras.activations.sigmoid",
    aliases=("logistic",),
    tensorflow="tf.nn.sigmoid",
    timm="timm.layers.activations.sigmoid",
    slower={"": SAME_KERNEL},
)
def sigmoid(x: TensorLike) -> Tensor:
    """Logistic sigmoid.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.
    """
    return elementwise(ops.sigmoid, x)


@activation(
    family="smooth",
    formula=r"\tanh(x)",
    torch="torch.tanh",
    jax="jax.nn.tanh",
    keras="keras.activations.tanh",
    tensorflow="tf.nn.tanh",
    timm="timm.layers.activations.tanh",
    slower={"": SAME_KERNEL},
)
def tanh(x: TensorLike) -> Tensor:
    """Hyperbolic tangent.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[-1, 1]`.
    """
    return elementwise(_tanh, x)  # (not `ops.tanh`: float64 in float32 on JAX)


@activation(
    family="smooth",
    formula=r"\frac{x}{1 + |x|}",
    reference="Bergstra et al. 2009, https://www.iro.umontreal.ca/~lisa/publications2/index.php/attachments/single/205",
    torch="torch.nn.functional.softsign",
    jax="jax.nn.soft_sign",
    keras="keras.activations.softsign",
    aliases=("soft_sign",),
    tensorflow="tf.nn.softsign",
    slower={
        "torch": "x / (1 + abs(x)) with x clipped to the finite range (the limit at +-inf without a "
        "check): four passes against PyTorch's three, a few us each at 2^16",
        "tensorflow": CHECKED,
    },
)
def softsign(x: TensorLike) -> Tensor:
    """Softsign.

    `softsign(+-inf) = +-1` (the limit; PyTorch returns NaN there).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[-1, 1]`.
    """
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


@activation(
    family="smooth",
    formula=r"-\log(1 + e^{-x})",
    torch="torch.nn.functional.logsigmoid",
    jax="jax.nn.log_sigmoid",
    keras="keras.activations.log_sigmoid",
    aliases=("logsigmoid",),
    tensorflow="tf.math.log_sigmoid",
)
def log_sigmoid(x: TensorLike) -> Tensor:
    """Logarithm of the sigmoid, computed stably as `-softplus(-x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[-inf, 0]`.
    """
    return elementwise(lambda t: -stable_softplus(-t), x)


@activation(
    family="smooth",
    formula=r"x - \tanh(x)",
    torch="torch.nn.functional.tanhshrink",
    keras="keras.activations.tanh_shrink",
    aliases=("tanhshrink",),
)
def tanh_shrink(x: TensorLike) -> Tensor:
    """Tanh shrink, `x - tanh(x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(lambda t: t - _tanh(t), x)


@activation(
    family="smooth",
    formula=r"\begin{cases} x & \beta x > \text{threshold} \\ \frac{1}{\beta}\log(1 + e^{\beta x}) & \text{otherwise} \end{cases}",
    reference="Dugas et al. 2001, https://papers.nips.cc/paper/1920-incorporating-second-order-functional-knowledge-for-better-option-pricing",
    torch="torch.nn.functional.softplus",
    jax="jax.nn.softplus (beta=1, no threshold)",
    keras="keras.activations.softplus (beta=1, no threshold)",
    checks={"beta": _validate.positive, "threshold": _validate.number},
    tensorflow="tf.nn.softplus",
    bench=Baseline(jax="jax.nn.softplus(x)"),
    slower={"tensorflow": CHECKED},
)
def softplus(x: TensorLike, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """Softplus with sharpness `beta`, linear above `threshold` (PyTorch's form).

    `log(1 + exp(z))` is evaluated without overflow for any `z`, so the result is
    exact also for `threshold` values above the float range of `exp`.

    Args:
        x: Input tensor.
        beta: Float `> 0`, the sharpness. Defaults to `1.0`.
        threshold: Finite float; above `beta * x > threshold` the function is the
            identity. Defaults to `20.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """

    # Only x is kept for the backward pass, as PyTorch's kernel keeps; tensor parameters
    # get autodiff's gradients of the value (`with_derivative`).
    return elementwise(
        lambda t, b, th: with_derivative(t, _softplus_value, _softplus_derivative, b, th), x, beta, threshold
    )


def _softplus_value(t: Any, beta: Any, threshold: Any) -> Any:
    z = t * beta
    linear = z > threshold
    if is_number(beta) and is_number(threshold):
        # Not differentiated (the derivative is written out): no double where needed.
        return ops.where(linear, t, softplus_value(z) / beta)
    # Differentiated in the tensor parameters: neither the linear piece nor -inf (where
    # d/d beta would be 0 * inf) reaches the log form.
    low = t == float("-inf")
    z_safe = ops.where(ops.logical_or(linear, low), ops.zeros_like(z), z)
    curved = ops.where(low, ops.zeros_like(z), stable_softplus(z_safe) / beta)
    return ops.where(linear, t, curved)


def _softplus_derivative(t: Any, beta: Any, threshold: Any) -> Any:
    # 1 on the linear piece (also at +inf), sigmoid(beta x) below it (PyTorch's).
    z = t * beta
    return ops.where(z > threshold, ops.ones_like(z), ops.sigmoid(z))


def _exponential_unit(t: Any, alpha: Any, scale: float = 1.0, celu: bool = False) -> Any:
    """`scale * x` for `x > 0`, else `scale * alpha * expm1(x * input_scale)`, where
    `input_scale` is `1 / alpha` for CELU, 1 otherwise.

    The derivative is given explicitly (`scale * alpha * input_scale * exp(x * input_scale)`
    for `x <= 0`): autodiff through the tanh form of `expm1` loses it to cancellation for
    `x < -17` in float32. A tensor `alpha` gets autodiff's gradient of the value.
    """

    def value(u: Any, alpha: Any) -> Any:
        return _exponential_value(u, alpha, 1.0 / alpha if celu else 1.0, scale)

    def derivative(u: Any, alpha: Any) -> Any:
        # `x > 0` picks the linear piece, so a NaN input takes the exponential piece,
        # exp(NaN): NaN in, NaN gradient (PyTorch's scalar kernel gives the linear slope).
        input_scale = 1.0 / alpha if celu else 1.0
        positive = u > 0
        u_neg = ops.where(positive, ops.zeros_like(u), u)
        slope = ops.exp(u_neg * input_scale) * (scale * alpha * input_scale)
        return ops.where(positive, ops.full_like(u, scale), slope)

    return with_derivative(t, value, derivative, alpha)


def _exponential_value(t: Any, alpha: Any, input_scale: Any, scale: Any) -> Any:
    positive = t > 0
    if is_number(input_scale):
        t_neg = ops.where(positive, ops.zeros_like(t), t)
        z = t_neg * input_scale
        if input_scale < 0:
            return ops.where(positive, t * scale, ops.expm1(z) * (alpha * scale))  # z >= 0 (celu, alpha < 0)
        return ops.where(positive, t * scale, expm1_nonpositive(z) * (alpha * scale))
    # A tensor input scale (CELU's 1 / alpha, sign unknown while tracing): expm1 of
    # either sign, and -inf kept out of the parameter's gradient (double where) with its
    # limit `alpha * scale * expm1(-inf / alpha)` (-alpha * scale for alpha > 0).
    low = t == float("-inf")
    t_neg = ops.where(ops.logical_or(positive, low), ops.zeros_like(t), t)
    negative_part = ops.expm1(t_neg * input_scale) * (alpha * scale)
    limit = ops.stop_gradient(ops.expm1(float("-inf") * input_scale)) * (alpha * scale)
    return ops.where(positive, t * scale, ops.where(low, fill_like(t, limit), negative_part))


@activation(
    family="smooth",
    formula=r"\begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}",
    reference="Clevert et al. 2016, https://arxiv.org/abs/1511.07289",
    torch="torch.nn.functional.elu",
    jax="jax.nn.elu",
    keras="keras.activations.elu",
    checks={"alpha": _validate.number},
    tensorflow="tf.nn.elu",
    slower={"torch": NAN_CHECKED, "tensorflow": _TF_ELU},
)
def elu(x: TensorLike, alpha: float = 1.0) -> Tensor:
    """Exponential linear unit.

    The gradient at `x = 0` is `alpha` (as in PyTorch).

    Args:
        x: Input tensor.
        alpha: Finite float, the saturation value for `x -> -inf` is `-alpha`.
            Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(_exponential_unit, x, alpha)


@activation(
    family="smooth",
    formula=r"\lambda \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}",
    reference="Klambauer et al. 2017, https://arxiv.org/abs/1706.02515",
    torch="torch.nn.functional.selu",
    jax="jax.nn.selu",
    keras="keras.activations.selu",
    tensorflow="tf.nn.selu",
    slower={"torch": NAN_CHECKED, "tensorflow": _TF_ELU},
)
def selu(x: TensorLike) -> Tensor:
    """Scaled exponential linear unit.

    With `alpha = 1.6732632423543772` and `scale = 1.0507009873554805` (the formula's lambda).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(lambda t: _exponential_unit(t, SELU_ALPHA, SELU_SCALE), x)


@activation(
    family="smooth",
    formula=r"\max(0, x) + \min(0, \alpha (e^{x / \alpha} - 1))",
    reference="Barron 2017, https://arxiv.org/abs/1704.07483",
    torch="torch.nn.functional.celu",
    jax="jax.nn.celu",
    keras="keras.activations.celu",
    checks={"alpha": _validate.non_zero},
    slower={"torch": NAN_CHECKED},
)
def celu(x: TensorLike, alpha: float = 1.0) -> Tensor:
    """Continuously differentiable exponential linear unit.

    Args:
        x: Input tensor.
        alpha: Finite float other than 0. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(lambda t, a: _exponential_unit(t, a, celu=True), x, alpha)


@activation(
    family="smooth",
    formula=r"x \tanh(x)",
    reference="Roy et al. 2019, https://arxiv.org/abs/1901.05894",
)
def lisht(x: TensorLike) -> Tensor:
    """Linearly scaled hyperbolic tangent, `x * tanh(x)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.
    """

    def derivative(u: Any) -> Any:
        # tanh(x) + x sech(x)^2, with sech^2 = 4 e^(-2|x|) / (1 + e^(-2|x|))^2: no
        # overflow and no cancellation. (Autodiff of x * tanh(x) under JAX expands
        # x (1 - tanh^2) into terms of size |x| that cancel: 0 at x = -1e30, NaN at -3e38.)
        a = ops.exp(-2.0 * ops.abs(u))
        return _tanh(u) + u * (4.0 * a / ((1.0 + a) * (1.0 + a)))

    return elementwise(
        lambda t: with_derivative(
            t,
            lambda u: with_limits(u, lambda v: v * _tanh(v), float("inf"), float("inf")),
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


@activation(
    family="smooth",
    formula=r"\frac{x + \sqrt{x^2 + b}}{2}",
    reference="Barron 2021, https://arxiv.org/abs/2112.11687",
    jax="jax.nn.squareplus",
    keras="keras.activations.squareplus",
    checks={"b": _validate.non_negative},
    slower={
        "torch": "two pieces picked by lerp, monotone and without torch.where: ten passes over each "
        "cached slice (a division, sign, lerp) plus the sum check, against five for the plain "
        "expression, which returns 0 for x < -1e4; at 2^16 each pass costs a few us",
        "": "two-piece form without cancellation: a division and an overflow guard (the plain "
        "expression returns 0 for x < -1e4 in float32)",
    },
    bench=Baseline(torch="(x + torch.sqrt(x * x + 4.0)) / 2"),
)
def squareplus(x: TensorLike, b: float = 4.0) -> Tensor:
    """Squareplus, an algebraic softplus.

    For `x < 0` it is evaluated as `b / (2 (sqrt(x^2 + b) - x))`, which has no
    cancellation (the naive form returns 0 for `x = -1e4` in float32), arranged so
    that the two pieces meet exactly at 0 and the result is monotone also after
    rounding. `b = 0` is ReLU.

    Args:
        x: Input tensor.
        b: Float `>= 0`, the curvature near 0. Defaults to `4.0`.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.
    """
    if is_number(b) and b == 0:
        return relu(x)
    # fn itself is right at +-inf (inf and 0) and NaN; the derivative needs the limits
    # (and so does a tensor b's gradient: `_squareplus_value`).
    return elementwise(lambda t, b: with_derivative(t, _squareplus_value, _squareplus_derivative, b), x, b)


def _squareplus(t: Any, b: Any) -> Any:
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
    den = s + ops.abs(t)
    if not is_number(b):  # b = 0 (relu) while tracing: 0 / 0 at x = 0, in the piece not taken
        den = ops.where(den == 0, ops.ones_like(den), den)
    lower = (root_b * 0.5) * (root_b / den)
    return ops.where(nonneg, upper, lower)


def _squareplus_value(t: Any, b: Any) -> Any:
    if is_number(b):
        return _squareplus(t, b)
    return with_limits(t, lambda u: _squareplus(u, b), 0.0, float("inf"))


def _squareplus_derivative(t: Any, b: Any) -> Any:
    def derivative(u: Any) -> Any:
        # (1 + x / s) / 2 with s = sqrt(x^2 + b), written out (only x is kept for the
        # backward pass); for x < 0 as b / (2 s (s - x)), which does not cancel. A
        # tensor b may be 0 (relu, derivative 0 at 0, where s is 0).
        nonneg = u >= 0
        s = _hypot_b(u, b)
        if is_number(b):
            upper = 0.5 + 0.5 * (u / s)
        else:
            positive = s > 0
            upper = ops.where(
                positive, 0.5 + 0.5 * (u / ops.where(positive, s, ops.ones_like(s))), ops.zeros_like(u)
            )
        return ops.where(nonneg, upper, (ops.zeros_like(u) + b) / (2.0 * s * (s + ops.abs(u))))

    return with_limits(t, derivative, 0.0, 0.0)


def _sinc(t: Any) -> Any:
    """Unnormalised `sin(t) / t`, equal to 1 at 0 and 0 at +-inf (where `alpha x`
    overflows for a finite `x`), with a finite gradient everywhere."""
    small = ops.abs(t) < 1e-3
    infinite = ops.logical_or(t == float("inf"), t == float("-inf"))
    t_safe = ops.where(ops.logical_or(small, infinite), ops.ones_like(t), t)
    finite = ops.where(infinite, ops.zeros_like(t), sin(t_safe) / t_safe)
    return ops.where(small, 1.0 - t * t / 6.0, finite)


def snake_impl(t: Any, alpha: Any) -> Any:
    """`x + sin(alpha x)^2 / alpha`, as `x + alpha (x sinc(alpha x))^2` (stable as alpha -> 0).

    The derivative `1 + sin(2 alpha x)` is written out (only x is kept for the backward
    pass); 0 at +-inf, like every limit here. A tensor `alpha` gets autodiff's gradient
    of the value, whose infinite inputs are replaced before it runs (`with_limits`).
    """
    return with_derivative(t, _snake_value, _snake_derivative, alpha)


def _snake_value(t: Any, alpha: Any) -> Any:
    def fn(u: Any) -> Any:
        s = u * _sinc(u * alpha)
        return u + alpha * s * s

    return with_limits(t, fn, float("-inf"), float("inf"))


def _snake_derivative(t: Any, alpha: Any) -> Any:
    def derivative(u: Any) -> Any:
        # 1 + sin(2 alpha x), as 1 + 2 sin(alpha x) cos(alpha x): 2 alpha x overflows
        # first. Where alpha x itself overflows (finite x), sin(alpha x) cycles far faster
        # than x's ulp and the derivative is taken as its mean, 1.
        v = u * alpha
        v = ops.where(ops.logical_or(v == float("inf"), v == float("-inf")), ops.zeros_like(v), v)
        return 1.0 + 2.0 * sin(v) * cos(v)

    return with_limits(t, derivative, 0.0, 0.0)


@activation(
    family="trainable",
    formula=r"x + \frac{\sin^2(\alpha x)}{\alpha}, \ \alpha \text{ learned}",
    reference="Ziyin et al. 2020, https://arxiv.org/abs/2006.08195",
    checks={"alpha": _validate.positive},
    bench=Baseline(
        torch="x + torch.sin(x) ** 2", jax="x + jax.numpy.sin(x) ** 2", tensorflow="x + tf.sin(x) ** 2"
    ),
    slower={"torch": CHECKED, "tensorflow": CHECKED},
)
def snake(x: TensorLike, alpha: float = 1.0) -> Tensor:
    """Snake, a periodic activation with a linear trend.

    Evaluated as `x + alpha * (x * sinc(alpha * x))^2` with the unnormalised sinc,
    which is exact and has no `1 / alpha` blow-up as `alpha -> 0` (the limit is `x`).
    `keras_acts.layers.Snake` learns `alpha`.

    Args:
        x: Input tensor.
        alpha: Float `> 0`, the frequency. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(snake_impl, x, alpha)


@activation(
    family="smooth",
    formula=r"e^x",
    torch="torch.exp",
    jax="jax.numpy.exp",
    keras="keras.activations.exponential",
    tensorflow="tf.exp",
)
def exponential(x: TensorLike) -> Tensor:
    """Exponential, `exp(x)`.

    It overflows to `inf` above `log(max)` of the dtype (88.7 in float32, 11.1 in
    float16, whose inputs are computed in float32 and so overflow only when cast back),
    and so does its gradient.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.
    """
    return elementwise(ops.exp, x)


@activation(
    family="smooth",
    formula=r"x",
    torch="torch.nn.Identity",
    jax="jax.nn.identity",
    keras="keras.activations.linear",
    aliases=("linear",),
)
def identity(x: TensorLike) -> Tensor:
    """Identity, `x`: no activation (Keras's `"linear"`).

    Integer inputs are cast to `keras.config.floatx()`, as everywhere in keras-acts;
    a floating input is returned as it is.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return x
