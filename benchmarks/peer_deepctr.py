"""seqviz's DIN beside DeepCTR-Torch's DIN, trained on exactly the same impressions.

    pip install deepctr-torch        # a benchmark dependency only: not in requirements
    PYTHONPATH=. python benchmarks/peer_deepctr.py [--users 2000] [--epochs 3] [--json]

Both models see the same training impressions (seqviz's train split of the default world), the
same LastN = 50 item sequences (newest first, read by seqviz's History), the same candidate item,
the same batch size (512), embedding width (16), attention unit (one hidden layer of 36 over
[h, t, h - t, h * t], PReLU, unnormalised weights), ranking MLP (64, 32, PReLU), optimizer
(Adam at seqviz's learning rate, 0.01) and number of epochs, in one process with the same torch
thread count. Both are scored on the same test week. seqviz's DIN keeps its best epoch on the
validation week; DeepCTR's keeps its last. DeepCTR is compiled without per-step metrics, its
fastest training loop.

Throughput counts training samples over the time spent training; seqviz's time also includes
its per-epoch validation pass, so the ratio understates seqviz's lead. CPU seconds (this
process's) are reported beside wall seconds because they are less disturbed by other work on a
shared machine.

DeepCTR-Torch checks PyPI for a newer version from a thread at import; this script blocks
network connections in-process first, so it never calls out.
"""

from __future__ import annotations

import argparse
import json
import socket
import time


def block_network() -> None:
    """Every socket connection and name lookup in this process fails at once."""

    def refuse(*args, **kwargs):
        raise OSError("network disabled by benchmarks/peer_deepctr.py")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


block_network()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from deepctr_torch.inputs import SparseFeat, VarLenSparseFeat  # noqa: E402
from deepctr_torch.models import DIN as DeepctrDIN  # noqa: E402

from seqviz.data import Dataset  # noqa: E402
from seqviz.device import configure_threads  # noqa: E402
from seqviz.metrics import auc, predict  # noqa: E402
from seqviz.models import ModelConfig  # noqa: E402
from seqviz.train import LEARNING_RATE, train  # noqa: E402
from seqviz.world import generate  # noqa: E402

LASTN = 50
BATCH = 512
DIM = 16
LR = LEARNING_RATE


def deepctr_inputs(dataset: Dataset, split: str) -> tuple[dict, np.ndarray]:
    """DeepCTR's feature dict for a split: candidate item, its LastN item ids, and their count."""
    part = dataset[split]
    positions, mask = dataset.history.lastn(part.batch.user, part.batch.time, LASTN)
    items, _ = dataset.history.gather(positions, part.batch.time)
    features = {"item": part.batch.item.numpy(), "hist_item": items.numpy(),
                "seq_length": mask.sum(1).numpy()}
    return features, part.label.numpy()


def run_seqviz(dataset: Dataset, epochs: int) -> dict:
    cpu = time.process_time()
    result = train(ModelConfig("din", lastn=LASTN, dim=DIM), dataset, epochs=epochs,
                   batch_size=BATCH, lr=LR)
    cpu = time.process_time() - cpu
    test = dataset["test"]
    logits = torch.cat([o.logit for o in predict(result.model, dataset, test)]).numpy()
    seen = result.n_train * result.epochs_run
    return {"test_auc": round(auc(test.label.numpy(), logits), 4), "epochs_run": result.epochs_run,
            "best_epoch": result.best_epoch, "wall_seconds": round(result.train_seconds, 2),
            "cpu_seconds": round(cpu, 2), "samples_per_second": round(seen / result.train_seconds, 1),
            "samples_per_cpu_second": round(seen / cpu, 1)}


def run_deepctr(dataset: Dataset, epochs: int) -> dict:
    vocabulary = dataset.n_items + 1
    columns = [SparseFeat("item", vocabulary, embedding_dim=DIM),
               VarLenSparseFeat(SparseFeat("hist_item", vocabulary, embedding_dim=DIM, embedding_name="item"),
                                maxlen=LASTN, length_name="seq_length")]
    model = DeepctrDIN(columns, ["item"], dnn_hidden_units=(64, 32), dnn_activation="prelu",
                       att_hidden_size=(36,), att_activation="prelu", att_weight_normalization=False,
                       device="cpu", seed=0)
    model.compile(torch.optim.Adam(model.parameters(), lr=LR), "binary_crossentropy", metrics=None)
    x_train, y_train = deepctr_inputs(dataset, "train")
    x_test, y_test = deepctr_inputs(dataset, "test")
    wall, cpu = time.perf_counter(), time.process_time()
    model.fit(x_train, y_train, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=True)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    seen = len(y_train) * epochs
    scores = model.predict(x_test, batch_size=4096).ravel()
    return {"test_auc": round(auc(y_test, scores), 4), "epochs_run": epochs, "wall_seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2), "samples_per_second": round(seen / wall, 1),
            "samples_per_cpu_second": round(seen / cpu, 1)}


def _ratio(ours: dict, theirs: dict, key: str) -> float:
    return round(ours[key] / theirs[key], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    args = parser.parse_args()
    threads = configure_threads()
    dataset = Dataset(generate(0, users=args.users), "cpu")
    seqviz = run_seqviz(dataset, args.epochs)
    deepctr = run_deepctr(dataset, args.epochs)
    report = {
        "users": args.users, "n_train": len(dataset["train"]), "n_test": len(dataset["test"]),
        "epochs": args.epochs, "batch_size": BATCH, "embedding_dim": DIM, "lastn": LASTN,
        "torch_threads": threads, "torch": torch.__version__, "seqviz": seqviz, "deepctr": deepctr,
        "throughput_ratio_wall": _ratio(seqviz, deepctr, "samples_per_second"),
        "throughput_ratio_cpu": _ratio(seqviz, deepctr, "samples_per_cpu_second"),
        "auc_difference": round(seqviz["test_auc"] - deepctr["test_auc"], 4),
    }
    if args.json:
        print(json.dumps(report))
        return
    print(f"{report['n_train']:,} training / {report['n_test']:,} test impressions, {args.epochs} epochs, "
          f"batch {BATCH}, embedding {DIM}, LastN {LASTN}, {threads} torch thread(s), "
          f"torch {torch.__version__}")
    print(f"{'':10s} {'test AUC':>9s} {'samples/s':>10s} {'samples/CPU s':>14s} {'wall s':>8s} {'CPU s':>8s}")
    for name in ("seqviz", "deepctr"):
        r = report[name]
        print(f"{name:10s} {r['test_auc']:>9.4f} {r['samples_per_second']:>10,.0f} "
              f"{r['samples_per_cpu_second']:>14,.0f} {r['wall_seconds']:>8.2f} {r['cpu_seconds']:>8.2f}")
    print(f"throughput ratio seqviz/DeepCTR: {report['throughput_ratio_wall']}x wall, "
          f"{report['throughput_ratio_cpu']}x CPU; AUC difference {report['auc_difference']:+.4f}")


if __name__ == "__main__":
    main()
