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


@pytest.mark.parametrize(
    ("argv", "columns", "header"),
    [
        ([], 80, ["name", "family", "parameters", "torch"]),
        ([], 50, ["name", "family", "parameters", "torch"]),
        (["--columns", "name,jax"], 40, ["name", "jax"]),
        (["--wide"], 80, ["name", "family", "parameters", "trainable", "torch", "jax", "keras"]),
    ],
)
def test_list_fits_the_terminal(argv, columns, header, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))  # what shutil.get_terminal_size reads first
    status, out, _ = run(capsys, "list", *argv)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == header
    names = {line.split()[0] for line in lines[2:] if line.strip() and not line[0].isdigit()}
    assert {info.name for info in keras_acts.catalog()} <= names
    if "--wide" in argv:  # every column, uncut, however wide
        assert "…" not in out and max(map(len, lines)) > columns
        assert "min_val=-1, max_val=1" in out  # hard_tanh's defaults
        assert "torch.nn.functional.hardtanh" in out
    else:
        assert max(map(len, lines)) <= columns
        assert "…" in out  # long cells are cut, not wrapped


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


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["plot", "hardtan", "-o", "{tmp}/x.png"], "identifier='hardtan'. Did you mean:"),
        (["plot", "hard_tanh", "--param", "foo=1", "-o", "{tmp}/x.png"],
         "hard_tanh has no parameter 'foo'. Its parameters: min_val=-1, max_val=1"),
        (["plot", "hard_tanh", "--param", "min_val", "-o", "{tmp}/x.png"], "Expected a parameter as NAME=VALUE"),
        (["plot", "hard_tanh", "--param", "min_val=3", "-o", "{tmp}/x.png"], "min_val=3"),
        (["plot", "gelu", "-o", "/nonexistent/g.png"],
         "cannot write /nonexistent/g.png: the folder '/nonexistent' does not exist"),
        (["plot", "gelu", "-o", "{tmp}/g.xyz"], "Format 'xyz' is not supported"),
        (["plot", "gelu", "--range", "1", "0", "-o", "{tmp}/x.png"], "--range needs A < B"),
        (["list", "--columns", "name,bogus"], "--columns takes a comma-separated list of name, family"),
        (["compare", "--activations", "relu", "glu"], "glu changes the width of its input (64 -> 32"),
        (["compare", "--activations", "swiglu"], "swiglu changes the width"),
        (["compare", "--activations", "maxout:num_units=16"], "maxout:num_units=16 changes the width"),
        (["compare", "--activations", "relu", "nope"], "Unknown activation: identifier='nope'"),
        (["compare", "-o", "/nonexistent/c.png"], "cannot write /nonexistent/c.png"),
        (["compare", "--epochs", "0"], "--epochs and --batch-size must be >= 1"),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_status_2(argv, expected, tmp_path, capsys):
    status, out, err = run(capsys, *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert status == 2
    assert err.startswith(f"keras-acts {argv[0]}: error: ") and err.count("\n") == 1, err
    assert expected in err
    assert "Traceback" not in out + err and not list(tmp_path.iterdir())  # nothing written


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


def test_compare_keeps_the_runs_before_a_failure(tmp_path, capsys, monkeypatch):
    from keras_acts import _compare

    real = _compare._run

    def second_run_fails(label, *args, **kwargs):
        if label == "tanh":
            raise RuntimeError("boom")
        return real(label, *args, **kwargs)

    monkeypatch.setattr(_compare, "_run", second_run_fails)
    path = tmp_path / "curves.png"
    status, out, err = run(
        capsys, "compare", "--activations", "relu", "tanh", "--epochs", "2", "--batch-size", "256",
        "-o", str(path),
    )  # fmt: skip
    assert status == 2
    assert [line.split()[0] for line in out.splitlines()[:2]] == ["activation", "relu"]
    assert path.read_bytes()[:4] == b"\x89PNG"  # the relu curves
    assert "the run with tanh stopped (RuntimeError: boom); the 1 completed run(s) are above" in err


def test_compare_plot_has_integer_epoch_ticks():
    from keras_acts import _compare

    runs = [_compare.Run(n, 0.9, 0.3, 0.2, 0.01, [1.0, 0.5, 0.3], [0.5, 0.8, 0.9]) for n in ("a", "b")]
    fig = _compare.plot_runs(runs, None)
    for ax in fig.axes:
        ticks = [t for t in ax.get_xticks() if 1 <= t <= 3]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks
