"""The `keras-acts` command: list, plot, compare, and its errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pytest

import keras_acts
from keras_acts import cli, plotting


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_table_has_every_entry(capsys):
    status, out, _ = run(capsys, "list")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["name", "family", "parameters"]
    names = {line.split()[0] for line in lines[2:] if line.strip() and not line[0].isdigit()}
    assert {info.name for info in keras_acts.catalog()} <= names
    assert "min_val=-1, max_val=1" in out  # hard_tanh's defaults
    assert "torch.nn.functional.hardtanh" in out


def test_list_json_round_trips(capsys):
    status, out, _ = run(capsys, "list", "--json")
    assert status == 0
    entries = json.loads(out)
    assert [e["name"] for e in entries] == [info.name for info in keras_acts.catalog()]
    hard_tanh = next(e for e in entries if e["name"] == "hard_tanh")
    assert hard_tanh["params"] == {"min_val": -1.0, "max_val": 1.0}
    assert hard_tanh["formula"] and hard_tanh["torch"] == "torch.nn.functional.hardtanh"


@pytest.mark.parametrize("command", [[], ["list"], ["plot"], ["compare"]])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main([*command, "--help"])
    assert e.value.code == 0
    assert "usage: keras-acts" in capsys.readouterr().out


def test_plot_writes_png(tmp_path, capsys):
    path = tmp_path / "ht.png"
    status, out, _ = run(
        capsys, "plot", "hardtanh", "--param", "min_val=-2", "--range", "-3", "3", "-o", str(path)
    )
    assert status == 0, out
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "min_val=-2" in out


def test_plot_curve_and_derivative_match_numpy():
    # An independent reference: the formula and its derivative written in NumPy.
    x = np.array([-3.0, -1.5, -0.5, 0.5, 1.5, 3.0])
    c = plotting.curve("hard_tanh", {"min_val": -2.0, "max_val": 1.0}, x)
    np.testing.assert_allclose(c.y, np.clip(x, -2.0, 1.0), atol=1e-6)
    np.testing.assert_allclose(c.dy, ((x > -2.0) & (x < 1.0)).astype(float), atol=1e-6)
    c = plotting.curve("softplus", {"beta": 2.0}, x)
    np.testing.assert_allclose(c.y, np.log1p(np.exp(2.0 * x)) / 2.0, rtol=1e-5)
    np.testing.assert_allclose(c.dy, 1.0 / (1.0 + np.exp(-2.0 * x)), rtol=1e-5)
    c = plotting.curve("softmax", None, x)  # the slice [x, 0], first output: sigmoid
    np.testing.assert_allclose(c.dy, np.exp(-x) / (1.0 + np.exp(-x)) ** 2, rtol=1e-5)


def test_plot_unknown_name_lists_close_matches(tmp_path, capsys):
    status, _, err = run(capsys, "plot", "hardtan", "-o", str(tmp_path / "x.png"))
    assert status == 2
    assert "hard_tanh" in err and "Did you mean" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    ("param", "expected"),
    [
        ("foo=1", "hard_tanh has no parameter 'foo'. Its parameters: min_val=-1, max_val=1"),
        ("min_val", "Expected a parameter as NAME=VALUE"),
        ("min_val=3", "min_val=3"),  # out of range: the layer's message names the value
    ],
)
def test_plot_bad_param(param, expected, tmp_path, capsys):
    status, _, err = run(capsys, "plot", "hard_tanh", "--param", param, "-o", str(tmp_path / "x.png"))
    assert status == 2
    assert expected in err


def test_compare_tiny(tmp_path, capsys):
    path = tmp_path / "curves.png"
    status, out, err = run(
        capsys, "compare", "--activations", "relu", "hard_tanh:min_val=-2", "--epochs", "2",
        "--batch-size", "128", "-o", str(path),
    )  # fmt: skip
    assert status == 0, err
    header, *rows = [line for line in out.splitlines() if line.strip()][:3]
    assert header.split() == ["activation", "test", "acc", "test", "loss", "final", "loss", "s/epoch"]
    assert [row.split()[0] for row in rows] == ["relu", "hard_tanh:min_val=-2"]
    for row in rows:
        acc, test_loss, loss, seconds = map(float, row.split()[1:])
        assert 0.3 < acc <= 1.0 and np.isfinite(test_loss) and np.isfinite(loss) and seconds > 0.0
    assert "epoch   2/2" in err  # the progress bar, on stderr
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_compare_same_initial_weights_and_reproducible():
    from keras_acts import _compare

    a = _compare.compare(["relu", "relu"], epochs=1, batch_size=256, stream=io.StringIO())
    assert a[0].final_loss == pytest.approx(a[1].final_loss, rel=1e-6)


def test_compare_default_list_skips_missing_names(capsys):
    from keras_acts import _compare

    resolved = _compare.resolve(["relu", "no_such_act"], skip_missing=True)
    assert [label for label, _ in resolved] == ["relu"]
    assert "'no_such_act' is not in" in capsys.readouterr().err
    with pytest.raises(ValueError, match="no_such_act"):
        _compare.resolve(["no_such_act"], skip_missing=False)


def test_python_dash_m_runs():
    out = subprocess.run(
        [sys.executable, "-m", "keras_acts", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"keras-acts {keras_acts.__version__}"
