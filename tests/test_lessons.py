"""The Home, LastN and DIN lessons as plain functions: data and figures, no Streamlit.

A small generated world and untrained models keep it fast; every property checked here holds
whatever the weights are."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seqviz.device import configure_threads
from seqviz.lessons import din, home, lastn
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
def mia(seed7_world):
    return seed7_world.demo_users()["mia"]


def model(cfg: ModelConfig, seed7_dataset):
    return build_model(cfg, seed7_dataset.n_items).eval()


def trace(fig, tag):
    return next(tr for tr in fig.data if tr.meta == tag)


def test_user_history_is_newest_first_and_before_now(seed7_world, mia):
    now = world_now(seed7_world)
    history = user_history(seed7_world, mia, now)
    assert len(history) == len(seed7_world.user_events(mia))
    assert history["timestamp"].is_monotonic_decreasing
    assert (history["age_days"] > 0).all() and list(history["slot"]) == list(range(len(history)))


def test_running_average_is_what_avgpool_computes(seed7_world, seed7_dataset, mia):
    avg = model(ModelConfig("avg", lastn=20), seed7_dataset)
    reading = read_user(avg, seed7_dataset, mia, [representative_item(seed7_world, "coat")])
    path = lastn.running_average(item_table(avg), user_history(seed7_world, mia))
    np.testing.assert_allclose(path[19], reading.user_vector[0], atol=1e-5)


def test_category_mix_shares_sum_to_one(seed7_world, seed7_dataset, mia):
    history = user_history(seed7_world, mia)
    mix = lastn.category_mix(history, 10)
    assert mix["window"].sum() == pytest.approx(1) and mix["history"].sum() == pytest.approx(1)
    fig = lastn.category_mix_figure(seed7_dataset, mia, 10, "zh")
    assert category_label(mix.index[0], "zh") in fig.data[0].y


def test_reading_a_user_with_din(seed7_world, seed7_dataset, mia):
    din_model = model(ModelConfig("din", lastn=30), seed7_dataset)
    coat, cup = representative_item(seed7_world, "coat"), representative_item(seed7_world, "cup")
    reading = read_user(din_model, seed7_dataset, mia, [coat, cup])
    events = reading.events
    assert set(events["candidate"]) == {coat, cup}
    assert (events.groupby("candidate").size() == min(30, len(seed7_world.user_events(mia)))).all()
    assert (events["truth"] >= 0).all() and events["age_days"].gt(0).all()
    assert ((0 < reading.probability) & (reading.probability < 1)).all()
    assert reading.user_vector.shape == (2, din_model.item_emb.embedding_dim)


def test_true_click_probability_matches_the_world(seed7_world, seed7_dataset):
    row = seed7_world.impressions.iloc[5]
    avg = model(ModelConfig("avg"), seed7_dataset)
    reading = read_user(avg, seed7_dataset, int(row["user_id"]), [int(row["item_id"])],
                        now=int(row["timestamp"]))
    assert reading.true_probability[0] == pytest.approx(row["true_prob"], abs=1e-5)


def test_din_reads_any_n_whatever_n_it_was_trained_at(seed7_world, seed7_dataset, mia):
    din_model = model(ModelConfig("din", lastn=50), seed7_dataset)
    coat = representative_item(seed7_world, "coat")
    for n in (1, 7, 120):
        reading = din.read_at(seed7_dataset, din_model, mia, coat, n)
        assert len(reading.events) == min(n, len(seed7_world.user_events(mia)))
        assert list(reading.events["slot"]) == list(range(len(reading.events)))


def test_weight_truth_correlation():
    events = pd.DataFrame({"weight": [0.1, 0.5, 0.9, 0.2], "truth": [1.0, 2.0, 3.0, 1.5]})
    assert weight_truth_correlation(events) == pytest.approx(1.0)
    assert weight_truth_correlation(events.assign(weight=0.25)) is None  # averaging: undefined
    assert weight_truth_correlation(events.assign(truth=np.nan)) is None  # imported world


def test_pooled_points_and_map(seed7_world, seed7_dataset, mia):
    din_model = model(ModelConfig("din"), seed7_dataset)
    coat = representative_item(seed7_world, "coat")
    events = read_user(din_model, seed7_dataset, mia, [coat]).events
    table = item_table(din_model)
    average, weighted = din.pooled_points(table, events.assign(weight=1.0))
    np.testing.assert_allclose(average, weighted, atol=1e-6)  # equal weights: DIN is the average
    projection, items = embedding_map(din_model, seed7_world)
    fig = din.pooled_map_figure(items, projection, table, events, coat, "coat", "en")
    assert {"din-map-average", "din-map-din", "din-map-candidate"} <= {tr.meta for tr in fig.data}


def test_funnel_and_story_speak_both_languages(seed7_world, seed7_dataset, mia):
    en, zh = home.funnel_figure("en"), home.funnel_figure("zh")
    assert list(en.data[0].customdata) == sorted(en.data[0].customdata, reverse=True)
    assert en.layout.title.text != zh.layout.title.text and any("精排" in y for y in zh.data[0].y)
    fig = home.story_figure(seed7_dataset, "zh")
    assert sum(len(tr.x) for tr in fig.data) == len(seed7_world.user_events(mia))
    # inside the bars only the counts, which fit the narrowest; each stage's method goes on the axis
    assert all(len(text) <= len("10,000,000") for text in en.data[0].text)
    assert en.data[0].textposition == "inside" and "<br>two-tower" in en.data[0].y[1]
    # the counts are not shrunk to fit a narrow bar (they were ~7 px), and no text is set small
    assert en.layout.uniformtext.minsize >= 12 and "<sub>" not in "".join(en.data[0].y)
    assert fig.layout.xaxis.tickformat == "%Y年%-m月"  # Plotly's month names are English


def test_category_names_from_an_upload_reach_figures_as_text_not_markup():
    items = pd.DataFrame({"item_id": [1, 2], "category": ['<a href="javascript:alert(1)">x</a>', "cup"],
                          "x": [0.0, 1.0], "y": [0.0, 1.0]})
    names = [trace.name for trace in map_items_traces(items, "en")]
    assert all("<" not in name for name in names)
    assert any("&lt;a href" in name for name in names)
    assert category_text("<b>cup</b>", "en").endswith("<b>cup</b>")  # widgets show it as typed


def test_the_mix_question_asks_only_what_has_one_answer_and_names_anyone(seed7_world):
    """On an imported log the question declared "book" the answer of a 6-6 tie; and every user was "her"."""
    user = next(u for u in range(seed7_world.n_users) if u not in seed7_world.demo_users().values())
    history = pd.DataFrame({"category": ["book"] * 6 + ["cup"] * 6})
    assert lastn.mix_question(seed7_world, user, history, 12) is None
    history = pd.DataFrame({"category": ["book"] * 7 + ["cup"] * 6})
    question = lastn.mix_question(seed7_world, user, history, 13)
    assert question.answer == "book"
    assert f"user #{user}'s 13 events" in question.prompt["en"] and f"用户 #{user}" in question.prompt["zh"]
    assert " her " not in question.prompt["en"] and "她" not in question.prompt["zh"]


def test_a_figure_for_a_phone_breaks_its_title_notes_and_legend_into_lines_that_fit():
    from plotly.subplots import make_subplots

    from seqviz.lessons.common import NARROW_TITLE_WIDTH, narrow_layout, wrapped

    fig = make_subplots(1, 2, subplot_titles=["the history; shaded: the LastN window", "右图：物品地图"])
    fig.add_scatter(x=[1], y=[1], name="the learned weight of one coat event by its age, with time")
    fig.update_layout(title="How eva's last 50 events weigh for a coat ad, against the world's truth",
                      height=300, margin=dict(t=50, b=10))
    narrow = narrow_layout(fig.to_dict())
    title = narrow["layout"]["title"]["text"]
    assert title.replace("<br>", " ") == fig.layout.title.text and "<br>" in title
    assert all(len(line) <= NARROW_TITLE_WIDTH for line in title.split("<br>"))
    assert "<br>" in narrow["data"][0]["name"] and narrow["layout"]["legend"]["orientation"] == "v"
    assert narrow["layout"]["height"] > 300 and narrow["layout"]["margin"]["b"] > 10
    assert wrapped("一二三四五六七八九十" * 3, 20) == ["一二三四五六七八九十"] * 3  # CJK: two wide
