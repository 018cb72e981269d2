"""The models follow DIN and SIM: masked padding, target attention, search-then-attend."""

import pytest
import torch
import torch.nn.functional as F

from seqviz.models import MODELS, SCORERS, Batch, ModelConfig, TargetAttention, build_model
from seqviz.models.unit import first_layer
from seqviz.train import adam


@pytest.mark.parametrize("scorer", SCORERS)
@pytest.mark.parametrize("softmax", [False, True])
def test_padding_never_gets_weight(scorer, softmax):
    torch.manual_seed(0)
    att = TargetAttention(8, scorer, softmax)
    h, t = torch.randn(4, 6, 8), torch.randn(4, 8)
    mask = torch.tensor([[1, 1, 1, 0, 0, 0], [1] * 6, [0] * 6, [1, 0, 0, 0, 0, 0]], dtype=torch.bool)
    pooled, w = att(h, t, mask)
    assert (w[~mask] == 0).all()
    assert torch.isfinite(pooled).all()
    assert (pooled[2] == 0).all()  # an empty history pools to zero, never NaN
    # what sits in padded slots cannot change the result
    h2 = h.clone()
    h2[~mask] = 100.0
    assert torch.allclose(att(h2, t, mask)[0], pooled, atol=1e-5)
    if softmax:
        assert torch.allclose(w.sum(1)[[0, 1, 3]], torch.ones(3))


def test_weights_are_unnormalised_by_default():
    att = TargetAttention(8, "dot")
    h = torch.ones(1, 3, 8)
    _, w = att(h, torch.ones(1, 8), torch.ones(1, 3, dtype=torch.bool))
    assert torch.allclose(w, torch.full((1, 3), 8.0))


def test_activation_unit_reads_h_t_difference_and_product():
    torch.manual_seed(0)
    att = TargetAttention(8, "unit")
    h, t = torch.randn(3, 5, 8), torch.randn(3, 8)
    tt = t[:, None, :].expand_as(h)
    plain = att.unit[0](torch.cat([h, tt, h - tt, h * tt], dim=-1))  # the paper's input, built
    z, _ = first_layer(h, t, att.unit[0].weight, att.unit[0].bias)
    assert torch.allclose(z, plain, atol=1e-5)


def test_unit_weights_are_non_negative_and_start_as_sum_pooling():
    torch.manual_seed(0)
    att = TargetAttention(8, "unit")
    h, t = 0.1 * torch.randn(4, 50, 8), 0.1 * torch.randn(4, 8)  # the scale item embeddings start at
    _, w = att(h, t, torch.ones(4, 50, dtype=torch.bool))
    assert (w >= 0).all()
    # the untrained unit weighs every event about alike, near 1
    assert 0.9 < w.mean() < 1.1 and w.std() < 0.05


@pytest.mark.parametrize("softmax", [False, True])
def test_scoring_only_real_events_changes_nothing_but_the_work(softmax):
    """Rows of very different lengths (the unit is then run group by group, each cut at its longest
    row) pool, weigh and train exactly as the unit run over every slot does."""
    from seqviz.models import attention

    torch.manual_seed(0)
    att = TargetAttention(8, "unit", softmax)
    h, t = torch.randn(64, 40, 8, requires_grad=True), torch.randn(64, 8, requires_grad=True)
    lengths = torch.randint(0, 41, (64,))
    lengths[:16] = torch.randint(0, 5, (16,))  # light users: most of their slots are padding
    mask = torch.arange(40) < lengths[:, None]
    calls = []
    real_scores = att.scores
    att.scores = lambda h, t: calls.append(h.shape[1]) or real_scores(h, t)
    packed = att(h, t, mask)
    assert len(calls) == attention.PACK_GROUPS and min(calls) < 40  # it did cut the short rows
    dice = TargetAttention(8, "unit", softmax, act="dice")  # batch statistics: every slot, one call
    dice_scores = dice.scores
    dice.scores = lambda h, t: calls.append("dice") or dice_scores(h, t)
    dice(h, t, mask)
    assert calls.count("dice") == 1
    plain_scores = real_scores(h, t)
    expected = torch.einsum("bl,bld->bd", att.weights(plain_scores, mask), h), att.weights(plain_scores, mask)
    for got, want in zip(packed, expected, strict=True):
        assert torch.allclose(got, want, atol=1e-6)
    inputs = [h, t, *att.parameters()]
    for got, want in zip(torch.autograd.grad(packed[0].sum(), inputs),
                         torch.autograd.grad(expected[0].sum(), inputs), strict=True):
        assert torch.allclose(got, want, atol=1e-5)


def test_sim_keys_are_the_projection_of_item_and_time_bucket():
    """SIM's keys, W [h, e_b] + c, computed with the bucket's half from a per-bucket table: the same
    values and the same gradients as projecting the concatenation."""
    torch.manual_seed(0)
    model = build_model(ModelConfig("sim-hard"), 30)
    h = torch.randn(4, 7, model.item_emb.weight.shape[1], requires_grad=True)
    buckets = torch.randint(0, model.time_emb.weight.shape[0], (4, 7))
    keys = model.attention_keys(h, buckets)
    concatenated = model.time_proj(torch.cat([h, model.time_emb(buckets)], dim=-1))  # as it was
    assert torch.allclose(keys, concatenated, atol=1e-6)
    params = [h, model.time_proj.weight, model.time_proj.bias, model.time_emb.weight]
    g = torch.randn_like(keys)
    for got, want in zip(torch.autograd.grad(keys, params, g), torch.autograd.grad(concatenated, params, g),
                         strict=True):
        assert torch.allclose(got, want, atol=1e-5)


def _batch(ds, n=64):
    b, _ = ds["test"].take(torch.arange(n))
    return b


@pytest.mark.parametrize("name", ["avg", "din", "sim-hard", "sim-soft", "sim-twin"])
def test_every_model_returns_what_a_page_draws(seed7_dataset, name):
    cfg = ModelConfig(name, lastn=20, k=10)
    model = build_model(cfg, seed7_dataset.n_items)
    model.prepare(seed7_dataset.history, seed7_dataset.test_start)
    b = _batch(seed7_dataset)
    out = model(b, seed7_dataset.history)
    width = 20 if name in ("avg", "din") else 10
    assert out.logit.shape == (len(b),)
    assert out.weights.shape == out.positions.shape == out.mask.shape == (len(b), width)
    assert out.user_vector.shape == (len(b), cfg.dim)
    assert (out.positions[~out.mask] == -1).all() and (out.weights[~out.mask] == 0).all()
    if name == "avg":
        assert torch.allclose(out.weights.sum(1)[out.mask.any(1)], torch.ones(int(out.mask.any(1).sum())))


@pytest.mark.parametrize("time", [True, False])
def test_sim_with_k_equal_to_history_is_full_attention(seed7_dataset, time):
    """The ESU over a search that keeps every event equals attention over the whole history."""
    h = seed7_dataset.history
    model = build_model(ModelConfig("sim-soft", time=time), seed7_dataset.n_items)
    model.prepare(h, seed7_dataset.test_start)
    torch.nn.init.normal_(model.item_emb.weight)  # any weights: the identity is structural
    b = _batch(seed7_dataset, 32)
    longest = int(h.length(b.user, b.time).max())
    table = model.search_emb
    pos, mask = h.soft_search(b.user, b.time, table[b.item], table, longest)  # no threshold
    with torch.no_grad():
        full = model(b, h, search="all")
        searched_vector, _ = model.pool(b, h, pos, mask)
    assert full.mask.sum() == mask.sum()
    assert torch.allclose(full.user_vector, searched_vector, atol=1e-4, rtol=1e-4)


def test_empty_history_scores_without_nan(seed7_dataset):
    b = _batch(seed7_dataset, 4)
    early = Batch(b.user, torch.zeros_like(b.time), b.item, b.category)  # before any event
    for name in MODELS:
        for softmax in (False, True):
            model = build_model(ModelConfig(name, softmax=softmax), seed7_dataset.n_items)
            out = model(early, seed7_dataset.history)
            assert torch.isfinite(out.logit).all() and not out.mask.any()


def test_reading_once_per_training_trains_the_same_model(seed7_dataset, monkeypatch):
    from seqviz.models.sim import SIM
    from seqviz.train import train

    cfg = ModelConfig("sim-soft", k=10)
    cached = train(cfg, seed7_dataset, epochs=2, seed=0).model
    monkeypatch.setattr(SIM, "__init__", _reading_every_step(SIM.__init__))
    fresh = train(cfg, seed7_dataset, epochs=2, seed=0).model
    assert cached.costly_read and not fresh.costly_read
    for name, value in cached.state_dict().items():
        assert torch.equal(value, fresh.state_dict()[name]), name


def _reading_every_step(init):
    def patched(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.costly_read = False
    return patched


@pytest.mark.parametrize("time", [True, False])
def test_twin_search_keeps_what_its_own_esu_scores_highest(seed7_dataset, time):
    """TWIN's consistency: over the whole history, the K events the search keeps are the K the ESU's
    score (item side times query, plus the time bucket's bias) ranks first."""
    h = seed7_dataset.history
    model = build_model(ModelConfig("sim-twin", k=10, time=time), seed7_dataset.n_items)
    torch.nn.init.normal_(model.item_emb.weight)  # any weights: the identity is structural
    if time:
        torch.nn.init.normal_(model.twin.bucket_bias.weight)
    b = _batch(seed7_dataset, 32)
    with torch.no_grad():
        pos, mask = model.read(b, h)
        everything, every_mask = model.read(b, h, search="all")
        items, buckets = h.gather(everything, b.time)
        scores = model.event_scores(items, buckets, b.item)
    scores = scores.masked_fill(~every_mask, -float("inf"))
    for row in range(len(b)):
        k = int(mask[row].sum())
        assert k == min(10, int(every_mask[row].sum()))
        # by score, not by position: the same item bought twice in one bucket scores the same
        score_of = dict(zip(everything[row].tolist(), scores[row].tolist(), strict=True))
        kept = sorted((score_of[p] for p in pos[row][mask[row]].tolist()), reverse=True)
        assert kept == pytest.approx(scores[row].sort(descending=True).values[:k].tolist(), abs=1e-5)


def test_twin_trains_its_search_with_its_ranker(seed7_dataset):
    """One score serves both: a gradient step on the ESU moves what the search will keep next."""
    model = build_model(ModelConfig("sim-twin", k=5), seed7_dataset.n_items)
    b = _batch(seed7_dataset, 64)
    out = model(b, seed7_dataset.history)
    out.logit.sum().backward()
    assert model.twin.key.weight.grad.abs().sum() > 0 and model.twin.bucket_bias.weight.grad.abs().sum() > 0
    assert model.attention is None and not hasattr(model, "time_proj")


# --- SDIM: search by hashing

def _sdim(dataset, time=True):
    model = build_model(ModelConfig("sim-sdim", time=time), dataset.n_items)
    model.prepare(dataset.history, dataset.test_start)
    torch.nn.init.normal_(model.item_emb.weight)  # any weights: the identities are structural
    if time:
        torch.nn.init.normal_(model.time_log_weight.weight[1:], std=0.5)
    return model


def test_sdim_weighs_each_event_by_the_share_of_hashes_it_shares_with_the_candidate(seed7_dataset):
    h, b = seed7_dataset.history, _batch(seed7_dataset, 16)
    model = _sdim(seed7_dataset)
    with torch.no_grad():
        out = model(b, h)
        items, buckets = h.gather(out.positions, b.time)
        s = model.search_emb
        same = (model.hash(s[items]) == model.hash(s[b.item])[:, None, :]).float().mean(-1)
        g = model.time_log_weight(buckets).squeeze(-1).exp()
        want = same * g * out.mask
        assert torch.allclose(out.weights, want, atol=1e-6)
        assert (out.weights[~out.mask] == 0).all() and out.mask.sum(1).max() == h.length(b.user, b.time).max()
        pooled = torch.einsum("bl,bld->bd", want, model.item_emb(items))
        assert torch.allclose(out.user_vector, pooled, atol=1e-4)


@pytest.mark.parametrize("time", [True, False])
def test_sdim_bucket_index_gives_what_attention_over_the_whole_history_gives(seed7_dataset, time):
    """The per-signature sums, built once for a user, answer every candidate with m rows: the same
    vector as weighing every event of the history."""
    h = seed7_dataset.history
    model = _sdim(seed7_dataset, time)
    user, now = 3, seed7_dataset.test_start
    candidates = torch.arange(1, 41)
    batch = Batch.for_user(user, now, range(1, 41), [0] * 40, "cpu")  # the category plays no part
    with torch.no_grad():
        dense = model(batch, h).user_vector
        positions, _ = h.lastn(batch.user[:1], batch.time[:1], int(h.length(batch.user[:1], batch.time[:1])))
        items, buckets = h.gather(positions, batch.time[:1])
        table = model.bucket_index(items[0], buckets[0])
        assert torch.allclose(model.lookup(table, candidates), dense, atol=1e-4)


def test_sdim_collisions_follow_the_simhash_kernel():
    """Random pairs at a set angle share a signature as often as (1 - θ/π)^τ says."""
    from seqviz.models.sdim import SimHash, collision_chance

    hash_ = SimHash(16)
    generator = torch.Generator().manual_seed(0)
    for degrees in (10, 45, 90, 135):
        theta = torch.tensor(degrees * torch.pi / 180)
        a = torch.nn.functional.normalize(torch.randn(4000, 16, generator=generator), dim=-1)
        r = torch.randn(4000, 16, generator=generator)
        ortho = torch.nn.functional.normalize(r - (r * a).sum(-1, keepdim=True) * a, dim=-1)
        b = a * torch.cos(theta) + ortho * torch.sin(theta)
        for bits in (1, hash_.bits, 12):
            rate = (hash_(a, bits) == hash_(b, bits)).float().mean()
            assert abs(rate - collision_chance(theta, bits)) < 0.02, (degrees, bits)


def test_sdim_trains_its_time_factors_and_embeddings_not_its_hash(seed7_dataset):
    h, b = seed7_dataset.history, _batch(seed7_dataset, 32)
    model = _sdim(seed7_dataset)
    model(b, h).logit.sum().backward()
    assert model.item_emb.weight.grad.abs().sum() > 0 and model.time_log_weight.weight.grad.abs().sum() > 0
    assert not any(p.requires_grad for p in model.hash.buffers())
    assert "hash.planes" not in model.state_dict()  # drawn from a fixed seed, never stored


@pytest.mark.parametrize("name", MODELS)
def test_adam_over_all_parameters_at_once_updates_as_the_loop_does(seed7_dataset, name):
    """The trainer's Adam (foreach) must leave the weights a loop over the parameters leaves, bit for
    bit, or the shipped weights would no longer reproduce."""
    split = seed7_dataset["train"]
    models = []
    for make in (adam, lambda p: torch.optim.Adam(p, lr=1e-2, foreach=False)):
        torch.manual_seed(0)
        model = build_model(ModelConfig(name), seed7_dataset.n_items)
        model.prepare(seed7_dataset.history, before=seed7_dataset.test_start)
        opt = make(model.parameters())
        for step in range(4):
            batch, label = split.take(torch.arange(step * 256, (step + 1) * 256))
            loss = F.binary_cross_entropy_with_logits(model(batch, seed7_dataset.history).logit, label)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        models.append(model.state_dict())
    assert models[0].keys() == models[1].keys()
    for key, value in models[0].items():
        assert torch.equal(value, models[1][key]), key
