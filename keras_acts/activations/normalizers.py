"""Activations that act along an axis: softmax, log-softmax, softmin, GLU, sparsemax.

The softmax family (softmax, log_softmax, softmin, sparsemax and the entmax functions of
`keras_acts.activations.entmax`) shares one rule for non-finite inputs (`_shifted` folds
it into the input's shift by its largest entry: softmax and log-softmax in `_normalized`,
the others through `with_inf_rule`):

- a slice along `axis` holding `+inf` entries (softmin: `-inf`) puts its whole mass on
  them, split equally (`1/k` each for `k` such entries; log-softmax `-log k`), and 0
  elsewhere (log-softmax `-inf`): the limit as those entries grow together;
- `-inf` entries (softmin: `+inf`) get 0 (log-softmax `-inf`), the others as without them;
- a slice holding a NaN, or only `-inf` entries (softmin: only `+inf`), is all NaN;
- the gradient is 0 in a slice with `+inf` entries (its value is constant there).

A 0-d input (with `axis=0` or `-1`) is one slice of one entry: 1 (log-softmax 0), as
PyTorch's `softmax(x, dim=0)` of a 0-d tensor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
from keras import ops

from keras_acts import _validate
from keras_acts._backends import no_gradient_recorded
from keras_acts._catalog import Baseline, activation
from keras_acts.activations._base import cumsum, elementwise, max_finite
from keras_acts.types import Tensor, TensorLike

Kernel = Callable[[Any, int], Any]

# Why softmax and log_softmax can be slower than TensorFlow's kernels (`keras-acts bench`).
_TF_SOFTMAX = (
    "eager: one sum over the input (TensorFlow's CPU kernel does not propagate NaN); compiled: the "
    "+-inf rule's clip, three elementwise ops in the fused kernel"
)
_INF_RULE = (
    "the +-inf rule folded into the shift by the slice's max (a quartered clip: three elementwise "
    "ops inside the fused kernel); at 2^16 small absolute times, run-to-run noise"
)


# Keras's custom gradient on PyTorch is an `autograd.Function` without `setup_context`,
# which `torch.func` transforms reject (the `keras.ops` forms run under them there):
# PyTorch differentiates the softmax forms itself.
_BACKEND = keras.backend.backend()
_CUSTOM_GRADIENT = _BACKEND in ("jax", "tensorflow")


def _is_empty(t: Any) -> bool:
    return any(d == 0 for d in t.shape)


def _largest(t: Any) -> Any:
    """The largest finite value of `t`'s dtype, as a scalar tensor of that dtype (Keras's
    PyTorch `minimum` computes with a Python float in float32)."""
    dtype = keras.backend.standardize_dtype(t.dtype)
    return ops.convert_to_tensor(np.finfo(dtype).max, dtype=dtype)


def _shifted(t: Any, axis: int) -> tuple[Any, Any]:
    """`t` minus its largest entry along `axis` (no gradient), with the `+inf` part of the
    rule folded in by arithmetic alone, and that largest entry, quartered and clipped.

    `c = min(t / 4, largest)` keeps every finite value below `largest / 4` and makes `+inf`
    `largest`; the result is `d = 4 (c - max c)`. In a slice without `+inf` that is
    `t - max t` (scaling by 4 is exact). In a slice with `+inf`, `max c` is `largest`:
    `d` is 0 on the `+inf` entries and `-inf` on all others (`4 (c - largest)` is at most
    `-3 largest`: it overflows), so `exp(d)` is 1 on them and 0 elsewhere -- the rule's
    limit, from the kernel's own passes. NaN stays NaN and reaches the whole slice
    through its sum; a slice of `-inf` only gives `-inf - (-inf)`, NaN. No select and no
    inf constant: XLA on CPU fuses the whole normalizer into one kernel only without a
    select, and tf2onnx rewrites a select into arithmetic. `max c` is `min(max t / 4,
    largest)`, taken from `t` so that `c` has one consumer. It equals `largest` exactly
    where the slice holds `+inf` (or, where a max skips NaN, a NaN and `+inf`).
    """
    big = _largest(t)
    top = _at_most(ops.max(ops.stop_gradient(t), axis=axis, keepdims=True) * 0.25, big)
    return (_at_most(t * 0.25, big) - top) * 4.0, top


def _at_most(x: Any, big: Any) -> Any:
    """`min(x, big)` in `x`'s dtype, NaN kept, with gradient 1 below `big` (NaN and -inf
    included). Keras 3.15's PyTorch `minimum` computes float64 in float32 (and `clip`
    gives NaN a 0 gradient): a select there (eager PyTorch fuses nothing either way)."""
    if _BACKEND == "torch":
        return ops.where(x > big, big, x)
    return ops.minimum(x, big)


def upstream_of(args: tuple[Any, ...], upstream: Any) -> Any:
    """The upstream gradient given to a `keras.ops.custom_gradient` function: JAX and
    TensorFlow pass it positionally, PyTorch (Keras's `custom_gradient`) as `upstream=`."""
    return args[0] if upstream is None else upstream


def _from_shifted(d: Any, axis: int, log: bool) -> Any:
    if log:
        return d - ops.log(ops.sum(ops.exp(d), axis=axis, keepdims=True))
    e = ops.exp(d)
    return e / ops.sum(e, axis=axis, keepdims=True)


def _normalized(t: Any, axis: int, log: bool) -> Any:
    """Softmax (`log`: log-softmax) of a float tensor with the family's rule, in the passes
    of `jax.nn.softmax` (one max, one sum; `_shifted`).

    The gradient is 0 in a slice holding `+inf`. On JAX and TensorFlow it is written out,
    from the forward's exponentials, their sums and the slices' maxima (autodiff of the
    clip would keep more and, under XLA, split the fused kernel); a slice holding a NaN
    gets NaN. PyTorch differentiates the form, with a select for log-softmax, which
    passes the gradient on at entries of probability 0.
    """
    if len(t.shape) == 0:  # one slice of one entry
        return ops.reshape(_normalized(ops.reshape(t, (1,)), -1, log), ())
    if _is_empty(t):
        return t
    if no_gradient_recorded(t):
        return _from_shifted(_shifted(t, axis)[0], axis, log)
    if not _CUSTOM_GRADIENT:
        d, top = _shifted(t, axis)
        if log:  # no gradient in a slice holding +inf (a select of `d`: no inf constant)
            d = ops.where(top == _largest(t), ops.stop_gradient(d), d)
        return _from_shifted(d, axis, log)

    @ops.custom_gradient
    def fn(x: Any) -> Any:
        d, top = _shifted(x, axis)
        e = ops.exp(d)
        total = ops.sum(e, axis=axis, keepdims=True)
        y = d - ops.log(total) if log else e / total

        def grad(*args: Any, upstream: Any = None) -> Any:
            g = upstream_of(args, upstream)
            # 0 in a slice holding +inf, else 1 (arithmetic: a compare would split XLA's kernel)
            keep = ops.minimum(_largest(y) - top, ops.ones_like(top))
            if log:  # the forward's exponentials, not exp(y): one exp per entry, as autodiff's
                return (g - e * (ops.sum(g, axis=axis, keepdims=True) / total)) * keep
            return e * ((g - ops.sum(g * e, axis=axis, keepdims=True) / total) * (keep / total))

        return y, grad

    return fn(t)


def with_inf_rule(t: Any, axis: int, kernel: Kernel) -> Any:
    """`kernel(t, axis)`, a normalizer along `axis` that gives `-inf` entries 0, with the
    softmax family's rule for `+-inf` and NaN (see the module docstring).

    The kernel sees `t` minus its largest entry, slices holding `+inf` rewritten
    (`_shifted`: 0 on the `+inf` entries, `-inf` elsewhere, where any normalizer gives the
    limit, with gradient 0). NaN is added where a slice holds a NaN or only `-inf` entries
    (where the shifted slice holds a NaN: one boolean reduction), as `sqrt(-1)` without
    gradient (`sqrt(-0) = -0` elsewhere; no NaN constant, which tf2onnx's rewrite of a
    `where` into arithmetic would spread to every element).
    """
    if len(t.shape) == 0:  # one slice of one entry
        return ops.reshape(with_inf_rule(ops.reshape(t, (1,)), -1, kernel), ())
    if _is_empty(t):
        return kernel(t, axis)
    d, _ = _shifted(t, axis)
    y = kernel(d, axis)
    undefined = ops.any(ops.isnan(d), axis=axis, keepdims=True)
    return y + ops.stop_gradient(ops.sqrt(-ops.cast(undefined, y.dtype)))


@activation(
    family="normalizer",
    formula=r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
    reference="Bridle 1990, https://doi.org/10.1007/978-3-642-76153-9_28",
    torch="torch.softmax (dim=axis)",
    jax="jax.nn.softmax",
    keras="keras.activations.softmax",
    checks={"axis": _validate.axis},
    axis="axis",
    tensorflow="tf.nn.softmax",
    bench=Baseline(torch="torch.softmax(x, -1)"),
    slower={
        "tensorflow": _TF_SOFTMAX,
        "": _INF_RULE,
    },
)
def softmax(x: TensorLike, axis: int = -1) -> Tensor:
    """Softmax along `axis`.

    Entries of `-inf` (masked) get probability 0. A slice with `+inf` entries splits its
    mass equally among them (the limit; PyTorch and JAX give NaN); a slice holding a NaN
    or only `-inf` entries is NaN. A 0-d input gives 1.

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` sum to 1.
    """
    return elementwise(lambda t: _normalized(t, axis, log=False), x)


@activation(
    family="normalizer",
    formula=r"x_i - \log \sum_j e^{x_j}",
    torch="torch.log_softmax (dim=axis)",
    jax="jax.nn.log_softmax",
    keras="keras.activations.log_softmax",
    aliases=("logsoftmax",),
    checks={"axis": _validate.axis},
    axis="axis",
    tensorflow="tf.nn.log_softmax",
    bench=Baseline(torch="torch.log_softmax(x, -1)"),
    slower={
        "tensorflow": _TF_SOFTMAX,
        "": _INF_RULE,
    },
)
def log_softmax(x: TensorLike, axis: int = -1) -> Tensor:
    """Logarithm of the softmax along `axis`, computed stably.

    Entries of `-inf` give `-inf`. A slice with `k` entries of `+inf` gives `-log k` on
    them and `-inf` elsewhere (the log of softmax's limit); a slice holding a NaN or only
    `-inf` entries is NaN. A 0-d input gives 0.

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x`.
    """
    return elementwise(lambda t: _normalized(t, axis, log=True), x)


@activation(
    family="normalizer",
    formula=r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
    torch="torch.nn.functional.softmin (dim=axis)",
    checks={"axis": _validate.axis},
    axis="axis",
    slower={
        "": "the negation, then softmax's form (" + _INF_RULE + ")",
    },
)
def softmin(x: TensorLike, axis: int = -1) -> Tensor:
    """Softmin along `axis`, `softmax(-x)`.

    The softmax rule mirrored: `+inf` entries get 0, a slice with `-inf` entries splits
    its mass equally among them, a slice holding a NaN or only `+inf` entries is NaN.

    Args:
        x: Input tensor.
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` sum to 1.
    """
    return elementwise(lambda t: _normalized(-t, axis, log=False), x)


def _even_along_axis(x: Any, axis: int) -> None:
    size = x.shape[axis]
    if size is not None and size % 2:
        raise ValueError(
            "The size of `x` along `axis` must be even to split it in two halves. "
            f"Received: axis={axis}, size along axis={size}, shape={tuple(x.shape)}"
        )


@activation(
    family="gated",
    formula=r"a \otimes \sigma(b), \quad (a, b) = \operatorname{split}(x, 2)",
    reference="Dauphin et al. 2017, https://arxiv.org/abs/1612.08083",
    torch="torch.nn.functional.glu (dim=axis)",
    jax="jax.nn.glu",
    keras="keras.activations.glu",
    checks={"axis": _validate.axis},
    axis="axis",
    check_input=_even_along_axis,
    bench=Baseline(torch="torch.nn.functional.glu(x)"),
    slower={"": "composed: split, sigmoid, multiply"},
)
def glu(x: TensorLike, axis: int = -1) -> Tensor:
    """Gated linear unit: the first half of `x` along `axis` gated by the second.

    `a * sigmoid(b)`, the sigmoid on the second half, as `torch.nn.functional.glu`; the
    variants `swiglu`, `geglu`, `reglu` put their activation on the first half.

    Args:
        x: Input tensor; its size along `axis` must be even.
        axis: Integer, the axis to split. Defaults to `-1`.

    Returns:
        A tensor of the dtype of `x`, half its size along `axis`.
    """

    def fn(t: Any) -> Any:
        a, b = ops.split(t, 2, axis=axis)
        return a * ops.sigmoid(b)

    return elementwise(fn, x)


def _sparsemax_last(z: Any) -> Any:
    """Sparsemax along the last axis (sort-based, Martins & Astudillo 2016, Alg. 1).

    The logits are first shifted by their largest finite value (sparsemax is
    shift-invariant): the support then holds values near 0, where the threshold `tau`
    is exact to float precision, instead of values near `max(z)`, whose rounding
    (an ulp of 257 is 3e-5 in float32) would leave the result off the simplex.
    """
    n = z.shape[-1]
    if any(d == 0 for d in z.shape):
        return z  # no entries: nothing to normalise (torch's max of an empty tensor is an error)
    z = z - ops.stop_gradient(max_finite(z, axis=-1))
    z_sorted = ops.flip(ops.sort(z, axis=-1), axis=-1)
    partial_sums = cumsum(z_sorted, axis=-1)  # (`_base.cumsum`: Keras 3.15's torch one gives float32)
    k = ops.cast(ops.arange(1, n + 1), z.dtype)
    in_support = 1.0 + k * z_sorted > partial_sums
    support_size = ops.sum(ops.cast(in_support, z.dtype), axis=-1, keepdims=True)
    support_sum = ops.sum(ops.where(in_support, z_sorted, ops.zeros_like(z_sorted)), axis=-1, keepdims=True)
    tau = (support_sum - 1.0) / support_size
    shifted = z - tau
    return ops.where(shifted > 0, shifted, ops.zeros_like(shifted))


def on_last_axis(kernel: Callable[[Any], Any]) -> Kernel:
    """A kernel along any axis from one along the last axis (`kernel(t)`)."""

    def along(t: Any, axis: int) -> Any:
        if axis in (-1, len(t.shape) - 1):
            return kernel(t)
        return ops.moveaxis(kernel(ops.moveaxis(t, axis, -1)), -1, axis)

    return along


_sparsemax = on_last_axis(_sparsemax_last)


@activation(
    family="normalizer",
    formula=r"\operatorname{argmin}_{p \in \Delta} \lVert p - x \rVert^2 = \max(x - \tau(x), 0)",
    reference="Martins & Astudillo 2016, https://arxiv.org/abs/1602.02068",
    keras="keras.activations.sparsemax (Keras 3.15's is wrong when several outputs are non-zero)",
    checks={"axis": _validate.axis},
    axis="axis",
)
def sparsemax(x: TensorLike, axis: int = -1) -> Tensor:
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex.

    `tau(x)` is the threshold for which the result sums to 1. Unlike softmax
    it returns exact zeros. Keras 3.15's `keras.activations.sparsemax` is wrong
    whenever more than one output is non-zero; this one is tested against the
    paper's algorithm.

    Non-finite inputs follow softmax's rule: `-inf` entries get 0, a slice with `+inf`
    entries splits its mass equally among them, a slice holding a NaN or only `-inf`
    entries is NaN.

    Args:
        x: Input tensor (logits); entries of `-inf` get probability 0.
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` lie on
        the simplex.
    """
    return elementwise(lambda t: with_inf_rule(t, axis, _sparsemax), x)
