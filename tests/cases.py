"""The test case table: one `Row` per catalogue entry, holding everything the tests need
to know about it -- its independent reference (the `_ref_*` functions below, never keras_acts),
the parameter sets to test, how to build its input grid, tolerances, limits at ±inf,
bad parameters, and example values for required parameters.

`tests/test_registry.py` fails when a catalogue entry has no row, or a row names no
entry or has no working reference, so a new activation cannot go untested. The
consumers (test_functions, test_properties, test_numerics, test_bad_input, test_layers,
test_learnable, portable) read the rows of their kind; none filters rows by whether a
reference exists.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import strategies as st
from reference import sparsemax_reference, torch_value_and_grad

import keras_acts  # only to know which entries this keras_acts has (see `rows`)
from keras_acts.registry import REQUIRED

ELEMENTWISE = "elementwise"  # `function(x, **params)`, value by value; torch reference
AXIS = "axis"  # along `axis`; torch reference (sparsemax: bisection)
LAYER = "layer"  # a layer with weights; NumPy reference `f(x, weights, **params)`

INF = float("inf")
NAN = float("nan")

# Tolerances (rtol, atol) by check; a row overrides what it needs.
TOLERANCES = {
    "value": (2e-6, 1e-6),  # float32 on the grid
    "grad": (1e-5, 1e-6),  # float32 derivative on the grid
    "drawn": (5e-6, 2e-6),  # float32 on drawn inputs and parameters (hypothesis)
    "huge": (1e-6, 1e-6),  # float32 value and derivative where x^2 overflows
    "axis": (1e-5, 1e-6),  # along an axis, drawn inputs
    "float16": (2e-3, 2e-3),
    "bfloat16": (1.6e-2, 1.6e-2),
}


def f32(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in [lo, hi] that are exact in float32 (so torch float64 sees the same value)."""
    lo, hi = float(np.float32(lo)), float(np.float32(hi))
    return st.floats(lo, hi, width=32, allow_nan=False, allow_infinity=False)


def _no_kinks(params: dict) -> Sequence[float]:
    return ()


def _never(backend: str, params: dict) -> bool:
    return False


@dataclass(frozen=True)
class Fast:
    """What `tests/test_native.py` holds a row's backend fast path (PyTorch, TensorFlow:
    a kernel of the backend's module, taken on the CPU) to, where the defaults don't fit.

    params: the parameter sets compared with the `keras.ops` form (`None`: the row's
        `cases()`; `()`: none there, the fast path is the device form on every device,
        `tests/test_device_path.py`'s).
    declines: (backend, params) -> whether that backend's kernel steps aside for these
        parameters on the CPU (the `keras.ops` form runs).
    kernels: the most kernels one fast call may run on PyTorch (its own expression where
        it has no kernel); on TensorFlow at least 3.
    tf_graph: TensorFlow's kernel runs in graphs too (the others are eager only).
    atol: (params, x, value, grad) -> (value atol, grad atol), in eps of the dtype, where
        the two forms round legitimately apart (`x` with +-inf and NaN as 0; `value` and
        `grad` the `keras.ops` form's, non-finite as 0).
    sliced: the parameter sets whose PyTorch CPU form walks the tensor in slices
        (`keras_acts._backends.torch_sliced`).
    overflow: dtype -> {x: value} where an intermediate `x * x` overflows the dtype: the
        fast path must give the `keras.ops` form's value there, and `value` where not `None`.
    """

    params: tuple[dict, ...] | None = None
    declines: Callable[[str, dict], bool] = _never
    kernels: int = 1
    tf_graph: bool = False
    atol: Callable[[dict, np.ndarray, np.ndarray, np.ndarray], tuple[Any, Any]] | None = None
    sliced: tuple[dict, ...] = ()
    overflow: Callable[[str], Mapping[float, float]] | None = None


FAST = Fast()


@dataclass(frozen=True, eq=False)
class Row:
    """What the tests know about one catalogue entry.

    name: the catalogue name.
    kind: ELEMENTWISE, AXIS or LAYER (see "references" below for each kind's reference
        signature).
    reference: the independent float64 reference.
    params: the parameter sets to test: the defaults (`{}`) first, then non-default sets
        (for LAYER rows: layer constructor arguments).
    required: example values of the required parameters, merged into every set.
    kinks: params -> the points where the derivative jumps (added to the grid).
    limits: (at -inf, at +inf), or params -> them, where the float64 formula gives NaN
        there (inf - inf, 0 * inf): the mathematical limit, which keras_acts must return.
    tol: tolerances (rtol, atol) by check, over `TOLERANCES`.
    bad: (parameters, the parameter the `ValueError` must name), for the layer and for
        the function where it takes those parameters.
    draw: hypothesis strategy for drawn hyper-parameters (default: `cases()[0]`).
    layer_kwargs: constructor arguments in the model of every layer (`tests/portable.py`);
        default: the required parameters.
    call: "function", or "layer" where only the layer in inference is deterministic
        (what the reference describes).
    ambiguous: (float32 x, params) -> mask of inputs where float32 rounding legitimately
        takes another branch than the float64 reference (a switch, an argmax).
    weights: LAYER rows: (rng, {weight: shape}, params) -> {weight: values} to assign.
    shape: LAYER rows: the input shape (channels last).
    native: elementwise rows: (torch tensor x, every parameter) -> the native op the
        PyTorch fast path is held to (`tests/test_device_path.py` counts its aten ops):
        PyTorch's own op, or the plain expression PyTorch code writes where it has none.
    accurate: elementwise rows whose float64 reference cancels (in a tail): the same
        function in a float64 form without cancellation (`scripts/accuracy_table.py`).

    The properties of `tests/test_properties.py`, each tested on the rows that set it:

    bounds: params -> (lower, upper): every value lies in it, for any float32 input
        (infinities included), with the parameters of `drawn("bounds")`.
    monotone: non-decreasing in x, with the parameters of `drawn("monotone")`.
    monotone_ulp: non-decreasing between neighbouring float32 inputs with the default
        parameters (each piece one correctly rounded operation).
    simplex: AXIS rows whose values lie on the probability simplex along the axis (the
        function called with the parameters of `drawn("simplex")`).
    max_input: the largest drawn input of the finite-gradient test (above it the true
        value overflows float32).
    fit_scale: the factor on the inputs of the layer in the fit tests of
        `tests/test_layers.py` (faster than linear growth diverges under SGD otherwise).
    draw_for: check ("bounds", "monotone", "simplex") -> the hyper-parameter strategy
        for that check, where its property holds only on part of `draw`'s range.
    fast: what `tests/test_native.py` needs to know of its backend fast paths (`Fast`).
    sweep: (traced hyper-parameter, low, high): `tests/test_jit.py` sweeps it over 100
        values in [low, high], compiled once.
    tail_grad: (float64 x, params) -> the derivative on the negative tail written without
        the cancellation of its plain form (`tests/test_numerics.py` holds keras-acts'
        derivative to it, relatively, on -1 ... -1e6).
    """

    name: str
    kind: str
    reference: Callable[..., Any]
    params: tuple[dict, ...] = ({},)
    required: Mapping[str, Any] = field(default_factory=dict)
    kinks: Callable[[dict], Sequence[float]] = _no_kinks
    limits: tuple[float, float] | Callable[[dict], tuple[float, float]] | None = None
    tol: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    bad: tuple[tuple[dict, str], ...] = ()
    draw: st.SearchStrategy[dict] | None = None
    layer_kwargs: Mapping[str, Any] | None = None
    call: str = "function"
    ambiguous: Callable[[np.ndarray, dict], np.ndarray] | None = None
    weights: Callable[[np.random.Generator, dict, dict], dict] | None = None
    shape: tuple[int, ...] = (2, 5, 3)
    native: Callable[[Any, dict], Any] | None = None
    accurate: Callable[..., Any] | None = None
    bounds: Callable[[dict], tuple[float, float]] | None = None
    monotone: bool = False
    monotone_ulp: bool = False
    simplex: bool = False
    max_input: float = 1e4
    fit_scale: float = 1.0
    draw_for: Mapping[str, st.SearchStrategy[dict]] = field(default_factory=dict)
    spec: Mapping[str, Any] | None = None  # SPEC.md's contract: the function's defaults
    fast: Fast = FAST
    sweep: tuple[str, float, float] | None = None
    tail_grad: Callable[[np.ndarray, dict], np.ndarray] | None = None
    # Layer kwargs exported besides `layer_kwargs` (tests/test_export.py), each merged over them.
    export_kwargs: tuple[dict, ...] = ()
    # tests/test_edges.py: float64 (rtol, xtol), |actual - reference| <= rtol |reference| +
    # xtol |x| (AXIS rows: the largest |x|); xtol where the float64 reference cancels and
    # keras-acts may not (or the reverse). `float64_params`: over the defaults there.
    float64_tol: tuple[float, float] = (1e-12, 0.0)
    float64_params: Mapping[str, Any] = field(default_factory=dict)
    # Why the row is not held to "NaN in, NaN gradient" (tests/test_edges.py), or "".
    nan_gradient_exempt: str = ""

    def cases(self) -> list[dict]:
        """The parameter sets, each with the required parameters filled in."""
        return [{**self.required, **p} for p in self.params]

    def tolerance(self, check: str) -> tuple[float, float]:
        return self.tol.get(check, TOLERANCES[check])

    def drawn(self, check: str | None = None) -> st.SearchStrategy[dict]:
        """Drawn hyper-parameters: `draw_for[check]`, else `draw`, else the defaults."""
        if check in self.draw_for:
            return self.draw_for[check]
        return self.draw if self.draw is not None else st.just(self.cases()[0])

    def constructor_kwargs(self) -> dict:
        return dict(self.required if self.layer_kwargs is None else self.layer_kwargs)

    def evaluate(self, x: np.ndarray, params: dict) -> np.ndarray:
        """The reference's value on `x` (ELEMENTWISE and AXIS rows), float64."""
        return self.reference(torch.tensor(np.asarray(x, np.float64)), **params).numpy()

    def value_and_grad(self, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
        """The reference's value and derivative on `x` (ELEMENTWISE rows), float64, with
        the limits at ±inf."""
        x = np.asarray(x, np.float64)
        value, grad = torch_value_and_grad(self.reference, x, params)
        limits = self.limits(params) if callable(self.limits) else self.limits
        lo, hi = limits or (None, None)
        for where, limit in ((x == -np.inf, lo), (x == np.inf, hi)):
            if limit is not None:
                value[where] = limit
            # At an infinite input the reference derivative may be 0 * inf; keras_acts
            # returns the derivative's limit, which is 0 wherever the reference is NaN.
            grad[where & np.isnan(grad)] = 0.0
        return value, grad


# The grid of every ELEMENTWISE row: these points, the row's kinks for the parameter set,
# and 40 normal draws (scale 4).
BASE_GRID = [
    -INF, -1e4, -80.0, -30.0, -20.0, -10.0, -6.0, -3.0, -2.0, -1.0, -0.5, -0.1, -1e-3, -1e-6,
    0.0, 1e-6, 1e-3, 0.1, 0.5, 1.0, 2.0, 3.0, 6.0, 10.0, 20.0, 30.0, 80.0, 1e4, INF, NAN,
]  # fmt: skip


def grid(row: Row, params: dict) -> np.ndarray:
    rand = np.random.default_rng(1).normal(scale=4.0, size=40)
    return np.concatenate([BASE_GRID, list(row.kinks(params)), rand]).astype(np.float32)


def _softplus_switch(x: np.ndarray, p: dict) -> np.ndarray:
    beta, threshold = p.get("beta", 1.0), p.get("threshold", 20.0)
    z32 = x * np.float32(beta) > np.float32(threshold)
    z64 = x.astype(np.float64) * beta > threshold
    return z32 != z64


def _gumbel_near_tie(x: np.ndarray, p: dict) -> np.ndarray:
    """hard=True: slices whose two largest logits float32 cannot tell apart (the
    one-hot may pick either)."""
    if not p.get("hard", False):
        return np.zeros(x.shape, bool)
    axis = p.get("axis", -1)
    top = -np.sort(-np.moveaxis(x.astype(np.float64), axis, -1), axis=-1)
    tie = top[..., 0] - top[..., 1] <= 1e-6 * (1 + np.abs(top[..., 0]))
    return np.broadcast_to(np.expand_dims(tie, axis), x.shape)


def _exp_overflows(x: np.ndarray, p: dict) -> np.ndarray:
    """Where exp overflows float32 (to inf) but not float64 (the reference's value)."""
    with np.errstate(over="ignore"):
        return np.exp(x.astype(np.float64)) > np.finfo(np.float32).max


def _hard_tanh_draw(t: tuple[float, float]) -> dict:
    return {"min_val": t[0], "max_val": float(np.float32(t[0] + t[1]))}


def _hard_sigmoid_kinks(p: dict) -> list[float]:
    alpha, beta = p.get("alpha", 1 / 6), p.get("beta", 0.5)
    return [-beta / alpha, (1 - beta) / alpha]


def _swish_limits(p: dict) -> tuple[float, float]:
    beta = p.get("beta", 1.0)
    return (0.0, INF) if beta > 0 else (-INF, 0.0) if beta < 0 else (-INF, INF)


def _gelu_atol(p: dict, x: np.ndarray, v: np.ndarray, g: np.ndarray) -> tuple[Any, Any]:
    if p.get("approximate", "none") == "none":
        # `x (1 + erf(x / sqrt 2)) / 2` cancels in the negative tail in both forms, and
        # PyTorch's vectorised erf is ~3 ulp from erf near -1: absolutely, each is off by a
        # few eps |x| there (relatively 1e-4 at x = -3 in float32, for PyTorch's kernel).
        return 4 * (1.0 + np.abs(x)), 4 * (1.0 + np.abs(x))
    # x sigmoid(w), w = sqrt(8/pi) (x + 0.044715 x^3): an ulp of w moves sigmoid(w)
    # relatively by |w| ulp in the tail, whichever way w is rounded; the derivative also
    # a few eps absolute where it crosses 0 (x ~ -0.75).
    w = np.sqrt(8.0 / np.pi) * (np.abs(x) + 0.044715 * np.abs(x) ** 3)
    return 4 * (1.0 + w) * np.abs(v), 4 * ((1.0 + w) * np.abs(g) + 1.0)


def _crossing_atol(p: dict, x: np.ndarray, v: np.ndarray, g: np.ndarray) -> tuple[Any, Any]:
    # A derivative that crosses 0 (1 + sin(2 alpha x), Swish-beta with beta < 0) cancels
    # there in either form; the difference is a few eps absolute.
    return 0.0, 4.0


def _rational_weights(rng: np.random.Generator, s: dict, p: dict) -> dict:
    numerator = rng.normal(0, 0.5, s["numerator"])
    denominator = rng.normal(0, 0.5, s["denominator"])
    if p.get("version") == "N":  # no pole: only a positive x^2 coefficient
        denominator = np.zeros(s["denominator"])
        denominator[1] = np.abs(rng.normal(0, 0.5, s["denominator"][1:]))
    return {"numerator": numerator, "denominator": denominator}


def _acon_weights(rng: np.random.Generator, s: dict) -> dict:
    return {"p1": rng.normal(0.5, 0.5, s["p1"]), "p2": rng.normal(0.0, 0.3, s["p2"])}


# ------------------------------------------------------------------ references
# The independent float64 references, one per row (never keras_acts): PyTorch's
# functional ops, or formulas written out from the papers. Signatures by kind:
# ELEMENTWISE and AXIS: `f(t, **params) -> tensor`, `t` a float64 torch tensor
# (differentiable by torch autograd, except sparsemax's bisection); LAYER:
# `f(x, weights, **layer_kwargs) -> ndarray`, `x` a float64 NumPy array with channels
# last, `weights` the layer's weights by name (per-channel arrays broadcast along the
# last axis).

# ------------------------------------------------------------------ elementwise (torch)


def _ref_relu(t, negative_slope=0.0, max_value=None, threshold=0.0):
    # keras.activations.relu's semantics; at the cap the derivative is 0 (F.relu6's at 6).
    if not negative_slope and max_value is None and not threshold:
        return torch.relu(t)
    high = t if max_value is None else torch.where(t >= max_value, torch.full_like(t, max_value), t)
    return torch.where(t > threshold, high, negative_slope * (t - threshold))


def _ref_relu6(t):
    return F.relu6(t)


def _ref_leaky_relu(t, negative_slope=0.01):
    return F.leaky_relu(t, negative_slope)


def _ref_threshold(t, threshold, value):
    return F.threshold(t, threshold, value)


def _ref_hard_tanh(t, min_val=-1.0, max_val=1.0):
    return F.hardtanh(t, min_val, max_val)


def _ref_hard_sigmoid(t, alpha=1 / 6, beta=0.5):
    # torch only has alpha=1/6, beta=1/2; other values: the formula clip(a x + b, 0, 1).
    if (alpha, beta) == (1 / 6, 0.5):
        return F.hardsigmoid(t)
    return F.hardtanh(alpha * t + beta, 0.0, 1.0)


def _ref_hard_swish(t):
    return F.hardswish(t)


def _ref_hard_shrink(t, lambd=0.5):
    # lambd = 0: the formula is the identity (torch's kernel gives gradient 0 at x = 0).
    return F.hardshrink(t, lambd) if lambd else t * 1.0


def _ref_soft_shrink(t, lambd=0.5):
    return F.softshrink(t, lambd) if lambd else t * 1.0


def _ref_sigmoid(t):
    return torch.sigmoid(t)


def _ref_tanh(t):
    return torch.tanh(t)


def _ref_softsign(t):
    return F.softsign(t)


def _ref_log_sigmoid(t):
    return F.logsigmoid(t)


def _ref_tanh_shrink(t):
    return F.tanhshrink(t)


def _ref_softplus(t, beta=1.0, threshold=20.0):
    return F.softplus(t, beta, threshold)


def _ref_elu(t, alpha=1.0):
    return F.elu(t, alpha)


def _ref_selu(t):
    return F.selu(t)


def _ref_celu(t, alpha=1.0):
    return F.celu(t, alpha)


def _ref_gelu(t, approximate="none"):
    return F.gelu(t, approximate=approximate)


def _accurate_gelu(t, approximate="none"):
    # 1 + erf and 1 + tanh cancel in the negative tail (beyond x ~ -8 in float64).
    if approximate == "tanh":
        return t * torch.sigmoid(2.0 * math.sqrt(2.0 / math.pi) * (t + 0.044715 * t**3))
    return 0.5 * t * torch.special.erfc(-t / math.sqrt(2.0))


def _ref_silu(t):
    return F.silu(t)


def _ref_mish(t):
    return F.mish(t)


def _ref_lisht(t):
    return t * torch.tanh(t)


def _ref_squareplus(t, b=4.0):
    return (t + torch.sqrt(t * t + b)) / 2


def _accurate_squareplus(t, b=4.0):
    # x + sqrt(x^2 + b) cancels for x << 0 (garbage in float64 beyond x ~ -1e8).
    root = torch.sqrt(t * t + b)
    return torch.where(t >= 0, (t + root) / 2, b / (2 * (root - t)))


def _ref_prelu(t, alpha):
    return F.prelu(t, torch.tensor([alpha], dtype=t.dtype))


def _ref_swish(t, beta=1.0):
    return t * torch.sigmoid(beta * t)


def _ref_snake(t, alpha=1.0):
    return t + torch.sin(alpha * t) ** 2 / alpha


def _ref_squared_relu(t):
    return torch.relu(t) ** 2


def _ref_star_relu(t, scale=0.8944, bias=-0.4472):
    return scale * torch.relu(t) ** 2 + bias


def _ref_hard_mish(t):
    # timm's `0.5 * x * (x + 2).clamp(0, 2)`, as relu(x) + c (c + 2) / 2 with c = clamp(x, -2, 0):
    # equal everywhere, without timm's 0 * inf (NaN) in the derivative at +inf.
    c = torch.clamp(t, -2.0, 0.0)
    return torch.relu(t) + 0.5 * c * (c + 2.0)


def _ref_sparse_plus(t):
    # jax.nn.sparse_plus: 0, (x + 1)^2 / 4, x on (-inf, -1], (-1, 1), [1, inf); written with a
    # clamp so that autograd gives the derivative's limits at +-inf (no 0 * inf).
    return (torch.clamp(t, -1.0, 1.0) + 1.0) ** 2 / 4.0 + torch.relu(t - 1.0)


def _ref_sparse_sigmoid(t):
    # jax.nn.sparse_sigmoid: clip(x + 1, 0, 2) / 2 (hardtanh: gradient 0 at the kinks).
    return 0.5 * F.hardtanh(t + 1.0, 0.0, 2.0)


def _ref_exponential(t):
    return torch.exp(t)


def _ref_identity(t):
    return t * 1.0


def _ref_xielu(t, alpha_p=0.8, alpha_n=0.8, beta=0.5, eps=-1e-6):
    # Huang & Schlag 2025, the xIELU of the paper and the authors' code, as written there;
    # the positive piece on max(x, 0) so that -inf gives its derivative, not 0 * inf.
    # `eps` as the float32 inputs see it (float32(-1e-6) is eps in float32, not in float64).
    eps = float(np.float32(eps))
    tp = torch.clamp(t, min=0.0)
    positive = alpha_p * tp * tp + beta * tp
    negative = (torch.expm1(torch.clamp(t, max=eps)) - t) * alpha_n + beta * t
    return torch.where(t > 0, positive, negative)


def _ref_rrelu(t, lower=1 / 8, upper=1 / 3):
    # Inference (the function's default, training=False): the mean slope.
    return F.rrelu(t, lower, upper, training=False)


# -------------------------------------------------------------------- along an axis


def _ref_softmax(t, axis=-1):
    return torch.softmax(t, dim=axis)


def _ref_log_softmax(t, axis=-1):
    return torch.log_softmax(t, dim=axis)


def _ref_softmin(t, axis=-1):
    return F.softmin(t, dim=axis)


def _ref_glu(t, axis=-1):
    return F.glu(t, dim=axis)


def _ref_swiglu(t, axis=-1):
    a, b = torch.chunk(t, 2, dim=axis)
    return F.silu(a) * b


def _ref_geglu(t, approximate="none", axis=-1):
    a, b = torch.chunk(t, 2, dim=axis)
    return F.gelu(a, approximate=approximate) * b


def _ref_reglu(t, axis=-1):
    a, b = torch.chunk(t, 2, dim=axis)
    return F.relu(a) * b


def _ref_bilinear(t, axis=-1):
    a, b = torch.chunk(t, 2, dim=axis)
    return a * b


def _ref_sparsemax(t, axis=-1):
    z = np.moveaxis(t.detach().numpy(), axis, -1)
    return torch.from_numpy(np.moveaxis(sparsemax_reference(z), -1, axis))


# The entmax package (Peters, Niculae & Martins 2019; PyTorch), in float64.
def _ref_entmax15(t, axis=-1):
    import entmax

    return entmax.entmax15(t, dim=axis)


def _ref_entmax_bisect(t, alpha=1.5, axis=-1, n_iter=50):
    import entmax

    return entmax.entmax_bisect(t, alpha, dim=axis, n_iter=max(n_iter, 60))


def _ref_entmax(x, w, alpha=1.5, learn_alpha=False, axis=-1, n_iter=50):
    # Correia et al. 2019: alpha = 1 + sigmoid(a) when learned.
    if learn_alpha:
        alpha = 1.0 + 1.0 / (1.0 + np.exp(-np.float64(w["alpha_logit"])))
    return _ref_entmax_bisect(torch.tensor(np.asarray(x, np.float64)), float(alpha), axis, n_iter).numpy()


def _ref_gumbel_softmax(t, tau=1.0, hard=False, axis=-1):
    # Inference (`training=False`): no noise, softmax(logits / tau), or its one-hot.
    y = torch.softmax(t / tau, dim=axis)
    if hard:
        return torch.zeros_like(y).scatter_(axis, y.argmax(dim=axis, keepdim=True), 1.0)
    return y


# ------------------------------------------------------------ learnable layers (NumPy)


def _ref_pelu(x, w, **_):
    """Trottier et al. 2017: a/b x for x >= 0, a (exp(x / b) - 1) below."""
    a, b = w["a"], w["b"]
    return np.where(x >= 0, a / b * x, a * (np.exp(np.minimum(x, 0) / b) - 1))


def _ref_srelu(x, w, **_):
    """Jin et al. 2016: linear with slope a_right above t_right, a_left below t_left."""
    tl, al, tr, ar = w["t_left"], w["a_left"], w["t_right"], w["a_right"]
    return np.where(x >= tr, tr + ar * (x - tr), np.where(x <= tl, tl + al * (x - tl), x))


def _ref_apl(x, w, **_):
    """Agostinelli et al. 2015: max(0, x) + sum_s a_s max(0, -x + b_s)."""
    out = np.maximum(0.0, x)
    for s in range(w["a"].shape[0]):
        out = out + w["a"][s] * np.maximum(0.0, -x + w["b"][s])
    return out


def _ref_acon(x, p1, p2, beta):
    d = (p1 - p2) * x
    return d / (1 + np.exp(-beta * d)) + p2 * x


def _ref_acon_c(x, w, **_):
    """Ma et al. 2021: (p1 - p2) x sigmoid(beta (p1 - p2) x) + p2 x."""
    return _ref_acon(x, w["p1"], w["p2"], w["beta"])


def _ref_meta_acon_c(x, w, **_):
    """ACON-C with beta = sigmoid(W2 (W1 mean(x) + b1) + b2), the mean over the spatial
    axes of each sample (channels last)."""
    pooled = x.mean(axis=tuple(range(1, x.ndim - 1)))  # (batch, C)
    hidden = pooled @ w["fc1_kernel"] + w["fc1_bias"]
    beta = 1 / (1 + np.exp(-(hidden @ w["fc2_kernel"] + w["fc2_bias"])))
    beta = beta.reshape((x.shape[0],) + (1,) * (x.ndim - 2) + (x.shape[-1],))
    return _ref_acon(x, w["p1"], w["p2"], beta)


def _ref_rational(x, w, version="A", **_):
    """Molina et al. 2020, Padé Activation Units, versions A, B, C and N (safe PAU)."""
    a, b = w["numerator"], w["denominator"]
    num = sum(a[k] * x**k for k in range(a.shape[0]))
    if version == "A":
        den = 1 + sum(np.abs(b[j - 1] * x**j) for j in range(1, b.shape[0] + 1))
    elif version == "B":
        den = 1 + np.abs(sum(b[j - 1] * x**j for j in range(1, b.shape[0] + 1)))
    elif version == "C":
        den = 0.1 + np.abs(sum(b[j] * x**j for j in range(b.shape[0])))
    else:
        den = 1 + sum(b[j - 1] * x**j for j in range(1, b.shape[0] + 1))
    return num / den


def _ref_maxout(x, w, num_units, axis=-1, **_):
    """Goodfellow et al. 2013: the maximum of each of `num_units` consecutive groups."""
    x = np.moveaxis(x, axis, -1)
    k = x.shape[-1] // num_units
    out = np.stack([x[..., i * k : (i + 1) * k].max(-1) for i in range(num_units)], axis=-1)
    return np.moveaxis(out, -1, axis)


LEARNABLE_TOL = {
    "value": (1e-5, 1e-5),
    "grad": (1e-4, 1e-4),
    "float16": (2e-2, 3e-2),
    "bfloat16": (2e-2, 3e-2),
}

ROWS: tuple[Row, ...] = (
    # ------------------------------------------------------------------- rectifiers
    Row(
        "relu",
        ELEMENTWISE,
        _ref_relu,
        spec={"negative_slope": 0.0, "max_value": None, "threshold": 0.0},  # Keras's, issue 16
        params=(
            {},
            {"negative_slope": 0.1},
            {"max_value": 6.0},
            {"negative_slope": 0.2, "max_value": 3.0, "threshold": 1.0},
        ),
        kinks=lambda p: [0.0, p.get("threshold", 0.0), p.get("max_value") or 0.0],
        limits=lambda p: (
            -INF if p.get("negative_slope") else 0.0,
            INF if p.get("max_value") is None else p["max_value"],
        ),
        bad=(
            ({"max_value": -1.0}, "max_value"),
            ({"negative_slope": -0.5}, "negative_slope"),
            ({"threshold": NAN}, "threshold"),
        ),
        native=lambda x, p: _ref_relu(x, p["negative_slope"], p["max_value"], p["threshold"]),
        fast=Fast(params=({},)),
        bounds=lambda p: (0.0, INF),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "relu6",
        ELEMENTWISE,
        _ref_relu6,
        spec={},
        kinks=lambda p: [0.0, 6.0],
        native=lambda x, p: F.relu6(x),
        bounds=lambda p: (0.0, 6.0),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "leaky_relu",
        ELEMENTWISE,
        _ref_leaky_relu,
        spec={"negative_slope": 0.01},
        params=({}, {"negative_slope": 0.2}, {"negative_slope": -1.5}),
        kinks=lambda p: [0.0],
        bad=(({"negative_slope": NAN}, "negative_slope"), ({"negative_slope": "0.1"}, "negative_slope")),
        draw=st.fixed_dictionaries({"negative_slope": f32(-10, 10)}),
        native=lambda x, p: F.leaky_relu(x, p["negative_slope"]),
        fast=Fast(params=({}, {"negative_slope": 0.2}, {"negative_slope": -0.5})),
        monotone=True,
        monotone_ulp=True,
        draw_for={"monotone": st.fixed_dictionaries({"negative_slope": f32(0, 10)})},
    ),
    Row(
        "threshold",
        ELEMENTWISE,
        _ref_threshold,
        spec={"threshold": REQUIRED, "value": REQUIRED},
        params=({}, {"threshold": 0.0, "value": 0.0}, {"threshold": 1.0, "value": -3.0}),
        required={"threshold": 0.5, "value": -1.0},
        kinks=lambda p: [p["threshold"]],
        bad=(({"threshold": INF, "value": 0.0}, "threshold"), ({"threshold": 0.0, "value": None}, "value")),
        draw=st.fixed_dictionaries({"threshold": f32(-10, 10), "value": f32(-10, 10)}),
        native=lambda x, p: F.threshold(x, p["threshold"], p["value"]),
    ),
    Row(
        "hard_tanh",
        ELEMENTWISE,
        _ref_hard_tanh,
        spec={"min_val": -1.0, "max_val": 1.0},
        params=({}, {"min_val": -2.0, "max_val": 3.0}, {"min_val": 0.0, "max_val": 6.0}),
        kinks=lambda p: [p.get("min_val", -1.0), p.get("max_val", 1.0)],
        bad=(
            ({"min_val": 1.0, "max_val": -1.0}, "min_val"),
            ({"min_val": 1.0, "max_val": 1.0}, "min_val"),
            ({"min_val": NAN}, "min_val"),
        ),
        draw=st.tuples(f32(-10, 10), f32(1e-3, 20)).map(_hard_tanh_draw),
        layer_kwargs={"min_val": -2.0, "max_val": 2.0},
        native=lambda x, p: F.hardtanh(x, p["min_val"], p["max_val"]),
        fast=Fast(params=({}, {"min_val": -2.0, "max_val": 0.5})),
        sweep=("min_val", -3.0, -0.5),
        bounds=lambda p: (p["min_val"], p["max_val"]),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "hard_sigmoid",
        ELEMENTWISE,
        _ref_hard_sigmoid,
        spec={"alpha": 1 / 6, "beta": 0.5},
        params=({}, {"alpha": 0.2, "beta": 0.5}),
        kinks=_hard_sigmoid_kinks,
        bad=(({"alpha": INF}, "alpha"), ({"beta": True}, "beta")),
        draw=st.fixed_dictionaries({"alpha": f32(-5, 5), "beta": f32(-5, 5)}),
        layer_kwargs={"alpha": 0.2},
        native=lambda x, p: (
            F.hardsigmoid(x)
            if (p["alpha"], p["beta"]) == (1 / 6, 0.5)
            else torch.clamp(x * p["alpha"] + p["beta"], 0.0, 1.0)
        ),
        fast=Fast(declines=lambda b, p: bool(p)),  # PyTorch's kernel has the defaults only
        sweep=("alpha", -1.0, 1.0),
        bounds=lambda p: (0.0, 1.0),
        monotone=True,
        monotone_ulp=True,
        draw_for={"monotone": st.fixed_dictionaries({"alpha": f32(0, 5), "beta": f32(-5, 5)})},
    ),
    Row(
        "hard_swish",
        ELEMENTWISE,
        _ref_hard_swish,
        spec={},
        kinks=lambda p: [-3.0, 3.0],
        limits=(0.0, INF),
        native=lambda x, p: F.hardswish(x),
    ),
    Row(
        "squared_relu",
        ELEMENTWISE,
        _ref_squared_relu,
        kinks=lambda p: [0.0],
        native=lambda x, p: torch.relu(x).square(),
        bounds=lambda p: (0.0, INF),
        monotone=True,
        monotone_ulp=True,
        fit_scale=0.1,
    ),
    Row(
        "hard_mish",
        ELEMENTWISE,
        _ref_hard_mish,
        kinks=lambda p: [-2.0, -1.0, 0.0],
        native=lambda x, p: x * torch.clamp(x + 2.0, 0.0, 2.0) * 0.5,
        fast=Fast(params=()),
    ),
    Row(
        "sparse_plus",
        ELEMENTWISE,
        _ref_sparse_plus,
        kinks=lambda p: [-1.0, 1.0],
        native=lambda x, p: torch.where(x <= -1.0, 0.0, torch.where(x >= 1.0, x, (x + 1.0).square() * 0.25)),
        bounds=lambda p: (0.0, INF),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "sparse_sigmoid",
        ELEMENTWISE,
        _ref_sparse_sigmoid,
        kinks=lambda p: [-1.0, 1.0],
        native=lambda x, p: torch.clamp(0.5 * x + 0.5, 0.0, 1.0),
        bounds=lambda p: (0.0, 1.0),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "hard_shrink",
        ELEMENTWISE,
        _ref_hard_shrink,
        spec={"lambd": 0.5},
        params=({}, {"lambd": 1.0}, {"lambd": 0.0}),
        kinks=lambda p: [-p.get("lambd", 0.5), p.get("lambd", 0.5)],
        bad=(({"lambd": -0.5}, "lambd"),),
        draw=st.fixed_dictionaries({"lambd": f32(0, 10)}),
        native=lambda x, p: F.hardshrink(x, p["lambd"]),
        fast=Fast(params=({}, {"lambd": 1.0})),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "soft_shrink",
        ELEMENTWISE,
        _ref_soft_shrink,
        spec={"lambd": 0.5},
        params=({}, {"lambd": 2.0}, {"lambd": 0.0}),
        kinks=lambda p: [-p.get("lambd", 0.5), p.get("lambd", 0.5)],
        bad=(({"lambd": -1e-9}, "lambd"),),
        draw=st.fixed_dictionaries({"lambd": f32(0, 10)}),
        native=lambda x, p: F.softshrink(x, p["lambd"]),
        fast=Fast(params=({}, {"lambd": 1.0})),
        sweep=("lambd", 0.0, 2.0),
        monotone=True,
        monotone_ulp=True,
    ),
    # ------------------------------------------------------------------------ smooth
    Row(
        "sigmoid",
        ELEMENTWISE,
        _ref_sigmoid,
        spec={},
        native=lambda x, p: torch.sigmoid(x),
        fast=Fast(tf_graph=True),
        bounds=lambda p: (0.0, 1.0),
        monotone=True,
    ),
    Row(
        "tanh",
        ELEMENTWISE,
        _ref_tanh,
        spec={},
        native=lambda x, p: torch.tanh(x),
        fast=Fast(tf_graph=True),
        bounds=lambda p: (-1.0, 1.0),
        monotone=True,
    ),
    Row(
        "softsign",
        ELEMENTWISE,
        _ref_softsign,
        spec={},
        limits=(-1.0, 1.0),
        native=lambda x, p: F.softsign(x),
        fast=Fast(kernels=3, sliced=({},)),  # x / (1 + |x|): PyTorch's own expression
        bounds=lambda p: (-1.0, 1.0),
        monotone=True,
    ),
    Row(
        "log_sigmoid",
        ELEMENTWISE,
        _ref_log_sigmoid,
        spec={},
        native=lambda x, p: F.logsigmoid(x),
        fast=Fast(tf_graph=True),
        bounds=lambda p: (-INF, 0.0),
        monotone=True,
    ),
    Row(
        "tanh_shrink",
        ELEMENTWISE,
        _ref_tanh_shrink,
        float64_tol=(1e-12, 1e-15),  # x - tanh(x): up to an ulp of x
        spec={},
        limits=(-INF, INF),
        native=lambda x, p: F.tanhshrink(x),
        monotone=True,
    ),
    Row(
        "softplus",
        ELEMENTWISE,
        _ref_softplus,
        spec={"beta": 1.0, "threshold": 20.0},
        params=({}, {"beta": 2.0, "threshold": 10.0}, {"beta": 0.5, "threshold": 100.0}),
        kinks=lambda p: [p.get("threshold", 20.0) / p.get("beta", 1.0)],  # the switch to x
        bad=(({"beta": 0.0}, "beta"), ({"beta": -1.0}, "beta"), ({"threshold": NAN}, "threshold")),
        draw=st.fixed_dictionaries({"beta": f32(0.05, 20), "threshold": f32(-20, 60)}),
        layer_kwargs={"beta": 2.0},
        export_kwargs=({"beta": 1.0}, {"beta": 2.0, "threshold": 5.0}),
        ambiguous=_softplus_switch,
        native=lambda x, p: F.softplus(x, p["beta"], p["threshold"]),
        # Above threshold 80 PyTorch's kernel overflows (exp(beta x) up to the threshold).
        fast=Fast(
            params=({}, {"beta": 2.0, "threshold": 5.0}, {"beta": 0.5, "threshold": 100.0}),
            declines=lambda b, p: p.get("threshold", 20.0) > 80 or (b == "tensorflow" and bool(p)),
        ),
        bounds=lambda p: (0.0, INF),
        monotone=True,
        draw_for={
            # Above `threshold` softplus is the identity: >= 0 only for threshold >= 0; and
            # it drops there by exp(-threshold) / beta: below float32's resolution only for
            # threshold >= 15 (the default is 20).
            "bounds": st.fixed_dictionaries({"beta": f32(0.05, 20), "threshold": f32(0, 60)}),
            "monotone": st.fixed_dictionaries({"beta": f32(0.05, 20), "threshold": f32(15, 60)}),
        },
    ),
    Row(
        "elu",
        ELEMENTWISE,
        _ref_elu,
        spec={"alpha": 1.0},
        params=({}, {"alpha": 0.5}),
        kinks=lambda p: [0.0],
        bad=(({"alpha": INF}, "alpha"),),
        draw=st.fixed_dictionaries({"alpha": f32(-5, 5)}),
        native=lambda x, p: F.elu(x, p["alpha"]),
        fast=Fast(declines=lambda b, p: b == "tensorflow" and p.get("alpha", 1.0) != 1.0),
        monotone=True,
        draw_for={"monotone": st.fixed_dictionaries({"alpha": f32(0, 5)})},
    ),
    Row(
        "selu",
        ELEMENTWISE,
        _ref_selu,
        spec={},
        monotone=True,
        kinks=lambda p: [0.0],
        native=lambda x, p: F.selu(x),
    ),
    Row(
        "celu",
        ELEMENTWISE,
        _ref_celu,
        spec={"alpha": 1.0},
        params=({}, {"alpha": 2.0}),
        kinks=lambda p: [0.0],
        bad=(({"alpha": 0.0}, "alpha"),),
        draw=st.fixed_dictionaries({"alpha": f32(0.05, 10)}),
        native=lambda x, p: F.celu(x, p["alpha"]),
        sweep=("alpha", 0.2, 3.0),
        monotone=True,
    ),
    Row(
        "gelu",
        ELEMENTWISE,
        _ref_gelu,
        float64_tol=(1e-12, 1e-15),  # the reference is 0 from x < -8.3 (keras-acts: erfc)
        accurate=_accurate_gelu,
        spec={"approximate": "none"},
        params=({}, {"approximate": "tanh"}),
        limits=(0.0, INF),
        bad=(({"approximate": "fast"}, "approximate"), ({"approximate": True}, "approximate")),
        draw=st.fixed_dictionaries({"approximate": st.sampled_from(["none", "tanh"])}),
        layer_kwargs={"approximate": "tanh"},
        export_kwargs=({"approximate": "none"},),
        native=lambda x, p: F.gelu(x, approximate=p["approximate"]),
        fast=Fast(
            declines=lambda b, p: b == "tensorflow" and p.get("approximate") == "tanh",
            atol=_gelu_atol,
            sliced=({"approximate": "tanh"},),
        ),
    ),
    Row("silu", ELEMENTWISE, _ref_silu, spec={}, limits=(0.0, INF), native=lambda x, p: F.silu(x)),
    # CLIP's approximation (Radford et al. 2021, openai/CLIP model.py).
    Row(
        "quick_gelu",
        ELEMENTWISE,
        lambda t: t * torch.sigmoid(1.702 * t),
        limits=(0.0, INF),
        native=lambda x, p: x * torch.sigmoid(1.702 * x),
    ),
    Row(
        "mish",
        ELEMENTWISE,
        _ref_mish,
        spec={},
        limits=(0.0, INF),
        native=lambda x, p: F.mish(x),
        fast=Fast(sliced=({},)),
    ),
    Row(
        "lisht",
        ELEMENTWISE,
        _ref_lisht,
        spec={},
        limits=(INF, INF),
        native=lambda x, p: x * torch.tanh(x),
        bounds=lambda p: (0.0, INF),
    ),
    Row(
        "exponential",
        ELEMENTWISE,
        _ref_exponential,
        ambiguous=_exp_overflows,
        native=lambda x, p: torch.exp(x),
        bounds=lambda p: (0.0, INF),
        monotone=True,
        max_input=88.0,
        fit_scale=0.1,
    ),
    Row(
        "identity",
        ELEMENTWISE,
        _ref_identity,
        monotone=True,
        monotone_ulp=True,
        native=lambda x, p: x,
        nan_gradient_exempt="returns its input itself",
    ),
    Row(
        "squareplus",
        ELEMENTWISE,
        _ref_squareplus,
        float64_tol=(1e-12, 1e-15),  # (x + sqrt(x^2 + b)) / 2 cancels for x << 0
        accurate=_accurate_squareplus,
        spec={"b": 4.0},
        params=({}, {"b": 1.0}),
        limits=(0.0, INF),
        bad=(({"b": -4.0}, "b"),),
        draw=st.fixed_dictionaries({"b": f32(0, 20)}),
        native=lambda x, p: 0.5 * (x + torch.sqrt(x * x + p["b"])),
        fast=Fast(
            params=({}, {"b": 0.25}),
            sliced=({}, {"b": 0.25}),
            # b / (2 (sqrt(x^2 + b) - x)) = 4 / (4 |x|) for these x < 0 (b = 4): not 0;
            # at the float maximum 2 |x| overflows, in both forms.
            overflow=lambda dtype: (
                {-1e20: 1e-20, -1e30: 1e-30, -3e38: None}
                if dtype == "float32"
                else {-1e160: 1e-160, -1e300: 1e-300, -1.7e308: None}
            ),
        ),
        sweep=("b", 0.0, 8.0),
        # d/dx = (1 + x/s) / 2, s = sqrt(x^2 + b), cancels for x << 0.
        tail_grad=lambda x, p: p["b"] / (2 * np.sqrt(x * x + p["b"]) * (np.sqrt(x * x + p["b"]) - x)),
        bounds=lambda p: (0.0, INF),
        monotone=True,
        monotone_ulp=True,
    ),
    # ------------------------------------------------------------------ normalizers
    Row(
        "softmax",
        AXIS,
        _ref_softmax,
        spec={"axis": -1},
        params=({}, {"axis": 1}),
        bad=(({"axis": 1.5}, "axis"),),
        simplex=True,
        fast=Fast(params=({}, {"axis": 0})),
    ),
    Row(
        "log_softmax",
        AXIS,
        _ref_log_softmax,
        spec={"axis": -1},
        params=({}, {"axis": 0}),
        bad=(({"axis": "last"}, "axis"),),
        fast=Fast(params=({},)),
    ),
    Row(
        "softmin",
        AXIS,
        _ref_softmin,
        spec={"axis": -1},
        simplex=True,
        params=({}, {"axis": 1}),
        bad=(({"axis": None}, "axis"),),
        fast=Fast(params=({},)),
    ),
    Row(
        "sparsemax",
        AXIS,
        _ref_sparsemax,
        spec={"axis": -1},
        params=({}, {"axis": 1}),
        bad=(({"axis": [1]}, "axis"),),
        simplex=True,
    ),
    Row(
        "entmax15",
        AXIS,
        _ref_entmax15,
        params=({}, {"axis": 1}),
        bad=(({"axis": 1.5}, "axis"),),
        simplex=True,
    ),
    Row(
        "entmax_bisect",
        AXIS,
        _ref_entmax_bisect,
        params=({}, {"alpha": 1.25, "axis": 1}, {"alpha": 2.0, "n_iter": 30}),
        bad=(
            ({"alpha": 1.0}, "alpha"),
            ({"alpha": 0.5}, "alpha"),
            ({"n_iter": 0}, "n_iter"),
            ({"n_iter": 10**6}, "n_iter"),
        ),
        draw=st.fixed_dictionaries({"alpha": f32(1.1, 2.5)}),
        simplex=True,
    ),
    # ------------------------------------------------------------------------ gated
    Row(
        "glu",
        AXIS,
        _ref_glu,
        spec={"axis": -1},
        params=({}, {"axis": 1}),
        bad=(({"axis": 0.0}, "axis"),),
        fast=Fast(params=({}, {"axis": 0})),
    ),
    Row("swiglu", AXIS, _ref_swiglu, fit_scale=0.1, params=({}, {"axis": 1}), bad=(({"axis": 1.5}, "axis"),)),
    Row(
        "geglu",
        AXIS,
        _ref_geglu,
        float64_tol=(1e-12, 1e-14),  # gelu's gate, times the other half
        params=({}, {"approximate": "tanh"}, {"axis": 1}),
        bad=(({"approximate": "erf"}, "approximate"), ({"axis": "last"}, "axis")),
        draw=st.fixed_dictionaries({"approximate": st.sampled_from(["none", "tanh"])}),
        layer_kwargs={"approximate": "tanh"},
        export_kwargs=({"approximate": "none"},),
        fit_scale=0.1,
    ),
    Row("reglu", AXIS, _ref_reglu, fit_scale=0.1, params=({}, {"axis": 1}), bad=(({"axis": None}, "axis"),)),
    Row(
        "bilinear",
        AXIS,
        _ref_bilinear,
        params=({}, {"axis": 1}),
        bad=(({"axis": [0]}, "axis"),),
        fit_scale=0.1,
    ),
    # -------------------------------------------------------------------- trainable
    Row(
        "prelu",
        ELEMENTWISE,
        _ref_prelu,
        params=({}, {"alpha": -1.5}, {"alpha": 0.0}),
        required={"alpha": 0.25},
        kinks=lambda p: [0.0],
        bad=(({"mode": "bogus"}, "mode"),),
        draw=st.fixed_dictionaries({"alpha": f32(-3, 3)}),
        layer_kwargs={"mode": "channel"},
        export_kwargs=({"mode": "element"}, {"mode": "shared"}),
        native=lambda x, p: F.prelu(x, torch.full((1,), float(p["alpha"]))),
    ),
    Row(
        "swish",
        ELEMENTWISE,
        _ref_swish,
        spec={"beta": 1.0},
        params=({}, {"beta": 2.0}, {"beta": 0.5}, {"beta": -0.5}),
        limits=_swish_limits,
        bad=(({"beta": NAN}, "beta"), ({"mode": "element"}, "mode")),
        draw=st.fixed_dictionaries({"beta": f32(-5, 5)}),
        layer_kwargs={"beta": 1.5, "mode": "channel"},
        export_kwargs=({"beta": 0.5, "mode": "shared"},),
        native=lambda x, p: F.silu(x) if p["beta"] == 1 else x * torch.sigmoid(p["beta"] * x),
        # No PyTorch kernel: x * sigmoid(beta x), three.
        fast=Fast(params=({"beta": 1.5}, {"beta": -0.5}), kernels=3, atol=_crossing_atol),
        sweep=("beta", 0.1, 4.0),
    ),
    Row(
        "star_relu",
        ELEMENTWISE,
        _ref_star_relu,
        params=({}, {"scale": 2.0, "bias": 0.5}, {"scale": -1.0, "bias": 0.0}),
        kinks=lambda p: [0.0],
        bad=(
            ({"scale": NAN}, "scale"),
            ({"bias": INF}, "bias"),
            ({"scale_regularizer": "bogus"}, "scale_regularizer"),
        ),
        draw=st.fixed_dictionaries({"scale": f32(-5, 5), "bias": f32(-5, 5)}),
        layer_kwargs={"scale": 1.0, "bias": 0.0},
        native=lambda x, p: p["scale"] * torch.relu(x).square() + p["bias"],
    ),
    Row(
        "snake",
        ELEMENTWISE,
        _ref_snake,
        spec={"alpha": 1.0},
        params=({}, {"alpha": 0.5}, {"alpha": 1e-4}, {"alpha": 3.0}),
        limits=(-INF, INF),
        bad=(({"alpha": 0.0}, "alpha"), ({"alpha": -1.0}, "alpha")),
        draw=st.fixed_dictionaries({"alpha": f32(1e-3, 10)}),
        native=lambda x, p: x + torch.sin(p["alpha"] * x).square() / p["alpha"],
        # No PyTorch kernel: x + sin(alpha x)^2 / alpha, five.
        fast=Fast(params=({}, {"alpha": 0.5}), kernels=5, atol=_crossing_atol),
        monotone=True,
    ),
    Row(
        "xielu",
        ELEMENTWISE,
        _ref_xielu,
        # float64: the reference takes `eps` as float32 sees it (8th digit off -1e-6).
        float64_params={"eps": float(np.float32(-1e-6))},
        # (Where a piece crosses 0 its value cancels: x = -beta / alpha_p for beta < 0,
        # about -2.45 for the defaults; the sets keep the crossings off the grids.)
        params=(
            {},
            {"alpha_p": 2.0, "alpha_n": 1.5, "beta": -0.25, "eps": 0.0},
            {"alpha_p": 0.3, "alpha_n": 0.3, "beta": -0.5},
        ),
        kinks=lambda p: [0.0, p.get("eps", -1e-6)],
        limits=(INF, INF),
        # The jump at 0 (alpha_n expm1(eps), the authors' eps): TensorFlow's CPU kernels
        # flush subnormal x to 0, which then takes the x <= 0 piece.
        ambiguous=lambda x, p: np.abs(x) < np.finfo(np.float32).tiny,
        bad=(
            ({"alpha_p": 0.0}, "alpha_p"),
            ({"alpha_n": 0.5}, "beta"),
            ({"eps": 1e-3}, "eps"),
            ({"beta": NAN}, "beta"),
        ),
        draw=st.tuples(f32(0.01, 3), f32(0.01, 3), f32(-2, 2)).map(
            lambda t: {"alpha_p": t[0], "alpha_n": float(np.float32(t[2] + t[1])), "beta": t[2]}
        ),
        native=lambda x, p: torch.where(
            x > 0,
            p["alpha_p"] * x * x + p["beta"] * x,
            (torch.expm1(torch.clamp_max(x, p["eps"])) - x) * p["alpha_n"] + p["beta"] * x,
        ),
    ),
    # ------------------------------------------------------------------- stochastic
    Row(
        "rrelu",
        ELEMENTWISE,
        _ref_rrelu,
        params=({}, {"lower": 0.1, "upper": 0.5}, {"lower": 0.25, "upper": 0.25}),
        kinks=lambda p: [0.0],
        bad=(({"lower": -0.1}, "lower"), ({"lower": 0.5, "upper": 0.1}, "lower")),
        draw=st.tuples(f32(0, 1), f32(0, 1)).map(lambda t: {"lower": t[0], "upper": t[0] + t[1]}),
        layer_kwargs={"seed": 1},
        export_kwargs=({"lower": 0.1, "upper": 0.5},),
        monotone=True,
        monotone_ulp=True,
    ),
    Row(
        "gumbel_softmax",
        AXIS,
        _ref_gumbel_softmax,
        params=({}, {"tau": 0.5, "hard": True}),
        bad=(({"tau": 0.0}, "tau"), ({"tau": -1.0}, "tau")),
        draw=st.fixed_dictionaries({"tau": f32(0.05, 10), "hard": st.booleans(), "seed": st.just(0)}),
        layer_kwargs={"tau": 0.5, "seed": 3},
        export_kwargs=({"hard": True},),
        call="layer",
        ambiguous=_gumbel_near_tie,
        simplex=True,
        draw_for={"simplex": st.fixed_dictionaries({"seed": st.just(0), "hard": st.booleans()})},
    ),
    # -------------------------------------------------------------------- learnable
    Row(
        "pelu",
        LAYER,
        _ref_pelu,
        params=({}, {"mode": "channel"}),
        tol=LEARNABLE_TOL,
        bad=(
            ({"a": 0.0}, "a"),
            ({"b": -1.0}, "b"),
            ({"a": 0.05}, "min_value"),
            ({"mode": "element"}, "mode"),
            ({"axis": 1.5}, "axis"),
        ),
        weights=lambda rng, s, p: {"a": rng.uniform(0.5, 2.0, s["a"]), "b": rng.uniform(0.5, 2.0, s["b"])},
    ),
    Row(
        "srelu",
        LAYER,
        _ref_srelu,
        params=({}, {"mode": "shared"}),
        tol=LEARNABLE_TOL,
        bad=(({"mode": "pixel"}, "mode"),),
        weights=lambda rng, s, p: {
            "t_left": rng.uniform(-1.0, 0.0, s["t_left"]),
            "a_left": rng.uniform(-0.5, 0.5, s["a_left"]),
            "t_right": rng.uniform(0.3, 1.5, s["t_right"]),
            "a_right": rng.uniform(0.0, 1.5, s["a_right"]),
        },
    ),
    Row(
        "apl",
        LAYER,
        _ref_apl,
        params=({}, {"num_hinges": 2}),
        tol=LEARNABLE_TOL,
        bad=(({"num_hinges": 0}, "num_hinges"), ({"num_hinges": 2.0}, "num_hinges")),
        weights=lambda rng, s, p: {"a": rng.uniform(-0.5, 0.5, s["a"]), "b": rng.normal(0, 0.8, s["b"])},
    ),
    Row(
        "acon_c",
        LAYER,
        _ref_acon_c,
        params=({}, {"mode": "shared"}),
        tol=LEARNABLE_TOL,
        bad=(({"mode": "element"}, "mode"),),
        weights=lambda rng, s, p: {**_acon_weights(rng, s), "beta": rng.uniform(0.5, 2.0, s["beta"])},
    ),
    Row(
        "meta_acon_c",
        LAYER,
        _ref_meta_acon_c,
        params=({}, {"r": 2}),
        tol=LEARNABLE_TOL,
        bad=(({"r": 0}, "r"),),
        weights=lambda rng, s, p: {
            **_acon_weights(rng, s),
            "fc1_kernel": rng.normal(0, 0.5, s["fc1_kernel"]),
            "fc1_bias": rng.normal(0, 0.1, s["fc1_bias"]),
            "fc2_kernel": rng.normal(0, 0.5, s["fc2_kernel"]),
            "fc2_bias": rng.normal(0, 0.1, s["fc2_bias"]),
        },
    ),
    Row(
        "rational",
        LAYER,
        _ref_rational,
        params=(
            {},
            {"degrees": (3, 3), "version": "B", "mode": "channel"},
            {"degrees": (3, 3), "version": "C", "mode": "channel"},
            {"degrees": (3, 3), "version": "N", "mode": "channel"},
        ),
        tol=LEARNABLE_TOL,
        bad=(
            ({"approx_func": "elu"}, "approx_func"),
            ({"version": "D"}, "version"),
            ({"degrees": (5, 0)}, "degrees"),
            ({"degrees": 5}, "degrees"),
            ({"degrees": (5.0, 4)}, "degrees"),
        ),
        weights=_rational_weights,
    ),
    Row(
        "entmax",
        LAYER,
        _ref_entmax,
        params=({}, {"learn_alpha": True}, {"learn_alpha": True, "alpha": 1.2, "axis": 1}),
        bad=(({"alpha": 2.0, "learn_alpha": True}, "alpha"), ({"n_iter": 0}, "n_iter")),
        weights=lambda rng, s, p: {k: rng.normal(0.0, 0.5, v) for k, v in s.items()},
        layer_kwargs={"learn_alpha": True},
    ),
    Row(
        "maxout",
        LAYER,
        _ref_maxout,
        params=({}, {"num_units": 3}, {"num_units": 2, "axis": 1}),
        required={"num_units": 2},
        tol=LEARNABLE_TOL,
        bad=(({"num_units": 0}, "num_units"), ({"num_units": 2.0}, "num_units"), ({"axis": "last"}, "axis")),
        layer_kwargs={"num_units": 4},
        weights=lambda rng, s, p: {},
        shape=(2, 4, 6),
    ),
)
ROW = {row.name: row for row in ROWS}

# The consumers only see rows and entries that match up, so that they always collect;
# tests/test_registry.py::test_every_catalogue_entry_has_exactly_one_row (and
# test_row_names_a_catalogue_entry_and_has_a_reference) fail for the others.
CATALOGUE = {info.name: info for info in keras_acts.catalog()}


def rows(*kinds: str) -> list[Row]:
    """The rows of these kinds (all kinds if none) whose entry this keras_acts has."""
    return [r for r in ROWS if (not kinds or r.kind in kinds) and r.name in CATALOGUE]


def entries() -> list[Any]:
    """The catalogue entries (`ActivationInfo`) that have a row, in catalogue order."""
    return [info for info in CATALOGUE.values() if info.name in ROW]


def cases(*kinds: str) -> list[Any]:
    """`pytest.param(row, params)` for every parameter set of `rows(*kinds)`."""
    return [pytest.param(r, p, id=f"{r.name}-{p}") for r in rows(*kinds) for p in r.cases()]


def forms(*kinds: str) -> list[Any]:
    """Like `cases`, but only the defaults and the sets that choose another formula (a
    string parameter: GELU's tanh form), for the tests that are costly per case."""
    return [
        pytest.param(r, p, id=f"{r.name}-{p}")
        for r in rows(*kinds)
        for i, p in enumerate(r.cases())
        if i == 0 or any(isinstance(v, str) for v in r.params[i].values())
    ]


# The (name, params) views that tests/test_jit.py reads.
CASES = [(r.name, p) for r in rows(ELEMENTWISE) for p in r.cases()]
AXIS_CASES = [(r.name, p) for r in rows(AXIS) if r.call == "function" for p in r.cases()]
REQUIRED_PARAMS = {r.name: dict(r.required) for r in ROWS if r.required}
