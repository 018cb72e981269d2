"""Measure each page in a real browser: first render, the main picture's step, reruns (median, p95).

    python scripts/measure_pages.py [--opens 5] [--moves 10] [--langs en zh] [--shots out/shots]
                                    [--class-shots out/class]

Starts `streamlit run app.py` on a loopback port and drives Debian's Chromium. "First render"
is a fresh session in a new browser tab opening the page until its charts are drawn and the run is
over (the server's caches are warm, as in a classroom after the first student; the tab loads and
starts Streamlit's and Plotly's JavaScript anew). "From the sidebar" is a student already in the
app clicking the page in the navigation, until the same point. "Picture step" is one arrow-key press
on the main picture's slider until the picture's plotted data changed (a mutation inside its plot
area) and the browser painted it, timed in the page itself. "Rerun" is one keyboard step of a
Streamlit N or K slider until the charts have changed, and the server's rerun after a picture step
until it is over. "Exceptions" counts error boxes and uncaught page errors. With --shots,
screenshots of every page in English and Chinese are saved there: as it opens with its question
(`_ask`), with questions off, at both ends of its main picture's slider (`_start`, `_end`), and
on each of its presets (`_preset_<name>`). Timings are
taken with questions off (`?questions=false`): a question holds back part of what a step moves.
With --class-shots, a class: the teacher's presenter's view at 1920 x 1080 before and after a question
is asked and revealed, and every lesson page on a phone (390 x 844) in the class, as it opens (the class
panel on top) and at its main picture, in English and Chinese; --class-shots alone skips the timings.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.app_server import (  # noqa: E402
    SETTINGS_PAGES,
    charts_signature,
    launch,
    main_stepper,
    n_and_k_sliders,
    nav_pages,
    open_app,
    phone_context,
    picture_step_seconds,
    press,
    serve,
    slider_value,
    slug,
    wait_charts_change,
    wait_idle,
)
from seqviz.text import STRINGS, t  # noqa: E402

# the lessons' preset buttons, by their string keys
PRESETS = sorted(key for key in STRINGS if key.startswith("common.preset."))


def median(xs: list[float]) -> float:
    return float(np.median(xs)) if xs else float("nan")


def p95(xs: list[float]) -> float:
    return float(np.percentile(xs, 95)) if xs else float("nan")


EXCEPTION = '[data-testid="stException"]'


def measure_page(browser, url: str, opens: int, moves: int) -> dict[str, list[float]]:
    renders, steps, reruns, errors = [], [], [], []
    for _ in range(opens):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        renders.append(open_app(page, url))
        context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(error))
    switches = []
    parts = urlparse(url)  # a student already in the app (on another page), picking this one in the sidebar
    elsewhere = f"{parts.scheme}://{parts.netloc}/{'' if slug(url) == 'data' else 'data'}?{parts.query}"
    for _ in range(opens):
        open_app(page, elsewhere)
        start = time.monotonic()
        links = page.locator('[data-testid="stSidebarNav"] a')
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        target = next(i for i, href in enumerate(hrefs) if slug(href) == slug(url))
        links.nth(target).click()
        page.wait_for_url(lambda u: slug(u) == slug(url), timeout=30_000)
        page.wait_for_selector("h1", timeout=60_000)
        switches.append(wait_idle(page, settle=1.0, charts_drawn=True) - start)
    open_app(page, url)
    thumb = main_stepper(page)
    for i in range(moves if thumb is not None else 0):
        at_end = int(thumb.input_value()) >= int(thumb.get_attribute("max"))
        start = time.monotonic()
        seconds = picture_step_seconds(page, thumb, "ArrowLeft" if at_end or i % 4 >= 2 else "ArrowRight")
        if seconds is not None:
            steps.append(seconds)
        reruns.append(wait_idle(page, settle=0.05) - start)  # the server hears of the step, redraws the rest
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
    errors += [None] * page.locator(EXCEPTION).count()
    context.close()
    return {"renders": renders, "switches": switches, "steps": steps, "reruns": reruns, "errors": errors}


def payloads() -> dict[str, int]:
    """Bytes of each main picture (figure and steps) on its page's default case, shipped models."""
    from seqviz.data import Dataset
    from seqviz.lessons import din, lastn, sim, timebuckets, towers
    from seqviz.lessons.common import representative_item
    from seqviz.models import ModelConfig
    from seqviz.sample import load_sample_model, load_sample_world

    world = load_sample_world()
    dataset = Dataset(world)
    shipped = {cfg: load_sample_model(cfg)[0] for cfg in (ModelConfig("avg"), ModelConfig("din"),
                                                           ModelConfig("sim-hard"),
                                                           *timebuckets.TIME_BUCKETS_CONFIGS)}
    avg, attention, sim_hard, with_time, no_time = shipped.values()
    users, coat = world.demo_users(), representative_item(world, "coat")
    longest = int(world.events["user_id"].value_counts().idxmax())
    pictures = {"lastn": lastn.main_picture(dataset, avg, users["mia"], "en"),
                "din": din.main_picture(dataset, attention, avg, users["eva"], coat, "en"),
                "towers": towers.main_picture(dataset, attention, avg, longest, 1000, "en"),
                "sim": sim.main_picture(dataset, sim_hard, users["mia"], coat, 5000, "en"),
                "time_buckets": timebuckets.main_picture(dataset, with_time, no_time, coat, "en")}
    return {name: picture.payload_bytes() for name, picture in pictures.items()}


def screenshots(browser, pages: list[tuple[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Streamlit scrolls inside its own container, so a full-page shot needs a tall window
    context = browser.new_context(viewport={"width": 1400, "height": 3400})
    page = context.new_page()
    for lang in ("en", "zh"):
        for i, (_, url) in enumerate(pages, start=1):
            open_app(page, f"{url}?lang={lang}")  # as a student first sees it: the question asked
            page.wait_for_timeout(500)  # let Plotly finish its transitions
            page.screenshot(path=str(folder / f"{i}_{slug(url)}_{lang}_ask.png"), full_page=True)
            open_app(page, f"{url}?lang={lang}&questions=false")
            page.wait_for_timeout(500)
            page.screenshot(path=str(folder / f"{i}_{slug(url)}_{lang}.png"), full_page=True)
            for end, key in (("start", "Home"), ("end", "End")):  # both ends of the main picture's slider
                thumb = main_stepper(page)
                if thumb is not None:
                    press(page, thumb, key)
                    wait_idle(page, settle=1.0)
                    page.screenshot(path=str(folder / f"{i}_{slug(url)}_{lang}_{end}.png"), full_page=True)
            for key in PRESETS:  # every lesson preset the page offers (the Lab's start training)
                open_app(page, f"{url}?lang={lang}&questions=false")
                button = page.get_by_role("button", name=t(key, lang), exact=True)
                if button.count():
                    button.first.click()
                    wait_idle(page, settle=1.0, charts_drawn=True)
                    page.wait_for_timeout(500)
                    name = key.rsplit(".", 1)[-1]
                    page.screenshot(path=str(folder / f"{i}_{slug(url)}_{lang}_preset_{name}.png"),
                                    full_page=True)
    context.close()


def class_screenshots(pw, browser, pages: list[tuple[str, str]], url: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    teacher = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    open_app(teacher, f"{url}/din")
    teacher.locator('[data-testid="stSidebar"] summary').filter(has_text=t("poll.header")).click()
    teacher.get_by_role("button", name=t("poll.open")).click()
    code = teacher.locator('[data-testid="stSidebar"] .class-code')
    code.wait_for(timeout=60_000)
    code = code.inner_text().strip()
    open_app(teacher, f"{url}/present")
    teacher.screenshot(path=str(folder / "present_1920_start.png"))
    teacher.get_by_role("button", name=t("present.ask")).nth(2).click()  # the third lesson: DIN
    wait_idle(teacher, settle=1.0)
    phones = {lang: phone_context(pw, browser).new_page() for lang in ("en", "zh")}
    for lang, phone in phones.items():
        open_app(phone, f"{url}/?class={code}&lang={lang}")
    open_app(teacher, f"{url}/present")
    teacher.screenshot(path=str(folder / "present_1920_asked.png"))
    for lang, phone in phones.items():
        for i, (_, page_url) in enumerate(pages, start=1):
            if slug(page_url) == "present":
                continue
            open_app(phone, f"{page_url}?lang={lang}&class={code}")
            phone.wait_for_timeout(500)
            phone.screenshot(path=str(folder / f"phone_{i}_{slug(page_url)}_{lang}.png"))
            charts = phone.locator(".js-plotly-plot")
            if charts.count():
                charts.first.scroll_into_view_if_needed()
                phone.wait_for_timeout(300)
                phone.screenshot(path=str(folder / f"phone_{i}_{slug(page_url)}_{lang}_picture.png"))
    teacher.get_by_role("button", name=t("poll.reveal")).click()
    wait_idle(teacher, settle=1.0, charts_drawn=True)
    teacher.screenshot(path=str(folder / "present_1920_revealed.png"))
    for phone in phones.values():
        phone.context.close()
    teacher.context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--opens", type=int, default=5, help="fresh sessions per page")
    parser.add_argument("--moves", type=int, default=10, help="keyboard steps per slider")
    parser.add_argument("--langs", nargs="+", default=["en", "zh"], help="languages to measure")
    parser.add_argument("--shots", type=Path, help="save screenshots of every page here")
    parser.add_argument("--class-shots", type=Path,
                        help="save screenshots of a class here (presenter, phones); no timings then")
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
        if args.class_shots:
            class_screenshots(pw, browser, pages, url, args.class_shots)
            browser.close()
            return 0
        print("| page | lang | first render, new tab: median / p95 (s) | from the sidebar (s) | "
              "picture step (s) | rerun (s) | exceptions |\n|---|---|---|---|---|---|---|")
        for lang in args.langs:
            for title, page_url in pages:
                # the full picture: a question would hold back some of what moves until it is answered
                m = measure_page(browser, f"{page_url}?lang={lang}&questions=false", args.opens, args.moves)
                cells = [f"{median(m[k]):.2f} / {p95(m[k]):.2f} ({len(m[k])})" if m[k] else "–"
                         for k in ("renders", "switches", "steps", "reruns")]
                print(f"| {title} | {lang} | {' | '.join(cells)} | {len(m['errors'])} |", flush=True)
        print("\nmain picture payload (figure and steps, default case):")
        for name, size in payloads().items():
            print(f"  {name}: {size / 1e6:.2f} MB")
        if args.shots:
            screenshots(browser, pages, args.shots)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
