"""The session's Model Lab job: start it, follow it, keep what it found (seqviz.trainings trains).

A job outlives the reruns of the page that started it; its finished runs move into the session,
where they outlive the job and the page. Results only compare within one world (one test week).
"""

from __future__ import annotations

import streamlit as st

from seqviz.data import Dataset
from seqviz.lessons import home, timebuckets
from seqviz.lessons.common import model_label
from seqviz.metrics import auc_uncertainty, oracle_interval
from seqviz.models import ModelConfig, SequenceModel
from seqviz.results import SHIPPED_RECIPE, Result
from seqviz.sample import SAMPLE_CONFIGS
from seqviz.trainings import LabJob, LabRun

from .cache import WorldSpec, lab_models, lab_trainings, lesson_model, shared, training_pool, world_source
from .frame import Frame

JOB = "lab.job"  # session state: the running job
RUNS = "lab.runs"  # the finished runs that have a result, oldest first
FINISHED = "lab.finished"  # (runs, epoch cap) of the last finished job: its progress bars stay
PROGRESS_SECONDS = 1.0  # a training's progress bars poll this often, and a whole class polls at once
# the models the lesson pages open with (Home's question asks about the first three): on a world that
# has no shipped weights they train on their own after an import, or at one click on the page
LESSON_CONFIGS = (*home.ASKED_MODELS, *timebuckets.TIME_BUCKETS_CONFIGS)


def running() -> LabJob | None:
    return st.session_state.get(JOB)


def collect_finished() -> None:
    """Move the runs of a finished job into the session's results."""
    job = running()
    if job is not None and not job.running:
        st.session_state.setdefault(RUNS, []).extend(run for run in job.runs if run.result is not None)
        st.session_state[FINISHED] = (job.runs, job.epochs)
        del st.session_state[JOB]


def start(frame: Frame, dataset: Dataset, configs: list[ModelConfig], epochs: int, seed: int) -> None:
    """Train `configs` in a worker process, on the device the sidebar names (the server's own core
    stays for the class); each finished model goes where the lesson pages look for it."""
    if running() is not None:
        return
    spec, store = frame.world, lab_models()

    def keep(cfg: ModelConfig, model: SequenceModel, result: Result) -> None:
        store.put((spec, cfg), (model, {"metrics": result.metrics}))

    st.session_state[JOB] = LabJob(dataset, configs, epochs, seed, on_model=keep, trainings=lab_trainings(),
                                   world_key=spec, pool=training_pool(), source=world_source(spec),
                                   device=frame.device).start()


def train_for_lessons(frame: Frame, configs: tuple[ModelConfig, ...] = LESSON_CONFIGS) -> None:
    """Train those of `configs` the current world lacks, by the shipped models' recipe, so a lesson page
    shows the same models the Lab's conclusion would train (one training each, shared with the Lab)."""
    job = running()
    if job is not None and job.world_key != frame.world:  # an earlier import's, say: this world replaces it
        job.cancel()
        del st.session_state[JOB]
    collect_finished()
    missing = [cfg for cfg in configs if lesson_model(frame.world, cfg).model is None]
    if missing:
        start(frame, frame.dataset(), missing, SHIPPED_RECIPE.max_epochs, SHIPPED_RECIPE.seed)


def training(configs: tuple[ModelConfig, ...]) -> list[LabRun]:
    """The running job's runs of `configs` (none when no job of this session trains them)."""
    job = running()
    return [run for run in job.runs if run.config in configs] if job is not None and job.running else []


def progress() -> tuple[list[LabRun], int]:
    """(runs, epoch cap) of the running job, or else of the last finished one."""
    job = running()
    return (job.runs, job.epochs) if job is not None else st.session_state.get(FINISHED, ([], 0))


def session_results(frame: Frame) -> list[Result]:
    """What this session trained on the current world, oldest first."""
    return [run.result for run in st.session_state.get(RUNS, []) if run.world == frame.world]


def clear() -> None:
    st.session_state.pop(RUNS, None)


def shipped_results(dataset: Dataset) -> list[Result]:
    """The shipped models' results on the sample world (`dataset`), with the intervals of their AUCs
    and of the oracle's (computed once per server)."""
    oracle = shared(oracle_interval, dataset)
    results = []
    for cfg in SAMPLE_CONFIGS:
        found = lesson_model(WorldSpec(), cfg)
        if found.extra and "metrics" in found.extra:
            uncertainty = shared(auc_uncertainty, found.model, dataset)
            results.append(Result.shipped(cfg, found.extra, uncertainty, oracle))
    return results


def status_line(frame: Frame, run: LabRun, epochs: int) -> str:
    label = model_label(run.config, frame.lang)
    if run.status == "training" and run.epoch == 0:
        return frame.t("lab.status.starting", label=label)
    if run.status == "training":
        return frame.t("lab.status.training", label=label, epoch=run.epoch, epochs=epochs, loss=run.loss)
    if run.status == "done":
        return frame.t("lab.status.done", label=label, seconds=run.seconds, auc=run.result.auc)
    if run.status == "failed":
        return frame.t("lab.status.failed", label=label, error=run.error)
    return frame.t(f"lab.status.{run.status}", label=label)
