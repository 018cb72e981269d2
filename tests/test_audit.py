"""The story audit: every claim holds on the shipped sample, and the audit can tell when one does not."""

import json
from pathlib import Path

from helpers import untrained

from seqviz.audit import audit, default_case, saved_models, table
from seqviz.cli import main
from seqviz.data import Dataset
from seqviz.ingest import load_any
from seqviz.lessons.common import user_history
from seqviz.sample import SAMPLE_DIR, load_sample_model

FIXTURE = Path(__file__).parent / "fixtures" / "movielens_small.csv"


def as_built(world, cfg):
    return untrained(world, cfg.model, **{k: v for k, v in cfg.to_dict().items() if k != "model"})


def test_every_claim_of_every_page_holds_on_the_sample_data(sample_dataset):
    claims = audit(sample_dataset, saved_models(SAMPLE_DIR))
    assert len(claims) >= 20
    assert {c.lesson for c in claims} == {"home", "lastn", "din", "towers", "sim", "time_buckets", "lab"}
    failing = [c for c in claims if c.holds is not True]
    assert not failing, table(failing)
    # the conclusion draws SIM with and without time: each is held against the best DIN, whatever the
    # order of the preset's set of configs (one key for both once audited either, run by run)
    above = {c.claim.split(" above")[0]: c.figure for c in claims if "above the best DIN" in c.claim}
    assert len(above) == 2 and len(set(above.values())) == 2, above


def test_models_that_learned_nothing_fail_the_claims_about_what_was_learned(sample_world, sample_dataset):
    def trained(cfg):
        return as_built(sample_world, cfg), load_sample_model(cfg)[1]

    failing = {(c.lesson, c.claim.split(" (")[0]) for c in audit(sample_dataset, trained) if c.holds is False}
    assert ("din", "at the N DIN was trained at, coat events outweigh unrelated ones") in failing
    assert any(lesson == "time_buckets" and "truth's order" in claim for lesson, claim in failing), failing
    # what does not depend on the weights still holds: the presets' users and the sliders' ranges
    assert not any(lesson == "lastn" for lesson, _ in failing)


def test_the_cli_prints_one_json_line_and_its_status_says_whether_every_claim_held(capsys):
    status = main(["audit", "--json"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    claims = json.loads(lines[0])["claims"]
    assert {"lesson", "case", "claim", "figure", "threshold", "holds"} <= claims[0].keys()
    assert status == (0 if all(c["holds"] is not False for c in claims) else 1)


def test_a_log_without_demo_users_opens_on_a_window_with_two_interests():
    world = load_any(FIXTURE)
    assert "eva" not in world.demo_users()  # an import names its own demo users, none of them eva
    case = default_case(world)
    window = user_history(world, case.user)["category"].iloc[:50].value_counts()
    assert len(window) >= 2 and window.index[0] == case.ad_category
    assert world.items.set_index("item_id").loc[case.ad, "category"] == case.ad_category
    assert case.name == f"#{case.user}"


def test_claims_that_need_a_truth_are_not_judged_on_an_imported_log():
    world = load_any(FIXTURE)
    dataset = Dataset(world)

    def trained(cfg):
        return as_built(world, cfg), {}

    claims = audit(dataset, trained)
    truthful = [c for c in claims if c.lesson == "time_buckets" and "truth" in c.claim]
    assert truthful and all(c.holds is None for c in truthful)
