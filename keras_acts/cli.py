"""The `keras-acts` command (also `python -m keras_acts`).

keras-acts list [--wide | --columns NAME,...] [--json]
keras-acts plot NAME [--param KEY=VALUE ...] [--range A B] -o FILE.png
keras-acts compare [--activations NAME ...] [--epochs N] [--seed S] [--batch-size B] [-o FILE.png]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import keras_acts
from keras_acts import plotting


class CLIError(Exception):
    """An error reported to the user as one line, exit status 2."""


LIST_COLUMNS = ("name", "family", "parameters", "trainable", "torch", "jax", "keras")
"""The columns of `keras-acts list --wide`."""

DEFAULT_COLUMNS = ("name", "family", "parameters", "torch")
"""The columns of `keras-acts list`, fitted to the terminal's width."""

_MIN_WIDTH = 8  # a column is not cut narrower than this


def _parse_columns(text: str) -> tuple[str, ...]:
    columns = tuple(c.strip() for c in text.split(",") if c.strip())
    unknown = [c for c in columns if c not in LIST_COLUMNS]
    if unknown or not columns:
        raise CLIError(
            f"--columns takes a comma-separated list of {', '.join(LIST_COLUMNS)}. Received: --columns {text}"
        )
    return columns


def _cell(info: keras_acts.ActivationInfo, column: str) -> str:
    if column == "parameters":
        return plotting.format_params(info.params) or "-"
    if column == "trainable":
        return "yes" if info.trainable else "no"
    return str(getattr(info, column) or "-")


def _fit(widths: list[int], total: int) -> list[int]:
    """Narrows the widest columns (never the first, the name) until the table fits in
    `total` characters, or every other column is at `_MIN_WIDTH`."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > total:
        i = max(range(1, len(widths)), key=lambda j: widths[j], default=0)
        if i == 0 or widths[i] <= _MIN_WIDTH:
            break
        widths[i] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _list(args: argparse.Namespace) -> None:
    entries = keras_acts.catalog()
    if args.json:
        print(json.dumps([info.as_dict() for info in entries], indent=2, default=repr))
        return
    columns = _parse_columns(args.columns) if args.columns else LIST_COLUMNS if args.wide else DEFAULT_COLUMNS
    rows = [tuple(_cell(info, c) for c in columns) for info in entries]
    widths = [max(len(row[i]) for row in (columns, *rows)) for i in range(len(columns))]
    total = shutil.get_terminal_size().columns
    if not args.wide:
        widths = _fit(widths, total)
    for row in (columns, tuple("-" * w for w in widths), *rows):
        print("  ".join(_clip(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    more = "" if args.wide else "; --wide: all columns, uncut"
    footer = f"{len(entries)} activations{more}; --json: formulas, references."
    print("\n" + (footer if args.wide else textwrap.fill(footer, max(total, 20))))


def _check_output(path: str) -> None:
    """Fails before any work when `path` cannot be written: its folder is missing or is
    not a folder."""
    folder = Path(path).expanduser().parent
    if not folder.is_dir():
        raise CLIError(f"cannot write {path}: the folder {str(folder)!r} does not exist")


def _save(draw: Callable[[], Any], path: str) -> None:
    """Runs `draw` (which saves to `path`); an unwritable path or unknown format is a
    one-line error."""
    try:
        draw()
    except OSError as e:
        raise CLIError(f"cannot write {path}: {e.strerror or e}") from e
    except ValueError as e:  # matplotlib: an unsupported file extension
        raise CLIError(f"cannot write {path}: {e}") from e


def _plot(args: argparse.Namespace) -> None:
    import numpy as np

    try:
        info = plotting.lookup(args.name)
        params = plotting.resolve_params(info, plotting.parse_params(args.param))
    except ValueError as e:
        raise CLIError(str(e)) from e
    _check_output(args.output)
    low, high = args.range
    if not low < high:
        raise CLIError(f"--range needs A < B. Received: --range {low} {high}")
    try:
        c = plotting.curve(info, params, np.linspace(low, high, args.points))
    except ValueError as e:  # a hyper-parameter out of range, raised by the layer
        raise CLIError(str(e)) from e
    _save(lambda: plotting.draw(c, args.output), args.output)
    print(f"wrote {args.output}: {c.label}{'' if not params else ' with ' + plotting.format_params(params)}")


def _compare(args: argparse.Namespace) -> None:
    import keras

    from keras_acts import _compare

    names = args.activations or list(_compare.DEFAULT_ACTIVATIONS)
    if args.epochs < 1 or args.batch_size < 1:
        raise CLIError(f"--epochs and --batch-size must be >= 1. Received: {args.epochs}, {args.batch_size}")
    _check_output(args.output)
    try:  # names, parameters and widths, before any training (the notes come with the runs)
        _compare.resolve(names, skip_missing=not args.activations, note=io.StringIO())
    except ValueError as e:
        raise CLIError(str(e)) from e
    start = time.perf_counter()
    print(
        f"digits (scikit-learn, 1797 8x8 images): backend={keras.backend.backend()} "
        f"epochs={args.epochs} batch_size={args.batch_size} seed={args.seed}",
        file=sys.stderr,
    )
    try:
        runs = _compare.compare(
            names,
            epochs=args.epochs,
            seed=args.seed,
            batch_size=args.batch_size,
            skip_missing=not args.activations,
        )
    except ValueError as e:
        raise CLIError(str(e)) from e
    except _compare.CompareStopped as e:
        # Keep what was computed: the table and the curves of the runs before the failure.
        if e.runs:
            _report(e.runs, args, time.perf_counter() - start)
        kept = f"; the {len(e.runs)} completed run(s) are above and in {args.output}" if e.runs else ""
        raise CLIError(f"{e}{kept}") from e
    _report(runs, args, time.perf_counter() - start)


def _report(runs: list[Any], args: argparse.Namespace, seconds: float) -> None:
    import keras

    from keras_acts import _compare

    print(_compare.table(runs))
    title = f"digits, backend={keras.backend.backend()}, seed={args.seed}"
    _save(lambda: _compare.plot_runs(runs, args.output, title), args.output)
    print(f"\nwrote {args.output} (learning curves); total {seconds:.1f}s")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keras-acts",
        description="keras-acts: the activation catalogue, its curves, and a comparison on digits.",
    )
    parser.add_argument("--version", action="version", version=f"keras-acts {keras_acts.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "list",
        help="print the catalogue",
        description="The catalogue: name, family, parameters and defaults, trainable, and the "
        "PyTorch / JAX / Keras equivalents. By default a few columns, fitted to the terminal.",
    )
    p.add_argument(
        "--json", action="store_true", help="print every entry as JSON (with formula and reference)"
    )
    p.add_argument(
        "--wide",
        action="store_true",
        help=f"every column ({', '.join(LIST_COLUMNS)}), uncut, whatever the terminal's width",
    )
    p.add_argument(
        "--columns",
        metavar="NAME,...",
        help=f"the columns to show, from {', '.join(LIST_COLUMNS)} (default: {','.join(DEFAULT_COLUMNS)}; "
        "cells too long for the terminal are cut with '…')",
    )
    p.set_defaults(func=_list)

    p = sub.add_parser(
        "plot",
        help="plot an activation and its derivative to a PNG",
        description="Plot an activation and its derivative (by the backend's autodiff) to a PNG. "
        "Activations over an axis (softmax, ...) are shown on the slice [x, 0].",
    )
    p.add_argument("name", help="activation name or alias, e.g. hard_tanh, hardtanh, HardTanh")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a hyper-parameter, e.g. --param min_val=-2 --param approximate=tanh (repeatable)",
    )
    p.add_argument("--range", nargs=2, type=float, default=(-4.0, 4.0), metavar=("A", "B"), help="x range")
    p.add_argument("--points", type=int, default=401, help="number of grid points (default 401)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.png", help="output PNG")
    p.set_defaults(func=_plot)

    p = sub.add_parser(
        "compare",
        help="train a small network on digits with several activations",
        description="Train the same small network (64-64-10 MLP) on scikit-learn's bundled digits data "
        "with each activation (same seed, same initial weights, same batch order), print test "
        "accuracy, final loss and time per epoch, and save the learning curves.",
    )
    p.add_argument(
        "--activations",
        nargs="+",
        metavar="NAME",
        help="activations to compare; NAME or NAME:key=value,key=value "
        "(default: relu tanh hard_tanh hard_sigmoid mish swish prelu)",
    )
    p.add_argument("--epochs", type=int, default=20, help="epochs per run (default 20)")
    p.add_argument("--seed", type=int, default=0, help="seed of the split, weights and batches (default 0)")
    p.add_argument("--batch-size", type=int, default=32, help="batch size (default 32)")
    p.add_argument("-o", "--output", default="compare.png", metavar="FILE.png", help="learning curves PNG")
    p.set_defaults(func=_compare)

    # `bench` has its own parser (keras_acts.bench); `keras-acts bench --help` shows it.
    sub.add_parser(
        "bench",
        help="time keras_acts against the backend's native activations",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        from keras_acts import bench

        return bench.main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except CLIError as e:
        print(f"keras-acts {args.command}: error: {e}", file=sys.stderr)
        return 2
    return 0


__all__ = ["build_parser", "main"]
