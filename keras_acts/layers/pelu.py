"""Parametric exponential linear unit with learned `a` and `b`."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.activations import learnable
from keras_acts.layers._constraints import MinValue
from keras_acts.layers._weights import Weight, WeightLayer, checks, one_of, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class PELU(WeightLayer):
    """Parametric ELU: `(a / b) x` for `x >= 0`, `a (exp(x / b) - 1)` otherwise.

    Formula:
    ```
    pelu(x) = (a / b) * x              if x >= 0
            = a * (exp(x / b) - 1)     otherwise,      a, b > 0 learned
    ```

    `a` sets the saturation (`-a` for `x -> -inf`), `b` the scale of the exponential
    decay, and `a / b` the slope for positive inputs; the function is differentiable at
    0 for every `a, b`. Both are kept positive as in the paper, which clips them after
    each update: here a constraint (applied by the optimizer after each update, and
    saved with the model) keeps them `>= min_value`. The paper's initialisation is `a = b = 1`
    (ELU) with one pair per layer (`mode="shared"`).

    Args:
        a: Float `>= min_value`, the initial `a`. Defaults to `1.0`.
        b: Float `>= min_value`, the initial `b`. Defaults to `1.0`.
        mode: `"shared"` (one `a` and one `b`) or `"channel"` (one per channel along
            `axis`). Defaults to `"shared"`.
        axis: Integer, the channel axis for `mode="channel"`. Defaults to `-1`.
        min_value: Float `> 0`, the lower bound kept on `a` and `b`. Defaults to `0.1`.
        a_regularizer: Optional regularizer for `a`.
        b_regularizer: Optional regularizer for `b`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Trottier et al., 2017](https://arxiv.org/abs/1605.09332)

    Equivalents: none in PyTorch, JAX or Keras (`a = b = 1` fixed is `keras.layers.ELU`).
    """

    function = staticmethod(learnable.pelu)
    arguments = checks(
        a=_validate.positive,
        b=_validate.positive,
        mode=one_of("shared", "channel"),
        axis=_validate.axis,
        min_value=_validate.positive,
        a_regularizer=regularizer,
        b_regularizer=regularizer,
    )
    declared_weights = (
        Weight("a", init="a", regularizer="a_regularizer", constraint="min_value_constraint"),
        Weight("b", init="b", regularizer="b_regularizer", constraint="min_value_constraint"),
    )

    def __init__(
        self,
        a: float = 1.0,
        b: float = 1.0,
        mode: str = "shared",
        axis: int = -1,
        min_value: float = 0.1,
        a_regularizer: Any = None,
        b_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "a": a,
                "b": b,
                "mode": mode,
                "axis": axis,
                "min_value": min_value,
                "a_regularizer": a_regularizer,
                "b_regularizer": b_regularizer,
            },
            **kwargs,
        )

    def check_arguments(self) -> None:
        _validate.less_equal("min_value", self.min_value, "a", self.a_init)
        _validate.less_equal("min_value", self.min_value, "b", self.b_init)

    @property
    def min_value_constraint(self) -> MinValue:
        """The constraint keeping `a` and `b` `>= min_value`."""
        return MinValue(self.min_value)

    def call(self, inputs: Any) -> Any:
        return learnable.pelu(inputs, self.a, self.b, axis=self.axis)
