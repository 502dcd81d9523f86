"""PyTorch fast paths: the kernels the public functions call instead of their `keras.ops`
forms when the input is a floating `torch.Tensor`.

Eager PyTorch (Keras's default for `model.fit` on this backend) runs every `keras.ops`
call as its own kernel, so a composed form costs a multiple of one native kernel; on CPU
`torch.where` is particularly slow (the three-op `where` form of `leaky_relu` takes ~15x
`F.leaky_relu` at 2^22 elements on this project's CI machine). What is here, by kind:

- The kernels `keras.ops` itself calls (relu, relu6, sigmoid, tanh), without Keras's
  conversions of `x`; sigmoid and tanh in float32/float64 only, since in half precision
  PyTorch's backward rounds `y (1 - y)` (`1 - y^2`) from the rounded output, where
  keras-acts computes in float32.
- `torch.nn.functional` kernels with exactly keras-acts' semantics -- values, NaN
  propagation, limits at +-inf, one-sided derivatives at kinks: leaky_relu, hard_tanh,
  hard_shrink, log_sigmoid, softplus (threshold <= 80 on CPU: the kernel computes
  exp(beta x) up to the threshold, which overflows float32 past 88), elu, selu, celu,
  glu (not in half precision, where PyTorch's backward
  differs at huge and infinite inputs), hard_sigmoid (the default slope and offset only,
  not float64, whose derivative is float32's 1/6), and `F.prelu`, the one fast path
  that takes a tensor parameter (the PReLU layer's weight). They run on any device.
- Checked on CPU: kernels that match keras-acts wherever their result is finite -- GELU
  (erf form), SiLU and hard-swish give NaN at -inf (GELU also at +inf) where keras-acts
  gives the limit, and GELU's kernel overflows above 1.7e38 in float32 -- plus the plain
  expressions for Swish-beta and Snake (no kernel; in float32 for half-precision inputs
  as the `keras.ops` form computes) and keras-acts' own mish, GELU tanh-form and
  squareplus. The kernel runs, one float32 (or float64) sum checks its result, and only
  a non-finite sum -- an input to look at element by element -- falls back to the
  `keras.ops` form; a NaN input gives NaN and so falls back too. softmax, log_softmax
  and softmin are checked the same way (their kernels give NaN for slices with +inf,
  where keras-acts gives the limit). soft_shrink checks its
  input instead (a kernel that gave 0 at NaN; PyTorch 2.13's keeps NaN, with derivative
  0 there as keras-acts' has).
- keras-acts' formulas for GELU's tanh form, mish, squareplus and softsign, as
  `autograd.Function`s walking CPU tensors in cache-sized slices
  (`keras_acts._backends.torch_sliced`; the slice size is `_CHUNK_BYTES` here).

The device branch. On an accelerator, reading the sum back would stall the stream at
every call, and slicing buys nothing; so for a tensor off the CPU (or any tensor while
`_FORCE_DEVICE_PATH` is set, for tests) the checked and sliced kernels take
`keras_acts._backends.torch_device` (the piecewise ones `torch_device_rectifiers`)
instead: PyTorch's kernel and its native backward in one `autograd.Function`, +-inf and
NaN fixed on the device (`nan_to_num`, `fmin`, masked fills) -- at most two aten ops
more than the native op forward and three forward and backward (GELU's tanh form
excepted), never a host read. On the device they also cover what would otherwise take a
`keras.ops` form that reads a fill value back (threshold, hard_sigmoid other than
PyTorch's, sparse plus: `full_like`) or composes many ops (softplus above threshold 80,
LiSHT, quick GELU, hard mish); on CPU those keep the `keras.ops` form
(`tests/test_native.py` expects it for softplus and hard_sigmoid), but hard mish takes
its device form there too. The kernels for the device only are declared next to their
`autograd.Function`s (`@device_only` in `torch_device`, `torch_device_rectifiers`) and
registered here.
`tests/test_device_path.py` checks the branch on CPU tensors: aten op counts, no host
read, values and gradients equal to the `keras.ops` forms. The CPU keeps its own forms:
the device forms measured slower there (forward+backward against the native op, 2^16 /
2^22 elements: hard-swish 3.7x / 4.4x against the checked 1.1x / 1.2x, soft shrink
1.9x / 2.9x against 1.2x / 1.1x, SiLU 1.4x / 1.7x against 1.1x / 1.1x, GELU 2.3x / 2.8x
against 1.1x / 1.0x: each fix-up is a pass, the sum one cheap read); Swish-beta's
one-kernel forward wins, its backward loses at 2^16.

The checked, sliced and device kernels step aside while tracing or compiling
(`torch.jit.trace`, ONNX export, `torch.compile`), where the `keras.ops` form runs; the
plain kernels trace as themselves. The dispatch in `keras_acts._backends` calls these
only with a floating tensor `x` and, except `prelu`, plain Python parameters.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import keras
import torch
import torch.nn.functional as F

from keras_acts._backends import torch_device as device
from keras_acts._backends import torch_device_rectifiers as device_rectifiers
from keras_acts._backends import torch_sliced as sliced
from keras_acts._backends._table import KernelTable, merge_params, split_params

KERNELS = KernelTable()
fast_path = KERNELS.fast_path

# The sliced `autograd.Function`s (`torch_sliced`) work through CPU tensors in slices of
# this many bytes per buffer, so that their passes over one slice find it in the CPU's
# cache (on this project's CI machine a pass over a 16 MiB tensor that has fallen out of
# cache costs ~3-10x one over a cached slice). A few us per slice and op.
_CHUNK_BYTES = 1 << 21

_FORCE_DEVICE_PATH = False
"""For tests only: when set, CPU tensors take the accelerator branch (`torch_device`),
so that its values, gradients and aten ops can be checked on a machine without one."""

_TENSOR = torch.Tensor
_FLOATS = frozenset({torch.float16, torch.bfloat16, torch.float32, torch.float64})
_HALF = (torch.float16, torch.bfloat16)
_WIDE = (torch.float32, torch.float64)  # keras-acts computes half precision in float32

try:  # Keras's current device (what `convert_to_tensor` moves tensors to).
    from keras.src.backend.torch.core import get_device as _keras_device
except ImportError:  # pragma: no cover - a Keras without it: no shortcut
    _keras_device = None


# --- Tensors -----------------------------------------------------------------------------


def is_float_tensor(x: Any) -> bool:
    """Whether `x` is a floating `torch.Tensor` (any device; the kernels decide)."""
    return isinstance(x, _TENSOR) and x.dtype in _FLOATS


def float_tensor_as_is(x: Any) -> Any:
    """`x` itself when `keras.ops.convert_to_tensor` would return it unchanged (a plain
    floating CPU tensor while Keras's device is the CPU), else `None`: spares Keras's
    conversion (~2 us, a device lookup and comparison)."""
    if type(x) is _TENSOR and x.dtype in _FLOATS and x.is_cpu and _keras_device is not None:
        device = _keras_device()
        if isinstance(device, str) and device == "cpu":
            return x
    return None


def no_gradient_recorded(x: Any) -> bool:
    """Whether autograd cannot record this call: it is off, or `x` needs no gradient."""
    return not torch.is_grad_enabled() or (type(x) is _TENSOR and not x.requires_grad)


# --- Guards ------------------------------------------------------------------------------


def _finite_sum(t: Any) -> bool:
    # Half precision is summed in float32 (its own sum overflows at 65504). CPU only: the
    # `.item()` is a host read.
    if t.requires_grad:
        t = t.detach()
    total = t.sum() if t.dtype in _WIDE else torch.sum(t, dtype=torch.float32)
    return math.isfinite(total.item())


def _checked(y: Any) -> Any:
    """`y` (a CPU kernel's result) where its sum is finite, else `None` (the `keras.ops`
    form runs)."""
    return y if y is not None and _finite_sum(y) else None


def _on_device(x: Any) -> bool:
    """Whether `x` takes the accelerator branch: it is not on the CPU, or the tests say so."""
    return _FORCE_DEVICE_PATH or not x.is_cpu


def _traced() -> bool:
    # Tracing or compiling (ONNX export, torch.compile), or under a function transform
    # (`torch.func.vmap`, `grad`, `jacrev`: no `.item()` there, and the kernels'
    # `autograd.Function`s have no vmap rule): the `keras.ops` form runs.
    return torch.jit.is_tracing() or torch.compiler.is_compiling() or _transformed()


_transformed: Callable[[], bool] = getattr(torch._C, "_are_functorch_transforms_active", lambda: False)


def untraced(kernel: Callable[..., Any]) -> Callable[..., Any]:
    """`kernel`, but `None` (the `keras.ops` form) while tracing or compiling."""

    @functools.wraps(kernel)
    def fn(x: Any, *params: Any) -> Any:
        return None if _traced() else kernel(x, *params)

    return fn


# --- The kernels `keras.ops` itself calls, without its second conversion of `x` ---------


def _native(kernel: Callable[..., Any], backward: Callable[..., Any], x: Any, *params: Any) -> Any:
    """PyTorch's piecewise `kernel` with its own `backward` op, whose gradient at NaN (0,
    or the slope of one piece, by tensor size for `elu_backward`) is made NaN: keras-acts'
    rule (`torch_device_rectifiers.native`). The `keras.ops` form under a function
    transform or while compiling, where autograd records the call."""
    if device.recorded(x):
        if _traced():
            return None
        if not _on_device(x) and not _has_nan(x):
            return kernel(x, *params)  # PyTorch's own autograd: no NaN to fix
    return device_rectifiers.native(kernel, backward, x, *params)


def _has_nan(x: Any) -> bool:
    """Whether a CPU tensor holds a NaN: one sum read back (NaN also for `+inf` with
    `-inf`, which then takes the NaN fix, a no-op there). Where it holds none, a piecewise
    kernel's own backward is keras-acts' gradient, so training steps pay one read of `x`
    rather than the fix's two kernels in the backward pass."""
    return bool(torch.isnan(x.sum()))


@fast_path("relu")
def relu(x: Any, negative_slope: Any, max_value: Any, threshold: Any) -> Any:
    """`torch.relu` for the defaults; Keras's cap alone is relu6's kernel (`hardtanh`,
    gradient 0 at both ends); with a slope or a threshold, one `where` over native ops
    (no host read, so on any device) and its derivative written out; each with the
    gradient NaN at NaN (`_native`)."""
    if negative_slope == 0 and threshold == 0:
        if max_value is None:
            return _native(torch.relu, device_rectifiers.relu_bwd, x)
        return _native(F.hardtanh, device_rectifiers.hardtanh_bwd, x, 0.0, float(max_value))
    fwd, bwd = device_rectifiers.relu_general_fwd, device_rectifiers.relu_general_bwd
    return _native(fwd, bwd, x, negative_slope, max_value, threshold)


@fast_path("relu6")
def relu6(x: Any) -> Any:
    return _native(F.hardtanh, device_rectifiers.hardtanh_bwd, x, 0.0, 6.0)


@fast_path("sigmoid")
def sigmoid(x: Any) -> Any:
    return torch.sigmoid(x) if x.dtype in _WIDE else None


@fast_path("tanh")
def tanh(x: Any) -> Any:
    return torch.tanh(x) if x.dtype in _WIDE else None


# --- torch.nn.functional kernels with keras-acts' semantics -----------------------------


@fast_path("leaky_relu")
def leaky_relu(x: Any, negative_slope: float) -> Any:
    return _native(F.leaky_relu, device_rectifiers.leaky_relu_bwd, x, negative_slope)


@fast_path("hard_tanh")
def hard_tanh(x: Any, min_val: float, max_val: float) -> Any:
    return _native(F.hardtanh, device_rectifiers.hardtanh_bwd, x, min_val, max_val)


@fast_path("hard_shrink")
def hard_shrink(x: Any, lambd: float) -> Any:
    # lambd = 0 is the identity, whose gradient at 0 is 1 (the kernel's is 0).
    return _native(F.hardshrink, device_rectifiers.hardshrink_bwd, x, lambd) if lambd != 0 else None


@fast_path("log_sigmoid")
def log_sigmoid(x: Any) -> Any:
    # PyTorch's ONNX exporter writes log(sigmoid(x)): -inf below x = -88 (float32).
    return None if torch.onnx.is_in_onnx_export() else F.logsigmoid(x)


@fast_path("softplus")
def softplus(x: Any, beta: float, threshold: float) -> Any:
    # The kernel computes exp(beta x) up to the threshold: it overflows float32 past 88.
    # Above 80 the log form is the identity to rounding (exp(-80) = 2e-35), so a
    # threshold of 80 gives the same function; on CPU `tests/test_native.py` holds such
    # thresholds to the `keras.ops` form, so only the device branch takes it. PyTorch's
    # ONNX exporter drops the threshold (ONNX's Softplus has none): the `keras.ops` form.
    if torch.onnx.is_in_onnx_export():
        return None
    if threshold <= 80:
        return F.softplus(x, beta, threshold)
    return F.softplus(x, beta, 80.0) if _on_device(x) and not _traced() else None


@fast_path("elu")
def elu(x: Any, alpha: float) -> Any:
    return _native(F.elu, device_rectifiers.elu_bwd, x, alpha)


@fast_path("selu")
def selu(x: Any) -> Any:
    return _native(F.selu, device_rectifiers.selu_bwd, x)


@fast_path("celu")
def celu(x: Any, alpha: float) -> Any:
    return _native(F.celu, device_rectifiers.celu_bwd, x, alpha)


@fast_path("hard_sigmoid")
def hard_sigmoid(x: Any, alpha: float, beta: float) -> Any:
    # The kernel has the defaults only, and its float64 derivative is float32's 1/6. Its
    # derivative at NaN is 0, keras-acts' NaN (`_native`).
    if alpha == 1.0 / 6.0 and beta == 0.5 and x.dtype != torch.float64:
        return _native(F.hardsigmoid, device_rectifiers.hardsigmoid_bwd, x)
    # Elsewhere the `keras.ops` form reads its fill value back (`full_like`): on the
    # device, keras-acts' clip with its derivative written out (slope 0 is that form's).
    if _on_device(x) and alpha != 0 and not _traced():
        return device_rectifiers.hard_sigmoid(x, alpha, beta)
    return None


# The softmax family's kernels give keras-acts' values wherever their result has no NaN:
# they make a slice NaN where it holds a NaN or only -inf entries (as keras-acts does),
# and also where it holds +inf (keras-acts: the limit, mass split among the +inf
# entries). On CPU one sum of the result is read back, and a NaN in it takes the
# `keras.ops` form (softmax's values are in [0, 1], so a non-finite sum is a NaN);
# log-softmax's legitimate -inf (masked entries) sums to -inf and keeps the kernel. Off
# the CPU and while tracing, the `keras.ops` form (no host read).


def _no_nan_sum(t: Any) -> bool:
    if t.requires_grad:
        t = t.detach()
    total = t.sum() if t.dtype in _WIDE else torch.sum(t, dtype=torch.float32)
    return not math.isnan(total.item())


def _normalized_on_device(t: Any, axis: int, kernel: Callable[..., Any]) -> Any:
    """The softmax family's +-inf rule around the native kernel, without a host read:
    in a slice holding `+inf`, those entries become 0 and the others `-inf` (NaN stays
    NaN), so the kernel gives `1/k` on them and 0 elsewhere (its log: `-log k`, `-inf`),
    with gradient 0 through the `where`s; other slices pass unchanged (a NaN or an
    all-`-inf` slice is NaN, as the rule says). Three or four elementwise passes and one
    reduction besides the kernel, where the `keras.ops` form takes about fifteen."""
    if t.dim() == 0 or t.dtype not in _WIDE:
        return None
    positive = t == math.inf
    taken = positive.any(dim=axis, keepdim=True)
    if kernel is F.log_softmax:
        # log_softmax passes the gradient on at entries of probability 0, softmax does
        # not: here the other entries of a slice with +inf (and no NaN: that slice's
        # values and gradients are NaN) become -inf without one.
        nan = t.isnan().any(dim=axis, keepdim=True)
        rest = torch.where(taken & ~nan, -math.inf, t)
    else:
        rest = t - torch.where(taken, math.inf, 0.0)
    return kernel(torch.where(positive, 0.0, rest), dim=axis)


@fast_path("softmax")
@untraced
def softmax(x: Any, axis: int) -> Any:
    if _on_device(x):
        return _normalized_on_device(x, axis, F.softmax)
    return _checked(F.softmax(x, dim=axis))


@fast_path("log_softmax")
@untraced
def log_softmax(x: Any, axis: int) -> Any:
    if _on_device(x):
        return _normalized_on_device(x, axis, F.log_softmax)
    y = F.log_softmax(x, dim=axis)
    return y if _no_nan_sum(y) else None


@fast_path("softmin")
@untraced
def softmin(x: Any, axis: int) -> Any:
    if _on_device(x):
        return _normalized_on_device(-x, axis, F.softmax)
    return _checked(F.softmin(x, dim=axis))


@fast_path("glu")
def glu(x: Any, axis: int) -> Any:
    # Not in half precision: there PyTorch's backward differs at huge and infinite inputs.
    return F.glu(x, dim=axis) if x.dtype in _WIDE else None


@fast_path("prelu", tensor_params=True)
def prelu(x: Any, alpha: Any, axis: int) -> Any:
    """`F.prelu`, or `None` where `alpha` is neither a number, a scalar nor one slope per
    channel along `axis` on `x`'s device.

    `alpha` may be a tensor -- the PReLU layer's weight; the channel axis is moved to where
    `F.prelu` expects it (a view; no copy). `F.prelu`'s semantics are keras-acts': `alpha
    * x` for `x <= 0` (NaN included), derivative `alpha` at 0; its x-gradient at NaN
    (alpha) is made NaN (`torch_device_rectifiers.PreluAutoFn`), as in the `keras.ops` form. A Python-number `alpha`
    becomes a one-element weight tensor per call.
    """
    if isinstance(alpha, (int, float)) and not isinstance(alpha, bool):
        weight = torch.full((1,), float(alpha), dtype=x.dtype, device=x.device)
    else:
        try:
            weight = keras.ops.convert_to_tensor(alpha)
        except Exception:
            return None
        if not isinstance(weight, torch.Tensor) or not weight.dtype.is_floating_point:
            return None
        if weight.ndim > 1 or weight.device != x.device:
            return None
        weight = weight.reshape(-1).to(x.dtype)
    if weight.numel() == 1:
        shape = [1] * x.ndim
    elif x.ndim < 2 or not -x.ndim <= axis < x.ndim or weight.numel() != x.shape[axis]:
        return None
    else:
        axis %= x.ndim  # ONNX export writes a negative axis into Transpose's perm (invalid)
        shape = [weight.numel() if i == axis else 1 for i in range(x.ndim)]
    if not device.recorded(x) and not device.recorded(weight):
        return device_rectifiers.prelu_forward(x, weight, axis)
    if _traced():
        return None  # the `keras.ops` form (no vmap rule, nor an ONNX operator, here)
    if not _on_device(x) and not _has_nan(x):
        return device_rectifiers.prelu_forward(x, weight, axis)  # PyTorch's own autograd
    return device_rectifiers.PreluAutoFn.apply(x, weight, weight.reshape(shape), axis)


# --- Checked on CPU, fixed up on the device ---------------------------------------------


@fast_path("silu")
@untraced
def silu(x: Any) -> Any:
    return device.silu(x) if _on_device(x) else _checked(F.silu(x))


@fast_path("hard_swish")
@untraced
def hard_swish(x: Any) -> Any:
    return device_rectifiers.hard_swish(x) if _on_device(x) else _checked(F.hardswish(x))


@fast_path("soft_shrink")
@untraced
def soft_shrink(x: Any, lambd: float) -> Any:
    # lambd = 0 is the identity, whose gradient at 0 is 1 (the kernel's is 0).
    if lambd == 0:
        return None
    if _on_device(x):
        return device_rectifiers.soft_shrink(x, lambd)
    return F.softshrink(x, lambd) if _finite_sum(x) else None


@fast_path("swish")
@untraced
def swish(x: Any, beta: float) -> Any:
    if _on_device(x):
        if beta == 1:
            return device.silu(x)
        return device.swish(x, beta) if abs(beta) >= 1e-30 else None
    # No kernel: PyTorch's own expression, in float32 for half-precision inputs (as the
    # `keras.ops` form computes).
    if x.dtype in _HALF:
        t = x.float()
        return _checked((t * torch.sigmoid(t * beta)).to(x.dtype))
    return _checked(x * torch.sigmoid(x * beta))


@fast_path("snake")
@untraced
def snake(x: Any, alpha: float) -> Any:
    if _on_device(x):
        return device.snake(x, alpha)
    # No kernel: the usual expression, in float32 for half-precision inputs.
    t = x.float() if x.dtype in _HALF else x
    y = t + torch.sin(t).square() if alpha == 1 else t + torch.sin(t * alpha).square() / alpha
    return _checked(y.to(x.dtype))


@fast_path("gelu")
@untraced
def gelu(x: Any, approximate: str) -> Any:
    # The erf form is PyTorch's kernel; the tanh form keras-acts' x sigmoid(w) (PyTorch's
    # kernel computes `1 + tanh(u)`, which cancels in the negative tail).
    if approximate == "none":
        return device.gelu(x) if _on_device(x) else _checked(F.gelu(x))
    if _on_device(x):
        return device.gelu_tanh(x)
    return _checked(sliced.gelu_tanh(x, _CHUNK_BYTES)) if x.dtype in _WIDE else None


@fast_path("mish")
@untraced
def mish(x: Any) -> Any:
    if _on_device(x):
        return device.mish(x)
    # Half precision: F.mish (it computes in float32 and rounds once).
    return _checked(sliced.mish(x, _CHUNK_BYTES) if x.dtype in _WIDE else F.mish(x))


@fast_path("squareplus")
@untraced
def squareplus(x: Any, b: float) -> Any:
    # b = 0 is relu (the `keras.ops` form's own shortcut).
    if b <= 0:
        return None
    if _on_device(x):
        return device.squareplus(x, float(b))
    # float32/float64 (keras-acts computes half precision in float32). Not finite (at
    # +-inf, NaN, or where x^2 + b overflows): the `keras.ops` form.
    return _checked(sliced.squareplus(x, float(b), _CHUNK_BYTES)) if x.dtype in _WIDE else None


@fast_path("softsign")
@untraced
def softsign(x: Any) -> Any:
    # The input is clipped to the finite range instead of checked: no sum on CPU either.
    if _on_device(x):
        return device.softsign(x)
    return sliced.softsign(x, _CHUNK_BYTES) if x.dtype in _WIDE else None


# --- On the device only: where the `keras.ops` form reads a value back or composes -----
# The kernels are declared where they live (`@device_only` in `torch_device` and
# `torch_device_rectifiers`); each is registered here behind the device and tracing checks.


def _device_only(kernel: Callable[..., Any]) -> Callable[..., Any]:
    """`kernel`, but `None` (the `keras.ops` form) on the CPU and while tracing."""

    @functools.wraps(kernel)
    def fn(x: Any, *params: Any) -> Any:
        return kernel(x, *params) if _on_device(x) and not _traced() else None

    return fn


for _kernel in device.DEVICE_ONLY.values():
    fast_path(_kernel.name)(_device_only(_kernel.fn))


@fast_path("hard_mish")
@untraced
def hard_mish(x: Any) -> Any:
    # On the CPU too: the `keras.ops` form's selects measured 7.8x the plain expression
    # there (4M elements, forward); the device form is four ops, no host read.
    return device_rectifiers.hard_mish(x)


# --- with_derivative's custom gradient ----------------------------------------------------


def _derivative_backward(ctx: Any, grad: Any) -> tuple[Any, ...]:
    """The gradients of `_Derivative*`: `grad * derivative(x, *params)` for x, autograd's
    of `value` for the tensor parameters (recomputed here, from x and them)."""
    x, *tensors = ctx.saved_tensors
    value, derivative, params, where = ctx.fns
    merged = merge_params(params, where, tensors)
    gx = grad * derivative(x, *merged) if ctx.needs_input_grad[0] else None
    needs = ctx.needs_input_grad[-len(tensors) :] if tensors else ()
    grads: list[Any] = [None] * len(tensors)
    if any(needs):
        with torch.enable_grad():
            leaves = [t.detach().requires_grad_(n) for t, n in zip(tensors, needs, strict=True)]
            y = value(x.detach(), *merge_params(params, where, leaves))
            wanted = [t for t, n in zip(leaves, needs, strict=True) if n]
            # A parameter the value does not depend on differentiably (a threshold): 0.
            found = iter(
                torch.autograd.grad(y, wanted, grad, allow_unused=True)
                if y.requires_grad
                else [None] * len(wanted)
            )
        for i, n in enumerate(needs):
            if n:
                g = next(found)
                grads[i] = torch.zeros_like(tensors[i]) if g is None else g
    return (gx, None, None, None, None, *grads)


class _Derivative(torch.autograd.Function):
    """`with_derivative` in the `forward(ctx, ...)` style: no `setup_context`, whose
    argument binding costs ~10-20 us a call (`_DerivativeTransformable` is taken under
    function transforms)."""

    @staticmethod
    def forward(ctx: Any, x: Any, value: Any, derivative: Any, params: Any, where: Any, *tensors: Any) -> Any:
        ctx.save_for_backward(x, *tensors)
        ctx.fns = (value, derivative, params, where)
        return value(x, *merge_params(params, where, tensors))

    backward = staticmethod(_derivative_backward)


class _DerivativeTransformable(torch.autograd.Function):
    """`with_derivative` for `torch.func` transforms: `setup_context`, and a vmap rule
    generated from the forward and backward (keras.ops calls, PyTorch ops underneath)."""

    generate_vmap_rule = True

    @staticmethod
    def forward(x: Any, value: Any, derivative: Any, params: Any, where: Any, *tensors: Any) -> Any:
        return value(x, *merge_params(params, where, tensors))

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple[Any, ...], output: Any) -> None:
        x, value, derivative, params, where, *tensors = inputs
        ctx.save_for_backward(x, *tensors)
        ctx.fns = (value, derivative, params, where)

    backward = staticmethod(_derivative_backward)


def custom_derivative(
    x: Any, value: Callable[..., Any], derivative: Callable[..., Any], params: tuple[Any, ...]
) -> Any:
    """`value(x, *params)` with the gradient `grad * derivative(x, *params)` for `x` and
    autograd's of `value` for the tensor parameters (`beta.grad` is set), keeping only x
    and those for the backward pass; under `torch.func` transforms too."""
    where, tensors = split_params(params)
    tensors = tuple(keras.ops.convert_to_tensor(t) for t in tensors)
    numbers = merge_params(params, where, (None,) * len(where))  # the tensors go apart
    fn = _DerivativeTransformable if _transformed() else _Derivative
    return fn.apply(x, value, derivative, numbers, where, *tensors)


# The GLU variants' kernels, in a module of their own (it imports this one's table).
from keras_acts._backends import torch_glu  # noqa: E402, F401
