"""seqviz's Streamlit script, served by app.py (run the app with `streamlit run app.py`).

The router: the shared sidebar, then one page per file in app_pages/. A page file
`app_pages/<order>_<slug>.py` is found automatically; its title and icon come from the
string table keys `nav.<slug>` and `nav.<slug>.icon` (see seqviz/text/__init__.py).

Why not `pages/`: Streamlit treats a folder named `pages` next to this script as the
old, automatic multipage mode. Then the first request of a fresh server (a shared link to
a lesson) and every AppTest rerun run the page file alone, skipping this router and its
sidebar. tests/test_pages.py fails if a `pages/` folder appears.
"""

from pathlib import Path

import streamlit as st

from seqviz.device import configure_threads
from seqviz.text import has, t
from ui import cache as ui_cache
from ui import frame as ui_frame
from ui import poll as ui_poll

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="seqviz", page_icon="🧥", layout="wide")
configure_threads()
ui_cache.warm_server()


def lesson_pages(lang: str) -> list:
    pages = []
    for path in sorted(PAGES_DIR.glob("[0-9]*_*.py"), key=lambda p: int(p.name.split("_", 1)[0])):
        slug = path.stem.split("_", 1)[1]
        title = t(f"nav.{slug}", lang) if has(f"nav.{slug}") else slug.replace("_", " ").title()
        icon = t(f"nav.{slug}.icon", lang) if has(f"nav.{slug}.icon") else None
        pages.append(st.Page(path, title=title, icon=icon, url_path=slug, default=not pages))
    return pages


def teacher_pages(lang: str) -> list:
    """The presenter's view, in the navigation of a class's teacher only."""
    if ui_poll.teacher() is None:
        return []
    return [st.Page(PAGES_DIR / "present.py", title=t("nav.present", lang), icon=t("nav.present.icon", lang),
                    url_path="present")]


frame = ui_frame.sidebar()
ui_poll.restore()
pages = lesson_pages(frame.lang) + teacher_pages(frame.lang)
st.session_state["_pages"] = pages  # the Home page links to every lesson, the presenter steps through them
with st.sidebar:
    ui_poll.sidebar(frame)
    ui_frame.glossary(frame.lang)  # below the class: a teacher's popovers there must stay on the screen
    ui_poll.keep_cookies()
page = st.navigation(pages)
if ui_poll.in_class_as_student():
    ui_poll.note_page(page.url_path)
    ui_poll.student_panel(frame)  # above every page: the teacher's question follows the student around
page.run()
