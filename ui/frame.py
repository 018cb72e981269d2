"""The shared frame: sidebar (language, world, device), the current page's context, notes.

Page state that matters for a link lives in the URL query parameters, named by the widget
key (lang, regen, seed, users, user, cand, n, k, models ...), so a shared URL restores the
view. Keys are plain names; pages that share an idea share a key (the LastN and DIN pages
both use `user` and `n`). Two ways to bind a widget:
  * `bind="query-params"` (Streamlit's own) for sliders, toggles, numbers, and choices whose
    labels are the same in both languages: Streamlit writes the *label* into the URL;
  * `whole_number(...)` below for number inputs, which survive a link's junk (`?seed=inf`);
  * `synced(...)` below for choices whose labels are translated, so that the URL holds the
    language-neutral option ("?lang=zh&scorer=dot") and a link works in either language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from seqviz.data import Dataset
from seqviz.device import resolve_device
from seqviz.io import DataError
from seqviz.text import LANG_NAMES, LANGS, has, t

from .cache import WorldSpec, active_upload, load_dataset

WORLD_USERS = (200, 400, 800)  # sizes of a regenerated world: small enough to train in class


@dataclass(frozen=True)
class Frame:
    lang: str
    world: WorldSpec
    device: str  # where the Model Lab trains; lessons run inference on the CPU
    ask: bool = True  # each lesson asks its question before its picture gives the answer away

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def dataset(self) -> Dataset:
        """The current world's dataset (cached per process); a clear error instead of a traceback."""
        try:
            with st.spinner(self.t("common.world.loading")):
                return load_dataset(self.world)
        except DataError as e:
            st.error(str(e))
            st.stop()


def sidebar() -> Frame:
    """Draw the shared sidebar and remember the frame for the page about to run."""
    with st.sidebar:
        lang = synced(st.radio, "lang", LANGS, "Language · 语言", format_func=LANG_NAMES.get,
                      horizontal=True)
        st.markdown(f"**{t('common.world', lang)}**")
        upload = active_upload()
        spec = WorldSpec()
        if upload is not None:  # this session imported a log on the Data page; it wins until dropped
            digest, _, name = upload
            st.caption(t("data.sidebar.imported", lang))
            st.text(name)  # the user's file name: plain text, never markdown or HTML
            spec = WorldSpec(upload=digest)
        elif st.toggle(t("common.world.seed", lang), key="regen", bind="query-params",
                       help=t("common.world.sample", lang)):
            left, right = st.columns(2)
            seed = whole_number(left, t("common.world.seed_input", lang), 0, 10_000, 1, key="seed")
            users = right.selectbox(t("common.world.users_input", lang), WORLD_USERS, index=1,
                                    key="users", bind="query-params")
            spec = WorldSpec(int(seed), int(users))
        device = str(resolve_device("auto"))
        ask = st.toggle(t("ask.switch", lang), value=True, key="questions", bind="query-params",
                        help=t("ask.switch.help", lang))
        frame = Frame(lang, spec, device, ask)
        st.session_state["_frame"] = frame
        world = frame.dataset().world
        st.caption(t("common.world.summary", lang, users=world.n_users, items=world.n_items,
                     events=len(world.events), impressions=len(world.impressions)))
        st.caption(t("common.device", lang, device=device))
    return frame


GLOSSARY = ("lastn", "target_attention", "gsu", "esu", "time_bucket", "two_tower", "auc", "gauc", "oracle")


def glossary(lang: str) -> None:
    """The recurring terms, a click away on every page (the router draws it in the sidebar)."""
    with st.expander(t("glossary.title", lang)):
        for term in GLOSSARY:
            st.markdown(f"**{t(f'glossary.{term}', lang)}**: {t(f'glossary.{term}.text', lang)}")


def synced(widget: Callable, key: str, options: Sequence, label: str, **kwargs):
    """Draw a choice widget (st.radio, st.selectbox, ...) whose labels are translated, keeping
    its value in the URL parameter `key` as the option itself (`str(option)`).

    The URL is read once per session; `persist_state="session"` keeps the value across pages."""
    by_text = {str(o): o for o in options}
    if key not in st.session_state and st.query_params.get(key) in by_text:
        st.session_state[key] = by_text[st.query_params[key]]
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]  # e.g. an item that a regenerated world does not have
    value = widget(label, options, key=key, persist_state="session", **kwargs)
    st.query_params[key] = str(value)
    return value


def link_number(text: str | None, low: int, high: int, default: int) -> int:
    """A whole number from a link: clamped to [low, high]; the default for text that is no finite number
    (a hand-edited `inf`, `1e309` or `abc`)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return default
    return min(max(int(value), low), high) if math.isfinite(value) else default


def whole_number(where, label: str, low: int, high: int, default: int, key: str, **kwargs) -> int:
    """A number input kept in the URL parameter `key`. Not Streamlit's own binding: it ends the page in
    an OverflowError on `?seed=inf`, where this falls back to the default."""
    if key not in st.session_state:
        st.session_state[key] = link_number(st.query_params.get(key), low, high, default)
    value = where.number_input(label, low, high, key=key, **kwargs)
    st.query_params[key] = str(value)
    return value


def current() -> Frame:
    """The frame the sidebar drew in this run (pages call this first)."""
    return st.session_state.get("_frame") or Frame("en", WorldSpec(), "cpu")


def notice(frame: Frame, key: str, hidden: bool = False, asking: str | None = None, **fmt) -> None:
    """The short 'what to notice' text beside a chart; while the page's question is open (`hidden`),
    its `<key>.asking` form (or the key `asking`), which says what to look at without the answer."""
    asking = asking or f"{key}.asking"
    if hidden and has(asking):
        key = asking
    st.info(frame.t("common.notice", text=frame.t(key, **fmt)))
