"""Classroom load test: a class of students opens the app at the same minute.

Starts the app on a loopback port (scripts/app_server.serve), then drives SESSIONS concurrent
sessions, each a separate browser context in one headless Chromium, through every page: slider
moves by keyboard on each page, one Model Lab training request (the same quick config for all),
and, for every tenth student, an upload of the MovieLens-shaped fixture on the Data page.

Bounded: at most MAX_SESSIONS contexts, a wall-clock limit (--minutes), requests to anything but
the app's loopback address are aborted. Reports (and writes as JSON with --out):
  * errors: stException elements seen, page (JavaScript) errors, navigation or action failures;
  * p50/p95 rerun time: from a slider key press (or a navigation click) until the script run ends;
  * the server's peak memory: RSS of the streamlit process and its children, sampled from /proc;
  * trainings per configuration: lines the app writes to $SEQVIZ_TRAINING_LOG when it trains
    (seqviz.lessons.lab), beside how many sessions asked for one.

Run: PYTHONPATH=. python scripts/classroom_load.py --minutes 3 [--sessions 30] [--out load.json]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from playwright.async_api import Page, async_playwright

from scripts.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, serve
from seqviz.lessons.lab import TRAINING_LOG_ENV
from seqviz.text import t

MAX_SESSIONS = 50
FIXTURE = ROOT / "tests" / "fixtures" / "movielens_small.csv"
UPLOAD_EVERY = 10  # session 0, 10, 20 ... import the fixture, so imported worlds are under load too
SLIDER_MOVES = 2  # key presses per slider per page visit
RUN_TIMEOUT_MS = 60_000
OPEN_TIMEOUT_MS = 180_000  # the first page load: 30 tabs fetch and start the app's JavaScript at once
ARRIVAL_SECONDS = 0.5  # students open the app this far apart, not all in the same millisecond
TRAINING_WAIT_S = 240  # how long a session waits on the Model Lab for its training to finish

# Streamlit marks its root with data-test-script-state (running / notRunning ...); record when each
# run ends, so a rerun's time is measured in the page, from our action to the end of the run.
RUN_WATCH_JS = """
window.__runEnds = [];
new MutationObserver(records => {
  for (const r of records) {
    const state = r.target.getAttribute('data-test-script-state');
    if (state === 'notRunning') window.__runEnds.push(performance.now());
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""
EXCEPTIONS = '[data-testid="stException"]'


class Stats:
    def __init__(self):
        self.rerun_ms: list[float] = []
        self.errors: list[str] = []
        self.train_requests = 0
        self.page_visits = 0
        self.slider_moves = 0
        self.uploads = 0


async def timed_run(page: Page, action) -> float:
    """Milliseconds from `action` (a coroutine function) until a script run ends after it."""
    mark = await page.evaluate("performance.now()")
    await action()
    await page.wait_for_function("m => window.__runEnds.some(e => e > m)", arg=mark, timeout=RUN_TIMEOUT_MS)
    await page.wait_for_function(
        "() => !document.querySelector('[data-test-script-state=\"running\"]')", timeout=RUN_TIMEOUT_MS)
    ends = await page.evaluate("m => window.__runEnds.filter(e => e > m)", mark)
    return max(ends) - mark


async def check_exceptions(page: Page, stats: Stats, where: str) -> None:
    count = await page.locator(EXCEPTIONS).count()
    if count:
        text = (await page.locator(EXCEPTIONS).first.inner_text())[:300]
        stats.errors.append(f"{where}: {count} exception(s): {text}")


async def move_sliders(page: Page, stats: Stats, where: str) -> None:
    thumbs = page.locator('[data-testid="stSlider"] input[type="range"]:not([disabled])')
    for i in range(await thumbs.count()):
        thumb = thumbs.nth(i)
        for key in ("ArrowRight", "ArrowLeft")[:SLIDER_MOVES]:
            async def press(thumb=thumb, key=key):
                await thumb.focus()
                await page.keyboard.press(key)
            try:
                stats.rerun_ms.append(await timed_run(page, press))
                stats.slider_moves += 1
            except Exception as e:  # a value already at its end does not rerun: not an app error
                if "Timeout" not in type(e).__name__:
                    stats.errors.append(f"{where}: slider {i}: {type(e).__name__}: {str(e)[:200]}")
        await check_exceptions(page, stats, where)


async def upload_fixture(page: Page, stats: Stats) -> None:
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    await uploader.set_input_files(str(FIXTURE))
    button = page.get_by_role("button", name=t("data.import"))
    await button.wait_for(timeout=RUN_TIMEOUT_MS)
    await page.wait_for_function("() => ![...document.querySelectorAll('button')].some(b => "
                                 f"b.innerText.trim() === {json.dumps(t('data.import'))} && b.disabled)",
                                 timeout=RUN_TIMEOUT_MS)
    stats.rerun_ms.append(await timed_run(page, button.click))
    await page.get_by_text(t("data.current.imported")).wait_for(timeout=RUN_TIMEOUT_MS)
    stats.uploads += 1


async def request_training(page: Page, stats: Stats) -> None:
    """The quick preset (AvgPool and DIN, N = 20, one epoch), then Train; waits for the results."""
    await timed_run(page, page.get_by_role("button", name=t("lab.preset.quick")).click)
    train = page.locator("button", has_text=t("lab.train", count=2))
    stats.rerun_ms.append(await timed_run(page, train.click))
    stats.train_requests += 1
    await page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=TRAINING_WAIT_S * 1000)


async def student(browser, url: str, index: int, deadline: float, stats: Stats) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    host = urlparse(url).netloc

    async def loopback_only(route):
        if urlparse(route.request.url).netloc == host:
            await route.continue_()
        else:
            await route.abort()

    await context.route("**/*", loopback_only)
    await context.add_init_script(RUN_WATCH_JS)
    page = await context.new_page()
    page.on("pageerror", lambda e: stats.errors.append(f"student {index}: page error: {str(e)[:200]}"))
    trained, uploaded = False, index % UPLOAD_EVERY != 0
    try:
        await asyncio.sleep(index * ARRIVAL_SECONDS)
        await page.goto(url, timeout=OPEN_TIMEOUT_MS, wait_until="commit")
        await page.wait_for_selector("h1", timeout=OPEN_TIMEOUT_MS)
        links = page.locator('[data-testid="stSidebarNav"] a')
        n_pages = await links.count()
        while time.monotonic() < deadline:
            for p in range(n_pages):
                if time.monotonic() >= deadline:
                    break
                link = links.nth(p)
                where = f"student {index} on {urlparse(await link.get_attribute('href')).path}"
                try:
                    stats.rerun_ms.append(await timed_run(page, link.click))
                    await page.wait_for_selector("h1", timeout=RUN_TIMEOUT_MS)
                    stats.page_visits += 1
                    await check_exceptions(page, stats, where)
                    path = urlparse(page.url).path.rstrip("/")
                    if path.endswith("/data") and not uploaded:
                        uploaded = True
                        await upload_fixture(page, stats)
                    if path.endswith("/model_lab") and not trained:
                        trained = True
                        await request_training(page, stats)
                    await move_sliders(page, stats, where)
                    await check_exceptions(page, stats, where)
                except Exception as e:
                    stats.errors.append(f"{where}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
    except Exception as e:
        stats.errors.append(f"student {index}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
    finally:
        await context.close()


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(c) for c in task.read_text().split()]
        except OSError:
            pass
    return kids


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def server_pids() -> list[int]:
    """The streamlit process this script started (a child whose command line runs streamlit)."""
    found = []
    for pid in _children(os.getpid()):
        try:
            if b"streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            pass
    return found


class MemorySampler(threading.Thread):
    """Peak RSS of the server and all its descendants, sampled twice a second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            todo, total = server_pids(), 0.0
            while todo:
                pid = todo.pop()
                total += _rss_mb(pid)
                todo += _children(pid)
            self.peak_mb = max(self.peak_mb, total)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def drive(url: str, sessions: int, minutes: float) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + minutes * 60
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # a hard stop a little after the deadline: a student stuck in a wait must not hold the run
            await asyncio.wait_for(asyncio.gather(*(student(browser, url, i, deadline, stats)
                                                    for i in range(sessions))),
                                   timeout=minutes * 60 + TRAINING_WAIT_S)
        except TimeoutError:
            stats.errors.append("some sessions were still busy at the hard stop")
        finally:
            await browser.close()
    if stats.page_visits == 0:  # no student got past the first page: that is a failed run, not a clean one
        stats.errors.append("no session visited a page before the time limit")
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--out", type=Path, help="also write the report here as JSON")
    args = parser.parse_args()
    sessions = max(1, min(args.sessions, MAX_SESSIONS))
    training_log = Path(tempfile.mkstemp(prefix="seqviz-trainings-", suffix=".jsonl")[1])
    os.environ[TRAINING_LOG_ENV] = str(training_log)  # serve() passes the environment to the app
    sampler = MemorySampler()
    started = time.monotonic()
    try:
        with serve() as url:
            sampler.start()
            stats = asyncio.run(drive(url, sessions, args.minutes))
    finally:
        sampler.stop.set()
    trainings = collections.Counter(
        f"{e['config']} · epochs {e['epochs']} · seed {e['seed']} · world {e['world']}"
        for e in map(json.loads, training_log.read_text().splitlines()))
    training_log.unlink(missing_ok=True)
    report = {"sessions": sessions, "minutes": args.minutes,
              "wall_seconds": round(time.monotonic() - started),
              "page_visits": stats.page_visits, "slider_moves": stats.slider_moves, "uploads": stats.uploads,
              "reruns_timed": len(stats.rerun_ms),
              "rerun_p50_s": round((percentile(stats.rerun_ms, 50) or 0) / 1000, 3),
              "rerun_p95_s": round((percentile(stats.rerun_ms, 95) or 0) / 1000, 3),
              "server_peak_rss_mb": round(sampler.peak_mb), "train_requests": stats.train_requests,
              "trainings_per_config": dict(trainings), "errors": len(stats.errors),
              "error_samples": stats.errors[:20]}
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
