"""The docs: every catalogue entry has its section, plot and Rosetta row, and the code on
the hand-written pages runs. (`mkdocs build --strict` itself runs once in scripts/test.sh.)"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

import keras_acts

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("keras_acts_docs_gen", DOCS / "gen_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(gen):
    return gen.pages()


def test_every_entry_has_a_section_on_its_family_page(pages):
    for info in keras_acts.catalog():
        page = pages[f"activations/{info.family}.md"]
        assert f"## `{info.name}` {{#{info.name}}}" in page, info.name
        section = page.split(f"{{#{info.name}}}", 1)[1].split("\n## ", 1)[0]
        assert info.formula in section
        assert f"](../plots/{info.name}.png)" in section
        assert f"keras_acts.layers.{info.layer.__name__}(" in section
        for key in info.params:
            assert f"`{key}" in section, (info.name, key)
        for equivalent in (info.torch, info.jax, info.keras):
            if equivalent:
                assert f"`{equivalent}`" in section
        assert f"[`{info.name}`]({info.family}.md#{info.name})" in pages["activations/index.md"]


def test_every_entry_has_a_png_plot(gen):
    paths = gen.plot_names()
    assert sorted(paths) == sorted(f"plots/{info.name}.png" for info in keras_acts.catalog())
    figures = gen.plots()
    assert set(figures) == set(paths)
    for path, data in figures.items():
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path
        assert len(data) > 5_000, path  # a drawn figure, not an empty canvas


def test_nav_lists_every_family_page(gen, pages):
    nav = gen.nav()
    activations = nav[0]["Activations"]
    listed = {next(iter(item.values())) for item in activations if isinstance(item, dict)}
    assert listed == {
        path for path in pages if path.startswith("activations/") and path != "activations/index.md"
    }
    assert {info.family for info in keras_acts.catalog()} == {p.split("/")[1][:-3] for p in listed}


def test_rosetta_maps_torch_and_jax_names(gen, pages):
    rosetta = pages["rosetta.md"]
    names = gen.by_name()
    for module in gen.TORCH_MODULES:
        row = next(line for line in rosetta.splitlines() if line.startswith(f"| `{module}` |"))
        info = names.get(module.lower())
        if info is not None:
            assert f"keras_acts.layers.{info.layer.__name__}" in row
    for name in gen.JAX_FUNCTIONS:
        assert any(line.startswith(f"| `{name}` |") for line in rosetta.splitlines()), name
    # What the built-in lacks, read from Keras's signatures.
    row = next(line for line in rosetta.splitlines() if line.startswith("| `Hardtanh` |"))
    assert "no `min_val`, `max_val`" in row
    row = next(line for line in rosetta.splitlines() if line.startswith("| `LeakyReLU` |"))
    assert "defaults to `0.2`" in row and "defaults to `0.3`" in row


def test_api_pages_cover_the_package(pages):
    assert "::: keras_acts.activations" in pages["api/functions.md"]
    assert "::: keras_acts.layers" in pages["api/layers.md"]
    assert "::: keras_acts.registry" in pages["api/registry.md"]


def test_cli_page_is_the_commands_help(pages):
    for command in ("list", "plot", "compare"):
        assert f"## `keras-acts {command} --help`" in pages["cli.md"]


def _python_blocks(page: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(), flags=re.S)


@pytest.mark.parametrize("page", ["quickstart.md", "saving.md", "gumbel.md"])
def test_page_code_runs(page, tmp_path, monkeypatch):
    if page == "gumbel.md" and not hasattr(keras_acts.layers, "GumbelSoftmax"):
        pytest.skip("GumbelSoftmax is not in this version of keras_acts yet")
    blocks = _python_blocks(page)
    assert blocks
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, f"docs/{page}", "exec"), namespace)
    if page == "saving.md":
        assert os.path.exists(tmp_path / "model.keras")
