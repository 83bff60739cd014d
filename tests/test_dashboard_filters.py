"""Shared links: which URL parameters become which filters, for each role, and back."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.widgets.filters import (
    DATES,
    K_COUNTRY,
    K_FROM,
    K_PARTNER,
    K_PENDING,
    K_PERIOD,
    K_SDG,
    K_TO,
    K_WP,
    read_url,
    url_of,
)
from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters

COORD = Viewer.coordinator("c")
UZ_OFFICE = Viewer("national_office", "uz", None, "UZ")
FPI = Viewer("partner", "fpi", "FPI")


def test_every_parameter_is_read(project):
    state, notes = read_url(
        project,
        COORD,
        {
            "period": "p2",
            "country": "uz",
            "partner": "fpi",
            "sdg": "13",
            "wp": "wp6",
            "basis": "with_pending",
        },
    )
    assert notes == []
    assert state == {
        K_PERIOD: "P2",
        K_COUNTRY: "UZ",
        K_PARTNER: "FPI",
        K_SDG: 13,
        K_WP: "WP6",
        K_PENDING: True,
    }


def test_a_date_range(project):
    state, notes = read_url(project, COORD, {"from": "2025-02-01", "to": "2025-03-31"})
    assert notes == []
    assert state == {K_PERIOD: DATES, K_FROM: dt.date(2025, 2, 1), K_TO: dt.date(2025, 3, 31)}


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"period": "P9"}, "The link asked for period 'P9', which does not exist."),
        (
            {"from": "2025-13-01"},
            "The link's date range is not valid (YYYY-MM-DD, 'from' before 'to').",
        ),
        (
            {"from": "2025-06-01", "to": "2025-01-01"},
            "The link's date range is not valid (YYYY-MM-DD, 'from' before 'to').",
        ),
        ({"sdg": "five"}, "The link asked for SDG 'five', which is not available to you."),
        ({"sdg": "1"}, "The link asked for SDG '1', which is not available to you."),
        ({"wp": "WP9"}, "The link asked for work package 'WP9', which is not available to you."),
    ],
)
def test_unusable_values_are_noted_and_dropped(project, params, note):
    state, notes = read_url(project, COORD, params)
    assert state == {}
    assert [n.render("en") for n in notes] == [note]


def test_a_national_office_link_is_narrowed_to_its_country(project):
    state, notes = read_url(
        project, UZ_OFFICE, {"country": "KZ", "partner": "TIIAME", "basis": "with_pending"}
    )
    assert state == {K_PARTNER: "TIIAME"}
    assert [n.render("en") for n in notes] == [
        "The link asked for country 'KZ', which is not available to you.",
        "Pending submissions are not shown to your account.",
    ]


def test_a_partner_link_to_another_partner_is_dropped(project):
    state, notes = read_url(project, FPI, {"partner": "UPV", "country": "UZ"})
    assert state == {}
    assert [n.render("en") for n in notes] == [
        "The link asked for country 'UZ', which is not available to you.",
        "The link asked for partner 'UPV', which is not available to you.",
    ]


@pytest.mark.parametrize(
    ("filters", "params"),
    [
        (Filters(), {}),
        (Filters(period="P1", partner="KAZNU"), {"period": "P1", "partner": "KAZNU"}),
        (
            Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31), sdg=4),
            {"from": "2025-01-01", "to": "2025-12-31", "sdg": "4"},
        ),
        (
            Filters(country="CY", work_package="WP2", basis="with_pending"),
            {"country": "CY", "wp": "WP2", "basis": "with_pending"},
        ),
    ],
)
def test_url_round_trip(project, filters, params):
    assert url_of(filters) == params
    state, notes = read_url(project, COORD, params)
    assert notes == []
    assert url_of(_filters(state)) == params


def _filters(state: dict) -> Filters:
    period = state.get(K_PERIOD)
    return Filters(
        partner=state.get(K_PARTNER),
        country=state.get(K_COUNTRY),
        sdg=state.get(K_SDG),
        period=None if period in (None, DATES) else period,
        date_from=state.get(K_FROM),
        date_to=state.get(K_TO),
        work_package=state.get(K_WP),
        basis="with_pending" if state.get(K_PENDING) else "official",
    )
