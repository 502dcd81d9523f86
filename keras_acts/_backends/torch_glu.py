"""PyTorch fast paths of the GLU variants: `act(a) * b` as one `autograd.Function`.

`swiglu`, `geglu` (both forms), `reglu` and `bilinear`, split (`a, b` the halves of `x`
along `axis`, views, no copy) or given apart (`swiglu(gate, up)`). The backward pass
keeps the input(s) alone -- `x`, or `gate` and `up` -- and recomputes the activation
(autograd on `F.silu(a) * b` also keeps `silu(a)`).

On the CPU (float32, float64): the activation's native kernel (keras-acts' own fused
form for GELU's tanh form, whose PyTorch kernel cancels in the negative tail), the
product in place, and one sum of the result read back, as the checked activations of
`keras_acts._backends.torch` do. A finite sum means a finite gate everywhere, where
the kernels have keras-acts' values and derivatives, so the backward pass runs the
native backward kernels too, writing both halves' gradients into one tensor shaped as
`x` (no concatenation). A non-finite sum -- an infinite or NaN gate or `up`, or an
overflow -- takes the device forms below for that call, forward and backward. ReLU's
kernel is exact everywhere: `reglu` needs no sum.

Off the CPU, in half precision, and for the CPU's non-finite calls: the device forms of
`torch_device` (native kernels with +-inf mapped first, no host read), in float32 for
half-precision inputs as the `keras.ops` form computes. `bilinear` (`a * b`) is autograd
on PyTorch's product, which keeps the two halves alone.

While tracing, compiling or under `torch.func` transforms the `keras.ops` form runs.
The `autograd.Function`s use the `forward(ctx, ...)` style (`setup_context` binds its
arguments with `inspect.signature`, ~10-20 us a call). Loaded by
`keras_acts._backends.torch` (its last line): the kernels go into its table.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from keras_acts._backends import torch as _torch
from keras_acts._backends import torch_device as device
from keras_acts._backends.torch import _HALF, _WIDE, _on_device, _traced, fast_path

Fn = Callable[[Any], Any]
_aten = torch.ops.aten
# The `out=` forms of F.silu and F.gelu (~2 us a call less than `torch.ops.aten`'s).
_silu_into, _gelu_into = torch._C._nn.silu, torch._C._nn.gelu


def _relu_bwd(a: Any, grad: Any) -> Any:
    # 0 at the kink, at -inf and at NaN, as keras-acts' relu derivative (PyTorch's).
    return grad * (a > 0)


# The device forms, for any input: act, (a, grad) -> grad * act'(a).
_ACTS: dict[str, tuple[Fn, Callable[[Any, Any], Any]]] = {
    "silu": (device.silu_fwd, device.silu_bwd),
    "gelu": (device.gelu_fwd, device.gelu_bwd),
    # (gelu_tanh_bwd sums terms of `grad`: an infinite `grad` would give inf - inf.)
    "gelu_tanh": (device.gelu_tanh_fwd, lambda a, grad: device.gelu_tanh_bwd(a, torch.ones_like(a)) * grad),
    "relu": (torch.relu, _relu_bwd),
}


def _wide(t: Any) -> Any:
    return t.float() if t.dtype in _HALF else t


def _device_forward(a: Any, b: Any, act: str) -> Any:
    return (_ACTS[act][0](_wide(a)) * _wide(b)).to(a.dtype)


def _device_backward(a: Any, b: Any, grad: Any, act: str, needs: tuple[bool, bool]) -> tuple[Any, Any]:
    fwd, bwd = _ACTS[act]
    g, a32, b32 = _wide(grad), _wide(a), _wide(b)
    da = bwd(a32, g * b32).to(a.dtype) if needs[0] else None
    db = (g * fwd(a32)).to(b.dtype) if needs[1] else None
    return da, db


# --- The CPU kernels (float32, float64, finite gate): written into `out` ---------------

_GELU_A = 2.0 * math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


def _gelu_tanh_into(a: Any, out: Any) -> Any:
    """keras-acts' tanh-form GELU, `a sigmoid(A v)` with `v = a + C a^3`, into `out`:
    `softplus_backward(a, v, A, 40)` is `a sigmoid(A v)` (`a` itself where `A v > 40`,
    where the sigmoid is 1). Where `a^2` overflows, `v` is +-inf: `a` or -0, as it
    should be."""
    torch.mul(a, a, out=out)
    torch.addcmul(a, a, out, value=_GELU_C, out=out)
    return _aten.softplus_backward.grad_input(a, out, _GELU_A, 40.0, grad_input=out)


def _gelu_tanh_grad_into(a: Any, t: Any, out: Any) -> Any:
    """`t * gelu_tanh'(a)` into `out`: `t s + t A a v' s (1 - s)`, `s = sigmoid(A v)`,
    `v' = 1 + 3 C a^2`, with `a` clipped to +-30 (where `s` is exactly 0 or 1 already,
    and `a^2` cannot overflow), as keras-acts' derivative is."""
    xc = torch.clamp(a, -30.0, 30.0)
    q = xc * xc
    xc.mul_(_GELU_A)
    s = torch.addcmul(xc, xc, q, value=_GELU_C).sigmoid_()
    k = torch.addcmul(xc, xc, q, value=3.0 * _GELU_C, out=q).mul_(t)
    _aten.sigmoid_backward.grad_input(k, s, grad_input=k)
    return torch.addcmul(k, t, s, out=out)


# act -> (a, out -> act(a) into out; a, t, out -> t * act'(a) into out)
_CPU: dict[str, tuple[Callable[[Any, Any], Any], Callable[[Any, Any, Any], Any]]] = {
    "silu": (
        lambda a, out: _silu_into(a, out=out),
        lambda a, t, out: _aten.silu_backward.grad_input(t, a, grad_input=out),
    ),
    "gelu": (
        lambda a, out: _gelu_into(a, out=out),
        lambda a, t, out: _aten.gelu_backward.grad_input(t, a, grad_input=out),
    ),
    "gelu_tanh": (_gelu_tanh_into, _gelu_tanh_grad_into),
    # leaky_relu_backward with slope 0: `t` where a > 0, else `0 t` (NaN included), as
    # keras-acts' derivative of ReLU (PyTorch's threshold_backward passes `t` at NaN).
    "relu": (
        lambda a, out: torch.clamp_min(a, 0.0, out=out),
        lambda a, t, out: _aten.leaky_relu_backward.grad_input(t, a, 0.0, False, grad_input=out),
    ),
}


# The kernels' functional forms, for tensors that go whole (a few us less than `out=`).
_WHOLE: dict[str, Fn] = {
    "silu": F.silu,
    "gelu": F.gelu,
    "gelu_tanh": lambda a: _gelu_tanh_into(a, torch.empty(a.shape, dtype=a.dtype)),
    "relu": torch.relu,
}


def _rows(x: Any, up: Any, axis: int) -> tuple[Any, Any, Any] | None:
    """`a`, `b` as 2-d views `(outer, inner)` and the slices that walk them in pieces of
    about `_CHUNK_BYTES` each (the CPU's cache; `keras_acts._backends.torch`), or `None`
    for tensors that fit one piece or are not contiguous (they go whole)."""
    step = max(1, _torch._CHUNK_BYTES // x.element_size())
    if x.numel() <= (2 if up is None else 1) * step:
        return None
    if not x.is_contiguous() or not (up is None or up.is_contiguous()):
        return None
    if up is None:
        dim = axis % x.dim()
        outer = math.prod(x.shape[:dim])
        view = x.view(outer, 2, x.numel() // max(1, 2 * outer))
        a, b = view[:, 0], view[:, 1]
    else:
        a, b = x.view(1, -1), up.view(1, -1)
    outer, inner = a.shape
    if inner >= step:
        blocks = [(i, slice(j, j + step)) for i in range(outer) for j in range(0, inner, step)]
    else:
        r = step // inner
        blocks = [(slice(i, i + r),) for i in range(0, outer, r)]
    return a, b, blocks


def _cpu_forward(x: Any, up: Any, axis: int, act: str) -> Any:
    """`act(a) * b` with the native kernel (slice by slice for large tensors), or `None`
    where the result's sum is not finite (ReLU's kernel is exact everywhere: no sum)."""
    fwd = _CPU[act][0]
    rows = _rows(x, up, axis)
    if rows is None:
        a, b = _halves(x, up, axis)
        y = _WHOLE[act](a).mul_(b)
        return y if act == "relu" or math.isfinite(y.sum().item()) else None
    a, b, blocks = rows
    y = torch.empty(a.shape, dtype=a.dtype)
    total = 0.0
    for idx in blocks:
        piece = fwd(a[idx], y[idx]).mul_(b[idx])
        if act != "relu":
            total += piece.sum().item()
    if not math.isfinite(total):
        return None
    shape = list(x.shape)
    if up is None:
        shape[axis] //= 2
    return y.view(shape)


def _grads_into(act: str, a: Any, b: Any, g: Any, da: Any, db: Any) -> None:
    fwd, bwd = _CPU[act]
    if da is not None:  # g b into `da`, then in place (the kernels allow full overlap)
        bwd(a, torch.mul(g, b, out=da), da)
    if db is not None:
        fwd(a, db).mul_(g)


def _cpu_backward(
    x: Any, up: Any, grad: Any, axis: int, act: str, needs: tuple[bool, bool]
) -> tuple[Any, Any]:
    """`(grad b act'(a), grad act(a))` with the native kernels (slice by slice for large
    tensors): into one tensor shaped as `x` (split form; no concatenation), or two."""
    rows = _rows(x, up, axis)
    if up is None:
        gx = torch.empty_like(x, memory_format=torch.contiguous_format)
        if rows is None:
            _grads_into(act, *_halves(x, None, axis), grad, *_halves(gx, None, axis))
            return gx, None
        da, db = _rows(gx, None, axis)[:2]  # type: ignore[index]
    else:
        da = torch.empty(x.shape, dtype=x.dtype) if needs[0] else None
        db = torch.empty(x.shape, dtype=x.dtype) if needs[1] else None
        if rows is None:
            _grads_into(act, x, up, grad, da, db)
            return da, db
        da, db = (None if d is None else d.view(1, -1) for d in (da, db))
    a, b, blocks = rows
    g = grad.expand(a.shape) if grad.dim() == 0 else grad.reshape(a.shape)
    for idx in blocks:
        _grads_into(
            act, a[idx], b[idx], g[idx], None if da is None else da[idx], None if db is None else db[idx]
        )
    if up is None:
        return gx, None
    return tuple(None if d is None else d.view(x.shape) for d in (da, db))  # type: ignore[return-value]


def _halves(x: Any, up: Any, axis: int) -> tuple[Any, Any]:
    return torch.chunk(x, 2, dim=axis) if up is None else (x, up)


class _CpuGated(torch.autograd.Function):
    """`act(a) * b` on the CPU (`x` split along `axis`, or `x` and `up`); backward from
    the inputs alone, with the native kernels where the forward's sum was finite."""

    @staticmethod
    def forward(ctx: Any, x: Any, up: Any, axis: int, act: str) -> Any:
        y = _cpu_forward(x, up, axis, act)
        ctx.checked = y is not None
        ctx.axis, ctx.act = axis, act
        ctx.save_for_backward(x) if up is None else ctx.save_for_backward(x, up)
        return y if y is not None else _device_forward(*_halves(x, up, axis), act)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        x, *rest = ctx.saved_tensors
        up = rest[0] if rest else None
        needs = (ctx.needs_input_grad[0], up is None or ctx.needs_input_grad[1])
        if ctx.checked and not torch.is_grad_enabled():
            return (*_cpu_backward(x, up, grad, ctx.axis, ctx.act, needs), None, None)
        # A non-finite input, or create_graph (the kernels writing into `out` have no
        # derivative): the device forms.
        da, db = _device_backward(*_halves(x, up, ctx.axis), grad, ctx.act, needs)
        if up is None:
            return torch.cat([da, db], dim=ctx.axis), None, None, None
        return da, db, None, None


class _DeviceGated(torch.autograd.Function):
    """`act(a) * b` with the device forms; backward `(g b act'(a), g act(a))` from `a`
    and `b` alone."""

    @staticmethod
    def forward(ctx: Any, a: Any, b: Any, act: str) -> Any:
        ctx.save_for_backward(a, b)
        ctx.act = act
        return _device_forward(a, b, act)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        a, b = ctx.saved_tensors
        return (*_device_backward(a, b, grad, ctx.act, ctx.needs_input_grad[:2]), None)


def _gated(x: Any, up: Any, axis: int, act: str) -> Any:
    """The fast path's result, or `None` (the `keras.ops` form) while tracing or
    compiling, and for an `up` that is not a tensor of `x`'s shape, dtype and device."""
    if _traced():
        return None
    if up is not None and not (
        isinstance(up, torch.Tensor) and (up.shape, up.dtype, up.device) == (x.shape, x.dtype, x.device)
    ):
        return None
    recorded = torch.is_grad_enabled() and (x.requires_grad or (up is not None and up.requires_grad))
    if x.dtype in _WIDE and not _on_device(x):
        if recorded:
            return _CpuGated.apply(x, up, axis, act)
        y = _cpu_forward(x, up, axis, act)
        return y if y is not None else _device_forward(*_halves(x, up, axis), act)
    a, b = _halves(x, up, axis)
    return _DeviceGated.apply(a, b, act) if recorded else _device_forward(a, b, act)


@fast_path("swiglu", tensor_params=True)
def swiglu(x: Any, axis: int, *, up: Any = None) -> Any:
    return _gated(x, up, axis, "silu")


@fast_path("geglu", tensor_params=True)
def geglu(x: Any, approximate: str, axis: int, *, up: Any = None) -> Any:
    return _gated(x, up, axis, "gelu" if approximate == "none" else "gelu_tanh")


@fast_path("reglu", tensor_params=True)
def reglu(x: Any, axis: int, *, up: Any = None) -> Any:
    return _gated(x, up, axis, "relu")


@fast_path("bilinear", tensor_params=True)
def bilinear(x: Any, axis: int, *, up: Any = None) -> Any:
    # PyTorch's product, whose autograd keeps the two factors alone (in half precision
    # it rounds the exact float32 product once, as the `keras.ops` form does).
    if up is None:
        a, b = torch.chunk(x, 2, dim=axis)
        return a * b
    if isinstance(up, torch.Tensor) and (up.shape, up.dtype, up.device) == (x.shape, x.dtype, x.device):
        return x * up
    return None
