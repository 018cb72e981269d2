"""The class poll: the store's rights and bounds, answers from many sessions at once, and the app's flow."""

from __future__ import annotations

import threading

import pytest
from helpers import open_page, visible_text
from streamlit.testing.v1 import AppTest

from seqviz.poll import MAX_ANSWERS, MAX_CLASSES, MemoryStore, PollError, Teacher, new_student
from seqviz.text import t


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def refused(key: str, call, *args) -> None:
    with pytest.raises(PollError) as caught:
        call(*args)
    assert caught.value.key == key
    assert t(key, "en", code="X") and t(key, "zh", code="X")  # a message in both languages


def test_a_student_can_neither_read_nor_change_another_students_answer():
    store = MemoryStore()
    teacher = store.open_class()
    store.ask(teacher, "din", "the question")
    alice, bob = new_student(), new_student()
    store.answer(teacher.code, alice, "din", "coat")
    assert store.my_answer(teacher.code, bob, "din") is None  # bob's id reads only bob's answer
    store.answer(teacher.code, bob, "din", "cup")
    assert store.my_answer(teacher.code, alice, "din") == "coat"
    store.answer(teacher.code, alice, "din", "plant")  # answering again replaces, never adds
    assert sorted(store.answers(teacher)) == ["cup", "plant"]
    # the answers, the question and the reveal are the teacher's: a code alone does not open them
    intruder = Teacher(teacher.code, "guessed-secret")
    for call in (store.answers, store.reveal, store.close):
        refused("poll.error.not_teacher", call, intruder)
    refused("poll.error.not_teacher", store.ask, intruder, "sim", "another question")
    assert store.view(teacher.code).question_id == "din" and not store.view(teacher.code).revealed


def test_the_bounds_hold_classes_answers_and_idle_time():
    clock = Clock()
    store = MemoryStore(clock=clock)
    teachers = [store.open_class() for _ in range(MAX_CLASSES)]
    assert len({tc.code for tc in teachers}) == MAX_CLASSES
    refused("poll.error.too_many_classes", store.open_class)  # a 21st while 20 are open
    store.close(teachers.pop())
    teachers.append(store.open_class())  # closing one makes room
    first = teachers[0]
    store.ask(first, "sim", "K?")
    for _ in range(MAX_ANSWERS):
        store.answer(first.code, new_student(), "sim", 50)
    refused("poll.error.full", store.answer, first.code, new_student(), "sim", 50)  # the 201st
    assert len(store.answers(first)) == MAX_ANSWERS
    clock.now = 2 * 3600 - 1
    store.view(first.code)  # touched just before two hours: the first class stays, the others go
    clock.now = 2 * 3600 + 1
    refused("poll.error.no_class", store.view, teachers[1].code)
    assert store.view(first.code).question_id == "sim"
    clock.now += 2 * 3600
    refused("poll.error.no_class", store.view, first.code)  # idle for two hours: closed
    refused("poll.error.no_class", store.answer, first.code, new_student(), "sim", 5)
    assert store.open_class()  # and the closed classes' places are free again


def test_a_revealed_or_closed_question_refuses_answers_with_a_message():
    store = MemoryStore()
    teacher = store.open_class()
    store.ask(teacher, "din", "q")
    refused("poll.error.not_open", store.answer, teacher.code, new_student(), "sim", 1)
    store.reveal(teacher)
    refused("poll.error.revealed", store.answer, teacher.code, new_student(), "din", "coat")
    store.close(teacher)
    refused("poll.error.no_class", store.answer, teacher.code, new_student(), "din", "coat")
    refused("poll.error.no_class", store.view, "NOPE1")


def test_answers_from_many_sessions_at_once_are_all_counted_once_each():
    store = MemoryStore()
    teacher = store.open_class()
    store.ask(teacher, "towers", "how many times?")
    students = [new_student() for _ in range(MAX_ANSWERS)]
    start = threading.Barrier(len(students))

    def answer(student: str, value: int) -> None:
        start.wait()
        for _ in range(3):  # a student pressing send three times still counts once
            store.answer(teacher.code.lower(), student, "towers", value)

    threads = [threading.Thread(target=answer, args=(s, i % 7)) for i, s in enumerate(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = store.answers(teacher)
    assert len(counted) == MAX_ANSWERS
    assert sorted(counted) == sorted(i % 7 for i in range(MAX_ANSWERS))


# --- in the app --------------------------------------------------------------------------------------

def session(page: str, **params) -> AppTest:
    """A tab on `page`, with the questions on: the teacher's question box is one."""
    return open_page(page, questions="true", **params)


def shown(at: AppTest) -> str:
    return "\n".join(visible_text(at))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_class_answers_the_teachers_question_and_sees_the_reveal(lang):
    teacher = session("3_din.py", lang=lang)
    teacher.button(key="poll-open").click().run()
    code = teacher.session_state["poll.teacher"].code
    assert code in shown(teacher)  # the projector shows the code, the link and its QR code
    assert any(f"?class={code}" in c.value for c in teacher.code)
    assert teacher.get("image")
    students = [session("2_lastn.py", lang=other, **{"class": code}) for other in ("en", "zh", lang)]
    assert all(t("poll.waiting", s.session_state["lang"], code=code) in shown(s) for s in students)

    teacher.button(key="poll-ask-din").click().run()
    assert t("poll.count", lang, n=0) in shown(teacher)
    students[0].run()
    students[0].button(key=f"poll.{code}.din.send").click().run()  # no answer picked yet
    assert t("ask.pick_first", students[0].session_state["lang"]) in shown(students[0])
    for student, guess in zip(students, ("coat", "cup", "coat"), strict=True):
        student.run()  # its panel follows the teacher's question, whatever page it is on
        student.radio(key=f"poll.{code}.din").set_value(guess)
        student.button(key=f"poll.{code}.din.send").click().run()
        assert not student.exception, student.exception
    students[0].radio(key=f"poll.{code}.din").set_value("cup")  # a change of mind replaces the answer
    students[0].button(key=f"poll.{code}.din.send").click().run()
    teacher.run()
    assert t("poll.count", lang, n=3) in shown(teacher)
    assert t("ask.hidden", lang) in shown(teacher)  # the projector holds the answer back until the reveal

    teacher.button(key="poll-reveal-din").click().run()
    assert t("ask.hidden", lang) not in shown(teacher)
    for student in students:
        student.run()
        assert "✅" in shown(student) or "❌" in shown(student)
    late = session("1_home.py", lang=lang, **{"class": code})
    assert not [b for b in late.button if b.key == f"poll.{code}.din.send"]  # revealed: no more answers
    teacher.button(key="poll-close").click().run()
    students[1].run()
    assert t("poll.error.no_class", students[1].session_state["lang"], code=code) in shown(students[1])


def test_a_code_that_does_not_exist_says_so_and_the_page_still_works():
    at = session("3_din.py", **{"class": "zzzzz"})
    assert not at.exception
    assert t("poll.error.no_class", "en", code="ZZZZZ") in shown(at)
    assert at.get("plotly_chart")  # the lesson itself is all there
    at.button(key="poll-leave-panel").click().run()
    assert t("poll.error.no_class", "en", code="ZZZZZ") not in shown(at)
