"""Time buckets: how SIM tells last week from last winter, and why DIN can do without.

Plain functions for the "Time buckets" page: the log-scale bucket edges, what a
trained SIM learned about each bucket beside the world's true decay, attention
with and without time, and how much time LastN covers compared with the whole history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..data import Dataset
from ..history import TIME_BUCKET_EDGES, bucket_table
from ..metrics import bucket_effect, read_sample
from ..models import SIM
from ..text import t
from ..world import DAY, World
from .common import style_figure
from .sim import Window, attend


def learned_bucket_effect(model: SIM, dataset: Dataset) -> pd.DataFrame:
    """What a SIM with time learned per bucket, on the test impressions the metrics read: the
    library's `bucket_effect`, so the picture and `time_effect_truth_corr` are the same numbers."""
    return bucket_effect(model, dataset, read_sample(model, dataset, dataset["test"]))


def selected_events(model: SIM, window: Window, item: int, category: int) -> pd.DataFrame:
    """The events the model's own search keeps for the candidate: item_id, weight, age_days."""
    attended = attend(model, window, item, category)
    events = window.events.iloc[attended.positions]
    return pd.DataFrame({"item_id": events["item_id"].to_numpy(), "weight": attended.weights,
                         "age_days": (window.now - events["timestamp"].to_numpy()) / DAY})


def history_spans(world: World, now: int, n: int, users: dict[str, int]) -> pd.DataFrame:
    """For each named user: days covered by the last n events, and by the whole history, before `now`."""
    rows = []
    for name, user in users.items():
        ts = world.user_events(user)["timestamp"].to_numpy()
        ts = ts[ts < now]
        if len(ts) == 0:
            continue
        rows.append({"name": name, "user": user, "events": len(ts),
                     "lastn_days": (now - ts[-min(n, len(ts))]) / DAY, "full_days": (now - ts[0]) / DAY})
    return pd.DataFrame(rows)


def median_spans(world: World, now: int, n: int) -> dict[str, float]:
    """Median over all users of the days covered by their last n events and by their whole history."""
    ev = world.events[world.events["timestamp"] < now]
    newest_rank = ev.groupby("user_id").cumcount(ascending=False)  # 0 = the user's newest event
    lastn_start = ev[newest_rank < n].groupby("user_id")["timestamp"].min()
    start = ev.groupby("user_id")["timestamp"].min()
    return {"lastn_days": float(np.median((now - lastn_start) / DAY)),
            "full_days": float(np.median((now - start) / DAY))}


# --- figures -----------------------------------------------------------------------------------

# reference ages on the log axis, in days
_TICKS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_SHORTEST_DAYS = 0.01  # left end of the log axis (bucket 1 starts at age 0)


def _log_age_axis(fig: go.Figure, lang: str) -> None:
    fig.update_xaxes(type="log", title=t("common.axis.age_days", lang), tickvals=list(_TICKS.values()),
                     ticktext=[t(f"timebuckets.tick.{k}", lang) for k in _TICKS])


def bucket_edges_figure(ages_days: np.ndarray, lastn_days: float | None, lang: str) -> go.Figure:
    """Bucket boundaries as lines on a log age axis, and how many of the user's events fall in each."""
    table = bucket_table()
    counts = np.bincount(np.searchsorted(TIME_BUCKET_EDGES / DAY, np.asarray(ages_days), side="right"),
                         minlength=len(table) + 1)[1:len(table) + 1]
    # all edges in one layout update: one add_vline per edge re-validates the layout each time
    edges = [dict(type="line", xref="x", yref="paper", x0=edge, x1=edge, y0=0, y1=1,
                  line=dict(color="#999", width=1)) for edge in table["hi_days"].iloc[:-1]]
    fig = go.Figure(layout=dict(shapes=edges))
    if lastn_days is not None:
        fig.add_vrect(x0=_SHORTEST_DAYS, x1=max(lastn_days, _SHORTEST_DAYS), fillcolor="#e8772e", opacity=0.2,
                      line_width=0, annotation_text=t("timebuckets.edges.lastn", lang),
                      annotation_position="top left")
    # a step histogram: flat over each bucket, from its lower to its upper edge
    lo = table["lo_days"].clip(lower=_SHORTEST_DAYS).to_numpy()
    hi = np.where(np.isinf(table["hi_days"]), table["lo_days"] * 1.5, table["hi_days"])
    fig.add_scatter(x=np.column_stack([lo, hi]).ravel(), y=np.repeat(counts, 2), mode="lines",
                    fill="tozeroy", line=dict(color="#1f5fbf"), name=t("timebuckets.edges.events", lang),
                    meta="buckets-events",
                    customdata=np.repeat(table["bucket"].to_numpy(), 2),
                    hovertemplate=f"{t('timebuckets.hover.bucket', lang)} %{{customdata}}: %{{y}}"
                                  "<extra></extra>")
    _log_age_axis(fig, lang)
    fig.update_yaxes(title=t("timebuckets.axis.events", lang))
    return style_figure(fig, t("timebuckets.edges.title", lang, n=len(table)))


def auc_figure(with_time: dict, without_time: dict, lang: str) -> go.Figure:
    """Test AUC and GAUC of SIM trained with and without time buckets (from the models' saved metrics)."""
    fig = go.Figure()
    for metrics, key, colour in ((without_time, "without", "#999999"), (with_time, "with", "#2ca02c")):
        values = [metrics.get("auc"), metrics.get("gauc")]
        fig.add_bar(x=["AUC", "GAUC"], y=values, name=t(f"timebuckets.model.{key}", lang), meta=f"auc-{key}",
                    marker_color=colour, text=[f"{v:.4f}" if v is not None else "" for v in values],
                    textposition="outside")
    shown = [v for m in (with_time, without_time) for v in (m.get("auc"), m.get("gauc")) if v is not None]
    if shown:
        fig.update_yaxes(range=[min(shown) - 0.03, max(shown) + 0.02])
    fig.update_layout(barmode="group")
    return style_figure(fig, t("timebuckets.auc.title", lang), height=320)


def attention_both_ways_figure(with_time: pd.DataFrame, without_time: pd.DataFrame, lang: str) -> go.Figure:
    """Attention weight per selected event against its age, for the SIM with and without time.

    Each frame: age_days, weight, item_id. Weights are scaled to a maximum of 1 per model,
    because the two models' raw scores live on different scales."""
    fig = go.Figure()
    for events, key, colour, symbol in ((without_time, "without", "#999999", "circle-open"),
                                        (with_time, "with", "#2ca02c", "circle")):
        scale = float(np.abs(events["weight"]).max()) if len(events) else 1.0
        name = t(f"timebuckets.model.{key}", lang)
        fig.add_scatter(x=events["age_days"], y=events["weight"] / (scale or 1.0), mode="markers", name=name,
                        meta=f"both-{key}",
                        marker=dict(color=colour, size=9, symbol=symbol), customdata=events["item_id"],
                        hovertemplate=f"{name} #%{{customdata}}<br>%{{x:.1f}} d: %{{y:.2f}}<extra></extra>")
    _log_age_axis(fig, lang)
    fig.update_yaxes(title=t("timebuckets.axis.relative_weight", lang))
    return style_figure(fig, t("timebuckets.both.title", lang))


def bucket_effect_figure(effect: pd.DataFrame, decay, oldest_days: float, lang: str) -> go.Figure:
    """What SIM learned per bucket (left axis) beside the world's true decay (right axis).

    decay: age_days -> true decay, or None for an imported world; oldest_days: the oldest event's
    age, beyond which buckets never saw data."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    x = effect["mid_days"].clip(lower=_SHORTEST_DAYS)
    fig.add_scatter(x=x, y=effect["learned"], mode="lines+markers", meta="effect-learned",
                    name=t("timebuckets.effect.learned", lang),
                    line=dict(color="#2ca02c"), customdata=effect["bucket"],
                    hovertemplate=f"{t('timebuckets.hover.bucket', lang)} %{{customdata}}<br>%{{x:.2f}} d: "
                                  "%{y:.3f}<extra></extra>")
    if decay is not None:
        ages = np.geomspace(_SHORTEST_DAYS, max(oldest_days, 1.0), 300)
        fig.add_scatter(x=ages, y=decay(ages), mode="lines", name=t("timebuckets.effect.truth", lang),
                        line=dict(color="#1f5fbf", dash="dash"), secondary_y=True, meta="effect-truth",
                        hovertemplate="%{x:.2f} d: %{y:.3f}<extra></extra>")
    fig.add_vrect(x0=oldest_days, x1=float(x.max()) * 1.5, fillcolor="#999", opacity=0.15, line_width=0,
                  annotation_text=t("timebuckets.effect.unseen", lang), annotation_position="top right")
    _log_age_axis(fig, lang)
    fig.update_yaxes(title=t("timebuckets.axis.learned", lang), secondary_y=False)
    fig.update_yaxes(title=t("timebuckets.axis.truth", lang), secondary_y=True, showgrid=False,
                     tickformat=".1f")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.25))
    return style_figure(fig, t("timebuckets.effect.title", lang))


def spans_figure(spans: pd.DataFrame, n: int, lang: str) -> go.Figure:
    """Days covered by LastN and by the whole history, per user (log axis)."""
    fig = go.Figure()
    for column, colour, key in (("full_days", "#1f5fbf", "full"), ("lastn_days", "#e8772e", "lastn")):
        name = t(f"timebuckets.spans.{key}", lang, n=n)
        fig.add_bar(y=spans["name"], x=spans[column], orientation="h", name=name, marker_color=colour,
                    meta=f"spans-{key}",
                    hovertemplate=f"{name}<br>%{{y}}: %{{x:.1f}} d<extra></extra>")
    fig.update_layout(barmode="group")
    _log_age_axis(fig, lang)
    fig.update_yaxes(autorange="reversed")
    return style_figure(fig, t("timebuckets.spans.title", lang, n=n), height=300)
