"""DIN: attention weight per LastN event against the truth, and the pooled vectors on the map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..text import t
from .common import Projection, category_colour, category_label, map_items_traces, style_figure


def attention_figure(events: pd.DataFrame, lang: str) -> go.Figure:
    """events: one candidate's rows of `common.Reading.events`. Bars: weights (meta 'din-weights'),
    coloured by category; dots on a second axis: the world's true relevance (when known)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    slot = events["slot"] + 1
    labels = [category_label(c, lang) for c in events["category"]]
    custom = np.stack([events["item_id"], events["age_days"], labels], axis=-1)
    hover = (f"%{{customdata[2]}} #%{{customdata[0]}} · %{{customdata[1]:.1f}} {t('common.hover.age', lang)}"
             f"<br>{t('common.hover.slot', lang)}: %{{x}}")
    fig.add_trace(go.Bar(x=slot, y=events["weight"], meta="din-weights", showlegend=False,
                         name=t("common.hover.weight", lang),
                         marker=dict(color=[category_colour(c) for c in events["category"]]),
                         customdata=custom,
                         hovertemplate=hover + f"<br>{t('common.hover.weight', lang)}: %{{y:.3f}}"
                                               "<extra></extra>"),
                  secondary_y=False)
    if events["truth"].notna().all():
        fig.add_trace(go.Scatter(x=slot, y=events["truth"], mode="markers", meta="din-truth",
                                 name=t("din.weights.truth", lang), customdata=custom,
                                 marker=dict(color="#111", size=7, symbol="diamond"),
                                 hovertemplate=hover + f"<br>{t('common.hover.truth', lang)}: %{{y:.3f}}"
                                                       "<extra></extra>"),
                      secondary_y=True)
    fig.update_xaxes(title=t("din.weights.slot", lang))
    fig.update_yaxes(title=t("common.hover.weight", lang), secondary_y=False)
    fig.update_yaxes(title=t("common.hover.truth", lang), secondary_y=True, showgrid=False,
                     rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", y=-0.25), bargap=0.15)
    return style_figure(fig, t("din.weights.title", lang), height=380)


def pooled_points(table: np.ndarray, events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The plain average and DIN's weighted mean of the events' embeddings ([D] each).

    DIN's pooled vector is a weighted *sum*, and the learned unit's weights may be negative;
    dividing by the total absolute weight puts it on the same scale as the average (never
    further out than the events themselves), so the map shows where it points."""
    vectors = table[events["item_id"].to_numpy()]
    weights = events["weight"].to_numpy()
    average = vectors.mean(0)
    total = np.abs(weights).sum()
    weighted = (weights[:, None] * vectors).sum(0) / total if total > 1e-9 else average
    return average, weighted


def pooled_map_figure(items: pd.DataFrame, projection: Projection, table: np.ndarray, events: pd.DataFrame,
                      candidate: int, candidate_category: str, lang: str) -> go.Figure:
    average, weighted = pooled_points(table, events)
    avg_xy, din_xy, cand_xy = projection(np.stack([average, weighted, table[candidate]]))
    fig = go.Figure(map_items_traces(items, lang, highlight={candidate_category}))
    for xy, name, symbol, colour, tag in ((avg_xy, "din.map.average", "star", "#777", "din-map-average"),
                                          (din_xy, "din.map.din", "star", "#111", "din-map-din")):
        fig.add_trace(go.Scatter(x=[xy[0]], y=[xy[1]], mode="markers", name=t(name, lang), meta=tag,
                                 marker=dict(symbol=symbol, size=22, color=colour,
                                             line=dict(color="white", width=1.5))))
    fig.add_trace(go.Scatter(x=[cand_xy[0]], y=[cand_xy[1]], mode="markers+text",
                             meta="din-map-candidate",
                             name=t("common.candidate_marker", lang),
                             text=[category_label(candidate_category, lang)], textposition="top center",
                             marker=dict(symbol="diamond", size=16, color=category_colour(candidate_category),
                                         line=dict(color="#111", width=2))))
    fig.add_annotation(x=din_xy[0], y=din_xy[1], ax=avg_xy[0], ay=avg_xy[1], xref="x", yref="y", axref="x",
                       ayref="y", showarrow=True, arrowhead=3, arrowwidth=2, arrowcolor="#111")
    fig.update_xaxes(title=t("common.axis.pc1", lang), showticklabels=False, zeroline=False)
    fig.update_yaxes(title=t("common.axis.pc2", lang), showticklabels=False, zeroline=False)
    fig.update_layout(legend=dict(orientation="h", y=-0.12))
    return style_figure(fig, t("din.map.title", lang), height=560)
