"""Measure each page in a real browser: first render and slider rerun times (median and p95).

    python scripts/measure_pages.py [--opens 5] [--moves 10] [--shots out/shots]

Starts `streamlit run app.py` on a loopback port and drives Debian's Chromium. "First render"
is a fresh session opening the page until its charts are drawn and the run is over (the server's
caches are warm, as in a classroom after the first student); "rerun" is one keyboard step of an
N or K slider until the charts have changed. With --shots, full-page screenshots of every page
in English and Chinese are saved there.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.app_server import (  # noqa: E402
    SETTINGS_PAGES,
    charts_signature,
    launch,
    n_and_k_sliders,
    nav_pages,
    open_app,
    press,
    serve,
    slider_value,
    slug,
    wait_charts_change,
    wait_idle,
)


def p95(xs: list[float]) -> float:
    return float(np.percentile(xs, 95)) if xs else float("nan")


def measure_page(browser, url: str, opens: int, moves: int) -> tuple[list[float], list[float]]:
    renders, reruns = [], []
    for _ in range(opens):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        renders.append(open_app(page, url))
        context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_app(page, url)
    for _, thumb in n_and_k_sliders(page) if slug(url) not in SETTINGS_PAGES else []:
        for i in range(moves):
            before, value = charts_signature(page), slider_value(thumb)
            at_end = value >= int(thumb.get_attribute("max"))
            at_start = value <= int(thumb.get_attribute("min"))
            press(page, thumb, "ArrowLeft" if at_end or (i % 2 == 0 and not at_start) else "ArrowRight")
            try:
                reruns.append(wait_charts_change(page, before, timeout=10))
            except TimeoutError:  # a step that changes nothing drawn (e.g. K past the user's matches)
                wait_idle(page)
    context.close()
    return renders, reruns


def screenshots(browser, pages: list[tuple[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Streamlit scrolls inside its own container, so a full-page shot needs a tall window
    context = browser.new_context(viewport={"width": 1400, "height": 3400})
    page = context.new_page()
    for lang in ("en", "zh"):
        for i, (_, url) in enumerate(pages, start=1):
            open_app(page, f"{url}?lang={lang}")
            page.wait_for_timeout(500)  # let Plotly finish its transitions
            page.screenshot(path=str(folder / f"{i}_{slug(url)}_{lang}.png"), full_page=True)
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--opens", type=int, default=5, help="fresh sessions per page")
    parser.add_argument("--moves", type=int, default=10, help="keyboard steps per slider")
    parser.add_argument("--shots", type=Path, help="save screenshots of every page here")
    args = parser.parse_args()
    with serve() as url, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        start = time.monotonic()
        pages = nav_pages(page, url)  # also warms the server's caches
        print(f"server warm-up (first visit of a fresh server): {time.monotonic() - start:.1f} s")
        for _, page_url in pages:  # warm each page's own caches (models, figures' data)
            open_app(page, page_url)
        page.close()
        print("| page | first render median (s) | first render p95 (s) | rerun median (s) | "
              "rerun p95 (s) | reruns |\n|---|---|---|---|---|---|")
        for title, page_url in pages:
            renders, reruns = measure_page(browser, page_url, args.opens, args.moves)
            rerun_median = np.median(reruns) if reruns else float("nan")
            print(f"| {title} | {np.median(renders):.2f} | {p95(renders):.2f} | {rerun_median:.2f} | "
                  f"{p95(reruns):.2f} | {len(reruns)} |", flush=True)
        if args.shots:
            screenshots(browser, pages, args.shots)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
