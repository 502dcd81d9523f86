"""`keras_acts.from_torch`: torch.nn activation modules to keras-acts layers, with their
parameters, weights and `dim` mapped to the Keras layout. The references are the PyTorch
modules themselves, run in float64 on CPU."""

from __future__ import annotations

import keras
import numpy as np
import pytest

import keras_acts
from keras_acts import porting

torch = pytest.importorskip("torch")
nn = torch.nn

NCHW = (2, 4, 3, 6)  # C = 4 and W = 6 even, for GLU


def _torch_out(module, x):
    with torch.no_grad():
        return module.double().eval()(torch.from_numpy(x.astype("float64"))).numpy()


def _keras_out(layer, x):
    return keras.ops.convert_to_numpy(layer(keras.ops.convert_to_tensor(x.astype("float32"))))


def _prelu(n):
    module = nn.PReLU(n)
    with torch.no_grad():
        module.weight.copy_(torch.linspace(-0.5, 0.7, n))
    return module


# (torch module, input_rank given to from_torch or None)
MODULES = [
    (nn.Identity(), None),
    (nn.ReLU(), None),
    (nn.ReLU6(), None),
    (nn.LeakyReLU(0.3), None),
    (nn.PReLU(), None),
    (_prelu(1), None),
    (_prelu(4), None),
    (nn.RReLU(0.1, 0.4), None),
    (nn.Threshold(0.5, -3.0), None),
    (nn.Hardtanh(-2, 2), None),
    (nn.Hardsigmoid(), None),
    (nn.Hardswish(), None),
    (nn.Hardshrink(0.7), None),
    (nn.Softshrink(0.3), None),
    (nn.Tanhshrink(), None),
    (nn.Sigmoid(), None),
    (nn.Tanh(), None),
    (nn.Softsign(), None),
    (nn.LogSigmoid(), None),
    (nn.Softplus(2, 1), None),
    (nn.ELU(0.7), None),
    (nn.SELU(), None),
    (nn.CELU(1.5), None),
    (nn.GELU(), None),
    (nn.GELU("tanh"), None),
    (nn.SiLU(), None),
    (nn.Mish(), None),
    (nn.GLU(dim=1), None),
    (nn.GLU(), 4),  # dim=-1: W
    (nn.Softmax(dim=1), None),
    (nn.Softmax(dim=2), None),
    (nn.LogSoftmax(dim=-1), 4),
    (nn.LogSoftmax(dim=-3), 4),  # the channels, counted from the end
    (nn.Softmin(dim=3), None),
    (nn.Softmin(dim=0), None),
    (nn.Softmax2d(), None),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(("module", "rank"), MODULES, ids=lambda m: repr(m))
def test_ported_module_matches_torch(module, rank, data_format):
    x = np.random.default_rng(0).normal(scale=2.5, size=NCHW)
    expected = _torch_out(module, x)
    layer = keras_acts.from_torch(module, data_format, input_rank=rank)
    if data_format == "channels_last":
        got = _keras_out(layer, x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    else:
        got = _keras_out(layer, x)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_every_torch_activation_module_is_mapped():
    public = set(torch.nn.modules.activation.__all__)
    assert public - {"MultiheadAttention"} <= set(porting.TORCH_MODULES)
    for name in porting.TORCH_MODULES:  # every entry is a torch.nn class and a keras-acts layer
        assert isinstance(getattr(nn, name), type), name
        assert issubclass(getattr(keras_acts.layers, porting.TORCH_MODULES[name][0]), keras.layers.Layer)


def test_hyper_parameters_and_weights_are_read_from_the_module():
    layer = keras_acts.from_torch(nn.Hardtanh(-2, 2), name="ht")
    assert (layer.min_val, layer.max_val, layer.name) == (-2.0, 2.0, "ht")
    layer = keras_acts.from_torch(_prelu(4))
    assert (layer.mode, layer.axis) == ("channel", -1)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer.alpha), np.linspace(-0.5, 0.7, 4), atol=1e-7)
    assert keras_acts.from_torch(_prelu(4), "channels_first").axis == 1
    assert keras_acts.from_torch(_prelu(1)).mode == "shared"
    assert keras_acts.from_torch(nn.GLU(dim=1)).axis == -1  # not 1, which is H in NHWC


@pytest.mark.parametrize(
    ("dim", "data_format", "rank", "axis"),
    [
        (0, "channels_last", None, 0),
        (1, "channels_last", None, -1),
        (1, "channels_last", 2, -1),
        (2, "channels_last", None, 1),
        (4, "channels_last", 5, 3),
        (-1, "channels_last", 4, 2),
        (-1, "channels_last", 2, -1),  # (N, C): the last axis is the channels
        (-3, "channels_last", 4, -1),
        (-4, "channels_last", 4, 0),
        (1, "channels_first", None, 1),
        (-1, "channels_first", None, -1),
    ],
)
def test_torch_dim_to_axis(dim, data_format, rank, axis):
    assert porting.torch_dim_to_axis(dim, data_format, rank) == axis


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: keras_acts.from_torch(nn.Linear(2, 2)), "No keras-acts equivalent for torch.nn.Linear"),
        (lambda: keras_acts.from_torch(nn.MultiheadAttention(4, 2)), "MultiheadAttention"),
        (lambda: keras_acts.from_torch(type("MyGELU", (nn.GELU,), {})()), "subclasses torch.nn.GELU"),
        (lambda: keras_acts.from_torch(nn.Softmax(dim=-1)), "needs the rank: pass input_rank="),
        (lambda: keras_acts.from_torch(nn.Softmax()), r"dim=None"),
        (lambda: keras_acts.from_torch(nn.GLU(dim=4), input_rank=4), r"in \[-4, 3\].*dim=4"),
        (lambda: keras_acts.from_torch(nn.ReLU(), "NHWC"), "data_format='NHWC'"),
        (lambda: keras_acts.from_torch(nn.ReLU(), input_rank=0), "input_rank=0"),
    ],
)
def test_errors_name_the_module_or_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_ported_conv_model_matches_torch_channels_last():
    torch.manual_seed(0)
    source = nn.Sequential(
        nn.Conv2d(3, 8, 3),
        nn.PReLU(8),
        nn.Hardtanh(-2, 2),
        nn.GELU("tanh"),
        nn.Mish(),
        nn.Softplus(2, 10),
        nn.GLU(dim=1),
        nn.LogSoftmax(dim=1),
    )
    with torch.no_grad():
        source[1].weight.copy_(torch.linspace(-0.3, 0.6, 8))
    conv = source[0]
    dense = keras.layers.Conv2D(8, 3, padding="valid")
    dense.build((None, 6, 7, 3))
    kernel = conv.weight.detach().numpy().transpose(2, 3, 1, 0)  # (out, in, kh, kw) -> (kh, kw, in, out)
    dense.set_weights([kernel, conv.bias.detach().numpy()])
    target = keras.Sequential(
        [keras.Input((6, 7, 3)), dense, *(keras_acts.from_torch(m) for m in list(source)[1:])]
    )
    x = np.random.default_rng(1).normal(scale=2.0, size=(2, 3, 6, 7))
    expected = _torch_out(source, x)
    got = keras.ops.convert_to_numpy(target(x.transpose(0, 2, 3, 1).astype("float32")))
    assert got.shape == (2, 4, 5, 4)
    np.testing.assert_allclose(got.transpose(0, 3, 1, 2), expected, rtol=1e-5, atol=1e-5)


def test_weight_layouts_on_the_rosetta_page():
    """The layouts that the Rosetta page documents for the layers around the activations."""
    torch.manual_seed(0)
    rng = np.random.default_rng(2)
    conv1d = nn.Conv1d(3, 4, 3)
    layer = keras.layers.Conv1D(4, 3)
    layer.build((None, 7, 3))
    layer.set_weights([conv1d.weight.detach().numpy().transpose(2, 1, 0), conv1d.bias.detach().numpy()])
    x = rng.normal(size=(2, 3, 7))
    got = _keras_out(layer, x.transpose(0, 2, 1)).transpose(0, 2, 1)
    np.testing.assert_allclose(got, _torch_out(conv1d, x), rtol=1e-5, atol=1e-5)

    bn = nn.BatchNorm2d(3, eps=1e-5, momentum=0.2)
    with torch.no_grad():
        for p in (bn.weight, bn.bias, bn.running_mean):
            p.copy_(torch.randn(3))
        bn.running_var.copy_(torch.rand(3) + 0.5)
    layer = keras.layers.BatchNormalization(epsilon=bn.eps, momentum=1 - bn.momentum)
    layer.build((None, 4, 5, 3))
    layer.set_weights([t.detach().numpy() for t in (bn.weight, bn.bias, bn.running_mean, bn.running_var)])
    x = rng.normal(size=(2, 3, 4, 5))
    got = _keras_out(layer, x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(got, _torch_out(bn, x), rtol=1e-5, atol=1e-5)

    linear = nn.Linear(3 * 4 * 5, 6)
    dense = keras.layers.Dense(6)
    dense.build((None, 60))
    kernel = linear.weight.detach().numpy().reshape(6, 3, 4, 5).transpose(2, 3, 1, 0).reshape(60, 6)
    dense.set_weights([kernel, linear.bias.detach().numpy()])
    target = keras.Sequential([keras.Input((4, 5, 3)), keras.layers.Flatten(), dense])
    got = _keras_out(target, x.transpose(0, 2, 3, 1))
    np.testing.assert_allclose(got, _torch_out(nn.Sequential(nn.Flatten(), linear), x), rtol=1e-5, atol=1e-5)
