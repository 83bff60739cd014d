"""The figures of the load benchmark: what each simulated person saw, summarised per crowd size.

Kept apart from the running of people so that the arithmetic is tested on hand-made numbers.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Switch:
    """One page switch: who (``kind`` is ``protocol`` or ``browser``), which page, how long."""

    user: str
    kind: str
    page: str
    seconds: float


@dataclass(frozen=True)
class Failure:
    """Something a person would call broken: ``what`` is ``not settled``, ``error on page``,
    ``sign-in refused``, ``upload refused`` or ``upload lost``."""

    user: str
    what: str
    page: str = ""
    detail: str = ""


@dataclass
class Level:
    """Everything measured with ``users`` people at once."""

    users: int
    switches: list[Switch] = field(default_factory=list)
    sign_ins: list[float] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    uploads: int = 0
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank: the smallest value with at least 95 % of the
    values at or below it (no interpolation: a value some person really waited)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def alone_medians(alone: Level) -> dict[tuple[str, str], float]:
    """The median switch time of each (kind, page) with one person alone."""
    times: dict[tuple[str, str], list[float]] = {}
    for s in alone.switches:
        times.setdefault((s.kind, s.page), []).append(s.seconds)
    return {key: median(v) for key, v in times.items()}


def ratios(level: Level, alone: dict[tuple[str, str], float], kind: str) -> list[float]:
    """Each switch of ``kind`` divided by the same switch (kind and page) made alone."""
    return [
        s.seconds / alone[(s.kind, s.page)]
        for s in level.switches
        if s.kind == kind and alone.get((s.kind, s.page), 0) > 0
    ]


def per_session_mb(level: Level) -> float:
    """The server's memory growth while the crowd was signed in, per person."""
    return (level.rss_after_mb - level.rss_before_mb) / level.users if level.users else math.nan


def summary(level: Level, alone: dict[tuple[str, str], float]) -> list[dict]:
    """One row per kind of client present at this crowd size."""
    rows = []
    for kind in sorted({s.kind for s in level.switches}):
        seconds = [s.seconds for s in level.switches if s.kind == kind]
        rows.append(
            {
                "users": level.users,
                "kind": kind,
                "switches": len(seconds),
                "median_s": median(seconds),
                "p95_s": p95(seconds),
                "ratio_to_alone": median(ratios(level, alone, kind)),
                "failures": len(level.failures),
                "rss_mb": level.rss_after_mb,
                "per_session_mb": per_session_mb(level),
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    head = (
        f"{'users':>5}  {'client':8} {'switches':>8} {'median s':>9} {'p95 s':>8} "
        f"{'× alone':>8} {'failures':>8} {'RSS MB':>8} {'MB/person':>9}"
    )
    lines = [head]
    for r in rows:
        lines.append(
            f"{r['users']:>5}  {r['kind']:8} {r['switches']:>8} {r['median_s']:>9.3f} "
            f"{r['p95_s']:>8.3f} {r['ratio_to_alone']:>8.2f} {r['failures']:>8} "
            f"{r['rss_mb']:>8.0f} {r['per_session_mb']:>9.1f}"
        )
    return "\n".join(lines)


def rss_mb(pid: int) -> float:
    """A process's resident memory now, in MB (``VmRSS`` of /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def as_json(levels: list[Level], rows: list[dict], settings: dict) -> dict:
    return {
        "settings": settings,
        "summary": rows,
        "levels": [
            {**asdict(level), "switches": [asdict(s) for s in level.switches]} for level in levels
        ],
    }
