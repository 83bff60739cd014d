"""A table's toolbar offers no download of its own, in a real browser.

Streamlit's "Download as CSV" in a table's hover toolbar writes cells raw (a partner's
``=HYPERLINK(...)`` title reaches a spreadsheet as a formula) and leaves no audit entry. The
dashboard turns it off; the project's CSV button under each table stays the only export.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import goto, open_page

pytestmark = pytest.mark.browser


def test_a_tables_toolbar_has_search_but_no_download(page, app_server):
    goto(page, app_server.url + "/")
    open_page(page, "Dissemination")
    tables = page.locator('[data-testid="stDataFrame"]')
    shown = [tables.nth(i) for i in range(tables.count()) if tables.nth(i).is_visible()]
    assert shown, "the dissemination page shows its list of activities"
    for table in shown:
        table.scroll_into_view_if_needed()
        table.hover()
        # the toolbar is there (its search), without Streamlit's own download
        page.get_by_role("button", name="Search").first.wait_for(state="visible")
        assert page.get_by_role("button", name="Download as CSV").count() == 0
    # the dashboard's own, formula-safe and audited, export is still offered
    assert page.get_by_role("button", name="Download CSV").count() >= 1
