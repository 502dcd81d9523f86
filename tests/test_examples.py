"""The examples run (at a tiny size) on the current backend."""

from __future__ import annotations

import runpy
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_digits_demo_runs(capsys):
    module = runpy.run_path(str(EXAMPLES / "digits_demo.py"))
    module["main"](["--epochs", "1"])
    out = capsys.readouterr().out
    for name in ("relu", "hard_tanh", "mish"):
        assert name in out
    assert "test acc" in out
