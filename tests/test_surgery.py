"""`keras_acts.replace_activations`: model surgery on keras.applications models and on
small nested models; same function -> same outputs, a real change -> different outputs
and a report, weights kept, the result saved and loaded with `safe_mode=True`."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _backend import to_numpy

import keras_acts
from keras_acts import Replacement, replace_activations

SHAPE = (32, 32, 3)  # the smallest input keras.applications accept: keeps the suite fast
# Logits, not softmax: the untrained networks' outputs are tiny (~1e-10) and their
# softmax is exactly uniform, so the comparisons are relative to the outputs' size.
APP = {
    "weights": None,
    "input_shape": SHAPE,
    "include_top": True,
    "classes": 10,
    "classifier_activation": None,
}


def assert_same(actual, expected, rtol=1e-5):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * np.abs(expected).max())


def assert_different(actual, expected):
    assert np.abs(actual - expected).max() > 1e-2 * np.abs(expected).max()


def run(model, images):
    """One compiled forward pass (`predict_on_batch`): on JAX an eager call of a whole
    keras.applications network compiles every op separately, several seconds a model."""
    return np.asarray(model.predict_on_batch(images))


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).normal(size=(2, *SHAPE)).astype("float32")


@pytest.fixture(scope="module")
def mobilenet(images):
    # Not the seed each test starts from (conftest): a copy's fresh initial weights then
    # differ from these, so outputs match only where the weights were copied.
    keras.utils.set_random_seed(1)
    model = keras.applications.MobileNetV3Small(**APP)
    return model, run(model, images)


def _plain_relu_names(model) -> set[str]:
    return {
        layer.name
        for layer in model.layers
        if type(layer) is keras.layers.ReLU and layer.max_value is None and not layer.negative_slope
    }


def test_mobilenet_same_functions_give_the_same_outputs(mobilenet, images):
    model, expected = mobilenet
    new, report = replace_activations(model, {"relu": "relu", "hard_swish": "keras_acts>hard_swish"})
    assert new is not model
    assert {r.old for r in report} == {"ReLU", "hard_silu"}
    assert {r.new for r in report} == {"keras_acts>relu", "keras_acts>hard_swish"}
    assert {r.path for r in report if r.old == "ReLU"} == _plain_relu_names(model)  # ReLU(6.0) is relu6
    assert all(r.target == "layer" for r in report)
    assert_same(run(new, images), expected)
    # The original is left as it was, and still runs: the copy holds its own buffers
    # (JAX's compiled predict donates them).
    assert_same(run(model, images), expected)
    assert all(type(model.get_layer(r.path)) in (keras.layers.ReLU, keras.layers.Activation) for r in report)


def test_mobilenet_relu_to_gelu_changes_outputs_reports_and_saves(mobilenet, images, tmp_path, capsys):
    model, expected = mobilenet
    new, report = replace_activations(model, {"relu": keras_acts.get("gelu")}, verbose=True)
    assert {r.path for r in report} == _plain_relu_names(model)
    assert all((r.target, r.old, r.new) == ("layer", "ReLU", "keras_acts>gelu") for r in report)
    printed = capsys.readouterr().out
    assert all(str(r) in printed for r in report)
    for r in report:
        assert new.get_layer(r.path).activation is keras_acts.gelu
    outputs = run(new, images)
    assert_different(outputs, expected)
    path = tmp_path / "mobilenet_gelu.keras"
    new.save(path)
    restored = keras.saving.load_model(path, safe_mode=True)
    assert_same(run(restored, images), outputs, rtol=1e-6)


@pytest.mark.slow
def test_efficientnet_swish_and_conv_activations(images):
    keras.utils.set_random_seed(0)
    model = keras.applications.EfficientNetB0(**APP)
    expected = run(model, images)
    new, report = replace_activations(model, {"swish": keras_acts.silu, "sigmoid": "keras_acts>sigmoid"})
    targets = {(r.target, r.old, r.new) for r in report}
    assert targets == {
        ("layer", "silu", "keras_acts>silu"),  # the Activation("swish") layers
        ("activation", "silu", "keras_acts>silu"),  # the squeeze-excite Conv2Ds'
        ("activation", "sigmoid", "keras_acts>sigmoid"),
    }
    assert_same(run(new, images), expected, rtol=1e-4)


# A mapping target for Keras's elu that must not be applied (the ELU layer's alpha is not 1).
ELU_LIKE = next(
    i.name for i in keras_acts.catalog() if i.family == "smooth" and "alpha" in i.params and i.name != "elu"
)


def _nested_model() -> keras.Model:
    inner_in = keras.Input((6,))
    inner = keras.Model(
        inner_in, keras.layers.Dense(8, activation="relu", name="dense")(inner_in), name="inner"
    )
    x_in = keras.Input((6,))
    x = inner(x_in)
    x = keras.layers.LeakyReLU(negative_slope=0.2, name="leaky")(x)
    x = keras.layers.Dense(8, activation="tanh", name="head")(x)
    x = keras.layers.ELU(alpha=0.5, name="elu")(x)  # not Keras's elu (alpha 1): left
    out = keras.layers.Softmax(name="softmax")(x)
    return keras.Model(x_in, out, name="outer")


def test_nested_models_dense_activations_and_activation_layers(rng, tmp_path):
    model = _nested_model()
    x = rng.normal(size=(4, 6)).astype("float32")
    mapping = {
        "relu": keras_acts.layers.PReLU,
        keras.layers.LeakyReLU: "leaky_relu",
        "softmax": {"module": None, "class_name": "keras_acts>Softmax", "config": {"axis": -1}},
        "elu": ELU_LIKE,
    }
    new, report = replace_activations(model, mapping)
    assert [(r.path, r.target, r.old, r.new) for r in report] == [
        ("inner/dense", "activation", "relu", "PReLU"),
        ("leaky", "layer", "LeakyReLU", "keras_acts>leaky_relu"),
        ("softmax", "layer", "Softmax", "Softmax"),
    ]
    assert all(isinstance(r, Replacement) for r in report)
    dense = new.get_layer("inner").get_layer("dense")
    assert isinstance(dense.activation, keras_acts.layers.PReLU) and dense.activation.built
    assert model.get_layer("inner").get_layer("dense").activation is keras.activations.relu  # original kept
    for old, copy in (
        (model.get_layer("inner").get_layer("dense"), dense),
        (model.get_layer("head"), new.get_layer("head")),
    ):
        for a, b in zip(old.get_weights(), copy.get_weights()[:2], strict=True):
            np.testing.assert_array_equal(a, b)
    assert isinstance(new.get_layer("softmax"), keras_acts.layers.Softmax)
    assert type(new.get_layer("elu")) is keras.layers.ELU

    # The reference: the same network written by hand with the new activations.
    h = to_numpy(model.get_layer("inner").get_layer("dense").kernel)
    pre = x @ h + to_numpy(model.get_layer("inner").get_layer("dense").bias)
    h = np.where(pre > 0, pre, 0.25 * pre)  # PReLU's initial slope
    h = np.where(h > 0, h, 0.01 * h)  # keras_acts.leaky_relu
    h = np.tanh(h @ to_numpy(new.get_layer("head").kernel) + to_numpy(new.get_layer("head").bias))
    h = np.where(h > 0, h, 0.5 * np.expm1(h))
    expected = np.exp(h) / np.exp(h).sum(-1, keepdims=True)
    np.testing.assert_allclose(to_numpy(new(x)), expected, rtol=1e-5, atol=1e-6)

    path = tmp_path / "nested.keras"
    new.save(path)
    restored = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_allclose(to_numpy(restored(x)), to_numpy(new(x)), rtol=1e-6, atol=1e-7)


def test_sequential_and_errors():
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(2, activation="gelu"), keras.layers.ReLU()]
    )
    new, report = replace_activations(
        model, {"gelu": "gelu", keras.layers.ReLU: keras_acts.layers.HardTanh(0.0, 6.0)}
    )
    assert isinstance(new, keras.Sequential) and len(report) == 2
    assert isinstance(new.layers[1], keras_acts.layers.HardTanh) and new.layers[1].max_val == 6.0
    with pytest.raises(ValueError, match="Could not interpret"):
        replace_activations(model, {"no_such_activation": "gelu"})
    with pytest.raises(ValueError, match="hard_tanh"):
        replace_activations(model, {"relu": "hard_tahn"})
    with pytest.raises(ValueError, match="replacement"):
        replace_activations(model, {"relu": 42})

    class Subclassed(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="Sequential"):
        replace_activations(Subclassed(), {"relu": "gelu"})
