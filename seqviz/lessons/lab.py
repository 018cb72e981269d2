"""Model Lab: a training job that runs in the background, and the charts of what it found.

The job is plain Python (a thread), so it keeps going when Streamlit reruns the page;
the page only reads its progress.

Every result row says how it was trained (its recipe: the epoch cap and the training seed; train()
always keeps the epoch with the best validation AUC and stops after one worse epoch) and carries a
95% bootstrap interval around each AUC, so a chart draws one recipe only and the page can say when
two models are closer than the test week can tell apart.
"""

from __future__ import annotations

import functools
import json
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..data import Dataset
from ..metrics import auc_uncertainty, evaluate, guess_interval_width, oracle_interval
from ..models import MODELS, ModelConfig, SequenceModel
from ..sample import SAMPLE_SEED
from ..text import t
from ..train import Cancelled, Progress, train
from ..workers import TrainingPool, WorldRecipe
from .common import model_label, style_figure
from .questions import Question, every_language, per_language

# Okabe–Ito, so the families stay apart for colour-blind readers; the oracle in black
FAMILY_COLOURS = {"avg": "#E69F00", "din": "#0072B2", "sim-hard": "#D55E00", "sim-soft": "#009E73",
                  "sim-twin": "#CC79A7"}
ORACLE_COLOUR = "#000000"
SCORER_DASHES = {"unit": "solid", "dot": "dash", "cosine": "dot"}  # DIN's curves for the same N apart
# SIM's levels by (search, time buckets): hard and soft often sit within 0.001, so their dashes
# differ in length and both colours show where the lines overlap
LEVEL_DASHES = {("hard", True): "dash", ("soft", True): "longdash", ("twin", True): "dot",
                ("hard", False): "dashdot", ("soft", False): "longdashdot", ("twin", False): "solid"}
SHARED_TRAININGS = 24  # finished trainings kept for other sessions to reuse (their models are kept anyway)
FOLLOW_SECONDS = 0.2  # how often a job waiting on another session's training copies its progress
# when set (a file path), every training actually run appends one JSON line there: the classroom
# load test (scripts/classroom_load.py) counts them to check that shared requests train once
TRAINING_LOG_ENV = "SEQVIZ_TRAINING_LOG"
# how the shipped weights were trained (`python -m seqviz sample`: sample.build_sample's epochs and seed)
SHIPPED_RECIPE = (3, SAMPLE_SEED)
# an interval wider than this cannot judge a model: on the sample world AvgPool and DIN at N = 50
# are 0.08 apart, each interval about 0.015 wide
TOO_WIDE = 0.1
N_SPAN = (10, 200)  # the x range of a chart that holds no LastN model, only SIM's levels

# The lesson's conclusion is drawn by the shipped models' recipe (up to 3 epochs, seed 0), and its
# seven models ship: on the sample world AvgPool 0.647 / 0.656 / 0.697 and DIN 0.657 / 0.740 / 0.781
# at N = 10 / 50 / 200, SIM-hard 0.825, oracle 0.841; one epoch leaves DIN at N = 10 under AvgPool
# (0.633 vs 0.635).
# 80-87 s of training on 2 cores (88 s until the last model is scored).
PRESETS = {
    "lab.preset.quick": {"models": ["avg", "din"], "ns": [20], "epochs": 1},
    "lab.preset.conclusion": {"models": ["avg", "din", "sim-hard"], "ns": [10, 50, 200], "lab_k": 50,
                              "epochs": SHIPPED_RECIPE[0], "train_seed": SHIPPED_RECIPE[1],
                              "scorer": "unit", "softmax": False, "no_time": False},
    "lab.preset.search": {"models": ["sim-hard", "sim-soft"], "lab_k": 50, "epochs": 1},
}


def lab_configs(models: list[str], ns: list[int], k: int, without_time: bool = False,
                scorer: str = "unit", softmax: bool = False) -> list[ModelConfig]:
    """One config per (model, N) for the LastN models; SIM searches the full history, so one per model,
    and with `without_time` a second one without time buckets (the Time buckets lesson compares them).

    scorer and softmax shape attention, so DIN and SIM take them and AvgPool keeps its defaults."""
    configs = []
    for model in models:
        attention = {} if model == "avg" else {"scorer": scorer, "softmax": softmax}
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


def result_row(cfg: ModelConfig, metrics: dict, uncertainty: dict, oracle_uncertainty: tuple | None,
               max_epochs: int, seed: int, epochs: int, seconds: float | None, source: str) -> dict:
    """One result: test metrics (`evaluate`), the intervals of its AUC (`auc_uncertainty`) and of the
    oracle's (`oracle_interval`), and the recipe.

    Plain hashable values only, so `frozen(rows)` can key a shared figure."""
    oracle = metrics.get("oracle_auc")
    auc_lo, auc_hi = uncertainty["auc_interval"] or (None, None)
    oracle_lo, oracle_hi = oracle_uncertainty or (None, None)
    return {"config": cfg, "model": cfg.model, "source": source,
            "n": None if cfg.model.startswith("sim") else cfg.lastn,
            "k": cfg.k if cfg.model.startswith("sim") else None,
            "max_epochs": max_epochs, "seed": seed, "epochs": epochs,
            "auc": metrics["auc"], "auc_lo": auc_lo, "auc_hi": auc_hi,
            "gauc": metrics["gauc"], "logloss": metrics["logloss"],
            "oracle_auc": oracle, "oracle_lo": oracle_lo, "oracle_hi": oracle_hi,
            "oracle_gap": None if oracle is None else oracle - metrics["auc"],
            "n_test": uncertainty["n_impressions"], "n_test_clicks": uncertainty["n_clicks"],
            "train_seconds": seconds}


def shipped_row(cfg: ModelConfig, extra: dict, uncertainty: dict, oracle_uncertainty: tuple | None) -> dict:
    """The row of a shipped model, from the metrics saved beside its weights."""
    return result_row(cfg, extra["metrics"], uncertainty, oracle_uncertainty, *SHIPPED_RECIPE,
                      len(extra.get("curve", [])), extra.get("train_seconds"), "shipped")


def ordered_rows(lab_rows: list[dict], shipped_rows: list[dict]) -> list[dict]:
    """How the page lists results: the session's newest first (lab_rows come in the order they
    finished), the shipped ones after them."""
    return [*reversed(lab_rows), *shipped_rows]


def frozen(rows: Iterable[dict]) -> tuple:
    """The rows as tuples of their items: hashable, so ui.cache.shared can key a figure by them.
    The figures here take rows either way."""
    return tuple(tuple(row.items()) for row in rows)


@dataclass
class LabRun:
    """One model of a job: its settings, where training is, and what came out."""

    config: ModelConfig
    world: Hashable = None  # the world it was trained and scored on: results only compare within one
    status: str = "waiting"  # waiting, training, evaluating, done, failed, cancelled
    fraction: float = 0.0
    epoch: int = 0
    loss: float = float("nan")
    curve: list[dict] = field(default_factory=list)
    row: dict | None = None
    error: str | None = None


@dataclass
class _Training:
    """One training shared by every job that asks for it: the first job's run, then its result."""

    leader: LabRun
    done: threading.Event = field(default_factory=threading.Event)
    result: tuple[SequenceModel, dict, list[dict]] | None = None  # model, result row, learning curve


class SharedTrainings:
    """Trainings keyed by (world, config, epochs, seed), shared by all sessions of a server.

    Thirty students pressing Train for the same model cause one training: the first request trains,
    the others wait for it (following its progress) and take its result. A failed or cancelled
    training is forgotten, so the next request trains again."""

    def __init__(self, capacity: int = SHARED_TRAININGS):
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, _Training] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: Hashable, run: LabRun) -> tuple[_Training, bool]:
        """The training for `key`, and whether the caller must run it (it is the first to ask)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry, False
            entry = self._entries[key] = _Training(run)
            finished = [k for k, e in self._entries.items() if e.done.is_set()]
            for old in finished[:max(0, len(self._entries) - self.capacity)]:
                del self._entries[old]
            return entry, True

    def finish(self, key: Hashable, entry: _Training, result: tuple | None) -> None:
        with self._lock:
            entry.result = result
            if result is None and self._entries.get(key) is entry:
                del self._entries[key]
        entry.done.set()


class LabJob:
    """Trains `configs` one after another, followed by a daemon thread; never touches a shared model.

    on_model(cfg, model, row) receives each finished model and its result row (test metrics), e.g.
    to store them for the lesson pages.
    trainings, world_key: share each training with other jobs on the same world (SharedTrainings).
    pool, recipe, device: train in a worker process of `pool` (seqviz.workers), on `device`, from
    the world `recipe` builds there; without a pool, in this job's own thread."""

    def __init__(self, dataset: Dataset, configs: list[ModelConfig], epochs: int, seed: int,
                 on_model: Callable[[ModelConfig, SequenceModel, dict], None] | None = None,
                 trainings: SharedTrainings | None = None, world_key: Hashable = None,
                 pool: TrainingPool | None = None, recipe: WorldRecipe | None = None, device: str = "cpu"):
        self.dataset, self.epochs, self.seed, self.on_model = dataset, epochs, seed, on_model
        self.trainings, self.world_key = trainings, world_key
        self.pool, self.recipe, self.device = pool, recipe, device
        self.runs = [LabRun(cfg, world_key) for cfg in configs]
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._work, daemon=True, name="seqviz-lab")

    def start(self) -> LabJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _work(self) -> None:
        for run in self.runs:
            if self._cancel.is_set():
                run.status = "cancelled"
                continue
            try:
                self._train_one(run)
            except Cancelled:
                run.status = "cancelled"
            except Exception as e:  # one failing model must not lose the others' results
                run.status, run.error = "failed", f"{type(e).__name__}: {e}"

    def _train_one(self, run: LabRun) -> None:
        if self.trainings is None:
            model, row, curve = self._train(run)
        else:
            model, row, curve = self._shared_result(run)
        run.curve, run.row = curve, dict(row)
        if self.on_model is not None:
            self.on_model(run.config, model, run.row)
        run.fraction, run.status = 1.0, "done"

    def _shared_result(self, run: LabRun) -> tuple[SequenceModel, dict, list[dict]]:
        key = (self.world_key, run.config, self.epochs, self.seed)
        while True:  # until this job trains it, or another job's training of it succeeds
            entry, mine = self.trainings.claim(key, run)
            if mine:
                try:
                    result = self._train(run)
                except BaseException:
                    self.trainings.finish(key, entry, None)
                    raise
                self.trainings.finish(key, entry, result)
                return result
            run.status = "training"
            while not entry.done.wait(FOLLOW_SECONDS):
                if self._cancel.is_set():
                    raise Cancelled
                leader = entry.leader
                run.fraction, run.epoch, run.loss = leader.fraction, leader.epoch, leader.loss
            if entry.result is not None:
                return entry.result

    def _train(self, run: LabRun) -> tuple[SequenceModel, dict, list[dict]]:
        def follow(p: Progress | str) -> None:
            if p == EVALUATING:
                run.status = EVALUATING
            else:
                run.fraction, run.epoch, run.loss = p.fraction, p.epoch, p.loss

        def progress(p: Progress) -> None:  # in this thread: a cancel stops the training here
            if self._cancel.is_set():
                raise Cancelled
            follow(p)

        run.status = "training"
        job = functools.partial(train_and_score, run.config, self.epochs, self.seed, str(self.world_key))
        if self.pool is None:
            return job(self.dataset, progress)
        return self.pool.run(job, self.recipe, self.device, self.dataset.n_items, run.config,
                             on_progress=follow, cancelled=self._cancel.is_set)


EVALUATING = "evaluating"  # what train_and_score reports between training and scoring


def train_and_score(cfg: ModelConfig, epochs: int, seed: int, world: str, dataset: Dataset,
                    progress: Callable[[Progress | str], None]) -> tuple[SequenceModel, dict, list[dict]]:
    """One Lab training and its test row (AUC with its interval): in a job's thread or a worker's.
    `progress` sees the training's Progress, then EVALUATING while the test week is scored."""
    result = train(cfg, dataset, epochs=epochs, seed=seed, progress=progress)
    _log_training(cfg, epochs, seed, world, result.train_seconds)
    progress(EVALUATING)
    metrics = evaluate(result.model, dataset)
    row = result_row(cfg, metrics, auc_uncertainty(result.model, dataset), oracle_interval(dataset), epochs,
                     seed, result.epochs_run, result.train_seconds, "lab")
    return result.model, row, result.curve


def _log_training(cfg: ModelConfig, epochs: int, seed: int, world_key: str, seconds: float) -> None:
    """One line per training, ending now after `seconds` (scripts/classroom_load.py reads them)."""
    path = os.environ.get(TRAINING_LOG_ENV)
    if path:
        now = time.time()
        line = json.dumps({"config": cfg.label(), "time": cfg.time, "epochs": epochs, "seed": seed,
                           "world": world_key, "started": now - seconds, "finished": now})
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


# --- one recipe per chart -------------------------------------------------------------------------

def recipe(row: dict) -> tuple[int, int]:
    """How a result was trained: (epoch cap, training seed); early stopping is the same for all."""
    return row["max_epochs"], row["seed"]


def recipe_text(chosen: tuple[int, int], lang: str) -> str:
    return t("lab.recipe", lang, epochs=chosen[0], seed=chosen[1])


def recipes(rows: Iterable) -> list[tuple[int, int]]:
    """The recipes of `rows` (newest first), each once, in the order they first appear."""
    return list(dict.fromkeys(recipe(dict(row)) for row in rows))


def chart_rows(rows: Iterable, chosen: tuple[int, int] | None = None) -> tuple[list[dict], int]:
    """What one chart may draw: the rows trained by `chosen` (default: the first row's recipe), the
    first row per config (rows come newest first) -> (those rows, how many rows another recipe left out)."""
    rows = [dict(row) for row in rows]
    if not rows:
        return [], 0
    chosen = recipe(rows[0]) if chosen is None else chosen
    drawn: dict[ModelConfig, dict] = {}
    for row in rows:
        if recipe(row) == chosen:
            drawn.setdefault(row["config"], row)
    return list(drawn.values()), sum(recipe(row) != chosen for row in rows)


# --- uncertainty in words -------------------------------------------------------------------------

def has_interval(row: dict) -> bool:
    return row["auc_lo"] is not None and row["auc_hi"] is not None


def overlap(a: dict, b: dict) -> bool:
    """Do the two AUC intervals overlap? Then the test week cannot tell the models apart."""
    return has_interval(a) and has_interval(b) and a["auc_lo"] <= b["auc_hi"] and b["auc_lo"] <= a["auc_hi"]


def too_small(row: dict) -> bool:
    """Is the test set too small to judge this model? Its interval is too wide, or would be for a
    model that guesses (a model with mostly tied scores gets a narrow interval around 0.5 anyway)."""
    clicks = row["n_test_clicks"]
    return (not has_interval(row) or row["auc_hi"] - row["auc_lo"] > TOO_WIDE
            or guess_interval_width(clicks, row["n_test"] - clicks) > TOO_WIDE)


def _neighbours(drawn: list[dict]) -> set[frozenset]:
    """Pairs of configs at neighbouring N on one AUC-vs-N curve."""
    by_curve: dict[tuple, list[dict]] = {}
    for row in drawn:
        if row["n"] is not None:
            by_curve.setdefault(_curve(row["config"]), []).append(row)
    pairs = set()
    for points in by_curve.values():
        points = sorted(points, key=lambda r: r["n"])
        pairs |= {frozenset((a["config"], b["config"])) for a, b in zip(points, points[1:], strict=False)}
    return pairs


def tie_notes(rows: Iterable, lang: str) -> list[str]:
    """One sentence per pair of drawn models (`chart_rows`, those the chart shows before a click on its
    legend) whose AUC intervals overlap, among the comparisons the lesson makes: AvgPool against DIN
    at one N, one model at neighbouring N, SIM against SIM, and SIM against the best LastN model."""
    # AvgPool before DIN before SIM, short N before long: the pair reads the way the lesson goes
    drawn = [dict(row) for row in rows]
    shown = shown_configs(drawn)
    drawn = sorted((row for row in drawn if row["config"] in shown),
                   key=lambda r: (MODELS.index(r["model"]), r["n"] or 0))
    neighbours = _neighbours(drawn)
    lastn = [row for row in drawn if row["n"] is not None and has_interval(row)]
    best = max(lastn, key=lambda r: r["auc"])["config"] if lastn else None

    def compared(a: dict, b: dict) -> bool:
        if a["n"] is not None and b["n"] is not None:
            return a["n"] == b["n"] or frozenset((a["config"], b["config"])) in neighbours
        return (a["n"] is None and b["n"] is None) or best in (a["config"], b["config"])

    return [t("lab.tie", lang, a=model_label(a["config"], lang), b=model_label(b["config"], lang))
            for a, b in combinations(drawn, 2) if compared(a, b) and overlap(a, b)]


def too_small_notes(rows: Iterable, lang: str) -> list[str]:
    """One sentence per result whose test set is too small to judge it by (`too_small`)."""
    notes = []
    for row in map(dict, rows):
        if too_small(row):
            clicks = row["n_test_clicks"]
            guess = guess_interval_width(clicks, row["n_test"] - clicks) / 2
            notes.append(t("lab.too_small", lang, label=model_label(row["config"], lang), auc=row["auc"],
                           interval=_interval_text(row["auc_lo"], row["auc_hi"]), n=row["n_test"],
                           clicks=clicks, guess=guess))
    return notes


def _interval_text(lo: float | None, hi: float | None) -> str:
    return "–" if lo is None or hi is None else f"{lo:.3f}–{hi:.3f}"


# --- table and figures ----------------------------------------------------------------------------

def results_table(rows: Iterable, lang: str) -> pd.DataFrame:
    """The results as a table with translated column names, in the order given (`ordered_rows`)."""
    rows = [dict(row) for row in rows]
    df = pd.DataFrame({
        "model": [model_label(r["config"], lang) for r in rows],
        "source": [t(f"lab.source.{r['source']}", lang) for r in rows],
        "max_epochs": [r["max_epochs"] for r in rows], "epochs": [r["epochs"] for r in rows],
        "seed": [r["seed"] for r in rows], "auc": [r["auc"] for r in rows],
        "auc_interval": [_interval_text(r["auc_lo"], r["auc_hi"]) for r in rows],
        "gauc": [r["gauc"] for r in rows], "logloss": [r["logloss"] for r in rows],
        "oracle_gap": [r["oracle_gap"] for r in rows], "seconds": [r["train_seconds"] for r in rows]})
    return df.rename(columns={c: t(f"lab.col.{c}", lang) for c in df.columns})


def curves(runs: Iterable[LabRun]) -> tuple:
    """Each run's config and learning curve, hashable (for ui.cache.shared)."""
    return tuple((run.config, tuple(tuple(point.items()) for point in run.curve)) for run in runs)


def learning_curves_figure(runs: Iterable, lang: str) -> go.Figure:
    """Training loss and validation AUC per epoch; runs as LabRuns or as `curves(runs)`."""
    fig = make_subplots(rows=1, cols=2,
                        subplot_titles=(t("lab.curves.loss", lang), t("lab.curves.auc", lang)))
    for run in runs:
        cfg, points = (run.config, run.curve) if isinstance(run, LabRun) else run
        if not points:
            continue
        curve = pd.DataFrame([dict(point) for point in points])
        name = model_label(cfg, lang)
        common = dict(mode="lines+markers", name=name, legendgroup=name,
                      line=dict(color=FAMILY_COLOURS[cfg.model], dash=SCORER_DASHES[cfg.scorer]))
        fig.add_trace(go.Scatter(x=curve["epoch"], y=curve["train_loss"], **common), row=1, col=1)
        fig.add_trace(go.Scatter(x=curve["epoch"], y=curve["valid_auc"], showlegend=False, **common),
                      row=1, col=2)
    fig.update_xaxes(title=t("lab.curves.epoch", lang), dtick=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.3))
    return style_figure(fig, t("lab.curves.title", lang), height=360)


def _curve(cfg: ModelConfig) -> tuple:
    """What one AUC-vs-N curve holds fixed: everything but N."""
    return cfg.model, cfg.scorer, cfg.softmax, cfg.dim, cfg.act


def _curve_name(cfg: ModelConfig, lang: str) -> str:
    """A LastN model across every N: model_label's name and options, without the N."""
    parts = [t(f"models.{cfg.model}", lang)]
    if cfg.model != "avg" and cfg.scorer != "unit":
        parts.append(t(f"models.scorer.{cfg.scorer}", lang))
    if cfg.softmax:
        parts.append(t("models.softmax", lang))
    return t("models.label.sep", lang).join(parts)


def _tag(cfg: ModelConfig) -> str:
    """A trace's meta: 'auc-n-din' for a lesson's default model, options appended otherwise."""
    tag = f"auc-n-{cfg.model}"
    if cfg.model != "avg" and cfg.scorer != "unit":
        tag += f"-{cfg.scorer}"
    return tag + ("-softmax" if cfg.softmax else "")


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def shown_configs(drawn: list[dict]) -> set[ModelConfig]:
    """The configs of `drawn` (`chart_rows`) the chart shows before a click on its legend: what the
    session trained and the conclusion's shipped models (`CONCLUSION_CONFIGS`), and a LastN curve
    whole once one of its points is shown; the other shipped models wait in the legend."""
    featured = {row["config"] for row in drawn
                if row["source"] != "shipped" or row["config"] in CONCLUSION_CONFIGS}
    lastn = [row["config"] for row in drawn if row["n"] is not None]
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


def _curve_trace(points: list[dict], lang: str, visible: bool | str = True) -> go.Scatter:
    """One LastN model's AUC at each N, its intervals as error bars, shipped points hollow."""
    cfg = points[0]["config"]
    shipped = t("lab.source.shipped", lang)
    hollow = [p["source"] == "shipped" for p in points]
    return go.Scatter(
        x=[p["n"] for p in points], y=[p["auc"] for p in points], mode="lines+markers",
        name=_curve_name(cfg, lang), meta=_tag(cfg), visible=visible,
        line=dict(color=FAMILY_COLOURS[cfg.model], width=3, dash=SCORER_DASHES[cfg.scorer]),
        marker=dict(size=10, symbol=["circle-open" if h else "circle" for h in hollow], line=dict(width=2)),
        error_y=dict(type="data", symmetric=False, thickness=1.5, width=6,
                     array=[None if p["auc_hi"] is None else p["auc_hi"] - p["auc"] for p in points],
                     arrayminus=[None if p["auc_lo"] is None else p["auc"] - p["auc_lo"] for p in points]),
        customdata=[[model_label(p["config"], lang), _interval_text(p["auc_lo"], p["auc_hi"]),
                     f" · {shipped}" if h else ""] for p, h in zip(points, hollow, strict=True)],
        hovertemplate="%{customdata[0]}%{customdata[2]}: AUC %{y:.4f} (95%: %{customdata[1]})<extra></extra>")


def auc_vs_n_figure(rows: Iterable, lang: str, chosen: tuple[int, int] | None = None) -> go.Figure:
    """Test AUC against N for the LastN models, SIM and the oracle as levels; every AUC with its 95%
    interval (error bars, bands). Only the rows of one recipe (`chart_rows`); shipped points hollow.

    rows: result rows newest first, as dicts or `frozen(rows)`."""
    drawn, _ = chart_rows(rows, chosen)
    drawn.sort(key=lambda r: (MODELS.index(r["model"]), not r["config"].time))  # the legend in lesson order
    shown = shown_configs(drawn)
    fig = go.Figure()
    lastn = [row for row in drawn if row["n"] is not None]
    ns = sorted({row["n"] for row in lastn})
    span = [min(ns) / 1.5, max(ns) * 1.5] if ns else [N_SPAN[0] / 1.5, N_SPAN[1] * 1.5]
    groups: dict[tuple, list[dict]] = {}
    for row in lastn:
        groups.setdefault(_curve(row["config"]), []).append(row)
    for points in groups.values():
        fig.add_trace(_curve_trace(sorted(points, key=lambda r: r["n"]), lang,
                                   _visibility(points[0]["config"] in shown)))
    shipped = t("lab.source.shipped", lang)
    for row in drawn:
        if row["n"] is None:
            cfg = row["config"]
            name = model_label(cfg, lang) + (f" · {shipped}" if row["source"] == "shipped" else "")
            hover = f"{name}: AUC {row['auc']:.4f} (95%: {_interval_text(row['auc_lo'], row['auc_hi'])})"
            tag = f"auc-n-level-{cfg.model}" + ("" if cfg.time else "-notime")
            _level(fig, span, row["auc"], row["auc_lo"], row["auc_hi"], name, FAMILY_COLOURS[cfg.model],
                   LEVEL_DASHES[cfg.model[4:], cfg.time], tag, hover, _visibility(cfg in shown))
    oracle = next((row for row in drawn if row["oracle_auc"] is not None), None)
    if oracle is not None:
        name = t("lab.auc_n.oracle", lang)
        lo, hi = oracle["oracle_lo"], oracle["oracle_hi"]
        _level(fig, span, oracle["oracle_auc"], lo, hi, name, ORACLE_COLOUR, "dot", "auc-n-oracle",
               f"{name}: AUC {oracle['oracle_auc']:.4f} (95%: {_interval_text(lo, hi)})")
    if any(row["source"] == "shipped" for row in lastn):  # what a hollow marker means
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("lab.auc_n.shipped", lang),
                                 marker=dict(symbol="circle-open", size=10, color="#666666",
                                             line=dict(width=2))))
    fig.update_xaxes(type="log", title=t("lab.auc_n.x", lang), tickvals=ns or None,
                     range=[math.log10(span[0]), math.log10(span[1])])
    fig.update_yaxes(title="AUC")
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    title = t("lab.auc_n.title", lang)
    if drawn:
        title += f"<br><sup>{recipe_text(recipe(drawn[0]), lang)}</sup>"
    return style_figure(fig, title, height=460).update_layout(margin=dict(t=70, l=60))


# --- the lesson's question --------------------------------------------------------------------------
# at N = 200, the longest window the conclusion trains: does a long enough LastN window catch up
# with a search through the whole history?
ASKED_CONFIGS = (ModelConfig("avg", lastn=200), ModelConfig("din", lastn=200), ModelConfig("sim-hard"))


def winner_question(rows: Iterable) -> Question:
    """"Which reaches the highest test AUC: AvgPool or DIN at N = 200, or SIM?", asked before anything
    trains. The answer comes from the newest row of each (the shipped models on the sample world); None
    until all three have one."""
    newest: dict[ModelConfig, float] = {}
    for row in map(dict, rows):
        newest.setdefault(row["config"], row["auc"])
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
