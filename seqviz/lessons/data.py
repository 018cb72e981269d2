"""Data page: what an imported behaviour log holds, in numbers and one chart."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .. import literal
from ..data import Dataset
from ..text import t
from ..world import DAY, World
from .common import category_colour, style_figure

TOP_CATEGORIES = 15  # a real log may have hundreds; the chart shows the largest


@dataclass(frozen=True)
class LogSummary:
    users: int
    items: int
    events: int
    categories: int
    impressions: int
    clicked_share: float
    first: str  # first and last event or impression, as dates (UTC)
    last: str
    days: float
    shape: str  # "events-only" or "events+impressions" (seqviz.ingest)
    impression_rule: str | None  # how impressions were built from events-only logs


def summarise(world: World) -> LogSummary:
    times = pd.concat([world.events["timestamp"], world.impressions["timestamp"]])
    first, last = int(times.min()), int(times.max())
    return LogSummary(users=world.n_users, items=world.n_items, events=len(world.events),
                      categories=len(world.categories), impressions=len(world.impressions),
                      clicked_share=float(world.impressions["clicked"].mean()),
                      first=f"{pd.Timestamp(first, unit='s'):%Y-%m-%d}",
                      last=f"{pd.Timestamp(last, unit='s'):%Y-%m-%d}", days=(last - first) / DAY,
                      shape=world.meta.get("shape", "events+impressions"),
                      impression_rule=world.meta.get("impression_rule"))


def categories_figure(dataset: Dataset, lang: str) -> go.Figure:
    """Events per category, largest first. Names come from the user's file, so they are escaped:
    Plotly reads a few HTML tags (<a>, <b>, ...) in labels."""
    counts = dataset.world.events["category"].value_counts().head(TOP_CATEGORIES).iloc[::-1]
    names = [literal.figure(name) for name in counts.index]
    unit = t("data.categories.count", lang)
    fig = go.Figure(go.Bar(x=counts.to_numpy(), y=names, orientation="h", meta="data-categories",
                           marker=dict(color=[category_colour(str(name)) for name in counts.index]),
                           hovertemplate=f"%{{y}}: %{{x:,}} {unit}<extra></extra>"))
    fig.update_xaxes(title=unit)
    return style_figure(fig, t("data.categories.title", lang, n=TOP_CATEGORIES),
                        height=120 + 22 * len(counts))
