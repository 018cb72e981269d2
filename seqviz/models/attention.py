"""Target attention: weight each history event by its match with the candidate."""

from __future__ import annotations

import itertools
import math

import torch
import torch.nn.functional as F
from torch import nn

from .layers import PReLU, mlp
from .unit import first_layer, unit_scores

SCORERS = ("unit", "dot", "cosine")
# The unit's weights start at 1 for every event (sum pooling), and a softplus keeps them
# non-negative. The head can read the pooled vector either way round, so with the paper's
# free-signed output training may settle on the weights' sign-flipped copy: started near 0,
# 4 of 6 runs ended with weights uncorrelated or negatively correlated with the truth.
UNIT_START_WEIGHT = 1.0
# over_real_events: rows scored in this many groups of similar extent, and only when that skips
# more than a fifth of the slots (each group is one more pass of small kernels)
PACK_GROUPS, PACK_WORTH = 4, 0.8


class TargetAttention(nn.Module):
    """scores(h_j, t) for each event j, masked; weighted sum of h_j.

    unit:   DIN's activation unit, an MLP over [h, t, h - t, h * t], its output made
            non-negative by a softplus (see UNIT_START_WEIGHT)
    dot:    inner product <h, t>
    cosine: cos(h, t)
    Weights are left unnormalised (as in the DIN paper, so that the pooled
    vector keeps how *much* relevant history there is); softmax is optional.
    """

    def __init__(self, dim: int, scorer: str = "unit", softmax: bool = False,
                 hidden: tuple[int, ...] = (36,), act: str = "prelu"):
        super().__init__()
        if scorer not in SCORERS:
            raise ValueError(f"unknown scorer {scorer!r}: choose one of {', '.join(SCORERS)}")
        self.scorer, self.softmax = scorer, softmax
        self.unit = mlp(4 * dim, hidden, act) if scorer == "unit" else None
        if self.unit is not None:
            nn.init.constant_(self.unit[-1].bias, math.log(math.expm1(UNIT_START_WEIGHT)))
        # the paper's unit, one PReLU layer, has a hand-written backward; Dice or deeper units do not
        self._fused = self.unit is not None and len(hidden) == 1 and isinstance(self.unit[1], PReLU)

    def scores(self, h: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        # h [B, L, D], t [B, D] -> raw scores [B, L] (the unit's before its softplus)
        if self.scorer == "unit":
            if self._fused:
                first, act, last = self.unit
                return unit_scores(h, t, first.weight, first.bias, act.alpha, last.weight, last.bias)
            z, _ = first_layer(h, t, self.unit[0].weight, self.unit[0].bias)
            return self.unit[1:](z).squeeze(-1)
        t = t[:, None, :].expand_as(h)
        if self.scorer == "dot":
            return (h * t).sum(-1)
        return F.cosine_similarity(h, t, dim=-1, eps=1e-8)

    def forward(self, h: torch.Tensor, t: torch.Tensor, mask: torch.Tensor,
                values: torch.Tensor | None = None):
        """h [B, L, D], t [B, D], mask [B, L] -> pooled [B, D], weights [B, L].

        values [B, L, D]: what is pooled, when it is not h itself."""
        # only the paper's unit is scored group by group: Dice's batch statistics count every slot
        s = over_real_events(self.scores, h, t, mask) if self._fused else self.scores(h, t)
        w = self.weights(s, mask)
        return torch.einsum("bl,bld->bd", w, h if values is None else values), w

    def weights(self, s: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """raw scores [B, L], mask [B, L] -> the events' weights [B, L], 0 at padding."""
        if self.softmax:
            return masked_softmax(s, mask)
        # multiply, not just fill: the unit's bias would otherwise give padded slots weight
        return (F.softplus(s) if self.unit is not None else s) * mask


def over_real_events(score, h: torch.Tensor, t: torch.Tensor, mask: torch.Tensor,
                     groups: int = PACK_GROUPS) -> torch.Tensor:
    """score(h, t) -> [B, L], run only as far as each row's last real event.

    The unit costs the same on a padding slot as on an event, and long LastN windows and SIM's
    top K are mostly padding for light users (DIN at N = 200 and SIM-hard's K = 50 are 60 % and
    37 % events on the sample world). Rows are sorted by their extent (1 + the index of their last
    real event) and cut into `groups`, each scored up to its longest; the slots cut off score 0,
    which the mask discards. When that would save little, as for DIN's LastN = 50, one call."""
    rows, length = mask.shape
    if rows < 2 * groups:
        return score(h, t)
    extent = (mask * torch.arange(1, length + 1, device=mask.device)).amax(1)  # [B]
    ranked, order = extent.sort(descending=True)
    sizes = [len(part) for part in order.tensor_split(groups)]
    longest = [max(n, 1) for n in ranked[[0, *itertools.accumulate(sizes[:-1])]].tolist()]
    if sum(n * size for n, size in zip(longest, sizes, strict=True)) > PACK_WORTH * rows * length:
        return score(h, t)
    h, t = h.index_select(0, order), t.index_select(0, order)
    parts = [F.pad(score(part_h[:, :n], part_t), (0, length - n))
             for part_h, part_t, n in zip(h.split(sizes), t.split(sizes), longest, strict=True)]
    return torch.cat(parts).index_select(0, order.argsort())


def masked_softmax(s: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax over the unmasked events; an all-padding row (empty history), NaN otherwise, gets zeros."""
    return torch.softmax(s.masked_fill(~mask, float("-inf")), dim=-1).nan_to_num(0.0)
