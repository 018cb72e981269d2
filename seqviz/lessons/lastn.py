"""LastN & average pooling: the window over the timeline, the average on the map, the category mix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..text import t
from .common import category_colour, category_label, map_items_traces, style_figure


def timeline_figure(history: pd.DataFrame, n: int, lang: str, now: int) -> go.Figure:
    """history: `common.user_history` (newest first). The first n events are the LastN window.

    Traces tagged (`meta`) 'lastn-window' and 'lastn-older' let tests count what is in the window;
    `meta` survives the trip to the browser, where Plotly drops `uid`."""
    window, older = history.iloc[:n], history.iloc[n:]
    names = history["category"].unique()
    labels = {c: category_label(c, lang) for c in names}
    colours = {c: category_colour(c) for c in names}
    fig = go.Figure()
    for part, tag, name, opacity in ((older, "lastn-older", "lastn.timeline.older", 0.25),
                                     (window, "lastn-window", "lastn.timeline.window", 0.95)):
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(part["timestamp"], unit="s"),
            y=part["category"].map(labels), mode="markers", name=t(name, lang), meta=tag,
            marker=dict(color=part["category"].map(colours), size=9, opacity=opacity,
                        line=dict(width=0)),
            customdata=np.stack([part["item_id"], part["age_days"]], axis=-1) if len(part) else None,
            hovertemplate=f"{t('common.hover.item', lang)} #%{{customdata[0]}}<br>%{{x|%Y-%m-%d %H:%M}}"
                          f" · %{{customdata[1]:.1f}} {t('common.hover.age', lang)}<extra>%{{y}}</extra>"))
    if len(window):
        start = pd.to_datetime(window["timestamp"].iloc[-1], unit="s")
        fig.add_vrect(x0=start, x1=pd.to_datetime(now, unit="s"), fillcolor="#1f5fbf", opacity=0.12,
                      line_width=0, layer="below")
    order = [labels[c] for c in sorted(names)]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None)
    fig.update_xaxes(title=t("common.axis.time", lang))
    fig.update_layout(showlegend=False)  # the shading says which events are read; colours are categories
    return style_figure(fig, t("lastn.timeline.title", lang, n=n), height=380)


def running_average(table: np.ndarray, history: pd.DataFrame) -> np.ndarray:
    """[L, D]: row i is the mean embedding of the newest i + 1 events (what AvgPool sees at N = i + 1)."""
    vectors = table[history["item_id"].to_numpy()]
    return np.cumsum(vectors, axis=0) / np.arange(1, len(vectors) + 1)[:, None]


def average_map_figure(items: pd.DataFrame, window_xy: np.ndarray, path_xy: np.ndarray, n: int,
                       window_categories, lang: str) -> go.Figure:
    """items: `common.embedding_map` table; window_xy [n, 2]: the events read;
    path_xy [L, 2]: the running averages."""
    fig = go.Figure(map_items_traces(items, lang))
    fig.add_trace(go.Scatter(
        x=window_xy[:, 0], y=window_xy[:, 1], mode="markers", name=t("lastn.map.window", lang),
        marker=dict(color=[category_colour(c) for c in window_categories], size=11, symbol="circle-open",
                    line=dict(width=2)), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=path_xy[:, 0], y=path_xy[:, 1], mode="lines", name=t("lastn.map.path", lang),
                             line=dict(color="#555", width=1.5, dash="dot"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=path_xy[n - 1:n, 0], y=path_xy[n - 1:n, 1], mode="markers", meta="lastn-average",
        name=t("lastn.map.average", lang, n=n),
        marker=dict(symbol="star", size=22, color="#111", line=dict(color="white", width=1.5))))
    fig.update_xaxes(title=t("common.axis.pc1", lang), showticklabels=False, zeroline=False)
    fig.update_yaxes(title=t("common.axis.pc2", lang), showticklabels=False, zeroline=False)
    fig.update_layout(legend=dict(orientation="h", y=-0.12))
    return style_figure(fig, t("lastn.map.title", lang, n=n), height=560)


def category_mix(history: pd.DataFrame, n: int) -> pd.DataFrame:
    """Share of each category in the LastN window and in the whole history."""
    window = history.iloc[:n]["category"].value_counts(normalize=True)
    whole = history["category"].value_counts(normalize=True)
    mix = pd.DataFrame({"window": window, "history": whole}).fillna(0.0)
    return mix.sort_values(["window", "history"], ascending=False)


def category_mix_figure(history: pd.DataFrame, n: int, lang: str) -> go.Figure:
    mix = category_mix(history, n)
    labels = [category_label(c, lang) for c in mix.index]
    colours = [category_colour(c) for c in mix.index]
    fig = go.Figure([
        go.Bar(y=labels, x=mix["window"], orientation="h", name=t("lastn.mix.window", lang, n=n),
               marker=dict(color=colours), hovertemplate="%{y}: %{x:.0%}<extra>%{fullData.name}</extra>"),
        go.Bar(y=labels, x=mix["history"], orientation="h", name=t("lastn.mix.history", lang),
               marker=dict(color=colours, opacity=0.35),
               hovertemplate="%{y}: %{x:.0%}<extra>%{fullData.name}</extra>"),
    ])
    fig.update_layout(barmode="group", showlegend=False)  # the title says which bar is which
    fig.update_xaxes(tickformat=".0%", title=t("common.axis.share", lang))
    fig.update_yaxes(autorange="reversed", title=None)
    return style_figure(fig, t("lastn.mix.title", lang, n=n), height=420)
