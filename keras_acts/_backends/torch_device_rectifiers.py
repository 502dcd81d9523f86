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
`softshrink_backward` and `threshold_backward` too, and `elu_backward` the linear slope
on CPU for a tensor under 16 elements (NaN in its vectorised loop). keras-acts' rule is
NaN in, NaN gradient: the result is made NaN there (`_nan_at_nan`, `nan_where_nan`).

Also here, for every device and the CPU: `NativeAutoFn`, PyTorch's piecewise kernels
(relu, hardtanh, leaky_relu, hardshrink, elu, hardsigmoid) with their native backward
and that rule (`native`), and `PreluAutoFn`, `F.prelu` with it (its tensor weight too).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from keras_acts._backends.torch_device import device_only, recorded, wide

_NAN = float("nan")
_INF = float("inf")
_aten = torch.ops.aten


def _nan_at_nan(a: Any, x: Any) -> Any:
    """`a` where `x > -inf`, 0 where `x = -inf`, NaN where x is NaN, in one kernel:
    softplus_backward is `a` where `1 * x > -inf`, else `a * sigmoid(x)` (0 at -inf,
    NaN at NaN)."""
    return _aten.softplus_backward(a, x, 1.0, -_INF)


def nan_where_nan(g: Any, x: Any) -> Any:
    """The gradient `g`, NaN where `x` is NaN (two kernels, any sign of infinity kept)."""
    return torch.where(torch.isnan(x), x, g)


class NativeAutoFn(torch.autograd.Function):
    """`kernel(x, *params)` with the gradient `backward(grad, x, *params)` (PyTorch's own
    backward op), made NaN where `x` is NaN. Only `x` is kept, as the native op keeps."""

    @staticmethod
    def forward(ctx: Any, x: Any, kernel: Any, backward: Any, params: tuple[Any, ...]) -> Any:
        ctx.save_for_backward(x)
        ctx.backward, ctx.params = backward, params
        return kernel(x, *params)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        return nan_where_nan(ctx.backward(grad, x, *ctx.params), x), None, None, None


def native(kernel: Any, backward: Any, x: Any, *params: Any) -> Any:
    """`kernel(x, *params)`, through `NativeAutoFn` where autograd records the call. Not
    under a function transform (`torch.func`; the caller checks): no vmap rule."""
    if recorded(x):
        return NativeAutoFn.apply(x, kernel, backward, params)
    return kernel(x, *params)


def prelu_forward(x: Any, weight: Any, axis: int) -> Any:
    """`F.prelu` with one slope, or one per channel along `axis` (moved to 1: a view)."""
    if weight.numel() == 1 or axis == 1:
        return F.prelu(x, weight)
    return F.prelu(x.movedim(axis, 1), weight).movedim(1, axis)


class PreluAutoFn(torch.autograd.Function):
    """`F.prelu` with PyTorch's backward op, its x-gradient made NaN where x is NaN (its
    own is alpha there; alpha's is NaN already, a sum over `alpha x`). Keeps x and the
    weight, as `F.prelu` does; `shaped` is the weight broadcasting against x."""

    @staticmethod
    def forward(ctx: Any, x: Any, weight: Any, shaped: Any, axis: int) -> Any:
        ctx.save_for_backward(x, shaped)
        return prelu_forward(x, weight, axis)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        x, shaped = ctx.saved_tensors
        gx, gw = torch.ops.aten._prelu_kernel_backward(grad, x, shaped)
        gw = gw.sum_to_size(shaped.shape).reshape(-1) if ctx.needs_input_grad[1] else None
        return nan_where_nan(gx, x), gw, None, None


# PyTorch's backward ops for `native`, by kernel (`elu_backward`'s arguments: alpha,
# scale, input scale, whether it is given the result; then x).
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def relu_bwd(g: Any, x: Any) -> Any:
    return _aten.threshold_backward(g, x, 0.0)


def hardtanh_bwd(g: Any, x: Any, lo: float, hi: float) -> Any:
    return _aten.hardtanh_backward(g, x, lo, hi)


def leaky_relu_bwd(g: Any, x: Any, negative_slope: float) -> Any:
    return _aten.leaky_relu_backward(g, x, negative_slope, False)


def hardshrink_bwd(g: Any, x: Any, lambd: float) -> Any:
    return _aten.hardshrink_backward(g, x, lambd)


def hardsigmoid_bwd(g: Any, x: Any) -> Any:
    return _aten.hardsigmoid_backward(g, x)


def elu_bwd(g: Any, x: Any, alpha: float) -> Any:
    return _aten.elu_backward(g, alpha, 1.0, 1.0, False, x)


def selu_bwd(g: Any, x: Any) -> Any:
    return _aten.elu_backward(g, _SELU_ALPHA, _SELU_SCALE, 1.0, False, x)


def celu_bwd(g: Any, x: Any, alpha: float) -> Any:
    return _aten.elu_backward(g, alpha, 1.0, 1.0 / alpha, False, x)


def relu_general_fwd(x: Any, negative_slope: float, max_value: Any, threshold: float) -> Any:
    """Keras's relu with a slope or a threshold (and a cap, or `None`): one `where` over
    native ops, NaN kept."""
    high = x if max_value is None else torch.where(x >= max_value, float(max_value), x)
    # relu(x - threshold) is 0 at or below the threshold, -inf included, and keeps NaN.
    low = torch.relu(x - threshold) if negative_slope == 0 else (x - threshold) * negative_slope
    return torch.where(x > threshold, high, low)


def relu_general_bwd(g: Any, x: Any, negative_slope: float, max_value: Any, threshold: float) -> Any:
    # 1 above the threshold (0 from the cap on), `negative_slope` at or below it.
    high = g if max_value is None else g * (x < max_value)
    return torch.where(x > threshold, high, g * negative_slope)


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
    # NaN at NaN (the kernel's is the gradient); 1 at +-inf, as the kernel's.
    t = wide(x)
    return nan_where_nan(_aten.softshrink_backward(wide(grad), t, lambd), t).to(grad.dtype)


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
    return x.masked_fill(x <= threshold, value)


class ThresholdAutoFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: Any, threshold: float, value: float) -> Any:
        ctx.save_for_backward(x)
        ctx.threshold = threshold
        return threshold_fwd(x, threshold, value)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (x,) = ctx.saved_tensors
        # 0 where x <= threshold, the gradient elsewhere, NaN at NaN: keras-acts'.
        return nan_where_nan(_aten.threshold_backward(grad, x, ctx.threshold), x), None, None


@device_only("threshold")
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
    # alpha strictly inside (0, 1), 0 at the kinks and at +-inf, NaN at NaN.
    t = wide(x)
    z = (t + beta / alpha) * alpha
    return nan_where_nan(_aten.hardtanh_backward(wide(grad) * alpha, z, 0.0, 1.0), t).to(grad.dtype)


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


@device_only("sparse_plus")
def sparse_plus(x: Any) -> Any:
    return SparsePlusAutoFn.apply(x) if recorded(x) else sparse_plus_fwd(x)
