"""axe-core's WCAG 2.1 A/AA rules on a page as it is now (bundled with axe-playwright-python
and injected into the page: nothing is fetched). Every walk through the pages that checks
accessibility reads its findings the same way: a serious or critical violation is a
failure, listed by page, rule and element."""

from __future__ import annotations

# the accessibility statement's link, at the foot of the sidebar of every page
STATEMENT_LINK = ".st-key-leslie-footer a"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def blocking_violations(axe, page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = axe.run(page, options=options)
    return [v for v in result.response["violations"] if v.get("impact") in BLOCKING]


def describe(where: str, violations: list[dict]) -> list[str]:
    """One line per element: page, rule, impact, the element and axe's summary."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:200]
            lines.append(f"{where}: {v['id']} ({v['impact']}) at {target}: {summary}")
    return lines


def scan(axe, page, where: str) -> list[str]:
    """The page's blocking violations, one line each, prefixed with ``where``."""
    return describe(where, blocking_violations(axe, page))
