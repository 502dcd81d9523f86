"""Randomized leaky ReLU."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts.activations.stochastic import rrelu
from keras_acts.layers._base import BaseLayer


@keras.saving.register_keras_serializable(package="keras_acts")
class RReLU(BaseLayer):
    """Randomized leaky ReLU: a random slope `U(lower, upper)` per element in training,
    `(lower + upper) / 2` in inference. The layer form of `keras_acts.rrelu`.

    Args:
        lower: Float `>= 0`. Defaults to `1/8`.
        upper: Float `>= lower`. Defaults to `1/3`.
        seed: `None` or an int in `[0, 2^31 - 1]`; with an int the samples repeat run
            to run on a backend.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Xu et al., 2015](https://arxiv.org/abs/1505.00853)

    Equivalents: `torch.nn.RReLU`.
    """

    function = staticmethod(rrelu)

    def __init__(
        self, lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        rrelu.declaration.validate(lower=lower, upper=upper, seed=seed)
        self.lower = lower
        self.upper = upper
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        return rrelu(inputs, self.lower, self.upper, training=bool(training), seed=self.seed_generator)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "lower": self.lower, "upper": self.upper, "seed": self.seed}
