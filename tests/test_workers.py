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
    # the cheaper first (training_order): DIN at N = 50 is slow enough for the cancel to land mid-training
    job = LabJob(worker_dataset, [ModelConfig("din"), ModelConfig("din", lastn=100)], epochs=5, seed=0,
                 pool=pool, source=SOURCE).start()
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


def most_training_at_once(job: LabJob, timeout: float = 300) -> int:
    most, give_up = 0, time.monotonic() + timeout
    while job.running and time.monotonic() < give_up:
        most = max(most, sum(run.status == "training" and 0 < run.fraction < 1 for run in job.runs))
        time.sleep(0.02)
    job.join(1)
    return most


@pytest.mark.parametrize("others", [False, True])
def test_trainings_take_every_core_only_while_nobody_else_uses_the_server(worker_dataset, others):
    """A teacher preparing alone gets both cores of a 2-core machine; with a class on the server, a
    second training waits ("waiting") so that the students' reruns keep a core."""
    two = TrainingPool(workers=2, others=lambda: others)
    try:
        assert two.slots() == (1 if others else 2)
        configs = [ModelConfig("din", lastn=40), ModelConfig("din", lastn=50)]
        job = LabJob(worker_dataset, configs, epochs=3, seed=0, pool=two, source=SOURCE).start()
        assert most_training_at_once(job) == (1 if others else 2)
        assert [run.status for run in job.runs] == ["done", "done"]
    finally:
        two.close()


SERVER = """
import sys
from seqviz.data import Dataset
from seqviz.models import ModelConfig
from seqviz.trainings import LabJob
from seqviz.workers import TrainingPool, WorldSource
from seqviz.world import generate
pool = TrainingPool(workers=1)
job = LabJob(Dataset(generate(3, users=60)), [ModelConfig("avg", lastn=5)], epochs=1, seed=0, pool=pool,
             source=WorldSource("w", generate, (3, 60))).start()
job.join(300)
assert job.runs[0].status == "done", job.runs[0].error
print(*pool.worker_pids(), pool._manager._process.pid, flush=True)
sys.stdin.read()  # a server, until it is killed
"""


def test_a_killed_server_leaves_no_worker_behind():
    """A teacher who stops the server (Ctrl-C, or a kill) and starts it again must not leave the old
    workers, each holding its datasets, running for good."""
    import subprocess
    import sys

    server = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    children = [int(pid) for pid in server.stdout.readline().split()]
    assert len(children) == 2, children  # one worker and the manager
    server.kill()
    server.wait()
    give_up = time.monotonic() + 120
    while any(_alive(pid) for pid in children) and time.monotonic() < give_up:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # an exited child not yet reaped by init is a zombie
        return stat.read().split(") ")[-1][0] != "Z"
