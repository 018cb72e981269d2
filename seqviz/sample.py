"""The shipped sample world and the weights trained on it, so lesson pages open instantly."""

from __future__ import annotations

from pathlib import Path

from .data import Dataset
from .io import load_model, load_world, save_model, save_world
from .lessons.timebuckets import TIME_BUCKETS_CONFIGS
from .models import ModelConfig
from .numerics import fingerprint
from .results import SHIPPED_RECIPE
from .world import World, generate

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLE_SEED = SHIPPED_RECIPE.seed  # the world's seed, and the training seed of its weights

# every model a lesson page shows without training; AvgPool and DIN at N = 10 and 200 too, so that the
# Model Lab opens on the lesson's conclusion (its preset's models, trained by the same recipe) drawn
SAMPLE_CONFIGS = (
    ModelConfig("avg"),
    ModelConfig("din"),
    ModelConfig("avg", lastn=10),
    ModelConfig("avg", lastn=200),
    ModelConfig("din", lastn=10),
    ModelConfig("din", lastn=200),
    ModelConfig("din", scorer="dot"),
    ModelConfig("din", scorer="cosine"),
    ModelConfig("din", softmax=True),
    ModelConfig("sim-hard"),
    ModelConfig("sim-hard", time=False),
    ModelConfig("sim-soft"),
    ModelConfig("sim-soft", time=False),
    ModelConfig("sim-twin"),
    ModelConfig("sim-sdim"),
    *TIME_BUCKETS_CONFIGS,
)


def weights_name(cfg: ModelConfig) -> str:
    return "_".join(f"{k}-{v}" for k, v in cfg.to_dict().items()) + ".pt"


def load_sample_world(folder: Path = SAMPLE_DIR) -> World:
    return load_world(folder)


def load_sample_model(cfg: ModelConfig, folder: Path = SAMPLE_DIR, device="cpu"):
    """-> (model, extra) for a shipped config; extra holds its test metrics and curve.

    Raises FileNotFoundError for a config that was not shipped."""
    _, model, extra = load_model(folder / "weights" / weights_name(cfg), device)
    return model, extra


def build_sample(folder: Path = SAMPLE_DIR, seed: int = SAMPLE_SEED, epochs: int = SHIPPED_RECIPE.max_epochs,
                 log=print) -> None:
    """Regenerate sample_data/: the default world and every SAMPLE_CONFIGS model trained on it."""
    save_world(generate(seed), folder, compress=True)
    train_sample_models(folder, seed, epochs, log)


def train_sample_models(folder: Path, seed: int = SAMPLE_SEED, epochs: int = SHIPPED_RECIPE.max_epochs,
                        log=print) -> None:
    """Train every SAMPLE_CONFIGS model on the world saved in `folder` into `folder`/weights."""
    from .metrics import evaluate
    from .train import train

    world = load_world(folder)  # train on exactly what ships
    dataset = Dataset(world)
    for cfg in SAMPLE_CONFIGS:
        result = train(cfg, dataset, epochs=epochs, seed=seed)
        metrics = evaluate(result.model, dataset)
        save_model(result.model, cfg, folder / "weights" / weights_name(cfg),
                   {"metrics": metrics, "curve": result.curve, "train_seconds": result.train_seconds,
                    "numerics": fingerprint()})
        log(f"{cfg.label():28s} test AUC {metrics['auc']:.4f}")
