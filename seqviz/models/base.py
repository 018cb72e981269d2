"""What every sequence model shares: item embeddings, the ranking head, and its output."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch import nn

from ..history import History
from .layers import mlp, padded_embedding


def _ids(values, device) -> torch.Tensor:
    # np.array copies: a pandas column may hand over a read-only view, which torch warns about
    return torch.as_tensor(np.array(values, dtype=np.int64), device=device)


@dataclass
class Batch:
    user: torch.Tensor  # [B]
    time: torch.Tensor  # [B] epoch seconds of the impression
    item: torch.Tensor  # [B] candidate item id
    category: torch.Tensor  # [B] candidate category index

    @classmethod
    def of_impressions(cls, impressions: pd.DataFrame, item_category: np.ndarray, device) -> Batch:
        """Impressions (user_id, timestamp, item_id), each candidate's category from item_category."""
        item = impressions["item_id"].to_numpy().astype(np.int64)
        return cls(_ids(impressions["user_id"], device), _ids(impressions["timestamp"], device),
                   _ids(item, device), _ids(item_category[item], device))

    @classmethod
    def for_user(cls, user: int, now: int, items, categories, device) -> Batch:
        """One user at time `now`, facing each of `items` (with their category indices) as a candidate."""
        items = _ids(items, device)
        same = lambda value: torch.full((len(items),), value, device=device)  # noqa: E731
        return cls(same(user), same(now), items, _ids(categories, device))

    def _fields(self) -> tuple[torch.Tensor, ...]:
        return self.user, self.time, self.item, self.category

    def __getitem__(self, rows) -> Batch:
        """The impressions at `rows` (a slice, indices or a mask)."""
        return Batch(*(x[rows] for x in self._fields()))

    def repeat_interleave(self, n: int) -> Batch:
        """Each impression n times in a row."""
        return Batch(*(x.repeat_interleave(n) for x in self._fields()))

    def to(self, device) -> Batch:
        return Batch(*(x.to(device) for x in self._fields()))

    def __len__(self) -> int:
        return len(self.user)


@dataclass
class Output:
    logit: torch.Tensor  # [B]
    weights: torch.Tensor  # [B, L] weight of each event read (0 at padding)
    positions: torch.Tensor  # [B, L] index of each event in the History, -1 at padding
    mask: torch.Tensor  # [B, L]
    user_vector: torch.Tensor  # [B, D] pooled user interest


_SERIALS = itertools.count(1)


class SequenceModel(nn.Module):
    """Reads some events of the history, pools them, and scores [user_vector, candidate]."""

    # What a model reads never depends on its parameters, so a trainer may read each impression
    # once and reuse it every epoch (as SIM's production search runs offline); worth the memory only
    # where reading costs more than a few gathers.
    costly_read = False

    def __init__(self, n_items: int, dim: int = 16, hidden: tuple[int, ...] = (64, 32),
                 act: str = "prelu"):
        super().__init__()
        # what a cache of this model's pictures is keyed by: unlike id(), never reused by a later model
        self.serial = next(_SERIALS)
        self.item_emb = padded_embedding(n_items, dim)
        self.head = mlp(2 * dim, hidden, act)

    def prepare(self, history: History, before: int) -> None:
        """Set up anything learned from behaviour alone (no labels), from events before `before`."""

    def read(self, batch: Batch, history: History) -> tuple[torch.Tensor, torch.Tensor]:
        """Which events this model looks at: positions [B, L], mask [B, L]."""
        raise NotImplementedError

    def pool(self, batch: Batch, history: History, positions, mask):
        """-> user_vector [B, D], weights [B, L]"""
        raise NotImplementedError

    def forward(self, batch: Batch, history: History, read: tuple | None = None,
                **read_options) -> Output:
        """read_options go to `read`, e.g. SIM's search='all' for full attention at inference.

        read: (positions, mask) that `read` returned for this batch before, to reuse."""
        positions, mask = read if read is not None else self.read(batch, history, **read_options)
        user_vector, weights = self.pool(batch, history, positions, mask)
        return Output(self.score(user_vector, batch.item), weights, positions, mask, user_vector)

    def score(self, user_vector: torch.Tensor, item: torch.Tensor) -> torch.Tensor:
        """[B, D] pooled interest, [B] candidate ids -> [B] click logit."""
        # [u, c] concatenated, as in the DIN paper's figure. The authors' code also hands the head
        # u * c; through that product an event unrelated to the candidate adds nothing whatever its
        # weight, so the weights of unrelated events were never pushed down.
        return self.head(torch.cat([user_vector, self.item_emb(item)], dim=-1)).squeeze(-1)
