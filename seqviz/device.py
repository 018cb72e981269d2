"""Choosing where tensors live, and how many CPU threads torch may use."""

from __future__ import annotations

import ctypes
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


# glibc's mallopt parameters
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for the next allocation instead of returning it to the system.

    A training step allocates and frees a dozen [512, 50, 36] tensors (3.7 MB each). By default
    glibc maps each one fresh and unmaps it on free, so every step pays a page fault per 4 kB touched:
    that was half of a DIN step's time (8.0 ms against 4.3 ms for the attention unit's forward and
    backward). Returns False where the C library is not glibc (macOS, musl): nothing changes there."""
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    # 32 MB is the largest mmap threshold glibc accepts on 64-bit; the trim threshold only caps how
    # much freed memory the process keeps (1 GB, reused by the next step, never grown past the peak)
    return bool(mallopt(_M_MMAP_THRESHOLD, 32 << 20)) and bool(mallopt(_M_TRIM_THRESHOLD, 1 << 30))


def configure_threads() -> int:
    """One intra-op thread unless SEQVIZ_THREADS says otherwise (and freed memory kept: see above).

    On a busy 2-core machine more OpenMP threads than idle cores made a small
    DIN step many times slower (threads spin-wait for each other); our tensors
    are too small to gain from splitting. `seqviz bench` measures this choice."""
    keep_freed_memory()
    n = int(os.environ.get("SEQVIZ_THREADS", "1"))
    torch.set_num_threads(max(n, 1))
    return torch.get_num_threads()
