"""The one permission table answers for every role; nothing else compares roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.access.permissions import PERMISSIONS
from pipelines.access.scope import ROLES, Viewer

COORD = Viewer.coordinator()
KZ = Viewer("national_office", "kz-office", country="KZ")
KAZNU = Viewer("partner", "kaznu-data", partner="KAZNU")
PUBLIC = Viewer("public")


def test_every_role_in_the_table_exists() -> None:
    for action, roles in PERMISSIONS.items():
        assert set(roles) <= set(ROLES), action
        assert set(roles.values()) <= {"all", "own", "country", "none"}, action


@pytest.mark.parametrize(
    ("viewer", "action", "partner", "allowed"),
    [
        (COORD, "approve", None, True),
        (KAZNU, "approve", None, False),
        (KZ, "approve", None, False),
        (KAZNU, "upload", "KAZNU", True),
        (KAZNU, "upload", "kaznu", True),
        (KAZNU, "upload", "FPI", False),
        (KZ, "upload", "KAZNU", False),
        (COORD, "upload", "FPI", True),
        (KZ, "see_rows", "KAZNU", True),
        (KZ, "see_rows", "FPI", False),
        (PUBLIC, "see_rows", None, False),
        (PUBLIC, "see_consortium", None, True),
        (KAZNU, "see_audit", None, False),
        (COORD, "see_audit", None, True),
        (KAZNU, "see_pending", "KAZNU", True),
        (KZ, "see_pending", None, False),
    ],
)
def test_can(project, viewer, action, partner, allowed) -> None:
    assert viewer.can(action, partner, project) is allowed


def test_unknown_action_is_a_defect_not_a_no() -> None:
    with pytest.raises(KeyError):
        COORD.can("launch_rockets")


@pytest.mark.parametrize(
    "folder",
    [
        "pipelines",
        "dashboard",
    ],
)
def test_no_role_comparisons_outside_access(folder: str) -> None:
    root = Path(__file__).resolve().parents[1]
    pattern = re.compile(r"\.role\s*(==|!=|in\b|not in\b)")
    found = []
    if folder:
        for path in (root / folder).rglob("*.py"):
            if "access" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line) and "partner.role" not in line and "p.role" not in line:
                    found.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
