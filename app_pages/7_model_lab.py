"""Model Lab [digest §7]: train models in the background, compare them, and see AUC grow with N."""

import streamlit as st

from seqviz.lessons import lab
from seqviz.lessons.common import model_label
from seqviz.metrics import auc_uncertainty, oracle_interval
from seqviz.models import MODELS, SCORERS
from seqviz.sample import SAMPLE_CONFIGS
from ui import frame as ui_frame
from ui.ask import ask, hold_back_rest
from ui.cache import lab_models, lab_trainings, lesson_model, shared, training_pool, world_recipe
from ui.widgets import chart, presets

N_CHOICES = (5, 10, 20, 50, 100, 200, 500)
POLL_SECONDS = 1.0  # each poll reruns the progress fragment, and a whole class polls at once

frame = ui_frame.current()
dataset = frame.dataset()
store = lab_models()


def unless_set(key: str, value):
    """A widget's default, or none once the session holds its value (a preset set it): Streamlit
    warns when a widget gets both."""
    return None if key in st.session_state else value


def collect_finished() -> None:
    """Move the runs of a finished job into the session's results (they outlive the job and the page)."""
    job = st.session_state.get("lab.job")
    if job is not None and not job.running:
        st.session_state.setdefault("lab.runs", []).extend(r for r in job.runs if r.row is not None)
        st.session_state["lab.finished"] = (job.runs, job.epochs)
        del st.session_state["lab.job"]


def start_job(configs, epochs: int, seed: int) -> None:
    if st.session_state.get("lab.job") is not None:
        return
    spec = frame.world

    def keep(cfg, model, row) -> None:  # the lesson pages read the model and its test metrics
        store.put((spec, cfg), (model, {"metrics": row}))

    # in a worker process, on the device the sidebar names: the server's own core stays for the class
    st.session_state["lab.job"] = lab.LabJob(dataset, configs, epochs, seed, on_model=keep,
                                             trainings=lab_trainings(), world_key=spec, pool=training_pool(),
                                             recipe=world_recipe(spec), device=frame.device).start()


def status_line(run, epochs: int) -> str:
    label = model_label(run.config, frame.lang)
    if run.status == "training" and run.epoch == 0:
        return frame.t("lab.status.starting", label=label)
    if run.status == "training":
        return frame.t("lab.status.training", label=label, epoch=run.epoch, epochs=epochs, loss=run.loss)
    if run.status == "done":
        return frame.t("lab.status.done", label=label, seconds=run.row["train_seconds"], auc=run.row["auc"])
    if run.status == "failed":
        return frame.t("lab.status.failed", label=label, error=run.error)
    return frame.t(f"lab.status.{run.status}", label=label)


collect_finished()
# the DIN page sends its reader here to train the scorer it lacks: Streamlit gives the value its radio
# and toggle left in the session to this page's widgets of the same key only once it is set again
for key in ("scorer", "softmax"):
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]
st.title(frame.t("lab.title"))
st.markdown(frame.t("lab.lead"))
presets(frame, lab.PRESETS)
shipped_rows = []
if frame.world.is_sample:
    with st.spinner(frame.t("lab.shipped.measuring")):
        oracle = shared(oracle_interval, dataset)
        for cfg in SAMPLE_CONFIGS:
            found = lesson_model(frame.world, cfg)
            if found.extra and "metrics" in found.extra:
                uncertainty = shared(auc_uncertainty, found.model, dataset)
                shipped_rows.append(lab.shipped_row(cfg, found.extra, uncertainty, oracle))
# results of another world were scored on another test week: they do not compare with these
lab_runs = [run for run in st.session_state.get("lab.runs", []) if run.world == frame.world]
rows = lab.ordered_rows([run.row for run in lab_runs], shipped_rows)

hidden = ask(frame, shared(lab.winner_question, lab.frozen(rows)))  # asked before anything trains
left, middle, right = st.columns(3)
models = left.multiselect(frame.t("lab.models"), MODELS,
                          default=unless_set("models", ["avg", "din", "sim-hard"]), key="models",
                          format_func=lambda m: frame.t(f"models.{m}"), bind="query-params")
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
seed = right.number_input(frame.t("lab.seed"), 0, 9999, key="train_seed", bind="query-params")
configs = lab.lab_configs(models, ns, k, without_time, scorer, softmax)
if not configs:
    st.caption(frame.t("lab.nothing"))

busy = st.session_state.get("lab.job") is not None
go, stop = right.columns(2)
go.button(frame.t("lab.train", count=len(configs)), type="primary", disabled=busy or not configs or hidden,
          on_click=start_job, args=(configs, epochs, int(seed)), key="lab-train", width="stretch")
if busy:
    stop.button(frame.t("lab.cancel"), on_click=st.session_state["lab.job"].cancel, key="lab-cancel",
                width="stretch")


@st.fragment(run_every=POLL_SECONDS if busy else None)
def training_progress() -> None:
    job = st.session_state.get("lab.job")
    runs, job_epochs = ((job.runs, job.epochs) if job is not None
                        else st.session_state.get("lab.finished", ([], 0)))
    for run in runs:
        st.progress(min(run.fraction, 1.0), text=status_line(run, job_epochs))
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
ui_frame.notice(frame, "lab.table.notice")
if lab_runs:
    st.button(frame.t("lab.results.clear"), key="lab-clear",
              on_click=lambda: st.session_state.pop("lab.runs", None))

recipes = lab.recipes(rows)
chosen = (st.selectbox(frame.t("lab.chart_recipe"), recipes,
                       format_func=lambda r: lab.recipe_text(r, frame.lang))
          if len(recipes) > 1 else recipes[0])
drawn, left_out = lab.chart_rows(rows, chosen)
chart(shared(lab.auc_vs_n_figure, lab.frozen(drawn), frame.lang, chosen), "lab-auc-n")
ties = lab.tie_notes(drawn, frame.lang)
if ties:
    st.caption("\n".join(f"- ⚖️ {note}" for note in ties))
if left_out:
    st.caption(frame.t("lab.left_out", n=left_out))
if sum(1 for row in drawn if row["n"] is not None) < 2:
    st.caption(frame.t("lab.auc_n.empty"))
ui_frame.notice(frame, "lab.auc_n.notice")
if lab_runs:
    chart(shared(lab.learning_curves_figure, lab.curves(lab_runs), frame.lang), "lab-curves")
    ui_frame.notice(frame, "lab.curves.notice")
