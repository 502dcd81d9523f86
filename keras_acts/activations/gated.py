"""Self-gated activations, `x * gate(x)`: GELU, SiLU and Swish-beta, quick GELU, mish.

Each keeps only its input for the backward pass (the derivative is written out and
recomputed, `with_derivative`), as PyTorch's kernels do; half precision is computed in
float32 (`elementwise`); the limits at +-inf are 0 and +inf, with gradient 0 there.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import keras
from keras import ops

from keras_acts import _backends, _validate
from keras_acts._catalog import CHECKED, Baseline, activation
from keras_acts.activations._base import (
    elementwise,
    is_number,
    stable_softplus,
    tanh,
    with_derivative,
    with_limits,
)
from keras_acts.types import Tensor, TensorLike

_SQRT_HALF = math.sqrt(0.5)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

# Why GELU's tanh form can be slower than the native op (`keras-acts bench`).
_COMPOSED_TANH_FORM = "composed 2 sigmoid(2u) form: the native 1 + tanh(u) cancels in the negative tail"


def _self_gated(x: Any, fn: Callable[[Any], Any], dfn: Callable[[Any], Any]) -> Any:
    """`x * gate(x)` activations (GELU, SiLU, mish): value `fn`, derivative `dfn`.

    Both tend to 0 at -inf; the value to +inf at +inf. Only the input is kept for the
    backward pass (`with_derivative`); the gradient at an infinite input is 0.
    """
    value, derivative = self_gated_limits(fn, dfn)
    return elementwise(lambda t: with_derivative(t, value, derivative), x)


def self_gated_limits(
    fn: Callable[[Any], Any], dfn: Callable[[Any], Any]
) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """`fn` and `dfn` with the limits of the `x * gate(x)` activations at +-inf: the value
    0 and +inf, the derivative 0 at both."""
    return (
        lambda u: with_limits(u, fn, 0.0, float("inf")),
        lambda u: with_limits(u, dfn, 0.0, 0.0),
    )


_JAX = keras.backend.backend() == "jax"


def _one_plus_erf(u: Any) -> Any:
    """`1 + erf(u)`; under JAX while `model.export()` traces, `erfc(-u)`, the same value:
    JAX lowers `erf` to a StableHLO composite that TensorFlow cannot load
    (`vhlo.composite_v2`), while `erfc` lowers to plain operations (as `jax.nn.gelu`
    does). Only then: XLA's `erf` kernel costs about half its `erfc`, which slowed a
    small CNN's JAX training step by 12% (`keras-acts bench`)."""
    if _JAX and _backends.backend_module("jax").exporting():
        from jax import lax

        return lax.erfc(-u)
    return 1.0 + ops.erf(u)


def gelu_functions(approximate: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """GELU's value and derivative (exact, or the tanh form), without the limits at +-inf."""
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
            return 0.5 * t * _one_plus_erf(t * _SQRT_HALF)

        def dfn(t: Any) -> Any:
            # `erf` itself: the derivative is never exported (inference graphs), and XLA's
            # `erf` costs about half its `erfc` (JAX's training steps at native speed).
            pdf = ops.exp(-0.5 * t * t) * _INV_SQRT_2PI
            return 0.5 * _one_plus_erf(t * _SQRT_HALF) + t * pdf

    return fn, dfn


@activation(
    family="smooth",
    formula=r"x \, \Phi(x) = \frac{x}{2} \left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)"
    r" \ \text{or, with approximate='tanh', } \frac{x}{2} \left(1 + \tanh\left(\sqrt{2 / \pi}\,(x + 0.044715\, x^3)\right)\right)",
    reference="Hendrycks & Gimpel 2016, https://arxiv.org/abs/1606.08415",
    torch="torch.nn.functional.gelu",
    jax="jax.nn.gelu (approximate=True by default there)",
    keras="keras.activations.gelu (approximate=False)",
    checks={"approximate": _validate.choice("none", "tanh")},
    tensorflow="tf.nn.gelu",
    timm="timm.layers.activations.gelu (timm.layers.activations.gelu_tanh for approximate='tanh')",
    bench=(
        Baseline(jax="jax.nn.gelu(x, approximate=False)"),
        Baseline(
            row="gelu_tanh",
            params={"approximate": "tanh"},
            torch="torch.nn.functional.gelu(x, approximate='tanh')",
            jax="jax.nn.gelu(x, approximate=True)",
            tensorflow="tf.nn.gelu(x, approximate=True)",
            slower={
                "torch": "x sigmoid(w) (PyTorch's 1 + tanh(u) cancels in the negative tail): the "
                "backward recomputes from x in nine passes over each cached slice against PyTorch's "
                "one fused kernel; at native speed at 2^22, at 2^16 each pass costs a few us",
                "tensorflow": _COMPOSED_TANH_FORM,  # no fast path for the tanh form there
                "": _COMPOSED_TANH_FORM,
            },
        ),
    ),
    slower={"torch": CHECKED, "tensorflow": CHECKED},
)
def gelu(x: TensorLike, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit, exact or with the tanh approximation.

    The exact form uses `erf`, as PyTorch does (`erfc` would keep the relative
    accuracy of the far negative tail, below 1e-7 in absolute value, but has no ONNX
    operator); under JAX, `erfc(-x / sqrt(2))`, the same value, because JAX's `erf`
    does not survive `model.export()` (docs/scaling.md, "Export"). The tanh form is evaluated as `x * sigmoid(2 u)`, which has no
    cancellation for negative `x`.

    Args:
        x: Input tensor.
        approximate: `"none"` (exact) or `"tanh"`. Defaults to `"none"`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return _self_gated(x, *gelu_functions(approximate))


@activation(
    family="smooth",
    formula=r"x \, \sigma(x)",
    reference="Elfwing et al. 2017, https://arxiv.org/abs/1702.03118",
    torch="torch.nn.functional.silu",
    jax="jax.nn.silu",
    keras="keras.activations.silu",
    tensorflow="tf.nn.silu",
    timm="timm.layers.activations.swish",
    slower={"torch": CHECKED, "tensorflow": CHECKED},
)
def silu(x: TensorLike) -> Tensor:
    """Sigmoid linear unit (SiLU), `x * sigmoid(x)`; equals `swish(x, beta=1)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
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


def swish_impl(t: Any, beta: Any) -> Any:
    """`x * sigmoid(beta * x)` for a float or tensor `beta`, with the limits at +-inf.

    At an infinite `x` the value is `x * sigmoid(beta * x)` with `inf * 0 := 0`; its
    gradient there is 0 (no NaN reaches `beta`'s gradient either).
    """
    beta_const = beta
    if not is_number(beta):
        beta = ops.cast(ops.convert_to_tensor(beta), t.dtype)
        beta_const = ops.stop_gradient(beta)
    infinite = ops.logical_or(t == float("inf"), t == float("-inf"))
    safe = ops.where(infinite, ops.zeros_like(t), t)
    finite_value = safe * ops.sigmoid(safe * beta)
    gate_at_inf = ops.sigmoid(ops.stop_gradient(t) * beta_const)
    limit = ops.where(gate_at_inf == 0, ops.zeros_like(t), ops.stop_gradient(t) * gate_at_inf)
    return ops.where(infinite, limit, finite_value)


@activation(
    family="trainable",
    formula=r"x \, \sigma(\beta x), \ \beta \text{ learned}",
    reference="Ramachandran et al. 2017, https://arxiv.org/abs/1710.05941",
    torch="torch.nn.functional.silu (beta=1 only)",
    jax="jax.nn.swish (beta=1 only)",
    keras="keras.activations.swish (beta=1 only)",
    aliases=("swish_beta",),
    checks={"beta": _validate.number},
    tensorflow="tf.nn.silu (beta as here)",
    timm="timm.layers.activations.swish (beta=1 only)",
    bench=Baseline(
        row="swish_beta",
        params={"beta": 1.5},
        torch="x * torch.sigmoid(1.5 * x)",
        jax="x * jax.nn.sigmoid(1.5 * x)",
        tensorflow="x * tf.sigmoid(1.5 * x)",
        slower={"torch": CHECKED, "tensorflow": CHECKED},
    ),
)
def swish(x: TensorLike, beta: float = 1.0) -> Tensor:
    """Swish with slope `beta`, `x * sigmoid(beta * x)`.

    `beta = 1` gives SiLU; `beta -> inf` approaches ReLU; `beta = 0` gives `x / 2`.
    `keras_acts.layers.Swish` learns `beta`.

    Args:
        x: Input tensor.
        beta: Finite float. Defaults to `1.0`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    if is_number(beta) and beta == 1:
        return silu(x)  # the same function, and its fast path where there is one
    # The derivative is written out and only x is kept for the backward pass (0 at
    # +-inf, as swish_impl's); a tensor beta (the Swish layer's weight) gets autodiff's
    # gradient of swish_impl, which keeps +-inf out of it.
    return elementwise(lambda t, b: with_derivative(t, swish_impl, _swish_derivative, b), x, beta)


@activation(
    family="smooth",
    formula=r"x \, \sigma(1.702\, x)",
    reference="Radford et al. 2021 (CLIP), https://arxiv.org/abs/2103.00020",
    aliases=("quickgelu",),
    timm="timm.layers.activations.quick_gelu",
)
def quick_gelu(x: TensorLike) -> Tensor:
    """Quick GELU, `x * sigmoid(1.702 x)`: the sigmoid approximation of GELU used by CLIP.

    Models ported from OpenAI's CLIP (and Hugging Face's `"quick_gelu"`) need this form,
    not `gelu`: the two differ by up to 0.02. It is `swish(x, beta=1.702)`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(lambda t: with_derivative(t, swish_impl, _swish_derivative, 1.702), x)


@activation(
    family="smooth",
    formula=r"x \tanh(\log(1 + e^x))",
    reference="Misra 2019, https://arxiv.org/abs/1908.08681",
    torch="torch.nn.functional.mish",
    jax="jax.nn.mish",
    keras="keras.activations.mish",
    timm="timm.layers.activations.mish",
    bench=Baseline(tensorflow="x * tf.tanh(tf.nn.softplus(x))"),
    slower={
        "torch": "x n/(2 - n) with n = s(2 - s), s = sigmoid(x), in cached slices, plus the sum "
        "check: about half F.mish's time at 2^22; the backward recomputes from x in ~13 passes "
        "against its one kernel, a few us each at 2^16",
        "tensorflow": CHECKED,
    },
)
def mish(x: TensorLike) -> Tensor:
    """Mish, `x * tanh(softplus(x))`.

    Args:
        x: Input tensor.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """

    def dfn(u: Any) -> Any:
        t = tanh(stable_softplus(u))
        return t + u * ops.sigmoid(u) * (1.0 - t * t)

    # (`_base.tanh`, not `ops.tanh`: float64 in float32 on JAX)
    return _self_gated(x, lambda u: u * tanh(stable_softplus(u)), dfn)
