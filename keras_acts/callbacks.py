"""Keras callbacks for keras-acts layers."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import keras

from keras_acts import _validate
from keras_acts.layers.gumbel_softmax import GumbelSoftmax


def _walk(layer: Any) -> Iterator[Any]:
    yield layer
    for child in getattr(layer, "layers", None) or ():
        if child is not layer:
            yield from _walk(child)


class TemperatureAnnealing(keras.callbacks.Callback):
    """Anneals the temperature of every `GumbelSoftmax` layer of the model during `fit`.

    Formula (Jang et al. 2017, section 4.1):
    ```
    tau = max(tau_min, tau0 * exp(-rate * step))
    ```

    updated every `every` training steps (the step counts across epochs). The layers'
    `tau` is a variable, so the compiled train step is not retraced. The current value
    is written to the logs as `"tau"`.

    Args:
        tau0: Float `> 0`, the initial temperature. Defaults to `1.0`.
        tau_min: Float in `(0, tau0]`, the floor. Defaults to `0.5`.
        rate: Float `>= 0`, the decay rate per step. Defaults to `1e-4`.
        every: Integer `>= 1`, the update period in steps. Defaults to `1`.
        layers: Optional list of `GumbelSoftmax` layers; defaults to all in the model.

    Reference:
        - [Jang et al., 2017](https://arxiv.org/abs/1611.01144)
    """

    def __init__(
        self,
        tau0: float = 1.0,
        tau_min: float = 0.5,
        rate: float = 1e-4,
        every: int = 1,
        layers: list[GumbelSoftmax] | None = None,
    ) -> None:
        super().__init__()
        self.tau0 = _validate.positive("tau0", tau0)
        self.tau_min = _validate.positive("tau_min", tau_min)
        _validate.less_equal("tau_min", tau_min, "tau0", tau0)
        self.rate = _validate.non_negative("rate", rate)
        self.every = _validate.positive_int("every", every)
        self._layers = layers
        self.step = 0
        self.tau = float(tau0)

    def schedule(self, step: int) -> float:
        """The temperature after `step` training steps."""
        return max(self.tau_min, self.tau0 * math.exp(-self.rate * step))

    def _targets(self) -> list[GumbelSoftmax]:
        if self._layers is not None:
            return list(self._layers)
        return [layer for layer in _walk(self.model) if isinstance(layer, GumbelSoftmax)]

    def _assign(self, value: float) -> None:
        # Under JAX, fit keeps the variables' values in a functional state between
        # steps; sync it to the variables first so the assignment is seen by the next step.
        sync = getattr(self.model, "jax_state_sync", None)
        if sync is not None:
            sync()
        for layer in self._targets():
            layer.tau.assign(value)
        self.tau = value

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._assign(self.schedule(self.step))

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.step += 1
        if self.step % self.every == 0:
            self._assign(self.schedule(self.step))
        if logs is not None:
            logs["tau"] = self.tau

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is not None:
            logs["tau"] = self.tau
