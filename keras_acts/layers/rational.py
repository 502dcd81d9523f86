"""Rational (Padé) activation unit with learned numerator and denominator."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np

from keras_acts import _validate
from keras_acts.activations import learnable
from keras_acts.activations._rational_fit import TARGETS, rational_init
from keras_acts.layers._weights import PER_MODE, Weight, WeightLayer, checks, one_of

MAX_DEGREE = 16
"""The largest degree of the numerator and of the denominator: the least-squares fit
run when the layer is built takes seconds at 16 (and the powers of `x` overflow float32
for large degrees); the paper uses (5, 4)."""


def _check_degrees(name: str, degrees: Any) -> tuple[int, int]:
    if (
        not isinstance(degrees, (tuple, list))
        or len(degrees) != 2
        or any(isinstance(d, bool) or not isinstance(d, int) for d in degrees)
        or not 0 <= degrees[0] <= MAX_DEGREE
        or not 1 <= degrees[1] <= MAX_DEGREE
    ):
        raise ValueError(
            f"Argument `{name}` must be a pair of integers (numerator degree in [0, {MAX_DEGREE}], "
            f"denominator degree in [1, {MAX_DEGREE}]). Received: {name}={degrees!r}"
        )
    return int(degrees[0]), int(degrees[1])


def _column(values: tuple[float, ...]) -> Callable[..., Any]:
    """An initializer giving `values[i]` along the first axis, the same in every column."""
    column = np.asarray(values, dtype="float64")

    def initializer(shape: tuple[int, ...], dtype: Any = None) -> Any:
        filled = np.broadcast_to(column.reshape((-1,) + (1,) * (len(shape) - 1)), shape).copy()
        return keras.ops.cast(filled, dtype or "float32")

    return initializer


@keras.saving.register_keras_serializable(package="keras_acts")
class Rational(WeightLayer):
    """Rational activation (Padé activation unit): `P(x) / Q(x)` with learned coefficients.

    Formula (`P(x) = a_0 + a_1 x + ... + a_n x^n`, `(n, m) = degrees`):
    ```
    version "A": Q(x) = 1 + |b_1 x| + |b_2 x^2| + ... + |b_m x^m|     (the paper's "safe" PAU)
    version "B": Q(x) = 1 + |b_1 x + b_2 x^2 + ... + b_m x^m|
    version "C": Q(x) = 0.1 + |b_0 + b_1 x + ... + b_{m-1} x^{m-1}|
    version "N": Q(x) = 1 + b_1 x + ... + b_m x^m                    (no safeguard: may have poles)
    ```
    as defined by the `rational_activations` package of the paper's authors.

    Initialisation: the least-squares fit of `approx_func` on `[-3, 3]`, computed by
    this package in NumPy when the layer is built (cached per (function, version,
    degrees); see `keras_acts.activations._rational_fit`), not a copied table. With the
    default degrees `(5, 4)` the largest error of the initial rational on `[-3, 3]` is:

    | approx_func | A | B | C | N |
    |---|---|---|---|---|
    | `leaky_relu` (slope 0.01) | 2.98e-2 | 3.36e-2 | 2.61e-2 | 3.36e-2 |
    | `relu` | 3.00e-2 | 3.39e-2 | 2.73e-2 | 3.39e-2 |
    | `gelu` | 3.10e-3 | 9.11e-4 | 1.73e-3 | 9.11e-4 |
    | `swish` | 8.5e-7 | 1.2e-6 | 1.39e-4 | 1.2e-6 |
    | `tanh` | 1.6e-6 | 3.4e-6 | 3.07e-4 | 3.4e-6 |
    | `sigmoid` | 3.5e-9 | 4.7e-9 | 1.8e-6 | 4.7e-9 |

    (float64, 60001 points; `keras_acts.activations._rational_fit.init_errors`
    recomputes them with the RMS error: 5.0e-3 for `leaky_relu` and `relu` in version A,
    the least-squares optimum of degrees (5, 4), as the paper's published coefficients. B and N coincide: the fitted `Q - 1` is non-negative on the
    range, so the absolute value is inactive.)
    (ReLU-like targets are hardest: the error sits at the kink, x = 0; versions A and C
    also try a second starting point and keep the better fit.) Other degrees
    are fitted the same way; low degrees fit worse. Outside `[-3, 3]` the rational
    follows its own asymptote (slope `a_n / |b_m|` for `n = m + 1`).

    Args:
        approx_func: The function approximated at initialisation: `"leaky_relu"`,
            `"relu"`, `"gelu"`, `"swish"`, `"tanh"` or `"sigmoid"`. Defaults to
            `"leaky_relu"` (the paper's).
        degrees: `(n, m)`, the degrees of the numerator (`0` to `16`) and denominator
            (`1` to `16`). Defaults to `(5, 4)`.
        version: `"A"`, `"B"`, `"C"` or `"N"`. Defaults to `"A"`.
        mode: `"shared"` (one rational per layer, the paper's) or `"channel"` (one per
            channel along `axis`, all starting from the same fit). Defaults to `"shared"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        **kwargs: Base layer keyword arguments.

    Weights: `numerator`, shape `(n + 1,)` or `(n + 1, C)`; `denominator`, `(m,)` or
    `(m, C)`.

    Reference:
        - [Molina et al., 2020](https://arxiv.org/abs/1907.06732)

    Equivalents: `rational.torch.Rational` / `rational.keras.Rational` of the
    `rational_activations` package (same versions and coefficient layout).
    """

    function = staticmethod(learnable.rational)
    arguments = checks(
        approx_func=one_of(*TARGETS),
        degrees=_check_degrees,
        version=one_of(*learnable.VERSIONS),
        mode=one_of("shared", "channel"),
        axis=_validate.axis,
    )
    declared_weights = (
        Weight("numerator", init="numerator_fit", shape=("numerator_size", PER_MODE)),
        Weight("denominator", init="denominator_fit", shape=("denominator_size", PER_MODE)),
    )

    def __init__(
        self,
        approx_func: str = "leaky_relu",
        degrees: Sequence[int] = (5, 4),
        version: str = "A",
        mode: str = "shared",
        axis: int = -1,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {"approx_func": approx_func, "degrees": degrees, "version": version, "mode": mode, "axis": axis},
            **kwargs,
        )

    @property
    def numerator_size(self) -> int:
        return self.degrees[0] + 1

    @property
    def denominator_size(self) -> int:
        return self.degrees[1]

    @property
    def numerator_fit(self) -> Callable[..., Any]:
        """The initializer of `numerator`: the fit of `approx_func` (see the class docstring)."""
        return _column(rational_init(self.approx_func, self.version, self.degrees)[0])

    @property
    def denominator_fit(self) -> Callable[..., Any]:
        """The initializer of `denominator`."""
        return _column(rational_init(self.approx_func, self.version, self.degrees)[1])

    def call(self, inputs: Any) -> Any:
        return learnable.rational(
            inputs, self.numerator, self.denominator, version=self.version, axis=self.axis
        )
