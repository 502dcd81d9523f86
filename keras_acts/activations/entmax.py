"""alpha-entmax: sparse normalizers between softmax (alpha -> 1) and sparsemax (alpha = 2).

`entmax15` is exact (sort-based, Peters, Niculae & Martins 2019, Alg. 2); `entmax_bisect`
finds the threshold by bisection for any `alpha > 1`, differentiable with respect to
the input and to `alpha` (Correia, Niculae & Martins 2019). Both are written with
`keras.ops` and have their gradients in closed form (`ops.custom_gradient`): nothing of
the sort or of the bisection is kept for the backward pass, only the output. Non-finite
inputs follow the softmax family's rule (`keras_acts.activations.normalizers`).
"""

from __future__ import annotations

import numbers
from typing import Any

from keras import ops

from keras_acts import _validate
from keras_acts._backends import no_gradient_recorded
from keras_acts._catalog import Baseline, activation
from keras_acts.activations._base import cumsum, elementwise, max_finite
from keras_acts.activations.normalizers import on_last_axis, upstream_of, with_inf_rule
from keras_acts.types import Tensor, TensorLike

MAX_ITER = 1000
"""The largest `n_iter` accepted (float64 bisection is exact after ~60 steps)."""


def _alpha(name: str, value: Any) -> Any:
    """A finite real number > 1, or a tensor (its values are not checked)."""
    if _validate.is_tensor_like(value):
        return value
    if not _validate._finite(value) or float(value) <= 1.0:
        raise ValueError(
            f"Argument `{name}` must be a finite real number > 1 (alpha = 1 is softmax: use "
            f"keras_acts.softmax; alpha = 2 is sparsemax). Received: {name}={value!r}"
        )
    return value


_alpha.allowed = "a finite real number > 1"  # type: ignore[attr-defined]


def _n_iter(name: str, value: Any) -> int:
    """An integer in [1, MAX_ITER]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= MAX_ITER:
        raise ValueError(
            f"Argument `{name}` must be an integer in [1, {MAX_ITER}]. Received: {name}={value!r}"
        )
    return int(value)


_n_iter.allowed = f"an integer in [1, {MAX_ITER}]"  # type: ignore[attr-defined]


def _jacobian_vp(g: Any, upstream: Any) -> Any:
    """The entmax Jacobian-vector product, `g * u - g * sum(g * u) / sum(g)` (Peters et
    al. 2019, Prop. 2; `g = y^(2 - alpha)` on the support, 0 elsewhere)."""
    gu = g * upstream
    return gu - g * (ops.sum(gu, axis=-1, keepdims=True) / ops.sum(g, axis=-1, keepdims=True))


# --------------------------------------------------------------------------------------
# entmax15


def _entmax15_value(z: Any) -> Any:
    """1.5-entmax along the last axis, sort-based (Peters et al. 2019, Alg. 2)."""
    n = z.shape[-1]
    # Shift by the largest finite entry and halve (1.5-entmax is `relu(z/2 - tau)^2`).
    # Each output is at most 1, so tau >= max(z/2) - 1: entries below max - 2 (-inf
    # included) are never in the support and are clipped to -2, which keeps the
    # cumulative sums finite and small.
    z = (z - max_finite(z, axis=-1)) * 0.5
    z = ops.where(z > -2.0, z, ops.zeros_like(z) - 2.0)  # (Keras 3.15's torch `maximum` gives float32)
    z_sorted = ops.flip(ops.sort(z, axis=-1), axis=-1)
    rho = ops.cast(ops.arange(1, n + 1), z.dtype)
    mean = cumsum(z_sorted, axis=-1) / rho  # (`_base.cumsum`: Keras 3.15's torch one gives float32)
    mean_sq = cumsum(z_sorted * z_sorted, axis=-1) / rho
    delta = (1.0 - rho * (mean_sq - mean * mean)) / rho
    tau = mean - ops.sqrt(ops.relu(delta))
    support = ops.sum(ops.cast(tau <= z_sorted, z.dtype), axis=-1, keepdims=True)
    # tau at index support - 1, by a one-hot sum (a gather does not export to ONNX here).
    tau_star = ops.sum(ops.where(rho == support, tau, ops.zeros_like(tau)), axis=-1, keepdims=True)
    return ops.square(ops.relu(z - tau_star))


def _entmax15_last(z: Any) -> Any:
    if any(d == 0 for d in z.shape):
        return z
    if no_gradient_recorded(z):
        return _entmax15_value(z)

    @ops.custom_gradient
    def fn(t: Any) -> Any:
        y = _entmax15_value(t)

        def grad(*args: Any, upstream: Any = None) -> Any:
            return _jacobian_vp(ops.sqrt(y), upstream_of(args, upstream))

        return y, grad

    return fn(z)


_entmax15 = on_last_axis(_entmax15_last)


@activation(
    family="normalizer",
    formula=r"\left[\tfrac{x_i}{2} - \tau(x)\right]_+^2, \quad \textstyle\sum_i \left[\tfrac{x_i}{2} - \tau(x)\right]_+^2 = 1",
    reference="Peters, Niculae & Martins 2019, https://arxiv.org/abs/1905.05702",
    torch="entmax.entmax15 (the entmax package, dim=axis)",
    checks={"axis": _validate.axis},
    axis="axis",
    bench=Baseline(torch="entmax.entmax15(x, dim=-1)"),
)
def entmax15(x: TensorLike, axis: int = -1) -> Tensor:
    """1.5-entmax: a sparse softmax, `entmax_bisect` with `alpha = 1.5`, computed exactly.

    The maximiser of `<p, x> + H_1.5(p)` over the probability simplex (`H_1.5`, the
    Tsallis entropy): sparser than softmax, smoother than sparsemax. Sort-based
    (Peters et al. 2019, Alg. 2), exact to float precision; the gradient is the
    paper's closed form, from the output alone. Non-finite inputs follow softmax's rule:
    `-inf` entries get 0, a slice with `+inf` entries splits its mass equally among them,
    a slice holding a NaN or only `-inf` entries is NaN.

    Args:
        x: Input tensor (logits).
        axis: Integer, the axis to normalise. Defaults to `-1`.

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` lie on
        the simplex, with exact zeros.
    """
    return elementwise(lambda t: with_inf_rule(t, axis, _entmax15), x)


# --------------------------------------------------------------------------------------
# entmax_bisect


def _bisect_value(z: Any, alpha: Any, n_iter: int) -> Any:
    """alpha-entmax along the last axis by bisection on the threshold (as the entmax
    package): `p = [(alpha - 1) z - tau]_+^(1 / (alpha - 1))`, `tau` with `sum(p) = 1`,
    bracketed by `max - 1` and `max - (1/n)^(alpha - 1)`; `p` renormalised at the end."""
    n = z.shape[-1]
    am1 = alpha - 1.0
    x = (z - max_finite(z, axis=-1)) * am1  # largest entry 0; -inf stays -inf (p = 0)
    inv = 1.0 / am1
    tau_lo = ops.zeros_like(x[..., :1]) - 1.0
    dm = (tau_lo + 2.0) - ops.power(ops.cast(1.0 / n, x.dtype), am1)  # tau_hi - tau_lo

    def step(_: Any, carry: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
        dm, tau_lo, _ = carry
        dm = dm * 0.5
        tau_m = tau_lo + dm
        p = ops.power(ops.relu(x - tau_m), inv)
        return dm, ops.where(ops.sum(p, axis=-1, keepdims=True) >= 1.0, tau_m, tau_lo), tau_m

    # A loop, not `n_iter` copies of the step (JAX and TensorFlow compile it once).
    _, _, tau_m = ops.fori_loop(0, n_iter, step, (dm, tau_lo, tau_lo))
    p = ops.power(ops.relu(x - tau_m), inv)
    return p / ops.sum(p, axis=-1, keepdims=True)


def _bisect_grads(y: Any, alpha: Any, upstream: Any, alpha_shape: Any) -> tuple[Any, Any]:
    """The gradients with respect to the input and to `alpha` (Correia et al. 2019,
    Prop. 1), from the output `y`."""
    support = y > 0
    safe = ops.where(support, y, ops.ones_like(y))
    g = ops.where(support, ops.power(safe, 2.0 - alpha), ops.zeros_like(y))
    dz = _jacobian_vp(g, upstream)
    if alpha_shape is None:
        return dz, None
    am1 = alpha - 1.0
    s = ops.where(support, y * ops.log(safe), ops.zeros_like(y))  # y log y
    entropy = ops.sum(s, axis=-1, keepdims=True)
    skewed = g / ops.sum(g, axis=-1, keepdims=True)
    d_alpha = upstream * ((y - skewed) / (am1 * am1) - (s - skewed * entropy) / am1)
    d_alpha = ops.sum(d_alpha, axis=-1, keepdims=True)
    # Summed over the axes along which alpha was broadcast (alpha has the rank of y).
    axes = tuple(
        i for i, (a, b) in enumerate(zip(alpha_shape, d_alpha.shape, strict=True)) if a == 1 and b != 1
    )
    return dz, ops.sum(d_alpha, axis=axes, keepdims=True) if axes else d_alpha


def _bisect_last(z: Any, alpha: Any, n_iter: int) -> Any:
    if any(d == 0 for d in z.shape):
        return z
    if not _validate.is_tensor_like(alpha):  # a number: a gradient for z only
        if no_gradient_recorded(z):
            return _bisect_value(z, alpha, n_iter)

        @ops.custom_gradient
        def fn(t: Any) -> Any:
            y = _bisect_value(t, alpha, n_iter)

            def grad(*args: Any, upstream: Any = None) -> Any:
                return _bisect_grads(y, alpha, upstream_of(args, upstream), None)[0]

            return y, grad

        return fn(z)

    @ops.custom_gradient
    def fn_alpha(t: Any, a: Any) -> Any:
        y = _bisect_value(t, a, n_iter)

        def grad(*args: Any, upstream: Any = None) -> Any:
            return _bisect_grads(y, a, upstream_of(args, upstream), tuple(a.shape))

        return y, grad

    return fn_alpha(z, alpha)


def _alpha_along(alpha: Any, t: Any, axis: int) -> Any:
    """A tensor `alpha` in `t`'s dtype and of `t`'s rank (it must broadcast against `t`
    with size 1 along `axis`); a number as it is."""
    if not _validate.is_tensor_like(alpha):
        return alpha
    alpha = ops.cast(ops.convert_to_tensor(alpha), t.dtype)
    rank = len(t.shape)
    if len(alpha.shape) < rank:
        alpha = ops.reshape(alpha, (1,) * (rank - len(alpha.shape)) + tuple(alpha.shape))
    if len(alpha.shape) != rank or alpha.shape[axis] not in (1, None):
        raise ValueError(
            "Argument `alpha` must be a number or a tensor that broadcasts against `x` with "
            f"size 1 along `axis`. Received: alpha.shape={tuple(alpha.shape)}, axis={axis}, "
            f"x.shape={tuple(t.shape)}"
        )
    return alpha


def _entmax_bisect(t: Any, alpha: Any, axis: int, n_iter: int) -> Any:
    """`entmax_bisect` of a float tensor (`alpha` a number or a tensor)."""
    if len(t.shape) == 0:  # one slice of one entry
        return ops.reshape(_entmax_bisect(ops.reshape(t, (1,)), alpha, -1, n_iter), ())
    a = _alpha_along(alpha, t, axis)
    if not _validate.is_tensor_like(a):
        return with_inf_rule(t, axis, on_last_axis(lambda z: _bisect_last(z, a, n_iter)))
    moved = ops.moveaxis(a, axis, -1)  # as `on_last_axis` moves `t`
    y = with_inf_rule(t, axis, on_last_axis(lambda z: _bisect_last(z, moved, n_iter)))
    # NaN where a tensor alpha is not > 1 (numbers are checked at the call).
    return y + ops.stop_gradient(ops.sqrt(-ops.cast(ops.logical_not(a > 1.0), y.dtype)))


@activation(
    family="normalizer",
    formula=r"\left[(\alpha - 1) x_i - \tau(x)\right]_+^{1/(\alpha - 1)}, \quad \textstyle\sum_i p_i = 1",
    reference="Peters, Niculae & Martins 2019, https://arxiv.org/abs/1905.05702; "
    "Correia, Niculae & Martins 2019, https://arxiv.org/abs/1909.00015",
    torch="entmax.entmax_bisect (the entmax package, dim=axis)",
    checks={"alpha": _alpha, "axis": _validate.axis, "n_iter": _n_iter},
    axis="axis",
    bench=Baseline(torch="entmax.entmax_bisect(x, 1.5, dim=-1, n_iter=50)"),
)
def entmax_bisect(x: TensorLike, alpha: Any = 1.5, axis: int = -1, n_iter: int = 50) -> Tensor:
    """alpha-entmax by bisection: softmax (`alpha -> 1`) to sparsemax (`alpha = 2`).

    The maximiser of `<p, x> + H_alpha(p)` over the probability simplex (`H_alpha`,
    the Tsallis alpha-entropy), `p_i = [(alpha - 1) x_i - tau]_+^(1 / (alpha - 1))`; the
    threshold `tau` is found by `n_iter` halvings of a bracket (the entmax package's
    algorithm, output renormalised to sum 1). Differentiable with respect to `x` and to a
    tensor `alpha`, in closed form from the output (Correia et al. 2019), as
    `keras_acts.layers.Entmax(learn_alpha=True)` uses. Non-finite inputs follow softmax's
    rule: `-inf` entries get 0, a slice with `+inf` entries splits its mass equally among
    them, a slice holding a NaN or only `-inf` entries is NaN.

    Args:
        x: Input tensor (logits).
        alpha: Float > 1, or a tensor / `keras.Variable` (differentiable) that broadcasts
            against `x` with size 1 along `axis` (e.g. one alpha per attention head);
            a tensor's values are not checked: where not > 1 the output is NaN.
            `alpha = 1` is softmax (use `keras_acts.softmax`), `2` sparsemax. Defaults
            to `1.5`.
        axis: Integer, the axis to normalise. Defaults to `-1`.
        n_iter: Integer in `[1, 1000]`, the bisection steps. Defaults to `50` (float32
            is exact after ~25, float64 after ~55).

    Returns:
        A tensor of the same shape and dtype as `x` whose slices along `axis` lie on
        the simplex.
    """
    return elementwise(lambda t: _entmax_bisect(t, alpha, axis, n_iter), x)
