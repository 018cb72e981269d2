"""AUC, GAUC, log loss, and how well a model's attention matches the world's true relevance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from scipy.stats import spearmanr
from sklearn.metrics import log_loss, roc_auc_score

from .data import Dataset, Split
from .models import Output, SequenceModel


def auc(labels, scores) -> float:
    labels = np.asarray(labels)
    if len(np.unique(labels)) < 2:
        return float("nan")
    return float(roc_auc_score(labels, scores))


def gauc(users, labels, scores) -> float:
    """Impression-weighted mean of per-user AUC, over users with both clicks and non-clicks (DIN paper).

    Each user's AUC is the Mann-Whitney statistic from within-user average ranks (ties
    count half, as in sklearn), all users at once rather than one sklearn call each."""
    df = pd.DataFrame({"u": np.asarray(users), "y": np.asarray(labels, dtype=float),
                       "s": np.asarray(scores)})
    df["rank_if_pos"] = df.groupby("u")["s"].rank() * df["y"]
    g = df.groupby("u").agg(n=("y", "size"), pos=("y", "sum"), rank_sum=("rank_if_pos", "sum"))
    g = g[(g["pos"] > 0) & (g["pos"] < g["n"])]
    if g.empty:
        return float("nan")
    per_user = (g["rank_sum"] - g["pos"] * (g["pos"] + 1) / 2) / (g["pos"] * (g["n"] - g["pos"]))
    return float((per_user * g["n"]).sum() / g["n"].sum())


def logloss(labels, probs) -> float:
    return float(log_loss(np.asarray(labels), np.clip(np.asarray(probs), 1e-7, 1 - 1e-7),
                          labels=[0, 1]))


@torch.no_grad()
def predict(model: SequenceModel, dataset: Dataset, split: Split, batch_size: int = 4096,
            limit: int | None = None) -> list[Output]:
    model.eval()
    n = len(split) if limit is None else min(limit, len(split))
    outs = []
    for i in range(0, n, batch_size):
        idx = torch.arange(i, min(i + batch_size, n), device=dataset.device)
        batch, _ = split.take(idx)
        outs.append(model(batch, dataset.history))
    return outs


def predict_proba(model: SequenceModel, dataset: Dataset, split: Split) -> np.ndarray:
    """[n] predicted click probability of every impression of the split."""
    logits = torch.cat([o.logit for o in predict(model, dataset, split)]).float().cpu().numpy()
    return 1 / (1 + np.exp(-logits))


def evaluate(model: SequenceModel, dataset: Dataset, name: str = "test",
             corr_impressions: int = 2000) -> dict:
    split = dataset[name]
    probs = predict_proba(model, dataset, split)
    y = split.label.cpu().numpy()
    out = {"auc": auc(y, probs), "gauc": gauc(split.batch.user.cpu().numpy(), y, probs),
           "logloss": logloss(y, probs), "oracle_auc": None, "attention_truth_corr": None}
    if split.true_prob is not None:
        out["oracle_auc"] = auc(y, split.true_prob)
    if dataset.world.has_truth:
        out["attention_truth_corr"] = attention_truth_corr(model, dataset, split, corr_impressions)
    return out


def true_relevance(dataset: Dataset, batch, positions: torch.Tensor) -> np.ndarray:
    """The world's relevance of each event read ([B, L]) to the batch's candidates; 0 at padding."""
    history = dataset.history
    safe = positions.clamp(min=0)
    items = torch.where(positions >= 0, history.item[safe], 0).cpu().numpy()
    times = history.ts[safe].cpu().numpy()
    return dataset.world.truth.relevance(batch.item.cpu().numpy(), batch.time.cpu().numpy(),
                                         items, times)


def attention_truth_corr(model: SequenceModel, dataset: Dataset, split: Split,
                         limit: int = 2000) -> float | None:
    """Spearman correlation of attention weights with true relevance, over every
    (impression, event read) pair of the first `limit` impressions of the split.

    The events read are LastN for DIN and the selected K for SIM; padding is left
    out. None for models with no attention (AvgPool's weights are uniform)."""
    if not hasattr(model, "attention"):
        return None
    weights, truth = [], []
    for i, out in enumerate(predict(model, dataset, split, batch_size=1024, limit=limit)):
        idx = torch.arange(i * 1024, i * 1024 + len(out.logit), device=dataset.device)
        batch, _ = split.take(idx)
        mask = out.mask.cpu().numpy()
        weights.append(out.weights.float().cpu().numpy()[mask])
        truth.append(true_relevance(dataset, batch, out.positions)[mask])
    weights, truth = np.concatenate(weights), np.concatenate(truth)
    if len(weights) < 3 or np.ptp(truth) == 0 or np.ptp(weights) == 0:
        return None
    return float(spearmanr(weights, truth).statistic)
