"""Piecewise-linear activations: ReLU family, hard approximations and shrinkage.

Each function is a chain of `where`s on comparisons, so that NaN propagates (every
comparison with NaN is false and the NaN input is returned), infinities map to the
function's limits, and the gradient at every kink is PyTorch's choice.
"""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._native import jit_function, native
from keras_acts.activations._base import as_float, elementwise, with_derivative


def _clip(x: Any, lo: float, hi: float) -> Any:
    """`clip(x, lo, hi)` with NaN kept and gradient 0 at both ends (PyTorch's hardtanh)."""
    return ops.where(x <= lo, ops.full_like(x, lo), ops.where(x >= hi, ops.full_like(x, hi), x))


@jit_function
def relu(x: Any) -> Any:
    """Rectified linear unit.

    Formula:
    ```
    relu(x) = max(x, 0)
    ```

    The gradient at `x = 0` is 0 (as in PyTorch).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Example:
    >>> keras_acts.relu([-1.0, 0.0, 2.0])  # [0., 0., 2.]

    Reference:
        - [Nair & Hinton, 2010](https://www.cs.toronto.edu/~fritz/absps/reluICML.pdf)

    Equivalents: `torch.relu`, `jax.nn.relu`, `keras.activations.relu`.
    """
    # The backends' native kernels agree with PyTorch here (NaN kept, gradient 0 at 0),
    # which the reference tests check on every backend.
    x = as_float(x)
    y = native("relu", x)
    return y if y is not None else ops.relu(x)


@jit_function
def relu6(x: Any) -> Any:
    """ReLU capped at 6.

    Formula:
    ```
    relu6(x) = min(max(x, 0), 6)
    ```

    The gradient is 0 at both kinks, `x = 0` and `x = 6` (as in PyTorch).

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Krizhevsky, 2010](http://www.cs.utoronto.ca/~kriz/conv-cifar10-aug2010.pdf)

    Equivalents: `torch.nn.functional.relu6`, `jax.nn.relu6`, `keras.activations.relu6`.
    """
    x = as_float(x)
    y = native("relu6", x)
    return y if y is not None else ops.relu6(x)  # native kernels: NaN kept, gradient 0 at 0 and 6


def check_leaky_relu(negative_slope: Any) -> None:
    _validate.number("negative_slope", negative_slope)


@jit_function
def leaky_relu(x: Any, negative_slope: float = 0.01) -> Any:
    """Leaky rectified linear unit.

    Formula:
    ```
    leaky_relu(x) = x                   if x > 0
                  = negative_slope * x  otherwise
    ```

    The gradient at `x = 0` is `negative_slope` (as in PyTorch). Keras's
    `keras.activations.leaky_relu` defaults to `negative_slope=0.2` and its
    `keras.layers.LeakyReLU` to 0.3; keras-acts follows PyTorch (0.01) in both.

    Args:
        x: Input tensor.
        negative_slope: Finite float, the slope for `x <= 0`. Defaults to `0.01`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Maas et al., 2013](https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf)

    Equivalents: `torch.nn.functional.leaky_relu`, `jax.nn.leaky_relu`,
    `keras.activations.leaky_relu`.
    """
    check_leaky_relu(negative_slope)
    x = as_float(x)
    y = native("leaky_relu", x, negative_slope)
    if y is not None:
        return y
    return elementwise(lambda t: ops.where(t > 0, t, t * negative_slope), x)


def check_threshold(threshold: Any, value: Any) -> None:
    _validate.number("threshold", threshold)
    _validate.number("value", value)


@jit_function
def threshold(x: Any, threshold: float, value: float) -> Any:
    """Thresholded identity: `x` above `threshold`, `value` elsewhere.

    Formula:
    ```
    threshold(x) = x      if x > threshold
                 = value  otherwise
    ```

    Args:
        x: Input tensor.
        threshold: Finite float, the threshold (required).
        value: Finite float, the replacement value (required).

    Returns:
        A tensor of the same shape and dtype as `x`.

    Equivalents: `torch.nn.functional.threshold`; no JAX or Keras equivalent.
    """
    check_threshold(threshold, value)
    x = as_float(x)
    return ops.where(x <= threshold, ops.full_like(x, value), x)


def check_hard_tanh(min_val: Any, max_val: Any) -> None:
    _validate.number("min_val", min_val)
    _validate.number("max_val", max_val)
    _validate.less("min_val", min_val, "max_val", max_val)


@jit_function
def hard_tanh(x: Any, min_val: float = -1.0, max_val: float = 1.0) -> Any:
    """Hard tanh: the identity clipped to `[min_val, max_val]`.

    Formula:
    ```
    hard_tanh(x) = min(max(x, min_val), max_val)
    ```

    The gradient is 1 strictly inside `(min_val, max_val)` and 0 elsewhere, including
    at the kinks (as in PyTorch).

    Args:
        x: Input tensor.
        min_val: Finite float, the lower bound. Defaults to `-1.0`.
        max_val: Finite float, the upper bound, `> min_val`. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Collobert, 2004](https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf)

    Equivalents: `torch.nn.functional.hardtanh`, `jax.nn.hard_tanh` (fixed bounds
    -1, 1), `keras.activations.hard_tanh` (fixed bounds -1, 1).
    """
    check_hard_tanh(min_val, max_val)
    x = as_float(x)
    y = native("hard_tanh", x, min_val, max_val)
    if y is not None:
        return y
    return _clip(x, min_val, max_val)


def check_hard_sigmoid(alpha: Any, beta: Any) -> None:
    _validate.number("alpha", alpha)
    _validate.number("beta", beta)


@jit_function
def hard_sigmoid(x: Any, alpha: float = 1.0 / 6.0, beta: float = 0.5) -> Any:
    """Hard sigmoid, a piecewise-linear approximation of the logistic sigmoid.

    Formula:
    ```
    hard_sigmoid(x) = clip(alpha * x + beta, 0, 1)
    ```

    The defaults give PyTorch's form `relu6(x + 3) / 6`; `alpha=0.2` gives ONNX's
    `HardSigmoid` (and TensorFlow 1 / old Keras's). The gradient is `alpha` strictly
    inside the linear piece and 0 at the kinks and at NaN (as in PyTorch).

    Args:
        x: Input tensor.
        alpha: Finite float, the slope. Defaults to `1/6`.
        beta: Finite float, the offset. Defaults to `0.5`.

    Returns:
        A tensor of the same shape and dtype as `x`, with values in `[0, 1]`.

    Reference:
        - [Courbariaux et al., 2015](https://arxiv.org/abs/1511.00363)

    Equivalents: `torch.nn.functional.hardsigmoid` (defaults), `jax.nn.hard_sigmoid`
    (defaults), `keras.activations.hard_sigmoid` (defaults), ONNX `HardSigmoid`
    (`alpha=0.2`).
    """
    check_hard_sigmoid(alpha, beta)
    x = as_float(x)
    y = native("hard_sigmoid", x, alpha, beta)
    if y is not None:
        return y
    if _validate.is_tensor_like(alpha) or _validate.is_tensor_like(beta) or alpha == 0:
        return elementwise(lambda t: _clip(t * alpha + beta, 0.0, 1.0), x)
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


@jit_function
def hard_swish(x: Any) -> Any:
    """Hard swish (hard SiLU), `x * relu6(x + 3) / 6`.

    Formula:
    ```
    hard_swish(x) = 0                  if x <= -3
                  = x * (x + 3) / 6    if -3 < x < 3
                  = x                  if x >= 3
    ```

    At the kinks the gradient is that of the outer pieces (0 at `x = -3`, 1 at
    `x = 3`), as in PyTorch.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Reference:
        - [Howard et al., 2019](https://arxiv.org/abs/1905.02244)

    Equivalents: `torch.nn.functional.hardswish`, `jax.nn.hard_swish`,
    `keras.activations.hard_silu`.
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

    x = as_float(x)
    y = native("hard_swish", x)
    if y is not None:
        return y
    # Only x is kept for the backward pass (autodiff of `fn` keeps its masks and pieces).
    return elementwise(lambda t: with_derivative(t, fn, derivative), x)


def check_shrink(lambd: Any) -> None:
    _validate.non_negative("lambd", lambd)


@jit_function
def hard_shrink(x: Any, lambd: float = 0.5) -> Any:
    """Hard shrinkage: 0 on `[-lambd, lambd]`, the identity elsewhere.

    Formula:
    ```
    hard_shrink(x) = x  if |x| > lambd
                   = 0  otherwise
    ```

    Args:
        x: Input tensor.
        lambd: Float `>= 0`, the half-width of the dead zone. Defaults to `0.5`.
            With `lambd=0` the function is the identity, with gradient 1 at 0.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Equivalents: `torch.nn.functional.hardshrink`, `keras.activations.hard_shrink`.
    """
    check_shrink(lambd)
    x = as_float(x)
    if not _validate.is_tensor_like(lambd) and lambd == 0:
        return x  # the identity, also its gradient at 0 (PyTorch's kernel returns 0 there)
    y = native("hard_shrink", x, lambd)
    if y is not None:
        return y
    inside = ops.logical_and(x >= -lambd, x <= lambd)
    return ops.where(inside, ops.zeros_like(x), x)


@jit_function
def soft_shrink(x: Any, lambd: float = 0.5) -> Any:
    """Soft shrinkage (soft thresholding), the proximal operator of `lambd * |x|`.

    Formula:
    ```
    soft_shrink(x) = x - lambd  if x > lambd
                   = x + lambd  if x < -lambd
                   = 0          otherwise
    ```

    Args:
        x: Input tensor.
        lambd: Float `>= 0`, the shrinkage. Defaults to `0.5`. With `lambd=0` the
            function is the identity, with gradient 1 at 0.

    Returns:
        A tensor of the same shape and dtype as `x`.

    Equivalents: `torch.nn.functional.softshrink`, `keras.activations.soft_shrink`.
    """
    check_shrink(lambd)
    x = as_float(x)
    if not _validate.is_tensor_like(lambd) and lambd == 0:
        return x  # the identity, also its gradient at 0 (PyTorch's kernel returns 0 there)
    # `x * 0` keeps NaN (a plain 0 would turn NaN into 0, as PyTorch's kernel does).
    y = native("soft_shrink", x, lambd)
    if y is not None:
        return y
    return elementwise(
        lambda t: ops.where(t > lambd, t - lambd, ops.where(t < -lambd, t + lambd, t * 0.0)), x
    )
