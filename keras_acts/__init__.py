"""keras-acts: the activation library for Keras 3.

Every activation is a function (`keras_acts.hard_tanh`) and a layer
(`keras_acts.layers.HardTanh`), written once with `keras.ops` so that it gives the same
numbers under TensorFlow, PyTorch and JAX.
"""

from __future__ import annotations

import keras as _keras

from keras_acts import activations, callbacks, layers
from keras_acts._native import native_fast_path_enabled, set_native_fast_path
from keras_acts.activations import (
    celu,
    elu,
    gelu,
    glu,
    gumbel_softmax,
    hard_shrink,
    hard_sigmoid,
    hard_swish,
    hard_tanh,
    leaky_relu,
    lisht,
    log_sigmoid,
    log_softmax,
    maxout,
    mish,
    prelu,
    relu,
    relu6,
    rrelu,
    selu,
    sigmoid,
    silu,
    snake,
    soft_shrink,
    softmax,
    softmin,
    softplus,
    softsign,
    sparsemax,
    squareplus,
    swish,
    tanh,
    tanh_shrink,
    threshold,
)
from keras_acts.registry import ActivationInfo, catalog, get

__version__ = "0.1.0"

# Functions passed as `activation=` serialize as "keras_acts>name" and load back.
for _name in activations.__all__:
    _keras.saving.register_keras_serializable(package="keras_acts", name=_name)(getattr(activations, _name))
del _name

__all__ = [
    "callbacks",
    "native_fast_path_enabled",
    "set_native_fast_path",
    "gumbel_softmax",
    "prelu",
    "rrelu",
    "__version__",
    "ActivationInfo",
    "activations",
    "catalog",
    "celu",
    "elu",
    "gelu",
    "get",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_swish",
    "hard_tanh",
    "layers",
    "leaky_relu",
    "lisht",
    "log_sigmoid",
    "log_softmax",
    "maxout",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "snake",
    "soft_shrink",
    "softmax",
    "softmin",
    "softplus",
    "softsign",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
]
