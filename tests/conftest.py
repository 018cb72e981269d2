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


def pytest_sessionfinish(session, exitstatus):
    """Let the app's warm-up thread (ui.cache.warm_server) finish before the interpreter exits: a
    short run that ends while it is inside torch aborts ("terminate called without an active
    exception", exit status 134) and turns a green run red."""
    import threading

    for thread in threading.enumerate():
        if thread.name == "seqviz-warm-up":
            thread.join(timeout=300)
