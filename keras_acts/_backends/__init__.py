"""Backend fast paths behind the public functions: the switch and the dispatch.

Eager PyTorch (Keras's default for `model.fit` on the torch backend) and TensorFlow
without XLA run every `keras.ops` call as its own kernel, so a composed form costs a
multiple of the native kernel. Where a backend's own kernel has exactly keras-acts'
semantics -- values, NaN propagation, limits at +-inf and the one-sided derivatives at
kinks -- or matches them behind a cheap check, the public function calls it first: one
public function, one contract. Each backend module declares its kernels by activation
name (`@fast_path("gelu")`) and says why each is there and where it is not used:

- `keras_acts._backends.torch`: PyTorch kernels, checked ones (a sum over the result on
  CPU), keras-acts' own formulas as cache-sliced `autograd.Function`s (`torch_sliced`),
  and for tensors off the CPU the same contract with no host read (`torch_device`);
- `keras_acts._backends.tensorflow`: TensorFlow kernels, mostly eager only;
- `keras_acts._backends.jax`: no kernels; the fast path is `jax.jit` itself (`compile`),
  which every deterministic public function is wrapped in, its numeric
  hyper-parameters traced (one compilation for every value).

Only the current backend's module is imported. `fast_path(name)` hands the declaration
decorator the kernel for `name` behind the generic checks (switched on, `x` a floating
backend tensor, hyper-parameters plain Python values), or `None`; `check_names` fails at
import where a kernel is keyed by an undeclared name or takes other parameters.

`tests/test_native.py` holds every PyTorch/TensorFlow fast path to the `keras.ops` form
(values and gradients in four dtypes, on a grid of kinks, extremes, +-inf and NaN);
`tests/test_jit.py` does the same for the compiled JAX path. Everything else runs
`keras.ops`: Keras symbolic tensors (`KerasTensor`), Keras variables, hyper-parameters
given as tensors.

Turn the fast paths off with `keras_acts.set_native_fast_path(False)` or the environment
variable `KERAS_ACTS_NATIVE=0`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

import keras

from keras_acts._backends._table import Kernel, KernelTable

BACKEND: str = keras.backend.backend()
_BACKENDS = ("torch", "tensorflow", "jax")

_ENABLED = os.environ.get("KERAS_ACTS_NATIVE", "1").strip().lower() not in ("0", "false", "no", "off")

# What a fast path takes for its hyper-parameters (unless declared with tensor params).
_PLAIN_TYPES = (float, int, bool, str, type(None))


def set_native_fast_path(enabled: bool) -> None:
    """Enables or disables the backend-native fast paths (on by default).

    With it disabled every function runs its `keras.ops` form, uncompiled on JAX.
    Results agree to rounding either way.

    Args:
        enabled: Whether to call the backend's own kernels where they match keras-acts.
    """
    global _ENABLED
    if not isinstance(enabled, bool):
        raise ValueError(f"Argument `enabled` must be a bool. Received: enabled={enabled!r}")
    _ENABLED = enabled


def native_fast_path_enabled() -> bool:
    """Whether the backend-native fast paths are in use (see `set_native_fast_path`)."""
    return _ENABLED and BACKEND in _BACKENDS


def called_from(modules: tuple[str, ...]) -> bool:
    """Whether a module whose name starts with one of `modules` is among the callers
    (the backends' `exporting()`: a trace for `model.export()`). Walks the frames: call it
    at trace time only, not per eager call."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith(modules):
            return True
        frame = frame.f_back
    return False


def backend_module(backend: str) -> ModuleType:
    """The fast-path module of `backend` (`"torch"`, `"tensorflow"` or `"jax"`), imported
    on demand: the current backend's is `_impl`; the others only for checks and tests."""
    if backend not in _BACKENDS:
        raise ValueError(f"Argument `backend` must be one of {_BACKENDS}. Received: backend={backend!r}")
    return importlib.import_module(f"keras_acts._backends.{backend}")


_impl: ModuleType | None = backend_module(BACKEND) if BACKEND in _BACKENDS else None
_KERNELS: KernelTable = _impl.KERNELS if _impl is not None else KernelTable()


def _never(x: Any) -> bool:
    return False


def _none(x: Any) -> Any:
    return None


is_float_tensor: Callable[[Any], bool] = _impl.is_float_tensor if _impl is not None else _never
"""`is_float_tensor(x)`: whether `x` is a floating tensor of the backend (any device)."""

float_tensor_as_is: Callable[[Any], Any] = _impl.float_tensor_as_is if _impl is not None else _none
"""`float_tensor_as_is(x)`: `x` itself when it is a floating tensor that
`keras.ops.convert_to_tensor` would return unchanged, `None` otherwise (spares Keras's
conversion, ~2 us; the full conversion runs for anything else)."""

_recording_off: Callable[[Any], bool] = (
    _impl.no_gradient_recorded if _impl is not None and BACKEND != "jax" else _never
)


def no_gradient_recorded(x: Any) -> bool:
    """Whether no gradient can be taken through this call -- PyTorch: autograd is off, or
    `x` does not require a gradient; TensorFlow: eager, with no tape or forward accumulator
    active. There `with_derivative` returns the value alone: its custom gradient would go
    unused, and `tf.custom_gradient` costs ~0.3 ms per eager call (PyTorch's
    `autograd.Function` a few us). Always `False` under JAX, where it is traced once, and
    with the fast paths off."""
    return _ENABLED and _recording_off(x)


def fast_path(name: str) -> Callable[..., Any] | None:
    """The current backend's fast path for the declared activation `name`, or `None`.

    It is called as `fast_path(name)(x, *params)`, the hyper-parameters in signature order,
    and returns the result, or `None` where the `keras.ops` form must run: fast paths off,
    `x` not a floating backend tensor (`KerasTensor`s, Keras variables), a
    hyper-parameter that is not a plain Python number/str/bool/None (unless the kernel
    takes tensors), or the kernel's own conditions. Built once per activation.
    """
    kernel = _KERNELS.get(name)
    if kernel is None:
        return None
    if kernel.tensor_params:
        return _any_params(kernel.fn)
    if not kernel.params:
        return _no_params(kernel.fn)
    return _plain_params(kernel.fn)


def _no_params(kernel: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def call(x: Any) -> Any:
        if _ENABLED and is_float_tensor(x):
            return kernel(x)
        return None

    return call


def _plain_params(kernel: Callable[..., Any]) -> Callable[..., Any]:
    def call(x: Any, *params: Any) -> Any:
        if not _ENABLED or not is_float_tensor(x):
            return None
        for p in params:
            if type(p) not in _PLAIN_TYPES:
                return None
        return kernel(x, *params)

    return call


def _any_params(kernel: Callable[..., Any]) -> Callable[..., Any]:
    def call(x: Any, *params: Any, **inputs: Any) -> Any:
        if _ENABLED and is_float_tensor(x):
            return kernel(x, *params, **inputs)
        return None

    return call


def fast_path_names() -> frozenset[str]:
    """The activations with a fast path on the current backend: its kernels (PyTorch,
    TensorFlow) or the functions compiled with `jax.jit` so far (JAX)."""
    if BACKEND == "jax" and _impl is not None:
        return frozenset(_impl.COMPILED)
    return frozenset(_KERNELS)


def check_names(declared: Mapping[str, tuple[str, ...]], kernels: Mapping[str, Kernel] | None = None) -> None:
    """Raises `RuntimeError` where a kernel is keyed by a name that is not declared, or
    takes other parameters after `x` than the declared ones (in order).

    Args:
        declared: Activation name -> its parameter names after `x`, in order.
        kernels: A backend module's `KERNELS`; the current backend's by default.
    """
    for name, kernel in (_KERNELS if kernels is None else kernels).items():
        where = f"{kernel.fn.__module__}.{kernel.fn.__qualname__}"
        if name not in declared:
            raise RuntimeError(
                f"keras_acts: the fast path {where} is keyed by {name!r}, which is not a declared activation"
            )
        if tuple(kernel.params) != tuple(declared[name]):
            raise RuntimeError(
                f"keras_acts: the fast path {where} for {name!r} takes {kernel.params} after x; "
                f"the activation declares {tuple(declared[name])}"
            )


def _same(
    run: Callable[..., Any], traced: tuple[str, ...], defaults: Mapping[str, Any], name: str
) -> Callable[..., Any]:
    return run


compile: Callable[..., Callable[..., Any]] = (
    _impl.compile if BACKEND == "jax" and _impl is not None else _same
)
"""`compile(run, traced)`: the declaration's `run(x, params, given)` compiled with
`jax.jit` on JAX, the numeric hyper-parameters named in `traced` traced, the others static
(see `keras_acts._backends.jax.compile`); `run` itself elsewhere."""


def _generic_derivative(x: Any, value: Any, derivative: Any, params: tuple[Any, ...]) -> Any:
    from keras_acts.activations._base import custom_derivative as generic

    return generic(x, value, derivative, params)


custom_derivative: Callable[..., Any] = getattr(_impl, "custom_derivative", None) or _generic_derivative
"""`custom_derivative(x, value, derivative, params)`: `value(x, *params)` with the
gradient `upstream * derivative(x, *params)` for `x` and autodiff's of `value` for the
tensor parameters (see `keras_acts.activations._base.with_derivative`)."""
