"""Metrics agree with scikit-learn's definitions."""

import numpy as np
from sklearn.metrics import roc_auc_score

from seqviz.metrics import gauc


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
