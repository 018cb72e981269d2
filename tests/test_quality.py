"""The lesson's claims, measured against the world's truth on several world and training seeds.

Trains every default model on full worlds (about a minute per world on 2 cores). The margins
are the issues': DIN > AvgPool, SIM+time over the full history > DIN, time helps, soft search
close to hard, nobody beats the oracle; inside the models, DIN's weights and SIM's time buckets
follow the true relevance and decay, whatever the seed.
"""

import math

import pytest

from seqviz.data import Dataset
from seqviz.history import bucket_table
from seqviz.lessons.timebuckets import learned_bucket_effect
from seqviz.metrics import evaluate
from seqviz.models import ModelConfig
from seqviz.train import train
from seqviz.world import generate

CONFIGS = {
    "avg": ModelConfig("avg"),
    "din": ModelConfig("din"),
    "sim-hard-notime": ModelConfig("sim-hard", time=False),
    "sim-hard": ModelConfig("sim-hard"),
    "sim-soft": ModelConfig("sim-soft"),
}
ATTENTION_TRUTH_MIN = {"din": 0.6, "sim-hard": 0.5, "sim-soft": 0.5}
DIN_CONTRAST_MIN = 3.0
TIME_EFFECT_TRUTH_MIN = 0.6
YEAR_DAYS = 365
# how far the twin's AUC, the mean over TWIN_TRAIN_SEEDS, may fall below hard search's (single runs on an
# AMD EPYC: 0.002-0.0045 over worlds 0-2 and training seeds 0-2; on an Intel Xeon 0.0000-0.0055, means
# 0.0037 / 0.0037 / 0.0032; with softplus weights 0.009-0.011, with one same-category scalar for all ages
# 0.004-0.006)
TWIN_AUC_GAP_MAX = 0.005
TWIN_TRAIN_SEEDS = (0, 1, 2)


def year_bump_found(model, seed7_dataset) -> bool:
    """Is the learned effect of the bucket that holds 365 days above both its neighbours'?"""
    effect = learned_bucket_effect(model, seed7_dataset).set_index("bucket")["learned"].to_dict()
    table = bucket_table()
    year = int(table[(table["lo_days"] <= YEAR_DAYS) & (table["hi_days"] > YEAR_DAYS)]["bucket"].iloc[0])
    assert {year - 1, year, year + 1} <= effect.keys(), effect  # enough events in all three
    return effect[year] > effect[year - 1] and effect[year] > effect[year + 1]


def run_all(seed: int, train_seed: int | None = None, names=tuple(CONFIGS)) -> dict[str, dict]:
    dataset = Dataset(generate(seed))
    results = {}
    for name in names:
        model = train(CONFIGS[name], dataset, seed=seed if train_seed is None else train_seed).model
        results[name] = evaluate(model, dataset)
        if CONFIGS[name].model.startswith("sim") and CONFIGS[name].time:
            results[name]["year_bump"] = year_bump_found(model, dataset)
    return results


@pytest.fixture(scope="module")
def by_seed():
    return {seed: run_all(seed) for seed in (0, 1, 2)}


def check_orderings(r: dict, scale: float):
    auc = {k: v["auc"] for k, v in r.items()}
    assert auc["din"] >= auc["avg"] + 0.02 * scale, auc
    assert auc["sim-hard"] >= auc["din"] + 0.03 * scale, auc
    assert auc["sim-hard"] >= auc["sim-hard-notime"] + 0.01 * scale, auc
    assert auc["sim-soft"] >= auc["sim-hard"] - 0.02 / scale, auc


def check_truth(r: dict, names=("din", "sim-hard", "sim-soft")):
    for name in names:
        corr = r[name]["attention_truth_corr"]
        assert corr is not None and not math.isnan(corr) and corr >= ATTENTION_TRUTH_MIN[name], (name, corr)
    if "din" in names:
        assert r["din"]["attention_contrast"] >= DIN_CONTRAST_MIN, r["din"]
        assert r["din"]["attention_contrast_n"] >= 100
    for name in {"sim-hard", "sim-soft"} & set(names):
        assert r[name]["time_effect_truth_corr"] >= TIME_EFFECT_TRUTH_MIN, (name, r[name])
        assert r[name]["year_bump"], (name, "last winter's bump not found")


@pytest.mark.quality
def test_default_world_orderings(by_seed):
    check_orderings(by_seed[0], 1.0)


@pytest.mark.quality
@pytest.mark.parametrize("seed", [1, 2])
def test_orderings_hold_on_other_seeds(by_seed, seed):
    check_orderings(by_seed[seed], 0.5)


@pytest.mark.quality
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_model_beats_the_oracle_and_the_best_comes_close(by_seed, seed):
    oracle = by_seed[seed]["avg"]["oracle_auc"]
    aucs = [m["auc"] for m in by_seed[seed].values()]
    assert max(aucs) <= oracle + 0.005, (aucs, oracle)  # a leak would show here
    assert max(aucs) >= oracle - 0.03, (aucs, oracle)


@pytest.mark.quality
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_attention_and_time_follow_the_truth(by_seed, seed):
    assert by_seed[seed]["avg"]["attention_truth_corr"] is None  # no attention to judge
    assert by_seed[seed]["sim-hard-notime"]["time_effect_truth_corr"] is None  # no time to judge
    check_truth(by_seed[seed])


@pytest.mark.quality
@pytest.mark.parametrize("train_seed", [1, 2])
def test_the_truth_holds_whatever_the_training_seed(train_seed):
    check_truth(run_all(0, train_seed, names=("din", "sim-hard", "sim-soft")))


@pytest.mark.quality
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_longer_lastn_helps_din(seed):
    dataset = Dataset(generate(seed))
    aucs = [evaluate(train(ModelConfig("din", lastn=n), dataset, seed=seed).model, dataset)["auc"]
            for n in (10, 50, 200)]
    assert aucs[0] < aucs[1] < aucs[2], aucs


@pytest.mark.quality
def test_twin_search_keeps_what_its_own_ranker_weighs_most(by_seed):
    """TWIN's point, on every world: its search keeps the events its ESU would weigh most (hard
    search, ranking by recency within the category, keeps far fewer), and so more of the truly
    most relevant ones. Its AUC is compared as the mean over TWIN_TRAIN_SEEDS: on one world and one
    processor single runs put the twin 0.0055, 0.0055 and 0.0000 under hard search."""
    for world in (0, 1, 2):
        dataset = Dataset(generate(world))
        aucs = {"sim-twin": [], "sim-hard": []}
        for seed in TWIN_TRAIN_SEEDS:
            twin = evaluate(train(ModelConfig("sim-twin"), dataset, seed=seed).model, dataset)
            hard = (by_seed[world]["sim-hard"] if seed == world  # run_all trains with the world's seed
                    else evaluate(train(ModelConfig("sim-hard"), dataset, seed=seed).model, dataset))
            print(f"world {world} seed {seed}: sim-twin AUC {twin['auc']:.4f} overlap "
                  f"{twin['search_overlap']:.3f} truth recall {twin['truth_recall_at_k']:.3f}; sim-hard AUC "
                  f"{hard['auc']:.4f} overlap {hard['search_overlap']:.3f} truth recall "
                  f"{hard['truth_recall_at_k']:.3f}")
            assert twin["search_overlap"] >= 0.8 > hard["search_overlap"]
            assert twin["truth_recall_at_k"] > hard["truth_recall_at_k"]
            aucs["sim-twin"].append(twin["auc"])
            aucs["sim-hard"].append(hard["auc"])
        mean = {name: sum(values) / len(values) for name, values in aucs.items()}
        assert mean["sim-twin"] >= mean["sim-hard"] - TWIN_AUC_GAP_MAX, (world, aucs)


@pytest.mark.quality
def test_search_by_hashing_ranks_as_hard_search_does_and_its_kernel_follows_the_formula(by_seed):
    """SDIM on every world: test AUC within 0.01 of hard search's, more of the truly most relevant
    events among its K heaviest than hard search keeps, and the collision rate within 0.05 of
    (1 - θ/π)^τ in every 10° bin holding 100 pairs or more."""
    for seed in (0, 1, 2):
        dataset = Dataset(generate(seed))
        sdim = evaluate(train(ModelConfig("sim-sdim"), dataset, seed=seed).model, dataset)
        hard = by_seed[seed]["sim-hard"]
        print(f"world {seed}: sim-sdim AUC {sdim['auc']:.4f} truth recall {sdim['truth_recall_at_k']:.3f} "
              f"kernel gap {sdim['kernel_fit_max_gap']:.3f}; sim-hard AUC {hard['auc']:.4f} "
              f"truth recall {hard['truth_recall_at_k']:.3f}")
        assert sdim["auc"] >= hard["auc"] - 0.01, (sdim["auc"], hard["auc"])
        assert sdim["truth_recall_at_k"] > hard["truth_recall_at_k"]
        assert sdim["kernel_fit_max_gap"] <= 0.05


@pytest.mark.quality
@pytest.mark.parametrize("seed", [1, 2])
def test_the_time_buckets_page_keeps_the_truths_order_on_other_worlds(seed):
    """At K = 50 SIM weighed a month-old coat above a year-old one (the truth's order reversed); the
    page's K = 200 SIM keeps it, with the year's bucket above its neighbours, on unseen worlds too."""
    from seqviz.audit import time_bucket_claims
    from seqviz.lessons.timebuckets import TIME_BUCKETS_CONFIGS

    dataset = Dataset(generate(seed))
    models = {}
    for cfg in TIME_BUCKETS_CONFIGS:
        model = train(cfg, dataset, seed=seed).model
        models[cfg] = (model, {"metrics": evaluate(model, dataset)})
    claims = time_bucket_claims(dataset, models.__getitem__)
    assert len(claims) >= 7 and all(c.holds for c in claims), [c for c in claims if not c.holds]
