"""Backend-native fast paths behind the public functions (PyTorch).

Eager PyTorch (Keras's default for `model.fit` on the torch backend) runs every
`keras.ops` call as its own kernel, and `torch.where` on CPU is slow: a three-op
`where` form of `leaky_relu` takes ~15x the time of `F.leaky_relu` at 2^22 elements
on this project's CI machine. Where PyTorch's own kernel has exactly the keras-acts
semantics -- values, NaN propagation, limits at +-inf, and the one-sided derivatives at
kinks -- the public function calls it directly on torch tensors, so there is one public
function with one contract.

`tests/test_native.py` checks every fast path against the `keras.ops` path (values and
gradients, float32/float64/bfloat16/float16, on a grid of kinks, extremes, +-inf and NaN).
Anything else goes through `keras.ops`: the other backends, symbolic tensors, Keras
variables, integer inputs and tensor-valued hyper-parameters.

Turn it off with `keras_acts.set_native_fast_path(False)` or the environment variable
`KERAS_ACTS_NATIVE=0`.
"""

from __future__ import annotations

import os
from typing import Any

import keras

from keras_acts import _validate

_ENABLED = os.environ.get("KERAS_ACTS_NATIVE", "1").strip().lower() not in ("0", "false", "no", "off")
_TORCH = keras.backend.backend() == "torch"


def set_native_fast_path(enabled: bool) -> None:
    """Enables or disables the backend-native fast paths (PyTorch only; on by default).

    With it disabled every function runs its `keras.ops` form, which is what the other
    backends run. Results agree to rounding either way.

    Args:
        enabled: Whether to use PyTorch's own kernels where they match keras-acts.
    """
    global _ENABLED
    if not isinstance(enabled, bool):
        raise ValueError(f"Argument `enabled` must be a bool. Received: enabled={enabled!r}")
    _ENABLED = enabled


def native_fast_path_enabled() -> bool:
    """Whether the backend-native fast paths are in use (see `set_native_fast_path`)."""
    return _ENABLED and _TORCH


def torch_ops(x: Any, *params: Any) -> Any:
    """`torch.nn.functional` when `x` takes the fast path, else `None`.

    The fast path needs: the torch backend, the fast path enabled, `x` a floating torch
    tensor (callers pass it through `as_float` first) (not a Keras variable or symbolic tensor) and every hyper-parameter a
    plain Python value.
    """
    if not (_ENABLED and _TORCH):
        return None
    import torch

    if not isinstance(x, torch.Tensor) or not x.dtype.is_floating_point:
        return None
    if any(_validate.is_tensor_like(p) for p in params):
        return None
    import torch.nn.functional

    return torch.nn.functional
