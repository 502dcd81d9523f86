"""Initial coefficients of the rational (Padé) activation: a least-squares fit in NumPy.

`rational_init(target, version, degrees)` fits `P(x) / Q(x)` of the given version and
degrees to `target` on `[-3, 3]` (1001 evenly spaced points) and returns the numerator
and denominator coefficients. The fit is computed here, not copied from a table: a
linearised least-squares problem (`P(x) - f(x) (Q(x) - 1) = f(x)`, linear in the
coefficients) gives a start, and Levenberg-Marquardt on the true residual of the version
(with its absolute values) refines it. Results are cached per (target, version, degrees).

The least-squares problem has several local minima. A second family of starts, the
denominator set to ones and the numerator solved for (linear, given `Q`), reaches
another one; it replaces the fit of the linearised starts only where it is at least as
good in both the largest and the mean squared error on the fit grid. For version A and
the ReLU-like targets it is the least-squares optimum of the class: for `leaky_relu`,
degrees (5, 4), max |error| 0.0298 and RMS 0.00503 on `[-3, 3]` (from 0.055 and
0.0089), the fit published with the Padé Activation Units paper's code (its version A
coefficients measure 0.02979 and 0.0050308 on the same grid). No rational of this version
and these degrees has a lower RMS error: the least-squares optimum is the floor (RMS
0.0050307 on 60001 points of `[-3, 3]`, 0.0050637 for `relu`: none of 300 (120 for `relu`)
random starts of the refinement ends lower, and the continuous L2 norm agrees to 1e-7), so a fit cannot reach
RMS 0.005 whatever it trades of the largest error.
"""

from __future__ import annotations

import functools
import math

import numpy as np

TARGETS = ("leaky_relu", "relu", "gelu", "swish", "tanh", "sigmoid")
VERSIONS = ("A", "B", "C", "N")
FIT_RANGE = (-3.0, 3.0)
FIT_POINTS = 1001

_erf = np.vectorize(math.erf, otypes=[np.float64])


def target_function(name: str, x: np.ndarray) -> np.ndarray:
    """The float64 NumPy value of an initialisation target."""
    if name == "leaky_relu":
        return np.where(x > 0, x, 0.01 * x)
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "gelu":
        return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))
    if name == "swish":
        return x / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    raise ValueError(f"Unknown target {name!r}; expected one of {TARGETS}")


def _powers(x: np.ndarray, degree: int) -> np.ndarray:
    """`[x^0, x^1, ..., x^degree]` as columns."""
    return np.stack([x**k for k in range(degree + 1)], axis=1)


def _denominator_powers(x: np.ndarray, m: int, version: str) -> np.ndarray:
    """The powers multiplying `b_1..b_m` (versions A, B, N) or `b_0..b_{m-1}` (C)."""
    start = 0 if version == "C" else 1
    return np.stack([x ** (start + j) for j in range(m)], axis=1)


def evaluate(x: np.ndarray, numerator: np.ndarray, denominator: np.ndarray, version: str) -> np.ndarray:
    """`P(x) / Q(x)` in float64 (also used by the fit)."""
    p = _powers(x, len(numerator) - 1) @ numerator
    q = _q_and_dq(x, denominator, version)[0]
    return p / q


def _q_and_dq(x: np.ndarray, b: np.ndarray, version: str) -> tuple[np.ndarray, np.ndarray]:
    """`Q(x)` and its derivatives with respect to the denominator coefficients."""
    xp = _denominator_powers(x, len(b), version)
    if version == "A":
        terms = xp * b
        return 1.0 + np.abs(terms).sum(1), np.sign(terms) * xp
    s = xp @ b
    if version == "B":
        return 1.0 + np.abs(s), np.sign(s)[:, None] * xp
    if version == "C":
        return 0.1 + np.abs(s), np.sign(s)[:, None] * xp
    return 1.0 + s, xp


def _linearised_start(x: np.ndarray, f: np.ndarray, n: int, m: int, version: str) -> np.ndarray:
    """Solves `P(x) - f(x) S(x) = c f(x)` in the least-squares sense, where `Q = c + S`
    without absolute values (c = 0.1 for version C, 1 otherwise)."""
    c = 0.1 if version == "C" else 1.0
    design = np.concatenate([_powers(x, n), -f[:, None] * _denominator_powers(x, m, version)], axis=1)
    theta, *_ = np.linalg.lstsq(design, c * f, rcond=None)
    return theta


def _levenberg_marquardt(
    x: np.ndarray, f: np.ndarray, theta: np.ndarray, n: int, version: str, iterations: int = 200
) -> np.ndarray:
    def residual_and_jacobian(th: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b = th[: n + 1], th[n + 1 :]
        xp = _powers(x, n)
        p = xp @ a
        q, dq = _q_and_dq(x, b, version)
        jac = np.concatenate([xp / q[:, None], -(p / q**2)[:, None] * dq], axis=1)
        return p / q - f, jac

    r, jac = residual_and_jacobian(theta)
    cost = float(r @ r)
    lam = 1e-3
    for _ in range(iterations):
        jtj = jac.T @ jac
        step = np.linalg.solve(jtj + lam * np.diag(np.diag(jtj) + 1e-12), jac.T @ r)
        candidate = theta - step
        r_new, jac_new = residual_and_jacobian(candidate)
        cost_new = float(r_new @ r_new)
        if np.isfinite(cost_new) and cost_new < cost:
            improvement = (cost - cost_new) / max(cost, 1e-300)
            theta, r, jac, cost = candidate, r_new, jac_new, cost_new
            lam = max(lam / 3.0, 1e-12)
            if improvement < 1e-12:
                break
        else:
            lam *= 4.0
            if lam > 1e12:
                break
    return theta


@functools.lru_cache(maxsize=128)
def rational_init(
    target: str, version: str, degrees: tuple[int, int]
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Numerator (`a_0..a_n`) and denominator (`b_1..b_m`, or `b_0..b_{m-1}` for version
    C) coefficients of the least-squares fit of `target` on `[-3, 3]`, as tuples."""
    n, m = degrees
    x = np.linspace(*FIT_RANGE, FIT_POINTS)
    f = target_function(target, x)
    start = _linearised_start(x, f, n, m, version)
    starts = [start]
    if version == "A":
        # |b_j x^j| summed: the start's signs are lost, so also try a start with b = 0.
        starts.append(np.concatenate([start[: n + 1], np.zeros(m)]))
    if version == "C":
        # Q = 0.1 + |b_0 + ... + b_{m-1} x^{m-1}|: also start from the version-N fit of
        # degrees (n, m - 1), Q = 1 + S, scaled by 10 so that the 0.1 is a small offset.
        other = _linearised_start(x, f, n, m - 1, "N")
        starts.append(10.0 * np.concatenate([other[: n + 1], [1.0], other[n + 1 :]]))
    best, best_cost = None, math.inf
    for theta0 in starts:
        theta = _levenberg_marquardt(x, f, theta0, n, version)
        cost = _errors(x, f, theta, n, version)[0]
        if cost < best_cost:
            best, best_cost = theta, cost
    assert best is not None
    if version in ("A", "C"):
        # Another local minimum: from Q with unit coefficients (numerator solved for).
        # It replaces the fit above only where it is no worse in either error, on a grid
        # ten times finer than the fit's.
        other = _levenberg_marquardt(x, f, _unit_denominator_start(x, f, n, m, version), n, version)
        fine = np.linspace(*FIT_RANGE, 10 * (FIT_POINTS - 1) + 1)
        f_fine = target_function(target, fine)
        errors, other_errors = (_errors(fine, f_fine, th, n, version) for th in (best, other))
        if all(o <= e for o, e in zip(other_errors, errors, strict=True)):
            best = other
    return tuple(float(v) for v in best[: n + 1]), tuple(float(v) for v in best[n + 1 :])


def _errors(x: np.ndarray, f: np.ndarray, theta: np.ndarray, n: int, version: str) -> tuple[float, float]:
    """The sum of squared errors and the largest error of a fit (inf where not finite)."""
    err = evaluate(x, theta[: n + 1], theta[n + 1 :], version) - f
    cost = float(err @ err)
    return (cost, float(np.max(np.abs(err)))) if np.isfinite(cost) else (math.inf, math.inf)


def _unit_denominator_start(x: np.ndarray, f: np.ndarray, n: int, m: int, version: str) -> np.ndarray:
    """Denominator coefficients all 1, and the numerator that fits `f * Q` best (linear)."""
    b = np.ones(m)
    q = _q_and_dq(x, b, version)[0]
    a, *_ = np.linalg.lstsq(_powers(x, n) / q[:, None], f, rcond=None)
    return np.concatenate([a, b])


def max_init_error(target: str, version: str, degrees: tuple[int, int] = (5, 4)) -> float:
    """The largest absolute difference between the initial rational and `target` on a
    fine grid of `[-3, 3]` (documentation and tests)."""
    return init_errors(target, version, degrees)[0]


def init_errors(target: str, version: str, degrees: tuple[int, int] = (5, 4)) -> tuple[float, float]:
    """The largest and the root-mean-square difference between the initial rational and
    `target` on a fine grid of `[-3, 3]` (60001 points, float64)."""
    a, b = rational_init(target, version, degrees)
    x = np.linspace(*FIT_RANGE, 60001)
    err = evaluate(x, np.array(a), np.array(b), version) - target_function(target, x)
    return float(np.max(np.abs(err))), float(np.sqrt(np.mean(err**2)))
