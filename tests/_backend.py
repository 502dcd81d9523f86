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


def grads_wrt_weights(
    layer: Any, x: np.ndarray, cotangent: np.ndarray
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """`layer(x)`, the vector-Jacobian products `cotangent^T d layer(x) / dx` and, for
    each trainable weight (by name), `cotangent^T d layer(x) / dw`. The layer must be
    built."""
    backend = keras.backend.backend()
    weights = list(layer.trainable_variables)
    names = [w.name for w in weights]
    if backend == "jax":
        import jax
        import jax.numpy as jnp

        non_trainable = [v.value for v in layer.non_trainable_variables]

        def f(x_: Any, trainable: list[Any]) -> Any:
            y_, _ = layer.stateless_call(trainable, non_trainable, x_)
            return y_

        y, vjp = jax.vjp(f, jnp.asarray(x), [w.value for w in weights])
        dx, dws = vjp(jnp.asarray(cotangent, dtype=y.dtype))
        return to_numpy(y), to_numpy(dx), {n: to_numpy(g) for n, g in zip(names, dws, strict=True)}
    if backend == "torch":
        import torch

        t = torch.tensor(x, requires_grad=True)
        y = layer(t)
        ct = torch.tensor(cotangent, dtype=y.dtype)
        grads = torch.autograd.grad(y, [t, *[w.value for w in weights]], grad_outputs=ct)
        out = [g.detach().cpu().numpy() for g in grads]
        return y.detach().cpu().numpy(), out[0], dict(zip(names, out[1:], strict=True))
    if backend == "tensorflow":
        import tensorflow as tf

        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = layer(t)
        grads = tape.gradient(y, [t, *weights], output_gradients=tf.constant(cotangent, dtype=y.dtype))
        return y.numpy(), grads[0].numpy(), {n: g.numpy() for n, g in zip(names, grads[1:], strict=True)}
    raise NotImplementedError(backend)
