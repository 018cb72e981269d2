"""The Home, LastN, DIN and Model Lab lessons as plain functions: data and figures, no Streamlit.

A small generated world and untrained models keep it fast; every property checked here holds
whatever the weights are."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seqviz.device import configure_threads
from seqviz.lessons import din, home, lab, lastn
from seqviz.lessons.common import (
    category_label,
    category_text,
    embedding_map,
    item_table,
    map_items_traces,
    read_user,
    representative_item,
    user_history,
    weight_truth_correlation,
    world_now,
)
from seqviz.models import ModelConfig, build_model

configure_threads()


@pytest.fixture(scope="module")
def mia(world):
    return world.demo_users()["mia"]


def model(cfg: ModelConfig, dataset):
    return build_model(cfg, dataset.n_items).eval()


def trace(fig, tag):
    return next(tr for tr in fig.data if tr.meta == tag)


def test_user_history_is_newest_first_and_before_now(world, mia):
    now = world_now(world)
    history = user_history(world, mia, now)
    assert len(history) == len(world.user_events(mia))
    assert history["timestamp"].is_monotonic_decreasing
    assert (history["age_days"] > 0).all() and list(history["slot"]) == list(range(len(history)))


def test_running_average_is_what_avgpool_computes(world, dataset, mia):
    avg = model(ModelConfig("avg", lastn=20), dataset)
    reading = read_user(avg, dataset, mia, [representative_item(world, "coat")])
    path = lastn.running_average(item_table(avg), user_history(world, mia))
    np.testing.assert_allclose(path[19], reading.user_vector[0], atol=1e-5)


def test_category_mix_shares_sum_to_one(world, dataset, mia):
    history = user_history(world, mia)
    mix = lastn.category_mix(history, 10)
    assert mix["window"].sum() == pytest.approx(1) and mix["history"].sum() == pytest.approx(1)
    fig = lastn.category_mix_figure(dataset, mia, 10, "zh")
    assert category_label(mix.index[0], "zh") in fig.data[0].y


def test_reading_a_user_with_din(world, dataset, mia):
    din_model = model(ModelConfig("din", lastn=30), dataset)
    coat, cup = representative_item(world, "coat"), representative_item(world, "cup")
    reading = read_user(din_model, dataset, mia, [coat, cup])
    events = reading.events
    assert set(events["candidate"]) == {coat, cup}
    assert (events.groupby("candidate").size() == min(30, len(world.user_events(mia)))).all()
    assert (events["truth"] >= 0).all() and events["age_days"].gt(0).all()
    assert ((0 < reading.probability) & (reading.probability < 1)).all()
    assert reading.user_vector.shape == (2, din_model.item_emb.embedding_dim)


def test_true_click_probability_matches_the_world(world, dataset):
    row = world.impressions.iloc[5]
    avg = model(ModelConfig("avg"), dataset)
    reading = read_user(avg, dataset, int(row["user_id"]), [int(row["item_id"])], now=int(row["timestamp"]))
    assert reading.true_probability[0] == pytest.approx(row["true_prob"], abs=1e-5)


def test_din_reads_any_n_whatever_n_it_was_trained_at(world, dataset, mia):
    din_model = model(ModelConfig("din", lastn=50), dataset)
    coat = representative_item(world, "coat")
    for n in (1, 7, 120):
        reading = din.read_at(dataset, din_model, mia, coat, n)
        assert len(reading.events) == min(n, len(world.user_events(mia)))
        assert list(reading.events["slot"]) == list(range(len(reading.events)))


def test_weight_truth_correlation():
    events = pd.DataFrame({"weight": [0.1, 0.5, 0.9, 0.2], "truth": [1.0, 2.0, 3.0, 1.5]})
    assert weight_truth_correlation(events) == pytest.approx(1.0)
    assert weight_truth_correlation(events.assign(weight=0.25)) is None  # averaging: undefined
    assert weight_truth_correlation(events.assign(truth=np.nan)) is None  # imported world


def test_pooled_points_and_map(world, dataset, mia):
    din_model = model(ModelConfig("din"), dataset)
    coat = representative_item(world, "coat")
    events = read_user(din_model, dataset, mia, [coat]).events
    table = item_table(din_model)
    average, weighted = din.pooled_points(table, events.assign(weight=1.0))
    np.testing.assert_allclose(average, weighted, atol=1e-6)  # equal weights: DIN is the average
    projection, items = embedding_map(din_model, world)
    fig = din.pooled_map_figure(items, projection, table, events, coat, "coat", "en")
    assert {"din-map-average", "din-map-din", "din-map-candidate"} <= {tr.meta for tr in fig.data}


def test_funnel_and_story_speak_both_languages(world, dataset, mia):
    en, zh = home.funnel_figure("en"), home.funnel_figure("zh")
    assert list(en.data[0].customdata) == sorted(en.data[0].customdata, reverse=True)
    assert en.layout.title.text != zh.layout.title.text and any("精排" in y for y in zh.data[0].y)
    fig = home.story_figure(dataset, "zh")
    assert sum(len(tr.x) for tr in fig.data) == len(world.user_events(mia))
    # inside the bars only the counts, which fit the narrowest; each stage's method goes on the axis
    assert all(len(text) <= len("10,000,000") for text in en.data[0].text)
    assert en.data[0].textposition == "inside" and "<sub>" in en.data[0].y[1]


def test_lab_configs_one_per_n_for_lastn_models_one_for_sim():
    configs = lab.lab_configs(["avg", "din", "sim-hard"], [50, 10, 50], k=30)
    assert [c.label() for c in configs] == ["AvgPool (N=10)", "AvgPool (N=50)", "DIN (N=10, unit)",
                                            "DIN (N=50, unit)", "SIM-hard (K=30, time)"]


def test_lab_job_trains_in_the_background_and_reports(dataset):
    stored = []
    job = lab.LabJob(dataset, [ModelConfig("avg", lastn=5)], epochs=1, seed=0,
                     on_model=lambda cfg, m, row: stored.append((cfg, row["auc"]))).start()
    job.join(120)
    run = job.runs[0]
    assert not job.running and run.status == "done", run.error
    assert run.fraction == 1.0 and len(run.curve) == 1 and stored == [(run.config, run.row["auc"])]
    assert 0 < run.row["auc"] < 1
    assert run.row["oracle_gap"] == pytest.approx(run.row["oracle_auc"] - run.row["auc"])
    table = lab.results_table([run.row], "zh")
    assert "对数损失" in table.columns
    curves = lab.learning_curves_figure(job.runs, "en")
    assert len(curves.data) == 2


def test_a_cancelled_job_stops_and_says_so(dataset):
    job = lab.LabJob(dataset, [ModelConfig("din"), ModelConfig("avg")], epochs=3, seed=0)
    job.cancel()
    job.start().join(60)
    assert [r.status for r in job.runs] == ["cancelled", "cancelled"]


def test_auc_vs_n_draws_lastn_models_as_lines_and_sim_as_a_level():
    interval = {"auc_interval": (0.5, 0.8), "n_impressions": 1000, "n_clicks": 300}
    rows = [lab.result_row(ModelConfig(m, lastn=n), {"auc": a, "gauc": a, "logloss": 0.5, "oracle_auc": 0.9},
                           interval, (0.88, 0.92), 1, 0, 1, 1.0, "lab")
            for m, n, a in (("avg", 10, 0.6), ("avg", 50, 0.62), ("din", 10, 0.63), ("din", 50, 0.66),
                            ("sim-hard", 50, 0.7))]
    fig = lab.auc_vs_n_figure(rows, "en")
    assert list(trace(fig, "auc-n-din").y) == [0.63, 0.66]
    assert list(trace(fig, "auc-n-level-sim-hard").y) == [0.7, 0.7]
    assert list(trace(fig, "auc-n-oracle").y) == [0.9, 0.9]


def test_category_names_from_an_upload_reach_figures_as_text_not_markup():
    items = pd.DataFrame({"item_id": [1, 2], "category": ['<a href="javascript:alert(1)">x</a>', "cup"],
                          "x": [0.0, 1.0], "y": [0.0, 1.0]})
    names = [trace.name for trace in map_items_traces(items, "en")]
    assert all("<" not in name for name in names)
    assert any("&lt;a href" in name for name in names)
    assert category_text("<b>cup</b>", "en").endswith("<b>cup</b>")  # widgets show it as typed
