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
            params = tuple(inspect.signature(fn).parameters)[1:]
            self[name] = Kernel(name, fn, params, tensor_params)
            return fn

        return declare
