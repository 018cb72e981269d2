import pytest
import torch

from seqviz.data import Dataset
from seqviz.device import configure_threads
from seqviz.world import generate

configure_threads()


@pytest.fixture(scope="session")
def world():
    """A quick world: enough users for every code path (demo users included), too few for quality claims."""
    return generate(seed=7, users=120, impressions_per_user=20)


@pytest.fixture(scope="session")
def dataset(world):
    return Dataset(world, torch.device("cpu"))
