"""The class poll in the app: the teacher's sidebar (code, join link, QR) and question box, and the
students' panel, which follows the teacher's question.

The store (seqviz.poll) lives once per server process. A session holds what gives it its rights:
the teacher's Teacher (code and secret), a student's code and random id; the join URL carries only
the code (`?class=CODE`). A student's panel is a fragment that polls the store every few seconds:
it reruns alone, not the student's whole page.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
import streamlit as st

from seqviz.lessons.questions import Question, class_figure
from seqviz.poll import MemoryStore, PollError, Teacher, new_student, normal_code

from .frame import Frame
from .widgets import answer_input, chart, show_reveal

STUDENT_POLL_SECONDS = 2.0  # how soon a student's screen shows the teacher's next question
TEACHER_POLL_SECONDS = 1.0  # how often the teacher's histogram fills in
TEACHER, STUDENT = "poll.teacher", "poll.student"
SIDEBAR_PROBLEM = "poll.problem"  # a refusal the sidebar shows on the next run
STUDENT_PROBLEM = "poll.student_problem"  # apart from the sidebar's: the panel shows its own refusals


@st.cache_resource(show_spinner=False)
def class_store() -> MemoryStore:
    """The server process's classes (one process: see the README for several)."""
    return MemoryStore()


def teacher() -> Teacher | None:
    return st.session_state.get(TEACHER)


def in_class_as_student() -> bool:
    return STUDENT in st.session_state


def join_from_link() -> None:
    """A tab opened from the join link (`?class=CODE`) becomes a student of that class, once."""
    code = st.query_params.get("class")
    joined = st.session_state.get(STUDENT, ("",))[0]
    if code and TEACHER not in st.session_state and joined != normal_code(code):
        st.session_state[STUDENT] = (normal_code(code), new_student())


def _problem(frame: Frame, error: PollError, code: str = "") -> None:
    st.error(frame.t(error.key, code=code))


def _store_call(call, *args, where: str = SIDEBAR_PROBLEM):
    """call(*args) on the store; a refusal's message key kept in the session under `where`, for the
    next run to show (callbacks run before the page draws)."""
    try:
        return call(*args)
    except PollError as e:
        st.session_state[where] = e.key
        return None


def _open_class() -> None:
    opened = _store_call(class_store().open_class)
    if opened is not None:
        st.session_state[TEACHER] = opened
        st.session_state.pop(STUDENT, None)


def _close_class() -> None:
    try:
        class_store().close(st.session_state.pop(TEACHER))
    except PollError:
        pass  # closed already (idle for hours): the teacher's session lets go of it all the same


def _join(key: str) -> None:
    code = normal_code(st.session_state.get(key, ""))
    if code:
        st.session_state[STUDENT] = (code, new_student())


def _leave() -> None:
    st.session_state.pop(STUDENT, None)
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


def sidebar(frame: Frame) -> None:
    """The sidebar's class section: open or join a class; the teacher's code, link and QR code."""
    join_from_link()
    mine = teacher()
    with st.expander(frame.t("poll.header"), expanded=mine is not None or in_class_as_student()):
        problem = st.session_state.pop(SIDEBAR_PROBLEM, None)
        if problem:
            st.error(frame.t(problem, code=""))
        if mine is not None:
            st.caption(frame.t("poll.code"))
            # the code is drawn from seqviz.poll.CODE_LETTERS only: safe as HTML
            st.markdown(f'<div class="class-code" style="font-size:3.2rem;font-weight:800;'
                        f'letter-spacing:0.25rem;line-height:1.1">{mine.code}</div>', unsafe_allow_html=True)
            address = st.text_input(frame.t("poll.address"), _default_address(), key="poll_address",
                                    help=frame.t("poll.address.help"))
            if not address.startswith(("http://", "https://")):
                st.warning(frame.t("poll.address.bad"))
            else:
                url = join_url(address, mine.code)
                st.code(url, language=None)
                st.image(qr_png(url), caption=frame.t("poll.qr"), width=220)
            st.button(frame.t("poll.close"), key="poll-close", on_click=_close_class, width="stretch")
        elif in_class_as_student():
            code, _ = st.session_state[STUDENT]
            st.markdown(frame.t("poll.joined", code=code))
            st.button(frame.t("poll.leave"), key="poll-leave", on_click=_leave)
        else:
            st.button(frame.t("poll.open"), key="poll-open", on_click=_open_class, width="stretch")
            st.caption(frame.t("poll.open.help"))
            st.text_input(frame.t("poll.join.code"), key="poll-join-code", max_chars=12)
            st.button(frame.t("poll.join"), key="poll-join", on_click=_join, args=("poll-join-code",))


# --- the teacher's page ------------------------------------------------------------------------------

def _ask_class(me: Teacher, question: Question) -> None:
    _store_call(class_store().ask, me, question.page, question)


def _reveal(me: Teacher) -> None:
    _store_call(class_store().reveal, me)


def teacher_box(frame: Frame, me: Teacher, question: Question) -> bool:
    """The page's question for the class: ask it, watch the answers come in, reveal.
    -> True while the teacher's picture holds the answer back (until the class has seen it)."""
    try:
        view = class_store().view(me.code)
    except PollError as e:  # the class was closed (idle for two hours): the teacher opens another
        _problem(frame, e, me.code)
        st.session_state.pop(TEACHER, None)
        return False
    open_here = view.question_id == question.page
    with st.container(border=True, key=f"ask-{question.page}"):
        st.markdown(f"**{frame.t('poll.teacher.header', code=me.code)}** {question.prompt[frame.lang]}")
        if not open_here:
            st.button(frame.t("poll.ask_class"), key=f"poll-ask-{question.page}", type="primary",
                      on_click=_ask_class, args=(me, question))
            return True
        if not view.revealed:
            live_answers(frame, me, view.question)
            st.button(frame.t("poll.reveal"), key=f"poll-reveal-{question.page}", type="primary",
                      on_click=_reveal, args=(me,))
            return True
        answers = class_store().answers(me)
        st.markdown(frame.t("poll.count", n=len(answers)))
        chart(class_figure(view.question, answers, frame.lang, revealed=True), f"reveal-{question.page}")
        st.caption(view.question.why[frame.lang])
        st.button(frame.t("poll.ask_again"), key=f"poll-again-{question.page}", on_click=_ask_class,
                  args=(me, question))
    return False


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

def _send(code: str, student: str, question_id: str, key: str) -> None:
    value = st.session_state.get(key)
    if value is None:
        st.session_state[STUDENT_PROBLEM] = "ask.pick_first"
        return
    _store_call(class_store().answer, code, student, question_id, value, where=STUDENT_PROBLEM)


@st.fragment(run_every=STUDENT_POLL_SECONDS)
def student_panel(frame: Frame) -> None:
    """The teacher's open question on a student's screen, its answer box, and then the reveal."""
    if STUDENT not in st.session_state:
        return
    code, student = st.session_state[STUDENT]
    with st.container(border=True, key="poll-student"):
        try:
            view = class_store().view(code)
        except PollError as e:
            _problem(frame, e, code)
            st.button(frame.t("poll.leave"), key="poll-leave-panel", on_click=_leave)
            return
        problem = st.session_state.pop(STUDENT_PROBLEM, None)
        if problem:
            st.warning(frame.t(problem, code=code))
        if view.question is None:
            st.markdown(frame.t("poll.waiting", code=code))
            return
        question: Question = view.question
        mine = class_store().my_answer(code, student, view.question_id)
        header = f"**{frame.t('poll.student.header', code=code)}**"
        if view.revealed:  # the reveal repeats the question beside its answer
            st.markdown(header)
            show_reveal(frame, question, mine)
            return
        st.markdown(f"{header} {question.prompt[frame.lang]}")
        key = f"poll.{code}.{view.question_id}"
        answer_input(frame, question, key)
        st.button(frame.t("poll.send"), key=f"{key}.send", type="primary", on_click=_send,
                  args=(code, student, view.question_id, key))
        if mine is not None:
            st.caption(frame.t("poll.sent", answer=question.label(mine, frame.lang)))
