"""The Model Lab's worker processes: the same training as in a thread, progress, cancel, a death."""

from __future__ import annotations

import os
import signal
import time

import pytest

from seqviz.data import Dataset
from seqviz.models import ModelConfig
from seqviz.trainings import LabJob
from seqviz.workers import TrainingPool, WorkerDied, WorldSource
from seqviz.world import generate

SOURCE = WorldSource("world 3 · 120 users", generate, (3, 120))


@pytest.fixture(scope="module")
def pool():
    workers = TrainingPool(workers=1)
    yield workers
    workers.close()


@pytest.fixture(scope="module")
def worker_dataset():
    """The world SOURCE builds in a worker, built here too: a thread's training compares with the worker's."""
    return Dataset(generate(3, users=120))


def follow(job: LabJob, timeout: float = 300) -> list[tuple[str, float]]:
    seen, give_up = [], time.monotonic() + timeout
    while job.running and time.monotonic() < give_up:
        seen.append((job.runs[0].status, job.runs[0].fraction))
        time.sleep(0.05)
    job.join(1)
    return seen


def test_a_worker_trains_what_a_thread_trains_and_reports_its_progress(pool, worker_dataset):
    configs = [ModelConfig("din", lastn=20), ModelConfig("sim-hard", time=False)]
    in_worker = LabJob(worker_dataset, configs, epochs=2, seed=4, pool=pool, source=SOURCE).start()
    seen = follow(in_worker)
    in_thread = LabJob(worker_dataset, configs, epochs=2, seed=4).start()
    in_thread.join()
    for worked, threaded in zip(in_worker.runs, in_thread.runs, strict=True):
        assert worked.status == threaded.status == "done", (worked.error, threaded.error)
        assert worked.result.auc == pytest.approx(threaded.result.auc, abs=1e-6)
        assert worked.result.curve == threaded.result.curve
    assert any(0 < fraction < 1 for status, fraction in seen if status == "training")  # progress came back
    assert "evaluating" in {status for status, _ in seen}  # and the stage: the page says "scoring"
    assert os.getpid() not in pool.worker_pids()  # it trained elsewhere


def test_a_cancel_stops_a_training_in_the_worker(pool, worker_dataset):
    job = LabJob(worker_dataset, [ModelConfig("din"), ModelConfig("avg")], epochs=5, seed=0, pool=pool,
                     source=SOURCE).start()
    while job.runs[0].fraction == 0:
        time.sleep(0.05)
    job.cancel()
    follow(job)
    assert [run.status for run in job.runs] == ["cancelled", "cancelled"]
    assert job.runs[0].fraction < 1


def test_a_worker_that_dies_fails_its_training_with_a_message_and_the_next_one_trains(pool, worker_dataset):
    job = LabJob(worker_dataset, [ModelConfig("din")], epochs=5, seed=1, pool=pool, source=SOURCE).start()
    while job.runs[0].fraction == 0:
        time.sleep(0.05)
    for pid in pool.worker_pids():
        os.kill(pid, signal.SIGKILL)  # the kernel's out-of-memory killer, say
    follow(job)
    assert job.runs[0].status == "failed" and WorkerDied.__name__ in job.runs[0].error
    again = LabJob(worker_dataset, [ModelConfig("avg", lastn=5)], epochs=1, seed=0, pool=pool,
                       source=SOURCE).start()
    follow(again)
    assert again.runs[0].status == "done"
