"""Piecewise-linear activations: ReLU family, hard approximations and shrinkage.

Each function is a chain of `where`s on comparisons, so that NaN propagates (every
comparison with NaN is false and the NaN input is returned), infinities map to the
function's limits, and the gradient at every kink is PyTorch's choice.
"""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._catalog import activation
from keras_acts.activations._base import elementwise, with_derivative


def _clip(x: Any, lo: float, hi: float) -> Any:
    """`clip(x, lo, hi)` with NaN kept and gradient 0 at both ends (PyTorch's hardtanh)."""
    return ops.where(x <= lo, ops.full_like(x, lo), ops.where(x >= hi, ops.full_like(x, hi), x))


@activation(
    family="rectifier",
    formula=r"\max(x, 0)",
    reference="Nair & Hinton 2010, https://www.cs.toronto.edu/~fritz/absps/reluICML.pdf",
    torch="torch.relu",
    jax="jax.nn.relu",
    keras="keras.activations.relu",
)
def relu(x: Any) -> Any:
    """Rectified linear unit.

    The gradient at `x = 0` is 0 (as in PyTorch).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Example:
    >>> keras_acts.relu([-1.0, 0.0, 2.0])  # [0., 0., 2.]
    """
    # The backends' native kernels agree with PyTorch here (NaN kept, gradient 0 at 0),
    # which the reference tests check on every backend.
    return ops.relu(x)


@activation(
    family="rectifier",
    formula=r"\min(\max(x, 0), 6)",
    reference="Krizhevsky 2010, http://www.cs.utoronto.ca/~kriz/conv-cifar10-aug2010.pdf",
    torch="torch.nn.functional.relu6",
    jax="jax.nn.relu6",
    keras="keras.activations.relu6",
)
def relu6(x: Any) -> Any:
    """ReLU capped at 6.

    The gradient is 0 at both kinks, `x = 0` and `x = 6` (as in PyTorch).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return ops.relu6(x)  # native kernels: NaN kept, gradient 0 at 0 and 6


@activation(
    family="rectifier",
    formula=r"\begin{cases} x & x > 0 \\ \text{negative\_slope}\, x & x \le 0 \end{cases}",
    reference="Maas et al. 2013, https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
    torch="torch.nn.functional.leaky_relu",
    jax="jax.nn.leaky_relu",
    keras="keras.activations.leaky_relu",
    aliases=("leakyrelu",),
    checks={"negative_slope": _validate.number},
)
def leaky_relu(x: Any, negative_slope: float = 0.01) -> Any:
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
    return elementwise(lambda t: ops.where(t > 0, t, t * negative_slope), x)


@activation(
    family="rectifier",
    formula=r"\begin{cases} x & x > \text{threshold} \\ \text{value} & \text{otherwise} \end{cases}",
    torch="torch.nn.functional.threshold",
    keras="keras.activations.threshold (value named default_value)",
    checks={"threshold": _validate.number, "value": _validate.number},
    example={"threshold": 1.0, "value": -1.0},
)
def threshold(x: Any, threshold: float, value: float) -> Any:
    """Thresholded identity: `x` above `threshold`, `value` elsewhere.

    Args:
        x: Input tensor.
        threshold: Finite float, the threshold (required).
        value: Finite float, the replacement value (required).

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return ops.where(x <= threshold, ops.full_like(x, value), x)


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
)
def hard_tanh(x: Any, min_val: float = -1.0, max_val: float = 1.0) -> Any:
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
    return _clip(x, min_val, max_val)


@activation(
    family="rectifier",
    formula=r"\min(\max(\alpha x + \beta, 0), 1)",
    reference="Courbariaux et al. 2015, https://arxiv.org/abs/1511.00363",
    torch="torch.nn.functional.hardsigmoid (defaults)",
    jax="jax.nn.hard_sigmoid (defaults)",
    keras="keras.activations.hard_sigmoid (defaults; ONNX HardSigmoid is alpha=0.2)",
    aliases=("hardsigmoid",),
    checks={"alpha": _validate.number, "beta": _validate.number},
)
def hard_sigmoid(x: Any, alpha: float = 1.0 / 6.0, beta: float = 0.5) -> Any:
    """Hard sigmoid, a piecewise-linear approximation of the logistic sigmoid.

    The defaults give PyTorch's form `relu6(x + 3) / 6`; `alpha=0.2` gives ONNX's
    `HardSigmoid` (and TensorFlow 1 / old Keras's). The gradient is `alpha` strictly
    inside the linear piece and 0 at the kinks and at NaN (as in PyTorch).

    Args:
        x: Input tensor.
        alpha: Finite float, the slope. Defaults to `1/6`.
        beta: Finite float, the offset. Defaults to `0.5`.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.
    """
    if _validate.is_tensor_like(alpha) or _validate.is_tensor_like(beta):
        return elementwise(lambda t: _clip(t * alpha + beta, 0.0, 1.0), x)
    if alpha == 0:
        # The constant clip(beta, 0, 1), also at +-inf (where `x * 0` is NaN); NaN stays
        # NaN, with gradient 0 everywhere.
        value = min(max(float(beta), 0.0), 1.0)
        return elementwise(lambda t: ops.where(ops.isnan(t), t * 0.0, ops.full_like(t, value)), x)
    # alpha * (x + beta / alpha): the sum is exact near the lower kink (Sterbenz), so
    # small outputs keep their relative accuracy, as PyTorch's `relu6(x + 3) / 6` does.
    shift = beta / alpha

    def derivative(t: Any) -> Any:
        # alpha strictly inside the linear piece; 0 at and beyond the kinks, and at NaN
        # (as PyTorch's hardsigmoid_backward, whose kernel the PyTorch fast path calls).
        z = (t + shift) * alpha
        inside = ops.logical_and(z > 0.0, z < 1.0)
        return ops.where(inside, ops.full_like(t, alpha), ops.zeros_like(t))

    # The derivative written out keeps only x for the backward pass (autodiff of the
    # clip keeps its two masks), and JAX's un-jitted `grad` runs it as one kernel.
    return elementwise(
        lambda t: with_derivative(t, lambda u: _clip((u + shift) * alpha, 0.0, 1.0), derivative), x
    )


@activation(
    family="rectifier",
    formula=r"x \cdot \frac{\min(\max(x + 3, 0), 6)}{6}",
    reference="Howard et al. 2019, https://arxiv.org/abs/1905.02244",
    torch="torch.nn.functional.hardswish",
    jax="jax.nn.hard_swish",
    keras="keras.activations.hard_silu",
    aliases=("hardswish", "hard_silu", "hardsilu"),
)
def hard_swish(x: Any) -> Any:
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
)
def hard_shrink(x: Any, lambd: float = 0.5) -> Any:
    """Hard shrinkage: 0 on `[-lambd, lambd]`, the identity elsewhere.

    Args:
        x: Input tensor.
        lambd: Float `>= 0`, the half-width of the dead zone. Defaults to `0.5`.
            With `lambd=0` the function is the identity, with gradient 1 at 0.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    if not _validate.is_tensor_like(lambd) and lambd == 0:
        return x  # the identity, also its gradient at 0 (PyTorch's kernel returns 0 there)
    inside = ops.logical_and(x >= -lambd, x <= lambd)
    return ops.where(inside, ops.zeros_like(x), x)


@activation(
    family="rectifier",
    formula=r"\operatorname{sign}(x) \max(|x| - \lambda, 0)",
    torch="torch.nn.functional.softshrink",
    keras="keras.activations.soft_shrink (lambd named threshold)",
    aliases=("softshrink",),
    checks={"lambd": _validate.non_negative},
)
def soft_shrink(x: Any, lambd: float = 0.5) -> Any:
    """Soft shrinkage (soft thresholding), the proximal operator of `lambd * |x|`.

    Args:
        x: Input tensor.
        lambd: Float `>= 0`, the shrinkage. Defaults to `0.5`. With `lambd=0` the
            function is the identity, with gradient 1 at 0.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    if not _validate.is_tensor_like(lambd) and lambd == 0:
        return x  # the identity, also its gradient at 0 (PyTorch's kernel returns 0 there)
    # `x * 0` keeps NaN (a plain 0 would turn NaN into 0, as PyTorch's kernel does).
    return elementwise(
        lambda t: ops.where(t > lambd, t - lambd, ops.where(t < -lambd, t + lambd, t * 0.0)), x
    )


@activation(
    family="rectifier",
    formula=r"\max(x, 0)^2",
    reference="So et al. 2021 (Primer), https://arxiv.org/abs/2109.08668",
    aliases=("relu_squared", "relu2"),
)
def squared_relu(x: Any) -> Any:
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
)
def star_relu(x: Any, scale: float = 0.8944, bias: float = -0.4472) -> Any:
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

    def value(t: Any, scale: Any = scale, bias: Any = bias) -> Any:
        r = ops.relu(t)
        return (r * scale) * r + bias

    if _validate.is_tensor_like(scale) or _validate.is_tensor_like(bias):
        # Tensor weights (the StarReLU layer's), in the dtype computed in: autodiff, so
        # that they get their gradients.
        return elementwise(lambda t: value(t, ops.cast(scale, t.dtype), ops.cast(bias, t.dtype)), x)
    return elementwise(lambda t: with_derivative(t, value, lambda u: ops.relu(u) * (2.0 * scale)), x)


@activation(
    family="rectifier",
    formula=r"\frac{x}{2} \min(\max(x + 2, 0), 2)",
    reference="Misra 2019 (mish), https://arxiv.org/abs/1908.08681; timm's hard_mish, "
    "https://github.com/huggingface/pytorch-image-models/blob/main/timm/layers/activations.py",
    aliases=("hardmish",),
)
def hard_mish(x: Any) -> Any:
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
def sparse_plus(x: Any) -> Any:
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
def sparse_sigmoid(x: Any) -> Any:
    """Sparse sigmoid, the derivative of `sparse_plus`: `hard_sigmoid(x, alpha=0.5, beta=0.5)`.

    The gradient is 1/2 strictly inside `(-1, 1)` and 0 at the kinks (as PyTorch's
    hardtanh; `jax.nn.sparse_sigmoid` gives 1/4 there).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.
    """
    return hard_sigmoid(x, 0.5, 0.5)
