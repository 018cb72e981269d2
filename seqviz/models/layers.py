"""Building blocks shared by the models: activations and the MLP."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


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


class PReLU(nn.Module):
    """PReLU over the last dimension (torch's own treats dim 1 as channels, wrong for [B, L, H])."""

    def __init__(self, width: int):
        super().__init__()
        self.alpha = nn.Parameter(torch.full((width,), 0.25))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # torch's fused kernel, applied to a 2-D view whose dim 1 is our last dimension
        return F.prelu(x.reshape(-1, x.shape[-1]), self.alpha).reshape(x.shape)


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


def padded_embedding(n: int, dim: int) -> nn.Embedding:
    """n + 1 rows, row 0 the zero padding; small random rows (std 0.1) so that nothing starts
    out dominating what it is added to or scored against."""
    emb = nn.Embedding(n + 1, dim, padding_idx=0)
    nn.init.normal_(emb.weight, std=0.1)
    with torch.no_grad():
        emb.weight[0].zero_()
    return emb
