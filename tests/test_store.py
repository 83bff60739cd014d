"""The submission store: supersede, unchanged, history, all-or-nothing, crash safety,
readers during ingestion, and no learner id in clear anywhere on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines import warehouse
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import read_warehouse
from tests.conftest import copy_installation

TINY = Path(__file__).parent / "fixtures" / "tiny"
REPO = Path(__file__).resolve().parents[1]


def _tiny_sources() -> list[Source]:
    return [Source(p.name, p) for p in sorted(TINY.glob("*.csv"))]


def _actual(data_dir: DataDir, project, code: str, **filters) -> float | None:
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator(), Filters(**filters))
    return {v.code: v.actual for v in values}[code]


@pytest.fixture(scope="session")
def built_tiny_store(tmp_path_factory, project) -> DataDir:
    """The tiny CSV files ingested once per session: ``fresh`` is a copy of it."""
    data_dir = DataDir(tmp_path_factory.mktemp("store") / "data")
    result = ingest(data_dir, project, _tiny_sources())
    assert result.all_accepted
    return data_dir


@pytest.fixture()
def fresh(tmp_path, built_tiny_store) -> DataDir:
    return copy_installation(built_tiny_store, tmp_path / "data")


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_correction_supersedes_only_that_partner(fresh, project, tmp_path):
    correction = _write(
        tmp_path / "kaznu_v2.csv",
        """
        partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status,completed_on,ects_earned,credential_issued
        KAZNU,M-SLM1,K9,F,master,2024-03-01,completed,2024-06-15,5,yes
        """,
    )
    assert _actual(fresh, project, "ENR-1", partner="KAZNU") == 3
    result = ingest(fresh, project, [Source("kaznu_v2.csv", correction)])
    assert [f.status for f in result.files] == ["accepted"]
    assert _actual(fresh, project, "ENR-1", partner="KAZNU") == 1
    assert _actual(fresh, project, "ENR-1", partner="KOKSU") == 2  # untouched
    assert _actual(fresh, project, "ENR-1") == 8 - 3 + 1
    # history kept: the first enrollments file is still in the ledger, now superseded for KAZNU
    subs = Ledger(fresh.ledger).submissions()
    assert [s.template for s in subs] == ["modules", "enrollments", "dissemination", "enrollments"]
    with read_warehouse(fresh.warehouse) as con:
        states = con.execute(
            "SELECT submission_id, state FROM ledger_submission ORDER BY submission_id"
        ).fetchall()
    # the first enrollments file still holds the current rows of KOKSU, FPI and UPV
    assert states == [(1, "approved"), (2, "approved"), (3, "approved"), (4, "approved")]


def test_same_bytes_twice_is_unchanged(fresh, project):
    before = Ledger(fresh.ledger).position()
    identity = warehouse.identity(fresh.warehouse)
    result = ingest(fresh, project, _tiny_sources())
    assert [f.status for f in result.files] == ["unchanged"] * 3
    assert Ledger(fresh.ledger).position() == before
    assert result.build is None and warehouse.identity(fresh.warehouse) == identity


def test_fully_superseded_submission_is_marked(fresh, project, tmp_path):
    mods = (TINY / "1_modules.csv").read_text(encoding="utf-8")
    again = _write(
        tmp_path / "modules_v2.csv", mods.replace("Solid waste management", "Solid waste")
    )
    assert ingest(fresh, project, [Source("modules_v2.csv", again)]).all_accepted
    with read_warehouse(fresh.warehouse) as con:
        state = con.execute(
            "SELECT state FROM ledger_submission WHERE submission_id = 1"
        ).fetchall()
        title = con.execute(
            "SELECT title FROM fct_module WHERE module_code = 'M-WASTE' AND official"
        ).fetchall()
    assert state == [("superseded",)]
    assert title == [("Solid waste",)]


def test_rejected_file_leaves_no_trace_and_batch_keeps_good_files(fresh, project, tmp_path):
    bad = _write(
        tmp_path / "bad.csv",
        """
        activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,sdg_goals,url
        B1,NOPE,2025-01-01,workshop,Title,KZ,academics,1,1,,
        """,
    )
    good = _write(
        tmp_path / "good.csv",
        """
        activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,sdg_goals,url
        G1,UCY,2025-01-01,workshop,Title,CY,academics,10,10,,
        """,
    )
    parquet_before = sorted(fresh.submissions.rglob("*.parquet"))
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "ingest",
            str(bad),
            str(good),
            "--json",
            "--data-dir",
            str(fresh.root),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.returncode == 1
    files = json.loads(out.stdout)["files"]
    assert [(f["status"], f["template"]) for f in files] == [
        ("rejected", "dissemination"),
        ("accepted", "dissemination"),
    ]
    assert files[0]["errors"][0]["row"] == 2 and files[0]["errors"][0]["column"] == "partner_code"
    assert len(sorted(fresh.submissions.rglob("*.parquet"))) == len(parquet_before) + 1
    assert _actual(fresh, project, "DIS-1", partner="UCY") == 1


def test_missing_file_is_a_usage_error(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "ingest",
            str(tmp_path / "nope.csv"),
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.returncode == 2
    assert "File not found" in out.stderr and "Traceback" not in out.stderr


def test_a_killed_build_leaves_the_old_warehouse_answering(fresh, project):
    identity = warehouse.identity(fresh.warehouse)
    script = textwrap.dedent(f"""
        import os, signal
        from pipelines import warehouse
        from pipelines.config import load_project
        from pipelines.paths import DataDir, BUNDLED_PROJECT
        def die(message):
            if message == "building marts":
                os.kill(os.getpid(), signal.SIGKILL)
        warehouse.build(DataDir({str(fresh.root)!r}), load_project(BUNDLED_PROJECT), progress=die)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO)
    assert proc.returncode == -9
    leftovers = list(fresh.root.glob(".warehouse.*.tmp*"))
    assert leftovers, "the killed build should have been writing a temporary file"
    assert warehouse.identity(fresh.warehouse) == identity
    assert _actual(fresh, project, "ENR-1") == 8
    warehouse.build(fresh, project)  # the next build cleans up after the dead one
    assert not list(fresh.root.glob(".warehouse.*.tmp*"))


def test_readers_never_see_a_lock_error_while_ingesting(fresh, project, tmp_path):
    """A reader in another process reads the warehouse while each ingest is building the
    next one (asked to from the ingest's own progress step, so the read overlaps it): it
    sees the published figures, never a lock error, and the new ones once published."""
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from pipelines.config import load_project
            from pipelines.paths import BUNDLED_PROJECT
            from pipelines.metrics.indicators import Filters, compute
            from pipelines.access.scope import Viewer
            from pipelines.warehouse.build import read_warehouse
            project = load_project(BUNDLED_PROJECT)
            for line in sys.stdin:
                if line.strip() != "read":
                    break
                try:
                    with read_warehouse(Path({str(fresh.warehouse)!r})) as con:
                        values = compute(con, project, Viewer.coordinator(), Filters())
                    print("ok", int({{v.code: v.actual for v in values}}["DIS-1"]), flush=True)
                except Exception as exc:
                    print("error", type(exc).__name__, exc, flush=True)
        """),
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def read() -> str:
        reader.stdin.write("read\n")
        reader.stdin.flush()
        return reader.stdout.readline().strip()

    during: list[str] = []

    def overlap(message: str) -> None:  # the ingest is building: the new file is not out yet
        if message == "building marts":
            during.append(read())

    assert read() == "ok 5"  # the tiny data's five activities
    header = "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,sdg_goals,url\n"
    for n in range(3):
        f = tmp_path / f"ucy_{n}.csv"
        rows = "".join(
            f"U{k},UCY,2025-01-0{k + 1},workshop,T,CY,academics,{k},{k},,\n" for k in range(n + 1)
        )
        f.write_text(header + rows)  # a partner's new file replaces its earlier one: all rows
        assert ingest(fresh, project, [Source(f.name, f)], progress=overlap).all_accepted
        assert read() == f"ok {6 + n}"
    reader.communicate(input="stop\n", timeout=90)
    assert during == ["ok 5", "ok 6", "ok 7"]  # mid-build reads saw the published figures


def test_learner_ids_are_nowhere_in_clear(tmp_path, project):
    data_dir = DataDir(tmp_path / "data")
    secret_ids = ["zq-learner-7f3a91", "zq-learner-0b22c4"]
    enrollments = tmp_path / "enr.csv"
    enrollments.write_text(
        "partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status,completed_on,ects_earned,credential_issued\n"
        + "".join(f"KAZNU,M-SLM1,{i},F,master,2024-03-01,enrolled,,0,no\n" for i in secret_ids),
        encoding="utf-8",
    )
    result = ingest(
        data_dir, project, [Source("m.csv", TINY / "1_modules.csv"), Source("enr.csv", enrollments)]
    )
    assert result.all_accepted
    for path in data_dir.root.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            for learner in secret_ids:
                assert learner.encode() not in blob, path
    for parquet in data_dir.submissions.rglob("*.parquet"):
        schema = pq.read_schema(parquet)
        assert "learner_id" not in schema.names
    con = duckdb.connect(str(data_dir.warehouse), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE data_type = 'VARCHAR'"
        ).fetchall()
        for table, column in columns:
            hits = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" IN (?, ?)', secret_ids
            ).fetchall()[0][0]
            assert hits == 0, (table, column)
        learners = con.execute("SELECT count(DISTINCT learner_no) FROM fct_enrollment").fetchall()
        columns = {c for _t, c in columns}
    finally:
        con.close()
    assert learners == [(2,)]
    assert "learner_key" not in columns and "learner_id" not in columns
    keys = pq.read_table(next(data_dir.submissions.rglob("enrollments/*.parquet")))["learner_key"]
    assert all(len(k) == 64 and int(k, 16) >= 0 for k in keys.to_pylist())
    # the secret is private: owner-only permissions
    assert oct(os.stat(data_dir.secret_key).st_mode & 0o777) == "0o600"


def test_hmac_in_sql_equals_python_hmac(tmp_path):
    from pipelines.intake import pseudonym

    key = pseudonym.installation_secret(tmp_path / "k")
    ipad, opad = pseudonym.hmac_pads(key)
    con = duckdb.connect()
    got = con.execute(
        "SELECT " + pseudonym.HMAC_SQL.format(expr="$id"),
        {"id": "Ünïcode-42", "ipad": ipad, "opad": opad},
    ).fetchall()[0][0]
    assert got == pseudonym.learner_key(key, "Ünïcode-42")
    assert pseudonym.installation_secret(tmp_path / "k") == key  # stable once created


def test_every_stored_row_keeps_its_learners_keyed_hash(tmp_path, project):
    """Each distinct id is hashed once: every row, a learner's repeats included, still gets
    that learner's HMAC, in the file's order, with its other values as written."""
    from pipelines.intake import pseudonym

    data_dir = DataDir(tmp_path / "data")
    ids = ["L-ana", "L-bob", "L-ana", "L-cé", "L-bob", "L-ana"]
    modules = ["M-SLM1", "M-SLM1", "M-WASTE", "M-SLM1", "M-CLIM", "M-ENER"]
    enrollments = tmp_path / "enr.csv"
    enrollments.write_text(
        "partner_code,module_code,learner_id,gender,learner_type,enrolled_on,status,completed_on,ects_earned,credential_issued\n"
        + "".join(
            f"KAZNU,{m},{i},F,master,2024-03-0{n + 1},enrolled,,0,no\n"
            for n, (i, m) in enumerate(zip(ids, modules, strict=True))
        ),
        encoding="utf-8",
    )
    sources = [Source("m.csv", TINY / "1_modules.csv"), Source("enr.csv", enrollments)]
    result = ingest(data_dir, project, sources)
    assert result.all_accepted, result.files[1].errors
    key = pseudonym.installation_secret(data_dir.secret_key)
    stored = pq.read_table(next(data_dir.submissions.rglob("enrollments/*.parquet"))).to_pylist()
    assert [r["learner_key"] for r in stored] == [pseudonym.learner_key(key, i) for i in ids]
    assert [r["source_row"] for r in stored] == [2, 3, 4, 5, 6, 7]
    assert [r["module_code"] for r in stored] == modules
    assert [str(r["enrolled_on"]) for r in stored] == [f"2024-03-0{n}" for n in range(1, 7)]


def test_ledger_refuses_updates_and_deletes(fresh):
    import sqlite3

    con = sqlite3.connect(fresh.ledger)
    try:
        for statement in ("UPDATE submissions SET row_count = 0", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(statement)
    finally:
        con.close()


def test_empty_store_builds_an_empty_valid_warehouse(empty_dir, project):
    with read_warehouse(empty_dir.warehouse) as con:
        values = compute(con, project, Viewer.coordinator(), Filters())
        checks = con.execute(
            "SELECT count(*), count(*) FILTER (status = 'fail') FROM check_result"
        ).fetchall()
    assert [v.actual for v in values if v.code != "ENR-4"] == [0] * 11
    assert {v.code: v for v in values}["ENR-4"].actual is None
    assert checks[0][0] > 10 and checks[0][1] == 0
