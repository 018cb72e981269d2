"""Which float arithmetic this machine does: a fingerprint of a small, fixed training computation.

The same recipe on the same code gives the same model bit for bit only where every sum rounds alike.
Another processor (AVX-512 kernels against AVX2 ones, another BLAS path) or another thread count
rounds some sums otherwise, and training makes those differences grow: the sample's AvgPool at
N = 50, trained by its shipped recipe on one thread, scores 0.6570 on an Intel Xeon (AVX-512) and
0.6582 on an AMD EPYC. Forcing AVX2 kernels (ATEN_CPU_CAPABILITY, MKL_CBWR) on the Xeon gave a third
figure, not the EPYC's. The fingerprint saved beside shipped weights tells a reader which case a
difference is: another machine's arithmetic, or weights older than the code."""

from __future__ import annotations

import functools
import hashlib

import torch
import torch.nn.functional as F

ITEMS, BATCH, LASTN, STEPS = 600, 512, 50, 3  # the trainer's batch and DIN's window: its kernels' paths


def fingerprint(device: torch.device | str = "cpu") -> str:
    """12 hex digits of a hash of a DIN's weights after STEPS Adam steps on made-up impressions (drawn as
    integers, which every machine draws alike), with this process's torch threads (a sum split over two
    threads rounds otherwise): equal on two machines only where both round alike. For a training on
    an accelerator, the device's type before it ("cuda/…"): its sums never round as the CPU's, and
    the shipped weights are trained on the CPU."""
    device = torch.device(device)
    cpu = _fingerprint(torch.get_num_threads())
    return cpu if device.type == "cpu" else f"{device.type}/{cpu}"


@functools.cache
def _fingerprint(threads: int) -> str:
    from .models import DIN
    from .train import adam

    # the CPU generator alone: torch.manual_seed would also reseed a GPU's, which fork_rng(devices=[])
    # does not put back
    with torch.random.fork_rng(devices=[]):  # nobody else's draws move
        torch.random.default_generator.manual_seed(0)
        draw = torch.Generator().manual_seed(0)
        events = torch.randint(1, ITEMS + 1, (BATCH, LASTN), generator=draw)
        candidates = torch.randint(1, ITEMS + 1, (BATCH,), generator=draw)
        mask = torch.arange(LASTN) < torch.randint(1, LASTN + 1, (BATCH, 1), generator=draw)
        labels = torch.randint(0, 2, (BATCH,), generator=draw).float()
        model = DIN(ITEMS, lastn=LASTN)
        opt = adam(model.parameters())
        for _ in range(STEPS):
            user_vector, _ = model.attention(model.item_emb(events), model.item_emb(candidates), mask)
            loss = F.binary_cross_entropy_with_logits(model.score(user_vector, candidates), labels)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    digest = hashlib.sha256()
    for name, value in sorted(model.state_dict().items()):
        digest.update(name.encode())
        digest.update(value.detach().contiguous().numpy().tobytes())
    return digest.hexdigest()[:12]
