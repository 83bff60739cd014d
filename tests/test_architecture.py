"""The library's packages import in the direction the data flows, and never the edges.

intake -> store -> warehouse -> (reports, cli); metrics reads a warehouse connection it is
given; words, audit and access are used by all and import none of them (access records
into the audit log). A new package must be placed in ALLOWED before it can import anything.
One serving layer: the dashboard rounds and computes no figure, and the reports read the
query functions and SQL the pages read.
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


# ------------------------------------------------------------------ one serving layer

DASHBOARD = ROOT / "dashboard"
# Calls that compute a figure (rounding, medians, sums, shares of a group): their place is
# pipelines (pipelines/rounding.py, pipelines/metrics/compare.py), never a page.
FIGURE_CALLS = {"round", "median", "mean", "quantile", "transform", "sum", "cumsum"}
FIGURE_CALLS |= {"pct_change", "agg", "aggregate", "quantize", "div", "truediv"}
FIGURE_MODULES = {"statistics", "decimal", "math.fsum"}
# Drawing, not figures: marker sizes and label positions on a map, colour contrast.
GEOMETRY = {"dashboard/widgets/charts.py", "dashboard/widgets/a11y.py"}
LAYOUT_ROUNDING = {("dashboard/widgets/charts.py", "size_steps")}  # legend marker sizes


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Every node -> the name of the outermost function it is in ('' at module level)."""
    owner: dict[ast.AST, str] = {}
    for top in ast.iter_child_nodes(tree):
        name = top.name if isinstance(top, ast.FunctionDef | ast.ClassDef) else ""
        for node in ast.walk(top):
            owner[node] = name
    return owner


def _is_path_join(node: ast.BinOp) -> bool:
    """``ROOT / "dashboard"``, ``HERE / spec.path``, ``path.parent / "x"``: not arithmetic."""

    def pathlike(side: ast.expr) -> bool:
        text = ast.unparse(side)
        return (
            (isinstance(side, ast.Constant) and isinstance(side.value, str))
            or (isinstance(side, ast.Name) and side.id.isupper())
            or text.endswith(".parent")
            or ".parents[" in text
            or (isinstance(side, ast.BinOp) and _is_path_join(side))
        )

    return pathlike(node.left) or pathlike(node.right)


def figure_arithmetic(rel: str, source: str) -> list[str]:
    """Where a dashboard module (``rel``, its text) rounds or computes a figure instead of
    laying it out."""
    tree = ast.parse(source)
    owner = _functions(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            counting = isinstance(func, ast.Name) and name == "sum"  # sum(1 for ...)
            layout = (rel, owner.get(node, "")) in LAYOUT_ROUNDING
            if name in FIGURE_CALLS and not counting and not layout:
                found.append(f"{where} calls {name}()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{where} imports {n}" for n in names if n in FIGURE_MODULES]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            geometry = rel in GEOMETRY or _is_path_join(node)
            found += [] if geometry else [f"{where} divides: {ast.unparse(node)}"]
    return sorted(found, key=lambda f: int(f.split(" ")[0].rsplit(":", 1)[1]))


DASHBOARD_MODULES = sorted(p for p in DASHBOARD.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", DASHBOARD_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_dashboard_lays_out_figures_and_computes_none(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    assert figure_arithmetic(rel, path.read_text(encoding="utf-8")) == []


def test_the_figure_rule_sees_what_it_forbids() -> None:
    source = (
        "import statistics\n"
        "def draw(v, median, df, total):\n"
        "    a = round(100 * v / median, 1)\n"
        "    b = df['actual'].round(1)\n"
        "    c = df.groupby('code')['actual'].transform('sum')\n"
        "    d = v / total\n"
        "    e = ROOT / 'static' / 'x.png'\n"
        "    f = sum(1 for x in df)\n"
        "    g = df['enrolled'].sum()\n"
    )
    found = [f.split(" ", 1)[1] for f in figure_arithmetic("dashboard/pages/x.py", source)]
    assert sorted(found) == sorted(
        [
            "imports statistics",
            "calls round()",
            "divides: 100 * v / median",
            "calls round()",
            "calls transform()",
            "divides: v / total",
            "calls sum()",
        ]
    )
    assert (
        figure_arithmetic("dashboard/widgets/charts.py", "def size_steps(t):\n    round(t)\n") == []
    )


def _used_of(path: Path, module: str) -> set[str]:
    """The attributes ``path`` uses of an imported module (``queries.rows_of`` -> rows_of)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == module
    }


def _sql_read_by_report(path: Path) -> set[str]:
    """The query SQL a report reads: the names passed to ``queries.rows_of``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "queries.rows_of"
        and isinstance(node.args[1], ast.Constant)
    }


def test_pages_and_reports_read_the_same_query_functions() -> None:
    """One serving layer: the reports' tables and build come from the query functions and
    SQL the pages read (``pipelines.metrics.queries``, ``pipelines/sql/queries``)."""
    assert not (PIPELINES / "sql" / "reports").exists()
    collect = PIPELINES / "reports" / "collect.py"
    cached = DASHBOARD / "wiring" / "cached_queries.py"
    report_uses, page_uses = _used_of(collect, "queries"), _used_of(cached, "queries")
    assert {"build_status", "module_catalogue", "activity_list"} <= page_uses
    assert "build_status" in report_uses
    read = _sql_read_by_report(collect)
    assert {"module_catalogue", "activity_list"} <= read  # the pages' own SQL
    assert all((PIPELINES / "sql" / "queries" / f"{name}.sql").is_file() for name in read)
    for path in (PIPELINES / "reports").rglob("*.py"):
        assert "pipelines.paths" not in imported(path) or "sql_file" not in path.read_text(), path
