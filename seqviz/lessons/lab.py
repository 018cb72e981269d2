"""Model Lab: the recipes it trains, the charts and notes of what they found, and its question.

Every result (seqviz.results.Result) says how it was trained (its recipe: the epoch cap and the
training seed) and carries a 95% bootstrap interval around each AUC, so a chart draws one recipe
only and the page can say when two models are closer than the test week can tell apart. The
trainings themselves run in seqviz.trainings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..metrics import guess_interval_width
from ..models import MODELS, ModelConfig
from ..results import SHIPPED_RECIPE, Recipe, Result
from ..text import t
from .common import model_label, model_name, model_options, style_figure
from .questions import Question, every_language, per_language

# Okabe–Ito, so the families stay apart for colour-blind readers; the oracle in black
FAMILY_COLOURS = {"avg": "#E69F00", "din": "#0072B2", "sim-hard": "#D55E00", "sim-soft": "#009E73",
                  "sim-twin": "#CC79A7", "sim-sdim": "#332288"}
ORACLE_COLOUR = "#000000"
SCORER_DASHES = {"unit": "solid", "dot": "dash", "cosine": "dot"}  # DIN's curves for the same N apart
# SIM's levels by (search, time buckets): hard and soft often sit within 0.001, so their dashes
# differ in length and both colours show where the lines overlap
LEVEL_DASHES = {("hard", True): "dash", ("soft", True): "longdash", ("twin", True): "dot",
                ("sdim", True): "solid", ("hard", False): "dashdot", ("soft", False): "longdashdot",
                ("twin", False): "solid", ("sdim", False): "dot"}
# an interval wider than this cannot judge a model: on the sample world AvgPool and DIN at N = 50
# are 0.08 apart, each interval about 0.015 wide
TOO_WIDE = 0.1
N_SPAN = (10, 200)  # the x range of a chart that holds no LastN model, only SIM's levels

# The lesson's conclusion is drawn by the shipped models' recipe (up to 3 epochs, seed 0), and its
# seven models ship: on the sample world AvgPool 0.652 / 0.657 / 0.691 and DIN 0.653 / 0.732 / 0.781
# at N = 10 / 50 / 200, SIM-hard 0.825, oracle 0.841 (trained on an Intel Xeon; on an AMD EPYC one
# epoch left DIN at N = 10 under AvgPool, 0.633 vs 0.635).
# On a 2-core Intel Xeon, both training while one tab is connected, the last is scored after 54-60 s
# (73 s on one core), the first after 8-10 s (`python -m seqviz bench --only lab`, lab_preset_seconds;
# 40 s and 7 s on an AMD EPYC). The quick look trains one epoch
# at N = 50, where DIN already stands clear of AvgPool (0.700 vs 0.654, intervals apart; at N = 20 the
# two were 0.646 and 0.647, a tie under a note that states the conclusion).
PRESETS = {
    "lab.preset.quick": {"models": ["avg", "din"], "ns": [50], "epochs": 1},
    "lab.preset.conclusion": {"models": ["avg", "din", "sim-hard"], "ns": [10, 50, 200], "lab_k": 50,
                              "epochs": SHIPPED_RECIPE.max_epochs, "train_seed": SHIPPED_RECIPE.seed,
                              "scorer": "unit", "softmax": False, "no_time": False},
    "lab.preset.search": {"models": ["sim-hard", "sim-soft"], "lab_k": 50, "epochs": 1},
}


def lab_configs(models: list[str], ns: list[int], k: int, without_time: bool = False,
                scorer: str = "unit", softmax: bool = False) -> list[ModelConfig]:
    """One config per (model, N) for the LastN models; SIM searches the full history, so one per model,
    and with `without_time` a second one without time buckets (the Time buckets lesson compares them).

    scorer and softmax shape attention, so DIN and SIM take them; AvgPool and SDIM (whose kernel is its
    attention) keep their defaults."""
    configs = []
    for model in models:
        attention = {} if model in ("avg", "sim-sdim") else {"scorer": scorer, "softmax": softmax}
        if model.startswith("sim"):
            configs.append(ModelConfig(model, k=k, **attention))
            if without_time:
                configs.append(ModelConfig(model, k=k, time=False, **attention))
        else:
            configs += [ModelConfig(model, lastn=n, **attention) for n in sorted(set(ns))]
    return configs


_CONCLUSION = PRESETS["lab.preset.conclusion"]
# the shipped models the AUC chart draws at first: the conclusion's, and SIM without time buckets
# beside SIM (the story's "time helps"); the rest wait in its legend, a click away, or five SIM
# levels and three DIN variants crowd the story into one band
CONCLUSION_CONFIGS = frozenset(lab_configs(_CONCLUSION["models"], _CONCLUSION["ns"], _CONCLUSION["lab_k"],
                                           without_time=True))


def ordered_results(lab_results: list[Result], shipped: list[Result]) -> tuple[Result, ...]:
    """How the page lists results: the session's newest first (lab_results come in the order they
    finished), the shipped ones after them."""
    return (*reversed(lab_results), *shipped)


# --- one recipe per chart -------------------------------------------------------------------------

def recipe_text(chosen: Recipe, lang: str) -> str:
    return t("lab.recipe", lang, epochs=chosen.max_epochs, seed=chosen.seed)


def recipes(rows: Iterable[Result]) -> list[Recipe]:
    """The recipes of `rows` (newest first), each once, in the order they first appear."""
    return list(dict.fromkeys(row.recipe for row in rows))


def chart_rows(rows: Iterable[Result], chosen: Recipe | None = None) -> tuple[list[Result], int]:
    """What one chart may draw: the rows trained by `chosen` (default: the first row's recipe), the
    first row per config (rows come newest first) -> (those rows, how many rows another recipe left out)."""
    rows = list(rows)
    if not rows:
        return [], 0
    chosen = rows[0].recipe if chosen is None else chosen
    drawn: dict[ModelConfig, Result] = {}
    for row in rows:
        if row.recipe == chosen:
            drawn.setdefault(row.config, row)
    return list(drawn.values()), sum(row.recipe != chosen for row in rows)


# --- uncertainty in words -------------------------------------------------------------------------

def overlap(a: Result, b: Result) -> bool:
    """Do the two AUC intervals overlap? Then the test week cannot tell the models apart."""
    return a.has_interval and b.has_interval and a.auc_lo <= b.auc_hi and b.auc_lo <= a.auc_hi


def too_small(row: Result) -> bool:
    """Is the test set too small to judge this model? Its interval is too wide, or would be for a
    model that guesses (a model with mostly tied scores gets a narrow interval around 0.5 anyway)."""
    clicks = row.n_test_clicks
    return (not row.has_interval or row.auc_hi - row.auc_lo > TOO_WIDE
            or guess_interval_width(clicks, row.n_test - clicks) > TOO_WIDE)


def _neighbours(drawn: list[Result]) -> set[frozenset]:
    """Pairs of configs at neighbouring N on one AUC-vs-N curve."""
    by_curve: dict[tuple, list[Result]] = {}
    for row in drawn:
        if row.n is not None:
            by_curve.setdefault(_curve(row.config), []).append(row)
    pairs = set()
    for points in by_curve.values():
        points = sorted(points, key=lambda r: r.n)
        pairs |= {frozenset((a.config, b.config)) for a, b in zip(points, points[1:], strict=False)}
    return pairs


def tie_notes(rows: Iterable[Result], lang: str) -> list[str]:
    """One sentence per pair of drawn models (`chart_rows`, those the chart shows before a click on its
    legend) whose AUC intervals overlap, among the comparisons the lesson makes: AvgPool against DIN
    at one N, one model at neighbouring N, SIM against SIM, and SIM against the best LastN model."""
    # AvgPool before DIN before SIM, short N before long: the pair reads the way the lesson goes
    drawn = list(rows)
    shown = shown_configs(drawn)
    drawn = sorted((row for row in drawn if row.config in shown),
                   key=lambda r: (MODELS.index(r.model), r.n or 0))
    neighbours = _neighbours(drawn)
    lastn = [row for row in drawn if row.n is not None and row.has_interval]
    best = max(lastn, key=lambda r: r.auc).config if lastn else None

    def compared(a: Result, b: Result) -> bool:
        if a.n is not None and b.n is not None:
            return a.n == b.n or frozenset((a.config, b.config)) in neighbours
        return (a.n is None and b.n is None) or best in (a.config, b.config)

    return [t("lab.tie", lang, a=model_label(a.config, lang), b=model_label(b.config, lang))
            for a, b in combinations(drawn, 2) if compared(a, b) and overlap(a, b)]


def too_small_notes(rows: Iterable[Result], lang: str) -> list[str]:
    """One sentence per result whose test set is too small to judge it by (`too_small`)."""
    notes = []
    for row in rows:
        if too_small(row):
            clicks = row.n_test_clicks
            guess = guess_interval_width(clicks, row.n_test - clicks) / 2
            notes.append(t("lab.too_small", lang, label=model_label(row.config, lang), auc=row.auc,
                           interval=_interval_text(row.auc_lo, row.auc_hi), n=row.n_test,
                           clicks=clicks, guess=guess))
    return notes


def retrain_notes(rows: Iterable[Result], lang: str) -> list[str]:
    """One paragraph per result this session trained by a shipped model's recipe whose AUC is not the
    shipped one's to 4 decimals, saying why: another machine's arithmetic (`Result.trained_on`), or
    weights older than the code where both were computed alike, or, unrecorded, that it cannot tell."""
    rows = list(rows)
    shipped = {(row.config, row.recipe): row for row in rows if row.source == "shipped"}
    notes = []
    for row in rows:
        same_recipe = shipped.get((row.config, row.recipe)) if row.source == "lab" else None
        if same_recipe is None or f"{row.auc:.4f}" == f"{same_recipe.auc:.4f}":
            continue
        if same_recipe.trained_on is None or row.trained_on is None:
            why = "unrecorded"
        else:
            why = "stale" if same_recipe.trained_on == row.trained_on else "arithmetic"
        inside = row.has_interval and row.auc_lo <= same_recipe.auc <= row.auc_hi
        notes.append(t(f"lab.retrain.{why}", lang, label=model_label(row.config, lang), here=row.auc,
                       shipped=same_recipe.auc, gap=abs(row.auc - same_recipe.auc),
                       interval=_interval_text(row.auc_lo, row.auc_hi),
                       inside=t("lab.retrain.inside" if inside else "lab.retrain.outside", lang)))
    return notes


def _interval_text(lo: float | None, hi: float | None) -> str:
    return "–" if lo is None or hi is None else f"{lo:.3f}–{hi:.3f}"


# --- table and figures ----------------------------------------------------------------------------

def results_table(rows: Iterable[Result], lang: str) -> pd.DataFrame:
    """The results as a table with translated column names, in the order given (`ordered_results`)."""
    rows = list(rows)
    df = pd.DataFrame({
        "model": [model_label(r.config, lang) for r in rows],
        "source": [t(f"lab.source.{r.source}", lang) for r in rows],
        "max_epochs": [r.max_epochs for r in rows], "epochs": [r.epochs for r in rows],
        "seed": [r.seed for r in rows], "auc": [r.auc for r in rows],
        "auc_interval": [_interval_text(r.auc_lo, r.auc_hi) for r in rows],
        "gauc": [r.gauc for r in rows], "logloss": [r.logloss for r in rows],
        "oracle_gap": [r.oracle_gap for r in rows], "seconds": [r.train_seconds for r in rows]})
    return df.rename(columns={c: t(f"lab.col.{c}", lang) for c in df.columns})


def learning_curves_figure(results: Iterable[Result], lang: str) -> go.Figure:
    """Training loss and validation AUC per epoch, of each result's learning curve."""
    fig = make_subplots(rows=1, cols=2,
                        subplot_titles=(t("lab.curves.loss", lang), t("lab.curves.auc", lang)))
    results = [result for result in results if result.curve]
    # one family's N apart: the longest window in the family's colour, shorter ones paler
    family_ns = {model: sorted({r.n for r in results if r.model == model and r.n is not None})
                 for model in {r.model for r in results}}
    for result in results:
        cfg = result.config
        curve = pd.DataFrame(result.curve)
        name = model_label(cfg, lang)
        ns = family_ns[cfg.model]
        paler = 0.0 if result.n is None or len(ns) < 2 else 0.6 * (1 - ns.index(result.n) / (len(ns) - 1))
        line = dict(color=_paler(FAMILY_COLOURS[cfg.model], paler), dash=SCORER_DASHES[cfg.scorer])
        common = dict(mode="lines+markers", name=name, legendgroup=name, line=line)
        fig.add_trace(go.Scatter(x=curve["epoch"], y=curve["train_loss"], **common), row=1, col=1)
        fig.add_trace(go.Scatter(x=curve["epoch"], y=curve["valid_auc"], showlegend=False, **common),
                      row=1, col=2)
    fig.update_xaxes(title=t("lab.curves.epoch", lang), dtick=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.3))
    return style_figure(fig, t("lab.curves.title", lang), height=360)


def _curve(cfg: ModelConfig) -> tuple:
    """What one AUC-vs-N curve holds fixed: everything but N."""
    return cfg.model, cfg.scorer, cfg.softmax, cfg.dim, cfg.act


def _tag(cfg: ModelConfig) -> str:
    """A trace's meta: 'auc-n-din' for a lesson's default model, 'auc-n-din-dot-softmax' otherwise."""
    return f"auc-n-{cfg.model}" + "".join("-" + key.rsplit(".", 1)[1] for key in model_options(cfg))


def _paler(colour: str, share: float) -> str:
    """`colour` mixed with `share` of white."""
    if share == 0:
        return colour
    r, g, b = (round(int(colour[i:i + 2], 16) * (1 - share) + 255 * share) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def shown_configs(drawn: list[Result]) -> set[ModelConfig]:
    """The configs of `drawn` (`chart_rows`) the chart shows before a click on its legend: what the
    session trained and the conclusion's shipped models (`CONCLUSION_CONFIGS`), and a LastN curve
    whole once one of its points is shown; the other shipped models wait in the legend."""
    featured = {row.config for row in drawn
                if row.source != "shipped" or row.config in CONCLUSION_CONFIGS}
    lastn = [row.config for row in drawn if row.n is not None]
    curves = {_curve(cfg) for cfg in lastn if cfg in featured}
    return featured | {cfg for cfg in lastn if _curve(cfg) in curves}


def _visibility(shown: bool) -> bool | str:
    return True if shown else "legendonly"


def _level(fig: go.Figure, span: list[float], y: float, lo: float | None, hi: float | None, name: str,
           colour: str, dash: str, tag: str, hover: str, visible: bool | str = True) -> None:
    """A horizontal reference (SIM, the oracle) as a legend entry with its interval as a band: a
    label written on the chart would sit on top of the next level's (SIM hard and soft are 0.0005 apart)."""
    if lo is not None and hi is not None:
        fig.add_trace(go.Scatter(x=[span[0], span[1], span[1], span[0]], y=[lo, lo, hi, hi], fill="toself",
                                 mode="lines", line=dict(width=0), fillcolor=_rgba(colour, 0.15),
                                 legendgroup=tag, showlegend=False, hoverinfo="skip", meta=f"{tag}-band",
                                 visible=visible))
    fig.add_trace(go.Scatter(x=span, y=[y, y], mode="lines", name=name, legendgroup=tag, meta=tag,
                             visible=visible, line=dict(color=colour, dash=dash, width=2),
                             hovertemplate=f"{hover}<extra></extra>"))


def _curve_trace(points: list[Result], lang: str, visible: bool | str = True) -> go.Scatter:
    """One LastN model's AUC at each N, its intervals as error bars, shipped points hollow."""
    cfg = points[0].config
    shipped = t("lab.source.shipped", lang)
    hollow = [p.source == "shipped" for p in points]
    return go.Scatter(
        x=[p.n for p in points], y=[p.auc for p in points], mode="lines+markers",
        name=model_name(cfg, lang), meta=_tag(cfg), visible=visible,
        line=dict(color=FAMILY_COLOURS[cfg.model], width=3, dash=SCORER_DASHES[cfg.scorer]),
        marker=dict(size=10, symbol=["circle-open" if h else "circle" for h in hollow], line=dict(width=2)),
        error_y=dict(type="data", symmetric=False, thickness=1.5, width=6,
                     array=[None if p.auc_hi is None else p.auc_hi - p.auc for p in points],
                     arrayminus=[None if p.auc_lo is None else p.auc - p.auc_lo for p in points]),
        customdata=[[model_label(p.config, lang), _interval_text(p.auc_lo, p.auc_hi),
                     f" · {shipped}" if h else ""] for p, h in zip(points, hollow, strict=True)],
        hovertemplate="%{customdata[0]}%{customdata[2]}: AUC %{y:.4f} (95%: %{customdata[1]})<extra></extra>")


def auc_vs_n_figure(rows: Iterable[Result], lang: str, chosen: Recipe | None = None) -> go.Figure:
    """Test AUC against N for the LastN models, SIM and the oracle as levels; every AUC with its 95%
    interval (error bars, bands). Only the rows of one recipe (`chart_rows`); shipped points hollow.

    rows: results, newest first."""
    drawn, _ = chart_rows(rows, chosen)
    drawn.sort(key=lambda r: (MODELS.index(r.model), not r.config.time))  # the legend in lesson order
    shown = shown_configs(drawn)
    fig = go.Figure()
    lastn = [row for row in drawn if row.n is not None]
    ns = sorted({row.n for row in lastn})
    span = [min(ns) / 1.5, max(ns) * 1.5] if ns else [N_SPAN[0] / 1.5, N_SPAN[1] * 1.5]
    groups: dict[tuple, list[Result]] = {}
    for row in lastn:
        groups.setdefault(_curve(row.config), []).append(row)
    for points in groups.values():
        fig.add_trace(_curve_trace(sorted(points, key=lambda r: r.n), lang,
                                   _visibility(points[0].config in shown)))
    shipped = t("lab.source.shipped", lang)
    for row in drawn:
        if row.n is None:
            cfg = row.config
            name = model_label(cfg, lang) + (f" · {shipped}" if row.source == "shipped" else "")
            hover = f"{name}: AUC {row.auc:.4f} (95%: {_interval_text(row.auc_lo, row.auc_hi)})"
            tag = f"auc-n-level-{cfg.model}" + ("" if cfg.time else "-notime")
            _level(fig, span, row.auc, row.auc_lo, row.auc_hi, name, FAMILY_COLOURS[cfg.model],
                   LEVEL_DASHES[cfg.model[4:], cfg.time], tag, hover, _visibility(cfg in shown))
    oracle = next((row for row in drawn if row.oracle_auc is not None), None)
    if oracle is not None:
        name = t("lab.auc_n.oracle", lang)
        lo, hi = oracle.oracle_lo, oracle.oracle_hi
        _level(fig, span, oracle.oracle_auc, lo, hi, name, ORACLE_COLOUR, "dot", "auc-n-oracle",
               f"{name}: AUC {oracle.oracle_auc:.4f} (95%: {_interval_text(lo, hi)})")
    if any(row.source == "shipped" for row in lastn):  # what a hollow marker means
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("lab.auc_n.shipped", lang),
                                 marker=dict(symbol="circle-open", size=10, color="#666666",
                                             line=dict(width=2))))
    fig.update_xaxes(type="log", title=t("lab.auc_n.x", lang), tickvals=ns or None,
                     range=[math.log10(span[0]), math.log10(span[1])])
    fig.update_yaxes(title="AUC")
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    title = t("lab.auc_n.title", lang)
    if drawn:
        title += f"<br>{recipe_text(drawn[0].recipe, lang)}"
    return style_figure(fig, title, height=460).update_layout(margin=dict(t=70, l=60))


# --- the lesson's question --------------------------------------------------------------------------
# at N = 200, the longest window the conclusion trains: does a long enough LastN window catch up
# with a search through the whole history?
ASKED_CONFIGS = (ModelConfig("avg", lastn=200), ModelConfig("din", lastn=200), ModelConfig("sim-hard"))


def winner_question(rows: Iterable[Result]) -> Question:
    """"Which reaches the highest test AUC: AvgPool or DIN at N = 200, or SIM?", asked before anything
    trains. The answer comes from the newest row of each (the shipped models on the sample world); None
    until all three have one."""
    newest: dict[ModelConfig, float] = {}
    for row in rows:
        newest.setdefault(row.config, row.auc)
    aucs = [newest.get(cfg) for cfg in ASKED_CONFIGS]
    known = all(a is not None and math.isfinite(a) for a in aucs)
    options = tuple(cfg.model for cfg in ASKED_CONFIGS)

    def scores(lang: str) -> str:
        return " · ".join(f"{model_label(cfg, lang)} {a:.3f}"
                          for cfg, a in zip(ASKED_CONFIGS, aucs, strict=True))

    return Question(
        page="model_lab", options=options, values=tuple(aucs) if known else (),
        measure=every_language("lab.ask.measure"),
        floor=min(0.5, min(aucs) - 0.05) if known else 0.0,  # from chance: the gaps are what matter
        answer=options[max(range(len(aucs)), key=aucs.__getitem__)] if known else None,
        labels=per_language(lambda lang: tuple(model_label(cfg, lang) for cfg in ASKED_CONFIGS)),
        prompt=every_language("lab.ask"),
        why=every_language("lab.ask.why", aucs=scores) if known else every_language("lab.ask.pending"))
