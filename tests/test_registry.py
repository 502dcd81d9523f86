"""The catalogue, `get()`, shared defaults of function and layer, and validation."""

from __future__ import annotations

import inspect
import json

import keras
import numpy as np
import pytest
from cases import BAD_PARAMS

import keras_acts
from keras_acts.registry import REQUIRED, signature_params

# The stateless entries of SPEC.md's catalogue table: the contract.
SPEC_STATELESS = [
    "relu", "relu6", "leaky_relu", "threshold", "hard_tanh", "hard_sigmoid", "hard_swish",
    "sigmoid", "tanh", "softsign", "log_sigmoid", "tanh_shrink", "softplus", "elu", "selu",
    "celu", "gelu", "silu", "swish", "mish", "hard_shrink", "soft_shrink", "softmax",
    "log_softmax", "softmin", "glu", "lisht", "squareplus", "sparsemax", "snake",
]  # fmt: skip
SPEC_DEFAULTS = {
    "leaky_relu": {"negative_slope": 0.01},
    "threshold": {"threshold": REQUIRED, "value": REQUIRED},
    "hard_tanh": {"min_val": -1.0, "max_val": 1.0},
    "hard_sigmoid": {"alpha": 1 / 6, "beta": 0.5},
    "softplus": {"beta": 1.0, "threshold": 20.0},
    "elu": {"alpha": 1.0},
    "celu": {"alpha": 1.0},
    "gelu": {"approximate": "none"},
    "swish": {"beta": 1.0},
    "hard_shrink": {"lambd": 0.5},
    "soft_shrink": {"lambd": 0.5},
    "softmax": {"axis": -1},
    "log_softmax": {"axis": -1},
    "softmin": {"axis": -1},
    "glu": {"axis": -1},
    "squareplus": {"b": 4.0},
    "sparsemax": {"axis": -1},
    "snake": {"alpha": 1.0},
}

CATALOG = keras_acts.catalog()
BY_NAME = {info.name: info for info in CATALOG}


def test_every_spec_function_is_public_and_has_spec_defaults():
    for name in SPEC_STATELESS:
        fn = getattr(keras_acts, name)
        assert callable(fn), name
        assert signature_params(fn, skip=1) == SPEC_DEFAULTS.get(name, {}), name


def test_catalog_lists_every_spec_entry_with_metadata():
    names = {info.name for info in CATALOG}
    missing = [n for n in SPEC_STATELESS if n not in names]
    assert not missing, missing
    for name in ("prelu", "swish", "snake", "rrelu", "gumbel_softmax"):
        assert name in names
    for info in CATALOG:
        assert info.family in {"rectifier", "smooth", "normalizer", "trainable", "stochastic", "learnable"}
        assert info.formula, info.name
        assert issubclass(info.layer, keras.layers.Layer)
        json.dumps(info.as_dict())


@pytest.mark.parametrize("info", [i for i in CATALOG if i.function is not None], ids=lambda i: i.name)
def test_function_and_layer_share_implementation_and_defaults(info):
    fn_params = signature_params(info.function, skip=1)
    layer_params = signature_params(info.layer.__init__, skip=1)
    if info.family in ("rectifier", "smooth", "normalizer"):
        # Stateless: the layer calls the function, with exactly its parameters.
        assert info.layer.function is info.function
        assert layer_params == fn_params
        assert info.params == fn_params
    else:
        # Trainable / stochastic: every parameter both have has the same default.
        common = set(fn_params) & set(layer_params)
        assert common or info.name == "prelu"
        assert {k: fn_params[k] for k in common} == {k: layer_params[k] for k in common}


@pytest.mark.parametrize("info", CATALOG, ids=lambda i: i.name)
def test_get_resolves_every_name_and_alias(info):
    for key in (info.name, *info.aliases, info.layer.__name__, info.name.upper()):
        resolved = keras_acts.get(key)
        if info.function is not None:
            assert resolved is info.function, key
        else:
            assert isinstance(resolved, info.layer), key


def test_no_key_names_two_activations():
    owner = {}
    for info in CATALOG:
        for key in {k.lower() for k in (info.name, *info.aliases, info.layer.__name__)}:
            assert owner.setdefault(key, info.name) == info.name, key


@pytest.mark.parametrize(
    ("typo", "suggestion"), [("hard_tahn", "hard_tanh"), ("sofplus", "softplus"), ("gleu", "gelu")]
)
def test_get_rejects_unknown_names_with_suggestions(typo, suggestion):
    with pytest.raises(ValueError, match=suggestion) as err:
        keras_acts.get(typo)
    assert typo in str(err.value)


def test_get_accepts_config_dicts_callables_and_none():
    layer = keras_acts.layers.HardTanh(min_val=-2.0, max_val=3.0)
    config = keras.saving.serialize_keras_object(layer)
    restored = keras_acts.get(config)
    assert isinstance(restored, keras_acts.layers.HardTanh)
    assert (restored.min_val, restored.max_val) == (-2.0, 3.0)

    def my_act(x):
        return x

    assert keras_acts.get(my_act) is my_act
    assert keras_acts.get(None) is keras.activations.linear
    with pytest.raises(ValueError, match="identifier"):
        keras_acts.get(42)


@pytest.mark.parametrize(("name", "params", "param"), BAD_PARAMS, ids=lambda v: str(v))
def test_bad_hyper_parameters_raise_named_value_error(name, params, param):
    x = np.zeros((2, 4), "float32")
    with pytest.raises(ValueError, match=rf"`{param}`") as err:
        getattr(keras_acts, name)(x, **params)
    assert "Received" in str(err.value)
    info = BY_NAME.get(name)
    if info is not None:
        with pytest.raises(ValueError, match=rf"`{param}`"):
            info.layer(**params)


def test_axis_out_of_range_and_odd_glu_are_rejected():
    x = np.zeros((2, 5), "float32")
    with pytest.raises(ValueError, match="axis"):
        keras_acts.softmax(x, axis=2)
    with pytest.raises(ValueError, match="even"):
        keras_acts.glu(x)
    with pytest.raises(ValueError, match="even"):
        keras_acts.layers.GLU().compute_output_shape((None, 5))


def test_public_api_is_typed():
    for name in keras_acts.activations.__all__:
        sig = inspect.signature(getattr(keras_acts, name))
        assert sig.return_annotation is not inspect.Signature.empty, name
        for p in sig.parameters.values():
            assert p.annotation is not inspect.Parameter.empty, (name, p.name)
