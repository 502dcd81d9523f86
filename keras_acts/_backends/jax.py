"""JAX fast path: the one `jax.nn` itself takes. Each deterministic public function is
compiled with `jax.jit` (`compile`), so an eager call runs the composed `keras.ops` form as
one fused XLA kernel instead of one dispatch per op; there are no per-activation kernels
(`KERNELS` is empty).

Hyper-parameters given as Python numbers (strings, bools, `None`, tuples of those) are
compile-time constants: one compilation per distinct set of values, kept in a small
least-recently-used cache per function (`_JIT_CACHE_SIZE`); JAX arrays stay traced. A
call with `x` alone, by far the most frequent, takes a shorter path: one compiled function
per floatx, called with `x` positionally. NumPy input is converted first and runs the same
program; Keras variables, Python lists and anything else run the function uncompiled.
Under an enclosing `jax.jit` (Keras's compiled `fit`) the inner one is inlined.

`keras.ops` values in JAX are `jax.Array`s, which need no conversion and keep no autograd
record: `is_float_tensor` and `no_gradient_recorded` are always `False`.
"""

from __future__ import annotations

import functools
import inspect
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import jax
import keras
import numpy as np

from keras_acts import _backends as _switch
from keras_acts._backends._table import KernelTable

KERNELS = KernelTable()

# The names of the functions `compile` has wrapped: the ones with a fast path.
COMPILED: set[str] = set()

# Compiled functions kept per public function (one per distinct set of Python-number
# hyper-parameters); the least recently used one is dropped beyond this.
_JIT_CACHE_SIZE = 64
_STATIC_TYPES = (bool, int, float, str, type(None))


def is_float_tensor(x: Any) -> bool:
    """Always `False`: no kernel here to take a tensor."""
    return False


def float_tensor_as_is(x: Any) -> Any:
    """Always `None`: Keras's conversion runs (it is traced once under `jax.jit`)."""
    return None


def no_gradient_recorded(x: Any) -> bool:
    """Always `False`: the custom gradient is traced once, whatever the call."""
    return False


def _static_key(value: Any) -> Any:
    """A cache key that tells apart what `==` does not: `1`, `1.0`, `True`; `0.0`, `-0.0`."""
    if isinstance(value, tuple):
        return tuple(_static_key(v) for v in value)
    if isinstance(value, float):
        return (float, repr(value))
    return (type(value), value)


def _is_static(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_is_static(v) for v in value)
    return isinstance(value, _STATIC_TYPES)


def compile(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` compiled with `jax.jit`.

    The compiled path is taken when `x` is a JAX or NumPy array (concrete or traced) and
    every other argument is a JAX array or a Python number/str/bool/None (or a tuple of
    those); anything else -- Keras variables, symbolic tensors, lists -- runs `fn` as is,
    as does every call while the fast paths are off. Argument checks run while tracing,
    with the same `ValueError`s; a failed trace is not cached.
    """
    names = tuple(inspect.signature(fn).parameters)
    cache: OrderedDict[Any, Callable[..., Any]] = OrderedDict()
    # `fn(x)` alone: compiled per floatx, called with `x` positionally (the quickest
    # dispatch `jax.jit` has; half the wrapper's time).
    plain: dict[str, Callable[..., Any]] = {}
    array = jax.Array

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and _switch._ENABLED and isinstance(args[0], array):
            floatx = keras.config.floatx()
            compiled = plain.get(floatx)
            if compiled is None:
                # A new function per floatx: `jax.jit` keeps traces per function object,
                # and floatx (int inputs are cast to it) is not part of its key.
                compiled = jax.jit(_positional(fn))
                result = compiled(args[0])
                plain[floatx] = compiled  # cached only once a trace succeeded
                return result
            return compiled(args[0])
        if not _switch._ENABLED or not args or len(args) > len(names):
            return fn(*args, **kwargs)  # (raises the usual TypeError where it should)
        return _call_compiled(fn, names, cache, args, kwargs)

    wrapper._jit_cache = cache  # type: ignore[attr-defined]
    wrapper._jit_plain = plain  # type: ignore[attr-defined]
    COMPILED.add(fn.__name__)
    return wrapper


def _call_compiled(
    fn: Callable[..., Any],
    names: tuple[str, ...],
    cache: OrderedDict[Any, Callable[..., Any]],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """`fn(*args, **kwargs)` through the compiled function for its Python-number arguments
    (traced and cached on first use), or uncompiled where an argument is neither."""
    # Binding by hand: `inspect.Signature.bind` costs more than a small kernel.
    arguments = dict(zip(names, args, strict=False))  # len(args) <= len(names)
    for name, value in kwargs.items():
        if name in arguments or name not in names:
            return fn(*args, **kwargs)
        arguments[name] = value
    first = names[0]
    if isinstance(arguments[first], np.ndarray):
        # What `as_float` would do first; then NumPy input runs the same program.
        arguments[first] = keras.ops.convert_to_tensor(arguments[first])
    if not isinstance(arguments[first], jax.Array):
        return fn(*args, **kwargs)
    arrays: dict[str, Any] = {}
    statics: dict[str, Any] = {}
    for name, value in arguments.items():
        if isinstance(value, jax.Array):
            arrays[name] = value
        elif _is_static(value):
            statics[name] = value
        else:
            return fn(*args, **kwargs)
    # floatx: integer inputs are cast to it while tracing.
    key = (
        keras.config.floatx(),
        tuple(arrays),
        tuple((name, _static_key(v)) for name, v in statics.items()),
    )
    compiled = cache.get(key)
    if compiled is None:
        compiled = jax.jit(_bind(fn, statics))
    else:
        cache.move_to_end(key)
    result = compiled(arrays)
    if key not in cache:  # cached only once a trace succeeded
        cache[key] = compiled
        if len(cache) > _JIT_CACHE_SIZE:
            cache.popitem(last=False)
    return result


def _positional(fn: Callable[..., Any]) -> Callable[[Any], Any]:
    """`fn(x)` as a new function object named after `fn`."""

    def call(x: Any) -> Any:
        return fn(x)

    call.__name__ = call.__qualname__ = fn.__name__
    return call


def _bind(fn: Callable[..., Any], statics: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """`fn` with its Python-number arguments fixed, taking the arrays as one dict (named
    after `fn`, which is how the compiled function shows up in jaxprs and profiles)."""

    def call(arrays: dict[str, Any]) -> Any:
        return fn(**statics, **arrays)

    call.__name__ = call.__qualname__ = fn.__name__
    return call
