"""Home: the recommender funnel, and a first look at the demo user's history."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..data import Dataset
from ..models import ModelConfig, SequenceModel
from ..text import t
from .common import (
    category_colour,
    category_label,
    model_label,
    read_user,
    representative_item,
    style_figure,
    true_click_probability,
    user_history,
    world_now,
)
from .questions import Question, every_language, per_language

# typical order of magnitude of the items left after each stage of an industrial recommender
FUNNEL = (("catalogue", 10_000_000, None), ("retrieval", 5_000, "retrieval"),
          ("preranking", 500, "preranking"), ("ranking", 50, "ranking"), ("shown", 10, None))


def funnel_figure(lang: str) -> go.Figure:
    stages = [t(f"home.funnel.{name}", lang) for name, _, _ in FUNNEL]
    where = [t(f"home.funnel.where.{w}", lang) if w else "" for _, _, w in FUNNEL]
    counts = np.array([count for _, count, _ in FUNNEL])
    colours = ["#c7c7c7", "#9ecae1", "#56B4E9", "#0072B2", "#E69F00"]
    # the stage's method goes with its name on the axis, which has room for it; inside the bar only
    # the count, which fits the narrowest bar (a long text there was cut off on a classroom screen)
    labels = [f"{stage}<br>{w}" if w else stage for stage, w in zip(stages, where, strict=True)]
    # widths on a log scale: on a linear one every stage after retrieval would be invisible
    fig = go.Figure(go.Funnel(
        y=labels, x=np.log10(counts), customdata=counts, text=[f"{c:,}" for c in counts],
        textinfo="text", textposition="inside", marker=dict(color=colours), connector=dict(visible=False),
        hovertemplate=[f"{stage}: {c:,} {t('home.funnel.count', lang)}<extra></extra>"
                       for stage, c in zip(stages, counts, strict=True)]))
    fig.update_yaxes(automargin=True)
    return style_figure(fig, t("home.funnel.title", lang), height=380)


def story_figure(dataset: Dataset, lang: str) -> go.Figure:
    """Mia's whole history: last winter's coats, this week's cups."""
    world = dataset.world
    history = user_history(world, world.demo_users()["mia"])
    return history_strip_figure(history, lang, t("home.story.chart", lang))


def history_strip_figure(history: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Every event of one user: time on x, category on y, one dot each."""
    fig = go.Figure()
    for name, group in history.groupby("category", sort=False):
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(group["timestamp"], unit="s"), y=[category_label(name, lang)] * len(group),
            mode="markers", name=category_label(name, lang), showlegend=False,
            marker=dict(color=category_colour(name), size=8, opacity=0.7),
            hovertemplate="%{x|%Y-%m-%d}<extra>%{y}</extra>"))
    # Plotly names months in English whatever the page's language: the format says them in Chinese
    fig.update_xaxes(title=t("common.axis.time", lang), tickformat=t("common.axis.month", lang))
    fig.update_yaxes(title=None)
    return style_figure(fig, title, height=340)


# the models whose predictions the Home question's reveal shows beside the truth
ASKED_MODELS = (ModelConfig("avg"), ModelConfig("din"), ModelConfig("sim-hard"))


def click_question(dataset: Dataset, *models: SequenceModel) -> Question | None:
    """"Mia bought coats last winter and cups this week: how likely is she to click a coat ad tonight?"
    The world's true probability; beside it what each of ASKED_MODELS (`models`, in that order)
    predicts, the reveal saying why they differ. None on a world without mia or without truth."""
    world = dataset.world
    if "mia" not in world.demo_users() or not world.has_truth:
        return None
    mia, coat, now = world.demo_users()["mia"], representative_item(world, "coat"), world_now(world)
    truth = float(true_click_probability(dataset, mia, [coat], now)[0])
    beside = tuple((per_language(lambda lang, cfg=cfg: model_label(cfg, lang)),
                    round(100 * float(read_user(model, dataset, mia, [coat], now).probability[0])))
                   for cfg, model in zip(ASKED_MODELS, models, strict=True))
    (_, average), (_, din), _ = beside
    din_n = models[1].lastn
    history = user_history(world, mia, now)
    reach = float(history["age_days"].iloc[min(din_n, len(history)) - 1])  # DIN's oldest event, in days
    return Question(page="home", answer=float(round(100 * truth)), unit="%",
                    grid=tuple(float(p) for p in range(0, 101, 5)), beside=beside,
                    prompt=every_language("home.ask"),
                    why=every_language("home.ask.why", n=din_n, days=reach,
                                       din_below=lambda lang: t("home.ask.din_below", lang) if din < average
                                       else ""))
