"""Impressions as tensors, split by time: train, then a validation week, then the test week."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from .history import History
from .models import Batch
from .world import DAY, World

SPLITS = ("train", "valid", "test")


@dataclass
class Split:
    batch: Batch  # every impression of the split, on the device
    label: torch.Tensor  # [n] float 0/1
    true_prob: np.ndarray | None  # [n] the world's truth, None for imported logs
    rows: np.ndarray  # [n] row numbers in world.impressions

    def __len__(self) -> int:
        return len(self.label)

    def take(self, idx) -> tuple[Batch, torch.Tensor]:
        return self.batch[idx], self.label[idx]

    def chunks(self, size: int, rows: torch.Tensor | None = None) -> Iterator[Batch]:
        """The impressions at `rows` (default: all, in order) as batches of at most `size`."""
        rows = torch.arange(len(self), device=self.label.device) if rows is None else rows
        for i in range(0, len(rows), size):
            yield self.take(rows[i:i + size])[0]


_SERIALS = itertools.count(1)


class Dataset:
    """A world prepared for training: its History on the device and the three splits."""

    def __init__(self, world: World, device: torch.device | str = "cpu", test_days: float = 7.0,
                 valid_days: float = 7.0):
        self.world = world
        self.serial = next(_SERIALS)  # as SequenceModel.serial: a cache key no later Dataset reuses
        self.device = torch.device(device)
        self.history = History.of_world(world, self.device)
        imp = world.impressions
        ts = imp["timestamp"].to_numpy()
        test_start = ts.max() - test_days * DAY
        self.test_start = int(test_start)
        valid_start = test_start - valid_days * DAY
        split_of = np.where(ts > test_start, 2, np.where(ts > valid_start, 1, 0))
        item_cat = world.item_category()
        self.splits: dict[str, Split] = {}
        for i, name in enumerate(SPLITS):
            rows = np.flatnonzero(split_of == i)
            self.splits[name] = self._split(imp, rows, item_cat)

    def _split(self, imp: pd.DataFrame, rows: np.ndarray, item_cat: np.ndarray) -> Split:
        part = imp.iloc[rows]
        truth = part["true_prob"].to_numpy() if "true_prob" in part else None
        label = torch.as_tensor(part["clicked"].to_numpy().astype(np.float32), device=self.device)
        return Split(Batch.of_impressions(part, item_cat, self.device), label, truth, rows)

    def __getitem__(self, name: str) -> Split:
        return self.splits[name]

    @property
    def n_items(self) -> int:
        return self.world.n_items
