"""Property tests: malformed logs end in a clean World or the project's own LogError, nothing else.

MALFORMED lists every kind of damage tried, by name, so the kinds can be counted and reported.
Each kind corrupts a small valid log drawn by hypothesis; the loader must either raise LogError
or return a World that seqviz.data.Dataset accepts and a model can score.
"""

from __future__ import annotations

import gzip
import io
import pickle
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seqviz.data import Dataset
from seqviz.device import configure_threads
from seqviz.ingest import LogError, read_log
from seqviz.models import ModelConfig, build_model
from seqviz.world import DAY

END = 1_537_799_250  # 2018-09-24
EVENT_HEADER = ["user_id", "item_id", "category", "timestamp"]
IMPRESSION_HEADER = ["user_id", "timestamp", "item_id", "clicked"]
FUZZ = settings(max_examples=4, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass
class Log:
    """A log as a header and rows of text cells, before it is written as CSV."""

    events: list[list[str]]
    impressions: list[list[str]] | None = None
    event_header: tuple[str, ...] = tuple(EVENT_HEADER)
    impression_header: tuple[str, ...] = tuple(IMPRESSION_HEADER)


def csv_text(header, rows, sep: str = ",", newline: str = "\n") -> str:
    return newline.join([sep.join(header)] + [sep.join(r) for r in rows]) + newline


@st.composite
def valid_logs(draw, with_impressions: bool = False) -> Log:
    """3-6 users with 4-9 events each over 32 days, every user active in each split week."""
    n_users = draw(st.integers(3, 6))
    n_items = draw(st.integers(12, 20))  # more than a user's events, so every user has negatives
    categories = draw(st.lists(st.sampled_from(["coat", "cup", "book", "toy", "Sci-Fi", "咖啡"]),
                               min_size=2, max_size=4, unique=True))
    events, impressions = [], []
    for u in range(n_users):
        anchors = [32, 24, 18, 10, 3, 1]
        extra = draw(st.lists(st.floats(0.5, 31.5), max_size=3))
        touched = [draw(st.integers(1, n_items)) for _ in anchors + extra]
        if u == 0:
            touched[:2] = [1, 2]  # neighbouring items have different categories: at least two in the log
        for item, days_back in zip(touched, anchors + extra, strict=True):
            events.append([f"u{u}", str(item), categories[item % len(categories)],
                           str(int(END - days_back * DAY))])
        for k, days_back in enumerate((22, 16, 9, 8, 2, 0.5)):
            impressions.append([f"u{u}", str(int(END - days_back * DAY)), str(draw(st.sampled_from(touched))),
                                str(k % 2)])
    return Log(events, impressions if with_impressions else None)


def payload(log: Log, **kw) -> tuple[bytes, bytes | None]:
    events = csv_text(log.event_header, log.events, **kw).encode()
    imp = None if log.impressions is None else csv_text(log.impression_header, log.impressions, **kw).encode()
    return events, imp


# --- the kinds of damage: each takes a valid log and hypothesis's data, returns what to load

Damage = Callable[[Log, st.DataObject], tuple[object, object]]


def on_cell(column: int, value_strategy, impressions: bool = False) -> Damage:
    """Replace one cell (or several) of a column with drawn values."""
    def damage(log: Log, data) -> tuple[object, object]:
        rows = log.impressions if impressions else log.events
        for _ in range(data.draw(st.integers(1, 3))):
            rows[data.draw(st.integers(0, len(rows) - 1))][column] = data.draw(value_strategy)
        return payload(log)
    return damage


def on_rows(edit: Callable[[list[list[str]], st.DataObject], list[list[str]]],
            impressions: bool = False) -> Damage:
    def damage(log: Log, data) -> tuple[object, object]:
        if impressions:
            log.impressions = edit(log.impressions, data)
        else:
            log.events = edit(log.events, data)
        return payload(log)
    return damage


def on_bytes(edit: Callable[[bytes, st.DataObject], bytes]) -> Damage:
    def damage(log: Log, data) -> tuple[object, object]:
        events, imp = payload(log)
        return edit(events, data), imp
    return damage


def on_header(edit: Callable[[list[str], st.DataObject], list[str]]) -> Damage:
    def damage(log: Log, data) -> tuple[object, object]:
        log.event_header = tuple(edit(list(log.event_header), data))
        return payload(log)
    return damage


def whole(make: Callable[[st.DataObject], bytes]) -> Damage:
    return lambda log, data: (make(data), None)


def insert_at(data, blob: bytes, into: bytes) -> bytes:
    at = data.draw(st.integers(0, len(into)))
    return into[:at] + blob + into[at:]


def iso(epoch_seconds: str, data) -> str:
    """An epoch time as one of the ISO 8601 spellings a log might use."""
    when = datetime.fromtimestamp(int(epoch_seconds), tz=timezone.utc)
    spelling = data.draw(st.sampled_from(["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
                                          "%Y-%m-%dT%H:%M:%S+02:00"]))
    return when.strftime(spelling)


def set_all(column: int, value: str) -> Callable:
    return lambda rows, data: [r[:column] + [value] + r[column + 1:] for r in rows]


def time_cell(value: str) -> Damage:
    return on_cell(3, st.just(value))


def keep_some(rows, data):
    return [r for r in rows if data.draw(st.booleans())] or rows[:1]


def zip_of(events: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("events.csv", events)
    return buf.getvalue()


text_cells = st.text(min_size=0, max_size=12)
MALFORMED: list[tuple[str, Damage]] = [
    # whole files that are not a CSV log
    ("empty file", whole(lambda d: b"")),
    ("whitespace only", whole(lambda d: d.draw(st.sampled_from([b" ", b"\n\n", b"\t \r\n"])))),
    ("header only", whole(lambda d: b"user_id,item_id,category,timestamp\n")),
    ("random bytes", whole(lambda d: d.draw(st.binary(max_size=300)))),
    ("random text", whole(lambda d: d.draw(st.text(max_size=300)).encode())),
    ("pickle payload", whole(lambda d: pickle.dumps({"user_id": [1, 2], "item_id": [3, 4]}))),
    ("JSON document", whole(lambda d: b'[{"user_id": 1, "item_id": 2}]')),
    ("HTML page", whole(lambda d: b"<!doctype html><html><body>Not Found</body></html>")),
    ("zip archive", lambda log, d: (zip_of(payload(log)[0]), None)),
    ("truncated gzip", on_bytes(lambda b, d: gzip.compress(b)[:d.draw(st.integers(2, 30))])),
    ("gzip of a valid log", on_bytes(lambda b, d: gzip.compress(b))),
    # encodings and bytes
    ("NUL bytes inserted", on_bytes(lambda b, d: insert_at(d, b"\x00", b))),
    ("latin-1 byte inserted", on_bytes(lambda b, d: insert_at(d, "é".encode("latin-1"), b))),
    ("UTF-16 encoded", on_bytes(lambda b, d: b.decode().encode("utf-16"))),
    ("UTF-8 BOM", on_bytes(lambda b, d: b"\xef\xbb\xbf" + b)),
    ("CRLF line endings", on_bytes(lambda b, d: b.replace(b"\n", b"\r\n"))),
    ("truncated mid-row", on_bytes(lambda b, d: b[:d.draw(st.integers(1, len(b) - 1))])),
    ("random byte flips", on_bytes(lambda b, d: bytes(
        x ^ d.draw(st.integers(0, 255)) if d.draw(st.integers(0, 30)) == 0 else x for x in b))),
    # structure
    ("semicolon separated", lambda log, d: payload(log, sep=";")),
    ("tab separated", lambda log, d: payload(log, sep="\t")),
    ("extra field in a row", on_rows(lambda r, d: r[:2] + [r[2] + ["surplus"]] + r[3:])),
    ("missing field in a row", on_rows(lambda r, d: r[:2] + [r[2][:2]] + r[3:])),
    ("unclosed quote", on_bytes(lambda b, d: insert_at(d, b'"', b))),
    ("blank lines inserted", on_bytes(lambda b, d: b.replace(b"\n", b"\n\n", d.draw(st.integers(1, 5))))),
    ("rows shuffled", on_rows(lambda r, d: d.draw(st.permutations(r)))),
    ("rows duplicated", on_rows(lambda r, d: r + d.draw(st.lists(st.sampled_from(r), min_size=1,
                                                                 max_size=5)))),
    ("rows deleted at random", on_rows(keep_some)),
    # header
    ("column missing", on_header(lambda h, d: [c for c in h if c != d.draw(st.sampled_from(h))] + ["x"])),
    ("column misspelt", on_header(lambda h, d: [c.replace("_", "") + "s" if c == h[0] else c for c in h])),
    ("header in upper case", on_header(lambda h, d: [c.upper() for c in h])),
    ("MovieLens column names", on_header(lambda h, d: ["userId", "movieId", "genres", "timestamp"])),
    ("Amazon column names", on_header(lambda h, d: ["reviewerID", "asin", "category", "unixReviewTime"])),
    ("duplicate header names", on_header(lambda h, d: [h[0], h[0], h[2], h[3]])),
    ("random header", on_header(lambda h, d: [d.draw(text_cells.filter(lambda s: "\n" not in s))
                                              for _ in h])),
    ("extra columns", on_header(lambda h, d: h[:-1] + [h[-1] + ",rating"])),
    # empty values
    ("empty user", on_cell(0, st.just(""))),
    ("empty item", on_cell(1, st.just(""))),
    ("empty category", on_cell(2, st.just(""))),
    ("empty timestamp", on_cell(3, st.just(""))),
    ("whitespace-only cells", on_cell(1, st.just("   "))),
    # timestamps
    ("timestamp as words", time_cell("yesterday")),
    ("negative timestamp", on_cell(3, st.integers(-10**12, -1).map(str))),
    ("future timestamp", on_cell(3, st.integers(END + 10 * 365 * DAY, 10**10).map(str))),
    ("huge timestamp", on_cell(3, st.sampled_from(["1e30", "99999999999999999999999", "1e308"]))),
    ("nan and inf timestamps", on_cell(3, st.sampled_from(["nan", "inf", "-inf", "NaN"]))),
    ("fractional seconds", on_rows(lambda r, d: [x[:3] + [x[3] + ".75"] for x in r])),
    ("milliseconds", on_rows(lambda r, d: [x[:3] + [x[3] + "123"] for x in r])),
    ("mixed seconds and milliseconds", on_cell(3, st.just(str(END * 1000)))),
    ("ISO dates", on_rows(lambda r, d: [x[:3] + [iso(x[3], d)] for x in r])),
    ("number among ISO dates", lambda log, d: on_cell(3, st.just("1537000000"))(
        Log([x[:3] + [iso(x[3], d)] for x in log.events]), d)),
    ("impossible ISO date", on_rows(lambda r, d: [x[:3] + ["2018-13-45"] for x in r])),
    ("dates before 1970", on_rows(lambda r, d: [x[:3] + ["1969-07-20"] for x in r])),
    ("every event at one moment", on_rows(set_all(3, str(END)))),
    ("span of one day", on_rows(lambda r, d: [x[:3] + [str(END - i * 60)] for i, x in enumerate(r)])),
    ("random timestamp text", on_cell(3, text_cells)),
    # categories and ids
    ("single category", on_rows(set_all(2, "book"))),
    ("multi-category fields", on_cell(2, st.sampled_from(["Action|Comedy", "|Drama", "War|", "A | B"]))),
    ("category of separators only", on_cell(2, st.sampled_from(["|", " | ", "||"]))),
    ("categories as ids", on_rows(lambda r, d: [x[:2] + [str(len(x[2]))] + x[3:] for x in r])),
    ("one item under many categories", on_cell(2, st.sampled_from(["coat", "scarf", "phone"]))),
    ("ids as long text", on_cell(0, st.text(min_size=50, max_size=200).filter(lambda s: s.strip()))),
    ("ids as floats", on_rows(lambda r, d: [[x[0], x[1] + ".0"] + x[2:] for x in r])),
    ("ids with emoji and control characters", on_cell(1, st.sampled_from(["🧥", "\x07bell", "\x1b[31m"]))),
    ("spreadsheet formula cells", on_cell(2, st.sampled_from(["=cmd|' /C calc'!A0", "+SUM(A1)", "@x"]))),
    ("very long field", on_cell(2, st.just("x" * 20_000))),
    ("random cells", on_cell(1, text_cells)),
    ("users with a single event", on_rows(lambda r, d: [[f"solo{i}"] + x[1:] for i, x in enumerate(r)])),
    ("one user only", on_rows(set_all(0, "u0"))),
]

IMPRESSION_DAMAGE: list[tuple[str, Damage]] = [
    ("impressions: click label not 0/1", on_cell(3, st.sampled_from(["yes", "2", "-1", "", "0.5"]), True)),
    ("impressions: unknown items", on_cell(2, st.sampled_from(["999", "B00X"]), True)),
    ("impressions: no item known", on_rows(set_all(2, "nope"), True)),
    ("impressions: users without events", on_cell(0, st.sampled_from(["ghost", "u99"]), True)),
    ("impressions: all clicked", on_rows(set_all(3, "1"), True)),
    ("impressions: none clicked", on_rows(set_all(3, "0"), True)),
    ("impressions: duplicated rows", on_rows(lambda r, d: r + r[:3], True)),
    ("impressions: milliseconds beside event seconds",
     on_rows(lambda r, d: [x[:1] + [x[1] + "000"] + x[2:] for x in r], True)),
    ("impressions: header only", lambda log, d: (payload(log)[0], b"user_id,timestamp,item_id,clicked\n")),
    ("impressions: random bytes", lambda log, d: (payload(log)[0], d.draw(st.binary(max_size=200)))),
    ("impressions: missing clicked column",
     lambda log, d: (payload(log)[0],
                     csv_text(IMPRESSION_HEADER[:3], [r[:3] for r in log.impressions]).encode())),
]

ALL_KINDS = MALFORMED + IMPRESSION_DAMAGE


def test_at_least_fifty_kinds_of_malformed_input():
    names = [name for name, _ in ALL_KINDS]
    assert len(set(names)) == len(names) >= 50


def assert_clean(seed7_world) -> None:
    """What Dataset and the models rely on."""
    ev, imp, items = seed7_world.events, seed7_world.impressions, seed7_world.items
    assert seed7_world.truth is None and seed7_world.meta["source"] == "imported"
    assert items["item_id"].tolist() == list(range(1, len(items) + 1))
    assert set(items["category"]) <= set(seed7_world.categories) and len(seed7_world.categories) >= 2
    n_items = seed7_world.n_items
    assert ev["item_id"].between(1, n_items).all() and imp["item_id"].between(1, n_items).all()
    assert ev["user_id"].min() >= 0 and imp["user_id"].min() >= 0
    assert (ev.groupby("user_id")["timestamp"].diff().dropna() >= 0).all()
    assert set(imp["clicked"].unique()) <= {0, 1}
    dataset = Dataset(seed7_world)
    assert all(len(dataset[name]) for name in ("train", "valid", "test"))
    model = build_model(ModelConfig("sim-hard", k=8), dataset.n_items)
    batch, _ = dataset["test"].take(torch.arange(min(len(dataset["test"]), 64)))
    with torch.no_grad():
        assert torch.isfinite(model(batch, dataset.history).logit).all()


def load_or_refuse(events, impressions) -> None:
    try:
        result = read_log(events, impressions)
    except LogError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert all(str(w) and w("zh") for w in result.warnings)
    assert_clean(result.world)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    configure_threads()


@pytest.mark.parametrize("kind", [name for name, _ in MALFORMED])
@FUZZ
@given(data=st.data())
def test_malformed_events_give_a_world_or_a_log_error(kind, data):
    damage = dict(MALFORMED)[kind]
    load_or_refuse(*damage(data.draw(valid_logs()), data))


@pytest.mark.parametrize("kind", [name for name, _ in IMPRESSION_DAMAGE])
@FUZZ
@given(data=st.data())
def test_malformed_impressions_give_a_world_or_a_log_error(kind, data):
    damage = dict(IMPRESSION_DAMAGE)[kind]
    load_or_refuse(*damage(data.draw(valid_logs(with_impressions=True)), data))


@FUZZ
@given(data=st.data())
def test_valid_logs_import_cleanly(data):
    log = data.draw(valid_logs(with_impressions=data.draw(st.booleans())))
    assert_clean(read_log(*payload(log)).world)
