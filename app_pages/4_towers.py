"""Why towers average: the user tower cannot see the candidate; attention's cost against
averaging, measured and counted; SENet field weights as what towers use instead."""

import numpy as np
import streamlit as st

from seqviz.lessons import latency, towers
from seqviz.lessons.common import user_markdown
from seqviz.models import ModelConfig, SequenceModel, build_model
from ui import frame as ui_frame
from ui.ask import ask, hold_back_rest
from ui.cache import WorldSpec, lesson_model, load_dataset, longest_history, shared
from ui.picture_slider import picture_slider
from ui.widgets import bounded_slider, chart, require_models

N_GRID = (10, 30, 100, 300, 1000, 3000)  # where latency by N is measured; the chosen N is added
N_CAP = 5000
ATTENTION, AVERAGE = ModelConfig("din"), ModelConfig("avg")


def timing_model(spec: WorldSpec, cfg: ModelConfig) -> SequenceModel:
    """The trained model, or an untrained one of the same shape: counting and timing do not depend
    on the weights, so this part of the page works on a world nobody has trained on yet."""
    return lesson_model(spec, cfg).model or build_model(cfg, load_dataset(spec).n_items).eval()


@st.cache_resource(show_spinner=False, max_entries=4)
def trained_senet(spec: WorldSpec) -> towers.SENetResult:
    """The SENet two-tower model, trained once per world on the shipped AvgPool's item vectors."""
    return towers.train_senet(load_dataset(spec), lesson_model(spec, AVERAGE).model.item_emb.weight)


frame = ui_frame.current()
dataset = frame.dataset()
world = dataset.world
st.title(frame.t("nav.towers"))
st.markdown(frame.t("towers.intro"))

timing_user, longest = longest_history(frame.world)
attention_model, average_model = timing_model(frame.world, ATTENTION), timing_model(frame.world, AVERAGE)
picture, side = st.columns([3, 1])
with side:
    n = bounded_slider(frame, "n_events", "towers.n", N_CAP, longest, 1000, "towers.n.bounded")
    ui_frame.notice(frame, "towers.main.notice")
    st.caption(frame.t("towers.latency.explain", name=user_markdown(world, timing_user, frame.lang),
                       pairs=latency.MAX_TIMED_PAIRS))
with picture:
    shown = shared(towers.main_picture, dataset, attention_model, average_model, timing_user, n, frame.lang)
    hidden = ask(frame, shown.question)
    m = picture_slider("m", shown, default=1000, hold_back=hidden)

st.header(frame.t("towers.why.header"))
hold_back_rest(frame, hidden)  # the counted and measured costs below are the question's answer
left, right = st.columns(2)
with left:
    st.graphviz_chart(towers.towers_diagram(frame.lang))
    ui_frame.notice(frame, "towers.diagram.notice")
with right:
    st.markdown(frame.t("towers.cost.explain"))
    chart(shared(towers.counted_figure, attention_model, m, n, longest, frame.lang), "towers-cost")
    ui_frame.notice(frame, "towers.cost.notice", pair=towers.pair_cost(attention_model),
                    dim=attention_model.item_emb.embedding_dim)
with st.expander(frame.t("towers.latency.header")):
    measured = [shared(towers.timed_pooling, dataset, attention_model, average_model, timing_user, g)
                for g in sorted({g for g in N_GRID if g <= longest} | {n})]
    chart(latency.measured_figure(measured, m, n, frame.t("towers.latency.title", count=m, m=m), frame.lang),
          "towers-latency")
    ui_frame.notice(frame, "towers.latency.notice")

# --- what towers do instead ---------------------------------------------------------------------
st.header(frame.t("towers.senet.header"))
st.markdown(frame.t("towers.senet.explain"))
(average,) = require_models(frame, AVERAGE)  # the SENet's user fields come from AvgPool's item vectors
if average is None:
    st.stop()
with st.spinner(frame.t("towers.senet.training")):
    senet = trained_senet(frame.world)
shipped = {key: lesson_model(frame.world, cfg).extra or {}
           for key, cfg in (("avg", AVERAGE), ("din", ATTENTION))}
c1, c2, c3 = st.columns(3)
c1.metric(frame.t("towers.senet.auc"), f"{senet.test_auc:.4f}")
c1.caption(frame.t("towers.senet.seconds", s=senet.train_seconds))
aucs = {key: shipped[key].get("metrics", {}).get("auc") for key in ("avg", "din")}
for column, key in ((c2, "avg"), (c3, "din")):
    value = aucs[key]
    column.metric(frame.t(f"towers.senet.auc_{key}"),
                  f"{value:.4f}" if value is not None and np.isfinite(value) else "–")
words = towers.senet_words(senet.test_auc, aucs["avg"], aucs["din"], frame.lang)
if words:
    st.caption(words)
chart(towers.senet_weights_figure(senet.field_weights, frame.lang), "towers-senet")
ui_frame.notice(frame, "towers.senet.notice")
