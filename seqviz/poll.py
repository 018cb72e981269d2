"""A class poll: the teacher opens a class, asks one question at a time, sees the answers, reveals.

The store is one small interface (`ClassStore`), held in one server process's memory here
(`MemoryStore`). Several server processes would need a shared store behind the same interface
(Redis, say) and sticky sessions, so that a tab keeps talking to the process that holds its session.

Who may do what is decided by what the caller holds, never by who they say they are:
  * the teacher holds the class's key, which the join link never carries: only it asks, reads the
    answers, reveals and closes, and it takes the class back after a reload or from another device;
  * a student holds a seat the store issued when the device joined (random, 96 bits): it answers for
    that seat only, answering again replaces the seat's answer, and it reads no one else's. Answers
    are anonymous counts, one per seat and question.

A class lives while its teacher does: one whose teacher has not been seen (no call made with the
key) for TEACHER_IDLE_SECONDS closes, however busy its students' screens are.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

MAX_CLASSES = 20
MAX_ANSWERS = 200  # per question: a lecture hall, not a stadium
MAX_SEATS = 2 * MAX_ANSWERS  # devices that may join one class (a spare for phones that lost their seat)
TEACHER_IDLE_SECONDS = 10 * 60  # a class whose teacher has been gone this long is closed
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector at the back
CODE_LENGTH = 5
KEY_GROUPS = 4  # the teacher's key: 4 groups of 4 code letters, 31^16 > 2^79, typed on a second device
TYPED_MAX = 40  # a code or key as typed is read this far (a 10 kB `?class=` is not a code)
CLOCK_OFFSET_ENV = "SEQVIZ_POLL_CLOCK_FILE"  # tests move the server's clock forward by writing seconds here


class PollError(Exception):
    """Why the store refused: `key` is a string-table key ("poll.error.no_class") the UI shows."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Teacher:
    code: str
    key: str


@dataclass(frozen=True)
class Seat:
    code: str
    seat: str


@dataclass(frozen=True)
class ClassView:
    """What anyone with the code sees: the open question (None before the first), and whether its
    answer has been revealed. `question` is whatever the teacher's app put there (a lesson's Question)."""

    code: str
    question_id: str | None
    question: object
    revealed: bool


@dataclass(frozen=True)
class Asked:
    """One question the class was asked, for the teacher's record: its answers (no one's seat) and
    whether it was revealed."""

    question_id: str
    question: object
    answers: tuple[object, ...]
    revealed: bool


@dataclass
class _Class:
    key: str
    teacher_seen: float
    seats: set[str] = field(default_factory=set)
    question_id: str | None = None
    question: object = None
    revealed: bool = False
    asked: dict[str, object] = field(default_factory=dict)  # question id -> question, in asking order
    shown: set[str] = field(default_factory=set)  # question ids revealed at least once
    answers: dict[str, dict[str, object]] = field(default_factory=dict)  # question id -> seat -> value


class ClassStore(Protocol):
    def open_class(self) -> Teacher: ...
    def take_back(self, code: str, key: str) -> Teacher: ...
    def ask(self, teacher: Teacher, question_id: str, question: object) -> None: ...
    def reveal(self, teacher: Teacher) -> None: ...
    def close(self, teacher: Teacher) -> None: ...
    def answers(self, teacher: Teacher) -> list[object]: ...
    def seats(self, teacher: Teacher) -> int: ...
    def record(self, teacher: Teacher) -> list[Asked]: ...
    def view(self, code: str) -> ClassView: ...
    def join(self, code: str) -> Seat: ...
    def seated(self, seat: Seat) -> bool: ...
    def answer(self, seat: Seat, question_id: str, value: object) -> None: ...
    def my_answer(self, seat: Seat, question_id: str) -> object | None: ...


def normal_code(text: str) -> str:
    """A code or key as it may be typed: full-width letters (a Chinese input mode), any case, spaces
    and dashes ignored."""
    text = unicodedata.normalize("NFKC", str(text)[:TYPED_MAX]).upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())[:TYPED_MAX]


def key_text(key: str) -> str:
    """A teacher's key as shown, in groups of four: XXXX-XXXX-XXXX-XXXX."""
    return "-".join(key[i:i + 4] for i in range(0, len(key), 4))


def _letters(n: int) -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(n))


def server_clock() -> Callable[[], float]:
    """time.monotonic, moved forward by the seconds written in the file that $SEQVIZ_POLL_CLOCK_FILE
    names (when set): the browser tests close a class by a teacher's absence without waiting it out."""
    path = os.environ.get(CLOCK_OFFSET_ENV)
    if not path:
        return time.monotonic

    def clock() -> float:
        try:
            with open(path) as f:
                return time.monotonic() + float(f.read() or 0)
        except (OSError, ValueError):
            return time.monotonic()
    return clock


class MemoryStore:
    """Classes in this process's memory, bounded, safe to call from every session's thread at once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_classes: int = MAX_CLASSES,
                 max_answers: int = MAX_ANSWERS, max_seats: int = MAX_SEATS,
                 teacher_idle_seconds: float = TEACHER_IDLE_SECONDS):
        self._clock, self._max_classes, self._max_answers = clock, max_classes, max_answers
        self._max_seats, self._idle = max_seats, teacher_idle_seconds
        self._classes: dict[str, _Class] = {}
        self._lock = threading.Lock()

    def _sweep(self) -> None:
        now = self._clock()
        for code in [c for c, room in self._classes.items() if now - room.teacher_seen >= self._idle]:
            del self._classes[code]

    def _get(self, code: str) -> _Class:
        self._sweep()
        room = self._classes.get(normal_code(code))
        if room is None:
            raise PollError("poll.error.no_class")
        return room

    def _teacher(self, teacher: Teacher) -> _Class:
        room = self._get(teacher.code)
        if not secrets.compare_digest(room.key, normal_code(teacher.key)):
            raise PollError("poll.error.not_teacher")
        room.teacher_seen = self._clock()  # only the key's holder keeps a class alive
        return room

    def _seat(self, seat: Seat) -> _Class:
        room = self._get(seat.code)
        if seat.seat not in room.seats:
            raise PollError("poll.error.no_seat")
        return room

    def open_class(self) -> Teacher:
        with self._lock:
            self._sweep()
            if len(self._classes) >= self._max_classes:
                raise PollError("poll.error.too_many_classes")
            code = ""
            while not code or code in self._classes:  # 31^5 codes: a clash is rare, but possible
                code = _letters(CODE_LENGTH)
            key = _letters(4 * KEY_GROUPS)
            self._classes[code] = _Class(key, self._clock())
            return Teacher(code, key)

    def take_back(self, code: str, key: str) -> Teacher:
        """The teacher's powers again, for whoever holds the key (a reloaded tab, a second device)."""
        with self._lock:
            teacher = Teacher(normal_code(code), normal_code(key))
            self._teacher(teacher)
            return teacher

    def ask(self, teacher: Teacher, question_id: str, question: object) -> None:
        """Open `question` for the class (answers given to it before, if it was asked before, stay)."""
        with self._lock:
            room = self._teacher(teacher)
            room.question_id, room.question, room.revealed = question_id, question, False
            room.asked.pop(question_id, None)
            room.asked[question_id] = question
            room.answers.setdefault(question_id, {})

    def reveal(self, teacher: Teacher) -> None:
        with self._lock:
            room = self._teacher(teacher)
            if room.question_id is not None:
                room.revealed = True
                room.shown.add(room.question_id)

    def close(self, teacher: Teacher) -> None:
        with self._lock:
            self._teacher(teacher)
            del self._classes[normal_code(teacher.code)]

    def answers(self, teacher: Teacher) -> list[object]:
        """Every answer to the open question, in no particular order and with no one's seat."""
        with self._lock:
            room = self._teacher(teacher)
            return list(room.answers.get(room.question_id, {}).values())

    def seats(self, teacher: Teacher) -> int:
        """How many devices have joined (the teacher's page calls this now and then: it is also how
        the store knows the teacher is still there)."""
        with self._lock:
            return len(self._teacher(teacher).seats)

    def record(self, teacher: Teacher) -> list[Asked]:
        """Every question asked so far, in the order last asked, with its anonymous answers."""
        with self._lock:
            room = self._teacher(teacher)
            return [Asked(qid, question, tuple(room.answers.get(qid, {}).values()), qid in room.shown)
                    for qid, question in room.asked.items()]

    def view(self, code: str) -> ClassView:
        with self._lock:
            room = self._get(code)
            return ClassView(normal_code(code), room.question_id, room.question, room.revealed)

    def join(self, code: str) -> Seat:
        """A new device's seat in the class."""
        with self._lock:
            room = self._get(code)
            if len(room.seats) >= self._max_seats:
                raise PollError("poll.error.class_full")
            seat = secrets.token_urlsafe(12)
            room.seats.add(seat)
            return Seat(normal_code(code), seat)

    def seated(self, seat: Seat) -> bool:
        """Whether `seat` is a seat of its class (a reloaded tab asks before taking it back)."""
        with self._lock:
            try:
                self._seat(seat)
            except PollError:
                return False
            return True

    def answer(self, seat: Seat, question_id: str, value: object) -> None:
        """A seat's answer to the open question; answering again replaces it."""
        with self._lock:
            room = self._seat(seat)
            if question_id != room.question_id:
                raise PollError("poll.error.not_open")
            if room.revealed:
                raise PollError("poll.error.revealed")
            given = room.answers.setdefault(question_id, {})
            if seat.seat not in given and len(given) >= self._max_answers:
                raise PollError("poll.error.full")
            given[seat.seat] = value

    def my_answer(self, seat: Seat, question_id: str) -> object | None:
        with self._lock:
            return self._seat(seat).answers.get(question_id, {}).get(seat.seat)
