"""A class poll: the teacher opens a class, asks one question at a time, sees the answers, reveals.

The store is one small interface (`ClassStore`), held in one server process's memory here
(`MemoryStore`). Several server processes would need a shared store behind the same interface
(Redis, say) and sticky sessions, so that a tab keeps talking to the process that holds its session.

Who may do what is decided by what the caller holds, never by who they say they are:
  * the teacher holds the class's secret, which the join URL does not carry: only it changes the
    question, reads the answers, reveals and closes;
  * a student holds a code and a random id of its own (kept in its session, never shown): it can
    set and read its own answer, never another's. Answers are anonymous counts.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

MAX_CLASSES = 20
MAX_ANSWERS = 200  # per question: a lecture hall, not a stadium
IDLE_SECONDS = 2 * 3600  # a class nobody touched for this long is closed
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector at the back
CODE_LENGTH = 5


class PollError(Exception):
    """Why the store refused: `key` is a string-table key ("poll.error.no_class") the UI shows."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Teacher:
    code: str
    secret: str


@dataclass(frozen=True)
class ClassView:
    """What anyone with the code sees: the open question (None before the first), and whether its
    answer has been revealed. `question` is whatever the teacher's app put there (a lesson's Question)."""

    code: str
    question_id: str | None
    question: object
    revealed: bool


@dataclass
class _Class:
    secret: str
    touched: float
    question_id: str | None = None
    question: object = None
    revealed: bool = False
    answers: dict[str, dict[str, object]] = field(default_factory=dict)  # question id -> student -> value


class ClassStore(Protocol):
    def open_class(self) -> Teacher: ...
    def ask(self, teacher: Teacher, question_id: str, question: object) -> None: ...
    def reveal(self, teacher: Teacher) -> None: ...
    def close(self, teacher: Teacher) -> None: ...
    def answers(self, teacher: Teacher) -> list[object]: ...
    def view(self, code: str) -> ClassView: ...
    def answer(self, code: str, student: str, question_id: str, value: object) -> None: ...
    def my_answer(self, code: str, student: str, question_id: str) -> object | None: ...


def new_student() -> str:
    """A student's id: random, so that no one can guess another's and answer in their name."""
    return secrets.token_urlsafe(12)


def normal_code(text: str) -> str:
    """A code as a student may type it: any case, spaces and dashes ignored."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum())


class MemoryStore:
    """Classes in this process's memory, bounded, safe to call from every session's thread at once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_classes: int = MAX_CLASSES,
                 max_answers: int = MAX_ANSWERS, idle_seconds: float = IDLE_SECONDS):
        self._clock, self._max_classes, self._max_answers = clock, max_classes, max_answers
        self._idle = idle_seconds
        self._classes: dict[str, _Class] = {}
        self._lock = threading.Lock()

    def _sweep(self) -> None:
        now = self._clock()
        for code in [c for c, room in self._classes.items() if now - room.touched >= self._idle]:
            del self._classes[code]

    def _get(self, code: str) -> _Class:
        self._sweep()
        room = self._classes.get(normal_code(code))
        if room is None:
            raise PollError("poll.error.no_class")
        room.touched = self._clock()
        return room

    def _teacher(self, teacher: Teacher) -> _Class:
        room = self._get(teacher.code)
        if not secrets.compare_digest(room.secret, teacher.secret):
            raise PollError("poll.error.not_teacher")
        return room

    def open_class(self) -> Teacher:
        with self._lock:
            self._sweep()
            if len(self._classes) >= self._max_classes:
                raise PollError("poll.error.too_many_classes")
            code = ""
            while not code or code in self._classes:  # 31^5 codes: a clash is rare, but possible
                code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
            secret = secrets.token_urlsafe(16)
            self._classes[code] = _Class(secret, self._clock())
            return Teacher(code, secret)

    def ask(self, teacher: Teacher, question_id: str, question: object) -> None:
        """Open `question` for the class (answers given to it before, if it was asked before, stay)."""
        with self._lock:
            room = self._teacher(teacher)
            room.question_id, room.question, room.revealed = question_id, question, False
            room.answers.setdefault(question_id, {})

    def reveal(self, teacher: Teacher) -> None:
        with self._lock:
            room = self._teacher(teacher)
            if room.question_id is not None:
                room.revealed = True

    def close(self, teacher: Teacher) -> None:
        with self._lock:
            self._teacher(teacher)
            del self._classes[teacher.code]

    def answers(self, teacher: Teacher) -> list[object]:
        """Every answer to the open question, in no particular order and with no one's id."""
        with self._lock:
            room = self._teacher(teacher)
            return list(room.answers.get(room.question_id, {}).values())

    def view(self, code: str) -> ClassView:
        with self._lock:
            room = self._get(code)
            return ClassView(normal_code(code), room.question_id, room.question, room.revealed)

    def answer(self, code: str, student: str, question_id: str, value: object) -> None:
        """A student's answer to the open question; answering again replaces it."""
        with self._lock:
            room = self._get(code)
            if question_id != room.question_id:
                raise PollError("poll.error.not_open")
            if room.revealed:
                raise PollError("poll.error.revealed")
            given = room.answers.setdefault(question_id, {})
            if student not in given and len(given) >= self._max_answers:
                raise PollError("poll.error.full")
            given[student] = value

    def my_answer(self, code: str, student: str, question_id: str) -> object | None:
        with self._lock:
            return self._get(code).answers.get(question_id, {}).get(student)
