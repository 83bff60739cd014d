"""Every third-party module the product imports is named in requirements.txt.

`make run` installs requirements.txt only; a module that arrives through the test tools
(PyYAML once did) keeps the tests green while the dashboard fails to start on a fresh
machine. Imports inside functions count: they run too.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_CODE = ("pipelines", "dashboard")
OWN = {"pipelines", "dashboard", "benchmarks", "tests"}


def canonical(name: str) -> str:
    """PEP 503 name: 'PyYAML' and 'pyyaml', 'python_docx' and 'python-docx' are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(canonical(re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0]))
    return names


def imported_modules(folder: Path, root: Path = ROOT) -> dict[str, str]:
    """Top-level module -> the first file importing it, for every import in the folder."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(root)))
    return found


def third_party(modules: dict[str, str]) -> dict[str, str]:
    stdlib = set(sys.stdlib_module_names)
    return {m: f for m, f in modules.items() if m not in stdlib and m not in OWN}


def test_every_runtime_import_is_a_runtime_requirement() -> None:
    required = requirement_names(ROOT / "requirements.txt")
    distributions = packages_distributions()
    missing = []
    for folder in RUNTIME_CODE:
        for module, path in sorted(third_party(imported_modules(ROOT / folder)).items()):
            dists = {canonical(d) for d in distributions.get(module, [module])}
            if not dists & required:
                missing.append(f"{module} (imported by {path}; distribution {sorted(dists)})")
    assert not missing, "not in requirements.txt: " + "; ".join(missing)


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text("def f():\n    import yaml\n    from numpy import array\n")
    modules = third_party(imported_modules(tmp_path, root=tmp_path))
    assert set(modules) == {"yaml", "numpy"}


@pytest.mark.parametrize(
    "line, name", [("PyYAML==6.0.4", "pyyaml"), ("python_docx>=1", "python-docx")]
)
def test_requirement_names_are_canonical(tmp_path: Path, line: str, name: str) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text(f"# comment\n-r other.txt\n{line}  # why\n")
    assert requirement_names(path) == {name}
