"""Every stateless layer: the same numbers as its function, config and `.keras` round
trips under `safe_mode=True`, a `jit_compile=True` fit step, output shapes, use as the
`activation=` of a Keras layer, mixed precision."""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest
from _backend import to_numpy
from cases import ROW, entries

import keras_acts

STATELESS = ("rectifier", "smooth", "gated", "normalizer")
OVER_AN_AXIS = ("gated", "normalizer")
ENTRIES = {info.name: info for info in entries() if info.family in STATELESS}


def _layer_cases(defaults_only: bool = False):
    """Every parameter set of the table's rows (the defaults only, if asked)."""
    return [
        pytest.param(name, params, id=f"{name}-{params}")
        for name in ENTRIES
        for params in ROW[name].cases()[: 1 if defaults_only else None]
    ]


LAYER_CASES = _layer_cases()
DEFAULT_CASES = _layer_cases(defaults_only=True)


def _make(name, params):
    return ENTRIES[name].layer(**params)


def _inputs(seed=0, shape=(8, 6)):
    return np.random.default_rng(seed).normal(scale=3.0, size=shape).astype("float32")


@pytest.mark.parametrize(("name", "params"), LAYER_CASES)
def test_layer_equals_function(name, params):
    x = _inputs(shape=(4, 6, 6))
    layer = _make(name, params)
    np.testing.assert_array_equal(to_numpy(layer(x)), to_numpy(ENTRIES[name].function(x, **params)))


@pytest.mark.parametrize(("name", "params"), LAYER_CASES)
def test_config_round_trip(name, params):
    layer = _make(name, params)
    config = layer.get_config()
    for key, value in params.items():
        assert config[key] == value
    json.dumps(config)  # plain JSON, no objects
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    x = _inputs()
    np.testing.assert_array_equal(to_numpy(clone(x)), to_numpy(layer(x)))


@pytest.mark.parametrize(("name", "params"), LAYER_CASES)
def test_keras_file_round_trip_safe_mode(name, params, tmp_path):
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(12, activation=_make(name, params)),
            _make(name, params),
        ]
    )
    x = _inputs()
    expected = to_numpy(model.predict(x, verbose=0))
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_array_equal(to_numpy(loaded.predict(x, verbose=0)), expected)
    assert type(loaded.layers[-1]) is ENTRIES[name].layer
    assert loaded.layers[-1].get_config() == model.layers[-1].get_config()
    assert loaded.layers[0].activation.get_config() == model.layers[0].activation.get_config()


@pytest.mark.parametrize("name", sorted(n for n in ENTRIES if ENTRIES[n].family not in OVER_AN_AXIS))
def test_function_as_activation_argument_round_trip(name, tmp_path):
    """A keras_acts function passed as `activation=` saves by its registered name."""
    if ROW[name].required:
        pytest.skip(f"{name} has required parameters: use the {ENTRIES[name].layer.__name__} layer")
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, activation=ENTRIES[name].function)])
    x = _inputs()
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert loaded.layers[0].activation is ENTRIES[name].function
    np.testing.assert_array_equal(
        to_numpy(loaded.predict(x, verbose=0)), to_numpy(model.predict(x, verbose=0))
    )


# torch.compile takes ~8 s per model on 2 CPU cores: under torch each layer trains
# eagerly on its own and all of them together in one jit-compiled model (below).
PER_LAYER_JIT = keras.backend.backend() != "torch"


# Faster than linear growth (exp, squares, products of two halves) diverges under SGD(0.01)
# on these inputs (of scale 3, through a Dense layer): those layers see them scaled down
# by their row's `fit_scale`.
def _scaled_for(name):
    scale = ROW[name].fit_scale
    return [keras.layers.Rescaling(scale)] if scale != 1.0 else []


def _fit_changes_weights(model, jit_compile):
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", jit_compile=jit_compile)
    x, y = _inputs(1), _inputs(2, (8, 1))
    before = [to_numpy(w).copy() for w in model.trainable_weights]
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    after = [to_numpy(w) for w in model.trainable_weights]
    assert all(not np.array_equal(b, a) for b, a in zip(before, after, strict=True))


@pytest.mark.parametrize(("name", "params"), DEFAULT_CASES)
def test_fit_step(name, params):
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(6),
            *_scaled_for(name),
            _make(name, params),
            keras.layers.Dense(1),
        ]
    )
    _fit_changes_weights(model, jit_compile=PER_LAYER_JIT)


def test_every_layer_in_one_jit_compiled_model():
    keras.utils.set_random_seed(1)
    inputs = keras.Input((6,))
    branches = []
    for case in DEFAULT_CASES:
        name, params = case.values
        hidden = keras.layers.Dense(6)(inputs)
        for scale in _scaled_for(name):
            hidden = scale(hidden)
        branches.append(keras.layers.Dense(1)(_make(name, params)(hidden)))
    # Averaged, not summed: the step each branch takes does not grow with the catalogue.
    model = keras.Model(inputs, keras.layers.Average()(branches))
    _fit_changes_weights(model, jit_compile=True)


@pytest.mark.parametrize(("name", "params"), LAYER_CASES)
def test_compute_output_shape(name, params):
    layer = _make(name, params)
    x = _inputs(shape=(3, 4, 6))
    actual = tuple(to_numpy(layer(x)).shape)
    assert tuple(layer.compute_output_shape(x.shape)) == actual
    symbolic = _make(name, params)(keras.Input((None, 6)))
    assert tuple(symbolic.shape)[2:] == actual[2:]


@pytest.mark.parametrize(("name", "params"), DEFAULT_CASES)
def test_mixed_bfloat16_policy(name, params):
    keras.config.set_dtype_policy("mixed_bfloat16")
    layer = _make(name, params)
    y = layer(_inputs())
    assert keras.backend.standardize_dtype(y.dtype) == "bfloat16"
    assert layer.compute_dtype == "bfloat16" and layer.variable_dtype == "float32"
    assert np.all(np.isfinite(to_numpy(keras.ops.cast(y, "float32"))))


@pytest.mark.parametrize("name", sorted(n for n in ENTRIES if ENTRIES[n].family not in OVER_AN_AXIS))
def test_elementwise_layers_propagate_masks(name):
    layer = _make(name, ROW[name].cases()[0])
    assert layer.supports_masking
    x = _inputs(shape=(2, 5, 6))
    mask = keras.ops.convert_to_tensor(np.array([[1, 1, 0, 0, 1]] * 2, bool))
    np.testing.assert_array_equal(to_numpy(layer.compute_mask(x, mask)), to_numpy(mask))


def test_layer_rejects_unknown_config_keys():
    config = keras_acts.layers.HardTanh().get_config()
    config["min_value"] = -2.0
    with pytest.raises((TypeError, ValueError), match="min_value"):
        keras_acts.layers.HardTanh.from_config(config)


def test_hard_tanh_with_parameters_as_dense_activation(tmp_path):
    """The SPEC's example: a parameterized activation survives save/load with its params."""
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(
                8,
                activation=keras_acts.layers.HardTanh(min_val=-2.0, max_val=2.0),
                kernel_initializer=keras.initializers.Constant(2.0),
            ),
        ]
    )
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    act = loaded.layers[0].activation
    assert isinstance(act, keras_acts.layers.HardTanh)
    assert (act.min_val, act.max_val) == (-2.0, 2.0)
    y = to_numpy(loaded.predict(np.ones((1, 3), "float32"), verbose=0))
    np.testing.assert_array_equal(y, np.full((1, 8), 2.0, "float32"))
