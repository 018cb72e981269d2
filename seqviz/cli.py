"""python -m seqviz: generate worlds, train and evaluate models, rebuild the sample data."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .bench import add_bench_parser, cmd_bench
from .device import DEVICES, DeviceError, configure_threads, resolve_device
from .ingest import ColumnsError, load_any
from .io import DataError, save_world
from .models import MODELS, SCORERS, ModelConfig


class CliError(Exception):
    pass


def _positive(name):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be at least 1, got {value}")
        return value
    return parse


COLUMNS_HELP = ("with --data: which header name is which column, e.g. user=customer,item=product,"
                "category=department,time=ts (user, item, category, time, clicked; or user_id, item_id, "
                "timestamp). Unknown names with one nearest header name each are read by it, with a warning")
COLUMN_SHORT = {"user": "user_id", "item": "item_id", "time": "timestamp"}


def _columns(text: str) -> dict[str, str]:
    """'user=customer,item=product' -> {'user_id': 'customer', 'item_id': 'product'}."""
    columns = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        name, sep, header = (part.strip() for part in pair.partition("="))
        if not sep or not name or not header:
            raise argparse.ArgumentTypeError(f"--columns takes name=header pairs separated by commas, "
                                             f"got {pair!r}")
        columns[COLUMN_SHORT.get(name, name)] = header
    return columns


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise CliError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m seqviz", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    g = sub.add_parser("generate", help="write a synthetic world as CSV")
    g.add_argument("--out", required=True, type=Path)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--users", type=_positive("--users"), default=2000)
    g.add_argument("--gzip", action="store_true", help="write .csv.gz files")

    t = sub.add_parser("train", help="train one model and report test metrics")
    t.add_argument("--model", choices=MODELS, default="din")
    src = t.add_mutually_exclusive_group()
    src.add_argument("--data", type=Path,
                     help="a world folder, or an events-only CSV file (default: generate from --seed)")
    src.add_argument("--seed", type=int, default=None)
    t.add_argument("--columns", type=_columns, default=None, help=COLUMNS_HELP)
    t.add_argument("--users", type=_positive("--users"), default=2000)
    t.add_argument("--lastn", type=_positive("--lastn"), default=50)
    t.add_argument("--k", type=_positive("--k"), default=50)
    t.add_argument("--time", dest="time", action="store_true", default=True)
    t.add_argument("--no-time", dest="time", action="store_false")
    t.add_argument("--scorer", choices=SCORERS, default="unit")
    t.add_argument("--softmax", action="store_true")
    t.add_argument("--act", choices=("prelu", "dice"), default="prelu")
    t.add_argument("--train-seed", type=int, default=None,
                   help="seed of the model's initialisation and batch order (default: the world's seed)")
    t.add_argument("--epochs", type=_positive("--epochs"), default=3)
    t.add_argument("--device", default="cpu", help=f"one of {', '.join(DEVICES)}")
    t.add_argument("--save", type=Path, help="write the trained weights here")
    t.add_argument("--json", action="store_true", help="print one JSON line")

    s = sub.add_parser("sample", help="rebuild sample_data/ (world + shipped weights)")
    s.add_argument("--out", type=Path, default=None)

    a = sub.add_parser("audit", help="check every lesson's claims on the cases a student can reach")
    src = a.add_mutually_exclusive_group()
    src.add_argument("--data", type=Path, help="a world folder (with weights/, or trained here), or an "
                     "events-only CSV file (default: the sample data)")
    src.add_argument("--seed", type=int, default=None, help="generate this world and train its models here")
    a.add_argument("--columns", type=_columns, default=None, help=COLUMNS_HELP)
    a.add_argument("--json", action="store_true", help="print one JSON line")

    add_bench_parser(sub)
    return p


def _world(args):
    from .world import generate

    if args.data is not None:
        warn = lambda m: print(f"warning: {m}", file=sys.stderr)  # stdout stays one JSON line
        try:
            return load_any(args.data, on_warning=warn, columns=args.columns), None
        except ColumnsError as e:
            example = ",".join(f"{name}={e.suggested.get(name, 'COLUMN')}" for name in e.wanted)
            raise CliError(f"{e}; choose them with --columns, e.g. --columns {example}") from None
    seed = 0 if args.seed is None else args.seed
    return generate(seed, users=args.users), seed


def cmd_generate(args) -> int:
    from .world import generate

    world = generate(args.seed, users=args.users)
    save_world(world, args.out, compress=args.gzip)
    print(f"wrote {len(world.events):,} events, {len(world.impressions):,} impressions "
          f"for {args.users:,} users to {args.out}")
    return 0


def cmd_train(args) -> int:
    from . import distributed

    device = distributed.local_device(resolve_device(args.device))
    ranks = distributed.start(device)  # under torchrun: this process's rank; alone otherwise
    try:
        return _train(args, device, ranks)
    finally:
        distributed.stop()


def _train(args, device, ranks) -> int:
    from .data import Dataset
    from .io import save_model
    from .metrics import evaluate
    from .train import train

    world, seed = _world(args)
    cfg = ModelConfig(args.model, lastn=args.lastn, k=args.k, time=args.time,
                      scorer=args.scorer, softmax=args.softmax, act=args.act)
    dataset = Dataset(world, device)
    if len(dataset["train"]) == 0 or len(dataset["test"]) == 0:
        raise DataError("not enough impressions to split into train and test weeks")
    train_seed = args.train_seed if args.train_seed is not None else seed or 0
    result = train(cfg, dataset, epochs=args.epochs, seed=train_seed, ranks=ranks)
    if not ranks.is_main:  # rank 0 evaluates, prints and saves for all
        return 0
    metrics = evaluate(result.model, dataset)
    if args.save:
        save_model(result.model, cfg, args.save, {"metrics": metrics})
    row = {"model": args.model, **metrics, "train_seconds": round(result.train_seconds, 3),
           "samples_per_second": round(result.samples_per_second, 1), "device": str(device),
           "lastn": args.lastn, "k": args.k, "time": args.time, "scorer": args.scorer,
           "softmax": args.softmax, "seed": seed, "train_seed": train_seed, "epochs": result.epochs_run,
           "best_epoch": result.best_epoch, "n_train": result.n_train, "n_test": len(dataset["test"]),
           "world_size": ranks.world_size, "n_train_per_rank": result.n_train_per_rank}
    if args.json:
        print(json.dumps(row))
    else:
        for k, v in row.items():
            print(f"{k:22s} {v:.4f}" if isinstance(v, float) else f"{k:22s} {v}")
    return 0


def cmd_sample(args) -> int:
    from .sample import SAMPLE_DIR, build_sample

    build_sample(args.out or SAMPLE_DIR)
    return 0


def cmd_audit(args) -> int:
    """Exit 1 when a claim a page makes fails (holds false); a claim without truth to judge is n/a."""
    from dataclasses import asdict

    from .audit import audit, audit_trained, saved_models, table
    from .data import Dataset
    from .io import load_world
    from .results import SHIPPED_RECIPE
    from .sample import SAMPLE_DIR

    progress = lambda m: print(m, file=sys.stderr)  # noqa: E731  stdout stays the table or one JSON line
    folder = args.data if args.data is not None else None if args.seed is not None else SAMPLE_DIR
    if folder is not None and (folder / "weights").is_dir():
        claims = audit(Dataset(load_world(folder)), saved_models(folder))
    elif args.seed is not None:
        from .world import generate

        claims = audit_trained(generate(args.seed), args.seed, log=progress)
    else:
        claims = audit_trained(_world(args)[0], SHIPPED_RECIPE.seed, log=progress)
    if args.json:
        print(json.dumps({"claims": [asdict(c) for c in claims]}, ensure_ascii=False))
    else:
        print(table(claims))
    return 1 if any(c.holds is False for c in claims) else 0


COMMANDS = {"generate": cmd_generate, "train": cmd_train, "sample": cmd_sample, "bench": cmd_bench,
            "audit": cmd_audit}


def main(argv: list[str] | None = None) -> int:
    configure_threads()
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except (CliError, DataError, DeviceError, ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
