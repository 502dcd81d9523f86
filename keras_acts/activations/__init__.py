"""The activation functions, written once with `keras.ops`.

Each module declares its functions with `keras_acts._catalog.activation`; the exports
below are the declared public functions (by family, then in declaration order: the
modules are imported in the order of the docs pages).
"""

# isort: off
from keras_acts.activations import rectifiers  # noqa: F401  (imported to declare their activations)
from keras_acts.activations import smooth  # noqa: F401
from keras_acts.activations import gated  # noqa: F401
from keras_acts.activations import glu_variants  # noqa: F401
from keras_acts.activations import normalizers  # noqa: F401
from keras_acts.activations import entmax  # noqa: F401
from keras_acts.activations import trainable  # noqa: F401
from keras_acts.activations import stochastic  # noqa: F401
from keras_acts.activations import learnable  # noqa: F401
from keras_acts.activations import xielu  # noqa: F401

# isort: on
from keras_acts import _catalog

globals().update(_catalog.exported())
__all__ = list(_catalog.exported())  # pyright: ignore[reportUnsupportedDunderAll]
