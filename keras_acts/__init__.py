"""keras-acts: the activation library for Keras 3.

Every activation is a function (`keras_acts.hard_tanh`) and a layer
(`keras_acts.layers.HardTanh`), written once with `keras.ops` so that it gives the same
numbers under TensorFlow, PyTorch and JAX. The functions exported here are the declared
ones (`keras_acts._catalog.activation`), each registered with Keras as `keras_acts>name`.
"""

from __future__ import annotations

from keras_acts import _catalog, _keras_hook, activations, callbacks, layers
from keras_acts._backends import native_fast_path_enabled, set_native_fast_path
from keras_acts.porting import from_torch
from keras_acts.registry import ActivationInfo, catalog, create_layer, get, layer_class
from keras_acts.surgery import Replacement, replace_activations

__version__ = "0.1.0"

_catalog.check_fast_paths()

globals().update(_catalog.exported())

# `activation="keras_acts>name"` in any Keras layer (see keras_acts._keras_hook).
_keras_hook.install()

__all__ = [
    "ActivationInfo",
    "Replacement",
    "__version__",
    "activations",
    "callbacks",
    "catalog",
    "create_layer",
    "from_torch",
    "get",
    "layer_class",
    "layers",
    "native_fast_path_enabled",
    "replace_activations",
    "set_native_fast_path",
    *_catalog.exported(),
]
