"""A class in real browsers (Playwright + Chromium): phones that reload and move between pages, a
teacher who presses F5 or comes back on another device, a class whose teacher left.

Every wait is for an event (a panel showing a text, a count reaching a value), never a fixed time.
The server's poll clock can be moved forward (seqviz.poll.CLOCK_OFFSET_ENV) so that a teacher's
ten-minute absence takes no ten minutes."""

from __future__ import annotations

import re
import tempfile
import urllib.request
from pathlib import Path

import pytest

from scripts.app_server import launch, nav_pages, open_app, past_the_screen, phone_context, serve, wait_idle
from seqviz.poll import CLOCK_OFFSET_ENV, TEACHER_IDLE_SECONDS
from seqviz.text import STRINGS
from ui.poll import qr_png

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
EXCEPTION = '[data-testid="stException"]'
PANEL = ".st-key-poll-student"


def en(key: str, **fmt) -> str:
    return STRINGS[key]["en"].format(**fmt)


def rendered(text: str) -> str:
    """A string-table text as the page shows it: markdown's ** gone."""
    return text.replace("**", "")


@pytest.fixture(scope="module")
def clock_file():
    with tempfile.NamedTemporaryFile("w", suffix=".clock", delete=False) as f:
        f.write("0")
    yield Path(f.name)
    Path(f.name).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def app_url(clock_file):
    with serve(env={CLOCK_OFFSET_ENV: str(clock_file)}) as url:
        yield url


@pytest.fixture(scope="module")
def pw():
    with playwright.sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(pw):
    chromium = launch(pw)
    yield chromium
    chromium.close()


@pytest.fixture
def device(pw, browser):
    """New browser profiles (each its own cookies): device() a laptop, device(phone=True) a phone."""
    contexts = []

    def new(phone: bool = False):
        contexts.append(phone_context(pw, browser) if phone
                        else browser.new_context(viewport={"width": 1400, "height": 1000}))
        return contexts[-1].new_page()
    yield new
    for context in contexts:
        context.close()


def wait_text(page, text: str, where: str = "body", timeout: float = 60_000) -> None:
    page.wait_for_function("([sel, text]) => (document.querySelector(sel)?.innerText || '').includes(text)",
                           arg=[where, text], timeout=timeout)


def class_section(page):
    """The sidebar's class section, opened (it opens by itself for a teacher or a student)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    section = sidebar.locator("details").filter(has=page.locator("summary", has_text=en("poll.header")))
    if section.get_attribute("open") is None:
        section.locator("summary").first.click()
    return sidebar


def press_until(button, shown, tries: int = 5) -> None:
    """Press `button` until `shown` (a locator) appears: under load a press during a rerun or an
    expander's opening can be lost, and the test waits for what the press does, not for time."""
    for _ in range(tries - 1):
        button.click()
        try:
            shown.wait_for(timeout=15_000)
            return
        except playwright.TimeoutError:
            continue
    button.click()
    shown.wait_for(timeout=60_000)


def take_back(page, code: str, key: str) -> None:
    """Fill in the sidebar's "Take a class back" popover and press its button."""
    press_until(class_section(page).get_by_role("button", name=en("poll.take_back")),
                page.get_by_label(en("poll.code")))
    page.get_by_label(en("poll.code")).fill(code)
    page.get_by_label(en("poll.key")).fill(key)
    page.get_by_role("button", name=en("poll.take_back.go")).click()


def open_class(page, url: str) -> str:
    """A teacher opens a class from the sidebar on `url`; -> its code."""
    open_app(page, url)
    code = page.locator('[data-testid="stSidebar"] .class-code')
    press_until(class_section(page).get_by_role("button", name=en("poll.open")), code)
    wait_idle(page)
    return code.inner_text().strip()


def ask(page) -> None:
    press_until(page.get_by_role("button", name=en("poll.ask_class")),
                page.get_by_text(rendered(en("poll.count", n=0))))


def send(phone) -> None:
    """The phone sends the answer its panel offers (SIM's question: a number, its slider's middle)."""
    panel = phone.locator(PANEL)
    panel.get_by_role("button", name=en("poll.send")).wait_for(timeout=60_000)
    panel.get_by_role("button", name=en("poll.send")).click()
    wait_text(phone, en("poll.sent", answer="").split(":")[0], PANEL)


def test_a_phone_that_reloads_or_moves_keeps_its_seat_and_counts_once(app_url, device):
    teacher = device()
    code = open_class(teacher, f"{app_url}/sim")
    ask(teacher)
    phone = device(phone=True)
    open_app(phone, f"{app_url}/?class={code}")
    send(phone)
    wait_text(teacher, rendered(en("poll.count", n=1)))
    for _ in range(3):  # the phone reloads and answers again, three times
        phone.reload()
        wait_text(phone, en("poll.sent", answer="").split(":")[0], PANEL)  # its answer is still its own
        send(phone)
    # it moves to another page by the home page's lesson map, then reloads there: still in the class
    phone.goto(f"{app_url}/?class={code}")
    phone.locator('[data-testid="stMain"]').get_by_role("link", name=re.compile("DIN")).first.click()
    phone.wait_for_url(re.compile(r"/din"), timeout=60_000)
    wait_text(phone, en("poll.student.header", code=code).strip("*:"), PANEL)
    phone.reload()
    wait_text(phone, en("poll.student.header", code=code).strip("*:"), PANEL)
    assert f"class={code}" in phone.url
    send(phone)
    other = device(phone=True)  # a second phone answers: the count the teacher sees then includes all
    open_app(other, f"{app_url}/din?class={code}")
    send(other)
    wait_text(teacher, rendered(en("poll.count", n=2)))
    assert rendered(en("poll.count", n=3)) not in teacher.inner_text("body")
    assert phone.locator(EXCEPTION).count() == 0 and teacher.locator(EXCEPTION).count() == 0


def test_the_teacher_reloads_takes_the_class_back_and_no_one_else_can(app_url, device):
    teacher = device()
    code = open_class(teacher, f"{app_url}/sim")
    # the join link and its QR code carry the code and nothing else
    link = teacher.locator('[data-testid="stSidebar"] [data-testid="stCode"]').first.inner_text().strip()
    assert re.fullmatch(rf"http://[^?]+/\?class={code}", link), link
    src = teacher.locator('[data-testid="stSidebar"] img').first.get_attribute("src")
    with urllib.request.urlopen(app_url + src if src.startswith("/") else src) as r:
        assert r.read() == qr_png(link)
    teacher.locator('[data-testid="stSidebar"] summary').filter(has_text=en("poll.key.header")).click()
    key = teacher.locator('[data-testid="stSidebar"] [data-testid="stCode"]').last.inner_text().strip()
    assert re.fullmatch(r"([A-Z0-9]{4}-){3}[A-Z0-9]{4}", key) and key.replace("-", "") not in link
    ask(teacher)
    phone = device(phone=True)
    open_app(phone, f"{app_url}/?class={code}")
    send(phone)

    teacher.reload()  # F5: the class, its question and its count come back
    wait_text(teacher, rendered(en("poll.count", n=1)))
    assert teacher.locator('[data-testid="stSidebar"] .class-code').inner_text().strip() == code

    intruder = device()  # another browser with the code but not the key: a student, not a teacher
    open_app(intruder, f"{app_url}/sim?class={code}")
    assert intruder.get_by_role("button", name=en("poll.reveal")).count() == 0
    intruder.goto(app_url + "/sim")  # a reload without the link: its seat kept (a cookie), still a student
    intruder.locator(PANEL).wait_for(timeout=60_000)
    assert intruder.get_by_role("button", name=en("poll.reveal")).count() == 0
    guesser = device()  # someone who tries to take the class back with a key of their own
    open_app(guesser, f"{app_url}/sim")
    take_back(guesser, code, "ABCD-EFGH-JKMN-PQRS")
    wait_text(guesser, en("poll.error.not_teacher"))
    assert guesser.get_by_role("button", name=en("poll.reveal")).count() == 0

    second = device()  # the teacher's second device, with the key typed in
    open_app(second, f"{app_url}/sim")
    take_back(second, code.lower(), key.lower())
    second.get_by_role("button", name=en("poll.reveal")).click()
    wait_text(phone, "SIM", PANEL)
    phone.wait_for_function("() => /[✅❌]|off|相差/.test(document.querySelector('.st-key-poll-student')"
                            "?.innerText || '')", timeout=60_000)  # the reveal reached the phone


def test_a_full_width_code_joins_and_a_class_whose_teacher_left_closes(app_url, device, clock_file):
    teacher = device()
    code = open_class(teacher, f"{app_url}/lastn")
    ask(teacher)
    student = device()
    open_app(student, f"{app_url}/lastn")
    class_section(student)
    wide = code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # typed in a Chinese input mode
    student.get_by_label(en("poll.join.code")).fill(wide)
    student.get_by_label(en("poll.join.code")).press("Enter")  # the field's value reaches the server first
    wait_idle(student)
    press_until(student.get_by_role("button", name=en("poll.join")), student.locator(PANEL))
    wait_text(student, en("poll.student.header", code=code).strip("*:"), PANEL)
    wait_text(student, en("poll.held_back"))  # the class's question is about this page: answer held back
    assert en("ask.hidden") in student.inner_text("body")
    teacher.close()  # the teacher leaves; the student's panel still checks every 2 s
    clock_file.write_text(str(TEACHER_IDLE_SECONDS + 1))
    wait_text(student, en("poll.error.no_class", code=code), PANEL)
    assert student.locator(EXCEPTION).count() == 0



def test_every_lesson_page_fits_a_phone_with_the_class_panel_on_top(app_url, device):
    teacher = device()
    code = open_class(teacher, f"{app_url}/din")
    ask(teacher)
    pages = nav_pages(teacher, app_url)
    phone = device(phone=True)
    assert phone.viewport_size["width"] == 390
    for title, url in pages:
        if "present" in url:
            continue  # the projector's page: the teacher's only
        open_app(phone, f"{url}{'&' if '?' in url else '?'}class={code}")
        panel, main = phone.locator(PANEL), phone.locator('[data-testid="stMainBlockContainer"]')
        panel.wait_for(timeout=60_000)
        assert panel.bounding_box()["y"] <= main.locator("h1").first.bounding_box()["y"], title  # on top
        assert past_the_screen(phone) <= 0, f"{title}: {past_the_screen(phone)} px past a 390 px screen"
        assert phone.locator(EXCEPTION).count() == 0, title
