"""The docs: every catalogue entry has its section, plot and Rosetta row, and the code on
the hand-written pages runs. (`mkdocs build --strict` itself runs once in scripts/test.sh.)"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import keras
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


@pytest.mark.skipif(
    keras.backend.backend() != "torch",
    reason="the figures do not depend on the backend: drawn once, under torch",
)
@pytest.mark.slow
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
    jax_names = gen.jax_functions()
    assert {"relu", "soft_sign", "swish", "identity"} <= set(jax_names)  # declared as `jax.nn.<name>`
    for name in jax_names:
        assert any(line.startswith(f"| `{name}` |") for line in rosetta.splitlines()), name
    # Every activation, with its declared equivalents (timm's among them).
    for info in keras_acts.catalog():
        row = next(
            line for line in rosetta.splitlines() if line.startswith(f"| [`{info.name}`](activations/")
        )
        for equivalent in (info.torch, info.jax, info.tensorflow, info.keras, info.timm):
            assert (f"`{equivalent}`" if equivalent else "-") in row, (info.name, equivalent)
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


@pytest.fixture(scope="module")
def hooks():
    pytest.importorskip("latex2mathml", reason="the docs extra (latex2mathml) is not installed")
    spec = importlib.util.spec_from_file_location("keras_acts_docs_hooks", DOCS / "hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_formula_converts_to_mathml(hooks):
    # The site typesets at build time (no MathJax, no network): every formula must convert
    # with no TeX left for the reader to see.
    for info in keras_acts.catalog():
        mathml = hooks.tex_to_mathml(info.formula, display=True)
        assert mathml.startswith("<math") and 'display="block"' in mathml, info.name
        assert "\\" not in mathml, info.name
    assert "<mtext>max_val</mtext>" in hooks.tex_to_mathml(r"\text{max\_val}")
    with pytest.raises(ValueError, match="left TeX"):
        hooks.tex_to_mathml(r"\notacommand{x}")


def test_typeset_replaces_the_arithmatex_markup(hooks):
    page = (
        '<p>inline <span class="arithmatex">\\(a &lt; b\\)</span></p>\n'
        '<div class="arithmatex">\\[\n\\frac{1}{2}\n\\]</div>'
    )
    out = hooks.typeset(page, "page.md")
    assert "\\(" not in out and "\\[" not in out and "<mo>&#x0003C;</mo>" in out  # a < b, unescaped
    assert '<span class="arithmatex"><math' in out and 'display="inline"' in out
    assert '<div class="arithmatex"><math' in out and "<mfrac>" in out and 'display="block"' in out
    with pytest.raises(ValueError, match=r"page\.md"):
        hooks.typeset('<span class="arithmatex">\\(\\nope\\)</span>', "page.md")


def test_404_page_links_are_relative(hooks):
    page = (
        '<link rel="stylesheet" href="/assets/main.css"><script src="/assets/x.js"></script><a href="//a.b/">'
    )
    out = hooks.on_post_template(page, "404.html", {"site_url": None})
    assert 'href="./assets/main.css"' in out and 'src="./assets/x.js"' in out and 'href="//a.b/"' in out
    assert hooks.on_post_template(page, "main.html", {"site_url": None}) == page
    assert hooks.on_post_template(page, "404.html", {"site_url": "https://x.org/d/"}) == page


def test_rosetta_documents_porting(pages):
    rosetta = pages["rosetta.md"]
    assert "## Porting a PyTorch model" in rosetta and "keras_acts.from_torch(" in rosetta
    assert "| `1` (channels) | `-1` | `1` |" in rosetta  # the dim -> axis rule
    assert "`weight.transpose(2, 3, 1, 0)` `(kh, kw, in, out)`" in rosetta  # Conv2d's layout
    assert '`PReLU(mode="channel", axis=-1)`' in rosetta


def test_browser_check_skips_without_chromium(tmp_path, monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("check_docs", DOCS.parent / "scripts" / "check_docs.py")
    check_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_docs)
    for page in check_docs.PAGES.values():
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<html><body></body></html>")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("CHROMIUM", raising=False)
    assert check_docs.main([str(tmp_path), "--out", str(tmp_path / "shots")]) == 0
    assert "SKIPPED: no Chromium found" in capsys.readouterr().out
    assert check_docs.main([str(tmp_path / "nosite")]) == 1  # no site: a failure, not a skip
