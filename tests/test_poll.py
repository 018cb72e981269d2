"""The class poll: the store's rights and bounds, answers from many sessions at once, and the app's flow."""

from __future__ import annotations

import threading

import pytest
from helpers import open_page, stepper, visible_text
from streamlit.testing.v1 import AppTest

from seqviz.lessons.questions import Question, class_record
from seqviz.poll import (
    MAX_ANSWERS,
    MAX_CLASSES,
    TEACHER_IDLE_SECONDS,
    MemoryStore,
    PollError,
    Seat,
    Teacher,
    normal_code,
)
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
    alice, bob = store.join(teacher.code), store.join(teacher.code)
    assert len(alice.seat) >= 16 and alice.seat != bob.seat  # 96 random bits each
    store.answer(alice, "din", "coat")
    assert store.my_answer(bob, "din") is None  # bob's seat reads only bob's answer
    store.answer(bob, "din", "cup")
    assert store.my_answer(alice, "din") == "coat"
    store.answer(alice, "din", "plant")  # answering again replaces, never adds
    assert sorted(store.answers(teacher)) == ["cup", "plant"]
    # a seat the store did not issue answers nothing: a guessed or made-up one is refused
    refused("poll.error.no_seat", store.answer, Seat(teacher.code, "made-up"), "din", "coat")
    assert not store.seated(Seat(teacher.code, "made-up")) and store.seated(alice)
    # the answers, the question and the reveal are the teacher's: a code alone does not open them
    intruder = Teacher(teacher.code, "GUESSEDKEY")
    for call in (store.answers, store.reveal, store.close, store.record, store.seats):
        refused("poll.error.not_teacher", call, intruder)
    refused("poll.error.not_teacher", store.ask, intruder, "sim", "another question")
    refused("poll.error.not_teacher", store.take_back, teacher.code, "GUESSEDKEY")
    assert store.view(teacher.code).question_id == "din" and not store.view(teacher.code).revealed


def test_a_reloaded_seat_counts_once_and_the_teacher_takes_the_class_back_with_the_key():
    store = MemoryStore()
    teacher = store.open_class()
    store.ask(teacher, "lastn", "q")
    phone = store.join(teacher.code)
    for value in ("books", "cups", "books", "books"):  # four reloads of one phone, answering each time
        assert store.seated(Seat(phone.code, phone.seat))  # what the reloaded tab's cookie holds
        store.answer(Seat(phone.code, phone.seat), "lastn", value)
    assert store.answers(teacher) == ["books"] and store.seats(teacher) == 1
    # the teacher's tab reloads: its key, typed as a person would (dashes, lower case, full width)
    typed = "－".join(teacher.key[i:i + 4] for i in range(0, 16, 4)).lower()
    typed = typed.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width forms
    again = store.take_back(teacher.code.lower(), typed)
    assert again == teacher
    store.reveal(again)
    assert store.view(teacher.code).revealed


def test_codes_are_read_after_unicode_normalisation():
    assert normal_code("５ＴＭＥＥ") == "5TMEE"  # a Chinese input mode's full-width letters
    assert normal_code(" 5tm-ee ") == "5TMEE"
    assert normal_code("５ｔｍ　ｅｅ") == "5TMEE"  # an ideographic space
    store = MemoryStore()
    teacher = store.open_class()
    wide = teacher.code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert store.join(wide).code == teacher.code


def test_the_bounds_hold_classes_and_answers():
    store = MemoryStore()
    teachers = [store.open_class() for _ in range(MAX_CLASSES)]
    assert len({tc.code for tc in teachers}) == MAX_CLASSES
    refused("poll.error.too_many_classes", store.open_class)  # a 21st while 20 are open
    store.close(teachers.pop())
    teachers.append(store.open_class())  # closing one makes room
    first = teachers[0]
    store.ask(first, "sim", "K?")
    for _ in range(MAX_ANSWERS):
        store.answer(store.join(first.code), "sim", 50)
    refused("poll.error.full", store.answer, store.join(first.code), "sim", 50)  # the 201st
    assert len(store.answers(first)) == MAX_ANSWERS


def test_a_class_whose_teacher_is_gone_closes_however_busy_its_students_are():
    clock = Clock()
    store = MemoryStore(clock=clock)
    gone, present = store.open_class(), store.open_class()
    store.ask(gone, "din", "q")
    phone = store.join(gone.code)
    while clock.now < TEACHER_IDLE_SECONDS - 2:
        clock.now += 2  # a student's panel checking every two seconds is not the teacher
        store.view(gone.code)
        store.my_answer(phone, "din")
        if clock.now % 60 == 0:
            store.seats(present)  # the other teacher's open tab says it is there
    store.answer(phone, "din", "coat")
    clock.now = TEACHER_IDLE_SECONDS + 1
    refused("poll.error.no_class", store.view, gone.code)
    refused("poll.error.no_class", store.answer, phone, "din", "coat")
    assert store.seats(present) == 0  # the teacher seen a minute ago keeps the class
    for _ in range(MAX_CLASSES - 1):
        store.open_class()  # and the closed class's place is free again


def test_a_revealed_or_closed_question_refuses_answers_with_a_message():
    store = MemoryStore()
    teacher = store.open_class()
    store.ask(teacher, "din", "q")
    phone = store.join(teacher.code)
    refused("poll.error.not_open", store.answer, phone, "sim", 1)
    store.reveal(teacher)
    refused("poll.error.revealed", store.answer, phone, "din", "coat")
    store.close(teacher)
    refused("poll.error.no_class", store.answer, phone, "din", "coat")
    refused("poll.error.no_class", store.view, "NOPE1")
    refused("poll.error.no_class", store.join, "NOPE1")


def test_the_class_record_keeps_each_question_its_counts_and_the_revealed_answer():
    store = MemoryStore()
    teacher = store.open_class()
    din = Question("din", {"en": "Which?", "zh": "哪个？"}, {"en": "", "zh": ""}, "coat",
                   options=("coat", "cup"), labels={"en": ("coat", "cup"), "zh": ("外套", "杯子")})
    towers = Question("towers", {"en": "How many times?", "zh": "几倍？"}, {"en": "", "zh": ""}, 30.0,
                      grid=(10.0, 30.0, 100.0), log=True, unit="×")
    phones = [store.join(teacher.code) for _ in range(3)]
    store.ask(teacher, "din", din)
    for phone, value in zip(phones, ("coat", "cup", "coat"), strict=True):
        store.answer(phone, "din", value)
    store.reveal(teacher)
    store.ask(teacher, "towers", towers)
    store.answer(phones[0], "towers", 100.0)
    table = class_record(store.record(teacher), "zh")
    assert table[["lesson", "answer_given", "count", "right"]].values.tolist() == [
        ["din", "外套", 2, True], ["din", "杯子", 1, False], ["towers", "100×", 1, ""]]
    assert set(table[table.lesson == "din"].right_answer) == {"外套"}  # revealed
    assert set(table[table.lesson == "towers"].right_answer) == {""}  # still open: the answer is kept back


def test_answers_from_many_sessions_at_once_are_all_counted_once_each():
    store = MemoryStore()
    teacher = store.open_class()
    store.ask(teacher, "towers", "how many times?")
    seats = [store.join(teacher.code.lower()) for _ in range(MAX_ANSWERS)]
    start = threading.Barrier(len(seats))

    def answer(seat: Seat, value: int) -> None:
        start.wait()
        for _ in range(3):  # a student pressing send three times still counts once
            store.answer(seat, "towers", value)

    threads = [threading.Thread(target=answer, args=(s, i % 7)) for i, s in enumerate(seats)]
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
    assert t("poll.close.loses", lang, n=1, count=1) in shown(teacher)  # closing says what it loses, first
    assert students[1].run() and not students[1].exception  # still open
    teacher.button(key="poll-close-yes").click().run()
    students[1].run()
    assert t("poll.error.no_class", students[1].session_state["lang"], code=code) in shown(students[1])


def test_a_code_that_does_not_exist_says_so_and_the_page_still_works():
    at = session("3_din.py", **{"class": "zzzzz"})
    assert not at.exception
    assert t("poll.error.no_class", "en", code="ZZZZZ") in shown(at)
    assert at.get("plotly_chart")  # the lesson itself is all there
    at.button(key="poll-leave-panel").click().run()
    assert t("poll.error.no_class", "en", code="ZZZZZ") not in shown(at)


def test_a_students_page_holds_back_the_answer_while_the_class_question_about_it_is_open():
    teacher = session("2_lastn.py")
    teacher.button(key="poll-open").click().run()
    code = teacher.session_state["poll.teacher"].code
    student = open_page("2_lastn.py", questions="false", **{"class": code})  # even with questions off
    hidden = t("ask.hidden", "en")
    assert hidden not in stepper(student)["readouts"]  # no class question yet: the whole picture
    teacher.button(key="poll-ask-lastn").click().run()
    student.run()
    assert set(stepper(student)["readouts"]) == {hidden}  # open: the marks that answer it are held back
    assert t("poll.held_back", "en") in shown(student)
    away = session("3_din.py", **{"class": code})  # a page the question is not about shows everything
    assert t("poll.held_back", "en") not in shown(away)
    teacher.button(key="poll-reveal-lastn").click().run()
    student.run()
    assert hidden not in stepper(student)["readouts"] and t("poll.held_back", "en") not in shown(student)


def test_a_page_of_two_questions_holds_back_only_the_one_the_class_has_open():
    """The SIM page asks about K and, further down, about SDIM's bits: with the bits question open, a
    student sees the K picture whole and the bits picture held back."""
    teacher = session("5_sim.py")
    teacher.button(key="poll-open").click().run()
    code = teacher.session_state["poll.teacher"].code
    teacher.button(key="poll-ask-sim").click().run()  # the page's first question, asked and revealed,
    teacher.button(key="poll-reveal-sim").click().run()  # lets the rest of the teacher's page show
    teacher.button(key="poll-ask-sim-hashing").click().run()
    assert not teacher.exception
    student = open_page("5_sim.py", questions="false", **{"class": code})
    hidden = t("ask.hidden", "en")
    assert hidden not in stepper(student)["readouts"]  # K's picture: not the question the class has open
    assert set(stepper(student, "bits")["readouts"]) == {hidden}
    teacher.button(key="poll-reveal-sim-hashing").click().run()
    student.run()
    assert hidden not in stepper(student, "bits")["readouts"]


def test_the_presenter_steps_the_class_through_the_lessons_and_keeps_its_answers():
    teacher = session("1_home.py")
    teacher.button(key="poll-open").click().run()
    me = teacher.session_state["poll.teacher"]
    assert "present" in [p.url_path for p in teacher.session_state["_pages"]]
    student = session("1_home.py", **{"class": me.code})
    assert "present" not in [p.url_path for p in student.session_state["_pages"]]  # the teacher's only
    teacher.switch_page("app_pages/present.py").run()
    assert not teacher.exception, teacher.exception
    assert t("present.no_question", "en") in shown(teacher)
    assert me.key not in shown(teacher).replace("-", "")  # the projected view never shows the key
    teacher.button(key="present-go-lastn").click().run()  # goes to LastN and asks its question there
    assert not teacher.exception, teacher.exception
    assert teacher.button(key="poll-reveal-lastn")  # asked: the teacher box waits for answers
    student.run()
    student.radio(key=f"poll.{me.code}.lastn").set_value(student.radio(key=f"poll.{me.code}.lastn").options[0])
    student.button(key=f"poll.{me.code}.lastn.send").click().run()
    teacher.switch_page("app_pages/present.py").run()
    assert t("present.status.open", "en", n=1, count=1) in shown(teacher)
    teacher.button(key="present-reveal").click().run()
    assert t("present.status.done", "en", n=1, count=1) in shown(teacher)
    csv = [b for b in teacher.get("download_button") if b.proto.label == t("poll.record.csv", "en")]
    assert csv, "the class's answers can be downloaded"
    teacher.button(key="present-next").click().run()  # on to DIN, asked at once
    assert teacher.button(key="poll-reveal-din")


def test_a_refused_answer_stays_on_the_students_screen_until_the_class_moves_on():
    teacher = session("4_towers.py")
    teacher.button(key="poll-open").click().run()
    code = teacher.session_state["poll.teacher"].code
    teacher.button(key="poll-ask-towers").click().run()
    student = session("1_home.py", **{"class": code})
    teacher.button(key="poll-reveal-towers").click().run()  # revealed while the student still holds Send
    student.button(key=f"poll.{code}.towers.send").click().run()
    refused = t("poll.error.revealed", "en")
    assert refused in shown(student)
    student.run()  # the panel's next refresh: the class is where it was, the refusal stays
    assert refused in shown(student)
    teacher.switch_page("app_pages/3_din.py").run()
    teacher.button(key="poll-ask-din").click().run()
    student.run()  # the teacher asked the next question: the refusal has gone
    assert refused not in shown(student)
