"""Processes that end with the one that started them.

Its own module, importing nothing heavy: the worker pool's manager process (seqviz.workers) loads
it alone, where loading seqviz.workers would import torch, pandas and scipy into a process that only
passes queues, beside the workers' own start, on a machine that may have two cores.
"""

from __future__ import annotations

import os
import threading
import time

PARENT_CHECK_SECONDS = 1.0  # how often a process looks whether the one that started it is still there


def exit_with(parent: int) -> None:
    """End this process once `parent` has gone. A worker waits on a queue that it holds both ends of,
    so a server stopped with Ctrl-C or killed left its workers (and their datasets) running for good."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="seqviz-parent-watch", daemon=True).start()
