"""The Home, LastN, DIN and Model Lab pages in Streamlit's AppTest: what a user would notice.

They run the real app (router, sidebar, page) on the shipped sample world and weights."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from seqviz.lessons.common import category_label
from seqviz.models import SCORERS, ModelConfig
from seqviz.sample import SAMPLE_CONFIGS
from seqviz.text import STRINGS

ROOT = Path(__file__).resolve().parent.parent
MY_PAGES = ("1_home.py", "2_lastn.py", "3_din.py", "7_model_lab.py")
ENGLISH_PAGE_TITLES = {v["en"] for k, v in STRINGS.items()
                       if k.startswith("nav.") and not k.endswith(".icon")}


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update({k: str(v) for k, v in params.items()})
    at.switch_page(f"app_pages/{page}")
    return at.run()


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def traces(at: AppTest, tag: str) -> list[dict]:
    return [tr for fig in figures(at) for tr in fig["data"] if tr.get("meta") == tag]


def values(data) -> np.ndarray:
    """A trace's array as it reached the browser: a list, or Plotly's typed array {dtype, bdata}."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data)


def window_size(at: AppTest) -> int:
    (window,) = traces(at, "lastn-window")
    return len(values(window["x"]))


def visible_text(at: AppTest) -> list[str]:
    return [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
            for e in getattr(at, kind)]


def train_in_lab(at: AppTest, models: list[str], ns: list[int], timeout: float) -> None:
    """On the Model Lab page: pick models and N, press train, wait for the job, redraw."""
    at.multiselect(key="models").set_value(models)
    at.multiselect(key="ns").set_value(ns)
    at.run()
    at.button(key="lab-train").click().run()
    at.session_state["lab.job"].join(timeout)
    at.run()


def test_there_is_no_pages_folder():
    """A `pages/` folder next to app.py switches Streamlit to its old automatic multipage mode,
    which skips the router and sidebar (see app.py): lesson pages live in app_pages/."""
    assert not (ROOT / "pages").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", MY_PAGES)
def test_page_renders_in_both_languages(page, lang):
    at = open_page(page, lang=lang)
    assert not at.exception, at.exception[0].message
    assert at.title, "every page has a title"
    if lang == "zh":
        titles = [p.title for p in at.session_state["_pages"]] + [t.value for t in at.title]
        assert not ENGLISH_PAGE_TITLES & set(titles)
        assert all(not title.isascii() for title in titles)


def test_lastn_window_holds_n_events_as_the_slider_moves():
    at = open_page("2_lastn.py", user="mia")
    assert window_size(at) == at.slider(key="n").value == 50
    for n in (7, 1, at.slider(key="n").max):
        at.slider(key="n").set_value(n).run()
        assert not at.exception
        assert window_size(at) == n


def test_lastn_caps_n_at_a_short_history_with_a_note():
    at = open_page("2_lastn.py", user="ana", n=500)
    (older,) = traces(at, "lastn-older")
    history = len(values(older["x"])) + window_size(at)
    assert at.slider(key="n").max == history == window_size(at)
    assert any("capped" in text for text in visible_text(at))


def test_a_shared_url_restores_the_view():
    at = open_page("2_lastn.py", lang="zh", user="leo", n=120)
    assert at.selectbox(key="user").value == "leo" and at.slider(key="n").value == 120
    assert window_size(at) == 120
    assert at.title[0].value == STRINGS["lastn.title"]["zh"]


def test_a_broken_url_falls_back_to_defaults():
    at = open_page("3_din.py", lang="xx", user="nobody", n="many", cand="coat-999999", scorer="magic")
    assert not at.exception
    assert at.title[0].value == STRINGS["din.title"]["en"]


def test_din_puts_most_weight_on_coats_for_a_coat_ad():
    at = open_page("3_din.py", user="mia")
    at.button(key="cand.coat").click().run()
    (bars,) = traces(at, "din-weights")
    weights: dict[str, list[float]] = {}
    for weight, custom in zip(values(bars["y"]), bars["customdata"], strict=True):
        weights.setdefault(custom[2], []).append(float(weight))
    mean = {label: sum(w) / len(w) for label, w in weights.items()}
    assert max(mean, key=mean.get) == category_label("coat", "en"), mean


@pytest.mark.parametrize("scorer", SCORERS)
@pytest.mark.parametrize("softmax", [False, True])
def test_din_scorer_and_softmax_switches(scorer, softmax):
    at = open_page("3_din.py", user="ana", scorer=scorer, softmax=str(softmax).lower())
    assert not at.exception
    assert at.radio(key="scorer").value == scorer and at.toggle(key="softmax").value == softmax
    shipped = ModelConfig("din", scorer=scorer, softmax=softmax) in SAMPLE_CONFIGS
    if shipped:
        assert traces(at, "din-weights")
    else:  # no chart, and the note names the model that is missing
        label = ModelConfig("din", scorer=scorer, softmax=softmax).label()
        assert not traces(at, "din-weights") and any(label in w.value for w in at.warning), label


def test_model_lab_trains_and_keeps_results_across_pages():
    at = open_page("7_model_lab.py", regen="true", seed=2, users=200)
    assert not at.exception
    train_in_lab(at, ["avg"], [5], timeout=180)
    assert not at.exception
    (table,) = at.dataframe
    assert list(table.value.iloc[:, 0]) == ["AvgPool (N=5)"]
    at.switch_page("app_pages/2_lastn.py").run()
    at.switch_page("app_pages/7_model_lab.py").run()
    (table,) = at.dataframe
    assert list(table.value.iloc[:, 0]) == ["AvgPool (N=5)"]
