"""One freshness rule: a warehouse's figures are current when it was built from the settings
and SQL in force now, at the ledger's position.

A build records the ``fingerprint`` of everything that decides its figures: the loaded
project's settings that the build reads (the content, never a file's path or modification
time: a restore or a copy keeps those), every bundled SQL file and every indicator's SQL
file (a data directory's own ``indicators/*.sql`` included), and it records the ledger
position it was built at. Every reader compares them through ``judge``: the command line,
an ingest, the dashboard and the reports (through ``pipelines.warehouse.build.freshness``
and ``ensure_fresh``), and the engine before it trusts the figures stored at build time
(``mart_partial``, ``mart_indicator_progress``). No streamlit here.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

import duckdb

from pipelines.config import Project
from pipelines.paths import SQL_DIR, sql_file

LOGIC_VERSION = "2"  # raise when the build's Python changes the tables it makes

# Settings only read when a figure is shown or a file received, never by the build: changing
# them needs no rebuild. A setting the build reads must not be listed here. The work plan's
# deliverables and milestones (project.toml's or a list loaded into the data directory) are
# read by the work plan's pages and reports, never by the build.
READ_AFTER_THE_BUILD = ("access", "accessibility", "calendar", "reporting", "work_plan")
# Where the settings were read from, not what they say (their content is hashed instead).
LOCATIONS = ("source", "indicator_sql")

SETTINGS = "settings"  # the settings or the SQL changed since the build
LEDGER = "ledger"  # submissions were recorded after the build
UNRECORDED = "unrecorded"  # built by an older release, which recorded no fingerprint
REASONS = (SETTINGS, LEDGER, UNRECORDED)


def fingerprint(project: Project) -> str:
    """Changes whenever the SQL, an indicator's definition or a setting the build reads does."""
    digest = hashlib.sha256(LOGIC_VERSION.encode())
    for path in sorted(SQL_DIR.rglob("*.sql")):
        digest.update(path.relative_to(SQL_DIR).as_posix().encode() + path.read_bytes())
    for code in sorted(project.indicator_sql):
        digest.update(code.encode() + project.indicator_sql[code].read_bytes())
    skipped = READ_AFTER_THE_BUILD + LOCATIONS
    settings = {
        f.name: getattr(project, f.name)
        for f in dataclasses.fields(project)
        if f.name not in skipped
    }
    digest.update(repr(settings).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Built:
    """What a warehouse says about its own build (``build_info``)."""

    fingerprint: str | None
    ledger_position: int | None
    built_at: str | None


def built(con: duckdb.DuckDBPyConnection) -> Built | None:
    """The build's record; None when the warehouse has none (older than build_info)."""
    try:
        rows = con.execute(sql_file("queries/build_fingerprint.sql")).fetchall()
    except duckdb.BinderException:  # older than the fingerprint column
        try:
            rows = con.execute(sql_file("queries/build_position.sql")).fetchall()
        except duckdb.Error:
            return None
    except duckdb.Error:
        return None
    if not rows:
        return None
    fp, position, built_at = rows[0]
    return Built(fp, None if position is None else int(position), built_at)


@dataclass(frozen=True)
class Verdict:
    """Whether the figures are current, and if not why (keys of ``REASONS``)."""

    reasons: tuple[str, ...] = ()
    built_at: str | None = None

    @property
    def current(self) -> bool:
        return not self.reasons


def judge(record: Built | None, project: Project, ledger_position: int | None = None) -> Verdict:
    """THE comparison: the warehouse's record against the settings and SQL in force now, and
    against the ledger's position when given (None: only how the figures were made)."""
    if record is None:
        return Verdict((UNRECORDED,))
    reasons = []
    if record.fingerprint is None:
        reasons.append(UNRECORDED)
    elif record.fingerprint != fingerprint(project):
        reasons.append(SETTINGS)
    if ledger_position is not None and (record.ledger_position or 0) < ledger_position:
        reasons.append(LEDGER)
    return Verdict(tuple(reasons), record.built_at)


def made_as_configured(con: duckdb.DuckDBPyConnection, project: Project) -> bool:
    """Whether what the build stored (partials, marts) follows today's settings and SQL; the
    engine reads it only then, and otherwise computes from the facts."""
    return judge(built(con), project).current
