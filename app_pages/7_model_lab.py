"""Model Lab: train models in the background, compare them, and see AUC grow with N."""

import streamlit as st

from seqviz.lessons import lab
from seqviz.models import MODELS, SCORERS
from ui import frame as ui_frame
from ui import labjob
from ui.ask import ask, hold_back_rest
from ui.cache import shared
from ui.widgets import chart, presets

N_CHOICES = (5, 10, 20, 50, 100, 200, 500)

frame = ui_frame.current()
dataset = frame.dataset()


def unless_set(key: str, value):
    """A widget's default, or none once the session holds its value (a preset set it): Streamlit
    warns when a widget gets both."""
    return None if key in st.session_state else value


labjob.collect_finished()
# the DIN page sends its reader here to train the scorer it lacks: Streamlit gives the value its radio
# and toggle left in the session to this page's widgets of the same key only once it is set again
for key in ("scorer", "softmax"):
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]
st.title(frame.t("lab.title"))
st.markdown(frame.t("lab.lead"))
presets(frame, lab.PRESETS)
shipped = []
if frame.world.is_sample:  # the shipped models were scored on the sample world's test week
    with st.spinner(frame.t("lab.shipped.measuring")):
        shipped = labjob.shipped_results(dataset)
lab_results = labjob.session_results(frame)
rows = lab.ordered_results(lab_results, shipped)

hidden = ask(frame, shared(lab.winner_question, rows))  # asked before anything trains
# the whole width: in a third of it the chips were cut ("SIM, hard searc")
models = st.multiselect(frame.t("lab.models"), MODELS,
                        default=unless_set("models", ["avg", "din", "sim-hard"]), key="models",
                        format_func=lambda m: frame.t(f"models.{m}"), bind="query-params")
left, middle, right = st.columns(3)
ns = left.multiselect(frame.t("lab.ns"), N_CHOICES, default=unless_set("ns", [50]), key="ns",
                      bind="query-params")
# not "k": the SIM page's picture keeps its K (any step up to 1,000) under that key
k = middle.slider(frame.t("lab.k"), 10, 200, unless_set("lab_k", 50), step=10, key="lab_k",
                  bind="query-params")
attention = any(m != "avg" for m in models)
with middle:  # the same keys as the DIN page's, so that its choice and its links carry over
    scorer = ui_frame.synced(st.radio, "scorer", SCORERS, frame.t("lab.scorer"), horizontal=True,
                             format_func=lambda s: frame.t(f"models.scorer.{s}"), disabled=not attention)
softmax = middle.toggle(frame.t("lab.softmax"), key="softmax", bind="query-params", disabled=not attention)
without_time = middle.toggle(frame.t("lab.without_time"), key="no_time", bind="query-params",
                             help=frame.t("lab.without_time.help"),
                             disabled=not any(m.startswith("sim") for m in models))
epochs = right.slider(frame.t("lab.epochs"), 1, 5, key="epochs", bind="query-params")
seed = ui_frame.whole_number(right, frame.t("lab.seed"), 0, 9999, 0, key="train_seed")
configs = lab.lab_configs(models, ns, k, without_time, scorer, softmax)
if not configs:
    st.caption(frame.t("lab.nothing"))

job = labjob.running()
go, stop = right.columns(2)
go.button(frame.t("lab.train", count=len(configs)), type="primary",
          disabled=job is not None or not configs or hidden, on_click=labjob.start,
          args=(frame, dataset, configs, epochs, int(seed)), key="lab-train", width="stretch")
if job is not None:
    stop.button(frame.t("lab.cancel"), on_click=job.cancel, key="lab-cancel", width="stretch")


@st.fragment(run_every=labjob.PROGRESS_SECONDS if job is not None else None)
def training_progress() -> None:
    runs, job_epochs = labjob.progress()
    for run in runs:
        st.progress(min(run.fraction, 1.0), text=labjob.status_line(frame, run, job_epochs))
    job = labjob.running()
    if job is not None and not job.running:
        st.rerun(scope="app")  # the results below need the finished job


training_progress()

st.subheader(frame.t("lab.results"))
hold_back_rest(frame, hidden)  # the table and the chart answer the question
if not rows:
    st.info(frame.t("lab.results.empty"))
    st.stop()
number_formats = {frame.t(f"lab.col.{name}"): st.column_config.NumberColumn(format="%.4f")
                  for name in ("auc", "gauc", "logloss", "oracle_gap")}
number_formats[frame.t("lab.col.seconds")] = st.column_config.NumberColumn(format="%.1f")
st.dataframe(lab.results_table(rows, frame.lang), hide_index=True, width="stretch",
             column_config=number_formats)
for note in lab.too_small_notes(rows, frame.lang):
    st.warning(note)
for note in lab.retrain_notes(rows, frame.lang):
    st.info(note)
# a log without truth has no oracle, and its chart may not tell the lesson: the notes say only what it shows
told = "" if dataset.world.has_truth else ".log"
ui_frame.notice(frame, f"lab.table.notice{told}")
if lab_results:
    st.button(frame.t("lab.results.clear"), key="lab-clear", on_click=labjob.clear)

recipes = lab.recipes(rows)
chosen = (st.selectbox(frame.t("lab.chart_recipe"), recipes,
                       format_func=lambda r: lab.recipe_text(r, frame.lang))
          if len(recipes) > 1 else recipes[0])
drawn, left_out = lab.chart_rows(rows, chosen)
chart(shared(lab.auc_vs_n_figure, tuple(drawn), frame.lang, chosen), "lab-auc-n")
ties = lab.tie_notes(drawn, frame.lang)
if ties:
    st.caption("\n".join(f"- ⚖️ {note}" for note in ties))
if left_out:
    st.caption(frame.t("lab.left_out", n=left_out))
if sum(1 for row in drawn if row.n is not None) < 2:
    st.caption(frame.t("lab.auc_n.empty"))
ui_frame.notice(frame, f"lab.auc_n.notice{told}")
if lab_results:
    chart(shared(lab.learning_curves_figure, tuple(lab_results), frame.lang), "lab-curves")
    ui_frame.notice(frame, "lab.curves.notice")
