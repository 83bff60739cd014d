"""What the portfolio page shows, computed: each project's indicators against its targets
(the status rules of ``pipelines/metrics/progress.py``), the measures the projects share,
and totals across projects where they measure the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipelines.config import Project
from pipelines.metrics.progress import status
from pipelines.portfolio.store import Held

TOTAL = "ALL"


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    unit: str
    value: float | None  # None: withheld
    target: float | None
    expected: float | None
    status: str | None  # None: no target, or the value is withheld
    withheld: bool


def indicator_rows(project: Project, held: Held, country: str | None = None) -> list[Row]:
    """The project's indicators for the whole project, or its partners in ``country``."""
    rows = []
    for m in held.measures:
        f = held.figure(m["code"], country=country or TOTAL)
        if f is None:
            continue
        value = f["value"]
        withheld = f["status"] == "suppressed"
        state = None if withheld else status(project, value, f["target"], f["expected"])
        rows.append(Row(m["code"], m["name"], m["unit"], value, f["target"], f["expected"],
                        state, withheld))  # fmt: skip
    return rows


def freshness(held: Held, today: dt.date) -> int | None:
    """Days since the figures' date."""
    try:
        return (today - dt.date.fromisoformat(held.figures_as_of[:10])).days
    except ValueError:
        return None


@dataclass(frozen=True)
class Shared:
    same: list[str]  # counts measured alike by two projects or more: summed
    different: list[str]  # a code two projects define differently: not summed
    shares: list[str]  # percentages: never summed


def shared_measures(helds: list[Held]) -> Shared:
    seen: dict[str, set[tuple]] = {}
    kinds: dict[str, str] = {}
    counts: dict[str, int] = {}
    for h in helds:
        for m in h.measures:
            seen.setdefault(m["code"], set()).add((m["name"], m["unit"], m["definition"]))
            kinds[m["code"]] = m["kind"]
            counts[m["code"]] = counts.get(m["code"], 0) + 1
    many = sorted(c for c, n in counts.items() if n > 1)
    return Shared(
        [c for c in many if len(seen[c]) == 1 and kinds[c] == "count"],
        [c for c in many if len(seen[c]) > 1],
        [c for c in many if len(seen[c]) == 1 and kinds[c] != "count"],
    )


@dataclass(frozen=True)
class Total:
    level: str  # an SDG goal number or an ISO2 country
    value: float  # the sum of the published figures
    projects: int  # projects with a published figure there
    withheld: int  # projects whose figure there is withheld (not in the sum)


def totals(helds: list[Held], code: str, by: str) -> list[Total]:
    """One measure summed across projects per SDG (``by="sdg"``) or per country."""
    found: dict[str, list[float | None]] = {}
    for h in helds:
        for f in h.figures:
            if f["measure"] != code or f["period"] != TOTAL:
                continue
            level = f["sdg"] if by == "sdg" else f["country"]
            other = f["country"] if by == "sdg" else f["sdg"]
            if level == TOTAL or other != TOTAL:
                continue
            found.setdefault(level, []).append(f["value"])
    out = []
    for level, values in found.items():
        shown = [v for v in values if v is not None]
        out.append(Total(level, float(sum(shown)), len(shown), len(values) - len(shown)))
    key = (lambda t: int(t.level)) if by == "sdg" else (lambda t: t.level)
    return sorted(out, key=key)
