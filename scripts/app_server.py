"""Run the app headless on a loopback port and drive it with Playwright + Debian's Chromium.

Shared by tests/test_browser.py and scripts/measure_pages.py."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SEQVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'  # no script run in progress
CHARTS = ".js-plotly-plot"
# "charts:drawn" when every chart element holds a drawn Plotly figure, else null. Plotly's component
# loads lazily, so a page can be idle before its charts exist: callers also wait for this to hold still.
_CHARTS_DRAWN_JS = """() => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return charts.every(c => c.querySelector(".js-plotly-plot .main-svg"))
    ? charts.length + ":" + document.querySelectorAll(".js-plotly-plot .main-svg").length : null;
}"""


# pages whose N/K sliders are settings for later (training), not a view: they redraw nothing
SETTINGS_PAGES = ("model_lab",)


def slug(url: str) -> str:
    return urlparse(url).path.strip("/") or "home"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(startup_timeout: float = 120.0, env: dict[str, str] | None = None):
    """`streamlit run app.py` on a free loopback port -> its base URL; stopped on exit. `env`: more
    environment variables for the server."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="seqviz-streamlit-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: see {log.name}") from None
                time.sleep(0.3)
        yield url
    except BaseException:
        print(f"streamlit's log is kept in {log.name}", file=sys.stderr)
        raise
    else:
        Path(log.name).unlink(missing_ok=True)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_idle(page, timeout: float = 60.0, settle: float = 0.25, charts_drawn: bool = False) -> float:
    """Until no script run is in progress for `settle` seconds, and with `charts_drawn` every
    chart holds a drawn figure and their number has not changed meanwhile (Plotly draws after
    the run ends); returns the monotonic time at which that began."""
    deadline = time.monotonic() + timeout
    quiet_since, seen = None, None
    while time.monotonic() < deadline:
        drawn = page.evaluate(_CHARTS_DRAWN_JS) if charts_drawn else "-"
        if page.locator(IDLE).count() and drawn is not None and drawn == (seen or drawn):
            quiet_since, seen = quiet_since or time.monotonic(), drawn
            if time.monotonic() - quiet_since >= settle:
                return quiet_since
        else:
            quiet_since, seen = None, None
        page.wait_for_timeout(50)
    raise TimeoutError("the app kept running")


# A digest of every chart's figure (data and layout) as Plotly holds it in the page; cheap
# enough to poll while a rerun is in flight, unlike serialising the drawn SVG.
_SIGNATURE_JS = """els => {
  const text = els.map(gd => JSON.stringify([gd.data, gd.layout && gd.layout.title])).join("|");
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return els.length + ":" + text.length + ":" + h;
}"""




def charts_signature(page) -> str:
    """Changes when any chart on the page is redrawn with different content."""
    return page.locator(CHARTS).evaluate_all(_SIGNATURE_JS)


def wait_charts_change(page, before: str, timeout: float = 30.0) -> float:
    """Seconds until the charts differ from `before` and the run is over."""
    start = time.monotonic()
    while charts_signature(page) == before:
        if time.monotonic() - start > timeout:
            raise TimeoutError("the charts did not change")
        page.wait_for_timeout(50)
    return wait_idle(page, settle=0.05) - start


def open_app(page, url: str) -> float:
    """Seconds from navigation until the page's charts are drawn and the run is over."""
    start = time.monotonic()
    page.goto(url)
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    return wait_idle(page, settle=1.0, charts_drawn=True) - start


def nav_pages(page, url: str) -> list[tuple[str, str]]:
    """(title, url) of every page in the sidebar navigation."""
    open_app(page, url)
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [(links.nth(i).inner_text().strip().splitlines()[-1], links.nth(i).get_attribute("href"))
            for i in range(links.count())]


def n_and_k_sliders(page):
    """(label, thumb) of the enabled sliders whose label starts with N or K (history length, search size).

    The thumb is the slider's hidden range input: it takes the keyboard and holds value/min/max."""
    sliders = page.locator('[data-testid="stSlider"]')
    found = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        label = slider.locator('[data-testid="stWidgetLabel"]').inner_text().strip()
        thumb = slider.locator('input[type="range"]')
        if label[:1] in ("N", "K") and thumb.count() and thumb.first.is_enabled():
            found.append((label, thumb.first))
    return found


# the main picture's own slider (ui/picture_slider.py), in a shadow root
STEPPER = ".stepper input[type=range]"

# From a key press on the main picture's slider to the first change of its plotted data (a mutation
# inside the chart's plot area, not the slider), and one frame later, when the browser has painted it.
_PICTURE_PROBE_JS = """thumb => { window.__pictureStep = new Promise(resolve => {
  const chart = document.querySelector('[class*="st-key-picture-"] .js-plotly-plot');
  let start = null;
  const observer = new MutationObserver(records => {
    if (start === null || !records.some(r => r.target.closest && r.target.closest('.cartesianlayer'))) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - start));
  });
  observer.observe(chart, {subtree: true, attributes: true, childList: true});
  thumb.addEventListener('keydown', () => { start = performance.now(); }, {once: true, capture: true});
  setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
}); }"""


PICTURE = '[class*="st-key-picture-"] .js-plotly-plot'  # the main picture's chart


def picture_signature(page) -> str:
    """Changes when the main picture's plotted data or layout changes (see charts_signature)."""
    return page.locator(PICTURE).evaluate_all(_SIGNATURE_JS)


def drag(page, thumb, to: float, release: bool = True) -> None:
    """Drag a range input with the mouse from where its handle is to the share `to` of its rail;
    without `release` the button stays down (the server has not been told yet)."""
    thumb.scroll_into_view_if_needed()
    box = thumb.bounding_box()
    low, high = int(thumb.get_attribute("min") or 0), int(thumb.get_attribute("max"))
    share = (int(thumb.input_value()) - low) / max(high - low, 1)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + share * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + to * box["width"], y, steps=12)
    if release:
        page.mouse.up()


def main_stepper(page, timeout: float = 0.0):
    """The main picture's slider, or None on a page without one. With `timeout`, for a page that has
    one: wait up to that many seconds for it. Its script mounts it after the run is over and the charts
    are drawn, and on a busy machine it was not there yet ("no main picture slider" on DIN)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    thumb = page.locator(STEPPER)
    if timeout:
        with contextlib.suppress(PlaywrightTimeout):
            thumb.first.wait_for(state="attached", timeout=timeout * 1000)
    return thumb.first if thumb.count() else None


def stepper_readout(page, unlike: str = "", timeout: float = 10.0) -> str:
    """The story's numbers under the main picture, as the student reads them, once they are not
    `unlike` (or `timeout` seconds have passed).

    The slider's own script fills them in after Streamlit has mounted it or sent it new data, which
    can come after the run is over and the charts are drawn: until then the readout is empty (no
    step's is), or still shows what the previous run sent."""
    readout = page.locator(".stepper .readout").first
    deadline = time.monotonic() + timeout
    while (text := readout.inner_text()) == unlike and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return text


def picture_step_seconds(page, thumb, key: str) -> float | None:
    """Seconds from one key press on the main picture's slider until its plotted data changed and was
    painted (None if it did not change within 5 s). The key press is real keyboard input."""
    thumb.focus()
    thumb.evaluate(_PICTURE_PROBE_JS)
    page.keyboard.press(key)
    ms = page.evaluate("() => window.__pictureStep")
    return None if ms is None else ms / 1000


def slider_value(thumb) -> int:
    return int(float(thumb.input_value()))


def press(page, thumb, key: str, times: int = 1) -> None:
    thumb.focus()
    for _ in range(times):
        page.keyboard.press(key)


PHONE = "iPhone 13"  # 390 x 844, touch, a phone's User-Agent (the app lays its charts out for it)


def phone_context(playwright, browser):
    """A new browser profile that is a phone (Playwright's iPhone 13: 390 x 844, touch, its User-Agent)."""
    device = {k: v for k, v in playwright.devices[PHONE].items() if k != "default_browser_type"}
    return browser.new_context(**device)


_PAST_THE_SCREEN_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  let right = main.scrollWidth;
  for (const el of main.querySelectorAll('.js-plotly-plot, .js-plotly-plot *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) right = Math.max(right, box.right);
  }
  return Math.round(right - window.innerWidth);
}"""


def past_the_screen(page) -> int:
    """How many pixels the page, or anything drawn in a chart (a title, a legend, a note), reaches past
    the screen's right edge (0 or less: it fits)."""
    return page.evaluate(_PAST_THE_SCREEN_JS)
