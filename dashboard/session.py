"""Who is using the dashboard: ``current_viewer`` is the one place pages ask.

A signed-in browser session holds a random session token in ``st.session_state`` (never the
password, never in the URL). Every run turns the token back into a Viewer through the
account store, so an expiry, a lockout, a changed role or a removed account takes effect on
the next click, and nothing a browser can edit (URL, session entries) can name a role.
With single sign-on configured (Streamlit's ``st.login`` plus private/oidc_roles.toml) the
identity provider's claims map to a role instead. Nobody signed in: the public view when the
project allows it, otherwise None, and pages show only the sign-in form.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from contextlib import suppress
from importlib.util import find_spec
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import context, cookie, per_run
from pipelines.access import audit
from pipelines.access.accounts import (
    Accounts,
    Clock,
    Session,
    accounts_path,
    load_oidc_mapping,
    oidc_mapping_path,
    utc_now,
    viewer_for_oidc,
)
from pipelines.access.scope import Viewer
from pipelines.config import Project
from pipelines.errors import LeslieError
from pipelines.paths import DataDir
from pipelines.words.catalogue import Message

TOKEN = "_leslie_session_token"
EXPIRES = "_leslie_session_expires"
NOTICE = "_leslie_notice"
OIDC_LOGGED = "_leslie_oidc_logged"
SECRETS_BROKEN = "_leslie_secrets_broken"
_REFUSED = "_leslie_cookie_refused"
LOG = logging.getLogger("leslie.dashboard")
VIEWER = "viewer"  # the per-run memo of current_viewer
PUBLIC = "public"  # the handle of the anonymous public viewer in audit entries

# Streamlit treats an app beside a pages/ folder as a legacy multipage app until
# st.navigation first runs: a first request for /upload would list every page file to
# anyone. From the first import of this module on, dashboard/navigation.py decides the menu.
PagesManager.uses_pages_directory = False


# The current UTC time for sessions and lockouts (tests step it forward instead of waiting).
clock: Clock = utc_now


def accounts(directory: DataDir, project: Project) -> Accounts:
    """The installation's account store (short-lived connections, safe across sessions)."""
    return Accounts(directory, project, clock=lambda: clock())


def has_accounts(directory: DataDir, project: Project) -> bool:
    """Whether any account exists (without creating the store for an anonymous visitor)."""
    return accounts_path(directory).exists() and bool(accounts(directory, project).list_accounts())


# ----------------------------------------------------------------------------- the hook


def current_viewer() -> Viewer | None:
    """The signed-in viewer, the public viewer (if the project allows one), or None.

    Looked up once per run (the menu, the page and the sidebar all ask): the account store
    is read again on the next click, so a revoked session ends there as before."""
    return per_run.remembered(VIEWER, _look_up_viewer)


def _look_up_viewer() -> Viewer | None:
    try:
        directory = context.data_dir()
        project = context.project_of(directory)
    except LeslieError:
        return None  # the page shows the configuration error itself
    try:
        if TOKEN in st.session_state:
            viewer = _resume(directory, project)
            if viewer is not None:
                return viewer
        else:
            viewer = _resume_cookie(directory, project)
            if viewer is not None:
                return viewer
        if oidc_enabled(directory):
            viewer = _oidc_viewer(directory, project)
            if viewer is not None:
                return viewer
    except LeslieError as exc:
        st.session_state.pop(TOKEN, None)
        st.session_state[NOTICE] = Message(
            "dashboard.signin.signed_out_because", {"reason": str(exc)}
        )
    if project.access.public_view:
        return Viewer("public", PUBLIC)
    return None


def _resume_cookie(directory: DataDir, project: Project) -> Viewer | None:
    """A new connection (reload, shared link in the same browser) resumes the session its
    cookie names; a token the server refuses is forgotten and its cookie deleted."""
    token = cookie.from_browser()
    if token is None:
        sent = cookie.sent_but_malformed()
        if sent is not None and st.session_state.get(_REFUSED) != sent:
            st.session_state[_REFUSED] = sent  # audited once per browser session
            accounts(directory, project).resume_cookie(None)
            cookie.forget()
        return None
    if st.session_state.get(_REFUSED) == token:
        return None
    viewer = accounts(directory, project).resume_cookie(token)  # a refusal is audited
    if viewer is None:
        st.session_state[_REFUSED] = token
        cookie.forget()
        return None
    st.session_state[TOKEN] = token
    return viewer


def _resume(directory: DataDir, project: Project) -> Viewer | None:
    token = st.session_state.get(TOKEN)
    store = accounts(directory, project)
    viewer = store.resume(token) if isinstance(token, str) else None
    if viewer is not None:
        return viewer
    st.session_state.pop(TOKEN, None)
    if isinstance(token, str):
        st.session_state[_REFUSED] = token
    cookie.forget()
    expires = st.session_state.pop(EXPIRES, None)
    minutes = project.access.session_minutes
    if _passed(expires, store.clock()):
        st.session_state[NOTICE] = Message("dashboard.signin.expired", {"minutes": minutes})
    else:
        st.session_state[NOTICE] = Message("dashboard.signin.ended")
    return None


def _passed(expires: object, now: dt.datetime) -> bool:
    """Whether the expiry kept at sign-in has passed (for the message only)."""
    try:
        return isinstance(expires, str) and now >= dt.datetime.fromisoformat(expires)
    except (ValueError, TypeError):
        return False


# ------------------------------------------------------------------- signing in and out


def sign_in(username: str, password: str) -> Session:
    """Check the password (AccessDenied with the message to show if wrong or locked) and
    keep only the new session's token. The library writes the audit entries."""
    directory = context.data_dir()
    project = context.project_of(directory)
    session = accounts(directory, project).authenticate(username, password)
    _forget_everything()
    st.session_state[TOKEN] = session.token
    st.session_state[EXPIRES] = session.expires_at.isoformat()
    cookie.remember(session.token, project.access.session_minutes * 60)
    return session


def sign_out() -> None:
    """End the session (the library logs it) and forget everything this browser tab held."""
    directory = context.data_dir()
    token = st.session_state.get(TOKEN)
    single_sign_on = token is None and oidc_signed_in()
    try:
        if isinstance(token, str):
            accounts(directory, context.project_of(directory)).logout(token)
        elif single_sign_on and st.session_state.get(OIDC_LOGGED):
            audit.record(directory, st.session_state[OIDC_LOGGED], "logout", method="oidc")
    except LeslieError:
        pass  # signing out must always work in the browser
    refused = token if isinstance(token, str) else cookie.from_browser()
    _forget_everything()
    st.session_state[_REFUSED] = refused  # the connection's cookie still names it
    cookie.forget()
    st.session_state[NOTICE] = Message("dashboard.signin.signed_out")
    if single_sign_on:
        st.logout()


def _forget_everything() -> None:
    per_run.forget(VIEWER)  # who is looking changes now, not on the next run
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def take_notice() -> Message | None:
    """The message about the last sign-out or expiry, shown once."""
    return st.session_state.pop(NOTICE, None)


# ------------------------------------------------------------------------ single sign-on


def oidc_enabled(directory: DataDir) -> bool:
    """Single sign-on is offered when Streamlit's [auth] secrets are set, Authlib is
    installed and the installation has a role mapping (private/oidc_roles.toml)."""
    if not oidc_mapping_path(directory).exists() or find_spec("authlib") is None:
        return False
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception as exc:  # a broken secrets file: say so; the local sign-in still works
        LOG.error("Single sign-on is off: the secrets file cannot be read: %s", exc)
        st.session_state[SECRETS_BROKEN] = type(exc).__name__
        return False


def secrets_problem() -> str | None:
    """Why single sign-on is off although configured (for the coordinator), or None."""
    return st.session_state.get(SECRETS_BROKEN)


def oidc_signed_in() -> bool:
    """Whether the identity provider has signed this browser in (mapped to a role or not)."""
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def viewer_from_claims(
    claims: Mapping[str, Any], directory: DataDir, project: Project
) -> Viewer | None:
    """The viewer the mapping gives to an identity provider's claims (None: no access)."""
    mapping = load_oidc_mapping(oidc_mapping_path(directory), project)
    viewer = viewer_for_oidc(claims, mapping)
    if viewer is not None:
        viewer.validate(project)
    return viewer


def _oidc_viewer(directory: DataDir, project: Project) -> Viewer | None:
    if not oidc_signed_in():
        return None
    viewer = viewer_from_claims(dict(st.user), directory, project)
    if viewer is None:
        st.session_state[NOTICE] = Message("dashboard.signin.no_role")
        return None
    if st.session_state.get(OIDC_LOGGED) != viewer.username:
        audit.record(directory, viewer.username, "login", role=viewer.role, method="oidc")
        st.session_state[OIDC_LOGGED] = viewer.username
    return viewer


def start_oidc_login() -> None:
    st.login()


def end_oidc_login() -> None:
    """Leave the identity provider's account (to sign in with another one)."""
    st.logout()


# ------------------------------------------------------------------------------- audit


def record_download(action: str, target: str, **detail: Any) -> None:
    """Log a download (a button's on_click): who, what file, from which scope."""
    viewer = current_viewer()
    if viewer is not None:
        _record(context.data_dir(), viewer, action, target, detail)


def download_logger(action: str, target: str, **detail: Any) -> Callable[[], None]:
    """``record_download`` for a file built when clicked: who is looking is read now, in
    the run, because Streamlit builds the file outside it (and a click need not rerun)."""
    viewer = current_viewer()
    directory = context.data_dir()

    def log() -> None:
        if viewer is not None:
            _record(directory, viewer, action, target, detail)

    return log


def _record(
    directory: DataDir, viewer: Viewer, action: str, target: str, detail: dict[str, Any]
) -> None:
    with suppress(LeslieError):  # the download must not fail because the log is unavailable
        audit.record(
            directory,
            viewer.username or viewer.role,
            action,
            target,
            role=viewer.role,
            scope=viewer.partner or viewer.country or "all",
            **detail,
        )
