"""The docstrings made from a declaration: the function's (`Formula:` after the summary,
`Reference:` and `Equivalents:` at the end) and a stateless layer's."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keras_acts._catalog import ActivationInfo, Declaration


def reference_links(reference: str) -> list[str]:
    """`"Author 2020, https://...; Other 2021, https://..."` as Markdown links (a part
    without a link as it is)."""
    links = []
    for part in reference.split("; "):
        text, _, url = part.rpartition(", http")
        links.append(f"[{text}](http{url})" if text else part)
    return links


def equivalents(decl: Declaration | ActivationInfo) -> str:
    parts = [f"`{v.split()[0]}`{' ' + ' '.join(v.split()[1:]) if len(v.split()) > 1 else ''}"
             for v in (decl.torch, decl.jax, decl.keras) if v]  # fmt: skip
    return ", ".join(parts)


def _sections(decl: Declaration) -> tuple[str, str]:
    """The `Formula:` section, and the trailing `Reference:` / `Equivalents:` ones."""
    formula = f"Formula:\n    $$\n    {decl.formula}\n    $$"
    tail = []
    if decl.reference:
        tail.append("Reference:\n" + "\n".join(f"    - {link}" for link in reference_links(decl.reference)))
    eq = equivalents(decl)
    tail.append(f"Equivalents: {eq}." if eq else "Equivalents: none in PyTorch, JAX or Keras.")
    return formula, "\n\n".join(tail)


def compose_docstring(decl: Declaration, doc: str) -> str:
    """The function's docstring with the declared formula after its summary and the
    reference and equivalents at the end."""
    doc = inspect.cleandoc(doc)
    summary, _, rest = doc.partition("\n\n")
    formula, tail = _sections(decl)
    return "\n\n".join(part for part in (summary, formula, rest, tail) if part) + "\n"


def _args_entries(doc: str) -> list[str]:
    """The entries of a Google-style `Args:` section, each with its continuation lines."""
    lines = doc.splitlines()
    try:
        start = lines.index("Args:") + 1
    except ValueError:
        return []
    entries: list[str] = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            break
        if line.startswith("    ") and not line.startswith("     "):
            entries.append(line)
        elif entries and line.strip():
            entries[-1] += "\n" + line
    return entries


def layer_docstring(decl: Declaration, cls: type) -> str:
    """A stateless layer's docstring: the function's summary, the formula, the function's
    arguments (without `x`), reference and equivalents, then the class's own docstring
    (its layer equivalents)."""
    own = inspect.cleandoc(cls.__doc__ or "")
    fn_doc = inspect.cleandoc(decl.body.__doc__ or "")
    summary = fn_doc.partition("\n\n")[0].rstrip(".")
    summary = f"{summary}; the layer form of `keras_acts.{decl.name}`."
    skip = ("x:", "logits:", *(f"{name}:" for name in decl.inputs))  # the input tensors
    args = [e for e in _args_entries(fn_doc) if not e.strip().startswith(skip)]
    args.append("    **kwargs: Base layer keyword arguments (`name`, `dtype`, ...).")
    formula, tail = _sections(decl)
    parts = (summary, formula, "Args:\n" + "\n".join(args), tail, own)
    return "\n\n".join(part for part in parts if part) + "\n"
