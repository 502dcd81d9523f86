"""The declaration of an activation: everything about it, said once, at its `def`.

```python
@activation(
    family="rectifier",
    formula=r"\\min(\\max(x, \\text{min\\_val}), \\text{max\\_val})",
    checks={"min_val": _validate.number, "max_val": _validate.number},
    check=lambda min_val, max_val: _validate.less("min_val", min_val, "max_val", max_val),
    reference="Collobert 2004, https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf",
    torch="torch.nn.functional.hardtanh", jax="jax.nn.hard_tanh", keras="keras.activations.hard_tanh",
    aliases=("hardtanh",),
)
def hard_tanh(x: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    \"\"\"Hard tanh: the identity clipped to `[min_val, max_val]`. ...\"\"\"
    return clip(x, min_val, max_val)   # the keras.ops form: x is already a float tensor
```

From the declaration come:

- the public function: the hyper-parameters validated (`ValueError` naming the parameter,
  the value and the allowed range), `x` converted (`as_float`), the backend's fast path
  found by the declared name (`keras_acts._backends.fast_path`) and tried first, then the
  body (the `keras.ops` form, which defines the semantics); on JAX all but the
  validation compiled with `jax.jit`, the numeric hyper-parameters (`Declaration.traced`)
  traced -- one compilation for every value -- and the structural ones static;
- the docstring's `Formula:` (from the one LaTeX formula), `Reference:` and
  `Equivalents:` sections;
- the catalogue entry (`keras_acts.catalog()`, `keras_acts.get()`), the package exports
  (`keras_acts.__all__`, `keras_acts.activations.__all__`) and the Keras registration as
  `keras_acts>name`;
- the layer's constructor, validation, defaults, `get_config` and docstring
  (`keras_acts.layers._base.ActivationLayer`: a layer names its function, nothing else);
- the docs pages (`docs/gen_pages.py` reads the catalogue): sections, the Rosetta page's
  PyTorch / JAX / TensorFlow / Keras / timm equivalents;
- the benchmark (`keras_acts.bench`): a row per plain declared equivalent and per
  `bench=` baseline (`Baseline`: an expression in the backend's ops, a variant's
  parameters), and `slower=`, why keras-acts can be slower there (`scripts/bench_report.py`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import keras
from keras.saving import register_keras_serializable

from keras_acts import _backends
from keras_acts._docstrings import (  # noqa: F401  (re-exported: the layers' and tests' names)
    compose_docstring,
    equivalents,
    layer_docstring,
    reference_links,
)

F = TypeVar("F", bound=Callable[..., Any])

FAMILIES = ("rectifier", "smooth", "gated", "normalizer", "trainable", "stochastic", "learnable")


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
"""The default of a parameter that has none (`threshold`'s `threshold` and `value`)."""


@dataclass(frozen=True)
class ActivationInfo:
    """Metadata of one activation in the catalogue.

    Attributes:
        name: Canonical snake_case name (the function's name, when there is one).
        family: `"rectifier"`, `"smooth"`, `"gated"`, `"normalizer"`, `"trainable"`,
            `"stochastic"` or `"learnable"`.
        function: The public function, or `None` for an activation used as a layer only
            (the learnable ones, whose functions take the weights as tensors).
        layer: The layer class.
        params: Hyper-parameters and their defaults (required ones map to `REQUIRED`).
        formula: The formula, in LaTeX.
        reference: The paper (author, year and link), or `""`.
        torch: The PyTorch equivalent, or `""`.
        jax: The JAX equivalent, or `""`.
        keras: The Keras built-in equivalent, or `""`.
        tensorflow: The TensorFlow equivalent, or `""`.
        timm: The timm equivalent (`timm.layers`, `timm.models`), or `""`.
        aliases: Other accepted names for `get()`.
        trainable: Whether the layer has trainable weights.
        ranges: The allowed values of each validated hyper-parameter, in words.
        example: Values for the required hyper-parameters (for plots and docs).
    """

    name: str
    family: str
    function: Callable[..., Any] | None
    layer: type[keras.layers.Layer]
    formula: str
    reference: str = ""
    torch: str = ""
    jax: str = ""
    keras: str = ""
    tensorflow: str = ""
    timm: str = ""
    aliases: tuple[str, ...] = ()
    trainable: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    ranges: dict[str, str] = field(default_factory=dict)
    example: dict[str, Any] = field(default_factory=dict)

    def reference_links(self) -> list[str]:
        """The paper(s) as Markdown links."""
        return reference_links(self.reference) if self.reference else []

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (callables replaced by their names)."""
        return {
            "name": self.name,
            "family": self.family,
            "function": f"keras_acts.{self.function.__name__}" if self.function else None,
            "layer": f"keras_acts.layers.{self.layer.__name__}",
            "params": {k: (None if v is REQUIRED else v) for k, v in self.params.items()},
            "formula": self.formula,
            "reference": self.reference,
            "torch": self.torch,
            "jax": self.jax,
            "keras": self.keras,
            "tensorflow": self.tensorflow,
            "timm": self.timm,
            "aliases": list(self.aliases),
            "trainable": self.trainable,
            "ranges": dict(self.ranges),
            "example": dict(self.example),
        }


def signature_params(callable_: Callable[..., Any], skip: int) -> dict[str, Any]:
    """Keyword parameters of `callable_` after the first `skip`, with their defaults."""
    out = {}
    for i, p in enumerate(inspect.signature(callable_).parameters.values()):
        if i < skip or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        out[p.name] = REQUIRED if p.default is p.empty else p.default
    return out


Check = Callable[[str, Any], Any]


@dataclass(frozen=True)
class Baseline:
    """A row of `keras-acts bench` (`keras_acts.bench`) beyond the default one: the
    function called with `params`, timed on each backend against that backend's
    expression -- in `x`, or in `a` and `b`, the halves of the last axis -- written with
    the modules it names (`torch`, `jax`, `tf` for TensorFlow, any other package; a row
    whose package is missing is left out). Without `row` it replaces the default row (the
    declared equivalent, where it is a plain function of `x` at the defaults); a variant's
    `row` has its own `slower` notes (as the declaration's). A row is starred where its expression does not
    call the backend's declared equivalent (the backend has no op)."""

    torch: str = ""
    jax: str = ""
    tensorflow: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    row: str = ""
    slower: Mapping[str, str] = field(default_factory=dict)


SAME_KERNEL = "the same kernel as the native op: run-to-run noise (where fresh buffers land)"
"""A `slower` note: keras-acts runs the very kernel (on JAX the same one-op XLA program)."""
CHECKED = "native kernel plus one sum over the result (the check for +-inf/NaN inputs)"
"""A `slower` note: the native kernel, eagerly, behind a check of the result for +-inf/NaN."""
NAN_CHECKED = (
    "where a gradient is recorded, eagerly: the kernel plus one sum over the input read back "
    "(an input with NaN takes the gradient's NaN fix); compiled: the keras.ops form"
)
"""A `slower` note: a piecewise kernel whose own gradient is finite at NaN (keras-acts':
NaN), used for training steps only behind a check of the input."""


@dataclass
class Declaration:
    """What `@activation` declares about one function (see the module docstring)."""

    name: str
    family: str
    formula: str
    reference: str
    torch: str
    jax: str
    keras: str
    tensorflow: str
    timm: str
    bench: tuple[Baseline, ...]
    slower: dict[str, str]
    aliases: tuple[str, ...]
    checks: dict[str, Check]
    check: Callable[..., None] | None
    axis: str | None
    check_input: Callable[..., None] | None
    example: dict[str, Any]
    export: bool
    body: Callable[..., Any]
    defaults: dict[str, Any]
    public: Callable[..., Any] | None = None
    layer: type[keras.layers.Layer] | None = None
    inputs: tuple[str, ...] = ()

    @functools.cached_property
    def traced(self) -> tuple[str, ...]:
        """The numeric hyper-parameters: traced by `jax.jit` (a value is an argument of
        the compiled function, not a constant of it), differentiable where given as
        tensors. The others are structural and static: axes, modes and strings, bools,
        sizes and seeds (an int default, a `None` default with no check, or an axis, int,
        bool or choice check)."""
        from keras_acts import _validate

        structural_checks = (_validate.axis, _validate.positive_int, _validate.boolean)
        out = []
        for name, default in self.defaults.items():
            check = self.checks.get(name)
            if check in structural_checks or str(getattr(check, "allowed", "")).startswith("one of"):
                continue
            if isinstance(default, (bool, str)) or (type(default) is int):
                continue
            if default is None and check is None:
                continue
            out.append(name)
        return tuple(out)

    @property
    def trainable(self) -> bool:
        return self.family == "trainable" or (self.family == "learnable" and not self.export)

    def validate(self, **params: Any) -> dict[str, Any]:
        """Checks the given hyper-parameters (the others take their defaults) and returns
        them all, in signature order: the public function's own binding and checks
        (`_binder`), for the layers. Raises `ValueError` naming a bad one."""
        return self.bind((), params)

    @functools.cached_property
    def bind(self) -> Callable[[tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
        return _binder(self)

    def ranges(self) -> dict[str, str]:
        return {k: getattr(c, "allowed", "") for k, c in self.checks.items() if getattr(c, "allowed", "")}

    def info(self) -> ActivationInfo:
        if self.layer is None:
            raise RuntimeError(f"keras_acts: the activation {self.name!r} has no layer")
        if self.trainable:
            params = signature_params(self.layer.__init__, skip=1)
        else:
            params = dict(self.defaults)
        return ActivationInfo(
            name=self.name,
            family=self.family,
            function=self.public if self.export else None,
            layer=self.layer,
            formula=self.formula,
            reference=self.reference,
            torch=self.torch,
            jax=self.jax,
            keras=self.keras,
            tensorflow=self.tensorflow,
            timm=self.timm,
            aliases=self.aliases,
            trainable=self.trainable,
            params=params,
            ranges=self.ranges(),
            example=dict(self.example),
        )


_DECLARATIONS: dict[str, Declaration] = {}


def declarations() -> list[Declaration]:
    """Every declared activation, by family (in `FAMILIES` order), then in declaration order."""
    return sorted(_DECLARATIONS.values(), key=lambda d: FAMILIES.index(d.family))


def declaration(fn: Any) -> Declaration:
    """The declaration of a public function (or of a catalogue name)."""
    if isinstance(fn, str):
        return _DECLARATIONS[fn]
    return fn.declaration


def exported() -> dict[str, Callable[..., Any]]:
    """The public functions, by name: what `keras_acts` and `keras_acts.activations` export."""
    return {d.name: d.public for d in declarations() if d.export and d.public is not None}


def activation(
    *,
    family: str,
    formula: str,
    reference: str = "",
    torch: str = "",
    jax: str = "",
    keras: str = "",
    tensorflow: str = "",
    timm: str = "",
    bench: Baseline | tuple[Baseline, ...] = (),
    slower: Mapping[str, str] | None = None,
    aliases: tuple[str, ...] = (),
    checks: Mapping[str, Check] | None = None,
    check: Callable[..., None] | None = None,
    axis: str | None = None,
    check_input: Callable[..., None] | None = None,
    example: Mapping[str, Any] | None = None,
    export: bool = True,
    compile: bool = True,
    convert: bool = True,
    inputs: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Declares the decorated function as a keras-acts activation.

    Args:
        family: One of `FAMILIES`.
        formula: The formula in LaTeX; the docstring's `Formula:` and the docs show it.
        reference: `"Author(s) year, URL"` of the paper, or `""`.
        torch: The PyTorch equivalent (a dotted path, then remarks), or `""`.
        jax: The JAX equivalent, or `""`.
        keras: The Keras built-in equivalent, or `""`.
        tensorflow: The TensorFlow equivalent, or `""`. timm: timm's, or `""`.
        bench: Further or other `keras-acts bench` rows (`Baseline`).
        slower: Why keras-acts can be slower than the native op, by backend (`""`: any):
            `SAME_KERNEL`, `CHECKED` or a sentence (`scripts/bench_report.py`).
        aliases: Other names `keras_acts.get()` accepts.
        checks: Per hyper-parameter, its check from `keras_acts._validate`.
        check: A check across hyper-parameters, called with those it names.
        axis: The name of a hyper-parameter that is an axis of `x` (checked against its
            rank once `x` is a tensor).
        check_input: A check of the converted `x` against the hyper-parameters it
            names (e.g. an even size to split), run before the fast path.
        example: Values for required hyper-parameters, for plots and docs.
        export: Whether the function is public (`keras_acts.<name>`); the learnable
            functions taking weights as tensors are not.
        compile: Whether to compile the function with `jax.jit` on JAX (not for the
            stochastic ones, whose noise comes from a seed generator).
        convert: Whether `x` is converted with `as_float` before the body runs.
        inputs: Parameters right after `x`, defaulting to `None`, that are further input
            tensors (`swiglu(gate, up)`): not in the catalogue's parameters nor the layer's.
            Given, each must have the shape and dtype of `x`; no fast path, no `check_input`.
    """
    if family not in FAMILIES:
        raise ValueError(f"Argument `family` must be one of {FAMILIES}. Received: family={family!r}")

    def decorate(body: F) -> F:
        name = body.__name__
        _check_inputs_declared(name, body, inputs)
        defaults = signature_params(body, skip=1 + len(inputs))
        _check_new(name, defaults, (*(checks or {}), *(example or {}), *([axis] if axis else [])))
        decl = Declaration(
            name=name, family=family, formula=formula, reference=reference, torch=torch, jax=jax,
            keras=keras, tensorflow=tensorflow, timm=timm,
            bench=(bench,) if isinstance(bench, Baseline) else tuple(bench), slower=dict(slower or {}),
            aliases=tuple(aliases), checks=dict(checks or {}), check=check, axis=axis,
            check_input=check_input, example=dict(example or {}), export=export, body=body,
            defaults=defaults, inputs=tuple(inputs),
        )  # fmt: skip
        public = _public(decl, convert, compile)
        public.__doc__ = compose_docstring(decl, body.__doc__ or "")
        public.declaration = decl  # type: ignore[attr-defined]
        decl.public = public
        _DECLARATIONS[name] = decl
        if export:
            register_keras_serializable(package="keras_acts", name=name)(public)
        return public  # type: ignore[return-value]

    return decorate


def _check_new(name: str, defaults: dict[str, Any], named: tuple[str, ...]) -> None:
    """A declaration must be new and name only the function's own parameters."""
    if name in _DECLARATIONS:
        raise RuntimeError(f"keras_acts: the activation {name!r} is declared twice")
    for key in named:
        if key not in defaults:
            raise RuntimeError(f"keras_acts: {name} declares {key!r}, which is not one of its parameters")


def _check_inputs_declared(name: str, body: Callable[..., Any], inputs: tuple[str, ...]) -> None:
    """Declared further inputs are the parameters right after `x`, defaulting to `None`."""
    params = list(inspect.signature(body).parameters.values())[1 : 1 + len(inputs)]
    if [p.name for p in params] != list(inputs) or any(p.default is not None for p in params):
        raise RuntimeError(f"keras_acts: {name}'s inputs {inputs} must follow `x`, each defaulting to None")


_MISSING: Any = object()


def _take_inputs(
    names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Takes the further input tensors out of a call (positional after `x`, or by name):
    the remaining positional arguments, and the inputs given (not `None`) by name."""
    given = {}
    for name in names:
        if args:
            value, args = args[0], args[1:]
        else:
            value = kwargs.pop(name, None)
        if value is not None:
            given[name] = value
    return args, given


def _convert_inputs(decl_name: str, x: Any, given: dict[str, Any]) -> dict[str, Any]:
    """The further inputs converted (`as_float`); each must have the shape and dtype of `x`."""
    from keras_acts.activations._base import as_float

    out = {}
    for name, value in given.items():
        t = as_float(value)
        same_shape = len(t.shape) == len(x.shape) and all(
            a is None or b is None or a == b for a, b in zip(t.shape, x.shape, strict=True)
        )
        if not same_shape or keras.backend.standardize_dtype(t.dtype) != keras.backend.standardize_dtype(
            x.dtype
        ):
            raise ValueError(
                f"Argument `{name}` of {decl_name}() must have the shape and dtype of the first "
                f"input. Received: {name}.shape={tuple(t.shape)}, {name}.dtype={t.dtype}, "
                f"first input's shape={tuple(x.shape)}, dtype={x.dtype}"
            )
        out[name] = t
    return out


def _binder(decl: Declaration) -> Callable[[tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
    """`bind(args, kwargs)`: the hyper-parameters of a call, checked, in signature order.

    Written out by hand (`inspect.Signature.bind` costs more than a small kernel), with
    Python's own `TypeError`s for a wrong call and the declared checks' `ValueError`s.
    """
    defaults, checks, cross = decl.defaults, decl.checks, decl.check
    names = tuple(defaults)
    required = any(v is REQUIRED for v in defaults.values())
    cross_params = tuple(inspect.signature(cross).parameters) if cross is not None else ()

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        if len(args) > len(names):
            raise TypeError(f"{decl.name}() takes {len(names) + 1} arguments but {len(args) + 1} were given")
        given = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key in given or key not in defaults:
                what = "multiple values for" if key in given else "an unexpected keyword"
                raise TypeError(f"{decl.name}() got {what} argument {key!r}")
            given[key] = value
        params = {**defaults, **given}
        for key, value in given.items():
            checker = checks.get(key)
            if checker is not None:
                checker(key, value)
        if required:
            missing = [k for k, v in params.items() if v is REQUIRED]
            if missing:
                raise TypeError(f"{decl.name}() missing required argument(s): {', '.join(missing)}")
        if cross is not None and given:
            cross(*(params[k] for k in cross_params))
        return params

    return bind


def _public(decl: Declaration, convert: bool, compile: bool) -> Callable[..., Any]:
    """The public function of a declaration: bind and validate the hyper-parameters (in
    Python, before any tracing), then `run`: convert, check against `x`, fast path, body
    -- compiled with `jax.jit` on JAX (`_backends.compile`), numeric hyper-parameters
    traced."""
    from keras_acts._axes import check_axis
    from keras_acts.activations._base import as_float

    body, defaults = decl.body, decl.defaults
    bind = decl.bind
    first = next(iter(inspect.signature(body).parameters))
    required = any(v is REQUIRED for v in defaults.values())
    fast = _backends.fast_path(decl.name)
    axis_name, check_input = decl.axis, decl.check_input
    input_params = tuple(inspect.signature(check_input).parameters)[1:] if check_input else ()
    inputs = decl.inputs

    def run(x: Any, params: Mapping[str, Any], given: dict[str, Any]) -> Any:
        if given:  # the several-tensor form: no axis to check, no split
            x = as_float(x) if convert else x
            more = _convert_inputs(decl.name, x, given)
            if convert and fast is not None:  # the inputs go by name (keyword-only)
                y = fast(x, *params.values(), **more)
                if y is not None:
                    return y
            return body(x, **more, **params)
        if convert:
            x = as_float(x)
            if axis_name is not None:
                check_axis(params[axis_name], len(x.shape))
            if check_input is not None:
                check_input(x, *(params[k] for k in input_params))
            if fast is not None:
                y = fast(x, *params.values())
                if y is not None:
                    return y
        return body(x, **params)

    call = _backends.compile(run, decl.traced, defaults, decl.name) if compile else run

    @functools.wraps(body)
    def public(x: Any = _MISSING, /, *args: Any, **kwargs: Any) -> Any:
        if x is _MISSING:
            if first not in kwargs:
                raise TypeError(f"{decl.name}() missing 1 required positional argument: {first!r}")
            x = kwargs.pop(first)
        given: dict[str, Any] = {}
        if inputs:
            args, given = _take_inputs(inputs, args, kwargs)
        # The defaults (the same mapping: the compiled path's shortcut) need no check.
        params = bind(args, kwargs) if args or kwargs or required else defaults
        return call(x, params, given)

    public._compiled = call  # type: ignore[attr-defined]
    return public


def layer_activation(
    *,
    name: str,
    family: str,
    formula: str,
    reference: str = "",
    aliases: tuple[str, ...] = (),
) -> Callable[[type], type]:
    """Declares a catalogue entry that exists as a layer only (no function of its own,
    e.g. Meta-ACON, whose `beta` comes from a small network inside the layer)."""

    def decorate(cls: type) -> type:
        def body(x: Any) -> Any:
            raise TypeError(f"{name} exists as the layer keras_acts.layers.{cls.__name__} only")

        decl = Declaration(
            name=name, family=family, formula=formula, reference=reference, torch="", jax="", keras="",
            tensorflow="", timm="", bench=(), slower={}, aliases=tuple(aliases), checks={}, check=None, axis=None, check_input=None, example={},
            export=False, body=body, defaults={},
        )  # fmt: skip
        _check_new(name, {}, ())
        _DECLARATIONS[name] = decl
        attach_layer(decl, cls)
        return cls

    return decorate


def attach_layer(decl: Declaration, cls: type[keras.layers.Layer]) -> None:
    """Records `cls` as the layer of `decl` (one layer per activation)."""
    if decl.layer is not None and decl.layer is not cls:
        raise RuntimeError(
            f"keras_acts: {decl.name} has two layers, {decl.layer.__name__} and {cls.__name__}"
        )
    decl.layer = cls


def infos() -> list[ActivationInfo]:
    """The catalogue entries, by family, then in declaration order."""
    return [d.info() for d in declarations()]


def check_fast_paths() -> None:
    """Fails loudly where a backend kernel is keyed by an undeclared name or takes other
    parameters than its activation declares."""
    _backends.check_names({d.name: tuple(d.defaults) for d in _DECLARATIONS.values()})
