"""DIN [digest §2]: attention of a candidate over the LastN events, against the world's truth."""

import streamlit as st

from seqviz.lessons.common import (
    embedding_map,
    item_table,
    read_user,
    weight_truth_correlation,
    world_now,
)
from seqviz.lessons.din import attention_figure, pooled_map_figure
from seqviz.models import SCORERS, ModelConfig
from ui import frame as ui_frame
from ui.widgets import candidate_picker, catalogue, presets, require_model, shared_chart, user_picker

frame = ui_frame.current()
dataset = frame.dataset()
world = dataset.world

st.title(frame.t("din.title"))
st.markdown(frame.t("din.lead"))
representative = catalogue(frame.world, frame.lang).representative
story = {f"common.preset.{name}": {"user": user, "cand": representative[category]}
         for name, user, category in (("coats_and_cups", "eva", "coat"), ("coat_vs_cup", "mia", "coat"),
                                      ("new_user", "ana", "cup"))
         if user in world.demo_users() and category in representative}
if story:
    presets(frame, story)

left, right = st.columns(2)
with left:
    user = user_picker(frame, dataset)
    scorer = ui_frame.synced(st.radio, "scorer", SCORERS, frame.t("din.scorer"), horizontal=True,
                             format_func=lambda s: frame.t(f"din.scorer.{s}"))
    softmax = st.toggle(frame.t("din.softmax"), key="softmax", bind="query-params")
    st.caption(frame.t("din.softmax.why"))
with right:
    candidate = candidate_picker(frame)

din = require_model(frame, ModelConfig("din", scorer=scorer, softmax=softmax))
avg = require_model(frame, ModelConfig("avg"))
if din is None:
    st.stop()
now = world_now(world)
reading = read_user(din, dataset, user, [candidate], now)
events = reading.events
if events.empty:
    st.warning(frame.t("common.user.none"))
    st.stop()
st.caption(frame.t("din.n_note", n=din.lastn, shown=len(events)))

drawn_from = (frame.world, user, candidate, din, frame.lang)  # din: the scorer and softmax chose it
shared_chart("din-weights", drawn_from, lambda: attention_figure(events, frame.lang))
ui_frame.notice(frame, "din.weights.notice")
if not world.has_truth:
    st.caption(frame.t("common.no_truth"))

st.subheader(frame.t("din.prob.header"))
columns = st.columns(4)
if avg is not None:
    avg_probability = read_user(avg, dataset, user, [candidate], now).probability[0]
    columns[0].metric(frame.t("din.prob.avg"), f"{avg_probability:.1%}")
columns[1].metric(frame.t("din.prob.din"), f"{reading.probability[0]:.1%}")
if reading.true_probability is not None:
    columns[2].metric(frame.t("din.prob.true"), f"{reading.true_probability[0]:.1%}")
corr = weight_truth_correlation(events)
columns[3].metric(frame.t("din.corr"), frame.t("din.corr.none") if corr is None else f"{corr:+.2f}",
                  help=frame.t("din.corr.help"))


def pooled_map():
    projection, items = embedding_map(din, world)
    candidate_category = world.items.set_index("item_id").loc[candidate, "category"]
    return pooled_map_figure(items, projection, item_table(din), events, candidate, candidate_category,
                             frame.lang)


shared_chart("din-map", drawn_from, pooled_map)
ui_frame.notice(frame, "din.map.notice")
st.warning(frame.t("din.caveat"))
