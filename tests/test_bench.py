"""The benchmark command runs (tiny size, no timing assertions)."""

from __future__ import annotations

import json

from keras_acts import bench


def test_bench_smoke(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--sizes", "256", "--reps", "1", "--only", "relu", "gelu", "-o", str(out)]) == 0
    result = json.loads(out.read_text())
    names = {row["activation"] for row in result["rows"]}
    assert names == {"relu", "gelu"}
    for row in result["rows"]:
        assert row["keras_acts_ms"] > 0 and row["native_ms"] > 0
    assert result["model"]["throughput_ratio"] > 0
    assert "| relu |" in capsys.readouterr().out


def test_cli_dispatches_bench(tmp_path):
    from keras_acts import cli

    out = tmp_path / "b.json"
    args = ["bench", "--sizes", "256", "--reps", "1", "--only", "relu", "--no-model", "-o", str(out)]
    assert cli.main(args) == 0
    assert json.loads(out.read_text())["rows"]


def test_every_row_times_the_same_function_on_both_sides():
    """The native side of each row (a declared equivalent, or the hand-written rows)
    computes keras-acts' values at the defaults: the ratios compare like with like."""
    import keras
    import numpy as np

    x_np = np.linspace(-5.0, 5.0, 512, dtype="float32").reshape(2, 256)
    x = keras.ops.convert_to_tensor(x_np)
    pairs = bench._natives(keras.backend.backend())
    assert pairs
    for name, (ours, native) in pairs.items():
        if name == "gumbel_softmax":  # random on both sides
            continue
        # (star_relu's expression writes its default scale and bias to 4 digits.)
        tol = 1e-3 if name.startswith("star_relu") else 1e-5
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(ours(x)), np.asarray(native(x)), rtol=tol, atol=tol, err_msg=name
        )
