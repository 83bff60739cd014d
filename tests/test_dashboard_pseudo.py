"""No string escapes the catalogue: every page of the workspace, for every role, rendered
under ``?lang=qps`` (every catalogue text wrapped in ⟦ ⟧) shows no visible text that is
neither marked nor data.

Visible text: titles, headers, captions, markdown, plain text, alerts, metric labels, table
column headers, widget labels and options, button labels, and chart titles, axis titles,
legend names and annotations from the plotly spec. Data: numbers, dates, codes (ENR-1,
KAZNU, WP4, P1) and punctuation, and what partners wrote (module titles); names from
project.toml come through ``Words`` and are marked too.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.wiring import navigation
from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT
from pipelines.warehouse.build import read_warehouse

APP = REPO_ROOT / "dashboard" / "app.py"
# every page with figures but the SDGs page, whose indicator names stay literal
PAGES = {
    name: navigation.BY_NAME[name].path
    for name in ("home", *navigation.FIGURE_PAGES, "indicator")
    if name != "sdgs"
}
# pages only some roles may open: upload (partners, coordinator), review and audit (coordinator)
RESTRICTED = {
    "upload": (navigation.BY_NAME["upload"].path, ("coordinator", "partner")),
    "review": (navigation.BY_NAME["review"].path, ("coordinator",)),
    "audit": (navigation.BY_NAME["audit"].path, ("coordinator",)),
    "workplan": (
        navigation.BY_NAME["workplan"].path,
        ("coordinator", "national_office", "partner"),
    ),
}
VIEWERS = {
    "coordinator": Viewer.coordinator("pseudo"),
    "national_office": Viewer("national_office", "kz-office", None, "KZ"),
    "partner": Viewer("partner", "kaznu-data", "KAZNU", None),
    "public": Viewer("public", "public"),
}
INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")  # removed until none is left: markers nest
TAGS = re.compile(r"<[^>]+>")
DATES = re.compile(r"\b\d{1,2} (?:[A-Z][a-z]+|[A-Z][a-z]{2}) \d{4}\b")
CODES = re.compile(r"\b[A-Z][A-Z0-9]*(?:[-.][A-Z0-9]+)*\b")  # ENR-1, KAZNU, WP4, P1, MSHE-KZ
LEFT = re.compile(r"[^\W\d_]{2,}")  # a word of letters remains: it escaped the catalogue


def escaped(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` that are neither marked nor data (``data``: partners' texts)."""
    rest, before = TAGS.sub(" ", str(text)), None
    for value in sorted(data, key=len, reverse=True):
        rest = rest.replace(value, " ")
    while rest != before:
        before, rest = rest, INNERMOST.sub(" ", rest)
    rest = CODES.sub(" ", DATES.sub(" ", rest))
    return LEFT.findall(rest)


def visible(at: AppTest) -> list[str]:
    """Every text a person reads on the page (data cells of tables excluded)."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "text"):
        texts += [e.value for e in at.get(kind)]
    for kind in ("info", "warning", "error", "success"):
        texts += [e.value for e in at.get(kind)]
    texts += [m.label for m in at.metric]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    for box in at.selectbox:
        texts += [box.label, *[str(o) for o in box.options]]
    for widget in (*at.button, *at.toggle, *at.get("segmented_control")):
        texts.append(getattr(widget, "label", ""))
    texts += [e.proto.label for e in at.get("download_button")]
    texts += [e.proto.label for e in at.get("page_link")]
    for chart in at.get("plotly_chart"):
        texts += chart_texts(json.loads(chart.proto.spec))
    return texts


def chart_texts(spec: dict) -> list[str]:
    layout = spec.get("layout", {})
    out = [layout.get("title", {}).get("text", "")]
    for axis in ("xaxis", "yaxis"):
        title = layout.get(axis, {}).get("title", {})
        out.append(title.get("text", "") if isinstance(title, dict) else str(title))
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    out += [t.get("name", "") for t in spec.get("data", []) if t.get("showlegend", True)]
    return out


def rendered(monkeypatch, demo_dir, path: str, role: str) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(demo_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: VIEWERS[role])
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(path)
    at.query_params["lang"] = "qps"
    at.query_params["code"] = "ENR-1"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def form_texts(at: AppTest) -> list[str]:
    """Labels of the form widgets and tabs the upload, review and audit pages add."""
    texts = [t.label for t in at.tabs]
    for kind in ("checkbox", "text_input", "text_area", "date_input", "file_uploader"):
        texts += [e.proto.label for e in at.get(kind)]
    texts += [e.proto.help for e in at.get("download_button") if e.proto.help]
    return texts


@pytest.mark.parametrize("role", list(VIEWERS))
@pytest.mark.parametrize("page", list(PAGES))
def test_every_text_comes_from_the_catalogue(monkeypatch, demo_dir, page, role):
    at = rendered(monkeypatch, demo_dir, PAGES[page], role)
    texts = visible(at)
    assert texts, "nothing was drawn"
    data = partner_texts(demo_dir)
    found = {t: escaped(t, data) for t in texts if escaped(t, data)}
    assert found == {}


def partner_texts(demo_dir) -> frozenset[str]:
    """The module titles partners submitted: data, shown as written."""
    with read_warehouse(demo_dir.warehouse) as con:
        rows = con.execute("SELECT DISTINCT title FROM fct_module WHERE title IS NOT NULL")
        return frozenset(r[0] for r in rows.fetchall())


@pytest.mark.parametrize(
    ("page", "role"), [(page, role) for page, (_, roles) in RESTRICTED.items() for role in roles]
)
def test_upload_review_and_audit_speak_the_catalogue(monkeypatch, demo_dir, page, role):
    at = rendered(monkeypatch, demo_dir, RESTRICTED[page][0], role)
    texts = visible(at) + form_texts(at)
    assert len(texts) > 3, "nothing was drawn"
    data = work_plan_texts(demo_dir)
    found = {t: escaped(t, data) for t in texts if escaped(t, data)}
    assert found == {}


def work_plan_texts(demo_dir) -> frozenset[str]:
    """What the project's configuration writes of its work plan (titles of deliverables,
    evidence file names named after them): the grant agreement's words, shown as written."""
    from pipelines.config import load_project

    plan = load_project(demo_dir.project_file).work_plan
    titles = {d.title for d in plan.deliverables} | {m.title for m in plan.milestones}
    names = {f"{d.code} {d.title}.pdf" for d in plan.deliverables}
    return frozenset(titles | names | {"demo"})
