"""SENet field reweighting inside a two-tower model (Hu et al., 2018; FiBiNET, Huang et al., 2019).

A tower cannot attend to the candidate, but it can still learn which of its own
feature fields matter: squeeze each field embedding to one number, pass those
through a small bottleneck MLP, and rescale every field by the weight that comes
out. The weights depend only on the tower's own input, so the user tower stays
computable once per user, whatever the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .layers import mlp

# the user tower's fields: average item vector of the last n events, for each n
USER_AVERAGE_N = (10, 100, 1000)
USER_FIELDS = tuple(f"last{n}_avg" for n in USER_AVERAGE_N)
ITEM_FIELDS = ("item", "category", "price", "popularity")


class SENet(nn.Module):
    """[B, F, D] fields -> reweighted fields [B, F, D], weights [B, F] in (0, 2); 1 leaves a field as is."""

    def __init__(self, n_fields: int, reduction: int = 2):
        super().__init__()
        squeezed = max(n_fields // reduction, 1)
        self.excite = nn.Sequential(nn.Linear(n_fields, squeezed), nn.ReLU(), nn.Linear(squeezed, n_fields))

    def forward(self, fields: torch.Tensor):
        weights = 2 * torch.sigmoid(self.excite(fields.mean(-1)))
        return fields * weights[..., None], weights


@dataclass
class TwoTowerOutput:
    logit: torch.Tensor  # [B]
    user_weights: torch.Tensor  # [B, len(USER_FIELDS)]
    item_weights: torch.Tensor  # [B, len(ITEM_FIELDS)]


class SENetTwoTower(nn.Module):
    """User tower: the average item vector of the last 10, 100 and 1000 events (given precomputed,
    from a frozen item embedding, so that training takes seconds).
    Item tower: item id, category, price bucket, popularity bucket.
    Each tower reweights its fields with its own SENet; the score is <user, item> + bias.

    item_category, price_bucket, popularity_bucket: [n_items + 1] integer tables."""

    def __init__(self, n_items: int, item_category: torch.Tensor, price_bucket: torch.Tensor,
                 popularity_bucket: torch.Tensor, user_dim: int = 16, dim: int = 16):
        super().__init__()
        self.register_buffer("item_category", item_category.long())
        self.register_buffer("price_bucket", price_bucket.long())
        self.register_buffer("popularity_bucket", popularity_bucket.long())
        self.item_emb = nn.Embedding(n_items + 1, dim, padding_idx=0)
        self.category_emb = nn.Embedding(int(item_category.max()) + 1, dim)
        self.price_emb = nn.Embedding(int(price_bucket.max()) + 1, dim)
        self.popularity_emb = nn.Embedding(int(popularity_bucket.max()) + 1, dim)
        for emb in (self.item_emb, self.category_emb, self.price_emb, self.popularity_emb):
            nn.init.normal_(emb.weight, std=0.1)
        self.user_senet = SENet(len(USER_FIELDS))
        self.item_senet = SENet(len(ITEM_FIELDS))
        self.user_mlp = mlp(len(USER_FIELDS) * user_dim, (32,), "prelu", out_dim=dim)
        self.item_mlp = mlp(len(ITEM_FIELDS) * dim, (32,), "prelu", out_dim=dim)
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, user_fields: torch.Tensor, item: torch.Tensor) -> TwoTowerOutput:
        """user_fields [B, len(USER_FIELDS), user_dim]; item [B] candidate ids."""
        item_fields = torch.stack([self.item_emb(item), self.category_emb(self.item_category[item]),
                                   self.price_emb(self.price_bucket[item]),
                                   self.popularity_emb(self.popularity_bucket[item])], dim=1)
        user_fields, user_weights = self.user_senet(user_fields)
        item_fields, item_weights = self.item_senet(item_fields)
        user = self.user_mlp(user_fields.flatten(1))
        item_vec = self.item_mlp(item_fields.flatten(1))
        return TwoTowerOutput((user * item_vec).sum(-1) + self.bias, user_weights, item_weights)
