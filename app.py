"""seqviz: the Streamlit app. Run with `streamlit run app.py`.

The server: Streamlit serving router.py (the sidebar, then one page per lesson), with one addition,
ui.paths, so that a nested path such as `/lastn/extra` reaches a page instead of a white tab.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.paths import NestedPathToPage

app = st.App("router.py", middleware=[Middleware(NestedPathToPage)])
