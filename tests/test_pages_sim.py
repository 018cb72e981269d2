"""The Towers, SIM and Time-buckets pages in Streamlit's AppTest: what a user would notice.

They run the real app (router, sidebar, page) on the shipped sample world and weights."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import figures, main_steps, open_page, stepper, traces, values, visible_text

from seqviz.lessons.common import category_label, category_markdown, representative_item
from seqviz.text import STRINGS, t


def selected(at) -> dict[str, int]:
    """How many events the search kept, by the legend entry of their category ("selected 🧣 scarf"),
    in the main picture as the page opens (before any drag)."""
    kept = {trace["name"]: len(values(trace["y"])) for trace in traces(at, "sim-selected", figure=0)}
    return {name: count for name, count in kept.items() if count}


def closeness(at, column: str) -> tuple[np.ndarray, np.ndarray]:
    (trace,) = traces(at, f"sim-{column}", figure=0)
    return values(trace["x"]), values(trace["y"])


# --- SIM ------------------------------------------------------------------------------------------

def test_sim_opens_on_last_winters_coats_far_outside_dins_window(sample_world):
    at = open_page("5_sim.py")
    assert at.selectbox(key="user").value == "mia" and at.radio(key="search").value == "hard"
    item = int(at.session_state["cand"].rsplit("-", 1)[1])
    assert sample_world.items.set_index("item_id").loc[item, "category"] == "coat"
    kept = selected(at)
    coats = STRINGS["sim.timeline.selected"]["en"].format(category=category_label("coat", "en"))
    assert list(kept) == [coats]
    mia = sample_world.user_events(sample_world.demo_users()["mia"])
    assert at.session_state["k"] == 50  # the K the shipped SIM was trained with
    assert sum(kept.values()) == min(50, int((mia["category"] == "coat").sum()))
    # the kept coats reach back over a year, beyond the last 50 events DIN reads
    (window,) = [tr for tr in figures(at)[0]["data"] if tr.get("fill") == "toself"]
    oldest_kept = max(values(tr["x"]).max() for tr in traces(at, "sim-selected", figure=0)
                      if len(values(tr["x"])))
    assert oldest_kept > 300 and oldest_kept > max(values(window["x"]))


def test_sim_k_changes_what_is_kept():
    at = open_page("5_sim.py", user="leo")
    at.session_state["k"] = 10  # what the picture's slider does when a drag ends
    at.run()
    assert not at.exception and sum(selected(at).values()) == 10 and at.query_params["k"] == "10"


def test_sim_bounds_k_by_n_and_n_by_the_history():
    at = open_page("5_sim.py", user="leo", n_search=20, k=200)
    assert not at.exception and at.session_state["k"] == 20 and main_steps(at)[-1] == 20
    at = open_page("5_sim.py", user="ana")
    assert not at.exception and at.slider(key="n_search").max == at.slider(key="n_search").value == 30
    assert any("only 30 events" in text for text in visible_text(at))
    at = open_page("5_sim.py", user="leo", n_search=1, k=1)
    assert not at.exception and sum(selected(at).values()) <= 1


def test_sim_shared_url_restores_the_view():
    at = open_page("5_sim.py", lang="zh", user="sam", search="soft", n_search=200, k=20)
    assert at.selectbox(key="user").value == "sam" and at.radio(key="search").value == "soft"
    assert at.slider(key="n_search").value == 200 and at.session_state["k"] == 20
    assert at.title[0].value == STRINGS["nav.sim"]["zh"]
    assert at.query_params["search"] == "soft"  # the raw choice, the same link in either language


@pytest.mark.parametrize("search", ["hard", "soft"])
def test_sim_latency_note_follows_the_search(search):
    at = open_page("5_sim.py", search=search)
    notes = [info.value for info in at.info]
    assert any(STRINGS[f"sim.latency.notice.{search}"]["en"] in note for note in notes)
    other = "soft" if search == "hard" else "hard"
    assert not any(STRINGS[f"sim.latency.notice.{other}"]["en"] in note for note in notes)


# --- towers ---------------------------------------------------------------------------------------

def test_towers_attention_costs_more_than_averaging_everywhere(sample_world):
    at = open_page("4_towers.py", m=1000)
    assert at.session_state["m"] == 1000
    slider = at.slider(key="n_events")
    assert slider.max == min(5000, sample_world.events["user_id"].value_counts().max())  # the longest history
    slider.set_value(slider.max).run()
    assert not at.exception
    (attention,), (average,) = traces(at, "cost-attention", figure=0), traces(at, "cost-average", figure=0)
    assert (values(attention["y"])[10:] > values(average["y"])[10:]).all()  # from ten candidates on
    (attention,), (average,) = traces(at, "ops-attention"), traces(at, "ops-average")
    assert (values(attention["y"]) > values(average["y"])).all()
    (din,), (avg,) = traces(at, "latency-attention"), traces(at, "latency-average")
    assert values(din["y"])[-1] > 10 * values(din["y"])[0]  # DIN's latency grows with N
    assert values(din["y"])[-1] > values(avg["y"])[-1]
    weights = [w for tower in ("user", "item") for trace in traces(at, f"senet-{tower}")
               for w in values(trace["y"])]
    assert len(weights) == 7 and all(0 < w < 2 for w in weights)
    (senet, average, din) = (float(m.value) for m in at.metric[:3])
    words = t("towers.senet.beats_avg", "en", senet=senet, avg=average, din=din)
    said = any(words == caption.value for caption in at.caption)
    assert said == (din > senet > average)  # the two-tower's win over AvgPool is said, not left to puzzle


# --- time buckets ---------------------------------------------------------------------------------

def test_time_buckets_preset_and_both_models(sample_world):
    at = open_page("6_time_buckets.py")
    at.button(key="preset.common.preset.time_matters").click().run()
    assert not at.exception
    assert at.selectbox(key="user").value == "mia"
    assert at.session_state["cand"] == f"coat-{representative_item(sample_world, 'coat')}"
    assert traces(at, "tb-learned", figure=0) and traces(at, "tb-truth", figure=0)
    ((event,),) = [traces(at, "tb-event", figure=0)]
    assert values(event["x"])[0] == pytest.approx(at.session_state["age_hours"] / 24)
    (with_time,), (without_time,) = traces(at, "both-with"), traces(at, "both-without")
    assert len(values(with_time["x"])) == len(values(without_time["x"])) > 0  # the same events, both ways
    assert traces(at, "effect-learned") and traces(at, "effect-truth")
    (auc_with,), (auc_without,) = traces(at, "auc-with"), traces(at, "auc-without")
    assert all(0.5 < v < 1 for v in [*values(auc_with["y"]), *values(auc_without["y"])])


def test_time_buckets_lastn_spans_less_time_than_the_history():
    at = open_page("6_time_buckets.py", user="ana")
    assert not at.exception
    (lastn,), (full,) = traces(at, "spans-lastn"), traces(at, "spans-full")
    spans = dict(zip(lastn["y"], values(lastn["x"]), strict=True))
    whole = dict(zip(full["y"], values(full["x"]), strict=True))
    assert all(spans[name] <= whole[name] for name in spans)
    assert spans["leo"] < 0.1 * whole["leo"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sim_hashing_asks_about_more_bits_then_its_kernel_sharpens_as_bits_are_added(lang):
    """The SDIM section: its question (the kernel and the events held back), then one step per
    bit count, starting at the shipped model's; with more bits mia's coats share the coat ad's bucket
    in fewer of the hash functions, the other events in fewer still."""
    at = open_page("5_sim.py", lang=lang, questions="true")
    at.button(key="ask.sim.input.skip").click().run()  # the page's first question holds back the rest
    prompt = t("hashing.ask", lang, name="mia", bits=6, more=14, ad=category_markdown("coat", lang))
    assert any(prompt in text for text in visible_text(at)), prompt
    assert set(stepper(at, "bits")["readouts"]) == {t("ask.hidden", lang)}
    at.radio(key="ask.sim-hashing.input").set_value("fewer")
    at.button(key="ask.sim-hashing.input.send").click().run()
    assert not at.exception, at.exception
    bits = stepper(at, "bits")
    assert bits["steps"] == list(range(1, 17)) and bits["index"] == bits["steps"].index(6)
    readouts = dict(zip(bits["steps"], bits["readouts"], strict=True))
    numbers = {b: [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)%", readouts[b])] for b in (2, 6, 14)}
    assert numbers[2][0] > numbers[6][0] > numbers[14][0]  # a coat's share falls with every bit
    assert all(coat > other for coat, other in numbers.values())  # and stays above the rest's
    assert "6" in readouts[6] and not at.exception
