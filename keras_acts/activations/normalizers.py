"""Activations that act along an axis: softmax, log-softmax, softmin, GLU, sparsemax.

The softmax family (softmax, log_softmax, softmin, sparsemax and the entmax functions of
`keras_acts.activations.entmax`) shares one rule for non-finite inputs, `with_inf_rule`:

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

from keras import ops

from keras_acts import _validate
from keras_acts._catalog import activation
from keras_acts.activations._base import elementwise, max_finite
from keras_acts.types import Tensor, TensorLike

Kernel = Callable[[Any, int], Any]


def with_inf_rule(t: Any, axis: int, kernel: Kernel, log: bool = False) -> Any:
    """`kernel(t, axis)`, a normalizer along `axis`, with the softmax family's rule for
    `+-inf` and NaN (see the module docstring).

    The kernel sees `t` with its `+inf` entries replaced by 0 (so no slice it sees has a
    `+inf`, and nothing it computes for the slices replaced below is inf or NaN, nor is
    their gradient). Slices holding `+inf` take the limit, `1/k` on the `+inf` entries and
    0 elsewhere (`log=True`: its log), through a select that passes no gradient. NaN is
    added where a slice holds a NaN or no entry above `-inf`, as `sqrt(-count)` without
    gradient (`-0.0` for a count of 0; no NaN constant, which tf2onnx's rewrite of a
    `where` into arithmetic would spread to every element).
    """
    if len(t.shape) == 0:  # one slice of one entry
        return ops.reshape(with_inf_rule(ops.reshape(t, (1,)), -1, kernel, log), ())
    positive = t == float("inf")
    on_positive = ops.cast(positive, t.dtype)
    count = ops.sum(on_positive, axis=axis, keepdims=True)
    y = kernel(ops.where(positive, ops.zeros_like(t), t), axis)
    limit = on_positive / ops.where(count > 0, count, ops.ones_like(count))
    if log:  # log(0) = -inf only in the slices taken (tf2onnx turns a `where` into arithmetic)
        limit = ops.log(ops.where(count > 0, limit, ops.ones_like(limit)))
    y = ops.where(count > 0, limit, y)
    nan = ops.sum(ops.cast(ops.isnan(t), t.dtype), axis=axis, keepdims=True)
    alive = ops.sum(ops.cast(t > float("-inf"), t.dtype), axis=axis, keepdims=True)
    undefined = nan + ops.cast(alive == 0, t.dtype)
    return y + ops.stop_gradient(ops.sqrt(-undefined))


def _softmax(t: Any, axis: int) -> Any:
    return ops.softmax(t, axis=axis)


def _log_softmax(t: Any, axis: int) -> Any:
    return ops.log_softmax(t, axis=axis)


@activation(
    family="normalizer",
    formula=r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
    reference="Bridle 1990, https://doi.org/10.1007/978-3-642-76153-9_28",
    torch="torch.softmax (dim=axis)",
    jax="jax.nn.softmax",
    keras="keras.activations.softmax",
    checks={"axis": _validate.axis},
    axis="axis",
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
    return elementwise(lambda t: with_inf_rule(t, axis, _softmax), x)


@activation(
    family="normalizer",
    formula=r"x_i - \log \sum_j e^{x_j}",
    torch="torch.log_softmax (dim=axis)",
    jax="jax.nn.log_softmax",
    keras="keras.activations.log_softmax",
    aliases=("logsoftmax",),
    checks={"axis": _validate.axis},
    axis="axis",
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
    return elementwise(lambda t: with_inf_rule(t, axis, _log_softmax, log=True), x)


@activation(
    family="normalizer",
    formula=r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}",
    torch="torch.nn.functional.softmin (dim=axis)",
    checks={"axis": _validate.axis},
    axis="axis",
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
    return elementwise(lambda t: with_inf_rule(-t, axis, _softmax), x)


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
    cumsum = ops.cumsum(z_sorted, axis=-1)
    k = ops.cast(ops.arange(1, n + 1), z.dtype)
    in_support = 1.0 + k * z_sorted > cumsum
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
