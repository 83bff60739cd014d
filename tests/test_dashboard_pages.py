"""Every dashboard page, run by Streamlit's AppTest: it renders on the sample data and on an
empty warehouse, its figures are the ones ``indicators.compute`` (and the CLI) give for the
same filter, the filters come from the URL and write it back, and each role sees its scope.

The viewer comes from ``dashboard.wiring.session.current_viewer`` (the sign-in hook); tests that
need another role set it there, as the sign-in will.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.widgets import ui
from dashboard.wiring import navigation
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters, compute
from pipelines.metrics.queries import learner_breakdown
from pipelines.paths import REPO_ROOT, DataDir
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words

APP = REPO_ROOT / "dashboard" / "app.py"
PAGES = {name: navigation.BY_NAME[name].path for name in (*navigation.FIGURE_PAGES, "data_status")}
# each page's own heading (longer than its name in the menu)
TITLES = {
    "overview": "Overview",
    "partners": "Partners",
    "countries": "Countries",
    "sdgs": "Sustainable Development Goals",
    "catalogue": "Micro-credentials catalogue",
    "learners": "Learners",
    "dissemination": "Dissemination",
    "data_status": "Data status",
}
COORD = Viewer.coordinator("test")
TODAY = dt.date(2026, 11, 29)


def open_page(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: DataDir | Path,
    page: str,
    params: dict[str, str] | None = None,
    viewer: Viewer | None = COORD,
) -> AppTest:
    root = data_dir.root if isinstance(data_dir, DataDir) else data_dir
    monkeypatch.setenv("LESLIE_DATA_DIR", str(root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: viewer)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page(PAGES[page])
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def card_values(values) -> dict[str, str]:
    return {f"{v.code} · {v.name}": ui.fmt(v.actual, v.unit) for v in values}


def computed(data_dir: DataDir, project, filters: Filters, by: str = "all", viewer=COORD):
    with read_warehouse(data_dir.warehouse) as con:
        return compute(con, project, viewer, filters, by=by, as_of=TODAY)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# -------------------------------------------------------------------------- every page


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_on_sample_data(monkeypatch, demo_dir, page):
    at = open_page(monkeypatch, demo_dir, page)
    assert_clean(at)
    assert [t.value for t in at.title] == [TITLES[page]]
    assert not [i.value for i in at.info if "No data" in i.value]


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_on_empty_warehouse(monkeypatch, empty_dir, page):
    at = open_page(monkeypatch, empty_dir, page)
    assert_clean(at)
    assert [t.value for t in at.title] == [TITLES[page]]


EMPTY_MESSAGES = {
    "learners": "No data yet for learners (Consortium, Whole project).",
    "dissemination": "No data yet for dissemination activities (Consortium, Whole project).",
    "catalogue": "No data yet for modules (Consortium, Whole project).",
}


@pytest.mark.parametrize("page", list(EMPTY_MESSAGES))
def test_empty_views_are_explained(monkeypatch, empty_dir, page):
    at = open_page(monkeypatch, empty_dir, page)
    assert EMPTY_MESSAGES[page] in [i.value for i in at.info]


def test_missing_warehouse_is_a_message_not_an_error(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "nothing-here", "overview")
    assert not at.exception
    assert at.info[0].value.startswith("No data has been loaded yet.")


def test_signed_out_sees_only_the_sign_in_form(monkeypatch, demo_dir):
    at = open_page(monkeypatch, demo_dir, "overview", viewer=None)
    assert [i.value for i in at.info] == ["Please sign in to see the dashboard."]
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.metric and not at.dataframe and not at.sidebar.selectbox


# --------------------------------------------------------------- figures = compute / CLI


def test_overview_cards_equal_compute_for_the_url_filter(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "overview", {"partner": "kaznu", "period": "P1"})
    assert_clean(at)
    expected = card_values(computed(demo_dir, project, Filters(partner="KAZNU", period="P1")))
    assert metrics(at) == expected
    assert at.caption[0].value.startswith("KazNU (KAZNU), Reporting period 1 · approved data")
    assert dict(at.query_params) == {"partner": "KAZNU", "period": "P1"}


def test_overview_equals_the_command_line(monkeypatch, demo_dir):
    out = subprocess.run(
        [sys.executable, "-m", "pipelines", "indicators", "--json", "--country", "UZ"],
        cwd=REPO_ROOT,
        env={"LESLIE_DATA_DIR": str(demo_dir.root), "LESLIE_TODAY": TODAY.isoformat()},
        capture_output=True,
        text=True,
        check=True,
    )
    cli = json.loads(out.stdout)["indicators"]
    at = open_page(monkeypatch, demo_dir, "overview", {"country": "UZ"})
    shown = metrics(at)
    assert len(shown) == len(cli) == 12
    for row in cli:
        assert shown[f"{row['code']} · {row['name']}"] == ui.fmt(row["actual"], row["unit"])


def test_changing_a_filter_changes_the_numbers_and_the_url(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "overview")
    assert metrics(at) == card_values(computed(demo_dir, project, Filters()))
    at.selectbox(key="flt_sdg").select(13).run()
    assert metrics(at) == card_values(computed(demo_dir, project, Filters(sdg=13)))
    assert dict(at.query_params) == {"sdg": "13"}
    at.selectbox(key="flt_period").select("P2").run()
    assert metrics(at) == card_values(computed(demo_dir, project, Filters(sdg=13, period="P2")))
    assert dict(at.query_params) == {"sdg": "13", "period": "P2"}


def test_date_range_from_the_url(monkeypatch, demo_dir, project):
    params = {"from": "2025-01-01", "to": "2025-12-31"}
    at = open_page(monkeypatch, demo_dir, "learners", params)
    assert_clean(at)
    values = computed(
        demo_dir, project, Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    )
    shown = metrics(at)
    for v in values:
        if v.code in ("ENR-1", "ENR-2", "ENR-3", "ENR-4"):
            assert shown[f"{v.code} · {v.name}"] == ui.fmt(v.actual, v.unit)
    assert at.date_input(key="flt_from").value == dt.date(2025, 1, 1)
    assert dict(at.query_params) == params


def test_link_values_that_do_not_exist_are_dropped_with_a_notice(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "overview", {"partner": "NOPE", "sdg": "2", "wp": "wp4"})
    notes = [w.value for w in at.sidebar.warning]
    assert "The link asked for partner 'NOPE', which is not available to you." in notes
    assert "The link asked for SDG '2', which is not available to you." in notes
    assert metrics(at) == card_values(computed(demo_dir, project, Filters(work_package="WP4")))
    assert dict(at.query_params) == {"wp": "WP4"}


def test_learners_page_equals_compute_and_breakdowns(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "learners", {"country": "KZ"})
    assert_clean(at)
    f = Filters(country="KZ")
    values = {v.code: v for v in computed(demo_dir, project, f)}
    shown = metrics(at)
    for code in ("ENR-1", "ENR-2", "ENR-3", "ENR-4"):
        v = values[code]
        assert shown[f"{code} · {v.name}"] == ui.fmt(v.actual, v.unit)
    assert shown["Completion rate"] == ui.pct(values["ENR-2"].actual / values["ENR-1"].actual)
    with read_warehouse(demo_dir.warehouse) as con:
        gender = learner_breakdown(con, project, COORD, f, "gender")
    table = at.dataframe[1].value  # the funnel's numbers come first
    words = Words("en", project)
    assert list(table["Gender"]) == [words.vocab("gender", g) for g in gender["value"]]
    assert "Women" in list(table["Gender"])  # words, not codes
    assert list(table["Learners enrolled"]) == [
        words.number(n) for n in gender["learners_enrolled"]
    ]


def test_sdg_panels_equal_compute(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "sdgs", {"period": "P2"})
    assert_clean(at)
    values = computed(demo_dir, project, Filters(period="P2"), by="sdg")
    learners = [ui.fmt(v.actual) for v in values if v.code == "ENR-1"]
    shown = [m.value for m in at.metric if m.label == "Learners enrolled"]
    assert sorted(shown) == sorted(learners)
    assert len(shown) == len(project.sdgs)


def test_dissemination_page_equals_compute(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "dissemination", {"partner": "UPV"})
    assert_clean(at)
    values = computed(demo_dir, project, Filters(partner="UPV"))
    expected = {
        f"{v.code} · {v.name}": ui.fmt(v.actual, v.unit) for v in values if v.code[:3] == "DIS"
    }
    assert metrics(at) == expected
    listed = at.dataframe[-1].value
    assert set(listed["Partner"]) == {"UPV"}
    assert len(listed) == int(next(v.actual for v in values if v.code == "DIS-1"))


def test_catalogue_search(monkeypatch, demo_dir):
    at = open_page(monkeypatch, demo_dir, "catalogue")
    assert_clean(at)
    everything = at.dataframe[0].value
    at.text_input(key="cat_search").input("irrigation").run()
    found = at.dataframe[0].value
    assert 0 < len(found) < len(everything)
    assert all(
        "irrigation" in " ".join(str(v) for v in row).lower()
        for row in found[["Title", "Learning outcomes", "Code", "Awarding body"]].itertuples()
    )


def test_pending_toggle_is_marked(monkeypatch, demo_dir):
    at = open_page(monkeypatch, demo_dir, "overview")
    at.toggle(key="flt_pending").set_value(True).run()
    assert "Including pending submissions: these figures are provisional and not yet approved." in [
        w.value for w in at.warning
    ]
    assert dict(at.query_params) == {"basis": "with_pending"}


def test_data_status_shows_the_superseded_submission(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "data_status")
    assert_clean(at)
    w = Words("en", project)
    partner, template = w.t("pages_a.col.partner"), w.t("pages_a.col.template")
    state = w.t("pages_a.col.state")
    # the submissions table of the technical section (the calendars are drawn above it)
    history = next(d.value for d in at.dataframe if {partner, state} <= set(d.value.columns))
    kaznu = history[
        (history[partner] == w.partner("KAZNU", with_code=True))
        & (history[template] == w.vocab("template", "enrollments"))
    ]
    assert set(kaznu[state]) == {
        "⤺ " + w.t("pages_a.state.superseded"),
        "✔ " + w.t("pages_a.state.approved"),
    }
    assert len(kaznu) == 2
    checks = 41  # declared in pipelines/sql/core/_checks.toml
    assert at.success[0].value == w.n("editing.status_page.tech.all_pass", checks)


# --------------------------------------------------------------------------------- roles

KZ_OFFICE = Viewer("national_office", "kz-office", None, "KZ")
KAZNU = Viewer("partner", "kaznu", "KAZNU")


def test_national_office_scorecard_holds_its_country(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "partners", viewer=KZ_OFFICE)
    assert_clean(at)
    words = Words("en", project)
    assert list(at.dataframe[0].value["Partner"]) == [
        words.partner(p, with_code=True) for p in project.partners_in("KZ")
    ]
    assert at.selectbox(key="flt_country").options == [
        "All countries (consortium)",
        "Kazakhstan",
    ]


def test_national_office_link_to_another_country_is_narrowed(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "countries", {"partner": "UPV"}, viewer=KZ_OFFICE)
    assert_clean(at)
    assert "The link asked for partner 'UPV', which is not available to you." in [
        w.value for w in at.sidebar.warning
    ]
    assert "The split by region is shown to the coordinator only." in [i.value for i in at.info]
    compared = at.dataframe[1].value
    assert list(compared["Country"]) == ["Kazakhstan (KZ)"]


def test_partner_sees_its_own_modules_and_the_median(monkeypatch, demo_dir, project):
    at = open_page(monkeypatch, demo_dir, "catalogue", viewer=KAZNU)
    assert_clean(at)
    assert set(at.dataframe[0].value["Awarding body"]) == {project.partner("KAZNU").name}
    at = open_page(monkeypatch, demo_dir, "partners", viewer=KAZNU)
    assert_clean(at)
    assert list(at.dataframe[0].value["Partner"]) == ["KazNU (KAZNU)"]
    assert at.selectbox(key="partners_detail").options == [
        "KazNU (KAZNU) · Al-Farabi Kazakh National University"
    ]
    # the comparison holds the median over all 14 partners, not the partner's own figure
    table = next(d.value for d in at.dataframe if "Consortium median" in d.value.columns)
    words = Words("en", project)
    per_partner = computed(demo_dir, project, Filters(), by="partner")
    assert len({v.scope for v in per_partner}) == 14
    differs = 0
    for code in ("ENR-1", "ENR-6", "DIS-1", "DIS-3"):
        unit = project.indicator(code).unit
        values = sorted(v.actual for v in per_partner if v.code == code)
        middle = (values[6] + values[7]) / 2  # an even count: the mean of the middle two
        row = table[table["Indicator"].str.startswith(f"{code} ·")].iloc[0]
        assert row["Consortium median"] == words.number(middle, unit)
        own = next(v.actual for v in per_partner if v.code == code and v.scope == "KAZNU")
        assert row["KazNU"] == words.number(own, unit)
        differs += own != pytest.approx(middle)
    assert differs  # the median is not the partner's figure shown twice
