"""Imports every module of the product and draws the dashboard's first page.

Run with the runtime environment only: a module that needs a test tool fails here.
Page scripts are not imported (they draw when imported); the modules they import are.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def library_modules() -> list[str]:
    names = []
    for package in ("pipelines", "dashboard"):
        names.append(package)
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            skip = info.name.startswith("dashboard.pages") or info.name.endswith("__main__")
            if not skip and info.name != "dashboard.app":
                names.append(info.name)
    return names


def page_imports() -> set[str]:
    names: set[str] = set()
    for path in [ROOT / "dashboard" / "app.py", *(ROOT / "dashboard" / "pages").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return names


def main() -> int:
    failed = []
    for name in sorted(set(library_modules()) | page_imports()):
        try:
            importlib.import_module(name)
        except Exception as exc:  # every failure is listed, then the run fails
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    if app.exception:
        failed.append(f"dashboard/app.py: {app.exception[0].message}")
    print("\n".join(failed) or f"{len(library_modules())} modules imported; first page drawn")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
