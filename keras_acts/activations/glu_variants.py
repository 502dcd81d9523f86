"""The GLU variants (Shazeer 2020): `act(a) * b`, `a` and `b` the two halves of the input
along an axis, or two tensors given apart (`swiglu(gate, up)`).

The activation is on the FIRST half, as in the paper and in the feed-forward blocks of
LLaMA, PaLM and T5 v1.1. `keras_acts.glu` keeps PyTorch's convention instead
(`torch.nn.functional.glu(x) = a * sigmoid(b)`, the sigmoid on the second half).

The backward pass keeps the input(s) alone: the gradient, `(g b act'(a), g act(a))` for
the upstream `g`, is written out (`ops.custom_gradient`) where autodiff would also keep
`act(a)`. Half precision is computed in float32.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._backends import no_gradient_recorded
from keras_acts._catalog import Baseline, activation
from keras_acts.activations._base import HALF_DTYPES, elementwise
from keras_acts.activations.gated import _silu_value, _swish_derivative, gelu_functions, self_gated_limits
from keras_acts.activations.normalizers import _even_along_axis
from keras_acts.types import Tensor, TensorLike

Fn = Callable[[Any], Any]

# Why the GLU variants can be slower than the native expression (`keras-acts bench`).
_WRITTEN_OUT = "the written-out gradient (inputs alone kept) against autodiff's, in the compiled program"
_TORCH_GLU = (
    "the native kernel and one sum read back (the +-inf/NaN check); at 2^16 elements also the "
    "call's argument checks and splitting (~6-7 us) against a ~15-40 us kernel"
)


def _relu_derivative(t: Any) -> Any:
    # 0 at the kink and at NaN, as PyTorch's relu.
    return ops.where(t > 0, ops.ones_like(t), ops.zeros_like(t))


def _upstream(args: tuple[Any, ...], upstream: Any) -> Any:
    """The upstream gradient, given positionally (JAX, TensorFlow) or by name (PyTorch)."""
    return args[0] if upstream is None else upstream


def _halves(x: Any, axis: int, act: Fn, dact: Fn | None) -> Any:
    """`act(a) * b` for `a, b` the halves of `x` along `axis`; with `dact`, the gradient
    written out, keeping only `x`."""

    def value(t: Any) -> Any:
        a, b = ops.split(t, 2, axis=axis)
        return act(a) * b

    def fn(t: Any) -> Any:
        if dact is None or no_gradient_recorded(t):
            return value(t)

        @ops.custom_gradient
        def split_product(u: Any) -> Any:
            def grad(*args: Any, upstream: Any = None) -> Any:
                g = _upstream(args, upstream)
                a, b = ops.split(u, 2, axis=axis)
                return ops.concatenate([g * b * dact(a), g * act(a)], axis=axis)

            return value(u), grad

        return split_product(t)

    return elementwise(fn, x)


def _pair(gate: Any, up: Any, act: Fn, dact: Fn | None) -> Any:
    """`act(gate) * up` for two tensors of one shape and dtype; with `dact`, the gradient
    written out, keeping only the two inputs."""
    dtype = keras.backend.standardize_dtype(gate.dtype)
    if dtype in HALF_DTYPES:
        gate, up = ops.cast(gate, "float32"), ops.cast(up, "float32")
    if dact is None or (no_gradient_recorded(gate) and no_gradient_recorded(up)):
        y = act(gate) * up
    else:

        @ops.custom_gradient
        def pair_product(g: Any, u: Any) -> Any:
            def grad(*args: Any, upstream: Any = None) -> Any:
                w = _upstream(args, upstream)
                return w * u * dact(g), w * act(g)

            return act(g) * u, grad

        y = pair_product(gate, up)
    return ops.cast(y, dtype) if dtype in HALF_DTYPES else y


def _gated(x: Any, up: Any, axis: int, act: Fn, dact: Fn | None) -> Any:
    return _halves(x, axis, act, dact) if up is None else _pair(x, up, act, dact)


def _declare(formula: str, **kwargs: Any) -> Callable[[Any], Any]:
    """The declaration shared by the four variants."""
    return activation(
        family="gated",
        reference="Shazeer 2020, https://arxiv.org/abs/2002.05202",
        formula=formula + r", \quad (a, b) = \operatorname{split}(x, 2) \text{ or } (\text{gate}, \text{up})",
        checks={"axis": _validate.axis, **kwargs.pop("checks", {})},
        axis="axis",
        check_input=_even_along_axis,
        inputs=("up",),
        **kwargs,
    )


@_declare(
    r"\operatorname{SiLU}(a) \otimes b",
    timm="timm.layers.SwiGLU (the whole MLP block, as keras_acts.layers.GatedFeedForward)",
    bench=Baseline(
        torch="torch.nn.functional.silu(a) * b", jax="jax.nn.silu(a) * b", tensorflow="tf.nn.silu(a) * b"
    ),
    slower={
        "torch": _TORCH_GLU,
        "": _WRITTEN_OUT,
    },
)
def swiglu(x: TensorLike, up: TensorLike | None = None, axis: int = -1) -> Tensor:
    """SwiGLU, `silu(a) * b`: the feed-forward gate of LLaMA and PaLM.

    `(a, b)` are the halves of `x` along `axis`, or `(x, up)` where `up` is given. The
    SiLU is on the first half; `keras_acts.glu`, like `torch.nn.functional.glu`, puts
    its sigmoid on the second.

    Args:
        x: Input tensor; its size along `axis` must be even. With `up`, the gate.
        up: Optional tensor of the shape and dtype of `x`: the two-tensor form
            `silu(x) * up`, for gate and up projections computed apart. Defaults to
            `None` (`x` is split in two halves along `axis`).
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis` (the shape of `x`
        with `up`).
    """
    return _gated(x, up, axis, _silu_value, lambda u: _swish_derivative(u, 1.0))


@_declare(
    r"\operatorname{GELU}(a) \otimes b",
    checks={"approximate": _validate.choice("none", "tanh")},
    bench=Baseline(
        torch="torch.nn.functional.gelu(a) * b",
        jax="jax.nn.gelu(a, approximate=False) * b",
        tensorflow="tf.nn.gelu(a, approximate=False) * b",
    ),
    slower={
        "torch": _TORCH_GLU,
        "": _WRITTEN_OUT,
    },
)
def geglu(x: TensorLike, up: TensorLike | None = None, approximate: str = "none", axis: int = -1) -> Tensor:
    """GEGLU, `gelu(a) * b`: the feed-forward gate of T5 v1.1 and Gemma.

    `(a, b)` are the halves of `x` along `axis`, or `(x, up)` where `up` is given. The
    GELU is on the first half; `keras_acts.glu`, like `torch.nn.functional.glu`, puts
    its sigmoid on the second. Gemma uses `approximate="tanh"`.

    Args:
        x: Input tensor; its size along `axis` must be even. With `up`, the gate.
        up: Optional tensor of the shape and dtype of `x`: the two-tensor form
            `gelu(x) * up`. Defaults to `None` (`x` is split along `axis`).
        approximate: `"none"` (exact GELU) or `"tanh"`. Defaults to `"none"`.
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis` (the shape of `x`
        with `up`).
    """
    value, derivative = self_gated_limits(*gelu_functions(approximate))
    return _gated(x, up, axis, value, derivative)


@_declare(
    r"\max(a, 0) \otimes b",
    bench=Baseline(torch="torch.relu(a) * b", jax="jax.nn.relu(a) * b", tensorflow="tf.nn.relu(a) * b"),
    slower={
        "torch": "at 2^16 elements, the call's argument checks and splitting (~6-7 us) against a "
        "~15-40 us kernel",
        "": _WRITTEN_OUT,
    },
)
def reglu(x: TensorLike, up: TensorLike | None = None, axis: int = -1) -> Tensor:
    """ReGLU, `relu(a) * b`.

    `(a, b)` are the halves of `x` along `axis`, or `(x, up)` where `up` is given. The
    ReLU is on the first half; its derivative at `a = 0` is 0 (PyTorch's).

    Args:
        x: Input tensor; its size along `axis` must be even. With `up`, the gate.
        up: Optional tensor of the shape and dtype of `x`: the two-tensor form
            `relu(x) * up`. Defaults to `None` (`x` is split along `axis`).
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis` (the shape of `x`
        with `up`).
    """
    return _gated(x, up, axis, ops.relu, _relu_derivative)


def _identity(t: Any) -> Any:
    return t


@_declare(
    r"a \otimes b",
    bench=Baseline(torch="a * b", jax="a * b", tensorflow="a * b"),
    slower={"": _WRITTEN_OUT},
)
def bilinear(x: TensorLike, up: TensorLike | None = None, axis: int = -1) -> Tensor:
    """Bilinear GLU, `a * b`: the GLU with no activation.

    `(a, b)` are the halves of `x` along `axis`, or `(x, up)` where `up` is given.
    (Autodiff keeps the two halves alone here: nothing to write out.)

    Args:
        x: Input tensor; its size along `axis` must be even. With `up`, the first factor.
        up: Optional tensor of the shape and dtype of `x`: the two-tensor form
            `x * up`. Defaults to `None` (`x` is split along `axis`).
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis` (the shape of `x`
        with `up`).
    """
    return _gated(x, up, axis, _identity, None)
