"""The lessons' stories hold on the weights that ship in sample_data/, the ones every page opens on."""

import numpy as np
import pytest

from seqviz.data import Dataset
from seqviz.lessons.common import read_user, representative_item
from seqviz.models import ModelConfig
from seqviz.sample import load_sample_model, load_sample_world

WINTER_WEAR = {"coat", "scarf"}


@pytest.fixture(scope="module")
def shipped():
    dataset = Dataset(load_sample_world())
    model, _ = load_sample_model(ModelConfig("din"))
    return dataset, model


def _weights(shipped, candidate_category):
    dataset, model = shipped
    world = dataset.world
    events = read_user(model, dataset, world.demo_users()["eva"],
                       [representative_item(world, candidate_category)]).events
    winter = events["category"].isin(WINTER_WEAR)
    cups = events["category"] == "cup"
    assert winter.sum() >= 5 and cups.sum() >= 5  # eva's LastN holds both, so the contrast can show
    return events["weight"][winter].to_numpy(), events["weight"][cups].to_numpy()


def test_for_a_coat_ad_din_turns_the_coats_up_and_the_cups_down(shipped):
    winter, cups = _weights(shipped, "coat")
    assert winter.mean() > 0 and winter.mean() >= 3 * np.abs(cups).mean(), (winter.mean(), cups.mean())


def test_for_a_cup_ad_the_cups_stand_tall_instead(shipped):
    winter, cups = _weights(shipped, "cup")
    assert cups.mean() > 0 and cups.mean() >= 3 * np.abs(winter).mean(), (cups.mean(), winter.mean())
