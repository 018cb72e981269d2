"""Why towers average: the cost of attention against averaging, and SENet as the tower's alternative.

Plain functions for the "Why towers average" page: counted operations, live
latency of the real models (bounded so a page stays responsive), and a small
SENet two-tower model trained on the world, with the field weights it learns.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import torch
import torch.nn.functional as F
from torch import nn

from ..data import Dataset
from ..history import History
from ..metrics import auc
from ..models import Batch, SequenceModel
from ..models.senet import ITEM_FIELDS, USER_AVERAGE_N, USER_FIELDS, SENetTwoTower
from ..text import t
from ..timing import fastest_seconds
from .common import log_ticks, style_figure, world_now
from .latency import MAX_TIMED_PAIRS, mark_n
from .questions import Question, every_language, nice_grid
from .stepped import SteppedFigure, stepped_figure

N_FEATURE_BUCKETS = 8


# --- counted operations ------------------------------------------------------------------------

def pair_cost(model: SequenceModel) -> int:
    """Multiply-adds to score one (candidate, event) pair and add it to the weighted sum.

    Read off the model's attention layers, so it follows whatever the model is."""
    dim = model.item_emb.embedding_dim
    unit = getattr(model.attention, "unit", None)
    scoring = sum(m.in_features * m.out_features for m in unit.modules() if isinstance(m, nn.Linear)) \
        if unit is not None else dim
    return scoring + dim


def operation_counts(m: int, n_values, cost_per_pair: int, dim: int) -> pd.DataFrame:
    """Multiply-adds to pool the history for M candidates, by N.

    attention: every candidate scores every event, M * N * cost_per_pair.
    average:   one pass over the N events (N * dim), then one inner product per candidate (M * dim)."""
    n = np.asarray(list(n_values), dtype=np.int64)
    return pd.DataFrame({"n": np.concatenate([n, n]),
                         "method": ["attention"] * len(n) + ["average"] * len(n),
                         "ops": np.concatenate([m * n * cost_per_pair, n * dim + m * dim])})


# --- measured latency --------------------------------------------------------------------------

@torch.no_grad()
def pooling_latency(attention_model: SequenceModel, average_model: SequenceModel, history: History,
                    user: int, now: int, item_category: np.ndarray, n_values) -> pd.DataFrame:
    """Measured cost of pooling the user's last N events, split so any M can be read off:
    ms(M) = fixed_ms + per_candidate_ms * M  (see `latency_for`).

    attention: the model's real pooling, run on MAX_TIMED_PAIRS // N candidates at once; all of it
               is per candidate, since each candidate scores every event again.
    average:   pooling once (fixed), then one inner product per candidate."""
    rng = np.random.default_rng(0)
    n_items = attention_model.item_emb.num_embeddings - 1
    rows = []
    for n in n_values:
        timed_m = max(1, MAX_TIMED_PAIRS // max(int(n), 1))
        items = rng.integers(1, n_items + 1, timed_m)
        batch = Batch.for_user(user, now, items, item_category[items], history.device)
        positions, mask = history.lastn(batch.user, batch.time, int(n))
        attention = fastest_seconds(attention_model.pool, batch, history, positions, mask)
        rows.append({"n": int(n), "method": "attention", "fixed_ms": 0.0,
                     "per_candidate_ms": 1000 * attention / timed_m})
        one = batch[:1]
        pool_once = fastest_seconds(average_model.pool, one, history, positions[:1], mask[:1])
        candidates = average_model.item_emb(torch.as_tensor(items, device=history.device))
        user_vector = candidates[0]  # any D-vector times the inner products the same
        score = fastest_seconds(torch.mv, candidates, user_vector)
        rows.append({"n": int(n), "method": "average", "fixed_ms": 1000 * pool_once,
                     "per_candidate_ms": 1000 * score / timed_m})
    return pd.DataFrame(rows)


M_CAP = 5000  # candidates per request: what a ranking stage receives from pre-ranking


def timed_pooling(dataset: Dataset, attention_model: SequenceModel, average_model: SequenceModel, user: int,
                  n: int) -> pd.DataFrame:
    """`pooling_latency` at one N on `user` (the longest history): each N is timed once per server."""
    world = dataset.world
    return pooling_latency(attention_model, average_model, dataset.history, user, world_now(world),
                           world.item_category(), [n])


def main_picture(dataset: Dataset, attention_model: SequenceModel, average_model: SequenceModel, user: int,
                 n: int, lang: str) -> SteppedFigure:
    """The towers lesson in one picture: measured milliseconds to score M candidates against N events
    of `user`, attention against averaging, on log axes; one step per M, a marker on each line at M
    ('cost-at-m')."""
    measured = timed_pooling(dataset, attention_model, average_model, user, n)
    steps = sorted({int(m) for m in np.round(np.geomspace(1, M_CAP, 40))} | {200, 1000, 5000})
    grid = np.geomspace(1, M_CAP, 100)
    fig = go.Figure()
    ms = {}
    for method, colour in (("attention", "#D55E00"), ("average", "#0072B2")):
        row = measured[measured["method"] == method].iloc[0]
        ms[method] = lambda m, row=row: row["fixed_ms"] + row["per_candidate_ms"] * np.asarray(m, dtype=float)
        name = t(f"towers.method.{method}", lang)
        fig.add_scatter(x=grid, y=ms[method](grid), mode="lines", name=name, meta=f"cost-{method}",
                        line=dict(color=colour, width=3),
                        hovertemplate=f"{name}<br>M=%{{x:,.0f}}: %{{y:,.3f}} ms<extra></extra>")
    moving = [len(fig.data)]
    fig.add_scatter(x=[], y=[], mode="markers", meta="cost-at-m", showlegend=False, hoverinfo="skip",
                    marker=dict(color="#111", size=13, symbol="circle-open", line=dict(width=3)))
    updates, readouts = [], []
    for m in steps:
        attention, average = float(ms["attention"](m)), float(ms["average"](m))
        updates.append([dict(x=[m, m], y=[attention, average])])
        readouts.append(t("towers.readout", lang, count=m, m=m, n=n, attention=attention, average=average,
                          ratio=attention / max(average, 1e-9)))
    fig.update_xaxes(title=t("towers.axis.m", lang), **log_ticks(1, M_CAP))
    fig.update_yaxes(title=t("towers.axis.ms", lang),
                     **log_ticks(float(ms["average"](1)) / 2, float(ms["attention"](M_CAP)) * 2))
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    style_figure(fig, t("towers.main.title", lang, n=n), height=440)
    picture = stepped_figure(fig, steps, updates, moving, readouts, t("towers.m", lang))
    ratio = float(ms["attention"](ASKED_M)) / max(float(ms["average"](ASKED_M)), 1e-9)
    return picture.asking(slowdown_question(ratio, n), hidden=("cost-attention", "cost-at-m"))


ASKED_M = 1000  # the question's number of candidates: a ranking stage's order of magnitude


def slowdown_question(ratio: float, n: int) -> Question:
    """"Scoring ASKED_M candidates against n events, how many times slower is attention than the
    average?": the ratio measured on this machine, judged by factor (10× for 40× is off by 4)."""
    # to the whole ×, as the reveal's line and the picture's readout say it
    return Question(page="towers", answer=float(max(round(ratio), 1)), grid=nice_grid(1, 10_000), log=True,
                    unit="×", prompt=every_language("towers.ask", m=ASKED_M, n=n),
                    why=every_language("towers.ask.why", m=ASKED_M, n=n, ratio=ratio))


# --- SENet field reweighting ---------------------------------------------------------------------

def item_feature_tables(world) -> dict[str, torch.Tensor]:
    """[n_items + 1] category, price bucket and popularity bucket per item id (quantile buckets)."""
    items = world.items
    ids = items["item_id"].to_numpy()

    def buckets(values: np.ndarray) -> torch.Tensor:
        edges = np.quantile(values, np.linspace(0, 1, N_FEATURE_BUCKETS + 1)[1:-1])
        table = np.zeros(world.n_items + 1, dtype=np.int64)
        table[ids] = np.searchsorted(edges, values)
        return torch.as_tensor(table)

    price = items["price"].to_numpy() if "price" in items else np.zeros(len(items))
    return {"item_category": torch.as_tensor(world.item_category()),
            "price_bucket": buckets(price),
            "popularity_bucket": buckets(items["popularity"].to_numpy())}


def event_prefix_sums(history: History, item_vectors: torch.Tensor) -> torch.Tensor:
    """[n_events + 1, D] running sum of item vectors over the flat event log (row 0 is zero)."""
    running = item_vectors[history.item].double().cumsum(0).float()
    return torch.cat([running.new_zeros(1, running.shape[1]), running])


def history_averages(history: History, prefix: torch.Tensor, batch: Batch,
                     n_values=USER_AVERAGE_N) -> torch.Tensor:
    """[B, len(n_values), D] average item vector of each impression's last n events, for each n.

    With `event_prefix_sums`, every average is two lookups, whatever n is."""
    start, end = history.bounds(batch.user, batch.time)
    fields = []
    for n in n_values:
        first = torch.maximum(start, end - n)
        count = (end - first).clamp(min=1)[:, None]
        fields.append((prefix[end] - prefix[first]) / count)
    return torch.stack(fields, dim=1)


@dataclass
class SENetResult:
    model: SENetTwoTower
    test_auc: float
    train_seconds: float
    field_weights: pd.DataFrame  # one row per (test impression, field): tower, field, weight


def train_senet(dataset: Dataset, item_vectors: torch.Tensor, epochs: int = 2, batch_size: int = 1024,
                lr: float = 5e-3, seed: int = 0) -> SENetResult:
    """Adam on log loss over the training weeks, then the field weights on the test week.

    item_vectors [n_items + 1, D] are frozen (e.g. the shipped AvgPool model's): the user fields are
    computed once, which is what lets it train in seconds on a CPU."""
    torch.manual_seed(seed)
    prefix = event_prefix_sums(dataset.history, item_vectors.detach().to(dataset.device))
    tables = {k: v.to(dataset.device) for k, v in item_feature_tables(dataset.world).items()}
    model = SENetTwoTower(dataset.n_items, **tables, user_dim=prefix.shape[1]).to(dataset.device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    train = dataset["train"]
    user_fields = history_averages(dataset.history, prefix, train.batch)
    gen = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(train), generator=gen).to(dataset.device)
        for i in range(0, len(train), batch_size):
            idx = order[i:i + batch_size]
            logit = model(user_fields[idx], train.batch.item[idx]).logit
            loss = F.binary_cross_entropy_with_logits(logit, train.label[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    model.eval()
    seconds = time.perf_counter() - start
    test = dataset["test"]
    with torch.no_grad():
        out = model(history_averages(dataset.history, prefix, test.batch), test.batch.item)
    frames = []
    for tower, fields, weights in (("user", USER_FIELDS, out.user_weights),
                                   ("item", ITEM_FIELDS, out.item_weights)):
        w = weights.cpu().numpy()
        frames.append(pd.DataFrame({"tower": tower, "field": np.tile(fields, len(w)), "weight": w.ravel()}))
    return SENetResult(model, auc(test.label.cpu().numpy(), out.logit.cpu().numpy()), seconds,
                       pd.concat(frames, ignore_index=True))


# --- figures -----------------------------------------------------------------------------------

def senet_words(senet: float, average: float | None, din: float | None, lang: str) -> str | None:
    """What to say when the two-tower beats a ranking model, which the lesson does not lead one to
    expect; None when it does not (or a ranking model's AUC is unknown)."""
    if average is None or din is None or senet <= average:
        return None
    key = "towers.senet.beats_avg_and_din" if senet > din else "towers.senet.beats_avg"
    return t(key, lang, senet=senet, avg=average, din=din)


def towers_diagram(lang: str) -> str:
    """Graphviz DOT of a two-tower model: the user tower's only inputs are the user's own fields,
    so a weight that depends on the candidate has nowhere to come from."""
    label = lambda key: t(key, lang).replace('"', "'")  # noqa: E731
    return f"""digraph towers {{
  rankdir=BT; node [shape=box, style="rounded,filled", fillcolor="#f4f6fa", fontsize=11];
  history [label="{label('towers.diagram.history')}"];
  average [label="{label('towers.diagram.average')}", fillcolor="#dfe9f7"];
  user [label="{label('towers.diagram.user_vector')}"];
  candidate [label="{label('towers.diagram.candidate')}"];
  item [label="{label('towers.diagram.item_vector')}"];
  score [label="{label('towers.diagram.score')}", fillcolor="#fdebd3"];
  history -> average -> user -> score; candidate -> item -> score;
  candidate -> average [style=dashed, color="#c0392b", fontcolor="#c0392b",
                        label="{label('towers.diagram.blocked')}"];
}}"""


def counted_figure(attention_model: SequenceModel, m: int, n: int, longest: int, lang: str) -> go.Figure:
    """`cost_figure` of the counted multiply-adds for N up to the longest history."""
    pair, dim = pair_cost(attention_model), attention_model.item_emb.embedding_dim
    counts = operation_counts(m, sorted({*np.geomspace(1, longest, 40).astype(int), n}), pair, dim)
    return cost_figure(counts, n, m, lang)


def cost_figure(counts: pd.DataFrame, n: int, m: int, lang: str) -> go.Figure:
    """Counted multiply-adds by N (log-log), attention against averaging, the chosen N marked."""
    fig = go.Figure()
    for method, colour in (("attention", "#c0392b"), ("average", "#1f5fbf")):
        part = counts[counts["method"] == method]
        name = t(f"towers.method.{method}", lang)
        fig.add_scatter(x=part["n"], y=part["ops"], mode="lines", name=name, line=dict(color=colour),
                        meta=f"ops-{method}",
                        hovertemplate=f"{name}<br>N=%{{x:,}}<br>%{{y:,.0f}}<extra></extra>")
    mark_n(fig, n, lang)
    fig.update_xaxes(title=t("towers.axis.n", lang), **log_ticks(counts["n"].min(), counts["n"].max()))
    fig.update_yaxes(title=t("towers.axis.ops", lang),
                     **log_ticks(counts["ops"].min() / 2, counts["ops"].max() * 2))
    return style_figure(fig, t("towers.cost.title", lang, count=m, m=m))


def senet_weights_figure(weights: pd.DataFrame, lang: str) -> go.Figure:
    """Mean learned weight per field (bars, with the spread over impressions), one colour per tower."""
    summary = weights.groupby(["tower", "field"], sort=False)["weight"].agg(["mean", "std"]).reset_index()
    fig = go.Figure()
    for tower, colour in (("user", "#1f5fbf"), ("item", "#e8772e")):
        part = summary[summary["tower"] == tower]
        name = t(f"towers.tower.{tower}", lang)
        labels = [t(f"towers.field.{f}", lang) for f in part["field"]]
        fig.add_bar(x=labels, y=part["mean"], name=name, marker_color=colour, meta=f"senet-{tower}",
                    error_y=dict(type="data", array=part["std"].fillna(0.0)),
                    hovertemplate=f"{name}<br>%{{x}}: %{{y:.3f}}<extra></extra>")
    fig.add_hline(y=1.0, line_dash="dot", line_color="grey")
    fig.update_yaxes(title=t("towers.axis.field_weight", lang), range=[0, 2])
    return style_figure(fig, t("towers.senet.title", lang))
