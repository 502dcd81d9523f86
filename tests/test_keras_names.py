"""The Keras way in: `"keras_acts>name"` strings in `activation=`, `get(name, **params)`
always giving something valid as `activation=`, and the `create_layer` / `layer_class`
factory."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import keras
import numpy as np
import pytest
from _backend import to_numpy

import keras_acts
from keras_acts import _keras_hook
from keras_acts.registry import PREFIX, REQUIRED, needs_layer, signature_params

CATALOG = keras_acts.catalog()
# A smooth activation without hyper-parameters that Keras lacks: a prefixed name's example.
PLAIN = next(
    info.name
    for info in CATALOG
    if info.family == "smooth" and not info.params and not hasattr(keras.activations, info.name)
)
BY_NAME = {info.name: info for info in CATALOG}
# Where scripts/test.sh installs the oldest supported Keras (pyproject: keras>=3.8).
OLDEST_KERAS = Path(
    os.environ.get("KERAS_ACTS_OLDEST_KERAS", Path(__file__).parents[1] / "out" / "keras-3.8.0")
)


def _required(info) -> dict:
    return {
        k: info.example.get(k, 1.0)
        for k, v in signature_params(info.layer.__init__, 1).items()
        if v is REQUIRED
    }


def _example_params(info) -> dict:
    """Values for the required parameters (the declared examples; Maxout's unit count)."""
    params = _required(info)
    if "num_units" in params:
        params["num_units"] = 2
    return params


# ------------------------------------------------------------ "keras_acts>name" strings


def test_prefixed_name_works_in_any_layer_and_keras_activations_get():
    dense = keras.layers.Dense(8, activation="keras_acts>hard_tanh")
    assert dense.activation is keras_acts.hard_tanh
    conv = keras.layers.Conv1D(2, 3, activation=f"keras_acts>{PLAIN}")
    assert conv.activation is getattr(keras_acts, PLAIN)
    assert keras.layers.Activation("keras_acts>gelu").activation is keras_acts.gelu
    assert keras.activations.get("keras_acts>gelu") is keras_acts.gelu
    # Aliases and the registered layer name stand for the same function.
    assert keras.activations.get("keras_acts>hardtanh") is keras_acts.hard_tanh
    assert keras.activations.get("keras_acts>HardTanh") is keras_acts.hard_tanh


@pytest.mark.parametrize("info", CATALOG, ids=lambda i: i.name)
def test_every_prefixed_name_is_its_function_or_points_at_the_layer(info):
    for key in (info.name, *info.aliases):
        if needs_layer(info):
            # One shared object would be wrong (weights, required parameters, a
            # training mode): the error points at get(name, **params) and the layer.
            with pytest.raises(ValueError, match=r"keras_acts\.get\(") as err:
                keras.layers.Dense(4, activation=PREFIX + key)
            assert f"keras_acts.layers.{info.layer.__name__}" in str(err.value)
        else:
            assert keras.activations.get(PREFIX + key) is info.function, key


def test_layer_needing_names_are_the_expected_ones():
    expected = {"prelu", "threshold", "maxout", "rrelu", "gumbel_softmax", "swish", "snake"}
    expected |= {i.name for i in CATALOG if i.family == "learnable"}
    assert {i.name for i in CATALOG if needs_layer(i)} >= expected
    assert not needs_layer(BY_NAME["hard_tanh"]) and not needs_layer(BY_NAME["softmax"])


def test_misspelled_prefixed_name_lists_close_matches():
    with pytest.raises(ValueError, match="hard_tanh") as err:
        keras.activations.get("keras_acts>hard_tahn")
    assert "keras_acts>hard_tahn" in str(err.value) and "Did you mean" in str(err.value)
    with pytest.raises(ValueError, match="Did you mean"):
        keras.layers.Dense(3, activation="keras_acts>sofplus")


def test_plain_names_keep_their_keras_meaning():
    x = np.array([-1.0, 2.0], "float32")
    assert keras.activations.get("gelu") is keras.activations.gelu
    assert keras.activations.get("leaky_relu") is keras.activations.leaky_relu
    keras_slope = to_numpy(keras.layers.Dense(2, activation="leaky_relu").activation(x))
    ours = to_numpy(keras.layers.Dense(2, activation="keras_acts>leaky_relu").activation(x))
    np.testing.assert_allclose(keras_slope, [-0.2, 2.0], rtol=1e-6)
    np.testing.assert_allclose(ours, [-0.01, 2.0], rtol=1e-6)
    with pytest.raises(ValueError, match="Could not interpret"):
        keras.activations.get("not_an_activation")


def test_prefixed_names_survive_safe_save_and_load(tmp_path, rng):
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(5, activation="keras_acts>hard_tanh"),
            keras.layers.Activation(f"keras_acts>{PLAIN}"),
            keras.layers.Dense(3, activation="keras_acts>leaky_relu"),
        ]
    )
    x = rng.normal(size=(4, 6)).astype("float32")
    path = tmp_path / "strings.keras"
    model.save(path)
    restored = keras.saving.load_model(path, safe_mode=True)
    assert restored.layers[0].activation is keras_acts.hard_tanh
    assert restored.layers[2].activation is keras_acts.leaky_relu
    np.testing.assert_allclose(to_numpy(restored(x)), to_numpy(model(x)), rtol=1e-6, atol=1e-7)


def test_hook_degrades_to_unsupported_on_an_unexpected_keras_layout():
    assert _keras_hook.install() is True  # idempotent: already installed at import
    table = keras.src.activations.ALL_OBJECTS_DICT
    assert _keras_hook.install() is True and keras.src.activations.ALL_OBJECTS_DICT is table

    assert _keras_hook.install(types.ModuleType("no_table")) is False
    other = types.ModuleType("other_get")
    other.ALL_OBJECTS_DICT = {"relu": keras.activations.relu}
    other.get = lambda identifier: identifier  # does not read the table: left alone
    assert _keras_hook.install(other) is False
    assert type(other.ALL_OBJECTS_DICT) is dict


_OLDEST_SCRIPT = textwrap.dedent(
    """
    import tempfile, numpy as np, keras, keras_acts
    assert keras.__version__ == "3.8.0", keras.__version__
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="keras_acts>hard_tanh")])
    assert model.layers[0].activation is keras_acts.hard_tanh
    try:
        keras.activations.get("keras_acts>hard_tahn")
        raise SystemExit("no error for a misspelled name")
    except ValueError as error:
        assert "hard_tanh" in str(error), error
    x = np.ones((2, 4), "float32")
    path = tempfile.mkdtemp() + "/m.keras"
    model.save(path)
    restored = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_allclose(np.asarray(restored(x)), np.asarray(model(x)), rtol=1e-6)
    print("ok", keras.__version__)
    """
)


@pytest.mark.skipif(keras.backend.backend() != "jax", reason="runs once, in the JAX session")
@pytest.mark.slow
def test_prefixed_names_work_with_the_oldest_supported_keras():
    if not (OLDEST_KERAS / "keras" / "__init__.py").exists():
        pytest.skip(
            f"keras==3.8.0 is not installed in {OLDEST_KERAS} (scripts/test.sh puts it there: "
            f"pip install --no-deps --target {OLDEST_KERAS} keras==3.8.0)"
        )
    env = {
        **os.environ,
        "KERAS_BACKEND": "jax",
        "PYTHONPATH": os.pathsep.join([str(OLDEST_KERAS), os.getcwd()]),
    }
    result = subprocess.run(
        [sys.executable, "-c", _OLDEST_SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok 3.8.0" in result.stdout


# ------------------------------------------------------------ get(name, **params)


@pytest.mark.parametrize("info", CATALOG, ids=lambda i: i.name)
def test_get_gives_something_valid_as_activation_for_every_name(info, rng):
    x = rng.normal(size=(3, 5)).astype("float32")
    for key in (info.name, *info.aliases, info.layer.__name__, PREFIX + info.name):
        if _required(info):
            with pytest.raises(ValueError, match=", ".join(_required(info))):
                keras_acts.get(key)
            resolved = keras_acts.get(key, **_example_params(info))
        else:
            resolved = keras_acts.get(key)
        if needs_layer(info):
            assert isinstance(resolved, info.layer), key
        else:
            assert resolved is info.function, key
    dense = keras.layers.Dense(4, activation=resolved)
    y = to_numpy(dense(x))
    assert y.shape[0] == 3 and np.isfinite(y).all()


def test_get_with_params_gives_a_configured_layer():
    assert keras_acts.get("hardtanh") is keras_acts.hard_tanh
    layer = keras_acts.get("hard_tanh", min_val=-2.0)
    assert isinstance(layer, keras_acts.layers.HardTanh) and (layer.min_val, layer.max_val) == (-2.0, 1.0)
    assert isinstance(keras_acts.get("prelu"), keras_acts.layers.PReLU)
    assert keras_acts.get("prelu") is not keras_acts.get("prelu")  # never a shared object
    assert keras_acts.get("keras_acts>gelu") is keras_acts.gelu
    gelu = keras_acts.get("keras_acts>gelu", approximate="tanh")
    assert isinstance(gelu, keras_acts.layers.GELU) and gelu.approximate == "tanh"


def test_get_rejects_bad_or_missing_params_naming_them():
    with pytest.raises(ValueError, match="threshold, value"):
        keras_acts.get("threshold")
    with pytest.raises(ValueError, match="min_val"):
        keras_acts.get("hard_tanh", min_val=3.0)
    with pytest.raises(ValueError, match="beta"):
        keras_acts.get("softplus", beta=-1.0)
    with pytest.raises(ValueError, match="bogus"):
        keras_acts.get("hard_tanh", bogus=1)
    with pytest.raises(ValueError, match="name only"):
        keras_acts.get(keras_acts.relu, negative_slope=0.1)


def test_get_identity_and_linear():
    if "identity" in BY_NAME:
        assert keras_acts.get("identity") is BY_NAME["identity"].function
        assert keras_acts.get("linear") is BY_NAME["identity"].function
    else:
        assert keras_acts.get("identity") is keras.activations.linear
        assert keras_acts.get("linear") is keras.activations.linear
        assert keras_acts.layer_class("identity") is keras.layers.Identity


def test_get_rrelu_is_random_in_training_only(rng):
    x = -np.abs(rng.normal(size=(8, 16))).astype("float32") - 0.5
    model = keras.Sequential(
        [
            keras.Input((16,)),
            keras.layers.Dense(16, activation=keras_acts.get("rrelu"), kernel_initializer="identity"),
        ]
    )
    inference = to_numpy(model(x, training=False))
    np.testing.assert_allclose(inference, x * (0.125 + 1 / 3) / 2, rtol=1e-5)
    trained = to_numpy(model(x, training=True))  # what `fit` does
    assert not np.allclose(trained, inference)
    slopes = trained / x
    assert (slopes >= 0.125 - 1e-6).all() and (slopes <= 1 / 3 + 1e-6).all()


# ------------------------------------------------------------ the factory


def test_layer_class_and_create_layer():
    assert keras_acts.layer_class("hardtanh") is keras_acts.layers.HardTanh
    assert keras_acts.layer_class("keras_acts>PReLU") is keras_acts.layers.PReLU
    assert keras_acts.layer_class("concrete") is keras_acts.layers.GumbelSoftmax
    layer = keras_acts.create_layer("softplus", beta=2.0, name="sp")
    assert isinstance(layer, keras_acts.layers.Softplus) and layer.beta == 2.0 and layer.name == "sp"
    assert isinstance(keras_acts.create_layer("relu"), keras_acts.layers.ReLU)
    threshold = keras_acts.create_layer("threshold", threshold=0.1, value=-1.0)
    assert (threshold.threshold, threshold.value) == (0.1, -1.0)


def test_factory_errors_match_get():
    for factory in (keras_acts.layer_class, keras_acts.create_layer, keras_acts.get):
        with pytest.raises(ValueError, match="hard_tanh") as err:
            factory("hard_tahn")
        assert "Did you mean" in str(err.value)
    with pytest.raises(ValueError, match="num_units"):
        keras_acts.create_layer("maxout")
    with pytest.raises(ValueError, match="lambd"):
        keras_acts.create_layer("soft_shrink", lambd=-1.0)


def test_new_api_is_exported_and_typed():
    for name in ("get", "create_layer", "layer_class", "replace_activations", "Replacement"):
        assert name in keras_acts.__all__
    for fn in (
        keras_acts.get,
        keras_acts.create_layer,
        keras_acts.layer_class,
        keras_acts.replace_activations,
    ):
        sig = inspect.signature(fn)
        assert sig.return_annotation is not inspect.Signature.empty, fn.__name__
        assert all(p.annotation is not inspect.Parameter.empty for p in sig.parameters.values()), fn.__name__
        for section in ("Args:", "Returns:", "Raises:", "Example:"):
            assert section in fn.__doc__, (fn.__name__, section)
