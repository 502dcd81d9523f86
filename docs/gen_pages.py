"""Generates the docs pages and figures that come from the catalogue.

Everything here is derived from `keras_acts.catalog()` (and the package's docstrings and
command line), so a new catalogue entry gets its section, plot and Rosetta row without
editing the docs. `docs/hooks.py` adds the output to the mkdocs build; the tests call
`pages()` / `plots()` directly.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keras

import keras_acts
from keras_acts import plotting
from keras_acts.registry import REQUIRED, ActivationInfo

FAMILIES = {
    "rectifier": ("Rectifiers", "Piecewise-linear activations and their parameterized relatives."),
    "smooth": ("Smooth", "Smooth, elementwise activations."),
    "gated": (
        "Gated",
        "Gated linear units: one half of the input along an axis, through an activation, times "
        "the other half (or two tensors given apart, `swiglu(gate, up)`). The whole feed-forward "
        "block of a transformer, fused up+gate projection, GLU variant and down projection, is "
        '`keras_acts.layers.GatedFeedForward(hidden_dim, activation="swiglu")`.',
    ),
    "normalizer": (
        "Normalizers",
        "Activations over an axis: softmax and relatives, sparsemax and entmax (sparse "
        "probabilities). One rule at +-inf for all of them: a slice with k entries of +inf gives "
        "1/k on them and 0 elsewhere, -inf entries get 0, a slice holding NaN or only -inf is NaN. "
        "Their layers take Keras's `mask=` (masked positions get 0, as `keras.layers.Softmax`).",
    ),
    "trainable": ("Trainable", "Activations with weights learned by `fit` (saved with the model)."),
    "stochastic": (
        "Stochastic",
        "Activations that draw noise in training and are deterministic in inference.",
    ),
    "learnable": ("Learnable", "Learnable activation functions from the literature."),
}

# The `torch.nn` activation modules (`torch.nn.modules.activation.__all__`, PyTorch 2.x).
TORCH_MODULES = (
    "ELU", "Hardshrink", "Hardsigmoid", "Hardtanh", "Hardswish", "LeakyReLU", "LogSigmoid",
    "MultiheadAttention", "PReLU", "ReLU", "ReLU6", "RReLU", "SELU", "CELU", "GELU", "Sigmoid",
    "SiLU", "Mish", "Softplus", "Softshrink", "Softsign", "Tanh", "Tanhshrink", "Threshold", "GLU",
    "Softmin", "Softmax", "Softmax2d", "LogSoftmax",
)  # fmt: skip
TORCH_OTHER = {
    "MultiheadAttention": "not an activation: `keras.layers.MultiHeadAttention`",
    "Softmax2d": "`keras_acts.layers.Softmax(axis=-3)` (channels-first), `axis=-1` for channels-last",
}


def jax_functions() -> dict[str, ActivationInfo]:
    """The `jax.nn` functions the activations declare as their JAX equivalents, and those
    of their aliases that `jax.nn` also has (when JAX is installed), to their entries."""
    has_jax = importlib.util.find_spec("jax") is not None
    out = {}
    for info in keras_acts.catalog():
        path = info.jax.split()[0] if info.jax else ""
        if path.startswith("jax.nn."):
            out[path.removeprefix("jax.nn.")] = info
            if has_jax:
                import jax.nn

                out.update({a: info for a in info.aliases if callable(getattr(jax.nn, a, None))})
    return out


def by_name() -> dict[str, ActivationInfo]:
    """Every accepted name (name, aliases, layer class), lower-cased, to its entry."""
    return {
        key.lower(): info
        for info in keras_acts.catalog()
        for key in (info.name, *info.aliases, info.layer.__name__)
    }


def families() -> list[str]:
    """The families present in the catalogue, in `FAMILIES` order, then any new ones."""
    present = list(dict.fromkeys(info.family for info in keras_acts.catalog()))
    return [f for f in FAMILIES if f in present] + [f for f in present if f not in FAMILIES]


def family_title(family: str) -> str:
    return FAMILIES.get(family, (family.capitalize(), ""))[0]


def page_of(info: ActivationInfo) -> str:
    return f"activations/{info.family}.md"


def plot_path(info: ActivationInfo) -> str:
    return f"plots/{info.name}.png"


def _resolve(dotted: str) -> Any:
    """The object at a dotted path such as `keras.activations.gelu`, or `None`."""
    path = dotted.split()[0] if dotted else ""
    module, _, attr = path.rpartition(".")
    if not module:
        return None
    try:
        return getattr(importlib.import_module(module), attr, None)
    except ImportError:
        return None


def _signature(obj: Any, skip: int) -> dict[str, Any] | None:
    try:
        params = list(inspect.signature(obj).parameters.values())[skip:]
    except (TypeError, ValueError):
        return None
    return {p.name: p.default for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}


def _fmt(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else repr(value)


def _gaps(theirs: dict[str, Any] | None, ours: dict[str, Any]) -> list[str]:
    if theirs is None:
        return []
    missing = [p for p in ours if p not in theirs]
    out = [f"no {', '.join(f'`{p}`' for p in missing)}"] if missing else []
    for p, default in ours.items():
        if p in theirs and default is not REQUIRED and theirs[p] is not inspect.Parameter.empty:
            if theirs[p] != default:
                out.append(f"`{p}` defaults to `{_fmt(theirs[p])}` (keras-acts: `{_fmt(default)}`)")
    return out


def keras_gaps(info: ActivationInfo) -> str:
    """What Keras's built-in lacks compared with keras-acts, read from the signatures."""
    fn = _resolve(info.keras)
    if fn is None and not info.keras:
        return "no built-in"
    notes = []
    if fn is not None and not isinstance(fn, type):
        notes += _gaps(_signature(fn, 1), info.params)
    layer = getattr(keras.layers, info.layer.__name__, None)
    if layer is not None:
        notes += [f"layer: {n}" for n in _gaps(_signature(layer.__init__, 1), info.params)]
    elif info.params:
        notes.append("no layer taking the parameters (`keras.layers.Activation` takes none)")
    return "; ".join(dict.fromkeys(notes)) or "nothing"


def jax_gaps(name: str, info: ActivationInfo) -> str:
    import jax.nn  # the Rosetta page reads jax.nn's signatures when JAX is installed

    return "; ".join(_gaps(_signature(getattr(jax.nn, name), 1), info.params))


def _reference(info: ActivationInfo) -> str:
    return "; ".join(info.reference_links()) or "-"


def _code(text: str) -> str:
    return f"`{text}`" if text else "-"


def _call(prefix: str, params: dict[str, Any], first: str = "") -> str:
    args = [first] if first else []
    args += [k if v is REQUIRED else f"{k}={_fmt(v)}" for k, v in params.items()]
    return f"{prefix}({', '.join(args)})"


def _summary(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n")[0].replace("\n", " ")


def activation_section(info: ActivationInfo) -> str:
    """The docs section of one activation."""
    function = _call(f"keras_acts.{info.function.__name__}", info.params, "x") if info.function else "-"
    if info.trainable and info.function is not None:
        function = f"keras_acts.{info.function.__name__}(x, ...)"
    rows = [
        ("Function", f"`{function}`" if info.function else "-"),
        ("Layer", f"`{_call('keras_acts.layers.' + info.layer.__name__, info.params)}`"),
        (
            "Defaults",
            ", ".join(f"`{k}={_fmt(v)}`" for k, v in info.params.items() if v is not REQUIRED) or "-",
        ),
        ("Required", ", ".join(f"`{k}`" for k, v in info.params.items() if v is REQUIRED) or "-"),
        ("Trainable", "yes" if info.trainable else "no"),
        ("Names for `get()`", ", ".join(f"`{n}`" for n in (info.name, *info.aliases))),
        ("Paper", _reference(info)),
        ("PyTorch", _code(info.torch)),
        ("JAX", _code(info.jax)),
        ("TensorFlow", _code(info.tensorflow)),
        ("Keras built-in", _code(info.keras)),
        ("Keras built-in lacks", keras_gaps(info)),
        ("timm", _code(info.timm)),
    ]
    example = info.example
    caption = f"{info.name} and its derivative" + (
        f" (plotted with {', '.join(f'{k}={v}' for k, v in example.items())})" if example else ""
    )
    summary = _summary(info.function or info.layer)
    lines = [f"## `{info.name}` {{#{info.name}}}", "", summary, "", "$$", info.formula, "$$", ""]
    lines += [f"![{caption}](../{plot_path(info)})", ""]
    lines += ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows), ""]
    return "\n".join(lines)


def family_page(family: str) -> str:
    entries = [info for info in keras_acts.catalog() if info.family == family]
    title, blurb = FAMILIES.get(family, (family.capitalize(), ""))
    lines = [f"# {title}", "", blurb, ""]
    lines += ["Plots show the activation (solid) and its derivative (dashed), both computed by "
              "keras-acts (the derivative by the backend's autodiff) when these docs were built. "
              "Activations over an axis are shown on the slice `[x, 0]`.", ""]  # fmt: skip
    lines += [", ".join(f"[`{info.name}`](#{info.name})" for info in entries), ""]
    lines += [activation_section(info) for info in entries]
    return "\n".join(lines)


def activations_index() -> str:
    lines = ["# Activations", "", f"keras-acts has {len(keras_acts.catalog())} activations, by family.", ""]
    lines += ["| name | family | parameters | PyTorch | JAX | Keras |", "|---|---|---|---|---|---|"]
    for info in keras_acts.catalog():
        lines.append(
            f"| [`{info.name}`]({info.family}.md#{info.name}) | {family_title(info.family)} | "
            f"{plotting.format_params(info.params) or '-'} | {_code(info.torch)} | {_code(info.jax)} | "
            f"{_code(info.keras)} |"
        )
    return "\n".join(lines) + "\n"


def _link(info: ActivationInfo, text: str) -> str:
    return f"[`{text}`]({page_of(info).removeprefix('activations/')}#{info.name})"


PORTING = """## Porting a PyTorch model {#porting-a-pytorch-model}

`keras_acts.from_torch(module, data_format="channels_last", input_rank=None)` returns the
keras-acts layer of a `torch.nn` activation module: its hyper-parameters read from the
module, PReLU's slopes copied, and `dim` mapped to the Keras `axis` of the same dimension.
Every module in the table above is mapped (`nn.Softmax2d` too); any other module raises a
`ValueError` naming it.

```python
import torch
import keras_acts

keras_acts.from_torch(torch.nn.Hardtanh(-2.0, 2.0))  # HardTanh(min_val=-2.0, max_val=2.0)
keras_acts.from_torch(torch.nn.GLU(dim=1))           # GLU(axis=-1): NCHW's C is NHWC's last axis
keras_acts.from_torch(torch.nn.Softmax(dim=-1), input_rank=4)  # Softmax(axis=2): W
keras_acts.from_torch(torch.nn.GLU(dim=1), "channels_first")   # GLU(axis=1)
```

### `dim` to `axis`

PyTorch tensors are channels-first, `(N, C, d1, ..., dk)`; a Keras model is usually
channels-last, `(N, d1, ..., dk, C)` (`keras.config.image_data_format()`). `data_format` is
the layout of the Keras model; for an input of rank `r` (batch axis included):

| PyTorch `dim` | Keras `axis`, `"channels_last"` | Keras `axis`, `"channels_first"` |
|---|---|---|
| `0` (batch) | `0` | `0` |
| `1` (channels) | `-1` | `1` |
| `2` to `r - 1` (spatial) | `dim - 1` | `dim` |
| negative | `dim + r`, then the rows above: needs `input_rank=r` | `dim` |

A negative `dim` names the channels or a spatial axis depending on the rank (`-1` is the
channels of `(N, C)` but W of `(N, C, H, W)`), so under `"channels_last"` it needs
`input_rank`; without it `from_torch` raises a `ValueError` asking for it, as it does for
`dim=None` (PyTorch's deprecated implicit choice). On a rank-2 input `(N, C)` both layouts
agree. Models whose PyTorch tensors already keep features last (sequences `(N, L, E)`,
transformer MLPs) have the same layout in Keras: port them with `"channels_first"`, which
keeps every `dim`. `keras_acts.porting.torch_dim_to_axis(dim, data_format, input_rank)` is
the rule alone.

### Weight layouts

| PyTorch | PyTorch shape | keras-acts / Keras | Keras shape |
|---|---|---|---|
| `nn.PReLU(num_parameters=1)`: `weight` | `(1,)` | `PReLU(mode="shared", init=weight)`: `alpha` | `()` |
| `nn.PReLU(num_parameters=C)`: `weight` | `(C,)` | `PReLU(mode="channel", axis=-1)` (`axis=1` channels-first): `alpha` | `(C,)`, same order |
| `nn.Linear`: `weight`, `bias` | `(out, in)`, `(out,)` | `keras.layers.Dense`: `kernel`, `bias` | `weight.T` `(in, out)`, `(out,)` |
| `nn.Conv2d`: `weight` | `(out, in, kh, kw)` | `keras.layers.Conv2D`: `kernel` | `weight.transpose(2, 3, 1, 0)` `(kh, kw, in, out)` |
| `nn.Conv1d`: `weight` | `(out, in, k)` | `keras.layers.Conv1D`: `kernel` | `weight.transpose(2, 1, 0)` `(k, in, out)` |
| `nn.BatchNorm2d`: `weight`, `bias`, `running_mean`, `running_var` | `(C,)` each | `keras.layers.BatchNormalization`: `gamma`, `beta`, `moving_mean`, `moving_variance` | `(C,)` each; `epsilon=eps`, `momentum=1 - momentum` |
| `nn.Flatten` then `nn.Linear` on `(N, C, H, W)` | `(out, C*H*W)` | `Flatten` then `Dense` on `(N, H, W, C)` | `weight.reshape(out, C, H, W).transpose(2, 3, 1, 0).reshape(H*W*C, out)` |

The keras-acts activations have no other weights to copy from PyTorch: the other
`torch.nn` activation modules hold hyper-parameters only (`inplace` has no meaning in
Keras and is ignored). `examples/port_from_pytorch.py` ports a CNN this way, convolution
kernels included, and checks the outputs.
"""


def rosetta_page() -> str:
    names = by_name()
    lines = [
        "# Rosetta: PyTorch, JAX, TensorFlow, Keras and timm to keras-acts",
        "",
        "Every `torch.nn` activation module and `jax.nn` activation function, its keras-acts "
        "equivalent, and what Keras 3's built-in lacks (read from the signatures of the installed "
        f"Keras {keras.__version__} when these docs were built); then every keras-acts activation "
        "with its PyTorch, JAX, TensorFlow, Keras and timm equivalents where one exists. "
        "keras-acts uses PyTorch's parameter names and defaults, with `axis` for PyTorch's `dim`.",
        "",
        "## `torch.nn` modules",
        "",
        "| `torch.nn` | keras-acts layer | Keras built-in | Keras built-in lacks |",
        "|---|---|---|---|",
    ]
    for module in TORCH_MODULES:
        info = names.get(module.lower())
        if info is None:
            lines.append(f"| `{module}` | {TORCH_OTHER.get(module, 'not yet in keras-acts')} | - | - |")
            continue
        layer = f"keras_acts.layers.{info.layer.__name__}"
        lines.append(
            f"| `{module}` | [`{layer}`](activations/{info.family}.md#{info.name}) | "
            f"{_code(info.keras)} | {keras_gaps(info)} |"
        )
    lines += [
        "",
        "## `jax.nn` functions",
        "",
        "| `jax.nn` | keras-acts | `jax.nn` lacks or differs | Keras built-in | Keras built-in lacks |",
        "|---|---|---|---|---|",
    ]
    has_jax = importlib.util.find_spec("jax") is not None
    for name, info in jax_functions().items():
        target = (
            f"keras_acts.{info.function.__name__}"
            if info.function
            else f"keras_acts.layers.{info.layer.__name__}"
        )
        diff = (jax_gaps(name, info) if has_jax else "") or "-"
        lines.append(
            f"| `{name}` | [`{target}`](activations/{info.family}.md#{info.name}) | {diff} | "
            f"{_code(info.keras)} | {keras_gaps(info)} |"
        )
    return "\n".join([*lines, "", *equivalents_table()]) + "\n\n" + PORTING


def equivalents_table() -> list[str]:
    """Every activation and its declared equivalents, one column per library."""
    lines = [
        "## Every keras-acts activation",
        "",
        "The equivalents each activation declares (`-`: none). timm's are in `timm.layers` "
        "(or `timm.models` where a model family defines its own); a remark after a name says "
        "where it differs from keras-acts.",
        "",
        "| keras-acts | PyTorch | JAX | TensorFlow | Keras | timm |",
        "|---|---|---|---|---|---|",
    ]
    for info in keras_acts.catalog():
        cells = (info.torch, info.jax, info.tensorflow, info.keras, info.timm)
        link = f"[`{info.name}`](activations/{info.family}.md#{info.name})"
        lines.append(f"| {link} | " + " | ".join(_code(c) for c in cells) + " |")
    return lines


@contextlib.contextmanager
def _columns(n: int) -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(n)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def cli_page() -> str:
    from keras_acts import cli

    with _columns(96):
        parser = cli.build_parser()
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        blocks = [("keras-acts --help", parser.format_help())]
        blocks += [(f"keras-acts {name} --help", p.format_help()) for name, p in sub.choices.items()]
    lines = [
        "# Command line",
        "",
        '`pip install "keras-acts[demo]"` installs the `keras-acts` command (also '
        "`python -m keras_acts`). The help below is generated from the command itself.",
        "",
        "```bash",
        "keras-acts list                                   # the catalogue",
        "keras-acts plot hard_tanh --param min_val=-2 -o hard_tanh.png",
        "KERAS_BACKEND=jax keras-acts compare              # relu, tanh, hard_tanh, ... on digits",
        "```",
        "",
    ]
    for title, text in blocks:
        lines += [f"## `{title}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(lines)


API_MODULES = {
    "functions": ("Functions", "keras_acts.activations"),
    "layers": ("Layers", "keras_acts.layers"),
    "callbacks": ("Callbacks", "keras_acts.callbacks"),
    "registry": ("Catalogue and lookup", "keras_acts.registry"),
    "surgery": ("Model surgery", "keras_acts.surgery"),
    "porting": ("Porting from PyTorch", "keras_acts.porting"),
    "plotting": ("Plotting", "keras_acts.plotting"),
    "native": ("Native fast paths", "keras_acts._backends"),
}


# The members shown where a module's other public names are tables (by API slug).
API_MEMBERS = {"porting": ("torch_dim_to_axis", "from_torch")}


def _has_module(module: str) -> bool:
    """Whether `keras_acts.x` exists in the package being documented (looked up on disk,
    next to `keras_acts/__init__.py`, so another installed copy does not count)."""
    base = Path(keras_acts.__file__).parent.joinpath(*module.split(".")[1:])
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def api_pages() -> dict[str, str]:
    """One API page per module that exists in this version of the package."""
    out = {}
    for slug, (title, module) in API_MODULES.items():
        if not _has_module(module):
            continue
        # Inspected, not read from source: the exports, signatures and docstrings are made
        # from the declarations at import time.
        text = f"# {title}\n\n::: {module}\n    options:\n      force_inspection: true\n"
        if slug in API_MEMBERS:  # inspection cannot read the docstrings of constants
            text += f"      members: [{', '.join(API_MEMBERS[slug])}]\n"
        out[f"api/{slug}.md"] = text
    return out


def pages() -> dict[str, str]:
    """Every generated Markdown page: path under docs/ to content."""
    out = {"activations/index.md": activations_index(), "rosetta.md": rosetta_page(), "cli.md": cli_page()}
    out.update({f"activations/{family}.md": family_page(family) for family in families()})
    out.update(api_pages())
    return out


def plot_names() -> dict[str, ActivationInfo]:
    """The figure paths (under docs/) to their entries, one per catalogue entry."""
    return {plot_path(info): info for info in keras_acts.catalog()}


def plots() -> dict[str, bytes]:
    """Every figure: path under docs/ to PNG bytes, drawn from the package."""
    out = {}
    for path, info in plot_names().items():
        buf = io.BytesIO()
        plotting.draw(plotting.curve(info)).savefig(buf, format="png", dpi=80)
        out[path] = buf.getvalue()
    return out


def nav() -> list[Any]:
    """The nav entries of the generated sections."""
    return [
        {"Activations": ["activations/index.md"]
         + [{family_title(f): f"activations/{f}.md"} for f in families()]},
        {"API reference": [{title: f"api/{slug}.md"} for slug, (title, _) in API_MODULES.items()
                           if f"api/{slug}.md" in api_pages()]},
    ]  # fmt: skip
