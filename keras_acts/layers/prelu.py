"""Parametric ReLU with a learned slope."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate, activations
from keras_acts.layers._weights import Weight, WeightLayer, checks, constraint, one_of, regularizer


@keras.saving.register_keras_serializable(package="keras_acts")
class PReLU(WeightLayer):
    """Parametric ReLU: `x if x > 0 else alpha * x` with a learned `alpha`.

    Formula:
    ```
    prelu(x) = max(x, 0) + alpha * min(x, 0)
    ```

    Args:
        init: Float, the initial slope. Defaults to `0.25` (PyTorch's and the paper's;
            `keras.layers.PReLU` starts at 0).
        mode: `"shared"` (one scalar), `"channel"` (one slope per channel along `axis`;
            the other dimensions may be `None`) or `"element"` (one per element of
            `input_shape[1:]`, as `keras.layers.PReLU` by default). Defaults to
            `"channel"`.
        axis: Integer, the channel axis for `mode="channel"` (`1` for channels-first).
            Defaults to `-1`.
        alpha_regularizer: Optional regularizer for `alpha`.
        alpha_constraint: Optional constraint for `alpha`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Equivalents: `torch.nn.PReLU(num_parameters=1 or C, init=0.25)` (`"shared"` /
    `"channel"` with `axis=1`), `keras.layers.PReLU` (`"element"`, or `"channel"` via
    `shared_axes`).
    """

    function = staticmethod(activations.prelu)
    arguments = checks(
        init=_validate.number,
        mode=one_of("shared", "channel", "element"),
        axis=_validate.axis,
        alpha_regularizer=regularizer,
        alpha_constraint=constraint,
    )
    declared_weights = (
        Weight("alpha", init="init", regularizer="alpha_regularizer", constraint="alpha_constraint"),
    )

    def __init__(
        self,
        init: float = 0.25,
        mode: str = "channel",
        axis: int = -1,
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "init": init,
                "mode": mode,
                "axis": axis,
                "alpha_regularizer": alpha_regularizer,
                "alpha_constraint": alpha_constraint,
            },
            **kwargs,
        )

    def call(self, inputs: Any) -> Any:
        return activations.prelu(inputs, self.broadcast(self.alpha, inputs))
