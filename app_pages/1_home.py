"""Home [digest §1–2]: the recommender funnel, the coats-vs-cups story, and the map of the lessons."""

import streamlit as st

from seqviz.lessons.common import user_history
from seqviz.lessons.home import funnel_figure, history_strip_figure
from seqviz.text import has
from ui import frame as ui_frame
from ui.widgets import shared_chart

frame = ui_frame.current()
world = frame.dataset().world

st.title(frame.t("home.title"))
st.markdown(frame.t("home.lead"))

left, right = st.columns([3, 2])
with left:
    shared_chart("home-funnel", (frame.lang,), lambda: funnel_figure(frame.lang))
with right:
    ui_frame.notice(frame, "home.funnel.notice")

st.subheader(frame.t("home.story.header"))
st.markdown(frame.t("home.story.text"))
mia = world.demo_users().get("mia")
if mia is not None:
    title = frame.t("home.story.chart")
    shared_chart("home-story", (frame.world, frame.lang),
                 lambda: history_strip_figure(user_history(world, mia), frame.lang, title))
if world.has_truth:
    st.caption(frame.t("home.truth"))

st.subheader(frame.t("home.map.header"))
for page in st.session_state.get("_pages", []):
    slug = page.url_path
    if not slug:  # the default page (this one) is served at the root
        continue
    link, about = st.columns([2, 3], vertical_alignment="center")
    link.page_link(page, label=page.title, icon=page.icon)
    if has(f"home.map.{slug}"):
        about.caption(frame.t(f"home.map.{slug}"))
