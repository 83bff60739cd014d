"""The dashboard's query functions: exact figures on the tiny dataset (hand-computed from
tests/fixtures/tiny/*.csv, see EXPECTED.md for the learners and activities), the viewer's
scope, pending uploads, and agreement with ``indicators.compute`` on the sample data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from pipelines.access.scope import Viewer
from pipelines.errors import AccessDenied, UsageError
from pipelines.metrics import queries
from pipelines.metrics.indicators import Filters, compute
from pipelines.paths import DataDir
from pipelines.submissions.ingest import Source, ingest
from pipelines.warehouse.build import read_warehouse

COORD = Viewer.coordinator("coord")
KZ_OFFICE = Viewer("national_office", "kz", None, "KZ")
KAZNU = Viewer("partner", "kaznu", "KAZNU")
UPV = Viewer("partner", "upv", "UPV")
FPI = Viewer("partner", "fpi", "FPI")
TODAY = dt.date(2026, 11, 29)
TINY = Path(__file__).parent / "fixtures" / "tiny"

# a later upload of UPV, not yet approved: A4 again and a new workshop A6
PENDING_UPV = (
    "activity_id,partner_code,date,activity_type,title,country,audience,participants,reach,"
    "sdg_goals,url\n"
    "A4,UPV,2026-02-02,press,Residuos sólidos en Asia Central,ES,general_public;media,0,25000,,\n"
    "A6,UPV,2026-06-01,workshop,Compost in Valencia,ES,students,30,50,12,https://example.org/a6\n"
).encode()


@pytest.fixture(scope="module")
def pending_dir(tmp_path_factory, project) -> DataDir:
    """The tiny installation plus one pending dissemination upload of UPV."""
    data_dir = DataDir(tmp_path_factory.mktemp("pending"))
    files = sorted(p for p in TINY.iterdir() if p.suffix == ".csv")
    first = ingest(data_dir, project, [Source(p.name, p) for p in files], submitted_by="test")
    assert first.all_accepted
    later = ingest(
        data_dir,
        project,
        [Source("upv_dissemination.csv", data=PENDING_UPV)],
        submitted_by="upv",
        channel="upload",
        approve=False,
        allowed_partners={"UPV"},
    )
    assert later.all_accepted, [f.errors for f in later.files]
    return data_dir


def rows(df, key: str = "value") -> dict:
    """A small result as {key: {column: value}} for exact comparison."""
    return {r[key]: {c: v for c, v in r.items() if c != key} for r in df.to_dict("records")}


# ---------------------------------------------------------------------------- learners


def test_learners_by_gender_whole_project(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        got = rows(queries.learner_breakdown(con, project, COORD, Filters(), "gender"))
    assert got == {
        # F: rows 1, 2, 6, 8, 9 (KAZNU K1 twice, KOKSU Q2, FPI F2, UPV U1)
        "F": {
            "enrollments": 5,
            "learners_enrolled": 4,
            "completions": 4,
            "learners_completed": 4,
            "credentials": 3,
        },
        "M": {
            "enrollments": 2,
            "learners_enrolled": 2,
            "completions": 1,
            "learners_completed": 1,
            "credentials": 0,
        },
        "U": {
            "enrollments": 1,
            "learners_enrolled": 1,
            "completions": 0,
            "learners_completed": 0,
            "credentials": 0,
        },
        "X": {
            "enrollments": 1,
            "learners_enrolled": 1,
            "completions": 1,
            "learners_completed": 1,
            "credentials": 1,
        },
    }


def test_learners_by_type_in_period_one(tiny_dir, project):
    """P1: enrolments by enrolled_on (rows 1, 3, 4, 6, 7, 9), completions by completed_on
    (rows 1, 6, 9)."""
    with read_warehouse(tiny_dir.warehouse) as con:
        got = rows(
            queries.learner_breakdown(con, project, COORD, Filters(period="P1"), "learner_type")
        )
    assert got == {
        "master": {
            "enrollments": 1,
            "learners_enrolled": 1,
            "completions": 1,
            "learners_completed": 1,
            "credentials": 1,
        },
        "academic_staff": {
            "enrollments": 3,
            "learners_enrolled": 3,
            "completions": 2,
            "learners_completed": 2,
            "credentials": 2,
        },
        "bachelor": {
            "enrollments": 1,
            "learners_enrolled": 1,
            "completions": 0,
            "learners_completed": 0,
            "credentials": 0,
        },
        "professional": {
            "enrollments": 1,
            "learners_enrolled": 1,
            "completions": 0,
            "learners_completed": 0,
            "credentials": 0,
        },
    }


def test_monthly_flows(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.enrollment_monthly(con, project, COORD, Filters(country="KZ"))
    got = {
        r["month"].strftime("%Y-%m"): (
            r["enrollments"],
            r["completions"],
            r["credentials"],
            r["ects"],
        )
        for r in df.to_dict("records")
    }
    # KZ rows 1-6: enrolled 2024-03, 2024-04, 2024-05, 2025-02, 2025-09, 2025-10;
    # completed 2024-06 (5, credential), 2024-12 (4, credential), 2025-07 (5), 2026-03 (4.5, cred.)
    assert got == {
        "2024-03": (1, 0, 0, 0.0),
        "2024-04": (1, 0, 0, 0.0),
        "2024-05": (1, 0, 0, 0.0),
        "2024-06": (0, 1, 1, 5.0),
        "2024-12": (0, 1, 1, 4.0),
        "2025-02": (1, 0, 0, 0.0),
        "2025-07": (0, 1, 0, 5.0),
        "2025-09": (1, 0, 0, 0.0),
        "2025-10": (1, 0, 0, 0.0),
        "2026-03": (0, 1, 1, 4.5),
    }


# ------------------------------------------------------------------------ dissemination


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        (
            "activity_type",
            {
                "conference": {"activities": 1, "participants": 85, "reach": 300},
                "multiplier_event": {"activities": 1, "participants": 25, "reach": 25},
                "press": {"activities": 1, "participants": 0, "reach": 25000},
                "publication": {"activities": 1, "participants": 0, "reach": 1500},
                "workshop": {"activities": 1, "participants": 40, "reach": 120},
            },
        ),
        (
            "audience",
            {
                "academics": {"activities": 3, "participants": 125, "reach": 1920},
                "general_public": {"activities": 1, "participants": 0, "reach": 25000},
                "media": {"activities": 1, "participants": 0, "reach": 25000},
                "policy_makers": {"activities": 2, "participants": 65, "reach": 145},
                "students": {"activities": 1, "participants": 85, "reach": 300},
            },
        ),
        (
            "event_country",
            {
                "DE": {"activities": 1, "participants": 0, "reach": 1500},
                "ES": {"activities": 1, "participants": 0, "reach": 25000},
                "KZ": {"activities": 2, "participants": 65, "reach": 145},
                "UZ": {"activities": 1, "participants": 85, "reach": 300},
            },
        ),
    ],
)
def test_activity_summary(tiny_dir, project, dimension, expected):
    with read_warehouse(tiny_dir.warehouse) as con:
        got = rows(queries.activity_summary(con, project, COORD, Filters(), dimension))
    assert got == expected


def test_activity_summary_totals_equal_the_indicators(demo_dir, project):
    """By type, the sums are DIS-1, DIS-2 and DIS-3 of compute() for the same filter."""
    f = Filters(period="P2", country="UZ")
    with read_warehouse(demo_dir.warehouse) as con:
        df = queries.activity_summary(con, project, COORD, f, "activity_type")
        ind = {v.code: v.actual for v in compute(con, project, COORD, f)}
    assert df["activities"].sum() == ind["DIS-1"]
    assert df["participants"].sum() == ind["DIS-2"]
    assert df["reach"].sum() == ind["DIS-3"]


def test_activity_list_filtered_by_sdg(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.activity_list(con, project, COORD, Filters(sdg=4))
    assert list(df["activity_id"]) == ["A3", "A1"]  # newest first
    assert list(df["url"]) == ["https://example.org/a3", "https://example.org/a1"]


# ---------------------------------------------------------------------------- catalogue


def test_catalogue_funnel_per_module(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.module_catalogue(con, project, COORD, Filters())
    got = {
        r["module_code"]: (r["enrolled"], r["completed"], r["credentials"], r["awarding_body"])
        for r in df.to_dict("records")
    }
    assert got == {
        "M-CLIM": (3, 1, 1, "Fergana Polytechnic Institute"),
        "M-ENER": (1, 1, 0, "Fergana Polytechnic Institute"),
        "M-SLM1": (3, 3, 2, "Al-Farabi Kazakh National University"),
        "M-WASTE": (2, 1, 1, "Universitat Politècnica de València"),
    }
    slm = df[df["module_code"] == "M-SLM1"].iloc[0]
    assert (slm["ects"], slm["eqf_level"], slm["delivery_mode"]) == (5.0, 6, "blended")
    assert list(slm["language"]) == ["kk", "ru"]
    assert slm["assessment_type"] == "written exam"
    assert slm["quality_assurance"] == "university senate approval"


@pytest.mark.parametrize(
    ("kwargs", "filters", "expected"),
    [
        ({"search": "waste"}, {}, ["M-WASTE"]),
        ({"search": "Fergana"}, {}, ["M-CLIM", "M-ENER"]),  # the awarding body
        ({"search": "x'); DROP TABLE fct_module; --"}, {}, []),  # a value, never SQL
        ({"statuses": ("planned",)}, {}, ["M-ENER"]),
        ({"modes": ("online",)}, {}, ["M-ENER", "M-WASTE"]),
        ({"micro_only": True}, {}, ["M-SLM1", "M-WASTE"]),
        ({}, {"work_package": "WP5"}, ["M-ENER"]),
        ({}, {"sdg": 15}, ["M-SLM1"]),
        ({}, {"country": "UZ"}, ["M-CLIM", "M-ENER"]),
    ],
)
def test_catalogue_search_and_filters(tiny_dir, project, kwargs, filters, expected):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.module_catalogue(con, project, COORD, Filters(**filters), **kwargs)
        assert con.execute("SELECT count(*) FROM fct_module").fetchall()[0][0] == 4
    assert list(df["module_code"]) == expected


# ------------------------------------------------------------------------------- scope


@pytest.mark.parametrize(
    ("viewer", "modules", "activities"),
    [
        (COORD, ["M-CLIM", "M-ENER", "M-SLM1", "M-WASTE"], ["A4", "A2", "A3", "A5", "A1"]),
        (KZ_OFFICE, ["M-SLM1"], ["A2", "A5", "A1"]),  # KAZNU and MSHE-KZ
        (KAZNU, ["M-SLM1"], ["A2", "A1"]),
        (UPV, ["M-WASTE"], ["A4"]),
    ],
)
def test_lists_hold_only_partners_the_viewer_may_see(
    tiny_dir, project, viewer, modules, activities
):
    with read_warehouse(tiny_dir.warehouse) as con:
        catalogue = queries.module_catalogue(con, project, viewer, Filters())
        listed = queries.activity_list(con, project, viewer, Filters())
        history = queries.submissions(con, project, viewer, Filters())
    assert list(catalogue["module_code"]) == modules
    assert list(listed["activity_id"]) == activities
    assert set(history["partner_code"]) <= set(viewer.visible_partners(project))


@pytest.mark.parametrize(
    ("viewer", "filters"),
    [
        (KAZNU, {"partner": "UPV"}),
        (KAZNU, {"country": "KZ"}),
        (KZ_OFFICE, {"partner": "FPI"}),
        (KZ_OFFICE, {"country": "UZ"}),
        (Viewer("public"), {}),  # the public view is off in the bundled project
        (Viewer("guest"), {}),
        (Viewer("partner", "x", "NOT-A-PARTNER"), {}),
    ],
)
def test_out_of_scope_requests_are_denied(tiny_dir, project, viewer, filters):
    with read_warehouse(tiny_dir.warehouse) as con:
        for call in (
            lambda: queries.module_catalogue(con, project, viewer, Filters(**filters)),
            lambda: queries.activity_summary(con, project, viewer, Filters(**filters), "audience"),
            lambda: queries.learner_breakdown(con, project, viewer, Filters(**filters), "gender"),
            lambda: queries.indicator_trajectory(con, project, viewer, Filters(**filters), "ENR-1"),
            lambda: queries.submissions(con, project, viewer, Filters(**filters)),
        ):
            with pytest.raises(AccessDenied):
                call()


def test_national_office_sees_consortium_totals(tiny_dir, project):
    """Breakdowns without a partner dimension are consortium totals for every role."""
    with read_warehouse(tiny_dir.warehouse) as con:
        office = queries.learner_breakdown(con, project, KZ_OFFICE, Filters(), "gender")
        coord = queries.learner_breakdown(con, project, COORD, Filters(), "gender")
    assert office.equals(coord)


def test_public_view_suppresses_small_counts(tiny_dir, project):
    opened = dataclasses.replace(
        project, access=dataclasses.replace(project.access, public_view=True)
    )
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.learner_breakdown(con, opened, Viewer("public"), Filters(), "gender")
        listed = queries.activity_list(con, opened, Viewer("public"), Filters())
    f = df[df["value"] == "F"].iloc[0]
    assert f["enrollments"] == 5  # at the minimum of 5: shown
    assert f["learners_enrolled"] is None or f.isna()["learners_enrolled"]  # 4: suppressed
    assert df[df["value"] == "U"].iloc[0]["completions"] == 0  # nothing to hide
    assert listed.empty


def test_unknown_dimension_is_refused(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con, pytest.raises(ValueError, match="dimension"):
        queries.learner_breakdown(con, project, COORD, Filters(), "learner_id")


def test_bad_filter_is_a_usage_error(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con, pytest.raises(UsageError, match="Unknown SDG"):
        queries.activity_list(con, project, COORD, Filters(sdg=2))


# ----------------------------------------------------------------------------- pending


def _types(con, project, viewer, **filters):
    return rows(
        queries.activity_summary(
            con, project, viewer, Filters(basis="with_pending", **filters), "activity_type"
        )
    )


def test_pending_upload_counts_only_where_the_viewer_may_see_it(pending_dir, project):
    with read_warehouse(pending_dir.warehouse) as con:
        coord = _types(con, project, COORD)
        upv_consortium = _types(con, project, UPV)
        kaznu_consortium = _types(con, project, KAZNU)
        office = _types(con, project, KZ_OFFICE)
        upv_own = queries.activity_list(
            con, project, UPV, Filters(partner="UPV", basis="with_pending")
        )
        official = rows(queries.activity_summary(con, project, COORD, Filters(), "activity_type"))
    assert coord["workshop"] == {"activities": 2, "participants": 70, "reach": 170}  # A1 + A6
    # other viewers' consortium totals never include an upload nobody has approved
    for got in (upv_consortium, kaznu_consortium, office):
        assert got["workshop"] == {"activities": 1, "participants": 40, "reach": 120}
    assert list(upv_own["activity_id"]) == ["A6", "A4"]
    assert official["workshop"]["activities"] == 1  # approved data only


def test_effective_basis(project):
    pending = Filters(basis="with_pending")
    assert queries.effective_basis(project, COORD, pending) == "with_pending"
    assert queries.effective_basis(project, UPV, pending) == "official"
    assert queries.effective_basis(project, UPV, Filters(partner="upv", basis="with_pending")) == (
        "with_pending"
    )
    assert queries.effective_basis(project, KZ_OFFICE, pending) == "official"
    assert queries.effective_basis(project, COORD, Filters()) == "official"


def test_median_never_uses_other_partners_pending_uploads(pending_dir, project):
    with read_warehouse(pending_dir.warehouse) as con:
        as_partner = queries.consortium_median(con, project, FPI, Filters(basis="with_pending"))
        as_coord = queries.consortium_median(con, project, COORD, Filters(basis="with_pending"))
    # DIS-2 per partner: KAZNU 40, FPI 85, MSHE-KZ 25, UPV 0 (30 pending), others 0
    assert as_partner["DIS-2"] == 0
    assert as_coord["DIS-2"] == 0
    # DIS-1: KAZNU 2, FPI 1, UPV 1 (2 with pending), MSHE-KZ 1, ten partners 0 -> median 0
    assert as_partner["DIS-1"] == 0


# ------------------------------------------------------------------------------ median


def test_consortium_median(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        median = queries.consortium_median(con, project, KAZNU, Filters())
    # ENR-4 exists for four partners: KAZNU 50.0, KOKSU 50.0, FPI 50.0, UPV 100.0
    assert median["ENR-4"] == 50.0
    # ENR-1 over the 14 partners: ten 0s, then 1, 2, 2, 3 -> median 0
    assert median["ENR-1"] == 0
    assert set(median) == {i.code for i in project.indicators}


def test_median_ignores_the_partner_filter(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        whole = queries.consortium_median(con, project, KAZNU, Filters())
        own = queries.consortium_median(con, project, KAZNU, Filters(partner="KAZNU"))
    assert whole == own


# -------------------------------------------------------------------------- trajectory


def test_trajectory_exact_on_tiny(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.indicator_trajectory(con, project, COORD, Filters(), "ENR-1", as_of=TODAY)
    by_month = {m.strftime("%Y-%m"): (a, e) for m, a, e in df.itertuples(index=False)}
    assert len(df) == 36  # January 2024 to December 2026
    # first enrolments: K1 2024-03, K2 2024-04, Q2 2024-05, U1 2024-11 ...
    assert by_month["2024-02"][0] == 0
    assert by_month["2024-12"][0] == 4
    assert by_month["2025-06"][0] == 6  # = ENR-1 of P1
    assert by_month["2026-11"][0] == 8  # = ENR-1
    assert by_month["2026-12"][0] is None or df["actual"].isna().iloc[-1]  # after today
    # expected: 1200 x elapsed days / 1096 (2024 has 366 days)
    assert by_month["2024-12"][1] == 400.7
    assert by_month["2026-12"][1] == 1200


def test_trajectory_of_a_share(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.indicator_trajectory(con, project, COORD, Filters(), "ENR-4", as_of=TODAY)
    by_month = {m.strftime("%Y-%m"): a for m, a in zip(df["month"], df["actual"], strict=True)}
    # by 2024-05: K1 F, K2 M, Q2 F -> 2 of 3; by 2026-01 every learner (4 F of 7 F+M+X)
    assert by_month["2024-05"] == 66.7
    assert by_month["2026-11"] == 57.1
    assert set(df["expected"]) == {50}


def test_trajectory_of_modules_is_todays_count(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        df = queries.indicator_trajectory(con, project, COORD, Filters(), "MOD-1", as_of=TODAY)
    known = df[df["actual"].notna()]
    assert [
        (m.strftime("%Y-%m"), a) for m, a in zip(known["month"], known["actual"], strict=True)
    ] == [("2026-11", 3)]
    # period targets: 6 by the end of P1, 12 by the end of P2
    assert df[df["month"] == dt.date(2025, 6, 30)]["expected"].iloc[0] == 6


TIME_BASED = [
    "ENR-1",
    "ENR-2",
    "ENR-3",
    "ENR-4",
    "ENR-5",
    "ENR-6",
    "DIS-1",
    "DIS-2",
    "DIS-3",
    "DIS-4",
]
TRAJECTORY_FILTERS = {
    "none": {},
    "partner": {"partner": "KAZNU"},
    "country": {"country": "UZ"},
    "sdg": {"sdg": 13},
    "period": {"period": "P1"},
    "dates": {"date_from": dt.date(2025, 3, 15), "date_to": dt.date(2026, 2, 10)},
}


@pytest.mark.parametrize("name", list(TRAJECTORY_FILTERS))
def test_trajectory_ends_at_the_indicator(demo_dir, project, name):
    """The last known point of every cumulative curve is the figure compute() gives."""
    f = Filters(**TRAJECTORY_FILTERS[name])
    with read_warehouse(demo_dir.warehouse) as con:
        values = {v.code: v for v in compute(con, project, COORD, f, as_of=TODAY)}
        for code in TIME_BASED:
            df = queries.indicator_trajectory(con, project, COORD, f, code, as_of=TODAY)
            last = df["actual"].dropna()
            assert float(last.iloc[-1]) == pytest.approx(values[code].actual), code
            expected = df["expected"].dropna()
            if values[code].target is not None:
                assert float(expected.iloc[-1]) == pytest.approx(values[code].target), code


# ------------------------------------------------------------------------- data status


def test_submissions_and_current_rows(tiny_dir, project):
    with read_warehouse(tiny_dir.warehouse) as con:
        latest = queries.latest_submissions(con, project, KZ_OFFICE, Filters())
        history = queries.submissions(con, project, KZ_OFFICE, Filters())
        build = queries.build_status(con, project, KZ_OFFICE)
        checks = queries.check_results(con, project, KZ_OFFICE)
    got = {
        (r["partner_code"], r["template"]): r["approved_rows"]
        for r in latest.to_dict("records")
        if pd.notna(r["approved_rows"])
    }
    assert got[("KAZNU", "modules")] == 1
    assert got[("KAZNU", "enrollments")] == 4
    assert got[("KOKSU", "enrollments")] == 2
    assert got[("KAZNU", "dissemination")] == 2
    assert got[("MSHE-KZ", "dissemination")] == 1
    assert set(latest["partner_code"]) == set(project.partners_in("KZ"))
    assert "submitted_by" not in history.columns  # account names: coordinator only
    assert build.rows == {"fct_module": 4, "fct_enrollment": 9, "fct_activity": 5}
    assert build.checks_failed == 0 and len(checks) == build.checks_run


# ---------------------------------------------------------------------------- empty


def test_every_query_works_on_an_empty_warehouse(empty_dir, project):
    f = Filters()
    with read_warehouse(empty_dir.warehouse) as con:
        assert queries.enrollment_monthly(con, project, COORD, f).empty
        assert queries.learner_breakdown(con, project, COORD, f, "gender").empty
        assert queries.module_catalogue(con, project, COORD, f).empty
        assert queries.activity_list(con, project, COORD, f).empty
        assert queries.activity_summary(con, project, COORD, f, "month").empty
        assert queries.submissions(con, project, COORD, f).empty
        latest = queries.latest_submissions(con, project, COORD, f)
        assert len(latest) > 0 and latest["approved_rows"].isna().all()
        traj = queries.indicator_trajectory(con, project, COORD, f, "ENR-1", as_of=TODAY)
        assert set(traj["actual"].dropna()) == {0}
        # every partner counts 0 (a share has no denominator): the median of each is that
        assert queries.consortium_median(con, project, COORD, f) == {
            i.code: (None if i.kind == "share" else 0) for i in project.indicators
        }


# ----------------------------------------------------------------- figures from the mart

MART_REQUESTS = [
    ({}, "all"),
    ({"partner": "KAZNU"}, "all"),
    ({"partner": "KOKSU", "country": "KZ"}, "all"),
    ({"country": "KZ"}, "all"),
    ({}, "partner"),
    ({"country": "KZ"}, "partner"),
    ({"partner": "KAZNU"}, "partner"),
    ({}, "country"),
    ({}, "region"),
    ({}, "sdg"),
    ({"work_package": "WP6"}, "all"),
]


@pytest.mark.parametrize("period", [None, "P1", "P2"])
@pytest.mark.parametrize(("filters", "by"), MART_REQUESTS)
@pytest.mark.parametrize("viewer", [COORD, KZ_OFFICE, KAZNU], ids=["coord", "kz-office", "kaznu"])
def test_stored_figures_equal_compute(demo_dir, project, period, filters, by, viewer):
    f = Filters(period=period, **filters)
    with read_warehouse(demo_dir.warehouse) as con:
        try:
            expected = compute(con, project, viewer, f, by=by, as_of=TODAY)
        except AccessDenied:
            with pytest.raises(AccessDenied):
                queries.indicator_values(con, project, viewer, f, by=by, as_of=TODAY)
            return
        stored = queries._from_mart(con, project, viewer, f, by, TODAY)
    assert stored is not None  # answered from the mart
    assert stored == expected


@pytest.mark.parametrize(
    ("filters", "as_of"),
    [
        ({"sdg": 4}, TODAY),
        ({"date_from": dt.date(2025, 1, 1)}, TODAY),
        ({"basis": "with_pending"}, TODAY),
        ({"partner": "KAZNU", "country": "UZ"}, TODAY),
        ({}, TODAY + dt.timedelta(days=1)),  # the mart was built for another day
    ],
)
def test_other_requests_are_computed(demo_dir, project, filters, as_of):
    f = Filters(**filters)
    with read_warehouse(demo_dir.warehouse) as con:
        assert queries._from_mart(con, project, COORD, f, "all", as_of) is None
        assert queries.indicator_values(con, project, COORD, f, as_of=as_of) == compute(
            con, project, COORD, f, as_of=as_of
        )


def test_settings_changed_after_the_build_are_not_read_from_the_mart(demo_dir, project, tmp_path):
    """The mart is read when it was made with the settings in force (their content, not the
    file's modification time): a copy of the same settings still reads it, a changed target
    does not."""
    edited = tmp_path / "project.toml"
    edited.write_bytes(project.source.read_bytes())  # newer than the warehouse, same content
    same = dataclasses.replace(project, source=edited)
    first = project.indicators[0]
    retargeted = dataclasses.replace(
        project,
        indicators=(dataclasses.replace(first, target=first.target + 1), *project.indicators[1:]),
    )
    with read_warehouse(demo_dir.warehouse) as con:
        assert queries._from_mart(con, project, COORD, Filters(), "all", TODAY) is not None
        assert queries._from_mart(con, same, COORD, Filters(), "all", TODAY) is not None
        assert queries._from_mart(con, retargeted, COORD, Filters(), "all", TODAY) is None
