"""Cached loaders: worlds and datasets (built once per process), models (inference only, bounded).

Lesson pages never train. On the shipped sample world they load the shipped weights;
on a regenerated or imported world they use what the Model Lab trained (kept in `lab_models()`).

An imported world (the Data page) belongs to one session: its World lives in that session's
state under the sha256 of the uploaded bytes, and only that session's WorldSpec names the hash.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st
from streamlit import runtime

from seqviz.data import Dataset
from seqviz.io import DataError
from seqviz.metrics import auc_uncertainty, oracle_interval
from seqviz.models import ModelConfig, SequenceModel
from seqviz.sample import SAMPLE_CONFIGS, load_sample_model, load_sample_world
from seqviz.trainings import SharedTrainings
from seqviz.workers import TrainingPool, WorldSource, sent_whole
from seqviz.world import World, generate

MAX_MODELS = 24  # bound on models kept in memory, shipped and lab-trained alike
MAX_FIGURES = 256  # bound on shared lesson results (figures of a few hundred kB each)
T = TypeVar("T")


@dataclass(frozen=True)
class WorldSpec:
    """Which world the app shows: the shipped sample, one regenerated from a seed, or an upload."""

    seed: int | None = None
    users: int = 400
    upload: str | None = None  # sha256 of an uploaded log's bytes (see use_upload)

    @property
    def is_sample(self) -> bool:
        return self.seed is None and self.upload is None


UPLOAD_KEY = "_uploaded_world"  # session state: (sha256, World, file name) of this session's import


def use_upload(digest: str, world: World, name: str) -> None:
    """Make an imported world this session's world (replacing an earlier import: one per session)."""
    st.session_state[UPLOAD_KEY] = (digest, world, name)


def forget_upload() -> None:
    st.session_state.pop(UPLOAD_KEY, None)


def active_upload() -> tuple[str, World, str] | None:
    return st.session_state.get(UPLOAD_KEY)


def _uploaded_world(digest: str) -> World:
    upload = active_upload()
    if upload is None or upload[0] != digest:
        raise DataError("the imported log is no longer in this session; upload it again on the Data page")
    return upload[1]


@st.cache_data(show_spinner=False, max_entries=4)
def _built_world(spec: WorldSpec) -> World:
    if spec.is_sample:
        return load_sample_world()
    return generate(spec.seed, users=spec.users)


@st.cache_resource(show_spinner=False, max_entries=3)
def _built_dataset(spec: WorldSpec, device: str) -> Dataset:
    return Dataset(_built_world(spec), device)


# keyed by the hash, so a session's reruns and pages share one Dataset; few entries, since each
# holds a whole imported log and an evicted one is rebuilt from the session's World
@st.cache_resource(show_spinner=False, max_entries=2)
def _uploaded_dataset(digest: str, device: str) -> Dataset:
    return Dataset(_uploaded_world(digest), device)


def load_dataset(spec: WorldSpec, device: str = "cpu") -> Dataset:
    """The world with its History as tensors; shared by every session, never modified."""
    if spec.upload:
        return _uploaded_dataset(spec.upload, device)
    return _built_dataset(spec, device)


@st.cache_data(show_spinner=False, max_entries=8)
def longest_history(spec: WorldSpec) -> tuple[int, int]:
    """(user, number of events) of the world's longest history: where the latency lessons time."""
    counts = load_dataset(spec).world.events["user_id"].value_counts()
    return int(counts.idxmax()), int(counts.max())


@st.cache_resource(show_spinner=False, max_entries=MAX_MODELS)
def _shipped_model(cfg: ModelConfig) -> tuple[SequenceModel, dict]:
    return load_sample_model(cfg)


class SharedLRU:
    """A bounded, thread-safe LRU shared by every session: models the Model Lab trained (by world
    and config; training threads put, lesson pages read) and figures the lessons built."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def get(self, key: Hashable):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
            return self._items.get(key)

    def get_or_build(self, key: Hashable, build: Callable[[], object]):
        """The value for `key`, built by the first caller while later ones wait for it: thirty
        sessions opening a page in the same second build its figures once, not thirty times."""
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            value = self.get(key)
            if value is None:
                value = build()
                self.put(key, value)
        with self._lock:
            self._building.pop(key, None)
        return value


@st.cache_resource(show_spinner=False)
def lab_models() -> SharedLRU:
    """Models the Model Lab trained, by (WorldSpec, ModelConfig) -> (model, {"metrics": Result.metrics})."""
    return SharedLRU(MAX_MODELS)


@st.cache_resource(show_spinner=False)
def shared_results() -> SharedLRU:
    """What lesson functions built (figures, main pictures, tables), by function and arguments."""
    return SharedLRU(MAX_FIGURES)


def cache_key(value) -> Hashable:
    """How an argument of a shared lesson function is known: models and datasets by their serial
    (never reused, where id() is reused by the next object at the same address), the rest by value."""
    serial = getattr(value, "serial", None)
    if serial is not None:
        return type(value).__name__, serial
    hash(value)  # an unhashable argument would fail later, inside the store, less clearly
    return value


def shared(build: Callable[..., T], *args) -> T:
    """build(*args), built once for every session that asks with the same arguments.

    A class asks for the same pictures (the same presets, the default N, small moves around it), and
    building one costs tens of ms of the one core Python has, most of a rerun; under thirty students
    that queue is what they wait for. The key is the function and its own arguments, so it cannot
    drift from what the result was built from. Shared results must never be modified."""
    key = (build.__module__, build.__qualname__, *(cache_key(a) for a in args))
    return shared_results().get_or_build(key, lambda: build(*args))


def others_connected() -> bool:
    """Is more than one browser tab connected to this server (a class, not a teacher preparing alone)?"""
    try:
        return runtime.get_instance()._session_mgr.num_active_sessions() > 1
    except Exception:  # no server (AppTest), or a Streamlit that moved its insides: as if a class were here
        return True


@st.cache_resource(show_spinner=False)
def training_pool() -> TrainingPool:
    """The Model Lab's worker processes (seqviz.workers), one pool per server process: every core while
    one tab is connected, all but one while more are."""
    return TrainingPool(others=others_connected)


def world_source(spec: WorldSpec) -> WorldSource:
    """How a worker process gets `spec`'s world: loaded or regenerated there, or (an import) sent."""
    if spec.is_sample:
        return WorldSource(repr(spec), load_sample_world)
    if spec.upload is None:
        return WorldSource(repr(spec), generate, (spec.seed, spec.users))
    return sent_whole(repr(spec), load_dataset(spec).world)


@st.cache_resource(show_spinner=False)
def lab_trainings() -> SharedTrainings:
    """The Model Lab's trainings, shared by all sessions: a config asked for twice trains once."""
    return SharedTrainings()


@dataclass
class ModelLookup:
    model: SequenceModel | None
    extra: dict | None = None  # shipped models: their test metrics and learning curve
    problem: str | None = None  # a string-table key saying why there is no model

    @property
    def metrics(self) -> dict:
        """The shipped model's test metrics (AUC, the search's and the kernel's figures); {} for others."""
        return (self.extra or {}).get("metrics", {})


def lesson_model(spec: WorldSpec, cfg: ModelConfig) -> ModelLookup:
    """A trained model for a lesson page, or the reason there is none. Never trains.

    The sample world prefers its shipped weights (the same for every visitor); anything
    else comes from the Model Lab's store."""
    problem = "data.model.train_first" if spec.upload else "common.model.train_first"
    if spec.is_sample:
        try:
            model, extra = _shipped_model(cfg)
            return ModelLookup(model, extra)
        except FileNotFoundError:
            problem = "common.model.not_shipped"
        except (RuntimeError, KeyError):  # weights saved by an older version of the models
            problem = "common.model.stale"
    trained = lab_models().get((spec, cfg))
    return ModelLookup(*trained) if trained is not None else ModelLookup(None, problem=problem)


@st.cache_resource(show_spinner=False)
def warm_server() -> threading.Thread:
    """Once per server process: load what every visitor will need, then take it out of the GC's sight.

    A full garbage collection scans every tracked object; torch, pandas and plotly leave ~300k, a
    0.2-0.3 s scan on a 2-core box (Streamlit's own collection after every run cost that per slider
    move until .streamlit/config.toml turned it off; Python's collector still does full scans now
    and then). `gc.freeze()` moves them to the permanent generation (reference counting still frees
    them). In the background, so the first visitor's page does not wait; it also takes the
    optimiser's first use, which imports torch._dynamo (3-5 s) and would otherwise stall the first
    Model Lab or Towers visit. (Not the Towers SENet: training it in this thread made a short test
    run's interpreter abort at exit, "terminate called without an active exception".)"""

    def warm() -> None:
        import torch

        sample = WorldSpec()
        dataset = load_dataset(sample)  # first: the first visitor's page waits for it anyway
        for cfg in SAMPLE_CONFIGS:
            found = lesson_model(sample, cfg)
            if found.model is not None:  # the Model Lab's intervals: a few seconds for all of them
                shared(auc_uncertainty, found.model, dataset)
        shared(oracle_interval, dataset)
        torch.optim.Adam([torch.zeros(1, requires_grad=True)])
        gc.collect()
        gc.freeze()

    thread = threading.Thread(target=warm, name="seqviz-warm-up", daemon=True)
    thread.start()
    return thread
