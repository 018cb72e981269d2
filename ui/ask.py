"""Predict, then reveal: a lesson's question above its main picture, and the answer beside the guess.

Until the student answers or skips, the picture's answering marks stay held back (the page draws
`picture.masked(...)`). The guess lives in the session only: a link never carries it. In a class
(ui/poll.py) the teacher's page asks the whole class instead, and reveals for everyone at once.
"""

from __future__ import annotations

import streamlit as st

from seqviz.lessons.questions import Question

from . import poll
from .frame import Frame
from .widgets import answer_input, show_reveal


def _state_key(question: Question) -> str:
    return f"ask.{question.id}"


def _keep(question: Question, guess) -> None:
    st.session_state[_state_key(question)] = {"question": question, "guess": guess}


def _answer(question: Question, key: str) -> None:
    guess = st.session_state.get(key)
    if guess is None:  # a choice not made yet: nothing to keep, the button says so by staying
        st.session_state[f"{key}.empty"] = True
        return
    _keep(question, guess)


def _again(question: Question) -> None:
    st.session_state.pop(_state_key(question), None)
    st.session_state.pop(f"{_state_key(question)}.input", None)


def ask(frame: Frame, question: Question | None) -> bool:
    """Draw the page's question, or its reveal once answered. -> True while the answer stays hidden."""
    if question is None:
        return False
    if poll.in_class_as_student():  # the class panel asks the teacher's question, not the page
        if poll.holds_back(question):  # even with questions switched off: the class's answer waits
            st.caption(frame.t("poll.held_back"))
            return True
        return False
    if not frame.ask:
        return False
    teacher = poll.teacher()
    if teacher is not None:
        return poll.teacher_box(frame, teacher, question)
    done = st.session_state.get(_state_key(question))
    with st.container(border=True, key=f"ask-{question.id}"):
        if done is None:
            key = f"{_state_key(question)}.input"
            st.markdown(f"**{frame.t('ask.header')}** {question.prompt[frame.lang]}")
            answer_input(frame, question, key)
            if st.session_state.pop(f"{key}.empty", False):
                st.caption(frame.t("ask.pick_first"))
            left, right, _ = st.columns([1, 1, 3])
            left.button(frame.t("ask.send"), key=f"{key}.send", type="primary", on_click=_answer,
                        args=(question, key), width="stretch")
            right.button(frame.t("ask.skip"), key=f"{key}.skip", on_click=_keep, args=(question, None),
                         width="stretch")
            st.caption(frame.t("ask.held_back"))
            return True
        # the question as asked, unless only its answer has moved since (the Lab's, once it has trained)
        asked = question if question.prompt == done["question"].prompt else done["question"]
        show_reveal(frame, asked, done["guess"])
        st.button(frame.t("ask.again"), key=f"{_state_key(question)}.again", on_click=_again,
                  args=(question,))
    return False


def hold_back_rest(frame: Frame, hidden: bool) -> None:
    """Stop the page here while its question is open: what follows answers it."""
    if hidden:
        st.caption(frame.t("ask.hidden"))
        st.stop()
