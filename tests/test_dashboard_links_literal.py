"""URL parameters are data: whatever a link carries is named as its own characters, never
drawn as a link, an image or HTML.

Every page opens with every URL parameter set to a Markdown link, a Markdown image or an HTML
tag (each marked with its parameter's name). Every text that the page sends and the browser
reads as Markdown (bodies, labels, help) is rendered with a CommonMark parser: no link, no
image, no tag, no bare web address (GitHub Markdown would link it); and the value of each
parameter that the page could not use is named in full, as typed.
"""

from __future__ import annotations

import html
import re

import markdown_it
import pytest
from google.protobuf.message import Message as Proto
from streamlit.testing.v1 import AppTest

from dashboard.widgets import plain
from dashboard.wiring.navigation import PAGES
from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT
from pipelines.words.catalogue import Message

APP = REPO_ROOT / "dashboard" / "app.py"
COORD = Viewer.coordinator("test")
FILTERS = ("period", "country", "partner", "sdg", "wp")
PARAMS = (*FILTERS, "lang", "code")
PAYLOADS = {
    "link": "[Your session expired - sign in again ({name})](https://evil.example/login/{name})",
    "image": "![t](http://127.0.0.1:9/track-{name}.png)",
    "html": '<img src="http://127.0.0.1:9/track-{name}.png" onerror="alert(1)">',
}
MARK = re.compile(r"(?i)evil\.example|127\.0\.0\.1")
# texts the browser shows as they are, never as Markdown: st.text and st.code
PLAIN = {("text", "body"), ("code", "code_text")}
PAGE_FILES = sorted({spec.path for spec in PAGES})


def _strings(proto: Proto, path: str = ""):
    for field, value in proto.ListFields():
        values = (
            value if hasattr(value, "__len__") and not isinstance(value, str | bytes) else [value]
        )
        for item in values:
            if isinstance(item, Proto):
                yield from _strings(item, field.name)
            elif isinstance(item, str):
                yield field.name, item


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """Every (element type, text) the page sent that names a payload."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        for field, value in _strings(proto):
            if MARK.search(value) and (node.type, field) not in PLAIN:
                found.append((node.type, value))
    return found


def _html(markdown: str) -> str:
    return markdown_it.MarkdownIt("commonmark").render(markdown)


def _shown(markdown: str) -> str:
    """What the reader sees: the rendered text without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", _html(markdown)))


def assert_inert(kind: str, text: str) -> None:
    rendered = _html(text)
    assert "<a" not in rendered and "<img" not in rendered, (kind, text)
    assert not re.search(r"(?<!\\)\]\(", text), (kind, text)
    assert not re.search(r"(?<!\\)<", text), (kind, text)
    assert not re.search(r"(?i)(https?:/|www\.)", text), (kind, text)  # GitHub autolinks


def _open(monkeypatch, data_dir, page: str, params: dict[str, str]) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: COORD)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize("page", PAGE_FILES)
def test_no_url_parameter_becomes_markdown_on_any_page(monkeypatch, demo_dir, page, payload):
    params = {name: PAYLOADS[payload].format(name=name) for name in PARAMS}
    at = _open(monkeypatch, demo_dir, page, params)
    texts = markdown_texts(at)
    for kind, text in texts:
        assert_inert(kind, text)
    seen = " ".join(_shown(text) for _kind, text in texts)
    if page in ("pages/public.py", "pages/public_catalogue.py", "pages/login.py"):  # no filters
        return
    # an unknown indicator: the page names it and stops; elsewhere the sidebar names the rest
    named = ("code",) if page == "pages/indicator.py" else (*FILTERS, "lang")
    for name in named:
        assert params[name] in seen, (name, params[name], seen[:2000])


def test_an_unknown_indicator_is_named_as_typed(monkeypatch, demo_dir):
    code = "![t](http://127.0.0.1:9/track.png)"
    at = _open(monkeypatch, demo_dir, "pages/indicator.py", {"code": code})
    [error] = [e.value for e in at.error]
    assert _shown(error) == f"There is no indicator {code} in this project.\n"


def test_a_link_warning_names_the_value_in_every_language(monkeypatch, demo_dir):
    raw = "[Your session expired - sign in again](https://evil.example/login)"
    at = _open(monkeypatch, demo_dir, "pages/overview.py", {"partner": raw, "lang": "ru"})
    [warning] = [w.value for w in at.warning]
    assert _shown(warning) == f"Ссылка запрашивает партнёра «{raw}», который вам недоступен.\n"


# --------------------------------------------------------------------- the helper itself


@pytest.mark.parametrize(
    ("value", "seen"),
    [
        ("[x](https://evil.example)", "[x](https://evil.example)"),
        ("<b>bold</b> :red[x] $x$ www.evil.example", "<b>bold</b> :red[x] $x$ www.evil.example"),
        ("line\nbreak", "line break"),
        ("abc\u202egpj.exe", "abcU+202Egpj.exe"),  # a right-to-left override named, not obeyed
        ("x" * 250, "x" * 200 + "…"),
    ],
)
def test_literal_shows_the_characters(value, seen):
    shown = plain.literal(value)
    if MARK.search(value):
        assert_inert("literal", shown)
    assert _html(shown) == f"<p>{html.escape(seen, quote=False)}</p>\n"


def test_a_message_keeps_the_catalogues_markdown_and_escapes_its_values():
    note = Message("dashboard.filter.link_no_period", {"raw": "**P9**"})
    assert (
        plain.message(note, "en")
        == r"The link asked for period '\*\*P9\*\*', which does not exist."
    )
