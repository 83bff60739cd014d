"""Tables export nothing behind the project's own CSV button.

Streamlit's table toolbar has its own "Download as CSV" (and a clipboard copy) that writes
each cell raw, so a partner's title ``=HYPERLINK(...)`` would reach a spreadsheet as a
formula, without an audit entry. The dashboard turns that export off
(``client.disableDataExport``) and every table is drawn by ``dashboard.widgets.shown_tables`` (``show``,
``editor``), which keeps it off even when the app was started without the project's
settings. The project's CSV buttons (formula-safe cells, audited) stay the only export.
The browser side (no download in the toolbar) is in tests/e2e/test_table_export.py.
"""

from __future__ import annotations

import ast
import csv
import tomllib
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.submissions.ingest import Source, ingest

APP = REPO_ROOT / "dashboard" / "app.py"
DASHBOARD = REPO_ROOT / "dashboard"
WRAPPER = DASHBOARD / "widgets" / "shown_tables.py"
OPTION = "client.disableDataExport"
FORMULAS = sorted((REPO_ROOT / "tests" / "fixtures" / "report_formulas").glob("*.csv"))
COORD = Viewer.coordinator("test")


def _titles() -> set[str]:
    titles = set()
    for path in FORMULAS:
        with path.open(encoding="utf-8", newline="") as fh:
            titles |= {row["title"] for row in csv.DictReader(fh)}
    return titles


# --------------------------------------------------------------------------- the rule


def _table_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(REPO_ROOT)}:{node.lineno} .{node.func.attr}("
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("dataframe", "data_editor")
    ]


def test_no_page_draws_a_table_but_through_the_tables_module():
    direct = [
        call
        for path in sorted(DASHBOARD.rglob("*.py"))
        if path != WRAPPER
        for call in _table_calls(path)
    ]
    assert direct == []
    assert _table_calls(WRAPPER)  # the one place that draws them


def test_the_apps_settings_turn_the_table_export_off():
    with (REPO_ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        client = tomllib.load(fh)["client"]
    assert client["disableDataExport"] is True


# ------------------------------------------------------------- pages with partners' text


@pytest.fixture(scope="module")
def formulas(tmp_path_factory, project) -> DataDir:
    """An installation whose dissemination titles and ids start formulas."""
    data_dir = DataDir(tmp_path_factory.mktemp("formulas"))
    result = ingest(data_dir, project, [Source(p.name, p) for p in FORMULAS], submitted_by="t")
    assert result.all_accepted, [(f.path, f.errors) for f in result.files]
    return data_dir


@pytest.fixture()
def export_on():
    """The app started without the project's settings (another working folder): Streamlit's
    default lets every table export."""
    before = config.get_option(OPTION)
    config.set_option(OPTION, False)
    yield
    config.set_option(OPTION, before)


def _open(monkeypatch, data_dir: DataDir, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: COORD)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _cells(at: AppTest) -> set[str]:
    return {str(v) for table in at.dataframe for v in table.value.to_numpy().ravel()}


# pages that list partners' own words in a table: the formula titles must be among the cells
SHOWING_TITLES = {
    "dissemination": {},
    "indicator": {"code": "DIS-1"},
    "my_data": {"partner": "UPV"},
}


@pytest.mark.parametrize("page", list(SHOWING_TITLES))
def test_a_page_listing_partners_text_draws_it_with_the_export_off(
    monkeypatch, formulas, export_on, page
):
    at = _open(monkeypatch, formulas, page, **SHOWING_TITLES[page])
    assert config.get_option(OPTION) is True
    shown = _cells(at)
    assert shown & _titles(), sorted(shown)[:40]  # the titles themselves, as typed


@pytest.mark.parametrize(
    "page", ["partners", "data_status", "audit", "countries", "sdgs", "public"]
)
def test_every_other_page_with_a_table_keeps_the_export_off(monkeypatch, formulas, export_on, page):
    at = _open(monkeypatch, formulas, page)
    assert at.dataframe
    assert config.get_option(OPTION) is True
