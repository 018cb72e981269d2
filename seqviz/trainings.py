"""The Model Lab's trainings: jobs that train models in the background, shared by every session.

A job is plain Python (a thread), so it keeps going when Streamlit reruns the page; the page only
reads its progress. Each model trains in a worker process (seqviz.workers) or in the job's thread,
and comes back as a `Result` (seqviz.results): its test metrics, their intervals and its recipe.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from .data import Dataset
from .metrics import auc_uncertainty, oracle_interval, predict_proba, prediction_metrics
from .models import ModelConfig, SequenceModel
from .numerics import fingerprint
from .results import Recipe, Result, learning_curve
from .train import Cancelled, Progress, train
from .workers import TrainingPool, WorldSource

SHARED_TRAININGS = 24  # finished trainings kept for other sessions to reuse (their models are kept anyway)
FOLLOW_SECONDS = 0.2  # how often a job waiting on another session's training copies its progress
# when set (a file path), every training actually run appends one JSON line there: the classroom
# load test (scripts/classroom_load.py) counts them to check that shared requests train once
TRAINING_LOG_ENV = "SEQVIZ_TRAINING_LOG"


@dataclass
class LabRun:
    """One model of a job: its settings, where training is, and what came out."""

    config: ModelConfig
    world: Hashable = None  # the world it was trained and scored on: results only compare within one
    status: str = "waiting"  # waiting, training, evaluating, done, failed, cancelled
    fraction: float = 0.0
    epoch: int = 0
    loss: float = float("nan")
    result: Result | None = None
    error: str | None = None
    # what the user waited, from its start to its score (a worker's start and the world's transfer
    # included), where the result's train_seconds counts the training loop only
    seconds: float = 0.0


@dataclass
class _Training:
    """One training shared by every job that asks for it: the first job's run, then its result."""

    leader: LabRun
    done: threading.Event = field(default_factory=threading.Event)
    result: tuple[SequenceModel, Result] | None = None


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


# what every impression costs any model, in events an attention unit scores (the head, the embedding
# lookups and their gradients, Adam): on the sample world AvgPool, whose cost hardly grows with N (it
# pools a weighted item histogram), trains in what DIN's unit takes for 13 to 23 events of its window
BASE_COST = 50


def training_cost(cfg: ModelConfig) -> int:
    """What one impression costs a model to train, roughly, in events scored: a base cost, and four times
    each event an attention unit scores (its [h, t, h - t, h * t]). Measured on the sample world, 3 epochs
    on one core: AvgPool 2.5 / 3.3 / 4.3 s at N = 10 / 50 / 200, DIN 6.9 / 13.4 / 42.8 s, SIM-hard at
    K = 50 17.8 s."""
    if cfg.model == "avg":
        return BASE_COST
    return BASE_COST + 4 * (cfg.lastn if cfg.model == "din" else cfg.k)


def training_order(runs: list[LabRun]) -> list[LabRun]:
    """The cheapest model first, so that a first result comes soon; then the costliest first, so that
    trainings side by side end close together (the longest, started last, would end alone)."""
    by_cost = sorted(runs, key=lambda run: training_cost(run.config))  # stable: ties keep their order
    return by_cost[:1] + by_cost[:0:-1]


class LabJob:
    """Trains `configs`, side by side as far as the pool allows (else one after another in this
    job's thread), followed by a daemon thread; never touches a shared model.

    on_model(cfg, model, result) receives each finished model and its Result (test metrics), e.g.
    to store them for the lesson pages.
    trainings, world_key: share each training with other jobs on the same world (SharedTrainings).
    pool, source, device: train in a worker process of `pool` (seqviz.workers), on `device`, on
    the world `source` builds there; without a pool, in this job's own thread."""

    def __init__(self, dataset: Dataset, configs: list[ModelConfig], epochs: int, seed: int,
                 on_model: Callable[[ModelConfig, SequenceModel, Result], None] | None = None,
                 trainings: SharedTrainings | None = None, world_key: Hashable = None,
                 pool: TrainingPool | None = None, source: WorldSource | None = None, device: str = "cpu"):
        self.dataset, self.epochs, self.seed, self.on_model = dataset, epochs, seed, on_model
        self.trainings, self.world_key = trainings, world_key
        self.pool, self.source, self.device = pool, source, device
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
        todo = deque(training_order(self.runs))
        lanes = [threading.Thread(target=self._lane, args=(todo,), daemon=True, name="seqviz-lab-lane")
                 for _ in range(min(self.pool.workers if self.pool is not None else 1, len(todo)))]
        for lane in lanes:
            lane.start()
        for lane in lanes:
            lane.join()

    def _lane(self, todo: deque[LabRun]) -> None:
        while todo:
            try:
                run = todo.popleft()
            except IndexError:  # another lane took the last one
                return
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
        started = time.perf_counter()
        if self.trainings is None:
            model, run.result = self._train(run)
        else:
            model, run.result = self._shared_result(run)
        if self.on_model is not None:
            self.on_model(run.config, model, run.result)
        run.fraction, run.status, run.seconds = 1.0, "done", time.perf_counter() - started

    def _shared_result(self, run: LabRun) -> tuple[SequenceModel, Result]:
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

    def _train(self, run: LabRun) -> tuple[SequenceModel, Result]:
        def follow(p: Progress | str) -> None:
            if p == EVALUATING:
                run.status = EVALUATING
            else:
                run.fraction, run.epoch, run.loss = p.fraction, p.epoch, p.loss

        def progress(p: Progress) -> None:  # in this thread: a cancel stops the training here
            if self._cancel.is_set():
                raise Cancelled
            follow(p)

        def started() -> None:
            run.status = "training"

        job = functools.partial(train_and_score, run.config, self.epochs, self.seed, str(self.world_key))
        if self.pool is None:
            started()
            return job(self.dataset, progress)
        return self.pool.run(job, self.source, self.device, self.dataset.n_items, run.config,
                             on_progress=follow, cancelled=self._cancel.is_set, on_start=started)


EVALUATING = "evaluating"  # what train_and_score reports between training and scoring


def train_and_score(cfg: ModelConfig, epochs: int, seed: int, world: str, dataset: Dataset,
                    progress: Callable[[Progress | str], None]) -> tuple[SequenceModel, Result]:
    """One Lab training and its test result (AUC with its interval): in a job's thread or a worker's.
    `progress` sees the training's Progress, then EVALUATING while the test week is scored."""
    trained = train(cfg, dataset, epochs=epochs, seed=seed, progress=progress)
    _log_training(cfg, epochs, seed, world, trained.train_seconds)
    progress(EVALUATING)
    probs = predict_proba(trained.model, dataset, dataset["test"])  # scored once for both
    result = Result.scored(cfg, prediction_metrics(trained.model, dataset, probs=probs),
                           auc_uncertainty(trained.model, dataset, probs=probs),
                           oracle_interval(dataset), Recipe(epochs, seed), trained.epochs_run,
                           trained.train_seconds, "lab", learning_curve(trained.curve),
                           fingerprint(dataset.device))
    return trained.model, result


def _log_training(cfg: ModelConfig, epochs: int, seed: int, world_key: str, seconds: float) -> None:
    """One line per training, ending now after `seconds` (scripts/classroom_load.py reads them)."""
    path = os.environ.get(TRAINING_LOG_ENV)
    if path:
        now = time.time()
        line = json.dumps({"config": cfg.label(), "time": cfg.time, "epochs": epochs, "seed": seed,
                           "world": world_key, "started": now - seconds, "finished": now})
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")
