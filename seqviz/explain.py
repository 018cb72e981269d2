"""What each event a model read does to its prediction: leave it out and see.

An attention weight says how much of an event went into the pooled vector, not
what the head made of it; taking the event away and predicting again is faithful
to the model whatever its head does.
"""

from __future__ import annotations

import torch

from .history import History
from .models import Batch, SequenceModel


@torch.no_grad()
def leave_one_out(model: SequenceModel, batch: Batch, history: History,
                  **read_options) -> torch.Tensor:
    """[B, L] predicted click probability with every event read, minus the same with event j
    left out of what the model read (0 at padding). For SIM the search result stays as it
    was: the event is removed from the K it attends over, no other event takes its place."""
    model.eval()
    positions, mask = model.read(batch, history, **read_options)
    b, n = mask.shape
    full = torch.sigmoid(model.score(model.pool(batch, history, positions, mask)[0], batch.item))
    # row (i, j) of the repeated batch is impression i with slot j masked out: [B * L, L]
    drop = mask[:, None, :] & ~torch.eye(n, dtype=torch.bool, device=mask.device)[None]
    repeated = batch.repeat_interleave(n)
    pooled, _ = model.pool(repeated, history, positions.repeat_interleave(n, dim=0),
                           drop.reshape(b * n, n))
    without = torch.sigmoid(model.score(pooled, repeated.item)).reshape(b, n)
    return torch.where(mask, full[:, None] - without, 0.0)
