"""Every lesson page renders in both languages; the Home, LastN and DIN pages in Streamlit's AppTest:
what a user would notice.

They run the real app (router, sidebar, page) on the shipped sample world and weights."""

from __future__ import annotations

import re

import pytest
from helpers import ENGLISH_PAGE_TITLES, ROOT, figures, main_steps, open_page, traces, values, window_size
from streamlit.testing.v1 import AppTest

from seqviz.lessons.common import category_label, model_label
from seqviz.models import SCORERS, ModelConfig
from seqviz.sample import SAMPLE_CONFIGS
from seqviz.text import STRINGS, t
from ui.frame import GLOSSARY
from ui.paths import page_of

LESSON_PAGES = ("1_home.py", "2_lastn.py", "3_din.py", "4_towers.py", "5_sim.py", "6_time_buckets.py",
                "7_model_lab.py")
SHIPPED_PICTURE_PAGES = ("4_towers.py", "5_sim.py", "6_time_buckets.py")  # three charts or more, no note
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
# names kept as they are
NAMES_KEPT_IN_CHINESE = {"LastN", "GAUC", "SENet", "AvgPool", "TWIN", "SDIM", "softmax"}


def english_words(text: str) -> set[str]:
    return set(ENGLISH_WORD.findall(text)) - NAMES_KEPT_IN_CHINESE


def chart_texts(at: AppTest) -> list[str]:
    """Every chart's title, axis titles and trace names."""
    out = []
    for fig in figures(at):
        layout = fig["layout"]
        out.append(layout.get("title", {}).get("text", ""))
        out += [axis.get("title", {}).get("text", "") for name, axis in layout.items()
                if name.startswith(("xaxis", "yaxis"))]
        out += [trace.get("name", "") for trace in fig["data"]]
    return out


def test_there_is_no_pages_folder():
    """A `pages/` folder next to router.py switches Streamlit to its old automatic multipage mode,
    which skips the router and sidebar (see router.py): lesson pages live in app_pages/."""
    assert not (ROOT / "pages").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", (*LESSON_PAGES, "8_data.py"))
def test_page_renders_in_both_languages(page, lang):
    at = open_page(page, lang=lang)
    assert not at.exception, at.exception[0].message
    assert at.title, "every page has a title"
    (glossary,) = [e for e in at.sidebar.expander if e.label == t("glossary.title", lang)]
    said = " ".join(m.value for m in glossary.markdown)
    assert all(t(f"glossary.{term}", lang) in said for term in GLOSSARY), said
    if page in SHIPPED_PICTURE_PAGES:
        assert not at.warning, at.warning[0].value  # every shipped model it needs is there
        assert len(figures(at)) >= 3
    if lang == "zh":
        titles = [p.title for p in at.session_state["_pages"]] + [e.value for e in [*at.title, *at.header]]
        assert not ENGLISH_PAGE_TITLES & set(titles)
        assert all(not title.isascii() for title in titles)
        leftovers = {text: english_words(text) for text in titles + chart_texts(at) if english_words(text)}
        assert not leftovers, leftovers


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
    else:  # no chart; the note names the model that is missing, and a button beside it trains it
        label = model_label(cfg, "en")
        assert not figures(at) and any(label in w.value for w in at.warning), label
        assert [b for b in at.button if b.key == "train-here"]


JUNK = ("1e309", "inf", "-inf", "nan", "-5", "abc", "x" * 10_000, "é" * 500, "99999999999999999999")


@pytest.mark.parametrize("page, key", [("1_home.py", "seed"), ("1_home.py", "users"),
                                       ("7_model_lab.py", "train_seed"), ("7_model_lab.py", "epochs"),
                                       ("3_din.py", "n"), ("5_sim.py", "k"), ("5_sim.py", "sim_m"),
                                       ("2_lastn.py", "user"), ("4_towers.py", "class")])
def test_junk_in_any_link_parameter_never_ends_in_a_traceback(page, key):
    for junk in JUNK:
        at = open_page(page, **{key: junk, **({"regen": "true"} if key in ("seed", "users") else {})})
        assert not at.exception, (key, junk[:20], at.exception)
        assert at.get("plotly_chart") or at.get("warning") or at.get("info"), (key, junk[:20])


@pytest.mark.parametrize("path, accept, target", [
    ("/lastn/extra", b"text/html,*/*", "/lastn"),
    ("/app_pages/1_home.py", b"text/html", "/app_pages"),
    ("/lastn", b"text/html", None),  # a page: Streamlit's own
    ("/static/js/a/b.js", b"text/html", None),  # the server's routes are never pages
    ("/_stcore/upload_file/x/y", b"text/html", None),
    ("/lastn/static/js/index.js", b"*/*", None),  # a script's 404 stays a 404, not a redirect
])
def test_a_browser_asking_for_a_nested_path_is_sent_to_its_page(path, accept, target):
    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept", accept)]}
    assert page_of(scope) == target
