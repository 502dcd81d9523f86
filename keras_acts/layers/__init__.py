"""Keras layers: one per activation, each registered as `keras_acts>ClassName`.

The exports are the layers of the declared activations (`keras_acts._catalog`), in
declaration order, the two bases, and `GatedFeedForward` (a block built on the GLU variants).
"""

from keras_acts import _catalog
from keras_acts.layers import (  # noqa: F401  (imported to define their layers)
    acon_c,
    apl,
    entmax,
    glu_variants,
    gumbel_softmax,
    maxout,
    meta_acon_c,
    normalizers,
    pelu,
    prelu,
    rational,
    rectifiers,
    rrelu,
    smooth,
    snake,
    srelu,
    star_relu,
    swish,
    xielu,
)
from keras_acts.layers._base import ActivationLayer, BaseLayer
from keras_acts.layers.gated_feed_forward import GatedFeedForward

_LAYERS = {d.layer.__name__: d.layer for d in _catalog.declarations() if d.layer is not None}
globals().update(_LAYERS)
__all__ = ["ActivationLayer", "BaseLayer", "GatedFeedForward", *_LAYERS]  # pyright: ignore[reportUnsupportedDunderAll]
