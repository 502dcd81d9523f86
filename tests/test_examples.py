"""The examples run (at a tiny size) on the current backend."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_hardtanh_vs_tanh_runs(capsys):
    module = runpy.run_path(str(EXAMPLES / "hardtanh_vs_tanh.py"))
    results = module["main"](
        ["--seeds", "1", "--epochs", "2", "--rows", "64", "--cols", "32", "--repeats", "2"]
    )
    out = capsys.readouterr().out
    assert set(results) == {"tanh", "hard_tanh"}
    for r in results.values():
        assert 0.5 < r["accuracy"] <= 1.0 and r["seconds_per_epoch"] > 0 and r["forward_ms"] > 0
    assert "hard_tanh - tanh accuracy" in out


def test_port_from_pytorch_gives_equal_outputs(capsys):
    pytest.importorskip("torch")
    module = runpy.run_path(str(EXAMPLES / "port_from_pytorch.py"))
    err = module["main"](["--batch", "32"])  # asserts the outputs match (float32)
    assert err < 1e-5
    out = capsys.readouterr().out
    for line in (
        "keras_acts.layers.HardTanh(min_val=-2, max_val=2)",
        "keras_acts.layers.Softplus(beta=2, threshold=20)",
        "keras_acts.layers.GELU(approximate='tanh')",
        "keras_acts.layers.LeakyReLU(negative_slope=0.1)",
        "keras_acts.layers.HardSigmoid(alpha=0.166667, beta=0.5)",
    ):
        assert line in out


def test_port_from_pytorch_rejects_unknown_modules():
    torch = pytest.importorskip("torch")
    module = runpy.run_path(str(EXAMPLES / "port_from_pytorch.py"))
    with pytest.raises(ValueError, match="MultiheadAttention"):
        module["port_activation"](torch.nn.MultiheadAttention(4, 2))


@pytest.mark.slow
def test_gumbel_vae_runs_and_anneals(capsys):
    module = runpy.run_path(str(EXAMPLES / "gumbel_vae.py"))
    result = module["main"](["--epochs", "2", "--hard", "--rate", "0.01"])
    assert result["last_loss"] < result["first_loss"]
    # 1797 samples / 64 per batch = 29 steps per epoch, 2 epochs.
    assert abs(result["tau"] - max(0.5, 2.718281828 ** (-0.01 * 58))) < 1e-4
    assert "tau after training" in capsys.readouterr().out


def test_learnable_activations_learn_their_targets(tmp_path):
    module = runpy.run_path(str(EXAMPLES / "learnable_activations.py"))
    out = tmp_path / "learned.png"
    results = module["main"](["--epochs", "15", "-o", str(out)])
    assert out.stat().st_size > 0
    assert results["PReLU -> leaky_relu(x, 0.1)"] < 1e-3
    assert results["Swish -> x * sigmoid(2x)"] < 1e-3


@pytest.mark.slow
def test_transformer_ffn_runs_tiny(capsys):
    module = runpy.run_path(str(EXAMPLES / "transformer_ffn.py"))
    results = module["main"](["--tiny"])
    out = capsys.readouterr().out
    assert set(results) == {"swiglu", "geglu", "relu"}
    # LLaMA's 8/3 d hidden width: the gated blocks hold as many weights as ReLU's 4 d.
    assert results["swiglu"]["params"] == results["geglu"]["params"] == results["relu"]["params"]
    for r in results.values():
        assert (
            r["last_train_loss"] < r["first_train_loss"] and 0.0 <= r["accuracy"] <= 1.0 and r["seconds"] > 0
        )
    assert "| swiglu |" in out and "| relu |" in out
