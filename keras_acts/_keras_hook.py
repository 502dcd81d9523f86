"""`"keras_acts>name"` strings wherever Keras takes an activation identifier.

Keras registers keras-acts' functions as `keras_acts>name` when they are saved, but it
resolves a *string* in `activation=` (`keras.activations.get`, called by every layer
taking an activation, `keras.layers.Activation` included) only in its own table of
built-ins, `keras.src.activations.ALL_OBJECTS_DICT`: `keras.activations.get` reads that
module global at each call and uses only its `.get(name)`. No public Keras API extends
it, hence this one private touch: `install()` replaces the table by a copy whose
`.get()` also resolves the prefixed names (through `keras_acts.registry`), with
keras-acts' errors (close matches for a misspelled name; a pointer to the layer for an
activation that cannot be one shared object). Every other key, the plain names
(`"gelu"`, `"leaky_relu"`) included, keeps Keras's meaning.

Where Keras's layout is not the expected one (checked, not assumed), nothing is
changed and the prefixed strings are simply not supported; `import keras_acts` never
fails because of it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from keras_acts import registry


class _ActivationNames(dict):  # type: ignore[type-arg]
    """Keras's table of built-in activations, plus the `keras_acts>` names on lookup."""

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(key, str) and key.startswith(registry.PREFIX) and key not in self:
            return registry.string_activation(key)
        return super().get(key, default)


def install(module: ModuleType | None = None) -> bool:
    """Makes `keras.activations.get` (hence `activation="keras_acts>name"`) resolve the
    `keras_acts>` names.

    Args:
        module: Keras's activations module; `None` for `keras.src.activations`.

    Returns:
        Whether the prefixed names are supported (`False` where Keras's layout is not
        the expected one; then nothing was changed).
    """
    try:
        module = module or importlib.import_module("keras.src.activations")
        table = module.ALL_OBJECTS_DICT
        get = module.get
    except (ImportError, AttributeError):
        return False
    if isinstance(table, _ActivationNames):
        return True
    code = getattr(get, "__code__", None)
    if type(table) is not dict or code is None or "ALL_OBJECTS_DICT" not in code.co_names:
        return False
    module.ALL_OBJECTS_DICT = _ActivationNames(table)
    return True
