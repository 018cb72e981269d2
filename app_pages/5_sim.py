"""SIM: search, then attend [§4–6]: a long history searched for K events, attention over those K,
how close that comes to attention over all N, and what it saves in time."""

import pandas as pd
import streamlit as st

from seqviz.lessons import sim, towers
from seqviz.lessons.common import world_now
from seqviz.models import ModelConfig
from seqviz.models.sim import SIM
from ui import frame as ui_frame
from ui.cache import WorldSpec, lesson_model, load_dataset, longest_history
from ui.widgets import (
    bounded_slider,
    candidate_picker,
    catalogue,
    history_or_stop,
    k_slider,
    presets,
    require_model,
    shared_chart,
    user_picker,
)

N_CAP = 5000
K_CAP = 200
M_CAP = 1000
DIN_LASTN = 50  # what DIN reads, for the timeline's comparison band
LATENCY_GRID = (50, 200, 1000, 4000)
SEARCHES = ("hard", "soft")


def sim_config(search: str) -> ModelConfig:
    return ModelConfig(f"sim-{search}")


# a model is known by its identity: a Lab retraining of the same config is a new model, new numbers
@st.cache_data(show_spinner=False, max_entries=64, hash_funcs={SIM: id})
def closeness(spec: WorldSpec, model: SIM, search: str, user: int, item: int, n: int) -> pd.DataFrame:
    """The closeness curve for one (user, candidate, N): cached, since K only moves the marker."""
    world = load_dataset(spec).world
    window = sim.search_window(world, user, world_now(world), n)
    category = int(world.item_category()[item])
    return sim.closeness_curve(model, window, item, category, sim.k_grid(len(window)), search,
                               sim.true_relevance(world, window, item))


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={SIM: id})
def search_and_attend(spec: WorldSpec, model: SIM, search: str, user: int, item: int, n: int,
                      k: int) -> tuple[sim.Attended, pd.DataFrame]:
    """What the model keeps for one (user, candidate, N, K), and how close that comes to attention over
    all N: cached, since a class asks for the same few (the presets, the default N and K)."""
    world = load_dataset(spec).world
    window = sim.search_window(world, user, world_now(world), n)
    category = int(world.item_category()[item])
    relevance = sim.true_relevance(world, window, item)
    at_k = sim.closeness_curve(model, window, item, category, [k], search, relevance)
    return sim.attend(model, window, item, category, k=k), at_k


@st.cache_data(show_spinner=False, max_entries=64)
def measured_search(spec: WorldSpec, search: str, n: int) -> pd.DataFrame:
    """Latency per candidate of full attention vs SIM at one N, on the longest history (cached).

    SIM runs at the K it was trained with, so moving the K slider never re-times anything."""
    world = load_dataset(spec).world
    user, _ = longest_history(spec)
    model = lesson_model(spec, sim_config(search)).model
    return sim.search_latency(model, world, user, world_now(world), world.item_category(), [n], model.k,
                              search)


f = ui_frame.current()
dataset = f.dataset()
world = dataset.world
st.title(f.t("nav.sim"))
st.markdown(f.t("sim.intro"))

demo = world.demo_users()
# this lesson needs a long history: open on leo unless a link or another page chose a user
if "user" not in st.session_state and "user" not in st.query_params and "leo" in demo:
    st.session_state["user"] = "leo"
representative = catalogue(f.world, f.lang).representative
# leo has bought coats for two years: the search reaches far back, and a year-old coat still counts
if "leo" in demo and "coat" in representative:
    presets(f, {"common.preset.long_memory": {"user": "leo", "search": "hard", "k": 50, "n_search": N_CAP,
                                              "cand": representative["coat"]}})

left, right = st.columns(2)
with left:
    user = user_picker(f, dataset)
    item = candidate_picker(f, quick=("coat", "scarf", "cup"))
now, history = history_or_stop(f, world, user)
with right:
    # kept in the URL by hand: a bound radio would store its translated label, not "hard"/"soft"
    if "search" not in st.session_state and st.query_params.get("search") in SEARCHES:
        st.session_state["search"] = st.query_params["search"]
    search = st.radio(f.t("sim.search"), SEARCHES, key="search", horizontal=True,
                      format_func=lambda s: f.t(f"sim.search.{s}"))
    st.query_params["search"] = search
    st.caption(f.t("sim.search.explain"))
    n = bounded_slider(f, "n_search", "sim.n", N_CAP, len(history), N_CAP, "sim.n.bounded")
    k = k_slider(f, n, cap=K_CAP, default=50)

model = require_model(f, sim_config(search))
if model is None:
    st.stop()
searched = min(n, len(history))  # the search window: the user's last n events
selected, at_k = search_and_attend(f.world, model, search, user, item, n, k)
curve = closeness(f.world, model, search, user, item, n)

c1, c2, c3, c4 = st.columns(4)
c1.metric(f.t("sim.metric.searched"), f"{searched:,}")
c2.metric(f.t("sim.metric.selected"), f"{len(selected.positions):,}")
truth_cosine = at_k["cosine_truth"].iloc[0]
reference = "truth" if pd.notna(truth_cosine) else "model"
closeness_at_k = at_k[f"cosine_{reference}"].iloc[0]
c3.metric(f.t("sim.metric.cosine"), f"{closeness_at_k:.3f}" if pd.notna(closeness_at_k) else "–",
          help=f.t(f"sim.closeness.cosine_{reference}"))
recall_at_k = at_k["recall"].iloc[0]
c4.metric(f.t("sim.metric.recall"), f"{recall_at_k:.0%}" if pd.notna(recall_at_k) else "–",
          help=f.t("sim.closeness.recall"))
if len(selected.positions) == 0:
    st.warning(f.t("sim.empty", n=searched))

drawn_from = (f.world, user, item, n, k, model, f.lang)  # model: the search chose it
shared_chart("sim.timeline", drawn_from,
             lambda: sim.timeline_figure(history, sim.search_window(world, user, now, n), selected, DIN_LASTN,
                                         world.categories, f.lang))
ui_frame.notice(f, "sim.timeline.notice")
if len(selected.positions):
    shared_chart("sim.esu", drawn_from,
                 lambda: sim.esu_figure(sim.search_window(world, user, now, n), selected, f.lang))
    ui_frame.notice(f, "sim.esu.notice")
shared_chart("sim.closeness", drawn_from, lambda: sim.closeness_figure(curve, k, f.lang))
if not world.has_truth:  # the figure then leaves out the ideal (true relevance) curve
    st.caption(f.t("common.no_truth"))
ui_frame.notice(f, "sim.closeness.notice")

st.header(f.t("sim.latency.header"))
m = st.slider(f.t("sim.latency.m"), 1, M_CAP, 200, key="m", bind="query-params")
_, longest = longest_history(f.world)
grid = sorted({g for g in LATENCY_GRID if g <= longest} | {n})
measured = pd.concat([measured_search(f.world, search, g) for g in grid], ignore_index=True)
latency_title = f.t("sim.latency.title", m=m, k=model.k)
latency = towers.latency_for(measured, m)
shared_chart("sim.latency", (f.world, model, m, n, f.lang, tuple(latency["ms"])),
             lambda: towers.latency_figure(latency, n, latency_title, f.lang))
ui_frame.notice(f, "sim.latency.notice")
