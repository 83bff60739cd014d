"""Sign in: the only page anyone sees before signing in (see ``dashboard.signin``)."""

from __future__ import annotations

from dashboard.widgets import warm_up
from dashboard.widgets.ui import friendly_errors
from dashboard.wiring import signin

with friendly_errors():
    signin.view()
    warm_up.start_chart_and_table_code()  # while the person types (widgets/warm_up.py)
