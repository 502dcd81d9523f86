"""The base of the layers with weights: each argument and each weight declared once.

A layer lists its constructor's arguments with their checks (`arguments`) and its
weights (`declared_weights`). `WeightLayer` derives from them the validation at
construction (a `ValueError` naming the argument and quoting the value), the attributes
(one per argument, of the same name), `build` (the weights' shapes from the input's,
with errors naming the layer, the axis and the sizes), the `input_spec` that fixes what
the weights were built for, and `get_config`. The layer writes its `__init__` (its
typed, documented signature, passing its arguments on as a dict) and `call`, which calls
the activation's function; `keras_acts/layers/prelu.py` is the model:

```python
arguments = checks(init=_validate.number, mode=one_of("shared", "channel", "element"),
                   axis=_validate.axis, alpha_regularizer=regularizer, alpha_constraint=constraint)
declared_weights = (
    Weight("alpha", init="init", regularizer="alpha_regularizer", constraint="alpha_constraint"),
)
```
"""

from __future__ import annotations

import dataclasses
import inspect
import numbers
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._axes import channel_broadcast, channel_size
from keras_acts.layers._base import BaseLayer

Check = Callable[[str, Any], Any]
"""`check(name, value)` returns the value to store (possibly resolved, e.g. a Keras
initializer from its name) or raises a `ValueError` naming `name`."""


class _Dim:
    """A symbolic dimension of a weight's shape, resolved when the layer is built."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


PER_MODE = _Dim("PER_MODE")
"""The dimensions set by the layer's `mode`: `()` for `"shared"`, `(C,)` for `"channel"`
(`C`, the input's size along `axis`), `input_shape[1:]` for `"element"`."""

CHANNELS = _Dim("CHANNELS")
"""`C`, the input's size along the layer's `axis`, whatever the mode."""

Dim = int | str | _Dim


@dataclasses.dataclass(frozen=True)
class Weight:
    """The declaration of one weight of a `WeightLayer`.

    A string names an argument of the layer (read from the attribute that stores it) or
    another attribute or property of the layer.

    Attributes:
        name: The weight's name, also the layer attribute holding the variable. An
            argument of the same name (`Swish(beta=...)`, the initial value) is stored
            as `<name>_init`.
        init: The initial value: a string naming the argument or attribute that holds a
            number (a constant), a Keras initializer or an initializer function, or one
            of those itself.
        shape: The dimensions, in order: `PER_MODE`, `CHANNELS`, an int, or a string
            naming an attribute holding an int or a method taking `C` (the channel
            count) and returning one. Defaults to `(PER_MODE,)`.
        regularizer: The argument holding the weight's regularizer, or `None`.
        constraint: The argument or attribute holding the weight's constraint, a Keras
            constraint, or `None`.
    """

    name: str
    init: Any
    shape: tuple[Dim, ...] = (PER_MODE,)
    regularizer: str | None = None
    constraint: Any = None


# --------------------------------------------------------------------------------------
# Checks of the arguments


def checks(**by_argument: Check) -> Mapping[str, Check]:
    """The `arguments` of a `WeightLayer`: each constructor argument, in signature order,
    with its check."""
    return MappingProxyType(dict(by_argument))


def one_of(*allowed: Any) -> Check:
    """A check accepting one of `allowed` (e.g. the modes a layer supports)."""

    def check(name: str, value: Any) -> Any:
        return _validate.one_of(name, value, allowed)

    return check


def _resolve(kind: str, getter: Callable[[Any], Any], name: str, value: Any, default: Any) -> Any:
    if value is None:
        return None if default is None else getter(default)
    try:
        resolved = getter(value)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"Argument `{name}` must be a Keras {kind} (an instance, a name or a serialized config)"
            f"{' or None' if default is not None else ''}. Received: {name}={value!r} ({error})"
        ) from error
    if resolved is None:
        raise ValueError(f"Argument `{name}` must be a Keras {kind}. Received: {name}={value!r}")
    return resolved


def initializer(default: str | Callable[[], Any]) -> Check:
    """A check for an initializer argument: `keras.initializers.get(value)`; a bad value
    raises a `ValueError` naming the argument (Keras's own message does not).

    Args:
        default: What `None` gives: an initializer's name, or a function returning a new
            initializer (e.g. `functools.partial(keras.initializers.RandomNormal,
            stddev=1.0)`), so that each layer gets its own (layers sharing one unseeded
            random initializer would start from the same values).
    """

    def make_default(value: Any) -> Any:
        return keras.initializers.get(value) if isinstance(value, str) else value()

    def check(name: str, value: Any) -> Any:
        if value is None:
            return make_default(default)
        return _resolve("initializer", keras.initializers.get, name, value, default)

    return check


def int_in_range(low: int, high: int) -> Check:
    """A check for an integer argument in `[low, high]`: the upper bound keeps a saved
    config from allocating or fitting without limit when it is loaded."""

    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
            raise ValueError(
                f"Argument `{name}` must be an integer in [{low}, {high}]. Received: {name}={value!r}"
            )
        return int(value)

    check.allowed = f"an integer in [{low}, {high}]"  # type: ignore[attr-defined]
    return check


def optional_initializer(name: str, value: Any) -> Any:
    """A check for an initializer argument that may be `None` (another argument then
    gives the initial value): `keras.initializers.get(value)`, with a named `ValueError`."""
    return _resolve("initializer", keras.initializers.get, name, value, None)


def regularizer(name: str, value: Any) -> Any:
    """A check for a regularizer argument: `keras.regularizers.get(value)` (`None` stays
    `None`), with a named `ValueError`."""
    return _resolve("regularizer", keras.regularizers.get, name, value, None)


def constraint(name: str, value: Any) -> Any:
    """A check for a constraint argument: `keras.constraints.get(value)` (`None` stays
    `None`), with a named `ValueError`."""
    return _resolve("constraint", keras.constraints.get, name, value, None)


_KERAS_OBJECTS = (
    keras.initializers.Initializer,
    keras.regularizers.Regularizer,
    keras.constraints.Constraint,
)


def _serialize(value: Any) -> Any:
    if isinstance(value, _KERAS_OBJECTS):
        return keras.saving.serialize_keras_object(value)
    if isinstance(value, tuple):
        return list(value)
    return value


# --------------------------------------------------------------------------------------
# The base


class WeightLayer(BaseLayer):
    """A layer whose weights are declared (see the module docstring).

    Class attributes of a subclass:
        arguments: Its constructor's arguments, in signature order, each with its check
            (`checks(name=check, ...)`); each is stored on the attribute of the same
            name (`<name>_init` where a weight has the name) and saved by `get_config`
            (Keras initializers, regularizers and constraints serialized).
        declared_weights: Its weights (`Weight`), created by `build` in this order (the
            order of the variables in saved files).

    A layer with a per-channel or per-element weight has the arguments `mode` and / or
    `axis`. Cross-argument checks go in `check_arguments`.
    """

    arguments: ClassVar[Mapping[str, Check]] = checks()
    declared_weights: ClassVar[tuple[Weight, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _check_declarations(cls)

    def __init__(self, arguments: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for name, check in type(self).arguments.items():
            setattr(self, self.attribute(name), check(name, arguments[name]))
        self.check_arguments()
        self.supports_masking = True

    @classmethod
    def attribute(cls, argument: str) -> str:
        """The attribute storing `argument`: its name, or `<name>_init` where a weight
        has that name."""
        return f"{argument}_init" if any(w.name == argument for w in cls.declared_weights) else argument

    def check_arguments(self) -> None:
        """Checks across arguments, once each is stored (none by default)."""

    def broadcast(self, weight: Any, inputs: Any) -> Any:
        """`weight` as a tensor that broadcasts against `inputs`: reshaped along `axis`
        for `mode="channel"`, as it is otherwise."""
        if getattr(self, "mode", None) == "channel":
            return channel_broadcast(weight, len(inputs.shape), self.axis)
        return ops.convert_to_tensor(weight)

    # ----------------------------------------------------------------------------------
    # build

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = tuple(input_shape)
        channels = self._channels(shape)
        self._built_for = (shape, channels)
        for weight in self.declared_weights:
            variable = self.add_weight(
                name=weight.name,
                shape=self._weight_shape(weight, shape, channels),
                initializer=self._initializer(weight.init),
                regularizer=self._resolve(weight.regularizer),
                constraint=self._resolve(weight.constraint),
            )
            setattr(self, weight.name, variable)
        self.input_spec = self._spec_for(shape, channels)

    def _describe(self) -> str:
        return f"{type(self).__name__} layer '{self.name}'"

    def _assert_input_compatibility(self, arg_0: Any) -> None:
        # Keras's check of `input_spec` (which names the layer, the axis, the expected
        # size and the input's shape), with what the weights were built for and the way out.
        try:
            super()._assert_input_compatibility(arg_0)
        except ValueError as error:
            built = getattr(self, "_built_for", None)
            if built is None:
                raise
            shape, channels = built
            if getattr(self, "mode", None) == "element":
                what = f"weights of shape {self._per_mode(shape, channels)}, one per element"
            elif channels is not None:
                what = f"{channels} channels along axis {self.axis}"
            else:
                what = "its input"
            raise ValueError(
                f"{self._describe()} was built for inputs of shape {shape} ({what}); its weights "
                "are fixed once built, so call it on inputs of that shape or use a new layer "
                "(channels-first inputs need axis=1). " + str(error)
            ) from None

    def _read(self, reference: str) -> Any:
        return getattr(self, self.attribute(reference) if reference in self.arguments else reference)

    def _resolve(self, reference: Any) -> Any:
        """A declaration's value: read from the layer where it is a name."""
        return self._read(reference) if isinstance(reference, str) else reference

    def _channels(self, shape: tuple[int | None, ...]) -> int | None:
        """`C`, where a weight has one value per channel (checked and known); else `None`."""
        per_channel = getattr(self, "mode", None) == "channel"
        needed = any(
            dim is CHANNELS or (dim is PER_MODE and per_channel)
            for w in self.declared_weights
            for dim in w.shape
        )
        return channel_size(self.axis, shape, self._describe()) if needed else None

    def _weight_shape(
        self, weight: Weight, shape: tuple[int | None, ...], channels: int | None
    ) -> tuple[int, ...]:
        dims: list[int] = []
        for dim in weight.shape:
            if dim is PER_MODE:
                dims.extend(self._per_mode(shape, channels))
            elif dim is CHANNELS:
                assert channels is not None
                dims.append(channels)
            elif isinstance(dim, int):
                dims.append(dim)
            else:
                value = self._read(str(dim))
                dims.append(int(value(channels) if callable(value) else value))
        return tuple(dims)

    def _per_mode(self, shape: tuple[int | None, ...], channels: int | None) -> tuple[int, ...]:
        if self.mode == "shared":
            return ()
        if self.mode == "channel":
            assert channels is not None
            return (channels,)
        shared = self._shared_axes(shape)
        unknown = [i for i in range(1, len(shape)) if i not in shared and shape[i] is None]
        if unknown:
            raise ValueError(
                f"{self._describe()} holds one weight per element (mode='element'), so every "
                f"non-batch dimension of its input not in `shared_axes` must be known when it is "
                f"built; axes {unknown} are not. Received: input_shape={shape}, "
                f"shared_axes={getattr(self, 'shared_axes', None)}"
            )
        return tuple(1 if i in shared else int(shape[i]) for i in range(1, len(shape)))  # type: ignore[arg-type]

    def _shared_axes(self, shape: tuple[int | None, ...]) -> frozenset[int]:
        """The non-batch axes along which a per-element weight has size 1 (Keras's
        `shared_axes`, on the layers that take it), as non-negative indices."""
        axes = getattr(self, "shared_axes", None)
        if not axes:
            return frozenset()
        rank = len(shape)
        if any(not -rank < a < rank or a % rank == 0 for a in axes):
            raise ValueError(
                f"Argument `shared_axes` of {self._describe()} must name non-batch axes of its "
                f"input of rank {rank} (1 to {rank - 1}, or -1 to {1 - rank}). "
                f"Received: shared_axes={axes}, input_shape={shape}"
            )
        return frozenset(a % rank for a in axes)

    def _initializer(self, init: Any) -> Any:
        value = self._resolve(init)
        return value if callable(value) else keras.initializers.Constant(value)

    def _spec_for(self, shape: tuple[int | None, ...], channels: int | None) -> keras.InputSpec | None:
        """What the weights were built for: Keras then rejects another input with a
        message naming the layer, the axis, the expected size and the input's shape."""
        if getattr(self, "mode", None) == "element":
            shared = self._shared_axes(shape)
            fixed = {i: shape[i] for i in range(1, len(shape)) if i not in shared}
            return keras.InputSpec(ndim=len(shape), axes=fixed)
        if channels is None:
            return None
        min_ndim = self.axis + 1 if self.axis >= 0 else 1 - self.axis
        return keras.InputSpec(min_ndim=min_ndim, axes={self.axis: channels})

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        for name in self.arguments:
            config[name] = _serialize(getattr(self, self.attribute(name)))
        return config


def _check_declarations(cls: type[WeightLayer]) -> None:
    """Fails at import where a layer's declarations and its `__init__` disagree."""
    if "__init__" in cls.__dict__:
        params = [
            p.name
            for p in list(inspect.signature(cls.__init__).parameters.values())[1:]
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        ]
        if params != list(cls.arguments):
            raise RuntimeError(
                f"keras_acts: {cls.__name__}.arguments {list(cls.arguments)} must list the "
                f"parameters of its __init__, in order: {params}"
            )
    for weight in cls.declared_weights:
        for reference in (weight.init, weight.regularizer, weight.constraint, *weight.shape):
            if isinstance(reference, str) and reference not in cls.arguments and not hasattr(cls, reference):
                raise RuntimeError(
                    f"keras_acts: {cls.__name__}'s weight {weight.name!r} reads {reference!r}, "
                    "which is neither an argument nor an attribute of the layer"
                )
