"""Widgets several pages share: user and candidate pickers, bounded N/K sliders, presets, charts.

Every widget is bound to a URL query parameter named by its key (see ui/frame.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from seqviz import literal
from seqviz.data import Dataset
from seqviz.lessons.common import (
    Case,
    category_emoji,
    category_name,
    category_text,
    default_case,
    model_label,
    narrow_layout,
    representative_item,
    user_history,
    world_now,
)
from seqviz.lessons.questions import Question, reveal_figure, verdict
from seqviz.models import ModelConfig, SequenceModel
from seqviz.text import has

from . import labjob
from .cache import WorldSpec, lesson_model, load_dataset
from .frame import Frame, synced

OTHER_USERS = 200  # users offered after the demo users; any id can still come in through the URL


def _user_options(world) -> list[str]:
    demo = world.demo_users()
    ids = [f"#{u}" for u in range(min(world.n_users, OTHER_USERS)) if u not in demo.values()]
    return list(demo) + ids


def _user_option(world, user: int) -> str:
    return next((name for name, u in world.demo_users().items() if u == user), f"#{user}")


def user_id(world, option: str) -> int:
    demo = world.demo_users()
    return demo[option] if option in demo else int(option.lstrip("#"))


@st.cache_resource(show_spinner=False, max_entries=8)
def opening_case(spec: WorldSpec) -> Case:
    """The user and ad the lesson pages open on, by the story audit's rule (seqviz.lessons.common)."""
    return default_case(load_dataset(spec).world)


def user_picker(frame: Frame, dataset: Dataset, key: str = "user") -> int:
    """Demo users first, by name, then the others by id; shows who the user is. A log without the story's
    users opens on its default case's user."""
    world = dataset.world
    options = _user_options(world)
    if not world.has_truth:
        case = _user_option(world, opening_case(frame.world).user)
        if case not in options:
            options.insert(len(world.demo_users()), case)
        if key not in st.session_state and key not in st.query_params:
            st.session_state[key] = case
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    option = st.selectbox(frame.t("common.user"), options, key=key, bind="query-params")
    user = user_id(world, option)
    n_events = len(world.user_events(user))
    about = f"common.demo.{option}"
    if has(about):
        st.caption(frame.t(about))
    st.caption(frame.t("common.user.events", name=literal.markdown(option), n=n_events))
    return user


def history_or_stop(frame: Frame, world, user: int):
    """-> (now, the user's events before now); a user with none stops the page with a note."""
    now = world_now(world)
    history = user_history(world, user, now)
    if history.empty:
        st.info(frame.t("common.user.none"))
        st.stop()
    return now, history


def _set(key: str, value) -> None:
    st.session_state[key] = value


@dataclass(frozen=True)
class Catalogue:
    """The candidate picker's choices for one world and language, built once, not on every rerun."""

    labels: dict[str, str]  # option 'category-item_id' -> label; by category, most popular first
    representative: dict[str, str]  # category -> the option of its most popular item


@st.cache_resource(show_spinner=False, max_entries=8)
def catalogue(spec: WorldSpec, lang: str) -> Catalogue:
    world = load_dataset(spec).world
    items = world.items.sort_values(["category", "popularity"], ascending=[True, False])
    labels = {f"{c}-{i}": f"{category_text(c, lang)} #{i}"
              for c, i in zip(items["category"], items["item_id"], strict=True)}
    return Catalogue(labels, {c: f"{c}-{representative_item(world, c)}" for c in items["category"].unique()})


def candidate_picker(frame: Frame, key: str = "cand", quick: tuple[str, ...] = ("coat", "cup")) -> int:
    """One-click buttons for the story's categories, or any item of the catalogue."""
    choices = catalogue(frame.world, frame.lang)
    quick = tuple(c for c in quick if c in choices.representative)
    if key not in st.session_state and st.query_params.get(key) not in choices.labels:
        if quick:
            st.session_state[key] = choices.representative[quick[0]]
        else:  # a log without the story's categories: its default case's ad
            case = opening_case(frame.world)
            st.session_state[key] = f"{case.ad_category}-{case.ad}"
    st.markdown(f"**{frame.t('common.candidate')}**")
    # the catalogue's box shows an item's name and number: wider than a one-word button
    columns = st.columns([2] * len(quick) + [3], vertical_alignment="bottom")
    for column, category in zip(columns, quick, strict=False):
        column.button(frame.t("common.candidate.quick", emoji=category_emoji(category),
                              name=literal.markdown(category_name(category, frame.lang))),
                      key=f"{key}.{category}", width="stretch", on_click=_set,
                      args=(key, choices.representative[category]))
    with columns[-1]:
        option = synced(st.selectbox, key, list(choices.labels), frame.t("common.candidate.any"),
                        format_func=choices.labels.__getitem__)
    return int(option.rsplit("-", 1)[1])


def bounded_slider(frame: Frame, key: str, label_key: str, cap: int, limit: int, default: int,
                   note_key: str, minimum: int = 1, step: int = 1) -> int:
    """An integer slider up to min(cap, limit); when `limit` binds, say so instead of failing.

    cap: the page's own maximum; limit: what the data allows (e.g. the user's history)."""
    top = max(min(cap, limit), minimum)
    if top < cap:
        st.caption("ℹ️ " + frame.t(note_key, cap=top, n=limit))
    if top <= minimum:  # a slider needs a range; with one possible value there is nothing to choose
        st.session_state.pop(key, None)
        st.slider(frame.t(label_key), minimum, minimum + 1, minimum, disabled=True)
        return minimum
    if key in st.session_state and not minimum <= st.session_state[key] <= top:
        st.session_state[key] = min(max(st.session_state[key], minimum), top)
    # no default once the session holds a value (a preset set it): Streamlit warns on both
    value = None if key in st.session_state else min(default, top)
    return st.slider(frame.t(label_key), minimum, top, value, step=step, key=key, bind="query-params")


def presets(frame: Frame, choices: dict[str, dict]) -> None:
    """Classroom presets: one button per string key, setting the listed widget keys (none at all on a
    log without the lesson's demo users)."""
    if not choices:
        return
    st.caption(frame.t("common.presets"))
    columns = st.columns(len(choices))
    for column, (label_key, values) in zip(columns, choices.items(), strict=True):
        column.button(frame.t(label_key), key=f"preset.{label_key}", on_click=_apply, args=(values,),
                      width="stretch")


def _apply(values: dict) -> None:
    st.session_state.update(values)


def require_models(frame: Frame, *cfgs: ModelConfig) -> tuple[SequenceModel | None, ...]:
    """The trained model of each config, or None; for the missing ones, one note on the page: their
    training's progress (the page redraws itself when it is done), or why they are missing and a button
    that trains them (never a traceback)."""
    found = [lesson_model(frame.world, cfg) for cfg in cfgs]
    missing = tuple(cfg for cfg, lookup in zip(cfgs, found, strict=True) if lookup.model is None)
    if missing:
        labjob.collect_finished()
        if labjob.training(missing):
            training_progress(frame, missing)
        else:
            labels = ", ".join(model_label(cfg, frame.lang) for cfg in missing)
            why = next(lookup.problem for lookup in found if lookup.model is None)
            st.warning(frame.t("common.model.missing", label=labels, why=frame.t(why)))
            st.button(frame.t("common.model.train_here", count=len(missing)), type="primary",
                      on_click=labjob.train_for_lessons, args=(frame, missing), key="train-here")
    return tuple(lookup.model for lookup in found)


@st.fragment(run_every=labjob.PROGRESS_SECONDS)
def training_progress(frame: Frame, configs: tuple[ModelConfig, ...]) -> None:
    """The bars of the page's models in training; the whole page again once none is training."""
    runs = labjob.training(configs)
    if not runs:
        st.rerun(scope="app")
    st.info(frame.t("common.model.training"))
    for run in runs:
        st.progress(min(run.fraction, 1.0), text=labjob.status_line(frame, run, labjob.running().epochs))


def on_a_phone() -> bool:
    """Whether the browser is a phone's: phones' browsers put "Mobi" in their User-Agent."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def fitted(fig: go.Figure | dict) -> go.Figure | dict:
    """The figure as this screen needs it: on a phone, its title broken into lines that fit."""
    if not on_a_phone():
        return fig
    return narrow_layout(fig.to_dict() if isinstance(fig, go.Figure) else fig)


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fitted(fig), key=key, config={"displaylogo": False})


def answer_input(frame: Frame, question: Question, key: str, disabled: bool = False):
    """The guess's widget: the choices side by side, or a slider over the question's grid."""
    if question.is_choice:
        # a category's name may come from a user's file, and radio options read Markdown
        return st.radio(frame.t("ask.your_answer"), question.options, key=key, horizontal=True, index=None,
                        format_func=lambda o: literal.markdown(question.label(o, frame.lang)),
                        disabled=disabled)
    return st.select_slider(frame.t("ask.your_answer"), question.grid, value=question.start(), key=key,
                            format_func=lambda v: question.label(v, frame.lang), disabled=disabled)


def show_reveal(frame: Frame, question: Question, guess) -> None:
    """The verdict and the one line on why beside the guess-and-answer picture."""
    words, picture = st.columns([2, 3])
    with words:
        st.markdown(f"**{question.prompt[frame.lang]}**")
        st.markdown(verdict(question, guess, frame.lang))
        st.caption(question.why[frame.lang])
    with picture:
        chart(reveal_figure(question, guess, frame.lang), f"reveal-{question.id}")
