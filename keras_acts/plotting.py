"""Curves of the activations and their derivatives, for the CLI and the docs.

The values come from the activation's layer (so trainable and stochastic activations
plot too, at their initial weights and in inference mode) and the derivative from the
backend's automatic differentiation (`keras_acts._grad`). Drawing needs matplotlib
(`pip install "keras-acts[plot]"`); it is imported when a figure is drawn.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np

from keras_acts import _grad
from keras_acts.registry import REQUIRED, ActivationInfo, catalog, entry


@dataclass(frozen=True)
class Curve:
    """An activation evaluated on a grid.

    Attributes:
        name: The activation's canonical name.
        params: The hyper-parameters used.
        x: The grid.
        y: The activation at each point of the grid.
        dy: Its derivative with respect to `x`.
        label: How the curve was taken, e.g. `"hard_tanh(x)"` or
            `"softmax([x, 0])[0]"` for an activation over an axis.
    """

    name: str
    params: dict[str, Any]
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray
    label: str


def lookup(name: str) -> ActivationInfo:
    """The catalogue entry for a name, alias or layer class name.

    Raises:
        ValueError: for an unknown name; the message lists close matches.
    """
    entry(name)  # raises ValueError with close matches for an unknown name
    key = name.lower()
    for info in catalog():
        if key in (info.name, *info.aliases, info.layer.__name__.lower()):
            return info
    raise ValueError(f"Unknown activation: name={name!r}. See keras_acts.catalog() for every name.")


def parse_params(pairs: Sequence[str]) -> dict[str, Any]:
    """Parses `["min_val=-2", "approximate=tanh"]` into `{"min_val": -2, "approximate": "tanh"}`.

    Values are Python literals (numbers, `True`, `None`, quoted strings); anything else is
    taken as a string.

    Raises:
        ValueError: for an item without `=`.
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValueError(f"Expected a parameter as NAME=VALUE. Received: {pair!r}")
        try:
            out[key] = ast.literal_eval(raw.strip())
        except (ValueError, SyntaxError):
            out[key] = raw.strip()
    return out


def resolve_params(info: ActivationInfo, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The full hyper-parameters: the defaults, updated with `params`.

    Raises:
        ValueError: for a parameter the activation does not have, or a required one
            that is missing (and has no declared example).
    """
    params = dict(params or {})
    unknown = sorted(set(params) - set(info.params))
    if unknown:
        allowed = ", ".join(_format_param(k, v) for k, v in info.params.items()) or "none"
        raise ValueError(
            f"{info.name} has no parameter {', '.join(map(repr, unknown))}. Its parameters: {allowed}."
        )
    full = {**info.params, **info.example, **params}
    missing = [k for k, v in full.items() if v is REQUIRED]
    if missing:
        raise ValueError(
            f"{info.name} needs a value for {', '.join(missing)} (e.g. --param {missing[0]}=1.0)."
        )
    return full


def _format_param(key: str, value: Any) -> str:
    if value is REQUIRED:
        return key
    return f"{key}={value:.6g}" if isinstance(value, float) else f"{key}={value!r}"


def format_params(params: dict[str, Any]) -> str:
    """`"min_val=-1.0, max_val=1.0"`; required parameters appear bare."""
    return ", ".join(_format_param(k, v) for k, v in params.items())


def layer_kwargs(info: ActivationInfo, params: dict[str, Any]) -> dict[str, Any]:
    """The subset of `params` that the layer's constructor takes (a function's call-time
    arguments such as `training` are not layer hyper-parameters)."""
    accepted = inspect.signature(info.layer.__init__).parameters
    return {k: v for k, v in params.items() if k in accepted}


def over_axis(info: ActivationInfo) -> bool:
    """Whether the activation works over an axis (softmax) rather than elementwise."""
    return "axis" in info.params and "mode" not in info.params


def curve(
    info: ActivationInfo | str,
    params: dict[str, Any] | None = None,
    x: np.ndarray | None = None,
) -> Curve:
    """Evaluates an activation and its derivative on a grid.

    An activation over an axis is shown on the slice `[x, 0]`, first output; one that
    splits its input in two halves on `[x, x]` (`glu`, whose gate is the second half)
    or `[x, 1]` (the GLU variants: their activation of the first half).

    Args:
        info: A catalogue entry or a name.
        params: Hyper-parameters; the defaults fill the rest.
        x: The grid; defaults to 401 points on `[-4, 4]`.

    Returns:
        A `Curve`.
    """
    if isinstance(info, str):
        info = lookup(info)
    params = resolve_params(info, params)
    x = np.linspace(-4.0, 4.0, 401) if x is None else np.asarray(x, dtype="float64")
    layer = info.layer(**layer_kwargs(info, params))
    if over_axis(info):
        other = "x" if info.name == "glu" else "1" if info.family == "gated" else "0"
        fill = {"x": lambda t: t, "1": keras.ops.ones_like, "0": keras.ops.zeros_like}[other]

        def f(t: Any) -> Any:
            second = fill(t)
            return layer(keras.ops.stack([t, second], axis=-1), training=False)[..., 0]

        label = f"{info.name}([x, {other}])[0]"
    else:

        def f(t: Any) -> Any:
            return layer(keras.ops.expand_dims(t, -1), training=False)[..., 0]

        label = f"{info.name}(x)"
    grid = x.astype(keras.config.floatx())
    f(keras.ops.convert_to_tensor(grid))  # builds the layer (its weights) outside of autodiff
    y, dy = _grad.value_and_grad(f, grid)
    return Curve(info.name, params, x, np.asarray(y, "float64"), np.asarray(dy, "float64"), label)


def draw(c: Curve, path: str | Path | None = None, *, dpi: int = 100) -> Any:
    """Draws `c` (the activation and its derivative) with matplotlib's Agg backend.

    Args:
        c: The curve.
        path: Where to save the figure (PNG); `None` to only return it.
        dpi: Resolution of the saved figure.

    Returns:
        The matplotlib figure.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.0, 3.2), layout="constrained")
    ax = fig.add_subplot()
    ax.axhline(0.0, color="0.8", lw=0.8)
    ax.axvline(0.0, color="0.8", lw=0.8)
    ax.plot(c.x, c.y, label=c.label, lw=2.0)
    ax.plot(c.x, c.dy, label="derivative", lw=1.5, ls="--")
    title = c.name if not c.params else f"{c.name}({format_params(c.params)})"
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("x")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    if path is not None:
        fig.savefig(path, dpi=dpi)
    return fig
