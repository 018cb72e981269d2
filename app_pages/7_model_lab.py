"""Model Lab [digest §7]: train models in the background, compare them, and see AUC grow with N."""

import streamlit as st

from seqviz.lessons.lab import (
    LabJob,
    auc_vs_n_figure,
    lab_configs,
    learning_curves_figure,
    result_row,
    results_table,
)
from seqviz.models import MODELS
from seqviz.sample import SAMPLE_CONFIGS
from ui import frame as ui_frame
from ui.cache import lab_models, lab_trainings, lesson_model
from ui.widgets import presets, shared_chart

MODEL_NAMES = {"avg": "AvgPool", "din": "DIN", "sim-hard": "SIM (hard search)",
               "sim-soft": "SIM (soft search)"}
N_CHOICES = (5, 10, 20, 50, 100, 200, 500)
POLL_SECONDS = 1.0  # each poll reruns the progress fragment, and a whole class polls at once

frame = ui_frame.current()
dataset = frame.dataset()
store = lab_models()


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

    st.session_state["lab.job"] = LabJob(dataset, configs, epochs, seed, on_model=keep,
                                         trainings=lab_trainings(), world_key=spec).start()


def status_line(run, epochs: int) -> str:
    label = run.config.label()
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
st.title(frame.t("lab.title"))
st.markdown(frame.t("lab.lead"))
presets(frame, {"lab.preset.quick": {"models": ["avg", "din"], "ns": [20], "epochs": 1},
                "lab.preset.conclusion": {"models": ["avg", "din", "sim-hard"], "ns": [10, 50, 200],
                                          "epochs": 1},
                "lab.preset.search": {"models": ["sim-hard", "sim-soft"], "k": 50, "epochs": 1}})
left, middle, right = st.columns(3)
models = left.multiselect(frame.t("lab.models"), MODELS, default=["avg", "din", "sim-hard"], key="models",
                          format_func=MODEL_NAMES.get, bind="query-params")
ns = left.multiselect(frame.t("lab.ns"), N_CHOICES, default=[50], key="ns", bind="query-params")
k = middle.slider(frame.t("lab.k"), 10, 200, 50, step=10, key="k", bind="query-params")
epochs = middle.slider(frame.t("lab.epochs"), 1, 5, 1, key="epochs", bind="query-params")
without_time = middle.toggle(frame.t("lab.without_time"), key="no_time", bind="query-params",
                             disabled=not any(m.startswith("sim") for m in models))
seed = right.number_input(frame.t("lab.seed"), 0, 9999, 0, key="train_seed", bind="query-params")
configs = lab_configs(models, ns, k, without_time)
if not configs:
    st.caption(frame.t("lab.nothing"))

busy = st.session_state.get("lab.job") is not None
go, stop = right.columns(2)
go.button(frame.t("lab.train", count=len(configs)), type="primary", disabled=busy or not configs,
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

rows = []
if frame.world.is_sample:
    for cfg in SAMPLE_CONFIGS:
        found = lesson_model(frame.world, cfg)
        if found.extra and "metrics" in found.extra:
            rows.append(result_row(cfg, found.extra["metrics"], len(found.extra.get("curve", [])),
                                   found.extra.get("train_seconds", float("nan")), "shipped"))
lab_runs = st.session_state.get("lab.runs", [])
rows += [run.row for run in lab_runs]

st.subheader(frame.t("lab.results"))
if not rows:
    st.info(frame.t("lab.results.empty"))
    st.stop()
number_formats = {frame.t(f"lab.col.{name}"): st.column_config.NumberColumn(format="%.4f")
                  for name in ("auc", "gauc", "logloss", "oracle_gap")}
number_formats[frame.t("lab.col.seconds")] = st.column_config.NumberColumn(format="%.1f")
st.dataframe(results_table(rows, frame.lang), hide_index=True, width="stretch", column_config=number_formats)
ui_frame.notice(frame, "lab.table.notice")
if lab_runs:
    st.button(frame.t("lab.results.clear"), key="lab-clear",
              on_click=lambda: st.session_state.pop("lab.runs", None))

left, right = st.columns(2)
with left:
    # drawn from the rows alone (scalars): sessions with the same results share the figure
    shared_chart("lab-auc-n", (frame.lang, *(tuple(row.items()) for row in rows)),
                 lambda: auc_vs_n_figure(rows, frame.lang))
    ui_frame.notice(frame, "lab.auc_n.notice")
    if sum(1 for r in rows if r["model"] in ("avg", "din")) < 2:
        st.caption(frame.t("lab.auc_n.empty"))
with right:
    if lab_runs:
        # drawn from each run's config and per-epoch numbers: a class training the same models shares it
        curves = tuple((run.config, *(tuple(point.items()) for point in run.curve)) for run in lab_runs)
        shared_chart("lab-curves", (frame.lang, *curves),
                     lambda: learning_curves_figure(lab_runs, frame.lang))
        ui_frame.notice(frame, "lab.curves.notice")
