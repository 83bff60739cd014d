"""Sign in: the only page anyone sees before signing in (see ``dashboard.signin``)."""

from __future__ import annotations

from dashboard import signin
from dashboard.ui import friendly_errors

with friendly_errors():
    signin.view()
