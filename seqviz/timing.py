"""Wall-clock timing of a call, as the lessons show it: the fastest of several runs."""

from __future__ import annotations

import time

TIMING_REPEATS = 5


def fastest_seconds(fn, *args, repeats: int = TIMING_REPEATS, budget: float = 0.05, **kwargs) -> float:
    """Fastest wall time of fn(*args, **kwargs), after one warm-up run.

    The fastest, not the mean: on a shared machine other work only ever adds time. Runs at least
    `repeats` times, and quick calls keep running until `budget` seconds are spent (at most 10x
    `repeats`), so that one of them likely ran undisturbed."""
    fn(*args, **kwargs)  # warm-up: first calls allocate
    times: list[float] = []
    while len(times) < repeats or (sum(times) < budget and len(times) < 10 * repeats):
        start = time.perf_counter()
        fn(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times)
