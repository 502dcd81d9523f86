"""Backend-native fast paths behind the public functions (PyTorch and TensorFlow).

Eager PyTorch (Keras's default for `model.fit` on the torch backend) and TensorFlow
graphs without XLA run every `keras.ops` call as its own kernel, so a composed form costs
a multiple of the native kernel; on CPU, PyTorch's `where` is particularly slow (the
three-op `where` form of `leaky_relu` takes ~15x `F.leaky_relu` at 2^22 elements on this
project's CI machine). Where the backend's own kernel has exactly the keras-acts
semantics -- values, NaN propagation, limits at +-inf and the one-sided derivatives at
kinks -- the public function calls it directly, so there is one public function with one
contract. Under JAX, XLA fuses the composed form, so there is no fast path there.

`tests/test_native.py` checks every fast path against the `keras.ops` path (values and
gradients in float64/float32/bfloat16/float16, on a grid of kinks, extremes, +-inf and NaN).
Everything else goes through `keras.ops`: symbolic tensors, Keras variables, hyper-
parameters given as tensors, and the cases listed as excluded below.

Turn it off with `keras_acts.set_native_fast_path(False)` or the environment variable
`KERAS_ACTS_NATIVE=0`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import keras

from keras_acts import _validate

_ENABLED = os.environ.get("KERAS_ACTS_NATIVE", "1").strip().lower() not in ("0", "false", "no", "off")
_BACKEND = keras.backend.backend()


def set_native_fast_path(enabled: bool) -> None:
    """Enables or disables the backend-native fast paths (on by default).

    With it disabled every function runs its `keras.ops` form, which is what JAX runs.
    Results agree to rounding either way.

    Args:
        enabled: Whether to call the backend's own kernels where they match keras-acts.
    """
    global _ENABLED
    if not isinstance(enabled, bool):
        raise ValueError(f"Argument `enabled` must be a bool. Received: enabled={enabled!r}")
    _ENABLED = enabled


def native_fast_path_enabled() -> bool:
    """Whether the backend-native fast paths are in use (see `set_native_fast_path`)."""
    return _ENABLED and _BACKEND in ("torch", "tensorflow")


def _torch_self_gated() -> dict[str, Callable[..., Any]]:
    """SiLU and mish on PyTorch's kernels, with the keras-acts limits.

    (Not GELU: PyTorch's kernel overflows to inf for |x| > 1.7e38 in float32, gives NaN
    at +inf, and its `approximate="tanh"` form cancels in the negative tail.)

    The kernels give NaN at -inf (`-inf * 0`) and a NaN derivative at +-inf; keras-acts
    gives the limits 0 (value at -inf) and 0 (derivative at +-inf). One `nan_to_num`
    pass maps the infinities to the lowest finite value, where the kernels already give
    those limits; NaN stays NaN. Only `x` is kept for the backward pass, as natively.
    """
    import torch
    import torch.nn.functional as F

    aten = torch.ops.aten
    kernels = {
        "silu": (F.silu, aten.silu_backward),
        "mish": (F.mish, aten.mish_backward),
    }

    def make(forward: Callable[[Any], Any], backward: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
        class SelfGated(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                ctx.save_for_backward(x)
                low = torch.finfo(x.dtype).min
                return forward(torch.nan_to_num(x, nan=float("nan"), neginf=low, posinf=float("inf")))

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                (x,) = ctx.saved_tensors
                low = torch.finfo(x.dtype).min
                return backward(grad, torch.nan_to_num(x, nan=float("nan"), neginf=low, posinf=low))

        return SelfGated.apply

    return {name: make(*pair) for name, pair in kernels.items()}


def _torch_table() -> dict[str, Callable[..., Any]]:
    import torch.nn.functional as F

    self_gated = _torch_self_gated()

    def softplus(x: Any, beta: float, threshold: float) -> Any:
        # The kernel computes exp(beta x) up to the threshold: it overflows float32 past 88.
        return F.softplus(x, beta, threshold) if threshold <= 80 else None

    return {
        "leaky_relu": lambda x, negative_slope: F.leaky_relu(x, negative_slope),
        "hard_tanh": lambda x, min_val, max_val: F.hardtanh(x, min_val, max_val),
        "hard_shrink": lambda x, lambd: F.hardshrink(x, lambd),
        "log_sigmoid": F.logsigmoid,
        "softplus": softplus,
        "elu": lambda x, alpha: F.elu(x, alpha),
        "selu": F.selu,
        "celu": lambda x, alpha: F.celu(x, alpha),
        "softmax": lambda x, axis: F.softmax(x, dim=axis),
        "log_softmax": lambda x, axis: F.log_softmax(x, dim=axis),
        "softmin": lambda x, axis: F.softmin(x, dim=axis),
        "silu": self_gated["silu"],
        "mish": self_gated["mish"],
    }


def _tf_table() -> dict[str, Callable[..., Any]]:
    import tensorflow as tf

    def leaky_relu(x: Any, negative_slope: float) -> Any:
        # The kernel's slope is a float32 attribute: not exact for float64 inputs.
        return None if x.dtype == tf.float64 else tf.nn.leaky_relu(x, alpha=negative_slope)

    def log_sigmoid(x: Any) -> Any:
        # In half precision the kernel rounds its intermediates; keras-acts computes in float32.
        return tf.math.log_sigmoid(x) if x.dtype in (tf.float32, tf.float64) else None

    # Not tf.nn.elu / selu: their gradient, computed from the output as `y + 1`, is 0
    # below x = -17 in float32.
    return {"leaky_relu": leaky_relu, "log_sigmoid": log_sigmoid}


# The functions with a fast path, per backend (the tables above; a test checks they agree).
NAMES: dict[str, frozenset[str]] = {
    "torch": frozenset(
        {
            "leaky_relu",
            "hard_tanh",
            "hard_shrink",
            "log_sigmoid",
            "softplus",
            "elu",
            "selu",
            "celu",
            "silu",
            "mish",
            "softmax",
            "log_softmax",
            "softmin",
        }
    ),
    "tensorflow": frozenset({"leaky_relu", "log_sigmoid"}),
}

_TABLE: dict[str, Callable[..., Any]] | None = None


def _is_tensor(x: Any) -> bool:
    if _BACKEND == "torch":
        import torch

        return isinstance(x, torch.Tensor) and x.dtype.is_floating_point
    import tensorflow as tf

    return isinstance(x, tf.Tensor) and x.dtype.is_floating


def native(name: str, x: Any, *params: Any) -> Any:
    """The backend's own kernel for `name` applied to `x`, or `None` where there is none.

    `x` must already be a floating tensor (callers pass it through `as_float`); `params`
    are the function's hyper-parameters in signature order. There is no fast path for
    symbolic tensors, tensor-valued hyper-parameters or when disabled.
    """
    global _TABLE
    if not _ENABLED or _BACKEND not in ("torch", "tensorflow"):
        return None
    if _TABLE is None:
        _TABLE = _torch_table() if _BACKEND == "torch" else _tf_table()
    fn = _TABLE.get(name)
    if fn is None or not _is_tensor(x) or any(_validate.is_tensor_like(p) for p in params):
        return None
    return fn(x, *params)
