"""The dashboard behind Caddy (deploy/Caddyfile, as a server runs it) over HTTPS, in Chromium.

Caddy runs with its internal certificate authority on free loopback ports in front of the
real dashboard of the browser session. Plain HTTP is redirected to HTTPS; every answer carries
the security headers; a partner signs in and uploads a file, the coordinator switches pages
(over the WebSocket) and downloads a table, all through HTTPS, with the session cookie
``Secure`` and ``SameSite=Strict``, and without any content-security-policy violation or error
in the browser console.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashboard.wiring import cookie
from pipelines.paths import REPO_ROOT
from tests.e2e.conftest import COORDINATOR
from tests.e2e.helpers import (
    free_port,
    goto,
    heading,
    open_page,
    sign_in,
    stop_process,
    wait_drawn,
    wait_healthy,
    wait_idle,
)

pytestmark = pytest.mark.browser

CADDYFILE = REPO_ROOT / "deploy" / "Caddyfile"
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
HEADER = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,"
    "sdg_goals,url\n"
)
# two mistakes (an activity type that does not exist, a date that does not exist): the
# upload goes through the proxy, nothing is stored
WITH_ERRORS = (
    HEADER
    + "K-01,KAZNU,2026-03-14,seminar,Soil day,KZ,students,40,120,15,\n"
    + "K-02,KAZNU,2026-02-30,workshop,Waste sorting,KZ,academics,25,25,12,\n"
).encode()
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; frame-src 'self' blob: data:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)
# every violation of the page's content security policy, as the browser reports it
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@dataclass
class Proxy:
    origin: str  # https://127.0.0.1:<port>
    http_origin: str  # http://127.0.0.1:<port>, redirected
    root_certificate: Path  # Caddy's internal root


@pytest.fixture(scope="module")
def proxy(app_server, tmp_path_factory) -> Iterator[Proxy]:
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("Caddy is not installed (make browser installs Debian's caddy)")
    home = tmp_path_factory.mktemp("caddy")
    https_port, http_port = free_port(), free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LESLIE_SITE": f"https://127.0.0.1:{https_port}",
        "LESLIE_TLS": "internal",
        "LESLIE_UPSTREAM": app_server.url.removeprefix("http://"),
        "LESLIE_HTTP_PORT": str(http_port),
        "LESLIE_HTTPS_PORT": str(https_port),
        "LESLIE_CADDY_ADMIN": "off",
    }
    log = home / "caddy.log"
    command = [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    origin = f"https://127.0.0.1:{https_port}"
    root = home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        wait_healthy(f"{origin}/_stcore/health", proc, log, "Caddy", seconds=60, cafile=root)
        yield Proxy(origin, f"http://127.0.0.1:{http_port}", root)
    finally:
        stop_process(proc)


def get(proxy: Proxy, path: str) -> http.client.HTTPResponse:
    """One HTTPS request, the certificate checked against Caddy's internal root."""
    context = ssl.create_default_context(cafile=str(proxy.root_certificate))
    host, port = proxy.origin.removeprefix("https://").split(":")
    connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_plain_http_is_redirected_to_https(proxy):
    host, port = proxy.http_origin.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", "/overview?lang=ru")
    response = connection.getresponse()
    connection.close()
    assert response.status == 308
    # the same address over HTTPS; Caddy's redirect names no port, i.e. 443, the server's
    # HTTPS port (the test's HTTPS port is a free one instead)
    assert response.getheader("Location") == "https://127.0.0.1/overview?lang=ru"


@pytest.mark.parametrize("path", ["/", "/overview", "/_stcore/health", "/static/missing.js"])
def test_every_answer_carries_the_security_headers(proxy, path):
    response = get(proxy, path)
    headers = {k.lower(): v for k, v in response.getheaders()}
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == CSP
    assert headers["referrer-policy"] == "same-origin"
    assert "server" not in headers


def test_the_world_outline_is_kept_for_a_week_and_pages_are_not(proxy):
    outline = get(proxy, "/app/static/topojson/world_110m.json")
    assert outline.status == 200
    assert outline.getheader("Cache-Control") == "public, max-age=604800"
    assert outline.getheader("Content-Security-Policy") == CSP
    assert "max-age=604800" not in (get(proxy, "/overview").getheader("Cache-Control") or "")


@dataclass
class Watch:
    console: list[str] = field(default_factory=list)  # errors and warnings
    external: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def https_page(browser, proxy: Proxy):
    """A new browser session on the proxy: Caddy's internal certificate accepted, every
    request elsewhere aborted, console errors and warnings and CSP violations recorded."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, ignore_https_errors=True
    )
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watch = Watch()
    wss = proxy.origin.replace("https", "wss")

    def route(r) -> None:
        url = r.request.url
        if url.startswith((proxy.origin, wss, "data:", "blob:")):
            r.continue_()
        else:
            watch.external.append(url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: (
            watch.console.append(f"{m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: watch.console.append(str(e)))
    page.on(
        "response",
        lambda r: watch.failures.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.watch = watch  # type: ignore[attr-defined]
    return context, page


PROBE = re.compile(r"^404 https://[^/]+/[a-z-]+/_stcore/(health|host-config)$")


def assert_clean(page) -> None:
    """No CSP violation, console error, request elsewhere or failed request. Loading a deep
    link (``/upload``), Streamlit's client first asks ``/upload/_stcore/health`` and
    ``/upload/_stcore/host-config`` in case the app is served under that path, gets 404 (and
    a console line each), then uses the root: those probes, and only those, are allowed."""
    watch: Watch = page.watch
    probes = [f for f in watch.failures if PROBE.match(f)]
    watch.failures[:] = [f for f in watch.failures if not PROBE.match(f)]
    not_found = [m for m in watch.console if "status of 404" in m]
    assert len(not_found) == len(probes)
    watch.console[:] = [m for m in watch.console if "status of 404" not in m]
    assert page.evaluate("window.__csp") == [], "the content security policy was violated"
    assert watch.console == [], "errors in the browser console"
    assert watch.external == [], "requests left the machine"
    assert watch.failures == [], "failed requests"


def session_cookie(context) -> dict:
    found = [c for c in context.cookies() if c["name"] == cookie.NAME]
    assert len(found) == 1, context.cookies()
    return found[0]


def test_a_partner_signs_in_and_uploads_through_https(browser, app_server, proxy):
    context, page = https_page(browser, proxy)
    try:
        goto(page, proxy.origin + "/")
        assert heading(page) == "Sign in"
        sign_in(page, "kaznu-data", app_server.passwords["kaznu-data"])
        # the session cookie: over HTTPS only, never sent by another site
        page.wait_for_function(
            "(name) => performance.getEntriesByType('resource')"
            ".some(e => new URL(e.name).pathname === name)",
            arg=cookie.PROXY_PATH,
        )
        kept = session_cookie(context)
        assert kept["secure"] is True
        assert kept["sameSite"] == "Strict"
        assert kept["httpOnly"] is True  # set by Caddy's answer: no script can read it
        assert kept["path"] == "/"
        assert cookie.NAME not in page.evaluate("document.cookie")
        # and every other cookie of the site (Streamlit's anti-forgery one) is HTTPS-only
        assert {c["name"]: c["secure"] for c in context.cookies()} == {
            cookie.NAME: True,
            "_streamlit_xsrf": True,
        }

        open_page(page, "Upload data")
        page.locator(UPLOAD_INPUT).set_input_files(
            {"name": "kaznu_dissemination.csv", "mimeType": "text/csv", "buffer": WITH_ERRORS}
        )
        wait_idle(page)
        error = page.locator(
            '[data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]'
        )
        assert (
            error.first.inner_text()
            .strip()
            .startswith("kaznu_dissemination.csv was not accepted: 2 problems")
        )

        # a reload (a new WebSocket connection) resumes the session from the cookie
        page.reload()
        wait_drawn(page)
        assert heading(page) != "Sign in"

        # signing out deletes the cookie (Caddy's answer again: a script cannot touch it)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_function(
            "(title) => { const h = document.querySelector('[data-testid=stMain] h1');"
            " return h && h.innerText.trim() === title; }",
            arg="Sign in",
            timeout=60_000,
        )
        wait_idle(page)
        page.wait_for_timeout(500)
        assert [c for c in context.cookies() if c["name"] == cookie.NAME] == []
        assert_clean(page)
    finally:
        context.close()


def test_the_coordinator_switches_pages_and_downloads_through_https(browser, app_server, proxy):
    context, page = https_page(browser, proxy)
    try:
        goto(page, proxy.origin + "/")
        sign_in(page, COORDINATOR, app_server.passwords[COORDINATOR])
        # every page of the menu: each switch is a message over the WebSocket
        links = page.locator('[data-testid="stSidebarNav"] a')
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert len(hrefs) > 5, hrefs
        titles = set()
        for href in hrefs:
            page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]').click()
            page.wait_for_url(href.split("?")[0] + "*", timeout=60_000)
            wait_drawn(page, 60_000)
            titles.add(heading(page))
        assert len(titles) == len(hrefs)
        assert "Sign in" not in titles

        open_page(page, "Overview")
        page.locator("summary", has_text="All indicators").first.click()
        wait_idle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download CSV").first.click()
        rows = list(
            csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig")))
        )
        assert rows[0][:2] == ["Code", "Indicator"]
        assert len(rows) > 10
        wait_idle(page)
        assert_clean(page)
    finally:
        context.close()
