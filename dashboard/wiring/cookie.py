"""The session cookie: a reload or a shared link keeps the person signed in.

Streamlit has no cookie API. After signing in, the page writes one cookie from a short script
(``st.html`` with JavaScript): ``leslie_session`` holds the session's opaque random token, of
which the account store keeps only the SHA-256 hash (``pipelines.access.accounts``). It is
``SameSite=Strict`` (never sent by another site's link or form), ``Secure`` when served over
HTTPS, and expires with the session. A script cannot set ``HttpOnly``: behind the project's
Caddy (deploy/Caddyfile) the script asks the proxy to set the cookie in an HTTP answer
instead, which makes it ``HttpOnly``; elsewhere the script writes it. The token alone names
no user and dies at sign-out, expiry, a disabled account or a changed role, all decided
server-side by ``Accounts.resume``. A new connection (reload, new tab) reads the cookie from
``st.context.cookies``. Tokens never appear in URLs.
"""

from __future__ import annotations

import json
import re

import streamlit as st

NAME = "leslie_session"
# where the HTTPS proxy sets the cookie itself, HttpOnly (deploy/Caddyfile)
PROXY_PATH = "/_leslie/session"
_PENDING = "_leslie_cookie_pending"
_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{16,200}$")


def from_browser() -> str | None:
    """The token the browser sent with this connection, if it looks like one."""
    try:
        value = st.context.cookies.get(NAME)
    except Exception:  # no browser connection (a test run, a script)
        return None
    return value if isinstance(value, str) and _TOKEN.match(value) else None


def sent_but_malformed() -> str | None:
    """A session cookie the browser sent that does not look like a token (to refuse and
    audit it), or None."""
    try:
        value = st.context.cookies.get(NAME)
    except Exception:  # no browser connection (a test run, a script)
        return None
    if not isinstance(value, str) or not value or _TOKEN.match(value):
        return None
    return value


def remember(token: str, seconds: int) -> None:
    """Ask the next run to write the cookie (the run that signs in reruns at once)."""
    st.session_state[_PENDING] = (token, max(0, int(seconds)))


def forget() -> None:
    """Ask the next run to delete the cookie (sign-out, a token the server refused)."""
    st.session_state[_PENDING] = ("", 0)


def sync() -> None:
    """Write or delete the cookie as asked, once."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    token, seconds = pending
    st.html(script(token, seconds), unsafe_allow_javascript=True, width="content")


def script(token: str, seconds: int) -> str:
    """The script that sets (``seconds`` > 0) or deletes the cookie.

    Over HTTPS it first asks the proxy (deploy/Caddyfile answers ``POST /_leslie/session``)
    to set the cookie in its answer, where it can be ``HttpOnly``; without that proxy (plain
    HTTP on 127.0.0.1, another proxy) the script writes it itself, ``Secure`` over HTTPS."""
    value = json.dumps(token if seconds > 0 else "")
    age = int(seconds) if seconds > 0 else 0
    return (
        "<script>(function(){var secure=location.protocol==='https:'?'; Secure':'';"
        "function write(){"
        f"document.cookie='{NAME}='+{value}+'; Max-Age={age}; Path=/; SameSite=Strict'+secure;"
        "}"
        "if(!secure){write();return;}"
        f"fetch('{PROXY_PATH}',{{method:'POST',credentials:'same-origin',cache:'no-store',"
        f"headers:{{'X-Leslie-Session':{value},'X-Leslie-Max-Age':'{age}'}}}})"
        ".then(function(r){if(r.status!==204){write();}},write);"
        "})();</script>"
    )
