"""The store's exclusive lock: one writer of submissions at a time, across processes.

An ingest batch, a backup's copy of the store, an upgrade, a restore's swap and a repair build
all take it, so none of them sees half of another's work. Readers of the warehouse never take
it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.paths import DataDir


def _same_file(fh, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fh.fileno())
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


@contextmanager
def store_lock(data_dir: DataDir, name: str = ".lock") -> Iterator[None]:
    """Hold ``store/<name>`` exclusively (``flock``; released by the kernel if we die).

    A restore swaps the whole directory while holding the lock: whoever waited for the lock of
    the directory moved aside then locks the file of the directory now in place instead.
    """
    while True:
        data_dir.ensure()
        path = data_dir.store / name
        fh = open(path, "a+")  # noqa: SIM115 - held until the caller leaves the block
        try:
            fcntl.flock(fh, fcntl.LOCK_EX)
        except BaseException:
            fh.close()
            raise
        if _same_file(fh, path):
            break
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


@contextmanager
def hold_lock_file(path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` (created if missing) without creating any folder: for a
    directory that is not, or not yet, the live data directory (a restore's staging copy)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
