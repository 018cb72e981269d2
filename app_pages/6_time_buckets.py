"""Time buckets: how old one event is, as SIM sees it (bucket by bucket) beside the true relevance;
SIM with and without buckets; and why DIN's short LastN needs no time at all."""

import streamlit as st

from seqviz.lessons import timebuckets
from ui import frame as ui_frame
from ui.ask import ask, hold_back_rest
from ui.cache import lesson_model, shared
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

WITH_TIME, WITHOUT_TIME = timebuckets.TIME_BUCKETS_CONFIGS
DIN_LASTN = 50  # what DIN reads: the LastN whose span the last chart measures

frame = ui_frame.current()
dataset = frame.dataset()
world = dataset.world
st.title(frame.t("nav.time_buckets"))
st.markdown(frame.t("timebuckets.intro"))
representative = catalogue(frame.world, frame.lang).representative
if "mia" in world.demo_users() and "coat" in representative:
    presets(frame, {"common.preset.time_matters": {"user": "mia", "cand": representative["coat"],
                                                   "age_hours": 24 * 365}})

with_time, without_time = require_models(frame, WITH_TIME, WITHOUT_TIME)
if with_time is None:
    st.stop()
item = candidate_picker(frame)
picture, side = st.columns([3, 1])
with picture:
    shown = shared(timebuckets.main_picture, dataset, with_time, without_time, item, frame.lang)
    hidden = ask(frame, shown.question)
    picture_slider("age_hours", shown, default=24 * 365, hold_back=hidden)
with side:
    ui_frame.notice(frame, "timebuckets.main.notice" if world.has_truth else "timebuckets.main.no_truth",
                    hidden)

st.header(frame.t("timebuckets.compare.header"))
hold_back_rest(frame, hidden)  # the learned effect below answers the question
user = user_picker(frame, dataset)
history_or_stop(frame, world, user)
if without_time is not None:
    left, right = st.columns(2)
    with left:
        metrics = [lesson_model(frame.world, cfg).metrics
                   for cfg in (WITH_TIME, WITHOUT_TIME)]
        chart(timebuckets.auc_figure(*metrics, frame.lang), "timebuckets-auc")
        ui_frame.notice(frame, "timebuckets.auc.notice")
    with right:
        chart(shared(timebuckets.both_ways, dataset, with_time, without_time, user, item, frame.lang),
              "timebuckets-both")
        ui_frame.notice(frame, "timebuckets.both.notice")
with st.expander(frame.t("timebuckets.effect.header")):
    chart(shared(timebuckets.average_effect, dataset, with_time, frame.lang), "timebuckets-effect")
    ui_frame.notice(frame, "timebuckets.effect.notice" if world.has_truth else "timebuckets.effect.no_truth")

st.header(frame.t("timebuckets.why_din.header"))
chart(shared(timebuckets.spans, dataset, user, DIN_LASTN, frame.lang), "timebuckets-spans")
ui_frame.notice(frame, "timebuckets.spans.notice")
