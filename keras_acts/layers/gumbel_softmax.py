"""The Gumbel-softmax layer with an annealable temperature."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts.activations.stochastic import gumbel_softmax, gumbel_softmax_impl
from keras_acts.layers._base import BaseLayer, mask_across_axis


@keras.saving.register_keras_serializable(package="keras_acts")
class GumbelSoftmax(BaseLayer):
    """Gumbel-softmax (concrete) sampling layer; the layer form of
    `keras_acts.gumbel_softmax`.

    Formula:
    ```
    training:   y = softmax((logits + g) / tau),  g ~ Gumbel(0, 1)
    inference:  y = softmax(logits / tau)          (deterministic)
    ```

    With `hard=True` both return the exact one-hot of the argmax in the forward pass
    with the soft gradient (straight-through). `tau` is a non-trainable variable,
    `layer.tau`: assign to it (or use `keras_acts.callbacks.TemperatureAnnealing`) to
    anneal it during `fit` without retracing; it is saved with the weights.

    Args:
        tau: Float `> 0`, the initial temperature. Defaults to `1.0`.
        hard: Whether to return straight-through one-hot samples. Defaults to `False`.
        axis: Integer, the class axis. Defaults to `-1`.
        seed: `None` or an int in `[0, 2^31 - 1]`; with an int the samples repeat run
            to run on a backend.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Jang et al., 2017](https://arxiv.org/abs/1611.01144)

    Equivalents: `torch.nn.functional.gumbel_softmax` (a function; no temperature
    state, and its inference mode is the caller's business).
    """

    function = staticmethod(gumbel_softmax)

    def __init__(
        self, tau: float = 1.0, hard: bool = False, axis: int = -1, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        gumbel_softmax.declaration.validate(tau=tau, hard=hard, axis=axis, seed=seed)
        self.hard = hard
        self.axis = axis
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.tau = self.add_weight(
            name="tau",
            shape=(),
            initializer=keras.initializers.Constant(tau),
            trainable=False,
            dtype="float32",
        )
        self.supports_masking = True

    def compute_mask(self, inputs: Any, previous_mask: Any) -> Any:
        """A mask of the other axes is passed on; one covering `axis` is dropped with a
        warning (the sample mixes the classes along `axis`)."""
        return mask_across_axis(self, inputs, previous_mask, self.axis)

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        return gumbel_softmax_impl(
            inputs, self.tau, self.hard, self.axis, self.seed_generator, training=bool(training)
        )

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        tau = float(ops.convert_to_numpy(self.tau))
        return {**super().get_config(), "tau": tau, "hard": self.hard, "axis": self.axis, "seed": self.seed}
