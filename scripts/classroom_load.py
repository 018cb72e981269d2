"""Classroom load test: a class of students opens the app at the same minute.

Starts the app on a loopback port (scripts/app_server.serve), then drives SESSIONS concurrent
sessions through Streamlit's own websocket protocol (the protobuf messages the browser sends and
receives), so the figures are the server's, not those of thirty browsers drawing charts on the
same cores. First a teacher opens every page once (a fresh server loads its data then; --cold skips
this). Then each session, a little after the one before, opens the app and loops over every page
in the navigation: it opens the page, moves every enabled slider up and back down one step and
presses each classroom preset (a think time apart), asks for one Model Lab training (the quick
preset: AvgPool and DIN, N = 20, one epoch; the same for everyone) and polls it like the browser
does, and every tenth session imports the MovieLens-shaped fixture on the Data page (file upload
over HTTP, as the browser does). `--lab-preset conclusion` makes the shared training the Lab's
"lesson's conclusion" preset (seven models) instead, and the report gives the share of the class
during which a training was running (from the app's training log).

With --poll, a teacher's tab opens a class poll first and walks the pages, asking each page's question,
waiting, revealing and reading the count of answers off its own screen; the students join with the
class code (the join link's `?class=CODE`) and answer each question their class panel shows (the Data
page's import is left out then: it would take a student out of the class's world). Each simulated
device keeps the cookies the app's pages write (its seat, the teacher's key), as a browser does, and
its class panel reruns every STUDENT_POLL_SECONDS, between and during the student's think times.
With --churn as well, students reload their tab at random moments (a new websocket session that sends
the same cookies and URL) and move between pages as the browser's navigation does (the query string
dropped), answering again after a reload; the teacher reloads once, mid-class, while a question is open,
takes the class back with the key its browser kept, and reveals.

Two modes. Timed (--minutes M, the default, 3 minutes): the sustained-load benchmark above, the class
goes on until the clock says so, and the counts say how far the students got. Errand mode (--errands):
the run is not timed but event-driven, for tests that must not depend on the machine's speed. Each
student does a fixed list of errands, one tour of the pages, and each errand is struck off when its
event arrives, not when a clock runs out:
  * open the app: the first run finished and the navigation named the pages; then visit each page:
    the page's run finished on that page (the server says so);
  * move a slider, and move a main picture's slider (a picture move): that move's rerun finished;
  * ask the Lab to train: the training finished (the progress fragment stopped polling);
  * import the fixture (session 0, 10, ..., not under --poll): the import's rerun finished and the
    Data page shows the uploaded log as the current world;
  * under --poll, answer every question the teacher asks: the teacher asks a page's question, watches
    the live count on its own screen until every student still in class has answered (no fixed
    dwell), reveals and reads the count; the students answer from their class panel until the
    teacher has revealed the last question. The teacher's errands are opening a class and each
    page's question.
The run ends when every errand is done; --timeout (minutes, default 15) only bounds it. What is still
pending then, or what a failure left undone, is reported under errands_pending and counts as an error.

Bounded: at most MAX_SESSIONS sessions, a wall-clock limit (--minutes, or --timeout in errand mode),
loopback only. Reports (and writes as JSON with --out):
  * errors: exception elements in any run, compile errors, runs that never finish, dropped sockets,
    failed uploads or trainings;
  * p50/p95 rerun time: from sending a user action (page open, slider move, button) until the
    server says the run finished; a browser adds its drawing time on top of this;
  * the server's peak memory (RSS of the streamlit process and its children, sampled from /proc)
    and its CPU: cores busy, and CPU milliseconds per script run (Python's GIL caps it near one core);
  * trainings per configuration: lines the app writes to $SEQVIZ_TRAINING_LOG when it trains
    (seqviz.lessons.lab), beside how many sessions asked for one.

  * under --poll: poll_students (devices that sent an answer), poll_device_answers (distinct device ×
    question answers sent), poll_answers_counted (the teacher's screen's totals after each reveal) and
    poll_answers_counted_max (the largest of them: no more than the devices, if none counts twice),
    question_follow_p95_s (from the teacher's ask to a student's panel showing the question), and
    teacher_reclaimed (with --churn: a reveal made after the teacher's reload reached at least
    min(25, students) panels).

Run: PYTHONPATH=. python scripts/classroom_load.py --minutes 3 [--sessions 30] [--think 3] [--poll [--churn]]
     [--out load.json]
     PYTHONPATH=. python scripts/classroom_load.py --errands [--timeout 15] [--sessions 2] [--poll] ...
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import functools
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from scripts.app_server import ROOT, serve
from seqviz.lessons import lab
from seqviz.text import STRINGS, t
from seqviz.trainings import TRAINING_LOG_ENV
from ui.poll import STUDENT_POLL_SECONDS, TEACHER_POLL_SECONDS

MAX_SESSIONS = 50
STEPPER = "seqviz_stepper"  # the main pictures' slider component (ui/picture_slider.py)
FIXTURE = ROOT / "tests" / "fixtures" / "movielens_small.csv"
UPLOAD_EVERY = 10  # session 0, 10, 20 ... import the fixture, so imported worlds are under load too
RUN_TIMEOUT_S = 60.0  # a run that takes longer than this is an error, not a slow run
ARRIVAL_SECONDS = 0.5  # students open the app this far apart, not all in the same millisecond
TRAINING_WAIT_S = 240.0  # how long a session polls the Model Lab for its training to finish
PRESETS = {v["en"] for k, v in STRINGS.items() if ".preset." in k}  # the classroom preset buttons
CHURN_RELOAD = 0.15  # --churn: the chance that a student reloads its tab before a page visit or a move
REVEAL_DWELL_S = 3 * STUDENT_POLL_SECONDS  # timed mode: how long the class looks at a reveal before the next
RECLAIM_PANELS = 25  # teacher_reclaimed: panels the reveal after the teacher's reload must reach (or all)
COOKIE_SET = re.compile(r"document\.cookie = '(seqviz_\w+)=([^;']*);[^']*max-age=(\d+)")
ERRAND_TIMEOUT_MINUTES = 15.0  # errand mode: errands not done by then are a failure, not fewer counts
# errand mode's errands (the page visits, "visit <page>", join once the app has named its pages)
OPEN, SLIDER, PICTURE, TRAIN = "open the app", "move a slider", "move a main picture", "ask the Lab to train"
UPLOAD, ANSWER, OPEN_CLASS = "import the fixture", "answer every question asked", "open a class"
FINAL = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
         ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class AppError(Exception):
    """Something a student would have seen as broken (the run's own messages say what)."""


@dataclass
class Stats:
    rerun_s: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    first_open_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    page_visits: int = 0
    slider_moves: int = 0
    picture_moves: int = 0  # of them, steps of a main picture's slider
    preset_presses: int = 0
    uploads: int = 0
    train_requests: int = 0
    trainings_finished: int = 0
    polls: int = 0
    teacher_s: dict[str, float] = field(default_factory=dict)
    class_seconds: float = 0.0
    class_wall: tuple[float, float] = (0.0, 0.0)  # the class's start and end, wall clock (the log's)
    poll_answers_sent: int = 0  # answers the students' screens accepted (--poll), resent ones too
    poll_device_answers: set[tuple[int, str]] = field(default_factory=set)  # (student, question) sent
    follow_s: list[float] = field(default_factory=list)  # teacher's ask -> a student's panel shows it
    followed: set[tuple[int, str]] = field(default_factory=set)  # (student, question) whose panel showed it
    joined: dict[int, float] = field(default_factory=dict)  # student -> when its first page was drawn
    reveals_seen: dict[str, set[int]] = field(default_factory=lambda: collections.defaultdict(set))
    reloads: int = 0  # --churn: student tabs reloaded
    teacher_reloaded_at: str | None = None  # the question open when the teacher's tab reloaded
    revealed_after_reload: list[str] = field(default_factory=list)  # the questions the reloaded tab revealed
    poll_answers_counted: int = 0  # the totals the teacher's screen showed after each reveal
    poll_counted_by_question: dict[str, int] = field(default_factory=dict)
    poll_sent_by_student: dict[int, int] = field(default_factory=lambda: collections.defaultdict(int))
    errands: dict[str, set[str]] = field(default_factory=dict)  # errand mode: who -> errands not yet done


@dataclass
class Poll:
    """The class poll under --poll: the code the teacher's screen shows, once it has opened a class."""

    code: asyncio.Future
    dwell_s: float | None  # how long the teacher keeps each question open; None: until all have answered
    students: int = 0  # the class's size
    gone: int = 0  # students whose tab has closed (the teacher waits for the others' answers only)
    asked: int = 0  # questions the teacher has asked so far
    finished: asyncio.Event = field(default_factory=asyncio.Event)  # the teacher has revealed the last one
    churn: bool = False  # --churn: students reload and move between pages, the teacher reloads once
    current: str = ""  # the question open or last revealed (its page)
    asked_at: dict[str, float] = field(default_factory=dict)  # question -> when the teacher asked it
    revealed: set[str] = field(default_factory=set)


class Student:
    """One browser tab, spoken for in protobuf: sends BackMsgs, reads ForwardMsgs, keeps what the
    frontend keeps (session id, pages, query string, the last full run's widgets, auto-reruns)."""

    def __init__(self, url: str, socket, cookies: dict[str, str] | None = None):
        self.url, self.socket = url, socket
        self.cookies: dict[str, str] = dict(cookies or {})  # what the pages' scripts wrote (a browser's jar)
        self.last_panel = 0.0  # when the class panel last reran (the browser's timer)
        self.inbox: asyncio.Queue[ForwardMsg | None] = asyncio.Queue()
        self.session_id = ""
        self.pages: list = []  # AppPage protos from the navigation message
        self.page_hash = ""
        self.query_string = ""
        self.widgets: dict[str, object] = {}  # label -> widget proto, from the last full run
        self.texts: list[str] = []  # the markdown and alerts of the last run (fragment runs too)
        self.auto_reruns: dict[str, float] = {}  # fragment id -> interval (s), as the frontend keeps them
        self.file_urls: dict[str, object] = {}  # request id -> FileURLsResponse
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for data in self.socket:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                await self.inbox.put(msg)
        finally:
            await self.inbox.put(None)  # the socket closed: wake whoever waits

    async def send(self, **back) -> None:
        await self.socket.send(BackMsg(**back).SerializeToString())

    async def run(self, *, page_hash: str | None = None, widgets: list[WidgetState] = (),
                  fragment_id: str = "") -> tuple[float, list[str]]:
        """Ask for a rerun and wait until it finishes -> (seconds, exception messages in it)."""
        state = ClientState(query_string=self.query_string, page_script_hash=page_hash or self.page_hash,
                            fragment_id=fragment_id, is_auto_rerun=bool(fragment_id))
        state.widget_states.widgets.extend(widgets)
        start = time.monotonic()
        await self.send(rerun_script=state)
        exceptions, fresh, registered, texts = [], {}, {}, []
        while True:
            msg = await self._next(start)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.pages = list(msg.navigation.app_pages)
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                raise AppError(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "auto_rerun":
                registered[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for fid in msg.stop_auto_rerun.fragment_ids:
                    self.auto_reruns.pop(fid, None)
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                element_kind = element.WhichOneof("type")
                if element_kind == "exception":
                    exceptions.append(f"{element.exception.type}: {element.exception.message[:200]}")
                elif element_kind in ("slider", "button", "file_uploader", "radio"):
                    widget = getattr(element, element_kind)
                    fresh[widget.label] = widget
                elif element_kind in ("markdown", "alert"):
                    texts.append(getattr(element, element_kind).body)
                elif element_kind == "html":  # the app's cookie script: run it as the browser would
                    for name, value, age in COOKIE_SET.findall(element.html.body):
                        if int(age) > 0:
                            self.cookies[name] = value
                        else:
                            self.cookies.pop(name, None)
                elif element_kind == "bidi_component" and element.bidi_component.component_name == STEPPER:
                    fresh[f"main picture {element.bidi_component.id}"] = element.bidi_component
            elif kind == "script_finished" and msg.script_finished in FINAL:
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise AppError("the page failed to compile")
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    # a full run redraws the page: its widgets and timers replace the previous run's
                    self.widgets, self.auto_reruns = fresh, registered
                else:  # a fragment redraws its own part: the class panel's next question, say
                    self.widgets.update(fresh)
                self.texts = texts
                return time.monotonic() - start, exceptions

    async def _next(self, start: float) -> ForwardMsg:
        try:
            msg = await asyncio.wait_for(self.inbox.get(), timeout=start + RUN_TIMEOUT_S - time.monotonic())
        except TimeoutError:
            raise AppError(f"a run did not finish within {RUN_TIMEOUT_S:.0f} s") from None
        if msg is None:
            raise AppError("the server closed the connection")
        if msg.WhichOneof("type") == "file_urls_response":
            self.file_urls[msg.file_urls_response.response_id] = msg.file_urls_response
            return await self._next(start)
        return msg

    def page_name(self) -> str:
        return next((p.url_pathname or "home" for p in self.pages if p.page_script_hash == self.page_hash),
                    "home")

    def button(self, label: str) -> WidgetState:
        widget = self.widgets.get(label)
        if widget is None:
            raise AppError(f"no button {label!r} on the page")
        return WidgetState(id=widget.id, trigger_value=True)

    async def upload(self, label: str, path: Path, xsrf: str) -> WidgetState:
        """Upload a file the way the frontend does: ask for URLs over the socket, PUT it over HTTP."""
        uploader = self.widgets.get(label)
        if uploader is None:
            raise AppError(f"no file uploader {label!r} on the page")
        request_id = uuid.uuid4().hex
        await self.send(file_urls_request={"request_id": request_id, "file_names": [path.name],
                                           "session_id": self.session_id})
        start = time.monotonic()
        while request_id not in self.file_urls:
            # a file_urls_response arrives outside any run; _next files it and keeps waiting
            try:
                await asyncio.wait_for(self._next(start), timeout=1.0)
            except TimeoutError:
                if time.monotonic() - start > RUN_TIMEOUT_S:
                    raise AppError("no upload URL from the server") from None
        urls = self.file_urls.pop(request_id)
        if urls.error_msg:
            raise AppError(f"upload refused: {urls.error_msg}")
        target = urls.file_urls[0]
        body, content_type = multipart(path)
        request = urllib.request.Request(urljoin(self.url, target.upload_url), data=body, method="PUT",
                                         headers={"Content-Type": content_type, "X-Xsrftoken": xsrf,
                                                  "Cookie": f"_streamlit_xsrf={xsrf}"})
        try:
            await asyncio.to_thread(urllib.request.urlopen, request, timeout=RUN_TIMEOUT_S)
        except OSError as e:
            raise AppError(f"upload failed: {e}") from None
        info = UploadedFileInfo(file_id=target.file_id, name=path.name, size=path.stat().st_size,
                                file_urls=target)
        return WidgetState(id=uploader.id,
                           file_uploader_state_value=FileUploaderState(uploaded_file_info=[info]))

    async def close(self) -> None:
        await self.socket.close()
        self.reader.cancel()

    async def reload(self) -> Student:
        """The tab reloaded: a new websocket session with this tab's cookies and URL, on the same page."""
        await self.close()
        again = Student(self.url, await open_socket(self.url, self.cookies), self.cookies)
        again.query_string, again.page_hash, again.pages = self.query_string, self.page_hash, self.pages
        return again


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def xsrf_cookie(url: str) -> str:
    """The XSRF token the health check hands a browser (as a cookie); uploads must echo it."""
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";")[0]
    return ""


def stepper_steps(component) -> list[WidgetState]:
    """The main picture's slider (ui/picture_slider.py): one step up and back, as the browser reports a drag's
    end, through the component's trigger. The steps in between the browser draws without the server."""
    data = json.loads(component.json)
    steps, index = data["steps"], data["index"]
    there = steps[index + 1] if index + 1 < len(steps) else steps[index - 1]
    trigger = _make_trigger_id(component.id, "events")
    return [WidgetState(id=trigger, json_trigger_value=json.dumps([{"event": "step", "value": v}]))
            for v in (there, steps[index])]


def slider_steps(widget) -> list[WidgetState]:
    """One step up and back (down and back at the top): what a student's arrow keys send."""
    value = (list(widget.value) if widget.set_value else list(widget.default))[0]
    step = widget.step or 1
    there = value + step if value + step <= widget.max else value - step
    return [WidgetState(id=widget.id, double_array_value={"data": [v]}) for v in (there, value)]


async def teacher(url: str) -> dict[str, float]:
    """Before class the teacher opens the app and every lesson once: a fresh server loads the sample
    world, models and measurements then, not while thirty students wait. -> seconds per page."""
    async with open_socket(url) as ws:
        me = Student(url, ws)
        try:
            seconds = {"open": (await me.run())[0]}
            for page in list(me.pages):
                seconds[page.url_pathname or "home"] = (await me.run(page_hash=page.page_script_hash))[0]
        finally:
            await me.close()
    return {page: round(s, 2) for page, s in seconds.items()}


def open_socket(url: str, cookies: dict[str, str] | None = None):
    """The websocket a browser tab opens to the app (Streamlit's 'streamlit' subprotocol), sending the
    tab's cookies as the browser does."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
    return connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                   max_size=None, open_timeout=RUN_TIMEOUT_S, additional_headers=headers)


def imports_fixture(index: int, poll: Poll | None) -> bool:
    # in a poll the Data page's import would take the student out of the class's world: not then
    return index % UPLOAD_EVERY == 0 and poll is None


def student_errands(index: int, poll: Poll | None) -> set[str]:
    """Errand mode: what student `index` comes to do (its page visits join once the app names its pages)."""
    errands = {OPEN, SLIDER, PICTURE, TRAIN}
    if imports_fixture(index, poll):
        errands.add(UPLOAD)
    if poll is not None:
        errands.add(ANSWER)
    return errands


async def student(url: str, xsrf: str, index: int, deadline: float, think_s: float, stats: Stats,
                  poll: Poll | None = None, lab_preset: str = "quick", todo: set[str] | None = None) -> None:
    """One student's tab. Timed: tours the pages until `deadline`. Errand mode (`todo`: its errands): one
    tour, striking each errand off `todo` as its event arrives, then (--poll) answering the teacher's
    questions until the last is revealed; `deadline` is then only the overall timeout."""
    await asyncio.sleep(index * ARRIVAL_SECONDS)
    rng = random.Random(index)
    wants_upload, trained = imports_fixture(index, poll), False
    answered: set[str] = set()
    done = todo.discard if todo is not None else lambda errand: None
    churn = poll is not None and poll.churn
    me = None
    try:
        me = Student(url, await open_socket(url))
        if poll is not None:  # the join link: the code the teacher's screen shows
            me.query_string = f"class={await poll.code}"
        stats.first_open_s.append(await act(me, stats, f"student {index} opening the app"))
        stats.joined[index] = time.monotonic()
        if me.pages and todo is not None:  # the app has named its pages: each is an errand now
            todo.update(f"visit {page.url_pathname or 'home'}" for page in me.pages)
            done(OPEN)
        while time.monotonic() < deadline:
            # errands first: a student who came to import a log or to train does it however
            # short the class or slow the server, and the rest of the tour follows
            errands = {name for name, pending in (("data", wants_upload), ("model_lab", not trained))
                       if pending}
            for page in sorted(me.pages, key=lambda page: page.url_pathname not in errands):
                if time.monotonic() >= deadline:
                    break
                where = f"student {index} on {page.url_pathname or 'home'}"
                try:
                    if churn:  # the browser's navigation drops the query string; the app puts it back
                        me.query_string = ""
                    await act(me, stats, where, page_hash=page.page_script_hash)
                    stats.page_visits += 1
                    if me.page_hash == page.page_script_hash:  # the server says the page is reached
                        done(f"visit {page.url_pathname or 'home'}")
                    if churn and rng.random() < CHURN_RELOAD:
                        me = await reload(me, stats, where, index, answered, poll)
                    await wait(me, stats, where, index, answered, rng, poll, 0)  # the panel's timer, if due
                    if page.url_pathname == "data" and wants_upload:
                        wants_upload = False
                        await import_fixture(me, stats, where, xsrf)
                        done(UPLOAD)
                    if page.url_pathname == "model_lab" and not trained:
                        trained = True
                        await train(me, stats, where, lab_preset,
                                    TRAINING_WAIT_S if todo is None else deadline - time.monotonic(),
                                    functools.partial(wait, me, stats, where, index, answered, rng, poll))
                        done(TRAIN)
                    for label, widget in list(me.widgets.items()):
                        kind = widget.DESCRIPTOR.name
                        picture = kind == "BidiComponent"
                        if picture:
                            kind, moves = "Slider", stepper_steps(widget)
                        elif widget.disabled or kind not in ("Slider", "Button") or \
                                (kind == "Slider" and widget.options) or \
                                (kind == "Button" and label not in PRESETS):
                            # a select slider is a question's answer: --poll answers those
                            continue
                        else:
                            moves = slider_steps(widget) if kind == "Slider" else [me.button(label)]
                        for move in moves:
                            await wait(me, stats, where, index, answered, rng, poll,
                                       think_s * rng.uniform(0.5, 1.5))
                            if churn and rng.random() < CHURN_RELOAD:
                                me = await reload(me, stats, where, index, answered, poll)
                                break  # a reloaded page's widgets are new: on to the next page
                            await act(me, stats, f"{where}, {kind.lower()} {label!r}", widgets=[move])
                            stats.slider_moves += kind == "Slider"
                            stats.picture_moves += picture
                            stats.preset_presses += kind == "Button"
                            if kind == "Slider":
                                done(PICTURE if picture else SLIDER)
                        else:
                            continue
                        break
                except AppError as e:
                    stats.errors.append(f"{where}: {e}")
            if todo is not None:
                break  # errand mode: one tour; what it could not do stays pending
        if todo is not None and poll is not None and OPEN not in todo:
            await answer_until_the_last_reveal(me, stats, index, poll, answered, rng)
            if stats.poll_sent_by_student[index] >= poll.asked:
                done(ANSWER)
    except (OSError, TimeoutError) as e:
        stats.errors.append(f"student {index}: could not connect: {type(e).__name__}: {e}")
    except Exception as e:  # a closed socket mid-run, a protocol error: the student's tab is broken
        stats.errors.append(f"student {index}: {type(e).__name__}: {str(e)[:200]}")
    finally:
        if me is not None:
            await me.close()
        if poll is not None:
            poll.gone += 1


async def reload(me: Student, stats: Stats, where: str, index: int, answered: set[str],
                 poll: Poll | None) -> Student:
    """--churn: the student reloads its tab (its cookies and URL kept), and will answer the open question
    again: its seat's answer must be replaced, not added."""
    me = await me.reload()
    await act(me, stats, f"{where}, reloaded", page_hash=me.page_hash)
    stats.reloads += 1
    if poll is not None:
        answered.discard(poll.current)
    return me


async def wait(me: Student, stats: Stats, where: str, index: int, answered: set[str], rng: random.Random,
               poll: Poll | None, seconds: float) -> None:
    """A student waits `seconds` (thinking, or watching a training); meanwhile, under --poll, the class
    panel reruns every STUDENT_POLL_SECONDS, as the browser's timer makes it."""
    until = time.monotonic() + seconds
    while True:
        if poll is not None and time.monotonic() - me.last_panel >= STUDENT_POLL_SECONDS:
            await answer_poll(me, stats, where, index, answered, rng, poll)
        left = until - time.monotonic()
        if left <= 0:
            return
        wait = left if poll is None else min(left, max(0.05, me.last_panel + STUDENT_POLL_SECONDS
                                                       - time.monotonic()))
        await asyncio.sleep(wait)


async def answer_until_the_last_reveal(me: Student, stats: Stats, index: int, poll: Poll, answered: set[str],
                                       rng: random.Random) -> None:
    """Errand mode under --poll, after the tour: the class panel reruns at its own pace, and the student
    answers each question it shows, until the teacher has revealed the last one."""
    while not poll.finished.is_set():
        await answer_poll(me, stats, f"student {index} in class", index, answered, rng, poll)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(poll.finished.wait(), timeout=STUDENT_POLL_SECONDS)


POLL_SEND = t("poll.send")
POLL_REFUSED = {STRINGS[k]["en"].split("{")[0] for k in STRINGS if k.startswith("poll.error.")}
VERDICTS = tuple(STRINGS[k]["en"].split("{")[0] for k in STRINGS if k.startswith("ask.verdict."))
POLL_COUNT = re.compile(re.escape(t("poll.count", n=0)).replace("0", r"(\d+)"))
TRAIN_BUTTON = re.compile(  # "Train 7 models", "Train 1 model"
    re.escape(t("lab.train", count=0)).replace("0", r"\d+").replace("models", "models?"))


async def answer_poll(me: Student, stats: Stats, where: str, index: int, answered: set[str],
                      rng: random.Random, poll: Poll) -> None:
    """What the class panel does on a student's screen: it reruns itself (a fragment); when it shows a
    question this student has not answered, pick an answer and send it. Notes when the panel first
    shows each question, and that it showed a reveal."""
    me.last_panel = time.monotonic()
    panel = next((fid for fid, every in me.auto_reruns.items() if every == STUDENT_POLL_SECONDS), None)
    if panel is None:
        return
    _, exceptions = await me.run(fragment_id=panel)
    seen = time.monotonic()
    stats.polls += 1
    stats.errors += [f"{where}, class panel: {e}" for e in exceptions]
    if poll.current in poll.revealed and any(text.startswith(VERDICTS) for text in me.texts):
        stats.reveals_seen[poll.current].add(index)
    send = me.widgets.get(POLL_SEND)
    if send is None:
        return
    question = send.id.rsplit("poll.", 1)[-1].split(".", 1)[-1].removesuffix(".send")
    if question in poll.asked_at and (index, question) not in stats.followed:
        stats.followed.add((index, question))
        # a question asked before this student arrived is followed from its arrival
        stats.follow_s.append(seen - max(poll.asked_at[question], stats.joined.get(index, 0.0)))
    choice = next((w for w in me.widgets.values() if w.id.endswith(f".{question}") and "poll." in w.id), None)
    if question in answered or choice is None:
        return
    if choice.DESCRIPTOR.name == "Radio":
        picked = WidgetState(id=choice.id, string_value=rng.choice(list(choice.options)))
    else:  # the guess slider over the question's grid
        picked = WidgetState(id=choice.id, string_array_value={"data": [rng.choice(list(choice.options))]})
    pressed = WidgetState(id=send.id, trigger_value=True)
    _, exceptions = await me.run(fragment_id=panel, widgets=[picked, pressed])
    stats.errors += [f"{where}, answering {question!r}: {e}" for e in exceptions]
    answered.add(question)
    if not any(text.startswith(tuple(POLL_REFUSED)) for text in me.texts):  # refused: revealed meanwhile
        stats.poll_answers_sent += 1
        if (index, question) not in stats.poll_device_answers:
            stats.poll_device_answers.add((index, question))
            stats.poll_sent_by_student[index] += 1


def count_shown(me: Student) -> int | None:
    """The count of answers the teacher's screen shows ("Answers so far: n"), if it shows one."""
    return next((int(m.group(1)) for text in me.texts if (m := POLL_COUNT.search(text))), None)


async def every_answer_in(me: Student, stats: Stats, name: str, poll: Poll) -> None:
    """Errand mode: rerun the teacher's live count (a fragment, as the browser does every
    TEACHER_POLL_SECONDS) until it shows an answer from every student still in class."""
    live = next((fid for fid, every in me.auto_reruns.items() if every == TEACHER_POLL_SECONDS), None)
    if live is None:
        raise AppError(f"the teacher's screen shows no live count of answers on {name}")
    while (count_shown(me) or 0) < poll.students - poll.gone:
        await asyncio.sleep(TEACHER_POLL_SECONDS)
        _, exceptions = await me.run(fragment_id=live)
        stats.polls += 1
        stats.errors += [f"the teacher's live count on {name}: {e}" for e in exceptions]


async def teach(url: str, stats: Stats, poll: Poll, deadline: float, todo: set[str] | None = None) -> None:
    """The teacher's tab under --poll: open a class (its code goes to the students), then on every page
    that asks a question: ask the class, wait, reveal, read the count of answers off the screen, and let
    the class look at the answer. Timed, it waits poll.dwell_s, then REVEAL_DWELL_S; in errand mode until
    every student has answered, then until every student's panel has shown the reveal. With --churn the
    tab reloads once, while the middle question is open, and goes on with what the reload gave back."""
    done = todo.discard if todo is not None else lambda errand: None
    me = Student(url, await open_socket(url))
    try:
        await act(me, stats, "the teacher opening the app")
        await act(me, stats, "the teacher opening a class", widgets=[me.button(t("poll.open"))])
        shown = (re.search(r'class-code[^>]*>(\w+)<', text) for text in me.texts)
        code = next((m.group(1) for m in shown if m), None)
        if code is None:
            raise AppError("the teacher's screen shows no class code")
        poll.code.set_result(code)
        if todo is not None:
            todo.update(f"the question on {page.url_pathname or 'home'}" for page in me.pages)
            done(OPEN_CLASS)
        reload_at = len(me.pages) // 2 if poll.churn else -1  # the teacher's F5, mid-class
        for page in list(me.pages):
            if poll.dwell_s is not None and time.monotonic() + poll.dwell_s > deadline:
                break
            name = page.url_pathname or "home"
            await act(me, stats, f"the teacher on {name}", page_hash=page.page_script_hash)
            if t("poll.ask_class") not in me.widgets:
                done(f"the question on {name}")
                continue  # a page without a question (the Data page, the presenter's view)
            poll.asked_at[name] = time.monotonic()
            await act(me, stats, f"the teacher asking on {name}", widgets=[me.button(t("poll.ask_class"))])
            poll.current = name
            poll.asked += 1
            if poll.asked == reload_at:
                me = await me.reload()
                await act(me, stats, f"the teacher reloading on {name}", page_hash=me.page_hash)
                if t("poll.reveal") not in me.widgets:
                    raise AppError(f"after a reload the teacher's screen on {name} has no Reveal: class lost")
                stats.teacher_reloaded_at = name
            if poll.dwell_s is None:
                await every_answer_in(me, stats, name, poll)
            else:
                await asyncio.sleep(poll.dwell_s)
            await act(me, stats, f"the teacher revealing on {name}", widgets=[me.button(t("poll.reveal"))])
            poll.revealed.add(name)
            if stats.teacher_reloaded_at is not None:
                stats.revealed_after_reload.append(name)
            count = count_shown(me)
            if count is None:
                raise AppError(f"the teacher's screen shows no count of answers on {name}")
            stats.poll_counted_by_question[name] = count
            stats.poll_answers_counted += count
            await class_sees_the_answer(stats, name, poll, deadline)
            done(f"the question on {name}")
    except AppError as e:
        stats.errors.append(f"the teacher: {e}")
        if not poll.code.done():
            poll.code.set_exception(e)
    finally:
        poll.finished.set()
        await me.close()


async def class_sees_the_answer(stats: Stats, name: str, poll: Poll, deadline: float) -> None:
    """The teacher talks about the answer before the next question: timed, REVEAL_DWELL_S; in errand
    mode until every student still in class has seen the reveal on its panel."""
    if poll.dwell_s is not None:
        await asyncio.sleep(min(REVEAL_DWELL_S, max(0.0, deadline - time.monotonic())))
        return
    while len(stats.reveals_seen[name]) < poll.students - poll.gone and time.monotonic() < deadline:
        await asyncio.sleep(STUDENT_POLL_SECONDS / 4)


async def act(me: Student, stats: Stats, where: str, **run) -> float:
    """A timed user action: its rerun's time counts, an exception in it is an error."""
    seconds, exceptions = await me.run(**run)
    stats.rerun_s.append(seconds)
    stats.by_page[me.page_name()].append(seconds)
    stats.errors += [f"{where}: {e}" for e in exceptions]
    return seconds


async def import_fixture(me: Student, stats: Stats, where: str, xsrf: str) -> None:
    picked = await me.upload(t("data.events"), FIXTURE, xsrf)
    await act(me, stats, f"{where}, upload", widgets=[picked])
    await act(me, stats, f"{where}, import", widgets=[picked, me.button(t("data.import"))])
    if t("data.back") not in me.widgets:  # the "back to the sample" button shows the import worked
        raise AppError("the import did not make the uploaded log the current world")
    stats.uploads += 1


async def train(me: Student, stats: Stats, where: str, preset: str = "quick",
                wait_s: float = TRAINING_WAIT_S, idle=asyncio.sleep) -> None:
    """The quick preset, Train, then the progress fragment's polls until the results are in (at most
    wait_s); `idle(seconds)` between them (the class panel's timer runs meanwhile). The Lab asks its
    question before anything trains: a student in a hurry skips it."""
    if t("ask.skip") in me.widgets:
        await act(me, stats, f"{where}, skipping the question", widgets=[me.button(t("ask.skip"))])
    await act(me, stats, f"{where}, preset", widgets=[me.button(t(f"lab.preset.{preset}"))])
    train_button = next((label for label in me.widgets if TRAIN_BUTTON.fullmatch(label)), "Train")
    await act(me, stats, f"{where}, train", widgets=[me.button(train_button)])
    stats.train_requests += 1
    give_up = time.monotonic() + wait_s
    # the progress fragment polls while the job runs, and stops when it has finished (the class panel,
    # in a poll, polls all the time)
    def progress() -> dict[str, float]:
        return {f: every for f, every in me.auto_reruns.items() if every != STUDENT_POLL_SECONDS}

    while progress():
        if time.monotonic() > give_up:
            raise AppError(f"the training did not finish within {wait_s:.0f} s")
        await idle(next(iter(progress().values())))
        # the class panel may have rerun the page meanwhile (the teacher revealed, say): the progress
        # fragment's id follows its place on the page, and the server ignores a request for an old one
        if not (now := progress()):
            break
        _, exceptions = await me.run(fragment_id=next(iter(now)))
        stats.polls += 1
        stats.errors += [f"{where}, training progress: {e}" for e in exceptions]
    stats.trainings_finished += 1


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


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads, so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class ServerSampler(threading.Thread):
    """Peak RSS of the server and all its descendants, sampled twice a second, and the CPU time
    the server used in between `begin()` and the end (the class, not its start-up)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.cpu_from = self.cpu_to = 0.0
        self.stop = threading.Event()

    def begin(self) -> None:
        self.cpu_from = self.cpu_to = sum(map(_cpu_seconds, server_pids()))

    def run(self) -> None:
        while not self.stop.wait(0.5):
            todo, total = server_pids(), 0.0
            self.cpu_to = sum(map(_cpu_seconds, todo)) or self.cpu_to
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


async def drive(url: str, sessions: int, minutes: float, think_s: float, cold: bool,
                sampler: ServerSampler, with_poll: bool = False, lab_preset: str = "quick",
                errands: bool = False, churn: bool = False) -> Stats:
    """The class. Timed: for `minutes`. Errand mode: until every errand is done, `minutes` at most."""
    if urlparse(url).hostname != "127.0.0.1":
        raise SystemExit(f"refusing to load anything but loopback: {url}")
    stats = Stats()
    if not cold:
        try:
            stats.teacher_s = await teacher(url)
        except (AppError, OSError) as e:
            stats.errors.append(f"the teacher could not open every page: {e}")
    sampler.begin()
    class_started = time.monotonic()
    stats.class_wall = (time.time(), time.time())
    xsrf = await asyncio.to_thread(xsrf_cookie, url)
    deadline = time.monotonic() + minutes * 60
    try:
        # a hard stop a little after the deadline: a student stuck in a training wait must not hold the run
        poll = None
        tasks = []
        if with_poll:  # seven questions in the time the class has, after the students have arrived
            arrived = sessions * ARRIVAL_SECONDS + 5
            dwell = None if errands else max(5.0, (minutes * 60 - arrived) / 7 - 3 - REVEAL_DWELL_S)
            poll = Poll(asyncio.get_running_loop().create_future(), dwell, students=sessions, churn=churn)
            if errands:
                stats.errands["the teacher"] = {OPEN_CLASS}
            tasks.append(teach(url, stats, poll, deadline, stats.errands.get("the teacher")))
        if errands:
            stats.errands.update({f"student {i}": student_errands(i, poll) for i in range(sessions)})
        tasks += [student(url, xsrf, i, deadline, think_s, stats, poll, lab_preset,
                          stats.errands.get(f"student {i}")) for i in range(sessions)]
        await asyncio.wait_for(asyncio.gather(*tasks),
                               timeout=minutes * 60 + (0 if errands else TRAINING_WAIT_S))
    except TimeoutError:
        stats.errors.append(f"the errands were not all done within {minutes:g} minutes" if errands
                            else "some sessions were still busy at the hard stop")
    stats.class_seconds = time.monotonic() - class_started
    stats.class_wall = (stats.class_wall[0], time.time())
    if stats.page_visits == 0:  # no student got past the first page: a failed run, not a clean one
        stats.errors.append("no session visited a page before the time limit")
    if pending := errands_pending(stats):
        stats.errors.append(f"errands not done: {pending}")
    return stats


def errands_pending(stats: Stats) -> dict[str, list[str]]:
    return {who: sorted(left) for who, left in stats.errands.items() if left}


def busy_share(spans: list[tuple[float, float]], window: tuple[float, float]) -> float:
    """The share of `window` during which at least one of `spans` ran (overlapping spans count once)."""
    start, end = window
    covered, reached = 0.0, start
    for lo, hi in sorted(spans):
        lo, hi = max(lo, reached), min(hi, end)
        if hi > lo:
            covered, reached = covered + hi - lo, hi
    return covered / max(end - start, 1e-9)


def teacher_reclaimed(stats: Stats, sessions: int) -> bool:
    """A reveal the teacher made after reloading its tab reached RECLAIM_PANELS student panels (or every
    student, in a smaller class)."""
    return any(len(stats.reveals_seen.get(q, ())) >= min(RECLAIM_PANELS, sessions)
               for q in stats.revealed_after_reload)


def rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--minutes", type=float, default=3.0,
                      help="timed mode (the default): the class goes on this long, sustained load")
    mode.add_argument("--errands", action="store_true",
                      help="errand mode: every session does a fixed list of errands, each waiting for its "
                           "event, and the run ends when all are done (see the module's docstring)")
    parser.add_argument("--timeout", type=float, default=ERRAND_TIMEOUT_MINUTES,
                        help="errand mode: minutes after which errands still pending are a failure")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a student waits between slider moves (0: as fast as possible)")
    parser.add_argument("--cold", action="store_true",
                        help="no teacher visit first: the class meets a server that has loaded nothing yet")
    parser.add_argument("--lab-preset", choices=[k.rsplit(".", 1)[1] for k in lab.PRESETS], default="quick",
                        help="the Model Lab preset every session trains (the same for all: one training "
                             "per configuration)")
    parser.add_argument("--poll", action="store_true",
                        help="a class poll: a teacher opens a class and asks every page's question in turn, "
                             "each student answers it from the class panel")
    parser.add_argument("--churn", action="store_true",
                        help="with --poll: students reload their tabs and move between pages at random "
                             "moments, and the teacher reloads once mid-class and takes the class back")
    parser.add_argument("--out", type=Path, help="also write the report here as JSON")
    args = parser.parse_args()
    sessions = max(1, min(args.sessions, MAX_SESSIONS))
    training_log = Path(tempfile.mkstemp(prefix="seqviz-trainings-", suffix=".jsonl")[1])
    os.environ[TRAINING_LOG_ENV] = str(training_log)  # serve() passes the environment to the app
    sampler = ServerSampler()
    started = time.monotonic()
    try:
        with serve() as url:
            sampler.start()
            stats = asyncio.run(drive(url, sessions, args.timeout if args.errands else args.minutes,
                                      max(0.0, args.think), args.cold, sampler, args.poll, args.lab_preset,
                                      args.errands, args.churn and args.poll))
    finally:
        sampler.stop.set()
    logged = [json.loads(line) for line in training_log.read_text().splitlines()]
    trainings = collections.Counter(
        f"{e['config']} · epochs {e['epochs']} · seed {e['seed']} · world {e['world']}" for e in logged)
    training_log.unlink(missing_ok=True)
    cpu_seconds = sampler.cpu_to - sampler.cpu_from
    report = {"sessions": sessions, "minutes": None if args.errands else args.minutes, "think_s": args.think,
              **({"errand_timeout_minutes": args.timeout, "errands_pending": errands_pending(stats)}
                 if args.errands else {}),
              "wall_seconds": round(time.monotonic() - started), "teacher_first_visit_s": stats.teacher_s,
              "first_open_p50_s": rounded(percentile(stats.first_open_s, 50)),
              "first_open_p95_s": rounded(percentile(stats.first_open_s, 95)),
              "page_visits": stats.page_visits, "slider_moves": stats.slider_moves,
              "picture_moves": stats.picture_moves,
              "preset_presses": stats.preset_presses, "uploads": stats.uploads,
              "reruns_timed": len(stats.rerun_s),
              "rerun_p50_s": rounded(percentile(stats.rerun_s, 50)),
              "rerun_p95_s": rounded(percentile(stats.rerun_s, 95)),
              "rerun_max_s": rounded(max(stats.rerun_s, default=None)),
              "rerun_p50_p95_s_by_page": {page: [rounded(percentile(v, 50)), rounded(percentile(v, 95))]
                                          for page, v in sorted(stats.by_page.items())},
              "server_peak_rss_mb": round(sampler.peak_mb),
              # a server that used 1.0 core-second per second has run Python flat out (one GIL)
              "server_cpu_cores_busy": round(cpu_seconds / max(stats.class_seconds, 1e-9), 2),
              "server_cpu_ms_per_run": round(1000 * cpu_seconds / max(len(stats.rerun_s) + stats.polls, 1)),
              "train_requests": stats.train_requests, "trainings_finished_seen": stats.trainings_finished,
              "progress_polls": stats.polls,
              "trainings_per_config": dict(trainings), "lab_preset": args.lab_preset,
              "training_share_of_class": round(busy_share([(e["started"], e["finished"]) for e in logged],
                                                          stats.class_wall), 3),
              **({"poll_answers_sent": stats.poll_answers_sent,
                  "poll_students": len({who for who, _ in stats.poll_device_answers}),
                  "poll_device_answers": len(stats.poll_device_answers),
                  "poll_answers_counted": stats.poll_answers_counted,
                  "poll_answers_counted_max": max(stats.poll_counted_by_question.values(), default=0),
                  "question_follow_p50_s": rounded(percentile(stats.follow_s, 50)),
                  "question_follow_p95_s": rounded(percentile(stats.follow_s, 95)),
                  "poll_reveals_seen": {q: len(who) for q, who in stats.reveals_seen.items()},
                  **({"reloads": stats.reloads, "teacher_reloaded_at": stats.teacher_reloaded_at,
                      "teacher_reclaimed": teacher_reclaimed(stats, sessions)} if args.churn else {}),
                  "poll_counted_by_question": stats.poll_counted_by_question,
                  "poll_fewest_answers_by_a_student": min((stats.poll_sent_by_student.get(i, 0)
                                                           for i in range(sessions)), default=0)}
                 if args.poll else {}),
              "errors": len(stats.errors),
              "error_samples": stats.errors[:20]}
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
