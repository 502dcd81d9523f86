"""The catalogue and the lookup by name.

The entries come from the declarations (`keras_acts._catalog.activation`, at each
function's `def`, and the layers naming their functions): `catalog()` lists them,
`get()` resolves a name, alias, config dict or callable to something valid as
`activation=`, and `layer_class()` / `create_layer()` give the layer of a name.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

import keras

from keras_acts import _catalog, activations, layers  # noqa: F401  (imported to declare every entry)
from keras_acts._catalog import REQUIRED, ActivationInfo, signature_params

__all__ = [
    "PREFIX",
    "REQUIRED",
    "ActivationInfo",
    "catalog",
    "create_layer",
    "get",
    "layer_class",
    "signature_params",
]

PREFIX = "keras_acts>"
"""The package prefix of keras-acts' registered names (`"keras_acts>hard_tanh"`)."""

_IDENTITY_NAMES = ("identity", "linear")


def catalog() -> list[ActivationInfo]:
    """Every activation in keras-acts, with its family, parameters and defaults, formula
    (LaTeX), paper and the PyTorch / JAX / Keras equivalent where one exists."""
    return _catalog.infos()


def _lookup_table() -> dict[str, ActivationInfo]:
    table: dict[str, ActivationInfo] = {}
    for info in _catalog.infos():
        for key in (info.name, *info.aliases, info.layer.__name__):
            table[key.lower()] = info
    return table


def entry(name: str) -> ActivationInfo | None:
    """The catalogue entry of a name, alias or layer class name (with or without the
    `keras_acts>` prefix); `None` for `"identity"` / `"linear"` when the catalogue has no
    such entry (Keras's `linear` then stands for it).

    Raises:
        ValueError: for an unknown name; the message lists close matches.
    """
    key = name[len(PREFIX) :] if name.startswith(PREFIX) else name
    table = _lookup_table()
    info = table.get(key.lower())
    if info is not None:
        return info
    if key.lower() in _IDENTITY_NAMES:
        return None
    close = difflib.get_close_matches(key.lower(), list(table), n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ValueError(
        f"Unknown activation: identifier={name!r}.{hint} See keras_acts.catalog() for every name."
    )


def _layer_params(info: ActivationInfo) -> dict[str, Any]:
    return signature_params(info.layer.__init__, skip=1)


def needs_layer(info: ActivationInfo) -> str:
    """Why the activation of `info` must be a layer instance rather than a shared function
    (`""` when its function, with its defaults, will do).

    Args:
        info: A catalogue entry.

    Returns:
        `""`, or a phrase such as `"has trainable weights"`.
    """
    if info.function is None or info.trainable:
        return "has trainable weights"
    if info.family == "stochastic":
        return "has a training mode (random in training, deterministic in inference)"
    required = [k for k, v in _layer_params(info).items() if v is REQUIRED]
    if required:
        return f"has required parameters ({', '.join(required)})"
    return ""


def layer_class(name: str) -> type[keras.layers.Layer]:
    """Returns the layer class of an activation name.

    Args:
        name: A catalogue name, alias or layer class name, with or without the
            `"keras_acts>"` prefix (`"hard_tanh"`, `"hardtanh"`, `"HardTanh"`,
            `"keras_acts>hard_tanh"`). `"identity"` and `"linear"` give
            `keras.layers.Identity` unless the catalogue has such an entry.

    Returns:
        The layer class (`keras_acts.layers.HardTanh`).

    Raises:
        ValueError: for an unknown name; the message lists close matches.

    Example:

    >>> keras_acts.layer_class("hardtanh")
    <class 'keras_acts.layers.rectifiers.HardTanh'>
    """
    info = entry(name)
    return keras.layers.Identity if info is None else info.layer


def create_layer(name: str, /, **params: Any) -> keras.layers.Layer:
    """Returns a new layer of an activation name, configured with `params`.

    Args:
        name: A catalogue name, alias or layer class name, with or without the
            `"keras_acts>"` prefix (see `layer_class`).
        **params: The layer's arguments (the activation's hyper-parameters, and base
            layer arguments such as `name`).

    Returns:
        A new `keras.layers.Layer`.

    Raises:
        ValueError: for an unknown name (with close matches), a required parameter not
            given (naming it), an unknown parameter, or a bad value (the declared check's
            message, naming the parameter).

    Example:

    >>> layer = keras_acts.create_layer("hard_tanh", min_val=-2.0)
    >>> layer.min_val
    -2.0
    """
    info = entry(name)
    if info is None:
        return keras.layers.Identity(**params)
    missing = [k for k, v in _layer_params(info).items() if v is REQUIRED and k not in params]
    if missing:
        example = ", ".join(f"{k}=..." for k in missing)
        raise ValueError(
            f"The activation {info.name!r} needs the parameter(s) {', '.join(missing)}: "
            f"pass them, e.g. keras_acts.get({info.name!r}, {example}). Received: params={params}"
        )
    return info.layer(**params)


def get(identifier: Any, /, **params: Any) -> Callable[..., Any]:
    """Returns a callable valid as `activation=` for `identifier`.

    Args:
        identifier: A name or alias, with or without the `"keras_acts>"` prefix
            (`"hard_tanh"`, `"hardtanh"`, `"HardTanh"`, `"keras_acts>hard_tanh"`): the
            function itself where the activation has no weights, no required
            parameters and no training mode and no `params` are given, otherwise a new,
            configured layer (`create_layer(identifier, **params)`); `"identity"` and
            `"linear"`: `keras.activations.linear` unless the catalogue has such an
            entry; a config dict as written by `keras.saving.serialize_keras_object`:
            the deserialized object; a callable: returned as it is; `None`: the
            identity (`keras.activations.linear`), as in `keras.activations.get`.
        **params: Hyper-parameters (and base layer arguments) for the layer; only with a
            name.

    Returns:
        A callable taking a tensor: a function or a `keras.layers.Layer`.

    Raises:
        ValueError: for an unknown name (the message lists close matches), a required
            parameter not given, a bad or unknown parameter (naming it), `params` with a
            non-string identifier, or an identifier of another type.

    Example:

    ```python
    keras_acts.get("hardtanh")                  # keras_acts.hard_tanh, the function
    keras_acts.get("keras_acts>gelu")           # keras_acts.gelu
    keras_acts.get("hard_tanh", min_val=-2.0)   # a new HardTanh(min_val=-2.0) layer
    keras_acts.get("prelu")                     # trainable: a new PReLU() layer
    keras.layers.Dense(8, activation=keras_acts.get("rrelu"))   # random in training
    ```
    """
    if isinstance(identifier, str):
        info = entry(identifier)
        if info is None:
            if params:
                raise ValueError(f"The identity takes no parameters. Received: params={params}")
            return keras.activations.linear
        if not params and not needs_layer(info):
            return info.function  # type: ignore[return-value]
        return create_layer(info.name, **params)
    if params:
        raise ValueError(
            "Parameters are accepted with an activation name only. "
            f"Received: identifier={identifier!r}, params={params}"
        )
    if identifier is None:
        return keras.activations.linear
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret activation identifier: expected a name, a config dict or a "
        f"callable. Received: identifier={identifier!r}"
    )


def string_activation(name: str) -> Callable[..., Any]:
    """The shared function a string `"keras_acts>name"` stands for in `activation=`.

    Raises:
        ValueError: for an unknown name (with close matches), or an activation that must
            be a layer of its own (weights, required parameters, a training mode): the
            message points at `keras_acts.get(name, **params)` and the layer.
    """
    info = entry(name)
    if info is None:
        return keras.activations.linear
    reason = needs_layer(info)
    if reason:
        raise ValueError(
            f"The activation {name!r} {reason}, so a string cannot stand for it (one "
            "object would be shared by every layer): pass a layer instead, "
            f"keras_acts.get({info.name!r}, **params) or "
            f"keras_acts.layers.{info.layer.__name__}(...), as `activation=`."
        )
    return info.function  # type: ignore[return-value]
