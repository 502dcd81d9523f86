"""Model surgery: swap the activations of a built Keras model for keras-acts ones.

`replace_activations(model, mapping)` clones a `Sequential` or functional model with
`keras.models.clone_model(clone_function=...)` (recursing into nested models), replaces
what `mapping` names, copies every other weight and returns the new model with a report
of what it replaced; the original model is left as it was.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import keras

from keras_acts import registry

__all__ = ["Replacement", "replace_activations"]


@dataclass(frozen=True)
class Replacement:
    """One replacement made by `replace_activations`.

    Attributes:
        path: The layer's name, after the names of the nested models holding it
            (`"block_1/expanded_conv_relu"`).
        target: `"layer"` where the layer itself was replaced (a `keras.layers.Activation`,
            `ReLU`, `LeakyReLU`, `ELU`, `Softmax`, ... layer), `"activation"` where only
            the layer's `activation` (a `Dense`'s, a `Conv2D`'s) was.
        old: What was there: a function's registered name (`"relu"`, `"silu"`,
            `"keras_acts>gelu"`) or a layer's class name (`"ReLU"`).
        new: What is there now, in the same terms.
    """

    path: str
    target: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.path} ({self.target}): {self.old} -> {self.new}"


Key = Any  # a Keras activation name, a function, or a layer class
Value = Any  # a keras-acts name, a function, a layer instance or class, or a config dict


def replace_activations(
    model: keras.Model,
    mapping: Mapping[Key, Value],
    *,
    verbose: bool = False,
) -> tuple[keras.Model, list[Replacement]]:
    """Returns a copy of `model` with activations replaced, and what was replaced.

    What a key matches:

    - a string: the activation function `keras.activations.get(key)` gives (`"relu"`;
      `"swish"` and `"silu"` are the same function, as are `"hard_swish"` and
      `"hard_silu"`; `"keras_acts>gelu"` is `keras_acts.gelu`), wherever it is: in a
      `keras.layers.Activation` layer, as a layer's `activation` (`Dense`, `Conv2D`,
      ...), or computed by a Keras activation layer with the function's defaults
      (`ReLU()` is `"relu"`, `ReLU(6.0)` is `"relu6"`, `LeakyReLU(negative_slope=0.2)` is
      `"leaky_relu"`, `ELU(alpha=1.0)` is `"elu"`, `Softmax(axis=-1)` is `"softmax"`);
    - a function: that function, in the same places;
    - a layer class: its instances, as layers or as a layer's `activation`.

    The first key that matches wins. A replaced layer keeps its name; a replaced
    activation layer with weights (a `PReLU` for a `ReLU`) is new and built; every other
    weight (kernels, biases, batch-norm statistics, ...) is copied from `model`.

    Args:
        model: A `keras.Sequential` or functional `keras.Model` (nested models are
            handled); it is not changed.
        mapping: What to replace -> the replacement: a keras-acts name (`"gelu"`,
            `"keras_acts>gelu"`, resolved with `keras_acts.get`), a function, a layer
            instance (used as a template: each place gets its own copy), a layer
            class (instantiated with its defaults) or a layer config dict (as
            `keras.saving.serialize_keras_object` writes it).
        verbose: Whether to print each replacement.

    Returns:
        A tuple `(new_model, report)`: the new model, and a list of `Replacement`s
        (path, target, old, new), in the order of the layers.

    Raises:
        ValueError: for a model that is not `Sequential` or functional, a key that
            names no activation, or a replacement that is not a callable.

    Example:

    ```python
    model = keras.applications.MobileNetV3Small(weights=None, input_shape=(32, 32, 3))
    new_model, report = keras_acts.replace_activations(
        model, {"relu": "gelu", "hard_swish": keras_acts.layers.PReLU()}
    )
    for replacement in report:
        print(replacement)   # "re_lu (layer): ReLU -> GELU", ...
    ```
    """
    if not isinstance(model, keras.Model):
        raise ValueError(f"Expected a keras.Model. Received: model={model!r}")
    keys = [(_key(k), _value(v)) for k, v in mapping.items()]
    report: list[Replacement] = []
    new_model = _replace(model, keys, report, prefix="")
    if verbose:
        for replacement in report:
            print(replacement)
    return new_model, report


def _key(key: Key) -> Any:
    """A mapping key as a function or a layer class."""
    if isinstance(key, type) and issubclass(key, keras.layers.Layer):
        return key
    if isinstance(key, str):
        return keras.activations.get(key)
    if callable(key):
        return key
    raise ValueError(
        f"A key of `mapping` must be an activation name, a function or a layer class. Received: {key!r}"
    )


def _value(value: Value) -> Callable[..., Any]:
    """A replacement as a function or a layer to copy."""
    if isinstance(value, str):
        value = registry.get(value)
    elif isinstance(value, type) and issubclass(value, keras.layers.Layer):
        value = value()
    elif isinstance(value, dict):
        value = keras.saving.deserialize_keras_object(value)
    if not callable(value):
        raise ValueError(
            "A replacement must be a keras-acts name, a function, a layer instance or class, "
            f"or a layer config. Received: {value!r}"
        )
    return value


def _fresh(template: Any, name: str | None = None) -> Any:
    """A function as it is; a new layer with `template`'s config (and `name`)."""
    if not isinstance(template, keras.layers.Layer):
        return template
    config = template.get_config()
    if name is None:
        config.pop("name", None)
    else:
        config["name"] = name
    return type(template).from_config(config)


def _describe(obj: Any) -> str:
    if isinstance(obj, keras.layers.Activation):
        return _describe(obj.activation)
    if isinstance(obj, keras.layers.Layer):
        return type(obj).__name__
    return keras.saving.get_registered_name(obj)


def _as_function(layer: keras.layers.Layer) -> Any:
    """The Keras function a layer computes, where it is one with its defaults."""
    acts = keras.activations
    if isinstance(layer, keras.layers.Activation):
        return layer.activation
    cls = type(layer)
    if cls is keras.layers.ReLU and not layer.negative_slope and not layer.threshold:
        if layer.max_value is None:
            return acts.relu
        return acts.relu6 if float(layer.max_value) == 6.0 else None
    if cls is keras.layers.LeakyReLU and float(layer.negative_slope) == 0.2:
        return acts.leaky_relu
    if cls is keras.layers.ELU and float(layer.alpha) == 1.0:
        return acts.elu
    if cls is keras.layers.Softmax and layer.axis == -1:
        return acts.softmax
    return None


def _holds_activation(layer: keras.layers.Layer) -> bool:
    """Whether `layer` (a `Dense`, a `Conv2D`, ...) applies an `activation` argument."""
    if isinstance(layer, keras.layers.Activation):
        return False
    return hasattr(layer, "activation") and "activation" in layer.get_config()


def _matches(subject: Any, key: Any) -> bool:
    if isinstance(key, type):
        return isinstance(subject, key) or (
            isinstance(subject, keras.layers.Activation) and isinstance(subject.activation, key)
        )
    if isinstance(subject, keras.layers.Layer):
        return _as_function(subject) is key
    return subject is key


def _build_activation(activation: Any, layer: keras.layers.Layer) -> None:
    """Builds a layer put as `layer`'s `activation` (a `PReLU` in a `Dense`): Keras infers
    a `Dense`'s output shape without calling it, so the graph would not build it."""
    if isinstance(activation, keras.layers.Layer) and not activation.built:
        # What `layer` computes before its activation (the activation is not part of it).
        activation.build(layer.compute_output_shape(tuple(layer.input.shape)))


def _own_weights(layer: keras.layers.Layer) -> list[Any]:
    """`layer.weights`, without those of a layer used as its `activation`."""
    activation = getattr(layer, "activation", None) if _holds_activation(layer) else None
    skip = {id(w) for w in activation.weights} if isinstance(activation, keras.layers.Layer) else set()
    return [w for w in layer.weights if id(w) not in skip]


def _replace(
    model: keras.Model, keys: list[tuple[Any, Any]], report: list[Replacement], prefix: str
) -> keras.Model:
    copies: list[tuple[keras.layers.Layer, keras.layers.Layer]] = []
    swapped: set[int] = set()

    def clone(layer: Any) -> Any:
        if isinstance(layer, keras.Model):
            return _replace(layer, keys, report, prefix=f"{prefix}{layer.name}/")
        if not isinstance(layer, keras.layers.Layer):  # an operation of the graph (x + 3)
            return type(layer).from_config(layer.get_config())
        holds = _holds_activation(layer)
        subject = layer.activation if holds else layer
        value = next((v for k, v in keys if _matches(subject, k)), None)
        if value is None:
            new = type(layer).from_config(layer.get_config())
            copies.append((layer, new))
            return new
        path = f"{prefix}{layer.name}"
        if holds:
            new_activation = _fresh(value)
            new = type(layer).from_config({**layer.get_config(), "activation": new_activation})
            _build_activation(new_activation, layer)
            copies.append((layer, new))
            report.append(Replacement(path, "activation", _describe(subject), _describe(new_activation)))
        else:
            is_layer = isinstance(value, keras.layers.Layer)
            new = _fresh(value, layer.name) if is_layer else keras.layers.Activation(value, name=layer.name)
            swapped.add(id(new))
            report.append(Replacement(path, "layer", _describe(subject), _describe(value)))
        return new

    def call(layer: Any, *args: Any, **kwargs: Any) -> Any:
        # A layer in place of another is called as the graph called the old one; keyword
        # arguments it does not take (a `Softmax`'s `mask=None`) are dropped when unset.
        if id(layer) in swapped:
            accepted = inspect.signature(layer.call).parameters
            unset = [k for k, v in kwargs.items() if k not in accepted and v is None]
            kwargs = {k: v for k, v in kwargs.items() if k not in unset}
        return layer(*args, **kwargs)

    # A subclassed model has no graph to rebuild: Keras raises the ValueError.
    if isinstance(model, keras.Sequential):  # calls each layer with its input alone
        new_model = keras.models.clone_model(model, clone_function=clone)
    else:
        new_model = keras.models.clone_model(model, clone_function=clone, call_function=call)
    for old, new in copies:
        source, target = _own_weights(old), _own_weights(new)
        if [tuple(w.shape) for w in source] != [tuple(w.shape) for w in target]:
            raise RuntimeError(f"keras_acts: the weights of {old.name!r} changed shape in the copy")
        for s, t in zip(source, target, strict=True):
            # A copy, not the same buffer: JAX's compiled steps donate the variables'
            # buffers, so a shared one would be deleted under the original model.
            t.assign(keras.ops.copy(s.value))
    return new_model
