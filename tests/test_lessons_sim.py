"""The towers, SIM and time-bucket lessons as plain functions: numbers and figures, no Streamlit.

A small generated world (demo user 'leo' keeps his 4000 events) and untrained models keep it fast;
every property checked here holds whatever the weights are."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import torch
from helpers import untrained, values

from seqviz.device import configure_threads
from seqviz.history import N_TIME_BUCKETS, time_bucket
from seqviz.lessons import sim, timebuckets, towers
from seqviz.lessons.common import representative_item, user_history, world_now
from seqviz.lessons.latency import latency_for
from seqviz.lessons.window import attend, search_window
from seqviz.models.senet import ITEM_FIELDS, USER_FIELDS
from seqviz.text import t
from seqviz.world import DAY

LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
configure_threads()  # as the app does: one thread, so timings are not spoiled by spin-waiting


@pytest.fixture(scope="module")
def leo(seed3_world):
    return seed3_world.demo_users()["leo"]


def candidate(world, category="scarf"):
    item = representative_item(world, category)
    return item, int(world.item_category()[item])


def no_english(text: str) -> bool:
    """Chinese text may keep names like AUC, DIN, SIM, LastN; it must hold no English words."""
    allowed = {"LastN", "GAUC", "SENet"}
    return not [w for w in LATIN_WORD.findall(text) if w not in allowed]


# --- towers -------------------------------------------------------------------------------------

def test_operation_counts_attention_is_m_times_n(seed3_world):
    din = untrained(seed3_world, "din")
    pair = towers.pair_cost(din)
    dim = din.item_emb.embedding_dim
    assert pair == 4 * dim * 36 + 36 + dim  # the activation unit's two layers, plus the weighted sum
    assert towers.pair_cost(untrained(seed3_world, "din", scorer="dot")) == 2 * dim
    counts = towers.operation_counts(200, [10, 1000], pair, dim).set_index(["method", "n"])["ops"]
    assert counts["attention", 1000] == 200 * 1000 * pair
    assert counts["average", 1000] == (1000 + 200) * dim
    ratio = counts["attention"] / counts["average"]
    assert ratio[1000] > ratio[10]


def test_pooling_latency_is_measured_and_scales_with_m(seed3_world, seed3_dataset, leo, monkeypatch):
    monkeypatch.setattr(towers, "MAX_TIMED_PAIRS", 2000)
    measured = towers.pooling_latency(untrained(seed3_world, "din"), untrained(seed3_world, "avg"),
                                      seed3_dataset.history, leo, world_now(seed3_world),
                                      seed3_world.item_category(), [20, 1000])
    assert set(measured["method"]) == {"attention", "average"}
    assert (measured["per_candidate_ms"] > 0).all() and (measured["fixed_ms"] >= 0).all()
    one, many = latency_for(measured, 1), latency_for(measured, 100)
    attention = measured["method"] == "attention"
    assert np.allclose(many.loc[attention, "ms"], 100 * one.loc[attention, "ms"])


def test_history_averages_match_the_lastn_mean(seed3_world, seed3_dataset):
    split = seed3_dataset["test"]
    batch, _ = split.take(torch.arange(min(50, len(split))))
    vectors = torch.randn(seed3_world.n_items + 1, 4, generator=torch.Generator().manual_seed(0))
    prefix = towers.event_prefix_sums(seed3_dataset.history, vectors)
    fields = towers.history_averages(seed3_dataset.history, prefix, batch, n_values=(10,))
    positions, mask = seed3_dataset.history.lastn(batch.user, batch.time, 10)
    items, _ = seed3_dataset.history.gather(positions, batch.time)
    expected = (vectors[items] * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
    # float32 prefix sums over leo's 4,000 events lose a few 1e-6 to cancellation; a wrong window
    # would be off by tenths
    assert torch.allclose(fields[:, 0], expected, atol=1e-4)


def test_senet_trains_and_weights_every_field(seed3_world, seed3_dataset):
    vectors = untrained(seed3_world, "avg").item_emb.weight.detach()
    result = towers.train_senet(seed3_dataset, vectors, epochs=1)
    assert 0.0 <= result.test_auc <= 1.0 and result.train_seconds > 0
    weights = result.field_weights
    assert len(weights) == len(seed3_dataset["test"]) * (len(USER_FIELDS) + len(ITEM_FIELDS))
    assert set(weights["field"]) == set(USER_FIELDS) | set(ITEM_FIELDS)
    assert weights["weight"].between(0, 2).all()
    fig = towers.senet_weights_figure(weights, "zh")
    assert fig.layout.title.text == t("towers.senet.title", "zh")
    assert no_english(" ".join(x for trace in fig.data for x in trace.x))


def test_tower_figures_speak_the_chosen_language(seed3_world):
    din = untrained(seed3_world, "din")
    counts = towers.operation_counts(50, [10, 100, 1000], towers.pair_cost(din), 16)
    for lang in ("en", "zh"):
        fig = towers.cost_figure(counts, 100, 50, lang)
        assert fig.layout.title.text == t("towers.cost.title", lang, m=50)
        assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert no_english(towers.cost_figure(counts, 100, 50, "zh").layout.title.text)
    # the dotted line at the chosen N says what it is, with the number the slider shows
    (marker,) = towers.cost_figure(counts, 1000, 50, "zh").layout.annotations
    assert marker.text == t("towers.marker.n", "zh", n=1000) and "1,000" in marker.text
    assert marker.x == pytest.approx(3.0)  # at the line: a log axis places annotations at log10(N)
    dot = towers.towers_diagram("zh")
    assert t("towers.diagram.blocked", "zh") in dot and dot.count("->") >= 5


# --- SIM ----------------------------------------------------------------------------------------

def test_search_window_is_the_last_n_events_before_now(seed3_world, leo):
    now = world_now(seed3_world)
    everything = user_history(seed3_world, leo, now)
    window = search_window(seed3_world, leo, now, 300)
    assert len(window) == 300
    assert (window.events["timestamp"] < now).all()
    assert window.events["timestamp"].is_monotonic_increasing
    assert window.events["timestamp"].iloc[-1] == everything["timestamp"].iloc[0]  # newest included
    assert len(search_window(seed3_world, leo, now, 10**6)) == len(everything)  # N beyond history: all


def test_hard_search_keeps_only_the_candidate_category(seed3_world, leo):
    window = search_window(seed3_world, leo, world_now(seed3_world), 4000)
    item, category = candidate(seed3_world, "scarf")
    selected = attend(untrained(seed3_world, "sim-hard"), window, item, category, k=30)
    assert 0 < len(selected.positions) <= 30
    assert (window.events["category"].iloc[selected.positions] == "scarf").all()
    # the K most recent of that category
    scarves = np.flatnonzero(window.events["category"].to_numpy() == "scarf")
    assert set(selected.positions) == set(scarves[-30:])


def test_full_attention_reads_every_event_of_the_window(seed3_world, leo):
    window = search_window(seed3_world, leo, world_now(seed3_world), 500)
    item, category = candidate(seed3_world)
    full = attend(untrained(seed3_world, "sim-hard"), window, item, category, search="all")
    assert list(full.positions) == list(range(500))


def test_closeness_is_one_when_the_search_keeps_everything(seed3_world, leo):
    """The measurement itself: a 'search' that keeps every event is full attention, at every K."""
    window = search_window(seed3_world, leo, world_now(seed3_world), 300)
    item, category = candidate(seed3_world, window.events["category"].mode()[0])
    hard = untrained(seed3_world, "sim-hard")
    curve = sim.closeness_curve(hard, window, item, category, [1, 30, 300], "all",
                                sim.window_relevance(seed3_world, window, item))
    assert np.allclose(curve[["cosine_model", "cosine_truth", "recall"]], 1.0, atol=1e-5)


def test_soft_search_approaches_ideal_attention_as_k_grows(seed3_world, seed3_dataset, leo):
    soft = untrained(seed3_world, "sim-soft")
    # its search vectors, from co-occurrence
    soft.prepare(seed3_dataset.history, before=world_now(seed3_world))
    window = search_window(seed3_world, leo, world_now(seed3_world), 2000)
    item, category = candidate(seed3_world, window.events["category"].mode()[0])
    curve = sim.closeness_curve(soft, window, item, category, [1, 10, 100, 1000], "soft",
                                sim.window_relevance(seed3_world, window, item))
    assert curve["cosine_truth"].iloc[-1] > max(0.9, curve["cosine_truth"].iloc[0])


def test_hard_search_approaches_ideal_attention_as_k_grows(seed3_world, leo):
    """The lesson's claim, with the true relevance as attention: what hard search leaves out barely
    matters once K covers the candidate's category."""
    window = search_window(seed3_world, leo, world_now(seed3_world), 4000)
    item, category = candidate(seed3_world, "scarf")
    hard = untrained(seed3_world, "sim-hard")
    curve = sim.closeness_curve(hard, window, item, category, [1, 10, 100, 1000], "hard",
                                sim.window_relevance(seed3_world, window, item))
    assert curve["cosine_truth"].iloc[-1] > curve["cosine_truth"].iloc[0]
    assert curve["cosine_truth"].iloc[-1] > 0.9


def test_top_k_recall_and_cosine():
    weights = np.array([0.1, 0.9, 0.5, 0.0])
    assert sim.top_k_recall(np.array([1, 2]), weights, 2) == 1.0
    assert sim.top_k_recall(np.array([0, 3]), weights, 2) == 0.0
    assert sim.top_k_recall(np.array([0, 1, 2]), weights, 4) == 1.0  # the zero-weight event need not be found
    assert np.isnan(sim.top_k_recall(np.array([0]), np.zeros(3), 2))
    assert np.isnan(sim.cosine(np.zeros(3), np.ones(3)))


def test_search_latency_full_attention_grows_sim_does_not(seed3_world, leo, monkeypatch):
    monkeypatch.setattr(sim, "MAX_TIMED_PAIRS", 4000)
    hard = untrained(seed3_world, "sim-hard")
    measured = sim.search_latency(hard, seed3_world, leo, world_now(seed3_world), seed3_world.item_category(),
                                  [50, 4000], 50, "hard")
    measured = measured.set_index(["method", "n"])["per_candidate_ms"]
    assert measured["full", 4000] > 5 * measured["full", 50]
    assert measured["full", 4000] > 5 * measured["sim", 4000]


def test_esu_figure_draws_the_kept_events(seed3_world, leo):
    now = world_now(seed3_world)
    window = search_window(seed3_world, leo, now, 2000)
    item, category = candidate(seed3_world, window.events["category"].mode()[0])
    selected = attend(untrained(seed3_world, "sim-hard"), window, item, category, k=40)
    esu = sim.esu_figure(window, selected, "zh")
    assert sum(len(trace.y) for trace in esu.data) == 40 and no_english(esu.layout.xaxis.title.text)


# --- time buckets -------------------------------------------------------------------------------

def test_bucket_table_agrees_with_time_bucket():
    table = timebuckets.bucket_table()
    assert list(table["bucket"]) == list(range(1, N_TIME_BUCKETS + 1))
    assert (table["lo_days"] < table["hi_days"]).all()
    buckets = time_bucket(torch.as_tensor(table["mid_days"].to_numpy() * DAY))
    assert buckets.tolist() == table["bucket"].tolist()


def test_learned_bucket_effect(seed3_world, seed3_dataset):
    effect = timebuckets.learned_bucket_effect(untrained(seed3_world, "sim-hard"), seed3_dataset)
    assert 3 <= len(effect) <= N_TIME_BUCKETS and np.isfinite(effect["learned"]).all()
    assert (effect["events"] >= 50).all() and np.isfinite(effect["true_decay"]).all()
    with pytest.raises(ValueError, match="without time"):
        timebuckets.learned_bucket_effect(untrained(seed3_world, "sim-hard", time=False), seed3_dataset)
    fig = timebuckets.bucket_effect_figure(effect, seed3_world.truth.decay, 730, "zh")
    assert len(fig.data) == 2 and no_english(fig.layout.title.text)
    assert len(timebuckets.bucket_effect_figure(effect, None, 730, "en").data) == 1


def test_lastn_spans_days_the_history_spans_years(seed3_world):
    now = world_now(seed3_world)
    spans = timebuckets.history_spans(seed3_world, now, 50, seed3_world.demo_users())
    assert set(spans["name"]) == set(seed3_world.demo_users())
    assert (spans["lastn_days"] <= spans["full_days"]).all()
    leo = spans.set_index("name").loc["leo"]
    assert leo["lastn_days"] < 30 < 365 < leo["full_days"]
    fig = timebuckets.spans_figure(spans, 50, "zh")
    assert no_english(fig.layout.title.text)


def test_auc_figure_tolerates_missing_metrics():
    fig = timebuckets.auc_figure({"auc": 0.78, "gauc": 0.72}, {}, "zh")
    assert len(fig.data) == 2 and no_english(fig.layout.title.text)


def test_with_and_without_time_attend_over_the_same_events(seed3_world, leo):
    window = search_window(seed3_world, leo, world_now(seed3_world), 4000)
    item, category = candidate(seed3_world)
    with_time = timebuckets.selected_events(untrained(seed3_world, "sim-hard"), window, item, category)
    without_time = timebuckets.selected_events(untrained(seed3_world, "sim-hard", time=False), window, item,
                                               category)
    assert list(with_time["item_id"]) == list(without_time["item_id"]) and len(with_time) == 50
    assert (with_time["age_days"] > 0).all()
    fig = timebuckets.attention_both_ways_figure(with_time, without_time, "en")
    assert all(np.abs(trace.y).max() == pytest.approx(1.0) for trace in fig.data)  # each scaled to max 1


def test_the_time_question_says_when_sim_learned_another_order():
    """The reveal told the student who guessed "a month" they were wrong, while SIM agreed with them."""
    truth = np.array([0.54, 0.23, 1.60])  # week, month, year: the sample world's coat
    disagrees = timebuckets.age_question("coat", truth, np.array([0.81, 1.14, 0.91]))
    assert disagrees.answer == "year"
    assert "not the truth's" in disagrees.why["en"] and "bought a month ago most" in disagrees.why["en"]
    assert "不同" in disagrees.why["zh"]
    agrees = timebuckets.age_question("coat", truth, np.array([0.81, 0.50, 0.91]))
    assert "the truth's order" in agrees.why["en"] and "not the truth's" not in agrees.why["en"]


def test_why_din_needs_no_time_draws_lengths_and_aucs_from_honest_zeros(seed3_world):
    """On a log axis mia's last 50 events (170 of 587 days) looked like most of her history, beside a
    note saying LastN lives in the most recent stretch; the AUC bars started at 0.74."""
    spans = timebuckets.history_spans(seed3_world, world_now(seed3_world), 50, seed3_world.demo_users())
    fig = timebuckets.spans_figure(spans, 50, "en")
    assert fig.layout.xaxis.type != "log" and fig.layout.xaxis.rangemode == "tozero"
    aucs = timebuckets.auc_figure({"auc": 0.825, "gauc": 0.80}, {"auc": 0.807, "gauc": 0.79}, "en")
    assert aucs.layout.yaxis.range[0] == 0.5


def test_the_two_tower_beating_a_ranking_model_is_said_in_words():
    """The SENet two-tower's 0.7220 beat the AvgPool ranking model's 0.6556 with no word on the page."""
    assert "beats the AvgPool ranking model" in towers.senet_words(0.722, 0.656, 0.739, "en")
    assert "does not show on this data" in towers.senet_words(0.75, 0.656, 0.739, "en")
    assert "胜过" in towers.senet_words(0.722, 0.656, 0.739, "zh")
    assert towers.senet_words(0.64, 0.656, 0.739, "en") is None
    assert towers.senet_words(0.7, None, None, "en") is None


# --- search by hashing (SDIM)

@pytest.fixture(scope="module")
def sdim_model(seed3_world):
    from seqviz.data import Dataset

    model = untrained(seed3_world, "sim-sdim")
    dataset = Dataset(seed3_world)
    model.prepare(dataset.history, dataset.test_start)
    return model


def test_the_kernel_picture_draws_the_formula_and_what_the_models_hash_gives_each_event(
        seed3_world, seed3_dataset, sdim_model, leo):
    from seqviz.lessons import hashing
    from seqviz.models.sdim import MAX_BITS

    item, category = candidate(seed3_world)
    picture = hashing.kernel_picture(seed3_dataset, sdim_model, leo, item, 4000, "en")
    assert picture.steps == tuple(range(1, MAX_BITS + 1))
    metas = [trace.get("meta") for trace in picture.figure["data"]]
    formula, events = metas.index("kernel-formula"), [i for i, m in enumerate(metas) if m == "kernel-events"]
    angles = np.radians(values(picture.figure["data"][formula]["x"]))
    at_model = picture.steps.index(sdim_model.hash.bits)
    update = dict(zip(picture.updates[at_model]["traces"], picture.updates[at_model]["data"], strict=True))
    expected = (1 - angles / np.pi) ** sdim_model.hash.bits
    assert np.allclose(values(update[formula]["y"]), expected, atol=1e-4)
    # at the model's own τ each event stands as high as the share its weight in the model holds
    window = search_window(seed3_world, leo, world_now(seed3_world), 4000)
    items = window.events["item_id"].to_numpy()
    share = hashing.shares(sdim_model, items, item, sdim_model.hash.bits)
    out = attend(sdim_model, window, item, category)
    weights = np.zeros(len(window))
    weights[out.positions] = out.weights
    _, buckets = window.history.gather(torch.arange(len(window))[None], torch.tensor([window.now]))
    g = sdim_model.time_weight(buckets)[0].detach().numpy()  # the window's rows are its positions
    assert np.allclose(share * g, weights, atol=1e-5)
    drawn = np.concatenate([values(update[i]["y"]) for i in events])
    has_angle = ~np.isnan(hashing.event_angles(sdim_model, items, item))
    assert np.allclose(np.sort(drawn), np.sort(share[has_angle]))
    # more bits: every event shares the bucket in as many functions or fewer
    low, high = (dict(zip(picture.updates[s]["traces"], picture.updates[s]["data"], strict=True))
                 for s in (0, MAX_BITS - 1))
    for i in events:
        assert (values(high[i]["y"]) <= values(low[i]["y"]) + 1e-9).all()


def test_the_more_bits_question_is_answered_by_the_picture_and_asked_in_both_languages(
        seed3_world, seed3_dataset, sdim_model, leo):
    from seqviz.lessons import hashing

    item, _ = candidate(seed3_world)
    picture = hashing.kernel_picture(seed3_dataset, sdim_model, leo, item, 4000, "en")
    question = picture.question
    assert question.answer in question.options and question.id == "sim-hashing" and question.page == "sim"
    bits = sdim_model.hash.bits
    assert f"{bits + hashing.MORE_BITS} bits per hash function instead of {bits}" in question.prompt["en"]
    assert no_english(question.prompt["zh"]) and no_english(question.why["zh"])
    masked = picture.masked("hidden")
    for trace in masked.figure["data"]:
        assert not trace.get("y"), trace.get("meta")  # nothing that answers it reaches the browser


def test_hashing_costs_are_measured_for_each_search_and_n(seed3_dataset, sdim_model, leo):
    """Measured, not asserted as a speed: every method is timed and reported for each N."""
    from seqviz.lessons import hashing

    costs = pd.concat([hashing.search_costs(seed3_dataset, sdim_model, leo, n) for n in (100, 1000)])
    assert set(costs["method"]) == {"search_hard", "search_soft", "search_sdim"}
    assert (costs["per_candidate_ms"] > 0).all()
    assert (costs.loc[costs["method"] == "search_sdim", "fixed_ms"] > 0).all()  # its index, built once
    assert sorted(costs["n"].unique()) == [100, 1000]
