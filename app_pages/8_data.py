"""Data: import a user's own behaviour log (CSV) into this session, see what it holds, or go back.

The bytes are parsed in memory by seqviz.ingest.read_log; the resulting World is kept in this
session only (ui.cache.use_upload), so other visitors keep the sample world."""

import dataclasses
import hashlib

import streamlit as st

from seqviz import literal
from seqviz.ingest import MAX_CATEGORIES, MAX_ROWS, MAX_UPLOAD_BYTES, ColumnsError, LogError, read_log
from seqviz.lessons.data import categories_figure, summarise
from ui import frame as ui_frame
from ui import labjob
from ui.cache import WorldSpec, active_upload, forget_upload, shared, use_upload
from ui.widgets import chart

MB = 1024 * 1024
NOTES_KEY = "data.notes"  # (sha256, repairs, warnings) of the active import, shown beside its summary
# (header, columns wanted, columns chosen so far, whether to ask): the column choice on show, open when the
# header did not say which column is which or the import guessed some
COLUMNS_KEY = "data.columns"


def upload_digest(events: bytes, impressions: bytes | None, columns: dict[str, str] | None) -> str:
    digest = hashlib.sha256(events)
    if impressions is not None:  # the same events with other impressions are another world
        digest.update(b"\0impressions\0")
        digest.update(impressions)
    if columns:  # and so are the same files read by other columns
        digest.update(repr(sorted(columns.items())).encode())
    return digest.hexdigest()


def import_log(events_file, impressions_file, columns: dict[str, str] | None = None) -> None:
    """Read the uploaded files into this session's world; on a bad log, say why and keep the old one;
    on a header that does not say which column is which, ask (column_choice)."""
    events = events_file.getvalue()
    impressions = impressions_file.getvalue() if impressions_file is not None else None
    digest = upload_digest(events, impressions, columns)
    current = active_upload()
    if current is not None and current[0] == digest:
        return  # the same files again: nothing to read
    try:
        with st.spinner(frame.t("data.importing")):
            result = read_log(events, impressions, events_name=events_file.name, columns=columns,
                              impressions_name=impressions_file.name if impressions_file else "impressions")
    except LogError as e:
        if isinstance(e, ColumnsError):  # the column choice below asks
            st.session_state[COLUMNS_KEY] = (e.header, e.wanted, e.suggested, True)
        st.error(frame.t("data.failed"))
        st.error(literal.markdown(e.text(frame.lang)))
        return
    name = events_file.name + (f" + {impressions_file.name}" if impressions_file else "")
    use_upload(digest, result.world, name)
    st.session_state[NOTES_KEY] = (digest, result.repairs, result.warnings)
    st.session_state[COLUMNS_KEY] = (result.header, tuple(result.columns), result.columns, result.guessed)
    labjob.train_for_lessons(dataclasses.replace(frame, world=WorldSpec(upload=digest)))
    st.rerun()  # the sidebar, drawn before this page, still shows the previous world


def column_choice(events_file, impressions_file) -> None:
    """Which header name is which column: asked when the header did not say, offered (open) when the
    import read some columns by a guess, and a click away otherwise."""
    header, wanted, chosen, asking = st.session_state[COLUMNS_KEY]
    with st.expander(frame.t("data.columns.header"), expanded=asking):
        with st.form("data-columns", border=False):
            st.caption(frame.t("data.columns.ask"))
            picks = {}
            for column, name in zip(st.columns(len(wanted)), wanted, strict=True):
                picks[name] = column.selectbox(
                    name, header, index=header.index(chosen[name]) if chosen.get(name) in header else None,
                    placeholder=frame.t("data.columns.pick"), key=f"data.columns.{name}")
            again = st.form_submit_button(frame.t("data.columns.import"), type="primary")
    if not again:
        return
    if None in picks.values() or len(set(picks.values())) < len(picks):
        st.error(frame.t("data.columns.each_once"))
        return
    import_log(events_file, impressions_file, picks)


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
    digest, repairs, warnings = st.session_state.get(NOTES_KEY, ("", [], []))
    if digest == frame.world.upload:
        for key, notes, show in (("data.repairs", repairs, st.info), ("data.warnings", warnings, st.warning)):
            if notes:
                with st.expander(frame.t(key, n=len(notes)), expanded=True):
                    for note in notes:
                        show(literal.markdown(note(frame.lang)))
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
st.caption(frame.t("data.uploader.help", mb=cap_mb))  # the upload boxes' own words are Streamlit's (English)
if st.button(frame.t("data.import"), type="primary", disabled=events_file is None, key="data-import"):
    import_log(events_file, impressions_file)
if COLUMNS_KEY in st.session_state and events_file is not None:
    column_choice(events_file, impressions_file)

if frame.world.upload:
    show_summary()
