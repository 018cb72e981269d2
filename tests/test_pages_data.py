"""The Data page in AppTest: import a MovieLens-shaped log, its lesson models train on their own, the
lesson pages draw them; a bad file says what is wrong and leaves the loaded world in place."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import figures, stepper
from streamlit.testing.v1 import AppTest

from seqviz.lessons.common import default_case
from seqviz.models import ModelConfig
from seqviz.results import SHIPPED_RECIPE
from seqviz.trainings import LabJob
from ui import labjob
from ui.widgets import user_id

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = (ROOT / "tests" / "fixtures" / "movielens_small.csv").read_bytes()


def data_page(questions: str = "false") -> AppTest:
    at = AppTest.from_file(str(ROOT / "router.py"), default_timeout=240)
    at.query_params["questions"] = questions  # most of these tests are about the pictures, not the questions
    at.switch_page("app_pages/8_data.py")
    return at.run()


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, content, "text/csv"))
    at.run()
    return at.button(key="data-import").click().run()


def errors(at: AppTest) -> list[str]:
    """The error messages as a reader sees them (the page backslash-escapes markdown characters)."""
    return [e.value.replace("\\", "") for e in at.error]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def world_upload(at: AppTest) -> str | None:
    return at.session_state["_frame"].world.upload


def lesson_training(at: AppTest) -> LabJob:
    """The job the import started: the lesson pages' models, by the shipped models' recipe (a job with
    nothing to do where an earlier test in this process trained them on the same log already)."""
    job = at.session_state["lab.job"] if "lab.job" in at.session_state else None
    if job is None:
        return LabJob(None, [], 0, 0).start()
    assert {run.config for run in job.runs} <= set(labjob.LESSON_CONFIGS)
    assert job.epochs == SHIPPED_RECIPE.max_epochs and job.seed == SHIPPED_RECIPE.seed
    return job


def test_an_import_trains_the_lesson_models_and_the_din_page_draws_them_with_no_click():
    at = upload(data_page(), "ratings.csv", FIXTURE)
    assert not at.exception and not at.error
    assert metrics(at)["Users"] == "60" and metrics(at)["Events"] == "3,072"
    assert world_upload(at) is not None
    assert "ratings.csv" in [text.value for text in at.text]  # the sidebar names the file, as plain text
    job = lesson_training(at)

    at.switch_page("app_pages/3_din.py").run()
    assert not at.exception
    waiting = any("draws itself" in note.value for note in at.info)
    # the page's models train in a few seconds on a small log: either their progress or their picture
    assert waiting != bool(at.get("plotly_chart")), [note.value for note in at.info]
    assert not [b for b in at.button if b.key == "train-here"]
    job.join(240)
    assert not job.running and all(run.status == "done" for run in job.runs), [r.status for r in job.runs]
    at.run()  # what the progress fragment's rerun does in a browser
    assert not at.exception
    traces = [tr for c in at.get("plotly_chart") for tr in json.loads(c.proto.spec)["data"]]
    assert any(tr.get("meta") == "din-weights" for tr in traces)
    # the log's own default case, by the story audit's rule: a user with two interests in the window
    world = at.session_state["_uploaded_world"][1]
    case = default_case(world)
    assert user_id(world, at.selectbox(key="user").value) == case.user
    assert at.session_state["cand"] == f"{case.ad_category}-{case.ad}"
    # the notes follow the world: no truth to speak of, in the note or in the picture's numbers
    assert any("imported, so no truth" in note.value for note in at.info)
    assert not any("coat" in note.value for note in at.info)
    readouts = stepper(at)["readouts"]
    assert readouts and not any("true" in readout for readout in readouts)

    at.switch_page("app_pages/8_data.py").run()
    at.button(key="data-back").click().run()
    assert world_upload(at) is None and at.session_state["_frame"].world.is_sample


def test_a_missing_model_trains_at_one_click_on_its_page():
    """DIN with the inner product is no lesson default: its page says so and trains it at a click."""
    at = upload(data_page(), "ratings.csv", FIXTURE)
    lesson_training(at).join(240)
    at.query_params["scorer"] = "dot"
    at.switch_page("app_pages/3_din.py").run()
    assert any("not trained on it yet" in w.value for w in at.warning), [w.value for w in at.warning]
    at.button(key="train-here").click().run()
    job = at.session_state["lab.job"]
    assert [run.config for run in job.runs] == [ModelConfig("din", scorer="dot")]
    job.join(240)
    at.run()
    assert not at.exception and not [w for w in at.warning if "not trained" in w.value]
    assert [tr for fig in figures(at) for tr in fig["data"] if tr.get("meta") == "din-weights"]


def test_time_buckets_compare_the_sims_trained_on_an_import():
    """An imported world has no shipped models: the lesson reads those its import trained, with their
    test AUCs."""
    at = upload(data_page(), "ratings.csv", FIXTURE)
    lesson_training(at).join(240)
    at.switch_page("app_pages/6_time_buckets.py").run()
    assert not at.exception
    bars = {tr["meta"]: tr["y"] for fig in figures(at) for tr in fig["data"]
            if tr.get("meta", "").startswith("auc-")}
    assert set(bars) == {"auc-with", "auc-without"}
    assert all(v is not None and 0 < v < 1 for values in bars.values() for v in values), bars
    # no note speaks of a truth the log has not got: the decay the world was built with, an oracle
    notes = " ".join(note.value for note in at.info)
    assert "was built with" not in notes and "imported" in notes
    at.switch_page("app_pages/7_model_lab.py").run()
    notes = " ".join(note.value for note in at.info)
    # this session's results (an earlier test in this process may have trained the same log: then none)
    assert "oracle is the ceiling" not in notes and ("has no oracle" in notes or "No results yet" in notes)


def test_a_bad_file_is_explained_and_the_loaded_world_stays():
    at = data_page()
    upload(at, "ratings.csv", "userId,movieId,genres,timestamp\n1,2,Café,3\n".encode("latin-1"))
    assert not at.exception
    assert any("line 2: byte 0xe9 is not UTF-8" in e for e in errors(at)), errors(at)
    assert at.session_state["_frame"].world.is_sample

    upload(at, "ratings.csv", FIXTURE)
    loaded = world_upload(at)
    without_time = FIXTURE.decode().replace("timestamp", "when", 1).encode()
    upload(at, "other.csv", without_time)
    assert not at.exception
    assert any("timestamp" in e for e in errors(at)), errors(at)
    assert world_upload(at) == loaded and metrics(at)["Users"] == "60"


def test_a_bad_file_and_an_imports_repairs_are_explained_in_the_pages_language():
    at = AppTest.from_file(str(ROOT / "router.py"), default_timeout=240)
    at.query_params.update({"questions": "false", "lang": "zh"})
    at.switch_page("app_pages/8_data.py").run()
    upload(at, "ratings.csv", "userId,movieId,genres,timestamp\n1,2,Café,3\n".encode("latin-1"))
    assert not at.exception
    assert any("字节 0xe9 不是 UTF-8 编码" in e for e in errors(at)), errors(at)
    assert not any(re.search(r"[A-Za-z]+(?: [A-Za-z]+){3,}", e) for e in errors(at)), errors(at)
    upload(at, "ratings.csv", FIXTURE)  # MovieLens lists a user's ratings by movie, not by time
    said = [n.value.replace("\\", "") for n in (*at.info, *at.warning)]
    assert any("已按用户和时间重新排序" in n for n in said), said
    lesson_training(at).join(240)


def test_pages_without_the_demo_users_offer_none_of_their_presets():
    """An import whose categories include coats but whose users are not mia, leo or ana: SIM asked for
    zero columns of presets and crashed (StreamlitInvalidColumnSpecError); LastN offered mia's."""
    rows = ["user_id,item_id,category,timestamp"]
    for user in range(12):
        for event in range(25):
            item = (user * 13 + event * 5) % 90  # each user sees a third of the 90 items
            when = 1_700_000_000 + 86_400 * event + 600 * user  # a day apart: 25 days in all
            rows.append(f"u{user},i{item},{('coat', 'cup', 'book')[item % 3]},{when}")
    at = upload(data_page(), "shop.csv", "\n".join(rows).encode())
    assert not at.exception and not at.error, (at.exception, errors(at))
    for page in ("5_sim.py", "2_lastn.py", "3_din.py", "6_time_buckets.py"):
        at.switch_page(f"app_pages/{page}").run()
        assert not at.exception, (page, at.exception)
        assert not [b for b in at.button if b.key and b.key.startswith("preset.")], page
    at.session_state["lab.job"].join(240)


def shop_log(header: str) -> bytes:
    rows = [header]
    for user in range(12):
        for event in range(25):
            item = (user * 13 + event * 5) % 90
            category = ("coat", "cup", "book")[item % 3]
            rows.append(f"u{user},i{item},{category},{1_700_000_000 + 86_400 * event}")
    return "\n".join(rows).encode()


def test_a_header_of_other_names_imports_by_its_guesses_and_a_choice_of_columns_imports_again():
    at = upload(data_page(), "shop.csv", shop_log("customer,product,department,ts"))
    assert not at.exception and not at.error and world_upload(at) is not None
    assert any("'customer' as user_id; 'product' as item_id" in w.value.replace("\\", "")
               for w in at.warning), [w.value for w in at.warning]
    chosen = {box.label: box.value for box in at.selectbox if box.key and box.key.startswith("data.columns.")}
    assert chosen == {"user_id": "customer", "item_id": "product", "category": "department",
                      "timestamp": "ts"}
    first, first_training = world_upload(at), lesson_training(at)
    at.selectbox(key="data.columns.user_id").set_value("product")
    at.selectbox(key="data.columns.item_id").set_value("customer")
    at.button(key="FormSubmitter:data-columns-Import with these columns").click().run()
    assert not at.exception and not at.error
    assert world_upload(at) != first and metrics(at)["Users"] == "90"  # the products are the users now
    training = lesson_training(at)
    assert training is not first_training and training.world_key.upload == world_upload(at)
    # the first import's training gave way; both end before the test (and its interpreter) does
    for job in (first_training, training):
        job.join(240)
    assert all(run.status == "done" for run in training.runs)


def test_a_header_that_says_nothing_asks_which_column_is_which_before_importing():
    at = upload(data_page(), "shop.csv", shop_log("who,what,kind,when"))
    assert not at.exception and world_upload(at) is None
    assert any("Choose which column is which" in e for e in errors(at)), errors(at)
    boxes = {box.label: box for box in at.selectbox if box.key and box.key.startswith("data.columns.")}
    assert set(boxes) == {"user_id", "item_id", "category", "timestamp"}
    submit = "FormSubmitter:data-columns-Import with these columns"
    boxes["user_id"].set_value("who")
    at.button(key=submit).click().run()
    assert any("each column once" in e for e in errors(at)) and world_upload(at) is None
    for name, column in (("item_id", "what"), ("category", "kind"), ("timestamp", "when")):
        at.selectbox(key=f"data.columns.{name}").set_value(column)
    at.button(key=submit).click().run()
    assert not at.exception and not at.error, errors(at)
    assert world_upload(at) is not None and metrics(at)["Users"] == "12"
    lesson_training(at).join(240)


MARKDOWN_NAME, TAG_NAME = "**md** [l](http://e.x)", "<b>bold</b>"
UNESCAPED = re.compile(r"(?<!\\)\*\*(md|u\d)|(?<!\\)\]\(http")  # Markdown that would render the names


def marked_up_log() -> bytes:
    """Categories and user ids that Markdown and Plotly would render: bold, a link, a tag."""
    rows = ["user_id,item_id,category,timestamp"]
    categories = (MARKDOWN_NAME, TAG_NAME, "cup")
    for user in range(12):
        name = f"[u{user}](http://e.x)" if user % 2 else f"**u{user}**"
        for event in range(25):
            item = (user * 13 + event * 5) % 90
            when = 1_700_000_000 + 86_400 * event + 600 * user
            rows.append(f"{name},i{item},{categories[item % 3]},{when}")
    return "\n".join(rows).encode()


def rendered_markup(at: AppTest) -> list[str]:
    """Text on the page where a name of the log would render as markup: Markdown that still holds it
    unescaped (a bold name, a link), radio options and figures' text that still hold the tag."""
    found = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success"):
        for element in getattr(at, kind):
            body = element.value
            if UNESCAPED.search(body):
                found.append(f"{kind}: {body[:120]}")
    for radio in at.radio:
        found += [f"radio: {o}" for o in radio.options if "**md**" in o or "](http" in o]
    figures_text = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    # the main pictures' steps, which the browser draws with Plotly (their readouts are set as plain text)
    figures_text += [{k: v for k, v in json.loads(c.proto.json).items()
                      if k not in ("readouts", "names", "label")}
                     for c in at.get("bidi_component") if c.proto.component_name == "seqviz_stepper"]
    found += [f"figure: {where}" for spec in figures_text for where in _tagged(spec)]
    return found


def _tagged(value, where: str = "") -> list[str]:
    """Where a figure's shown text holds the tag unescaped (a legend group, a trace's tag: never shown)."""
    if isinstance(value, dict):
        return [w for k, v in value.items() if k not in ("legendgroup", "meta", "uid")
                for w in _tagged(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [w for i, v in enumerate(value) for w in _tagged(v, f"{where}[{i}]")]
    return [where] if isinstance(value, str) and "<b>bold" in value else []


def test_names_from_a_file_show_as_typed_on_every_page_and_in_the_questions():
    at = upload(data_page(questions="true"), "marked.csv", marked_up_log())
    assert not at.exception and not at.error, errors(at)
    lesson_training(at).join(240)
    seen = set()
    for page in ("1_home.py", "2_lastn.py", "3_din.py", "4_towers.py", "5_sim.py", "6_time_buckets.py",
                 "7_model_lab.py", "8_data.py"):
        at.switch_page(f"app_pages/{page}").run()
        assert not at.exception, (page, at.exception)
        assert rendered_markup(at) == [], page
        skips = [b for b in at.button if b.key and b.key.endswith(".input.skip")]
        if skips:  # the reveal: the answer (a category of the log, on DIN) in words and in a figure
            skips[0].click().run()
            assert rendered_markup(at) == [], f"{page}, the reveal"
        seen |= {text for kind in ("markdown", "caption", "info") for e in getattr(at, kind)
                 for text in [e.value] if "md\\*\\*" in text or "e\\.x" in text}
    assert any("\\*\\*md\\*\\* \\[l\\]\\(http" in text for text in seen), "the names are shown, escaped"
