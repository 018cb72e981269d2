"""DIN: attention of a candidate over the LastN events, against the world's truth."""

import streamlit as st

from seqviz.lessons import din
from seqviz.models import SCORERS, ModelConfig
from ui import frame as ui_frame
from ui.ask import ask, hold_back_rest
from ui.cache import shared
from ui.picture_slider import picture_slider
from ui.widgets import (
    candidate_picker,
    catalogue,
    chart,
    history_or_stop,
    presets,
    require_models,
    user_picker,
)

frame = ui_frame.current()
dataset = frame.dataset()
world = dataset.world

st.title(frame.t("din.title"))
st.markdown(frame.t("din.lead"))
# the lesson's case: eva's window holds coats and cups, so the candidate's choice shows at once
if "user" not in st.session_state and "user" not in st.query_params and "eva" in world.demo_users():
    st.session_state["user"] = "eva"
representative = catalogue(frame.world, frame.lang).representative
story = {f"common.preset.{name}": {"user": user, "cand": representative[category], "n": n}
         for name, user, category, n in (("coats_and_cups", "eva", "coat", 50),
                                         ("beyond_window", "mia", "coat", 50), ("new_user", "ana", "cup", 20))
         if user in world.demo_users() and category in representative}
if story:
    presets(frame, story)

who, what = st.columns(2)
with who:
    user = user_picker(frame, dataset)
    history_or_stop(frame, world, user)
with what:
    candidate = candidate_picker(frame)
picture, controls = st.columns([3, 1])
with controls:
    with st.expander(frame.t("din.options")):
        scorer = ui_frame.synced(st.radio, "scorer", SCORERS, frame.t("din.scorer"),
                                 format_func=lambda s: frame.t(f"din.scorer.{s}"))
        softmax = st.toggle(frame.t("din.softmax"), key="softmax", bind="query-params")
        st.caption(frame.t("din.softmax.why"))

model, average = require_models(frame, ModelConfig("din", scorer=scorer, softmax=softmax), ModelConfig("avg"))
if model is None:
    st.stop()
with picture:
    shown = shared(din.main_picture, dataset, model, average, user, candidate, frame.lang)
    hidden = ask(frame, shown.question)
    n = picture_slider("n", shown, default=model.lastn, hold_back=hidden)
with controls:
    key, words = shared(din.main_notice, dataset, model, user, candidate, frame.lang)
    ui_frame.notice(frame, key, hidden, asking="din.main.notice.asking", **words)

st.subheader(frame.t("din.more"))
hold_back_rest(frame, hidden)  # the map and the correlation below tell which events weigh most
left, right = st.columns([3, 2])
with left:
    chart(shared(din.pooled_map, dataset, model, user, candidate, n, frame.lang), "din-map")
with right:
    ui_frame.notice(frame, "din.map.notice")
    correlation = shared(din.attention_truth, dataset, model, user, candidate, n)
    st.metric(frame.t("din.corr"), frame.t("din.corr.none") if correlation is None else f"{correlation:+.2f}",
              help=frame.t("din.corr.help"))
    st.warning(frame.t("din.caveat"))
