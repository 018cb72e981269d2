"""Time buckets [§6]: log-scale buckets, SIM with and without them, what each bucket learned beside
the true decay, and why DIN's short LastN needs no time at all."""

import streamlit as st

from seqviz.lessons import sim, timebuckets
from seqviz.lessons.common import world_now
from seqviz.models import ModelConfig
from seqviz.world import DAY
from ui import frame as ui_frame
from ui.cache import WorldSpec, lesson_model, load_dataset
from ui.widgets import (
    candidate_picker,
    catalogue,
    history_or_stop,
    n_slider,
    presets,
    require_model,
    shared_chart,
    user_picker,
)

WITH_TIME, WITHOUT_TIME = ModelConfig("sim-hard"), ModelConfig("sim-hard", time=False)


@st.cache_data(show_spinner=False, max_entries=16)
def all_user_spans(spec: WorldSpec, n: int) -> dict[str, float]:
    world = load_dataset(spec).world
    return timebuckets.median_spans(world, world_now(world), n)


f = ui_frame.current()
dataset = f.dataset()
world = dataset.world
st.title(f.t("nav.time_buckets"))
st.markdown(f.t("timebuckets.intro"))
representative = catalogue(f.world, f.lang).representative
if "mia" in world.demo_users() and "coat" in representative:
    presets(f, {"common.preset.time_matters": {"user": "mia", "cand": representative["coat"]}})

left, right = st.columns(2)
with left:
    user = user_picker(f, dataset)
now, history = history_or_stop(f, world, user)
with right:
    item = candidate_picker(f)
    n = n_slider(f, len(history))

# --- the buckets ----------------------------------------------------------------------------------
shared_chart("timebuckets.edges", (f.world, user, n, f.lang),
             lambda: timebuckets.bucket_edges_figure(history["age_days"].to_numpy(),
                                                     float(history["age_days"].iloc[n - 1]), f.lang))
ui_frame.notice(f, "timebuckets.edges.notice")

# --- SIM with and without time ----------------------------------------------------------------------


def both_ways_figure():
    window = sim.search_window(world, user, now, len(history))
    category = int(world.item_category()[item])
    with_buckets, without_buckets = (timebuckets.selected_events(model, window, item, category)
                                     for model in (with_time, without_time))
    return timebuckets.attention_both_ways_figure(with_buckets, without_buckets, f.lang)


def bucket_effect_figure():
    decay = world.truth.decay if world.has_truth else None
    oldest = float((now - world.events["timestamp"].min()) / DAY)
    effect = timebuckets.learned_bucket_effect(with_time, dataset)
    return timebuckets.bucket_effect_figure(effect, decay, oldest, f.lang)


st.header(f.t("timebuckets.compare.header"))
with_time, without_time = require_model(f, WITH_TIME), require_model(f, WITHOUT_TIME)
if with_time is not None and without_time is not None:
    metrics = [(lesson_model(f.world, cfg).extra or {}).get("metrics", {})
               for cfg in (WITH_TIME, WITHOUT_TIME)]
    left, right = st.columns(2)
    with left:
        shared_chart("timebuckets.auc", (f.world, with_time, without_time, f.lang),
                     lambda: timebuckets.auc_figure(*metrics, f.lang))
        ui_frame.notice(f, "timebuckets.auc.notice")
    with right:
        shared_chart("timebuckets.both", (f.world, user, item, with_time, without_time, f.lang),
                     both_ways_figure)
        ui_frame.notice(f, "timebuckets.both.notice")

    if not world.has_truth:
        st.caption(f.t("timebuckets.no_truth"))
    shared_chart("timebuckets.effect", (f.world, with_time, f.lang), bucket_effect_figure)
    ui_frame.notice(f, "timebuckets.effect.notice")

# --- why DIN needs no time ------------------------------------------------------------------------
st.header(f.t("timebuckets.why_din.header"))
named = dict(world.demo_users())
if user not in named.values():
    named[f"#{user}"] = user
shared_chart("timebuckets.spans", (f.world, user, n, f.lang),
             lambda: timebuckets.spans_figure(timebuckets.history_spans(world, now, n, named), n, f.lang))
medians = all_user_spans(f.world, n)
st.markdown(f.t("timebuckets.spans.median", users=world.n_users, n=n, lastn=medians["lastn_days"],
                full=medians["full_days"]))
ui_frame.notice(f, "timebuckets.spans.notice")
