"""Stochastic activations: randomized leaky ReLU and the Gumbel-softmax (concrete)
distribution. Noise comes from `keras.random` with `seed=None | int | SeedGenerator`."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._catalog import Baseline, activation
from keras_acts.activations._base import elementwise, max_finite, nan_gradient
from keras_acts.types import Tensor, TensorLike

# The smallest positive normal float32: uniform noise is drawn in [TINY, 1 - 2^-24], so
# -log(-log(u)) is always finite (in [-4.5, 16.7]).
_TINY = 1.1754943508222875e-38
_ONE_MINUS_EPS = 1.0 - 2.0**-24


MAX_SEED = 2**31 - 1
"""The largest int seed: every backend's `keras.random.SeedGenerator` takes `[0, 2^31 - 1]`
(PyTorch's stores it in int32, JAX's in uint32)."""


def check_seed(name: str, value: Any) -> Any:
    """`None`, a `keras.random.SeedGenerator`, or an int in `[0, 2^31 - 1]`."""
    if value is None or isinstance(value, keras.random.SeedGenerator):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ValueError(
            f"Argument `{name}` must be None, a keras.random.SeedGenerator or an integer in "
            f"[0, {MAX_SEED}]. Received: {name}={value!r}"
        )
    return value


check_seed.allowed = f"None, a keras.random.SeedGenerator or an integer in [0, {MAX_SEED}]"  # type: ignore[attr-defined]


def _lower_below_upper(lower: Any, upper: Any) -> None:
    _validate.less_equal("lower", lower, "upper", upper)


@activation(
    family="stochastic",
    formula=r"\begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}, \ a \sim U(\text{lower}, \text{upper})",
    reference="Xu et al. 2015, https://arxiv.org/abs/1505.00853",
    torch="torch.nn.functional.rrelu",
    checks={
        "lower": _validate.non_negative,
        "upper": _validate.number,
        "training": _validate.boolean,
        "seed": check_seed,
    },
    check=_lower_below_upper,
    compile=False,
)
def rrelu(
    x: TensorLike,
    lower: float = 1.0 / 8.0,
    upper: float = 1.0 / 3.0,
    training: bool = False,
    seed: int | keras.random.SeedGenerator | None = None,
) -> Tensor:
    """Randomized leaky ReLU.

    In training, `a ~ U(lower, upper)` independently per element; in inference,
    `a = (lower + upper) / 2`, i.e. `leaky_relu(x, (lower + upper) / 2)`.

    Args:
        x: Input tensor.
        lower: Float `>= 0`, the lower bound of the slope. Defaults to `1/8`.
        upper: Float `>= lower`, the upper bound of the slope. Defaults to `1/3`.
        training: Whether to draw random slopes. Defaults to `False`.
        seed: `None`, an int in `[0, 2^31 - 1]`, or a `keras.random.SeedGenerator`.
            Inside a jit-compiled function pass a `SeedGenerator` (as the `RReLU` layer
            does).

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    if training:
        slope = keras.random.uniform(ops.shape(x), minval=lower, maxval=upper, dtype="float32", seed=seed)
        slope = ops.cast(slope, x.dtype)
    else:
        slope = (lower + upper) / 2.0
    # x > 0: at 0 the gradient is the slope, as in PyTorch (its eval form is leaky_relu).
    # NaN in, NaN gradient (`nan_gradient`: the comparison fails at NaN, picking the slope).
    x = nan_gradient(x)
    return ops.where(x > 0, x, x * slope)


def _one_hot_argmax(y: Any, axis: int) -> Any:
    """The exact one-hot of the argmax along `axis` (the first index on ties; a NaN
    counts as the largest, as in `argmax`).

    The first entry equal to the maximum, found with a cumulative count, not with
    `argmax` + `one_hot`: Keras's TensorFlow `argmax` writes `Bitcast` and `BitwiseAnd`
    (for -0.0), which have no ONNX operator, so tf2onnx's model would be invalid.
    """
    if y.shape[axis] == 0:
        return y  # no classes: nothing to pick
    top = ops.max(y, axis=axis, keepdims=True)
    is_top = ops.logical_or(y == top, ops.isnan(y))
    first = ops.cumsum(ops.cast(is_top, "int32"), axis=axis) == 1
    return ops.cast(ops.logical_and(is_top, first), y.dtype)


def straight_through(y_soft: Any, axis: int) -> Any:
    """Forward: the exact one-hot of `y_soft`'s argmax; backward: `y_soft`'s gradient.

    `y - stop_gradient(y)` is exactly 0 in the forward pass, so the one-hot stays
    exact (unlike `one_hot - stop_gradient(y) + y`, which rounds).
    """
    return _one_hot_argmax(ops.stop_gradient(y_soft), axis) + (y_soft - ops.stop_gradient(y_soft))


def gumbel_noise(shape: Any, seed: Any) -> Any:
    """Standard Gumbel noise in float32, always finite."""
    u = keras.random.uniform(shape, minval=_TINY, maxval=1.0, dtype="float32", seed=seed)
    u = ops.clip(u, _TINY, _ONE_MINUS_EPS)
    return -ops.log(-ops.log(u))


def gumbel_softmax_impl(
    logits: Any, tau: Any, hard: bool, axis: int, seed: Any, training: bool = True
) -> Any:
    """The sample for any `tau` (float or tensor); `training=False` drops the noise."""

    def fn(t: Any) -> Any:
        if any(d == 0 for d in t.shape):
            return t  # empty: nothing to sample (and no max over an empty axis)
        # Shift by the largest finite logit first (softmax is shift-invariant): then
        # `/ tau` cannot overflow to inf for logits near the float maximum (inf - inf
        # would be NaN), e.g. bfloat16 logits of 3e38 with tau < 1.
        scaled = t - max_finite(ops.stop_gradient(t), axis=axis)
        if training:  # the noise is drawn in float32 (float64 logits: cast up)
            scaled = scaled + ops.cast(gumbel_noise(ops.shape(t), seed), t.dtype)
        # A Python number divides as a constant (nothing kept for the backward pass).
        tau_t = ops.cast(ops.convert_to_tensor(tau), t.dtype) if _validate.is_tensor_like(tau) else float(tau)
        y = ops.softmax(scaled / tau_t, axis=axis)
        return straight_through(y, axis) if hard else y

    return elementwise(fn, logits)


@activation(
    family="stochastic",
    formula=r"\operatorname{softmax}\left(\frac{x + g}{\tau}\right), \ g \sim \text{Gumbel}(0, 1)",
    reference="Jang et al. 2017, https://arxiv.org/abs/1611.01144; "
    "Maddison et al. 2017, https://arxiv.org/abs/1611.00712",
    torch="torch.nn.functional.gumbel_softmax (dim=axis)",
    aliases=("gumbelsoftmax", "concrete"),
    checks={"tau": _validate.positive, "hard": _validate.boolean, "axis": _validate.axis, "seed": check_seed},
    axis="axis",
    compile=False,
    bench=Baseline(params={"seed": 0}, torch="torch.nn.functional.gumbel_softmax(x)"),
)
def gumbel_softmax(
    logits: TensorLike,
    tau: float = 1.0,
    hard: bool = False,
    axis: int = -1,
    seed: int | keras.random.SeedGenerator | None = None,
) -> Tensor:
    """A sample of the Gumbel-softmax (concrete) distribution.

    `g_i = -log(-log(u_i))`, `u_i ~ U(0, 1)`. With `hard=True` the forward value is the exact one-hot of `argmax(y)` (exactly one
    1 per slice, also on ties) and the gradient is that of the soft sample
    (straight-through). The noise is drawn in float32 in the open interval, so it is
    never `log(0)`; float16/bfloat16 logits are computed in float32 and cast back.
    Logits of `-inf` (masked classes) get probability 0.

    Args:
        logits: Input tensor of unnormalised log-probabilities.
        tau: Float `> 0`, the temperature. Defaults to `1.0`.
        hard: Whether to return the straight-through one-hot sample. Defaults to `False`.
        axis: Integer, the class axis. Defaults to `-1`.
        seed: `None`, an int in `[0, 2^31 - 1]`, or a `keras.random.SeedGenerator`.
            Inside a jit-compiled function pass a `SeedGenerator` (as the
            `GumbelSoftmax` layer does).

    Returns:
        A tensor of the same shape and dtype as `logits`.
    """
    return gumbel_softmax_impl(logits, tau, hard, axis, seed)
