"""The catalogue: one entry per activation, with its metadata, aliases and lookup.

`catalog()` lists the entries; `get()` resolves a name, alias, config dict or callable.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import keras

from keras_acts import activations as fn
from keras_acts import layers


@dataclass(frozen=True)
class ActivationInfo:
    """Metadata of one activation in the catalogue.

    Attributes:
        name: Canonical snake_case name (the function's name, when there is one).
        family: `"rectifier"`, `"smooth"`, `"normalizer"`, `"trainable"`,
            `"stochastic"` or `"learnable"`.
        function: The function, or `None` for an activation that only exists as a layer.
        layer: The layer class.
        params: Hyper-parameters and their defaults (required ones map to `REQUIRED`).
        formula: The formula, in LaTeX.
        reference: The paper (author, year and link), or `""`.
        torch: The PyTorch equivalent, or `""`.
        jax: The JAX equivalent, or `""`.
        keras: The Keras built-in equivalent, or `""`.
        aliases: Other accepted names for `get()`.
        trainable: Whether the layer has trainable weights.
    """

    name: str
    family: str
    function: Callable[..., Any] | None
    layer: type[keras.layers.Layer]
    formula: str
    reference: str = ""
    torch: str = ""
    jax: str = ""
    keras: str = ""
    aliases: tuple[str, ...] = ()
    trainable: bool = False
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (callables replaced by their names)."""
        return {
            "name": self.name,
            "family": self.family,
            "function": f"keras_acts.{self.function.__name__}" if self.function else None,
            "layer": f"keras_acts.layers.{self.layer.__name__}",
            "params": {k: (None if v is REQUIRED else v) for k, v in self.params.items()},
            "formula": self.formula,
            "reference": self.reference,
            "torch": self.torch,
            "jax": self.jax,
            "keras": self.keras,
            "aliases": list(self.aliases),
            "trainable": self.trainable,
        }


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


def signature_params(callable_: Callable[..., Any], skip: int) -> dict[str, Any]:
    """Keyword parameters of `callable_` after the first `skip`, with their defaults."""
    out = {}
    for i, p in enumerate(inspect.signature(callable_).parameters.values()):
        if i < skip or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        out[p.name] = REQUIRED if p.default is p.empty else p.default
    return out


_ENTRIES: list[ActivationInfo] = []


def register(info: ActivationInfo) -> ActivationInfo:
    """Adds an entry; its `params` are read from the function's signature (the layer's
    for trainable activations, whose function takes the weights as tensors)."""
    if info.function is not None and not info.trainable:
        params = signature_params(info.function, skip=1)
    else:
        params = signature_params(info.layer.__init__, skip=1)
    info = ActivationInfo(**{**info.__dict__, "params": params})
    _ENTRIES.append(info)
    return info


def _add(name, family, layer, formula, reference="", torch="", jax="", keras="", aliases=(), trainable=False):
    register(
        ActivationInfo(
            name=name,
            family=family,
            function=getattr(fn, name),
            layer=layer,
            formula=formula,
            reference=reference,
            torch=torch,
            jax=jax,
            keras=keras,
            aliases=tuple(aliases),
            trainable=trainable,
        )
    )


# fmt: off
_add("relu", "rectifier", layers.ReLU, r"\max(x, 0)",
     "Nair & Hinton 2010, https://www.cs.toronto.edu/~fritz/absps/reluICML.pdf",
     "torch.relu", "jax.nn.relu", "keras.activations.relu")
_add("relu6", "rectifier", layers.ReLU6, r"\min(\max(x, 0), 6)",
     "Krizhevsky 2010, http://www.cs.utoronto.ca/~kriz/conv-cifar10-aug2010.pdf",
     "torch.nn.functional.relu6", "jax.nn.relu6", "keras.activations.relu6")
_add("leaky_relu", "rectifier", layers.LeakyReLU,
     r"\begin{cases} x & x > 0 \\ \text{negative\_slope}\, x & x \le 0 \end{cases}",
     "Maas et al. 2013, https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
     "torch.nn.functional.leaky_relu", "jax.nn.leaky_relu", "keras.activations.leaky_relu",
     aliases=("leakyrelu",))
_add("threshold", "rectifier", layers.Threshold,
     r"\begin{cases} x & x > \text{threshold} \\ \text{value} & \text{otherwise} \end{cases}",
     "", "torch.nn.functional.threshold")
_add("hard_tanh", "rectifier", layers.HardTanh,
     r"\min(\max(x, \text{min\_val}), \text{max\_val})",
     "Collobert 2004, https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf",
     "torch.nn.functional.hardtanh", "jax.nn.hard_tanh", "keras.activations.hard_tanh",
     aliases=("hardtanh",))
_add("hard_sigmoid", "rectifier", layers.HardSigmoid,
     r"\min(\max(\alpha x + \beta, 0), 1)",
     "Courbariaux et al. 2015, https://arxiv.org/abs/1511.00363",
     "torch.nn.functional.hardsigmoid", "jax.nn.hard_sigmoid", "keras.activations.hard_sigmoid",
     aliases=("hardsigmoid",))
_add("hard_swish", "rectifier", layers.HardSwish, r"x \cdot \frac{\min(\max(x + 3, 0), 6)}{6}",
     "Howard et al. 2019, https://arxiv.org/abs/1905.02244",
     "torch.nn.functional.hardswish", "jax.nn.hard_swish", "keras.activations.hard_silu",
     aliases=("hardswish", "hard_silu", "hardsilu"))
_add("hard_shrink", "rectifier", layers.HardShrink,
     r"\begin{cases} x & |x| > \lambda \\ 0 & \text{otherwise} \end{cases}",
     "", "torch.nn.functional.hardshrink", "", "keras.activations.hard_shrink",
     aliases=("hardshrink",))
_add("soft_shrink", "rectifier", layers.SoftShrink,
     r"\operatorname{sign}(x) \max(|x| - \lambda, 0)",
     "", "torch.nn.functional.softshrink", "", "keras.activations.soft_shrink",
     aliases=("softshrink",))
_add("sigmoid", "smooth", layers.Sigmoid, r"\frac{1}{1 + e^{-x}}", "",
     "torch.sigmoid", "jax.nn.sigmoid", "keras.activations.sigmoid", aliases=("logistic",))
_add("tanh", "smooth", layers.Tanh, r"\tanh(x)", "", "torch.tanh", "jax.numpy.tanh",
     "keras.activations.tanh")
_add("softsign", "smooth", layers.Softsign, r"\frac{x}{1 + |x|}",
     "Bergstra et al. 2009", "torch.nn.functional.softsign", "jax.nn.soft_sign",
     "keras.activations.softsign", aliases=("soft_sign",))
_add("log_sigmoid", "smooth", layers.LogSigmoid, r"-\log(1 + e^{-x})", "",
     "torch.nn.functional.logsigmoid", "jax.nn.log_sigmoid", "keras.activations.log_sigmoid",
     aliases=("logsigmoid",))
_add("tanh_shrink", "smooth", layers.TanhShrink, r"x - \tanh(x)", "",
     "torch.nn.functional.tanhshrink", "", "keras.activations.tanh_shrink",
     aliases=("tanhshrink",))
_add("softplus", "smooth", layers.Softplus,
     r"\begin{cases} x & \beta x > \text{threshold} \\ \frac{1}{\beta}\log(1 + e^{\beta x}) & \text{otherwise} \end{cases}",
     "Dugas et al. 2001", "torch.nn.functional.softplus", "jax.nn.softplus",
     "keras.activations.softplus")
_add("elu", "smooth", layers.ELU,
     r"\begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}",
     "Clevert et al. 2016, https://arxiv.org/abs/1511.07289",
     "torch.nn.functional.elu", "jax.nn.elu", "keras.activations.elu")
_add("selu", "smooth", layers.SELU,
     r"\lambda \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}",
     "Klambauer et al. 2017, https://arxiv.org/abs/1706.02515",
     "torch.nn.functional.selu", "jax.nn.selu", "keras.activations.selu")
_add("celu", "smooth", layers.CELU,
     r"\max(0, x) + \min(0, \alpha (e^{x / \alpha} - 1))",
     "Barron 2017, https://arxiv.org/abs/1704.07483",
     "torch.nn.functional.celu", "jax.nn.celu", "keras.activations.celu")
_add("gelu", "smooth", layers.GELU,
     r"x \, \Phi(x) = \frac{x}{2} \operatorname{erfc}\left(-\frac{x}{\sqrt{2}}\right)",
     "Hendrycks & Gimpel 2016, https://arxiv.org/abs/1606.08415",
     "torch.nn.functional.gelu", "jax.nn.gelu", "keras.activations.gelu")
_add("silu", "smooth", layers.SiLU, r"x \, \sigma(x)",
     "Elfwing et al. 2017, https://arxiv.org/abs/1702.03118",
     "torch.nn.functional.silu", "jax.nn.silu", "keras.activations.silu")
_add("mish", "smooth", layers.Mish, r"x \tanh(\log(1 + e^x))",
     "Misra 2019, https://arxiv.org/abs/1908.08681",
     "torch.nn.functional.mish", "", "keras.activations.mish")
_add("lisht", "smooth", layers.LiSHT, r"x \tanh(x)",
     "Roy et al. 2019, https://arxiv.org/abs/1901.05894")
_add("squareplus", "smooth", layers.Squareplus, r"\frac{x + \sqrt{x^2 + b}}{2}",
     "Barron 2021, https://arxiv.org/abs/2112.11687",
     "", "jax.nn.squareplus", "keras.activations.squareplus")
_add("softmax", "normalizer", layers.Softmax, r"\frac{e^{x_i}}{\sum_j e^{x_j}}",
     "Bridle 1990", "torch.softmax", "jax.nn.softmax", "keras.activations.softmax")
_add("log_softmax", "normalizer", layers.LogSoftmax, r"x_i - \log \sum_j e^{x_j}", "",
     "torch.log_softmax", "jax.nn.log_softmax", "keras.activations.log_softmax",
     aliases=("logsoftmax",))
_add("softmin", "normalizer", layers.Softmin, r"\frac{e^{-x_i}}{\sum_j e^{-x_j}}", "",
     "torch.nn.functional.softmin")
_add("glu", "normalizer", layers.GLU,
     r"a \otimes \sigma(b), \quad (a, b) = \operatorname{split}(x, 2)",
     "Dauphin et al. 2017, https://arxiv.org/abs/1612.08083",
     "torch.nn.functional.glu", "jax.nn.glu", "keras.activations.glu")
_add("sparsemax", "normalizer", layers.Sparsemax,
     r"\operatorname{argmin}_{p \in \Delta} \lVert p - x \rVert^2",
     "Martins & Astudillo 2016, https://arxiv.org/abs/1602.02068")
_add("prelu", "trainable", layers.PReLU,
     r"\begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \ \alpha \text{ learned}",
     "He et al. 2015, https://arxiv.org/abs/1502.01852",
     "torch.nn.functional.prelu / torch.nn.PReLU", "", "keras.layers.PReLU", trainable=True)
_add("swish", "trainable", layers.Swish, r"x \, \sigma(\beta x), \ \beta \text{ learned}",
     "Ramachandran et al. 2017, https://arxiv.org/abs/1710.05941",
     "torch.nn.functional.silu (beta=1)", "jax.nn.swish (beta=1)", "keras.activations.swish (beta=1)",
     aliases=("swish_beta",), trainable=True)
_add("snake", "trainable", layers.Snake,
     r"x + \frac{\sin^2(\alpha x)}{\alpha}, \ \alpha \text{ learned}",
     "Ziyin et al. 2020, https://arxiv.org/abs/2006.08195", trainable=True)
_add("rrelu", "stochastic", layers.RReLU,
     r"\begin{cases} x & x \ge 0 \\ a x & x < 0 \end{cases}, \ a \sim U(\text{lower}, \text{upper})",
     "Xu et al. 2015, https://arxiv.org/abs/1505.00853", "torch.nn.functional.rrelu")
_add("gumbel_softmax", "stochastic", layers.GumbelSoftmax,
     r"\operatorname{softmax}\left(\frac{x + g}{\tau}\right), \ g \sim \text{Gumbel}(0, 1)",
     "Jang et al. 2017, https://arxiv.org/abs/1611.01144",
     "torch.nn.functional.gumbel_softmax", aliases=("gumbelsoftmax", "concrete"))
# fmt: on

# Learnable activations from the literature: layer-only entries (their functions take the
# weights as tensors and live in `keras_acts.activations.learnable`), except Maxout.
# fmt: off
for _info in (
    ActivationInfo(
        name="pelu", family="learnable", function=None, layer=layers.PELU, trainable=True,
        formula=r"\begin{cases} \frac{a}{b} x & x \ge 0 \\ a \left(e^{x / b} - 1\right) & x < 0 \end{cases}, \ a, b > 0 \text{ learned}",
        reference="Trottier et al. 2017, https://arxiv.org/abs/1605.09332"),
    ActivationInfo(
        name="srelu", family="learnable", function=None, layer=layers.SReLU, trainable=True,
        formula=r"\begin{cases} t_r + a_r (x - t_r) & x \ge t_r \\ x & t_l < x < t_r \\ t_l + a_l (x - t_l) & x \le t_l \end{cases}, \ t_l, a_l, t_r, a_r \text{ learned}",
        reference="Jin et al. 2016, https://arxiv.org/abs/1512.07030",
        aliases=("s_relu",)),
    ActivationInfo(
        name="apl", family="learnable", function=None, layer=layers.APL, trainable=True,
        formula=r"\max(0, x) + \sum_{s=1}^{S} a_s \max(0, -x + b_s), \ a_s, b_s \text{ learned}",
        reference="Agostinelli et al. 2014, https://arxiv.org/abs/1412.6830",
        aliases=("adaptive_piecewise_linear",)),
    ActivationInfo(
        name="acon_c", family="learnable", function=None, layer=layers.AconC, trainable=True,
        formula=r"(p_1 - p_2) x \, \sigma\left(\beta (p_1 - p_2) x\right) + p_2 x, \ p_1, p_2, \beta \text{ learned}",
        reference="Ma et al. 2021, https://arxiv.org/abs/2009.04759"),
    ActivationInfo(
        name="meta_acon_c", family="learnable", function=None, layer=layers.MetaAconC, trainable=True,
        formula=r"(p_1 - p_2) x \, \sigma\left(\beta(x) (p_1 - p_2) x\right) + p_2 x, \ \beta(x) = \sigma\left(W_2 (W_1 \bar{x} + c_1) + c_2\right)",
        reference="Ma et al. 2021, https://arxiv.org/abs/2009.04759"),
    ActivationInfo(
        name="rational", family="learnable", function=None, layer=layers.Rational, trainable=True,
        formula=r"\frac{\sum_{k=0}^{n} a_k x^k}{1 + \sum_{j=1}^{m} |b_j x^j|} \ \text{(version A)}, \ a_k, b_j \text{ learned}",
        reference="Molina et al. 2020, https://arxiv.org/abs/1907.06732",
        aliases=("pau", "pade")),
    ActivationInfo(
        name="maxout", family="learnable", function=fn.maxout, layer=layers.Maxout,
        formula=r"\max_{0 \le j < k} x_{i k + j}, \ k = \frac{\text{size}}{\text{num\_units}}",
        reference="Goodfellow et al. 2013, https://arxiv.org/abs/1302.4389",
        torch="", jax="", keras=""),
):
    register(_info)
del _info
# fmt: on


def catalog() -> list[ActivationInfo]:
    """Every activation in keras-acts, with its family, parameters and defaults, formula
    (LaTeX), paper and the PyTorch / JAX / Keras equivalent where one exists."""
    return list(_ENTRIES)


def _lookup_table() -> dict[str, ActivationInfo]:
    table: dict[str, ActivationInfo] = {}
    for info in _ENTRIES:
        for key in (info.name, *info.aliases, info.layer.__name__):
            table[key.lower()] = info
    return table


def get(identifier: Any) -> Callable[..., Any]:
    """Returns the activation callable for `identifier`.

    Args:
        identifier: A name or alias (`"hard_tanh"`, `"hardtanh"`, `"HardTanh"`): the
            function with its default parameters; a config dict as written by
            `keras.saving.serialize_keras_object` (e.g. of a `HardTanh(min_val=-2.0)`
            layer): the deserialized object; a callable: returned as it is; `None`:
            the identity (`keras.activations.linear`), as in `keras.activations.get`.

    Returns:
        A callable taking a tensor.

    Raises:
        ValueError: for an unknown name (the message lists close matches) or an
            identifier of another type.
    """
    if identifier is None:
        return keras.activations.linear
    if isinstance(identifier, str):
        table = _lookup_table()
        info = table.get(identifier.lower())
        if info is None:
            close = difflib.get_close_matches(identifier.lower(), list(table), n=5, cutoff=0.6)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise ValueError(
                f"Unknown activation: identifier={identifier!r}.{hint} "
                "See keras_acts.catalog() for every name."
            )
        if info.function is not None:
            return info.function
        return info.layer()
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret activation identifier: expected a name, a config dict or a "
        f"callable. Received: identifier={identifier!r}"
    )
