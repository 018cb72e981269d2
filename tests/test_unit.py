"""The training step's hand-written backwards compute the plain formulation's gradients."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from seqviz.models import TargetAttention
from seqviz.models.layers import Dice, PReLU, padded_embedding, weighted_bag
from seqviz.models.unit import unit_scores, unit_scores_plain


def unit_inputs(b=3, length=5, d=4, width=6, seed=0):
    gen = torch.Generator().manual_seed(seed)
    shapes = [(b, length, d), (b, d), (width, 4 * d), (width,), (width,), (1, width), (1,)]
    tensors = [torch.randn(s, generator=gen, dtype=torch.float64) for s in shapes]
    tensors[4] = tensors[4].abs() / 2  # PReLU slopes in [0, 1)
    return [x.requires_grad_() for x in tensors]


def test_unit_backward_passes_gradcheck():
    assert torch.autograd.gradcheck(unit_scores, unit_inputs())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unit_equals_the_mlp_over_the_concatenated_input(seed):
    inputs = unit_inputs(b=4, length=7, d=8, width=10, seed=seed)
    fused, plain = unit_scores(*inputs), unit_scores_plain(*inputs)
    assert torch.allclose(fused, plain, atol=1e-12)
    grad = torch.randn(fused.shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    expected = torch.autograd.grad(plain, inputs, grad)
    for mine, reference in zip(torch.autograd.grad(fused, inputs, grad), expected, strict=True):
        assert torch.allclose(mine, reference, atol=1e-10)


def test_attention_takes_the_fused_unit_only_where_it_is_the_papers_unit():
    torch.manual_seed(0)
    h, t, mask = torch.randn(3, 5, 8), torch.randn(3, 8), torch.ones(3, 5, dtype=torch.bool)
    att = TargetAttention(8, "unit")
    assert att._fused
    pooled, _ = att(h, t, mask)
    att._fused = False  # the generic path through nn.Sequential
    assert torch.allclose(pooled, att(h, t, mask)[0], atol=1e-5)
    assert not TargetAttention(8, "unit", act="dice")._fused
    assert not TargetAttention(8, "unit", hidden=(36, 18))._fused
    assert isinstance(TargetAttention(8, "unit", act="dice").unit[1], Dice)


def test_prelu_gradients_are_torchs():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(4, 7, 5, generator=gen, dtype=torch.float64, requires_grad=True)
    layer = PReLU(5).double()
    alpha = layer.alpha.detach().requires_grad_()
    with_alpha = lambda x, a: torch.func.functional_call(layer, {"alpha": a}, (x,))  # noqa: E731
    assert torch.autograd.gradcheck(with_alpha, (x, alpha))
    out = layer(x)
    reference = F.prelu(x.reshape(-1, 5), layer.alpha).reshape(x.shape)
    assert torch.equal(out, reference)
    grad = torch.randn(out.shape, generator=gen, dtype=torch.float64)
    mine = torch.autograd.grad(out, (x, layer.alpha), grad)
    theirs = torch.autograd.grad(reference, (x, layer.alpha), grad)
    for a, b in zip(mine, theirs, strict=True):
        assert torch.allclose(a, b, atol=1e-12)


def test_embedding_gradient_is_torchs_and_padding_never_learns():
    torch.manual_seed(0)
    mine = padded_embedding(9, 4)
    theirs = nn.Embedding(10, 4, padding_idx=0)
    theirs.weight.data.copy_(mine.weight.data)
    ids = torch.tensor([[3, 3, 0, 9], [1, 0, 0, 3]])
    grad = torch.randn(2, 4, 4)
    assert torch.equal(mine(ids), theirs(ids))
    mine(ids).backward(grad)
    theirs(ids).backward(grad)
    assert torch.allclose(mine.weight.grad, theirs.weight.grad, atol=1e-6)
    assert (mine.weight.grad[0] == 0).all() and (mine.weight.grad[3] != 0).all()


@pytest.mark.parametrize("rows", [9, 2000])  # a table small beside the window (histogram), and large
def test_weighted_bag_is_the_weighted_sum_of_embeddings(rows):
    torch.manual_seed(0)
    emb = padded_embedding(rows - 1, 4)
    ids = torch.randint(1, rows, (6, 20))
    ids[:, 12:] = 0  # padding, weighed 0 as AvgPool weighs it
    ids[0, :4] = ids[0, 4]  # an item seen several times
    weights = (ids > 0).float() / 12
    grad = torch.randn(6, 4)
    out = weighted_bag(emb, ids, weights)
    (mine,) = torch.autograd.grad(out, emb.weight, grad)
    reference = (weights[..., None] * emb.weight[ids]).sum(1)
    (theirs,) = torch.autograd.grad(reference, emb.weight, grad)
    assert torch.allclose(out, reference, atol=1e-6) and torch.allclose(mine, theirs, atol=1e-6)
    assert (mine[0] == 0).all() and (mine[ids[0, 0]] != 0).all()
