"""The Kazakh National Office's portfolio in the browser: the sample portfolio (LESLIE's own
package and the two synthetic projects, STEPPE and ARALWISE) is added to the app's
installation; the office signs in, opens "Portfolio" from the menu, finds every project with
the figures its package holds (computed by ``pipelines.portfolio``), saves a monitoring note
(a score and a comment on one criterion of STEPPE), reloads the page (still signed in) and
finds the note again.
The page has no serious or critical WCAG 2.1 A/AA violation. Screenshots at 1,400 and 390
pixels wide go to artifacts/screenshots/portfolio/."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.portfolio import store, view
from pipelines.sample.portfolio import PROJECTS, add_sample_portfolio
from pipelines.words.present import Words
from tests.e2e.axe_scan import scan
from tests.e2e.helpers import SCREENSHOTS, goto, heading, open_page, resize, wait_drawn, wait_idle
from tests.e2e.test_workspace import forget_base_path_probes

pytestmark = pytest.mark.browser

OFFICE = "kz-office"
COUNTRY = "KZ"
SHOTS = SCREENSHOTS / "portfolio"
NOTED = "STEPPE"
COMMENT = "Visited KazNU's soil lab: two courses running, a third planned for spring."


@pytest.fixture(scope="module")
def held(app_server, project) -> list[store.Held]:
    """The sample portfolio in the app's installation, as ``python -m pipelines demo`` adds
    it; the projects the Kazakh office follows, in the page's order."""
    added = add_sample_portfolio(app_server.data_dir, project)
    assert {a.acronym for a in added} == {project.acronym} | {p.acronym for p in PROJECTS}
    return [h for h in store.current(app_server.data_dir) if COUNTRY in h.countries]


def shoot(page, name: str, width: int) -> None:
    """The whole page at ``width`` pixels wide, then the window back to 1,400 x 1,000."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    resize(page, width, 1000)
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    )
    resize(page, width, min(int(height) + 60, 12000))
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    resize(page, 1400, 1000)


def cells(page, index: int) -> list[str]:
    """The cells of the page's ``index``-th table, row by row."""
    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').nth(index)
    table.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)
    return [t.strip() for t in table.locator('[role="gridcell"]').all_inner_texts()]


def value_of(w: Words, r: view.Row) -> str:
    return w.t("portfolio.page.withheld") if r.withheld else w.value_with_unit(r.value, r.unit)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the main area's selectbox ``label``."""
    page.locator('[data-testid="stMain"]').get_by_role("combobox", name=label).click()
    page.keyboard.type(option)  # narrow the list as a user does
    page.locator('[role="option"]', has_text=option).first.click()
    wait_idle(page)


def test_the_kazakh_office_sees_its_portfolio_and_keeps_a_monitoring_note(
    new_page, app_server, project, held, axe
):
    w = Words("en", project)
    acronyms = [h.acronym for h in held]
    assert sorted(acronyms) == sorted([project.acronym, "STEPPE", "ARALWISE"])
    shared = view.shared_measures(held)
    totals_tables = 2 if shared.same else 0

    page = new_page()
    page.credentials = (OFFICE, app_server.passwords[OFFICE])
    goto(page, app_server.url + "/")
    open_page(page, w.t("dashboard.nav.portfolio"))
    assert heading(page) == "Portfolio"
    main = page.locator('[data-testid="stMain"]').inner_text()

    # every project, in the projects table and with its own indicators table
    projects = cells(page, 0)
    for h in held:
        assert f"{h.acronym} ({h.number})" in projects
        assert h.title in projects
        assert w.t("portfolio.page.indicators", acronym=h.acronym) in main
    for i, h in enumerate(held):
        shown = cells(page, 1 + totals_tables + i)
        rows = view.indicator_rows(project, h)
        mine = {r.code: r for r in view.indicator_rows(project, h, COUNTRY)}
        assert rows, h.acronym
        for r in rows:
            at = shown.index(f"{r.code} · {r.name}")
            assert shown[at + 1] == value_of(w, r), (h.acronym, r.code, shown[at : at + 7])
            if r.withheld:  # no status for a figure nobody may see
                assert shown[at + 4] == w.missing, (h.acronym, r.code)
            own = mine.get(r.code)
            if own is not None:
                status = w.missing if own.withheld else w.status(own.status)
                assert shown[at + 5 : at + 7] == [value_of(w, own), status], (h.acronym, r.code)
    shoot(page, "1_projects", 1400)
    shoot(page, "1_projects", 390)

    # a monitoring note on STEPPE's sustainability, saved
    notes_table = 1 + totals_tables + len(held)
    steppe = next(h for h in held if h.acronym == NOTED)
    choose(page, w.t("portfolio.form.project"), f"{NOTED} ({steppe.number})")
    assert w.t("portfolio.page.no_notes") in page.locator('[data-testid="stMain"]').inner_text()
    choose(page, w.t("portfolio.form.criterion"), w.t("portfolio.criterion.sustainability"))
    choose(page, w.t("portfolio.form.score"), w.t("portfolio.score.3"))
    page.get_by_label(w.t("portfolio.form.comment"), exact=True).fill(COMMENT)
    page.get_by_role("button", name=w.t("portfolio.form.save"), exact=True).click()
    wait_idle(page)
    assert w.t("portfolio.page.saved") in page.locator('[data-testid="stMain"]').inner_text()
    saved = store.notes(app_server.data_dir, steppe.number, COUNTRY)
    assert [(n.criterion, n.score, n.comment, n.written_by) for n in saved] == [
        ("sustainability", 3, COMMENT, OFFICE)
    ]
    today = dt.date.fromisoformat("2026-11-29")
    expected_note = [
        w.date(today),
        w.t("portfolio.criterion.sustainability"),
        w.t("portfolio.score.3"),
        COMMENT,
        OFFICE,
    ]
    assert cells(page, notes_table) == expected_note

    # after a reload (the session resumes from its cookie), the note is shown again
    page.reload()
    wait_drawn(page)
    assert heading(page) == "Portfolio"
    assert OFFICE in page.locator('[data-testid="stSidebar"]').inner_text()
    forget_base_path_probes(page)
    choose(page, w.t("portfolio.form.project"), f"{NOTED} ({steppe.number})")
    assert cells(page, notes_table) == expected_note
    shoot(page, "2_note_after_reload", 1400)
    shoot(page, "2_note_after_reload", 390)

    problems = scan(axe, page, "national_office/en/portfolio")
    assert problems == [], "\n".join(problems)
