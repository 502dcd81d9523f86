"""Cross-backend `.keras` files, mixed precision. (Export: tests/test_export.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
from _backend import to_numpy
from portable import build_model, data, make_layer

import keras_acts

BACKEND = keras.backend.backend()
BACKENDS = ("jax", "torch", "tensorflow")
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))

LOAD_AND_PREDICT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import keras
    import keras_acts  # noqa: F401  (registers the classes)
    model = keras.saving.load_model(sys.argv[1], safe_mode=True)
    x = np.load(sys.argv[2])
    np.save(sys.argv[3], keras.ops.convert_to_numpy(model.predict(x, verbose=0)))
    """
)


@pytest.fixture(scope="module")
def trained_model_file(tmp_path_factory):
    model = build_model()
    # Keras's default compilation (one XLA program on JAX and TensorFlow, 3-4x quicker
    # here than their eager steps; eager on torch).
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    x, y = data()
    # Two steps move every weight off its initial value (what the loads must carry).
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    expected = to_numpy(model.predict(x, verbose=0))
    # Saved with an eager compile config (the same optimizer and its state): a file saved
    # with `jit_compile=True` makes torch's `load_model` run torch.compile (minutes here).
    model.compile(optimizer=model.optimizer, loss="mse", jit_compile=False)
    path = tmp_path_factory.mktemp("portable") / f"all_layers_{BACKEND}.keras"
    model.save(path)
    xin = path.with_suffix(".x.npy")
    np.save(xin, x)
    return path, xin, expected


@pytest.mark.slow
def test_model_uses_every_catalogue_layer(trained_model_file):
    path, _, _ = trained_model_file
    loaded = keras.saving.load_model(path, safe_mode=True)
    classes = {type(layer) for layer in loaded.layers}
    for info in keras_acts.catalog():
        assert info.layer in classes, info.name


@pytest.mark.parametrize("target", BACKENDS)
@pytest.mark.slow
def test_saved_under_this_backend_loads_under_every_backend(trained_model_file, target, tmp_path):
    path, xin, expected = trained_model_file
    out = tmp_path / "pred.npy"
    env = {**os.environ, "KERAS_BACKEND": target}
    proc = subprocess.run(
        [sys.executable, "-c", LOAD_AND_PREDICT, str(path), str(xin), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    np.testing.assert_allclose(np.load(out), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
@pytest.mark.parametrize("info", keras_acts.catalog(), ids=lambda i: i.name)
def test_mixed_precision_every_layer(info, policy):
    x = np.random.default_rng(0).normal(scale=4.0, size=(4, 8)).astype("float32")
    x[0, :3] = [200.0, -200.0, 11.5]
    if info.name == "exponential":
        x = np.minimum(x, 11.0)  # above 11.09 exp(x) overflows float16 (above 88.7, float32)
    ref_layer = make_layer(info)
    keras.config.set_dtype_policy(policy)
    layer = make_layer(info)
    compute = policy.split("_")[1]
    for training in (False, True):
        y = layer(x, training=training)
        assert keras.backend.standardize_dtype(y.dtype) == compute
        y32 = to_numpy(keras.ops.cast(y, "float32"))
        assert np.isfinite(y32).all(), info.name
    for w in layer.weights:
        assert keras.backend.standardize_dtype(w.dtype) == "float32"
    keras.config.set_dtype_policy("float32")
    # Same numbers as float32 within the compute dtype's precision.
    ref_layer.build(x.shape)
    for a, b in zip(ref_layer.weights, layer.weights, strict=True):
        a.assign(b)
    xq = to_numpy(keras.ops.cast(keras.ops.cast(x, compute), "float32"))
    ref = to_numpy(ref_layer(xq, training=False))
    got = to_numpy(keras.ops.cast(layer(keras.ops.cast(x, compute), training=False), "float32"))
    tol = 1e-2 if compute == "float16" else 5e-2
    np.testing.assert_allclose(got, ref, rtol=tol, atol=tol * max(1.0, float(np.abs(ref).max()) / 50))
