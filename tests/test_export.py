"""Export: every catalogue layer through every export path this backend produces
(torch: ONNX; TensorFlow: ONNX and SavedModel; JAX: SavedModel), traced at one batch size
and run at another, matching Keras within 1e-5 (`tests/export_check.py`); and the
generated matrix in docs/scaling.md covers the catalogue."""

from __future__ import annotations

import importlib.util
import os
import re

import export_check
import keras
import pytest

BACKEND = keras.backend.backend()
DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "scaling.md")
NEEDS = {
    "onnx": ("onnxruntime", "tf2onnx") if BACKEND == "tensorflow" else ("onnxruntime",),
    "saved_model": ("tensorflow",),
}


@pytest.mark.parametrize("path_kind", export_check.PATHS.get(BACKEND, ()))
@pytest.mark.slow
def test_every_layer_exports_and_matches_keras(path_kind):
    for module in NEEDS[path_kind]:
        pytest.importorskip(module)
    results = export_check.check(path_kind)
    assert list(results) == [label for label, _, _ in export_check.variants()]
    failures = [f"{label}: {why}" for label, why in results.items() if why != "yes"]
    title = export_check.PATH_TITLES[(BACKEND, path_kind)]
    assert not failures, f"{title} fails for:\n" + "\n".join(failures)


def _doc_matrix() -> tuple[list[str], dict[str, list[str]]]:
    """The header cells and label -> row cells of the generated table in docs/scaling.md."""
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"<!-- export-matrix:start -->(.*?)<!-- export-matrix:end -->", text, re.S)
    assert match, "docs/scaling.md has no export-matrix section (run scripts/export_matrix.py)"
    lines = [line for line in match.group(1).splitlines() if line.startswith("|")]
    assert len(lines) > 2, (
        "the export-matrix section of docs/scaling.md is empty (run scripts/export_matrix.py)"
    )
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        rows[cells[0].strip("`")] = cells[1:]
    return header, rows


def test_doc_matrix_lists_every_layer_and_path():
    """The table scripts/export_matrix.py writes has a row for every exported layer (and
    non-default parameter set) of the catalogue and a column for every path."""
    header, rows = _doc_matrix()
    assert header[1:] == list(export_check.PATH_TITLES.values())
    expected = [label for label, _, _ in export_check.variants()]
    assert list(rows) == expected, "docs/scaling.md is out of date: run scripts/export_matrix.py"
    for label, cells in rows.items():
        assert len(cells) == len(export_check.PATH_TITLES) and all(cells), label


def test_export_tools_are_installed_where_the_matrix_needs_them():
    """The matrix is only as good as the tools it runs: each of this backend's paths has
    its converter and runtime (a missing one would skip the export test silently)."""
    for path_kind in export_check.PATHS.get(BACKEND, ()):
        for module in NEEDS[path_kind]:
            assert importlib.util.find_spec(module) is not None, module
