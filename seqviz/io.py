"""Reading and writing worlds and behaviour logs as CSV, and model weights safely.

A world folder holds items.csv, events.csv, impressions.csv (each may be
gzipped: items.csv.gz ...) and meta.json. The same loader reads a user's own
log in that schema; columns it does not know are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import torch

from .models import ModelConfig, SequenceModel, build_model
from .world import LATENT_DIM, Truth, World

EVENT_COLUMNS = ("user_id", "item_id", "category", "timestamp")
IMPRESSION_COLUMNS = ("user_id", "timestamp", "item_id", "clicked")  # the order impressions.csv is written in
ITEM_COLUMNS = ("item_id", "category")


class DataError(ValueError):
    """Data that cannot be used, with a message that says what, where and how to fix it."""


def find_csv(folder: Path, name: str) -> Path | None:
    """folder/name, or else folder/name.gz; None when neither is a file."""
    for path in (folder / name, folder / f"{name}.gz"):
        if path.is_file():
            return path
    return None


def _read_csv(folder: Path, name: str, required: tuple[str, ...], optional: bool = False):
    path = find_csv(folder, name)
    if path is None:
        if optional:
            return None
        raise DataError(f"{folder}: no {name} (or {name}.gz) found")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as e:
        raise DataError(f"{path.name}: cannot be read as CSV ({type(e).__name__}: {e})") from e
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError(f"{path.name}: missing column(s) {', '.join(missing)}; "
                        f"found {', '.join(map(str, df.columns))}")
    return df


def save_world(world: World, folder: str | Path, compress: bool = False) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".csv.gz" if compress else ".csv"
    for name in ("items", "events", "impressions"):
        old = [folder / f"{name}.csv", folder / f"{name}.csv.gz"]
        for p in old:
            p.unlink(missing_ok=True)
        getattr(world, name).to_csv(folder / f"{name}{suffix}", index=False)
    meta = {**world.meta, "categories": world.categories}
    (folder / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False))
    return folder


def load_world(folder: str | Path) -> World:
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; give a folder with events.csv and impressions.csv")
    events = _read_csv(folder, "events.csv", EVENT_COLUMNS)
    impressions = _read_csv(folder, "impressions.csv", IMPRESSION_COLUMNS)
    items = _read_csv(folder, "items.csv", ITEM_COLUMNS, optional=True)
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {"source": "imported"}
    return world_from_frames(events, impressions, items, meta)


def world_from_frames(events: pd.DataFrame, impressions: pd.DataFrame,
                      items: pd.DataFrame | None = None, meta: dict | None = None) -> World:
    """Type-check and sort a log; rebuild the truth when the items carry latent vectors."""
    meta = dict(meta or {})
    for df, name, cols in ((events, "events", ("user_id", "item_id", "timestamp")),
                           (impressions, "impressions", ("user_id", "item_id", "timestamp", "clicked"))):
        for c in cols:
            if not pd.api.types.is_integer_dtype(df[c]):
                raise DataError(f"{name}.csv: column {c} must hold whole numbers")
    events = events.sort_values(["user_id", "timestamp"], kind="stable").reset_index(drop=True)
    impressions = impressions.sort_values(["user_id", "timestamp"], kind="stable").reset_index(drop=True)
    events["category"] = events["category"].astype(str)
    categories = meta.get("categories") or sorted(events["category"].unique())
    if items is None:
        items = (events.groupby("item_id", as_index=False)["category"].first())
        pop = events["item_id"].value_counts(normalize=True)
        items["popularity"] = items["item_id"].map(pop).to_numpy()
    truth = None
    if "truth" in meta and all(f"v{d}" in items.columns for d in range(LATENT_DIM)):
        truth = Truth.from_items(items, **meta["truth"])
    meta = {k: v for k, v in meta.items() if k != "categories"}
    return World(items, events, impressions, list(categories), meta, truth)


def save_model(model: SequenceModel, cfg: ModelConfig, path: str | Path, extra: dict | None = None):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"config": cfg.to_dict(), "n_items": model.item_emb.num_embeddings - 1,
                "state": model.state_dict(), "extra": extra or {}}, path)


def load_model(path: str | Path, device: torch.device | str = "cpu"):
    """-> (config, model, extra). weights_only: a weights file can never run code."""
    blob = torch.load(path, map_location=device, weights_only=True)
    cfg = ModelConfig(**blob["config"])
    model = build_model(cfg, blob["n_items"]).to(device)
    model.load_state_dict(blob["state"])
    model.eval()
    return cfg, model, blob.get("extra", {})
