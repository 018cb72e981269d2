"""Predict, then reveal: each lesson's question, its answer against the data, and the flow on every page."""

from __future__ import annotations

import dataclasses
import json
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import open_page, stepper, values, visible_text
from streamlit.testing.v1 import AppTest

from seqviz.data import Dataset
from seqviz.lessons import din, lab, lastn, sim, timebuckets
from seqviz.lessons.common import category_colour, representative_item, world_now
from seqviz.lessons.questions import (
    ANSWER,
    OUTLINE,
    Question,
    class_figure,
    nice_grid,
    off_by,
    reveal_figure,
    verdict,
)
from seqviz.models import ModelConfig
from seqviz.sample import load_sample_model, load_sample_world
from seqviz.text import t


def model(name: str, **options):
    return load_sample_model(ModelConfig(name, **options))[0]


CHOICE = Question(page="x", prompt={"en": "?", "zh": "?"}, why={"en": "", "zh": ""}, answer="coat",
                  options=("coat", "cup"), labels={"en": ("coat", "cup"), "zh": ("外套", "杯子")})
RATIO = Question(page="y", prompt={"en": "?", "zh": "?"}, why={"en": "", "zh": ""}, answer=40.0,
                 grid=(1.0, 10.0, 100.0), log=True, unit="×")


def test_a_guess_is_judged_by_what_kind_of_answer_it_is():
    assert off_by(CHOICE, "coat") == 0 and off_by(CHOICE, "cup") == 1
    assert off_by(RATIO, 10.0) == pytest.approx(4.0) and off_by(RATIO, 160.0) == pytest.approx(4.0)
    assert "a factor of 4." in verdict(RATIO, 10.0, "en") and "相差 4 倍" in verdict(RATIO, 10.0, "zh")
    assert "外套" in verdict(CHOICE, "cup", "zh") and "杯子" in verdict(CHOICE, "cup", "zh")
    assert verdict(CHOICE, None, "en") == t("ask.verdict.skipped", "en", answer="coat")


def test_the_class_histogram_counts_every_answer_and_hides_the_answer_until_revealed():
    fig = class_figure(CHOICE, ["cup", "cup", "coat"], "en", revealed=False).to_dict()
    (bars,) = fig["data"]
    assert list(values(bars["y"])) == [1, 2] and not any(bars["text"])
    shown = class_figure(CHOICE, ["cup", "cup", "coat"], "en", revealed=True).to_dict()
    assert "the answer" in shown["data"][0]["text"][0]  # coat, the answer, though fewer chose it
    ratio = class_figure(RATIO, [10.0, 10.0, 100.0], "en", revealed=False).to_dict()
    assert list(values(ratio["data"][0]["y"])) == [0, 2, 1] and not ratio["layout"].get("shapes")
    assert class_figure(RATIO, [10.0], "en", revealed=True).to_dict()["layout"]["shapes"][0]["x0"] == 40.0


def test_a_choice_of_categories_keeps_their_colours_and_outlines_the_answer_once_revealed():
    """A cup is orange in every chart: the class histogram and the reveal colour a choice of categories
    as the pictures do, and mark the answer (green) and a guess (black) by their outlines."""
    coloured = dataclasses.replace(CHOICE, colours=(category_colour("coat"), category_colour("cup")))
    before = class_figure(coloured, ["cup", "cup"], "en", revealed=False).data[0]
    after = class_figure(coloured, ["cup", "cup"], "en", revealed=True).data[0]
    reveal = reveal_figure(coloured, "cup", "en").data[0]
    for bars in (before, after, reveal):
        assert list(bars.marker.color) == ["#0072B2", "#E69F00"]
    assert ANSWER not in before.marker.line.color
    assert list(after.marker.line.color)[0] == ANSWER and list(reveal.marker.line.color) == [ANSWER, OUTLINE]


def test_one_students_reveal_draws_the_guess_beside_the_answer_and_the_models():
    home = Question(page="home", prompt={"en": "?", "zh": "?"}, why={"en": "", "zh": ""}, answer=91.0,
                    unit="%", grid=tuple(float(p) for p in range(0, 101, 5)),
                    beside=(({"en": "DIN", "zh": "DIN"}, 92.0), ({"en": "AvgPool", "zh": "平均池化"}, 81.0)))
    marks = {tr["y"][0]: tr["x"][0] for tr in reveal_figure(home, 50.0, "zh").to_dict()["data"]}
    assert marks == {"你的猜测": 50.0, "答案": 91.0, "DIN": 92.0, "平均池化": 81.0}
    weighed = Question(page="din", prompt={"en": "?", "zh": "?"}, why={"en": "", "zh": ""}, answer="coat",
                       options=("coat", "cup"), labels={"en": ("coat", "cup"), "zh": ("外套", "杯子")},
                       values=(0.38, 0.07), measure={"en": "mean weight", "zh": "平均权重"})
    (bars,) = reveal_figure(weighed, "cup", "en").to_dict()["data"]
    assert list(values(bars["y"])) == [0.38, 0.07] and list(bars["text"]) == ["✓ the answer", "your guess"]


def test_a_masked_picture_sends_none_of_what_answers_its_question(sample_world, sample_dataset):
    world, dataset = sample_world, sample_dataset
    eva, coat = world.demo_users()["eva"], representative_item(world, "coat")
    picture = din.main_picture(dataset, model("din"), model("avg"), eva, coat, "en")
    masked = picture.masked("hidden")
    assert masked.steps == picture.steps and set(masked.readouts) == {"hidden"}
    truth = [i for i, tr in enumerate(picture.figure["data"]) if tr.get("meta") == "din-truth"]
    for update in masked.updates:
        heights = {v for i, tr in zip(update["traces"], update["data"], strict=True) if i not in truth
                   for v in tr["y"]}
        assert len(heights) == 1, heights  # every bar as tall as every other
        assert all(not tr["y"] for i, tr in zip(update["traces"], update["data"], strict=True) if i in truth)
    assert "true probability" not in json.dumps(masked.updates) + "".join(masked.readouts)


@pytest.mark.parametrize("world_seed", [None, 1])
def test_the_questions_answers_are_what_the_pictures_show(world_seed):
    """On the sample world and a regenerated one: each answer is read off the picture it is about."""
    from seqviz.train import train
    from seqviz.world import generate

    world = load_sample_world() if world_seed is None else generate(world_seed, users=200)
    dataset = Dataset(world)
    names = ("avg", "din", "sim-hard")
    models = ({name: model(name) for name in names} if world_seed is None else
              {name: train(ModelConfig(name), dataset, epochs=1, seed=0).model for name in names})
    users, coat = world.demo_users(), representative_item(world, "coat")

    def shown(picture, tag: str, step: int) -> dict[str, list]:
        """What the picture draws at `step` in the traces tagged `tag`, by trace name."""
        update = picture.updates[picture.steps.index(step)]
        return {picture.figure["data"][i]["name"]: trace["y"]
                for i, trace in zip(update["traces"], update["data"], strict=True)
                if picture.figure["data"][i].get("meta") == tag}

    picture = lastn.main_picture(dataset, models["avg"], users["mia"], "en")
    counts = {name: len(y) for name, y in shown(picture, "lastn-window", picture.steps[-1]).items()}
    assert picture.question.label(picture.question.answer, "en") in max(counts, key=counts.get)

    picture = din.main_picture(dataset, models["din"], models["avg"], users["eva"], coat, "en")
    means = {name: np.mean(y) for name, y in
             shown(picture, "din-weights", picture.nearest(din.ASKED_N)).items() if y}
    assert picture.question.label(picture.question.answer, "en") in max(means, key=means.get)
    coloured = {trace["name"]: trace["marker"]["color"] for trace in picture.figure["data"]
                if trace.get("meta") == "din-weights"}
    for option, colour in zip(picture.question.options, picture.question.colours, strict=True):
        # the class histogram's bars have the colours of the picture's
        assert [c for name, c in coloured.items() if picture.question.label(option, "en") in name] == [colour]

    picture = sim.main_picture(dataset, models["sim-hard"], users["mia"], coat, 5000, "en")
    if picture.question is not None:  # on a world where no K short of all reaches the cosine, none
        cosine = [f["data"][-1]["y"][0] for f in picture.updates]  # the marker at K on the closeness curve
        reached = [k for k, c in zip(picture.steps, cosine, strict=True) if c is not None and c >= sim.ENOUGH]
        assert picture.question.answer == reached[0]

    picture = timebuckets.main_picture(dataset, models["sim-hard"], None, coat, "en")
    now = world_now(world)
    truth = {o: world.truth.relevance(coat, now, np.array([coat]), np.array([now - d * 86400]))[0]
             for o, d in timebuckets.ASKED_AGES.items()}
    assert picture.question.answer == max(truth, key=truth.get)


# --- the flow on every page, in both languages ---------------------------------------------------

PAGES = {"1_home.py": "home", "2_lastn.py": "lastn", "3_din.py": "din", "4_towers.py": "towers",
         "5_sim.py": "sim", "6_time_buckets.py": "time_buckets", "7_model_lab.py": "model_lab"}
HAS_PICTURE = {"lastn", "din", "towers", "sim", "time_buckets"}


def asked(page: str, lang: str, **params) -> AppTest:
    """The page as a student opens it: questions on, unless `params` say otherwise."""
    return open_page(page, **{"lang": lang, "questions": "true", **params})


def texts(at: AppTest) -> str:
    return "\n".join(visible_text(at))


def answer_widget(at: AppTest, slug: str):
    key = f"ask.{slug}.input"
    radios = [r for r in at.radio if r.key == key]
    return radios[0] if radios else at.select_slider(key=key)


@pytest.fixture(scope="module")
def default_questions(sample_world, sample_dataset) -> dict[str, Question]:
    """Each page's question on its default case, built as the pages build it (not the page's own
    objects: the test reads what reached the screen)."""
    from seqviz.lessons import home, towers
    from seqviz.sample import SAMPLE_CONFIGS

    world, dataset = sample_world, sample_dataset
    users, coat = world.demo_users(), representative_item(world, "coat")
    time_bucket_models = (load_sample_model(cfg)[0] for cfg in timebuckets.TIME_BUCKETS_CONFIGS)
    rows = [SimpleNamespace(config=cfg, auc=load_sample_model(cfg)[1]["metrics"]["auc"])
            for cfg in SAMPLE_CONFIGS]
    return {
        "home": home.click_question(dataset, *(model(cfg.model) for cfg in home.ASKED_MODELS)),
        "lastn": lastn.main_picture(dataset, model("avg"), users["mia"], "en").question,
        "din": din.main_picture(dataset, model("din"), model("avg"), users["eva"], coat, "en").question,
        "towers": towers.main_picture(dataset, model("din"), model("avg"), users["leo"], 1000, "en").question,
        "sim": sim.main_picture(dataset, model("sim-hard"), users["mia"], coat, sim.K_CAP * 5, "en").question,
        "time_buckets": timebuckets.main_picture(dataset, *time_bucket_models, coat, "en").question,
        "model_lab": lab.winner_question(rows),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_asks_first_and_reveals_the_answer_beside_the_guess(page, lang, default_questions):
    slug = PAGES[page]
    question = default_questions[slug]
    at = asked(page, lang)
    assert not at.exception, at.exception
    assert question.prompt[lang] in texts(at)
    hidden = t("ask.hidden", lang)
    if slug in HAS_PICTURE:
        assert set(stepper(at)["readouts"]) == {hidden}  # the picture's numbers are held back
    if slug == "model_lab":
        assert at.button(key="lab-train").disabled  # asked before anything trains
    guess = question.options[0] if question.is_choice else question.grid[0]
    answer_widget(at, slug).set_value(guess)
    at.button(key=f"ask.{slug}.input.send").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    if slug == "towers":  # measured by the page, not by this test: the guess and a factor, in words
        assert t("ask.verdict.factor", lang, guess=question.label(guess, lang), answer="", factor=0).split(
            "**")[1] in shown
    else:
        assert verdict(question, guess, lang) in shown, shown
        assert question.why[lang] in shown
    reveal = [f for f in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
              if f["layout"]["title"]["text"] == t("ask.figure.title", lang)]
    assert len(reveal) == 1  # the guess beside the answer
    if slug in HAS_PICTURE:
        assert hidden not in stepper(at)["readouts"] and len(set(stepper(at)["readouts"])) > 1
    if slug == "model_lab":
        assert not at.button(key="lab-train").disabled
    assert not [w for w in at.button if w.key == f"ask.{slug}.input.send"]  # answered: the box is gone


@pytest.mark.parametrize("page", ["3_din.py", "5_sim.py"])
def test_skipping_reveals_and_the_switch_turns_questions_off(page):
    slug = PAGES[page]
    at = asked(page, "en")
    at.button(key=f"ask.{slug}.input.skip").click().run()
    assert t("ask.verdict.skipped", "en", answer="").split("**")[0] in texts(at)
    assert t("ask.hidden", "en") not in stepper(at)["readouts"]
    off = asked(page, "zh", questions="false")
    assert not [c for c in off.get("flex_container") if getattr(c.proto, "key", "") == f"ask-{slug}"]
    assert t("ask.hidden", "zh") not in stepper(off)["readouts"]
    assert not [w for w in off.button if w.key == f"ask.{slug}.input.send"]


NOTES = {"3_din.py": "din.main.notice", "5_sim.py": "sim.main.notice.hard",
         "6_time_buckets.py": "timebuckets.main.notice"}


@pytest.mark.parametrize("page", list(NOTES))
def test_the_note_beside_an_open_question_holds_its_answer_back(page):
    """The notes said "the tall bars move to the events of the matching category" and "the truth rises
    again about a year back" while the picture held those very marks back."""
    slug, key = PAGES[page], NOTES[page]
    at = asked(page, "en")
    notes = " ".join(info.value for info in at.info)
    assert t(f"{key}.asking", "en", n=50) in notes and t(key, "en", n=50) not in notes
    at.button(key=f"ask.{slug}.input.skip").click().run()
    assert t(key, "en", n=50) in " ".join(info.value for info in at.info)


def test_the_home_reveal_says_how_far_back_din_reads(sample_world, sample_dataset):
    """It said DIN's last 50 events "reach back only this month" where the SIM page, for the same user,
    read 170 days; and left DIN's prediction below AvgPool's unexplained."""
    from seqviz.lessons import home
    from seqviz.lessons.common import user_history

    question = home.click_question(sample_dataset, *(model(cfg.model) for cfg in home.ASKED_MODELS))
    reach = user_history(sample_world, sample_world.demo_users()["mia"])["age_days"].iloc[49]
    assert f"reach back {reach:,.0f} days" in question.why["en"] and f"{reach:,.0f} 天" in question.why["zh"]
    (_, average), (_, din), _ = question.beside
    assert ("less than AvgPool" in question.why["en"]) == (din < average)


def test_the_reveal_marks_stay_readable_however_many_options():
    """Ten categories made the marks above the LastN reveal's bars about 6 px high."""
    options = tuple(f"c{i}" for i in range(10))
    question = Question(page="lastn", prompt={}, why={}, answer="c3", options=options,
                        labels={"en": options}, values=tuple(range(10)))
    (bars,) = reveal_figure(question, "c5", "en").data
    assert bars.constraintext == "none" and bars.textfont.size >= 12


def test_numbers_read_as_a_reader_writes_them():
    """The Towers answer slider's end read "1e+04×", and the verdict "off by a factor of 250.0"."""
    question = Question(page="towers", prompt={}, why={}, answer=250.0, grid=nice_grid(1, 10_000), log=True,
                        unit="×")
    assert [question.label(v, "en") for v in (10_000.0, 250.0, 2.0, 0.5)] == ["10,000×", "250×", "2×", "0.5×"]
    assert "a factor of 40." in verdict(question, 10_000.0, "en")
    assert "相差 40 倍" in verdict(question, 10_000.0, "zh")


def test_the_guess_stays_in_the_session_and_never_in_the_link():
    at = asked("3_din.py", "en")
    answer_widget(at, "din").set_value("cup")
    at.button(key="ask.din.input.send").click().run()
    assert at.session_state["ask.din"]["guess"] is not None
    assert not [k for k in at.query_params if k.startswith("ask")]
    at.switch_page("app_pages/2_lastn.py").run()
    at.switch_page("app_pages/3_din.py").run()
    assert t("ask.hidden", "en") not in stepper(at)["readouts"]  # answered once, revealed from then on
