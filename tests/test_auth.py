"""Embedded accounts: policy, argon2id hashes, lockout, session expiry, no clear password on
disk, the single sign-on mapping, and the ``users`` command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import stat
import tomllib

import pytest
from argon2 import PasswordHasher

from pipelines.access import audit
from pipelines.access.accounts import (
    WRONG,
    Accounts,
    accounts_path,
    load_oidc_mapping,
    parse_oidc_mapping,
    production_hasher,
    viewer_for_oidc,
)
from pipelines.access.scope import Viewer
from pipelines.cli import main
from pipelines.errors import AccessDenied, ConfigError, UsageError
from pipelines.paths import DataDir

PASSWORD = "correct horse battery"
OS_USER = audit.os_user()  # who runs a command line, in the audit log
START = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand: lockout and expiry without sleeping."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class CountingHasher(PasswordHasher):
    """The real argon2id hasher (cheap parameters), counting verifications."""

    def __init__(self, **params) -> None:
        super().__init__(time_cost=1, memory_cost=8192, parallelism=1, **params)
        self.verifications = 0

    def verify(self, hash, password):
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture()
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture()
def accounts(data_dir, project, clock, hasher) -> Accounts:
    store = Accounts(data_dir, project, clock=clock, hasher=hasher)
    store.add("kaznu-data", "partner", PASSWORD, partner="kaznu")
    return store


def _log(data_dir: DataDir) -> list[tuple[str, str, str | None]]:
    """(who, action, target) oldest first."""
    found = audit.entries(data_dir, Viewer.coordinator(), limit=1000)
    return [(e.who, e.action, e.target) for e in reversed(found)]


# ------------------------------------------------------------------------------ accounts


def test_added_account_is_listed_with_its_scope_and_no_hash(accounts):
    (account,) = accounts.list_accounts()
    assert (account.username, account.role, account.partner, account.country) == (
        "kaznu-data",
        "partner",
        "KAZNU",
        None,
    )
    assert account.created_at == "2026-11-29T09:00:00+00:00"
    assert (account.failed_attempts, account.locked_until, account.disabled) == (0, None, False)
    assert "hash" not in " ".join(f.name for f in dataclasses.fields(account))
    assert account.viewer() == Viewer("partner", "kaznu-data", "KAZNU", None)


def test_store_holds_argon2id_hashes_only(data_dir, project):
    # what every store hashes with outside the tests (tests/conftest.py swaps in a cheap one)
    store = Accounts(data_dir, project, hasher=production_hasher())
    store.add("upv-coord", "coordinator", PASSWORD)
    import sqlite3

    con = sqlite3.connect(accounts_path(data_dir))
    (digest,) = con.execute("SELECT password_hash FROM accounts").fetchone()
    con.close()
    assert re.match(r"^\$argon2id\$v=19\$m=65536,t=3,p=4\$", digest), digest
    assert PasswordHasher().verify(digest, PASSWORD)


def test_store_refuses_a_hash_that_is_not_argon2id(accounts, data_dir):
    import sqlite3

    con = sqlite3.connect(accounts_path(data_dir))
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO accounts (username, role, password_hash, created_at)"
            " VALUES ('x1x', 'coordinator', ?, '2026-01-01')",
            (hashlib.sha256(PASSWORD.encode()).hexdigest(),),
        )
    con.close()


def test_account_store_file_is_private(accounts, data_dir):
    accounts.authenticate("kaznu-data", PASSWORD)
    assert stat.S_IMODE(accounts_path(data_dir).stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.private.stat().st_mode) == 0o700
    for extra in data_dir.private.glob("accounts.sqlite-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra


@pytest.mark.parametrize(
    ("username", "message"),
    [
        (
            "jane@kaznu.kz",
            "Usernames may not contain '@' ('jane@kaznu.kz'): use a handle such as "
            "'kaznu-data', not an e-mail address (no personal data is stored)",
        ),
        (
            "ab",
            "Invalid username 'ab': use 3 to 40 characters, lower-case letters, digits, '.', "
            "'_' or '-', starting with a letter or digit (e.g. 'kaznu-data')",
        ),
        (
            "kaznu data",
            "Invalid username 'kaznu data': use 3 to 40 characters, lower-case letters, digits, "
            "'.', '_' or '-', starting with a letter or digit (e.g. 'kaznu-data')",
        ),
    ],
)
def test_invalid_usernames_are_refused(accounts, username, message):
    with pytest.raises(UsageError) as err:
        accounts.add(username, "coordinator", PASSWORD)
    assert str(err.value) == message


def test_usernames_are_case_insensitive_and_unique(accounts):
    with pytest.raises(UsageError, match=r"^An account named 'kaznu-data' already exists$"):
        accounts.add("KAZNU-Data", "partner", PASSWORD, partner="KAZNU")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass1", "The password is too short: use at least 12 characters"),
        (" " * 12, "The password may not be only spaces"),
        ("Ucy-Office-1", "The password may not be the username"),
        ("x" * 1025, "The password is too long: use at most 1024 characters"),
    ],
)
def test_password_policy(accounts, password, message):
    with pytest.raises(UsageError) as err:
        accounts.add("ucy-office-1", "partner", password, partner="UCY")
    assert str(err.value) == message
    assert accounts.get("ucy-office-1") is None


@pytest.mark.parametrize(
    ("role", "partner", "country", "message"),
    [
        ("partner", None, None, "A partner account needs --partner CODE"),
        ("partner", "KAZNU", "KZ", "A partner account takes --partner CODE, not --country ISO2"),
        ("national_office", None, None, "A national office account needs --country ISO2"),
        ("national_office", None, "FR", "Unknown country 'FR'; use one of: ES, IT, CY, KZ, UZ"),
        ("coordinator", "UPV", None, "A coordinator account sees everything: give no "
         "--partner CODE or --country ISO2"),
        ("public", None, None, "Unknown role 'public'; use one of: coordinator, "
         "national_office, partner"),
    ],
)  # fmt: skip
def test_role_and_scope_must_fit(accounts, role, partner, country, message):
    with pytest.raises(UsageError) as err:
        accounts.add("someone", role, PASSWORD, partner=partner, country=country)
    assert str(err.value) == message


def test_unknown_partner_lists_the_configured_ones(accounts, project):
    with pytest.raises(UsageError) as err:
        accounts.add("someone", "partner", PASSWORD, partner="MIT")
    assert (
        str(err.value) == f"Unknown partner 'MIT'; use one of: {', '.join(project.partner_codes)}"
    )


# ----------------------------------------------------------------------------- sessions


def test_sign_in_gives_a_session_whose_token_is_stored_hashed(accounts, data_dir):
    session = accounts.authenticate("KAZNU-data ", PASSWORD)
    assert session.viewer == Viewer("partner", "kaznu-data", "KAZNU", None)
    assert session.expires_at == START + dt.timedelta(minutes=60)
    assert accounts.resume(session.token) == session.viewer
    assert session.token not in repr(session)
    raw = accounts_path(data_dir).read_bytes()
    assert session.token.encode() not in raw
    assert hashlib.sha256(session.token.encode()).hexdigest().encode() in raw


def test_wrong_and_unknown_give_the_same_message_and_the_same_work(accounts, hasher):
    for username, password in (("kaznu-data", "wrong password!"), ("nobody-here", PASSWORD)):
        before = hasher.verifications
        with pytest.raises(AccessDenied) as err:
            accounts.authenticate(username, password)
        assert str(err.value) == WRONG == "Wrong username or password"
        assert hasher.verifications - before == 1, username


def test_failed_sign_in_of_unknown_name_does_not_log_what_was_typed(accounts, data_dir):
    with pytest.raises(AccessDenied):
        accounts.authenticate(PASSWORD, "kaznu-data")  # fields swapped by mistake
    who, action, target = _log(data_dir)[-1]
    assert (who, action, target) == ("(unknown)", "login_failed", None)
    for path in data_dir.root.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_session_expires_after_session_minutes(accounts, clock):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    clock.advance(minutes=59, seconds=59)
    assert accounts.resume(session.token) is not None
    clock.advance(seconds=1)
    assert accounts.resume(session.token) is None
    clock.advance(minutes=-30)  # the expired session was deleted, not merely hidden
    assert accounts.resume(session.token) is None


def test_logout_ends_the_session_and_is_logged(accounts, data_dir):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    accounts.logout(session.token)
    assert accounts.resume(session.token) is None
    assert _log(data_dir)[-1] == ("kaznu-data", "logout", None)
    accounts.logout(session.token)  # twice: nothing happens, nothing logged
    accounts.logout("not-a-token")
    assert [a for _w, a, _t in _log(data_dir)].count("logout") == 1


@pytest.mark.parametrize("token", [None, "", "x" * 5000, "forged-token"])
def test_resume_refuses_tokens_it_did_not_issue(accounts, token):
    assert accounts.resume(token) is None


def test_a_refused_session_cookie_is_audited_without_its_token(accounts, data_dir, clock):
    """The dashboard resumes a browser's cookie through ``resume_cookie``: each refusal is an
    entry (whose session, when known, and why); the token is never written down."""
    live = accounts.authenticate("kaznu-data", PASSWORD)
    assert accounts.resume_cookie(live.token) == live.viewer  # accepted: nothing logged
    old = accounts.authenticate("kaznu-data", PASSWORD)
    clock.advance(minutes=60)
    accounts.resume_cookie(None)  # a cookie that is not a token
    accounts.resume_cookie("forged-token-0123456789")
    accounts.resume_cookie(old.token)
    found = audit.entries(data_dir, Viewer.coordinator(), action="session_refused")
    assert [(e.who, e.target, e.detail) for e in reversed(found)] == [
        ("(unknown)", None, {"reason": "malformed", "via": "cookie"}),
        ("(unknown)", None, {"reason": "unknown session", "via": "cookie"}),
        ("kaznu-data", None, {"reason": "expired", "via": "cookie"}),
    ]
    assert accounts.resume(old.token) is None  # the plain check logs nothing more
    assert len(audit.entries(data_dir, Viewer.coordinator(), action="session_refused")) == 3
    log = audit.audit_path(data_dir).read_bytes()
    assert live.token.encode() not in log and old.token.encode() not in log


def test_lockout_after_the_configured_attempts_even_for_the_right_password(
    accounts, clock, data_dir, project
):
    assert (project.access.lockout_attempts, project.access.lockout_minutes) == (5, 15)
    for _ in range(5):
        with pytest.raises(AccessDenied, match=f"^{WRONG}$"):
            accounts.authenticate("kaznu-data", "wrong password!")
    with pytest.raises(AccessDenied) as err:  # locked: the same answer as a wrong password
        accounts.authenticate("kaznu-data", PASSWORD)
    assert (str(err.value), err.value.key) == (WRONG, "ops.signin.failed")
    assert accounts.get("kaznu-data").locked_until == "2026-11-29T09:15:00+00:00"
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AccessDenied, match=f"^{WRONG}$"):
        accounts.authenticate("kaznu-data", PASSWORD)
    clock.advance(seconds=1)
    assert accounts.authenticate("kaznu-data", PASSWORD).username == "kaznu-data"
    assert accounts.get("kaznu-data").locked_until is None
    actions = [a for _w, a, _t in _log(data_dir)]
    assert actions.count("lockout") == 1
    assert actions[-1] == "login"
    assert actions.count("login_failed") == 7  # 5 wrong + 2 while locked


def test_a_successful_sign_in_resets_the_count(accounts):
    for _round in range(2):
        for _ in range(4):
            with pytest.raises(AccessDenied):
                accounts.authenticate("kaznu-data", "wrong password!")
        accounts.authenticate("kaznu-data", PASSWORD)
    assert accounts.get("kaznu-data").failed_attempts == 0
    assert accounts.get("kaznu-data").locked_until is None


def test_reset_password_unlocks_and_ends_sessions(accounts, data_dir):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    for _ in range(5):
        with pytest.raises(AccessDenied):
            accounts.authenticate("kaznu-data", "wrong password!")
    accounts.reset_password("kaznu-data", "a brand new passphrase", by="upv-coord")
    assert accounts.resume(session.token) is None
    with pytest.raises(AccessDenied, match=f"^{WRONG}$"):
        accounts.authenticate("kaznu-data", PASSWORD)
    assert accounts.authenticate("kaznu-data", "a brand new passphrase")
    assert ("upv-coord", "user_reset", "kaznu-data") in _log(data_dir)


def test_role_change_applies_at_once_and_ends_sessions(accounts, data_dir):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    accounts.set_role("kaznu-data", "national_office", country="kz", by="upv-coord")
    assert accounts.resume(session.token) is None
    again = accounts.authenticate("kaznu-data", PASSWORD)
    assert again.viewer == Viewer("national_office", "kaznu-data", None, "KZ")
    entry = audit.entries(data_dir, Viewer.coordinator(), action="user_role")[0]
    assert (entry.who, entry.target) == ("upv-coord", "kaznu-data")
    assert entry.detail == {
        "role": "national_office",
        "scope": "KZ",
        "was_role": "partner",
        "was_scope": "KAZNU",
    }


def test_disabled_account_cannot_sign_in_or_resume(accounts):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    accounts.set_disabled("kaznu-data", True)
    assert accounts.resume(session.token) is None
    with pytest.raises(AccessDenied, match=f"^{WRONG}$"):
        accounts.authenticate("kaznu-data", PASSWORD)
    accounts.set_disabled("kaznu-data", False)
    assert accounts.authenticate("kaznu-data", PASSWORD)


def test_removed_account_is_gone(accounts, data_dir):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    accounts.remove("kaznu-data", by="upv-coord")
    assert accounts.list_accounts() == []
    assert accounts.resume(session.token) is None
    with pytest.raises(AccessDenied, match=f"^{WRONG}$"):
        accounts.authenticate("kaznu-data", PASSWORD)
    with pytest.raises(UsageError, match=r"^No account named 'kaznu-data'"):
        accounts.remove("kaznu-data")


def test_account_whose_partner_left_the_project_sees_nothing(accounts, data_dir, project, clock):
    session = accounts.authenticate("kaznu-data", PASSWORD)
    smaller = dataclasses.replace(
        project, partners=tuple(p for p in project.partners if p.code != "KAZNU")
    )
    later = Accounts(data_dir, smaller, clock=clock, hasher=CountingHasher())
    assert later.resume(session.token) is None
    with pytest.raises(AccessDenied) as err:
        later.authenticate("kaznu-data", PASSWORD)
    assert str(err.value) == (
        "This partner account is not linked to a configured partner: "
        "ask the coordinator to fix the account"
    )


def test_outdated_hash_parameters_are_upgraded_at_sign_in(data_dir, project):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    Accounts(data_dir, project, hasher=weak).add("upv-coord", "coordinator", PASSWORD)
    strong = PasswordHasher(time_cost=2, memory_cost=16384, parallelism=1)
    store = Accounts(data_dir, project, hasher=strong)
    store.authenticate("upv-coord", PASSWORD)
    import sqlite3

    con = sqlite3.connect(accounts_path(data_dir))
    (digest,) = con.execute("SELECT password_hash FROM accounts").fetchone()
    con.close()
    assert "$m=16384,t=2,p=1$" in digest
    assert store.authenticate("upv-coord", PASSWORD)


def test_no_clear_password_anywhere_under_the_data_dir(accounts, data_dir):
    other = "second secret passphrase"
    accounts.add("upv-coord", "coordinator", other)
    accounts.authenticate("upv-coord", other)
    for wrong in (PASSWORD + "x", other[:-1]):
        with pytest.raises(AccessDenied):
            accounts.authenticate("kaznu-data", wrong)
    accounts.reset_password("kaznu-data", "yet another passphrase")
    files = [p for p in data_dir.root.rglob("*") if p.is_file()]
    assert accounts_path(data_dir) in files and audit.audit_path(data_dir) in files
    for path in files:
        blob = path.read_bytes()
        for secret in (PASSWORD, other, "yet another passphrase", PASSWORD + "x", other[:-1]):
            assert secret.encode() not in blob, (path, secret)
            assert secret.encode("utf-16-le") not in blob, (path, secret)


# ------------------------------------------------------------------------ single sign-on


def _docstring_mapping() -> str:
    """The TOML example in viewer_for_oidc's docstring: the README quotes it, so it must work."""
    doc = viewer_for_oidc.__doc__ or ""
    block = doc.split("Format::", 1)[1].split("E-mail rules match", 1)[0]
    lines = [line[8:] if line.startswith(" " * 8) else line.strip() for line in block.splitlines()]
    return "\n".join(lines)


@pytest.fixture()
def mapping(project, tmp_path):
    path = tmp_path / "oidc_roles.toml"
    path.write_text(_docstring_mapping(), encoding="utf-8")
    return load_oidc_mapping(path, project)


def test_documented_mapping_parses(mapping):
    assert [(r.name, r.role, r.partner, r.country) for r in mapping.rules] == [
        ("upv-coordinator", "coordinator", None, None),
        ("kaznu-staff", "partner", "KAZNU", None),
        ("kz-office", "national_office", None, "KZ"),
    ]


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"email": "Jane.Doe@UPV.es", "sub": "s1", "iss": "idp"}, ("coordinator", None, None)),
        ({"email": "jane.doe@upv.es", "email_verified": False}, None),
        ({"groups": ["staff", "leslie-kaznu"], "sub": "s2"}, ("partner", "KAZNU", None)),
        ({"groups": "leslie-kaznu"}, ("partner", "KAZNU", None)),
        ({"groups": ["leslie-kaznu-x"]}, None),
        ({"email": "someone@example.kz", "email_verified": True}, ("national_office", None, "KZ")),
        ({"email": "someone@sub.example.kz"}, None),
        ({"email": "jane.doe@upv.es", "groups": ["leslie-kaznu"]}, ("coordinator", None, None)),
        ({}, None),
    ],
)
def test_oidc_claims_map_to_a_viewer(mapping, claims, expected):
    viewer = viewer_for_oidc(claims, mapping)
    if expected is None:
        assert viewer is None
    else:
        assert (viewer.role, viewer.partner, viewer.country) == expected
        assert "@" not in viewer.username


def test_oidc_username_is_the_rule_handle_plus_a_subject_digest(mapping):
    claims = {"email": "jane.doe@upv.es", "sub": "abc", "iss": "https://idp"}
    digest = hashlib.sha256(b"https://idp|abc").hexdigest()[:8]
    assert viewer_for_oidc(claims, mapping).username == f"upv-coordinator~{digest}"
    assert viewer_for_oidc({"email": "jane.doe@upv.es"}, mapping).username == "upv-coordinator"


def test_oidc_mapping_problems_are_all_listed(project):
    text = """
    [[rule]]
    name = "jane@upv.es"
    email = "jane@upv.es"
    role = "coordinator"

    [[rule]]
    name = "fr-office"
    claim = "groups"
    value = "fr"
    role = "national_office"
    country = "FR"

    [[rule]]
    name = "both"
    email = "a@b.c"
    claim = "groups"
    value = "x"
    role = "coordinator"

    [[rule]]
    name = "upv-team"
    claim = "groups"
    value = "upv"
    role = "partner"
    """
    with pytest.raises(ConfigError) as err:
        parse_oidc_mapping(tomllib.loads(text), project, "oidc_roles.toml")
    assert str(err.value).splitlines() == [
        "4 problem(s) in the sign-on mapping:",
        "  - oidc_roles.toml [[rule]] #1: 'name' (the handle shown in the audit log): Usernames "
        "may not contain '@' ('jane@upv.es'): use a handle such as 'kaznu-data', not an e-mail "
        "address (no personal data is stored)",
        "  - oidc_roles.toml [[rule]] #2: Unknown country 'FR'; use one of: ES, IT, CY, KZ, UZ",
        "  - oidc_roles.toml [[rule]] #3: give exactly one of email, email_domain or claim",
        '  - oidc_roles.toml [[rule]] #4: A partner account needs partner = "CODE"',
    ]


def test_missing_mapping_file_says_how_to_create_it(project, tmp_path):
    with pytest.raises(ConfigError, match=r"does not exist: create it with one \[\[rule\]\]"):
        load_oidc_mapping(tmp_path / "oidc_roles.toml", project)


# --------------------------------------------------------------------------- the command


def _run(monkeypatch, capsys, data_dir: DataDir, *argv: str, stdin: str = "") -> tuple:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*argv, "--data-dir", str(data_dir.root)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_command_round_trip(monkeypatch, capsys, data_dir, project):
    code, out, _ = _run(
        monkeypatch, capsys, data_dir, "users", "add", "fpi-data", "--role", "partner",
        "--partner", "fpi", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert (code, out) == (0, "added fpi-data (partner, FPI)\n")
    code, out, _ = _run(monkeypatch, capsys, data_dir, "users", "list", "--json")
    (row,) = json.loads(out)["users"]
    assert row["username"] == "fpi-data" and row["partner"] == "FPI" and "hash" not in str(row)
    code, out, _ = _run(
        monkeypatch, capsys, data_dir, "users", "set-role", "fpi-data", "--role",
        "national_office", "--country", "uz",
    )  # fmt: skip
    assert (code, out) == (
        0,
        "changed fpi-data (national_office, UZ); its open sessions were ended\n",
    )
    code, out, _ = _run(
        monkeypatch, capsys, data_dir, "users", "reset-password", "fpi-data",
        "--password-stdin", stdin="new passphrase 2026\r\n",
    )  # fmt: skip
    assert code == 0
    store = Accounts(data_dir, project, hasher=CountingHasher())
    assert store.authenticate("fpi-data", "new passphrase 2026").viewer.country == "UZ"
    for path in (p for p in data_dir.root.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        assert PASSWORD.encode() not in blob and b"new passphrase 2026" not in blob, path
    code, out, _ = _run(monkeypatch, capsys, data_dir, "users", "remove", "fpi-data")
    assert (code, out) == (0, "removed fpi-data\n")
    assert [(w, a, t) for w, a, t in _log(data_dir) if a.startswith("user_")] == [
        (OS_USER, "user_add", "fpi-data"),
        (OS_USER, "user_role", "fpi-data"),
        (OS_USER, "user_reset", "fpi-data"),
        (OS_USER, "user_remove", "fpi-data"),
    ]


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["--password-stdin"], "short\n", "error: The password is too short: use at least 12 "
         "characters\n"),
        ([], PASSWORD + "\n", "error: No terminal to ask for the password: pipe it in and add "
         "--password-stdin\n"),
        (["--password-stdin"], "", "error: --password-stdin: standard input is empty\n"),
    ],
)  # fmt: skip
def test_users_add_refuses_bad_password_input(monkeypatch, capsys, data_dir, argv, stdin, message):
    code, out, err = _run(
        monkeypatch, capsys, data_dir, "users", "add", "ucy-data", "--role", "partner",
        "--partner", "UCY", *argv, stdin=stdin,
    )  # fmt: skip
    assert (code, out, err) == (2, "", message)


def test_users_add_checks_name_and_scope_before_asking_for_a_password(
    monkeypatch, capsys, data_dir
):
    code, out, err = _run(
        monkeypatch, capsys, data_dir, "users", "add", "jane@upv.es", "--role", "coordinator",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("error: Usernames may not contain '@'")
    code, out, err = _run(
        monkeypatch, capsys, data_dir, "users", "add", "kz-office", "--role", "national_office",
    )  # fmt: skip
    assert (code, err) == (2, "error: A national office account needs --country ISO2\n")


def test_users_add_takes_no_password_argument(monkeypatch, capsys, data_dir):
    with pytest.raises(SystemExit) as exc:
        _run(
            monkeypatch, capsys, data_dir, "users", "add", "ucy-data", "--role", "coordinator",
            "--password", PASSWORD,
        )  # fmt: skip
    assert exc.value.code == 2
