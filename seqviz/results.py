"""One trained model's test result, and how it was trained: what the Model Lab lists and charts.

Frozen and built from hashable values only, so a tuple of results keys a shared figure as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .models import ModelConfig


class Recipe(NamedTuple):
    """How a model was trained: its epoch cap and training seed (train() always keeps the epoch with
    the best validation AUC and stops after one worse epoch, so nothing else varies)."""

    max_epochs: int
    seed: int


# how the shipped weights were trained (`python -m seqviz sample`, sample.build_sample)
SHIPPED_RECIPE = Recipe(3, 0)


@dataclass(frozen=True)
class EpochPoint:
    """One epoch of a learning curve."""

    epoch: int
    train_loss: float
    valid_auc: float


def learning_curve(curve: list[dict]) -> tuple[EpochPoint, ...]:
    """train()'s curve (a dict per epoch) as EpochPoints."""
    return tuple(EpochPoint(point["epoch"], point["train_loss"], point["valid_auc"]) for point in curve)


@dataclass(frozen=True)
class Result:
    """Test metrics (`metrics.evaluate`), the 95% intervals of the AUC (`metrics.auc_uncertainty`) and
    of the oracle's (`metrics.oracle_interval`), and the recipe; `source` is "lab" or "shipped"."""

    config: ModelConfig
    source: str
    max_epochs: int
    seed: int
    epochs: int  # epochs run before early stopping
    auc: float
    auc_lo: float | None
    auc_hi: float | None
    gauc: float
    logloss: float
    oracle_auc: float | None
    oracle_lo: float | None
    oracle_hi: float | None
    n_test: int
    n_test_clicks: int
    train_seconds: float | None
    curve: tuple[EpochPoint, ...] = ()
    trained_on: str | None = None  # the arithmetic that trained it (`numerics.fingerprint`), if recorded

    @classmethod
    def scored(cls, cfg: ModelConfig, metrics: dict, uncertainty: dict, oracle_uncertainty: tuple | None,
               recipe: Recipe, epochs: int, seconds: float | None, source: str,
               curve: tuple[EpochPoint, ...] = (), trained_on: str | None = None) -> Result:
        auc_lo, auc_hi = uncertainty["auc_interval"] or (None, None)
        oracle_lo, oracle_hi = oracle_uncertainty or (None, None)
        return cls(cfg, source, recipe.max_epochs, recipe.seed, epochs, metrics["auc"], auc_lo, auc_hi,
                   metrics["gauc"], metrics["logloss"], metrics.get("oracle_auc"), oracle_lo, oracle_hi,
                   uncertainty["n_impressions"], uncertainty["n_clicks"], seconds, curve, trained_on)

    @classmethod
    def shipped(cls, cfg: ModelConfig, extra: dict, uncertainty: dict,
                oracle_uncertainty: tuple | None) -> Result:
        """The result of a shipped model, from the metrics saved beside its weights."""
        return cls.scored(cfg, extra["metrics"], uncertainty, oracle_uncertainty, SHIPPED_RECIPE,
                          len(extra.get("curve", [])), extra.get("train_seconds"), "shipped",
                          trained_on=extra.get("numerics"))

    @property
    def model(self) -> str:
        return self.config.model

    @property
    def n(self) -> int | None:
        """The LastN window; None for SIM, which searches the whole history."""
        return None if self.config.model.startswith("sim") else self.config.lastn

    @property
    def oracle_gap(self) -> float | None:
        return None if self.oracle_auc is None else self.oracle_auc - self.auc

    @property
    def recipe(self) -> Recipe:
        return Recipe(self.max_epochs, self.seed)

    @property
    def has_interval(self) -> bool:
        return self.auc_lo is not None and self.auc_hi is not None

    @property
    def metrics(self) -> dict:
        """The test metrics as lesson pages read a shipped model's saved ones."""
        return {"auc": self.auc, "gauc": self.gauc, "logloss": self.logloss, "oracle_auc": self.oracle_auc}
