"""`python -m seqviz bench`: what the models cost, measured side by side in one run.

Three parts:
  training   every default model on the default world: samples/s, time to the epoch that early
             stopping keeps, total wall and CPU time (CPU time is less disturbed by other work on a
             shared machine), peak memory of one training step, test AUC;
  inference  1,000 candidates scored against one synthetic user with N past events, for DIN with
             full attention over all N, SIM hard, soft and twin search (K = 50), and SIM's parts:
             the GSU searches and the ESU over the K events they select;
  threads    one DIN training step on CPU with 1 and with 2 torch threads.

Peak memory is what an operation allocates beyond what was live before it: from the CUDA
allocator's statistics on CUDA, from the profiler's allocation events on CPU (torch's CPU tensors
are invisible to tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from .data import Dataset
from .device import DEVICES, resolve_device
from .history import History
from .metrics import auc, predict_proba
from .models import Batch, ModelConfig, build_model
from .train import Progress, adam, train
from .world import CATEGORIES, DAY, END_TIMESTAMP, SPAN_DAYS, World, generate

# what the Model Lab trains: every model at its defaults, plus SIM without time buckets
DEFAULT_CONFIGS = (
    ModelConfig("avg"),
    ModelConfig("din"),
    ModelConfig("sim-hard"),
    ModelConfig("sim-hard", time=False),
    ModelConfig("sim-soft"),
)
TRAIN_BATCH = 512  # train()'s default
FIRST_RESULT_POLL_SECONDS = 0.05  # how often the Lab's bench looks whether a model is done
# DIN with full attention scores candidates in groups of at most this many (candidate, event)
# pairs, so that N = 50,000 runs in bounded memory; its time still grows with N
DIN_PAIRS_PER_PASS = 500_000


@dataclass(frozen=True)
class BenchPlan:
    """How big each part of the bench is."""

    users: int  # users in the training world
    epochs: int
    history_lengths: tuple[int, ...]  # N of the synthetic long histories
    din_max_length: int  # DIN with full attention runs only up to this N
    soft_max_length: int  # SIM soft search (a scan of the whole history) only up to this N
    candidates: int = 1000
    k: int = 50
    thread_steps: int = 10  # timed DIN steps per thread count
    lab_epochs: int = 20  # the Lab's conclusion preset is also trained to early stopping, at most this
    lab_sample: bool = False  # ... on the shipped sample world (else on a generated world of `users`)


FULL = BenchPlan(users=2000, epochs=3, history_lengths=(50, 500, 5_000, 50_000), din_max_length=50_000,
                 soft_max_length=50_000, lab_sample=True)
QUICK = BenchPlan(users=300, epochs=2, history_lengths=(50, 500, 5_000, 50_000), din_max_length=5_000,
                  soft_max_length=5_000)


# --- measuring
def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


@contextmanager
def _stderr_silenced():
    """Silence file descriptor 2: this torch build's profiler logs a line there on start and stop."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def peak_bytes(fn: Callable[[], object], device: torch.device) -> int | None:
    """Bytes `fn` allocates at its peak beyond what was allocated before it; None if unmeasurable."""
    if device.type == "cuda":
        _sync(device)
        before = torch.cuda.memory_allocated(device)
        torch.cuda.reset_peak_memory_stats(device)
        fn()
        _sync(device)
        return torch.cuda.max_memory_allocated(device) - before
    if device.type != "cpu":
        fn()
        return None
    prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], profile_memory=True)
    with _stderr_silenced():
        prof.start()
    try:
        fn()
    finally:
        with _stderr_silenced():
            prof.stop()
    results = getattr(prof.profiler, "kineto_results", None)
    if results is None:
        return None
    allocations = sorted((e.start_ns(), e.nbytes()) for e in results.events() if e.name() == "[memory]")
    live = peak = 0
    for _, nbytes in allocations:
        live += nbytes
        peak = max(peak, live)
    return peak


def measure(fn: Callable[[], object], device: torch.device, budget_s: float = 0.5,
            max_repeats: int = 15) -> tuple[float, int | None]:
    """(best wall seconds, peak bytes) of `fn`. The first call measures memory and warms up; a call
    slower than `budget_s` is timed once (that first call: the profiler's cost is negligible
    beside it), a faster one is repeated within the budget and its fastest run kept, the
    figure least disturbed by other work on a shared machine."""
    _sync(device)
    start = time.perf_counter()
    memory = peak_bytes(fn, device)
    first = time.perf_counter() - start
    if first > budget_s:
        return first, memory
    times: list[float] = []
    while len(times) < max_repeats and (len(times) < 3 or sum(times) < budget_s):
        _sync(device)
        start = time.perf_counter()
        fn()
        _sync(device)
        times.append(time.perf_counter() - start)
    return min(times), memory


def _mb(nbytes: int | None) -> float | None:
    return None if nbytes is None else round(nbytes / 2**20, 2)


# --- synthetic long histories
def long_history_world(n_events: int, candidates: int, items_per_category: int = 60,
                       seed: int = 0) -> World:
    """One user (id 0) with `n_events` events spread over two years, and `candidates` impressions
    one day after the last of them: the shape of data SIM is for, at any N."""
    rng = np.random.default_rng(seed)
    names = [c[0] for c in CATEGORIES]
    item_ids = np.arange(1, len(names) * items_per_category + 1)
    items = pd.DataFrame({"item_id": item_ids,
                          "category": np.array(names)[(item_ids - 1) // items_per_category],
                          "popularity": 1.0 / items_per_category, "price": 10.0})
    event_items = rng.choice(item_ids, n_events)
    events = pd.DataFrame({
        "user_id": 0, "item_id": event_items, "category": items["category"].to_numpy()[event_items - 1],
        "timestamp": np.sort(END_TIMESTAMP - rng.integers(1, SPAN_DAYS * DAY, n_events))})
    impressions = pd.DataFrame({"user_id": 0, "timestamp": END_TIMESTAMP + DAY,
                                "item_id": rng.choice(item_ids, candidates), "clicked": 0})
    return World(items, events, impressions, names)


def _din_full_attention(model, batch: Batch, history: History, n: int) -> None:
    per_pass = max(1, DIN_PAIRS_PER_PASS // n)
    for i in range(0, len(batch), per_pass):
        model(batch[i:i + per_pass], history)


def inference_parts(n: int, plan: BenchPlan, device: torch.device) -> dict[str, Callable[[], object]]:
    """What the inference bench times at history length `n`, each as a call with no arguments."""
    world = long_history_world(n, plan.candidates)
    history = History.of_world(world, device)
    batch = Batch.of_impressions(world.impressions, world.item_category(), device)
    torch.manual_seed(0)
    sim_hard = build_model(ModelConfig("sim-hard", k=plan.k), world.n_items).to(device).eval()
    sim_soft = build_model(ModelConfig("sim-soft", k=plan.k), world.n_items).to(device).eval()
    sim_soft.prepare(history, before=int(batch.time.min()))
    sim_twin = build_model(ModelConfig("sim-twin", k=plan.k), world.n_items).to(device).eval()
    table = sim_soft.search_emb
    sim_sdim = build_model(ModelConfig("sim-sdim", k=plan.k), world.n_items).to(device).eval()
    sim_sdim.prepare(history, before=int(batch.time.min()))
    # every candidate comes at one moment, so the user's index is built once for all of them
    every_event, _ = history.lastn(batch.user[:1], batch.time[:1], n)
    sdim_items, sdim_buckets = (x[0] for x in history.gather(every_event, batch.time[:1]))
    with torch.inference_mode():
        sdim_index = sim_sdim.bucket_index(sdim_items, sdim_buckets)
    hard_positions, hard_mask = history.hard_search(batch.user, batch.time, batch.category, plan.k)
    parts: dict[str, Callable[[], object]] = {}
    if n <= plan.din_max_length:
        din = build_model(ModelConfig("din", lastn=n), world.n_items).to(device).eval()
        parts["din-full"] = lambda: _din_full_attention(din, batch, history, n)
    parts["sim-hard"] = lambda: sim_hard(batch, history)
    if n <= plan.soft_max_length:
        parts["sim-soft"] = lambda: sim_soft(batch, history)
        # TWIN scores every event with the ESU's own score: a scan of the history like soft search
        parts["sim-twin"] = lambda: sim_twin(batch, history)
    parts["gsu-hard"] = lambda: history.hard_search(batch.user, batch.time, batch.category, plan.k)
    if n <= plan.soft_max_length:
        parts["gsu-soft"] = lambda: history.soft_search(batch.user, batch.time, table[batch.item], table,
                                                        plan.k)
    if n <= plan.soft_max_length:
        parts["gsu-twin"] = lambda: sim_twin.read(batch, history)
    parts["esu"] = lambda: sim_hard.pool(batch, history, hard_positions, hard_mask)
    # SDIM: the index of the user's events by signature (O(N), once per user and moment) apart from what
    # each candidate costs, the lookup (its search and attention in one) and with it the ranking head
    parts["sdim-index"] = lambda: sim_sdim.bucket_index(sdim_items, sdim_buckets)
    parts["gsu-sdim"] = lambda: sim_sdim.lookup(sdim_index, batch.item)
    parts["sim-sdim"] = lambda: sim_sdim.score(sim_sdim.lookup(sdim_index, batch.item), batch.item)
    return parts


def bench_inference(plan: BenchPlan, device: torch.device, log: Callable[[str], None]) -> list[dict]:
    rows = []
    for n in plan.history_lengths:
        for part, fn in inference_parts(n, plan, device).items():
            with torch.inference_mode():
                seconds, memory = measure(fn, device)
            rows.append({"part": part, "n": n, "ms": round(seconds * 1000, 3), "peak_mb": _mb(memory)})
            log(f"inference {part:8s} N={n:>6,}: {seconds * 1000:9.2f} ms")
    return rows


# --- training
def bench_training(plan: BenchPlan, world: World, device: torch.device,
                   log: Callable[[str], None]) -> tuple[dict, list]:
    dataset = Dataset(world, device)
    setup = {"users": plan.users, "n_train": len(dataset["train"]), "n_test": len(dataset["test"]),
             "epochs": plan.epochs, "batch_size": TRAIN_BATCH}
    _train_step(DEFAULT_CONFIGS[0], dataset)  # torch's first optimizer imports torch._dynamo: seconds
    rows = []
    for cfg in DEFAULT_CONFIGS:
        epoch_end: dict[int, float] = {}

        def note_epoch(p: Progress, epoch_end=epoch_end) -> None:
            if p.step == p.steps:
                _sync(device)
                epoch_end[p.epoch] = time.perf_counter()

        began, cpu = time.perf_counter(), time.process_time()
        result = train(cfg, dataset, epochs=plan.epochs, batch_size=TRAIN_BATCH, progress=note_epoch)
        cpu = time.process_time() - cpu
        test = dataset["test"]
        probs = predict_proba(result.model, dataset, test)
        rows.append({
            "model": cfg.label(), "samples_per_second": round(result.samples_per_second, 1),
            "train_seconds": round(result.train_seconds, 3), "train_cpu_seconds": round(cpu, 3),
            "seconds_to_best_epoch": round(epoch_end[result.best_epoch] - began, 3),
            "best_epoch": result.best_epoch, "epochs_run": result.epochs_run,
            "step_peak_mb": _mb(peak_bytes(lambda cfg=cfg: _train_step(cfg, dataset), device)),
            "test_auc": round(auc(test.label.cpu().numpy(), probs), 4)})
        log(f"training {cfg.label():24s} {result.train_seconds:7.2f} s, "
            f"{result.samples_per_second:9,.0f} samples/s")
    setup["total_train_seconds"] = round(sum(r["train_seconds"] for r in rows), 3)
    setup["total_train_cpu_seconds"] = round(sum(r["train_cpu_seconds"] for r in rows), 3)
    return setup, rows


def _train_step(cfg: ModelConfig, dataset: Dataset, step: int = 0, model=None, opt=None) -> None:
    """One optimizer step on the `step`-th batch of the training split (a fresh model if none given)."""
    if model is None:
        model = build_model(cfg, dataset.n_items).to(dataset.device)
        opt = adam(model.parameters())
    split = dataset["train"]
    first = step * TRAIN_BATCH % max(len(split) - TRAIN_BATCH, 1)
    batch, label = split.take(torch.arange(first, first + TRAIN_BATCH, device=dataset.device))
    loss = F.binary_cross_entropy_with_logits(model(batch, dataset.history).logit, label)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


def bench_threads(plan: BenchPlan, world: World, log: Callable[[str], None]) -> list[dict]:
    """A DIN training step on CPU with 1 and 2 intra-op threads (the thread count is restored)."""
    dataset = Dataset(world, "cpu")
    configured = torch.get_num_threads()
    rows = []
    try:
        for threads in (1, 2):
            torch.set_num_threads(threads)
            torch.manual_seed(0)
            model = build_model(ModelConfig("din"), dataset.n_items)
            opt = adam(model.parameters())
            for step in range(3):
                _train_step(ModelConfig("din"), dataset, step, model, opt)
            times = []
            for step in range(plan.thread_steps):
                start = time.perf_counter()
                _train_step(ModelConfig("din"), dataset, step, model, opt)
                times.append(time.perf_counter() - start)
            ms = statistics.median(times) * 1000  # the median: stalls from oversubscription count
            rows.append({"threads": threads, "din_step_median_ms": round(ms, 2)})
            log(f"threads {threads}: DIN step {ms:.1f} ms")
    finally:
        torch.set_num_threads(configured)
    return rows


# --- the whole bench
def _ratio(rows: list[dict], part: str, n_high: int, n_low: int) -> float | None:
    ms = {r["n"]: r["ms"] for r in rows if r["part"] == part}
    if n_high in ms and n_low in ms and ms[n_low] > 0:
        return round(ms[n_high] / ms[n_low], 2)
    return None


def _press_train(dataset: Dataset, source, configs: list[ModelConfig], epochs: int, seed: int,
                 device: torch.device, workers: bool) -> tuple[float, float, dict, int]:
    """One press of the Lab's Train button: (seconds until the last model is scored, until the first,
    each model's test AUC and epochs run, trainings side by side). With `workers`, through a fresh
    pool (its start, and each worker building its dataset, counted) on every core, as while nobody
    else uses the server; else in a thread of this process."""
    from .trainings import LabJob
    from .workers import TrainingPool

    started = time.perf_counter()
    pool = TrainingPool() if workers else None
    slots = pool.slots() if pool is not None else 1
    job = LabJob(dataset, configs, epochs, seed, pool=pool, source=source, device=str(device)).start()
    first = None
    while job.running:
        if first is None and any(run.status == "done" for run in job.runs):
            first = time.perf_counter() - started
        job.join(FIRST_RESULT_POLL_SECONDS)
    seconds = time.perf_counter() - started
    if pool is not None:
        pool.close()
    failed = [f"{run.config.label()}: {run.error}" for run in job.runs if run.status != "done"]
    if failed:
        raise RuntimeError(f"the Lab's conclusion preset failed: {failed}")
    models = {run.config.label(): {"auc": round(run.result.auc, 4), "epochs_run": run.result.epochs}
              for run in job.runs}
    return round(seconds, 1), round(seconds if first is None else first, 1), models, slots


def bench_lab_conclusion(plan: BenchPlan, device: torch.device, log: Callable[[str], None]) -> dict:
    """The Model Lab's "lesson's conclusion" preset, seven trainings through the Lab's own path,
    nothing cached, no shipped weights, timed from the press to the last model scored and to the
    first: as its button trains them (the preset's epochs, the shipped recipe), and each to early
    stopping (at most plan.lab_epochs, more than the Lab's epoch slider allows: the work a recipe
    needs to converge), through worker processes and, as the Lab trained before it had workers, in a
    thread."""
    from .lessons import lab
    from .sample import load_sample_world
    from .workers import WorldSource

    preset = lab.PRESETS["lab.preset.conclusion"]
    configs = lab.lab_configs(preset["models"], preset["ns"], preset["lab_k"])
    source = (WorldSource("sample", load_sample_world) if plan.lab_sample
              else WorldSource(f"generated, {plan.users} users", generate, (0, plan.users)))
    dataset = Dataset(source.build(*source.args), device)  # what the server holds before anyone presses Train
    press = {}
    for name, epochs, workers in (("preset", preset["epochs"], True), ("workers", plan.lab_epochs, True),
                                  ("thread", plan.lab_epochs, False)):
        press[name] = _press_train(dataset, source, configs, epochs, preset["train_seed"], device, workers)
        log(f"lab conclusion ({name}, at most {epochs} epochs): {press[name][0]:.1f} s")
    return {"lab_conclusion_seconds": press["workers"][0], "lab_first_result_seconds": press["workers"][1],
            "lab_conclusion_thread_seconds": press["thread"][0],
            "lab_conclusion": {"world": source.key, "max_epochs": plan.lab_epochs,
                               "workers": press["workers"][3], "models": press["workers"][2]},
            "lab_preset_seconds": press["preset"][0], "lab_preset_first_result_seconds": press["preset"][1],
            "lab_preset": {"max_epochs": preset["epochs"], "models": press["preset"][2]}}


def run_bench(device: torch.device | str = "cpu", quick: bool = False, plan: BenchPlan | None = None,
              log: Callable[[str], None] | None = None, only: str | None = None) -> dict:
    """Measure everything once (or `only`: "lab", the Model Lab's part, or "inference", the latency by N);
    one JSON-serialisable dict."""
    device = torch.device(device)
    plan = plan or (QUICK if quick else FULL)
    log = log or (lambda line: None)
    started = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    about = {"device": str(device), "quick": quick, "torch": torch.__version__,
             "threads": torch.get_num_threads(), "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
             "load_average_at_start": None if load is None else round(load, 2)}
    if only == "lab":
        return {**about, **bench_lab_conclusion(plan, device, log),
                "bench_seconds": round(time.perf_counter() - started, 1)}
    if only == "inference":
        inference = bench_inference(plan, device, log)
        return {**about, **_inference_part(plan), "inference": inference,
                "ratios": _inference_ratios(inference, plan),
                "bench_seconds": round(time.perf_counter() - started, 1)}
    world = generate(0, users=plan.users)
    world_seconds = time.perf_counter() - started
    setup, training = bench_training(plan, world, device, log)
    setup["world_seconds"] = round(world_seconds, 3)
    inference = bench_inference(plan, device, log)
    threads = bench_threads(plan, world, log)
    step_ms = {r["threads"]: r["din_step_median_ms"] for r in threads}
    ratios = {**_inference_ratios(inference, plan),
              "din step 2 threads/1 thread": round(step_ms[2] / step_ms[1], 2)}
    lab_part = bench_lab_conclusion(plan, device, log)
    return {
        **about, **lab_part, "training_setup": setup, "training": training, **_inference_part(plan),
        "inference": inference, "thread_steps": threads, "ratios": ratios,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }


def _inference_part(plan: BenchPlan) -> dict:
    return {"inference_candidates": plan.candidates, "k": plan.k, "din_pairs_per_pass": DIN_PAIRS_PER_PASS}


def _inference_ratios(inference: list[dict], plan: BenchPlan) -> dict:
    """How each part's latency grows with N: flat searches near 1, scans near the ratio of the Ns."""
    longest, shortest = max(plan.history_lengths), min(plan.history_lengths)
    din_longest = max((n for n in plan.history_lengths if n <= plan.din_max_length), default=shortest)
    soft_longest = max((n for n in plan.history_lengths if n <= plan.soft_max_length), default=shortest)
    second = sorted(plan.history_lengths)[1] if len(plan.history_lengths) > 1 else shortest
    return {
        f"sim-hard N={longest}/N={second}": _ratio(inference, "sim-hard", longest, second),
        f"gsu-hard N={longest}/N={second}": _ratio(inference, "gsu-hard", longest, second),
        f"gsu-sdim N={longest}/N={second}": _ratio(inference, "gsu-sdim", longest, second),
        f"sim-sdim N={longest}/N={second}": _ratio(inference, "sim-sdim", longest, second),
        f"sim-soft N={soft_longest}/N={second}": _ratio(inference, "sim-soft", soft_longest, second),
        f"din-full N={din_longest}/N={shortest}": _ratio(inference, "din-full", din_longest, shortest),
        f"din-full N={din_longest}/sim-hard N={din_longest}": _two_part_ratio(
            inference, ("din-full", din_longest), ("sim-hard", din_longest)),
    }


def _two_part_ratio(rows: list[dict], high: tuple[str, int], low: tuple[str, int]) -> float | None:
    ms = {(r["part"], r["n"]): r["ms"] for r in rows}
    if high in ms and low in ms and ms[low] > 0:
        return round(ms[high] / ms[low], 1)
    return None


def _lab_lines(result: dict) -> list[str]:
    lab, preset = result["lab_conclusion"], result["lab_preset"]
    pressed = (result["lab_preset_seconds"], result["lab_preset_first_result_seconds"])
    converged = (result["lab_conclusion_seconds"], result["lab_first_result_seconds"])
    lines = [f"Model Lab, the lesson's conclusion preset ({lab['world']} world, {lab['workers']} worker "
             f"process(es)):",
             f"  as its button trains it (at most {preset['max_epochs']} epochs): {pressed[0]} s, "
             f"the first model done after {pressed[1]} s",
             f"  each to early stopping (at most {lab['max_epochs']} epochs): {converged[0]} s, "
             f"the first model done after {converged[1]} s; "
             f"{result['lab_conclusion_thread_seconds']} s in a thread",
             f"  {'model':26s} {'as pressed':18s}    to early stopping"]
    lines += [f"  {name:26s} AUC {row['auc']:.4f} ({row['epochs_run']:>2d} ep) "
              f"   AUC {lab['models'][name]['auc']:.4f} ({lab['models'][name]['epochs_run']:>2d} ep)"
              for name, row in preset["models"].items()]
    return lines


def format_table(result: dict) -> str:
    """The bench result as plain-text tables."""
    head = (f"seqviz bench on {result['device']} (torch {result['torch']}, {result['threads']} thread(s), "
            f"load average {result['load_average_at_start']}, {result['bench_seconds']} s)")
    if "inference" not in result:  # --only lab
        return "\n".join([head, "", *_lab_lines(result)])
    if "training_setup" not in result:  # --only inference
        return "\n".join([head, *_inference_lines(result), "", "Ratios:", *_ratio_lines(result)])
    setup = result["training_setup"]
    lines = [head, "",
             f"Training: {setup['users']:,} users, {setup['n_train']:,} training impressions, "
             f"up to {setup['epochs']} epochs of batch {setup['batch_size']} "
             f"(world built in {setup['world_seconds']} s)",
             f"{'model':26s} {'samples/s':>10s} {'to best':>9s} {'total':>8s} {'CPU':>8s} {'best/run':>9s} "
             f"{'step MB':>8s} {'test AUC':>9s}"]
    for r in result["training"]:
        lines.append(f"{r['model']:26s} {r['samples_per_second']:>10,.0f} "
                     f"{r['seconds_to_best_epoch']:>8.2f}s {r['train_seconds']:>7.2f}s "
                     f"{r['train_cpu_seconds']:>7.2f}s "
                     f"{r['best_epoch']:>4d}/{r['epochs_run']:<4d} "
                     f"{_fmt(r['step_peak_mb']):>8s} {r['test_auc']:>9.4f}")
    lines.append(f"{'all models':26s} {'':>10s} {'':>9s} {setup['total_train_seconds']:>7.2f}s "
                 f"{setup['total_train_cpu_seconds']:>7.2f}s")
    lines += _inference_lines(result)
    lines += ["", "Threads (DIN training step on CPU, median): " + ", ".join(
        f"{r['threads']}: {r['din_step_median_ms']:.1f} ms" for r in result["thread_steps"]), "", "Ratios:"]
    lines += _ratio_lines(result)
    return "\n".join([*lines, "", *_lab_lines(result)])


def _inference_lines(result: dict) -> list[str]:
    lengths = sorted({r["n"] for r in result["inference"]})
    lines = ["", f"Inference: {result['inference_candidates']:,} candidates, one history of N events, "
             f"K = {result['k']}; best ms (peak MB)",
             f"{'part':10s}" + "".join(f"{'N=' + format(n, ','):>22s}" for n in lengths)]
    by_part: dict[str, dict[int, dict]] = {}
    for r in result["inference"]:
        by_part.setdefault(r["part"], {})[r["n"]] = r
    for part, cells in by_part.items():
        row = f"{part:10s}"
        for n in lengths:
            cell = cells.get(n)
            text = "-" if cell is None else f"{cell['ms']:.2f} ({_fmt(cell['peak_mb'])})"
            row += f"{text:>22s}"
        lines.append(row)
    return lines


def _ratio_lines(result: dict) -> list[str]:
    return [f"  {name:42s} {'-' if value is None else value}" for name, value in result["ratios"].items()]


def _fmt(mb: float | None) -> str:
    return "?" if mb is None else f"{mb:.1f}"


# --- command line
def add_bench_parser(subparsers) -> None:
    b = subparsers.add_parser("bench", help="measure training and inference cost of every model")
    b.add_argument("--device", default="cpu", help=f"one of {', '.join(DEVICES)}")
    b.add_argument("--quick", action="store_true", help="a smaller world and shorter runs (under a minute)")
    b.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    b.add_argument("--only", choices=("lab", "inference"),
                   help="only the Model Lab's conclusion preset (lab_preset_seconds, lab_conclusion_seconds) "
                        "or only the inference latency by N")


def cmd_bench(args: argparse.Namespace) -> int:
    device = resolve_device(args.device)
    result = run_bench(device, quick=args.quick, only=args.only,
                       log=lambda line: print(line, file=sys.stderr, flush=True))
    print(json.dumps(result) if args.json else format_table(result))
    return 0
