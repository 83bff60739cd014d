"""Every page the coordinator, a partner and a National Office open, in English, Russian, Kazakh
and Uzbek, read as Streamlit's AppTest sees it, closed sections drawn as if opened: a table's
column headers are words of the reader's language, never a column's code (``approved_rows``),
a blank (a column without a name) nor an English header left on a Russian, Kazakh or Uzbek
page; and no label, caption, message or text holds an English interface word there.

The browser walks read what is drawn as text on screen; a table's headers and cells are drawn
on a canvas they cannot read, and a closed section is not on screen, so both are checked here,
on what the pages hand to Streamlit."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.wiring import navigation
from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT
from tests.e2e.test_languages import WORDS

APP = str(REPO_ROOT / "dashboard" / "app.py")
VIEWERS = {
    "coordinator": Viewer.coordinator("test"),
    "partner": Viewer("partner", "kaznu", "KAZNU"),  # its home and its own data differ
    "national_office": Viewer("national_office", "kz-office", None, "KZ"),
}
# every page of the coordinator's menu; the others' home and own-data pages
OWN_PAGES = ("pages/home.py", "pages/my_data.py", "pages/upload.py")
VISITS = [
    (role, s.path)
    for role, viewer in VIEWERS.items()
    for s in navigation.available(navigation.PAGES, viewer)
    if role == "coordinator" or s.path in OWN_PAGES
]
CODE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")  # a column's name in the data: approved_rows
# a header that is a code, a sign or a unit in every language: ECTS, EQF, ENR-1, %, №
SAME_IN_EVERY_LANGUAGE = re.compile(r"^[A-Z0-9%#№·\-–/() .]+$")
# a partner's name as a column (a partner's figures beside the consortium's): a proper noun
PARTNER_NAMES = {p.short_name for p in load_project(BUNDLED_PROJECT).partners}
# what a page draws besides tables, as AppTest sees it (closed sections included)
TEXT_KINDS = ("title", "header", "subheader", "caption", "markdown", "text", "info", "warning")
TEXT_KINDS += ("success", "error", "metric", "button", "expander", "selectbox", "multiselect")
TEXT_KINDS += ("toggle", "checkbox", "radio", "tab")
TAG = re.compile(r"<[^>]+>")  # a card's markup: its classes are not words
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def run(role: str, page: str, lang: str, monkeypatch, data_dir) -> AppTest:
    """The page as ``role`` opens it in ``lang``, every closed section drawn."""
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: VIEWERS[role])
    at = AppTest.from_file(APP, default_timeout=180)
    at.switch_page(page)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def headers(at: AppTest) -> list[str]:
    """The column headers of every table the page draws."""
    return [label for frame in at.dataframe for label in shown_headers(frame)]


def interface_words(at: AppTest) -> set[str]:
    """The English interface words (those the browser walk looks for) in every label,
    caption, message and text the page draws, closed sections included."""
    found: set[str] = set()
    for kind in TEXT_KINDS:
        for element in at.get(kind):
            for attr in ("label", "value"):
                said = getattr(element, attr, None)
                if isinstance(said, str):
                    found |= set(WORDS.findall(TAG.sub(" ", said)))
    return found


def shown_headers(frame) -> list[str]:
    """The headers a reader sees: a column's label where the page gives one (an editable
    table labels the data's own columns), its name otherwise; hidden columns left out."""
    config = json.loads(frame.proto.columns) if frame.proto.columns else {}
    shown = []
    for column in frame.value.columns:
        settings = config.get(str(column), {})
        if not settings.get("hidden"):
            shown.append(settings.get("label") or str(column))
    return shown


@pytest.fixture(scope="module")
def english(demo_dir) -> dict[tuple[str, str], set[str]]:
    """Each visit's English headers, read once for the module."""
    with pytest.MonkeyPatch.context() as mp:
        return {(r, p): set(headers(run(r, p, "en", mp, demo_dir))) for r, p in VISITS}


def test_every_page_is_checked(english):
    coordinator = [p for r, p in VISITS if r == "coordinator"]
    assert len(coordinator) >= 15 and len(VISITS) >= len(coordinator) + 4
    assert sum(1 for visit in VISITS if english[visit]) >= 12  # visits that draw tables


def test_the_word_check_finds_english_words(monkeypatch, demo_dir):
    at = run("coordinator", "pages/overview.py", "en", monkeypatch, demo_dir)
    assert {"Overview", "Indicator"} <= interface_words(at)


@pytest.mark.parametrize(("role", "page"), VISITS)
def test_no_header_is_a_column_code_or_blank(english, role, page):
    assert [h for h in english[role, page] if CODE.match(h) or not h.strip()] == []


@pytest.mark.parametrize("lang", ["ru", "kk", "uz"])
@pytest.mark.parametrize(("role", "page"), VISITS)
def test_headers_are_in_the_readers_language(monkeypatch, demo_dir, english, role, page, lang):
    at = run(role, page, lang, monkeypatch, demo_dir)
    found = [h for h in headers(at) if h not in PARTNER_NAMES]
    coded = [h for h in found if CODE.match(h)]
    left_in_english = [
        h for h in found if h in english[role, page] and not SAME_IN_EVERY_LANGUAGE.match(h)
    ]
    assert coded == [] and left_in_english == [], (coded, left_in_english)
    if lang != "uz":  # Russian and Kazakh headers are written in Cyrillic
        latin = [h for h in found if not CYRILLIC.search(h) and not SAME_IN_EVERY_LANGUAGE.match(h)]
        assert latin == []
    assert interface_words(at) == set()  # nor in a closed section the browser walk never opens
