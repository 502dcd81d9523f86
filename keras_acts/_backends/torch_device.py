"""PyTorch fast paths for tensors off the CPU: keras-acts' semantics with no host read
(the smooth activations here; the piecewise ones in `torch_device_rectifiers`).

On an accelerator the CPU's guard -- one sum of the result read back with `.item()`
(`keras_acts._backends.torch`) -- would stall the stream at every call, so these kernels
fix non-finite inputs on the device instead: each is PyTorch's own kernel (or a fused
op that computes the same thing) plus one or two elementwise ops, inside one
`autograd.Function` whose backward calls PyTorch's native backward kernel. No value is
ever read back, and there is nothing to slice: an accelerator has no CPU cache to keep
slices in. The tricks they share (with `torch_device_rectifiers`):

- `torch.nan_to_num(x, nan=nan, ...)` maps +-inf to chosen finite values and keeps NaN,
  in one pass: the backward passes send +-inf to the lowest finite value (`_to_lowest`),
  where every derivative here is 0, the limit keras-acts gives at +-inf.
- `torch.fmin(y, relu(x))` (or `softplus(x)`, for GELU): the kernel's NaN at -inf (from
  `-inf * 0`) and its overflow to inf near the float maximum (GELU, hard-swish) are
  replaced by the upper bound, which is the right value there; `fmin` ignores a NaN in
  one argument, and both are NaN at a NaN input. (At -inf a native backward kernel
  also gives NaN, from `-inf * 0`, or it misses NaN; the mapped input above avoids both.)
- `aten.softplus_backward(a, b, beta, threshold)` is `a * sigmoid(beta * b)`, or `a`
  itself where `beta * b > threshold`: one kernel for `x * sigmoid(beta x)` (Swish-beta,
  quick GELU, the tanh form of GELU).

Half precision: PyTorch's activation kernels compute in float32 and round once, as
keras-acts does; where the arithmetic here is keras-acts' own, it runs in float32
(`wide`) and is rounded once at the end. Each forward keeps only what PyTorch's kernel
keeps for the backward pass (x; squareplus also its result). The backward passes use
differentiable ops, so second derivatives work under `create_graph`.

GELU's tanh form is the one exception to the "native kernel plus two ops" pattern:
PyTorch's kernel computes `1 + tanh(u)`, which cancels in the negative tail, so the form
here is keras-acts' `x sigmoid(w)` and its derivative written with fused ops (four ops
forward, eleven backward). `tests/test_device_path.py` counts every kernel's aten ops
against the native op's and checks values and gradients against the `keras.ops` forms.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from keras_acts._backends._table import KernelTable

DEVICE_ONLY = KernelTable()
"""The fast paths for tensors off the CPU only, keyed by the activation's name
(`@device_only("lisht")`, here and in `torch_device_rectifiers`): where the `keras.ops`
form would read a value back or compose many ops, and the CPU keeps it.
`keras_acts._backends.torch` registers each in its table behind the device and tracing
checks (`None` on the CPU and while tracing)."""
device_only = DEVICE_ONLY.fast_path

_NAN = float("nan")
_INF = float("inf")
_HALF = (torch.float16, torch.bfloat16)
_aten = torch.ops.aten

# softplus_backward's threshold where it stands for sigmoid: above 40, sigmoid(z) is 1
# in float64 (and float32), so returning `a` there is exact.
_SIGMOID_ONE = 40.0


def recorded(x: Any) -> bool:
    """Whether autograd records this call: otherwise the forward body runs directly,
    without the `autograd.Function` (a few us a call)."""
    return torch.is_grad_enabled() and x.requires_grad


def wide(t: Any) -> Any:
    # keras-acts computes half precision in float32.
    return t.float() if t.dtype in _HALF else t


def _to_lowest(x: Any) -> Any:
    """x with +-inf replaced by the lowest finite value (NaN kept): the derivatives below
    are 0 there, the limit keras-acts gives at +-inf."""
    lowest = torch.finfo(x.dtype).min
    return torch.nan_to_num(x, nan=_NAN, posinf=lowest, neginf=lowest)


def _silu_backward(grad: Any, u: Any) -> Any:
    # `grad sigmoid(u) (1 + u (1 - sigmoid(u)))`: PyTorch's kernel, which autograd cannot
    # differentiate (F.silu's own double backward is a composite); under `create_graph`,
    # the same with differentiable ops.
    if not torch.is_grad_enabled():
        return _aten.silu_backward(grad, u)
    s = torch.sigmoid(u)
    return grad * s * (1.0 + u * (1.0 - s))


# --- GELU (erf form) ---------------------------------------------------------------------


def gelu_fwd(x: Any) -> Any:
    # F.gelu is NaN at -inf (and, on CPU, at +inf; it overflows above 1.7e38 in float32).
    # gelu <= relu <= softplus, equal above 20, and softplus is right at +-inf.
    return torch.fmin(F.gelu(x), F.softplus(x))


def gelu_bwd(x: Any, grad: Any) -> Any:
    return _aten.gelu_backward(grad, _to_lowest(x))


class GeluAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return gelu_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return gelu_bwd(x, grad)


def gelu(x: Any) -> Any:
    return GeluAutoFn.apply(x) if recorded(x) else gelu_fwd(x)


# --- GELU (tanh form): keras-acts' x sigmoid(w), w = A x (1 + C x^2) -------------------

_GELU_A = 2.0 * math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


def gelu_tanh_fwd(x: Any) -> Any:
    """`x sigmoid(A v)`, `v = x + C x^3`, as softplus_backward(x, v, A): -inf is mapped to
    the lowest finite value first (where the product is -0, not -inf * 0); where x^2
    overflows, v is +-inf and the result x or -0, as it should be."""
    t = wide(x)
    m = torch.nan_to_num(t, nan=_NAN, posinf=_INF, neginf=torch.finfo(t.dtype).min)
    v = torch.addcmul(m, m, m * m, value=_GELU_C)
    return _aten.softplus_backward(m, v, _GELU_A, _SIGMOID_ONE).to(x.dtype)


def gelu_tanh_bwd(x: Any, grad: Any) -> Any:
    """`s + A x (1 + 3 C x^2) s (1 - s)`, `s = sigmoid(A v)`, with x clipped to +-30 as
    keras-acts does (s is exactly 0 or 1 beyond, and x^2 cannot overflow); +-inf is
    mapped to the lowest finite value, where the derivative is 0."""
    t = wide(x)
    g = wide(grad)
    xc = torch.clamp(_to_lowest(t), -30.0, 30.0)
    q = xc * xc
    s = torch.sigmoid(torch.addcmul(xc, xc, q, value=_GELU_C) * _GELU_A)
    k = torch.addcmul(xc, xc, q, value=3.0 * _GELU_C)  # x w' / A
    return torch.add(g * s, _aten.sigmoid_backward(g * k, s), alpha=_GELU_A).to(grad.dtype)


class GeluTanhAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return gelu_tanh_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return gelu_tanh_bwd(x, grad)


def gelu_tanh(x: Any) -> Any:
    return GeluTanhAutoFn.apply(x) if recorded(x) else gelu_tanh_fwd(x)


# --- SiLU and mish: the kernel on x with -inf mapped to the lowest finite value ---------


def _lowest_below(x: Any) -> Any:
    # -inf -> lowest finite (where x * gate(x) is -0, not NaN); +inf and NaN kept.
    return torch.nan_to_num(x, nan=_NAN, posinf=_INF, neginf=torch.finfo(x.dtype).min)


def silu_fwd(x: Any) -> Any:
    return F.silu(_lowest_below(x))


def silu_bwd(x: Any, grad: Any) -> Any:
    return _silu_backward(grad, _to_lowest(x))


class SiluAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return silu_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return silu_bwd(x, grad)


def silu(x: Any) -> Any:
    return SiluAutoFn.apply(x) if recorded(x) else silu_fwd(x)


def mish_fwd(x: Any) -> Any:
    return F.mish(_lowest_below(x))


def mish_bwd(x: Any, grad: Any) -> Any:
    m = _to_lowest(x)
    if not torch.is_grad_enabled():
        return _aten.mish_backward(grad, m)
    # create_graph: PyTorch's kernel has no derivative; its formula, differentiably.
    t = torch.tanh(F.softplus(m))
    return grad * (t + m * torch.sigmoid(m) * (1.0 - t * t))


class MishAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return mish_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return mish_bwd(x, grad)


def mish(x: Any) -> Any:
    return MishAutoFn.apply(x) if recorded(x) else mish_fwd(x)


# --- Swish-beta and quick GELU: x sigmoid(beta x) --------------------------------------


def swish_fwd(x: Any, beta: float) -> Any:
    """softplus_backward(m, m, beta) = `m sigmoid(beta m)` (computed in float32 for half
    precision, rounded once), with the infinite end whose limit is 0 mapped to the
    finite extreme there (the product is then 0, not inf * 0) and the other kept."""
    info = torch.finfo(x.dtype)
    up, down = (_INF, info.min) if beta > 0 else (info.max, -_INF)
    m = torch.nan_to_num(x, nan=_NAN, posinf=up, neginf=down)
    return _aten.softplus_backward(m, m, beta, _SIGMOID_ONE)


def swish_bwd(x: Any, grad: Any, beta: float) -> Any:
    """silu_backward at `u = clip(beta x, -800, 800)` -- keras-acts' derivative
    `g (1 + u (1 - g))`, `g = sigmoid(u)`, exactly (the clip keeps an overflowing beta x
    out of `inf * 0`); +-inf is mapped to where beta x is below -800 (derivative 0)."""
    t = wide(x)
    far = -math.copysign(torch.finfo(t.dtype).max, beta)
    u = torch.clamp(torch.nan_to_num(t, nan=_NAN, posinf=far, neginf=far) * beta, -800.0, 800.0)
    return _silu_backward(wide(grad), u).to(grad.dtype)


class SwishAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, beta: float) -> Any:
        ctx.save_for_backward(x)
        ctx.beta = beta
        return swish_fwd(x, beta)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return swish_bwd(x, grad, ctx.beta), None


def swish(x: Any, beta: float) -> Any:
    """Swish-beta for `|beta| >= 1e-30` (below, +-inf times beta would not reach the
    clip's lower end in the backward pass; the caller takes the `keras.ops` form)."""
    return SwishAutoFn.apply(x, beta) if recorded(x) else swish_fwd(x, beta)


# --- LiSHT -------------------------------------------------------------------------------


def lisht_fwd(x: Any) -> Any:
    # x tanh(x) is +inf at +-inf and NaN at NaN as it stands.
    t = wide(x)
    return (t * torch.tanh(t)).to(x.dtype)


def lisht_bwd(x: Any, grad: Any) -> Any:
    # tanh(x) + x (1 - tanh(x)^2) (tanh_backward), with +-inf -> 0, where it is 0.
    t = wide(x)
    m = torch.nan_to_num(t, nan=_NAN, posinf=0.0, neginf=0.0)
    th = torch.tanh(m)
    return (wide(grad) * (th + _aten.tanh_backward(m, th))).to(grad.dtype)


class LishtAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return lisht_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return lisht_bwd(x, grad)


@device_only("lisht")
def lisht(x: Any) -> Any:
    return LishtAutoFn.apply(x) if recorded(x) else lisht_fwd(x)


@device_only("quick_gelu")
def quick_gelu(x: Any) -> Any:
    # Swish-beta with beta = 1.702, as keras-acts defines it.
    return swish(x, 1.702)


# --- squareplus --------------------------------------------------------------------------


def squareplus_fwd(x: Any, b: float) -> Any:
    """`relu(x) + b / (2 (s + |x|))`, `s = hypot(x, sqrt(b))`: the second term is
    `(s - |x|) / 2` without cancellation, so this is `(x + s) / 2` for x >= 0 and
    `b / (2 (s - x))` for x < 0, keras-acts' two pieces, without a select; hypot does
    not overflow, and at +-inf the result is inf and 0 as it stands."""
    t = wide(x)
    r = math.sqrt(b)
    root_b = torch.full((), r, dtype=t.dtype, device=t.device)
    return torch.addcdiv(torch.relu(t), root_b, torch.hypot(t, root_b) + t.abs(), value=r / 2).to(x.dtype)


def squareplus_bwd(x: Any, y: Any, grad: Any, b: float) -> Any:
    # (1 + x / s) / 2 = y / s, from the two tensors kept; y is +inf only at x = +inf,
    # where the derivative is 0 (keras-acts' limit): mapped to 0 first.
    # s / 2 = hypot(x / 2, sqrt(b) / 2): CUDA's hypot is 2 ulps off and gives inf at
    # x = max (seen on an H200 in float64), which made the derivative 0 there.
    t = wide(x) * 0.5
    half_root_b = torch.full((), math.sqrt(b) / 2, dtype=t.dtype, device=t.device)
    y0 = torch.nan_to_num(wide(y), nan=_NAN, posinf=0.0)
    return (wide(grad) * y0 / torch.hypot(t, half_root_b) * 0.5).to(grad.dtype)


class SquareplusAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, b: float) -> Any:
        y = squareplus_fwd(x, b)
        ctx.save_for_backward(x, y)
        ctx.b = b
        return y

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        x, y = ctx.saved_tensors
        return squareplus_bwd(x, y, grad, ctx.b), None


def squareplus(x: Any, b: float) -> Any:
    """For b > 0 (b = 0 is relu, the `keras.ops` form's own shortcut)."""
    return SquareplusAutoFn.apply(x, b) if recorded(x) else squareplus_fwd(x, b)


# --- Snake -------------------------------------------------------------------------------


def _finite_phase(t: Any, alpha: float) -> Any:
    # alpha x, with an infinite one (x = +-inf, or alpha x overflowing) taken as 0:
    # keras-acts' sinc is 0 there, so the value is x and the derivative's periodic part 0.
    v = t if alpha == 1 else t * alpha
    return torch.nan_to_num(v, nan=_NAN, posinf=0.0, neginf=0.0)


def snake_fwd(x: Any, alpha: float) -> Any:
    t = wide(x)
    s = torch.sin(_finite_phase(t, alpha))
    return torch.addcmul(t, s, s, value=1.0 / alpha).to(x.dtype)


def snake_bwd(x: Any, grad: Any, alpha: float) -> Any:
    # 1 + 2 sin(alpha x) cos(alpha x) (2 alpha x overflows first), 0 at +-inf.
    t = wide(x)
    g = wide(grad)
    v = _finite_phase(t, alpha)
    d = torch.addcmul(g, g, torch.sin(v) * torch.cos(v), value=2.0)
    return d.masked_fill(torch.isinf(t), 0.0).to(grad.dtype)


class SnakeAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, alpha: float) -> Any:
        ctx.save_for_backward(x)
        ctx.alpha = alpha
        return snake_fwd(x, alpha)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return snake_bwd(x, grad, ctx.alpha), None


def snake(x: Any, alpha: float) -> Any:
    return SnakeAutoFn.apply(x, alpha) if recorded(x) else snake_fwd(x, alpha)


# --- softsign ----------------------------------------------------------------------------


def softsign_fwd(x: Any) -> Any:
    # x clipped to the finite range first: +-inf gives +-1, the limit (not inf / inf).
    t = wide(x)
    m = torch.finfo(t.dtype).max
    c = torch.clamp(t, -m, m)
    return (c / (c.abs() + 1.0)).to(x.dtype)


def softsign_bwd(x: Any, grad: Any) -> Any:
    # 1 / (1 + |x|)^2 written out (autodiff of the quotient cancels); 0 at +-inf.
    t = wide(x)
    return (wide(grad) / torch.square(t.abs() + 1.0)).to(grad.dtype)


class SoftsignAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return softsign_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return softsign_bwd(x, grad)


def softsign(x: Any) -> Any:
    return SoftsignAutoFn.apply(x) if recorded(x) else softsign_fwd(x)
