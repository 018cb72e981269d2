"""One user's recent history as a History of its own, and what a SIM attends to in it.

The SIM and Time buckets lessons run the model's real search (GSU) and attention (ESU) on exactly
this window; "full attention" is the same model with search='all' over the same window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from ..history import History
from ..models import SIM, Batch
from ..world import World


@dataclass
class Window:
    """One user's last N events before `now`; row i of `events` is position i in `history`."""

    history: History
    events: pd.DataFrame  # user_id, item_id, category, timestamp; oldest first
    user: int
    now: int

    def __len__(self) -> int:
        return len(self.events)


def search_window(world: World, user: int, now: int, n: int) -> Window:
    """The last n events of `user` before `now` (all of them if there are fewer)."""
    events = world.user_events(user)
    events = events[events["timestamp"].to_numpy() < now].iloc[-max(int(n), 1):].reset_index(drop=True)
    return Window(History(events, world.categories, world.n_users), events, user, int(now))


def candidate(window: Window, items: list[int], categories: list[int]) -> Batch:
    """The window's user at its `now`, facing each of `items` (with their category indices)."""
    return Batch.for_user(window.user, window.now, items, categories, window.history.device)


@dataclass
class Attended:
    """What one model run read: window positions (oldest first), their weights, the user vector."""

    positions: np.ndarray  # [L] rows of window.events
    weights: np.ndarray  # [L]
    user_vector: np.ndarray  # [D]


@torch.no_grad()
def attend(model: SIM, window: Window, item: int, category: int, search: str | None = None,
           k: int | None = None) -> Attended:
    """Run the model for one candidate; search None uses the model's own GSU, 'all' is full attention."""
    out = model(candidate(window, [item], [category]), window.history, search=search, k=k)
    keep = out.mask[0].cpu().numpy()
    positions = out.positions[0].cpu().numpy()[keep]
    weights = out.weights[0].float().cpu().numpy()[keep]
    order = np.argsort(positions)
    return Attended(positions[order], weights[order], out.user_vector[0].cpu().numpy())
