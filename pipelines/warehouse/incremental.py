"""Incremental builds: a correction costs its own size, not the installation's.

A new build may start from a copy of the published warehouse when that one was made by the
same SQL and project settings (the fingerprint in ``build_info``, metrics/freshness.py). The
copy keeps the big ``fct_enrollment`` table and the per-partner indicator partials; the build
then replaces only
the rows and partials of the partners whose current submissions changed (every partner's
partials when modules changed, since enrollments take their SDGs from the modules) and
rebuilds everything small (dimensions, ledger, modules, activities, marts, checks) as a full
build does. ``python -m pipelines build`` always builds in full; both give the same figures.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.config import Project
from pipelines.metrics.freshness import fingerprint
from pipelines.store.ledger import CurrentPair
from pipelines.warehouse.tables import open_read_only

KEPT = ("fct_enrollment", "mart_partial", "check_partial")  # what an incremental build carries over


@dataclass(frozen=True)
class Plan:
    """What a build recomputes. ``start_from`` None: everything, from the store."""

    start_from: Path | None = None
    enrollment_partners: list[str] | None = None  # fct_enrollment slices to replace
    partial_partners: list[str] | None = None  # mart partials to recompute (None: all)

    @property
    def mode(self) -> str:
        return "full" if self.start_from is None else "incremental"


FULL = Plan()


def plan(previous: Path, project: Project, pairs: list[CurrentPair]) -> Plan:
    """Start from ``previous`` when it was built the same way; else a full build."""
    found = _previous_state(previous)
    if found is None or found[0] != fingerprint(project):
        return FULL
    old = found[1]
    new = {
        (p.template, p.partner_code): (p.submission_id, p.official, p.with_pending) for p in pairs
    }
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    enrollments = sorted(p for t, p in changed if t == "enrollments")
    modules_changed = any(t == "modules" for t, _ in changed)
    partials = None if modules_changed else sorted({p for _, p in changed})
    return Plan(previous, enrollments, partials)


def _previous_state(path: Path) -> tuple[str, dict] | None:
    """The previous build's fingerprint and current pairs; None when it has none (older)."""
    if not path.exists():
        return None
    try:
        con = open_read_only(str(path))
    except duckdb.Error:
        return None
    try:
        found = con.execute("SELECT max(fingerprint) FROM build_info").fetchone()
        names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if found is None or found[0] is None or not set(KEPT) <= names:
            return None
        pairs = con.execute(
            "SELECT template, partner_code, submission_id, official, with_pending FROM current_pair"
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return found[0], {(t, p): (s, o, w) for t, p, s, o, w in pairs}


def start(path: Path, chosen: Plan) -> None:
    """Copy the previous warehouse to the new build's private path."""
    assert chosen.start_from is not None
    shutil.copyfile(chosen.start_from, path)


def clear(con: duckdb.DuckDBPyConnection) -> None:
    """Drop everything the build makes again: all but the kept tables."""
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    for (name,) in views:
        con.execute(f'DROP VIEW "{name}"')
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()
    for (name,) in tables:
        if name not in KEPT:
            con.execute(f'DROP TABLE "{name}"')


def replace_enrollments(con: duckdb.DuckDBPyConnection, partners: list[str]) -> None:
    """The changed partners' enrollment rows, again from their current submissions."""
    if not partners:
        return
    con.execute(
        "DELETE FROM fct_enrollment WHERE list_contains($partners, partner_code)",
        {"partners": partners},
    )
    (first,) = con.execute("SELECT coalesce(max(learner_no), 0) FROM fct_enrollment").fetchone()
    con.execute(
        "INSERT INTO fct_enrollment SELECT * FROM enrollment_rows($first, $partners)",
        {"first": first, "partners": partners},
    )
