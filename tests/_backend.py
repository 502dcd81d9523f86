"""The only backend-specific code of the test suite: gradients and fresh tensors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np


def to_numpy(x: Any) -> np.ndarray:
    x = keras.ops.convert_to_numpy(x)
    return np.asarray(x)


def value_and_grad(
    f: Callable[[Any], Any], x: np.ndarray, cotangent: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`f(x)` and the vector-Jacobian product `cotangent^T df/dx` (cotangent defaults
    to ones, so for an elementwise `f` this is the derivative at each point)."""
    backend = keras.backend.backend()
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        y, vjp = jax.vjp(f, jnp.asarray(x))
        ct = jnp.ones_like(y) if cotangent is None else jnp.asarray(cotangent, dtype=y.dtype)
        (g,) = vjp(ct)
        return to_numpy(y), to_numpy(g)
    if backend == "torch":
        import torch

        t = torch.tensor(x, requires_grad=True)
        y = f(t)
        ct = torch.ones_like(y) if cotangent is None else torch.tensor(cotangent, dtype=y.dtype)
        (g,) = torch.autograd.grad(y, t, grad_outputs=ct)
        return y.detach().cpu().numpy(), g.detach().cpu().numpy()
    if backend == "tensorflow":
        import tensorflow as tf

        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = f(t)
        ct = tf.ones_like(y) if cotangent is None else tf.constant(cotangent, dtype=y.dtype)
        g = tape.gradient(y, t, output_gradients=ct)
        return y.numpy(), g.numpy()
    raise NotImplementedError(backend)
