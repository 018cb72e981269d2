"""Why towers average [§3–4]: the user tower cannot see the candidate; attention's cost against
averaging, counted and measured; SENet field weights as what towers use instead."""

import numpy as np
import pandas as pd
import streamlit as st

from seqviz.lessons import towers
from seqviz.lessons.common import world_now
from seqviz.models import ModelConfig, SequenceModel, build_model
from ui import frame as ui_frame
from ui.cache import WorldSpec, lesson_model, load_dataset, longest_history
from ui.widgets import bounded_slider, require_model, shared_chart

N_GRID = (10, 30, 100, 300, 1000, 3000)  # where latency is measured; the chosen N is added
N_CAP = 5000
M_CAP = 1000
ATTENTION, AVERAGE = ModelConfig("din"), ModelConfig("avg")


def timing_model(spec: WorldSpec, cfg: ModelConfig) -> SequenceModel:
    """The trained model, or an untrained one of the same shape: counting and timing do not depend
    on the weights, so this part of the page works on a world nobody has trained on yet."""
    return lesson_model(spec, cfg).model or build_model(cfg, load_dataset(spec).n_items).eval()


@st.cache_data(show_spinner=False, max_entries=64)
def measured_pooling(spec: WorldSpec, n: int) -> pd.DataFrame:
    """Latency of DIN's and AvgPool's pooling at one N, on the longest history (cached per N)."""
    dataset = load_dataset(spec)
    world = dataset.world
    user, _ = longest_history(spec)
    return towers.pooling_latency(timing_model(spec, ATTENTION), timing_model(spec, AVERAGE), dataset.history,
                                  user, world_now(world), world.item_category(), [n])


@st.cache_resource(show_spinner=False, max_entries=4)
def trained_senet(spec: WorldSpec) -> towers.SENetResult:
    """The SENet two-tower model, trained once per world on the shipped AvgPool's item vectors."""
    return towers.train_senet(load_dataset(spec), lesson_model(spec, AVERAGE).model.item_emb.weight)


f = ui_frame.current()
dataset = f.dataset()
world = dataset.world
st.title(f.t("nav.towers"))
st.markdown(f.t("towers.intro"))
st.graphviz_chart(towers.towers_diagram(f.lang))
ui_frame.notice(f, "towers.diagram.notice")

# --- cost: counted, then measured ---------------------------------------------------------------
st.header(f.t("towers.cost.header"))
st.markdown(f.t("towers.cost.explain"))
timing_user, longest = longest_history(f.world)
left, right = st.columns(2)
with left:
    m = st.slider(f.t("towers.m"), 1, M_CAP, 200, key="m", bind="query-params")
with right:
    n = bounded_slider(f, "n_events", "towers.n", N_CAP, longest, 1000, "towers.n.bounded", minimum=1)

attention_model = timing_model(f.world, ATTENTION)
pair = towers.pair_cost(attention_model)
dim = attention_model.item_emb.embedding_dim
grid = sorted({g for g in N_GRID if g <= longest} | {n})
counts = towers.operation_counts(m, sorted({*np.geomspace(1, longest, 40).astype(int), n}), pair, dim)
at_n = counts[counts["n"] == n].set_index("method")["ops"]
c1, c2, c3 = st.columns(3)
c1.metric(f.t("towers.cost.attention_ops"), f"{at_n['attention']:,.0f}")
c2.metric(f.t("towers.cost.average_ops"), f"{at_n['average']:,.0f}")
c3.metric(f.t("towers.cost.ratio"), f"{at_n['attention'] / at_n['average']:,.0f}×")
shared_chart("towers.cost", (f.world, m, n, f.lang), lambda: towers.cost_figure(counts, n, m, f.lang))
ui_frame.notice(f, "towers.cost.notice", pair=pair, dim=dim)

st.subheader(f.t("towers.latency.header"))
names = {v: k for k, v in world.demo_users().items()}
st.caption(f.t("towers.latency.explain", name=names.get(timing_user, f"#{timing_user}"),
               pairs=towers.MAX_TIMED_PAIRS))
measured = pd.concat([measured_pooling(f.world, g) for g in grid], ignore_index=True)
latency = towers.latency_for(measured, m)
at_n = latency[latency["n"] == n].set_index("method")["ms"]
c1, c2 = st.columns(2)
at_label = f.t("towers.latency.at_n", n=n)
c1.metric(f"{f.t('towers.method.attention')}, {at_label}", f"{at_n['attention']:.2f} ms")
c2.metric(f"{f.t('towers.method.average')}, {at_label}", f"{at_n['average']:.3f} ms")
# `measured` is cached per (world, N); its numbers are in the key, so a re-timing redraws
shared_chart("towers.latency", (f.world, m, n, f.lang, tuple(latency["ms"])),
             lambda: towers.latency_figure(latency, n, f.t("towers.latency.title", m=m), f.lang))
ui_frame.notice(f, "towers.latency.notice")

# --- what towers do instead ---------------------------------------------------------------------
st.header(f.t("towers.senet.header"))
st.markdown(f.t("towers.senet.explain"))
if require_model(f, AVERAGE) is None:  # the SENet's user fields come from AvgPool's item vectors
    st.stop()
with st.spinner(f.t("towers.senet.training")):
    senet = trained_senet(f.world)
shipped = {key: lesson_model(f.world, cfg).extra or {} for key, cfg in (("avg", AVERAGE), ("din", ATTENTION))}
c1, c2, c3 = st.columns(3)
c1.metric(f.t("towers.senet.auc"), f"{senet.test_auc:.4f}")
c1.caption(f.t("towers.senet.seconds", s=senet.train_seconds))
for column, key in ((c2, "avg"), (c3, "din")):
    value = shipped[key].get("metrics", {}).get("auc")
    column.metric(f.t(f"towers.senet.auc_{key}"), f"{value:.4f}" if value is not None and np.isfinite(value)
                  else "–")
shared_chart("towers.senet", (f.world, f.lang, senet.model),
             lambda: towers.senet_weights_figure(senet.field_weights, f.lang))
ui_frame.notice(f, "towers.senet.notice")
