"""LastN & average pooling [digest §1]: the window over the timeline, the moving average, the mix."""

import streamlit as st

from seqviz.lessons.common import embedding_map, item_table
from seqviz.lessons.lastn import average_map_figure, category_mix_figure, running_average, timeline_figure
from seqviz.models import ModelConfig
from ui import frame as ui_frame
from ui.widgets import history_or_stop, n_slider, presets, require_model, shared_chart, user_picker

N_CAP = 500

frame = ui_frame.current()
dataset = frame.dataset()
world = dataset.world

st.title(frame.t("lastn.title"))
st.markdown(frame.t("lastn.lead"))
presets(frame, {"common.preset.coat_vs_cup": {"user": "mia", "n": 20},
                "common.preset.long_memory": {"user": "leo", "n": N_CAP},
                "common.preset.new_user": {"user": "ana", "n": 10}})
left, right = st.columns(2)
with left:
    user = user_picker(frame, dataset)
now, history = history_or_stop(frame, world, user)
with right:
    n = n_slider(frame, len(history), cap=N_CAP, default=50)

drawn_from = (frame.world, user, n, frame.lang)
shared_chart("lastn-timeline", drawn_from, lambda: timeline_figure(history, n, frame.lang, now))
ui_frame.notice(frame, "lastn.timeline.notice")

model = require_model(frame, ModelConfig("avg"))
map_column, mix_column = st.columns([3, 2])
with map_column:
    if model is not None:
        def average_map():
            projection, items = embedding_map(model, world)
            table = item_table(model)
            shown = history.iloc[:N_CAP]
            path = projection(running_average(table, shown))
            window = shown.iloc[:n]
            return average_map_figure(items, projection(table[window["item_id"].to_numpy()]), path, n,
                                      window["category"], frame.lang)

        shared_chart("lastn-map", (*drawn_from, model), average_map)
        st.caption(frame.t("lastn.map.caption"))
        ui_frame.notice(frame, "lastn.map.notice")
with mix_column:
    shared_chart("lastn-mix", drawn_from, lambda: category_mix_figure(history, n, frame.lang))
    ui_frame.notice(frame, "lastn.mix.notice")
