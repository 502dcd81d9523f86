"""`keras-acts compare`: one small network, several activations, scikit-learn's digits.

Every run uses the same data split, the same initial weights of the dense layers and the
same batch order; only the activation layers differ (a fresh one per run).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

import keras
import numpy as np

from keras_acts import plotting

DEFAULT_ACTIVATIONS = ("relu", "tanh", "hard_tanh", "hard_sigmoid", "mish", "swish", "prelu")


@dataclass
class Run:
    """The outcome of training with one activation."""

    name: str
    test_accuracy: float
    test_loss: float
    final_loss: float
    seconds_per_epoch: float
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)


class EpochProgress(keras.callbacks.Callback):
    """A plain-text progress bar on `stream` (stderr): one line per epoch, or one line per
    run redrawn each epoch when the stream is a terminal."""

    def __init__(self, name: str, epochs: int, stream: TextIO | None = None, width: int = 20) -> None:
        super().__init__()
        self.name, self.epochs, self.width = name, epochs, width
        self.stream = stream if stream is not None else sys.stderr
        self.times: list[float] = []

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.times.append(time.perf_counter() - self._start)
        logs = logs or {}
        done = round(self.width * (epoch + 1) / self.epochs)
        bar = "#" * done + "." * (self.width - done)
        tty = getattr(self.stream, "isatty", lambda: False)()
        start = "\r" if tty else ""
        end = ("\n" if epoch + 1 == self.epochs else "") if tty else "\n"
        self.stream.write(
            f"{start}{self.name:<14} epoch {epoch + 1:>3}/{self.epochs} [{bar}] "
            f"loss {logs.get('loss', float('nan')):.4f}  "
            f"test acc {logs.get('val_accuracy', float('nan')):.4f}  {self.times[-1]:.2f}s{end}"
        )
        self.stream.flush()


def load_digits_split(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's bundled 8x8 digits (no download), scaled to [0, 1], 75/25 stratified."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int32")
    return tuple(train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y))


class CompareStopped(Exception):
    """A run failed or was interrupted; `runs` holds the runs completed before it.

    Attributes:
        runs: The completed runs, in order.
        label: The activation whose run stopped.
        error: The exception that stopped it.
    """

    def __init__(self, runs: list[Run], label: str, error: BaseException) -> None:
        what = "interrupted" if isinstance(error, KeyboardInterrupt) else f"{type(error).__name__}: {error}"
        super().__init__(f"the run with {label} stopped ({what})")
        self.runs, self.label, self.error = runs, label, error


def _check_width(name: str, layer: Any, hidden: int) -> None:
    """Rejects an activation whose output width differs from its input's (GLU, Maxout):
    every run starts from the same weights of `Dense(hidden)`, which need `hidden` inputs."""
    shape = tuple(layer.compute_output_shape((None, hidden)))
    if shape != (None, hidden):
        raise ValueError(
            f"{name} changes the width of its input ({hidden} -> {shape[-1]} features), but "
            f"compare trains Dense({hidden}) -> activation -> Dense({hidden}) from the same initial "
            f"weights for every activation: pick elementwise activations (gated ones such as glu "
            f"and swiglu halve the width; maxout divides it by its pieces)."
        )


def resolve(
    names: list[str], skip_missing: bool, note: TextIO | None = None, hidden: int = 64
) -> list[tuple[str, Any]]:
    """`(label, layer factory)` per name; an entry is `name` or `name:key=value,key=value`.

    Raises:
        ValueError: for an unknown name (with close matches) unless `skip_missing`, in which
            case the name is skipped with a note, a bad parameter, or an activation that
            changes the width of its input (it cannot share the initial weights).
    """
    out = []
    for entry in names:
        name, _, raw = entry.partition(":")
        try:
            info = plotting.lookup(name.strip())
        except ValueError:
            if not skip_missing:
                raise
            print(f"note: {name!r} is not in this keras-acts' catalogue; skipped.", file=note or sys.stderr)
            continue
        params = plotting.parse_params([p for p in raw.split(",") if p.strip()])
        params = plotting.layer_kwargs(info, plotting.resolve_params(info, params))
        # Validates the parameters and the width now, not in the middle of the runs.
        _check_width(entry.strip(), info.layer(**params), hidden)
        out.append((entry.strip(), lambda info=info, params=params: info.layer(**params)))
    return out


def build(make_activation: Any, hidden: int = 64) -> keras.Model:
    """`Dense(hidden) -> activation -> Dense(hidden) -> activation -> Dense(10)` on 64 inputs."""
    return keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(hidden, name="dense_1"),
            make_activation(),
            keras.layers.Dense(hidden, name="dense_2"),
            make_activation(),
            keras.layers.Dense(10, name="logits"),
        ]
    )


def compare(
    names: list[str],
    *,
    epochs: int = 20,
    seed: int = 0,
    batch_size: int = 32,
    learning_rate: float = 3e-3,
    skip_missing: bool = False,
    stream: TextIO | None = None,
) -> list[Run]:
    """Trains the same network with each activation and returns one `Run` per activation.

    Raises:
        ValueError: from `resolve`, before any training.
        CompareStopped: when a run fails or is interrupted; it holds the runs completed
            before it.
    """
    factories = resolve(names, skip_missing)
    options = {
        "epochs": epochs,
        "seed": seed,
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "stream": stream,
    }
    x_train, x_test, y_train, y_test = load_digits_split(seed)
    keras.utils.set_random_seed(seed)
    initial = {
        layer.name: layer.get_weights() for layer in build(keras.layers.Identity).layers if layer.weights
    }
    runs: list[Run] = []
    for label, factory in factories:
        try:
            runs.append(_run(label, factory, initial, (x_train, x_test, y_train, y_test), **options))
        except (Exception, KeyboardInterrupt) as e:
            raise CompareStopped(list(runs), label, e) from e
        finally:
            keras.backend.clear_session()
    return runs


def _run(
    label: str,
    factory: Any,
    initial: dict[str, Any],
    data: tuple[np.ndarray, ...],
    *,
    epochs: int,
    seed: int,
    batch_size: int,
    learning_rate: float,
    stream: TextIO | None,
) -> Run:
    """Trains the network with one activation from the shared initial weights."""
    x_train, x_test, y_train, y_test = data
    keras.utils.set_random_seed(seed)  # same batch order in every run
    model = build(factory)
    for layer in model.layers:
        if layer.name in initial:
            layer.set_weights(initial[layer.name])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    progress = EpochProgress(label, epochs, stream)
    history = model.fit(
        x_train,
        y_train,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=(x_test, y_test),
        callbacks=[progress],
        verbose=0,
    )
    test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=256, verbose=0)
    # The first epoch includes compilation; the median of the others is the steady state.
    steady = progress.times[1:] or progress.times
    return Run(
        name=label,
        test_accuracy=float(test_acc),
        test_loss=float(test_loss),
        final_loss=float(history.history["loss"][-1]),
        seconds_per_epoch=float(np.median(steady)),
        loss=[float(v) for v in history.history["loss"]],
        accuracy=[float(v) for v in history.history["val_accuracy"]],
    )


def table(runs: list[Run]) -> str:
    """The results as a plain-text table."""
    w = max([len("activation"), *(len(r.name) for r in runs)]) + 2
    lines = [f"{'activation':<{w}}{'test acc':>10}{'test loss':>11}{'final loss':>12}{'s/epoch':>10}"]
    for r in runs:
        lines.append(
            f"{r.name:<{w}}{r.test_accuracy:>10.4f}{r.test_loss:>11.4f}{r.final_loss:>12.4f}"
            f"{r.seconds_per_epoch:>10.4f}"
        )
    return "\n".join(lines)


def plot_runs(runs: list[Run], path: str | None, title: str = "") -> Any:
    """Learning curves: training loss and test accuracy per epoch, one line per activation.

    Returns:
        The matplotlib figure, saved to `path` unless it is `None`.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(10.0, 4.0), layout="constrained")
    loss_ax, acc_ax = fig.subplots(1, 2)
    for r in runs:
        epochs = np.arange(1, len(r.loss) + 1)
        loss_ax.plot(epochs, r.loss, label=r.name)
        acc_ax.plot(epochs, r.accuracy, label=r.name)
    loss_ax.set(xlabel="epoch", ylabel="training loss", yscale="log", title="Training loss")
    acc_ax.set(xlabel="epoch", ylabel="test accuracy", title="Test accuracy")
    for ax in (loss_ax, acc_ax):
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    acc_ax.legend(fontsize=8, loc="lower right")
    if title:
        fig.suptitle(title, fontsize=10)
    if path is not None:
        fig.savefig(path, dpi=100)
    return fig
