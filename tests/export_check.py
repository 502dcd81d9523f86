"""The export matrix: every catalogue layer through every export path of the current
backend, compared with Keras within 1e-5 (relative, and absolute on each output's scale).

Shared by `tests/test_export.py` (which asserts) and `scripts/export_matrix.py` (which
runs it once per backend in a subprocess and writes the table in docs/scaling.md). One
model holds every layer as a parallel branch (`Input -> Dense -> layer`, one output
each), exported once per path, traced at one batch size and run at another (the `None`
batch dimension); only where the whole-model export fails is each layer exported on
its own, to name the culprit.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import keras
import numpy as np
from cases import ROW

import keras_acts

# Which paths each backend produces: torch -> ONNX (TorchScript exporter, dynamic batch),
# TensorFlow -> ONNX (tf2onnx) and SavedModel, JAX -> SavedModel (jax2tf).
PATHS = {"torch": ("onnx",), "tensorflow": ("onnx", "saved_model"), "jax": ("saved_model",)}
PATH_TITLES = {
    ("torch", "onnx"): "torch → ONNX",
    ("tensorflow", "onnx"): "TensorFlow → ONNX",
    ("tensorflow", "saved_model"): "TensorFlow → SavedModel",
    ("jax", "saved_model"): "JAX → SavedModel",
}
SHAPE = (3, 8)  # per example: a rank-3 input, so that channel / element modes differ
TRACE_BATCH, RUN_BATCH = 2, 5
RTOL = ATOL = 1e-5


def variants() -> list[tuple[str, keras_acts.ActivationInfo, dict]]:
    """(label, catalogue entry, layer kwargs): each entry with the row's `layer_kwargs`,
    then with each of its `export_kwargs` (tests/cases.py) merged over those."""
    out = []
    for info in keras_acts.catalog():
        base = ROW[info.name].constructor_kwargs()
        out.append((info.name, info, base))
        for extra in ROW[info.name].export_kwargs:
            kwargs = {**base, **extra}
            shown = ", ".join(f"{k}={v!r}" for k, v in extra.items())
            out.append((f"{info.name}({shown})", info, kwargs))
    return out


def build(chosen: list[tuple[str, keras_acts.ActivationInfo, dict]], seed: int = 0) -> keras.Model:
    """`Input -> Dense`, then each variant's layer on it, one output each (in inference every
    layer, RReLU and GumbelSoftmax included, is deterministic). Weights are moved off
    their (often uniform) initial values by a factor in [1, 1.25), so that per-channel
    and per-element weights differ along their axes."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(SHAPE)
    hidden = keras.layers.Dense(SHAPE[-1], name="dense")(inputs)  # shared: a smaller graph to convert
    outputs = [info.layer(name=f"act_{i}", **kwargs)(hidden) for i, (_, info, kwargs) in enumerate(chosen)]
    model = keras.Model(inputs, outputs)
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if layer.name.startswith("act_"):
            for w in layer.weights:
                value = keras.ops.convert_to_numpy(w)
                if np.issubdtype(value.dtype, np.floating) and w.trainable:
                    w.assign(value * (1.0 + 0.25 * rng.random(value.shape)).astype(value.dtype))
    return model


def data(batch: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(scale=3.0, size=(batch, *SHAPE)).astype("float32")
    x[0, 0, :4] = [12.0, -12.0, 25.0, -25.0]  # tails and thresholds
    return x


def _run_onnx(model: keras.Model, path: str, x: np.ndarray) -> list[np.ndarray]:
    import onnxruntime

    model.export(path, format="onnx", verbose=False)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})


def _run_saved_model(model: keras.Model, path: str, x: np.ndarray) -> list[np.ndarray]:
    import tensorflow as tf

    model.export(path, format="tf_saved_model", verbose=False)
    loaded = tf.saved_model.load(path)  # held: its variables live as long as it does
    out = loaded.serve(tf.constant(x))
    if isinstance(out, dict):
        out = [out[k] for k in sorted(out, key=lambda k: int(k.rsplit("_", 1)[-1]) if k[-1].isdigit() else 0)]
    return [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]


RUNNERS: dict[str, Callable[[keras.Model, str, np.ndarray], list[np.ndarray]]] = {
    "onnx": _run_onnx,
    "saved_model": _run_saved_model,
}


def _error(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return f"{type(e).__name__}: {text[:160]}"


def _mismatch(got: np.ndarray, expected: np.ndarray) -> str | None:
    if got.shape != expected.shape:
        return f"shape {got.shape} != {expected.shape}"
    # Absolute tolerance on the output's scale: onnxruntime's Sigmoid is accurate to
    # 6e-8 absolute, not relative, in its tails, which a product (SwiGLU's silu(a) * b)
    # carries to the output's scale.
    scale = max(1.0, float(np.nanmax(np.abs(np.where(np.isfinite(expected), expected, 0.0)), initial=0.0)))
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL * scale, equal_nan=True)
    if not bad.any():
        return None
    err = np.abs(got.astype(np.float64) - expected)[bad].max()
    return f"differs by {err:.2g} at {int(bad.sum())} of {bad.size} values"


def _export_and_compare(chosen: list, path_kind: str, workdir: str) -> dict[str, str]:
    model = build(chosen)
    if path_kind == "onnx":
        model(data(TRACE_BATCH))  # the ONNX exporters need a called model (torch's traces at batch 1)
    x = data(RUN_BATCH)  # the artifacts run at another batch size
    # Keras's output: eager; on JAX through `predict`, one compiled program (an eager call
    # compiles each activation's jit on its own).
    if keras.backend.backend() == "jax":
        ys = model.predict(x, batch_size=RUN_BATCH, verbose=0)
    else:
        ys = model(x, training=False)
    ys = ys if isinstance(ys, (list, tuple)) else [ys]
    expected = [keras.ops.convert_to_numpy(y).astype(np.float64) for y in ys]
    got = RUNNERS[path_kind](model, os.path.join(workdir, f"model_{len(chosen)}_{path_kind}"), x)
    if len(got) != len(expected):
        raise RuntimeError(f"{len(got)} outputs, expected {len(expected)}")
    return {
        label: _mismatch(np.asarray(g), e) or "yes"
        for (label, _, _), g, e in zip(chosen, got, expected, strict=True)
    }


def check(path_kind: str, chosen: list | None = None) -> dict[str, str]:
    """label -> "yes", or why that layer fails the path (its export error or mismatch)."""
    chosen = variants() if chosen is None else chosen
    with tempfile.TemporaryDirectory() as workdir:
        try:
            return _export_and_compare(chosen, path_kind, workdir)
        except Exception as whole:  # diagnose: each layer exported on its own
            if len(chosen) == 1:
                return {chosen[0][0]: _error(whole)}
            result = {}
            for one in chosen:
                try:
                    result.update(_export_and_compare([one], path_kind, workdir))
                except Exception as e:
                    result[one[0]] = _error(e)
            return result


def matrix(backend: str) -> dict[str, dict[str, str]]:
    """path title -> (label -> result) for the paths `backend` produces."""
    return {PATH_TITLES[(backend, p)]: check(p) for p in PATHS[backend]}
