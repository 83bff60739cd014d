"""A person at the dashboard in a real headless Chromium: the load benchmark's cross-check on
the protocol-level people, and the way a partner's upload goes through the upload page."""

from __future__ import annotations

import contextlib
import time
import urllib.parse
from dataclasses import dataclass

from benchmarks.load_stats import Failure, Level, Switch
from tests.e2e.helpers import CHROMIUM_ARGS, heading, submit_sign_in, wait_drawn, wait_idle

# an exception is drawn inside an error box of its own: counted once
PROBLEMS = (
    '[data-testid="stException"], '
    '[data-testid="stAlertContentError"]:not([data-testid="stException"] *)'
)
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'


@dataclass(frozen=True)
class Walk:
    """What one person does: sign in, then ``rounds`` times through ``pages`` (menu
    addresses); ``uploads`` (file name, bytes) are spread over the walk."""

    url: str
    username: str
    password: str
    pages: tuple[str, ...]
    rounds: int
    timeout: float
    uploads: tuple[tuple[str, bytes], ...] = ()


def upload_steps(steps: int, uploads: int) -> list[int]:
    """The walk steps after which each upload is made, spread evenly over the walk."""
    return [i * steps // uploads for i in range(uploads)] if steps else [0] * uploads


def problems(page) -> list[str]:
    """The first line of each exception and error message on the page."""
    return [
        (t.strip().splitlines() or [""])[0][:300] for t in page.locator(PROBLEMS).all_inner_texts()
    ]


def _timed(page, action, timeout: float) -> float:
    started = time.perf_counter()
    action()
    wait_idle(page, timeout=timeout * 1000)
    return time.perf_counter() - started


def walk(walk: Walk, level: Level, sign_in_title: str, finished=lambda: None) -> None:
    """One person in their own Chromium; what they saw goes into ``level``. ``finished`` is
    called after the walk, before the browser closes (the server's memory is read then)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    who = walk.username
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        try:
            page.goto(walk.url)
            wait_drawn(page, timeout=walk.timeout * 1000)
            level.sign_ins.append(
                _timed(page, lambda: _sign_in(page, walk, sign_in_title), walk.timeout)
            )
            if heading(page) == sign_in_title:
                level.failures.append(Failure(who, "sign-in refused", "", " ".join(problems(page))))
                return
            _walk_pages(page, walk, level)
            finished()
        except PlaywrightError as e:  # a wait that ran out: the page never settled
            level.failures.append(Failure(who, "not settled", page.url, str(e)[:300]))
        finally:
            chromium.close()


def _sign_in(page, walk: Walk, sign_in_title: str) -> None:
    """Send the form and wait for its answer: the account's first page or a refusal. On a
    busy server the run the click asks for may begin late, after the page looked idle."""
    submit_sign_in(page, walk.username, walk.password)
    page.wait_for_function(
        "(title) => { const h = document.querySelector('[data-testid=stMain] h1');"
        " return (h && h.innerText.trim() !== title)"
        " || document.querySelector('[data-testid=stAlertContentError]'); }",
        arg=sign_in_title,
        timeout=walk.timeout * 1000,
    )


def _walk_pages(page, walk: Walk, level: Level) -> None:
    menu = '[data-testid="stSidebarNav"] a[href$="/{}"]'
    pages = [p for p in walk.pages if page.locator(menu.format(p)).count()]
    steps = [p for _ in range(walk.rounds) for p in pages]
    due = upload_steps(len(steps), len(walk.uploads))
    for n, address in enumerate(steps):
        for i in [i for i, step in enumerate(due) if step == n]:
            _upload(page, walk, level, *walk.uploads[i])
        link = page.locator(menu.format(address)).first
        seconds = _timed(page, lambda link=link: _switch(page, link, walk), walk.timeout)
        level.switches.append(Switch(walk.username, "browser", address, seconds))
        for text in problems(page):
            level.failures.append(Failure(walk.username, "error on page", address, text))


def _switch(page, link, walk: Walk) -> None:
    """Click a menu link and wait for the other page's heading: on a busy server the run may
    begin after the page looked idle, and an idle page is not yet the new one."""
    before = heading(page)
    target = urllib.parse.urlparse(link.get_attribute("href") or "").path.rstrip("/")
    here = urllib.parse.urlparse(page.url).path.rstrip("/")
    link.click()
    if here == target:
        return  # the page it is on (a walk of one page): its heading stays
    page.wait_for_function(
        "(before) => { const h = document.querySelector('[data-testid=stMain] h1');"
        " return h && h.innerText.trim() !== before; }",
        arg=before,
        timeout=walk.timeout * 1000,
    )


def _upload(page, walk: Walk, level: Level, name: str, data: bytes) -> None:
    """Through the upload page, as a partner does; refused when no success message shows."""
    link = page.locator('[data-testid="stSidebarNav"] a[href$="/upload"]').first
    _timed(page, lambda: _switch(page, link, walk), walk.timeout)
    page.locator(UPLOAD_INPUT).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    level.uploads += 1
    answer = '[data-testid="stAlertContentSuccess"], ' + PROBLEMS
    with contextlib.suppress(PlaywrightTimeout):  # no answer in time: refused below
        page.wait_for_selector(answer, timeout=walk.timeout * 1000)
    wait_idle(page, timeout=walk.timeout * 1000, after_action=False)
    if not page.locator('[data-testid="stAlertContentSuccess"]').count():
        level.failures.append(
            Failure(walk.username, "upload refused", name, " ".join(problems(page)))
        )
