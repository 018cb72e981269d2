"""Trainings in worker processes, so that the Model Lab does not share the server's one GIL.

A thread of the Streamlit server that trains holds the interpreter for most of each step, and every
student's rerun waits behind it. Here a small pool of processes trains instead, one torch thread
each, started with `spawn`, which CUDA needs: as many trainings at once as there are cores while
nobody else uses the server (a teacher preparing alone, the bench), cores - 1 while others do, so
that their reruns keep a core (a training already running is not stopped when a student arrives). A
job sends where the world comes from (a WorldSource, not its tensors), the worker builds the dataset
on the asked device (keeping the last few), trains, evaluates, and sends back the weights as a CPU
state dict with the job's result. Progress comes back through a queue, a cancel goes the other way through an
event; a worker that dies (out of memory, killed) fails its training with a clear message and the
pool is rebuilt for the next one.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.managers import SyncManager

import torch

from .data import Dataset
from .lifetime import exit_with
from .models import ModelConfig, build_model
from .train import Cancelled, Progress
from .world import World

CORES = os.cpu_count() or 2
UPDATE_SECONDS = 0.25  # how often a waiting job looks at its queue (and at its cancel)
KEPT_DATASETS = 2  # per worker: the world a class trains on, and one more


class WorkerDied(RuntimeError):
    """The process training a model stopped without an answer."""


@dataclass(frozen=True)
class WorldSource:
    """How a worker gets the world: `build(*args)` (a module-level function, so it pickles by name,
    e.g. load_sample_world or generate), known as `key` (its datasets are kept under it)."""

    key: Hashable
    build: Callable[..., World]
    args: tuple = ()


def _given(world: World) -> World:
    return world


def sent_whole(key: Hashable, world: World) -> WorldSource:
    """The source of a world that cannot be rebuilt in the worker (an imported log): the world itself."""
    return WorldSource(key, _given, (world,))


_datasets: OrderedDict[tuple, Dataset] = OrderedDict()  # in each worker process


def _start_worker(parent: int) -> None:
    from .device import configure_threads

    exit_with(parent)
    configure_threads()


def _dataset(source: WorldSource, device: str) -> Dataset:
    key = (source.key, device)
    if key not in _datasets:
        _datasets[key] = Dataset(source.build(*source.args), torch.device(device))
        while len(_datasets) > KEPT_DATASETS:
            _datasets.popitem(last=False)
    _datasets.move_to_end(key)
    return _datasets[key]


def _train_job(job: Callable, source: WorldSource, device: str, updates, stop) -> tuple:
    """In the worker: job(dataset, progress) -> (model, *rest); the model goes back as CPU weights.
    What the job hands `progress` reaches the waiting side's on_progress."""
    dataset = _dataset(source, device)
    sent = [0.0]

    def progress(update) -> None:
        # a step's Progress at most twice per UPDATE_SECONDS (and each epoch's last); anything else
        # the job reports (a change of stage) at once. The stop flag is asked as often: it lives in
        # the manager's process, and a question every step (70 us) cost a small model 4 % of its step
        if (not isinstance(update, Progress) or update.step == update.steps
                or time.monotonic() - sent[0] >= UPDATE_SECONDS / 2):
            if stop.is_set():
                raise Cancelled
            updates.put(update)
            sent[0] = time.monotonic()

    model, *rest = job(dataset, progress)
    return ({name: value.detach().cpu() for name, value in model.state_dict().items()}, *rest)


class TrainingPool:
    """The worker processes, started on first use; safe to call from many threads at once.

    workers: processes at most, and trainings at once while `others()` is false; while it is true
    (others use the server now), one fewer."""

    def __init__(self, workers: int = CORES, others: Callable[[], bool] = lambda: False):
        self.workers, self.others = workers, others
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._slots = threading.Condition()
        self._training = 0  # trainings holding a slot
        self._pool: ProcessPoolExecutor | None = None
        self._manager = None

    def _executor(self) -> tuple[ProcessPoolExecutor, object]:
        with self._lock:
            if self._manager is None:
                self._manager = SyncManager(ctx=self._context)
                self._manager.start(exit_with, (os.getpid(),))
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=self._context,
                                                 initializer=_start_worker, initargs=(os.getpid(),))
            return self._pool, self._manager

    def _forget(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        pool = self._pool
        return list(pool._processes) if pool is not None and pool._processes else []

    def slots(self) -> int:
        """How many trainings may run at once now."""
        return max(1, self.workers - 1) if self.others() else self.workers

    def _take_slot(self, cancelled: Callable[[], bool]) -> None:
        with self._slots:
            while self._training >= self.slots():
                if cancelled():
                    raise Cancelled
                self._slots.wait(UPDATE_SECONDS)  # others() may change without anyone notifying
            self._training += 1

    def _give_slot(self) -> None:
        with self._slots:
            self._training -= 1
            self._slots.notify()

    def run(self, job: Callable, source: WorldSource, device: str, n_items: int, cfg: ModelConfig,
            on_progress: Callable[[Progress], None], cancelled: Callable[[], bool],
            on_start: Callable[[], None] = lambda: None) -> tuple:
        """job(dataset, progress) -> (model, *rest), in a worker; -> (the model rebuilt here on the
        CPU, *rest). on_start() once a slot is free and the job goes to a worker; on_progress sees the
        worker's progress; cancelled() is asked while it waits and while it trains."""
        self._take_slot(cancelled)
        try:
            on_start()
            return self._run(job, source, device, n_items, cfg, on_progress, cancelled)
        finally:
            self._give_slot()

    def _run(self, job, source, device, n_items, cfg, on_progress, cancelled) -> tuple:
        pool, manager = self._executor()
        updates, stop = manager.Queue(), manager.Event()
        try:
            future = pool.submit(_train_job, job, source, device, updates, stop)
        except BrokenProcessPool:  # broken by an earlier death this pool has not heard of yet
            self._forget(pool)
            pool, manager = self._executor()
            future = pool.submit(_train_job, job, source, device, updates, stop)
        while not future.done():
            if cancelled():
                stop.set()
            try:
                on_progress(updates.get(timeout=UPDATE_SECONDS))
            except queue.Empty:
                pass
        try:
            state, *rest = future.result()
        except BrokenProcessPool:
            self._forget(pool)
            raise WorkerDied("the process training this model stopped without an answer (out of memory, "
                             "or killed); the app is fine: press Train again") from None
        model = build_model(cfg, n_items)
        model.load_state_dict(state)
        return (model.eval(), *rest)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
            if self._manager is not None:
                self._manager.shutdown()
                self._manager = None

