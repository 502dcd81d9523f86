"""Parametric ReLU with a learned slope."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate, activations
from keras_acts.layers._weights import (
    Weight,
    WeightLayer,
    checks,
    constraint,
    one_of,
    optional_initializer,
    regularizer,
)


def _shared_axes(name: str, value: Any) -> list[int] | None:
    """Keras's `shared_axes`: `None`, a non-batch axis or a list of them, stored as a list."""
    axes = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if axes is None:
        return None
    if (
        not isinstance(axes, (list, tuple))
        or not axes
        or any(isinstance(a, bool) or not isinstance(a, int) or a == 0 for a in axes)
    ):
        raise ValueError(
            f"Argument `{name}` must be None, a non-batch axis (an integer other than 0) or a "
            f"non-empty list of them. Received: {name}={value!r}"
        )
    return [int(a) for a in axes]


@keras.saving.register_keras_serializable(package="keras_acts")
class PReLU(WeightLayer):
    """Parametric ReLU: `x if x > 0 else alpha * x` with a learned `alpha`.

    Formula:
    ```
    prelu(x) = max(x, 0) + alpha * min(x, 0)
    ```

    Takes `keras.layers.PReLU`'s arguments too (`alpha_initializer`, `alpha_regularizer`,
    `alpha_constraint`, `shared_axes`, by keyword), with Keras's semantics: a Keras
    `PReLU(shared_axes=[1, 2])` is replaced by ours of the same arguments, and takes its
    weights (`set_weights`). Keras's default (no `shared_axes`) is `mode="element"` here.

    `axis` cannot be checked against the data layout: `PReLU(axis=1)` on channels-last
    input `(batch, H, W, C)` builds one slope per row of the image (`H`), not per
    channel. Once built, the layer rejects inputs of another rank or of another size
    along `axis` with an error naming the layer, the axis and the sizes.

    Args:
        init: Float, the initial slope. Defaults to `0.25` (PyTorch's and the paper's;
            `keras.layers.PReLU` starts at 0).
        mode: `"shared"` (one scalar), `"channel"` (one slope per channel along `axis`;
            the other dimensions may be `None`) or `"element"` (one per element of
            `input_shape[1:]`, as `keras.layers.PReLU` by default). Defaults to
            `"channel"`; with `shared_axes`, `"element"` (`"shared"` is then an error).
        axis: Integer, the channel axis for `mode="channel"` (`1` for channels-first).
            Defaults to `-1`.
        alpha_regularizer: Optional regularizer for `alpha`.
        alpha_constraint: Optional constraint for `alpha`.
        alpha_initializer: Optional Keras initializer for `alpha`, used instead of
            `init` (Keras's argument; give one of the two).
        shared_axes: `None`, or the non-batch axes (an int or a list) along which the
            per-element slopes are shared, Keras's argument: `alpha` has the shape
            `input_shape[1:]` with these axes of size 1 (`[1, 2]` on `(batch, H, W, C)`
            is one slope per channel, of shape `(1, 1, C)`).
        **kwargs: Base layer keyword arguments.

    Reference:
        - [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Equivalents: `torch.nn.PReLU(num_parameters=1 or C, init=0.25)` (`"shared"` /
    `"channel"` with `axis=1`), `keras.layers.PReLU` (`"element"`, and `shared_axes`).
    """

    function = staticmethod(activations.prelu)
    arguments = checks(
        init=_validate.number,
        mode=one_of("shared", "channel", "element"),
        axis=_validate.axis,
        alpha_regularizer=regularizer,
        alpha_constraint=constraint,
        alpha_initializer=optional_initializer,
        shared_axes=_shared_axes,
    )
    declared_weights = (
        Weight("alpha", init="initial_alpha", regularizer="alpha_regularizer", constraint="alpha_constraint"),
    )

    def __init__(
        self,
        init: float = 0.25,
        mode: str = "channel",
        axis: int = -1,
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        alpha_initializer: Any = None,
        shared_axes: int | list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            {
                "init": init,
                "mode": mode,
                "axis": axis,
                "alpha_regularizer": alpha_regularizer,
                "alpha_constraint": alpha_constraint,
                "alpha_initializer": alpha_initializer,
                "shared_axes": shared_axes,
            },
            **kwargs,
        )

    def check_arguments(self) -> None:
        if self.shared_axes is not None:
            if self.mode == "shared":
                raise ValueError(
                    "Argument `shared_axes` (Keras's per-element slopes, shared along these "
                    "axes) needs mode='element' (or the default), not mode='shared'. "
                    f"Received: shared_axes={self.shared_axes}, mode={self.mode!r}"
                )
            self.mode = "element"
        if self.alpha_initializer is not None and self.init != 0.25:
            raise ValueError(
                "Arguments `init` and `alpha_initializer` both set the initial slope: give one. "
                f"Received: init={self.init!r}, alpha_initializer={self.alpha_initializer!r}"
            )

    @property
    def initial_alpha(self) -> Any:
        """`alpha_initializer` where given, else `init` (a constant)."""
        return self.init if self.alpha_initializer is None else self.alpha_initializer

    def call(self, inputs: Any) -> Any:
        return activations.prelu(inputs, self.broadcast(self.alpha, inputs))
