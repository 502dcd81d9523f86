"""Bytes kept for the backward pass: no more than the native op keeps (issue #6's memory
target), counted with PyTorch's `saved_tensors_hooks` by the benchmark's own counter
(`keras-acts bench` reports the same numbers; the other backends keep no such record,
and under `jax.jit` XLA fuses both to no temporaries at all)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

import keras_acts
from keras_acts import bench

pytestmark = pytest.mark.skipif(keras.backend.backend() != "torch", reason="PyTorch's autograd record")

# The natives the benchmark compares with (`keras-acts bench`), as (keras_acts, native).
PAIRS = bench._natives("torch") if keras.backend.backend() == "torch" else {}

# The keras.ops forms keep only the input as well (their derivatives are written out,
# `with_derivative`), except GLU's, which keeps both halves' pieces: 1.5x the input, and
# softmax's and log_softmax's, which on PyTorch keep the +-inf rule's selects besides
# their output (the clip of the shifted input and, for log_softmax, the mask that keeps
# the gradient of a slice holding +inf at 0; `normalizers._shifted`).
OPS_PATH_LARGER = {"glu", "softmax", "log_softmax"}
# entmax has only its `keras.ops` form, with that mask too: a quarter more than the
# `entmax` package's kernels (float32), which the test bounds instead.
INF_RULE_MASK = {"entmax15", "entmax_bisect"}


@pytest.fixture(params=[True, False], ids=["fast-path", "keras-ops-path"])
def fast_path(request):
    keras_acts.set_native_fast_path(request.param)
    yield request.param
    keras_acts.set_native_fast_path(True)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_saved_for_backward_at_most_native(name, fast_path):
    if not fast_path and name in OPS_PATH_LARGER:
        pytest.skip("the keras.ops form keeps more (see OPS_PATH_LARGER)")
    ours, native = PAIRS[name]
    x = keras.ops.convert_to_tensor(
        np.random.default_rng(0).normal(scale=3.0, size=(16, 256)).astype("float32")
    )
    kept, kept_native = bench._saved_bytes("torch", ours, x), bench._saved_bytes("torch", native, x)
    assert kept_native > 0
    bound = kept_native + x.numel() + 4096 if name in INF_RULE_MASK else kept_native  # a byte per element
    assert kept <= bound, f"{name} keeps {kept} bytes for the backward pass, {native} {kept_native}"
