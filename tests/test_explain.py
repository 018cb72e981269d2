"""Leave-one-out: what taking one event away does to the predicted click probability."""

import torch

from seqviz.explain import leave_one_out
from seqviz.models import ModelConfig, build_model


def _model(seed7_dataset, name):
    torch.manual_seed(0)
    model = build_model(ModelConfig(name, lastn=20, k=10), seed7_dataset.n_items).eval()
    model.prepare(seed7_dataset.history, seed7_dataset.test_start)
    return model


def test_leave_one_out_matches_removing_the_event_by_hand(seed7_dataset):
    model = _model(seed7_dataset, "din")
    batch, _ = seed7_dataset["test"].take(torch.arange(8))
    effect = leave_one_out(model, batch, seed7_dataset.history)
    out = model(batch, seed7_dataset.history)
    assert effect.shape == out.weights.shape
    assert (effect[~out.mask] == 0).all()
    # unnormalised weights: leaving event j out takes exactly w_j * h_j off the pooled vector
    items, _ = seed7_dataset.history.gather(out.positions, batch.time)
    h = model.item_emb(items)
    for i, j in [(0, 0), (3, 5), (7, int(out.mask[7].sum()) - 1)]:
        pooled = out.user_vector[i] - out.weights[i, j] * h[i, j]
        without = torch.sigmoid(model.score(pooled[None], batch.item[i:i + 1]))[0]
        assert torch.allclose(effect[i, j], torch.sigmoid(out.logit[i]) - without, atol=1e-6)


def test_leave_one_out_works_for_every_model(seed7_dataset):
    batch, _ = seed7_dataset["test"].take(torch.arange(4))
    for name in ("avg", "sim-hard", "sim-soft"):
        model = _model(seed7_dataset, name)
        effect = leave_one_out(model, batch, seed7_dataset.history)
        out = model(batch, seed7_dataset.history)
        assert effect.shape == out.mask.shape and torch.isfinite(effect).all()
        assert (effect[out.mask] != 0).any() and (effect[~out.mask] == 0).all()
