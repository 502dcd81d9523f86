"""PyTorch fast paths of the GLU variants: `act(a) * b` as one `autograd.Function`.

`swiglu`, `geglu` (both forms) and `reglu`, split (`a, b` the halves of `x` along `axis`,
views, no copy) or given apart (`swiglu(gate, up)`): the forward pass is the activation's
native kernel and one product, as `F.silu(a) * b` is, and the backward pass keeps the two
inputs alone (autograd on `F.silu(a) * b` also keeps `silu(a)`), recomputing the
activation. The activations are the device forms of `torch_device` (native kernels with
+-inf mapped first, no host read), so this runs the same on every device, and is exact
under `torch.func` transforms (`setup_context`, `generate_vmap_rule`). Half precision is
computed in float32, as the `keras.ops` form does. `bilinear` (`a * b`) needs no kernel.

Loaded by `keras_acts._backends.torch` (its last line): the kernels go into its table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from keras_acts._backends import torch_device as device
from keras_acts._backends.torch import _HALF, _traced, fast_path

Fn = Callable[[Any], Any]


def _relu_bwd(a: Any, grad: Any) -> Any:
    # 0 at the kink, at -inf and at NaN, as keras-acts' relu derivative (PyTorch's).
    return grad * (a > 0)


# act, grad -> grad * act'(a)
_ACTS: dict[str, tuple[Fn, Callable[[Any, Any], Any]]] = {
    "silu": (device.silu_fwd, device.silu_bwd),
    "gelu": (device.gelu_fwd, device.gelu_bwd),
    # (gelu_tanh_bwd sums terms of `grad`: an infinite `grad` would give inf - inf.)
    "gelu_tanh": (device.gelu_tanh_fwd, lambda a, grad: device.gelu_tanh_bwd(a, torch.ones_like(a)) * grad),
    "relu": (torch.relu, _relu_bwd),
}


def _wide(t: Any) -> Any:
    return t.float() if t.dtype in _HALF else t


class GatedAutoFn(torch.autograd.Function):
    """`act(a) * b`; backward `(g b act'(a), g act(a))` from `a` and `b` alone."""

    generate_vmap_rule = True

    @staticmethod
    def forward(a: Any, b: Any, act: str) -> Any:
        fwd, _ = _ACTS[act]
        return (fwd(_wide(a)) * _wide(b)).to(a.dtype)

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple[Any, ...], output: Any) -> None:
        a, b, act = inputs
        ctx.save_for_backward(a, b)
        ctx.act = act

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        a, b = ctx.saved_tensors
        fwd, bwd = _ACTS[ctx.act]
        g, a32, b32 = _wide(grad), _wide(a), _wide(b)
        da = bwd(a32, g * b32).to(a.dtype) if ctx.needs_input_grad[0] else None
        db = (g * fwd(a32)).to(b.dtype) if ctx.needs_input_grad[1] else None
        return da, db, None


def _gated(x: Any, up: Any, axis: int, act: str) -> Any:
    """The fast path's result, or `None` (the `keras.ops` form) while tracing or
    compiling, and for an `up` that is not a tensor of `x`'s shape, dtype and device."""
    if _traced():
        return None
    if up is None:
        a, b = torch.chunk(x, 2, dim=axis)
    elif isinstance(up, torch.Tensor) and (up.shape, up.dtype, up.device) == (x.shape, x.dtype, x.device):
        a, b = x, up
    else:
        return None
    if not (a.requires_grad or b.requires_grad) or not torch.is_grad_enabled():
        return GatedAutoFn.forward(a, b, act)
    return GatedAutoFn.apply(a, b, act)


@fast_path("swiglu", tensor_params=True)
def swiglu(x: Any, axis: int, *, up: Any = None) -> Any:
    return _gated(x, up, axis, "silu")


@fast_path("geglu", tensor_params=True)
def geglu(x: Any, approximate: str, axis: int, *, up: Any = None) -> Any:
    return _gated(x, up, axis, "gelu" if approximate == "none" else "gelu_tanh")


@fast_path("reglu", tensor_params=True)
def reglu(x: Any, axis: int, *, up: Any = None) -> Any:
    return _gated(x, up, axis, "relu")
