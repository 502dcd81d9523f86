"""Untrusted model files: every keras_acts model loads with `safe_mode=True` and its
config holds no code; a crafted `.keras` file with out-of-range hyper-parameters is
rejected on load with a `ValueError` naming the parameter."""

from __future__ import annotations

import json
import re
import zipfile

import keras
import numpy as np
import pytest
from _backend import to_numpy
from portable import build_model, data

import keras_acts

# Markers of serialized code in a Keras config: lambdas, marshalled bytecode, functions
# saved by value.
CODE_MARKERS = re.compile(r"lambda|__lambda__|function_type|bytecode|marshal|__bytes__|pickle", re.IGNORECASE)


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    model = build_model()
    path = tmp_path_factory.mktemp("safe") / "all_layers.keras"
    model.save(path)
    return model, path


def _config_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("config.json").decode()


def test_saved_config_holds_no_code(saved_model):
    _, path = saved_model
    text = _config_text(path)
    found = CODE_MARKERS.findall(text)
    assert not found, f"code markers in config.json: {sorted(set(found))}"
    registered = set(re.findall(r'"registered_name": "(keras_acts>[A-Za-z_0-9]+)"', text))
    for info in keras_acts.catalog():
        assert f"keras_acts>{info.layer.__name__}" in registered, info.name


def test_every_layer_loads_in_safe_mode(saved_model):
    model, path = saved_model
    loaded = keras.saving.load_model(path, safe_mode=True)
    x, _ = data(8)
    np.testing.assert_allclose(
        to_numpy(loaded.predict(x, verbose=0)), to_numpy(model.predict(x, verbose=0)), rtol=1e-6, atol=1e-6
    )


def _craft(source, target, layer_class: str, nested: bool = False, **changes) -> None:
    """Copies the `.keras` zip `source` to `target`, changing inside config.json the
    config of the first model layer of class `layer_class` (with `nested=True`: the
    first one anywhere, e.g. a layer passed as a Dense's `activation=`)."""

    def edit(node, in_layers: bool = False) -> bool:
        if isinstance(node, dict):
            if (
                node.get("class_name") == layer_class
                and isinstance(node.get("config"), dict)
                and (in_layers or nested)
            ):
                node["config"].update(changes)
                return True
            return any(edit(v, k == "layers") for k, v in node.items())
        if isinstance(node, list):
            return any(edit(v, in_layers) for v in node)
        return False

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "config.json":
                config = json.loads(content)
                assert edit(config), f"no {layer_class} in the saved config"
                content = json.dumps(config).encode()
            zout.writestr(item, content)


CRAFTED = [
    ("HardTanh", {"min_val": 3.0, "max_val": 2.0}, "min_val"),
    ("HardTanh", {"min_val": "-2.0"}, "min_val"),
    ("Softplus", {"beta": -1.0}, "beta"),
    ("Softplus", {"threshold": None}, "threshold"),
    ("GumbelSoftmax", {"tau": 0.0}, "tau"),
    ("GumbelSoftmax", {"hard": "yes"}, "hard"),
    ("PReLU", {"mode": "bogus"}, "mode"),
    ("RReLU", {"lower": 0.9, "upper": 0.1}, "lower"),
    ("Snake", {"alpha": -1.0}, "alpha"),
    ("CELU", {"alpha": 0.0}, "alpha"),
    ("Softmax", {"axis": "last"}, "axis"),
    ("ELU", {"alpha_value": 1.0}, "alpha_value"),  # an unknown key
]


@pytest.mark.parametrize(("layer_class", "changes", "param"), CRAFTED, ids=lambda v: str(v))
def test_crafted_file_with_bad_parameters_is_rejected(saved_model, tmp_path, layer_class, changes, param):
    _, path = saved_model
    crafted = tmp_path / "crafted.keras"
    _craft(path, crafted, layer_class, **changes)
    with pytest.raises(ValueError, match=rf"{layer_class}.*{param}"):
        keras.saving.load_model(crafted, safe_mode=True)


def test_crafted_activation_inside_a_keras_layer_is_rejected(saved_model, tmp_path):
    """A bad HardTanh passed as a Dense's `activation=`: Keras's Dense wraps every error
    of its sub-objects in a `TypeError`; the message still ends with ours."""
    _, path = saved_model
    crafted = tmp_path / "crafted.keras"
    _craft(path, crafted, "HardTanh", nested=True, min_val=3.0, max_val=2.0)
    with pytest.raises((TypeError, ValueError), match=r"Argument `min_val` must be less than `max_val`"):
        keras.saving.load_model(crafted, safe_mode=True)
