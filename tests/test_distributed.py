"""Training on two processes with DistributedDataParallel (gloo on CPU), launched by torchrun."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from seqviz.distributed import Ranks

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ["-m", "seqviz", "train", "--users", "200", "--epochs", "2", "--json"]


def test_the_ranks_shares_make_up_one_global_batch_once():
    rows = torch.arange(512)
    shares = [Ranks(rank, 3).share(rows) for rank in range(3)]
    assert sorted(torch.cat(shares).tolist()) == rows.tolist()
    assert [len(s) for s in shares] == [171, 171, 170]  # 512 / P each, the batch unchanged


def run(command: list[str]) -> dict:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    (line,) = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]  # rank 0 alone prints
    return json.loads(line)


@pytest.mark.parametrize("model", ["din", "sim-hard"])
def test_two_gloo_processes_train_what_one_process_trains(model):
    alone = run([sys.executable, *TRAIN, "--model", model])
    two = run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2",
               *TRAIN, "--model", model])
    assert alone["world_size"] == 1 and two["world_size"] == 2
    assert two["n_train"] == alone["n_train"] and abs(2 * two["n_train_per_rank"] - two["n_train"]) <= 2
    assert abs(two["auc"] - alone["auc"]) < 0.01, (two["auc"], alone["auc"])
    assert two["epochs"] == alone["epochs"] and two["best_epoch"] == alone["best_epoch"]
