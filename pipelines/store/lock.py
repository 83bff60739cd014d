"""The store's exclusive lock: one writer of submissions at a time, across processes.

An ingest batch, a backup's copy of the store, an upgrade and a repair build all take it, so
none of them sees half of another's work. Readers of the warehouse never take it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from pipelines.paths import DataDir


@contextmanager
def store_lock(data_dir: DataDir, name: str = ".lock") -> Iterator[None]:
    """Hold ``store/<name>`` exclusively (``flock``; released by the kernel if we die)."""
    data_dir.ensure()
    with open(data_dir.store / name, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
