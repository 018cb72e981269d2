"""What every lesson shares: category styles, the embedding map, and one user's events read by a model."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch

from .. import literal
from ..data import Dataset
from ..metrics import rank_corr, true_relevance
from ..models import Batch, SequenceModel
from ..text import t
from ..world import CATEGORIES, DAY

# Okabe–Ito's colour-blind-safe palette for the story's categories (coats blue, cups orange), Paul
# Tol's for the rest; imported categories cycle through the spare colours
_COLOURS = {"coat": "#0072B2", "cup": "#E69F00", "scarf": "#56B4E9", "sneakers": "#009E73",
            "book": "#CC79A7", "phone": "#666666", "toy": "#D55E00", "snack": "#B8A400",
            "plant": "#117733", "sunglasses": "#882255"}
_SPARE_COLOURS = ("#332288", "#44AA99", "#999933", "#AA4499", "#88CCEE", "#DDCC77", "#661100")
_NAMES_ZH = {name: zh for name, zh, _ in CATEGORIES}
_EMOJI = {name: emoji for name, _, emoji in CATEGORIES}


def category_colour(name: str) -> str:
    return _COLOURS.get(name) or _SPARE_COLOURS[sum(map(ord, name)) % len(_SPARE_COLOURS)]


def category_emoji(name: str) -> str:
    return _EMOJI.get(name, "🏷️")


def category_name(name: str, lang: str) -> str:
    return _NAMES_ZH.get(name, name) if lang == "zh" else name


def category_text(name: str, lang: str) -> str:
    """'🧥 coat' / '🧥 外套': a category in plain text (widget options)."""
    return f"{category_emoji(name)} {category_name(name, lang)}"


def category_label(name: str, lang: str) -> str:
    """A category on a figure's axis, legend or hover text (names can come from an uploaded file)."""
    return literal.figure(category_text(name, lang))


def category_markdown(name: str, lang: str) -> str:
    """A category in Markdown: a question's prompt, a note (names can come from an uploaded file)."""
    return literal.markdown(category_text(name, lang))


def model_options(cfg) -> list[str]:
    """The string-table keys of what differs from a lesson's default model: the scorer when it is not
    the unit, softmax when on. Only these are spelled out, so the common case stays short."""
    options = []
    if cfg.model != "avg" and cfg.scorer != "unit":
        options.append(f"models.scorer.{cfg.scorer}")
    if cfg.softmax:
        options.append("models.softmax")
    return options


def model_name(cfg, lang: str) -> str:
    """A model and its options, without its N or K: 'DIN, inner product' (one LastN curve across N)."""
    return t("models.label.sep", lang).join([t(f"models.{cfg.model}", lang),
                                             *(t(key, lang) for key in model_options(cfg))])


def model_label(cfg, lang: str) -> str:
    """A ModelConfig as the pages name it: 'DIN (N=50)', 'SIM（硬检索）（K=50，时间分桶）'."""
    sep = t("models.label.sep", lang)
    more = "".join(sep + t(key, lang) for key in model_options(cfg))
    name = t(f"models.{cfg.model}", lang)
    time = t("models.time" if cfg.time else "models.no_time", lang)
    if cfg.model == "sim-sdim":  # no K: its kernel weighs every event
        return t("models.label.sdim", lang, name=name, time=time, more=more)
    if cfg.model.startswith("sim"):
        return t("models.label.sim", lang, name=name, k=cfg.k, time=time, more=more)
    return t("models.label.lastn", lang, name=name, n=cfg.lastn, more=more)


MIN_TEXT_PX = 12  # the smallest text a chart draws: read from the back of a classroom, on a projector


def style_figure(fig: go.Figure, title: str, height: int = 360) -> go.Figure:
    # Plotly shrinks a bar's text to fit the bar, to ~6 px on narrow bars: never under MIN_TEXT_PX
    fig.update_layout(title=dict(text=title, x=0, xanchor="left"), height=height,
                      margin=dict(l=10, r=10, t=50, b=10), legend=dict(itemsizing="constant"),
                      hoverlabel=dict(namelength=-1), font=dict(size=MIN_TEXT_PX),
                      uniformtext=dict(minsize=MIN_TEXT_PX, mode="show"))
    return fig


NARROW_TITLE_WIDTH = 36  # a title line on a phone (a 390 px screen): Latin letters, a CJK one counts 2
NARROW_NOTE_WIDTH = 22  # a note's line (a subplot's title over half the screen)
# a tag, one CJK character, a word with the spaces after it, or spaces
_TITLE_TOKENS = re.compile(r"<[^>]+>|[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\s+")


def wrapped(text: str, width: int = NARROW_TITLE_WIDTH) -> list[str]:
    """`text` in lines of at most `width` (a CJK character counts two), broken between words, or between
    any two CJK characters; an existing <br> breaks a line."""
    lines = []
    for part in re.split(r"<br\s*/?>", text):
        line, used = "", 0
        for token in _TITLE_TOKENS.findall(part):
            size = 0 if token.startswith("<") else sum(2 if ord(c) >= 0x2E80 else 1 for c in token.rstrip())
            if used and used + size > width:
                lines.append(line.strip())
                line, used = "", 0
            line, used = line + token, used + size + (len(token) - len(token.rstrip()))
        lines.append(line.strip())
    return lines


def narrow_layout(fig: dict) -> dict:
    """A figure (as a dict) for a phone's screen. Its one-line title, which Plotly never wraps and
    which ran ~200 px past a 390 px screen, broken into lines, and so its notes (subplots' titles); its
    legend, whose row of entries ran past the screen too, one entry a line under the plot (at the
    figure's bottom, below the x axis's title); the margins and the height grown to hold them."""
    layout = dict(fig.get("layout", {}))
    margin = dict(layout.get("margin") or {})
    grown = 0
    title = (layout.get("title") or {}).get("text")
    if title:
        lines = wrapped(title)
        layout["title"] = {**layout["title"], "text": "<br>".join(lines)}
        margin["t"] = max(margin.get("t", 50), 30 + 22 * len(lines))
        grown += 22 * (len(lines) - 1)
    notes = [dict(a) for a in layout.get("annotations", ())]
    for note in notes:  # a subplot's title is a note over a half or a third of the screen
        lines = wrapped(str(note.get("text", "")), NARROW_NOTE_WIDTH)
        note["text"] = "<br>".join(lines)
        if note.get("yanchor") == "bottom" and note.get("yref") == "paper" and len(lines) > 1:
            margin["t"] = margin.get("t", 50) + 16 * (len(lines) - 1)
            grown += 16 * (len(lines) - 1)
    if notes:
        layout["annotations"] = notes
    data = [dict(tr) for tr in fig.get("data", [])]
    entries = [tr for tr in data if tr.get("name") and tr.get("showlegend", True)]
    if entries and layout.get("showlegend", True):
        for tr in entries:  # an entry a line, and a long one over several
            tr["name"] = "<br>".join(wrapped(str(tr["name"]), NARROW_TITLE_WIDTH + 4))
        height = 20 * sum(tr["name"].count("<br>") + 1 for tr in entries) + 10
        layout["legend"] = {**(layout.get("legend") or {}), "orientation": "v", "x": 0, "xanchor": "left",
                            "y": 0, "yanchor": "bottom", "yref": "container"}
        margin["b"] = max(margin.get("b", 10), 70) + height
        grown += height
    layout["margin"] = margin
    if layout.get("height"):
        layout["height"] = layout["height"] + grown
    return {**fig, "data": data, "layout": layout}


def aligned_ranges(a: np.ndarray, b: np.ndarray, pad: float = 1.08) -> tuple[list[float], list[float]]:
    """Ranges for two y axes (values a on the left, b on the right) whose zeros sit at one height,
    so a bar and a dot at zero mean the same thing on both."""
    tops = [max(float(np.nanmax(v)) if len(v) else 0.0, 1e-9) for v in (a, b)]
    bottoms = [min(float(np.nanmin(v)) if len(v) else 0.0, 0.0) for v in (a, b)]
    below = max(-lo / hi for lo, hi in zip(bottoms, tops, strict=True))  # depth under zero, per unit above
    return [[-below * hi * pad, hi * pad] for hi in tops]


# --- log axes -------------------------------------------------------------------------------------

AGE_TICKS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}  # in days
SHORTEST_DAYS = 0.01  # the left end of a log age axis (an event can be seconds old)


def log_age_axis(fig: go.Figure, lang: str, **where) -> None:
    """A log 'days ago' x axis labelled 1 hour, 1 day, 1 week, 1 month, 1 year."""
    fig.update_xaxes(type="log", title=t("common.axis.age_days", lang), tickvals=list(AGE_TICKS.values()),
                     ticktext=[t(f"common.tick.{k}", lang) for k in AGE_TICKS], **where)


def log_ticks(lo: float, hi: float) -> dict:
    """Tick values 1, 2, 5, 10, 20, 50 ... between lo and hi, written in full: Plotly's own minor
    labels on a log axis read '2 5 2', with 5 meaning 0.5 or 50 depending on the decade."""
    steps = (1, 2, 5) if hi <= 1e4 * lo else (1,)  # over many decades, the powers of ten are enough
    values = [m * 10.0 ** e for e in range(-3, 12) for m in steps if lo <= m * 10.0 ** e <= hi]
    return dict(type="log", tickvals=values, ticktext=[_tick_text(v) for v in values])


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _tick_text(value: float) -> str:
    """'0.05', '200', '5,000'; from 10⁵ up, powers of ten, which stay short and read alike in any language."""
    exponent = int(round(np.log10(value)))
    if value >= 1e5 and np.isclose(value, 10.0 ** exponent):
        return "10" + str(exponent).translate(_SUPERSCRIPTS)
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


# --- the embedding map ---------------------------------------------------------------------------

@dataclass
class Projection:
    """A linear map of the item embeddings to 2-D; user vectors are projected with the same axes (an
    average of items lands on the average of their points)."""

    mean: np.ndarray  # [D]
    axes: np.ndarray  # [D, 2]

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        return (np.atleast_2d(vectors) - self.mean) @ self.axes


def item_table(model: SequenceModel) -> np.ndarray:
    """[n_items + 1, D] the model's item embeddings (row 0 is padding)."""
    return model.item_emb.weight.detach().cpu().numpy()


def embedding_map(model: SequenceModel, world, around: list[str] = ()) -> tuple[Projection, pd.DataFrame]:
    """A model's item embeddings on a plane -> the projection and a table item_id, category, x, y.

    The plane: through the mean embeddings of the categories `around` (a user's interests, two or
    three), so those categories lie as far apart as the model's embeddings allow; else PCA of them all.
    On the sample world's AvgPool, PCA of 600 items put mia's books, cups and coats in one cloud; on
    the plane of their three means, her coats sit apart (3x the clusters' spread)."""
    table = item_table(model)
    ids = world.items["item_id"].to_numpy()
    vectors = table[ids]
    categories = world.items["category"].astype(str).to_numpy()
    centres = np.array([vectors[categories == name].mean(0) for name in around if (categories == name).any()])
    if len(centres) >= 2:
        mean = centres.mean(0)
        axes = np.linalg.qr((centres - mean).T)[0][:, :2]
        if len(centres) == 2:  # one direction between the two; the second, the spread across it
            rest = vectors - mean - np.outer((vectors - mean) @ axes[:, 0], axes[:, 0])
            axes[:, 1] = np.linalg.svd(rest, full_matrices=False)[2][0]
    else:
        mean = vectors.mean(0)
        axes = np.linalg.svd(vectors - mean, full_matrices=False)[2][:2].T
    projection = Projection(mean, axes)
    xy = projection(vectors)
    items = pd.DataFrame({"item_id": ids, "category": categories,
                          "x": xy[:, 0], "y": xy[:, 1]})
    return projection, items


def map_items_traces(items: pd.DataFrame, lang: str, highlight: set[str] | None = None) -> list[go.Scatter]:
    """One faint scatter trace per category: the background of every embedding map."""
    traces = []
    for name, group in items.groupby("category", sort=False):
        faded = highlight is not None and name not in highlight
        traces.append(go.Scatter(
            x=group["x"], y=group["y"], mode="markers", name=category_label(name, lang),
            marker=dict(color=category_colour(name), size=6, opacity=0.15 if faded else 0.45),
            customdata=group["item_id"], hovertemplate=f"{category_label(name, lang)} #%{{customdata}}"
                                                       "<extra></extra>"))
    return traces


# --- one user, seen through a model --------------------------------------------------------------

def user_markdown(world, user: int, lang: str) -> str:
    """A demo user's name ("mia", or an imported log's "user A17"), anyone else's id ("user #12"), for a
    question's prompt."""
    name = {u: name for name, u in world.demo_users().items()}.get(user)
    return t("common.user.number", lang, id=user) if name is None else literal.markdown(name)


def world_now(world) -> int:
    """The moment the lessons predict at: one second after the last thing that happened."""
    return int(max(world.events["timestamp"].max(), world.impressions["timestamp"].max())) + 1


def representative_item(world, category: str) -> int:
    """The most popular item of a category: what the one-click 'coat' / 'cup' buttons pick."""
    items = world.items[world.items["category"] == category]
    if items.empty:
        raise ValueError(f"this world has no items of category {category!r}")
    return int(items.loc[items["popularity"].idxmax(), "item_id"])


@dataclass(frozen=True)
class Case:
    """Whose history and which ad a page opens on."""

    user: int
    name: str
    ad: int
    ad_category: str


CASE_WINDOW = 50  # the window the default case looks into: the N the shipped DIN reads


def default_case(world) -> Case:
    """The user and ad a page opens on. The demo user eva and a coat where the world has them; else, by
    rule: the user whose last CASE_WINDOW events hold the most events of their second most frequent
    category (two interests in one window, so that the ad's choice shows), and an ad of that window's
    most frequent category (the most popular item of it)."""
    demo = world.demo_users()
    if "eva" in demo and "coat" in set(world.items["category"]):
        return Case(demo["eva"], "eva", representative_item(world, "coat"), "coat")
    # every user's newest CASE_WINDOW events at once (events are sorted by user and time): a loop over
    # users read the whole log once per user (1.3 s for 300 users; a large import has tens of thousands)
    window = world.events[world.events["timestamp"] < world_now(world)].groupby("user_id").tail(CASE_WINDOW)
    sizes = window.groupby(["user_id", window["category"].astype(str)]).size().rename("n").reset_index()
    sizes = sizes.sort_values(["user_id", "n"], ascending=[True, False], kind="stable")
    second = sizes[sizes.groupby("user_id").cumcount() == 1].set_index("user_id")["n"]
    scores = second.reindex(sizes["user_id"].unique(), fill_value=0)
    best = int(scores.idxmax())  # the first of the best: the smallest user id
    category = str(user_history(world, best)["category"].iloc[:CASE_WINDOW].value_counts().index[0])
    return Case(best, f"#{best}", representative_item(world, category), category)


def item_category_name(world, item: int) -> str:
    """The category of item id `item` ("coat")."""
    return str(world.categories[int(world.item_category()[item])])


def user_history(world, user: int, now: int | None = None) -> pd.DataFrame:
    """A user's events before `now`, newest first, with slot (0 = newest) and age in days."""
    now = world_now(world) if now is None else now
    events = world.user_events(user)
    events = events[events["timestamp"] < now].iloc[::-1].reset_index(drop=True)
    return events.assign(slot=np.arange(len(events)), age_days=(now - events["timestamp"]) / DAY,
                         category=events["category"].astype(str))


def make_batch(dataset: Dataset, user: int, candidates, now: int) -> Batch:
    """`user` at `now` facing each of the item ids `candidates`."""
    items = np.asarray(candidates, dtype=np.int64)
    return Batch.for_user(user, now, items, dataset.world.item_category()[items], dataset.device)


def stack_reads(reads: list[tuple[torch.Tensor, torch.Tensor]]) -> tuple[torch.Tensor, torch.Tensor]:
    """One-row reads of different widths ([1, L_i] positions and masks, e.g. LastN at several N or a
    search at several K) -> one [len(reads), max L_i] read, padded: a single forward pass over it
    gives what one pass per read would (padding is masked), without paying each pass's overhead."""
    width = max(positions.shape[1] for positions, _ in reads)
    pad = lambda x, value: torch.nn.functional.pad(x, (0, width - x.shape[1]), value=value)  # noqa: E731
    return (torch.cat([pad(positions, -1) for positions, _ in reads]),
            torch.cat([pad(mask, False) for _, mask in reads]))


@dataclass
class Reading:
    """What a model did for one user and some candidates.

    events:      one row per (candidate, event read): candidate, slot (0 = newest event read),
                 position, item_id, category, timestamp, age_days, weight, truth (NaN if unknown)
    probability: [C] the model's click probability per candidate
    true_probability: [C] the world's, or None for an imported world
    user_vector: [C, D] the pooled user interest per candidate
    """

    events: pd.DataFrame
    probability: np.ndarray
    true_probability: np.ndarray | None
    user_vector: np.ndarray


@torch.no_grad()
def read_user(model: SequenceModel, dataset: Dataset, user: int, candidates, now: int | None = None,
              **read_options) -> Reading:
    """Run `model` (inference only) on one user at `now` for each candidate item id."""
    world = dataset.world
    now = world_now(world) if now is None else now
    batch = make_batch(dataset, user, candidates, now)
    model.eval()
    out = model(batch, dataset.history, **read_options)
    positions = out.positions.cpu().numpy()
    mask = out.mask.cpu().numpy()
    weights = out.weights.float().cpu().numpy()
    truth = true_relevance(dataset, batch, out.positions) if world.has_truth else None
    history = dataset.history
    rows = []
    for c, cand in enumerate(np.asarray(candidates)):
        sel = mask[c]
        pos = positions[c][sel]
        ts = history.ts[torch.as_tensor(pos, dtype=torch.long)].cpu().numpy()
        item = history.item[torch.as_tensor(pos, dtype=torch.long)].cpu().numpy()
        rows.append(pd.DataFrame({
            "candidate": int(cand), "slot": np.flatnonzero(sel), "position": pos, "item_id": item,
            "category": np.asarray(world.categories)[history.cat[torch.as_tensor(pos, dtype=torch.long)]
                                                     .cpu().numpy()],
            "timestamp": ts, "age_days": (now - ts) / DAY, "weight": weights[c][sel],
            "truth": truth[c][sel] if truth is not None else np.nan}))
    events = pd.concat(rows, ignore_index=True)
    probability = torch.sigmoid(out.logit).cpu().numpy()
    return Reading(events, probability, true_click_probability(dataset, user, candidates, now),
                   out.user_vector.cpu().numpy())


def true_click_probability(dataset: Dataset, user: int, candidates, now: int) -> np.ndarray | None:
    """The world's click probability per candidate, from relevance summed over the FULL history."""
    world = dataset.world
    if not world.has_truth:
        return None
    events = world.user_events(user)
    events = events[events["timestamp"] < now]
    cands = np.asarray(candidates)
    event_items = np.broadcast_to(events["item_id"].to_numpy(), (len(cands), len(events)))
    relevance = world.truth.relevance(cands, np.full(len(cands), now), event_items,
                                      events["timestamp"].to_numpy()[None, :])
    return world.truth.probability(cands, relevance.sum(1))


def weight_truth_correlation(events: pd.DataFrame) -> float | None:
    """Spearman correlation of the weights with the true relevance, over one candidate's events.

    None when it is undefined: fewer than 3 events, constant weights (averaging), or no truth."""
    if len(events) < 3 or events["truth"].isna().any():
        return None
    if np.ptp(events["weight"]) < 1e-9 or np.ptp(events["truth"]) == 0:
        return None
    return rank_corr(events["weight"], events["truth"])
