"""The models, one module per idea, and one place that builds them from settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .attention import SCORERS, TargetAttention
from .avgpool import AvgPool
from .base import Batch, Output, SequenceModel
from .din import DIN
from .sdim import SDIM
from .sim import SEARCHES, SIM

MODELS = ("avg", "din", "sim-hard", "sim-soft", "sim-twin", "sim-sdim")


@dataclass(frozen=True)
class ModelConfig:
    """Everything that defines a model; hashable, so it can key a cache."""

    model: str = "din"
    lastn: int = 50
    k: int = 50
    time: bool = True
    scorer: str = "unit"
    softmax: bool = False
    dim: int = 16
    act: str = "prelu"

    def label(self) -> str:
        if self.model == "avg":
            return f"AvgPool (N={self.lastn})"
        softmax = ", softmax" if self.softmax else ""
        if self.model == "din":
            return f"DIN (N={self.lastn}, {self.scorer}{softmax})"
        return f"SIM-{self.model[4:]} (K={self.k}{', time' if self.time else ''}{softmax})"

    def to_dict(self) -> dict:
        return asdict(self)


def build_model(cfg: ModelConfig, n_items: int) -> SequenceModel:
    if cfg.model not in MODELS:
        raise ValueError(f"unknown model {cfg.model!r}: choose one of {', '.join(MODELS)}")
    common = dict(dim=cfg.dim, act=cfg.act)
    if cfg.model == "avg":
        return AvgPool(n_items, lastn=cfg.lastn, **common)
    if cfg.model == "din":
        return DIN(n_items, lastn=cfg.lastn, scorer=cfg.scorer, softmax=cfg.softmax, **common)
    if cfg.model == "sim-sdim":  # its kernel is its attention: no scorer, no softmax
        return SDIM(n_items, k=cfg.k, time=cfg.time, **common)
    return SIM(n_items, k=cfg.k, search=cfg.model[4:], time=cfg.time, scorer=cfg.scorer,
               softmax=cfg.softmax, **common)


__all__ = ["MODELS", "SCORERS", "SEARCHES", "AvgPool", "Batch", "DIN", "ModelConfig", "Output",
           "SDIM", "SIM", "SequenceModel", "TargetAttention", "build_model"]
