"""Training with early stopping on the validation week, reporting progress as it goes."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from .data import Dataset, Split
from .distributed import ALONE, Ranks
from .metrics import auc, logloss, predict_proba
from .models import ModelConfig, SequenceModel, build_model


@dataclass
class Progress:
    epoch: int  # 1-based
    epochs: int
    step: int  # steps done in this epoch
    steps: int  # steps per epoch
    loss: float  # running mean training loss of this epoch

    @property
    def fraction(self) -> float:
        return ((self.epoch - 1) * self.steps + self.step) / max(self.epochs * self.steps, 1)


class Cancelled(Exception):
    """Raised by a progress callback to stop a training (the Lab's Cancel, in a thread or a worker)."""


@dataclass
class TrainResult:
    config: ModelConfig
    model: SequenceModel
    curve: list[dict] = field(default_factory=list)  # per epoch: train_loss, valid_auc, valid_logloss
    best_epoch: int = 0
    epochs_run: int = 0
    train_seconds: float = 0.0
    samples_per_second: float = 0.0
    n_train: int = 0
    n_train_per_rank: int = 0  # impressions this process trained on per epoch (all of them, alone)


def _valid_metrics(model: SequenceModel, dataset: Dataset) -> dict:
    split = dataset["valid"]
    y, probs = split.label.cpu().numpy(), predict_proba(model, dataset, split)
    return {"valid_auc": auc(y, probs), "valid_logloss": logloss(y, probs)}


# 0.01, not Adam's usual 0.001-0.003: in three epochs the activation unit learns to tell related
# events from unrelated ones only at this rate (the first round's DIN on world 0: attention-truth
# Spearman 0.45 at 3e-3, 0.60 at 0.01)
LEARNING_RATE = 1e-2


@torch.no_grad()
def read_once(model: SequenceModel, dataset: Dataset, split: Split, chunk: int = 4096):
    """(positions [n, L] int32, mask [n, L]): what the model reads for every impression of the split."""
    parts = [model.read(batch, dataset.history) for batch in split.chunks(chunk)]
    return (torch.cat([p.int() for p, _ in parts]), torch.cat([m for _, m in parts]))


def adam(parameters, lr: float = LEARNING_RATE, weight_decay: float = 0.0) -> torch.optim.Adam:
    """Adam updating all parameters with one kernel per stage of its update (foreach): on a CPU torch's
    default is a Python loop over the parameters (15 % of AvgPool's step at N = 10 under a profiler;
    foreach took 2-8 % off the step on an Intel Xeon); the arithmetic is the same, bit for bit
    (tests/test_models.py)."""
    return torch.optim.Adam(parameters, lr=lr, weight_decay=weight_decay, foreach=True)


def train(cfg: ModelConfig, dataset: Dataset, epochs: int = 3, batch_size: int = 512,
          lr: float = LEARNING_RATE, weight_decay: float = 0.0,
          seed: int = 0, patience: int = 1,
          progress: Callable[[Progress], None] | None = None, ranks: Ranks = ALONE) -> TrainResult:
    """Adam on log loss; keeps the weights of the epoch with the best validation AUC.

    Under torchrun (`ranks` from seqviz.distributed.start) every rank shuffles with the same seed and
    takes its share of each global batch, DistributedDataParallel averages the gradients, and rank 0
    evaluates and decides early stopping for all: the global batch and the recipe stay those of one
    process. The returned model is rank 0's best (every rank holds the same weights)."""
    torch.manual_seed(seed)  # the same initial weights on every rank
    model = build_model(cfg, dataset.n_items).to(dataset.device)
    model.prepare(dataset.history, before=dataset.test_start)
    net = model
    if ranks.distributed:
        from torch.nn.parallel import DistributedDataParallel

        # every parameter takes part in every step (tests/test_distributed.py trains each model so),
        # so DDP need not search the graph for unused ones
        net = DistributedDataParallel(model)
    opt = adam(net.parameters(), lr, weight_decay)
    split = dataset["train"]
    n = len(split)
    reads = read_once(model, dataset, split) if model.costly_read and n else None
    steps = max((n + batch_size - 1) // batch_size, 1)
    gen = torch.Generator().manual_seed(seed)
    result = TrainResult(cfg, model, n_train=n)
    best_auc, best_state, bad_epochs, seen = -1.0, None, 0, 0
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=gen).to(dataset.device)
        total = 0.0
        mine = 0
        for step in range(steps):
            rows = order[step * batch_size:(step + 1) * batch_size]
            if len(rows) < ranks.world_size:  # a last batch too small to share: every rank skips it
                continue
            rows = ranks.share(rows)
            batch, label = split.take(rows)
            read = None if reads is None else (reads[0][rows].long(), reads[1][rows])
            loss = F.binary_cross_entropy_with_logits(net(batch, dataset.history, read=read).logit, label)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item()
            seen += len(label)
            mine += len(label)
            if progress is not None and ranks.is_main:
                progress(Progress(epoch, epochs, step + 1, steps, total / (step + 1)))
        result.n_train_per_rank = mine
        result.epochs_run = epoch
        done = False
        if ranks.is_main:
            metrics = _valid_metrics(model, dataset)
            result.curve.append({"epoch": epoch, "train_loss": total / steps, **metrics})
            if metrics["valid_auc"] > best_auc:
                best_auc, best_state, bad_epochs = metrics["valid_auc"], copy.deepcopy(model.state_dict()), 0
                result.best_epoch = epoch
            else:
                bad_epochs += 1
                done = bad_epochs >= patience
        if ranks.agree(done, dataset.device):
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    result.train_seconds = time.perf_counter() - start
    result.samples_per_second = seen * ranks.world_size / max(result.train_seconds, 1e-9)  # all ranks
    return result
