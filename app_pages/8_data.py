"""Data: import a user's own behaviour log (CSV) into this session, see what it holds, or go back.

The bytes are parsed in memory by seqviz.ingest.read_log; the resulting World is kept in this
session only (ui.cache.use_upload), so other visitors keep the sample world."""

import hashlib
import re

import streamlit as st

from seqviz.ingest import MAX_CATEGORIES, MAX_ROWS, MAX_UPLOAD_BYTES, LogError, read_log
from seqviz.lessons.data import categories_figure, summarise
from ui import frame as ui_frame
from ui.cache import active_upload, forget_upload, shared, use_upload
from ui.widgets import chart

MB = 1024 * 1024
WARNINGS_KEY = "data.warnings"  # (sha256, repairs) of the active import, shown beside its summary
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Text from a user's file (names, values quoted in messages) shown literally by st.error and
    friends, which read markdown: every markdown character is backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def upload_digest(events: bytes, impressions: bytes | None) -> str:
    digest = hashlib.sha256(events)
    if impressions is not None:  # the same events with other impressions are another world
        digest.update(b"\0impressions\0")
        digest.update(impressions)
    return digest.hexdigest()


def import_log(events_file, impressions_file) -> None:
    """Read the uploaded files into this session's world; on a bad log, say why and keep the old one."""
    events = events_file.getvalue()
    impressions = impressions_file.getvalue() if impressions_file is not None else None
    digest = upload_digest(events, impressions)
    current = active_upload()
    if current is not None and current[0] == digest:
        return  # the same files again: nothing to read
    try:
        with st.spinner(frame.t("data.importing")):
            result = read_log(events, impressions, events_name=events_file.name,
                              impressions_name=impressions_file.name if impressions_file else "impressions")
    except LogError as e:
        st.error(frame.t("data.failed"))
        st.error(plain(str(e)))
        return
    name = events_file.name + (f" + {impressions_file.name}" if impressions_file else "")
    use_upload(digest, result.world, name)
    st.session_state[WARNINGS_KEY] = (digest, result.warnings)
    st.rerun()  # the sidebar, drawn before this page, still shows the previous world


def show_current_world() -> None:
    spec = frame.world
    if spec.upload:
        st.success(frame.t("data.current.imported"))
        st.button(frame.t("data.back"), key="data-back", on_click=forget_upload)
    elif spec.is_sample:
        st.info(frame.t("data.current.sample"))
    else:
        st.info(frame.t("data.current.generated", seed=spec.seed, users=spec.users))


def show_summary() -> None:
    world = frame.dataset().world
    summary = summarise(world)
    st.subheader(frame.t("data.summary.header"))
    digest, repairs = st.session_state.get(WARNINGS_KEY, ("", []))
    if repairs and digest == frame.world.upload:
        with st.expander(frame.t("data.warnings", n=len(repairs)), expanded=True):
            for repair in repairs:
                st.warning(plain(repair))
    columns = st.columns(6)
    for column, key, value in zip(columns, ("users", "items", "events", "categories", "impressions"),
                                  (summary.users, summary.items, summary.events, summary.categories,
                                   summary.impressions), strict=False):
        column.metric(frame.t(f"data.summary.{key}"), f"{value:,}")
    columns[5].metric(frame.t("data.summary.clicked"), f"{summary.clicked_share:.0%}")
    st.markdown(frame.t("data.summary.span", first=summary.first, last=summary.last, days=summary.days))
    st.markdown(frame.t(f"data.summary.shape.{summary.shape}"))
    if summary.impression_rule:
        st.caption(frame.t("data.summary.rule"))
        st.text(summary.impression_rule)
    else:
        st.caption(frame.t("data.summary.given"))
    st.info(frame.t("data.summary.no_truth"))
    chart(shared(categories_figure, frame.dataset(), frame.lang), "data-categories")
    st.markdown(frame.t("data.next"))
    lab = [page for page in st.session_state.get("_pages", []) if page.url_path == "model_lab"]
    if lab:
        st.page_link(lab[0], label=lab[0].title, icon=lab[0].icon)


frame = ui_frame.current()
st.title(frame.t("data.title"))
st.markdown(frame.t("data.lead"))
show_current_world()
cap_mb = MAX_UPLOAD_BYTES // MB
with st.expander(frame.t("data.schema.header")):
    st.markdown(frame.t("data.schema.text", mb=cap_mb, rows=MAX_ROWS, categories=MAX_CATEGORIES))

left, right = st.columns(2)
events_file = left.file_uploader(frame.t("data.events"), type=["csv", "gz"], key="data.events_file",
                                 max_upload_size=cap_mb)
impressions_file = right.file_uploader(frame.t("data.impressions"), type=["csv", "gz"],
                                       key="data.impressions_file", max_upload_size=cap_mb)
if st.button(frame.t("data.import"), type="primary", disabled=events_file is None, key="data-import"):
    import_log(events_file, impressions_file)

if frame.world.upload:
    show_summary()
