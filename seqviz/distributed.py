"""Training on more than one process: PyTorch's own DistributedDataParallel, launched by torchrun.

    torchrun --nproc-per-node 2 -m seqviz train --model din --json

torchrun sets RANK, WORLD_SIZE and the rendezvous address in each process's environment; without
them (a plain `python -m seqviz train`) there is one process and nothing here does anything.
Gloo carries the gradients between CPU processes, NCCL between GPUs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world_size: int = 1
    launched: bool = False  # by torchrun, in a process group (of one process, possibly)

    @property
    def is_main(self) -> bool:
        """Rank 0 evaluates, decides early stopping, prints and saves."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        """Train through DistributedDataParallel: under torchrun, even with one process (which is
        how one GPU checks the NCCL path)."""
        return self.launched

    def share(self, rows: torch.Tensor) -> torch.Tensor:
        """This rank's rows of one global batch: every world_size-th, so that P ranks of
        batch_size / P rows make the one batch a single process would take."""
        return rows[self.rank::self.world_size]

    def agree(self, flag: bool, device: torch.device) -> bool:
        """Rank 0's decision (stop now?), the same on every rank."""
        if not self.distributed:
            return flag
        value = torch.tensor([int(flag)], device=device)
        dist.broadcast(value, src=0)
        return bool(value.item())


ALONE = Ranks()


def start(device: torch.device) -> Ranks:
    """Join the process group torchrun set up (gloo on CPU, NCCL on CUDA), or stay alone."""
    if "RANK" not in os.environ:  # not started by torchrun
        return ALONE
    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return Ranks(dist.get_rank(), dist.get_world_size(), launched=True)


def local_device(device: torch.device) -> torch.device:
    """On CUDA each rank takes the GPU torchrun numbered for it (LOCAL_RANK)."""
    if device.type == "cuda" and "LOCAL_RANK" in os.environ:
        return torch.device("cuda", int(os.environ["LOCAL_RANK"]))
    return device


def stop() -> None:
    """Leave the process group once every rank is done: a rank that leaves while rank 0 still
    evaluates tears down a group rank 0 is in (gloo aborted the process there)."""
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
