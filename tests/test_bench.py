"""The benchmark command runs (tiny size, no timing assertions)."""

from __future__ import annotations

import json

import pytest

from keras_acts import bench


@pytest.mark.slow
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
    notes = bench.row_notes()
    for name, (ours, native) in pairs.items():
        if notes[name.rstrip("*")][0].family == "stochastic":  # random on both sides
            continue
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(ours(x)), np.asarray(native(x)), rtol=1e-5, atol=1e-5, err_msg=name
        )


def test_rows_come_from_the_declarations():
    """A `Baseline` row is starred exactly where its expression does not call the declared
    equivalent; an expression naming a missing module gives no row; `a`, `b` are the halves."""
    import keras

    from keras_acts import _catalog

    backend = keras.backend.backend()
    pairs = bench._natives(backend)
    for decl in _catalog.declarations():
        for base in decl.bench:
            text = getattr(base, backend)
            row = base.row or decl.name
            if not text or bench._expression(text) is None:
                continue
            path = getattr(decl, backend).split()[0] if getattr(decl, backend) else ""
            assert (row if path and path in text else f"{row}*") in pairs, row
    assert bench._expression("not_a_module_xyz.f(x)") is None
    gated = bench._expression("a * b")
    assert keras.ops.convert_to_numpy(gated(keras.ops.convert_to_tensor([[2.0, 3.0]]))).tolist() == [[6.0]]


def test_help_spread_and_load_warning(tmp_path, capsys, monkeypatch):
    """`--help` documents `--sizes` and `--reps` with their defaults; rows carry the spread
    of the per-repetition ratios; a busy machine is named on stderr."""
    import pytest

    with pytest.raises(SystemExit):
        bench.main(["--help"])
    text = capsys.readouterr().out
    assert "--sizes" in text and "65536 4194304" in text and "--reps" in text and "15" in text
    out = tmp_path / "bench.json"
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (99.0, 99.0, 99.0))
    assert bench.main(["--sizes", "256", "--reps", "3", "--only", "relu", "--no-model", "-o", str(out)]) == 0
    assert "machine is loaded" in capsys.readouterr().err
    result = json.loads(out.read_text())
    assert result["load_warning"] and result["device"]
    for row in result["rows"]:
        assert 0 < row["ratio_p10"] <= row["ratio_p90"]
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert bench.load_warning() is None
