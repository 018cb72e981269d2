"""Target attention: weight each history event by its match with the candidate."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .layers import PReLU, mlp
from .unit import unit_scores

SCORERS = ("unit", "dot", "cosine")
# The unit's weights start at 1 for every event (sum pooling), and a softplus keeps them
# non-negative. The head can read the pooled vector either way round, so with the paper's
# free-signed output training may settle on the weights' sign-flipped copy: started near 0,
# 4 of 6 runs ended with weights uncorrelated or negatively correlated with the truth.
UNIT_START_WEIGHT = 1.0


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
            return self.unit[1:](self._unit_first_layer(h, t)).squeeze(-1)
        t = t[:, None, :].expand_as(h)
        if self.scorer == "dot":
            return (h * t).sum(-1)
        return F.cosine_similarity(h, t, dim=-1, eps=1e-8)

    def _unit_first_layer(self, h: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """The unit's first Linear over [h, t, h - t, h * t], without building that [B, L, 4D] input.

        W [h, t, h - t, h * t] + b = (W_h + W_d + W_p diag(t)) h + ((W_t - W_d) t + b): one small
        [D, H] matrix and one bias per candidate, then a single batched matmul over the events."""
        first = self.unit[0]
        w_h, w_t, w_d, w_p = first.weight.split(h.shape[-1], dim=1)
        per_candidate = (w_h + w_d).T + t[:, :, None] * w_p.T  # [B, D, H]
        bias = F.linear(t, w_t - w_d, first.bias)[:, None, :]  # [B, 1, H]
        return torch.baddbmm(bias, h, per_candidate)

    def forward(self, h: torch.Tensor, t: torch.Tensor, mask: torch.Tensor,
                values: torch.Tensor | None = None):
        """h [B, L, D], t [B, D], mask [B, L] -> pooled [B, D], weights [B, L].

        values [B, L, D]: what is pooled, when it is not h itself."""
        w = self.weights(self.scores(h, t), mask)
        return torch.einsum("bl,bld->bd", w, h if values is None else values), w

    def weights(self, s: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """raw scores [B, L], mask [B, L] -> the events' weights [B, L], 0 at padding."""
        if self.softmax:
            return masked_softmax(s, mask)
        # multiply, not just fill: the unit's bias would otherwise give padded slots weight
        return (F.softplus(s) if self.unit is not None else s) * mask


def masked_softmax(s: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax over the unmasked events; an all-padding row (empty history), NaN otherwise, gets zeros."""
    return torch.softmax(s.masked_fill(~mask, float("-inf")), dim=-1).nan_to_num(0.0)
