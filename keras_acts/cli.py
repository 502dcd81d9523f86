"""The `keras-acts` command (also `python -m keras_acts`).

keras-acts list [--json]
keras-acts plot NAME [--param KEY=VALUE ...] [--range A B] -o FILE.png
keras-acts compare [--activations NAME ...] [--epochs N] [--seed S] [--batch-size B] [-o FILE.png]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

import keras_acts
from keras_acts import plotting


class CLIError(Exception):
    """An error reported to the user as one line, exit status 2."""


def _list(args: argparse.Namespace) -> None:
    entries = keras_acts.catalog()
    if args.json:
        print(json.dumps([info.as_dict() for info in entries], indent=2, default=repr))
        return
    header = ("name", "family", "parameters", "trainable", "torch", "jax", "keras")
    rows = [
        (
            info.name,
            info.family,
            plotting.format_params(info.params) or "-",
            "yes" if info.trainable else "no",
            info.torch or "-",
            info.jax or "-",
            info.keras or "-",
        )
        for info in entries
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(f"\n{len(entries)} activations. `keras-acts list --json` for formulas, references and aliases.")


def _plot(args: argparse.Namespace) -> None:
    import numpy as np

    try:
        info = plotting.lookup(args.name)
        params = plotting.resolve_params(info, plotting.parse_params(args.param))
    except ValueError as e:
        raise CLIError(str(e)) from e
    low, high = args.range
    if not low < high:
        raise CLIError(f"--range needs A < B. Received: --range {low} {high}")
    try:
        c = plotting.curve(info, params, np.linspace(low, high, args.points))
    except ValueError as e:  # a hyper-parameter out of range, raised by the layer
        raise CLIError(str(e)) from e
    plotting.draw(c, args.output)
    print(f"wrote {args.output}: {c.label}{'' if not params else ' with ' + plotting.format_params(params)}")


def _compare(args: argparse.Namespace) -> None:
    import keras

    from keras_acts import _compare

    names = args.activations or list(_compare.DEFAULT_ACTIVATIONS)
    if args.epochs < 1 or args.batch_size < 1:
        raise CLIError(f"--epochs and --batch-size must be >= 1. Received: {args.epochs}, {args.batch_size}")
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
    print(_compare.table(runs))
    title = f"digits, backend={keras.backend.backend()}, seed={args.seed}"
    _compare.plot_runs(runs, args.output, title)
    print(f"\nwrote {args.output} (learning curves); total {time.perf_counter() - start:.1f}s")


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
        "PyTorch / JAX / Keras equivalents.",
    )
    p.add_argument(
        "--json", action="store_true", help="print every entry as JSON (with formula and reference)"
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
