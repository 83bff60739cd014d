"""The one permission table answers for every role; nothing else compares roles."""

from __future__ import annotations

import ast
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
        (COORD, "load_workplan", None, True),
        (KZ, "load_workplan", None, False),
        (KAZNU, "load_workplan", None, False),
        (PUBLIC, "load_workplan", None, False),
    ],
)
def test_can(project, viewer, action, partner, allowed) -> None:
    assert viewer.can(action, partner, project) is allowed


def test_unknown_action_is_a_defect_not_a_no() -> None:
    with pytest.raises(KeyError):
        COORD.can("launch_rockets")


# Where a role may be named in a comparison: the permission table itself, and the two checks
# of what an account is bound to (a partner account to a partner, an office to a country).
ROLE_CHECKS_ALLOWED = {
    ("pipelines/access/permissions.py", None),
    ("pipelines/access/scope.py", "validate"),
    ("pipelines/access/accounts.py", "check_scope"),
}
ROOT = Path(__file__).resolve().parents[1]


def _is_role(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "role") or (
        isinstance(node, ast.Name) and node.id == "role"
    )


def _names_a_role(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ROLES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_a_role(e) for e in node.elts)
    return isinstance(node, ast.Name) and node.id in ("ROLES", "ACCOUNT_ROLES")


def role_comparisons(path: Path) -> list[str]:
    """``viewer.role == "partner"``, ``role in ("coordinator", ...)`` and the like in
    ``path``, with the function they are in."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    functions = [
        n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        if not isinstance(node.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)):
            continue
        operands = [node.left, *node.comparators]
        if any(_is_role(o) for o in operands) and any(_names_a_role(o) for o in operands):
            inside = [f.name for f in functions if f.lineno <= node.lineno <= (f.end_lineno or 0)]
            found.append((inside[-1] if inside else None, node.lineno))
    return found


def test_no_role_is_compared_outside_the_permission_table():
    found = []
    for folder in ("pipelines", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            allowed = {f for p, f in ROLE_CHECKS_ALLOWED if p == rel}
            found += [
                f"{rel}:{line} ({function})"
                for function, line in role_comparisons(path)
                if None not in allowed and function not in allowed
            ]
    assert found == [], "ask viewer.can(...) instead: " + ", ".join(found)


def test_the_role_check_finds_a_direct_comparison(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        'def f(viewer):\n    if viewer.role == "coordinator":\n        return 1\n'
        '    return role in ("partner", "public")\n',
        encoding="utf-8",
    )
    assert role_comparisons(sample) == [("f", 2), ("f", 4)]
