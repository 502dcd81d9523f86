"""Keras's own layer harness over every keras-acts layer.

`keras.src.testing.TestCase.run_layer_test` is what Keras runs on its own layers: the
config and serialization round trips (the revived layer has the same config and the
same attributes), `build` from a shape, the symbolic call (output shape and dtype, the
weight counts), the eager call, one training step (`fit`, jit-compiled where the
backend's "auto" is), and, off PyTorch's CPU, a call under the `mixed_float16` policy.
For the stateless layers it also asserts `built` right after construction, and that a
subclass overriding `build` is not built then (so its `build` runs).

One case per catalogue entry, with its row's constructor arguments (`tests/cases.py`).
Kept fast (`run_layer_test`'s own options): tiny inputs, and the training step
(`run_training_check`) only for the layers with weights or a training mode; the
stateless layers' fit steps are in `tests/test_layers.py`. Mixed precision is checked
on JAX and TensorFlow (Keras skips it on PyTorch's CPU). Measured on the project's
2-core CI machine (`pytest --durations`): ~15 s under PyTorch, ~30 s under TensorFlow,
~40 s under JAX.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _backend import to_numpy
from cases import LAYER, ROW, entries
from keras.src.testing import TestCase  # Keras's harness: test-only, private module

import keras_acts
from keras_acts.layers import ActivationLayer

ENTRIES = entries()
DEFAULT_SHAPE = (2, 3, 4)  # even along every axis: the GLU variants split it


class _Harness(TestCase):
    __test__ = False  # not a test class of its own: its `run_layer_test` is the harness

    def runTest(self) -> None:  # unittest wants one test method
        pass


def _init_kwargs(info) -> dict:
    """The row's constructor arguments (its first parameter set, for the layers with
    weights, whose rows are written in layer arguments)."""
    row = ROW[info.name]
    return row.cases()[0] if row.kind == LAYER else row.constructor_kwargs()


def _shape(info) -> tuple[int, ...]:
    row = ROW[info.name]
    return tuple(row.shape) if row.kind == LAYER else DEFAULT_SHAPE


def _expected_output_shape(info, kwargs: dict, shape: tuple[int, ...]) -> tuple[int, ...]:
    """Written from the definitions, not from the layer: halves along `axis` for the GLU
    family, `num_units` along `axis` for maxout, the input's shape otherwise."""
    out = list(shape)
    axis = kwargs.get("axis", -1)
    if info.family == "gated":
        out[axis] //= 2
    elif info.name == "maxout":
        out[axis] = kwargs["num_units"]
    return tuple(out)


def _elementwise_or_passes_masks(info) -> bool:
    return info.name not in ("softmax", "log_softmax", "softmin", "sparsemax", "entmax15", "entmax_bisect")


@pytest.mark.parametrize("info", ENTRIES, ids=lambda info: info.layer.__name__)
def test_keras_layer_harness(info):
    kwargs = _init_kwargs(info)
    shape = _shape(info)
    stateless = issubclass(info.layer, ActivationLayer)
    _Harness().run_layer_test(
        info.layer,
        init_kwargs=kwargs,
        input_shape=shape,
        expected_output_shape=_expected_output_shape(info, kwargs, shape),
        expected_output_dtype="float32",
        expected_num_trainable_weights=0 if stateless else None,
        expected_num_non_trainable_weights=0 if stateless else None,
        supports_masking=True if _elementwise_or_passes_masks(info) else None,
        assert_built_after_instantiation=stateless,
        # The training step compiles a model per layer (JAX, TensorFlow: ~1 s each). The
        # stateless layers' fit steps are tests/test_layers.py's (one jit-compiled model
        # for all of them): here only the layers with weights or a training mode train.
        run_training_check=not stateless,
    )


def test_a_subclass_with_its_own_build_is_built_on_first_call():
    """Keras marks a layer built at construction only when `build` is not overridden."""

    class ScaledGELU(keras_acts.layers.GELU):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

        def call(self, inputs):
            return super().call(inputs) * self.scale

    layer = ScaledGELU()
    assert not layer.built
    x = np.linspace(-2.0, 2.0, 6, dtype="float32").reshape(2, 3)
    y = to_numpy(layer(x))
    assert layer.built and [tuple(w.shape) for w in layer.weights] == [(3,)]
    assert keras_acts.layers.GELU().built
    expected = x * 0.5 * (1.0 + np.vectorize(__import__("math").erf)(x / np.sqrt(2.0)))
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6)
    assert keras.layers.Layer.build is not ScaledGELU.build
