"""xIELU (Huang & Schlag 2025): quadratic for positive inputs, an inverted ELU for the
others, with trainable `alpha_p`, `alpha_n`. `keras.ops` only.

The function takes the effective coefficients; `keras_acts.layers.XIELU` learns them
through the paper's parametrisation (`alpha_p = softplus(w_p)`,
`alpha_n = beta + softplus(w_n)`).
"""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._catalog import Baseline, activation
from keras_acts.activations._base import (
    elementwise,
    expm1_nonpositive,
    nan_at_nan,
    nan_gradient,
    with_derivative,
)
from keras_acts.types import Tensor, TensorLike


def _non_positive(name: str, value: Any) -> Any:
    """A finite real number <= 0 (`eps`)."""
    value = _validate.number(name, value)
    if not _validate.is_tensor_like(value) and float(value) > 0:
        raise ValueError(f"Argument `{name}` must be a finite real number <= 0. Received: {name}={value!r}")
    return value


_non_positive.allowed = "a finite real number <= 0"  # type: ignore[attr-defined]


def _alpha_n_above_beta(alpha_n: Any, beta: Any) -> None:
    # The paper's parametrisation, alpha_n = beta + softplus(.), keeps alpha_n > beta:
    # then the negative side grows like (alpha_n - beta) |x| to +inf.
    _validate.less("beta", beta, "alpha_n", alpha_n)


def _value(t: Any, alpha_p: Any, alpha_n: Any, beta: Any, eps: Any) -> Any:
    """The paper's two pieces; the negative one written `alpha_n expm1(min(x, eps)) +
    (beta - alpha_n) x`, which is `+inf` (not `inf - inf`) at `x = -inf`. Each piece
    sees 0 where the other is taken (double where), so neither puts inf or NaN into a
    gradient, with respect to `x` or to the coefficients."""
    positive = t > 0
    zero = ops.zeros_like(t)
    t_pos = ops.where(positive, t, zero)
    t_neg = ops.where(positive, zero, t)
    pos = (alpha_p * t_pos + beta) * t_pos
    neg = alpha_n * expm1_nonpositive(ops.where(t_neg <= eps, t_neg, eps)) + (beta - alpha_n) * t_neg
    return ops.where(positive, pos, neg)


def _fast_value(t: Any, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Any:
    """`_value` for float coefficients, differentiated by `_derivative` (no double where:
    the branch not taken is only selected away, never differentiated), with `ops.expm1`:
    as few kernels as PyTorch's expression of the authors' code. (PyTorch's ONNX exporter
    has no `expm1`: a model to export uses the `XIELU` layer, whose tensor coefficients
    take `_value`.)"""
    neg = alpha_n * ops.expm1(_min_eps(t, eps)) + (beta - alpha_n) * t
    return ops.where(t > 0, (alpha_p * t + beta) * t, neg)


def _min_eps(t: Any, eps: float) -> Any:
    """`min(t, eps)` for a float `eps`, as `t - relu(t - eps)`: `keras.ops.minimum(t, eps)`
    would make `eps` a tensor on `t`'s device, a host-to-device copy that synchronises a
    GPU on every call (seen on an H200 under `torch.cuda.set_sync_debug_mode`)."""
    return t - ops.relu(t - eps)


def _derivative(u: Any, alpha_p: float, alpha_n: float, beta: float, eps: float) -> Any:
    """`2 alpha_p x + beta` for `x > 0`; `alpha_n e^x + beta - alpha_n` for `x <= eps`
    (at `x = eps`, PyTorch's `clamp(x, max=eps)` passes the gradient on);
    `beta - alpha_n` in between, where `min(x, eps) = eps` is constant; NaN at NaN."""
    m = _min_eps(u, eps)
    neg = ops.where(u <= eps, alpha_n * ops.exp(m), ops.zeros_like(u)) + (beta - alpha_n)
    return nan_at_nan(ops.where(u > 0, 2.0 * alpha_p * u + beta, neg), u)


@activation(
    family="trainable",
    formula=r"\begin{cases} \alpha_p x^2 + \beta x & x > 0 \\ \alpha_n \left(e^{\min(x, \epsilon)} - 1\right) - \alpha_n x + \beta x & x \le 0 \end{cases}",
    reference="Huang & Schlag 2025, https://arxiv.org/abs/2411.13010",
    torch="transformers.activations.XIELUActivation (Apertus; alpha_p, alpha_n stored before softplus)",
    aliases=("x_ielu",),
    checks={
        "alpha_p": _validate.positive,
        "alpha_n": _validate.number,
        "beta": _validate.number,
        "eps": _non_positive,
    },
    check=_alpha_n_above_beta,
    bench=Baseline(
        torch="torch.where(x > 0, 0.8 * x * x + 0.5 * x, "
        "(torch.expm1(torch.minimum(x, torch.full_like(x, -1e-6))) - x) * 0.8 + 0.5 * x)",
        jax="jax.numpy.where(x > 0, 0.8 * x * x + 0.5 * x, "
        "(jax.numpy.expm1(jax.numpy.minimum(x, jax.numpy.full_like(x, -1e-6))) - x) * 0.8 + 0.5 * x)",
    ),
)
def xielu(
    x: TensorLike, alpha_p: float = 0.8, alpha_n: float = 0.8, beta: float = 0.5, eps: float = -1e-6
) -> Tensor:
    """xIELU, "expanded integral of the ELU": `alpha_p x^2 + beta x` for `x > 0`,
    `alpha_n (expm1(min(x, eps)) - x) + beta x` otherwise.

    Derived by integrating a designed gradient: `2 alpha_p x + beta` for positive
    inputs (a trainable, growing slope, as ReLU^2) and `alpha_n e^x - alpha_n + beta`
    for negative ones (an ELU-like gradient that tends to `beta - alpha_n`, so negative
    inputs keep a gradient of trainable size). `eps` (a small negative number) caps the
    exponential's argument as in the authors' code. The defaults are the paper's initial
    values. `keras_acts.layers.XIELU` learns `alpha_p` and `alpha_n` through the paper's
    parametrisation, `alpha_p = softplus(w_p)`, `alpha_n = beta + softplus(w_n)`, which
    keeps `alpha_p > 0` and `alpha_n > beta`; this function takes them as values (floats,
    or tensors, which then get their gradients) in those ranges. The limits are `+inf`
    at both ends.

    Args:
        x: Input tensor.
        alpha_p: Float `> 0`, the coefficient of `x^2` for `x > 0`. Defaults to `0.8`.
        alpha_n: Float `> beta`, the coefficient of the negative piece. Defaults to `0.8`.
        beta: Finite float, the slope of both pieces at 0. Defaults to `0.5`.
        eps: Float `<= 0`, the cap on the exponential's argument. Defaults to `-1e-6`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    params = (alpha_p, alpha_n, beta, eps)
    if any(_validate.is_tensor_like(p) for p in params):
        # Tensor coefficients (the XIELU layer's): autodiff, so that they get gradients;
        # `nan_gradient` makes x's NaN at NaN (the selects would give `beta - alpha_n`).
        return elementwise(lambda t: _value(nan_gradient(t), *(ops.cast(p, t.dtype) for p in params)), x)
    return elementwise(
        lambda t: with_derivative(t, lambda u: _fast_value(u, *params), lambda u: _derivative(u, *params)), x
    )
