"""TWIN's consistent target attention (Chang et al., 2023): one score for the search and the ranker.

score(event j, candidate c) = <W_k e_j, W_q e_c> / sqrt(D) + b[bucket j] + b_cat[bucket j] [same cat.] + b0
weight = exp(score)   (softmax over the events with --softmax)

The item side W_k e_j depends on the event's item alone, so a server computes it once per item and
caches it; the time bucket and whether the event's category is the candidate's, cross features of
event and request, enter only as learned scalars. The same-category scalar has one value per time
bucket: the world's relevance decays with age only for related events (an unrelated one is worth 0
at any age), and with one value for all ages the twin's AUC stayed 0.004-0.006 below hard search's.
That split is what lets the General Search Unit rank a history of 50,000 events with the very score
the Exact Search Unit attends with (SIM's hard and soft searches rank by something else).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from .attention import UNIT_START_WEIGHT, masked_softmax

# The score is a log weight, so the item, its age and its category multiply: exp(<k, q>) exp(b_time)
# exp(b_cat), as similarity and decay multiply in the world's relevance, and as in TWIN's softmax
# (exp(score), normalised). DIN's softplus adds them instead once scores are large: with it the
# twin's test AUC stayed 0.009-0.011 below hard search's on worlds 0-2, with exp 0.004-0.006.
# exp(20) ~ 5e8: a guard against overflow that a trained model never comes near
MAX_SCORE = 20.0


class TwinAttention(nn.Module):
    def __init__(self, dim: int, n_buckets: int | None, softmax: bool = False):
        super().__init__()
        self.key = nn.Linear(dim, dim, bias=False)
        self.query = nn.Linear(dim, dim, bias=False)
        # start as the plain inner product <e_j, e_c>: from the first batch the search prefers items
        # like the candidate (random projections search at random while the ESU learns: AUC 0.793
        # against 0.803 after 3 epochs on world 0)
        for layer in (self.key, self.query):
            nn.init.eye_(layer.weight)
        # one scalar per time bucket (row 0: padding, no time), zero at the start: time is learned
        self.bucket_bias = nn.Embedding(n_buckets + 1, 1) if n_buckets else None
        if self.bucket_bias is not None:
            nn.init.zeros_(self.bucket_bias.weight)
        # a cross feature as TWIN takes it, a learned scalar: the event's category is the candidate's,
        # one per time bucket (row 0: padding, or every event without time)
        self.category_bias = nn.Parameter(torch.zeros((n_buckets or 0) + 1))
        # as DIN's unit: weights start at 1 for every event (sum pooling)
        self.offset = nn.Parameter(torch.tensor(math.log(UNIT_START_WEIGHT)))
        self.softmax = softmax

    def item_keys(self, h: torch.Tensor) -> torch.Tensor:
        """[..., D] item embeddings -> their keys: the cacheable item side of the score."""
        return self.key(h)

    def scaled_query(self, t: torch.Tensor) -> torch.Tensor:
        """[B, D] candidate embeddings -> the query the keys are multiplied with."""
        return self.query(t) / math.sqrt(t.shape[-1])

    def time_bias(self, buckets: torch.Tensor) -> torch.Tensor:
        """[...] time buckets -> [...] the scalar each adds to the score (with the offset)."""
        if self.bucket_bias is None:
            return self.offset.expand(buckets.shape)
        return self.bucket_bias(buckets).squeeze(-1) + self.offset

    def same_category_bias(self, buckets: torch.Tensor) -> torch.Tensor:
        """[...] time buckets -> [...] what an event of the candidate's category adds to its score."""
        return self.category_bias[buckets if self.bucket_bias is not None else torch.zeros_like(buckets)]

    def scores(self, h: torch.Tensor, t: torch.Tensor, buckets: torch.Tensor,
               same_category: torch.Tensor) -> torch.Tensor:
        # h [B, L, D], t [B, D], buckets [B, L], same_category [B, L] bool -> raw scores [B, L]
        return (torch.einsum("bld,bd->bl", self.item_keys(h), self.scaled_query(t)) + self.time_bias(buckets)
                + self.same_category_bias(buckets) * same_category)

    def forward(self, h: torch.Tensor, t: torch.Tensor, buckets: torch.Tensor, same_category: torch.Tensor,
                mask: torch.Tensor):
        """-> pooled [B, D] (a weighted sum of the item embeddings), weights [B, L]."""
        w = self.weights(self.scores(h, t, buckets, same_category), mask)
        return torch.einsum("bl,bld->bd", w, h), w

    def weights(self, s: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """raw scores [B, L], mask [B, L] -> the events' weights [B, L], 0 at padding."""
        if self.softmax:
            return masked_softmax(s, mask)
        return torch.exp(s.clamp(max=MAX_SCORE)) * mask
