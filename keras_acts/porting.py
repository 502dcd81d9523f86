"""Port `torch.nn` activation modules to keras-acts layers: `from_torch`.

keras-acts uses PyTorch's parameter names and defaults, so most modules map one to one;
what needs care is the layout. A PyTorch tensor is channels-first, `(N, C, d1, ..., dk)`;
a Keras model is usually channels-last, `(N, d1, ..., dk, C)`. A module's `dim` (softmax,
GLU) and PReLU's channel axis (always PyTorch's dim 1) then name another Keras axis:

| PyTorch `dim` of an input of rank `r` | Keras `axis`, `"channels_last"` | `"channels_first"` |
|---|---|---|
| `0` (batch) | `0` | `0` |
| `1` (channels) | `-1` | `1` |
| `2 .. r-1` (spatial) | `dim - 1` | `dim` |
| negative | `dim + r`, then the rows above (needs `input_rank`) | `dim` |

A negative `dim` names the channel axis or a spatial one depending on the rank, so under
`"channels_last"` it needs `input_rank`; on a rank-2 input `(N, C)` both layouts agree.
A model whose PyTorch tensors already keep features last (sequences `(N, L, E)`, a
transformer's MLP) has the same layout in Keras: port it with `"channels_first"`, which
keeps every `dim` as it is.

The module's weights are copied: `nn.PReLU(num_parameters=1)` becomes `PReLU(mode="shared")`
and `nn.PReLU(num_parameters=C)` becomes `PReLU(mode="channel")` on the channel axis of the
layout, built with PyTorch's `C` slopes. No PyTorch import happens here: the module is
recognised by its class (exact `torch.nn` classes only; a subclass may compute something
else and is rejected).
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from keras_acts import layers

__all__ = ["from_torch", "torch_dim_to_axis"]

DATA_FORMATS = ("channels_last", "channels_first")

# `torch.nn` class name -> (keras-acts layer class name, {our parameter: the module's attribute}).
# Modules with a `dim` and PReLU (weights, channel axis) are handled apart, in `from_torch`.
TORCH_MODULES: dict[str, tuple[str, dict[str, str]]] = {
    "Identity": ("Identity", {}),
    "ReLU": ("ReLU", {}),
    "ReLU6": ("ReLU6", {}),
    "LeakyReLU": ("LeakyReLU", {"negative_slope": "negative_slope"}),
    "PReLU": ("PReLU", {}),
    "RReLU": ("RReLU", {"lower": "lower", "upper": "upper"}),
    "Threshold": ("Threshold", {"threshold": "threshold", "value": "value"}),
    "Hardtanh": ("HardTanh", {"min_val": "min_val", "max_val": "max_val"}),
    "Hardsigmoid": ("HardSigmoid", {}),
    "Hardswish": ("HardSwish", {}),
    "Hardshrink": ("HardShrink", {"lambd": "lambd"}),
    "Softshrink": ("SoftShrink", {"lambd": "lambd"}),
    "Tanhshrink": ("TanhShrink", {}),
    "Sigmoid": ("Sigmoid", {}),
    "Tanh": ("Tanh", {}),
    "Softsign": ("Softsign", {}),
    "LogSigmoid": ("LogSigmoid", {}),
    "Softplus": ("Softplus", {"beta": "beta", "threshold": "threshold"}),
    "ELU": ("ELU", {"alpha": "alpha"}),
    "SELU": ("SELU", {}),
    "CELU": ("CELU", {"alpha": "alpha"}),
    "GELU": ("GELU", {"approximate": "approximate"}),
    "SiLU": ("SiLU", {}),
    "Mish": ("Mish", {}),
    "GLU": ("GLU", {}),
    "Softmax": ("Softmax", {}),
    "LogSoftmax": ("LogSoftmax", {}),
    "Softmin": ("Softmin", {}),
    "Softmax2d": ("Softmax", {}),
}
"""Every `torch.nn` activation module that `from_torch` maps, to its keras-acts layer."""

_NOT_ACTIVATIONS = {
    "MultiheadAttention": "it is attention, not an activation: use keras.layers.MultiHeadAttention",
}


def _check_data_format(data_format: Any) -> str:
    if data_format not in DATA_FORMATS:
        raise ValueError(
            f"Argument `data_format` must be one of {', '.join(map(repr, DATA_FORMATS))}. "
            f"Received: data_format={data_format!r}"
        )
    return data_format


def _check_rank(input_rank: Any) -> int | None:
    if input_rank is None:
        return None
    if isinstance(input_rank, bool) or not isinstance(input_rank, int) or input_rank < 1:
        raise ValueError(
            "Argument `input_rank` must be None or an integer >= 1 (the rank of the module's "
            f"input, batch axis included). Received: input_rank={input_rank!r}"
        )
    return input_rank


def torch_dim_to_axis(dim: int, data_format: str = "channels_last", input_rank: int | None = None) -> int:
    """The Keras `axis` of a PyTorch `dim` (see the table in this module's docstring).

    Args:
        dim: The PyTorch dimension, of a channels-first tensor `(N, C, d1, ..., dk)`.
        data_format: The Keras model's layout: `"channels_last"` (`(N, d1, ..., dk, C)`)
            or `"channels_first"` (PyTorch's own; `dim` is kept). Defaults to
            `"channels_last"`.
        input_rank: The input's rank, batch axis included; needed for a negative `dim`
            under `"channels_last"`. Defaults to `None` (unknown).

    Returns:
        The Keras axis: non-negative, or `-1` for the channel axis under `"channels_last"`.

    Raises:
        ValueError: for a bad `data_format` or `input_rank`, a `dim` outside the rank, or a
            negative `dim` under `"channels_last"` without `input_rank`.

    Example:

    >>> keras_acts.porting.torch_dim_to_axis(1)  # NCHW channels -> NHWC's last axis
    -1
    >>> keras_acts.porting.torch_dim_to_axis(-1, input_rank=4)  # W
    2
    """
    data_format = _check_data_format(data_format)
    input_rank = _check_rank(input_rank)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise ValueError(f"Expected an integer `dim`. Received: dim={dim!r}")
    dim = int(dim)
    if input_rank is not None and not -input_rank <= dim < input_rank:
        raise ValueError(
            f"`dim` must be in [{-input_rank}, {input_rank - 1}] for an input of rank {input_rank}. "
            f"Received: dim={dim}"
        )
    if data_format == "channels_first":
        return dim
    if dim < 0:
        if input_rank is None:
            raise ValueError(
                f"A negative PyTorch `dim` names the channel axis or a spatial axis depending on "
                f"the input's rank, so porting it to a channels-last Keras axis needs the rank: pass "
                f"input_rank= (batch axis included, e.g. 4 for NCHW), or a non-negative dim. "
                f"Received: dim={dim}, input_rank=None"
            )
        dim += input_rank
    if dim == 0:
        return 0
    return -1 if dim == 1 else dim - 1


def _module_name(module: Any) -> str:
    cls = type(module)
    return f"{cls.__module__}.{cls.__qualname__}"


def _torch_class(module: Any) -> str:
    """The `torch.nn` class name of `module` if it is one `from_torch` maps, else an error."""
    cls = type(module)
    name = cls.__name__
    if not cls.__module__.startswith("torch.nn."):
        hint = ""
        torch_base = next((c for c in cls.__mro__[1:] if c.__module__.startswith("torch.nn.")), None)
        if torch_base is not None and torch_base.__name__ in TORCH_MODULES:
            hint = (
                f" It subclasses torch.nn.{torch_base.__name__}, but a subclass may compute something "
                "else: port it by hand, or pass a plain torch.nn module."
            )
        raise ValueError(
            f"from_torch maps torch.nn activation modules; {_module_name(module)} is not one.{hint} "
            f"Received: module={module!r}"
        )
    if name in _NOT_ACTIVATIONS:
        raise ValueError(f"from_torch cannot port torch.nn.{name}: {_NOT_ACTIVATIONS[name]}.")
    if name not in TORCH_MODULES:
        raise ValueError(
            f"No keras-acts equivalent for torch.nn.{name}. from_torch maps: "
            f"{', '.join(sorted(TORCH_MODULES))}. Received: module={module!r}"
        )
    return name


def _number(value: Any) -> Any:
    """A module attribute as a plain Python value (`int` hyper-parameters become floats)."""
    if hasattr(value, "item") and getattr(value, "ndim", 0) == 0:
        value = value.item()
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _prelu(module: Any, data_format: str, layer_kwargs: dict[str, Any]) -> keras.layers.Layer:
    weight = np.asarray(module.weight.detach().cpu().numpy(), dtype="float64").reshape(-1)
    if weight.size == 1:
        # One slope: `init` is the slope itself (the layer's one scalar weight).
        return layers.PReLU(init=float(weight[0]), mode="shared", **layer_kwargs)
    axis = -1 if data_format == "channels_last" else 1
    layer = layers.PReLU(mode="channel", axis=axis, **layer_kwargs)
    # The channel axis is PyTorch's dim 1 at every rank: a rank-2 shape builds the weights,
    # and the layer then takes inputs of any rank with `weight.size` channels on `axis`.
    layer.build((None, int(weight.size)))
    layer.alpha.assign(weight.astype(layer.alpha.dtype))
    return layer


def _dim_axis(module: Any, name: str, data_format: str, input_rank: int | None) -> int:
    if name == "Softmax2d":  # softmax over the channels of (N, C, H, W) or (C, H, W)
        return -1 if data_format == "channels_last" else -3
    dim = module.dim
    if dim is None:
        raise ValueError(
            f"torch.nn.{name}(dim=None) picks its axis from the input's rank (deprecated in "
            f"PyTorch); give the module an explicit dim to port it. Received: module={module!r}"
        )
    try:
        return torch_dim_to_axis(dim, data_format, input_rank)
    except ValueError as e:
        raise ValueError(f"Porting torch.nn.{name}(dim={dim}): {e}") from e


def from_torch(
    module: Any,
    data_format: str = "channels_last",
    *,
    input_rank: int | None = None,
    **layer_kwargs: Any,
) -> keras.layers.Layer:
    """Returns the keras-acts layer equivalent to a `torch.nn` activation module.

    Hyper-parameters are read from the module (keras-acts uses PyTorch's names and
    defaults), PReLU's slopes are copied, and a `dim` becomes the Keras `axis` of the same
    dimension in the Keras model's layout (see `torch_dim_to_axis`). `inplace` has no
    meaning in Keras and is ignored. Every class in `TORCH_MODULES` is mapped.

    Args:
        module: A `torch.nn` activation module (`nn.Hardtanh(-2, 2)`, `nn.PReLU(16)`,
            `nn.GLU(dim=1)`, ...); exact `torch.nn` classes only.
        data_format: The Keras model's layout: `"channels_last"` (PyTorch's
            `(N, C, d1, ..., dk)` is Keras's `(N, d1, ..., dk, C)`) or `"channels_first"`
            (the same layout as PyTorch: `dim` is kept; also the choice for models whose
            PyTorch tensors already keep features last). Defaults to `"channels_last"`.
        input_rank: The rank of the module's input, batch axis included (4 for images).
            Needed only for a negative `dim` under `"channels_last"`. Defaults to `None`.
        **layer_kwargs: Base layer arguments for the new layer (`name`, `dtype`).

    Returns:
        A new keras-acts layer (built, with PyTorch's weights, for `nn.PReLU(C)`).

    Raises:
        ValueError: naming the module for a module with no keras-acts equivalent, or a
            `dim` that cannot be mapped (`dim=None`, a negative `dim` without
            `input_rank`, or out of range); naming the parameter for a bad `data_format`.

    Example:

    >>> import torch
    >>> keras_acts.from_torch(torch.nn.GLU(dim=1)).axis  # NCHW's channels -> NHWC's
    -1
    >>> keras_acts.from_torch(torch.nn.Hardtanh(-2.0, 2.0)).min_val
    -2.0
    """
    data_format = _check_data_format(data_format)
    input_rank = _check_rank(input_rank)
    name = _torch_class(module)
    target, attributes = TORCH_MODULES[name]
    if name == "PReLU":
        return _prelu(module, data_format, layer_kwargs)
    params = {ours: _number(getattr(module, theirs)) for ours, theirs in attributes.items()}
    if name in ("GLU", "Softmax", "LogSoftmax", "Softmin", "Softmax2d"):
        params["axis"] = _dim_axis(module, name, data_format, input_rank)
    return getattr(layers, target)(**params, **layer_kwargs)
