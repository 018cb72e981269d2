"""Each lesson's main picture as a plain function: the steps the browser moves through show what
their step says, and the story's numbers travel with them. No Streamlit, untrained models: every
property checked here holds whatever the weights are."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import untrained, values

from seqviz.data import Dataset
from seqviz.history import TIME_BUCKET_EDGES
from seqviz.lessons import din, lastn, sim, timebuckets, towers
from seqviz.lessons.common import (
    aligned_ranges,
    category_label,
    log_ticks,
    representative_item,
    user_history,
    world_now,
)
from seqviz.lessons.stepped import value_steps
from seqviz.lessons.window import attend, search_window
from seqviz.models import ModelConfig
from seqviz.text import t
from seqviz.world import DAY


def step_points(picture, tag: str) -> dict[int, int]:
    """Points drawn by the traces tagged `tag`, in each step's update."""
    data = picture.figure["data"]
    tagged = {i for i, trace in enumerate(data) if trace.get("meta") == tag}
    return {step: sum(len(trace["x"]) for i, trace in zip(update["traces"], update["data"], strict=True)
                      if i in tagged)
            for step, update in zip(picture.steps, picture.updates, strict=True)}


def shown_points(figure: dict, tag: str) -> int:
    return sum(len(values(trace["x"])) for trace in figure["data"] if trace.get("meta") == tag)


def test_value_steps_are_dense_at_first_then_log_spaced():
    steps = value_steps(500)
    assert steps[:20] == list(range(1, 21)) and steps[-1] == 500 and 50 in steps
    assert steps == sorted(set(steps)) and len(steps) < 60
    assert value_steps(7) == list(range(1, 8)) and value_steps(0) == [1]


def test_log_ticks_are_written_in_full():
    ticks = log_ticks(0.05, 300)
    assert ticks["ticktext"][:4] == ["0.05", "0.1", "0.2", "0.5"] and "200" in ticks["ticktext"]
    assert log_ticks(1, 1e10)["tickvals"] == [10.0 ** e for e in range(11)]  # decades only when wide


def test_aligned_ranges_put_both_zeros_at_one_height():
    left, right = aligned_ranges(np.array([-1.0, 3.0]), np.array([0.0, 0.5]))
    assert left[0] / left[1] == pytest.approx(right[0] / right[1]) == pytest.approx(-1 / 3)


def test_steps_travel_as_strict_json():
    """A NaN (a closeness with nothing kept) once reached the browser as JSON it cannot parse."""
    import json

    from seqviz.lessons.stepped import _plain

    update = _plain([{"x": np.array([1.0, np.nan]), "y": [np.float32(0.5)],
                     "customdata": np.array([["a", "b"]])}])
    assert json.loads(json.dumps(update, allow_nan=False)) == [{"x": [1.0, None], "y": [0.5],
                                                              "customdata": [["a", "b"]]}]


def test_lastn_every_frame_holds_the_newest_n_events(seed3_world, seed3_dataset):
    mia = seed3_world.demo_users()["mia"]
    picture = lastn.main_picture(seed3_dataset, untrained(seed3_world, "avg"), mia, "en")
    history = user_history(seed3_world, mia)
    assert picture.steps[-1] == len(history)
    assert step_points(picture, "lastn-window") == {n: n for n in picture.steps}
    assert step_points(picture, "lastn-average") == {n: 1 for n in picture.steps}
    for n in (1, 7, picture.steps[-1]):
        assert shown_points(picture.at(n), "lastn-window") == n
        assert f"N = {n}:" in picture.readouts[picture.steps.index(n)]
    assert picture.nearest(10_000) == picture.steps[-1] and picture.payload_bytes() < 1_000_000
    # the star's trail: where the average has been from N = 1 up to the slider's N
    assert step_points(picture, "lastn-trail") == {n: n for n in picture.steps}


def test_lastn_map_lies_on_the_plane_of_the_users_three_interests(sample_world, sample_dataset):
    """PCA of all 600 items put mia's books, cups and coats in one cloud; on the plane through the
    three categories' mean embeddings those three means are as far apart as the embeddings allow."""
    from seqviz.lessons.common import embedding_map
    from seqviz.sample import load_sample_model

    model = load_sample_model(ModelConfig("avg"))[0]
    interests = ["book", "cup", "coat"]

    def spread(items):  # smallest distance between two interests' centres, over the items' mean spread
        centres = items.groupby("category")[["x", "y"]].mean().loc[interests].to_numpy()
        gaps = [np.linalg.norm(a - b) for i, a in enumerate(centres) for b in centres[i + 1:]]
        inside = items[items["category"].isin(interests)]
        scatter = np.linalg.norm(inside[["x", "y"]].to_numpy()
                                 - items.groupby("category")[["x", "y"]].transform("mean").loc[inside.index]
                                 .to_numpy(), axis=1).mean()
        return min(gaps) / scatter

    planar = spread(embedding_map(model, sample_world, interests)[1])
    assert planar > 1.5 * spread(embedding_map(model, sample_world)[1])


def test_din_bars_follow_n_with_a_legend_and_the_truth_on_the_same_zero(seed3_world, seed3_dataset):
    eva = seed3_world.demo_users()["eva"]
    coat = representative_item(seed3_world, "coat")
    din_model = untrained(seed3_world, "din")
    picture = din.main_picture(seed3_dataset, din_model, untrained(seed3_world, "avg"), eva, coat, "en")
    assert step_points(picture, "din-weights") == {n: n for n in picture.steps}
    assert step_points(picture, "din-truth") == {n: n for n in picture.steps}
    layout = picture.figure["layout"]
    left, right = layout["yaxis"]["range"], layout["yaxis2"]["range"]
    assert left[0] / left[1] == pytest.approx(right[0] / right[1])
    bars = [trace for trace in picture.figure["data"] if trace.get("meta") == "din-weights"]
    names = {trace["name"] for trace in bars}
    assert category_label("coat", "en") in names and len(names) == len(bars)  # one legend entry each
    assert all(trace.get("showlegend") is not False for trace in bars)
    assert all("DIN predicts" in r and "AvgPool" in r and "true probability" in r for r in picture.readouts)
    assert len(set(picture.readouts)) == len(picture.steps)  # the numbers move with N
    for n, update in zip(picture.steps, picture.updates, strict=True):  # whole slots only, ten ticks at most
        axis = update["layout"]["xaxis"]
        assert float(axis["dtick"]).is_integer() and axis["dtick"] >= 1 and n <= 10 * axis["dtick"]
    assert picture.updates[0]["layout"]["xaxis"]["dtick"] == 1  # N = 1: one tick, at slot 1
    # at N = 200 a DIN trained at 50 gave sunglasses and books weight and overshot the truth, unexplained
    beyond = t("din.readout.beyond", "en", trained=din_model.lastn)
    assert [beyond in r for r in picture.readouts] == [n > 2 * din_model.lastn for n in picture.steps]
    for n in (1, 7, picture.steps[-1]):  # one pass over every N reads what a pass per N would
        readout = picture.readouts[picture.steps.index(n)]
        predicted = din.read_at(seed3_dataset, din_model, eva, coat, n).probability[0]
        assert f"DIN predicts {predicted:.1%}" in readout


def test_din_readout_says_how_far_the_coats_outweigh_the_rest_and_when_that_falls_short(sample_world,
                                                                                          sample_dataset):
    """On the shipped DIN, eva's coats outweigh the unrelated events 4.9x at N = 50 but only 2.7x at
    N = 5: the bars there cannot carry the lesson's 3x, and the readout says so instead."""
    from seqviz.sample import load_sample_model

    model, average = (load_sample_model(ModelConfig(name))[0] for name in ("din", "avg"))
    eva, coat = sample_world.demo_users()["eva"], representative_item(sample_world, "coat")
    picture = din.main_picture(sample_dataset, model, average, eva, coat, "en")
    for n in picture.steps:
        events = din.read_at(sample_dataset, model, eva, coat, n).events
        ratio = din.contrast(events, events["weight"].to_numpy(), "coat")
        readout = picture.readouts[picture.steps.index(n)]
        if ratio is None:
            assert "the unrelated ones" not in readout
        else:
            assert din.contrast_words(ratio, "coat", n, "en") in readout
            assert ("only" in readout) == (ratio < din.CONTRAST)
    assert "only" in picture.readouts[picture.steps.index(5)]


def test_din_note_says_where_the_story_does_not_hold(sample_world, sample_dataset):
    """The shipped DIN weighs eva's coats 4.9x the unrelated events: the note tells the story. A DIN that
    learned nothing weighs them alike, and the note says so with the figure instead."""
    from seqviz.sample import load_sample_model

    eva, coat = sample_world.demo_users()["eva"], representative_item(sample_world, "coat")
    shipped = load_sample_model(ModelConfig("din"))[0]
    assert din.main_notice(sample_dataset, shipped, eva, coat, "en")[0] == "din.main.notice"
    key, words = din.main_notice(sample_dataset, untrained(sample_world, "din"), eva, coat, "zh")
    assert key == "din.main.weak" and words["ratio"] < din.CONTRAST and words["ad"] == "🧥 外套"
    assert f"{words['ratio']:.1f}" in t(key, "zh", **words)


def test_din_readout_counts_the_ads_events_beyond_the_window(seed3_world, seed3_dataset):
    """mia's coats, bought last winter, lie beyond her last 50 events: with no word on the page DIN's
    low prediction for a coat ad (AvgPool's above it) read as DIN failing at its own lesson."""
    mia, coat = seed3_world.demo_users()["mia"], representative_item(seed3_world, "coat")
    picture = din.main_picture(seed3_dataset, untrained(seed3_world, "din"), None, mia, coat, "en")
    history = user_history(seed3_world, mia)
    coats = (history["category"] == "coat").to_numpy()
    for n, readout in zip(picture.steps, picture.readouts, strict=True):
        inside, beyond = int(coats[:n].sum()), int(coats[n:].sum())
        words = t("din.readout.beyond_window", "en", inside=inside, beyond=beyond, ad="🧥 coat")
        assert (words in readout) == (beyond > 0), readout


def test_din_readout_says_when_avgpool_is_nearer_the_truth():
    assert t("din.readout.avg_nearer", "en") in din.probability_words(50, 0.40, 0.45, 0.9, "en")
    assert t("din.readout.avg_nearer", "zh") not in din.probability_words(50, 0.80, 0.45, 0.9, "zh")


def test_sim_frames_keep_k_events_of_the_candidate_category(seed3_world, seed3_dataset):
    leo = seed3_world.demo_users()["leo"]
    coat = representative_item(seed3_world, "coat")
    sim_model = untrained(seed3_world, "sim-hard")
    picture = sim.main_picture(seed3_dataset, sim_model, leo, coat, 5000, "zh")
    coats = int((seed3_world.user_events(leo)["category"] == "coat").sum())
    assert step_points(picture, "sim-selected") == {k: min(k, coats) for k in picture.steps}
    kept_traces = {trace["name"] for i, trace in enumerate(picture.at(50)["data"])
                   if trace.get("meta") == "sim-selected" and len(values(trace["x"]))}
    assert kept_traces == {f"选中 {category_label('coat', 'zh')}"}
    assert step_points(picture, "sim-at-k") == {k: 1 for k in picture.steps}
    assert all("天前" in r for r in picture.readouts)


def test_sim_draws_one_closeness_and_says_what_found_counts(sample_world, sample_dataset):
    """The panel drew a second cosine (to the model's own full attention) that stayed at 0.5-0.65 under a
    note saying the vector points where full attention points; and at K = 118, with 25 events kept, it
    read "truly most relevant K found: 89 %"."""
    from seqviz.sample import load_sample_model

    mia, coat = sample_world.demo_users()["mia"], representative_item(sample_world, "coat")
    hard = load_sample_model(ModelConfig("sim-hard"))[0]
    picture = sim.main_picture(sample_dataset, hard, mia, coat, 118, "en")
    metas = {trace.get("meta") for trace in picture.figure["data"]}
    assert "sim-cosine_truth" in metas and "sim-cosine_model" not in metas
    asking = picture.masked("?").at(50)["layout"]  # before the answer: no curve, the same axes
    assert asking["xaxis2"]["range"] == pytest.approx([0, np.log10(picture.steps[-1])])
    assert asking["yaxis2"]["side"] == "right"  # its title had sat inside the history panel
    for k, readout in zip(picture.steps, picture.readouts, strict=True):
        kept = int(re.search(r"kept (\d+)", readout).group(1))
        found, wanted = map(int, re.search(r"found (\d+) of the (\d+) most relevant", readout).groups())
        assert found <= min(kept, wanted) and wanted <= k, readout


@pytest.mark.parametrize("search", ["hard", "soft"])
def test_closeness_in_one_pass_keeps_what_one_search_per_k_keeps(seed3_world, search):
    leo = seed3_world.demo_users()["leo"]
    window = search_window(seed3_world, leo, seed3_world.events["timestamp"].max() + 1, 3000)
    item = representative_item(seed3_world, "coat")
    category = int(seed3_world.item_category()[item])
    sim_model = untrained(seed3_world, f"sim-{search}")
    sim_model.prepare(Dataset(seed3_world).history, int(window.now))  # soft search needs its item vectors
    curve = sim.closeness_curve(sim_model, window, item, category, [1, 5, 50, 400], search).set_index("k")
    for k, kept in curve["kept"].items():
        np.testing.assert_array_equal(kept, attend(sim_model, window, item, category, k=k).positions)


def test_sim_without_truth_says_what_it_compares_with(seed3_world, seed3_dataset):
    from seqviz.world import World

    world = seed3_world
    imported = World(world.items, world.events, world.impressions, world.categories)  # no truth
    leo = seed3_world.demo_users()["leo"]
    picture = sim.main_picture(Dataset(imported), untrained(seed3_world, "sim-hard"), leo,
                               representative_item(seed3_world, "coat"), 500, "en")
    assert not any("ideal" in r or "truly" in r for r in picture.readouts)
    assert any("its own full attention" in r for r in picture.readouts)


def test_time_buckets_the_event_moves_through_its_buckets(seed3_world, seed3_dataset):
    coat = representative_item(seed3_world, "coat")
    with_time = untrained(seed3_world, "sim-hard")
    without_time = untrained(seed3_world, "sim-hard", time=False)
    picture = timebuckets.main_picture(seed3_dataset, with_time, without_time, coat, "en")
    data = picture.figure["data"]
    band = next(i for i, trace in enumerate(data) if trace.get("meta") == "tb-bucket")
    event = next(i for i, trace in enumerate(data) if trace.get("meta") == "tb-event")
    for step, update, readout in zip(picture.steps, picture.updates, picture.readouts, strict=True):
        age = step / 24
        moved = dict(zip(update["traces"], update["data"], strict=True))
        assert moved[event]["x"][0] == pytest.approx(age, rel=1e-4)
        lo, hi = min(moved[band]["x"]), max(moved[band]["x"])
        assert lo <= age * (1 + 1e-4) and age < hi  # the lit bucket is the event's
        bucket = int(np.searchsorted(TIME_BUCKET_EDGES / DAY, age, side="right"))
        assert f"bucket {bucket} " in readout
    without = next(trace for trace in data if trace.get("meta") == "tb-without")
    assert len(set(values(without["y"]))) == 1  # without time every age weighs the same
    assert picture.names[0] == "1 hour" and "years" in picture.names[-1]
    # no bucket older than the oldest event: SIM never saw one there, and its untouched weight read as learned
    oldest = (world_now(seed3_world) - seed3_world.events["timestamp"].min()) / DAY
    learned = next(trace for trace in data if trace.get("meta") == "tb-learned")
    assert max(values(learned["x"])) <= 1.05 * oldest and picture.steps[-1] / 24 <= oldest


def test_towers_attention_costs_more_at_every_m(seed3_world, seed3_dataset):
    leo = seed3_world.demo_users()["leo"]
    din_model, avg_model = untrained(seed3_world, "din"), untrained(seed3_world, "avg")
    picture = towers.main_picture(seed3_dataset, din_model, avg_model, leo, 1000, "en")
    for m, update in zip(picture.steps, picture.updates, strict=True):
        ((marker,),) = [update["data"]]
        attention, average = marker["y"]
        # with one candidate, pooling once can cost as much as scoring once; from ten on it cannot
        assert attention > average or m < 10
    assert "×" in picture.readouts[-1]


def test_model_names_speak_the_page_language():
    from seqviz.lessons.common import model_label

    assert model_label(ModelConfig("avg", lastn=20), "zh") == "平均池化（N=20）"
    assert model_label(ModelConfig("sim-soft", time=False), "zh") == "SIM（软检索）（K=50，无时间）"
    dot = ModelConfig("din", scorer="dot", softmax=True)
    assert model_label(dot, "en") == "DIN (N=50, inner product, softmax)"


def test_log_axes_label_their_ticks_in_full(seed3_world, seed3_dataset):
    """The first round's log axes printed Plotly's minor labels, '2 5 2', where 5 meant 0.5."""
    leo = seed3_world.demo_users()["leo"]
    din_model, avg_model = untrained(seed3_world, "din"), untrained(seed3_world, "avg")
    picture = towers.main_picture(seed3_dataset, din_model, avg_model, leo, 1000, "en")
    for axis in ("xaxis", "yaxis"):
        ticks = picture.figure["layout"][axis]
        assert ticks["type"] == "log" and len(ticks["tickvals"]) == len(ticks["ticktext"]) > 3
        pairs = zip(ticks["tickvals"], ticks["ticktext"], strict=True)
        assert all(float(text.replace(",", "")) == pytest.approx(value)
                   for value, text in pairs if text.isascii())
