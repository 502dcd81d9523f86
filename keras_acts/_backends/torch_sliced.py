"""PyTorch fast paths for CPU tensors: keras-acts' own formulas, walked in cache-sized slices.

Four activations have no PyTorch kernel with keras-acts' semantics that is also fast on
CPU: GELU's tanh form (PyTorch's kernel computes `1 + tanh(u)`, which cancels in the
negative tail), mish (`F.mish` evaluates softplus and tanh per element; the form here
takes about half its time at 2^22 elements), squareplus (no kernel) and softsign. Here
they are `autograd.Function`s written with PyTorch's fused elementwise ops, keeping only
what PyTorch's own kernels keep for the backward pass, that make several passes over
their tensors -- so they work through them in slices of `chunk` bytes per buffer
(`_sliced`; the caller passes `keras_acts._backends.torch._CHUNK_BYTES`), so that the
passes over one slice find it in the CPU's cache (on this project's CI machine a pass
over a 16 MiB tensor that has fallen out of cache costs ~3-10x one over a cached slice;
a slice costs a few us per op).

Their backward passes use out-of-place differentiable ops under `create_graph`, so
second derivatives are right. They are written in the `forward(ctx, x)` style:
`setup_context` makes every `apply` bind its arguments with `inspect.signature` (~10-20 us
a call on the CI machine), and vmap is not supported. Tensors off the CPU take
`keras_acts._backends.torch_device` instead (no slicing, no host read).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from keras_acts._backends.torch_device import recorded


def _sliced(body: Callable[..., Any], x: Any, *others: Any, chunk: int, buffers: int = 0) -> Any:
    """`body(x, *others, out, *scratch)`, elementwise ops writing into `out`: once on
    the whole tensors where x fits one slice of `chunk` bytes, else slice by slice of the
    flattened tensors (a copy only of those not contiguous), so that the body's passes
    over a slice find it in the CPU cache. `out` is returned shaped as x."""
    n = x.numel()
    step = max(1, chunk // x.element_size())
    if n <= step:
        out = torch.empty_like(x)
        body(x, *others, out, *(torch.empty_like(x) for _ in range(buffers)))
        return out
    flats = [t.reshape(-1) for t in (x, *others)]
    out = x.new_empty(n)
    scratch = [x.new_empty(step) for _ in range(buffers)]
    for i in range(0, n, step):
        j = min(i + step, n)
        body(*(f[i:j] for f in flats), out[i:j], *(t[: j - i] for t in scratch))
    return out.view(x.shape)


# --- GELU's tanh form --------------------------------------------------------------------

# GELU's tanh form as keras-acts writes it, x sigmoid(w) with w = 2u = x (A + B x^2):
# PyTorch's kernel computes `1 + tanh(u)`, which cancels in the negative tail (0 for
# x < -9 in float32, where the value is ~1e-7).
_GELU_A = 2.0 * math.sqrt(2.0 / math.pi)
_GELU_B = _GELU_A * 0.044715


def gelu_tanh_fwd(x: Any, chunk: int) -> Any:
    a = torch.full((), _GELU_A, dtype=x.dtype)

    def body(x: Any, y: Any) -> None:
        torch.addcmul(a, x, x, value=_GELU_B, out=y).mul_(x).sigmoid_().mul_(x)

    return _sliced(body, x, chunk=chunk)


def gelu_tanh_bwd(x: Any, grad: Any, chunk: int) -> Any:
    """sigmoid(w) + x sigmoid'(w) w', w' = A + 3 B x^2, from x alone (as PyTorch's kernel
    keeps). x is clipped to +-30: there sigmoid(w) is exactly 0 or 1 in float64 already,
    and x^2 (|x| > 1.8e19 in float32) cannot overflow."""
    a = torch.full((), _GELU_A, dtype=x.dtype)
    if torch.is_grad_enabled():  # create_graph: ops autograd can differentiate
        xc = torch.clamp(x, -30.0, 30.0)
        q = xc * xc
        dw = torch.add(a, q, alpha=3.0 * _GELU_B)
        s = torch.add(a, q, alpha=_GELU_B).mul_(xc).sigmoid_()
        t = torch.ops.aten.sigmoid_backward(torch.mul(grad, xc).mul_(dw), s)
        return torch.addcmul(t, grad, s)

    def body(x: Any, g: Any, t: Any, xc: Any, s: Any) -> None:
        # s = sigmoid(x (A + B x^2)); t = grad x (A + 3 B x^2), then t s (1 - s) in
        # place; plus grad s.
        torch.clamp(x, -30.0, 30.0, out=xc)
        torch.addcmul(a, xc, xc, value=_GELU_B, out=s).mul_(xc).sigmoid_()
        torch.addcmul(a, xc, xc, value=3.0 * _GELU_B, out=t).mul_(xc).mul_(g)
        torch.ops.aten.sigmoid_backward.grad_input(t, s, grad_input=t)
        t.addcmul_(g, s)

    return _sliced(body, x, grad, chunk=chunk, buffers=2)


class GeluTanhAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, chunk: int) -> Any:
        ctx.save_for_backward(x)
        ctx.chunk = chunk
        return gelu_tanh_fwd(x, chunk)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return gelu_tanh_bwd(x, grad, ctx.chunk), None


def gelu_tanh(x: Any, chunk: int) -> Any:
    return GeluTanhAutoFn.apply(x, chunk) if recorded(x) else gelu_tanh_fwd(x, chunk)


# --- mish --------------------------------------------------------------------------------


def _mish_body(x: Any, y: Any, s: Any) -> None:
    two = torch.full((), 2.0, dtype=x.dtype)
    torch.sigmoid(x, out=s)
    n = torch.sub(two, s, out=y).mul_(s)  # s (2 - s)
    n.div_(torch.sub(two, n, out=s)).mul_(x)


def _mish_grad_body(x: Any, g: Any, out: Any, s: Any, q: Any, c: Any) -> None:
    torch.sigmoid(x, out=s)
    torch.sub(torch.full((), 1.0, dtype=x.dtype), s, out=q)
    torch.mul(q, q, out=c).mul_(x).mul_(s)  # x s q^2
    n = q.add_(1.0).mul_(s)  # (1 + q) s
    d = torch.sub(torch.full((), 2.0, dtype=x.dtype), n, out=s)  # 1 + q^2
    n.mul_(d).add_(c, alpha=4.0).div_(d).div_(d)
    torch.mul(n, g, out=out)


def mish_fwd(x: Any, chunk: int) -> Any:
    return _sliced(_mish_body, x, chunk=chunk, buffers=1)


def mish_bwd(x: Any, grad: Any, chunk: int) -> Any:
    if torch.is_grad_enabled():  # create_graph: differentiable (out-of-place) ops
        s = torch.sigmoid(x)
        q = 1.0 - s
        d = 1.0 + q * q
        return s * ((1.0 + q) * d + 4.0 * x * q * q) / (d * d) * grad
    return _sliced(_mish_grad_body, x, grad, chunk=chunk, buffers=3)


class MishAutoFn(torch.autograd.Function):
    """mish with `tanh(softplus(x)) = n / (2 - n)`, `n = s (2 - s)`, `s = sigmoid(x)`:
    PyTorch's vectorised sigmoid and five elementwise passes in two buffers, where
    `F.mish` evaluates softplus and tanh per element (~10-20x a copy on CPU). Nothing
    cancels: n ~ 2s in the negative tail, and the derivative
    `s ((1 + q)(1 + q^2) + 4 x q^2) / (1 + q^2)^2` (q = 1 - s; sech^2(softplus) =
    4 q^2 / (1 + q^2)^2) is recomputed from x, the one tensor kept, as F.mish keeps."""

    @staticmethod
    def forward(ctx: Any, x: Any, chunk: int) -> Any:
        ctx.save_for_backward(x)
        ctx.chunk = chunk
        return mish_fwd(x, chunk)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return mish_bwd(x, grad, ctx.chunk), None


def mish(x: Any, chunk: int) -> Any:
    return MishAutoFn.apply(x, chunk) if recorded(x) else mish_fwd(x, chunk)


# --- squareplus --------------------------------------------------------------------------


def squareplus_fwd(x: Any, b: float, chunk: int) -> Any:
    r = math.sqrt(b)
    root_b = torch.full((), r, dtype=x.dtype)
    b_t = root_b * root_b

    def body(x: Any, y: Any, t: Any, positive: Any) -> None:
        s = torch.addcmul(b_t, x, x, out=y).sqrt_()  # y takes s, the lower piece, the result
        torch.abs(x, out=t).add_(s)
        torch.sign(x, out=positive).relu_()  # 1 for x > 0, else 0 (NaN stays NaN)
        lower = torch.div(root_b, t, out=s).mul_(r / 2)
        lower.lerp_(t.mul_(0.5), positive)

    return _sliced(body, x, chunk=chunk, buffers=2)


def squareplus_bwd(x: Any, y: Any, root_b: float, grad: Any, chunk: int) -> Any:
    root_b_t = torch.full((), root_b, dtype=x.dtype)
    b_t = root_b_t * root_b_t
    if torch.is_grad_enabled():  # create_graph: differentiable (out-of-place) ops
        return grad * (y / torch.sqrt(torch.addcmul(b_t, x, x)))

    def body(x: Any, y: Any, g: Any, out: Any) -> None:
        s = torch.addcmul(b_t, x, x, out=out).sqrt_()
        torch.div(y, s, out=s).mul_(g)

    return _sliced(body, x, y, grad, chunk=chunk)


class SquareplusAutoFn(torch.autograd.Function):
    """keras-acts' two pieces without `torch.where` (9x an elementwise kernel on CPU):
    with s = sqrt(x^2 + b) and t = s + |x|, the value is t / 2 for x > 0 (that is
    (x + s) / 2) and (sqrt(b) / t) (sqrt(b) / 2) for x <= 0 (that is b / (2 (s - x)),
    no cancellation), picked by `lerp` with a 0/1 weight, which is exact. b is taken as
    the square of sqrt(b) rounded, so that s is exactly sqrt(b) at 0 (sqrt(r^2) = r in
    binary floating point): each piece is monotone and they meet exactly at 0 (both
    are sqrt(b)/2), so the result is monotone after rounding, as keras-acts' form is.
    Where x^2 + b overflows (|x| > 1.8e19 in float32), s and t are inf and the `lerp`
    gives NaN: the caller checks the result with a sum, so such inputs take the
    `keras.ops` form, and the backward pass sees only inputs where nothing overflowed.
    The derivative, (1 + x/s) / 2, is `y / s`, from x and y, the two tensors kept (what
    autograd keeps for the plain expression; s is recomputed so that a second
    derivative sees it depend on x)."""

    @staticmethod
    def forward(ctx: Any, x: Any, b: float, chunk: int) -> Any:
        y = squareplus_fwd(x, b, chunk)
        ctx.save_for_backward(x, y)
        ctx.root_b = math.sqrt(b)
        ctx.chunk = chunk
        return y

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        x, y = ctx.saved_tensors
        return squareplus_bwd(x, y, ctx.root_b, grad, ctx.chunk), None, None


def squareplus(x: Any, b: float, chunk: int) -> Any:
    return SquareplusAutoFn.apply(x, b, chunk) if recorded(x) else squareplus_fwd(x, b, chunk)


# --- softsign ----------------------------------------------------------------------------


def _softsign_body(x: Any, y: Any, d: Any) -> None:
    # x clipped to the largest finite value first: +-inf gives +-1, the limit (the plain
    # quotient gives inf / inf = NaN), and no sum needs to check the result.
    m = torch.finfo(x.dtype).max
    xc = torch.clamp(x, -m, m, out=y)
    torch.div(xc, torch.abs(xc, out=d).add_(1.0), out=y)


def _softsign_grad_body(x: Any, g: Any, out: Any) -> None:
    torch.div(g, torch.abs(x, out=out).add_(1.0).square_(), out=out)


def softsign_fwd(x: Any, chunk: int) -> Any:
    return _sliced(_softsign_body, x, chunk=chunk, buffers=1)


def softsign_bwd(x: Any, grad: Any, chunk: int) -> Any:
    if torch.is_grad_enabled():  # create_graph: differentiable (out-of-place) ops
        d = x.abs() + 1
        return grad / (d * d)
    return _sliced(_softsign_grad_body, x, grad, chunk=chunk)


class SoftsignAutoFn(torch.autograd.Function):
    """PyTorch's own `x / (1 + |x|)`, with the derivative 1 / (1 + |x|)^2 written out, as
    keras-acts does (autodiff of the quotient cancels for large |x|); the derivative is 0
    at +-inf as it stands."""

    @staticmethod
    def forward(ctx: Any, x: Any, chunk: int) -> Any:
        ctx.save_for_backward(x)
        ctx.chunk = chunk
        return softsign_fwd(x, chunk)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return softsign_bwd(x, grad, ctx.chunk), None


def softsign(x: Any, chunk: int) -> Any:
    return SoftsignAutoFn.apply(x, chunk) if recorded(x) else softsign_fwd(x, chunk)
