"""The package's only backend-specific code: the derivative of a function of a tensor.

Used by `keras_acts.plot` (the CLI's `plot` command and the docs' figures). The backend
module is imported lazily, inside the branch for the running backend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np


def value_and_grad(f: Callable[[Any], Any], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`f(x)` and the gradient of `sum(f(x))` with respect to `x`, as NumPy arrays.

    For an elementwise `f` the gradient is the derivative `f'(x)` at each point.

    Args:
        f: A function of one backend tensor returning a tensor.
        x: A NumPy array of floats.

    Returns:
        The pair `(f(x), d sum(f(x)) / dx)`, NumPy arrays of the shape of `f(x)` and `x`.
    """
    x = np.asarray(x, dtype=keras.config.floatx())
    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        y, vjp = jax.vjp(f, jax.numpy.asarray(x))
        (g,) = vjp(jax.numpy.ones_like(y))
        return np.asarray(y), np.asarray(g)
    if backend == "torch":
        import torch

        t = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)
        y = f(t)
        (g,) = torch.autograd.grad(y, t, grad_outputs=torch.ones_like(y))
        return y.detach().cpu().numpy(), g.detach().cpu().numpy()
    if backend == "tensorflow":
        import tensorflow as tf

        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = f(t)
        g = tape.gradient(y, t, output_gradients=tf.ones_like(y))
        return y.numpy(), g.numpy()
    raise NotImplementedError(f"No gradient helper for backend={backend!r}.")
