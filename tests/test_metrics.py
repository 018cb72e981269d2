"""Metrics agree with scikit-learn's definitions and with the README's."""

import math

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.metrics import log_loss, roc_auc_score

from seqviz.metrics import (
    Reads,
    attention_contrast,
    auc,
    evaluate,
    gauc,
    logloss,
    predict_proba,
    prediction_metrics,
    time_effect_truth_corr,
)
from seqviz.models import ModelConfig, Output
from seqviz.train import train


@pytest.mark.parametrize("decimals", [None, 2, 0])  # scores all distinct, many ties, two values
def test_auc_and_log_loss_are_sklearns(decimals):
    rng = np.random.default_rng(1)
    y = (rng.random(5000) < 0.15).astype(int)
    s = rng.random(5000) if decimals is None else np.round(rng.random(5000), decimals)
    assert auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert logloss(y, s) == pytest.approx(log_loss(y, np.clip(s, 1e-7, 1 - 1e-7), labels=[0, 1]), abs=1e-12)
    assert math.isnan(auc(np.ones(5), s[:5]))


def test_gauc_is_the_impression_weighted_mean_of_per_user_auc():
    rng = np.random.default_rng(0)
    users = rng.integers(0, 30, 600)
    labels = rng.integers(0, 2, 600)
    scores = np.round(rng.random(600) + 0.3 * labels, 1)  # rounded: ties must count half
    labels[users == 0] = 1  # a user with only clicks has no AUC and is left out
    total = weight = 0.0
    for u in np.unique(users):
        y, s = labels[users == u], scores[users == u]
        if 0 < y.sum() < len(y):
            total += len(y) * roc_auc_score(y, s)
            weight += len(y)
    assert np.isclose(gauc(users, labels, scores), total / weight)


def test_gauc_without_any_mixed_user_is_nan():
    assert np.isnan(gauc([0, 0, 1], [1, 1, 0], [0.2, 0.3, 0.4]))


def _reads(weights, relevance):
    """Reads of hand-made weights and truth: padding where relevance is NaN."""
    weights, relevance = np.asarray(weights, dtype=np.float32), np.asarray(relevance, dtype=float)
    mask = ~np.isnan(relevance)
    w = torch.as_tensor(np.where(mask, weights, 0))
    out = Output(torch.zeros(len(w)), w, torch.where(torch.as_tensor(mask), 0, -1), torch.as_tensor(mask),
                 torch.zeros(len(w), 2))
    return [Reads(None, out, np.nan_to_num(relevance), np.zeros(relevance.shape))]


def test_attention_contrast_is_the_median_ratio_over_impressions_with_both_kinds():
    nan = np.nan
    # related weight 3 against unrelated 1 (ratio 3), 8 against |-2| (4), 1 against 1 (1);
    # an impression with only related events and one whose padding would hide a weight do not count
    rows = [([3, 1, 1, 0], [0.5, 0, 0, nan])] * 60 + [([8, -2, 0, 0], [1, 0, nan, nan])] * 50 + \
           [([1, 1, 0, 0], [0.2, 0, nan, nan])] * 10 + [([5, 5, 0, 0], [1, 1, nan, nan])] * 30
    weights, relevance = zip(*rows, strict=True)
    contrast, n = attention_contrast(_reads(weights, relevance))
    assert n == 120 and contrast == 3.0
    # unrelated weights of exactly 0 floor the denominator at 1e-6 of the largest weight
    contrast, n = attention_contrast(_reads([[2, 0, 0]] * 100, [[1, 0, 0]] * 100))
    assert n == 100 and contrast == pytest.approx(1e6)
    # under 100 qualifying impressions a median says little
    assert attention_contrast(_reads([[2, 1]] * 99, [[1, 0]] * 99)) == (None, 99)


def test_time_effect_corr_ranks_buckets_against_the_true_decay():
    effect = pd.DataFrame({"bucket": [3, 4, 5, 6], "learned": [2.0, 1.0, 1.5, -1.0],
                           "true_decay": [3.0, 1.0, 2.0, 0.1]})
    assert time_effect_truth_corr(effect) == 1.0
    assert time_effect_truth_corr(effect.assign(learned=[-1.0, 1.5, 1.0, 2.0])) == -1.0
    assert time_effect_truth_corr(effect.head(2)) is None  # too few buckets to rank
    assert time_effect_truth_corr(effect.assign(true_decay=np.nan)) is None  # no truth


def test_kept_share_counts_the_top_k_with_ties_newest_first():
    from seqviz.metrics import _kept_share

    ranking = torch.tensor([[9, 8, 7, 6, -1], [4, 3, -1, -1, -1]])  # positions, newest first
    order_by = torch.tensor([[1.0, 2.0, 2.0, 0.5, -math.inf], [0.3, 0.1, -math.inf, -math.inf, -math.inf]])
    kept = torch.tensor([[8, 9, -1], [3, -1, -1]])
    share = _kept_share(ranking, order_by, torch.tensor([2, 0]), kept)
    assert share[0] == pytest.approx(0.5)  # top 2: 8 (2.0, newer of the tie), 7 (2.0); 8 was kept
    assert math.isnan(share[1])  # no events to rank: no share


def test_search_overlap_is_one_for_twin_and_lower_for_hard(seed7_dataset):
    from seqviz.metrics import read_sample, search_overlap
    from seqviz.models import ModelConfig, build_model

    results = {}
    for name in ("sim-twin", "sim-hard"):
        torch.manual_seed(0)
        model = build_model(ModelConfig(name, k=10), seed7_dataset.n_items).eval()
        model.prepare(seed7_dataset.history, seed7_dataset.test_start)
        reads = read_sample(model, seed7_dataset, seed7_dataset["test"], size=300)
        results[name] = search_overlap(model, seed7_dataset, reads)
    assert results["sim-twin"][0] == pytest.approx(1.0)
    assert results["sim-hard"][0] < 0.9
    assert all(0 <= recall <= 1 for _, recall in results.values())


def test_a_lab_result_scores_its_predictions_without_the_truth_metrics(seed7_dataset):
    model = train(ModelConfig("sim-hard", k=10), seed7_dataset, epochs=1).model
    split = seed7_dataset["test"]
    y, probs = split.label.numpy(), predict_proba(model, seed7_dataset, split)
    scored = prediction_metrics(model, seed7_dataset)
    assert scored == {"auc": pytest.approx(roc_auc_score(y, probs)),
                      "logloss": pytest.approx(log_loss(y, probs)),
                      "gauc": gauc(split.batch.user.numpy(), y, probs),
                      "oracle_auc": pytest.approx(roc_auc_score(y, split.true_prob))}
    full = evaluate(model, seed7_dataset)
    assert {key: full[key] for key in scored} == scored
    assert full["search_overlap"] is not None  # what the search shows against the truth stays evaluate's
