"""Importing a user's behaviour log: each validation case's message, each repair's warning, and a
MovieLens-shaped log imported end to end and trained on."""

from __future__ import annotations

import gzip
import importlib.util
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from seqviz import ingest
from seqviz.data import Dataset
from seqviz.device import configure_threads
from seqviz.ingest import LogError, build_impressions, load_any, read_log
from seqviz.io import save_world
from seqviz.metrics import evaluate
from seqviz.models import MODELS, ModelConfig
from seqviz.train import train
from seqviz.world import DAY, generate

FIXTURE = Path(__file__).parent / "fixtures" / "movielens_small.csv"
END = 1_537_799_250  # 2018-09-24
HEADER = "user_id,item_id,category,timestamp"


def event_rows(users: int = 6, per_user: int = 8) -> list[list[str]]:
    """A small valid events-only log over 32 days: every user active in every split week."""
    rows = []
    for u in range(users):
        for k in range(per_user):
            days_back = 32 - k * 31 / (per_user - 1)
            item = (u * 3 + k) % 12 + 1
            rows.append([str(u + 1), str(item), ("coat", "cup", "book")[item % 3],
                         str(int(END - days_back * DAY))])
    return rows


def as_csv(rows: list[list[str]], header: str = HEADER) -> bytes:
    return ("\n".join([header] + [",".join(r) for r in rows]) + "\n").encode()


def impression_rows() -> list[list[str]]:
    rows = []
    for u in range(6):
        for k, days_back in enumerate((25, 20, 10, 9, 2, 1)):
            rows.append([str(u + 1), str(int(END - days_back * DAY + 60)), str((u + k) % 12 + 1), str(k % 2)])
    return rows


IMP_HEADER = "user_id,timestamp,item_id,clicked"


def with_cell(rows, row, col, value):
    rows = [list(r) for r in rows]
    rows[row][col] = value
    return rows


def test_split_constants_match_dataset_defaults():
    params = inspect.signature(Dataset.__init__).parameters
    assert params["test_days"].default == ingest.TEST_DAYS
    assert params["valid_days"].default == ingest.VALID_DAYS


def test_valid_events_only_log_imports_with_only_the_small_test_week_warning():
    result = read_log(as_csv(event_rows()))
    world = result.world
    assert len(result.warnings) == 1 and "test metrics will be noisy" in str(result.warnings[0])
    assert world.truth is None and world.meta["source"] == "imported"
    assert world.meta["shape"] == "events-only"
    assert world.items["item_id"].tolist() == list(range(1, 13))
    assert world.n_users == 6
    assert set(world.impressions["clicked"]) == {0, 1}
    assert isinstance(world.meta["impression_rule"], str)


# --- fatal cases: one message each, naming what, where and how to fix

FATAL_CASES = {
    "empty file": (b"", ["empty", "header line"]),
    "header only": (HEADER.encode() + b"\n", ["no data rows", "add one row"]),
    "not utf-8": (as_csv(with_cell(event_rows(), 3, 2, "caf\xe9")).decode().encode("latin-1"),
                  ["line 5", "not UTF-8", "CSV UTF-8"]),
    "utf-16": (as_csv(event_rows()).decode().encode("utf-16"), ["NUL", "CSV UTF-8"]),
    "excel workbook": (b"PK\x03\x04" + b"\x00" * 40, ["Excel", "CSV UTF-8"]),
    "json": (b'[{"user_id": 1}]', ["JSON", "convert"]),
    "html": (b"<html><body>404</body></html>", ["HTML", "raw CSV"]),
    "rows longer than the header": (as_csv([r + ["x"] for r in event_rows()]),
                                    ["more fields than the header has names", "give every column a name"]),
    "ragged row": (as_csv(event_rows()) + b"1,2,coat,1537000000,extra,more\n",
                   ["not a readable CSV", "same number of", "fields"]),
    "missing column": (as_csv([r[:3] for r in event_rows()], "user_id,item_id,category"),
                       ["line 1", "missing column timestamp", "rename the header"]),
    "two misnamed columns, one guess": (as_csv(event_rows(), "usr_id,xyz,category,timestamp"),
                                        ["missing column user_id (did you mean 'usr_id'?)", "; item_id [",
                                         "Choose which column is which"]),
    "empty value": (as_csv(with_cell(event_rows(), 4, 1, "")), ["line 6", "column item_id", "empty",
                                                                  "fill them in"]),
    "text timestamp": (as_csv(with_cell(event_rows(), 2, 3, "yesterday")),
                       ["line 4", "column timestamp", "'yesterday'", "epoch seconds"]),
    "negative timestamp": (as_csv(with_cell(event_rows(), 7, 3, "-5")), ["line 9", "negative", "1970"]),
    "future timestamp": (as_csv(with_cell(event_rows(), 1, 3, "4070908800")),
                         ["line 3", "2099-01-01", "future", "unit"]),
    "mixed units": (as_csv(with_cell(event_rows(), 5, 3, str(END * 1000))),
                    ["line 7", "milliseconds", "line 2", "seconds", "one unit"]),
    "number among dates": (as_csv([r[:3] + [f"2018-09-0{i % 9 + 1}"] for i, r in enumerate(event_rows())][:5]
                                  + [["1", "2", "cup", "1537000000"]]),
                           ["line 7", "'1537000000'", "one format"]),
    "impossible date": (as_csv(with_cell([r[:3] + ["2018-09-01"] for r in event_rows()], 0, 3, "2018-13-45")),
                        ["line 2", "'2018-13-45'", "not a time"]),
    "single category": (as_csv([r[:2] + ["book", r[3]] for r in event_rows()]),
                        ["column category", "'book'", "at least two"]),
    "users with one event each": (as_csv([[str(i), "1" if i % 2 else "2", "cup" if i % 2 else "coat",
                                           str(END - i * DAY)] for i in range(30)]),
                                  ["single event", "at least two events"]),
    "span too short": (as_csv([r[:3] + [str(END - i * 600)] for i, r in enumerate(event_rows())]),
                       ["span 0.3 days", "at least three weeks"]),
    "category names nothing": (as_csv(with_cell(event_rows(), 0, 2, "|")),
                               ["line 2", "column category", "names no category"]),
}


@pytest.mark.parametrize("case", sorted(FATAL_CASES))
def test_each_fatal_case_gives_one_clear_message(case):
    data, fragments = FATAL_CASES[case]
    with pytest.raises(LogError) as err:
        read_log(data)
    message = str(err.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, f"{case}: {fragment!r} not in {message!r}"


# four Latin words in a row: an English sentence left in a Chinese message (names, values and commands
# such as 'CSV UTF-8' or iconv -f latin1 stay as they are)
LATIN_SENTENCE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){3,}")


@pytest.mark.parametrize("case", sorted(FATAL_CASES))
def test_each_fatal_case_is_told_in_chinese_too(case):
    with pytest.raises(LogError) as err:
        read_log(FATAL_CASES[case][0])
    said = err.value.text("zh")
    assert re.search(r"[\u4e00-\u9fff]", said) and not LATIN_SENTENCE.search(said), said
    assert err.value.text("en") == str(err.value)


def note_cases() -> dict[str, tuple[bytes, bytes | None]]:
    """Logs that import with repairs or warnings: (events, impressions)."""
    rows = event_rows()
    return {
        "duplicate and unsorted rows": (as_csv(rows[::-1] + [rows[3]]), None),
        "a user of one event": (as_csv(rows + [["lonely", "3", "coat", str(END - DAY)]]), None),
        "an item in two categories": (as_csv(with_cell(rows, 0, 2, "scarf")), None),
        "several categories in a cell": (as_csv([r[:2] + [r[2] + "|book", r[3]] for r in rows]), None),
        "tab-separated": (as_csv(rows).decode().replace(",", "\t").encode(), None),
        "a header of other names": (as_csv(rows, "customer,product,department,ts"), None),
        "impressions of unknown items and users": (as_csv(rows), as_csv(
            impression_rows() + [["2", str(END - 20 * DAY), "999", "1"], ["77", str(END - DAY), "3", "0"]],
            IMP_HEADER)),
    }


@pytest.mark.parametrize("case", sorted(note_cases()))
def test_each_repair_and_warning_is_told_in_chinese_too(case):
    result = read_log(*note_cases()[case])
    notes = result.repairs + result.warnings
    assert len(notes) >= 2, [str(n) for n in notes]  # the case's own, and the thin test week's
    for note in notes:
        said = note("zh")
        assert re.search(r"[\u4e00-\u9fff]", said) and not LATIN_SENTENCE.search(said), said
        assert note("en") == str(note)


def impressions_error(impressions: bytes) -> str:
    with pytest.raises(LogError) as err:
        read_log(as_csv(event_rows()), impressions)
    return str(err.value)


def test_bad_click_label_names_row_and_values():
    message = impressions_error(as_csv(with_cell(impression_rows(), 3, 3, "yes"), IMP_HEADER))
    assert "impressions line 5" in message and "'yes'" in message and "1 for clicked" in message


def test_impressions_of_only_unknown_items_are_fatal():
    rows = [r[:2] + ["B00" + r[2]] + r[3:] for r in impression_rows()]
    message = impressions_error(as_csv(rows, IMP_HEADER))
    assert "never appears in the events" in message and "same item ids" in message


def test_impressions_without_negatives_are_fatal():
    rows = [r[:3] + ["1"] for r in impression_rows()]
    message = impressions_error(as_csv(rows, IMP_HEADER))
    assert "no not clicked (0) impressions" in message


def test_upload_over_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(LogError, match="over the 0.0 MB upload cap; upload fewer rows"):
        read_log(as_csv(event_rows()))


def test_file_over_the_cap_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    path = tmp_path / "log.csv"
    path.write_bytes(as_csv(event_rows()))
    with pytest.raises(LogError, match="log.csv: .* over the .* cap"):
        read_log(path)


def test_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_UPLOAD_BYTES", 2000)
    with pytest.raises(LogError, match="unpacks to more than"):
        read_log(gzip.compress(as_csv(event_rows() * 20)))


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ROWS", 10)
    with pytest.raises(LogError, match="more than the cap of 10 rows"):
        read_log(as_csv(event_rows()))


def test_too_many_categories_is_refused(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_CATEGORIES", 2)
    with pytest.raises(LogError, match="3 distinct categories, over the cap of 2; use a coarser"):
        read_log(as_csv(event_rows()))


def test_training_size_cap_keeps_the_newest_impressions(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_IMPRESSIONS", 80)
    result = read_log(as_csv(event_rows(per_user=10)))
    imp = result.world.impressions
    assert len(imp) == 80
    assert any("kept the newest 40 behaviours" in w for w in map(str, result.warnings))
    assert imp["timestamp"].max() == result.world.events["timestamp"].max()


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LogError, match="no such file"):
        load_any(tmp_path / "nope.csv")
    with pytest.raises(LogError, match="no events.csv"):
        load_any(tmp_path)


# --- repairs: fixed automatically and reported

def test_duplicates_are_dropped_as_a_repair():
    rows = event_rows()
    result = read_log(as_csv(rows + [rows[3]]))
    assert len(result.world.events) == len(rows)
    assert any("dropped 1 duplicate events" in w and "line 50 repeats events line 5" in w
               for w in map(str, result.repairs))
    assert not any("duplicate" in w for w in map(str, result.warnings))


def test_unsorted_rows_are_sorted_as_a_repair():
    rows = event_rows()
    result = read_log(as_csv(rows[::-1]))
    assert any("not in time order" in w and "sorted them" in w for w in map(str, result.repairs))
    ev = result.world.events
    assert (ev.groupby("user_id")["timestamp"].diff().dropna() >= 0).all()
    assert result.world.impressions.equals(read_log(as_csv(rows)).world.impressions)


def test_users_with_one_event_are_left_out_as_a_repair():
    result = read_log(as_csv(event_rows() + [["lonely", "3", "coat", str(END - DAY)]]))
    assert any("left out 1 users with a single event" in w and "'lonely'" in w
               for w in map(str, result.repairs))
    assert "lonely" not in result.world.meta["original_user_ids"]


def test_item_under_several_categories_gets_its_most_frequent():
    rows = with_cell(event_rows(), 0, 2, "scarf")
    result = read_log(as_csv(rows))
    assert any("items appear under several categories" in w for w in map(str, result.repairs))
    items = result.world.items.set_index("original_id")
    assert items.loc[rows[0][1], "category"] != "scarf"
    assert "scarf" not in result.world.categories


def test_impressions_of_unknown_items_are_dropped_as_a_repair():
    rows = impression_rows() + [["2", str(END - 20 * DAY), "999", "1"]]
    result = read_log(as_csv(event_rows()), as_csv(rows, IMP_HEADER))
    assert len(result.world.impressions) == len(rows) - 1
    assert any("item '999' at impressions line 38 never appears in the events" in w
               for w in map(str, result.repairs))


def test_tab_separated_and_blank_lines_are_read():
    text = as_csv(event_rows()).decode().replace(",", "\t").replace("\n", "\n\n", 3)
    result = read_log(text.encode())
    assert any("tab-separated" in w for w in map(str, result.warnings))
    assert len(result.world.events) == len(event_rows())


# --- columns as shops name them

SHOP_HEADER = "customer,product,department,ts"


def test_a_header_with_one_near_name_per_column_is_read_by_them_and_says_so():
    result = read_log(as_csv(event_rows(), SHOP_HEADER), events_name="shop.csv")
    assert result.columns == {"user_id": "customer", "item_id": "product", "category": "department",
                              "timestamp": "ts"}
    assert result.guessed and result.header == SHOP_HEADER.split(",")
    (said,) = [w for w in map(str, result.warnings) if "otherwise" in w]
    assert "'customer' as user_id; 'product' as item_id" in said
    plain = read_log(as_csv(event_rows()))
    assert not plain.guessed and not [w for w in map(str, plain.warnings) if "otherwise" in w]
    assert len(result.world.events) == len(plain.world.events)


def test_chosen_columns_win_over_names_and_guesses():
    rows = [[r[1], r[0], r[2], r[3]] for r in event_rows()]  # the file's 'user_id' holds items
    swapped = read_log(as_csv(rows), columns={"user_id": "item_id", "item_id": "user_id"})
    assert swapped.columns["user_id"] == "item_id" and not swapped.guessed
    assert swapped.world.n_users == read_log(as_csv(event_rows())).world.n_users
    odd = as_csv(event_rows(), "who,what,kind,when_ms")
    with pytest.raises(ingest.ColumnsError) as asked:  # 'kind' and 'when_ms' are near no known name
        read_log(odd)
    assert asked.value.header == ["who", "what", "kind", "when_ms"]
    assert asked.value.wanted == ("user_id", "item_id", "category", "timestamp")
    chosen = read_log(odd, columns={"user_id": "who", "item_id": "what", "category": "kind",
                                    "timestamp": "when_ms"})
    assert chosen.columns == {"user_id": "who", "item_id": "what", "category": "kind", "timestamp": "when_ms"}


@pytest.mark.parametrize("columns, words", [
    ({"user_id": "customer", "item_id": "customer"}, "two columns"),
    ({"shop": "customer"}, "no column called 'shop'"),
])
def test_a_bad_choice_of_columns_is_explained(columns, words):
    with pytest.raises(LogError, match=words):
        read_log(as_csv(event_rows(), SHOP_HEADER), columns=columns)


# --- formats

def test_seconds_milliseconds_and_iso_dates_give_the_same_times():
    rows = event_rows()
    millis = [r[:3] + [str(int(r[3]) * 1000 + 999)] for r in rows]
    iso = [r[:3] + [pd.Timestamp(int(r[3]), unit="s").isoformat() + "Z"] for r in rows]
    worlds = [read_log(as_csv(r)).world for r in (rows, millis, iso)]
    for world in worlds[1:]:
        assert world.events["timestamp"].equals(worlds[0].events["timestamp"])
    units = [w.meta["timestamp_units"]["events"] for w in worlds]
    assert units == ["epoch seconds", "epoch milliseconds", "ISO 8601 dates"]


def test_categories_as_ids_and_multi_category_fields():
    rows = [r[:2] + [{"coat": "7", "cup": "3|7", "book": "12"}[r[2]], r[3]] for r in event_rows()]
    result = read_log(as_csv(rows))
    assert result.world.categories == ["12", "3", "7"]
    assert any("several categories" in w and "kept the first one listed" in w
               for w in map(str, result.repairs))


def test_amazon_shape_with_text_ids_and_aliases():
    rows = [["A" + r[0] * 3, f"B00{int(r[1]):04d}X", r[2], r[3]] for r in event_rows()]
    result = read_log(as_csv(rows, "reviewerID,asin,category,unixReviewTime"))
    world = result.world
    assert world.items["item_id"].tolist() == list(range(1, 13))
    assert world.items["original_id"].iloc[0] == "B000001X"
    assert world.meta["original_user_ids"][0] == "A111"


def test_dataframes_are_accepted_and_labelled_by_row():
    df = pd.DataFrame(event_rows(), columns=HEADER.split(","))
    df["timestamp"] = df["timestamp"].astype(float)
    world = read_log(df).world
    assert len(world.events) == len(df)
    df.loc[2, "timestamp"] = np.nan
    with pytest.raises(LogError, match="events row 3, column timestamp: empty value"):
        read_log(df)


def test_negatives_are_untouched_items_and_deterministic():
    events = pd.DataFrame({"user_id": np.repeat(np.arange(20), 30),
                           "item_id": np.random.default_rng(0).integers(1, 41, 600),
                           "timestamp": np.tile(np.arange(30) * DAY, 20)})
    first, _ = build_impressions(events, 40, seed=3)
    again, _ = build_impressions(events, 40, seed=3)
    other, _ = build_impressions(events, 40, seed=4)
    assert first.equals(again) and not first.equals(other)
    touched = set(zip(events["user_id"], events["item_id"], strict=True))
    negatives = first[first["clicked"] == 0]
    assert not any((u, i) in touched for u, i in zip(negatives["user_id"], negatives["item_id"], strict=True))
    assert (first["clicked"] == 1).sum() == len(negatives) == 20 * 29


def test_a_user_who_touched_every_item_gets_no_impressions():
    events = pd.DataFrame({"user_id": [0, 0, 0, 1, 1], "item_id": [1, 2, 3, 1, 2],
                           "timestamp": [0, 1, 2, 0, 1]})
    impressions, notes = build_impressions(events, 3)
    assert set(impressions["user_id"]) == {1}
    assert impressions.loc[impressions["clicked"] == 0, "item_id"].tolist() == [3]
    assert any("touched every item" in w for w in map(str, notes.repairs))


# --- routing for the CLI's --data

def test_load_any_reads_a_synthetic_world_with_its_truth(tmp_path):
    save_world(generate(seed=1, users=40), tmp_path / "world")
    assert load_any(tmp_path / "world").has_truth


def test_load_any_validates_a_user_world_folder(tmp_path):
    folder = save_world(generate(seed=1, users=40), tmp_path / "world")
    (folder / "meta.json").unlink()
    notes = []
    world = load_any(folder, on_warning=notes.append)
    assert world.truth is None and world.meta["shape"] == "events+impressions"
    assert "true_prob" not in world.impressions
    (folder / "impressions.csv").unlink()
    assert load_any(folder).meta["shape"] == "events-only"


def test_load_any_reads_a_single_events_csv_and_reports_warnings():
    notes = []
    world = load_any(FIXTURE, on_warning=notes.append)
    assert world.meta["shape"] == "events-only"
    assert any("several categories" in n for n in notes)


# --- end to end on a MovieLens-shaped log

@pytest.fixture(scope="module")
def movielens():
    configure_threads()  # as the CLI does: extra OpenMP threads slow small steps on a busy 2-core box
    return read_log(FIXTURE)


def test_movielens_fixture_is_what_its_script_writes():
    spec = importlib.util.spec_from_file_location("make_movielens_small", FIXTURE.with_name(
        "make_movielens_small.py"))
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.make().to_csv(index=False) == FIXTURE.read_text()


def test_movielens_import(movielens):
    world = movielens.world
    assert len(world.events) > 2000
    assert world.meta["source"] == "imported" and not world.has_truth
    assert "Action" in world.categories and all("|" not in c for c in world.categories)
    assert world.demo_users()
    assert any("not in time order" in w for w in map(str, movielens.repairs))  # MovieLens sorts by movieId


@pytest.mark.parametrize("model", MODELS)
def test_every_model_trains_one_epoch_on_the_movielens_log(movielens, model):
    dataset = Dataset(movielens.world)
    result = train(ModelConfig(model, lastn=20, k=20), dataset, epochs=1, batch_size=256)
    metrics = evaluate(result.model, dataset)
    for key in ("auc", "gauc", "logloss"):
        assert math.isfinite(metrics[key]), (model, key, metrics)
    assert metrics["oracle_auc"] is None and metrics["attention_truth_corr"] is None
