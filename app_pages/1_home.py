"""Home: the recommender funnel, the coats-vs-cups story, and the map of the lessons."""

import streamlit as st

from seqviz.lessons import home
from seqviz.text import has
from ui import frame as ui_frame
from ui.ask import ask
from ui.cache import lesson_model, shared
from ui.widgets import chart

frame = ui_frame.current()
world = frame.dataset().world

st.title(frame.t("home.title"))
st.markdown(frame.t("home.lead"))

left, right = st.columns([3, 2])
with left:
    chart(shared(home.funnel_figure, frame.lang), "home-funnel")
with right:
    ui_frame.notice(frame, "home.funnel.notice")

st.subheader(frame.t("home.story.header"))
st.markdown(frame.t("home.story.text"))
if "mia" in world.demo_users():
    chart(shared(home.story_figure, frame.dataset(), frame.lang), "home-story")
    models = [lesson_model(frame.world, cfg).model for cfg in home.ASKED_MODELS]
    if all(model is not None for model in models):
        ask(frame, shared(home.click_question, frame.dataset(), *models))
if world.has_truth:
    st.caption(frame.t("home.truth"))

st.subheader(frame.t("home.map.header"))
for page in st.session_state.get("_pages", []):
    slug = page.url_path
    if not has(f"home.map.{slug}"):  # this page (served at the root), and the teacher's presenter view
        continue
    link, about = st.columns([2, 3], vertical_alignment="center")
    link.page_link(page, label=page.title, icon=page.icon)
    about.caption(frame.t(f"home.map.{slug}"))
