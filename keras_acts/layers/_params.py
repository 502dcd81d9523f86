"""Shapes of per-channel / per-element activation parameters, shared by the trainable layers."""

from __future__ import annotations

from typing import Any

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
