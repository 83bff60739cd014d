"""Signing in and out of the dashboard (AppTest, the real account store): messages for a
wrong password, a locked account, an expired or ended session; the sign-out; what stays in
the browser session (a token, never the password); the audit entries, each written once.

Single sign-on cannot run here without an identity provider: its mapping is tested through
``session.viewer_from_claims`` with claims dicts, and the page path with Streamlit's test
user and the "is single sign-on configured" probe switched on.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import session
from dashboard.session import TOKEN
from pipelines.access import audit
from pipelines.access.accounts import Accounts, oidc_mapping_path
from pipelines.access.scope import Viewer
from pipelines.errors import ConfigError
from pipelines.paths import REPO_ROOT, DataDir

APP = REPO_ROOT / "dashboard" / "app.py"
COORD = Viewer.coordinator("audit-reader")
MAPPING = """
[[rule]]
name = "upv-coordinator"
email = "coordinator@upv.example"
role = "coordinator"

[[rule]]
name = "kaznu-staff"
claim = "groups"
value = "leslie-kaznu"
role = "partner"
partner = "KAZNU"
"""


@pytest.fixture()
def data_dir(tiny_dir, tmp_path) -> DataDir:
    target = DataDir(tmp_path / "data")
    shutil.copytree(tiny_dir.root, target.root)
    return target


@pytest.fixture()
def account(data_dir, project) -> tuple[str, str]:
    """A partner account with a random password."""
    password = secrets.token_urlsafe(18)
    Accounts(data_dir, project).add("kaznu-data", "partner", password, "KAZNU", by="test")
    return "kaznu-data", password


def app(monkeypatch, data_dir: DataDir) -> AppTest:
    """The app as a browser opens it: no session yet, so the sign-in page."""
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert [t.value for t in at.title] == ["Sign in"]
    return at


def submit(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="signin_user").input(username)
    at.text_input(key="signin_password").input(password)
    return at.button(key="signin_submit").click().run()


def actions(data_dir: DataDir) -> list[tuple[str, str]]:
    """(who, action) of every audit entry, oldest first, without the account set-up."""
    found = reversed(audit.entries(data_dir, COORD))
    return [(e.who, e.action) for e in found if e.action != "user_add"]


def state_values(at: AppTest) -> list[object]:
    return list(at.session_state.to_dict().values())


# ---------------------------------------------------------------------------- signing in


def test_sign_in_keeps_a_token_and_never_the_password(monkeypatch, data_dir, account, project):
    username, password = account
    at = submit(app(monkeypatch, data_dir), username, password)
    assert not at.exception
    assert [s.value for s in at.success] == ["You are signed in as kaznu-data."]
    token = at.session_state[TOKEN]
    assert Accounts(data_dir, project).resume(token) == Viewer("partner", "kaznu-data", "KAZNU")
    assert password not in [str(v) for v in state_values(at)]
    at.switch_page("pages/overview.py").run()
    assert [t.value for t in at.title] == ["Overview"]
    assert "Signed in as **kaznu-data**  \nPartner · KazNU \\(KAZNU\\)" in [
        m.value for m in at.sidebar.markdown
    ]
    assert actions(data_dir) == [("kaznu-data", "login")]


@pytest.mark.parametrize("who", ["kaznu-data", "nobody-here", "KAZNU-DATA@example.org"])
def test_wrong_password_and_unknown_name_get_the_same_message(monkeypatch, data_dir, account, who):
    at = submit(app(monkeypatch, data_dir), who, "not-the-password")
    assert [e.value for e in at.error] == ["Wrong username or password."]
    assert TOKEN not in at.session_state
    assert "not-the-password" not in [str(v) for v in state_values(at)]
    assert [t.value for t in at.title] == ["Sign in"] and not at.metric


def test_lockout_after_the_configured_failures(monkeypatch, data_dir, account, project):
    username, password = account
    attempts = project.access.lockout_attempts
    at = app(monkeypatch, data_dir)
    for _ in range(attempts):
        at = submit(at, username, "not-the-password")
        assert [e.value for e in at.error] == ["Wrong username or password."]
    at = submit(at, username, password)  # the right password, too late
    assert Accounts(data_dir, project).get(username).locked_until
    # the same answer as for a wrong password or an unknown name: no account enumeration
    assert [e.value for e in at.error] == ["Wrong username or password."]
    assert TOKEN not in at.session_state
    expected = [(username, "login_failed")] * attempts + [(username, "lockout")]
    assert actions(data_dir) == [*expected, (username, "login_failed")]


def test_a_new_installation_says_how_to_create_the_first_account(monkeypatch, data_dir):
    at = app(monkeypatch, data_dir)
    assert [w.value for w in at.warning] == [
        "No account exists yet. Create the coordinator's on the server: "
        "`python -m pipelines users add coordinator --role coordinator` "
        "(or `python -m pipelines demo` for the sample installation and its accounts)."
    ]


def test_the_hint_is_gone_once_an_account_exists(monkeypatch, data_dir, account):
    assert not app(monkeypatch, data_dir).warning


# --------------------------------------------------------------------- the session ends


def signed_in(monkeypatch, data_dir, account) -> AppTest:
    at = submit(app(monkeypatch, data_dir), *account)
    at.switch_page("pages/overview.py").run()
    assert [t.value for t in at.title] == ["Overview"] and at.metric
    return at


def test_expired_session_returns_to_the_sign_in_form(monkeypatch, data_dir, account, project):
    at = signed_in(monkeypatch, data_dir, account)
    minutes = project.access.session_minutes
    at.run()  # one minute before the end: still signed in
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes - 1)
    monkeypatch.setattr(session, "clock", lambda: later)
    at.run()
    assert [t.value for t in at.title] == ["Overview"]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes, seconds=1)
    monkeypatch.setattr(session, "clock", lambda: later)
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert [i.value for i in at.info] == [
        f"You were signed out after {minutes} minutes (sessions last {minutes} minutes). "
        "Please sign in again."
    ]
    assert not at.metric and TOKEN not in at.session_state


@pytest.mark.parametrize("change", ["set_role", "set_disabled", "remove", "reset_password"])
def test_account_changes_end_the_session_at_the_next_click(
    monkeypatch, data_dir, account, project, change
):
    at = signed_in(monkeypatch, data_dir, account)
    accounts = Accounts(data_dir, project)
    if change == "set_role":
        accounts.set_role("kaznu-data", "partner", partner="FPI", by="test")
    elif change == "set_disabled":
        accounts.set_disabled("kaznu-data", True, by="test")
    elif change == "remove":
        accounts.remove("kaznu-data", by="test")
    else:
        accounts.reset_password("kaznu-data", secrets.token_urlsafe(18), by="test")
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert [i.value for i in at.info] == [
        "Your session has ended: you signed out elsewhere, or the coordinator changed your "
        "account. Please sign in again."
    ]
    assert not at.metric


def one_run_of_the_app() -> None:
    """What app.py does around a page: the viewer asked for by the menu, the page and the
    sidebar within one run."""
    import streamlit as st

    from dashboard import per_run, session

    with per_run.one_run():
        asked = [session.current_viewer() for _ in range(3)]
    st.text(f"{asked[0].username if asked[0] else 'nobody'} {len(set(asked))}")


def test_one_account_lookup_per_run_and_an_ended_session_ends_at_the_next(
    monkeypatch, data_dir, account, project
):
    """The menu, the page and the sidebar share one read of the account store per run;
    the next run reads it again, so a session ended elsewhere ends there."""
    lookups: list[str] = []
    resume = Accounts.resume

    def counted(self: Accounts, token: str) -> Viewer | None:
        lookups.append(token)
        return resume(self, token)

    monkeypatch.setattr(Accounts, "resume", counted)
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    accounts = Accounts(data_dir, project)
    token = accounts.authenticate(*account).token
    at = AppTest.from_function(one_run_of_the_app, default_timeout=120)
    at.session_state[TOKEN] = token
    at.run()
    assert [t.value for t in at.text] == ["kaznu-data 1"] and lookups == [token]
    at.run()
    assert lookups == [token, token]
    accounts.logout(token)
    at.run()
    assert [t.value for t in at.text] == ["nobody 1"]
    assert TOKEN not in at.session_state


def test_sign_out(monkeypatch, data_dir, account, project):
    at = signed_in(monkeypatch, data_dir, account)
    token = at.session_state[TOKEN]
    at.button(key="account_sign_out").click().run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert [i.value for i in at.info] == ["You have signed out."]
    assert TOKEN not in at.session_state and not at.metric
    assert Accounts(data_dir, project).resume(token) is None
    assert actions(data_dir) == [("kaznu-data", "login"), ("kaznu-data", "logout")]


@pytest.mark.parametrize(
    ("sent", "who", "reason"),
    [
        ("forged-token-0123456789abcdef", "(unknown)", "unknown session"),
        ("<script>x</script>", "(unknown)", "malformed"),
        ("ended", "kaznu-data", "expired"),
    ],
)
def test_a_refused_session_cookie_is_audited_once_per_browser_session(
    monkeypatch, data_dir, account, project, sent, who, reason
):
    """AppTest has no browser: the cookie the browser would send is what ``st.context``
    would hold (the two readers of ``dashboard.cookie`` see it); everything after is real."""
    from dashboard import cookie

    if sent == "ended":  # a session that has expired since the cookie was written
        store = Accounts(
            data_dir, project, clock=lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        )
        sent = store.authenticate(*account).token
    valid = cookie._TOKEN.match(sent) is not None
    monkeypatch.setattr(cookie, "from_browser", lambda: sent if valid else None)
    monkeypatch.setattr(cookie, "sent_but_malformed", lambda: None if valid else sent)
    at = app(monkeypatch, data_dir)  # the sign-in form: the cookie signs nobody in
    at.run()  # the next click: the same cookie is not logged again
    refused = audit.entries(data_dir, COORD, action="session_refused")
    assert [(e.who, e.detail) for e in refused] == [(who, {"reason": reason, "via": "cookie"})]
    assert sent.encode() not in audit.audit_path(data_dir).read_bytes()


# ------------------------------------------------------------------------ single sign-on


@pytest.fixture()
def mapping(data_dir) -> DataDir:
    data_dir.private.mkdir(parents=True, exist_ok=True)
    oidc_mapping_path(data_dir).write_text(MAPPING, encoding="utf-8")
    return data_dir


CLAIMS = {"iss": "https://idp.example", "sub": "user-1", "email_verified": True}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (
            {**CLAIMS, "email": "Coordinator@UPV.example"},
            ("coordinator", "upv-coordinator", None),
        ),
        ({**CLAIMS, "groups": ["staff", "leslie-kaznu"]}, ("partner", "kaznu-staff", "KAZNU")),
        ({**CLAIMS, "email": "coordinator@upv.example", "email_verified": False}, None),
        ({**CLAIMS, "email": "someone@upv.example", "groups": ["staff"]}, None),
    ],
    ids=["email", "group", "unverified-email", "no-rule"],
)
def test_identity_provider_claims_map_to_a_viewer(mapping, project, claims, expected):
    viewer = session.viewer_from_claims(claims, mapping, project)
    if expected is None:
        assert viewer is None
    else:
        role, handle, partner = expected
        assert (viewer.role, viewer.username.split("~")[0], viewer.partner) == (
            role,
            handle,
            partner,
        )
        assert "@" not in viewer.username  # no e-mail address reaches the audit log


def test_a_broken_mapping_is_a_configuration_error(data_dir, project):
    data_dir.private.mkdir(parents=True, exist_ok=True)
    oidc_mapping_path(data_dir).write_text(
        '[[rule]]\nname = "someone"\nrole = "boss"\nemail = "a@b.example"\n', "utf-8"
    )
    with pytest.raises(ConfigError) as err:
        session.viewer_from_claims(CLAIMS, data_dir, project)
    assert "Unknown role 'boss'" in str(err.value)


def test_single_sign_on_is_offered_only_when_configured(monkeypatch, mapping):
    # here: a mapping file, but neither Streamlit's [auth] secrets nor Authlib
    assert session.oidc_enabled(mapping) is False
    at = app(monkeypatch, mapping)
    assert not [b for b in at.button if b.key == "signin_oidc"]
    monkeypatch.setattr(session, "oidc_enabled", lambda _directory: True)
    at = app(monkeypatch, mapping)
    assert at.button(key="signin_oidc").label == "Sign in with your organisation"
    assert at.text_input(key="signin_user")  # the local form stays


@pytest.mark.parametrize(
    ("user", "title", "notice"),
    [
        ({**CLAIMS, "groups": ["leslie-kaznu"]}, "Overview", None),
        (
            {**CLAIMS, "email": "someone@elsewhere.example"},
            "Sign in",
            "Your organisation account has no role in this dashboard: ask the coordinator to "
            "add you to the sign-on mapping.",
        ),
    ],
    ids=["mapped", "unmapped"],
)
def test_single_sign_on_user_gets_the_mapped_role(
    monkeypatch, mapping, project, user, title, notice
):
    """The identity provider is simulated by Streamlit's test user; only the probe that asks
    whether single sign-on is configured is switched on."""
    monkeypatch.setattr(session, "oidc_enabled", lambda _directory: True)
    monkeypatch.setenv("LESLIE_DATA_DIR", str(mapping.root))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.user = {"is_logged_in": True, **user}
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    if notice:
        assert notice in [i.value for i in at.info]
        assert at.button(key="signin_oidc_other").label == "Use another organisation account"
    else:
        found = [(e.who.split("~")[0], e.action) for e in audit.entries(mapping, COORD)]
        assert found == [("kaznu-staff", "login")]
        at.run()  # one login entry per session, not per click
        assert len(audit.entries(mapping, COORD, action="login")) == 1
