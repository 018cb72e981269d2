"""AUC, GAUC, log loss, and how well a model's attention matches the world's true relevance."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from .data import Dataset, Split
from .history import bucket_table
from .models import Batch, Output, SequenceModel
from .models.sdim import collision_chance
from .world import DAY


# AUC and log loss in numpy, as sklearn computes them (tests compare): importing sklearn.metrics
# took 0.8 s of each Lab worker's 2 s start, on a 2-core machine where two workers start at once
def auc(labels, scores) -> float:
    """The Mann-Whitney statistic over average ranks (tied scores count half); NaN with one class."""
    y = np.asarray(labels, dtype=float)
    positives = y.sum()
    negatives = len(y) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    scores = np.asarray(scores)
    order = np.argsort(scores, kind="stable")
    _, first, runs = np.unique(scores[order], return_index=True, return_counts=True)
    ranks = np.repeat(first + (runs + 1) / 2, runs)  # 1-based, the mean rank of each run of ties
    return float(((ranks * y[order]).sum() - positives * (positives + 1) / 2) / (positives * negatives))


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
    y, p = np.asarray(labels, dtype=float), np.clip(np.asarray(probs, dtype=float), 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


@torch.no_grad()
def predict(model: SequenceModel, dataset: Dataset, split: Split, batch_size: int = 4096) -> list[Output]:
    model.eval()
    return [model(batch, dataset.history) for batch in split.chunks(batch_size)]


def predict_proba(model: SequenceModel, dataset: Dataset, split: Split) -> np.ndarray:
    """[n] predicted click probability of every impression of the split (none for an empty one)."""
    if not len(split):
        return np.zeros(0)
    logits = torch.cat([o.logit for o in predict(model, dataset, split)]).float().cpu().numpy()
    return 1 / (1 + np.exp(-logits))


# The truth metrics read one fixed sample of test impressions, the same for every model.
TRUTH_SAMPLE = 2000
TRUTH_SAMPLE_SEED = 0
# fewer qualifying impressions than this and a median contrast says little: report none
CONTRAST_MIN_IMPRESSIONS = 100
# an angle bin needs this many (candidate, event) pairs before SDIM's collision rate is judged
KERNEL_MIN_PAIRS = 100
# a time bucket needs this many selected events before its mean effect is compared with the truth
BUCKET_MIN_EVENTS = 50


def truth_sample(split: Split, size: int = TRUTH_SAMPLE, seed: int = TRUTH_SAMPLE_SEED) -> torch.Tensor:
    """Row indices of the split's fixed-seed sample of impressions (all of them if fewer), sorted."""
    n = len(split)
    if n <= size:
        return torch.arange(n, device=split.label.device)
    rows = np.sort(np.random.default_rng(seed).choice(n, size, replace=False))
    return torch.as_tensor(rows, device=split.label.device)


@dataclass
class Reads:
    """What a model read for a set of impressions: batch, Output, and the truth of each event."""

    batch: Batch
    out: Output
    relevance: np.ndarray  # [B, L] true relevance, 0 at padding; NaN for a world without truth
    age_days: np.ndarray  # [B, L] candidate time minus event time


@torch.no_grad()
def read_sample(model: SequenceModel, dataset: Dataset, split: Split, size: int = TRUTH_SAMPLE,
                batch_size: int = 1024) -> list[Reads]:
    """What the model reads for the split's fixed sample of impressions (`truth_sample`)."""
    model.eval()
    reads = []
    for batch in split.chunks(batch_size, truth_sample(split, size)):
        out = model(batch, dataset.history)
        ts = dataset.history.ts[out.positions.clamp(min=0)].cpu().numpy()
        age = (batch.time.cpu().numpy()[:, None] - ts) / DAY
        relevance = (true_relevance(dataset, batch, out.positions) if dataset.world.has_truth
                     else np.full(age.shape, np.nan))
        reads.append(Reads(batch, out, relevance, age))
    return reads


def prediction_metrics(model: SequenceModel, dataset: Dataset, name: str = "test",
                       probs: np.ndarray | None = None) -> dict:
    """What the predictions alone score: AUC, GAUC, log loss, and the oracle's AUC on the same split
    (what a Lab result keeps; `evaluate` adds what the attention and the search show against the
    truth, 2 s more for SIM on the sample world). probs: predict_proba's, when the caller has them."""
    split = dataset[name]
    probs = predict_proba(model, dataset, split) if probs is None else probs
    y = split.label.cpu().numpy()
    oracle = None if split.true_prob is None else auc(y, split.true_prob)
    return {"auc": auc(y, probs), "gauc": gauc(split.batch.user.cpu().numpy(), y, probs),
            "logloss": logloss(y, probs), "oracle_auc": oracle}


def evaluate(model: SequenceModel, dataset: Dataset, name: str = "test",
             sample: int = TRUTH_SAMPLE, probs: np.ndarray | None = None) -> dict:
    """prediction_metrics, and what the model's attention and search show against the world's truth.
    probs: predict_proba's for the split, when the caller has them already."""
    split = dataset[name]
    out = {**prediction_metrics(model, dataset, name, probs), "attention_truth_corr": None,
           "attention_contrast": None, "attention_contrast_n": 0, "time_effect_truth_corr": None,
           "time_effect_truth_pearson": None}
    searches = hasattr(model, "search")
    if searches:
        out["search_overlap"], out["truth_recall_at_k"] = None, None
    weighs = searches or hasattr(model, "attention")  # not AvgPool: its weights are 1/N, whatever the truth
    if (dataset.world.has_truth or searches) and weighs and len(split):
        reads = read_sample(model, dataset, split, sample)
        if searches:
            out["search_overlap"], out["truth_recall_at_k"] = search_overlap(model, dataset, reads)
        if hasattr(model, "hash"):
            fit = kernel_fit(model, dataset.history, reads)
            out["kernel_fit"] = fit.to_dict("records")
            judged = fit[fit["pairs"] >= KERNEL_MIN_PAIRS]
            out["kernel_fit_max_gap"] = float((judged["measured"] - judged["formula"]).abs().max()) \
                if len(judged) else None
        if dataset.world.has_truth:
            out["attention_truth_corr"] = attention_truth_corr(reads)
            out["attention_contrast"], out["attention_contrast_n"] = attention_contrast(reads)
            if getattr(model, "time", False):
                effect = bucket_effect(model, dataset, reads)
                out["time_effect_truth_corr"] = time_effect_truth_corr(effect)
                out["time_effect_truth_pearson"] = time_effect_truth_pearson(effect)
    return out


def _kept_share(ranking: torch.Tensor, order_by: torch.Tensor, k: torch.Tensor,
                kept: torch.Tensor) -> torch.Tensor:
    """Per row: of the k[b] events ranked first by `order_by` (ties: the newest, `ranking` being newest
    first), the share that `kept` holds. ranking [B, L] positions, order_by [B, L] (-inf at padding),
    kept [B, K] positions (-1 at padding). -> [B] (NaN where k is 0)."""
    order = torch.sort(order_by, dim=1, descending=True, stable=True).indices[:, :int(k.max().item())]
    top = ranking.gather(1, order)  # [B, k_max]
    in_top = torch.arange(top.shape[1], device=top.device)[None, :] < k[:, None]
    found = ((top[:, :, None] == kept[:, None, :]) & (kept[:, None, :] >= 0)).any(-1)
    share = (found & in_top).sum(1) / k.clamp(min=1)
    return torch.where(k > 0, share, float("nan"))


def _kept(out, k: int) -> torch.Tensor:
    """The positions a search kept [B, <=K] (-1 at padding): all it read, or for a model that reads
    the whole history and weighs every event (SDIM's kernel), the K heaviest it gives any weight."""
    if out.positions.shape[1] <= k:
        return torch.where(out.mask, out.positions, -1)
    weights = out.weights.masked_fill(~out.mask | (out.weights <= 0), -math.inf)
    top = weights.topk(k, dim=1)
    return torch.where(top.values > -math.inf, out.positions.gather(1, top.indices), -1)


@torch.no_grad()
def search_overlap(model, dataset: Dataset, reads: list[Reads],
                   chunk: int = 64) -> tuple[float, float | None]:
    """For a SIM, over the reads of `read_sample`: per impression, of the min(K, history length)
    events its own ESU score ranks highest over the *whole* history (the signed score; ties: the
    newest first), the share its search kept, averaged -> search_overlap. The same share for the
    events with the highest true relevance -> truth_recall_at_k (None without truth): the one
    number comparable across searches, since each search has its own ESU."""
    history, overlaps, recalls = dataset.history, [], []
    for r in reads:
        kept = _kept(r.out, model.k)
        for start in range(0, len(r.batch), chunk):
            rows = slice(start, start + chunk)
            batch = r.batch[rows]
            positions, mask = model.read(batch, history, search="all")  # the whole history, newest first
            items, buckets = history.gather(positions, batch.time)
            scores = model.event_scores(items, buckets, batch.item)
            k = torch.clamp(mask.sum(1), max=model.k)
            overlaps.append(_kept_share(positions, scores.masked_fill(~mask, -math.inf), k, kept[rows]))
            if dataset.world.has_truth:
                relevance = torch.as_tensor(true_relevance(dataset, batch, positions), dtype=torch.float32,
                                            device=positions.device)
                recalls.append(_kept_share(positions, relevance.masked_fill(~mask, -math.inf), k, kept[rows]))
    mean = lambda parts: float(torch.cat(parts).nanmean()) if parts else None  # noqa: E731
    return mean(overlaps), mean(recalls)


@torch.no_grad()
def kernel_fit(model, history, reads: list[Reads], bin_degrees: int = 10) -> pd.DataFrame:
    """SDIM's hashing against its formula, over every (candidate, event) pair of the reads: per angle
    bin between the two search vectors, the share of hash functions that gave both one signature
    (measured) and the mean of (1 - θ/π)^τ (formula). Pairs with an all-zero vector (an item never
    seen before training) have no angle and are left out. -> lo_deg, hi_deg, pairs, measured, formula."""
    vectors = model.search_emb
    signatures = model.hash(vectors)  # [n_items + 1, m]
    parts = []
    for r in reads:
        events = history.items(r.out.positions)  # [B, L] item ids, 0 at padding
        candidates = r.batch.item[:, None].expand_as(events)
        ok = r.out.mask & (vectors[events].norm(dim=-1) > 0) & (vectors[candidates].norm(dim=-1) > 0)
        a, b = vectors[candidates[ok]], vectors[events[ok]]
        theta = torch.arccos(F.cosine_similarity(a, b, dim=-1).clamp(-1, 1))
        same = (signatures[candidates[ok]] == signatures[events[ok]]).float().mean(-1)
        parts.append(pd.DataFrame({"degrees": torch.rad2deg(theta).cpu().numpy(),
                                   "measured": same.cpu().numpy(),
                                   "formula": collision_chance(theta, model.hash.bits).cpu().numpy()}))
    pairs = pd.concat(parts, ignore_index=True)
    lo = pairs["degrees"] // bin_degrees * bin_degrees
    pairs["lo_deg"] = lo.clip(upper=180 - bin_degrees).astype(int)
    fit = pairs.groupby("lo_deg").agg(pairs=("measured", "size"), measured=("measured", "mean"),
                                      formula=("formula", "mean")).reset_index()
    fit["hi_deg"] = fit["lo_deg"] + bin_degrees
    return fit[["lo_deg", "hi_deg", "pairs", "measured", "formula"]]


def true_relevance(dataset: Dataset, batch, positions: torch.Tensor) -> np.ndarray:
    """The world's relevance of each event read ([B, L]) to the batch's candidates; 0 at padding."""
    history = dataset.history
    safe = positions.clamp(min=0)
    items = torch.where(positions >= 0, history.item[safe], 0).cpu().numpy()
    times = history.ts[safe].cpu().numpy()
    return dataset.world.truth.relevance(batch.item.cpu().numpy(), batch.time.cpu().numpy(),
                                         items, times)


def _pairs(reads: list[Reads]) -> tuple[np.ndarray, np.ndarray]:
    """Weights and true relevance of every (impression, event read) pair, padding left out."""
    masks = [r.out.mask.cpu().numpy() for r in reads]
    weights = np.concatenate([r.out.weights.float().cpu().numpy()[m]
                              for r, m in zip(reads, masks, strict=True)])
    truth = np.concatenate([r.relevance[m] for r, m in zip(reads, masks, strict=True)])
    return weights, truth


def rank_corr(a, b) -> float:
    """Spearman's correlation. scipy.stats is imported on first use: it takes 0.6 s, a third of a Lab
    worker's start, and a worker that trains AvgPool never needs it."""
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def attention_truth_corr(reads: list[Reads]) -> float | None:
    """Spearman correlation of attention weights with true relevance, pooled over every
    (impression, event read) pair of the sample: LastN for DIN, the selected K for SIM.

    None when either side is constant."""
    weights, truth = _pairs(reads)
    if len(weights) < 3 or np.ptp(truth) == 0 or np.ptp(weights) == 0:
        return None
    return rank_corr(weights, truth)


def attention_contrast(reads: list[Reads]) -> tuple[float | None, int]:
    """Median over impressions of mean(weight | relevance > 0) / mean(|weight| | relevance = 0).

    Only impressions whose events read hold both kinds, and some weight, qualify; the denominator is
    floored at 1e-6 of the impression's largest |weight|. -> (median or None below
    CONTRAST_MIN_IMPRESSIONS qualifying impressions, how many qualified)."""
    ratios = []
    for r in reads:
        w = r.out.weights.float().cpu().numpy()
        mask = r.out.mask.cpu().numpy()
        related, unrelated = mask & (r.relevance > 0), mask & (r.relevance == 0)
        both = related.any(1) & unrelated.any(1)
        if not both.any():
            continue
        w, related, unrelated, mask = w[both], related[both], unrelated[both], mask[both]
        on_related = (w * related).sum(1) / related.sum(1)
        on_unrelated = (np.abs(w) * unrelated).sum(1) / unrelated.sum(1)
        floor = 1e-6 * np.where(mask, np.abs(w), 0).max(1)
        weighed = floor > 0  # SDIM can give every event of a history weight 0: no contrast to read
        ratios.append(on_related[weighed] / np.maximum(on_unrelated, floor)[weighed])
    ratios = np.concatenate(ratios) if ratios else np.zeros(0)
    if len(ratios) < CONTRAST_MIN_IMPRESSIONS:
        return None, len(ratios)
    return float(np.median(ratios)), len(ratios)


@torch.no_grad()
def bucket_effect(model, dataset: Dataset, reads: list[Reads],
                  min_events: int = BUCKET_MIN_EVENTS) -> pd.DataFrame:
    """What a SIM with time learned about each time bucket, beside the world's decay.

    For every event the model selected, its effect is the ESU's attention score with its bucket
    as it is minus the same score with the bucket set to padding; the mean per bucket is the
    learned effect. Raises ValueError for a model without time buckets. -> one row per bucket
    holding at least `min_events` selected events:
    bucket, events, learned, true_decay (mean of the world's decay over those events, NaN
    without truth), lo_days, hi_days, mid_days."""
    if not getattr(model, "time", False):
        raise ValueError("this SIM model was trained without time buckets: it has no bucket effect")
    history, truth = dataset.history, dataset.world.truth
    parts = []
    for r in reads:
        items, buckets = history.gather(r.out.positions, r.batch.time)
        with_bucket = model.event_scores(items, buckets, r.batch.item)
        no_bucket = model.event_scores(items, torch.zeros_like(buckets), r.batch.item)
        mask = r.out.mask.cpu().numpy()
        age = np.maximum(r.age_days[mask], 0.0)
        parts.append(pd.DataFrame({
            "bucket": buckets.cpu().numpy()[mask],
            "effect": (with_bucket - no_bucket).float().cpu().numpy()[mask],
            "decay": truth.decay(age) if truth is not None else np.nan}))
    empty = pd.DataFrame({"bucket": [], "effect": [], "decay": []})
    events = pd.concat(parts, ignore_index=True) if parts else empty
    per_bucket = events.groupby("bucket").agg(events=("effect", "size"), learned=("effect", "mean"),
                                              true_decay=("decay", "mean")).reset_index()
    per_bucket = per_bucket[per_bucket["events"] >= min_events]
    return per_bucket.merge(bucket_table(), on="bucket")


def _judgeable(effect: pd.DataFrame) -> bool:
    return len(effect) >= 3 and not effect["true_decay"].isna().any() and np.ptp(effect["learned"]) > 0


def time_effect_truth_corr(effect: pd.DataFrame) -> float | None:
    """Spearman over time buckets of the learned bucket effect against the mean true decay: the order."""
    if not _judgeable(effect):
        return None
    return rank_corr(effect["learned"], effect["true_decay"])


def time_effect_truth_pearson(effect: pd.DataFrame) -> float | None:
    """Pearson over time buckets of the learned bucket effect against the mean true decay: the values,
    as the Time buckets picture shows them. A rank correlation says "learned" when the steps keep
    the order of a few large buckets but rise where the truth is flat; this one does not."""
    if not _judgeable(effect):
        return None
    from scipy.stats import pearsonr  # on first use, as in rank_corr

    return float(pearsonr(effect["learned"], effect["true_decay"]).statistic)


# The AUC's uncertainty: a bootstrap over users, the same resamples for every model of a world.
# 200 rounds: an interval's ends move by about a fifth of the AUC's standard error from one seed to
# another (a fourth decimal on the sample world), and nine shipped models cost 1.2 s, not 3 s
BOOTSTRAP_ROUNDS = 200
BOOTSTRAP_SEED = 0
# (round, impression) weights held at once, whatever the log: 4 MB per array. With 16 MB arrays a fresh
# process (a Lab worker's first model) spent 0.77 s against 0.13 s in first touching their pages; the
# rounds are drawn in the same order whatever the chunk, so the interval is the same to the last bit
BOOTSTRAP_CELLS = 500_000


def auc_interval(labels, scores, groups=None, level: float = 0.95, rounds: int = BOOTSTRAP_ROUNDS,
                 seed: int = BOOTSTRAP_SEED) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the AUC, or None when it has no AUC (one class only).

    Resamples `groups` (users) with replacement, each carrying all its impressions: one user's
    impressions share one history and are not independent, so resampling impressions one by one
    would understate the spread. Without groups every impression is its own group. A fixed seed,
    so the same test set gives the same interval, and every model of a world is judged on the
    same resamples. A round whose resample holds one class only is left out."""
    y = np.asarray(labels, dtype=float)
    if len(y) == 0 or y.min() == y.max():
        return None
    s = np.asarray(scores, dtype=float)
    order = np.argsort(s, kind="stable")
    y, s = y[order], s[order]
    ties = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])  # first row of each run of equal scores
    group = (np.arange(len(y)) if groups is None
             else np.unique(np.asarray(groups)[order], return_inverse=True)[1])
    n_groups = int(group.max()) + 1
    rng = np.random.default_rng(seed)
    chunk = max(1, BOOTSTRAP_CELLS // len(y))
    aucs = []
    for done in range(0, rounds, chunk):
        draws = rng.multinomial(n_groups, np.full(n_groups, 1 / n_groups), size=min(chunk, rounds - done))
        weight = draws[:, group].astype(float)  # [rounds, impressions]: how often each was drawn
        pos = np.add.reduceat(weight * y, ties, axis=1)
        neg = np.add.reduceat(weight * (1 - y), ties, axis=1)
        below = np.cumsum(neg, axis=1) - neg  # negatives scored strictly lower; ties count half
        pairs = pos.sum(1) * neg.sum(1)
        with np.errstate(invalid="ignore", divide="ignore"):
            aucs.append((pos * (below + 0.5 * neg)).sum(1) / pairs)
    aucs = np.concatenate(aucs)
    aucs = aucs[np.isfinite(aucs)]
    lo, hi = np.quantile(aucs, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def guess_interval_width(clicks: int, non_clicks: int) -> float:
    """How wide the 95% interval of a guessing model's AUC is on this many clicks and non-clicks
    (the Mann-Whitney statistic's variance when scores do not depend on the label). What a test set's
    size allows, whatever the model: a model whose scores are mostly tied gets a narrow bootstrap
    interval around 0.5 on any test set, however small."""
    if clicks == 0 or non_clicks == 0:
        return float("inf")
    return 2 * 1.96 * float(np.sqrt((clicks + non_clicks + 1) / (12 * clicks * non_clicks)))


def auc_uncertainty(model: SequenceModel, dataset: Dataset, name: str = "test",
                    probs: np.ndarray | None = None) -> dict:
    """What `evaluate` leaves out about a model's AUC: its 95% bootstrap interval over the split's
    users (`auc_interval`) and how much data it rests on. probs: as for `evaluate`.

    -> auc_interval ((lo, hi) or None), n_impressions, n_clicks, n_users."""
    split = dataset[name]
    y = split.label.cpu().numpy()
    users = split.batch.user.cpu().numpy()
    if probs is None:
        probs = predict_proba(model, dataset, split)
    return {"auc_interval": auc_interval(y, probs, users), "n_impressions": len(y), "n_clicks": int(y.sum()),
            "n_users": len(np.unique(users))}


def oracle_interval(dataset: Dataset, name: str = "test") -> tuple[float, float] | None:
    """The 95% bootstrap interval of the oracle's AUC (the world's true probabilities), on the same
    resamples as `auc_uncertainty`'s; None for a world without truth."""
    split = dataset[name]
    if split.true_prob is None:
        return None
    return auc_interval(split.label.cpu().numpy(), split.true_prob, split.batch.user.cpu().numpy())
