"""The role matrix: for every role, breakdown and filter, exactly which figures come back
from ``indicators.compute`` (or that AccessDenied is raised), checked against the tiny
dataset's hand-computed values (tests/fixtures/tiny/EXPECTED.md)."""

from __future__ import annotations

import dataclasses

import pytest

from pipelines.access.scope import BREAKDOWNS, Viewer
from pipelines.errors import AccessDenied
from pipelines.metrics.indicators import Filters, compute
from pipelines.warehouse.build import read_warehouse

COORD = Viewer.coordinator("upv-coord")
KZ_OFFICE = Viewer("national_office", "kz-office", None, "KZ")
KAZNU = Viewer("partner", "kaznu-data", "KAZNU")
PUBLIC = Viewer("public")
ROLES = {"coordinator": COORD, "national_office": KZ_OFFICE, "partner": KAZNU, "public": PUBLIC}

# Filters as seen from KAZNU (a KZ partner) and the KZ national office.
FILTERS = {
    "none": {},
    "own partner": {"partner": "KAZNU"},
    "same-country partner": {"partner": "KOKSU"},
    "other-country partner": {"partner": "FPI"},
    "own country": {"country": "KZ"},
    "other country": {"country": "UZ"},
}
# What each role may ask for: filters and breakdowns. Anything else is AccessDenied.
ALLOWED_FILTERS = {
    "coordinator": set(FILTERS),
    "national_office": {"none", "own partner", "same-country partner", "own country"},
    "partner": {"none", "own partner"},
    "public": {"none"},
}
ALLOWED_BREAKDOWNS = {
    "coordinator": {"all", "partner", "country", "region", "sdg"},
    "national_office": {"all", "partner", "country", "sdg"},
    "partner": {"all", "partner", "sdg"},
    "public": {"all", "sdg"},
}
SDG_SCOPES = ["4", "7", "11", "12", "13", "15"]

# Hand-computed in tests/fixtures/tiny/EXPECTED.md (ENR-1 learners, DIS-3 people reached).
TINY = {
    "all": {"ENR-1": 8, "DIS-3": 26945},
    "KAZNU": {"ENR-1": 3, "DIS-3": 1620},
    "KZ": {"ENR-1": 5, "DIS-3": 1645},
}


@pytest.fixture(scope="module")
def public_on(project):
    """The project with the optional public view switched on."""
    return dataclasses.replace(
        project, access=dataclasses.replace(project.access, public_view=True)
    )


def _compute(data_dir, project, viewer, by="all", **filters):
    with read_warehouse(data_dir.warehouse) as con:
        return compute(con, project, viewer, Filters(**filters), by=by)


def _expected_scopes(project, role: str, by: str, filters: dict) -> list[str]:
    """The scopes a permitted request returns, worked out from the project's facts."""
    if by == "all":
        return ["all"]
    if by == "sdg":
        return SDG_SCOPES
    if by == "region":
        return ["Central Asia", "EU"]
    if by == "country":
        if role == "national_office":
            return ["KZ"]
        return [filters["country"]] if "country" in filters else [c.iso2 for c in project.countries]
    visible = {
        "coordinator": list(project.partner_codes),
        "national_office": list(project.partners_in("KZ")),
        "partner": ["KAZNU"],
    }[role]
    if "partner" in filters:
        return [p for p in visible if p == filters["partner"]]
    if "country" in filters:
        return [p for p in visible if p in project.partners_in(filters["country"])]
    return visible


MATRIX = [
    (role, by, name)
    for role in ROLES
    for by in BREAKDOWNS
    for name in FILTERS
]  # fmt: skip


@pytest.mark.parametrize(("role", "by", "filter_name"), MATRIX)
def test_role_matrix(tiny_dir, project, public_on, role, by, filter_name):
    viewer, filters = ROLES[role], FILTERS[filter_name]
    proj = public_on if role == "public" else project
    allowed = filter_name in ALLOWED_FILTERS[role] and by in ALLOWED_BREAKDOWNS[role]
    if not allowed:
        with pytest.raises(AccessDenied):
            _compute(tiny_dir, proj, viewer, by, **filters)
        return
    got = _compute(tiny_dir, proj, viewer, by, **filters)
    scopes = list(dict.fromkeys(v.scope for v in got))
    assert scopes == _expected_scopes(project, role, by, filters)
    # every figure shown is the coordinator's figure for the same scope and filter
    reference = {(v.scope, v.code): v for v in _compute(tiny_dir, project, COORD, by, **filters)}
    for v in got:
        ref = reference[(v.scope, v.code)]
        if v.suppressed:
            assert role == "public" and v.actual is None
        else:
            assert (v.actual, v.target, v.status) == (ref.actual, ref.target, ref.status)


@pytest.mark.parametrize(
    ("viewer", "filters", "expected"),
    [
        (KAZNU, {}, TINY["all"]),  # consortium totals
        (KAZNU, {"partner": "KAZNU"}, TINY["KAZNU"]),
        (KZ_OFFICE, {"partner": "KAZNU"}, TINY["KAZNU"]),
        (KZ_OFFICE, {"country": "KZ"}, TINY["KZ"]),
        (KZ_OFFICE, {}, TINY["all"]),
    ],
)
def test_the_figures_a_role_sees_are_the_hand_computed_ones(
    tiny_dir, project, viewer, filters, expected
):
    got = {v.code: v.actual for v in _compute(tiny_dir, project, viewer, **filters)}
    assert {code: got[code] for code in expected} == expected


def test_national_office_sees_its_partners_one_by_one(tiny_dir, project):
    got = _compute(tiny_dir, project, KZ_OFFICE, by="partner")
    learners = {v.scope: v.actual for v in got if v.code == "ENR-1"}
    # tiny: KAZNU K1 K2 K3, KOKSU K1 Q2; AYU, CAREC and MSHE-KZ have no learners
    assert learners == {"KAZNU": 3, "KOKSU": 2, "AYU": 0, "CAREC": 0, "MSHE-KZ": 0}


def test_public_small_counts_are_suppressed(tiny_dir, public_on):
    got = {v.code: v for v in _compute(tiny_dir, public_on, PUBLIC)}
    assert public_on.access.public_min_count == 5
    # consortium totals of tiny: ENR-3 4, ENR-5 3, MOD-1 3, MOD-2 2, DIS-4 2 are below 5
    assert {c for c, v in got.items() if v.suppressed} == {
        "ENR-3",
        "ENR-5",
        "MOD-1",
        "MOD-2",
        "DIS-4",
    }
    assert all(got[c].actual is None and got[c].status is None for c in ("ENR-3", "DIS-4"))
    assert (got["ENR-1"].actual, got["DIS-1"].actual, got["DIS-3"].actual) == (8, 5, 26945)
    assert got["ENR-4"].actual == 57.1  # a share, not a count


def test_public_sees_nothing_while_the_public_view_is_off(tiny_dir, project):
    assert project.access.public_view is False  # the default in the bundled project
    for by in BREAKDOWNS:
        with pytest.raises(AccessDenied) as err:
            _compute(tiny_dir, project, PUBLIC, by)
        assert str(err.value) == "The public view is switched off: sign in to see the figures"


@pytest.mark.parametrize(
    ("viewer", "message"),
    [
        (Viewer(""), "No valid role: sign in with an account that has a role"),
        (Viewer("admin", "root"), "No valid role: sign in with an account that has a role"),
        (Viewer("Coordinator"), "No valid role: sign in with an account that has a role"),
        (
            Viewer("partner", "x", None),
            "This partner account is not linked to a configured partner",
        ),
        (
            Viewer("partner", "x", "NOPE"),
            "This partner account is not linked to a configured partner",
        ),
        (
            Viewer("partner", "x", "kaznu"),
            "This partner account is not linked to a configured partner",
        ),
        (
            Viewer("national_office", "x", None, "FR"),
            "This national office account is not linked to a configured country",
        ),
        (
            Viewer("national_office", "x", "KAZNU", None),
            "This national office account is not linked to a configured country",
        ),
    ],
)
def test_an_invalid_viewer_sees_nothing(tiny_dir, project, viewer, message):
    for by in BREAKDOWNS:
        with pytest.raises(AccessDenied) as err:
            _compute(tiny_dir, project, viewer, by)
        assert str(err.value) == message
    for method in (viewer.visible_partners, viewer.visible_countries, viewer.visible_regions):
        with pytest.raises(AccessDenied):
            method(project)


@pytest.mark.parametrize(
    ("viewer", "by", "filters", "message"),
    [
        (KAZNU, "all", {"partner": "fpi"}, "You cannot see the figures of partner FPI"),
        (KAZNU, "all", {"partner": " koksu "}, "You cannot see the figures of partner KOKSU"),
        (KAZNU, "partner", {"partner": "FPI"}, "You cannot see the figures of partner FPI"),
        (KAZNU, "all", {"country": "kz"}, "You cannot see the figures of country KZ"),
        (
            KAZNU,
            "all",
            {"partner": "KAZNU", "country": "UZ"},
            "You cannot see the figures of country UZ",
        ),
        (KZ_OFFICE, "partner", {"partner": "FPI"}, "You cannot see the figures of partner FPI"),
        (KZ_OFFICE, "country", {"country": "uz"}, "You cannot see the figures of country UZ"),
        (KZ_OFFICE, "region", {}, "You cannot see figures per region"),
        (KAZNU, "country", {}, "You cannot see figures per country"),
        (KAZNU, "learner", {}, "Unknown breakdown 'learner'"),
    ],
)
def test_tampered_filters_cannot_widen_the_scope(tiny_dir, project, viewer, by, filters, message):
    with pytest.raises(AccessDenied) as err:
        _compute(tiny_dir, project, viewer, by, **filters)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("viewer", "partner", "by", "expected"),
    [
        (COORD, None, "all", True),
        (COORD, "FPI", "region", True),
        (KAZNU, "KAZNU", "all", True),
        (KAZNU, "kaznu", "sdg", True),
        (KAZNU, None, "partner", True),  # its per-partner view holds its own row only
        (KAZNU, None, "all", False),  # consortium totals would show others' pending uploads
        (KAZNU, None, "sdg", False),
        (KAZNU, "FPI", "all", False),
        (KZ_OFFICE, "KAZNU", "all", False),
        (KZ_OFFICE, None, "partner", False),
    ],
)
def test_who_sees_pending_data(project, viewer, partner, by, expected):
    assert viewer.sees_pending_for(project, partner, by) is expected


def test_visible_sets_per_role(project, public_on):
    assert COORD.visible_partners(project) == project.partner_codes
    assert KZ_OFFICE.visible_partners(project) == project.partners_in("KZ")
    assert KAZNU.visible_partners(project) == ("KAZNU",)
    assert PUBLIC.visible_partners(public_on) == ()
    assert COORD.visible_countries(project) == ("ES", "IT", "CY", "KZ", "UZ")
    assert KZ_OFFICE.visible_countries(project) == ("KZ",)
    assert KAZNU.visible_countries(project) == ()
    assert COORD.visible_regions(project) == ("Central Asia", "EU")
    for viewer, proj in ((KZ_OFFICE, project), (KAZNU, project), (PUBLIC, public_on)):
        assert viewer.visible_regions(proj) == ()
