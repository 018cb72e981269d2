"""LastN, hard search, soft search and time buckets read exactly the events they should."""

import numpy as np
import pytest
import torch

from seqviz.history import N_TIME_BUCKETS, TIME_BUCKET_EDGES, time_bucket
from seqviz.world import DAY


def impressions(ds, n=200):
    b, _ = ds["train"].take(torch.arange(n))
    return b


def test_lastn_is_newest_first_and_strictly_before(seed7_dataset):
    h, b = seed7_dataset.history, impressions(seed7_dataset)
    pos, mask = h.lastn(b.user, b.time, 30)
    ts = h.ts[pos.clamp(min=0)]
    assert (ts[mask] < b.time[:, None].expand_as(ts)[mask]).all()
    # newest first among valid slots, and padding only after the valid ones
    assert ((ts[:, :-1] >= ts[:, 1:]) | ~mask[:, 1:]).all()
    assert (mask[:, :-1] | ~mask[:, 1:]).all()
    # the slot right after the window's newest event is at or after the impression
    start, end = h.bounds(b.user, b.time)
    later = end < h.user_start[b.user + 1]
    assert (h.ts[end[later]] >= b.time[later]).all()


def test_hard_search_only_candidate_category_newest_first(seed7_dataset):
    h, b = seed7_dataset.history, impressions(seed7_dataset)
    pos, mask = h.hard_search(b.user, b.time, b.category, 5)
    cat, ts = h.cat[pos.clamp(min=0)], h.ts[pos.clamp(min=0)]
    assert (cat[mask] == b.category[:, None].expand_as(cat)[mask]).all()
    assert (ts[mask] < b.time[:, None].expand_as(ts)[mask]).all()
    assert ((ts[:, :-1] >= ts[:, 1:]) | ~mask[:, 1:]).all()
    assert (pos[~mask] == -1).all()


def test_hard_search_handles_fewer_than_k_and_matches_a_scan(seed7_dataset):
    h, b = seed7_dataset.history, impressions(seed7_dataset, 50)
    k = 400
    pos, mask = h.hard_search(b.user, b.time, b.category, k)
    for i in range(len(b)):
        lo, hi = h.bounds(b.user[i:i + 1], b.time[i:i + 1])
        scan = [p for p in range(hi.item() - 1, lo.item() - 1, -1) if h.cat[p] == b.category[i]][:k]
        assert pos[i][mask[i]].tolist() == scan
    assert (~mask).any()  # some candidates have fewer than K events of their category


@pytest.mark.parametrize("chunk", [3, 64, 4096])
def test_soft_search_returns_the_true_top_k_whatever_the_chunk(seed7_dataset, chunk):
    h, b = seed7_dataset.history, impressions(seed7_dataset, 40)
    table = torch.randn(seed7_dataset.n_items + 1, 8, generator=torch.Generator().manual_seed(0))
    pos, mask = h.soft_search(b.user, b.time, table[b.item], table, 10, chunk=chunk)
    for i in range(len(b)):
        lo, hi = h.bounds(b.user[i:i + 1], b.time[i:i + 1])
        scores = table[h.item[lo.item():hi.item()]] @ table[b.item[i]]
        got = table[h.item[pos[i][mask[i]]]] @ table[b.item[i]]
        # compare scores, not positions: an item bought twice ties with itself
        want = torch.topk(scores, min(10, len(scores))).values
        assert torch.allclose(got.sort().values, want.sort().values)
        assert len(set(pos[i][mask[i]].tolist())) == len(got)  # no event picked twice


def test_time_buckets_are_log_scale_with_zero_kept_for_padding():
    hour = 3600.0
    ages = torch.tensor([0.0, 59 * 60, hour, 1.6 * hour, 1 * DAY, 365 * DAY, 5000 * DAY])
    b = time_bucket(ages)
    assert b.min() >= 1 and b.max() == N_TIME_BUCKETS
    assert b[0] == b[1] == 1 and b[2] == 2
    assert (b[1:] >= b[:-1]).all()
    # each bucket's range matches the published edges, which grow by a constant ratio
    edges = TIME_BUCKET_EDGES[1:-1]
    assert np.allclose(edges[1:] / edges[:-1], edges[1] / edges[0])
    mids = torch.tensor(np.sqrt(edges[1:] * edges[:-1]))
    assert time_bucket(mids).tolist() == list(range(2, len(edges) + 1))
