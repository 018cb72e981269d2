"""Building blocks shared by the models: activations and the MLP."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

# weighted_bag builds the histogram when the table has at most this many rows per window slot
# (beyond it, filling and multiplying [B, rows] costs more than gathering [B, L, D])
BAG_ROWS_PER_EVENT = 16


class Dice(nn.Module):
    """DIN's data-adaptive activation: a PReLU whose kink follows the batch statistics.

    p = sigmoid(batchnorm(x)); out = p * x + (1 - p) * alpha * x
    """

    def __init__(self, width: int, eps: float = 1e-8):
        super().__init__()
        self.bn = nn.BatchNorm1d(width, affine=False, eps=eps)
        self.alpha = nn.Parameter(torch.zeros(width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        p = torch.sigmoid(self.bn(x.reshape(-1, shape[-1]))).reshape(shape)
        return p * x + (1 - p) * self.alpha * x


def prelu(x: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """PReLU over the last dimension: torch's kernel on a 2-D view (its own treats dim 1 as channels,
    wrong for [B, L, H])."""
    return F.prelu(x.reshape(-1, x.shape[-1]), alpha).reshape(x.shape)


def prelu_slope(x: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """d prelu(x) / dx: 1 where x > 0, alpha elsewhere (a new tensor shaped as x).

    Built from sign and clamp because on a CPU every elementwise op that touches a bool tensor
    (where, masked_fill, a multiply by x > 0) runs about 40x slower at [B, L, H] than one on floats;
    torch's own PReLU backward is as slow, and at [512, 50, 36] costs more than the whole unit."""
    return torch.sign(x).clamp_(min=0).mul_(1 - alpha).add_(alpha)


class _PReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, alpha):
        ctx.save_for_backward(x, alpha)
        return prelu(x, alpha)

    @staticmethod
    def backward(ctx, grad):
        x, alpha = ctx.saved_tensors
        grad_alpha = (grad * x.clamp(max=0)).reshape(-1, x.shape[-1]).sum(0)
        return prelu_slope(x, alpha).mul_(grad), grad_alpha


class PReLU(nn.Module):
    """max(x, 0) + alpha * min(x, 0), one alpha per unit of the last dimension."""

    def __init__(self, width: int):
        super().__init__()
        self.alpha = nn.Parameter(torch.full((width,), 0.25))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _PReLU.apply(x, self.alpha)


def activation(name: str, width: int) -> nn.Module:
    if name == "dice":
        return Dice(width)
    if name == "prelu":
        return PReLU(width)
    raise ValueError(f"unknown activation {name!r}: choose prelu or dice")


def mlp(in_dim: int, hidden: tuple[int, ...], act: str, out_dim: int = 1) -> nn.Sequential:
    layers: list[nn.Module] = []
    for width in hidden:
        layers += [nn.Linear(in_dim, width), activation(act, width)]
        in_dim = width
    layers.append(nn.Linear(in_dim, out_dim))
    return nn.Sequential(*layers)


class _Lookup(torch.autograd.Function):
    """weight[ids] whose backward adds rows with index_add_: on a CPU torch's embedding backward
    sorts the ids first and took 5x as long for a batch of LastN ids (1.2 ms against 0.23 ms)."""

    @staticmethod
    def forward(ctx, ids, weight, padding):
        ctx.save_for_backward(ids)
        ctx.rows, ctx.padding = weight.shape[0], padding
        return weight.index_select(0, ids.reshape(-1)).reshape(*ids.shape, weight.shape[1])

    @staticmethod
    def backward(ctx, grad):
        (ids,) = ctx.saved_tensors
        flat = grad.reshape(-1, grad.shape[-1])
        grad_weight = flat.new_zeros(ctx.rows, flat.shape[1]).index_add_(0, ids.reshape(-1), flat)
        if ctx.padding:
            grad_weight[0] = 0  # the padding row never learns
        return None, grad_weight, None


def lookup(ids: torch.Tensor, table: torch.Tensor) -> torch.Tensor:
    """table[ids] for any [rows, D] table, every row learning (PaddedEmbedding's row 0 does not)."""
    return _Lookup.apply(ids, table, False)


class PaddedEmbedding(nn.Embedding):
    """nn.Embedding with row 0 as padding, looked up through _Lookup."""

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return _Lookup.apply(ids, self.weight, True)


def weighted_bag(embedding: nn.Embedding, ids: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """sum_j weights[b, j] * embedding(ids[b, j]): ids, weights [B, L] -> [B, D].

    When the table is small beside the window (the sample world's 601 rows against LastN = 200), as
    the rows' weighted item histogram [B, rows] times the table: one matmul each way and no [B, L, D]
    tensor, 6x faster there; a padding slot's weight is 0, so row 0 gets no gradient either way."""
    rows = embedding.weight.shape[0]
    if rows > BAG_ROWS_PER_EVENT * ids.shape[1]:
        return (weights[..., None] * embedding(ids)).sum(1)
    histogram = weights.new_zeros(len(ids), rows).scatter_add_(1, ids, weights)
    return histogram @ embedding.weight


def padded_embedding(n: int, dim: int) -> nn.Embedding:
    """n + 1 rows, row 0 the zero padding; small random rows (std 0.1) so that nothing starts
    out dominating what it is added to or scored against."""
    emb = PaddedEmbedding(n + 1, dim, padding_idx=0)
    nn.init.normal_(emb.weight, std=0.1)
    with torch.no_grad():
        emb.weight[0].zero_()
    return emb
