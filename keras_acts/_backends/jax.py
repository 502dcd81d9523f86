"""JAX fast path: the one `jax.nn` itself takes. Each deterministic public function is
compiled with `jax.jit` (`compile`), so an eager call runs the composed `keras.ops` form as
one fused XLA kernel instead of one dispatch per op; there are no per-activation kernels
(`KERNELS` is empty).

Numeric hyper-parameters (`min_val`, `alpha`, `beta`, ...; a declaration's `traced`
names) are arguments of the compiled function, traced as `jax.nn` traces its own: a
Python number is passed as a weakly typed scalar, so a schedule or a sweep over 100 values
compiles once. Only structural ones (`axis`, `approximate`, `hard`, modes, sizes, `None`
for "not given") are static, with floatx (int inputs are cast to it while tracing). Python
numbers are validated before the call, by the public function; a traced value is not
checked (reading it back would stall every call). The compiled programs are kept by
`jax.jit` itself, whose cache is thread-safe. A call with `x` alone, by far the most
frequent, takes a shorter path: one compiled function per floatx, called with `x`
positionally. NumPy input is converted first and runs the same program; Keras variables
given as hyper-parameters are passed by value (inside a stateless scope, the traced
value). Python lists and anything else run the function uncompiled. Under an enclosing
`jax.jit` (Keras's compiled `fit`) the inner one is inlined.

`custom_derivative` is `with_derivative`'s custom gradient: a `jax.custom_vjp` whose
inputs are `x` and the non-number hyper-parameters (traced ones included), so that
`jax.grad` with respect to a parameter works.

`keras.ops` values in JAX are `jax.Array`s, which need no conversion and keep no autograd
record: `is_float_tensor` and `no_gradient_recorded` are always `False`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jax
import jax.numpy as jnp
import keras
import numpy as np

from keras_acts import _backends as _switch
from keras_acts._backends._table import KernelTable, merge_params, split_params

KERNELS = KernelTable()

# The names of the functions `compile` has wrapped: the ones with a fast path.
COMPILED: set[str] = set()

_STATIC_TYPES = (bool, int, float, str, type(None))
_ARRAYS = (jax.Array, np.ndarray, np.generic)


def is_float_tensor(x: Any) -> bool:
    """Always `False`: no kernel here to take a tensor."""
    return False


def float_tensor_as_is(x: Any) -> Any:
    """Always `None`: Keras's conversion runs (it is traced once under `jax.jit`)."""
    return None


def no_gradient_recorded(x: Any) -> bool:
    """Always `False`: the custom gradient is traced once, whatever the call."""
    return False


# --- Full precision: `keras.ops.tanh`, `sin` and `cos` cast a float64 input to float32 -----
# (Keras 3's JAX backend: `result_type(x.dtype, float)` is float32 under `jax_enable_x64`).
# `jax.numpy`'s keep the input's dtype; for float32 they are what `keras.ops` runs. Anything
# that is not a JAX array (a `KerasTensor`) takes `keras.ops`.


def tanh(x: Any) -> Any:
    """`jnp.tanh(x)` for a JAX array (float64 stays float64), `keras.ops.tanh` otherwise."""
    return jnp.tanh(x) if isinstance(x, jax.Array) else keras.ops.tanh(x)


def sin(x: Any) -> Any:
    """`jnp.sin(x)` for a JAX array (float64 stays float64), `keras.ops.sin` otherwise."""
    return jnp.sin(x) if isinstance(x, jax.Array) else keras.ops.sin(x)


def cos(x: Any) -> Any:
    """`jnp.cos(x)` for a JAX array (float64 stays float64), `keras.ops.cos` otherwise."""
    return jnp.cos(x) if isinstance(x, jax.Array) else keras.ops.cos(x)


_EXPORTERS = ("keras.src.export", "jax.experimental.jax2tf", "jax._src.export")


def exporting() -> bool:
    """Whether the call is traced for export (`model.export()`: jax2tf), read from the
    calling frames. Called at trace time only: inside the compiled programs, so a program
    traced for export is not the one traced for training (they differ in the abstract
    shapes of an export's symbolic batch dimension)."""
    return _switch.called_from(_EXPORTERS)


def expm1(x: Any) -> Any:
    """`jnp.expm1(x)` for a JAX array, `None` otherwise (the caller's portable form)."""
    return jnp.expm1(x) if isinstance(x, jax.Array) else None


def _static_key(value: Any) -> Any:
    """A key that tells apart what `==` does not: `1`, `1.0`, `True`; `0.0`, `-0.0`."""
    if isinstance(value, tuple):
        return tuple(_static_key(v) for v in value)
    if isinstance(value, float):
        return (float, repr(value))
    return (type(value), value)


def _is_static(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_is_static(v) for v in value)
    return isinstance(value, _STATIC_TYPES)


class _Static:
    """The static arguments of one compiled call (floatx, then the structural
    hyper-parameters), hashable, equal only where `_static_key` is."""

    __slots__ = ("_key", "items")

    def __init__(self, items: tuple[Any, ...]) -> None:
        self.items = items
        self._key = tuple(_static_key(v) for v in items)

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Static) and self._key == other._key


def _traced_value(value: Any) -> Any:
    """What a numeric hyper-parameter is passed to `jax.jit` as: a Python number as a
    weakly typed float, an array as it is, a Keras variable by its value; `None` where
    the call cannot be compiled (a list, ...)."""
    if type(value) is float or type(value) is int:
        return float(value)
    if isinstance(value, _ARRAYS):
        return value
    if isinstance(value, keras.Variable):
        return value.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def compile(
    run: Callable[..., Any], traced: tuple[str, ...], defaults: Mapping[str, Any], name: str
) -> Callable[..., Any]:
    """`run(x, params, given)` compiled with `jax.jit`, the hyper-parameters named in
    `traced` traced (unless `None`), the others static.

    The compiled path is taken when `x` (and each further input in `given`) is a JAX or
    NumPy array, concrete or traced, and every hyper-parameter is an array, a Keras
    variable or a Python number/str/bool/None (or a tuple of those); anything else runs
    `run` as is, as does every call while the fast paths are off. Checks of `x` against
    the hyper-parameters (axis, sizes) run while tracing, with the same `ValueError`s;
    `jax.jit` keeps no failed trace.
    """
    traced_names = frozenset(traced)
    names = tuple(defaults)

    def inner(x: Any, arrays: dict[str, Any], given: dict[str, Any], static: _Static) -> Any:
        merged = {**dict(static.items[1:]), **arrays}
        return run(x, {k: merged[k] for k in names}, given)

    def positional(x: Any) -> Any:
        return run(x, defaults, {})

    inner.__name__ = inner.__qualname__ = positional.__name__ = positional.__qualname__ = name
    jitted = jax.jit(inner, static_argnums=(3,))
    # `fn(x)` alone: compiled per floatx, called with `x` positionally (the quickest
    # dispatch `jax.jit` has). A new function object per floatx: `jax.jit` keeps traces
    # per function object, and floatx (int inputs are cast to it) is not part of its key.
    plain: dict[str, Callable[[Any], Any]] = {}

    def call(x: Any, params: Mapping[str, Any], given: dict[str, Any]) -> Any:
        if not _switch._ENABLED:
            return run(x, params, given)
        if isinstance(x, np.ndarray):
            x = keras.ops.convert_to_tensor(x)  # what `as_float` would do first
        if not isinstance(x, jax.Array):
            return run(x, params, given)
        floatx = keras.config.floatx()
        if not given and (params is defaults or _at_defaults(params, defaults)):
            compiled = plain.get(floatx)
            if compiled is None:
                compiled = jax.jit(_renamed(positional, name))
                result = compiled(x)
                plain.setdefault(floatx, compiled)  # kept only once a trace succeeded
                return result
            return compiled(x)
        arrays: dict[str, Any] = {}
        statics: list[Any] = [floatx]
        for key, value in params.items():
            if key in traced_names and value is not None and not isinstance(value, (bool, str)):
                value = _traced_value(value)
                if value is None:
                    return run(x, params, given)
                arrays[key] = value
            elif isinstance(value, _ARRAYS):
                arrays[key] = value
            elif _is_static(value):
                statics.append((key, value))
            else:
                return run(x, params, given)
        inputs = {}
        for key, value in given.items():
            value = keras.ops.convert_to_tensor(value) if isinstance(value, np.ndarray) else value
            if not isinstance(value, jax.Array):
                return run(x, params, given)
            inputs[key] = value
        return jitted(x, arrays, inputs, _Static(tuple(statics)))

    call.jitted = jitted  # type: ignore[attr-defined]
    call.plain = plain  # type: ignore[attr-defined]
    COMPILED.add(name)
    return call


def _at_defaults(params: Mapping[str, Any], defaults: Mapping[str, Any]) -> bool:
    """Whether every hyper-parameter is a plain Python value equal to its default: then
    `fn(x, alpha=1.0)` runs the program `fn(x)` runs (the defaults are constants there, so
    a traced 1.0 could round differently in the last bit)."""
    for key, value in params.items():
        default = defaults[key]
        if value is not default and not (
            type(value) is type(default) and _is_static(value) and value == default
        ):
            return False
    return True


def _renamed(fn: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
    """`fn(x)` as a new function object named `name` (how the compiled function shows up
    in jaxprs and profiles)."""

    def call(x: Any) -> Any:
        return fn(x)

    call.__name__ = call.__qualname__ = name
    return call


def custom_derivative(
    x: Any, value: Callable[..., Any], derivative: Callable[..., Any], params: tuple[Any, ...]
) -> Any:
    """`value(x, *params)` with the gradient `g * derivative(x, *params)` for `x`, and
    `jax.vjp`'s of `value` for the hyper-parameters that are not Python numbers (arrays,
    traced values): `jax.grad` with respect to them works. Only `x` and those are kept
    for the backward pass."""
    where, tensors = split_params(params)
    tensors = tuple(keras.ops.convert_to_tensor(t) for t in tensors)

    # `jax.custom_gradient` (a `custom_vjp` whose rule is traced in the forward pass, as
    # `keras.ops.custom_gradient`'s): forward-over-reverse (`jax.hessian`) works.
    @jax.custom_gradient
    def fn(t: Any, *ts: Any) -> Any:
        merged = merge_params(params, where, ts)

        def grad(g: Any) -> Any:
            gx = g * derivative(t, *merged)
            if not ts:
                return (gx,)
            _, vjp = jax.vjp(lambda *us: value(t, *merge_params(params, where, us)), *ts)
            return (gx, *vjp(g))

        return value(t, *merged), grad

    return fn(x, *tensors)
