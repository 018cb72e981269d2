import pytest
import torch

from seqviz.data import Dataset
from seqviz.device import configure_threads
from seqviz.sample import load_sample_world
from seqviz.world import generate

configure_threads()


@pytest.fixture(scope="session")
def seed7_world():
    """A quick world: enough users for every code path (demo users included), too few for quality claims."""
    return generate(seed=7, users=120, impressions_per_user=20)


@pytest.fixture(scope="session")
def seed7_dataset(seed7_world):
    return Dataset(seed7_world, torch.device("cpu"))


@pytest.fixture(scope="session")
def seed3_world():
    """A smaller quick world for the lessons' functions (demo user 'leo' keeps his 4,000 events)."""
    return generate(seed=3, users=60, impressions_per_user=20)


@pytest.fixture(scope="session")
def seed3_dataset(seed3_world):
    return Dataset(seed3_world)


@pytest.fixture(scope="session")
def sample_world():
    """The shipped sample world, as the app opens on it."""
    return load_sample_world()


@pytest.fixture(scope="session")
def sample_dataset(sample_world):
    return Dataset(sample_world)


def pytest_sessionfinish(session, exitstatus):
    """Let the app's warm-up thread (ui.cache.warm_server) finish before the interpreter exits: a
    short run that ends while it is inside torch aborts ("terminate called without an active
    exception", exit status 134) and turns a green run red."""
    import threading

    for thread in threading.enumerate():
        if thread.name == "seqviz-warm-up":
            thread.join(timeout=300)
