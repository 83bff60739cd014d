"""The one permission table: which role may do what, and over whose data.

Every edge asks here (``viewer.can("approve")``, ``viewer.can("upload", partner)``): the
navigation, the review workflow, the reports and the CLI. No other module compares roles.

``scope`` says how far a granted action reaches:
- ``all``: any partner or country;
- ``own``: a partner account acts for its own partner only;
- ``country``: a National Office for the partners of its country;
- ``none``: the action has no partner (e.g. reading the audit log).
"""

from __future__ import annotations

# action -> {role: scope}
PERMISSIONS: dict[str, dict[str, str]] = {
    # reading figures
    "see_figures": {
        "coordinator": "all",
        "national_office": "country",
        "partner": "own",
        "public": "none",
    },
    "see_consortium": {
        "coordinator": "all",
        "national_office": "all",
        "partner": "all",
        "public": "all",
    },
    "see_breakdowns": {"coordinator": "all", "national_office": "country", "partner": "own"},
    "see_regions": {"coordinator": "all"},
    "see_countries": {"coordinator": "all", "national_office": "country"},
    "see_rows": {"coordinator": "all", "national_office": "country", "partner": "own"},
    "see_pending": {"coordinator": "all", "partner": "own"},
    "see_small_counts": {"coordinator": "all", "national_office": "all", "partner": "all"},
    "see_data_status": {"coordinator": "all", "national_office": "country", "partner": "own"},
    "see_technical": {"coordinator": "all"},
    "see_home": {"coordinator": "all", "national_office": "country", "partner": "own"},
    "use_sign_in_page": {"public": "none"},
    "see_public_page": {
        "coordinator": "all",
        "national_office": "all",
        "partner": "all",
        "public": "all",
    },
    "see_public_catalogue": {
        "coordinator": "all",
        "national_office": "all",
        "partner": "all",
        "public": "all",
    },
    # submitting and reviewing
    "upload": {"coordinator": "all", "partner": "own"},
    "edit_records": {"coordinator": "all", "partner": "own"},
    "review": {"coordinator": "all"},
    "see_submissions": {"coordinator": "all", "partner": "own"},
    "see_submitters": {"coordinator": "all"},
    "approve": {"coordinator": "all"},
    "rebuild": {"coordinator": "all"},
    # reports
    "download_report": {"coordinator": "all", "national_office": "country", "partner": "own"},
    "freeze_report": {"coordinator": "all"},
    "write_narrative": {"coordinator": "all"},
    "draft_contribution": {"coordinator": "all", "partner": "own"},
    # the work plan: lead partners draft their own deliverables, the coordinator submits
    "see_workplan": {"coordinator": "all", "national_office": "country", "partner": "own"},
    "draft_deliverable": {"coordinator": "all", "partner": "own"},
    "submit_deliverable": {"coordinator": "all"},
    "update_milestone": {"coordinator": "all"},
    "update_risk": {"coordinator": "all"},
    # replacing the list of deliverables and milestones by the grant agreement's own
    "load_workplan": {"coordinator": "none"},
    # a National Office's portfolio of projects (their open data packages) and its notes
    "see_portfolio": {"coordinator": "all", "national_office": "country"},
    "write_monitoring_note": {"national_office": "country"},
    # administration
    "see_audit": {"coordinator": "none"},
    "manage_accounts": {"coordinator": "none"},
    "send_reminders": {"coordinator": "all"},
    "see_health": {"coordinator": "none"},
}


def scope_of(action: str, role: str) -> str | None:
    """How far ``role`` may do ``action``; None when it may not at all."""
    if action not in PERMISSIONS:
        raise KeyError(f"unknown action {action!r}: add it to PERMISSIONS")
    return PERMISSIONS[action].get(role)
