"""The coordinator's health view shows the doctor's checks; others see nothing of it."""

from __future__ import annotations

import json
import shutil
import socket
import stat

from streamlit.testing.v1 import AppTest

from dashboard.widgets.health_view import health_table
from pipelines.access.scope import Viewer
from pipelines.operations.doctor import has_problem, run_checks
from pipelines.paths import DataDir
from tests.ops_helpers import cli

SCRIPT = """
import os
from dashboard.wiring.run_context import Context
from dashboard.widgets.health_view import render_health
from pipelines.access.scope import Viewer
from pipelines.paths import DataDir
viewer = Viewer(os.environ["HEALTH_ROLE"], "someone", os.environ.get("HEALTH_PARTNER") or None)
render_health(Context(DataDir(os.environ["HEALTH_DIR"]), None, viewer, None, None), lang="ru")
"""


def _copy(tiny_dir, tmp_path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, data_dir.root)
    return data_dir


def test_doctor_says_what_is_wrong_and_exits_1_on_a_problem(tiny_dir, tmp_path):
    data_dir = _copy(tiny_dir, tmp_path)
    code, out, _err = cli("doctor", "--json", "--data-dir", data_dir.root)
    found = {c["check"]: c for c in json.loads(out)["checks"]}
    assert code == 0 and found["backup"]["status"] == "warning"
    assert found["warehouse"]["status"] == "ok" and found["format"]["status"] == "ok"
    (data_dir.private / "secret.key").chmod(0o644)
    code, out, _err = cli("doctor", "--json", "--data-dir", data_dir.root)
    found = {c["check"]: c for c in json.loads(out)["checks"]}
    assert code == 1 and found["private"]["status"] == "problem"
    assert "private/secret.key" in found["private"]["message"]
    assert found["private"]["action"].startswith("Run: chmod 700")


def test_a_backup_clears_the_backup_warning(tiny_dir, tmp_path):
    data_dir = _copy(tiny_dir, tmp_path)
    assert cli("backup", "--out", tmp_path / "b.zip", "--data-dir", data_dir.root)[0] == 0
    checks = {c.name: c for c in run_checks(data_dir)}
    assert checks["backup"].status == "ok"


def test_doctor_reaches_a_local_mail_server(tiny_dir, tmp_path):
    from aiosmtpd.controller import Controller

    data_dir = _copy(tiny_dir, tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(object(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        (data_dir.private / "smtp.toml").write_text(f'host = "127.0.0.1"\nport = {port}\n')
        (data_dir.private / "smtp.toml").chmod(stat.S_IRUSR | stat.S_IWUSR)
        checks = {c.name: c for c in run_checks(data_dir)}
        assert checks["smtp"].status == "ok"
    finally:
        controller.stop()
    checks = {c.name: c for c in run_checks(data_dir)}
    assert checks["smtp"].status == "problem" and has_problem(list(checks.values()))


def test_the_table_is_in_the_readers_language(tiny_dir, tmp_path):
    table = health_table(run_checks(_copy(tiny_dir, tmp_path)), "kk")
    assert list(table.columns) == ["Күйі", "Тексеру", "Не анықталды", "Не істеу керек"]
    assert "Сақтық көшірме" in set(table["Тексеру"])


def _app(monkeypatch, data_dir: DataDir, role: str, partner: str = "") -> AppTest:
    monkeypatch.setenv("HEALTH_DIR", str(data_dir.root))
    monkeypatch.setenv("HEALTH_ROLE", role)
    monkeypatch.setenv("HEALTH_PARTNER", partner)
    at = AppTest.from_string(SCRIPT, default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_coordinator_sees_the_checks_and_a_partner_nothing(monkeypatch, tiny_dir, tmp_path):
    data_dir = _copy(tiny_dir, tmp_path)
    at = _app(monkeypatch, data_dir, "coordinator")
    assert [s.value for s in at.subheader] == ["Состояние установки"]
    table = at.dataframe[0].value
    assert len(table) == len(run_checks(data_dir)) and "⚠️ внимание" in set(table["Статус"])
    at = _app(monkeypatch, data_dir, "partner", "KAZNU")
    assert not at.subheader and not at.dataframe
    assert Viewer("partner", "x", "KAZNU").can("see_technical") is False
