"""Who sees what in the dashboard, through the real sign-in hook (a session token in the
browser session, turned back into a viewer by the account store on every run).

For every role (coordinator, national office KZ, partner KAZNU, the public view when it is
switched on, and nobody signed in) and every page: the partners whose figures appear in the
page's tables and in the CSV files the page builds are within the viewer's scope (a page that
draws no table for an account is checked for what it shows instead); a crafted
link or an edited session cannot widen it; without a session only the sign-in form is drawn.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import ui
from dashboard.wiring import navigation
from dashboard.wiring.session import TOKEN
from pipelines.access.accounts import Accounts
from pipelines.access.scope import Viewer
from pipelines.config import load_project
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import BUNDLED_PROJECT, REPO_ROOT, DataDir
from pipelines.warehouse.build import read_warehouse
from pipelines.words.cells import safe_csv_bytes
from tests.conftest import TODAY

APP = REPO_ROOT / "dashboard" / "app.py"
# every page of the menu (and the indicator page, reached from every figure card)
PAGES = list(dict.fromkeys(Path(spec.path).stem for spec in navigation.PAGES))
# the accessibility statement holds no figures
NO_FIGURES = {"accessibility"}
# query parameters a page needs before it draws its tables
QUERY = {"reports": {"period": "P1"}}
# account -> (role, partner, country)
ACCOUNTS = {
    "coordinator": ("coordinator", None, None),
    "kz-office": ("national_office", None, "KZ"),
    "kaznu-data": ("partner", "KAZNU", None),
}
VIEWERS = {name: Viewer(role, name, p, c) for name, (role, p, c) in ACCOUNTS.items()}
# Columns naming the partner a row's figures belong to. (A module's co-developers,
# ``partner_codes``, are part of the module's description, not figures of theirs.)
PARTNER_COLUMNS = {
    "partner",
    "partner_code",
    "lead_partner_code",
    "scope",
    "partners",
    "institution",
    "awarding body",
    "awarding_body",
    "Awarding body",  # the catalogue in words
    "Institution",
    "Partner",  # tables in words: 'KazNU (KAZNU)'
    "Whose figures",
}
NOT_FIGURES = {
    "lat",
    "lon",
    "Latitude",
    "Longitude",
    "entry_id",
    "submission_id",
    "file_rows",
    "row",
    # a module's credits, level and field describe the module, published in the public catalogue
    "ects",
    "eqf_level",
    "isced_field",
}


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def install(demo_dir, project, tmp_path_factory) -> tuple[DataDir, dict[str, str]]:
    """A copy of the sample installation with one account per role; their session tokens."""
    data_dir = DataDir(tmp_path_factory.mktemp("access") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    accounts = Accounts(data_dir, project)
    tokens = {}
    for name, (role, partner, country) in ACCOUNTS.items():
        password = secrets.token_urlsafe(18)
        accounts.add(name, role, password, partner, country, by="test")
        tokens[name] = accounts.authenticate(name, password).token
    return data_dir, tokens


@pytest.fixture(scope="module")
def public_install(demo_dir, tmp_path_factory) -> DataDir:
    """The sample installation with the public view switched on in its own project.toml."""
    data_dir = DataDir(tmp_path_factory.mktemp("public") / "data")
    shutil.copytree(demo_dir.root, data_dir.root)
    text = BUNDLED_PROJECT.read_text(encoding="utf-8")
    assert "public_view = false" in text
    (data_dir.root / "project.toml").write_text(
        text.replace("public_view = false", "public_view = true"), encoding="utf-8"
    )
    return data_dir


@pytest.fixture()
def built_csvs(monkeypatch) -> list[bytes]:
    """The bytes of every CSV download a page offers (the real writer), built while it runs
    instead of when clicked."""
    made: list[bytes] = []

    def recording(df: pd.DataFrame | Callable[[], pd.DataFrame], then: object = None) -> bytes:
        data = safe_csv_bytes(df() if callable(df) else df)
        made.append(data)
        return data

    monkeypatch.setattr(ui, "csv_later", recording)
    return made


def run_page(monkeypatch, data_dir: DataDir, page: str, token: str | None = None, **state):
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    at = AppTest.from_file(str(APP), default_timeout=180)
    if token is not None:
        at.session_state[TOKEN] = token
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py")
    return at


# -------------------------------------------------------------------------------- checks


def partner_of(project, value) -> list[str]:
    """Partner codes named by a cell (a code, an institution name, or a list of them)."""
    names = {p.name: p.code for p in project.partners}
    names |= {p.short_name: p.code for p in project.partners}
    values = value if isinstance(value, list | tuple) else [value]
    out = []
    for v in values:
        if not isinstance(v, str):
            continue
        for part in v.split("; "):
            part = re.sub(r"^.* \(([A-Z][A-Z-]*)\)$", r"\1", part)  # 'KazNU (KAZNU)'
            if part in project.partner_codes:
                out.append(part)
            elif part in names:
                out.append(names[part])
    return out


def figures_out_of_scope(project, table: pd.DataFrame, visible: set[str]) -> list[str]:
    """Rows naming a partner outside ``visible`` that carry any figure. (The map lists
    every partner's location, with a value only for those in scope.)"""
    figures = [
        c for c in table.columns if c not in NOT_FIGURES and pd.api.types.is_numeric_dtype(table[c])
    ]
    found = []
    for _, row in table.iterrows():
        named = {
            code
            for c in PARTNER_COLUMNS
            if c in table.columns
            for code in partner_of(project, row[c])
        }
        outside = named - visible
        if outside and any(pd.notna(row[c]) for c in figures):
            found.append(f"{sorted(outside)}: {row.to_dict()}")
    return found


def scanned(project, at: AppTest, csvs: list[bytes], visible: set[str]) -> int:
    """Check every table drawn and every CSV built; return how many were scanned."""
    tables = [d.value for d in at.dataframe]
    tables += [pd.read_csv(io.BytesIO(data), encoding="utf-8-sig") for data in csvs]
    for table in tables:
        assert figures_out_of_scope(project, table, visible) == []
    return len(tables)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


# ---------------------------------------------------------------------- the role matrix

# the tables a page draws only when their view is chosen (the first view is drawn at once)
DRAWN_WHEN_CHOSEN = {
    "rep_view": ("by_partner", "results", "sources"),
    "dissemination_view": ("audience", "event_country"),
}

SIGNED_IN_PAGES = {
    "coordinator": set(PAGES) - {"login"},
    "kz-office": set(PAGES) - {"login", "upload", "review", "audit"},
    "kaznu-data": set(PAGES) - {"login", "review", "audit", "portfolio"},
}


def _consortium_metrics(at: AppTest, project, data_dir: DataDir) -> None:
    """The coordinator's home: its figure cards are the consortium's computed figures."""
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, VIEWERS["coordinator"], Filters(), as_of=TODAY)
    expected = {f"{v.code} · {v.name}": ui.fmt(v.actual, v.unit) for v in values}
    shown = {m.label: m.value for m in at.metric}
    assert shown and {k: expected.get(k) for k in shown} == shown
    assert [h.value for h in at.subheader] == [
        "To do",
        "Consortium indicators, needing attention first",
    ]


def _nothing_to_review(at: AppTest, project, data_dir: DataDir) -> None:
    assert [m.value for m in at.success] == ["Nothing is waiting for review."]
    assert not at.metric


def _empty_portfolio(at: AppTest, project, data_dir: DataDir) -> None:
    assert [i.value for i in at.info] == [
        "The portfolio holds no project with partners in your country yet. A project's open "
        "data package is added with: python -m pipelines portfolio add PATH"
    ]
    assert not at.metric


def _cannot_edit(at: AppTest, project, data_dir: DataDir) -> None:
    assert [i.value for i in at.info] == ["Your account can read figures but cannot edit records."]
    assert not at.metric and not at.get("download_button")


# pages an account may open that draw no table, and what each shows instead (every other
# page an account may open must give the scan at least one table)
NO_TABLE: dict[tuple[str, str], Callable[[AppTest, object, DataDir], None]] = {
    ("coordinator", "home"): _consortium_metrics,
    ("coordinator", "review"): _nothing_to_review,  # the sample has no pending upload
    ("kz-office", "my_data"): _cannot_edit,
    ("coordinator", "portfolio"): _empty_portfolio,  # the sample holds no other project
    ("kz-office", "portfolio"): _empty_portfolio,
}


def test_every_page_file_is_in_the_matrix():
    files = {p.stem for p in (REPO_ROOT / "dashboard" / "pages").glob("*.py")}
    assert files - set(PAGES) == NO_FIGURES
    assert {"home", "indicator", "my_data", "public"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_every_page_shows_only_figures_within_the_accounts_scope(
    monkeypatch, install, project, built_csvs, account, page
):
    data_dir, tokens = install
    viewer = VIEWERS[account]
    at = run_page(monkeypatch, data_dir, page, tokens[account])
    for name, value in QUERY.get(page, {}).items():
        at.query_params[name] = value
    at.run()
    assert_clean(at)
    visible = set(viewer.visible_partners(project))
    tables = scanned(project, at, built_csvs, visible)
    for key in {c.key for c in at.segmented_control} & set(DRAWN_WHEN_CHOSEN):
        for option in DRAWN_WHEN_CHOSEN[key]:
            at.segmented_control(key=key).set_value(option).run()
            assert_clean(at)
            tables += scanned(project, at, built_csvs, visible)
    titles = [t.value for t in at.title]
    if page == "login":
        assert [s.value for s in at.success] == [f"You are signed in as {account}."]
    elif page in SIGNED_IN_PAGES[account]:
        assert not at.error, [e.value for e in at.error]
        assert titles and titles[0] != "Sign in"
    else:
        assert [e.value for e in at.error] == [
            {
                "upload": "Not available to your account: Only partners and the coordinator "
                "can submit data.",
                "review": "Not available to your account: Only the coordinator can approve or "
                "return submissions.",
                "audit": "Not available to your account: Only the coordinator can read the "
                "audit log.",
                "portfolio": "Not available to your account: Only a National Erasmus+ Office "
                "and the coordinator can see the portfolio.",
            }[page]
        ]
        assert tables == 0 and not at.metric
    if page != "login" and page in SIGNED_IN_PAGES[account]:
        if (account, page) in NO_TABLE:
            assert tables == 0
            NO_TABLE[(account, page)](at, project, data_dir)
        else:
            assert tables > 0  # the scan had something to look at


@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_overview_figures_are_computes_for_the_account(monkeypatch, install, project, account):
    data_dir, tokens = install
    at = run_page(monkeypatch, data_dir, "overview", tokens[account]).run()
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, VIEWERS[account], Filters(), as_of=TODAY)
    assert {m.label: m.value for m in at.metric} == {
        f"{v.code} · {v.name}": ui.fmt(v.actual, v.unit) for v in values
    }


@pytest.mark.parametrize("page", PAGES)
def test_public_view_shows_consortium_totals_only(
    monkeypatch, public_install, project, built_csvs, page
):
    at = run_page(monkeypatch, public_install, page).run()
    assert_clean(at)
    tables = scanned(project, at, built_csvs, set())
    if page == "public":  # the landing page for everyone, without the sidebar
        assert [t.value for t in at.title] == ["LESLIE: results for everyone"]
        assert tables > 0 and at.metric
        return
    if page == "public_catalogue":  # the ready modules, for everyone, without the sidebar
        assert [t.value for t in at.title] == ["LESLIE micro-credentials catalogue"]
        assert tables > 0 and not at.metric
        return
    assert (
        "Public view · consortium totals only"
        in [m.value.replace("**", "") for m in at.sidebar.markdown]
        or page == "login"
    )


def test_public_overview_suppresses_small_counts(monkeypatch, public_install):
    project = load_project(public_install.project_file)
    public = Viewer("public", "public")
    at = run_page(monkeypatch, public_install, "overview").run()
    with read_warehouse(public_install.warehouse) as con:
        values = compute(con, project, public, Filters(), as_of=TODAY)
    shown = {m.label: m.value for m in at.metric}
    assert shown == {
        f"{v.code} · {v.name}": "suppressed" if v.suppressed else ui.fmt(v.actual, v.unit)
        for v in values
    }
    # a link cannot ask the public view for one partner's figures
    at = run_page(monkeypatch, public_install, "overview")
    at.query_params["partner"] = "KAZNU"
    at.run()
    assert {m.label: m.value for m in at.metric} == shown
    assert "The link asked for partner 'KAZNU', which is not available to you." in [
        w.value for w in at.sidebar.warning
    ]


# ------------------------------------------------------------------------- no session


@pytest.mark.parametrize("page", PAGES)
def test_without_a_session_every_page_is_the_sign_in_form(monkeypatch, install, page):
    data_dir, _ = install
    at = run_page(monkeypatch, data_dir, page).run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Sign in"]
    assert [i.value for i in at.info] == ["Please sign in to see the dashboard."]
    assert at.text_input(key="signin_user").value == ""
    assert not at.metric and not at.get("download_button") and not at.sidebar.selectbox
    # the sign-in page's only table and chart are the hidden, empty ones that start the
    # browser's code while the person types (dashboard/widgets/warm_up.py): no figure leaks
    tables, charts = at.dataframe, at.get("plotly_chart")
    assert len(tables) == len(charts) == (1 if page == "login" else 0)
    assert all(t.value.empty for t in tables)
    assert all(json.loads(c.proto.spec)["data"] == [] for c in charts)


@pytest.mark.parametrize(
    "forged",
    [
        "not-a-token",
        secrets.token_urlsafe(32),
        "",
        12345,
        Viewer.coordinator("someone"),
    ],
    ids=["text", "random-token", "empty", "number", "viewer-object"],
)
def test_a_forged_session_token_signs_nobody_in(monkeypatch, install, forged):
    data_dir, _ = install
    at = run_page(monkeypatch, data_dir, "overview", forged).run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.metric


def test_session_entries_cannot_name_a_viewer(monkeypatch, install):
    data_dir, _ = install
    edits = {
        "viewer": Viewer.coordinator("x"),
        "role": "coordinator",
        "username": "coordinator",
        "_leslie_viewer": Viewer.coordinator("x"),
    }
    at = run_page(monkeypatch, data_dir, "audit", **edits).run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.dataframe


def test_menu_plan_is_default_deny(project):
    signed_out = navigation.plan(None)
    assert [s.url_path for s in signed_out.shown] == ["login"]
    assert signed_out.stand_in == "sign_in"
    assert {s.url_path for s in signed_out.hidden} == {s.url_path for s in navigation.PAGES} - {
        "login"
    }

    def titles(viewer):
        return [s.title for s in navigation.plan(viewer).shown]

    common = [
        "Overview",
        "Partners",
        "Countries",
        "SDGs",
        "Micro-credentials",
        "Learners",
        "Dissemination",
        "Data status",
    ]
    assert titles(VIEWERS["coordinator"]) == [
        "My workspace",
        *common,
        "Reports",
        "Work plan",
        "Upload data",
        "My data",
        "Review uploads",
        "Audit log",
        "Portfolio",
        "Public impact",
        "Public catalogue",
    ]
    assert titles(VIEWERS["kz-office"]) == [
        "My workspace",
        *common,
        "Reports",
        "Work plan",
        "Portfolio",
        "Public impact",
        "Public catalogue",
    ]
    assert titles(VIEWERS["kaznu-data"]) == [
        "My workspace",
        *common,
        "Reports",
        "Work plan",
        "Upload data",
        "My data",
        "Public impact",
        "Public catalogue",
    ]
    # the public view: consortium pages only (no data status), and a way to sign in
    assert titles(Viewer("public", "public")) == [
        *common[:-1],
        "Public impact",
        "Public catalogue",
        "Sign in",
    ]
    assert navigation.plan(Viewer("public", "public")).shown[0].default  # Overview opens
    hidden = navigation.plan(VIEWERS["kaznu-data"])
    assert hidden.stand_in == "not_available"
    assert [s.url_path for s in hidden.hidden] == ["review", "audit", "portfolio"]


# ----------------------------------------------------- links and edits cannot widen scope


def test_a_link_to_another_partner_is_narrowed_for_a_partner(monkeypatch, install, project):
    data_dir, tokens = install
    at = run_page(monkeypatch, data_dir, "dissemination", tokens["kaznu-data"])
    at.query_params["partner"] = "FPI"
    at.run()
    assert_clean(at)
    assert "The link asked for partner 'FPI', which is not available to you." in [
        w.value for w in at.sidebar.warning
    ]
    listed = at.dataframe[-1].value
    assert set(listed["Partner"]) == {"KazNU (KAZNU)"}
    with read_warehouse(data_dir.warehouse) as con:
        values = compute(con, project, VIEWERS["kaznu-data"], Filters(), as_of=TODAY)
    shown = {m.label: m.value for m in at.metric}
    for v in values:
        if v.code.startswith("DIS"):
            assert shown[f"{v.code} · {v.name}"] == ui.fmt(v.actual, v.unit)


def test_a_link_to_another_country_is_narrowed_for_a_national_office(monkeypatch, install, project):
    data_dir, tokens = install
    at = run_page(monkeypatch, data_dir, "partners", tokens["kz-office"])
    at.query_params["country"] = "UZ"
    at.query_params["partner"] = "FPI"
    at.run()
    assert_clean(at)
    notes = [w.value for w in at.sidebar.warning]
    assert "The link asked for country 'UZ', which is not available to you." in notes
    assert "The link asked for partner 'FPI', which is not available to you." in notes
    shown = {partner_of(project, p)[0] for p in at.dataframe[0].value["Partner"]}
    assert shown == {"AYU", "CAREC", "KAZNU", "KOKSU", "MSHE-KZ"}


def test_edited_filter_state_cannot_widen_a_partners_view(monkeypatch, install, project):
    data_dir, tokens = install
    scope = ("partner", "KAZNU", None)
    at = run_page(
        monkeypatch,
        data_dir,
        "dissemination",
        tokens["kaznu-data"],
        _flt_scope=scope,
        _flt_saved={"flt_partner": "FPI", "flt_pending": True},
        flt_partner="FPI",
    ).run()
    assert_clean(at)
    assert set(at.dataframe[-1].value["Partner"]) == {"KazNU (KAZNU)"}
    assert at.selectbox(key="flt_partner").value == ""


def test_the_scope_scan_finds_another_partners_figures(monkeypatch, install, project, built_csvs):
    """The check above is not vacuous: the coordinator's activity list, seen with a KAZNU
    viewer's scope, is caught in both the table and its CSV."""
    data_dir, tokens = install
    at = run_page(monkeypatch, data_dir, "dissemination", tokens["coordinator"]).run()
    listed = at.dataframe[-1].value
    assert figures_out_of_scope(project, listed, {"KAZNU"})
    csv = pd.read_csv(io.BytesIO(built_csvs[-1]), encoding="utf-8-sig")
    assert figures_out_of_scope(project, csv, {"KAZNU"})
    assert figures_out_of_scope(project, listed, set(project.partner_codes)) == []
