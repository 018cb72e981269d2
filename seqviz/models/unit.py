"""DIN's activation unit with one PReLU hidden layer, as one autograd node with a hand-written backward.

    s = w2 . prelu(W1 [h, t, h - t, h * t] + b1) + b2        for every event h of every candidate t

The same mathematics as `mlp(4D, (H,), "prelu")` over the concatenation (`unit_scores_plain`; tests
check the two agree and run torch.autograd.gradcheck on this one), computed as a CPU step wants it:
- the [B, L, 4D] input is never built: W1 [h, t, h - t, h * t] + b1 = h (A + diag(t) P) + c(t),
  with A = (W_h + W_d)^T, P = W_p^T and c(t) = (W_t - W_d) t + b1, one [D, H] matrix per candidate;
- the pre-activation z is the only [B, L, H] tensor kept for the backward, which needs no bool
  tensor (see layers.prelu_slope).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .layers import prelu, prelu_slope


def first_layer(h, t, w1, b1):
    """The unit's first Linear over [h, t, h - t, h * t], without building that [B, L, 4D] input.

    h [B, L, D], t [B, D], w1 [H, 4D], b1 [H] -> z [B, L, H], and the per-candidate matrix
    A + diag(t) P [B, D, H] it multiplied h by (one batched matmul over the events)."""
    w_h, w_t, w_d, w_p = w1.split(h.shape[-1], dim=1)
    per_candidate = (w_h + w_d).T + t[:, :, None] * w_p.T  # [B, D, H]
    return torch.baddbmm(F.linear(t, w_t - w_d, b1)[:, None, :], h, per_candidate), per_candidate


class _ActivationUnit(torch.autograd.Function):
    @staticmethod
    def forward(ctx, h, t, w1, b1, alpha, w2, b2):
        # h [B, L, D], t [B, D], w1 [H, 4D], b1 [H], alpha [H], w2 [1, H], b2 [1] -> s [B, L]
        z, per_candidate = first_layer(h, t, w1, b1)
        ctx.save_for_backward(h, t, w1, alpha, w2, per_candidate, z)
        return torch.matmul(prelu(z, alpha), w2[0]) + b2

    @staticmethod
    def backward(ctx, grad_s):
        h, t, w1, alpha, w2, per_candidate, z = ctx.saved_tensors
        width = z.shape[-1]
        flat_grad, flat_z = grad_s.reshape(-1), z.reshape(-1, width)
        # prelu(z) = z + (alpha - 1) min(z, 0): w2's and alpha's gradients need no stored activation
        at_negative = flat_grad @ flat_z.clamp(max=0)  # [H]
        grad_w2 = (flat_grad @ flat_z + (alpha - 1) * at_negative)[None, :]
        grad_alpha = w2[0] * at_negative
        grad_z = prelu_slope(z, alpha).mul_(grad_s[..., None]).mul_(w2[0])  # [B, L, H]
        grad_h = torch.bmm(grad_z, per_candidate.transpose(1, 2))  # [B, L, D]
        grad_per = torch.bmm(h.transpose(1, 2), grad_z)  # [B, D, H]
        grad_c = grad_z.sum(1)  # [B, H]
        grad_a = grad_per.sum(0).T  # [H, D]: of W_h + W_d
        grad_p = torch.einsum("bd,bdh->hd", t, grad_per)  # [H, D]: of W_p
        grad_td = grad_c.T @ t  # [H, D]: of W_t - W_d
        _, w_t, w_d, w_p = w1.split(h.shape[-1], dim=1)
        grad_t = torch.einsum("bdh,hd->bd", grad_per, w_p) + grad_c @ (w_t - w_d)
        grad_w1 = torch.cat([grad_a, grad_td, grad_a - grad_td, grad_p], dim=1)
        return grad_h, grad_t, grad_w1, grad_c.sum(0), grad_alpha, grad_w2, grad_s.sum().reshape(1)


def unit_scores(h, t, w1, b1, alpha, w2, b2):
    """h [B, L, D], t [B, D] -> raw scores [B, L] (before the softplus that makes them weights)."""
    return _ActivationUnit.apply(h, t, w1, b1, alpha, w2, b2)


def unit_scores_plain(h, t, w1, b1, alpha, w2, b2):
    """The textbook formulation, for tests: the MLP over the concatenated [h, t, h - t, h * t]."""
    t = t[:, None, :].expand_as(h)
    z = F.linear(torch.cat([h, t, h - t, h * t], dim=-1), w1, b1)
    return F.linear(prelu(z, alpha), w2, b2).squeeze(-1)
