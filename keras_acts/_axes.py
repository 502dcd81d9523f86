"""Axes of inputs and of per-channel parameters: the one check and the one broadcast
shared by the functions and the layers.

- `check_axis(axis, rank)`: an axis of an input (functions: softmax, GLU, the
  learnable functions' channel axis);
- `check_channel_axis(axis, input_shape, layer_name)`: the channel axis of a layer
  with one weight per channel, which must not be the batch axis;
- `channel_size(axis, input_shape, layer_name)`: that axis's size, which must be known;
- `channel_broadcast(param, rank, axis)`: a per-channel parameter reshaped to broadcast
  against an input of `rank`.
"""

from __future__ import annotations

from typing import Any

from keras import ops

from keras_acts import _validate


def check_axis(axis: Any, rank: int, name: str = "axis") -> int:
    """`axis` as an int naming an axis of an input of `rank` (the batch axis included).

    A scalar (rank 0) is taken as one element: it accepts `0` and `-1`.

    Args:
        axis: The value to check.
        rank: The input's rank.
        name: The argument's name, for the message. Defaults to `"axis"`.

    Returns:
        `axis` as an int, as given (not normalised).

    Raises:
        ValueError: naming the argument, the allowed range and the rank, when `axis`
            is not an integer in `[-rank, rank - 1]`.
    """
    axis = _validate.axis(name, axis)
    top = max(rank, 1)
    if not -top <= axis < top:
        raise ValueError(
            f"Argument `{name}` must be in [{-top}, {top - 1}] for an input of rank {rank}. "
            f"Received: {name}={axis}"
        )
    return axis


def check_channel_axis(axis: Any, input_shape: tuple[int | None, ...], layer_name: str) -> int:
    """The non-negative index of `axis`, the channel axis of a layer's input.

    The channel axis is any axis but the batch axis (the first), so the input needs a
    rank of at least 2.

    Args:
        axis: The layer's `axis` argument.
        input_shape: The input's shape, batch first.
        layer_name: The layer, for the message (e.g. "PReLU layer 'p_re_lu'").

    Returns:
        `axis % rank`, in `[1, rank - 1]`.

    Raises:
        ValueError: naming the layer, the axis and the input's shape.
    """
    axis = _validate.axis("axis", axis)
    shape = tuple(input_shape)
    rank = len(shape)
    if rank < 2:
        raise ValueError(
            f"{layer_name} holds one weight per channel along `axis`, a non-batch axis of its "
            f"input, but its input of shape {shape} has rank {rank}: no axis besides the batch "
            f"axis. Pass inputs of rank >= 2 (batch first). Received: axis={axis}, input_shape={shape}"
        )
    if not -rank < axis < rank or axis == 0:
        allowed = ", ".join(str(a) for a in (*range(1, rank), *range(-1, -rank, -1)))
        raise ValueError(
            f"Argument `axis` of {layer_name} must name a non-batch axis of its input of rank "
            f"{rank}: one of {allowed}. Received: axis={axis}, input_shape={shape}"
        )
    return axis % rank


def channel_size(axis: Any, input_shape: tuple[int | None, ...], layer_name: str) -> int:
    """The input's size along the channel axis (see `check_channel_axis`), which must be
    known: the other dimensions may be `None`.

    Raises:
        ValueError: naming the layer, the axis and the input's shape.
    """
    index = check_channel_axis(axis, input_shape, layer_name)
    size = tuple(input_shape)[index]
    if size is None:
        raise ValueError(
            f"{layer_name} holds one weight per channel along axis={axis}, so the input's size "
            f"along that axis must be known when the layer is built (the other dimensions may "
            f"be None). Received: axis={axis}, input_shape={tuple(input_shape)}"
        )
    return int(size)


def channel_broadcast(param: Any, rank: int, axis: int, leading: int = 0) -> Any:
    """`param` shaped to broadcast against an input of `rank`.

    A parameter with exactly `leading + 1` dimensions holds one value per channel along
    `axis` in its last dimension (after `leading` dimensions, such as the index of APL's
    hinges or of a rational's coefficients): it is reshaped to
    `(*param.shape[:leading], 1, ..., C, ..., 1)`, with `C` at `axis`. Any other
    parameter (a scalar, or one already broadcastable), and any parameter for an input
    of rank <= 1, is returned as it is. `axis` must be an axis of the input (see
    `check_axis`); the dtype is left alone.
    """
    param = ops.convert_to_tensor(param)
    if rank > 1 and len(param.shape) == leading + 1:
        shape = [1] * rank
        shape[axis] = -1
        param = ops.reshape(param, (*param.shape[:leading], *shape))
    return param
