"""PReLU, Swish-beta, Snake, StarReLU, RReLU, Gumbel-softmax and temperature annealing."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import torch
from _backend import to_numpy, value_and_grad

import keras_acts
from keras_acts.layers import GumbelSoftmax, PReLU, RReLU, Snake, StarReLU, Swish

BACKEND = keras.backend.backend()
# torch.compile costs 10-25 s per model on 2 CPU cores: under torch these layers train
# eagerly here and compiled in test_layers' every-layer model.
JIT = BACKEND != "torch"


def _fit_to(layer, target_fn, epochs=60, lr=0.05, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=2.0, size=(512, 4)).astype("float32")
    y = target_fn(x.astype(np.float64)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), layer])
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse", jit_compile=JIT)
    history = model.fit(x, y, epochs=epochs, batch_size=128, verbose=0)
    return history.history["loss"]


def test_prelu_learns_the_slope_of_leaky_relu():
    layer = PReLU(mode="shared")
    _fit_to(layer, lambda x: np.where(x > 0, x, 0.1 * x))
    assert abs(float(to_numpy(layer.alpha)) - 0.1) < 0.01


def test_swish_learns_beta():
    layer = Swish(beta=1.0)
    _fit_to(layer, lambda x: x / (1 + np.exp(-2.0 * x)), epochs=80)
    assert abs(float(to_numpy(layer.beta)) - 2.0) < 0.05


def test_snake_learns_alpha_per_channel():
    layer = Snake(alpha=1.0, mode="channel")
    targets = np.array([0.5, 1.0, 1.5, 2.0])
    loss = _fit_to(layer, lambda x: x + np.sin(targets * x) ** 2 / targets, epochs=80, lr=0.02)
    assert loss[-1] < loss[0] / 10
    np.testing.assert_allclose(to_numpy(layer.alpha), targets, atol=0.05)


def test_star_relu_learns_scale_and_bias():
    layer = StarReLU()
    loss = _fit_to(layer, lambda x: 1.5 * np.maximum(x, 0) ** 2 - 0.25, epochs=80)
    assert loss[-1] < loss[0] / 100
    assert [w.path.split("/")[-1] for w in layer.trainable_weights] == ["scale", "bias"]
    assert abs(float(to_numpy(layer.scale)) - 1.5) < 0.02
    assert abs(float(to_numpy(layer.bias)) + 0.25) < 0.02


@pytest.mark.parametrize(
    ("mode", "axis", "input_shape", "count"),
    [
        ("shared", -1, (None, 7, 5), 1),
        ("channel", -1, (None, 7, 5), 5),
        ("element", -1, (None, 7, 5), 35),
        ("channel", -1, (None, None, None, 3), 3),  # Conv2D feature map, None spatial dims
        ("channel", 1, (None, 3, None, None), 3),  # channels first
        ("element", -1, (None, 4, 4, 3), 48),
    ],
)
def test_prelu_parameter_count(mode, axis, input_shape, count):
    layer = PReLU(mode=mode, axis=axis)
    layer.build(input_shape)
    assert layer.count_params() == count


def test_prelu_on_conv_features_with_none_spatial_dims_matches_torch():
    inputs = keras.Input((None, None, 1))
    feat = keras.layers.Conv2D(3, 3, padding="same")(inputs)
    layer = PReLU(init=0.25, mode="channel")
    model = keras.Model(inputs, layer(feat))
    assert layer.count_params() == 3
    layer.alpha.assign(np.array([0.1, -0.5, 2.0], "float32"))
    x = np.random.default_rng(0).normal(size=(2, 5, 6, 1)).astype("float32")
    y = to_numpy(model.predict(x, verbose=0))
    conv = to_numpy(model.layers[1](x))
    ref = torch.nn.functional.prelu(
        torch.tensor(conv, dtype=torch.float64).permute(0, 3, 1, 2),
        torch.tensor([0.1, -0.5, 2.0], dtype=torch.float64),
    ).permute(0, 2, 3, 1)
    np.testing.assert_allclose(y, ref.numpy(), rtol=1e-6, atol=1e-6)


def test_prelu_gradient_matches_torch_including_zero():
    x = np.array([-3.0, -1.0, 0.0, 1e-3, 2.0, -1e4, 1e4], "float32")
    _, g = value_and_grad(lambda t: keras_acts.prelu(t, 0.25), x)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    torch.nn.functional.prelu(t, torch.tensor([0.25], dtype=torch.float64)).sum().backward()
    np.testing.assert_allclose(g, t.grad.numpy())


def test_prelu_layer_alpha_gradient_is_finite_next_to_infinite_inputs():
    """+inf takes the identity branch: it must not put 0 * inf = NaN into alpha's gradient
    (the double where); -inf does contribute, with torch's sign."""
    layer = PReLU(mode="channel")
    x = np.array([[float("inf"), -2.0], [1.0, -3.0], [-1.0, 4.0]], "float32")
    layer.build(x.shape)
    if BACKEND == "torch":
        import torch

        xt = torch.tensor(x)
        alpha = layer.alpha.value
        y = layer(xt)
        (ga,) = torch.autograd.grad(y.sum(), alpha)
        ga = ga.numpy()
    elif BACKEND == "jax":
        import jax

        ga = np.asarray(jax.grad(lambda a: keras_acts.prelu(x, a).sum())(np.full(2, 0.25, "float32")))
    else:
        import tensorflow as tf

        a = tf.Variable(np.full(2, 0.25, "float32"))
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(keras_acts.prelu(x, a))
        ga = tape.gradient(y, a).numpy()
    np.testing.assert_allclose(ga.reshape(-1), [-1.0, -5.0])


def test_swish_beta_is_saved_when_frozen(tmp_path):
    layer = Swish(beta=1.0, trainable=False)
    model = keras.Sequential([keras.Input((3,)), layer])
    layer.beta.assign(1.7)
    path = tmp_path / "frozen.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    assert loaded.layers[0].trainable is False
    assert float(to_numpy(loaded.layers[0].beta)) == pytest.approx(1.7)


def test_swish_channel_mode_matches_formula():
    layer = Swish(mode="channel", axis=1)
    x = np.random.default_rng(0).normal(size=(2, 3, 5)).astype("float32")
    layer.build(x.shape)
    beta = np.array([0.5, 1.0, 3.0], "float32")
    layer.beta.assign(beta)
    b = beta.reshape(1, 3, 1).astype(np.float64)
    expected = x / (1 + np.exp(-b * x))
    np.testing.assert_allclose(to_numpy(layer(x)), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("alpha", [1e-8, 1e-4, 0.0])
def test_snake_is_stable_as_alpha_goes_to_zero(alpha):
    layer = Snake(mode="shared")
    x = np.linspace(-50, 50, 101).astype("float32")
    layer.build(x.shape)
    layer.alpha.assign(alpha)
    y = to_numpy(layer(x))
    xd = x.astype(np.float64)
    expected = xd + (np.sin(alpha * xd) ** 2 / alpha if alpha else 0.0)
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6)
    # d/dalpha of sin^2(a x)/a: (2 a x sin(a x) cos(a x) - sin^2(a x)) / a^2, -> x^2 as a -> 0.
    grad = float(_param_grads(layer, x))
    if alpha:
        expected_grad = np.sum((alpha * xd * np.sin(2 * alpha * xd) - np.sin(alpha * xd) ** 2) / alpha**2)
    else:
        expected_grad = np.sum(xd**2)
    assert grad == pytest.approx(expected_grad, rel=1e-4)


def _param_grads(layer, x):
    """Gradient of sum(layer(x)) w.r.t. the layer's first weight."""
    var = layer.trainable_weights[0]
    if BACKEND == "jax":
        import jax

        def f(value):
            y, _ = layer.stateless_call([value], [], x)
            return y.sum()

        return np.asarray(jax.grad(f)(var.value))
    if BACKEND == "torch":
        y = layer(x).sum()
        (g,) = torch.autograd.grad(y, var.value)
        return g.numpy()
    import tensorflow as tf

    with tf.GradientTape() as tape:
        y = tf.reduce_sum(layer(x))
    return tape.gradient(y, var.value).numpy()


def test_snake_alpha_gradient_matches_finite_differences():
    layer = Snake(alpha=0.7)
    x = np.linspace(-4, 4, 17).astype("float32")
    layer.build(x.shape)
    g = float(_param_grads(layer, x))
    xd = x.astype(np.float64)
    f = lambda a: np.sum(xd + np.sin(a * xd) ** 2 / a)  # noqa: E731
    h = 1e-6
    assert g == pytest.approx((f(0.7 + h) - f(0.7 - h)) / (2 * h), rel=1e-4)


def test_rrelu_training_slopes_lie_in_range_and_vary():
    x = -np.ones((64, 64), "float32")
    y = to_numpy(keras_acts.rrelu(x, lower=0.1, upper=0.3, training=True, seed=3))
    slopes = -y
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3
    assert len(np.unique(slopes)) > 1000
    assert abs(slopes.mean() - 0.2) < 0.005
    pos = np.abs(np.random.default_rng(0).normal(size=(8, 8))).astype("float32")
    np.testing.assert_array_equal(to_numpy(keras_acts.rrelu(pos, training=True, seed=1)), pos)


def test_rrelu_inference_is_leaky_relu_with_mean_slope():
    x = np.random.default_rng(0).normal(scale=3, size=(10, 10)).astype("float32")
    layer = RReLU(lower=0.1, upper=0.3)
    expected = torch.nn.functional.leaky_relu(torch.tensor(x, dtype=torch.float64), 0.2).numpy()
    np.testing.assert_allclose(to_numpy(layer(x, training=False)), expected, rtol=1e-6)
    np.testing.assert_allclose(to_numpy(keras_acts.rrelu(x, 0.1, 0.3)), expected, rtol=1e-6)
    y_train = to_numpy(layer(x, training=True))
    assert not np.allclose(y_train, expected)


def test_gumbel_hard_sample_frequencies_match_softmax():
    logits = np.log(np.array([0.1, 0.2, 0.3, 0.4], "float32"))
    n = 20000
    batch = np.tile(logits, (n, 1))
    y = to_numpy(keras_acts.gumbel_softmax(batch, tau=0.5, hard=True, seed=11))
    assert set(np.unique(y)) <= {0.0, 1.0}
    np.testing.assert_array_equal(y.sum(-1), np.ones(n))
    counts = y.sum(0)
    p = np.array([0.1, 0.2, 0.3, 0.4])
    z = (counts - n * p) / np.sqrt(n * p * (1 - p))
    assert np.all(np.abs(z) < 4.5), z


def test_gumbel_soft_sample_mean_matches_torch_statistics():
    """Soft samples: same distribution as torch's F.gumbel_softmax (means per class)."""
    logits = np.array([1.0, -0.5, 0.3], "float32")
    n = 20000
    ours = to_numpy(keras_acts.gumbel_softmax(np.tile(logits, (n, 1)), tau=0.7, seed=5))
    torch.manual_seed(0)
    ref = torch.nn.functional.gumbel_softmax(
        torch.tensor(np.tile(logits, (n, 1)), dtype=torch.float64), tau=0.7
    )
    ref = ref.numpy()
    se = np.sqrt(ours.var(0) / n + ref.var(0) / n)
    assert np.all(np.abs(ours.mean(0) - ref.mean(0)) < 5 * se)


def test_gumbel_hard_is_exact_one_hot_on_ties():
    x = np.zeros((6, 5), "float32")
    det = to_numpy(GumbelSoftmax(hard=True)(x, training=False))
    np.testing.assert_array_equal(det, np.eye(5, dtype="float32")[[0] * 6])
    x16 = keras.ops.convert_to_tensor(np.zeros((100, 7), np.float16))
    y = to_numpy(keras.ops.cast(keras_acts.gumbel_softmax(x16, hard=True, seed=0), "float32"))
    assert set(np.unique(y)) <= {0.0, 1.0}
    np.testing.assert_array_equal(y.sum(-1), np.ones(100))


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_gumbel_straight_through_gradient_equals_soft_gradient(axis):
    logits = np.random.default_rng(0).normal(size=(4, 5, 6)).astype("float32")
    ct = np.random.default_rng(1).normal(size=logits.shape).astype("float32")
    y_hard, g_hard = value_and_grad(
        lambda t: keras_acts.gumbel_softmax(t, tau=0.8, hard=True, axis=axis, seed=42), logits, ct
    )
    y_soft, g_soft = value_and_grad(
        lambda t: keras_acts.gumbel_softmax(t, tau=0.8, hard=False, axis=axis, seed=42), logits, ct
    )
    np.testing.assert_array_equal(y_hard, (y_soft == y_soft.max(axis, keepdims=True)).astype("float32"))
    np.testing.assert_allclose(g_hard, g_soft, rtol=1e-6, atol=1e-7)
    assert np.abs(g_soft).max() > 0


@pytest.mark.parametrize("hard", [False, True])
def test_gumbel_no_nan_for_extreme_masked_and_half_logits(hard):
    logits = np.array([[1e4, -1e4, 0.0], [-np.inf, 2.0, 1.0], [-1e4, -1e4, -1e4]], "float32")
    y, g = value_and_grad(lambda t: keras_acts.gumbel_softmax(t, hard=hard, seed=0), logits)
    assert np.isfinite(y).all() and np.isfinite(g).all()
    assert y[1, 0] == 0.0
    np.testing.assert_allclose(y.sum(-1), 1.0, rtol=1e-6)
    for dtype in ("float16", "bfloat16"):
        half = keras.ops.cast(
            keras.ops.convert_to_tensor(np.array([[60000.0, -60000.0, 0.0]] * 50, "float32")), dtype
        )
        if dtype == "float16":
            half = keras.ops.cast(
                keras.ops.convert_to_tensor(np.array([[65000.0, -65000.0, 0.0]] * 50, "float32")), dtype
            )
        out = keras_acts.gumbel_softmax(half, tau=0.1, hard=hard, seed=1)
        assert keras.backend.standardize_dtype(out.dtype) == dtype
        out = to_numpy(keras.ops.cast(out, "float32"))
        assert np.isfinite(out).all()


def test_gumbel_inference_is_deterministic_softmax_over_tau():
    logits = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    layer = GumbelSoftmax(tau=0.5)
    ref = torch.softmax(torch.tensor(logits, dtype=torch.float64) / 0.5, -1).numpy()
    np.testing.assert_allclose(to_numpy(layer(logits)), ref, rtol=1e-6)
    np.testing.assert_allclose(to_numpy(layer(logits, training=False)), ref, rtol=1e-6)
    a = to_numpy(layer(logits, training=True))
    b = to_numpy(layer(logits, training=True))
    assert not np.array_equal(a, b)  # the seed generator advances


@pytest.mark.slow
def test_int_seed_reproduces_samples_in_a_fresh_process():
    code = textwrap.dedent(
        """
        import json, numpy as np, keras, keras_acts
        x = np.zeros((3, 4), "float32")
        layer = keras_acts.layers.GumbelSoftmax(seed=123)
        r = keras_acts.layers.RReLU(seed=7)
        out = [keras.ops.convert_to_numpy(layer(x, training=True)).tolist(),
               keras.ops.convert_to_numpy(r(-np.ones((2, 3), "float32"), training=True)).tolist(),
               keras.ops.convert_to_numpy(keras_acts.gumbel_softmax(x, seed=5)).tolist()]
        print("RESULT" + json.dumps(out))
        """
    )
    env = {**os.environ, "KERAS_BACKEND": BACKEND}
    runs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT"))
        runs.append(json.loads(line[6:]))
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[0][2]


def test_temperature_annealing_follows_the_schedule_without_retracing():
    calls = {"n": 0}

    class CountingGumbel(GumbelSoftmax):
        def call(self, inputs, training=None):
            calls["n"] += 1
            return super().call(inputs, training=training)

    layer = CountingGumbel(tau=1.0, hard=False, seed=0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), layer])
    jit = BACKEND != "torch"  # a Python counter cannot see torch.compile's retracing
    model.compile(optimizer="sgd", loss="mse", jit_compile=jit)
    x = np.random.default_rng(0).normal(size=(40, 4)).astype("float32")
    y = np.full((40, 4), 0.25, "float32")
    callback = keras_acts.callbacks.TemperatureAnnealing(tau0=1.0, tau_min=0.5, rate=0.05, every=2)
    calls["n"] = 0
    history = model.fit(x, y, epochs=3, batch_size=4, verbose=0, callbacks=[callback])
    steps = 30
    expected = max(0.5, math.exp(-0.05 * (steps - steps % 2)))
    assert float(to_numpy(layer.tau)) == pytest.approx(expected, rel=1e-6)
    assert history.history["tau"][-1] == pytest.approx(expected, rel=1e-6)
    if jit:
        assert calls["n"] <= 2, f"retraced {calls['n']} times"
    # The annealed tau is what the layer uses.
    logits = np.array([[2.0, 0.0, -1.0, 1.0]], "float32")
    ref = torch.softmax(torch.tensor(logits, dtype=torch.float64) / expected, -1).numpy()
    np.testing.assert_allclose(to_numpy(layer(logits, training=False)), ref, rtol=1e-5)


def test_temperature_annealing_floor_and_validation():
    cb = keras_acts.callbacks.TemperatureAnnealing(tau0=2.0, tau_min=0.5, rate=1.0)
    assert cb.schedule(0) == 2.0 and cb.schedule(100) == 0.5
    for kwargs, name in [
        ({"tau0": 0.0}, "tau0"),
        ({"tau_min": -1.0}, "tau_min"),
        ({"tau0": 1.0, "tau_min": 2.0}, "tau_min"),
        ({"rate": -1.0}, "rate"),
        ({"every": 0}, "every"),
    ]:
        with pytest.raises(ValueError, match=name):
            keras_acts.callbacks.TemperatureAnnealing(**kwargs)


TRAINABLE_LAYERS = [
    lambda: PReLU(init=0.1, mode="channel"),
    lambda: PReLU(mode="element"),
    lambda: Swish(beta=1.5, mode="channel"),
    lambda: Snake(alpha=0.5),
    lambda: StarReLU(scale=1.2, bias=-0.1),
    lambda: RReLU(lower=0.05, upper=0.2, seed=3),
    lambda: GumbelSoftmax(tau=0.7, hard=True, seed=1),
]


@pytest.mark.parametrize("make", TRAINABLE_LAYERS)
def test_keras_round_trip_keeps_weights_and_tau(make, tmp_path):
    layer = make()
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(6), layer])
    model.compile(optimizer="adam", loss="mse", jit_compile=False)
    x = np.random.default_rng(0).normal(size=(16, 6)).astype("float32")
    model.fit(x, x, epochs=1, verbose=0)
    if isinstance(layer, GumbelSoftmax):
        layer.tau.assign(0.3)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    for a, b in zip(model.weights, loaded.weights, strict=True):
        np.testing.assert_array_equal(to_numpy(a), to_numpy(b))
    np.testing.assert_array_equal(
        to_numpy(loaded.predict(x, verbose=0)), to_numpy(model.predict(x, verbose=0))
    )
    config = loaded.layers[-1].get_config()
    json.dumps(config)
    assert type(loaded.layers[-1]).from_config(config).get_config() == config
    if isinstance(layer, GumbelSoftmax):
        assert float(to_numpy(loaded.layers[-1].tau)) == pytest.approx(0.3)


@pytest.mark.parametrize("make", TRAINABLE_LAYERS)
def test_mixed_bfloat16_variables_float32_outputs_bfloat16(make):
    keras.config.set_dtype_policy("mixed_bfloat16")
    layer = make()
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(6), layer])
    x = np.random.default_rng(0).normal(size=(8, 6)).astype("float32")
    for training in (False, True):
        y = layer(keras.ops.cast(x, "bfloat16"), training=training)
        assert keras.backend.standardize_dtype(y.dtype) == "bfloat16"
        assert np.isfinite(to_numpy(keras.ops.cast(y, "float32"))).all()
    for w in layer.weights:
        assert keras.backend.standardize_dtype(w.dtype) == "float32"
    model.compile(optimizer="adam", loss="mse", jit_compile=JIT)
    loss = model.fit(x, x, epochs=2, verbose=0).history["loss"]
    assert np.isfinite(loss).all()


@pytest.mark.parametrize(
    ("make", "param"),
    [
        (lambda: PReLU(mode="row"), "mode"),
        (lambda: PReLU(init=float("nan")), "init"),
        (lambda: Swish(mode="element"), "mode"),
        (lambda: Swish(beta=float("inf")), "beta"),
        (lambda: Snake(alpha=0.0), "alpha"),
        (lambda: StarReLU(scale=float("nan")), "scale"),
        (lambda: StarReLU(bias_regularizer="bogus"), "bias_regularizer"),
        (lambda: RReLU(lower=0.5, upper=0.1), "lower"),
        (lambda: RReLU(lower=-0.1), "lower"),
        (lambda: GumbelSoftmax(tau=0.0), "tau"),
        (lambda: GumbelSoftmax(hard="yes"), "hard"),
        (lambda: keras_acts.gumbel_softmax(np.zeros((2, 3)), tau=-1.0), "tau"),
        (lambda: keras_acts.rrelu(np.zeros(3), lower=1.0, upper=0.5), "lower"),
        (lambda: PReLU(mode="channel").build((None, 4, None)), "axis"),
        (lambda: PReLU(shared_axes=0), "shared_axes"),
        (lambda: PReLU(shared_axes=[1], mode="shared"), "shared_axes"),
        (lambda: PReLU(shared_axes=[3]).build((None, 4, 5)), "shared_axes"),
        (lambda: PReLU(shared_axes=[2]).build((None, None, 5)), "shared_axes"),
        (lambda: PReLU(init=0.1, alpha_initializer="zeros"), "alpha_initializer"),
        (lambda: PReLU(alpha_initializer="bogus"), "alpha_initializer"),
    ],
)
def test_bad_parameters_raise_named_value_errors(make, param):
    with pytest.raises(ValueError, match=param):
        make()


# --------------------------------------------------------------------------------------
# Errors naming the layer, the axis and the sizes


def _per_channel_layers():
    from keras_acts import layers

    return [
        lambda **kw: PReLU(mode="channel", **kw),
        lambda **kw: Swish(mode="channel", **kw),
        lambda **kw: Snake(mode="channel", **kw),
        lambda **kw: layers.PELU(mode="channel", **kw),
        lambda **kw: layers.SReLU(**kw),
        lambda **kw: layers.APL(num_hinges=2, **kw),
        lambda **kw: layers.AconC(**kw),
        lambda **kw: layers.MetaAconC(r=2, **kw),
        lambda **kw: layers.Rational(mode="channel", **kw),
    ]


@pytest.mark.parametrize("make", _per_channel_layers())
def test_channel_count_mismatch_names_layer_axis_and_sizes(make):
    layer = make()
    layer(np.zeros((2, 5, 3), "float32"))
    with pytest.raises(ValueError) as err:
        layer(np.zeros((2, 5, 4), "float32"))
    message = str(err.value)
    assert layer.name in message
    assert "axis -1" in message
    assert "value 3" in message and "(2, 5, 4)" in message


@pytest.mark.parametrize("make", _per_channel_layers())
def test_channels_first_mismatch_and_lower_rank_are_named_errors(make):
    layer = make(axis=1)
    layer(np.zeros((2, 3, 5), "float32"))
    with pytest.raises(ValueError, match=rf"{layer.name}.*axis 1.*value 3.*\(2, 4, 5\)"):
        layer(np.zeros((2, 4, 5), "float32"))
    with pytest.raises(ValueError, match=rf"{layer.name}.*min_ndim=2.*ndim=1"):
        layer(np.zeros((3,), "float32"))


def test_prelu_element_mode_fixes_the_shape_it_was_built_for():
    layer = PReLU(mode="element")
    layer(np.zeros((2, 7, 5), "float32"))
    with pytest.raises(ValueError, match=rf"{layer.name}.*axis 2.*value 5.*\(2, 7, 6\)"):
        layer(np.zeros((2, 7, 6), "float32"))
    with pytest.raises(ValueError, match=rf"{layer.name}.*ndim=3.*ndim=2"):
        layer(np.zeros((2, 35), "float32"))


@pytest.mark.parametrize(
    ("axis", "shape", "expected"),
    [
        (1, (4,), r"PReLU layer '.*' .*rank 1.*Received: axis=1, input_shape=\(4,\)"),
        (-1, (4,), r"rank 1.*Received: axis=-1, input_shape=\(4,\)"),
        (3, (None, 4), r"Argument `axis` of PReLU layer .* rank 2: one of 1, -1\. Received: axis=3"),
        (0, (None, 4, 5), r"one of 1, 2, -1, -2\. Received: axis=0, input_shape=\(None, 4, 5\)"),
        (-3, (None, 4, 5), r"non-batch axis.*Received: axis=-3"),
        (
            1,
            (None, None, 5),
            r"along axis=1, so the input's size along that axis must be known.*input_shape=\(None, None, 5\)",
        ),
    ],
)
def test_bad_channel_axis_for_the_input_rank(axis, shape, expected):
    with pytest.raises(ValueError, match=expected) as err:
        PReLU(axis=axis).build(shape)
    assert "[0, 0]" not in str(err.value)
    with pytest.raises(ValueError, match=r"Received: axis="):
        keras.Sequential([keras.Input(shape[1:] if len(shape) > 1 else (4,)), Swish(mode="channel", axis=5)])


def test_shared_mode_takes_any_rank_and_axis():
    """`axis` is only read for per-channel weights (old configs may hold any axis)."""
    layer = PReLU(mode="shared", axis=7)
    np.testing.assert_allclose(to_numpy(layer(np.array([-2.0, 3.0], "float32"))), [-0.5, 3.0])
    layer(np.zeros((2, 3, 4), "float32"))


def test_axis_helpers_for_the_functions():
    from keras_acts._axes import channel_broadcast, check_axis

    assert check_axis(-2, 3) == -2 and check_axis(0, 0) == 0 and check_axis(-1, 0) == -1
    for axis, rank, bounds in [(3, 3, r"\[-3, 2\]"), (-4, 3, r"\[-3, 2\]"), (1, 0, r"\[-1, 0\]")]:
        with pytest.raises(ValueError, match=rf"`axis` must be in {bounds} for an input of rank {rank}"):
            check_axis(axis, rank)
    with pytest.raises(ValueError, match="`dim` must be an integer axis"):
        check_axis(1.0, 2, name="dim")
    assert tuple(channel_broadcast(np.ones(4, "float32"), 3, 1).shape) == (1, 4, 1)
    assert tuple(channel_broadcast(np.ones((2, 4), "float32"), 4, -1, leading=1).shape) == (2, 1, 1, 1, 4)
    assert tuple(channel_broadcast(np.ones((), "float32"), 3, 1).shape) == ()
    assert tuple(channel_broadcast(np.ones(4, "float32"), 1, 0).shape) == (4,)


# --------------------------------------------------------------------------------------
# keras.layers.PReLU's arguments


@pytest.mark.parametrize("shared_axes", [None, [1, 2], 1, [2], [3], [1, 2, 3]])
def test_prelu_with_keras_arguments_equals_keras_prelu(shared_axes):
    """A `keras.layers.PReLU` replaced by ours of the same arguments: same weight shape,
    its weights taken as they are, the same outputs."""
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 5)).astype("float32")
    kwargs = {"alpha_initializer": "random_normal", "alpha_regularizer": "l2", "shared_axes": shared_axes}
    reference = keras.layers.PReLU(**kwargs)
    reference.build(x.shape)
    ours = PReLU(**kwargs) if shared_axes is not None else PReLU(mode="element", **kwargs)
    ours.build(x.shape)
    assert tuple(ours.alpha.shape) == tuple(reference.alpha.shape)
    ours.set_weights(reference.get_weights())
    np.testing.assert_array_equal(to_numpy(ours(x)), to_numpy(reference(x)))
    assert ours.get_config()["shared_axes"] == reference.get_config()["shared_axes"]


def test_prelu_shared_axes_takes_none_spatial_dims_and_round_trips(tmp_path):
    layer = PReLU(shared_axes=[1, 2], alpha_initializer="zeros")
    assert layer.mode == "element"
    model = keras.Sequential([keras.Input((None, None, 3)), layer])
    x = np.random.default_rng(1).normal(size=(2, 5, 7, 3)).astype("float32")
    layer.alpha.assign(np.array([[[0.1, -0.2, 0.3]]], "float32"))
    np.testing.assert_allclose(
        to_numpy(model(x)), np.where(x > 0, x, x * np.array([0.1, -0.2, 0.3])), rtol=1e-6
    )
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_array_equal(to_numpy(loaded(x)), to_numpy(model(x)))
    with pytest.raises(
        ValueError, match=r"built for inputs of shape \(None, None, None, 3\).*axis 3.*value 3"
    ):
        layer(np.zeros((2, 5, 7, 4), "float32"))


def test_weight_mismatch_error_says_what_the_layer_was_built_for():
    layer = PReLU(axis=1)
    layer(np.zeros((2, 4, 6, 6), "float32"))  # channels-first, 4 channels
    with pytest.raises(ValueError) as err:
        layer(np.zeros((2, 6, 6, 4), "float32"))  # channels-last
    message = str(err.value)
    assert (
        f"PReLU layer '{layer.name}' was built for inputs of shape (2, 4, 6, 6) (4 channels along axis 1)"
        in message
    )
    assert "axis 1" in message and "value 4" in message and "(2, 6, 6, 4)" in message


# --------------------------------------------------------------------------------------
# Stochastic layers: float64, seeds


def test_gumbel_softmax_keeps_float64_logits_in_training():
    """The noise is drawn in float32: float64 logits (TensorFlow raised) keep their dtype
    (JAX without x64 holds them as float32)."""
    logits = keras.ops.convert_to_tensor(np.random.default_rng(0).normal(size=(3, 5)))
    dtype = keras.backend.standardize_dtype(logits.dtype)
    y = keras_acts.gumbel_softmax(logits, tau=0.5, seed=2)
    assert keras.backend.standardize_dtype(y.dtype) == dtype
    y = to_numpy(y)
    assert np.all(np.isfinite(y)) and np.all(y >= 0)
    np.testing.assert_allclose(y.sum(-1), 1.0, rtol=1e-12 if dtype == "float64" else 1e-6)
    hard = to_numpy(keras_acts.gumbel_softmax(logits, hard=True, seed=2))
    np.testing.assert_array_equal(np.sort(hard, -1)[:, -1], 1.0)


@pytest.mark.parametrize("seed", [2**31, -1, 10**30, 1.5, True])
def test_seeds_out_of_every_backends_range_are_named(seed):
    for make in (
        lambda: RReLU(seed=seed),
        lambda: GumbelSoftmax(seed=seed),
        lambda: keras_acts.rrelu(np.zeros(3), training=True, seed=seed),
        lambda: keras_acts.gumbel_softmax(np.zeros((2, 3)), seed=seed),
    ):
        with pytest.raises(ValueError, match=r"`seed` must be .*\[0, 2147483647\]\. Received: seed="):
            make()
    y = keras_acts.rrelu(np.full(4, -1.0, "float32"), training=True, seed=2**31 - 1)
    assert np.all(to_numpy(y) < 0)
