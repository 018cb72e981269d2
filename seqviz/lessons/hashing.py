"""Search by hashing (SDIM): the collision kernel as bits are added, what it gathers for the lesson's
case, and what a candidate costs beside hard and soft search.

The picture's steps are bit counts: the same hyperplanes the model hashes with (seqviz.models.sdim),
the first `bits` of each function, so moving the slider asks what the trained model's search would
gather with a sharper or a blunter kernel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch

from ..data import Dataset
from ..models.sdim import MAX_BITS, SDIM, collision_chance
from ..text import t
from ..timing import fastest_seconds
from .common import (
    category_colour,
    category_label,
    category_markdown,
    category_name,
    item_category_name,
    style_figure,
    user_markdown,
    world_now,
)
from .questions import Question, every_language, per_language
from .stepped import SteppedFigure, stepped_figure
from .window import candidate, search_window

ANGLES = np.linspace(0.0, 180.0, 91)  # degrees: where the formula's curve is drawn
MORE_BITS = 8  # the question's "with 8 more bits"
CHANGE = 0.005  # a share that moves less than this (half a percent) has stayed the same
TIMED_CANDIDATES = 200


def event_angles(model: SDIM, items: np.ndarray, item: int) -> np.ndarray:
    """[N] degrees between each event's search vector and the candidate's; NaN for a zero vector (an
    item no one had bought before training)."""
    vectors = model.search_emb.detach().cpu()
    a, b = vectors[torch.as_tensor(np.array(items))], vectors[item][None]
    norms = a.norm(dim=-1) * b.norm(dim=-1)
    cosines = torch.where(norms > 0, (a * b).sum(-1) / norms.clamp(min=1e-12), torch.nan)
    return torch.rad2deg(torch.arccos(cosines.clamp(-1, 1))).numpy()


def shares(model: SDIM, items: np.ndarray, item: int, bits: int) -> np.ndarray:
    """[N] share of the model's hash functions that put each event in the candidate's bucket, at `bits`."""
    device = model.search_emb.device
    kernel = model.kernel(torch.tensor([item], device=device), bits)[0]  # [n_items + 1]
    return kernel[torch.as_tensor(np.array(items), device=device)].cpu().numpy()


def kernel_picture(dataset: Dataset, model: SDIM, user: int, item: int, n: int, lang: str) -> SteppedFigure:
    """One step per bit count (1 to MAX_BITS): the formula (1 - θ/π)^τ against the angle ('kernel-formula'),
    and each of the user's last n events at its angle to the candidate, as high as the share of hash
    functions that put it in the candidate's bucket ('kernel-events', coloured by category). Readout:
    the mean share of the candidate's category's events and of the rest."""
    world = dataset.world
    window = search_window(world, user, world_now(world), n)
    events = window.events
    angles = event_angles(model, events["item_id"].to_numpy(), item)
    keep = ~np.isnan(angles)
    events, angles = events[keep].reset_index(drop=True), angles[keep]
    ad = item_category_name(world, item)
    steps = list(range(1, MAX_BITS + 1))
    by_bits = {bits: shares(model, events["item_id"].to_numpy(), item, bits) for bits in steps}
    categories = events["category"].astype(str)
    groups = list(categories.groupby(categories, sort=False).groups.items())
    groups.sort(key=lambda group: group[0] != ad)  # the ad's category first: drawn on top, listed first

    fig = go.Figure()
    fig.add_scatter(x=ANGLES, y=[], mode="lines", name=t("hashing.formula", lang), meta="kernel-formula",
                    line=dict(color="#333333", dash="dash"), hoverinfo="skip")
    for name, rows in reversed(groups):
        related = name == ad
        fig.add_scatter(x=angles[rows], y=[], mode="markers", name=category_label(name, lang),
                        meta="kernel-events",
                        marker=dict(color=category_colour(name), size=11 if related else 7,
                                    opacity=0.9 if related else 0.5, line=dict(width=0)),
                        hovertemplate=f"{category_label(name, lang)}<br>%{{x:.0f}}°: %{{y:.0%}}<extr"
                                       "a></extra>")
    traces = list(range(len(groups) + 1))
    updates, readouts = [], []
    is_ad = (categories == ad).to_numpy()
    for bits in steps:
        share = by_bits[bits]
        updates.append([{"y": collision_chance(torch.as_tensor(np.radians(ANGLES)), bits).numpy()}]
                       + [{"y": share[rows]} for _, rows in reversed(groups)])
        readouts.append(readout(share, is_ad, ad, bits, model.hash.hashes, lang))
    fig.update_xaxes(title=t("hashing.axis.angle", lang), range=[0, 180], tickvals=list(range(0, 181, 30)),
                     ticksuffix="°")
    fig.update_yaxes(title=t("hashing.axis.share", lang, m=model.hash.hashes), range=[-0.03, 1.05],
                     tickformat=".0%")
    style_figure(fig, t("hashing.title", lang, ad=category_label(ad, lang)), height=420)
    picture = stepped_figure(fig, steps, updates, traces, readouts, t("hashing.slider", lang))
    question = more_bits_question(world, user, ad, is_ad, by_bits, model.hash.bits)
    return picture.asking(question, hidden=("kernel-formula", "kernel-events"))


def readout(share: np.ndarray, is_ad: np.ndarray, ad: str, bits: int, hashes: int, lang: str) -> str:
    """'6 bits: a coat event shares the coat ad's bucket in 64 % of the 16 hash functions, any other
    event in 1.9 %: 34× the weight'."""
    if not is_ad.any() or is_ad.all():
        return t("hashing.readout.all", lang, bits=bits, share=float(share.mean()), m=hashes)
    same, other = float(share[is_ad].mean()), float(share[~is_ad].mean())
    ratio = (t("hashing.readout.ratio", lang, ratio=same / other) if other > 0
             else t("hashing.readout.only", lang))
    return t("hashing.readout", lang, bits=bits, m=hashes, ad=category_name(ad, lang), same=same, other=other,
             ratio=ratio)


def more_bits_question(world, user: int, ad: str, is_ad: np.ndarray, by_bits: dict[int, np.ndarray],
                       bits: int) -> Question | None:
    """"With 8 more bits, do more or fewer of the user's events of the ad's category share its bucket?"
    None when the history holds none of them (nothing to ask about)."""
    more = min(bits + MORE_BITS, MAX_BITS)
    if not is_ad.any() or more == bits:
        return None
    now_share, then_share = float(by_bits[bits][is_ad].mean()), float(by_bits[more][is_ad].mean())
    rest_now = float(by_bits[bits][~is_ad].mean()) if (~is_ad).any() else 0.0
    rest_then = float(by_bits[more][~is_ad].mean()) if (~is_ad).any() else 0.0
    answer = "same" if abs(then_share - now_share) < CHANGE else "more" if then_share > now_share else "fewer"
    options = ("more", "same", "fewer")
    return Question(
        page="sim", part="hashing", answer=answer, options=options,
        labels=per_language(lambda lang: tuple(t(f"hashing.ask.{o}", lang) for o in options)),
        prompt=every_language("hashing.ask", name=lambda lang: user_markdown(world, user, lang), bits=bits,
                              more=more, ad=lambda lang: category_markdown(ad, lang)),
        why=every_language("hashing.ask.why", bits=bits, more=more, now=now_share, then=then_share,
                           rest_now=rest_now, rest_then=rest_then,
                           ad=lambda lang: category_markdown(ad, lang)))


@torch.no_grad()
def search_costs(dataset: Dataset, model: SDIM, user: int, n: int) -> pd.DataFrame:
    """Measured milliseconds at one N (the user's last n events), as latency.latency_for reads them:
    hard search (two binary searches in the category index), soft search (a scan of every event's
    search vector) and SDIM (its index of the events by signature, built once: fixed_ms; then m rows
    per candidate)."""
    world = dataset.world
    window = search_window(world, user, world_now(world), n)
    rng = np.random.default_rng(0)
    items = rng.integers(1, world.n_items + 1, TIMED_CANDIDATES)
    batch = candidate(window, items.tolist(), world.item_category()[items].tolist())
    history, vectors = window.history, model.search_emb
    every_event, _ = history.lastn(batch.user[:1], batch.time[:1], len(window))
    event_items, buckets = (x[0] for x in history.gather(every_event, batch.time[:1]))
    index = model.bucket_index(event_items, buckets)
    timed = {
        "hard": (0.0, lambda: history.hard_search(batch.user, batch.time, batch.category, model.k)),
        "soft": (0.0, lambda: history.soft_search(batch.user, batch.time, vectors[batch.item], vectors,
                                                  model.k)),
        "sdim": (fastest_seconds(model.bucket_index, event_items, buckets),
                 lambda: model.lookup(index, batch.item)),
    }
    return pd.DataFrame([{"n": len(window), "method": f"search_{method}", "fixed_ms": 1000 * fixed,
                          "per_candidate_ms": 1000 * fastest_seconds(run) / TIMED_CANDIDATES}
                         for method, (fixed, run) in timed.items()])
