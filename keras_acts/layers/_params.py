"""Shapes of per-channel / per-element activation parameters, shared by the trainable layers."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

from keras_acts import _validate

MODES = ("shared", "channel", "element")


def check_mode(mode: Any, allowed: tuple[str, ...] = MODES) -> str:
    return _validate.one_of("mode", mode, allowed)


def parameter_shape(input_shape: tuple[int | None, ...], mode: str, axis: int) -> tuple[int, ...]:
    """The shape of a parameter for `mode` on inputs of `input_shape` (batch first).

    - `"shared"`: `()`, one scalar;
    - `"channel"`: `(C,)`, one per entry of `input_shape[axis]` (which must be known;
      every other dimension may be `None`);
    - `"element"`: `input_shape[1:]`, one per element (all must be known).
    """
    if mode == "shared":
        return ()
    rank = len(input_shape)
    if mode == "channel":
        if not -rank <= axis < rank or axis % rank == 0:
            raise ValueError(
                f"Argument `axis` must name a non-batch axis of the input, in [{-rank + 1}, {rank - 1}] "
                f"except 0 and {-rank}. Received: axis={axis}, input_shape={tuple(input_shape)}"
            )
        size = input_shape[axis]
        if size is None:
            raise ValueError(
                f"The input's size along `axis` must be known for mode='channel'. "
                f"Received: axis={axis}, input_shape={tuple(input_shape)}"
            )
        return (int(size),)
    shape = tuple(input_shape[1:])
    if any(d is None for d in shape):
        raise ValueError(
            "mode='element' needs every non-batch dimension of the input to be known. "
            f"Received: input_shape={tuple(input_shape)}"
        )
    return tuple(int(d) for d in shape)


def broadcastable(param: Any, rank: int, mode: str, axis: int) -> Any:
    """Reshapes a parameter so that it broadcasts against an input of `rank`."""
    param = ops.convert_to_tensor(param)
    if mode == "channel":
        shape = [1] * rank
        shape[axis] = -1
        return ops.reshape(param, shape)
    return param


def _resolve(kind: str, getter: Any, name: str, value: Any, default: Any) -> Any:
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


def initializer(name: str, value: Any, default: Any) -> Any:
    """`keras.initializers.get(value)`, `default` for `None`; a bad value raises a
    `ValueError` naming the argument (Keras's own message does not)."""
    return _resolve("initializer", keras.initializers.get, name, value, default)


def regularizer(name: str, value: Any) -> Any:
    """`keras.regularizers.get(value)` (`None` stays `None`), with a named `ValueError`."""
    return _resolve("regularizer", keras.regularizers.get, name, value, None)


def constraint(name: str, value: Any) -> Any:
    """`keras.constraints.get(value)` (`None` stays `None`), with a named `ValueError`."""
    return _resolve("constraint", keras.constraints.get, name, value, None)
