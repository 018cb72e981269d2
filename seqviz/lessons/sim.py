"""SIM, search then attend: what the search keeps, and how close that comes to attending over everything.

The searched history is the user's last N events before `now`, held as a
History of its own, so the model's real GSU (hard or soft search) and ESU run
on exactly that window, and "full attention" is the same model with
search='all' over the same window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from ..history import History
from ..models import SIM, Batch
from ..text import t
from ..world import DAY, World
from .common import category_colour, category_label, style_figure
from .towers import MAX_TIMED_PAIRS, candidate_batch, fastest_seconds


@dataclass
class Window:
    """One user's last N events before `now`; row i of `events` is position i in `history`."""

    history: History
    events: pd.DataFrame  # user_id, item_id, category, timestamp; oldest first
    user: int
    now: int

    def __len__(self) -> int:
        return len(self.events)


def search_window(world: World, user: int, now: int, n: int) -> Window:
    """The last n events of `user` before `now` (all of them if there are fewer)."""
    events = world.user_events(user)
    events = events[events["timestamp"].to_numpy() < now].iloc[-max(int(n), 1):].reset_index(drop=True)
    window_world = World(world.items, events, world.impressions, world.categories)
    return Window(History(window_world), events, user, int(now))


def _batch(window: Window, item: int, category: int) -> Batch:
    return candidate_batch(window.history, window.user, window.now, [item], [category])


@dataclass
class Attended:
    """What one model run read: window positions (oldest first), their weights, the user vector."""

    positions: np.ndarray  # [L] rows of window.events
    weights: np.ndarray  # [L]
    user_vector: np.ndarray  # [D]


@torch.no_grad()
def attend(model: SIM, window: Window, item: int, category: int, search: str | None = None,
           k: int | None = None) -> Attended:
    """Run the model for one candidate; search None uses the model's own GSU, 'all' is full attention."""
    out = model(_batch(window, item, category), window.history, search=search, k=k)
    keep = out.mask[0].cpu().numpy()
    positions = out.positions[0].cpu().numpy()[keep]
    weights = out.weights[0].float().cpu().numpy()[keep]
    order = np.argsort(positions)
    return Attended(positions[order], weights[order], out.user_vector[0].cpu().numpy())


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """NaN when either vector is zero (nothing relevant to pool): no direction to compare."""
    denom = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b / denom) if denom > 0 else float("nan")


def top_k_recall(selected: np.ndarray, reference_weights: np.ndarray, k: int) -> float:
    """Share of the K events with the largest reference weight (indexed by window position) that
    the search also selected. Only events with a positive weight count: when fewer than K have one,
    the rest are not worth finding. NaN when no event has any."""
    k = min(k, int((reference_weights > 0).sum()))
    if k == 0:
        return float("nan")
    best = np.argsort(-reference_weights, kind="stable")[:k]
    return float(np.isin(best, selected).mean())


def true_relevance(world: World, window: Window, item: int) -> np.ndarray | None:
    """[N] the world's relevance of each window event to the candidate; None for an imported world."""
    if not world.has_truth:
        return None
    events = window.events
    return world.truth.relevance(item, window.now, events["item_id"].to_numpy(),
                                 events["timestamp"].to_numpy())


def closeness_curve(model: SIM, window: Window, item: int, category: int, k_values, search: str,
                    relevance: np.ndarray | None = None) -> pd.DataFrame:
    """For each K, how close searching K events comes to attending over all N of the window.

    cosine_model: the model's user vector with its GSU vs with search='all' (its own ESU over all N).
    cosine_truth: the same with the world's true relevance as the attention weights, pooling the
                  model's item vectors: the "ideal attention" the lesson's claim is about (NaN if unknown).
    recall:       share of the reference's top-K events that the search found (reference: the true
                  relevance when known, else the model's full attention)."""
    full = attend(model, window, item, category, search="all")
    vectors = model.item_emb.weight.detach().cpu().numpy()[window.events["item_id"].to_numpy()]
    if relevance is not None and not relevance.any():
        relevance = None  # nothing in the window relates to the candidate: no ideal to compare with
    if relevance is not None:
        reference = relevance
        ideal = relevance @ vectors
    else:
        reference = np.zeros(len(window))
        reference[full.positions] = full.weights
    rows = []
    for k in sorted({int(min(k, len(window))) for k in k_values if k >= 1}):
        selected = attend(model, window, item, category, search=search, k=k)
        truth_cosine = np.nan
        if relevance is not None:
            truth_cosine = cosine(relevance[selected.positions] @ vectors[selected.positions], ideal)
        rows.append({"k": k, "cosine_model": cosine(selected.user_vector, full.user_vector),
                     "cosine_truth": truth_cosine, "recall": top_k_recall(selected.positions, reference, k)})
    return pd.DataFrame(rows)


def k_grid(n: int) -> list[int]:
    """K values for the closeness curve: 1, 2, 5, 10, 20, 50 ... up to N, N included."""
    grid = [m * 10**e for e in range(5) for m in (1, 2, 5) if m * 10**e < n]
    return grid + [n]


@torch.no_grad()
def search_latency(model: SIM, world: World, user: int, now: int, item_category: np.ndarray,
                   n_values, k: int, search: str) -> pd.DataFrame:
    """Measured milliseconds per candidate, by N: full attention over N events vs SIM (search, then K).

    Each run scores at most MAX_TIMED_PAIRS (candidate, event) pairs at once; same columns as
    `towers.pooling_latency`, so `towers.latency_for` reads off any M."""
    rng = np.random.default_rng(0)
    n_items = model.item_emb.num_embeddings - 1
    rows = []
    for n in n_values:
        window = search_window(world, user, now, n)
        for method, read, width in (("full", "all", len(window)), ("sim", search, k)):
            timed_m = max(1, MAX_TIMED_PAIRS // max(width, 1))
            items = rng.integers(1, n_items + 1, timed_m)
            batch = candidate_batch(window.history, user, now, items, item_category[items])
            seconds = fastest_seconds(model, batch, window.history, search=read, k=k)
            rows.append({"n": len(window), "method": method, "fixed_ms": 0.0,
                         "per_candidate_ms": 1000 * seconds / timed_m})
    return pd.DataFrame(rows)


# --- figures -----------------------------------------------------------------------------------

def _ms(timestamps) -> np.ndarray:
    """Epoch seconds -> epoch milliseconds, which a Plotly date axis reads as dates (and ships as a
    compact typed array, where datetime objects would be turned into strings one by one)."""
    return np.asarray(timestamps, dtype=np.int64) * 1000


def timeline_figure(history: pd.DataFrame, window: Window, selected: Attended, lastn: int,
                    categories: list[str], lang: str) -> go.Figure:
    """Side by side, time x category: left, the user's whole history with the searched window shaded
    and the K events the search selected drawn large; right, the LastN events DIN would read.

    history: `common.user_history` (newest first). Rows are category indices, labelled on the axis."""
    din_view = history.iloc[:lastn]
    panels = (t("sim.timeline.sim_panel", lang), t("sim.timeline.din_panel", lang, n=len(din_view)))
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.72, 0.28],
                        horizontal_spacing=0.03, subplot_titles=panels)
    now = window.now * 1000
    labels = [category_label(name, lang) for name in categories]
    chosen = window.events.iloc[selected.positions]
    left, right = [], []  # added in one call at the end: add_trace one by one re-validates the figure
    for row, (name, label) in enumerate(zip(categories, labels, strict=True)):
        events = history[history["category"] == name]
        if len(events):
            left.append(go.Scatter(x=_ms(events["timestamp"]), y=np.full(len(events), row), mode="markers",
                                   legendgroup=name, showlegend=False, hoverinfo="skip", meta="sim-history",
                                   marker=dict(color=category_colour(name), size=4, opacity=0.25)))
        picked = chosen[chosen["category"].astype(str) == name]
        if len(picked):
            left.append(go.Scatter(x=_ms(picked["timestamp"]), y=np.full(len(picked), row), mode="markers",
                                   name=t("sim.timeline.selected", lang, category=label), legendgroup=name,
                                   marker=dict(color=category_colour(name), size=11, symbol="diamond",
                                               line=dict(color="black", width=1)),
                                   customdata=picked["item_id"], meta="sim-selected",
                                   hovertemplate=f"{label} #%{{customdata}}<br>%{{x|%Y-%m-%d}}"
                                                 "<extra></extra>"))
        read_by_din = din_view[din_view["category"] == name]
        if len(read_by_din):
            right.append(go.Scatter(x=_ms(read_by_din["timestamp"]), y=np.full(len(read_by_din), row),
                                    mode="markers", legendgroup=name, showlegend=False, meta="sim-din-lastn",
                                    marker=dict(color=category_colour(name), size=8),
                                    customdata=read_by_din["item_id"],
                                    hovertemplate=f"{label} #%{{customdata}}<br>%{{x|%Y-%m-%d %H:%M}}"
                                                  "<extra></extra>"))
    fig.add_traces(left + right, rows=1, cols=[1] * len(left) + [2] * len(right))
    # shaded after the traces: plotly drops shapes aimed at a subplot that is still empty
    if len(window):
        fig.add_vrect(x0=int(window.events["timestamp"].iloc[0]) * 1000, x1=now, fillcolor="#2ca02c",
                      opacity=0.08, line_width=0, row=1, col=1,
                      annotation_text=t("sim.timeline.searched", lang, n=len(window)),
                      annotation_position="top left")
    if len(din_view):
        fig.add_vrect(x0=int(din_view["timestamp"].iloc[-1]) * 1000, x1=now, fillcolor="#e8772e",
                      opacity=0.3, line_width=0, row=1, col=1)
    fig.update_yaxes(tickvals=list(range(len(categories))), ticktext=labels,
                     range=[-0.6, len(categories) - 0.4])
    fig.update_yaxes(title=t("common.axis.category", lang), row=1, col=1)
    # numeric dates: Plotly's month names would be English in the Chinese UI
    fig.update_xaxes(type="date", title=t("common.axis.time", lang))
    fig.update_xaxes(tickformat="%Y-%m", row=1, col=1)
    fig.update_xaxes(tickformat="%m-%d %H:%M", row=1, col=2)
    title = t("sim.timeline.title", lang, k=len(selected.positions), n=len(window))
    return style_figure(fig, title, height=440)


def esu_figure(window: Window, selected: Attended, lang: str) -> go.Figure:
    """ESU attention weight of each selected event against its age (log axis), coloured by category."""
    chosen = window.events.iloc[selected.positions]
    chosen = chosen.assign(weight=selected.weights, age_days=(window.now - chosen["timestamp"]) / DAY)
    fig = go.Figure()
    for name, part in chosen.groupby(chosen["category"].astype(str), sort=False):
        label = category_label(name, lang)
        fig.add_scatter(x=part["age_days"], y=part["weight"], mode="markers", name=label, meta="sim-esu",
                        marker=dict(color=category_colour(name), size=9),
                        customdata=part["item_id"],
                        hovertemplate=f"{label} #%{{customdata}}<br>{t('common.hover.age', lang)}: "
                                      f"%{{x:.1f}}<br>{t('common.hover.weight', lang)}: %{{y:.3f}}"
                                      "<extra></extra>")
    fig.update_xaxes(type="log", title=t("common.axis.age_days", lang))
    fig.update_yaxes(title=t("sim.axis.weight", lang))
    return style_figure(fig, t("sim.esu.title", lang, k=len(chosen)))


def closeness_figure(curve: pd.DataFrame, k: int, lang: str) -> go.Figure:
    """Cosine to full attention (ideal and the model's own) and top-K recall, as K grows."""
    fig = go.Figure()
    for column, colour, dash in (("cosine_truth", "#2ca02c", None), ("cosine_model", "#7f7f7f", "dash"),
                                 ("recall", "#9467bd", "dot")):
        if curve[column].isna().all():
            continue
        name = t(f"sim.closeness.{column}", lang)
        fig.add_scatter(x=curve["k"], y=curve[column], mode="lines+markers", name=name, meta=f"sim-{column}",
                        line=dict(color=colour, dash=dash),
                        hovertemplate=f"{name}<br>K=%{{x}}: %{{y:.3f}}<extra></extra>")
    fig.add_vline(x=k, line_dash="dot", line_color="grey")
    values = curve[["cosine_truth", "cosine_model", "recall"]].to_numpy()
    lowest = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
    fig.update_xaxes(type="log", title=t("sim.axis.k", lang))
    fig.update_yaxes(range=[min(0.0, lowest) - 0.05, 1.05], title=t("sim.axis.closeness", lang))
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.25))
    return style_figure(fig, t("sim.closeness.title", lang), height=420)
