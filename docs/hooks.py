"""mkdocs hooks: add the pages and figures generated from the catalogue (`gen_pages.py`).

Runs in-process at build time, offline: the figures are drawn by keras-acts itself on the
backend of `KERAS_BACKEND`.
"""

from __future__ import annotations

import importlib.util
import logging
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
