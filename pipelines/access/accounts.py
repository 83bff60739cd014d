"""Accounts that work offline, sessions, and the role mapping for single sign-on.

The embedded store is one SQLite file, ``private/accounts.sqlite`` (mode 0600), holding for
each account a handle (``kaznu-data``; never an e-mail address, so no personal data), the
role and its scope, an argon2id hash of the password, and the lockout counters. Sessions are
random tokens (``secrets.token_urlsafe``) of which only the SHA-256 is stored, with an expiry.
Passwords are never stored, logged or passed on a command line in clear.

For production behind an identity provider (Streamlit's ``st.login``, OIDC), the same roles
come from ``private/oidc_roles.toml`` through :func:`viewer_for_oidc`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import sqlite3
import tomllib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipelines import sqlite_util
from pipelines.access import audit
from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import AccessDenied, ConfigError, UsageError
from pipelines.paths import DataDir

ACCOUNT_ROLES = ("coordinator", "national_office", "partner")  # public needs no account
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MAX_TOKEN = 256
WRONG = "Wrong username or password"  # the English of FAILED: every failed sign-in says it
FAILED = "ops.signin.failed"
UNKNOWN_WHO = "(unknown)"  # what the typed name was is not logged: it may be a password

Clock = Callable[[], dt.datetime]

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username        TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('coordinator', 'national_office', 'partner')),
    partner         TEXT,
    country         TEXT,
    password_hash   TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at      TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_sha256 TEXT PRIMARY KEY,
    username     TEXT NOT NULL REFERENCES accounts(username) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(username);
"""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def production_hasher() -> PasswordHasher:
    """argon2id with the RFC 9106 low-memory profile (m=64 MiB, t=3, p=4)."""
    return PasswordHasher()


# One per process, so that its dummy hash for unknown names is made once. Every store uses it
# unless given its own (the tests put a cheap one here; a hash carries its parameters).
HASHER = production_hasher()


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against when the account does not exist: same cost, same timing."""
    return hasher.hash(secrets.token_urlsafe(24))


def accounts_path(data_dir: DataDir) -> Path:
    return data_dir.private / "accounts.sqlite"


def oidc_mapping_path(data_dir: DataDir) -> Path:
    return data_dir.private / "oidc_roles.toml"


def normalise_username(username: str) -> str:
    """Handles are lower-case; '@' is refused so that no e-mail address is ever stored."""
    name = (username or "").strip().lower()
    if "@" in name:
        raise UsageError(
            f"Usernames may not contain '@' ({username!r}): use a handle such as "
            "'kaznu-data', not an e-mail address (no personal data is stored)"
        )
    if not USERNAME.match(name):
        raise UsageError(
            f"Invalid username {username!r}: use 3 to 40 characters, lower-case letters, "
            "digits, '.', '_' or '-', starting with a letter or digit (e.g. 'kaznu-data')"
        )
    return name


def check_password(password: str, username: str = "") -> None:
    """The password policy: at least MIN_PASSWORD characters, not the username."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise UsageError(f"The password is too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UsageError(f"The password is too long: use at most {MAX_PASSWORD} characters")
    if not password.strip():
        raise UsageError("The password may not be only spaces")
    if username and password.strip().lower() == username.lower():
        raise UsageError("The password may not be the username")


def check_scope(
    project: Project,
    role: str,
    partner: str | None,
    country: str | None,
    options: tuple[str, str] = ("--partner CODE", "--country ISO2"),
) -> tuple[str | None, str | None]:
    """The (partner, country) an account of ``role`` is bound to, normalised and checked.

    ``options`` names the two settings in messages (command-line options, or TOML keys).
    """
    opt_partner, opt_country = options
    partner = partner.strip().upper() if partner else None
    country = country.strip().upper() if country else None
    if role not in ACCOUNT_ROLES:
        raise UsageError(f"Unknown role {role!r}; use one of: {', '.join(ACCOUNT_ROLES)}")
    if role == "partner":
        if country:
            raise UsageError(f"A partner account takes {opt_partner}, not {opt_country}")
        if not partner:
            raise UsageError(f"A partner account needs {opt_partner}")
        if partner not in project.partner_codes:
            raise UsageError(
                f"Unknown partner {partner!r}; use one of: {', '.join(project.partner_codes)}"
            )
    elif role == "national_office":
        if partner:
            raise UsageError(f"A national office account takes {opt_country}, not {opt_partner}")
        isos = [c.iso2 for c in project.countries]
        if not country:
            raise UsageError(f"A national office account needs {opt_country}")
        if country not in isos:
            raise UsageError(f"Unknown country {country!r}; use one of: {', '.join(isos)}")
    elif partner or country:
        raise UsageError(
            f"A coordinator account sees everything: give no {opt_partner} or {opt_country}"
        )
    return partner, country


@dataclass(frozen=True)
class Account:
    """One account as listed to the coordinator (the hash is never part of it)."""

    username: str
    role: str
    partner: str | None
    country: str | None
    created_at: str
    failed_attempts: int
    locked_until: str | None
    disabled: bool

    @property
    def scope(self) -> str:
        return self.partner or self.country or "all"

    def viewer(self) -> Viewer:
        return Viewer(self.role, self.username, self.partner, self.country)


@dataclass(frozen=True)
class Session:
    """A signed-in viewer. Give ``token`` to the browser; it is stored only as a hash."""

    token: str = field(repr=False)
    username: str
    viewer: Viewer
    expires_at: dt.datetime


class Accounts:
    """The account store of one installation. Short-lived connections; safe across threads.

    ``clock`` returns the current UTC time (tests pass their own to step through lockout and
    expiry without waiting). ``by`` arguments name who made a change, for the audit log.
    """

    def __init__(
        self,
        data_dir: DataDir,
        project: Project,
        clock: Clock | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.project = project
        self.clock = clock or utc_now
        self.hasher = hasher or HASHER
        self.path = accounts_path(data_dir)
        data_dir.ensure()
        new = not self.path.exists() or self.path.stat().st_size == 0
        if not self.path.exists():
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
        os.chmod(self.path, 0o600)
        with self._connect() as con:
            con.executescript(SCHEMA)
            if new:  # the data-directory format (pipelines/store/format.py); 0.1 left 0
                con.execute(f"PRAGMA user_version = {audit.DATA_FORMAT}")

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite_util.connect(self.path, "the account store", wal=False, foreign_keys=True)

    def _now(self) -> dt.datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise UsageError("The clock must return timezone-aware UTC times")
        return now

    # reads ----------------------------------------------------------------------------
    def list_accounts(self) -> list[Account]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT username, role, partner, country, created_at, failed_attempts,"
                " locked_until, disabled FROM accounts ORDER BY username"
            ).fetchall()
        return [Account(*r[:7], bool(r[7])) for r in rows]

    def get(self, username: str) -> Account | None:
        try:
            name = normalise_username(username)
        except UsageError:
            return None
        return next((a for a in self.list_accounts() if a.username == name), None)

    def _require(self, username: str) -> Account:
        name = normalise_username(username)
        account = self.get(name)
        if account is None:
            raise UsageError(f"No account named {name!r}; see 'python -m pipelines users list'")
        return account

    # administration -------------------------------------------------------------------
    def add(
        self,
        username: str,
        role: str,
        password: str,
        partner: str | None = None,
        country: str | None = None,
        by: str = "cli",
    ) -> Account:
        name = normalise_username(username)
        partner, country = check_scope(self.project, role, partner, country)
        check_password(password, name)
        digest = self.hasher.hash(password)
        with self._connect() as con:
            try:
                con.execute(
                    "INSERT INTO accounts (username, role, partner, country, password_hash,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (name, role, partner, country, digest, _iso(self._now())),
                )
            except sqlite3.IntegrityError as exc:
                raise UsageError(f"An account named {name!r} already exists") from exc
        audit.record(self.data_dir, by, "user_add", name, role=role, scope=partner or country)
        return self._require(name)

    def set_role(
        self,
        username: str,
        role: str,
        partner: str | None = None,
        country: str | None = None,
        by: str = "cli",
    ) -> Account:
        """Change role and scope; the account's open sessions end."""
        account = self._require(username)
        partner, country = check_scope(self.project, role, partner, country)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "UPDATE accounts SET role = ?, partner = ?, country = ? WHERE username = ?",
                (role, partner, country, account.username),
            )
            con.execute("DELETE FROM sessions WHERE username = ?", (account.username,))
            con.execute("COMMIT")
        audit.record(
            self.data_dir,
            by,
            "user_role",
            account.username,
            role=role,
            scope=partner or country,
            was_role=account.role,
            was_scope=account.partner or account.country,
        )
        return self._require(account.username)

    def reset_password(self, username: str, password: str, by: str = "cli") -> Account:
        """New password; clears a lockout and ends the account's open sessions."""
        account = self._require(username)
        check_password(password, account.username)
        digest = self.hasher.hash(password)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "UPDATE accounts SET password_hash = ?, failed_attempts = 0, locked_until = NULL"
                " WHERE username = ?",
                (digest, account.username),
            )
            con.execute("DELETE FROM sessions WHERE username = ?", (account.username,))
            con.execute("COMMIT")
        audit.record(self.data_dir, by, "user_reset", account.username)
        return self._require(account.username)

    def set_disabled(self, username: str, disabled: bool, by: str = "cli") -> Account:
        """Switch an account off (its sessions end) or back on (its lockout is cleared)."""
        account = self._require(username)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "UPDATE accounts SET disabled = ?, failed_attempts = 0, locked_until = NULL"
                " WHERE username = ?",
                (int(disabled), account.username),
            )
            if disabled:
                con.execute("DELETE FROM sessions WHERE username = ?", (account.username,))
            con.execute("COMMIT")
        action = "user_disable" if disabled else "user_enable"
        audit.record(self.data_dir, by, action, account.username)
        return self._require(account.username)

    def remove(self, username: str, by: str = "cli") -> None:
        account = self._require(username)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM sessions WHERE username = ?", (account.username,))
            con.execute("DELETE FROM accounts WHERE username = ?", (account.username,))
            con.execute("COMMIT")
        audit.record(self.data_dir, by, "user_remove", account.username, role=account.role)

    # signing in -----------------------------------------------------------------------
    def _hash_of(self, username: str) -> str | None:
        with self._connect() as con:
            row = con.execute(
                "SELECT password_hash FROM accounts WHERE username = ?", (username,)
            ).fetchone()
        return row[0] if row else None

    def _verify(self, digest: str, password: str) -> bool:
        try:
            return self.hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return False

    def authenticate(self, username: str, password: str) -> Session:
        """Check the password and open a session; AccessDenied if not.

        Every refusal (unknown name, wrong password, locked, disabled) gives the one answer
        ``ops.signin.failed``, so the answer never tells whether an account exists; the
        audit log records the real reason for the coordinator.

        Unknown accounts cost the same argon2 verification as known ones. After
        ``access.lockout_attempts`` wrong passwords in a row the account is locked for
        ``access.lockout_minutes``; while locked, even the right password is refused.
        """
        now = self._now()
        password = password if isinstance(password, str) else ""
        try:
            name = normalise_username(username)
        except UsageError:
            name = ""
        account = self.get(name) if name else None
        if account is None:
            self._verify(_dummy_hash(self.hasher), password)
            audit.record(self.data_dir, UNKNOWN_WHO, "login_failed", reason="unknown account")
            raise AccessDenied(key=FAILED)
        locked_until = _parse(account.locked_until)
        if locked_until and locked_until > now:
            self._verify(_dummy_hash(self.hasher), password)
            audit.record(self.data_dir, account.username, "login_failed", reason="locked")
            raise AccessDenied(key=FAILED)  # the same answer: a lockout must not reveal a name
        digest = self._hash_of(account.username) or _dummy_hash(self.hasher)
        if not self._verify(digest, password):
            self._failed(account.username, now)
            raise AccessDenied(key=FAILED)
        if account.disabled:
            audit.record(self.data_dir, account.username, "login_failed", reason="disabled")
            raise AccessDenied(key=FAILED)
        viewer = account.viewer()
        try:
            viewer.validate(self.project)
        except AccessDenied as exc:
            audit.record(self.data_dir, account.username, "login_failed", reason="invalid scope")
            raise AccessDenied(f"{exc}: ask the coordinator to fix the account") from exc
        token = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(minutes=self.project.access.session_minutes)
        new_hash = self.hasher.hash(password) if self.hasher.check_needs_rehash(digest) else None
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "UPDATE accounts SET failed_attempts = 0, locked_until = NULL,"
                " password_hash = coalesce(?, password_hash) WHERE username = ?",
                (new_hash, account.username),
            )
            con.execute("DELETE FROM sessions WHERE expires_at <= ?", (_iso(now),))
            con.execute(
                "INSERT INTO sessions (token_sha256, username, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (_token_hash(token), account.username, _iso(now), _iso(expires)),
            )
            con.execute("COMMIT")
        audit.record(self.data_dir, account.username, "login", role=account.role)
        return Session(token, account.username, viewer, expires)

    def _failed(self, username: str, now: dt.datetime) -> None:
        """Count a wrong password; lock the account when the limit is reached."""
        access = self.project.access
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE username = ?",
                (username,),
            )
            (count,) = con.execute(
                "SELECT failed_attempts FROM accounts WHERE username = ?", (username,)
            ).fetchone()
            until = None
            if count >= access.lockout_attempts:
                until = now + dt.timedelta(minutes=access.lockout_minutes)
                con.execute(
                    "UPDATE accounts SET failed_attempts = 0, locked_until = ? WHERE username = ?",
                    (_iso(until), username),
                )
            con.execute("COMMIT")
        audit.record(self.data_dir, username, "login_failed", reason="wrong password")
        if until is not None:
            audit.record(
                self.data_dir, username, "lockout", username, until=_iso(until), attempts=count
            )

    def resume(self, token: str | None) -> Viewer | None:
        """The viewer of a live session, or None (unknown, expired, disabled, out of scope).

        The viewer is rebuilt from the account as it is now, so a changed role applies at once.
        """
        return self._resume(token)[0]

    def resume_cookie(self, token: str | None) -> Viewer | None:
        """``resume`` for the token a browser's session cookie sent: a refused one is audited
        (whose session it was when known, and why), never the token itself."""
        viewer, who, reason = self._resume(token)
        if viewer is None:
            audit.record(self.data_dir, who, "session_refused", reason=reason, via="cookie")
        return viewer

    def _resume(self, token: str | None) -> tuple[Viewer | None, str, str]:
        """The viewer, or None with the session's account (when known) and why it was refused."""
        if not token or not isinstance(token, str) or len(token) > MAX_TOKEN:
            return None, UNKNOWN_WHO, "malformed"
        now = self._now()
        with self._connect() as con:
            row = con.execute(
                "SELECT s.expires_at, a.username, a.role, a.partner, a.country, a.disabled"
                " FROM sessions AS s JOIN accounts AS a USING (username)"
                " WHERE s.token_sha256 = ?",
                (_token_hash(token),),
            ).fetchone()
            if row is None:
                return None, UNKNOWN_WHO, "unknown session"
            if _parse(row[0]) <= now:
                con.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_token_hash(token),))
                return None, row[1], "expired"
        if row[5]:
            return None, row[1], "disabled"
        viewer = Viewer(row[2], row[1], row[3], row[4])
        try:
            viewer.validate(self.project)
        except AccessDenied:
            return None, row[1], "invalid scope"
        return viewer, row[1], ""

    def logout(self, token: str | None) -> None:
        """End a session (unknown or expired tokens are ignored)."""
        if not token or not isinstance(token, str) or len(token) > MAX_TOKEN:
            return
        with self._connect() as con:
            row = con.execute(
                "DELETE FROM sessions WHERE token_sha256 = ? RETURNING username",
                (_token_hash(token),),
            ).fetchone()
        if row:
            audit.record(self.data_dir, row[0], "logout")


# ------------------------------------------------------------------------ single sign-on


@dataclass(frozen=True)
class OidcRule:
    """One line of the mapping: who matches (one of email, email_domain, claim+value), and
    the role and scope they get. ``name`` is the handle recorded in the audit log."""

    name: str
    role: str
    partner: str | None = None
    country: str | None = None
    email: str | None = None
    email_domain: str | None = None
    claim: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class OidcMapping:
    rules: tuple[OidcRule, ...]


def load_oidc_mapping(path: str | Path, project: Project) -> OidcMapping:
    """Read and check ``oidc_roles.toml`` (format: see :func:`viewer_for_oidc`)."""
    source = Path(path)
    try:
        with source.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"Single sign-on is on but {source} does not exist: create it with one [[rule]] "
            "per group or person (format: pipelines.access.accounts.viewer_for_oidc)"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from exc
    return parse_oidc_mapping(data, project, str(source))


def parse_oidc_mapping(data: Mapping[str, Any], project: Project, where: str) -> OidcMapping:
    problems: list[str] = []
    rules: list[OidcRule] = []
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(f"{where}: write each rule as a [[rule]] table")
    known = {"name", "role", "partner", "country", "email", "email_domain", "claim", "value"}
    for i, raw in enumerate(raw_rules, 1):
        at = f"{where} [[rule]] #{i}"
        if not isinstance(raw, dict):
            problems.append(f"{at}: must be a table")
            continue
        extra = sorted(set(raw) - known)
        if extra:
            problems.append(f"{at}: unknown key(s) {', '.join(extra)}")
        values = {k: raw.get(k) for k in known}
        if any(v is not None and not isinstance(v, str) for v in values.values()):
            problems.append(f"{at}: every value must be a string")
            continue
        try:
            name = normalise_username(values["name"] or "")
        except UsageError as exc:
            problems.append(f"{at}: 'name' (the handle shown in the audit log): {exc}")
            continue
        try:
            partner, country = check_scope(
                project,
                values["role"] or "",
                values["partner"],
                values["country"],
                options=('partner = "CODE"', 'country = "ISO2"'),
            )
        except UsageError as exc:
            problems.append(f"{at}: {exc}")
            continue
        matchers = [k for k in ("email", "email_domain", "claim") if values[k]]
        if len(matchers) != 1:
            problems.append(f"{at}: give exactly one of email, email_domain or claim")
            continue
        if values["claim"] and not values["value"]:
            problems.append(f"{at}: a claim rule needs the value to match")
            continue
        rules.append(
            OidcRule(
                name=name,
                role=values["role"],
                partner=partner,
                country=country,
                email=(values["email"] or "").strip().lower() or None,
                email_domain=(values["email_domain"] or "").strip().lower().lstrip("@") or None,
                claim=values["claim"],
                value=values["value"],
            )
        )
    if problems:
        raise ConfigError(
            f"{len(problems)} problem(s) in the sign-on mapping:\n  - " + "\n  - ".join(problems)
        )
    return OidcMapping(tuple(rules))


def _claim_matches(found: Any, wanted: str) -> bool:
    if isinstance(found, str):
        return found == wanted
    if isinstance(found, list | tuple):
        return any(isinstance(v, str) and v == wanted for v in found)
    return False


def viewer_for_oidc(claims: Mapping[str, Any], mapping: OidcMapping) -> Viewer | None:
    """The viewer for a user signed in through the identity provider, or None (no access).

    ``claims`` is the user's ID token (``st.user`` in Streamlit); ``mapping`` comes from
    ``load_oidc_mapping(data_dir/private/oidc_roles.toml, project)``. Format::

        # data/private/oidc_roles.toml: who gets which role after single sign-on.
        # Rules are tried from top to bottom; the first that matches wins; no match, no access.
        # Each rule has exactly one of: email, email_domain, or claim + value.

        [[rule]]
        name = "upv-coordinator"       # handle recorded in the audit log (no '@')
        email = "jane.doe@upv.es"      # exact address, case-insensitive
        role = "coordinator"

        [[rule]]
        name = "kaznu-staff"
        claim = "groups"               # any claim of the ID token; a list matches if it
        value = "leslie-kaznu"         # contains the value, a string if it equals it
        role = "partner"
        partner = "KAZNU"

        [[rule]]
        name = "kz-office"
        email_domain = "example.kz"    # every address at this domain
        role = "national_office"
        country = "KZ"

    E-mail rules match only when the token does not say ``email_verified = false``. The
    e-mail is used for this lookup only and never stored: the viewer's username is the rule's
    ``name`` plus ``~`` and 8 hex digits of a hash of the token's issuer and subject, so audit
    entries of two people sharing a rule can be told apart without naming them.
    """
    if not isinstance(claims, Mapping):
        return None
    verified = claims.get("email_verified")
    email_ok = verified is not False and str(verified).lower() != "false"
    email = claims.get("email")
    email = email.strip().lower() if isinstance(email, str) and email_ok else ""
    for rule in mapping.rules:
        if rule.email:
            matched = bool(email) and email == rule.email
        elif rule.email_domain:
            matched = bool(email) and email.rsplit("@", 1)[-1] == rule.email_domain
        else:
            matched = _claim_matches(claims.get(rule.claim or ""), rule.value or "")
        if matched:
            return Viewer(rule.role, _oidc_handle(rule.name, claims), rule.partner, rule.country)
    return None


def _oidc_handle(name: str, claims: Mapping[str, Any]) -> str:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        return name
    issuer = claims.get("iss") if isinstance(claims.get("iss"), str) else ""
    digest = hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()[:8]
    return f"{name}~{digest}"
