"""SIM, search then attend: what the search keeps, and how close that comes to attending over everything.

The searched history is the user's last N events before `now` (a `window.Window`), so the model's
real GSU (hard or soft search) and ESU run on exactly that window, and "full attention" is the same
model with search='all' over the same window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from ..data import Dataset
from ..models import SIM
from ..text import t
from ..timing import fastest_seconds
from ..world import DAY, World
from .common import (
    SHORTEST_DAYS,
    category_colour,
    category_label,
    category_markdown,
    item_category_name,
    log_age_axis,
    log_ticks,
    stack_reads,
    style_figure,
    user_markdown,
    world_now,
)
from .latency import MAX_TIMED_PAIRS
from .questions import Question, every_language, nice_grid
from .stepped import SteppedFigure, stepped_figure, value_steps
from .window import Attended, Window, attend, candidate, search_window


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


def window_relevance(world: World, window: Window, item: int) -> np.ndarray | None:
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
                  relevance when known, else the model's full attention).
    kept:         the window positions the search kept at that K."""
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
    ks = sorted({int(min(k, len(window))) for k in k_values if k >= 1})
    one = candidate(window, [item], [category])
    with torch.no_grad():  # every K in one pass: the search's reads, padded to the widest
        read = stack_reads([model.read(one, window.history, search=search, k=k) for k in ks])
        out = model(candidate(window, [item] * len(ks), [category] * len(ks)), window.history, read=read)
    relevant = int((reference > 0).sum())
    rows = []
    for row, k in enumerate(ks):
        kept = np.sort(out.positions[row][out.mask[row]].cpu().numpy())
        truth_cosine = np.nan
        if relevance is not None:
            truth_cosine = cosine(relevance[kept] @ vectors[kept], ideal)
        rows.append({"k": k, "cosine_model": cosine(out.user_vector[row].cpu().numpy(), full.user_vector),
                     "cosine_truth": truth_cosine, "recall": top_k_recall(kept, reference, k),
                     "wanted": min(k, relevant), "kept": kept})
    return pd.DataFrame(rows)


@torch.no_grad()
def search_latency(model: SIM, world: World, user: int, now: int, item_category: np.ndarray,
                   n_values, k: int, search: str) -> pd.DataFrame:
    """Measured milliseconds per candidate, by N: full attention over N events vs SIM (search, then K).

    Each run scores at most MAX_TIMED_PAIRS (candidate, event) pairs at once; same columns as
    `towers.pooling_latency`, so `latency.latency_for` reads off any M."""
    rng = np.random.default_rng(0)
    n_items = model.item_emb.num_embeddings - 1
    rows = []
    for n in n_values:
        window = search_window(world, user, now, n)
        for method, read, width in (("full", "all", len(window)), ("sim", search, k)):
            timed_m = max(1, MAX_TIMED_PAIRS // max(width, 1))
            items = rng.integers(1, n_items + 1, timed_m)
            batch = candidate(window, items, item_category[items])
            seconds = fastest_seconds(model, batch, window.history, search=read, k=k)
            rows.append({"n": len(window), "method": method, "fixed_ms": 0.0,
                         "per_candidate_ms": 1000 * seconds / timed_m})
    return pd.DataFrame(rows)


# --- figures -----------------------------------------------------------------------------------

K_CAP = 1000  # the picture's largest K: enough to see closeness reach ~1 on a long history
DIN_LASTN = 50  # what DIN reads: the window the picture sets SIM's reach against


def main_picture(dataset: Dataset, model: SIM, user: int, item: int, n: int, lang: str) -> SteppedFigure:
    """The SIM lesson in one picture, one step per K: left, the user's searched history on a log
    'days ago' axis, DIN's LastN window shaded and the K events the search kept drawn large (traces
    tagged 'sim-selected'); right, how close SIM's vector comes to full attention as K grows, with a
    marker at K ('sim-at-k'). Each step's readout: how far back the kept events reach, and the two
    closeness numbers, both measured against the world's truth where it is known."""
    world = dataset.world
    now = world_now(world)
    window = search_window(world, user, now, n)
    category = int(world.item_category()[item])
    relevance = window_relevance(world, window, item)
    steps = value_steps(min(K_CAP, len(window)))
    curve = closeness_curve(model, window, item, category, steps, model.search, relevance).set_index("k")
    reference = "cosine_truth" if curve["cosine_truth"].notna().any() else "cosine_model"
    ages = np.maximum((now - window.events["timestamp"].to_numpy()) / DAY, SHORTEST_DAYS)
    names = list(world.categories)
    rows = window.events["category"].astype(str).map({name: i for i, name in enumerate(names)}).to_numpy()
    labels = [category_label(name, lang) for name in names]
    din_reach = float(np.sort(ages)[min(DIN_LASTN, len(ages)) - 1])

    fig = make_subplots(rows=1, cols=2, column_widths=[0.64, 0.36], horizontal_spacing=0.08,
                        subplot_titles=(t("sim.main.timeline", lang, n=len(window)),
                                        t("sim.main.closeness", lang)))
    top_row = len(names) - 0.5
    fig.add_trace(go.Scatter(x=[din_reach, SHORTEST_DAYS, SHORTEST_DAYS, din_reach, din_reach],
                             y=[-0.5, -0.5, top_row, top_row, -0.5], fill="toself", mode="lines",
                             fillcolor="rgba(230,159,0,0.22)", line=dict(width=0), hoverinfo="skip",
                             name=t("sim.main.din_window", lang, n=DIN_LASTN)), row=1, col=1)
    fig.add_trace(go.Scatter(x=ages, y=rows, mode="markers", hoverinfo="skip", showlegend=False,
                             marker=dict(color="#bbbbbb", size=5)), row=1, col=1)
    # one closeness, the one the question, the readout and the note read (the truth's where it is
    # known), and "found"; the cosine to the model's own full attention stays for data without truth
    drawn = [(reference, "#009E73", None), ("recall", "#CC79A7", "dot")]
    for column, colour, dash in drawn:
        if curve[column].notna().any():
            # without truth, recall is measured against the model's own full attention
            truthless = column == "recall" and reference == "cosine_model"
            name = t(f"sim.closeness.{column}" + ("_model" if truthless else ""), lang)
            fig.add_trace(go.Scatter(x=curve.index, y=curve[column], mode="lines", name=name,
                                     meta=f"sim-{column}", line=dict(color=colour, dash=dash),
                                     hovertemplate=f"{name}<br>K=%{{x}}: %{{y:.3f}}<extra></extra>"),
                          row=1, col=2)
    moving = len(fig.data)
    for name, label in zip(names, labels, strict=True):
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="sim-selected", legendgroup=name,
                                 name=t("sim.timeline.selected", lang, category=label),
                                 marker=dict(color=category_colour(name), size=11, symbol="diamond",
                                             line=dict(color="black", width=1)),
                                 hovertemplate=f"{label}<br>%{{x:.0f}} {t('common.hover.age', lang)}"
                                               "<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="sim-at-k", showlegend=False,
                             hoverinfo="skip",
                             marker=dict(color="#111", size=12, symbol="circle-open", line=dict(width=3))),
                  row=1, col=2)

    updates, readouts = [], []
    for k in steps:
        kept = curve.loc[k, "kept"]
        step = [dict(x=ages[kept][rows[kept] == r], y=rows[kept][rows[kept] == r])
                for r in range(len(names))]
        step.append(dict(x=[k], y=[curve.loc[k, reference]]))
        updates.append(step)
        readouts.append(reach_words(k, ages[kept], din_reach, curve.loc[k], reference, lang))
    fig.update_yaxes(tickvals=list(range(len(names))), ticktext=labels, range=[-0.6, top_row + 0.1],
                     row=1, col=1)
    log_age_axis(fig, lang, row=1, col=1)
    fig.update_xaxes(range=[np.log10(ages.max() * 1.5), np.log10(SHORTEST_DAYS)], row=1, col=1)
    # a range of its own: with the curves held back until the question is answered, Plotly's autorange
    # had nothing to span and crushed the K ticks together
    fig.update_xaxes(title=t("sim.axis.k", lang), **log_ticks(1, steps[-1]), row=1, col=2,
                     range=[0, np.log10(max(steps[-1], 2))])
    values = curve[[column for column, _, _ in drawn]].to_numpy(dtype=float)
    lowest = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
    # on the right: on the left its title sat inside the history panel
    fig.update_yaxes(range=[min(0.0, lowest) - 0.05, 1.05], title=t("sim.axis.closeness", lang), side="right",
                     row=1, col=2)
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    style_figure(fig, t("sim.main.title", lang), height=500)
    picture = stepped_figure(fig, steps, updates, list(range(moving, len(fig.data))), readouts,
                             t("common.k", lang))
    return picture.asking(k_question(world, user, item, model.search, curve[reference], len(window)),
                          hidden=("sim-cosine_truth", "sim-cosine_model", "sim-recall", "sim-at-k"))


ENOUGH = 0.95  # the cosine at which SIM's vector "points where full attention points"


def k_question(world, user: int, item: int, search: str, closeness: pd.Series, n: int) -> Question | None:
    """"How large must K be before SIM's vector points where attention over all n events points?":
    the smallest K whose cosine reaches ENOUGH. None where no K short of all n reaches it."""
    enough = closeness.index[closeness.to_numpy() >= ENOUGH]
    if len(enough) == 0 or n < 4:
        return None
    k = int(enough.min())
    ad = item_category_name(world, item)
    return Question(
        page="sim", answer=float(k), grid=tuple(sorted({*nice_grid(1, n), float(n)})), log=True,
        prompt=every_language("sim.ask", name=lambda lang: user_markdown(world, user, lang), n=n,
                              cosine=ENOUGH, ad=lambda lang: category_markdown(ad, lang),
                              search=lambda lang: t(f"sim.search.{search}", lang)),
        why=every_language("sim.ask.why", k=k, n=n, share=k / n, cosine=ENOUGH,
                           search=lambda lang: t(f"sim.search.{search}", lang)))


def esu_at(dataset: Dataset, model: SIM, user: int, item: int, n: int, k: int, lang: str) -> go.Figure | None:
    """The ESU's weights over what the search kept at K (None when it kept nothing)."""
    world = dataset.world
    window = search_window(world, user, world_now(world), n)
    selected = attend(model, window, item, int(world.item_category()[item]), k=k)
    return esu_figure(window, selected, lang) if len(selected.positions) else None


def timed_search(dataset: Dataset, model: SIM, user: int, n: int) -> pd.DataFrame:
    """`search_latency` at one N on `user` (the longest history): each N is timed once per server."""
    world = dataset.world
    return search_latency(model, world, user, world_now(world), world.item_category(), [n], model.k,
                          model.search)


def reach_words(k: int, kept_ages: np.ndarray, din_reach: float, closeness: pd.Series, reference: str,
                lang: str) -> str:
    """'K = 50: kept 14, the oldest 410 days ago (DIN reads 9 days back) · direction ... cosine 0.97 ·
    found 12 of the 14 most relevant' (the K most relevant events, or every relevant one when fewer)."""
    if len(kept_ages) == 0:
        return t("sim.readout.none", lang, k=k)
    words = [t("sim.readout.kept", lang, k=k, kept=len(kept_ages), oldest=float(kept_ages.max()),
               din=din_reach)]
    if pd.notna(closeness[reference]):
        words.append(t(f"sim.readout.{reference}", lang, value=closeness[reference]))
    if pd.notna(closeness["recall"]):
        wanted = int(closeness["wanted"])
        words.append(t("sim.readout.recall" if reference == "cosine_truth" else "sim.readout.recall_model",
                       lang, count=wanted, found=round(closeness["recall"] * wanted), wanted=wanted))
    return " · ".join(words)



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
    log_age_axis(fig, lang)
    fig.update_yaxes(title=t("sim.axis.weight", lang))
    return style_figure(fig, t("sim.esu.title", lang, k=len(chosen)))
