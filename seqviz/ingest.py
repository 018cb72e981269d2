"""Reading a user's own behaviour log robustly: from a path, an upload's bytes, or DataFrames.

Two shapes are accepted:

(a) events + labelled impressions: a world folder (events.csv, impressions.csv) or two CSV files;
(b) events only (user, item, category, timestamp): the shape of MovieLens ratings or Amazon
    reviews. Impressions are then built as the DIN paper built its Amazon set (IMPRESSION_RULE).

The rules, in one place so the README and the Data page can quote them:

- Columns are matched by name, ignoring case, spaces, '-' and '_', through ALIASES (userId,
  movieId, genres, asin, unixReviewTime, ...), or by the names a caller chooses (`columns`). Other
  columns are ignored. A column no name matches is read from its nearest header name (difflib) when
  every such column has one of its own (a warning says so); otherwise ColumnsError names the
  suggestions, and the Data page asks which column is which.
- User and item ids may be any text (numbers or codes such as ASINs). They are remapped to
  0..n-1 (users) and 1..n (items); the originals are kept for display in items.original_id and
  meta["original_user_ids"].
- Timestamps: epoch seconds, milliseconds, microseconds or nanoseconds, told apart by size
  (below 1e11 is seconds, below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds;
  one column must use one unit), or ISO 8601 dates such as 2018-09-24 or 2018-09-24T10:00:00Z
  (no zone means UTC). Negative times and times more than a day in the future are errors.
- Categories are names or ids, kept as text. A field listing several, like "Action|Comedy",
  keeps the first one listed ("Action"). An item seen under several categories gets its most
  frequent one.
- clicked is 0/1 (or true/false).
- Caps a shared server can afford: MAX_UPLOAD_BYTES per uploaded file, MAX_FILE_BYTES per file
  read from disk, MAX_ROWS rows per file, MAX_CATEGORIES categories, and MAX_IMPRESSIONS
  impressions to train on (the newest are kept, so the test and validation weeks stay whole).

Fatal problems raise LogError (a seqviz.io.DataError) with one message that says what is wrong,
where (file, line or row, column) and how to fix it: in English as str(), in the page's language as
text(lang) (its sentences are in seqviz/text/ingest.py). Problems with an obvious repair are repaired
and listed as repairs beside the World: duplicate rows are dropped, unsorted rows sorted, users with
a single event left out, impressions of unknown items dropped. What is read as given but worth a
look (a guessed column, a cap, a thin test week) is listed apart, as warnings.

Nothing read is unpickled or evaluated: files are decoded as UTF-8 text and parsed as CSV only.
"""

from __future__ import annotations

import difflib
import gzip
import io
import json
import time
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .io import EVENT_COLUMNS, IMPRESSION_COLUMNS, DataError, find_csv, load_world, world_from_frames
from .text import t
from .world import DAY, World

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_IMPRESSIONS = 300_000
# keeps History's (user, category, time) index key, users * categories * seconds, inside int64
MAX_CATEGORIES = 500
MIN_TEST_IMPRESSIONS = 200
# seqviz.data.Dataset's default split; checked here so an import never yields an empty split
TEST_DAYS = 7.0
VALID_DAYS = 7.0
CATEGORY_SEPARATOR = "|"
# a header name this near a known one (difflib's ratio) is read as it when nothing else is unsure:
# 'customer' for customer_id (0.89), 'usr_id' for user_id (0.91), but not 'title' for time (0.67)
GUESS_SCORE = 0.8
NEGATIVE_DRAWS = 20  # rejection-sampling rounds before falling back to an exact per-user draw

IMPRESSION_RULE = (
    "events-only log: every event of a user who has an earlier event (strictly earlier time) is a "
    "positive impression (clicked=1) at that event's time; beside it, a negative (clicked=0) at the "
    "same time is an item drawn uniformly from the catalogue among those the user never touched, "
    "with numpy's default_rng(seed) so the same log and seed give the same impressions (DIN paper, "
    "Amazon set)."
)

ALIASES = {
    "user_id": ("user_id", "userId", "user", "uid", "reviewerID", "customer_id", "visitor_id", "member_id"),
    "item_id": ("item_id", "itemId", "item", "iid", "movieId", "movie_id", "asin", "product_id", "sku"),
    "category": ("category", "categories", "category_id", "cat", "genres", "genre", "main_cat",
                 "department"),
    "timestamp": ("timestamp", "time", "ts", "unixReviewTime", "datetime", "date", "event_time",
                  "created_at"),
    "clicked": ("clicked", "click", "label", "is_click"),
}
# epoch units by size: (smallest value, seconds per unit, name)
TIME_UNITS = ((1e17, 1e-9, "epoch nanoseconds"), (1e14, 1e-6, "epoch microseconds"),
              (1e11, 1e-3, "epoch milliseconds"), (0.0, 1.0, "epoch seconds"))
CLICK_VALUES = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "false": 0, "true": 1}

Source = str | Path | bytes | pd.DataFrame


class Phrase:
    """A sentence of the string table (seqviz/text/ingest.py) with its fields, said in either language;
    as text (a repair's note, the CLI), English. A field may be a Phrase or a tuple of them."""

    def __init__(self, key: str, **fields):
        self.key, self.fields = key, fields

    def __call__(self, lang: str) -> str:
        fields = {name: _said(value, lang) for name, value in self.fields.items()}
        return t(f"ingest.{self.key}", lang, **fields)

    def __str__(self) -> str:
        return self("en")


def _said(value, lang: str):
    if isinstance(value, Phrase):
        return value(lang)
    if isinstance(value, tuple):
        return ("；" if lang == "zh" else "; ").join(_said(v, lang) for v in value)
    return value


class LogError(DataError):
    """A behaviour log that cannot be used; the message says what, where and how to fix it: str() in
    English, text(lang) in the page's language."""

    def __init__(self, key: str, **fields):
        self.phrase = Phrase(key, **fields)
        super().__init__(str(self.phrase))

    def text(self, lang: str) -> str:
        return self.phrase(lang)


@dataclass
class Notes:
    """What reading a log has to tell beside its World, one sentence each."""

    repairs: list[Phrase] = field(default_factory=list)  # rows changed or left out so the log can be used
    warnings: list[Phrase] = field(default_factory=list)  # read as given, but worth a look
    guesses: dict[str, str] = field(default_factory=dict)  # columns read by their nearest header name


@dataclass
class ImportResult:
    world: World
    repairs: list[Phrase]  # str() in English, called with a language in it
    warnings: list[Phrase]
    columns: dict[str, str]  # the events file's header name read as each column (user_id: "customer")
    header: list[str]  # the events file's header, for a choice of other columns
    guessed: bool  # some of `columns` were read by their nearest name, not by a name they are known by


class ColumnsError(LogError):
    """A header whose names do not say which column is which, and no single guess does: the message, and
    what a column-mapping control needs to ask (the header, the columns wanted, any guess)."""

    def __init__(self, header: list[str], wanted: tuple[str, ...], suggested: dict[str, str], **fields):
        super().__init__("columns", **fields)
        self.header, self.wanted, self.suggested = header, wanted, suggested


@dataclass
class _Table:
    """A file's cells as stripped text; the index is the row number in the source."""

    label: str
    frame: pd.DataFrame
    from_file: bool

    def where(self, index) -> Phrase:
        # a file's line numbers count the header as line 1; a DataFrame's rows count from 1
        if self.from_file:
            return Phrase("where.line", label=self.label, line=int(index) + 2)
        return Phrase("where.row", label=self.label, row=int(index) + 1)


def _normalise(name: str) -> str:
    return str(name).strip().lower().replace("_", "").replace("-", "").replace(" ", "")


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 1024 / 1024:.1f} MB"


def _short(value, width: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= width else text[:width] + "…")


# --- bytes -> text -> cells

def _gunzip(data: bytes, label: str, cap: int) -> bytes:
    try:
        out = gzip.GzipFile(fileobj=io.BytesIO(data)).read(cap + 1)  # bounded: a small .gz can unpack huge
    except (OSError, EOFError, zlib.error) as e:
        raise LogError("gzip_damaged", label=label, error=e) from e
    if len(out) > cap:
        raise LogError("gzip_too_big", label=label, cap=_mb(cap))
    return out


def _decode(data: bytes, label: str, cap: int) -> str:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, label, cap)
    if data[:4] == b"PK\x03\x04":
        raise LogError("zip", label=label)
    if not data.strip():
        raise LogError("empty", label=label)
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise LogError("nul", where=Phrase("where.line", label=label, line=line))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise LogError("not_utf8", where=Phrase("where.line", label=label, line=line),
                       byte=f"{data[e.start]:02x}") from None
    first = text.lstrip()[:1]
    if first in ("{", "["):
        raise LogError("json", label=label)
    if first == "<":
        raise LogError("html", label=label)
    return text


def _parse_csv(text: str, label: str, notes: Notes) -> pd.DataFrame:
    newline = text.find("\n")
    header = text if newline < 0 else text[:newline]
    sep = ","
    if "," not in header:
        sep = "\t" if "\t" in header else ";" if ";" in header else ","
        if sep != ",":
            notes.warnings.append(Phrase("note.separator", label=label,
                                         sep=Phrase("note.tab" if sep == "\t" else "note.semicolon")))
    try:
        with warnings.catch_warnings():
            # rows longer than the header: pandas would take their first fields as an index, or with
            # index_col=False drop their last ones, with only a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                skip_blank_lines=False, nrows=MAX_ROWS + 1, index_col=False)
    except pd.errors.ParserWarning:
        raise LogError("long_rows", label=label) from None
    except pd.errors.EmptyDataError:
        raise LogError("empty", label=label) from None
    except (pd.errors.ParserError, ValueError, OverflowError) as e:
        reason = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        raise LogError("unreadable", label=label, reason=reason) from None
    if len(frame) > MAX_ROWS:
        raise LogError("too_many_rows", label=label, rows=MAX_ROWS)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.fillna("")


def _frame_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Cells as text, as if read from a CSV: whole floats lose their '.0', missing becomes ''."""
    out = {}
    for col in df.columns:
        values = df[col]
        if pd.api.types.is_float_dtype(values):
            finite = values.dropna()
            if np.isfinite(finite).all() and (finite % 1 == 0).all():
                values = values.astype("Int64")
        out[str(col).strip()] = values.astype(object).where(values.notna(), "").astype(str)
    return pd.DataFrame(out).reset_index(drop=True)


def _read_table(source: Source, label: str, row_kind: str, notes: Notes) -> _Table:
    if isinstance(source, pd.DataFrame):
        frame = _frame_as_text(source)
        from_file = False
    else:
        if isinstance(source, (bytes, bytearray, memoryview)):
            data, cap = bytes(source), MAX_UPLOAD_BYTES
            if len(data) > cap:
                raise LogError("upload_too_big", label=label, size=_mb(len(data)), cap=_mb(cap))
        elif isinstance(source, (str, Path)):
            path, cap = Path(source), MAX_FILE_BYTES
            label = path.name
            if not path.is_file():
                raise LogError("no_file", path=path)
            if path.stat().st_size > cap:
                raise LogError("file_too_big", label=label, size=_mb(path.stat().st_size), cap=_mb(cap))
            data = path.read_bytes()
        else:
            raise TypeError(f"a log is a path, bytes or a DataFrame, not {type(source).__name__}")
        frame = _parse_csv(_decode(data, label, cap), label, notes)
        from_file = True
    blank = (frame == "").all(axis=1) if len(frame.columns) else pd.Series(True, index=frame.index)
    frame = frame[~blank]
    if frame.empty:
        raise LogError("no_rows", label=label, kind=Phrase(f"kind.{row_kind}"))
    return _Table(label, frame, from_file)


# --- cells -> typed columns

def _columns(table: _Table, wanted: tuple[str, ...], notes: Notes, named: dict[str, str],
             guess: bool) -> tuple[dict[str, pd.Series], dict[str, str]]:
    """Find each wanted column: by the name `named` gives it (when this file's header has that name), else
    by its aliases, else (with `guess`, when every missing column has one nearest name of its own) by
    that nearest name, said in a warning. -> (stripped text per column, header name per column)."""
    by_norm: dict[str, str] = {}
    for col in table.frame.columns:
        by_norm.setdefault(_normalise(col), col)
    found, missing = {}, []
    for canonical in wanted:
        if named.get(canonical) in table.frame.columns:
            found[canonical] = named[canonical]
            continue
        aliases = dict.fromkeys(map(_normalise, ALIASES[canonical]))  # userId and user_id are one name
        matches = [by_norm[a] for a in aliases if a in by_norm and by_norm[a] not in named.values()]
        if matches:
            found[canonical] = matches[0]
            if len(matches) > 1:
                notes.warnings.append(Phrase("note.alias_columns", label=table.label, used=_short(matches[0]),
                                             name=canonical, ignored=", ".join(map(_short, matches[1:]))))
        else:
            missing.append(canonical)
    if missing:
        unused = [c for c in table.frame.columns if c not in found.values()]
        nearest = {canonical: _nearest(canonical, unused) for canonical in missing}
        guesses = {canonical: name for canonical, (name, _) in nearest.items()}
        sure = [name for name, score in nearest.values() if score >= GUESS_SCORE]
        if guess and len(sure) == len(missing) and len(set(sure)) == len(sure):
            found.update(guesses)
            notes.guesses.update(guesses)
            notes.warnings.append(Phrase("note.guessed_columns", label=table.label, reads=tuple(
                Phrase("note.read_as", guess=_short(g), name=c) for c, g in guesses.items())))
        else:
            parts = tuple(Phrase("columns.missing_guess", name=c, guess=_short(g), aliases=_aliases(c))
                          if g else Phrase("columns.missing", name=c, aliases=_aliases(c))
                          for c, g in guesses.items())
            more = len(table.frame.columns) - 12
            raise ColumnsError([str(c) for c in table.frame.columns], wanted,
                               {c: found.get(c) or guesses[c] for c in wanted if found.get(c) or guesses[c]},
                               where=Phrase("where.line", label=table.label, line=1), parts=parts,
                               shown=", ".join(_short(c, 30) for c in table.frame.columns[:12]),
                               more=Phrase("columns.more", n=more) if more > 0 else "",
                               names=", ".join(wanted))
    out = {}
    for canonical, col in found.items():
        values = table.frame[col]
        if isinstance(values, pd.DataFrame):  # the header repeats this name
            values = values.iloc[:, 0]
        values = values.str.strip()
        empty = values == ""
        if empty.any():
            raise LogError("empty_value", where=table.where(empty.idxmax()), column=col,
                           count=int(empty.sum()))
        out[canonical] = values.rename(col)
    return out, {canonical: found[canonical] for canonical in wanted}


def _aliases(canonical: str) -> str:
    return ", ".join(ALIASES[canonical][1:])


def _nearest(canonical: str, columns: list[str]) -> tuple[str | None, float]:
    """The header name nearest to one of the column's aliases, and how near (difflib's ratio)."""
    by_norm = {_normalise(c): c for c in columns}
    best, best_score = None, 0.0
    for alias in map(_normalise, ALIASES[canonical]):
        for norm in difflib.get_close_matches(alias, by_norm, n=1, cutoff=0.6):
            score = difflib.SequenceMatcher(None, alias, norm).ratio()
            if score > best_score:
                best, best_score = by_norm[norm], score
    return best, best_score


def _timestamps(table: _Table, values: pd.Series, now: float) -> tuple[np.ndarray, str]:
    """Text -> epoch seconds (int64), and the unit detected."""
    column = values.name
    numbers = pd.to_numeric(values, errors="coerce")
    is_number = numbers.notna()
    fix = Phrase("time_fix")
    if is_number.all():
        if not np.isfinite(numbers).all():
            bad = (~np.isfinite(numbers)).idxmax()
            raise LogError("not_a_time", where=table.where(bad), column=column, value=_short(values[bad]),
                           fix=fix)
        if (numbers < 0).any():
            bad = (numbers < 0).idxmax()
            raise LogError("negative_time", where=table.where(bad), column=column, value=_short(values[bad]))
        band = np.select([numbers >= low for low, _, _ in TIME_UNITS], range(len(TIME_UNITS)))
        counts = np.bincount(band, minlength=len(TIME_UNITS))
        usual = counts.argmax()
        if (counts > 0).sum() > 1:  # name the odd row against a row in the column's usual unit
            odd, typical = np.flatnonzero(band != usual)[0], np.flatnonzero(band == usual)[0]
            bad, first = numbers.index[odd], numbers.index[typical]
            raise LogError("mixed_units", where=table.where(bad), column=column, value=_short(values[bad]),
                           unit=Phrase(f"unit.{TIME_UNITS[band[odd]][2]}"), first_where=table.where(first),
                           first=_short(values[first]), usual=Phrase(f"unit.{TIME_UNITS[usual][2]}"))
        _, scale, unit = TIME_UNITS[usual]
        seconds = np.floor(numbers.to_numpy(dtype=float) * scale)
    elif not is_number.any():
        parsed = pd.to_datetime(values, format="ISO8601", utc=True, errors="coerce")
        if parsed.isna().any():
            bad = parsed.isna().idxmax()
            raise LogError("not_a_time", where=table.where(bad), column=column, value=_short(values[bad]),
                           fix=fix)
        seconds = ((parsed - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)).to_numpy(dtype=float)
        unit = "ISO 8601 dates"
        if (seconds < 0).any():
            bad = values.index[np.argmax(seconds < 0)]
            raise LogError("before_1970", where=table.where(bad), column=column, value=_short(values[bad]))
    else:
        odd = is_number if is_number.sum() < len(values) / 2 else ~is_number
        bad = odd.idxmax()
        kind = Phrase("mixed_formats.number" if is_number[bad] else "mixed_formats.text")
        raise LogError("mixed_formats", where=table.where(bad), column=column, value=_short(values[bad]),
                       kind=kind, fix=fix)
    future = seconds > now + DAY
    if future.any():
        bad = values.index[np.argmax(future)]
        when = pd.Timestamp(int(min(seconds[future][0], 253_402_300_799)), unit="s")
        raise LogError("future", where=table.where(bad), column=column, value=_short(values[bad]),
                       unit=Phrase(f"unit.{unit}"), date=f"{when:%Y-%m-%d}")
    return seconds.astype(np.int64), unit


def _clicks(table: _Table, values: pd.Series) -> np.ndarray:
    codes = values.str.lower().map(CLICK_VALUES)
    if codes.isna().any():
        bad = codes.isna().idxmax()
        raise LogError("not_click", where=table.where(bad), column=values.name, value=_short(values[bad]))
    return codes.to_numpy(dtype=np.int8)


def _first_category(table: _Table, values: pd.Series, notes: Notes) -> pd.Series:
    multi = values.str.contains(CATEGORY_SEPARATOR, regex=False)
    if not multi.any():
        return values
    # a log repeats few distinct combinations ("Action|Comedy"): reduce each once
    first_listed = {v: next((part.strip() for part in v.split(CATEGORY_SEPARATOR) if part.strip()), "")
                    for v in pd.unique(values[multi])}
    first = values[multi].map(first_listed)
    if (first == "").any():
        bad = (first == "").idxmax()
        raise LogError("no_category_name", where=table.where(bad), column=values.name,
                       value=_short(values[bad]))
    example = multi.idxmax()
    notes.repairs.append(Phrase("note.multi_category", label=table.label, n=int(multi.sum()),
                                value=_short(values[example]), where=table.where(example)))
    values = values.copy()
    values[multi] = first
    return values


def _read_events(source: Source, label: str, now: float, notes: Notes, named: dict[str, str],
                 guess: bool) -> tuple[pd.DataFrame, str, _Table, dict[str, str]]:
    table = _read_table(source, label, "event", notes)
    cols, columns = _columns(table, EVENT_COLUMNS, notes, named, guess)
    seconds, unit = _timestamps(table, cols["timestamp"], now)
    category = _first_category(table, cols["category"], notes)
    events = pd.DataFrame({"user": cols["user_id"], "item": cols["item_id"], "category": category,
                           "timestamp": seconds, "row": table.frame.index})
    events = _drop_duplicates(table, events, ["user", "item", "timestamp"], "events", notes)
    _note_unsorted(table, events, notes)
    events = _unify_item_categories(table, events, notes)
    return events, unit, table, columns


def _read_impressions(source: Source, label: str, now: float, notes: Notes, named: dict[str, str],
                      guess: bool) -> tuple[pd.DataFrame, str, _Table]:
    table = _read_table(source, label, "impression", notes)
    cols, _ = _columns(table, IMPRESSION_COLUMNS, notes, named, guess)
    seconds, unit = _timestamps(table, cols["timestamp"], now)
    impressions = pd.DataFrame({"user": cols["user_id"], "item": cols["item_id"], "timestamp": seconds,
                                "clicked": _clicks(table, cols["clicked"]), "row": table.frame.index})
    impressions = _drop_duplicates(table, impressions, ["user", "item", "timestamp"], "impressions", notes)
    return impressions, unit, table


def _drop_duplicates(table: _Table, df: pd.DataFrame, key: list[str], what: str,
                     notes: Notes) -> pd.DataFrame:
    dup = df.duplicated(key)
    if not dup.any():
        return df
    first_dup = dup.idxmax()
    same = (df[key] == df.loc[first_dup, key]).all(axis=1)
    notes.repairs.append(Phrase("note.duplicates", label=table.label, n=int(dup.sum()),
                                what=Phrase(f"kind.{what}"), where=table.where(first_dup),
                                first=table.where(same.idxmax())))
    return df[~dup]


def _note_unsorted(table: _Table, events: pd.DataFrame, notes: Notes) -> None:
    step = events.groupby("user", sort=False)["timestamp"].diff()
    if (step < 0).any():
        bad = (step < 0).idxmax()
        notes.repairs.append(Phrase("note.unsorted", label=table.label, where=table.where(bad)))


def _unify_item_categories(table: _Table, events: pd.DataFrame, notes: Notes) -> pd.DataFrame:
    counts = events.groupby(["item", "category"], sort=False).size().rename("n").reset_index()
    if len(counts) == counts["item"].nunique():
        return events
    main = (counts.sort_values("n", ascending=False, kind="stable")
            .drop_duplicates("item").set_index("item")["category"])
    unified = events["item"].map(main)
    changed = unified != events["category"]
    example = changed.idxmax()
    n_items = int(counts["item"].duplicated().sum())
    notes.repairs.append(Phrase("note.item_categories", label=table.label, n=n_items,
                                item=_short(events.loc[example, "item"]),
                                category=_short(events.loc[example, "category"]), where=table.where(example),
                                main=_short(unified[example])))
    return events.assign(category=unified)


# --- typed columns -> World

def _ordered_ids(values: pd.Series) -> list[str]:
    """Distinct ids, numerically ordered when they are all numbers, else alphabetically."""
    unique = pd.Series(pd.unique(values))
    as_number = pd.to_numeric(unique, errors="coerce")
    if as_number.notna().all():
        return unique.iloc[np.argsort(as_number.to_numpy(), kind="stable")].tolist()
    return sorted(unique.tolist())


def _check_categories(events: pd.DataFrame, label: str) -> list[str]:
    categories = sorted(events["category"].unique())
    if len(categories) < 2:
        raise LogError("one_category", label=label, value=_short(categories[0]))
    if len(categories) > MAX_CATEGORIES:
        raise LogError("too_many_categories", label=label, count=len(categories), cap=MAX_CATEGORIES)
    return categories


def _drop_single_event_users(events: pd.DataFrame, label: str, notes: Notes) -> pd.DataFrame:
    moments = events.groupby("user", sort=False)["timestamp"].transform("nunique")
    lone = moments < 2
    if not lone.any():
        return events
    if lone.all():
        raise LogError("single_events", label=label)
    example = lone.idxmax()
    notes.repairs.append(Phrase("note.single_event_users", label=label, n=events.loc[lone, "user"].nunique(),
                                user=_short(events.loc[example, "user"])))
    return events[~lone]


def build_impressions(events: pd.DataFrame, n_items: int, seed: int = 0,
                      max_impressions: int = MAX_IMPRESSIONS) -> tuple[pd.DataFrame, Notes]:
    """Impressions of an events-only log by IMPRESSION_RULE.

    events: user_id, item_id (1..n_items), timestamp, sorted by user and time.
    Returns user_id, timestamp, item_id, clicked, and what was left out or capped."""
    notes = Notes()
    first_time = events.groupby("user_id")["timestamp"].transform("min")
    positives = events.loc[events["timestamp"] > first_time, ["user_id", "item_id", "timestamp"]]
    if 2 * len(positives) > max_impressions:
        newest = positives["timestamp"].to_numpy().argsort(kind="stable")[-(max_impressions // 2):]
        positives = positives.iloc[np.sort(newest)]
        notes.warnings.append(Phrase("note.positive_cap", n=len(positives), cap=max_impressions))
    user = positives["user_id"].to_numpy()
    stride = n_items + 1
    touched = np.sort(events["user_id"].to_numpy() * stride + events["item_id"].to_numpy())

    def was_touched(items: np.ndarray) -> np.ndarray:
        key = user * stride + items
        at = np.searchsorted(touched, key).clip(max=len(touched) - 1)
        return touched[at] == key

    rng = np.random.default_rng(seed)
    negative = rng.integers(1, n_items + 1, size=len(positives))
    for _ in range(NEGATIVE_DRAWS):
        clash = was_touched(negative)
        if not clash.any():
            break
        negative[clash] = rng.integers(1, n_items + 1, size=int(clash.sum()))
    clash = was_touched(negative)
    all_items = np.arange(1, n_items + 1)
    for u in sorted(set(user[clash].tolist())):  # users who touched most of the catalogue: draw exactly
        rows = np.flatnonzero(clash & (user == u))
        untouched = np.setdiff1d(all_items, touched[touched // stride == u] % stride)
        if len(untouched):
            negative[rows] = rng.choice(untouched, size=len(rows))
    has_negative = ~was_touched(negative)
    if not has_negative.all():
        notes.repairs.append(Phrase("note.no_negative", n=int((~has_negative).sum())))
    positives = positives[has_negative]
    impressions = pd.concat([positives.assign(clicked=1),
                             positives.assign(item_id=negative[has_negative], clicked=0)])
    impressions = impressions.sort_values(["user_id", "timestamp", "clicked"], ascending=[True, True, False],
                                          kind="stable")
    return impressions[["user_id", "timestamp", "item_id", "clicked"]].astype(
        {"clicked": np.int8}).reset_index(drop=True), notes


def _check_splits(impressions: pd.DataFrame, label: str, notes: Notes) -> None:
    ts = impressions["timestamp"].to_numpy()
    test_start = ts.max() - TEST_DAYS * DAY
    valid_start = test_start - VALID_DAYS * DAY
    day = lambda t: f"{pd.Timestamp(int(t), unit='s'):%Y-%m-%d}"  # noqa: E731
    span = (ts.max() - ts.min()) / DAY
    need = Phrase("need_weeks", test=TEST_DAYS, valid=VALID_DAYS)
    if not (ts <= valid_start).any():
        raise LogError("too_short", label=label, days=span, date=day(valid_start), need=need)
    if not ((ts > valid_start) & (ts <= test_start)).any():
        raise LogError("no_validation", label=label, start=day(valid_start), end=day(test_start), need=need)
    clicked = impressions["clicked"].to_numpy()
    for name, part in (("training_weeks", ts <= valid_start), ("test_week", ts > test_start)):
        has_click, has_skip = (clicked[part] == 1).any(), (clicked[part] == 0).any()
        if not (has_click and has_skip):
            raise LogError("no_click_kind", label=label, part=Phrase(name),
                           missing=Phrase("clicked" if not has_click else "not_clicked"))
    n_test = int((ts > test_start).sum())
    if n_test < MIN_TEST_IMPRESSIONS:
        notes.warnings.append(Phrase("note.thin_test", n=n_test, date=day(test_start)))


def _assemble(events: pd.DataFrame, impressions: pd.DataFrame, categories: list[str], user_ids: list[str],
              item_ids: list[str], meta: dict, notes: Notes, columns: dict[str, str],
              header: list[str], guessed: bool) -> ImportResult:
    """Remapped int frames -> World; keeps the original ids for display."""
    items = events.groupby("item_id", as_index=False)["category"].first()
    items["original_id"] = np.asarray(item_ids, dtype=object)[items["item_id"].to_numpy() - 1]
    items["popularity"] = items["item_id"].map(events["item_id"].value_counts(normalize=True)).to_numpy()
    test_start = impressions["timestamp"].max() - TEST_DAYS * DAY
    in_test = set(impressions.loc[impressions["timestamp"] > test_start, "user_id"].tolist())
    demo = [int(u) for u in events["user_id"].value_counts().index if u in in_test][:3]
    meta = {"source": "imported", **meta, "categories": categories, "original_user_ids": user_ids,
            "demo_users": {f"user {user_ids[u]}": u for u in demo},
            "import_repairs": list(map(str, notes.repairs)),
            "import_warnings": list(map(str, notes.warnings))}
    world = world_from_frames(events, impressions, items, meta)
    return ImportResult(world, notes.repairs, notes.warnings, columns, header, guessed)


def read_log(events: Source, impressions: Source | None = None, *, seed: int = 0, now: float | None = None,
             events_name: str = "events", impressions_name: str = "impressions",
             columns: dict[str, str] | None = None, guess_columns: bool = True) -> ImportResult:
    """A user's behaviour log -> a World (truth None, meta source 'imported'), its repairs and warnings.

    events, impressions: a CSV path, a CSV upload's bytes (gzip allowed) or a DataFrame; the names
    label bytes and DataFrames in messages (a path is labelled by its file name). Without
    impressions the log is events-only and impressions follow IMPRESSION_RULE with `seed`.
    columns: which header name is which column ({"user_id": "customer", ...}), in whichever file has
    that name; the others are found by ALIASES, and with `guess_columns` a header whose every unknown
    column has one nearest name is read by those names (a warning says so). `now` (epoch seconds,
    default the clock) decides what is in the future. Raises LogError (ColumnsError for a header that
    needs a choice of columns)."""
    now = time.time() if now is None else now
    named = {canonical: str(name).strip() for canonical, name in (columns or {}).items()}
    unknown = sorted(set(named) - set(ALIASES))
    if unknown:
        raise LogError("unknown_columns", names=", ".join(map(_short, unknown)), columns=", ".join(ALIASES))
    if len(set(named.values())) < len(named):
        raise LogError("column_twice")
    notes = Notes()
    ev, event_unit, ev_table, used = _read_events(events, events_name, now, notes, named, guess_columns)
    if impressions is None:
        ev = _drop_single_event_users(ev, ev_table.label, notes)
    categories = _check_categories(ev, ev_table.label)
    item_ids = _ordered_ids(ev["item"])
    items = pd.Index(item_ids)
    meta = {"shape": "events-only" if impressions is None else "events+impressions", "seed": seed,
            "timestamp_units": {"events": event_unit}}
    if impressions is None:
        user_ids = _ordered_ids(ev["user"])
        events_int = _int_events(ev, pd.Index(user_ids), items)
        imp_int, built = build_impressions(events_int, len(item_ids), seed, MAX_IMPRESSIONS)
        if imp_int.empty:
            raise LogError("no_negatives", label=ev_table.label)
        notes.repairs.extend(built.repairs)
        notes.warnings.extend(built.warnings)
        meta["impression_rule"] = IMPRESSION_RULE
        imp_label = ev_table.label
    else:
        imp, meta["timestamp_units"]["impressions"], imp_table = _read_impressions(
            impressions, impressions_name, now, notes, named, guess_columns)
        imp_label = imp_table.label
        imp = _drop_unknown_items(imp, imp_table, items, notes)
        user_ids = _ordered_ids(pd.concat([ev["user"], imp["user"]]))
        users = pd.Index(user_ids)
        events_int = _int_events(ev, users, items)
        imp_int = pd.DataFrame({"user_id": users.get_indexer(imp["user"]),
                                "timestamp": imp["timestamp"].to_numpy(),
                                "item_id": items.get_indexer(imp["item"]) + 1,
                                "clicked": imp["clicked"].to_numpy()})
        no_history = ~imp["user"].isin(ev["user"])
        if no_history.any():
            notes.warnings.append(Phrase("note.no_history", label=imp_label, n=int(no_history.sum()),
                                         where=imp_table.where(no_history.idxmax())))
        if len(imp_int) > MAX_IMPRESSIONS:
            newest = imp_int["timestamp"].to_numpy().argsort(kind="stable")[-MAX_IMPRESSIONS:]
            imp_int = imp_int.iloc[np.sort(newest)]
            notes.warnings.append(Phrase("note.impression_cap", label=imp_label, cap=MAX_IMPRESSIONS))
    _check_splits(imp_int, imp_label, notes)
    return _assemble(events_int, imp_int, categories, user_ids, item_ids, meta, notes, used,
                     [str(c) for c in ev_table.frame.columns], guessed=len(notes.guesses) > 0)


def _int_events(ev: pd.DataFrame, users: pd.Index, items: pd.Index) -> pd.DataFrame:
    """Text ids -> user 0..n-1 and item 1..n, sorted by user and time as History needs."""
    out = pd.DataFrame({"user_id": users.get_indexer(ev["user"]),
                        "item_id": items.get_indexer(ev["item"]) + 1,
                        "category": ev["category"].to_numpy(), "timestamp": ev["timestamp"].to_numpy()})
    return out.sort_values(["user_id", "timestamp"], kind="stable").reset_index(drop=True)


def _drop_unknown_items(imp: pd.DataFrame, table: _Table, items: pd.Index,
                        notes: Notes) -> pd.DataFrame:
    unknown = ~imp["item"].isin(items)
    if not unknown.any():
        return imp
    example = unknown.idxmax()
    what = Phrase("unknown_item", item=_short(imp.loc[example, "item"]), where=table.where(example))
    if unknown.all():
        raise LogError("no_known_items", label=table.label, what=what)
    notes.repairs.append(Phrase("note.unknown_items", label=table.label, n=int(unknown.sum()), what=what))
    return imp[~unknown]


def _is_synthetic_world(folder: Path) -> bool:
    """A folder written by save_world from a generated world: its meta.json carries the truth."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("source") == "synthetic" and "truth" in meta


def load_any(path: str | Path, on_warning: Callable[[str], None] | None = None,
             columns: dict[str, str] | None = None) -> World:
    """The CLI's --data: a world folder or a single events-only CSV file -> World.

    A folder written by `generate` loads as it was saved (truth included). Any other folder is a
    user's log: events.csv with impressions.csv is shape (a), events.csv alone shape (b). A file is
    an events-only log. `columns` as read_log's. Repairs and warnings go to on_warning, one sentence
    each."""
    path = Path(path)
    if path.is_dir():
        if _is_synthetic_world(path):
            return load_world(path)
        events = find_csv(path, "events.csv")
        if events is None:
            raise LogError("no_events_csv", path=path)
        result = read_log(events, find_csv(path, "impressions.csv"), columns=columns)
    elif path.is_file():
        result = read_log(path, columns=columns)
    else:
        raise LogError("no_path", path=path)
    for message in result.repairs + result.warnings:
        if on_warning is not None:
            on_warning(str(message))
    return result.world
