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
