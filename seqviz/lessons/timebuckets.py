"""Time buckets: how SIM tells last week from last winter, and why DIN can do without.

Plain functions for the "Time buckets" page: the log-scale bucket edges, what a
trained SIM learned about each bucket beside the world's true decay, attention
with and without time, and how much time LastN covers compared with the whole history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from .. import literal
from ..data import Dataset
from ..history import TIME_BUCKET_EDGES, bucket_table
from ..metrics import bucket_effect, read_sample
from ..models import SIM, ModelConfig
from ..text import t
from ..world import DAY, World
from .common import (
    SHORTEST_DAYS,
    aligned_ranges,
    category_colour,
    category_markdown,
    category_text,
    item_category_name,
    log_age_axis,
    style_figure,
    world_now,
)
from .questions import Question, every_language, per_language
from .stepped import SteppedFigure, stepped_figure
from .window import Window, attend, search_window

# The page's SIM keeps up to 200 events of the candidate's category. At the lessons' K = 50 a heavy
# shopper's 50 newest coats reach back only a few months, so SIM learned to weigh a 1-3-month-old coat
# up, standing in for the older coats it never sees (on the sample world: a month-old coat above a
# year-old one, the truth's order reversed); with 200 kept, the steps follow the truth (Pearson 0.92-0.96
# on worlds 0-2, a year-old coat first, then a week, then a month).
SEARCH_K = 200
TIME_BUCKETS_CONFIGS = (ModelConfig("sim-hard", k=SEARCH_K), ModelConfig("sim-hard", k=SEARCH_K, time=False))


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


# --- figures -----------------------------------------------------------------------------------

HOUR = 1 / 24  # in days


def age_name(days: float, lang: str) -> str:
    """'5 hours', '3 days', '2 months', '1.4 years': an event's age as a student reads it."""
    for unit, size, digits in (("year", 365.0, 1), ("month", 30.0, 0), ("day", 1.0, 0), ("hour", HOUR, 0)):
        # whole months and days; years to one decimal, since 1.1 years is last winter and 1.5 is not
        if days >= size or unit == "hour":
            n = round(days / size, digits)
            return t(f"timebuckets.age.{unit}", lang, count=n, n=n)
    raise AssertionError("unreachable")


@torch.no_grad()
def event_weights(model: SIM, event_item: int, candidate: int, buckets: np.ndarray) -> np.ndarray:
    """[len(buckets)] the ESU weight `model` gives one event of `event_item` for `candidate`, were the
    event in each of `buckets` (0 = no time), each weighed on its own."""
    device = model.item_emb.weight.device
    weights = model.event_weights(torch.full((len(buckets), 1), event_item, device=device),
                                  torch.tensor(np.asarray(buckets, dtype=np.int64), device=device)[:, None],
                                  torch.full((len(buckets),), candidate, device=device))
    return weights[:, 0].cpu().numpy()


def main_picture(dataset: Dataset, with_time: SIM, without_time: SIM | None, item: int,
                 lang: str) -> SteppedFigure:
    """The Time buckets lesson in one picture: the weight SIM gives one event of `item` for the ad
    `item`, against that event's age on a log axis (a step per time bucket, 'tb-learned'), beside
    the world's true relevance of such an event (a right axis whose zero lines up, 'tb-truth'), and
    SIM without time (flat: it cannot tell the ages apart). One step per age: the event moves along
    the axis and its bucket lights up ('tb-bucket')."""
    world = dataset.world
    now = world_now(world)
    table = bucket_table()
    lo = table["lo_days"].clip(lower=SHORTEST_DAYS).to_numpy()
    oldest = max(float((now - world.events["timestamp"].min()) / DAY), 2.0)
    # buckets older than the oldest event never saw one in training: drawn, their untouched weights
    # read as learned (a step back to ~1.0 past 2.7 years, where the truth is ~0), so they are not
    drawn = lo < oldest
    hi = np.minimum(table["hi_days"].to_numpy(), oldest * 1.02)
    learned = event_weights(with_time, item, item, table["bucket"].to_numpy())
    ages = np.geomspace(HOUR, oldest, 400)
    truth = (world.truth.relevance(item, now, np.full(len(ages), item), now - ages * DAY)
             if world.has_truth else None)

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", fill="toself", fillcolor="rgba(86,180,233,0.25)",
                             line=dict(width=0), hoverinfo="skip", meta="tb-bucket", showlegend=False))
    edges = np.column_stack([lo[drawn], hi[drawn]]).ravel()
    fig.add_trace(go.Scatter(x=edges, y=np.repeat(learned[drawn], 2), mode="lines",
                             name=t("timebuckets.main.learned", lang), meta="tb-learned",
                             line=dict(color="#009E73", width=3),
                             customdata=np.repeat(table["bucket"].to_numpy()[drawn], 2),
                             hovertemplate=f"{t('timebuckets.hover.bucket', lang)} %{{customdata}}: "
                                           "%{y:.2f}<extra></extra>"))
    if without_time is not None:
        flat = float(event_weights(without_time, item, item, np.zeros(1, dtype=np.int64))[0])
        fig.add_trace(go.Scatter(x=[lo[0], oldest], y=[flat, flat], mode="lines", meta="tb-without",
                                 name=t("timebuckets.main.without", lang), hoverinfo="skip",
                                 line=dict(color="#666666", dash="dash")))
    if truth is not None:
        fig.add_trace(go.Scatter(x=ages, y=truth, mode="lines", name=t("timebuckets.main.truth", lang),
                                 meta="tb-truth", line=dict(color="#0072B2", dash="dot", width=2),
                                 hovertemplate="%{x:.1f} d: %{y:.3f}<extra></extra>"), secondary_y=True)
    moving = [0, len(fig.data)]
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="tb-event", showlegend=False, hoverinfo="skip",
                             marker=dict(symbol="diamond", size=16,
                                         color=category_colour(item_category_name(world, item)),
                                         line=dict(color="#111", width=2))))
    if truth is not None:
        moving.append(len(fig.data))
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", showlegend=False, hoverinfo="skip",
                                 meta="tb-truth-now", marker=dict(symbol="circle", size=11, color="#0072B2")),
                      secondary_y=True)
    weight_range, truth_range = aligned_ranges(learned[drawn], truth if truth is not None else np.zeros(0))
    top = weight_range[1]
    steps = sorted({int(h) for h in np.floor(np.geomspace(1, oldest * 24, 48))})
    updates, readouts, names = [], [], []
    emoji = category_text(item_category_name(world, item), lang)
    for hours in steps:
        age = hours / 24
        b = int(np.searchsorted(TIME_BUCKET_EDGES / DAY, age, side="right")) - 1  # row of bucket b + 1
        step = [dict(x=[lo[b], hi[b], hi[b], lo[b], lo[b]], y=[0, 0, top, top, 0]),
                dict(x=[age], y=[learned[b]])]
        true_now = None
        if truth is not None:
            event_time = np.array([now - age * DAY])
            true_now = float(world.truth.relevance(item, now, np.array([item]), event_time)[0])
            step.append(dict(x=[age], y=[true_now]))
        updates.append(step)
        names.append(age_name(age, lang))
        words = [t("timebuckets.readout.event", lang, what=emoji, age=age_name(age, lang), bucket=b + 1,
                   lo=age_name(table["lo_days"].iloc[b], lang) if b else "0",
                   hi=age_name(float(hi[b]), lang), weight=float(learned[b]))]
        if true_now is not None:
            words.append(t("timebuckets.readout.truth", lang, value=true_now))
        readouts.append(" · ".join(words))
    log_age_axis(fig, lang)
    fig.update_xaxes(range=[np.log10(SHORTEST_DAYS * 3), np.log10(oldest * 1.05)])
    fig.update_yaxes(title=t("timebuckets.main.weight_axis", lang), range=weight_range, secondary_y=False)
    fig.update_yaxes(title=t("timebuckets.main.truth_axis", lang), range=truth_range, secondary_y=True,
                     showgrid=False, tickformat=".2f")
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    style_figure(fig, t("timebuckets.main.title", lang, what=literal.figure(emoji)), height=460)
    picture = stepped_figure(fig, steps, updates, moving, readouts,
                             t("timebuckets.main.slider", lang, what=emoji), names=names)
    question = None
    if world.has_truth:
        asked = np.array(list(ASKED_AGES.values()), dtype=float)
        true_at = world.truth.relevance(item, now, np.full(len(asked), item), now - asked * DAY)
        rows = np.searchsorted(TIME_BUCKET_EDGES / DAY, asked, side="right") - 1  # row b is bucket b + 1
        question = age_question(item_category_name(world, item), true_at, learned[rows])
    return picture.asking(question,
                          hidden=("tb-learned", "tb-truth", "tb-without", "tb-event", "tb-truth-now"))


# the question's ages, in days: a month ago against a year ago is the case a decaying recency gets wrong
ASKED_AGES = {"week": 7.0, "month": 30.0, "year": 365.0}


def age_question(category: str, truth: np.ndarray, learned: np.ndarray) -> Question:
    """"For tonight's ad, which event says more: one bought a week, a month or a year ago?", judged by
    the world's true relevance; the reveal adds what SIM learned for the same three ages, and says so
    when SIM ranks them otherwise than the truth (the student who guessed the model's order deserves
    to hear it)."""
    options = tuple(ASKED_AGES)

    def values(numbers: np.ndarray, lang: str) -> str:
        return " · ".join(f"{t(f'timebuckets.ask.{o}', lang)} {v:.2f}"
                          for o, v in zip(options, numbers, strict=True))

    def order(lang: str) -> str:
        if list(np.argsort(-learned, kind="stable")) == list(np.argsort(-truth, kind="stable")):
            return t("timebuckets.ask.same_order", lang)
        top = lambda numbers: t(f"timebuckets.ask.{options[int(np.argmax(numbers))]}", lang)  # noqa: E731
        return t("timebuckets.ask.other_order", lang, learned_top=top(learned), truth_top=top(truth))

    return Question(
        page="time_buckets", answer=options[int(np.argmax(truth))], options=options,
        values=tuple(float(v) for v in truth), measure=every_language("timebuckets.ask.measure"),
        labels=per_language(lambda lang: tuple(t(f"timebuckets.ask.{o}", lang) for o in options)),
        prompt=every_language("timebuckets.ask", what=lambda lang: category_markdown(category, lang)),
        why=every_language("timebuckets.ask.why", truth=lambda lang: values(truth, lang),
                           learned=lambda lang: values(learned, lang), order=order))


def both_ways(dataset: Dataset, with_time: SIM, without_time: SIM, user: int, item: int,
              lang: str) -> go.Figure:
    """`attention_both_ways_figure` for what each model's search keeps of the user's whole history."""
    world = dataset.world
    now = world_now(world)
    window = search_window(world, user, now, len(world.user_events(user)))
    category = int(world.item_category()[item])
    return attention_both_ways_figure(*(selected_events(model, window, item, category)
                                        for model in (with_time, without_time)), lang)


def average_effect(dataset: Dataset, with_time: SIM, lang: str) -> go.Figure:
    """`bucket_effect_figure` of the library's learned bucket effect (what time_effect_truth_corr reads)."""
    world = dataset.world
    decay = world.truth.decay if world.has_truth else None
    oldest = float((world_now(world) - world.events["timestamp"].min()) / DAY)
    return bucket_effect_figure(learned_bucket_effect(with_time, dataset), decay, oldest, lang)


def spans(dataset: Dataset, user: int, n: int, lang: str) -> go.Figure:
    """`spans_figure` for the demo users and `user`."""
    world = dataset.world
    named = dict(world.demo_users())
    if user not in named.values():
        named[f"#{user}"] = user
    return spans_figure(history_spans(world, world_now(world), n, named), n, lang)


def auc_figure(with_time: dict, without_time: dict, lang: str) -> go.Figure:
    """Test AUC and GAUC of SIM trained with and without time buckets (from the models' saved metrics)."""
    fig = go.Figure()
    for metrics, key, colour in ((without_time, "without", "#999999"), (with_time, "with", "#2ca02c")):
        values = [metrics.get("auc"), metrics.get("gauc")]
        fig.add_bar(x=["AUC", "GAUC"], y=values, name=t(f"timebuckets.model.{key}", lang), meta=f"auc-{key}",
                    marker_color=colour, text=[f"{v:.4f}" if v is not None else "" for v in values],
                    textposition="outside")
    shown = [v for m in (with_time, without_time) for v in (m.get("auc"), m.get("gauc")) if v is not None]
    if shown:  # from chance, where an AUC starts: a floor near the bars made 0.807 against 0.825 a chasm
        fig.update_yaxes(range=[0.5, max(shown) + 0.02])
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
    log_age_axis(fig, lang)
    fig.update_yaxes(title=t("timebuckets.axis.relative_weight", lang))
    return style_figure(fig, t("timebuckets.both.title", lang))


def bucket_effect_figure(effect: pd.DataFrame, decay, oldest_days: float, lang: str) -> go.Figure:
    """What SIM learned per bucket (left axis) beside the world's true decay (right axis).

    decay: age_days -> true decay, or None for an imported world; oldest_days: the oldest event's
    age, beyond which buckets never saw data."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    x = effect["mid_days"].clip(lower=SHORTEST_DAYS)
    fig.add_scatter(x=x, y=effect["learned"], mode="lines+markers", meta="effect-learned",
                    name=t("timebuckets.effect.learned", lang),
                    line=dict(color="#2ca02c"), customdata=effect["bucket"],
                    hovertemplate=f"{t('timebuckets.hover.bucket', lang)} %{{customdata}}<br>%{{x:.2f}} d: "
                                  "%{y:.3f}<extra></extra>")
    if decay is not None:
        ages = np.geomspace(SHORTEST_DAYS, max(oldest_days, 1.0), 300)
        fig.add_scatter(x=ages, y=decay(ages), mode="lines", name=t("timebuckets.effect.truth", lang),
                        line=dict(color="#1f5fbf", dash="dash"), secondary_y=True, meta="effect-truth",
                        hovertemplate="%{x:.2f} d: %{y:.3f}<extra></extra>")
    fig.add_vrect(x0=oldest_days, x1=float(x.max()) * 1.5, fillcolor="#999", opacity=0.15, line_width=0,
                  annotation_text=t("timebuckets.effect.unseen", lang), annotation_position="top right")
    log_age_axis(fig, lang)
    fig.update_yaxes(title=t("timebuckets.axis.learned", lang), secondary_y=False)
    fig.update_yaxes(title=t("timebuckets.axis.truth", lang), secondary_y=True, showgrid=False,
                     tickformat=".1f")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.25))
    return style_figure(fig, t("timebuckets.effect.title", lang))


def spans_figure(spans: pd.DataFrame, n: int, lang: str) -> go.Figure:
    """Days covered by LastN and by the whole history, per user, on a linear axis: on a log axis mia's
    last 50 events (170 of 587 days) looked like most of her history."""
    fig = go.Figure()
    for column, colour, key in (("full_days", "#1f5fbf", "full"), ("lastn_days", "#e8772e", "lastn")):
        name = t(f"timebuckets.spans.{key}", lang, n=n)
        fig.add_bar(y=spans["name"], x=spans[column], orientation="h", name=name, marker_color=colour,
                    meta=f"spans-{key}",
                    hovertemplate=f"{name}<br>%{{y}}: %{{x:.1f}} d<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("timebuckets.spans.axis", lang), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return style_figure(fig, t("timebuckets.spans.title", lang, n=n), height=300)
