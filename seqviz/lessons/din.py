"""DIN: attention weight per LastN event against the truth, and the pooled vectors on the map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from ..data import Dataset
from ..models import SequenceModel
from ..text import t
from .common import (
    CASE_WINDOW,
    Projection,
    Reading,
    aligned_ranges,
    category_colour,
    category_label,
    category_markdown,
    category_text,
    embedding_map,
    item_category_name,
    item_table,
    make_batch,
    map_items_traces,
    read_user,
    stack_reads,
    style_figure,
    true_click_probability,
    user_history,
    user_markdown,
    weight_truth_correlation,
    world_now,
)
from .questions import Question, every_language, per_language
from .stepped import SteppedFigure, stepped_figure, value_steps

N_CAP = 200  # the picture's largest N: four times what the shipped DIN was trained on


def main_picture(dataset: Dataset, din: SequenceModel, avg: SequenceModel | None, user: int, candidate: int,
                 lang: str) -> SteppedFigure:
    """The DIN lesson in one picture, one step per N: a bar per LastN event, its height the weight
    DIN gives it for `candidate`, coloured by category (a legend), and the world's true relevance as
    dots on a right axis whose zero lines up with the bars'. The story's numbers (DIN's, AvgPool's
    and the world's click probability) are each step's readout.

    Any N: a DIN trained at N = 50 still reads N events, its unit scoring each one on its own."""
    world = dataset.world
    now = world_now(world)
    history = user_history(world, user, now)
    steps = value_steps(min(N_CAP, len(history)))
    events = read_at(dataset, din, user, candidate, steps[-1]).events  # newest first: step n is its first n
    one = make_batch(dataset, user, [candidate], now)
    # every N in one pass per model: the LastN reads, padded to the longest
    read = stack_reads([dataset.history.lastn(one.user, one.time, n) for n in steps])
    rows = make_batch(dataset, user, [candidate] * len(steps), now)
    with torch.no_grad():
        out = din.eval()(rows, dataset.history, read=read)
        averages = torch.sigmoid(avg.eval()(rows, dataset.history, read=read).logit).numpy() if avg else None
    weights = out.weights.float().cpu().numpy()
    predicted = torch.sigmoid(out.logit).cpu().numpy()
    truth = true_click_probability(dataset, user, [candidate], now)
    names = sorted(events["category"].unique())
    ad = item_category_name(world, candidate)
    has_truth = events["truth"].notna().all()
    weight_range, truth_range = aligned_ranges(weights[out.mask.cpu().numpy()],
                                               events["truth"].to_numpy() if has_truth else np.zeros(0))

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    hover = (f"%{{customdata[0]}} #%{{customdata[1]}} · %{{customdata[2]:.1f}} {t('common.hover.age', lang)}"
             f"<br>{t('common.hover.slot', lang)}: %{{x}}")
    for name in names:
        # a fixed width: Plotly sizes a bar by its trace's closest pair, so a category with two
        # events far apart would get bars wider than the slots between them
        fig.add_trace(go.Bar(x=[], y=[], name=category_label(name, lang), meta="din-weights", width=0.8,
                             marker=dict(color=category_colour(name)),
                             hovertemplate=hover + f"<br>{t('common.hover.weight', lang)}: %{{y:.3f}}"
                                                   "<extra></extra>"), secondary_y=False)
    if has_truth:
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="din-truth",
                                 name=t("din.weights.truth", lang),
                                 marker=dict(color="#111", size=7, symbol="diamond"),
                                 hovertemplate=hover + f"<br>{t('common.hover.truth', lang)}: %{{y:.3f}}"
                                                       "<extra></extra>"), secondary_y=True)
    slot = events["slot"].to_numpy() + 1
    custom = np.stack([[category_label(c, lang) for c in events["category"]], events["item_id"],
                       events["age_days"].round(2)], axis=-1)
    categories = events["category"].to_numpy()
    is_ad = (history["category"] == ad).to_numpy()  # the ad's events, newest first, the whole history
    updates, layouts, readouts = [], [], []
    for row, n in enumerate(steps):
        n = min(n, len(events))
        step = [dict(x=slot[:n][categories[:n] == name], y=weights[row, :n][categories[:n] == name],
                     customdata=custom[:n][categories[:n] == name]) for name in names]
        if has_truth:
            step.append(dict(x=slot[:n], y=events["truth"].to_numpy()[:n], customdata=custom[:n]))
        updates.append(step)
        layouts.append(dict(xaxis=dict(range=[0.4, n + 0.6], tick0=0, dtick=slot_tick_step(n))))
        ratio = contrast(events.iloc[:n], weights[row, :n], ad)
        inside, beyond = int(is_ad[:n].sum()), int(is_ad[n:].sum())
        readouts.append(" · ".join([probability_words(n, predicted[row], None if averages is None
                                                      else averages[row], None if truth is None else truth[0],
                                                      lang, trained=din.lastn),
                                    *([] if ratio is None else [contrast_words(ratio, ad, n, lang)]),
                                    # what no weighting can reach: the ad's events older than the window
                                    *([t("din.readout.beyond_window", lang, inside=inside, beyond=beyond,
                                         ad=category_text(ad, lang))] if beyond else [])]))
    fig.update_xaxes(title=t("din.weights.slot", lang))
    fig.update_yaxes(title=t("common.hover.weight", lang), range=weight_range, secondary_y=False)
    fig.update_yaxes(title=t("din.weights.truth_axis", lang), range=truth_range, secondary_y=True,
                     showgrid=False, tickformat=".2f")
    fig.update_layout(legend=dict(orientation="h", y=-0.2), bargap=0.15, barmode="overlay")
    style_figure(fig, t("din.main.title", lang), height=460)
    picture = stepped_figure(fig, steps, updates, list(range(len(fig.data))), readouts, t("common.n", lang),
                             layouts=layouts)
    asked = picture.nearest(min(ASKED_N, len(events)))
    row = steps.index(asked)
    question = weight_question(world, user, candidate, events.iloc[:min(asked, len(events))],
                               weights[row, :min(asked, len(events))], float(predicted[row]),
                               None if averages is None else float(averages[row]),
                               None if truth is None else float(truth[0]))
    return picture.asking(question, hidden=("din-truth",), flat=("din-weights",))


def slot_tick_step(n: int) -> int:
    """Whole slots between the ticks of an axis of n slots, at most ten ticks: Plotly's own choice
    for a short axis put ticks at 0.4, 0.6 ... between slots that only exist as whole numbers."""
    return next(step for step in (1, 2, 5, 10, 20, 50, 100, 200, 500) if n <= 10 * step)


# DIN's story in one number: the ad's own events weigh at least this many times the unrelated ones
CONTRAST = 3.0


def contrast(events: pd.DataFrame, weights: np.ndarray, ad: str) -> float | None:
    """Mean weight of the events of the ad's category over mean weight of the unrelated ones (true
    relevance 0; without truth, every other category). None when the window lacks either kind."""
    matching = (events["category"] == ad).to_numpy()
    unrelated = (events["truth"] == 0).to_numpy() if events["truth"].notna().all() else ~matching
    if not matching.any() or not unrelated.any():
        return None
    return float(weights[matching].mean() / max(float(np.abs(weights[unrelated]).mean()), 1e-9))


def main_notice(dataset: Dataset, din: SequenceModel, user: int, candidate: int,
                lang: str) -> tuple[str, dict]:
    """The note beside the picture -> (string key, its fields). Where DIN, at the N it was trained at,
    weighs the ad's events under CONTRAST times the unrelated ones, the note says so with the figure
    in place of the story it cannot show; without truth, the imported log's note."""
    if not dataset.world.has_truth:
        return "din.main.no_truth", {"n": din.lastn}
    events = read_at(dataset, din, user, candidate, din.lastn).events
    ad = item_category_name(dataset.world, candidate)
    ratio = contrast(events, events["weight"].to_numpy(), ad)
    if ratio is not None and ratio < CONTRAST:
        return "din.main.weak", {"n": din.lastn, "ad": category_markdown(ad, lang), "ratio": ratio,
                                 "expected": CONTRAST}
    return "din.main.notice", {"n": din.lastn}


FEW_EVENTS = 10  # below this many events read, one item's weight moves a category's mean


def contrast_words(ratio: float, ad: str, n: int, lang: str) -> str:
    """The contrast in the readout; under CONTRAST it says so and why, rather than let the bars claim it."""
    weak = ".few" if n < FEW_EVENTS else ".weak"
    key = "din.readout.contrast" + ("" if ratio >= CONTRAST else weak if ratio >= 1 else ".inverted")
    return t(key, lang, ad=category_text(ad, lang), ratio=ratio, expected=CONTRAST)


ASKED_N = CASE_WINDOW  # the question is about the N the shipped DIN was trained at, the default case's


def weight_question(world, user: int, candidate: int, events: pd.DataFrame, weights: np.ndarray, din: float,
                    average: float | None, truth: float | None) -> Question | None:
    """"Which kind of event will DIN weigh most for this ad?": the category whose events get the
    largest weight on average (a category with many events does not win by numbers). None when the
    window holds one category: nothing to choose."""
    mean = pd.Series(weights).groupby(events["category"].to_numpy()).mean()
    if len(mean) < 2:
        return None
    options = tuple(sorted(mean.index))
    ad = item_category_name(world, candidate)
    n = len(events)

    def means(lang: str) -> str:
        ranked = mean.sort_values(ascending=False)
        return " · ".join(f"{category_markdown(c, lang)} {w:.2f}" for c, w in ranked.items())

    return Question(
        page="din", answer=str(mean.idxmax()), options=options,
        values=tuple(float(mean[o]) for o in options), measure=every_language("din.ask.measure"),
        labels=per_language(lambda lang: tuple(category_text(c, lang) for c in options)),
        colours=tuple(category_colour(c) for c in options),
        prompt=every_language("din.ask", name=lambda lang: user_markdown(world, user, lang), n=n,
                              ad=lambda lang: category_markdown(ad, lang)),
        why=every_language("din.ask.why", means=means,
                           probabilities=lambda lang: probability_words(n, din, average, truth, lang)))


def probability_words(n: int, din: float, average: float | None, truth: float | None, lang: str,
                      trained: int | None = None) -> str:
    """'N = 50 · DIN predicts 31 % · AvgPool 22 % · true 35 %' (the truth only where the world knows it),
    a word when AvgPool is the nearer of the two, and, far beyond the N DIN was `trained` at, why its
    bars and its prediction run high there."""
    words = [f"N = {n}", t("din.readout.din", lang, p=din)]
    if average is not None:
        words.append(t("din.readout.avg", lang, p=average))
    if truth is not None:
        words.append(t("din.readout.true", lang, p=truth))
        if average is not None and avg_nearer(din, average, truth):
            words.append(t("din.readout.avg_nearer", lang))
    if trained is not None and n > 2 * trained:
        words.append(t("din.readout.beyond", lang, trained=trained))
    return " · ".join(words)


def avg_nearer(din: float, average: float, truth: float) -> bool:
    """Is AvgPool's click probability nearer the truth than DIN's? The page says so where it is."""
    return abs(average - truth) < abs(din - truth)


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


def read_at(dataset: Dataset, model: SequenceModel, user: int, candidate: int, n: int) -> Reading:
    """What `model` reads of the user's last n events for `candidate`, whatever N it was trained at."""
    now = world_now(dataset.world)
    batch = make_batch(dataset, user, [candidate], now)
    read = dataset.history.lastn(batch.user, batch.time, n)
    return read_user(model, dataset, user, [candidate], now, read=read)


def pooled_map(dataset: Dataset, din: SequenceModel, user: int, candidate: int, n: int,
               lang: str) -> go.Figure:
    """The pooled map of `pooled_map_figure` for the user's last n events."""
    projection, items = embedding_map(din, dataset.world)
    category = dataset.world.items.set_index("item_id").loc[candidate, "category"]
    events = read_at(dataset, din, user, candidate, n).events
    return pooled_map_figure(items, projection, item_table(din), events, candidate, category, lang)


def attention_truth(dataset: Dataset, din: SequenceModel, user: int, candidate: int, n: int) -> float | None:
    """Spearman of DIN's weights against the truth over the user's last n events (None if undefined)."""
    return weight_truth_correlation(read_at(dataset, din, user, candidate, n).events)


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
