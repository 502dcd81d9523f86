"""Generic reference helpers, independent of keras_acts: sparsemax by bisection and its
Jacobian (Martins & Astudillo 2016), and value-and-derivative by torch autograd in
float64. The per-activation references live in their rows, in `tests/cases.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch


def sparsemax_reference(z: np.ndarray) -> np.ndarray:
    """Sparsemax along the last axis by bisection on the threshold tau (independent of
    the sort-based algorithm): tau solves sum(max(z - tau, 0)) = 1."""
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    for idx in np.ndindex(z.shape[:-1]):
        row = z[idx]
        finite = row[np.isfinite(row)]
        lo, hi = finite.max() - 1.0, finite.max()
        for _ in range(200):
            mid = (lo + hi) / 2
            if np.maximum(finite - mid, 0).sum() > 1:
                lo = mid
            else:
                hi = mid
        out[idx] = np.maximum(row - (lo + hi) / 2, 0)
    return out


def sparsemax_vjp_reference(p: np.ndarray, cotangent: np.ndarray) -> np.ndarray:
    """The sparsemax Jacobian (Martins & Astudillo 2016, eq. 11): J = diag(s) - s s^T / |S|,
    applied to a cotangent along the last axis (J is symmetric)."""
    s = (p > 0).astype(np.float64)
    mean = (cotangent * s).sum(-1, keepdims=True) / s.sum(-1, keepdims=True)
    return s * (cotangent - mean)


# ------------------------------------------------------------------------- helpers


def torch_value_and_grad(
    reference: Callable[..., Any], x: np.ndarray, params: dict
) -> tuple[np.ndarray, np.ndarray]:
    """Value and derivative in float64 via torch autograd (elementwise references)."""
    t = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    y = reference(t, **params)
    (g,) = torch.autograd.grad(y, t, grad_outputs=torch.ones_like(y))
    return y.detach().numpy(), g.detach().numpy()
