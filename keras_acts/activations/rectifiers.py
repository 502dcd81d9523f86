"""Piecewise-linear activations: ReLU family, hard approximations and shrinkage.

Each function is a chain of `where`s on comparisons, so that NaN propagates (every
comparison with NaN is false and the NaN input is returned), infinities map to the
function's limits, and the gradient at every kink is PyTorch's choice; at NaN it is NaN
(`nan_at_nan`), where the comparisons alone would pick a slope, another per backend.
"""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._catalog import CHECKED, NAN_CHECKED, SAME_KERNEL, Baseline, activation
from keras_acts.activations import _base
from keras_acts.activations._base import elementwise, fill_like, is_number, nan_at_nan, with_derivative
from keras_acts.types import Tensor, TensorLike


def _clip(x: Any, lo: Any, hi: Any) -> Any:
    """`clip(x, lo, hi)` with NaN kept and gradient 0 at both ends (PyTorch's hardtanh);
    `lo` and `hi` numbers or scalar tensors (which get their gradients: 1 where taken)."""
    return ops.where(x <= lo, fill_like(x, lo), ops.where(x >= hi, fill_like(x, hi), x))


def _max_value(name: str, value: Any) -> Any:
    """`None` (no cap) or a finite real number >= 0 (Keras's `ReLU` rejects a negative cap)."""
    return None if value is None else _validate.non_negative(name, value)


_max_value.allowed = "None or a finite real number >= 0"  # type: ignore[attr-defined]


@activation(
    family="rectifier",
    formula=r"\begin{cases} \min(x, \text{max\_value}) & x > \text{threshold} \\ "
    r"\text{negative\_slope}\,(x - \text{threshold}) & x \le \text{threshold} \end{cases}",
    reference="Nair & Hinton 2010, https://www.cs.toronto.edu/~fritz/absps/reluICML.pdf",
    torch="torch.relu (defaults)",
    jax="jax.nn.relu (defaults)",
    keras="keras.activations.relu",
    checks={
        "negative_slope": _validate.non_negative,
        "max_value": _max_value,
        "threshold": _validate.non_negative,
    },
    tensorflow="tf.nn.relu",
    slower={"torch": NAN_CHECKED, "tensorflow": NAN_CHECKED, "": SAME_KERNEL},
)
def relu(
    x: TensorLike, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0
) -> Tensor:
    """Rectified linear unit, with Keras's optional slope, cap and threshold.

    With the defaults this is `max(x, 0)`, and the gradient at `x = 0` is 0 (as in
    PyTorch). The parameters are `keras.activations.relu`'s and `keras.layers.ReLU`'s,
    with their semantics: `x` above `threshold` (capped at `max_value`),
    `negative_slope * (x - threshold)` at or below it. The gradient is `negative_slope`
    at `x = threshold` and 0 at `x = max_value` (as PyTorch's `relu6` at 6).

    Args:
        x: Input tensor.
        negative_slope: Finite float `>= 0`, the slope at or below `threshold`.
            Defaults to `0.0`.
        max_value: `None` (no cap) or a finite float `>= 0`, the largest value returned.
            Defaults to `None`.
        threshold: Finite float `>= 0`, where the identity starts. Defaults to `0.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Example:
    >>> keras_acts.relu([-1.0, 0.0, 2.0])  # [0., 0., 2.]
    >>> keras_acts.relu([-1.0, 0.0, 2.0], negative_slope=0.5, max_value=1.0)  # [-0.5, 0., 1.]
    """
    if max_value is None and _is_zero(negative_slope) and _is_zero(threshold):
        # The backends' native kernels agree with PyTorch here (NaN kept); the derivative
        # is written out: 0 at 0 (PyTorch's), NaN at NaN (the kernels' is 0 or 1).
        return _base.elementwise_derivative(ops.relu, _relu_derivative, x, upcast=False)

    def fn(t: Any) -> Any:
        t = _base.nan_gradient(t)
        high = t if max_value is None else ops.where(t >= max_value, fill_like(t, max_value), t)
        if _is_zero(negative_slope):
            # 0 at or below the threshold (-inf included), NaN kept, gradient 0 at it.
            low = ops.relu(t - threshold)
        else:
            low = negative_slope * (t - threshold)  # NaN kept
            if _validate.is_tensor_like(negative_slope):  # 0 * -inf: the limit is 0
                low = ops.where(ops.equal(negative_slope, 0), ops.relu(t - threshold), low)
        return ops.where(t > threshold, high, low)

    return elementwise(fn, x)


def _relu_derivative(t: Any) -> Any:
    return nan_at_nan(ops.cast(t > 0, t.dtype), t)


def _is_zero(value: Any) -> bool:
    """`value` is the Python number 0 (a tensor is not known to be)."""
    return not _validate.is_tensor_like(value) and value == 0


@activation(
    family="rectifier",
    formula=r"\min(\max(x, 0), 6)",
    reference="Krizhevsky 2010, http://www.cs.utoronto.ca/~kriz/conv-cifar10-aug2010.pdf",
    torch="torch.nn.functional.relu6",
    jax="jax.nn.relu6",
    keras="keras.activations.relu6",
    tensorflow="tf.nn.relu6",
    slower={"torch": NAN_CHECKED, "tensorflow": NAN_CHECKED, "": SAME_KERNEL},
)
def relu6(x: TensorLike) -> Tensor:
    """ReLU capped at 6.

    The gradient is 0 at both kinks, `x = 0` and `x = 6` (as in PyTorch).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    # Native kernels: NaN kept; the derivative written out: 0 at 0 and 6, NaN at NaN.
    return _base.elementwise_derivative(
        lambda t, lo, hi: ops.relu6(t), _clip_derivative, x, 0.0, 6.0, upcast=False
    )


@activation(
    family="rectifier",
    formula=r"\begin{cases} x & x > 0 \\ \text{negative\_slope}\, x & x \le 0 \end{cases}",
    reference="Maas et al. 2013, https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
    torch="torch.nn.functional.leaky_relu",
    jax="jax.nn.leaky_relu",
    keras="keras.activations.leaky_relu",
    aliases=("leakyrelu",),
    checks={"negative_slope": _validate.number},
    tensorflow="tf.nn.leaky_relu (alpha=0.2 by default there)",
    bench=Baseline(tensorflow="tf.nn.leaky_relu(x, 0.01)"),
    slower={"torch": NAN_CHECKED, "tensorflow": NAN_CHECKED},
)
def leaky_relu(x: TensorLike, negative_slope: float = 0.01) -> Tensor:
    """Leaky rectified linear unit.

    The gradient at `x = 0` is `negative_slope` (as in PyTorch). Keras's
    `keras.activations.leaky_relu` defaults to `negative_slope=0.2` and its
    `keras.layers.LeakyReLU` to 0.3; keras-acts follows PyTorch (0.01) in both.

    Args:
        x: Input tensor.
        negative_slope: Finite float, the slope for `x <= 0`. Defaults to `0.01`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return _base.elementwise_derivative(_leaky_relu, _leaky_relu_derivative, x, negative_slope)


def _leaky_relu_derivative(t: Any, negative_slope: Any) -> Any:
    ones = ops.ones_like(t)
    return nan_at_nan(ops.where(t > 0, ones, ones * negative_slope), t)


def _leaky_relu(t: Any, negative_slope: Any) -> Any:
    # A tensor slope: double where (its gradient from the branch not taken would be
    # 0 * x, NaN at x = +inf).
    negative = t if is_number(negative_slope) else ops.where(t > 0, ops.zeros_like(t), t)
    return ops.where(t > 0, t, negative * negative_slope)


@activation(
    family="rectifier",
    formula=r"\begin{cases} x & x > \text{threshold} \\ \text{value} & \text{otherwise} \end{cases}",
    torch="torch.nn.functional.threshold",
    keras="keras.activations.threshold (value named default_value)",
    checks={"threshold": _validate.number, "value": _validate.number},
    example={"threshold": 1.0, "value": -1.0},
)
def threshold(x: TensorLike, threshold: float, value: float) -> Tensor:
    """Thresholded identity: `x` above `threshold`, `value` elsewhere.

    Args:
        x: Input tensor.
        threshold: Finite float, the threshold (required).
        value: Finite float, the replacement value (required).

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return _base.elementwise_derivative(_threshold, _threshold_derivative, x, threshold, value, upcast=False)


def _threshold_derivative(t: Any, threshold: Any, value: Any) -> Any:
    return nan_at_nan(ops.cast(t > threshold, t.dtype), t)


def _threshold(t: Any, threshold: Any, value: Any) -> Any:
    return ops.where(t <= threshold, fill_like(t, value), t)


def _bounds_ordered(min_val: Any, max_val: Any) -> None:
    _validate.less("min_val", min_val, "max_val", max_val)


@activation(
    family="rectifier",
    formula=r"\min(\max(x, \text{min\_val}), \text{max\_val})",
    reference="Collobert 2004, https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf",
    torch="torch.nn.functional.hardtanh",
    jax="jax.nn.hard_tanh (fixed bounds -1, 1)",
    keras="keras.activations.hard_tanh (fixed bounds -1, 1)",
    aliases=("hardtanh",),
    checks={"min_val": _validate.number, "max_val": _validate.number},
    check=_bounds_ordered,
    bench=Baseline(jax="jax.nn.hard_tanh(x)", tensorflow="tf.clip_by_value(x, -1.0, 1.0)"),
    slower={"torch": NAN_CHECKED, "tensorflow": NAN_CHECKED},
)
def hard_tanh(x: TensorLike, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """Hard tanh: the identity clipped to `[min_val, max_val]`.

    The gradient is 1 strictly inside `(min_val, max_val)` and 0 elsewhere, including
    at the kinks (as in PyTorch).

    Args:
        x: Input tensor.
        min_val: Finite float, the lower bound. Defaults to `-1.0`.
        max_val: Finite float, the upper bound, `> min_val`. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return _base.elementwise_derivative(_clip, _clip_derivative, x, min_val, max_val, upcast=False)


def _clip_derivative(t: Any, lo: Any, hi: Any) -> Any:
    return nan_at_nan(ops.cast(ops.logical_and(t > lo, t < hi), t.dtype), t)


@activation(
    family="rectifier",
    formula=r"\min(\max(\alpha x + \beta, 0), 1)",
    reference="Courbariaux et al. 2015, https://arxiv.org/abs/1511.00363",
    torch="torch.nn.functional.hardsigmoid (defaults)",
    jax="jax.nn.hard_sigmoid (defaults)",
    keras="keras.activations.hard_sigmoid (defaults; ONNX HardSigmoid is alpha=0.2)",
    aliases=("hardsigmoid",),
    checks={"alpha": _validate.number, "beta": _validate.number},
    timm="timm.layers.activations.hard_sigmoid",
    slower={"torch": NAN_CHECKED, "": "NaN-keeping clip (two wheres) where the native kernel is not used"},
)
def hard_sigmoid(x: TensorLike, alpha: float = 1.0 / 6.0, beta: float = 0.5) -> Tensor:
    """Hard sigmoid, a piecewise-linear approximation of the logistic sigmoid.

    The defaults give PyTorch's form `relu6(x + 3) / 6`; `alpha=0.2` gives ONNX's
    `HardSigmoid` (and TensorFlow 1 / old Keras's). The gradient is `alpha` strictly
    inside the linear piece and 0 at the kinks (as in PyTorch), NaN at NaN.

    Args:
        x: Input tensor.
        alpha: Finite float, the slope. Defaults to `1/6`.
        beta: Finite float, the offset. Defaults to `0.5`.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.
    """
    return elementwise(
        lambda t, a, b: with_derivative(t, _hard_sigmoid_value, _hard_sigmoid_derivative, a, b),
        x,
        alpha,
        beta,
    )


def _hard_sigmoid_z(t: Any, alpha: Any, beta: Any) -> Any:
    """`alpha x + beta`, as `alpha (x + beta / alpha)`: the sum is exact near the lower
    kink (Sterbenz), so small outputs keep their relative accuracy, as PyTorch's
    `relu6(x + 3) / 6` does. With `alpha = 0`, `beta` (also at +-inf, where `x * 0` is
    NaN), NaN kept. A tensor `alpha` (its value unknown while tracing) takes both forms
    and picks by value, with +-inf kept out of the parameters' gradients (double where)."""
    if is_number(alpha):
        if alpha == 0:
            return ops.where(ops.isnan(t), t, fill_like(t, beta))
        return (t + beta / alpha) * alpha
    infinite = ops.logical_or(t == float("inf"), t == float("-inf"))
    t_safe = ops.where(infinite, ops.zeros_like(t), t)
    zero = alpha == 0
    a = ops.where(zero, ops.ones_like(alpha), alpha)
    z = ops.where(zero, t_safe * alpha + beta, (t_safe + beta / a) * a)
    limit = ops.stop_gradient(t * a)  # +-inf, by the signs of x and alpha
    return ops.where(ops.logical_and(infinite, ops.logical_not(zero)), limit, z)


def _hard_sigmoid_value(t: Any, alpha: Any, beta: Any) -> Any:
    return _clip(_hard_sigmoid_z(t, alpha, beta), 0.0, 1.0)


def _hard_sigmoid_derivative(t: Any, alpha: Any, beta: Any) -> Any:
    # alpha strictly inside the linear piece; 0 at and beyond the kinks (as PyTorch's
    # hardsigmoid_backward, whose kernel the PyTorch fast path calls); NaN at NaN. The
    # derivative written out keeps only x for the backward pass (autodiff of the clip
    # keeps its two masks), and JAX's un-jitted `grad` runs it as one kernel.
    z = _hard_sigmoid_z(t, alpha, beta)
    inside = ops.logical_and(z > 0.0, z < 1.0)
    return nan_at_nan(ops.where(inside, fill_like(t, alpha), ops.zeros_like(t)), t)


@activation(
    family="rectifier",
    formula=r"x \cdot \frac{\min(\max(x + 3, 0), 6)}{6}",
    reference="Howard et al. 2019, https://arxiv.org/abs/1905.02244",
    torch="torch.nn.functional.hardswish",
    jax="jax.nn.hard_swish",
    keras="keras.activations.hard_silu",
    aliases=("hardswish", "hard_silu", "hardsilu"),
    timm="timm.layers.activations.hard_swish",
    slower={
        "torch": CHECKED,
        "": "three pieces picked by two wheres (value and written-out derivative) against one expression",
    },
)
def hard_swish(x: TensorLike) -> Tensor:
    """Hard swish (hard SiLU), `x * relu6(x + 3) / 6`.

    At the kinks the gradient is that of the outer pieces (0 at `x = -3`, 1 at
    `x = 3`), as in PyTorch.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """

    def fn(t: Any) -> Any:
        # No autodiff runs through this (the derivative is written out below), so the
        # middle piece may see +-inf in the branch not taken.
        middle = t * (t + 3.0) / 6.0
        return ops.where(t <= -3.0, ops.zeros_like(t), ops.where(t >= 3.0, t, middle))

    def derivative(t: Any) -> Any:
        # The outer pieces' slopes at the kinks; (2x + 3) / 6 = x / 3 + 1/2 between them
        # (NaN there for a NaN input).
        middle = t / 3.0 + 0.5
        return ops.where(t <= -3.0, ops.zeros_like(t), ops.where(t >= 3.0, ops.ones_like(t), middle))

    # Only x is kept for the backward pass (autodiff of `fn` keeps its masks and pieces).
    return elementwise(lambda t: with_derivative(t, fn, derivative), x)


@activation(
    family="rectifier",
    formula=r"\begin{cases} x & |x| > \lambda \\ 0 & \text{otherwise} \end{cases}",
    torch="torch.nn.functional.hardshrink",
    keras="keras.activations.hard_shrink (lambd named threshold)",
    aliases=("hardshrink",),
    checks={"lambd": _validate.non_negative},
    slower={"torch": NAN_CHECKED},
)
def hard_shrink(x: TensorLike, lambd: float = 0.5) -> Tensor:
    """Hard shrinkage: 0 on `[-lambd, lambd]`, the identity elsewhere.

    Args:
        x: Input tensor.
        lambd: Float `>= 0`, the half-width of the dead zone. Defaults to `0.5`.
            With `lambd=0` the function is the identity, with gradient 1 at 0.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    if is_number(lambd) and lambd == 0:
        # The identity, also its gradient at 0 (PyTorch's kernel returns 0 there).
        return elementwise(_base.nan_gradient, x, upcast=False)
    return _base.elementwise_derivative(_hard_shrink, _hard_shrink_derivative, x, lambd, upcast=False)


def _hard_shrink_inside(t: Any, lambd: Any) -> Any:  # (a tensor lambd may be 0: no dead zone)
    inside = ops.logical_and(t >= -lambd, t <= lambd)
    return inside if is_number(lambd) else ops.logical_and(inside, lambd > 0)


def _hard_shrink(t: Any, lambd: Any) -> Any:
    return ops.where(_hard_shrink_inside(t, lambd), ops.zeros_like(t), t)


def _hard_shrink_derivative(t: Any, lambd: Any) -> Any:
    return nan_at_nan(ops.cast(ops.logical_not(_hard_shrink_inside(t, lambd)), t.dtype), t)


@activation(
    family="rectifier",
    formula=r"\operatorname{sign}(x) \max(|x| - \lambda, 0)",
    torch="torch.nn.functional.softshrink",
    keras="keras.activations.soft_shrink (lambd named threshold)",
    aliases=("softshrink",),
    checks={"lambd": _validate.non_negative},
    slower={"torch": CHECKED},
)
def soft_shrink(x: TensorLike, lambd: float = 0.5) -> Tensor:
    """Soft shrinkage (soft thresholding), the proximal operator of `lambd * |x|`.

    Args:
        x: Input tensor.
        lambd: Float `>= 0`, the shrinkage. Defaults to `0.5`. With `lambd=0` the
            function is the identity, with gradient 1 at 0.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    if is_number(lambd) and lambd == 0:
        # The identity, also its gradient at 0 (PyTorch's kernel returns 0 there).
        return elementwise(_base.nan_gradient, x)
    return _base.elementwise_derivative(_soft_shrink, _soft_shrink_derivative, x, lambd)


def _soft_shrink_derivative(t: Any, lambd: Any) -> Any:
    # 1 outside [-lambd, lambd], 0 inside (at the kinks too); 1 everywhere for a tensor
    # lambd of 0 (the identity).
    outside = ops.cast(ops.logical_or(t > lambd, t < -lambd), t.dtype)
    if not is_number(lambd):
        outside = ops.maximum(outside, ops.cast(lambd <= 0, t.dtype))
    return nan_at_nan(outside, t)


def _soft_shrink(t: Any, lambd: Any) -> Any:
    # `x * 0` keeps NaN (a plain 0 would turn NaN into 0, as PyTorch's kernel does); for
    # a tensor lambd, `x * 1` where it is 0: the identity.
    middle = t * 0.0 if is_number(lambd) else t * ops.cast(lambd <= 0, t.dtype)
    return ops.where(t > lambd, t - lambd, ops.where(t < -lambd, t + lambd, middle))


@activation(
    family="rectifier",
    formula=r"\max(x, 0)^2",
    reference="So et al. 2021 (Primer), https://arxiv.org/abs/2109.08668",
    aliases=("relu_squared", "relu2"),
    timm="timm.models.metaformer.SquaredReLU",
    bench=Baseline(
        torch="torch.relu(x) ** 2", jax="jax.nn.relu(x) ** 2", tensorflow="tf.square(tf.nn.relu(x))"
    ),
)
def squared_relu(x: TensorLike) -> Tensor:
    """Squared ReLU, `relu(x)^2`: Primer's feed-forward activation.

    The derivative `2 relu(x)` is written out (only `x` is kept for the backward
    pass); it is 0 at `x = 0`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.
    """

    def value(t: Any) -> Any:
        r = ops.relu(t)
        return r * r

    return elementwise(lambda t: with_derivative(t, value, lambda u: 2.0 * ops.relu(u)), x)


@activation(
    family="trainable",
    formula=r"s \max(x, 0)^2 + b, \ s, b \text{ learned}",
    reference="Yu et al. 2022 (MetaFormer baselines), https://arxiv.org/abs/2210.13452",
    aliases=("starrelu",),
    checks={"scale": _validate.number, "bias": _validate.number},
    timm="timm.models.metaformer.StarReLU (scale_value=1.0, bias_value=0.0 by default there)",
    bench=Baseline(
        torch="0.8944 * torch.relu(x) ** 2 - 0.4472",
        jax="0.8944 * jax.nn.relu(x) ** 2 - 0.4472",
        tensorflow="0.8944 * tf.square(tf.nn.relu(x)) - 0.4472",
    ),
)
def star_relu(x: TensorLike, scale: float = 0.8944, bias: float = -0.4472) -> Tensor:
    """StarReLU, `scale * relu(x)^2 + bias`.

    The defaults are the paper's values, `1 / sqrt(1.25)` and `-0.5 / sqrt(1.25)` to four
    digits, which give zero mean and unit variance for a standard normal input. Evaluated as `(relu(x) * scale) * relu(x) + bias`, which does not
    overflow where `relu(x)^2` alone would but the result does not.
    `keras_acts.layers.StarReLU` learns `scale` and `bias`.

    Args:
        x: Input tensor.
        scale: Finite float, the scale. Defaults to `0.8944`.
        bias: Finite float, the bias. Defaults to `-0.4472`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """

    # Tensor weights (the StarReLU layer's) get their gradients (`with_derivative`).
    return elementwise(
        lambda t, s, b: with_derivative(t, _star_relu_value, _star_relu_derivative, s, b), x, scale, bias
    )


def _star_relu_value(t: Any, scale: Any, bias: Any) -> Any:
    r = ops.relu(t)
    return (r * scale) * r + bias


def _star_relu_derivative(t: Any, scale: Any, bias: Any) -> Any:
    return ops.relu(t) * (2.0 * scale)


@activation(
    family="rectifier",
    formula=r"\frac{x}{2} \min(\max(x + 2, 0), 2)",
    reference="Misra 2019 (mish), https://arxiv.org/abs/1908.08681; timm's hard_mish, "
    "https://github.com/huggingface/pytorch-image-models/blob/main/timm/layers/activations.py",
    aliases=("hardmish",),
    timm="timm.layers.activations.hard_mish",
    bench=Baseline(
        torch="0.5 * x * (x + 2.0).clamp(0.0, 2.0)",
        jax="0.5 * x * jax.numpy.clip(x + 2.0, 0.0, 2.0)",
        tensorflow="0.5 * x * tf.clip_by_value(x + 2.0, 0.0, 2.0)",
    ),
)
def hard_mish(x: TensorLike) -> Tensor:
    """Hard mish, `x * clip(x + 2, 0, 2) / 2`: the piecewise-quadratic mish of timm.

    0 below -2, the identity above 0, `x (x + 2) / 2` between. At the kink `x = -2`
    the gradient is -1 (the right-hand derivative, timm's); the derivative is
    continuous at 0.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """

    def value(t: Any) -> Any:
        # No autodiff runs through this (the derivative is written out below).
        middle = t * (t + 2.0) * 0.5
        return ops.where(t <= -2.0, ops.zeros_like(t), ops.where(t >= 0.0, t, middle))

    def derivative(t: Any) -> Any:
        return ops.where(t < -2.0, ops.zeros_like(t), ops.where(t > 0.0, ops.ones_like(t), t + 1.0))

    return elementwise(lambda t: with_derivative(t, value, derivative), x)


@activation(
    family="rectifier",
    formula=r"\begin{cases} 0 & x \le -1 \\ \frac{(x + 1)^2}{4} & -1 < x < 1 \\ x & x \ge 1 \end{cases}",
    reference="Blondel et al. 2020, https://arxiv.org/abs/1901.02324",
    jax="jax.nn.sparse_plus",
    keras="keras.activations.sparse_plus",
    aliases=("sparseplus",),
)
def sparse_plus(x: TensorLike) -> Tensor:
    """Sparse plus, the piecewise-quadratic twin of softplus: 0 below -1, `x` above 1.

    Continuously differentiable; its derivative is `sparse_sigmoid`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values `>= 0`.
    """

    def value(t: Any) -> Any:
        # No autodiff runs through this (the derivative is written out below).
        s = t + 1.0
        return ops.where(t <= -1.0, ops.zeros_like(t), ops.where(t >= 1.0, t, s * s * 0.25))

    return elementwise(lambda t: with_derivative(t, value, lambda u: _clip((u + 1.0) * 0.5, 0.0, 1.0)), x)


@activation(
    family="rectifier",
    formula=r"\frac{1}{2} \min(\max(x + 1, 0), 2)",
    reference="Blondel et al. 2020, https://arxiv.org/abs/1901.02324",
    jax="jax.nn.sparse_sigmoid",
    keras="keras.activations.sparse_sigmoid",
    aliases=("sparsesigmoid",),
)
def sparse_sigmoid(x: TensorLike) -> Tensor:
    """Sparse sigmoid, the derivative of `sparse_plus`: `hard_sigmoid(x, alpha=0.5, beta=0.5)`.

    The gradient is 1/2 strictly inside `(-1, 1)` and 0 at the kinks (as PyTorch's
    hardtanh; `jax.nn.sparse_sigmoid` gives 1/4 there).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.
    """
    return hard_sigmoid(x, 0.5, 0.5)
