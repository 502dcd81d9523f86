"""The table each backend module declares its fast paths in: `@fast_path("gelu")` on the
kernel keys it by the activation's declared name (`keras_acts._backends.check_names`
checks the names and parameters against the declarations)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Kernel(NamedTuple):
    """One backend's fast path for one activation.

    Attributes:
        name: The activation's declared name (`keras_acts.<name>`).
        fn: `fn(x, *params)`: the result, or `None` where the `keras.ops` form must run.
        params: `fn`'s parameters after `x`, in order (the activation's, by name).
        tensor_params: Whether `fn` takes tensors for its parameters (otherwise the
            dispatch only calls it with plain Python numbers, strings, bools and `None`).
    """

    name: str
    fn: Callable[..., Any]
    params: tuple[str, ...]
    tensor_params: bool


class KernelTable(dict[str, Kernel]):
    """Activation name -> `Kernel`, filled by the `fast_path` decorator of one backend module."""

    def fast_path(self, name: str, *, tensor_params: bool = False) -> Callable[[F], F]:
        """Declares the decorated function as the fast path for the activation `name`.

        Its signature (through `functools.wraps` wrappers) names the activation's
        parameters after `x`.
        """

        def declare(fn: F) -> F:
            if name in self:
                raise RuntimeError(
                    f"Two fast paths for {name!r}: {self[name].fn.__qualname__}, {fn.__qualname__}"
                )
            # Keyword-only parameters are further inputs (`swiglu(gate, up)`), not
            # hyper-parameters: only kernels with `tensor_params` get them.
            params = tuple(
                n for n, p in inspect.signature(fn).parameters.items() if p.kind is not p.KEYWORD_ONLY
            )[1:]
            self[name] = Kernel(name, fn, params, tensor_params)
            return fn

        return declare


def split_params(params: tuple[Any, ...]) -> tuple[tuple[int, ...], tuple[Any, ...]]:
    """The positions and values of the hyper-parameters that are not Python numbers
    (tensors, variables, traced values): the inputs of a custom gradient besides `x`."""
    where = tuple(i for i, p in enumerate(params) if not isinstance(p, (int, float)))
    return where, tuple(params[i] for i in where)


def merge_params(params: tuple[Any, ...], where: tuple[int, ...], tensors: Any) -> tuple[Any, ...]:
    """`params` with the entries at `where` replaced by `tensors`."""
    out = list(params)
    for i, t in zip(where, tensors, strict=True):
        out[i] = t
    return tuple(out)
