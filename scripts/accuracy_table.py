"""Measures each elementwise activation's error per dtype against PyTorch in float64 and
prints a markdown table (the one in docs/numerics.md).

For float32 the grid is dense on [-20, 20] plus log-spaced magnitudes up to 1e4 (both
signs); for float16 and bfloat16 it is every finite value of the dtype. The reference
is evaluated on the exact input (cast to float64) and the error is measured on the
output, in the output's dtype:

- max ulp: `|y - ref| / ulp(ref)`, the ulp being the spacing of the dtype at `|ref|`
  (its smallest subnormal near 0);
- max rel: `|y - ref| / |ref|` over the points where `|ref|` is at least the dtype's
  smallest normal number;
- non-finite: outputs that are inf/NaN where the reference is finite and representable
  in the dtype (always 0 is the guarantee).

    KERAS_BACKEND=jax python scripts/accuracy_table.py
    KERAS_BACKEND=torch python scripts/accuracy_table.py --points 2000 --functions relu,gelu
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

import keras
import ml_dtypes
import numpy as np
import torch

import keras_acts

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from cases import ELEMENTWISE, forms

DTYPES = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}


def reference(row, x64: np.ndarray, params: dict) -> np.ndarray:
    """The row's float64 reference on the exact input; where PyTorch's float64 formula
    itself cancels (1 + erf, 1 + tanh in GELU's negative tail, ...), the row's form without
    cancellation (`Row.accurate`)."""
    if row.accurate is not None:
        return row.accurate(torch.tensor(x64, dtype=torch.float64), **params).numpy()
    return row.evaluate(x64, params)


def grid(dtype: str, points: int) -> np.ndarray:
    """The inputs, exactly representable in `dtype`."""
    np_dtype = DTYPES[dtype]
    if dtype == "float32":
        dense = np.linspace(-20.0, 20.0, points)
        mags = np.logspace(-30, 4, points // 2)
        x = np.concatenate([dense, mags, -mags, [0.0]]).astype(np.float32)
    else:
        bits = np.arange(2**16, dtype=np.uint16).view(np_dtype)
        x = bits[np.isfinite(bits.astype(np.float32))]
        if points < 2**15:  # a thinned grid for smoke tests
            x = x[:: max(1, x.size // points)]
    return np.unique(x.astype(np_dtype))


def ulp(values: np.ndarray, dtype: str) -> np.ndarray:
    """The spacing of `dtype` at `|values|` (float64 array)."""
    info = ml_dtypes.finfo(DTYPES[dtype])
    mag = np.maximum(np.abs(values), float(info.smallest_normal))
    exponent = np.floor(np.log2(mag))
    return np.exp2(exponent - info.nmant)


def measure(row, params: dict, dtype: str, points: int) -> dict:
    x = grid(dtype, points)
    x64 = x.astype(np.float64)
    expected = reference(row, x64, params)
    y = getattr(keras_acts, row.name)(keras.ops.convert_to_tensor(x), **params)
    assert keras.backend.standardize_dtype(y.dtype) == dtype, (row.name, dtype, y.dtype)
    y = keras.ops.convert_to_numpy(keras.ops.cast(y, "float32")).astype(np.float64)
    info = ml_dtypes.finfo(DTYPES[dtype])
    finite = np.isfinite(expected) & (np.abs(expected) <= float(info.max))
    err = np.abs(y[finite] - expected[finite])
    with np.errstate(invalid="ignore"):
        ulps = err / ulp(expected[finite], dtype)
        normal = np.abs(expected[finite]) >= float(info.smallest_normal)
        rel = err[normal] / np.abs(expected[finite][normal])
    return {
        "ulp": float(np.nanmax(ulps)) if ulps.size else 0.0,
        "rel": float(np.nanmax(rel)) if rel.size else 0.0,
        "nonfinite": int((~np.isfinite(y[finite])).sum()),
        "points": int(x.size),
    }


def rows(functions: list[str] | None, points: int):
    """Every elementwise entry of the test table (tests/cases.py), in catalogue order:
    its defaults (required parameters from the table) and its other forms."""
    order = {info.name: i for i, info in enumerate(keras_acts.catalog())}
    for case in sorted(forms(ELEMENTWISE), key=lambda case: order[case.values[0].name]):
        row, params = case.values
        if not functions or row.name in functions:
            yield row.name, params, {dtype: measure(row, params, dtype, points) for dtype in DTYPES}


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if value < 1e-2 or value >= 1e4:
        return f"{value:.1e}"
    return f"{value:.3g}"


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=200_000, help="float32 grid size (half: all values)")
    parser.add_argument("--functions", default="", help="comma-separated names (default: all)")
    args = parser.parse_args(argv)
    functions = [f for f in args.functions.split(",") if f] or None
    header = ["function"]
    for dtype in DTYPES:
        header += [f"{dtype} max ulp", f"{dtype} max rel"]
    header.append("non-finite")
    lines = [
        f"Measured {datetime.date.today().isoformat()} with keras {keras.__version__}, "
        f"backend `{keras.backend.backend()}`, keras-acts {keras_acts.__version__}.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for name, params, result in rows(functions, args.points):
        label = name + (f" ({', '.join(f'{k}={v!r}' for k, v in params.items())})" if params else "")
        cells = [f"`{label}`"]
        for dtype in DTYPES:
            cells += [_fmt(result[dtype]["ulp"]), _fmt(result[dtype]["rel"])]
        cells.append(str(sum(r["nonfinite"] for r in result.values())))
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    return table


if __name__ == "__main__":
    main()
