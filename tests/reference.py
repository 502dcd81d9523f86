"""Independent references: PyTorch's functional ops in float64 (torch is installed in the
test environment on every backend), or formulas written out from the papers. Nothing
here imports keras_acts."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

INF = float("inf")


def _selu(x):
    return F.selu(x)


# name -> function(torch float64 tensor, **params) -> tensor
TORCH_REFERENCE = {
    "relu": lambda x: torch.relu(x),
    "relu6": lambda x: F.relu6(x),
    "leaky_relu": lambda x, negative_slope=0.01: F.leaky_relu(x, negative_slope),
    "threshold": lambda x, threshold, value: F.threshold(x, threshold, value),
    "hard_tanh": lambda x, min_val=-1.0, max_val=1.0: F.hardtanh(x, min_val, max_val),
    # torch only has alpha=1/6, beta=1/2; other values: the formula clip(a x + b, 0, 1).
    "hard_sigmoid": lambda x, alpha=1 / 6, beta=0.5: (
        F.hardsigmoid(x) if (alpha, beta) == (1 / 6, 0.5) else F.hardtanh(alpha * x + beta, 0.0, 1.0)
    ),
    "hard_swish": lambda x: F.hardswish(x),
    # lambd = 0: the formula is the identity (torch's kernel gives gradient 0 at x = 0).
    "hard_shrink": lambda x, lambd=0.5: F.hardshrink(x, lambd) if lambd else x * 1.0,
    "soft_shrink": lambda x, lambd=0.5: F.softshrink(x, lambd) if lambd else x * 1.0,
    "sigmoid": lambda x: torch.sigmoid(x),
    "tanh": lambda x: torch.tanh(x),
    "softsign": lambda x: F.softsign(x),
    "log_sigmoid": lambda x: F.logsigmoid(x),
    "tanh_shrink": lambda x: F.tanhshrink(x),
    "softplus": lambda x, beta=1.0, threshold=20.0: F.softplus(x, beta, threshold),
    "elu": lambda x, alpha=1.0: F.elu(x, alpha),
    "selu": _selu,
    "celu": lambda x, alpha=1.0: F.celu(x, alpha),
    "gelu": lambda x, approximate="none": F.gelu(x, approximate=approximate),
    "silu": lambda x: F.silu(x),
    "swish": lambda x, beta=1.0: x * torch.sigmoid(beta * x),
    "mish": lambda x: F.mish(x),
    "lisht": lambda x: x * torch.tanh(x),
    "squareplus": lambda x, b=4.0: (x + torch.sqrt(x * x + b)) / 2,
    "snake": lambda x, alpha=1.0: x + torch.sin(alpha * x) ** 2 / alpha,
}

# Limits at -inf / +inf where the float64 formula itself gives NaN there (inf - inf or
# 0 * inf): the mathematical limit, which keras_acts returns.
LIMITS = {
    "softsign": (-1.0, 1.0),
    "gelu": (0.0, INF),
    "silu": (0.0, INF),
    "swish": (0.0, INF),
    "mish": (0.0, INF),
    "lisht": (INF, INF),
    "squareplus": (0.0, INF),
    "snake": (-INF, INF),
    "hard_swish": (0.0, INF),
    "tanh_shrink": (-INF, INF),
}


def torch_value_and_grad(name: str, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Value and derivative in float64 via torch autograd (elementwise functions)."""
    t = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    y = TORCH_REFERENCE[name](t, **params)
    (g,) = torch.autograd.grad(y, t, grad_outputs=torch.ones_like(y))
    return y.detach().numpy(), g.detach().numpy()


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


SQRT2 = math.sqrt(2.0)
