"""The declaration (`keras_acts._catalog.activation`) is the one source: catalogue, exports,
layers, docstrings and fast-path keys all come from it, and a mistake fails loudly."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import keras_acts
from keras_acts import _catalog
from keras_acts.registry import REQUIRED, entry, needs_layer

PACKAGE = Path(keras_acts.__file__).parent
DECLARATIONS = _catalog.declarations()


def test_every_declaration_is_in_the_catalogue_with_its_layer():
    names = [info.name for info in keras_acts.catalog()]
    assert names == [d.name for d in DECLARATIONS]
    assert len(set(names)) == len(names)
    for info in keras_acts.catalog():
        assert info.layer.__module__.startswith("keras_acts.layers"), info.name
        assert getattr(keras_acts.layers, info.layer.__name__) is info.layer


def test_exports_are_the_declared_public_functions():
    exported = {d.name for d in DECLARATIONS if d.export}
    assert exported <= set(keras_acts.__all__)
    assert exported == set(keras_acts.activations.__all__)
    for name in exported:
        fn = getattr(keras_acts, name)
        assert fn is getattr(keras_acts.activations, name)
        assert _catalog.declaration(fn).name == name
        assert needs_layer(entry(name)) or keras_acts.get(name) is fn


@pytest.mark.parametrize("decl", [d for d in DECLARATIONS if d.export], ids=lambda d: d.name)
def test_docstring_carries_the_declared_formula_reference_and_equivalents(decl):
    doc = decl.public.__doc__
    assert "Formula:" in doc and decl.formula in doc
    for link in _catalog.reference_links(decl.reference) if decl.reference else []:
        assert link in doc
    for equivalent in (decl.torch, decl.jax, decl.keras):
        if equivalent:
            assert f"`{equivalent.split()[0]}`" in doc
    assert doc.index("Formula:") < doc.index("Args:") < doc.index("Equivalents:")


@pytest.mark.parametrize(
    "decl",
    [d for d in DECLARATIONS if issubclass(d.layer, keras_acts.layers.ActivationLayer)],
    ids=lambda d: d.name,
)
def test_stateless_layer_takes_the_function_parameters(decl):
    params = list(inspect.signature(decl.layer.__init__).parameters.values())
    if decl.name == "relu":  # keras.layers.ReLU's order: ReLU(6.0) caps at 6, as Keras's does
        assert [p.name for p in params[1:-1]] == ["max_value", "negative_slope", "threshold"]
    else:
        assert [p.name for p in params[1:-1]] == list(decl.defaults)
    for p in params[1:-1]:
        assert (REQUIRED if p.default is p.empty else p.default) == decl.defaults[p.name]
    assert params[-1].kind is inspect.Parameter.VAR_KEYWORD
    doc = decl.layer.__doc__
    assert decl.formula in doc and f"keras_acts.{decl.name}" in doc
    for name in decl.defaults:
        assert f"    {name}:" in doc, (decl.name, name)


def test_layer_validates_at_construction_with_the_declared_check():
    with pytest.raises(ValueError, match="min_val"):
        keras_acts.layers.HardTanh(min_val=1.0, max_val=0.0)
    with pytest.raises(TypeError, match="threshold"):
        keras_acts.layers.Threshold()


def test_declaration_rejects_checks_of_unknown_parameters():
    with pytest.raises(RuntimeError, match="'gamma'"):

        @_catalog.activation(family="smooth", formula="x", checks={"gamma": keras_acts._validate.number})
        def _test_only_bad(x, beta=1.0):
            return x

    assert "_test_only_bad" not in {d.name for d in _catalog.declarations()}


def test_a_name_is_declared_once():
    with pytest.raises(RuntimeError, match="declared twice"):

        @_catalog.activation(family="smooth", formula="x")
        def relu(x):
            return x


def test_public_function_binds_like_python():
    with pytest.raises(TypeError, match="unexpected keyword"):
        keras_acts.hard_tanh([1.0], min_value=0.0)
    with pytest.raises(TypeError, match="multiple values"):
        keras_acts.hard_tanh([1.0], -2.0, min_val=-2.0)
    with pytest.raises(TypeError, match="missing"):
        keras_acts.threshold([1.0], threshold=0.0)
    with pytest.raises(TypeError, match="takes"):
        keras_acts.relu6([1.0], 2.0)
    assert float(keras_acts.hard_tanh(x=[3.0], max_val=2.0)[0]) == 2.0


def _python_files():
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_over_600_lines_and_no_function_over_80():
    long_files, long_functions = [], []
    for path in _python_files():
        source = path.read_text()
        if source.count("\n") > 600:
            long_files.append(f"{path.relative_to(PACKAGE)}: {source.count(chr(10))}")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 80:
                    long_functions.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {length}")
    assert not long_files, long_files
    assert not long_functions, long_functions


def test_public_functions_are_typed_with_the_tensor_aliases_and_the_package_says_so():
    """PEP 561: `py.typed` ships; the input is `TensorLike`, the result `Tensor`
    (`keras_acts.types`), not `Any`."""
    import importlib.resources

    assert importlib.resources.files("keras_acts").joinpath("py.typed").is_file()
    for info in keras_acts.catalog():
        if info.function is None:
            continue
        signature = inspect.signature(info.function)
        first = next(iter(signature.parameters.values()))
        assert first.annotation == "TensorLike", (info.name, first.annotation)
        assert signature.return_annotation == "Tensor", (info.name, signature.return_annotation)
