"""LastN & average pooling: the window over the timeline and the average on the map, as N moves; the mix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import literal
from ..data import Dataset
from ..models import SequenceModel
from ..text import t
from .common import (
    SHORTEST_DAYS,
    category_colour,
    category_label,
    category_text,
    embedding_map,
    item_table,
    log_age_axis,
    map_items_traces,
    style_figure,
    user_history,
    user_markdown,
    world_now,
)
from .questions import Question, every_language, per_language
from .stepped import SteppedFigure, stepped_figure, value_steps

N_CAP = 500  # the page's largest N: more than any LastN model reads


def mix_words(history: pd.DataFrame, n: int, lang: str, top: int = 3) -> str:
    """'12 ☕ cup · 5 📚 book · 3 🧥 coat': the window's commonest categories, for the readout."""
    counts = history.iloc[:n]["category"].value_counts().iloc[:top]
    return " · ".join(f"{count} {category_text(name, lang)}" for name, count in counts.items())


def main_picture(dataset: Dataset, model: SequenceModel, user: int, lang: str) -> SteppedFigure:
    """The LastN lesson in one picture, one step per N: left, the user's timeline with the window
    shaded; right, the item map with the window's events and their average (the star).

    Traces tagged (`meta`) 'lastn-window' hold the events in the window, 'lastn-average' the star;
    `meta` survives the trip to the browser, where Plotly drops `uid`."""
    world = dataset.world
    history = user_history(world, user, world_now(world))
    steps = value_steps(min(N_CAP, len(history)))
    # the plane of the user's three main interests: the star's place between them is the lesson
    interests = list(history["category"].value_counts().index[:3])
    projection, items = embedding_map(model, world, interests)
    table = item_table(model)
    shown = history.iloc[:steps[-1]]
    event_xy = projection(table[shown["item_id"].to_numpy()])
    path = projection(running_average(table, shown))
    names = sorted(history["category"].unique())
    rows = {name: i for i, name in enumerate(names)}
    labels = [category_label(name, lang) for name in names]
    # age on a log axis, now at the right: a week and a year both get room, where dates squeeze
    # this month's window into a sliver at the edge of two years
    ages = history["age_days"].clip(lower=SHORTEST_DAYS).to_numpy()
    event_rows = history["category"].map(rows).to_numpy()

    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.06,
                        subplot_titles=(t("lastn.main.timeline", lang), t("lastn.main.map", lang)))
    fig.add_trace(go.Scatter(x=ages, y=event_rows, mode="markers", name=t("lastn.timeline.older", lang),
                             marker=dict(color="#bbbbbb", size=6), hoverinfo="skip", showlegend=False),
                  row=1, col=1)
    for trace in map_items_traces(items, lang, highlight=set(interests)):
        fig.add_trace(trace.update(showlegend=False), row=1, col=2)
    fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines", showlegend=False, hoverinfo="skip",
                             line=dict(color="#999", width=1, dash="dot")), row=1, col=2)
    moving = len(fig.data)
    # placeholders for what moves, in the order each step's update lists them
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", fill="toself", fillcolor="rgba(0,114,178,0.12)",
                             line=dict(width=0), hoverinfo="skip", showlegend=False), row=1, col=1)
    for name, label in zip(names, labels, strict=True):
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name=label, legendgroup=name,
                                 meta="lastn-window", marker=dict(color=category_colour(name), size=9),
                                 hovertemplate=f"{label}<br>%{{x:.1f}} {t('common.hover.age', lang)}"
                                               "<extra></extra>"), row=1, col=1)
    for name in names:
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", legendgroup=name, showlegend=False,
                                 marker=dict(color=category_colour(name), size=11, symbol="circle-open",
                                             line=dict(width=2)), hoverinfo="skip"), row=1, col=2)
    # the star's trail from N = 1 to the slider's N: where the average has been
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="lastn-trail", name=t("lastn.map.path", lang),
                             line=dict(color="#333", width=3), hoverinfo="skip"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="lastn-average", name=t("lastn.map.star", lang),
                             marker=dict(symbol="star", size=24, color="#111",
                                         line=dict(color="white", width=1.5)), hoverinfo="skip"),
                  row=1, col=2)
    traces = list(range(moving, len(fig.data)))

    updates, readouts = [], []
    top_row = len(names) - 0.5
    for n in steps:
        oldest = ages[n - 1] * 1.1  # a margin, so the oldest event in the window sits inside
        step = [dict(x=[oldest, SHORTEST_DAYS, SHORTEST_DAYS, oldest, oldest],
                           y=[-0.5, -0.5, top_row, top_row, -0.5])]
        in_window = event_rows[:n]
        step += [dict(x=ages[:n][in_window == r], y=in_window[in_window == r])
                 for r in range(len(names))]
        step += [dict(x=event_xy[:n, 0][in_window == r], y=event_xy[:n, 1][in_window == r])
                 for r in range(len(names))]
        step.append(dict(x=path[:n, 0], y=path[:n, 1]))
        step.append(dict(x=path[n - 1:n, 0], y=path[n - 1:n, 1]))
        updates.append(step)
        readouts.append(t("lastn.readout", lang, n=n, mix=mix_words(history, n, lang)))

    fig.update_yaxes(tickvals=list(range(len(names))), ticktext=labels, range=[-0.6, top_row + 0.1],
                     row=1, col=1)
    log_age_axis(fig, lang, row=1, col=1)
    fig.update_xaxes(range=[np.log10(ages.max() * 1.5), np.log10(SHORTEST_DAYS)], row=1, col=1)
    fig.update_xaxes(showticklabels=False, zeroline=False, row=1, col=2)
    fig.update_yaxes(showticklabels=False, zeroline=False, row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.25))  # under the tilted age ticks and their title
    style_figure(fig, t("lastn.main.title", lang), height=520)
    picture = stepped_figure(fig, steps, updates, traces, readouts, t("common.n", lang))
    return picture.asking(mix_question(world, user, history, steps[-1]))


def mix_question(world, user: int, history: pd.DataFrame, n: int) -> Question | None:
    """"What is the average of the last n events mostly made of?", asked at the picture's largest N:
    at N = 10 the window shows it at a glance; over the whole history it is a prediction (for mia,
    neither last winter's coats nor this week's cups). None for a history of one category, or when two
    categories tie for the most (an imported log's 6 books and 6 cups: no answer to judge a guess by)."""
    counts = history.iloc[:n]["category"].value_counts()
    if len(counts) < 2 or counts.iloc[0] == counts.iloc[1]:  # one kind, or a tie: nothing to guess
        return None
    options = tuple(sorted(counts.index))
    return Question(
        page="lastn", answer=str(counts.index[0]), options=options,
        values=tuple(float(counts[o]) for o in options), measure=every_language("lastn.ask.measure"),
        labels=per_language(lambda lang: tuple(category_text(c, lang) for c in options)),
        colours=tuple(category_colour(c) for c in options),
        prompt=every_language("lastn.ask", name=lambda lang: user_markdown(world, user, lang), n=n),
        why=every_language("lastn.ask.why", n=n,
                           mix=lambda lang: literal.markdown(mix_words(history, n, lang))))


def running_average(table: np.ndarray, history: pd.DataFrame) -> np.ndarray:
    """[L, D]: row i is the mean embedding of the newest i + 1 events (what AvgPool sees at N = i + 1)."""
    vectors = table[history["item_id"].to_numpy()]
    return np.cumsum(vectors, axis=0) / np.arange(1, len(vectors) + 1)[:, None]


def category_mix(history: pd.DataFrame, n: int) -> pd.DataFrame:
    """Share of each category in the LastN window and in the whole history."""
    window = history.iloc[:n]["category"].value_counts(normalize=True)
    whole = history["category"].value_counts(normalize=True)
    mix = pd.DataFrame({"window": window, "history": whole}).fillna(0.0)
    return mix.sort_values(["window", "history"], ascending=False)


def category_mix_figure(dataset: Dataset, user: int, n: int, lang: str) -> go.Figure:
    mix = category_mix(user_history(dataset.world, user), n)
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
