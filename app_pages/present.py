"""The presenter's view, for the projector: how to join in large type, the class's question with its
live answers, and the lessons in order, each asked from here. In a class's teacher's navigation only
(app.py)."""

import streamlit as st

from ui import frame as ui_frame
from ui import poll

frame = ui_frame.current()
me = poll.teacher()
if me is None:  # the class was closed (from the sidebar, or by its teacher's absence)
    st.info(frame.t("present.none"))
    st.stop()

st.title(frame.t("nav.present"))
code, qr = st.columns([3, 2], vertical_alignment="center")
with code:
    poll.join_banner(frame, me)
with qr:
    link = poll.class_link(me)
    if link is not None:
        st.image(poll.qr_png(link), width=380, output_format="PNG")  # PNG: JPEG blurs a QR code

st.divider()
poll.presenter_question(frame, me)
st.divider()
st.subheader(frame.t("present.order"))
poll.lesson_steps(frame, me)
