"""SIM: search the full history for K events, then attend over them (Pi et al., 2020).

General Search Unit (GSU):
  hard: the K most recent events of the candidate's category (category index)
  soft: the top-K events by inner product of search embeddings with the candidate's
  twin: the top-K events by the ESU's own score (TWIN, Chang et al., 2023; see twin.py), so the
        search keeps what the ranker would weigh most
  all:  every event of the history ("full attention", what SIM approximates)
Exact Search Unit (ESU): target attention over the selected events. The
attention scores each event's embedding concatenated with the embedding of its
log-scale time bucket, projected back to the model's width; what it pools is
the item embeddings. The paper pools the concatenation too; here the bucket can
only change how much an event counts, so what SIM learned about time is all in
its weights, where a student can see it (and `bucket_effect` can measure it).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ..history import N_TIME_BUCKETS
from .attention import TargetAttention
from .base import SequenceModel
from .layers import lookup, padded_embedding
from .twin import TwinAttention

SEARCHES = ("hard", "soft", "twin", "all")
# Search vectors put a category's items within a few hundredths of each other, so a
# small recency prior decides among them: keep the newest of equally similar events.
SOFT_RECENCY = 0.1
# Unrelated items sit near cosine 0 in search space (related ones near 1): never select them.
SOFT_MIN_SIMILARITY = 0.5


class SIM(SequenceModel):
    def __init__(self, n_items: int, k: int = 50, search: str = "hard", time: bool = True,
                 scorer: str = "unit", softmax: bool = False, dim: int = 16,
                 act: str = "prelu", **kw):
        super().__init__(n_items, dim=dim, act=act, **kw)
        if search not in SEARCHES:
            raise ValueError(f"unknown search {search!r}: choose one of {', '.join(SEARCHES)}")
        self.k, self.search, self.time = k, search, time
        # soft search scans the whole history once per impression; twin search does too, but with
        # the weights being trained, so what it reads cannot be kept from one epoch to the next
        self.costly_read = search == "soft"
        twin = search == "twin"
        self.twin = TwinAttention(dim, N_TIME_BUCKETS if time else None, softmax) if twin else None
        if twin:  # each item's category, for the twin score's same-category term (-1: never seen)
            self.register_buffer("item_category", torch.full((n_items + 1,), -1, dtype=torch.long))
        if time and self.twin is None:
            # as small as the item embeddings: at torch's default (std 1) a bucket that few events
            # fall in keeps a large random effect that the page would show as if it were learned
            self.time_emb = padded_embedding(N_TIME_BUCKETS, dim)
            self.time_proj = nn.Linear(2 * dim, dim)
        self.attention = TargetAttention(dim, scorer, softmax, act=act) if self.twin is None else None
        # soft search's own item vectors (kept with the weights); see History.cooccurrence_embedding
        self.register_buffer("search_emb", torch.zeros(n_items + 1, dim))

    def prepare(self, history, before):
        self.search_emb.copy_(history.cooccurrence_embedding(len(self.search_emb) - 1, before,
                                                             self.search_emb.shape[1]))
        if self.twin is not None:
            self.item_category[history.item.to(self.item_category.device)] = history.cat.to(
                self.item_category.device)

    def read(self, batch, history, search: str | None = None, k: int | None = None):
        search, k = search or self.search, k or self.k
        if search == "hard":
            return history.hard_search(batch.user, batch.time, batch.category, k)
        if search == "twin":
            with torch.no_grad():  # the search only chooses; the ESU's score over its choice trains
                keys = self.twin.item_keys(self.item_emb.weight)  # [n_items + 1, D], once per batch
                query = self.twin.scaled_query(self.item_emb(batch.item))
                buckets = torch.arange(N_TIME_BUCKETS + 1, device=keys.device)
                same_category = (batch.category, self.twin.same_category_bias(buckets))
                return history.soft_search(batch.user, batch.time, query, keys, k,
                                           bucket_score=self.twin.time_bias(buckets),
                                           category_score=same_category)
        if search == "soft":
            table = self.search_emb
            return history.soft_search(batch.user, batch.time, table[batch.item], table, k,
                                       recency=SOFT_RECENCY, min_score=SOFT_MIN_SIMILARITY)
        longest = int(history.length(batch.user, batch.time).max().item()) if len(batch) else 0
        return history.lastn(batch.user, batch.time, max(longest, 1))

    def attention_keys(self, h, buckets):
        """[B, L, D] item embeddings, [B, L] buckets -> the attention's keys: [item, time-bucket
        embedding] projected back to D (the item embedding alone without time)."""
        if not self.time:
            return h
        # W [h, e_b] + c = W_h h + (W_b e_b + c): the bucket's half depends on the bucket alone, so it
        # is one row of a small per-bucket table, and the [B, L, 2D] concatenation is never built
        w_item, w_bucket = self.time_proj.weight.split(h.shape[-1], dim=1)
        # [buckets + 1, D]; row 0, padding's, is the bias alone, so the padding bucket never learns
        bias = self.time_proj.bias
        bucket_part = torch.cat([bias[None], F.linear(self.time_emb.weight[1:], w_bucket, bias)])
        return torch.matmul(h, w_item.T) + lookup(buckets, bucket_part)

    def event_scores(self, items, buckets, candidates):
        """[B, L] event item ids, [B, L] time buckets, [B] candidate item ids -> the ESU's raw scores
        [B, L] (what it ranks events by; see event_weights)."""
        h, t = self.item_emb(items), self.item_emb(candidates)
        if self.twin is not None:
            same = self._same_category(items, self.item_category[candidates])
            return self.twin.scores(h, t, buckets, same)
        return self.attention.scores(self.attention_keys(h, buckets), t)

    def event_weights(self, items, buckets, candidates):
        """As event_scores, but the ESU's weights [B, L]: what it multiplies each event's embedding by."""
        scores = self.event_scores(items, buckets, candidates)
        esu = self.twin if self.twin is not None else self.attention
        return esu.weights(scores, items > 0)

    def _same_category(self, items, category):
        """[B, L] event item ids, [B] candidate categories -> [B, L] bool."""
        return self.item_category[items] == category[:, None]

    def pool(self, batch, history, positions, mask):
        items, buckets = history.gather(positions, batch.time)
        h = self.item_emb(items)
        if self.twin is not None:
            same = self._same_category(items, batch.category)
            return self.twin(h, self.item_emb(batch.item), buckets, same, mask)
        return self.attention(self.attention_keys(h, buckets), self.item_emb(batch.item), mask, values=h)
