"""Build the DuckDB warehouse from the submission store, and open it for reading.

A build writes a NEW file (staging -> core -> marts, then the declared checks) and publishes
it with one ``os.replace``: a crash or a failed build leaves the previous warehouse intact,
and readers (short-lived read-only connections) see either the old file or the new one,
never half a load. The warehouse is derived data: it can always be rebuilt from the store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.config import Project, today
from pipelines.errors import FiguresOutOfDate, StoreError, WarehouseMissing
from pipelines.intake.contract import TEMPLATES as CONTRACT_TEMPLATES
from pipelines.metrics import freshness as rule
from pipelines.paths import SQL_DIR, DataDir
from pipelines.store.ledger import (
    CurrentPair,
    Ledger,
    Submission,
    current_pairs,
    require_ledger,
)
from pipelines.warehouse import checks, incremental
from pipelines.warehouse.context_tables import load_context
from pipelines.warehouse.dimensions import load_dimensions
from pipelines.warehouse.tables import connect, create_table, open_read_only

TEMPLATES = tuple(CONTRACT_TEMPLATES)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    path: Path
    ledger_position: int
    seconds: float
    rows: dict[str, int]
    checks_failed: int
    checks_run: int


def connect_memory() -> duckdb.DuckDBPyConnection:
    return connect()


def _run_sql_files(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    for path in sorted((SQL_DIR / folder).glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------- dimensions


def load_ledger(
    con: duckdb.DuckDBPyConnection, submissions: list[Submission], pairs: list[CurrentPair]
) -> None:
    current_ids = {p.submission_id for p in pairs}
    create_table(
        con,
        "ledger_submission",
        [
            {
                "submission_id": s.submission_id,
                "template": s.template,
                "sha256": s.sha256,
                "partners": list(s.partners),
                "row_count": s.row_count,
                "file_name": s.file_name,
                "received_at": s.received_at,
                "submitted_by": s.submitted_by,
                "channel": s.channel,
                "state": s.state
                if (s.submission_id in current_ids or s.state != "approved")
                else "superseded",
                "state_at": s.state_at,
                "state_by": s.state_by,
                "comment": s.comment,
            }
            for s in submissions
        ],
        pa.schema(
            [
                ("submission_id", pa.int32()),
                ("template", pa.string()),
                ("sha256", pa.string()),
                ("partners", pa.list_(pa.string())),
                ("row_count", pa.int64()),
                ("file_name", pa.string()),
                ("received_at", pa.string()),
                ("submitted_by", pa.string()),
                ("channel", pa.string()),
                ("state", pa.string()),
                ("state_at", pa.string()),
                ("state_by", pa.string()),
                ("comment", pa.string()),
            ]
        ),
    )
    create_table(
        con,
        "current_pair",
        [
            {
                "template": p.template,
                "partner_code": p.partner_code,
                "submission_id": p.submission_id,
                "official": p.official,
                "with_pending": p.with_pending,
            }
            for p in pairs
        ],
        pa.schema(
            [
                ("template", pa.string()),
                ("partner_code", pa.string()),
                ("submission_id", pa.int32()),
                ("official", pa.bool_()),
                ("with_pending", pa.bool_()),
            ]
        ),
    )


def load_sources(
    con: duckdb.DuckDBPyConnection,
    store: Path,
    submissions: list[Submission],
    pairs: list[CurrentPair],
    enrollment_partners: list[str] | None = None,
) -> None:
    """Expose as src_<template> the rows of the submissions that are current somewhere
    (for enrollments, of ``enrollment_partners`` only when given: an incremental build)."""
    _run_sql_files(con, "staging")
    by_id = {s.submission_id: s for s in submissions}
    for template in TEMPLATES:
        wanted = [
            p
            for p in pairs
            if p.template == template
            and (
                template != "enrollments"
                or enrollment_partners is None
                or p.partner_code in enrollment_partners
            )
        ]
        ids = sorted({p.submission_id for p in wanted})
        if not ids:
            continue
        files = [str(store / by_id[i].parquet) for i in ids]
        missing = [f for f in files if not os.path.exists(f)]
        if missing:
            raise StoreError(
                f"The submission store is missing {missing[0]}; restore it from backup"
            )
        create_table(
            con,
            f"_files_{template}",
            [{"path": f, "submission_id": i} for f, i in zip(files, ids, strict=True)],
            pa.schema([("path", pa.string()), ("submission_id", pa.int32())]),
        )
        # a view, not a copy: the core models read the Parquet files once
        con.read_parquet(files, filename=True).create_view(f"_parquet_{template}")
        con.execute(f"DROP TABLE src_{template}")
        con.execute(
            f"CREATE TEMP VIEW src_{template} AS "
            f"SELECT f.submission_id, p.* EXCLUDE (filename) "
            f"FROM _parquet_{template} AS p JOIN _files_{template} AS f ON f.path = p.filename"
        )


STAGING_PREFIXES = ("stg_", "src_", "_parquet_", "_files_")


def _drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Staging lives only during the build: the warehouse keeps core and marts."""

    def staging(name: str) -> bool:
        return name.startswith(STAGING_PREFIXES)

    views = con.execute("SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal")
    for schema, name in views.fetchall():  # views first: they depend on the tables
        if staging(name):
            con.execute(f'DROP VIEW "{schema}"."{name}"')
    tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal")
    for schema, name in tables.fetchall():
        if staging(name):
            con.execute(f'DROP TABLE "{schema}"."{name}"')


# ------------------------------------------------------------------------------ build


def build_into(
    path: Path,
    data_dir: DataDir,
    project: Project,
    position: int | None = None,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    previous: Path | None = None,
) -> BuildResult:
    """Build a complete warehouse file at ``path`` (which must not exist), from the store or,
    when ``previous`` allows, from a copy of it (incremental.py)."""
    from pipelines.warehouse import marts  # after core: marts read the built tables

    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    as_of = as_of or today()
    require_ledger(data_dir.ledger, data_dir.submissions)
    ledger = Ledger(data_dir.ledger)
    pos = ledger.position() if position is None else position
    submissions = ledger.submissions(pos)
    pairs = current_pairs(submissions)
    chosen = incremental.FULL if previous is None else incremental.plan(previous, project, pairs)
    made_by = rule.fingerprint(project)  # read once: what these figures are made from
    # No wrapping transaction: the file is private until os.replace publishes it, and DuckDB
    # works much faster on committed tables than on one huge transaction-local change.
    if chosen.start_from is not None:
        say("starting from the previous warehouse")
        incremental.start(path, chosen)
    con = connect(str(path))
    try:
        incremental.clear(con)
        say("loading dimensions and ledger")
        load_dimensions(con, project, as_of)
        load_ledger(con, submissions, pairs)
        say("reading current submissions")
        load_sources(con, data_dir.store, submissions, pairs, chosen.enrollment_partners)
        load_context(con, data_dir.root)  # national SDG figures, when any were imported
        say("building core tables")
        _run_sql_files(con, "core")  # fct_enrollment: made here only when not carried over
        if chosen.start_from is not None:
            incremental.replace_enrollments(con, chosen.enrollment_partners or [])
        _drop_staging(con)
        con.execute("CHECKPOINT")  # marts and checks then read compressed, committed tables
        # recorded before the marts, so that the engine making them trusts the new partials
        _write_build_info(con, BuildResult(path, pos, 0.0, {}, 0, 0), as_of, made_by, chosen.mode)
        say("building marts")
        marts.update_partials(con, project, chosen.partial_partners)
        marts.build_marts(con, project, as_of)
        say("running data checks")
        results = checks.run_checks(con, project, chosen.enrollment_partners)
        rows = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("fct_module", "fct_enrollment", "fct_activity")
        }
        seconds = time.perf_counter() - started
        failed = sum(1 for r in results if r.status == "fail")
        info = BuildResult(path, pos, seconds, rows, failed, len(results))
        _write_build_info(con, info, as_of, made_by, chosen.mode)
        say("writing the warehouse")
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        path.unlink(missing_ok=True)
        raise
    con.close()
    return info


BUILD_INFO_SCHEMA = pa.schema(
    [
        ("built_at", pa.string()),
        ("ledger_position", pa.int64()),
        ("as_of", pa.date32()),
        ("seconds", pa.float64()),
        ("rows", pa.string()),
        ("checks_run", pa.int64()),
        ("checks_failed", pa.int64()),
        ("fingerprint", pa.string()),
        ("mode", pa.string()),
    ]
)


def _write_build_info(
    con: duckdb.DuckDBPyConnection, info: BuildResult, as_of: dt.date, fingerprint: str, mode: str
) -> None:
    """What the build was: when, from which ledger position, how its checks went, and how it
    was made (the fingerprint lets the next build start from this one)."""
    row = {
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "ledger_position": info.ledger_position,
        "as_of": as_of,
        "seconds": round(info.seconds, 3),
        "rows": json.dumps(info.rows),
        "checks_run": info.checks_run,
        "checks_failed": info.checks_failed,
        "fingerprint": fingerprint,
        "mode": mode,
    }
    con.execute("DROP TABLE IF EXISTS build_info")
    create_table(con, "build_info", [row], BUILD_INFO_SCHEMA)


def build(
    data_dir: DataDir,
    project: Project,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
    full: bool = False,
) -> BuildResult:
    """Build a new warehouse and publish it atomically over the live one: incrementally from
    the live one when it allows (incremental.py), in full when ``full`` or it does not."""
    data_dir.ensure()
    _remove_stale_builds(data_dir.root)
    tmp = data_dir.root / f".warehouse.{os.getpid()}.{time.time_ns()}.tmp"
    previous = None if full else data_dir.warehouse
    try:
        result = build_into(
            tmp, data_dir, project, progress=progress, as_of=as_of, previous=previous
        )
        (progress or (lambda _msg: None))("publishing the warehouse")
        _fsync(tmp)
        os.replace(tmp, data_dir.warehouse)
        _fsync_dir(data_dir.root)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return BuildResult(
        data_dir.warehouse,
        result.ledger_position,
        result.seconds,
        result.rows,
        result.checks_failed,
        result.checks_run,
    )


def _remove_stale_builds(root: Path) -> None:
    """A build that was killed leaves its temporary file; the live warehouse never notices."""
    for leftover in root.glob(".warehouse.*.tmp*"):
        try:
            pid = int(leftover.name.split(".")[2])
        except (IndexError, ValueError):
            continue
        if not _alive(pid):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------------------ freshness


def warehouse_position(path: Path) -> int | None:
    """The ledger position the published warehouse was built at; None when there is none."""
    if not path.exists():
        return None
    try:
        with read_warehouse(path) as con:
            row = con.execute("SELECT max(ledger_position) FROM build_info").fetchall()
    except (StoreError, duckdb.Error):
        return None  # unreadable or half-written by an older release: treat as missing
    return None if not row or row[0][0] is None else int(row[0][0])


def ledger_position(data_dir: DataDir) -> int:
    """The ledger's last event id (0 when nothing was ever submitted)."""
    if not data_dir.ledger.exists():
        return 0
    return Ledger(data_dir.ledger).position()


def freshness(data_dir: DataDir, project: Project) -> rule.Verdict:
    """Whether the published figures are current (``rule.judge``: settings, SQL and ledger).

    A data directory without a warehouse and without submissions has nothing stale."""
    behind = ledger_position(data_dir)
    record = _record(str(data_dir.warehouse), identity(data_dir.warehouse))
    if record is None and not data_dir.warehouse.exists() and behind == 0:
        return rule.Verdict()
    if record is None:
        return rule.Verdict((rule.LEDGER,) if behind > 0 else (rule.UNRECORDED,))
    return rule.judge(record, project, behind)


@lru_cache(maxsize=16)
def _record(path: str, build: tuple[int, int] | None) -> rule.Built | None:
    """The build record of the warehouse file ``build`` identifies (a build is a new file)."""
    if build is None:
        return None
    try:
        with read_warehouse(Path(path)) as con:
            return rule.built(con)
    except (StoreError, duckdb.Error):
        return None  # unreadable or half-written by an older release: treat as missing


def is_behind(data_dir: DataDir) -> bool:
    """True when the warehouse misses ledger events (a build was killed after the ledger
    write) or is missing while submissions exist."""
    behind = ledger_position(data_dir)
    built = warehouse_position(data_dir.warehouse)
    if built is None:
        return behind > 0
    return built < behind


def remove_leftovers(data_dir: DataDir) -> list[Path]:
    """Temporary files of killed builds and of Parquet writes that never reached the ledger.

    Call with the store lock held: no Parquet write is then in progress.
    """
    removed = []
    for leftover in data_dir.submissions.glob("*/*.parquet.tmp"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    _remove_stale_builds(data_dir.root)
    return removed


def ensure_fresh(
    data_dir: DataDir, project: Project, progress: Progress | None = None
) -> BuildResult | None:
    """Rebuild first when the figures are not current (``freshness``): the warehouse is behind
    the ledger (self-repair after a crash), or the settings or SQL changed since its build.

    Takes the store lock, so it waits for a running ingest, which builds itself. Raises
    OSError when the lock cannot be taken (a data directory the process may only read).
    """
    if freshness(data_dir, project).current:
        return None
    from pipelines.store.lock import store_lock

    with store_lock(data_dir):
        remove_leftovers(data_dir)
        verdict = freshness(data_dir, project)
        if verdict.current:  # the ingest we waited for has built it
            return None
        (progress or (lambda _m: None))(
            "the warehouse was behind the ledger: rebuilding"
            if verdict.reasons == (rule.LEDGER,)
            else "the settings changed since the last build: rebuilding"
        )
        return build(data_dir, project, progress=progress)


def require_current(
    data_dir: DataDir, project: Project, progress: Progress | None = None
) -> BuildResult | None:
    """``ensure_fresh``, or FiguresOutOfDate (saying why) when the figures are not current
    and this process cannot rebuild them (it may not take the store's lock or write the
    data directory). Every reader of figures goes through here or through ``ensure_fresh``."""
    try:
        return ensure_fresh(data_dir, project, progress)
    except OSError as exc:
        verdict = freshness(data_dir, project)
        if verdict.current:
            return None
        raise out_of_date(verdict) from exc


def out_of_date(verdict: rule.Verdict) -> FiguresOutOfDate:
    """The keyed error for figures that are not current: the first reason names why."""
    return FiguresOutOfDate(
        key=f"freshness.out_of_date.{verdict.reasons[0]}", built=verdict.built_at or "–"
    )


# ----------------------------------------------------------------------------- reading


def identity(path: Path) -> tuple[int, int] | None:
    """A cache key that changes with every published build (the file is replaced)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


@contextmanager
def read_warehouse(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection: never blocks the builder, never kept across calls."""
    if not path.exists():
        raise WarehouseMissing(
            f"No warehouse at {path} yet: ingest files with 'python -m pipelines ingest' "
            "or create the sample installation with 'python -m pipelines demo'"
        )
    try:
        con = open_read_only(str(path))
    except duckdb.Error as exc:
        raise StoreError(f"Cannot open the warehouse {path}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()
