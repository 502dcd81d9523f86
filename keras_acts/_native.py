"""Backend-native fast paths behind the public functions.

Eager PyTorch (Keras's default for `model.fit` on the torch backend) and TensorFlow
graphs without XLA run every `keras.ops` call as its own kernel, so a composed form costs
a multiple of the native kernel; on CPU, PyTorch's `where` is particularly slow (the
three-op `where` form of `leaky_relu` takes ~15x `F.leaky_relu` at 2^22 elements on this
project's CI machine). Where the backend's own kernel has exactly the keras-acts
semantics -- values, NaN propagation, limits at +-inf and the one-sided derivatives at
kinks -- the public function calls it directly, so there is one public function with one
contract. Some PyTorch kernels (GELU, SiLU, hard-swish, soft-shrink, and
the usual expressions for Swish-beta and Snake)
match everywhere except at non-finite inputs; on CPU they run with one sum to check for
those, falling back to the `keras.ops` form when there are any (`_torch_checked`). GELU's
tanh form and squareplus, which no PyTorch kernel matches, and mish, whose kernel is
slow, are keras-acts' formulas written with PyTorch's fused ops (`autograd.Function`s,
checked the same way, that walk their tensors in slices kept in the CPU cache); so is
softsign, with its input clipped to the finite range instead of a check.
TensorFlow has its own table (`_tf_table`), eager-only where a sum is read back.

Under JAX the fast path is the one `jax.nn` itself takes: each public function is
compiled with `jax.jit` (`jit_function`), so an eager call runs the composed form as one
fused XLA kernel instead of one dispatch per `keras.ops` call. Hyper-parameters given as
Python numbers are compile-time constants (one compilation per distinct value, kept in a
small cache per function); tensors stay traced.

`tests/test_native.py` checks every PyTorch/TensorFlow fast path against the `keras.ops`
path (values and gradients in float64/float32/bfloat16/float16, on a grid of kinks,
extremes, +-inf and NaN); `tests/test_jit.py` does the same for the compiled JAX path.
Everything else goes through `keras.ops`: symbolic tensors, Keras variables, hyper-
parameters given as tensors, and the cases listed as excluded below.

Turn it off with `keras_acts.set_native_fast_path(False)` or the environment variable
`KERAS_ACTS_NATIVE=0`.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

_ENABLED = os.environ.get("KERAS_ACTS_NATIVE", "1").strip().lower() not in ("0", "false", "no", "off")
_BACKEND = keras.backend.backend()

# The PyTorch `autograd.Function`s below make several passes over their tensors; they work
# through them in slices of this many bytes per buffer, so that the passes over one slice
# find it in the CPU's cache (on this project's CI machine a pass over a 16 MiB tensor that
# has fallen out of cache costs ~3-10x one over a cached slice). A few us per slice and op.
_CHUNK_BYTES = 1 << 21


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
    return _ENABLED and _BACKEND in ("torch", "tensorflow", "jax")


def _torch_checked() -> dict[str, Callable[..., Any]]:
    """PyTorch kernels that match keras-acts wherever their result is finite.

    GELU, SiLU, mish and hard-swish's kernels differ from keras-acts only at
    +-inf inputs (they give NaN where keras-acts gives the limit) and, for GELU, above
    1.7e38 in float32, where its kernel overflows; in every such case the kernel's
    result is not finite, and a NaN input gives NaN. So the kernel runs, one float32 (or
    float64) sum checks its result, and only a non-finite sum -- an input to look at
    element by element -- falls back to the `keras.ops` form. The gradient is then the
    kernel's own (the kernels keep only `x` for the backward pass; the Swish-beta and Snake
    expressions keep what PyTorch's autograd keeps for them, as the hand-written forms do).

    Only on CPU: on an accelerator, reading the sum back would stall the stream.

    The `autograd.Function`s here (softsign, GELU's tanh form, mish, squareplus) walk
    their tensors in slices that stay in the CPU's cache (`_sliced`, `_CHUNK_BYTES`);
    softsign clips its input to the finite range instead of checking, and so also runs
    on accelerators.
    """
    import math

    import torch
    import torch.nn.functional as F

    def _finite_sum(t: Any) -> bool:
        # Half precision is summed in float32 (its own sum overflows at 65504).
        if t.requires_grad:
            t = t.detach()
        total = t.sum() if t.dtype in (torch.float32, torch.float64) else torch.sum(t, dtype=torch.float32)
        return math.isfinite(total.item())

    def _traced() -> bool:
        # Tracing or compiling (ONNX export, torch.compile): the `keras.ops` form runs.
        return torch.jit.is_tracing() or torch.compiler.is_compiling()

    def checked(kernel: Callable[..., Any]) -> Callable[..., Any]:
        def fn(x: Any, *params: Any) -> Any:
            if x.device.type != "cpu" or _traced():
                return None
            y = kernel(x, *params)
            if y is None:
                return None
            return y if _finite_sum(y) else None

        return fn

    def untraced(kernel: Callable[..., Any]) -> Callable[..., Any]:
        # No sum to read back: any device, but not while tracing or compiling.
        def fn(x: Any, *params: Any) -> Any:
            return None if _traced() else kernel(x, *params)

        return fn

    def _sliced(body: Callable[..., Any], x: Any, *others: Any, buffers: int = 0) -> Any:
        """`body(x, *others, out, *scratch)`, elementwise ops writing into `out`: once on
        the whole tensors where x fits one slice of `_CHUNK_BYTES`, else slice by slice of
        the flattened tensors (a copy only of those not contiguous), so that the body's
        passes over a slice find it in the CPU cache. `out` is returned shaped as x."""
        n = x.numel()
        step = max(1, _CHUNK_BYTES // x.element_size())
        if n <= step or not x.is_cpu:
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

    def _recorded(x: Any) -> bool:
        # Whether autograd records this call: otherwise the forward body runs directly,
        # without the `autograd.Function` (a few us at 2^16 elements).
        return torch.is_grad_enabled() and x.requires_grad

    def _softsign_body(x: Any, y: Any, d: Any) -> None:
        # x clipped to the largest finite value first: +-inf gives +-1, the limit (the
        # plain quotient gives inf / inf = NaN), and no sum needs to check the result.
        m = torch.finfo(x.dtype).max
        xc = torch.clamp(x, -m, m, out=y)
        torch.div(xc, torch.abs(xc, out=d).add_(1.0), out=y)

    def _softsign_grad_body(x: Any, g: Any, out: Any) -> None:
        torch.div(g, torch.abs(x, out=out).add_(1.0).square_(), out=out)

    class Softsign(torch.autograd.Function):
        # PyTorch's own `x / (1 + |x|)`, with the derivative 1 / (1 + |x|)^2 written out,
        # as keras-acts does (autodiff of the quotient cancels for large |x|); the
        # derivative is 0 at +-inf as it stands.
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return _sliced(_softsign_body, x, buffers=1)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (x,) = ctx.saved_tensors
            if torch.is_grad_enabled():  # create_graph: differentiable (out-of-place) ops
                d = x.abs() + 1
                return grad / (d * d)
            return _sliced(_softsign_grad_body, x, grad)

    def softsign(x: Any) -> Any:
        # keras-acts computes half precision in float32.
        if x.dtype in (torch.float16, torch.bfloat16):
            return None
        return Softsign.apply(x) if _recorded(x) else _sliced(_softsign_body, x, buffers=1)

    # GELU's tanh form as keras-acts writes it, x sigmoid(w) with w = 2u = x (A + B x^2):
    # PyTorch's kernel computes `1 + tanh(u)`, which cancels in the negative tail (0 for
    # x < -9 in float32, where the value is ~1e-7).
    gelu_a = 2.0 * math.sqrt(2.0 / math.pi)
    gelu_b = gelu_a * 0.044715

    def _gelu_tanh(x: Any) -> Any:
        a = torch.full((), gelu_a, dtype=x.dtype)

        def body(x: Any, y: Any) -> None:
            torch.addcmul(a, x, x, value=gelu_b, out=y).mul_(x).sigmoid_().mul_(x)

        return _sliced(body, x)

    class GeluTanh(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return _gelu_tanh(x)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            # sigmoid(w) + x sigmoid'(w) w', w' = A + 3 B x^2, from x alone (as PyTorch's
            # kernel keeps). x is clipped to +-30: there sigmoid(w) is exactly 0 or 1 in
            # float64 already, and x^2 (|x| > 1.8e19 in float32) cannot overflow.
            (x,) = ctx.saved_tensors
            a = torch.full((), gelu_a, dtype=x.dtype)
            if torch.is_grad_enabled():  # create_graph: ops autograd can differentiate
                xc = torch.clamp(x, -30.0, 30.0)
                q = xc * xc
                dw = torch.add(a, q, alpha=3.0 * gelu_b)
                s = torch.add(a, q, alpha=gelu_b).mul_(xc).sigmoid_()
                t = torch.ops.aten.sigmoid_backward(torch.mul(grad, xc).mul_(dw), s)
                return torch.addcmul(t, grad, s)

            def body(x: Any, g: Any, t: Any, xc: Any, s: Any) -> None:
                # s = sigmoid(x (A + B x^2)); t = grad x (A + 3 B x^2), then t s (1 - s) in
                # place; plus grad s.
                torch.clamp(x, -30.0, 30.0, out=xc)
                torch.addcmul(a, xc, xc, value=gelu_b, out=s).mul_(xc).sigmoid_()
                torch.addcmul(a, xc, xc, value=3.0 * gelu_b, out=t).mul_(xc).mul_(g)
                torch.ops.aten.sigmoid_backward.grad_input(t, s, grad_input=t)
                t.addcmul_(g, s)

            return _sliced(body, x, grad, buffers=2)

    def gelu(x: Any, approximate: str) -> Any:
        if approximate == "none":
            return F.gelu(x)
        # keras-acts computes half precision in float32.
        if x.dtype not in (torch.float32, torch.float64):
            return None
        return GeluTanh.apply(x) if _recorded(x) else _gelu_tanh(x)

    def input_checked(kernel: Callable[..., Any]) -> Callable[..., Any]:
        # For kernels that map NaN to a number (soft-shrink gives 0): the input is checked.
        def fn(x: Any, *params: Any) -> Any:
            if x.device.type != "cpu" or _traced():
                return None
            return kernel(x, *params) if _finite_sum(x) else None

        return fn

    def swish(x: Any, beta: float) -> Any:
        # No kernel: PyTorch's own expression, in float32 for half-precision inputs (as the
        # `keras.ops` form computes).
        if x.dtype in (torch.float16, torch.bfloat16):
            t = x.float()
            return (t * torch.sigmoid(t * beta)).to(x.dtype)
        return x * torch.sigmoid(x * beta)

    def snake(x: Any, alpha: float) -> Any:
        # No kernel: the usual expression, in float32 for half-precision inputs.
        t = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
        y = t + torch.sin(t).square() if alpha == 1 else t + torch.sin(t * alpha).square() / alpha
        return y.to(x.dtype)

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

    class Mish(torch.autograd.Function):
        """mish with `tanh(softplus(x)) = n / (2 - n)`, `n = s (2 - s)`, `s = sigmoid(x)`:
        PyTorch's vectorised sigmoid and five elementwise passes in two buffers, where
        `F.mish` evaluates softplus and tanh per element (~10-20x a copy on CPU). Nothing
        cancels: n ~ 2s in the negative tail, and the derivative
        `s ((1 + q)(1 + q^2) + 4 x q^2) / (1 + q^2)^2` (q = 1 - s; sech^2(softplus) =
        4 q^2 / (1 + q^2)^2) is recomputed from x, the one tensor kept, as F.mish keeps."""

        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return _sliced(_mish_body, x, buffers=1)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (x,) = ctx.saved_tensors
            if torch.is_grad_enabled():  # create_graph: differentiable (out-of-place) ops
                s = torch.sigmoid(x)
                q = 1.0 - s
                d = 1.0 + q * q
                return s * ((1.0 + q) * d + 4.0 * x * q * q) / (d * d) * grad
            return _sliced(_mish_grad_body, x, grad, buffers=3)

    def mish(x: Any) -> Any:
        # Half precision: F.mish (it computes in float32 and rounds once).
        if x.dtype not in (torch.float32, torch.float64):
            return F.mish(x)
        return Mish.apply(x) if _recorded(x) else _sliced(_mish_body, x, buffers=1)

    def _squareplus(x: Any, b: float) -> Any:
        r = math.sqrt(b)
        root_b = torch.full((), r, dtype=x.dtype)
        b_t = root_b * root_b

        def body(x: Any, y: Any, t: Any, positive: Any) -> None:
            s = torch.addcmul(b_t, x, x, out=y).sqrt_()  # y takes s, the lower piece, the result
            torch.abs(x, out=t).add_(s)
            torch.sign(x, out=positive).relu_()  # 1 for x > 0, else 0 (NaN stays NaN)
            lower = torch.div(root_b, t, out=s).mul_(r / 2)
            lower.lerp_(t.mul_(0.5), positive)

        return _sliced(body, x, buffers=2)

    class Squareplus(torch.autograd.Function):
        """keras-acts' two pieces without `torch.where` (9x an elementwise kernel on CPU):
        with s = sqrt(x^2 + b) and t = s + |x|, the value is t / 2 for x > 0 (that is
        (x + s) / 2) and (sqrt(b) / t) (sqrt(b) / 2) for x <= 0 (that is b / (2 (s - x)),
        no cancellation), picked by `lerp` with a 0/1 weight, which is exact. b is taken as
        the square of sqrt(b) rounded, so that s is exactly sqrt(b) at 0 (sqrt(r^2) = r in
        binary floating point): each piece is monotone and they meet exactly at 0 (both
        are sqrt(b)/2), so the result is monotone after rounding, as keras-acts' form is.
        Where x^2 + b overflows (|x| > 1.8e19 in float32), s and t are inf and the `lerp`
        gives NaN: the result is only used through `checked`, so such inputs take the
        `keras.ops` form, and the backward pass sees only inputs where nothing overflowed.
        The derivative, (1 + x/s) / 2, is `y / s`, from x and y, the two tensors kept (what
        autograd keeps for the plain expression; s is recomputed so that a second
        derivative sees it depend on x)."""

        @staticmethod
        def forward(ctx: Any, x: Any, b: float) -> Any:
            y = _squareplus(x, b)
            ctx.save_for_backward(x, y)
            ctx.root_b = math.sqrt(b)
            return y

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            x, y = ctx.saved_tensors
            root_b = torch.full((), ctx.root_b, dtype=x.dtype)
            b_t = root_b * root_b
            if torch.is_grad_enabled():  # create_graph: differentiable (out-of-place) ops
                return grad * (y / torch.sqrt(torch.addcmul(b_t, x, x))), None

            def body(x: Any, y: Any, g: Any, out: Any) -> None:
                s = torch.addcmul(b_t, x, x, out=out).sqrt_()
                torch.div(y, s, out=s).mul_(g)

            return _sliced(body, x, y, grad), None

    def squareplus(x: Any, b: float) -> Any:
        # float32/float64 (keras-acts computes half precision in float32); b = 0 is relu.
        # Not finite (at +-inf, NaN, or where x^2 + b overflows): the `keras.ops` form.
        if x.dtype not in (torch.float32, torch.float64) or b <= 0:
            return None
        return Squareplus.apply(x, float(b)) if _recorded(x) else _squareplus(x, float(b))

    def hard_sigmoid_applies(x: Any, alpha: float, beta: float) -> bool:
        # PyTorch's kernel has the defaults only, and its float64 derivative is float32's
        # 1/6. Its derivative at NaN is 0, as keras-acts' is: no check.
        return alpha == 1.0 / 6.0 and beta == 0.5 and x.dtype != torch.float64

    return {
        "hard_sigmoid": lambda x, alpha, beta: (
            F.hardsigmoid(x) if hard_sigmoid_applies(x, alpha, beta) else None
        ),
        "swish": checked(swish),
        "snake": checked(snake),
        "soft_shrink": input_checked(lambda x, lambd: F.softshrink(x, lambd)),
        "gelu": checked(gelu),
        "silu": checked(F.silu),
        "mish": checked(mish),
        "hard_swish": checked(F.hardswish),
        "softsign": untraced(softsign),
        "squareplus": checked(squareplus),
    }


def _torch_table() -> dict[str, Callable[..., Any]]:
    import torch
    import torch.nn.functional as F

    checked = _torch_checked()

    def softplus(x: Any, beta: float, threshold: float) -> Any:
        # The kernel computes exp(beta x) up to the threshold: it overflows float32 past 88.
        return F.softplus(x, beta, threshold) if threshold <= 80 else None

    return {
        # The kernels `keras.ops` itself calls, without its second conversion of `x`.
        "relu": torch.relu,
        "relu6": F.relu6,
        # Not in half precision: there PyTorch's backward rounds `y (1 - y)` (`1 - y^2`)
        # from the rounded output; keras-acts computes in float32.
        "sigmoid": lambda x: torch.sigmoid(x) if x.dtype in (torch.float32, torch.float64) else None,
        "tanh": lambda x: torch.tanh(x) if x.dtype in (torch.float32, torch.float64) else None,
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
        # Not in half precision: there PyTorch's backward differs at huge and infinite inputs.
        "glu": lambda x, axis: F.glu(x, dim=axis) if x.dtype in (torch.float32, torch.float64) else None,
        **checked,
    }


def _tf_table() -> dict[str, Callable[..., Any]]:
    import math

    import tensorflow as tf

    try:  # whether a GradientTape (or forward accumulator) could record the next op
        from tensorflow.python.eager.record import could_possibly_record as could_record
    except ImportError:  # pragma: no cover - another TensorFlow layout: always the custom gradient
        could_record = None

    def leaky_relu(x: Any, negative_slope: float) -> Any:
        # The kernel's slope is a float32 attribute: not exact for float64 inputs.
        return None if x.dtype == tf.float64 else tf.nn.leaky_relu(x, alpha=negative_slope)

    def log_sigmoid(x: Any) -> Any:
        # In half precision the kernel rounds its intermediates; keras-acts computes in float32.
        return tf.math.log_sigmoid(x) if x.dtype in (tf.float32, tf.float64) else None

    axes: dict[int, Any] = {}

    def finite_sum(t: Any) -> bool:
        # The raw op with a cached axis constant: `tf.reduce_sum` builds its axis with an
        # extra op per call, which costs more than the sum itself at 2^16 elements.
        rank = t.shape.rank
        axis = axes.get(rank)
        if axis is None:
            axis = axes[rank] = tf.constant(list(range(rank)), tf.int32)
        return math.isfinite(float(tf.raw_ops.Sum(input=t, axis=axis)))

    def checked(kernel: Callable[..., Any], check_input: bool = False) -> Callable[..., Any]:
        """TensorFlow's kernel where it matches keras-acts on finite values: eager only,
        float32/float64 (keras-acts computes half precision in float32), and only where a
        sum of the result (or, for kernels that map NaN to a number, of the input) is
        finite; otherwise the `keras.ops` form (see `_torch_checked`)."""

        def fn(x: Any, *params: Any) -> Any:
            if x.dtype not in (tf.float32, tf.float64) or not tf.executing_eagerly():
                return None
            if check_input:
                return kernel(x, *params) if finite_sum(x) else None
            y = kernel(x, *params)
            return y if y is not None and finite_sum(y) else None

        return fn

    def hard_tanh(x: Any, min_val: float, max_val: float) -> Any:
        # min(hi, max(lo, x)) with the bounds first: TensorFlow's Maximum/Minimum gradients
        # go to the first argument on ties, so x's gradient is 0 at both bounds (PyTorch's
        # and keras-acts'), unlike `tf.clip_by_value`'s. Both kernels propagate NaN.
        # Eager only: in a graph (Keras's compiled `fit`) the gradient of the bounds, a
        # reduction each, is built too; XLA fuses the `keras.ops` form instead.
        if not tf.executing_eagerly():
            return None
        lo = tf.constant(min_val, x.dtype)
        hi = tf.constant(max_val, x.dtype)
        return tf.minimum(hi, tf.maximum(lo, x))

    def swish(x: Any, beta: float) -> Any:
        # The plain expression: `tf.nn.silu` is a `tf.custom_gradient` function, which
        # costs ~0.3 ms per eager call whether or not a tape is recording.
        return x * tf.sigmoid(x if beta == 1 else x * beta)

    def softplus(x: Any, beta: float, threshold: float) -> Any:
        # TensorFlow's has no beta and no threshold: equal where `x + exp(-x)` rounds to x
        # above the threshold, in float32 from 17 on.
        if beta != 1 or threshold < 17 or x.dtype != tf.float32:
            return None
        return tf.nn.softplus(x)

    def gelu(x: Any, approximate: str) -> Any:
        # Not the tanh form: TensorFlow's `1 + tanh(u)` cancels in the negative tail. Not
        # float64: there tf.nn.gelu is off by 1e-7 relative in the tail.
        return tf.nn.gelu(x, approximate=False) if approximate == "none" and x.dtype == tf.float32 else None

    def graph_gelu(x: Any, approximate: str) -> Any:
        """In a graph (Keras's compiled `fit`, XLA): TensorFlow's expression and its
        autodiff, which computes erf once for value and derivative (keras-acts' custom
        gradient, keeping only x, computes it again: ~5% of a small CNN's XLA train step).
        Guarded without a sum or a select: `c` is x clipped to the finite range (min/max
        with the bounds first: their gradients go to the first argument on ties and NaN,
        so a NaN input keeps a NaN gradient, where `tf.clip_by_value`'s would be 0), and
        `gelu(c) + relu(x - c)` (the second term without gradient) is gelu(x) for finite
        x, +inf / 0 at +-inf with gradient 0, and NaN at NaN. TensorFlow's expression
        `0.5 x (1 + erf(x / sqrt 2))` and its derivative stay finite up to the float
        maximum."""
        if approximate != "none" or x.dtype != tf.float32:
            return None
        top = tf.constant(float(tf.float32.max), x.dtype)
        c = tf.minimum(top, tf.maximum(-top, x))
        return tf.nn.gelu(c, approximate=False) + tf.stop_gradient(tf.nn.relu(x - c))

    eager_gelu = checked(gelu)

    def gelu_either(x: Any, approximate: str) -> Any:
        return eager_gelu(x, approximate) if tf.executing_eagerly() else graph_gelu(x, approximate)

    def exponential_unit(kernel: Callable[[Any], Any], alpha: float, scale: float) -> Callable[[Any], Any]:
        """tf.nn.elu / selu's forward kernel, with keras-acts' derivative: TensorFlow's,
        computed from the output as `y + 1`, is 0 below x = -17 in float32. Eager only."""

        @tf.custom_gradient
        def unit(x: Any) -> Any:
            def grad(upstream: Any) -> Any:
                # x <= 0 picks the exponential piece: NaN takes the linear slope (PyTorch's).
                # min(x, 0): no overflow in the branch not taken (also for second order).
                slope = tf.exp(tf.minimum(x, 0.0)) * (alpha * scale)
                return upstream * tf.where(x <= 0, slope, tf.constant(scale, x.dtype))

            return kernel(x), grad

        def fn(x: Any) -> Any:
            if x.dtype not in (tf.float32, tf.float64) or not tf.executing_eagerly():
                return None
            # `tf.custom_gradient` costs ~0.3 ms per eager call: only where a tape could
            # record this call.
            return unit(x) if could_record is None or could_record() else kernel(x)

        return fn

    elu = exponential_unit(tf.nn.elu, 1.0, 1.0)

    def sigmoid_or_tanh(kernel: Callable[[Any], Any]) -> Callable[[Any], Any]:
        # keras-acts computes half precision in float32.
        return lambda x: kernel(x) if x.dtype in (tf.float32, tf.float64) else None

    return {
        # The kernels `keras.ops` itself calls, without its conversions of `x`.
        "relu": tf.nn.relu,
        "relu6": tf.nn.relu6,
        "sigmoid": sigmoid_or_tanh(tf.sigmoid),
        "tanh": sigmoid_or_tanh(tf.tanh),
        "leaky_relu": leaky_relu,
        "hard_tanh": hard_tanh,
        "log_sigmoid": log_sigmoid,
        "softsign": checked(tf.nn.softsign),
        "softplus": checked(softplus),
        "gelu": gelu_either,
        "silu": checked(lambda x: swish(x, 1)),
        "swish": checked(swish),
        "mish": checked(lambda x: x * tf.math.tanh(tf.nn.softplus(x))),
        "snake": checked(lambda x, alpha: x + tf.square(tf.sin(x * alpha)) / alpha),
        "elu": lambda x, alpha: elu(x) if alpha == 1 else None,
        "selu": exponential_unit(
            tf.nn.selu, 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
        ),
        # TensorFlow's CPU softmax does not propagate NaN: the input is checked.
        "softmax": checked(lambda x, axis: tf.nn.softmax(x, axis=axis), check_input=True),
        "log_softmax": checked(lambda x, axis: tf.nn.log_softmax(x, axis=axis), check_input=True),
    }


# The kernels `keras.ops` itself calls for these; the fast path skips its conversions.
_KERAS_OWN = frozenset({"relu", "relu6", "sigmoid", "tanh"})

# The functions with a fast path, per backend (the tables above; a test checks they agree).
NAMES: dict[str, frozenset[str]] = {
    "torch": _KERAS_OWN
    | frozenset(
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
            "gelu",
            "hard_swish",
            "softsign",
            "hard_sigmoid",
            "soft_shrink",
            "swish",
            "snake",
            "squareplus",
            "softmax",
            "log_softmax",
            "softmin",
            "glu",
        }
    ),
    "tensorflow": _KERAS_OWN
    | frozenset(
        {
            "leaky_relu",
            "hard_tanh",
            "log_sigmoid",
            "softsign",
            "softplus",
            "gelu",
            "silu",
            "swish",
            "mish",
            "snake",
            "softmax",
            "log_softmax",
            "elu",
            "selu",
        }
    ),
    # Compiled with `jax.jit` (`jit_function`): every deterministic function.
    "jax": frozenset(
        {
            "relu",
            "relu6",
            "leaky_relu",
            "threshold",
            "hard_tanh",
            "hard_sigmoid",
            "hard_swish",
            "hard_shrink",
            "soft_shrink",
            "sigmoid",
            "tanh",
            "softsign",
            "log_sigmoid",
            "tanh_shrink",
            "softplus",
            "elu",
            "selu",
            "celu",
            "gelu",
            "silu",
            "swish",
            "mish",
            "lisht",
            "squareplus",
            "snake",
            "softmax",
            "log_softmax",
            "softmin",
            "glu",
            "sparsemax",
            "prelu",
            "pelu",
            "srelu",
            "apl",
            "acon_c",
            "rational",
            "maxout",
        }
    ),
}

_TABLE: dict[str, Callable[..., Any]] | None = None


_PLAIN_TYPES = (float, int, bool, str, type(None))


def _eager_float_checks() -> tuple[Callable[[Any], bool], Callable[[Any], Any]]:
    """Two checks for the backend, built once: `is_float(x)` -- `x` is a floating tensor of
    the backend (any device; the tables decide per kernel) -- and `as_is(x)`, which returns
    `x` itself when it is a floating tensor that `keras.ops.convert_to_tensor` would return
    unchanged, and `None` otherwise. `as_is` spares the small calls Keras's conversion
    (~2 us: on PyTorch a device lookup and comparison); the full conversion runs for
    anything else."""
    if _BACKEND == "torch":
        import torch

        floats = frozenset({torch.float16, torch.bfloat16, torch.float32, torch.float64})
        tensor = torch.Tensor
        try:  # Keras's current device (what `convert_to_tensor` moves tensors to).
            from keras.src.backend.torch.core import get_device
        except ImportError:  # pragma: no cover - a Keras without it: no shortcut
            get_device = None

        def is_float(x: Any) -> bool:
            return isinstance(x, tensor) and x.dtype in floats

        def as_is(x: Any) -> Any:
            if type(x) is tensor and x.dtype in floats and x.is_cpu and get_device is not None:
                device = get_device()
                if isinstance(device, str) and device == "cpu":
                    return x
            return None

        return is_float, as_is
    if _BACKEND == "tensorflow":
        import tensorflow as tf

        floats = frozenset({tf.float16, tf.bfloat16, tf.float32, tf.float64})
        eager = type(tf.constant(0.0))
        tensor = tf.Tensor

        def is_float(x: Any) -> bool:
            return (type(x) is eager or isinstance(x, tensor)) and x.dtype in floats

        def as_is(x: Any) -> Any:
            return x if type(x) is eager and x.dtype in floats else None

        return is_float, as_is
    return (lambda x: False), (lambda x: None)


_is_float_tensor, float_tensor_as_is = _eager_float_checks()


def _recording_check() -> Callable[[Any], bool]:
    """`no_gradient_recorded(x)`: whether no gradient can be taken through this call --
    PyTorch: autograd is off, or `x` does not require a gradient; TensorFlow: eager, with
    no tape or forward accumulator active. There `with_derivative` returns the value alone:
    its custom gradient would go unused, and `tf.custom_gradient` costs ~0.3 ms per eager
    call (PyTorch's `autograd.Function` a few us). Always `False` under JAX, where it is
    traced once."""
    if _BACKEND not in ("torch", "tensorflow"):
        return lambda x: False
    if _BACKEND == "torch":
        import torch

        def torch_check(x: Any) -> bool:
            return _ENABLED and (
                not torch.is_grad_enabled() or (type(x) is torch.Tensor and not x.requires_grad)
            )

        return torch_check
    import tensorflow as tf

    try:
        from tensorflow.python.eager.record import could_possibly_record
    except ImportError:  # pragma: no cover - another TensorFlow layout: always the custom gradient
        return lambda x: False

    def tf_check(x: Any) -> bool:
        return _ENABLED and tf.executing_eagerly() and not could_possibly_record()

    return tf_check


no_gradient_recorded = _recording_check()


def native(name: str, x: Any, *params: Any) -> Any:
    """The backend's own kernel for `name` applied to `x`, or `None` where there is none.

    `x` must already be a floating tensor (callers pass it through `as_float`); `params`
    are the function's hyper-parameters in signature order. There is no fast path for
    symbolic tensors, hyper-parameters that are not plain Python numbers (tensors, NumPy
    scalars) or when disabled.
    """
    global _TABLE
    if not _ENABLED:
        return None
    if _TABLE is None:
        if _BACKEND not in ("torch", "tensorflow"):
            return None
        _TABLE = _torch_table() if _BACKEND == "torch" else _tf_table()
    fn = _TABLE.get(name)
    if fn is None or not _is_float_tensor(x):
        return None
    for p in params:
        if type(p) not in _PLAIN_TYPES:
            return None
    return fn(x, *params)


# Compiled functions kept per public function (one per distinct set of Python-number
# hyper-parameters); the least recently used one is dropped beyond this.
_JIT_CACHE_SIZE = 64
_STATIC_TYPES = (bool, int, float, str, type(None))


def _static_key(value: Any) -> Any:
    """A cache key that tells apart what `==` does not: `1`, `1.0`, `True`; `0.0`, `-0.0`."""
    if isinstance(value, tuple):
        return tuple(_static_key(v) for v in value)
    if isinstance(value, float):
        return (float, repr(value))
    return (type(value), value)


def _is_static(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_is_static(v) for v in value)
    return isinstance(value, _STATIC_TYPES)


def jit_function(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` compiled with `jax.jit` when the backend is JAX; `fn` itself elsewhere.

    The compiled path is taken when `x` is a JAX or NumPy array (concrete or traced) and every other
    argument is a JAX array or a Python number/str/bool/None (or a tuple of those);
    anything else -- NumPy arrays, Keras variables, symbolic tensors -- runs `fn` as is.
    Argument checks run while tracing, with the same `ValueError`s; a failed trace is not
    cached. Under an enclosing `jax.jit` (Keras's compiled `fit`) the inner one is inlined.
    """
    if _BACKEND != "jax":
        return fn
    import jax

    names = tuple(inspect.signature(fn).parameters)
    cache: OrderedDict[Any, Callable[..., Any]] = OrderedDict()
    # `fn(x)` alone, by far the most frequent call: compiled per floatx, called with `x`
    # positionally (the quickest dispatch `jax.jit` has; half the wrapper's time).
    plain: dict[str, Callable[..., Any]] = {}
    array = jax.Array

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and _ENABLED and isinstance(args[0], array):
            floatx = keras.config.floatx()
            compiled = plain.get(floatx)
            if compiled is None:
                # A new function per floatx: `jax.jit` keeps traces per function object,
                # and floatx (int inputs are cast to it) is not part of its key.
                compiled = jax.jit(_positional(fn))
                result = compiled(args[0])
                plain[floatx] = compiled  # cached only once a trace succeeded
                return result
            return compiled(args[0])
        if not _ENABLED or not args or len(args) > len(names):
            return fn(*args, **kwargs)  # (raises the usual TypeError where it should)
        # Binding by hand: `inspect.Signature.bind` costs more than a small kernel.
        arguments = dict(zip(names, args, strict=False))  # len(args) <= len(names)
        for name, value in kwargs.items():
            if name in arguments or name not in names:
                return fn(*args, **kwargs)
            arguments[name] = value
        first = names[0]
        if isinstance(arguments[first], np.ndarray):
            # What `as_float` would do first; then NumPy input runs the same program.
            arguments[first] = keras.ops.convert_to_tensor(arguments[first])
        if not isinstance(arguments[first], jax.Array):
            return fn(*args, **kwargs)
        arrays: dict[str, Any] = {}
        statics: dict[str, Any] = {}
        for name, value in arguments.items():
            if isinstance(value, jax.Array):
                arrays[name] = value
            elif _is_static(value):
                statics[name] = value
            else:
                return fn(*args, **kwargs)
        # floatx: integer inputs are cast to it while tracing.
        key = (
            keras.config.floatx(),
            tuple(arrays),
            tuple((name, _static_key(v)) for name, v in statics.items()),
        )
        compiled = cache.get(key)
        if compiled is None:
            compiled = jax.jit(_bind(fn, statics))
        else:
            cache.move_to_end(key)
        result = compiled(arrays)
        if key not in cache:  # cached only once a trace succeeded
            cache[key] = compiled
            if len(cache) > _JIT_CACHE_SIZE:
                cache.popitem(last=False)
        return result

    wrapper._jit_cache = cache  # type: ignore[attr-defined]
    wrapper._jit_plain = plain  # type: ignore[attr-defined]
    return wrapper


def _positional(fn: Callable[..., Any]) -> Callable[[Any], Any]:
    """`fn(x)` as a new function object named after `fn`."""

    def call(x: Any) -> Any:
        return fn(x)

    call.__name__ = call.__qualname__ = fn.__name__
    return call


def _bind(fn: Callable[..., Any], statics: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """`fn` with its Python-number arguments fixed, taking the arrays as one dict (named
    after `fn`, which is how the compiled function shows up in jaxprs and profiles)."""

    def call(arrays: dict[str, Any]) -> Any:
        return fn(**statics, **arrays)

    call.__name__ = call.__qualname__ = fn.__name__
    return call


def torch_prelu(x: Any, alpha: Any, axis: int) -> Any:
    """`F.prelu` for `prelu` on PyTorch, or `None` (other backends, symbolic or other shapes).

    Unlike the other fast paths this one takes a tensor `alpha` -- the PReLU layer's weight
    -- as long as it is a scalar or one slope per channel along `axis`; the channel axis is
    moved to where `F.prelu` expects it (a view; no copy). `F.prelu`'s semantics are
    keras-acts': `alpha * x` for `x <= 0` (NaN included), derivative `alpha` at 0.
    """
    if not _ENABLED or _BACKEND != "torch" or not _is_float_tensor(x):
        return None
    import torch
    import torch.nn.functional as F

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
        return F.prelu(x, weight)
    if x.ndim < 2 or not -x.ndim <= axis < x.ndim or weight.numel() != x.shape[axis]:
        return None
    return F.prelu(x.movedim(axis, 1), weight).movedim(1, axis)
