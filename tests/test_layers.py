"""Every stateless layer: the same numbers as its function, config and `.keras` round
trips under `safe_mode=True`, a `jit_compile=True` fit step, output shapes, use as the
`activation=` of a Keras layer, mixed precision."""

from __future__ import annotations

import itertools
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


def _fit_changes_weights(model, jit_compile, epochs=2):
    """Fits `model` on a small regression: every weight moves, the losses (returned) are
    finite."""
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", jit_compile=jit_compile)
    x, y = _inputs(1), _inputs(2, (8, 1))
    before = [to_numpy(w).copy() for w in model.trainable_weights]
    history = model.fit(x, y, epochs=epochs, batch_size=4, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    after = [to_numpy(w) for w in model.trainable_weights]
    assert all(not np.array_equal(b, a) for b, a in zip(before, after, strict=True))
    return history.history["loss"]


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


@pytest.mark.slow
def test_every_layer_in_one_jit_compiled_model():
    """Every catalogue layer as a branch of one `jit_compile=True` model (torch.compile on
    torch, ~70 s on 2 CPU cores: the only such model there): every weight moves and the
    loss goes down at every epoch."""
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
    loss = _fit_changes_weights(model, jit_compile=True, epochs=8)
    assert all(after < before for before, after in itertools.pairwise(loss)), loss


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


# ------------------------------------------------------------- Keras's ReLU arguments

RELU_ARGS = [
    {},
    {"negative_slope": 0.5},
    {"max_value": 6.0},
    {"threshold": 1.5},
    {"max_value": 4.0, "negative_slope": 0.3, "threshold": 1.0},
    {"max_value": 0.5, "threshold": 2.0},  # a cap below the threshold
]


@pytest.mark.parametrize("kwargs", RELU_ARGS, ids=str)
def test_relu_takes_keras_arguments_with_keras_semantics(kwargs):
    """`keras.layers.ReLU` is the reference (NaN aside: Keras's thresholded form turns it
    into 0; keras-acts keeps NaN)."""
    x = np.concatenate([[-np.inf, np.inf, 0.0, 1.0, 1.5, 2.0, 4.0, 6.0], _inputs().ravel()]).astype("float32")
    expected = to_numpy(keras.layers.ReLU(**kwargs)(x))
    np.testing.assert_array_equal(to_numpy(keras_acts.layers.ReLU(**kwargs)(x)), expected)
    np.testing.assert_array_equal(to_numpy(keras_acts.relu(x, **kwargs)), expected)
    assert np.isnan(to_numpy(keras_acts.relu(np.array([np.nan], "float32"), **kwargs))).all()


def test_relu_positional_arguments_follow_keras_order():
    """`keras.layers.ReLU(6.0)` caps at 6 (MobileNet's form): the layer takes Keras's order,
    the function `keras.activations.relu`'s."""
    x = np.array([-2.0, 3.0, 8.0], "float32")
    np.testing.assert_array_equal(to_numpy(keras_acts.layers.ReLU(6.0)(x)), [0.0, 3.0, 6.0])
    np.testing.assert_array_equal(to_numpy(keras_acts.relu(x, 0.5, 6.0)), [-1.0, 3.0, 6.0])


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"max_value": -1.0}, "max_value"),
        ({"negative_slope": -0.1}, "negative_slope"),
        ({"threshold": -1.0}, "threshold"),
    ],
)
def test_relu_rejects_what_keras_relu_rejects(kwargs, param):
    with pytest.raises(ValueError):
        keras.layers.ReLU(**kwargs)
    with pytest.raises(ValueError, match=rf"`{param}`.*Received: {param}="):
        keras_acts.layers.ReLU(**kwargs)


# ---------------------------------------------------------------- masks along an axis


def _masked(shape, layer):
    """`layer` on a `keras.layers.Masking` output of `shape` (batch first)."""
    inputs = keras.Input(shape)
    return layer(keras.layers.Masking()(inputs))


def _mask_layers():
    return [
        lambda axis: keras_acts.layers.GLU(axis=axis),
        lambda axis: keras_acts.layers.SwiGLU(axis=axis),
        lambda axis: keras_acts.layers.Maxout(num_units=2, axis=axis),
        lambda axis: keras_acts.layers.GumbelSoftmax(axis=axis),
    ]


@pytest.mark.parametrize("make", _mask_layers())
def test_axis_layers_pass_on_a_mask_of_other_axes(make):
    """A `(batch, steps)` mask on `(batch, steps, features)`, the layer along features:
    the same mask comes out, with no warning."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _masked((5, 4), make(-1))
    assert tuple(out._keras_mask.shape) == (None, 5)
    x = np.zeros((2, 5, 4), "float32")
    x[:, :3] = _inputs(shape=(2, 3, 4))
    inputs = keras.Input((5, 4))
    y = make(-1)(keras.layers.Masking()(inputs))
    mask_model = keras.Model(inputs, y._keras_mask)
    np.testing.assert_array_equal(to_numpy(mask_model(x)), [[True] * 3 + [False] * 2] * 2)


@pytest.mark.parametrize("make", _mask_layers())
def test_axis_layers_drop_a_mask_of_their_axis_with_a_warning(make):
    """The mask covers the axis the layer reduces or splits: dropped, with a warning
    naming the layer and the axis."""
    layer = make(1)
    with pytest.warns(UserWarning, match=rf"{type(layer).__name__} layer '{layer.name}' acts along axis=1"):
        out = _masked((4, 6), layer)
    assert getattr(out, "_keras_mask", None) is None


# ------------------------------------------------------ PyTorch's keyword arguments


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda: keras_acts.layers.GLU(dim=1), r"GLU got dim=1: `dim` is PyTorch's name for `axis`.*axis=-1"),
        (lambda: keras_acts.layers.Softmax(dim=-1), r"Softmax got dim=-1: .*`axis`"),
        (lambda: keras_acts.layers.ReLU(inplace=True), r"ReLU got inplace=True: .*drop it"),
        (lambda: keras_acts.layers.HardTanh(-2.0, 2.0, inplace=True), r"HardTanh got inplace=True"),
        (lambda: keras_acts.layers.PReLU(num_parameters=8), r"PReLU got num_parameters=8: .*mode='channel'"),
        (lambda: keras_acts.layers.GELU(dim=1), r"GELU got dim=1: .*which GELU does not take"),
        (lambda: keras_acts.layers.RReLU(inplace=False), r"RReLU got inplace=False"),
    ],
)
def test_pytorch_keyword_arguments_get_a_hint(make, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        make()
