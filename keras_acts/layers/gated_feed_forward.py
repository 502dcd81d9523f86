"""The gated feed-forward block of current transformers: a fused up + gate projection, a
GLU variant, a down projection."""

from __future__ import annotations

from typing import Any

import keras

from keras_acts import _validate
from keras_acts.layers._base import BaseLayer
from keras_acts.layers.glu_variants import HalvingLayer

MAX_DIM = 2**20
"""The largest `hidden_dim` / `output_dim` accepted (a config read from a file cannot ask
for an unbounded kernel)."""


def _dim(name: str, value: Any) -> int:
    value = _validate.positive_int(name, value)
    if value > MAX_DIM:
        raise ValueError(
            f"Argument `{name}` must be an integer in [1, {MAX_DIM}]. Received: {name}={value!r}"
        )
    return value


def _glu_layer(value: Any) -> HalvingLayer:
    """The GLU variant: a keras-acts name (or alias) of one, a serialized layer of one,
    or a layer of one (`keras_acts.layers.GeGLU(approximate="tanh")`), splitting the last
    axis."""
    layer = value
    if isinstance(value, str):
        from keras_acts import registry  # (imports the layers: not at module level)

        try:
            layer = registry.create_layer(value)
        except ValueError as error:
            raise _not_a_glu(value) from error
    elif isinstance(value, dict):
        try:
            layer = keras.saving.deserialize_keras_object(value)
        except (ValueError, TypeError) as error:
            raise _not_a_glu(value) from error
    if not isinstance(layer, HalvingLayer) or layer.axis != -1:
        raise _not_a_glu(value)
    return layer


def _not_a_glu(value: Any) -> ValueError:
    return ValueError(
        "Argument `activation` must name a GLU variant of keras_acts ('swiglu', 'geglu', "
        "'reglu', 'bilinear', 'glu' or an alias), or be such a layer splitting axis -1. "
        f"Received: activation={value!r}"
    )


@keras.saving.register_keras_serializable(package="keras_acts")
class GatedFeedForward(BaseLayer):
    """Gated feed-forward block: `down(glu(up_gate(x)))`, one fused kernel for the gate
    and up projections.

    Formula (`W` of shape `(d, 2 * hidden_dim)`, `W_down` of `(hidden_dim, output_dim)`):
    ```
    h = x @ W (+ b)                      # the sublayer `up_gate`
    gate, up = h[..., :hidden_dim], h[..., hidden_dim:]
    y = (act(gate) * up) @ W_down (+ b_down)     # the GLU variant, then `down`
    ```

    The split is keras-acts' GLU convention: the activation applies to the FIRST half,
    which multiplies the second (`swiglu(h) = silu(h_1) * h_2`, as in LLaMA's
    `w2(silu(w1(x)) * w3(x))` with `W = [w1 | w3]`). One matrix product gives both
    halves; the GLU variant keeps only its input for the backward pass. The projections
    are `keras.layers.Dense` sublayers named `up_gate` and `down`, so their weights'
    paths are `<layer name>/up_gate/kernel` and `<layer name>/down/kernel` (a
    `keras.distribution.LayoutMap` key such as `".*gated_feed_forward.*up_gate.*kernel"`
    shards them: `(None, "model")` for `up_gate`, `("model", None)` for `down`).

    Args:
        hidden_dim: Integer >= 1, the width of the gated hidden layer (the kernel of
            `up_gate` has `2 * hidden_dim` columns).
        activation: The GLU variant: `"swiglu"` (default), `"geglu"`, `"reglu"`,
            `"bilinear"`, `"glu"` (PyTorch's, the sigmoid on the second half) or
            another keras-acts name of one, or such a layer (e.g.
            `keras_acts.layers.GeGLU(approximate="tanh")`, Gemma's) with `axis=-1`.
        output_dim: Integer >= 1, the output width, or `None` (default) for the
            input's last dimension.
        use_bias: Whether both projections have a bias. Defaults to `False` (LLaMA's).
        kernel_initializer: Initializer of both kernels. Defaults to `"glorot_uniform"`.
        bias_initializer: Initializer of both biases. Defaults to `"zeros"`.
        kernel_regularizer: Regularizer of both kernels.
        bias_regularizer: Regularizer of both biases.
        kernel_constraint: Constraint of both kernels.
        bias_constraint: Constraint of both biases.
        **kwargs: Base layer keyword arguments (`name`, `dtype`, `activity_regularizer`, ...).

    Input shape: `(..., d)`, `d` known. Output shape: `(..., output_dim or d)`.

    Reference:
        - [Shazeer, 2020](https://arxiv.org/abs/2002.05202)

    Equivalents: the `FeedForward` / `MLP` blocks of LLaMA, Mistral, Gemma (PyTorch;
    separate gate and up matrices), keras-hub's `LlamaDecoder` feed-forward (separate
    `EinsumDense` gate and up layers).
    """

    def __init__(
        self,
        hidden_dim: int,
        activation: Any = "swiglu",
        output_dim: int | None = None,
        use_bias: bool = False,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.hidden_dim = _dim("hidden_dim", hidden_dim)
        self.output_dim = None if output_dim is None else _dim("output_dim", output_dim)
        self.use_bias = _validate.boolean("use_bias", use_bias)
        self.glu = _glu_layer(activation)
        self.activation = activation if isinstance(activation, str) else self.glu
        options = {
            "kernel_initializer": (keras.initializers.get, kernel_initializer),
            "bias_initializer": (keras.initializers.get, bias_initializer),
            "kernel_regularizer": (keras.regularizers.get, kernel_regularizer),
            "bias_regularizer": (keras.regularizers.get, bias_regularizer),
            "kernel_constraint": (keras.constraints.get, kernel_constraint),
            "bias_constraint": (keras.constraints.get, bias_constraint),
        }
        self.up_gate = keras.layers.Dense(2 * self.hidden_dim, name="up_gate", **self._dense(options))
        # `units` is set at build where `output_dim` is None (the input's last dimension).
        self.down = keras.layers.Dense(self.output_dim or 1, name="down", **self._dense(options))
        self.supports_masking = True

    def _dense(self, options: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
        """The arguments of one projection: each initializer, regularizer and constraint
        resolved anew (the two projections never share one random initializer), a bad
        one rejected naming its argument."""
        resolved: dict[str, Any] = {"use_bias": self.use_bias, "dtype": self.dtype_policy}
        for name, (get, value) in options.items():
            if isinstance(
                value, (keras.initializers.Initializer, keras.regularizers.Regularizer)
            ) or isinstance(value, keras.constraints.Constraint):
                value = keras.saving.serialize_keras_object(value)
            try:
                resolved[name] = get(value)
            except (ValueError, TypeError) as error:
                raise ValueError(
                    f"Argument `{name}` must be a Keras initializer, regularizer or constraint as its "
                    f"name says (an instance, a name or a serialized config). Received: {name}={value!r}"
                ) from error
        return resolved

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        input_shape = tuple(input_shape)
        if input_shape[-1] is None:
            raise ValueError(
                f"GatedFeedForward layer '{self.name}' needs the input's last dimension to be known. "
                f"Received: input_shape={input_shape}"
            )
        if self.output_dim is None:
            self.down.units = int(input_shape[-1])
        self.up_gate.build(input_shape)
        self.down.build((*input_shape[:-1], self.hidden_dim))
        self.built = True

    def call(self, inputs: Any) -> Any:
        # The GLU variant's function, in this layer's compute dtype.
        hidden = self.glu.function(self.up_gate(inputs), **self.glu.params)
        return self.down(hidden)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        return (*input_shape[:-1], self.output_dim or input_shape[-1])

    def get_config(self) -> dict[str, Any]:
        dense = self.up_gate.get_config()
        activation = self.activation if isinstance(self.activation, str) else self.glu
        return {
            **super().get_config(),
            "hidden_dim": self.hidden_dim,
            "activation": activation
            if isinstance(activation, str)
            else keras.saving.serialize_keras_object(activation),
            "output_dim": self.output_dim,
            "use_bias": self.use_bias,
            **{
                key: dense[key]
                for key in (
                    "kernel_initializer",
                    "bias_initializer",
                    "kernel_regularizer",
                    "bias_regularizer",
                    "kernel_constraint",
                    "bias_constraint",
                )
            },
        }
