"""Keras layers: one per activation. Each is registered as `keras_acts>ClassName`."""

from keras_acts.layers._base import ActivationLayer, BaseLayer
from keras_acts.layers.acon_c import AconC
from keras_acts.layers.apl import APL
from keras_acts.layers.gumbel_softmax import GumbelSoftmax
from keras_acts.layers.maxout import Maxout
from keras_acts.layers.meta_acon_c import MetaAconC
from keras_acts.layers.normalizers import GLU, LogSoftmax, Softmax, Softmin, Sparsemax
from keras_acts.layers.pelu import PELU
from keras_acts.layers.prelu import PReLU
from keras_acts.layers.rational import Rational
from keras_acts.layers.rectifiers import (
    HardShrink,
    HardSigmoid,
    HardSwish,
    HardTanh,
    LeakyReLU,
    ReLU,
    ReLU6,
    SoftShrink,
    Threshold,
)
from keras_acts.layers.rrelu import RReLU
from keras_acts.layers.smooth import (
    CELU,
    ELU,
    GELU,
    SELU,
    LiSHT,
    LogSigmoid,
    Mish,
    Sigmoid,
    SiLU,
    Softplus,
    Softsign,
    Squareplus,
    Tanh,
    TanhShrink,
)
from keras_acts.layers.snake import Snake
from keras_acts.layers.srelu import SReLU
from keras_acts.layers.swish import Swish

__all__ = [
    "GumbelSoftmax",
    "PReLU",
    "RReLU",
    "Snake",
    "Swish",
    "APL",
    "AconC",
    "Maxout",
    "MetaAconC",
    "PELU",
    "Rational",
    "SReLU",
    "CELU",
    "ELU",
    "GELU",
    "GLU",
    "SELU",
    "ActivationLayer",
    "BaseLayer",
    "HardShrink",
    "HardSigmoid",
    "HardSwish",
    "HardTanh",
    "LeakyReLU",
    "LiSHT",
    "LogSigmoid",
    "LogSoftmax",
    "Mish",
    "ReLU",
    "ReLU6",
    "SiLU",
    "Sigmoid",
    "SoftShrink",
    "Softmax",
    "Softmin",
    "Softplus",
    "Softsign",
    "Sparsemax",
    "Squareplus",
    "Tanh",
    "TanhShrink",
    "Threshold",
]
