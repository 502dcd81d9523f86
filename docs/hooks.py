"""mkdocs hooks: add the pages and figures generated from the catalogue (`gen_pages.py`),
typeset the formulas, and make the 404 page work offline.

Runs in-process at build time, offline: the figures are drawn by keras-acts itself on the
backend of `KERAS_BACKEND`. The formulas (`$$...$$`, kept intact by `pymdownx.arithmatex`)
are converted to MathML by `latex2mathml` (the `docs` extra), which browsers render
natively: the site needs no MathJax and no network. A formula that does not convert fails
the build.
"""

from __future__ import annotations

import html
import importlib.util
import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.keras_acts")


def _gen() -> Any:
    spec = importlib.util.spec_from_file_location(
        "keras_acts_docs_gen", Path(__file__).with_name("gen_pages.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_config(config: Any) -> Any:
    """Replaces the `Activations` and `API reference` nav placeholders with the generated pages."""
    gen = _gen()
    generated = {next(iter(entry)): entry for entry in gen.nav()}
    config["nav"] = [
        generated.get(next(iter(item)), item) if isinstance(item, dict) else item for item in config["nav"]
    ]
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    gen = _gen()
    for path, content in gen.pages().items():
        files.append(File.generated(config, path, content=content))
    for path, content in gen.plots().items():
        files.append(File.generated(config, path, content=content))
    log.info("keras-acts: generated %d pages and %d figures", len(gen.pages()), len(gen.plot_names()))
    return files


# `<span class="arithmatex">\(...\)</span>` and `<div class="arithmatex">\[...\]</div>`, as
# pymdownx.arithmatex writes them with `generic: true` (the TeX HTML-escaped).
_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])\s*</(?P=tag)>',
    re.S,
)
_MTEXT = re.compile(r"(<mtext>)(.*?)(</mtext>)", re.S)
_TEXT_ESCAPES = {"\\_": "_", "\\%": "%", "\\#": "#", "\\$": "$", "\\{": "{", "\\}": "}"}


def tex_to_mathml(tex: str, display: bool = False) -> str:
    """Converts a LaTeX formula to MathML.

    Raises:
        ValueError: when the MathML still holds a backslash (a command latex2mathml does
            not know, which the reader would see raw).
    """
    from latex2mathml.converter import convert

    mathml = convert(tex.strip(), display="block" if display else "inline")

    def unescape(m: re.Match[str]) -> str:
        text = m.group(2)
        for escaped, plain in _TEXT_ESCAPES.items():
            text = text.replace(escaped, plain)
        return m.group(1) + text + m.group(3)

    mathml = _MTEXT.sub(unescape, mathml)
    if "\\" in mathml:
        raise ValueError(f"latex2mathml left TeX in the MathML of the formula {tex!r}: {mathml}")
    return mathml


def typeset(page_html: str, where: str = "") -> str:
    """Replaces every arithmatex formula of a page's HTML by its MathML."""

    def replace(m: re.Match[str]) -> str:
        display = m.group("open") == "\\["
        try:
            mathml = tex_to_mathml(html.unescape(m.group("tex")), display=display)
        except Exception as e:
            raise ValueError(f"{where}: {e}") from e
        return f'<{m.group("tag")} class="arithmatex">{mathml}</{m.group("tag")}>'

    return _ARITHMATEX.sub(replace, page_html)


def on_page_content(page_html: str, page: Any, config: Any, files: Any) -> str:
    return typeset(page_html, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """The 404 page: mkdocs writes its links and assets from the site's root (`/assets/...`),
    which a browser opening the built site from disk cannot resolve. Without a `site_url`,
    write them relative to the site's folder (where 404.html is)."""
    if template_name != "404.html" or config.get("site_url"):
        return output
    return re.sub(r'(\s(?:href|src)=")/(?!/)', r"\1./", output)
