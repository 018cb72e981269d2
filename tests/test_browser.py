"""The app in a real browser: Chromium (Playwright) against `streamlit run app.py` on loopback.

Opens every page found in the navigation, moves the N and K sliders with the keyboard, switches
the language, and checks that the charts redraw and that no exception box appears."""

from __future__ import annotations

import re

import pytest

from scripts.app_server import (
    CHARTS,
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
from seqviz.text import STRINGS

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
ENGLISH_TITLES = {v["en"] for k, v in STRINGS.items() if k.startswith("nav.") and not k.endswith(".icon")}
CJK = re.compile(r"[\u4e00-\u9fff]")
EXCEPTION = '[data-testid="stException"]'
H1_IS_CHINESE = "() => /[\\u4e00-\\u9fff]/.test(document.querySelector('h1')?.innerText || '')"


@pytest.fixture(scope="module")
def app_url():
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def test_every_page_opens_and_its_sliders_redraw_the_charts(app_url, page):
    pages = nav_pages(page, app_url)
    assert len(pages) >= 4, pages
    moved = {}
    for title, url in pages:
        open_app(page, url)
        assert page.locator(EXCEPTION).count() == 0, f"{title}: exception on open"
        for label, thumb in n_and_k_sliders(page):
            before_value, before = slider_value(thumb), charts_signature(page)
            key = "ArrowRight" if before_value <= int(thumb.get_attribute("min")) else "ArrowLeft"
            press(page, thumb, key, times=3)
            if page.locator(CHARTS).count() and slug(url) not in SETTINGS_PAGES:
                wait_charts_change(page, before)
            else:  # a setting, or a model this world lacks (the page says so instead of drawing)
                wait_idle(page)
            assert slider_value(thumb) != before_value, f"{title}: {label} did not move"
            assert page.locator(EXCEPTION).count() == 0, f"{title}: exception after moving {label}"
            moved[slug(url)] = label
    assert "lastn" in moved, f"the LastN page's N slider was not found: {moved}"


def test_switching_to_chinese_changes_every_page_title(app_url, page):
    open_app(page, app_url)
    page.locator('[data-testid="stSidebar"] label').filter(has_text="中文").click()
    page.wait_for_function(H1_IS_CHINESE, timeout=30_000)
    wait_idle(page)
    nav = [t.strip() for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
    assert nav and all(CJK.search(t) for t in nav), nav
    assert not [t for t in nav if any(title in t for title in ENGLISH_TITLES)], nav
    links = page.locator('[data-testid="stSidebarNav"] a')
    for i in range(links.count()):  # clicking keeps the session, as a student would
        target = slug(links.nth(i).get_attribute("href"))
        links.nth(i).click()
        page.wait_for_url(lambda u, target=target: slug(u) == target, timeout=30_000)
        wait_idle(page)
        page.wait_for_function(H1_IS_CHINESE, timeout=30_000)
        assert page.locator(EXCEPTION).count() == 0, nav[i]
        assert "lang=zh" in page.url, page.url
