"""DIN: target attention of the candidate over the LastN events (Zhou et al., 2018)."""

from __future__ import annotations

from .attention import TargetAttention
from .base import SequenceModel


class DIN(SequenceModel):
    def __init__(self, n_items: int, lastn: int = 50, scorer: str = "unit",
                 softmax: bool = False, dim: int = 16, act: str = "prelu", **kw):
        super().__init__(n_items, dim=dim, act=act, **kw)
        self.lastn = lastn
        self.attention = TargetAttention(dim, scorer, softmax, act=act)

    def read(self, batch, history):
        return history.lastn(batch.user, batch.time, self.lastn)

    def pool(self, batch, history, positions, mask):
        items = history.items(positions)
        return self.attention(self.item_emb(items), self.item_emb(batch.item), mask)
