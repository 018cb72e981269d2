"""What several test files share: the app opened in Streamlit's AppTest and read as a user sees it,
and untrained models of a generated world."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import torch
from streamlit.testing.v1 import AppTest

from seqviz.models import ModelConfig, build_model
from seqviz.text import STRINGS

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_PAGE_TITLES = {v["en"] for k, v in STRINGS.items()
                       if k.startswith("nav.") and not k.endswith(".icon")}


def open_page(page: str, **params) -> AppTest:
    """The page as a link with `params` opens it; with questions off unless asked (`questions="true"`):
    most tests are about the full picture, which a question holds back until it is answered."""
    params.setdefault("questions", "false")
    at = AppTest.from_file(str(ROOT / "router.py"), default_timeout=300)
    at.query_params.update({k: str(v) for k, v in params.items()})
    at.switch_page(f"app_pages/{page}")
    return at.run()


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def traces(at: AppTest, tag: str, figure: int | None = None) -> list[dict]:
    """The traces tagged `tag` (in one figure, by its place on the page, or in all)."""
    shown = figures(at) if figure is None else [figures(at)[figure]]
    return [tr for fig in shown for tr in fig["data"] if tr.get("meta") == tag]


def values(data) -> np.ndarray:
    """A trace's array as it reached the browser: a list, or Plotly's typed array {dtype, bdata}."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data)


def window_size(at: AppTest) -> int:
    """Events the main picture draws in the LastN window, as the page opens (before any drag)."""
    return sum(len(values(trace["x"])) for trace in traces(at, "lastn-window", figure=0))


def stepper(at: AppTest, key: str | None = None) -> dict:
    """What a picture's slider hands the browser: steps, their frames and readouts. The main picture's
    (the page's first), or the one whose slider sets `key` (the SIM page's "bits" too)."""
    steppers = [json.loads(c.proto.json) for c in at.get("bidi_component")
                if c.proto.component_name == "seqviz_stepper"]
    return steppers[0] if key is None else next(s for s in steppers if s["chart"] == f"picture-{key}")


def main_steps(at: AppTest) -> list[int]:
    """The steps of the main picture (the page's first chart), each a frame the browser shows."""
    return stepper(at)["steps"]


def visible_text(at: AppTest) -> list[str]:
    return [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                 "error") for e in getattr(at, kind)]


def train_in_lab(at: AppTest, models: list[str], ns: list[int], timeout: float = 600, **widgets) -> None:
    """On the Model Lab page: pick models and N (and any other widget by key), press Train, wait until
    the job has finished (or another session's training of the same models was reused at once), redraw."""
    at.multiselect(key="models").set_value(models)
    at.multiselect(key="ns").set_value(ns)
    for key, value in widgets.items():
        kind = {"scorer": at.radio, "softmax": at.toggle}.get(key, at.slider)
        kind(key=key).set_value(value)
    at.run()
    at.button(key="lab-train").click().run()
    job = at.session_state["lab.job"] if "lab.job" in at.session_state else None
    if job is not None:
        job.join(timeout)
        assert not job.running, f"the Lab's training did not finish in {timeout} s"
    at.run()


def untrained(world, name: str, **options):
    """A model of `world` as built, before any training (seed 0): what the lessons' functions promise
    holds whatever the weights are."""
    torch.manual_seed(0)
    return build_model(ModelConfig(name, **options), world.n_items).eval()
