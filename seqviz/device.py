"""Choosing where tensors live, and how many CPU threads torch may use."""

from __future__ import annotations

import os

import torch

DEVICES = ("auto", "cpu", "cuda", "mps")


class DeviceError(ValueError):
    pass


def resolve_device(name: str = "auto") -> torch.device:
    """'auto' picks CUDA, then MPS, then CPU; asking for one that is absent is a clear error."""
    if name not in DEVICES and not name.startswith("cuda:"):
        raise DeviceError(f"unknown device {name!r}: choose one of {', '.join(DEVICES)}")
    cuda = torch.cuda.is_available()
    mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if name == "auto":
        return torch.device("cuda" if cuda else "mps" if mps else "cpu")
    if name.startswith("cuda") and not cuda:
        raise DeviceError("device 'cuda' asked for, but torch sees no CUDA GPU here")
    if name == "mps" and not mps:
        raise DeviceError("device 'mps' asked for, but this machine has no Apple GPU")
    return torch.device(name)


def configure_threads() -> int:
    """One intra-op thread unless SEQVIZ_THREADS says otherwise.

    On a busy 2-core machine more OpenMP threads than idle cores made a small
    DIN step many times slower (threads spin-wait for each other); our tensors
    are too small to gain from splitting. `seqviz bench` measures this choice."""
    n = int(os.environ.get("SEQVIZ_THREADS", "1"))
    torch.set_num_threads(max(n, 1))
    return torch.get_num_threads()
