"""The base of the stateless activation layers."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any, ClassVar

import keras

from keras_acts import _catalog

# PyTorch's keyword arguments of its activation modules that keras-acts layers name
# otherwise or do without: the hint given instead of Keras's "Unrecognized keyword
# arguments".
_TORCH_KEYWORDS = {
    "inplace": "is PyTorch's; Keras layers never write into their input, so there is nothing "
    "to switch: drop it",
    "dim": "is PyTorch's name for `axis`; mind the layout: PyTorch's dim=1 on channels-first "
    "data is axis=-1 on Keras's channels-last data",
    "num_parameters": "is PyTorch's; keras-acts uses mode='channel' (one weight per channel along "
    "`axis`, the count read from the input when the layer is built) for num_parameters=C, and "
    "mode='shared' for num_parameters=1",
    "device": "is PyTorch's; Keras places the weights itself (use `with keras.device(...)`)",
}


def _reject_torch_keywords(cls: type, kwargs: dict[str, Any]) -> None:
    """A `ValueError` with a hint for PyTorch-style keyword arguments (`dim`, `inplace`,
    `num_parameters`, `device`) given to a keras-acts layer."""
    for key in kwargs:
        if key in _TORCH_KEYWORDS:
            hint = _TORCH_KEYWORDS[key]
            if key == "dim" and "axis" not in inspect.signature(cls.__init__).parameters:
                hint = f"is PyTorch's name for `axis`, which {cls.__name__} does not take: drop it"
            raise ValueError(f"{cls.__name__} got {key}={kwargs[key]!r}: `{key}` {hint}.")


class BaseLayer(keras.layers.Layer):
    """The base of every keras-acts layer: a bad config fails with the `ValueError` that
    names the parameter.

    Keras's `from_config` turns every exception of the constructor into a `TypeError`
    whose message starts with the whole config; loading a `.keras` file whose config
    holds an out-of-range, mistyped or unknown hyper-parameter raises instead a
    `ValueError` that names the layer and the parameter ("Argument `min_val` must be
    ... Received: min_val=...", or Keras's "Unrecognized keyword arguments ...").
    """

    def __init__(self, **kwargs: Any) -> None:
        _reject_torch_keywords(type(self), kwargs)
        super().__init__(**kwargs)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A layer naming its public function (`function = staticmethod(fn.prelu)`) is
        # that activation's layer in the catalogue.
        super().__init_subclass__(**kwargs)
        function = cls.__dict__.get("function")
        if function is not None:
            function = function.__func__ if isinstance(function, staticmethod) else function
            _catalog.attach_layer(_catalog.declaration(function), cls)

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

    A subclass names its public function (`function = staticmethod(fn.hard_tanh)`) and
    nothing else: from the function's declaration (`keras_acts._catalog.activation`) it
    gets its constructor (the function's hyper-parameters, same names, same defaults,
    then the base layer's keyword arguments), the validation at construction, the
    attributes of the same names, `get_config`, masking support (elementwise functions),
    its docstring, its catalogue entry and its Keras registration (`keras_acts>Name`).
    `call` calls the function, so layer and function share one implementation.
    """

    function: ClassVar[Callable[..., Any]]
    declaration: ClassVar[_catalog.Declaration]
    elementwise: ClassVar[bool] = True
    masks_across_axis: ClassVar[bool] = False
    """Whether a layer acting along `axis` passes on a mask of other axes (see
    `mask_across_axis`); elementwise layers always pass masks on."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        function = cls.__dict__.get("function")
        if function is None:
            return
        if isinstance(function, staticmethod):
            function = function.__func__
        decl = _catalog.declaration(function)
        cls.declaration = decl
        cls.elementwise = decl.axis is None
        if "__init__" not in cls.__dict__:
            cls.__init__ = _constructor(decl, cls)  # type: ignore[method-assign]
        cls.__doc__ = _catalog.layer_docstring(decl, cls)
        keras.saving.register_keras_serializable(package="keras_acts")(cls)

    def __init__(self, params: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        params = dict(params or {})
        type(self).declaration.validate(**params)
        self._param_names = tuple(params)
        for name, value in params.items():
            setattr(self, name, value)
        self.supports_masking = self.elementwise or self.masks_across_axis
        build_at_init(self)

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


def build_at_init(layer: keras.layers.Layer) -> None:
    """Marks a layer without weights as built at construction, as Keras's own stateless
    layers do, unless its class overrides `build` (which then runs on the first call)."""
    if not getattr(type(layer).build, "_is_default", False):
        return
    keras_build_at_init = getattr(layer, "_build_at_init", None)  # Keras >= 3.6
    if keras_build_at_init is not None:
        keras_build_at_init()
    else:
        layer.built = True


def mask_across_axis(layer: keras.layers.Layer, inputs: Any, mask: Any, axis: int) -> Any:
    """The output mask of a layer acting along `axis` (a reduction or a split): the input's
    mask where it covers other axes only (a mask of shape `(batch, steps)` on inputs
    `(batch, steps, features)`, the layer acting on `features`); `None` with a warning
    where the mask covers `axis` itself, whose positions the layer mixes."""
    if mask is None:
        return None
    rank = len(inputs.shape)
    index = axis % rank if rank else 0
    if index >= len(mask.shape):
        return mask
    warnings.warn(
        f"{type(layer).__name__} layer '{layer.name}' acts along axis={axis} of its input "
        f"(shape {tuple(inputs.shape)}), which the input's mask (shape {tuple(mask.shape)}) "
        "covers: it mixes masked and unmasked positions along that axis, so the mask is "
        "dropped. Downstream layers will not see it.",
        stacklevel=2,
    )
    return None


def _constructor(decl: _catalog.Declaration, cls: type) -> Callable[..., None]:
    """`__init__(self, <the function's hyper-parameters>, **kwargs)` for a stateless layer."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [
        inspect.Parameter(
            name, kind, default=inspect.Parameter.empty if value is _catalog.REQUIRED else value
        )
        for name, value in decl.defaults.items()
    ]
    signature = inspect.Signature(
        [
            inspect.Parameter("self", kind),
            *params,
            inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD),
        ]
    )

    def __init__(self: ActivationLayer, *args: Any, **kwargs: Any) -> None:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        layer_kwargs = arguments.pop("kwargs")
        arguments.pop("self")
        ActivationLayer.__init__(self, arguments, **layer_kwargs)

    __init__.__signature__ = signature  # type: ignore[attr-defined]
    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    __init__.__doc__ = f"Creates the layer; the arguments are those of `keras_acts.{decl.name}`."
    return __init__
