"""The server-wide caches a classroom leans on: one build per figure however many ask at once."""

from __future__ import annotations

import threading
import time

import torch

from ui.cache import SharedLRU


def test_thirty_sessions_asking_at_once_build_a_figure_once():
    store, builds, results = SharedLRU(capacity=8), [], []
    start = threading.Barrier(30)

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.05)  # long enough that every other session asks while it is being built
        return object()

    def session():
        start.wait()
        results.append(store.get_or_build(("lastn-timeline", "mia", 50, "en"), build))

    threads = [threading.Thread(target=session) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(results) == 30 and all(r is results[0] for r in results)


def test_different_settings_are_different_figures():
    store = SharedLRU(capacity=8)
    at_50 = store.get_or_build(("lastn-timeline", 50), object)
    at_51 = store.get_or_build(("lastn-timeline", 51), object)
    assert at_50 is not at_51
    assert store.get_or_build(("lastn-timeline", 50), object) is at_50


def test_the_least_recently_used_goes_first():
    store = SharedLRU(capacity=2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # "a" is now the most recently used
    store.put("c", 3)
    assert store.get("b") is None
    assert (store.get("a"), store.get("c")) == (1, 3)


def test_a_failed_build_is_not_kept():
    store = SharedLRU(capacity=2)

    def broken():
        raise ValueError("no figure")

    try:
        store.get_or_build("k", broken)
    except ValueError:
        pass
    assert store.get("k") is None
    assert store.get_or_build("k", lambda: 7) == 7


def test_a_model_is_known_by_its_serial_not_its_address():
    """The first round keyed SIM's cached numbers by id(model); CPython may hand a freed model's address
    to the next one, which would then be served the old model's numbers. A serial is never reused."""
    import gc

    from seqviz.models import ModelConfig, build_model
    from ui.cache import cache_key, shared

    builds, keys = [], set()

    def weight_sum(model) -> float:
        builds.append(model.serial)
        return float(model.item_emb.weight.detach().sum())

    for seed in range(6):  # created and freed one after another, as Lab retrainings are
        torch.manual_seed(seed)
        model = build_model(ModelConfig("avg"), 20)
        assert cache_key(model) == ("AvgPool", model.serial)
        keys.add(cache_key(model))
        assert shared(weight_sum, model) == float(model.item_emb.weight.detach().sum())
        del model
        gc.collect()
    assert len(builds) == len(keys) == 6
