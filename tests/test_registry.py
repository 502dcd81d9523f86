"""The catalogue, `get()`, shared defaults of function and layer, and validation."""

from __future__ import annotations

import inspect
import json

import keras
import numpy as np
import pytest
import torch
from cases import AXIS, ELEMENTWISE, LAYER, ROWS

import keras_acts
from keras_acts.registry import REQUIRED, needs_layer, signature_params

# The stateless entries of SPEC.md's catalogue table, the contract, with their defaults:
# the rows of tests/cases.py that give `spec`.
SPEC_DEFAULTS = {row.name: dict(row.spec) for row in ROWS if row.spec is not None}
SPEC_STATELESS = list(SPEC_DEFAULTS)

CATALOG = keras_acts.catalog()
BY_NAME = {info.name: info for info in CATALOG}


def test_every_spec_function_is_public_and_has_spec_defaults():
    for name in SPEC_STATELESS:
        fn = getattr(keras_acts, name)
        assert callable(fn), name
        assert signature_params(fn, skip=1) == SPEC_DEFAULTS[name], name


def test_catalog_lists_every_spec_entry_with_metadata():
    names = {info.name for info in CATALOG}
    missing = [n for n in SPEC_STATELESS if n not in names]
    assert not missing, missing
    for name in ("prelu", "swish", "snake", "rrelu", "gumbel_softmax"):
        assert name in names
    for info in CATALOG:
        assert info.family in {
            "rectifier",
            "smooth",
            "gated",
            "normalizer",
            "trainable",
            "stochastic",
            "learnable",
        }
        assert info.formula, info.name
        assert issubclass(info.layer, keras.layers.Layer)
        json.dumps(info.as_dict())


@pytest.mark.parametrize("info", [i for i in CATALOG if i.function is not None], ids=lambda i: i.name)
def test_function_and_layer_share_implementation_and_defaults(info):
    # The hyper-parameters: after `x` and any further input tensor (`swiglu(gate, up)`).
    inputs = keras_acts._catalog.declaration(info.function).inputs
    fn_params = signature_params(info.function, skip=1 + len(inputs))
    layer_params = signature_params(info.layer.__init__, skip=1)
    if info.family in ("rectifier", "smooth", "gated", "normalizer"):
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
    # The function where it will do; a new layer where the activation has weights,
    # required parameters or a training mode (tests/test_keras_names.py has the details).
    required = {k: v for k, v in info.example.items() if info.params.get(k) is REQUIRED}
    if "num_units" in info.params and info.params["num_units"] is REQUIRED:
        required["num_units"] = 2
    for key in (info.name, *info.aliases, info.layer.__name__, info.name.upper()):
        resolved = keras_acts.get(key, **required)
        if info.function is not None and not needs_layer(info):
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


# ------------------------------------------------------------ the test case table


def test_every_catalogue_entry_has_exactly_one_row():
    """A new activation without a row in tests/cases.py fails here (and is tested by
    nothing else until it has one)."""
    names = [row.name for row in ROWS]
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"tests/cases.py has more than one row for {twice}"
    missing = [info.name for info in CATALOG if info.name not in names]
    assert not missing, f"add a row to tests/cases.py for {missing}"


def _kind(info) -> str:
    if info.family == "learnable":
        return LAYER
    if info.family in ("gated", "normalizer", "stochastic") and "axis" in signature_params(info.function, 1):
        return AXIS
    return ELEMENTWISE


def _check_reference_runs(row, info) -> None:
    """The reference gives finite numbers of the right shape for every parameter set."""
    for params in row.cases():
        if row.kind == LAYER:
            layer = info.layer(**params)
            layer.build(row.shape)
            rng = np.random.default_rng(0)
            shapes = {w.name: tuple(w.shape) for w in layer.weights}
            weights = row.weights(rng, shapes, params)
            assert {k: np.shape(v) for k, v in weights.items()} == shapes, params
            x = rng.normal(size=row.shape)
            y = row.reference(x, weights, **params)
            assert tuple(y.shape) == tuple(layer.compute_output_shape(row.shape)), params
        else:
            x = np.linspace(-3.0, 3.0, 48).reshape(2, 4, 6)
            y = row.reference(torch.tensor(x), **params)
            assert isinstance(y, torch.Tensor) and y.dtype == torch.float64, params
            y = y.numpy()
        assert np.isfinite(y).all(), (row.name, params)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_row_names_a_catalogue_entry_and_has_a_reference(row):
    assert row.name in BY_NAME, f"tests/cases.py: the row {row.name!r} names no catalogue entry"
    info = BY_NAME[row.name]
    assert callable(row.reference), f"{row.name}: no reference"
    assert not row.reference.__module__.startswith("keras_acts"), f"{row.name}: the reference is keras_acts'"
    assert row.kind == _kind(info), f"{row.name}: kind {row.kind!r}, the catalogue says {_kind(info)!r}"
    assert (row.weights is not None) == (row.kind == LAYER), row.name
    # Defaults first, then distinct non-default sets of real parameters.
    assert row.params and row.params[0] == {}, f"{row.name}: the first parameter set must be the defaults"
    assert all(row.params[1:]) and len({repr(p) for p in row.params}) == len(row.params), row.name
    takes = (
        signature_params(info.layer.__init__, 1) if row.kind == LAYER else signature_params(info.function, 1)
    )
    required = {k for k, v in takes.items() if v is REQUIRED}
    assert set(row.required) == required, f"{row.name}: example values needed for exactly {required}"
    for params in row.cases():
        assert set(params) <= set(takes), (row.name, params)
    layer_takes = signature_params(info.layer.__init__, 1)
    for params, param in row.bad:
        assert param in {*takes, *layer_takes} and set(params) <= {*takes, *layer_takes}, (row.name, params)
    assert set(row.constructor_kwargs()) <= set(layer_takes), row.name
    _check_reference_runs(row, info)
