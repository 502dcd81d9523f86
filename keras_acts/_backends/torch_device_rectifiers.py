"""PyTorch fast paths for tensors off the CPU, piecewise activations: keras-acts' kinks,
limits and NaN with no host read.

The companion of `keras_acts._backends.torch_device` (the smooth activations, and the
shared helpers and conventions: one `autograd.Function` per activation around PyTorch's
kernel and its native backward, +-inf and NaN fixed on the device, half precision
computed in float32, only x kept for the backward pass). What is here:

- hard-swish and soft shrink, whose CPU forms check a sum: `F.hardswish` is NaN at -inf
  and overflows (`x * 6`) above max / 6; PyTorch's `softshrink` kernels have changed
  their value at NaN across versions (0, then NaN);
- threshold and hard sigmoid other than PyTorch's, whose `keras.ops` forms read their
  fill values back to the host (`full_like`) at every call;
- hard mish and sparse plus (JAX's `sparse_plus`), whose `keras.ops` forms compose
  select chains (sparse plus's derivative reads its clip bounds back).

PyTorch's backward kernels branch on comparisons, and a NaN fails them all: CUDA's
`hardswish_backward` (and CPU's on a vector's tail) returns the incoming gradient at NaN,
`softshrink_backward` and `threshold_backward` too. Where keras-acts' derivative at NaN
differs, the input is mapped first (NaN -> a point of the dead zone, where the
derivative is 0) or the result is made NaN there (`_nan_at_nan`).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from keras_acts._backends.torch_device import recorded, wide

_NAN = float("nan")
_INF = float("inf")
_aten = torch.ops.aten


def _nan_at_nan(a: Any, x: Any) -> Any:
    """`a` where `x > -inf`, 0 where `x = -inf`, NaN where x is NaN, in one kernel:
    softplus_backward is `a` where `1 * x > -inf`, else `a * sigmoid(x)` (0 at -inf,
    NaN at NaN)."""
    return _aten.softplus_backward(a, x, 1.0, -_INF)


# --- hard-swish ----------------------------------------------------------------------------


def hard_swish_fwd(x: Any) -> Any:
    # F.hardswish is NaN at -inf and overflows (x * 6) above max / 6; hardswish <= relu,
    # equal from 3 on. In float64 CUDA's kernel multiplies by a float32 1/6 (seen on an
    # H200: 1e-8 relative off): the plain expression there.
    if x.dtype == torch.float64:
        return torch.fmin(x * torch.clamp(x + 3.0, 0.0, 6.0) / 6.0, torch.relu(x))
    return torch.fmin(F.hardswish(x), torch.relu(x))


def hard_swish_bwd(x: Any, grad: Any) -> Any:
    # The kernel's slopes at +-inf (0 and 1) are keras-acts'; at NaN it may return the
    # gradient (CUDA; CPU on a vector's tail) where keras-acts' derivative is NaN.
    return _nan_at_nan(_aten.hardswish_backward(grad, x), x)


class HardSwishAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return hard_swish_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return hard_swish_bwd(x, grad)


def hard_swish(x: Any) -> Any:
    return HardSwishAutoFn.apply(x) if recorded(x) else hard_swish_fwd(x)


# --- soft shrink -----------------------------------------------------------------------


def soft_shrink_fwd(x: Any, lambd: float) -> Any:
    # x - clip(x, -lambd, lambd): NaN kept by the clip whatever the kernel's version does
    # at NaN (0 in older CUDA kernels); exactly `x -+ lambd` outside, 0 inside.
    t = wide(x)
    return (t - torch.clamp(t, -lambd, lambd)).to(x.dtype)


def soft_shrink_bwd(x: Any, grad: Any, lambd: float) -> Any:
    # NaN -> 0, inside the dead zone: keras-acts' derivative at NaN is 0 (the kernel's is
    # the gradient); 1 at +-inf, as the kernel's.
    t = wide(x)
    return _aten.softshrink_backward(wide(grad), torch.nan_to_num(t, nan=0.0), lambd).to(grad.dtype)


class SoftShrinkAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, lambd: float) -> Any:
        ctx.save_for_backward(x)
        ctx.lambd = lambd
        return soft_shrink_fwd(x, lambd)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return soft_shrink_bwd(x, grad, ctx.lambd), None


def soft_shrink(x: Any, lambd: float) -> Any:
    return SoftShrinkAutoFn.apply(x, lambd) if recorded(x) else soft_shrink_fwd(x, lambd)


# --- threshold and hard sigmoid (the `keras.ops` forms read their fill value back) ------


def threshold_fwd(x: Any, threshold: float, value: float) -> Any:
    # F.threshold gives `value` at NaN; keras-acts keeps NaN (`x <= threshold` is false).
    return F.threshold(x, threshold, value).masked_fill(torch.isnan(x), _NAN)


class ThresholdAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, threshold: float, value: float) -> Any:
        ctx.save_for_backward(x)
        ctx.threshold = threshold
        return threshold_fwd(x, threshold, value)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        # 0 where x <= threshold, the gradient elsewhere (NaN included): keras-acts'.
        return _aten.threshold_backward(grad, x, ctx.threshold), None, None


def threshold(x: Any, threshold: float, value: float) -> Any:
    if recorded(x):
        return ThresholdAutoFn.apply(x, threshold, value)
    return threshold_fwd(x, threshold, value)


def hard_sigmoid_fwd(x: Any, alpha: float, beta: float) -> Any:
    # keras-acts' `clip((x + beta / alpha) alpha, 0, 1)`: the sum is exact near the lower
    # kink; clamp keeps NaN.
    t = wide(x)
    return torch.clamp((t + beta / alpha) * alpha, 0.0, 1.0).to(x.dtype)


def hard_sigmoid_bwd(x: Any, grad: Any, alpha: float, beta: float) -> Any:
    # alpha strictly inside (0, 1), 0 at the kinks, at +-inf and (NaN -> 0, a kink) at NaN.
    t = wide(x)
    z = torch.nan_to_num((t + beta / alpha) * alpha, nan=0.0)
    return _aten.hardtanh_backward(wide(grad) * alpha, z, 0.0, 1.0).to(grad.dtype)


class HardSigmoidAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, alpha: float, beta: float) -> Any:
        ctx.save_for_backward(x)
        ctx.params = (alpha, beta)
        return hard_sigmoid_fwd(x, alpha, beta)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return hard_sigmoid_bwd(x, grad, *ctx.params), None, None


def hard_sigmoid(x: Any, alpha: float, beta: float) -> Any:
    """Any slope but 0 (whose `keras.ops` form the caller takes)."""
    if recorded(x):
        return HardSigmoidAutoFn.apply(x, alpha, beta)
    return hard_sigmoid_fwd(x, alpha, beta)


# --- hard mish and sparse plus -----------------------------------------------------------


def hard_mish_fwd(x: Any) -> Any:
    # keras-acts' x (x + 2) / 2 between -2 and 0, x above, 0 below, as (x / 2) min(max(x
    # + 2, 0), 2) (halving first: no overflow), with -inf mapped to the lowest finite
    # value (-0 there, not -inf * 0).
    t = wide(x)
    m = torch.nan_to_num(t, nan=_NAN, posinf=_INF, neginf=torch.finfo(t.dtype).min)
    return ((m * 0.5) * torch.clamp(m + 2.0, 0.0, 2.0)).to(x.dtype)


def hard_mish_bwd(x: Any, grad: Any) -> Any:
    # keras-acts' derivative: x + 1 on [-2, 0] (-1 at -2), 1 above, 0 below; NaN at NaN.
    t = wide(x)
    d = wide(grad) * torch.clamp(t + 1.0, max=1.0)
    return d.masked_fill(t < -2.0, 0.0).to(grad.dtype)


class HardMishAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return hard_mish_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return hard_mish_bwd(x, grad)


def hard_mish(x: Any) -> Any:
    return HardMishAutoFn.apply(x) if recorded(x) else hard_mish_fwd(x)


def _sparse_plus_slope(t: Any) -> Any:
    # clip((x + 1) / 2, 0, 1): the derivative (0 at -1, 1 at 1 and above, NaN at NaN),
    # and the square root of the middle piece.
    return torch.clamp((t + 1.0) * 0.5, 0.0, 1.0)


def sparse_plus_fwd(x: Any) -> Any:
    # 0 for x <= -1, (x + 1)^2 / 4 between, x from 1 on (+inf included; NaN is NaN).
    t = wide(x)
    c = _sparse_plus_slope(t)
    return torch.where(t >= 1.0, t, c * c).to(x.dtype)


def sparse_plus_bwd(x: Any, grad: Any) -> Any:
    return (wide(grad) * _sparse_plus_slope(wide(x))).to(grad.dtype)


class SparsePlusAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any) -> Any:
        ctx.save_for_backward(x)
        return sparse_plus_fwd(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return sparse_plus_bwd(x, grad)


def sparse_plus(x: Any) -> Any:
    return SparsePlusAutoFn.apply(x) if recorded(x) else sparse_plus_fwd(x)
