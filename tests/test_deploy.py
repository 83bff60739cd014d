"""The server setup in deploy/: the health check that e-mails the coordinator (a real SMTP
server on 127.0.0.1), the daily backup script with its retention and second copy (real
archives), the systemd units (``systemd-analyze verify``), the Caddyfile (``caddy validate``)
and the install and upgrade scripts (shell syntax)."""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from pipelines.cli import main
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.submissions.ingest import Source, ingest

DEPLOY = REPO_ROOT / "deploy"
TINY = Path(__file__).parent / "fixtures" / "tiny"
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted(
    (DEPLOY / "systemd").glob("*.timer")
)


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


@pytest.fixture()
def data_dir(tmp_path, project) -> DataDir:
    """A small real installation whose health check finds nothing wrong."""
    data_dir = DataDir(tmp_path / "data")
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    assert ingest(data_dir, project, [Source(p.name, p) for p in files]).all_accepted
    data_dir.private.mkdir(parents=True, exist_ok=True)
    data_dir.private.chmod(0o700)
    return data_dir


def _smtp_settings(data_dir: DataDir, port: int) -> None:
    path = data_dir.private / "smtp.toml"
    path.write_text(
        f'host = "127.0.0.1"\nport = {port}\nsender = "leslie@upv.example"\ndeadline = 30\n',
        encoding="utf-8",
    )
    path.chmod(0o600)


def _doctor(data_dir: DataDir, *more: str) -> int:
    return main(["doctor", "--data-dir", str(data_dir.root), *more])


# ------------------------------------------------------------------------- health check


def test_a_problem_is_e_mailed_to_the_coordinator(data_dir, smtp, capsys):
    port, inbox = smtp
    _smtp_settings(data_dir, port)
    data_dir.private.chmod(0o755)  # a problem: secrets readable by others
    assert _doctor(data_dir, "--mail-to", "coordinator@upv.example") == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("The report was e-mailed to coordinator@upv.example.")
    assert len(inbox.received) == 1
    to, msg = inbox.received[0]
    assert to == ["coordinator@upv.example"]
    host = socket.gethostname()
    assert msg["Subject"] == f"LESLIE Impact on {host}: the health check found 1 problem"
    assert msg["From"] == "leslie@upv.example"
    body = msg.get_content().replace("\r\n", "\n")
    assert body.startswith(
        f"The daily health check of LESLIE Impact on {host} (data directory {data_dir.root})"
        " found what needs attention."
    )
    assert (
        "\nproblem   Others on this machine can read secrets or password hashes: private\n" in body
    )
    # the body is the report the terminal shows
    assert out.split("The report was")[0].strip() in body


def test_nothing_is_e_mailed_when_nothing_is_a_problem(data_dir, smtp, capsys):
    port, inbox = smtp
    _smtp_settings(data_dir, port)
    assert _doctor(data_dir, "--mail-to", "coordinator@upv.example") == 0
    time.sleep(0.2)
    assert inbox.received == []
    assert "e-mailed" not in capsys.readouterr().out


def test_without_mail_settings_the_check_says_so(data_dir, capsys):
    data_dir.private.chmod(0o755)
    assert _doctor(data_dir, "--mail-to", "coordinator@upv.example") == 2
    captured = capsys.readouterr()
    assert "private" in captured.out  # the report is still printed
    assert (
        "The health check cannot e-mail its report: the installation has no mail server "
        f"settings ({data_dir.private / 'smtp.toml'})." in captured.err
    )
    assert "Traceback" not in captured.err


# ------------------------------------------------------------------------------ backup


def _backup(tmp_path: Path, data_dir: DataDir, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DEPLOY / "bin" / "leslie-backup")],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "LESLIE_PYTHON": sys.executable,
            "LESLIE_DATA_DIR": str(data_dir.root),
            "BACKUP_DIR": str(tmp_path / "backups"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def _aged(path: Path, days: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"an older archive")
    then = time.time() - days * 86400
    os.utime(path, (then, then))
    return path


def test_the_daily_backup_keeps_its_days_and_copies_elsewhere(tmp_path, data_dir):
    backups, offsite = tmp_path / "backups", tmp_path / "offsite"
    expired = _aged(backups / "leslie-20260101T023000Z.zip", 31)
    kept = _aged(backups / "leslie-20261120T023000Z.zip", 9)
    other = _aged(backups / "notes.zip", 90)  # not ours: never removed
    expired_copy = _aged(offsite / "leslie-20260101T023000Z.zip", 31)
    done = _backup(tmp_path, data_dir, BACKUP_KEEP_DAYS="30", BACKUP_COPY_TO=str(offsite))
    assert done.returncode == 0, done.stderr
    new = sorted(set(backups.glob("leslie-*.zip")) - {kept})
    assert len(new) == 1
    assert not expired.exists() and kept.exists() and other.exists()
    assert not expired_copy.exists()
    assert (offsite / new[0].name).read_bytes() == new[0].read_bytes()
    with zipfile.ZipFile(new[0]) as archive:
        assert "MANIFEST.json" in archive.namelist()
    restored = DataDir(tmp_path / "restored")
    assert main(["restore", str(new[0]), "--data-dir", str(restored.root)]) == 0
    assert (restored.root / "store" / "ledger.sqlite").exists()


def test_the_backup_refuses_a_retention_that_is_not_a_number(tmp_path, data_dir):
    done = _backup(tmp_path, data_dir, BACKUP_KEEP_DAYS="a month")
    assert done.returncode == 2
    assert "BACKUP_KEEP_DAYS must be a number of days, found 'a month'" in done.stderr
    assert not (tmp_path / "backups").exists()


# ------------------------------------------------------------------- units and scripts


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    """Verified with the paths of this checkout (the units name /opt/leslie/...)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    assert {u.name for u in UNITS} >= {
        "leslie-dashboard.service",
        "leslie-backup.service",
        "leslie-backup.timer",
        "leslie-reminders.service",
        "leslie-reminders.timer",
        "leslie-doctor.service",
        "leslie-doctor.timer",
    }
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8")
        text = text.replace("/opt/leslie/venv/bin/python", sys.executable)
        text = text.replace("/opt/leslie/app", str(REPO_ROOT))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", *sorted(p.name for p in tmp_path.iterdir())],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = (done.stdout + done.stderr).strip()
    if done.returncode != 0 and ("System has not been booted" in said or "Failed to" in said):
        pytest.skip(f"systemd-analyze cannot verify here: {said[:300]}")
    assert done.returncode == 0 and said == "", said


def test_the_dashboard_unit_is_confined_and_restarts():
    unit = (DEPLOY / "systemd" / "leslie-dashboard.service").read_text(encoding="utf-8")
    lines = {line.strip() for line in unit.splitlines()}
    for setting in (
        "User=leslie",
        "Restart=on-failure",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/leslie",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
    ):
        assert setting in lines, setting
    assert "--server.address 127.0.0.1 --server.port ${LESLIE_PORT} \\" in lines


def test_the_caddyfile_is_valid_for_a_server(tmp_path):
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("Caddy is not installed (make browser installs Debian's caddy)")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    for name, value in (line.split("=", 1) for line in _settings()):
        env[name] = value
    done = subprocess.run(
        [caddy, "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Valid configuration" in done.stdout + done.stderr


def test_the_caddyfile_takes_the_institutions_certificate(tmp_path):
    """LESLIE_TLS may name a certificate and its key: Caddy then loads those files."""
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("Caddy is not installed (make browser installs Debian's caddy)")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "LESLIE_SITE": "impact.example.org",
        "LESLIE_TLS": "/etc/ssl/leslie/cert.pem /etc/ssl/leslie/key.pem",
    }
    done = subprocess.run(
        [caddy, "adapt", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    config = json.loads(done.stdout)
    files = config["apps"]["tls"]["certificates"]["load_files"]
    assert [(f["certificate"], f["key"]) for f in files] == [
        ("/etc/ssl/leslie/cert.pem", "/etc/ssl/leslie/key.pem")
    ]
    assert config["apps"]["http"]["servers"]["srv0"]["listen"] == [":443"]


def _settings() -> list[str]:
    lines = (DEPLOY / "leslie.env").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_the_settings_file_names_what_the_units_use():
    names = {line.split("=", 1)[0] for line in _settings()}
    used = set()
    for unit in [*UNITS, DEPLOY / "Caddyfile", DEPLOY / "bin" / "leslie-backup"]:
        text = unit.read_text(encoding="utf-8")
        for name in names:
            if f"${{{name}}}" in text or f"{{${name}" in text or f"${name}" in text:
                used.add(name)
    assert names - used == {"LESLIE_DATA_DIR"}  # read by the program itself


@pytest.mark.parametrize("script", ["install.sh", "upgrade.sh", "bin/leslie-backup"])
def test_the_scripts_parse(script):
    path = DEPLOY / script
    assert os.access(path, os.X_OK)
    done = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
