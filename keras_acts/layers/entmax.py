"""The entmax layers: `Entmax15` and `EntmaxBisect` (stateless, `keras_acts.entmax15` and
`keras_acts.entmax_bisect`), and `Entmax`, whose alpha can be learned (Correia et al.
2019, "Adaptively Sparse Transformers")."""

from __future__ import annotations

import math
from typing import Any

import keras
from keras import ops

from keras_acts import _validate
from keras_acts._catalog import layer_activation
from keras_acts.activations import entmax as fn
from keras_acts.layers._base import ActivationLayer, BaseLayer
from keras_acts.layers.normalizers import MaskedNormalizer


class Entmax15(MaskedNormalizer, ActivationLayer):
    """Takes `mask=` with `keras.layers.Softmax`'s semantics (masked positions get 0).

    Layer equivalent: `entmax.Entmax15(dim=axis)` of the entmax package (PyTorch).
    """

    function = staticmethod(fn.entmax15)


class EntmaxBisect(MaskedNormalizer, ActivationLayer):
    """Takes `mask=` with `keras.layers.Softmax`'s semantics (masked positions get 0).
    For a learned alpha, `keras_acts.layers.Entmax(learn_alpha=True)`.

    Layer equivalent: `entmax.EntmaxBisect(alpha, dim=axis, n_iter)` of the entmax package
    (PyTorch).
    """

    function = staticmethod(fn.entmax_bisect)


@layer_activation(
    name="entmax",
    family="learnable",
    formula=r"\operatorname{entmax}_\alpha(x), \ \alpha = 1 + \sigma(a), \ a \text{ learned}",
    reference="Correia, Niculae & Martins 2019, https://arxiv.org/abs/1909.00015",
)
@keras.saving.register_keras_serializable(package="keras_acts")
class Entmax(MaskedNormalizer, BaseLayer):
    """alpha-entmax along `axis` with a fixed or a learned `alpha`.

    Formula:
    ```
    entmax(x)_i = [(alpha - 1) x_i - tau(x)]_+ ** (1 / (alpha - 1)),  sum_i entmax(x)_i = 1
    alpha = 1 + sigmoid(a)        (learn_alpha=True: `a` is the weight `alpha_logit`)
    ```

    `learn_alpha=False`: `keras_acts.entmax_bisect(x, alpha, axis, n_iter)` with the
    given alpha, no weight. `learn_alpha=True`: alpha is learned as in Correia et al.
    2019, kept in `(1, 2)` by the paper's parametrisation `alpha = 1 + sigmoid(a)` (from
    softmax-like to sparsemax); `a` is one scalar weight, `alpha_logit`, initialised so
    that alpha starts at `alpha` (which must then lie in `(1, 2)`). The gradient with
    respect to alpha is the paper's closed form. `layer.current_alpha()` is the alpha in
    use. Takes `mask=` with `keras.layers.Softmax`'s semantics (masked positions get 0).

    Args:
        alpha: Float > 1 (in `(1, 2)` when learned), the fixed or initial alpha.
            Defaults to `1.5`.
        learn_alpha: Bool, whether alpha is a trainable weight. Defaults to `False`.
        axis: Integer, the axis to normalise. Defaults to `-1`.
        n_iter: Integer in `[1, 1000]`, the bisection steps. Defaults to `50`.
        **kwargs: Base layer keyword arguments.

    Reference:
        - [Correia, Niculae & Martins, 2019](https://arxiv.org/abs/1909.00015)
        - [Peters, Niculae & Martins, 2019](https://arxiv.org/abs/1905.05702)

    Equivalents: the entmax package's `EntmaxAlpha` (PyTorch; learns one alpha per head,
    clamped to `[1.01, 2]` rather than parametrised); `entmax.EntmaxBisect` for a fixed
    alpha.
    """

    def __init__(
        self,
        alpha: float = 1.5,
        learn_alpha: bool = False,
        axis: int = -1,
        n_iter: int = 50,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        fn.entmax_bisect.declaration.validate(alpha=alpha, axis=axis, n_iter=n_iter)
        _validate.boolean("learn_alpha", learn_alpha)
        if learn_alpha and not 1.0 < alpha < 2.0:
            raise ValueError(
                "Argument `alpha` must be in (1, 2) when `learn_alpha=True` (alpha = 1 + "
                f"sigmoid(a)). Received: alpha={alpha!r}"
            )
        self.alpha = alpha
        self.learn_alpha = learn_alpha
        self.axis = axis
        self.n_iter = n_iter
        self.alpha_logit = None

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        if self.learn_alpha:
            p = self.alpha - 1.0
            self.alpha_logit = self.add_weight(
                name="alpha_logit",
                shape=(),
                initializer=keras.initializers.Constant(math.log(p / (1.0 - p))),
            )
        self.built = True

    def current_alpha(self) -> Any:
        """The alpha in use: `1 + sigmoid(alpha_logit)` when learned, else `alpha`."""
        if self.alpha_logit is None:
            return self.alpha
        return 1.0 + ops.sigmoid(ops.convert_to_tensor(self.alpha_logit))

    def _entmax(self, inputs: Any) -> Any:
        return fn.entmax_bisect(inputs, alpha=self.current_alpha(), axis=self.axis, n_iter=self.n_iter)

    def call(self, inputs: Any, mask: Any = None) -> Any:
        return self.masked_call(inputs, mask, self._entmax)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "alpha": self.alpha,
            "learn_alpha": self.learn_alpha,
            "axis": self.axis,
            "n_iter": self.n_iter,
        }
