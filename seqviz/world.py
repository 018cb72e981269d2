"""A synthetic shopping world that knows the truth.

Every impression's click is drawn from a known probability built from the
relevance of each past event to the candidate:

    relevance_j = similarity(candidate, item_j) * decay(now - t_j)
    p(click)    = sigmoid(bias + w_pop * popularity + beta * log1p(sum_j relevance_j))

`decay` mixes a fast recency term (lives in the last few dozen events), a slow
long-term term, and a bump one year back (last winter's coats), so that
attention beats averaging, search over the full history beats LastN, and time
buckets beat no time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DAY = 86_400
SPAN_DAYS = 730
END_TIMESTAMP = 1_795_651_200  # 2026-11-27 00:00 UTC: "now" is early winter
START_TIMESTAMP = END_TIMESTAMP - SPAN_DAYS * DAY
LATENT_DIM = 16

# name, 中文, emoji; coat and scarf are neighbours in latent space (both winter wear)
CATEGORIES = [
    ("coat", "外套", "🧥"),
    ("cup", "杯子", "☕"),
    ("scarf", "围巾", "🧣"),
    ("sneakers", "运动鞋", "👟"),
    ("book", "书", "📚"),
    ("phone", "手机", "📱"),
    ("toy", "玩具", "🧸"),
    ("snack", "零食", "🍪"),
    ("plant", "绿植", "🪴"),
    ("sunglasses", "墨镜", "🕶️"),
]
WINTER = ("coat", "scarf")


@dataclass
class Truth:
    """The generating parameters: enough to recompute every relevance and probability."""

    item_vectors: np.ndarray  # [n_items + 1, LATENT_DIM], row 0 is padding
    item_popularity: np.ndarray  # [n_items + 1], standardised log popularity
    related_cos: float = 0.4  # below this cosine an event is irrelevant (relevance exactly 0)
    sharpness: float = 2.0
    recent_weight: float = 3.0
    recent_days: float = 3.0
    long_weight: float = 0.25
    long_days: float = 400.0
    year_weight: float = 1.5
    year_days: float = 365.0
    year_width_days: float = 25.0
    bias: float = -2.4
    popularity_weight: float = 0.3
    beta: float = 1.2

    def similarity(self, candidate: np.ndarray, event_items: np.ndarray) -> np.ndarray:
        """0 for unrelated items (a cup to a coat), ~0.3 for neighbours (scarf), ~0.5-1 same category."""
        cand = self.item_vectors[candidate]
        ev = self.item_vectors[event_items]
        cos = np.einsum("...d,...d->...", np.broadcast_to(cand[..., None, :], ev.shape), ev)
        return np.clip((cos - self.related_cos) / (1 - self.related_cos), 0, 1) ** self.sharpness

    def decay(self, age_days: np.ndarray) -> np.ndarray:
        return (
            self.recent_weight * np.exp(-age_days / self.recent_days)
            + self.long_weight * np.exp(-age_days / self.long_days)
            + self.year_weight
            * np.exp(-0.5 * ((age_days - self.year_days) / self.year_width_days) ** 2)
        )

    def relevance(self, candidate, time, event_items, event_times) -> np.ndarray:
        """candidate, time: [...]; event_items, event_times: [..., L] -> relevance [..., L].

        Padding (item 0) gets relevance 0."""
        candidate = np.asarray(candidate)
        age = (np.asarray(time)[..., None] - np.asarray(event_times)) / DAY
        rel = self.similarity(candidate, event_items) * self.decay(np.maximum(age, 0.0))
        return np.where(np.asarray(event_items) > 0, rel, 0.0)

    def probability(self, candidate, relevance_sum) -> np.ndarray:
        z = (
            self.bias
            + self.popularity_weight * self.item_popularity[candidate]
            + self.beta * np.log1p(relevance_sum)
        )
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_items(cls, items: pd.DataFrame, **params) -> Truth:
        """Rebuild from an items table with latent columns v0.. and popularity."""
        ids = items["item_id"].to_numpy()
        vectors = np.zeros((ids.max() + 1, LATENT_DIM))
        vectors[ids] = items[[f"v{d}" for d in range(LATENT_DIM)]].to_numpy()
        log_pop = np.log(items["popularity"].to_numpy())
        pop = np.zeros(ids.max() + 1)
        pop[ids] = (log_pop - log_pop.mean()) / log_pop.std()
        return cls(item_vectors=vectors, item_popularity=pop, **params)

    def to_meta(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not isinstance(v, np.ndarray)}


@dataclass
class World:
    """items, events (sorted by user then time), impressions, and what we know about them.

    items:       item_id (1..), category, popularity, price, [v0..v7 latent, synthetic worlds only]
    events:      user_id, item_id, category, timestamp (epoch seconds)
    impressions: user_id, timestamp, item_id, clicked, [true_prob, synthetic worlds only]
    """

    items: pd.DataFrame
    events: pd.DataFrame
    impressions: pd.DataFrame
    categories: list[str]
    meta: dict = field(default_factory=dict)
    truth: Truth | None = None

    @property
    def n_items(self) -> int:
        return int(self.items["item_id"].max())

    @property
    def n_users(self) -> int:
        return int(max(self.events["user_id"].max(), self.impressions["user_id"].max())) + 1

    @property
    def has_truth(self) -> bool:
        return self.truth is not None

    def item_category(self) -> np.ndarray:
        """[n_items + 1] category index per item id (padding row gets 0)."""
        cat = np.zeros(self.n_items + 1, dtype=np.int64)
        codes = pd.Categorical(self.items["category"], categories=self.categories).codes
        cat[self.items["item_id"].to_numpy()] = codes
        return cat

    def user_events(self, user: int) -> pd.DataFrame:
        lo, hi = np.searchsorted(self.events["user_id"].to_numpy(), [user, user + 1])
        return self.events.iloc[lo:hi]

    def demo_users(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.meta.get("demo_users", {}).items()}


def generate(seed: int = 0, users: int = 2000, items_per_category: int = 60,
             impressions_per_user: int = 120, median_events: float = 160.0) -> World:
    rng = np.random.default_rng(seed)
    n_cat = len(CATEGORIES)
    names = [c[0] for c in CATEGORIES]
    winter = [names.index(c) for c in WINTER]

    # --- items: category clusters in latent space
    # orthonormal centres, so unrelated categories have exactly no similarity; scarf sits near coat
    centres = np.linalg.qr(rng.normal(size=(LATENT_DIM, n_cat)))[0].T
    coat, scarf = names.index("coat"), names.index("scarf")
    centres[scarf] = 0.75 * centres[coat] + 0.66 * centres[scarf]
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    n_items = n_cat * items_per_category
    item_cat = np.repeat(np.arange(n_cat), items_per_category)
    vec = centres[item_cat] + 0.12 * rng.normal(size=(n_items, LATENT_DIM))
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    rank = np.tile(np.arange(1, items_per_category + 1), n_cat)
    popularity = 1.0 / rank**0.8
    popularity /= popularity.sum() / n_cat  # each category sums to 1
    price = np.round(np.exp(rng.normal(3.0 + 0.3 * (item_cat % 4), 0.4, size=n_items)), 2)
    item_ids = np.arange(1, n_items + 1)
    items = pd.DataFrame({"item_id": item_ids, "category": np.array(names)[item_cat],
                          "popularity": np.round(popularity, 6), "price": price})
    for d in range(LATENT_DIM):
        items[f"v{d}"] = np.round(vec[:, d], 5)
    truth = Truth.from_items(items)
    by_cat = [item_ids[item_cat == c] for c in range(n_cat)]
    pop_in_cat = [popularity[item_cat == c] for c in range(n_cat)]

    def pick_items(cats: np.ndarray) -> np.ndarray:
        out = np.empty(len(cats), dtype=np.int64)
        for c in np.unique(cats):
            sel = cats == c
            out[sel] = rng.choice(by_cat[c], size=sel.sum(), p=pop_in_cat[c])
        return out

    # --- users: long-term tastes, last winter's shopping, and what they browse this month
    demo = {"mia": 0, "leo": 1, "ana": 2, "sam": 3, "eva": 4}
    n_events = np.clip(rng.lognormal(np.log(median_events), 1.0, size=users), 20, 5000).astype(int)
    n_events[demo["leo"]] = 4000
    n_events[demo["ana"]] = 30
    n_events[demo["eva"]] = 200  # her LastN 50 is all this month's coats and cups
    ev_user, ev_cat, ev_day = [], [], []
    imp_user, imp_cat, imp_day = [], [], []
    imp_start = SPAN_DAYS - 56
    # (long-term taste, this month's interests, last winter's purchase)
    stories = {demo["mia"]: ("book", ("cup",), "coat"), demo["sam"]: ("sunglasses", ("phone",), None),
               demo["eva"]: ("plant", ("coat", "cup"), None)}
    for u in range(users):
        n = n_events[u]
        taste = rng.dirichlet(np.full(n_cat, 0.3))
        recent = rng.choice(n_cat, size=rng.integers(1, 3), replace=False)
        seasonal = rng.random() < 0.6
        season_cat = rng.choice(winter) if seasonal else -1
        if u in stories:  # the demo users' fixed stories
            main, now, season = stories[u]
            main, season = names.index(main), names.index(season) if season else -1
            taste, recent = np.eye(n_cat)[main] * 0.6 + 0.04, np.array([names.index(c) for c in now])
            seasonal, season_cat = season >= 0, season
        taste = taste / taste.sum()
        n_recent = max(3, int(0.3 * n))
        n_season = int(0.12 * n) + 6 if seasonal else 0
        n_bg = max(n - n_recent - n_season, 5)
        days = [rng.uniform(0, SPAN_DAYS, n_bg),
                SPAN_DAYS - rng.exponential(12.0, n_recent).clip(0, 60),
                rng.normal(SPAN_DAYS - 365 - 5, 14.0, n_season)]
        cats = [rng.choice(n_cat, n_bg, p=taste), rng.choice(recent, n_recent),
                np.full(n_season, season_cat)]
        ev_user.append(np.full(sum(map(len, days)), u))
        ev_day.extend(days)
        ev_cat.extend(cats)
        # candidates: a mix of what retrieval would surface for this user
        m = impressions_per_user
        src = rng.choice(4, size=m, p=[0.3, 0.2, 0.2, 0.3])
        c = np.where(src == 0, rng.choice(recent, m),
            np.where(src == 1, season_cat if seasonal else rng.choice(winter, m),
            np.where(src == 2, rng.choice(n_cat, m, p=taste), rng.integers(0, n_cat, m))))
        imp_user.append(np.full(m, u))
        imp_cat.append(c)
        imp_day.append(rng.uniform(imp_start, SPAN_DAYS, m))
    ev_user = np.concatenate(ev_user)
    ev_day = np.clip(np.concatenate(ev_day), 0, SPAN_DAYS - 1e-3)
    ev_cat = np.concatenate(ev_cat)
    events = pd.DataFrame({"user_id": ev_user, "item_id": pick_items(ev_cat),
                           "category": np.array(names)[ev_cat],
                           "timestamp": START_TIMESTAMP + (ev_day * DAY).astype(np.int64)})
    events = events.sort_values(["user_id", "timestamp"], kind="stable").reset_index(drop=True)
    imp_cat = np.concatenate(imp_cat)
    imp_ts = START_TIMESTAMP + (np.concatenate(imp_day) * DAY).astype(np.int64)
    impressions = pd.DataFrame({"user_id": np.concatenate(imp_user), "timestamp": imp_ts,
                                "item_id": pick_items(imp_cat)})
    impressions = impressions.sort_values(["user_id", "timestamp"], kind="stable").reset_index(drop=True)
    # an event at the very second of an impression is not history: nudge impressions one second later
    impressions["timestamp"] += 1

    prob = true_probabilities(truth, events, impressions)
    impressions["clicked"] = (rng.random(len(prob)) < prob).astype(np.int8)
    impressions["true_prob"] = np.round(prob, 6)
    meta = {"seed": seed, "users": users, "source": "synthetic",
            "demo_users": demo, "truth": truth.to_meta()}
    return World(items, events, impressions, names, meta, truth)


def true_probabilities(truth: Truth, events: pd.DataFrame, impressions: pd.DataFrame) -> np.ndarray:
    """Exact click probability of every impression, summing relevance over its full history."""
    ev_user = events["user_id"].to_numpy()
    ev_item = events["item_id"].to_numpy()
    ev_ts = events["timestamp"].to_numpy()
    imp_user = impressions["user_id"].to_numpy()
    imp_ts = impressions["timestamp"].to_numpy()
    imp_item = impressions["item_id"].to_numpy()
    total = np.zeros(len(impressions))
    ev_bounds = np.searchsorted(ev_user, np.arange(imp_user.max() + 2))
    imp_bounds = np.searchsorted(imp_user, np.arange(imp_user.max() + 2))
    for u in np.unique(imp_user):
        i0, i1 = imp_bounds[u], imp_bounds[u + 1]
        e0, e1 = ev_bounds[u], ev_bounds[u + 1]
        if e1 == e0:
            continue
        rel = truth.relevance(imp_item[i0:i1], imp_ts[i0:i1],
                              np.broadcast_to(ev_item[e0:e1], (i1 - i0, e1 - e0)),
                              ev_ts[e0:e1][None, :])
        rel = np.where(ev_ts[e0:e1][None, :] < imp_ts[i0:i1, None], rel, 0.0)
        total[i0:i1] = rel.sum(axis=1)
    return truth.probability(imp_item, total)
