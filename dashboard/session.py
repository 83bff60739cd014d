"""Who is using the dashboard. The one place pages ask; the sign-in replaces its body.

Pages treat ``None`` as "not signed in" and show only a sign-in message, so the login can
be added here without touching any page.
"""

from __future__ import annotations

from pipelines.scope import Viewer


def current_viewer() -> Viewer | None:
    """The signed-in viewer, or None. Until accounts exist: the local coordinator."""
    return Viewer.coordinator("local")
