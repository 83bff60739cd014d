"""The materialised partials give the sums the facts give, for every request they serve.

Pages and the CLI read whole periods of approved data from ``mart_partial``; this compares
them with the facts themselves on the sample installation, for every period, partner,
country and SDG filter and both breakdowns, and the monthly trajectory likewise.
"""

from __future__ import annotations

import itertools

import pytest

from pipelines.metrics.facts import facts_sql
from pipelines.metrics.indicators import Filters, actual_rows, partial_params
from pipelines.paths import sql_file
from pipelines.warehouse import read_warehouse

PERIODS = (None, "P1", "P2")
PARTNERS = (None, "KAZNU", "UPV", "FPI")
COUNTRIES = (None, "KZ", "UZ")
SDGS = (None, 4, 15)


def _rounded(rows) -> list[tuple]:
    return sorted(
        (tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows),
        key=repr,
    )


def _requests():
    for period, partner, country, sdg in itertools.product(PERIODS, PARTNERS, COUNTRIES, SDGS):
        if partner and country:
            continue
        yield Filters(partner=partner, country=country, sdg=sdg, period=period)


@pytest.mark.parametrize("sql_by", ["partner", "sdg"])
def test_actuals_from_partials_equal_the_facts(demo_dir, project, sql_by):
    live_sql = facts_sql(project, "marts/indicator_actuals.sql")
    with read_warehouse(demo_dir.warehouse) as con:
        compared = 0
        for requested in _requests():
            f = requested.normalised(project)
            window = f.window(project)
            live = con.execute(live_sql, {**f.sql_params(window), "by": sql_by}).fetchall()
            served = actual_rows(con, project, f, window, sql_by)
            assert _rounded(served) == _rounded(live), f
            compared += bool(live)
    assert compared > 50  # most requests have figures: the comparison is not of empties


def test_monthly_increments_from_partials_equal_the_facts(demo_dir, project):
    # the facts of the indicator asked for only (the file keeps the rows of $code alone);
    # the facts of every indicator, as the chart reads them, give the same for each one
    every_sql = facts_sql(project, "queries/indicator_monthly.sql")
    live_sql = {
        ind.code: facts_sql(project, "queries/indicator_monthly.sql", codes=[ind.code])
        for ind in project.indicators
    }
    served_sql = sql_file("queries/partial_monthly.sql")
    with read_warehouse(demo_dir.warehouse) as con:
        months = 0
        for requested in _requests():
            f = requested.normalised(project)
            for ind in project.indicators:
                params = {**f.sql_params(f.window(project)), "by": "partner", "code": ind.code}
                live = con.execute(live_sql[ind.code], params).fetchall()
                if requested == Filters():
                    assert con.execute(every_sql, params).fetchall() == live, ind.code
                served = con.execute(served_sql, partial_params(f, code=ind.code)).fetchall()
                assert _rounded(served) == _rounded(live), (f, ind.code)
                months += len(live)
    assert months > 1000


def test_a_date_range_or_pending_data_reads_the_facts(demo_dir, project):
    """Requests the partials do not hold still get figures, from the facts."""
    import datetime as dt

    ranged = Filters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30))
    pending = Filters(basis="with_pending")
    with read_warehouse(demo_dir.warehouse) as con:
        for f in (ranged.normalised(project), pending.normalised(project)):
            window = f.window(project)
            live = facts_sql(project, "marts/indicator_actuals.sql")
            expected = con.execute(live, {**f.sql_params(window), "by": "partner"}).fetchall()
            assert actual_rows(con, project, f, window, "partner") == expected
            assert expected
