"""Users' behaviour histories as flat tensors, and the ways models read them.

All events live in one array sorted by (user, time). A user's history before
time t is a contiguous slice ending at searchsorted(user_key, user*S + t), so
LastN, hard search and soft search are gathers, never Python loops over users.

Every reader returns `positions` [B, L] (indices into the flat event arrays,
-1 for padding) and `mask` [B, L]; models turn positions into items and times.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import torch

from .world import DAY, World

# Log-scale time buckets over the age of an event (candidate time - event time).
# Bucket 0 is padding; bucket b >= 1 holds ages in [EDGES[b-1], EDGES[b]).
N_TIME_BUCKETS = 24
_MIN_AGE, _MAX_AGE = 3600.0, 1000 * DAY
TIME_BUCKET_EDGES = np.concatenate(
    [[0.0], np.geomspace(_MIN_AGE, _MAX_AGE, N_TIME_BUCKETS - 1), [np.inf]]
)


def time_bucket(age_seconds: torch.Tensor) -> torch.Tensor:
    """Age in seconds -> bucket in 1..N_TIME_BUCKETS (0 is kept for padding)."""
    ratio = math.log(_MAX_AGE / _MIN_AGE) / (N_TIME_BUCKETS - 2)
    b = torch.floor(torch.log(age_seconds.clamp(min=1.0) / _MIN_AGE) / ratio) + 2
    return torch.where(age_seconds < _MIN_AGE, torch.ones_like(b), b).clamp(1, N_TIME_BUCKETS).long()


def bucket_table() -> pd.DataFrame:
    """One row per time bucket (1..N_TIME_BUCKETS): its age range in days and a representative age.

    The last bucket is open-ended; its representative age is its lower edge."""
    lo, hi = TIME_BUCKET_EDGES[:-1] / DAY, TIME_BUCKET_EDGES[1:] / DAY
    # geometric middle on a log axis; the first bucket starts at 0, the last never ends
    mid = np.where(lo > 0, np.sqrt(lo * np.where(np.isinf(hi), lo, hi)), hi / 2)
    return pd.DataFrame({"bucket": np.arange(1, len(lo) + 1), "lo_days": lo, "hi_days": hi, "mid_days": mid})


class History:
    """Flat, device-resident event log with a per-user category index."""

    def __init__(self, events: pd.DataFrame, categories: list[str], n_users: int,
                 device: torch.device | str = "cpu"):
        """events: user_id, item_id, category, timestamp, sorted by (user, time); n_users: above every
        user id. A part of a world's events (one user's last N, say) indexes as a world's would."""
        ev = events
        self.device = torch.device(device)
        self.n_categories = len(categories)
        self.n_users = n_users
        user = ev["user_id"].to_numpy().astype(np.int64)
        ts = ev["timestamp"].to_numpy().astype(np.int64)
        cat = pd.Categorical(ev["category"], categories=categories).codes.astype(np.int64)
        self._ts_base = int(ts.min()) if len(ts) else 0
        self._ts_span = int(max(ts.max() - self._ts_base, 0) + 1) if len(ts) else 1
        rel_ts = ts - self._ts_base
        user_key = user * self._ts_span + rel_ts
        # (user, category, time) order for hard search
        cat_key = (user * self.n_categories + cat) * self._ts_span + rel_ts
        cat_perm = np.argsort(cat_key, kind="stable")
        t = lambda a: torch.as_tensor(a, device=self.device)  # noqa: E731
        self.item = t(ev["item_id"].to_numpy().astype(np.int64))
        self.cat = t(cat)
        self.ts = t(ts)
        self.user_key = t(user_key)
        self.cat_key = t(cat_key[cat_perm])
        self.cat_perm = t(cat_perm)
        self._cooccurrence: dict[tuple, torch.Tensor] = {}
        self.user_start = t(np.searchsorted(user, np.arange(self.n_users + 1)).astype(np.int64))

    @classmethod
    def of_world(cls, world: World, device: torch.device | str = "cpu") -> History:
        return cls(world.events, world.categories, world.n_users, device)

    def __len__(self) -> int:
        return len(self.item)

    # --- where a user's history before `time` ends
    def _rel(self, time: torch.Tensor) -> torch.Tensor:
        return (time.to(self.device).long() - self._ts_base).clamp(0, self._ts_span)

    def bounds(self, user: torch.Tensor, time: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """[B] start and end (exclusive) of each user's events strictly before `time`."""
        user = user.to(self.device).long()
        end = torch.searchsorted(self.user_key, user * self._ts_span + self._rel(time))
        return self.user_start[user], end

    def length(self, user: torch.Tensor, time: torch.Tensor) -> torch.Tensor:
        start, end = self.bounds(user, time)
        return end - start

    def lastn(self, user: torch.Tensor, time: torch.Tensor, n: int):
        """The N most recent events before `time`, newest first: positions [B, N], mask [B, N]."""
        start, end = self.bounds(user, time)
        pos = end[:, None] - 1 - torch.arange(n, device=self.device)
        mask = pos >= start[:, None]
        return torch.where(mask, pos, -1), mask

    def hard_search(self, user: torch.Tensor, time: torch.Tensor, category: torch.Tensor, k: int):
        """GSU hard search: the K most recent events of the candidate's category, newest first.

        Two binary searches in the (user, category, time) index: cost is independent of N."""
        user = user.to(self.device).long()
        block = (user * self.n_categories + category.to(self.device).long()) * self._ts_span
        lo = torch.searchsorted(self.cat_key, block)
        hi = torch.searchsorted(self.cat_key, block + self._rel(time))
        idx = hi[:, None] - 1 - torch.arange(k, device=self.device)
        mask = idx >= lo[:, None]
        pos = self.cat_perm[idx.clamp(min=0)]
        return torch.where(mask, pos, -1), mask

    def soft_search(self, user: torch.Tensor, time: torch.Tensor, query: torch.Tensor,
                    item_embedding: torch.Tensor, k: int, chunk: int = 256, recency: float = 0.0,
                    min_score: float = -math.inf, bucket_score: torch.Tensor | None = None,
                    category_score: tuple[torch.Tensor, torch.Tensor] | None = None):
        """GSU soft search: top-K events by inner product <e_event, query>, over the whole history.

        `recency` subtracts recency * log1p(age in days) / log1p(1000) from each score: a
        small value only breaks near-ties between equally similar events in favour of the
        newest, as hard search's "most recent K" does. Events scoring below `min_score`
        are never selected: kNN always finds K neighbours, but an empty slot beats noise.
        `bucket_score` [N_TIME_BUCKETS + 1] adds a score per time bucket of each event (TWIN's bias);
        `category_score` (candidate categories [B], a score per time bucket [N_TIME_BUCKETS + 1]) adds
        the score of its bucket to each event of the candidate's category.
        query [B, D]; item_embedding [n_items+1, D]. Scans the history in chunks
        with a running top-K, so memory is O(B * (K + chunk + n_items)) whatever N is.
        Returned newest first among the selected."""
        start, end = self.bounds(user, time)
        length = end - start
        n_max = int(length.max().item()) if len(start) else 0
        b = len(start)
        # with a small catalogue, score every item once and look scores up per event
        table = query @ item_embedding.T if item_embedding.shape[0] <= 50_000 else None
        best_score = torch.full((b, k), -math.inf, device=self.device)
        best_pos = torch.full((b, k), -1, dtype=torch.long, device=self.device)
        for offset in range(0, max(n_max, 1), chunk):
            width = min(chunk, max(n_max - offset, 0))
            if width == 0:
                break
            # only the rows whose history is longer than `offset`: in a batch, long ones are few
            rows = torch.nonzero(length > offset).squeeze(1)
            pos = end[rows, None] - 1 - offset - torch.arange(width, device=self.device)
            valid = pos >= start[rows, None]
            pos = torch.where(valid, pos, -1)
            items = self.item[pos.clamp(min=0)]  # [rows, width]
            if table is not None:
                score = table[rows].gather(1, items)
            else:
                score = torch.einsum("bwd,bd->bw", item_embedding[items], query[rows])
            if recency or bucket_score is not None or category_score is not None:
                age = time.to(self.device)[rows, None] - self.ts[pos.clamp(min=0)]
            if bucket_score is not None or category_score is not None:
                bucket = time_bucket(age.float())
            if recency:
                score = score - recency * torch.log1p((age / DAY).clamp(min=0)) / math.log1p(1000)
            if bucket_score is not None:
                score = score + bucket_score[bucket]
            if category_score is not None:
                wanted, bonus = category_score
                same = self.cat[pos.clamp(min=0)] == wanted.to(self.device)[rows, None]
                score = score + bonus[bucket] * same
            score = score.masked_fill(~valid | (score < min_score), -math.inf)
            all_score = torch.cat([best_score[rows], score], 1)
            all_pos = torch.cat([best_pos[rows], pos], 1)
            # a stable sort, not topk: among equal scores the earlier column wins, and the columns run
            # newest first (kept ones come from newer chunks), so ties go to the newest event
            top_score, top = torch.sort(all_score, dim=1, descending=True, stable=True)
            top_score, top = top_score[:, :k], top[:, :k]
            best_score[rows] = top_score
            best_pos[rows] = all_pos.gather(1, top)
        mask = best_score > -math.inf
        best_pos = torch.where(mask, best_pos, -1)
        # newest first (larger position = later event within a user's slice)
        order = best_pos.argsort(dim=1, descending=True)
        return best_pos.gather(1, order), mask.gather(1, order)

    def cooccurrence_embedding(self, n_items: int, before: int, dim: int = 16,
                               window: int = 5) -> torch.Tensor:
        """Item vectors from behaviour alone, for soft search: SVD of the PPMI matrix of items
        that follow each other within `window` events of one user, events before `before` only.

        SIM trains its search embeddings apart from the ranking model; these need no labels,
        so they are ready before training starts and do not drift with it. -> [n_items+1, dim],
        rows unit length (row 0 is padding, zero)."""
        key = (n_items, before, dim, window)
        if key not in self._cooccurrence:  # several SIM models share one History
            self._cooccurrence[key] = self._cooccurrence_embedding(*key)
        return self._cooccurrence[key]

    def _cooccurrence_embedding(self, n_items, before, dim, window) -> torch.Tensor:
        from scipy.sparse import coo_matrix
        from scipy.sparse.linalg import svds

        item = self.item.cpu().numpy()
        keep = self.ts.cpu().numpy() < before
        user = np.repeat(np.arange(self.n_users), np.diff(self.user_start.cpu().numpy()))
        rows, cols = [], []
        for lag in range(1, window + 1):
            same = (user[lag:] == user[:-lag]) & keep[lag:] & keep[:-lag]
            rows += [item[:-lag][same], item[lag:][same]]
            cols += [item[lag:][same], item[:-lag][same]]
        n = n_items + 1
        counts = coo_matrix((np.ones(sum(map(len, rows))), (np.concatenate(rows), np.concatenate(cols))),
                            shape=(n, n)).tocsr()
        counts.sum_duplicates()
        total = counts.sum()
        row_sum = np.asarray(counts.sum(1)).ravel()
        coo = counts.tocoo()
        pmi = np.log(coo.data * total / (row_sum[coo.row] * row_sum[coo.col]))
        ppmi = coo_matrix((np.maximum(pmi, 0), (coo.row, coo.col)), shape=(n, n)).tocsr()
        k = min(dim, n - 2)
        u, sv, _ = svds(ppmi.astype(np.float64), k=k, random_state=0) if k > 0 else (np.zeros((n, 0)), [], 0)
        vec = np.zeros((n, dim))
        vec[:, :k] = u * np.sqrt(sv)
        vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        vec[0] = 0
        return torch.as_tensor(vec, dtype=torch.float32, device=self.device)

    def items(self, positions: torch.Tensor) -> torch.Tensor:
        """positions [B, L] -> item ids [B, L] (0 at padding)."""
        return torch.where(positions >= 0, self.item[positions.clamp(min=0)], 0)

    def gather(self, positions: torch.Tensor, time: torch.Tensor):
        """positions [B, L] -> item ids [B, L] (0 at padding) and time buckets [B, L] (0 at padding)."""
        safe = positions.clamp(min=0)
        age = (time.to(self.device)[:, None] - self.ts[safe]).float()
        buckets = torch.where(positions >= 0, time_bucket(age), 0)
        return self.items(positions), buckets
