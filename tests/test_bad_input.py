"""Bad input: every hyper-parameter of every catalogue entry is checked at construction
(layers), at call (functions, and layers whose attributes were changed) and on
`from_config`, with a `ValueError` naming it; non-real inputs are cast or rejected,
consistently for functions and layers.

The hyper-parameters are read from the catalogue, so new entries are covered: a float
parameter must reject NaN, inf, a string, a bool, None and an int too large for a float;
an int parameter (an axis) a float, a string, a bool; a bool parameter a string and an
int; a string parameter (a mode) an unknown value.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _backend import to_numpy
from cases import ROW, entries, rows

from keras_acts.layers import ActivationLayer
from keras_acts.registry import REQUIRED, signature_params

CATALOG = entries()


@pytest.fixture(autouse=True)
def _fresh_state():
    """Overrides conftest's fixture: `keras.backend.clear_session()` (~0.4 s) once per
    module rather than after each of the ~700 small tests here."""
    keras.utils.set_random_seed(0)
    yield
    keras.config.set_dtype_policy("float32")


@pytest.fixture(autouse=True, scope="module")
def _clear_session_once():
    yield
    keras.backend.clear_session()


IDS = lambda info: info.name  # noqa: E731

BAD_BY_TYPE = {
    float: [float("nan"), float("inf"), float("-inf"), "1.0", True, None, 10**400],
    int: [1.5, "1", True, None],
    bool: ["True", 1, None],
    str: ["bogus", 1, None],
}


def _kind(value):
    for kind in (bool, int, float, str):  # bool before int
        if isinstance(value, kind):
            return kind
    return None


def _valid_kwargs(info, params: dict) -> dict:
    """Valid values for the required parameters (the table's examples, or the layer's
    constructor arguments)."""
    row = ROW[info.name]
    extra = {**row.required, **row.constructor_kwargs()}
    return {k: extra[k] for k, v in params.items() if v is REQUIRED and k in extra}


def _layer_kwargs(info) -> dict:
    return ROW[info.name].constructor_kwargs()


def _bad_cases(params_of):
    cases = []
    for info in CATALOG:
        params = params_of(info)
        if params is None:
            continue
        valid = _valid_kwargs(info, params)
        for name, default in params.items():
            value = valid.get(name, default)
            if name == "seed":
                continue  # keras.random.SeedGenerator checks seeds
            for bad in BAD_BY_TYPE.get(_kind(value), []):
                if _kind(value) is int and name != "axis" and isinstance(bad, float):
                    continue
                cases.append(pytest.param(info, name, bad, id=f"{info.name}-{name}={bad!r}"[:80]))
    return cases


def _layer_params(info):
    return signature_params(info.layer.__init__, skip=1)


def _function_params(info):
    if info.function is None or info.family == "trainable":
        return None  # trainable functions take their weights as tensors
    return signature_params(info.function, skip=1)


@pytest.mark.parametrize(("info", "param", "bad"), _bad_cases(_layer_params))
def test_layer_rejects_bad_hyper_parameter_at_construction(info, param, bad):
    kwargs = {**_valid_kwargs(info, _layer_params(info)), param: bad}
    with pytest.raises(ValueError, match=f"`{param}`"):
        info.layer(**kwargs)


@pytest.mark.parametrize(("info", "param", "bad"), _bad_cases(_function_params))
def test_function_rejects_bad_hyper_parameter_at_call(info, param, bad):
    kwargs = {**_valid_kwargs(info, _function_params(info)), param: bad}
    with pytest.raises(ValueError, match=f"`{param}`"):
        info.function(np.zeros((2, 4), "float32"), **kwargs)


@pytest.mark.parametrize(
    ("info", "param", "bad"),
    [c for c in _bad_cases(_layer_params) if issubclass(c.values[0].layer, ActivationLayer)],
)
def test_layer_rechecks_hyper_parameters_at_call(info, param, bad):
    """A hyper-parameter changed on the layer after construction is checked when called."""
    layer = info.layer(**_valid_kwargs(info, _layer_params(info)))
    setattr(layer, param, bad)
    with pytest.raises(ValueError, match=f"`{param}`"):
        layer(np.zeros((2, 4), "float32"))


# The table's bad parameters: range violations the type-driven cases above cannot
# express, and a few of those again, for the layer and for the function where it takes
# those parameters.
BAD = [
    pytest.param(row, params, param, id=f"{row.name}-{params}") for row in rows() for params, param in row.bad
]
ENTRIES = {info.name: info for info in CATALOG}


@pytest.mark.parametrize(("row", "params", "param"), BAD)
def test_bad_parameters_rejected_by_layer_and_function(row, params, param):
    info = ENTRIES[row.name]
    pattern = rf"`{param}`.*Received: {param}="
    layer_params = _layer_params(info)
    with pytest.raises(ValueError, match=pattern):
        info.layer(**{**_valid_kwargs(info, layer_params), **params})
    if info.function is not None and set(params) <= set(signature_params(info.function, 1)):
        function_params = signature_params(info.function, 1)
        with pytest.raises(ValueError, match=pattern):
            info.function(np.zeros((2, 4), "float32"), **{**_valid_kwargs(info, function_params), **params})


# ------------------------------------------------------------------------ from_config


@pytest.mark.parametrize(("info", "param", "bad"), _bad_cases(_layer_params))
def test_from_config_with_a_bad_value_fails_with_value_error(info, param, bad):
    layer = info.layer(**_layer_kwargs(info))
    config = {**layer.get_config(), param: bad}
    with pytest.raises(ValueError, match=f"{info.layer.__name__}.*`{param}`"):
        info.layer.from_config(config)


@pytest.mark.parametrize("info", CATALOG, ids=IDS)
def test_from_config_with_an_unknown_key_fails(info):
    config = {**info.layer(**_layer_kwargs(info)).get_config(), "min_value": -2.0}
    with pytest.raises(ValueError, match="min_value"):
        info.layer.from_config(config)


@pytest.mark.parametrize("info", [i for i in CATALOG if REQUIRED in i.params.values()], ids=IDS)
def test_from_config_with_a_missing_required_key_fails(info):
    config = info.layer(**_layer_kwargs(info)).get_config()
    missing = next(k for k, v in info.params.items() if v is REQUIRED)
    del config[missing]
    with pytest.raises(TypeError, match=missing):
        info.layer.from_config(config)


# ----------------------------------------------------------------------- input dtypes


def _call(info, x, layer=None):
    """The function (when it takes plain hyper-parameters; seeded) and the layer on `x`.

    Pass the same `layer` to compare calls: learnable layers draw their initial weights.
    """
    outs = []
    if _function_params(info) is not None:
        seed = {"seed": 0} if "seed" in _function_params(info) else {}
        outs.append(info.function(x, **_valid_kwargs(info, _function_params(info)), **seed))
    outs.append((layer or info.layer(**_layer_kwargs(info)))(x))
    return outs


@pytest.mark.parametrize("info", CATALOG, ids=IDS)
@pytest.mark.parametrize("dtype", ["bool", "int32", "int64", "uint8"])
def test_bool_and_int_inputs_are_cast_to_floatx(info, dtype):
    x = (np.arange(-4, 4).reshape(2, 4) % 3 - (dtype != "bool" and dtype != "uint8")).astype(dtype)
    expected_input = x.astype("float32")
    layer = info.layer(**_layer_kwargs(info))
    for y, ref in zip(_call(info, x, layer), _call(info, expected_input, layer), strict=True):
        assert keras.backend.standardize_dtype(y.dtype) == keras.config.floatx()
        np.testing.assert_array_equal(to_numpy(y), to_numpy(ref))


@pytest.mark.parametrize("info", CATALOG, ids=IDS)
def test_complex_input_is_rejected(info):
    x = (np.ones((2, 4)) + 1j).astype("complex64")
    calls = []
    if _function_params(info) is not None:
        calls.append(lambda: info.function(x, **_valid_kwargs(info, _function_params(info))))
    calls.append(lambda: info.layer(**_layer_kwargs(info))(x))
    for call in calls:
        with pytest.raises(ValueError, match=r"`x` must be a real tensor.*complex64"):
            call()


# --------------------------------------------------------------- size caps and seeds

# Sizes read from a saved config are bounded (a config is data: `APL(num_hinges=10**8)`
# allocated 6.4 GB when loaded, `MetaAconC(r=10**9)` 64 GB, `Rational(degrees=(700, 700))`
# fitted for seconds then failed in NumPy); seeds outside what every backend's seed
# generator takes are named. (layer, arguments, the argument the ValueError names)
CAPS = [
    ("APL", {"num_hinges": 10**8}, "num_hinges"),
    ("APL", {"num_hinges": 101}, "num_hinges"),
    ("MetaAconC", {"r": 10**9}, "r"),
    ("MetaAconC", {"r": 1025}, "r"),
    ("Rational", {"degrees": [700, 700]}, "degrees"),
    ("Rational", {"degrees": (120, 120)}, "degrees"),
    ("Rational", {"degrees": (5, 17)}, "degrees"),
    ("RReLU", {"seed": 10**30}, "seed"),
    ("GumbelSoftmax", {"seed": 10**30}, "seed"),
    ("GumbelSoftmax", {"seed": -1}, "seed"),
]


@pytest.mark.parametrize(("layer", "kwargs", "param"), CAPS, ids=lambda v: str(v)[:40])
def test_sizes_and_seeds_are_bounded_at_construction_and_on_load(layer, kwargs, param):
    import keras_acts

    cls = getattr(keras_acts.layers, layer)
    pattern = rf"`{param}` must be .*Received: {param}="
    with pytest.raises(ValueError, match=pattern):
        cls(**kwargs)
    config = {**cls().get_config(), **kwargs}
    with pytest.raises(ValueError, match=rf"Invalid config for keras_acts layer `{layer}`: .*{pattern}"):
        cls.from_config(config)


def test_sizes_at_their_caps_are_accepted():
    import keras_acts

    keras_acts.layers.APL(num_hinges=100)
    keras_acts.layers.MetaAconC(r=1024)
    keras_acts.layers.Rational(degrees=(16, 16))
    keras_acts.layers.RReLU(seed=2**31 - 1)
