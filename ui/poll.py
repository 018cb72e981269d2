"""The class poll in the app: the teacher's sidebar and presenter's view, the question box on each
lesson page, and the students' panel, which follows the teacher's question.

The store (seqviz.poll) lives once per server process. A session holds what gives it its rights: the
teacher's Teacher (code and key), a student's Seat (code and seat). Both are kept by the browser in a
cookie, so that a reload, a new tab of the same page or a move to another page keeps them:
  * why a cookie and not the URL: Streamlit's page navigation drops the query string, and a URL is
    what gets copied to a friend or shown on the projector; a cookie stays on the device, and the
    join link and its QR carry only the code (`?class=CODE`);
  * the cookie is written by a script in the page (`st.html`), the only way a Streamlit app can set
    one, and read back from the websocket's request (`st.context.cookies`) when a new session starts.
A student's panel is a fragment that polls the store every few seconds: it reruns alone, not the
student's whole page, except when the page itself must change (its question opened or revealed).
"""

from __future__ import annotations

import html
import io
import json
from urllib.parse import urlsplit

import segno
import streamlit as st

from seqviz import literal
from seqviz.lessons.questions import Question, class_figure, class_record
from seqviz.poll import MemoryStore, PollError, Seat, Teacher, key_text, normal_code, server_clock

from .frame import Frame
from .widgets import answer_input, chart, show_reveal

STUDENT_POLL_SECONDS = 2.0  # how soon a student's screen shows the teacher's next question
TEACHER_POLL_SECONDS = 1.0  # how often the teacher's histogram fills in
TEACHER_SEEN_SECONDS = 30.0  # how often a teacher's open tab tells the store it is still there
TEACHER, STUDENT = "poll.teacher", "poll.student"
SEAT_COOKIE, TEACHER_COOKIE = "seqviz_seat", "seqviz_teacher"
COOKIE_SECONDS = 12 * 3600  # longer than any class: the store forgets a closed class's seats anyway
WRITTEN = "poll.cookies_written"  # cookies this session has set or cleared in the browser
SIDEBAR_PROBLEM = "poll.problem"  # a refusal the sidebar shows on the next run
STUDENT_PROBLEM = "poll.student_problem"  # (key, view state): shown until the class moves on
PAGE, HELD = "poll.page", "poll.held"  # the student's page, and the id of its question held back (or None)
ASK_ON_ARRIVAL = "poll.ask_on_arrival"  # the lesson whose question the teacher's next page asks at once
CONFIRM_CLOSE = "poll.confirm_close"
RESTORED = "poll.restored"  # the cookies are read at a session's first run only (they are not updated)
NO_QUESTION = ("data", "present")  # pages without a lesson's question, left out of the class's order


@st.cache_resource(show_spinner=False)
def class_store() -> MemoryStore:
    """The server process's classes (one process: see the README for several)."""
    return MemoryStore(clock=server_clock())


def teacher() -> Teacher | None:
    return st.session_state.get(TEACHER)


def in_class_as_student() -> bool:
    return STUDENT in st.session_state


def _cookie(name: str) -> tuple[str, str] | None:
    parts = st.context.cookies.get(name, "").split(".")
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def _enter(code: str) -> None:
    """This device's seat in class `code` (a refusal is shown by the panel, which offers to leave)."""
    try:
        st.session_state[STUDENT] = class_store().join(code)
    except PollError as e:
        st.session_state[STUDENT] = Seat(normal_code(code), "")
        st.session_state[STUDENT_PROBLEM] = (e.key, None)


def restore() -> None:
    """At a session's first run (a new tab, a reload): the teacher's powers or the student's seat the
    browser's cookies hold, or a new seat for a join link's `?class=CODE` (at any run)."""
    first = RESTORED not in st.session_state
    st.session_state[RESTORED] = True
    code = normal_code(st.query_params.get("class", ""))
    if TEACHER in st.session_state or STUDENT in st.session_state or not first:
        if code and TEACHER not in st.session_state and (
                STUDENT not in st.session_state or st.session_state[STUDENT].code != code):
            _enter(code)  # a join link opened or typed in this tab: that class, with a new seat
        return
    kept = _cookie(TEACHER_COOKIE)
    if kept and (not code or code == kept[0]):
        try:
            st.session_state[TEACHER] = class_store().take_back(*kept)
            return
        except PollError:
            pass  # closed meanwhile: the cookie is cleared below, by keep_cookies
    seat = _cookie(SEAT_COOKIE)
    if seat and (not code or code == seat[0]) and class_store().seated(Seat(*seat)):
        st.session_state[STUDENT] = Seat(*seat)
    elif code:
        _enter(code)


def keep_cookies() -> None:
    """Write into the browser's cookies what this session holds (or clear what it no longer holds)."""
    mine, seat = teacher(), st.session_state.get(STUDENT)
    wanted = {TEACHER_COOKIE: f"{mine.code}.{mine.key}" if mine else None,
              SEAT_COOKIE: f"{seat.code}.{seat.seat}" if seat and seat.seat else None}
    written = st.session_state.setdefault(WRITTEN, set())
    script = []
    for name, value in wanted.items():
        if value == st.context.cookies.get(name) or (value is None and name not in st.context.cookies
                                                     and name not in written):
            continue
        written.add(name)  # values are code letters and URL-safe token characters: safe in a script
        age = COOKIE_SECONDS if value else 0
        script.append(f"document.cookie = '{name}={value or ''}; path=/; max-age={age}; SameSite=Strict';")
    if script:
        st.html(f"<script>{' '.join(script)}</script>", unsafe_allow_javascript=True)
    if seat is not None:
        st.query_params["class"] = seat.code  # a student's pages all say which class, for a reload


def _problem(frame: Frame, error: PollError, code: str = "") -> None:
    st.error(frame.t(error.key, code=code))


def _store_call(call, *args):
    """call(*args) on the store; a refusal's message key kept in the session for the sidebar to show
    on the next run (callbacks run before the page draws)."""
    try:
        return call(*args)
    except PollError as e:
        st.session_state[SIDEBAR_PROBLEM] = e.key
        return None


def _open_class() -> None:
    opened = _store_call(class_store().open_class)
    if opened is not None:
        st.session_state[TEACHER] = opened
        st.session_state.pop(STUDENT, None)


def _take_back(code_key: str, key_key: str) -> None:
    taken = _store_call(class_store().take_back, st.session_state.get(code_key, ""),
                        st.session_state.get(key_key, ""))
    if taken is not None:
        st.session_state[TEACHER] = taken
        st.session_state.pop(STUDENT, None)


def _close_class() -> None:
    st.session_state.pop(CONFIRM_CLOSE, None)
    try:
        class_store().close(st.session_state.pop(TEACHER))
    except PollError:
        pass  # closed already (its teacher was away): the teacher's session lets go of it all the same


def _join(key: str) -> None:
    code = normal_code(st.session_state.get(key, ""))
    if code:
        _enter(code)


def _leave() -> None:
    st.session_state.pop(STUDENT, None)
    st.session_state.pop(STUDENT_PROBLEM, None)
    if "class" in st.query_params:
        del st.query_params["class"]


@st.cache_data(show_spinner=False, max_entries=32)
def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def join_url(address: str, code: str) -> str:
    return f"{address.rstrip('/')}/?class={code}"


def _default_address() -> str:
    """Where this tab reached the server: right on a classroom network, wrong for 'localhost'."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost:8501"


def class_link(me: Teacher) -> str | None:
    """The join link for the address the teacher set in the sidebar (this tab's, until changed)."""
    address = st.session_state.get("poll_address") or _default_address()
    return join_url(address, me.code) if address.startswith(("http://", "https://")) else None


def sidebar(frame: Frame) -> None:
    """The sidebar's class section: open, join or take back a class; the teacher's code, link, QR,
    key, record and close."""
    mine = teacher()
    with st.expander(frame.t("poll.header"), expanded=mine is not None or in_class_as_student()):
        problem = st.session_state.pop(SIDEBAR_PROBLEM, None)
        if problem:
            st.error(frame.t(problem, code=""))
        if mine is not None:
            _teacher_sidebar(frame, mine)
        elif in_class_as_student():
            st.markdown(frame.t("poll.joined", code=st.session_state[STUDENT].code))
            st.button(frame.t("poll.leave"), key="poll-leave", on_click=_leave)
        else:
            st.button(frame.t("poll.open"), key="poll-open", on_click=_open_class, width="stretch")
            st.caption(frame.t("poll.open.help"))
            st.text_input(frame.t("poll.join.code"), key="poll-join-code", max_chars=12)
            st.button(frame.t("poll.join"), key="poll-join", on_click=_join, args=("poll-join-code",))
            with st.popover(frame.t("poll.take_back"), width="stretch"):
                st.text_input(frame.t("poll.code"), key="poll-back-code", max_chars=12)
                st.text_input(frame.t("poll.key"), key="poll-back-key", max_chars=40, type="password")
                st.button(frame.t("poll.take_back.go"), key="poll-back", on_click=_take_back,
                          args=("poll-back-code", "poll-back-key"))


def _teacher_sidebar(frame: Frame, me: Teacher) -> None:
    st.caption(frame.t("poll.code"))
    # the code is drawn from seqviz.poll.CODE_LETTERS only: safe as HTML
    st.markdown(f'<div class="class-code" style="font-size:3.2rem;font-weight:800;'
                f'letter-spacing:0.25rem;line-height:1.1">{me.code}</div>', unsafe_allow_html=True)
    teacher_seen(frame, me)
    if "present" in _page_slugs():
        st.page_link(_page("present"), label=frame.t("nav.present"), icon=frame.t("nav.present.icon"))
    st.text_input(frame.t("poll.address"), _default_address(), key="poll_address",
                  help=frame.t("poll.address.help"))
    url = class_link(me)
    if url is None:
        st.warning(frame.t("poll.address.bad"))
    else:
        st.code(url, language=None)
        st.image(qr_png(url), caption=frame.t("poll.qr"), width=220,
                 output_format="PNG")  # PNG: JPEG blurs a QR code
    with st.expander(frame.t("poll.key.header")):
        st.caption(frame.t("poll.key.help"))
        st.code(key_text(me.key), language=None)
    record_downloads(frame, me)
    close_button(frame, me)


@st.fragment(run_every=TEACHER_SEEN_SECONDS)
def teacher_seen(frame: Frame, me: Teacher) -> None:
    """How many devices have joined, every half minute: also what keeps the class open while its
    teacher's tab is (a class whose teacher is gone for ten minutes closes)."""
    try:
        seats = class_store().seats(me)
    except PollError as e:
        _problem(frame, e, me.code)
        st.session_state.pop(TEACHER, None)
        return
    st.caption(frame.t("poll.seats", n=seats))


def record_downloads(frame: Frame, me: Teacher) -> None:
    """The class's answers so far, as CSV and JSON: anonymous counts per question and answer."""
    try:
        table = class_record(class_store().record(me), frame.lang)
    except PollError:
        return
    if table.empty:
        return
    left, right = st.columns(2)
    left.download_button(frame.t("poll.record.csv"), table.to_csv(index=False).encode("utf-8-sig"),
                         file_name=f"class-{me.code}.csv", mime="text/csv", key="poll-csv", width="stretch")
    right.download_button(frame.t("poll.record.json"),
                          json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=1),
                          file_name=f"class-{me.code}.json", mime="application/json", key="poll-json",
                          width="stretch")


def close_button(frame: Frame, me: Teacher) -> None:
    """Close, in two steps: the first says what closing loses."""
    if not st.session_state.get(CONFIRM_CLOSE):
        st.button(frame.t("poll.close"), key="poll-close",
                  on_click=lambda: st.session_state.update({CONFIRM_CLOSE: True}), width="stretch")
        return
    try:
        asked = len(class_store().record(me))
    except PollError:
        asked = 0
    st.warning(frame.t("poll.close.loses", n=asked, count=asked))
    left, right = st.columns(2)
    left.button(frame.t("poll.close.yes"), key="poll-close-yes", on_click=_close_class, type="primary",
                width="stretch")
    right.button(frame.t("poll.close.no"), key="poll-close-no",
                 on_click=lambda: st.session_state.pop(CONFIRM_CLOSE, None), width="stretch")


# --- the class's order of lessons ---------------------------------------------------------------------

def _pages() -> list:
    return st.session_state.get("_pages", [])


def _page_slugs() -> list[str]:
    return [p.url_path for p in _pages()]


def _page(slug: str):
    return next(p for p in _pages() if p.url_path == slug)


def lesson_order() -> list:
    """The lessons a class steps through, in the navigation's order: every page with a question."""
    return [p for p in _pages() if p.url_path not in NO_QUESTION]


def next_lesson(slug: str):
    order = lesson_order()
    slugs = [p.url_path for p in order]
    return order[slugs.index(slug) + 1] if slug in slugs and slugs.index(slug) + 1 < len(order) else None


def go_ask(page) -> None:
    """Go to `page` and ask its question there at once (its question is built by the page)."""
    st.session_state[ASK_ON_ARRIVAL] = page.url_path
    st.switch_page(page)


# --- the teacher's page ------------------------------------------------------------------------------

def _ask_class(me: Teacher, question: Question) -> None:
    _store_call(class_store().ask, me, question.id, question)


def _reveal(me: Teacher) -> None:
    _store_call(class_store().reveal, me)


def teacher_box(frame: Frame, me: Teacher, question: Question) -> bool:
    """The page's question for the class: ask it, watch the answers come in, reveal, go on to the next
    lesson. -> True while the teacher's picture holds the answer back (until the class has seen it)."""
    if st.session_state.get(ASK_ON_ARRIVAL) == question.page:
        del st.session_state[ASK_ON_ARRIVAL]
        _ask_class(me, question)
    try:
        view = class_store().view(me.code)
    except PollError as e:  # the class was closed (its teacher away too long): the teacher opens another
        _problem(frame, e, me.code)
        st.session_state.pop(TEACHER, None)
        return False
    open_here = view.question_id == question.id
    with st.container(border=True, key=f"ask-{question.id}"):
        st.markdown(f"**{frame.t('poll.teacher.header', code=me.code)}** {question.prompt[frame.lang]}")
        if not open_here:
            st.button(frame.t("poll.ask_class"), key=f"poll-ask-{question.id}", type="primary",
                      on_click=_ask_class, args=(me, question))
            # revealed to the class before: the page stays open below it (where a second question waits)
            asked = _store_call(class_store().record, me) or ()
            return question.id not in {one.question_id for one in asked if one.revealed}
        if not view.revealed:
            live_answers(frame, me, view.question)
            st.button(frame.t("poll.reveal"), key=f"poll-reveal-{question.id}", type="primary",
                      on_click=_reveal, args=(me,))
            return True
        revealed_answers(frame, me, view.question, f"reveal-{question.id}")
        left, right = st.columns(2)
        left.button(frame.t("poll.ask_again"), key=f"poll-again-{question.id}", on_click=_ask_class,
                    args=(me, question))
        following = next_lesson(question.page)
        if following is not None and right.button(frame.t("poll.next", lesson=following.title),
                                                  key=f"poll-next-{question.id}", type="primary"):
            go_ask(following)
    return False


def revealed_answers(frame: Frame, me: Teacher, question: Question, key: str) -> None:
    answers = _store_call(class_store().answers, me) or []
    st.markdown(frame.t("poll.count", n=len(answers)))
    chart(class_figure(question, answers, frame.lang, revealed=True), key)
    st.caption(question.why[frame.lang])


@st.fragment(run_every=TEACHER_POLL_SECONDS)
def live_answers(frame: Frame, me: Teacher, question: Question) -> None:
    """The class's answers as they arrive, the answer still hidden."""
    try:
        answers = class_store().answers(me)
    except PollError as e:
        _problem(frame, e, me.code)
        return
    st.markdown(frame.t("poll.count", n=len(answers)))
    chart(class_figure(question, answers, frame.lang, revealed=False), "poll-live")


# --- the students' panel -----------------------------------------------------------------------------

def note_page(slug: str) -> None:
    """Before a student's page runs: which page it is, and which of its questions the class has open
    (the page holds back that question's answer). The panel compares the class with this as it polls."""
    held = None
    seat = st.session_state.get(STUDENT)
    if seat is not None and seat.seat:
        try:
            held = _held_on(class_store().view(seat.code), slug)
        except PollError:
            pass
    st.session_state[PAGE], st.session_state[HELD] = slug, held


def _held_on(view, slug: str | None) -> str | None:
    """The id of the class's open question if it is asked on page `slug` (a page may ask two)."""
    question = view.question
    open_here = question is not None and question.page == slug and not view.revealed
    return view.question_id if open_here else None


def holds_back(question: Question) -> bool:
    """Whether a student's page holds back this question's answer: the class has it open."""
    return st.session_state.get(HELD) == question.id  # an id that note_page found on this page


def _class_state(seat: Seat) -> tuple | None:
    try:
        view = class_store().view(seat.code)
    except PollError:
        return None
    return view.question_id, view.revealed


def _send(seat: Seat, question_id: str, key: str) -> None:
    st.session_state.pop(STUDENT_PROBLEM, None)
    try:
        if st.session_state.get(key) is None:
            raise PollError("ask.pick_first")
        class_store().answer(seat, question_id, st.session_state[key])
    except PollError as e:  # shown while the class stays where it is now (revealed, say), not one refresh
        st.session_state[STUDENT_PROBLEM] = (e.key, _class_state(seat))


@st.fragment(run_every=STUDENT_POLL_SECONDS)
def student_panel(frame: Frame) -> None:
    """The teacher's open question on a student's screen, its answer box, and then the reveal."""
    if STUDENT not in st.session_state:
        return
    seat: Seat = st.session_state[STUDENT]
    with st.container(border=True, key="poll-student"):
        problem = st.session_state.get(STUDENT_PROBLEM)
        try:
            view = class_store().view(seat.code)
            if not seat.seat:
                raise PollError(problem[0] if problem else "poll.error.no_seat")
        except PollError as e:
            _problem(frame, e, seat.code)
            st.button(frame.t("poll.leave"), key="poll-leave-panel", on_click=_leave)
            return
        state = (view.question_id, view.revealed)
        held = _held_on(view, st.session_state.get(PAGE))
        if held != st.session_state.get(HELD):
            st.rerun()  # the page below must hold its answer back, or may show it now (a full rerun)
        if problem and problem[1] == state:
            st.warning(frame.t(problem[0], code=seat.code))  # stays until the class moves on
        if view.question is None:
            st.markdown(frame.t("poll.waiting", code=seat.code))
            return
        question: Question = view.question
        try:
            mine = class_store().my_answer(seat, view.question_id)
        except PollError as e:
            _problem(frame, e, seat.code)
            return
        header = f"**{frame.t('poll.student.header', code=seat.code)}**"
        if view.revealed:  # the reveal repeats the question beside its answer
            st.markdown(header)
            show_reveal(frame, question, mine)
            return
        st.markdown(f"{header} {question.prompt[frame.lang]}")
        key = f"poll.{seat.code}.{view.question_id}"
        answer_input(frame, question, key)
        st.button(frame.t("poll.send"), key=f"{key}.send", type="primary", on_click=_send,
                  args=(seat, view.question_id, key))
        if mine is not None:
            st.caption(frame.t("poll.sent", answer=literal.markdown(question.label(mine, frame.lang))))


# --- the presenter's view ----------------------------------------------------------------------------

def join_banner(frame: Frame, me: Teacher) -> None:
    """The code and the link in type a room can read from the back, and how many have joined."""
    link = class_link(me)
    st.markdown(f"### {frame.t('present.join')}")
    if link is not None:  # the teacher's own address (checked to be http(s)), escaped: shown literally
        st.markdown(f'<div class="present-link" style="font-size:2.4rem;font-family:monospace;'
                    f'overflow-wrap:anywhere">{html.escape(link)}</div>', unsafe_allow_html=True)
    # the code is drawn from seqviz.poll.CODE_LETTERS only: safe as HTML
    st.markdown(f'<div class="class-code present-code" style="font-size:9rem;font-weight:800;'
                f'letter-spacing:1rem;line-height:1.05">{me.code}</div>', unsafe_allow_html=True)
    teacher_seen(frame, me)


def presenter_question(frame: Frame, me: Teacher) -> None:
    """The class's question now: its live answers and Reveal, then the answer and the next lesson."""
    try:
        view = class_store().view(me.code)
    except PollError as e:
        _problem(frame, e, me.code)
        return
    if view.question is None:
        st.markdown(frame.t("present.no_question"))
        return
    question: Question = view.question
    st.markdown(f"## {question.prompt[frame.lang]}")
    if not view.revealed:
        live_answers(frame, me, question)
        st.button(frame.t("poll.reveal"), key="present-reveal", type="primary", on_click=_reveal, args=(me,))
        return
    revealed_answers(frame, me, question, "present-reveal-chart")
    following = next_lesson(question.page)
    if following is not None and st.button(frame.t("poll.next", lesson=following.title), key="present-next",
                                           type="primary"):
        go_ask(following)


def lesson_steps(frame: Frame, me: Teacher) -> None:
    """Every lesson in order: where the class stands with its question, and a button that goes there
    and asks it."""
    try:
        asked = {one.question_id: one for one in class_store().record(me)}
        now = class_store().view(me.code)
    except PollError:
        return
    for number, page in enumerate(lesson_order(), 1):
        one = asked.get(page.url_path)
        if one is None:
            status = frame.t("present.status.new")
        elif now.question_id == page.url_path and not now.revealed:
            status = frame.t("present.status.open", n=len(one.answers), count=len(one.answers))
        else:
            status = frame.t("present.status.done" if one.revealed else "present.status.asked",
                             n=len(one.answers), count=len(one.answers))
        name, about, go = st.columns([2, 5, 2], vertical_alignment="center")
        name.markdown(f"**{number}. {page.icon or ''} {page.title}**")
        prompt = one.question.prompt[frame.lang] if one is not None else frame.t("present.asked_there")
        about.markdown(f"{prompt}  \n{status}")
        if go.button(frame.t("present.ask" if one is None else "present.ask_again"),
                     key=f"present-go-{page.url_path}", width="stretch"):
            go_ask(page)
