"""Argument checks shared by the functions and the layers.

Every check raises `ValueError` whose message names the parameter, quotes the value
received and states the allowed range. Nothing is clamped.
"""

from __future__ import annotations

import math
import numbers
from typing import Any


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_tensor_like(value: Any) -> bool:
    """Tensors, variables and arrays are values computed at run time: not checked here."""
    if type(value) is float or type(value) is int:  # the usual case, without the ABC check
        return False
    if isinstance(value, numbers.Number):
        return False
    return hasattr(value, "shape") and hasattr(value, "dtype")


def _finite(value: Any) -> bool:
    """`value` is a real number whose float is finite (an int too large for a float is not)."""
    if type(value) is float:  # the usual case, without the ABC checks
        return math.isfinite(value)
    try:
        return _is_real(value) and math.isfinite(float(value))
    except OverflowError:
        return False


def _allows(text: str) -> Any:
    """Records, on a check, the allowed values in words (the catalogue's `ranges`)."""

    def mark(check: Any) -> Any:
        check.allowed = text
        return check

    return mark


def _fail(name: str, value: Any, allowed: str) -> None:
    raise ValueError(f"Argument `{name}` must be {allowed}. Received: {name}={value!r}")


@_allows("a finite real number")
def number(name: str, value: Any) -> Any:
    """A finite real number."""
    if is_tensor_like(value):
        return value
    if not _finite(value):
        _fail(name, value, "a finite real number")
    return value


@_allows("a finite real number > 0")
def positive(name: str, value: Any) -> Any:
    """A finite real number > 0."""
    if is_tensor_like(value):
        return value
    if not _finite(value) or float(value) <= 0:
        _fail(name, value, "a finite real number > 0")
    return value


@_allows("a finite real number >= 0")
def non_negative(name: str, value: Any) -> Any:
    """A finite real number >= 0."""
    if is_tensor_like(value):
        return value
    if not _finite(value) or float(value) < 0:
        _fail(name, value, "a finite real number >= 0")
    return value


@_allows("a finite real number other than 0")
def non_zero(name: str, value: Any) -> Any:
    """A finite real number != 0."""
    if is_tensor_like(value):
        return value
    if not _finite(value) or float(value) == 0:
        _fail(name, value, "a finite real number other than 0")
    return value


def less(name_lo: str, lo: Any, name_hi: str, hi: Any) -> None:
    """`lo < hi` (skipped for tensors)."""
    if is_tensor_like(lo) or is_tensor_like(hi):
        return
    if not lo < hi:
        raise ValueError(
            f"Argument `{name_lo}` must be less than `{name_hi}`. "
            f"Received: {name_lo}={lo!r}, {name_hi}={hi!r}"
        )


def less_equal(name_lo: str, lo: Any, name_hi: str, hi: Any) -> None:
    """`lo <= hi` (skipped for tensors)."""
    if is_tensor_like(lo) or is_tensor_like(hi):
        return
    if not lo <= hi:
        raise ValueError(
            f"Argument `{name_lo}` must be less than or equal to `{name_hi}`. "
            f"Received: {name_lo}={lo!r}, {name_hi}={hi!r}"
        )


@_allows("an integer axis")
def axis(name: str, value: Any) -> int:
    """An integer axis."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        _fail(name, value, "an integer axis")
    return int(value)


@_allows("an integer >= 1")
def positive_int(name: str, value: Any) -> int:
    """An integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        _fail(name, value, "an integer >= 1")
    return int(value)


@_allows("a bool (True or False)")
def boolean(name: str, value: Any) -> bool:
    """A Python bool."""
    if not isinstance(value, bool):
        _fail(name, value, "a bool (True or False)")
    return value


def one_of(name: str, value: Any, allowed: tuple[Any, ...]) -> Any:
    """One of a fixed set of values."""
    if value not in allowed:
        _fail(name, value, "one of " + ", ".join(repr(a) for a in allowed))
    return value


def choice(*allowed: Any) -> Any:
    """A check accepting one of `allowed` (for a declaration's `checks`)."""

    def check(name: str, value: Any) -> Any:
        return one_of(name, value, allowed)

    check.allowed = "one of " + ", ".join(repr(a) for a in allowed)  # type: ignore[attr-defined]
    return check
