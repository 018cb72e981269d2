"""The Home, LastN, DIN and Model Lab pages in Streamlit's AppTest: what a user would notice.

They run the real app (router, sidebar, page) on the shipped sample world and weights."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from seqviz.lessons.common import category_label, model_label
from seqviz.models import SCORERS, ModelConfig
from seqviz.sample import SAMPLE_CONFIGS
from seqviz.text import STRINGS

ROOT = Path(__file__).resolve().parent.parent
MY_PAGES = ("1_home.py", "2_lastn.py", "3_din.py", "7_model_lab.py")
ENGLISH_PAGE_TITLES = {v["en"] for k, v in STRINGS.items()
                       if k.startswith("nav.") and not k.endswith(".icon")}


def open_page(page: str, **params) -> AppTest:
    """The page as a link with `params` opens it; with questions off unless asked (`questions="true"`):
    most tests are about the full picture, which a question holds back until it is answered."""
    params.setdefault("questions", "false")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
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


def stepper(at: AppTest) -> dict:
    """What the main picture's slider hands the browser: steps, their frames and readouts."""
    (component,) = [c for c in at.get("bidi_component") if c.proto.component_name == "seqviz_stepper"]
    return json.loads(component.proto.json)


def main_steps(at: AppTest) -> list[int]:
    """The steps of the main picture (the page's first chart), each a frame the browser shows."""
    return stepper(at)["steps"]


def visible_text(at: AppTest) -> list[str]:
    return [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                 "error") for e in getattr(at, kind)]


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


def test_lastn_window_holds_n_events_as_n_moves():
    at = open_page("2_lastn.py", user="mia")
    assert window_size(at) == at.session_state["n"] == 20  # the lesson's default
    for n in (7, 1, main_steps(at)[-1]):
        at.session_state["n"] = n  # what the picture's slider does when a drag ends
        at.run()
        assert not at.exception
        assert window_size(at) == n and at.query_params["n"] == str(n)


def test_lastn_caps_n_at_a_short_history():
    at = open_page("2_lastn.py", user="ana", n=500)
    assert main_steps(at)[-1] == 30 == at.session_state["n"] == window_size(at)


def test_a_shared_url_restores_the_view():
    at = open_page("2_lastn.py", lang="zh", user="leo", n=120)
    assert at.selectbox(key="user").value == "leo"
    n = at.session_state["n"]  # the picture's step nearest to the link's N
    assert abs(n - 120) <= 12 and window_size(at) == n and at.query_params["n"] == str(n)
    assert at.title[0].value == STRINGS["lastn.title"]["zh"]


def test_a_preset_sets_its_user_and_n_and_the_link_keeps_them():
    """The first round's bug: drag N to 30, press "long memory" and leo opened at N = 30, with a
    Streamlit warning about a default value set through the Session State API; the link lost N."""
    at = open_page("2_lastn.py", user="mia")
    at.session_state["n"] = 30
    at.run()
    at.button(key="preset.common.preset.long_memory").click().run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="user").value == "leo"
    assert at.session_state["n"] == window_size(at) == 500 and at.query_params["n"] == "500"


def test_a_broken_url_falls_back_to_defaults():
    at = open_page("3_din.py", lang="xx", user="nobody", n="many", cand="coat-999999", scorer="magic")
    assert not at.exception
    assert at.title[0].value == STRINGS["din.title"]["en"]


def din_weights(at: AppTest) -> dict[str, float]:
    """Mean weight per category in the main picture, by legend entry."""
    bars = traces(at, "din-weights", figure=0)
    return {bar["name"]: float(values(bar["y"]).mean()) for bar in bars if len(values(bar["y"]))}


def test_din_opens_on_coats_and_cups_and_the_candidate_decides():
    at = open_page("3_din.py")
    at.button(key="preset.common.preset.coats_and_cups").click().run()
    assert at.selectbox(key="user").value == "eva" and at.session_state["n"] == 50
    coat, cup = category_label("coat", "en"), category_label("cup", "en")
    weights = din_weights(at)
    assert weights[coat] > 2 * weights[cup], weights
    at.button(key="cand.cup").click().run()
    weights = din_weights(at)
    assert weights[cup] > 2 * weights[coat], weights


def test_din_bars_have_a_category_legend_and_truth_shares_their_zero():
    at = open_page("3_din.py", user="eva")
    main = figures(at)[0]
    bars = traces(at, "din-weights", figure=0)
    assert len({bar["name"] for bar in bars}) == len(bars)
    assert all(bar.get("showlegend", True) for bar in bars)
    left, right = main["layout"]["yaxis"]["range"], main["layout"]["yaxis2"]["range"]
    assert left[0] / left[1] == pytest.approx(right[0] / right[1])
    assert traces(at, "din-truth", figure=0)


def test_din_n_can_be_dragged_past_what_the_model_was_trained_at():
    at = open_page("3_din.py", user="eva", n=150)
    assert at.session_state["n"] == 150 or abs(at.session_state["n"] - 150) <= 15
    assert sum(len(values(bar["x"])) for bar in traces(at, "din-weights", figure=0)) == at.session_state["n"]
    assert main_steps(at)[-1] == 200


@pytest.mark.parametrize("scorer", SCORERS)
@pytest.mark.parametrize("softmax", [False, True])
def test_din_scorer_and_softmax_switches(scorer, softmax):
    at = open_page("3_din.py", user="ana", scorer=scorer, softmax=str(softmax).lower())
    assert not at.exception
    assert at.radio(key="scorer").value == scorer and at.toggle(key="softmax").value == softmax
    cfg = ModelConfig("din", scorer=scorer, softmax=softmax)
    if cfg in SAMPLE_CONFIGS:
        assert traces(at, "din-weights")
    else:  # no chart, and the note names the model that is missing and where to train it
        label = model_label(cfg, "en")
        assert not figures(at) and any(label in w.value and "Model Lab" in w.value for w in at.warning), label


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
