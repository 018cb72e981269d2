"""The app in a real browser: Chromium (Playwright) against `streamlit run app.py` on loopback.

Opens every page found in the navigation, drags each lesson's main picture with the mouse and steps
it with the keyboard, moves the remaining N and K sliders, switches the language, and checks that
the pictures and their numbers change and that no exception box appears; answers a lesson's
question, and runs a class poll between a teacher's tab and a student's phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.app_server import (
    CHARTS,
    SETTINGS_PAGES,
    charts_signature,
    drag,
    launch,
    main_stepper,
    n_and_k_sliders,
    nav_pages,
    open_app,
    picture_signature,
    press,
    serve,
    slider_value,
    slug,
    stepper_readout,
    wait_charts_change,
    wait_idle,
)
from seqviz.text import STRINGS

ROOT = Path(__file__).resolve().parent.parent
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
        open_app(page, f"{url}{'&' if '?' in url else '?'}questions=false")  # every slider, none held back
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
    assert "sim" in moved, f"the SIM page's N slider was not found: {moved}"


def settled_picture(page) -> str:
    """The main picture's signature once Plotly has stopped changing it (it resizes after drawing)."""
    signature = None
    while signature != (signature := picture_signature(page)):
        page.wait_for_timeout(300)
    return signature


LESSONS = {"lastn": "n", "din": "n", "towers": "m", "sim": "k", "sim?search=twin": "k",
           "time_buckets": "age_hours"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dragging_the_main_picture_moves_its_data_and_its_numbers(app_url, page, lang):
    for lesson, key in LESSONS.items():
        open_app(page, f"{app_url}/{lesson}{'&' if '?' in lesson else '?'}lang={lang}&questions=false")
        thumb = main_stepper(page, timeout=60)
        assert thumb is not None, f"{lesson}: no main picture slider"
        before, numbers, value = settled_picture(page), stepper_readout(page), thumb.input_value()
        # the button still down: only the browser knows of the drag, the server has not been told
        drag(page, thumb, to=0.1 if int(value) > int(thumb.get_attribute("max")) / 2 else 0.9, release=False)
        assert thumb.input_value() != value, f"{lesson}: the drag did not move the slider"
        assert picture_signature(page) != before, f"{lesson}: the picture did not change while dragging"
        assert stepper_readout(page) != numbers, f"{lesson}: the numbers did not change while dragging"
        if lang == "zh":
            assert CJK.search(stepper_readout(page)), stepper_readout(page)
        page.mouse.up()
        wait_idle(page)  # the server heard of it: the link holds the new step
        assert f"{key}=" in page.url and f"{key}={value}" not in page.url.split("&"), page.url
        assert page.locator(EXCEPTION).count() == 0, f"{lesson}: exception after the drag"
        # and the keyboard: one arrow press is one step, drawn before the server's rerun starts
        before = settled_picture(page)
        thumb.focus()
        thumb.press("ArrowLeft")
        assert picture_signature(page) != before, f"{lesson}: an arrow key did not change the picture"


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


def test_a_question_holds_the_numbers_back_until_it_is_answered(app_url, page):
    open_app(page, f"{app_url}/din?lang=zh")
    hidden = STRINGS["ask.hidden"]["zh"]
    assert stepper_readout(page) == hidden
    box = page.locator(".st-key-ask-din")
    box.locator('[role="radiogroup"] label').first.click()
    wait_idle(page)
    box.get_by_role("button", name=STRINGS["ask.send"]["zh"]).click()
    wait_idle(page, settle=1.0, charts_drawn=True)
    answered = stepper_readout(page, unlike=hidden)
    assert answered != hidden and CJK.search(answered), answered
    assert page.locator(".st-key-ask-din .js-plotly-plot").count() == 1  # the guess beside the answer
    assert page.locator(EXCEPTION).count() == 0


def test_a_student_on_a_phone_answers_the_question_the_teacher_opened(app_url, browser, page):
    open_app(page, f"{app_url}/sim")
    page.locator('[data-testid="stSidebar"] summary').filter(has_text=STRINGS["poll.header"]["en"]).click()
    page.get_by_role("button", name=STRINGS["poll.open"]["en"]).click()
    wait_idle(page, settle=0.5)
    code = page.locator(".class-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}", code)
    assert page.locator('[data-testid="stSidebar"] img').count() == 1  # the QR code of the join link
    page.get_by_role("button", name=STRINGS["poll.ask_class"]["en"]).click()
    wait_idle(page, settle=0.5)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    student = phone.new_page()
    try:
        open_app(student, f"{app_url}/?class={code}&lang=zh")  # the join link, opened on the home page
        panel = student.locator(".st-key-poll-student")
        assert "SIM" in panel.inner_text()
        panel.get_by_role("button", name=STRINGS["poll.send"]["zh"]).click()
        wait_idle(student, settle=0.5)
        assert STRINGS["poll.sent"]["zh"].split("{")[0] in panel.inner_text()
        counted = STRINGS["poll.count"]["en"].replace("**{n}**", "1")  # as the page renders it
        page.wait_for_function(f"() => document.body.innerText.includes({counted!r})", timeout=15_000)
        page.get_by_role("button", name=STRINGS["poll.reveal"]["en"]).click()
        wait_idle(page, settle=0.5)
        # the student's panel checks the class by itself, without the student doing anything
        student.wait_for_function("() => /[✅❌]|相差/.test(document.querySelector('.st-key-poll-student')"
                                  "?.innerText || '')", timeout=15_000)
        assert student.locator(EXCEPTION).count() == 0 and page.locator(EXCEPTION).count() == 0
    finally:
        phone.close()


# the charts' drawn text, smallest first: [font size in px, the text]; text outside the window's width
# (a legend scrolled away) or without size (a hidden label) is not drawn for anyone
SMALLEST_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot svg text, .js-plotly-plot svg tspan')]
  .filter(el => el.textContent.trim() && el.getBoundingClientRect().width > 0)
  .map(el => [parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().slice(0, 40)])
  .sort((a, b) => a[0] - b[0]).slice(0, 3)"""


def test_every_charts_text_reads_from_the_back_of_a_classroom(app_url, page):
    """At a 1400 px wide window, no chart draws text under 12 px: not the funnel's stages, not a bar's
    count, not a reveal's labels (each page's question skipped to its reveal)."""
    smallest = {}
    for title, url in nav_pages(page, app_url):
        for questions in ("false", "true"):
            open_app(page, f"{url}{'&' if '?' in url else '?'}questions={questions}")
            skip = page.get_by_role("button", name=STRINGS["ask.skip"]["en"])
            if questions == "true":
                if not skip.count():
                    continue
                before = charts_signature(page)
                skip.first.click()
                wait_charts_change(page, before)
            drawn = page.evaluate(SMALLEST_TEXT)
            if drawn:
                smallest[f"{title}, questions {questions}"] = drawn[0]
    assert smallest, "no chart drew any text"
    small = {where: text for where, text in smallest.items() if text[0] < 12}
    assert not small, small


SHOP = "customer,product,department,ts\n" + "\n".join(
    f"c{user},p{(user * 13 + event * 5) % 90},{('coats', 'mugs', 'books')[(user * 13 + event * 5) % 3]},"
    f"{1_700_000_000 + 86_400 * event + 600 * user}" for user in range(12) for event in range(25))
DEMO_PRESETS = {entry[lang] for key, entry in STRINGS.items() if key.startswith("common.preset.")
                for lang in ("en", "zh")}


def go_to(page, url_path: str) -> None:
    """Through the sidebar's navigation, as a student would: the import belongs to this tab's session."""
    page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]').first.click()
    page.wait_for_url(f"**/{url_path}*")
    wait_idle(page, settle=0.5)


def import_log(page, name: str, content: bytes) -> None:
    go_to(page, "data")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})
    page.locator('[data-testid="stFileUploader"]').first.get_by_text(name).wait_for()  # the upload is done
    either = "|".join(STRINGS["data.import"].values())  # in the language the page is in
    page.get_by_role("button", name=re.compile(f"^({either})$")).click()
    # the import is done when the sidebar names this file as the tab's world
    page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).wait_for(timeout=120_000)
    wait_idle(page, settle=0.5)


def test_an_imported_log_teaches_on_every_page_in_both_languages(app_url, page):
    """A header of other names and a MovieLens-format file, each imported through the Data page: every
    lesson page draws a picture of the log once its models have trained on their own (or at the one
    click a page offers), in English and in Chinese, with no exception and no preset of mia, eva or ana."""
    open_app(page, f"{app_url}/data")
    # the caption beside Streamlit's uploader (whose own text stays English) names its button as drawn
    button = page.locator('[data-testid="stFileUploader"] button').first.inner_text().split()[-1]  # no icon
    assert all(button in STRINGS["data.uploader.help"][lang] for lang in ("en", "zh")), button
    fixture = (ROOT / "tests" / "fixtures" / "movielens_small.csv").read_bytes()
    for name, content in (("shop.csv", SHOP.encode()), ("ratings.csv", fixture)):
        import_log(page, name, content)
        assert page.locator(EXCEPTION).count() == 0, name
        for lang in ("en", "zh"):
            page.locator('[data-testid="stSidebar"] [role="radiogroup"] label').filter(
                has_text="English" if lang == "en" else "中文").click()
            wait_idle(page, settle=0.5)
            for slug_ in ("lastn", "din", "towers", "sim", "time_buckets", "model_lab", ""):
                go_to(page, slug_)
                train_here = page.get_by_role("button", name=re.compile("Train .* here|在这里训练"))
                if train_here.count():
                    train_here.first.click()
                # the page draws itself when its models are done: wait for that event, not a clock
                page.wait_for_function("() => !document.body.innerText.match(/draws itself|自动画出来/)",
                                       timeout=300_000)
                wait_idle(page, settle=1.0, charts_drawn=True)
                where = f"{name}, {lang}, {slug_ or 'home'}"
                assert page.locator(EXCEPTION).count() == 0, where
                if slug_ in ("lastn", "din", "sim", "time_buckets"):
                    assert page.locator(".js-plotly-plot").count() >= 1, where
                shown = {b.inner_text().strip() for b in page.locator(".stButton button").all()}
                assert not shown & DEMO_PRESETS, (where, shown & DEMO_PRESETS)


@pytest.mark.parametrize("path, title_key", [("/lastn/extra?lang=zh&n=7", "lastn.title"),
                                              ("/app_pages/1_home.py", "home.title")])
def test_a_nested_path_reaches_a_page_with_its_query(app_url, page, path, title_key):
    """A path one segment too deep (typed, or a file's path pasted) reaches the first segment's page, or
    Home with Streamlit's "page not found" note, instead of a white tab; the URL's settings stay."""
    open_app(page, app_url + path)
    heading = page.locator("h1").first.inner_text()
    assert any(heading.startswith(v) for v in STRINGS[title_key].values()), heading
    if "lang=zh" in path:
        assert CJK.search(heading) and "n=7" in page.url, page.url
