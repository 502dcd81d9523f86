"""The PyTorch / JAX / Keras equivalents each activation declares (the docstrings'
`Equivalents:`, the Rosetta page, `keras-acts list`), checked against the installed
libraries: every dotted name resolves, and where a library ships a function of the same
name the entry names it (a "-" there would tell users to hand-write what they have)."""

from __future__ import annotations

import importlib
import re

import pytest

import keras_acts

CATALOG = keras_acts.catalog()
LIBRARIES = {"torch": "torch.nn.functional", "jax": "jax.nn", "keras": "keras.activations"}
# Packages an equivalent may come from that the test environment need not have.
OPTIONAL = {"transformers"}
# Same name, other function.
HOMONYMS = {("torch", "bilinear"): "F.bilinear is the bilinear layer x1^T A x2 + b, not the GLU variant"}
DOTTED = re.compile(r"\b((?:torch|jax|keras|entmax|transformers)(?:\.\w+)+)")


def _resolve(path: str) -> object:
    module, attr = path, []
    while module:
        try:
            obj = importlib.import_module(module)
        except ImportError:
            attr.insert(0, module.rpartition(".")[2])
            module = module.rpartition(".")[0]
            continue
        for a in attr:
            obj = getattr(obj, a)
        return obj
    raise ImportError(path)


@pytest.mark.parametrize("info", CATALOG, ids=lambda i: i.name)
def test_every_declared_equivalent_resolves_in_the_installed_library(info):
    for lib in LIBRARIES:
        for path in DOTTED.findall(getattr(info, lib) or ""):
            if path.split(".")[0] in OPTIONAL:
                continue
            try:
                _resolve(path)
            except (ImportError, AttributeError) as e:
                raise AssertionError(
                    f"{info.name}: its {lib} equivalent {path!r} does not exist: {e}"
                ) from None


@pytest.mark.parametrize("lib", sorted(LIBRARIES))
def test_a_library_function_of_the_same_name_is_declared(lib):
    namespace = importlib.import_module(LIBRARIES[lib])
    missing = [
        info.name
        for info in CATALOG
        if info.function is not None
        and callable(getattr(namespace, info.name, None))
        and (lib, info.name) not in HOMONYMS
        and not (getattr(info, lib) or "").strip("- ")
    ]
    assert not missing, f"{LIBRARIES[lib]} has these but their entries say none: {missing}"
