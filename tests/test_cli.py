"""The CLI: one JSON line with the promised keys, one error line and status 2 for bad input."""

import json
import math
from pathlib import Path

import pytest

from seqviz.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "movielens_small.csv"
KEYS = {"model", "auc", "gauc", "logloss", "oracle_auc", "attention_truth_corr", "attention_contrast",
        "attention_contrast_n", "time_effect_truth_corr", "time_effect_truth_pearson", "train_seconds",
        "samples_per_second", "device", "lastn", "k", "time", "seed", "train_seed", "epochs", "n_train",
        "n_test"}


def test_train_json_prints_exactly_one_line_with_every_key(capsys):
    assert main(["train", "--model", "sim-hard", "--seed", "3", "--users", "120", "--epochs", "1",
                 "--k", "20", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert KEYS <= row.keys()
    assert row["model"] == "sim-hard" and row["k"] == 20 and row["seed"] == 3 and row["time"] is True
    assert 0.5 < row["oracle_auc"] <= 1 and math.isfinite(row["auc"])
    assert 0 <= row["search_overlap"] <= 1 and 0 <= row["truth_recall_at_k"] <= 1  # every SIM reports them
    assert -1 <= row["time_effect_truth_pearson"] <= 1  # the values, beside the order's Spearman


def _train_json(capsys, *extra) -> dict:
    assert main(["train", "--model", "din", "--seed", "4", "--users", "120", "--epochs", "1", "--json",
                 *extra]) == 0
    return json.loads(capsys.readouterr().out.strip())


def test_train_seed_is_its_own_and_the_cli_stays_deterministic(capsys):
    default, again, other = (_train_json(capsys), _train_json(capsys),
                             _train_json(capsys, "--train-seed", "9"))
    assert default["train_seed"] == 4 and other["train_seed"] == 9 and other["seed"] == 4
    assert default["auc"] == again["auc"] and default["attention_contrast"] == again["attention_contrast"]
    assert other["auc"] != default["auc"] and other["n_test"] == default["n_test"]  # same world


def test_generate_then_train_on_the_written_world(tmp_path, capsys):
    assert main(["generate", "--out", str(tmp_path / "w"), "--users", "80", "--seed", "5"]) == 0
    assert {p.name for p in (tmp_path / "w").iterdir()} >= {"events.csv", "impressions.csv", "items.csv",
                                                             "meta.json"}
    assert main(["train", "--data", str(tmp_path / "w"), "--model", "avg", "--epochs", "1", "--json"]) == 0
    row = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert row["oracle_auc"] is not None  # the truth travels with the CSV files


def test_events_only_log_trains(capsys):
    assert main(["train", "--data", str(FIXTURE), "--model", "din", "--epochs", "1", "--json"]) == 0
    row = json.loads(capsys.readouterr().out.strip())
    assert math.isfinite(row["auc"]) and row["oracle_auc"] is None


def test_columns_are_chosen_by_flag_or_guessed_with_a_warning(tmp_path, capsys):
    log = FIXTURE.read_text().splitlines()
    shop = tmp_path / "shop.csv"
    shop.write_text("\n".join(["customer,product,rating,ts,title,genres"] + log[1:]))
    assert main(["train", "--data", str(shop), "--model", "avg", "--epochs", "1", "--json"]) == 0
    captured = capsys.readouterr()
    assert "read 'customer' as user_id; 'product' as item_id" in captured.err
    odd = tmp_path / "odd.csv"
    odd.write_text("\n".join(["who,what,rating,ts,title,genres"] + log[1:]))
    assert main(["train", "--data", str(odd), "--model", "avg", "--epochs", "1"]) == 2
    assert "--columns user_id=COLUMN,item_id=title,category=genres,timestamp=ts" in capsys.readouterr().err
    assert main(["train", "--data", str(odd), "--columns", "user=who,item=what", "--model", "avg",
                 "--epochs", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["auc"] == json.loads(captured.out)["auc"]


@pytest.mark.parametrize("argv, words", [
    (["train", "--model", "foo"], "invalid choice"),
    (["train", "--lastn", "0"], "at least 1"),
    (["train", "--epochs", "two"], "whole number"),
    (["train", "--data", "/nonexistent/folder"], "nonexistent"),
    (["train", "--device", "tpu"], "unknown device"),
    (["train", "--columns", "user"], "name=header pairs"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_gives_one_error_line_and_status_2(capsys, argv, words):
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and words in err[0]
    assert "Traceback" not in captured.err + captured.out
