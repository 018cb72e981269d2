"""LastN average pooling: the user vector is the masked mean of the last N item embeddings."""

from __future__ import annotations

from .base import SequenceModel
from .layers import weighted_bag


class AvgPool(SequenceModel):
    def __init__(self, n_items: int, lastn: int = 50, **kw):
        super().__init__(n_items, **kw)
        self.lastn = lastn

    def read(self, batch, history):
        return history.lastn(batch.user, batch.time, self.lastn)

    def pool(self, batch, history, positions, mask):
        items = history.items(positions)
        weights = mask.float() / mask.sum(1, keepdim=True).clamp(min=1)  # [B, N]
        return weighted_bag(self.item_emb, items, weights), weights
