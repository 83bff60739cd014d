"""The library's packages import in the direction the data flows, and never the edges.

intake -> store -> warehouse -> (reports, cli); metrics reads a warehouse connection it is
given; words, audit and access are used by all and import none of them (access records
into the audit log). A new package must be placed in ALLOWED before it can import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINES = ROOT / "pipelines"
BASE = {"config", "errors", "paths", "rounding", "sqlite_util"}
LIBRARY = {"words", "access", "intake", "store", "metrics", "warehouse", "submissions"}
LIBRARY |= {"deadlines", "audit"}
LIBRARY |= {"reports", "context", "publish", "operations", "workplan", "catalogue", "portfolio"}

FLOW = {"words", "audit", "access", "intake", "store", "metrics", "warehouse"}
ALLOWED: dict[str, set[str]] = {
    "base": {"words"},  # errors render their message through the catalogue
    "words": set(),
    "audit": {"words"},
    "access": {"words", "audit"},
    "intake": {"words"},
    "store": {"words", "audit", "access", "intake"},
    "metrics": {"words", "audit", "access", "intake"},
    "warehouse": {"words", "audit", "access", "intake", "store", "metrics"},
    "workplan": {"words", "audit", "access", "intake", "store"},
    "submissions": FLOW | {"workplan"},
    "deadlines": FLOW | {"workplan"},
    "context": set(FLOW),
    "catalogue": set(FLOW),
    "reports": FLOW | {"catalogue", "workplan"},
    "publish": FLOW | {"reports", "catalogue"},
    "operations": FLOW | {"reports", "catalogue"},
    "portfolio": FLOW | {"reports", "publish"},
    "sample": LIBRARY,
    "cli": LIBRARY | {"sample"},
}


def package_of(path: Path) -> str:
    parts = path.relative_to(PIPELINES).parts
    if len(parts) == 1:
        return "base" if path.stem in BASE else path.stem
    return parts[0]


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "pipelines":
                names |= {f"pipelines.{a.name}" for a in node.names}
    return names


def target_package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "pipelines" or len(parts) < 2:
        return None
    return "base" if parts[1] in BASE else parts[1]


MODULES = sorted(p for p in PIPELINES.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_data(path: Path) -> None:
    own = package_of(path)
    if own in ("__init__", "__main__"):
        return
    assert own in ALLOWED, f"{own}: a new package needs its place in ALLOWED"
    for module in imported(path):
        root = module.split(".")[0]
        assert root not in ("streamlit", "dashboard"), f"{path.name} imports {module}"
        target = target_package(module)
        if target is None or target in ("base", own):
            continue
        assert target in ALLOWED[own], f"{path.relative_to(ROOT)}: {own} may not import {module}"


def test_base_modules_import_only_each_other() -> None:
    for name in BASE:
        for module in imported(PIPELINES / f"{name}.py"):
            target = target_package(module)
            allowed = ("pipelines.words.catalogue",) if name == "errors" else ()
            assert target in (None, "base") or module in allowed, f"{name}.py imports {module}"


def test_every_package_says_what_it_owns_and_may_import() -> None:
    for folder in PIPELINES.iterdir():
        init = folder / "__init__.py"
        if folder.is_dir() and init.exists():
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            assert "import" in doc, f"{folder.name}/__init__.py must say what it may import"


def test_the_library_is_packages_not_a_flat_folder() -> None:
    loose = [p.name for p in PIPELINES.glob("*.py")]
    assert sorted(loose) == sorted(["__init__.py", "__main__.py", *(f"{b}.py" for b in BASE)])
