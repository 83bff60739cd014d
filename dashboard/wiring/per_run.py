"""What one script run shares: the viewer looked up once, one warehouse connection.

``app.py`` wraps each run in ``one_run()``; what is remembered, and the connection, end with
it. The next rerun (a click) asks the account store again and opens the newest build, so a
revoked session or a new warehouse shows as soon as before. Code outside a run (a button's
callback, a test calling a page helper) works as it always did: nothing remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipelines.warehouse.build import read_warehouse

T = TypeVar("T")


@dataclass
class _Warehouse:
    """The run's open read-only connection and the build it was opened on."""

    path: Path
    build: tuple[int, int] | None
    opened: Any  # the read_warehouse context, closed at the end of the run
    con: duckdb.DuckDBPyConnection

    def close(self) -> None:
        self.opened.__exit__(None, None, None)


@dataclass
class _Run:
    values: dict[str, Any] = field(default_factory=dict)
    warehouse: _Warehouse | None = None


_RUN: ContextVar[_Run | None] = ContextVar("leslie_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """Everything drawn inside shares the remembered values and one connection."""
    run = _Run()
    token = _RUN.set(run)
    try:
        yield
    finally:
        _RUN.reset(token)
        _close(run)


def _close(run: _Run) -> None:
    if run.warehouse is not None:
        run.warehouse.close()
        run.warehouse = None


def remembered(key: str, make: Callable[[], T]) -> T:
    """``make()`` once per run (every call outside a run)."""
    run = _RUN.get()
    if run is None:
        return make()
    if key not in run.values:
        run.values[key] = make()
    return run.values[key]


def forget(key: str) -> None:
    """Drop a remembered value (signing in or out changes who is looking mid-run)."""
    run = _RUN.get()
    if run is not None:
        run.values.pop(key, None)


@contextmanager
def warehouse(path: Path, build: tuple[int, int] | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``path``: the run's own, opened on first use; outside a run
    a short-lived one. A different build than the open one (published mid-run) closes it and
    opens the file the path names now."""
    run = _RUN.get()
    if run is None:
        with read_warehouse(path) as con:
            yield con
        return
    open_one = run.warehouse
    if open_one is None or open_one.path != path or open_one.build != build:
        _close(run)
        opened = read_warehouse(path)
        run.warehouse = _Warehouse(path, build, opened, opened.__enter__())
    yield run.warehouse.con
