"""GatedFeedForward: values and input gradients against a NumPy float64 computation with
the layer's weights, configs, `.keras` files, validation, mixed precision and `fit`."""

from __future__ import annotations

import json
import math

import keras
import numpy as np
import pytest
from _backend import to_numpy, value_and_grad

import keras_acts
from keras_acts.layers import GatedFeedForward

BACKEND = keras.backend.backend()
_erf = np.vectorize(math.erf, otypes=[np.float64])


def _gelu(a, approximate="none"):
    if approximate == "tanh":
        return 0.5 * a * (1 + np.tanh(math.sqrt(2 / math.pi) * (a + 0.044715 * a**3)))
    return 0.5 * a * (1 + _erf(a / math.sqrt(2)))


# The GLU variants in NumPy (Shazeer 2020; PyTorch's F.glu for "glu"): first half, second half.
GLU = {
    "swiglu": lambda a, b: a / (1 + np.exp(-a)) * b,
    "geglu": lambda a, b: _gelu(a) * b,
    "geglu_tanh": lambda a, b: _gelu(a, "tanh") * b,
    "reglu": lambda a, b: np.maximum(a, 0) * b,
    "bilinear": lambda a, b: a * b,
    "glu": lambda a, b: a / (1 + np.exp(-b)),
}


def _reference(x, weights, variant, use_bias):
    """`down(glu(up_gate(x)))` in float64 from the layer's weights (by path)."""
    w = {path.split("/", 1)[1]: np.asarray(v, np.float64) for path, v in weights.items()}
    h = x @ w["up_gate/kernel"] + (w["up_gate/bias"] if use_bias else 0.0)
    a, b = np.split(h, 2, axis=-1)
    return GLU[variant](a, b) @ w["down/kernel"] + (w["down/bias"] if use_bias else 0.0)


CASES = [
    ("swiglu", {}),
    ("geglu", {"use_bias": True, "output_dim": 5}),
    ("geglu_tanh", {"output_dim": 3}),
    ("reglu", {"use_bias": True}),
    ("bilinear", {}),
    ("glu", {"output_dim": 2}),
]


def _activation(variant):
    if variant == "geglu_tanh":
        return keras_acts.layers.GeGLU(approximate="tanh")
    return variant


@pytest.mark.parametrize(("variant", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_values_and_input_gradient_match_numpy(variant, kwargs):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    layer = GatedFeedForward(6, activation=_activation(variant), **kwargs)
    layer.build(x.shape)
    for v in layer.weights:  # non-zero biases too
        v.assign(rng.normal(scale=0.5, size=v.shape).astype("float32"))
    weights = {v.path: to_numpy(v) for v in layer.weights}
    use_bias = kwargs.get("use_bias", False)
    x64 = x.astype(np.float64)
    expected = _reference(x64, weights, variant, use_bias)
    cotangent = rng.normal(size=expected.shape)
    y, dx = value_and_grad(layer, x, cotangent.astype("float32"))
    assert y.shape == (2, 3, kwargs.get("output_dim", 4)) == layer.compute_output_shape(x.shape)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)
    h = 1e-6  # central differences of the float64 reference
    fd = np.zeros_like(x64)
    for idx in np.ndindex(x.shape):
        plus, minus = x64.copy(), x64.copy()
        plus[idx] += h
        minus[idx] -= h
        diff = _reference(plus, weights, variant, use_bias) - _reference(minus, weights, variant, use_bias)
        fd[idx] = np.sum(cotangent * diff) / (2 * h)
    np.testing.assert_allclose(dx, fd, rtol=1e-4, atol=1e-4)


def test_kernel_paths_shapes_and_split_convention():
    layer = GatedFeedForward(8, name="gated_feed_forward")
    layer.build((None, 16, 4))
    assert [v.path for v in layer.weights] == [
        "gated_feed_forward/up_gate/kernel",
        "gated_feed_forward/down/kernel",
    ]
    assert tuple(layer.up_gate.kernel.shape) == (4, 16) and tuple(layer.down.kernel.shape) == (8, 4)
    # Only the first half of up_gate's columns goes through the SiLU: a gate column of
    # zeros gives 0 whatever the up column holds, not the other way round.
    kernel = np.zeros((4, 16), "float32")
    kernel[:, 8:] = 1.0
    layer.up_gate.kernel.assign(kernel)
    layer.down.kernel.assign(np.ones((8, 4), "float32"))
    np.testing.assert_array_equal(to_numpy(layer(np.ones((1, 16, 4), "float32"))), 0.0)


def test_config_round_trip_and_keras_file_safe_mode(tmp_path):
    x = np.random.default_rng(0).normal(size=(3, 5, 4)).astype("float32")
    ffn = GatedFeedForward(
        6,
        activation=keras_acts.layers.GeGLU(approximate="tanh"),
        output_dim=3,
        use_bias=True,
        kernel_initializer=keras.initializers.HeNormal(seed=2),
        bias_initializer="ones",
        kernel_regularizer="l2",
        bias_constraint="non_neg",
        name="ffn",
    )
    config = ffn.get_config()
    clone = GatedFeedForward.from_config(json.loads(json.dumps(config)))
    assert clone.get_config() == config
    inputs = keras.Input((5, 4))
    model = keras.Model(inputs, GatedFeedForward(6, activation="reglu")(ffn(inputs)))
    expected = to_numpy(model.predict(x, verbose=0))
    path = tmp_path / "ffn.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_array_equal(to_numpy(loaded.predict(x, verbose=0)), expected)
    restored = loaded.get_layer("ffn")
    assert isinstance(restored, GatedFeedForward) and restored.get_config() == config
    assert len(loaded.losses) == 2  # the kernel regularizer, on both kernels
    assert GatedFeedForward(4).compute_output_shape((None, None, 7)) == (None, None, 7)


BAD = [
    ({"hidden_dim": 0}, "hidden_dim"),
    ({"hidden_dim": 2.0}, "hidden_dim"),
    ({"hidden_dim": 2**30}, "hidden_dim"),
    ({"output_dim": -1}, "output_dim"),
    ({"activation": "relu"}, "activation"),
    ({"activation": "no_such"}, "activation"),
    ({"activation": keras_acts.layers.SwiGLU(axis=1)}, "activation"),
    ({"use_bias": "yes"}, "use_bias"),
    ({"kernel_initializer": "nope"}, "kernel_initializer"),
    ({"bias_regularizer": 3}, "bias_regularizer"),
]


@pytest.mark.parametrize(("kwargs", "name"), BAD, ids=[b[1] for b in BAD])
def test_bad_arguments_raise_named_value_error(kwargs, name):
    with pytest.raises(ValueError, match=f"`{name}`") as err:
        GatedFeedForward(**{"hidden_dim": 4, **kwargs})
    assert "Received" in str(err.value)
    if name == "hidden_dim":  # from a config too
        config = {**GatedFeedForward(4).get_config(), **kwargs}
        with pytest.raises(ValueError, match=f"`{name}`"):
            GatedFeedForward.from_config(config)


@pytest.mark.parametrize("variant", ["swiglu", "geglu"])
@pytest.mark.slow
def test_learns_under_mixed_bfloat16_and_jit_compiled_fit(variant):
    keras.config.set_dtype_policy("mixed_bfloat16")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 6, 8)).astype("float32")
    y = (x + 0.5 * np.tanh(x[..., ::-1])).astype("float32")
    inputs = keras.Input((6, 8))
    ffn = GatedFeedForward(16, activation=variant)
    outputs = keras.layers.Add()([inputs, ffn(keras.layers.LayerNormalization()(inputs))])
    model = keras.Model(inputs, keras.layers.Activation("linear", dtype="float32")(outputs))
    # torch.compile costs ~17 s per model on 2 CPU cores: under torch, one variant compiled.
    jit = BACKEND != "torch" or variant == "swiglu"
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse", jit_compile=jit)
    assert keras.backend.standardize_dtype(ffn(x[:2]).dtype) == "bfloat16"
    assert all(keras.backend.standardize_dtype(w.dtype) == "float32" for w in ffn.weights)
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0).history["loss"]
    assert np.all(np.isfinite(history)) and history[-1] < 0.5 * history[0], history
