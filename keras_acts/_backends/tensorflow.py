"""TensorFlow fast paths: the kernels the public functions call instead of their
`keras.ops` forms when the input is a floating `tf.Tensor`.

Eager TensorFlow, and graphs without XLA, run every `keras.ops` call as its own kernel, so
a composed form costs a multiple of one native kernel; under XLA (`jit_compile=True`) the
`keras.ops` forms are fused and most fast paths here step aside. What is here, by kind:

- The kernels `keras.ops` itself calls (relu, relu6, sigmoid, tanh), without Keras's
  conversions of `x`, in graphs too; sigmoid and tanh in float32/float64 only
  (keras-acts computes half precision in float32). So are leaky_relu (not float64: the
  kernel's slope is a float32 attribute) and log_sigmoid (not in half precision, where
  the kernel rounds its intermediates).
- Eager only: hard_tanh as `min(hi, max(lo, x))`, bounds first, so that x's gradient is 0
  at both bounds (in a graph the bounds' gradients, a reduction each, would be built too);
  elu (alpha = 1) and selu, TensorFlow's forward kernels with keras-acts' derivative
  computed from x (TensorFlow's, from `y + 1`, is 0 below x = -17 in float32) through a
  `tf.custom_gradient` only where a tape could record the call (it costs ~0.3 ms per eager
  call).
- `checked`, eager only, float32/float64: kernels and expressions that match keras-acts
  wherever their result is finite -- softsign, softplus (beta = 1 and threshold >= 17,
  float32 only), GELU (erf form, float32 only: in float64 tf.nn.gelu is off by 1e-7
  relative in the tail; not the tanh form, whose `1 + tanh(u)` cancels), SiLU and
  Swish-beta (the plain expression: `tf.nn.silu` is a `tf.custom_gradient` function, slow
  eagerly), mish and Snake (their expressions) -- run, and one sum of the result is read
  back; a non-finite sum falls back to the `keras.ops` form. softmax and log_softmax are
  `input_checked` (TensorFlow's CPU kernels do not propagate NaN: the sum is over the
  input).
- GELU in a graph (Keras's compiled `fit`, XLA too): TensorFlow's expression and its
  autodiff, guarded without a sum (`graph_gelu`).

While Keras's exporter traces a graph (`model.export`, any format: `exporting()`),
softplus and mish run on `tf.nn.softplus` and GELU on its `keras.ops` (erf) form, so that
tf2onnx's model holds ONNX operators only (it has none for `Log1p` and `Erfc`).

On a GPU (any eager tensor whose device is not a CPU, or every tensor while
`_FORCE_DEVICE_PATH` is set, for tests) reading the sum back would stall the device at
every call, so the checked kernels fix +-inf on the device instead, without a host read
(`_on_device`): +-inf is replaced by +-max through a select (`_finite`: gradient 0 at
+-inf, x's everywhere else, NaN and +-max included), the kernel runs on that, and the
infinite part of the limit is added back without gradient (`_gated_on_device`: GELU,
SiLU, Swish-beta, mish); softsign needs only `_finite`, softplus nothing (TensorFlow's
kernel has keras-acts' limits and derivatives at +-inf), Snake also maps an overflowing
`alpha x` to 0. softmax and log_softmax take the `keras.ops` form there (their input
cannot be checked without a read). `tests/test_device_path.py` holds these forms to the
`keras.ops` forms on CPU.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import tensorflow as tf

from keras_acts._backends import called_from
from keras_acts._backends._table import KernelTable, merge_params, split_params

KERNELS = KernelTable()
fast_path = KERNELS.fast_path

try:  # whether a GradientTape (or forward accumulator) could record the next op
    from tensorflow.python.eager.record import could_possibly_record as _could_record
except ImportError:  # pragma: no cover - another TensorFlow layout: always the custom gradient
    _could_record = None

_FORCE_DEVICE_PATH = False
"""For tests only: when set, CPU tensors take the GPU branch of the checked kernels."""

_FLOATS = frozenset({tf.float16, tf.bfloat16, tf.float32, tf.float64})
_WIDE = (tf.float32, tf.float64)  # keras-acts computes half precision in float32
_EAGER = type(tf.constant(0.0))
_TENSOR = tf.Tensor


# --- Tensors -----------------------------------------------------------------------------


def is_float_tensor(x: Any) -> bool:
    """Whether `x` is a floating `tf.Tensor`, eager or symbolic (the kernels decide)."""
    return (type(x) is _EAGER or isinstance(x, _TENSOR)) and x.dtype in _FLOATS


def float_tensor_as_is(x: Any) -> Any:
    """`x` itself when it is a floating eager tensor (which `keras.ops.convert_to_tensor`
    returns unchanged), else `None`."""
    return x if type(x) is _EAGER and x.dtype in _FLOATS else None


def no_gradient_recorded(x: Any) -> bool:
    """Whether the call runs eagerly with no tape or forward accumulator active."""
    if _could_record is None:  # pragma: no cover - another TensorFlow layout
        return False
    return tf.executing_eagerly() and not _could_record()


# --- Guards ------------------------------------------------------------------------------

_AXES: dict[int, Any] = {}


def _finite_sum(t: Any) -> bool:
    # The raw op with a cached axis constant: `tf.reduce_sum` builds its axis with an
    # extra op per call, which costs more than the sum itself at 2^16 elements.
    rank = t.shape.rank
    axis = _AXES.get(rank)
    if axis is None:
        axis = _AXES[rank] = tf.constant(list(range(rank)), tf.int32)
    return math.isfinite(float(tf.raw_ops.Sum(input=t, axis=axis)))


def _on_device(x: Any) -> bool:
    """Whether the eager tensor `x` lives off the CPU (or the tests say to act as if)."""
    return _FORCE_DEVICE_PATH or "device:CPU:" not in x.device


def _eager_wide(x: Any) -> bool:
    return x.dtype in _WIDE and tf.executing_eagerly()


def _checked(y: Any) -> Any:
    """`y` where a sum of it is finite, else `None` (the `keras.ops` form runs)."""
    return y if y is not None and _finite_sum(y) else None


def input_checked(kernel: Callable[..., Any]) -> Callable[..., Any]:
    """For kernels that map NaN to a number: eager, float32/float64, only where a sum of
    the input is finite, on CPU only (no device-side check); otherwise `None`."""

    @functools.wraps(kernel)
    def fn(x: Any, *params: Any) -> Any:
        if not _eager_wide(x) or _on_device(x):
            return None
        return kernel(x, *params) if _finite_sum(x) else None

    return fn


def _finite(x: Any) -> Any:
    # +-inf replaced by +-max through a select: its gradient is 0 at +-inf and reaches x
    # everywhere else, NaN and +-max included (a clip by min/max sends the gradient to
    # one argument on ties, `tf.clip_by_value` gives NaN a 0 gradient).
    return tf.where(tf.math.is_inf(x), tf.sign(x) * x.dtype.max, x)


def _gated_on_device(x: Any, kernel: Callable[[Any], Any], up: bool = True) -> Any:
    """`kernel(x)` for an `x gate(x)` activation whose limit is 0 at one end and infinite
    at the other (+inf for `up`, else -inf), with no host read: the kernel runs on x with
    +-inf replaced by +-max (where it is 0 or +-max), and `x - that` (+-inf at the
    infinite end, 0 elsewhere, NaN at NaN) is added without gradient on the infinite
    side, so the value is the limit and the derivative 0 at +-inf."""
    c = _finite(x)
    rest = tf.nn.relu(x - c) if up else -tf.nn.relu(c - x)
    return kernel(c) + tf.stop_gradient(rest)


# --- Export ------------------------------------------------------------------------------

# The modules whose frames mark a trace for export: Keras's exporters (`model.export`,
# `ExportArchive`, ONNX through tf2onnx) and tf2onnx itself.
_EXPORTERS = ("keras.src.export", "tf2onnx")


def exporting() -> bool:
    """Whether a graph is being traced for export (`model.export(...)`, any format).

    tf2onnx has no ONNX operator for `Log1p`, `Erfc`, `Bitcast` or `BitwiseAnd` (the
    converted model is invalid), so while Keras's exporter traces, softplus and mish run
    on `tf.nn.softplus` (ONNX `Softplus`) and GELU on `erf` (its `keras.ops` form) instead
    of the forms used in training graphs. Read from the calling frames, only in graphs
    (each activation is traced once per export)."""
    return not tf.executing_eagerly() and called_from(_EXPORTERS)


def _export_softplus(x: Any, beta: float, threshold: float) -> Any:
    # PyTorch's form on TensorFlow's kernel, which tf2onnx writes as ONNX `Softplus`
    # (ONNX Runtime evaluates it without overflow); NaN stays NaN, +-inf give inf and 0.
    z = x if beta == 1 else x * beta
    y = tf.nn.softplus(z) if beta == 1 else tf.nn.softplus(z) / beta
    return tf.where(z > threshold, x, y)


# --- The kernels `keras.ops` itself calls, without its conversions of `x` ---------------


@fast_path("relu")
def relu(x: Any, negative_slope: Any, max_value: Any, threshold: Any) -> Any:
    # The plain ReLU only; Keras's slope, cap and threshold take the `keras.ops` form, as
    # does a call a gradient could be taken through (`_untaped`).
    if negative_slope == 0 and max_value is None and threshold == 0 and _piecewise_ok(x):
        return tf.nn.relu(x)
    return None


def _untaped() -> bool:
    """Eager, with no tape that could record: TensorFlow's piecewise kernels' gradients
    at NaN are 0 or a slope; keras-acts' is NaN (the `keras.ops` form's, written out)."""
    return _could_record is not None and tf.executing_eagerly() and not _could_record()


def _piecewise_ok(x: Any) -> bool:
    """Whether a piecewise kernel (relu, relu6, leaky_relu, hard_tanh) may serve the call:
    eager with no tape (`_untaped`), or eagerly on the CPU under a tape with a finite sum
    of `x` read back -- no NaN, whose gradient alone differs from keras-acts'."""
    if _untaped():
        return True
    return tf.executing_eagerly() and not _on_device(x) and _finite_sum(x)


@fast_path("relu6")
def relu6(x: Any) -> Any:
    return tf.nn.relu6(x) if _piecewise_ok(x) else None


@fast_path("sigmoid")
def sigmoid(x: Any) -> Any:
    return tf.sigmoid(x) if x.dtype in _WIDE else None


@fast_path("tanh")
def tanh(x: Any) -> Any:
    return tf.tanh(x) if x.dtype in _WIDE else None


@fast_path("leaky_relu")
def leaky_relu(x: Any, negative_slope: float) -> Any:
    # The kernel's slope is a float32 attribute: not exact for float64 inputs.
    if x.dtype == tf.float64 or not _piecewise_ok(x):
        return None
    return tf.nn.leaky_relu(x, alpha=negative_slope)


@fast_path("log_sigmoid")
def log_sigmoid(x: Any) -> Any:
    # In half precision the kernel rounds its intermediates; keras-acts computes in float32.
    return tf.math.log_sigmoid(x) if x.dtype in _WIDE else None


# --- Eager only --------------------------------------------------------------------------


@fast_path("hard_tanh")
def hard_tanh(x: Any, min_val: float, max_val: float) -> Any:
    # min(hi, max(lo, x)) with the bounds first: TensorFlow's Maximum/Minimum gradients
    # go to the first argument on ties, so x's gradient is 0 at both bounds (PyTorch's
    # and keras-acts'), unlike `tf.clip_by_value`'s. Both kernels propagate NaN.
    # Eager only: in a graph (Keras's compiled `fit`) the gradient of the bounds, a
    # reduction each, is built too; XLA fuses the `keras.ops` form instead.
    if not _piecewise_ok(x):  # (NaN under a tape: the `keras.ops` form, gradient NaN there)
        return None
    lo = tf.constant(min_val, x.dtype)
    hi = tf.constant(max_val, x.dtype)
    return tf.minimum(hi, tf.maximum(lo, x))


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _exponential_derivative(x: Any, alpha: float, scale: float) -> Any:
    # x > 0 picks the linear piece: NaN takes the exponential one, exp(NaN) (NaN in, NaN
    # gradient). min(x, 0) (NaN kept): no overflow in the branch not taken.
    slope = tf.exp(tf.minimum(x, 0.0)) * (alpha * scale)
    return tf.where(x > 0, tf.constant(scale, x.dtype), slope)


@tf.custom_gradient
def _elu_taped(x: Any) -> Any:
    def grad(upstream: Any) -> Any:
        return upstream * _exponential_derivative(x, 1.0, 1.0)

    return tf.nn.elu(x), grad


@tf.custom_gradient
def _selu_taped(x: Any) -> Any:
    def grad(upstream: Any) -> Any:
        return upstream * _exponential_derivative(x, _SELU_ALPHA, _SELU_SCALE)

    return tf.nn.selu(x), grad


def _exponential_unit(x: Any, kernel: Callable[[Any], Any], taped: Callable[[Any], Any]) -> Any:
    """tf.nn.elu / selu's forward kernel, with keras-acts' derivative where a tape could
    record the call (`tf.custom_gradient` costs ~0.3 ms per eager call). Eager, float32
    only: the kernel's `exp(x) - 1` loses float64's relative accuracy near 0 (1.6e-11 at
    x = -1e-6), where the `keras.ops` form's expm1 keeps it."""
    if x.dtype != tf.float32 or not tf.executing_eagerly():
        return None
    return taped(x) if _could_record is None or _could_record() else kernel(x)


@fast_path("elu")
def elu(x: Any, alpha: float) -> Any:
    return _exponential_unit(x, tf.nn.elu, _elu_taped) if alpha == 1 else None


@fast_path("selu")
def selu(x: Any) -> Any:
    return _exponential_unit(x, tf.nn.selu, _selu_taped)


# --- Checked: eager, the result's sum read back (on CPU) --------------------------------


@fast_path("softsign")
def softsign(x: Any) -> Any:
    if not _eager_wide(x):
        return None
    # +-inf gives inf / inf: replaced by +-max first, it gives +-1, with gradient 0 there.
    return tf.nn.softsign(_finite(x)) if _on_device(x) else _checked(tf.nn.softsign(x))


@fast_path("softplus")
def softplus(x: Any, beta: float, threshold: float) -> Any:
    # TensorFlow's has no beta and no threshold: equal where `x + exp(-x)` rounds to x
    # above the threshold, in float32 from 17 on. Its limits and derivatives at +-inf
    # are keras-acts' (inf with slope 1, 0 with slope 0): no fix on the device.
    if x.dtype in _WIDE and exporting():
        return _export_softplus(x, beta, threshold)
    if beta != 1 or threshold < 17 or x.dtype != tf.float32 or not tf.executing_eagerly():
        return None
    return tf.nn.softplus(x) if _on_device(x) else _checked(tf.nn.softplus(x))


def _swish(x: Any, beta: float) -> Any:
    # The plain expression: `tf.nn.silu` is a `tf.custom_gradient` function, which
    # costs ~0.3 ms per eager call whether or not a tape is recording.
    return x * tf.sigmoid(x if beta == 1 else x * beta)


@fast_path("silu")
def silu(x: Any) -> Any:
    return swish(x, 1.0)


@fast_path("swish")
def swish(x: Any, beta: float) -> Any:
    if not _eager_wide(x):
        return None
    if not _on_device(x):
        return _checked(_swish(x, beta))
    # beta = 0 is x / 2, infinite at both ends: the `keras.ops` form.
    return _gated_on_device(x, lambda c: _swish(c, beta), up=beta > 0) if beta != 0 else None


def _mish(x: Any) -> Any:
    return x * tf.math.tanh(tf.nn.softplus(x))


@fast_path("mish")
def mish(x: Any) -> Any:
    if x.dtype in _WIDE and exporting():
        return _gated_on_device(x, _mish)  # +-inf fixed in the graph, no `Log1p`
    if not _eager_wide(x):
        return None
    return _gated_on_device(x, _mish) if _on_device(x) else _checked(_mish(x))


def _snake(x: Any, alpha: float) -> Any:
    return x + tf.square(tf.sin(x * alpha)) / alpha


def _snake_on_device(x: Any, alpha: float) -> Any:
    # +-inf replaced by +-max; an alpha x that still overflows (finite x, alpha > 1) is
    # taken as 0, as keras-acts' sinc is 0 there: the value is x, the derivative 1.
    c = _finite(x)
    v = c * alpha
    v = tf.where(tf.math.is_inf(v), tf.zeros_like(v), v)
    return c + tf.square(tf.sin(v)) / alpha + tf.stop_gradient(x - c)


@fast_path("snake")
def snake(x: Any, alpha: float) -> Any:
    if not _eager_wide(x):
        return None
    return _snake_on_device(x, alpha) if _on_device(x) else _checked(_snake(x, alpha))


# TensorFlow's CPU softmax does not propagate NaN: the input is checked (a finite sum: no
# NaN and no +-inf, where keras-acts' rule for the softmax family applies). Not for a 0-d
# input, which TensorFlow's kernels reject.
@fast_path("softmax")
@input_checked
def softmax(x: Any, axis: int) -> Any:
    return tf.nn.softmax(x, axis=axis) if x.shape.rank else None


@fast_path("log_softmax")
@input_checked
def log_softmax(x: Any, axis: int) -> Any:
    return tf.nn.log_softmax(x, axis=axis) if x.shape.rank else None


# --- GELU: checked eagerly, guarded in graphs --------------------------------------------


def eager_gelu(x: Any, approximate: str) -> Any:
    # Not the tanh form: TensorFlow's `1 + tanh(u)` cancels in the negative tail. Not
    # float64: there tf.nn.gelu is off by 1e-7 relative in the tail. On the device, the
    # kernel on +-inf replaced by +-max (no sum to read back).
    if approximate != "none" or x.dtype != tf.float32:
        return None
    if _on_device(x):
        return _gated_on_device(x, lambda c: tf.nn.gelu(c, approximate=False))
    return _checked(tf.nn.gelu(x, approximate=False))


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


@fast_path("gelu")
def gelu(x: Any, approximate: str) -> Any:
    if tf.executing_eagerly():
        return eager_gelu(x, approximate)
    # For export the `keras.ops` form (erf): tf.nn.gelu's `Erfc` has no ONNX operator.
    return None if exporting() else graph_gelu(x, approximate)


# --- with_derivative's custom gradient ----------------------------------------------------


def custom_derivative(
    x: Any, value: Callable[..., Any], derivative: Callable[..., Any], params: tuple[Any, ...]
) -> Any:
    """`value(x, *params)` with the gradient `upstream * derivative(x, *params)` for `x`
    and a tape's of `value` for the tensor parameters (recomputed in the backward pass),
    in a `tf.custom_gradient` whose inputs are x and those (variables are read first, so
    their gradients reach them through the read)."""
    where, tensors = split_params(params)
    tensors = tuple(tf.convert_to_tensor(t) for t in tensors)

    @tf.custom_gradient
    def fn(t: Any, *ts: Any) -> Any:
        def grad(upstream: Any) -> Any:
            gx = upstream * derivative(t, *merge_params(params, where, ts))
            if not ts:
                return gx
            with tf.GradientTape() as tape:
                tape.watch(ts)
                y = value(t, *merge_params(params, where, ts))
            grads = tape.gradient(y, list(ts), output_gradients=upstream)
            return (gx, *(tf.zeros_like(p) if g is None else g for p, g in zip(ts, grads, strict=True)))

        return value(t, *merge_params(params, where, ts)), grad

    return fn(x, *tensors)
