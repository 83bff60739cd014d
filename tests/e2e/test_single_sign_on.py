"""Single sign-on through a real OpenID Connect provider, in Chromium.

A real provider (the certified ``oidc-provider`` package from npm, run with Node.js:
tests/e2e/oidc/provider.mjs, installed by ``make oidc``) runs on 127.0.0.1; a dashboard of its
own runs with Streamlit's ``[auth]`` secrets naming it and a role mapping
(private/oidc_roles.toml). A KazNU colleague signs in through the provider and gets the
partner role the mapping gives; the coordinator gets the coordinator's pages; someone the
mapping does not know is refused with a clear message; signing out ends the session.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.words.catalogue import text
from tests.e2e.helpers import (
    free_port,
    heading,
    stop_process,
    streamlit_command,
    wait_drawn,
    wait_healthy,
)

pytestmark = pytest.mark.browser

COORDINATOR = Viewer.coordinator("test")  # reads the audit log

PROVIDER = REPO_ROOT / "tests" / "e2e" / "oidc"
ACCOUNTS = {
    "aigerim": {"email": "aigerim.s@kaznu.example", "email_verified": True, "name": "Aigerim S."},
    "maria": {"email": "coordinator@upv.example", "email_verified": True, "name": "María G."},
    "stranger": {"email": "someone@elsewhere.example", "email_verified": True, "name": "Sam"},
}
ROLES = """
[[rule]]
name = "upv-coordinator"
email = "coordinator@upv.example"
role = "coordinator"

[[rule]]
name = "kaznu-staff"
email_domain = "kaznu.example"
role = "partner"
partner = "KAZNU"
"""


@dataclass
class SsoServer:
    url: str
    provider: str
    data_dir: DataDir


@pytest.fixture(scope="module")
def sso(demo_dir, tmp_path_factory) -> Iterator[SsoServer]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (make oidc installs it)")
    if not (PROVIDER / "node_modules" / "oidc-provider").exists():
        pytest.skip("the test provider is not installed (make oidc)")
    pytest.importorskip("authlib", reason="single sign-on needs Authlib (requirements.txt)")
    root = tmp_path_factory.mktemp("sso")
    data_dir = DataDir(root / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    data_dir.private.mkdir(exist_ok=True)
    roles = data_dir.private / "oidc_roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    roles.chmod(0o600)

    app_port, provider_port = free_port(), free_port()
    app, provider = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{provider_port}"
    client_secret = secrets.token_urlsafe(24)
    secrets_file = root / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{app}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "leslie-impact"\n'
        f'client_secret = "{client_secret}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        # Streamlit asks for prompt=select_account, which this provider (like many) does not
        # offer; "login" asks for the password every time (docs/operations.md)
        'client_kwargs = { prompt = "login" }\n',
        encoding="utf-8",
    )
    provider_log, app_log = root / "provider.log", root / "streamlit.log"
    with provider_log.open("wb") as out:
        idp = subprocess.Popen(
            [node, str(PROVIDER / "provider.mjs")],
            cwd=PROVIDER,
            env={
                **os.environ,
                "OIDC_PORT": str(provider_port),
                "OIDC_CLIENT_ID": "leslie-impact",
                "OIDC_CLIENT_SECRET": client_secret,
                "OIDC_REDIRECT_URI": f"{app}/oauth2callback",
                "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
            },
            stdout=out,
            stderr=out,
        )
    try:
        wait_healthy(
            f"{provider}/.well-known/openid-configuration", idp, provider_log, "the provider"
        )
        env = {
            **os.environ,
            "LESLIE_DATA_DIR": str(data_dir.root),
            "LESLIE_TODAY": os.environ.get("LESLIE_TODAY", "2026-11-29"),
            # the test provider speaks plain HTTP on 127.0.0.1 (a real one: HTTPS)
            "AUTHLIB_INSECURE_TRANSPORT": "1",
        }
        command = [*streamlit_command("dashboard/app.py", app_port)]
        command += ["--secrets.files", str(secrets_file)]
        with app_log.open("wb") as out:
            dashboard = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
        try:
            wait_healthy(f"{app}/_stcore/health", dashboard, app_log, "the dashboard")
            yield SsoServer(app, provider, data_dir)
        finally:
            stop_process(dashboard)
    finally:
        stop_process(idp)


@pytest.fixture()
def browser_page(browser, sso):
    """A new browser session; requests anywhere but the dashboard and the provider abort."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    allowed = (sso.url, sso.url.replace("http", "ws"), sso.provider, "data:", "blob:")

    def route(r) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:  # the test provider's own form asks for web fonts: aborted, not ours
            if page.url.startswith(sso.url):
                errors.append(f"left the machine: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == []


def sign_in_through_the_provider(page, sso, login: str) -> None:
    """The dashboard's single sign-on button, the provider's own sign-in and consent forms,
    and back to the dashboard."""
    page.goto(sso.url + "/")
    wait_drawn(page)
    assert heading(page) == "Sign in"
    page.get_by_role("button", name="Sign in with your organisation").click()
    page.wait_for_url(f"{sso.provider}/**", timeout=60_000)
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("any password: the test provider's form")
    page.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    if page.url.startswith(sso.provider):  # the consent form, on the first visit
        page.locator('button[type="submit"]').click()
    page.wait_for_url(f"{sso.url}/**", timeout=60_000)
    wait_drawn(page)


def menu(page) -> str:
    return page.locator('[data-testid="stSidebarNav"]').inner_text()


def test_a_partner_signs_in_through_the_provider_with_the_mapped_role(browser_page, sso):
    page = browser_page
    sign_in_through_the_provider(page, sso, "aigerim")
    assert heading(page) != "Sign in"
    nav = menu(page)
    assert "Upload data" in nav and "Review uploads" not in nav and "Audit log" not in nav
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "kaznu-staff~" in sidebar  # the rule's handle, never the e-mail
    assert "aigerim.s@kaznu.example" not in sidebar

    login = audit.entries(sso.data_dir, COORDINATOR, action="login")[0]  # the newest
    assert login.who.startswith("kaznu-staff~")
    assert login.detail == {"method": "oidc", "role": "partner"}

    # signing out ends the session here and at the provider (which asks to confirm), and
    # comes back to the dashboard's sign-in page; a new visit does not sign in again
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{sso.provider}/**", timeout=60_000)
    page.get_by_role("button", name=re.compile("^Yes")).click()
    page.wait_for_url(f"{sso.url}/**", timeout=60_000)
    wait_drawn(page)
    assert heading(page) == "Sign in"
    page.goto(sso.url + "/upload")
    wait_drawn(page)
    assert heading(page) == "Sign in"
    assert page.locator('[data-testid="stSidebarNav"] a', has_text="Upload data").count() == 0
    logout = audit.entries(sso.data_dir, COORDINATOR, action="logout")[0]
    assert logout.who == login.who and logout.detail == {"method": "oidc"}


def test_the_coordinator_signs_in_through_the_provider(browser_page, sso):
    page = browser_page
    sign_in_through_the_provider(page, sso, "maria")
    nav = menu(page)
    assert "Review uploads" in nav and "Audit log" in nav


def test_someone_the_mapping_does_not_know_is_refused(browser_page, sso):
    page = browser_page
    sign_in_through_the_provider(page, sso, "stranger")
    assert heading(page) == "Sign in"
    said = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any(text("dashboard.signin.no_role", "en") in s for s in said), said
    assert page.locator('[data-testid="stSidebarNav"] a', has_text="Upload data").count() == 0
    page.get_by_role("button", name="Use another organisation account").wait_for()
