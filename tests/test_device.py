"""Every tensor follows `device`: the History, every model's outputs and parameters, the trainer.

Runs on CPU everywhere and on CUDA where torch sees a GPU (skipped otherwise)."""

from __future__ import annotations

import dataclasses
import sys

import pytest
import torch

from seqviz.data import Dataset
from seqviz.device import configure_threads, keep_freed_memory
from seqviz.history import History
from seqviz.metrics import evaluate, predict
from seqviz.models import ModelConfig, build_model
from seqviz.train import train
from seqviz.world import generate

configure_threads()

DEVICES = [
    "cpu",
    pytest.param("cuda", marks=[pytest.mark.cuda, pytest.mark.skipif(
        not torch.cuda.is_available(), reason="torch sees no CUDA GPU")]),
]
CONFIGS = [
    ModelConfig("avg"),
    ModelConfig("din"),
    ModelConfig("din", scorer="dot"),
    ModelConfig("din", scorer="cosine", softmax=True),
    ModelConfig("din", act="dice"),
    ModelConfig("sim-hard"),
    ModelConfig("sim-hard", time=False),
    ModelConfig("sim-soft"),
    ModelConfig("sim-soft", time=False, softmax=True),
]


@pytest.fixture(scope="module")
def device_world():
    return generate(0, users=40, impressions_per_user=20)


@pytest.fixture(scope="module", params=DEVICES)
def device_dataset(request, device_world):
    return Dataset(device_world, request.param)


def _on(tensor: torch.Tensor, device: torch.device) -> bool:
    return tensor.device.type == device.type


def test_history_tensors_on_device(device_dataset):
    history, device = device_dataset.history, device_dataset.device
    tensors = {name: value for name, value in vars(history).items() if isinstance(value, torch.Tensor)}
    assert tensors and all(_on(t, device) for t in tensors.values()), tensors.keys()
    batch = device_dataset["test"].batch
    query = torch.randn(len(batch), 16, device=device)
    table = torch.randn(device_dataset.n_items + 1, 16, device=device)
    reads = [history.lastn(batch.user, batch.time, 50),
             history.hard_search(batch.user, batch.time, batch.category, 50),
             history.soft_search(batch.user, batch.time, query, table, 50)]
    for positions, mask in reads:
        items, buckets = history.gather(positions, batch.time)
        assert all(_on(t, device) for t in (positions, mask, items, buckets))


def test_history_accepts_cpu_inputs(device_world, device_dataset):
    """Batches built on the CPU (as pages do) are moved to the History's device."""
    history = History.of_world(device_world, device_dataset.device)
    user, when = torch.tensor([0, 1]), torch.tensor([device_world.impressions["timestamp"].max()] * 2)
    positions, mask = history.lastn(user, when, 5)
    assert _on(positions, device_dataset.device) and _on(mask, device_dataset.device)


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: c.label())
def test_model_outputs_on_device(device_dataset, cfg):
    device = device_dataset.device
    torch.manual_seed(0)
    model = build_model(cfg, device_dataset.n_items).to(device)
    assert all(_on(p, device) for p in model.parameters())
    batch, _ = device_dataset["train"].take(torch.arange(64, device=device))
    out = model(batch, device_dataset.history)
    for field in dataclasses.fields(out):
        assert _on(getattr(out, field.name), device), field.name
    out.logit.sum().backward()
    assert all(_on(p.grad, device) for p in model.parameters() if p.grad is not None)


@pytest.mark.parametrize("search", ["hard", "soft", "all"])
def test_sim_searches_on_device(device_dataset, search):
    model = build_model(ModelConfig("sim-hard"), device_dataset.n_items).to(device_dataset.device).eval()
    batch, _ = device_dataset["test"].take(torch.arange(32, device=device_dataset.device))
    with torch.no_grad():
        out = model(batch, device_dataset.history, search=search, k=20)
    assert all(_on(getattr(out, f.name), device_dataset.device) for f in dataclasses.fields(out))


def test_trainer_on_device(device_dataset):
    result = train(ModelConfig("sim-hard"), device_dataset, epochs=1, batch_size=256)
    assert all(_on(p, device_dataset.device) for p in result.model.parameters())
    outs = predict(result.model, device_dataset, device_dataset["valid"])
    assert outs and all(_on(o.logit, device_dataset.device) for o in outs)
    metrics = evaluate(result.model, device_dataset)
    assert 0.0 <= metrics["auc"] <= 1.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_memory_is_kept_on_glibc():
    assert keep_freed_memory() is True
