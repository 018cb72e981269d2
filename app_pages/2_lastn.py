"""LastN & average pooling: the window over the timeline, the moving average, the mix."""

import streamlit as st

from seqviz.lessons import lastn
from seqviz.models import ModelConfig
from ui import frame as ui_frame
from ui.ask import ask, hold_back_rest
from ui.cache import shared
from ui.picture_slider import picture_slider
from ui.widgets import chart, history_or_stop, presets, require_models, user_picker

frame = ui_frame.current()
dataset = frame.dataset()

st.title(frame.t("lastn.title"))
st.markdown(frame.t("lastn.lead"))
demo = dataset.world.demo_users()
story = {"common.preset.coat_vs_cup": {"user": "mia", "n": 20},
         "common.preset.long_memory": {"user": "leo", "n": lastn.N_CAP},
         "common.preset.new_user": {"user": "ana", "n": 10}}
presets(frame, {key: values for key, values in story.items() if values["user"] in demo})
picture, controls = st.columns([3, 1])
with controls:
    user = user_picker(frame, dataset)
    history_or_stop(frame, dataset.world, user)
    ui_frame.notice(frame, "lastn.main.notice")
(model,) = require_models(frame, ModelConfig("avg"))
if model is None:
    st.stop()
with picture:
    shown = shared(lastn.main_picture, dataset, model, user, frame.lang)
    hidden = ask(frame, shown.question)
    n = picture_slider("n", shown, default=20, hold_back=hidden)
    st.caption(frame.t("lastn.map.caption"))

st.subheader(frame.t("lastn.more"))
hold_back_rest(frame, hidden)  # the window's mix is the question's answer
left, right = st.columns(2)
with left:
    chart(shared(lastn.category_mix_figure, dataset, user, n, frame.lang), "lastn-mix")
with right:
    ui_frame.notice(frame, "lastn.mix.notice")
