#!/usr/bin/env bash
# The GPU path, checked in one go on a CUDA machine (about 5 minutes; at most 8 by the timeouts):
#   1. the device-placement tests and the bench tests, on CPU and CUDA;
#   2. `python -m seqviz bench --device cuda --quick`;
#   3. the full `python -m seqviz bench --device cuda`;
#   4. a DistributedDataParallel training through torchrun on CUDA: two NCCL ranks on two GPUs, or
#      one rank where the machine has one GPU (NCCL refuses two ranks on one GPU; the gloo path with
#      two ranks is tested on CPU by tests/test_distributed.py).
# Run from anywhere. Into $OUT (default out/gpu_check): env.txt, tests.log, bench_quick.txt and .log,
# bench_full.json, .txt and .log, ddp.json and .log (9 files).
# Needs python3 with a CUDA build of torch, numpy, pandas, scipy, scikit-learn and pytest; nothing
# is downloaded, so it also runs on a machine without internet that has those installed.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out/gpu_check}
mkdir -p "$OUT"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
PY=${PYTHON:-python3}
failed=()

step() {  # step NAME SECONDS STDOUT STDERR COMMAND...: run with a time limit, note a failure
  local name=$1 limit=$2 out=$3 err=$4
  shift 4
  local began=$SECONDS rc
  echo "== $name (limit ${limit}s)"
  if [ "$out" = "$err" ]; then
    timeout "$limit" "$@" >"$out" 2>&1
  else
    timeout "$limit" "$@" >"$out" 2>"$err"
  fi
  rc=$?
  echo "   rc=$rc in $((SECONDS - began))s"
  if [ "$rc" -ne 0 ]; then
    failed+=("$name(rc=$rc)")
    tail -n 25 "$err"
  fi
}

# `python -m seqviz bench`, or the same through seqviz.bench where the CLI lacks the subcommand
if "$PY" -m seqviz bench --help >/dev/null 2>&1; then
  BENCH=("$PY" -m seqviz bench)
else
  runner=$(mktemp /tmp/seqviz_bench.XXXXXX.py)
  cat >"$runner" <<'PYTHON'
import argparse, sys
from seqviz.bench import add_bench_parser, cmd_bench
from seqviz.device import configure_threads
configure_threads()
parser = argparse.ArgumentParser(prog="seqviz")
add_bench_parser(parser.add_subparsers(dest="command", required=True))
sys.exit(cmd_bench(parser.parse_args(sys.argv[1:])))
PYTHON
  BENCH=("$PY" "$runner" bench)
  echo "note: this seqviz CLI has no bench subcommand; calling seqviz.bench directly"
fi

{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  "$PY" - <<'PYTHON'
import sys, numpy, pandas, scipy, sklearn, torch
print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda,
      "available", torch.cuda.is_available(), "numpy", numpy.__version__, "pandas", pandas.__version__,
      "scipy", scipy.__version__, "sklearn", sklearn.__version__)
print("gpu", torch.cuda.get_device_name(0) if torch.cuda.is_available() else None)
PYTHON
} >"$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

step tests 150 "$OUT/tests.log" "$OUT/tests.log" \
  "$PY" -m pytest -q -p no:cacheprovider -rs tests/test_device.py tests/test_bench.py
tail -n 3 "$OUT/tests.log"

step bench_quick 90 "$OUT/bench_quick.txt" "$OUT/bench_quick.log" "${BENCH[@]}" --device cuda --quick
cat "$OUT/bench_quick.txt"

step bench_full 240 "$OUT/bench_full.json" "$OUT/bench_full.log" "${BENCH[@]}" --device cuda --json
"$PY" -c "import json, sys; from seqviz.bench import format_table; print(format_table(json.load(sys.stdin)))" \
  <"$OUT/bench_full.json" >"$OUT/bench_full.txt" 2>&1
cat "$OUT/bench_full.txt"

ranks=$("$PY" -c "import torch; print(2 if torch.cuda.device_count() > 1 else 1)")
step ddp 180 "$OUT/ddp.json" "$OUT/ddp.log" "$PY" -m torch.distributed.run --standalone \
  --nproc-per-node "$ranks" -m seqviz train --model din --device cuda --users 400 --epochs 2 --json
cat "$OUT/ddp.json"

if [ ${#failed[@]} -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "gpu_check: all passed"
