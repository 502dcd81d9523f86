"""The base of the stateless activation layers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import keras


class BaseLayer(keras.layers.Layer):
    """The base of every keras-acts layer: a bad config fails with the `ValueError` that
    names the parameter.

    Keras's `from_config` turns every exception of the constructor into a `TypeError`
    whose message starts with the whole config; loading a `.keras` file whose config
    holds an out-of-range, mistyped or unknown hyper-parameter raises instead a
    `ValueError` that names the layer and the parameter ("Argument `min_val` must be
    ... Received: min_val=...", or Keras's "Unrecognized keyword arguments ...").
    """

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Any:
        try:
            return super().from_config(config)
        except TypeError as error:
            cause = error.__context__
            if isinstance(cause, ValueError):
                raise ValueError(f"Invalid config for keras_acts layer `{cls.__name__}`: {cause}") from cause
            raise


class ActivationLayer(BaseLayer):
    """A layer applying one keras-acts function with fixed hyper-parameters.

    Subclasses set `function` (the public function: the layer and the function share one
    implementation) and `check` (its argument validation, run at construction), and
    declare their hyper-parameters with defaults in `__init__`, passing them on as a
    dict. Each hyper-parameter is stored on an attribute of the same name and appears in
    `get_config`.
    """

    function: ClassVar[Callable[..., Any]]
    check: ClassVar[Callable[..., None] | None] = None
    elementwise: ClassVar[bool] = True

    def __init__(self, params: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        params = dict(params or {})
        if self.check is not None:
            type(self).check(**params)
        self._param_names = tuple(params)
        for name, value in params.items():
            setattr(self, name, value)
        self.supports_masking = self.elementwise
        self.built = True

    @property
    def params(self) -> dict[str, Any]:
        """The hyper-parameters, as passed to the function."""
        return {name: getattr(self, name) for name in self._param_names}

    def call(self, inputs: Any) -> Any:
        return type(self).function(inputs, **self.params)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), **self.params}
