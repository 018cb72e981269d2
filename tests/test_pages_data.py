"""The Data page in AppTest: import a MovieLens-shaped log, train in the Model Lab, read the DIN page;
a bad file says what is wrong and leaves the loaded world in place."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import figures, stepper, train_in_lab
from streamlit.testing.v1 import AppTest

from seqviz.lessons import timebuckets

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = (ROOT / "tests" / "fixtures" / "movielens_small.csv").read_bytes()


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.query_params["questions"] = "false"  # these tests train in the Lab, which asks first otherwise
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


def test_import_then_train_then_the_din_page_renders():
    at = upload(data_page(), "ratings.csv", FIXTURE)
    assert not at.exception and not at.error
    assert metrics(at)["Users"] == "60" and metrics(at)["Events"] == "3,072"
    assert world_upload(at) is not None
    assert "ratings.csv" in [text.value for text in at.text]  # the sidebar names the file, as plain text

    at.switch_page("app_pages/3_din.py").run()
    assert not at.exception
    assert any("imported" in w.value for w in at.warning), "no model yet: the page says to train first"

    at.switch_page("app_pages/7_model_lab.py").run()
    train_in_lab(at, ["avg", "din"], [50], timeout=240)
    assert not at.exception

    at.switch_page("app_pages/3_din.py").run()
    assert not at.exception
    traces = [tr for c in at.get("plotly_chart") for tr in json.loads(c.proto.spec)["data"]]
    assert any(tr.get("meta") == "din-weights" for tr in traces)
    # the notes follow the world: no truth to speak of, in the note or in the picture's numbers
    assert any("imported, so no truth" in note.value for note in at.info)
    assert not any("coat" in note.value for note in at.info)
    readouts = stepper(at)["readouts"]
    assert readouts and not any("true" in readout for readout in readouts)

    at.switch_page("app_pages/8_data.py").run()
    at.button(key="data-back").click().run()
    assert world_upload(at) is None and at.session_state["_frame"].world.is_sample


def test_time_buckets_compare_the_sims_the_lab_trained_on_an_import():
    """An imported world has no shipped models: the lesson reads the Lab's, with their test AUCs."""
    at = upload(data_page(), "ratings.csv", FIXTURE)
    at.switch_page("app_pages/7_model_lab.py").run()
    at.toggle(key="no_time").set_value(True)
    train_in_lab(at, ["sim-hard"], [50], timeout=240, lab_k=timebuckets.SEARCH_K)
    assert not at.exception

    at.switch_page("app_pages/6_time_buckets.py").run()
    assert not at.exception
    bars = {tr["meta"]: tr["y"] for fig in figures(at) for tr in fig["data"]
            if tr.get("meta", "").startswith("auc-")}
    assert set(bars) == {"auc-with", "auc-without"}
    assert all(v is not None and 0 < v < 1 for values in bars.values() for v in values), bars


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
