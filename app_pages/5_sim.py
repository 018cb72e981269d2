"""SIM: search, then attend: a long history searched for K events, attention over those K,
how close that comes to attention over all N, and what it saves in time; then search by hashing
(SDIM), whose kernel sharpens as bits are added and whose cost per candidate does not grow with N."""

import streamlit as st

from seqviz.lessons import hashing, latency, sim
from seqviz.models import ModelConfig
from ui import frame as ui_frame
from ui.ask import ask, hold_back_rest
from ui.cache import lesson_model, longest_history, shared
from ui.picture_slider import picture_slider
from ui.widgets import (
    bounded_slider,
    candidate_picker,
    catalogue,
    chart,
    history_or_stop,
    presets,
    require_models,
    user_picker,
)

N_CAP = 5000
M_CAP = 1000
LATENCY_GRID = (50, 200, 1000, 4000)
SEARCHES = ("hard", "soft", "twin")  # the page's choices; the model's fourth, 'all', is full attention

frame = ui_frame.current()
dataset = frame.dataset()
world = dataset.world
st.title(frame.t("nav.sim"))
st.markdown(frame.t("sim.intro"))

demo = world.demo_users()
# the lesson's case: mia's coats of last winter, far outside DIN's window, unless a link chose a user
if "user" not in st.session_state and "user" not in st.query_params and "mia" in demo:
    st.session_state["user"] = "mia"
representative = catalogue(frame.world, frame.lang).representative
if "coat" in representative:
    presets(frame, {f"common.preset.{name}": {"user": user, "search": "hard", "k": 50, "n_search": N_CAP,
                                              "cand": representative["coat"]}
                    for name, user in (("last_winter", "mia"), ("long_memory", "leo")) if user in demo})

who, what, how = st.columns([2, 4, 2])
with who:
    user = user_picker(frame, dataset)
    _, history = history_or_stop(frame, world, user)
with what:
    item = candidate_picker(frame, quick=("coat", "scarf", "cup"))
with how:
    search = ui_frame.synced(st.radio, "search", SEARCHES, frame.t("sim.search"), horizontal=True,
                             format_func=lambda s: frame.t(f"sim.search.{s}"))
    n = bounded_slider(frame, "n_search", "sim.n", N_CAP, len(history), N_CAP, "sim.n.bounded")

(model,) = require_models(frame, ModelConfig(f"sim-{search}"))
if model is None:
    st.stop()
picture, side = st.columns([3, 1])
with picture:
    shown = shared(sim.main_picture, dataset, model, user, item, n, frame.lang)
    hidden = ask(frame, shown.question)
    k = picture_slider("k", shown, default=model.k, hold_back=hidden)
with side:
    ui_frame.notice(frame, f"sim.main.notice.{search}", hidden)
    st.caption(frame.t("sim.main.numbers" if world.has_truth else "sim.main.numbers_no_truth"))
    shipped = lesson_model(frame.world, ModelConfig(f"sim-{search}")).metrics
    if shipped.get("search_overlap") is not None:
        st.metric(frame.t("sim.overlap"), f"{shipped['search_overlap']:.0%}",
                  help=frame.t("sim.overlap.help"))
        st.caption(frame.t(f"sim.overlap.{search}"))
    with st.expander(frame.t("sim.search.how")):
        st.markdown(frame.t("sim.search.explain"))

st.subheader(frame.t("sim.more"))
hold_back_rest(frame, hidden)  # what attention does with the kept events answers the question
esu = shared(sim.esu_at, dataset, model, user, item, n, k, frame.lang)
if esu is None:
    st.warning(frame.t("sim.empty", n=min(n, len(history))))
else:
    left, right = st.columns([3, 2])
    with left:
        chart(esu, "sim-esu")
    with right:
        ui_frame.notice(frame, "sim.esu.notice")

st.header(frame.t("sim.latency.header"))
m = st.slider(frame.t("sim.latency.m"), 1, M_CAP, 200, key="sim_m", bind="query-params")
timing_user, longest = longest_history(frame.world)
measured = [shared(sim.timed_search, dataset, model, timing_user, g)
            for g in sorted({g for g in LATENCY_GRID if g <= longest} | {n})]
title = frame.t("sim.latency.title", count=m, m=m, k=model.k)
chart(latency.measured_figure(measured, m, n, title, frame.lang),
      "sim-latency")
ui_frame.notice(frame, f"sim.latency.notice.{search}")

st.header(frame.t("hashing.header"))
st.markdown(frame.t("hashing.intro"))
sdim_config = ModelConfig("sim-sdim")
(sdim,) = require_models(frame, sdim_config)
if sdim is None:
    st.stop()
picture, side = st.columns([3, 1])
with picture:
    kernel = shared(hashing.kernel_picture, dataset, sdim, user, item, n, frame.lang)
    held = ask(frame, kernel.question)
    picture_slider("bits", kernel, default=sdim.hash.bits, hold_back=held)
with side:
    ui_frame.notice(frame, "hashing.notice", held)
    shipped = lesson_model(frame.world, sdim_config).metrics
    hard = lesson_model(frame.world, ModelConfig("sim-hard")).metrics
    if shipped.get("auc") is not None and hard.get("auc") is not None:
        st.metric(frame.t("hashing.auc"), f"{shipped['auc']:.4f} · {hard['auc']:.4f}")
    if shipped.get("kernel_fit_max_gap") is not None:
        st.metric(frame.t("hashing.fit"), f"{shipped['kernel_fit_max_gap']:.3f}",
                  help=frame.t("hashing.fit.help"))
costs = [shared(hashing.search_costs, dataset, sdim, timing_user, g)
         for g in sorted({g for g in LATENCY_GRID if g <= longest} | {n})]
chart(latency.measured_figure(costs, m, n, frame.t("hashing.cost.title", count=m), frame.lang),
      "sim-hashing-cost")
ui_frame.notice(frame, "hashing.cost.notice")
