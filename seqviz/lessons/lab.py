"""Model Lab: a training job that runs in the background, and the charts of what it found.

The job is plain Python (a thread), so it keeps going when Streamlit reruns the page;
the page only reads its progress.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..data import Dataset
from ..metrics import evaluate
from ..models import ModelConfig, SequenceModel
from ..text import t
from ..train import Progress, train
from .common import style_figure

FAMILY_COLOURS = {"avg": "#7f7f7f", "din": "#1f5fbf", "sim-hard": "#e8772e", "sim-soft": "#2ca02c"}
SHARED_TRAININGS = 24  # finished trainings kept for other sessions to reuse (their models are kept anyway)
FOLLOW_SECONDS = 0.2  # how often a job waiting on another session's training copies its progress
# when set (a file path), every training actually run appends one JSON line there: the classroom
# load test (scripts/classroom_load.py) counts them to check that shared requests train once
TRAINING_LOG_ENV = "SEQVIZ_TRAINING_LOG"


def lab_configs(models: list[str], ns: list[int], k: int, without_time: bool = False) -> list[ModelConfig]:
    """One config per (model, N) for the LastN models; SIM searches the full history, so one per model,
    and with `without_time` a second one without time buckets (the Time buckets lesson compares them)."""
    configs = []
    for model in models:
        if model.startswith("sim"):
            configs.append(ModelConfig(model, k=k))
            if without_time:
                configs.append(ModelConfig(model, k=k, time=False))
        else:
            configs += [ModelConfig(model, lastn=n) for n in sorted(set(ns))]
    return configs


def result_row(cfg: ModelConfig, metrics: dict, epochs: int, seconds: float, source: str) -> dict:
    oracle = metrics.get("oracle_auc")
    return {"label": cfg.label(), "model": cfg.model, "source": source,
            "n": None if cfg.model.startswith("sim") else cfg.lastn,
            "k": cfg.k if cfg.model.startswith("sim") else None, "epochs": epochs,
            "auc": metrics["auc"], "gauc": metrics["gauc"], "logloss": metrics["logloss"],
            "oracle_auc": oracle, "oracle_gap": None if oracle is None else oracle - metrics["auc"],
            "train_seconds": seconds}


class Cancelled(Exception):
    pass


@dataclass
class LabRun:
    """One model of a job: its settings, where training is, and what came out."""

    config: ModelConfig
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
    """Trains `configs` one after another in a daemon thread; never touches a shared model.

    on_model(cfg, model, row) receives each finished model and its result row (test metrics), e.g.
    to store them for the lesson pages.
    trainings, world_key: share each training with other jobs on the same world (SharedTrainings)."""

    def __init__(self, dataset: Dataset, configs: list[ModelConfig], epochs: int, seed: int,
                 on_model: Callable[[ModelConfig, SequenceModel, dict], None] | None = None,
                 trainings: SharedTrainings | None = None, world_key: Hashable = None):
        self.dataset, self.epochs, self.seed, self.on_model = dataset, epochs, seed, on_model
        self.trainings, self.world_key = trainings, world_key
        self.runs = [LabRun(cfg) for cfg in configs]
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
        def progress(p: Progress) -> None:
            if self._cancel.is_set():
                raise Cancelled
            run.fraction, run.epoch, run.loss = p.fraction, p.epoch, p.loss

        run.status = "training"
        result = train(run.config, self.dataset, epochs=self.epochs, seed=self.seed, progress=progress)
        _log_training(run.config, self.epochs, self.seed, self.world_key)
        run.status = "evaluating"
        metrics = evaluate(result.model, self.dataset)
        row = result_row(run.config, metrics, result.epochs_run, result.train_seconds, "lab")
        return result.model, row, result.curve


def _log_training(cfg: ModelConfig, epochs: int, seed: int, world_key: Hashable) -> None:
    path = os.environ.get(TRAINING_LOG_ENV)
    if path:
        line = json.dumps({"config": cfg.label(), "time": cfg.time, "epochs": epochs, "seed": seed,
                           "world": str(world_key)})
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


def results_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """The results as a table with translated column names, best AUC first."""
    df = pd.DataFrame(rows)
    df = df.assign(source=[t(f"lab.source.{s}", lang) for s in df["source"]])
    df = df.sort_values("auc", ascending=False)
    columns = {"label": "model", "source": "source", "epochs": "epochs", "auc": "auc", "gauc": "gauc",
               "logloss": "logloss", "oracle_gap": "oracle_gap", "train_seconds": "seconds"}
    df = df[list(columns)].rename(columns={k: t(f"lab.col.{v}", lang) for k, v in columns.items()})
    return df.reset_index(drop=True)


def learning_curves_figure(runs: list[LabRun], lang: str) -> go.Figure:
    fig = make_subplots(rows=1, cols=2,
                        subplot_titles=(t("lab.curves.loss", lang), t("lab.curves.auc", lang)))
    for run in runs:
        if not run.curve:
            continue
        curve = pd.DataFrame(run.curve)
        colour = FAMILY_COLOURS.get(run.config.model, "#333")
        common = dict(mode="lines+markers", name=run.config.label(), legendgroup=run.config.label(),
                      line=dict(color=colour))
        fig.add_trace(go.Scatter(x=curve["epoch"], y=curve["train_loss"], **common), row=1, col=1)
        fig.add_trace(go.Scatter(x=curve["epoch"], y=curve["valid_auc"], showlegend=False, **common),
                      row=1, col=2)
    fig.update_xaxes(title=t("lab.curves.epoch", lang), dtick=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.3))
    return style_figure(fig, t("lab.curves.title", lang), height=360)


def auc_vs_n_figure(rows: list[dict], lang: str) -> go.Figure:
    """AvgPool and DIN: test AUC against N (best run per point); SIM and the oracle: horizontal lines."""
    df = pd.DataFrame(rows)
    fig = go.Figure()
    lastn = df[df["model"].isin(["avg", "din"])]
    for model, group in lastn.groupby("model"):
        best = group.groupby("n", as_index=False)["auc"].max().sort_values("n")
        fig.add_trace(go.Scatter(x=best["n"], y=best["auc"], mode="lines+markers", meta=f"auc-n-{model}",
                                 name="AvgPool" if model == "avg" else "DIN",
                                 line=dict(color=FAMILY_COLOURS[model], width=3), marker=dict(size=10)))
    for (label, model), group in df[df["model"].str.startswith("sim")].groupby(["label", "model"]):
        fig.add_hline(y=group["auc"].max(), line=dict(color=FAMILY_COLOURS.get(model, "#333"), dash="dash"),
                      annotation_text=t("lab.auc_n.sim", lang, label=label), annotation_position="top left")
    oracle = df["oracle_auc"].dropna()
    if len(oracle):
        fig.add_hline(y=oracle.max(), line=dict(color="#111", dash="dot"),
                      annotation_text=t("lab.auc_n.oracle", lang), annotation_position="bottom right")
    fig.update_xaxes(type="log", title=t("lab.auc_n.x", lang),
                     tickvals=sorted(lastn["n"].dropna().unique()) if len(lastn) else None)
    fig.update_yaxes(title="AUC")
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return style_figure(fig, t("lab.auc_n.title", lang), height=400)
