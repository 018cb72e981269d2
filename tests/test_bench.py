"""`seqviz bench` on a tiny plan: every part is measured and reported. No timings are asserted."""

from __future__ import annotations

import json

import pytest
import torch

from seqviz.bench import DEFAULT_CONFIGS, BenchPlan, format_table, long_history_world, run_bench
from seqviz.device import configure_threads
from seqviz.history import History
from seqviz.lessons.lab import PRESETS

configure_threads()

TINY = BenchPlan(users=40, epochs=1, history_lengths=(50, 200, 2_000), din_max_length=200,
                 soft_max_length=2_000, candidates=30,
                 k=10, thread_steps=2, lab_epochs=2)


THREADS_BEFORE = 3  # neither 1 nor 2, the counts the bench steps through: a broken restore shows
AFTER: dict[str, int] = {}


@pytest.fixture(scope="module")
def result():
    configured = torch.get_num_threads()
    torch.set_num_threads(THREADS_BEFORE)
    try:
        measured = run_bench("cpu", plan=TINY)
        AFTER["threads"] = torch.get_num_threads()
    finally:
        torch.set_num_threads(configured)
    return measured


def test_bench_measures_every_part(result):
    assert [r["model"] for r in result["training"]] == [c.label() for c in DEFAULT_CONFIGS]
    for row in result["training"]:
        assert row["samples_per_second"] > 0 and row["best_epoch"] == 1
        assert 0 < row["seconds_to_best_epoch"] and row["step_peak_mb"] > 0
    parts = {(r["part"], r["n"]) for r in result["inference"]}
    for n in TINY.history_lengths:
        assert {("sim-hard", n), ("sim-soft", n), ("sim-twin", n), ("gsu-hard", n), ("gsu-soft", n),
                ("gsu-twin", n), ("esu", n), ("sdim-index", n), ("gsu-sdim", n), ("sim-sdim", n)} <= parts
    assert ("din-full", 200) in parts and ("din-full", 2_000) not in parts  # beyond din_max_length
    assert all(r["ms"] > 0 and r["peak_mb"] is not None for r in result["inference"])
    assert [r["threads"] for r in result["thread_steps"]] == [1, 2]
    lab = result["lab_conclusion"]  # seven trainings through the worker pool, and in a thread
    assert len(lab["models"]) == 7 and all(1 <= m["epochs_run"] <= 2 for m in lab["models"].values())
    assert result["lab_conclusion_seconds"] > 0 and result["lab_conclusion_thread_seconds"] > 0
    assert 0 < result["lab_first_result_seconds"] < result["lab_conclusion_seconds"]
    assert all(0.5 < m["auc"] < 1 for m in lab["models"].values())  # a speed-up cannot hide a worse model
    # the preset as its button trains it: the same seven, at most the preset's epochs, not the bench's cap
    pressed = result["lab_preset"]
    assert pressed["max_epochs"] == PRESETS["lab.preset.conclusion"]["epochs"] != TINY.lab_epochs
    assert pressed["models"].keys() == lab["models"].keys()
    assert all(1 <= m["epochs_run"] <= pressed["max_epochs"] and 0.5 < m["auc"] < 1
               for m in pressed["models"].values())
    assert 0 < result["lab_preset_first_result_seconds"] < result["lab_preset_seconds"]
    ratios = result["ratios"]
    assert ratios["sim-hard N=2000/N=200"] > 0 and ratios["din-full N=200/N=50"] > 0
    assert ratios["gsu-sdim N=2000/N=200"] > 0


def test_bench_restores_thread_count(result):
    assert AFTER["threads"] == THREADS_BEFORE == result["threads"]


def test_bench_output_is_one_json_object_and_a_table(result):
    assert json.loads(json.dumps(result)) == result
    table = format_table(result)
    for label in ["AvgPool (N=50)", "gsu-hard", "N=2,000", "Ratios:", "conclusion preset",
                  "as its button trains it", "each to early stopping"]:
        assert label in table


def test_long_history_world_has_one_user_with_n_events_before_the_candidates():
    world = long_history_world(300, candidates=7)
    history = History.of_world(world)
    assert len(history) == 300 and len(world.impressions) == 7
    assert world.events["timestamp"].max() < world.impressions["timestamp"].min()
    user = torch.zeros(1, dtype=torch.long)
    when = torch.tensor([world.impressions["timestamp"].iloc[0]])
    assert history.length(user, when).item() == 300


def test_bench_can_measure_the_inference_latency_alone():
    alone = run_bench("cpu", plan=TINY, only="inference")
    assert "training" not in alone and "lab_conclusion" not in alone
    assert {("gsu-sdim", 2_000), ("sdim-index", 2_000), ("gsu-hard", 2_000)} <= {
        (r["part"], r["n"]) for r in alone["inference"]}
    assert alone["ratios"]["gsu-sdim N=2000/N=200"] > 0
    table = format_table(alone)
    assert "gsu-sdim" in table and "Ratios:" in table and "Training" not in table
